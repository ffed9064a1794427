/*
 * C ABI tests for paycrypt: every exported function of include/paycrypt.h,
 * its error paths, and the shared test vectors in tests/vectors/.
 *
 * Build (from the repository root, after `cargo build --release`):
 *   gcc -std=c99 -O1 -g -Wall -Wextra -Wpedantic -Werror -Iinclude \
 *       tests/c/test_paycrypt.c -o build/test_paycrypt \
 *       target/release/libpaycrypt.a -lpthread -ldl -lm
 * Run:
 *   build/test_paycrypt tests/vectors
 *   valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all \
 *       --show-leak-kinds=definite,indirect build/test_paycrypt tests/vectors
 *
 * Output: one "FAIL file:line: expr (status)" line per failed check, "NOTE"
 * lines for skipped optional inputs, and finally exactly one line
 * "N passed, M failed". Exit status 0 only when M == 0.
 *
 * Layout:
 *   1. check framework            5. error paths, one function per family
 *   2. small helpers              6. vector runners (one per file format)
 *   3. vector file reader         7. tables of sections and vector files, main
 *   4. sanity known answers
 * The payment protocols (webhook, github, adyen, wechatpay v2/v3,
 * envelope) have their own section-5 functions and section-6 runners for
 * the provider vector files. To add a family, write a
 * `static void test_xxx(void)` and add it to k_sections[]; to add a vector
 * format, write a `static void xxx_case(const vcase *c)` and add the file to
 * k_vector_files[].
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paycrypt.h"

/* ======================================================================== */
/* 1. Check framework                                                        */
/* ======================================================================== */

static unsigned long g_passed, g_failed;
static int g_last_status;      /* last status seen, shown by CHECK failures */
static int g_have_last_status;
static char g_where[320];      /* current vector case ("" outside vectors) */

static const char *status_name(int s)
{
    switch (s) {
    case PAYCRYPT_OK: return "PAYCRYPT_OK";
    case PAYCRYPT_ERR_NULL_POINTER: return "PAYCRYPT_ERR_NULL_POINTER";
    case PAYCRYPT_ERR_KEY_LENGTH: return "PAYCRYPT_ERR_KEY_LENGTH";
    case PAYCRYPT_ERR_NONCE_LENGTH: return "PAYCRYPT_ERR_NONCE_LENGTH";
    case PAYCRYPT_ERR_TAG_LENGTH: return "PAYCRYPT_ERR_TAG_LENGTH";
    case PAYCRYPT_ERR_BUFFER_TOO_SMALL: return "PAYCRYPT_ERR_BUFFER_TOO_SMALL";
    case PAYCRYPT_ERR_INPUT_TOO_LONG: return "PAYCRYPT_ERR_INPUT_TOO_LONG";
    case PAYCRYPT_ERR_VERIFY_FAILED: return "PAYCRYPT_ERR_VERIFY_FAILED";
    case PAYCRYPT_ERR_MALFORMED: return "PAYCRYPT_ERR_MALFORMED";
    case PAYCRYPT_ERR_EXPIRED: return "PAYCRYPT_ERR_EXPIRED";
    case PAYCRYPT_ERR_UNINITIALIZED: return "PAYCRYPT_ERR_UNINITIALIZED";
    case PAYCRYPT_ERR_UNSUPPORTED: return "PAYCRYPT_ERR_UNSUPPORTED";
    case PAYCRYPT_ERR_OVERLAP: return "PAYCRYPT_ERR_OVERLAP";
    case PAYCRYPT_ERR_INTERNAL: return "PAYCRYPT_ERR_INTERNAL";
    default: return "unknown status";
    }
}

static void print_where(void)
{
    if (g_where[0] != '\0')
        printf(" [%s]", g_where);
    printf("\n");
}

/* Record a status so that a later CHECK failure can show it. */
static int record_status(int s)
{
    g_last_status = s;
    g_have_last_status = 1;
    return s;
}

static int check_bool(int ok, const char *file, int line, const char *expr)
{
    if (ok) {
        g_passed++;
        return 1;
    }
    g_failed++;
    printf("FAIL %s:%d: %s (", file, line, expr);
    if (g_have_last_status)
        printf("last status %s: %s", status_name(g_last_status),
               paycrypt_status_message(g_last_status));
    else
        printf("no status yet");
    printf(")");
    print_where();
    return 0;
}

static int check_status(int got, int want, const char *file, int line, const char *expr)
{
    record_status(got);
    if (got == want) {
        g_passed++;
        return 1;
    }
    g_failed++;
    printf("FAIL %s:%d: %s (got %s: %s; expected %s)", file, line, expr, status_name(got),
           paycrypt_status_message(got), status_name(want));
    print_where();
    return 0;
}

/* A failure that is not tied to an expression (vector file problems). */
static void fail_at(const char *file, long line, const char *what)
{
    g_failed++;
    printf("FAIL %s:%ld: %s (no status)", file, line, what);
    print_where();
}

/* CHECK(expr): expr must be true. */
#define CHECK(e) check_bool((e) ? 1 : 0, __FILE__, __LINE__, #e)
/* CHECK_ST(call, want): call must return the status want. */
#define CHECK_ST(call, want) \
    check_status((int)(call), (int)(want), __FILE__, __LINE__, #call " == " #want)
/* ST(call): run call, remember its status for CHECK failures, yield it. */
#define ST(call) record_status((int)(call))

/* ======================================================================== */
/* 2. Helpers                                                                */
/* ======================================================================== */

#define OK PAYCRYPT_OK
#define E_NULL PAYCRYPT_ERR_NULL_POINTER
#define E_KEYLEN PAYCRYPT_ERR_KEY_LENGTH
#define E_TAGLEN PAYCRYPT_ERR_TAG_LENGTH
#define E_SMALL PAYCRYPT_ERR_BUFFER_TOO_SMALL
#define E_LONG PAYCRYPT_ERR_INPUT_TOO_LONG
#define E_VERIFY PAYCRYPT_ERR_VERIFY_FAILED
#define E_MALFORMED PAYCRYPT_ERR_MALFORMED
#define E_UNINIT PAYCRYPT_ERR_UNINITIALIZED
#define E_OVERLAP PAYCRYPT_ERR_OVERLAP
#define E_NONCE PAYCRYPT_ERR_NONCE_LENGTH
#define E_EXPIRED PAYCRYPT_ERR_EXPIRED

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "test_paycrypt: out of memory\n");
        exit(2);
    }
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL) {
        fprintf(stderr, "test_paycrypt: out of memory\n");
        exit(2);
    }
    return q;
}

/* A heap byte string; p is never NULL (an empty string gets 1 byte). */
typedef struct {
    uint8_t *p;
    size_t n;
} bytes;

static bytes bytes_dup(const uint8_t *p, size_t n)
{
    bytes b;
    b.p = (uint8_t *)xmalloc(n);
    b.n = n;
    if (n)
        memcpy(b.p, p, n);
    return b;
}

static void bytes_free(bytes *b)
{
    free(b->p);
    b->p = NULL;
    b->n = 0;
}

/* The pointer to pass for b: NULL when empty (exercises NULL-with-0). */
#define NZ(b) ((b).n ? (b).p : NULL)

static int all_eq(const void *p, size_t n, uint8_t v)
{
    const uint8_t *b = (const uint8_t *)p;
    size_t i;
    for (i = 0; i < n; i++)
        if (b[i] != v)
            return 0;
    return 1;
}

#define ALL_ZERO(p, n) all_eq((p), (n), 0)

static void hex_encode(const uint8_t *p, size_t n, char *out, int upper)
{
    static const char lo[] = "0123456789abcdef", up[] = "0123456789ABCDEF";
    const char *d = upper ? up : lo;
    size_t i;
    for (i = 0; i < n; i++) {
        out[2 * i] = d[p[i] >> 4];
        out[2 * i + 1] = d[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static int hex_val(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decode hex (test data); 0 on odd length or a non-hex character. */
static int hex_decode(const char *s, bytes *out)
{
    size_t n = strlen(s), i;
    out->p = NULL;
    out->n = 0;
    if (n % 2)
        return 0;
    out->p = (uint8_t *)xmalloc(n / 2);
    out->n = n / 2;
    for (i = 0; i < n / 2; i++) {
        int hi = hex_val(s[2 * i]), lo = hex_val(s[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            bytes_free(out);
            return 0;
        }
        out->p[i] = (uint8_t)(hi << 4 | lo);
    }
    return 1;
}

/* Hex literal in test code (must be valid; aborts otherwise). */
static bytes H(const char *s)
{
    bytes b;
    if (!hex_decode(s, &b)) {
        fprintf(stderr, "test_paycrypt: bad hex literal %s\n", s);
        exit(2);
    }
    return b;
}

/* Deterministic pseudo-random numbers for splits and positions. */
static uint64_t g_rng = 0x9e3779b97f4a7c15u;

static uint64_t rnd_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x ? x : 0x2545f4914f6cdd1du;
    return x * 0x2545f4914f6cdd1du;
}

static size_t rnd_below(size_t n)
{
    return n ? (size_t)(rnd_next(&g_rng) % n) : 0;
}

/* A copy of b with one pseudo-random bit flipped (one byte when b is empty). */
static bytes tampered(const bytes *b)
{
    bytes t;
    if (b->n == 0) {
        t.p = (uint8_t *)xmalloc(1);
        t.p[0] = 0x5a;
        t.n = 1;
        return t;
    }
    t = bytes_dup(b->p, b->n);
    t.p[rnd_below(t.n)] ^= (uint8_t)(1u << rnd_below(8));
    return t;
}

static const char k_b64_digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Standard padded base64 of n bytes into out (4 * ceil(n / 3) characters
   and a NUL); returns the number of characters. */
static size_t b64_encode(const uint8_t *p, size_t n, char *out)
{
    size_t i = 0, o = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        out[o++] = k_b64_digits[v >> 18];
        out[o++] = k_b64_digits[(v >> 12) & 63];
        out[o++] = k_b64_digits[(v >> 6) & 63];
        out[o++] = k_b64_digits[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)p[i] << 16;
        out[o++] = k_b64_digits[v >> 18];
        out[o++] = k_b64_digits[(v >> 12) & 63];
        out[o++] = '=';
        out[o++] = '=';
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
        out[o++] = k_b64_digits[v >> 18];
        out[o++] = k_b64_digits[(v >> 12) & 63];
        out[o++] = k_b64_digits[(v >> 6) & 63];
        out[o++] = '=';
    }
    out[o] = '\0';
    return o;
}

/* Decode padded standard base64 (test data); 0 if it is not. */
static int b64_decode(const char *s, size_t n, bytes *out)
{
    size_t i, o = 0, pad = 0;
    uint32_t acc = 0;
    int bits = 0;
    out->p = NULL;
    out->n = 0;
    if (n % 4)
        return 0;
    if (n && s[n - 1] == '=')
        pad++;
    if (n > 1 && s[n - 2] == '=')
        pad++;
    out->p = (uint8_t *)xmalloc(n / 4 * 3);
    out->n = n / 4 * 3 - pad;
    for (i = 0; i < n - pad; i++) {
        const char *d = s[i] ? strchr(k_b64_digits, s[i]) : NULL;
        if (d == NULL) {
            bytes_free(out);
            return 0;
        }
        acc = acc << 6 | (uint32_t)(d - k_b64_digits);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out->p[o++] = (uint8_t)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    return o == out->n;
}

/* Text at a (n bytes) equals b (n bytes) ignoring ASCII letter case. */
static int eq_nocase(const char *a, const uint8_t *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        int x = (unsigned char)a[i], y = b[i];
        if (x >= 'a' && x <= 'z') x -= 32;
        if (y >= 'a' && y <= 'z') y -= 32;
        if (x != y)
            return 0;
    }
    return 1;
}

/* ======================================================================== */
/* 3. Vector file reader                                                     */
/* ======================================================================== */

typedef struct {
    char *name;
    char *value;
} vfield;

typedef struct {
    const char *file;    /* base name, for messages */
    const char *section; /* current [Section], "" before any */
    long line;           /* line of the case's first field */
    vfield *f;
    size_t nf;
} vcase;

typedef void (*case_fn)(const vcase *c);

/* Read one line of any length into *buf (grown with realloc); strips the
   line end and trailing blanks. Returns 0, or -1 at end of file. */
static int read_line(FILE *fp, char **buf, size_t *cap)
{
    size_t len = 0;
    int ch = EOF;
    for (;;) {
        ch = fgetc(fp);
        if (ch == EOF || ch == '\n')
            break;
        if (len + 2 > *cap) {
            *cap = *cap ? *cap * 2 : 256;
            *buf = (char *)xrealloc(*buf, *cap);
        }
        (*buf)[len++] = (char)ch;
    }
    if (ch == EOF && len == 0)
        return -1;
    if (*cap == 0) {
        *cap = 256;
        *buf = (char *)xrealloc(*buf, *cap);
    }
    while (len > 0 && ((*buf)[len - 1] == '\r' || (*buf)[len - 1] == ' ' || (*buf)[len - 1] == '\t'))
        len--;
    (*buf)[len] = '\0';
    return 0;
}

static char *str_dup(const char *s)
{
    size_t n = strlen(s);
    char *d = (char *)xmalloc(n + 1);
    memcpy(d, s, n + 1);
    return d;
}

static char *trim(char *s)
{
    char *e;
    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = '\0';
    return s;
}

static void vcase_clear(vcase *c)
{
    size_t i;
    for (i = 0; i < c->nf; i++) {
        free(c->f[i].name);
        free(c->f[i].value);
    }
    c->nf = 0;
}

/* Parse a vector file and call fn for each case. Returns the number of
   cases, or -1 if the file cannot be opened. */
static long parse_vectors(const char *path, const char *base, case_fn fn)
{
    FILE *fp = fopen(path, "r");
    char *line = NULL, *section;
    size_t cap = 0, fcap = 0;
    long lineno = 0, ncases = 0;
    vcase c;

    if (fp == NULL)
        return -1;
    section = str_dup("");
    c.file = base;
    c.section = section;
    c.line = 0;
    c.f = NULL;
    c.nf = 0;
    for (;;) {
        int r = read_line(fp, &line, &cap);
        char *eq;
        if (r == 0)
            lineno++;
        if ((r < 0 || line[0] == '\0' || line[0] == '[') && c.nf > 0) {
            c.section = section;
            fn(&c);
            ncases++;
            vcase_clear(&c);
        }
        if (r < 0)
            break;
        if (line[0] == '\0' || line[0] == '#')
            continue;
        if (line[0] == '[') {
            char *close = strchr(line, ']');
            if (close == NULL) {
                g_where[0] = '\0';
                fail_at(path, lineno, "section header without ']'");
                continue;
            }
            *close = '\0';
            free(section);
            section = str_dup(line + 1);
            continue;
        }
        eq = strchr(line, '=');
        if (eq == NULL) {
            g_where[0] = '\0';
            fail_at(path, lineno, "line is not 'Field = value'");
            continue;
        }
        *eq = '\0';
        if (c.nf == fcap) {
            fcap = fcap ? fcap * 2 : 16;
            c.f = (vfield *)xrealloc(c.f, fcap * sizeof *c.f);
        }
        if (c.nf == 0)
            c.line = lineno;
        c.f[c.nf].name = str_dup(trim(line));
        c.f[c.nf].value = str_dup(trim(eq + 1));
        c.nf++;
    }
    vcase_clear(&c);
    free(c.f);
    free(section);
    free(line);
    fclose(fp);
    return ncases;
}

static const char *vget(const vcase *c, const char *name)
{
    size_t i;
    for (i = 0; i < c->nf; i++)
        if (strcmp(c->f[i].name, name) == 0)
            return c->f[i].value;
    return NULL;
}

/* The case's identifier field (Count or TcId) for messages. */
static void set_where(const vcase *c)
{
    const char *id = "Count", *v = vget(c, "Count");
    if (v == NULL) {
        id = "TcId";
        v = vget(c, "TcId");
    }
    snprintf(g_where, sizeof g_where, "%s:%ld [%s] %s = %s", c->file, c->line, c->section, id,
             v ? v : "?");
}

/* A required hex field; records a failure if missing or malformed. */
static int vbytes(const vcase *c, const char *name, bytes *out)
{
    const char *v = vget(c, name);
    char what[128];
    out->p = NULL;
    out->n = 0;
    if (v == NULL) {
        snprintf(what, sizeof what, "case has no field %s", name);
        fail_at(c->file, c->line, what);
        return 0;
    }
    if (!hex_decode(v, out)) {
        snprintf(what, sizeof what, "field %s is not hex", name);
        fail_at(c->file, c->line, what);
        return 0;
    }
    return 1;
}

/* A required decimal field. */
static int vsize(const vcase *c, const char *name, size_t *out)
{
    const char *v = vget(c, name);
    char *end;
    unsigned long long x;
    char what[128];
    if (v == NULL || *v == '\0') {
        snprintf(what, sizeof what, "case has no field %s", name);
        fail_at(c->file, c->line, what);
        return 0;
    }
    x = strtoull(v, &end, 10);
    if (*end != '\0' || x > (unsigned long long)SIZE_MAX) {
        snprintf(what, sizeof what, "field %s is not a size", name);
        fail_at(c->file, c->line, what);
        return 0;
    }
    *out = (size_t)x;
    return 1;
}

/* Result field: 'v' valid (also when absent), 'i' invalid, 'a' acceptable. */
static char vresult(const vcase *c)
{
    const char *r = vget(c, "Result");
    if (r == NULL || strcmp(r, "valid") == 0)
        return 'v';
    if (strcmp(r, "invalid") == 0)
        return 'i';
    if (strcmp(r, "acceptable") == 0)
        return 'a';
    fail_at(c->file, c->line, "unknown Result value");
    return '?';
}

/* A required decimal int64 field. */
static int vint64(const vcase *c, const char *name, int64_t *out)
{
    const char *v = vget(c, name);
    char *end;
    long long x;
    char what[128];
    if (v == NULL || *v == '\0') {
        snprintf(what, sizeof what, "case has no field %s", name);
        fail_at(c->file, c->line, what);
        return 0;
    }
    errno = 0;
    x = strtoll(v, &end, 10);
#if LLONG_MAX > INT64_MAX
    if (x < INT64_MIN || x > INT64_MAX)
        errno = ERANGE;
#endif
    if (*end != '\0' || errno != 0) {
        snprintf(what, sizeof what, "field %s is not an int64", name);
        fail_at(c->file, c->line, what);
        return 0;
    }
    *out = (int64_t)x;
    return 1;
}

/* The Expect field as a status, or -1 (recorded as a failure). */
static int vexpect(const vcase *c)
{
    static const struct {
        const char *name;
        int status;
    } map[] = {
        {"ok", PAYCRYPT_OK},
        {"verify_failed", PAYCRYPT_ERR_VERIFY_FAILED},
        {"expired", PAYCRYPT_ERR_EXPIRED},
        {"malformed", PAYCRYPT_ERR_MALFORMED},
        {"nonce_length", PAYCRYPT_ERR_NONCE_LENGTH},
        {"key_length", PAYCRYPT_ERR_KEY_LENGTH},
    };
    const char *e = vget(c, "Expect");
    size_t i;
    for (i = 0; e != NULL && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(e, map[i].name) == 0)
            return map[i].status;
    fail_at(c->file, c->line, e ? "unknown Expect value" : "case has no field Expect");
    return -1;
}

/* ======================================================================== */
/* 4. Sanity known answers (hard-coded, independent of the vector files)     */
/* ======================================================================== */

static void test_known_answers(void)
{
    static const char tc2_hex[] = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    const uint8_t *jefe = (const uint8_t *)"Jefe";
    const uint8_t *wdyw = (const uint8_t *)"what do ya want for nothing?";
    bytes tc2 = H(tc2_hex);
    bytes abc = H("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    bytes empty_sha = H("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    bytes empty_hmac = H("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    /* McGrew & Viega, "The Galois/Counter Mode of Operation", test cases
       1, 2 (AES-128) and 13, 14 (AES-256): zero key, zero IV. */
    bytes gcm1 = H("58e2fccefa7e3061367f1d57a4e7455a");
    bytes gcm2 = H("0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf");
    bytes gcm13 = H("530f8afbc74536b9a963b4f1c4cb738b");
    bytes gcm14 = H("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
    uint8_t zero32[32] = {0}, nonce[12] = {0}, out[48], pt[16];
    char hex[65];
    size_t ol = 0;
    paycrypt_hmac_key k;
    paycrypt_hmac_state s;
    paycrypt_aes_gcm_key g;

    /* RFC 4231 test case 2: "Jefe" / "what do ya want for nothing?" */
    CHECK_ST(paycrypt_hmac_sha256(jefe, 4, wdyw, 28, out), OK);
    CHECK(memcmp(out, tc2.p, 32) == 0);
    CHECK_ST(paycrypt_hmac_sha256_verify(jefe, 4, wdyw, 28, tc2.p, 32), OK);
    CHECK_ST(paycrypt_hmac_key_init(&k, jefe, 4), OK);
    CHECK_ST(paycrypt_hmac_key_sign(&k, wdyw, 28, out), OK);
    CHECK(memcmp(out, tc2.p, 32) == 0);
    CHECK_ST(paycrypt_hmac_key_sign_hex(&k, wdyw, 28, hex), OK);
    CHECK(strcmp(hex, tc2_hex) == 0);
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, wdyw, 28, tc2_hex, 64), OK);
    CHECK_ST(paycrypt_hmac_state_init(&s, &k), OK);
    CHECK_ST(paycrypt_hmac_state_update(&s, wdyw, 10), OK);
    CHECK_ST(paycrypt_hmac_state_update(&s, wdyw + 10, 18), OK);
    CHECK_ST(paycrypt_hmac_state_final(&s, out), OK);
    CHECK(memcmp(out, tc2.p, 32) == 0);
    paycrypt_hmac_key_wipe(&k);

    /* SHA-256("abc"), SHA-256(""), HMAC-SHA256("", "") */
    CHECK_ST(paycrypt_sha256((const uint8_t *)"abc", 3, out), OK);
    CHECK(memcmp(out, abc.p, 32) == 0);
    CHECK_ST(paycrypt_sha256(NULL, 0, out), OK);
    CHECK(memcmp(out, empty_sha.p, 32) == 0);
    CHECK_ST(paycrypt_hmac_sha256(NULL, 0, NULL, 0, out), OK);
    CHECK(memcmp(out, empty_hmac.p, 32) == 0);

    /* AES-GCM, all-zero key and nonce */
    memset(pt, 0, sizeof pt);
    CHECK_ST(paycrypt_aes_gcm_key_init(&g, zero32, 16), OK);
    CHECK_ST(paycrypt_aes_gcm_seal(&g, nonce, NULL, 0, NULL, 0, out, sizeof out, &ol), OK);
    CHECK(ol == 16 && memcmp(out, gcm1.p, 16) == 0);
    CHECK_ST(paycrypt_aes_gcm_seal(&g, nonce, NULL, 0, pt, 16, out, sizeof out, &ol), OK);
    CHECK(ol == 32 && memcmp(out, gcm2.p, 32) == 0);
    CHECK_ST(paycrypt_aes_gcm_key_init(&g, zero32, 32), OK);
    CHECK_ST(paycrypt_aes_gcm_seal(&g, nonce, NULL, 0, NULL, 0, out, sizeof out, &ol), OK);
    CHECK(ol == 16 && memcmp(out, gcm13.p, 16) == 0);
    CHECK_ST(paycrypt_aes_gcm_seal(&g, nonce, NULL, 0, pt, 16, out, sizeof out, &ol), OK);
    CHECK(ol == 32 && memcmp(out, gcm14.p, 32) == 0);
    paycrypt_aes_gcm_key_wipe(&g);

    bytes_free(&tc2);
    bytes_free(&abc);
    bytes_free(&empty_sha);
    bytes_free(&empty_hmac);
    bytes_free(&gcm1);
    bytes_free(&gcm2);
    bytes_free(&gcm13);
    bytes_free(&gcm14);
}

/* ======================================================================== */
/* 5. Error paths and API behaviour, one function per family                */
/* ======================================================================== */

static void test_constants(void)
{
    char v[64];
    CHECK(PAYCRYPT_SHA256_BYTES == 32);
    CHECK(PAYCRYPT_HMAC_SHA256_BYTES == 32);
    CHECK(PAYCRYPT_HMAC_MIN_TAG_BYTES == 16);
    CHECK(PAYCRYPT_AES_GCM_NONCE_BYTES == 12);
    CHECK(PAYCRYPT_AES_GCM_TAG_BYTES == 16);
    CHECK(PAYCRYPT_ENVELOPE_OVERHEAD == 33);
    CHECK(PAYCRYPT_HKDF_SHA256_MAX_BYTES == 8160);
    CHECK(PAYCRYPT_HKDF_SHA256_MAX_BYTES == 255 * PAYCRYPT_SHA256_BYTES);

    CHECK(PAYCRYPT_OK == 0);
    CHECK(PAYCRYPT_ERR_NULL_POINTER == 1);
    CHECK(PAYCRYPT_ERR_KEY_LENGTH == 2);
    CHECK(PAYCRYPT_ERR_NONCE_LENGTH == 3);
    CHECK(PAYCRYPT_ERR_TAG_LENGTH == 4);
    CHECK(PAYCRYPT_ERR_BUFFER_TOO_SMALL == 5);
    CHECK(PAYCRYPT_ERR_INPUT_TOO_LONG == 6);
    CHECK(PAYCRYPT_ERR_VERIFY_FAILED == 7);
    CHECK(PAYCRYPT_ERR_MALFORMED == 8);
    CHECK(PAYCRYPT_ERR_EXPIRED == 9);
    CHECK(PAYCRYPT_ERR_UNINITIALIZED == 10);
    CHECK(PAYCRYPT_ERR_UNSUPPORTED == 11);
    CHECK(PAYCRYPT_ERR_OVERLAP == 12);
    CHECK(PAYCRYPT_ERR_INTERNAL == 255);

    /* Context sizes are visible to the compiler and 8-byte granular. */
    CHECK(sizeof(paycrypt_hmac_key) > 0 && sizeof(paycrypt_hmac_key) % 8 == 0);
    CHECK(sizeof(paycrypt_hmac_state) > 0 && sizeof(paycrypt_hmac_state) % 8 == 0);
    CHECK(sizeof(paycrypt_aes_gcm_key) > 0 && sizeof(paycrypt_aes_gcm_key) % 8 == 0);
    CHECK(sizeof(paycrypt_slice) == sizeof(const uint8_t *) + sizeof(size_t));

    /* Version */
    CHECK(paycrypt_version() != NULL);
    CHECK(strcmp(paycrypt_version(), PAYCRYPT_VERSION) == 0);
    snprintf(v, sizeof v, "%d.%d.%d", PAYCRYPT_VERSION_MAJOR, PAYCRYPT_VERSION_MINOR,
             PAYCRYPT_VERSION_PATCH);
    CHECK(strcmp(v, PAYCRYPT_VERSION) == 0);
}

static void test_status_messages(void)
{
    static const int32_t known[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 255};
    static const int32_t unknown[] = {-1, 13, 14, 254, 256, 1000, INT32_MIN, INT32_MAX};
    const size_t nk = sizeof known / sizeof known[0], nu = sizeof unknown / sizeof unknown[0];
    size_t i, j;
    for (i = 0; i < nk; i++) {
        const char *m = paycrypt_status_message(known[i]);
        CHECK(m != NULL && m[0] != '\0');
        if (m == NULL)
            continue;
        /* Each code has its own sentence. */
        for (j = 0; j < i; j++) {
            const char *o = paycrypt_status_message(known[j]);
            CHECK(o != NULL && strcmp(m, o) != 0);
        }
    }
    for (i = 0; i < nu; i++) {
        const char *m = paycrypt_status_message(unknown[i]);
        CHECK(m != NULL && m[0] != '\0');
        if (m == NULL)
            continue;
        /* An unknown value does not masquerade as a known code. */
        for (j = 0; j < nk; j++) {
            const char *o = paycrypt_status_message(known[j]);
            CHECK(o != NULL && strcmp(m, o) != 0);
        }
    }
}

static void test_sha256_api(void)
{
    uint8_t buf[80], out[32], ref[32];
    size_t i;
    for (i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 7 + 1);

    CHECK_ST(paycrypt_sha256(NULL, 1, out), E_NULL);
    CHECK_ST(paycrypt_sha256(buf, 1, NULL), E_NULL);
    CHECK_ST(paycrypt_sha256(NULL, 0, NULL), E_NULL);
    /* NULL with length 0 and non-NULL with length 0 are the same input */
    CHECK_ST(paycrypt_sha256(NULL, 0, ref), OK);
    CHECK_ST(paycrypt_sha256(buf, 0, out), OK);
    CHECK(memcmp(out, ref, 32) == 0);

    /* out may overlap msg: exactly, and a partial overlap */
    CHECK_ST(paycrypt_sha256(buf, 64, ref), OK);
    {
        uint8_t b2[80];
        memcpy(b2, buf, sizeof b2);
        CHECK_ST(paycrypt_sha256(b2, 64, b2), OK);
        CHECK(memcmp(b2, ref, 32) == 0);
        memcpy(b2, buf, sizeof b2);
        CHECK_ST(paycrypt_sha256(b2, 64, b2 + 40), OK);
        CHECK(memcmp(b2 + 40, ref, 32) == 0);
        CHECK(memcmp(b2, buf, 40) == 0);
    }
}

static void test_hmac_oneshot_api(void)
{
    uint8_t key[100], msg[50], out[32], ref[32], tag[64];
    size_t i;
    for (i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(0x30 + i);
    for (i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(0xc0 ^ i);

    CHECK_ST(paycrypt_hmac_sha256(NULL, 5, msg, 5, out), E_NULL);
    CHECK_ST(paycrypt_hmac_sha256(key, 5, NULL, 5, out), E_NULL);
    CHECK_ST(paycrypt_hmac_sha256(key, 5, msg, 5, NULL), E_NULL);
    CHECK_ST(paycrypt_hmac_sha256(NULL, 0, msg, 5, out), OK);
    CHECK_ST(paycrypt_hmac_sha256(key, 0, msg, 5, ref), OK);
    CHECK(memcmp(out, ref, 32) == 0);
    CHECK_ST(paycrypt_hmac_sha256(key, 5, NULL, 0, out), OK);
    CHECK_ST(paycrypt_hmac_sha256(key, 5, msg, 0, ref), OK);
    CHECK(memcmp(out, ref, 32) == 0);

    /* RFC 2104: a key longer than the block is hashed; a 64-byte key is not */
    {
        uint8_t hk[32];
        CHECK_ST(paycrypt_sha256(key, 100, hk), OK);
        CHECK_ST(paycrypt_hmac_sha256(key, 100, msg, 50, out), OK);
        CHECK_ST(paycrypt_hmac_sha256(hk, 32, msg, 50, ref), OK);
        CHECK(memcmp(out, ref, 32) == 0);
        CHECK_ST(paycrypt_hmac_sha256(key, 65, msg, 50, out), OK);
        CHECK_ST(paycrypt_sha256(key, 65, hk), OK);
        CHECK_ST(paycrypt_hmac_sha256(hk, 32, msg, 50, ref), OK);
        CHECK(memcmp(out, ref, 32) == 0);
        CHECK_ST(paycrypt_hmac_sha256(key, 64, msg, 50, out), OK);
        CHECK_ST(paycrypt_sha256(key, 64, hk), OK);
        CHECK_ST(paycrypt_hmac_sha256(hk, 32, msg, 50, ref), OK);
        CHECK(memcmp(out, ref, 32) != 0);
    }

    /* out may overlap key or msg */
    CHECK_ST(paycrypt_hmac_sha256(key, 40, msg, 50, ref), OK);
    {
        uint8_t k2[100], m2[50];
        memcpy(k2, key, sizeof k2);
        CHECK_ST(paycrypt_hmac_sha256(k2, 40, msg, 50, k2), OK);
        CHECK(memcmp(k2, ref, 32) == 0);
        memcpy(m2, msg, sizeof m2);
        CHECK_ST(paycrypt_hmac_sha256(key, 40, m2, 50, m2 + 10), OK);
        CHECK(memcmp(m2 + 10, ref, 32) == 0);
    }

    /* verify: NULLs, lengths, truncation */
    memset(tag, 0, sizeof tag);
    memcpy(tag, ref, 32);
    CHECK_ST(paycrypt_hmac_sha256_verify(key, 40, msg, 50, tag, 32), OK);
    CHECK_ST(paycrypt_hmac_sha256_verify(NULL, 40, msg, 50, tag, 32), E_NULL);
    CHECK_ST(paycrypt_hmac_sha256_verify(key, 40, NULL, 50, tag, 32), E_NULL);
    CHECK_ST(paycrypt_hmac_sha256_verify(key, 40, msg, 50, NULL, 32), E_NULL);
    CHECK_ST(paycrypt_hmac_sha256_verify(key, 40, msg, 50, NULL, 16), E_NULL);
    /* NULL with length 0 is the empty tag, whose length is not accepted */
    CHECK_ST(paycrypt_hmac_sha256_verify(key, 40, msg, 50, NULL, 0), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_sha256_verify(key, 40, msg, 50, tag, 0), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_sha256_verify(key, 40, msg, 50, tag, 1), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_sha256_verify(key, 40, msg, 50, tag, 15), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_sha256_verify(key, 40, msg, 50, tag, 33), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_sha256_verify(key, 40, msg, 50, tag, 64), E_TAGLEN);
    for (i = 16; i <= 32; i++)
        CHECK_ST(paycrypt_hmac_sha256_verify(key, 40, msg, 50, tag, i), OK);
    /* empty key / message with NULL pointers */
    CHECK_ST(paycrypt_hmac_sha256(NULL, 0, NULL, 0, ref), OK);
    CHECK_ST(paycrypt_hmac_sha256_verify(NULL, 0, NULL, 0, ref, 32), OK);
    ref[31] ^= 1;
    CHECK_ST(paycrypt_hmac_sha256_verify(NULL, 0, NULL, 0, ref, 32), E_VERIFY);
    CHECK_ST(paycrypt_hmac_sha256_verify(NULL, 0, NULL, 0, ref, 31), OK);
}

/* Fill a context with garbage before init, so init cannot rely on zeros. */
#define GARBAGE(ctx) memset(&(ctx), 0xA5, sizeof(ctx))

/* Every payment-protocol function that takes an HMAC key refuses k (never
   initialised or wiped) with UNINITIALIZED. */
static void protocols_refuse_hmac_key(const paycrypt_hmac_key *k)
{
    static const uint8_t body[] = "payload";
    char out[96], hdr[96];
    size_t ol = 0;
    CHECK_ST(paycrypt_webhook_sign(k, 1, body, 7, out, sizeof out, &ol), E_UNINIT);
    CHECK_ST(paycrypt_webhook_sign(k, 1, NULL, 0, out, sizeof out, &ol), E_UNINIT);
    snprintf(hdr, sizeof hdr, "t=1,v1=%064d", 0);
    CHECK_ST(paycrypt_webhook_verify(k, hdr, strlen(hdr), body, 7, 1, 0), E_UNINIT);
    CHECK_ST(paycrypt_webhook_verify(k, hdr, strlen(hdr), body, 7, 1, 300), E_UNINIT);
    snprintf(hdr, sizeof hdr, "sha256=%064d", 0);
    CHECK_ST(paycrypt_github_verify(k, hdr, strlen(hdr), body, 7), E_UNINIT);
    CHECK_ST(paycrypt_github_verify(k, hdr, strlen(hdr), NULL, 0), E_UNINIT);
}

static void test_hmac_key_api(void)
{
    const uint8_t *key = (const uint8_t *)"precomputed key";
    const uint8_t *msg = (const uint8_t *)"message to sign";
    uint8_t out[32], ref[32], tag[64];
    char hex[130], ref_hex[65];
    paycrypt_hmac_key k, kz, k2, *kh;
    size_t i;

    memset(&kz, 0, sizeof kz);
    CHECK_ST(paycrypt_hmac_sha256(key, 15, msg, 15, ref), OK);
    hex_encode(ref, 32, ref_hex, 0);

    /* init */
    GARBAGE(k);
    CHECK_ST(paycrypt_hmac_key_init(NULL, key, 15), E_NULL);
    CHECK_ST(paycrypt_hmac_key_init(&k, key, 15), OK);
    CHECK_ST(paycrypt_hmac_key_sign(&k, msg, 15, out), OK);
    CHECK(memcmp(out, ref, 32) == 0);
    /* a failed init wipes the context */
    CHECK_ST(paycrypt_hmac_key_init(&k, NULL, 15), E_NULL);
    CHECK(ALL_ZERO(&k, sizeof k));
    CHECK_ST(paycrypt_hmac_key_sign(&k, msg, 15, out), E_UNINIT);
    protocols_refuse_hmac_key(&k);
    /* empty key with NULL */
    CHECK_ST(paycrypt_hmac_key_init(&k, NULL, 0), OK);
    CHECK_ST(paycrypt_hmac_key_sign(&k, msg, 15, out), OK);
    CHECK_ST(paycrypt_hmac_sha256(NULL, 0, msg, 15, tag), OK);
    CHECK(memcmp(out, tag, 32) == 0);
    /* re-initialising overwrites */
    CHECK_ST(paycrypt_hmac_key_init(&k, key, 15), OK);
    CHECK_ST(paycrypt_hmac_key_sign(&k, msg, 15, out), OK);
    CHECK(memcmp(out, ref, 32) == 0);

    /* sign */
    CHECK_ST(paycrypt_hmac_key_sign(NULL, msg, 15, out), E_NULL);
    CHECK_ST(paycrypt_hmac_key_sign(&k, NULL, 15, out), E_NULL);
    CHECK_ST(paycrypt_hmac_key_sign(&k, msg, 15, NULL), E_NULL);
    CHECK_ST(paycrypt_hmac_key_sign(&kz, msg, 15, out), E_UNINIT);
    protocols_refuse_hmac_key(&kz);
    CHECK_ST(paycrypt_hmac_key_sign(&k, NULL, 0, out), OK);
    CHECK_ST(paycrypt_hmac_sha256(key, 15, NULL, 0, tag), OK);
    CHECK(memcmp(out, tag, 32) == 0);
    {   /* out overlapping msg */
        uint8_t m2[40];
        memset(m2, 0, sizeof m2);
        memcpy(m2 + 5, msg, 15);
        CHECK_ST(paycrypt_hmac_key_sign(&k, m2 + 5, 15, m2), OK);
        CHECK(memcmp(m2, ref, 32) == 0);
    }

    /* verify */
    memset(tag, 0, sizeof tag);
    memcpy(tag, ref, 32);
    CHECK_ST(paycrypt_hmac_key_verify(&k, msg, 15, tag, 32), OK);
    CHECK_ST(paycrypt_hmac_key_verify(NULL, msg, 15, tag, 32), E_NULL);
    CHECK_ST(paycrypt_hmac_key_verify(&k, NULL, 15, tag, 32), E_NULL);
    CHECK_ST(paycrypt_hmac_key_verify(&k, msg, 15, NULL, 32), E_NULL);
    CHECK_ST(paycrypt_hmac_key_verify(&k, msg, 15, NULL, 0), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_key_verify(&kz, msg, 15, tag, 32), E_UNINIT);
    CHECK_ST(paycrypt_hmac_key_verify(&k, msg, 15, tag, 0), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_key_verify(&k, msg, 15, tag, 15), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_key_verify(&k, msg, 15, tag, 33), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_key_verify(&k, msg, 15, tag, 64), E_TAGLEN);
    for (i = 16; i <= 32; i++)
        CHECK_ST(paycrypt_hmac_key_verify(&k, msg, 15, tag, i), OK);
    tag[15] ^= 0x80;
    for (i = 16; i <= 32; i++)
        CHECK_ST(paycrypt_hmac_key_verify(&k, msg, 15, tag, i), E_VERIFY);
    tag[15] ^= 0x80;
    tag[31] ^= 0x01;
    CHECK_ST(paycrypt_hmac_key_verify(&k, msg, 15, tag, 32), E_VERIFY);
    CHECK_ST(paycrypt_hmac_key_verify(&k, msg, 15, tag, 31), OK);
    tag[31] ^= 0x01;

    /* sign_hex */
    memset(hex, 'Z', sizeof hex);
    CHECK_ST(paycrypt_hmac_key_sign_hex(&k, msg, 15, hex), OK);
    CHECK(memcmp(hex, ref_hex, 65) == 0);
    CHECK(hex[65] == 'Z'); /* exactly 65 bytes written */
    CHECK_ST(paycrypt_hmac_key_sign_hex(NULL, msg, 15, hex), E_NULL);
    CHECK_ST(paycrypt_hmac_key_sign_hex(&k, NULL, 15, hex), E_NULL);
    CHECK_ST(paycrypt_hmac_key_sign_hex(&k, msg, 15, NULL), E_NULL);
    CHECK_ST(paycrypt_hmac_key_sign_hex(&kz, msg, 15, hex), E_UNINIT);
    CHECK_ST(paycrypt_hmac_key_sign_hex(&k, NULL, 0, hex), OK);
    CHECK(strlen(hex) == 64);

    /* verify_hex: lengths */
    memcpy(hex, ref_hex, 64);
    memset(hex + 64, '0', sizeof hex - 64);
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, hex, 64), OK);
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, hex, 32), OK);
    for (i = 32; i <= 64; i += 2)
        CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, hex, i), OK);
    {
        static const size_t bad_len[] = {0, 1, 2, 30, 31, 33, 35, 47, 63, 65, 66, 128};
        for (i = 0; i < sizeof bad_len / sizeof bad_len[0]; i++)
            CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, hex, bad_len[i]), E_TAGLEN);
    }
    CHECK_ST(paycrypt_hmac_key_verify_hex(NULL, msg, 15, hex, 64), E_NULL);
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, NULL, 15, hex, 64), E_NULL);
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, NULL, 64), E_NULL);
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, NULL, 0), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_key_verify_hex(&kz, msg, 15, hex, 64), E_UNINIT);
    /* upper and mixed case */
    for (i = 0; i < 64; i++)
        hex[i] = (char)(ref_hex[i] >= 'a' ? ref_hex[i] - 32 : ref_hex[i]);
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, hex, 64), OK);
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, hex, 40), OK);
    for (i = 0; i < 64; i += 2)
        hex[i] = ref_hex[i];
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, hex, 64), OK);
    /* non-hex characters (each next to a digit/letter range) */
    {
        static const char bad_chars[] = {'g', 'G', '/', ':', '@', '`', ' ', 'x', '\0', '-', '+'};
        static const size_t pos[] = {0, 1, 31, 62, 63};
        size_t j;
        for (i = 0; i < sizeof bad_chars; i++)
            for (j = 0; j < sizeof pos / sizeof pos[0]; j++) {
                memcpy(hex, ref_hex, 64);
                hex[pos[j]] = bad_chars[i];
                CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, hex, 64), E_MALFORMED);
            }
        memcpy(hex, ref_hex, 64);
        hex[10] = (char)0xb0;
        CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, hex, 64), E_MALFORMED);
        /* a non-hex character in a truncated tag */
        memcpy(hex, ref_hex, 64);
        hex[33] = 'z';
        CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, hex, 34), E_MALFORMED);
        /* a non-hex character beyond hex_len is not read */
        CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, hex, 32), OK);
        /* malformed even when the digits would not match anyway */
        memcpy(hex, ref_hex, 64);
        hex[0] = hex[0] == '0' ? '1' : '0';
        CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, hex, 64), E_VERIFY);
        hex[5] = 'q';
        CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, hex, 64), E_MALFORMED);
    }
    /* hex need not be NUL-terminated: an exact-size heap copy */
    {
        char *h = (char *)xmalloc(64);
        memcpy(h, ref_hex, 64);
        CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, h, 64), OK);
        free(h);
    }

    /* A memcpy'd key works, also after the original is wiped, and on the heap */
    memcpy(&k2, &k, sizeof k);
    kh = (paycrypt_hmac_key *)xmalloc(sizeof *kh);
    memcpy(kh, &k, sizeof k);
    paycrypt_hmac_key_wipe(&k);
    CHECK(ALL_ZERO(&k, sizeof k));
    CHECK_ST(paycrypt_hmac_key_sign(&k2, msg, 15, out), OK);
    CHECK(memcmp(out, ref, 32) == 0);
    CHECK_ST(paycrypt_hmac_key_sign(kh, msg, 15, out), OK);
    CHECK(memcmp(out, ref, 32) == 0);
    CHECK_ST(paycrypt_hmac_key_verify(kh, msg, 15, ref, 32), OK);
    paycrypt_hmac_key_wipe(kh);
    CHECK(ALL_ZERO(kh, sizeof *kh));
    CHECK_ST(paycrypt_hmac_key_sign(kh, msg, 15, out), E_UNINIT);
    free(kh);

    /* Wiped key: every use is UNINITIALIZED */
    CHECK_ST(paycrypt_hmac_key_sign(&k, msg, 15, out), E_UNINIT);
    CHECK_ST(paycrypt_hmac_key_verify(&k, msg, 15, ref, 32), E_UNINIT);
    CHECK_ST(paycrypt_hmac_key_sign_hex(&k, msg, 15, hex), E_UNINIT);
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, msg, 15, ref_hex, 64), E_UNINIT);
    {
        paycrypt_slice sl;
        paycrypt_hmac_state s;
        sl.ptr = msg;
        sl.len = 15;
        CHECK_ST(paycrypt_hmac_key_sign_batch(&k, &sl, 1, out), E_UNINIT);
        CHECK_ST(paycrypt_hmac_state_init(&s, &k), E_UNINIT);
    }
    protocols_refuse_hmac_key(&k);
    /* wipe twice, wipe(NULL) */
    paycrypt_hmac_key_wipe(&k);
    CHECK(ALL_ZERO(&k, sizeof k));
    paycrypt_hmac_key_wipe(NULL);
    /* usable again after init */
    CHECK_ST(paycrypt_hmac_key_init(&k, key, 15), OK);
    CHECK_ST(paycrypt_hmac_key_verify(&k, msg, 15, ref, 32), OK);
    paycrypt_hmac_key_wipe(&k);
    paycrypt_hmac_key_wipe(&k2);
}

