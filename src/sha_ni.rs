//! SHA-256 with the x86 SHA extensions (SHA-NI), for one message or several
//! interleaved ones, and the HMAC-SHA256 paths built on it.
//!
//! A single HMAC is a chain of dependent compressions (inner blocks, then
//! the outer block), so it runs at the latency of `sha256rnds2`.
//! Independent messages are not chained: interleaving the rounds of up to
//! four of them keeps the SHA unit busy, and the batch signer refills a
//! lane with the next message as soon as one finishes, so messages of
//! uneven lengths share the work.
//!
//! The kernels run only after runtime detection (`cpufeatures`, which also
//! works without `std`) has seen the SHA, SSE2, SSSE3 and SSE4.1 features;
//! everything else in this module is safe code.
#![allow(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]

use core::arch::x86_64::*;

use crate::hmac::TAG_LEN;
use crate::sha256::BLOCK_LEN;

cpufeatures::new!(shani, "sha", "sse2", "ssse3", "sse4.1");

/// A proof that the CPU has SHA-NI (obtained only from [`detect`]).
#[derive(Clone, Copy)]
pub(crate) struct ShaNi(());

/// `Some` when the CPU supports the kernels (the answer is cached).
#[inline]
pub(crate) fn detect() -> Option<ShaNi> {
    if shani::get() {
        Some(ShaNi(()))
    } else {
        None
    }
}

static K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// A SHA-256 state as the SHA instructions want it: (A, B, E, F) and
/// (C, D, G, H).
#[derive(Clone, Copy)]
struct NiState {
    abef: __m128i,
    cdgh: __m128i,
}

impl NiState {
    #[inline(always)]
    fn load(_: ShaNi, s: &[u32; 8]) -> Self {
        // SAFETY: SSE2/SSSE3/SSE4.1 are present (the ShaNi token); the loads
        // read the 32 bytes of `s` unaligned.
        unsafe {
            let dcba = _mm_loadu_si128(s.as_ptr().cast());
            let hgfe = _mm_loadu_si128(s.as_ptr().add(4).cast());
            let cdab = _mm_shuffle_epi32(dcba, 0xB1);
            let efgh = _mm_shuffle_epi32(hgfe, 0x1B);
            NiState {
                abef: _mm_alignr_epi8(cdab, efgh, 8),
                cdgh: _mm_blend_epi16(efgh, cdab, 0xF0),
            }
        }
    }

    #[inline(always)]
    fn store(self, _: ShaNi) -> [u32; 8] {
        let mut s = [0u32; 8];
        // SAFETY: as in `load`; the stores write the 32 bytes of `s`.
        unsafe {
            let feba = _mm_shuffle_epi32(self.abef, 0x1B);
            let dchg = _mm_shuffle_epi32(self.cdgh, 0xB1);
            _mm_storeu_si128(s.as_mut_ptr().cast(), _mm_blend_epi16(feba, dchg, 0xF0));
            _mm_storeu_si128(s.as_mut_ptr().add(4).cast(), _mm_alignr_epi8(dchg, feba, 8));
        }
        s
    }
}

/// Compress one 64-byte block into each of `L` independent states, the
/// lanes' instructions interleaved.
#[inline(always)]
fn compress_lanes<const L: usize>(t: ShaNi, st: &mut [NiState; L], blocks: [&[u8; BLOCK_LEN]; L]) {
    // SAFETY: the ShaNi token proves the CPU has SHA, SSE2, SSSE3 and
    // SSE4.1; `rounds` only reads the L blocks (unaligned) and K.
    unsafe { rounds(t, st, &blocks) }
}

