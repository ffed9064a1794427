//! Zeroization that can be observed without undefined behaviour: the
//! secret-holding types promise `ZeroizeOnDrop`; a dropped `HmacKey` (plain
//! words, no padding) reads back as zeros from its own storage; the C
//! contexts read back as zeros after `_wipe`, a failed init and
//! `hmac_state_final`; and every authentication failure leaves zeros, not
//! plaintext, in the output. Small inputs: `make miri` runs this file too.
#![allow(clippy::undocumented_unsafe_blocks)]

use core::mem::{size_of, MaybeUninit};

use paycrypt::ffi::*;
use paycrypt::{AesGcmKey, HmacKey, HmacState};
use paycrypt_status::*;
use zeroize::ZeroizeOnDrop;

fn zeroize_on_drop<T: ZeroizeOnDrop>() {}

#[test]
fn secret_types_are_zeroize_on_drop() {
    zeroize_on_drop::<HmacKey>();
    zeroize_on_drop::<HmacState>();
    zeroize_on_drop::<AesGcmKey>();
}

#[test]
fn dropped_hmac_key_reads_back_as_zeros() {
    // HmacKey is two [u32; 8] states: every byte is part of a field, so its
    // storage is fully initialised after the drop glue's zeroing writes.
    let mut slot = MaybeUninit::<HmacKey>::uninit();
    slot.write(HmacKey::new(b"a key whose states must not outlive it"));
    let bytes = |p: *const HmacKey| unsafe {
        core::slice::from_raw_parts(p.cast::<u8>(), size_of::<HmacKey>()).to_vec()
    };
    assert!(bytes(slot.as_ptr()).iter().any(|&b| b != 0));
    unsafe { core::ptr::drop_in_place(slot.as_mut_ptr()) };
    assert!(bytes(slot.as_ptr()).iter().all(|&b| b == 0));
}

/// A C context's bytes, as the C caller sees them.
fn ctx_bytes<C>(c: &C) -> Vec<u8> {
    unsafe { core::slice::from_raw_parts((c as *const C).cast::<u8>(), size_of::<C>()).to_vec() }
}

#[test]
fn contexts_read_back_as_zeros() {
    let mut hk: paycrypt_hmac_key = unsafe { core::mem::zeroed() };
    let mut gk: paycrypt_aes_gcm_key = unsafe { core::mem::zeroed() };
    let mut st: paycrypt_hmac_state = unsafe { core::mem::zeroed() };
    let key = [7u8; 32];
    let mut tag = [0u8; 32];
    unsafe {
        assert_eq!(
            paycrypt_hmac_key_init(&mut hk, key.as_ptr(), 32),
            PAYCRYPT_OK
        );
        assert_eq!(
            paycrypt_aes_gcm_key_init(&mut gk, key.as_ptr(), 32),
            PAYCRYPT_OK
        );
        assert_eq!(paycrypt_hmac_state_init(&mut st, &hk), PAYCRYPT_OK);
        assert_eq!(
            paycrypt_hmac_state_update(&mut st, key.as_ptr(), 5),
            PAYCRYPT_OK
        );
    }
    assert!(ctx_bytes(&hk).iter().any(|&b| b != 0));
    assert!(ctx_bytes(&st).iter().any(|&b| b != 0));
    unsafe {
        assert_eq!(
            paycrypt_hmac_state_final(&mut st, tag.as_mut_ptr()),
            PAYCRYPT_OK
        )
    };
    assert!(ctx_bytes(&st).iter().all(|&b| b == 0), "state after final");
    unsafe { paycrypt_hmac_key_wipe(&mut hk) };
    assert!(
        ctx_bytes(&hk).iter().all(|&b| b == 0),
        "HMAC key after wipe"
    );
    unsafe { paycrypt_aes_gcm_key_wipe(&mut gk) };
    assert!(
        ctx_bytes(&gk).iter().all(|&b| b == 0),
        "AES-GCM key after wipe"
    );
    // a failed (re-)init wipes what was there
    unsafe {
        assert_eq!(
            paycrypt_aes_gcm_key_init(&mut gk, key.as_ptr(), 32),
            PAYCRYPT_OK
        );
        assert_eq!(
            paycrypt_aes_gcm_key_init(&mut gk, key.as_ptr(), 20),
            PAYCRYPT_ERR_KEY_LENGTH
        );
    }
    assert!(
        ctx_bytes(&gk).iter().all(|&b| b == 0),
        "AES-GCM key after failed init"
    );
    unsafe {
        assert_eq!(
            paycrypt_hmac_key_init(&mut hk, key.as_ptr(), 32),
            PAYCRYPT_OK
        );
        assert_eq!(
            paycrypt_hmac_key_init(&mut hk, core::ptr::null(), 3),
            PAYCRYPT_ERR_NULL_POINTER
        );
    }
    assert!(
        ctx_bytes(&hk).iter().all(|&b| b == 0),
        "HMAC key after failed init"
    );
}

