"""paycrypt: payment cryptography over the paycrypt C ABI.

HMAC-SHA256 signing and constant-time verification (with precomputed
keys and batch signing), AES-GCM, HKDF-SHA256, Stripe-style, GitHub,
Adyen and WeChat Pay signatures, and sealed envelopes for card data. The
native library (Rust, built by ``pip install ./bindings/python``) is linked
into the ``paycrypt._native`` cffi extension.

Bytes in, bytes out; errors are :class:`PaycryptError` subclasses that
carry the C status code.

>>> import paycrypt
>>> key = paycrypt.HmacKey(b"terminal-42 shared secret")
>>> tag = key.sign(b'{"amount":100,"currency":"CNY"}')
>>> key.verify(b'{"amount":100,"currency":"CNY"}', tag)
>>> key.verify(b'{"amount":900,"currency":"CNY"}', tag)
Traceback (most recent call last):
...
paycrypt.VerificationError: signature or tag mismatch
"""

from __future__ import annotations

from ._native import ffi as _ffi
from ._native import lib as _lib

from ._errors import (  # noqa: E402  (after the extension import, on purpose)
    ArgumentError,
    ExpiredError,
    InternalError,
    MalformedError,
    PaycryptError,
    Status,
    UninitializedError,
    UnsupportedError,
    VerificationError,
    status_message,
)
from ._core import (  # noqa: E402
    AES_GCM_KEY_SIZES,
    AES_GCM_NONCE_BYTES,
    AES_GCM_TAG_BYTES,
    ENVELOPE_OVERHEAD,
    GIL_RELEASE_BYTES,
    HKDF_SHA256_MAX_BYTES,
    HMAC_MIN_TAG_BYTES,
    HMAC_SHA256_BYTES,
    SHA256_BYTES,
    AesGcm,
    BytesLike,
    HmacKey,
    ct_equal,
    hkdf_sha256,
    hmac_sha256,
    hmac_sha256_verify,
    random_bytes,
    sha256,
)
from ._protocols import (  # noqa: E402
    adyen_payload_verify,
    adyen_sign,
    adyen_verify,
    envelope_key_id,
    envelope_open,
    envelope_seal,
    github_verify,
    wechatpay_v2_sign,
    wechatpay_v2_verify,
    wechatpay_v3_decrypt,
    webhook_sign,
    webhook_verify,
)


def _check_native() -> str:
    """Fail loudly at import if the extension's header, the linked library
    and this Python layer disagree; return the library version."""
    problems = []
    lib_version = _ffi.string(_lib.paycrypt_version()).decode("ascii")
    header_version = _ffi.string(_lib.paycrypt_py_header_version()).decode("ascii")
    if lib_version != header_version:
        problems.append(f"library version {lib_version} != header version {header_version}")
    constants = {
        "PAYCRYPT_SHA256_BYTES": SHA256_BYTES,
        "PAYCRYPT_HMAC_SHA256_BYTES": HMAC_SHA256_BYTES,
        "PAYCRYPT_HMAC_MIN_TAG_BYTES": HMAC_MIN_TAG_BYTES,
        "PAYCRYPT_AES_GCM_NONCE_BYTES": AES_GCM_NONCE_BYTES,
        "PAYCRYPT_AES_GCM_TAG_BYTES": AES_GCM_TAG_BYTES,
        "PAYCRYPT_ENVELOPE_OVERHEAD": ENVELOPE_OVERHEAD,
        "PAYCRYPT_HKDF_SHA256_MAX_BYTES": HKDF_SHA256_MAX_BYTES,
    }
    for name, expected in constants.items():
        got = getattr(_lib, name, None)
        if got != expected:
            problems.append(f"{name} is {got} in the header, the Python layer assumes {expected}")
    for status in Status:
        got = getattr(_lib, "PAYCRYPT_" + status.name, None)
        if got != status.value:
            problems.append(f"PAYCRYPT_{status.name} is {got}, expected {status.value}")
    for ctx in ("paycrypt_hmac_key", "paycrypt_hmac_state", "paycrypt_aes_gcm_key"):
        size = _ffi.sizeof(ctx)
        if size == 0 or size % 8:
            problems.append(f"sizeof({ctx}) = {size} is not a positive multiple of 8")
    # known answer (RFC 4231 test case 2) through a precomputed key
    tag = HmacKey(b"Jefe").sign(b"what do ya want for nothing?").hex()
    if tag != "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843":
        problems.append("HMAC-SHA256 known-answer test failed")
    if problems:
        raise ImportError(
            "paycrypt: the native extension does not match this package "
            "(rebuild with `pip install --force-reinstall ./bindings/python`): "
            + "; ".join(problems)
        )
    return lib_version


__version__ = _check_native()

__all__ = [
    "__version__",
    # errors
    "Status",
    "PaycryptError",
    "ArgumentError",
    "VerificationError",
    "MalformedError",
    "ExpiredError",
    "UninitializedError",
    "UnsupportedError",
    "InternalError",
    "status_message",
    # sizes
    "SHA256_BYTES",
    "HMAC_SHA256_BYTES",
    "HMAC_MIN_TAG_BYTES",
    "AES_GCM_KEY_SIZES",
    "AES_GCM_NONCE_BYTES",
    "AES_GCM_TAG_BYTES",
    "ENVELOPE_OVERHEAD",
    "HKDF_SHA256_MAX_BYTES",
    "GIL_RELEASE_BYTES",
    "BytesLike",
    # primitives
    "sha256",
    "hmac_sha256",
    "hmac_sha256_verify",
    "HmacKey",
    "AesGcm",
    "hkdf_sha256",
    "ct_equal",
    "random_bytes",
    # protocols
    "webhook_sign",
    "webhook_verify",
    "github_verify",
    "adyen_sign",
    "adyen_verify",
    "adyen_payload_verify",
    "wechatpay_v2_sign",
    "wechatpay_v2_verify",
    "wechatpay_v3_decrypt",
    "envelope_seal",
    "envelope_key_id",
    "envelope_open",
]

# Exceptions report themselves as paycrypt.X in tracebacks. (Only these:
# doctest finds a class's method docstrings through its __module__.)
for _exc in (
    PaycryptError,
    ArgumentError,
    VerificationError,
    MalformedError,
    ExpiredError,
    UninitializedError,
    UnsupportedError,
    InternalError,
    Status,
):
    _exc.__module__ = "paycrypt"
del _exc
