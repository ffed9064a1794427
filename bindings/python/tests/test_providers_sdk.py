"""Interop with the payment providers' own Python SDKs (from PyPI), both
directions: what paycrypt signs the SDK accepts, what the SDK signs
paycrypt accepts, and both reject tampered input."""

from __future__ import annotations

import base64
import copy
import time
from typing import Any, Dict

import pytest
import stripe
from Adyen import util as adyen_util  # type: ignore[import-untyped]
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from wechatpy.pay import utils as wechat_utils  # type: ignore[import-untyped]
from wechatpayv3 import utils as wechatv3_utils  # type: ignore[import-untyped]

import paycrypt

# text without surrogates (the SDKs encode to UTF-8)
text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=80)
ascii_text = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=40)
hex_keys = st.binary(min_size=1, max_size=64).map(lambda b: b.hex())

sdk_settings = settings(max_examples=60)


# ------------------------------------------------------------------ Stripe


@sdk_settings
@given(secret=ascii_text.map(lambda s: "whsec_" + s), payload=text)
def test_stripe_sdk_verifies_paycrypt_headers(secret: str, payload: str) -> None:
    now = int(time.time())
    header = paycrypt.webhook_sign(secret.encode(), payload.encode(), now)
    assert header == stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=now)
    assert stripe.WebhookSignature.verify_header(payload, header, secret, tolerance=300) is True
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.WebhookSignature.verify_header(payload + "x", header, secret, tolerance=300)


@sdk_settings
@given(
    secret=ascii_text.map(lambda s: "whsec_" + s),
    payload=text,
    age=st.integers(0, 299),
)
def test_paycrypt_verifies_stripe_sdk_headers(secret: str, payload: str, age: int) -> None:
    now = int(time.time())
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=now - age)
    paycrypt.webhook_verify(secret.encode(), payload.encode(), header, tolerance=300, now=now)
    paycrypt.webhook_verify(paycrypt.HmacKey(secret.encode()), payload.encode(), header, now=now)
    with pytest.raises(paycrypt.VerificationError):
        paycrypt.webhook_verify(secret.encode(), (payload + "x").encode(), header, now=now)
    with pytest.raises(paycrypt.VerificationError):
        paycrypt.webhook_verify((secret + "x").encode(), payload.encode(), header, now=now)
    with pytest.raises(paycrypt.ExpiredError):
        paycrypt.webhook_verify(secret.encode(), payload.encode(), header, tolerance=300,
                                now=now - age + 301)


def test_stripe_sdk_and_paycrypt_agree_on_old_and_rotated_headers() -> None:
    secret = "whsec_test_secret"
    payload = '{"id":"evt_test_webhook","object":"event"}'
    old = int(time.time()) - 1000
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=old)
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.WebhookSignature.verify_header(payload, header, secret, tolerance=300)
    with pytest.raises(paycrypt.ExpiredError):
        paycrypt.webhook_verify(secret.encode(), payload.encode(), header, tolerance=300)
    # secret rotation: Stripe sends several v1 signatures; either may match
    other = stripe.WebhookSignature.generate_signature_header(payload, "whsec_old", timestamp=old)
    rotated = header + ",v1=" + other.split("v1=")[1]
    paycrypt.webhook_verify(b"whsec_old", payload.encode(), rotated, tolerance=0)
    paycrypt.webhook_verify(secret.encode(), payload.encode(), rotated, tolerance=0)
    assert stripe.WebhookSignature.verify_header(payload, rotated, "whsec_old") is True
    # uppercase hex: paycrypt accepts it by design (the SDK does not; not asserted)
    upper = f"t={old},v1=" + header.split("v1=")[1].upper()
    paycrypt.webhook_verify(secret.encode(), payload.encode(), upper, tolerance=0)


# ------------------------------------------------------------ WeChat Pay v2

param_names = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="=&"),
    min_size=1,
    max_size=12,
).filter(lambda s: s != "sign")
wechat_params = st.dictionaries(param_names, text, max_size=12)


@sdk_settings
@given(api_key=st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40),
       params=wechat_params)
def test_wechatpy_v2_hmac_signatures(api_key: str, params: Dict[str, str]) -> None:
    theirs = wechat_utils.calculate_signature_hmac(params, api_key)
    ours = paycrypt.wechatpay_v2_sign(api_key.encode(), params)
    assert ours == theirs
    paycrypt.wechatpay_v2_verify(api_key.encode(), dict(params, sign=theirs))
    paycrypt.wechatpay_v2_verify(api_key.encode(), dict(params, sign=theirs.lower()))
    tampered = dict(params, sign=theirs)
    tampered["total_fee"] = tampered.get("total_fee", "") + "1"
    with pytest.raises(paycrypt.VerificationError):
        paycrypt.wechatpay_v2_verify(api_key.encode(), tampered)
    assert wechat_utils.calculate_signature_hmac(
        {k: v for k, v in tampered.items() if k != "sign"}, api_key
    ) != theirs


def test_wechatpy_documentation_sample() -> None:
    params = {
        "appid": "wxd930ea5d5a258f4f",
        "mch_id": "10000100",
        "device_info": "1000",
        "body": "test",
        "nonce_str": "ibuaiVcKdpRxkhJA",
    }
    key = "192006250b4c09247ec02edce69f6a2d"
    assert paycrypt.wechatpay_v2_sign(key.encode(), params) == wechat_utils.calculate_signature_hmac(
        params, key
    )


# ------------------------------------------------------------ WeChat Pay v3