#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
unsafe fn rounds<const L: usize>(_: ShaNi, st: &mut [NiState; L], blocks: &[&[u8; BLOCK_LEN]; L]) {
    let bswap = _mm_set_epi64x(0x0c0d_0e0f_0809_0a0b, 0x0405_0607_0001_0203);
    let saved = *st;
    let mut w = [[_mm_setzero_si128(); 4]; L];
    for l in 0..L {
        for (j, wj) in w[l].iter_mut().enumerate() {
            // SAFETY: each block has 64 readable bytes and j < 4; the load is
            // unaligned.
            let raw = unsafe { _mm_loadu_si128(blocks[l].as_ptr().add(16 * j).cast()) };
            *wj = _mm_shuffle_epi8(raw, bswap);
        }
    }
    // Sixteen groups of four rounds, unrolled so that every message-word
    // index is a constant (the words stay in registers).
    macro_rules! group {
        ($g:literal) => {{
            // SAFETY: $g < 16, so the 4 words at 4*$g lie within K.
            let k = unsafe { _mm_loadu_si128(K.as_ptr().add(4 * $g).cast()) };
            for l in 0..L {
                if $g >= 4 {
                    // W[4g..4g+4] from the previous 16 words.
                    let m1 = _mm_sha256msg1_epu32(w[l][$g % 4], w[l][($g + 1) % 4]);
                    let t = _mm_add_epi32(
                        m1,
                        _mm_alignr_epi8(w[l][($g + 3) % 4], w[l][($g + 2) % 4], 4),
                    );
                    w[l][$g % 4] = _mm_sha256msg2_epu32(t, w[l][($g + 3) % 4]);
                }
                let m = _mm_add_epi32(w[l][$g % 4], k);
                st[l].cdgh = _mm_sha256rnds2_epu32(st[l].cdgh, st[l].abef, m);
                st[l].abef =
                    _mm_sha256rnds2_epu32(st[l].abef, st[l].cdgh, _mm_shuffle_epi32(m, 0x0E));
            }
        }};
    }
    group!(0);
    group!(1);
    group!(2);
    group!(3);
    group!(4);
    group!(5);
    group!(6);
    group!(7);
    group!(8);
    group!(9);
    group!(10);
    group!(11);
    group!(12);
    group!(13);
    group!(14);
    group!(15);
    for l in 0..L {
        st[l].abef = _mm_add_epi32(st[l].abef, saved[l].abef);
        st[l].cdgh = _mm_add_epi32(st[l].cdgh, saved[l].cdgh);
    }
}

/// SHA-256 compression of `blocks` into `state` (one stream).
pub(crate) fn compress(t: ShaNi, state: &mut [u32; 8], blocks: &[[u8; BLOCK_LEN]]) {
    let mut s = [NiState::load(t, state)];
    for b in blocks {
        compress_lanes(t, &mut s, [b]);
    }
    *state = s[0].store(t);
}

/// Overwrite a value holding secret intermediate state with zeros, as one
/// volatile store of the whole value (a few vector stores, rather than one
/// volatile store per byte), so the compiler cannot drop it.
#[inline(always)]
fn wipe<T: Copy, const N: usize>(v: &mut [T; N], zero: T) {
    // SAFETY: `v` is a valid, aligned, exclusive reference; `T` is plain
    // data (`Copy`), so overwriting it without dropping is sound.
    unsafe { core::ptr::write_volatile(v, [zero; N]) }
}

/// The padded final block(s) of a message whose last `rest.len()` (< 64)
/// bytes are `rest` and whose total length is `total` bytes.
#[inline(always)]
fn tail_blocks(rest: &[u8], total: u64) -> ([[u8; BLOCK_LEN]; 2], usize) {
    let mut t = [[0u8; BLOCK_LEN]; 2];
    let n = if rest.len() < BLOCK_LEN - 8 { 1 } else { 2 };
    let flat = t.as_flattened_mut();
    let used = rest.len().min(BLOCK_LEN - 1);
    flat[..used].copy_from_slice(&rest[..used]);
    flat[used] = 0x80;
    flat[n * BLOCK_LEN - 8..n * BLOCK_LEN].copy_from_slice(&total.wrapping_mul(8).to_be_bytes());
    (t, n)
}

/// The outer block of HMAC-SHA256: the inner digest, padded for a
/// 64 + 32 byte message.
#[inline(always)]
fn outer_block(inner_digest: &[u32; 8]) -> [u8; BLOCK_LEN] {
    let mut b = [0u8; BLOCK_LEN];
    for (c, w) in b.chunks_exact_mut(4).zip(inner_digest) {
        c.copy_from_slice(&w.to_be_bytes());
    }
    b[32] = 0x80;
    b[62] = 0x03; // (64 + 32) * 8 = 768 bits = 0x0300
    b
}

#[inline(always)]
fn digest_bytes(s: &[u32; 8]) -> [u8; TAG_LEN] {
    let mut out = [0u8; TAG_LEN];
    for (c, w) in out.chunks_exact_mut(4).zip(s) {
        c.copy_from_slice(&w.to_be_bytes());
    }
    out
}

/// HMAC-SHA256 of `msg` from precomputed inner and outer states.
pub(crate) fn hmac(t: ShaNi, inner: &[u32; 8], outer: &[u32; 8], msg: &[u8]) -> [u8; TAG_LEN] {
    let mut s = [NiState::load(t, inner)];
    let (blocks, rest) = msg.as_chunks::<BLOCK_LEN>();
    for b in blocks {
        compress_lanes(t, &mut s, [b]);
    }
    let (mut tail, n) = tail_blocks(rest, BLOCK_LEN as u64 + msg.len() as u64);
    for b in &tail[..n] {
        compress_lanes(t, &mut s, [b]);
    }
    // The first tail block holds the message's last bytes (< 64): wipe
    // them, as the portable path does; the padding is public.
    wipe(&mut tail[0], 0);
    let mut inner_digest = s[0].store(t);
    let mut ob = outer_block(&inner_digest);
    let mut o = [NiState::load(t, outer)];
    compress_lanes(t, &mut o, [&ob]);
    let mut tag_state = o[0].store(t);
    let tag = digest_bytes(&tag_state);
    wipe(&mut inner_digest, 0);
    wipe(&mut ob, 0);
    wipe(&mut tag_state, 0);
    tag
}

