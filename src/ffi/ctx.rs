//! Caller-allocated contexts: a fixed-size, 8-byte-aligned block of memory
//! holding a magic number, the offset of the value, and a Rust value.
//!
//! The magic (different per context type) is written last by `store` and
//! cleared by `wipe`, so all-zero (never initialised) and wiped memory are
//! rejected with `PAYCRYPT_ERR_UNINITIALIZED`, as is a context of another
//! type. Values are plain data with no pointers, so a bitwise copy
//! (`memcpy`) of a context is a valid context.
//!
//! A context is only 8-byte aligned, but a value may want more (an AES-GCM
//! key holds 16-byte-aligned cipher state). `store` therefore places the
//! value at the first offset after the header where it is aligned for the
//! context's actual address, and records that offset in the header, so
//! that it is used in place. A context copied to an address of another
//! alignment still works: its value is then read through an aligned copy.

use core::mem::{align_of, size_of};
use core::ptr::{self};

use super::paycrypt_status as S;

/// The header at the start of every context.
#[repr(C)]
struct Header {
    magic: u64,
    /// Byte offset of the value from the start of the context.
    offset: u64,
}

/// Ties a C context type to the Rust value it holds.
///
/// # Safety
/// `Self` must be a `#[repr(C)]` struct of plain integers for which
/// all-zero bytes are valid and that [`fits`] its value; `Value` must hold
/// no pointers and need no drop glue beyond zeroizing itself.
pub(crate) unsafe trait Context: Sized {
    type Value;
    const MAGIC: u64;
}

/// The largest offset `store` may choose: just past the header, plus the
/// padding that the value's alignment may need after an 8-aligned start.
const fn max_offset<V>() -> usize {
    let align = align_of::<V>();
    size_of::<Header>() + align.saturating_sub(8)
}

/// Compile-time check that a context can hold its value at every offset
/// `store` may choose.
pub(crate) const fn fits<C: Context>() -> bool {
    max_offset::<C::Value>() + size_of::<C::Value>() <= size_of::<C>() && align_of::<C>() == 8
}

/// Check the magic and the offset and return a pointer to the value
/// inside (which may be unaligned, if the context was copied).
///
/// # Safety
/// A non-NULL `p` must point to `size_of::<C>()` readable bytes.
unsafe fn value_ptr<C: Context>(p: *const C) -> Result<*const C::Value, S> {
    if p.is_null() {
        return Err(S::PAYCRYPT_ERR_NULL_POINTER);
    }
    // SAFETY: the caller guarantees the context's bytes are readable and
    // `fits` guarantees they hold the header; read unaligned because a
    // context need only be 8-byte aligned.
    let header = unsafe { ptr::read_unaligned(p.cast::<Header>()) };
    if header.magic != C::MAGIC {
        return Err(S::PAYCRYPT_ERR_UNINITIALIZED);
    }
    // Only an offset `store` could have written (a corrupted header must
    // not send us outside the context).
    let offset = usize::try_from(header.offset).unwrap_or(usize::MAX);
    if !(size_of::<Header>()..=max_offset::<C::Value>()).contains(&offset) {
        return Err(S::PAYCRYPT_ERR_UNINITIALIZED);
    }
    // SAFETY: `offset + size_of::<Value>()` is within the context (`fits`
    // and the check above); no reference is created.
    Ok(unsafe { p.cast::<u8>().add(offset).cast::<C::Value>() })
}

/// A 16-byte-aligned value, for byte arrays the C ABI moves through the
/// stack: a result handed out of a context borrow (returned bare, a byte
/// array sits at offset 1 of the `Result` around it, and moving it with
/// overlapping unaligned copies cost the C ABI's sign a store-forwarding
/// stall on every call) and the GCM nonce (see `ptr::read_nonce`).
#[repr(C, align(16))]
pub(crate) struct Aligned<T>(pub(crate) T);

/// Call `f` with the value in an initialised context. When the context is
/// suitably aligned for the value the value is used where it lies;
/// otherwise a copy is used (and zeroized by the value's `Drop`).
///
/// # Safety
/// A non-NULL `p` must point to a context of type `C` that no other thread
/// writes during the call.
#[inline(always)]
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
        // SAFETY: as above.
        Ok(unsafe { with_copy(v, f) })
    }
}

