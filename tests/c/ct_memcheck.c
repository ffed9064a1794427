/*
 * Constant-time check of paycrypt's verify, open and compare paths under
 * valgrind memcheck (`make ct-check`).
 *
 * Memcheck tracks, for every bit, whether it is "defined". Marking the
 * secrets undefined with VALGRIND_MAKE_MEM_UNDEFINED (keys, the tags the
 * library computes from them, the tags and signature text it receives)
 * turns memcheck into a constant-time checker: a branch on, or a memory
 * address computed from, anything derived from a secret is reported as
 * "Conditional jump or move depends on uninitialised value(s)" or "Use of
 * uninitialised value", and `valgrind --error-exitcode=1` fails the run.
 *
 * The one place where the library may branch on a secret-derived value is
 * paycrypt::util::declassify_verdict, which turns an accept/reject verdict
 * (a subtle::Choice) into the bool the caller acts on. Errors whose
 * innermost frame is that function are suppressed by
 * tests/c/ct_memcheck.supp; nothing else in paycrypt is.
 *
 * What is public by design is left (or marked) defined here: lengths, the
 * header structure of webhook headers (names, separators, the timestamp),
 * the envelope header (version, key id, nonce), nonces, associated data,
 * parameters and payloads, and the trailing '=' padding of base64 text
 * (which encodes the length). See README.md, "Constant time".
 *
 * The signing and sealing paths (HMAC, streaming HMAC, hex, HKDF, webhook,
 * Adyen, WeChat v2, AES-GCM seal, envelope seal) run too, with a secret
 * key and plaintext: they have no verdict, so any report there fails.
 *
 * After each call the C side marks the returned status (and any output it
 * inspects) defined before branching on it, as a caller that acts on the
 * result would have to.
 *
 * Build (from the repository root, after `cargo build --release`):
 *   gcc -std=c99 -O1 -g -Iinclude tests/c/ct_memcheck.c -o build/ct_memcheck \
 *       target/release/libpaycrypt.a -lpthread -ldl -lm
 * Run:
 *   valgrind --error-exitcode=1 --suppressions=tests/c/ct_memcheck.supp \
 *       build/ct_memcheck
 * Outside valgrind the client requests are no-ops and the program is a
 * plain functional test. Output ends with one line "N passed, M failed".
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <valgrind/memcheck.h>

#include "paycrypt.h"

#define WEBHOOK_BUF 128

static unsigned g_passed, g_failed;

/* Mark n bytes at p secret (undefined) or public (defined). */
#define SECRET(p, n) ((void)VALGRIND_MAKE_MEM_UNDEFINED((p), (n)))
#define PUBLIC(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))

/* The status of a call, declassified before the test branches on it. */
static paycrypt_status verdict(paycrypt_status st)
{
    PUBLIC(&st, sizeof st);
    return st;
}

static void check(int ok, const char *what, int line)
{
    if (ok) {
        g_passed++;
    } else {
        g_failed++;
        printf("FAIL line %d: %s\n", line, what);
    }
}

/* Run CALL (returns a status), declassify it and compare with WANT. */
#define EXPECT(CALL, WANT)                                                     \
    do {                                                                       \
        paycrypt_status st_ = verdict(CALL);                                   \
        check(st_ == (WANT), #CALL " == " #WANT, __LINE__);                    \
        if (st_ != (WANT))                                                     \
            printf("     got %d (%s)\n", (int)st_, paycrypt_status_message(st_)); \
    } while (0)
#define CHECK(cond) check((cond) ? 1 : 0, #cond, __LINE__)

#define OK PAYCRYPT_OK
#define FAILED PAYCRYPT_ERR_VERIFY_FAILED
#define MALFORMED PAYCRYPT_ERR_MALFORMED

/* memcmp on data made public first (the output the caller receives). */
static int public_eq(const void *a, const void *b, size_t n)
{
    PUBLIC(a, n);
    PUBLIC(b, n);
    return memcmp(a, b, n) == 0;
}

static int all_zero(const uint8_t *p, size_t n)
{
    size_t i;
    PUBLIC(p, n);
    for (i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = (uint8_t)(seed + 37 * i + (i >> 3));
}

static void to_hex(const uint8_t *src, size_t n, char *dst, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    size_t i;
    for (i = 0; i < n; i++) {
        dst[2 * i] = digits[src[i] >> 4];
        dst[2 * i + 1] = digits[src[i] & 15];
    }
}

/* Standard padded base64 (only ever run on public data); returns length. */
static size_t to_b64(const uint8_t *src, size_t n, char *dst)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i, o = 0;
    for (i = 0; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)src[i] << 16 | (uint32_t)src[i + 1] << 8 | src[i + 2];
        dst[o++] = a[v >> 18];
        dst[o++] = a[(v >> 12) & 63];
        dst[o++] = a[(v >> 6) & 63];
        dst[o++] = a[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)src[i] << 16;
        dst[o++] = a[v >> 18];
        dst[o++] = a[(v >> 12) & 63];
        dst[o++] = '=';
        dst[o++] = '=';
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)src[i] << 16 | (uint32_t)src[i + 1] << 8;
        dst[o++] = a[v >> 18];
        dst[o++] = a[(v >> 12) & 63];
        dst[o++] = a[(v >> 6) & 63];
        dst[o++] = '=';
    }
    return o;
}

