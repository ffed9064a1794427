"""Bad input: wrong types, wrong lengths, empty and huge inputs, wiped
keys. Each must be a clear exception (never a crash, never a silent
result)."""

from __future__ import annotations

import array
import gc
import hashlib
import hmac
from typing import Any, Callable, List, Tuple, Type

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import paycrypt

K32 = bytes(range(32))
NONCE = bytes(12)
HK = paycrypt.HmacKey(b"key")
AES = paycrypt.AesGcm(K32)
ITEM = {"pspReference": "1", "amount": {"value": 1, "currency": "EUR"}, "success": "true"}

# --------------------------------------------------------------- wrong types

BAD_BYTES: List[object] = ["text", 5, 1.5, None, [1, 2], object()]

# (name, callable taking the bad value)
BYTES_ARGS: List[Tuple[str, Callable[[Any], object]]] = [
    ("sha256", lambda x: paycrypt.sha256(x)),
    ("hmac_sha256 key", lambda x: paycrypt.hmac_sha256(x, b"m")),
    ("hmac_sha256 msg", lambda x: paycrypt.hmac_sha256(b"k", x)),
    ("hmac_sha256_verify tag", lambda x: paycrypt.hmac_sha256_verify(b"k", b"m", x)),
    ("HmacKey", lambda x: paycrypt.HmacKey(x)),
    ("HmacKey.sign", lambda x: HK.sign(x)),
    ("HmacKey.sign_hex", lambda x: HK.sign_hex(x)),
    ("HmacKey.verify msg", lambda x: HK.verify(x, bytes(32))),
    ("AesGcm", lambda x: paycrypt.AesGcm(x)),
    ("encrypt nonce", lambda x: AES.encrypt(x, b"", None)),
    ("encrypt data", lambda x: AES.encrypt(NONCE, x, None)),
    ("decrypt nonce", lambda x: AES.decrypt(x, bytes(16), None)),
    ("decrypt data", lambda x: AES.decrypt(NONCE, x, None)),
    ("hkdf ikm", lambda x: paycrypt.hkdf_sha256(x, 32)),
    ("ct_equal", lambda x: paycrypt.ct_equal(x, b"")),
    ("webhook_sign payload", lambda x: paycrypt.webhook_sign(b"s", x, 1)),
    ("webhook_verify payload", lambda x: paycrypt.webhook_verify(b"s", x, "t=1,v1=00")),
    ("github_verify payload", lambda x: paycrypt.github_verify(b"s", x, "sha256=00")),
    ("adyen_payload_verify payload", lambda x: paycrypt.adyen_payload_verify("00", x, "")),
    ("wechatpay_v2_sign api_key", lambda x: paycrypt.wechatpay_v2_sign(x, {})),
    ("wechatpay_v3_decrypt key", lambda x: paycrypt.wechatpay_v3_decrypt(x, "n" * 12, "", "")),
    ("envelope_seal plaintext", lambda x: paycrypt.envelope_seal(AES, 1, x)),
    ("envelope_key_id", lambda x: paycrypt.envelope_key_id(x)),
    ("envelope_open", lambda x: paycrypt.envelope_open(AES, x)),
]


@pytest.mark.parametrize("name,call", BYTES_ARGS, ids=[n for n, _ in BYTES_ARGS])
@pytest.mark.parametrize("bad", BAD_BYTES, ids=lambda b: type(b).__name__)
def test_non_bytes_is_type_error(name: str, call: Callable[[Any], object], bad: object) -> None:
    with pytest.raises(TypeError) as info:
        call(bad)
    assert not isinstance(info.value, paycrypt.PaycryptError)
    assert str(info.value)


STR_ARGS: List[Tuple[str, Callable[[Any], object]]] = [
    ("adyen key", lambda x: paycrypt.adyen_sign(x, ITEM)),
    ("adyen_payload signature", lambda x: paycrypt.adyen_payload_verify("00", b"", x)),
    ("wechatpay_v3 nonce", lambda x: paycrypt.wechatpay_v3_decrypt(K32, x, "", "")),
    ("wechatpay_v3 ciphertext", lambda x: paycrypt.wechatpay_v3_decrypt(K32, "n" * 12, "", x)),
    ("webhook header", lambda x: paycrypt.webhook_verify(b"s", b"", x)),
    ("github header", lambda x: paycrypt.github_verify(b"s", b"", x)),
]


