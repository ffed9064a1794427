//! HMAC verification of arbitrary tags: raw (full and truncated), hex,
//! one-shot and with a precomputed key, Rust API and C ABI, against the
//! documented rules over RustCrypto `hmac`. The genuine tag, truncated to
//! any allowed length, verifies; one changed bit does not.

use super::common::*;
use paycrypt::ffi::*;
use paycrypt::{Error, HmacKey};

fn ref_verify(tag: &[u8; 32], given: &[u8]) -> Result<(), Error> {
    if !(16..=32).contains(&given.len()) {
        return Err(Error::TagLength);
    }
    if given == &tag[..given.len()] {
        Ok(())
    } else {
        Err(Error::VerifyFailed)
    }
}

fn ref_verify_hex(tag: &[u8; 32], hex: &[u8]) -> Result<(), Error> {
    if !(32..=64).contains(&hex.len()) || !hex.len().is_multiple_of(2) {
        return Err(Error::TagLength);
    }
    match ref_hex_decode(hex) {
        None => Err(Error::Malformed),
        Some(g) if g[..] == tag[..g.len()] => Ok(()),
        Some(_) => Err(Error::VerifyFailed),
    }
}

fn check(secret: &[u8], msg: &[u8], given: &[u8], hex: &[u8]) {
    let tag = ref_hmac(secret, msg);
    let key = HmacKey::new(secret);
    let ck = c_hmac_key(secret);

    let expected = ref_verify(&tag, given);
    assert_eq!(paycrypt::hmac_sha256_verify(secret, msg, given), expected);
    assert_eq!(key.verify(msg, given), expected);
    // SAFETY: valid slices.
    let s = unsafe {
        paycrypt_hmac_sha256_verify(
            secret.as_ptr(),
            secret.len(),
            msg.as_ptr(),
            msg.len(),
            given.as_ptr(),
            given.len(),
        )
    };
    assert_eq!(s, status(&expected));
    // SAFETY: valid context and slices.
    let s = unsafe {
        paycrypt_hmac_key_verify(&*ck, msg.as_ptr(), msg.len(), given.as_ptr(), given.len())
    };
    assert_eq!(s, status(&expected));

    let expected = ref_verify_hex(&tag, hex);
    assert_eq!(key.verify_hex(msg, hex), expected);
    // SAFETY: valid context and slices.
    let s = unsafe {
        paycrypt_hmac_key_verify_hex(
            &*ck,
            msg.as_ptr(),
            msg.len(),
            hex.as_ptr().cast(),
            hex.len(),
        )
    };
    assert_eq!(s, status(&expected));
}

pub fn run(data: &[u8]) {
    let mut inp = Input::new(data);
    let secret = inp.bytes(130);
    let mode = inp.u8();
    let len = 16 + usize::from(inp.u8() % 17);
    let (pos, mask) = (inp.u16(), inp.u8());
    let given = inp.bytes(40);
    let hex = inp.bytes(70);
    let msg = inp.rest();

    // Arbitrary tags.
    check(secret, msg, given, hex);

    // The genuine tag, truncated, verifies; a flipped bit is rejected.
    let tag = ref_hmac(secret, msg);
    let mut hex_tag = ref_hex_encode(&tag[..len], false);
    if mode & 1 == 1 {
        hex_tag.make_ascii_uppercase();
    }
    check(secret, msg, &tag[..len], &hex_tag);
    assert_eq!(
        paycrypt::hmac_sha256_verify(secret, msg, &tag[..len]),
        Ok(())
    );
    assert_eq!(HmacKey::new(secret).verify_hex(msg, &hex_tag), Ok(()));
    let bad = flipped(&tag[..len], pos, mask);
    assert_eq!(
        paycrypt::hmac_sha256_verify(secret, msg, &bad),
        Err(Error::VerifyFailed)
    );
    check(secret, msg, &bad, &flipped(&hex_tag, pos, mask));
    // Too short or too long is a length error whatever the bytes.
    let short = &tag[..usize::from(mode % 16)];
    assert_eq!(
        paycrypt::hmac_sha256_verify(secret, msg, short),
        Err(Error::TagLength)
    );
    let long = [&tag[..], &[mode]].concat();
    assert_eq!(
        paycrypt::hmac_sha256_verify(secret, msg, &long),
        Err(Error::TagLength)
    );
}