/* Mark base64 text secret except its trailing '=' padding (public: it is
 * the length). The test's own text, so reading it here is fine. */
static void secret_b64(char *b64, size_t n)
{
    size_t pad = 0;
    while (pad < 2 && pad < n && b64[n - 1 - pad] == '=')
        pad++;
    SECRET(b64, n - pad);
}

/* Replace one hex digit by another (the text is still public here). */
static void tamper_hex(char *hex, size_t i)
{
    hex[i] = hex[i] == '0' ? '1' : '0';
}

/* Replace one base64 data character by another. */
static void tamper_b64(char *b64, size_t i)
{
    b64[i] = b64[i] == 'A' ? 'B' : 'A';
}

/* ------------------------------------------------------------------ */

static void test_ct_equal(void)
{
    uint8_t a[32], b[32];
    fill(a, 32, 1);
    memcpy(b, a, 32);
    SECRET(a, 32);
    SECRET(b, 32);
    EXPECT(paycrypt_ct_equal(a, b, 32), OK);
    b[0] ^= 0x01; /* still undefined: xor keeps the shadow */
    EXPECT(paycrypt_ct_equal(a, b, 32), FAILED);
    b[0] ^= 0x01;
    b[31] ^= 0x80;
    EXPECT(paycrypt_ct_equal(a, b, 32), FAILED);
}

/* Raw, truncated and hex HMAC verification with a precomputed key, and the
 * one-shot paycrypt_hmac_sha256_verify. */
static void test_hmac(void)
{
    uint8_t key[40], tag[32], bad[32];
    char hex[65], badhex[64];
    static const uint8_t msg[] = "amount=1000&currency=EUR&order=42";
    const size_t ml = sizeof msg - 1;
    paycrypt_hmac_key pub, k;

    fill(key, sizeof key, 7);
    /* The received tags are made with a public copy of the key... */
    EXPECT(paycrypt_hmac_key_init(&pub, key, sizeof key), OK);
    EXPECT(paycrypt_hmac_key_sign(&pub, msg, ml, tag), OK);
    EXPECT(paycrypt_hmac_key_sign_hex(&pub, msg, ml, hex), OK);
    paycrypt_hmac_key_wipe(&pub);
    memcpy(bad, tag, 32);
    bad[31] ^= 0x01;
    memcpy(badhex, hex, 64);
    tamper_hex(badhex, 63);
    /* ...then the key and everything received becomes secret. */
    SECRET(key, sizeof key);
    SECRET(tag, 32);
    SECRET(bad, 32);
    SECRET(hex, 64);
    SECRET(badhex, 64);
    EXPECT(paycrypt_hmac_key_init(&k, key, sizeof key), OK);

    EXPECT(paycrypt_hmac_key_verify(&k, msg, ml, tag, 32), OK);
    EXPECT(paycrypt_hmac_key_verify(&k, msg, ml, bad, 32), FAILED);
    EXPECT(paycrypt_hmac_key_verify(&k, msg, ml, tag, 16), OK); /* truncated */
    EXPECT(paycrypt_hmac_key_verify(&k, msg, ml, bad, 16), OK); /* differs past 16 */
    bad[0] ^= 0x01;
    EXPECT(paycrypt_hmac_key_verify(&k, msg, ml, bad, 16), FAILED);
    EXPECT(paycrypt_hmac_key_verify(&k, msg, ml, bad, 24), FAILED);

    EXPECT(paycrypt_hmac_key_verify_hex(&k, msg, ml, hex, 64), OK);
    EXPECT(paycrypt_hmac_key_verify_hex(&k, msg, ml, badhex, 64), FAILED);
    EXPECT(paycrypt_hmac_key_verify_hex(&k, msg, ml, hex, 32), OK); /* truncated */
    {
        char nothex[64];
        memcpy(nothex, hex, 64);
        nothex[10] = 'g'; /* one non-hex digit (its position is not secret) */
        SECRET(&nothex[10], 1);
        EXPECT(paycrypt_hmac_key_verify_hex(&k, msg, ml, nothex, 64), MALFORMED);
    }

    EXPECT(paycrypt_hmac_sha256_verify(key, sizeof key, msg, ml, tag, 32), OK);
    EXPECT(paycrypt_hmac_sha256_verify(key, sizeof key, msg, ml, bad, 32), FAILED);
    EXPECT(paycrypt_hmac_sha256_verify(key, sizeof key, msg, ml, tag, 20), OK);
    paycrypt_hmac_key_wipe(&k);
}

