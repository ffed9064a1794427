//! C ABI of the primitives: SHA-256, HMAC-SHA256, AES-GCM, HKDF-SHA256,
//! constant-time comparison, wiping, randomness, status messages.

use core::ffi::{c_char, c_void};

use inout::InOutBuf;

use super::ctx::{self, Aligned, Context};
use super::ptr::{
    disjoint, disjoint_ctx, gcm_lengths, input, need_capacity, non_null, output, overlaps,
    read_array, read_nonce, write_bytes, write_len,
};
use super::{boundary, boundary_void, paycrypt_status, paycrypt_status as S};
use crate::aes_gcm::{AesGcmKey, NONCE_LEN, TAG_LEN as GCM_TAG_LEN};
use crate::hmac::{HmacKey, HmacState, TAG_LEN};

// ---------------------------------------------------------------------------
// Contexts

/// A precomputed HMAC-SHA256 key (the inner and outer hash states).
///
/// Caller-allocated (stack, static or heap); initialise with
/// `paycrypt_hmac_key_init`, erase with `paycrypt_hmac_key_wipe`. The
/// contents are opaque. Immutable after init: several threads may use one
/// key at once. An all-zero or wiped context is rejected with
/// `PAYCRYPT_ERR_UNINITIALIZED`.
#[repr(C)]
pub struct paycrypt_hmac_key {
    _opaque: [u64; 16],
}

/// A streaming HMAC-SHA256 computation.
///
/// Caller-allocated; begin with `paycrypt_hmac_state_init`, feed with
/// `paycrypt_hmac_state_update`, end with `paycrypt_hmac_state_final`
/// (which wipes it). Single-threaded; may be copied with `memcpy` to fork
/// the computation (e.g. to take an intermediate tag).
#[repr(C)]
pub struct paycrypt_hmac_state {
    _opaque: [u64; 24],
}

/// An expanded AES-128-GCM or AES-256-GCM key.
///
/// Caller-allocated; initialise with `paycrypt_aes_gcm_key_init`, erase with
/// `paycrypt_aes_gcm_key_wipe`. Immutable after init: several threads may
/// seal and open with one key at once. An all-zero or wiped context is
/// rejected with `PAYCRYPT_ERR_UNINITIALIZED`.
#[repr(C)]
pub struct paycrypt_aes_gcm_key {
    _opaque: [u64; 128],
}

/// A borrowed byte string: `len` bytes at `ptr` (`ptr` may be NULL when
/// `len` is 0).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct paycrypt_slice {
    /// First byte.
    pub ptr: *const u8,
    /// Number of bytes.
    pub len: usize,
}

// SAFETY: each context is a repr(C) array of u64 (all-zero valid) larger than
// its slot (checked below); the values are plain arrays and RustCrypto key
// schedules, which hold no pointers and only zeroize on drop.
unsafe impl Context for paycrypt_hmac_key {
    type Value = HmacKey;
    const MAGIC: u64 = 0x7061_7963_686b_6579; // "paychkey"
}
// SAFETY: as above.
unsafe impl Context for paycrypt_hmac_state {
    type Value = HmacState;
    const MAGIC: u64 = 0x7061_7963_6873_7461; // "paychsta"
}
// SAFETY: as above.
unsafe impl Context for paycrypt_aes_gcm_key {
    type Value = AesGcmKey;
    const MAGIC: u64 = 0x7061_7963_6167_6b79; // "paycagky"
}

const _: () = {
    assert!(ctx::fits::<paycrypt_hmac_key>());
    assert!(ctx::fits::<paycrypt_hmac_state>());
    assert!(ctx::fits::<paycrypt_aes_gcm_key>());
};

// ---------------------------------------------------------------------------
// Status and version

/// A static English sentence describing `status` (any integer is safe to
/// pass; unknown values get a generic sentence). Never NULL; do not free.
#[no_mangle]
pub extern "C" fn paycrypt_status_message(status: i32) -> *const c_char {
    let msg: &'static core::ffi::CStr = match status {
        0 => c"success",
        1 => c"a required pointer was NULL",
        2 => c"key length not accepted",
        3 => c"nonce length not accepted",
        4 => c"tag length not accepted",
        5 => c"output buffer too small; *out_len holds the size needed",
        6 => c"input or requested output beyond the algorithm's limit",
        7 => c"signature or tag mismatch",
        8 => c"encoded input (hex, base64, header or envelope) cannot be parsed",
        9 => c"timestamp outside the allowed tolerance",
        10 => c"context not initialised, or already wiped",
        11 => c"feature not available in this build",
        12 => c"an output buffer overlaps an input in a way the function does not allow",
        255 => c"internal error (this is a bug in paycrypt; please report it)",
        _ => c"unknown paycrypt status code",
    };
    msg.as_ptr()
}

/// The library version as a static NUL-terminated string, e.g. "0.1.0"
/// (matches `PAYCRYPT_VERSION`). Never NULL; do not free.
#[no_mangle]
pub extern "C" fn paycrypt_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

