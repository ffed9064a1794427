package paycrypt

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"strconv"
	"testing"
)

// Differential tests: paycrypt against the Go standard library (and, for
// HKDF and the Stripe scheme, against references written over
// crypto/hmac in these tests) on pseudo-random inputs.

func newRand(t testing.TB) *mrand.Rand {
	seed := uint64(0x7061796372797074) // fixed: failures are reproducible
	t.Logf("seed %#x", seed)
	return mrand.New(mrand.NewPCG(seed, 1))
}

func randBytes(r *mrand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// interesting lengths around the SHA-256 block and padding boundaries.
var hashLengths = []int{0, 1, 31, 32, 33, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096, 10007}

func stdHMAC(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}

func TestSHA256MatchesStdlib(t *testing.T) {
	r := newRand(t)
	for _, n := range hashLengths {
		msg := randBytes(r, n)
		if got, want := SHA256(msg), sha256.Sum256(msg); got != want {
			t.Errorf("len %d: SHA256 = %x, want %x", n, got, want)
		}
	}
}

func TestHMACMatchesStdlib(t *testing.T) {
	r := newRand(t)
	keyLens := []int{0, 1, 16, 32, 63, 64, 65, 100, 200}
	for _, kl := range keyLens {
		key := randBytes(r, kl)
		k, err := NewHMACKey(key)
		if err != nil {
			t.Fatal(err)
		}
		var msgs [][]byte
		for _, n := range append(hashLengths, r.IntN(3000)) {
			msg := randBytes(r, n)
			msgs = append(msgs, msg)
			want := stdHMAC(key, msg)
			if got := HMACSHA256(key, msg); !bytes.Equal(got[:], want) {
				t.Fatalf("key %d msg %d: HMACSHA256 = %x, want %x", kl, n, got, want)
			}
			if got := k.Sign(msg); !bytes.Equal(got[:], want) {
				t.Fatalf("key %d msg %d: Sign = %x, want %x", kl, n, got, want)
			}
			if got := k.SignHex(msg); got != hex.EncodeToString(want) {
				t.Fatalf("key %d msg %d: SignHex = %s", kl, n, got)
			}
			for _, tl := range []int{16, 20, 31, 32} {
				if err := k.Verify(msg, want[:tl]); err != nil {
					t.Fatalf("key %d msg %d: Verify(%d-byte tag) = %v", kl, n, tl, err)
				}
				if err := VerifyHMACSHA256(key, msg, want[:tl]); err != nil {
					t.Fatalf("VerifyHMACSHA256(%d-byte tag) = %v", tl, err)
				}
				if err := k.VerifyHex(msg, hex.EncodeToString(want[:tl])); err != nil {
					t.Fatalf("VerifyHex(%d-byte tag) = %v", tl, err)
				}
			}
			for _, tl := range []int{0, 1, 15, 33} {
				tag := append(bytes.Clone(want), 0)[:tl]
				if err := k.Verify(msg, tag); !errors.Is(err, ErrTagLength) {
					t.Fatalf("Verify(%d-byte tag) = %v, want ErrTagLength", tl, err)
				}
			}
			if err := k.Verify(msg, flip(want, r.IntN(32), uint(r.IntN(8)))); !errors.Is(err, ErrVerify) {
				t.Fatalf("Verify(tampered) = %v", err)
			}

			// Streaming over a random chunking, with a Sum in the middle
			// that must not disturb the running state.
			h := k.NewHash()
			std := hmac.New(sha256.New, key)
			for rest := msg; len(rest) > 0; {
				c := min(len(rest), r.IntN(200)+1)
				h.Write(rest[:c])
				std.Write(rest[:c])
				rest = rest[c:]
				if r.IntN(4) == 0 {
					if got, want := h.Sum([]byte("prefix")), std.Sum([]byte("prefix")); !bytes.Equal(got, want) {
						t.Fatalf("intermediate Sum = %x, want %x", got, want)
					}
				}
			}
			if got := h.Sum(nil); !bytes.Equal(got, want) {
				t.Fatalf("key %d msg %d: hash = %x, want %x", kl, n, got, want)
			}
			if got := h.Sum(nil); !bytes.Equal(got, want) {
				t.Fatalf("second Sum changed: %x", got)
			}
			h.Reset()
			h.Write(msg)
			if got := h.Sum(nil); !bytes.Equal(got, want) {
				t.Fatalf("after Reset: %x, want %x", got, want)
			}
		}
		// A batch of every size in one call, including an empty batch.
		tags := k.SignBatch(msgs)
		if len(tags) != len(msgs) {
			t.Fatalf("SignBatch returned %d tags for %d messages", len(tags), len(msgs))
		}
		for i, m := range msgs {
			if want := stdHMAC(key, m); !bytes.Equal(tags[i][:], want) {
				t.Fatalf("SignBatch[%d] = %x, want %x", i, tags[i], want)
			}
		}
		if tags := k.SignBatch(nil); len(tags) != 0 {
			t.Fatalf("SignBatch(nil) = %v", tags)
		}
		k.Close()
	}
}

func TestSignBatchEveryCount(t *testing.T) {
	r := newRand(t)
	key := randBytes(r, 32)
	k, _ := NewHMACKey(key)
	defer k.Close()
	for count := 0; count <= 35; count++ {
		msgs := make([][]byte, count)
		for i := range msgs {
			if r.IntN(5) > 0 { // some nil and empty messages
				msgs[i] = randBytes(r, r.IntN(300))
			}
		}
		for i, tag := range k.SignBatch(msgs) {
			if want := stdHMAC(key, msgs[i]); !bytes.Equal(tag[:], want) {
				t.Fatalf("count %d: tag %d = %x, want %x", count, i, tag, want)
			}
		}
	}
}

func TestAESGCMMatchesStdlib(t *testing.T) {
	r := newRand(t)
	for _, kl := range []int{16, 32} {
		key := randBytes(r, kl)
		a, err := NewAESGCM(key)
		if err != nil {
			t.Fatal(err)
		}
		std := stdGCM(t, key)
		if a.NonceSize() != std.NonceSize() || a.Overhead() != std.Overhead() {
			t.Fatalf("sizes %d/%d, want %d/%d", a.NonceSize(), a.Overhead(), std.NonceSize(), std.Overhead())
		}
		for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 100, 255, 256, 257, 1024, 4099} {
			nonce := randBytes(r, 12)
			pt := randBytes(r, n)
			aad := randBytes(r, r.IntN(70))
			prefix := randBytes(r, r.IntN(5))

			// paycrypt seals, the standard library opens, and back.
			ours := a.Seal(bytes.Clone(prefix), nonce, pt, aad)
			want := std.Seal(bytes.Clone(prefix), nonce, pt, aad)
			if !bytes.Equal(ours, want) {
				t.Fatalf("AES-%d len %d: Seal = %x, want %x", kl*8, n, ours, want)
			}
			if got, err := std.Open(nil, nonce, ours[len(prefix):], aad); err != nil || !bytes.Equal(got, pt) {
				t.Fatalf("stdlib Open(paycrypt Seal) = %v", err)
			}
			got, err := a.Open(bytes.Clone(prefix), nonce, want[len(prefix):], aad)
			if err != nil || !bytes.Equal(got, append(bytes.Clone(prefix), pt...)) {
				t.Fatalf("Open(stdlib Seal) = %x, %v", got, err)
			}

			// In place, as the cipher.AEAD documentation shows.
			buf := make([]byte, n, n+TagSize)
			copy(buf, pt)
			sealed := a.Seal(buf[:0], nonce, buf, aad)
			if &sealed[0] != &buf[:1][0] || !bytes.Equal(sealed, want[len(prefix):]) {
				t.Fatalf("in-place Seal did not reuse the buffer or differs")
			}
			opened, err := a.Open(sealed[:0], nonce, sealed, aad)
			if err != nil || !bytes.Equal(opened, pt) || (n > 0 && &opened[0] != &sealed[0]) {
				t.Fatalf("in-place Open = %x, %v", opened, err)
			}

			// Tampered: both refuse, and our spare capacity is zeroed.
			bad := flip(want[len(prefix):], r.IntN(n+TagSize), uint(r.IntN(8)))
			if _, err := std.Open(nil, nonce, bad, aad); err == nil {
				t.Fatal("stdlib opened a tampered message")
			}
			dst := bytes.Repeat([]byte{0xAA}, n+8)[:8]
			if got, err := a.Open(dst, nonce, bad, aad); !errors.Is(err, ErrVerify) || got != nil {
				t.Fatalf("Open(tampered) = %x, %v", got, err)
			}
			if spare := dst[8 : 8+n]; !bytes.Equal(spare, make([]byte, n)) {
				t.Fatalf("unauthenticated plaintext left in dst: %x", spare)
			}
			if inplace := bytes.Clone(bad); true {
				if _, err := a.Open(inplace[:0], nonce, inplace, aad); !errors.Is(err, ErrVerify) {
					t.Fatalf("in-place Open(tampered) = %v", err)
				}
				if !bytes.Equal(inplace[:n], make([]byte, n)) {
					t.Fatalf("in-place failure left plaintext: %x", inplace[:n])
				}
			}
		}
		a.Close()
	}
}

