//! Property tests: batch = individual signs, streaming over random
//! chunkings = one-shot, seal/open round trips, in place = out of place
//! (including overlapping C buffers), and differential checks of HMAC and
//! HKDF against RustCrypto's `hmac` and `hkdf` crates.

use hmac::{KeyInit, Mac};
use paycrypt::ffi::*;
use paycrypt::{AesGcmKey, Error, HmacKey};
use proptest::prelude::*;

type RefHmac = hmac::Hmac<sha2::Sha256>;

fn reference_hmac(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut m = <RefHmac as KeyInit>::new_from_slice(key).unwrap();
    m.update(msg);
    m.finalize().into_bytes().into()
}

fn c_hmac_key(key: &[u8]) -> Box<paycrypt_hmac_key> {
    // SAFETY: all-zero is a valid uninitialised context.
    let mut k: Box<paycrypt_hmac_key> = Box::new(unsafe { std::mem::zeroed() });
    // SAFETY: valid pointers.
    assert_eq!(
        unsafe { paycrypt_hmac_key_init(&mut *k, key.as_ptr(), key.len()) },
        paycrypt_status::PAYCRYPT_OK
    );
    k
}

fn c_gcm_key(key: &[u8]) -> Box<paycrypt_aes_gcm_key> {
    // SAFETY: all-zero is a valid uninitialised context.
    let mut k: Box<paycrypt_aes_gcm_key> = Box::new(unsafe { std::mem::zeroed() });
    // SAFETY: valid pointers.
    assert_eq!(
        unsafe { paycrypt_aes_gcm_key_init(&mut *k, key.as_ptr(), key.len()) },
        paycrypt_status::PAYCRYPT_OK
    );
    k
}

