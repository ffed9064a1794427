/* Footprint firmware: the six calls a POS terminal needs (HMAC-SHA256 key
 * init/sign/verify, AES-256-GCM key init/seal/open, detached) on known
 * answers, each call's stack depth measured by painting.
 *
 *   HMAC-SHA256: RFC 4231 test cases 2 ("Jefe") and 6 (131-byte key,
 *   hashed first), plus a tag with one flipped bit, which must be refused.
 *   AES-256-GCM: test case 16 of the GCM specification (McGrew and Viega;
 *   96-bit IV, 20 bytes of AAD, 60 bytes of plaintext), sealed and opened
 *   in place, plus a tag with one flipped bit, which must be refused with
 *   the buffer zeroed; test case 4 (the same with AES-128) as well.
 *
 * Output goes to the semihosting console; the exit status is the number of
 * failed checks. Lines "stack <function> <bytes>" give the deepest stack
 * use of each call (from its entry, i.e. excluding the caller's frame);
 * lines "insns <call> <count>" how many instructions a call executes
 * (QEMU runs with -icount shift=0, one instruction per nanosecond, and
 * SysTick counts at 25 MHz: 40 instructions a tick). Instructions are not
 * cycles: a Cortex-M4 needs somewhat more cycles (loads, taken branches).
 * No libc: the firmware is linked with -nostdlib against libpaycrypt.a.
 */
#include <stddef.h>
#include <stdint.h>

#include "paycrypt.h"
#include "semihost.h"

/* Contexts live in static memory, in the baseline build too, so they are
 * not part of the measured difference; their sizes are printed. */
static paycrypt_hmac_key hmac_key;
static paycrypt_aes_gcm_key gcm_key;

static uint32_t failures;

static void check(int ok, const char *what)
{
    sh_puts(ok ? "ok   " : "FAIL ");
    sh_puts(what);
    sh_puts("\n");
    if (!ok)
        failures++;
}

static int equal(const uint8_t *a, const uint8_t *b, size_t n)
{
    uint8_t d = 0;
    for (size_t i = 0; i < n; i++)
        d |= (uint8_t)(a[i] ^ b[i]);
    return d == 0;
}

static void copy(uint8_t *dst, const uint8_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ((volatile uint8_t *)dst)[i] = src[i];
}

static int all_zero(const uint8_t *p, size_t n)
{
    uint8_t d = 0;
    for (size_t i = 0; i < n; i++)
        d |= p[i];
    return d == 0;
}

/* ---- Stack painting ------------------------------------------------ */

extern uint32_t __stack_bottom[];

/* SP at the moment a thunk calls into the library (set by the thunk). */
static volatile uintptr_t call_sp;

#define MARK_SP()                                                                                  \
    do {                                                                                           \
        uintptr_t sp_;                                                                             \
        __asm__ volatile("mov %0, sp" : "=r"(sp_));                                                \
        call_sp = sp_;                                                                             \
    } while (0)

typedef paycrypt_status (*thunk)(void);

/* Deepest stack below the call, in bytes, over the maximum of each
 * function's runs. */
enum { F_HMAC_INIT, F_HMAC_SIGN, F_HMAC_VERIFY, F_GCM_INIT, F_GCM_SEAL, F_GCM_OPEN, F_COUNT };
static const char *const names[F_COUNT] = {
    "paycrypt_hmac_key_init",    "paycrypt_hmac_key_sign",
    "paycrypt_hmac_key_verify",  "paycrypt_aes_gcm_key_init",
    "paycrypt_aes_gcm_seal_detached", "paycrypt_aes_gcm_open_detached",
};
static uint32_t deepest[F_COUNT];

/* Paint everything below the current stack pointer, run the thunk, and
 * find the lowest word it changed; twice, with two patterns, so that a
 * word the library happens to write with the pattern's value is caught by
 * the other run. */
static paycrypt_status measure(int f, thunk run)
{
    static const uint32_t patterns[2] = {0xdeadbeefu, 0x5a0fc3a5u};
    paycrypt_status status = PAYCRYPT_ERR_INTERNAL;
    for (int k = 0; k < 2; k++) {
        uintptr_t here;
        __asm__ volatile("mov %0, sp" : "=r"(here));
        volatile uint32_t *p = __stack_bottom;
        volatile uint32_t *end = (volatile uint32_t *)(here & ~(uintptr_t)3);
        while (p < end)
            *p++ = patterns[k];
        status = run();
        p = __stack_bottom;
        while (p < end && *p == patterns[k])
            p++;
        if (p == __stack_bottom) {
            sh_puts("FAIL stack overflowed the painted area\n");
            failures++;
        }
        uint32_t used = (uint32_t)(call_sp - (uintptr_t)p);
        if (used > deepest[f])
            deepest[f] = used;
    }
    return status;
}

