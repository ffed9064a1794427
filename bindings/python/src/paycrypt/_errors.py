"""The paycrypt exception hierarchy and the C status codes.

Every exception raised because of a C status carries that status in
``.status`` and the C library's own sentence (``paycrypt_status_message``)
in ``.message``; ``.detail`` adds what the Python layer knows (for example
the length it got).

>>> import paycrypt
>>> try:
...     paycrypt.AesGcm(b"too short")
... except paycrypt.ArgumentError as exc:
...     print(exc.status, isinstance(exc, ValueError))
...     print(exc)
2 True
key length not accepted: AES-GCM keys are 16 or 32 bytes, got 9
"""

from __future__ import annotations

import enum
from typing import Dict, Optional, Type

from ._native import ffi, lib

__all__ = [
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
]


class Status(enum.IntEnum):
    """The C library's ``paycrypt_status`` codes (checked against the
    compiled header at import)."""

    OK = 0
    ERR_NULL_POINTER = 1
    ERR_KEY_LENGTH = 2
    ERR_NONCE_LENGTH = 3
    ERR_TAG_LENGTH = 4
    ERR_BUFFER_TOO_SMALL = 5
    ERR_INPUT_TOO_LONG = 6
    ERR_VERIFY_FAILED = 7
    ERR_MALFORMED = 8
    ERR_EXPIRED = 9
    ERR_UNINITIALIZED = 10
    ERR_UNSUPPORTED = 11
    ERR_OVERLAP = 12
    ERR_INTERNAL = 255


def status_message(status: int) -> str:
    """The C library's English sentence for ``status`` (any integer).

    >>> status_message(7)
    'signature or tag mismatch'
    """
    if not isinstance(status, int):
        raise TypeError(f"status must be an int, not {type(status).__name__}")
    if not -(2**31) <= status < 2**31:
        status = -1  # any out-of-range value: the generic sentence
    return ffi.string(lib.paycrypt_status_message(status)).decode("utf-8")


class PaycryptError(Exception):
    """Base class of every paycrypt error.

    ``status`` is the C status code (an ``int``; see :class:`Status`),
    ``message`` the C library's sentence for it, ``detail`` optional
    context from the Python layer.
    """

    default_status: int = Status.ERR_INTERNAL

    status: int
    detail: Optional[str]

    def __init__(self, status: Optional[int] = None, detail: Optional[str] = None) -> None:
        if status is None:
            status = self.default_status
        super().__init__(int(status), detail)
        self.status = int(status)
        self.detail = detail

    @property
    def message(self) -> str:
        """The C library's sentence for :attr:`status`."""
        return status_message(self.status)

    def __str__(self) -> str:
        if self.detail:
            return f"{self.message}: {self.detail}"
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status}, detail={self.detail!r})"


class ArgumentError(PaycryptError, ValueError):
    """An argument has an unacceptable length or range (key, nonce and tag
    lengths, too-long inputs): statuses 1, 2, 3, 4, 6 and 12. Raised before
    any native call when the Python layer can tell."""

    default_status = Status.ERR_INPUT_TOO_LONG


class VerificationError(PaycryptError):
    """A signature, tag or AEAD ciphertext did not verify (status 7)."""

    default_status = Status.ERR_VERIFY_FAILED


class MalformedError(PaycryptError, ValueError):
    """An encoded input (hex, base64, header, envelope) cannot be parsed
    (status 8)."""

    default_status = Status.ERR_MALFORMED


class ExpiredError(PaycryptError):
    """A webhook signature is authentic but its timestamp lies outside the
    allowed tolerance (status 9)."""

    default_status = Status.ERR_EXPIRED


class UninitializedError(PaycryptError):
    """A key was used after ``.wipe()`` (status 10)."""

    default_status = Status.ERR_UNINITIALIZED


class UnsupportedError(PaycryptError):
    """The feature is not available in this build, e.g. no OS random number
    generator (status 11)."""

    default_status = Status.ERR_UNSUPPORTED


class InternalError(PaycryptError):
    """The native library reported an internal error (status 255, a caught
    panic), or a status the Python layer does not expect (5). Please report
    it."""

    default_status = Status.ERR_INTERNAL


_BY_STATUS: Dict[int, Type[PaycryptError]] = {
    Status.ERR_NULL_POINTER: ArgumentError,
    Status.ERR_KEY_LENGTH: ArgumentError,
    Status.ERR_NONCE_LENGTH: ArgumentError,
    Status.ERR_TAG_LENGTH: ArgumentError,
    Status.ERR_BUFFER_TOO_SMALL: InternalError,
    Status.ERR_INPUT_TOO_LONG: ArgumentError,
    Status.ERR_VERIFY_FAILED: VerificationError,
    Status.ERR_MALFORMED: MalformedError,
    Status.ERR_EXPIRED: ExpiredError,
    Status.ERR_UNINITIALIZED: UninitializedError,
    Status.ERR_UNSUPPORTED: UnsupportedError,
    Status.ERR_OVERLAP: ArgumentError,
    Status.ERR_INTERNAL: InternalError,
}


def error_for(status: int, detail: Optional[str] = None) -> PaycryptError:
    """The exception for a non-zero C status (not raised)."""
    cls = _BY_STATUS.get(status, PaycryptError)
    return cls(status, detail)
