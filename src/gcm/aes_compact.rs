//! AES-128 and AES-256 encryption (FIPS 197) for the compact GCM engine:
//! bitsliced, table-free, constant time, written for code size and stack.
//!
//! A block is held as eight bit planes: plane `i` holds bit `i` of each of
//! the 16 state bytes, byte `p` (FIPS 197 input order, so row `p % 4` and
//! column `p / 4`) at bit `p`; a `u32` per plane, the state in its low 16
//! bits.
//!
//! * SubBytes computes the multiplicative inverse in GF(2^8) as x^254 with
//!   four multiplications (Horner's rule on whole planes: AND and XOR) and
//!   seven squarings (a linear map of the planes), then the affine map. No
//!   table, no branch, no index depends on data.
//! * ShiftRows rotates each row's bits of a plane; MixColumns rotates rows
//!   inside each column (a nibble of the plane) and multiplies by x by
//!   permuting and XORing planes.
//! * The key schedule runs on the fly, in the same bitsliced form: the key
//!   holds only the first round keys (32 bytes), and each round's SubWord
//!   rides in the upper 16 bits of the planes through the round's SubBytes,
//!   so it costs no extra S-box evaluation. The key's column 3, rotated
//!   within the column (RotWord), substituted, plus Rcon, then XORed into
//!   the running prefix XOR of the columns of the round key two (AES-256)
//!   or one (AES-128) rounds back, is the next round key (FIPS 197, 5.2).
//!
//! One block at a time: the cipher state is 32 bytes, the key 36. About
//! 1 KB of Cortex-M4 code. Slow next to a table or fixsliced
//! implementation: about 42,000 instructions an AES-256 block and 31,000
//! an AES-128 block (QEMU instruction counts), several times what
//! RustCrypto's fixsliced code needs; the firmware profile trades that for
//! size.
#![forbid(unsafe_code)]
// Indexed loops over fixed-size arrays: at opt-level "z" they compile to
// smaller code than iterator adaptors, which stay out of line there.
#![allow(clippy::needless_range_loop)]

use zeroize::Zeroize;

/// Block size in bytes.
pub(crate) const BLOCK: usize = 16;

/// A bitsliced block (see the module documentation).
type State = [u32; 8];

/// An AES-128 or AES-256 encryption key: its first round keys, bitsliced.
#[derive(Clone)]
pub(crate) struct Aes {
    /// Round key 0 in the low and round key 1 (AES-256; zero in AES-128)
    /// in the high 16 bits of each plane.
    key: [u32; 8],
    /// AES-256 (14 rounds) rather than AES-128 (10 rounds).
    wide: bool,
}

impl Aes {
    /// A 16- or 32-byte key; `None` for any other length.
    pub(crate) fn new(key: &[u8]) -> Option<Self> {
        let wide = match key.len() {
            16 => false,
            32 => true,
            _ => return None,
        };
        let mut aes = Aes { key: [0; 8], wide };
        for (half, block) in key.as_chunks::<BLOCK>().0.iter().enumerate() {
            let mut planes = bitslice(block);
            for i in 0..8 {
                aes.key[i] |= planes[i] << (16 * half);
            }
            planes.zeroize();
        }
        Some(aes)
    }

    /// 128 or 256.
    pub(crate) fn key_bits(&self) -> u32 {
        if self.wide {
            256
        } else {
            128
        }
    }

    /// Encrypt one block in place.
    pub(crate) fn encrypt(&self, block: &mut [u8; BLOCK]) {
        let rounds = if self.wide { 14 } else { 10 };
        let mut s = bitslice(block);
        // Round key r lives in keys[r % 2], over round key r - 2 (16-bit
        // planes); round key r - 1 is in the other slot.
        let mut keys = [[0u32; 8]; 2];
        let mut scratch = [[0u32; 8]; 3];
        for i in 0..8 {
            keys[0][i] = self.key[i] & 0xffff;
            keys[1][i] = self.key[i] >> 16;
            s[i] ^= keys[0][i];
        }
        let mut rcon = 1u32;
        for r in 1..=rounds {
            let (new, last) = if r % 2 == 0 { (0, 1) } else { (1, 0) };
            // Words 4r.. of the schedule: SubWord(RotWord(w)) ^ Rcon at the
            // start of each key length, plain SubWord halfway in AES-256.
            let rotate = !self.wide || r % 2 == 0;
            for i in 0..8 {
                let column3 = (keys[last][i] >> 12) & 0xf;
                let t = if rotate { rot_row1(column3) } else { column3 };
                s[i] = (s[i] & 0xffff) | (t << 16);
            }
            sub_bytes(&mut s, &mut scratch);
            // AES-256's round key 1 is the key's second half, as loaded.
            if !(self.wide && r == 1) {
                for i in 0..8 {
                    let mut t = (s[i] >> 16) & 0xf;
                    if rotate {
                        t ^= (rcon >> i) & 1;
                    }
                    let mut base = if self.wide {
                        keys[new][i]
                    } else {
                        keys[last][i]
                    };
                    base ^= (base << 4) & 0xffff;
                    base ^= (base << 8) & 0xffff;
                    keys[new][i] = base ^ (t * 0x1111);
                }
            }
            if rotate {
                rcon = (rcon << 1) ^ (0x11b & 0u32.wrapping_sub(rcon >> 7));
            }
            shift_rows(&mut s);
            if r < rounds {
                mix_columns(&mut s);
            }
            for i in 0..8 {
                s[i] ^= keys[new][i];
            }
        }
        *block = unbitslice(&s);
        s.zeroize();
        keys.zeroize();
        scratch.zeroize();
    }
}