static void test_sign_batch_api(void)
{
    const uint8_t *key = (const uint8_t *)"batch key";
    uint8_t buf[4 * 32], tags[5 * 32], ref[5][32];
    paycrypt_slice sl[5];
    paycrypt_hmac_key k, kz;
    size_t i;

    memset(&kz, 0, sizeof kz);
    for (i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 13);
    CHECK_ST(paycrypt_hmac_key_init(&k, key, 9), OK);
    for (i = 0; i < 4; i++) {
        sl[i].ptr = buf + 32 * i;
        sl[i].len = 32 - i;
        CHECK_ST(paycrypt_hmac_key_sign(&k, sl[i].ptr, sl[i].len, ref[i]), OK);
    }
    sl[4].ptr = NULL; /* empty message, NULL allowed */
    sl[4].len = 0;
    CHECK_ST(paycrypt_hmac_key_sign(&k, NULL, 0, ref[4]), OK);

    memset(tags, 0xAA, sizeof tags);
    CHECK_ST(paycrypt_hmac_key_sign_batch(&k, sl, 5, tags), OK);
    for (i = 0; i < 5; i++)
        CHECK(memcmp(tags + 32 * i, ref[i], 32) == 0);

    /* count 0: NULL msgs and tags_out accepted */
    CHECK_ST(paycrypt_hmac_key_sign_batch(&k, NULL, 0, NULL), OK);
    CHECK_ST(paycrypt_hmac_key_sign_batch(&k, sl, 0, NULL), OK);
    CHECK_ST(paycrypt_hmac_key_sign_batch(&k, NULL, 0, tags), OK);
    /* NULLs */
    CHECK_ST(paycrypt_hmac_key_sign_batch(NULL, sl, 5, tags), E_NULL);
    CHECK_ST(paycrypt_hmac_key_sign_batch(&k, NULL, 5, tags), E_NULL);
    CHECK_ST(paycrypt_hmac_key_sign_batch(&k, sl, 5, NULL), E_NULL);
    CHECK_ST(paycrypt_hmac_key_sign_batch(&kz, sl, 5, tags), E_UNINIT);
    /* a NULL msgs[i].ptr with non-zero length fails before any tag is written */
    sl[2].ptr = NULL;
    memset(tags, 0xAA, sizeof tags);
    CHECK_ST(paycrypt_hmac_key_sign_batch(&k, sl, 5, tags), E_NULL);
    CHECK(all_eq(tags, sizeof tags, 0xAA));
    sl[2].ptr = buf + 64;
    sl[4].len = 7; /* the NULL entry is last */
    CHECK_ST(paycrypt_hmac_key_sign_batch(&k, sl, 5, tags), E_NULL);
    CHECK(all_eq(tags, sizeof tags, 0xAA));
    sl[4].len = 0;
    /* count * 32 overflows size_t: rejected before anything is read */
    CHECK_ST(paycrypt_hmac_key_sign_batch(&k, sl, SIZE_MAX / 32 + 1, tags), E_LONG);
    CHECK_ST(paycrypt_hmac_key_sign_batch(&k, sl, SIZE_MAX, tags), E_LONG);

    /* each tag is written after its message is read: tags over the messages */
    for (i = 0; i < 4; i++)
        sl[i].len = 32;
    for (i = 0; i < 4; i++)
        CHECK_ST(paycrypt_hmac_key_sign(&k, sl[i].ptr, 32, ref[i]), OK);
    CHECK_ST(paycrypt_hmac_key_sign_batch(&k, sl, 4, buf), OK);
    for (i = 0; i < 4; i++)
        CHECK(memcmp(buf + 32 * i, ref[i], 32) == 0);
    paycrypt_hmac_key_wipe(&k);
}

static void test_hmac_state_api(void)
{
    const uint8_t *key = (const uint8_t *)"stream key";
    const uint8_t *msg = (const uint8_t *)"abcdefghijklmnopqrstuvwxyz";
    uint8_t out[32], ref[32], mid[32];
    paycrypt_hmac_key k, kc;
    paycrypt_hmac_state s, s2, sz;
    paycrypt_hmac_state st[2];
    struct wrapped {
        uint8_t pre[16];
        paycrypt_hmac_state s;
    } w;
    const uint8_t *ws = (const uint8_t *)&w + offsetof(struct wrapped, s); /* == &w.s */

    memset(&sz, 0, sizeof sz);
    CHECK_ST(paycrypt_hmac_key_init(&k, key, 10), OK);
    CHECK_ST(paycrypt_hmac_key_sign(&k, msg, 26, ref), OK);
    CHECK_ST(paycrypt_hmac_key_sign(&k, msg, 10, mid), OK);

    /* init */
    GARBAGE(s);
    CHECK_ST(paycrypt_hmac_state_init(NULL, &k), E_NULL);
    CHECK_ST(paycrypt_hmac_state_init(&s, NULL), E_NULL);
    {
        paycrypt_hmac_key kz;
        memset(&kz, 0, sizeof kz);
        CHECK_ST(paycrypt_hmac_state_init(&s, &kz), E_UNINIT);
    }
    CHECK_ST(paycrypt_hmac_state_init(&s, &k), OK);

    /* update */
    CHECK_ST(paycrypt_hmac_state_update(NULL, msg, 5), E_NULL);
    CHECK_ST(paycrypt_hmac_state_update(&s, NULL, 5), E_NULL);
    CHECK_ST(paycrypt_hmac_state_update(&s, NULL, 0), OK);
    CHECK_ST(paycrypt_hmac_state_update(&s, msg, 0), OK);
    CHECK_ST(paycrypt_hmac_state_update(&sz, msg, 5), E_UNINIT);
    CHECK_ST(paycrypt_hmac_state_update(&s, msg, 10), OK);

    /* fork with memcpy: intermediate tag, and both halves continue */
    memcpy(&s2, &s, sizeof s);
    CHECK_ST(paycrypt_hmac_state_final(&s2, out), OK);
    CHECK(memcmp(out, mid, 32) == 0);
    CHECK(ALL_ZERO(&s2, sizeof s2));
    memcpy(&s2, &s, sizeof s);
    CHECK_ST(paycrypt_hmac_state_update(&s, msg + 10, 16), OK);
    CHECK_ST(paycrypt_hmac_state_update(&s2, msg + 10, 16), OK);
    CHECK_ST(paycrypt_hmac_state_final(&s2, out), OK);
    CHECK(memcmp(out, ref, 32) == 0);

    /* final */
    CHECK_ST(paycrypt_hmac_state_final(NULL, out), E_NULL);
    CHECK_ST(paycrypt_hmac_state_final(&s, NULL), E_NULL);
    CHECK_ST(paycrypt_hmac_state_final(&sz, out), E_UNINIT);
    memset(out, 0, sizeof out);
    CHECK_ST(paycrypt_hmac_state_final(&s, out), OK);
    CHECK(memcmp(out, ref, 32) == 0);
    /* after final: wiped, unusable until init */
    CHECK(ALL_ZERO(&s, sizeof s));
    CHECK_ST(paycrypt_hmac_state_update(&s, msg, 5), E_UNINIT);
    CHECK_ST(paycrypt_hmac_state_final(&s, out), E_UNINIT);
    CHECK_ST(paycrypt_hmac_state_init(&s, &k), OK);
    CHECK_ST(paycrypt_hmac_state_final(&s, out), OK);
    CHECK_ST(paycrypt_hmac_key_sign(&k, NULL, 0, mid), OK);
    CHECK(memcmp(out, mid, 32) == 0);

    /* re-init of a state in use restarts it */
    CHECK_ST(paycrypt_hmac_state_init(&s, &k), OK);
    CHECK_ST(paycrypt_hmac_state_update(&s, (const uint8_t *)"junk", 4), OK);
    CHECK_ST(paycrypt_hmac_state_init(&s, &k), OK);
    CHECK_ST(paycrypt_hmac_state_update(&s, msg, 26), OK);
    CHECK_ST(paycrypt_hmac_state_final(&s, out), OK);
    CHECK(memcmp(out, ref, 32) == 0);

    /* the state holds its own key copy: the key may be wiped (or be a copy) */
    memcpy(&kc, &k, sizeof k);
    CHECK_ST(paycrypt_hmac_state_init(&s, &kc), OK);
    paycrypt_hmac_key_wipe(&kc);
    CHECK_ST(paycrypt_hmac_state_update(&s, msg, 26), OK);
    CHECK_ST(paycrypt_hmac_state_final(&s, out), OK);
    CHECK(memcmp(out, ref, 32) == 0);

    /* data overlapping the state: OVERLAP, and the state is unchanged */
    CHECK_ST(paycrypt_hmac_state_init(&s, &k), OK);
    CHECK_ST(paycrypt_hmac_state_update(&s, msg, 10), OK);
    CHECK_ST(paycrypt_hmac_state_update(&s, (const uint8_t *)&s, sizeof s), E_OVERLAP);
    CHECK_ST(paycrypt_hmac_state_update(&s, (const uint8_t *)&s + 8, 16), E_OVERLAP);
    CHECK_ST(paycrypt_hmac_state_update(&s, (const uint8_t *)&s + sizeof s - 1, 1), E_OVERLAP);
    CHECK_ST(paycrypt_hmac_state_update(&s, msg + 10, 16), OK);
    CHECK_ST(paycrypt_hmac_state_final(&s, out), OK);
    CHECK(memcmp(out, ref, 32) == 0);
    /* ranges that touch the state without sharing a byte are fine */
    memset(&w, 0x61, sizeof w);
    CHECK_ST(paycrypt_hmac_state_init(&w.s, &k), OK);
    CHECK(offsetof(struct wrapped, s) >= 9);
    CHECK_ST(paycrypt_hmac_state_update(&w.s, ws - 9, 10), E_OVERLAP);
    CHECK_ST(paycrypt_hmac_state_update(&w.s, ws - 8, 8), OK);
    CHECK_ST(paycrypt_hmac_state_final(&w.s, out), OK);
    CHECK_ST(paycrypt_hmac_key_sign(&k, (const uint8_t *)"aaaaaaaa", 8, mid), OK);
    CHECK(memcmp(out, mid, 32) == 0);
    memset(st, 0x62, sizeof st);
    CHECK_ST(paycrypt_hmac_state_init(&st[0], &k), OK);
    CHECK_ST(paycrypt_hmac_state_update(&st[0], (const uint8_t *)&st[1], 8), OK);
    CHECK_ST(paycrypt_hmac_state_final(&st[0], out), OK);
    CHECK_ST(paycrypt_hmac_key_sign(&k, (const uint8_t *)"bbbbbbbb", 8, mid), OK);
    CHECK(memcmp(out, mid, 32) == 0);

    paycrypt_hmac_key_wipe(&k);
}

