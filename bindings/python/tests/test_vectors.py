"""The shared vector files under tests/vectors/, through the Python API.

Every valid case is also tampered (a flipped bit in the tag, ciphertext,
AAD, nonce or message) and must then fail.
"""

from __future__ import annotations

from typing import Dict, List, Type

import pytest

import paycrypt
from _vectors import Case, exists, load

EXPECT: Dict[str, Type[paycrypt.PaycryptError]] = {
    "verify_failed": paycrypt.VerificationError,
    "expired": paycrypt.ExpiredError,
    "malformed": paycrypt.MalformedError,
    "nonce_length": paycrypt.ArgumentError,
    "key_length": paycrypt.ArgumentError,
}
EXPECT_STATUS = {
    "verify_failed": 7,
    "expired": 9,
    "malformed": 8,
    "nonce_length": 3,
    "key_length": 2,
}


def flip(data: bytes, index: int = 0, bit: int = 0) -> bytes:
    b = bytearray(data)
    b[index % len(b)] ^= 1 << bit
    return bytes(b)


def cases(name: str) -> List[Case]:
    if not exists(name):
        return []
    return load(name)


def params(name: str) -> "pytest.MarkDecorator":
    cs = cases(name)
    if not cs:
        return pytest.mark.parametrize(
            "case", [pytest.param(None, marks=pytest.mark.skip(reason=f"{name} not present"))]
        )
    return pytest.mark.parametrize("case", cs, ids=[c.id for c in cs])


def expect(case: Case, fn: "object") -> None:
    """Run fn() and check it against the case's Expect field."""
    assert callable(fn)
    want = case.text("Expect")
    if want == "ok":
        fn()
        return
    with pytest.raises(EXPECT[want]) as info:
        fn()
    assert info.value.status == EXPECT_STATUS[want], str(info.value)


# ---------------------------------------------------------------- primitives


@params("rfc4231_hmac_sha256.txt")
def test_rfc4231(case: Case) -> None:
    key, msg, tag = case.hex("Key"), case.hex("Msg"), case.hex("Tag")
    assert paycrypt.hmac_sha256(key, msg)[: len(tag)] == tag
    with paycrypt.HmacKey(key) as k:
        assert k.sign(msg)[: len(tag)] == tag
        k.verify(msg, tag)
        k.verify(msg, tag.hex())
        k.verify(msg, tag.hex().upper())
        assert k.sign_batch([msg, msg]) == [k.sign(msg)] * 2
        for bad in (flip(tag), flip(tag, len(tag) - 1, 7)):
            with pytest.raises(paycrypt.VerificationError):
                k.verify(msg, bad)
        with pytest.raises(paycrypt.VerificationError):
            k.verify(flip(msg) if msg else b"\x00", tag)
    paycrypt.hmac_sha256_verify(key, msg, tag)
    with pytest.raises(paycrypt.VerificationError):
        paycrypt.hmac_sha256_verify(flip(key), msg, tag)


@params("nist_sha256.txt")
def test_nist_sha256(case: Case) -> None:
    msg = case.hex("Msg") * int(case.text("Repeat", "1"))
    digest = case.hex("Digest")
    assert paycrypt.sha256(msg) == digest
    assert paycrypt.sha256(bytearray(msg)) == digest
    if msg:
        assert paycrypt.sha256(flip(msg)) != digest


@params("nist_cavp_aes_gcm.txt")
def test_nist_cavp_aes_gcm(case: Case) -> None:
    key, iv, aad = case.hex("Key"), case.hex("IV"), case.hex("AAD")
    ct, tag = case.hex("CT"), case.hex("Tag")
    with paycrypt.AesGcm(key) as g:
        if case.text("Result") == "invalid":
            with pytest.raises(paycrypt.VerificationError):
                g.decrypt(iv, ct + tag, aad)
            return
        pt = case.hex("PT")
        assert g.encrypt(iv, pt, aad) == ct + tag
        assert g.decrypt(iv, ct + tag, aad) == pt
        _tamper_gcm(g, iv, aad, ct + tag)


def _tamper_gcm(g: paycrypt.AesGcm, iv: bytes, aad: bytes, sealed: bytes) -> None:
    bad = [
        (iv, flip(sealed, len(sealed) - 1), aad),  # tag
        (iv, flip(sealed, 0, 3), aad),  # ciphertext (or tag when empty)
        (flip(iv, 5), sealed, aad),  # nonce
        (iv, sealed, flip(aad, 2) if aad else b"\x00"),  # AAD
    ]
    for n, c, a in bad:
        with pytest.raises(paycrypt.VerificationError):
            g.decrypt(n, c, a)


@params("rfc5869_hkdf_sha256.txt")
def test_rfc5869(case: Case) -> None:
    okm = paycrypt.hkdf_sha256(
        case.hex("IKM"), case.int("L"), salt=case.hex("Salt"), info=case.hex("Info")
    )
    assert okm == case.hex("OKM")
    assert paycrypt.hkdf_sha256(flip(case.hex("IKM")), case.int("L"), case.hex("Salt")) != okm