// ---------------------------------------------------------------------------
// SHA-256 and one-shot HMAC

/// SHA-256 of `msg_len` bytes at `msg` into `out` (32 bytes).
///
/// `msg` may be NULL when `msg_len` is 0. `out` must not be NULL; it is
/// written after `msg` has been read, so it may overlap `msg`.
///
/// @return `PAYCRYPT_OK`, or `PAYCRYPT_ERR_NULL_POINTER`.
///
/// # Safety
/// `msg` must point to `msg_len` readable bytes and `out` to 32 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_sha256(
    msg: *const u8,
    msg_len: usize,
    out: *mut u8,
) -> paycrypt_status {
    boundary(|| {
        non_null(out)?;
        // SAFETY: the caller guarantees msg_len readable bytes.
        let digest = crate::sha256(unsafe { input(msg, msg_len)? });
        // SAFETY: out is non-NULL with 32 writable bytes; msg is no longer borrowed.
        unsafe { write_bytes(out, &digest) };
        Ok(())
    })
}

/// HMAC-SHA256 (RFC 2104) of `msg` under `key` (any length) into `out`
/// (32 bytes).
///
/// `key`/`msg` may be NULL when their length is 0. `out` must not be NULL;
/// it is written last, so it may overlap the inputs. For many messages
/// under one key, `paycrypt_hmac_key_init` once and sign with the key.
///
/// @return `PAYCRYPT_OK`, or `PAYCRYPT_ERR_NULL_POINTER`.
///
/// # Safety
/// Pointers must be valid for their lengths; `out` for 32 bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_hmac_sha256(
    key: *const u8,
    key_len: usize,
    msg: *const u8,
    msg_len: usize,
    out: *mut u8,
) -> paycrypt_status {
    boundary(|| {
        non_null(out)?;
        // SAFETY: the caller guarantees the lengths.
        let (key, msg) = unsafe { (input(key, key_len)?, input(msg, msg_len)?) };
        let tag = crate::hmac_sha256(key, msg);
        // SAFETY: out has 32 writable bytes; inputs are no longer used.
        unsafe { write_bytes(out, &tag) };
        Ok(())
    })
}

/// Verify an HMAC-SHA256 tag of `msg` under `key`.
///
/// `tag_len` 16..=32 compares a truncated tag (the leftmost `tag_len`
/// bytes); any other length is `PAYCRYPT_ERR_TAG_LENGTH`. Constant time in
/// the key, message and tag contents.
///
/// @return `PAYCRYPT_OK` when the tag matches, `PAYCRYPT_ERR_VERIFY_FAILED`
/// when not, or `PAYCRYPT_ERR_NULL_POINTER` / `PAYCRYPT_ERR_TAG_LENGTH`.
///
/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_hmac_sha256_verify(
    key: *const u8,
    key_len: usize,
    msg: *const u8,
    msg_len: usize,
    tag: *const u8,
    tag_len: usize,
) -> paycrypt_status {
    boundary(|| {
        // SAFETY: the caller guarantees the lengths.
        let (key, msg, tag) = unsafe {
            (
                input(key, key_len)?,
                input(msg, msg_len)?,
                input(tag, tag_len)?,
            )
        };
        Ok(crate::hmac_sha256_verify(key, msg, tag)?)
    })
}

// ---------------------------------------------------------------------------
// Precomputed HMAC keys

/// Initialise `k` from `key_len` bytes of `key` (any length; keys longer
/// than 64 bytes are hashed first, as RFC 2104 says).
///
/// The key bytes are not retained; the caller may wipe them afterwards.
/// Re-initialising an existing key overwrites it. On failure `k` (if not
/// NULL) is wiped.
///
/// @return `PAYCRYPT_OK`, or `PAYCRYPT_ERR_NULL_POINTER`.
///
/// # Safety
/// `k` must point to a writable `paycrypt_hmac_key`; `key` to `key_len`
/// readable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_hmac_key_init(
    k: *mut paycrypt_hmac_key,
    key: *const u8,
    key_len: usize,
) -> paycrypt_status {
    boundary(|| {
        non_null(k)?;
        // SAFETY: the caller guarantees key_len readable bytes.
        let result = unsafe { input(key, key_len) }.map(HmacKey::new);
        match result {
            // SAFETY: k is a writable context; the key slice is no longer used.
            Ok(value) => unsafe { ctx::store(k, value) },
            Err(e) => {
                // SAFETY: k is a writable context.
                unsafe { ctx::wipe(k) };
                Err(e)
            }
        }
    })
}

