//! The 256-bit kernel: VAES and VPCLMULQDQ with AVX2, two blocks per
//! register. Sealing encrypts eight blocks (four registers) per iteration
//! and hashes them with H^8..H^1 and one reduction; hashing alone and
//! decryption take sixteen blocks per iteration. Tails (fewer than eight
//! blocks) use the 128-bit helpers of [`super::clmul`], compiled here with
//! the AVX encodings.
//!
//! Every function is called only after runtime detection has seen AES-NI,
//! PCLMULQDQ, SSSE3, SSE4.1, AVX, AVX2, VAES and VPCLMULQDQ (see
//! [`super::Kernel`]); the `unsafe` blocks are unaligned loads and stores
//! on bounds-checked slices.
#![allow(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]

use core::arch::x86_64::*;

use aes::cipher::consts::{U128, U256};
use inout::InOutBuf;

use super::clmul::{self, Acc};
use super::Tables;
use crate::aes_gcm::{NONCE_LEN, TAG_LEN};

/// Load 32 bytes from `s[off..off + 32]` (unaligned).
#[target_feature(enable = "avx")]
#[inline]
fn ld2_at(s: &[u8], off: usize) -> __m256i {
    let b = &s[off..off + 32];
    // SAFETY: `b` is 32 readable bytes (bounds checked by the index); the
    // load has no alignment requirement.
    unsafe { _mm256_loadu_si256(b.as_ptr().cast()) }
}

/// Store 32 bytes to `s[off..off + 32]` (unaligned).
#[target_feature(enable = "avx")]
#[inline]
fn st2_at(s: &mut [u8], off: usize, v: __m256i) {
    let b = &mut s[off..off + 32];
    // SAFETY: `b` is 32 writable bytes (bounds checked); unaligned store.
    unsafe { _mm256_storeu_si256(b.as_mut_ptr().cast(), v) }
}

/// Load table entries `k[i]` (low lane) and `k[i + 1]` (high lane).
#[target_feature(enable = "avx")]
#[inline]
fn ldk2(k: &[u128], i: usize) -> __m256i {
    let b = &k[i..i + 2];
    // SAFETY: `b` is two `u128`, 32 readable bytes (bounds checked);
    // unaligned load.
    unsafe { _mm256_loadu_si256(b.as_ptr().cast()) }
}

#[target_feature(enable = "avx2,ssse3")]
#[inline]
fn bswap_mask_y() -> __m256i {
    _mm256_broadcastsi128_si256(clmul::bswap_mask())
}

/// Encrypt `2N` blocks held in `N` registers.
#[target_feature(enable = "avx2,vaes,aes")]
#[inline]
fn aes_y<const NR: usize, const N: usize>(rk: &[u128; 15], mut b: [__m256i; N]) -> [__m256i; N] {
    let k = _mm256_broadcastsi128_si256(clmul::ldk(&rk[0]));
    for x in b.iter_mut() {
        *x = _mm256_xor_si256(*x, k);
    }
    for key in &rk[1..NR] {
        let k = _mm256_broadcastsi128_si256(clmul::ldk(key));
        for x in b.iter_mut() {
            *x = _mm256_aesenc_epi128(*x, k);
        }
    }
    let k = _mm256_broadcastsi128_si256(clmul::ldk(&rk[NR]));
    for x in b.iter_mut() {
        *x = _mm256_aesenclast_epi128(*x, k);
    }
    b
}

