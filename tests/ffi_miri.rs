//! The C ABI driven through raw pointers the way a careless or hostile C
//! caller would: misaligned contexts and buffers, in-place and overlapping
//! buffers, NULLs, lengths near `SIZE_MAX`, wiped and `memcpy`'d contexts.
//!
//! Small inputs on purpose: this file is what `make miri` runs under Miri
//! (`cargo +nightly miri test --test ffi_miri`), where it checks the
//! `unsafe` of `src/ffi/` for undefined behaviour (out-of-bounds accesses,
//! misaligned loads, aliasing violations, uninitialised reads). Under Miri
//! `cpufeatures` reports no CPU feature, so the portable kernels run. It
//! also runs natively with the rest of `cargo test`.
//!
//! Every buffer is a heap block addressed through one raw base pointer
//! (never through a Rust reference while the library may write it), so the
//! test itself adds no aliasing of its own.
#![allow(clippy::undocumented_unsafe_blocks)]

use core::mem::size_of;
use core::ptr::{null, null_mut};

use paycrypt::ffi::*;
use paycrypt_status::*;

/// A zeroed, 8-byte-aligned heap block handed out as raw pointers only.
struct Block {
    base: *mut u8,
    len: usize,
    words: usize,
}

impl Block {
    fn new(len: usize) -> Block {
        let words = len.div_ceil(8) + 1;
        let v: Box<[u64]> = vec![0u64; words].into_boxed_slice();
        let base = Box::into_raw(v).cast::<u64>().cast::<u8>();
        Block { base, len, words }
    }
    fn at(&self, off: usize) -> *mut u8 {
        assert!(off <= self.len);
        unsafe { self.base.add(off) }
    }
    fn fill(&self, off: usize, bytes: &[u8]) {
        assert!(off + bytes.len() <= self.len);
        unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), self.at(off), bytes.len()) }
    }
    fn read(&self, off: usize, n: usize) -> Vec<u8> {
        assert!(off + n <= self.len);
        unsafe { core::slice::from_raw_parts(self.at(off), n).to_vec() }
    }
    fn ctx<C>(&self, off: usize) -> *mut C {
        assert!(off + size_of::<C>() <= self.len);
        self.at(off).cast()
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        let s = core::ptr::slice_from_raw_parts_mut(self.base.cast::<u64>(), self.words);
        drop(unsafe { Box::from_raw(s) });
    }
}

