//! Small text helpers for the protocols: decimal integers without
//! `core::fmt`, and constant-time base64 (RFC 4648, standard alphabet,
//! padding required): encoding on the `base64ct` crate, decoding of text
//! whose decoded length is known here (no branch or table on the
//! characters, see `base64_decode_ct`).
#![forbid(unsafe_code)]

use base64ct::{Base64, Encoding};
use subtle::{Choice, ConstantTimeEq};

use crate::hex::in_range;
use crate::util::declassify_verdict;
use crate::Error;

/// Longest decimal form of an `i64` ("-9223372036854775808").
pub(crate) const I64_DEC_MAX: usize = 20;

/// The decimal form of `v` into `buf`; returns the used tail of `buf`.
pub(crate) fn i64_to_dec(v: i64, buf: &mut [u8; I64_DEC_MAX]) -> &[u8] {
    let mut n = v.unsigned_abs();
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    &buf[i..]
}

/// Parse a decimal `i64`: an optional `-` and 1 to 19 ASCII digits, nothing
/// else (no `+`, spaces or other characters).
pub(crate) fn dec_to_i64(s: &[u8]) -> Result<i64, Error> {
    let (neg, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    if digits.is_empty() || digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(Error::Malformed);
    }
    let mut v: i128 = 0;
    for d in digits {
        v = v * 10 + i128::from(d - b'0');
    }
    let v = if neg { -v } else { v };
    i64::try_from(v).map_err(|_| Error::Malformed)
}

/// Length of the standard padded base64 of `n` bytes.
pub(crate) const fn base64_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

/// Standard padded base64 of `src` into the start of `dst`; returns the
/// length written, or [`Error::BufferTooSmall`].
pub(crate) fn base64_encode(src: &[u8], dst: &mut [u8]) -> Result<usize, Error> {
    Base64::encode(src, dst)
        .map(str::len)
        .map_err(|_| Error::BufferTooSmall)
}

/// The number of `=` that end `src` (0, 1 or 2), read the way a standard
/// padded base64 decoder reads it. The padding is public (it is the
/// decoded length, which the callers return), but the characters it is
/// read from may be secret data, so each test is a constant-time
/// comparison that is declassified.
pub(crate) fn base64_padding(src: &[u8]) -> usize {
    let is_pad = |c: &u8| declassify_verdict(c.ct_eq(&b'='));
    match src {
        [.., x, y] if is_pad(y) => 1 + usize::from(is_pad(x)),
        [y] if is_pad(y) => 1,
        _ => 0,
    }
}

/// Decode standard padded base64 `src` holding exactly `a.len() + b.len()`
/// bytes into `a` then `b`, in time independent of the characters (no
/// branch or table lookup on them: the lengths, and so where padding must
/// be, are public). `src.len()` must be [`base64_len`] of that count
/// ([`Error::Malformed`] otherwise). The result says whether `src` is
/// exactly the canonical encoding (every character in the alphabet, `=`
/// where the length puts padding, zero unused bits), as a [`Choice`] for
/// the caller to declassify; `a` and `b` hold garbage when not.
pub(crate) fn base64_decode_ct(src: &[u8], a: &mut [u8], b: &mut [u8]) -> Result<Choice, Error> {
    let n = a.len() + b.len();
    if src.len() != base64_len(n) {
        return Err(Error::Malformed);
    }
    let mut bad: i16 = 0;
    for (g, quad) in src.chunks_exact(4).enumerate() {
        let start = 3 * g;
        // Bytes in this group (1..=3); they take `take + 1` characters.
        let take = (n - start).min(3);
        let mut acc = 0u32;
        for (j, c) in quad.iter().enumerate() {
            if j <= take {
                let (v, ok) = base64_value_ct(*c);
                bad |= !ok;
                acc |= u32::from(v) << (18 - 6 * j);
            } else {
                bad |= !in_range(i16::from(*c), b'=', b'=');
            }
        }
        let bytes = acc.to_be_bytes();
        for (k, byte) in bytes[1..].iter().enumerate() {
            if k < take {
                let i = start + k;
                match a.get_mut(i) {
                    Some(d) => *d = *byte,
                    None => b[i - a.len()] = *byte,
                }
            } else {
                // Non-canonical: bits past the data must be zero.
                bad |= -i16::from(*byte) >> 15;
            }
        }
    }
    // `bad` is 0 or -1.
    Ok(Choice::from(((bad & 1) as u8) ^ 1))
}

