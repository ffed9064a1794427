//! C ABI of the payment protocols: Stripe-style and GitHub webhooks, Adyen
//! HMAC signatures, WeChat Pay v2 signing and v3 decryption, sealed
//! envelopes.

use core::ffi::c_char;

use super::ctx;
use super::primitives::{paycrypt_aes_gcm_key, paycrypt_hmac_key, paycrypt_slice};
use super::ptr::{
    disjoint, disjoint_ctx, gcm_lengths, input, need_capacity, non_null, output, read_array,
    write_bytes, write_len,
};
use super::{boundary, paycrypt_status, paycrypt_status as S, FfiResult};
use crate::wechatpay::Params;
use crate::Error;

/// A borrowed key/value pair of strings (not NUL-terminated), e.g. one
/// WeChat Pay parameter. A pointer may be NULL when its length is 0.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct paycrypt_kv {
    /// Key bytes.
    pub key: *const c_char,
    /// Key length in bytes.
    pub key_len: usize,
    /// Value bytes.
    pub value: *const c_char,
    /// Value length in bytes.
    pub value_len: usize,
}

/// Write a text result plus NUL to `(out, out_cap, out_len)`: on success
/// `*out_len` excludes the NUL; when it does not fit, `*out_len` is the
/// capacity needed including the NUL and nothing is written.
///
/// # Safety
/// `out` must be valid for `out_cap` writable bytes, `out_len` a writable
/// `size_t` (both checked non-NULL here).
unsafe fn write_text(
    text: &[u8],
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> FfiResult {
    non_null(out_len)?;
    if out_cap < text.len() + 1 {
        // SAFETY: out_len is a writable size_t.
        unsafe { write_len(out_len, text.len() + 1) };
        return Err(S::PAYCRYPT_ERR_BUFFER_TOO_SMALL);
    }
    non_null(out)?;
    // SAFETY: out has at least text.len() + 1 writable bytes; `text` is a
    // local copy, so the write may overlap anything the caller passed in.
    unsafe {
        write_bytes(out.cast(), text);
        write_bytes(out.cast::<u8>().add(text.len()), &[0]);
        write_len(out_len, text.len());
    }
    Ok(())
}

/// The eight Adyen fields from a C array.
///
/// # Safety
/// A non-NULL `fields` must point to 8 readable `paycrypt_slice`s, each
/// valid for its length.
unsafe fn adyen_fields<'a>(fields: *const paycrypt_slice) -> Result<crate::AdyenFields<'a>, S> {
    non_null(fields)?;
    let mut out: crate::AdyenFields<'a> = [&[]; 8];
    for (i, f) in out.iter_mut().enumerate() {
        // SAFETY: fields has 8 readable descriptors; i < 8.
        let d = unsafe { core::ptr::read_unaligned(fields.add(i)) };
        // SAFETY: the caller guarantees each descriptor's bytes.
        *f = unsafe { input(d.ptr, d.len)? };
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Signed webhooks

/// Sign a webhook, Stripe-compatible: writes the header
/// `t=<timestamp>,v1=<64 lowercase hex>` (HMAC-SHA256 under `k` of the
/// ASCII decimal timestamp, `.`, and the raw payload) and a NUL to
/// `header_out`.
///
/// On success `*out_len` is the header length without the NUL; on
/// `PAYCRYPT_ERR_BUFFER_TOO_SMALL` it is the capacity needed including the
/// NUL (at most 91 bytes for any timestamp) and nothing is written. The
/// key for a Stripe endpoint secret is the secret string's bytes, `whsec_`
/// prefix included.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_NULL_POINTER`,
/// `PAYCRYPT_ERR_UNINITIALIZED` or `PAYCRYPT_ERR_BUFFER_TOO_SMALL`.
///
/// # Safety
/// `k` must point to a `paycrypt_hmac_key`; `payload` to `payload_len`
/// readable bytes; `header_out` to `out_cap` writable bytes; `out_len` to a
/// writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_webhook_sign(
    k: *const paycrypt_hmac_key,
    timestamp: i64,
    payload: *const u8,
    payload_len: usize,
    header_out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> paycrypt_status {
    boundary(|| {
        // SAFETY: the caller guarantees payload_len readable bytes.
        let payload = unsafe { input(payload, payload_len)? };
        let mut header = [0u8; crate::WEBHOOK_HEADER_MAX_LEN];
        // SAFETY: k points to a context.
        let n = unsafe {
            ctx::with(k, |key| {
                crate::webhook_sign(key, timestamp, payload, &mut header)
            })?
        }?;
        // SAFETY: forwarded caller guarantees on the output.
        unsafe { write_text(&header[..n], header_out, out_cap, out_len) }
    })
}

/// Verify a Stripe-style webhook signature header over the raw payload.
///
/// The header's comma-separated elements may come in any order; exactly
/// one `t=<decimal>` is required (repeated or unparsable:
/// `PAYCRYPT_ERR_MALFORMED`); every `v1=` value of 64 hex digits (either
/// case) is a candidate, others and unknown schemes (`v0=`) are ignored;
/// an element without `=`, or no well-formed `v1`, is
/// `PAYCRYPT_ERR_MALFORMED`. Succeeds if any candidate matches (each is
/// compared in constant time), and then only if `tolerance_s` is 0 (no
/// time check) or `|now - t| <= tolerance_s`. `now` is the caller's clock
/// in Unix seconds, so devices without a clock and tests stay
/// deterministic. `header` need not be NUL-terminated.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_VERIFY_FAILED`,
/// `PAYCRYPT_ERR_EXPIRED` (signature valid, timestamp outside tolerance),
/// `PAYCRYPT_ERR_MALFORMED`, `PAYCRYPT_ERR_NULL_POINTER` or
/// `PAYCRYPT_ERR_UNINITIALIZED`.
///
/// # Safety
/// `k` must point to a `paycrypt_hmac_key`; `header` and `payload` to their
/// lengths of readable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_webhook_verify(
    k: *const paycrypt_hmac_key,
    header: *const c_char,
    header_len: usize,
    payload: *const u8,
    payload_len: usize,
    now: i64,
    tolerance_s: u32,
) -> paycrypt_status {
    boundary(|| {
        // SAFETY: the caller guarantees the lengths.
        let (header, payload) = unsafe {
            (
                input(header.cast(), header_len)?,
                input(payload, payload_len)?,
            )
        };
        // SAFETY: k points to a context.
        Ok(unsafe {
            ctx::with(k, |key| {
                crate::webhook_verify(key, header, payload, now, tolerance_s)
            })?
        }?)
    })
}

/// Verify a GitHub-style `X-Hub-Signature-256` header value,
/// `sha256=<64 hex digits>`, over the raw payload, in constant time.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_VERIFY_FAILED`,
/// `PAYCRYPT_ERR_MALFORMED` (any other shape), `PAYCRYPT_ERR_NULL_POINTER`
/// or `PAYCRYPT_ERR_UNINITIALIZED`.
///
/// # Safety
/// `k` must point to a `paycrypt_hmac_key`; `header` and `payload` to their
/// lengths of readable bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_github_verify(
    k: *const paycrypt_hmac_key,
    header: *const c_char,
    header_len: usize,
    payload: *const u8,
    payload_len: usize,
) -> paycrypt_status {
    boundary(|| {
        // SAFETY: the caller guarantees the lengths.
        let (header, payload) = unsafe {
            (
                input(header.cast(), header_len)?,
                input(payload, payload_len)?,
            )
        };
        // SAFETY: k points to a context.
        Ok(unsafe { ctx::with(k, |key| crate::github_verify(key, header, payload))? }?)
    })
}

// ---------------------------------------------------------------------------
// Adyen

/// Sign an Adyen notification item: the eight `fields` (`pspReference`,
/// `originalReference`, `merchantAccountCode`, `merchantReference`,
/// `value`, `currency`, `eventCode`, `success`; a missing one is empty)
/// joined with `:`, HMAC-SHA256 under the hex key `key_hex` (as Adyen
/// shows it; either case), standard base64. Writes the 44-character
/// signature and a NUL to `out`.
///
/// On success `*out_len` is 44; on `PAYCRYPT_ERR_BUFFER_TOO_SMALL` it is 45
/// (NUL included) and nothing is written.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_KEY_LENGTH` (empty or over 128 hex
/// digits), `PAYCRYPT_ERR_MALFORMED` (odd length or non-hex key),
/// `PAYCRYPT_ERR_NULL_POINTER` or `PAYCRYPT_ERR_BUFFER_TOO_SMALL`.
///
/// # Safety
/// `key_hex` must point to `key_hex_len` readable bytes; `fields` to 8
/// `paycrypt_slice`s; `out` to `out_cap` writable bytes; `out_len` to a
/// writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_adyen_sign(
    key_hex: *const c_char,
    key_hex_len: usize,
    fields: *const paycrypt_slice,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> paycrypt_status {
    boundary(|| {
        // SAFETY: the caller guarantees the lengths and 8 descriptors.
        let (key_hex, fields) =
            unsafe { (input(key_hex.cast(), key_hex_len)?, adyen_fields(fields)?) };
        let mut sig = [0u8; crate::ADYEN_SIGNATURE_LEN];
        let n = crate::adyen_sign(key_hex, &fields, &mut sig)?;
        // SAFETY: forwarded caller guarantees on the output.
        unsafe { write_text(&sig[..n], out, out_cap, out_len) }
    })
}

/// Verify an Adyen notification item's base64 signature
/// (`additionalData.hmacSignature`) over its eight `fields` (see
/// `paycrypt_adyen_sign`), in constant time. A signature that is not
/// standard base64 of 32 bytes is `PAYCRYPT_ERR_MALFORMED`.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_VERIFY_FAILED`,
/// `PAYCRYPT_ERR_MALFORMED`, `PAYCRYPT_ERR_KEY_LENGTH` or
/// `PAYCRYPT_ERR_NULL_POINTER`.
///
/// # Safety
/// Pointers must be valid for their lengths; `fields` for 8 slices.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_adyen_verify(
    key_hex: *const c_char,
    key_hex_len: usize,
    fields: *const paycrypt_slice,
    sig_b64: *const c_char,
    sig_len: usize,
) -> paycrypt_status {
    boundary(|| {
        // SAFETY: the caller guarantees the lengths and 8 descriptors.
        let (key_hex, fields, sig) = unsafe {
            (
                input(key_hex.cast(), key_hex_len)?,
                adyen_fields(fields)?,
                input(sig_b64.cast(), sig_len)?,
            )
        };
        Ok(crate::adyen_verify(key_hex, &fields, sig)?)
    })
}

