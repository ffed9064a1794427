package paycrypt

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"runtime"
	"testing"
)

// Benchmarks against the standard library. Run from bindings/go:
//
//	go test -run '^$' -bench . -benchtime 1s
//
// BenchmarkCgoCall is the bare cost of a cgo call on this machine, the
// floor under every paycrypt call.
//
// Besides wall-clock ns/op, each benchmark reports cpu-ns/op: the CPU time
// of the benchmarking thread (Linux), which stays meaningful on a shared,
// loaded machine where wall-clock numbers swing by tens of percent. cgo
// calls run on the calling thread, so the C work is included; garbage
// collection on other threads is not.

// loop runs f b.N times on a locked OS thread and reports cpu-ns/op.
func loop(b *testing.B, f func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	t0 := threadCPUTime()
	for i := 0; i < b.N; i++ {
		f()
	}
	if t1 := threadCPUTime(); t0 >= 0 && t1 >= 0 {
		b.ReportMetric(float64(t1-t0)/float64(b.N), "cpu-ns/op")
	}
}

var benchSizes = []int{64, 256, 1024, 16384}

func BenchmarkCgoCall(b *testing.B) {
	loop(b, cgoNoop)
}

func BenchmarkHMAC(b *testing.B) {
	key := []byte("benchmark key, 32 bytes long....")
	for _, n := range benchSizes {
		msg := make([]byte, n)
		b.Run(fmt.Sprintf("paycrypt/%d", n), func(b *testing.B) {
			k, _ := NewHMACKey(key)
			defer k.Close()
			b.SetBytes(int64(n))
			b.ReportAllocs()
			var tag [HMACSize]byte
			loop(b, func() { tag = k.Sign(msg) })
			_ = tag
		})
		b.Run(fmt.Sprintf("stdlib/%d", n), func(b *testing.B) {
			m := hmac.New(sha256.New, key)
			var out [32]byte
			b.SetBytes(int64(n))
			b.ReportAllocs()
			loop(b, func() {
				m.Reset()
				m.Write(msg)
				m.Sum(out[:0])
			})
		})
	}
}

// BenchmarkSignBatch signs batches of 64 messages; ns/msg is the cost per
// message.
func BenchmarkSignBatch(b *testing.B) {
	key := []byte("benchmark key, 32 bytes long....")
	const batch = 64
	for _, n := range benchSizes {
		msgs := make([][]byte, batch)
		for i := range msgs {
			msgs[i] = make([]byte, n)
			msgs[i][0] = byte(i)
		}
		// ns/msg: wall-clock time per message.
		report := func(b *testing.B) {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/msg")
		}
		b.Run(fmt.Sprintf("paycrypt-batch/%d", n), func(b *testing.B) {
			k, _ := NewHMACKey(key)
			defer k.Close()
			b.SetBytes(int64(n * batch))
			b.ReportAllocs()
			loop(b, func() { _ = k.SignBatch(msgs) })
			report(b)
		})
		b.Run(fmt.Sprintf("paycrypt-loop/%d", n), func(b *testing.B) {
			k, _ := NewHMACKey(key)
			defer k.Close()
			tags := make([][32]byte, batch)
			b.SetBytes(int64(n * batch))
			b.ReportAllocs()
			loop(b, func() {
				for j, m := range msgs {
					tags[j] = k.Sign(m)
				}
			})
			report(b)
		})
		b.Run(fmt.Sprintf("stdlib-loop/%d", n), func(b *testing.B) {
			m := hmac.New(sha256.New, key)
			tags := make([][32]byte, batch)
			b.SetBytes(int64(n * batch))
			b.ReportAllocs()
			loop(b, func() {
				for j, msg := range msgs {
					m.Reset()
					m.Write(msg)
					m.Sum(tags[j][:0])
				}
			})
			report(b)
		})
	}
}

func BenchmarkAESGCMSeal(b *testing.B) {
	for _, kl := range []int{16, 32} {
		key := make([]byte, kl)
		nonce := make([]byte, NonceSize)
		aad := []byte("order-123456789")
		for _, n := range benchSizes {
			pt := make([]byte, n)
			out := make([]byte, 0, n+TagSize)
			b.Run(fmt.Sprintf("paycrypt/AES-%d/%d", kl*8, n), func(b *testing.B) {
				a, _ := NewAESGCM(key)
				defer a.Close()
				b.SetBytes(int64(n))
				b.ReportAllocs()
				loop(b, func() { out = a.Seal(out[:0], nonce, pt, aad) })
			})
			b.Run(fmt.Sprintf("stdlib/AES-%d/%d", kl*8, n), func(b *testing.B) {
				g := stdGCM(b, key)
				b.SetBytes(int64(n))
				b.ReportAllocs()
				loop(b, func() { out = g.Seal(out[:0], nonce, pt, aad) })
			})
		}
	}
}