/// The value of one base64 character (standard alphabet) and -1 if it is
/// one (else value 0, flag 0); no branch, no table.
#[inline]
fn base64_value_ct(c: u8) -> (u8, i16) {
    let c = i16::from(c);
    let upper = in_range(c, b'A', b'Z');
    let lower = in_range(c, b'a', b'z');
    let digit = in_range(c, b'0', b'9');
    let plus = in_range(c, b'+', b'+');
    let slash = in_range(c, b'/', b'/');
    let v = (upper & (c - i16::from(b'A')))
        | (lower & (c - i16::from(b'a') + 26))
        | (digit & (c - i16::from(b'0') + 52))
        | (plus & 62)
        | (slash & 63);
    (v as u8, upper | lower | digit | plus | slash)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec;
    use std::vec::Vec;

    #[test]
    fn decimal_round_trip() {
        for v in [0i64, 1, -1, 9, 10, 1_700_000_000, i64::MAX, i64::MIN] {
            let mut buf = [0u8; I64_DEC_MAX];
            let s = i64_to_dec(v, &mut buf);
            assert_eq!(core::str::from_utf8(s).unwrap().parse::<i64>().unwrap(), v);
            assert_eq!(dec_to_i64(s), Ok(v));
        }
        for bad in [
            &b""[..],
            b"-",
            b"+1",
            b" 1",
            b"1 ",
            b"1a",
            b"99999999999999999999",
            b"9223372036854775808",
            b"--1",
        ] {
            assert_eq!(dec_to_i64(bad), Err(Error::Malformed), "{bad:?}");
        }
    }

    fn decode_all(src: &[u8], n: usize) -> Option<Vec<u8>> {
        let mut out = vec![0u8; n];
        let (a, b) = out.split_at_mut(n / 2);
        let ok = base64_decode_ct(src, a, b).ok()?;
        bool::from(ok).then_some(out)
    }

    #[test]
    fn base64_exact() {
        let mut enc = [0u8; 44];
        assert_eq!(base64_encode(&[0xAB; 32], &mut enc), Ok(44));
        assert_eq!(decode_all(&enc, 32), Some(vec![0xAB; 32]));
        assert_eq!(decode_all(&enc[..43], 32), None);
        assert_eq!(decode_all(&enc, 31), None);
        enc[10] = b'*';
        assert_eq!(decode_all(&enc, 32), None);
    }

    /// Agrees with `base64ct` (which rejects non-canonical text too) on
    /// every length up to 20 and on single-character changes, including
    /// padding, non-alphabet characters and the unused bits.
    #[test]
    fn base64_matches_base64ct() {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=*- \0";
        for n in 0..=20usize {
            let data: Vec<u8> = (0..n).map(|i| (i * 89 + 7) as u8).collect();
            let mut enc = vec![0u8; base64_len(n)];
            assert_eq!(base64_encode(&data, &mut enc), Ok(enc.len()));
            assert_eq!(decode_all(&enc, n), Some(data.clone()), "n = {n}");
            assert_eq!(base64_padding(&enc), (3 - n % 3) % 3, "n = {n}");
            for pos in 0..enc.len() {
                for &c in alphabet {
                    let mut t = enc.clone();
                    t[pos] = c;
                    let mut reference = vec![0u8; n + 3];
                    let want = match Base64::decode(&t, &mut reference) {
                        Ok(d) if d.len() == n => Some(d.to_vec()),
                        _ => None,
                    };
                    assert_eq!(decode_all(&t, n), want, "n = {n}, {:?}", t);
                }
            }
        }
    }
}
