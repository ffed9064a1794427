//! The SHA-256 block compression function (FIPS 180-4, 6.2.2) written for
//! size: one round body executed 64 times, with the message schedule kept
//! as a rolling window of 16 words. About 0.35 KB of Cortex-M4 code and a
//! 184-byte frame, against 6.7 KB for the sha2 crate's unrolled
//! compression at the same opt-level.
//!
//! This is the compression function of the firmware build (bare-metal
//! targets; see [`crate::sha256`]); on other targets it is compiled and
//! tested but unused unless `--cfg paycrypt_sha256="compact"` selects it.
//! It has no secret-dependent branches or memory indices: every index is
//! the round number.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(any(
        paycrypt_sha256 = "compact",
        all(target_os = "none", not(paycrypt_sha256 = "sha2"))
    )),
    allow(dead_code)
)]

use zeroize::Zeroize;

use crate::sha256::BLOCK_LEN;

/// The round constants (FIPS 180-4, 4.2.2).
const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// Absorb whole 64-byte blocks into `state`.
pub(crate) fn compress(state: &mut [u32; 8], blocks: &[[u8; BLOCK_LEN]]) {
    for block in blocks {
        compress_block(state, block);
    }
}

/// One block. Kept out of line so that every caller shares one copy.
#[inline(never)]
fn compress_block(state: &mut [u32; 8], block: &[u8; BLOCK_LEN]) {
    let mut w = [0u32; 16];
    for (word, bytes) in w.iter_mut().zip(block.as_chunks::<4>().0) {
        *word = u32::from_be_bytes(*bytes);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for (t, k) in K.iter().enumerate() {
        // W[t] for t >= 16 replaces W[t - 16] in the window (FIPS 180-4,
        // 6.2.2 step 1, computed as the rounds need it).
        if t >= 16 {
            let w15 = w[(t + 1) % 16];
            let w2 = w[(t + 14) % 16];
            let s0 = w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3);
            let s1 = w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10);
            w[t % 16] = w[t % 16]
                .wrapping_add(s0)
                .wrapping_add(w[(t + 9) % 16])
                .wrapping_add(s1);
        }
        let big_s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = h
            .wrapping_add(big_s1)
            .wrapping_add(ch)
            .wrapping_add(*k)
            .wrapping_add(w[t % 16]);
        let big_s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = big_s0.wrapping_add(maj);
        h = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2);
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.wrapping_add(v);
    }
    w.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_sha2_compress() {
        // Deterministic pseudo-random blocks and states; the shared-vector
        // and differential tests live in `crate::compact_tests`.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for n in 0..5 {
            let mut blocks = [[0u8; BLOCK_LEN]; 4];
            for b in blocks.as_flattened_mut() {
                *b = next() as u8;
            }
            let mut ours = [0u32; 8];
            for s in &mut ours {
                *s = next() as u32;
            }
            let mut theirs = ours;
            compress(&mut ours, &blocks[..n % 5]);
            sha2::block_api::compress256(&mut theirs, &blocks[..n % 5]);
            assert_eq!(ours, theirs);
        }
    }
}
