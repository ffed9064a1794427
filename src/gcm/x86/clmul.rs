//! The 128-bit kernel: AES-NI and PCLMULQDQ on XMM registers, eight blocks
//! per iteration, and the pieces the 256-bit kernel shares with it (key
//! expansion, counter blocks, GHASH multiply-and-reduce, AAD, short tails).
//!
//! Every function with a `target_feature` attribute is called only after
//! runtime detection has seen its features (see [`super::Kernel`]); the
//! `unsafe` blocks here are the unaligned loads and stores, each on a
//! reference or a bounds-checked slice.
#![allow(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]

use core::arch::x86_64::*;

use aes::cipher::consts::{U128, U16};
use inout::InOutBuf;

use super::{Entry, Tables, HP};
use crate::aes_gcm::{NONCE_LEN, TAG_LEN};
use crate::x86_load::{ld_at, ld_partial};

// ---------------------------------------------------------------------------
// Loads and stores (SSE2, part of the x86-64 baseline)

/// Store 16 bytes to `s[off..off + 16]` (unaligned).
#[inline(always)]
pub(super) fn st_at(s: &mut [u8], off: usize, v: __m128i) {
    let b = &mut s[off..off + 16];
    // SAFETY: `b` is 16 writable bytes (bounds checked above); the store
    // has no alignment requirement.
    unsafe { _mm_storeu_si128(b.as_mut_ptr().cast(), v) }
}

/// Store the first `n = out.len() < 16` bytes of `v` to `out`, from
/// registers (overlapping stores within `out`; nothing is written past it
/// or left on the stack). `n` is a public length.
#[target_feature(enable = "sse2")]
#[inline]
pub(super) fn st_partial(out: &mut [u8], v: __m128i) {
    let n = out.len();
    let lo = _mm_cvtsi128_si64(v) as u64;
    let hi = _mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v)) as u64;
    match n {
        // The word ending at n: bytes n-8..8 from lo, 8..n from hi.
        9..=15 => {
            out[..8].copy_from_slice(&lo.to_le_bytes());
            let last = (lo >> (8 * (n - 8))) | (hi << (8 * (16 - n)));
            out[n - 8..].copy_from_slice(&last.to_le_bytes());
        }
        8 => out.copy_from_slice(&lo.to_le_bytes()),
        4..=7 => {
            out[..4].copy_from_slice(&(lo as u32).to_le_bytes());
            out[n - 4..].copy_from_slice(&((lo >> (8 * (n - 4))) as u32).to_le_bytes());
        }
        1..=3 => {
            for i in [0, n / 2, n - 1] {
                out[i] = (lo >> (8 * i)) as u8;
            }
        }
        _ => {}
    }
}

/// A mask of `n <= 16` 0xff bytes then zeros.
#[inline(always)]
pub(super) fn mask_first(n: usize) -> __m128i {
    const ONES: [u8; 32] = {
        let mut a = [0u8; 32];
        let mut i = 0;
        while i < 16 {
            a[i] = 0xff;
            i += 1;
        }
        a
    };
    ld_at(&ONES, 16 - n)
}

/// `v`, computed at this point of the function. For E(K, J0), which only
/// the tag uses, LLVM otherwise sinks its fourteen dependent AES rounds past
/// the bulk loops to the tag, where their whole latency is added to every
/// call. An empty `asm!` that claims to change the register stops that: it
/// stays in order with the stores that follow.
#[inline(always)]
pub(super) fn pin(mut v: __m128i) -> __m128i {
    // SAFETY: the template is empty; it reads and writes nothing but the
    // register it is given, and touches no memory, stack or flags.
    unsafe {
        core::arch::asm!("/* {0} */", inout(xmm_reg) v, options(nomem, nostack, preserves_flags))
    };
    v
}

/// Load a table entry.
#[inline(always)]
pub(super) fn ldk(k: &Entry) -> __m128i {
    // SAFETY: an entry is 16 readable bytes; unaligned load.
    unsafe { _mm_loadu_si128(k.as_ptr().cast()) }
}

