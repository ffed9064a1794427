//! Every HMAC/SHA-256 implementation forced in turn (the portable path and,
//! where the CPU has it, SHA-NI single and interleaved batch) and compared
//! with RustCrypto's `hmac`/`sha2` on every message length 0..=1024 plus
//! large ones, at unaligned offsets, and on the shared vectors.

mod common;
use common::*;

use hmac::{KeyInit, Mac};
use paycrypt::{__kernels as k, HmacKey};

fn reference(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut m = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).unwrap();
    m.update(msg);
    m.finalize().into_bytes().into()
}

/// Deterministic test bytes.
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

type SignFn = fn(&HmacKey, &[u8]) -> Option<[u8; 32]>;

fn paths() -> Vec<(&'static str, SignFn)> {
    let mut v: Vec<(&'static str, SignFn)> =
        vec![("portable", |key, m| Some(k::hmac_portable(key, m)))];
    #[cfg(target_arch = "x86_64")]
    v.push(("sha-ni", k::hmac_shani));
    v
}

fn shani_available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        k::hmac_shani(&HmacKey::new(b"k"), b"m").is_some()
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

#[test]
fn every_length_every_path() {
    if !shani_available() {
        println!("NOTE: this CPU lacks SHA-NI; only the portable path is tested here");
    }
    let backing = bytes(20_000 + 3, 1);
    for (name, sign) in paths() {
        for key_len in [0usize, 32, 64, 65, 131] {
            let key_bytes = bytes(key_len, key_len as u32 + 7);
            let key = HmacKey::new(&key_bytes);
            let lengths = (0..=1024).chain([4095, 4096, 4097, 16384, 20_000]);
            for (i, len) in lengths.enumerate() {
                let off = i % 4; // unaligned starts
                let msg = &backing[off..off + len];
                let Some(tag) = sign(&key, msg) else { continue };
                assert_eq!(
                    tag,
                    reference(&key_bytes, msg),
                    "{name}: key {key_len} msg {len} off {off}"
                );
            }
        }
    }
}

#[test]
fn batch_paths_with_uneven_lengths() {
    let key_bytes = bytes(32, 99);
    let key = HmacKey::new(&key_bytes);
    // Lengths chosen so lanes finish at different times and refill:
    // 0, around the 55/56/64 padding edges, and long messages.
    let lens: Vec<usize> = [
        0usize, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 3, 5000, 17, 300, 64, 0, 2048, 7,
    ]
    .into_iter()
    .chain((0..200).map(|i| (i * 37) % 700))
    .collect();
    let backing = bytes(6000, 5);
    let msgs: Vec<&[u8]> = lens
        .iter()
        .enumerate()
        .map(|(i, &n)| &backing[i % 3..i % 3 + n])
        .collect();
    let expected: Vec<[u8; 32]> = msgs.iter().map(|m| reference(&key_bytes, m)).collect();
    for count in [0usize, 1, 2, 3, 4, 5, 7, 8, 9, msgs.len()] {
        let mut tags = vec![[0u8; 32]; count];
        k::hmac_batch_portable(&key, &msgs[..count], &mut tags);
        assert_eq!(tags, expected[..count], "portable batch of {count}");
        #[cfg(target_arch = "x86_64")]
        {
            let mut tags = vec![[0u8; 32]; count];
            if k::hmac_batch_shani(&key, &msgs[..count], &mut tags).is_some() {
                assert_eq!(tags, expected[..count], "sha-ni batch of {count}");
            }
        }
        let mut tags = vec![[0u8; 32]; count];
        key.sign_batch(&msgs[..count], &mut tags).unwrap();
        assert_eq!(tags, expected[..count], "dispatched batch of {count}");
    }
}

/// Runs of four messages of one length take the lock-step path, whose
/// all-padding block (lengths that are multiples of 64, or 56..63 past
/// one) is expanded once per length and reused: every length around the
/// padding edges, groups whose length changes (so the reused block must
/// be recomputed), and runs broken by a message of another length.
#[test]
fn batch_runs_of_one_length() {
    let key_bytes = bytes(20, 3);
    let key = HmacKey::new(&key_bytes);
    let backing = bytes(5000 + 16, 11);
    let check = |lens: &[usize], what: &str| {
        let msgs: Vec<&[u8]> = lens
            .iter()
            .enumerate()
            .map(|(i, &n)| &backing[i % 16..i % 16 + n])
            .collect();
        let expected: Vec<[u8; 32]> = msgs.iter().map(|m| reference(&key_bytes, m)).collect();
        let mut tags = vec![[0u8; 32]; msgs.len()];
        key.sign_batch(&msgs, &mut tags).unwrap();
        assert_eq!(tags, expected, "dispatched batch: {what}");
        #[cfg(target_arch = "x86_64")]
        {
            let mut tags = vec![[0u8; 32]; msgs.len()];
            if k::hmac_batch_shani(&key, &msgs, &mut tags).is_some() {
                assert_eq!(tags, expected, "sha-ni batch: {what}");
            }
        }
    };
    for len in (0..=300).chain([447, 448, 503, 504, 511, 512, 1000, 4096, 4097]) {
        // Two groups of four and a remainder of three.
        check(&[len; 11], &format!("eleven of length {len}"));
    }
    let groups = [64usize, 128, 64, 56, 120, 0, 0, 63, 55, 64];
    let lens: Vec<usize> = groups.iter().flat_map(|&n| [n; 4]).collect();
    check(&lens, "groups of changing lengths");
    let mut broken = vec![64usize; 4];
    broken.push(100);
    broken.extend([64; 4]);
    broken.extend([64, 64, 65, 64, 64, 64, 64, 64]);
    check(&broken, "runs broken by other lengths");
}

#[cfg(target_arch = "x86_64")]
#[test]
fn shared_vectors_on_every_path() {
    let mut cases = load("rfc4231_hmac_sha256.txt");
    cases.extend(load("wycheproof_hmac_sha256.txt"));
    for (name, sign) in paths() {
        for c in &cases {
            let (key_bytes, msg, tag) = (c.hex("Key"), c.hex("Msg"), c.hex("Tag"));
            let Some(ours) = sign(&HmacKey::new(&key_bytes), &msg) else {
                continue;
            };
            assert_eq!(
                ours[..tag.len()] == tag[..],
                c.valid(),
                "{name}: {}",
                c.id()
            );
        }
    }
}
