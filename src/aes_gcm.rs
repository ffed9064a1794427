//! AES-GCM (NIST SP 800-38D) with 128- and 256-bit keys, 96-bit nonces and
//! 128-bit tags, on RustCrypto's `aes-gcm` (AES-NI/CLMUL when the CPU has
//! them, constant-time bitsliced software otherwise).
//!
//! Every open checks the tag before releasing plaintext and zeroes the
//! output on failure.
#![forbid(unsafe_code)]

use aes_gcm::aead::{inout::InOutBuf, AeadInOut, KeyInit};
use aes_gcm::{Aes128Gcm, Aes256Gcm};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::Error;

/// Nonce size in bytes.
pub const NONCE_LEN: usize = 12;
/// Tag size in bytes.
pub const TAG_LEN: usize = 16;
/// Longest plaintext GCM allows with a 96-bit nonce: 2^36 - 32 bytes.
pub const MAX_PLAINTEXT_LEN: u64 = (1 << 36) - 32;
/// Longest associated data GCM allows: 2^61 - 1 bytes.
const MAX_AAD_LEN: u64 = (1 << 61) - 1;

/// An expanded AES-GCM key (AES-128-GCM or AES-256-GCM).
///
/// Immutable once made, so one key may seal and open from many threads at
/// once. Zeroized on drop; `Debug` does not show it.
#[derive(Clone)]
pub struct AesGcmKey(Cipher);

#[derive(Clone)]
enum Cipher {
    Aes128(Aes128Gcm),
    Aes256(Aes256Gcm),
}

impl AesGcmKey {
    /// Expand a 16-byte (AES-128) or 32-byte (AES-256) key; any other
    /// length is [`Error::KeyLength`].
    pub fn new(key: &[u8]) -> Result<Self, Error> {
        let cipher = match key.len() {
            16 => Cipher::Aes128(Aes128Gcm::new_from_slice(key).map_err(|_| Error::KeyLength)?),
            32 => Cipher::Aes256(Aes256Gcm::new_from_slice(key).map_err(|_| Error::KeyLength)?),
            _ => return Err(Error::KeyLength),
        };
        Ok(AesGcmKey(cipher))
    }

    /// Encrypt `buf` in place and return the tag.
    pub fn seal_in_place_detached(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        buf: &mut [u8],
    ) -> Result<[u8; TAG_LEN], Error> {
        check_lengths(aad, buf.len())?;
        self.seal_inout(nonce, aad, buf.into())
    }

