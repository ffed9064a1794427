//! The VAES kernels: VAES and VPCLMULQDQ on 256-bit registers (AVX2, two
//! blocks per register) or 512-bit registers (AVX-512, four blocks per
//! register). Both are generated from one body, [`kernel!`], over a small
//! set of width-specific helpers, so the logic the 256-bit kernel's tests
//! exercise is the logic the 512-bit kernel runs.
//!
//! Sealing takes sixteen blocks per iteration and issues the GHASH of the
//! previous sixteen ciphertext blocks (H^16..H^1, one reduction) between
//! the AES rounds of the next sixteen; a remaining group of eight blocks
//! is done on its own, and tails (fewer than eight blocks) use the 128-bit
//! helpers of [`super::clmul`], compiled here with the AVX encodings. A
//! message of at most 256 bytes is sealed in one pass instead (one batch
//! of AES, one GHASH sum over the AAD, the ciphertext and the lengths),
//! and opened in one pass the same way (the keystream and the sum side by
//! side; the plaintext is written only after the tag matched). Longer
//! messages are opened by hashing, then decrypting, each sixteen blocks
//! per iteration.
//!
//! Every function is called only after runtime detection has seen the
//! features in its `target_feature` list (see [`super::Kernel`]); the
//! `unsafe` blocks are unaligned loads and stores on bounds-checked slices.
#![allow(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]