func TestHKDFMatchesReference(t *testing.T) {
	r := newRand(t)
	for _, length := range []int{0, 1, 31, 32, 33, 64, 100, 255, 1000, 8159, 8160} {
		ikm := randBytes(r, r.IntN(100))
		salt := randBytes(r, r.IntN(3)*40) // empty, 40 or 80 bytes
		info := randBytes(r, r.IntN(50))
		got, err := HKDFSHA256(ikm, salt, info, length)
		if err != nil {
			t.Fatalf("length %d: %v", length, err)
		}
		if want := refHKDF(ikm, salt, info, length); !bytes.Equal(got, want) {
			t.Fatalf("length %d: HKDFSHA256 = %x, want %x", length, got, want)
		}
	}
	for _, length := range []int{-1, 8161, 1 << 40} {
		if got, err := HKDFSHA256([]byte("ikm"), nil, nil, length); !errors.Is(err, ErrInputTooLong) || got != nil {
			t.Errorf("length %d: %x, %v; want ErrInputTooLong", length, got, err)
		}
	}
}

// refStripeSig is Stripe's published scheme over crypto/hmac: lowercase
// hex of HMAC-SHA256(secret, "<t>.<payload>").
func refStripeSig(secret []byte, ts int64, payload []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strconv.FormatInt(ts, 10) + "."))
	m.Write(payload)
	return hex.EncodeToString(m.Sum(nil))
}

