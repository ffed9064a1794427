//! The portable engine: RustCrypto's `aes` block cipher (AES-NI when the
//! CPU has it, constant-time fixsliced software otherwise), `ctr` and
//! `ghash` (CLMUL or constant-time software), composed here.
#![forbid(unsafe_code)]

use aes::cipher::{
    array::Array, consts::U16, BlockCipherEncrypt, BlockSizeUser, InnerIvInit, KeyInit,
    StreamCipherCore,
};
use aes::{Aes128, Aes256};
use ghash::universal_hash::UniversalHash;
use ghash::GHash;
use inout::InOutBuf;
use zeroize::Zeroize;

use super::GcmEngine;
use crate::aes_gcm::{NONCE_LEN, TAG_LEN};
use crate::Error;

type Block = Array<u8, U16>;
type Ctr32BE<C> = ctr::CtrCore<C, ctr::flavors::Ctr32BE>;

/// AES key schedule and GHASH key; both zeroize on drop.
#[derive(Clone)]
pub(crate) struct Portable {
    cipher: Cipher,
    ghash: GHash,
}

#[derive(Clone)]
enum Cipher {
    Aes128(Aes128),
    Aes256(Aes256),
}

impl GcmEngine for Portable {
    fn new(key: &[u8]) -> Result<Self, Error> {
        let mut h = Block::default();
        let cipher = match key.len() {
            16 => {
                let c = Aes128::new_from_slice(key).map_err(|_| Error::KeyLength)?;
                c.encrypt_block(&mut h);
                Cipher::Aes128(c)
            }
            32 => {
                let c = Aes256::new_from_slice(key).map_err(|_| Error::KeyLength)?;
                c.encrypt_block(&mut h);
                Cipher::Aes256(c)
            }
            _ => return Err(Error::KeyLength),
        };
        let ghash = GHash::new(&h);
        h.zeroize();
        Ok(Portable { cipher, ghash })
    }

    fn key_bits(&self) -> u32 {
        match self.cipher {
            Cipher::Aes128(_) => 128,
            Cipher::Aes256(_) => 256,
        }
    }

    fn seal(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[&[u8]],
        buf: InOutBuf<'_, '_, u8>,
    ) -> [u8; TAG_LEN] {
        match &self.cipher {
            Cipher::Aes128(c) => seal_with(c, &self.ghash, nonce, aad, buf),
            Cipher::Aes256(c) => seal_with(c, &self.ghash, nonce, aad, buf),
        }
    }

    fn open(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[&[u8]],
        buf: InOutBuf<'_, '_, u8>,
        tag: &[u8; TAG_LEN],
    ) -> Result<(), Error> {
        match &self.cipher {
            Cipher::Aes128(c) => open_with(c, &self.ghash, nonce, aad, buf, tag),
            Cipher::Aes256(c) => open_with(c, &self.ghash, nonce, aad, buf, tag),
        }
    }
}

/// CTR starting at J0 = nonce || 1 (96-bit nonce); returns the counter
/// positioned at J0 + 1 and E(K, J0), the tag mask.
fn init_ctr<'c, C>(cipher: &'c C, nonce: &[u8; NONCE_LEN]) -> (Ctr32BE<&'c C>, Block)
where
    C: BlockCipherEncrypt + BlockSizeUser<BlockSize = U16>,
{
    let mut j0 = Block::default();
    j0[..NONCE_LEN].copy_from_slice(nonce);
    j0[15] = 1;
    let mut ctr = Ctr32BE::inner_iv_init(cipher, &j0);
    let mut mask = Block::default();
    ctr.write_keystream_block(&mut mask);
    (ctr, mask)
}

fn seal_with<C>(
    cipher: &C,
    ghash: &GHash,
    nonce: &[u8; NONCE_LEN],
    aad: &[&[u8]],
    mut buf: InOutBuf<'_, '_, u8>,
) -> [u8; TAG_LEN]
where
    C: BlockCipherEncrypt + BlockSizeUser<BlockSize = U16>,
{
    let (ctr, mut mask) = init_ctr(cipher, nonce);
    ctr.apply_keystream_partial(buf.reborrow());
    let tag = compute_tag(ghash, &mask, aad, buf.get_out());
    mask.zeroize();
    tag
}

fn open_with<C>(
    cipher: &C,
    ghash: &GHash,
    nonce: &[u8; NONCE_LEN],
    aad: &[&[u8]],
    buf: InOutBuf<'_, '_, u8>,
    tag: &[u8; TAG_LEN],
) -> Result<(), Error>
where
    C: BlockCipherEncrypt + BlockSizeUser<BlockSize = U16>,
{
    let (ctr, mut mask) = init_ctr(cipher, nonce);
    let mut expected = compute_tag(ghash, &mask, aad, buf.get_in());
    mask.zeroize();
    let ok = crate::util::ct_equal(&expected, tag);
    expected.zeroize();
    if ok {
        ctr.apply_keystream_partial(buf);
        Ok(())
    } else {
        Err(Error::VerifyFailed)
    }
}

/// GHASH(H, A, C) XOR mask, with A given as consecutive pieces.
fn compute_tag(ghash: &GHash, mask: &Block, aad: &[&[u8]], ct: &[u8]) -> [u8; TAG_LEN] {
    let mut gh = ghash.clone();
    let mut partial = Block::default();
    let mut fill = 0usize;
    let mut aad_len = 0u64;
    for piece in aad {
        aad_len += piece.len() as u64;
        let mut rest = *piece;
        if fill > 0 {
            let take = (TAG_LEN - fill).min(rest.len());
            partial[fill..fill + take].copy_from_slice(&rest[..take]);
            fill += take;
            rest = &rest[take..];
            if fill < TAG_LEN {
                continue;
            }
            gh.update(core::slice::from_ref(&partial));
        }
        let (blocks, tail) = rest.as_chunks::<TAG_LEN>();
        gh.update(Block::cast_slice_from_core(blocks));
        partial[..tail.len()].copy_from_slice(tail);
        fill = tail.len();
    }
    if fill > 0 {
        partial[fill..].fill(0);
        gh.update(core::slice::from_ref(&partial));
    }
    gh.update_padded(ct);
    let mut lengths = Block::default();
    lengths[..8].copy_from_slice(&(aad_len * 8).to_be_bytes());
    lengths[8..].copy_from_slice(&((ct.len() as u64) * 8).to_be_bytes());
    gh.update(core::slice::from_ref(&lengths));
    let mut tag = [0u8; TAG_LEN];
    for ((t, g), m) in tag.iter_mut().zip(gh.finalize().iter()).zip(mask.iter()) {
        *t = g ^ m;
    }
    tag
}
