//! AES-GCM kernels for x86-64, chosen at key set-up by runtime CPU
//! detection:
//!
//! - [`Kernel::VaesAvx512`]: VAES and VPCLMULQDQ on 512-bit registers (four
//!   blocks per register; not run where this was written, see `vaes.rs`);
//! - [`Kernel::VaesAvx2`]: VAES and VPCLMULQDQ on 256-bit registers (two
//!   blocks per register), sixteen blocks per iteration with the GHASH of
//!   the previous sixteen interleaved into the AES rounds;
//! - [`Kernel::Clmul`]: AES-NI and PCLMULQDQ on 128-bit registers, eight
//!   blocks per iteration.
//!
//! The key holds everything a call needs: the AES round keys and eighteen
//! powers of the hash key, so a short message costs one pass with no set-up.
//! All kernels are constant time: AES rounds and carry-less multiplies are
//! instructions, and nothing branches on or indexes by secret data (only by
//! lengths).
//!
//! GHASH bit order: a block is used as a 128-bit integer with its first byte
//! most significant, in which the coefficient of x^i is bit 127 - i. The
//! carry-less product of two such values is the reflection of their
//! product times x, so the tables hold powers of H' = H x^-1 (a left shift
//! by one bit with conditional reduction in this order), which makes each
//! product come out as the reflection of (data * H^k); one reduction per
//! group of blocks then finishes the sum.
#![allow(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]

use core::sync::atomic::{AtomicU8, Ordering};

use inout::InOutBuf;
use zeroize::Zeroize;

use super::GcmEngine;
use crate::aes_gcm::{NONCE_LEN, TAG_LEN};
use crate::Error;

mod clmul;
mod vaes;

/// The x86 kernels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kernel {
    /// AES-NI + PCLMULQDQ, 128-bit registers.
    Clmul,
    /// VAES + VPCLMULQDQ + AVX2, 256-bit registers.
    VaesAvx2,
    /// VAES + VPCLMULQDQ + AVX-512 (F, BW), 512-bit registers.
    VaesAvx512,
}

cpufeatures::new!(cpu_clmul, "aes", "pclmulqdq", "sse2", "ssse3", "sse4.1");
cpufeatures::new!(
    cpu_avx2,
    "aes",
    "pclmulqdq",
    "sse2",
    "ssse3",
    "sse4.1",
    "avx",
    "avx2"
);
cpufeatures::new!(
    cpu_avx512,
    "aes",
    "pclmulqdq",
    "sse2",
    "ssse3",
    "sse4.1",
    "avx",
    "avx2",
    "avx512f",
    "avx512bw"
);

/// Whether the CPU reports VAES and VPCLMULQDQ (CPUID leaf 7, ECX bits 9
/// and 10). Their 256-bit forms need only the OS's YMM state, which the
/// AVX2 check above covers (the 512-bit forms need ZMM state, which the
/// AVX-512 check covers); `cpufeatures` 0.3 asks for ZMM state for these
/// two bits even alone, which CPUs without AVX-512 (e.g. AMD Zen 3) never
/// have, hence this check.
fn cpuid_vaes() -> bool {
    use core::arch::x86_64::{__cpuid, __cpuid_count};
    // SAFETY: CPUID exists on every x86-64 CPU and only reads identification
    // registers. (The intrinsics are safe functions on newer compilers.)
    #[allow(unused_unsafe)]
    let max_leaf = unsafe { __cpuid(0) }.eax;
    if max_leaf < 7 {
        return false;
    }
    // SAFETY: as above; leaf 7 exists (checked).
    #[allow(unused_unsafe)]
    let ecx = unsafe { __cpuid_count(7, 0) }.ecx;
    ecx & (0b11 << 9) == 0b11 << 9
}

