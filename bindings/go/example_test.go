package paycrypt_test

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"

	"paycrypt.dev/paycrypt"
)

func ExampleNewHMACKey() {
	key, err := paycrypt.NewHMACKey([]byte("terminal-42 shared secret"))
	if err != nil {
		log.Fatal(err)
	}
	defer key.Close()

	request := []byte(`{"amount":100,"currency":"CNY","order_id":"123456789"}`)
	tag := key.Sign(request)
	fmt.Println(key.Verify(request, tag[:]))
	fmt.Println(key.Verify([]byte(`{"amount":900}`), tag[:]))
	fmt.Println(key.Verify(request, tag[:16])) // truncated tags: 16..32 bytes
	// Output:
	// <nil>
	// paycrypt: signature or tag mismatch
	// <nil>
}

func ExampleHMACSHA256() {
	// RFC 4231, test case 2.
	tag := paycrypt.HMACSHA256([]byte("Jefe"), []byte("what do ya want for nothing?"))
	fmt.Println(hex.EncodeToString(tag[:]))
	// Output: 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843
}

func ExampleHMACKey_SignHex() {
	key, _ := paycrypt.NewHMACKey([]byte("Jefe"))
	defer key.Close()
	sig := key.SignHex([]byte("what do ya want for nothing?"))
	fmt.Println(sig)
	fmt.Println(key.VerifyHex([]byte("what do ya want for nothing?"), sig))
	// Output:
	// 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843
	// <nil>
}

func ExampleHMACKey_SignBatch() {
	key, _ := paycrypt.NewHMACKey([]byte("Jefe"))
	defer key.Close()
	tags := key.SignBatch([][]byte{[]byte("what do ya want "), []byte("what do ya want for nothing?")})
	fmt.Printf("%d tags, second %x...\n", len(tags), tags[1][:8])
	// Output: 2 tags, second 5bdcc146bf60754e...
}

func ExampleHMACKey_NewHash() {
	key, _ := paycrypt.NewHMACKey([]byte("Jefe"))
	defer key.Close()
	h := key.NewHash() // a hash.Hash: stream a body as it arrives
	io.WriteString(h, "what do ya want ")
	io.WriteString(h, "for nothing?")
	fmt.Printf("%x\n", h.Sum(nil))
	// Output: 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843
}

func ExampleNewAESGCM() {
	key := make([]byte, 32) // AES-256; use a real key from your KMS
	aead, err := paycrypt.NewAESGCM(key)
	if err != nil {
		log.Fatal(err)
	}
	defer aead.Close()

	nonce := make([]byte, aead.NonceSize()) // must never repeat under one key
	sealed := aead.Seal(nil, nonce, []byte("4111111111111111"), []byte("order 123456789"))
	card, err := aead.Open(nil, nonce, sealed, []byte("order 123456789"))
	fmt.Println(string(card), err)
	_, err = aead.Open(nil, nonce, sealed, []byte("order 987654321"))
	fmt.Println(errors.Is(err, paycrypt.ErrVerify))
	// Output:
	// 4111111111111111 <nil>
	// true
}

func ExampleAESGCM_SealEnvelope() {
	keys := map[uint32][]byte{7: make([]byte, 32)} // key id -> key, for rotation
	aead, _ := paycrypt.NewAESGCM(keys[7])
	defer aead.Close()
	env, err := aead.SealEnvelope(7, []byte("4111111111111111"), []byte("order-1"))
	if err != nil {
		log.Fatal(err)
	}

	id, _ := paycrypt.EnvelopeKeyID(env) // pick the key to open it with
	opener, _ := paycrypt.NewAESGCM(keys[id])
	defer opener.Close()
	card, err := opener.OpenEnvelope(env, []byte("order-1"))
	fmt.Println(id, len(env), string(card), err)
	// Output: 7 49 4111111111111111 <nil>
}

func ExampleHKDFSHA256() {
	// RFC 5869, test case 3 (empty salt and info).
	ikm, _ := hex.DecodeString("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b")
	okm, err := paycrypt.HKDFSHA256(ikm, nil, nil, 42)
	fmt.Printf("%x %v\n", okm, err)
	// Output: 8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8 <nil>
}

func ExampleConstantTimeEqual() {
	fmt.Println(paycrypt.ConstantTimeEqual([]byte("abc"), []byte("abc")))
	fmt.Println(paycrypt.ConstantTimeEqual([]byte("abc"), []byte("abd")))
	fmt.Println(paycrypt.ConstantTimeEqual([]byte("abc"), []byte("ab")))
	// Output:
	// true
	// false
	// false
}

