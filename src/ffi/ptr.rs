//! Turning C pointers and lengths into Rust slices, with the ABI's rules:
//! NULL is allowed only with length 0, lengths must fit `isize`, and an
//! output may not overlap an input unless the function says so.

use core::slice;

use super::ctx::Aligned;
use super::paycrypt_status as S;
use crate::aes_gcm::NONCE_LEN;

/// A shared slice over `len` bytes at `p`; the empty slice when `len == 0`
/// (whatever `p` is).
///
/// # Safety
/// When `len > 0` and `p` is not NULL, `p` must point to `len` readable
/// bytes that are not written through any other pointer while the slice
/// lives.
#[inline]
pub(crate) unsafe fn input<'a>(p: *const u8, len: usize) -> Result<&'a [u8], S> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(S::PAYCRYPT_ERR_NULL_POINTER);
    }
    if len > isize::MAX as usize {
        return Err(S::PAYCRYPT_ERR_INPUT_TOO_LONG);
    }
    // SAFETY: non-NULL, len fits isize, and the caller guarantees `len`
    // readable bytes not mutated while the slice lives.
    Ok(unsafe { slice::from_raw_parts(p, len) })
}

/// A mutable slice over `len` bytes at `p` (see [`input`]).
///
/// # Safety
/// When `len > 0` and `p` is not NULL, `p` must point to `len` writable
/// bytes that no other live reference covers.
#[inline]
pub(crate) unsafe fn output<'a>(p: *mut u8, len: usize) -> Result<&'a mut [u8], S> {
    if len == 0 {
        return Ok(&mut []);
    }
    if p.is_null() {
        return Err(S::PAYCRYPT_ERR_NULL_POINTER);
    }
    if len > isize::MAX as usize {
        return Err(S::PAYCRYPT_ERR_INPUT_TOO_LONG);
    }
    // SAFETY: non-NULL, len fits isize, and the caller guarantees `len`
    // writable bytes with no other live reference.
    Ok(unsafe { slice::from_raw_parts_mut(p, len) })
}

/// `Err(NULL_POINTER)` if `p` is NULL.
#[inline]
pub(crate) fn non_null<T>(p: *const T) -> Result<(), S> {
    if p.is_null() {
        Err(S::PAYCRYPT_ERR_NULL_POINTER)
    } else {
        Ok(())
    }
}

/// Copy `N` bytes from `p` (a fixed-size input such as a nonce or tag).
///
/// # Safety
/// A non-NULL `p` must point to `N` readable bytes.
#[inline]
pub(crate) unsafe fn read_array<const N: usize>(p: *const u8) -> Result<[u8; N], S> {
    non_null(p)?;
    // SAFETY: non-NULL and the caller guarantees N readable bytes; an array
    // of u8 has alignment 1, and the read copies, so no reference outlives
    // this call.
    Ok(unsafe { core::ptr::read_unaligned(p.cast::<[u8; N]>()) })
}

/// Copy the AES-GCM nonce at `p` into a 16-byte-aligned local as one
/// 8-byte and one 4-byte store. [`read_array`] into a plain `[u8; 12]`
/// local lands at any offset and is copied in odd pieces (1, 2, 4, 4 and 1
/// bytes, even when wrapped in [`Aligned`]), and the kernels' 8- and 4-byte
/// loads of it then stalled on store forwarding, at the head of every
/// seal's and open's dependency chain.
///
/// # Safety
/// A non-NULL `p` must point to 12 readable bytes.
#[inline]
pub(crate) unsafe fn read_nonce(p: *const u8) -> Result<Aligned<[u8; NONCE_LEN]>, S> {
    non_null(p)?;
    // SAFETY: non-NULL, and the caller guarantees 12 readable bytes: bytes
    // 0..8 and 8..12, read unaligned.
    let (lo, hi) = unsafe {
        (
            p.cast::<[u8; 8]>().read_unaligned(),
            p.add(8).cast::<[u8; 4]>().read_unaligned(),
        )
    };
    let mut n = Aligned([0u8; NONCE_LEN]);
    n.0[..8].copy_from_slice(&lo);
    n.0[8..].copy_from_slice(&hi);
    Ok(n)
}

