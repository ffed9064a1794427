//! Differential HMAC-SHA256 / SHA-256 / HKDF-SHA256 against RustCrypto
//! (`hmac`, `sha2`, `hkdf`): one-shot, precomputed key, streaming over a
//! chunking taken from the input (Rust and C contexts, with a fork in the
//! middle), batch signing against single signing (Rust and C), and HKDF
//! of any length up to past the limit (Rust and C).

use super::common::*;
use paycrypt::ffi::*;
use paycrypt::{Error, HmacKey};
use sha2::Digest;

pub fn run(data: &[u8]) {
    let mut inp = Input::new(data);
    match inp.u8() % 3 {
        0 => stream(&mut inp),
        1 => batch(&mut inp),
        _ => hkdf(&mut inp),
    }
}

/// Chunk lengths: each byte is a length, scaled by 7 when its top bit is
/// set so that chunks also cross several blocks.
fn chunks<'a>(cuts: &[u8], mut msg: &'a [u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    for c in cuts {
        let n = if c & 0x80 != 0 {
            usize::from(c & 0x7f) * 7
        } else {
            usize::from(*c)
        };
        let (a, b) = msg.split_at(n.min(msg.len()));
        out.push(a);
        msg = b;
    }
    out.push(msg);
    out
}

fn stream(inp: &mut Input<'_>) {
    let secret = inp.bytes(200);
    let cuts = inp.bytes(32);
    let fork_at = usize::from(inp.u8());
    let msg = inp.rest();
    let expected = ref_hmac(secret, msg);

    assert_eq!(paycrypt::hmac_sha256(secret, msg), expected);
    let key = HmacKey::new(secret);
    assert_eq!(key.sign(msg), expected);
    let digest: [u8; 32] = sha2::Sha256::digest(msg).into();
    assert_eq!(paycrypt::sha256(msg), digest);

    let mut c_tag = [0u8; 32];
    // SAFETY: valid slices, 32 writable bytes.
    let s = unsafe {
        paycrypt_hmac_sha256(
            secret.as_ptr(),
            secret.len(),
            msg.as_ptr(),
            msg.len(),
            c_tag.as_mut_ptr(),
        )
    };
    assert_eq!((s, c_tag), (paycrypt_status::PAYCRYPT_OK, expected));
    let ck = c_hmac_key(secret);
    let mut c_tag = [0u8; 32];
    // SAFETY: valid context and slice, 32 writable bytes.
    let s = unsafe { paycrypt_hmac_key_sign(&*ck, msg.as_ptr(), msg.len(), c_tag.as_mut_ptr()) };
    assert_eq!((s, c_tag), (paycrypt_status::PAYCRYPT_OK, expected));
    let mut c_digest = [0u8; 32];
    // SAFETY: valid slice, 32 writable bytes.
    let s = unsafe { paycrypt_sha256(msg.as_ptr(), msg.len(), c_digest.as_mut_ptr()) };
    assert_eq!((s, c_digest), (paycrypt_status::PAYCRYPT_OK, digest));

    // Streaming over the chunking; a fork after `fork_at` chunks
    // finishes with the rest in one update.
    let parts = chunks(cuts, msg);
    let mut st = key.start();
    let mut sha = paycrypt::Sha256::new();
    // SAFETY: all-zero is a valid uninitialised context.
    let mut cs: Box<paycrypt_hmac_state> = Box::new(unsafe { core::mem::zeroed() });
    // SAFETY: valid contexts.
    assert_eq!(
        unsafe { paycrypt_hmac_state_init(&mut *cs, &*ck) },
        paycrypt_status::PAYCRYPT_OK
    );
    let mut done = 0usize;
    let mut fork = None;
    for (i, p) in parts.iter().enumerate() {
        if i == fork_at % (parts.len() + 1) {
            fork = Some((st.clone(), done));
        }
        st.update(p).unwrap();
        sha.update(p).unwrap();
        // SAFETY: valid context and slice.
        let s = unsafe { paycrypt_hmac_state_update(&mut *cs, p.as_ptr(), p.len()) };
        assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
        done += p.len();
    }
    assert_eq!(st.finalize(), expected);
    assert_eq!(sha.finalize(), digest);
    let mut c_tag = [0u8; 32];
    // SAFETY: valid context, 32 writable bytes.
    let s = unsafe { paycrypt_hmac_state_final(&mut *cs, c_tag.as_mut_ptr()) };
    assert_eq!((s, c_tag), (paycrypt_status::PAYCRYPT_OK, expected));
    // A finished C state is spent.
    // SAFETY: valid context and empty slice.
    let s = unsafe { paycrypt_hmac_state_update(&mut *cs, msg.as_ptr(), 0) };
    assert_eq!(s, paycrypt_status::PAYCRYPT_ERR_UNINITIALIZED);
    if let Some((mut f, at)) = fork {
        f.update(&msg[at..]).unwrap();
        assert_eq!(f.finalize(), expected);
    }
}

