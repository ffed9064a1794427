package paycrypt

// #include "shim.h"
import "C"

// Error is a failure reported by the paycrypt C library. Every error that
// this package returns is one of the sentinel values below (compare with
// errors.Is), except for a status code the binding does not know, which
// gets a fresh *Error with that code.
type Error struct {
	status int
	msg    string
}

// Error returns "paycrypt: " followed by the library's message for the
// status (from paycrypt_status_message).
func (e *Error) Error() string { return "paycrypt: " + e.msg }

// Status returns the paycrypt_status code of the C ABI, e.g. 7 for
// PAYCRYPT_ERR_VERIFY_FAILED.
func (e *Error) Status() int { return e.status }

func newError(status int) *Error {
	return &Error{status: status, msg: C.GoString(C.paycrypt_status_message(C.int32_t(status)))}
}

// Sentinel errors, one per paycrypt_status other than PAYCRYPT_OK. Use
// errors.Is(err, paycrypt.ErrVerify) and so on.
var (
	// ErrNullPointer (status 1): a required pointer was NULL. Returned by
	// WebhookVerify and GitHubVerify for a nil *HMACKey.
	ErrNullPointer = newError(C.PAYCRYPT_ERR_NULL_POINTER)
	// ErrKeyLength (status 2): the key length is not accepted (AES: 16 or
	// 32 bytes; WeChat Pay v3: 32 bytes; Adyen: 1..128 hex digits; WeChat
	// Pay v2: a non-empty API key).
	ErrKeyLength = newError(C.PAYCRYPT_ERR_KEY_LENGTH)
	// ErrNonceLength (status 3): the nonce length is not accepted (WeChat
	// Pay v3 nonces are 12 bytes).
	ErrNonceLength = newError(C.PAYCRYPT_ERR_NONCE_LENGTH)
	// ErrTagLength (status 4): the tag length is not accepted (HMAC tags
	// 16..32 bytes, hex tags 32..64 even digits).
	ErrTagLength = newError(C.PAYCRYPT_ERR_TAG_LENGTH)
	// ErrBufferTooSmall (status 5): an output buffer was too small. The
	// binding sizes its buffers itself, so it is not expected.
	ErrBufferTooSmall = newError(C.PAYCRYPT_ERR_BUFFER_TOO_SMALL)
	// ErrInputTooLong (status 6): an input or requested output exceeds the
	// algorithm's limit (HKDF output over 8160 bytes or negative, AES-GCM
	// text over 2^36-32 bytes, over 1024 WeChat Pay parameters).
	ErrInputTooLong = newError(C.PAYCRYPT_ERR_INPUT_TOO_LONG)
	// ErrVerify (status 7): a signature or tag does not match.
	ErrVerify = newError(C.PAYCRYPT_ERR_VERIFY_FAILED)
	// ErrMalformed (status 8): an encoded input (hex, base64, webhook
	// header, envelope) cannot be parsed.
	ErrMalformed = newError(C.PAYCRYPT_ERR_MALFORMED)
	// ErrExpired (status 9): the signature is valid but its timestamp lies
	// outside the allowed tolerance.
	ErrExpired = newError(C.PAYCRYPT_ERR_EXPIRED)
	// ErrUninitialized (status 10): a C context was not initialised or was
	// wiped. The binding panics on closed keys before calling C, so this
	// is not expected.
	ErrUninitialized = newError(C.PAYCRYPT_ERR_UNINITIALIZED)
	// ErrUnsupported (status 11): the feature is not available in this
	// build of the library (e.g. no OS random number generator).
	ErrUnsupported = newError(C.PAYCRYPT_ERR_UNSUPPORTED)
	// ErrOverlap (status 12): an output overlaps an input in a way the C
	// function does not allow. The binding allocates its outputs or
	// checks overlap first, so this is not expected.
	ErrOverlap = newError(C.PAYCRYPT_ERR_OVERLAP)
	// ErrInternal (status 255): an internal error in the library (a caught
	// panic); it must never happen.
	ErrInternal = newError(C.PAYCRYPT_ERR_INTERNAL)
)

var sentinels = [...]*Error{
	ErrNullPointer, ErrKeyLength, ErrNonceLength, ErrTagLength,
	ErrBufferTooSmall, ErrInputTooLong, ErrVerify, ErrMalformed, ErrExpired,
	ErrUninitialized, ErrUnsupported, ErrOverlap, ErrInternal,
}

// status is how cgo presents a paycrypt_status: enum paycrypt_status
// returns arrive as uint32, the typedef as C.paycrypt_status.
type status interface {
	~uint32 | ~int32
}

// statusErr maps a paycrypt_status to nil (PAYCRYPT_OK) or an error.
func statusErr[S status](s S) error {
	if s == 0 {
		return nil
	}
	for _, e := range sentinels {
		if e.status == int(s) {
			return e
		}
	}
	return newError(int(s))
}

// mustOK panics on a status that the binding's own checks rule out; it
// means the library broke its documented contract. Small enough to be
// inlined: the success path costs one comparison, not a call.
func mustOK[S status](op string, s S) {
	if s != 0 {
		contractBroken(op, int32(s))
	}
}

//go:noinline
func contractBroken(op string, s int32) {
	panic("paycrypt: " + op + ": unexpected status from the C library: " + statusErr(s).Error())
}
