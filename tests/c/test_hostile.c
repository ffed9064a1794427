/*
 * paycrypt's C ABI against a hostile or careless integrator (issue #7):
 *
 *   1. lengths near SIZE_MAX in every length parameter, with a small real
 *      buffer: refused (PAYCRYPT_ERR_INPUT_TOO_LONG, or the documented
 *      status) without reading past the buffer;
 *   2. out_cap near SIZE_MAX with an exactly-sized output: only the bytes
 *      needed are written;
 *   3. AES-GCM at its length limits (plaintext 2^36 - 32, AAD 2^61 - 1),
 *      the exact boundaries by length alone;
 *   4. outputs sliding over each input, one byte at a time: either the
 *      documented overlap is allowed and the result is right, or
 *      PAYCRYPT_ERR_OVERLAP with nothing written; outputs over the key
 *      contexts are refused;
 *   5. contexts copied with memcpy and used after the original was wiped;
 *   6. observable zeroization: contexts after _wipe / a failed init /
 *      state_final, and outputs after every authentication failure, read
 *      back as all zero.
 *
 * Every buffer is malloc'd at its exact size, so that valgrind (make
 * c-sanitize runs this program under valgrind, and built with ASan/UBSan)
 * reports any read or write the library makes past it: the Rust static
 * library is not instrumented by ASan, but valgrind sees its accesses.
 *
 * Output: FAIL lines, then "N passed, M failed"; exit 0 only when M == 0.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paycrypt.h"

static unsigned long g_passed, g_failed;

static void check(int ok, int line, const char *expr)
{
    if (ok) {
        g_passed++;
    } else {
        g_failed++;
        fprintf(stderr, "FAIL test_hostile.c:%d: %s\n", line, expr);
    }
}

static void check_st(int got, int want, int line, const char *expr)
{
    if (got == want) {
        g_passed++;
    } else {
        g_failed++;
        fprintf(stderr, "FAIL test_hostile.c:%d: %s = %d (%s), want %d\n", line, expr, got,
                paycrypt_status_message(got), want);
    }
}

#define CHECK(e) check(!!(e), __LINE__, #e)
#define ST(e, want) check_st((int)(e), (int)(want), __LINE__, #e)

#define OK PAYCRYPT_OK
#define E_LONG PAYCRYPT_ERR_INPUT_TOO_LONG
#define E_SMALL PAYCRYPT_ERR_BUFFER_TOO_SMALL
#define E_OVERLAP PAYCRYPT_ERR_OVERLAP
#define E_VERIFY PAYCRYPT_ERR_VERIFY_FAILED
#define E_UNINIT PAYCRYPT_ERR_UNINITIALIZED

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return p;
}

/* a malloc'd copy of n bytes: valgrind sees any access past it */
static uint8_t *dup(const void *p, size_t n)
{
    uint8_t *d = xmalloc(n);
    memcpy(d, p, n);
    return d;
}

static int all_eq(const void *p, size_t n, uint8_t v)
{
    const uint8_t *b = p;
    size_t i;
    for (i = 0; i < n; i++)
        if (b[i] != v)
            return 0;
    return 1;
}