/// HMAC-SHA256 of `msg` under the precomputed key `k` into `out` (32 bytes).
///
/// `out` is written last and may overlap `msg`. Thread-safe on a shared `k`.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_NULL_POINTER`, or
/// `PAYCRYPT_ERR_UNINITIALIZED` for a never-initialised or wiped key.
///
/// # Safety
/// `k` must point to a `paycrypt_hmac_key`; `msg` to `msg_len` readable
/// bytes; `out` to 32 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_hmac_key_sign(
    k: *const paycrypt_hmac_key,
    msg: *const u8,
    msg_len: usize,
    out: *mut u8,
) -> paycrypt_status {
    boundary(|| {
        non_null(out)?;
        // SAFETY: the caller guarantees msg_len readable bytes.
        let msg = unsafe { input(msg, msg_len)? };
        // SAFETY: k points to a context (NULL is checked inside).
        let tag = unsafe { ctx::with(k, |key| Aligned(key.sign(msg)))? };
        // SAFETY: out has 32 writable bytes; inputs are no longer used.
        unsafe { write_bytes(out, &tag.0) };
        Ok(())
    })
}

/// Verify a tag of `msg` under `k`. `tag_len` 16..=32 compares a truncated
/// tag (leftmost bytes); other lengths are `PAYCRYPT_ERR_TAG_LENGTH`.
/// Constant time in the key, message and tag contents.
///
/// @return `PAYCRYPT_OK` on match, `PAYCRYPT_ERR_VERIFY_FAILED`,
/// `PAYCRYPT_ERR_TAG_LENGTH`, `PAYCRYPT_ERR_NULL_POINTER` or
/// `PAYCRYPT_ERR_UNINITIALIZED`.
///
/// # Safety
/// `k` must point to a `paycrypt_hmac_key`; `msg` and `tag` to their lengths
/// of readable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_hmac_key_verify(
    k: *const paycrypt_hmac_key,
    msg: *const u8,
    msg_len: usize,
    tag: *const u8,
    tag_len: usize,
) -> paycrypt_status {
    boundary(|| {
        // SAFETY: the caller guarantees the lengths.
        let (msg, tag) = unsafe { (input(msg, msg_len)?, input(tag, tag_len)?) };
        // SAFETY: k points to a context.
        Ok(unsafe { ctx::with(k, |key| key.verify(msg, tag))? }?)
    })
}

