"""Primitives: SHA-256, HMAC-SHA256 (one-shot and precomputed keys),
AES-GCM, HKDF-SHA256, constant-time comparison.

Bytes in, bytes out: every data argument accepts ``bytes``, ``bytearray``
and ``memoryview`` (any C-contiguous buffer), and every length the Python
layer can check is checked before the native call.
"""

from __future__ import annotations

import array
import struct
from types import TracebackType
from typing import TYPE_CHECKING, Iterable, List, NoReturn, Optional, Sequence, Tuple, Type, Union

from ._errors import ArgumentError, Status, error_for
from . import _fast
from ._native import ffi, lib

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._native import CData

__all__ = [
    "sha256",
    "hmac_sha256",
    "hmac_sha256_verify",
    "HmacKey",
    "AesGcm",
    "hkdf_sha256",
    "ct_equal",
    "random_bytes",
]

#: What the functions accept where bytes are meant.
BytesLike = Union[bytes, bytearray, memoryview]

SHA256_BYTES = 32
HMAC_SHA256_BYTES = 32
HMAC_MIN_TAG_BYTES = 16
AES_GCM_NONCE_BYTES = 12
AES_GCM_TAG_BYTES = 16
AES_GCM_KEY_SIZES = (16, 32)
ENVELOPE_OVERHEAD = 33
HKDF_SHA256_MAX_BYTES = 8160

_new = ffi.new
_unpack = ffi.unpack
_from_buffer = ffi.from_buffer
# Key contexts: allocated by the extension's wiping allocator, so memory
# that held a key is zeroed when the Python object goes away even without
# .wipe().
_secure_new = ffi.new_allocator(
    ffi.addressof(lib, "paycrypt_py_secure_alloc"),
    ffi.addressof(lib, "paycrypt_py_secure_free"),
    should_clear_after_alloc=False,  # the allocator uses calloc
)
# Output buffers that the native call fills completely: skip the memset.
_new_uninit = ffi.new_allocator(should_clear_after_alloc=False)
# Types resolved once (ffi.new("...") would look the string up per call).
_TAG = ffi.typeof("char[32]")
_CHARS = ffi.typeof("char[]")
_U8S = ffi.typeof("uint8_t[]")
# Hot native entry points, bound once. The paycrypt_pyg_* glue keeps the GIL
# for inputs under GIL_RELEASE_BYTES and releases it for larger ones; all
# other native calls release it (cffi's default).
_hmac_key_sign = lib.paycrypt_pyg_hmac_key_sign
_aes_seal = lib.paycrypt_pyg_aes_gcm_seal
_aes_open = lib.paycrypt_pyg_aes_gcm_open
GIL_RELEASE_BYTES = lib.paycrypt_py_gil_bytes()
# The same three operations as plain CPython functions (paycrypt/_fast.c):
# the result bytes object is allocated first and the C ABI writes into it.
# Each returns bytes on success, a status int on failure, and None for an
# argument it does not take (not bytes-like); the methods below then take
# the cffi path, which raises the descriptive error.
_fast_hmac_sign = _fast.hmac_sign
_fast_seal = _fast.aes_gcm_seal
_fast_open = _fast.aes_gcm_open
_buffer = ffi.buffer


def _as_c(data: object, name: str) -> CData:
    """A uint8_t[] view of a bytes-like object (no copy), or TypeError."""
    if isinstance(data, str):
        raise TypeError(
            f"{name} must be bytes, bytearray or memoryview, not str "
            "(encode it first, e.g. .encode())"
        )
    try:
        return _from_buffer(_U8S, data)
    except (TypeError, BufferError, ValueError) as exc:
        raise TypeError(
            f"{name} must be bytes, bytearray or memoryview (C-contiguous), "
            f"not {type(data).__name__}"
        ) from exc


def _in(data: object, name: str) -> Tuple[Union[bytes, CData], int]:
    """(pointer-compatible object, length in bytes) for a bytes-like input."""
    if type(data) is bytes:
        return data, len(data)
    c = _as_c(data, name)
    return c, len(c)


def _opt_in(data: object, name: str) -> Tuple[Union[bytes, CData], int]:
    if data is None:
        return b"", 0
    return _in(data, name)


def _check(status: int, detail: Optional[str] = None) -> None:
    if status:
        raise error_for(status, detail)