/// Encrypt sixteen blocks (eight registers) while hashing sixteen others:
/// one GHASH register step (three carry-less multiplies) is issued with
/// each of the first eight AES rounds, so both units work at once instead
/// of the hash waiting in the queue behind the rounds. Returns the
/// keystream and x' = (x ^ d[0]) H^16 + ... + d[7] H (as [`ghash_y`]).
#[target_feature(enable = "avx2,vaes,aes,vpclmulqdq,pclmulqdq")]
#[inline]
fn aes_ghash_y8<const NR: usize>(
    t: &Tables,
    mut b: [__m256i; 8],
    x: __m128i,
    d: &[__m256i; 8],
) -> ([__m256i; 8], __m128i) {
    let k = _mm256_broadcastsi128_si256(clmul::ldk(&t.rk[0]));
    for s in b.iter_mut() {
        *s = _mm256_xor_si256(*s, k);
    }
    let mut lo = _mm256_setzero_si256();
    let mut hi = _mm256_setzero_si256();
    let mut mid = _mm256_setzero_si256();
    for r in 1..NR {
        let k = _mm256_broadcastsi128_si256(clmul::ldk(&t.rk[r]));
        for s in b.iter_mut() {
            *s = _mm256_aesenc_epi128(*s, k);
        }
        if r <= 8 {
            let i = r - 1;
            let di = if i == 0 {
                _mm256_xor_si256(d[0], _mm256_set_m128i(_mm_setzero_si128(), x))
            } else {
                d[i]
            };
            let h = ldk2(&t.hpow, 2 * i);
            let hx = ldk2(&t.hkx, 2 * i);
            lo = _mm256_xor_si256(lo, _mm256_clmulepi64_epi128::<0x00>(di, h));
            hi = _mm256_xor_si256(hi, _mm256_clmulepi64_epi128::<0x11>(di, h));
            let dx = _mm256_xor_si256(di, _mm256_shuffle_epi32::<0x4e>(di));
            mid = _mm256_xor_si256(mid, _mm256_clmulepi64_epi128::<0x00>(dx, hx));
        }
    }
    let k = _mm256_broadcastsi128_si256(clmul::ldk(&t.rk[NR]));
    for s in b.iter_mut() {
        *s = _mm256_aesenclast_epi128(*s, k);
    }
    (b, Acc::from_parts(fold(lo), fold(hi), fold(mid)).finish())
}

/// Counter blocks J0 + next .. J0 + next + 2N - 1, two per register (the
/// lower-numbered one in the low lane). `j0y` is the byte-reversed J0 in
/// both lanes.
#[target_feature(enable = "avx2,ssse3")]
#[inline]
fn ctr_y<const N: usize>(j0y: __m256i, next: u32) -> [__m256i; N] {
    let base = _mm256_add_epi32(
        j0y,
        _mm256_set_epi32(0, 0, 0, next.wrapping_add(1) as i32, 0, 0, 0, next as i32),
    );
    let mask = bswap_mask_y();
    let mut c = [_mm256_setzero_si256(); N];
    for (i, c) in c.iter_mut().enumerate() {
        let step = 2 * i as i32;
        let v = _mm256_add_epi32(base, _mm256_set_epi32(0, 0, 0, step, 0, 0, 0, step));
        *c = _mm256_shuffle_epi8(v, mask);
    }
    c
}

/// XOR of the two lanes.
#[target_feature(enable = "avx2")]
#[inline]
fn fold(v: __m256i) -> __m128i {
    _mm_xor_si128(_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v))
}

/// x' = (x ^ d[0]) H^2N + ... + d[2N-1] H for 2N <= 16 blocks in GHASH bit
/// order (`d[i]` holds blocks 2i and 2i + 1).
#[target_feature(enable = "avx2,vpclmulqdq,pclmulqdq")]
#[inline]
fn ghash_y<const N: usize>(t: &Tables, x: __m128i, d: &[__m256i; N]) -> __m128i {
    let first = 16 - 2 * N;
    let mut lo = _mm256_setzero_si256();
    let mut hi = _mm256_setzero_si256();
    let mut mid = _mm256_setzero_si256();
    for (i, d) in d.iter().enumerate() {
        let d = if i == 0 {
            _mm256_xor_si256(*d, _mm256_set_m128i(_mm_setzero_si128(), x))
        } else {
            *d
        };
        let h = ldk2(&t.hpow, first + 2 * i);
        let hx = ldk2(&t.hkx, first + 2 * i);
        lo = _mm256_xor_si256(lo, _mm256_clmulepi64_epi128::<0x00>(d, h));
        hi = _mm256_xor_si256(hi, _mm256_clmulepi64_epi128::<0x11>(d, h));
        let dx = _mm256_xor_si256(d, _mm256_shuffle_epi32::<0x4e>(d));
        mid = _mm256_xor_si256(mid, _mm256_clmulepi64_epi128::<0x00>(dx, hx));
    }
    Acc::from_parts(fold(lo), fold(hi), fold(mid)).finish()
}

