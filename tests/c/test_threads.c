/*
 * Concurrency test for paycrypt's shared contexts: many threads use ONE
 * paycrypt_hmac_key and ONE paycrypt_aes_gcm_key at the same time (sign,
 * verify, sign_hex, sign_batch, seal, open, the detached forms, envelopes,
 * webhooks), and every result is compared with a reference computed
 * single-threaded before the threads start.
 *
 * The header documents both key types as immutable after init and usable by
 * several threads at once; this program is the check of that promise. It is
 * run under valgrind's helgrind and DRD (which see every memory access,
 * the Rust library's included) and built with -fsanitize=thread (which sees
 * only this file's accesses: the Rust static library is not instrumented).
 * See the Makefile's c-threads block.
 *
 * Usage: test_threads [threads] [rounds]   (defaults 8 and 40)
 * Output: "N passed, M failed"; exit status 0 only when M == 0.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paycrypt.h"

#define NMSG 24      /* distinct messages, lengths 0, 7, 14, ... */
#define MAXMSG 200   /* longest message */
#define MAXTHREADS 64

static paycrypt_hmac_key g_hk;   /* the shared HMAC key */
static paycrypt_aes_gcm_key g_gk; /* the shared AES-GCM key */

static uint8_t g_msg[NMSG][MAXMSG];
static size_t g_len[NMSG];
static uint8_t g_nonce[NMSG][PAYCRYPT_AES_GCM_NONCE_BYTES];

/* single-threaded reference results */
static uint8_t g_tag[NMSG][PAYCRYPT_HMAC_SHA256_BYTES];
static char g_hex[NMSG][2 * PAYCRYPT_HMAC_SHA256_BYTES + 1];
static uint8_t g_sealed[NMSG][MAXMSG + PAYCRYPT_AES_GCM_TAG_BYTES];
static uint8_t g_env[NMSG][MAXMSG + PAYCRYPT_ENVELOPE_OVERHEAD];
static char g_webhook[NMSG][128];
static size_t g_webhook_len[NMSG];

static const uint8_t k_aad[] = "order=1234;merchant=acme";
#define AAD_LEN (sizeof k_aad - 1)
#define TIMESTAMP 1700000000

struct worker {
    pthread_t tid;
    unsigned id;
    unsigned rounds;
    unsigned long passed, failed;
};