/// Write `bytes` to `p` (a fixed-size output), as a raw copy: no reference
/// to the destination is created, so it may overlap memory the caller
/// passed as input (all inputs have been read by then).
///
/// # Safety
/// A non-NULL `p` must point to `bytes.len()` writable bytes.
#[inline]
pub(crate) unsafe fn write_bytes(p: *mut u8, bytes: &[u8]) {
    // SAFETY: the caller guarantees room for bytes.len() bytes at `p`;
    // `bytes` is a local copy that cannot overlap the destination.
    unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), p, bytes.len()) }
}

/// Store a length through an out-pointer.
///
/// # Safety
/// A non-NULL `p` must point to a writable `size_t`.
#[inline]
pub(crate) unsafe fn write_len(p: *mut usize, len: usize) {
    // SAFETY: the caller guarantees `p` is a writable size_t; an unaligned
    // write keeps even a misaligned pointer defined.
    unsafe { core::ptr::write_unaligned(p, len) }
}

/// The `(out, out_cap, out_len)` rule: when `out_cap < needed`, store
/// `needed` in `*out_len` and fail with `BUFFER_TOO_SMALL` (nothing else is
/// written); otherwise a non-empty output must not be NULL.
///
/// # Safety
/// `out_len` must be a writable `size_t` (checked non-NULL by the caller).
#[inline]
pub(crate) unsafe fn need_capacity(
    out: *const u8,
    out_cap: usize,
    needed: usize,
    out_len: *mut usize,
) -> Result<(), S> {
    if out_cap < needed {
        // SAFETY: forwarded caller guarantee.
        unsafe { write_len(out_len, needed) };
        return Err(S::PAYCRYPT_ERR_BUFFER_TOO_SMALL);
    }
    if needed > 0 {
        non_null(out)?;
    }
    Ok(())
}

/// Whether `[a, a+alen)` and `[b, b+blen)` share a byte (empty ranges
/// share none).
#[inline]
pub(crate) fn overlaps(a: *const u8, alen: usize, b: *const u8, blen: usize) -> bool {
    if alen == 0 || blen == 0 {
        return false;
    }
    let (a, b) = (a as usize, b as usize);
    a < b.saturating_add(blen) && b < a.saturating_add(alen)
}

/// `Err(OVERLAP)` if the two ranges share a byte. A length beyond
/// `isize::MAX` (no real buffer has one) is `Err(INPUT_TOO_LONG)` first, so
/// that a hostile length near `SIZE_MAX` gets the same status whether or
/// not the saturated range happens to cover the other buffer.
#[inline]
pub(crate) fn disjoint(a: *const u8, alen: usize, b: *const u8, blen: usize) -> Result<(), S> {
    if alen > isize::MAX as usize || blen > isize::MAX as usize {
        return Err(S::PAYCRYPT_ERR_INPUT_TOO_LONG);
    }
    if overlaps(a, alen, b, blen) {
        Err(S::PAYCRYPT_ERR_OVERLAP)
    } else {
        Ok(())
    }
}

/// `Err(OVERLAP)` if an output range shares a byte with the context at
/// `k`: an output written while the context's value is borrowed must not
/// alias it (it would also corrupt the key mid-operation).
#[inline]
pub(crate) fn disjoint_ctx<C>(out: *const u8, len: usize, k: *const C) -> Result<(), S> {
    disjoint(out, len, k.cast(), core::mem::size_of::<C>())
}

/// AES-GCM's length limits, checked on the lengths alone before any slice
/// is made: AAD up to 2^61 - 1 bytes, text up to 2^36 - 32 bytes.
#[inline]
pub(crate) fn gcm_lengths(aad_len: usize, text_len: usize) -> Result<(), S> {
    if aad_len as u64 > crate::aes_gcm::MAX_AAD_LEN
        || text_len as u64 > crate::aes_gcm::MAX_PLAINTEXT_LEN
    {
        return Err(S::PAYCRYPT_ERR_INPUT_TOO_LONG);
    }
    Ok(())
}