func TestStripeSchemeMatchesReference(t *testing.T) {
	r := newRand(t)
	secret := []byte("whsec_" + hex.EncodeToString(randBytes(r, 16)))
	other := []byte("whsec_other")
	k, _ := NewHMACKey(secret)
	defer k.Close()
	for i := 0; i < 50; i++ {
		payload := randBytes(r, r.IntN(400))
		ts := int64(r.Uint64())
		if i < len(extremeTimestamps) {
			ts = extremeTimestamps[i]
		} else if i%2 == 0 {
			ts = 1_700_000_000 + int64(r.IntN(100_000_000))
		}
		sig := refStripeSig(secret, ts, payload)
		header := fmt.Sprintf("t=%d,v1=%s", ts, sig)
		if got := WebhookSign(k, ts, payload); got != header {
			t.Fatalf("WebhookSign = %q, want %q", got, header)
		}
		wrong := refStripeSig(other, ts, payload)
		for _, h := range []string{
			header,
			fmt.Sprintf("v1=%s,t=%d", sig, ts), // any order
			fmt.Sprintf("t=%d,v1=%s,v1=%s", ts, wrong, sig),           // rotation: second matches
			fmt.Sprintf("t=%d,v0=%s,v1=%s", ts, wrong, sig),           // v0 ignored
			fmt.Sprintf("t=%d,v1=abc,v1=%s", ts, sig),                 // short v1 ignored
			fmt.Sprintf("t=%d,v1=%s", ts, bytes.ToUpper([]byte(sig))), // uppercase hex
		} {
			if err := WebhookVerify(k, h, payload, ts, 300); err != nil {
				t.Fatalf("WebhookVerify(%q) = %v", h, err)
			}
		}
		checkErr(t, fmtStr(header), "other secret",
			WebhookVerify(k, fmt.Sprintf("t=%d,v1=%s", ts, wrong), payload, ts, 300), ErrVerify)
		checkErr(t, fmtStr(header), "other payload",
			WebhookVerify(k, header, append(bytes.Clone(payload), '!'), ts, 300), ErrVerify)
		checkErr(t, fmtStr(header), "other t",
			WebhookVerify(k, fmt.Sprintf("t=%d,v1=%s", ts^1, sig), payload, ts, 300), ErrVerify)
		checkErr(t, fmtStr(header), "no v1",
			WebhookVerify(k, fmt.Sprintf("t=%d,v0=%s", ts, sig), payload, ts, 300), ErrMalformed)
		checkErr(t, fmtStr(header), "no t",
			WebhookVerify(k, "v1="+sig, payload, ts, 300), ErrMalformed)
		checkErr(t, fmtStr(header), "two t",
			WebhookVerify(k, fmt.Sprintf("t=%d,t=%d,v1=%s", ts, ts, sig), payload, ts, 300), ErrMalformed)
		if ts > -1<<62 && ts < 1<<62 {
			for _, d := range []int64{-300, 300} {
				checkErr(t, fmtStr(header), "edge", WebhookVerify(k, header, payload, ts+d, 300), nil)
			}
			for _, d := range []int64{-301, 301, 1 << 40} {
				checkErr(t, fmtStr(header), "expired", WebhookVerify(k, header, payload, ts+d, 300), ErrExpired)
				checkErr(t, fmtStr(header), "tolerance 0", WebhookVerify(k, header, payload, ts+d, 0), nil)
			}
		}
	}
}