/// The kernel body. The invoking module defines `V` (the register type),
/// `L` (blocks per register) and the helpers `ld`, `st`, `ldk`, `bcast`,
/// `vxor`, `enc`, `enclast`, `clmul_lo`, `clmul_hi`, `swap64`, `bswap_v`,
/// `ctr_base`, `ctr_step`, `zext`, `pair`, `lanes`, `fold` and `zero`.
macro_rules! kernel {
    ($feat:literal) => {
        use aes::cipher::consts::{U128, U16, U256};
        use inout::InOutBuf;

        use super::super::clmul::{self, st_at, Acc};
        use super::super::{Tables, HP};
        use zeroize::Zeroize;

        use crate::aes_gcm::{NONCE_LEN, TAG_LEN};
        use crate::x86_load::{ld_at, ld_partial};
        use crate::Error;

        /// Registers per sixteen blocks and per eight blocks.
        const G16: usize = 16 / L;
        const G8: usize = 8 / L;

        /// Encrypt `N` registers of blocks.
        #[target_feature(enable = $feat)]
        #[inline]
        fn aes_v<const NR: usize, const N: usize>(rk: &[Entry; 15], mut b: [V; N]) -> [V; N] {
            let k = bcast(&rk[0]);
            for x in b.iter_mut() {
                *x = vxor(*x, k);
            }
            for key in &rk[1..NR] {
                let k = bcast(key);
                for x in b.iter_mut() {
                    *x = enc(*x, k);
                }
            }
            let k = bcast(&rk[NR]);
            for x in b.iter_mut() {
                *x = enclast(*x, k);
            }
            b
        }

        /// Counter blocks J0 + next, J0 + next + 1, ... in `N` registers
        /// (lower-numbered blocks in lower lanes). `j0` is byte-reversed.
        #[target_feature(enable = $feat)]
        #[inline]
        fn ctrs<const N: usize>(j0: core::arch::x86_64::__m128i, next: u32) -> [V; N] {
            let base = ctr_base(j0, next);
            let mut c = [zero(); N];
            for (i, c) in c.iter_mut().enumerate() {
                *c = bswap_v(ctr_step(base, (i * L) as u32));
            }
            c
        }

        /// One Karatsuba step: the products of `d` (blocks in GHASH bit
        /// order) with the table entries from `i` on.
        #[target_feature(enable = $feat)]
        #[inline]
        fn mul_step(t: &Tables, i: usize, d: V, lo: &mut V, hi: &mut V, mid: &mut V) {
            let h = ldk(&t.hpow, i);
            let hx = ldk(&t.hkx, i);
            *lo = vxor(*lo, clmul_lo(d, h));
            *hi = vxor(*hi, clmul_hi(d, h));
            *mid = vxor(*mid, clmul_lo(vxor(d, swap64(d)), hx));
        }

        /// x' = (x ^ d[0]) H^(N L) + ... (each register holds `L`
        /// consecutive blocks in GHASH bit order), for N L <= 16.
        #[target_feature(enable = $feat)]
        #[inline]
        fn ghash_v<const N: usize>(
            t: &Tables,
            x: core::arch::x86_64::__m128i,
            d: &[V; N],
        ) -> core::arch::x86_64::__m128i {
            let first = HP - N * L;
            let (mut lo, mut hi, mut mid) = (zero(), zero(), zero());
            for (i, d) in d.iter().enumerate() {
                let d = if i == 0 { vxor(*d, zext(x)) } else { *d };
                mul_step(t, first + L * i, d, &mut lo, &mut hi, &mut mid);
            }
            Acc::from_parts(fold(lo), fold(hi), fold(mid)).finish()
        }

        /// Encrypt sixteen blocks while hashing sixteen others: one GHASH
        /// register step is issued with each of the first AES rounds, so
        /// both units work at once instead of the hash waiting behind the
        /// rounds. Returns the keystream and the new GHASH state.
        #[target_feature(enable = $feat)]
        #[inline]
        fn aes_ghash16<const NR: usize>(
            t: &Tables,
            mut b: [V; G16],
            x: core::arch::x86_64::__m128i,
            d: &[V; G16],
        ) -> ([V; G16], core::arch::x86_64::__m128i) {
            let k = bcast(&t.rk[0]);
            for s in b.iter_mut() {
                *s = vxor(*s, k);
            }
            let (mut lo, mut hi, mut mid) = (zero(), zero(), zero());
            for r in 1..NR {
                let k = bcast(&t.rk[r]);
                for s in b.iter_mut() {
                    *s = enc(*s, k);
                }
                if r <= G16 {
                    let i = r - 1;
                    let di = if i == 0 { vxor(d[0], zext(x)) } else { d[i] };
                    mul_step(t, HP - 16 + L * i, di, &mut lo, &mut hi, &mut mid);
                }
            }
            let k = bcast(&t.rk[NR]);
            for s in b.iter_mut() {
                *s = enclast(*s, k);
            }
            (b, Acc::from_parts(fold(lo), fold(hi), fold(mid)).finish())
        }

        /// Seal: CTR encryption and GHASH in one pass.
        #[target_feature(enable = $feat)]
        pub(in super::super) fn seal(
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

        #[target_feature(enable = $feat)]
        #[inline]
        fn seal_nr<const NR: usize>(
            t: &Tables,
            nonce: &[u8; NONCE_LEN],
            aad: &[&[u8]],
            buf: InOutBuf<'_, '_, u8>,
        ) -> [u8; TAG_LEN] {
            if buf.len() <= SHORT_MAX {
                return seal_short::<NR>(t, nonce, aad, buf);
            }
            let j0 = clmul::j0_rev(nonce);
            let mask = clmul::pin(clmul::aes_n::<NR, 1>(&t.rk, [clmul::ctr_block(j0, 0)])[0]);
            let (mut x, aad_len) = clmul::hash_aad(t, aad);
            let ct_len = buf.len();
            let mut next = 1u32;
            let whole = buf.len() & !255;
            let (big, rest) = buf.split_at(whole);
            let (big, _) = big.into_chunks::<U256>();
            let mut pending: Option<[V; G16]> = None;
            for mut g in big {
                let c = ctrs::<G16>(j0, next);
                next = next.wrapping_add(16);
                let ks = match pending.as_ref() {
                    Some(prev) => {
                        let (ks, x2) = aes_ghash16::<NR>(t, c, x, prev);
                        x = x2;
                        ks
                    }
                    None => aes_v::<NR, G16>(&t.rk, c),
                };
                let p: &[u8; 256] = g.get_in().as_ref();
                let mut c = [zero(); G16];
                for (i, c) in c.iter_mut().enumerate() {
                    *c = vxor(ks[i], ld(p, 16 * L * i));
                }
                let o: &mut [u8; 256] = g.get_out().as_mut();
                for (i, c) in c.iter_mut().enumerate() {
                    st(o, 16 * L * i, *c);
                    *c = bswap_v(*c);
                }
                pending = Some(c);
            }
            if let Some(prev) = pending.as_ref() {
                x = ghash_v::<G16>(t, x, prev);
            }
            let (groups, rest) = rest.into_chunks::<U128>();
            for mut g in groups {
                let ks = aes_v::<NR, G8>(&t.rk, ctrs::<G8>(j0, next));
                next = next.wrapping_add(8);
                let p: &[u8; 128] = g.get_in().as_ref();
                let mut c = [zero(); G8];
                for (i, c) in c.iter_mut().enumerate() {
                    *c = vxor(ks[i], ld(p, 16 * L * i));
                }
                let o: &mut [u8; 128] = g.get_out().as_mut();
                for (i, c) in c.iter_mut().enumerate() {
                    st(o, 16 * L * i, *c);
                    *c = bswap_v(*c);
                }
                x = ghash_v::<G8>(t, x, &c);
            }
            let mut d = [core::arch::x86_64::_mm_setzero_si128(); 9];
            let m = clmul::crypt_tail::<NR>(t, j0, next, rest, &mut d);
            d[m] = clmul::lengths(aad_len, ct_len);
            x = clmul::ghash_n(t, x, &d[..m + 1]);
            clmul::tag(x, mask)
        }

        /// The longest message [`seal_short`] and [`open_short`] take:
        /// sixteen blocks.
        pub(in super::super) const SHORT_MAX: usize = 256;

        /// Seal of at most [`SHORT_MAX`] bytes in one batch of AES (the
        /// keystream in 1, 2, 4 or all sixteen blocks' worth of registers,
        /// and E(K, J0) beside it) and one GHASH sum: the AAD block (when
        /// the AAD is one piece of at most 16 bytes, the usual case), the
        /// ciphertext blocks and the lengths block, each times its power of
        /// H (up to H^18, see [`HP`]), reduced once. The general path would
        /// hash the AAD, the ciphertext and the lengths block as three
        /// dependent steps.
        #[target_feature(enable = $feat)]
        #[inline]
        fn seal_short<const NR: usize>(
            t: &Tables,
            nonce: &[u8; NONCE_LEN],
            aad: &[&[u8]],
            buf: InOutBuf<'_, '_, u8>,
        ) -> [u8; TAG_LEN] {
            match buf.len().div_ceil(16 * L) {
                0 => seal_short_n::<NR, 0>(t, nonce, aad, buf),
                1 => seal_short_n::<NR, 1>(t, nonce, aad, buf),
                2 => seal_short_n::<NR, 2>(t, nonce, aad, buf),
                3 | 4 => seal_short_n::<NR, 4>(t, nonce, aad, buf),
                _ => seal_short_n::<NR, G16>(t, nonce, aad, buf),
            }
        }

        /// The first term of a short seal's GHASH sum and whether it is a
        /// block of its own: the AAD as one block in GHASH bit order when it
        /// is one piece of at most 16 bytes (the usual case); otherwise the
        /// GHASH state after the AAD (zero when there is none), which is
        /// added to the first ciphertext block's term, so it takes that
        /// block's power of H. Also the AAD's total length.
        #[target_feature(enable = $feat)]
        #[inline]
        fn short_aad(t: &Tables, aad: &[&[u8]]) -> (core::arch::x86_64::__m128i, bool, u64) {
            use core::arch::x86_64::_mm_setzero_si128;
            let mut pieces = aad.iter().filter(|p| !p.is_empty());
            match (pieces.next(), pieces.next()) {
                (None, _) => (_mm_setzero_si128(), false, 0),
                (Some(p), None) if p.len() <= 16 => {
                    let b = if p.len() == 16 {
                        ld_at(p, 0)
                    } else {
                        ld_partial(p)
                    };
                    (clmul::bswap(b), true, p.len() as u64)
                }
                _ => {
                    let (x, n) = clmul::hash_aad(t, aad);
                    (x, false, n)
                }
            }
        }

        /// The keystream of a short seal or open: counters J0 + 1 on in
        /// `N` registers, one batch of AES.
        #[target_feature(enable = $feat)]
        #[inline]
        fn short_keystream<const NR: usize, const N: usize>(
            t: &Tables,
            j0: core::arch::x86_64::__m128i,
        ) -> [V; N] {
            if N > 0 {
                aes_v::<NR, N>(&t.rk, ctrs::<N>(j0, 1))
            } else {
                [zero(); N]
            }
        }

        /// Where the terms of a short GHASH sum find their powers of H:
        /// the terms are the AAD block (if `own`, see [`short_aad`]), the
        /// ciphertext blocks of `len` bytes and the lengths block; with
        /// `m` terms, the one at position `p` is multiplied by H^(m - p),
        /// the table entry `base + p`. Returns `base` and the position of
        /// the first ciphertext block.
        fn short_positions(own: bool, len: usize) -> (usize, usize) {
            let off = usize::from(own);
            let m = off + len.div_ceil(16) + 1;
            (HP - m, off)
        }

        /// Add a short sum's first term (times H^m, the table entry
        /// `base`) and its lengths block (times H^1) to the products so far,
        /// as one register: half the multiplies of two 128-bit products.
        /// (`seal_short_n` has the same lines inline: through this function
        /// it measured about 1 ns slower at 256 bytes.)
        #[target_feature(enable = $feat)]
        #[inline]
        fn first_and_lengths(
            t: &Tables,
            base: usize,
            first: core::arch::x86_64::__m128i,
            lens: core::arch::x86_64::__m128i,
            lo: V,
            hi: V,
            mid: V,
        ) -> Acc {
            let d = pair(first, lens);
            let hp = pair(clmul::ldk(&t.hpow[base]), clmul::ldk(&t.hpow[HP - 1]));
            let hx = pair(clmul::ldk(&t.hkx[base]), clmul::ldk(&t.hkx[HP - 1]));
            Acc::from_parts(
                fold(vxor(lo, clmul_lo(d, hp))),
                fold(vxor(hi, clmul_hi(d, hp))),
                fold(vxor(mid, clmul_lo(vxor(d, swap64(d)), hx))),
            )
        }

        /// [`seal_short`] with the keystream in `N` registers
        /// (`buf.len() <= 16 L N`).
        #[target_feature(enable = $feat)]
        #[inline]
        fn seal_short_n<const NR: usize, const N: usize>(
            t: &Tables,
            nonce: &[u8; NONCE_LEN],
            aad: &[&[u8]],
            buf: InOutBuf<'_, '_, u8>,
        ) -> [u8; TAG_LEN] {
            use core::arch::x86_64::{_mm_setzero_si128, _mm_xor_si128};
            let len = buf.len();
            let j0 = clmul::j0_rev(nonce);
            let mask = clmul::pin(clmul::aes_n::<NR, 1>(&t.rk, [clmul::ctr_block(j0, 0)])[0]);
            let (first, own, aad_len) = short_aad(t, aad);
            let ks = short_keystream::<NR, N>(t, j0);
            let (base, off) = short_positions(own, len);

            // Whole registers of text.
            let nfull = len / (16 * L);
            let (mut head, rest) = buf.split_at(nfull * 16 * L);
            let mut c = [zero(); N];
            let p = head.get_in();
            for (i, c) in c.iter_mut().enumerate().take(nfull) {
                *c = vxor(ks[i], ld(p, 16 * L * i));
            }
            let o = head.get_out();
            let (mut lo, mut hi, mut mid) = (zero(), zero(), zero());
            for (i, c) in c.iter().enumerate().take(nfull) {
                st(o, 16 * L * i, *c);
                mul_step(
                    t,
                    base + off + L * i,
                    bswap_v(*c),
                    &mut lo,
                    &mut hi,
                    &mut mid,
                );
            }
            // The first term and the lengths block as one register, times
            // H^m and H^1: half the multiplies of two 128-bit products.
            let d = pair(first, clmul::lengths(aad_len, len));
            let hp = pair(clmul::ldk(&t.hpow[base]), clmul::ldk(&t.hpow[HP - 1]));
            let hx = pair(clmul::ldk(&t.hkx[base]), clmul::ldk(&t.hkx[HP - 1]));
            lo = vxor(lo, clmul_lo(d, hp));
            hi = vxor(hi, clmul_hi(d, hp));
            mid = vxor(mid, clmul_lo(vxor(d, swap64(d)), hx));
            let mut acc = Acc::from_parts(fold(lo), fold(hi), fold(mid));

            // The rest (fewer than L blocks), from the next keystream
            // register's lanes.
            let ks_rest = match ks.get(nfull) {
                Some(k) => lanes(*k),
                None => [_mm_setzero_si128(); L],
            };
            // (As `clmul::crypt_tail` does, but each block goes straight
            // into the sum: collecting them in an array first, to share
            // that function, cost 3 to 5 ns per seal.)
            let (blocks, partial) = rest.into_chunks::<U16>();
            let mut j = base + off + L * nfull;
            let k = blocks.len();
            for (mut b, ks) in blocks.into_iter().zip(ks_rest) {
                let c = _mm_xor_si128(ld_at(b.get_in(), 0), ks);
                st_at(b.get_out(), 0, c);
                acc.mul(
                    clmul::bswap(c),
                    clmul::ldk(&t.hpow[j]),
                    clmul::ldk(&t.hkx[j]),
                );
                j += 1;
            }
            if !partial.is_empty() {
                let c = clmul::xor_partial(partial, ks_rest[k]);
                acc.mul(
                    clmul::bswap(c),
                    clmul::ldk(&t.hpow[j]),
                    clmul::ldk(&t.hkx[j]),
                );
            }
            clmul::tag(acc.finish(), mask)
        }

        /// Open of at most [`SHORT_MAX`] bytes in one pass: the keystream
        /// (one batch of AES, E(K, J0) beside it) and the GHASH sum over
        /// the ciphertext (as in [`seal_short_n`]) do not depend on each
        /// other, so they run side by side. The plaintext is written only
        /// after the tag matched; on a mismatch `buf` is left as it was.
        #[target_feature(enable = $feat)]
        pub(in super::super) fn open_short(
            t: &Tables,
            aes256: bool,
            nonce: &[u8; NONCE_LEN],
            aad: &[&[u8]],
            buf: InOutBuf<'_, '_, u8>,
            tag: &[u8; TAG_LEN],
        ) -> Result<(), Error> {
            let ok = if aes256 {
                open_short_nr::<14>(t, nonce, aad, buf, tag)
            } else {
                open_short_nr::<10>(t, nonce, aad, buf, tag)
            };
            if ok {
                Ok(())
            } else {
                Err(Error::VerifyFailed)
            }
        }

        #[target_feature(enable = $feat)]
        #[inline]
        fn open_short_nr<const NR: usize>(
            t: &Tables,
            nonce: &[u8; NONCE_LEN],
            aad: &[&[u8]],
            buf: InOutBuf<'_, '_, u8>,
            tag: &[u8; TAG_LEN],
        ) -> bool {
            match buf.len().div_ceil(16 * L) {
                0 => open_short_n::<NR, 0>(t, nonce, aad, buf, tag),
                1 => open_short_n::<NR, 1>(t, nonce, aad, buf, tag),
                2 => open_short_n::<NR, 2>(t, nonce, aad, buf, tag),
                3 | 4 => open_short_n::<NR, 4>(t, nonce, aad, buf, tag),
                _ => open_short_n::<NR, G16>(t, nonce, aad, buf, tag),
            }
        }

        /// [`open_short`] with the keystream in `N` registers
        /// (`buf.len() <= 16 L N`); whether the tag matched.
        #[target_feature(enable = $feat)]
        #[inline]
        fn open_short_n<const NR: usize, const N: usize>(
            t: &Tables,
            nonce: &[u8; NONCE_LEN],
            aad: &[&[u8]],
            buf: InOutBuf<'_, '_, u8>,
            tag: &[u8; TAG_LEN],
        ) -> bool {
            use core::arch::x86_64::{_mm_setzero_si128, _mm_xor_si128};
            let len = buf.len();
            let j0 = clmul::j0_rev(nonce);
            let mask = clmul::pin(clmul::aes_n::<NR, 1>(&t.rk, [clmul::ctr_block(j0, 0)])[0]);
            let (first, own, aad_len) = short_aad(t, aad);
            let ks = short_keystream::<NR, N>(t, j0);
            let (base, off) = short_positions(own, len);
            // The same sum as `seal_short_n`'s, over the ciphertext given.
            let nfull = len / (16 * L);
            let ct = buf.get_in();
            let (mut lo, mut hi, mut mid) = (zero(), zero(), zero());
            for i in 0..nfull {
                let d = bswap_v(ld(ct, 16 * L * i));
                mul_step(t, base + off + L * i, d, &mut lo, &mut hi, &mut mid);
            }
            let lens = clmul::lengths(aad_len, len);
            let mut acc = first_and_lengths(t, base, first, lens, lo, hi, mid);
            let (blocks, partial) = ct[nfull * 16 * L..].as_chunks::<16>();
            let mut j = base + off + L * nfull;
            for b in blocks {
                let h = (clmul::ldk(&t.hpow[j]), clmul::ldk(&t.hkx[j]));
                acc.mul(clmul::bswap(ld_at(b, 0)), h.0, h.1);
                j += 1;
            }
            if !partial.is_empty() {
                let h = (clmul::ldk(&t.hpow[j]), clmul::ldk(&t.hkx[j]));
                acc.mul(clmul::bswap(ld_partial(partial)), h.0, h.1);
            }
            let mut expected = clmul::tag(acc.finish(), mask);
            let ok = crate::util::ct_equal(&expected, tag);
            expected.zeroize();
            if !ok {
                return false;
            }

            // Decrypt: whole registers, then the blocks of the next
            // keystream register's lanes, then a partial block.
            let (mut head, rest) = buf.split_at(nfull * 16 * L);
            let mut p = [zero(); N];
            let src = head.get_in();
            for (i, p) in p.iter_mut().enumerate().take(nfull) {
                *p = vxor(ks[i], ld(src, 16 * L * i));
            }
            let o = head.get_out();
            for (i, p) in p.iter().enumerate().take(nfull) {
                st(o, 16 * L * i, *p);
            }
            let ks_rest = match ks.get(nfull) {
                Some(k) => lanes(*k),
                None => [_mm_setzero_si128(); L],
            };
            let (blocks, partial) = rest.into_chunks::<U16>();
            let k = blocks.len();
            for (mut b, ks) in blocks.into_iter().zip(ks_rest) {
                let p = _mm_xor_si128(ld_at(b.get_in(), 0), ks);
                st_at(b.get_out(), 0, p);
            }
            if !partial.is_empty() {
                clmul::xor_partial(partial, ks_rest[k]);
            }
            true
        }

        /// The expected tag of `ct` (open checks it before decrypting).
        #[target_feature(enable = $feat)]
        pub(in super::super) fn tag_of(
            t: &Tables,
            aes256: bool,
            nonce: &[u8; NONCE_LEN],
            aad: &[&[u8]],
            ct: &[u8],
        ) -> [u8; TAG_LEN] {
            let j0 = clmul::j0_rev(nonce);
            let mask = clmul::pin(if aes256 {
                clmul::aes_n::<14, 1>(&t.rk, [clmul::ctr_block(j0, 0)])[0]
            } else {
                clmul::aes_n::<10, 1>(&t.rk, [clmul::ctr_block(j0, 0)])[0]
            });
            let (mut x, aad_len) = clmul::hash_aad(t, aad);
            let (big, rest) = ct.as_chunks::<256>();
            for g in big {
                let mut d = [zero(); G16];
                for (i, d) in d.iter_mut().enumerate() {
                    *d = bswap_v(ld(g, 16 * L * i));
                }
                x = ghash_v::<G16>(t, x, &d);
            }
            let (small, _) = rest.as_chunks::<128>();
            for g in small {
                let mut d = [zero(); G8];
                for (i, d) in d.iter_mut().enumerate() {
                    *d = bswap_v(ld(g, 16 * L * i));
                }
                x = ghash_v::<G8>(t, x, &d);
            }
            let tail = &rest[rest.len() & !127..];
            x = clmul::hash_tail(t, x, tail, clmul::lengths(aad_len, ct.len()));
            clmul::tag(x, mask)
        }

        /// CTR from J0 + 1 over `buf` (decryption after the tag check).
        #[target_feature(enable = $feat)]
        pub(in super::super) fn ctr(
            t: &Tables,
            aes256: bool,
            nonce: &[u8; NONCE_LEN],
            buf: InOutBuf<'_, '_, u8>,
        ) {
            if aes256 {
                ctr_nr::<14>(t, nonce, buf)
            } else {
                ctr_nr::<10>(t, nonce, buf)
            }
        }

        #[target_feature(enable = $feat)]
        #[inline]
        fn ctr_nr<const NR: usize>(t: &Tables, nonce: &[u8; NONCE_LEN], buf: InOutBuf<'_, '_, u8>) {
            let j0 = clmul::j0_rev(nonce);
            let whole = buf.len() & !255;
            let (big, rest) = buf.split_at(whole);
            let (big, _) = big.into_chunks::<U256>();
            let mut next = 1u32;
            for mut g in big {
                let ks = aes_v::<NR, G16>(&t.rk, ctrs::<G16>(j0, next));
                next = next.wrapping_add(16);
                let p: &[u8; 256] = g.get_in().as_ref();
                let mut c = [zero(); G16];
                for (i, c) in c.iter_mut().enumerate() {
                    *c = vxor(ks[i], ld(p, 16 * L * i));
                }
                let o: &mut [u8; 256] = g.get_out().as_mut();
                for (i, c) in c.iter().enumerate() {
                    st(o, 16 * L * i, *c);
                }
            }
            let (small, rest) = rest.into_chunks::<U128>();
            for mut g in small {
                let ks = aes_v::<NR, G8>(&t.rk, ctrs::<G8>(j0, next));
                next = next.wrapping_add(8);
                let p: &[u8; 128] = g.get_in().as_ref();
                let mut c = [zero(); G8];
                for (i, c) in c.iter_mut().enumerate() {
                    *c = vxor(ks[i], ld(p, 16 * L * i));
                }
                let o: &mut [u8; 128] = g.get_out().as_mut();
                for (i, c) in c.iter().enumerate() {
                    st(o, 16 * L * i, *c);
                }
            }
            let mut d = [core::arch::x86_64::_mm_setzero_si128(); 9];
            clmul::crypt_tail::<NR>(t, j0, next, rest, &mut d);
        }
    };
}

/// 256-bit registers: AVX2 + VAES + VPCLMULQDQ.
pub(super) mod avx2 {
    use core::arch::x86_64::*;

    use super::super::Entry;

    type V = __m256i;
    const L: usize = 2;

    /// Load 32 bytes from `s[off..off + 32]` (unaligned).
    #[target_feature(enable = "avx")]
    #[inline]
    fn ld(s: &[u8], off: usize) -> V {
        let b = &s[off..off + 32];
        // SAFETY: `b` is 32 readable bytes (bounds checked by the index);
        // the load has no alignment requirement.
        unsafe { _mm256_loadu_si256(b.as_ptr().cast()) }
    }

    /// Store 32 bytes to `s[off..off + 32]` (unaligned).
    #[target_feature(enable = "avx")]
    #[inline]
    fn st(s: &mut [u8], off: usize, v: V) {
        let b = &mut s[off..off + 32];
        // SAFETY: `b` is 32 writable bytes (bounds checked); unaligned.
        unsafe { _mm256_storeu_si256(b.as_mut_ptr().cast(), v) }
    }

    /// Table entries `k[i]` (low lane) and `k[i + 1]` (high lane).
    #[target_feature(enable = "avx")]
    #[inline]
    fn ldk(k: &[Entry], i: usize) -> V {
        let b = &k[i..i + 2];
        // SAFETY: `b` is two entries, 32 readable bytes (bounds checked);
        // unaligned load.
        unsafe { _mm256_loadu_si256(b.as_ptr().cast()) }
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn bcast(k: &Entry) -> V {
        let mut v = _mm256_broadcastsi128_si256(clmul::ldk(k));
        // Keep the broadcast where it is used, as `clmul::pin` does for
        // the tag mask: LLVM otherwise hoists all fifteen out of the CTR
        // loop, more than the sixteen ymm registers hold next to eight AES
        // states, and the states spill.
        // SAFETY: the template is empty; it reads and writes only the
        // register it is given, and touches no memory, stack or flags.
        unsafe {
            core::arch::asm!("/* {0} */", inout(ymm_reg) v, options(nomem, nostack, preserves_flags))
        };
        v
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn vxor(a: V, b: V) -> V {
        _mm256_xor_si256(a, b)
    }

    #[target_feature(enable = "avx2,vaes")]
    #[inline]
    fn enc(a: V, k: V) -> V {
        _mm256_aesenc_epi128(a, k)
    }

    #[target_feature(enable = "avx2,vaes")]
    #[inline]
    fn enclast(a: V, k: V) -> V {
        _mm256_aesenclast_epi128(a, k)
    }

    #[target_feature(enable = "avx2,vpclmulqdq")]
    #[inline]
    fn clmul_lo(a: V, b: V) -> V {
        _mm256_clmulepi64_epi128::<0x00>(a, b)
    }

    #[target_feature(enable = "avx2,vpclmulqdq")]
    #[inline]
    fn clmul_hi(a: V, b: V) -> V {
        _mm256_clmulepi64_epi128::<0x11>(a, b)
    }

    /// Swap the 64-bit halves of each block.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn swap64(a: V) -> V {
        _mm256_shuffle_epi32::<0x4e>(a)
    }

    /// Byte-reverse each block.
    #[target_feature(enable = "avx2,ssse3")]
    #[inline]
    fn bswap_v(a: V) -> V {
        _mm256_shuffle_epi8(a, _mm256_broadcastsi128_si256(clmul::bswap_mask()))
    }

    /// Byte-reversed J0 in every lane with next, next + 1 added to the
    /// counters of lanes 0, 1.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn ctr_base(j0: __m128i, next: u32) -> V {
        let n = next as i32;
        _mm256_add_epi32(
            _mm256_broadcastsi128_si256(j0),
            _mm256_set_epi32(0, 0, 0, n.wrapping_add(1), 0, 0, 0, n),
        )
    }

    /// Add `n` to the counter of every lane.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn ctr_step(v: V, n: u32) -> V {
        let n = n as i32;
        _mm256_add_epi32(v, _mm256_set_epi32(0, 0, 0, n, 0, 0, 0, n))
    }

    /// `x` in lane 0, zero elsewhere.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn zext(x: __m128i) -> V {
        _mm256_set_m128i(_mm_setzero_si128(), x)
    }

    /// `a` in lane 0 and `b` in lane 1.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn pair(a: __m128i, b: __m128i) -> V {
        _mm256_set_m128i(b, a)
    }

    /// The blocks of the lanes, lane 0 first.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn lanes(v: V) -> [__m128i; L] {
        [_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v)]
    }

    /// XOR of the lanes.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn fold(v: V) -> __m128i {
        _mm_xor_si128(_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v))
    }

    #[target_feature(enable = "avx")]
    #[inline]
    fn zero() -> V {
        _mm256_setzero_si256()
    }

    kernel!("aes,pclmulqdq,sse2,ssse3,sse4.1,avx,avx2,vaes,vpclmulqdq");
}