static const uint8_t k_key16[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
static const uint8_t k_key32[32] = {
    0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
    0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f};
static const uint8_t k_nonce[12] = {0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88};

/* The envelope functions refuse an AES-GCM key k that was never
   initialised or was wiped with UNINITIALIZED. */
static void protocols_refuse_aes_key(const paycrypt_aes_gcm_key *k)
{
    uint8_t env[49], out[64], pt[16];
    size_t ol = 0;
    memset(env, 0, sizeof env);
    env[0] = 1; /* a well-formed version-1 envelope of 16 bytes of text */
    memset(pt, 0x11, sizeof pt);
    CHECK_ST(paycrypt_envelope_seal(k, 1, k_nonce, NULL, 0, pt, 16, out, sizeof out, &ol), E_UNINIT);
    CHECK_ST(paycrypt_envelope_seal(k, 1, NULL, pt, 4, pt, 16, out, sizeof out, &ol), E_UNINIT);
    CHECK_ST(paycrypt_envelope_open(k, NULL, 0, env, sizeof env, out, sizeof out, &ol), E_UNINIT);
    CHECK_ST(paycrypt_envelope_open(k, pt, 4, env, sizeof env, out, sizeof out, &ol), E_UNINIT);
}

static void test_aes_gcm_key_api(void)
{
    static const size_t bad[] = {0, 1, 15, 17, 24, 31, 33, 64};
    uint8_t keybuf[64], buf[64], tag[16], out[64];
    paycrypt_aes_gcm_key k, good, *kh;
    size_t i, ol;

    memset(keybuf, 0x42, sizeof keybuf);
    memset(buf, 0, sizeof buf);
    GARBAGE(good);
    CHECK_ST(paycrypt_aes_gcm_key_init(&good, k_key16, 16), OK);
    CHECK_ST(paycrypt_aes_gcm_key_init(NULL, k_key16, 16), E_NULL);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memcpy(&k, &good, sizeof k);
        CHECK_ST(paycrypt_aes_gcm_key_init(&k, keybuf, bad[i]), E_KEYLEN);
        CHECK(ALL_ZERO(&k, sizeof k));
        CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, NULL, 0, buf, 8, out, sizeof out, &ol), E_UNINIT);
        CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, NULL, 0, buf, 24, out, sizeof out, &ol), E_UNINIT);
        CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, NULL, 0, buf, 8, tag), E_UNINIT);
        CHECK_ST(paycrypt_aes_gcm_open_detached(&k, k_nonce, NULL, 0, buf, 8, tag), E_UNINIT);
        protocols_refuse_aes_key(&k);
    }
    memcpy(&k, &good, sizeof k);
    CHECK_ST(paycrypt_aes_gcm_key_init(&k, NULL, 0), E_KEYLEN);
    CHECK(ALL_ZERO(&k, sizeof k));
    memcpy(&k, &good, sizeof k);
    CHECK_ST(paycrypt_aes_gcm_key_init(&k, NULL, 16), E_NULL);
    CHECK(ALL_ZERO(&k, sizeof k));
    CHECK_ST(paycrypt_aes_gcm_key_init(&k, NULL, 32), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_key_init(&k, k_key32, 32), OK);

    /* all-zero context */
    memset(&k, 0, sizeof k);
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, NULL, 0, buf, 8, out, sizeof out, &ol), E_UNINIT);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, NULL, 0, buf, 24, out, sizeof out, &ol), E_UNINIT);
    CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, NULL, 0, buf, 8, tag), E_UNINIT);
    CHECK_ST(paycrypt_aes_gcm_open_detached(&k, k_nonce, NULL, 0, buf, 8, tag), E_UNINIT);
    protocols_refuse_aes_key(&k);

    /* memcpy'd key works (stack and heap); wiped key is zero and refused */
    {
        uint8_t ref[32];
        memset(buf, 0x33, 16);
        CHECK_ST(paycrypt_aes_gcm_seal(&good, k_nonce, NULL, 0, buf, 16, ref, sizeof ref, &ol), OK);
        memcpy(&k, &good, sizeof k);
        kh = (paycrypt_aes_gcm_key *)xmalloc(sizeof *kh);
        memcpy(kh, &good, sizeof good);
        paycrypt_aes_gcm_key_wipe(&good);
        CHECK(ALL_ZERO(&good, sizeof good));
        CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, NULL, 0, buf, 16, out, sizeof out, &ol), OK);
        CHECK(ol == 32 && memcmp(out, ref, 32) == 0);
        CHECK_ST(paycrypt_aes_gcm_seal(kh, k_nonce, NULL, 0, buf, 16, out, sizeof out, &ol), OK);
        CHECK(ol == 32 && memcmp(out, ref, 32) == 0);
        CHECK_ST(paycrypt_aes_gcm_open(kh, k_nonce, NULL, 0, ref, 32, out, sizeof out, &ol), OK);
        CHECK(ol == 16 && memcmp(out, buf, 16) == 0);
        paycrypt_aes_gcm_key_wipe(kh);
        CHECK(ALL_ZERO(kh, sizeof *kh));
        CHECK_ST(paycrypt_aes_gcm_seal(kh, k_nonce, NULL, 0, buf, 16, out, sizeof out, &ol), E_UNINIT);
        free(kh);
    }
    CHECK_ST(paycrypt_aes_gcm_seal(&good, k_nonce, NULL, 0, buf, 8, out, sizeof out, &ol), E_UNINIT);
    CHECK_ST(paycrypt_aes_gcm_open(&good, k_nonce, NULL, 0, buf, 24, out, sizeof out, &ol), E_UNINIT);
    CHECK_ST(paycrypt_aes_gcm_seal_detached(&good, k_nonce, NULL, 0, buf, 8, tag), E_UNINIT);
    CHECK_ST(paycrypt_aes_gcm_open_detached(&good, k_nonce, NULL, 0, buf, 8, tag), E_UNINIT);
    protocols_refuse_aes_key(&good);
    paycrypt_aes_gcm_key_wipe(&k);
    CHECK(ALL_ZERO(&k, sizeof k));
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, NULL, 0, buf, 8, out, sizeof out, &ol), E_UNINIT);
    paycrypt_aes_gcm_key_wipe(NULL);
}

static void test_aes_gcm_seal_open_api(void)
{
    uint8_t aad[20], pt[40], sealed[56], out[80], big[192];
    paycrypt_aes_gcm_key k;
    size_t i, ol;

    for (i = 0; i < sizeof aad; i++)
        aad[i] = (uint8_t)(0xa0 + i);
    for (i = 0; i < sizeof pt; i++)
        pt[i] = (uint8_t)(i * 3);
    CHECK_ST(paycrypt_aes_gcm_key_init(&k, k_key32, 32), OK);
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, aad, 20, pt, 40, sealed, sizeof sealed, &ol), OK);
    CHECK(ol == 56);

    /* ---- seal: NULLs ---- */
    CHECK_ST(paycrypt_aes_gcm_seal(NULL, k_nonce, aad, 20, pt, 40, out, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_seal(&k, NULL, aad, 20, pt, 40, out, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, NULL, 20, pt, 40, out, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, aad, 20, NULL, 40, out, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, aad, 20, pt, 40, NULL, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, aad, 20, pt, 40, out, sizeof out, NULL), E_NULL);
    /* ---- seal: empty inputs ---- */
    {
        uint8_t t1[16], t2[16];
        memset(out, 0xAA, sizeof out);
        CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, NULL, 0, NULL, 0, out, 16, &ol), OK);
        CHECK(ol == 16);
        CHECK(all_eq(out + 16, sizeof out - 16, 0xAA));
        CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, NULL, 0, NULL, 0, t1), OK);
        CHECK(memcmp(out, t1, 16) == 0);
        CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, aad, 0, pt, 0, out, 16, &ol), OK);
        CHECK(ol == 16 && memcmp(out, t1, 16) == 0);
        /* empty plaintext, non-empty AAD (GMAC) */
        CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, aad, 20, NULL, 0, out, 16, &ol), OK);
        CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, aad, 20, NULL, 0, t2), OK);
        CHECK(ol == 16 && memcmp(out, t2, 16) == 0);
        CHECK(memcmp(t1, t2, 16) != 0);
        CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, out, 16, NULL, 0, &ol), OK);
        CHECK(ol == 0);
        out[0] ^= 1;
        CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, out, 16, NULL, 0, &ol), E_VERIFY);
        /* empty AAD with NULL, non-empty plaintext */
        CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, NULL, 0, pt, 40, out, sizeof out, &ol), OK);
        CHECK(ol == 56);
        CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, NULL, 0, out, 56, big, 40, &ol), OK);
        CHECK(ol == 40 && memcmp(big, pt, 40) == 0);
    }
    /* ---- seal: buffer sizes ---- */
    ol = 12345;
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, aad, 20, pt, 40, NULL, 0, &ol), E_SMALL);
    CHECK(ol == 56);
    ol = 12345;
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, NULL, 0, NULL, 0, NULL, 0, &ol), E_SMALL);
    CHECK(ol == 16);
    {
        static const size_t caps[] = {0, 1, 15, 16, 40, 55};
        for (i = 0; i < sizeof caps / sizeof caps[0]; i++) {
            memset(out, 0x5C, sizeof out);
            ol = 12345;
            CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, aad, 20, pt, 40, out, caps[i], &ol), E_SMALL);
            CHECK(ol == 56);
            CHECK(all_eq(out, sizeof out, 0x5C));
        }
    }
    memset(out, 0x5C, sizeof out);
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, aad, 20, pt, 40, out, sizeof out, &ol), OK);
    CHECK(ol == 56 && memcmp(out, sealed, 56) == 0);
    CHECK(all_eq(out + 56, sizeof out - 56, 0x5C)); /* nothing past out_len */

    /* ---- open: NULLs, lengths ---- */
    CHECK_ST(paycrypt_aes_gcm_open(NULL, k_nonce, aad, 20, sealed, 56, out, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_open(&k, NULL, aad, 20, sealed, 56, out, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, NULL, 20, sealed, 56, out, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, NULL, 56, out, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, NULL, 16, out, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, sealed, 56, NULL, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, sealed, 56, out, sizeof out, NULL), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, sealed, 0, out, sizeof out, &ol), E_MALFORMED);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, sealed, 1, out, sizeof out, &ol), E_MALFORMED);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, sealed, 15, out, sizeof out, &ol), E_MALFORMED);
    /* NULL with length 0 is the empty input: shorter than a tag */
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, NULL, 0, out, sizeof out, &ol), E_MALFORMED);
    /* ---- open: buffer sizes ---- */
    ol = 12345;
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, sealed, 56, NULL, 0, &ol), E_SMALL);
    CHECK(ol == 40);
    {
        static const size_t caps[] = {0, 1, 16, 39};
        for (i = 0; i < sizeof caps / sizeof caps[0]; i++) {
            memset(out, 0x5C, sizeof out);
            ol = 12345;
            CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, sealed, 56, out, caps[i], &ol), E_SMALL);
            CHECK(ol == 40);
            CHECK(all_eq(out, sizeof out, 0x5C));
        }
        /* a short buffer is reported before (and instead of) authentication */
        memcpy(big, sealed, 56);
        big[55] ^= 1;
        memset(out, 0x5C, sizeof out);
        CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, big, 56, out, 39, &ol), E_SMALL);
        CHECK(ol == 40 && all_eq(out, sizeof out, 0x5C));
    }
    memset(out, 0x5C, sizeof out);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, sealed, 56, out, sizeof out, &ol), OK);
    CHECK(ol == 40 && memcmp(out, pt, 40) == 0);
    CHECK(all_eq(out + 40, sizeof out - 40, 0x5C));
    /* wrong AAD length / wrong nonce / truncated input fail authentication */
    memset(out, 0xAA, sizeof out);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 19, sealed, 56, out, sizeof out, &ol), E_VERIFY);
    CHECK(ALL_ZERO(out, 40) && all_eq(out + 40, sizeof out - 40, 0xAA));
    memset(out, 0xAA, sizeof out);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, sealed, 55, out, sizeof out, &ol), E_VERIFY);
    CHECK(ALL_ZERO(out, 39) && all_eq(out + 39, sizeof out - 39, 0xAA));
    memset(out, 0xAA, sizeof out);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, sealed, 16, out, sizeof out, &ol), E_VERIFY);
    CHECK(all_eq(out, sizeof out, 0xAA));

    /* ---- out overlapping aad: OVERLAP, nothing written ---- */
    memcpy(big, aad, 20);
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, big, 20, pt, 40, big, sizeof big, &ol), E_OVERLAP);
    CHECK(memcmp(big, aad, 20) == 0);
    memset(big, 0x77, sizeof big);
    memcpy(big + 60, aad, 20);   /* aad inside the tag area of out */
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, big + 60, 20, pt, 40, big + 10, 56, &ol), E_OVERLAP);
    CHECK(all_eq(big, 60, 0x77) && memcmp(big + 60, aad, 20) == 0);
    memset(big, 0x77, sizeof big);
    memcpy(big, aad, 20);        /* aad's last byte is out's first */
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, big, 20, pt, 40, big + 19, 56, &ol), E_OVERLAP);
    CHECK(memcmp(big, aad, 20) == 0 && all_eq(big + 20, sizeof big - 20, 0x77));
    /* adjacent (no shared byte) is fine */
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, big, 20, pt, 40, big + 20, 56, &ol), OK);
    CHECK(ol == 56 && memcmp(big + 20, sealed, 56) == 0);
    /* pt may overlap aad (both are inputs) */
    memcpy(big, pt, 40);
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, big, 20, big, 40, out, sizeof out, &ol), OK);
    {
        uint8_t ref[56];
        CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, pt, 20, pt, 40, ref, sizeof ref, &ol), OK);
        CHECK(memcmp(out, ref, 56) == 0);
    }
    /* open: out overlapping aad */
    memset(big, 0x77, sizeof big);
    memcpy(big, aad, 20);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, big, 20, sealed, 56, big, 40, &ol), E_OVERLAP);
    CHECK(memcmp(big, aad, 20) == 0 && all_eq(big + 20, sizeof big - 20, 0x77));
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, big, 20, sealed, 56, big + 19, 40, &ol), E_OVERLAP);
    CHECK(memcmp(big, aad, 20) == 0 && all_eq(big + 20, sizeof big - 20, 0x77));
    memcpy(big + 50, aad, 20);
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, big + 50, 20, sealed, 56, big + 11, 40, &ol), E_OVERLAP);
    CHECK(memcmp(big + 50, aad, 20) == 0 && all_eq(big + 20, 30, 0x77));
    CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, big, 20, sealed, 56, big + 20, 40, &ol), OK);
    CHECK(ol == 40 && memcmp(big + 20, pt, 40) == 0);
    /* in may overlap aad (both are inputs) */
    {
        uint8_t ref[56];
        memcpy(big, sealed, 56);
        CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, big, 20, pt, 40, ref, sizeof ref, &ol), OK);
        memcpy(big, ref, 56);
        CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, big, 20, big, 56, out, sizeof out, &ol), OK);
        CHECK(ol == 40 && memcmp(out, pt, 40) == 0);
    }

    /* ---- in place and partial overlaps (memmove semantics) ---- */
    {
        static const int shifts[] = {0, 5, -3, 1, -1, 16, -16, 39, -39};
        for (i = 0; i < sizeof shifts / sizeof shifts[0]; i++) {
            int d = shifts[i];
            uint8_t *in = big + 64, *o = big + 64 + d; /* o..o+56 stays in big */
            memset(big, 0xEE, sizeof big);
            memcpy(in, pt, 40);
            CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, aad, 20, in, 40, o, 56, &ol), OK);
            CHECK(ol == 56 && memcmp(o, sealed, 56) == 0);
            memset(big, 0xEE, sizeof big);
            memcpy(in, sealed, 56);
            CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, in, 56, o, 40, &ol), OK);
            CHECK(ol == 40 && memcmp(o, pt, 40) == 0);
            /* tampered: the 40 bytes at out are zeroed */
            memset(big, 0xEE, sizeof big);
            memcpy(in, sealed, 56);
            in[3] ^= 0x10;
            CHECK_ST(paycrypt_aes_gcm_open(&k, k_nonce, aad, 20, in, 56, o, 40, &ol), E_VERIFY);
            CHECK(ALL_ZERO(o, 40));
        }
    }
    paycrypt_aes_gcm_key_wipe(&k);
}

static void test_aes_gcm_detached_api(void)
{
    uint8_t aad[20], pt[40], sealed[56], buf[40], tag[16], big[100];
    paycrypt_aes_gcm_key k;
    size_t i, ol;

    for (i = 0; i < sizeof aad; i++)
        aad[i] = (uint8_t)(0x10 + i);
    for (i = 0; i < sizeof pt; i++)
        pt[i] = (uint8_t)(0xff - i);
    CHECK_ST(paycrypt_aes_gcm_key_init(&k, k_key16, 16), OK);
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, aad, 20, pt, 40, sealed, sizeof sealed, &ol), OK);

    /* seal_detached */
    memcpy(buf, pt, 40);
    CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, aad, 20, buf, 40, tag), OK);
    CHECK(memcmp(buf, sealed, 40) == 0 && memcmp(tag, sealed + 40, 16) == 0);
    memcpy(buf, pt, 40);
    CHECK_ST(paycrypt_aes_gcm_seal_detached(NULL, k_nonce, aad, 20, buf, 40, tag), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, NULL, aad, 20, buf, 40, tag), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, NULL, 20, buf, 40, tag), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, aad, 20, NULL, 40, tag), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, aad, 20, buf, 40, NULL), E_NULL);
    CHECK(memcmp(buf, pt, 40) == 0);
    CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, NULL, 0, NULL, 0, tag), OK);
    /* aad overlapping buf: OVERLAP, nothing written */
    memcpy(big, pt, 40);
    memset(tag, 0x5C, 16);
    CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, big + 30, 20, big, 40, tag), E_OVERLAP);
    CHECK(memcmp(big, pt, 40) == 0 && all_eq(tag, 16, 0x5C));
    CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, big, 20, big, 40, tag), E_OVERLAP);
    CHECK(memcmp(big, pt, 40) == 0 && all_eq(tag, 16, 0x5C));
    /* adjacent is fine */
    memcpy(big, pt, 40);
    memcpy(big + 40, aad, 20);
    CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, big + 40, 20, big, 40, tag), OK);
    CHECK(memcmp(big, sealed, 40) == 0 && memcmp(tag, sealed + 40, 16) == 0);
    /* the tag may be written over the (already encrypted) buffer */
    memcpy(big, pt, 40);
    CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, aad, 20, big, 40, big + 24), OK);
    CHECK(memcmp(big, sealed, 24) == 0 && memcmp(big + 24, sealed + 40, 16) == 0);

    /* open_detached */
    memcpy(buf, sealed, 40);
    CHECK_ST(paycrypt_aes_gcm_open_detached(&k, k_nonce, aad, 20, buf, 40, sealed + 40), OK);
    CHECK(memcmp(buf, pt, 40) == 0);
    memcpy(buf, sealed, 40);
    CHECK_ST(paycrypt_aes_gcm_open_detached(NULL, k_nonce, aad, 20, buf, 40, sealed + 40), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_open_detached(&k, NULL, aad, 20, buf, 40, sealed + 40), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_open_detached(&k, k_nonce, NULL, 20, buf, 40, sealed + 40), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_open_detached(&k, k_nonce, aad, 20, NULL, 40, sealed + 40), E_NULL);
    CHECK_ST(paycrypt_aes_gcm_open_detached(&k, k_nonce, aad, 20, buf, 40, NULL), E_NULL);
    CHECK(memcmp(buf, sealed, 40) == 0);
    /* empty buffer with NULL: a GMAC check */
    CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, aad, 20, NULL, 0, tag), OK);
    CHECK_ST(paycrypt_aes_gcm_open_detached(&k, k_nonce, aad, 20, NULL, 0, tag), OK);
    tag[0] ^= 1;
    CHECK_ST(paycrypt_aes_gcm_open_detached(&k, k_nonce, aad, 20, NULL, 0, tag), E_VERIFY);
    /* aad overlapping buf: OVERLAP, buffer untouched (not zeroed) */
    memcpy(big, sealed, 40);
    CHECK_ST(paycrypt_aes_gcm_open_detached(&k, k_nonce, big + 39, 20, big, 40, sealed + 40), E_OVERLAP);
    CHECK(memcmp(big, sealed, 40) == 0);
    /* the tag may overlap buf (it is copied first): here it does not
       authenticate, so the whole buffer is zeroed */
    memcpy(big, sealed, 56);
    CHECK_ST(paycrypt_aes_gcm_open_detached(&k, k_nonce, aad, 20, big, 56, big + 40), E_VERIFY);
    CHECK(ALL_ZERO(big, 56));
    /* tampered tag: whole buffer zeroed */
    memcpy(buf, sealed, 40);
    memcpy(tag, sealed + 40, 16);
    tag[15] ^= 0x40;
    CHECK_ST(paycrypt_aes_gcm_open_detached(&k, k_nonce, aad, 20, buf, 40, tag), E_VERIFY);
    CHECK(ALL_ZERO(buf, 40));
    paycrypt_aes_gcm_key_wipe(&k);
}

static void test_hkdf_api(void)
{
    uint8_t ikm[22], salt[13], info[10], okm[100], ref[100], zeros[32], prk[32], t1[33];
    uint8_t *big, *big2;
    size_t i;

    for (i = 0; i < sizeof ikm; i++)
        ikm[i] = 0x0b;
    for (i = 0; i < sizeof salt; i++)
        salt[i] = (uint8_t)i;
    for (i = 0; i < sizeof info; i++)
        info[i] = (uint8_t)(0xf0 + i);
    memset(zeros, 0, sizeof zeros);
    CHECK_ST(paycrypt_hkdf_sha256(salt, 13, ikm, 22, info, 10, ref, 42), OK);

    /* NULLs with non-zero lengths */
    CHECK_ST(paycrypt_hkdf_sha256(NULL, 13, ikm, 22, info, 10, okm, 42), E_NULL);
    CHECK_ST(paycrypt_hkdf_sha256(salt, 13, NULL, 22, info, 10, okm, 42), E_NULL);
    CHECK_ST(paycrypt_hkdf_sha256(salt, 13, ikm, 22, NULL, 10, okm, 42), E_NULL);
    CHECK_ST(paycrypt_hkdf_sha256(salt, 13, ikm, 22, info, 10, NULL, 42), E_NULL);
    /* NULL with zero length: empty inputs, empty output */
    CHECK_ST(paycrypt_hkdf_sha256(salt, 13, ikm, 22, info, 10, NULL, 0), OK);
    CHECK_ST(paycrypt_hkdf_sha256(NULL, 0, NULL, 0, NULL, 0, NULL, 0), OK);
    memset(okm, 0xAA, sizeof okm);
    CHECK_ST(paycrypt_hkdf_sha256(salt, 13, ikm, 22, info, 10, okm, 0), OK);
    CHECK(all_eq(okm, sizeof okm, 0xAA));
    /* empty ikm/salt/info: PRK = HMAC(zeros32, ""), T(1) = HMAC(PRK, 0x01) */
    CHECK_ST(paycrypt_hkdf_sha256(NULL, 0, NULL, 0, NULL, 0, okm, 32), OK);
    CHECK_ST(paycrypt_hmac_sha256(zeros, 32, NULL, 0, prk), OK);
    CHECK_ST(paycrypt_hmac_sha256(prk, 32, (const uint8_t *)"\001", 1, t1), OK);
    CHECK(memcmp(okm, t1, 32) == 0);
    /* empty salt == 32 zero bytes */
    CHECK_ST(paycrypt_hkdf_sha256(NULL, 0, ikm, 22, info, 10, okm, 42), OK);
    CHECK_ST(paycrypt_hkdf_sha256(zeros, 32, ikm, 22, info, 10, t1, 33), OK);
    CHECK(memcmp(okm, t1, 33) == 0);

    /* maximum length and one past */
    big = (uint8_t *)xmalloc(8161);
    big2 = (uint8_t *)xmalloc(8161);
    memset(big, 0xAA, 8161);
    CHECK_ST(paycrypt_hkdf_sha256(salt, 13, ikm, 22, info, 10, big, 8160), OK);
    CHECK(memcmp(big, ref, 42) == 0);
    CHECK(big[8160] == 0xAA);
    {   /* T(255) = HMAC(PRK, T(254) || info || 0xff) */
        uint8_t blk[32 + 10 + 1], t255[32];
        CHECK_ST(paycrypt_hmac_sha256(salt, 13, ikm, 22, prk), OK);
        memcpy(blk, big + 8160 - 64, 32);
        memcpy(blk + 32, info, 10);
        blk[42] = 0xff;
        CHECK_ST(paycrypt_hmac_sha256(prk, 32, blk, 43, t255), OK);
        CHECK(memcmp(big + 8160 - 32, t255, 32) == 0);
    }
    memset(big2, 0xAA, 8161);
    CHECK_ST(paycrypt_hkdf_sha256(salt, 13, ikm, 22, info, 10, big2, 8161), E_LONG);
    CHECK(all_eq(big2, 8161, 0xAA));
    CHECK_ST(paycrypt_hkdf_sha256(NULL, 0, NULL, 0, NULL, 0, big2, 8161), E_LONG);
    CHECK(all_eq(big2, 8161, 0xAA));

    /* okm overlapping an input: OVERLAP, nothing written */
    memcpy(big, ikm, 22);
    CHECK_ST(paycrypt_hkdf_sha256(salt, 13, big, 22, info, 10, big, 42), E_OVERLAP);
    CHECK(memcmp(big, ikm, 22) == 0);
    memset(big, 0x77, 200);
    memcpy(big + 100, salt, 13);
    CHECK_ST(paycrypt_hkdf_sha256(big + 100, 13, ikm, 22, info, 10, big + 60, 42), E_OVERLAP);
    CHECK(all_eq(big, 100, 0x77) && memcmp(big + 100, salt, 13) == 0);
    memset(big, 0x77, 200);
    memcpy(big + 100, info, 10);
    CHECK_ST(paycrypt_hkdf_sha256(salt, 13, ikm, 22, big + 100, 10, big + 109, 42), E_OVERLAP);
    CHECK(memcmp(big + 100, info, 10) == 0 && all_eq(big + 110, 42, 0x77));
    /* adjacent is fine */
    CHECK_ST(paycrypt_hkdf_sha256(salt, 13, ikm, 22, big + 100, 10, big + 110, 42), OK);
    CHECK(memcmp(big + 110, ref, 42) == 0);
    CHECK_ST(paycrypt_hkdf_sha256(salt, 13, ikm, 22, big + 100, 10, big + 58, 42), OK);
    CHECK(memcmp(big + 58, ref, 42) == 0);
    free(big);
    free(big2);
}