#[test]
fn failed_opens_leave_zeros() {
    let key = AesGcmKey::new(&[3u8; 16]).unwrap();
    let nonce = [1u8; 12];
    let pt = [0x42u8; 20];
    let mut sealed = [0u8; 36];
    assert_eq!(key.seal(&nonce, b"ad", &pt, &mut sealed), Ok(36));
    sealed[35] ^= 1;
    // separate output
    let mut out = [0x55u8; 24];
    assert!(key.open(&nonce, b"ad", &sealed, &mut out).is_err());
    assert_eq!(out[..20], [0; 20]);
    assert_eq!(out[20..], [0x55; 4]);
    // in place: the whole buffer, tag included
    let mut buf = sealed;
    assert!(key.open_in_place(&nonce, b"ad", &mut buf).is_err());
    assert_eq!(buf, [0; 36]);
    // detached
    let mut buf = [0u8; 20];
    buf.copy_from_slice(&sealed[..20]);
    let tag: [u8; 16] = sealed[20..].try_into().unwrap();
    assert!(key
        .open_in_place_detached(&nonce, b"ad", &mut buf, &tag)
        .is_err());
    assert_eq!(buf, [0; 20]);

    // envelope
    let mut env = [0u8; 20 + paycrypt::ENVELOPE_OVERHEAD];
    let n = paycrypt::envelope_seal(&key, 9, &nonce, b"ad", &pt, &mut env).unwrap();
    env[n - 1] ^= 1;
    let mut out = [0x55u8; 20];
    assert!(paycrypt::envelope_open(&key, b"ad", &env, &mut out).is_err());
    assert_eq!(out, [0; 20]);

    // WeChat Pay v3 (AES-256-GCM under the APIv3 key, base64 ciphertext)
    let v3key = [0x21u8; 32];
    let k = AesGcmKey::new(&v3key).unwrap();
    let mut ct = [0u8; 36];
    k.seal(&nonce, b"transaction", &pt, &mut ct).unwrap();
    let b64 = <base64ct::Base64 as base64ct::Encoding>::encode_string(&ct);
    let mut out = [0x55u8; 24];
    assert_eq!(
        paycrypt::wechatpay_v3_decrypt(&v3key, &nonce, b"transaction", b64.as_bytes(), &mut out),
        Ok(20)
    );
    assert_eq!(out[..20], pt);
    let mut out = [0x55u8; 24];
    assert!(paycrypt::wechatpay_v3_decrypt(
        &v3key,
        &nonce,
        b"transactioN",
        b64.as_bytes(),
        &mut out
    )
    .is_err());
    assert_eq!(out[..20], [0; 20]);
    assert_eq!(out[20..], [0x55; 4]);

    // the same through the C ABI
    let mut out = [0x55u8; 24];
    let mut ol = 0usize;
    let s = unsafe {
        paycrypt_wechatpay_v3_decrypt(
            v3key.as_ptr(),
            nonce.as_ptr().cast(),
            12,
            b"transactioN".as_ptr().cast(),
            11,
            b64.as_ptr().cast(),
            b64.len(),
            out.as_mut_ptr(),
            out.len(),
            &mut ol,
        )
    };
    assert_eq!(s, PAYCRYPT_ERR_VERIFY_FAILED);
    assert_eq!(out[..20], [0; 20]);
}
