package paycrypt

// #include "shim.h"
import "C"

import "runtime"

// SealEnvelope encrypts plaintext into a sealed envelope
// 0x01 || keyID (big-endian) || nonce (12) || ciphertext || tag (16),
// len(plaintext)+EnvelopeOverhead bytes, under a fresh random nonce from
// the operating system. The AES-GCM additional data is the 17-byte header
// followed by aad, so the key id and nonce are authenticated; aad itself
// is not stored and must be given again to OpenEnvelope. It returns
// ErrUnsupported if the library has no random number generator and
// ErrInputTooLong for plaintext over 2^36-32 bytes.
func (a *AESGCM) SealEnvelope(keyID uint32, plaintext, aad []byte) ([]byte, error) {
	return a.sealEnvelope(keyID, nil, plaintext, aad)
}

// sealEnvelope seals with a caller-chosen nonce (nil: random); the tests
// use it to reproduce the shared vectors byte for byte.
func (a *AESGCM) sealEnvelope(keyID uint32, nonce, plaintext, aad []byte) ([]byte, error) {
	ctx := a.key()
	if nonce != nil && len(nonce) != NonceSize {
		return nil, ErrNonceLength
	}
	if uint64(len(plaintext)) > maxGCMPlaintext {
		return nil, ErrInputTooLong
	}
	out := make([]byte, len(plaintext)+EnvelopeOverhead)
	var n C.size_t
	s := C.paycrypt_envelope_seal(ctx, C.uint32_t(keyID), bytesPtr(nonce),
		bytesPtr(aad), C.size_t(len(aad)), bytesPtr(plaintext), C.size_t(len(plaintext)),
		bytesPtr(out), C.size_t(len(out)), &n)
	runtime.KeepAlive(a)
	runtime.KeepAlive(nonce)
	runtime.KeepAlive(aad)
	runtime.KeepAlive(plaintext)
	runtime.KeepAlive(out)
	if err := statusErr(s); err != nil {
		return nil, err
	}
	return out[:n], nil
}

// OpenEnvelope authenticates and decrypts an envelope made by
// SealEnvelope with the same key and aad, returning the plaintext. It
// returns ErrMalformed for an unknown version byte or fewer than 33 bytes
// and ErrVerify for a wrong key or aad or any changed byte (the key id
// included); no unauthenticated plaintext is returned.
func (a *AESGCM) OpenEnvelope(env, aad []byte) ([]byte, error) {
	ctx := a.key()
	var out []byte
	if len(env) > EnvelopeOverhead {
		out = make([]byte, len(env)-EnvelopeOverhead)
	}
	var n C.size_t
	s := C.paycrypt_envelope_open(ctx, bytesPtr(aad), C.size_t(len(aad)),
		bytesPtr(env), C.size_t(len(env)), bytesPtr(out), C.size_t(len(out)), &n)
	runtime.KeepAlive(a)
	runtime.KeepAlive(aad)
	runtime.KeepAlive(env)
	runtime.KeepAlive(out)
	if err := statusErr(s); err != nil {
		return nil, err
	}
	if out == nil {
		out = []byte{}
	}
	return out[:n], nil
}

// EnvelopeKeyID returns the key id of an envelope, to pick the key during
// rotation. The id is not authenticated until the envelope is opened. It
// returns ErrMalformed for an unknown version byte or fewer than 33 bytes.
func EnvelopeKeyID(env []byte) (uint32, error) {
	var id C.uint32_t
	s := C.paycrypt_envelope_key_id(bytesPtr(env), C.size_t(len(env)), &id)
	runtime.KeepAlive(env)
	if err := statusErr(s); err != nil {
		return 0, err
	}
	return uint32(id), nil
}
