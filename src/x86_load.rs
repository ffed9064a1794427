//! Loading a block, or a partial block (fewer than 16 bytes) without a
//! store-forwarding stall, into a vector register; shared by the GCM and
//! SHA-NI kernels. The one `unsafe` block is an unaligned load from a
//! bounds-checked slice.
#![allow(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]

use core::arch::x86_64::*;

/// Load 16 bytes from `s[off..off + 16]` (unaligned).
#[inline(always)]
pub(crate) fn ld_at(s: &[u8], off: usize) -> __m128i {
    let b = &s[off..off + 16];
    // SAFETY: `b` is 16 readable bytes (the index above checked the bounds);
    // the load has no alignment requirement (SSE2 is part of the x86-64
    // baseline).
    unsafe { _mm_loadu_si128(b.as_ptr().cast()) }
}

/// The `n = s.len() < 16` bytes of `s` as a block, zero-padded. Built in
/// registers from overlapping loads of `s` only: copying the bytes into a
/// stack block and loading that (as a partial block used to be) makes the
/// 16-byte load wait for the narrower stores it spans, a store-forwarding
/// stall that cost a 15-byte AAD about ten percent of a short seal. `n` is
/// a public length.
#[target_feature(enable = "sse2")]
#[inline]
pub(crate) fn ld_partial(s: &[u8]) -> __m128i {
    let n = s.len();
    let u64_at = |i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("8 bytes"));
    let u32_at = |i: usize| u64::from(u32::from_le_bytes(s[i..i + 4].try_into().expect("4 bytes")));
    let (lo, hi) = match n {
        // Bytes 8..n come from the word ending at n, shifted past the
        // bytes it shares with the first word.
        9..=15 => (u64_at(0), u64_at(n - 8) >> (8 * (16 - n))),
        8 => (u64_at(0), 0),
        4..=7 => (u32_at(0) | (u32_at(n - 4) >> (8 * (8 - n))) << 32, 0),
        1..=3 => {
            let b = |i: usize| u64::from(s[i]) << (8 * i);
            (b(0) | b(n / 2) | b(n - 1), 0)
        }
        _ => (0, 0),
    };
    _mm_set_epi64x(hi as i64, lo as i64)
}
