package paycrypt

// #include "shim.h"
import "C"

import (
	"crypto/cipher"
	"runtime"
	"unsafe"
)

// maxGCMPlaintext is the longest AES-GCM plaintext (2^36 - 32 bytes, NIST
// SP 800-38D); the C library refuses longer ones with
// PAYCRYPT_ERR_INPUT_TOO_LONG and crypto/cipher's GCM panics.
const maxGCMPlaintext = 1<<36 - 32

// AESGCM is an expanded AES-128-GCM or AES-256-GCM key (12-byte nonces,
// 16-byte tags) in C memory. It implements crypto/cipher.AEAD with the
// same append and aliasing rules as the standard library's GCM, so it can
// replace cipher.NewGCM(aes.NewCipher(key)).
//
// An AESGCM is safe for concurrent use by many goroutines, except that
// Close must not run while another method is still in progress. Close
// wipes the key schedule; if it is never called, a finalizer wipes it.
// Using a closed key panics.
type AESGCM struct {
	ctx *C.paycrypt_aes_gcm_key
}

var _ cipher.AEAD = (*AESGCM)(nil)

// NewAESGCM expands a 16-byte (AES-128) or 32-byte (AES-256) key; other
// lengths return ErrKeyLength. The key bytes are not retained.
func NewAESGCM(key []byte) (*AESGCM, error) {
	ctx := (*C.paycrypt_aes_gcm_key)(cAlloc(C.sizeof_paycrypt_aes_gcm_key))
	s := C.paycrypt_aes_gcm_key_init(ctx, bytesPtr(key), C.size_t(len(key)))
	runtime.KeepAlive(key)
	if err := statusErr(s); err != nil {
		cWipeFree(unsafe.Pointer(ctx), C.sizeof_paycrypt_aes_gcm_key)
		return nil, err
	}
	a := &AESGCM{ctx: ctx}
	runtime.SetFinalizer(a, (*AESGCM).Close)
	return a, nil
}

// Close wipes the expanded key and frees its C memory. Calling Close more
// than once is a no-op; afterwards Seal, Open, SealEnvelope and
// OpenEnvelope panic.
func (a *AESGCM) Close() {
	if a == nil || a.ctx == nil {
		return
	}
	C.paycrypt_aes_gcm_key_wipe(a.ctx)
	cWipeFree(unsafe.Pointer(a.ctx), C.sizeof_paycrypt_aes_gcm_key)
	a.ctx = nil
	runtime.SetFinalizer(a, nil)
}

func (a *AESGCM) key() *C.paycrypt_aes_gcm_key {
	if a == nil {
		panic("paycrypt: method called on a nil *AESGCM")
	}
	if a.ctx == nil {
		panic("paycrypt: AESGCM used after Close (or not made by NewAESGCM)")
	}
	return a.ctx
}

// NonceSize returns 12, the nonce size Seal and Open require.
func (a *AESGCM) NonceSize() int { return NonceSize }

// Overhead returns 16, the tag size Seal appends.
func (a *AESGCM) Overhead() int { return TagSize }

// Seal encrypts and authenticates plaintext, authenticates
// additionalData, and appends ciphertext || tag to dst, returning the
// updated slice. The nonce must be NonceSize bytes and must never repeat
// under one key.
//
// To encrypt in place, pass plaintext[:0] as dst (plaintext needs 16
// spare bytes of capacity to avoid a copy). As with crypto/cipher's GCM,
// Seal panics if the nonce length is wrong, if plaintext is longer than
// 2^36-32 bytes, if the output overlaps plaintext other than exactly, or
// if it overlaps additionalData at all.
func (a *AESGCM) Seal(dst, nonce, plaintext, additionalData []byte) []byte {
	ctx := a.key()
	if len(nonce) != NonceSize {
		panic("paycrypt: incorrect nonce length given to AESGCM.Seal")
	}
	if uint64(len(plaintext)) > maxGCMPlaintext {
		panic("paycrypt: message too large for AES-GCM")
	}
	ret, out := sliceForAppend(dst, len(plaintext)+TagSize)
	// The overlap checks work on the pointers handed to C, and what is
	// kept alive past the call is those pointers rather than the slices
	// around them: fewer instructions and spills on the hot path.
	np, ap, pp := bytesPtr(nonce), bytesPtr(additionalData), bytesPtr(plaintext)
	op := (*C.uint8_t)(unsafe.Pointer(&out[0])) // out holds at least the tag
	lo, hi := span(op, len(out))
	if pp != op && overlaps(lo, hi, pp, len(plaintext)) {
		panic("paycrypt: invalid buffer overlap of output and plaintext in AESGCM.Seal")
	}
	if overlaps(lo, hi, ap, len(additionalData)) {
		panic("paycrypt: invalid buffer overlap of output and additional data in AESGCM.Seal")
	}
	s := C.pcg_aes_gcm_seal(ctx, np, ap, C.size_t(len(additionalData)),
		pp, C.size_t(len(plaintext)), op)
	runtime.KeepAlive(a)
	runtime.KeepAlive(np)
	runtime.KeepAlive(ap)
	runtime.KeepAlive(pp)
	runtime.KeepAlive(op)
	mustOK("AESGCM.Seal", s)
	return ret
}

