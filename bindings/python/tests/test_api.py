"""The public surface: exception hierarchy and status mapping, constants,
version checks, context managers, random nonces, current-time default."""

from __future__ import annotations

import importlib.metadata
import pickle
import time
from typing import Callable

import pytest

import paycrypt
from paycrypt import _errors
from paycrypt._native import ffi, lib

ALL_STATUSES = [s.value for s in paycrypt.Status if s != 0]


def test_hierarchy() -> None:
    for cls in (
        paycrypt.ArgumentError,
        paycrypt.VerificationError,
        paycrypt.MalformedError,
        paycrypt.ExpiredError,
        paycrypt.UninitializedError,
        paycrypt.UnsupportedError,
        paycrypt.InternalError,
    ):
        assert issubclass(cls, paycrypt.PaycryptError)
    assert issubclass(paycrypt.ArgumentError, ValueError)
    assert issubclass(paycrypt.MalformedError, ValueError)
    assert not issubclass(paycrypt.VerificationError, ValueError)
    assert paycrypt.VerificationError().status == 7
    assert paycrypt.ExpiredError().status == 9
    assert paycrypt.MalformedError().status == 8


@pytest.mark.parametrize("status", ALL_STATUSES + [13, 200, -1, 2**40])
def test_every_status_maps_to_a_clear_exception(status: int) -> None:
    exc = _errors.error_for(status)
    assert isinstance(exc, paycrypt.PaycryptError)
    assert exc.status == status
    message = paycrypt.status_message(status)
    assert message and str(exc) == message
    if status in (1, 2, 3, 4, 6, 12):
        assert type(exc) is paycrypt.ArgumentError
    expected = {
        5: paycrypt.InternalError,
        7: paycrypt.VerificationError,
        8: paycrypt.MalformedError,
        9: paycrypt.ExpiredError,
        10: paycrypt.UninitializedError,
        11: paycrypt.UnsupportedError,
        255: paycrypt.InternalError,
    }.get(status)
    if expected is not None:
        assert type(exc) is expected
    if status not in ALL_STATUSES:
        assert type(exc) is paycrypt.PaycryptError
        assert "unknown" in message


def test_status_messages_come_from_the_c_library() -> None:
    for status in ALL_STATUSES:
        assert paycrypt.status_message(status) == ffi.string(lib.paycrypt_status_message(status)).decode()
    assert paycrypt.status_message(12).startswith("an output buffer overlaps")
    assert paycrypt.status_message(11) == "feature not available in this build"


def test_exceptions_carry_detail_and_pickle() -> None:
    with pytest.raises(paycrypt.ArgumentError) as info:
        paycrypt.AesGcm(b"short")
    exc = info.value
    assert exc.status == 2 and exc.detail == "AES-GCM keys are 16 or 32 bytes, got 5"
    assert str(exc) == "key length not accepted: AES-GCM keys are 16 or 32 bytes, got 5"
    assert "ArgumentError(status=2" in repr(exc)
    again = pickle.loads(pickle.dumps(exc))
    assert type(again) is paycrypt.ArgumentError and again.status == 2 and str(again) == str(exc)
    assert type(exc).__module__ == "paycrypt"


def test_status_enum_matches_header() -> None:
    for s in paycrypt.Status:
        assert getattr(lib, "PAYCRYPT_" + s.name) == s.value
    assert lib.PAYCRYPT_ERR_OVERLAP == 12


def test_constants_and_version() -> None:
    assert paycrypt.HMAC_SHA256_BYTES == lib.PAYCRYPT_HMAC_SHA256_BYTES == 32
    assert paycrypt.AES_GCM_NONCE_BYTES == lib.PAYCRYPT_AES_GCM_NONCE_BYTES == 12
    assert paycrypt.ENVELOPE_OVERHEAD == lib.PAYCRYPT_ENVELOPE_OVERHEAD == 33
    assert paycrypt.HKDF_SHA256_MAX_BYTES == lib.PAYCRYPT_HKDF_SHA256_MAX_BYTES == 8160
    lib_version = ffi.string(lib.paycrypt_version()).decode()
    assert paycrypt.__version__ == lib_version
    assert lib_version == f"{lib.PAYCRYPT_VERSION_MAJOR}.{lib.PAYCRYPT_VERSION_MINOR}.{lib.PAYCRYPT_VERSION_PATCH}"
    assert importlib.metadata.version("paycrypt") == lib_version