/* Stripe-style headers and GitHub's X-Hub-Signature-256. */
static void test_webhooks(void)
{
    uint8_t key[32];
    static const uint8_t body[] = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}";
    const size_t bl = sizeof body - 1;
    const int64_t ts = 1700000000;
    char header[WEBHOOK_BUF], bad[WEBHOOK_BUF], multi[3 * WEBHOOK_BUF];
    char gh[7 + 64], ghbad[7 + 64];
    size_t hl = 0, ml, sig;
    paycrypt_hmac_key pub, k;
    uint8_t tag[32];

    fill(key, sizeof key, 99);
    EXPECT(paycrypt_hmac_key_init(&pub, key, sizeof key), OK);
    EXPECT(paycrypt_webhook_sign(&pub, ts, body, bl, header, sizeof header, &hl), OK);
    EXPECT(paycrypt_hmac_key_sign(&pub, body, bl, tag), OK);
    paycrypt_hmac_key_wipe(&pub);
    PUBLIC(&hl, sizeof hl);
    CHECK(hl == 2 + 10 + 4 + 64);
    sig = hl - 64; /* the hex signature is the last 64 characters */
    memcpy(bad, header, hl);
    tamper_hex(bad, sig);
    /* two unknown elements, a wrong candidate, then the right one */
    ml = (size_t)snprintf(multi, sizeof multi, "v0=deadbeef,t=%lld,v1=%.*s,v1=%.*s,x=y",
                          (long long)ts, 64, bad + sig, 64, header + sig);
    memcpy(gh, "sha256=", 7);
    to_hex(tag, 32, gh + 7, 0);
    memcpy(ghbad, gh, sizeof gh);
    tamper_hex(ghbad, 7);

    SECRET(key, sizeof key);
    EXPECT(paycrypt_hmac_key_init(&k, key, sizeof key), OK);
    /* Only the signature text is secret: names, separators and the
     * timestamp are the header's public structure. */
    SECRET(header + sig, 64);
    SECRET(bad + sig, 64);
    {
        const char *v = multi;
        while ((v = strstr(v, "v1=")) != NULL) {
            SECRET((char *)v + 3, 64);
            v += 3 + 64;
        }
    }
    SECRET(gh + 7, 64);
    SECRET(ghbad + 7, 64);

    EXPECT(paycrypt_webhook_verify(&k, header, hl, body, bl, ts + 10, 300), OK);
    EXPECT(paycrypt_webhook_verify(&k, bad, hl, body, bl, ts + 10, 300), FAILED);
    EXPECT(paycrypt_webhook_verify(&k, multi, ml, body, bl, ts + 10, 300), OK);
    EXPECT(paycrypt_webhook_verify(&k, header, hl, body, bl, ts + 1000, 300),
           PAYCRYPT_ERR_EXPIRED);
    EXPECT(paycrypt_github_verify(&k, gh, sizeof gh, body, bl), OK);
    EXPECT(paycrypt_github_verify(&k, ghbad, sizeof ghbad, body, bl), FAILED);
    paycrypt_hmac_key_wipe(&k);
}

