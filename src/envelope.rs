//! Sealed envelopes for card data at rest or in transit:
//! `0x01 || key_id (u32 big-endian) || nonce (12) || ciphertext || tag (16)`.
//! The GCM associated data is the 17-byte header followed by the caller's
//! AAD, so the version, key id and nonce are authenticated.
#![forbid(unsafe_code)]

use inout::InOutBuf;
use zeroize::Zeroize;

use crate::aes_gcm::{AesGcmKey, NONCE_LEN, TAG_LEN};
use crate::Error;

/// Envelope format version written and accepted.
pub const ENVELOPE_VERSION: u8 = 1;
/// Header length: version, key id, nonce.
const HEADER_LEN: usize = 1 + 4 + NONCE_LEN;
/// Bytes an envelope adds to the plaintext (33).
pub const ENVELOPE_OVERHEAD: usize = HEADER_LEN + TAG_LEN;

fn header(key_id: u32, nonce: &[u8; NONCE_LEN]) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[0] = ENVELOPE_VERSION;
    h[1..5].copy_from_slice(&key_id.to_be_bytes());
    h[5..].copy_from_slice(nonce);
    h
}

/// Seal `pt` under `key` (identified by `key_id`) with `nonce` into `out`;
/// returns the envelope length, `pt.len() + 33`.
///
/// The nonce must never repeat under one key; prefer
/// [`envelope_seal_random`] unless you manage nonces yourself.
pub fn envelope_seal(
    key: &AesGcmKey,
    key_id: u32,
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    pt: &[u8],
    out: &mut [u8],
) -> Result<usize, Error> {
    let total = pt
        .len()
        .checked_add(ENVELOPE_OVERHEAD)
        .ok_or(Error::InputTooLong)?;
    if pt.len() as u64 > crate::aes_gcm::MAX_PLAINTEXT_LEN {
        return Err(Error::InputTooLong);
    }
    let out = out.get_mut(..total).ok_or(Error::BufferTooSmall)?;
    let h = header(key_id, nonce);
    let (head, rest) = out.split_at_mut(HEADER_LEN);
    let (ct, tag_out) = rest.split_at_mut(pt.len());
    let buf = InOutBuf::new(pt, ct).map_err(|_| Error::BufferTooSmall)?;
    let tag = key.seal_parts(nonce, &[&h, aad], buf)?;
    head.copy_from_slice(&h);
    tag_out.copy_from_slice(&tag);
    Ok(total)
}

/// [`envelope_seal`] with a fresh random nonce from the OS
/// ([`Error::Unsupported`] in builds without `std`).
pub fn envelope_seal_random(
    key: &AesGcmKey,
    key_id: u32,
    aad: &[u8],
    pt: &[u8],
    out: &mut [u8],
) -> Result<usize, Error> {
    let mut nonce = [0u8; NONCE_LEN];
    crate::random_bytes(&mut nonce)?;
    envelope_seal(key, key_id, &nonce, aad, pt, out)
}

/// Parse an envelope's header: version 1 and at least 33 bytes, else
/// [`Error::Malformed`].
fn parse(env: &[u8]) -> Result<(u32, [u8; NONCE_LEN]), Error> {
    if env.len() < ENVELOPE_OVERHEAD || env[0] != ENVELOPE_VERSION {
        return Err(Error::Malformed);
    }
    let mut id = [0u8; 4];
    id.copy_from_slice(&env[1..5]);
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(&env[5..HEADER_LEN]);
    Ok((u32::from_be_bytes(id), nonce))
}

/// The key id of an envelope (unauthenticated until opened: use it only to
/// pick the key). [`Error::Malformed`] for an unknown version or fewer than
/// 33 bytes.
pub fn envelope_key_id(env: &[u8]) -> Result<u32, Error> {
    parse(env).map(|(id, _)| id)
}

/// Plaintext length of an envelope.
pub fn envelope_plaintext_len(env: &[u8]) -> Result<usize, Error> {
    parse(env).map(|_| env.len() - ENVELOPE_OVERHEAD)
}

/// Open an envelope into `out`; returns the plaintext length
/// (`env.len() - 33`). A wrong key, AAD, or any changed byte is
/// [`Error::VerifyFailed`] and leaves zeros in `out`.
///
/// ```
/// let key = paycrypt::AesGcmKey::new(&[9u8; 32]).unwrap();
/// let mut env = [0u8; 16 + paycrypt::ENVELOPE_OVERHEAD];
/// let n = paycrypt::envelope_seal(&key, 7, &[1u8; 12], b"order-1", b"4111111111111111", &mut env).unwrap();
/// assert_eq!(paycrypt::envelope_key_id(&env[..n]), Ok(7));
/// let mut pan = [0u8; 16];
/// paycrypt::envelope_open(&key, b"order-1", &env[..n], &mut pan).unwrap();
/// assert_eq!(&pan, b"4111111111111111");
/// ```
pub fn envelope_open(
    key: &AesGcmKey,
    aad: &[u8],
    env: &[u8],
    out: &mut [u8],
) -> Result<usize, Error> {
    let (_, nonce) = parse(env)?;
    let pt_len = env.len() - ENVELOPE_OVERHEAD;
    let out = out.get_mut(..pt_len).ok_or(Error::BufferTooSmall)?;
    let (h, rest) = env.split_at(HEADER_LEN);
    let (ct, tag) = rest.split_at(pt_len);
    let mut tag_arr = [0u8; TAG_LEN];
    tag_arr.copy_from_slice(tag);
    let result = match InOutBuf::new(ct, &mut *out) {
        Ok(buf) => key.open_parts(&nonce, &[h, aad], buf, &tag_arr),
        Err(_) => Err(Error::BufferTooSmall),
    };
    if result.is_err() {
        out.zeroize();
    }
    result.map(|()| pt_len)
}
