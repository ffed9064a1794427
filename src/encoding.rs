//! Small text helpers for the protocols: decimal integers without
//! `core::fmt`, and constant-time base64 (RFC 4648, standard alphabet,
//! padding required) on the `base64ct` crate.
#![forbid(unsafe_code)]

use base64ct::{Base64, Encoding};

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

/// Decode standard padded base64 that must hold exactly `N` bytes, in
/// constant time in the contents; anything else is [`Error::Malformed`].
pub(crate) fn base64_decode_exact<const N: usize>(src: &[u8]) -> Result<[u8; N], Error> {
    let mut out = [0u8; N];
    if src.len() != base64_len(N) {
        return Err(Error::Malformed);
    }
    match Base64::decode(src, &mut out) {
        Ok(d) if d.len() == N => Ok(out),
        _ => Err(Error::Malformed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn base64_exact() {
        let mut enc = [0u8; 44];
        assert_eq!(base64_encode(&[0xAB; 32], &mut enc), Ok(44));
        assert_eq!(base64_decode_exact::<32>(&enc), Ok([0xAB; 32]));
        assert_eq!(base64_decode_exact::<32>(&enc[..43]), Err(Error::Malformed));
        enc[10] = b'*';
        assert_eq!(base64_decode_exact::<32>(&enc), Err(Error::Malformed));
    }
}