/* Adyen notification items and payload-signed webhooks; the hex key is a
 * secret too. */
static void test_adyen(void)
{
    char key_hex[64];
    uint8_t key[32], tag[32];
    static const char *const item[8] = {"7914073381342284", "", "TestMerchant",
                                        "TestPayment-1407325143704", "1130", "EUR",
                                        "AUTHORISATION", "true"};
    static const uint8_t body[] = "{\"type\":\"balancePlatform.transfer.updated\"}";
    const size_t bl = sizeof body - 1;
    paycrypt_slice f[8];
    char sig[45], bad[45], psig[45], pbad[45];
    size_t sl = 0, i;

    for (i = 0; i < 8; i++) {
        f[i].ptr = (const uint8_t *)item[i];
        f[i].len = strlen(item[i]);
    }
    fill(key, 32, 200);
    to_hex(key, 32, key_hex, 1);
    EXPECT(paycrypt_adyen_sign(key_hex, 64, f, sig, sizeof sig, &sl), OK);
    PUBLIC(&sl, sizeof sl);
    CHECK(sl == 44);
    EXPECT(paycrypt_hmac_sha256(key, 32, body, bl, tag), OK);
    PUBLIC(sig, sizeof sig);
    PUBLIC(tag, sizeof tag);
    CHECK(to_b64(tag, 32, psig) == 44);
    memcpy(bad, sig, 44);
    tamper_b64(bad, 0);
    memcpy(pbad, psig, 44);
    tamper_b64(pbad, 42);

    SECRET(key_hex, 64);
    secret_b64(sig, 44);
    secret_b64(bad, 44);
    secret_b64(psig, 44);
    secret_b64(pbad, 44);
    EXPECT(paycrypt_adyen_verify(key_hex, 64, f, sig, 44), OK);
    EXPECT(paycrypt_adyen_verify(key_hex, 64, f, bad, 44), FAILED);
    EXPECT(paycrypt_adyen_payload_verify(key_hex, 64, body, bl, psig, 44), OK);
    EXPECT(paycrypt_adyen_payload_verify(key_hex, 64, body, bl, pbad, 44), FAILED);
}

/* WeChat Pay v2 signatures and v3 notification decryption. */
static void test_wechatpay(void)
{
    static const char api_key[] = "192006250b4c09247ec02edce69f6a2d";
    uint8_t key[32];
    paycrypt_kv p[5] = {{"appid", 5, "wxd930ea5d5a258f4f", 18},
                        {"mch_id", 6, "10000100", 8},
                        {"device_info", 11, "1000", 4},
                        {"body", 4, "test", 4},
                        {"nonce_str", 9, "ibuaiVcKdpRxkhJA", 16}};
    char sign[65], bad[64], lower[64];
    size_t i;

    memcpy(key, api_key, 32);
    EXPECT(paycrypt_wechatpay_v2_sign(key, 32, p, 5, sign), OK);
    PUBLIC(sign, 64);
    memcpy(bad, sign, 64);
    tamper_hex(bad, 0);
    for (i = 0; i < 64; i++)
        lower[i] = (char)(sign[i] >= 'A' && sign[i] <= 'F' ? sign[i] + 32 : sign[i]);
    SECRET(key, 32);
    SECRET(sign, 64);
    SECRET(bad, 64);
    SECRET(lower, 64);
    EXPECT(paycrypt_wechatpay_v2_verify(key, 32, p, 5, sign, 64), OK);
    EXPECT(paycrypt_wechatpay_v2_verify(key, 32, p, 5, lower, 64), OK);
    EXPECT(paycrypt_wechatpay_v2_verify(key, 32, p, 5, bad, 64), FAILED);

    /* v3: base64(ct || tag) for plaintexts of three lengths mod 3, so
     * that the text ends in "==", "=" and no padding. */
    {
        static const size_t lens[3] = {30, 31, 32};
        uint8_t v3key[32], pt[64], ct[64 + 16], out[64];
        char nonce[12] = "a1b2c3d4e5f6", ad[] = "transaction";
        char b64[128], b64bad[128];
        paycrypt_aes_gcm_key pub;
        size_t n, bn, ol;

        fill(v3key, 32, 5);
        EXPECT(paycrypt_aes_gcm_key_init(&pub, v3key, 32), OK);
        SECRET(v3key, 32);
        for (i = 0; i < 3; i++) {
            n = lens[i];
            fill(pt, n, (uint8_t)(40 + i));
            EXPECT(paycrypt_aes_gcm_seal(&pub, (const uint8_t *)nonce, (const uint8_t *)ad,
                                         strlen(ad), pt, n, ct, sizeof ct, &ol),
                   OK);
            PUBLIC(ct, n + 16);
            bn = to_b64(ct, n + 16, b64);
            memcpy(b64bad, b64, bn);
            tamper_b64(b64bad, bn - 5); /* inside the tag */
            secret_b64(b64, bn);
            secret_b64(b64bad, bn);
            EXPECT(paycrypt_wechatpay_v3_decrypt(v3key, nonce, 12, ad, strlen(ad), b64, bn, out,
                                                 sizeof out, &ol),
                   OK);
            PUBLIC(&ol, sizeof ol);
            CHECK(ol == n && public_eq(out, pt, n));
            EXPECT(paycrypt_wechatpay_v3_decrypt(v3key, nonce, 12, ad, strlen(ad), b64bad, bn,
                                                 out, sizeof out, &ol),
                   FAILED);
            CHECK(all_zero(out, n));
        }
        paycrypt_aes_gcm_key_wipe(&pub);
    }
}

