//! AES-GCM opening of arbitrary inputs through the C ABI (combined out of
//! place, combined exactly in place, detached) and the Rust API: the
//! verdict must equal RustCrypto `aes-gcm`'s, and a failure leaves zeros.
//! What `paycrypt_aes_gcm_seal` produced opens; one changed bit does not.

use super::common::*;
use paycrypt::ffi::*;
use paycrypt::{AesGcmKey, Error};

pub fn run(data: &[u8]) {
    let mut inp = Input::new(data);
    let sealed = inp.bool();
    let key = aes_key(&mut inp);
    let nonce: [u8; 12] = inp.array();
    let aad = inp.bytes(64);
    let cap_delta = inp.u8();
    let (flip, pos, mask) = (inp.bool(), inp.u16(), inp.u8());
    let rest = inp.rest();

    let ck = c_gcm_key(&key);
    let input = if sealed {
        let mut ct = vec![0u8; rest.len() + 16];
        let mut n = 0usize;
        // SAFETY: valid context, nonce, slices, and ct.len() writable bytes.
        let s = unsafe {
            paycrypt_aes_gcm_seal(
                &*ck,
                nonce.as_ptr(),
                aad.as_ptr(),
                aad.len(),
                rest.as_ptr(),
                rest.len(),
                ct.as_mut_ptr(),
                ct.len(),
                &mut n,
            )
        };
        assert_eq!((s, n), (paycrypt_status::PAYCRYPT_OK, ct.len()));
        assert_eq!(ct, ref_gcm_seal(&key, &nonce, aad, rest));
        if flip {
            flipped(&ct, pos, mask)
        } else {
            ct
        }
    } else {
        rest.to_vec()
    };
    let expected = if input.len() < 16 {
        None
    } else {
        ref_gcm_open(&key, &nonce, aad, &input)
    };
    if sealed {
        assert_eq!(expected.is_some(), !flip, "aes-gcm disagrees with seal");
        if !flip {
            assert_eq!(expected.as_deref(), Some(rest));
        }
    }
    let pt_len = input.len().saturating_sub(16);
    // Capacity around the plaintext length: 0x80 means exactly pt_len.
    let cap = (pt_len + usize::from(cap_delta)).saturating_sub(0x80);

    // Combined, out of place.
    let mut out = vec![0xAAu8; cap];
    let mut out_len = usize::MAX;
    // SAFETY: valid context, nonce, slices, cap writable bytes.
    let s = unsafe {
        paycrypt_aes_gcm_open(
            &*ck,
            nonce.as_ptr(),
            aad.as_ptr(),
            aad.len(),
            input.as_ptr(),
            input.len(),
            out.as_mut_ptr(),
            cap,
            &mut out_len,
        )
    };
    let rust_key = AesGcmKey::new(&key).unwrap();
    let mut rout = vec![0xAAu8; cap];
    let r = rust_key.open(&nonce, aad, &input, &mut rout);
    assert_eq!(s, status(&r));
    if input.len() < 16 {
        assert_eq!(s, paycrypt_status::PAYCRYPT_ERR_MALFORMED);
        assert!(out.iter().all(|b| *b == 0xAA));
    } else if cap < pt_len {
        assert_eq!(s, paycrypt_status::PAYCRYPT_ERR_BUFFER_TOO_SMALL);
        assert_eq!(out_len, pt_len);
        assert!(out.iter().all(|b| *b == 0xAA));
        assert_eq!(r, Err(Error::BufferTooSmall));
    } else if let Some(pt) = &expected {
        assert_eq!((s, out_len), (paycrypt_status::PAYCRYPT_OK, pt_len));
        assert_eq!(&out[..pt_len], &pt[..]);
        assert_eq!(&rout[..pt_len], &pt[..]);
        assert!(out[pt_len..].iter().all(|b| *b == 0xAA));
    } else {
        assert_eq!(s, paycrypt_status::PAYCRYPT_ERR_VERIFY_FAILED);
        assert!(out[..pt_len].iter().all(|b| *b == 0));
        assert!(rout[..pt_len].iter().all(|b| *b == 0));
        assert!(out[pt_len..].iter().all(|b| *b == 0xAA));
    }

    if input.len() < 16 {
        return;
    }

    // Combined, exactly in place (the whole buffer is zeroed on failure).
    let mut buf = input.clone();
    let mut out_len = usize::MAX;
    // SAFETY: valid context, nonce and AAD; buf is both input and output.
    let s = unsafe {
        paycrypt_aes_gcm_open(
            &*ck,
            nonce.as_ptr(),
            aad.as_ptr(),
            aad.len(),
            buf.as_ptr(),
            buf.len(),
            buf.as_mut_ptr(),
            buf.len(),
            &mut out_len,
        )
    };
    match &expected {
        Some(pt) => {
            assert_eq!((s, out_len), (paycrypt_status::PAYCRYPT_OK, pt_len));
            assert_eq!(&buf[..pt_len], &pt[..]);
        }
        None => {
            assert_eq!(s, paycrypt_status::PAYCRYPT_ERR_VERIFY_FAILED);
            assert!(buf.iter().all(|b| *b == 0));
        }
    }
    let mut buf = input.clone();
    let r = rust_key.open_in_place(&nonce, aad, &mut buf);
    assert_eq!(r.is_ok(), expected.is_some());
    if r.is_err() {
        assert!(buf.iter().all(|b| *b == 0));
    }

    // Detached, in place (C and Rust).
    let (ct, tag) = input.split_at(pt_len);
    let tag: [u8; 16] = tag.try_into().unwrap();
    let mut buf = ct.to_vec();
    // SAFETY: valid context, nonce, AAD, buffer and 16-byte tag.
    let s = unsafe {
        paycrypt_aes_gcm_open_detached(
            &*ck,
            nonce.as_ptr(),
            aad.as_ptr(),
            aad.len(),
            buf.as_mut_ptr(),
            buf.len(),
            tag.as_ptr(),
        )
    };
    let mut rbuf = ct.to_vec();
    let r = rust_key.open_in_place_detached(&nonce, aad, &mut rbuf, &tag);
    assert_eq!(s, status(&r));
    let mut dout = vec![0xAAu8; pt_len];
    let rd = rust_key.open_detached(&nonce, aad, ct, &tag, &mut dout);
    assert_eq!(rd, r);
    match &expected {
        Some(pt) => {
            assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
            assert_eq!((&buf, &rbuf, &dout), (pt, pt, pt));
        }
        None => {
            assert_eq!(s, paycrypt_status::PAYCRYPT_ERR_VERIFY_FAILED);
            assert!(buf.iter().chain(&rbuf).chain(&dout).all(|b| *b == 0));
        }
    }
}
