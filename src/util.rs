//! Constant-time comparison, wiping and the OS random number generator.
#![forbid(unsafe_code)]

use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use crate::Error;

/// Whether `a == b`, in time that depends only on the lengths. Slices of
/// different lengths are unequal.
pub fn ct_equal(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// Overwrite `buf` with zeros in a way the compiler will not remove.
pub fn wipe(buf: &mut [u8]) {
    buf.zeroize();
}

/// Fill `buf` from the operating system's random number generator.
/// [`Error::Unsupported`] in builds without `std`.
pub fn random_bytes(buf: &mut [u8]) -> Result<(), Error> {
    #[cfg(feature = "std")]
    {
        getrandom::fill(buf).map_err(|_| Error::Unsupported)
    }
    #[cfg(not(feature = "std"))]
    {
        let _ = buf;
        Err(Error::Unsupported)
    }
}
