//! WeChat Pay: v2 parameter-list signing and verification, v3 resource
//! decryption, on arbitrary inputs. Rust API, C ABI and a reference model
//! (sorting with `Vec`, RustCrypto `hmac`/`aes-gcm`, an RFC 4648 base64
//! decoder) must agree; a v3 resource sealed by `aes-gcm` must decrypt.

use super::common::*;
use paycrypt::ffi::*;
use paycrypt::Error;

pub fn run(data: &[u8]) {
    let mut inp = Input::new(data);
    match inp.u8() % 3 {
        0 => v2(&mut inp),
        1 => v3(&mut inp),
        _ => v3_sealed(&mut inp),
    }
}

type Param<'a> = (&'a [u8], &'a [u8]);

fn ref_v2_tag(api_key: &[u8], params: &[Param<'_>]) -> Result<[u8; 32], Error> {
    if params.len() > paycrypt::WECHATPAY_V2_MAX_PARAMS {
        return Err(Error::InputTooLong);
    }
    if api_key.is_empty() {
        return Err(Error::KeyLength);
    }
    for (i, (k, _)) in params.iter().enumerate() {
        if k.is_empty() || k.contains(&b'=') || k.contains(&b'&') {
            return Err(Error::Malformed);
        }
        if params[..i].iter().any(|(k2, _)| k2 == k) {
            return Err(Error::Malformed);
        }
    }
    let mut used: Vec<Param<'_>> = params
        .iter()
        .copied()
        .filter(|(k, v)| !v.is_empty() && *k != b"sign")
        .collect();
    used.sort();
    let mut s: Vec<u8> = Vec::new();
    for (k, v) in used {
        s.extend_from_slice(k);
        s.push(b'=');
        s.extend_from_slice(v);
        s.push(b'&');
    }
    s.extend_from_slice(b"key=");
    s.extend_from_slice(api_key);
    Ok(ref_hmac(api_key, &s))
}

fn ref_v2_verify(api_key: &[u8], params: &[Param<'_>], sign: &[u8]) -> Result<(), Error> {
    let tag = ref_v2_tag(api_key, params)?;
    if sign.len() != 64 {
        return Err(Error::Malformed);
    }
    match ref_hex_decode(sign) {
        None => Err(Error::Malformed),
        Some(g) if g[..] == tag[..] => Ok(()),
        Some(_) => Err(Error::VerifyFailed),
    }
}

fn kvs(params: &[Param<'_>]) -> Vec<paycrypt_kv> {
    params
        .iter()
        .map(|(k, v)| paycrypt_kv {
            key: k.as_ptr().cast(),
            key_len: k.len(),
            value: v.as_ptr().cast(),
            value_len: v.len(),
        })
        .collect()
}

fn check_v2_verify(api_key: &[u8], params: &[Param<'_>], sign: &[u8]) {
    let r = paycrypt::wechatpay_v2_verify(api_key, params, sign);
    let c = kvs(params);
    // SAFETY: valid slices and descriptors.
    let s = unsafe {
        paycrypt_wechatpay_v2_verify(
            api_key.as_ptr(),
            api_key.len(),
            c.as_ptr(),
            c.len(),
            sign.as_ptr().cast(),
            sign.len(),
        )
    };
    assert_eq!(s, status(&r));
    assert_eq!(r, ref_v2_verify(api_key, params, sign));
}

fn v2(inp: &mut Input<'_>) {
    let api_key = inp.bytes(48);
    let sign = inp.bytes(70);
    let too_many = inp.u8() == 0xff;
    let (pos, mask) = (inp.u16(), inp.u8());
    let count = usize::from(inp.u8() % 17);
    let mut params: Vec<Param<'_>> = Vec::new();
    for _ in 0..count {
        // Keys drawn from a small set half the time, so that duplicates,
        // `sign` and shared prefixes are common.
        let k: &[u8] = match inp.u8() {
            0 => b"sign",
            1 => b"appid",
            2 => b"app",
            3 => b"mch_id",
            4 => b"nonce_str",
            5..=127 => inp.bytes(24),
            _ => inp.bytes(8),
        };
        params.push((k, inp.bytes(80)));
    }
    if too_many {
        params.resize(paycrypt::WECHATPAY_V2_MAX_PARAMS + 1, (b"k", b"v"));
    }

    let r = paycrypt::wechatpay_v2_sign(api_key, &params);
    let c = kvs(&params);
    let mut cout = [0x55u8; 65];
    // SAFETY: valid slices, descriptors, and 65 writable bytes.
    let s = unsafe {
        paycrypt_wechatpay_v2_sign(
            api_key.as_ptr(),
            api_key.len(),
            c.as_ptr(),
            c.len(),
            cout.as_mut_ptr().cast(),
        )
    };
    assert_eq!(s, status(&r));
    let expected = ref_v2_tag(api_key, &params).map(|t| ref_hex_encode(&t, true));
    assert_eq!(r.map(|a| a.to_vec()), expected);
    if let Ok(sig) = r {
        assert_eq!((&cout[..64], cout[64]), (&sig[..], 0));
        check_v2_verify(api_key, &params, &sig);
        check_v2_verify(api_key, &params, &sig.to_ascii_lowercase());
        check_v2_verify(api_key, &params, &flipped(&sig, pos, mask));
        // A `sign` parameter is ignored when verifying.
        if !params.iter().any(|(k, _)| *k == b"sign") && !too_many {
            let mut with_sign = params.clone();
            with_sign.push((b"sign", &sig));
            check_v2_verify(api_key, &with_sign, &sig);
        }
    } else {
        assert!(cout.iter().all(|b| *b == 0x55));
    }
    check_v2_verify(api_key, &params, sign);
}

/// Expected v3 result: the reference decoder and `aes-gcm`.
pub fn ref_v3(
    key: &[u8; 32],
    nonce: &[u8],
    ad: &[u8],
    b64: &[u8],
    cap: usize,
) -> Result<Vec<u8>, Error> {
    let nonce: &[u8; 12] = nonce.try_into().map_err(|_| Error::NonceLength)?;
    let n = b64.len();
    if n == 0 || !n.is_multiple_of(4) {
        return Err(Error::Malformed);
    }
    let pad = b64.iter().rev().take(2).take_while(|c| **c == b'=').count();
    let pt_len = (n / 4 * 3 - pad).checked_sub(16).ok_or(Error::Malformed)?;
    if cap < pt_len {
        return Err(Error::BufferTooSmall);
    }
    let raw = ref_b64_decode(b64).ok_or(Error::Malformed)?;
    assert_eq!(raw.len(), pt_len + 16);
    ref_gcm_open(key, nonce, ad, &raw).ok_or(Error::VerifyFailed)
}

fn check_v3(key: &[u8; 32], nonce: &[u8], ad: &[u8], b64: &[u8], cap: usize) {
    let expected = ref_v3(key, nonce, ad, b64, cap);
    let mut out = vec![0xAAu8; cap];
    let r = paycrypt::wechatpay_v3_decrypt(key, nonce, ad, b64, &mut out);
    assert_eq!(r, expected.as_ref().map(Vec::len).map_err(|e| *e));
    match &expected {
        Ok(pt) => assert_eq!(&out[..pt.len()], &pt[..]),
        Err(_) => assert!(out.iter().all(|b| *b == 0 || *b == 0xAA)),
    }
    if let Ok(n) = paycrypt::wechatpay_v3_plaintext_len(b64) {
        if let Ok(pt) = &expected {
            assert_eq!(n, pt.len());
        }
    }

    let mut cout = vec![0xAAu8; cap];
    let mut clen = usize::MAX;
    // SAFETY: valid key, slices, and cap writable bytes.
    let s = unsafe {
        paycrypt_wechatpay_v3_decrypt(
            key.as_ptr(),
            nonce.as_ptr().cast(),
            nonce.len(),
            ad.as_ptr().cast(),
            ad.len(),
            b64.as_ptr().cast(),
            b64.len(),
            cout.as_mut_ptr(),
            cap,
            &mut clen,
        )
    };
    assert_eq!(s, status(&r));
    match &expected {
        Ok(pt) => {
            assert_eq!(clen, pt.len());
            assert_eq!(&cout[..pt.len()], &pt[..]);
        }
        Err(Error::BufferTooSmall) => {
            assert_eq!(Ok(clen), paycrypt::wechatpay_v3_plaintext_len(b64));
            assert!(cout.iter().all(|b| *b == 0xAA));
        }
        Err(Error::VerifyFailed) => {
            let n = paycrypt::wechatpay_v3_plaintext_len(b64).unwrap();
            assert!(cout[..n].iter().all(|b| *b == 0));
        }
        Err(_) => assert!(cout.iter().all(|b| *b == 0 || *b == 0xAA)),
    }
}

fn v3(inp: &mut Input<'_>) {
    let key: [u8; 32] = inp.array();
    let nonce = inp.bytes(16);
    let ad = inp.bytes(64);
    let cap = usize::from(inp.u16() % 512);
    let b64 = inp.rest();
    check_v3(&key, nonce, ad, b64, cap);
}

fn v3_sealed(inp: &mut Input<'_>) {
    let key: [u8; 32] = inp.array();
    let nonce: [u8; 12] = inp.array();
    let ad = inp.bytes(64);
    let (pos, mask) = (inp.u16(), inp.u8());
    let slack = usize::from(inp.u8() % 4);
    let pt = inp.rest();
    let b64 = ref_b64_encode(&ref_gcm_seal(&key, &nonce, ad, pt));
    let mut out = vec![0u8; pt.len() + slack];
    assert_eq!(
        paycrypt::wechatpay_v3_decrypt(&key, &nonce, ad, &b64, &mut out),
        Ok(pt.len())
    );
    assert_eq!(&out[..pt.len()], pt);
    check_v3(&key, &nonce, ad, &b64, pt.len() + slack);
    check_v3(
        &key,
        &nonce,
        ad,
        &flipped(&b64, pos, mask),
        pt.len() + slack,
    );
    check_v3(&key, &nonce, &flipped(ad, pos, mask), &b64, pt.len());
}