@pytest.mark.parametrize("name,call", STR_ARGS, ids=[n for n, _ in STR_ARGS])
@pytest.mark.parametrize("bad", [5, None, 1.5, ["a"]], ids=lambda b: type(b).__name__)
def test_non_str_is_type_error(name: str, call: Callable[[Any], object], bad: object) -> None:
    with pytest.raises(TypeError):
        call(bad)


@pytest.mark.parametrize(
    "call",
    [
        lambda: paycrypt.hkdf_sha256(b"", "32"),  # type: ignore[arg-type]
        lambda: paycrypt.hkdf_sha256(b"", 3.0),  # type: ignore[arg-type]
        lambda: paycrypt.hkdf_sha256(b"", True),
        lambda: paycrypt.webhook_sign(b"s", b"", "1700000000"),  # type: ignore[arg-type]
        lambda: paycrypt.webhook_verify(b"s", b"", "t=1,v1=0", now=1.5),  # type: ignore[arg-type]
        lambda: paycrypt.webhook_verify(b"s", b"", "t=1,v1=0", tolerance="300"),  # type: ignore[arg-type]
        lambda: paycrypt.envelope_seal(AES, "7", b""),  # type: ignore[arg-type]
        lambda: paycrypt.envelope_seal(K32, 7, b""),  # type: ignore[arg-type]
        lambda: paycrypt.envelope_open(HK, bytes(40)),  # type: ignore[arg-type]
        lambda: paycrypt.wechatpay_v2_sign(b"k", {"total_fee": 1}),  # type: ignore[dict-item]
        lambda: paycrypt.wechatpay_v2_sign(b"k", {1: "a"}),  # type: ignore[dict-item]
        lambda: paycrypt.wechatpay_v2_sign(b"k", [("a", "b")]),  # type: ignore[arg-type]
        lambda: paycrypt.wechatpay_v2_sign("key", {"a": "b"}),  # type: ignore[arg-type]
        lambda: paycrypt.adyen_sign("00", "not a mapping"),  # type: ignore[arg-type]
        lambda: paycrypt.adyen_sign("00", {"amount": 5}),
        lambda: paycrypt.adyen_sign("00", {"pspReference": 1.5}),
        lambda: paycrypt.adyen_sign(b"00", ITEM),  # type: ignore[arg-type]
        lambda: paycrypt.webhook_sign("whsec_x", b"", 1),  # type: ignore[arg-type]
        lambda: HK.sign_batch(b"one message"),  # type: ignore[arg-type]
        lambda: HK.sign_batch("one message"),  # type: ignore[arg-type]
        lambda: HK.sign_batch([b"ok", "text"]),  # type: ignore[list-item]
        lambda: HK.sign_batch([b"ok", None]),  # type: ignore[list-item]
        lambda: HK.sign_batch(5),  # type: ignore[arg-type]
        lambda: HK.verify(b"m", 5),  # type: ignore[arg-type]
        lambda: paycrypt.status_message("7"),  # type: ignore[arg-type]
        lambda: paycrypt.random_bytes(1.0),  # type: ignore[arg-type]
    ],
)
def test_other_wrong_types(call: Callable[[], object]) -> None:
    with pytest.raises(TypeError):
        call()


def test_non_contiguous_and_released_buffers() -> None:
    data = memoryview(bytes(range(64)))[::2]
    with pytest.raises(TypeError):
        HK.sign(data)
    released = memoryview(b"abc")
    released.release()
    with pytest.raises((TypeError, ValueError)):
        HK.sign(released)


def test_bytes_like_inputs() -> None:
    msg = bytes(range(100))
    want = hmac.digest(b"key", msg, "sha256")
    for form in (msg, bytearray(msg), memoryview(msg), memoryview(bytearray(msg)), memoryview(msg)[0:100]):
        assert HK.sign(form) == want
    wide = array.array("I", range(25))  # items wider than a byte: nbytes counts
    assert HK.sign(wide) == hmac.digest(b"key", wide.tobytes(), "sha256")  # type: ignore[arg-type]
    assert HK.sign_batch([wide, msg]) == [  # type: ignore[list-item]
        hmac.digest(b"key", wide.tobytes(), "sha256"),
        want,
    ]

    class Sub(bytes):
        pass

    assert HK.sign(Sub(msg)) == want


# ------------------------------------------------------------- wrong lengths


