/*
 * Small C helpers for the Go binding of paycrypt.
 *
 * cgo forbids passing Go memory that itself holds Go pointers (such as an
 * array of paycrypt_slice or paycrypt_kv pointing into Go byte slices).
 * These helpers take the Go bytes as plain pointer arguments or as one
 * contiguous buffer plus a table of lengths, and build the descriptor
 * arrays on the C side for the duration of a single call. Nothing here
 * keeps a pointer after returning or calls back into Go.
 */
#ifndef PAYCRYPT_GO_SHIM_H
#define PAYCRYPT_GO_SHIM_H

#include <stdlib.h>
#include <string.h>
#include "paycrypt.h"

/* Number of messages handed to one pcg_sign_batch8 call. */
#define PCG_BATCH 8

/* The streaming HMAC of a Go hash.Hash: the state right after init (for
 * Reset), the running state, and scratch space for Sum's copy. */
typedef struct pcg_hash {
    paycrypt_hmac_state initial;
    paycrypt_hmac_state running;
    paycrypt_hmac_state scratch;
} pcg_hash;

/* Does nothing: the benchmarks time a bare cgo call with it. */
static inline void pcg_noop(void) {}

static inline void *pcg_alloc(size_t n) {
    void *p = calloc(1, n);
    return p;
}

/* Wipe then free a context of n bytes (NULL is a no-op). */
static inline void pcg_wipe_free(void *p, size_t n) {
    if (p != NULL) {
        paycrypt_wipe(p, n);
        free(p);
    }
}

static inline paycrypt_status pcg_hash_init(pcg_hash *h, const paycrypt_hmac_key *k) {
    paycrypt_status s = paycrypt_hmac_state_init(&h->initial, k);
    if (s != PAYCRYPT_OK) {
        return s;
    }
    memcpy(&h->running, &h->initial, sizeof h->running);
    return PAYCRYPT_OK;
}

static inline void pcg_hash_reset(pcg_hash *h) {
    memcpy(&h->running, &h->initial, sizeof h->running);
}

/* Finish a bitwise copy of the running state, leaving it untouched. */
static inline paycrypt_status pcg_hash_sum(pcg_hash *h, uint8_t out[32]) {
    memcpy(&h->scratch, &h->running, sizeof h->scratch);
    return paycrypt_hmac_state_final(&h->scratch, out); /* wipes scratch */
}

/* Sign up to PCG_BATCH messages with one call into the library. */
static inline paycrypt_status pcg_sign_batch8(const paycrypt_hmac_key *k, size_t count,
    const uint8_t *p0, size_t l0, const uint8_t *p1, size_t l1,
    const uint8_t *p2, size_t l2, const uint8_t *p3, size_t l3,
    const uint8_t *p4, size_t l4, const uint8_t *p5, size_t l5,
    const uint8_t *p6, size_t l6, const uint8_t *p7, size_t l7,
    uint8_t *tags_out) {
    paycrypt_slice m[PCG_BATCH] = {
        {p0, l0}, {p1, l1}, {p2, l2}, {p3, l3},
        {p4, l4}, {p5, l5}, {p6, l6}, {p7, l7},
    };
    if (count > PCG_BATCH) {
        return PAYCRYPT_ERR_INTERNAL;
    }
    return paycrypt_hmac_key_sign_batch(k, m, count, tags_out);
}

/* paycrypt_aes_gcm_seal into exactly pt_len + 16 bytes at `out`, with
 * the output length kept on the C side: Go then passes no pointer to its
 * own stack, which cost Seal a few nanoseconds per call. */
static inline paycrypt_status pcg_aes_gcm_seal(const paycrypt_aes_gcm_key *k,
    const uint8_t *nonce, const uint8_t *aad, size_t aad_len, const uint8_t *pt,
    size_t pt_len, uint8_t *out) {
    size_t n;
    return paycrypt_aes_gcm_seal(k, nonce, aad, aad_len, pt, pt_len, out, pt_len + 16, &n);
}

/* paycrypt_aes_gcm_open of `in` (in_len >= 16 bytes) into exactly
 * in_len - 16 bytes at `out`, the output length kept on the C side as in
 * pcg_aes_gcm_seal. */
