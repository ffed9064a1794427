//! Sealed envelopes: `key_id` and `open` on arbitrary bytes (Rust and C
//! ABI, checked against a reference built on RustCrypto `aes-gcm`), and
//! seal -> open round trips with input-derived keys, ids, nonces, AAD and
//! plaintext, including single-byte changes.

use super::common::*;
use paycrypt::ffi::*;
use paycrypt::{AesGcmKey, Error};

pub fn run(data: &[u8]) {
    let mut inp = Input::new(data);
    if inp.bool() {
        arbitrary(&mut inp);
    } else {
        round_trip(&mut inp);
    }
}

fn ref_key_id(env: &[u8]) -> Result<u32, Error> {
    if env.len() < 33 || env[0] != 1 {
        return Err(Error::Malformed);
    }
    Ok(u32::from_be_bytes(env[1..5].try_into().unwrap()))
}

fn ref_open(key: &[u8], aad: &[u8], env: &[u8], cap: usize) -> Result<Vec<u8>, Error> {
    ref_key_id(env)?;
    if cap < env.len() - 33 {
        return Err(Error::BufferTooSmall);
    }
    let nonce: [u8; 12] = env[5..17].try_into().unwrap();
    let full_aad = [&env[..17], aad].concat();
    ref_gcm_open(key, &nonce, &full_aad, &env[17..]).ok_or(Error::VerifyFailed)
}

/// Open with Rust and C and compare with the reference; failures leave
/// zeros (or, when nothing was attempted, the untouched buffer).
fn check_open(key: &[u8], aad: &[u8], env: &[u8], cap: usize) -> Result<Vec<u8>, Error> {
    let expected = ref_open(key, aad, env, cap);
    let k = AesGcmKey::new(key).unwrap();
    let mut out = vec![0xAAu8; cap];
    let r = paycrypt::envelope_open(&k, aad, env, &mut out);
    assert_eq!(r, expected.as_ref().map(Vec::len).map_err(|e| *e));
    match &expected {
        Ok(pt) => assert_eq!(&out[..pt.len()], &pt[..]),
        Err(Error::VerifyFailed) => assert!(out[..env.len() - 33].iter().all(|b| *b == 0)),
        Err(_) => assert!(out.iter().all(|b| *b == 0xAA)),
    }
    assert_eq!(
        paycrypt::envelope_plaintext_len(env),
        ref_key_id(env).map(|_| env.len() - 33)
    );

    let ck = c_gcm_key(key);
    let mut cout = vec![0xAAu8; cap];
    let mut clen = usize::MAX;
    // SAFETY: valid context and slices, cap writable bytes.
    let s = unsafe {
        paycrypt_envelope_open(
            &*ck,
            aad.as_ptr(),
            aad.len(),
            env.as_ptr(),
            env.len(),
            cout.as_mut_ptr(),
            cap,
            &mut clen,
        )
    };
    assert_eq!(s, status(&r));
    match &expected {
        Ok(pt) => assert_eq!((clen, &cout[..pt.len()]), (pt.len(), &pt[..])),
        Err(Error::BufferTooSmall) => {
            assert_eq!(clen, env.len() - 33);
            assert!(cout.iter().all(|b| *b == 0xAA));
        }
        Err(Error::VerifyFailed) => assert!(cout[..env.len() - 33].iter().all(|b| *b == 0)),
        Err(_) => assert!(cout.iter().all(|b| *b == 0xAA)),
    }
    expected
}

fn check_key_id(env: &[u8]) {
    let r = paycrypt::envelope_key_id(env);
    assert_eq!(r, ref_key_id(env));
    let mut id = 0x5555_5555u32;
    // SAFETY: valid slice and a writable u32.
    let s = unsafe { paycrypt_envelope_key_id(env.as_ptr(), env.len(), &mut id) };
    assert_eq!(s, status(&r));
    assert_eq!(id, r.unwrap_or(0x5555_5555));
}

fn arbitrary(inp: &mut Input<'_>) {
    let key = aes_key(inp);
    let aad = inp.bytes(64);
    let cap = usize::from(inp.u16() % 600);
    let env = inp.rest();
    check_key_id(env);
    let _ = check_open(&key, aad, env, cap);
}

fn round_trip(inp: &mut Input<'_>) {
    let key = aes_key(inp);
    let key_id = inp.u32();
    let nonce: [u8; 12] = inp.array();
    let aad = inp.bytes(64);
    let (pos, mask) = (inp.u16(), inp.u8());
    let cap_short = inp.u8() % 34;
    let pt = inp.rest();

    let k = AesGcmKey::new(&key).unwrap();
    let mut env = vec![0u8; pt.len() + 33];
    let n = paycrypt::envelope_seal(&k, key_id, &nonce, aad, pt, &mut env).unwrap();
    assert_eq!(n, pt.len() + 33);
    assert_eq!(env[0], 1);
    assert_eq!(&env[1..5], &key_id.to_be_bytes());
    assert_eq!(&env[5..17], &nonce);
    let full_aad = [&env[..17], aad].concat();
    assert_eq!(&env[17..], &ref_gcm_seal(&key, &nonce, &full_aad, pt)[..]);

    // The C sealer writes the same envelope, or reports the size needed.
    let ck = c_gcm_key(&key);
    let cap = n - usize::from(cap_short);
    let mut cenv = vec![0x55u8; cap];
    let mut clen = 0usize;
    // SAFETY: valid context, 12-byte nonce, slices, cap writable bytes.
    let s = unsafe {
        paycrypt_envelope_seal(
            &*ck,
            key_id,
            nonce.as_ptr(),
            aad.as_ptr(),
            aad.len(),
            pt.as_ptr(),
            pt.len(),
            cenv.as_mut_ptr(),
            cap,
            &mut clen,
        )
    };
    if cap_short == 0 {
        assert_eq!((s, clen), (paycrypt_status::PAYCRYPT_OK, n));
        assert_eq!(cenv, env);
    } else {
        assert_eq!(
            (s, clen),
            (paycrypt_status::PAYCRYPT_ERR_BUFFER_TOO_SMALL, n)
        );
        assert!(cenv.iter().all(|b| *b == 0x55));
    }

    check_key_id(&env);
    assert_eq!(check_open(&key, aad, &env, pt.len()).as_deref(), Ok(pt));
    // Any single change is rejected.
    let bad = flipped(&env, pos, mask);
    let r = check_open(&key, aad, &bad, pt.len());
    if bad[0] == 1 {
        assert_eq!(r, Err(Error::VerifyFailed));
    } else {
        assert_eq!(r, Err(Error::Malformed));
    }
    if !aad.is_empty() {
        let r = check_open(&key, &flipped(aad, pos, mask), &env, pt.len());
        assert_eq!(r, Err(Error::VerifyFailed));
    }
}