def _int_in_range(value: object, name: str, lo: int, hi: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if not lo <= value <= hi:
        raise ArgumentError(Status.ERR_INPUT_TOO_LONG, f"{name} must be in {lo}..{hi}, got {value}")
    return value


# --------------------------------------------------------------------------
# one-shot functions


def sha256(data: BytesLike) -> bytes:
    """SHA-256 digest of ``data`` (32 bytes).

    >>> sha256(b"abc").hex()[:16]
    'ba7816bf8f01cfea'
    """
    d, n = _in(data, "data")
    out = _new(_TAG)
    _check(lib.paycrypt_pyg_sha256(d, n, out))
    return _unpack(out, 32)


def hmac_sha256(key: BytesLike, msg: BytesLike) -> bytes:
    """HMAC-SHA256 of ``msg`` under ``key`` (any length); 32 bytes.

    For many messages under one key, :class:`HmacKey` is faster.

    >>> hmac_sha256(b"key", b"The quick brown fox jumps over the lazy dog").hex()[:16]
    'f7bc83f430538424'
    """
    k, kn = _in(key, "key")
    m, mn = _in(msg, "msg")
    out = _new(_TAG)
    _check(lib.paycrypt_pyg_hmac_sha256(k, kn, m, mn, out))
    return _unpack(out, 32)


def _check_tag_len(n: int) -> None:
    if not HMAC_MIN_TAG_BYTES <= n <= HMAC_SHA256_BYTES:
        raise ArgumentError(
            Status.ERR_TAG_LENGTH,
            f"HMAC-SHA256 tags are {HMAC_MIN_TAG_BYTES}..{HMAC_SHA256_BYTES} bytes, got {n}",
        )


def hmac_sha256_verify(key: BytesLike, msg: BytesLike, tag: BytesLike) -> None:
    """Check ``tag`` (16..32 bytes; shorter than 32 compares the truncated
    prefix) in constant time; raises :class:`VerificationError` on mismatch.

    >>> tag = hmac_sha256(b"key", b"msg")
    >>> hmac_sha256_verify(b"key", b"msg", tag)
    >>> hmac_sha256_verify(b"key", b"msg!", tag)
    Traceback (most recent call last):
    ...
    paycrypt.VerificationError: signature or tag mismatch
    """
    k, kn = _in(key, "key")
    m, mn = _in(msg, "msg")
    t, tn = _in(tag, "tag")
    _check_tag_len(tn)
    _check(lib.paycrypt_hmac_sha256_verify(k, kn, m, mn, t, tn))


def hkdf_sha256(
    ikm: BytesLike,
    length: int,
    salt: Optional[BytesLike] = b"",
    info: Optional[BytesLike] = b"",
) -> bytes:
    """HKDF-SHA256 (RFC 5869): ``length`` bytes (0..8160) derived from
    ``ikm``, ``salt`` (empty or None: 32 zero bytes) and ``info``.

    >>> okm = hkdf_sha256(b"input key material", 42, salt=b"salt", info=b"ctx")
    >>> len(okm)
    42
    """
    i, ikn = _in(ikm, "ikm")
    s, sn = _opt_in(salt, "salt")
    f, fn = _opt_in(info, "info")
    if not isinstance(length, int) or isinstance(length, bool):
        raise TypeError(f"length must be an int, not {type(length).__name__}")
    if not 0 <= length <= HKDF_SHA256_MAX_BYTES:
        raise ArgumentError(
            Status.ERR_INPUT_TOO_LONG,
            f"HKDF-SHA256 output is 0..{HKDF_SHA256_MAX_BYTES} bytes, got {length}",
        )
    okm = _new_uninit(_CHARS, length)
    _check(lib.paycrypt_hkdf_sha256(s, sn, i, ikn, f, fn, okm, length))
    return _unpack(okm, length)


def ct_equal(a: BytesLike, b: BytesLike) -> bool:
    """Compare two byte strings in time that depends only on their length;
    False when the lengths differ.

    >>> ct_equal(b"secret", b"secret"), ct_equal(b"secret", b"Secret"), ct_equal(b"a", b"ab")
    (True, False, False)
    """
    x, xn = _in(a, "a")
    y, yn = _in(b, "b")
    if xn != yn:
        return False
    st = lib.paycrypt_ct_equal(x, y, xn)
    if st == Status.ERR_VERIFY_FAILED:
        return False
    _check(st)
    return True


def random_bytes(n: int) -> bytes:
    """``n`` bytes from the operating system's random number generator.

    >>> len(random_bytes(12))
    12
    """
    _int_in_range(n, "n", 0, 2**62)
    out = _new_uninit(_CHARS, n)
    _check(lib.paycrypt_random_bytes(out, n))
    return _unpack(out, n)


# --------------------------------------------------------------------------
# precomputed HMAC key


class _KeyHolder:
    """What both key classes share: wipe on leaving a ``with`` block, a
    redacted ``repr``, and refusal to be pickled or copied (key material
    must not leave the native context by accident)."""

    __slots__ = ()

    def wipe(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.wipe()

    def __repr__(self) -> str:
        return f"<paycrypt.{type(self).__name__} (key redacted)>"

    def __reduce__(self) -> NoReturn:
        raise TypeError(f"paycrypt.{type(self).__name__} holds key material and cannot be pickled")

    def __copy__(self) -> NoReturn:
        raise TypeError(f"paycrypt.{type(self).__name__} cannot be copied; make a new key from the secret")

    def __deepcopy__(self, memo: object) -> NoReturn:
        self.__copy__()


class HmacKey(_KeyHolder):
    """A precomputed HMAC-SHA256 key: signs and verifies many messages
    faster than one-shot HMAC. Immutable, so threads may share one key.

    Use it as a context manager, or call :meth:`wipe`, to erase the key
    material; a wiped key raises :class:`PaycryptError` with status 10.

    >>> with HmacKey(b"terminal-42 shared secret") as key:
    ...     tag = key.sign(b'{"amount":100}')
    ...     key.verify(b'{"amount":100}', tag)
    ...     key.sign_hex(b'{"amount":100}') == tag.hex()
    True
    >>> key.sign(b"after the with block")
    Traceback (most recent call last):
    ...
    paycrypt.UninitializedError: context not initialised, or already wiped
    """

    __slots__ = ("_k", "_kb", "__weakref__")

    _k: CData
    _kb: object  # ffi.buffer(_k), the key argument of the _fast functions

    def __init__(self, key: BytesLike) -> None:
        k, kn = _in(key, "key")
        ctx = _secure_new("paycrypt_hmac_key *")
        _check(lib.paycrypt_hmac_key_init(ctx, k, kn))
        self._k = ctx
        self._kb = _buffer(ctx)

    def sign(self, msg: BytesLike) -> bytes:
        """The 32-byte HMAC-SHA256 tag of ``msg``.

        >>> HmacKey(b"key").sign(b"msg").hex()[:16]
        '2d93cbc1be167bcb'
        """
        r = _fast_hmac_sign(self._kb, msg)
        if isinstance(r, bytes):
            return r
        if r is not None:
            raise error_for(r)
        m = msg if type(msg) is bytes else _as_c(msg, "msg")
        out = _new(_TAG)
        st = _hmac_key_sign(self._k, m, len(m), out)
        if st:
            raise error_for(st)
        return _unpack(out, 32)

    def sign_hex(self, msg: BytesLike) -> str:
        """The tag of ``msg`` as 64 lowercase hex digits.

        >>> HmacKey(b"key").sign_hex(b"msg")[:16]
        '2d93cbc1be167bcb'
        """
        m, mn = _in(msg, "msg")
        out = _new("char[65]")
        _check(lib.paycrypt_pyg_hmac_key_sign_hex(self._k, m, mn, out))
        return ffi.string(out, 64).decode("ascii")

    def verify(self, msg: BytesLike, tag: Union[BytesLike, str]) -> None:
        """Check ``tag`` in constant time; raises :class:`VerificationError`
        on mismatch.

        ``tag`` is bytes (16..32; shorter compares the truncated prefix) or a
        hex string (32..64 digits, even, either case; a non-hex digit raises
        :class:`MalformedError`).

        >>> key = HmacKey(b"key")
        >>> key.verify(b"msg", key.sign(b"msg")[:16])
        >>> key.verify(b"msg", key.sign_hex(b"msg").upper())
        >>> key.verify(b"msg", "00" * 32)
        Traceback (most recent call last):
        ...
        paycrypt.VerificationError: signature or tag mismatch
        """
        m, mn = _in(msg, "msg")
        if isinstance(tag, str):
            h = tag.encode("utf-8")
            hn = len(h)
            if not (2 * HMAC_MIN_TAG_BYTES <= hn <= 2 * HMAC_SHA256_BYTES and hn % 2 == 0):
                raise ArgumentError(
                    Status.ERR_TAG_LENGTH,
                    f"hex tags are an even number of digits in 32..64, got {hn}",
                )
            _check(lib.paycrypt_pyg_hmac_key_verify_hex(self._k, m, mn, h, hn))
            return
        t, tn = _in(tag, "tag")
        _check_tag_len(tn)
        _check(lib.paycrypt_pyg_hmac_key_verify(self._k, m, mn, t, tn))

    def sign_batch(self, msgs: Sequence[BytesLike]) -> List[bytes]:
        """The tags of all ``msgs``, computed in one native call (the GIL is
        released while it runs); ``result[i]`` is ``sign(msgs[i])``.

        >>> key = HmacKey(b"key")
        >>> key.sign_batch([b"a", b"bc"]) == [key.sign(b"a"), key.sign(b"bc")]
        True
        """
        if isinstance(msgs, (bytes, bytearray, memoryview, str)):
            raise TypeError(
                "sign_batch takes a sequence of messages, not a single "
                f"{type(msgs).__name__}; use sign() for one message"
            )
        if not isinstance(msgs, (list, tuple)):
            try:
                msgs = list(msgs)
            except TypeError:
                raise TypeError(
                    f"msgs must be a sequence of bytes-like messages, not {type(msgs).__name__}"
                ) from None
        n = len(msgs)
        try:
            joined = b"".join(msgs)
        except TypeError:
            bad = next(m for m in msgs if not _is_bytes_like(m))
            raise TypeError(
                "every message must be bytes, bytearray or memoryview, not "
                f"{type(bad).__name__}"
            ) from None
        lens = _lengths(map(len, msgs))
        if sum(lens) != len(joined):  # memoryviews with items wider than a byte
            lens = _lengths(memoryview(m).nbytes for m in msgs)
        tags = _new_uninit(_CHARS, 32 * n)
        _check(lib.paycrypt_py_sign_batch(self._k, joined, _from_buffer(_SIZES, lens), n, tags))
        return _split_tags(_unpack(tags, 32 * n), n)

    def wipe(self) -> None:
        """Erase the key material now. Idempotent. The key then raises
        :class:`PaycryptError` (status 10) when used. Do not wipe a key that
        another thread is using at the same moment."""
        lib.paycrypt_hmac_key_wipe(self._k)


_SIZES = ffi.typeof("size_t[]")
# size_t arrays built by the array module (faster than converting a list)
_SIZE_CODE = {array.array(c).itemsize: c for c in "ILQ"}[ffi.sizeof("size_t")]


def _lengths(values: Iterable[int]) -> "array.array[int]":
    return array.array(_SIZE_CODE, values)


_TAGS_256 = struct.Struct("32s" * 256)


def _split_tags(raw: bytes, n: int) -> List[bytes]:
    """Cut n concatenated 32-byte tags apart (struct does it in C)."""
    out: List[bytes] = []
    full = (n // 256) * 256 * 32
    unpack_from = _TAGS_256.unpack_from
    for off in range(0, full, 256 * 32):
        out += unpack_from(raw, off)
    if n % 256:
        out += struct.unpack_from("32s" * (n % 256), raw, full)
    return out


def _is_bytes_like(x: object) -> bool:
    try:
        memoryview(x)  # type: ignore[arg-type]
    except TypeError:
        return False
    return True


def _hmac_ctx(secret: object, name: str = "secret") -> Tuple[CData, Optional[HmacKey]]:
    """(context, temporary key to wipe afterwards or None)."""
    if isinstance(secret, HmacKey):
        return secret._k, None
    tmp = HmacKey(secret)  # type: ignore[arg-type]
    return tmp._k, tmp


# --------------------------------------------------------------------------
# AES-GCM


class AesGcm(_KeyHolder):
    """AES-128-GCM or AES-256-GCM (16- or 32-byte key), 12-byte nonces,
    16-byte tags appended to the ciphertext: the same calls as
    ``cryptography``'s ``AESGCM``. Immutable, so threads may share one key.

    A nonce must never repeat under one key. Use it as a context manager,
    or call :meth:`wipe`, to erase the expanded key.

    >>> key = AesGcm(bytes(range(32)))
    >>> nonce = bytes(12)  # never reuse a nonce under the same key
    >>> ct = key.encrypt(nonce, b"4111111111111111", b"order-6735")
    >>> len(ct)
    32
    >>> key.decrypt(nonce, ct, b"order-6735")
    b'4111111111111111'
    >>> key.decrypt(nonce, ct, b"order-9999")
    Traceback (most recent call last):
    ...
    paycrypt.VerificationError: signature or tag mismatch
    """

    __slots__ = ("_k", "_kb", "__weakref__")

    _k: CData
    _kb: object  # ffi.buffer(_k), the key argument of the _fast functions

    def __init__(self, key: BytesLike) -> None:
        k, kn = _in(key, "key")
        if kn not in AES_GCM_KEY_SIZES:
            raise ArgumentError(
                Status.ERR_KEY_LENGTH, f"AES-GCM keys are 16 or 32 bytes, got {kn}"
            )
        ctx = _secure_new("paycrypt_aes_gcm_key *")
        _check(lib.paycrypt_aes_gcm_key_init(ctx, k, kn))
        self._k = ctx
        self._kb = _buffer(ctx)

    @staticmethod
    def generate_key(bit_length: int = 256) -> bytes:
        """A fresh random key of 128 or 256 bits (as ``AESGCM.generate_key``).

        >>> len(AesGcm.generate_key(128))
        16
        """
        if bit_length not in (128, 256) or isinstance(bit_length, bool):
            raise ArgumentError(
                Status.ERR_KEY_LENGTH, f"bit_length must be 128 or 256, got {bit_length!r}"
            )
        return random_bytes(bit_length // 8)

    def encrypt(
        self, nonce: BytesLike, data: BytesLike, associated_data: Optional[BytesLike] = None
    ) -> bytes:
        """Encrypt and authenticate ``data``; returns ciphertext || 16-byte
        tag. ``associated_data`` is authenticated, not encrypted."""
        r = _fast_seal(self._kb, nonce, data, associated_data)
        if isinstance(r, bytes):
            return r
        if r is not None and r != Status.ERR_NONCE_LENGTH:
            raise error_for(r)
        nc = nonce if type(nonce) is bytes else _as_c(nonce, "nonce")
        if len(nc) != AES_GCM_NONCE_BYTES:
            raise ArgumentError(
                Status.ERR_NONCE_LENGTH, f"AES-GCM nonces are 12 bytes, got {len(nc)}"
            )
        d = data if type(data) is bytes else _as_c(data, "data")
        if associated_data is None:
            a: Union[bytes, CData] = b""
        else:
            a = associated_data if type(associated_data) is bytes else _as_c(associated_data, "associated_data")
        n = len(d)
        cap = n + AES_GCM_TAG_BYTES
        out = _new_uninit(_CHARS, cap)
        st = _aes_seal(self._k, nc, a, len(a), d, n, out)
        if st:
            raise error_for(st)
        return _unpack(out, cap)

    def decrypt(
        self, nonce: BytesLike, data: BytesLike, associated_data: Optional[BytesLike] = None
    ) -> bytes:
        """Authenticate and decrypt ciphertext || tag; raises
        :class:`VerificationError` if anything was changed (no plaintext is
        released), :class:`MalformedError` if ``data`` is shorter than the
        16-byte tag."""
        r = _fast_open(self._kb, nonce, data, associated_data)
        if isinstance(r, bytes):
            return r
        if r is not None and r != Status.ERR_NONCE_LENGTH:
            raise error_for(r)
        nc = nonce if type(nonce) is bytes else _as_c(nonce, "nonce")
        if len(nc) != AES_GCM_NONCE_BYTES:
            raise ArgumentError(
                Status.ERR_NONCE_LENGTH, f"AES-GCM nonces are 12 bytes, got {len(nc)}"
            )
        d = data if type(data) is bytes else _as_c(data, "data")
        if associated_data is None:
            a: Union[bytes, CData] = b""
        else:
            a = associated_data if type(associated_data) is bytes else _as_c(associated_data, "associated_data")
        n = len(d)
        cap = n - AES_GCM_TAG_BYTES if n > AES_GCM_TAG_BYTES else 0
        out = _new_uninit(_CHARS, cap)
        st = _aes_open(self._k, nc, a, len(a), d, n, out)
        if st:
            raise error_for(st)
        return _unpack(out, cap)

    def wipe(self) -> None:
        """Erase the expanded key now. Idempotent. The key then raises
        :class:`PaycryptError` (status 10) when used. Do not wipe a key that
        another thread is using at the same moment."""
        lib.paycrypt_aes_gcm_key_wipe(self._k)


def _aes_ctx(key: object) -> CData:
    if not isinstance(key, AesGcm):
        raise TypeError(f"key must be a paycrypt.AesGcm, not {type(key).__name__}")
    return key._k

