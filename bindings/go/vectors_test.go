package paycrypt

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// vectorDir holds the shared vector files read by every test suite.
var vectorDir = filepath.Join("..", "..", "tests", "vectors")

// vcase is one case of a vector file: its section, the line it starts
// on, and its fields in file order (a field may repeat, e.g. Param).
type vcase struct {
	file    string
	section string
	line    int
	names   []string
	values  []string
}

func (c *vcase) String() string {
	return fmt.Sprintf("%s:%d [%s] %s", c.file, c.line, c.section, c.get("Count")+c.get("TcId"))
}

func (c *vcase) has(name string) bool {
	for _, n := range c.names {
		if n == name {
			return true
		}
	}
	return false
}

func (c *vcase) get(name string) string {
	for i, n := range c.names {
		if n == name {
			return c.values[i]
		}
	}
	return ""
}

func (c *vcase) all(name string) []string {
	var out []string
	for i, n := range c.names {
		if n == name {
			out = append(out, c.values[i])
		}
	}
	return out
}

// must returns a field that the case has to have.
func (c *vcase) must(t testing.TB, name string) string {
	t.Helper()
	if !c.has(name) {
		t.Fatalf("%v: no field %s", c, name)
	}
	return c.get(name)
}

func (c *vcase) hex(t testing.TB, name string) []byte {
	t.Helper()
	b, err := hex.DecodeString(c.must(t, name))
	if err != nil {
		t.Fatalf("%v: field %s: %v", c, name, err)
	}
	return b
}

func (c *vcase) int(t testing.TB, name string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(c.must(t, name), 10, 64)
	if err != nil {
		t.Fatalf("%v: field %s: %v", c, name, err)
	}
	return n
}

// parseVectors reads the shared format: '#' comments, '[Section]' lines,
// cases as runs of 'Field = value' lines separated by blank lines, each
// line split at its first '=' and trimmed.
func parseVectors(path string) ([]*vcase, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	var cases []*vcase
	var cur *vcase
	section := ""
	lineNo := 0
	flush := func() {
		if cur != nil {
			cases = append(cases, cur)
			cur = nil
		}
	}
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			flush()
			section = line[1 : len(line)-1]
		default:
			name, value, ok := strings.Cut(line, "=")
			if !ok {
				return nil, fmt.Errorf("%s:%d: no '=' in %q", path, lineNo, line)
			}
			if cur == nil {
				cur = &vcase{file: filepath.Base(path), section: section, line: lineNo}
			}
			cur.names = append(cur.names, strings.TrimSpace(name))
			cur.values = append(cur.values, strings.TrimSpace(value))
		}
	}
	flush()
	return cases, sc.Err()
}

