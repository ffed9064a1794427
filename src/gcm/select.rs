//! The engine of x86-64 builds: one of the x86 kernels when the CPU has
//! them (chosen once, when the key is made), else the portable engine.
//! Also the forced selection used by the differential tests and benchmarks.
#![forbid(unsafe_code)]

#[cfg(target_arch = "x86_64")]
use inout::InOutBuf;

#[cfg(target_arch = "x86_64")]
use super::portable::Portable;
use super::{Engine, GcmEngine};
#[cfg(target_arch = "x86_64")]
use crate::aes_gcm::{NONCE_LEN, TAG_LEN};
use crate::Error;

#[cfg(target_arch = "x86_64")]
use super::x86::{Kernel, X86Gcm};

/// The AES-GCM implementations that can be forced (not part of the API).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GcmKernel {
    /// RustCrypto `aes` + `ghash` composition (every target).
    Portable,
    /// x86-64 AES-NI + PCLMULQDQ, 128-bit registers.
    AesNiClmul,
    /// x86-64 VAES + VPCLMULQDQ + AVX2, 256-bit registers.
    VaesAvx2,
    /// x86-64 VAES + VPCLMULQDQ + AVX-512, 512-bit registers (forced only:
    /// never picked automatically until it has run on an AVX-512 machine).
    VaesAvx512,
    /// paycrypt's compact bitsliced engine (firmware builds).
    Compact,
}

impl GcmKernel {
    /// Every implementation, fastest first.
    pub const ALL: [GcmKernel; 5] = [
        GcmKernel::VaesAvx512,
        GcmKernel::VaesAvx2,
        GcmKernel::AesNiClmul,
        GcmKernel::Portable,
        GcmKernel::Compact,
    ];

    /// What a new key picks from, in order (see [`GcmKernel::VaesAvx512`]).
    pub const AUTO: [GcmKernel; 3] = [
        GcmKernel::VaesAvx2,
        GcmKernel::AesNiClmul,
        GcmKernel::Portable,
    ];

    /// Whether this build and CPU can run it.
    pub fn supported(self) -> bool {
        #[cfg(all(
            target_arch = "x86_64",
            not(any(
                paycrypt_gcm = "compact",
                paycrypt_gcm = "portable",
                target_os = "none"
            ))
        ))]
        {
            match self {
                GcmKernel::Portable => true,
                GcmKernel::Compact => false,
                GcmKernel::AesNiClmul => Kernel::Clmul.supported(),
                GcmKernel::VaesAvx2 => Kernel::VaesAvx2.supported(),
                GcmKernel::VaesAvx512 => Kernel::VaesAvx512.supported(),
            }
        }
        #[cfg(not(all(
            target_arch = "x86_64",
            not(any(
                paycrypt_gcm = "compact",
                paycrypt_gcm = "portable",
                target_os = "none"
            ))
        )))]
        {
            self == FIXED_KERNEL
        }
    }

    /// The kernel a new key uses: the first supported one of [`GcmKernel::AUTO`]
    /// (or this build's only one).
    pub fn automatic() -> GcmKernel {
        GcmKernel::AUTO
            .into_iter()
            .find(|k| k.supported())
            .unwrap_or(GcmKernel::Compact)
    }
}

/// A key of this build's [`Engine`] on `kernel`; `Ok(None)` when this CPU
/// (or build) cannot run it.
pub(crate) fn engine_with(kernel: GcmKernel, key: &[u8]) -> Result<Option<Engine>, Error> {
    #[cfg(all(
        target_arch = "x86_64",
        not(any(
            paycrypt_gcm = "compact",
            paycrypt_gcm = "portable",
            target_os = "none"
        ))
    ))]
    {
        Dispatch::with_kernel(kernel, key)
    }
    #[cfg(not(all(
        target_arch = "x86_64",
        not(any(
            paycrypt_gcm = "compact",
            paycrypt_gcm = "portable",
            target_os = "none"
        ))
    )))]
    {
        // This build's engine is fixed (portable or compact): only its own
        // kernel can be had.
        if kernel == FIXED_KERNEL {
            Engine::new(key).map(Some)
        } else if key.len() == 16 || key.len() == 32 {
            Ok(None)
        } else {
            Err(Error::KeyLength)
        }
    }
}

