//! SHA-256 with the x86 SHA extensions (SHA-NI), for one message or several
//! interleaved ones, and the HMAC-SHA256 paths built on it.
//!
//! A single HMAC is a chain of dependent compressions (inner blocks, then
//! the outer block), so it runs at the latency of `sha256rnds2`.
//! Independent messages are not chained: interleaving the rounds of up to
//! four of them keeps the SHA unit busy. Four messages of one length run in
//! lock step, sharing the expanded schedule of a block that holds only
//! padding; otherwise the batch signer refills a lane with the next message
//! as soon as one finishes, so messages of uneven lengths share the work.
//!
//! The kernels run only after runtime detection (`cpufeatures`, which also
//! works without `std`) has seen the SHA, SSE2, SSSE3 and SSE4.1 features;
//! everything else in this module is safe code.
#![allow(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]

use core::arch::x86_64::*;

use crate::hmac::TAG_LEN;
use crate::sha256::BLOCK_LEN;
use crate::x86_load::{ld_at, ld_partial};

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

    /// The state words in order: (A, B, C, D) and (E, F, G, H), A in the
    /// lowest element.
    #[inline(always)]
    fn words(self) -> (__m128i, __m128i) {
        // SAFETY: the SSE2/SSSE3/SSE4.1 shuffles are present wherever a
        // NiState exists (only made by `load`, which needs the ShaNi token).
        unsafe {
            let feba = _mm_shuffle_epi32(self.abef, 0x1B);
            let dchg = _mm_shuffle_epi32(self.cdgh, 0xB1);
            (
                _mm_blend_epi16(feba, dchg, 0xF0),
                _mm_alignr_epi8(dchg, feba, 8),
            )
        }
    }

    #[inline(always)]
    fn store(self, _: ShaNi) -> [u32; 8] {
        let mut s = [0u32; 8];
        let (abcd, efgh) = self.words();
        // SAFETY: the stores write the 32 bytes of `s`, unaligned.
        unsafe {
            _mm_storeu_si128(s.as_mut_ptr().cast(), abcd);
            _mm_storeu_si128(s.as_mut_ptr().add(4).cast(), efgh);
        }
        s
    }
}

/// The byte-swap shuffle that turns big-endian message bytes into words.
#[inline(always)]
fn bswap_mask() -> __m128i {
    // SAFETY: SSE2 is part of the x86-64 baseline.
    unsafe { _mm_set_epi64x(0x0c0d_0e0f_0809_0a0b, 0x0405_0607_0001_0203) }
}

#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
#[inline]
fn rounds<const L: usize>(t: ShaNi, st: &mut [NiState; L], blocks: &[&[u8; BLOCK_LEN]; L]) {
    rounds_w(t, st, core::array::from_fn(|l| block_words(blocks[l])))
}