@pytest.mark.parametrize("n", [0, 1, 15, 17, 24, 31, 33, 64])
def test_aes_key_lengths(n: int) -> None:
    with pytest.raises(paycrypt.ArgumentError) as info:
        paycrypt.AesGcm(bytes(n))
    assert info.value.status == paycrypt.Status.ERR_KEY_LENGTH
    assert isinstance(info.value, ValueError)
    assert f"got {n}" in str(info.value)


@pytest.mark.parametrize("n", [0, 8, 11, 13, 16])
def test_nonce_lengths(n: int) -> None:
    calls: List[Callable[[], object]] = [
        lambda: AES.encrypt(bytes(n), b"x", None),
        lambda: AES.decrypt(bytes(n), bytes(32), None),
        lambda: paycrypt.envelope_seal(AES, 1, b"x", nonce=bytes(n)),
        lambda: paycrypt.wechatpay_v3_decrypt(K32, "n" * n, "", "AAAA"),
    ]
    for call in calls:
        with pytest.raises(paycrypt.ArgumentError) as info:
            call()
        assert info.value.status == paycrypt.Status.ERR_NONCE_LENGTH


def test_wechat_v3_nonce_counts_utf8_bytes() -> None:
    # 12 characters, 13 bytes
    with pytest.raises(paycrypt.ArgumentError):
        paycrypt.wechatpay_v3_decrypt(K32, "é" + "n" * 11, "", "AAAA")


@pytest.mark.parametrize("n", [0, 1, 15, 33, 64])
def test_tag_lengths(n: int) -> None:
    calls: List[Callable[[], object]] = [
        lambda: HK.verify(b"m", bytes(n)),
        lambda: paycrypt.hmac_sha256_verify(b"k", b"m", bytes(n)),
    ]
    for call in calls:
        with pytest.raises(paycrypt.ArgumentError) as info:
            call()
        assert info.value.status == paycrypt.Status.ERR_TAG_LENGTH


@pytest.mark.parametrize("n", [0, 2, 30, 31, 33, 63, 65, 66, 128])
def test_hex_tag_lengths(n: int) -> None:
    with pytest.raises(paycrypt.ArgumentError) as info:
        HK.verify(b"m", "a" * n)
    assert info.value.status == paycrypt.Status.ERR_TAG_LENGTH


@pytest.mark.parametrize("tag", ["zz" * 32, "0x" + "00" * 31, " " * 64, "é" * 32])
def test_non_hex_tags(tag: str) -> None:
    with pytest.raises(paycrypt.MalformedError) as info:
        HK.verify(b"m", tag)
    assert info.value.status == 8
    assert isinstance(info.value, ValueError)


def test_wechat_v3_key_length() -> None:
    for n in (0, 16, 31, 33):
        with pytest.raises(paycrypt.ArgumentError) as info:
            paycrypt.wechatpay_v3_decrypt(bytes(n), "n" * 12, "", "AAAA")
        assert info.value.status == paycrypt.Status.ERR_KEY_LENGTH


@pytest.mark.parametrize(
    "call",
    [
        lambda: paycrypt.hkdf_sha256(b"", -1),
        lambda: paycrypt.hkdf_sha256(b"", 8161),
        lambda: paycrypt.hkdf_sha256(b"", 2**64),
        lambda: paycrypt.webhook_sign(b"s", b"", 2**63),
        lambda: paycrypt.webhook_sign(b"s", b"", -(2**63) - 1),
        lambda: paycrypt.webhook_verify(b"s", b"", "t=1,v1=0", tolerance=-1),
        lambda: paycrypt.webhook_verify(b"s", b"", "t=1,v1=0", tolerance=2**32),
        lambda: paycrypt.webhook_verify(b"s", b"", "t=1,v1=0", now=2**63),
        lambda: paycrypt.envelope_seal(AES, -1, b""),
        lambda: paycrypt.envelope_seal(AES, 2**32, b""),
        lambda: paycrypt.random_bytes(-1),
        lambda: paycrypt.AesGcm.generate_key(192),
    ],
)
def test_out_of_range_integers(call: Callable[[], object]) -> None:
    with pytest.raises(paycrypt.ArgumentError):
        call()


