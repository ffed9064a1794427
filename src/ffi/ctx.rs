//! Caller-allocated contexts: a fixed-size, 8-byte-aligned block of memory
//! holding a magic number and a Rust value.
//!
//! The magic (different per context type) is written last by `store` and
//! cleared by `wipe`, so all-zero (never initialised) and wiped memory are
//! rejected with `PAYCRYPT_ERR_UNINITIALIZED`, as is a context of another
//! type. Values are plain data with no pointers, so a bitwise copy
//! (`memcpy`) of a context is a valid context.

use core::mem::{align_of, size_of};
use core::ptr::{self, addr_of, addr_of_mut};

use super::paycrypt_status as S;

/// A Rust value placed in a C context.
#[repr(C)]
pub(crate) struct Slot<T> {
    magic: u64,
    value: T,
}

/// Ties a C context type to the Rust value it holds.
///
/// # Safety
/// `Self` must be a `#[repr(C)]` struct of plain integers at least as large
/// as `Slot<Self::Value>`, for which all-zero bytes are valid; `Value` must
/// hold no pointers and need no drop glue beyond zeroizing itself.
pub(crate) unsafe trait Context: Sized {
    type Value;
    const MAGIC: u64;
}

/// Compile-time check that a context can hold its value.
pub(crate) const fn fits<C: Context>() -> bool {
    size_of::<Slot<C::Value>>() <= size_of::<C>() && align_of::<C>() == 8
}

/// Check the magic and return a pointer to the value inside.
///
/// # Safety
/// A non-NULL `p` must point to `size_of::<C>()` readable bytes.
unsafe fn value_ptr<C: Context>(p: *const C) -> Result<*const C::Value, S> {
    if p.is_null() {
        return Err(S::PAYCRYPT_ERR_NULL_POINTER);
    }
    let slot = p.cast::<Slot<C::Value>>();
    // SAFETY: the caller guarantees the context's bytes are readable and
    // `fits` guarantees the slot lies within them; read unaligned because a
    // context need only be 8-byte aligned.
    let magic = unsafe { ptr::read_unaligned(addr_of!((*slot).magic)) };
    if magic != C::MAGIC {
        return Err(S::PAYCRYPT_ERR_UNINITIALIZED);
    }
    // SAFETY: as above; no reference is created.
    Ok(unsafe { addr_of!((*slot).value) })
}

/// Call `f` with the value in an initialised context. When the context is
/// suitably aligned for the value the value is used where it lies;
/// otherwise a copy is used (and zeroized by the value's `Drop`).
///
/// # Safety
/// A non-NULL `p` must point to a context of type `C` that no other thread
/// writes during the call.
pub(crate) unsafe fn with<C: Context, R>(
    p: *const C,
    f: impl FnOnce(&C::Value) -> R,
) -> Result<R, S> {
    // SAFETY: forwarded caller guarantee.
    let v = unsafe { value_ptr(p)? };
    if v.is_aligned() {
        // SAFETY: the magic says `store` wrote a valid value here (or it was
        // copied bitwise from such a context, which is equally valid: the
        // value holds no pointers); aligned, and not written while borrowed.
        Ok(f(unsafe { &*v }))
    } else {
        // SAFETY: as above, read as a bitwise copy without alignment.
        let copy = unsafe { ptr::read_unaligned(v) };
        Ok(f(&copy))
    }
}

/// Call `f` with mutable access to the value of an initialised context.
///
/// # Safety
/// A non-NULL `p` must point to a context of type `C` that nothing else
/// reads or writes during the call.
pub(crate) unsafe fn with_mut<C: Context, R>(
    p: *mut C,
    f: impl FnOnce(&mut C::Value) -> R,
) -> Result<R, S> {
    // SAFETY: forwarded caller guarantee.
    let v = unsafe { value_ptr(p)? }.cast_mut();
    if v.is_aligned() {
        // SAFETY: valid value (see `with`), aligned, and exclusively ours.
        Ok(f(unsafe { &mut *v }))
    } else {
        // SAFETY: valid value read bitwise; written back below, and the
        // local copy's Drop zeroizes it.
        let mut copy = unsafe { ptr::read_unaligned(v) };
        let r = f(&mut copy);
        // SAFETY: same location, written bitwise; the previous value is
        // overwritten, not dropped (it holds no resources).
        unsafe { ptr::write_unaligned(v, ptr::read(&copy)) };
        Ok(r)
    }
}

/// Move `value` into the context and mark it initialised. Whatever the
/// context held before is overwritten without being dropped.
///
/// # Safety
/// A non-NULL `p` must point to `size_of::<C>()` writable bytes that no
/// live reference covers.
pub(crate) unsafe fn store<C: Context>(p: *mut C, value: C::Value) -> Result<(), S> {
    if p.is_null() {
        return Err(S::PAYCRYPT_ERR_NULL_POINTER);
    }
    let slot = p.cast::<Slot<C::Value>>();
    // SAFETY: the caller guarantees the bytes are writable; `fits` keeps the
    // slot inside them; unaligned writes need no alignment.
    unsafe {
        ptr::write_unaligned(addr_of_mut!((*slot).value), value);
        ptr::write_unaligned(addr_of_mut!((*slot).magic), C::MAGIC);
    }
    Ok(())
}

/// Overwrite the whole context with zeros (volatile, so not optimised
/// away). NULL is a no-op.
///
/// # Safety
/// A non-NULL `p` must point to `size_of::<C>()` writable bytes that no
/// live reference covers.
pub(crate) unsafe fn wipe<C: Context>(p: *mut C) {
    if p.is_null() {
        return;
    }
    let bytes = p.cast::<u8>();
    for i in 0..size_of::<C>() {
        // SAFETY: `i` is within the context's bytes, writable per the
        // caller; byte writes need no alignment, and all-zero bytes are a
        // valid `C` (plain integers, per the trait's contract). Volatile so
        // the compiler cannot drop the writes.
        unsafe { ptr::write_volatile(bytes.add(i), 0) };
    }
    core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::SeqCst);
}