/// HMAC-SHA256 of `msg` under `k` as 64 lowercase hex characters followed
/// by a NUL, into `out` (65 bytes).
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_NULL_POINTER` or
/// `PAYCRYPT_ERR_UNINITIALIZED`.
///
/// # Safety
/// `k` must point to a `paycrypt_hmac_key`; `msg` to `msg_len` readable
/// bytes; `out` to 65 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_hmac_key_sign_hex(
    k: *const paycrypt_hmac_key,
    msg: *const u8,
    msg_len: usize,
    out: *mut c_char,
) -> paycrypt_status {
    boundary(|| {
        non_null(out)?;
        // SAFETY: the caller guarantees msg_len readable bytes.
        let msg = unsafe { input(msg, msg_len)? };
        let mut text = [0u8; 2 * TAG_LEN + 1];
        // SAFETY: k points to a context.
        let hex = unsafe { ctx::with(k, |key| Aligned(key.sign_hex(msg)))? };
        text[..2 * TAG_LEN].copy_from_slice(&hex.0);
        // SAFETY: out has 65 writable bytes; inputs are no longer used.
        unsafe { write_bytes(out.cast(), &text) };
        Ok(())
    })
}

/// Verify a hex tag of `msg` under `k`. `hex_len` must be even and
/// 32..=64 (a truncated tag compares its prefix; other lengths are
/// `PAYCRYPT_ERR_TAG_LENGTH`); upper- and lowercase digits are accepted; a
/// non-hex character is `PAYCRYPT_ERR_MALFORMED`. `hex` need not be
/// NUL-terminated. Decoding and comparison are constant time in the hex
/// contents; only the final verdict branches.
///
/// @return `PAYCRYPT_OK` on match, `PAYCRYPT_ERR_VERIFY_FAILED`,
/// `PAYCRYPT_ERR_MALFORMED`, `PAYCRYPT_ERR_TAG_LENGTH`,
/// `PAYCRYPT_ERR_NULL_POINTER` or `PAYCRYPT_ERR_UNINITIALIZED`.
///
/// # Safety
/// `k` must point to a `paycrypt_hmac_key`; `msg` and `hex` to their
/// lengths of readable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_hmac_key_verify_hex(
    k: *const paycrypt_hmac_key,
    msg: *const u8,
    msg_len: usize,
    hex: *const c_char,
    hex_len: usize,
) -> paycrypt_status {
    boundary(|| {
        // SAFETY: the caller guarantees the lengths.
        let (msg, hex) = unsafe { (input(msg, msg_len)?, input(hex.cast(), hex_len)?) };
        // SAFETY: k points to a context.
        Ok(unsafe { ctx::with(k, |key| key.verify_hex(msg, hex))? }?)
    })
}

/// Sign `count` messages under `k`: tag `i` (32 bytes) of `msgs[i]` goes to
/// `tags_out + 32*i`.
///
/// `msgs` and `tags_out` may be NULL when `count` is 0. Each tag is written
/// after its message has been read. A NULL `msgs[i].ptr` with a non-zero
/// length fails the whole call with `PAYCRYPT_ERR_NULL_POINTER` before any
/// tag is written. `tags_out` may overlap the descriptors and messages but
/// not `k` (`PAYCRYPT_ERR_OVERLAP`). Thread-safe on a shared `k`.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_NULL_POINTER`,
/// `PAYCRYPT_ERR_INPUT_TOO_LONG` (count*32 overflows),
/// `PAYCRYPT_ERR_OVERLAP` or `PAYCRYPT_ERR_UNINITIALIZED`.
///
/// # Safety
/// `k` must point to a `paycrypt_hmac_key`; `msgs` to `count` slices each
/// valid for its length; `tags_out` to `count*32` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_hmac_key_sign_batch(
    k: *const paycrypt_hmac_key,
    msgs: *const paycrypt_slice,
    count: usize,
    tags_out: *mut u8,
) -> paycrypt_status {
    boundary(|| {
        non_null(k)?;
        if count == 0 {
            // Still report a bad key, as for any other call.
            // SAFETY: k points to a context.
            return unsafe { ctx::with(k, |_| ()) };
        }
        non_null(msgs)?;
        non_null(tags_out)?;
        let tags_len = count
            .checked_mul(TAG_LEN)
            .filter(|n| *n <= isize::MAX as usize)
            .ok_or(S::PAYCRYPT_ERR_INPUT_TOO_LONG)?;
        // Tags are written while the key is borrowed: not over the key.
        disjoint_ctx(tags_out, tags_len, k)?;
        // Read the descriptors one at a time (never as a slice): tags_out may
        // overlap them, and each tag is written before the next is read.
        let descriptor = |i: usize| {
            // SAFETY: msgs has `count` readable descriptors and every caller
            // passes i < count.
            unsafe { core::ptr::read_unaligned(msgs.add(i)) }
        };
        for i in 0..count {
            let d = descriptor(i);
            if d.ptr.is_null() && d.len != 0 {
                return Err(S::PAYCRYPT_ERR_NULL_POINTER);
            }
        }
        // Sign in chunks through the (interleaved) batch signer. Each
        // chunk's messages are read before its tags are written, and the
        // tags are written only after the message slices have ended, so
        // `tags_out` may even overlap the messages of later chunks.
        let sign_all = |key: &HmacKey| -> super::FfiResult {
            // 64 per call into the interleaved signer where there is one
            // (x86-64: 16 cost about 6 ns more per 64-byte message); 16
            // elsewhere, where the batch is a loop of single signatures and
            // stack is scarcer (the chunk's tags and slices live on it).
            const CHUNK: usize = if cfg!(target_arch = "x86_64") { 64 } else { 16 };
            let mut done = 0;
            while done < count {
                let n = CHUNK.min(count - done);
                let mut tags = [[0u8; TAG_LEN]; CHUNK];
                {
                    let mut msgs: [&[u8]; CHUNK] = [&[]; CHUNK];
                    for (j, m) in msgs[..n].iter_mut().enumerate() {
                        let d = descriptor(done + j);
                        // SAFETY: the caller guarantees each descriptor's
                        // bytes; the slices end with this block.
                        *m = unsafe { input(d.ptr, d.len)? };
                    }
                    key.sign_batch(&msgs[..n], &mut tags[..n])
                        .map_err(super::paycrypt_status::from)?;
                }
                // SAFETY: tags_out has count*32 writable bytes and
                // done + n <= count; one copy for the chunk's tags.
                unsafe { write_bytes(tags_out.add(done * TAG_LEN), tags[..n].as_flattened()) };
                done += n;
            }
            Ok(())
        };
        // SAFETY: k points to a context.
        unsafe { ctx::with(k, sign_all)? }
    })
}

/// Erase `k` (volatile zeroing); it then reports
/// `PAYCRYPT_ERR_UNINITIALIZED` until initialised again. NULL is a no-op.
///
/// # Safety
/// A non-NULL `k` must point to a writable `paycrypt_hmac_key` not in use
/// by another thread.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_hmac_key_wipe(k: *mut paycrypt_hmac_key) {
    // SAFETY: forwarded caller guarantee.
    boundary_void(|| unsafe { ctx::wipe(k) })
}

// ---------------------------------------------------------------------------
// Streaming HMAC

/// Begin a streaming HMAC-SHA256 computation in `s` under key `k`.
///
/// `s` holds its own copy of the key state; `k` may be wiped afterwards.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_NULL_POINTER` or
/// `PAYCRYPT_ERR_UNINITIALIZED` (for `k`).
///
/// # Safety
/// `s` must point to a writable `paycrypt_hmac_state`, `k` to a
/// `paycrypt_hmac_key`.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_hmac_state_init(
    s: *mut paycrypt_hmac_state,
    k: *const paycrypt_hmac_key,
) -> paycrypt_status {
    boundary(|| {
        non_null(s)?;
        // SAFETY: k points to a context.
        let state = unsafe { ctx::with(k, HmacKey::start)? };
        // SAFETY: s points to a writable context not otherwise borrowed.
        unsafe { ctx::store(s, state) }
    })
}

