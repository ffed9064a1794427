"""The C ABI itself, through the extension's raw ``lib``: the promises
the header's doc comments make that the Python layer relies on or cannot
reach (NULL rules, size queries, zeroing on failure, overlap refusal,
all-zero contexts, streaming state forks)."""

from __future__ import annotations

import hashlib
import hmac

from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from paycrypt._native import ffi, lib

if TYPE_CHECKING:
    from paycrypt._native import CData

OK = lib.PAYCRYPT_OK
NULL = ffi.NULL
KEY = bytes(range(32))
NONCE = bytes(12)


def hmac_key(secret: bytes = b"k") -> "CData":
    k = ffi.new("paycrypt_hmac_key *")
    assert lib.paycrypt_hmac_key_init(k, secret, len(secret)) == OK
    return k


def aes_key(key: bytes = KEY) -> "CData":
    k = ffi.new("paycrypt_aes_gcm_key *")
    assert lib.paycrypt_aes_gcm_key_init(k, key, len(key)) == OK
    return k


def test_null_with_zero_length_is_the_empty_input() -> None:
    out = ffi.new("uint8_t[32]")
    assert lib.paycrypt_sha256(NULL, 0, out) == OK
    assert ffi.unpack(ffi.cast("char *", out), 32) == hashlib.sha256(b"").digest()
    assert lib.paycrypt_hmac_sha256(NULL, 0, NULL, 0, out) == OK
    assert ffi.unpack(ffi.cast("char *", out), 32) == hmac.digest(b"", b"", "sha256")
    assert lib.paycrypt_ct_equal(NULL, NULL, 0) == OK
    assert lib.paycrypt_hmac_key_sign_batch(hmac_key(), NULL, 0, NULL) == OK


def test_null_with_length_is_an_error_not_a_crash() -> None:
    out = ffi.new("uint8_t[32]")
    assert lib.paycrypt_sha256(NULL, 1, out) == lib.PAYCRYPT_ERR_NULL_POINTER
    assert lib.paycrypt_sha256(b"x", 1, NULL) == lib.PAYCRYPT_ERR_NULL_POINTER
    assert lib.paycrypt_hmac_key_sign(NULL, b"x", 1, out) == lib.PAYCRYPT_ERR_NULL_POINTER
    assert lib.paycrypt_hmac_key_init(NULL, b"x", 1) == lib.PAYCRYPT_ERR_NULL_POINTER
    assert lib.paycrypt_ct_equal(NULL, b"x", 1) == lib.PAYCRYPT_ERR_NULL_POINTER
    slices = ffi.new("paycrypt_slice[2]")
    slices[0].ptr = ffi.from_buffer(b"ok")
    slices[0].len = 2
    slices[1].ptr = NULL
    slices[1].len = 5
    tags = ffi.new("uint8_t[64]", b"\xaa" * 64)
    assert lib.paycrypt_hmac_key_sign_batch(hmac_key(), slices, 2, tags) == lib.PAYCRYPT_ERR_NULL_POINTER
    assert bytes(ffi.buffer(tags)) == b"\xaa" * 64  # "before any tag is written"
    lib.paycrypt_hmac_key_wipe(NULL)  # no-op
    lib.paycrypt_aes_gcm_key_wipe(NULL)
    lib.paycrypt_wipe(NULL, 0)


def test_all_zero_contexts_are_uninitialized() -> None:
    out = ffi.new("uint8_t[64]")
    out_len = ffi.new("size_t *")
    hk = ffi.new("paycrypt_hmac_key *")
    ak = ffi.new("paycrypt_aes_gcm_key *")
    st = ffi.new("paycrypt_hmac_state *")
    u = lib.PAYCRYPT_ERR_UNINITIALIZED
    assert lib.paycrypt_hmac_key_sign(hk, b"", 0, out) == u
    assert lib.paycrypt_aes_gcm_seal(ak, NONCE, NULL, 0, b"", 0, out, 64, out_len) == u
    assert lib.paycrypt_hmac_state_init(st, hk) == u
    assert lib.paycrypt_hmac_state_update(st, b"x", 1) == u
    assert lib.paycrypt_hmac_state_final(st, out) == u