/// Verify an Adyen payload-signed webhook: `sig_b64` (the `HmacSignature`
/// header) is standard base64 of HMAC-SHA256 under the hex key over the
/// raw payload. Constant time in the signature.
///
/// @return as `paycrypt_adyen_verify`.
///
/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_adyen_payload_verify(
    key_hex: *const c_char,
    key_hex_len: usize,
    payload: *const u8,
    payload_len: usize,
    sig_b64: *const c_char,
    sig_len: usize,
) -> paycrypt_status {
    boundary(|| {
        // SAFETY: the caller guarantees the lengths.
        let (key_hex, payload, sig) = unsafe {
            (
                input(key_hex.cast(), key_hex_len)?,
                input(payload, payload_len)?,
                input(sig_b64.cast(), sig_len)?,
            )
        };
        Ok(crate::adyen_payload_verify(key_hex, payload, sig)?)
    })
}

// ---------------------------------------------------------------------------
// WeChat Pay

/// Parameters from a C array of `paycrypt_kv`, NULL-checked up front.
struct KvArray<'a> {
    kvs: *const paycrypt_kv,
    count: usize,
    _life: core::marker::PhantomData<&'a [u8]>,
}

impl<'a> KvArray<'a> {
    /// # Safety
    /// `kvs` must point to `count` readable `paycrypt_kv`, each valid for
    /// its lengths, unchanged for `'a`.
    unsafe fn new(kvs: *const paycrypt_kv, count: usize) -> Result<Self, S> {
        // A count over the limit is refused before any entry is read (the
        // core checks it too, but only after this loop has walked the
        // array, which a count near SIZE_MAX would run off).
        if count > crate::wechatpay::WECHATPAY_V2_MAX_PARAMS {
            return Err(S::PAYCRYPT_ERR_INPUT_TOO_LONG);
        }
        if count > 0 {
            non_null(kvs)?;
        }
        let arr = KvArray {
            kvs,
            count,
            _life: core::marker::PhantomData,
        };
        for i in 0..count {
            // SAFETY: i < count.
            let kv = unsafe { arr.raw(i) };
            if (kv.key.is_null() && kv.key_len > 0) || (kv.value.is_null() && kv.value_len > 0) {
                return Err(S::PAYCRYPT_ERR_NULL_POINTER);
            }
            if kv.key_len > isize::MAX as usize || kv.value_len > isize::MAX as usize {
                return Err(S::PAYCRYPT_ERR_INPUT_TOO_LONG);
            }
        }
        Ok(arr)
    }