/// 512-bit registers: AVX-512 (F, BW) + VAES + VPCLMULQDQ.
///
/// Not run on the machine this was written on (no AVX-512); its forced
/// tests run wherever the CPU has the features.
pub(super) mod avx512 {
    use core::arch::x86_64::*;

    use super::super::Entry;

    type V = __m512i;
    const L: usize = 4;

    /// Load 64 bytes from `s[off..off + 64]` (unaligned).
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn ld(s: &[u8], off: usize) -> V {
        let b = &s[off..off + 64];
        // SAFETY: `b` is 64 readable bytes (bounds checked by the index);
        // the load has no alignment requirement.
        unsafe { _mm512_loadu_si512(b.as_ptr().cast()) }
    }

    /// Store 64 bytes to `s[off..off + 64]` (unaligned).
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn st(s: &mut [u8], off: usize, v: V) {
        let b = &mut s[off..off + 64];
        // SAFETY: `b` is 64 writable bytes (bounds checked); unaligned.
        unsafe { _mm512_storeu_si512(b.as_mut_ptr().cast(), v) }
    }

    /// Table entries `k[i]`..`k[i + 3]`, lowest lane first.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn ldk(k: &[Entry], i: usize) -> V {
        let b = &k[i..i + 4];
        // SAFETY: `b` is four entries, 64 readable bytes (bounds checked);
        // unaligned load.
        unsafe { _mm512_loadu_si512(b.as_ptr().cast()) }
    }

    #[target_feature(enable = "avx512f")]
    #[inline]
    fn bcast(k: &Entry) -> V {
        _mm512_broadcast_i32x4(clmul::ldk(k))
    }

    #[target_feature(enable = "avx512f")]
    #[inline]
    fn vxor(a: V, b: V) -> V {
        _mm512_xor_si512(a, b)
    }

    #[target_feature(enable = "avx512f,vaes")]
    #[inline]
    fn enc(a: V, k: V) -> V {
        _mm512_aesenc_epi128(a, k)
    }

    #[target_feature(enable = "avx512f,vaes")]
    #[inline]
    fn enclast(a: V, k: V) -> V {
        _mm512_aesenclast_epi128(a, k)
    }

    #[target_feature(enable = "avx512f,vpclmulqdq")]
    #[inline]
    fn clmul_lo(a: V, b: V) -> V {
        _mm512_clmulepi64_epi128::<0x00>(a, b)
    }

    #[target_feature(enable = "avx512f,vpclmulqdq")]
    #[inline]
    fn clmul_hi(a: V, b: V) -> V {
        _mm512_clmulepi64_epi128::<0x11>(a, b)
    }

    /// Swap the 64-bit halves of each block.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn swap64(a: V) -> V {
        _mm512_shuffle_epi32::<0x4e>(a)
    }

    /// Byte-reverse each block.
    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn bswap_v(a: V) -> V {
        _mm512_shuffle_epi8(a, _mm512_broadcast_i32x4(clmul::bswap_mask()))
    }

    /// Byte-reversed J0 in every lane with next .. next + 3 added to the
    /// counters of lanes 0..3.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn ctr_base(j0: __m128i, next: u32) -> V {
        let n = next as i32;
        _mm512_add_epi32(
            _mm512_broadcast_i32x4(j0),
            _mm512_set_epi32(
                0,
                0,
                0,
                n.wrapping_add(3),
                0,
                0,
                0,
                n.wrapping_add(2),
                0,
                0,
                0,
                n.wrapping_add(1),
                0,
                0,
                0,
                n,
            ),
        )
    }

    /// Add `n` to the counter of every lane.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn ctr_step(v: V, n: u32) -> V {
        _mm512_add_epi32(v, _mm512_broadcast_i32x4(_mm_set_epi32(0, 0, 0, n as i32)))
    }

    /// `x` in lane 0, zero elsewhere.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn zext(x: __m128i) -> V {
        _mm512_inserti32x4::<0>(_mm512_setzero_si512(), x)
    }

    /// `a` in lane 0, `b` in lane 1, zero elsewhere.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn pair(a: __m128i, b: __m128i) -> V {
        _mm512_inserti32x4::<1>(zext(a), b)
    }

    /// The blocks of the lanes, lane 0 first.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn lanes(v: V) -> [__m128i; L] {
        [
            _mm512_castsi512_si128(v),
            _mm512_extracti32x4_epi32::<1>(v),
            _mm512_extracti32x4_epi32::<2>(v),
            _mm512_extracti32x4_epi32::<3>(v),
        ]
    }

    /// XOR of the lanes.
    #[target_feature(enable = "avx512f,avx2")]
    #[inline]
    fn fold(v: V) -> __m128i {
        let y = _mm256_xor_si256(_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64::<1>(v));
        _mm_xor_si128(_mm256_castsi256_si128(y), _mm256_extracti128_si256::<1>(y))
    }

    #[target_feature(enable = "avx512f")]
    #[inline]
    fn zero() -> V {
        _mm512_setzero_si512()
    }

    kernel!("aes,pclmulqdq,sse2,ssse3,sse4.1,avx,avx2,avx512f,avx512bw,vaes,vpclmulqdq");
}