/* ---- Known answers --------------------------------------------------- */

/* RFC 4231, test case 2 */
static const uint8_t tc2_key[] = "Jefe";
static const uint8_t tc2_msg[] = "what do ya want for nothing?";
static const uint8_t tc2_tag[32] = {
    0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
    0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43,
};

/* RFC 4231, test case 6: a 131-byte key of 0xaa */
static uint8_t tc6_key[131];
static const uint8_t tc6_msg[] = "Test Using Larger Than Block-Size Key - Hash Key First";
static const uint8_t tc6_tag[32] = {
    0x60, 0xe4, 0x31, 0x59, 0x1e, 0xe0, 0xb6, 0x7f, 0x0d, 0x8a, 0x26, 0xaa, 0xcb, 0xf5, 0xb7, 0x7f,
    0x8e, 0x0b, 0xc6, 0x21, 0x37, 0x28, 0xc5, 0x14, 0x05, 0x46, 0x04, 0x0f, 0x0e, 0xe3, 0x7f, 0x54,
};

/* GCM specification, test cases 16 (AES-256) and 4 (AES-128) */
static const uint8_t gcm_key256[32] = {
    0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c, 0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30, 0x83, 0x08,
    0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c, 0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30, 0x83, 0x08,
};
static const uint8_t gcm_iv[12] = {
    0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88,
};
static const uint8_t gcm_aad[20] = {
    0xfe, 0xed, 0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef, 0xfe, 0xed,
    0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef, 0xab, 0xad, 0xda, 0xd2,
};
static const uint8_t gcm_pt[60] = {
    0xd9, 0x31, 0x32, 0x25, 0xf8, 0x84, 0x06, 0xe5, 0xa5, 0x59, 0x09, 0xc5, 0xaf, 0xf5, 0x26,
    0x9a, 0x86, 0xa7, 0xa9, 0x53, 0x15, 0x34, 0xf7, 0xda, 0x2e, 0x4c, 0x30, 0x3d, 0x8a, 0x31,
    0x8a, 0x72, 0x1c, 0x3c, 0x0c, 0x95, 0x95, 0x68, 0x09, 0x53, 0x2f, 0xcf, 0x0e, 0x24, 0x49,
    0xa6, 0xb5, 0x25, 0xb1, 0x6a, 0xed, 0xf5, 0xaa, 0x0d, 0xe6, 0x57, 0xba, 0x63, 0x7b, 0x39,
};
static const uint8_t gcm_ct256[60] = {
    0x52, 0x2d, 0xc1, 0xf0, 0x99, 0x56, 0x7d, 0x07, 0xf4, 0x7f, 0x37, 0xa3, 0x2a, 0x84, 0x42,
    0x7d, 0x64, 0x3a, 0x8c, 0xdc, 0xbf, 0xe5, 0xc0, 0xc9, 0x75, 0x98, 0xa2, 0xbd, 0x25, 0x55,
    0xd1, 0xaa, 0x8c, 0xb0, 0x8e, 0x48, 0x59, 0x0d, 0xbb, 0x3d, 0xa7, 0xb0, 0x8b, 0x10, 0x56,
    0x82, 0x88, 0x38, 0xc5, 0xf6, 0x1e, 0x63, 0x93, 0xba, 0x7a, 0x0a, 0xbc, 0xc9, 0xf6, 0x62,
};
static const uint8_t gcm_tag256[16] = {
    0x76, 0xfc, 0x6e, 0xce, 0x0f, 0x4e, 0x17, 0x68, 0xcd, 0xdf, 0x88, 0x53, 0xbb, 0x2d, 0x55, 0x1b,
};
static const uint8_t gcm_ct128[60] = {
    0x42, 0x83, 0x1e, 0xc2, 0x21, 0x77, 0x74, 0x24, 0x4b, 0x72, 0x21, 0xb7, 0x84, 0xd0, 0xd4,
    0x9c, 0xe3, 0xaa, 0x21, 0x2f, 0x2c, 0x02, 0xa4, 0xe0, 0x35, 0xc1, 0x7e, 0x23, 0x29, 0xac,
    0xa1, 0x2e, 0x21, 0xd5, 0x14, 0xb2, 0x54, 0x66, 0x93, 0x1c, 0x7d, 0x8f, 0x6a, 0x5a, 0xac,
    0x84, 0xaa, 0x05, 0x1b, 0xa3, 0x0b, 0x39, 0x6a, 0x0a, 0xac, 0x97, 0x3d, 0x58, 0xe0, 0x91,
};
static const uint8_t gcm_tag128[16] = {
    0x5b, 0xc9, 0x4f, 0xbc, 0x32, 0x21, 0xa5, 0xdb, 0x94, 0xfa, 0xe9, 0x5a, 0xe7, 0x12, 0x1a, 0x47,
};