/* AES-GCM open (combined and detached) and envelopes, with AES-128 and
 * AES-256 keys and several lengths (partial blocks, more than eight
 * blocks). */
static void test_aead(void)
{
    static const size_t lens[] = {0, 1, 16, 33, 200};
    static const size_t key_lens[] = {16, 32};
    uint8_t key[32], nonce[12], pt[200], ct[200 + 16], bad[200 + 16], buf[200 + 16];
    uint8_t tag[16], env[200 + 33], envbad[200 + 33], out[200];
    static const uint8_t aad[] = "order-42";
    const size_t al = sizeof aad - 1;
    paycrypt_aes_gcm_key pub, k;
    size_t ki, li, n, ol, el;

    for (ki = 0; ki < 2; ki++) {
        fill(key, 32, (uint8_t)(17 + ki));
        fill(nonce, 12, 3);
        EXPECT(paycrypt_aes_gcm_key_init(&pub, key, key_lens[ki]), OK);
        SECRET(key, 32);
        EXPECT(paycrypt_aes_gcm_key_init(&k, key, key_lens[ki]), OK);
        for (li = 0; li < sizeof lens / sizeof lens[0]; li++) {
            n = lens[li];
            fill(pt, n, (uint8_t)(60 + li));
            EXPECT(paycrypt_aes_gcm_seal(&pub, nonce, aad, al, pt, n, ct, sizeof ct, &ol), OK);
            PUBLIC(ct, n + 16);
            memcpy(bad, ct, n + 16);
            bad[n + 15] ^= 0x40; /* last tag byte */
            /* received ciphertext and tag: secret (the tag is what
             * matters; the ciphertext costs nothing to include) */
            SECRET(ct, n + 16);
            SECRET(bad, n + 16);

            EXPECT(paycrypt_aes_gcm_open(&k, nonce, aad, al, ct, n + 16, out, sizeof out, &ol), OK);
            CHECK(public_eq(out, pt, n));
            EXPECT(paycrypt_aes_gcm_open(&k, nonce, aad, al, bad, n + 16, out, sizeof out, &ol),
                   FAILED);
            CHECK(all_zero(out, n));

            memcpy(buf, ct, n);
            memcpy(tag, ct + n, 16);
            EXPECT(paycrypt_aes_gcm_open_detached(&k, nonce, aad, al, buf, n, tag), OK);
            CHECK(public_eq(buf, pt, n));
            memcpy(buf, ct, n);
            tag[0] ^= 0x01; /* first tag byte */
            EXPECT(paycrypt_aes_gcm_open_detached(&k, nonce, aad, al, buf, n, tag), FAILED);
            CHECK(all_zero(buf, n));

            /* envelope: header (version, key id, nonce) public, the rest
             * secret */
            EXPECT(paycrypt_envelope_seal(&pub, 0x01020304u, nonce, aad, al, pt, n, env,
                                          sizeof env, &el),
                   OK);
            PUBLIC(&el, sizeof el);
            PUBLIC(env, el);
            memcpy(envbad, env, el);
            envbad[el - 16] ^= 0x01;
            SECRET(env + 17, el - 17);
            SECRET(envbad + 17, el - 17);
            EXPECT(paycrypt_envelope_open(&k, aad, al, env, el, out, sizeof out, &ol), OK);
            CHECK(public_eq(out, pt, n));
            EXPECT(paycrypt_envelope_open(&k, aad, al, envbad, el, out, sizeof out, &ol), FAILED);
            CHECK(all_zero(out, n));
        }
        paycrypt_aes_gcm_key_wipe(&pub);
        paycrypt_aes_gcm_key_wipe(&k);
    }
}