def test_import_check_fails_loudly_on_mismatch(monkeypatch: pytest.MonkeyPatch) -> None:
    # _check_native compares the header's constants, the library version
    # and a known answer with what the Python layer assumes; simulate a
    # Python layer written for another header.
    monkeypatch.setattr(paycrypt, "AES_GCM_NONCE_BYTES", 16)
    with pytest.raises(ImportError, match="PAYCRYPT_AES_GCM_NONCE_BYTES is 12 in the header"):
        paycrypt._check_native()
    monkeypatch.undo()
    assert paycrypt._check_native() == paycrypt.__version__


def test_package_is_typed() -> None:
    import pathlib

    root = pathlib.Path(paycrypt.__file__).parent
    assert (root / "py.typed").is_file()
    assert (root / "_native.pyi").is_file()


def test_envelope_random_nonces_differ() -> None:
    key = paycrypt.AesGcm(paycrypt.AesGcm.generate_key())
    a = paycrypt.envelope_seal(key, 5, b"card", b"ctx")
    b = paycrypt.envelope_seal(key, 5, b"card", b"ctx")
    assert a != b and a[5:17] != b[5:17]
    assert paycrypt.envelope_open(key, a, b"ctx") == paycrypt.envelope_open(key, b, b"ctx") == b"card"
    with pytest.raises(paycrypt.VerificationError):
        paycrypt.envelope_open(key, a, b"other ctx")


def test_random_bytes() -> None:
    assert len({paycrypt.random_bytes(16) for _ in range(20)}) == 20
    assert len(paycrypt.AesGcm.generate_key(256)) == 32


def test_webhook_verify_uses_current_time_by_default() -> None:
    now = int(time.time())
    paycrypt.webhook_verify(b"whsec_x", b"{}", paycrypt.webhook_sign(b"whsec_x", b"{}", now))
    paycrypt.webhook_verify(b"whsec_x", b"{}", paycrypt.webhook_sign(b"whsec_x", b"{}", now - 250))
    old = paycrypt.webhook_sign(b"whsec_x", b"{}", now - 1000)
    with pytest.raises(paycrypt.ExpiredError):
        paycrypt.webhook_verify(b"whsec_x", b"{}", old)
    paycrypt.webhook_verify(b"whsec_x", b"{}", old, tolerance=2000)
    paycrypt.webhook_verify(b"whsec_x", b"{}", old, tolerance=0)
    future = paycrypt.webhook_sign(b"whsec_x", b"{}", now + 1000)
    with pytest.raises(paycrypt.ExpiredError):
        paycrypt.webhook_verify(b"whsec_x", b"{}", future)


def test_webhook_header_shapes() -> None:
    ts = 1_700_000_000
    h = paycrypt.webhook_sign(b"s", b"body", ts)
    v1 = h.split("v1=")[1]
    for header in (f"v1={v1},t={ts}", f"t={ts},v0=zz,v1={v1}", f"t={ts},v1=short,v1={v1}"):
        paycrypt.webhook_verify(b"s", b"body", header, tolerance=0)
    for header in (f"t={ts},t={ts},v1={v1}", f"v1={v1}", f"t={ts}", f"t={ts},v1=short", "garbage"):
        with pytest.raises(paycrypt.MalformedError):
            paycrypt.webhook_verify(b"s", b"body", header, tolerance=0)


def test_verify_returns_none() -> None:
    key = paycrypt.HmacKey(b"k")
    verify: Callable[..., object] = key.verify
    assert verify(b"m", key.sign(b"m")) is None
    verify = paycrypt.hmac_sha256_verify
    assert verify(b"k", b"m", key.sign(b"m")) is None


def test_aesgcm_signature_matches_cryptography() -> None:
    import inspect

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    for name in ("encrypt", "decrypt"):
        ours = list(inspect.signature(getattr(paycrypt.AesGcm, name)).parameters)
        theirs = list(inspect.signature(getattr(AESGCM, name)).parameters)
        assert ours == theirs == ["self", "nonce", "data", "associated_data"]
    g = paycrypt.AesGcm(bytes(16))
    ct = g.encrypt(nonce=bytes(12), data=b"x", associated_data=None)
    assert g.decrypt(nonce=bytes(12), data=ct, associated_data=None) == b"x"
