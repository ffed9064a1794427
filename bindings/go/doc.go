// Package paycrypt is the Go binding of paycrypt, a payment-cryptography
// library written in Rust with a stable C ABI. It calls the C ABI through
// cgo and links the Rust static library (target/release/libpaycrypt.a)
// into the Go binary, so nothing needs to be installed at run time.
//
// It offers HMAC-SHA256 (one-shot, precomputed keys, batches and a
// streaming hash.Hash), AES-128/256-GCM as a crypto/cipher.AEAD, HKDF-SHA256,
// constant-time comparison, and the payment protocols built on them:
// Stripe-style signed webhooks, GitHub's X-Hub-Signature-256, Adyen HMAC
// signatures, WeChat Pay API v2 signatures and v3 notification
// decryption, and sealed envelopes for card data with key ids for
// rotation.
//
// Keys (HMACKey, AESGCM) live in C memory that the Go garbage collector
// never moves; the C library never keeps a pointer to Go memory. A key is
// safe for concurrent use; Close wipes it (a finalizer wipes keys that are
// never closed), and using a closed key panics. Every failure caused by
// input is returned as an error: one of the sentinel values ErrVerify,
// ErrExpired, ErrMalformed, ErrKeyLength and so on, which work with
// errors.Is and carry the library's status code (see Error).
//
// Building: the Rust library must be built first. From the repository
// root:
//
//	cargo build --release
//	cd bindings/go && go test ./...
package paycrypt
