//! Host tests of the firmware code paths, which a host build compiles but
//! does not select: the rolled SHA-256 compression
//! ([`crate::sha256_compact`]) and the compact AES-GCM engine
//! ([`crate::gcm::compact`]). They run the shared vector files
//! (`tests/vectors/`: NIST SHA-256 and AES-GCM, RFC 4231, Wycheproof
//! HMAC-SHA256 and AES-GCM) and random differential checks against
//! RustCrypto (`sha2`, `hmac`, `aes-gcm`).
//!
//! The whole suite (C ABI included) can also run with these paths selected:
//! `make compact-test` builds with `--cfg paycrypt_sha256="compact"
//! --cfg paycrypt_gcm="compact"`.

use std::string::String;
use std::vec::Vec;
use std::{format, vec};

use inout::InOutBuf;
use proptest::prelude::*;

use crate::gcm::compact::Compact;
use crate::gcm::GcmEngine;
use crate::sha256::{BLOCK_LEN, IV};
use crate::sha256_compact::compress;
use crate::Error;

// ---------------------------------------------------------------------------
// The vector files (format: see any file's header)

struct Case {
    id: String,
    fields: Vec<(String, String)>,
}

impl Case {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn hex(&self, name: &str) -> Vec<u8> {
        let s = self
            .get(name)
            .unwrap_or_else(|| panic!("{}: no {name}", self.id));
        (0..s.len() / 2)
            .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex"))
            .collect()
    }
    fn valid(&self) -> bool {
        match self.get("Result").unwrap_or("valid") {
            "valid" => true,
            "invalid" => false,
            other => panic!("{}: Result {other}", self.id),
        }
    }
}