/// The 64 rounds on message words already in registers: `w[l][j]` holds
/// words 4j..4j+4 of lane l's block, word 4j in the lowest element.
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
#[inline]
fn rounds_w<const L: usize>(_: ShaNi, st: &mut [NiState; L], mut w: [[__m128i; 4]; L]) {
    let saved = *st;
    // Sixteen groups of four rounds, unrolled so that every message-word
    // index is a constant (the words stay in registers).
    macro_rules! group {
        ($g:literal) => {{
            let k = k_at($g);
            for l in 0..L {
                let m = _mm_add_epi32(words_at(&mut w[l], $g), k);
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

/// The round constants K[4g..4g+4] (`g < 16`).
#[inline(always)]
fn k_at(g: usize) -> __m128i {
    let k: &[u32; 4] = K[4 * g..].first_chunk().expect("g < 16");
    // SAFETY: 16 readable bytes, unaligned load (SSE2 is part of the
    // x86-64 baseline).
    unsafe { _mm_loadu_si128(k.as_ptr().cast()) }
}

/// The message words W[4g..4g+4] of group `g` (`g < 16`): the block's own
/// for g < 4, else expanded from the previous sixteen, which `w` holds
/// (W[4i..4i+4] in `w[i % 4]`); the new words replace the oldest.
#[target_feature(enable = "sha,sse2,ssse3")]
#[inline]
fn words_at(w: &mut [__m128i; 4], g: usize) -> __m128i {
    if g >= 4 {
        let m1 = _mm_sha256msg1_epu32(w[g % 4], w[(g + 1) % 4]);
        let t = _mm_add_epi32(m1, _mm_alignr_epi8(w[(g + 3) % 4], w[(g + 2) % 4], 4));
        w[g % 4] = _mm_sha256msg2_epu32(t, w[(g + 3) % 4]);
    }
    w[g % 4]
}

/// The words W+K of all 64 rounds of one block: `wk[g]` holds rounds
/// 4g..4g+4 (round 4g in the lowest element). Used for a block that
/// several lanes share, so its schedule is expanded once.
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
#[inline]
fn schedule(mut w: [__m128i; 4]) -> [__m128i; 16] {
    core::array::from_fn(|g| _mm_add_epi32(words_at(&mut w, g), k_at(g)))
}

/// The 64 rounds of one block whose schedule `wk` (see [`schedule`]) every
/// lane shares: only the round instructions run, which leaves the SHA unit
/// to them (the message-schedule instructions compete with the rounds for
/// it).
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
#[inline]
fn rounds_wk<const L: usize>(_: ShaNi, st: &mut [NiState; L], wk: &[__m128i; 16]) {
    let saved = *st;
    for m in wk {
        let hi = _mm_shuffle_epi32(*m, 0x0E);
        for s in st.iter_mut() {
            s.cdgh = _mm_sha256rnds2_epu32(s.cdgh, s.abef, *m);
            s.abef = _mm_sha256rnds2_epu32(s.abef, s.cdgh, hi);
        }
    }
    for (s, v) in st.iter_mut().zip(saved) {
        s.abef = _mm_add_epi32(s.abef, v.abef);
        s.cdgh = _mm_add_epi32(s.cdgh, v.cdgh);
    }
}

/// The two HMAC key states for a 64-byte key block: the SHA-256 initial
/// state compressed with the block XOR ipad (0x36 bytes) and with the
/// block XOR opad (0x5c bytes). The two compressions are independent, so
/// they run interleaved; the padded blocks exist only in registers.
pub(crate) fn hmac_key_states(
    t: ShaNi,
    key_block: &[u8; BLOCK_LEN],
    inner: &mut [u32; 8],
    outer: &mut [u32; 8],
) {
    // SAFETY: the ShaNi token proves the CPU has the features
    // `hmac_key_states_ni` is compiled for.
    unsafe { hmac_key_states_ni(t, key_block, inner, outer) }
}

#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
fn hmac_key_states_ni(
    t: ShaNi,
    key_block: &[u8; BLOCK_LEN],
    inner: &mut [u32; 8],
    outer: &mut [u32; 8],
) {
    // The pads are the same in every byte, so XOR them into the words.
    let w = block_words(key_block);
    let ipad = _mm_set1_epi8(0x36);
    let opad = _mm_set1_epi8(0x5c);
    let wi = w.map(|x| _mm_xor_si128(x, ipad));
    let wo = w.map(|x| _mm_xor_si128(x, opad));
    let iv = NiState::load(t, &crate::sha256::IV);
    let mut st = [iv, iv];
    rounds_w(t, &mut st, [wi, wo]);
    *inner = st[0].store(t);
    *outer = st[1].store(t);
    wipe_states(&mut st);
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

/// [`wipe`] for SHA states (they hold key-derived or digest words).
#[inline(always)]
fn wipe_states<const N: usize>(st: &mut [NiState; N]) {
    // SAFETY: SSE2 is part of the x86-64 baseline.
    let zero = unsafe { _mm_setzero_si128() };
    wipe(
        st,
        NiState {
            abef: zero,
            cdgh: zero,
        },
    );
}

/// The message words of the padded final block(s) of a message whose last
/// `rest.len()` (< 64) bytes are `rest` and whose total length is `total`
/// bytes, and how many blocks there are (1 or 2). Built in registers from
/// loads of `rest` (see [`ld_partial`]): writing the padding into a stack
/// block and loading it back stalled on store forwarding.
#[target_feature(enable = "sse2,ssse3")]
#[inline]
fn tail_words(rest: &[u8], total: u64) -> ([[__m128i; 4]; 2], usize) {
    let r = rest.len();
    let n = if r < BLOCK_LEN - 8 { 1 } else { 2 };
    let bswap = bswap_mask();
    let mut w = [[_mm_setzero_si128(); 4]; 2];
    for (c, word) in w.as_flattened_mut().iter_mut().enumerate().take(4 * n) {
        let start = 16 * c;
        let mut v = match r.checked_sub(start) {
            Some(left) if left >= 16 => ld_at(rest, start),
            // The last bytes, then the 0x80 that ends the message.
            Some(left) => _mm_or_si128(ld_partial(&rest[start..]), byte_at(left, 0x80)),
            None => _mm_setzero_si128(),
        };
        if c == 4 * n - 1 {
            // The bit length, big-endian, in the block's last 8 bytes.
            let bits = total.wrapping_mul(8).swap_bytes();
            v = _mm_or_si128(v, _mm_set_epi64x(bits as i64, 0));
        }
        *word = _mm_shuffle_epi8(v, bswap);
    }
    (w, n)
}

/// A block that is zero except for byte `p` (< 16), which is `v`.
#[target_feature(enable = "sse2")]
#[inline]
fn byte_at(p: usize, v: u8) -> __m128i {
    let x = u64::from(v);
    if p < 8 {
        _mm_set_epi64x(0, (x << (8 * p)) as i64)
    } else {
        _mm_set_epi64x((x << (8 * (p - 8))) as i64, 0)
    }
}

/// HMAC-SHA256 of `msg` from precomputed inner and outer states.
pub(crate) fn hmac(t: ShaNi, inner: &[u32; 8], outer: &[u32; 8], msg: &[u8]) -> [u8; TAG_LEN] {
    let mut tag = [0u8; TAG_LEN];
    // SAFETY: the ShaNi token proves the CPU has the features `hmac_ni` is
    // compiled for.
    unsafe { hmac_ni(t, inner, outer, msg, &mut tag) };
    tag
}

/// [`hmac`] in one function: the message blocks are hashed straight from
/// the caller's buffer, only the padded tail is copied, and the inner
/// digest goes from the state registers into the outer block's message
/// registers without passing through memory (so there is nothing secret
/// to wipe afterwards but the tag the caller receives).
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
fn hmac_ni(t: ShaNi, inner: &[u32; 8], outer: &[u32; 8], msg: &[u8], tag: &mut [u8; TAG_LEN]) {
    let (blocks, rest) = msg.as_chunks::<BLOCK_LEN>();
    let mut s = [NiState::load(t, inner)];
    for b in blocks {
        rounds(t, &mut s, &[b]);
    }
    let (mut tail, n) = tail_words(rest, BLOCK_LEN as u64 + msg.len() as u64);
    for w in &tail[..n] {
        rounds_w(t, &mut s, [*w]);
    }
    // The first tail block holds the message's last bytes (< 64): wipe
    // them, as the portable path does; the padding is public.
    wipe(&mut tail[0], _mm_setzero_si128());
    let mut o = [NiState::load(t, outer)];
    rounds_w(t, &mut o, [outer_words(s[0])]);
    store_tag(o[0], tag);
}

/// The message words of the outer block: the inner digest (whose words are
/// the state words), then the padding for a 64 + 32 byte message: 0x80,
/// zeros, and the bit length 768 = 0x300 in the last word.
#[inline(always)]
fn outer_words(inner_state: NiState) -> [__m128i; 4] {
    let (d0, d1) = inner_state.words();
    // SAFETY: SSE2 is part of the x86-64 baseline.
    unsafe {
        [
            d0,
            d1,
            _mm_set_epi32(0, 0, 0, 0x8000_0000u32 as i32),
            _mm_set_epi32(0x300, 0, 0, 0),
        ]
    }
}

/// The tag bytes of a finished outer state.
#[inline(always)]
fn store_tag(state: NiState, tag: &mut [u8; TAG_LEN]) {
    let (h0, h1) = state.words();
    let bswap = bswap_mask();
    // SAFETY: SSSE3 is present wherever a NiState exists (see `words`);
    // `tag` has 32 writable bytes and the two stores are unaligned.
    unsafe {
        _mm_storeu_si128(tag.as_mut_ptr().cast(), _mm_shuffle_epi8(h0, bswap));
        _mm_storeu_si128(tag.as_mut_ptr().add(16).cast(), _mm_shuffle_epi8(h1, bswap));
    }
}

/// Load one block's message words.
#[inline(always)]
fn block_words(block: &[u8; BLOCK_LEN]) -> [__m128i; 4] {
    let bswap = bswap_mask();
    // SAFETY: SSSE3 is present wherever this is called (only from kernels
    // compiled for SHA-NI, which need it).
    core::array::from_fn(|j| unsafe { _mm_shuffle_epi8(ld_at(block, 16 * j), bswap) })
}

/// One message in flight in a lane of the batch signer. Its state lives
/// beside it, in the signer's array of states.
#[derive(Clone, Copy)]
struct Lane<'a> {
    /// Index of the message (and of its tag).
    index: usize,
    /// The message's full blocks not hashed yet.
    blocks: &'a [[u8; BLOCK_LEN]],
    /// The padded tail block(s)' message words, how many blocks there are,
    /// and the next one.
    tail: [[__m128i; 4]; 2],
    tail_n: usize,
    tail_next: usize,
    /// Whether the inner hash is done and the outer block is next.
    in_outer: bool,
    /// The outer block's message words (secret: they hold the inner
    /// digest; wiped when the lane finishes).
    outer: [__m128i; 4],
}

impl<'a> Lane<'a> {
    fn start(_: ShaNi, index: usize, msg: &'a [u8], zero: __m128i) -> Self {
        let (blocks, rest) = msg.as_chunks::<BLOCK_LEN>();
        // SAFETY: the ShaNi token proves SSE2 and SSSE3.
        let (tail, tail_n) = unsafe { tail_words(rest, BLOCK_LEN as u64 + msg.len() as u64) };
        Lane {
            index,
            blocks,
            tail,
            tail_n,
            tail_next: 0,
            in_outer: false,
            outer: [zero; 4],
        }
    }

    /// The message words of the lane's next block.
    #[inline(always)]
    fn words(&self) -> [__m128i; 4] {
        if self.in_outer {
            self.outer
        } else if let Some(b) = self.blocks.first() {
            block_words(b)
        } else {
            self.tail[self.tail_next % 2]
        }
    }

    /// After a block: `true` when the lane's state is the finished tag
    /// state.
    #[inline(always)]
    fn advance(&mut self, t: ShaNi, state: &mut NiState, outer: &[u32; 8]) -> bool {
        if self.in_outer {
            // SAFETY: SSE2 is part of the x86-64 baseline.
            let zero = unsafe { _mm_setzero_si128() };
            wipe(&mut self.outer, zero);
            return true;
        }
        if let Some((_, rest)) = self.blocks.split_first() {
            self.blocks = rest;
        } else {
            self.tail_next += 1;
        }
        if self.blocks.is_empty() && self.tail_next == self.tail_n {
            self.outer = outer_words(*state);
            self.in_outer = true;
            *state = NiState::load(t, outer);
            // SAFETY: SSE2 is part of the x86-64 baseline.
            wipe(&mut self.tail[0], unsafe { _mm_setzero_si128() });
        }
        false
    }
}

/// Lanes interleaved by the batch signer.
const LANES: usize = 4;

/// HMAC-SHA256 of every message, `tags[i]` for `msgs[i]`, up to four at a
/// time (`tags.len() == msgs.len()`, checked by the caller).
///
/// Runs of four consecutive messages of one length (the common case: a
/// batch of same-shaped requests) go through [`hmac4_ni`] in lock step;
/// the rest through the lane scheduler, [`hmac_lanes_ni`].
pub(crate) fn hmac_batch(
    t: ShaNi,
    inner: &[u32; 8],
    outer: &[u32; 8],
    msgs: &[&[u8]],
    tags: &mut [[u8; TAG_LEN]],
) {
    // SAFETY: the ShaNi token proves the CPU has the features
    // `hmac_batch_ni` is compiled for.
    unsafe { hmac_batch_ni(t, inner, outer, msgs, tags) }
}

#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
fn hmac_batch_ni(
    t: ShaNi,
    inner: &[u32; 8],
    outer: &[u32; 8],
    msgs: &[&[u8]],
    tags: &mut [[u8; TAG_LEN]],
) {
    // Whether the four messages from `i` on have one length.
    let same = |i: usize| match msgs.get(i..i + LANES) {
        Some(m) => m.iter().all(|x| x.len() == m[0].len()),
        None => false,
    };
    let mut pad = Padding::none();
    let mut i = 0;
    while i < msgs.len() {
        let mut j = i;
        while j < msgs.len() && !same(j) {
            j = (j + LANES).min(msgs.len());
        }
        if j > i {
            hmac_lanes_ni(t, inner, outer, &msgs[i..j], &mut tags[i..j]);
            i = j;
        }
        while same(i) {
            let m = msgs[i..i + LANES].first_chunk().expect("checked by `same`");
            let out = tags[i..i + LANES]
                .first_chunk_mut()
                .expect("tags.len() == msgs.len()");
            hmac4_ni(t, inner, outer, m, out, &mut pad);
            i += LANES;
        }
    }
}

/// The expanded schedule (see [`schedule`]) of the all-padding block that
/// ends a message of `total` bytes (key block included), kept across the
/// groups of one batch; `total == u64::MAX` (no message is that long)
/// until the first.
struct Padding {
    total: u64,
    wk: [__m128i; 16],
}

impl Padding {
    fn none() -> Self {
        // SAFETY: SSE2 is part of the x86-64 baseline.
        let zero = unsafe { _mm_setzero_si128() };
        Padding {
            total: u64::MAX,
            wk: [zero; 16],
        }
    }
}

/// HMAC-SHA256 of four messages of one length, in lock step: the same
/// blocks in every lane, with no per-block scheduling. When the tail
/// includes a block of padding only (the length is a multiple of 64, or
/// 56..63 past one), that block is the same in all four lanes, and in
/// every group of the batch with this length: its schedule is expanded
/// once (`pad`), and the lanes run only its rounds.
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
fn hmac4_ni(
    t: ShaNi,
    inner: &[u32; 8],
    outer: &[u32; 8],
    msgs: &[&[u8]; LANES],
    tags: &mut [[u8; TAG_LEN]; LANES],
    pad: &mut Padding,
) {
    let len = msgs[0].len();
    let total = BLOCK_LEN as u64 + len as u64;
    let full = len / BLOCK_LEN;
    let zero = _mm_setzero_si128();
    let mut tail = [[[zero; 4]; 2]; LANES];
    let mut n = 1;
    for (w, m) in tail.iter_mut().zip(msgs) {
        (*w, n) = tail_words(&m[full * BLOCK_LEN..], total);
    }
    // The all-padding block, if any: the first tail block when the message
    // ends on a block boundary, else the second when there is one.
    let pad_at = full + usize::from(!len.is_multiple_of(BLOCK_LEN));
    if pad_at < full + n && pad.total != total {
        *pad = Padding {
            total,
            wk: schedule(tail[0][pad_at - full]),
        };
    }
    let mut st = [NiState::load(t, inner); LANES];
    let mut digest = st;
    // The message blocks, the tail blocks, then the outer block; one call
    // site of the (large) interleaved rounds.
    for k in 0..=full + n {
        if k == pad_at && k < full + n {
            rounds_wk(t, &mut st, &pad.wk);
            continue;
        }
        let mut w = [[zero; 4]; LANES];
        if k < full {
            for (w, m) in w.iter_mut().zip(msgs) {
                *w = block_words(m[k * BLOCK_LEN..].first_chunk().expect("a full block"));
            }
        } else if k < full + n {
            for (w, tw) in w.iter_mut().zip(&tail) {
                *w = tw[k - full];
            }
        } else {
            for (w, s) in w.iter_mut().zip(&st) {
                *w = outer_words(*s);
            }
            digest = st;
            st = [NiState::load(t, outer); LANES];
        }
        rounds_w(t, &mut st, w);
    }
    for (s, tag) in st.iter().zip(tags.iter_mut()) {
        store_tag(*s, tag);
    }
    // The first tail blocks held the messages' last bytes; the inner states
    // hold the inner digests.
    for w in tail.iter_mut() {
        wipe(&mut w[0], zero);
    }
    wipe_states(&mut digest);
}

/// The lane scheduler of [`hmac_batch`]. The active lanes are kept at the front
/// of `lanes` (and their states at the front of `st`), so that each step
/// runs the rounds for exactly that many lanes; a finished lane is
/// replaced by the next message, or by the last active lane when none is
/// left.
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
#[inline]
fn hmac_lanes_ni(
    t: ShaNi,
    inner: &[u32; 8],
    outer: &[u32; 8],
    msgs: &[&[u8]],
    tags: &mut [[u8; TAG_LEN]],
) {
    let zero = _mm_setzero_si128();
    let mut pending = msgs.iter().enumerate();
    let mut lanes = [Lane::start(t, usize::MAX, &[], zero); LANES];
    let mut st = [NiState::load(t, inner); LANES];
    let mut active = 0;
    loop {
        while active < LANES {
            let Some((i, m)) = pending.next() else { break };
            lanes[active] = Lane::start(t, i, m, zero);
            st[active] = NiState::load(t, inner);
            active += 1;
        }
        macro_rules! step {
            ($l:literal) => {{
                let w: [[__m128i; 4]; $l] = core::array::from_fn(|i| lanes[i].words());
                let s: &mut [NiState; $l] = st.first_chunk_mut().expect("at most LANES lanes");
                rounds_w(t, s, w);
            }};
        }
        match active {
            4 => step!(4),
            3 => step!(3),
            2 => step!(2),
            1 => step!(1),
            _ => break,
        }
        let mut l = 0;
        while l < active {
            if !lanes[l].advance(t, &mut st[l], outer) {
                l += 1;
                continue;
            }
            if let Some(tag) = tags.get_mut(lanes[l].index) {
                store_tag(st[l], tag);
            }
            if let Some((i, m)) = pending.next() {
                lanes[l] = Lane::start(t, i, m, zero);
                st[l] = NiState::load(t, inner);
                l += 1;
            } else {
                active -= 1;
                lanes.swap(l, active);
                st.swap(l, active);
            }
        }
    }
    // The states held the key's precomputed states.
    wipe_states(&mut st);
}
