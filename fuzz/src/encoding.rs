//! The constant-time text decoders, reached through the public API that
//! uses them: hex (HMAC hex tags, GitHub headers, Adyen keys), base64
//! (Adyen signatures, WeChat Pay v3 ciphertexts) and decimal timestamps
//! (Stripe `t=`). Valid encodings are edited byte by byte from the input;
//! acceptance must match reference decoders written from RFC 4648 and the
//! documented rules, and encodings the library writes must round-trip.

use super::common::*;
use paycrypt::ffi::*;
use paycrypt::{Error, HmacKey};

pub fn run(data: &[u8]) {
    let mut inp = Input::new(data);
    match inp.u8() % 4 {
        0 => hex(&mut inp),
        1 => b64_tag(&mut inp),
        2 => b64_any(&mut inp),
        _ => decimal(&mut inp),
    }
}

/// Apply up to 4 edits (position, new byte) read from the input, then
/// maybe truncate or extend.
fn edit(inp: &mut Input<'_>, s: &[u8]) -> Vec<u8> {
    let mut v = s.to_vec();
    let edits = inp.u8() % 5;
    for _ in 0..edits {
        let (pos, b) = (inp.u8(), inp.u8());
        if !v.is_empty() {
            let i = usize::from(pos) % v.len();
            v[i] = b;
        }
    }
    match inp.u8() {
        0 => {
            v.pop();
        }
        1 => v.push(inp.u8()),
        2 => v.truncate(usize::from(inp.u8())),
        _ => {}
    }
    v
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

fn hex(inp: &mut Input<'_>) {
    let secret = inp.bytes(80);
    let msg = inp.bytes(200);
    let cases = inp.u8();
    let key = HmacKey::new(secret);
    let tag = ref_hmac(secret, msg);

    // Encoding: lowercase, decodes back (Rust and C agree).
    let hex = key.sign_hex(msg);
    assert_eq!(hex.to_vec(), ref_hex_encode(&tag, false));
    let ck = c_hmac_key(secret);
    let mut chex = [0x55u8; 65];
    // SAFETY: valid context, message, and 65 writable bytes.
    let s = unsafe {
        paycrypt_hmac_key_sign_hex(&*ck, msg.as_ptr(), msg.len(), chex.as_mut_ptr().cast())
    };
    assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
    assert_eq!((&chex[..64], chex[64]), (&hex[..], 0));

    // Mixed case and truncation still verify.
    let mut mixed = hex;
    for (i, c) in mixed.iter_mut().enumerate() {
        if (cases >> (i % 8)) & 1 == 1 {
            c.make_ascii_uppercase();
        }
    }
    let keep = 32 + 2 * usize::from(inp.u8() % 17);
    assert_eq!(key.verify_hex(msg, &mixed[..keep]), Ok(()));

    // Edited: as the reference decoder says, Rust and C alike.
    let edited = edit(inp, &mixed[..keep]);
    let r = key.verify_hex(msg, &edited);
    assert_eq!(r, ref_verify_hex(&tag, &edited));
    // SAFETY: valid context and slices.
    let s = unsafe {
        paycrypt_hmac_key_verify_hex(
            &*ck,
            msg.as_ptr(),
            msg.len(),
            edited.as_ptr().cast(),
            edited.len(),
        )
    };
    assert_eq!(s, status(&r));

    // The same text as a GitHub header and as an Adyen key.
    let header = [b"sha256=".as_slice(), &edited].concat();
    let expected = if edited.len() == 64 {
        ref_verify_hex(&tag, &edited)
    } else {
        Err(Error::Malformed)
    };
    assert_eq!(paycrypt::github_verify(&key, &header, msg), expected);

    let adyen_expected = if edited.is_empty() || edited.len() > 128 {
        Err(Error::KeyLength)
    } else {
        ref_hex_decode(&edited).ok_or(Error::Malformed)
    };
    match adyen_expected {
        Ok(k) => {
            let sig = ref_b64_encode(&ref_hmac(&k, msg));
            assert_eq!(paycrypt::adyen_payload_verify(&edited, msg, &sig), Ok(()));
        }
        Err(e) => {
            let sig = [b'A'; 44];
            assert_eq!(paycrypt::adyen_payload_verify(&edited, msg, &sig), Err(e));
        }
    }
}

/// Base64 of exactly 32 bytes (Adyen signatures), edited.
fn b64_tag(inp: &mut Input<'_>) {
    let msg = inp.bytes(100);
    let key_hex = b"0123456789abcdef";
    let tag = ref_hmac(&ref_hex_decode(key_hex).unwrap(), msg);
    let good = ref_b64_encode(&tag);
    assert_eq!(paycrypt::adyen_payload_verify(key_hex, msg, &good), Ok(()));
    let edited = if inp.bool() {
        inp.rest().to_vec()
    } else {
        edit(inp, &good)
    };
    let expected = match ref_b64_decode(&edited) {
        Some(g) if g.len() == 32 && g[..] == tag[..] => Ok(()),
        Some(g) if g.len() == 32 => Err(Error::VerifyFailed),
        _ => Err(Error::Malformed),
    };
    assert_eq!(
        paycrypt::adyen_payload_verify(key_hex, msg, &edited),
        expected,
        "base64 {:?}",
        String::from_utf8_lossy(&edited)
    );
}

/// Base64 of any length (WeChat Pay v3 ciphertexts), edited.
fn b64_any(inp: &mut Input<'_>) {
    let key: [u8; 32] = inp.array();
    let nonce: [u8; 12] = inp.array();
    let real = inp.bool();
    let body = inp.bytes(120);
    let raw = if real {
        ref_gcm_seal(&key, &nonce, b"", body)
    } else {
        body.to_vec()
    };
    let good = ref_b64_encode(&raw);
    assert_eq!(ref_b64_decode(&good).as_ref(), Some(&raw));
    let edited = edit(inp, &good);
    let cap = 200;
    let expected = super::wechatpay::ref_v3(&key, &nonce, b"", &edited, cap);
    let mut out = vec![0u8; cap];
    let r = paycrypt::wechatpay_v3_decrypt(&key, &nonce, b"", &edited, &mut out);
    assert_eq!(
        r,
        expected.as_ref().map(Vec::len).map_err(|e| *e),
        "base64 {:?}",
        String::from_utf8_lossy(&edited)
    );
    if let Ok(n) = r {
        assert_eq!(paycrypt::wechatpay_v3_plaintext_len(&edited), Ok(n));
    }
}

/// Stripe `t=` values: a header signed for the value the reference reads
/// verifies; anything the reference rejects is `Malformed`.
fn decimal(inp: &mut Input<'_>) {
    let value = inp.bytes(30);
    let alt = inp.i64();
    let payload = inp.rest();
    let secret = b"whsec_fuzz";
    let key = HmacKey::new(secret);
    let digits = value.strip_prefix(b"-").unwrap_or(value);
    let parsed =
        if !digits.is_empty() && digits.len() <= 19 && digits.iter().all(u8::is_ascii_digit) {
            core::str::from_utf8(value).unwrap().parse::<i64>().ok()
        } else {
            None
        };
    let ts = parsed.unwrap_or(alt);
    let mut signed = format!("{ts}.").into_bytes();
    signed.extend_from_slice(payload);
    let hex = ref_hex_encode(&ref_hmac(secret, &signed), false);
    let header = [b"t=".as_slice(), value, b",v1=", &hex].concat();
    let r = paycrypt::webhook_verify(&key, &header, payload, ts, 0);
    let expected = if value.contains(&b',') {
        // The comma splits the value: judged by the webhook target's model.
        return;
    } else if parsed.is_some() {
        Ok(())
    } else {
        Err(Error::Malformed)
    };
    assert_eq!(r, expected, "t={:?}", String::from_utf8_lossy(value));
}
