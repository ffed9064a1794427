package paycrypt

import (
	"bytes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestVersionMatchesHeader(t *testing.T) {
	if Version() != headerVersion {
		t.Fatalf("library %q, header %q: rebuild the Rust library", Version(), headerVersion)
	}
}

func TestConstants(t *testing.T) {
	for name, got := range map[string][2]int{
		"HMACSize":         {HMACSize, 32},
		"MinTagSize":       {MinTagSize, 16},
		"NonceSize":        {NonceSize, 12},
		"TagSize":          {TagSize, 16},
		"EnvelopeOverhead": {EnvelopeOverhead, 33},
		"HKDFMaxLength":    {HKDFMaxLength, 8160},
	} {
		if got[0] != got[1] {
			t.Errorf("%s = %d, want %d", name, got[0], got[1])
		}
	}
}

func TestErrors(t *testing.T) {
	want := map[*Error]int{
		ErrNullPointer: 1, ErrKeyLength: 2, ErrNonceLength: 3, ErrTagLength: 4,
		ErrBufferTooSmall: 5, ErrInputTooLong: 6, ErrVerify: 7, ErrMalformed: 8,
		ErrExpired: 9, ErrUninitialized: 10, ErrUnsupported: 11, ErrOverlap: 12,
		ErrInternal: 255,
	}
	msgs := map[string]bool{}
	for e, code := range want {
		if e.Status() != code {
			t.Errorf("%v: status %d, want %d", e, e.Status(), code)
		}
		if got := statusErr(uint32(code)); got != error(e) {
			t.Errorf("statusErr(%d) = %v, want the sentinel", code, got)
		}
		if !strings.HasPrefix(e.Error(), "paycrypt: ") || len(e.Error()) < 20 || msgs[e.Error()] {
			t.Errorf("status %d: message %q", code, e.Error())
		}
		msgs[e.Error()] = true
		wrapped := fmt.Errorf("handling webhook: %w", e)
		if !errors.Is(wrapped, e) {
			t.Errorf("errors.Is fails through wrapping for %v", e)
		}
		var pe *Error
		if !errors.As(wrapped, &pe) || pe.Status() != code {
			t.Errorf("errors.As fails for %v", e)
		}
		for other := range want {
			if other != e && errors.Is(e, other) {
				t.Errorf("%v matches %v", e, other)
			}
		}
	}
	if statusErr(uint32(0)) != nil {
		t.Error("status 0 is not nil")
	}
	unknown := statusErr(uint32(77))
	var pe *Error
	if !errors.As(unknown, &pe) || pe.Status() != 77 || !strings.Contains(unknown.Error(), "unknown") {
		t.Errorf("unknown status: %v", unknown)
	}
}

// mustPanic runs f and requires a panic whose message contains want.
func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("no panic, want one containing %q", want)
			return
		}
		if msg := fmt.Sprint(r); !strings.Contains(msg, want) {
			t.Errorf("panic %q, want one containing %q", msg, want)
		}
	}()
	f()
}