/// Absorb `len` bytes of `data` into `s`. `data` may be NULL when `len` is 0
/// and must not overlap `s`.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_NULL_POINTER`,
/// `PAYCRYPT_ERR_UNINITIALIZED`, `PAYCRYPT_ERR_OVERLAP`, or
/// `PAYCRYPT_ERR_INPUT_TOO_LONG` past SHA-256's 2^61-byte limit.
///
/// # Safety
/// `s` must point to a `paycrypt_hmac_state` used by this thread only;
/// `data` to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_hmac_state_update(
    s: *mut paycrypt_hmac_state,
    data: *const u8,
    len: usize,
) -> paycrypt_status {
    boundary(|| {
        non_null(s)?;
        disjoint(
            s.cast(),
            core::mem::size_of::<paycrypt_hmac_state>(),
            data,
            len,
        )?;
        // SAFETY: the caller guarantees len readable bytes, disjoint from s.
        let data = unsafe { input(data, len)? };
        // SAFETY: s points to a context used by this thread only.
        Ok(unsafe { ctx::with_mut(s, |st| st.update(data))? }?)
    })
}

/// Finish the computation in `s`, write the 32-byte tag to `out`, and wipe
/// `s` (it must be initialised again before reuse). To take an
/// intermediate tag, `memcpy` the state and finish the copy.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_NULL_POINTER` or
/// `PAYCRYPT_ERR_UNINITIALIZED`.
///
/// # Safety
/// `s` must point to a `paycrypt_hmac_state` used by this thread only;
/// `out` to 32 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_hmac_state_final(
    s: *mut paycrypt_hmac_state,
    out: *mut u8,
) -> paycrypt_status {
    boundary(|| {
        non_null(out)?;
        // SAFETY: s points to a context used by this thread only.
        let tag = unsafe { ctx::with(s, |st| Aligned(st.clone().finalize()))? };
        // SAFETY: s is a writable context; the borrow above has ended.
        unsafe { ctx::wipe(s) };
        // SAFETY: out has 32 writable bytes; s is no longer borrowed.
        unsafe { write_bytes(out, &tag.0) };
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// AES-GCM

/// Expand a 16-byte (AES-128-GCM) or 32-byte (AES-256-GCM) key into `k`.
///
/// The key bytes are not retained. On failure `k` (if not NULL) is wiped.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_NULL_POINTER` or
/// `PAYCRYPT_ERR_KEY_LENGTH`.
///
/// # Safety
/// `k` must point to a writable `paycrypt_aes_gcm_key`; `key` to `key_len`
/// readable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_aes_gcm_key_init(
    k: *mut paycrypt_aes_gcm_key,
    key: *const u8,
    key_len: usize,
) -> paycrypt_status {
    boundary(|| {
        non_null(k)?;
        // SAFETY: the caller guarantees key_len readable bytes.
        let result = unsafe { input(key, key_len) }.and_then(|key| Ok(AesGcmKey::new(key)?));
        match result {
            // SAFETY: k is a writable context; the key slice is no longer used.
            Ok(value) => unsafe { ctx::store(k, value) },
            Err(e) => {
                // SAFETY: k is a writable context.
                unsafe { ctx::wipe(k) };
                Err(e)
            }
        }
    })
}

/// Encrypt and authenticate: `out` receives `ciphertext || tag`
/// (`pt_len + 16` bytes) and `*out_len` that length.
///
/// `nonce` is 12 bytes and must never repeat under one key. `aad` (may be
/// NULL when `aad_len` is 0) is authenticated, not encrypted. `out` may be
/// exactly `pt` (in place) or overlap it in any way (memmove semantics);
/// it must not overlap `aad` or `k` (`PAYCRYPT_ERR_OVERLAP`). When
/// `out_cap` is too small nothing is written but `*out_len` = the size
/// needed (so `out = NULL, out_cap = 0` asks for the size). The length
/// limits are checked on the lengths alone, before any byte is read.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_NULL_POINTER`,
/// `PAYCRYPT_ERR_UNINITIALIZED`, `PAYCRYPT_ERR_BUFFER_TOO_SMALL`,
/// `PAYCRYPT_ERR_INPUT_TOO_LONG` (plaintext over 2^36 - 32 bytes or AAD
/// over 2^61 - 1 bytes) or `PAYCRYPT_ERR_OVERLAP`.
///
/// # Safety
/// `k` must point to a `paycrypt_aes_gcm_key`; `nonce` to 12 readable bytes;
/// `aad` and `pt` to their lengths of readable bytes; `out` to `out_cap`
/// writable bytes; `out_len` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_aes_gcm_seal(
    k: *const paycrypt_aes_gcm_key,
    nonce: *const u8,
    aad: *const u8,
    aad_len: usize,
    pt: *const u8,
    pt_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> paycrypt_status {
    boundary(|| {
        non_null(k)?;
        non_null(out_len)?;
        // SAFETY: the caller guarantees 12 readable bytes.
        let nonce = unsafe { read_nonce(nonce)? };
        if pt_len > 0 {
            non_null(pt)?;
        }
        gcm_lengths(aad_len, pt_len)?;
        let needed = pt_len + GCM_TAG_LEN;
        // SAFETY: out_len is a writable size_t (checked non-NULL above).
        unsafe { need_capacity(out, out_cap, needed, out_len)? };
        disjoint(out, needed, aad, aad_len)?;
        disjoint_ctx(out, needed, k)?;
        // SAFETY: aad has aad_len readable bytes and does not overlap out.
        let aad = unsafe { input(aad, aad_len)? };
        let in_place = overlaps(out, needed, pt, pt_len);
        if in_place {
            // SAFETY: both ranges are valid per the caller; copy handles overlap.
            unsafe { core::ptr::copy(pt, out, pt_len) };
        }
        // SAFETY: out has `needed` writable bytes and no other live
        // reference covers them (aad is disjoint; pt is borrowed below only
        // when disjoint from out).
        let (ct, tag_out) = unsafe { output(out, needed)? }.split_at_mut(pt_len);
        let buf = if in_place {
            InOutBuf::from(ct)
        } else {
            // SAFETY: pt has pt_len readable bytes, disjoint from out.
            let pt = unsafe { input(pt, pt_len)? };
            InOutBuf::new(pt, ct).map_err(|_| S::PAYCRYPT_ERR_INTERNAL)?
        };
        // SAFETY: k points to a context. The lengths were checked above.
        let tag = unsafe { ctx::with(k, |key| Aligned(key.seal_inout(&nonce.0, aad, buf)))? };
        tag_out.copy_from_slice(&tag.0);
        // SAFETY: out_len is a writable size_t (checked not to be NULL).
        unsafe { write_len(out_len, needed) };
        Ok(())
    })
}

/// Authenticate and decrypt `in` (`ciphertext || tag`, `in_len >= 16`):
/// `out` receives the plaintext (`in_len - 16` bytes) and `*out_len` its
/// length, only if the tag is valid.
///
/// `out` may be exactly `in` (in place) or overlap it in any way; it must
/// not overlap `aad` or `k`. On `PAYCRYPT_ERR_VERIFY_FAILED` the `in_len - 16`
/// bytes at `out` are zeroed (no unauthenticated plaintext is released);
/// exactly in place (`out == in`), all `in_len` bytes are (up to `out_cap`).
/// `in_len < 16` is `PAYCRYPT_ERR_MALFORMED`. When `out_cap` is too small
/// nothing is written but `*out_len` = the size needed.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_VERIFY_FAILED`,
/// `PAYCRYPT_ERR_MALFORMED`, `PAYCRYPT_ERR_NULL_POINTER`,
/// `PAYCRYPT_ERR_UNINITIALIZED`, `PAYCRYPT_ERR_BUFFER_TOO_SMALL`,
/// `PAYCRYPT_ERR_INPUT_TOO_LONG` or `PAYCRYPT_ERR_OVERLAP`.
///
/// # Safety
/// As for `paycrypt_aes_gcm_seal`, with `in` valid for `in_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_aes_gcm_open(
    k: *const paycrypt_aes_gcm_key,
    nonce: *const u8,
    aad: *const u8,
    aad_len: usize,
    in_: *const u8,
    in_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> paycrypt_status {
    boundary(|| {
        non_null(k)?;
        non_null(out_len)?;
        // SAFETY: the caller guarantees 12 readable bytes.
        let nonce = unsafe { read_nonce(nonce)? };
        let pt_len = in_len
            .checked_sub(GCM_TAG_LEN)
            .ok_or(S::PAYCRYPT_ERR_MALFORMED)?;
        non_null(in_)?;
        gcm_lengths(aad_len, pt_len)?;
        // SAFETY: out_len is a writable size_t (checked non-NULL above).
        unsafe { need_capacity(out, out_cap, pt_len, out_len)? };
        disjoint(out, pt_len, aad, aad_len)?;
        disjoint_ctx(out, pt_len, k)?;
        // SAFETY: aad has aad_len readable bytes and does not overlap out.
        let aad = unsafe { input(aad, aad_len)? };
        // SAFETY: the tag is the 16 bytes after the ciphertext in `in`.
        let tag: [u8; GCM_TAG_LEN] = unsafe { read_array(in_.add(pt_len))? };
        let in_place = overlaps(out, pt_len, in_, pt_len);
        if in_place {
            // SAFETY: both ranges are valid; copy handles overlap; the tag
            // was copied out first.
            unsafe { core::ptr::copy(in_, out, pt_len) };
        }
        // SAFETY: out has pt_len writable bytes and no other live reference
        // covers them (aad is disjoint; `in` is borrowed below only when
        // disjoint from out).
        let pt = unsafe { output(out, pt_len)? };
        let buf = if in_place {
            InOutBuf::from(pt)
        } else {
            // SAFETY: `in` has pt_len readable bytes, disjoint from out.
            let ct = unsafe { input(in_, pt_len)? };
            InOutBuf::new(ct, pt).map_err(|_| S::PAYCRYPT_ERR_INTERNAL)?
        };
        // SAFETY: k points to a context. The lengths were checked above.
        let opened = unsafe { ctx::with(k, |key| key.open_inout(&nonce.0, aad, buf, &tag))? };
        if opened.is_err() {
            // Exactly in place, the caller's buffer is the whole input: zero
            // all of it (tag included), as for the detached open.
            let whole = if core::ptr::eq(out.cast_const(), in_) {
                in_len.min(out_cap)
            } else {
                pt_len
            };
            zero_out(out, whole);
        }
        opened?;
        // SAFETY: out_len is a writable size_t.
        unsafe { write_len(out_len, pt_len) };
        Ok(())
    })
}

/// Zero `len` bytes at `p` after a failed open (already zeroed by the core
/// on authentication failure; this also covers a key that turned out to be
/// uninitialised, which leaves `out` untouched anyway).
fn zero_out(p: *mut u8, len: usize) {
    // SAFETY: called only with the `out` range the caller guaranteed
    // writable, after every reference to it has ended.
    if let Ok(buf) = unsafe { output(p, len) } {
        crate::wipe(buf);
    }
}

/// Encrypt `len` bytes of `buf` in place and write the 16-byte tag to
/// `tag_out`.
///
/// `buf` may be NULL when `len` is 0. `aad` and `k` must not overlap `buf`
/// (`PAYCRYPT_ERR_OVERLAP`); `tag_out` is written last. `len` over
/// 2^36 - 32 or `aad_len` over 2^61 - 1 is `PAYCRYPT_ERR_INPUT_TOO_LONG`.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_NULL_POINTER`,
/// `PAYCRYPT_ERR_UNINITIALIZED`, `PAYCRYPT_ERR_INPUT_TOO_LONG` or
/// `PAYCRYPT_ERR_OVERLAP`.
///
/// # Safety
/// `k` must point to a `paycrypt_aes_gcm_key`; `nonce` to 12 readable bytes;
/// `aad` to `aad_len` readable bytes; `buf` to `len` writable bytes;
/// `tag_out` to 16 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_aes_gcm_seal_detached(
    k: *const paycrypt_aes_gcm_key,
    nonce: *const u8,
    aad: *const u8,
    aad_len: usize,
    buf: *mut u8,
    len: usize,
    tag_out: *mut u8,
) -> paycrypt_status {
    boundary(|| {
        non_null(k)?;
        non_null(tag_out)?;
        // SAFETY: the caller guarantees 12 readable bytes.
        let nonce = unsafe { read_nonce(nonce)? };
        gcm_lengths(aad_len, len)?;
        disjoint(buf, len, aad, aad_len)?;
        disjoint_ctx(buf, len, k)?;
        // SAFETY: disjoint valid ranges per the caller.
        let (aad, data) = unsafe { (input(aad, aad_len)?, output(buf, len)?) };
        // SAFETY: k points to a context.
        let tag = unsafe {
            ctx::with(k, |key| {
                key.seal_in_place_detached(&nonce.0, aad, data).map(Aligned)
            })?
        }?;
        // SAFETY: tag_out has 16 writable bytes; buf is no longer borrowed.
        unsafe { write_bytes(tag_out, &tag.0) };
        Ok(())
    })
}

/// Authenticate and decrypt `len` bytes of `buf` in place with the 16-byte
/// `tag`. On `PAYCRYPT_ERR_VERIFY_FAILED` all `len` bytes of `buf` are
/// zeroed.
///
/// `aad` and `k` must not overlap `buf`; `tag` may (it is copied first).
/// Length limits as for `paycrypt_aes_gcm_seal_detached`.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_VERIFY_FAILED`,
/// `PAYCRYPT_ERR_NULL_POINTER`, `PAYCRYPT_ERR_UNINITIALIZED`,
/// `PAYCRYPT_ERR_INPUT_TOO_LONG` or `PAYCRYPT_ERR_OVERLAP`.
///
/// # Safety
/// As for `paycrypt_aes_gcm_seal_detached`, with `tag` 16 readable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_aes_gcm_open_detached(
    k: *const paycrypt_aes_gcm_key,
    nonce: *const u8,
    aad: *const u8,
    aad_len: usize,
    buf: *mut u8,
    len: usize,
    tag: *const u8,
) -> paycrypt_status {
    boundary(|| {
        non_null(k)?;
        // SAFETY: the caller guarantees 12 and 16 readable bytes.
        let (nonce, tag): (Aligned<[u8; NONCE_LEN]>, [u8; GCM_TAG_LEN]) =
            unsafe { (read_nonce(nonce)?, read_array(tag)?) };
        gcm_lengths(aad_len, len)?;
        disjoint(buf, len, aad, aad_len)?;
        disjoint_ctx(buf, len, k)?;
        // SAFETY: disjoint valid ranges per the caller.
        let (aad, data) = unsafe { (input(aad, aad_len)?, output(buf, len)?) };
        // SAFETY: k points to a context.
        Ok(unsafe {
            ctx::with(k, |key| {
                key.open_in_place_detached(&nonce.0, aad, data, &tag)
            })?
        }?)
    })
}

