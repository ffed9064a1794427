/*
 * paycrypt demo: a POS terminal signs a payment request, the gateway
 * verifies it (and rejects a tampered amount), and card data is sealed
 * with AES-256-GCM bound to the order id, then opened again. Then a signed
 * webhook from the gateway is verified (and its replay refused), and card
 * data is kept in a sealed envelope that names its key.
 *
 * Build and run: make demo
 */
#include <stdio.h>
#include <string.h>

#include "paycrypt.h"

static int check(paycrypt_status s, const char *what) {
    if (s != PAYCRYPT_OK) {
        fprintf(stderr, "%s failed: %s\n", what, paycrypt_status_message((int32_t)s));
        return 1;
    }
    return 0;
}

static void print_hex(const char *label, const uint8_t *b, size_t n) {
    size_t i;
    printf("%s", label);
    for (i = 0; i < n; i++) printf("%02x", b[i]);
    printf("\n");
}

int main(void) {
    /* Shared secret between terminal and gateway (provisioned at install). */
    static const uint8_t mac_secret[32] = "terminal-42/gateway shared key!";
    /* Card-data encryption key (in real firmware: from a key-injection
       facility or derived per session with paycrypt_hkdf_sha256). */
    static const uint8_t card_key[32] = {
        0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe, 0x2b, 0x73, 0xae, 0xf0, 0x85, 0x7d, 0x77, 0x81,
        0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61, 0x08, 0xd7, 0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4};
    const char *request = "{\"amount\":100,\"currency\":\"CNY\",\"order_id\":\"123456789\"}";
    const char *tampered = "{\"amount\":900,\"currency\":\"CNY\",\"order_id\":\"123456789\"}";
    const char *order_id = "123456789";
    const char *pan = "4111111111111111";

    paycrypt_hmac_key terminal_key, gateway_key;
    paycrypt_aes_gcm_key aes;
    char sig_hex[65];
    uint8_t nonce[PAYCRYPT_AES_GCM_NONCE_BYTES];
    uint8_t sealed[64], opened[64];
    size_t sealed_len = 0, opened_len = 0;
    paycrypt_status s;

    printf("paycrypt %s\n\n", paycrypt_version());

    /* 1. Terminal: precompute the HMAC key once, sign each request. */
    if (check(paycrypt_hmac_key_init(&terminal_key, mac_secret, sizeof mac_secret), "hmac_key_init")) return 1;
    if (check(paycrypt_hmac_key_sign_hex(&terminal_key, (const uint8_t *)request, strlen(request), sig_hex),
              "sign")) return 1;
    printf("1. terminal signs request  %s\n   signature (HMAC-SHA256)  %s\n", request, sig_hex);

    /* 2. Gateway: verify the signature in constant time. */
    if (check(paycrypt_hmac_key_init(&gateway_key, mac_secret, sizeof mac_secret), "hmac_key_init")) return 1;
    s = paycrypt_hmac_key_verify_hex(&gateway_key, (const uint8_t *)request, strlen(request), sig_hex, 64);
    printf("2. gateway verifies        %s\n", s == PAYCRYPT_OK ? "OK, request accepted" : paycrypt_status_message((int32_t)s));
    if (s != PAYCRYPT_OK) return 1;

    /* 3. An attacker changes the amount: the same signature must fail. */
    s = paycrypt_hmac_key_verify_hex(&gateway_key, (const uint8_t *)tampered, strlen(tampered), sig_hex, 64);
    printf("3. tampered amount         %s\n   -> %s\n", tampered,
           s == PAYCRYPT_ERR_VERIFY_FAILED ? "REJECTED (signature or tag mismatch)" : "ACCEPTED (bug!)");
    if (s != PAYCRYPT_ERR_VERIFY_FAILED) return 1;

    /* 4. Seal card data with AES-256-GCM, bound to the order id as AAD. */
    if (check(paycrypt_aes_gcm_key_init(&aes, card_key, sizeof card_key), "aes_gcm_key_init")) return 1;
    if (check(paycrypt_random_bytes(nonce, sizeof nonce), "random_bytes")) return 1;
    if (check(paycrypt_aes_gcm_seal(&aes, nonce, (const uint8_t *)order_id, strlen(order_id),
                                    (const uint8_t *)pan, strlen(pan), sealed, sizeof sealed, &sealed_len),
              "seal")) return 1;
    printf("4. card number sealed      %zu bytes (ciphertext || tag), AAD = order %s\n", sealed_len, order_id);
    print_hex("   nonce                   ", nonce, sizeof nonce);
    print_hex("   sealed                  ", sealed, sealed_len);

    /* 5. Open it again (same key, nonce and order id). */
    if (check(paycrypt_aes_gcm_open(&aes, nonce, (const uint8_t *)order_id, strlen(order_id), sealed, sealed_len,
                                    opened, sizeof opened, &opened_len),
              "open")) return 1;
    printf("5. opened                  %.*s\n", (int)opened_len, (const char *)opened);

    /* 6. The same ciphertext presented for another order is refused, and
          no plaintext is released. */
    s = paycrypt_aes_gcm_open(&aes, nonce, (const uint8_t *)"987654321", 9, sealed, sealed_len, opened,
                              sizeof opened, &opened_len);
    printf("6. opened for order 987654321: %s\n", s == PAYCRYPT_ERR_VERIFY_FAILED
               ? "REJECTED (output zeroed)" : "ACCEPTED (bug!)");
    if (s != PAYCRYPT_ERR_VERIFY_FAILED) return 1;

    /* 7. The gateway notifies the terminal with a Stripe-style signed
          webhook; the terminal checks signature and age against its own
          clock (here a fixed time), and refuses a replay ten minutes on. */
    {
        const char *event = "{\"type\":\"payment.succeeded\",\"order_id\":\"123456789\"}";
        const int64_t sent_at = 1700000000;
        char header[128];
        size_t header_len = 0;
        if (check(paycrypt_webhook_sign(&gateway_key, sent_at, (const uint8_t *)event, strlen(event), header,
                                        sizeof header, &header_len), "webhook_sign")) return 1;
        printf("7. webhook header          %s\n", header);
        s = paycrypt_webhook_verify(&terminal_key, header, header_len, (const uint8_t *)event, strlen(event),
                                    sent_at + 2, 300);
        printf("   verified 2 s later      %s\n", s == PAYCRYPT_OK ? "OK" : paycrypt_status_message((int32_t)s));
        if (s != PAYCRYPT_OK) return 1;
        s = paycrypt_webhook_verify(&terminal_key, header, header_len, (const uint8_t *)event, strlen(event),
                                    sent_at + 600, 300);
        printf("   replayed 10 min later   %s\n", s == PAYCRYPT_ERR_EXPIRED ? "REJECTED (expired)" : "ACCEPTED (bug!)");
        if (s != PAYCRYPT_ERR_EXPIRED) return 1;
    }

    /* 8. Card data at rest in a sealed envelope that names its key, so
          keys can be rotated: the reader picks the key by id, then opens. */
    {
        uint8_t envelope[16 + PAYCRYPT_ENVELOPE_OVERHEAD];
        size_t env_len = 0;
        uint32_t key_id = 0;
        if (check(paycrypt_envelope_seal(&aes, 2, NULL, (const uint8_t *)order_id, strlen(order_id),
                                         (const uint8_t *)pan, strlen(pan), envelope, sizeof envelope, &env_len),
                  "envelope_seal")) return 1;
        if (check(paycrypt_envelope_key_id(envelope, env_len, &key_id), "envelope_key_id")) return 1;
        printf("8. envelope                %zu bytes, key id %u (random nonce)\n", env_len, (unsigned)key_id);
        if (check(paycrypt_envelope_open(&aes, (const uint8_t *)order_id, strlen(order_id), envelope, env_len,
                                         opened, sizeof opened, &opened_len), "envelope_open")) return 1;
        printf("   opened with key %u      %.*s\n", (unsigned)key_id, (int)opened_len, (const char *)opened);
        envelope[1] ^= 0x01; /* claim another key id */
        s = paycrypt_envelope_open(&aes, (const uint8_t *)order_id, strlen(order_id), envelope, env_len, opened,
                                   sizeof opened, &opened_len);
        printf("   key id altered          %s\n", s == PAYCRYPT_ERR_VERIFY_FAILED
                   ? "REJECTED (the header is authenticated)" : "ACCEPTED (bug!)");
        if (s != PAYCRYPT_ERR_VERIFY_FAILED) return 1;
    }

    /* Keys are wiped when no longer needed. */
    paycrypt_hmac_key_wipe(&terminal_key);
    paycrypt_hmac_key_wipe(&gateway_key);
    paycrypt_aes_gcm_key_wipe(&aes);
    paycrypt_wipe(opened, sizeof opened);
    printf("\nkeys wiped; demo finished\n");
    return 0;
}
