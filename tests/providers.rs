//! Provider interoperability vectors (`tests/vectors/*` made with the
//! providers' own SDKs by `gen_providers.py`): Stripe, GitHub, Adyen,
//! WeChat Pay v2 and v3, and sealed envelopes (made with Python's
//! `cryptography`). Each case runs through the Rust API and the C ABI and
//! must give its `Expect` status; every `ok` case is also tampered and
//! must then fail.

mod common;
use common::*;

use paycrypt::ffi::*;
use paycrypt::{AesGcmKey, Error, HmacKey};

fn expect(c: &Case) -> Result<(), Error> {
    match c.get("Expect") {
        "ok" => Ok(()),
        "verify_failed" => Err(Error::VerifyFailed),
        "expired" => Err(Error::Expired),
        "malformed" => Err(Error::Malformed),
        "nonce_length" => Err(Error::NonceLength),
        "key_length" => Err(Error::KeyLength),
        other => panic!("{}: unknown Expect {other}", c.id()),
    }
}

fn status(r: Result<(), Error>) -> paycrypt_status {
    r.map_or_else(paycrypt_status::from, |()| paycrypt_status::PAYCRYPT_OK)
}

fn p(b: &[u8]) -> *const u8 {
    if b.is_empty() {
        std::ptr::null()
    } else {
        b.as_ptr()
    }
}

fn hmac_ctx(key: &[u8]) -> Box<paycrypt_hmac_key> {
    // SAFETY: all-zero is a valid uninitialised context.
    let mut k: Box<paycrypt_hmac_key> = Box::new(unsafe { std::mem::zeroed() });
    // SAFETY: valid pointers.
    assert_eq!(
        unsafe { paycrypt_hmac_key_init(&mut *k, p(key), key.len()) },
        paycrypt_status::PAYCRYPT_OK
    );
    k
}

fn flip_last(v: &[u8]) -> Vec<u8> {
    let mut t = v.to_vec();
    if let Some(b) = t.last_mut() {
        *b ^= 1;
    } else {
        t.push(b'x');
    }
    t
}

/// Replace one hex digit of a signature with another hex digit.
fn bump_hex_digit(sig: &[u8], at: usize) -> Vec<u8> {
    let mut s = sig.to_vec();
    s[at] = if s[at] == b'0' { b'1' } else { b'0' };
    s
}

#[test]
fn stripe_webhooks() {
    let cases = load("stripe_webhook.txt");
    let mut ok = 0;
    for c in &cases {
        let id = c.id();
        let (secret, payload, header) = (c.hex("Secret"), c.hex("Payload"), c.hex("Header"));
        let (now, tol): (i64, u32) = (
            c.get("Now").parse().unwrap(),
            c.get("Tolerance").parse().unwrap(),
        );
        let key = HmacKey::new(&secret);
        let want = expect(c);
        assert_eq!(
            paycrypt::webhook_verify(&key, &header, &payload, now, tol),
            want,
            "{id}"
        );
        let ck = hmac_ctx(&secret);
        // SAFETY: valid pointers and lengths.
        let s = unsafe {
            paycrypt_webhook_verify(
                &*ck,
                p(&header).cast(),
                header.len(),
                p(&payload),
                payload.len(),
                now,
                tol,
            )
        };
        assert_eq!(s, status(want), "{id}: C");
        if c.opt("Canonical") == Some("yes") {
            let ts: i64 = c.get("Timestamp").parse().unwrap();
            let mut out = [0u8; paycrypt::WEBHOOK_HEADER_MAX_LEN];
            let n = paycrypt::webhook_sign(&key, ts, &payload, &mut out).unwrap();
            assert_eq!(
                &out[..n],
                header.as_slice(),
                "{id}: signer differs from the SDK"
            );
        }
        if want.is_ok() {
            ok += 1;
            let tampered = flip_last(&payload);
            assert_eq!(
                paycrypt::webhook_verify(&key, &header, &tampered, now, tol),
                Err(Error::VerifyFailed),
                "{id}: tampered body"
            );
            let other = HmacKey::new(&flip_last(&secret));
            assert_eq!(
                paycrypt::webhook_verify(&other, &header, &payload, now, tol),
                Err(Error::VerifyFailed),
                "{id}: other secret"
            );
        }
    }
    assert!(
        cases.len() >= 60 && ok >= 30,
        "{} cases, {ok} ok",
        cases.len()
    );
}

