//! The one error type of the safe Rust API.
#![forbid(unsafe_code)]

use core::fmt;

/// Why an operation failed.
///
/// The variants map one-to-one onto the C ABI's `paycrypt_status` codes
/// (see [`Error::code`]); their messages are short English sentences that
/// never contain secret data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// Key length not accepted (AES-GCM takes 16 or 32 bytes).
    KeyLength,
    /// Nonce length not accepted (AES-GCM takes 12 bytes).
    NonceLength,
    /// Tag length not accepted.
    TagLength,
    /// Output buffer too small.
    BufferTooSmall,
    /// Input or requested output beyond the algorithm's limit.
    InputTooLong,
    /// Signature or tag mismatch.
    VerifyFailed,
    /// An encoded input (hex, base64, header, envelope) cannot be parsed.
    Malformed,
    /// A timestamp lies outside the allowed tolerance.
    Expired,
    /// Not available in this build (for example, no OS random number generator).
    Unsupported,
}

impl Error {
    /// The numeric status code of the C ABI for this error.
    pub const fn code(self) -> u32 {
        match self {
            Error::KeyLength => 2,
            Error::NonceLength => 3,
            Error::TagLength => 4,
            Error::BufferTooSmall => 5,
            Error::InputTooLong => 6,
            Error::VerifyFailed => 7,
            Error::Malformed => 8,
            Error::Expired => 9,
            Error::Unsupported => 11,
        }
    }

    /// A static English sentence describing the error.
    pub const fn message(self) -> &'static str {
        match self {
            Error::KeyLength => "key length not accepted",
            Error::NonceLength => "nonce length not accepted",
            Error::TagLength => "tag length not accepted",
            Error::BufferTooSmall => "output buffer too small",
            Error::InputTooLong => "input or requested output beyond the algorithm's limit",
            Error::VerifyFailed => "signature or tag mismatch",
            Error::Malformed => "encoded input (hex, base64, header or envelope) cannot be parsed",
            Error::Expired => "timestamp outside the allowed tolerance",
            Error::Unsupported => "feature not available in this build",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}