static inline paycrypt_status pcg_aes_gcm_open(const paycrypt_aes_gcm_key *k,
    const uint8_t *nonce, const uint8_t *aad, size_t aad_len, const uint8_t *in,
    size_t in_len, uint8_t *out) {
    size_t n;
    return paycrypt_aes_gcm_open(k, nonce, aad, aad_len, in, in_len, out, in_len - 16, &n);
}

/* Split `buf` into `n` consecutive pieces of lens[i] bytes; an empty piece
 * is NULL. */
static inline void pcg_split(const uint8_t *buf, const size_t *lens, size_t n,
                             paycrypt_slice *out) {
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        out[i].ptr = lens[i] != 0 ? buf + off : NULL;
        out[i].len = lens[i];
        off += lens[i];
    }
}

/* Most messages handed to one pcg_sign_joined call. */
#define PCG_JOINED_MAX 256

/* Sign `count` (at most PCG_JOINED_MAX) messages laid end to end in
 * `joined`, message i being lens[i] bytes long. */
static inline paycrypt_status pcg_sign_joined(const paycrypt_hmac_key *k,
    const uint8_t *joined, const size_t *lens, size_t count, uint8_t *tags_out) {
    paycrypt_slice m[PCG_JOINED_MAX];
    if (count > PCG_JOINED_MAX) {
        return PAYCRYPT_ERR_INTERNAL;
    }
    pcg_split(joined, lens, count, m);
    return paycrypt_hmac_key_sign_batch(k, m, count, tags_out);
}

/* Adyen: the eight fields are consecutive in `buf`. */
static inline paycrypt_status pcg_adyen_sign(const char *key_hex, size_t key_hex_len,
    const uint8_t *buf, const size_t lens[8], char *out, size_t out_cap, size_t *out_len) {
    paycrypt_slice f[8];
    pcg_split(buf, lens, 8, f);
    return paycrypt_adyen_sign(key_hex, key_hex_len, f, out, out_cap, out_len);
}

static inline paycrypt_status pcg_adyen_verify(const char *key_hex, size_t key_hex_len,
    const uint8_t *buf, const size_t lens[8], const char *sig, size_t sig_len) {
    paycrypt_slice f[8];
    pcg_split(buf, lens, 8, f);
    return paycrypt_adyen_verify(key_hex, key_hex_len, f, sig, sig_len);
}

/* WeChat Pay v2: `count` parameters as name, value, name, value, ...
 * consecutive in `buf`, with 2*count lengths. verify != 0 selects
 * paycrypt_wechatpay_v2_verify with (sign, sign_len); otherwise
 * paycrypt_wechatpay_v2_sign into out (65 bytes). */
static inline paycrypt_status pcg_wechatpay_v2(int verify, const uint8_t *api_key,
    size_t api_key_len, const uint8_t *buf, const size_t *lens, size_t count,
    const char *sign, size_t sign_len, char *out) {
    paycrypt_kv small[64];
    paycrypt_kv *kv = small;
    paycrypt_status s;
    size_t off = 0;
    if (count > 64) {
        if (count > SIZE_MAX / sizeof *kv) {
            return PAYCRYPT_ERR_INPUT_TOO_LONG;
        }
        kv = (paycrypt_kv *)malloc(count * sizeof *kv);
        if (kv == NULL) {
            return PAYCRYPT_ERR_INTERNAL;
        }
    }
    for (size_t i = 0; i < count; i++) {
        size_t kl = lens[2 * i], vl = lens[2 * i + 1];
        kv[i].key = kl != 0 ? (const char *)(buf + off) : NULL;
        kv[i].key_len = kl;
        off += kl;
        kv[i].value = vl != 0 ? (const char *)(buf + off) : NULL;
        kv[i].value_len = vl;
        off += vl;
    }
    if (verify) {
        s = paycrypt_wechatpay_v2_verify(api_key, api_key_len, count ? kv : NULL, count,
                                         sign, sign_len);
    } else {
        s = paycrypt_wechatpay_v2_sign(api_key, api_key_len, count ? kv : NULL, count, out);
    }
    if (kv != small) {
        free(kv);
    }
    return s;
}

#endif /* PAYCRYPT_GO_SHIM_H */
