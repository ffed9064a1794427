//! The C ABI. The only module with `unsafe` code besides CPU kernels.
//!
//! Rules every function here follows:
//! * its body runs behind [`boundary`], so no panic unwinds into C;
//! * raw pointers become Rust references only after the NULL, length and
//!   overlap checks of [`ptr`], and only for exactly the bytes used;
//! * contexts are read and written through [`ctx`], which rejects memory
//!   that was never initialised or was wiped;
//! * outputs are written only on success (or zeroed, on authentication
//!   failure).
#![allow(non_camel_case_types)]
#![deny(clippy::undocumented_unsafe_blocks)]

pub(crate) mod ctx;
mod primitives;
mod protocols;
pub(crate) mod ptr;

pub use primitives::*;
pub use protocols::*;

use crate::Error;

/// Status code returned by every fallible function. `PAYCRYPT_OK` (0) is
/// success; the values are fixed and never reused.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum paycrypt_status {
    /// Success.
    PAYCRYPT_OK = 0,
    /// A required pointer was NULL.
    PAYCRYPT_ERR_NULL_POINTER = 1,
    /// Key length not accepted.
    PAYCRYPT_ERR_KEY_LENGTH = 2,
    /// Nonce length not accepted.
    PAYCRYPT_ERR_NONCE_LENGTH = 3,
    /// Tag length not accepted.
    PAYCRYPT_ERR_TAG_LENGTH = 4,
    /// Output capacity too small; `*out_len` holds the size needed.
    PAYCRYPT_ERR_BUFFER_TOO_SMALL = 5,
    /// Input or requested output beyond the algorithm's limit. Every
    /// function also returns it, without reading the buffer, for any length
    /// (or count) above `SIZE_MAX / 2`, which no real buffer can have.
    PAYCRYPT_ERR_INPUT_TOO_LONG = 6,
    /// Signature or tag mismatch.
    PAYCRYPT_ERR_VERIFY_FAILED = 7,
    /// An encoded input (hex, base64, header, envelope) cannot be parsed.
    PAYCRYPT_ERR_MALFORMED = 8,
    /// A timestamp lies outside the allowed tolerance.
    PAYCRYPT_ERR_EXPIRED = 9,
    /// Context not initialised, or already wiped.
    PAYCRYPT_ERR_UNINITIALIZED = 10,
    /// Feature not available in this build (e.g. no OS random number generator).
    PAYCRYPT_ERR_UNSUPPORTED = 11,
    /// An output buffer overlaps an input in a way the function does not
    /// allow (see each function); nothing was written.
    PAYCRYPT_ERR_OVERLAP = 12,
    /// Internal error (a caught panic). Must never happen; please report it.
    PAYCRYPT_ERR_INTERNAL = 255,
}

use paycrypt_status as S;

impl From<Error> for paycrypt_status {
    #[inline]
    fn from(e: Error) -> Self {
        match e {
            Error::KeyLength => S::PAYCRYPT_ERR_KEY_LENGTH,
            Error::NonceLength => S::PAYCRYPT_ERR_NONCE_LENGTH,
            Error::TagLength => S::PAYCRYPT_ERR_TAG_LENGTH,
            Error::BufferTooSmall => S::PAYCRYPT_ERR_BUFFER_TOO_SMALL,
            Error::InputTooLong => S::PAYCRYPT_ERR_INPUT_TOO_LONG,
            Error::VerifyFailed => S::PAYCRYPT_ERR_VERIFY_FAILED,
            Error::Malformed => S::PAYCRYPT_ERR_MALFORMED,
            Error::Expired => S::PAYCRYPT_ERR_EXPIRED,
            Error::Unsupported => S::PAYCRYPT_ERR_UNSUPPORTED,
        }
    }
}

/// Result type of FFI bodies: `Err` carries the status to return.
pub(crate) type FfiResult = Result<(), paycrypt_status>;

/// Run an FFI body. With `std`, a panic is caught and becomes
/// `PAYCRYPT_ERR_INTERNAL`; without it (panic = abort) the code paths are
/// panic-free by construction and a panic would reach the firmware's
/// handler instead of unwinding.
#[inline]
pub(crate) fn boundary<F: FnOnce() -> FfiResult>(body: F) -> paycrypt_status {
    #[cfg(feature = "std")]
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(body))
        .unwrap_or(Err(S::PAYCRYPT_ERR_INTERNAL));
    #[cfg(not(feature = "std"))]
    let result = body();
    match result {
        Ok(()) => S::PAYCRYPT_OK,
        Err(s) => s,
    }
}

/// [`boundary`] for functions that return nothing (wipes): a panic is
/// swallowed rather than unwound into C.
#[inline]
pub(crate) fn boundary_void<F: FnOnce()>(body: F) {
    let _ = boundary(|| {
        body();
        Ok(())
    });
}

// ---------------------------------------------------------------------------
// Sizes (exported to the header as macros).

/// Size of a SHA-256 digest in bytes.
pub const PAYCRYPT_SHA256_BYTES: usize = 32;
/// Size of an HMAC-SHA256 tag in bytes.
pub const PAYCRYPT_HMAC_SHA256_BYTES: usize = 32;
/// Shortest truncated HMAC tag accepted by verification.
pub const PAYCRYPT_HMAC_MIN_TAG_BYTES: usize = 16;
/// AES-GCM nonce size in bytes.
pub const PAYCRYPT_AES_GCM_NONCE_BYTES: usize = 12;
/// AES-GCM tag size in bytes.
pub const PAYCRYPT_AES_GCM_TAG_BYTES: usize = 16;
/// Bytes a sealed envelope adds to the plaintext: version (1), key id (4),
/// nonce (12) and tag (16).
pub const PAYCRYPT_ENVELOPE_OVERHEAD: usize = 33;
/// Longest HKDF-SHA256 output (255 * 32).
pub const PAYCRYPT_HKDF_SHA256_MAX_BYTES: usize = 8160;

const _: () = {
    assert!(PAYCRYPT_SHA256_BYTES == crate::sha256::DIGEST_LEN);
    assert!(PAYCRYPT_HMAC_SHA256_BYTES == crate::hmac::TAG_LEN);
    assert!(PAYCRYPT_HMAC_MIN_TAG_BYTES == crate::hmac::MIN_TAG_LEN);
    assert!(PAYCRYPT_AES_GCM_NONCE_BYTES == crate::aes_gcm::NONCE_LEN);
    assert!(PAYCRYPT_AES_GCM_TAG_BYTES == crate::aes_gcm::TAG_LEN);
    assert!(PAYCRYPT_HKDF_SHA256_MAX_BYTES == crate::hkdf::MAX_OUTPUT_LEN);
    assert!(PAYCRYPT_ENVELOPE_OVERHEAD == 1 + 4 + 12 + 16);
};