/// One message in flight in a lane of the batch signer.
struct Lane<'a> {
    /// Index of the message (and of its tag).
    index: usize,
    msg: &'a [u8],
    /// Next block to hash: message blocks, then tail blocks, then the
    /// outer block.
    next: usize,
    full: usize,
    tail: [[u8; BLOCK_LEN]; 2],
    tail_n: usize,
    outer: Option<[u8; BLOCK_LEN]>,
    state: NiState,
}

impl<'a> Lane<'a> {
    fn start(t: ShaNi, inner: &[u32; 8], index: usize, msg: &'a [u8]) -> Self {
        let (blocks, rest) = msg.as_chunks::<BLOCK_LEN>();
        let (tail, tail_n) = tail_blocks(rest, BLOCK_LEN as u64 + msg.len() as u64);
        Lane {
            index,
            msg,
            next: 0,
            full: blocks.len(),
            tail,
            tail_n,
            outer: None,
            state: NiState::load(t, inner),
        }
    }

    fn block(&self) -> &[u8; BLOCK_LEN] {
        if let Some(ob) = &self.outer {
            ob
        } else if self.next < self.full {
            let (blocks, _) = self.msg.as_chunks::<BLOCK_LEN>();
            &blocks[self.next]
        } else {
            &self.tail[(self.next - self.full) % 2]
        }
    }

    /// After a block: returns the tag when the message is done.
    fn advance(&mut self, t: ShaNi, outer: &[u32; 8]) -> Option<[u8; TAG_LEN]> {
        if let Some(ob) = &mut self.outer {
            wipe(ob, 0);
            let mut s = self.state.store(t);
            let tag = digest_bytes(&s);
            wipe(&mut s, 0);
            return Some(tag);
        }
        self.next += 1;
        if self.next == self.full + self.tail_n {
            let mut inner_digest = self.state.store(t);
            self.outer = Some(outer_block(&inner_digest));
            wipe(&mut inner_digest, 0);
            wipe(&mut self.tail[0], 0);
            self.state = NiState::load(t, outer);
        }
        None
    }
}

/// Run one interleaved step over `L` active lanes.
fn step<const L: usize>(t: ShaNi, mut lanes: [&mut Lane<'_>; L]) {
    let mut st: [NiState; L] = core::array::from_fn(|i| lanes[i].state);
    let blocks: [&[u8; BLOCK_LEN]; L] = core::array::from_fn(|i| lanes[i].block());
    compress_lanes(t, &mut st, blocks);
    for (lane, s) in lanes.iter_mut().zip(st) {
        lane.state = s;
    }
}

/// Lanes interleaved by the batch signer.
const LANES: usize = 4;

/// HMAC-SHA256 of every message, `tags[i]` for `msgs[i]`, up to four at a
/// time (`tags.len() == msgs.len()`, checked by the caller).
pub(crate) fn hmac_batch(
    t: ShaNi,
    inner: &[u32; 8],
    outer: &[u32; 8],
    msgs: &[&[u8]],
    tags: &mut [[u8; TAG_LEN]],
) {
    let mut pending = msgs.iter().enumerate();
    let mut slots: [Option<Lane<'_>>; LANES] = Default::default();
    loop {
        for slot in slots.iter_mut().filter(|s| s.is_none()) {
            if let Some((i, m)) = pending.next() {
                *slot = Some(Lane::start(t, inner, i, m));
            }
        }
        let n = slots.iter().filter(|s| s.is_some()).count();
        let mut it = slots.iter_mut().flatten();
        match (n, it.next(), it.next(), it.next(), it.next()) {
            (4, Some(a), Some(b), Some(c), Some(d)) => step(t, [a, b, c, d]),
            (3, Some(a), Some(b), Some(c), None) => step(t, [a, b, c]),
            (2, Some(a), Some(b), None, None) => step(t, [a, b]),
            (1, Some(a), None, None, None) => step(t, [a]),
            _ => break,
        }
        finish(t, outer, &mut slots, tags);
    }
}

/// Advance every lane past the block just hashed; store finished tags and
/// free their slots.
fn finish(
    t: ShaNi,
    outer: &[u32; 8],
    slots: &mut [Option<Lane<'_>>; LANES],
    tags: &mut [[u8; TAG_LEN]],
) {
    for slot in slots.iter_mut() {
        if let Some(lane) = slot {
            if let Some(tag) = lane.advance(t, outer) {
                if let Some(out) = tags.get_mut(lane.index) {
                    *out = tag;
                }
                *slot = None;
            }
        }
    }
}
