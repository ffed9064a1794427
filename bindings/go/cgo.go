package paycrypt

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: ${SRCDIR}/../../target/release/libpaycrypt.a -ldl -lpthread -lm

// The C library never keeps a pointer after a call returns and never
// calls back into Go, so Go memory passed to these functions need not
// escape to the heap (a stack buffer for a 32-byte tag stays on the
// stack) and the calls skip the callback bookkeeping.
#cgo noescape paycrypt_sha256
#cgo nocallback paycrypt_sha256
#cgo noescape paycrypt_hmac_sha256
#cgo nocallback paycrypt_hmac_sha256
#cgo noescape paycrypt_hmac_sha256_verify
#cgo nocallback paycrypt_hmac_sha256_verify
#cgo noescape paycrypt_hmac_key_init
#cgo nocallback paycrypt_hmac_key_init
#cgo noescape paycrypt_hmac_key_sign
#cgo nocallback paycrypt_hmac_key_sign
#cgo noescape paycrypt_hmac_key_sign_hex
#cgo nocallback paycrypt_hmac_key_sign_hex
#cgo noescape paycrypt_hmac_key_verify
#cgo nocallback paycrypt_hmac_key_verify
#cgo noescape paycrypt_hmac_key_verify_hex
#cgo nocallback paycrypt_hmac_key_verify_hex
#cgo noescape pcg_sign_batch8
#cgo nocallback pcg_sign_batch8
#cgo noescape paycrypt_hmac_state_update
#cgo nocallback paycrypt_hmac_state_update
#cgo noescape pcg_hash_sum
#cgo nocallback pcg_hash_sum
#cgo noescape paycrypt_aes_gcm_key_init
#cgo nocallback paycrypt_aes_gcm_key_init
#cgo noescape pcg_aes_gcm_seal
#cgo nocallback pcg_aes_gcm_seal
#cgo noescape paycrypt_aes_gcm_open
#cgo nocallback paycrypt_aes_gcm_open
#cgo noescape pcg_aes_gcm_open
#cgo nocallback pcg_aes_gcm_open
#cgo noescape paycrypt_hkdf_sha256
#cgo nocallback paycrypt_hkdf_sha256
#cgo noescape paycrypt_ct_equal
#cgo nocallback paycrypt_ct_equal
#cgo noescape paycrypt_webhook_sign
#cgo nocallback paycrypt_webhook_sign
#cgo noescape paycrypt_webhook_verify
#cgo nocallback paycrypt_webhook_verify
#cgo noescape paycrypt_github_verify
#cgo nocallback paycrypt_github_verify
#cgo noescape pcg_adyen_sign
#cgo nocallback pcg_adyen_sign
#cgo noescape pcg_adyen_verify
#cgo nocallback pcg_adyen_verify
#cgo noescape paycrypt_adyen_payload_verify
#cgo nocallback paycrypt_adyen_payload_verify
#cgo noescape pcg_wechatpay_v2
#cgo nocallback pcg_wechatpay_v2
#cgo noescape paycrypt_wechatpay_v3_decrypt
#cgo nocallback paycrypt_wechatpay_v3_decrypt
#cgo noescape paycrypt_envelope_seal
#cgo nocallback paycrypt_envelope_seal
#cgo noescape paycrypt_envelope_open
#cgo nocallback paycrypt_envelope_open
#cgo noescape paycrypt_envelope_key_id
#cgo nocallback paycrypt_envelope_key_id
#cgo nocallback pcg_noop

#include "shim.h"
*/
import "C"

import (
	"unsafe"
)

// Sizes fixed by the C ABI (the macros of include/paycrypt.h).
const (
	// HMACSize is the size of an HMAC-SHA256 tag and of a SHA-256 digest.
	HMACSize = 32
	// MinTagSize is the shortest truncated HMAC tag that Verify accepts.
	MinTagSize = 16
	// NonceSize is the AES-GCM nonce size in bytes.
	NonceSize = 12
	// TagSize is the AES-GCM tag size in bytes (the AEAD overhead).
	TagSize = 16
	// EnvelopeOverhead is the number of bytes a sealed envelope adds to the
	// plaintext: version (1), key id (4), nonce (12) and tag (16).
	EnvelopeOverhead = 33
	// HKDFMaxLength is the longest output HKDFSHA256 can derive (255 * 32).
	HKDFMaxLength = 8160
)