fn load(file: &str) -> Vec<Case> {
    let path = format!("{}/tests/vectors/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut cases = Vec::new();
    let mut section = String::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.lines().map(str::trim_end).chain([""]) {
        if line.starts_with('#') {
            continue;
        }
        if line.is_empty() || line.starts_with('[') {
            if !fields.is_empty() {
                let n = cases.len();
                cases.push(Case {
                    id: format!("{file} [{section}] case {n}"),
                    fields: core::mem::take(&mut fields),
                });
            }
            if let Some(name) = line.strip_prefix('[') {
                section = name.trim_end_matches(']').into();
            }
        } else {
            let (k, v) = line.split_once('=').expect("Field = value");
            fields.push((k.trim().into(), v.trim().into()));
        }
    }
    assert!(!cases.is_empty(), "{file}: no cases");
    cases
}

// ---------------------------------------------------------------------------
// SHA-256 and HMAC-SHA256 on the rolled compression

fn sha256(msg: &[u8]) -> [u8; 32] {
    let mut state = IV;
    let (blocks, rest) = msg.as_chunks::<BLOCK_LEN>();
    compress(&mut state, blocks);
    let mut last = [[0u8; BLOCK_LEN]; 2];
    let n = if rest.len() < BLOCK_LEN - 8 { 1 } else { 2 };
    let flat = last.as_flattened_mut();
    flat[..rest.len()].copy_from_slice(rest);
    flat[rest.len()] = 0x80;
    flat[n * BLOCK_LEN - 8..n * BLOCK_LEN].copy_from_slice(&(msg.len() as u64 * 8).to_be_bytes());
    compress(&mut state, &last[..n]);
    let mut out = [0u8; 32];
    for (o, w) in out.chunks_exact_mut(4).zip(state) {
        o.copy_from_slice(&w.to_be_bytes());
    }
    out
}

fn hmac(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut k = [0u8; BLOCK_LEN];
    if key.len() > BLOCK_LEN {
        k[..32].copy_from_slice(&sha256(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let inner: Vec<u8> = k
        .iter()
        .map(|b| b ^ 0x36)
        .chain(msg.iter().copied())
        .collect();
    let outer: Vec<u8> = k
        .iter()
        .map(|b| b ^ 0x5c)
        .chain(sha256(&inner).iter().copied())
        .collect();
    sha256(&outer)
}

#[test]
fn sha256_nist_vectors() {
    let cases = load("nist_sha256.txt");
    for c in &cases {
        let repeat = c.get("Repeat").map_or(1, |r| r.parse().unwrap());
        let msg = c.hex("Msg").repeat(repeat);
        assert_eq!(sha256(&msg).to_vec(), c.hex("Digest"), "{}", c.id);
    }
    assert!(cases.len() > 100);
}

#[test]
fn hmac_rfc4231_and_wycheproof() {
    let mut n = 0;
    for file in ["rfc4231_hmac_sha256.txt", "wycheproof_hmac_sha256.txt"] {
        for c in &load(file) {
            let tag = c.hex("Tag");
            let ours = hmac(&c.hex("Key"), &c.hex("Msg"));
            let matches = tag.len() <= 32 && ours[..tag.len()] == tag[..];
            assert_eq!(matches, c.valid(), "{}", c.id);
            n += 1;
        }
    }
    assert!(n > 100);
}

// ---------------------------------------------------------------------------
// The compact AES-GCM engine

/// Seal through the engine, with the AAD cut at `cut` into two pieces (and,
/// with `both`, also out of place, which must agree); returns
/// ciphertext || tag.
fn seal(e: &Compact, nonce: &[u8; 12], aad: &[u8], cut: usize, pt: &[u8], both: bool) -> Vec<u8> {
    let (a1, a2) = aad.split_at(cut.min(aad.len()));
    let mut out = pt.to_vec();
    let tag = e.seal(nonce, &[a1, a2], InOutBuf::from(&mut out[..]));
    if both {
        let mut out2 = vec![0u8; pt.len()];
        let tag2 = e.seal(nonce, &[aad], InOutBuf::new(pt, &mut out2).unwrap());
        assert_eq!((&out, tag), (&out2, tag2), "in place vs out of place");
    }
    out.extend_from_slice(&tag);
    out
}

fn open(
    e: &Compact,
    nonce: &[u8; 12],
    aad: &[u8],
    ct: &[u8],
    tag: &[u8],
) -> Result<Vec<u8>, Error> {
    let tag: [u8; 16] = tag.try_into().unwrap();
    let mut buf = ct.to_vec();
    let r = e.open(nonce, &[aad], InOutBuf::from(&mut buf[..]), &tag);
    if r.is_err() {
        assert_eq!(buf, ct, "a failed open left the buffer as it was");
    }
    r.map(|()| buf)
}

#[test]
fn gcm_nist_and_wycheproof_vectors() {
    let mut n = 0;
    for (file, pt_field) in [
        ("nist_cavp_aes_gcm.txt", "PT"),
        ("wycheproof_aes_gcm.txt", "Msg"),
    ] {
        for c in &load(file) {
            let (key, aad, ct, tag) = (c.hex("Key"), c.hex("AAD"), c.hex("CT"), c.hex("Tag"));
            let nonce: [u8; 12] = c.hex("IV").try_into().expect("96-bit IV");
            let e = Compact::new(&key).unwrap();
            assert_eq!(e.key_bits() as usize, key.len() * 8);
            if !c.valid() {
                assert_eq!(
                    open(&e, &nonce, &aad, &ct, &tag),
                    Err(Error::VerifyFailed),
                    "{}",
                    c.id
                );
                continue;
            }
            let pt = c.hex(pt_field);
            let mut expected = ct.clone();
            expected.extend_from_slice(&tag);
            let both = n % 8 == 0;
            assert_eq!(
                seal(&e, &nonce, &aad, n % 23, &pt, both),
                expected,
                "{}",
                c.id
            );
            assert_eq!(open(&e, &nonce, &aad, &ct, &tag), Ok(pt), "{}", c.id);
            let mut bad = tag.clone();
            bad[n % 16] ^= 1 << (n % 8);
            assert_eq!(
                open(&e, &nonce, &aad, &ct, &bad),
                Err(Error::VerifyFailed),
                "{}: tampered tag",
                c.id
            );
            n += 1;
        }
    }
    assert!(n > 1000, "{n} valid cases");
    assert!(Compact::new(&[0u8; 24]).is_err());
    assert!(Compact::new(&[]).is_err());
}

fn aes_key() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 16),
        prop::collection::vec(any::<u8>(), 32)
    ]
}

proptest! {
    // Few cases: unoptimised test builds run the compact AES slowly, and
    // `make compact-test` runs the full property suite through it as well.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn gcm_matches_rustcrypto(key in aes_key(), nonce in any::<[u8; 12]>(),
                              aad in prop::collection::vec(any::<u8>(), 0..70),
                              pt in prop::collection::vec(any::<u8>(), 0..300),
                              cut in 0usize..80) {
        use aes_gcm::aead::{Aead, KeyInit as _, Payload};
        let payload = Payload { msg: &pt, aad: &aad };
        let reference = if key.len() == 16 {
            aes_gcm::Aes128Gcm::new_from_slice(&key).unwrap().encrypt(&nonce.into(), payload)
        } else {
            aes_gcm::Aes256Gcm::new_from_slice(&key).unwrap().encrypt(&nonce.into(), payload)
        }.unwrap();
        let e = Compact::new(&key).unwrap();
        prop_assert_eq!(&seal(&e, &nonce, &aad, cut, &pt, true), &reference);
        let (ct, tag) = reference.split_at(pt.len());
        prop_assert_eq!(open(&e, &nonce, &aad, ct, tag), Ok(pt.clone()));
        let mut bad_aad = aad.clone();
        bad_aad.push(0);
        prop_assert_eq!(open(&e, &nonce, &bad_aad, ct, tag), Err(Error::VerifyFailed));
    }

    #[test]
    fn sha256_and_hmac_match_rustcrypto(key in prop::collection::vec(any::<u8>(), 0..150),
                                        msg in prop::collection::vec(any::<u8>(), 0..300)) {
        use hmac::{KeyInit, Mac};
        use sha2::Digest;
        let digest: [u8; 32] = sha2::Sha256::digest(&msg).into();
        prop_assert_eq!(sha256(&msg), digest);
        let mut m = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&key).unwrap();
        m.update(&msg);
        let tag: [u8; 32] = m.finalize().into_bytes().into();
        prop_assert_eq!(hmac(&key, &msg), tag);
    }
}
