package paycrypt

// #include "shim.h"
import "C"

import "runtime"

// webhookHeaderCap fits the longest header the library writes
// ("t=-9223372036854775808,v1=" and 64 hex digits, 90 bytes, plus NUL).
const webhookHeaderCap = 96

// WebhookSign signs payload Stripe-style at Unix time ts and returns the
// header value "t=<ts>,v1=<64 lowercase hex>": the HMAC-SHA256 under k of
// the decimal ts, ".", and the raw payload. For a Stripe endpoint the key
// is the secret string's bytes, "whsec_" prefix included. WebhookSign
// panics if k is nil or closed.
func WebhookSign(k *HMACKey, ts int64, payload []byte) string {
	var out [webhookHeaderCap]C.char
	var n C.size_t
	s := C.paycrypt_webhook_sign(k.key(), C.int64_t(ts), bytesPtr(payload), C.size_t(len(payload)),
		&out[0], C.size_t(len(out)), &n)
	runtime.KeepAlive(k)
	runtime.KeepAlive(payload)
	mustOK("WebhookSign", s)
	return C.GoStringN(&out[0], C.int(n))
}

// WebhookVerify checks a Stripe-style signature header over the raw
// payload. Elements may come in any order; exactly one t=<decimal> is
// required; every v1 of 64 hex digits (either case) is a candidate and
// any match succeeds (secret rotation); unknown schemes such as v0 and
// other v1 values are ignored. now is the verifier's clock in Unix
// seconds (e.g. time.Now().Unix()); a tolerance of 0 disables the time
// check.
//
// It returns nil, ErrVerify (no candidate matches), ErrExpired (authentic
// but |now - t| > tolerance), ErrMalformed (no or repeated t, no
// well-formed v1, an element without "="), or ErrNullPointer for a nil
// key. A closed key panics.
func WebhookVerify(k *HMACKey, header string, payload []byte, now int64, tolerance uint32) error {
	if k == nil {
		return ErrNullPointer
	}
	s := C.paycrypt_webhook_verify(k.key(), strPtr(header), C.size_t(len(header)),
		bytesPtr(payload), C.size_t(len(payload)), C.int64_t(now), C.uint32_t(tolerance))
	runtime.KeepAlive(k)
	runtime.KeepAlive(header)
	runtime.KeepAlive(payload)
	return statusErr(s)
}

// GitHubVerify checks a GitHub X-Hub-Signature-256 header value,
// "sha256=<64 hex digits>", over the raw payload, in constant time, with
// k made from the webhook secret. It returns nil, ErrVerify, ErrMalformed
// (any other shape) or ErrNullPointer for a nil key. A closed key panics.
func GitHubVerify(k *HMACKey, header string, payload []byte) error {
	if k == nil {
		return ErrNullPointer
	}
	s := C.paycrypt_github_verify(k.key(), strPtr(header), C.size_t(len(header)),
		bytesPtr(payload), C.size_t(len(payload)))
	runtime.KeepAlive(k)
	runtime.KeepAlive(header)
	runtime.KeepAlive(payload)
	return statusErr(s)
}