apiv3_keys = st.text(alphabet=st.characters(min_codepoint=0x30, max_codepoint=0x7A), min_size=32, max_size=32)
v3_nonces = st.text(alphabet=st.characters(min_codepoint=0x30, max_codepoint=0x7A), min_size=12, max_size=12)


@sdk_settings
@given(key=apiv3_keys, nonce=v3_nonces, ad=ascii_text, plaintext=text)
def test_wechatpayv3_decrypts_paycrypt_ciphertexts(key: str, nonce: str, ad: str, plaintext: str) -> None:
    ct = paycrypt.AesGcm(key.encode()).encrypt(nonce.encode(), plaintext.encode(), ad.encode())
    b64 = base64.b64encode(ct).decode()
    assert wechatv3_utils.aes_decrypt(nonce, b64, ad, key) == plaintext
    assert paycrypt.wechatpay_v3_decrypt(key.encode(), nonce, ad, b64) == plaintext.encode()


@sdk_settings
@given(key=apiv3_keys, nonce=v3_nonces, ad=ascii_text, plaintext=text, bit=st.integers(0, 127))
def test_paycrypt_decrypts_wechat_ciphertexts_and_rejects_tampering(
    key: str, nonce: str, ad: str, plaintext: str, bit: int
) -> None:
    # what WeChat Pay's server sends: AEAD_AES_256_GCM by cryptography's AESGCM
    ct = AESGCM(key.encode()).encrypt(nonce.encode(), plaintext.encode(), ad.encode())
    b64 = base64.b64encode(ct).decode()
    assert paycrypt.wechatpay_v3_decrypt(key.encode(), nonce, ad, b64) == plaintext.encode()
    bad = bytearray(ct)
    bad[(bit // 8) % len(bad)] ^= 1 << (bit % 8)
    bad_b64 = base64.b64encode(bytes(bad)).decode()
    assert wechatv3_utils.aes_decrypt(nonce, bad_b64, ad, key) is None
    with pytest.raises(paycrypt.VerificationError):
        paycrypt.wechatpay_v3_decrypt(key.encode(), nonce, ad, bad_b64)


# ------------------------------------------------------------------- Adyen

adyen_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)


@st.composite
def adyen_items(draw: st.DrawFn) -> Dict[str, Any]:
    item: Dict[str, Any] = {
        "pspReference": draw(adyen_text),
        "originalReference": draw(adyen_text),
        "merchantAccountCode": draw(adyen_text),
        "merchantReference": draw(adyen_text),
        "amount": {"value": draw(st.integers(0, 10**12)), "currency": draw(st.sampled_from(["EUR", "USD", "CNY", "JPY"]))},
        "eventCode": draw(st.sampled_from(["AUTHORISATION", "CAPTURE", "REFUND", "CANCELLATION"])),
        "success": draw(st.sampled_from(["true", "false"])),
    }
    # optional fields may be missing altogether
    for name in ("originalReference", "merchantReference"):
        if draw(st.booleans()):
            del item[name]
    return item


@sdk_settings
@given(key=hex_keys, item=adyen_items())
def test_adyen_notification_signatures(key: str, item: Dict[str, Any]) -> None:
    theirs = adyen_util.generate_notification_sig(item, key).decode()
    assert paycrypt.adyen_sign(key, item) == theirs
    assert paycrypt.adyen_sign(key.upper(), item) == theirs
    signed = dict(copy.deepcopy(item), additionalData={"hmacSignature": paycrypt.adyen_sign(key, item)})
    assert adyen_util.is_valid_hmac_notification(copy.deepcopy(signed), key) is True
    paycrypt.adyen_verify(key, signed)
    wrapped = {"notificationItems": [{"NotificationRequestItem": signed}]}
    assert adyen_util.is_valid_hmac_notification(copy.deepcopy(wrapped), key) is True
    paycrypt.adyen_verify(key, wrapped["notificationItems"][0])
    tampered = copy.deepcopy(signed)
    tampered["amount"]["value"] += 1
    assert adyen_util.is_valid_hmac_notification(copy.deepcopy(tampered), key) is False
    with pytest.raises(paycrypt.VerificationError):
        paycrypt.adyen_verify(key, tampered)


@sdk_settings
@given(key=hex_keys, payload=st.binary(max_size=300))
def test_adyen_payload_signatures(key: str, payload: bytes) -> None:
    sig = adyen_util.generate_payload_sig(payload, key).decode()
    paycrypt.adyen_payload_verify(key, payload, sig)
    assert adyen_util.is_valid_hmac_payload(sig, key, payload) is True
    with pytest.raises(paycrypt.VerificationError):
        paycrypt.adyen_payload_verify(key, payload + b"x", sig)
    assume(len(payload) > 0)
    assert adyen_util.is_valid_hmac_payload(sig, key, payload[:-1]) is False


def test_adyen_library_test_vector() -> None:
    # the vector of Adyen's own Python library tests
    item = {
        "pspReference": "7914073381342284",
        "merchantReference": "TestPayment-1407325143704",
        "merchantAccountCode": "TestMerchant",
        "amount": {"currency": "EUR", "value": 1130},
        "eventCode": "AUTHORISATION",
        "success": "true",
        "eventDate": "2019-05-06T17:15:34.121+02:00",
        "operations": ["CANCEL", "CAPTURE", "REFUND"],
        "paymentMethod": "visa",
    }
    key = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"
    sig = "coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0="
    assert adyen_util.generate_notification_sig(item, key).decode() == sig
    assert paycrypt.adyen_sign(key, item) == sig
    # success given as a JSON boolean is signed as the JSON text "true"
    assert paycrypt.adyen_sign(key, dict(item, success=True)) == sig