/* The signing and sealing paths with a secret key (and secret plaintext):
 * no verdict at all, so nothing may branch on the secrets. */
static void test_sign_seal(void)
{
    uint8_t key[32], tag[32], pt[100], out[100 + 33], okm[42];
    char hex[65], header[WEBHOOK_BUF], b64[45], wx[65];
    static const uint8_t msg[] = "sign me";
    paycrypt_hmac_key k;
    paycrypt_hmac_state st;
    paycrypt_aes_gcm_key g;
    paycrypt_slice f[8];
    paycrypt_kv p[2] = {{"appid", 5, "wx1", 3}, {"mch_id", 6, "100", 3}};
    char key_hex[64];
    size_t i, ol;

    fill(key, 32, 77);
    fill(pt, sizeof pt, 78);
    to_hex(key, 32, key_hex, 0);
    SECRET(key, 32);
    SECRET(pt, sizeof pt);
    SECRET(key_hex, 64);
    for (i = 0; i < 8; i++) {
        f[i].ptr = msg;
        f[i].len = i;
    }
    EXPECT(paycrypt_hmac_sha256(key, 32, msg, 7, tag), OK);
    EXPECT(paycrypt_hmac_key_init(&k, key, 32), OK);
    EXPECT(paycrypt_hmac_key_sign(&k, msg, 7, tag), OK);
    EXPECT(paycrypt_hmac_key_sign_hex(&k, msg, 7, hex), OK);
    EXPECT(paycrypt_hmac_state_init(&st, &k), OK);
    EXPECT(paycrypt_hmac_state_update(&st, pt, sizeof pt), OK);
    EXPECT(paycrypt_hmac_state_final(&st, tag), OK);
    EXPECT(paycrypt_webhook_sign(&k, 1700000000, pt, sizeof pt, header, sizeof header, &ol), OK);
    EXPECT(paycrypt_hkdf_sha256(NULL, 0, key, 32, msg, 7, okm, sizeof okm), OK);
    EXPECT(paycrypt_adyen_sign(key_hex, 64, f, b64, sizeof b64, &ol), OK);
    EXPECT(paycrypt_wechatpay_v2_sign(key, 32, p, 2, wx), OK);
    EXPECT(paycrypt_aes_gcm_key_init(&g, key, 32), OK);
    EXPECT(paycrypt_aes_gcm_seal(&g, key, msg, 7, pt, sizeof pt, out, sizeof out, &ol), OK);
    EXPECT(paycrypt_envelope_seal(&g, 9, key, msg, 7, pt, sizeof pt, out, sizeof out, &ol), OK);
    paycrypt_hmac_key_wipe(&k);
    paycrypt_aes_gcm_key_wipe(&g);
}

int main(void)
{
    printf("ct_memcheck: running under valgrind: %s\n", RUNNING_ON_VALGRIND ? "yes" : "no");
    test_ct_equal();
    test_hmac();
    test_webhooks();
    test_adyen();
    test_wechatpay();
    test_aead();
    test_sign_seal();
    printf("%u passed, %u failed\n", g_passed, g_failed);
    return g_failed ? 1 : 0;
}