/// The block as a 128-bit integer with its first byte most significant
/// (GHASH's bit order, see the module docs of [`super`]).
#[target_feature(enable = "sse2,ssse3")]
#[inline]
pub(super) fn bswap(v: __m128i) -> __m128i {
    _mm_shuffle_epi8(v, bswap_mask())
}

#[target_feature(enable = "sse2")]
#[inline]
pub(super) fn bswap_mask() -> __m128i {
    _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
}

// ---------------------------------------------------------------------------
// AES

/// Expand the key (16 or 32 bytes) into `rk`; returns whether it is AES-256.
#[target_feature(enable = "aes,sse2")]
pub(super) fn expand_key(key: &[u8], rk: &mut [Entry; 15]) -> bool {
    #[target_feature(enable = "sse2")]
    #[inline]
    fn prefix_xor(k: __m128i) -> __m128i {
        // Word j of the result is k[0] ^ ... ^ k[j].
        let k = _mm_xor_si128(k, _mm_slli_si128::<4>(k));
        _mm_xor_si128(k, _mm_slli_si128::<8>(k))
    }
    let mut out = [_mm_setzero_si128(); 15];
    let aes256 = key.len() == 32;
    if aes256 {
        out[0] = ld_at(key, 0);
        out[1] = ld_at(key, 16);
        // Even round keys: SubWord(RotWord(w[i-1])) ^ rcon (dword 3 of the
        // assist); odd ones: SubWord(w[i-1]) (dword 2).
        macro_rules! even {
            ($i:expr, $rcon:expr) => {
                let a = _mm_aeskeygenassist_si128::<$rcon>(out[$i - 1]);
                out[$i] = _mm_xor_si128(prefix_xor(out[$i - 2]), _mm_shuffle_epi32::<0xff>(a));
            };
        }
        macro_rules! odd {
            ($i:expr) => {
                let a = _mm_aeskeygenassist_si128::<0>(out[$i - 1]);
                out[$i] = _mm_xor_si128(prefix_xor(out[$i - 2]), _mm_shuffle_epi32::<0xaa>(a));
            };
        }
        even!(2, 0x01);
        odd!(3);
        even!(4, 0x02);
        odd!(5);
        even!(6, 0x04);
        odd!(7);
        even!(8, 0x08);
        odd!(9);
        even!(10, 0x10);
        odd!(11);
        even!(12, 0x20);
        odd!(13);
        even!(14, 0x40);
    } else {
        out[0] = ld_at(key, 0);
        macro_rules! step {
            ($i:expr, $rcon:expr) => {
                let a = _mm_aeskeygenassist_si128::<$rcon>(out[$i - 1]);
                out[$i] = _mm_xor_si128(prefix_xor(out[$i - 1]), _mm_shuffle_epi32::<0xff>(a));
            };
        }
        step!(1, 0x01);
        step!(2, 0x02);
        step!(3, 0x04);
        step!(4, 0x08);
        step!(5, 0x10);
        step!(6, 0x20);
        step!(7, 0x40);
        step!(8, 0x80);
        step!(9, 0x1b);
        step!(10, 0x36);
    }
    for (dst, v) in rk.iter_mut().zip(out.iter()) {
        st_at(dst, 0, *v);
    }
    aes256
}

/// H = E(K, 0^128), in byte order.
#[target_feature(enable = "aes,sse2")]
pub(super) fn hash_key(rk: &[Entry; 15], aes256: bool, h: &mut [u8; 16]) {
    let z = [_mm_setzero_si128()];
    let v = if aes256 {
        aes_n::<14, 1>(rk, z)[0]
    } else {
        aes_n::<10, 1>(rk, z)[0]
    };
    st_at(h, 0, v);
}

/// Encrypt `N` blocks with `NR` rounds, round by round across the blocks.
#[target_feature(enable = "aes,sse2")]
#[inline]
pub(super) fn aes_n<const NR: usize, const N: usize>(
    rk: &[Entry; 15],
    mut b: [__m128i; N],
) -> [__m128i; N] {
    let k = ldk(&rk[0]);
    for x in b.iter_mut() {
        *x = _mm_xor_si128(*x, k);
    }
    for key in &rk[1..NR] {
        let k = ldk(key);
        for x in b.iter_mut() {
            *x = _mm_aesenc_si128(*x, k);
        }
    }
    let k = ldk(&rk[NR]);
    for x in b.iter_mut() {
        *x = _mm_aesenclast_si128(*x, k);
    }
    b
}

