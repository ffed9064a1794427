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

/// The engine of this build: on x86-64 the fastest kernel the CPU runs
/// (picked when the key is made, portable if none), elsewhere portable.
#[cfg(target_arch = "x86_64")]
pub(crate) type Engine = select::Dispatch;
/// The engine of this build.
#[cfg(not(target_arch = "x86_64"))]
pub(crate) type Engine = portable::Portable;