static void test_ct_equal_wipe_random(void)
{
    uint8_t a[1000], b[1000], r1[32], r2[32], buf[100];
    size_t i;

    for (i = 0; i < sizeof a; i++)
        a[i] = b[i] = (uint8_t)(i * 31 + 7);
    /* ct_equal */
    CHECK_ST(paycrypt_ct_equal(a, b, 1), OK);
    CHECK_ST(paycrypt_ct_equal(a, b, 32), OK);
    CHECK_ST(paycrypt_ct_equal(a, b, sizeof a), OK);
    CHECK_ST(paycrypt_ct_equal(a, a, sizeof a), OK);
    CHECK_ST(paycrypt_ct_equal(NULL, NULL, 0), OK);
    CHECK_ST(paycrypt_ct_equal(a, NULL, 0), OK);
    CHECK_ST(paycrypt_ct_equal(NULL, b, 0), OK);
    CHECK_ST(paycrypt_ct_equal(a, b, 0), OK);
    CHECK_ST(paycrypt_ct_equal(NULL, b, 1), E_NULL);
    CHECK_ST(paycrypt_ct_equal(a, NULL, 1), E_NULL);
    CHECK_ST(paycrypt_ct_equal(NULL, NULL, 1), E_NULL);
    b[0] ^= 1;
    CHECK_ST(paycrypt_ct_equal(a, b, 1), E_VERIFY);
    CHECK_ST(paycrypt_ct_equal(a, b, sizeof a), E_VERIFY);
    CHECK_ST(paycrypt_ct_equal(a + 1, b + 1, sizeof a - 1), OK);
    b[0] ^= 1;
    b[999] ^= 0x80;
    CHECK_ST(paycrypt_ct_equal(a, b, sizeof a), E_VERIFY);
    CHECK_ST(paycrypt_ct_equal(a, b, 999), OK);
    b[999] ^= 0x80;
    b[500] = (uint8_t)~b[500];
    CHECK_ST(paycrypt_ct_equal(a, b, sizeof a), E_VERIFY);
    CHECK_ST(paycrypt_ct_equal(b, a, sizeof a), E_VERIFY);

    /* wipe */
    memset(buf, 0xFF, sizeof buf);
    paycrypt_wipe(buf + 10, 50);
    CHECK(all_eq(buf, 10, 0xFF) && ALL_ZERO(buf + 10, 50) && all_eq(buf + 60, 40, 0xFF));
    paycrypt_wipe(buf, 0);
    CHECK(buf[0] == 0xFF);
    paycrypt_wipe(NULL, 0);
    paycrypt_wipe(NULL, 10); /* documented no-op */
    paycrypt_wipe(buf, sizeof buf);
    CHECK(ALL_ZERO(buf, sizeof buf));
    {
        uint8_t *h = (uint8_t *)xmalloc(4097);
        memset(h, 0x11, 4097);
        paycrypt_wipe(h + 1, 4096);
        CHECK(h[0] == 0x11 && ALL_ZERO(h + 1, 4096));
        free(h);
    }

    /* random_bytes */
    memset(r1, 0, sizeof r1);
    memset(r2, 0, sizeof r2);
    CHECK_ST(paycrypt_random_bytes(r1, 32), OK);
    CHECK_ST(paycrypt_random_bytes(r2, 32), OK);
    CHECK(memcmp(r1, r2, 32) != 0);
    CHECK(!ALL_ZERO(r1, 32) && !ALL_ZERO(r2, 32));
    CHECK_ST(paycrypt_random_bytes(NULL, 0), OK);
    CHECK_ST(paycrypt_random_bytes(NULL, 32), E_NULL);
    memset(buf, 0x5C, sizeof buf);
    CHECK_ST(paycrypt_random_bytes(buf, 0), OK);
    CHECK(all_eq(buf, sizeof buf, 0x5C));
    CHECK_ST(paycrypt_random_bytes(buf + 1, 64), OK);
    CHECK(buf[0] == 0x5C && all_eq(buf + 65, 35, 0x5C));
    CHECK(!all_eq(buf + 1, 64, 0x5C));
    {
        uint8_t *h = (uint8_t *)xmalloc(100000);
        size_t counts[256] = {0}, mx = 0;
        CHECK_ST(paycrypt_random_bytes(h, 100000), OK);
        for (i = 0; i < 100000; i++)
            counts[h[i]]++;
        for (i = 0; i < 256; i++)
            if (counts[i] > mx)
                mx = counts[i];
        CHECK(mx < 600); /* expected ~391 per value; a stuck generator fails */
        free(h);
    }
}

/* ---- Payment protocols ---- */

/* The Stripe-style header for (t, payload) under k, from the primitives:
   "t=<t>,v1=<lowercase hex of HMAC(k, "<t>." || payload)>" and a NUL in
   out; returns its length. */
static size_t webhook_ref(const paycrypt_hmac_key *k, int64_t t, const uint8_t *p, size_t n,
                          char out[100])
{
    char ts[24], hex[65];
    int tl = snprintf(ts, sizeof ts, "%lld", (long long)t);
    uint8_t *m = (uint8_t *)xmalloc((size_t)tl + 1 + n);
    memcpy(m, ts, (size_t)tl);
    m[tl] = '.';
    if (n)
        memcpy(m + tl + 1, p, n);
    memset(hex, 0, sizeof hex);
    CHECK_ST(paycrypt_hmac_key_sign_hex(k, m, (size_t)tl + 1 + n, hex), OK);
    free(m);
    return (size_t)snprintf(out, 100, "t=%s,v1=%s", ts, hex);
}

/* webhook_sign(k, t, p) must write want (len characters) and a NUL, with
   *out_len = len; with less room (also none, and out = NULL) it must
   report len + 1 and write nothing. */
static void webhook_sign_checks(const paycrypt_hmac_key *k, int64_t t, const uint8_t *p, size_t n,
                                const char *want, size_t len)
{
    char *out = (char *)xmalloc(len + 1); /* exact size: overruns are seen */
    char *g = (char *)xmalloc(len + 33);
    size_t caps[4], ol, i;

    memset(out, 0x5C, len + 1);
    ol = 0;
    CHECK_ST(paycrypt_webhook_sign(k, t, n ? p : NULL, n, out, len + 1, &ol), OK);
    CHECK(ol == len && memcmp(out, want, len) == 0 && out[len] == '\0');
    memset(g, 0x5C, len + 33);
    ol = 0;
    CHECK_ST(paycrypt_webhook_sign(k, t, p, n, g, len + 33, &ol), OK);
    CHECK(ol == len && memcmp(g, want, len) == 0 && g[len] == '\0' && all_eq(g + len + 1, 32, 0x5C));
    caps[0] = len; /* room for the text but not the NUL */
    caps[1] = len - 1;
    caps[2] = 1;
    caps[3] = 0;
    for (i = 0; i < 4; i++) {
        memset(g, 0x5C, len + 33);
        ol = 0;
        CHECK_ST(paycrypt_webhook_sign(k, t, p, n, g, caps[i], &ol), E_SMALL);
        CHECK(ol == len + 1 && all_eq(g, len + 33, 0x5C));
    }
    ol = 0;
    CHECK_ST(paycrypt_webhook_sign(k, t, p, n, NULL, 0, &ol), E_SMALL);
    CHECK(ol == len + 1);
    free(out);
    free(g);
}

/* webhook_verify over an exact-size heap copy of the text s (no NUL). */
static int wh_verify(const paycrypt_hmac_key *k, const char *s, const uint8_t *p, size_t n,
                     int64_t now, uint32_t tol)
{
    size_t len = strlen(s);
    char *h = (char *)xmalloc(len);
    int st;
    memcpy(h, s, len);
    st = paycrypt_webhook_verify(k, h, len, p, n, now, tol);
    free(h);
    return st;
}

static void test_webhook_api(void)
{
    static const uint8_t secret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static const uint8_t body[] = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"charge.succeeded\"}";
    static const struct {
        int64_t t;
        size_t len;
    } ext[] = {{INT64_MIN, 90}, {INT64_MIN + 1, 90}, {INT64_MAX, 89}, {-1, 72},
               {0, 71},         {10, 72},            {1735689600, 80}};
    const size_t sl = sizeof secret - 1, bl = sizeof body - 1;
    const int64_t t0 = 1735689600, U = (int64_t)UINT32_MAX;
    paycrypt_hmac_key k, kz;
    char ref[100], ref0[100], buf[200], wrong[65], upper[65], *h;
    const char *hex;
    size_t rl, rl0, hl, i;

    memset(&kz, 0, sizeof kz);
    GARBAGE(k);
    CHECK_ST(paycrypt_hmac_key_init(&k, secret, sl), OK);

    /* ---- sign ---- */
    rl = webhook_ref(&k, t0, body, bl, ref);
    CHECK(rl == 80 && memcmp(ref, "t=1735689600,v1=", 16) == 0);
    webhook_sign_checks(&k, t0, body, bl, ref, rl);
    CHECK_ST(paycrypt_webhook_sign(NULL, t0, body, bl, buf, sizeof buf, &hl), E_NULL);
    CHECK_ST(paycrypt_webhook_sign(&k, t0, NULL, bl, buf, sizeof buf, &hl), E_NULL);
    CHECK_ST(paycrypt_webhook_sign(&k, t0, body, bl, NULL, sizeof buf, &hl), E_NULL);
    CHECK_ST(paycrypt_webhook_sign(&k, t0, body, bl, buf, sizeof buf, NULL), E_NULL);
    CHECK_ST(paycrypt_webhook_sign(&k, t0, body, bl, NULL, 0, NULL), E_NULL);
    CHECK_ST(paycrypt_webhook_sign(&kz, t0, body, bl, buf, sizeof buf, &hl), E_UNINIT);
    /* empty payload, NULL or not */
    rl0 = webhook_ref(&k, t0, NULL, 0, ref0);
    CHECK(rl0 == 80 && memcmp(ref0, ref, rl) != 0);
    webhook_sign_checks(&k, t0, NULL, 0, ref0, rl0);
    webhook_sign_checks(&k, t0, body, 0, ref0, rl0);
    /* timestamps: INT64_MIN needs the most room, 91 bytes with the NUL */
    for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        rl = webhook_ref(&k, ext[i].t, body, bl, buf);
        CHECK(rl == ext[i].len);
        webhook_sign_checks(&k, ext[i].t, body, bl, buf, rl);
        /* round trip, with and without a time check */
        CHECK_ST(wh_verify(&k, buf, body, bl, ext[i].t, 0), OK);
        CHECK_ST(wh_verify(&k, buf, body, bl, ext[i].t, 1), OK);
        CHECK_ST(wh_verify(&k, buf, body, bl, ext[i].t, UINT32_MAX), OK);
        CHECK_ST(wh_verify(&k, buf, body, bl, t0, 0), OK);
        CHECK_ST(wh_verify(&k, buf, NULL, 0, ext[i].t, 0), E_VERIFY);
    }
    hl = 0;
    CHECK_ST(paycrypt_webhook_sign(&k, INT64_MIN, body, bl, NULL, 0, &hl), E_SMALL);
    CHECK(hl == 91);
    memset(buf, 0x5C, sizeof buf);
    hl = 0;
    CHECK_ST(paycrypt_webhook_sign(&k, INT64_MIN, body, bl, buf, 90, &hl), E_SMALL);
    CHECK(hl == 91 && all_eq(buf, sizeof buf, 0x5C));
    CHECK_ST(paycrypt_webhook_sign(&k, INT64_MIN, body, bl, buf, 91, &hl), OK);
    CHECK(hl == 90 && buf[90] == '\0' && memcmp(buf, "t=-9223372036854775808,v1=", 26) == 0);
    CHECK_ST(paycrypt_webhook_sign(&k, INT64_MAX, body, bl, buf, 90, &hl), OK);
    CHECK(hl == 89 && buf[89] == '\0' && memcmp(buf, "t=9223372036854775807,v1=", 25) == 0);

    /* ---- verify: arguments ---- */
    rl = webhook_ref(&k, t0, body, bl, ref);
    h = (char *)xmalloc(rl);
    memcpy(h, ref, rl); /* exact size, not NUL-terminated */
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, t0 + 17, 300), OK);
    CHECK_ST(paycrypt_webhook_verify(NULL, h, rl, body, bl, t0, 300), E_NULL);
    CHECK_ST(paycrypt_webhook_verify(&k, NULL, rl, body, bl, t0, 300), E_NULL);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, NULL, bl, t0, 300), E_NULL);
    CHECK_ST(paycrypt_webhook_verify(&kz, h, rl, body, bl, t0, 300), E_UNINIT);
    /* the empty header (NULL or not) is malformed */
    CHECK_ST(paycrypt_webhook_verify(&k, NULL, 0, body, bl, t0, 300), E_MALFORMED);
    CHECK_ST(paycrypt_webhook_verify(&k, h, 0, body, bl, t0, 300), E_MALFORMED);
    CHECK_ST(paycrypt_webhook_verify(&k, NULL, 0, NULL, 0, t0, 0), E_MALFORMED);
    /* the empty payload, NULL or not */
    CHECK_ST(wh_verify(&k, ref0, NULL, 0, t0, 300), OK);
    CHECK_ST(wh_verify(&k, ref0, body, 0, t0, 300), OK);
    CHECK_ST(wh_verify(&k, ref0, body, bl, t0, 300), E_VERIFY);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, NULL, 0, t0, 300), E_VERIFY);
    /* a header cut by one character: its v1 has 63 digits, no candidate */
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl - 1, body, bl, t0, 300), E_MALFORMED);
    /* tampered body or signature: VERIFY_FAILED, also outside the window */
    {
        uint8_t b2[sizeof body];
        memcpy(b2, body, sizeof body);
        b2[5] ^= 0x01;
        CHECK_ST(paycrypt_webhook_verify(&k, h, rl, b2, bl, t0, 300), E_VERIFY);
        CHECK_ST(paycrypt_webhook_verify(&k, h, rl, b2, bl, t0 + 100000, 300), E_VERIFY);
        CHECK_ST(paycrypt_webhook_verify(&k, h, rl, b2, bl, t0, 0), E_VERIFY);
        CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl - 1, t0, 300), E_VERIFY);
    }
    h[rl - 1] = h[rl - 1] == '0' ? '1' : '0';
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, t0, 300), E_VERIFY);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, t0 + 100000, 300), E_VERIFY);
    h[rl - 1] = ref[rl - 1];

    /* ---- verify: time window ---- */
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, t0 + 300, 300), OK);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, t0 + 301, 300), E_EXPIRED);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, t0 - 300, 300), OK);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, t0 - 301, 300), E_EXPIRED);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, t0 + 1, 1), OK);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, t0 + 2, 1), E_EXPIRED);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, t0 - 2, 1), E_EXPIRED);
    /* tolerance 0: no time check, however far now is */
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, INT64_MAX, 0), OK);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, INT64_MIN, 0), OK);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, 0, 0), OK);
    /* tolerance UINT32_MAX */
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, t0 + U, UINT32_MAX), OK);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, t0 + U + 1, UINT32_MAX), E_EXPIRED);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, t0 - U, UINT32_MAX), OK);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, t0 - U - 1, UINT32_MAX), E_EXPIRED);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, INT64_MAX, UINT32_MAX), E_EXPIRED);
    CHECK_ST(paycrypt_webhook_verify(&k, h, rl, body, bl, INT64_MIN, UINT32_MAX), E_EXPIRED);
    free(h);
    /* t at the int64 ends: |now - t| does not fit an int64 */
    for (i = 0; i < 2; i++) {
        const int64_t t = i ? INT64_MAX : INT64_MIN, far = i ? INT64_MIN : INT64_MAX;
        const int64_t edge = i ? INT64_MAX - U : INT64_MIN + U;
        const int64_t past = i ? edge - 1 : edge + 1;
        rl = webhook_ref(&k, t, body, bl, ref);
        CHECK_ST(wh_verify(&k, ref, body, bl, far, UINT32_MAX), E_EXPIRED);
        CHECK_ST(wh_verify(&k, ref, body, bl, far, 1), E_EXPIRED);
        CHECK_ST(wh_verify(&k, ref, body, bl, far, 0), OK);
        CHECK_ST(wh_verify(&k, ref, body, bl, edge, UINT32_MAX), OK);
        CHECK_ST(wh_verify(&k, ref, body, bl, past, UINT32_MAX), E_EXPIRED);
        CHECK_ST(wh_verify(&k, ref, body, bl, 0, 300), E_EXPIRED);
        CHECK_ST(wh_verify(&k, ref, body, bl, t, 300), OK);
    }
    /* t = 0 and now UINT32_MAX away, either side */
    rl = webhook_ref(&k, 0, body, bl, ref);
    CHECK_ST(wh_verify(&k, ref, body, bl, U, UINT32_MAX), OK);
    CHECK_ST(wh_verify(&k, ref, body, bl, U + 1, UINT32_MAX), E_EXPIRED);
    CHECK_ST(wh_verify(&k, ref, body, bl, -U, UINT32_MAX), OK);
    CHECK_ST(wh_verify(&k, ref, body, bl, -U - 1, UINT32_MAX), E_EXPIRED);

    /* ---- verify: header shapes ---- */
    rl = webhook_ref(&k, t0, body, bl, ref);
    hex = ref + rl - 64;
    memcpy(wrong, hex, 65);
    wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
    for (i = 0; i < 65; i++)
        upper[i] = (char)(hex[i] >= 'a' && hex[i] <= 'f' ? hex[i] - 32 : hex[i]);
    snprintf(buf, sizeof buf, "v1=%s,t=%lld", hex, (long long)t0);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 300), OK);
    snprintf(buf, sizeof buf, "t=%lld,v0=%s,v1=%s", (long long)t0, wrong, hex);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 300), OK);
    snprintf(buf, sizeof buf, "t=%lld,v1=%s,v1=%s", (long long)t0, wrong, hex);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 300), OK);
    snprintf(buf, sizeof buf, "t=%lld,v1=%s,v1=%s", (long long)t0, hex, wrong);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 300), OK);
    snprintf(buf, sizeof buf, "t=%lld,v1=%s,v1=%s", (long long)t0, wrong, wrong);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 300), E_VERIFY);
    snprintf(buf, sizeof buf, "t=%lld,v1=%s", (long long)t0, wrong);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 300), E_VERIFY);
    snprintf(buf, sizeof buf, "t=%lld,v1=%s", (long long)t0, upper);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 300), OK);
    snprintf(buf, sizeof buf, "t=%lld,v1=%.63s,v1=%s", (long long)t0, wrong, hex);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 300), OK);
    /* malformed: repeated t, no t, no v1, only v0, element without '=' */
    snprintf(buf, sizeof buf, "t=%lld,t=%lld,v1=%s", (long long)t0, (long long)t0, hex);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 300), E_MALFORMED);
    snprintf(buf, sizeof buf, "v1=%s", hex);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 300), E_MALFORMED);
    snprintf(buf, sizeof buf, "t=%lld", (long long)t0);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 300), E_MALFORMED);
    snprintf(buf, sizeof buf, "t=%lld,v0=%s", (long long)t0, hex);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 300), E_MALFORMED);
    snprintf(buf, sizeof buf, "t=%lld,v1=%s,extra", (long long)t0, hex);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 300), E_MALFORMED);
    snprintf(buf, sizeof buf, "t=%lld,v1=%.63s", (long long)t0, hex);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 300), E_MALFORMED);
    snprintf(buf, sizeof buf, "t=,v1=%s", hex);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 0), E_MALFORMED);
    snprintf(buf, sizeof buf, "t=17356896OO,v1=%s", hex);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 0), E_MALFORMED);
    snprintf(buf, sizeof buf, "t=9223372036854775808,v1=%s", hex);
    CHECK_ST(wh_verify(&k, buf, body, bl, t0, 0), E_MALFORMED);

    /* ---- wiped key ---- */
    paycrypt_hmac_key_wipe(&k);
    CHECK(ALL_ZERO(&k, sizeof k));
    CHECK_ST(paycrypt_webhook_sign(&k, t0, body, bl, buf, sizeof buf, &hl), E_UNINIT);
    CHECK_ST(wh_verify(&k, ref, body, bl, t0, 300), E_UNINIT);
    CHECK_ST(wh_verify(&k, ref, body, bl, t0, 0), E_UNINIT);
}

static void test_github_api(void)
{
    /* GitHub's documented example ("Validating webhook deliveries") */
    static const uint8_t secret[] = "It's a Secret to Everybody";
    static const uint8_t body[] = "Hello, World!";
    static const char doc[] =
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    const size_t hl = sizeof doc - 1, bl = sizeof body - 1;
    paycrypt_hmac_key k, kz;
    char hdr[80], *h, *h2;
    size_t i;

    memset(&kz, 0, sizeof kz);
    CHECK(hl == 71);
    CHECK_ST(paycrypt_hmac_key_init(&k, secret, sizeof secret - 1), OK);
    h = (char *)xmalloc(hl);
    memcpy(h, doc, hl); /* exact size, not NUL-terminated */
    CHECK_ST(paycrypt_github_verify(&k, h, hl, body, bl), OK);
    /* NULLs, contexts */
    CHECK_ST(paycrypt_github_verify(NULL, h, hl, body, bl), E_NULL);
    CHECK_ST(paycrypt_github_verify(&k, NULL, hl, body, bl), E_NULL);
    CHECK_ST(paycrypt_github_verify(&k, h, hl, NULL, bl), E_NULL);
    CHECK_ST(paycrypt_github_verify(&kz, h, hl, body, bl), E_UNINIT);
    /* empty and cut headers */
    CHECK_ST(paycrypt_github_verify(&k, NULL, 0, body, bl), E_MALFORMED);
    CHECK_ST(paycrypt_github_verify(&k, h, 0, body, bl), E_MALFORMED);
    CHECK_ST(paycrypt_github_verify(&k, h, 7, body, bl), E_MALFORMED);
    CHECK_ST(paycrypt_github_verify(&k, h, 70, body, bl), E_MALFORMED);
    CHECK_ST(paycrypt_github_verify(&k, h + 7, 64, body, bl), E_MALFORMED);
    h2 = (char *)xmalloc(hl + 1);
    memcpy(h2, doc, hl);
    h2[hl] = '0';
    CHECK_ST(paycrypt_github_verify(&k, h2, hl + 1, body, bl), E_MALFORMED);
    free(h2);
    /* a bad character or separator */
    h[10] = 'g';
    CHECK_ST(paycrypt_github_verify(&k, h, hl, body, bl), E_MALFORMED);
    h[10] = doc[10];
    h[6] = ':';
    CHECK_ST(paycrypt_github_verify(&k, h, hl, body, bl), E_MALFORMED);
    h[6] = '=';
    /* tampered body or digit */
    CHECK_ST(paycrypt_github_verify(&k, h, hl, body, bl - 1), E_VERIFY);
    CHECK_ST(paycrypt_github_verify(&k, h, hl, NULL, 0), E_VERIFY);
    for (i = 7; i < hl; i += 21) {
        h[i] = h[i] == '0' ? '1' : '0';
        CHECK_ST(paycrypt_github_verify(&k, h, hl, body, bl), E_VERIFY);
        h[i] = doc[i];
    }
    /* the empty body, NULL or not */
    memcpy(hdr, "sha256=", 7);
    CHECK_ST(paycrypt_hmac_key_sign_hex(&k, NULL, 0, hdr + 7), OK);
    CHECK_ST(paycrypt_github_verify(&k, hdr, 71, NULL, 0), OK);
    CHECK_ST(paycrypt_github_verify(&k, hdr, 71, body, 0), OK);
    CHECK_ST(paycrypt_github_verify(&k, hdr, 71, body, bl), E_VERIFY);
    /* wiped key */
    paycrypt_hmac_key_wipe(&k);
    CHECK_ST(paycrypt_github_verify(&k, h, hl, body, bl), E_UNINIT);
    free(h);
}

/* Adyen's own test vector (Adyen Python library, UtilTest.py). */
static const char k_adyen_key[] = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
static const char *const k_adyen_item[8] = {"7914073381342284", "", "TestMerchant",
                                            "TestPayment-1407325143704", "1130", "EUR",
                                            "AUTHORISATION", "true"};
static const char k_adyen_sig[] = "coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=";

/* The eight fields joined with ':'. */
static bytes adyen_join(const paycrypt_slice f[8])
{
    size_t n = 7, i, o = 0;
    bytes b;
    for (i = 0; i < 8; i++)
        n += f[i].len;
    b.p = (uint8_t *)xmalloc(n);
    b.n = n;
    for (i = 0; i < 8; i++) {
        if (i)
            b.p[o++] = ':';
        if (f[i].len)
            memcpy(b.p + o, f[i].ptr, f[i].len);
        o += f[i].len;
    }
    return b;
}

/* base64(HMAC-SHA256(hex-decoded key_hex, msg)) and a NUL into out. */
static void adyen_ref(const char *key_hex, const uint8_t *msg, size_t n, char out[45])
{
    bytes key = H(key_hex);
    uint8_t tag[32];
    CHECK_ST(paycrypt_hmac_sha256(key.p, key.n, n ? msg : NULL, n, tag), OK);
    b64_encode(tag, 32, out);
    bytes_free(&key);
}