/// Encrypt eight blocks while hashing eight others (one GHASH step per
/// AES round, so both units work at once); returns the keystream and
/// x' = (x ^ d[0]) H^8 + ... + d[7] H.
#[target_feature(enable = "aes,pclmulqdq,sse2")]
#[inline]
fn aes_ghash8<const NR: usize>(
    t: &Tables,
    mut b: [__m128i; 8],
    x: __m128i,
    d: &[__m128i; 8],
) -> ([__m128i; 8], __m128i) {
    let k = ldk(&t.rk[0]);
    for s in b.iter_mut() {
        *s = _mm_xor_si128(*s, k);
    }
    let mut acc = Acc::new();
    for r in 1..NR {
        let k = ldk(&t.rk[r]);
        for s in b.iter_mut() {
            *s = _mm_aesenc_si128(*s, k);
        }
        if r <= 8 {
            let i = r - 1;
            let di = if i == 0 { _mm_xor_si128(d[0], x) } else { d[i] };
            acc.mul(di, ldk(&t.hpow[HP - 8 + i]), ldk(&t.hkx[HP - 8 + i]));
        }
    }
    let k = ldk(&t.rk[NR]);
    for s in b.iter_mut() {
        *s = _mm_aesenclast_si128(*s, k);
    }
    (b, acc.finish())
}

/// J0 = nonce || 1, byte-reversed: its 32-bit counter is then lane 0, so a
/// counter block is `bswap(j0 + i)` with a 32-bit lane add (GCM's inc32).
#[target_feature(enable = "sse2,ssse3")]
#[inline]
pub(super) fn j0_rev(nonce: &[u8; NONCE_LEN]) -> __m128i {
    let lo = u64::from_le_bytes(nonce[..8].try_into().expect("8 bytes"));
    let hi = u64::from(u32::from_le_bytes(nonce[8..].try_into().expect("4 bytes"))) | 1 << 56;
    bswap(_mm_set_epi64x(hi as i64, lo as i64))
}

/// Counter block J0 + `i` (inc32 applied `i` times).
#[target_feature(enable = "sse2,ssse3")]
#[inline]
pub(super) fn ctr_block(j0: __m128i, i: u32) -> __m128i {
    bswap(_mm_add_epi32(j0, _mm_set_epi32(0, 0, 0, i as i32)))
}

// ---------------------------------------------------------------------------
// GHASH
//
// Field elements are held as 128-bit integers in GHASH's reflected bit
// order (a block byte-reversed). For such operands the 256-bit carry-less
// product of a and b is the reflection of a*b*x, so the tables hold
// H' = H * x^-1 (and its powers times x^-1 likewise): the product with H'
// is then the reflection of a*H, which [`reduce`] takes modulo
// g = x^128 + x^7 + x^2 + x + 1.

/// Karatsuba accumulators for a sum of products, reduced once.
#[derive(Clone, Copy)]
pub(super) struct Acc {
    lo: __m128i,
    hi: __m128i,
    mid: __m128i,
}

impl Acc {
    #[target_feature(enable = "sse2")]
    #[inline]
    pub(super) fn new() -> Self {
        Acc {
            lo: _mm_setzero_si128(),
            hi: _mm_setzero_si128(),
            mid: _mm_setzero_si128(),
        }
    }

    /// Add d * h, where `hx` holds (h.lo ^ h.hi) in its low half.
    #[target_feature(enable = "pclmulqdq,sse2")]
    #[inline]
    pub(super) fn mul(&mut self, d: __m128i, h: __m128i, hx: __m128i) {
        self.lo = _mm_xor_si128(self.lo, _mm_clmulepi64_si128::<0x00>(d, h));
        self.hi = _mm_xor_si128(self.hi, _mm_clmulepi64_si128::<0x11>(d, h));
        let dx = _mm_xor_si128(d, _mm_shuffle_epi32::<0x4e>(d));
        self.mid = _mm_xor_si128(self.mid, _mm_clmulepi64_si128::<0x00>(dx, hx));
    }