def test_native_key_and_parameter_limits() -> None:
    # statuses that only the C library decides
    with pytest.raises(paycrypt.ArgumentError) as info:
        paycrypt.wechatpay_v2_sign(b"", {"a": "b"})
    assert info.value.status == paycrypt.Status.ERR_KEY_LENGTH
    with pytest.raises(paycrypt.ArgumentError) as info:
        paycrypt.wechatpay_v2_sign(b"k", {f"p{i}": "v" for i in range(1025)})
    assert info.value.status == paycrypt.Status.ERR_INPUT_TOO_LONG
    with pytest.raises(paycrypt.ArgumentError) as info:
        paycrypt.adyen_sign("", ITEM)
    assert info.value.status == paycrypt.Status.ERR_KEY_LENGTH
    with pytest.raises(paycrypt.ArgumentError):
        paycrypt.adyen_sign("00" * 65, ITEM)
    for bad_key in ("0", "0g", "zz"):
        with pytest.raises(paycrypt.MalformedError):
            paycrypt.adyen_sign(bad_key, ITEM)
    for bad_params in ({"": "v"}, {"a=b": "v"}, {"a&b": "v"}):
        with pytest.raises(paycrypt.MalformedError):
            paycrypt.wechatpay_v2_sign(b"k", bad_params)


# -------------------------------------------------------------- empty inputs


def test_empty_inputs() -> None:
    assert paycrypt.sha256(b"") == hashlib.sha256(b"").digest()
    assert paycrypt.hmac_sha256(b"", b"") == hmac.digest(b"", b"", "sha256")
    assert paycrypt.HmacKey(b"").sign(b"") == hmac.digest(b"", b"", "sha256")
    assert paycrypt.HmacKey(bytearray()).sign(memoryview(b"")) == hmac.digest(b"", b"", "sha256")
    assert HK.sign_batch([]) == []
    assert HK.sign_batch(()) == []
    assert HK.sign_batch([b"", b""]) == [hmac.digest(b"key", b"", "sha256")] * 2
    ct = AES.encrypt(NONCE, b"", b"")
    assert ct == AESGCM(K32).encrypt(NONCE, b"", b"")
    assert AES.decrypt(NONCE, ct, None) == b""
    assert AES.decrypt(NONCE, bytearray(ct), bytearray()) == b""
    for short in (b"", bytes(1), bytes(15)):
        with pytest.raises(paycrypt.MalformedError):
            AES.decrypt(NONCE, short, None)
    assert paycrypt.hkdf_sha256(b"", 0) == b""
    assert paycrypt.hkdf_sha256(b"", 32, salt=None, info=None) == paycrypt.hkdf_sha256(b"", 32)
    assert paycrypt.ct_equal(b"", b"") is True
    assert paycrypt.ct_equal(b"", b"\x00") is False
    header = paycrypt.webhook_sign(b"", b"", 0)
    paycrypt.webhook_verify(b"", b"", header, tolerance=0)
    with pytest.raises(paycrypt.MalformedError):
        paycrypt.webhook_verify(b"s", b"", "", tolerance=0)
    with pytest.raises(paycrypt.MalformedError):
        paycrypt.github_verify(b"s", b"", "")
    sig = paycrypt.wechatpay_v2_sign(b"k", {})
    assert sig == hmac.new(b"k", b"key=k", hashlib.sha256).hexdigest().upper()
    paycrypt.wechatpay_v2_verify(b"k", {"sign": sig})
    with pytest.raises(paycrypt.MalformedError):
        paycrypt.wechatpay_v2_verify(b"k", {"a": "b"})  # no sign at all
    empty_item_sig = paycrypt.adyen_sign("00", {})
    assert empty_item_sig == paycrypt.adyen_sign("00", {"amount": {}})
    with pytest.raises(paycrypt.MalformedError):
        paycrypt.adyen_verify("00", {})  # no hmacSignature
    with pytest.raises(paycrypt.MalformedError):
        paycrypt.wechatpay_v3_decrypt(K32, "n" * 12, "", "")
    env = paycrypt.envelope_seal(AES, 0, b"")
    assert len(env) == paycrypt.ENVELOPE_OVERHEAD
    assert paycrypt.envelope_open(AES, env) == b""
    for short in (b"", b"\x01", env[:-1]):
        with pytest.raises(paycrypt.MalformedError):
            paycrypt.envelope_key_id(short)
        with pytest.raises(paycrypt.MalformedError):
            paycrypt.envelope_open(AES, short)
    assert paycrypt.random_bytes(0) == b""


# -------------------------------------------------------------- huge inputs