    /// Decrypt `buf` in place if `tag` authenticates it; on failure the
    /// whole of `buf` is zeroed and [`Error::VerifyFailed`] returned.
    pub fn open_in_place_detached(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8; TAG_LEN],
    ) -> Result<(), Error> {
        if let Err(e) = check_lengths(aad, buf.len()) {
            buf.zeroize();
            return Err(e);
        }
        let result = self.open_inout(nonce, aad, buf.into(), tag);
        if result.is_err() {
            buf.zeroize();
        }
        result
    }

    /// Encrypt `pt` into `out` as `ciphertext || tag`; returns the length
    /// written, `pt.len() + 16`. `out` shorter than that is
    /// [`Error::BufferTooSmall`] and nothing is written.
    pub fn seal(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        pt: &[u8],
        out: &mut [u8],
    ) -> Result<usize, Error> {
        check_lengths(aad, pt.len())?;
        let total = pt.len() + TAG_LEN;
        if out.len() < total {
            return Err(Error::BufferTooSmall);
        }
        let (ct, tag_out) = out[..total].split_at_mut(pt.len());
        let buf = InOutBuf::new(pt, ct).map_err(|_| Error::BufferTooSmall)?;
        let tag = self.seal_inout(nonce, aad, buf)?;
        tag_out.copy_from_slice(&tag);
        Ok(total)
    }

    /// Encrypt the first `pt_len` bytes of `buf` in place and append the
    /// tag; returns `pt_len + 16`.
    pub fn seal_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        buf: &mut [u8],
        pt_len: usize,
    ) -> Result<usize, Error> {
        let total = pt_len.checked_add(TAG_LEN).ok_or(Error::InputTooLong)?;
        if buf.len() < total {
            return Err(Error::BufferTooSmall);
        }
        let (data, tag_out) = buf[..total].split_at_mut(pt_len);
        let tag = self.seal_in_place_detached(nonce, aad, data)?;
        tag_out.copy_from_slice(&tag);
        Ok(total)
    }

    /// Authenticate and decrypt `ct_tag` (`ciphertext || tag`) into `out`;
    /// returns the plaintext length. Shorter than 16 bytes is
    /// [`Error::Malformed`]; `out` shorter than the plaintext is
    /// [`Error::BufferTooSmall`]. On authentication failure the
    /// plaintext-sized part of `out` is zeroed.
    pub fn open(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        ct_tag: &[u8],
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let pt_len = ct_tag.len().checked_sub(TAG_LEN).ok_or(Error::Malformed)?;
        let out = out.get_mut(..pt_len).ok_or(Error::BufferTooSmall)?;
        let (ct, tag) = ct_tag.split_at(pt_len);
        let tag: &[u8; TAG_LEN] = tag.try_into().map_err(|_| Error::Malformed)?;
        self.open_detached(nonce, aad, ct, tag, out)
            .map(|()| pt_len)
    }

    /// Authenticate `ct` with `tag` and decrypt it into `out` (exactly
    /// `ct.len()` bytes, else [`Error::BufferTooSmall`]). On
    /// authentication failure `out` is zeroed.
    pub fn open_detached(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        ct: &[u8],
        tag: &[u8; TAG_LEN],
        out: &mut [u8],
    ) -> Result<(), Error> {
        let result = check_lengths(aad, ct.len()).and_then(|()| {
            let buf = InOutBuf::new(ct, &mut *out).map_err(|_| Error::BufferTooSmall)?;
            self.open_inout(nonce, aad, buf, tag)
        });
        if result.is_err() {
            out.zeroize();
        }
        result
    }

    /// Authenticate and decrypt `buf` (`ciphertext || tag`) in place;
    /// returns the plaintext length (the plaintext is `buf[..len]`). On
    /// failure the whole of `buf` is zeroed.
    pub fn open_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        buf: &mut [u8],
    ) -> Result<usize, Error> {
        let Some(pt_len) = buf.len().checked_sub(TAG_LEN) else {
            return Err(Error::Malformed);
        };
        let (data, tag) = buf.split_at_mut(pt_len);
        let mut tag_copy = [0u8; TAG_LEN];
        tag_copy.copy_from_slice(tag);
        let result = self.open_in_place_detached(nonce, aad, data, &tag_copy);
        if result.is_err() {
            buf.zeroize();
        }
        result.map(|()| pt_len)
    }

    fn seal_inout(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        buf: InOutBuf<'_, '_, u8>,
    ) -> Result<[u8; TAG_LEN], Error> {
        let tag = match &self.0 {
            Cipher::Aes128(c) => c.encrypt_inout_detached(nonce.into(), aad, buf),
            Cipher::Aes256(c) => c.encrypt_inout_detached(nonce.into(), aad, buf),
        }
        .map_err(|_| Error::InputTooLong)?;
        Ok(tag.into())
    }

    fn open_inout(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        buf: InOutBuf<'_, '_, u8>,
        tag: &[u8; TAG_LEN],
    ) -> Result<(), Error> {
        match &self.0 {
            Cipher::Aes128(c) => c.decrypt_inout_detached(nonce.into(), aad, buf, tag.into()),
            Cipher::Aes256(c) => c.decrypt_inout_detached(nonce.into(), aad, buf, tag.into()),
        }
        .map_err(|_| Error::VerifyFailed)
    }
}

fn check_lengths(aad: &[u8], text_len: usize) -> Result<(), Error> {
    if text_len as u64 > MAX_PLAINTEXT_LEN || aad.len() as u64 > MAX_AAD_LEN {
        Err(Error::InputTooLong)
    } else {
        Ok(())
    }
}

// The RustCrypto ciphers zeroize their key schedules on drop.
impl ZeroizeOnDrop for AesGcmKey {}

impl core::fmt::Debug for AesGcmKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let bits = match self.0 {
            Cipher::Aes128(_) => 128,
            Cipher::Aes256(_) => 256,
        };
        write!(f, "AesGcmKey {{ AES-{bits}, <redacted> }}")
    }
}