    /// Combine with the sums of another accumulator (e.g. the other lane
    /// of a 256-bit one).
    #[target_feature(enable = "sse2")]
    #[inline]
    pub(super) fn from_parts(lo: __m128i, hi: __m128i, mid: __m128i) -> Self {
        Acc { lo, hi, mid }
    }

    /// The reduced sum.
    #[target_feature(enable = "pclmulqdq,sse2")]
    #[inline]
    pub(super) fn finish(self) -> __m128i {
        let mid = _mm_xor_si128(self.mid, _mm_xor_si128(self.lo, self.hi));
        let l = _mm_xor_si128(self.lo, _mm_slli_si128::<8>(mid));
        let h = _mm_xor_si128(self.hi, _mm_srli_si128::<8>(mid));
        reduce(l, h)
    }
}

/// Reduce the reflected 256-bit value `h:l` modulo g. The low 64-bit word
/// of `l` holds the highest-degree coefficients; folding it with
/// x^128 = x^7 + x^2 + x + 1 is a carry-less multiply by 0xC2 << 56 plus a
/// 128-bit shift, done twice (once per 64-bit word of `l`).
#[target_feature(enable = "pclmulqdq,sse2")]
#[inline]
pub(super) fn reduce(l: __m128i, h: __m128i) -> __m128i {
    let poly = _mm_set_epi64x(0, 0xC200_0000_0000_0000u64 as i64);
    let m = _mm_xor_si128(
        _mm_shuffle_epi32::<0x4e>(l),
        _mm_clmulepi64_si128::<0x00>(l, poly),
    );
    let f = _mm_xor_si128(
        _mm_shuffle_epi32::<0x4e>(m),
        _mm_clmulepi64_si128::<0x00>(m, poly),
    );
    _mm_xor_si128(h, f)
}

/// a * b * x mod g on reflected operands (used to build the power table:
/// (h^i x^-1)(h x^-1) x = h^(i+1) x^-1).
#[target_feature(enable = "pclmulqdq,sse2")]
pub(super) fn gmul(a: __m128i, b: __m128i) -> __m128i {
    let lo = _mm_clmulepi64_si128::<0x00>(a, b);
    let hi = _mm_clmulepi64_si128::<0x11>(a, b);
    let mid = _mm_xor_si128(
        _mm_clmulepi64_si128::<0x01>(a, b),
        _mm_clmulepi64_si128::<0x10>(a, b),
    );
    let l = _mm_xor_si128(lo, _mm_slli_si128::<8>(mid));
    let h = _mm_xor_si128(hi, _mm_srli_si128::<8>(mid));
    reduce(l, h)
}

/// Fill the power tables from H' (see [`Tables`]).
#[target_feature(enable = "pclmulqdq,sse2")]
pub(super) fn powers(h1: u128, t: &mut Tables) {
    let h = ldk(&h1.to_le_bytes());
    let mut p = h;
    for i in (0..HP).rev() {
        let mut b = [0u8; 16];
        st_at(&mut b, 0, p);
        let v = u128::from_le_bytes(b);
        t.hpow[i] = b;
        let x = (v as u64 ^ (v >> 64) as u64) as u128;
        t.hkx[i] = (x | (x << 64)).to_le_bytes();
        if i > 0 {
            p = gmul(p, h);
        }
    }
}

/// x' = (x ^ d[0]) H^n + d[1] H^(n-1) + ... + d[n-1] H for n <= HP blocks
/// already in GHASH bit order.
#[target_feature(enable = "pclmulqdq,sse2")]
#[inline]
pub(super) fn ghash_n(t: &Tables, x: __m128i, d: &[__m128i]) -> __m128i {
    let n = d.len();
    if n == 0 {
        return x;
    }
    let first = HP - n;
    let mut acc = Acc::new();
    for (i, b) in d.iter().enumerate() {
        let b = if i == 0 { _mm_xor_si128(*b, x) } else { *b };
        acc.mul(b, ldk(&t.hpow[first + i]), ldk(&t.hkx[first + i]));
    }
    acc.finish()
}