/// The one implementation of builds whose engine is not the x86 dispatcher.
#[cfg(any(
    paycrypt_gcm = "compact",
    all(target_os = "none", not(paycrypt_gcm = "portable"))
))]
const FIXED_KERNEL: GcmKernel = GcmKernel::Compact;
#[cfg(not(any(
    paycrypt_gcm = "compact",
    all(target_os = "none", not(paycrypt_gcm = "portable"))
)))]
#[allow(dead_code)]
const FIXED_KERNEL: GcmKernel = GcmKernel::Portable;

/// Which implementation a key of this build's [`Engine`] uses.
pub(crate) fn engine_kernel(engine: &Engine) -> GcmKernel {
    #[cfg(all(
        target_arch = "x86_64",
        not(any(
            paycrypt_gcm = "compact",
            paycrypt_gcm = "portable",
            target_os = "none"
        ))
    ))]
    {
        engine.kernel()
    }
    #[cfg(not(all(
        target_arch = "x86_64",
        not(any(
            paycrypt_gcm = "compact",
            paycrypt_gcm = "portable",
            target_os = "none"
        ))
    )))]
    {
        let _ = engine;
        FIXED_KERNEL
    }
}

/// Dispatching engine: an x86 kernel or the portable engine.
#[cfg(target_arch = "x86_64")]
#[derive(Clone)]
pub(crate) enum Dispatch {
    X86(X86Gcm),
    Portable(Portable),
}

#[cfg(target_arch = "x86_64")]
impl Dispatch {
    /// A key on `kernel`; `Ok(None)` when this CPU cannot run it.
    pub(crate) fn with_kernel(kernel: GcmKernel, key: &[u8]) -> Result<Option<Self>, Error> {
        let x86 = match kernel {
            GcmKernel::Portable => return Portable::new(key).map(|p| Some(Dispatch::Portable(p))),
            GcmKernel::Compact => {
                return if key.len() == 16 || key.len() == 32 {
                    Ok(None)
                } else {
                    Err(Error::KeyLength)
                }
            }
            GcmKernel::AesNiClmul => Kernel::Clmul,
            GcmKernel::VaesAvx2 => Kernel::VaesAvx2,
            GcmKernel::VaesAvx512 => Kernel::VaesAvx512,
        };
        Ok(X86Gcm::with_kernel(x86, key)?.map(Dispatch::X86))
    }

    /// Which implementation this key uses.
    pub(crate) fn kernel(&self) -> GcmKernel {
        match self {
            Dispatch::X86(k) => match k.kernel() {
                Kernel::Clmul => GcmKernel::AesNiClmul,
                Kernel::VaesAvx2 => GcmKernel::VaesAvx2,
                Kernel::VaesAvx512 => GcmKernel::VaesAvx512,
            },
            Dispatch::Portable(_) => GcmKernel::Portable,
        }
    }
}

#[cfg(target_arch = "x86_64")]
impl GcmEngine for Dispatch {
    fn new(key: &[u8]) -> Result<Self, Error> {
        for kernel in GcmKernel::AUTO {
            if let Some(engine) = Dispatch::with_kernel(kernel, key)? {
                return Ok(engine);
            }
        }
        Portable::new(key).map(Dispatch::Portable)
    }

    fn key_bits(&self) -> u32 {
        match self {
            Dispatch::X86(k) => k.key_bits(),
            Dispatch::Portable(p) => p.key_bits(),
        }
    }

    #[inline]
    fn seal(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[&[u8]],
        buf: InOutBuf<'_, '_, u8>,
    ) -> [u8; TAG_LEN] {
        match self {
            Dispatch::X86(k) => k.seal(nonce, aad, buf),
            Dispatch::Portable(p) => p.seal(nonce, aad, buf),
        }
    }

    #[inline]
    fn open(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[&[u8]],
        buf: InOutBuf<'_, '_, u8>,
        tag: &[u8; TAG_LEN],
    ) -> Result<(), Error> {
        match self {
            Dispatch::X86(k) => k.open(nonce, aad, buf, tag),
            Dispatch::Portable(p) => p.open(nonce, aad, buf, tag),
        }
    }
}
