"""paycrypt._fast, the CPython hot paths of HmacKey.sign and AesGcm: its
contract with _core.py (bytes on success, a status int on failure, None
for arguments it does not take), that hostile arguments give one of those
and never a crash, and that the methods really take it."""

from __future__ import annotations

import hmac
import os
from typing import Any, Callable, List, Tuple

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import paycrypt
from paycrypt import Status, _core, _fast
from paycrypt._native import ffi

K32 = bytes(range(32))
NONCE = bytes(range(12))
HMAC_CTX = ffi.sizeof("paycrypt_hmac_key")
AES_CTX = ffi.sizeof("paycrypt_aes_gcm_key")


def kb(key: Any) -> object:
    return key._kb


def test_results_match_independent_implementations() -> None:
    hk = paycrypt.HmacKey(b"key")
    aes = paycrypt.AesGcm(K32)
    ref = AESGCM(K32)
    for n in (0, 1, 15, 16, 17, 64, 255, 256, 1024, 4095, 4096, 70000):
        msg = os.urandom(n)
        aad = os.urandom(n % 37)
        for kind in (bytes, bytearray, memoryview):
            m = kind(msg)
            assert _fast.hmac_sign(kb(hk), m) == hmac.digest(b"key", msg, "sha256")
            ct = _fast.aes_gcm_seal(kb(aes), kind(NONCE), m, kind(aad))
            assert ct == ref.encrypt(NONCE, msg, aad)
            assert isinstance(ct, bytes)
            assert _fast.aes_gcm_open(kb(aes), kind(NONCE), kind(ct), kind(aad)) == msg
        # None is empty associated data
        assert _fast.aes_gcm_seal(kb(aes), NONCE, msg, None) == ref.encrypt(NONCE, msg, None)


def test_failures_are_status_ints() -> None:
    aes = paycrypt.AesGcm(K32)
    ct = AESGCM(K32).encrypt(NONCE, b"card", b"aad")
    bad = bytes([ct[0] ^ 1]) + ct[1:]
    assert _fast.aes_gcm_open(kb(aes), NONCE, bad, b"aad") == Status.ERR_VERIFY_FAILED
    assert _fast.aes_gcm_open(kb(aes), NONCE, ct, b"other") == Status.ERR_VERIFY_FAILED
    for short in (b"", bytes(15)):
        assert _fast.aes_gcm_open(kb(aes), NONCE, short, None) == Status.ERR_MALFORMED
    for n in (0, 11, 13, 16):
        assert _fast.aes_gcm_seal(kb(aes), bytes(n), b"m", None) == Status.ERR_NONCE_LENGTH
        assert _fast.aes_gcm_open(kb(aes), bytes(n), ct, None) == Status.ERR_NONCE_LENGTH
    hk = paycrypt.HmacKey(b"k")
    hk.wipe()
    aes.wipe()
    assert _fast.hmac_sign(kb(hk), b"m") == Status.ERR_UNINITIALIZED
    assert _fast.aes_gcm_seal(kb(aes), NONCE, b"m", None) == Status.ERR_UNINITIALIZED
    assert _fast.aes_gcm_open(kb(aes), NONCE, ct, b"aad") == Status.ERR_UNINITIALIZED


def test_hostile_key_arguments_never_crash() -> None:
    # Only a writable buffer of exactly the context's size is taken, and the
    # C ABI then checks that it holds an initialised context.
    calls: List[Tuple[int, Callable[[object], object]]] = [
        (HMAC_CTX, lambda k: _fast.hmac_sign(k, b"m")),
        (AES_CTX, lambda k: _fast.aes_gcm_seal(k, NONCE, b"m", None)),
        (AES_CTX, lambda k: _fast.aes_gcm_open(k, NONCE, bytes(32), None)),
    ]
    for size, call in calls:
        for not_taken in (None, 5, "k", bytes(size), bytearray(size - 1), bytearray(size + 1)):
            assert call(not_taken) is None
        assert call(bytearray(size)) == Status.ERR_UNINITIALIZED
        assert call(bytearray(os.urandom(size))) == Status.ERR_UNINITIALIZED
        assert call(memoryview(bytearray(2 * size))[::2]) is None


def test_arguments_it_does_not_take() -> None:
    hk = paycrypt.HmacKey(b"k")
    aes = paycrypt.AesGcm(K32)
    odd: List[object] = ["text", 5, None, [1], memoryview(bytes(64))[::2]]
    for x in odd:
        assert _fast.hmac_sign(kb(hk), x) is None
        assert _fast.aes_gcm_seal(kb(aes), x, b"m", None) is None
        assert _fast.aes_gcm_seal(kb(aes), NONCE, x, None) is None
        assert _fast.aes_gcm_open(kb(aes), NONCE, x, None) is None
        if x is not None:
            assert _fast.aes_gcm_seal(kb(aes), NONCE, b"m", x) is None
    with pytest.raises(TypeError):
        _fast.hmac_sign(kb(hk))  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _fast.aes_gcm_seal(kb(aes), NONCE, b"m")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _fast.aes_gcm_open(kb(aes), NONCE, b"m", None, None)  # type: ignore[call-arg]


def test_methods_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # With the cffi path's output allocation broken, bytes-like arguments
    # still work: they never reach it.
    def broken(*_: object) -> None:
        raise AssertionError("took the cffi path")

    hk = paycrypt.HmacKey(b"k")
    aes = paycrypt.AesGcm(K32)
    monkeypatch.setattr(_core, "_new", broken)
    monkeypatch.setattr(_core, "_new_uninit", broken)
    for kind in (bytes, bytearray, memoryview):
        assert hk.sign(kind(b"m")) == hmac.digest(b"k", b"m", "sha256")
        ct = aes.encrypt(kind(NONCE), kind(b"m"), kind(b"a"))
        assert aes.decrypt(kind(NONCE), kind(ct), kind(b"a")) == b"m"
    # and failures raise from the status, without the cffi path either
    with pytest.raises(paycrypt.VerificationError):
        aes.decrypt(NONCE, bytes(32), None)
    with pytest.raises(paycrypt.MalformedError):
        aes.decrypt(NONCE, bytes(3), None)


def test_failed_open_through_the_method_releases_nothing() -> None:
    aes = paycrypt.AesGcm(K32)
    ct = bytearray(aes.encrypt(NONCE, b"secret card data", None))
    ct[-1] ^= 1
    with pytest.raises(paycrypt.VerificationError):
        aes.decrypt(NONCE, ct, None)
    # the caller's buffer is untouched (the output was a separate object)
    ct[-1] ^= 1
    assert aes.decrypt(NONCE, ct, None) == b"secret card data"