/// Hash whole blocks of `data` (a multiple of 16 bytes), eight at a time.
#[target_feature(enable = "pclmulqdq,sse2,ssse3")]
#[inline]
pub(super) fn hash_blocks(t: &Tables, mut x: __m128i, data: &[u8]) -> __m128i {
    let (groups, rest) = data.as_chunks::<128>();
    for g in groups {
        let mut acc = Acc::new();
        for i in 0..8 {
            let mut b = bswap(ld_at(g, 16 * i));
            if i == 0 {
                b = _mm_xor_si128(b, x);
            }
            acc.mul(b, ldk(&t.hpow[HP - 8 + i]), ldk(&t.hkx[HP - 8 + i]));
        }
        x = acc.finish();
    }
    let (blocks, _) = rest.as_chunks::<16>();
    let mut d = [_mm_setzero_si128(); 8];
    for (slot, b) in d.iter_mut().zip(blocks) {
        *slot = bswap(ld_at(b, 0));
    }
    ghash_n(t, x, &d[..blocks.len()])
}

/// Hash the associated data given as consecutive pieces (zero-padded to a
/// block at the end only); returns the state and the total length.
#[target_feature(enable = "pclmulqdq,sse2,ssse3")]
#[inline]
pub(super) fn hash_aad(t: &Tables, aad: &[&[u8]]) -> (__m128i, u64) {
    let mut x = _mm_setzero_si128();
    let mut total = 0u64;
    let mut partial = [0u8; 16];
    let mut fill = 0usize;
    for (i, piece) in aad.iter().enumerate() {
        total += piece.len() as u64;
        let mut rest = *piece;
        if fill > 0 {
            let take = (16 - fill).min(rest.len());
            partial[fill..fill + take].copy_from_slice(&rest[..take]);
            fill += take;
            rest = &rest[take..];
            if fill < 16 {
                continue;
            }
            x = ghash_n(t, x, &[bswap(ld_at(&partial, 0))]);
            fill = 0;
        }
        let whole = rest.len() & !15;
        x = hash_blocks(t, x, &rest[..whole]);
        let tail = &rest[whole..];
        if tail.is_empty() {
            continue;
        }
        if aad[i + 1..].iter().all(|p| p.is_empty()) {
            // The last bytes (the usual case: AAD in one piece): loaded
            // from registers, not through `partial`.
            x = ghash_n(t, x, &[bswap(ld_partial(tail))]);
            return (x, total);
        }
        partial = [0u8; 16];
        partial[..tail.len()].copy_from_slice(tail);
        fill = tail.len();
    }
    if fill > 0 {
        x = ghash_n(t, x, &[bswap(ld_at(&partial, 0))]);
    }
    (x, total)
}

/// The GHASH lengths block in GHASH bit order.
#[target_feature(enable = "sse2")]
#[inline]
pub(super) fn lengths(aad_len: u64, ct_len: usize) -> __m128i {
    _mm_set_epi64x(
        aad_len.wrapping_mul(8) as i64,
        (ct_len as u64).wrapping_mul(8) as i64,
    )
}

/// The tag: GHASH state back in byte order, XOR E(K, J0).
#[target_feature(enable = "sse2,ssse3")]
#[inline]
pub(super) fn tag(x: __m128i, mask: __m128i) -> [u8; TAG_LEN] {
    let mut out = [0u8; TAG_LEN];
    st_at(&mut out, 0, _mm_xor_si128(bswap(x), mask));
    out
}

// ---------------------------------------------------------------------------
// Tails shared by both kernels: fewer than eight whole blocks, a partial
// block, and the lengths block, hashed in one aggregated step.