// loadVectors parses a vector file; a missing provider file skips the
// test (they are produced separately), a missing core file fails it.
func loadVectors(t testing.TB, name string, optional bool) []*vcase {
	t.Helper()
	path := filepath.Join(vectorDir, name)
	cases, err := parseVectors(path)
	if errors.Is(err, os.ErrNotExist) && optional {
		t.Skipf("%s not present", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s: no cases", path)
	}
	return cases
}

// expectErr maps a provider file's Expect value to the error it means.
func expectErr(t testing.TB, c *vcase) error {
	t.Helper()
	switch e := c.must(t, "Expect"); e {
	case "ok":
		return nil
	case "verify_failed":
		return ErrVerify
	case "expired":
		return ErrExpired
	case "malformed":
		return ErrMalformed
	case "nonce_length":
		return ErrNonceLength
	case "key_length":
		return ErrKeyLength
	default:
		t.Fatalf("%v: unknown Expect %q", c, e)
		return nil
	}
}

// flip returns a copy of b with bit `bit` of byte i inverted.
func flip(b []byte, i int, bit uint) []byte {
	out := bytes.Clone(b)
	out[i] ^= 1 << bit
	return out
}

func checkErr(t testing.TB, c fmt.Stringer, what string, got, want error) {
	t.Helper()
	if !errors.Is(got, want) || (want == nil && got != nil) {
		t.Errorf("%v: %s: got %v, want %v", c, what, got, want)
	}
}

func TestVectorsRFC4231HMAC(t *testing.T) {
	for _, c := range loadVectors(t, "rfc4231_hmac_sha256.txt", false) {
		key, msg, tag := c.hex(t, "Key"), c.hex(t, "Msg"), c.hex(t, "Tag")
		full := HMACSHA256(key, msg)
		if !bytes.Equal(full[:len(tag)], tag) {
			t.Errorf("%v: HMACSHA256 = %x, want prefix %x", c, full, tag)
		}
		k, err := NewHMACKey(key)
		if err != nil {
			t.Fatal(err)
		}
		if s := k.Sign(msg); s != full {
			t.Errorf("%v: HMACKey.Sign = %x, want %x", c, s, full)
		}
		checkErr(t, c, "VerifyHMACSHA256", VerifyHMACSHA256(key, msg, tag), nil)
		checkErr(t, c, "Verify", k.Verify(msg, tag), nil)
		checkErr(t, c, "VerifyHex", k.VerifyHex(msg, hex.EncodeToString(tag)), nil)
		checkErr(t, c, "VerifyHex upper", k.VerifyHex(msg, strings.ToUpper(hex.EncodeToString(tag))), nil)
		for i := range tag {
			checkErr(t, c, "tampered tag", k.Verify(msg, flip(tag, i, uint(i%8))), ErrVerify)
		}
		if len(msg) > 0 {
			checkErr(t, c, "tampered msg", VerifyHMACSHA256(key, flip(msg, len(msg)-1, 0), tag), ErrVerify)
		}
		k.Close()
	}
}

func TestVectorsNISTSHA256(t *testing.T) {
	n := 0
	for _, c := range loadVectors(t, "nist_sha256.txt", false) {
		msg := c.hex(t, "Msg")
		if c.has("Repeat") {
			msg = bytes.Repeat(msg, int(c.int(t, "Repeat")))
		}
		want := c.hex(t, "Digest")
		got := SHA256(msg)
		if !bytes.Equal(got[:], want) {
			t.Errorf("%v: SHA256 = %x, want %x", c, got, want)
		}
		n++
	}
	t.Logf("%d SHA-256 cases", n)
}

// testAEADVector runs one AES-GCM case (NIST or Wycheproof) in both
// directions, plus a tampered twin of every valid case.
func testAEADVector(t *testing.T, c *vcase, key, iv, aad, pt, ct, tag []byte, valid bool) {
	t.Helper()
	a, err := NewAESGCM(key)
	if err != nil {
		t.Fatalf("%v: NewAESGCM: %v", c, err)
	}
	defer a.Close()
	sealed := append(bytes.Clone(ct), tag...)
	if !valid {
		got, err := a.Open(nil, iv, sealed, aad)
		if !errors.Is(err, ErrVerify) || got != nil {
			t.Errorf("%v: invalid case opened: %x, %v", c, got, err)
		}
		return
	}
	if got := a.Seal(nil, iv, pt, aad); !bytes.Equal(got, sealed) {
		t.Errorf("%v: Seal = %x, want %x", c, got, sealed)
	}
	got, err := a.Open(nil, iv, sealed, aad)
	if err != nil || !bytes.Equal(got, pt) {
		t.Errorf("%v: Open = %x, %v; want %x", c, got, err, pt)
	}
	// Tamper with one bit of the ciphertext/tag, the AAD and the nonce.
	for _, tc := range []struct {
		name          string
		iv, aad, data []byte
	}{
		{"tag", iv, aad, flip(sealed, len(sealed)-1, 7)},
		{"first byte", iv, aad, flip(sealed, 0, 0)},
		{"nonce", flip(iv, 5, 3), aad, sealed},
	} {
		if got, err := a.Open(nil, tc.iv, tc.data, tc.aad); !errors.Is(err, ErrVerify) {
			t.Errorf("%v: tampered %s opened: %x, %v", c, tc.name, got, err)
		}
	}
	if len(aad) > 0 {
		if _, err := a.Open(nil, iv, sealed, flip(aad, 0, 1)); !errors.Is(err, ErrVerify) {
			t.Errorf("%v: tampered AAD opened: %v", c, err)
		}
	}
}

func TestVectorsNISTAESGCM(t *testing.T) {
	for _, c := range loadVectors(t, "nist_cavp_aes_gcm.txt", false) {
		testAEADVector(t, c, c.hex(t, "Key"), c.hex(t, "IV"), c.hex(t, "AAD"), c.hex(t, "PT"),
			c.hex(t, "CT"), c.hex(t, "Tag"), c.must(t, "Result") == "valid")
	}
}

func TestVectorsWycheproofAESGCM(t *testing.T) {
	for _, c := range loadVectors(t, "wycheproof_aes_gcm.txt", false) {
		testAEADVector(t, c, c.hex(t, "Key"), c.hex(t, "IV"), c.hex(t, "AAD"), c.hex(t, "Msg"),
			c.hex(t, "CT"), c.hex(t, "Tag"), c.must(t, "Result") == "valid")
	}
}

func TestVectorsRFC5869HKDF(t *testing.T) {
	for _, c := range loadVectors(t, "rfc5869_hkdf_sha256.txt", false) {
		ikm, salt, info := c.hex(t, "IKM"), c.hex(t, "Salt"), c.hex(t, "Info")
		okm, err := HKDFSHA256(ikm, salt, info, int(c.int(t, "L")))
		if err != nil || !bytes.Equal(okm, c.hex(t, "OKM")) {
			t.Errorf("%v: HKDFSHA256 = %x, %v", c, okm, err)
		}
		// The test's own HKDF must agree too (it is the differential oracle).
		if prk := refHKDFExtract(salt, ikm); !bytes.Equal(prk, c.hex(t, "PRK")) {
			t.Errorf("%v: reference PRK = %x", c, prk)
		}
	}
}

func TestVectorsWycheproofHMAC(t *testing.T) {
	for _, c := range loadVectors(t, "wycheproof_hmac_sha256.txt", false) {
		key, msg, tag := c.hex(t, "Key"), c.hex(t, "Msg"), c.hex(t, "Tag")
		err := VerifyHMACSHA256(key, msg, tag)
		if c.must(t, "Result") == "valid" {
			checkErr(t, c, "VerifyHMACSHA256", err, nil)
			k, _ := NewHMACKey(key)
			full := k.Sign(msg)
			if !bytes.Equal(full[:len(tag)], tag) {
				t.Errorf("%v: Sign = %x, want prefix %x", c, full, tag)
			}
			checkErr(t, c, "tampered", k.Verify(msg, flip(tag, 0, 0)), ErrVerify)
			k.Close()
		} else if err == nil {
			t.Errorf("%v: invalid tag accepted", c)
		}
	}
}

func TestVectorsWycheproofHKDF(t *testing.T) {
	for _, c := range loadVectors(t, "wycheproof_hkdf_sha256.txt", false) {
		okm, err := HKDFSHA256(c.hex(t, "IKM"), c.hex(t, "Salt"), c.hex(t, "Info"), int(c.int(t, "Size")))
		if c.must(t, "Result") == "valid" {
			if err != nil || !bytes.Equal(okm, c.hex(t, "OKM")) {
				t.Errorf("%v: HKDFSHA256 = %x, %v", c, okm, err)
			}
		} else {
			checkErr(t, c, "HKDFSHA256", err, ErrInputTooLong)
		}
	}
}

func TestVectorsStripe(t *testing.T) {
	for _, c := range loadVectors(t, "stripe_webhook.txt", true) {
		k, err := NewHMACKey(c.hex(t, "Secret"))
		if err != nil {
			t.Fatal(err)
		}
		payload, header := c.hex(t, "Payload"), string(c.hex(t, "Header"))
		now, tol := c.int(t, "Now"), c.int(t, "Tolerance")
		want := expectErr(t, c)
		checkErr(t, c, "WebhookVerify", WebhookVerify(k, header, payload, now, uint32(tol)), want)
		if c.get("Canonical") == "yes" {
			if got := WebhookSign(k, c.int(t, "Timestamp"), payload); got != header {
				t.Errorf("%v: WebhookSign = %q, want %q", c, got, header)
			}
		}
		if want == nil {
			// Tampered twins: payload and every byte of the header's v1.
			checkErr(t, c, "tampered payload", WebhookVerify(k, header, append(bytes.Clone(payload), 'x'), now, uint32(tol)), ErrVerify)
			if len(payload) > 0 {
				checkErr(t, c, "flipped payload", WebhookVerify(k, header, flip(payload, 0, 0), now, uint32(tol)), ErrVerify)
			}
		}
		k.Close()
	}
}

func TestVectorsGitHub(t *testing.T) {
	for _, c := range loadVectors(t, "github_webhook.txt", true) {
		k, _ := NewHMACKey(c.hex(t, "Secret"))
		payload, header := c.hex(t, "Payload"), string(c.hex(t, "Header"))
		want := expectErr(t, c)
		checkErr(t, c, "GitHubVerify", GitHubVerify(k, header, payload), want)
		if want == nil {
			checkErr(t, c, "tampered", GitHubVerify(k, header, append(bytes.Clone(payload), 0)), ErrVerify)
		}
		k.Close()
	}
}

var adyenFieldNames = [8]string{"PspReference", "OriginalReference", "MerchantAccountCode",
	"MerchantReference", "Value", "Currency", "EventCode", "Success"}

func TestVectorsAdyen(t *testing.T) {
	nNotif, nPayload := 0, 0
	for _, c := range loadVectors(t, "adyen_hmac.txt", true) {
		keyHex, sig := string(c.hex(t, "KeyHex")), string(c.hex(t, "Signature"))
		want := expectErr(t, c)
		switch c.section {
		case "Notification":
			nNotif++
			var fields [8]string
			for i, name := range adyenFieldNames {
				fields[i] = string(c.hex(t, name))
			}
			checkErr(t, c, "AdyenVerify", AdyenVerify(keyHex, fields, sig), want)
			if want == nil {
				got, err := AdyenSign(keyHex, fields)
				if err != nil || got != sig {
					t.Errorf("%v: AdyenSign = %q, %v; want %q", c, got, err, sig)
				}
				fields[AdyenValue] += "0"
				checkErr(t, c, "tampered value", AdyenVerify(keyHex, fields, sig), ErrVerify)
			}
		case "Payload":
			nPayload++
			payload := c.hex(t, "Payload")
			checkErr(t, c, "AdyenPayloadVerify", AdyenPayloadVerify(keyHex, payload, sig), want)
			if want == nil {
				checkErr(t, c, "tampered", AdyenPayloadVerify(keyHex, append(bytes.Clone(payload), ' '), sig), ErrVerify)
			}
		default:
			t.Fatalf("%v: unknown section", c)
		}
	}
	if nNotif == 0 || nPayload == 0 {
		t.Errorf("sections missing: %d notification, %d payload cases", nNotif, nPayload)
	}
}

func TestVectorsWeChatPayV2(t *testing.T) {
	mapped := 0
	for _, c := range loadVectors(t, "wechatpay_v2.txt", true) {
		apiKey, sign := c.hex(t, "ApiKey"), string(c.hex(t, "Sign"))
		var names, values []string
		seen := map[string]bool{}
		dup := false
		for _, p := range c.all("Param") {
			hn, hv, ok := strings.Cut(p, ":")
			if !ok {
				t.Fatalf("%v: bad Param %q", c, p)
			}
			n, err1 := hex.DecodeString(hn)
			v, err2 := hex.DecodeString(hv)
			if err1 != nil || err2 != nil {
				t.Fatalf("%v: bad Param %q", c, p)
			}
			names, values = append(names, string(n)), append(values, string(v))
			dup = dup || seen[string(n)]
			seen[string(n)] = true
		}
		want := expectErr(t, c)
		_, err := wechatPayV2(true, apiKey, names, values, sign)
		checkErr(t, c, "list verify", err, want)
		if want == nil {
			got, err := wechatPayV2(false, apiKey, names, values, "")
			if err != nil || got != strings.ToUpper(sign) {
				t.Errorf("%v: sign = %q, %v; want %q", c, got, err, sign)
			}
		}
		if dup {
			continue // a Go map cannot hold repeated names
		}
		mapped++
		params := map[string]string{}
		for i := range names {
			params[names[i]] = values[i]
		}
		params["sign"] = sign
		checkErr(t, c, "WeChatPayV2Verify", WeChatPayV2Verify(apiKey, params), want)
		if want == nil {
			got, err := WeChatPayV2Sign(apiKey, params)
			if err != nil || got != strings.ToUpper(sign) {
				t.Errorf("%v: WeChatPayV2Sign = %q, %v; want %q", c, got, err, sign)
			}
			params["zz_tamper"] = "1"
			checkErr(t, c, "tampered", WeChatPayV2Verify(apiKey, params), ErrVerify)
		}
	}
	if mapped == 0 {
		t.Error("no case went through the map API")
	}
}

func TestVectorsWeChatPayV3(t *testing.T) {
	for _, c := range loadVectors(t, "wechatpay_v3.txt", true) {
		key, nonce, ad := c.hex(t, "Key"), string(c.hex(t, "Nonce")), string(c.hex(t, "AssociatedData"))
		ct := string(c.hex(t, "Ciphertext"))
		want := expectErr(t, c)
		pt, err := WeChatPayV3Decrypt(key, nonce, ad, ct)
		checkErr(t, c, "WeChatPayV3Decrypt", err, want)
		if want == nil && !bytes.Equal(pt, c.hex(t, "Plaintext")) {
			t.Errorf("%v: plaintext = %q", c, pt)
		}
		if want != nil && pt != nil {
			t.Errorf("%v: plaintext returned with an error: %q", c, pt)
		}
		if want == nil {
			_, err := WeChatPayV3Decrypt(key, nonce, ad+"x", ct)
			checkErr(t, c, "tampered AAD", err, ErrVerify)
		}
	}
}

func TestVectorsEnvelope(t *testing.T) {
	for _, c := range loadVectors(t, "envelope.txt", true) {
		a, err := NewAESGCM(c.hex(t, "Key"))
		if err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		aad, env := c.hex(t, "AAD"), c.hex(t, "Envelope")
		want := expectErr(t, c)
		pt, err := a.OpenEnvelope(env, aad)
		checkErr(t, c, "OpenEnvelope", err, want)
		if want == nil {
			if !bytes.Equal(pt, c.hex(t, "Plaintext")) {
				t.Errorf("%v: plaintext = %x", c, pt)
			}
			id, err := EnvelopeKeyID(env)
			if err != nil || int64(id) != c.int(t, "KeyId") {
				t.Errorf("%v: EnvelopeKeyID = %d, %v", c, id, err)
			}
			sealed, err := a.sealEnvelope(uint32(c.int(t, "KeyId")), c.hex(t, "Nonce"), pt, aad)
			if err != nil || !bytes.Equal(sealed, env) {
				t.Errorf("%v: sealEnvelope = %x, %v", c, sealed, err)
			}
			for i := 1; i < len(env); i++ {
				if _, err := a.OpenEnvelope(flip(env, i, uint(i%8)), aad); !errors.Is(err, ErrVerify) {
					t.Errorf("%v: byte %d flipped: %v", c, i, err)
				}
			}
			if _, err := a.OpenEnvelope(flip(env, 0, 1), aad); !errors.Is(err, ErrMalformed) {
				t.Errorf("%v: version flipped: %v", c, err)
			}
		}
		if want != nil && pt != nil {
			t.Errorf("%v: plaintext returned with an error", c)
		}
		a.Close()
	}
}

// refHKDFExtract and refHKDF are RFC 5869 written over crypto/hmac, the
// oracle of the differential tests.
func refHKDFExtract(salt, ikm []byte) []byte {
	if len(salt) == 0 {
		salt = make([]byte, sha256.Size)
	}
	m := hmac.New(sha256.New, salt)
	m.Write(ikm)
	return m.Sum(nil)
}

func refHKDF(ikm, salt, info []byte, length int) []byte {
	prk := refHKDFExtract(salt, ikm)
	var okm, prev []byte
	for i := byte(1); len(okm) < length; i++ {
		m := hmac.New(sha256.New, prk)
		m.Write(prev)
		m.Write(info)
		m.Write([]byte{i})
		prev = m.Sum(nil)
		okm = append(okm, prev...)
	}
	return okm[:length]
}

// stdGCM is crypto/aes + cipher.NewGCM, the AES-GCM oracle.
func stdGCM(t testing.TB, key []byte) cipher.AEAD {
	t.Helper()
	b, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	g, err := cipher.NewGCM(b)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