impl Zeroize for Aes {
    fn zeroize(&mut self) {
        self.key.zeroize();
        self.wide.zeroize();
    }
}

/// Bytes to bit planes.
fn bitslice(block: &[u8; BLOCK]) -> State {
    let mut s = [0u32; 8];
    for p in 0..BLOCK {
        for i in 0..8 {
            s[i] |= ((u32::from(block[p]) >> i) & 1) << p;
        }
    }
    s
}

/// Bit planes (their low 16 bits) to bytes.
fn unbitslice(s: &State) -> [u8; BLOCK] {
    let mut block = [0u8; BLOCK];
    for p in 0..BLOCK {
        for i in 0..8 {
            block[p] |= (((s[i] >> p) & 1) as u8) << i;
        }
    }
    block
}

/// `out = a * b` in GF(2^8), for all bytes at once: Horner's rule over the
/// bits of `a`, most significant first; at each step the accumulator is
/// multiplied by x (planes move up one, plane 7 wraps into the planes of
/// x^8 = x^4 + x^3 + x + 1) and `b` is added where `a` has the bit. The
/// accumulator stays in registers.
#[inline(never)]
fn mul(out: &mut State, a: &State, b: &State) {
    let [b0, b1, b2, b3, b4, b5, b6, b7] = *b;
    let [mut o0, mut o1, mut o2, mut o3, mut o4, mut o5, mut o6, mut o7] = [0u32; 8];
    for i in (0..8).rev() {
        let top = o7;
        o7 = o6;
        o6 = o5;
        o5 = o4;
        o4 = o3 ^ top;
        o3 = o2 ^ top;
        o2 = o1;
        o1 = o0 ^ top;
        o0 = top;
        let ai = a[i];
        o0 ^= ai & b0;
        o1 ^= ai & b1;
        o2 ^= ai & b2;
        o3 ^= ai & b3;
        o4 ^= ai & b4;
        o5 ^= ai & b5;
        o6 ^= ai & b6;
        o7 ^= ai & b7;
    }
    *out = [o0, o1, o2, o3, o4, o5, o6, o7];
}

/// `out = a^2` in GF(2^8), a linear map (Frobenius): bit i of `a` becomes
/// the coefficient of x^2i, and x^8, x^10, x^12 and x^14 reduce to
/// x^4+x^3+x+1, x^6+x^5+x^3+x^2, x^7+x^5+x^3+x+1 and x^7+x^4+x^3+x.
#[inline(never)]
fn square(out: &mut State, a: &State) {
    let [a0, a1, a2, a3, a4, a5, a6, a7] = *a;
    *out = [
        a0 ^ a4 ^ a6,
        a4 ^ a6 ^ a7,
        a1 ^ a5,
        a4 ^ a5 ^ a6 ^ a7,
        a2 ^ a4 ^ a7,
        a5 ^ a6,
        a3 ^ a5,
        a6 ^ a7,
    ];
}

/// SubBytes: x^254 (the inverse, with 0 -> 0) then the affine map. The
/// state itself serves as one of the temporaries once x^3 is known; the
/// others are the caller's (which wipes them once, not every round).
#[inline(never)]
fn sub_bytes(s: &mut State, [a, b, c]: &mut [State; 3]) {
    square(a, s); // a = x^2
    mul(b, a, s); // b = x^3
    square(s, b); // s = x^6
    square(c, s); // c = x^12
    mul(s, c, a); // s = x^14
    mul(a, c, b); // a = x^15
    square(b, a); // x^30
    square(a, b); // x^60
    square(b, a); // x^120
    square(a, b); // x^240
    mul(b, a, s); // b = x^254
    for i in 0..8 {
        // b'_i = b_i ^ b_(i+4) ^ b_(i+5) ^ b_(i+6) ^ b_(i+7) ^ c_i, c = 0x63
        let constant = 0u32.wrapping_sub((0x63 >> i) & 1);
        s[i] = b[i] ^ b[(i + 4) % 8] ^ b[(i + 5) % 8] ^ b[(i + 6) % 8] ^ b[(i + 7) % 8] ^ constant;
    }
}