/// Seal: CTR encryption and GHASH in one pass.
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1,avx,avx2,vaes,vpclmulqdq")]
pub(super) fn seal(
    t: &Tables,
    aes256: bool,
    nonce: &[u8; NONCE_LEN],
    aad: &[&[u8]],
    buf: InOutBuf<'_, '_, u8>,
) -> [u8; TAG_LEN] {
    if aes256 {
        seal_nr::<14>(t, nonce, aad, buf)
    } else {
        seal_nr::<10>(t, nonce, aad, buf)
    }
}

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1,avx,avx2,vaes,vpclmulqdq")]
#[inline]
fn seal_nr<const NR: usize>(
    t: &Tables,
    nonce: &[u8; NONCE_LEN],
    aad: &[&[u8]],
    buf: InOutBuf<'_, '_, u8>,
) -> [u8; TAG_LEN] {
    let j0 = clmul::j0_rev(nonce);
    let mask = clmul::aes_n::<NR, 1>(&t.rk, [clmul::ctr_block(j0, 0)])[0];
    let (mut x, aad_len) = clmul::hash_aad(t, aad);
    let ct_len = buf.len();
    let j0y = _mm256_broadcastsi128_si256(j0);
    let bs = bswap_mask_y();
    let mut next = 1u32;
    // Sixteen blocks per iteration: eight independent AES chains keep both
    // VAES pipes busy, and the GHASH of the previous sixteen ciphertext
    // blocks (ready at the start of the iteration) overlaps them.
    let whole = buf.len() & !255;
    let (big, rest) = buf.split_at(whole);
    let (big, _) = big.into_chunks::<U256>();
    let mut pending: Option<[__m256i; 8]> = None;
    for mut g in big {
        let ctrs = ctr_y::<8>(j0y, next);
        next = next.wrapping_add(16);
        let ks = match pending.as_ref() {
            Some(prev) => {
                let (ks, x2) = aes_ghash_y8::<NR>(t, ctrs, x, prev);
                x = x2;
                ks
            }
            None => aes_y::<NR, 8>(&t.rk, ctrs),
        };
        let p: &[u8; 256] = g.get_in().as_ref();
        let mut c = [_mm256_setzero_si256(); 8];
        for (i, c) in c.iter_mut().enumerate() {
            *c = _mm256_xor_si256(ks[i], ld2_at(p, 32 * i));
        }
        let o: &mut [u8; 256] = g.get_out().as_mut();
        for (i, c) in c.iter_mut().enumerate() {
            st2_at(o, 32 * i, *c);
            *c = _mm256_shuffle_epi8(*c, bs);
        }
        pending = Some(c);
    }
    if let Some(prev) = pending.as_ref() {
        x = ghash_y::<8>(t, x, prev);
    }
    let (groups, rest) = rest.into_chunks::<U128>();
    for mut g in groups {
        let ks = aes_y::<NR, 4>(&t.rk, ctr_y::<4>(j0y, next));
        next = next.wrapping_add(8);
        let p: &[u8; 128] = g.get_in().as_ref();
        let mut c = [_mm256_setzero_si256(); 4];
        for (i, c) in c.iter_mut().enumerate() {
            *c = _mm256_xor_si256(ks[i], ld2_at(p, 32 * i));
        }
        let o: &mut [u8; 128] = g.get_out().as_mut();
        for (i, c) in c.iter_mut().enumerate() {
            st2_at(o, 32 * i, *c);
            *c = _mm256_shuffle_epi8(*c, bs);
        }
        x = ghash_y::<4>(t, x, &c);
    }
    let mut d = [_mm_setzero_si128(); 9];
    let m = clmul::crypt_tail::<NR>(t, j0, next, rest, &mut d);
    d[m] = clmul::lengths(aad_len, ct_len);
    x = clmul::ghash_n(t, x, &d[..m + 1]);
    clmul::tag(x, mask)
}