static const uint8_t k_hkey[] = "hostile integrator test key, 40 bytes..";
static const uint8_t k_gkey[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                   17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
static const uint8_t k_nonce[12] = {0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88};
static const char k_adyen_key[] = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";

static paycrypt_hmac_key *new_hmac_key(void)
{
    paycrypt_hmac_key *k = xmalloc(sizeof *k);
    memset(k, 0, sizeof *k); /* the context's unused tail stays defined */
    ST(paycrypt_hmac_key_init(k, k_hkey, sizeof k_hkey - 1), OK);
    return k;
}

static paycrypt_aes_gcm_key *new_gcm_key(void)
{
    paycrypt_aes_gcm_key *k = xmalloc(sizeof *k);
    memset(k, 0, sizeof *k);
    ST(paycrypt_aes_gcm_key_init(k, k_gkey, sizeof k_gkey), OK);
    return k;
}

/* ======================================================================== */
/* 1. Lengths near SIZE_MAX                                                  */
/* ======================================================================== */

static void huge_lengths(size_t L)
{
    paycrypt_hmac_key *hk = new_hmac_key();
    paycrypt_aes_gcm_key *gk = new_gcm_key();
    paycrypt_hmac_key *scratch_hk = xmalloc(sizeof *scratch_hk);
    paycrypt_aes_gcm_key *scratch_gk = xmalloc(sizeof *scratch_gk);
    paycrypt_hmac_state *st = xmalloc(sizeof *st);
    uint8_t *p = xmalloc(64); /* the small real buffer behind every huge length */
    uint8_t *out = xmalloc(128);
    char *cout = xmalloc(128);
    size_t ol = 0;
    uint32_t id = 0;
    paycrypt_slice fields[8];
    paycrypt_kv *kv = xmalloc(2 * sizeof *kv); /* heap: over-reads are seen */
    unsigned i;

    memset(p, 'A', 64);
    memset(out, 0x5a, 128);
    for (i = 0; i < 8; i++) {
        fields[i].ptr = p;
        fields[i].len = 4;
    }
    kv[0].key = (const char *)p;
    kv[0].key_len = 3;
    kv[0].value = (const char *)p;
    kv[0].value_len = 3;
    kv[1] = kv[0];

    /* primitives */
    ST(paycrypt_sha256(p, L, out), E_LONG);
    ST(paycrypt_hmac_sha256(p, L, p, 1, out), E_LONG);
    ST(paycrypt_hmac_sha256(p, 1, p, L, out), E_LONG);
    ST(paycrypt_hmac_sha256_verify(p, L, p, 1, p, 32), E_LONG);
    ST(paycrypt_hmac_sha256_verify(p, 1, p, L, p, 32), E_LONG);
    ST(paycrypt_hmac_sha256_verify(p, 1, p, 1, p, L), E_LONG);
    ST(paycrypt_hmac_key_init(scratch_hk, p, L), E_LONG);
    CHECK(all_eq(scratch_hk, sizeof *scratch_hk, 0)); /* failed init wipes */
    ST(paycrypt_hmac_key_sign(hk, p, L, out), E_LONG);
    ST(paycrypt_hmac_key_verify(hk, p, L, p, 32), E_LONG);
    ST(paycrypt_hmac_key_verify(hk, p, 1, p, L), E_LONG);
    ST(paycrypt_hmac_key_sign_hex(hk, p, L, cout), E_LONG);
    ST(paycrypt_hmac_key_verify_hex(hk, p, L, (const char *)p, 64), E_LONG);
    ST(paycrypt_hmac_key_verify_hex(hk, p, 1, (const char *)p, L), E_LONG);
    ST(paycrypt_hmac_key_sign_batch(hk, fields, L, out), E_LONG);
    {
        paycrypt_slice bad = {p, L};
        uint8_t *tags = xmalloc(32);
        memset(tags, 0x5a, 32);
        ST(paycrypt_hmac_key_sign_batch(hk, &bad, 1, tags), E_LONG);
        CHECK(all_eq(tags, 32, 0x5a));
        free(tags);
    }
    ST(paycrypt_hmac_state_init(st, hk), OK);
    ST(paycrypt_hmac_state_update(st, p, L), E_LONG);
    ST(paycrypt_hmac_state_update(st, p, 3), OK); /* the state is still usable */
    ST(paycrypt_hmac_state_final(st, out), OK);

    ST(paycrypt_aes_gcm_key_init(scratch_gk, p, L), E_LONG);
    CHECK(all_eq(scratch_gk, sizeof *scratch_gk, 0));
    ST(paycrypt_aes_gcm_seal(gk, k_nonce, p, L, p, 16, out, 128, &ol), E_LONG);
    ST(paycrypt_aes_gcm_seal(gk, k_nonce, NULL, 0, p, L, out, 128, &ol), E_LONG);
    ST(paycrypt_aes_gcm_seal(gk, k_nonce, p, L, p, 16, NULL, 0, &ol), E_LONG);
    ST(paycrypt_aes_gcm_open(gk, k_nonce, p, L, p, 32, out, 128, &ol), E_LONG);
    ST(paycrypt_aes_gcm_open(gk, k_nonce, NULL, 0, p, L, out, 128, &ol), E_LONG);
    ST(paycrypt_aes_gcm_seal_detached(gk, k_nonce, p, L, out, 16, out + 64), E_LONG);
    ST(paycrypt_aes_gcm_seal_detached(gk, k_nonce, NULL, 0, out, L, out + 64), E_LONG);
    ST(paycrypt_aes_gcm_open_detached(gk, k_nonce, p, L, out, 16, p), E_LONG);
    ST(paycrypt_aes_gcm_open_detached(gk, k_nonce, NULL, 0, out, L, p), E_LONG);
    ST(paycrypt_hkdf_sha256(p, L, p, 1, p, 1, out, 32), E_LONG);
    ST(paycrypt_hkdf_sha256(p, 1, p, L, p, 1, out, 32), E_LONG);
    ST(paycrypt_hkdf_sha256(p, 1, p, 1, p, L, out, 32), E_LONG);
    ST(paycrypt_hkdf_sha256(p, 1, p, 1, p, 1, out, L), E_LONG);
    ST(paycrypt_ct_equal(p, p, L), E_LONG);
    ST(paycrypt_random_bytes(out, L), E_LONG);
    paycrypt_wipe(p, L); /* refused silently: nothing written */
    CHECK(all_eq(p, 64, 'A'));

    /* protocols */
    ST(paycrypt_webhook_sign(hk, 1, p, L, cout, 128, &ol), E_LONG);
    ST(paycrypt_webhook_verify(hk, (const char *)p, L, p, 1, 1, 300), E_LONG);
    ST(paycrypt_webhook_verify(hk, (const char *)p, 10, p, L, 1, 300), E_LONG);
    ST(paycrypt_github_verify(hk, (const char *)p, L, p, 1), E_LONG);
    ST(paycrypt_github_verify(hk, (const char *)p, 10, p, L), E_LONG);
    ST(paycrypt_adyen_sign((const char *)p, L, fields, cout, 128, &ol), E_LONG);
    ST(paycrypt_adyen_verify((const char *)p, L, fields, (const char *)p, 44), E_LONG);
    ST(paycrypt_adyen_verify(k_adyen_key, 64, fields, (const char *)p, L), E_LONG);
    ST(paycrypt_adyen_payload_verify((const char *)p, L, p, 1, (const char *)p, 44), E_LONG);
    ST(paycrypt_adyen_payload_verify(k_adyen_key, 64, p, L, (const char *)p, 44), E_LONG);
    ST(paycrypt_adyen_payload_verify(k_adyen_key, 64, p, 1, (const char *)p, L), E_LONG);
    fields[3].len = L;
    ST(paycrypt_adyen_sign(k_adyen_key, 64, fields, cout, 128, &ol), E_LONG);
    ST(paycrypt_adyen_verify(k_adyen_key, 64, fields, (const char *)p, 44), E_LONG);
    fields[3].len = 4;
    ST(paycrypt_wechatpay_v2_sign(p, L, kv, 2, cout), E_LONG);
    ST(paycrypt_wechatpay_v2_sign(p, 8, kv, L, cout), E_LONG);
    ST(paycrypt_wechatpay_v2_sign(p, 8, kv, 1025, cout), E_LONG); /* over the limit: not walked */
    ST(paycrypt_wechatpay_v2_verify(p, L, kv, 2, (const char *)p, 64), E_LONG);
    ST(paycrypt_wechatpay_v2_verify(p, 8, kv, L, (const char *)p, 64), E_LONG);
    ST(paycrypt_wechatpay_v2_verify(p, 8, kv, 2, (const char *)p, L), E_LONG);
    kv[1].value_len = L;
    ST(paycrypt_wechatpay_v2_sign(p, 8, kv, 2, cout), E_LONG);
    ST(paycrypt_wechatpay_v2_verify(p, 8, kv, 2, (const char *)p, 64), E_LONG);
    kv[1].value_len = 3;
    kv[0].key_len = L;
    ST(paycrypt_wechatpay_v2_sign(p, 8, kv, 2, cout), E_LONG);
    kv[0].key_len = 3;
    ST(paycrypt_wechatpay_v3_decrypt(k_gkey, (const char *)p, L, (const char *)p, 4, (const char *)p, 40,
                                     out, 128, &ol), E_LONG);
    ST(paycrypt_wechatpay_v3_decrypt(k_gkey, (const char *)p, 12, (const char *)p, L, (const char *)p, 40,
                                     out, 128, &ol), E_LONG);
    ST(paycrypt_wechatpay_v3_decrypt(k_gkey, (const char *)p, 12, (const char *)p, 4, (const char *)p, L,
                                     out, 128, &ol), E_LONG);
    ST(paycrypt_envelope_seal(gk, 1, k_nonce, p, L, p, 16, out, 128, &ol), E_LONG);
    ST(paycrypt_envelope_seal(gk, 1, k_nonce, NULL, 0, p, L, out, 128, &ol), E_LONG);
    ST(paycrypt_envelope_key_id(p, L, &id), E_LONG);
    ST(paycrypt_envelope_open(gk, p, L, p, 50, out, 128, &ol), E_LONG);
    ST(paycrypt_envelope_open(gk, NULL, 0, p, L, out, 128, &ol), E_LONG);

    CHECK(all_eq(p, 64, 'A')); /* no input was written */
    paycrypt_hmac_key_wipe(hk);
    paycrypt_aes_gcm_key_wipe(gk);
    free(hk);
    free(gk);
    free(scratch_hk);
    free(scratch_gk);
    free(st);
    free(p);
    free(out);
    free(cout);
    free(kv);
}

/* ======================================================================== */
/* 2. out_cap near SIZE_MAX with an exactly-sized output                     */
/* ======================================================================== */

static void huge_capacities(size_t cap)
{
    paycrypt_hmac_key *hk = new_hmac_key();
    paycrypt_aes_gcm_key *gk = new_gcm_key();
    uint8_t *pt = dup("card=4111111111111111;amount=100", 32);
    uint8_t ref[128], *out;
    size_t ol = 0, rl = 0;
    char *text;

    ST(paycrypt_aes_gcm_seal(gk, k_nonce, NULL, 0, pt, 32, ref, sizeof ref, &rl), OK);
    out = xmalloc(48);
    ST(paycrypt_aes_gcm_seal(gk, k_nonce, NULL, 0, pt, 32, out, cap, &ol), OK);
    CHECK(ol == 48 && rl == 48 && memcmp(out, ref, 48) == 0);
    free(out);
    out = xmalloc(32);
    ST(paycrypt_aes_gcm_open(gk, k_nonce, NULL, 0, ref, 48, out, cap, &ol), OK);
    CHECK(ol == 32 && memcmp(out, pt, 32) == 0);
    free(out);

    ST(paycrypt_envelope_seal(gk, 9, k_nonce, NULL, 0, pt, 32, ref, sizeof ref, &rl), OK);
    out = xmalloc(32 + PAYCRYPT_ENVELOPE_OVERHEAD);
    ST(paycrypt_envelope_seal(gk, 9, k_nonce, NULL, 0, pt, 32, out, cap, &ol), OK);
    CHECK(ol == rl && memcmp(out, ref, rl) == 0);
    free(out);
    out = xmalloc(32);
    ST(paycrypt_envelope_open(gk, NULL, 0, ref, rl, out, cap, &ol), OK);
    CHECK(ol == 32 && memcmp(out, pt, 32) == 0);
    free(out);

    /* text outputs: the size query tells the exact size (with the NUL) */
    ST(paycrypt_webhook_sign(hk, 1700000000, pt, 32, NULL, 0, &rl), E_SMALL);
    text = xmalloc(rl);
    ST(paycrypt_webhook_sign(hk, 1700000000, pt, 32, text, cap, &ol), OK);
    CHECK(ol + 1 == rl && text[ol] == '\0');
    ST(paycrypt_webhook_verify(hk, text, ol, pt, 32, 1700000000, 0), OK);
    free(text);
    {
        paycrypt_slice f[8];
        unsigned i;
        for (i = 0; i < 8; i++) {
            f[i].ptr = pt + i;
            f[i].len = 4;
        }
        ST(paycrypt_adyen_sign(k_adyen_key, 64, f, NULL, 0, &rl), E_SMALL);
        text = xmalloc(rl);
        ST(paycrypt_adyen_sign(k_adyen_key, 64, f, text, cap, &ol), OK);
        CHECK(ol + 1 == rl && text[ol] == '\0');
        ST(paycrypt_adyen_verify(k_adyen_key, 64, f, text, ol), OK);
        free(text);
    }

    paycrypt_hmac_key_wipe(hk);
    paycrypt_aes_gcm_key_wipe(gk);
    free(hk);
    free(gk);
    free(pt);
}

/* ======================================================================== */
/* 3. AES-GCM limits, by length alone                                        */
/* ======================================================================== */

static void gcm_limits(void)
{
#if SIZE_MAX > 0xffffffffu
    const size_t max_pt = ((size_t)1 << 36) - 32, max_aad = ((size_t)1 << 61) - 1;
    paycrypt_aes_gcm_key *gk = new_gcm_key();
    uint8_t *p = xmalloc(64), *t = xmalloc(16);
    size_t ol = 0;

    memset(p, 1, 64);
    /* largest plaintext: accepted up to the size query; one more: refused */
    ST(paycrypt_aes_gcm_seal(gk, k_nonce, NULL, 0, p, max_pt, NULL, 0, &ol), E_SMALL);
    CHECK(ol == max_pt + 16);
    ST(paycrypt_aes_gcm_seal(gk, k_nonce, NULL, 0, p, max_pt + 1, NULL, 0, &ol), E_LONG);
    ST(paycrypt_aes_gcm_seal(gk, k_nonce, NULL, 0, p, max_pt + 1, p, SIZE_MAX, &ol), E_LONG);
    ST(paycrypt_aes_gcm_open(gk, k_nonce, NULL, 0, p, max_pt + 16, NULL, 0, &ol), E_SMALL);
    CHECK(ol == max_pt);
    ST(paycrypt_aes_gcm_open(gk, k_nonce, NULL, 0, p, max_pt + 17, NULL, 0, &ol), E_LONG);
    ST(paycrypt_envelope_seal(gk, 1, k_nonce, NULL, 0, p, max_pt, NULL, 0, &ol), E_SMALL);
    CHECK(ol == max_pt + PAYCRYPT_ENVELOPE_OVERHEAD);
    ST(paycrypt_envelope_seal(gk, 1, k_nonce, NULL, 0, p, max_pt + 1, NULL, 0, &ol), E_LONG);
    ST(paycrypt_aes_gcm_seal_detached(gk, k_nonce, NULL, 0, p, max_pt + 1, t), E_LONG);
    ST(paycrypt_aes_gcm_open_detached(gk, k_nonce, NULL, 0, p, max_pt + 1, t), E_LONG);
    /* largest AAD: accepted up to the size query; one more: refused */
    ST(paycrypt_aes_gcm_seal(gk, k_nonce, p, max_aad, p, 0, NULL, 0, &ol), E_SMALL);
    CHECK(ol == 16);
    ST(paycrypt_aes_gcm_seal(gk, k_nonce, p, max_aad + 1, p, 0, NULL, 0, &ol), E_LONG);
    ST(paycrypt_aes_gcm_open(gk, k_nonce, p, max_aad + 1, p, 16, t, 16, &ol), E_LONG);
    ST(paycrypt_aes_gcm_seal_detached(gk, k_nonce, p, max_aad + 1, t, 16, t), E_LONG);
    ST(paycrypt_aes_gcm_open_detached(gk, k_nonce, p, max_aad + 1, t, 16, p), E_LONG);
    ST(paycrypt_envelope_seal(gk, 1, k_nonce, p, max_aad + 1, p, 0, NULL, 0, &ol), E_LONG);
    ST(paycrypt_envelope_open(gk, p, max_aad + 1, p, 40, t, 16, &ol), E_LONG);
    ST(paycrypt_wechatpay_v3_decrypt(k_gkey, (const char *)p, 12, (const char *)p, max_aad + 1,
                                     (const char *)p, 40, t, 16, &ol), E_LONG);
    CHECK(all_eq(p, 64, 1));
    paycrypt_aes_gcm_key_wipe(gk);
    free(gk);
    free(p);
    free(t);
#endif
}

/* ======================================================================== */
/* 4. Outputs sliding over inputs                                            */
/* ======================================================================== */

#define SLIDE 48 /* output offsets -SLIDE..+SLIDE around the input */

/* out at in + d for every d; `allowed` says the function permits it, else
   it must be PAYCRYPT_ERR_OVERLAP whenever the ranges share a byte */
static void slide_gcm(void)
{
    paycrypt_aes_gcm_key *gk = new_gcm_key();
    uint8_t pt[40], ct[56], aad[20], env[40 + PAYCRYPT_ENVELOPE_OVERHEAD];
    size_t ol = 0, el = 0;
    int d;

    memset(pt, 0x3c, sizeof pt);
    memset(aad, 0x11, sizeof aad);
    ST(paycrypt_aes_gcm_seal(gk, k_nonce, aad, 20, pt, 40, ct, sizeof ct, &ol), OK);
    ST(paycrypt_envelope_seal(gk, 5, k_nonce, aad, 20, pt, 40, env, sizeof env, &el), OK);
    for (d = -SLIDE; d <= SLIDE; d++) {
        const size_t base = SLIDE + 8, total = base + 2 * SLIDE + 128;
        uint8_t *buf = xmalloc(total), *copy = xmalloc(total);
        int ovl;

        /* seal: out may overlap pt in any way (memmove semantics) */
        memset(buf, 0xee, total);
        memcpy(buf + base, pt, 40);
        ST(paycrypt_aes_gcm_seal(gk, k_nonce, aad, 20, buf + base, 40, buf + base + d, 56, &ol), OK);
        CHECK(ol == 56 && memcmp(buf + base + d, ct, 56) == 0);
        /* open: likewise */
        memset(buf, 0xee, total);
        memcpy(buf + base, ct, 56);
        ST(paycrypt_aes_gcm_open(gk, k_nonce, aad, 20, buf + base, 56, buf + base + d, 40, &ol), OK);
        CHECK(ol == 40 && memcmp(buf + base + d, pt, 40) == 0);
        /* seal: out must not overlap aad */
        memset(buf, 0xee, total);
        memcpy(buf + base, aad, 20);
        memcpy(copy, buf, total);
        ovl = d > -56 && d < 20;
        ST(paycrypt_aes_gcm_seal(gk, k_nonce, buf + base, 20, pt, 40, buf + base + d, 56, &ol),
           ovl ? E_OVERLAP : OK);
        if (ovl)
            CHECK(memcmp(buf, copy, total) == 0);
        else
            CHECK(memcmp(buf + base + d, ct, 56) == 0);
        /* open: out must not overlap aad */
        memset(buf, 0xee, total);
        memcpy(buf + base, aad, 20);
        memcpy(copy, buf, total);
        ovl = d > -40 && d < 20;
        ST(paycrypt_aes_gcm_open(gk, k_nonce, buf + base, 20, ct, 56, buf + base + d, 40, &ol),
           ovl ? E_OVERLAP : OK);
        if (ovl)
            CHECK(memcmp(buf, copy, total) == 0);
        else
            CHECK(memcmp(buf + base + d, pt, 40) == 0);
        /* detached: aad must not overlap buf */
        memset(buf, 0xee, total);
        memcpy(buf + base, aad, 20);
        memcpy(buf + base + d, pt, 40);
        memcpy(copy, buf, total);
        ovl = d > -40 && d < 20;
        {
            uint8_t tag[16];
            int s = paycrypt_aes_gcm_seal_detached(gk, k_nonce, buf + base, 20, buf + base + d, 40, tag);
            ST(s, ovl ? E_OVERLAP : OK);
            if (ovl) {
                CHECK(memcmp(buf, copy, total) == 0);
            } else {
                CHECK(memcmp(buf + base + d, ct, 40) == 0 && memcmp(tag, ct + 40, 16) == 0);
                ST(paycrypt_aes_gcm_open_detached(gk, k_nonce, buf + base, 20, buf + base + d, 40, tag), OK);
                CHECK(memcmp(buf + base + d, pt, 40) == 0);
            }
        }
        /* envelope open: out must not overlap env */
        memset(buf, 0xee, total);
        memcpy(buf + base, env, el);
        memcpy(copy, buf, total);
        ovl = d > -40 && d < (int)el;
        ST(paycrypt_envelope_open(gk, aad, 20, buf + base, el, buf + base + d, 40, &ol),
           ovl ? E_OVERLAP : OK);
        if (ovl)
            CHECK(memcmp(buf, copy, total) == 0);
        else
            CHECK(memcmp(buf + base + d, pt, 40) == 0);
        /* envelope seal: out must not overlap pt */
        memset(buf, 0xee, total);
        memcpy(buf + base, pt, 40);
        memcpy(copy, buf, total);
        ovl = d > -(int)el && d < 40;
        ST(paycrypt_envelope_seal(gk, 5, k_nonce, aad, 20, buf + base, 40, buf + base + d, el, &ol),
           ovl ? E_OVERLAP : OK);
        if (ovl)
            CHECK(memcmp(buf, copy, total) == 0);
        else
            CHECK(memcmp(buf + base + d, env, el) == 0);
        free(buf);
        free(copy);
    }
    paycrypt_aes_gcm_key_wipe(gk);
    free(gk);
}

static void slide_hmac_and_text(void)
{
    paycrypt_hmac_key *hk = new_hmac_key();
    uint8_t msg[40], tag[32], okm[42], ikm[22], digest[32], onetag[32], b64sig[45];
    char hex[65], header[128];
    size_t hl = 0, ol = 0, sl = 0;
    int d;
    paycrypt_slice fields[8];
    unsigned f;

    memset(msg, 0x6d, sizeof msg);
    memset(ikm, 0x0b, sizeof ikm);
    ST(paycrypt_hmac_key_sign(hk, msg, 40, tag), OK);
    ST(paycrypt_hmac_key_sign_hex(hk, msg, 40, hex), OK);
    ST(paycrypt_webhook_sign(hk, 1700000000, msg, 40, header, sizeof header, &hl), OK);
    ST(paycrypt_hkdf_sha256(NULL, 0, ikm, 22, NULL, 0, okm, 42), OK);
    ST(paycrypt_sha256(msg, 40, digest), OK);
    ST(paycrypt_hmac_sha256(ikm, 22, msg, 40, onetag), OK);
    for (f = 0; f < 8; f++) {
        fields[f].ptr = msg + 4 * f;
        fields[f].len = 4;
    }
    ST(paycrypt_adyen_sign(k_adyen_key, 64, fields, (char *)b64sig, sizeof b64sig, &sl), OK);
    for (d = -SLIDE; d <= SLIDE; d++) {
        const size_t base = SLIDE + 8, total = base + 2 * SLIDE + 160;
        uint8_t *buf = xmalloc(total), *copy = xmalloc(total);
        int ovl;

        /* allowed: output written after the input was read */
        memset(buf, 0xee, total);
        memcpy(buf + base, msg, 40);
        ST(paycrypt_hmac_key_sign(hk, buf + base, 40, buf + base + d), OK);
        CHECK(memcmp(buf + base + d, tag, 32) == 0);
        memcpy(buf + base, msg, 40);
        ST(paycrypt_hmac_key_sign_hex(hk, buf + base, 40, (char *)buf + base + d), OK);
        CHECK(memcmp(buf + base + d, hex, 65) == 0);
        memcpy(buf + base, msg, 40);
        ST(paycrypt_webhook_sign(hk, 1700000000, buf + base, 40, (char *)buf + base + d, hl + 1, &ol), OK);
        CHECK(ol == hl && memcmp(buf + base + d, header, hl + 1) == 0);
        memcpy(buf + base, msg, 40);
        ST(paycrypt_sha256(buf + base, 40, buf + base + d), OK);
        CHECK(memcmp(buf + base + d, digest, 32) == 0);
        /* one-shot HMAC: out over the key (at base) and the message (after it) */
        memcpy(buf + base, ikm, 22);
        memcpy(buf + base + 22, msg, 40);
        ST(paycrypt_hmac_sha256(buf + base, 22, buf + base + 22, 40, buf + base + d), OK);
        CHECK(memcmp(buf + base + d, onetag, 32) == 0);
        /* Adyen: the signature text over the key text */
        memcpy(buf + base, k_adyen_key, 64);
        ST(paycrypt_adyen_sign((const char *)buf + base, 64, fields, (char *)buf + base + d, sl + 1, &ol), OK);
        CHECK(ol == sl && memcmp(buf + base + d, b64sig, sl + 1) == 0);
        /* streaming: data sliding over the end of the state is refused */
        {
            const size_t n = 40, lead = SLIDE + 40; /* 88: keeps the state 8-aligned */
            uint8_t *region = xmalloc(lead + sizeof(paycrypt_hmac_state) + SLIDE + n);
            paycrypt_hmac_state *s = (paycrypt_hmac_state *)(void *)(region + lead);
            uint8_t *s_end = region + lead + sizeof *s, *data = s_end + d - 20, t2[32];
            ST(paycrypt_hmac_state_init(s, hk), OK);
            ovl = d < 20;
            if (!ovl)
                memcpy(data, msg, n);
            ST(paycrypt_hmac_state_update(s, data, n), ovl ? E_OVERLAP : OK);
            if (ovl)
                ST(paycrypt_hmac_state_update(s, msg, n), OK);
            ST(paycrypt_hmac_state_final(s, t2), OK);
            CHECK(memcmp(t2, tag, 32) == 0);
            free(region);
        }
        /* hkdf: okm must not overlap ikm */
        memset(buf, 0xee, total);
        memcpy(buf + base, ikm, 22);
        memcpy(copy, buf, total);
        ovl = d > -42 && d < 22;
        ST(paycrypt_hkdf_sha256(NULL, 0, buf + base, 22, NULL, 0, buf + base + d, 42), ovl ? E_OVERLAP : OK);
        if (ovl)
            CHECK(memcmp(buf, copy, total) == 0);
        else
            CHECK(memcmp(buf + base + d, okm, 42) == 0);
        free(buf);
        free(copy);
    }
    paycrypt_hmac_key_wipe(hk);
    free(hk);
}

/* outputs over a key context are refused; nothing is written */
static void outputs_over_contexts(void)
{
    paycrypt_aes_gcm_key *gk = new_gcm_key();
    paycrypt_hmac_key *hk = new_hmac_key();
    uint8_t pt[16] = {0}, sealed[32], again[32], tag[32], *o = (uint8_t *)gk;
    size_t ol = 0, at[3];
    unsigned i;
    paycrypt_slice sl = {pt, 16};

    at[0] = 0;
    at[1] = 24;
    at[2] = sizeof *gk - 8;
    ST(paycrypt_aes_gcm_seal(gk, k_nonce, NULL, 0, pt, 16, sealed, 32, &ol), OK);
    for (i = 0; i < 3; i++) {
        ST(paycrypt_aes_gcm_seal(gk, k_nonce, NULL, 0, pt, 16, o + at[i], 32, &ol), E_OVERLAP);
        ST(paycrypt_aes_gcm_open(gk, k_nonce, NULL, 0, sealed, 32, o + at[i], 16, &ol), E_OVERLAP);
        ST(paycrypt_aes_gcm_seal_detached(gk, k_nonce, NULL, 0, o + at[i], 8, pt), E_OVERLAP);
        ST(paycrypt_aes_gcm_open_detached(gk, k_nonce, NULL, 0, o + at[i], 8, pt), E_OVERLAP);
        ST(paycrypt_envelope_seal(gk, 1, k_nonce, NULL, 0, pt, 16, o + at[i] / 2, 49, &ol), E_OVERLAP);
        /* the key is intact (compared by use: a Rust value's padding bytes
           in the context are undefined, so no memcmp of contexts) */
        ST(paycrypt_aes_gcm_seal(gk, k_nonce, NULL, 0, pt, 16, again, 32, &ol), OK);
        CHECK(memcmp(again, sealed, 32) == 0);
    }
    ST(paycrypt_hmac_key_sign(hk, pt, 16, tag), OK);
    ST(paycrypt_hmac_key_sign_batch(hk, &sl, 1, (uint8_t *)hk + 40), E_OVERLAP);
    ST(paycrypt_hmac_key_sign(hk, pt, 16, again), OK);
    CHECK(memcmp(again, tag, 32) == 0);
    paycrypt_aes_gcm_key_wipe(gk);
    paycrypt_hmac_key_wipe(hk);
    free(gk);
    free(hk);
}

/* ======================================================================== */
/* 5. memcpy'd contexts after the original was wiped                         */
/* ======================================================================== */

static void copied_contexts(void)
{
    paycrypt_hmac_key *hk = new_hmac_key(), *hc = xmalloc(sizeof *hc);
    paycrypt_aes_gcm_key *gk = new_gcm_key(), *gc = xmalloc(sizeof *gc);
    paycrypt_hmac_state *s = xmalloc(sizeof *s), *sc = xmalloc(sizeof *sc);
    uint8_t msg[] = "copied contexts", t1[32], t2[32], sealed[64], pt[32];
    size_t ol = 0;

    ST(paycrypt_hmac_key_sign(hk, msg, sizeof msg, t1), OK);
    memcpy(hc, hk, sizeof *hk);
    paycrypt_hmac_key_wipe(hk);
    ST(paycrypt_hmac_key_sign(hk, msg, sizeof msg, t2), E_UNINIT);
    ST(paycrypt_hmac_key_sign(hc, msg, sizeof msg, t2), OK);
    CHECK(memcmp(t1, t2, 32) == 0);
    ST(paycrypt_hmac_state_init(s, hc), OK);
    paycrypt_hmac_key_wipe(hc); /* the state holds its own copy */
    ST(paycrypt_hmac_state_update(s, msg, 5), OK);
    memcpy(sc, s, sizeof *s);
    ST(paycrypt_hmac_state_final(s, t2), OK);
    ST(paycrypt_hmac_state_update(sc, msg + 5, sizeof msg - 5), OK);
    ST(paycrypt_hmac_state_final(sc, t2), OK);
    CHECK(memcmp(t1, t2, 32) == 0);

    ST(paycrypt_aes_gcm_seal(gk, k_nonce, NULL, 0, msg, 16, sealed, sizeof sealed, &ol), OK);
    memcpy(gc, gk, sizeof *gk);
    paycrypt_aes_gcm_key_wipe(gk);
    ST(paycrypt_aes_gcm_open(gk, k_nonce, NULL, 0, sealed, 32, pt, sizeof pt, &ol), E_UNINIT);
    ST(paycrypt_aes_gcm_open(gc, k_nonce, NULL, 0, sealed, 32, pt, sizeof pt, &ol), OK);
    CHECK(ol == 16 && memcmp(pt, msg, 16) == 0);
    paycrypt_aes_gcm_key_wipe(gc);
    free(hk);
    free(hc);
    free(gk);
    free(gc);
    free(s);
    free(sc);
}

/* ======================================================================== */
/* 6. Observable zeroization                                                 */
/* ======================================================================== */

static void zeroization(void)
{
    paycrypt_hmac_key *hk = new_hmac_key();
    paycrypt_aes_gcm_key *gk = new_gcm_key();
    paycrypt_hmac_state *s = xmalloc(sizeof *s);
    uint8_t pt[40], sealed[56], env[80], out[80], tag[16];
    size_t ol = 0, el = 0;

    memset(pt, 0x42, sizeof pt);
    /* contexts: wipe, failed init, state_final */
    CHECK(!all_eq(hk, sizeof *hk, 0) && !all_eq(gk, sizeof *gk, 0));
    ST(paycrypt_hmac_state_init(s, hk), OK);
    ST(paycrypt_hmac_state_update(s, pt, 40), OK);
    ST(paycrypt_hmac_state_final(s, out), OK);
    CHECK(all_eq(s, sizeof *s, 0));
    ST(paycrypt_hmac_key_init(hk, NULL, 5), PAYCRYPT_ERR_NULL_POINTER);
    CHECK(all_eq(hk, sizeof *hk, 0));
    ST(paycrypt_aes_gcm_key_init(gk, k_gkey, 24), PAYCRYPT_ERR_KEY_LENGTH);
    CHECK(all_eq(gk, sizeof *gk, 0));
    ST(paycrypt_hmac_key_init(hk, k_hkey, 40), OK);
    ST(paycrypt_aes_gcm_key_init(gk, k_gkey, 32), OK);

    /* failed opens leave zeros, not plaintext nor the caller's bytes */
    ST(paycrypt_aes_gcm_seal(gk, k_nonce, NULL, 0, pt, 40, sealed, sizeof sealed, &ol), OK);
    sealed[55] ^= 1;
    memset(out, 0x77, sizeof out);
    ST(paycrypt_aes_gcm_open(gk, k_nonce, NULL, 0, sealed, 56, out, sizeof out, &ol), E_VERIFY);
    CHECK(all_eq(out, 40, 0) && all_eq(out + 40, sizeof out - 40, 0x77));
    memcpy(out, sealed, 56);
    ST(paycrypt_aes_gcm_open(gk, k_nonce, NULL, 0, out, 56, out, 56, &ol), E_VERIFY);
    CHECK(all_eq(out, 56, 0));
    memcpy(out + 3, sealed, 56);
    ST(paycrypt_aes_gcm_open(gk, k_nonce, NULL, 0, out + 3, 56, out, 40, &ol), E_VERIFY);
    CHECK(all_eq(out, 40, 0));
    memcpy(out, sealed, 40);
    memcpy(tag, sealed + 40, 16);
    ST(paycrypt_aes_gcm_open_detached(gk, k_nonce, NULL, 0, out, 40, tag), E_VERIFY);
    CHECK(all_eq(out, 40, 0));

    ST(paycrypt_envelope_seal(gk, 3, k_nonce, NULL, 0, pt, 40, env, sizeof env, &el), OK);
    env[el - 1] ^= 1;
    memset(out, 0x77, sizeof out);
    ST(paycrypt_envelope_open(gk, NULL, 0, env, el, out, sizeof out, &ol), E_VERIFY);
    CHECK(all_eq(out, 40, 0));
    {
        /* WeChat Pay v3: base64 of ciphertext||tag sealed with the APIv3 key;
           a wrong AD fails and zeroes the plaintext-sized part of out */
        paycrypt_aes_gcm_key *v3 = xmalloc(sizeof *v3);
        uint8_t ct[56];
        char text[80];
        size_t tl = 0, i;
        static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        ST(paycrypt_aes_gcm_key_init(v3, k_gkey, 32), OK);
        ST(paycrypt_aes_gcm_seal(v3, k_nonce, (const uint8_t *)"transaction", 11, pt, 40, ct, sizeof ct, &ol),
           OK);
        for (i = 0; i + 3 <= 54; i += 3) { /* 56 bytes: 18 groups + 2 bytes */
            uint32_t v = (uint32_t)ct[i] << 16 | (uint32_t)ct[i + 1] << 8 | ct[i + 2];
            text[tl++] = digits[v >> 18];
            text[tl++] = digits[(v >> 12) & 63];
            text[tl++] = digits[(v >> 6) & 63];
            text[tl++] = digits[v & 63];
        }
        {
            uint32_t v = (uint32_t)ct[54] << 16 | (uint32_t)ct[55] << 8;
            text[tl++] = digits[v >> 18];
            text[tl++] = digits[(v >> 12) & 63];
            text[tl++] = digits[(v >> 6) & 63];
            text[tl++] = '=';
        }
        memset(out, 0x77, sizeof out);
        ST(paycrypt_wechatpay_v3_decrypt(k_gkey, (const char *)k_nonce, 12, "transaction", 11, text, tl, out,
                                         sizeof out, &ol), OK);
        CHECK(ol == 40 && memcmp(out, pt, 40) == 0);
        memset(out, 0x77, sizeof out);
        ST(paycrypt_wechatpay_v3_decrypt(k_gkey, (const char *)k_nonce, 12, "transactioN", 11, text, tl, out,
                                         sizeof out, &ol), E_VERIFY);
        CHECK(all_eq(out, 40, 0) && all_eq(out + 40, sizeof out - 40, 0x77));
        paycrypt_aes_gcm_key_wipe(v3);
        CHECK(all_eq(v3, sizeof *v3, 0));
        free(v3);
    }

    paycrypt_hmac_key_wipe(hk);
    paycrypt_aes_gcm_key_wipe(gk);
    CHECK(all_eq(hk, sizeof *hk, 0) && all_eq(gk, sizeof *gk, 0));
    free(hk);
    free(gk);
    free(s);
}

int main(void)
{
    const size_t huge[] = {SIZE_MAX, SIZE_MAX - 1, SIZE_MAX - 15, SIZE_MAX / 2 + 1};
    size_t i;

    for (i = 0; i < sizeof huge / sizeof huge[0]; i++)
        huge_lengths(huge[i]);
    for (i = 0; i < sizeof huge / sizeof huge[0]; i++)
        huge_capacities(huge[i]);
    gcm_limits();
    slide_gcm();
    slide_hmac_and_text();
    outputs_over_contexts();
    copied_contexts();
    zeroization();
    printf("%lu passed, %lu failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