#[test]
fn github_webhooks() {
    let cases = load("github_webhook.txt");
    for c in &cases {
        let id = c.id();
        let (secret, payload, header) = (c.hex("Secret"), c.hex("Payload"), c.hex("Header"));
        let key = HmacKey::new(&secret);
        let want = expect(c);
        assert_eq!(
            paycrypt::github_verify(&key, &header, &payload),
            want,
            "{id}"
        );
        let ck = hmac_ctx(&secret);
        // SAFETY: valid pointers and lengths.
        let s = unsafe {
            paycrypt_github_verify(
                &*ck,
                p(&header).cast(),
                header.len(),
                p(&payload),
                payload.len(),
            )
        };
        assert_eq!(s, status(want), "{id}: C");
        if want.is_ok() {
            assert_eq!(
                paycrypt::github_verify(&key, &header, &flip_last(&payload)),
                Err(Error::VerifyFailed),
                "{id}"
            );
            let last = header.len() - 1;
            assert_eq!(
                paycrypt::github_verify(&key, &bump_hex_digit(&header, last), &payload),
                Err(Error::VerifyFailed),
                "{id}"
            );
        }
    }
    assert_eq!(cases[0].hex("Secret"), b"It's a Secret to Everybody");
}

fn adyen_fields(c: &Case) -> [Vec<u8>; 8] {
    [
        "PspReference",
        "OriginalReference",
        "MerchantAccountCode",
        "MerchantReference",
        "Value",
        "Currency",
        "EventCode",
        "Success",
    ]
    .map(|f| c.hex(f))
}

#[test]
fn adyen_signatures() {
    let cases = load("adyen_hmac.txt");
    let mut sections = std::collections::BTreeSet::new();
    for c in &cases {
        let id = c.id();
        sections.insert(c.section.clone());
        let (key_hex, sig) = (c.hex("KeyHex"), c.hex("Signature"));
        let want = expect(c);
        match c.section.as_str() {
            "Notification" => {
                let owned = adyen_fields(c);
                let fields: paycrypt::AdyenFields = std::array::from_fn(|i| owned[i].as_slice());
                assert_eq!(
                    paycrypt::adyen_verify(&key_hex, &fields, &sig),
                    want,
                    "{id}"
                );
                let slices: Vec<paycrypt_slice> = owned
                    .iter()
                    .map(|f| paycrypt_slice {
                        ptr: p(f),
                        len: f.len(),
                    })
                    .collect();
                // SAFETY: valid pointers; 8 slices.
                let s = unsafe {
                    paycrypt_adyen_verify(
                        p(&key_hex).cast(),
                        key_hex.len(),
                        slices.as_ptr(),
                        p(&sig).cast(),
                        sig.len(),
                    )
                };
                assert_eq!(s, status(want), "{id}: C");
                if want.is_ok() {
                    let mut out = [0u8; 44];
                    assert_eq!(paycrypt::adyen_sign(&key_hex, &fields, &mut out), Ok(44));
                    assert_eq!(
                        out.as_slice(),
                        sig.as_slice(),
                        "{id}: signer differs from the SDK"
                    );
                    let mut f2 = owned.clone();
                    f2[4] = flip_last(&f2[4]);
                    let tampered: paycrypt::AdyenFields = std::array::from_fn(|i| f2[i].as_slice());
                    assert_eq!(
                        paycrypt::adyen_verify(&key_hex, &tampered, &sig),
                        Err(Error::VerifyFailed),
                        "{id}: tampered value"
                    );
                }
            }
            "Payload" => {
                let payload = c.hex("Payload");
                assert_eq!(
                    paycrypt::adyen_payload_verify(&key_hex, &payload, &sig),
                    want,
                    "{id}"
                );
                // SAFETY: valid pointers and lengths.
                let s = unsafe {
                    paycrypt_adyen_payload_verify(
                        p(&key_hex).cast(),
                        key_hex.len(),
                        p(&payload),
                        payload.len(),
                        p(&sig).cast(),
                        sig.len(),
                    )
                };
                assert_eq!(s, status(want), "{id}: C");
                if want.is_ok() {
                    assert_eq!(
                        paycrypt::adyen_payload_verify(&key_hex, &flip_last(&payload), &sig),
                        Err(Error::VerifyFailed),
                        "{id}"
                    );
                }
            }
            other => panic!("unknown section {other}"),
        }
    }
    assert_eq!(sections.len(), 2);
}

