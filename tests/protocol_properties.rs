//! Property tests for the payment protocols: no input, however malformed,
//! makes a parser panic (every one is also run through the C ABI), and
//! round trips hold for arbitrary inputs.

use paycrypt::ffi::*;
use paycrypt::{AesGcmKey, Error, HmacKey};
use proptest::prelude::*;

fn ptr(b: &[u8]) -> *const u8 {
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
        unsafe { paycrypt_hmac_key_init(&mut *k, ptr(key), key.len()) },
        paycrypt_status::PAYCRYPT_OK
    );
    k
}

fn gcm_ctx(key: &[u8]) -> Box<paycrypt_aes_gcm_key> {
    // SAFETY: all-zero is a valid uninitialised context.
    let mut k: Box<paycrypt_aes_gcm_key> = Box::new(unsafe { std::mem::zeroed() });
    // SAFETY: valid pointers.
    assert_eq!(
        unsafe { paycrypt_aes_gcm_key_init(&mut *k, key.as_ptr(), key.len()) },
        paycrypt_status::PAYCRYPT_OK
    );
    k
}

/// Bytes biased towards the characters the parsers care about.
fn header_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(b"t=v1,0123456789abcdefABCDEF-= sha256+/".to_vec()),
            1 => any::<u8>(),
        ],
        0..160,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn webhook_parsers_never_panic(header in header_bytes(), payload in prop::collection::vec(any::<u8>(), 0..64),
                                   now in any::<i64>(), tol in any::<u32>()) {
        let key = HmacKey::new(b"whsec_test");
        let r = paycrypt::webhook_verify(&key, &header, &payload, now, tol);
        prop_assert!(matches!(r, Err(Error::Malformed | Error::VerifyFailed | Error::Expired)) || r.is_ok());
        let g = paycrypt::github_verify(&key, &header, &payload);
        prop_assert!(g.is_err());
        let ck = hmac_ctx(b"whsec_test");
        // SAFETY: valid pointers and lengths.
        let s = unsafe { paycrypt_webhook_verify(&*ck, header.as_ptr().cast(), header.len(), ptr(&payload), payload.len(), now, tol) };
        prop_assert_eq!(s == paycrypt_status::PAYCRYPT_OK, r.is_ok());
        // SAFETY: valid pointers and lengths.
        let s = unsafe { paycrypt_github_verify(&*ck, header.as_ptr().cast(), header.len(), ptr(&payload), payload.len()) };
        prop_assert_ne!(s, paycrypt_status::PAYCRYPT_OK);
    }

    #[test]
    fn webhook_round_trip(secret in prop::collection::vec(any::<u8>(), 0..80), ts in any::<i64>(),
                          payload in prop::collection::vec(any::<u8>(), 0..300), skew in 0u32..1000) {
        let key = HmacKey::new(&secret);
        let mut header = [0u8; paycrypt::WEBHOOK_HEADER_MAX_LEN];
        let n = paycrypt::webhook_sign(&key, ts, &payload, &mut header).unwrap();
        prop_assert_eq!(n, paycrypt::webhook_header_len(ts));
        let now = ts.saturating_add(i64::from(skew));
        let expect = if i128::from(now) - i128::from(ts) > 300 { Err(Error::Expired) } else { Ok(()) };
        prop_assert_eq!(paycrypt::webhook_verify(&key, &header[..n], &payload, now, 300), expect);
        prop_assert_eq!(paycrypt::webhook_verify(&key, &header[..n], &payload, now, 0), Ok(()));
        let mut other = payload.clone();
        other.push(b'x');
        prop_assert_eq!(paycrypt::webhook_verify(&key, &header[..n], &other, ts, 0), Err(Error::VerifyFailed));
        // Through C: exact capacity with NUL, and one short.
        let ck = hmac_ctx(&secret);
        let mut out = vec![0x55u8; n + 1];
        let mut len = 0usize;
        // SAFETY: valid pointers; capacity n (one short of n + 1).
        let s = unsafe { paycrypt_webhook_sign(&*ck, ts, ptr(&payload), payload.len(), out.as_mut_ptr().cast(), n, &mut len) };
        prop_assert_eq!((s, len), (paycrypt_status::PAYCRYPT_ERR_BUFFER_TOO_SMALL, n + 1));
        prop_assert!(out.iter().all(|b| *b == 0x55));
        // SAFETY: valid pointers; capacity n + 1.
        let s = unsafe { paycrypt_webhook_sign(&*ck, ts, ptr(&payload), payload.len(), out.as_mut_ptr().cast(), n + 1, &mut len) };
        prop_assert_eq!((s, len), (paycrypt_status::PAYCRYPT_OK, n));
        prop_assert_eq!(&out[..n], &header[..n]);
        prop_assert_eq!(out[n], 0);
    }

    #[test]
    fn adyen_never_panics(key_hex in header_bytes(), sig in header_bytes(), payload in prop::collection::vec(any::<u8>(), 0..64)) {
        let fields: paycrypt::AdyenFields = [&payload, b"", b"m", b"r", b"1", b"EUR", b"AUTHORISATION", b"true"];
        let r = paycrypt::adyen_verify(&key_hex, &fields, &sig);
        prop_assert!(r.is_err());
        let r = paycrypt::adyen_payload_verify(&key_hex, &payload, &sig);
        prop_assert!(r.is_err());
        let mut out = [0u8; 44];
        let r = paycrypt::adyen_sign(&key_hex, &fields, &mut out);
        prop_assert!(r.is_ok() || matches!(r, Err(Error::KeyLength | Error::Malformed)));
    }

    #[test]
    fn wechatpay_v2_never_panics(params in prop::collection::vec((header_bytes(), header_bytes()), 0..12),
                                 sign in header_bytes(), key in prop::collection::vec(any::<u8>(), 0..40)) {
        let p: Vec<(&[u8], &[u8])> = params.iter().map(|(k, v)| (k.as_slice(), v.as_slice())).collect();
        let s = paycrypt::wechatpay_v2_sign(&key, &p);
        let v = paycrypt::wechatpay_v2_verify(&key, &p, &sign);
        prop_assert!(v.is_err() || s.is_ok());
        if let Ok(sig) = s {
            prop_assert_eq!(paycrypt::wechatpay_v2_verify(&key, &p, &sig), Ok(()));
            prop_assert_eq!(paycrypt::wechatpay_v2_verify(&key, &p, &sig.to_ascii_lowercase()), Ok(()));
            // Order of the parameters does not matter.
            let mut rev = p.clone();
            rev.reverse();
            prop_assert_eq!(paycrypt::wechatpay_v2_sign(&key, &rev), Ok(sig));
            // The same through C.
            let kvs: Vec<paycrypt_kv> = p.iter().map(|(k, v)| paycrypt_kv { key: k.as_ptr().cast(), key_len: k.len(), value: v.as_ptr().cast(), value_len: v.len() }).collect();
            let mut out = [0u8; 65];
            // SAFETY: valid pointers and lengths.
            let st = unsafe { paycrypt_wechatpay_v2_sign(ptr(&key), key.len(), kvs.as_ptr(), kvs.len(), out.as_mut_ptr().cast()) };
            prop_assert_eq!(st, paycrypt_status::PAYCRYPT_OK);
            prop_assert_eq!(&out[..64], &sig[..]);
        }
    }

    #[test]
    fn wechatpay_v3_never_panics(b64 in prop::collection::vec(prop::sample::select(b"ABCDEFabcdef0123456789+/=-_ \n".to_vec()), 0..120),
                                 nonce in prop::collection::vec(any::<u8>(), 10..14)) {
        let mut out = vec![0xAAu8; 200];
        let r = paycrypt::wechatpay_v3_decrypt(&[7u8; 32], &nonce, b"transaction", &b64, &mut out);
        prop_assert!(r.is_err());
        if let Ok(n) = paycrypt::wechatpay_v3_plaintext_len(&b64) {
            if nonce.len() == 12 {
                prop_assert!(out[..n].iter().all(|b| *b == 0));
            }
        }
    }

    #[test]
    fn wechatpay_v3_round_trip(pt in prop::collection::vec(any::<u8>(), 0..300), ad in prop::collection::vec(any::<u8>(), 0..40),
                               nonce in any::<[u8; 12]>(), key in any::<[u8; 32]>()) {
        let k = AesGcmKey::new(&key).unwrap();
        let mut ct = vec![0u8; pt.len() + 16];
        k.seal(&nonce, &ad, &pt, &mut ct).unwrap();
        let b64 = <base64ct::Base64 as base64ct::Encoding>::encode_string(&ct);
        let mut out = vec![0u8; pt.len()];
        prop_assert_eq!(paycrypt::wechatpay_v3_decrypt(&key, &nonce, &ad, b64.as_bytes(), &mut out), Ok(pt.len()));
        prop_assert_eq!(&out, &pt);
        let mut n = 0usize;
        let mut cout = vec![0u8; pt.len()];
        // SAFETY: valid pointers and lengths.
        let s = unsafe { paycrypt_wechatpay_v3_decrypt(key.as_ptr(), nonce.as_ptr().cast(), 12, ptr(&ad).cast(), ad.len(),
            b64.as_ptr().cast(), b64.len(), if cout.is_empty() { std::ptr::null_mut() } else { cout.as_mut_ptr() }, cout.len(), &mut n) };
        prop_assert_eq!((s, n), (paycrypt_status::PAYCRYPT_OK, pt.len()));
        prop_assert_eq!(&cout, &pt);
    }

    #[test]
    fn envelope_round_trip_and_garbage(key in prop_oneof![prop::collection::vec(any::<u8>(), 16), prop::collection::vec(any::<u8>(), 32)],
                                       id in any::<u32>(), aad in prop::collection::vec(any::<u8>(), 0..40),
                                       pt in prop::collection::vec(any::<u8>(), 0..200), junk in prop::collection::vec(any::<u8>(), 0..80),
                                       flip in any::<prop::sample::Index>()) {
        let k = AesGcmKey::new(&key).unwrap();
        let mut env = vec![0u8; pt.len() + 33];
        let n = paycrypt::envelope_seal_random(&k, id, &aad, &pt, &mut env).unwrap();
        prop_assert_eq!(paycrypt::envelope_key_id(&env), Ok(id));
        let mut out = vec![0u8; pt.len()];
        prop_assert_eq!(paycrypt::envelope_open(&k, &aad, &env[..n], &mut out), Ok(pt.len()));
        prop_assert_eq!(&out, &pt);
        // Any single flipped bit is refused and releases nothing.
        let mut bad = env.clone();
        let bit = flip.index(bad.len() * 8);
        bad[bit / 8] ^= 1 << (bit % 8);
        let mut out = vec![0xAAu8; pt.len()];
        let r = paycrypt::envelope_open(&k, &aad, &bad, &mut out);
        prop_assert!(r == Err(Error::VerifyFailed) || (bit < 8 && r == Err(Error::Malformed)));
        prop_assert!(out.iter().all(|b| *b == 0) || r == Err(Error::Malformed));
        // Garbage never panics, through Rust and C.
        let _ = paycrypt::envelope_key_id(&junk);
        let mut out = vec![0u8; junk.len()];
        prop_assert!(paycrypt::envelope_open(&k, &aad, &junk, &mut out).is_err());
        let ck = gcm_ctx(&key);
        let mut len = 0usize;
        // SAFETY: valid pointers and lengths.
        let s = unsafe { paycrypt_envelope_open(&*ck, ptr(&aad), aad.len(), junk.as_ptr(), junk.len(), out.as_mut_ptr(), out.len(), &mut len) };
        prop_assert_ne!(s, paycrypt_status::PAYCRYPT_OK);
    }
}