/// An unaligned `size_t` out-parameter inside a block.
fn read_len(b: &Block, off: usize) -> usize {
    unsafe { core::ptr::read_unaligned(b.at(off).cast::<usize>()) }
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

// RFC 4231 test case 2.
const RFC4231_KEY: &[u8] = b"Jefe";
const RFC4231_MSG: &[u8] = b"what do ya want for nothing?";
const RFC4231_TAG: &str = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

// NIST GCM test case 2 (AES-128, zero key and IV, one zero block).
const GCM_CT_TAG: &str = "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf";

const HK: usize = size_of::<paycrypt_hmac_key>();
const HS: usize = size_of::<paycrypt_hmac_state>();
const GK: usize = size_of::<paycrypt_aes_gcm_key>();

fn hmac_key_at(b: &Block, off: usize) -> *mut paycrypt_hmac_key {
    let k = b.ctx::<paycrypt_hmac_key>(off);
    let key = Block::new(4);
    key.fill(0, RFC4231_KEY);
    assert_eq!(
        unsafe { paycrypt_hmac_key_init(k, key.at(0), 4) },
        PAYCRYPT_OK
    );
    k
}

fn gcm_key_at(b: &Block, off: usize) -> *mut paycrypt_aes_gcm_key {
    let k = b.ctx::<paycrypt_aes_gcm_key>(off);
    let key = Block::new(16);
    assert_eq!(
        unsafe { paycrypt_aes_gcm_key_init(k, key.at(0), 16) },
        PAYCRYPT_OK
    );
    k
}

#[test]
fn hmac_key_misaligned_contexts_and_in_place() {
    let want = unhex(RFC4231_TAG);
    for off in [0usize, 1, 3, 4, 7] {
        let b = Block::new(HK + 8 + 64);
        let k = hmac_key_at(&b, off);
        let m = HK + 8;
        b.fill(m, RFC4231_MSG);
        // out over the message (in place), then out shifted into it
        assert_eq!(
            unsafe { paycrypt_hmac_key_verify(k, b.at(m), 28, b.at(m), 0) },
            PAYCRYPT_ERR_TAG_LENGTH
        );
        assert_eq!(
            unsafe { paycrypt_hmac_key_sign(k, b.at(m), 28, b.at(m)) },
            PAYCRYPT_OK
        );
        assert_eq!(b.read(m, 32), want);
        b.fill(m, RFC4231_MSG);
        assert_eq!(
            unsafe { paycrypt_hmac_key_sign(k, b.at(m + 1), 27, b.at(m)) },
            PAYCRYPT_OK
        );
        // verify with the tag at a misaligned address overlapping the message
        b.fill(m + 1, &want);
        assert_eq!(
            unsafe { paycrypt_hmac_key_verify(k, b.at(m), 20, b.at(m + 1), 32) },
            PAYCRYPT_ERR_VERIFY_FAILED
        );
        // a memcpy'd context works after the original is wiped
        let c = Block::new(HK + 8);
        unsafe { core::ptr::copy_nonoverlapping(k.cast::<u8>(), c.at(5), HK) };
        unsafe { paycrypt_hmac_key_wipe(k) };
        assert!(
            b.read(off, HK).iter().all(|&x| x == 0),
            "wiped context not zero"
        );
        b.fill(m, RFC4231_MSG);
        assert_eq!(
            unsafe { paycrypt_hmac_key_sign(k, b.at(m), 28, b.at(m)) },
            PAYCRYPT_ERR_UNINITIALIZED
        );
        let k2 = c.ctx::<paycrypt_hmac_key>(5);
        assert_eq!(
            unsafe { paycrypt_hmac_key_sign(k2, b.at(m), 28, b.at(m)) },
            PAYCRYPT_OK
        );
        assert_eq!(b.read(m, 32), want);
        unsafe { paycrypt_hmac_key_wipe(k2) };
        assert!(c.read(5, HK).iter().all(|&x| x == 0));
    }
}

#[test]
fn hmac_hex_and_oneshot_misaligned() {
    let b = Block::new(HK + 200);
    let k = hmac_key_at(&b, 1);
    let m = HK + 3;
    b.fill(m, RFC4231_MSG);
    // hex out over the message
    assert_eq!(
        unsafe { paycrypt_hmac_key_sign_hex(k, b.at(m), 28, b.at(m).cast()) },
        PAYCRYPT_OK
    );
    assert_eq!(b.read(m, 65), [RFC4231_TAG.as_bytes(), &[0]].concat());
    assert_eq!(
        unsafe { paycrypt_hmac_key_verify_hex(k, b.at(m + 70), 0, b.at(m).cast(), 64) },
        PAYCRYPT_ERR_VERIFY_FAILED
    );
    b.fill(m + 70, RFC4231_MSG);
    assert_eq!(
        unsafe { paycrypt_hmac_key_verify_hex(k, b.at(m + 70), 28, b.at(m).cast(), 64) },
        PAYCRYPT_OK
    );
    // one-shot with key, message and out all in one buffer, out over both
    let o = m + 100;
    b.fill(o, RFC4231_KEY);
    b.fill(o + 4, RFC4231_MSG);
    assert_eq!(
        unsafe { paycrypt_hmac_sha256(b.at(o), 4, b.at(o + 4), 28, b.at(o + 1)) },
        PAYCRYPT_OK
    );
    assert_eq!(b.read(o + 1, 32), unhex(RFC4231_TAG));
    unsafe { paycrypt_hmac_key_wipe(k) };
}

#[test]
fn hmac_state_misaligned_fork_and_overlap() {
    let b = Block::new(HK + 2 * HS + 128);
    let k = hmac_key_at(&b, 3);
    let s = b.ctx::<paycrypt_hmac_state>(HK + 5);
    let s2 = b.ctx::<paycrypt_hmac_state>(HK + HS + 13);
    let m = HK + 2 * HS + 16;
    b.fill(m, RFC4231_MSG);
    assert_eq!(unsafe { paycrypt_hmac_state_init(s, k) }, PAYCRYPT_OK);
    // data overlapping the state: refused, state unchanged
    assert_eq!(
        unsafe { paycrypt_hmac_state_update(s, s.cast::<u8>().add(HS - 1), 2) },
        PAYCRYPT_ERR_OVERLAP
    );
    assert_eq!(
        unsafe { paycrypt_hmac_state_update(s, b.at(m), 10) },
        PAYCRYPT_OK
    );
    unsafe { core::ptr::copy_nonoverlapping(s.cast::<u8>(), s2.cast::<u8>(), HS) };
    assert_eq!(
        unsafe { paycrypt_hmac_state_update(s, b.at(m + 10), 18) },
        PAYCRYPT_OK
    );
    assert_eq!(
        unsafe { paycrypt_hmac_state_update(s2, b.at(m + 10), 18) },
        PAYCRYPT_OK
    );
    // final into memory overlapping the message; the state is wiped
    assert_eq!(
        unsafe { paycrypt_hmac_state_final(s, b.at(m + 1)) },
        PAYCRYPT_OK
    );
    assert_eq!(b.read(m + 1, 32), unhex(RFC4231_TAG));
    assert!(b.read(HK + 5, HS).iter().all(|&x| x == 0));
    assert_eq!(
        unsafe { paycrypt_hmac_state_final(s, b.at(m)) },
        PAYCRYPT_ERR_UNINITIALIZED
    );
    // out over the (copied) state itself: written after the wipe
    assert_eq!(
        unsafe { paycrypt_hmac_state_final(s2, s2.cast()) },
        PAYCRYPT_OK
    );
    assert_eq!(b.read(HK + HS + 13, 32), unhex(RFC4231_TAG));
    unsafe { paycrypt_hmac_key_wipe(k) };
}

#[test]
fn sign_batch_overlapping_descriptors_and_tags() {
    let b = Block::new(HK + 512);
    let k = hmac_key_at(&b, 0);
    let d = HK + 1; // misaligned descriptors
    let m = HK + 200;
    b.fill(m, RFC4231_MSG);
    let slices = [
        paycrypt_slice {
            ptr: b.at(m),
            len: 28,
        },
        paycrypt_slice {
            ptr: null(),
            len: 0,
        },
        paycrypt_slice {
            ptr: b.at(m),
            len: 28,
        },
    ];
    for (i, sl) in slices.iter().enumerate() {
        unsafe {
            core::ptr::write_unaligned(b.at(d + i * size_of::<paycrypt_slice>()).cast(), *sl)
        };
    }
    // tags written over the descriptors themselves
    assert_eq!(
        unsafe { paycrypt_hmac_key_sign_batch(k, b.at(d).cast(), 3, b.at(d)) },
        PAYCRYPT_OK
    );
    let want = unhex(RFC4231_TAG);
    assert_eq!(b.read(d, 32), want);
    assert_eq!(b.read(d + 64, 32), want);
    // NULL with a length, huge counts
    let bad = paycrypt_slice {
        ptr: null(),
        len: 1,
    };
    assert_eq!(
        unsafe { paycrypt_hmac_key_sign_batch(k, &bad, 1, b.at(d)) },
        PAYCRYPT_ERR_NULL_POINTER
    );
    for count in [
        usize::MAX,
        usize::MAX / 32 + 1,
        isize::MAX as usize / 32 + 1,
    ] {
        assert_eq!(
            unsafe { paycrypt_hmac_key_sign_batch(k, b.at(d).cast(), count, b.at(d)) },
            PAYCRYPT_ERR_INPUT_TOO_LONG
        );
    }
    unsafe { paycrypt_hmac_key_wipe(k) };
}

#[test]
fn aes_gcm_misaligned_in_place_and_shifted() {
    let want = unhex(GCM_CT_TAG);
    for off in [0usize, 1, 6] {
        let b = Block::new(GK + 24 + 128);
        let k = gcm_key_at(&b, off);
        let nonce = Block::new(12 + 1);
        let n = nonce.at(1); // misaligned, zero
        let p = GK + 24;
        let ol = p + 100; // misaligned size_t out-parameter
                          // in place
        assert_eq!(
            unsafe {
                paycrypt_aes_gcm_seal(k, n, null(), 0, b.at(p), 16, b.at(p), 32, b.at(ol).cast())
            },
            PAYCRYPT_OK
        );
        assert_eq!(read_len(&b, ol), 32);
        assert_eq!(b.read(p, 32), want);
        // open shifted down by 3 (out overlaps the ciphertext)
        assert_eq!(
            unsafe {
                paycrypt_aes_gcm_open(
                    k,
                    n,
                    null(),
                    0,
                    b.at(p),
                    32,
                    b.at(p - 3),
                    16,
                    b.at(ol).cast(),
                )
            },
            PAYCRYPT_OK
        );
        assert_eq!(b.read(p - 3, 16), vec![0; 16]);
        // seal shifted up by 5 (memmove semantics)
        b.fill(p, &[0; 16]);
        assert_eq!(
            unsafe {
                paycrypt_aes_gcm_seal(
                    k,
                    n,
                    null(),
                    0,
                    b.at(p),
                    16,
                    b.at(p + 5),
                    32,
                    b.at(ol).cast(),
                )
            },
            PAYCRYPT_OK
        );
        assert_eq!(b.read(p + 5, 32), want);
        // tampered open exactly in place: the whole input is zeroed
        b.fill(p, &want);
        b.fill(p + 31, &[want[31] ^ 1]);
        assert_eq!(
            unsafe {
                paycrypt_aes_gcm_open(k, n, null(), 0, b.at(p), 32, b.at(p), 32, b.at(ol).cast())
            },
            PAYCRYPT_ERR_VERIFY_FAILED
        );
        assert_eq!(b.read(p, 32), vec![0; 32]);
        // tampered open, shifted: the plaintext-sized output is zeroed
        b.fill(p, &want);
        b.fill(p, &[want[0] ^ 1]);
        b.fill(p - 8, &[0xaa; 8]);
        assert_eq!(
            unsafe {
                paycrypt_aes_gcm_open(
                    k,
                    n,
                    null(),
                    0,
                    b.at(p),
                    32,
                    b.at(p - 8),
                    16,
                    b.at(ol).cast(),
                )
            },
            PAYCRYPT_ERR_VERIFY_FAILED
        );
        assert_eq!(b.read(p - 8, 16), vec![0; 16]);
        // detached, in place, tag overlapping nothing / the buffer
        b.fill(p, &[0; 16]);
        let t = p + 40;
        assert_eq!(
            unsafe { paycrypt_aes_gcm_seal_detached(k, n, null(), 0, b.at(p), 16, b.at(t)) },
            PAYCRYPT_OK
        );
        assert_eq!(b.read(p, 16), want[..16]);
        assert_eq!(b.read(t, 16), want[16..]);
        assert_eq!(
            unsafe { paycrypt_aes_gcm_open_detached(k, n, null(), 0, b.at(p), 16, b.at(t)) },
            PAYCRYPT_OK
        );
        assert_eq!(b.read(p, 16), vec![0; 16]);
        b.fill(p, &want);
        assert_eq!(
            unsafe { paycrypt_aes_gcm_open_detached(k, n, null(), 0, b.at(p), 16, b.at(p + 8)) },
            PAYCRYPT_ERR_VERIFY_FAILED
        );
        assert_eq!(b.read(p, 16), vec![0; 16]);
        // aad overlapping the output: refused, nothing written
        b.fill(p, &[7; 48]);
        assert_eq!(
            unsafe {
                paycrypt_aes_gcm_seal(
                    k,
                    n,
                    b.at(p + 20),
                    4,
                    b.at(p),
                    16,
                    b.at(p),
                    32,
                    b.at(ol).cast(),
                )
            },
            PAYCRYPT_ERR_OVERLAP
        );
        assert_eq!(b.read(p, 48), vec![7; 48]);
        // a memcpy'd key works after the original is wiped
        let c = Block::new(GK + 8);
        unsafe { core::ptr::copy_nonoverlapping(k.cast::<u8>(), c.at(3), GK) };
        unsafe { paycrypt_aes_gcm_key_wipe(k) };
        assert!(b.read(off, GK).iter().all(|&x| x == 0));
        b.fill(p, &[0; 16]);
        assert_eq!(
            unsafe {
                paycrypt_aes_gcm_seal(k, n, null(), 0, b.at(p), 16, b.at(p), 32, b.at(ol).cast())
            },
            PAYCRYPT_ERR_UNINITIALIZED
        );
        let k2 = c.ctx::<paycrypt_aes_gcm_key>(3);
        assert_eq!(
            unsafe {
                paycrypt_aes_gcm_seal(k2, n, null(), 0, b.at(p), 16, b.at(p), 32, b.at(ol).cast())
            },
            PAYCRYPT_OK
        );
        assert_eq!(b.read(p, 32), want);
        unsafe { paycrypt_aes_gcm_key_wipe(k2) };
    }
}

#[test]
fn aes_gcm_output_over_the_key_context_is_refused() {
    let b = Block::new(GK + 64);
    let k = gcm_key_at(&b, 0);
    let n = Block::new(12);
    let ol = Block::new(8);
    let p = GK + 8;
    let olp = ol.at(0).cast::<usize>();
    // out over the key's last bytes, inside its value, at its start; pt
    // elsewhere (before the check, the second was an aliasing violation
    // that Miri reports: a `&mut [u8]` over the borrowed key)
    for out in [b.at(GK - 16), b.at(8), b.at(0)] {
        assert_eq!(
            unsafe { paycrypt_aes_gcm_seal(k, n.at(0), null(), 0, b.at(p), 16, out, 32, olp) },
            PAYCRYPT_ERR_OVERLAP
        );
        assert_eq!(
            unsafe { paycrypt_aes_gcm_open(k, n.at(0), null(), 0, b.at(p), 32, out, 16, olp) },
            PAYCRYPT_ERR_OVERLAP
        );
        assert_eq!(
            unsafe { paycrypt_aes_gcm_seal_detached(k, n.at(0), null(), 0, out, 16, b.at(p)) },
            PAYCRYPT_ERR_OVERLAP
        );
        assert_eq!(
            unsafe { paycrypt_aes_gcm_open_detached(k, n.at(0), null(), 0, out, 16, b.at(p)) },
            PAYCRYPT_ERR_OVERLAP
        );
        assert_eq!(
            unsafe { paycrypt_envelope_seal(k, 1, n.at(0), null(), 0, b.at(p), 16, out, 49, olp) },
            PAYCRYPT_ERR_OVERLAP
        );
    }
    // the key is intact
    b.fill(p, &[0; 16]);
    assert_eq!(
        unsafe { paycrypt_aes_gcm_seal(k, n.at(0), null(), 0, b.at(p), 16, b.at(p), 32, olp) },
        PAYCRYPT_OK
    );
    assert_eq!(b.read(p, 32), unhex(GCM_CT_TAG));
    // tags of a batch over the HMAC key context
    let hb = Block::new(HK + 64);
    let hk = hmac_key_at(&hb, 0);
    hb.fill(HK, RFC4231_MSG);
    let sl = paycrypt_slice {
        ptr: hb.at(HK),
        len: 28,
    };
    assert_eq!(
        unsafe { paycrypt_hmac_key_sign_batch(hk, &sl, 1, hb.at(HK - 8)) },
        PAYCRYPT_ERR_OVERLAP
    );
    // but sign (which writes after the key is no longer used) may
    assert_eq!(
        unsafe { paycrypt_hmac_key_sign(hk, hb.at(HK), 28, hb.at(HK)) },
        PAYCRYPT_OK
    );
    unsafe { paycrypt_hmac_key_wipe(hk) };
    unsafe { paycrypt_aes_gcm_key_wipe(k) };
}

#[test]
fn huge_lengths_are_refused_before_any_access() {
    let b = Block::new(HK + GK + 64);
    let hk = hmac_key_at(&b, 0);
    let gk = gcm_key_at(&b, HK);
    let buf = Block::new(16); // a small real buffer with a huge claimed length
    let ol = Block::new(8);
    let olp = ol.at(0).cast::<usize>();
    let n = Block::new(12);
    let p = buf.at(0);
    let sb = Block::new(HS);
    let st = sb.ctx::<paycrypt_hmac_state>(0);
    assert_eq!(unsafe { paycrypt_hmac_state_init(st, hk) }, PAYCRYPT_OK);
    let huge = [usize::MAX, usize::MAX - 15, isize::MAX as usize + 1];
    for &len in &huge {
        let tl = PAYCRYPT_ERR_INPUT_TOO_LONG;
        assert_eq!(unsafe { paycrypt_sha256(p, len, p) }, tl);
        assert_eq!(unsafe { paycrypt_hmac_sha256(p, len, p, 1, p) }, tl);
        assert_eq!(unsafe { paycrypt_hmac_sha256(p, 1, p, len, p) }, tl);
        assert_eq!(unsafe { paycrypt_hmac_key_sign(hk, p, len, p) }, tl);
        assert_eq!(unsafe { paycrypt_hmac_key_verify(hk, p, len, p, 32) }, tl);
        assert_eq!(unsafe { paycrypt_hmac_key_verify(hk, p, 1, p, len) }, tl);
        assert_eq!(
            unsafe { paycrypt_aes_gcm_seal(gk, n.at(0), null(), 0, p, len, p, 16, olp) },
            tl
        );
        assert_eq!(
            unsafe { paycrypt_aes_gcm_seal(gk, n.at(0), p, len, p, 0, null_mut(), 0, olp) },
            tl
        );
        assert_eq!(
            unsafe { paycrypt_aes_gcm_seal(gk, n.at(0), p, len, p, 0, ol.at(0), 16, olp) },
            tl
        );
        assert_eq!(
            unsafe { paycrypt_aes_gcm_open(gk, n.at(0), null(), 0, p, len, p, usize::MAX, olp) },
            tl
        );
        assert_eq!(
            unsafe { paycrypt_aes_gcm_seal_detached(gk, n.at(0), null(), 0, p, len, ol.at(0)) },
            tl
        );
        assert_eq!(
            unsafe { paycrypt_aes_gcm_open_detached(gk, n.at(0), p, len, ol.at(0), 0, p) },
            tl
        );
        assert_eq!(
            unsafe { paycrypt_hkdf_sha256(p, len, p, 1, p, 1, null_mut(), 0) },
            tl
        );
        assert_eq!(unsafe { paycrypt_ct_equal(p, p, len) }, tl);
        assert_eq!(unsafe { paycrypt_envelope_key_id(p, len, olp.cast()) }, tl);
        assert_eq!(
            unsafe { paycrypt_envelope_open(gk, p, len, p, 40, ol.at(0), 8, olp) },
            tl
        );
        assert_eq!(
            unsafe { paycrypt_envelope_open(gk, null(), 0, p, len, ol.at(0), 8, olp) },
            tl
        );
        assert_eq!(unsafe { paycrypt_hmac_state_update(st, p, len) }, tl);
        assert_eq!(
            unsafe { paycrypt_webhook_verify(hk, p.cast(), len, p, 1, 0, 0) },
            tl
        );
        assert_eq!(
            unsafe { paycrypt_github_verify(hk, p.cast(), 1, p, len) },
            tl
        );
        assert_eq!(
            unsafe { paycrypt_webhook_sign(hk, 0, p, len, ol.at(0).cast(), 8, olp) },
            tl
        );
        assert_eq!(
            unsafe {
                paycrypt_wechatpay_v3_decrypt(
                    p,
                    p.cast(),
                    12,
                    p.cast(),
                    len,
                    p.cast(),
                    4,
                    null_mut(),
                    0,
                    olp,
                )
            },
            tl
        );
    }
    // out_cap near SIZE_MAX with a small real output: only the needed
    // bytes are written
    let out = Block::new(32);
    buf.fill(0, &[0; 16]);
    assert_eq!(
        unsafe { paycrypt_aes_gcm_seal(gk, n.at(0), null(), 0, p, 16, out.at(0), usize::MAX, olp) },
        PAYCRYPT_OK
    );
    assert_eq!(out.read(0, 32), unhex(GCM_CT_TAG));
    unsafe { paycrypt_hmac_key_wipe(hk) };
    unsafe { paycrypt_aes_gcm_key_wipe(gk) };
}

#[test]
fn nulls_and_uninitialised_contexts() {
    let b = Block::new(GK + HK + 64);
    let zero_gk = b.ctx::<paycrypt_aes_gcm_key>(0);
    let zero_hk = b.ctx::<paycrypt_hmac_key>(GK);
    let p = b.at(GK + HK);
    let olp = b.at(GK + HK + 40).cast::<usize>();
    assert_eq!(
        unsafe { paycrypt_hmac_key_sign(zero_hk, p, 1, p) },
        PAYCRYPT_ERR_UNINITIALIZED
    );
    assert_eq!(
        unsafe { paycrypt_hmac_key_sign(null(), p, 1, p) },
        PAYCRYPT_ERR_NULL_POINTER
    );
    assert_eq!(
        unsafe { paycrypt_aes_gcm_seal(zero_gk, p, null(), 0, p, 0, p, 16, olp) },
        PAYCRYPT_ERR_UNINITIALIZED
    );
    assert_eq!(
        unsafe { paycrypt_aes_gcm_seal(null(), p, null(), 0, p, 0, p, 16, olp) },
        PAYCRYPT_ERR_NULL_POINTER
    );
    assert_eq!(
        unsafe { paycrypt_aes_gcm_seal(zero_gk, null(), null(), 0, p, 0, p, 16, olp) },
        PAYCRYPT_ERR_NULL_POINTER
    );
    assert_eq!(
        unsafe { paycrypt_aes_gcm_open(zero_gk, p, null(), 0, null(), 16, p, 16, olp) },
        PAYCRYPT_ERR_NULL_POINTER
    );
    // an HMAC key handed to an AES-GCM function (type confusion by cast)
    let hb = Block::new(GK);
    let hk = hmac_key_at(&hb, 0);
    assert_eq!(
        unsafe { paycrypt_aes_gcm_seal(hk.cast(), p, null(), 0, p, 0, p, 16, olp) },
        PAYCRYPT_ERR_UNINITIALIZED
    );
    unsafe {
        paycrypt_hmac_key_wipe(null_mut());
        paycrypt_aes_gcm_key_wipe(null_mut());
        paycrypt_wipe(null_mut(), 10);
        paycrypt_hmac_key_wipe(hk);
    }
}

#[test]
fn protocols_misaligned_and_overlapping() {
    let b = Block::new(HK + GK + 600);
    let hk = hmac_key_at(&b, 1);
    let gk = gcm_key_at(&b, HK + 8);
    let w = HK + GK + 16;
    let olp = b.at(w + 500).cast::<usize>(); // misaligned size_t
                                             // webhook: header written over the payload
    b.fill(w, b"{\"id\":1}");
    assert_eq!(
        unsafe {
            paycrypt_webhook_sign(hk, 1_700_000_000, b.at(w), 8, b.at(w + 3).cast(), 120, olp)
        },
        PAYCRYPT_OK
    );
    let hl = unsafe { core::ptr::read_unaligned(olp) };
    b.fill(w + 200, b"{\"id\":1}");
    assert_eq!(
        unsafe {
            paycrypt_webhook_verify(
                hk,
                b.at(w + 3).cast(),
                hl,
                b.at(w + 200),
                8,
                1_700_000_000,
                10,
            )
        },
        PAYCRYPT_OK
    );
    // envelope: seal then open; out overlapping the envelope is refused
    let e = w + 250;
    b.fill(w, &[9; 20]);
    let nonce = Block::new(13);
    assert_eq!(
        unsafe {
            paycrypt_envelope_seal(
                gk,
                42,
                nonce.at(1),
                null(),
                0,
                b.at(w),
                20,
                b.at(e),
                53,
                olp,
            )
        },
        PAYCRYPT_OK
    );
    let mut id = 0u32;
    assert_eq!(
        unsafe { paycrypt_envelope_key_id(b.at(e), 53, &mut id) },
        PAYCRYPT_OK
    );
    assert_eq!(id, 42);
    assert_eq!(
        unsafe { paycrypt_envelope_open(gk, null(), 0, b.at(e), 53, b.at(e + 30), 20, olp) },
        PAYCRYPT_ERR_OVERLAP
    );
    assert_eq!(
        unsafe { paycrypt_envelope_open(gk, null(), 0, b.at(e), 53, b.at(w + 1), 20, olp) },
        PAYCRYPT_OK
    );
    assert_eq!(b.read(w + 1, 20), vec![9; 20]);
    // a failed envelope open leaves the output zeroed
    b.fill(e + 52, &[b.read(e + 52, 1)[0] ^ 1]);
    b.fill(w + 1, &[0x55; 20]);
    assert_eq!(
        unsafe { paycrypt_envelope_open(gk, null(), 0, b.at(e), 53, b.at(w + 1), 20, olp) },
        PAYCRYPT_ERR_VERIFY_FAILED
    );
    assert_eq!(b.read(w + 1, 20), vec![0; 20]);
    // hkdf: okm over an input is refused; misaligned okm is fine
    b.fill(w, &[1; 22]);
    assert_eq!(
        unsafe { paycrypt_hkdf_sha256(null(), 0, b.at(w), 22, null(), 0, b.at(w + 21), 42) },
        PAYCRYPT_ERR_OVERLAP
    );
    assert_eq!(
        unsafe { paycrypt_hkdf_sha256(null(), 0, b.at(w), 22, null(), 0, b.at(w + 23), 42) },
        PAYCRYPT_OK
    );
    unsafe {
        paycrypt_hmac_key_wipe(hk);
        paycrypt_aes_gcm_key_wipe(gk);
    }
}

/// AES-GCM's limits by length alone (no gigabyte buffers): the largest
/// accepted plaintext and AAD get as far as the size query, one more byte
/// is refused. Nothing is read in either case.
#[cfg(target_pointer_width = "64")]
#[test]
fn aes_gcm_limits_exact_boundaries() {
    const MAX_PT: usize = (1 << 36) - 32;
    const MAX_AAD: usize = (1 << 61) - 1;
    let b = Block::new(GK + 64);
    let k = gcm_key_at(&b, 0);
    let n = Block::new(12);
    let p = b.at(GK + 8); // a small real buffer standing in for a huge one
    let olp = b.at(GK + 40).cast::<usize>();
    let out_len = || unsafe { core::ptr::read_unaligned(olp) };
    let tl = PAYCRYPT_ERR_INPUT_TOO_LONG;
    let small = PAYCRYPT_ERR_BUFFER_TOO_SMALL;
    let seal = |aad_len: usize, pt_len: usize| unsafe {
        paycrypt_aes_gcm_seal(k, n.at(0), p, aad_len, p, pt_len, null_mut(), 0, olp)
    };
    assert_eq!(seal(0, MAX_PT), small);
    assert_eq!(out_len(), MAX_PT + 16);
    assert_eq!(seal(0, MAX_PT + 1), tl);
    assert_eq!(seal(MAX_AAD, 0), small);
    assert_eq!(out_len(), 16);
    assert_eq!(seal(MAX_AAD + 1, 0), tl);
    let open = |aad_len: usize, in_len: usize| unsafe {
        paycrypt_aes_gcm_open(k, n.at(0), p, aad_len, p, in_len, null_mut(), 0, olp)
    };
    assert_eq!(open(0, MAX_PT + 16), small);
    assert_eq!(out_len(), MAX_PT);
    assert_eq!(open(0, MAX_PT + 17), tl);
    assert_eq!(open(MAX_AAD + 1, 17), tl);
    let env_seal = |aad_len: usize, pt_len: usize| unsafe {
        paycrypt_envelope_seal(k, 1, n.at(0), p, aad_len, p, pt_len, null_mut(), 0, olp)
    };
    assert_eq!(env_seal(0, MAX_PT), small);
    assert_eq!(out_len(), MAX_PT + 33);
    assert_eq!(env_seal(0, MAX_PT + 1), tl);
    assert_eq!(env_seal(MAX_AAD + 1, 0), tl);
    let t = b.at(GK + 48);
    for (aad_len, len) in [(0, MAX_PT + 1), (MAX_AAD + 1, 1), (usize::MAX, usize::MAX)] {
        assert_eq!(
            unsafe { paycrypt_aes_gcm_seal_detached(k, n.at(0), p, aad_len, p, len, t) },
            tl
        );
        assert_eq!(
            unsafe { paycrypt_aes_gcm_open_detached(k, n.at(0), p, aad_len, p, len, t) },
            tl
        );
    }
    unsafe { paycrypt_aes_gcm_key_wipe(k) };
}

/// Descriptor arrays (`paycrypt_slice`, `paycrypt_kv`) at odd addresses,
/// entries with huge lengths, and counts past the limit (which used to be
/// walked before the limit was checked).
#[test]
fn descriptor_arrays_misaligned_and_hostile() {
    let b = Block::new(1024);
    let text = 600;
    b.fill(text, b"appid=wx1&mch_id=12&nonce_str=abc");
    let kv = |k: usize, kl: usize, v: usize, vl: usize| paycrypt_kv {
        key: b.at(text + k).cast_const().cast(),
        key_len: kl,
        value: b.at(text + v).cast_const().cast(),
        value_len: vl,
    };
    let kvs = [kv(0, 5, 6, 3), kv(10, 6, 17, 2), kv(20, 9, 30, 3)];
    let at = 3; // misaligned array of 3 entries
    let put_kvs = |kvs: &[paycrypt_kv]| {
        for (i, e) in kvs.iter().enumerate() {
            unsafe {
                core::ptr::write_unaligned(b.at(at + i * size_of::<paycrypt_kv>()).cast(), *e)
            };
        }
    };
    put_kvs(&kvs);
    let api = b.at(700);
    b.fill(700, b"192006250b4c09247ec02edce69f6a2d");
    let out = 800;
    let arr = b.at(at).cast::<paycrypt_kv>();
    assert_eq!(
        unsafe { paycrypt_wechatpay_v2_sign(api, 32, arr, 3, b.at(out).cast()) },
        PAYCRYPT_OK
    );
    assert_eq!(b.read(out + 64, 1), [0]);
    assert_eq!(
        unsafe { paycrypt_wechatpay_v2_verify(api, 32, arr, 3, b.at(out).cast(), 64) },
        PAYCRYPT_OK
    );
    // counts past the limit are refused without reading past the 3 entries
    for count in [1025, usize::MAX / 2, usize::MAX] {
        assert_eq!(
            unsafe { paycrypt_wechatpay_v2_sign(api, 32, arr, count, b.at(out).cast()) },
            PAYCRYPT_ERR_INPUT_TOO_LONG
        );
        assert_eq!(
            unsafe { paycrypt_wechatpay_v2_verify(api, 32, arr, count, b.at(out).cast(), 64) },
            PAYCRYPT_ERR_INPUT_TOO_LONG
        );
    }
    put_kvs(&[kvs[0], kv(10, usize::MAX, 17, 2), kvs[2]]);
    assert_eq!(
        unsafe { paycrypt_wechatpay_v2_sign(api, 32, arr, 3, b.at(out).cast()) },
        PAYCRYPT_ERR_INPUT_TOO_LONG
    );

    // Adyen: eight field descriptors at an odd address, signature text
    // written over the key text
    let key_hex = b"44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
    b.fill(900, key_hex);
    let fields = 5;
    for i in 0..8 {
        let f = paycrypt_slice {
            ptr: b.at(text + 2 * i),
            len: 2,
        };
        unsafe {
            core::ptr::write_unaligned(b.at(fields + i * size_of::<paycrypt_slice>()).cast(), f)
        };
    }
    let fa = b.at(fields).cast::<paycrypt_slice>();
    let olp = b.at(980).cast::<usize>();
    assert_eq!(
        unsafe { paycrypt_adyen_sign(b.at(900).cast(), 64, fa, b.at(901).cast(), 45, olp) },
        PAYCRYPT_OK
    );
    let sl = unsafe { core::ptr::read_unaligned(olp) };
    assert_eq!(sl, 44);
    b.fill(900, key_hex);
    assert_eq!(
        unsafe { paycrypt_adyen_sign(b.at(900).cast(), 64, fa, b.at(300).cast(), 45, olp) },
        PAYCRYPT_OK
    );
    assert_eq!(
        unsafe { paycrypt_adyen_verify(b.at(900).cast(), 64, fa, b.at(300).cast(), 44) },
        PAYCRYPT_OK
    );
    let huge = paycrypt_slice {
        ptr: b.at(text),
        len: usize::MAX,
    };
    unsafe {
        core::ptr::write_unaligned(b.at(fields + 3 * size_of::<paycrypt_slice>()).cast(), huge)
    };
    assert_eq!(
        unsafe { paycrypt_adyen_sign(b.at(900).cast(), 64, fa, b.at(300).cast(), 45, olp) },
        PAYCRYPT_ERR_INPUT_TOO_LONG
    );
}
