"""Payment protocols: Stripe-style signed webhooks, GitHub
``X-Hub-Signature-256``, Adyen HMAC, WeChat Pay API v2 and v3, and sealed
envelopes.

Always verify the raw request body exactly as received; never re-serialise
JSON before verifying.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, List, Mapping, Optional, Union

from ._core import (
    AES_GCM_NONCE_BYTES,
    AES_GCM_TAG_BYTES,
    ENVELOPE_OVERHEAD,
    AesGcm,
    BytesLike,
    HmacKey,
    _aes_ctx,
    _as_c,
    _check,
    _hmac_ctx,
    _in,
    _int_in_range,
    _new,
    _new_uninit,
)
from ._errors import ArgumentError, Status
from ._native import ffi, lib

if TYPE_CHECKING:
    from ._native import CData

__all__ = [
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

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1
_UINT32_MAX = 2**32 - 1


def _text(value: object, name: str) -> bytes:
    """UTF-8 bytes of a str argument (TypeError for anything else)."""
    if isinstance(value, str):
        return value.encode("utf-8")
    raise TypeError(f"{name} must be a str, not {type(value).__name__}")


def _text_or_bytes(value: object, name: str) -> Union[bytes, CData]:
    """A header value: str (UTF-8 encoded) or bytes-like (ASGI headers)."""
    if isinstance(value, str):
        return value.encode("utf-8")
    if type(value) is bytes:
        return value
    try:
        return _as_c(value, name)
    except TypeError:
        raise TypeError(f"{name} must be a str, not {type(value).__name__}") from None


# --------------------------------------------------------------------------
# Stripe-style webhooks and GitHub


def webhook_sign(secret: Union[BytesLike, HmacKey], payload: BytesLike, timestamp: int) -> str:
    """The ``Stripe-Signature``-style header ``t=<timestamp>,v1=<64 hex>``
    for ``payload`` (HMAC-SHA256 of ``"<timestamp>." + payload``).

    ``secret`` is the endpoint secret's bytes (for Stripe, the whole string
    including the ``whsec_`` prefix) or a precomputed :class:`HmacKey`.

    >>> webhook_sign(b"whsec_test", b'{"id":"evt_1"}', 1700000000)[:15]
    't=1700000000,v1'
    """
    p, pn = _in(payload, "payload")
    ts = _int_in_range(timestamp, "timestamp", _INT64_MIN, _INT64_MAX)
    ctx, tmp = _hmac_ctx(secret)
    try:
        out = _new("char[96]")
        out_len = _new("size_t *")
        _check(lib.paycrypt_webhook_sign(ctx, ts, p, pn, out, 96, out_len))
        return ffi.string(out, out_len[0]).decode("ascii")
    finally:
        if tmp is not None:
            tmp.wipe()


def webhook_verify(
    secret: Union[BytesLike, HmacKey],
    payload: BytesLike,
    header: Union[str, bytes],
    tolerance: int = 300,
    now: Optional[int] = None,
) -> None:
    """Verify a ``Stripe-Signature``-style header over the raw ``payload``.

    Elements may come in any order; any ``v1`` (64 hex digits, either case)
    may match; other schemes are ignored. Raises :class:`VerificationError`
    (no match), :class:`MalformedError` (no/repeated ``t``, no well-formed
    ``v1``) or :class:`ExpiredError` (authentic, but ``|now - t| >
    tolerance``). ``now=None`` uses the current time; ``tolerance=0``
    disables the time check.

    >>> header = webhook_sign(b"whsec_test", b"{}", 1700000000)
    >>> webhook_verify(b"whsec_test", b"{}", header, now=1700000100)
    >>> webhook_verify(b"whsec_test", b"{}", header, now=1700001000)
    Traceback (most recent call last):
    ...
    paycrypt.ExpiredError: timestamp outside the allowed tolerance
    >>> webhook_verify(b"whsec_test", b"{}", header, tolerance=0)
    """
    p, pn = _in(payload, "payload")
    h = _text_or_bytes(header, "header")
    tol = _int_in_range(tolerance, "tolerance", 0, _UINT32_MAX)
    if now is None:
        now = int(time.time())
    t_now = _int_in_range(now, "now", _INT64_MIN, _INT64_MAX)
    ctx, tmp = _hmac_ctx(secret)
    try:
        _check(lib.paycrypt_webhook_verify(ctx, h, len(h), p, pn, t_now, tol))
    finally:
        if tmp is not None:
            tmp.wipe()


def github_verify(
    secret: Union[BytesLike, HmacKey], payload: BytesLike, header: Union[str, bytes]
) -> None:
    """Verify a GitHub ``X-Hub-Signature-256`` value ``sha256=<64 hex>``
    over the raw ``payload``; raises :class:`VerificationError` or
    :class:`MalformedError` (any other shape).

    >>> github_verify(b"It's a Secret to Everybody", b"Hello, World!",
    ...     "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
    """
    p, pn = _in(payload, "payload")
    h = _text_or_bytes(header, "header")
    ctx, tmp = _hmac_ctx(secret)
    try:
        _check(lib.paycrypt_github_verify(ctx, h, len(h), p, pn))
    finally:
        if tmp is not None:
            tmp.wipe()


# --------------------------------------------------------------------------
# Adyen

_ADYEN_TOP = ("pspReference", "originalReference", "merchantAccountCode", "merchantReference")
_ADYEN_TAIL = ("eventCode", "success")


def _adyen_value(v: object, name: str) -> bytes:
    if v is None:
        return b""
    if isinstance(v, str):
        return v.encode("utf-8")
    if isinstance(v, bool):  # JSON true/false, as Adyen signs them
        return b"true" if v else b"false"
    if isinstance(v, int):
        return str(v).encode("ascii")
    raise TypeError(f"Adyen field {name} must be a str or int, not {type(v).__name__}")


def _adyen_fields(item: Mapping[str, Any]) -> "tuple[CData, List[CData]]":
    if not isinstance(item, Mapping):
        raise TypeError(f"item must be a mapping, not {type(item).__name__}")
    inner = item.get("NotificationRequestItem")
    if isinstance(inner, Mapping):
        item = inner
    amount = item.get("amount")
    if amount is None:
        amount = {}
    if not isinstance(amount, Mapping):
        raise TypeError(f"Adyen field amount must be a mapping, not {type(amount).__name__}")
    values = [_adyen_value(item.get(k), k) for k in _ADYEN_TOP]
    values.append(_adyen_value(amount.get("value"), "amount.value"))
    values.append(_adyen_value(amount.get("currency"), "amount.currency"))
    values += [_adyen_value(item.get(k), k) for k in _ADYEN_TAIL]
    fields = _new("paycrypt_slice[8]")
    keep: List[CData] = []
    for i, v in enumerate(values):
        c = ffi.from_buffer("uint8_t[]", v)
        keep.append(c)
        fields[i].ptr = c
        fields[i].len = len(v)
    return fields, keep


def adyen_sign(hmac_key_hex: str, item: Mapping[str, Any]) -> str:
    """The base64 HMAC signature of an Adyen ``NotificationRequestItem``
    (``pspReference:originalReference:merchantAccountCode:merchantReference:
    amount.value:amount.currency:eventCode:success``; missing fields are
    empty) under the hex key as Adyen shows it.

    >>> item = {"pspReference": "7914073381342284", "merchantAccountCode": "TestMerchant",
    ...         "merchantReference": "TestPayment-1407325143704",
    ...         "amount": {"value": 1130, "currency": "EUR"},
    ...         "eventCode": "AUTHORISATION", "success": "true"}
    >>> key = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"
    >>> adyen_sign(key, item)
    'coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0='
    """
    k = _text(hmac_key_hex, "hmac_key_hex")
    fields, keep = _adyen_fields(item)
    out = _new("char[64]")
    out_len = _new("size_t *")
    _check(lib.paycrypt_adyen_sign(k, len(k), fields, out, 64, out_len))
    del keep
    return ffi.string(out, out_len[0]).decode("ascii")


def adyen_verify(hmac_key_hex: str, item: Mapping[str, Any]) -> None:
    """Verify ``item["additionalData"]["hmacSignature"]`` of an Adyen
    ``NotificationRequestItem``; raises :class:`VerificationError`, or
    :class:`MalformedError` when the signature is missing or not base64 of
    32 bytes.

    >>> item = {"pspReference": "7914073381342284", "merchantAccountCode": "TestMerchant",
    ...         "merchantReference": "TestPayment-1407325143704",
    ...         "amount": {"value": 1130, "currency": "EUR"},
    ...         "eventCode": "AUTHORISATION", "success": "true",
    ...         "additionalData": {"hmacSignature": "coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0="}}
    >>> adyen_verify("44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056", item)
    """
    k = _text(hmac_key_hex, "hmac_key_hex")
    fields, keep = _adyen_fields(item)
    inner = item.get("NotificationRequestItem")
    src: Mapping[str, Any] = inner if isinstance(inner, Mapping) else item
    extra = src.get("additionalData")
    sig_obj = extra.get("hmacSignature", "") if isinstance(extra, Mapping) else ""
    sig = _text(sig_obj if sig_obj is not None else "", "hmacSignature")
    _check(lib.paycrypt_adyen_verify(k, len(k), fields, sig, len(sig)))
    del keep


def adyen_payload_verify(hmac_key_hex: str, payload: BytesLike, signature: str) -> None:
    """Verify the ``HmacSignature`` header (base64 HMAC-SHA256 under the hex
    key) of a payload-signed Adyen webhook over the raw body.

    >>> import base64, hmac
    >>> key = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"
    >>> body = b'{"type":"balancePlatform.accountHolder.created"}'
    >>> sig = base64.b64encode(hmac.digest(bytes.fromhex(key), body, "sha256")).decode()
    >>> adyen_payload_verify(key, body, sig)
    """
    k = _text(hmac_key_hex, "hmac_key_hex")
    p, pn = _in(payload, "payload")
    s = _text(signature, "signature")
    _check(lib.paycrypt_adyen_payload_verify(k, len(k), p, pn, s, len(s)))


# --------------------------------------------------------------------------
# WeChat Pay


def _wechat_params(params: Mapping[str, str]) -> "tuple[CData, int, List[bytes]]":
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a mapping of str to str, not {type(params).__name__}")
    n = len(params)
    kv = _new("paycrypt_kv[]", n)
    keep: List[bytes] = []
    for i, (k, v) in enumerate(params.items()):
        if not isinstance(k, str) or not isinstance(v, str):
            bad = k if not isinstance(k, str) else v
            raise TypeError(
                f"WeChat Pay parameters are str to str; {k!r} has a {type(bad).__name__}"
            )
        kb = k.encode("utf-8")
        vb = v.encode("utf-8")
        keep += (kb, vb)
        kv[i].key = ffi.from_buffer(kb)
        kv[i].key_len = len(kb)
        kv[i].value = ffi.from_buffer(vb)
        kv[i].value_len = len(vb)
    return kv, n, keep


def wechatpay_v2_sign(api_key: BytesLike, params: Mapping[str, str]) -> str:
    """The WeChat Pay API v2 ``HMAC-SHA256`` signature (64 uppercase hex)
    of ``params``: sorted by key, empty values and ``sign`` dropped, joined
    as ``k=v`` with ``&``, then ``&key=<api key>``.

    >>> wechatpay_v2_sign(b"192006250b4c09247ec02edce69f6a2d", {
    ...     "appid": "wxd930ea5d5a258f4f", "mch_id": "10000100", "device_info": "1000",
    ...     "body": "test", "nonce_str": "ibuaiVcKdpRxkhJA"})
    '6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6'
    """
    k, kn = _in(api_key, "api_key")
    kv, n, keep = _wechat_params(params)
    out = _new("char[65]")
    _check(lib.paycrypt_wechatpay_v2_sign(k, kn, kv, n, out))
    del keep
    return ffi.string(out, 64).decode("ascii")


def wechatpay_v2_verify(api_key: BytesLike, params_with_sign: Mapping[str, str]) -> None:
    """Verify the ``sign`` entry (64 hex digits, either case) of WeChat Pay
    API v2 ``HMAC-SHA256`` parameters; raises :class:`VerificationError`, or
    :class:`MalformedError` if ``sign`` is missing or not 64 hex digits.

    >>> wechatpay_v2_verify(b"192006250b4c09247ec02edce69f6a2d", {
    ...     "appid": "wxd930ea5d5a258f4f", "mch_id": "10000100", "device_info": "1000",
    ...     "body": "test", "nonce_str": "ibuaiVcKdpRxkhJA",
    ...     "sign": "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6"})
    """
    k, kn = _in(api_key, "api_key")
    kv, n, keep = _wechat_params(params_with_sign)
    sign = _text(params_with_sign.get("sign", ""), "sign")
    _check(lib.paycrypt_wechatpay_v2_verify(k, kn, kv, n, sign, len(sign)))
    del keep


def wechatpay_v3_decrypt(
    apiv3_key: BytesLike, nonce: str, associated_data: Optional[str], ciphertext_b64: str
) -> bytes:
    """Decrypt a WeChat Pay API v3 notification ``resource``
    (``AEAD_AES_256_GCM``): ``apiv3_key`` is the 32-byte APIv3 key, the
    others are the resource's ``nonce`` (12 bytes), ``associated_data``
    (may be empty or None) and ``ciphertext`` (strict padded base64).
    Raises :class:`VerificationError` or :class:`MalformedError`.

    >>> import base64
    >>> key = b"0123456789abcdef0123456789abcdef"
    >>> ct = AesGcm(key).encrypt(b"nonce-123456", b'{"trade_state":"SUCCESS"}', b"transaction")
    >>> wechatpay_v3_decrypt(key, "nonce-123456", "transaction", base64.b64encode(ct).decode())
    b'{"trade_state":"SUCCESS"}'
    """
    k, kn = _in(apiv3_key, "apiv3_key")
    if kn != 32:
        raise ArgumentError(Status.ERR_KEY_LENGTH, f"the APIv3 key is 32 bytes, got {kn}")
    nb = _text(nonce, "nonce")
    if len(nb) != AES_GCM_NONCE_BYTES:
        raise ArgumentError(
            Status.ERR_NONCE_LENGTH, f"the resource nonce is 12 bytes, got {len(nb)}"
        )
    ad = b"" if associated_data is None else _text(associated_data, "associated_data")
    ct = _text(ciphertext_b64, "ciphertext_b64")
    cap = max(0, len(ct) // 4 * 3 - AES_GCM_TAG_BYTES)
    out = _new_uninit("char[]", cap)
    out_len = _new("size_t *")
    _check(
        lib.paycrypt_wechatpay_v3_decrypt(k, nb, len(nb), ad, len(ad), ct, len(ct), out, cap, out_len)
    )
    return ffi.unpack(out, out_len[0])


# --------------------------------------------------------------------------
# sealed envelopes


def envelope_seal(
    key: AesGcm,
    key_id: int,
    plaintext: BytesLike,
    aad: BytesLike = b"",
    nonce: Optional[BytesLike] = None,
) -> bytes:
    """Seal ``plaintext`` into ``0x01 || key_id (u32 BE) || nonce || ciphertext
    || tag`` (33 bytes of overhead); the header and ``aad`` are
    authenticated. ``nonce=None`` draws a fresh nonce from the OS; a nonce
    you pass must never repeat under one key.

    >>> key = AesGcm(bytes(32))
    >>> env = envelope_seal(key, 7, b"4111111111111111", aad=b"order-1")
    >>> len(env), envelope_key_id(env)
    (49, 7)
    >>> envelope_open(key, env, aad=b"order-1")
    b'4111111111111111'
    """
    ctx = _aes_ctx(key)
    kid = _int_in_range(key_id, "key_id", 0, _UINT32_MAX)
    p, pn = _in(plaintext, "plaintext")
    a, an = _in(aad, "aad")
    if nonce is None:
        nc: Union[bytes, CData] = ffi.NULL
    else:
        nc, nn = _in(nonce, "nonce")
        if nn != AES_GCM_NONCE_BYTES:
            raise ArgumentError(
                Status.ERR_NONCE_LENGTH, f"envelope nonces are 12 bytes, got {nn}"
            )
    cap = pn + ENVELOPE_OVERHEAD
    out = _new_uninit("char[]", cap)
    out_len = _new("size_t *")
    _check(lib.paycrypt_envelope_seal(ctx, kid, nc, a, an, p, pn, out, cap, out_len))
    return ffi.unpack(out, out_len[0])


def envelope_key_id(envelope: BytesLike) -> int:
    """The key id of an envelope, to pick the key during rotation (not
    authenticated until the envelope is opened). Raises
    :class:`MalformedError` for an unknown version or a short envelope.

    >>> envelope_key_id(bytes.fromhex("01000000ff") + bytes(28))
    255
    """
    e, en = _in(envelope, "envelope")
    kid = _new("uint32_t *")
    _check(lib.paycrypt_envelope_key_id(e, en, kid))
    return int(kid[0])


def envelope_open(key: AesGcm, envelope: BytesLike, aad: BytesLike = b"") -> bytes:
    """Open an envelope sealed with the same key and ``aad``; raises
    :class:`VerificationError` if anything was changed (no plaintext is
    released) or :class:`MalformedError` (unknown version, short input)."""
    ctx = _aes_ctx(key)
    e, en = _in(envelope, "envelope")
    a, an = _in(aad, "aad")
    cap = max(0, en - ENVELOPE_OVERHEAD)
    out = _new_uninit("char[]", cap)
    out_len = _new("size_t *")
    _check(lib.paycrypt_envelope_open(ctx, a, an, e, en, out, cap, out_len))
    return ffi.unpack(out, out_len[0])