static void test_adyen_api(void)
{
    static const char digits[] = "0123456789abcdefFEDCBA9876543210";
    static const uint8_t body[] = "{\"type\":\"balancePlatform.transfer.updated\",\"data\":{}}";
    const size_t bl = sizeof body - 1;
    paycrypt_slice f[8];
    char out[64], ref[45], psig[45], *key, *sig, *ps, *lk;
    char lhex[260];
    size_t ol, i, j;
    bytes joined;

    for (i = 0; i < 8; i++) {
        f[i].ptr = (const uint8_t *)k_adyen_item[i];
        f[i].len = strlen(k_adyen_item[i]);
    }
    f[1].ptr = NULL; /* the empty originalReference as NULL */
    key = (char *)xmalloc(64);
    memcpy(key, k_adyen_key, 64); /* exact size, no NUL */
    sig = (char *)xmalloc(44);
    memcpy(sig, k_adyen_sig, 44);
    joined = adyen_join(f);
    adyen_ref(k_adyen_key, joined.p, joined.n, ref);
    CHECK(strcmp(ref, k_adyen_sig) == 0);
    bytes_free(&joined);

    /* ---- sign ---- */
    {
        char *o45 = (char *)xmalloc(45);
        memset(o45, 0x5C, 45);
        ol = 0;
        CHECK_ST(paycrypt_adyen_sign(key, 64, f, o45, 45, &ol), OK);
        CHECK(ol == 44 && memcmp(o45, k_adyen_sig, 45) == 0);
        free(o45);
    }
    memset(out, 0x5C, sizeof out);
    CHECK_ST(paycrypt_adyen_sign(key, 64, f, out, sizeof out, &ol), OK);
    CHECK(ol == 44 && memcmp(out, k_adyen_sig, 45) == 0 && all_eq(out + 45, sizeof out - 45, 0x5C));
    {
        static const size_t caps[] = {44, 43, 1, 0};
        for (i = 0; i < sizeof caps / sizeof caps[0]; i++) {
            memset(out, 0x5C, sizeof out);
            ol = 0;
            CHECK_ST(paycrypt_adyen_sign(key, 64, f, out, caps[i], &ol), E_SMALL);
            CHECK(ol == 45 && all_eq(out, sizeof out, 0x5C));
        }
    }
    ol = 0;
    CHECK_ST(paycrypt_adyen_sign(key, 64, f, NULL, 0, &ol), E_SMALL);
    CHECK(ol == 45);
    CHECK_ST(paycrypt_adyen_sign(NULL, 64, f, out, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_adyen_sign(key, 64, NULL, out, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_adyen_sign(key, 64, f, NULL, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_adyen_sign(key, 64, f, out, sizeof out, NULL), E_NULL);
    /* a NULL field pointer with a length */
    f[0].ptr = NULL;
    CHECK_ST(paycrypt_adyen_sign(key, 64, f, out, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_adyen_verify(key, 64, f, sig, 44), E_NULL);
    f[0].ptr = (const uint8_t *)k_adyen_item[0];
    f[7].ptr = NULL;
    CHECK_ST(paycrypt_adyen_sign(key, 64, f, out, sizeof out, &ol), E_NULL);
    CHECK_ST(paycrypt_adyen_verify(key, 64, f, sig, 44), E_NULL);
    f[7].ptr = (const uint8_t *)k_adyen_item[7];
    /* the empty field with a non-NULL pointer is the same */
    f[1].ptr = (const uint8_t *)"x";
    CHECK_ST(paycrypt_adyen_sign(key, 64, f, out, sizeof out, &ol), OK);
    CHECK(ol == 44 && strcmp(out, k_adyen_sig) == 0);
    f[1].ptr = NULL;
    /* key case does not matter */
    lk = (char *)xmalloc(64);
    for (i = 0; i < 64; i++)
        lk[i] = (char)(key[i] >= 'A' && key[i] <= 'F' ? key[i] + 32 : key[i]);
    CHECK_ST(paycrypt_adyen_sign(lk, 64, f, out, sizeof out, &ol), OK);
    CHECK(ol == 44 && strcmp(out, k_adyen_sig) == 0);
    CHECK_ST(paycrypt_adyen_verify(lk, 64, f, sig, 44), OK);
    for (i = 0; i < 64; i += 3)
        lk[i] = key[i];
    CHECK_ST(paycrypt_adyen_sign(lk, 64, f, out, sizeof out, &ol), OK);
    CHECK(ol == 44 && strcmp(out, k_adyen_sig) == 0);
    free(lk);

    /* ---- key lengths and digits (sign, verify, payload_verify) ---- */
    for (i = 0; i < 256; i++)
        lhex[i] = digits[(i * 7) % 32];
    lhex[256] = '\0';
    {
        static const size_t good[] = {2, 64, 126, 128};
        static const size_t too_long[] = {129, 130, 132, 256};
        static const size_t odd[] = {1, 3, 63, 127};
        char *kk = (char *)xmalloc(256);
        memcpy(kk, lhex, 256);
        for (i = 0; i < sizeof good / sizeof good[0]; i++) {
            char tmp[130], r[45];
            memcpy(tmp, lhex, good[i]);
            tmp[good[i]] = '\0';
            joined = adyen_join(f);
            adyen_ref(tmp, joined.p, joined.n, r);
            CHECK_ST(paycrypt_adyen_sign(kk, good[i], f, out, sizeof out, &ol), OK);
            CHECK(ol == 44 && strcmp(out, r) == 0);
            CHECK_ST(paycrypt_adyen_verify(kk, good[i], f, r, 44), OK);
            bytes_free(&joined);
        }
        for (i = 0; i < sizeof too_long / sizeof too_long[0]; i++) {
            CHECK_ST(paycrypt_adyen_sign(kk, too_long[i], f, out, sizeof out, &ol), E_KEYLEN);
            CHECK_ST(paycrypt_adyen_verify(kk, too_long[i], f, sig, 44), E_KEYLEN);
            CHECK_ST(paycrypt_adyen_payload_verify(kk, too_long[i], body, bl, sig, 44), E_KEYLEN);
        }
        for (i = 0; i < sizeof odd / sizeof odd[0]; i++) {
            CHECK_ST(paycrypt_adyen_sign(kk, odd[i], f, out, sizeof out, &ol), E_MALFORMED);
            CHECK_ST(paycrypt_adyen_verify(kk, odd[i], f, sig, 44), E_MALFORMED);
            CHECK_ST(paycrypt_adyen_payload_verify(kk, odd[i], body, bl, sig, 44), E_MALFORMED);
        }
        free(kk);
    }
    CHECK_ST(paycrypt_adyen_sign(NULL, 0, f, out, sizeof out, &ol), E_KEYLEN);
    CHECK_ST(paycrypt_adyen_sign(key, 0, f, out, sizeof out, &ol), E_KEYLEN);
    CHECK_ST(paycrypt_adyen_verify(NULL, 0, f, sig, 44), E_KEYLEN);
    CHECK_ST(paycrypt_adyen_verify(key, 0, f, sig, 44), E_KEYLEN);
    CHECK_ST(paycrypt_adyen_payload_verify(NULL, 0, body, bl, sig, 44), E_KEYLEN);
    CHECK_ST(paycrypt_adyen_payload_verify(key, 0, body, bl, sig, 44), E_KEYLEN);
    {
        static const char bad[] = {'g', 'G', ' ', ':', '\0', '/', '@', '`', '-'};
        static const size_t pos[] = {0, 31, 63};
        for (i = 0; i < sizeof bad; i++)
            for (j = 0; j < sizeof pos / sizeof pos[0]; j++) {
                key[pos[j]] = bad[i];
                CHECK_ST(paycrypt_adyen_sign(key, 64, f, out, sizeof out, &ol), E_MALFORMED);
                CHECK_ST(paycrypt_adyen_verify(key, 64, f, sig, 44), E_MALFORMED);
                CHECK_ST(paycrypt_adyen_payload_verify(key, 64, body, bl, sig, 44), E_MALFORMED);
                key[pos[j]] = k_adyen_key[pos[j]];
            }
    }

    /* ---- verify ---- */
    CHECK_ST(paycrypt_adyen_verify(key, 64, f, sig, 44), OK);
    CHECK_ST(paycrypt_adyen_verify(NULL, 64, f, sig, 44), E_NULL);
    CHECK_ST(paycrypt_adyen_verify(key, 64, NULL, sig, 44), E_NULL);
    CHECK_ST(paycrypt_adyen_verify(key, 64, f, NULL, 44), E_NULL);
    /* empty, cut, padded wrongly, non-canonical, url-safe */
    CHECK_ST(paycrypt_adyen_verify(key, 64, f, NULL, 0), E_MALFORMED);
    CHECK_ST(paycrypt_adyen_verify(key, 64, f, sig, 0), E_MALFORMED);
    CHECK_ST(paycrypt_adyen_verify(key, 64, f, sig, 43), E_MALFORMED);
    CHECK_ST(paycrypt_adyen_verify(key, 64, f, sig, 40), E_MALFORMED);
    {
        char *s2 = (char *)xmalloc(48);
        memcpy(s2, k_adyen_sig, 44);
        s2[44] = '\n';
        CHECK_ST(paycrypt_adyen_verify(key, 64, f, s2, 45), E_MALFORMED);
        memcpy(s2 + 44, "AAAA", 4); /* 48 characters, 35 bytes */
        CHECK_ST(paycrypt_adyen_verify(key, 64, f, s2, 48), E_MALFORMED);
        memcpy(s2, k_adyen_sig, 44);
        s2[42] = '1'; /* '0' -> '1': an unused low bit set */
        CHECK_ST(paycrypt_adyen_verify(key, 64, f, s2, 44), E_MALFORMED);
        memcpy(s2, k_adyen_sig, 44);
        s2[6] = '_'; /* url-safe digit for '/' */
        CHECK_ST(paycrypt_adyen_verify(key, 64, f, s2, 44), E_MALFORMED);
        memcpy(s2, k_adyen_sig, 44);
        s2[20] = '=';
        CHECK_ST(paycrypt_adyen_verify(key, 64, f, s2, 44), E_MALFORMED);
        /* a different, well-formed signature */
        memcpy(s2, k_adyen_sig, 44);
        s2[0] = 'd';
        CHECK_ST(paycrypt_adyen_verify(key, 64, f, s2, 44), E_VERIFY);
        free(s2);
    }
    /* tampered value; a field moved across a colon is the same string */
    f[4].ptr = (const uint8_t *)"1131";
    CHECK_ST(paycrypt_adyen_verify(key, 64, f, sig, 44), E_VERIFY);
    f[4].ptr = (const uint8_t *)k_adyen_item[4];
    f[5].len = 2;
    CHECK_ST(paycrypt_adyen_verify(key, 64, f, sig, 44), E_VERIFY);
    f[5].len = 3;
    f[1].ptr = (const uint8_t *)"x";
    f[1].len = 1;
    CHECK_ST(paycrypt_adyen_verify(key, 64, f, sig, 44), E_VERIFY);
    f[1].ptr = NULL;
    f[1].len = 0;
    CHECK_ST(paycrypt_adyen_verify(key, 64, f, sig, 44), OK);

    /* ---- payload_verify ---- */
    adyen_ref(k_adyen_key, body, bl, psig);
    ps = (char *)xmalloc(44);
    memcpy(ps, psig, 44);
    CHECK_ST(paycrypt_adyen_payload_verify(key, 64, body, bl, ps, 44), OK);
    CHECK_ST(paycrypt_adyen_payload_verify(NULL, 64, body, bl, ps, 44), E_NULL);
    CHECK_ST(paycrypt_adyen_payload_verify(key, 64, NULL, bl, ps, 44), E_NULL);
    CHECK_ST(paycrypt_adyen_payload_verify(key, 64, body, bl, NULL, 44), E_NULL);
    CHECK_ST(paycrypt_adyen_payload_verify(key, 64, body, bl, NULL, 0), E_MALFORMED);
    CHECK_ST(paycrypt_adyen_payload_verify(key, 64, body, bl, ps, 0), E_MALFORMED);
    CHECK_ST(paycrypt_adyen_payload_verify(key, 64, body, bl, ps, 43), E_MALFORMED);
    CHECK_ST(paycrypt_adyen_payload_verify(key, 64, body, bl - 1, ps, 44), E_VERIFY);
    CHECK_ST(paycrypt_adyen_payload_verify(key, 64, NULL, 0, ps, 44), E_VERIFY);
    CHECK_ST(paycrypt_adyen_payload_verify(key, 64, body, bl, sig, 44), E_VERIFY);
    /* the empty body, NULL or not */
    adyen_ref(k_adyen_key, NULL, 0, psig);
    memcpy(ps, psig, 44);
    CHECK_ST(paycrypt_adyen_payload_verify(key, 64, NULL, 0, ps, 44), OK);
    CHECK_ST(paycrypt_adyen_payload_verify(key, 64, body, 0, ps, 44), OK);
    free(ps);
    free(key);
    free(sig);
}

static int kv_cmp(const void *a, const void *b)
{
    const paycrypt_kv *x = (const paycrypt_kv *)a, *y = (const paycrypt_kv *)b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = n ? memcmp(x->key, y->key, n) : 0;
    if (c)
        return c;
    return (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

/* The WeChat Pay v2 HMAC-SHA256 sign from the primitives: sorted by name
   (bytes), empty values and "sign" dropped, k=v joined with '&', then
   "key=<api key>"; 64 uppercase hex digits and a NUL into out. */
static void wechat_ref(const uint8_t *api, size_t al, const paycrypt_kv *kv, size_t n, char out[65])
{
    paycrypt_kv *s = (paycrypt_kv *)xmalloc(n * sizeof *s);
    size_t cap = al + 5, i, o = 0;
    uint8_t *m, tag[32];
    if (n) {
        memcpy(s, kv, n * sizeof *s);
        qsort(s, n, sizeof *s, kv_cmp);
    }
    for (i = 0; i < n; i++)
        cap += s[i].key_len + s[i].value_len + 2;
    m = (uint8_t *)xmalloc(cap);
    for (i = 0; i < n; i++) {
        if (s[i].value_len == 0 || (s[i].key_len == 4 && memcmp(s[i].key, "sign", 4) == 0))
            continue;
        memcpy(m + o, s[i].key, s[i].key_len);
        o += s[i].key_len;
        m[o++] = '=';
        memcpy(m + o, s[i].value, s[i].value_len);
        o += s[i].value_len;
        m[o++] = '&';
    }
    memcpy(m + o, "key=", 4);
    o += 4;
    if (al)
        memcpy(m + o, api, al);
    o += al;
    CHECK_ST(paycrypt_hmac_sha256(al ? api : NULL, al, m, o, tag), OK);
    hex_encode(tag, 32, out, 1);
    free(s);
    free(m);
}

static void set_kv(paycrypt_kv *kv, const char *k, size_t kl, const char *v, size_t vl)
{
    kv->key = k;
    kv->key_len = kl;
    kv->value = v;
    kv->value_len = vl;
}

static void test_wechatpay_v2_api(void)
{
    /* WeChat Pay's documented sample (API v2 security specification) */
    static const char api[] = "192006250b4c09247ec02edce69f6a2d";
    static const char *const doc[5][2] = {{"appid", "wxd930ea5d5a258f4f"},
                                          {"mch_id", "10000100"},
                                          {"device_info", "1000"},
                                          {"body", "test"},
                                          {"nonce_str", "ibuaiVcKdpRxkhJA"}};
    static const char doc_sign[] = "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6";
    const uint8_t *ak = (const uint8_t *)api;
    const size_t al = sizeof api - 1;
    paycrypt_kv kv[8], rev[5], *many;
    char out[80], ref[65], *sg, *s2, *names, *vals;
    size_t i, j;

    for (i = 0; i < 5; i++)
        set_kv(&kv[i], doc[i][0], strlen(doc[i][0]), doc[i][1], strlen(doc[i][1]));

    /* ---- sign: the sample, exactly 65 bytes written ---- */
    {
        char *o65 = (char *)xmalloc(65);
        memset(o65, 0x5C, 65);
        CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, kv, 5, o65), OK);
        CHECK(memcmp(o65, doc_sign, 65) == 0);
        free(o65);
    }
    memset(out, 0x5C, sizeof out);
    CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, kv, 5, out), OK);
    CHECK(memcmp(out, doc_sign, 65) == 0 && all_eq(out + 65, sizeof out - 65, 0x5C));
    wechat_ref(ak, al, kv, 5, ref);
    CHECK(strcmp(ref, doc_sign) == 0);
    /* the order of the parameters does not matter */
    for (i = 0; i < 5; i++)
        rev[i] = kv[4 - i];
    CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, rev, 5, out), OK);
    CHECK(strcmp(out, doc_sign) == 0);

    /* ---- verify ---- */
    sg = (char *)xmalloc(64);
    memcpy(sg, doc_sign, 64); /* exact size, no NUL */
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, sg, 64), OK);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, rev, 5, sg, 64), OK);
    for (i = 0; i < 64; i++)
        sg[i] = (char)(sg[i] >= 'A' && sg[i] <= 'F' ? sg[i] + 32 : sg[i]);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, sg, 64), OK);
    for (i = 0; i < 64; i += 2)
        sg[i] = doc_sign[i];
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, sg, 64), OK);
    memcpy(sg, doc_sign, 64);
    /* sign text: empty, cut, long, non-hex, wrong */
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, NULL, 0), E_MALFORMED);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, sg, 0), E_MALFORMED);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, sg, 63), E_MALFORMED);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, sg, 32), E_MALFORMED);
    s2 = (char *)xmalloc(65);
    memcpy(s2, doc_sign, 64);
    s2[64] = '0';
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, s2, 65), E_MALFORMED);
    s2[64] = ' ';
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, s2, 65), E_MALFORMED);
    free(s2);
    sg[17] = 'G';
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, sg, 64), E_MALFORMED);
    sg[17] = doc_sign[17] == '0' ? '1' : '0';
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, sg, 64), E_VERIFY);
    sg[17] = doc_sign[17];
    /* tampered value, wrong key, parameter added or removed */
    kv[1].value = "10000101";
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, sg, 64), E_VERIFY);
    kv[1].value = doc[1][1];
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al - 1, kv, 5, sg, 64), E_VERIFY);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 4, sg, 64), E_VERIFY);
    set_kv(&kv[5], "attach", 6, "x", 1);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 6, sg, 64), E_VERIFY);

    /* ---- NULLs ---- */
    CHECK_ST(paycrypt_wechatpay_v2_sign(NULL, al, kv, 5, out), E_NULL);
    CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, NULL, 5, out), E_NULL);
    CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, kv, 5, NULL), E_NULL);
    CHECK_ST(paycrypt_wechatpay_v2_verify(NULL, al, kv, 5, sg, 64), E_NULL);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, NULL, 5, sg, 64), E_NULL);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, NULL, 64), E_NULL);
    kv[2].key = NULL; /* a NULL name with a length */
    CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, kv, 5, out), E_NULL);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, sg, 64), E_NULL);
    kv[2].key = doc[2][0];
    kv[3].value = NULL; /* a NULL value with a length */
    CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, kv, 5, out), E_NULL);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, sg, 64), E_NULL);
    kv[3].value = doc[3][1];

    /* ---- empty API key ---- */
    CHECK_ST(paycrypt_wechatpay_v2_sign(NULL, 0, kv, 5, out), E_KEYLEN);
    CHECK_ST(paycrypt_wechatpay_v2_sign(ak, 0, kv, 5, out), E_KEYLEN);
    CHECK_ST(paycrypt_wechatpay_v2_verify(NULL, 0, kv, 5, sg, 64), E_KEYLEN);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, 0, kv, 5, sg, 64), E_KEYLEN);

    /* ---- empty values (NULL or not) and "sign" are dropped ---- */
    set_kv(&kv[5], "attach", 6, NULL, 0);
    CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, kv, 6, out), OK);
    CHECK(strcmp(out, doc_sign) == 0);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 6, sg, 64), OK);
    set_kv(&kv[5], "attach", 6, "attach", 0);
    CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, kv, 6, out), OK);
    CHECK(strcmp(out, doc_sign) == 0);
    set_kv(&kv[5], "sign", 4, doc_sign, 64);
    CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, kv, 6, out), OK);
    CHECK(strcmp(out, doc_sign) == 0);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 6, sg, 64), OK);
    set_kv(&kv[5], "sign", 4, "WRONG", 5);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 6, sg, 64), OK);
    /* "sign" is the exact name only */
    set_kv(&kv[5], "sign_type", 9, "HMAC-SHA256", 11);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 6, sg, 64), E_VERIFY);
    CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, kv, 6, out), OK);
    wechat_ref(ak, al, kv, 6, ref);
    CHECK(strcmp(out, ref) == 0);

    /* ---- malformed names: empty, '=', '&', duplicates ---- */
    {
        static const struct {
            const char *k;
            size_t kl;
            const char *v;
            size_t vl;
        } bad[] = {{NULL, 0, "x", 1}, {"", 0, "x", 1},    {"a=b", 3, "x", 1}, {"a&b", 3, "x", 1},
                   {"=", 1, "x", 1},  {"&", 1, "x", 1},   {"body", 4, "other", 5},
                   {"body", 4, "test", 4}, {"body", 4, NULL, 0}, {"appid", 5, "", 0}};
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            set_kv(&kv[5], bad[i].k, bad[i].kl, bad[i].v, bad[i].vl);
            CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, kv, 6, out), E_MALFORMED);
            CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 6, sg, 64), E_MALFORMED);
        }
        set_kv(&kv[5], "sign", 4, doc_sign, 64);
        set_kv(&kv[6], "sign", 4, doc_sign, 64);
        CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, kv, 7, out), E_MALFORMED);
        CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 7, sg, 64), E_MALFORMED);
    }

    /* ---- no parameters: signs "key=<api key>" ---- */
    wechat_ref(ak, al, NULL, 0, ref);
    memset(out, 0x5C, sizeof out);
    CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, NULL, 0, out), OK);
    CHECK(memcmp(out, ref, 65) == 0);
    CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, kv, 0, out), OK);
    CHECK(strcmp(out, ref) == 0);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, NULL, 0, ref, 64), OK);
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv, 5, ref, 64), E_VERIFY);
    set_kv(&kv[5], "attach", 6, NULL, 0); /* only an empty value */
    CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, kv + 5, 1, ref, 64), OK);

    /* ---- many parameters: up to 1024, then INPUT_TOO_LONG ---- */
    many = (paycrypt_kv *)xmalloc(1025 * sizeof *many);
    names = (char *)xmalloc(1025 * 16);
    vals = (char *)xmalloc(1025 * 16);
    for (i = 0; i < 1025; i++) {
        /* distinct names in a shuffled order (7919 is prime to 1025) */
        int nl = snprintf(names + 16 * i, 16, "p%04u", (unsigned)((i * 7919u) % 1025u));
        int vl = snprintf(vals + 16 * i, 16, "v%u", (unsigned)i);
        set_kv(&many[i], names + 16 * i, (size_t)nl, vals + 16 * i, (size_t)vl);
    }
    {
        static const size_t counts[] = {1, 2, 63, 64, 65, 100, 1023, 1024};
        for (j = 0; j < sizeof counts / sizeof counts[0]; j++) {
            const size_t n = counts[j];
            wechat_ref(ak, al, many, n, ref);
            memset(out, 0x5C, sizeof out);
            CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, many, n, out), OK);
            CHECK(memcmp(out, ref, 65) == 0);
            CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, many, n, ref, 64), OK);
        }
        /* a duplicate at the far end of 1024 */
        many[1023].key = many[0].key;
        CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, many, 1024, out), E_MALFORMED);
        many[1023].key = names + 16 * 1023;
        CHECK_ST(paycrypt_wechatpay_v2_sign(ak, al, many, 1025, out), E_LONG);
        CHECK_ST(paycrypt_wechatpay_v2_verify(ak, al, many, 1025, ref, 64), E_LONG);
    }
    free(many);
    free(names);
    free(vals);
    free(sg);
}

static void test_wechatpay_v3_api(void)
{
    static const uint8_t key[] = "cBGuOwFXU47DsCgIrkZwavRws1ODvki7";
    static const char nonce[] = "15a2cx5vtsd2";
    static const char ad[] = "transaction";
    static const uint8_t pt[] = "{\"mchid\":\"1900000001\",\"trade_state\":\"SUCCESS\"}";
    const size_t pl = sizeof pt - 1, al = sizeof ad - 1;
    paycrypt_aes_gcm_key g;
    uint8_t ct[128], *out, *big, *buf, k2[32];
    char b64[200], b64e[200], *b;
    size_t bl, ble, ol, cl, i;

    CHECK(sizeof key - 1 == 32 && sizeof nonce - 1 == 12);
    CHECK_ST(paycrypt_aes_gcm_key_init(&g, key, 32), OK);
    CHECK_ST(paycrypt_aes_gcm_seal(&g, (const uint8_t *)nonce, (const uint8_t *)ad, al, pt, pl, ct,
                                   sizeof ct, &cl), OK);
    CHECK(cl == pl + 16);
    bl = b64_encode(ct, cl, b64);
    b = (char *)xmalloc(bl);
    memcpy(b, b64, bl); /* exact size, no NUL */
    out = (uint8_t *)xmalloc(pl);
    big = (uint8_t *)xmalloc(pl + 64);

    /* ---- success, sizes ---- */
    memset(out, 0xAA, pl);
    ol = 0;
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b, bl, out, pl, &ol), OK);
    CHECK(ol == pl && memcmp(out, pt, pl) == 0);
    ol = 0;
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b, bl, NULL, 0, &ol), E_SMALL);
    CHECK(ol == pl);
    {
        static const size_t caps[] = {0, 1, 16};
        for (i = 0; i < 4; i++) {
            size_t cap = i < 3 ? caps[i] : pl - 1;
            memset(out, 0x5C, pl);
            ol = 0;
            CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b, bl, out, cap, &ol), E_SMALL);
            CHECK(ol == pl && all_eq(out, pl, 0x5C));
        }
    }
    memset(big, 0xAA, pl + 64);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b, bl, big, pl + 64, &ol), OK);
    CHECK(ol == pl && memcmp(big, pt, pl) == 0 && all_eq(big + pl, 64, 0xAA));

    /* ---- NULLs ---- */
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(NULL, nonce, 12, ad, al, b, bl, out, pl, &ol), E_NULL);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, NULL, 12, ad, al, b, bl, out, pl, &ol), E_NULL);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, NULL, al, b, bl, out, pl, &ol), E_NULL);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, NULL, bl, out, pl, &ol), E_NULL);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b, bl, NULL, pl, &ol), E_NULL);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b, bl, out, pl, NULL), E_NULL);

    /* ---- nonce lengths: empty (NULL or not), 11, 13 ---- */
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, NULL, 0, ad, al, b, bl, out, pl, &ol), E_NONCE);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 0, ad, al, b, bl, out, pl, &ol), E_NONCE);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 11, ad, al, b, bl, out, pl, &ol), E_NONCE);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, "15a2cx5vtsd2X", 13, ad, al, b, bl, out, pl, &ol), E_NONCE);

    /* ---- base64: empty (NULL or not), cut, too short, not base64 ---- */
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, NULL, 0, out, pl, &ol), E_MALFORMED);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b, 0, out, pl, &ol), E_MALFORMED);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b, bl - 1, out, pl, &ol), E_MALFORMED);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b, 20, out, pl, &ol), E_MALFORMED);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, "AAAAAAAAAAAAAAAAAAAA", 20, out, pl, &ol),
             E_MALFORMED);
    b[7] = '-';
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b, bl, out, pl, &ol), E_MALFORMED);
    b[7] = ' ';
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b, bl, out, pl, &ol), E_MALFORMED);
    b[7] = b64[7];

    /* ---- authentication failures: the plaintext-sized part is zeroed ---- */
    memset(big, 0xAA, pl + 64);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, "transactioN", al, b, bl, big, pl + 64, &ol),
             E_VERIFY);
    CHECK(ALL_ZERO(big, pl) && all_eq(big + pl, 64, 0xAA));
    memset(big, 0xAA, pl + 64);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, NULL, 0, b, bl, big, pl + 64, &ol), E_VERIFY);
    CHECK(ALL_ZERO(big, pl) && all_eq(big + pl, 64, 0xAA));
    memset(big, 0xAA, pl + 64);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, "15a2cx5vtsd3", 12, ad, al, b, bl, big, pl + 64, &ol),
             E_VERIFY);
    CHECK(ALL_ZERO(big, pl) && all_eq(big + pl, 64, 0xAA));
    memcpy(k2, key, 32);
    k2[31] ^= 0x01;
    memset(out, 0xAA, pl);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(k2, nonce, 12, ad, al, b, bl, out, pl, &ol), E_VERIFY);
    CHECK(ALL_ZERO(out, pl));
    for (i = 0; i < cl; i += 13) {
        ct[i] ^= 0x04;
        ble = b64_encode(ct, cl, b64e);
        memset(big, 0xAA, pl + 64);
        CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b64e, ble, big, pl + 64, &ol),
                 E_VERIFY);
        CHECK(ALL_ZERO(big, pl) && all_eq(big + pl, 64, 0xAA));
        ct[i] ^= 0x04;
    }

    /* ---- empty associated data (NULL or not), empty plaintext ---- */
    CHECK_ST(paycrypt_aes_gcm_seal(&g, (const uint8_t *)nonce, NULL, 0, pt, pl, ct, sizeof ct, &cl), OK);
    ble = b64_encode(ct, cl, b64e);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, NULL, 0, b64e, ble, out, pl, &ol), OK);
    CHECK(ol == pl && memcmp(out, pt, pl) == 0);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, 0, b64e, ble, out, pl, &ol), OK);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b64e, ble, out, pl, &ol), E_VERIFY);
    CHECK(ALL_ZERO(out, pl));
    CHECK_ST(paycrypt_aes_gcm_seal(&g, (const uint8_t *)nonce, (const uint8_t *)ad, al, NULL, 0, ct,
                                   sizeof ct, &cl), OK);
    ble = b64_encode(ct, cl, b64e);
    CHECK(ble == 24);
    ol = 12345;
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b64e, ble, NULL, 0, &ol), OK);
    CHECK(ol == 0);
    b64e[1] = b64e[1] == 'A' ? 'B' : 'A';
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, b64e, ble, NULL, 0, &ol), E_VERIFY);

    /* ---- OVERLAP: out over the base64 text, the AD, the nonce or the key ---- */
    buf = (uint8_t *)xmalloc(bl + pl + 64);
    {
        static const size_t at[] = {0, 4, 1}; /* out = buf + at, or buf + bl - 1 */
        for (i = 0; i < 3; i++) {
            size_t o = i < 2 ? at[i] : bl - 1;
            memcpy(buf, b64, bl);
            memset(buf + bl, 0x77, pl + 64);
            CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, (const char *)buf, bl, buf + o,
                                                   pl, &ol), E_OVERLAP);
            CHECK(memcmp(buf, b64, bl) == 0 && all_eq(buf + bl, pl + 64, 0x77));
        }
        CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, (const char *)buf, bl, buf + bl, pl,
                                               &ol), OK);
        CHECK(ol == pl && memcmp(buf + bl, pt, pl) == 0 && memcmp(buf, b64, bl) == 0);
        /* the text after out */
        memset(buf, 0x77, pl);
        memcpy(buf + pl, b64, bl);
        CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, (const char *)buf + pl, bl, buf + 1,
                                               pl, &ol), E_OVERLAP);
        CHECK(all_eq(buf, pl, 0x77) && memcmp(buf + pl, b64, bl) == 0);
        CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, ad, al, (const char *)buf + pl, bl, buf, pl,
                                               &ol), OK);
        CHECK(ol == pl && memcmp(buf, pt, pl) == 0);
    }
    free(buf);
    buf = (uint8_t *)xmalloc(al + pl);
    memcpy(buf, ad, al);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, (const char *)buf, al, b, bl, buf + al - 1, pl,
                                           &ol), E_OVERLAP);
    CHECK(memcmp(buf, ad, al) == 0);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, nonce, 12, (const char *)buf, al, b, bl, buf + al, pl, &ol),
             OK);
    CHECK(memcmp(buf + al, pt, pl) == 0);
    free(buf);
    buf = (uint8_t *)xmalloc(12 + pl);
    memcpy(buf, nonce, 12);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, (const char *)buf, 12, ad, al, b, bl, buf + 5, pl, &ol),
             E_OVERLAP);
    CHECK(memcmp(buf, nonce, 12) == 0);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(key, (const char *)buf, 12, ad, al, b, bl, buf + 12, pl, &ol), OK);
    CHECK(memcmp(buf + 12, pt, pl) == 0);
    free(buf);
    buf = (uint8_t *)xmalloc(32 + pl);
    memcpy(buf, key, 32);
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(buf, nonce, 12, ad, al, b, bl, buf + 31, pl, &ol), E_OVERLAP);
    CHECK(memcmp(buf, key, 32) == 0);
    memcpy(buf, key, 32); /* in case it was overwritten */
    CHECK_ST(paycrypt_wechatpay_v3_decrypt(buf, nonce, 12, ad, al, b, bl, buf + 32, pl, &ol), OK);
    CHECK(memcmp(buf + 32, pt, pl) == 0);
    free(buf);

    paycrypt_aes_gcm_key_wipe(&g);
    free(b);
    free(out);
    free(big);
}

