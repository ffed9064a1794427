"""Differential property tests: paycrypt against hashlib/hmac and
cryptography (AESGCM, HKDF) over arbitrary keys, messages, AAD and nonces,
in both directions, plus tampering of every kind."""

from __future__ import annotations

import hashlib
import hmac
from typing import Callable, Optional

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from hypothesis import assume, given
from hypothesis import strategies as st

import paycrypt

keys = st.binary(min_size=0, max_size=200)  # crosses the 64-byte block size
msgs = st.binary(min_size=0, max_size=600)
aes_keys = st.sampled_from([16, 32]).flatmap(lambda n: st.binary(min_size=n, max_size=n))
nonces = st.binary(min_size=12, max_size=12)
aads = st.binary(min_size=0, max_size=100)
# the same bytes as bytes, bytearray or memoryview
wrap = st.sampled_from([bytes, bytearray, memoryview])


def as_kind(kind: Callable[[bytes], object], data: bytes) -> paycrypt.BytesLike:
    out = kind(data)
    assert isinstance(out, (bytes, bytearray, memoryview))
    return out


# ---------------------------------------------------------------- hashes


@given(msgs, wrap)
def test_sha256_matches_hashlib(msg: bytes, kind: Callable[[bytes], object]) -> None:
    assert paycrypt.sha256(as_kind(kind, msg)) == hashlib.sha256(msg).digest()


@given(keys, msgs, wrap)
def test_hmac_matches_stdlib(key: bytes, msg: bytes, kind: Callable[[bytes], object]) -> None:
    want = hmac.digest(key, msg, "sha256")
    assert paycrypt.hmac_sha256(as_kind(kind, key), as_kind(kind, msg)) == want
    k = paycrypt.HmacKey(as_kind(kind, key))
    assert k.sign(as_kind(kind, msg)) == want
    assert k.sign_hex(msg) == hmac.new(key, msg, hashlib.sha256).hexdigest()
    k.verify(as_kind(kind, msg), as_kind(kind, want))
    paycrypt.hmac_sha256_verify(key, msg, want)


@given(keys, st.lists(msgs, max_size=40), st.lists(wrap, min_size=40, max_size=40))
def test_sign_batch_matches_stdlib(
    key: bytes, batch: list[bytes], kinds: list[Callable[[bytes], object]]
) -> None:
    mixed = [as_kind(kinds[i], m) for i, m in enumerate(batch)]
    assert paycrypt.HmacKey(key).sign_batch(mixed) == [
        hmac.digest(key, m, "sha256") for m in batch
    ]


@given(keys, msgs, st.integers(16, 32), st.booleans())
def test_truncated_tags(key: bytes, msg: bytes, n: int, upper: bool) -> None:
    k = paycrypt.HmacKey(key)
    full = hmac.digest(key, msg, "sha256")
    k.verify(msg, full[:n])
    paycrypt.hmac_sha256_verify(key, msg, full[:n])
    hex_tag = full[:n].hex()
    k.verify(msg, hex_tag.upper() if upper else hex_tag)


