//! HKDF-SHA256 (RFC 5869), on the crate's own HMAC.
#![forbid(unsafe_code)]

use zeroize::Zeroize;

use crate::hmac::{HmacKey, TAG_LEN};
use crate::Error;

/// Longest output HKDF-SHA256 can produce: 255 blocks of 32 bytes.
pub const MAX_OUTPUT_LEN: usize = 255 * TAG_LEN;

/// Derive `okm.len()` bytes (at most 8160) from `ikm` with `salt` and
/// `info`. An empty salt means 32 zero bytes, as RFC 5869 says.
///
/// ```
/// let mut okm = [0u8; 42];
/// paycrypt::hkdf_sha256(b"salt", b"input key material", b"context", &mut okm).unwrap();
/// ```
pub fn hkdf_sha256(salt: &[u8], ikm: &[u8], info: &[u8], okm: &mut [u8]) -> Result<(), Error> {
    if okm.len() > MAX_OUTPUT_LEN {
        return Err(Error::InputTooLong);
    }
    // Extract. HMAC pads a short key with zeros, so the empty salt and 32
    // zero bytes give the same PRK.
    let mut prk = HmacKey::new(salt).sign(ikm);
    let prk_key = HmacKey::new(&prk);
    prk.zeroize();
    // Expand: T(i) = HMAC(PRK, T(i-1) || info || i).
    let mut t = [0u8; TAG_LEN];
    for (i, chunk) in okm.chunks_mut(TAG_LEN).enumerate() {
        let mut s = prk_key.start();
        if i > 0 {
            s.update(&t)?;
        }
        s.update(info)?;
        // i < 255 because okm.len() <= 255 * 32.
        s.update(&[(i + 1) as u8])?;
        t = s.finalize();
        chunk.copy_from_slice(&t[..chunk.len()]);
    }
    t.zeroize();
    Ok(())
}