func ExampleWebhookVerify() {
	// The key is the endpoint secret's bytes, whsec_ prefix included.
	key, _ := paycrypt.NewHMACKey([]byte("whsec_test_secret"))
	defer key.Close()
	body := []byte(`{"id":"evt_1","type":"payment_intent.succeeded"}`)

	header := paycrypt.WebhookSign(key, 1735689600, body)
	fmt.Println(header[:13])

	now := int64(1735689617) // time.Now().Unix() in a real handler
	fmt.Println(paycrypt.WebhookVerify(key, header, body, now, 300))
	err := paycrypt.WebhookVerify(key, header, body, now+3600, 300)
	fmt.Println(errors.Is(err, paycrypt.ErrExpired))
	err = paycrypt.WebhookVerify(key, "t=1735689600", body, now, 300)
	fmt.Println(errors.Is(err, paycrypt.ErrMalformed))
	// Output:
	// t=1735689600,
	// <nil>
	// true
	// true
}

func ExampleGitHubVerify() {
	// The example from GitHub's "Validating webhook deliveries".
	key, _ := paycrypt.NewHMACKey([]byte("It's a Secret to Everybody"))
	defer key.Close()
	header := "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
	fmt.Println(paycrypt.GitHubVerify(key, header, []byte("Hello, World!")))
	// Output: <nil>
}

func ExampleAdyenSign() {
	// The notification of the Adyen Python library's HMAC test.
	keyHex := "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"
	var item [8]string
	item[paycrypt.AdyenPSPReference] = "7914073381342284"
	item[paycrypt.AdyenMerchantAccountCode] = "TestMerchant"
	item[paycrypt.AdyenMerchantReference] = "TestPayment-1407325143704"
	item[paycrypt.AdyenValue] = "1130"
	item[paycrypt.AdyenCurrency] = "EUR"
	item[paycrypt.AdyenEventCode] = "AUTHORISATION"
	item[paycrypt.AdyenSuccess] = "true"
	sig, err := paycrypt.AdyenSign(keyHex, item)
	fmt.Println(sig, err)
	fmt.Println(paycrypt.AdyenVerify(keyHex, item, sig))
	// Output:
	// coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0= <nil>
	// <nil>
}

func ExampleWeChatPayV2Sign() {
	// The sample of WeChat Pay's API v2 signature documentation.
	apiKey := []byte("192006250b4c09247ec02edce69f6a2d")
	params := map[string]string{
		"appid":       "wxd930ea5d5a258f4f",
		"mch_id":      "10000100",
		"device_info": "1000",
		"body":        "test",
		"nonce_str":   "ibuaiVcKdpRxkhJA",
	}
	sign, err := paycrypt.WeChatPayV2Sign(apiKey, params)
	fmt.Println(sign, err)
	params["sign"] = sign
	fmt.Println(paycrypt.WeChatPayV2Verify(apiKey, params))
	// Output:
	// 6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6 <nil>
	// <nil>
}

func ExampleWeChatPayV3Decrypt() {
	apiV3Key := []byte("0123456789abcdefghijklmnopqrstuv") // 32 bytes
	nonce, associatedData := "5K8264ILTKCH", "transaction"

	// What WeChat Pay sends: base64 of AES-256-GCM ciphertext || tag.
	aead, _ := paycrypt.NewAESGCM(apiV3Key)
	defer aead.Close()
	resource := base64.StdEncoding.EncodeToString(
		aead.Seal(nil, []byte(nonce), []byte(`{"trade_state":"SUCCESS"}`), []byte(associatedData)))

	plaintext, err := paycrypt.WeChatPayV3Decrypt(apiV3Key, nonce, associatedData, resource)
	fmt.Println(string(plaintext), err)
	// Output: {"trade_state":"SUCCESS"} <nil>
}

func ExampleError() {
	_, err := paycrypt.NewAESGCM(make([]byte, 24)) // AES-192 is not offered
	var perr *paycrypt.Error
	if errors.As(err, &perr) {
		fmt.Println(perr.Status(), errors.Is(err, paycrypt.ErrKeyLength))
	}
	fmt.Println(err)
	// Output:
	// 2 true
	// paycrypt: key length not accepted
}