/* Envelope header: 0x01 || key_id (big-endian) || nonce. */
static void env_header(uint8_t h[17], uint32_t id, const uint8_t nonce[12])
{
    h[0] = 1;
    h[1] = (uint8_t)(id >> 24);
    h[2] = (uint8_t)(id >> 16);
    h[3] = (uint8_t)(id >> 8);
    h[4] = (uint8_t)id;
    memcpy(h + 5, nonce, 12);
}

static void test_envelope_api(void)
{
    static const uint8_t aad[] = "order-6735";
    const size_t al = sizeof aad - 1;
    const uint32_t id = 0x01020304;
    uint8_t pt[40], ref[73], ha[27], big[120], r1[73], r2[73], e33[33], *o, *buf;
    paycrypt_aes_gcm_key k, kz, k16;
    size_t ol, i;
    uint32_t got;

    for (i = 0; i < sizeof pt; i++)
        pt[i] = (uint8_t)(0x30 + i);
    memset(&kz, 0, sizeof kz);
    CHECK(PAYCRYPT_ENVELOPE_OVERHEAD == 33);
    CHECK_ST(paycrypt_aes_gcm_key_init(&k, k_key32, 32), OK);
    CHECK_ST(paycrypt_aes_gcm_key_init(&k16, k_key16, 16), OK);
    /* reference from the primitives: header || GCM(nonce, header || aad, pt) */
    env_header(ref, id, k_nonce);
    CHECK(ref[1] == 1 && ref[2] == 2 && ref[3] == 3 && ref[4] == 4);
    memcpy(ha, ref, 17);
    memcpy(ha + 17, aad, al);
    CHECK_ST(paycrypt_aes_gcm_seal(&k, k_nonce, ha, 17 + al, pt, 40, ref + 17, 56, &ol), OK);

    /* ---- seal ---- */
    o = (uint8_t *)xmalloc(73);
    memset(o, 0x5C, 73);
    ol = 0;
    CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, aad, al, pt, 40, o, 73, &ol), OK);
    CHECK(ol == 73 && memcmp(o, ref, 73) == 0);
    free(o);
    ol = 0;
    CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, aad, al, pt, 40, NULL, 0, &ol), E_SMALL);
    CHECK(ol == 73);
    {
        static const size_t caps[] = {72, 40, 33, 1, 0};
        for (i = 0; i < sizeof caps / sizeof caps[0]; i++) {
            memset(big, 0x5C, sizeof big);
            ol = 0;
            CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, aad, al, pt, 40, big, caps[i], &ol), E_SMALL);
            CHECK(ol == 73 && all_eq(big, sizeof big, 0x5C));
        }
    }
    memset(big, 0x5C, sizeof big);
    CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, aad, al, pt, 40, big, sizeof big, &ol), OK);
    CHECK(ol == 73 && memcmp(big, ref, 73) == 0 && all_eq(big + 73, sizeof big - 73, 0x5C));
    CHECK_ST(paycrypt_envelope_seal(NULL, id, k_nonce, aad, al, pt, 40, big, sizeof big, &ol), E_NULL);
    CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, NULL, al, pt, 40, big, sizeof big, &ol), E_NULL);
    CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, aad, al, NULL, 40, big, sizeof big, &ol), E_NULL);
    CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, aad, al, pt, 40, NULL, sizeof big, &ol), E_NULL);
    CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, aad, al, pt, 40, big, sizeof big, NULL), E_NULL);
    CHECK_ST(paycrypt_envelope_seal(&kz, id, k_nonce, aad, al, pt, 40, big, sizeof big, &ol), E_UNINIT);
    /* empty AAD and plaintext as NULL: 33 bytes, a GMAC of the header */
    {
        uint8_t h7[17], tag[16];
        env_header(h7, 7, k_nonce);
        CHECK_ST(paycrypt_aes_gcm_seal_detached(&k, k_nonce, h7, 17, NULL, 0, tag), OK);
        memset(e33, 0x5C, sizeof e33);
        CHECK_ST(paycrypt_envelope_seal(&k, 7, k_nonce, NULL, 0, NULL, 0, e33, 33, &ol), OK);
        CHECK(ol == 33 && memcmp(e33, h7, 17) == 0 && memcmp(e33 + 17, tag, 16) == 0);
        CHECK_ST(paycrypt_envelope_seal(&k, 7, k_nonce, aad, 0, pt, 0, big, 33, &ol), OK);
        CHECK(ol == 33 && memcmp(big, e33, 33) == 0);
        ol = 12345;
        CHECK_ST(paycrypt_envelope_open(&k, NULL, 0, e33, 33, NULL, 0, &ol), OK);
        CHECK(ol == 0);
        CHECK_ST(paycrypt_envelope_open(&k, aad, al, e33, 33, NULL, 0, &ol), E_VERIFY);
        CHECK_ST(paycrypt_envelope_key_id(e33, 33, &got), OK);
        CHECK(got == 7);
    }
    /* random nonce (NULL): two seals differ, both open */
    memset(r1, 0, sizeof r1);
    memset(r2, 0, sizeof r2);
    CHECK_ST(paycrypt_envelope_seal(&k, id, NULL, aad, al, pt, 40, r1, 73, &ol), OK);
    CHECK(ol == 73);
    CHECK_ST(paycrypt_envelope_seal(&k, id, NULL, aad, al, pt, 40, r2, 73, &ol), OK);
    CHECK(ol == 73);
    CHECK(memcmp(r1, ref, 5) == 0 && memcmp(r2, ref, 5) == 0);
    CHECK(memcmp(r1 + 5, r2 + 5, 12) != 0 && memcmp(r1 + 17, r2 + 17, 56) != 0);
    CHECK(memcmp(r1 + 5, k_nonce, 12) != 0);
    memset(big, 0xAA, sizeof big);
    CHECK_ST(paycrypt_envelope_open(&k, aad, al, r1, 73, big, 40, &ol), OK);
    CHECK(ol == 40 && memcmp(big, pt, 40) == 0);
    memset(big, 0xAA, sizeof big);
    CHECK_ST(paycrypt_envelope_open(&k, aad, al, r2, 73, big, 40, &ol), OK);
    CHECK(ol == 40 && memcmp(big, pt, 40) == 0);
    CHECK_ST(paycrypt_envelope_seal(&k, 9, NULL, NULL, 0, NULL, 0, e33, 33, &ol), OK);
    CHECK_ST(paycrypt_envelope_open(&k, NULL, 0, e33, 33, NULL, 0, &ol), OK);
    CHECK_ST(paycrypt_envelope_seal(&kz, id, NULL, aad, al, pt, 40, r1, 73, &ol), E_UNINIT);

    /* ---- key_id ---- */
    got = 0;
    CHECK_ST(paycrypt_envelope_key_id(ref, 73, &got), OK);
    CHECK(got == id);
    got = 0;
    CHECK_ST(paycrypt_envelope_key_id(ref, 33, &got), OK);
    CHECK(got == id);
    CHECK_ST(paycrypt_envelope_key_id(ref, 32, &got), E_MALFORMED);
    CHECK_ST(paycrypt_envelope_key_id(ref, 17, &got), E_MALFORMED);
    CHECK_ST(paycrypt_envelope_key_id(ref, 0, &got), E_MALFORMED);
    CHECK_ST(paycrypt_envelope_key_id(NULL, 0, &got), E_MALFORMED);
    CHECK_ST(paycrypt_envelope_key_id(NULL, 73, &got), E_NULL);
    CHECK_ST(paycrypt_envelope_key_id(ref, 73, NULL), E_NULL);
    {
        static const uint8_t versions[] = {0, 2, 0x81, 0xff};
        memcpy(big, ref, 73);
        for (i = 0; i < sizeof versions; i++) {
            big[0] = versions[i];
            CHECK_ST(paycrypt_envelope_key_id(big, 73, &got), E_MALFORMED);
            CHECK_ST(paycrypt_envelope_key_id(big, 33, &got), E_MALFORMED);
            CHECK_ST(paycrypt_envelope_open(&k, aad, al, big, 73, r1, 40, &ol), E_MALFORMED);
        }
    }
    {
        static const uint32_t ids[] = {0, 1, 0x7fffffffu, 0x80000000u, 0xffffffffu};
        for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
            CHECK_ST(paycrypt_envelope_seal(&k, ids[i], k_nonce, NULL, 0, pt, 1, big, 34, &ol), OK);
            CHECK(big[1] == (uint8_t)(ids[i] >> 24) && big[4] == (uint8_t)ids[i]);
            got = ids[i] ^ 1u;
            CHECK_ST(paycrypt_envelope_key_id(big, 34, &got), OK);
            CHECK(got == ids[i]);
        }
    }

    /* ---- open ---- */
    o = (uint8_t *)xmalloc(40);
    memset(o, 0xAA, 40);
    ol = 0;
    CHECK_ST(paycrypt_envelope_open(&k, aad, al, ref, 73, o, 40, &ol), OK);
    CHECK(ol == 40 && memcmp(o, pt, 40) == 0);
    free(o);
    ol = 0;
    CHECK_ST(paycrypt_envelope_open(&k, aad, al, ref, 73, NULL, 0, &ol), E_SMALL);
    CHECK(ol == 40);
    {
        static const size_t caps[] = {39, 16, 1, 0};
        for (i = 0; i < sizeof caps / sizeof caps[0]; i++) {
            memset(big, 0x5C, sizeof big);
            ol = 0;
            CHECK_ST(paycrypt_envelope_open(&k, aad, al, ref, 73, big, caps[i], &ol), E_SMALL);
            CHECK(ol == 40 && all_eq(big, sizeof big, 0x5C));
        }
    }
    memset(big, 0x5C, sizeof big);
    CHECK_ST(paycrypt_envelope_open(&k, aad, al, ref, 73, big, sizeof big, &ol), OK);
    CHECK(ol == 40 && memcmp(big, pt, 40) == 0 && all_eq(big + 40, sizeof big - 40, 0x5C));
    CHECK_ST(paycrypt_envelope_open(NULL, aad, al, ref, 73, big, sizeof big, &ol), E_NULL);
    CHECK_ST(paycrypt_envelope_open(&k, NULL, al, ref, 73, big, sizeof big, &ol), E_NULL);
    CHECK_ST(paycrypt_envelope_open(&k, aad, al, NULL, 73, big, sizeof big, &ol), E_NULL);
    CHECK_ST(paycrypt_envelope_open(&k, aad, al, ref, 73, NULL, 40, &ol), E_NULL);
    CHECK_ST(paycrypt_envelope_open(&k, aad, al, ref, 73, big, sizeof big, NULL), E_NULL);
    CHECK_ST(paycrypt_envelope_open(&kz, aad, al, ref, 73, big, sizeof big, &ol), E_UNINIT);
    /* empty (NULL or not) and short envelopes */
    CHECK_ST(paycrypt_envelope_open(&k, aad, al, NULL, 0, big, sizeof big, &ol), E_MALFORMED);
    CHECK_ST(paycrypt_envelope_open(&k, aad, al, ref, 0, big, sizeof big, &ol), E_MALFORMED);
    CHECK_ST(paycrypt_envelope_open(&k, aad, al, ref, 32, big, sizeof big, &ol), E_MALFORMED);
    CHECK_ST(paycrypt_envelope_open(&k, aad, al, ref, 1, NULL, 0, &ol), E_MALFORMED);
    /* authentication failures: the plaintext-sized part is zeroed */
    memset(big, 0xAA, sizeof big);
    CHECK_ST(paycrypt_envelope_open(&k, aad, al - 1, ref, 73, big, sizeof big, &ol), E_VERIFY);
    CHECK(ALL_ZERO(big, 40) && all_eq(big + 40, sizeof big - 40, 0xAA));
    memset(big, 0xAA, sizeof big);
    CHECK_ST(paycrypt_envelope_open(&k, NULL, 0, ref, 73, big, sizeof big, &ol), E_VERIFY);
    CHECK(ALL_ZERO(big, 40) && all_eq(big + 40, sizeof big - 40, 0xAA));
    memset(big, 0xAA, sizeof big);
    CHECK_ST(paycrypt_envelope_open(&k16, aad, al, ref, 73, big, sizeof big, &ol), E_VERIFY);
    CHECK(ALL_ZERO(big, 40) && all_eq(big + 40, sizeof big - 40, 0xAA));
    memset(big, 0xAA, sizeof big);
    CHECK_ST(paycrypt_envelope_open(&k, aad, al, ref, 72, big, sizeof big, &ol), E_VERIFY);
    CHECK(ALL_ZERO(big, 39) && all_eq(big + 39, sizeof big - 39, 0xAA));
    {
        /* every byte after the version: key id, nonce, ciphertext, tag */
        uint8_t *e = (uint8_t *)xmalloc(73);
        int all = 1;
        for (i = 1; i < 73; i++) {
            memcpy(e, ref, 73);
            e[i] ^= (uint8_t)(1u << (i % 8));
            memset(big, 0xAA, sizeof big);
            all &= ST(paycrypt_envelope_open(&k, aad, al, e, 73, big, sizeof big, &ol)) == E_VERIFY;
            all &= ALL_ZERO(big, 40) && all_eq(big + 40, sizeof big - 40, 0xAA);
        }
        CHECK(all);
        free(e);
    }

    /* ---- OVERLAP ---- */
    buf = (uint8_t *)xmalloc(200);
    /* seal: out over pt (also exactly in place), or over aad */
    {
        static const size_t at[] = {0, 1, 39};
        for (i = 0; i < 3; i++) {
            memcpy(buf, pt, 40);
            memset(buf + 40, 0x77, 160);
            CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, aad, al, buf, 40, buf + at[i], 73, &ol),
                     E_OVERLAP);
            CHECK(memcmp(buf, pt, 40) == 0 && all_eq(buf + 40, 160, 0x77));
        }
        memset(buf, 0x77, 200);
        memcpy(buf + 100, pt, 40); /* pt after out */
        CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, aad, al, buf + 100, 40, buf + 28, 73, &ol), E_OVERLAP);
        CHECK(all_eq(buf, 100, 0x77) && memcmp(buf + 100, pt, 40) == 0);
        CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, aad, al, buf + 100, 40, buf + 27, 73, &ol), OK);
        CHECK(ol == 73 && memcmp(buf + 27, ref, 73) == 0 && memcmp(buf + 100, pt, 40) == 0);
        memcpy(buf, pt, 40);
        CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, aad, al, buf, 40, buf + 40, 73, &ol), OK);
        CHECK(ol == 73 && memcmp(buf + 40, ref, 73) == 0);
        memset(buf, 0x77, 200);
        memcpy(buf + 100, aad, al);
        CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, buf + 100, al, pt, 40, buf + 30, 73, &ol), E_OVERLAP);
        CHECK(all_eq(buf, 100, 0x77) && memcmp(buf + 100, aad, al) == 0 && all_eq(buf + 110, 90, 0x77));
        CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, buf + 100, al, pt, 40, buf + 105, 73, &ol), E_OVERLAP);
        CHECK(memcmp(buf + 100, aad, al) == 0 && all_eq(buf + 110, 90, 0x77));
        CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, buf + 100, al, pt, 40, buf + 110, 73, &ol), OK);
        CHECK(ol == 73 && memcmp(buf + 110, ref, 73) == 0);
    }
    /* open: out over env (in place at the ciphertext, or anywhere), or over aad */
    {
        static const size_t at[] = {0, 17, 33, 72};
        for (i = 0; i < 4; i++) {
            memcpy(buf, ref, 73);
            memset(buf + 73, 0x77, 127);
            CHECK_ST(paycrypt_envelope_open(&k, aad, al, buf, 73, buf + at[i], 40, &ol), E_OVERLAP);
            CHECK(memcmp(buf, ref, 73) == 0 && all_eq(buf + 73, 127, 0x77));
        }
        CHECK_ST(paycrypt_envelope_open(&k, aad, al, buf, 73, buf + 73, 40, &ol), OK);
        CHECK(ol == 40 && memcmp(buf + 73, pt, 40) == 0);
        memset(buf, 0x77, 200);
        memcpy(buf + 40, ref, 73); /* env after out */
        CHECK_ST(paycrypt_envelope_open(&k, aad, al, buf + 40, 73, buf + 1, 40, &ol), E_OVERLAP);
        CHECK(all_eq(buf, 40, 0x77) && memcmp(buf + 40, ref, 73) == 0);
        CHECK_ST(paycrypt_envelope_open(&k, aad, al, buf + 40, 73, buf, 40, &ol), OK);
        CHECK(ol == 40 && memcmp(buf, pt, 40) == 0);
        memset(buf, 0x77, 200);
        memcpy(buf + 100, aad, al);
        CHECK_ST(paycrypt_envelope_open(&k, buf + 100, al, ref, 73, buf + 61, 40, &ol), E_OVERLAP);
        CHECK(all_eq(buf, 100, 0x77) && memcmp(buf + 100, aad, al) == 0);
        CHECK_ST(paycrypt_envelope_open(&k, buf + 100, al, ref, 73, buf + 109, 40, &ol), E_OVERLAP);
        CHECK(memcmp(buf + 100, aad, al) == 0 && all_eq(buf + 110, 90, 0x77));
        CHECK_ST(paycrypt_envelope_open(&k, buf + 100, al, ref, 73, buf + 60, 40, &ol), OK);
        CHECK(ol == 40 && memcmp(buf + 60, pt, 40) == 0);
    }
    free(buf);

    /* ---- wiped key ---- */
    paycrypt_aes_gcm_key_wipe(&k);
    CHECK_ST(paycrypt_envelope_seal(&k, id, k_nonce, aad, al, pt, 40, big, sizeof big, &ol), E_UNINIT);
    CHECK_ST(paycrypt_envelope_open(&k, aad, al, ref, 73, big, sizeof big, &ol), E_UNINIT);
    CHECK_ST(paycrypt_envelope_key_id(ref, 73, &got), OK); /* needs no key */
    paycrypt_aes_gcm_key_wipe(&k16);
}

/* ======================================================================== */
/* 6. Vector runners                                                          */
/* ======================================================================== */

/* ---- HMAC streaming ---- */

enum { SPLIT_WHOLE, SPLIT_BYTES, SPLIT_FIXED, SPLIT_RANDOM };

/* HMAC of msg through a fresh state fed in pieces; 1 if every call succeeded
   and the state is all zero after final. */
static int stream_tag(const paycrypt_hmac_key *k, const uint8_t *msg, size_t n, int mode,
                      size_t param, uint8_t out[32])
{
    paycrypt_hmac_state s;
    uint64_t r = 0x1234567u + param * 0x9e3779b9u + n;
    size_t off = 0;
    int ok = 1;

    GARBAGE(s);
    ok &= paycrypt_hmac_state_init(&s, k) == PAYCRYPT_OK;
    while (off < n) {
        size_t step;
        switch (mode) {
        case SPLIT_WHOLE: step = n; break;
        case SPLIT_BYTES: step = 1; break;
        case SPLIT_FIXED: step = param; break;
        default: step = (size_t)(rnd_next(&r) % (param + 1)); break;
        }
        if (step > n - off)
            step = n - off;
        /* zero-length updates are passed as NULL */
        ok &= paycrypt_hmac_state_update(&s, step ? msg + off : NULL, step) == PAYCRYPT_OK;
        off += step;
    }
    ok &= paycrypt_hmac_state_update(&s, NULL, 0) == PAYCRYPT_OK;
    ok &= paycrypt_hmac_state_final(&s, out) == PAYCRYPT_OK;
    ok &= ALL_ZERO(&s, sizeof s);
    return ok;
}

/* Streaming over several chunkings, and a memcpy fork, must equal expect. */
static void stream_checks(const paycrypt_hmac_key *k, const uint8_t *msg, size_t n,
                          const uint8_t expect[32])
{
    uint8_t out[32], mid[32], ref_mid[32];
    paycrypt_hmac_state s, s2;
    size_t h = n / 3, j;

    CHECK(stream_tag(k, msg, n, SPLIT_WHOLE, 0, out) && memcmp(out, expect, 32) == 0);
    if (n <= 1024)
        CHECK(stream_tag(k, msg, n, SPLIT_BYTES, 0, out) && memcmp(out, expect, 32) == 0);
    if (n <= 100000) {
        static const size_t fixed[] = {7, 63, 64, 65, 128};
        for (j = 0; j < sizeof fixed / sizeof fixed[0]; j++)
            if (fixed[j] < n)
                CHECK(stream_tag(k, msg, n, SPLIT_FIXED, fixed[j], out) && memcmp(out, expect, 32) == 0);
        CHECK(stream_tag(k, msg, n, SPLIT_RANDOM, 3, out) && memcmp(out, expect, 32) == 0);
        CHECK(stream_tag(k, msg, n, SPLIT_RANDOM, 100, out) && memcmp(out, expect, 32) == 0);
    }
    CHECK(stream_tag(k, msg, n, SPLIT_RANDOM, n / 4 + 1, out) && memcmp(out, expect, 32) == 0);
    CHECK(stream_tag(k, msg, n, SPLIT_RANDOM, 70000, out) && memcmp(out, expect, 32) == 0);

    /* fork after a third: the copy gives the prefix's tag, both continue */
    CHECK_ST(paycrypt_hmac_key_sign(k, h ? msg : NULL, h, ref_mid), OK);
    CHECK_ST(paycrypt_hmac_state_init(&s, k), OK);
    CHECK_ST(paycrypt_hmac_state_update(&s, h ? msg : NULL, h), OK);
    memcpy(&s2, &s, sizeof s);
    CHECK_ST(paycrypt_hmac_state_final(&s2, mid), OK);
    CHECK(memcmp(mid, ref_mid, 32) == 0);
    memcpy(&s2, &s, sizeof s);
    CHECK_ST(paycrypt_hmac_state_update(&s2, n > h ? msg + h : NULL, n - h), OK);
    CHECK_ST(paycrypt_hmac_state_final(&s2, out), OK);
    CHECK(memcmp(out, expect, 32) == 0);
    CHECK_ST(paycrypt_hmac_state_update(&s, n > h ? msg + h : NULL, n - h), OK);
    CHECK_ST(paycrypt_hmac_state_final(&s, out), OK);
    CHECK(memcmp(out, expect, 32) == 0);
    CHECK_ST(paycrypt_hmac_state_update(&s, msg, n), E_UNINIT);
}

/* ---- HMAC cases (RFC 4231, Wycheproof) ---- */

/* Cases kept for the batch test: key, message, expected tag. */
typedef struct {
    bytes key, msg, tag;
} hmac_entry;
static hmac_entry *g_hmac;
static size_t g_nhmac, g_caphmac;
static unsigned long g_skipped;

static void hmac_remember(const bytes *key, const bytes *msg, const bytes *tag)
{
    if (g_nhmac == g_caphmac) {
        g_caphmac = g_caphmac ? 2 * g_caphmac : 16;
        g_hmac = (hmac_entry *)xrealloc(g_hmac, g_caphmac * sizeof *g_hmac);
    }
    g_hmac[g_nhmac].key = bytes_dup(key->p, key->n);
    g_hmac[g_nhmac].msg = bytes_dup(msg->p, msg->n);
    g_hmac[g_nhmac].tag = bytes_dup(tag->p, tag->n);
    g_nhmac++;
}

/* Every verify entry point must reject (key, msg, tag). */
static void hmac_expect_reject(const paycrypt_hmac_key *k, const bytes *key, const uint8_t *msg,
                               size_t mlen, const uint8_t *tag, size_t tlen)
{
    int want = (tlen >= 16 && tlen <= 32) ? E_VERIFY : E_TAGLEN;
    int want_hex = (2 * tlen >= 32 && 2 * tlen <= 64) ? E_VERIFY : E_TAGLEN;
    char *hex = (char *)xmalloc(2 * tlen + 1);
    hex_encode(tag, tlen, hex, 0);
    CHECK_ST(paycrypt_hmac_sha256_verify(NZ(*key), key->n, mlen ? msg : NULL, mlen, tag, tlen), want);
    CHECK_ST(paycrypt_hmac_key_verify(k, mlen ? msg : NULL, mlen, tag, tlen), want);
    CHECK_ST(paycrypt_hmac_key_verify_hex(k, mlen ? msg : NULL, mlen, hex, 2 * tlen), want_hex);
    free(hex);
}

