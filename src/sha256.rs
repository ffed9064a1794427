//! SHA-256 (FIPS 180-4), built on the `sha2` crate's block compression
//! function (which uses SHA-NI or ARMv8 SHA instructions when the CPU has
//! them, detected at run time).
#![forbid(unsafe_code)]

use zeroize::Zeroize;

use crate::Error;

/// Size of a SHA-256 digest in bytes.
pub const DIGEST_LEN: usize = 32;
/// Size of a SHA-256 input block in bytes.
pub(crate) const BLOCK_LEN: usize = 64;

/// The SHA-256 initial hash value (FIPS 180-4, 5.3.3).
pub(crate) const IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// Longest message SHA-256 is defined for: 2^64 - 1 bits, i.e. below 2^61 bytes.
const MAX_INPUT_BYTES: u64 = (1 << 61) - 1;

/// Hash `msg` with SHA-256.
///
/// ```
/// let d = paycrypt::sha256(b"abc");
/// assert_eq!(d[..4], [0xba, 0x78, 0x16, 0xbf]);
/// ```
pub fn sha256(msg: &[u8]) -> [u8; DIGEST_LEN] {
    let mut state = IV;
    hash_tail(&mut state, 0, msg);
    let out = state_to_bytes(&state);
    state.zeroize();
    out
}

#[cfg(not(any(
    paycrypt_sha256 = "compact",
    all(target_os = "none", not(paycrypt_sha256 = "sha2"))
)))]
#[inline]
pub(crate) fn compress(state: &mut [u32; 8], blocks: &[[u8; BLOCK_LEN]]) {
    if !blocks.is_empty() {
        sha2::block_api::compress256(state, blocks);
    }
}

// Bare-metal targets (firmware) use the rolled compression, for size;
// `--cfg paycrypt_sha256="compact"` or `"sha2"` overrides the choice.
#[cfg(any(
    paycrypt_sha256 = "compact",
    all(target_os = "none", not(paycrypt_sha256 = "sha2"))
))]
pub(crate) use crate::sha256_compact::compress;

#[inline]
pub(crate) fn state_to_bytes(state: &[u32; 8]) -> [u8; DIGEST_LEN] {
    let mut out = [0u8; DIGEST_LEN];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// Hash `msg` from `state`, which has already absorbed `prefix_len` bytes
/// (a multiple of 64), straight from the caller's buffer, and apply the
/// final padding. The state then holds the digest words.
#[inline]
pub(crate) fn hash_tail(state: &mut [u32; 8], prefix_len: u64, msg: &[u8]) {
    let (blocks, rest) = msg.as_chunks::<BLOCK_LEN>();
    compress(state, blocks);
    let total_bits = prefix_len.wrapping_add(msg.len() as u64).wrapping_mul(8);
    let mut last = [[0u8; BLOCK_LEN]; 2];
    let n = pad(&mut last, rest, total_bits);
    compress(state, &last[..n]);
    // Only the message bytes may be secret; the padding is public.
    last.as_flattened_mut()[..rest.len()].zeroize();
}

/// Write `rest` (< 64 bytes) and the SHA-256 padding for a message of
/// `total_bits` bits into `blocks`; returns how many blocks (1 or 2) to hash.
#[inline]
fn pad(blocks: &mut [[u8; BLOCK_LEN]; 2], rest: &[u8], total_bits: u64) -> usize {
    let n = if rest.len() < BLOCK_LEN - 8 { 1 } else { 2 };
    let flat = blocks.as_flattened_mut();
    let used = rest.len().min(BLOCK_LEN - 1);
    flat[..used].copy_from_slice(&rest[..used]);
    flat[used] = 0x80;
    let end = n * BLOCK_LEN;
    flat[end - 8..end].copy_from_slice(&total_bits.to_be_bytes());
    n
}

/// An incremental SHA-256 computation (the streaming building block of
/// HMAC). Bitwise copyable; zeroized on drop.
#[derive(Clone)]
pub(crate) struct Engine {
    state: [u32; 8],
    /// Bytes absorbed so far, including those waiting in `block`.
    total: u64,
    block: [u8; BLOCK_LEN],
    /// 1 once `finish` has wiped everything, so `Drop` need not again (an
    /// integer, not a bool: any byte in a C context is a valid value).
    wiped: u8,
}

impl Engine {
    /// An engine whose state has already absorbed `prefix_len` bytes.
    pub(crate) fn from_state(state: [u32; 8], prefix_len: u64) -> Self {
        Engine {
            state,
            total: prefix_len,
            block: [0; BLOCK_LEN],
            wiped: 0,
        }
    }

    fn buffered(&self) -> usize {
        // Always < 64; computed from `total`, so a corrupted value cannot
        // index out of bounds.
        (self.total % BLOCK_LEN as u64) as usize
    }

    pub(crate) fn update(&mut self, mut data: &[u8]) -> Result<(), Error> {
        let new_total = self
            .total
            .checked_add(data.len() as u64)
            .filter(|t| *t <= MAX_INPUT_BYTES)
            .ok_or(Error::InputTooLong)?;
        let used = self.buffered();
        if used > 0 {
            let take = (BLOCK_LEN - used).min(data.len());
            self.block[used..used + take].copy_from_slice(&data[..take]);
            data = &data[take..];
            if used + take < BLOCK_LEN {
                self.total = new_total;
                return Ok(());
            }
            compress(&mut self.state, core::slice::from_ref(&self.block));
        }
        let (blocks, rest) = data.as_chunks::<BLOCK_LEN>();
        compress(&mut self.state, blocks);
        self.block[..rest.len()].copy_from_slice(rest);
        self.total = new_total;
        Ok(())
    }

    /// Finish the hash; the engine's buffers are wiped.
    pub(crate) fn finish(&mut self) -> [u8; DIGEST_LEN] {
        let used = self.buffered();
        let mut last = [[0u8; BLOCK_LEN]; 2];
        let n = pad(&mut last, &self.block[..used], self.total.wrapping_mul(8));
        compress(&mut self.state, &last[..n]);
        last.as_flattened_mut()[..used].zeroize();
        let out = state_to_bytes(&self.state);
        self.zeroize();
        self.wiped = 1;
        out
    }
}

impl Zeroize for Engine {
    fn zeroize(&mut self) {
        self.state.zeroize();
        self.total.zeroize();
        self.block.zeroize();
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        if self.wiped == 0 {
            self.zeroize();
        }
    }
}

/// Incremental SHA-256 for messages that arrive in pieces.
///
/// ```
/// let mut h = paycrypt::Sha256::new();
/// h.update(b"a").unwrap();
/// h.update(b"bc").unwrap();
/// assert_eq!(h.finalize(), paycrypt::sha256(b"abc"));
/// ```
#[derive(Clone)]
pub struct Sha256(Engine);

impl Sha256 {
    /// A fresh hash computation.
    pub fn new() -> Self {
        Sha256(Engine::from_state(IV, 0))
    }

    /// Absorb `data`. Fails only past SHA-256's 2^61-byte limit.
    pub fn update(&mut self, data: &[u8]) -> Result<(), Error> {
        self.0.update(data)
    }

    /// The digest of everything absorbed.
    pub fn finalize(mut self) -> [u8; DIGEST_LEN] {
        self.0.finish()
    }
}

impl Default for Sha256 {
    fn default() -> Self {
        Self::new()
    }
}

impl core::fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Sha256 { .. }")
    }
}
