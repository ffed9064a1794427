//! The compact engine, for firmware: the bitsliced AES of
//! [`super::aes_compact`], CTR one block at a time, and GHASH by masked
//! shift-and-xor (SP 800-38D, Algorithm 1, with the conditional steps done
//! by masks). No tables, no secret-dependent branches or indices, no heap,
//! small stack frames.
//!
//! Selected for bare-metal targets (`target_os = "none"`); elsewhere it is
//! compiled and tested against the shared vectors and RustCrypto's
//! `aes-gcm`, and `--cfg paycrypt_gcm="compact"` selects it for a whole
//! build (see [`super::Engine`]).
#![forbid(unsafe_code)]
// Indexed loops over fixed-size arrays: at opt-level "z" they compile to
// smaller code than iterator adaptors, which stay out of line there.
#![allow(clippy::needless_range_loop)]
#![cfg_attr(
    not(any(
        paycrypt_gcm = "compact",
        all(target_os = "none", not(paycrypt_gcm = "portable"))
    )),
    allow(dead_code)
)]

use core::hint::black_box;

use inout::InOutBuf;
use zeroize::Zeroize;

use super::aes_compact::{Aes, BLOCK};
use super::GcmEngine;
use crate::aes_gcm::{NONCE_LEN, TAG_LEN};
use crate::Error;

/// The AES key schedule and the GHASH key H (as big-endian words); both
/// zeroized on drop.
#[derive(Clone)]
pub(crate) struct Compact {
    aes: Aes,
    h: [u32; 4],
}

const _: () = assert!(core::mem::size_of::<Compact>() <= 64);

impl GcmEngine for Compact {
    fn new(key: &[u8]) -> Result<Self, Error> {
        let mut engine = Compact {
            aes: Aes::new(key).ok_or(Error::KeyLength)?,
            h: [0; 4],
        };
        let mut zero = [0u8; BLOCK];
        engine.aes.encrypt(&mut zero);
        for (word, bytes) in engine.h.iter_mut().zip(zero.as_chunks::<4>().0) {
            *word = u32::from_be_bytes(*bytes);
        }
        zero.zeroize();
        Ok(engine)
    }

    fn key_bits(&self) -> u32 {
        self.aes.key_bits()
    }

    fn seal(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[&[u8]],
        mut buf: InOutBuf<'_, '_, u8>,
    ) -> [u8; TAG_LEN] {
        self.ctr(nonce, buf.reborrow());
        self.tag(nonce, aad, buf.get_out())
    }

    fn open(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[&[u8]],
        buf: InOutBuf<'_, '_, u8>,
        tag: &[u8; TAG_LEN],
    ) -> Result<(), Error> {
        let mut expected = self.tag(nonce, aad, buf.get_in());
        let ok = crate::util::ct_equal(&expected, tag);
        expected.zeroize();
        if ok {
            self.ctr(nonce, buf);
            Ok(())
        } else {
            Err(Error::VerifyFailed)
        }
    }
}

impl Compact {
    /// The counter block `nonce || counter` (big-endian 32-bit counter).
    fn counter_block(nonce: &[u8; NONCE_LEN], counter: u32) -> [u8; BLOCK] {
        let mut block = [0u8; BLOCK];
        block[..NONCE_LEN].copy_from_slice(nonce);
        block[NONCE_LEN..].copy_from_slice(&counter.to_be_bytes());
        block
    }

    /// XOR the keystream from counter J0 + 1 = 2 into `buf`, one block at a
    /// time (the counter wraps modulo 2^32, as GCM's inc32 does).
    fn ctr(&self, nonce: &[u8; NONCE_LEN], buf: InOutBuf<'_, '_, u8>) {
        let mut counter = 2u32;
        let mut keystream = [0u8; BLOCK];
        for (i, mut byte) in buf.into_iter().enumerate() {
            if i % BLOCK == 0 {
                keystream = Self::counter_block(nonce, counter);
                self.aes.encrypt(&mut keystream);
                counter = counter.wrapping_add(1);
            }
            let x = *byte.get_in() ^ keystream[i % BLOCK];
            *byte.get_out() = x;
        }
        keystream.zeroize();
    }

