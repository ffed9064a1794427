package paycrypt

// #include "shim.h"
import "C"

import "runtime"

// WeChatPayV2Sign signs WeChat Pay API v2 parameters with
// sign_type=HMAC-SHA256: the parameters with a non-empty value, except
// "sign", sorted by name in byte order and joined as name=value with "&",
// then "&key=<apiKey>"; HMAC-SHA256 under apiKey; 64 uppercase hex
// digits. It returns ErrKeyLength for an empty API key, ErrMalformed for
// an empty name or a name containing "=" or "&", and ErrInputTooLong for
// more than 1024 parameters.
func WeChatPayV2Sign(apiKey []byte, params map[string]string) (string, error) {
	names, values := splitParams(params)
	return wechatPayV2(false, apiKey, names, values, "")
}

// WeChatPayV2Verify checks the "sign" entry of params (upper- or
// lowercase hex) against the other parameters, in constant time. It
// returns nil, ErrVerify, ErrMalformed (no "sign" entry, a sign that is
// not 64 hex digits, or a bad name as for WeChatPayV2Sign), ErrKeyLength
// or ErrInputTooLong.
func WeChatPayV2Verify(apiKey []byte, params map[string]string) error {
	names, values := splitParams(params)
	_, err := wechatPayV2(true, apiKey, names, values, params["sign"])
	return err
}

func splitParams(params map[string]string) (names, values []string) {
	names = make([]string, 0, len(params))
	values = make([]string, 0, len(params))
	for k, v := range params {
		names = append(names, k)
		values = append(values, v)
	}
	return names, values
}

// wechatPayV2 signs or verifies a parameter list. Unlike the map API it
// can express repeated names (which the library rejects as malformed), so
// the tests use it for the shared vectors.
func wechatPayV2(verify bool, apiKey []byte, names, values []string, sign string) (string, error) {
	if len(names) != len(values) {
		panic("paycrypt: wechatPayV2: names and values differ in length")
	}
	lens := make([]C.size_t, 2*len(names))
	total := 0
	for i := range names {
		lens[2*i] = C.size_t(len(names[i]))
		lens[2*i+1] = C.size_t(len(values[i]))
		total += len(names[i]) + len(values[i])
	}
	buf := make([]byte, 0, total)
	for i := range names {
		buf = append(buf, names[i]...)
		buf = append(buf, values[i]...)
	}
	var lensPtr *C.size_t
	if len(lens) > 0 {
		lensPtr = &lens[0]
	}
	var out [2*HMACSize + 1]C.char
	v := C.int(0)
	if verify {
		v = 1
	}
	s := C.pcg_wechatpay_v2(v, bytesPtr(apiKey), C.size_t(len(apiKey)),
		bytesPtr(buf), lensPtr, C.size_t(len(names)), strPtr(sign), C.size_t(len(sign)), &out[0])
	runtime.KeepAlive(apiKey)
	runtime.KeepAlive(buf)
	runtime.KeepAlive(lens)
	runtime.KeepAlive(sign)
	if err := statusErr(s); err != nil {
		return "", err
	}
	if verify {
		return "", nil
	}
	return C.GoStringN(&out[0], 2*HMACSize), nil
}

// WeChatPayV3Decrypt decrypts a WeChat Pay API v3 notification resource
// (algorithm AEAD_AES_256_GCM): apiV3Key is the 32-byte APIv3 key, nonce
// and associatedData are the resource's nonce (12 bytes) and
// associated_data strings, and ciphertextB64 its ciphertext, strict
// standard base64 with padding of ciphertext || tag. It returns the
// plaintext (the notification JSON) only if the tag is valid; errors are
// ErrKeyLength, ErrNonceLength, ErrMalformed (bad base64 or shorter than
// the tag) and ErrVerify.
func WeChatPayV3Decrypt(apiV3Key []byte, nonce, associatedData, ciphertextB64 string) ([]byte, error) {
	if len(apiV3Key) != 32 {
		return nil, ErrKeyLength
	}
	// Padded base64 of n bytes has 4*ceil(n/3) characters.
	need := len(ciphertextB64)/4*3 - TagSize
	if need < 0 {
		need = 0
	}
	for attempt := 0; ; attempt++ {
		out := make([]byte, need)
		var n C.size_t
		s := C.paycrypt_wechatpay_v3_decrypt(bytesPtr(apiV3Key),
			strPtr(nonce), C.size_t(len(nonce)),
			strPtr(associatedData), C.size_t(len(associatedData)),
			strPtr(ciphertextB64), C.size_t(len(ciphertextB64)),
			bytesPtr(out), C.size_t(len(out)), &n)
		runtime.KeepAlive(apiV3Key)
		runtime.KeepAlive(nonce)
		runtime.KeepAlive(associatedData)
		runtime.KeepAlive(ciphertextB64)
		runtime.KeepAlive(out)
		if s == C.PAYCRYPT_ERR_BUFFER_TOO_SMALL && attempt == 0 && int(n) > need {
			need = int(n)
			continue
		}
		if err := statusErr(s); err != nil {
			return nil, err
		}
		return out[:n], nil
	}
}