    /// # Safety
    /// `i < self.count`.
    unsafe fn raw(&self, i: usize) -> paycrypt_kv {
        // SAFETY: kvs has `count` readable entries and i < count.
        unsafe { core::ptr::read_unaligned(self.kvs.add(i)) }
    }
}

impl<'a> Params<'a> for KvArray<'a> {
    fn count(&self) -> usize {
        self.count
    }
    fn get(&self, i: usize) -> Result<(&'a [u8], &'a [u8]), Error> {
        if i >= self.count {
            return Err(Error::Malformed);
        }
        // SAFETY: i < count; pointers were NULL-checked in `new` and are
        // valid for their lengths per its contract.
        unsafe {
            let kv = self.raw(i);
            match (
                input(kv.key.cast(), kv.key_len),
                input(kv.value.cast(), kv.value_len),
            ) {
                (Ok(k), Ok(v)) => Ok((k, v)),
                _ => Err(Error::Malformed),
            }
        }
    }
}

/// Sign WeChat Pay API v2 parameters (`sign_type=HMAC-SHA256`): sorted by
/// key (byte order), those with an empty value and the key `sign` dropped,
/// joined as `k=v` with `&`, then `key=<api key>` appended (after `&`
/// unless nothing precedes it); HMAC-SHA256 under the API key. Writes 64
/// uppercase hex digits and a NUL to `out` (65 bytes).
///
/// Sorting allocates nothing (quadratic in `count`, at most 1024).
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_MALFORMED` (duplicate key, empty
/// key, or a key containing `=` or `&`), `PAYCRYPT_ERR_KEY_LENGTH` (empty
/// API key), `PAYCRYPT_ERR_INPUT_TOO_LONG` (over 1024 parameters) or
/// `PAYCRYPT_ERR_NULL_POINTER`.
///
/// # Safety
/// `api_key` must point to `api_key_len` readable bytes; `params` to
/// `count` `paycrypt_kv`s each valid for its lengths; `out` to 65 writable
/// bytes.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_wechatpay_v2_sign(
    api_key: *const u8,
    api_key_len: usize,
    params: *const paycrypt_kv,
    count: usize,
    out: *mut c_char,
) -> paycrypt_status {
    boundary(|| {
        non_null(out)?;
        // SAFETY: the caller guarantees the lengths and entries.
        let (api_key, params) =
            unsafe { (input(api_key, api_key_len)?, KvArray::new(params, count)?) };
        let sign = crate::wechatpay::v2_sign(api_key, &params)?;
        let mut text = [0u8; 65];
        text[..64].copy_from_slice(&sign);
        // SAFETY: out has 65 writable bytes; inputs are no longer used.
        unsafe { write_bytes(out.cast(), &text) };
        Ok(())
    })
}

/// Verify a WeChat Pay API v2 HMAC-SHA256 signature `sign` (64 hex digits,
/// either case) over `params` (a `sign` entry among them is ignored), in
/// constant time.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_VERIFY_FAILED`,
/// `PAYCRYPT_ERR_MALFORMED` (signature not 64 hex digits, or bad
/// parameters as for signing), `PAYCRYPT_ERR_KEY_LENGTH`,
/// `PAYCRYPT_ERR_INPUT_TOO_LONG` or `PAYCRYPT_ERR_NULL_POINTER`.
///
/// # Safety
/// As for `paycrypt_wechatpay_v2_sign`, with `sign` valid for `sign_len`.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_wechatpay_v2_verify(
    api_key: *const u8,
    api_key_len: usize,
    params: *const paycrypt_kv,
    count: usize,
    sign: *const c_char,
    sign_len: usize,
) -> paycrypt_status {
    boundary(|| {
        // SAFETY: the caller guarantees the lengths and entries.
        let (api_key, params, sign) = unsafe {
            (
                input(api_key, api_key_len)?,
                KvArray::new(params, count)?,
                input(sign.cast(), sign_len)?,
            )
        };
        Ok(crate::wechatpay::v2_verify(api_key, &params, sign)?)
    })
}

