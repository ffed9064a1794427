package paycrypt

// #include "shim.h"
import "C"

import "runtime"

// Indices of the eight signed fields of an Adyen notification item, in
// signing order, for the fields argument of AdyenSign and AdyenVerify.
const (
	AdyenPSPReference        = 0 // pspReference
	AdyenOriginalReference   = 1 // originalReference
	AdyenMerchantAccountCode = 2 // merchantAccountCode
	AdyenMerchantReference   = 3 // merchantReference
	AdyenValue               = 4 // amount.value, decimal minor units
	AdyenCurrency            = 5 // amount.currency
	AdyenEventCode           = 6 // eventCode
	AdyenSuccess             = 7 // success, "true" or "false"
)

// adyenFields lays the eight fields end to end for the C helper, which
// rebuilds the paycrypt_slice array on the C side.
func adyenFields(fields *[8]string) ([]byte, [8]C.size_t) {
	var lens [8]C.size_t
	total := 0
	for i, f := range fields {
		lens[i] = C.size_t(len(f))
		total += len(f)
	}
	buf := make([]byte, 0, total)
	for _, f := range fields {
		buf = append(buf, f...)
	}
	return buf, lens
}

// AdyenSign signs an Adyen notification item: the eight fields (see
// AdyenPSPReference and the following constants; a missing field is "")
// joined with ":", HMAC-SHA256 under the key given as hex (as the Adyen
// Customer Area shows it, either case), standard base64. It returns
// ErrKeyLength for an empty key or one over 128 hex digits and
// ErrMalformed for an odd number of digits or a non-hex character.
func AdyenSign(hmacKeyHex string, fields [8]string) (string, error) {
	buf, lens := adyenFields(&fields)
	var out [48]C.char
	var n C.size_t
	s := C.pcg_adyen_sign(strPtr(hmacKeyHex), C.size_t(len(hmacKeyHex)),
		bytesPtr(buf), &lens[0], &out[0], C.size_t(len(out)), &n)
	runtime.KeepAlive(hmacKeyHex)
	runtime.KeepAlive(buf)
	if err := statusErr(s); err != nil {
		return "", err
	}
	return C.GoStringN(&out[0], C.int(n)), nil
}

// AdyenVerify checks the base64 signature sig (the item's
// additionalData.hmacSignature) over the eight fields, in constant time.
// It returns nil, ErrVerify, ErrMalformed (sig not standard padded base64
// of 32 bytes, or a malformed key) or ErrKeyLength.
func AdyenVerify(hmacKeyHex string, fields [8]string, sig string) error {
	buf, lens := adyenFields(&fields)
	s := C.pcg_adyen_verify(strPtr(hmacKeyHex), C.size_t(len(hmacKeyHex)),
		bytesPtr(buf), &lens[0], strPtr(sig), C.size_t(len(sig)))
	runtime.KeepAlive(hmacKeyHex)
	runtime.KeepAlive(buf)
	runtime.KeepAlive(sig)
	return statusErr(s)
}

// AdyenPayloadVerify checks an Adyen payload-signed webhook: sig (the
// HmacSignature HTTP header) is standard base64 of the HMAC-SHA256 of the
// raw payload under the hex key. Errors are as for AdyenVerify.
func AdyenPayloadVerify(hmacKeyHex string, payload []byte, sig string) error {
	s := C.paycrypt_adyen_payload_verify(strPtr(hmacKeyHex), C.size_t(len(hmacKeyHex)),
		bytesPtr(payload), C.size_t(len(payload)), strPtr(sig), C.size_t(len(sig)))
	runtime.KeepAlive(hmacKeyHex)
	runtime.KeepAlive(payload)
	runtime.KeepAlive(sig)
	return statusErr(s)
}