/* The current case, read by the thunks. Every thunk can run twice (see
 * measure): the GCM ones first copy their input text into buf. */
static const uint8_t *key_p, *msg_p, *tag_p, *text_p;
static size_t key_n, msg_n, tag_n;
static uint8_t out[32];
static uint8_t buf[60];
static uint8_t tag16[16];

static paycrypt_status do_hmac_init(void)
{
    MARK_SP();
    return paycrypt_hmac_key_init(&hmac_key, key_p, key_n);
}
static paycrypt_status do_hmac_sign(void)
{
    MARK_SP();
    return paycrypt_hmac_key_sign(&hmac_key, msg_p, msg_n, out);
}
static paycrypt_status do_hmac_verify(void)
{
    MARK_SP();
    return paycrypt_hmac_key_verify(&hmac_key, msg_p, msg_n, tag_p, tag_n);
}
static paycrypt_status do_gcm_init(void)
{
    MARK_SP();
    return paycrypt_aes_gcm_key_init(&gcm_key, key_p, key_n);
}
static paycrypt_status do_gcm_seal(void)
{
    copy(buf, text_p, sizeof buf);
    MARK_SP();
    return paycrypt_aes_gcm_seal_detached(&gcm_key, gcm_iv, gcm_aad, sizeof gcm_aad, buf,
                                          sizeof buf, tag16);
}
static paycrypt_status do_gcm_open(void)
{
    copy(buf, text_p, sizeof buf);
    MARK_SP();
    return paycrypt_aes_gcm_open_detached(&gcm_key, gcm_iv, gcm_aad, sizeof gcm_aad, buf,
                                          sizeof buf, tag_p);
}

static void hmac_case(const char *name, const uint8_t *key, size_t key_len, const uint8_t *msg,
                      size_t msg_len, const uint8_t *tag)
{
    uint8_t bad[32];
    key_p = key, key_n = key_len, msg_p = msg, msg_n = msg_len;
    sh_puts("# HMAC-SHA256 ");
    sh_puts(name);
    sh_puts("\n");
    check(measure(F_HMAC_INIT, do_hmac_init) == PAYCRYPT_OK, "hmac_key_init");
    check(measure(F_HMAC_SIGN, do_hmac_sign) == PAYCRYPT_OK && equal(out, tag, 32),
          "hmac_key_sign gives the published tag");
    tag_p = tag, tag_n = 32;
    check(measure(F_HMAC_VERIFY, do_hmac_verify) == PAYCRYPT_OK, "hmac_key_verify accepts it");
    tag_n = 16;
    check(measure(F_HMAC_VERIFY, do_hmac_verify) == PAYCRYPT_OK,
          "hmac_key_verify accepts its 16-byte truncation");
    copy(bad, tag, 32);
    bad[31] ^= 0x01;
    tag_p = bad, tag_n = 32;
    check(measure(F_HMAC_VERIFY, do_hmac_verify) == PAYCRYPT_ERR_VERIFY_FAILED,
          "hmac_key_verify refuses a tag with one flipped bit");
}

