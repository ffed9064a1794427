//! Every AES-GCM implementation forced in turn: the portable engine and,
//! where this CPU has them, the x86-64 AES-NI + PCLMULQDQ and VAES + AVX2
//! kernels (a kernel the CPU lacks is skipped with a notice). Each runs the
//! shared NIST and Wycheproof vectors and is compared with RustCrypto's
//! `aes-gcm` on every length 0..=1024 plus large ones, AAD of 0..=70 bytes
//! whole and in pieces, every short length (up to 257 bytes) with AAD
//! lengths around the block edges, unaligned input and output, in place
//! and out of place, and tampered inputs.

mod common;
use common::*;

use aes_gcm::aead::{AeadInOut, KeyInit};
use paycrypt::__kernels::{self as k, GcmKernel};
use paycrypt::{AesGcmKey, Error};

/// Deterministic pseudo-random bytes (xorshift32).
fn bytes(n: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// The kernels this CPU runs; prints a notice for the others.
fn kernels() -> Vec<GcmKernel> {
    GcmKernel::ALL
        .into_iter()
        .filter(|&kernel| {
            let ok = kernel.supported();
            if !ok {
                println!("NOTE: this CPU lacks {kernel:?}; it is not tested here");
            }
            ok
        })
        .collect()
}

/// A copy of `v` with bit `bit` flipped.
fn flipped(v: &[u8], bit: usize) -> Vec<u8> {
    let mut v = v.to_vec();
    v[bit / 8] ^= 0x80 >> (bit % 8);
    v
}

fn forced(kernel: GcmKernel, key: &[u8]) -> AesGcmKey {
    let key = k::aes_gcm_key(kernel, key)
        .expect("key length")
        .expect("supported kernel");
    assert_eq!(k::aes_gcm_kernel(&key), kernel);
    key
}

/// RustCrypto's ciphertext and tag.
fn reference(key: &[u8], nonce: &[u8; 12], aad: &[u8], pt: &[u8]) -> (Vec<u8>, [u8; 16]) {
    let mut buf = pt.to_vec();
    let tag = match key.len() {
        16 => aes_gcm::Aes128Gcm::new_from_slice(key)
            .unwrap()
            .encrypt_inout_detached(nonce.into(), aad, buf.as_mut_slice().into()),
        32 => aes_gcm::Aes256Gcm::new_from_slice(key)
            .unwrap()
            .encrypt_inout_detached(nonce.into(), aad, buf.as_mut_slice().into()),
        _ => unreachable!(),
    }
    .unwrap();
    (buf, tag.into())
}

#[test]
fn dispatch_picks_the_fastest_supported_kernel() {
    // The first supported kernel of the automatic order (the AVX-512
    // kernel is forced-only, see GcmKernel::VaesAvx512).
    let best = GcmKernel::automatic();
    assert!(best.supported());
    println!("AesGcmKey::new uses {best:?}");
    for key in [[7u8; 16].as_slice(), [9u8; 32].as_slice()] {
        assert_eq!(k::aes_gcm_kernel(&AesGcmKey::new(key).unwrap()), best);
    }
    for kernel in GcmKernel::ALL {
        for len in [0usize, 15, 17, 24, 31, 33] {
            assert_eq!(
                k::aes_gcm_key(kernel, &vec![0u8; len]).err(),
                Some(Error::KeyLength),
                "{kernel:?} key of {len} bytes"
            );
        }
    }
}

/// One published case on one kernel through the Rust API.
fn check_case(kernel: GcmKernel, id: &str, c: &Case, pt_field: &str) {
    let (key, iv, aad, pt, ct, tag) = (
        c.hex("Key"),
        c.hex("IV"),
        c.hex("AAD"),
        c.hex(pt_field),
        c.hex("CT"),
        c.hex("Tag"),
    );
    let nonce: [u8; 12] = iv.as_slice().try_into().unwrap();
    let tag: [u8; 16] = tag.as_slice().try_into().unwrap();
    let key = forced(kernel, &key);
    let mut ct_tag = ct.clone();
    ct_tag.extend_from_slice(&tag);
    if !c.valid() {
        let mut out = vec![0xAA; ct.len()];
        assert_eq!(
            key.open(&nonce, &aad, &ct_tag, &mut out),
            Err(Error::VerifyFailed),
            "{id}"
        );
        assert!(out.iter().all(|b| *b == 0), "{id}: not zeroed");
        let mut buf = ct.clone();
        assert_eq!(
            k::aes_gcm_open_parts_in_place(&key, &nonce, &[&aad], &mut buf, &tag),
            Err(Error::VerifyFailed),
            "{id}"
        );
        return;
    }
    let mut out = vec![0u8; pt.len() + 16];
    assert_eq!(
        key.seal(&nonce, &aad, &pt, &mut out),
        Ok(ct_tag.len()),
        "{id}"
    );
    assert_eq!(out, ct_tag, "{id}: seal");
    let mut buf = pt.clone();
    assert_eq!(
        key.seal_in_place_detached(&nonce, &aad, &mut buf),
        Ok(tag),
        "{id}"
    );
    assert_eq!(buf, ct, "{id}: seal in place");
    let mut back = vec![0u8; pt.len()];
    assert_eq!(
        key.open(&nonce, &aad, &ct_tag, &mut back),
        Ok(pt.len()),
        "{id}"
    );
    assert_eq!(back, pt, "{id}: open");
    let mut buf = ct_tag.clone();
    assert_eq!(key.open_in_place(&nonce, &aad, &mut buf), Ok(pt.len()));
    assert_eq!(&buf[..pt.len()], pt, "{id}: open in place");
    for bit in [0, ct_tag.len() * 8 - 1] {
        let bad = flipped(&ct_tag, bit);
        let mut out = vec![0xAA; ct.len()];
        assert_eq!(
            key.open(&nonce, &aad, &bad, &mut out),
            Err(Error::VerifyFailed),
            "{id}: tampered bit {bit}"
        );
        assert!(out.iter().all(|b| *b == 0), "{id}: not zeroed");
    }
}

#[test]
fn shared_vectors_on_every_kernel() {
    let nist = load("nist_cavp_aes_gcm.txt");
    let wyche = load("wycheproof_aes_gcm.txt");
    assert_eq!(nist.len(), 1500);
    for kernel in kernels() {
        for c in &nist {
            check_case(kernel, &format!("{kernel:?} {}", c.id()), c, "PT");
        }
        for c in &wyche {
            check_case(kernel, &format!("{kernel:?} {}", c.id()), c, "Msg");
        }
        println!(
            "{kernel:?}: {} NIST and {} Wycheproof cases",
            nist.len(),
            wyche.len()
        );
    }
}

/// Message lengths: every one up to 1024, then sizes around the 8- and
/// 16-block group boundaries and large ones (up to past 1 MiB, where the
/// counter's low 16 bits wrap).
fn lengths() -> impl Iterator<Item = usize> {
    (0..=1024).chain([
        1031,
        1279,
        2047,
        2048,
        2049,
        4095,
        4096,
        4111,
        8191,
        16_384,
        16_385,
        16_399,
        16_400,
        16_511,
        65_536 + 7,
        (1 << 20) + 33,
    ])
}

#[test]
fn every_length_against_rustcrypto() {
    let backing = bytes((1 << 20) + 33 + 64, 1);
    for kernel in kernels() {
        for key_len in [16usize, 32] {
            let key_bytes = bytes(key_len, key_len as u32 + 3);
            let key = forced(kernel, &key_bytes);
            for (i, len) in lengths().enumerate() {
                let nonce: [u8; 12] = bytes(12, i as u32).try_into().unwrap();
                let aad = &backing[7..7 + i % 71];
                let in_off = i % 16; // unaligned input
                let out_off = (i * 7 + 3) % 16; // unaligned output, other offset
                let pt = &backing[in_off..in_off + len];
                let (ct, tag) = reference(&key_bytes, &nonce, aad, pt);
                let id = format!("{kernel:?} AES-{} len {len} aad {}", key_len * 8, aad.len());

                // Out of place, unaligned.
                let mut out_backing = vec![0u8; len + 16 + 16];
                let out = &mut out_backing[out_off..out_off + len + 16];
                assert_eq!(key.seal(&nonce, aad, pt, out), Ok(len + 16), "{id}");
                assert_eq!(&out[..len], ct, "{id}: ciphertext");
                assert_eq!(&out[len..], tag, "{id}: tag");

                // In place, unaligned.
                let mut in_place = vec![0u8; len + 16 + 16];
                let buf = &mut in_place[in_off..in_off + len];
                buf.copy_from_slice(pt);
                assert_eq!(
                    key.seal_in_place_detached(&nonce, aad, buf),
                    Ok(tag),
                    "{id}"
                );
                assert_eq!(buf, ct, "{id}: in place");

                // Open both ways.
                let mut back = vec![0u8; len + 16];
                let pt_out = &mut back[out_off % 8..out_off % 8 + len];
                assert_eq!(
                    key.open_detached(&nonce, aad, &ct, &tag, pt_out),
                    Ok(()),
                    "{id}: open"
                );
                assert_eq!(pt_out, pt, "{id}: open");
                assert_eq!(
                    key.open_in_place_detached(&nonce, aad, buf, &tag),
                    Ok(()),
                    "{id}: open in place"
                );
                assert_eq!(buf, pt, "{id}: open in place");

                // Tampered: a bit of the ciphertext (or, when empty, of the
                // AAD or tag) must fail and leave zeros.
                let mut bad = ct.clone();
                let mut bad_tag = tag;
                let mut bad_aad = aad.to_vec();
                match (len, aad.len()) {
                    (0, 0) => bad_tag[i % 16] ^= 1,
                    (0, n) => bad_aad[i % n] ^= 0x80,
                    (n, _) => bad[(i * 13) % n] ^= 1 << (i % 8),
                }
                assert_eq!(
                    key.open_in_place_detached(&nonce, &bad_aad, &mut bad, &bad_tag),
                    Err(Error::VerifyFailed),
                    "{id}: tampered"
                );
                assert!(bad.iter().all(|b| *b == 0), "{id}: not zeroed");
            }
        }
    }
}

/// Messages up to 256 bytes take a one-pass path on the VAES kernels (one
/// GHASH sum over an AAD block of at most 16 bytes, the ciphertext and the
/// lengths block, with up to eighteen powers of H): every such length
/// against every AAD length around its block edges, so that each count of
/// terms and each position of a partial block occurs.
#[test]
fn short_messages_every_length_and_aad_length() {
    let backing = bytes(512, 9);
    for kernel in kernels() {
        for key_len in [16usize, 32] {
            let key_bytes = bytes(key_len, 23);
            let key = forced(kernel, &key_bytes);
            for len in 0..=257usize {
                for aad_len in [0usize, 1, 8, 15, 16, 17, 31, 32, 33, 64] {
                    let nonce: [u8; 12] =
                        bytes(12, (len * 100 + aad_len) as u32).try_into().unwrap();
                    let aad = &backing[300..300 + aad_len];
                    let pt = &backing[len % 7..len % 7 + len];
                    let (ct, tag) = reference(&key_bytes, &nonce, aad, pt);
                    let id = format!("{kernel:?} AES-{} len {len} aad {aad_len}", key_len * 8);
                    let mut out = vec![0u8; len + 16];
                    assert_eq!(key.seal(&nonce, aad, pt, &mut out), Ok(len + 16), "{id}");
                    assert_eq!(&out[..len], ct, "{id}: ciphertext");
                    assert_eq!(&out[len..], tag, "{id}: tag");
                    let mut buf = pt.to_vec();
                    assert_eq!(
                        key.seal_in_place_detached(&nonce, aad, &mut buf),
                        Ok(tag),
                        "{id}"
                    );
                    assert_eq!(buf, ct, "{id}: in place");
                    assert_eq!(
                        key.open_in_place_detached(&nonce, aad, &mut buf, &tag),
                        Ok(()),
                        "{id}"
                    );
                    assert_eq!(buf, pt, "{id}: open");
                    // The tampered twin: one tag bit flipped must fail
                    // and leave zeros.
                    let mut bad_tag = tag;
                    bad_tag[(len + aad_len) % 16] ^= 1 << (len % 8);
                    let mut bad = ct.clone();
                    assert_eq!(
                        key.open_in_place_detached(&nonce, aad, &mut bad, &bad_tag),
                        Err(Error::VerifyFailed),
                        "{id}: tampered tag"
                    );
                    assert!(bad.iter().all(|b| *b == 0), "{id}: not zeroed");
                }
            }
        }
    }
}

#[test]
fn aad_in_pieces_against_rustcrypto() {
    let backing = bytes(4096, 2);
    for kernel in kernels() {
        for key_len in [16usize, 32] {
            let key_bytes = bytes(key_len, 11);
            let key = forced(kernel, &key_bytes);
            for aad_len in 0..=70usize {
                let aad = &backing[1..1 + aad_len];
                for (j, ct_len) in [0usize, 1, 16, 33, 130, 300].into_iter().enumerate() {
                    let nonce: [u8; 12] = bytes(12, (aad_len * 8 + j) as u32).try_into().unwrap();
                    let pt = &backing[100..100 + ct_len];
                    let (ct, tag) = reference(&key_bytes, &nonce, aad, pt);
                    // Cut points: every split into two and a few into many
                    // pieces, with empty pieces included.
                    let mut cuts: Vec<Vec<usize>> = (0..=aad_len).map(|c| vec![c]).collect();
                    cuts.push((0..=aad_len).step_by(3).collect());
                    cuts.push(vec![0, 0, aad_len / 2, aad_len / 2, aad_len]);
                    cuts.push((0..=aad_len).step_by(17).collect());
                    for cut in cuts {
                        let mut pieces: Vec<&[u8]> = Vec::new();
                        let mut prev = 0;
                        for &c in &cut {
                            pieces.push(&aad[prev..c]);
                            prev = c;
                        }
                        pieces.push(&aad[prev..]);
                        let id = format!("{kernel:?} aad {aad_len} ct {ct_len} cuts {cut:?}");
                        let mut out = vec![0u8; ct_len];
                        let t = k::aes_gcm_seal_parts(&key, &nonce, &pieces, pt, &mut out);
                        assert_eq!(t, Ok(tag), "{id}");
                        assert_eq!(out, ct, "{id}");
                        let mut buf = ct.clone();
                        assert_eq!(
                            k::aes_gcm_open_parts_in_place(&key, &nonce, &pieces, &mut buf, &tag),
                            Ok(()),
                            "{id}: open"
                        );
                        assert_eq!(buf, pt, "{id}: open");
                        // The same bytes moved between pieces still verify;
                        // one more byte does not.
                        let mut longer = pieces.clone();
                        longer.push(&backing[..1]);
                        let mut out = vec![0u8; ct_len];
                        assert_eq!(
                            k::aes_gcm_open_parts(&key, &nonce, &longer, &ct, &mut out, &tag),
                            Err(Error::VerifyFailed),
                            "{id}: extra AAD byte"
                        );
                        assert!(out.iter().all(|b| *b == 0), "{id}: output written");
                    }
                }
            }
        }
    }
}

#[test]
fn kernels_agree_with_each_other_on_random_inputs() {
    // Random (not only deterministic) inputs: seeds from the clock, printed
    // so a failure can be replayed.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    println!("seed {seed}");
    let all = kernels();
    for round in 0..200u32 {
        let s = seed.wrapping_add(round);
        let params = bytes(8, s);
        let key_bytes = bytes(if params[0] & 1 == 0 { 16 } else { 32 }, s ^ 1);
        let len = (u32::from_le_bytes(params[1..5].try_into().unwrap()) % 3000) as usize;
        let aad = bytes(params[5] as usize % 90, s ^ 2);
        let pt = bytes(len, s ^ 3);
        let nonce: [u8; 12] = bytes(12, s ^ 4).try_into().unwrap();
        let (ct, tag) = reference(&key_bytes, &nonce, &aad, &pt);
        for &kernel in &all {
            let key = forced(kernel, &key_bytes);
            let mut buf = pt.clone();
            assert_eq!(
                key.seal_in_place_detached(&nonce, &aad, &mut buf),
                Ok(tag),
                "{kernel:?} seed {s}"
            );
            assert_eq!(buf, ct, "{kernel:?} seed {s}");
        }
    }
}
