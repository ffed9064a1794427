package paycrypt

// #include "shim.h"
import "C"

import (
	"hash"
	"runtime"
	"sync"
	"unsafe"
)

// SHA256 returns the SHA-256 digest of data (FIPS 180-4), like
// crypto/sha256.Sum256.
func SHA256(data []byte) [HMACSize]byte {
	var out [HMACSize]byte
	s := C.paycrypt_sha256(bytesPtr(data), C.size_t(len(data)), bytesPtr(out[:]))
	runtime.KeepAlive(data)
	mustOK("SHA256", s)
	return out
}

// HMACSHA256 returns the HMAC-SHA256 (RFC 2104) of msg under key; any key
// length is accepted. To sign many messages under one key, use NewHMACKey.
func HMACSHA256(key, msg []byte) [HMACSize]byte {
	var out [HMACSize]byte
	s := C.paycrypt_hmac_sha256(bytesPtr(key), C.size_t(len(key)),
		bytesPtr(msg), C.size_t(len(msg)), bytesPtr(out[:]))
	runtime.KeepAlive(key)
	runtime.KeepAlive(msg)
	mustOK("HMACSHA256", s)
	return out
}

// VerifyHMACSHA256 checks tag against the HMAC-SHA256 of msg under key in
// constant time. A tag of 16 to 32 bytes is compared with that many
// leading bytes of the HMAC (a truncated tag). It returns nil on a match,
// ErrVerify on a mismatch and ErrTagLength for other tag lengths.
func VerifyHMACSHA256(key, msg, tag []byte) error {
	s := C.paycrypt_hmac_sha256_verify(bytesPtr(key), C.size_t(len(key)),
		bytesPtr(msg), C.size_t(len(msg)), bytesPtr(tag), C.size_t(len(tag)))
	runtime.KeepAlive(key)
	runtime.KeepAlive(msg)
	runtime.KeepAlive(tag)
	return statusErr(s)
}

// HMACKey is a precomputed HMAC-SHA256 key: the inner and outer SHA-256
// states, held in C memory that the Go garbage collector never moves.
//
// An HMACKey is safe for concurrent use by many goroutines, except that
// Close must not run while another method is still in progress. Close
// wipes the key; if it is never called, a finalizer wipes it when the
// HMACKey becomes unreachable. Using a closed key is a programming error
// and panics, like calling methods on a closed file.
type HMACKey struct {
	ctx *C.paycrypt_hmac_key
}

// NewHMACKey precomputes an HMAC-SHA256 key from key (any length; longer
// than 64 bytes is hashed first, as RFC 2104 says). The key bytes are not
// retained; the caller may clear them afterwards.
func NewHMACKey(key []byte) (*HMACKey, error) {
	ctx := (*C.paycrypt_hmac_key)(cAlloc(C.sizeof_paycrypt_hmac_key))
	s := C.paycrypt_hmac_key_init(ctx, bytesPtr(key), C.size_t(len(key)))
	runtime.KeepAlive(key)
	if err := statusErr(s); err != nil {
		cWipeFree(unsafe.Pointer(ctx), C.sizeof_paycrypt_hmac_key)
		return nil, err
	}
	k := &HMACKey{ctx: ctx}
	runtime.SetFinalizer(k, (*HMACKey).Close)
	return k, nil
}

// Close wipes the key (volatile zeroing in C) and frees its C memory.
// Calling Close more than once is a no-op; afterwards every other method
// panics.
func (k *HMACKey) Close() {
	if k == nil || k.ctx == nil {
		return
	}
	C.paycrypt_hmac_key_wipe(k.ctx)
	cWipeFree(unsafe.Pointer(k.ctx), C.sizeof_paycrypt_hmac_key)
	k.ctx = nil
	runtime.SetFinalizer(k, nil)
}

// key returns the C context, panicking if the key is nil or closed.
func (k *HMACKey) key() *C.paycrypt_hmac_key {
	if k == nil {
		panic("paycrypt: method called on a nil *HMACKey")
	}
	if k.ctx == nil {
		panic("paycrypt: HMACKey used after Close (or not made by NewHMACKey)")
	}
	return k.ctx
}