fn batch(inp: &mut Input<'_>) {
    let secret = inp.bytes(100);
    let count = usize::from(inp.u8() % 10);
    let wrong = inp.u8().is_multiple_of(8);
    let mut msgs: Vec<&[u8]> = (0..count).map(|_| inp.bytes(300)).collect();
    if count > 0 {
        msgs[0] = inp.rest();
    }
    let key = HmacKey::new(secret);
    let mut tags = vec![[0u8; 32]; count];
    key.sign_batch(&msgs, &mut tags).unwrap();
    for (m, t) in msgs.iter().zip(&tags) {
        assert_eq!(*t, ref_hmac(secret, m));
        assert_eq!(*t, key.sign(m));
    }
    if wrong {
        let mut more = vec![[0x55u8; 32]; count + 1];
        assert_eq!(key.sign_batch(&msgs, &mut more), Err(Error::BufferTooSmall));
        assert!(more.iter().all(|t| *t == [0x55; 32]));
    }
    let slices: Vec<paycrypt_slice> = msgs
        .iter()
        .map(|m| paycrypt_slice {
            ptr: m.as_ptr(),
            len: m.len(),
        })
        .collect();
    let ck = c_hmac_key(secret);
    let mut ctags = vec![0u8; 32 * count];
    // SAFETY: valid context, `count` slices, 32 * count writable bytes.
    let s =
        unsafe { paycrypt_hmac_key_sign_batch(&*ck, slices.as_ptr(), count, ctags.as_mut_ptr()) };
    assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
    assert_eq!(ctags, tags.concat());
}

fn hkdf(inp: &mut Input<'_>) {
    let len = usize::from(inp.u16() % 8200);
    let salt = inp.bytes(100);
    let info = inp.bytes(100);
    let ikm = inp.rest();
    let mut ours = vec![0x55u8; len];
    let r = paycrypt::hkdf_sha256(salt, ikm, info, &mut ours);
    let mut theirs = vec![0u8; len];
    let expected = hkdf::Hkdf::<sha2::Sha256>::new(Some(salt), ikm).expand(info, &mut theirs);
    match expected {
        Ok(()) => {
            assert_eq!(r, Ok(()));
            assert_eq!(ours, theirs);
        }
        Err(_) => {
            assert_eq!(r, Err(Error::InputTooLong));
            assert!(len > paycrypt::HKDF_SHA256_MAX_LEN);
        }
    }
    let mut c_okm = vec![0x55u8; len];
    // SAFETY: valid slices, len writable bytes.
    let s = unsafe {
        paycrypt_hkdf_sha256(
            salt.as_ptr(),
            salt.len(),
            ikm.as_ptr(),
            ikm.len(),
            info.as_ptr(),
            info.len(),
            c_okm.as_mut_ptr(),
            len,
        )
    };
    assert_eq!(s, status(&r));
    if r.is_ok() {
        assert_eq!(c_okm, theirs);
    }
}