// Compile-time checks that the constants equal the header's macros: an
// array length that would be negative fails the build.
var (
	_ [HMACSize - C.PAYCRYPT_HMAC_SHA256_BYTES]struct{}
	_ [C.PAYCRYPT_HMAC_SHA256_BYTES - HMACSize]struct{}
	_ [HMACSize - C.PAYCRYPT_SHA256_BYTES]struct{}
	_ [C.PAYCRYPT_SHA256_BYTES - HMACSize]struct{}
	_ [MinTagSize - C.PAYCRYPT_HMAC_MIN_TAG_BYTES]struct{}
	_ [C.PAYCRYPT_HMAC_MIN_TAG_BYTES - MinTagSize]struct{}
	_ [NonceSize - C.PAYCRYPT_AES_GCM_NONCE_BYTES]struct{}
	_ [C.PAYCRYPT_AES_GCM_NONCE_BYTES - NonceSize]struct{}
	_ [TagSize - C.PAYCRYPT_AES_GCM_TAG_BYTES]struct{}
	_ [C.PAYCRYPT_AES_GCM_TAG_BYTES - TagSize]struct{}
	_ [EnvelopeOverhead - C.PAYCRYPT_ENVELOPE_OVERHEAD]struct{}
	_ [C.PAYCRYPT_ENVELOPE_OVERHEAD - EnvelopeOverhead]struct{}
	_ [HKDFMaxLength - C.PAYCRYPT_HKDF_SHA256_MAX_BYTES]struct{}
	_ [C.PAYCRYPT_HKDF_SHA256_MAX_BYTES - HKDFMaxLength]struct{}
)

// Version returns the version of the linked paycrypt C library, e.g. "0.1.0".
func Version() string {
	return C.GoString(C.paycrypt_version())
}

// headerVersion is the version of the header the binding was compiled
// against; tests check that it matches the library.
const headerVersion = C.PAYCRYPT_VERSION

// bytesPtr returns a C pointer to b's first byte, or NULL when b is empty
// (the C ABI reads NULL with length 0 as the empty input). The caller must
// keep b alive (runtime.KeepAlive) until the C call has returned.
func bytesPtr(b []byte) *C.uint8_t {
	if len(b) == 0 {
		return nil
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0]))
}

// charPtr is bytesPtr for byte slices that the C side reads as char.
func charPtr(b []byte) *C.char {
	if len(b) == 0 {
		return nil
	}
	return (*C.char)(unsafe.Pointer(&b[0]))
}

// strPtr returns a C pointer to the bytes of s, or NULL when s is empty.
// The C functions given it only read; Go strings are immutable, so no
// copy is needed.
func strPtr(s string) *C.char {
	if len(s) == 0 {
		return nil
	}
	return (*C.char)(unsafe.Pointer(unsafe.StringData(s)))
}

// strBytePtr is strPtr for C parameters typed as uint8_t.
func strBytePtr(s string) *C.uint8_t {
	if len(s) == 0 {
		return nil
	}
	return (*C.uint8_t)(unsafe.Pointer(unsafe.StringData(s)))
}

// cAlloc returns n zeroed bytes of C memory, which the Go garbage
// collector never moves or scans.
func cAlloc(n C.size_t) unsafe.Pointer {
	p := C.pcg_alloc(n)
	if p == nil {
		panic("paycrypt: out of memory allocating a C context")
	}
	return p
}

// cWipeFree zeroizes and frees n bytes of C memory from cAlloc.
func cWipeFree(p unsafe.Pointer, n C.size_t) {
	C.pcg_wipe_free(p, n)
}

// cgoNoop makes an empty cgo call; the benchmarks use it to measure the
// fixed cost of crossing into C.
func cgoNoop() {
	C.pcg_noop()
}