/// Keystream for `n <= 8` blocks from counter J0 + `next`, computed as one
/// batch of 1, 2, 4 or 8 blocks.
#[target_feature(enable = "aes,sse2,ssse3")]
#[inline]
pub(super) fn keystream<const NR: usize>(
    t: &Tables,
    j0: __m128i,
    next: u32,
    n: usize,
) -> [__m128i; 8] {
    let mut ks = [_mm_setzero_si128(); 8];
    macro_rules! batch {
        ($w:expr) => {{
            let mut c = [_mm_setzero_si128(); $w];
            for (i, c) in c.iter_mut().enumerate() {
                *c = ctr_block(j0, next.wrapping_add(i as u32));
            }
            ks[..$w].copy_from_slice(&aes_n::<NR, $w>(&t.rk, c));
        }};
    }
    match n {
        0 => {}
        1 => batch!(1),
        2 => batch!(2),
        3 | 4 => batch!(4),
        _ => batch!(8),
    }
    ks
}

/// XOR the last `< 128` bytes of `rest` with the keystream from counter
/// J0 + `next`. The output blocks (zero-padded, in GHASH bit order) go to
/// `d`; returns how many.
#[target_feature(enable = "aes,sse2,ssse3")]
#[inline]
pub(super) fn crypt_tail<const NR: usize>(
    t: &Tables,
    j0: __m128i,
    next: u32,
    rest: InOutBuf<'_, '_, u8>,
    d: &mut [__m128i; 9],
) -> usize {
    let (blocks, partial) = rest.into_chunks::<U16>();
    let k = blocks.len();
    let n = partial.len();
    let ks = keystream::<NR>(t, j0, next, k + usize::from(n > 0));
    for ((mut b, ks), slot) in blocks.into_iter().zip(ks.iter()).zip(d.iter_mut()) {
        let c = _mm_xor_si128(ld_at(b.get_in(), 0), *ks);
        st_at(b.get_out(), 0, c);
        *slot = bswap(c);
    }
    if n == 0 {
        return k;
    }
    d[k] = bswap(xor_partial(partial, ks[k]));
    k + 1
}

/// XOR a partial block (`0 < n < 16` bytes) with the keystream block `ks`
/// and return the output bytes, zero-padded, in byte order. In registers
/// throughout: no copy of the block (plaintext when decrypting) or of the
/// unused keystream is left on the stack, and only the output bytes are
/// hashed.
#[target_feature(enable = "sse2")]
#[inline]
pub(super) fn xor_partial(mut partial: InOutBuf<'_, '_, u8>, ks: __m128i) -> __m128i {
    let c = _mm_and_si128(
        _mm_xor_si128(ld_partial(partial.get_in()), ks),
        mask_first(partial.len()),
    );
    st_partial(partial.get_out(), c);
    c
}

/// Hash the last `< 128` bytes of ciphertext and the lengths block.
#[target_feature(enable = "pclmulqdq,sse2,ssse3")]
#[inline]
pub(super) fn hash_tail(t: &Tables, x: __m128i, ct: &[u8], lens: __m128i) -> __m128i {
    let (blocks, tail) = ct.as_chunks::<16>();
    let mut d = [_mm_setzero_si128(); 9];
    let mut m = 0;
    for (slot, b) in d.iter_mut().zip(blocks) {
        *slot = bswap(ld_at(b, 0));
        m += 1;
    }
    if !tail.is_empty() {
        d[m] = bswap(ld_partial(tail));
        m += 1;
    }
    d[m] = lens;
    ghash_n(t, x, &d[..m + 1])
}

// ---------------------------------------------------------------------------
// The kernel