static void gcm_case(const char *name, const uint8_t *key, size_t key_len, const uint8_t *ct,
                     const uint8_t *tag)
{
    uint8_t bad[16];
    key_p = key, key_n = key_len;
    sh_puts("# ");
    sh_puts(name);
    sh_puts("\n");
    check(measure(F_GCM_INIT, do_gcm_init) == PAYCRYPT_OK, "aes_gcm_key_init");
    text_p = gcm_pt;
    check(measure(F_GCM_SEAL, do_gcm_seal) == PAYCRYPT_OK && equal(buf, ct, sizeof buf) &&
              equal(tag16, tag, 16),
          "aes_gcm_seal_detached gives the published ciphertext and tag");
    text_p = ct, tag_p = tag;
    check(measure(F_GCM_OPEN, do_gcm_open) == PAYCRYPT_OK && equal(buf, gcm_pt, sizeof buf),
          "aes_gcm_open_detached recovers the plaintext");
    copy(bad, tag, 16);
    bad[0] ^= 0x80;
    tag_p = bad;
    check(measure(F_GCM_OPEN, do_gcm_open) == PAYCRYPT_ERR_VERIFY_FAILED &&
              all_zero(buf, sizeof buf),
          "aes_gcm_open_detached refuses a tag with one flipped bit and zeroes the buffer");
}

/* ---- Instruction counts ---------------------------------------------- */

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

static uint8_t big[1024];

static void count(const char *what, thunk run)
{
    uint32_t t0 = SYST_CVR;
    paycrypt_status status = run();
    uint32_t ticks = (t0 - SYST_CVR) & 0xffffffu;
    if (status != PAYCRYPT_OK) {
        sh_puts("FAIL ");
        sh_puts(what);
        sh_puts("\n");
        failures++;
    }
    sh_puts("insns ");
    sh_puts(what);
    sh_puts(" ");
    sh_put_uint(ticks * 40u);
    sh_puts("\n");
}

static paycrypt_status seal_big(void)
{
    return paycrypt_aes_gcm_seal_detached(&gcm_key, gcm_iv, NULL, 0, big, msg_n, tag16);
}
static paycrypt_status open_big(void)
{
    return paycrypt_aes_gcm_open_detached(&gcm_key, gcm_iv, NULL, 0, big, msg_n, tag16);
}
static paycrypt_status sign_big(void)
{
    return paycrypt_hmac_key_sign(&hmac_key, big, msg_n, out);
}

static void speed(void)
{
    SYST_RVR = 0xffffffu;
    SYST_CVR = 0;
    SYST_CSR = 5; /* enabled, processor clock, no interrupt */
    key_p = tc2_key, key_n = 4;
    count("hmac_key_init", do_hmac_init);
    msg_n = 64;
    count("hmac_key_sign/64B", sign_big);
    msg_n = 1024;
    count("hmac_key_sign/1KiB", sign_big);
    key_p = gcm_key256, key_n = 32;
    count("aes_gcm_key_init/AES-256", do_gcm_init);
    msg_n = 64;
    count("aes_gcm_seal_detached/AES-256/64B", seal_big);
    count("aes_gcm_open_detached/AES-256/64B", open_big);
    msg_n = 1024;
    count("aes_gcm_seal_detached/AES-256/1KiB", seal_big);
    key_n = 16;
    count("aes_gcm_key_init/AES-128", do_gcm_init);
    count("aes_gcm_seal_detached/AES-128/1KiB", seal_big);
    SYST_CSR = 0;
}

int main(void)
{
    for (size_t i = 0; i < sizeof tc6_key; i++)
        tc6_key[i] = 0xaa;

    hmac_case("RFC 4231 test case 2", tc2_key, sizeof tc2_key - 1, tc2_msg, sizeof tc2_msg - 1,
              tc2_tag);
    hmac_case("RFC 4231 test case 6", tc6_key, sizeof tc6_key, tc6_msg, sizeof tc6_msg - 1,
              tc6_tag);
    gcm_case("AES-256-GCM, GCM spec test case 16", gcm_key256, sizeof gcm_key256, gcm_ct256,
             gcm_tag256);
    gcm_case("AES-128-GCM, GCM spec test case 4", gcm_key256, 16, gcm_ct128, gcm_tag128);

    speed();

    for (int f = 0; f < F_COUNT; f++) {
        sh_puts("stack ");
        sh_puts(names[f]);
        sh_puts(" ");
        sh_put_uint(deepest[f]);
        sh_puts("\n");
    }
    sh_puts("sizeof paycrypt_hmac_key ");
    sh_put_uint(sizeof(paycrypt_hmac_key));
    sh_puts("\nsizeof paycrypt_aes_gcm_key ");
    sh_put_uint(sizeof(paycrypt_aes_gcm_key));
    sh_puts("\nsizeof paycrypt_hmac_state ");
    sh_put_uint(sizeof(paycrypt_hmac_state));
    sh_puts("\n");
    sh_puts(failures == 0 ? "known answers: all passed\n" : "known answers: FAILED\n");
    return (int)failures;
}
