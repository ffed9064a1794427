//! Shared pieces of the fuzz targets: a reader that turns the fuzzer's
//! bytes into structured arguments (and the matching seed writer), C ABI
//! context helpers, and small reference implementations used as oracles.

use hmac::{KeyInit, Mac};
use paycrypt::ffi::*;
use paycrypt::Error;

/// Reads arguments from the fuzzer's input; past the end every read
/// yields zeros or empty slices, so any input is a valid argument list.
pub struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input(data)
    }

    pub fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    pub fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    pub fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let n = N.min(self.0.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        out
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.array())
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.array())
    }

    pub fn i64(&mut self) -> i64 {
        i64::from_le_bytes(self.array())
    }

    /// A slice of at most `max` bytes (a little-endian u16 length, reduced
    /// modulo `max + 1`, then that many bytes or what is left).
    pub fn bytes(&mut self, max: usize) -> &'a [u8] {
        let n = (usize::from(self.u16()) % (max + 1)).min(self.0.len());
        let (s, rest) = self.0.split_at(n);
        self.0 = rest;
        s
    }

    /// Everything not read yet.
    pub fn rest(&mut self) -> &'a [u8] {
        core::mem::take(&mut self.0)
    }
}

/// Writes inputs in the layout [`Input`] reads (for seed corpora).
#[derive(Default)]
pub struct Seed(pub Vec<u8>);

impl Seed {
    pub fn u8(mut self, v: u8) -> Self {
        self.0.push(v);
        self
    }
    pub fn u16(mut self, v: u16) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u32(mut self, v: u32) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn i64(mut self, v: i64) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn raw(mut self, b: &[u8]) -> Self {
        self.0.extend_from_slice(b);
        self
    }
    /// A slice for [`Input::bytes`] (which must allow at least its length).
    pub fn bytes(self, b: &[u8]) -> Self {
        let n = u16::try_from(b.len()).expect("seed slice too long");
        self.u16(n).raw(b)
    }
}

/// The status the C ABI must return for a Rust result.
pub fn status<T>(r: &Result<T, Error>) -> paycrypt_status {
    match r {
        Ok(_) => paycrypt_status::PAYCRYPT_OK,
        Err(e) => (*e).into(),
    }
}

/// A C HMAC key context.
pub fn c_hmac_key(key: &[u8]) -> Box<paycrypt_hmac_key> {
    // SAFETY: all-zero is a valid uninitialised context.
    let mut k: Box<paycrypt_hmac_key> = Box::new(unsafe { core::mem::zeroed() });
    // SAFETY: k is a writable context, key is valid for its length.
    let s = unsafe { paycrypt_hmac_key_init(&mut *k, key.as_ptr(), key.len()) };
    assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
    k
}

/// A C AES-GCM key context (the key must be 16 or 32 bytes).
pub fn c_gcm_key(key: &[u8]) -> Box<paycrypt_aes_gcm_key> {
    // SAFETY: all-zero is a valid uninitialised context.
    let mut k: Box<paycrypt_aes_gcm_key> = Box::new(unsafe { core::mem::zeroed() });
    // SAFETY: k is a writable context, key is valid for its length.
    let s = unsafe { paycrypt_aes_gcm_key_init(&mut *k, key.as_ptr(), key.len()) };
    assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
    k
}

/// A 16- or 32-byte AES key read from the input (one selector byte).
pub fn aes_key(inp: &mut Input<'_>) -> Vec<u8> {
    let k: [u8; 32] = if inp.bool() {
        let k16: [u8; 16] = inp.array();
        return k16.to_vec();
    } else {
        inp.array()
    };
    k.to_vec()
}

/// HMAC-SHA256 with RustCrypto's `hmac` crate.
pub fn ref_hmac(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut m = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).unwrap();
    m.update(msg);
    m.finalize().into_bytes().into()
}

/// Hex (either case, even length) decoded with the standard library.
pub fn ref_hex_decode(s: &[u8]) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    s.chunks(2)
        .map(|p| {
            let hi = (p[0] as char).to_digit(16)?;
            let lo = (p[1] as char).to_digit(16)?;
            Some((hi * 16 + lo) as u8)
        })
        .collect()
}

pub fn ref_hex_encode(b: &[u8], upper: bool) -> Vec<u8> {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    b.iter()
        .flat_map(|x| [digits[usize::from(x >> 4)], digits[usize::from(x & 15)]])
        .collect()
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648 section 4) with the padding required and
/// the unused bits of the last group required to be zero (canonical
/// encodings only), written directly from the RFC.
pub fn ref_b64_decode(s: &[u8]) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(4) {
        return None;
    }
    let groups = s.len() / 4;
    let mut out = Vec::with_capacity(groups * 3);
    for (gi, g) in s.chunks(4).enumerate() {
        let pad = if gi + 1 == groups {
            g.iter().rev().take(2).take_while(|c| **c == b'=').count()
        } else {
            0
        };
        let mut n: u32 = 0;
        for (i, c) in g.iter().enumerate() {
            let v = if i >= 4 - pad {
                0
            } else {
                B64.iter().position(|x| x == c)? as u32
            };
            n = (n << 6) | v;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        match pad {
            1 if n & 0xff != 0 => return None,
            2 if n & 0xffff != 0 => return None,
            _ => {}
        }
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

pub fn ref_b64_encode(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in b.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    out
}

/// AES-GCM encryption with RustCrypto's `aes-gcm` (`ct || tag`).
pub fn ref_gcm_seal(key: &[u8], nonce: &[u8; 12], aad: &[u8], pt: &[u8]) -> Vec<u8> {
    use aes_gcm::aead::{Aead, KeyInit as _, Payload};
    let p = Payload { msg: pt, aad };
    match key.len() {
        16 => aes_gcm::Aes128Gcm::new_from_slice(key)
            .unwrap()
            .encrypt(&(*nonce).into(), p),
        _ => aes_gcm::Aes256Gcm::new_from_slice(key)
            .unwrap()
            .encrypt(&(*nonce).into(), p),
    }
    .unwrap()
}

/// AES-GCM decryption with RustCrypto's `aes-gcm` (`None` if it rejects).
pub fn ref_gcm_open(key: &[u8], nonce: &[u8; 12], aad: &[u8], ct_tag: &[u8]) -> Option<Vec<u8>> {
    use aes_gcm::aead::{Aead, KeyInit as _, Payload};
    let p = Payload { msg: ct_tag, aad };
    match key.len() {
        16 => aes_gcm::Aes128Gcm::new_from_slice(key)
            .unwrap()
            .decrypt(&(*nonce).into(), p),
        _ => aes_gcm::Aes256Gcm::new_from_slice(key)
            .unwrap()
            .decrypt(&(*nonce).into(), p),
    }
    .ok()
}

/// Flip the bits `mask` (never 0) of byte `pos % len` of a copy of `b`.
pub fn flipped(b: &[u8], pos: u16, mask: u8) -> Vec<u8> {
    let mut v = b.to_vec();
    if !v.is_empty() {
        let i = usize::from(pos) % v.len();
        v[i] ^= mask.max(1);
    }
    v
}