func TestClosedHMACKeyPanics(t *testing.T) {
	k, err := NewHMACKey([]byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	h := k.NewHash()
	k.Close()
	k.Close() // idempotent
	const msg = "HMACKey used after Close"
	mustPanic(t, msg, func() { k.Sign(nil) })
	mustPanic(t, msg, func() { k.SignHex(nil) })
	mustPanic(t, msg, func() { _ = k.Verify(nil, make([]byte, 32)) })
	mustPanic(t, msg, func() { _ = k.VerifyHex(nil, strings.Repeat("0", 64)) })
	mustPanic(t, msg, func() { k.SignBatch([][]byte{{1}}) })
	mustPanic(t, msg, func() { k.SignBatch(nil) })
	mustPanic(t, msg, func() { k.NewHash() })
	mustPanic(t, msg, func() { WebhookSign(k, 1, nil) })
	mustPanic(t, msg, func() { _ = WebhookVerify(k, "t=1,v1=", nil, 1, 0) })
	mustPanic(t, msg, func() { _ = GitHubVerify(k, "sha256=", nil) })
	var zero HMACKey
	mustPanic(t, "not made by NewHMACKey", func() { zero.Sign(nil) })
	var nilKey *HMACKey
	mustPanic(t, "nil *HMACKey", func() { nilKey.Sign(nil) })
	nilKey.Close() // no-op
	// A nil key where an error can be returned is ErrNullPointer.
	if err := WebhookVerify(nil, "t=1", nil, 0, 0); !errors.Is(err, ErrNullPointer) {
		t.Errorf("WebhookVerify(nil key) = %v", err)
	}
	if err := GitHubVerify(nil, "sha256=", nil); !errors.Is(err, ErrNullPointer) {
		t.Errorf("GitHubVerify(nil key) = %v", err)
	}
	mustPanic(t, "nil *HMACKey", func() { WebhookSign(nil, 1, nil) })
	// The hash made before Close has its own copy of the key state.
	h.Write([]byte("still works"))
	if want := stdHMAC([]byte("secret"), []byte("still works")); !bytes.Equal(h.Sum(nil), want) {
		t.Error("hash broken by closing its key")
	}
}

func TestClosedAESGCMPanics(t *testing.T) {
	a, err := NewAESGCM(make([]byte, 16))
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	a.Close()
	const msg = "AESGCM used after Close"
	nonce := make([]byte, 12)
	mustPanic(t, msg, func() { a.Seal(nil, nonce, nil, nil) })
	mustPanic(t, msg, func() { _, _ = a.Open(nil, nonce, make([]byte, 16), nil) })
	mustPanic(t, msg, func() { _, _ = a.SealEnvelope(1, nil, nil) })
	mustPanic(t, msg, func() { _, _ = a.OpenEnvelope(make([]byte, 33), nil) })
	if a.NonceSize() != 12 || a.Overhead() != 16 {
		t.Error("sizes changed by Close")
	}
	var nilKey *AESGCM
	mustPanic(t, "nil *AESGCM", func() { nilKey.Seal(nil, nonce, nil, nil) })
	nilKey.Close()
}

func TestAESGCMKeyLengths(t *testing.T) {
	for _, n := range []int{0, 1, 15, 17, 24, 31, 33, 64} {
		if a, err := NewAESGCM(make([]byte, n)); !errors.Is(err, ErrKeyLength) || a != nil {
			t.Errorf("NewAESGCM(%d bytes) = %v, %v; want ErrKeyLength", n, a, err)
		}
	}
	if a, err := NewAESGCM(nil); a != nil || !errors.Is(err, ErrKeyLength) {
		t.Errorf("NewAESGCM(nil) = %v, %v", a, err)
	}
}

// TestAESGCMPanicsLikeStdlib checks that Seal and Open panic exactly
// where crypto/cipher's GCM does, and return errors otherwise.
func TestAESGCMPanicsLikeStdlib(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	a, _ := NewAESGCM(key)
	defer a.Close()
	std := stdGCM(t, key)
	for _, aead := range []cipher.AEAD{a, std} {
		name := fmt.Sprintf("%T", aead)
		for _, n := range []int{0, 11, 13, 16} {
			nonce := make([]byte, n)
			mustPanic(t, "nonce length", func() { aead.Seal(nil, nonce, []byte("x"), nil) })
			mustPanic(t, "nonce length", func() { _, _ = aead.Open(nil, nonce, make([]byte, 32), nil) })
		}
		nonce := make([]byte, 12)
		buf := make([]byte, 100)
		// Output overlapping the plaintext at a different offset.
		mustPanic(t, "overlap", func() { aead.Seal(buf[:1], nonce, buf[:50], nil) })
		// Output overlapping the additional data.
		mustPanic(t, "overlap", func() { aead.Seal(buf[:0], nonce, []byte("pt"), buf[5:10]) })
		// Empty plaintext or AAD whose address lies inside the output
		// shares no byte with it: no panic, and the stdlib's result.
		empty := aead.Seal(nil, nonce, nil, nil)
		if got := aead.Seal(buf[:0], nonce, buf[3:3], buf[7:7]); !bytes.Equal(got, empty) {
			t.Errorf("%s: Seal with empty inputs inside the output = %x, want %x", name, got, empty)
		}
		sealed := aead.Seal(nil, nonce, []byte("hello"), nil)
		big := append(make([]byte, 0, 100), sealed...)
		mustPanic(t, "overlap", func() { _, _ = aead.Open(big[1:1], nonce, big, nil) })
		mustPanic(t, "overlap", func() { _, _ = aead.Open(big[:0], nonce, []byte("hellohellohellohello!"), big[:4]) })
		// Short or tampered ciphertext is an error, not a panic.
		for _, ct := range [][]byte{nil, {}, make([]byte, 15), make([]byte, 16), make([]byte, 40)} {
			if out, err := aead.Open(nil, nonce, ct, nil); err == nil || out != nil {
				t.Errorf("%s: Open(%d bytes) = %x, %v", name, len(ct), out, err)
			}
		}
		// Exact in-place use is allowed.
		pt := append(make([]byte, 0, 64), "in place"...)
		ct := aead.Seal(pt[:0], nonce, pt, pt[60:60])
		if out, err := aead.Open(ct[:0], nonce, ct, nil); err != nil || string(out) != "in place" {
			t.Errorf("%s: in place: %q, %v", name, out, err)
		}
	}
	for _, n := range []int{0, 15} {
		if _, err := a.Open(nil, make([]byte, 12), make([]byte, n), nil); !errors.Is(err, ErrMalformed) {
			t.Errorf("Open(%d bytes) = %v, want ErrMalformed", n, err)
		}
	}
}

func TestHashInterface(t *testing.T) {
	k, _ := NewHMACKey([]byte("k"))
	defer k.Close()
	h := k.NewHash()
	if h.Size() != 32 || h.BlockSize() != 64 {
		t.Fatalf("Size %d BlockSize %d", h.Size(), h.BlockSize())
	}
	if n, err := h.Write(nil); n != 0 || err != nil {
		t.Fatalf("Write(nil) = %d, %v", n, err)
	}
	if n, err := h.Write([]byte("abc")); n != 3 || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	s1 := h.Sum(nil)
	s2 := h.Sum([]byte{1, 2})
	if !bytes.Equal(s1, s2[2:]) || !bytes.Equal(s2[:2], []byte{1, 2}) {
		t.Fatal("Sum is not idempotent or does not append")
	}
	if want := stdHMAC([]byte("k"), []byte("abc")); !bytes.Equal(s1, want) {
		t.Fatal("Sum differs from crypto/hmac")
	}
}

func TestHKDFEdges(t *testing.T) {
	okm, err := HKDFSHA256(nil, nil, nil, 0)
	if err != nil || len(okm) != 0 {
		t.Fatalf("length 0: %x, %v", okm, err)
	}
	okm, err = HKDFSHA256(nil, nil, nil, 8160)
	if err != nil || !bytes.Equal(okm, refHKDF(nil, nil, nil, 8160)) {
		t.Fatalf("empty inputs, max length: %v", err)
	}
}

func TestConstantTimeEqual(t *testing.T) {
	for _, tc := range []struct {
		a, b []byte
		want bool
	}{
		{nil, nil, true},
		{nil, []byte{}, true},
		{[]byte("a"), nil, false},
		{[]byte("abc"), []byte("abc"), true},
		{[]byte("abc"), []byte("abd"), false},
		{[]byte("abc"), []byte("abcd"), false},
		{bytes.Repeat([]byte{9}, 1000), bytes.Repeat([]byte{9}, 1000), true},
	} {
		if got := ConstantTimeEqual(tc.a, tc.b); got != tc.want {
			t.Errorf("ConstantTimeEqual(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}

func TestWeChatPayV2Edges(t *testing.T) {
	key := []byte("192006250b4c09247ec02edce69f6a2d")
	if _, err := WeChatPayV2Sign(nil, map[string]string{"a": "b"}); !errors.Is(err, ErrKeyLength) {
		t.Errorf("empty API key: %v", err)
	}
	for _, bad := range []string{"", "a=b", "a&b"} {
		if _, err := WeChatPayV2Sign(key, map[string]string{bad: "v"}); !errors.Is(err, ErrMalformed) {
			t.Errorf("name %q: %v", bad, err)
		}
	}
	// No parameters at all: the string to sign is just key=<api key>.
	sig, err := WeChatPayV2Sign(key, nil)
	if want := strings.ToUpper(fmt.Sprintf("%x", stdHMAC(key, []byte("key="+string(key))))); err != nil || sig != want {
		t.Errorf("no params: %q, %v; want %q", sig, err, want)
	}
	// Many parameters (more than the helper's stack array), against a
	// reference over crypto/hmac.
	params := map[string]string{}
	for i := 0; i < 300; i++ {
		params[fmt.Sprintf("p%03d", i)] = fmt.Sprint(i * 7)
	}
	params["empty"] = ""
	sig, err = WeChatPayV2Sign(key, params)
	if want := refWeChatV2(key, params); err != nil || sig != want {
		t.Fatalf("300 params: %q, %v; want %q", sig, err, want)
	}
	params["sign"] = strings.ToLower(sig)
	if err := WeChatPayV2Verify(key, params); err != nil {
		t.Errorf("verify lowercase: %v", err)
	}
	delete(params, "sign")
	if err := WeChatPayV2Verify(key, params); !errors.Is(err, ErrMalformed) {
		t.Errorf("verify without sign: %v", err)
	}
	for i := 300; i < 1100; i++ {
		params[fmt.Sprintf("p%04d", i)] = "x"
	}
	if _, err := WeChatPayV2Sign(key, params); !errors.Is(err, ErrInputTooLong) {
		t.Errorf("1100 params: %v", err)
	}
}

func TestWeChatPayV3RoundTrip(t *testing.T) {
	key := []byte("0123456789abcdef0123456789ABCDEF")
	std := stdGCM(t, key)
	nonce, ad := "abcdefghijkl", "transaction"
	pt := []byte(`{"mchid":"1900000001","trade_state":"SUCCESS"}`)
	b64 := base64.StdEncoding.EncodeToString(std.Seal(nil, []byte(nonce), pt, []byte(ad)))
	got, err := WeChatPayV3Decrypt(key, nonce, ad, b64)
	if err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("decrypt = %q, %v", got, err)
	}
	for _, tc := range []struct {
		key            []byte
		nonce, ad, b64 string
		want           error
	}{
		{key[:31], nonce, ad, b64, ErrKeyLength},
		{nil, nonce, ad, b64, ErrKeyLength},
		{key, nonce[:11], ad, b64, ErrNonceLength},
		{key, "", ad, b64, ErrNonceLength},
		{key, nonce, ad + ".", b64, ErrVerify},
		{key, nonce, ad, b64[:len(b64)-1], ErrMalformed},
		{key, nonce, ad, " " + b64, ErrMalformed},
		{key, nonce, ad, "", ErrMalformed},
		{key, nonce, ad, "AAAA", ErrMalformed},
	} {
		if out, err := WeChatPayV3Decrypt(tc.key, tc.nonce, tc.ad, tc.b64); !errors.Is(err, tc.want) || out != nil {
			t.Errorf("%d-byte key, nonce %q, b64 %.10q: %q, %v; want %v", len(tc.key), tc.nonce, tc.b64, out, err, tc.want)
		}
	}
}

func TestEnvelopeRandomNonce(t *testing.T) {
	a, _ := NewAESGCM(bytes.Repeat([]byte{3}, 32))
	defer a.Close()
	pt, aad := []byte("4111111111111111"), []byte("order-1")
	e1, err := a.SealEnvelope(0xDEADBEEF, pt, aad)
	if err != nil {
		t.Fatal(err)
	}
	e2, _ := a.SealEnvelope(0xDEADBEEF, pt, aad)
	if len(e1) != len(pt)+EnvelopeOverhead || bytes.Equal(e1, e2) || bytes.Equal(e1[5:17], e2[5:17]) {
		t.Fatal("envelopes are not fresh")
	}
	if e1[0] != 1 || binary.BigEndian.Uint32(e1[1:5]) != 0xDEADBEEF {
		t.Fatalf("header %x", e1[:5])
	}
	if id, err := EnvelopeKeyID(e1); id != 0xDEADBEEF || err != nil {
		t.Fatalf("EnvelopeKeyID = %#x, %v", id, err)
	}
	// The standard library opens it with the header as part of the AAD.
	std := stdGCM(t, bytes.Repeat([]byte{3}, 32))
	if got, err := std.Open(nil, e1[5:17], e1[17:], append(bytes.Clone(e1[:17]), aad...)); err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("stdlib open: %v", err)
	}
	got, err := a.OpenEnvelope(e1, aad)
	if err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("OpenEnvelope = %q, %v", got, err)
	}
	if _, err := a.OpenEnvelope(e1, []byte("order-2")); !errors.Is(err, ErrVerify) {
		t.Errorf("wrong aad: %v", err)
	}
	empty, _ := a.SealEnvelope(1, nil, nil)
	if got, err := a.OpenEnvelope(empty, nil); err != nil || got == nil || len(got) != 0 {
		t.Errorf("empty plaintext: %v, %v", got, err)
	}
	for _, bad := range [][]byte{nil, {1}, e1[:32], append([]byte{2}, e1[1:]...)} {
		if _, err := EnvelopeKeyID(bad); !errors.Is(err, ErrMalformed) {
			t.Errorf("EnvelopeKeyID(%d bytes) = %v", len(bad), err)
		}
		if got, err := a.OpenEnvelope(bad, aad); !errors.Is(err, ErrMalformed) || got != nil {
			t.Errorf("OpenEnvelope(%d bytes) = %v", len(bad), err)
		}
	}
	if _, err := a.sealEnvelope(1, make([]byte, 11), pt, nil); !errors.Is(err, ErrNonceLength) {
		t.Errorf("11-byte nonce: %v", err)
	}
}

func TestAdyenEdges(t *testing.T) {
	fields := [8]string{"7914073381342284", "", "TestMerchant", "TestPayment-1407325143704", "1130", "EUR", "AUTHORISATION", "true"}
	for _, tc := range []struct {
		key  string
		want error
	}{
		{"", ErrKeyLength},
		{strings.Repeat("ab", 65), ErrKeyLength},
		{"abc", ErrMalformed},
		{"zz", ErrMalformed},
	} {
		if _, err := AdyenSign(tc.key, fields); !errors.Is(err, tc.want) {
			t.Errorf("key %q: %v, want %v", tc.key, err, tc.want)
		}
	}
	sig, err := AdyenSign(strings.Repeat("AB", 64), fields)
	if err != nil || len(sig) != 44 {
		t.Fatalf("128-digit key: %q, %v", sig, err)
	}
	if err := AdyenVerify(strings.Repeat("ab", 64), fields, sig); err != nil {
		t.Errorf("lowercase key: %v", err)
	}
}

// TestConcurrentSigning signs from many goroutines with one key (keys are
// immutable after init), comparing with crypto/hmac.
func TestConcurrentSigning(t *testing.T) {
	secret := []byte("shared terminal secret")
	k, _ := NewHMACKey(secret)
	defer k.Close()
	a, _ := NewAESGCM(bytes.Repeat([]byte{1}, 16))
	defer a.Close()
	std := stdGCM(t, bytes.Repeat([]byte{1}, 16))
	const workers, rounds = 32, 200
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				msg := []byte(fmt.Sprintf("worker %d message %d %s", w, i, strings.Repeat("x", i)))
				want := stdHMAC(secret, msg)
				if tag := k.Sign(msg); !bytes.Equal(tag[:], want) {
					errs <- fmt.Errorf("worker %d: Sign differs", w)
					return
				}
				if err := k.Verify(msg, want); err != nil {
					errs <- err
					return
				}
				if tags := k.SignBatch([][]byte{msg, msg[:i]}); !bytes.Equal(tags[0][:], want) {
					errs <- fmt.Errorf("worker %d: SignBatch differs", w)
					return
				}
				nonce := make([]byte, 12)
				binary.BigEndian.PutUint64(nonce, uint64(w<<32|i))
				if ct := a.Seal(nil, nonce, msg, nil); !bytes.Equal(ct, std.Seal(nil, nonce, msg, nil)) {
					errs <- fmt.Errorf("worker %d: Seal differs", w)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestFinalizersAndKeepAlive drops keys right after their last use while
// another goroutine forces collections. Without runtime.KeepAlive after
// the C calls, a finalizer could wipe a key mid-call (and the call would
// report an uninitialised context, which panics).
func TestFinalizersAndKeepAlive(t *testing.T) {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
				runtime.GC()
			}
		}
	}()
	msg := bytes.Repeat([]byte("m"), 4096)
	want := stdHMAC([]byte("k"), msg)
	for i := 0; i < 300; i++ {
		k, _ := NewHMACKey([]byte("k"))
		if tag := k.Sign(msg); !bytes.Equal(tag[:], want) {
			t.Fatal("Sign differs")
		}
		a, _ := NewAESGCM(make([]byte, 16))
		_ = a.Seal(nil, make([]byte, 12), msg, nil)
		h := func() []byte { k2, _ := NewHMACKey([]byte("k")); return k2.NewHash().Sum(nil) }()
		if len(h) != 32 {
			t.Fatal("hash")
		}
	}
	close(stop)
	<-done
	runtime.GC()
	runtime.GC()
}

// refWeChatV2 is the WeChat Pay v2 HMAC-SHA256 scheme over crypto/hmac.
func refWeChatV2(apiKey []byte, params map[string]string) string {
	var names []string
	for n, v := range params {
		if v != "" && n != "sign" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n + "=" + params[n] + "&")
	}
	b.WriteString("key=" + string(apiKey))
	return strings.ToUpper(fmt.Sprintf("%x", stdHMAC(apiKey, []byte(b.String()))))
}