def test_huge_inputs() -> None:
    big = bytes(range(256)) * (64 * 1024 * 4 + 1)  # 64 MiB + 256 B
    assert paycrypt.sha256(big) == hashlib.sha256(big).digest()
    assert HK.sign(big) == hmac.digest(b"key", big, "sha256")
    ct = AES.encrypt(NONCE, big, b"aad")
    assert ct == AESGCM(K32).encrypt(NONCE, big, b"aad")
    assert AES.decrypt(NONCE, ct, b"aad") == big
    env = paycrypt.envelope_seal(AES, 9, big)
    assert paycrypt.envelope_open(AES, env) == big
    del ct, env
    many = [i.to_bytes(4, "big") for i in range(100_000)]
    tags = HK.sign_batch(many)
    assert len(tags) == 100_000
    assert tags[99_999] == hmac.digest(b"key", many[99_999], "sha256")
    assert paycrypt.hkdf_sha256(big, 8160) == paycrypt.hkdf_sha256(bytearray(big), 8160)
    huge_header = "t=1," + ",".join(["v0=x"] * 50_000) + ",v1=" + "0" * 64
    with pytest.raises(paycrypt.VerificationError):
        paycrypt.webhook_verify(b"s", b"", huge_header, tolerance=0)


# ----------------------------------------------------------- wiped keys


def wiped_hmac_calls(k: paycrypt.HmacKey) -> List[Callable[[], object]]:
    return [
        lambda: k.sign(b"m"),
        lambda: k.sign_hex(b"m"),
        lambda: k.verify(b"m", bytes(32)),
        lambda: k.verify(b"m", "00" * 32),
        lambda: k.sign_batch([b"m"]),
        lambda: k.sign_batch([]),
        lambda: paycrypt.webhook_sign(k, b"", 1),
        lambda: paycrypt.webhook_verify(k, b"", "t=1,v1=" + "0" * 64, tolerance=0),
        lambda: paycrypt.github_verify(k, b"", "sha256=" + "0" * 64),
    ]


def wiped_aes_calls(g: paycrypt.AesGcm) -> List[Callable[[], object]]:
    return [
        lambda: g.encrypt(NONCE, b"m", None),
        lambda: g.decrypt(NONCE, bytes(32), None),
        lambda: paycrypt.envelope_seal(g, 1, b"m"),
        lambda: paycrypt.envelope_seal(g, 1, b"m", nonce=NONCE),
        lambda: paycrypt.envelope_open(g, b"\x01" + bytes(40)),
    ]


def _assert_wiped(calls: List[Callable[[], object]]) -> None:
    for call in calls:
        with pytest.raises(paycrypt.PaycryptError) as info:
            call()
        assert info.value.status == 10
        assert isinstance(info.value, paycrypt.UninitializedError)
        assert "wiped" in str(info.value)


def test_hmac_key_after_wipe() -> None:
    k = paycrypt.HmacKey(b"secret")
    k.sign(b"m")
    k.wipe()
    k.wipe()  # idempotent
    _assert_wiped(wiped_hmac_calls(k))


def test_hmac_key_after_with_block_even_on_error() -> None:
    with pytest.raises(RuntimeError):
        with paycrypt.HmacKey(b"secret") as k:
            raise RuntimeError("boom")
    _assert_wiped(wiped_hmac_calls(k))


def test_aes_key_after_wipe_and_with() -> None:
    g = paycrypt.AesGcm(K32)
    g.wipe()
    _assert_wiped(wiped_aes_calls(g))
    with paycrypt.AesGcm(bytes(16)) as g2:
        g2.encrypt(NONCE, b"m", None)
    _assert_wiped(wiped_aes_calls(g2))


def test_dropped_keys_are_freed() -> None:
    for _ in range(2000):
        paycrypt.HmacKey(b"k" * 100)
        paycrypt.AesGcm(K32)
    gc.collect()


@pytest.mark.parametrize("cls,arg", [(paycrypt.HmacKey, b"k"), (paycrypt.AesGcm, K32)])
def test_keys_cannot_be_pickled_or_copied(cls: Type[Any], arg: bytes) -> None:
    import copy
    import pickle

    key = cls(arg)
    with pytest.raises(TypeError):
        pickle.dumps(key)
    with pytest.raises(TypeError):
        copy.copy(key)
    with pytest.raises(TypeError):
        copy.deepcopy(key)
    assert "redacted" in repr(key)
    assert "6b" not in repr(key)