impl Kernel {
    /// Whether this CPU (and OS) can run the kernel. Cached after the first
    /// call.
    pub(crate) fn supported(self) -> bool {
        // 0: not yet known; otherwise bit 0 set, and bits 1, 2, 3 for
        // Clmul, VaesAvx2, VaesAvx512.
        static FOUND: AtomicU8 = AtomicU8::new(0);
        let mut f = FOUND.load(Ordering::Relaxed);
        if f == 0 {
            let clmul = cpu_clmul::get();
            let vaes = clmul && cpu_avx2::get() && cpuid_vaes();
            let avx512 = vaes && cpu_avx512::get();
            f = 1 | (u8::from(clmul) << 1) | (u8::from(vaes) << 2) | (u8::from(avx512) << 3);
            FOUND.store(f, Ordering::Relaxed);
        }
        match self {
            Kernel::Clmul => f & 2 != 0,
            Kernel::VaesAvx2 => f & 4 != 0,
            Kernel::VaesAvx512 => f & 8 != 0,
        }
    }

    /// The fastest kernel this CPU can run, if any.
    pub(crate) fn best() -> Option<Kernel> {
        // The AVX-512 kernel is not picked automatically: no machine it was
        // developed on has AVX-512, so it has never run. It stays available
        // to the forced-kernel tests, which run it wherever the CPU has it;
        // add it here once they have passed on such a machine.
        [Kernel::VaesAvx2, Kernel::Clmul]
            .into_iter()
            .find(|k| k.supported())
    }
}

/// Powers of the hash key in the tables: H^HP..H^1. Sixteen serve the
/// bulk loops (sixteen blocks per reduction); a short seal hashes up to
/// sixteen ciphertext blocks with an AAD block and the lengths block in one
/// sum, which takes eighteen.
pub(super) const HP: usize = 18;

/// One table entry: the 16 bytes of a 128-bit register value, lowest byte
/// first, as the kernels load it. A byte array rather than `u128`, so that
/// the tables (and the C context holding them) need only the alignment of
/// a byte: a context at any address is used in place, never copied.
pub(super) type Entry = [u8; 16];

/// Key material, every entry in the form the kernels load directly.
#[derive(Clone)]
pub(super) struct Tables {
    /// AES round keys (11 used for AES-128, 15 for AES-256).
    rk: [Entry; 15],
    /// `hpow[i]` = H'^(HP - i) in GHASH bit order, H' = H x^-1: the
    /// highest power first, so a run of k blocks uses `hpow[HP - k..]` and
    /// two adjacent entries are the two lanes of a 256-bit register.
    hpow: [Entry; HP],
    /// `hkx[i]`: low ^ high 64-bit half of `hpow[i]`, in both halves
    /// (Karatsuba's middle product).
    hkx: [Entry; HP],
}

/// An expanded AES-128/256-GCM key for one of the x86 kernels.
#[derive(Clone)]
pub(crate) struct X86Gcm {
    t: Tables,
    aes256: bool,
    /// Invariant: `kernel.supported()` was true when the key was made (so
    /// its `target_feature` functions may be called).
    kernel: Kernel,
}

impl Drop for X86Gcm {
    fn drop(&mut self) {
        self.t.rk.zeroize();
        self.t.hpow.zeroize();
        self.t.hkx.zeroize();
    }
}

/// H' = H x^-1 in GHASH bit order: shift left by one; the bit shifted out
/// (the coefficient of x^0) comes back as x^-1 = x^127 + x^6 + x + 1, i.e.
/// bits 0, 121, 126 and 127. Branch-free.
fn h_times_x_inv(h: &[u8; 16]) -> u128 {
    let v = u128::from_be_bytes(*h);
    let carry = (v >> 127).wrapping_neg();
    (v << 1) ^ (carry & 0xC200_0000_0000_0000_0000_0000_0000_0001)
}