// TestHotPathsDoNotAllocate: Sign, Seal and Open into reused buffers make
// no allocation, also when the nonce, AAD and tag live in stack arrays
// (the C functions are declared noescape, so passing them does not move
// them to the heap).
func TestHotPathsDoNotAllocate(t *testing.T) {
	hk, err := NewHMACKey([]byte("alloc test key"))
	if err != nil {
		t.Fatal(err)
	}
	defer hk.Close()
	a, err := NewAESGCM(make([]byte, 16))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	msg := make([]byte, 256)
	sealed := make([]byte, 0, len(msg)+TagSize)
	opened := make([]byte, 0, len(msg))
	cases := map[string]func(){
		"Sign": func() {
			tag := hk.Sign(msg)
			if tag[0] == 0 && tag[1] == 0 && tag[2] == 0 && tag[3] == 0 {
				t.Log("unlikely tag")
			}
		},
		"Seal and Open": func() {
			var nonce [NonceSize]byte
			var aad [15]byte
			nonce[0], aad[0] = 1, 2
			sealed = a.Seal(sealed[:0], nonce[:], msg, aad[:])
			var err error
			opened, err = a.Open(opened[:0], nonce[:], sealed, aad[:])
			if err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, f := range cases {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %v allocations per run, want 0", name, n)
		}
	}
}