fn wechat_params(c: &Case) -> Vec<(Vec<u8>, Vec<u8>)> {
    c.fields
        .iter()
        .filter(|(k, _)| k == "Param")
        .map(|(_, v)| {
            let (k, v) = v.split_once(':').expect("Param = <hex>:<hex>");
            (decode_hex(k), decode_hex(v))
        })
        .collect()
}

#[test]
fn wechatpay_v2() {
    let cases = load("wechatpay_v2.txt");
    for c in &cases {
        let id = c.id();
        let (api_key, sign) = (c.hex("ApiKey"), c.hex("Sign"));
        let owned = wechat_params(c);
        let params: Vec<(&[u8], &[u8])> = owned
            .iter()
            .map(|(k, v)| (k.as_slice(), v.as_slice()))
            .collect();
        let want = expect(c);
        assert_eq!(
            paycrypt::wechatpay_v2_verify(&api_key, &params, &sign),
            want,
            "{id}"
        );
        let kvs: Vec<paycrypt_kv> = params
            .iter()
            .map(|(k, v)| paycrypt_kv {
                key: p(k).cast(),
                key_len: k.len(),
                value: p(v).cast(),
                value_len: v.len(),
            })
            .collect();
        // SAFETY: valid pointers and lengths.
        let s = unsafe {
            paycrypt_wechatpay_v2_verify(
                p(&api_key),
                api_key.len(),
                kvs.as_ptr(),
                kvs.len(),
                p(&sign).cast(),
                sign.len(),
            )
        };
        assert_eq!(s, status(want), "{id}: C");
        if want.is_ok() && sign.iter().all(|b| !b.is_ascii_lowercase()) {
            let ours = paycrypt::wechatpay_v2_sign(&api_key, &params).unwrap();
            assert_eq!(
                ours.as_slice(),
                sign.as_slice(),
                "{id}: signer differs from the SDK"
            );
            let mut out = [0u8; 65];
            // SAFETY: valid pointers; out has 65 bytes.
            let s = unsafe {
                paycrypt_wechatpay_v2_sign(
                    p(&api_key),
                    api_key.len(),
                    kvs.as_ptr(),
                    kvs.len(),
                    out.as_mut_ptr().cast(),
                )
            };
            assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
            assert_eq!(&out[..64], sign.as_slice());
            // Tampered twin: a changed signed value, or (with nothing
            // signed but the key) a different API key.
            let mut tampered = owned.clone();
            let other_key = flip_last(&api_key);
            let tamper_key = match tampered
                .iter()
                .position(|(k, v)| !v.is_empty() && k != b"sign")
            {
                Some(i) => {
                    tampered[i].1 = flip_last(&tampered[i].1);
                    &api_key
                }
                None => &other_key,
            };
            let tp: Vec<(&[u8], &[u8])> = tampered
                .iter()
                .map(|(k, v)| (k.as_slice(), v.as_slice()))
                .collect();
            assert_eq!(
                paycrypt::wechatpay_v2_verify(tamper_key, &tp, &sign),
                Err(Error::VerifyFailed),
                "{id}: tampered"
            );
        }
    }
    assert_eq!(
        cases[0].hex("Sign"),
        b"6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6"
    );
}