/// Decrypt a WeChat Pay API v3 notification resource
/// (`AEAD_AES_256_GCM`): key = the 32-byte APIv3 key; nonce = the
/// resource's `nonce` string (exactly 12 bytes, else
/// `PAYCRYPT_ERR_NONCE_LENGTH`); AAD = its `associated_data` string (may be
/// empty); `ciphertext_b64` = standard base64 with padding of ciphertext ||
/// tag (anything else, including whitespace, is `PAYCRYPT_ERR_MALFORMED`).
///
/// `out` receives the plaintext (the notification JSON) and `*out_len` its
/// length only if the tag is valid; on any failure after decoding began
/// the plaintext-sized part of `out` is zeroed. When `out_cap` is too
/// small `*out_len` = the size needed. `out` (all `out_cap` bytes) must not
/// overlap the key, and its plaintext-sized part must not overlap the
/// other inputs (`PAYCRYPT_ERR_OVERLAP`).
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_VERIFY_FAILED`,
/// `PAYCRYPT_ERR_MALFORMED`, `PAYCRYPT_ERR_NONCE_LENGTH`,
/// `PAYCRYPT_ERR_BUFFER_TOO_SMALL`, `PAYCRYPT_ERR_OVERLAP` or
/// `PAYCRYPT_ERR_NULL_POINTER`.
///
/// # Safety
/// `apiv3_key` must point to 32 readable bytes; the strings to their
/// lengths of readable bytes; `out` to `out_cap` writable bytes; `out_len`
/// to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_wechatpay_v3_decrypt(
    apiv3_key: *const u8,
    nonce: *const c_char,
    nonce_len: usize,
    associated_data: *const c_char,
    ad_len: usize,
    ciphertext_b64: *const c_char,
    b64_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> paycrypt_status {
    boundary(|| {
        non_null(out_len)?;
        gcm_lengths(ad_len, 0)?;
        // SAFETY: the caller guarantees 32 readable bytes.
        let mut key: [u8; 32] = unsafe { read_array(apiv3_key)? };
        // SAFETY: the caller guarantees the lengths.
        let (nonce, ad, b64) = unsafe {
            (
                input(nonce.cast(), nonce_len)?,
                input(associated_data.cast(), ad_len)?,
                input(ciphertext_b64.cast(), b64_len)?,
            )
        };
        // The whole capacity must not cover the key (documented); a cap
        // beyond isize::MAX is taken as isize::MAX (no buffer is larger).
        let cap = out_cap.min(isize::MAX as usize);
        let result = disjoint(out, cap, apiv3_key, key.len())
            .and_then(|()| v3_decrypt(&key, nonce, ad, b64, out, out_cap, out_len));
        crate::wipe(&mut key);
        result
    })
}

fn v3_decrypt(
    key: &[u8; 32],
    nonce: &[u8],
    ad: &[u8],
    b64: &[u8],
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> FfiResult {
    if nonce.len() != crate::AES_GCM_NONCE_LEN {
        return Err(S::PAYCRYPT_ERR_NONCE_LENGTH);
    }
    let pt_len = crate::wechatpay_v3_plaintext_len(b64)?;
    // SAFETY: out_len is a writable size_t (checked non-NULL above).
    unsafe { need_capacity(out, out_cap, pt_len, out_len)? };
    for (p, n) in [
        (nonce.as_ptr(), nonce.len()),
        (ad.as_ptr(), ad.len()),
        (b64.as_ptr(), b64.len()),
    ] {
        disjoint(out, pt_len, p, n)?;
    }
    // SAFETY: out has pt_len writable bytes, disjoint from every input.
    let buf = unsafe { output(out, pt_len)? };
    let n = crate::wechatpay_v3_decrypt(key, nonce, ad, b64, buf)?;
    // SAFETY: out_len is a writable size_t.
    unsafe { write_len(out_len, n) };
    Ok(())
}

// ---------------------------------------------------------------------------
// Sealed envelopes

/// Seal `pt` into an envelope `0x01 || key_id (u32 big-endian) || nonce
/// (12) || ciphertext || tag (16)` (`pt_len + 33` bytes) under `k`. The GCM
/// AAD is the 17-byte header followed by `aad`, so the key id and nonce are
/// authenticated.
///
/// `nonce` is optional: NULL draws a fresh one from the OS RNG
/// (`PAYCRYPT_ERR_UNSUPPORTED` in builds without one); a caller-supplied
/// nonce must never repeat under one key. `out` must not overlap `aad`,
/// `pt` or `k` (`PAYCRYPT_ERR_OVERLAP`). When `out_cap` is too small nothing is
/// written but `*out_len` = the size needed.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_NULL_POINTER`,
/// `PAYCRYPT_ERR_UNINITIALIZED`, `PAYCRYPT_ERR_BUFFER_TOO_SMALL`,
/// `PAYCRYPT_ERR_INPUT_TOO_LONG`, `PAYCRYPT_ERR_OVERLAP` or
/// `PAYCRYPT_ERR_UNSUPPORTED`.
///
/// # Safety
/// `k` must point to a `paycrypt_aes_gcm_key`; a non-NULL `nonce` to 12
/// readable bytes; `aad`, `pt` to their lengths of readable bytes; `out` to
/// `out_cap` writable bytes; `out_len` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_envelope_seal(
    k: *const paycrypt_aes_gcm_key,
    key_id: u32,
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
        if pt_len > 0 {
            non_null(pt)?;
        }
        gcm_lengths(aad_len, pt_len)?;
        let needed = pt_len + crate::ENVELOPE_OVERHEAD;
        // SAFETY: out_len is a writable size_t (checked non-NULL above).
        unsafe { need_capacity(out, out_cap, needed, out_len)? };
        disjoint(out, needed, aad, aad_len)?;
        disjoint(out, needed, pt, pt_len)?;
        disjoint_ctx(out, needed, k)?;
        let mut n12 = [0u8; 12];
        if nonce.is_null() {
            crate::random_bytes(&mut n12)?;
        } else {
            // SAFETY: a non-NULL nonce has 12 readable bytes.
            n12 = unsafe { read_array(nonce)? };
        }
        // SAFETY: valid ranges per the caller; out is disjoint from the inputs.
        let (aad, pt, buf) = unsafe {
            (
                input(aad, aad_len)?,
                input(pt, pt_len)?,
                output(out, needed)?,
            )
        };
        // SAFETY: k points to a context.
        let n = unsafe {
            ctx::with(k, |key| {
                crate::envelope_seal(key, key_id, &n12, aad, pt, buf)
            })?
        }?;
        // SAFETY: out_len is a writable size_t.
        unsafe { write_len(out_len, n) };
        Ok(())
    })
}