/// Seal: CTR encryption and GHASH in one pass, eight blocks at a time.
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
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

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
#[inline]
fn seal_nr<const NR: usize>(
    t: &Tables,
    nonce: &[u8; NONCE_LEN],
    aad: &[&[u8]],
    buf: InOutBuf<'_, '_, u8>,
) -> [u8; TAG_LEN] {
    let j0 = j0_rev(nonce);
    let mask = pin(aes_n::<NR, 1>(&t.rk, [ctr_block(j0, 0)])[0]);
    let (mut x, aad_len) = hash_aad(t, aad);
    let ct_len = buf.len();
    let (groups, rest) = buf.into_chunks::<U128>();
    let mut next = 1u32;
    // The GHASH of the previous eight ciphertext blocks overlaps the AES
    // rounds of the next eight.
    let mut pending: Option<[__m128i; 8]> = None;
    for mut g in groups {
        let mut c = [_mm_setzero_si128(); 8];
        for (i, c) in c.iter_mut().enumerate() {
            *c = ctr_block(j0, next.wrapping_add(i as u32));
        }
        next = next.wrapping_add(8);
        let ks = match pending.as_ref() {
            Some(prev) => {
                let (ks, x2) = aes_ghash8::<NR>(t, c, x, prev);
                x = x2;
                ks
            }
            None => aes_n::<NR, 8>(&t.rk, c),
        };
        let p: &[u8; 128] = g.get_in().as_ref();
        for (i, c) in c.iter_mut().enumerate() {
            *c = _mm_xor_si128(ks[i], ld_at(p, 16 * i));
        }
        let o: &mut [u8; 128] = g.get_out().as_mut();
        for (i, c) in c.iter_mut().enumerate() {
            st_at(o, 16 * i, *c);
            *c = bswap(*c);
        }
        pending = Some(c);
    }
    if let Some(prev) = pending.as_ref() {
        x = ghash_n(t, x, prev);
    }
    let mut d = [_mm_setzero_si128(); 9];
    let m = crypt_tail::<NR>(t, j0, next, rest, &mut d);
    d[m] = lengths(aad_len, ct_len);
    x = ghash_n(t, x, &d[..m + 1]);
    tag(x, mask)
}

/// The expected tag of `ct` (open checks it before decrypting).
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
pub(super) fn tag_of(
    t: &Tables,
    aes256: bool,
    nonce: &[u8; NONCE_LEN],
    aad: &[&[u8]],
    ct: &[u8],
) -> [u8; TAG_LEN] {
    let j0 = j0_rev(nonce);
    let mask = pin(if aes256 {
        aes_n::<14, 1>(&t.rk, [ctr_block(j0, 0)])[0]
    } else {
        aes_n::<10, 1>(&t.rk, [ctr_block(j0, 0)])[0]
    });
    let (x, aad_len) = hash_aad(t, aad);
    let whole = ct.len() & !127;
    let x = hash_blocks(t, x, &ct[..whole]);
    let x = hash_tail(t, x, &ct[whole..], lengths(aad_len, ct.len()));
    tag(x, mask)
}

/// CTR from J0 + 1 over `buf` (decryption after the tag has been checked).
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
pub(super) fn ctr(t: &Tables, aes256: bool, nonce: &[u8; NONCE_LEN], buf: InOutBuf<'_, '_, u8>) {
    if aes256 {
        ctr_nr::<14>(t, nonce, buf)
    } else {
        ctr_nr::<10>(t, nonce, buf)
    }
}

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
#[inline]
fn ctr_nr<const NR: usize>(t: &Tables, nonce: &[u8; NONCE_LEN], buf: InOutBuf<'_, '_, u8>) {
    let j0 = j0_rev(nonce);
    let (groups, rest) = buf.into_chunks::<U128>();
    let mut next = 1u32;
    for mut g in groups {
        let mut c = [_mm_setzero_si128(); 8];
        for (i, c) in c.iter_mut().enumerate() {
            *c = ctr_block(j0, next.wrapping_add(i as u32));
        }
        next = next.wrapping_add(8);
        let ks = aes_n::<NR, 8>(&t.rk, c);
        let p: &[u8; 128] = g.get_in().as_ref();
        for (i, c) in c.iter_mut().enumerate() {
            *c = _mm_xor_si128(ks[i], ld_at(p, 16 * i));
        }
        let o: &mut [u8; 128] = g.get_out().as_mut();
        for (i, c) in c.iter().enumerate() {
            st_at(o, 16 * i, *c);
        }
    }
    let mut d = [_mm_setzero_si128(); 9];
    crypt_tail::<NR>(t, j0, next, rest, &mut d);
}
