/* The baseline: the same firmware with empty entry points, so that the
 * difference in section sizes is what the library costs. */
#include "paycrypt.h"

paycrypt_status paycrypt_hmac_key_init(paycrypt_hmac_key *k, const uint8_t *key, size_t key_len)
{
    (void)k, (void)key, (void)key_len;
    return PAYCRYPT_OK;
}

paycrypt_status paycrypt_hmac_key_sign(const paycrypt_hmac_key *k, const uint8_t *msg,
                                       size_t msg_len, uint8_t *out)
{
    (void)k, (void)msg, (void)msg_len, (void)out;
    return PAYCRYPT_OK;
}

paycrypt_status paycrypt_hmac_key_verify(const paycrypt_hmac_key *k, const uint8_t *msg,
                                         size_t msg_len, const uint8_t *tag, size_t tag_len)
{
    (void)k, (void)msg, (void)msg_len, (void)tag, (void)tag_len;
    return PAYCRYPT_OK;
}

paycrypt_status paycrypt_aes_gcm_key_init(paycrypt_aes_gcm_key *k, const uint8_t *key,
                                          size_t key_len)
{
    (void)k, (void)key, (void)key_len;
    return PAYCRYPT_OK;
}

paycrypt_status paycrypt_aes_gcm_seal_detached(const paycrypt_aes_gcm_key *k,
                                               const uint8_t *nonce, const uint8_t *aad,
                                               size_t aad_len, uint8_t *buf, size_t len,
                                               uint8_t *tag_out)
{
    (void)k, (void)nonce, (void)aad, (void)aad_len, (void)buf, (void)len, (void)tag_out;
    return PAYCRYPT_OK;
}

paycrypt_status paycrypt_aes_gcm_open_detached(const paycrypt_aes_gcm_key *k,
                                               const uint8_t *nonce, const uint8_t *aad,
                                               size_t aad_len, uint8_t *buf, size_t len,
                                               const uint8_t *tag)
{
    (void)k, (void)nonce, (void)aad, (void)aad_len, (void)buf, (void)len, (void)tag;
    return PAYCRYPT_OK;
}