/// ShiftRows: row r (bits r, r+4, r+8, r+12 of a plane) moves r columns
/// left, i.e. each of its bits 4r positions down (mod 16). With the plane
/// copied into both halves of the word this is a 32-bit rotation.
fn shift_rows(s: &mut State) {
    for plane in s.iter_mut() {
        let x = (*plane & 0xffff) * 0x0001_0001;
        *plane = (x & 0x1111_1111)
            | (x & 0x2222_2222).rotate_right(4)
            | (x & 0x4444_4444).rotate_right(8)
            | (x & 0x8888_8888).rotate_right(12);
    }
}

/// Each column's byte in row r + 1 (mod 4) moved to row r.
fn rot_row1(x: u32) -> u32 {
    ((x >> 1) & 0x7777_7777) | ((x << 3) & 0x8888_8888)
}

/// Each column's byte in row r + 2 (mod 4) moved to row r.
fn rot_row2(x: u32) -> u32 {
    ((x >> 2) & 0x3333_3333) | ((x << 2) & 0xcccc_cccc)
}

/// MixColumns: out_r = 2 a_r ^ 3 a_(r+1) ^ a_(r+2) ^ a_(r+3)
///               = 2 t_r ^ a_(r+1) ^ t_(r+2), with t_r = a_r ^ a_(r+1),
/// plane by plane: (2 t) plane i is t plane i - 1, plus t plane 7 where
/// 0x1b has a bit.
fn mix_columns(s: &mut State) {
    let t7 = s[7] ^ rot_row1(s[7]);
    let mut previous = 0u32;
    for i in 0..8 {
        let a1 = rot_row1(s[i]);
        let t = s[i] ^ a1;
        s[i] = previous ^ (t7 & 0u32.wrapping_sub((0x1b >> i) & 1)) ^ a1 ^ rot_row2(t);
        previous = t;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes::cipher::{BlockCipherEncrypt, KeyInit};

    fn hex<const N: usize>(s: &str) -> [u8; N] {
        let mut out = [0u8; N];
        for (i, o) in out.iter_mut().enumerate() {
            *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
        }
        out
    }

    #[test]
    fn fips197_appendix_c() {
        let pt: [u8; 16] = hex("00112233445566778899aabbccddeeff");
        let k128: [u8; 16] = hex("000102030405060708090a0b0c0d0e0f");
        let k256: [u8; 32] =
            hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        let mut b = pt;
        let aes = Aes::new(&k128).unwrap();
        assert_eq!(aes.key_bits(), 128);
        aes.encrypt(&mut b);
        assert_eq!(b, hex::<16>("69c4e0d86a7b0430d8cdb78070b4c55a"));
        let mut b = pt;
        let aes = Aes::new(&k256).unwrap();
        assert_eq!(aes.key_bits(), 256);
        aes.encrypt(&mut b);
        assert_eq!(b, hex::<16>("8ea2b7ca516745bfeafc49904b496089"));
        assert!(Aes::new(&[0u8; 24]).is_none());
        assert!(Aes::new(&[]).is_none());
    }

    #[test]
    fn sbox_is_the_aes_sbox() {
        // Spot values of FIPS 197 Figure 7, all 256 inputs through the
        // bitsliced S-box compared with the defining formula.
        fn gf_mul(mut a: u8, mut b: u8) -> u8 {
            let mut p = 0;
            while b != 0 {
                if b & 1 != 0 {
                    p ^= a;
                }
                a = (a << 1) ^ if a & 0x80 != 0 { 0x1b } else { 0 };
                b >>= 1;
            }
            p
        }
        fn reference(x: u8) -> u8 {
            let inv = (1..=255u8).find(|y| gf_mul(x, *y) == 1).unwrap_or(0);
            let mut s = 0x63u8;
            for r in 0..5 {
                s ^= inv.rotate_left(r);
            }
            s
        }
        for base in (0..256).step_by(16) {
            let block: [u8; 16] = core::array::from_fn(|i| (base + i) as u8);
            let mut s = bitslice(&block);
            sub_bytes(&mut s, &mut [[0; 8]; 3]);
            let out = unbitslice(&s);
            for (x, y) in block.iter().zip(out) {
                assert_eq!(y, reference(*x), "S({x:#04x})");
            }
        }
    }

    #[test]
    fn matches_rustcrypto_aes() {
        let mut x = 0x0123_4567_89ab_cdefu64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        };
        for n in 0..64 {
            let key: [u8; 32] = core::array::from_fn(|_| next());
            let pt: [u8; 16] = core::array::from_fn(|_| next());
            let mut ours = pt;
            let mut theirs = aes::Block::from(pt);
            if n % 2 == 0 {
                Aes::new(&key[..16]).unwrap().encrypt(&mut ours);
                aes::Aes128::new_from_slice(&key[..16])
                    .unwrap()
                    .encrypt_block(&mut theirs);
            } else {
                Aes::new(&key).unwrap().encrypt(&mut ours);
                aes::Aes256::new_from_slice(&key)
                    .unwrap()
                    .encrypt_block(&mut theirs);
            }
            assert_eq!(ours, <[u8; 16]>::from(theirs));
        }
    }
}