/// Read the key id of an envelope into `*key_id`, to pick the key during
/// rotation. The id is not authenticated until the envelope is opened.
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_MALFORMED` (unknown version byte or
/// fewer than 33 bytes) or `PAYCRYPT_ERR_NULL_POINTER`.
///
/// # Safety
/// `env` must point to `env_len` readable bytes; `key_id` to a writable
/// `uint32_t`.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_envelope_key_id(
    env: *const u8,
    env_len: usize,
    key_id: *mut u32,
) -> paycrypt_status {
    boundary(|| {
        non_null(key_id)?;
        // SAFETY: the caller guarantees env_len readable bytes.
        let id = crate::envelope_key_id(unsafe { input(env, env_len)? })?;
        // SAFETY: key_id is a writable uint32_t; unaligned write is defined.
        unsafe { core::ptr::write_unaligned(key_id, id) };
        Ok(())
    })
}

/// Open an envelope made by `paycrypt_envelope_seal` with the same key and
/// `aad`: `out` receives the plaintext (`env_len - 33` bytes) and
/// `*out_len` its length only if it authenticates; on
/// `PAYCRYPT_ERR_VERIFY_FAILED` (wrong key, AAD, or any changed byte,
/// including the key id) the plaintext-sized part of `out` is zeroed.
/// `out` must not overlap `aad`, `env` or `k` (`PAYCRYPT_ERR_OVERLAP`).
///
/// @return `PAYCRYPT_OK`, `PAYCRYPT_ERR_VERIFY_FAILED`,
/// `PAYCRYPT_ERR_MALFORMED` (unknown version or fewer than 33 bytes),
/// `PAYCRYPT_ERR_BUFFER_TOO_SMALL`, `PAYCRYPT_ERR_OVERLAP`,
/// `PAYCRYPT_ERR_NULL_POINTER` or `PAYCRYPT_ERR_UNINITIALIZED`.
///
/// # Safety
/// `k` must point to a `paycrypt_aes_gcm_key`; `aad` and `env` to their
/// lengths of readable bytes; `out` to `out_cap` writable bytes; `out_len`
/// to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn paycrypt_envelope_open(
    k: *const paycrypt_aes_gcm_key,
    aad: *const u8,
    aad_len: usize,
    env: *const u8,
    env_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> paycrypt_status {
    boundary(|| {
        non_null(k)?;
        non_null(out_len)?;
        gcm_lengths(aad_len, 0)?;
        // SAFETY: the caller guarantees env_len readable bytes.
        let pt_len = crate::envelope_plaintext_len(unsafe { input(env, env_len)? })?;
        // SAFETY: out_len is a writable size_t (checked non-NULL above).
        unsafe { need_capacity(out, out_cap, pt_len, out_len)? };
        disjoint(out, pt_len, aad, aad_len)?;
        disjoint(out, pt_len, env, env_len)?;
        disjoint_ctx(out, pt_len, k)?;
        // SAFETY: valid ranges per the caller; out is disjoint from the inputs.
        let (aad, env, buf) = unsafe {
            (
                input(aad, aad_len)?,
                input(env, env_len)?,
                output(out, pt_len)?,
            )
        };
        // SAFETY: k points to a context.
        let n = unsafe { ctx::with(k, |key| crate::envelope_open(key, aad, env, buf))? }?;
        // SAFETY: out_len is a writable size_t.
        unsafe { write_len(out_len, n) };
        Ok(())
    })
}