// Open authenticates ciphertext (ciphertext || tag) and additionalData
// and, only if the tag is valid, appends the plaintext to dst and returns
// the updated slice. On failure it returns ErrVerify (or ErrMalformed for
// input shorter than the 16-byte tag) and the bytes it would have
// written, in dst's spare capacity, are zeroed.
//
// To decrypt in place, pass ciphertext[:0] as dst. Open panics on a wrong
// nonce length and on the same overlaps as Seal.
func (a *AESGCM) Open(dst, nonce, ciphertext, additionalData []byte) ([]byte, error) {
	ctx := a.key()
	if len(nonce) != NonceSize {
		panic("paycrypt: incorrect nonce length given to AESGCM.Open")
	}
	if len(ciphertext) < TagSize {
		// Let the library judge (PAYCRYPT_ERR_MALFORMED); nothing to write.
		var n C.size_t
		s := C.paycrypt_aes_gcm_open(ctx, bytesPtr(nonce),
			bytesPtr(additionalData), C.size_t(len(additionalData)),
			bytesPtr(ciphertext), C.size_t(len(ciphertext)), nil, 0, &n)
		runtime.KeepAlive(a)
		runtime.KeepAlive(nonce)
		runtime.KeepAlive(additionalData)
		runtime.KeepAlive(ciphertext)
		if err := statusErr(s); err != nil {
			return nil, err
		}
		return nil, ErrMalformed // unreachable: the library reports it
	}
	ret, out := sliceForAppend(dst, len(ciphertext)-TagSize)
	// As in Seal: checks on the pointers handed to C, which are what is
	// kept alive.
	np, ap, cp, op := bytesPtr(nonce), bytesPtr(additionalData), bytesPtr(ciphertext), bytesPtr(out)
	lo, hi := span(op, len(out)) // empty (0, 0) when out is
	if cp != op && overlaps(lo, hi, cp, len(ciphertext)) {
		panic("paycrypt: invalid buffer overlap of output and ciphertext in AESGCM.Open")
	}
	if overlaps(lo, hi, ap, len(additionalData)) {
		panic("paycrypt: invalid buffer overlap of output and additional data in AESGCM.Open")
	}
	s := C.pcg_aes_gcm_open(ctx, np, ap, C.size_t(len(additionalData)),
		cp, C.size_t(len(ciphertext)), op)
	runtime.KeepAlive(a)
	runtime.KeepAlive(np)
	runtime.KeepAlive(ap)
	runtime.KeepAlive(cp)
	runtime.KeepAlive(op)
	if s != C.PAYCRYPT_OK {
		return nil, statusErr(s)
	}
	return ret, nil
}

// sliceForAppend extends in by n bytes, reusing its capacity when it can,
// and returns the whole result and the n-byte tail to write into.
func sliceForAppend(in []byte, n int) (whole, tail []byte) {
	total := len(in) + n
	if cap(in) >= total {
		whole = in[:total]
	} else {
		whole = make([]byte, total)
		copy(whole, in)
	}
	return whole, whole[len(in):]
}

// overlaps reports whether the n bytes at p (NULL when n == 0, as
// bytesPtr gives them) share a byte with the range [lo, hi) (empty when
// lo == hi). Seal and Open check their buffers with it on the pointers
// they hand to C; small enough to be inlined.
func overlaps(lo, hi uintptr, p *C.uint8_t, n int) bool {
	a := uintptr(unsafe.Pointer(p))
	return a != 0 && a < hi && lo < a+uintptr(n)
}

// span returns the address range [lo, hi) of the n bytes at p.
func span(p *C.uint8_t, n int) (lo, hi uintptr) {
	lo = uintptr(unsafe.Pointer(p))
	return lo, lo + uintptr(n)
}