// Sign returns the HMAC-SHA256 tag of msg.
func (k *HMACKey) Sign(msg []byte) [HMACSize]byte {
	var out [HMACSize]byte
	s := C.paycrypt_hmac_key_sign(k.key(), bytesPtr(msg), C.size_t(len(msg)), bytesPtr(out[:]))
	runtime.KeepAlive(k)
	runtime.KeepAlive(msg)
	mustOK("HMACKey.Sign", s)
	return out
}

// SignHex returns the HMAC-SHA256 tag of msg as 64 lowercase hex digits.
func (k *HMACKey) SignHex(msg []byte) string {
	var out [2*HMACSize + 1]C.char
	s := C.paycrypt_hmac_key_sign_hex(k.key(), bytesPtr(msg), C.size_t(len(msg)), &out[0])
	runtime.KeepAlive(k)
	runtime.KeepAlive(msg)
	mustOK("HMACKey.SignHex", s)
	return C.GoStringN(&out[0], 2*HMACSize)
}

// Verify checks tag against the HMAC-SHA256 of msg in constant time. A
// tag of 16 to 32 bytes is compared with that many leading bytes (a
// truncated tag). It returns nil on a match, ErrVerify on a mismatch and
// ErrTagLength for other tag lengths.
func (k *HMACKey) Verify(msg, tag []byte) error {
	s := C.paycrypt_hmac_key_verify(k.key(), bytesPtr(msg), C.size_t(len(msg)),
		bytesPtr(tag), C.size_t(len(tag)))
	runtime.KeepAlive(k)
	runtime.KeepAlive(msg)
	runtime.KeepAlive(tag)
	return statusErr(s)
}

// VerifyHex checks a hex-encoded tag (upper- or lowercase; 32 to 64
// digits, even, for a full or truncated tag) against the HMAC-SHA256 of
// msg. Decoding and comparison are constant time in the digits. It returns
// nil on a match, ErrVerify on a mismatch, ErrMalformed for a non-hex
// character and ErrTagLength for other lengths.
func (k *HMACKey) VerifyHex(msg []byte, hexTag string) error {
	s := C.paycrypt_hmac_key_verify_hex(k.key(), bytesPtr(msg), C.size_t(len(msg)),
		strPtr(hexTag), C.size_t(len(hexTag)))
	runtime.KeepAlive(k)
	runtime.KeepAlive(msg)
	runtime.KeepAlive(hexTag)
	return statusErr(s)
}

// SignBatch returns the HMAC-SHA256 tags of msgs (tag i belongs to
// msgs[i]), signing several messages at once (on x86-64 with the SHA
// extensions, four interleaved). Short messages are copied end to end into
// a pooled buffer, wiped after use, so that up to 256 of them (32 KiB)
// cross into C in one call; messages over 2 KiB are passed in place,
// eight per call.
func (k *HMACKey) SignBatch(msgs [][]byte) [][HMACSize]byte {
	ctx := k.key()
	tags := make([][HMACSize]byte, len(msgs))
	j := joinPool.Get().(*joined)
	for i := 0; i < len(msgs); {
		if len(msgs[i]) > joinedMsgMax {
			i += k.signLarge(ctx, msgs[i:], tags[i:])
			continue
		}
		data := j.data[:0]
		n := 0
		for i+n < len(msgs) && n < C.PCG_JOINED_MAX {
			m := msgs[i+n]
			if len(m) > joinedMsgMax || len(data)+len(m) > cap(data) {
				break
			}
			data = append(data, m...)
			j.lens[n] = C.size_t(len(m))
			n++
		}
		s := C.pcg_sign_joined(ctx, bytesPtr(data), &j.lens[0], C.size_t(n), bytesPtr(tags[i][:]))
		clear(data)
		mustOK("HMACKey.SignBatch", s)
		i += n
	}
	joinPool.Put(j)
	runtime.KeepAlive(k)
	return tags
}