@params("wycheproof_hmac_sha256.txt")
def test_wycheproof_hmac(case: Case) -> None:
    key, msg, tag = case.hex("Key"), case.hex("Msg"), case.hex("Tag")
    k = paycrypt.HmacKey(key)
    if case.text("Result") == "valid":
        assert k.sign(msg)[: len(tag)] == tag
        k.verify(msg, tag)
        paycrypt.hmac_sha256_verify(key, msg, tag)
        with pytest.raises(paycrypt.VerificationError):
            k.verify(msg, flip(tag, 3, 1))
        with pytest.raises(paycrypt.VerificationError):
            k.verify(msg + b"\x00", tag)
    else:
        with pytest.raises((paycrypt.VerificationError, paycrypt.ArgumentError)):
            k.verify(msg, tag)
        with pytest.raises((paycrypt.VerificationError, paycrypt.ArgumentError)):
            paycrypt.hmac_sha256_verify(key, msg, tag)


@params("wycheproof_aes_gcm.txt")
def test_wycheproof_aes_gcm(case: Case) -> None:
    key, iv, aad = case.hex("Key"), case.hex("IV"), case.hex("AAD")
    msg, ct, tag = case.hex("Msg"), case.hex("CT"), case.hex("Tag")
    g = paycrypt.AesGcm(key)
    if case.text("Result") == "valid":
        assert g.encrypt(iv, msg, aad) == ct + tag
        assert g.decrypt(iv, ct + tag, aad) == msg
        _tamper_gcm(g, iv, aad, ct + tag)
    else:
        with pytest.raises(paycrypt.VerificationError):
            g.decrypt(iv, ct + tag, aad)


@params("wycheproof_hkdf_sha256.txt")
def test_wycheproof_hkdf(case: Case) -> None:
    ikm = bytes.fromhex(case.text("IKM", ""))
    salt = bytes.fromhex(case.text("Salt", ""))
    info = bytes.fromhex(case.text("Info", ""))
    size = case.int("Size")
    if case.text("Result") == "valid":
        assert paycrypt.hkdf_sha256(ikm, size, salt=salt, info=info) == case.hex("OKM")
    else:
        assert size > paycrypt.HKDF_SHA256_MAX_BYTES
        with pytest.raises(paycrypt.ArgumentError) as info_:
            paycrypt.hkdf_sha256(ikm, size, salt=salt, info=info)
        assert info_.value.status == paycrypt.Status.ERR_INPUT_TOO_LONG


# ----------------------------------------------------------------- protocols


@params("stripe_webhook.txt")
def test_stripe_webhook(case: Case) -> None:
    secret, payload = case.hex("Secret"), case.hex("Payload")
    header = case.hex("Header").decode("utf-8")
    now, tol = case.int("Now"), case.int("Tolerance")
    expect(case, lambda: paycrypt.webhook_verify(secret, payload, header, tolerance=tol, now=now))
    with paycrypt.HmacKey(secret) as key:
        expect(case, lambda: paycrypt.webhook_verify(key, payload, header.encode(), tol, now))
        if case.text("Canonical") == "yes":
            ts = case.int("Timestamp")
            assert paycrypt.webhook_sign(secret, payload, ts) == header
            assert paycrypt.webhook_sign(key, payload, ts) == header
    if case.text("Expect") == "ok":
        with pytest.raises(paycrypt.VerificationError):
            paycrypt.webhook_verify(secret, payload + b" ", header, tolerance=0)
        with pytest.raises(paycrypt.VerificationError):
            paycrypt.webhook_verify(secret + b"x", payload, header, tolerance=0)


@params("github_webhook.txt")
def test_github_webhook(case: Case) -> None:
    secret, payload = case.hex("Secret"), case.hex("Payload")
    header = case.hex("Header").decode("utf-8")
    expect(case, lambda: paycrypt.github_verify(secret, payload, header))
    expect(case, lambda: paycrypt.github_verify(paycrypt.HmacKey(secret), payload, header))
    if case.text("Expect") == "ok":
        with pytest.raises(paycrypt.VerificationError):
            paycrypt.github_verify(secret, flip(payload) if payload else b"x", header)


_ADYEN_FIELDS = [
    ("PspReference", "pspReference"),
    ("OriginalReference", "originalReference"),
    ("MerchantAccountCode", "merchantAccountCode"),
    ("MerchantReference", "merchantReference"),
    ("EventCode", "eventCode"),
    ("Success", "success"),
]