def test_size_queries() -> None:
    k = aes_key()
    out_len = ffi.new("size_t *")
    assert lib.paycrypt_aes_gcm_seal(k, NONCE, NULL, 0, b"abc", 3, NULL, 0, out_len) == lib.PAYCRYPT_ERR_BUFFER_TOO_SMALL
    assert out_len[0] == 19
    ct = AESGCM(KEY).encrypt(NONCE, b"abc", None)
    assert lib.paycrypt_aes_gcm_open(k, NONCE, NULL, 0, ct, len(ct), NULL, 0, out_len) == lib.PAYCRYPT_ERR_BUFFER_TOO_SMALL
    assert out_len[0] == 3
    hk = hmac_key()
    small = ffi.new("char[10]", b"\x55" * 10)
    assert lib.paycrypt_webhook_sign(hk, -(2**63), b"", 0, small, 10, out_len) == lib.PAYCRYPT_ERR_BUFFER_TOO_SMALL
    assert out_len[0] == len(f"t={-(2**63)},v1=") + 64 + 1 == 91
    assert bytes(ffi.buffer(small)) == b"\x55" * 10  # nothing written
    fields = ffi.new("paycrypt_slice[8]")
    assert lib.paycrypt_adyen_sign(b"00", 2, fields, small, 10, out_len) == lib.PAYCRYPT_ERR_BUFFER_TOO_SMALL
    assert out_len[0] == 45
    env_len = ffi.new("size_t *")
    assert lib.paycrypt_envelope_seal(k, 1, NONCE, NULL, 0, b"abc", 3, NULL, 0, env_len) == lib.PAYCRYPT_ERR_BUFFER_TOO_SMALL
    assert env_len[0] == 36


def test_failed_open_zeroes_the_output() -> None:
    k = aes_key()
    ct = bytearray(AESGCM(KEY).encrypt(NONCE, b"secret card number", b"aad"))
    ct[-1] ^= 1
    out = ffi.new("uint8_t[64]", b"\xaa" * 64)
    out_len = ffi.new("size_t *")
    st = lib.paycrypt_aes_gcm_open(k, NONCE, b"aad", 3, bytes(ct), len(ct), out, 64, out_len)
    assert st == lib.PAYCRYPT_ERR_VERIFY_FAILED
    assert bytes(ffi.buffer(out, 18)) == bytes(18)  # the plaintext-sized part
    # in place: the whole buffer
    buf = ffi.new("uint8_t[]", bytes(ct))
    st = lib.paycrypt_aes_gcm_open(k, NONCE, b"aad", 3, buf, len(ct), buf, len(ct), out_len)
    assert st == lib.PAYCRYPT_ERR_VERIFY_FAILED
    assert bytes(ffi.buffer(buf, len(ct))) == bytes(len(ct))
    # detached
    body = ffi.new("uint8_t[]", bytes(ct[:-16]))
    st = lib.paycrypt_aes_gcm_open_detached(k, NONCE, b"aad", 3, body, len(ct) - 16, bytes(ct[-16:]))
    assert st == lib.PAYCRYPT_ERR_VERIFY_FAILED
    assert bytes(ffi.buffer(body, len(ct) - 16)) == bytes(len(ct) - 16)


def test_in_place_seal_and_overlap_refusal() -> None:
    k = aes_key()
    pt = b"in place plaintext"
    buf = ffi.new("uint8_t[]", pt + bytes(16))
    out_len = ffi.new("size_t *")
    assert lib.paycrypt_aes_gcm_seal(k, NONCE, NULL, 0, buf, len(pt), buf, len(pt) + 16, out_len) == OK
    assert bytes(ffi.buffer(buf, len(pt) + 16)) == AESGCM(KEY).encrypt(NONCE, pt, None)
    # out overlapping the AAD is refused before anything is written
    area = ffi.new("uint8_t[64]", b"\x11" * 64)
    st = lib.paycrypt_aes_gcm_seal(k, NONCE, area, 8, b"abc", 3, area + 4, 40, out_len)
    assert st == lib.PAYCRYPT_ERR_OVERLAP
    assert bytes(ffi.buffer(area)) == b"\x11" * 64
    okm = ffi.new("uint8_t[64]", b"\x22" * 64)
    assert lib.paycrypt_hkdf_sha256(okm, 16, b"ikm", 3, NULL, 0, okm + 8, 32) == lib.PAYCRYPT_ERR_OVERLAP


def test_streaming_state_forks_by_copy_and_final_wipes() -> None:
    k = hmac_key(b"stream key")
    s = ffi.new("paycrypt_hmac_state *")
    assert lib.paycrypt_hmac_state_init(s, k) == OK
    assert lib.paycrypt_hmac_state_update(s, b"hello ", 6) == OK
    fork = ffi.new("paycrypt_hmac_state *")
    ffi.memmove(fork, s, ffi.sizeof("paycrypt_hmac_state"))
    out = ffi.new("uint8_t[32]")
    assert lib.paycrypt_hmac_state_final(fork, out) == OK
    assert bytes(ffi.buffer(out)) == hmac.digest(b"stream key", b"hello ", "sha256")
    assert lib.paycrypt_hmac_state_update(s, b"world", 5) == OK
    assert lib.paycrypt_hmac_state_final(s, out) == OK
    assert bytes(ffi.buffer(out)) == hmac.digest(b"stream key", b"hello world", "sha256")
    assert lib.paycrypt_hmac_state_final(s, out) == lib.PAYCRYPT_ERR_UNINITIALIZED
    assert bytes(ffi.buffer(s)) == bytes(ffi.sizeof("paycrypt_hmac_state"))


