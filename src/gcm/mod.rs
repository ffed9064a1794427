//! AES-GCM engines. Each computes GCM for 96-bit nonces and 128-bit tags
//! with the associated data given as consecutive pieces (so a sealed
//! envelope can authenticate its header and the caller's AAD without
//! copying them together). [`Engine`] is the one the build and the CPU
//! select; every engine is tested against the NIST and Wycheproof vectors
//! and against RustCrypto's `aes-gcm`.
// Safe code, except the x86 kernels' intrinsics (allowed in `x86` only).
#![deny(unsafe_code)]

use inout::InOutBuf;

use crate::aes_gcm::{NONCE_LEN, TAG_LEN};
use crate::Error;

mod aes_compact;
pub(crate) mod compact;
// Unused where the compact engine is selected, but still type-checked.
#[cfg_attr(
    any(
        paycrypt_gcm = "compact",
        all(target_os = "none", not(paycrypt_gcm = "portable"))
    ),
    allow(dead_code)
)]
pub(crate) mod portable;
pub(crate) mod select;
#[cfg(target_arch = "x86_64")]
mod x86;

/// What an engine provides. Lengths are checked by the caller.
pub(crate) trait GcmEngine: Sized + Clone {
    /// Expand a 16- or 32-byte key ([`Error::KeyLength`] otherwise).
    fn new(key: &[u8]) -> Result<Self, Error>;
    /// 128 or 256.
    fn key_bits(&self) -> u32;
    /// Encrypt `buf` with AAD `aad[0] || aad[1] || ...`; return the tag.
    fn seal(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[&[u8]],
        buf: InOutBuf<'_, '_, u8>,
    ) -> [u8; TAG_LEN];
    /// Check `tag` over the ciphertext and AAD in constant time, and only
    /// then decrypt (`buf` is left as it was on failure; callers zero it).
    fn open(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[&[u8]],
        buf: InOutBuf<'_, '_, u8>,
        tag: &[u8; TAG_LEN],
    ) -> Result<(), Error>;
}

/// The engine of this build: the compact one on bare-metal targets
/// (firmware); on x86-64 the fastest kernel the CPU runs (picked when the
/// key is made, portable if none); the portable one elsewhere.
/// `--cfg paycrypt_gcm="compact"` or `"portable"` overrides the choice.
#[cfg(all(
    target_arch = "x86_64",
    not(any(
        paycrypt_gcm = "compact",
        paycrypt_gcm = "portable",
        target_os = "none"
    ))
))]
pub(crate) type Engine = select::Dispatch;
/// The engine of this build (see above).
#[cfg(not(any(
    paycrypt_gcm = "compact",
    all(target_os = "none", not(paycrypt_gcm = "portable")),
    all(
        target_arch = "x86_64",
        not(paycrypt_gcm = "portable"),
        not(target_os = "none")
    )
)))]
pub(crate) type Engine = portable::Portable;
/// The engine of this build (see above).
#[cfg(any(
    paycrypt_gcm = "compact",
    all(target_os = "none", not(paycrypt_gcm = "portable"))
))]
pub(crate) type Engine = compact::Compact;
