//! Hex encoding and constant-time hex decoding (no lookup tables, no
//! branches on the data).
#![forbid(unsafe_code)]

use subtle::Choice;

/// Lowercase hex of `src` into `dst` (`dst.len() == 2 * src.len()`; extra
/// bytes of `dst` are left as they are).
pub(crate) fn encode_lower(src: &[u8], dst: &mut [u8]) {
    for (pair, byte) in dst.chunks_exact_mut(2).zip(src) {
        pair[0] = nibble_lower(byte >> 4);
        pair[1] = nibble_lower(byte & 0x0f);
    }
}

/// Uppercase hex of `src` into `dst`.
pub(crate) fn encode_upper(src: &[u8], dst: &mut [u8]) {
    for (pair, byte) in dst.chunks_exact_mut(2).zip(src) {
        pair[0] = nibble_lower(byte >> 4).to_ascii_uppercase();
        pair[1] = nibble_lower(byte & 0x0f).to_ascii_uppercase();
    }
}

#[inline]
fn nibble_lower(n: u8) -> u8 {
    // '0' + n, plus ('a' - '0' - 10) when n > 9, without a branch.
    let n = i16::from(n);
    let over9 = (9 - n) >> 8; // -1 if n > 9, else 0
    (n + i16::from(b'0') + (over9 & (i16::from(b'a') - i16::from(b'0') - 10))) as u8
}

/// -1 (all ones) if `lo <= c <= hi`, else 0; no branch.
#[inline]
pub(crate) fn in_range(c: i16, lo: u8, hi: u8) -> i16 {
    ((i16::from(lo) - 1 - c) & (c - i16::from(hi) - 1)) >> 15
}

/// Decode hex (either case) from `src` into `dst` (`src.len() == 2 *
/// dst.len()`), in time independent of the characters. Returns whether
/// every character was a hex digit, as a [`Choice`] for the caller to
/// declassify; `dst` holds garbage when not.
pub(crate) fn decode_ct(src: &[u8], dst: &mut [u8]) -> Choice {
    debug_assert_eq!(src.len(), 2 * dst.len());
    let mut bad: i16 = 0;
    for (byte, pair) in dst.iter_mut().zip(src.chunks_exact(2)) {
        let (hi, ok_hi) = value_ct(pair[0]);
        let (lo, ok_lo) = value_ct(pair[1]);
        *byte = (hi << 4) | lo;
        bad |= !(ok_hi & ok_lo);
    }
    // `bad` is 0 or -1; the lengths are public.
    Choice::from(((bad & 1) as u8) ^ 1) & Choice::from(u8::from(src.len() == 2 * dst.len()))
}

/// Whether every byte of `src` is a hex digit (either case), as a
/// [`Choice`], in time independent of the bytes.
pub(crate) fn is_hex_ct(src: &[u8]) -> Choice {
    let mut bad: i16 = 0;
    for c in src {
        bad |= !value_ct(*c).1;
    }
    Choice::from(((bad & 1) as u8) ^ 1)
}

/// The value of one hex digit and -1 if it is one (else value 0, flag 0).
#[inline]
fn value_ct(c: u8) -> (u8, i16) {
    let c = i16::from(c);
    let digit = in_range(c, b'0', b'9');
    let lower = in_range(c, b'a', b'f');
    let upper = in_range(c, b'A', b'F');
    let v = (digit & (c - i16::from(b'0')))
        | (lower & (c - i16::from(b'a') + 10))
        | (upper & (c - i16::from(b'A') + 10));
    (v as u8, digit | lower | upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_value() {
        for c in 0u8..=255 {
            let (v, ok) = value_ct(c);
            let expect = (c as char).to_digit(16);
            assert_eq!(ok != 0, expect.is_some(), "char {c}");
            if let Some(e) = expect {
                assert_eq!(u32::from(v), e);
            }
        }
        for n in 0u8..16 {
            assert_eq!(nibble_lower(n), b"0123456789abcdef"[usize::from(n)]);
        }
    }

    #[test]
    fn round_trip_and_rejects() {
        let mut out = [0u8; 4];
        let mut enc = [0u8; 8];
        encode_lower(&[0xde, 0xad, 0xbe, 0xef], &mut enc);
        assert_eq!(&enc, b"deadbeef");
        encode_upper(&[0xde, 0xad, 0xbe, 0xef], &mut enc);
        assert_eq!(&enc, b"DEADBEEF");
        assert!(bool::from(decode_ct(b"DeAdBeEf", &mut out)));
        assert_eq!(out, [0xde, 0xad, 0xbe, 0xef]);
        assert!(!bool::from(decode_ct(b"deadbeeg", &mut out)));
        assert!(!bool::from(decode_ct(b"dead bee", &mut out)));
        assert!(bool::from(is_hex_ct(b"0123456789abcdefABCDEF")));
        assert!(bool::from(is_hex_ct(b"")));
        for bad in [&b"g"[..], b"0x", b" 1", b"/", b":", b"@", b"G", b"`"] {
            assert!(!bool::from(is_hex_ct(bad)), "{bad:?}");
        }
    }
}
