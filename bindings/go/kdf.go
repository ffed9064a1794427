package paycrypt

// #include "shim.h"
import "C"

import "runtime"

// HKDFSHA256 derives length bytes with HKDF-SHA256 (RFC 5869) from ikm,
// salt (empty means 32 zero bytes) and info. length may be 0 to 8160
// (255 * 32); anything else returns ErrInputTooLong.
func HKDFSHA256(ikm, salt, info []byte, length int) ([]byte, error) {
	if length < 0 || length > HKDFMaxLength {
		return nil, ErrInputTooLong
	}
	okm := make([]byte, length)
	s := C.paycrypt_hkdf_sha256(bytesPtr(salt), C.size_t(len(salt)),
		bytesPtr(ikm), C.size_t(len(ikm)), bytesPtr(info), C.size_t(len(info)),
		bytesPtr(okm), C.size_t(len(okm)))
	runtime.KeepAlive(salt)
	runtime.KeepAlive(ikm)
	runtime.KeepAlive(info)
	runtime.KeepAlive(okm)
	if err := statusErr(s); err != nil {
		return nil, err
	}
	return okm, nil
}

// ConstantTimeEqual reports whether a and b are equal, in time that
// depends only on their lengths. Slices of different lengths are unequal
// (and compared in no time at all).
func ConstantTimeEqual(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 {
		return true
	}
	s := C.paycrypt_ct_equal(bytesPtr(a), bytesPtr(b), C.size_t(len(a)))
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
	return s == C.PAYCRYPT_OK
}