/// [`with`] for a value that is not aligned where it lies (a context
/// copied to an address of another alignment): `f` gets an aligned copy.
///
/// # Safety
/// `v` must point to a valid value, possibly unaligned.
#[cold]
#[inline(never)]
unsafe fn with_copy<V, R>(v: *const V, f: impl FnOnce(&V) -> R) -> R {
    // SAFETY: as in `with`, read as a bitwise copy without alignment.
    let copy = unsafe { ptr::read_unaligned(v) };
    f(&copy)
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
    // The first offset after the header at which the value is aligned for
    // this address (at most `max_offset` when `p` is 8-byte aligned, as C
    // requires; otherwise the value is written unaligned after the header).
    let align = align_of::<C::Value>();
    let start = size_of::<Header>();
    let pad = p.addr().wrapping_add(start).wrapping_neg() % align;
    let offset = if start + pad <= max_offset::<C::Value>() {
        start + pad
    } else {
        start
    };
    let bytes = p.cast::<u8>();
    // SAFETY: the caller guarantees the context's bytes are writable; `fits`
    // keeps the value (offset <= max_offset) and the header inside them;
    // unaligned writes need no alignment.
    unsafe {
        ptr::write_unaligned(bytes.add(offset).cast::<C::Value>(), value);
        ptr::write_unaligned(
            bytes.cast::<Header>(),
            Header {
                magic: C::MAGIC,
                offset: offset as u64,
            },
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A value that wants 16-byte alignment, and a context for it.
    #[derive(Clone, Copy, PartialEq, Debug)]
    #[repr(align(16))]
    struct Wide([u8; 48]);

    #[repr(C)]
    struct WideCtx {
        _opaque: [u64; 10],
    }

    // SAFETY: plain integers, zero is valid, and it fits its value (checked
    // below); `Wide` is plain bytes.
    unsafe impl Context for WideCtx {
        type Value = Wide;
        const MAGIC: u64 = 0x7465_7374_7769_6465;
    }

    const _: () = assert!(fits::<WideCtx>());

    /// Room for a context at either 8-byte phase of a 16-byte boundary.
    #[repr(C, align(16))]
    struct Arena([u64; 12]);

    fn at(arena: &mut Arena, phase: usize) -> *mut WideCtx {
        arena.0.as_mut_ptr().wrapping_add(phase).cast()
    }

    #[test]
    fn value_is_aligned_in_place_at_either_phase_and_survives_copies() {
        let value = Wide(core::array::from_fn(|i| i as u8));
        for (from, to) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
            let mut a = Arena([0; 12]);
            let mut b = Arena([0; 12]);
            let src = at(&mut a, from);
            let dst = at(&mut b, to);
            // SAFETY: `src` and `dst` point to 80 writable bytes inside
            // their arenas, 8-byte aligned, with no live references.
            unsafe {
                store(src, value).unwrap();
                assert!(value_ptr(src).unwrap().is_aligned(), "phase {from}");
                assert_eq!(with(src, |v| *v), Ok(value));
                ptr::copy_nonoverlapping(src.cast::<u8>(), dst.cast::<u8>(), size_of::<WideCtx>());
                assert_eq!(with(dst, |v| *v), Ok(value), "copied {from} -> {to}");
                wipe(src);
                assert_eq!(with(src, |v| *v), Err(S::PAYCRYPT_ERR_UNINITIALIZED));
            }
        }
    }

    #[test]
    fn corrupted_offset_is_refused() {
        let mut a = Arena([0; 12]);
        let p = at(&mut a, 0);
        // SAFETY: as above.
        unsafe {
            store(p, Wide([7; 48])).unwrap();
            for bad in [0u64, 8, 25, 1 << 40, u64::MAX] {
                ptr::write_unaligned(p.cast::<u64>().add(1), bad);
                assert_eq!(
                    with(p, |v| *v),
                    Err(S::PAYCRYPT_ERR_UNINITIALIZED),
                    "offset {bad}"
                );
            }
        }
    }
}
