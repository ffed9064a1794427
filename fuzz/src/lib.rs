//! paycrypt's fuzz targets. Each target is a plain function over the
//! fuzzer's bytes that panics when a property fails; the libFuzzer
//! binaries in `fuzz_targets/` call them, and the root crate's
//! `tests/fuzz_replay.rs` includes this file (`#[path]`) to replay the
//! committed corpora on stable Rust. Module paths are explicit so that
//! both inclusions find the files.
#![allow(clippy::missing_safety_doc)]

#[path = "aead_open.rs"]
pub mod aead_open;
#[path = "common.rs"]
pub mod common;
#[path = "diff_gcm.rs"]
pub mod diff_gcm;
#[path = "diff_hmac.rs"]
pub mod diff_hmac;
#[path = "encoding.rs"]
pub mod encoding;
#[path = "envelope.rs"]
pub mod envelope;
#[path = "hmac_verify.rs"]
pub mod hmac_verify;
#[path = "seeds.rs"]
pub mod seeds;
#[path = "webhook_headers.rs"]
pub mod webhook_headers;
#[path = "wechatpay.rs"]
pub mod wechatpay;

/// A target's entry point.
pub type Target = fn(&[u8]);

/// Every target: its name (the libFuzzer binary and corpus directory) and
/// its function.
pub const TARGETS: &[(&str, Target)] = &[
    ("webhook_headers", webhook_headers::run),
    ("wechatpay", wechatpay::run),
    ("encoding", encoding::run),
    ("envelope", envelope::run),
    ("aead_open", aead_open::run),
    ("hmac_verify", hmac_verify::run),
    ("diff_hmac", diff_hmac::run),
    ("diff_gcm", diff_gcm::run),
];