fn aes_key() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 16),
        prop::collection::vec(any::<u8>(), 32)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn hmac_matches_rustcrypto(key in prop::collection::vec(any::<u8>(), 0..200),
                               msg in prop::collection::vec(any::<u8>(), 0..600)) {
        let expected = reference_hmac(&key, &msg);
        prop_assert_eq!(paycrypt::hmac_sha256(&key, &msg), expected);
        prop_assert_eq!(HmacKey::new(&key).sign(&msg), expected);
        prop_assert_eq!(paycrypt::sha256(&msg).to_vec(), sha2::Sha256::digest(&msg).to_vec());
    }

    #[test]
    fn streaming_equals_one_shot(key in prop::collection::vec(any::<u8>(), 0..100),
                                 msg in prop::collection::vec(any::<u8>(), 0..700),
                                 cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12)) {
        let k = HmacKey::new(&key);
        let mut points: Vec<usize> = cuts.iter().map(|i| i.index(msg.len() + 1)).collect();
        points.push(0);
        points.push(msg.len());
        points.sort_unstable();
        let mut s = k.start();
        let ck = c_hmac_key(&key);
        // SAFETY: all-zero is a valid uninitialised context.
        let mut cs: paycrypt_hmac_state = unsafe { std::mem::zeroed() };
        // SAFETY: valid contexts.
        prop_assert_eq!(unsafe { paycrypt_hmac_state_init(&mut cs, &*ck) }, paycrypt_status::PAYCRYPT_OK);
        for w in points.windows(2) {
            let piece = &msg[w[0]..w[1]];
            s.update(piece).unwrap();
            // SAFETY: valid context and slice (possibly empty: the pointer is still valid).
            prop_assert_eq!(unsafe { paycrypt_hmac_state_update(&mut cs, piece.as_ptr(), piece.len()) }, paycrypt_status::PAYCRYPT_OK);
        }
        let one_shot = k.sign(&msg);
        prop_assert_eq!(s.finalize(), one_shot);
        let mut out = [0u8; 32];
        // SAFETY: valid context and output.
        prop_assert_eq!(unsafe { paycrypt_hmac_state_final(&mut cs, out.as_mut_ptr()) }, paycrypt_status::PAYCRYPT_OK);
        prop_assert_eq!(out, one_shot);
    }

    #[test]
    fn batch_equals_individual(key in prop::collection::vec(any::<u8>(), 0..80),
                               msgs in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..300), 0..20)) {
        let k = HmacKey::new(&key);
        let refs: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
        let mut tags = vec![[0u8; 32]; msgs.len()];
        k.sign_batch(&refs, &mut tags).unwrap();
        let slices: Vec<paycrypt_slice> = msgs.iter().map(|m| paycrypt_slice { ptr: m.as_ptr(), len: m.len() }).collect();
        let mut ctags = vec![0u8; 32 * msgs.len()];
        let ck = c_hmac_key(&key);
        // SAFETY: valid key, descriptors and output of count*32 bytes.
        let s = unsafe { paycrypt_hmac_key_sign_batch(&*ck, slices.as_ptr(), slices.len(), ctags.as_mut_ptr()) };
        prop_assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
        for (i, m) in msgs.iter().enumerate() {
            let single = reference_hmac(&key, m);
            prop_assert_eq!(tags[i], single);
            prop_assert_eq!(&ctags[32 * i..32 * i + 32], single.as_slice());
        }
    }

    #[test]
    fn hkdf_matches_rustcrypto(ikm in prop::collection::vec(any::<u8>(), 0..100),
                               salt in prop::collection::vec(any::<u8>(), 0..100),
                               info in prop::collection::vec(any::<u8>(), 0..400),
                               len in 0usize..600) {
        let mut ours = vec![0u8; len];
        paycrypt::hkdf_sha256(&salt, &ikm, &info, &mut ours).unwrap();
        let mut theirs = vec![0u8; len];
        hkdf::Hkdf::<sha2::Sha256>::new(Some(&salt), &ikm).expand(&info, &mut theirs).unwrap();
        prop_assert_eq!(ours, theirs);
    }

    #[test]
    fn gcm_round_trip_and_in_place(key in aes_key(), nonce in any::<[u8; 12]>(),
                                   aad in prop::collection::vec(any::<u8>(), 0..64),
                                   pt in prop::collection::vec(any::<u8>(), 0..400),
                                   shift in 0usize..40, backwards in any::<bool>()) {
        let k = AesGcmKey::new(&key).unwrap();
        let mut sealed = vec![0u8; pt.len() + 16];
        prop_assert_eq!(k.seal(&nonce, &aad, &pt, &mut sealed), Ok(pt.len() + 16));
        // In place = out of place (Rust).
        let mut buf = pt.clone();
        buf.resize(pt.len() + 16, 0);
        prop_assert_eq!(k.seal_in_place(&nonce, &aad, &mut buf, pt.len()), Ok(pt.len() + 16));
        prop_assert_eq!(&buf, &sealed);
        let mut opened = vec![0u8; pt.len()];
        prop_assert_eq!(k.open(&nonce, &aad, &sealed, &mut opened), Ok(pt.len()));
        prop_assert_eq!(&opened, &pt);
        prop_assert_eq!(k.open_in_place(&nonce, &aad, &mut buf), Ok(pt.len()));
        prop_assert_eq!(&buf[..pt.len()], pt.as_slice());

        // C ABI with the output overlapping the input by `shift` bytes,
        // forwards or backwards (memmove semantics): same bytes as out of place.
        let ck = c_gcm_key(&key);
        let n = pt.len() + 16;
        let mut arena = vec![0u8; n + 2 * shift + 16];
        let (in_at, out_at) = if backwards { (shift, 0) } else { (0, shift) };
        arena[in_at..in_at + pt.len()].copy_from_slice(&pt);
        let mut out_len = 0usize;
        let base = arena.as_mut_ptr();
        // SAFETY: both ranges lie inside `arena`; overlap is allowed for pt/out.
        let s = unsafe {
            paycrypt_aes_gcm_seal(&*ck, nonce.as_ptr(), aad.as_ptr(), aad.len(), base.add(in_at), pt.len(),
                base.add(out_at), n, &mut out_len)
        };
        prop_assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
        prop_assert_eq!(&arena[out_at..out_at + n], sealed.as_slice());
        // And open back, overlapping the other way.
        let base = arena.as_mut_ptr();
        // SAFETY: as above.
        let s = unsafe {
            paycrypt_aes_gcm_open(&*ck, nonce.as_ptr(), aad.as_ptr(), aad.len(), base.add(out_at), n,
                base.add(in_at), pt.len(), &mut out_len)
        };
        prop_assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
        prop_assert_eq!(&arena[in_at..in_at + pt.len()], pt.as_slice());
    }

    #[test]
    fn gcm_matches_rustcrypto_aes_gcm(key in aes_key(), nonce in any::<[u8; 12]>(),
                                      aad in prop::collection::vec(any::<u8>(), 0..100),
                                      pt in prop::collection::vec(any::<u8>(), 0..1100)) {
        use aes_gcm::aead::{Aead, KeyInit as _, Payload};
        let payload = Payload { msg: &pt, aad: &aad };
        let reference = if key.len() == 16 {
            aes_gcm::Aes128Gcm::new_from_slice(&key).unwrap().encrypt(&nonce.into(), payload)
        } else {
            aes_gcm::Aes256Gcm::new_from_slice(&key).unwrap().encrypt(&nonce.into(), payload)
        }.unwrap();
        let k = AesGcmKey::new(&key).unwrap();
        let mut ours = vec![0u8; pt.len() + 16];
        k.seal(&nonce, &aad, &pt, &mut ours).unwrap();
        prop_assert_eq!(&ours, &reference);
        let mut back = vec![0u8; pt.len()];
        prop_assert_eq!(k.open(&nonce, &aad, &reference, &mut back), Ok(pt.len()));
        prop_assert_eq!(back, pt);
    }

    #[test]
    fn verify_never_panics(key in prop::collection::vec(any::<u8>(), 0..70),
                           msg in prop::collection::vec(any::<u8>(), 0..100),
                           tag in prop::collection::vec(any::<u8>(), 0..80)) {
        let k = HmacKey::new(&key);
        let r = k.verify(&msg, &tag);
        if (16..=32).contains(&tag.len()) {
            prop_assert!(r == Err(Error::VerifyFailed) || r == Ok(()));
        } else {
            prop_assert_eq!(r, Err(Error::TagLength));
        }
        let h = k.verify_hex(&msg, &tag);
        prop_assert!(h.is_err() || tag.iter().all(u8::is_ascii_hexdigit));
        let g = AesGcmKey::new(&[7u8; 16]).unwrap();
        let mut out = vec![0xAAu8; tag.len()];
        let r = g.open(&[0u8; 12], &msg, &tag, &mut out);
        prop_assert!(r.is_err());
        let pt_len = tag.len().saturating_sub(16);
        prop_assert!(out[..pt_len].iter().all(|b| *b == 0));
    }
}

use sha2::Digest;

/// `ct_equal` (which every tag check shares) against `==`: every length
/// up to 40 (whole 8-byte words and the bytes after them), a one-bit
/// difference at every bit of every position, and unequal lengths.
#[test]
fn ct_equal_matches_eq_for_every_flipped_bit() {
    for len in 0..=40usize {
        let a: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
        assert!(paycrypt::ct_equal(&a, &a.clone()));
        for pos in 0..len {
            for bit in 0..8 {
                let mut b = a.clone();
                b[pos] ^= 1 << bit;
                assert!(!paycrypt::ct_equal(&a, &b), "len {len} pos {pos} bit {bit}");
                assert!(!paycrypt::ct_equal(&b, &a), "len {len} pos {pos} bit {bit}");
            }
        }
        let mut longer = a.clone();
        longer.push(0);
        assert!(!paycrypt::ct_equal(&a, &longer));
        assert!(!paycrypt::ct_equal(&longer, &a));
    }
}
