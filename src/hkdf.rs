//! HKDF-SHA256 (RFC 5869), on the crate's own HMAC.
#![forbid(unsafe_code)]

use zeroize::Zeroize;

use crate::hmac::{HmacKey, TAG_LEN};
use crate::Error;

/// Longest output HKDF-SHA256 can produce: 255 blocks of 32 bytes.
pub const MAX_OUTPUT_LEN: usize = 255 * TAG_LEN;

/// Stack space for one expand message (previous block, `info`, counter)
/// when `info` is short enough to be signed in one call.
const EXPAND_BUF: usize = 256;

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
    // T(i) = HMAC(PRK, T(i-1) || info || i). With a short `info` (the usual
    // case) the message is assembled on the stack and signed in one call,
    // the fast single-message path; otherwise it is streamed.
    let mut buf = [0u8; EXPAND_BUF];
    let short = info.len() < EXPAND_BUF - TAG_LEN;
    for (i, chunk) in okm.chunks_mut(TAG_LEN).enumerate() {
        // i < 255 because okm.len() <= 255 * 32.
        let counter = (i + 1) as u8;
        let prev = if i > 0 { &t[..] } else { &[][..] };
        t = if short {
            let n = prev.len() + info.len() + 1;
            buf[..prev.len()].copy_from_slice(prev);
            buf[prev.len()..n - 1].copy_from_slice(info);
            buf[n - 1] = counter;
            prk_key.sign(&buf[..n])
        } else {
            let mut s = prk_key.start();
            s.update(prev)?;
            s.update(info)?;
            s.update(&[counter])?;
            s.finalize()
        };
        chunk.copy_from_slice(&t[..chunk.len()]);
    }
    t.zeroize();
    buf.zeroize();
    Ok(())
}
