//! Differential AES-GCM (128- and 256-bit keys) against RustCrypto
//! `aes-gcm`: every sealing path (out of place, in place, detached; Rust
//! and C, C also with input and output overlapping at input-chosen
//! offsets) must produce the reference `ciphertext || tag`, and every
//! opening path must return the plaintext.

use super::common::*;
use paycrypt::ffi::*;
use paycrypt::AesGcmKey;

pub fn run(data: &[u8]) {
    let mut inp = Input::new(data);
    let key = aes_key(&mut inp);
    let nonce: [u8; 12] = inp.array();
    let aad = inp.bytes(80);
    let (pt_off, out_off) = (usize::from(inp.u8() % 40), usize::from(inp.u8() % 40));
    let pt = inp.rest();
    let expected = ref_gcm_seal(&key, &nonce, aad, pt);
    let n = pt.len();

    // Rust sealing paths.
    let k = AesGcmKey::new(&key).unwrap();
    let mut out = vec![0u8; n + 16];
    assert_eq!(k.seal(&nonce, aad, pt, &mut out), Ok(n + 16));
    assert_eq!(out, expected, "seal");
    let mut buf = [pt, &[0u8; 16]].concat();
    assert_eq!(k.seal_in_place(&nonce, aad, &mut buf, n), Ok(n + 16));
    assert_eq!(buf, expected, "seal_in_place");
    let mut buf = pt.to_vec();
    let tag = k.seal_in_place_detached(&nonce, aad, &mut buf).unwrap();
    assert_eq!(
        [&buf[..], &tag].concat(),
        expected,
        "seal_in_place_detached"
    );

    // Rust opening paths.
    let mut pt_out = vec![0u8; n];
    assert_eq!(k.open(&nonce, aad, &expected, &mut pt_out), Ok(n));
    assert_eq!(pt_out, pt);
    let mut buf = expected.clone();
    assert_eq!(k.open_in_place(&nonce, aad, &mut buf), Ok(n));
    assert_eq!(&buf[..n], pt);
    let ref_tag: [u8; 16] = expected[n..].try_into().unwrap();
    let mut pt_out = vec![0u8; n];
    k.open_detached(&nonce, aad, &expected[..n], &ref_tag, &mut pt_out)
        .unwrap();
    assert_eq!(pt_out, pt);
    let mut buf = expected[..n].to_vec();
    k.open_in_place_detached(&nonce, aad, &mut buf, &ref_tag)
        .unwrap();
    assert_eq!(buf, pt);

    // C: out of place, then overlapping (memmove semantics) both ways.
    let ck = c_gcm_key(&key);
    let mut out = vec![0u8; n + 16];
    let mut out_len = 0usize;
    // SAFETY: valid context, nonce, slices, out.len() writable bytes.
    let s = unsafe {
        paycrypt_aes_gcm_seal(
            &*ck,
            nonce.as_ptr(),
            aad.as_ptr(),
            aad.len(),
            pt.as_ptr(),
            n,
            out.as_mut_ptr(),
            out.len(),
            &mut out_len,
        )
    };
    assert_eq!((s, out_len), (paycrypt_status::PAYCRYPT_OK, n + 16));
    assert_eq!(out, expected, "C seal");

    let mut arena = vec![0u8; n + 16 + 80];
    arena[pt_off..pt_off + n].copy_from_slice(pt);
    let base = arena.as_mut_ptr();
    // SAFETY: both ranges lie inside `arena`; the function allows any
    // overlap between pt and out (it does not touch aad, a separate slice).
    let s = unsafe {
        paycrypt_aes_gcm_seal(
            &*ck,
            nonce.as_ptr(),
            aad.as_ptr(),
            aad.len(),
            base.add(pt_off),
            n,
            base.add(out_off),
            n + 16,
            &mut out_len,
        )
    };
    assert_eq!((s, out_len), (paycrypt_status::PAYCRYPT_OK, n + 16));
    assert_eq!(
        &arena[out_off..out_off + n + 16],
        &expected[..],
        "C seal overlapping"
    );

    let mut arena = vec![0u8; n + 16 + 80];
    arena[out_off..out_off + n + 16].copy_from_slice(&expected);
    let base = arena.as_mut_ptr();
    // SAFETY: as above, with in = out_off and out = pt_off.
    let s = unsafe {
        paycrypt_aes_gcm_open(
            &*ck,
            nonce.as_ptr(),
            aad.as_ptr(),
            aad.len(),
            base.add(out_off),
            n + 16,
            base.add(pt_off),
            n,
            &mut out_len,
        )
    };
    assert_eq!((s, out_len), (paycrypt_status::PAYCRYPT_OK, n));
    assert_eq!(&arena[pt_off..pt_off + n], pt, "C open overlapping");

    // C detached, in place.
    let mut buf = pt.to_vec();
    let mut ctag = [0u8; 16];
    // SAFETY: valid context, nonce, AAD, buffer, 16 writable bytes.
    let s = unsafe {
        paycrypt_aes_gcm_seal_detached(
            &*ck,
            nonce.as_ptr(),
            aad.as_ptr(),
            aad.len(),
            buf.as_mut_ptr(),
            n,
            ctag.as_mut_ptr(),
        )
    };
    assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
    assert_eq!([&buf[..], &ctag].concat(), expected, "C seal_detached");
    // SAFETY: valid context, nonce, AAD, buffer, 16-byte tag.
    let s = unsafe {
        paycrypt_aes_gcm_open_detached(
            &*ck,
            nonce.as_ptr(),
            aad.as_ptr(),
            aad.len(),
            buf.as_mut_ptr(),
            n,
            ctag.as_ptr(),
        )
    };
    assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
    assert_eq!(buf, pt);
}