#[test]
fn wechatpay_v3() {
    let cases = load("wechatpay_v3.txt");
    for c in &cases {
        let id = c.id();
        let (key, nonce, ad, b64, pt) = (
            c.hex("Key"),
            c.hex("Nonce"),
            c.hex("AssociatedData"),
            c.hex("Ciphertext"),
            c.hex("Plaintext"),
        );
        let key: [u8; 32] = key.try_into().expect("32-byte key");
        let want = expect(c);
        let mut out = vec![0xAAu8; b64.len()];
        let r = paycrypt::wechatpay_v3_decrypt(&key, &nonce, &ad, &b64, &mut out);
        assert_eq!(r.map(|_| ()), want, "{id}");
        let mut cout = vec![0xAAu8; b64.len() + 1];
        let mut n = 0usize;
        // SAFETY: valid pointers and lengths.
        let s = unsafe {
            paycrypt_wechatpay_v3_decrypt(
                key.as_ptr(),
                p(&nonce).cast(),
                nonce.len(),
                p(&ad).cast(),
                ad.len(),
                p(&b64).cast(),
                b64.len(),
                cout.as_mut_ptr(),
                cout.len(),
                &mut n,
            )
        };
        assert_eq!(s, status(want), "{id}: C");
        match r {
            Ok(len) => {
                assert_eq!(&out[..len], pt.as_slice(), "{id}: plaintext");
                assert_eq!(&cout[..n], pt.as_slice(), "{id}: C plaintext");
                let mut out2 = vec![0xAAu8; b64.len()];
                assert_eq!(
                    paycrypt::wechatpay_v3_decrypt(&key, &nonce, &flip_last(&ad), &b64, &mut out2),
                    Err(Error::VerifyFailed),
                    "{id}"
                );
                assert!(
                    out2[..len].iter().all(|b| *b == 0),
                    "{id}: plaintext released"
                );
            }
            Err(Error::VerifyFailed) => {
                let len = paycrypt::wechatpay_v3_plaintext_len(&b64).unwrap();
                assert!(
                    out[..len].iter().all(|b| *b == 0),
                    "{id}: plaintext released"
                );
                assert!(
                    cout[..len].iter().all(|b| *b == 0),
                    "{id}: C plaintext released"
                );
            }
            Err(_) => {}
        }
    }
}

#[test]
fn envelopes() {
    let cases = load("envelope.txt");
    for c in &cases {
        let id = c.id();
        let (key, env, aad, pt) = (
            c.hex("Key"),
            c.hex("Envelope"),
            c.hex("AAD"),
            c.hex("Plaintext"),
        );
        let k = AesGcmKey::new(&key).unwrap();
        let want = expect(c);
        let mut out = vec![0xAAu8; env.len()];
        let r = paycrypt::envelope_open(&k, &aad, &env, &mut out);
        assert_eq!(r.map(|_| ()), want, "{id}");
        if let Ok(n) = r {
            assert_eq!(&out[..n], pt.as_slice(), "{id}");
            let key_id: u32 = c.get("KeyId").parse().unwrap();
            assert_eq!(paycrypt::envelope_key_id(&env), Ok(key_id), "{id}");
            // Sealing with the recorded nonce reproduces the envelope.
            let nonce: [u8; 12] = c.hex("Nonce").try_into().unwrap();
            let mut again = vec![0u8; pt.len() + 33];
            assert_eq!(
                paycrypt::envelope_seal(&k, key_id, &nonce, &aad, &pt, &mut again),
                Ok(env.len())
            );
            assert_eq!(again, env, "{id}: sealer differs from the reference");
            // C: key id, open.
            let mut cid = 0u32;
            // SAFETY: valid pointers.
            assert_eq!(
                unsafe { paycrypt_envelope_key_id(env.as_ptr(), env.len(), &mut cid) },
                paycrypt_status::PAYCRYPT_OK
            );
            assert_eq!(cid, key_id);
        } else if want == Err(Error::VerifyFailed) {
            let len = env.len() - 33;
            assert!(
                out[..len].iter().all(|b| *b == 0),
                "{id}: plaintext released"
            );
        }
    }
}