// Messages up to joinedMsgMax bytes are copied into a joined buffer of
// joinedCap bytes; longer ones are passed in place.
const (
	joinedMsgMax = 2 << 10
	joinedCap    = 32 << 10
)

// joined is the scratch space of SignBatch: messages end to end, and
// their lengths. It holds no Go pointers, so cgo may be handed it.
type joined struct {
	data []byte
	lens [C.PCG_JOINED_MAX]C.size_t
}

var joinPool = sync.Pool{New: func() any { return &joined{data: make([]byte, 0, joinedCap)} }}

// signLarge signs the leading run (at most PCG_BATCH) of messages longer
// than joinedMsgMax, passing them in place; it returns how many it signed.
func (k *HMACKey) signLarge(ctx *C.paycrypt_hmac_key, msgs [][]byte, tags [][HMACSize]byte) int {
	var m [C.PCG_BATCH][]byte
	n := 0
	for n < len(m) && n < len(msgs) && len(msgs[n]) > joinedMsgMax {
		m[n] = msgs[n]
		n++
	}
	s := C.pcg_sign_batch8(ctx, C.size_t(n),
		bytesPtr(m[0]), C.size_t(len(m[0])), bytesPtr(m[1]), C.size_t(len(m[1])),
		bytesPtr(m[2]), C.size_t(len(m[2])), bytesPtr(m[3]), C.size_t(len(m[3])),
		bytesPtr(m[4]), C.size_t(len(m[4])), bytesPtr(m[5]), C.size_t(len(m[5])),
		bytesPtr(m[6]), C.size_t(len(m[6])), bytesPtr(m[7]), C.size_t(len(m[7])),
		bytesPtr(tags[0][:]))
	runtime.KeepAlive(m)
	mustOK("HMACKey.SignBatch", s)
	return n
}

// NewHash returns a streaming HMAC-SHA256 under k as a hash.Hash. The
// hash holds its own copy of the key state (in C memory, wiped by a
// finalizer), so closing k afterwards does not affect it. Sum finishes a
// copy of the running state and does not change it; Reset returns to the
// state right after NewHash. Like any hash.Hash it is not safe for
// concurrent use.
func (k *HMACKey) NewHash() hash.Hash {
	h := &hmacHash{st: (*C.pcg_hash)(cAlloc(C.sizeof_pcg_hash))}
	s := C.pcg_hash_init(h.st, k.key())
	runtime.KeepAlive(k)
	if s != C.PAYCRYPT_OK {
		cWipeFree(unsafe.Pointer(h.st), C.sizeof_pcg_hash)
		mustOK("HMACKey.NewHash", s)
	}
	runtime.SetFinalizer(h, (*hmacHash).free)
	return h
}

// hmacHash is the hash.Hash returned by HMACKey.NewHash.
type hmacHash struct {
	st *C.pcg_hash
}

var _ hash.Hash = (*hmacHash)(nil)

func (h *hmacHash) free() {
	cWipeFree(unsafe.Pointer(h.st), C.sizeof_pcg_hash)
	h.st = nil
}

// Write absorbs p; it never returns an error.
func (h *hmacHash) Write(p []byte) (int, error) {
	s := C.paycrypt_hmac_state_update(&h.st.running, bytesPtr(p), C.size_t(len(p)))
	runtime.KeepAlive(h)
	runtime.KeepAlive(p)
	mustOK("hash.Write", s)
	return len(p), nil
}

// Sum appends the HMAC of the data written so far to b.
func (h *hmacHash) Sum(b []byte) []byte {
	var out [HMACSize]byte
	s := C.pcg_hash_sum(h.st, bytesPtr(out[:]))
	runtime.KeepAlive(h)
	mustOK("hash.Sum", s)
	return append(b, out[:]...)
}

// Reset returns to the state right after NewHash.
func (h *hmacHash) Reset() {
	C.pcg_hash_reset(h.st)
	runtime.KeepAlive(h)
}

func (h *hmacHash) Size() int      { return HMACSize }
func (h *hmacHash) BlockSize() int { return 64 }