    /// GHASH(H, A, C) XOR E(K, J0), with A given as consecutive pieces.
    fn tag(&self, nonce: &[u8; NONCE_LEN], aad: &[&[u8]], ct: &[u8]) -> [u8; TAG_LEN] {
        let mut g = Ghash {
            h: &self.h,
            y: [0; BLOCK],
            fill: 0,
        };
        let mut aad_len = 0u64;
        for piece in aad {
            g.update(piece);
            aad_len = aad_len.wrapping_add(piece.len() as u64);
        }
        g.pad();
        g.update(ct);
        g.pad();
        let mut lengths = [0u8; BLOCK];
        lengths[..8].copy_from_slice(&aad_len.wrapping_mul(8).to_be_bytes());
        lengths[8..].copy_from_slice(&(ct.len() as u64).wrapping_mul(8).to_be_bytes());
        g.update(&lengths);
        let mut mask = Self::counter_block(nonce, 1);
        self.aes.encrypt(&mut mask);
        for i in 0..BLOCK {
            mask[i] ^= g.y[i];
        }
        g.y.zeroize();
        mask
    }
}

impl Drop for Compact {
    fn drop(&mut self) {
        self.aes.zeroize();
        self.h.zeroize();
    }
}

/// A running GHASH: `y` accumulates input bytes and is multiplied by H at
/// every 16th byte.
struct Ghash<'h> {
    h: &'h [u32; 4],
    y: [u8; BLOCK],
    fill: usize,
}

impl Ghash<'_> {
    fn update(&mut self, data: &[u8]) {
        for byte in data {
            self.y[self.fill % BLOCK] ^= byte;
            self.fill += 1;
            if self.fill == BLOCK {
                gf128_mul(&mut self.y, self.h);
                self.fill = 0;
            }
        }
    }

    /// Complete a partial block with zeros.
    fn pad(&mut self) {
        if self.fill != 0 {
            gf128_mul(&mut self.y, self.h);
            self.fill = 0;
        }
    }
}

/// `y = y * H` in GCM's GF(2^128) (SP 800-38D, 6.3, Algorithm 1): for each
/// bit of `y`, most significant first, Z ^= V under a mask of that bit,
/// then V = V * x, reducing by R = 0xe1 || 0^120 under a mask of V's last
/// bit. 128 iterations whatever the values; the masks go through
/// `black_box` so that the compiler keeps them masks rather than turning
/// them into conditional code.
#[inline(never)]
fn gf128_mul(y: &mut [u8; BLOCK], h: &[u32; 4]) {
    let [mut v0, mut v1, mut v2, mut v3] = *h;
    let [mut z0, mut z1, mut z2, mut z3] = [0u32; 4];
    for i in 0..128 {
        let bit = u32::from(y[i / 8] >> (7 - i % 8)) & 1;
        let take = black_box(0u32.wrapping_sub(bit));
        z0 ^= v0 & take;
        z1 ^= v1 & take;
        z2 ^= v2 & take;
        z3 ^= v3 & take;
        let reduce = black_box(0u32.wrapping_sub(v3 & 1));
        v3 = (v3 >> 1) | (v2 << 31);
        v2 = (v2 >> 1) | (v1 << 31);
        v1 = (v1 >> 1) | (v0 << 31);
        v0 = (v0 >> 1) ^ (0xe100_0000 & reduce);
    }
    y[..4].copy_from_slice(&z0.to_be_bytes());
    y[4..8].copy_from_slice(&z1.to_be_bytes());
    y[8..12].copy_from_slice(&z2.to_be_bytes());
    y[12..].copy_from_slice(&z3.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gf128_mul_by_one_and_known_product() {
        // In GCM's bit order the field's 1 is 0x80 00 .. 00.
        let mut h = [0u32; 4];
        h[0] = 0x8000_0000;
        let mut y = [0x5au8; 16];
        gf128_mul(&mut y, &h);
        assert_eq!(y, [0x5a; 16]);
        // GCM spec test case 2: H = 66e94bd4ef8a2c3b884cfa59ca342b2e,
        // C = 0388dace60b6a392f328c2b971b2fe78, len block 0..0 | 0x80:
        // GHASH = f38cbb1ad69223dcc3457ae5b6b0f885.
        let hb = [0x66e9_4bd4, 0xef8a_2c3b, 0x884c_fa59, 0xca34_2b2e];
        let mut y = [
            0x03, 0x88, 0xda, 0xce, 0x60, 0xb6, 0xa3, 0x92, 0xf3, 0x28, 0xc2, 0xb9, 0x71, 0xb2,
            0xfe, 0x78,
        ];
        gf128_mul(&mut y, &hb);
        y[15] ^= 0x80;
        gf128_mul(&mut y, &hb);
        assert_eq!(
            y,
            [
                0xf3, 0x8c, 0xbb, 0x1a, 0xd6, 0x92, 0x23, 0xdc, 0xc3, 0x45, 0x7a, 0xe5, 0xb6, 0xb0,
                0xf8, 0x85
            ]
        );
    }
}