/// Erase `k`; it then reports `PAYCRYPT_ERR_UNINITIALIZED`. NULL is a no-op.
///
/// # Safety
/// A non-NULL `k` must point to a writable `paycrypt_aes_gcm_key` not in
/// use by another thread.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_aes_gcm_key_wipe(k: *mut paycrypt_aes_gcm_key) {
    // SAFETY: forwarded caller guarantee.
    boundary_void(|| unsafe { ctx::wipe(k) })
}

// ---------------------------------------------------------------------------
// HKDF, comparison, wiping, randomness

/// HKDF-SHA256 (RFC 5869): derive `okm_len` bytes into `okm` from `ikm`,
/// `salt` (empty = 32 zero bytes) and `info`.
///
/// Any input may be NULL when its length is 0. `okm` must not overlap the
/// inputs (`PAYCRYPT_ERR_OVERLAP`).
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_NULL_POINTER`,
/// `PAYCRYPT_ERR_INPUT_TOO_LONG` (`okm_len` > 8160) or `PAYCRYPT_ERR_OVERLAP`.
///
/// # Safety
/// Each pointer must be valid for its length (`okm` writable).
#[no_mangle]
pub unsafe extern "C" fn paycrypt_hkdf_sha256(
    salt: *const u8,
    salt_len: usize,
    ikm: *const u8,
    ikm_len: usize,
    info: *const u8,
    info_len: usize,
    okm: *mut u8,
    okm_len: usize,
) -> paycrypt_status {
    boundary(|| {
        if okm_len > crate::hkdf::MAX_OUTPUT_LEN {
            return Err(S::PAYCRYPT_ERR_INPUT_TOO_LONG);
        }
        disjoint(okm, okm_len, salt, salt_len)?;
        disjoint(okm, okm_len, ikm, ikm_len)?;
        disjoint(okm, okm_len, info, info_len)?;
        // SAFETY: valid ranges per the caller; okm is disjoint from the inputs.
        let (salt, ikm, info, okm) = unsafe {
            (
                input(salt, salt_len)?,
                input(ikm, ikm_len)?,
                input(info, info_len)?,
                output(okm, okm_len)?,
            )
        };
        Ok(crate::hkdf_sha256(salt, ikm, info, okm)?)
    })
}

/// Compare `len` bytes at `a` and `b` in time that depends on `len` only.
///
/// @return `PAYCRYPT_OK` if equal, `PAYCRYPT_ERR_VERIFY_FAILED` if not,
/// `PAYCRYPT_ERR_NULL_POINTER` for a NULL pointer with `len > 0`.
///
/// # Safety
/// `a` and `b` must point to `len` readable bytes each.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_ct_equal(
    a: *const u8,
    b: *const u8,
    len: usize,
) -> paycrypt_status {
    boundary(|| {
        // SAFETY: the caller guarantees len readable bytes at each.
        let (a, b) = unsafe { (input(a, len)?, input(b, len)?) };
        if crate::ct_equal(a, b) {
            Ok(())
        } else {
            Err(S::PAYCRYPT_ERR_VERIFY_FAILED)
        }
    })
}

/// Overwrite `len` bytes at `buf` with zeros; the compiler will not remove
/// the writes. NULL (or `len` 0) is a no-op.
///
/// # Safety
/// A non-NULL `buf` must point to `len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_wipe(buf: *mut c_void, len: usize) {
    boundary_void(|| {
        // SAFETY: the caller guarantees len writable bytes.
        if let Ok(b) = unsafe { output(buf.cast(), len) } {
            crate::wipe(b);
        }
    })
}

/// Fill `len` bytes at `buf` from the operating system's random number
/// generator.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_NULL_POINTER`, or
/// `PAYCRYPT_ERR_UNSUPPORTED` in builds without an OS RNG (no_std) or when
/// the OS refuses.
///
/// # Safety
/// `buf` must point to `len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_random_bytes(buf: *mut u8, len: usize) -> paycrypt_status {
    boundary(|| {
        // SAFETY: the caller guarantees len writable bytes.
        let b = unsafe { output(buf, len)? };
        Ok(crate::random_bytes(b)?)
    })
}