@given(keys, msgs, st.data())
def test_hmac_tampering(key: bytes, msg: bytes, data: st.DataObject) -> None:
    k = paycrypt.HmacKey(key)
    tag = hmac.digest(key, msg, "sha256")
    n = data.draw(st.integers(16, 32), label="tag length")
    # any single bit of the (truncated) tag
    i = data.draw(st.integers(0, n * 8 - 1), label="bit")
    bad = bytearray(tag[:n])
    bad[i // 8] ^= 1 << (i % 8)
    with pytest.raises(paycrypt.VerificationError):
        k.verify(msg, bytes(bad))
    with pytest.raises(paycrypt.VerificationError):
        k.verify(msg, bytes(bad).hex())
    with pytest.raises(paycrypt.VerificationError):
        paycrypt.hmac_sha256_verify(key, msg, bytes(bad))
    # another message, another key
    other = data.draw(msgs, label="other message")
    assume(other != msg)
    with pytest.raises(paycrypt.VerificationError):
        k.verify(other, tag)
    other_key = data.draw(keys, label="other key")
    assume(hmac.digest(other_key, msg, "sha256") != tag)  # keys that HMAC-collide (zero padding)
    with pytest.raises(paycrypt.VerificationError):
        paycrypt.HmacKey(other_key).verify(msg, tag)


# ---------------------------------------------------------------- AES-GCM


@given(aes_keys, nonces, msgs, st.one_of(st.none(), aads), wrap)
def test_aes_gcm_paycrypt_to_cryptography(
    key: bytes, nonce: bytes, pt: bytes, aad: Optional[bytes], kind: Callable[[bytes], object]
) -> None:
    ours = paycrypt.AesGcm(as_kind(kind, key))
    theirs = AESGCM(key)
    aad_in = None if aad is None else as_kind(kind, aad)
    ct = ours.encrypt(as_kind(kind, nonce), as_kind(kind, pt), aad_in)
    assert ct == theirs.encrypt(nonce, pt, aad)
    assert theirs.decrypt(nonce, ct, aad) == pt
    assert ours.decrypt(as_kind(kind, nonce), as_kind(kind, ct), aad_in) == pt


@given(aes_keys, nonces, msgs, aads)
def test_aes_gcm_cryptography_to_paycrypt(key: bytes, nonce: bytes, pt: bytes, aad: bytes) -> None:
    ct = AESGCM(key).encrypt(nonce, pt, aad)
    assert paycrypt.AesGcm(key).decrypt(nonce, ct, aad) == pt
    if not aad:
        assert paycrypt.AesGcm(key).decrypt(nonce, ct, None) == pt


@given(aes_keys, nonces, msgs, aads, st.data())
def test_aes_gcm_tampering(
    key: bytes, nonce: bytes, pt: bytes, aad: bytes, data: st.DataObject
) -> None:
    g = paycrypt.AesGcm(key)
    ct = g.encrypt(nonce, pt, aad)
    kind = data.draw(
        st.sampled_from(["bit", "truncate", "extend", "nonce", "aad", "key", "swap"]),
        label="tampering",
    )
    n, a, c, k = nonce, aad, ct, key
    if kind == "bit":
        i = data.draw(st.integers(0, len(ct) * 8 - 1), label="bit")
        b = bytearray(ct)
        b[i // 8] ^= 1 << (i % 8)
        c = bytes(b)
    elif kind == "truncate":
        c = ct[: data.draw(st.integers(0, len(ct) - 1), label="length")]
    elif kind == "extend":
        c = ct + data.draw(st.binary(min_size=1, max_size=16), label="tail")
    elif kind == "nonce":
        n = data.draw(nonces.filter(lambda x: x != nonce), label="nonce")
    elif kind == "aad":
        a = data.draw(aads.filter(lambda x: x != aad), label="aad")
    elif kind == "key":
        k = data.draw(aes_keys.filter(lambda x: x != key), label="key")
    else:  # ciphertext and tag swapped around
        assume(len(ct) > 16 and ct[16:] + ct[:16] != ct)
        c = ct[-16:] + ct[:-16]
    # cryptography agrees that it is invalid...
    with pytest.raises(InvalidTag):
        AESGCM(k).decrypt(n, c, a)
    # ...and paycrypt refuses it: VerificationError, or MalformedError when
    # the input is shorter than a tag
    expected = paycrypt.MalformedError if len(c) < 16 else paycrypt.VerificationError
    with pytest.raises(expected):
        paycrypt.AesGcm(k).decrypt(n, c, a)


# ---------------------------------------------------------------- HKDF


@given(
    st.binary(max_size=100),
    st.integers(1, 8160),
    st.one_of(st.none(), st.binary(max_size=100)),
    st.one_of(st.none(), st.binary(max_size=100)),
)
def test_hkdf_matches_cryptography(
    ikm: bytes, length: int, salt: Optional[bytes], info: Optional[bytes]
) -> None:
    want = HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)
    assert paycrypt.hkdf_sha256(ikm, length, salt=salt, info=info) == want
    if salt is not None and info is not None:
        assert paycrypt.hkdf_sha256(bytearray(ikm), length, memoryview(salt), bytearray(info)) == want


# ---------------------------------------------------------------- ct_equal


@given(st.binary(max_size=64), st.binary(max_size=64))
def test_ct_equal_matches_compare_digest(a: bytes, b: bytes) -> None:
    assert paycrypt.ct_equal(a, b) is hmac.compare_digest(a, b)
    assert paycrypt.ct_equal(a, a) is True


# ---------------------------------------------------------------- protocols


@given(keys, msgs, st.integers(-(2**63), 2**63 - 1))
def test_webhook_matches_stripe_scheme(secret: bytes, payload: bytes, ts: int) -> None:
    header = paycrypt.webhook_sign(secret, payload, ts)
    mac = hmac.new(secret, f"{ts}.".encode() + payload, hashlib.sha256).hexdigest()
    assert header == f"t={ts},v1={mac}"
    paycrypt.webhook_verify(secret, payload, header, tolerance=0)
    paycrypt.webhook_verify(secret, payload, f"v0=abc,v1={'0' * 64},v1={mac.upper()},t={ts}", 0)
    with pytest.raises(paycrypt.VerificationError):
        paycrypt.webhook_verify(secret, payload + b"!", header, tolerance=0)


@given(aes_keys, st.integers(0, 2**32 - 1), msgs, aads, nonces)
def test_envelope_matches_cryptography(
    key: bytes, key_id: int, pt: bytes, aad: bytes, nonce: bytes
) -> None:
    env = paycrypt.envelope_seal(paycrypt.AesGcm(key), key_id, pt, aad=aad, nonce=nonce)
    header = b"\x01" + key_id.to_bytes(4, "big") + nonce
    assert env == header + AESGCM(key).encrypt(nonce, pt, header + aad)
    assert paycrypt.envelope_key_id(env) == key_id
    assert paycrypt.envelope_open(paycrypt.AesGcm(key), env, aad) == pt