impl X86Gcm {
    /// A key for `kernel`; `Ok(None)` when this CPU cannot run it.
    pub(crate) fn with_kernel(kernel: Kernel, key: &[u8]) -> Result<Option<Self>, Error> {
        if key.len() != 16 && key.len() != 32 {
            return Err(Error::KeyLength);
        }
        if !kernel.supported() {
            return Ok(None);
        }
        let mut t = Tables {
            rk: [[0; 16]; 15],
            hpow: [[0; 16]; HP],
            hkx: [[0; 16]; HP],
        };
        let mut h = [0u8; 16];
        // SAFETY: both kernels need AES-NI, PCLMULQDQ, SSE2 and SSSE3, which
        // `supported` has just confirmed.
        let aes256 = unsafe {
            let aes256 = clmul::expand_key(key, &mut t.rk);
            clmul::hash_key(&t.rk, aes256, &mut h);
            aes256
        };
        let mut h1 = h_times_x_inv(&h);
        h.zeroize();
        // SAFETY: as above.
        unsafe { clmul::powers(h1, &mut t) };
        h1.zeroize();
        Ok(Some(X86Gcm { t, aes256, kernel }))
    }

    /// The kernel this key runs on.
    pub(crate) fn kernel(&self) -> Kernel {
        self.kernel
    }
}

impl GcmEngine for X86Gcm {
    fn new(key: &[u8]) -> Result<Self, Error> {
        let kernel = Kernel::best().ok_or(Error::Unsupported)?;
        X86Gcm::with_kernel(kernel, key)?.ok_or(Error::Unsupported)
    }

    fn key_bits(&self) -> u32 {
        if self.aes256 {
            256
        } else {
            128
        }
    }

    fn seal(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[&[u8]],
        buf: InOutBuf<'_, '_, u8>,
    ) -> [u8; TAG_LEN] {
        let (t, a) = (&self.t, self.aes256);
        match self.kernel {
            // SAFETY: the key was made only after detection found the
            // kernel's features (the `kernel` invariant).
            Kernel::VaesAvx512 => unsafe { vaes::avx512::seal(t, a, nonce, aad, buf) },
            // SAFETY: as above.
            Kernel::VaesAvx2 => unsafe { vaes::avx2::seal(t, a, nonce, aad, buf) },
            // SAFETY: as above.
            Kernel::Clmul => unsafe { clmul::seal(t, a, nonce, aad, buf) },
        }
    }

    fn open(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[&[u8]],
        buf: InOutBuf<'_, '_, u8>,
        tag: &[u8; TAG_LEN],
    ) -> Result<(), Error> {
        let (t, a) = (&self.t, self.aes256);
        // Short messages on the VAES kernels: one pass (see `open_short`).
        match self.kernel {
            Kernel::VaesAvx512 if buf.len() <= vaes::avx512::SHORT_MAX => {
                // SAFETY: as in `seal`.
                return unsafe { vaes::avx512::open_short(t, a, nonce, aad, buf, tag) };
            }
            Kernel::VaesAvx2 if buf.len() <= vaes::avx2::SHORT_MAX => {
                // SAFETY: as in `seal`.
                return unsafe { vaes::avx2::open_short(t, a, nonce, aad, buf, tag) };
            }
            _ => {}
        }
        let mut expected = match self.kernel {
            // SAFETY: as in `seal`.
            Kernel::VaesAvx512 => unsafe { vaes::avx512::tag_of(t, a, nonce, aad, buf.get_in()) },
            // SAFETY: as in `seal`.
            Kernel::VaesAvx2 => unsafe { vaes::avx2::tag_of(t, a, nonce, aad, buf.get_in()) },
            // SAFETY: as in `seal`.
            Kernel::Clmul => unsafe { clmul::tag_of(t, a, nonce, aad, buf.get_in()) },
        };
        let ok = crate::util::ct_equal(&expected, tag);
        expected.zeroize();
        if !ok {
            return Err(Error::VerifyFailed);
        }
        match self.kernel {
            // SAFETY: as in `seal`.
            Kernel::VaesAvx512 => unsafe { vaes::avx512::ctr(t, a, nonce, buf) },
            // SAFETY: as in `seal`.
            Kernel::VaesAvx2 => unsafe { vaes::avx2::ctr(t, a, nonce, buf) },
            // SAFETY: as in `seal`.
            Kernel::Clmul => unsafe { clmul::ctr(t, a, nonce, buf) },
        }
        Ok(())
    }
}