/// The expected tag of `ct` (open checks it before decrypting).
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1,avx,avx2,vaes,vpclmulqdq")]
pub(super) fn tag_of(
    t: &Tables,
    aes256: bool,
    nonce: &[u8; NONCE_LEN],
    aad: &[&[u8]],
    ct: &[u8],
) -> [u8; TAG_LEN] {
    let j0 = clmul::j0_rev(nonce);
    let mask = if aes256 {
        clmul::aes_n::<14, 1>(&t.rk, [clmul::ctr_block(j0, 0)])[0]
    } else {
        clmul::aes_n::<10, 1>(&t.rk, [clmul::ctr_block(j0, 0)])[0]
    };
    let (mut x, aad_len) = clmul::hash_aad(t, aad);
    let bs = bswap_mask_y();
    let (big, rest) = ct.as_chunks::<256>();
    for g in big {
        let mut d = [_mm256_setzero_si256(); 8];
        for (i, d) in d.iter_mut().enumerate() {
            *d = _mm256_shuffle_epi8(ld2_at(g, 32 * i), bs);
        }
        x = ghash_y::<8>(t, x, &d);
    }
    let rest_bytes = rest;
    let (small, _) = rest_bytes.as_chunks::<128>();
    for g in small {
        let mut d = [_mm256_setzero_si256(); 4];
        for (i, d) in d.iter_mut().enumerate() {
            *d = _mm256_shuffle_epi8(ld2_at(g, 32 * i), bs);
        }
        x = ghash_y::<4>(t, x, &d);
    }
    let tail = &rest_bytes[rest_bytes.len() & !127..];
    x = clmul::hash_tail(t, x, tail, clmul::lengths(aad_len, ct.len()));
    clmul::tag(x, mask)
}

/// CTR from J0 + 1 over `buf` (decryption after the tag has been checked).
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1,avx,avx2,vaes,vpclmulqdq")]
pub(super) fn ctr(t: &Tables, aes256: bool, nonce: &[u8; NONCE_LEN], buf: InOutBuf<'_, '_, u8>) {
    if aes256 {
        ctr_nr::<14>(t, nonce, buf)
    } else {
        ctr_nr::<10>(t, nonce, buf)
    }
}

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1,avx,avx2,vaes,vpclmulqdq")]
#[inline]
fn ctr_nr<const NR: usize>(t: &Tables, nonce: &[u8; NONCE_LEN], buf: InOutBuf<'_, '_, u8>) {
    let j0 = clmul::j0_rev(nonce);
    let j0y = _mm256_broadcastsi128_si256(j0);
    let whole = buf.len() & !255;
    let (big, rest) = buf.split_at(whole);
    let (big, _) = big.into_chunks::<U256>();
    let mut next = 1u32;
    for mut g in big {
        let ks = aes_y::<NR, 8>(&t.rk, ctr_y::<8>(j0y, next));
        next = next.wrapping_add(16);
        let p: &[u8; 256] = g.get_in().as_ref();
        let mut c = [_mm256_setzero_si256(); 8];
        for (i, c) in c.iter_mut().enumerate() {
            *c = _mm256_xor_si256(ks[i], ld2_at(p, 32 * i));
        }
        let o: &mut [u8; 256] = g.get_out().as_mut();
        for (i, c) in c.iter().enumerate() {
            st2_at(o, 32 * i, *c);
        }
    }
    let (small, rest) = rest.into_chunks::<U128>();
    for mut g in small {
        let ks = aes_y::<NR, 4>(&t.rk, ctr_y::<4>(j0y, next));
        next = next.wrapping_add(8);
        let p: &[u8; 128] = g.get_in().as_ref();
        let mut c = [_mm256_setzero_si256(); 4];
        for (i, c) in c.iter_mut().enumerate() {
            *c = _mm256_xor_si256(ks[i], ld2_at(p, 32 * i));
        }
        let o: &mut [u8; 128] = g.get_out().as_mut();
        for (i, c) in c.iter().enumerate() {
            st2_at(o, 32 * i, *c);
        }
    }
    let mut d = [_mm_setzero_si128(); 9];
    clmul::crypt_tail::<NR>(t, j0, next, rest, &mut d);
}
