#![doc = include_str!("../README.md")]
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "std")]
extern crate std;

// The core modules are safe Rust and not part of the C header.
/// cbindgen:ignore
mod adyen;
/// cbindgen:ignore
mod aes_gcm;
/// cbindgen:ignore
mod encoding;
/// cbindgen:ignore
mod envelope;
/// cbindgen:ignore
mod error;
/// cbindgen:ignore
mod gcm;
/// cbindgen:ignore
mod hex;
/// cbindgen:ignore
mod hkdf;
/// cbindgen:ignore
mod hmac;
/// cbindgen:ignore
mod sha256;
/// cbindgen:ignore
mod sha256_compact;
/// cbindgen:ignore
#[cfg(target_arch = "x86_64")]
mod sha_ni;
/// cbindgen:ignore
mod util;
/// cbindgen:ignore
mod webhook;
/// cbindgen:ignore
mod wechatpay;
/// cbindgen:ignore
#[cfg(target_arch = "x86_64")]
mod x86_load;

#[allow(unsafe_code)]
pub mod ffi;

#[cfg(all(test, feature = "std"))]
mod compact_tests;

pub use crate::adyen::{
    adyen_payload_verify, adyen_sign, adyen_verify, AdyenFields, ADYEN_SIGNATURE_LEN,
};
pub use crate::aes_gcm::{
    AesGcmKey, MAX_PLAINTEXT_LEN as AES_GCM_MAX_PLAINTEXT_LEN, NONCE_LEN as AES_GCM_NONCE_LEN,
    TAG_LEN as AES_GCM_TAG_LEN,
};
pub use crate::envelope::{
    envelope_key_id, envelope_open, envelope_plaintext_len, envelope_seal, envelope_seal_random,
    ENVELOPE_OVERHEAD, ENVELOPE_VERSION,
};
pub use crate::error::Error;
pub use crate::hkdf::{hkdf_sha256, MAX_OUTPUT_LEN as HKDF_SHA256_MAX_LEN};
pub use crate::hmac::{
    hmac_sha256, hmac_sha256_verify, HmacKey, HmacState, MIN_TAG_LEN as HMAC_MIN_TAG_LEN,
    TAG_LEN as HMAC_TAG_LEN,
};
pub use crate::sha256::{sha256, Sha256, DIGEST_LEN as SHA256_LEN};
pub use crate::util::{ct_equal, random_bytes, wipe};
pub use crate::webhook::{
    github_verify, webhook_header_len, webhook_sign, webhook_verify, WEBHOOK_HEADER_MAX_LEN,
};
pub use crate::wechatpay::{
    wechatpay_v2_sign, wechatpay_v2_verify, wechatpay_v3_decrypt, wechatpay_v3_plaintext_len,
    WECHATPAY_V2_MAX_PARAMS,
};

/// A panic handler for bare-metal static libraries built without `std`
/// (feature `panic-handler`). The core is written to be panic-free; should
/// a panic happen anyway, the CPU parks here rather than unwinding.
#[cfg(all(feature = "panic-handler", not(feature = "std"), not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {
        core::hint::spin_loop();
    }
}

/// Entry points that force one implementation, for the differential tests
/// and benchmarks. Not part of the API: they may change at any time.
#[doc(hidden)]
pub mod __kernels {
    use crate::{HmacKey, HMAC_TAG_LEN};

    /// HMAC-SHA256 on the portable path.
    pub fn hmac_portable(key: &HmacKey, msg: &[u8]) -> [u8; HMAC_TAG_LEN] {
        key.sign_portable(msg)
    }

    /// Batch signing on the portable path.
    pub fn hmac_batch_portable(key: &HmacKey, msgs: &[&[u8]], tags: &mut [[u8; HMAC_TAG_LEN]]) {
        key.sign_batch_portable(msgs, tags)
    }

    /// HMAC-SHA256 with SHA-NI; `None` when the CPU lacks it.
    #[cfg(target_arch = "x86_64")]
    pub fn hmac_shani(key: &HmacKey, msg: &[u8]) -> Option<[u8; HMAC_TAG_LEN]> {
        let (inner, outer) = key.states();
        crate::sha_ni::detect().map(|t| crate::sha_ni::hmac(t, inner, outer, msg))
    }

    /// Interleaved batch signing with SHA-NI; `None` when the CPU lacks it.
    #[cfg(target_arch = "x86_64")]
    pub fn hmac_batch_shani(
        key: &HmacKey,
        msgs: &[&[u8]],
        tags: &mut [[u8; HMAC_TAG_LEN]],
    ) -> Option<()> {
        let (inner, outer) = key.states();
        assert_eq!(msgs.len(), tags.len());
        crate::sha_ni::detect().map(|t| crate::sha_ni::hmac_batch(t, inner, outer, msgs, tags))
    }

    pub use crate::gcm::select::GcmKernel;

    /// An AES-GCM key on a forced implementation; `Ok(None)` when this CPU
    /// cannot run it.
    pub fn aes_gcm_key(
        kernel: GcmKernel,
        key: &[u8],
    ) -> Result<Option<crate::AesGcmKey>, crate::Error> {
        Ok(crate::gcm::select::engine_with(kernel, key)?.map(crate::AesGcmKey))
    }

    /// The implementation an AES-GCM key runs on (what `AesGcmKey::new`
    /// picked, or what was forced).
    pub fn aes_gcm_kernel(key: &crate::AesGcmKey) -> GcmKernel {
        crate::gcm::select::engine_kernel(&key.0)
    }

    /// Seal `pt` into `out` (same length) with the AAD in pieces; returns
    /// the tag.
    pub fn aes_gcm_seal_parts(
        key: &crate::AesGcmKey,
        nonce: &[u8; 12],
        aad: &[&[u8]],
        pt: &[u8],
        out: &mut [u8],
    ) -> Result<[u8; 16], crate::Error> {
        let buf = inout::InOutBuf::new(pt, out).map_err(|_| crate::Error::BufferTooSmall)?;
        key.seal_parts(nonce, aad, buf)
    }

    /// Seal `buf` in place with the AAD in pieces; returns the tag.
    pub fn aes_gcm_seal_parts_in_place(
        key: &crate::AesGcmKey,
        nonce: &[u8; 12],
        aad: &[&[u8]],
        buf: &mut [u8],
    ) -> Result<[u8; 16], crate::Error> {
        key.seal_parts(nonce, aad, buf.into())
    }

    /// Check `tag` and decrypt `ct` into `out` (same length) with the AAD
    /// in pieces. On failure `out` is left as it was (the engine's rule).
    pub fn aes_gcm_open_parts(
        key: &crate::AesGcmKey,
        nonce: &[u8; 12],
        aad: &[&[u8]],
        ct: &[u8],
        out: &mut [u8],
        tag: &[u8; 16],
    ) -> Result<(), crate::Error> {
        let buf = inout::InOutBuf::new(ct, out).map_err(|_| crate::Error::BufferTooSmall)?;
        key.open_parts(nonce, aad, buf, tag)
    }

    /// Check `tag` and decrypt `buf` in place with the AAD in pieces; on
    /// failure `buf` is left as it was.
    pub fn aes_gcm_open_parts_in_place(
        key: &crate::AesGcmKey,
        nonce: &[u8; 12],
        aad: &[&[u8]],
        buf: &mut [u8],
        tag: &[u8; 16],
    ) -> Result<(), crate::Error> {
        key.open_parts(nonce, aad, buf.into(), tag)
    }
}