#define CHECK(w, cond)                                                               \
    do {                                                                             \
        if (cond) {                                                                  \
            (w)->passed++;                                                           \
        } else {                                                                     \
            (w)->failed++;                                                           \
            fprintf(stderr, "FAIL thread %u %s:%d: %s\n", (w)->id, __FILE__, __LINE__, \
                    #cond);                                                          \
        }                                                                            \
    } while (0)

static void one_message(struct worker *w, size_t i)
{
    uint8_t tag[PAYCRYPT_HMAC_SHA256_BYTES];
    char hex[2 * PAYCRYPT_HMAC_SHA256_BYTES + 1];
    uint8_t buf[MAXMSG + PAYCRYPT_ENVELOPE_OVERHEAD];
    uint8_t pt[MAXMSG];
    uint8_t dtag[PAYCRYPT_AES_GCM_TAG_BYTES];
    char header[128];
    size_t n = g_len[i], ol = 0;

    /* HMAC: sign, verify (full and truncated), hex, tamper */
    CHECK(w, paycrypt_hmac_key_sign(&g_hk, g_msg[i], n, tag) == PAYCRYPT_OK);
    CHECK(w, memcmp(tag, g_tag[i], sizeof tag) == 0);
    CHECK(w, paycrypt_hmac_key_verify(&g_hk, g_msg[i], n, g_tag[i], 32) == PAYCRYPT_OK);
    CHECK(w, paycrypt_hmac_key_verify(&g_hk, g_msg[i], n, g_tag[i], 16) == PAYCRYPT_OK);
    tag[w->id % 32] ^= 1;
    CHECK(w, paycrypt_hmac_key_verify(&g_hk, g_msg[i], n, tag, 32) ==
                 PAYCRYPT_ERR_VERIFY_FAILED);
    CHECK(w, paycrypt_hmac_key_sign_hex(&g_hk, g_msg[i], n, hex) == PAYCRYPT_OK);
    CHECK(w, memcmp(hex, g_hex[i], sizeof hex) == 0);
    CHECK(w, paycrypt_hmac_key_verify_hex(&g_hk, g_msg[i], n, g_hex[i], 64) == PAYCRYPT_OK);

    /* webhook header under the shared HMAC key */
    CHECK(w, paycrypt_webhook_sign(&g_hk, TIMESTAMP, g_msg[i], n, header, sizeof header, &ol) ==
                 PAYCRYPT_OK);
    CHECK(w, ol == g_webhook_len[i] && memcmp(header, g_webhook[i], ol) == 0);
    CHECK(w, paycrypt_webhook_verify(&g_hk, header, ol, g_msg[i], n, TIMESTAMP + 5, 300) ==
                 PAYCRYPT_OK);

    /* AES-GCM: seal (separate buffer and in place), open, tamper */
    CHECK(w, paycrypt_aes_gcm_seal(&g_gk, g_nonce[i], k_aad, AAD_LEN, g_msg[i], n, buf,
                                   sizeof buf, &ol) == PAYCRYPT_OK);
    CHECK(w, ol == n + 16 && memcmp(buf, g_sealed[i], ol) == 0);
    memcpy(buf, g_msg[i], n);
    CHECK(w, paycrypt_aes_gcm_seal(&g_gk, g_nonce[i], k_aad, AAD_LEN, buf, n, buf, sizeof buf,
                                   &ol) == PAYCRYPT_OK);
    CHECK(w, ol == n + 16 && memcmp(buf, g_sealed[i], ol) == 0);
    CHECK(w, paycrypt_aes_gcm_open(&g_gk, g_nonce[i], k_aad, AAD_LEN, g_sealed[i], n + 16, pt,
                                   sizeof pt, &ol) == PAYCRYPT_OK);
    CHECK(w, ol == n && memcmp(pt, g_msg[i], n) == 0);
    CHECK(w, paycrypt_aes_gcm_open(&g_gk, g_nonce[i], k_aad, AAD_LEN, buf, n + 16, buf,
                                   sizeof buf, &ol) == PAYCRYPT_OK);
    CHECK(w, ol == n && memcmp(buf, g_msg[i], n) == 0);
    memcpy(buf, g_sealed[i], n + 16);
    buf[(w->id + i) % (n + 16)] ^= 0x80;
    CHECK(w, paycrypt_aes_gcm_open(&g_gk, g_nonce[i], k_aad, AAD_LEN, buf, n + 16, pt,
                                   sizeof pt, &ol) == PAYCRYPT_ERR_VERIFY_FAILED);

    /* detached, in place */
    memcpy(buf, g_msg[i], n);
    CHECK(w, paycrypt_aes_gcm_seal_detached(&g_gk, g_nonce[i], k_aad, AAD_LEN, buf, n, dtag) ==
                 PAYCRYPT_OK);
    CHECK(w, memcmp(buf, g_sealed[i], n) == 0 && memcmp(dtag, g_sealed[i] + n, 16) == 0);
    CHECK(w, paycrypt_aes_gcm_open_detached(&g_gk, g_nonce[i], k_aad, AAD_LEN, buf, n, dtag) ==
                 PAYCRYPT_OK);
    CHECK(w, memcmp(buf, g_msg[i], n) == 0);

    /* envelopes under the shared AES-GCM key */
    CHECK(w, paycrypt_envelope_seal(&g_gk, 7, g_nonce[i], k_aad, AAD_LEN, g_msg[i], n, buf,
                                    sizeof buf, &ol) == PAYCRYPT_OK);
    CHECK(w, ol == n + 33 && memcmp(buf, g_env[i], ol) == 0);
    CHECK(w, paycrypt_envelope_open(&g_gk, k_aad, AAD_LEN, g_env[i], n + 33, pt, sizeof pt,
                                    &ol) == PAYCRYPT_OK);
    CHECK(w, ol == n && memcmp(pt, g_msg[i], n) == 0);
}

static void batch(struct worker *w, size_t first)
{
    paycrypt_slice sl[NMSG];
    uint8_t tags[NMSG][PAYCRYPT_HMAC_SHA256_BYTES];
    size_t count = NMSG - first, j;

    for (j = 0; j < count; j++) {
        sl[j].ptr = g_msg[first + j];
        sl[j].len = g_len[first + j];
    }
    CHECK(w, paycrypt_hmac_key_sign_batch(&g_hk, sl, count, &tags[0][0]) == PAYCRYPT_OK);
    for (j = 0; j < count; j++)
        CHECK(w, memcmp(tags[j], g_tag[first + j], PAYCRYPT_HMAC_SHA256_BYTES) == 0);
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    unsigned r;
    size_t i;

    for (r = 0; r < w->rounds; r++) {
        /* each thread walks the messages from its own offset, so that at
           any moment different threads work on different inputs */
        for (i = 0; i < NMSG; i++)
            one_message(w, (i + w->id * 5 + r) % NMSG);
        batch(w, (w->id + r) % NMSG);
    }
    return NULL;
}

static int reference(void)
{
    uint8_t hkey[40], gkey[32];
    size_t i, j, ol;
    int ok = 1;

    for (j = 0; j < sizeof hkey; j++)
        hkey[j] = (uint8_t)(0xa0 + j);
    for (j = 0; j < sizeof gkey; j++)
        gkey[j] = (uint8_t)(3 * j + 1);
    ok &= paycrypt_hmac_key_init(&g_hk, hkey, sizeof hkey) == PAYCRYPT_OK;
    ok &= paycrypt_aes_gcm_key_init(&g_gk, gkey, sizeof gkey) == PAYCRYPT_OK;
    for (i = 0; i < NMSG; i++) {
        g_len[i] = (i * 7) % (MAXMSG + 1);
        for (j = 0; j < g_len[i]; j++)
            g_msg[i][j] = (uint8_t)(i * 31 + j * 7 + 1);
        for (j = 0; j < sizeof g_nonce[i]; j++)
            g_nonce[i][j] = (uint8_t)(i + j * 13);
        ok &= paycrypt_hmac_key_sign(&g_hk, g_msg[i], g_len[i], g_tag[i]) == PAYCRYPT_OK;
        ok &= paycrypt_hmac_key_sign_hex(&g_hk, g_msg[i], g_len[i], g_hex[i]) == PAYCRYPT_OK;
        ok &= paycrypt_webhook_sign(&g_hk, TIMESTAMP, g_msg[i], g_len[i], g_webhook[i],
                                    sizeof g_webhook[i], &g_webhook_len[i]) == PAYCRYPT_OK;
        ok &= paycrypt_aes_gcm_seal(&g_gk, g_nonce[i], k_aad, AAD_LEN, g_msg[i], g_len[i],
                                    g_sealed[i], sizeof g_sealed[i], &ol) == PAYCRYPT_OK;
        ok &= paycrypt_envelope_seal(&g_gk, 7, g_nonce[i], k_aad, AAD_LEN, g_msg[i], g_len[i],
                                     g_env[i], sizeof g_env[i], &ol) == PAYCRYPT_OK;
    }
    return ok;
}

int main(int argc, char **argv)
{
    unsigned nthreads = argc > 1 ? (unsigned)atoi(argv[1]) : 8;
    unsigned rounds = argc > 2 ? (unsigned)atoi(argv[2]) : 40;
    static struct worker w[MAXTHREADS];
    unsigned long passed = 0, failed = 0;
    unsigned t;

    if (nthreads < 1 || nthreads > MAXTHREADS || rounds < 1) {
        fprintf(stderr, "usage: %s [threads 1..%d] [rounds >= 1]\n", argv[0], MAXTHREADS);
        return 2;
    }
    if (!reference()) {
        fprintf(stderr, "FAIL: single-threaded reference computation\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    for (t = 0; t < nthreads; t++) {
        w[t].id = t;
        w[t].rounds = rounds;
        if (pthread_create(&w[t].tid, NULL, worker_main, &w[t]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 2;
        }
    }
    for (t = 0; t < nthreads; t++) {
        pthread_join(w[t].tid, NULL);
        passed += w[t].passed;
        failed += w[t].failed;
    }
    paycrypt_hmac_key_wipe(&g_hk);
    paycrypt_aes_gcm_key_wipe(&g_gk);
    printf("threads: %u threads x %u rounds\n", nthreads, rounds);
    printf("%lu passed, %lu failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