def test_failed_init_wipes_the_context() -> None:
    k = aes_key()
    assert lib.paycrypt_aes_gcm_key_init(k, b"short", 5) == lib.PAYCRYPT_ERR_KEY_LENGTH
    out = ffi.new("uint8_t[32]")
    out_len = ffi.new("size_t *")
    assert lib.paycrypt_aes_gcm_seal(k, NONCE, NULL, 0, b"", 0, out, 32, out_len) == lib.PAYCRYPT_ERR_UNINITIALIZED


@pytest.mark.parametrize("status", list(range(-2, 14)) + [255, 256, 2**31 - 1, -(2**31)])
def test_status_message_for_any_int(status: int) -> None:
    text = ffi.string(lib.paycrypt_status_message(status)).decode()
    assert text


def test_fixed_size_outputs_may_overlap_inputs() -> None:
    msg = bytes(range(64))
    buf = ffi.new("uint8_t[64]", list(msg))
    assert lib.paycrypt_sha256(buf, 64, buf) == OK  # out written after msg is read
    assert bytes(ffi.buffer(buf, 32)) == hashlib.sha256(msg).digest()
    buf = ffi.new("uint8_t[64]", list(msg))
    assert lib.paycrypt_hmac_key_sign(hmac_key(b"k"), buf, 64, buf + 16) == OK
    assert bytes(ffi.buffer(buf + 16, 32)) == hmac.digest(b"k", msg, "sha256")


@pytest.mark.parametrize("shift", [-7, -1, 1, 5, 16])
def test_seal_and_open_with_memmove_overlap(shift: int) -> None:
    k = aes_key()
    pt = bytes(range(100))
    want = AESGCM(KEY).encrypt(NONCE, pt, b"a")
    area = ffi.new("uint8_t[200]")
    base = 50
    ffi.memmove(area + base, pt, len(pt))
    out_len = ffi.new("size_t *")
    st = lib.paycrypt_aes_gcm_seal(k, NONCE, b"a", 1, area + base, len(pt), area + base + shift, 116, out_len)
    assert st == OK and out_len[0] == 116
    assert bytes(ffi.buffer(area + base + shift, 116)) == want
    st = lib.paycrypt_aes_gcm_open(k, NONCE, b"a", 1, area + base + shift, 116, area + base, 100, out_len)
    assert st == OK and out_len[0] == 100
    assert bytes(ffi.buffer(area + base, 100)) == pt


def test_protocol_outputs_refuse_overlap_and_zero_on_failure() -> None:
    k = aes_key()
    env_len = ffi.new("size_t *")
    env = ffi.new("uint8_t[64]")
    assert lib.paycrypt_envelope_seal(k, 9, NONCE, b"aad", 3, b"card number", 11, env, 64, env_len) == OK
    n = env_len[0]
    sealed = bytes(ffi.buffer(env, n))
    # open into the envelope itself: refused, nothing written
    assert lib.paycrypt_envelope_open(k, b"aad", 3, env, n, env + 1, 20, env_len) == lib.PAYCRYPT_ERR_OVERLAP
    assert bytes(ffi.buffer(env, n)) == sealed
    # wrong AAD: the plaintext-sized part of out is zeroed
    out = ffi.new("uint8_t[32]", b"\xaa" * 32)
    assert lib.paycrypt_envelope_open(k, b"AAD", 3, sealed, n, out, 32, env_len) == lib.PAYCRYPT_ERR_VERIFY_FAILED
    assert bytes(ffi.buffer(out, 11)) == bytes(11)
    # WeChat Pay v3: same rules
    import base64

    key = b"0123456789abcdef0123456789abcdef"
    ct = base64.b64encode(AESGCM(key).encrypt(b"nonce-123456", b"{\"a\":1}", b"x"))
    out = ffi.new("uint8_t[32]", b"\xaa" * 32)
    st = lib.paycrypt_wechatpay_v3_decrypt(key, b"nonce-123456", 12, b"y", 1, ct, len(ct), out, 32, env_len)
    assert st == lib.PAYCRYPT_ERR_VERIFY_FAILED
    assert bytes(ffi.buffer(out, 7)) == bytes(7)
    inbuf = ffi.new("char[]", ct)
    st = lib.paycrypt_wechatpay_v3_decrypt(key, b"nonce-123456", 12, b"x", 1, inbuf, len(ct), ffi.cast("uint8_t *", inbuf), len(ct), env_len)
    assert st == lib.PAYCRYPT_ERR_OVERLAP


def test_streaming_update_refuses_data_inside_the_state() -> None:
    k = hmac_key()
    s = ffi.new("paycrypt_hmac_state *")
    assert lib.paycrypt_hmac_state_init(s, k) == OK
    inside = ffi.cast("uint8_t *", s)
    assert lib.paycrypt_hmac_state_update(s, inside, 8) == lib.PAYCRYPT_ERR_OVERLAP


def test_random_bytes_rules() -> None:
    assert lib.paycrypt_random_bytes(NULL, 0) == OK
    assert lib.paycrypt_random_bytes(NULL, 1) == lib.PAYCRYPT_ERR_NULL_POINTER