def adyen_item(case: Case) -> Dict[str, object]:
    """A NotificationRequestItem dict; empty fields are left out (missing =
    empty)."""
    item: Dict[str, object] = {}
    for field, name in _ADYEN_FIELDS:
        value = case.hex(field).decode("utf-8")
        if value:
            item[name] = value
    amount = {}
    for field, name in (("Value", "value"), ("Currency", "currency")):
        value = case.hex(field).decode("utf-8")
        if value:
            amount[name] = value
    if amount:
        item["amount"] = amount
    return item


@params("adyen_hmac.txt")
def test_adyen(case: Case) -> None:
    key_hex = case.hex("KeyHex").decode("utf-8")
    sig = case.hex("Signature").decode("utf-8")
    if case.section == "Payload":
        payload = case.hex("Payload")
        expect(case, lambda: paycrypt.adyen_payload_verify(key_hex, payload, sig))
        if case.text("Expect") == "ok":
            with pytest.raises(paycrypt.VerificationError):
                paycrypt.adyen_payload_verify(key_hex, payload + b"\n", sig)
        return
    item = adyen_item(case)
    signed = dict(item, additionalData={"hmacSignature": sig})
    expect(case, lambda: paycrypt.adyen_verify(key_hex, signed))
    # the webhook envelope form is accepted too
    expect(case, lambda: paycrypt.adyen_verify(key_hex, {"NotificationRequestItem": signed}))
    if case.text("Expect") == "ok":
        assert paycrypt.adyen_sign(key_hex, item) == sig
        tampered = dict(signed, eventCode=str(signed.get("eventCode", "")) + "X")
        with pytest.raises(paycrypt.VerificationError):
            paycrypt.adyen_verify(key_hex, tampered)


def wechat_params(case: Case) -> List[tuple[str, str]]:
    out = []
    for p in case.all("Param"):
        name, _, value = p.partition(":")
        out.append((bytes.fromhex(name).decode("utf-8"), bytes.fromhex(value).decode("utf-8")))
    return out


@params("wechatpay_v2.txt")
def test_wechatpay_v2(case: Case) -> None:
    api_key = case.hex("ApiKey")
    sign = case.hex("Sign").decode("utf-8")
    plist = wechat_params(case)
    names = [n for n, _ in plist]
    if len(set(names)) != len(names):
        pytest.skip("duplicate parameter names cannot be expressed as a Mapping")
    without_sign = {n: v for n, v in plist if n != "sign"}
    with_sign = dict(without_sign, sign=sign)
    expect(case, lambda: paycrypt.wechatpay_v2_verify(api_key, with_sign))
    if case.text("Expect") == "ok":
        assert paycrypt.wechatpay_v2_sign(api_key, without_sign) == sign.upper()
        assert paycrypt.wechatpay_v2_sign(api_key, with_sign) == sign.upper()
        paycrypt.wechatpay_v2_verify(api_key, dict(with_sign, sign=sign.lower()))
        with pytest.raises(paycrypt.VerificationError):
            paycrypt.wechatpay_v2_verify(api_key + b"x", with_sign)
        with pytest.raises(paycrypt.VerificationError):
            paycrypt.wechatpay_v2_verify(api_key, dict(with_sign, extra_param="1"))


@params("wechatpay_v3.txt")
def test_wechatpay_v3(case: Case) -> None:
    key = case.hex("Key")
    nonce = case.hex("Nonce").decode("utf-8")
    ad = case.hex("AssociatedData").decode("utf-8")
    ct = case.hex("Ciphertext").decode("utf-8")
    result: List[bytes] = []
    expect(case, lambda: result.append(paycrypt.wechatpay_v3_decrypt(key, nonce, ad, ct)))
    if case.text("Expect") == "ok":
        assert result == [case.hex("Plaintext")]
        with pytest.raises(paycrypt.VerificationError):
            paycrypt.wechatpay_v3_decrypt(key, nonce, ad + "x", ct)
        with pytest.raises(paycrypt.VerificationError):
            paycrypt.wechatpay_v3_decrypt(flip(key), nonce, ad, ct)


@params("envelope.txt")
def test_envelope(case: Case) -> None:
    key = paycrypt.AesGcm(case.hex("Key"))
    aad, env = case.hex("AAD"), case.hex("Envelope")
    result: List[bytes] = []
    expect(case, lambda: result.append(paycrypt.envelope_open(key, env, aad=aad)))
    if case.text("Expect") == "ok":
        pt = case.hex("Plaintext")
        assert result == [pt]
        assert paycrypt.envelope_key_id(env) == case.int("KeyId")
        sealed = paycrypt.envelope_seal(key, case.int("KeyId"), pt, aad=aad, nonce=case.hex("Nonce"))
        assert sealed == env
        for i in (1, 5, 17, len(env) - 1):  # key id, nonce, ciphertext/tag, tag
            with pytest.raises(paycrypt.VerificationError):
                paycrypt.envelope_open(key, flip(env, i), aad=aad)
        with pytest.raises(paycrypt.MalformedError):
            paycrypt.envelope_open(key, flip(env, 0, 1), aad=aad)