var extremeTimestamps = []int64{math.MinInt64, math.MaxInt64, 0, -1, 1}

type fmtStr string

func (s fmtStr) String() string { return string(s) }

// TestSignBatchChunking mixes short messages (copied into the joined
// buffer), messages at and around the 2 KiB in-place threshold, and long
// ones, in batches that span several joined buffers (more than 256
// messages, more than 32 KiB), and checks every tag against crypto/hmac.
func TestSignBatchChunking(t *testing.T) {
	r := mrand.New(mrand.NewPCG(7, 11))
	key := []byte("batch chunking key")
	k, err := NewHMACKey(key)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	sizes := []int{0, 1, 63, 64, 65, 1000, 2047, 2048, 2049, 5000, 16384}
	for _, count := range []int{1, 7, 8, 9, 255, 256, 257, 600} {
		msgs := make([][]byte, count)
		for i := range msgs {
			msgs[i] = make([]byte, sizes[r.IntN(len(sizes))])
			for j := range msgs[i] {
				msgs[i][j] = byte(r.Uint32())
			}
		}
		tags := k.SignBatch(msgs)
		for i, m := range msgs {
			if want := stdHMAC(key, m); !bytes.Equal(tags[i][:], want) {
				t.Fatalf("batch of %d: tag %d (%d bytes) = %x, want %x", count, i, len(m), tags[i], want)
			}
		}
	}
}