static void hmac_valid_checks(const bytes *key, const bytes *msg, const bytes *tag)
{
    uint8_t out[32], out2[32], bad[64];
    char hex[66], lo[65], up[65];
    paycrypt_hmac_key k;
    size_t L, tl = tag->n, j;

    /* one-shot */
    memset(out, 0xAA, 32);
    CHECK_ST(paycrypt_hmac_sha256(key->p, key->n, msg->p, msg->n, out), OK);
    CHECK(memcmp(out, tag->p, tl) == 0);
    if (key->n == 0 || msg->n == 0) {
        CHECK_ST(paycrypt_hmac_sha256(NZ(*key), key->n, NZ(*msg), msg->n, out2), OK);
        CHECK(memcmp(out2, out, 32) == 0);
    }
    for (L = 16; L <= tl; L++)
        CHECK_ST(paycrypt_hmac_sha256_verify(NZ(*key), key->n, NZ(*msg), msg->n, tag->p, L), OK);
    for (L = 16; L <= 32; L++)
        CHECK_ST(paycrypt_hmac_sha256_verify(key->p, key->n, msg->p, msg->n, out, L), OK);

    /* precomputed key */
    GARBAGE(k);
    CHECK_ST(paycrypt_hmac_key_init(&k, NZ(*key), key->n), OK);
    memset(out2, 0xAA, 32);
    CHECK_ST(paycrypt_hmac_key_sign(&k, NZ(*msg), msg->n, out2), OK);
    CHECK(memcmp(out2, tag->p, tl) == 0);
    CHECK(memcmp(out2, out, 32) == 0);
    for (L = 16; L <= tl; L++)
        CHECK_ST(paycrypt_hmac_key_verify(&k, NZ(*msg), msg->n, tag->p, L), OK);
    for (L = 16; L <= 32; L++)
        CHECK_ST(paycrypt_hmac_key_verify(&k, msg->p, msg->n, out, L), OK);

    /* hex */
    memset(hex, 'Z', sizeof hex);
    CHECK_ST(paycrypt_hmac_key_sign_hex(&k, NZ(*msg), msg->n, hex), OK);
    hex_encode(out, 32, lo, 0);
    CHECK(memcmp(hex, lo, 65) == 0 && hex[65] == 'Z');
    hex_encode(tag->p, tl, lo, 0);
    hex_encode(tag->p, tl, up, 1);
    for (L = 16; L <= tl; L++) {
        CHECK_ST(paycrypt_hmac_key_verify_hex(&k, NZ(*msg), msg->n, lo, 2 * L), OK);
        CHECK_ST(paycrypt_hmac_key_verify_hex(&k, NZ(*msg), msg->n, up, 2 * L), OK);
    }
    for (j = 0; j < 2 * tl; j++)
        hex[j] = (j % 3) ? lo[j] : up[j];
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, NZ(*msg), msg->n, hex, 2 * tl), OK);
    /* odd, too short, too long */
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, NZ(*msg), msg->n, lo, 2 * tl - 1), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, NZ(*msg), msg->n, lo, 31), E_TAGLEN);
    hex_encode(out, 32, lo, 0);
    memcpy(hex, lo, 64);
    hex[64] = '0';
    hex[65] = '0';
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, NZ(*msg), msg->n, hex, 66), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, NZ(*msg), msg->n, hex, 65), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, NZ(*msg), msg->n, hex, 63), E_TAGLEN);
    hex[17] = 'g';
    CHECK_ST(paycrypt_hmac_key_verify_hex(&k, NZ(*msg), msg->n, hex, 64), E_MALFORMED);
    /* raw tag lengths */
    memset(bad, 0, sizeof bad);
    memcpy(bad, out, 32);
    CHECK_ST(paycrypt_hmac_sha256_verify(key->p, key->n, msg->p, msg->n, bad, 15), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_sha256_verify(key->p, key->n, msg->p, msg->n, bad, 33), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_sha256_verify(key->p, key->n, msg->p, msg->n, bad, 0), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_key_verify(&k, msg->p, msg->n, bad, 15), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_key_verify(&k, msg->p, msg->n, bad, 33), E_TAGLEN);
    CHECK_ST(paycrypt_hmac_key_verify(&k, msg->p, msg->n, bad, 0), E_TAGLEN);

    /* tamper: one bit of the tag at several places, full and 16-byte */
    {
        const size_t pos[3] = {0, tl / 2, tl - 1};
        for (j = 0; j < 3; j++) {
            memcpy(bad, tag->p, tl);
            bad[pos[j]] ^= (uint8_t)(1u << ((pos[j] * 3 + j) % 8));
            hmac_expect_reject(&k, key, msg->p, msg->n, bad, tl);
            if (pos[j] < 16 && tl > 16)
                hmac_expect_reject(&k, key, msg->p, msg->n, bad, 16);
        }
        /* one hex digit changed */
        hex_encode(tag->p, tl, lo, 0);
        lo[tl] = lo[tl] == 'f' ? 'e' : 'f';
        CHECK_ST(paycrypt_hmac_key_verify_hex(&k, NZ(*msg), msg->n, lo, 2 * tl), E_VERIFY);
    }
    /* tamper: one bit of the message; one byte more; one byte less */
    {
        uint8_t *m = (uint8_t *)xmalloc(msg->n + 1);
        if (msg->n)
            memcpy(m, msg->p, msg->n);
        if (msg->n) {
            size_t p = rnd_below(msg->n);
            m[p] ^= (uint8_t)(1u << rnd_below(8));
            hmac_expect_reject(&k, key, m, msg->n, tag->p, tl);
            m[p] = msg->p[p];
            hmac_expect_reject(&k, key, m, msg->n - 1, tag->p, tl);
        }
        m[msg->n] = 0;
        hmac_expect_reject(&k, key, m, msg->n + 1, tag->p, tl);
        free(m);
    }
    /* tamper: one bit of the key */
    if (key->n) {
        bytes k2 = bytes_dup(key->p, key->n);
        k2.p[rnd_below(k2.n)] ^= 0x01;
        CHECK_ST(paycrypt_hmac_sha256_verify(k2.p, k2.n, msg->p, msg->n, tag->p, tl), E_VERIFY);
        bytes_free(&k2);
    }

    /* streaming */
    stream_checks(&k, msg->p, msg->n, out);

    paycrypt_hmac_key_wipe(&k);
    CHECK(ALL_ZERO(&k, sizeof k));
}

static void hmac_case(const vcase *c)
{
    bytes key, msg, tag;
    char r;
    set_where(c);
    if (!vbytes(c, "Key", &key))
        return;
    if (!vbytes(c, "Msg", &msg)) {
        bytes_free(&key);
        return;
    }
    if (!vbytes(c, "Tag", &tag)) {
        bytes_free(&key);
        bytes_free(&msg);
        return;
    }
    r = vresult(c);
    if (r == 'v' && tag.n >= 16 && tag.n <= 32) {
        hmac_valid_checks(&key, &msg, &tag);
        hmac_remember(&key, &msg, &tag);
    } else if (r == 'v') {
        g_skipped++; /* a tag shorter than 16 bytes cannot be verified */
    } else if (r == 'i') {
        paycrypt_hmac_key k;
        CHECK_ST(paycrypt_hmac_key_init(&k, NZ(key), key.n), OK);
        hmac_expect_reject(&k, &key, msg.p, msg.n, tag.p, tag.n);
        paycrypt_hmac_key_wipe(&k);
    } else if (r == 'a') {
        int st = ST(paycrypt_hmac_sha256_verify(NZ(key), key.n, NZ(msg), msg.n, NZ(tag), tag.n));
        CHECK(st == OK || st == E_VERIFY || st == E_TAGLEN);
    }
    bytes_free(&key);
    bytes_free(&msg);
    bytes_free(&tag);
}

/* sign_batch over every message of the file at once, under several keys. */
static void hmac_file_done(void)
{
    size_t count = g_nhmac + 1, i, j, nkeys = g_nhmac < 8 ? g_nhmac : 8;
    paycrypt_slice *sl;
    uint8_t *tags, ref[32];

    if (g_nhmac > 0) {
        snprintf(g_where, sizeof g_where, "sign_batch over %lu HMAC cases", (unsigned long)g_nhmac);
        sl = (paycrypt_slice *)xmalloc(count * sizeof *sl);
        tags = (uint8_t *)xmalloc(count * 32);
        for (i = 0; i < g_nhmac; i++) {
            sl[i].ptr = NZ(g_hmac[i].msg);
            sl[i].len = g_hmac[i].msg.n;
        }
        sl[g_nhmac].ptr = NULL;
        sl[g_nhmac].len = 0;
        for (i = 0; i < nkeys; i++) {
            paycrypt_hmac_key k;
            int same = 1;
            CHECK_ST(paycrypt_hmac_key_init(&k, NZ(g_hmac[i].key), g_hmac[i].key.n), OK);
            memset(tags, 0xAA, count * 32);
            CHECK_ST(paycrypt_hmac_key_sign_batch(&k, sl, count, tags), OK);
            for (j = 0; j < count; j++) {
                same &= ST(paycrypt_hmac_key_sign(&k, sl[j].ptr, sl[j].len, ref)) == OK;
                same &= memcmp(tags + 32 * j, ref, 32) == 0;
            }
            CHECK(same);
            /* the tag of case i under its own key is the file's tag */
            CHECK(memcmp(tags + 32 * i, g_hmac[i].tag.p, g_hmac[i].tag.n) == 0);
            paycrypt_hmac_key_wipe(&k);
        }
        free(sl);
        free(tags);
    }
    for (i = 0; i < g_nhmac; i++) {
        bytes_free(&g_hmac[i].key);
        bytes_free(&g_hmac[i].msg);
        bytes_free(&g_hmac[i].tag);
    }
    free(g_hmac);
    g_hmac = NULL;
    g_nhmac = g_caphmac = 0;
}

/* ---- SHA-256 cases (NIST) ---- */

static const uint8_t k_stream_key[40] = "streaming key for the SHA-256 vectors...";

static void sha256_case(const vcase *c)
{
    bytes m0, digest, msg;
    size_t repeat = 1, i;
    uint8_t out[32];

    set_where(c);
    if (!vbytes(c, "Msg", &m0))
        return;
    if (!vbytes(c, "Digest", &digest) || (vget(c, "Repeat") && !vsize(c, "Repeat", &repeat))) {
        bytes_free(&m0);
        bytes_free(&digest);
        return;
    }
    CHECK(digest.n == 32);
    msg.n = m0.n * repeat;
    msg.p = (uint8_t *)xmalloc(msg.n + 32);
    for (i = 0; i < repeat; i++)
        memcpy(msg.p + i * m0.n, m0.p, m0.n);

    memset(out, 0xAA, 32);
    CHECK_ST(paycrypt_sha256(NZ(msg), msg.n, out), OK);
    CHECK(memcmp(out, digest.p, 32) == 0);
    /* out overlapping the message (its tail, or exactly) */
    if (msg.n >= 16 && msg.n <= 100000) {
        uint8_t *cp = (uint8_t *)xmalloc(msg.n + 16);
        memcpy(cp, msg.p, msg.n);
        CHECK_ST(paycrypt_sha256(cp, msg.n, cp + msg.n - 16), OK);
        CHECK(memcmp(cp + msg.n - 16, digest.p, 32) == 0);
        memcpy(cp, msg.p, msg.n);
        CHECK_ST(paycrypt_sha256(cp, msg.n, cp), OK);
        CHECK(memcmp(cp, digest.p, 32) == 0);
        free(cp);
    }
    /* a flipped bit changes the digest */
    if (msg.n) {
        size_t p = rnd_below(msg.n);
        msg.p[p] ^= 0x04;
        CHECK_ST(paycrypt_sha256(msg.p, msg.n, out), OK);
        CHECK(memcmp(out, digest.p, 32) != 0);
        msg.p[p] ^= 0x04;
    }
    /* the messages double as streaming HMAC inputs (block boundaries) */
    {
        paycrypt_hmac_key k;
        uint8_t ref[32];
        CHECK_ST(paycrypt_hmac_key_init(&k, k_stream_key, sizeof k_stream_key), OK);
        CHECK_ST(paycrypt_hmac_sha256(k_stream_key, sizeof k_stream_key, NZ(msg), msg.n, ref), OK);
        stream_checks(&k, msg.p, msg.n, ref);
        paycrypt_hmac_key_wipe(&k);
    }
    bytes_free(&m0);
    bytes_free(&digest);
    bytes_free(&msg);
}

/* ---- AES-GCM cases (NIST CAVP, Wycheproof) ---- */

static void gcm_expect_reject(const paycrypt_aes_gcm_key *k, const uint8_t *iv, const bytes *aad,
                              const uint8_t *ct, size_t n, const uint8_t *tag)
{
    uint8_t *in = (uint8_t *)xmalloc(n + 16), *out = (uint8_t *)xmalloc(n), *buf;
    size_t ol = 0;

    if (n)
        memcpy(in, ct, n);
    memcpy(in + n, tag, 16);
    /* out-of-place */
    memset(out, 0xAA, n ? n : 1);
    CHECK_ST(paycrypt_aes_gcm_open(k, iv, NZ(*aad), aad->n, in, n + 16, n ? out : NULL, n, &ol), E_VERIFY);
    CHECK(ALL_ZERO(out, n));
    /* in place */
    CHECK_ST(paycrypt_aes_gcm_open(k, iv, NZ(*aad), aad->n, in, n + 16, in, n + 16, &ol), E_VERIFY);
    CHECK(ALL_ZERO(in, n));
    /* detached */
    buf = (uint8_t *)xmalloc(n);
    if (n)
        memcpy(buf, ct, n);
    CHECK_ST(paycrypt_aes_gcm_open_detached(k, iv, NZ(*aad), aad->n, n ? buf : NULL, n, tag), E_VERIFY);
    CHECK(ALL_ZERO(buf, n));
    free(in);
    free(out);
    free(buf);
}

static void gcm_valid_checks(const paycrypt_aes_gcm_key *k, const bytes *iv, const bytes *aad,
                             const bytes *pt, const bytes *ct, const bytes *tag)
{
    const size_t n = pt->n;
    uint8_t *out = (uint8_t *)xmalloc(n + 16);      /* exact size: valgrind sees overruns */
    uint8_t *guard = (uint8_t *)xmalloc(n + 16 + 32);
    uint8_t *big = (uint8_t *)xmalloc(n + 64);
    uint8_t t[16], *bad;
    size_t ol, j;

    /* ---- seal ---- */
    ol = 0;
    CHECK_ST(paycrypt_aes_gcm_seal(k, iv->p, NZ(*aad), aad->n, NZ(*pt), n, NULL, 0, &ol), E_SMALL);
    CHECK(ol == n + 16);
    memset(guard, 0x5C, n + 48);
    ol = 0;
    CHECK_ST(paycrypt_aes_gcm_seal(k, iv->p, NZ(*aad), aad->n, NZ(*pt), n, guard, n + 15, &ol), E_SMALL);
    CHECK(ol == n + 16 && all_eq(guard, n + 48, 0x5C));

    memset(out, 0xAA, n + 16);
    CHECK_ST(paycrypt_aes_gcm_seal(k, iv->p, NZ(*aad), aad->n, NZ(*pt), n, out, n + 16, &ol), OK);
    CHECK(ol == n + 16);
    CHECK(memcmp(out, ct->p, n) == 0);
    CHECK(memcmp(out + n, tag->p, 16) == 0);
    CHECK_ST(paycrypt_aes_gcm_seal(k, iv->p, aad->p, aad->n, pt->p, n, guard, n + 48, &ol), OK);
    CHECK(ol == n + 16 && memcmp(guard, out, n + 16) == 0 && all_eq(guard + n + 16, 32, 0x5C));

    /* in place, and shifted by +5 / -3 inside one buffer */
    memcpy(out, pt->p, n);
    CHECK_ST(paycrypt_aes_gcm_seal(k, iv->p, NZ(*aad), aad->n, out, n, out, n + 16, &ol), OK);
    CHECK(ol == n + 16 && memcmp(out, ct->p, n) == 0 && memcmp(out + n, tag->p, 16) == 0);
    {
        static const int shifts[2] = {5, -3};
        for (j = 0; j < 2; j++) {
            uint8_t *in = big + 8, *o = big + 8 + shifts[j];
            memset(big, 0xEE, n + 64);
            memcpy(in, pt->p, n);
            CHECK_ST(paycrypt_aes_gcm_seal(k, iv->p, NZ(*aad), aad->n, in, n, o, n + 16, &ol), OK);
            CHECK(ol == n + 16 && memcmp(o, ct->p, n) == 0 && memcmp(o + n, tag->p, 16) == 0);
        }
    }
    /* detached */
    memcpy(out, pt->p, n);
    memset(t, 0, 16);
    CHECK_ST(paycrypt_aes_gcm_seal_detached(k, iv->p, NZ(*aad), aad->n, n ? out : NULL, n, t), OK);
    CHECK(memcmp(out, ct->p, n) == 0 && memcmp(t, tag->p, 16) == 0);

    /* ---- open ---- */
    memcpy(big, ct->p, n);
    memcpy(big + n, tag->p, 16);
    if (n) {
        ol = 0;
        CHECK_ST(paycrypt_aes_gcm_open(k, iv->p, NZ(*aad), aad->n, big, n + 16, NULL, 0, &ol), E_SMALL);
        CHECK(ol == n);
        memset(guard, 0x5C, n + 48);
        ol = 0;
        CHECK_ST(paycrypt_aes_gcm_open(k, iv->p, NZ(*aad), aad->n, big, n + 16, guard, n - 1, &ol), E_SMALL);
        CHECK(ol == n && all_eq(guard, n + 48, 0x5C));
    }
    memset(out, 0xAA, n + 16);
    ol = 12345;
    CHECK_ST(paycrypt_aes_gcm_open(k, iv->p, NZ(*aad), aad->n, big, n + 16, n ? out : NULL, n, &ol), OK);
    CHECK(ol == n && memcmp(out, pt->p, n) == 0);
    memset(guard, 0x5C, n + 48);
    CHECK_ST(paycrypt_aes_gcm_open(k, iv->p, aad->p, aad->n, big, n + 16, guard, n + 48, &ol), OK);
    CHECK(ol == n && memcmp(guard, pt->p, n) == 0 && all_eq(guard + n, 48, 0x5C));
    /* in place */
    CHECK_ST(paycrypt_aes_gcm_open(k, iv->p, NZ(*aad), aad->n, big, n + 16, big, n + 16, &ol), OK);
    CHECK(ol == n && memcmp(big, pt->p, n) == 0);
    {
        static const int shifts[2] = {5, -3};
        for (j = 0; j < 2; j++) {
            uint8_t *in = big + 8, *o = big + 8 + shifts[j];
            memset(big, 0xEE, n + 64);
            memcpy(in, ct->p, n);
            memcpy(in + n, tag->p, 16);
            CHECK_ST(paycrypt_aes_gcm_open(k, iv->p, NZ(*aad), aad->n, in, n + 16, o, n, &ol), OK);
            CHECK(ol == n && memcmp(o, pt->p, n) == 0);
        }
    }
    /* detached */
    memcpy(out, ct->p, n);
    CHECK_ST(paycrypt_aes_gcm_open_detached(k, iv->p, NZ(*aad), aad->n, n ? out : NULL, n, tag->p), OK);
    CHECK(memcmp(out, pt->p, n) == 0);

    /* ---- tamper: tag, ciphertext, AAD, nonce ---- */
    bad = (uint8_t *)xmalloc(n + 16);
    memcpy(bad, tag->p, 16);
    bad[0] ^= 0x01;
    gcm_expect_reject(k, iv->p, aad, ct->p, n, bad);
    memcpy(bad, tag->p, 16);
    bad[15] ^= 0x80;
    gcm_expect_reject(k, iv->p, aad, ct->p, n, bad);
    if (n) {
        memcpy(bad, ct->p, n);
        bad[rnd_below(n)] ^= (uint8_t)(1u << rnd_below(8));
        gcm_expect_reject(k, iv->p, aad, bad, n, tag->p);
        /* truncated ciphertext (tag moved) */
        gcm_expect_reject(k, iv->p, aad, ct->p, n - 1, tag->p);
    }
    if (aad->n) {
        bytes a2 = bytes_dup(aad->p, aad->n);
        a2.p[rnd_below(a2.n)] ^= (uint8_t)(1u << rnd_below(8));
        gcm_expect_reject(k, iv->p, &a2, ct->p, n, tag->p);
        bytes_free(&a2);
    }
    {
        uint8_t iv2[12];
        memcpy(iv2, iv->p, 12);
        iv2[rnd_below(12)] ^= 0x10;
        gcm_expect_reject(k, iv2, aad, ct->p, n, tag->p);
    }
    free(bad);
    free(out);
    free(guard);
    free(big);
}

static void gcm_case(const vcase *c)
{
    bytes key, iv, aad, pt, ct, tag;
    paycrypt_aes_gcm_key k;
    const char *ptname = vget(c, "PT") ? "PT" : "Msg";
    char r;
    int have;

    set_where(c);
    memset(&key, 0, sizeof key);
    iv = aad = pt = ct = tag = key;
    have = vbytes(c, "Key", &key) && vbytes(c, "IV", &iv) && vbytes(c, "AAD", &aad) &&
           vbytes(c, ptname, &pt) && vbytes(c, "CT", &ct) && vbytes(c, "Tag", &tag);
    r = have ? vresult(c) : '?';
    if (have && r != '?') {
        GARBAGE(k);
        if (key.n != 16 && key.n != 32) {
            /* e.g. AES-192 in Wycheproof: not supported by this API */
            CHECK_ST(paycrypt_aes_gcm_key_init(&k, key.p, key.n), E_KEYLEN);
            CHECK(ALL_ZERO(&k, sizeof k));
            g_skipped++;
        } else if (iv.n != 12 || tag.n != 16) {
            g_skipped++; /* not expressible: fixed 12-byte nonce, 16-byte tag */
        } else {
            CHECK_ST(paycrypt_aes_gcm_key_init(&k, key.p, key.n), OK);
            if (r == 'v') {
                if (CHECK(pt.n == ct.n))
                    gcm_valid_checks(&k, &iv, &aad, &pt, &ct, &tag);
            } else if (r == 'i') {
                gcm_expect_reject(&k, iv.p, &aad, ct.p, ct.n, tag.p);
            } else {
                /* acceptable: either result, but a success must be right */
                uint8_t *in = (uint8_t *)xmalloc(ct.n + 16), *out = (uint8_t *)xmalloc(ct.n);
                size_t ol = 0;
                int st;
                memcpy(in, ct.p, ct.n);
                memcpy(in + ct.n, tag.p, 16);
                st = ST(paycrypt_aes_gcm_open(&k, iv.p, NZ(aad), aad.n, in, ct.n + 16, out, ct.n, &ol));
                CHECK(st == E_VERIFY ? ALL_ZERO(out, ct.n)
                                     : st == OK && ol == pt.n && memcmp(out, pt.p, pt.n) == 0);
                free(in);
                free(out);
            }
            paycrypt_aes_gcm_key_wipe(&k);
            CHECK(ALL_ZERO(&k, sizeof k));
        }
    }
    bytes_free(&key);
    bytes_free(&iv);
    bytes_free(&aad);
    bytes_free(&pt);
    bytes_free(&ct);
    bytes_free(&tag);
}

/* ---- HKDF cases (RFC 5869, Wycheproof) ---- */

static void hkdf_case(const vcase *c)
{
    bytes ikm, salt, info, okm, prk;
    size_t L = 0, j;
    char r;
    int have;

    set_where(c);
    memset(&ikm, 0, sizeof ikm);
    salt = info = okm = prk = ikm;
    have = vbytes(c, "IKM", &ikm) && vbytes(c, "Salt", &salt) && vbytes(c, "Info", &info) &&
           vsize(c, vget(c, "L") ? "L" : "Size", &L) && vbytes(c, "OKM", &okm);
    r = have ? vresult(c) : '?';
    if (have && r == 'i' && L > 8160) {
        uint8_t *o = L <= (1u << 20) ? (uint8_t *)xmalloc(L) : NULL;
        if (o != NULL) {
            memset(o, 0xAA, L);
            CHECK_ST(paycrypt_hkdf_sha256(NZ(salt), salt.n, NZ(ikm), ikm.n, NZ(info), info.n, o, L), E_LONG);
            CHECK(all_eq(o, L, 0xAA));
            free(o);
        } else {
            g_skipped++;
        }
    } else if (have && r == 'i') {
        uint8_t *o = (uint8_t *)xmalloc(L);
        int st = ST(paycrypt_hkdf_sha256(NZ(salt), salt.n, NZ(ikm), ikm.n, NZ(info), info.n, L ? o : NULL, L));
        CHECK(st != OK || L != okm.n || memcmp(o, okm.p, L) != 0);
        free(o);
    } else if (have && (r == 'v' || r == 'a')) {
        uint8_t *o = (uint8_t *)xmalloc(L + 32);
        CHECK(okm.n == L);
        memset(o, 0xAA, L + 32);
        CHECK_ST(paycrypt_hkdf_sha256(NZ(salt), salt.n, NZ(ikm), ikm.n, NZ(info), info.n, L ? o : NULL, L), OK);
        CHECK(memcmp(o, okm.p, okm.n < L ? okm.n : L) == 0 && all_eq(o + L, 32, 0xAA));
        CHECK_ST(paycrypt_hkdf_sha256(salt.p, salt.n, ikm.p, ikm.n, info.p, info.n, o, L), OK);
        CHECK(memcmp(o, okm.p, okm.n < L ? okm.n : L) == 0);
        /* prefixes */
        {
            const size_t pl[5] = {1, 31, 32, 33, L ? L - 1 : 0};
            for (j = 0; j < 5; j++) {
                if (pl[j] > L || pl[j] > okm.n)
                    continue;
                memset(o, 0xAA, L + 32);
                CHECK_ST(paycrypt_hkdf_sha256(NZ(salt), salt.n, NZ(ikm), ikm.n, NZ(info), info.n, o, pl[j]), OK);
                CHECK(memcmp(o, okm.p, pl[j]) == 0 && all_eq(o + pl[j], L + 32 - pl[j], 0xAA));
            }
        }
        /* empty salt == HashLen zero bytes */
        if (salt.n == 0) {
            static const uint8_t zeros[32];
            CHECK_ST(paycrypt_hkdf_sha256(zeros, 32, NZ(ikm), ikm.n, NZ(info), info.n, o, L), OK);
            CHECK(memcmp(o, okm.p, okm.n < L ? okm.n : L) == 0);
        }
        /* PRK = HMAC(salt, IKM); T(1) = HMAC(PRK, info || 0x01) */
        if (vget(c, "PRK") != NULL && vbytes(c, "PRK", &prk)) {
            static const uint8_t zeros[32];
            uint8_t p[32], t1[32];
            uint8_t *blk = (uint8_t *)xmalloc(info.n + 1);
            if (info.n)
                memcpy(blk, info.p, info.n);
            blk[info.n] = 0x01;
            CHECK_ST(paycrypt_hmac_sha256(salt.n ? salt.p : zeros, salt.n ? salt.n : 32, NZ(ikm), ikm.n, p), OK);
            CHECK(prk.n == 32 && memcmp(p, prk.p, 32) == 0);
            CHECK_ST(paycrypt_hmac_sha256(p, 32, blk, info.n + 1, t1), OK);
            CHECK(memcmp(t1, okm.p, okm.n < 32 ? okm.n : 32) == 0);
            free(blk);
        }
        /* tamper: a flipped bit in any input changes the output */
        if (L >= 8) {
            bytes *in[3];
            size_t i;
            in[0] = &ikm;
            in[1] = &salt;
            in[2] = &info;
            for (i = 0; i < 3; i++) {
                size_t p;
                if (in[i]->n == 0)
                    continue;
                p = rnd_below(in[i]->n);
                in[i]->p[p] ^= 0x20;
                CHECK_ST(paycrypt_hkdf_sha256(salt.p, salt.n, ikm.p, ikm.n, info.p, info.n, o, L), OK);
                CHECK(memcmp(o, okm.p, 8) != 0);
                in[i]->p[p] ^= 0x20;
            }
        }
        free(o);
    }
    bytes_free(&ikm);
    bytes_free(&salt);
    bytes_free(&info);
    bytes_free(&okm);
    bytes_free(&prk);
}

/* ---- Payment-protocol cases (tests/vectors/gen_providers.py) ---- */

/* Stripe-Signature headers: verify, its time-independent verdict, a
   tampered twin; canonical headers are reproduced by webhook_sign. */
static void stripe_case(const vcase *c)
{
    bytes secret, payload, header, bad;
    int64_t now = 0, ts = 0;
    size_t tol = 0;
    const char *canon = vget(c, "Canonical");
    paycrypt_hmac_key k;
    int want = -1, have;

    set_where(c);
    memset(&secret, 0, sizeof secret);
    payload = header = secret;
    have = vbytes(c, "Secret", &secret) && vbytes(c, "Payload", &payload) &&
           vbytes(c, "Header", &header) && vint64(c, "Now", &now) && vsize(c, "Tolerance", &tol);
    if (have && tol > UINT32_MAX) {
        fail_at(c->file, c->line, "field Tolerance is not a uint32");
        have = 0;
    }
    if (have && (canon == NULL || (strcmp(canon, "yes") != 0 && strcmp(canon, "no") != 0))) {
        fail_at(c->file, c->line, "field Canonical is not yes or no");
        have = 0;
    }
    if (have)
        want = vexpect(c);
    if (have && want >= 0) {
        const char *h = (const char *)NZ(header);
        const uint32_t tl = (uint32_t)tol;
        GARBAGE(k);
        CHECK_ST(paycrypt_hmac_key_init(&k, NZ(secret), secret.n), OK);
        CHECK_ST(paycrypt_webhook_verify(&k, h, header.n, NZ(payload), payload.n, now, tl), want);
        if (header.n == 0 || payload.n == 0) /* empty inputs as non-NULL pointers */
            CHECK_ST(paycrypt_webhook_verify(&k, (const char *)header.p, header.n, payload.p, payload.n,
                                             now, tl), want);
        if (want == OK || want == E_EXPIRED) {
            /* the signature is valid: without a time check it verifies */
            CHECK_ST(paycrypt_webhook_verify(&k, h, header.n, NZ(payload), payload.n, now, 0), OK);
            /* tampered twin: one payload bit (one byte more when empty) */
            bad = tampered(&payload);
            CHECK_ST(paycrypt_webhook_verify(&k, h, header.n, bad.p, bad.n, now, tl), E_VERIFY);
            CHECK_ST(paycrypt_webhook_verify(&k, h, header.n, bad.p, bad.n, now, 0), E_VERIFY);
            bytes_free(&bad);
        } else {
            /* parsing and matching do not depend on the clock */
            CHECK_ST(paycrypt_webhook_verify(&k, h, header.n, NZ(payload), payload.n, now, 0), want);
        }
        if (strcmp(canon, "yes") == 0 && vint64(c, "Timestamp", &ts))
            webhook_sign_checks(&k, ts, payload.p, payload.n, (const char *)header.p, header.n);
        paycrypt_hmac_key_wipe(&k);
    }
    bytes_free(&secret);
    bytes_free(&payload);
    bytes_free(&header);
}

/* X-Hub-Signature-256 headers. */
static void github_case(const vcase *c)
{
    bytes secret, payload, header, bad;
    paycrypt_hmac_key k;
    int want = -1, have;

    set_where(c);
    memset(&secret, 0, sizeof secret);
    payload = header = secret;
    have = vbytes(c, "Secret", &secret) && vbytes(c, "Payload", &payload) && vbytes(c, "Header", &header);
    if (have)
        want = vexpect(c);
    if (have && want >= 0) {
        const char *h = (const char *)NZ(header);
        CHECK_ST(paycrypt_hmac_key_init(&k, NZ(secret), secret.n), OK);
        CHECK_ST(paycrypt_github_verify(&k, h, header.n, NZ(payload), payload.n), want);
        if (header.n == 0 || payload.n == 0)
            CHECK_ST(paycrypt_github_verify(&k, (const char *)header.p, header.n, payload.p, payload.n), want);
        if (want == OK) {
            bad = tampered(&payload);
            CHECK_ST(paycrypt_github_verify(&k, h, header.n, bad.p, bad.n), E_VERIFY);
            bytes_free(&bad);
        }
        paycrypt_hmac_key_wipe(&k);
    }
    bytes_free(&secret);
    bytes_free(&payload);
    bytes_free(&header);
}

static const char *const k_adyen_field_names[8] = {"PspReference",      "OriginalReference",
                                                   "MerchantAccountCode", "MerchantReference",
                                                   "Value",             "Currency",
                                                   "EventCode",         "Success"};
static unsigned long g_adyen_sections[2];

/* Adyen [Notification] items (verify; sign reproduces ok signatures) and
   [Payload] bodies (payload_verify). */
static void adyen_case(const vcase *c)
{
    bytes key, sig, payload, f[8], bad;
    int notif = strcmp(c->section, "Notification") == 0;
    int want = -1, have;
    size_t i;

    set_where(c);
    memset(&key, 0, sizeof key);
    sig = payload = key;
    for (i = 0; i < 8; i++)
        f[i] = key;
    if (!notif && strcmp(c->section, "Payload") != 0) {
        fail_at(c->file, c->line, "unknown section (expected Notification or Payload)");
        return;
    }
    g_adyen_sections[notif ? 0 : 1]++;
    have = vbytes(c, "KeyHex", &key) && vbytes(c, "Signature", &sig);
    if (have && notif)
        for (i = 0; have && i < 8; i++)
            have = vbytes(c, k_adyen_field_names[i], &f[i]);
    if (have && !notif)
        have = vbytes(c, "Payload", &payload);
    if (have)
        want = vexpect(c);
    if (have && want >= 0 && notif) {
        const char *kh = (const char *)NZ(key), *s = (const char *)NZ(sig);
        paycrypt_slice sl[8];
        char *out = (char *)xmalloc(45); /* exact size */
        size_t ol = 0;
        int st;
        for (i = 0; i < 8; i++) {
            sl[i].ptr = NZ(f[i]);
            sl[i].len = f[i].n;
        }
        CHECK_ST(paycrypt_adyen_verify(kh, key.n, sl, s, sig.n), want);
        memset(out, 0x5C, 45);
        st = ST(paycrypt_adyen_sign(kh, key.n, sl, out, 45, &ol));
        if (want == OK) {
            CHECK(st == OK && ol == 44 && sig.n == 44 && memcmp(out, sig.p, 44) == 0 && out[44] == '\0');
            {
                static const size_t caps[] = {44, 1, 0};
                char g[64];
                size_t j;
                for (j = 0; j < sizeof caps / sizeof caps[0]; j++) {
                    memset(g, 0x5C, sizeof g);
                    ol = 0;
                    CHECK_ST(paycrypt_adyen_sign(kh, key.n, sl, g, caps[j], &ol), E_SMALL);
                    CHECK(ol == 45 && all_eq(g, sizeof g, 0x5C));
                }
                ol = 0;
                CHECK_ST(paycrypt_adyen_sign(kh, key.n, sl, NULL, 0, &ol), E_SMALL);
                CHECK(ol == 45);
            }
            /* tampered twin: one bit of a value (the amount when there is one) */
            i = 4;
            while (i < 12 && f[i % 8].n == 0)
                i++;
            if (CHECK(i < 12)) {
                bad = tampered(&f[i % 8]);
                sl[i % 8].ptr = bad.p;
                CHECK_ST(paycrypt_adyen_verify(kh, key.n, sl, s, sig.n), E_VERIFY);
                sl[i % 8].ptr = NZ(f[i % 8]);
                bytes_free(&bad);
            }
        } else if (want == E_KEYLEN) {
            CHECK(st == E_KEYLEN);
        } else if (want == E_VERIFY) {
            /* these fields under this key sign to something else */
            CHECK(st == OK && ol == 44 && (sig.n != 44 || memcmp(out, sig.p, 44) != 0));
        } else {
            /* malformed: the key (sign fails the same way) or the signature */
            CHECK(st == E_MALFORMED || (st == OK && (sig.n != 44 || memcmp(out, sig.p, 44) != 0)));
        }
        free(out);
    } else if (have && want >= 0) {
        const char *kh = (const char *)NZ(key), *s = (const char *)NZ(sig);
        CHECK_ST(paycrypt_adyen_payload_verify(kh, key.n, NZ(payload), payload.n, s, sig.n), want);
        if (payload.n == 0)
            CHECK_ST(paycrypt_adyen_payload_verify(kh, key.n, payload.p, 0, s, sig.n), want);
        if (want == OK) {
            bad = tampered(&payload);
            CHECK_ST(paycrypt_adyen_payload_verify(kh, key.n, bad.p, bad.n, s, sig.n), E_VERIFY);
            bytes_free(&bad);
        }
    }
    bytes_free(&key);
    bytes_free(&sig);
    bytes_free(&payload);
    for (i = 0; i < 8; i++)
        bytes_free(&f[i]);
}

static void adyen_file_done(void)
{
    g_where[0] = '\0';
    if (!CHECK(g_adyen_sections[0] > 0 && g_adyen_sections[1] > 0))
        printf("     (adyen_hmac.txt: %lu [Notification] and %lu [Payload] cases)\n", g_adyen_sections[0],
               g_adyen_sections[1]);
    g_adyen_sections[0] = g_adyen_sections[1] = 0;
}

/* WeChat Pay v2: verify; sign reproduces ok signs (exactly when the file
   has them uppercase); a tampered twin. */
static void wechat_v2_case(const vcase *c)
{
    bytes api, sign, *names = NULL, *vals = NULL, bad;
    paycrypt_kv *kv = NULL;
    size_t np = 0, i, j;
    int want = -1, have;

    set_where(c);
    memset(&api, 0, sizeof api);
    sign = api;
    have = vbytes(c, "ApiKey", &api) && vbytes(c, "Sign", &sign);
    for (i = 0; i < c->nf; i++)
        np += strcmp(c->f[i].name, "Param") == 0;
    names = (bytes *)xmalloc(np * sizeof *names);
    vals = (bytes *)xmalloc(np * sizeof *vals);
    kv = (paycrypt_kv *)xmalloc(np * sizeof *kv);
    memset(names, 0, np * sizeof *names);
    memset(vals, 0, np * sizeof *vals);
    for (i = 0, j = 0; i < c->nf && j < np; i++) {
        const char *v = c->f[i].value, *colon;
        char *nm;
        if (strcmp(c->f[i].name, "Param") != 0)
            continue;
        colon = strchr(v, ':');
        if (colon == NULL) {
            fail_at(c->file, c->line, "field Param is not <hex>:<hex>");
            have = 0;
            break;
        }
        nm = (char *)xmalloc((size_t)(colon - v) + 1);
        memcpy(nm, v, (size_t)(colon - v));
        nm[colon - v] = '\0';
        if (!hex_decode(nm, &names[j]) || !hex_decode(colon + 1, &vals[j])) {
            fail_at(c->file, c->line, "field Param is not <hex>:<hex>");
            have = 0;
        }
        free(nm);
        if (!have)
            break;
        set_kv(&kv[j], (const char *)NZ(names[j]), names[j].n, (const char *)NZ(vals[j]), vals[j].n);
        j++;
    }
    if (have)
        want = vexpect(c);
    if (have && want >= 0) {
        const paycrypt_kv *pk = np ? kv : NULL;
        const char *s = (const char *)NZ(sign);
        char out[80];
        int st;
        CHECK_ST(paycrypt_wechatpay_v2_verify(NZ(api), api.n, pk, np, s, sign.n), want);
        memset(out, 0x5C, sizeof out);
        st = ST(paycrypt_wechatpay_v2_sign(NZ(api), api.n, pk, np, out));
        if (want == OK) {
            int lower = 0;
            for (i = 0; i < sign.n; i++)
                lower |= sign.p[i] >= 'a' && sign.p[i] <= 'z';
            CHECK(st == OK && out[64] == '\0' && all_eq(out + 65, sizeof out - 65, 0x5C));
            CHECK(sign.n == 64 && eq_nocase(out, sign.p, 64));
            for (i = 0; i < 64 && ((out[i] >= '0' && out[i] <= '9') || (out[i] >= 'A' && out[i] <= 'F')); i++)
                ;
            CHECK(i == 64); /* uppercase hex */
            if (!lower) {
                char *o65 = (char *)xmalloc(65); /* exact size */
                CHECK_ST(paycrypt_wechatpay_v2_sign(NZ(api), api.n, pk, np, o65), OK);
                CHECK(memcmp(o65, sign.p, 64) == 0 && o65[64] == '\0');
                free(o65);
            }
            /* tampered twin: one bit of a signed value, else of the API key */
            for (i = 0; i < np; i++)
                if (vals[i].n && !(names[i].n == 4 && memcmp(names[i].p, "sign", 4) == 0))
                    break;
            if (i < np) {
                bad = tampered(&vals[i]);
                kv[i].value = (const char *)bad.p;
                CHECK_ST(paycrypt_wechatpay_v2_verify(NZ(api), api.n, pk, np, s, sign.n), E_VERIFY);
                kv[i].value = (const char *)vals[i].p;
            } else {
                bad = tampered(&api);
                CHECK_ST(paycrypt_wechatpay_v2_verify(bad.p, bad.n, pk, np, s, sign.n), E_VERIFY);
            }
            bytes_free(&bad);
        } else if (want == E_KEYLEN) {
            CHECK(st == E_KEYLEN);
        } else if (want == E_VERIFY) {
            CHECK(st == OK && !(sign.n == 64 && eq_nocase(out, sign.p, 64)));
        } else {
            /* malformed: the parameters (sign fails too) or the sign text */
            CHECK(st == E_MALFORMED || (st == OK && !(sign.n == 64 && eq_nocase(out, sign.p, 64))));
        }
    }
    for (i = 0; i < np; i++) {
        bytes_free(&names[i]);
        bytes_free(&vals[i]);
    }
    free(names);
    free(vals);
    free(kv);
    bytes_free(&api);
    bytes_free(&sign);
}

/* WeChat Pay v3 resources: decrypt; sizes; twins with a ciphertext bit
   and an associated-data bit flipped. */
static void wechat_v3_case(const vcase *c)
{
    bytes key, nonce, ad, ct, pt, raw;
    int want = -1, have;

    set_where(c);
    memset(&key, 0, sizeof key);
    nonce = ad = ct = pt = raw = key;
    have = vbytes(c, "Key", &key) && vbytes(c, "Nonce", &nonce) && vbytes(c, "AssociatedData", &ad) &&
           vbytes(c, "Ciphertext", &ct) && vbytes(c, "Plaintext", &pt);
    if (have && key.n != 32) {
        fail_at(c->file, c->line, "field Key is not 32 bytes");
        have = 0;
    }
    if (have)
        want = vexpect(c);
    if (have && want >= 0) {
        const char *n = (const char *)NZ(nonce), *a = (const char *)NZ(ad), *b = (const char *)NZ(ct);
        const size_t m = pt.n;
        uint8_t *out = (uint8_t *)xmalloc(m), *big = NULL;
        size_t ol = 0;
        if (want == OK) {
            memset(out, 0xAA, m ? m : 1);
            CHECK_ST(paycrypt_wechatpay_v3_decrypt(key.p, n, nonce.n, a, ad.n, b, ct.n, m ? out : NULL, m, &ol),
                     OK);
            CHECK(ol == m && (m == 0 || memcmp(out, pt.p, m) == 0));
            if (m) {
                ol = 0;
                CHECK_ST(paycrypt_wechatpay_v3_decrypt(key.p, n, nonce.n, a, ad.n, b, ct.n, NULL, 0, &ol),
                         E_SMALL);
                CHECK(ol == m);
                memset(out, 0x5C, m);
                ol = 0;
                CHECK_ST(paycrypt_wechatpay_v3_decrypt(key.p, n, nonce.n, a, ad.n, b, ct.n, out, m - 1, &ol),
                         E_SMALL);
                CHECK(ol == m && all_eq(out, m, 0x5C));
            }
            big = (uint8_t *)xmalloc(m + 32);
            memset(big, 0xAA, m + 32);
            /* empty inputs as non-NULL pointers */
            CHECK_ST(paycrypt_wechatpay_v3_decrypt(key.p, (const char *)nonce.p, nonce.n, (const char *)ad.p,
                                                   ad.n, (const char *)ct.p, ct.n, big, m + 32, &ol), OK);
            CHECK(ol == m && memcmp(big, pt.p, m) == 0 && all_eq(big + m, 32, 0xAA));
            /* tampered twins */
            if (CHECK(b64_decode((const char *)ct.p, ct.n, &raw) && raw.n == m + 16)) {
                bytes t = tampered(&raw);
                char *t64 = (char *)xmalloc(4 * ((t.n + 2) / 3) + 1);
                size_t tl = b64_encode(t.p, t.n, t64);
                memset(big, 0xAA, m + 32);
                CHECK_ST(paycrypt_wechatpay_v3_decrypt(key.p, n, nonce.n, a, ad.n, t64, tl, big, m + 32, &ol),
                         E_VERIFY);
                CHECK(ALL_ZERO(big, m) && all_eq(big + m, 32, 0xAA));
                bytes_free(&t);
                free(t64);
                t = tampered(&ad);
                memset(big, 0xAA, m + 32);
                CHECK_ST(paycrypt_wechatpay_v3_decrypt(key.p, n, nonce.n, (const char *)t.p, t.n, b, ct.n, big,
                                                       m + 32, &ol), E_VERIFY);
                CHECK(ALL_ZERO(big, m) && all_eq(big + m, 32, 0xAA));
                bytes_free(&t);
            }
        } else if (want == E_VERIFY) {
            if (CHECK(b64_decode((const char *)ct.p, ct.n, &raw) && raw.n >= 16)) {
                const size_t r = raw.n - 16;
                uint8_t *o2 = (uint8_t *)xmalloc(r);
                big = (uint8_t *)xmalloc(r + 32);
                memset(big, 0xAA, r + 32);
                CHECK_ST(paycrypt_wechatpay_v3_decrypt(key.p, n, nonce.n, a, ad.n, b, ct.n, big, r + 32, &ol),
                         E_VERIFY);
                CHECK(ALL_ZERO(big, r));
                CHECK(all_eq(big + r, 32, 0xAA));
                memset(o2, 0xAA, r ? r : 1);
                CHECK_ST(paycrypt_wechatpay_v3_decrypt(key.p, n, nonce.n, a, ad.n, b, ct.n, r ? o2 : NULL, r,
                                                       &ol), E_VERIFY);
                CHECK(ALL_ZERO(o2, r));
                free(o2);
            }
        } else {
            big = (uint8_t *)xmalloc(ct.n + 32);
            CHECK_ST(paycrypt_wechatpay_v3_decrypt(key.p, n, nonce.n, a, ad.n, b, ct.n, big, ct.n + 32, &ol),
                     want);
        }
        free(out);
        free(big);
    }
    bytes_free(&key);
    bytes_free(&nonce);
    bytes_free(&ad);
    bytes_free(&ct);
    bytes_free(&pt);
    bytes_free(&raw);
}

/* Envelopes: open; key_id; seal with the file's nonce reproduces the
   envelope; twins with a ciphertext (or tag) bit and an AAD bit flipped. */
static void envelope_case(const vcase *c)
{
    bytes key, nonce, aad, pt, env;
    size_t kid = 0;
    paycrypt_aes_gcm_key k;
    int want = -1, have;

    set_where(c);
    memset(&key, 0, sizeof key);
    nonce = aad = pt = env = key;
    have = vbytes(c, "Key", &key) && vsize(c, "KeyId", &kid) && vbytes(c, "Nonce", &nonce) &&
           vbytes(c, "AAD", &aad) && vbytes(c, "Plaintext", &pt) && vbytes(c, "Envelope", &env);
    if (have && (kid > UINT32_MAX || nonce.n != 12 || (key.n != 16 && key.n != 32))) {
        fail_at(c->file, c->line, "KeyId, Nonce or Key has a size envelopes do not use");
        have = 0;
    }
    if (have)
        want = vexpect(c);
    if (have && want >= 0) {
        const size_t m = pt.n;
        uint8_t *out = (uint8_t *)xmalloc(m), *big, *sealed;
        size_t ol = 0, cap = (env.n > 33 ? env.n - 33 : 0) + 32;
        uint32_t got = 0;
        big = (uint8_t *)xmalloc(cap > m + 33 ? cap : m + 33);
        CHECK_ST(paycrypt_aes_gcm_key_init(&k, key.p, key.n), OK);
        if (want == OK) {
            CHECK(env.n == m + 33);
            memset(out, 0xAA, m ? m : 1);
            CHECK_ST(paycrypt_envelope_open(&k, NZ(aad), aad.n, env.p, env.n, m ? out : NULL, m, &ol), OK);
            CHECK(ol == m && (m == 0 || memcmp(out, pt.p, m) == 0));
            CHECK_ST(paycrypt_envelope_key_id(env.p, env.n, &got), OK);
            CHECK(got == (uint32_t)kid);
            if (m) {
                ol = 0;
                CHECK_ST(paycrypt_envelope_open(&k, NZ(aad), aad.n, env.p, env.n, NULL, 0, &ol), E_SMALL);
                CHECK(ol == m);
                memset(out, 0x5C, m);
                ol = 0;
                CHECK_ST(paycrypt_envelope_open(&k, NZ(aad), aad.n, env.p, env.n, out, m - 1, &ol), E_SMALL);
                CHECK(ol == m && all_eq(out, m, 0x5C));
            }
            /* seal with the same nonce gives the envelope byte for byte */
            sealed = (uint8_t *)xmalloc(m + 33);
            memset(sealed, 0x5C, m + 33);
            ol = 0;
            CHECK_ST(paycrypt_envelope_seal(&k, (uint32_t)kid, nonce.p, NZ(aad), aad.n, NZ(pt), m, sealed,
                                            m + 33, &ol), OK);
            CHECK(ol == m + 33 && env.n == m + 33 && memcmp(sealed, env.p, m + 33) == 0);
            ol = 0;
            CHECK_ST(paycrypt_envelope_seal(&k, (uint32_t)kid, nonce.p, NZ(aad), aad.n, NZ(pt), m, NULL, 0,
                                            &ol), E_SMALL);
            CHECK(ol == m + 33);
            memset(sealed, 0x5C, m + 33);
            CHECK_ST(paycrypt_envelope_seal(&k, (uint32_t)kid, nonce.p, aad.p, aad.n, pt.p, m, sealed, m + 32,
                                            &ol), E_SMALL);
            CHECK(ol == m + 33 && all_eq(sealed, m + 33, 0x5C));
            free(sealed);
            /* tampered twins: a ciphertext bit (tag bit when empty), an AAD bit */
            if (env.n == m + 33) {
                bytes e2 = bytes_dup(env.p, env.n), a2 = tampered(&aad);
                e2.p[17 + rnd_below(m ? m : 16)] ^= (uint8_t)(1u << rnd_below(8));
                memset(big, 0xAA, m + 33);
                CHECK_ST(paycrypt_envelope_open(&k, NZ(aad), aad.n, e2.p, e2.n, big, m + 33, &ol), E_VERIFY);
                CHECK(ALL_ZERO(big, m) && all_eq(big + m, 33, 0xAA));
                memset(big, 0xAA, m + 33);
                CHECK_ST(paycrypt_envelope_open(&k, a2.p, a2.n, env.p, env.n, big, m + 33, &ol), E_VERIFY);
                CHECK(ALL_ZERO(big, m) && all_eq(big + m, 33, 0xAA));
                bytes_free(&e2);
                bytes_free(&a2);
            }
        } else if (want == E_VERIFY) {
            if (CHECK(env.n >= 33)) {
                const size_t r = env.n - 33;
                memset(big, 0xAA, r + 32);
                CHECK_ST(paycrypt_envelope_open(&k, NZ(aad), aad.n, env.p, env.n, big, r + 32, &ol), E_VERIFY);
                CHECK(ALL_ZERO(big, r));
                CHECK(all_eq(big + r, 32, 0xAA));
                CHECK_ST(paycrypt_envelope_key_id(env.p, env.n, &got), OK);
            }
        } else {
            CHECK_ST(paycrypt_envelope_open(&k, NZ(aad), aad.n, NZ(env), env.n, big, cap, &ol), want);
            if (want == E_MALFORMED)
                CHECK_ST(paycrypt_envelope_key_id(NZ(env), env.n, &got), E_MALFORMED);
        }
        paycrypt_aes_gcm_key_wipe(&k);
        free(out);
        free(big);
    }
    bytes_free(&key);
    bytes_free(&nonce);
    bytes_free(&aad);
    bytes_free(&pt);
    bytes_free(&env);
}

/* ======================================================================== */
/* 7. Tables and main                                                         */
/* ======================================================================== */

static const struct {
    const char *name;
    void (*fn)(void);
} k_sections[] = {
    {"constants and version", test_constants},
    {"status messages", test_status_messages},
    {"known answers", test_known_answers},
    {"sha256", test_sha256_api},
    {"hmac one-shot", test_hmac_oneshot_api},
    {"hmac key", test_hmac_key_api},
    {"hmac sign_batch", test_sign_batch_api},
    {"hmac streaming", test_hmac_state_api},
    {"aes-gcm key", test_aes_gcm_key_api},
    {"aes-gcm seal/open", test_aes_gcm_seal_open_api},
    {"aes-gcm detached", test_aes_gcm_detached_api},
    {"hkdf", test_hkdf_api},
    {"ct_equal, wipe, random", test_ct_equal_wipe_random},
    /* Payment protocols */
    {"webhook sign/verify", test_webhook_api},
    {"github verify", test_github_api},
    {"adyen sign/verify", test_adyen_api},
    {"wechatpay v2 sign/verify", test_wechatpay_v2_api},
    {"wechatpay v3 decrypt", test_wechatpay_v3_api},
    {"envelope seal/key_id/open", test_envelope_api},
};

typedef struct {
    const char *file;
    int required;
    case_fn fn;
    void (*done)(void); /* after the last case, or NULL */
} vector_file;

static const vector_file k_vector_files[] = {
    {"rfc4231_hmac_sha256.txt", 1, hmac_case, hmac_file_done},
    {"nist_sha256.txt", 1, sha256_case, NULL},
    {"nist_cavp_aes_gcm.txt", 1, gcm_case, NULL},
    {"rfc5869_hkdf_sha256.txt", 1, hkdf_case, NULL},
    {"wycheproof_hmac_sha256.txt", 0, hmac_case, hmac_file_done},
    {"wycheproof_aes_gcm.txt", 0, gcm_case, NULL},
    {"wycheproof_hkdf_sha256.txt", 0, hkdf_case, NULL},
    {"stripe_webhook.txt", 1, stripe_case, NULL},
    {"github_webhook.txt", 1, github_case, NULL},
    {"adyen_hmac.txt", 1, adyen_case, adyen_file_done},
    {"wechatpay_v2.txt", 1, wechat_v2_case, NULL},
    {"wechatpay_v3.txt", 1, wechat_v3_case, NULL},
    {"envelope.txt", 1, envelope_case, NULL},
};

static void run_vector_file(const char *dir, const char *name, const vector_file *vf)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = (char *)xmalloc(n);
    long cases;

    snprintf(path, n, "%s/%s", dir, name);
    g_skipped = 0;
    cases = parse_vectors(path, name, vf->fn);
    g_where[0] = '\0';
    if (cases < 0) {
        if (vf->required) {
            fail_at(path, 0, "required vector file cannot be opened");
        } else {
            printf("NOTE %s: not present, skipped\n", path);
        }
    } else {
        if (vf->done)
            vf->done();
        g_where[0] = '\0';
        if (!CHECK(cases > 0))
            printf("     (no cases in %s)\n", path);
        if (g_skipped)
            printf("NOTE %s: %lu of %ld cases skipped (parameters this API does not offer)\n", path,
                   g_skipped, cases);
    }
    free(path);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Other wycheproof_*.txt files: run those whose name says which runner fits. */
static void run_other_wycheproof(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0, i, j;

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        int known = 0;
        if (strncmp(e->d_name, "wycheproof_", 11) != 0 || len < 15 ||
            strcmp(e->d_name + len - 4, ".txt") != 0)
            continue;
        for (j = 0; j < sizeof k_vector_files / sizeof k_vector_files[0]; j++)
            known |= strcmp(e->d_name, k_vector_files[j].file) == 0;
        if (known)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            names = (char **)xrealloc(names, cap * sizeof *names);
        }
        names[n++] = str_dup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (i = 0; i < n; i++) {
        const char *nm = names[i];
        vector_file vf = {NULL, 0, NULL, NULL};
        int sha256 = strstr(nm, "sha256") != NULL && strstr(nm, "sha512") == NULL &&
                     strstr(nm, "sha3") == NULL;
        if (strstr(nm, "hmac") && sha256) {
            vf.fn = hmac_case;
            vf.done = hmac_file_done;
        } else if (strstr(nm, "hkdf") && sha256) {
            vf.fn = hkdf_case;
        } else if (strstr(nm, "aes_gcm") && !strstr(nm, "siv")) {
            vf.fn = gcm_case;
        }
        vf.file = nm;
        if (vf.fn)
            run_vector_file(dir, nm, &vf);
        else
            printf("NOTE %s/%s: no runner for this file, ignored\n", dir, nm);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/vectors";
    size_t i;

    if (argc > 2) {
        fprintf(stderr, "usage: %s [vector-directory]\n", argv[0]);
        return 2;
    }
    for (i = 0; i < sizeof k_sections / sizeof k_sections[0]; i++) {
        g_where[0] = '\0';
        k_sections[i].fn();
    }
    for (i = 0; i < sizeof k_vector_files / sizeof k_vector_files[0]; i++)
        run_vector_file(dir, k_vector_files[i].file, &k_vector_files[i]);
    run_other_wycheproof(dir);

    printf("%lu passed, %lu failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
