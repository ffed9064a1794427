#!/usr/bin/env python3
"""Generate paycrypt's payment-protocol interoperability vectors from the
providers' own SDKs (PyPI), in tests/vectors/.

Usage (Python 3.11):
    pip install stripe==16.1.0 wechatpy==1.8.18 wechatpayv3==2.0.4 \
        Adyen==16.0.0 cryptography==48.0.0
    python3 tests/vectors/gen_providers.py

Pinned versions (checked at start; the script refuses to run on others):
    stripe==16.1.0  wechatpy==1.8.18  wechatpayv3==2.0.4  Adyen==16.0.0
    cryptography==48.0.0

Writes, next to this script (overwriting them):
    stripe_webhook.txt  [Stripe]
    github_webhook.txt  [GitHub]
    adyen_hmac.txt      [Notification] [Payload]
    wechatpay_v2.txt    [HMAC-SHA256]
    wechatpay_v3.txt    [AEAD_AES_256_GCM]
    envelope.txt        [Envelope-v1]

SDK functions used (exact paths in the pinned versions):
    stripe.WebhookSignature.generate_signature_header   (signer)
    stripe.WebhookSignature.verify_header               (oracle)
    Adyen.util.generate_notification_sig                (signer)
    Adyen.util.is_valid_hmac_notification               (oracle)
    Adyen.util.generate_payload_sig, is_valid_hmac_payload (cross-check)
    wechatpy.pay.utils.calculate_signature_hmac         (signer / oracle)
    wechatpayv3.utils.aes_decrypt                       (oracle)
    cryptography AESGCM                                 (encryption)

Every case's Expect is (1) written by hand below, (2) recomputed by an
independent Python model of paycrypt's documented rules, and (3) compared
with the provider SDK acting as an oracle where one exists. (1) and (2)
must agree; where the SDK's verdict differs from Expect the case must carry
a note saying so (it goes into the Comment), and a note on a case where
the SDK agrees is an error too. Any mismatch aborts before a file is
written. Output is deterministic (fixed inputs, SHA-256-derived
pseudo-random bytes, the SDK's clock patched to the case's Now): re-running
rewrites byte-identical files.

File format (parsed by the Rust, C, Python and Go suites):
    ASCII; '#' starts a comment line; '[Name]' starts a section; a case is a
    run of 'Field = value' lines, cases separated by blank lines; split a
    line at its first '='; 'Field =' is an empty value; byte and string
    values are lowercase hex of their bytes; integers are decimal; Comment
    is plain ASCII without '='.
"""

import base64
import binascii
import hashlib
import hmac
import importlib
import importlib.metadata
import json
import os
import re
import sys
from unittest import mock

PINNED = {
    "stripe": "16.1.0",
    "wechatpy": "1.8.18",
    "wechatpayv3": "2.0.4",
    "Adyen": "16.0.0",
    "cryptography": "48.0.0",
}


def check_versions():
    bad = []
    for name, want in PINNED.items():
        try:
            got = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            got = None
        if got != want:
            bad.append(f"{name} {got or '(not installed)'} (want {want})")
    if bad:
        pins = " ".join(f"{n}=={v}" for n, v in PINNED.items())
        sys.exit("error: wrong SDK versions: " + "; ".join(bad)
                 + f"\n  pip install {pins}")


check_versions()

import stripe  # noqa: E402
import Adyen.util as adyen_util  # noqa: E402
import wechatpy.pay.utils as wechatpy_pay_utils  # noqa: E402
import wechatpayv3.utils as wechatpayv3_utils  # noqa: E402
from cryptography.exceptions import InvalidTag  # noqa: E402
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

OUT_DIR = os.path.dirname(os.path.abspath(__file__))
SDKS = ", ".join(f"{n}=={v}" for n, v in PINNED.items())
I64_MIN, I64_MAX = -(2**63), 2**63 - 1
EXPECT_WORDS = {"ok", "verify_failed", "expired", "malformed", "nonce_length",
                "key_length", "buffer_too_small"}

FORMAT_NOTE = [
    "Format: ASCII; '#' comment; '[Name]' starts a section; a case is a run",
    "of 'Field = value' lines (split at the first '='); cases are separated",
    "by blank lines; 'Field =' is an empty value; byte and string values are",
    "lowercase hex of their bytes; integers are decimal; Comment is plain",
    "ASCII text (no '='). Count runs per file from 0. Expect is the paycrypt",
    "status the verification must return: ok, verify_failed, expired,",
    "malformed, nonce_length, key_length.",
]


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def prbytes(label, n):
    """n deterministic pseudo-random bytes: SHA-256(label || counter)."""
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"paycrypt-vectors/{label}/{i}".encode()).digest()
        i += 1
    return out[:n]


def prtext(label, n, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"):
    return "".join(alphabet[b % len(alphabet)] for b in prbytes(label, n))


def b(x):
    return x if isinstance(x, bytes) else x.encode("utf-8")


def hx(x):
    return b(x).hex()


def hmac_sha256(key, msg):
    return hmac.new(b(key), b(msg), hashlib.sha256).digest()


def b64(x):
    return base64.b64encode(x).decode("ascii")


def strict_b64decode(s):
    """paycrypt's rule: standard alphabet, padded, canonical; else None."""
    s = b(s)
    if len(s) == 0 or len(s) % 4:
        return None
    try:
        d = base64.b64decode(s, validate=True)
    except binascii.Error:
        return None
    if base64.b64encode(d) != s:  # non-canonical trailing bits
        return None
    return d


def flip_hex_digit(s, i=0):
    """Change hex digit i of s to another digit of the same case class."""
    c = s[i]
    r = "0" if c != "0" else "1"
    return s[:i] + r + s[i + 1:]


class VectorFile:
    def __init__(self, name, header):
        self.name = name
        self.header = header
        self.sections = []
        self.count = 0
        self.stats = {}

    def section(self, name):
        self.sections.append((name, []))
        self.stats.setdefault(name, [0, 0])

    def case(self, fields, comment, expect, valid_src):
        """fields: list of (name, str value); valid_src: True when the case
        is a valid (positive) vector, False for a hostile one."""
        if expect not in EXPECT_WORDS:
            raise ValueError(f"bad Expect {expect!r}")
        if "=" in comment or not comment.isascii() or not comment.isprintable():
            raise ValueError(f"bad comment {comment!r}")
        if comment != comment.strip() or not comment:
            raise ValueError(f"bad comment {comment!r}")
        rows = [("Count", str(self.count)), ("Comment", comment)]
        rows += fields
        rows.append(("Expect", expect))
        sec_name, cases = self.sections[-1]
        cases.append(rows)
        self.stats[sec_name][0 if valid_src else 1] += 1
        self.count += 1

    def render(self):
        out = ["# " + h if h else "#" for h in self.header]
        for name, cases in self.sections:
            out.append("")
            out.append(f"[{name}]")
            for rows in cases:
                out.append("")
                for field, value in rows:
                    if not (field.isascii() and field.replace("-", "").isalnum()):
                        raise ValueError(f"bad field name {field!r}")
                    if (not value.isascii() or not value.isprintable()
                            or value != value.strip()):
                        raise ValueError(f"bad value {field} {value!r}")
                    out.append(f"{field} = {value}" if value else f"{field} =")
        text = "\n".join(out) + "\n"
        text.encode("ascii")
        return text


class Oracle:
    """Compares the SDK's verdict with Expect; differences need a note."""

    def __init__(self, sdk_name):
        self.sdk_name = sdk_name

    def comment(self, desc, expect, sdk_verdict, note):
        """sdk_verdict: an Expect-like word, or None if the SDK cannot check
        this case (note then says why)."""
        if sdk_verdict is None:
            if not note:
                raise AssertionError(f"{desc}: no SDK verdict and no note")
            return f"{desc}. {self.sdk_name}: {note}"
        if sdk_verdict == expect:
            if note:
                raise AssertionError(f"{desc}: note given but SDK agrees ({sdk_verdict})")
            return desc
        if not note:
            raise AssertionError(
                f"{desc}: SDK says {sdk_verdict}, Expect {expect}, no note")
        return f"{desc}. DIFFERS from {self.sdk_name} which gives {sdk_verdict}: {note}"


# --------------------------------------------------------------------------
# 1. Stripe
# --------------------------------------------------------------------------

STRIPE_WEBHOOK_MODULE = importlib.import_module("stripe._webhook")


def stripe_header(payload, secret, ts):
    """The SDK's header for a UTF-8 payload; for other bytes (which the SDK
    cannot take) the same format built with stdlib hmac."""
    mine = f"t={ts},v1=" + hmac_sha256(secret, str(ts).encode() + b"." + payload).hex()
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        return mine, False
    sdk = stripe.WebhookSignature.generate_signature_header(text, secret, timestamp=ts)
    if sdk != mine:
        raise AssertionError(f"Stripe SDK header {sdk!r} != stdlib {mine!r}")
    return sdk, True


def stripe_sig(payload, secret, ts):
    return stripe_header(payload, secret, ts)[0].split(",v1=", 1)[1]


def stripe_model(secret, payload, header, now, tol):
    """paycrypt's documented Stripe verification rules."""
    t = None
    t_count = 0
    cands = []
    for el in header.split(b","):
        if b"=" not in el:
            return "malformed"
        k, v = el.split(b"=", 1)
        if k == b"t":
            t_count += 1
            if not re.fullmatch(rb"-?[0-9]{1,19}", v):
                return "malformed"
            t = int(v)
            if not I64_MIN <= t <= I64_MAX:
                return "malformed"
        elif k == b"v1" and re.fullmatch(rb"[0-9a-fA-F]{64}", v):
            cands.append(v.lower().decode())
    if t_count != 1 or not cands:
        return "malformed"
    want = hmac_sha256(secret, str(t).encode() + b"." + payload).hex()
    if want not in cands:
        return "verify_failed"
    if tol != 0 and abs(now - t) > tol:
        return "expired"
    return "ok"


def stripe_sdk_verdict(secret, payload, header, now, tol):
    try:
        text = payload.decode("utf-8")
        header_text = header.decode("utf-8")
    except UnicodeDecodeError:
        return None
    with mock.patch.object(STRIPE_WEBHOOK_MODULE.time, "time", return_value=now):
        try:
            stripe.WebhookSignature.verify_header(text, header_text, secret, tol)
        except stripe.SignatureVerificationError as e:
            msg = str(e)
            if msg.startswith("No signatures found matching"):
                return "verify_failed"
            if msg.startswith("Timestamp outside"):
                return "expired"
            return "malformed"  # no header, unparsable, no v1
    return "ok"


def gen_stripe():
    f = VectorFile("stripe_webhook.txt", [
        "Stripe webhook signatures (Stripe-Signature header), for paycrypt's",
        "webhook_sign / webhook_verify.",
        "Generated by tests/vectors/gen_providers.py with",
f"{SDKS}.",
        "Valid signatures come from the Stripe Python SDK (stripe==16.1.0):",
        "stripe.WebhookSignature.generate_signature_header(payload, secret,",
        "timestamp); every case was also run through",
        "stripe.WebhookSignature.verify_header (SDK clock patched to Now) and",
        "the Comment says DIFFERS where the SDK's verdict is not Expect.",
        "The SDK takes the body as text and HMACs its UTF-8 bytes, so the",
        "bodies that are not valid UTF-8 were signed with Python hmac in the",
        "same format (their Comment says so).",
        "",
        "Fields:",
        "  Secret     the endpoint secret, hex of its bytes (the whole string,",
        "             whsec_ prefix included, is the HMAC key)",
        "  Payload    raw request body (hex)",
        "  Timestamp  the t the signature was made over (decimal, int64);",
        "             absent where meaningless (no signed t, or not an int64)",
        "  Header     the Stripe-Signature header value (hex of its bytes)",
        "  Now        verifier's clock, unix seconds (decimal)",
        "  Tolerance  seconds (decimal); 0 means no time check",
        "  Canonical  yes if Header is exactly what the signer writes for",
        "             (Secret, Payload, Timestamp), t<Timestamp>,v1<hex> with",
        "             the usual equals signs, so webhook_sign must reproduce it",
        "             byte for byte; no otherwise",
        "  Expect     paycrypt status of webhook_verify(Secret, Header,",
        "             Payload, Now, Tolerance)",
        "",
        "paycrypt rules: comma-separated elements in any order, each split at",
        "its first equals sign (an element without one, empty elements",
        "included, is malformed); exactly one t, an optional minus and 1..19",
        "ASCII digits within int64 (else malformed); signed payload is the",
        "decimal of t, a dot, the raw body; every v1 of exactly 64 hex digits",
        "(either case) is a candidate, other v1 values and other schemes are",
        "ignored; no t or no candidate is malformed; no match is",
        "verify_failed; then if Tolerance is not 0 and |Now - t| > Tolerance,",
        "expired (future timestamps too); else ok.",
        "",
    ] + FORMAT_NOTE)
    f.section("Stripe")
    oracle = Oracle("Stripe SDK 16.1.0 verify_header")

    T0 = 1735689600  # 2025-01-01T00:00:00Z
    NOW = T0 + 17
    TOL = 300

    def add(desc, secret, payload, header, now, tol, expect, ts=None,
            note=None, valid=False):
        header = b(header)
        model = stripe_model(b(secret), payload, header, now, tol)
        if model != expect:
            raise AssertionError(f"Stripe {desc}: model {model}, Expect {expect}")
        verdict = stripe_sdk_verdict(secret, payload, header, now, tol)
        if verdict is None and not note:
            note = ("not checked, the SDK takes only UTF-8 bodies "
                    "(verify_header decodes bytes as UTF-8)")
        comment = oracle.comment(desc, expect, verdict, note)
        canonical = "no"
        if ts is not None:
            if not I64_MIN <= ts <= I64_MAX:
                raise AssertionError("Timestamp must fit int64")
            if header == b(stripe_header(payload, secret, ts)[0]):
                canonical = "yes"
        fields = [("Secret", hx(secret)), ("Payload", hx(payload))]
        if ts is not None:
            fields.append(("Timestamp", str(ts)))
        fields += [("Header", hx(header)), ("Now", str(now)),
                   ("Tolerance", str(tol)), ("Canonical", canonical)]
        if valid and (canonical != "yes" or expect != "ok"):
            raise AssertionError(f"{desc}: valid case must be canonical ok")
        f.case(fields, comment, expect, valid)

    # Secrets.
    S1 = "whsec_" + prtext("stripe/s1", 32)
    S_CLI = "whsec_" + prbytes("stripe/cli", 32).hex()   # stripe-cli style
    S_LONG = "whsec_" + prtext("stripe/long", 200)
    S_SHORT = "s"
    S_NOPREFIX = prtext("stripe/noprefix", 40)
    S_64 = "whsec_" + prtext("stripe/64", 58)             # 64 bytes: one block
    S_65 = "whsec_" + prtext("stripe/65", 59)             # 65 bytes: hashed key
    S_UTF8 = "whsec_cl\u00e9-\u79d8\u5bc6-" + prtext("stripe/utf8", 16)
    assert len(S_64) == 64 and len(S_65) == 65

    # Payloads.
    event = {
        "id": "evt_" + prtext("stripe/evt", 24),
        "object": "event",
        "api_version": "2024-06-20",
        "created": T0,
        "data": {"object": {
            "id": "pi_" + prtext("stripe/pi", 24),
            "object": "payment_intent",
            "amount": 2000,
            "currency": "usd",
            "status": "succeeded",
            "metadata": {"order_id": "6735"},
        }},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": "payment_intent.succeeded",
    }
    P_PRETTY = json.dumps(event, indent=2).encode() + b"\n"
    P_COMPACT = json.dumps(event, separators=(",", ":")).encode()
    P_UTF8 = json.dumps({
        "id": "evt_utf8", "object": "event", "type": "charge.succeeded",
        "data": {"object": {"description": "Caf\u00e9 cr\u00e8me \u2013 "
                            "\u65e5\u672c\u8a9e \u2013 \u0417\u0430\u043a\u0430\u0437 "
                            "\U0001f389", "amount": 450, "currency": "eur"}},
    }, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    P_CTRL = bytes(range(0x00, 0x80))           # binary, still valid UTF-8
    P_BIN = bytes(range(0x80, 0x100))           # not UTF-8
    P_RAND = prbytes("stripe/randbody", 256)    # random bytes, not UTF-8
    assert P_RAND.decode("utf-8", "replace").encode() != P_RAND
    filler = json.dumps({"id": "evt_big", "object": "event", "data": {
        "object": {"lines": [f"item-{i:04d}" for i in range(200)]}}})
    P_1K = filler.encode()[:1024]
    P_4K = (filler * 2).encode()[:4096]
    assert len(P_1K) == 1024 and len(P_4K) == 4096
    P_WS = b"  \t\r\n {\n\t\"a\" :  1 ,\r\n   \"b\"\t:\t[ ]  }  \n\n \t  "
    P_CRLF = b"{\r\n  \"id\": \"evt_crlf\",\r\n  \"object\": \"event\"\r\n}\r\n"
    P_HEADERLIKE = b"t=1,v1=" + b"0" * 64 + b",v0=abc"
    P_NUL = b"{\"a\":\"\x00\"}\x00"

    # --- valid, SDK-generated (Canonical yes, Expect ok) ---
    valid = [
        ("compact JSON event", S1, P_COMPACT, T0, NOW, TOL),
        ("empty body", S1, b"", T0, NOW, TOL),
        ("body {}", S1, b"{}", T0 + 1, NOW, TOL),
        ("pretty-printed JSON event as Stripe sends it", S1, P_PRETTY, T0, NOW, TOL),
        ("non-ASCII UTF-8 JSON body", S1, P_UTF8, T0 - 5, NOW, TOL),
        ("bytes 00..7f (binary but valid UTF-8)", S1, P_CTRL, T0, NOW, TOL),
        ("body with NUL bytes", S1, P_NUL, T0, NOW, TOL),
        ("1 KiB body", S1, P_1K, T0, NOW, TOL),
        ("4 KiB body", S_CLI, P_4K, T0, NOW, TOL),
        ("whitespace-heavy body", S1, P_WS, T0, NOW, TOL),
        ("CRLF line endings in body", S1, P_CRLF, T0, NOW, TOL),
        ("body that looks like a signature header", S1, P_HEADERLIKE, T0, NOW, TOL),
        ("stripe-cli style secret (whsec_ and 64 hex)", S_CLI, P_COMPACT, T0, NOW, TOL),
        ("long secret (206 bytes)", S_LONG, P_COMPACT, T0, NOW, TOL),
        ("short secret (1 byte)", S_SHORT, P_COMPACT, T0, NOW, TOL),
        ("secret without whsec_ prefix", S_NOPREFIX, P_COMPACT, T0, NOW, TOL),
        ("secret of exactly 64 bytes", S_64, P_COMPACT, T0, NOW, TOL),
        ("secret of 65 bytes (HMAC hashes the key)", S_65, P_COMPACT, T0, NOW, TOL),
        ("non-ASCII UTF-8 secret", S_UTF8, P_UTF8, T0, NOW, TOL),
        ("Now equal to t", S1, P_COMPACT, T0, T0, TOL),
        ("t exactly Tolerance seconds in the past", S1, P_COMPACT, T0 - TOL, T0, TOL),
        ("t exactly Tolerance seconds in the future", S1, P_COMPACT, T0 + TOL, T0, TOL),
        ("Tolerance 1, t one second old", S1, P_COMPACT, T0 - 1, T0, 1),
        ("Tolerance 0 with t 0 (ancient, no time check)", S1, P_COMPACT, 0, T0, 0),
        ("Tolerance 0 with t 1000000000", S1, b"{}", 1000000000, T0, 0),
        ("Tolerance 0 with negative t", S1, P_COMPACT, -1, T0, 0),
        ("Tolerance 0 with t the int64 maximum", S1, P_COMPACT, I64_MAX, T0, 0),
        ("Tolerance 0 with t the int64 minimum", S1, P_COMPACT, I64_MIN, T0, 0),
        ("large Tolerance (one year)", S1, P_COMPACT, T0 - 31536000, T0, 31536000),
    ]
    for i in range(6):
        n = [0, 1, 63, 64, 65, 500][i]
        body = json.dumps({"id": f"evt_{i}", "pad": prtext(f"stripe/r{i}", n)},
                          separators=(",", ":")).encode()
        sec = "whsec_" + prtext(f"stripe/rs{i}", 32)
        ts = T0 + 86400 * (i + 1) + i
        valid.append((f"generated event {i} (pad of {n} chars)", sec, body, ts, ts + 3 * i, TOL))
    for desc, sec, body, ts, now, tol in valid:
        hdr, _ = stripe_header(body, sec, ts)
        add(desc, sec, body, hdr, now, tol, "ok", ts=ts, valid=True)
    # Bodies the SDK cannot take (not UTF-8): same format, stdlib hmac.
    for desc, body in [("bytes 80..ff, not UTF-8 (signed with Python hmac)", P_BIN),
                       ("256 random bytes, not UTF-8 (signed with Python hmac)", P_RAND)]:
        hdr, by_sdk = stripe_header(body, S1, T0)
        assert not by_sdk
        add(desc, S1, body, hdr, NOW, TOL, "ok", ts=T0, valid=True)

    # --- hostile / non-canonical ---
    P = P_COMPACT
    good = stripe_sig(P, S1, T0)
    other = stripe_sig(P, S1, T0 + 1)      # a well-formed but wrong v1
    up = good.upper()
    mixed = "".join(c.upper() if i % 2 else c for i, c in enumerate(good))
    T = str(T0)

    def h(desc, header, expect, ts=T0, now=NOW, tol=TOL, payload=P, secret=S1, note=None):
        add(desc, secret, payload, header, now, tol, expect, ts=ts, note=note)

    # time window
    h("expired, t 301 s in the past", f"t={T0 - 301},v1=" + stripe_sig(P, S1, T0 - 301),
      "expired", ts=T0 - 301, now=T0)
    h("expired, t 301 s in the future",
      f"t={T0 + 301},v1=" + stripe_sig(P, S1, T0 + 301), "expired", ts=T0 + 301, now=T0,
      note="the SDK checks only timestamps in the past")
    h("expired, t one day in the future",
      f"t={T0 + 86400},v1=" + stripe_sig(P, S1, T0 + 86400), "expired", ts=T0 + 86400,
      now=T0, note="the SDK checks only timestamps in the past")
    h("expired, ancient t 0 with Tolerance 300", "t=0,v1=" + stripe_sig(P, S1, 0),
      "expired", ts=0, now=T0)
    h("expired, Tolerance 1 and t two seconds old",
      f"t={T0 - 2},v1=" + stripe_sig(P, S1, T0 - 2), "expired", ts=T0 - 2, now=T0, tol=1)
    h("expired, t the int64 minimum (Now - t overflows int64)",
      f"t={I64_MIN},v1=" + stripe_sig(P, S1, I64_MIN), "expired", ts=I64_MIN, now=T0)
    h("expired, t the int64 maximum", f"t={I64_MAX},v1=" + stripe_sig(P, S1, I64_MAX),
      "expired", ts=I64_MAX, now=T0, note="the SDK checks only timestamps in the past")
    h("wrong signature and out of the window (signature checked first)",
      f"t={T0 - 1000},v1=" + stripe_sig(P, S1, T0 - 999), "verify_failed",
      ts=T0 - 999, now=T0)
    # secret rotation / several schemes
    h("secret rotation, two v1 and only the second valid", f"t={T},v1={other},v1={good}", "ok")
    h("secret rotation, two v1 and only the first valid", f"t={T},v1={good},v1={other}", "ok")
    h("two v1, neither valid", f"t={T},v1={other},v1=" + stripe_sig(P, S1, T0 - 1),
      "verify_failed")
    h("v0 alongside a valid v1", f"t={T},v1={good},v0=" + stripe_sig(P, "whsec_test", T0), "ok")
    h("valid signature only under v0 (not a candidate)", f"t={T},v0={good}", "malformed")
    h("valid signature only under v2 (unknown scheme)", f"t={T},v2={good}", "malformed")
    h("valid signature only under V1 uppercase (unknown scheme)", f"t={T},V1={good}", "malformed")
    h("elements reordered, v1 before t", f"v1={good},t={T}", "ok")
    h("elements reordered, v0 then v1 then t", f"v0={other},v1={good},t={T}", "ok")
    h("element with empty name ignored", f"t={T},v1={good},=x", "ok")
    h("unknown scheme with an empty value ignored", f"t={T},v9=,v1={good}", "ok")
    # t parsing
    h("duplicated t (same value)", f"t={T},t={T},v1={good}", "malformed",
      note="the SDK uses the first t")
    h("duplicated t (second different)", f"t={T},v1={good},t={T0 + 5}", "malformed",
      note="the SDK uses the first t")
    h("missing t", f"v1={good}", "malformed", ts=None)
    h("empty t value", f"t=,v1={good}", "malformed", ts=None)
    h("t with a plus sign", f"t=+{T},v1={good}", "malformed",
      note="the SDK parses t with int() which accepts a plus sign")
    h("t with a leading space", f"t= {T},v1={good}", "malformed",
      note="the SDK parses t with int() which strips spaces")
    h("t with a trailing space", f"t={T} ,v1={good}", "malformed",
      note="the SDK parses t with int() which strips spaces")
    h("t with digit-group underscores", f"t={T0:_},v1={good}", "malformed",
      note="the SDK parses t with int() which accepts underscores")
    arabic = "".join(chr(0x0660 + int(c)) for c in T)
    h("t in Arabic-Indic digits (UTF-8)", f"t={arabic},v1={good}", "malformed",
      note="the SDK parses t with int() which accepts Unicode digits")
    h("t with a letter", f"t={T}a,v1={good}", "malformed")
    h("t just a minus sign", f"t=-,v1={good}", "malformed", ts=None)
    h("t with leading zeros (normalised, 13 digits)", f"t=000{T},v1={good}", "ok")
    h("t written as minus zero, signature over 0", "t=-0,v1=" + stripe_sig(P, S1, 0), "ok", ts=0, tol=0)
    h("t with leading zeros, 20 digits in all", f"t={T.zfill(20)},v1={good}", "malformed",
      note="the SDK accepts any length")
    h("t one above the int64 maximum", "t=9223372036854775808,v1="
      + stripe_sig(P, S1, 2**63), "malformed", ts=None, tol=0,
      note="Python int() has no int64 limit")
    h("t of 20 digits", "t=10000000000000000000,v1=" + stripe_sig(P, S1, 10**19),
      "malformed", ts=None, tol=0, note="Python int() has no int64 limit")
    h("space before t element name", f" t={T},v1={good}", "malformed", ts=T0)
    h("space between t and the equals sign", f"t ={T},v1={good}", "malformed")
    # v1 shapes
    h("uppercase hex signature", f"t={T},v1={up}", "ok",
      note="the SDK compares with its lowercase hex exactly")
    h("mixed-case hex signature", f"t={T},v1={mixed}", "ok",
      note="the SDK compares with its lowercase hex exactly")
    h("only v1 has 63 hex digits (ignored)", f"t={T},v1={good[:63]}", "malformed",
      note="the SDK finds a v1 that does not match")
    h("only v1 has 65 hex digits (ignored)", f"t={T},v1={good}0", "malformed",
      note="the SDK finds a v1 that does not match")
    h("63-hex v1 ignored, valid v1 follows", f"t={T},v1={good[:63]},v1={good}", "ok")
    h("65-hex v1 ignored, valid v1 follows", f"t={T},v1={good}0,v1={good}", "ok")
    h("v1 with a non-hex digit (ignored), valid v1 follows",
      f"t={T},v1={'g' + good[1:]},v1={good}", "ok")
    h("v1 value followed by an equals sign and more text", f"t={T},v1={good}=x", "malformed",
      note="the SDK splits elements with split at most twice and keeps the valid prefix")
    h("empty v1 value", f"t={T},v1=", "malformed",
      note="the SDK finds a v1 that does not match")
    h("space after comma, so the v1 element is unknown", f"t={T}, v1={good}", "malformed")
    h("space after comma, plain v1 follows", f"t={T}, v1={other},v1={good}", "ok")
    h("space before the equals sign of v1", f"t={T},v1 ={good}", "malformed")
    h("space after the equals sign of v1 (ignored value)", f"t={T},v1= {good}", "malformed",
      note="the SDK finds a v1 that does not match")
    h("header with a trailing newline", f"t={T},v1={good}\n", "malformed",
      note="the SDK finds a v1 that does not match")
    # element structure
    h("empty header", "", "malformed", ts=None)
    h("missing v1", f"t={T}", "malformed")
    h("trailing comma (empty element)", f"t={T},v1={good},", "malformed",
      note="the SDK skips elements without an equals sign")
    h("leading comma (empty element)", f",t={T},v1={good}", "malformed",
      note="the SDK skips elements without an equals sign")
    h("two commas in a row (empty element)", f"t={T},,v1={good}", "malformed",
      note="the SDK skips elements without an equals sign")
    h("element without an equals sign", f"t={T},v1={good},foo", "malformed",
      note="the SDK skips elements without an equals sign")
    h("semicolon separators", f"t={T};v1={good}", "malformed")
    # wrong content
    h("tampered body", f"t={T},v1={good}", "verify_failed", payload=P + b" ")
    h("tampered body, one byte changed", f"t={T},v1={good}", "verify_failed",
      payload=P.replace(b"2000", b"9000"))
    h("tampered signature, one hex digit changed", f"t={T},v1=" + flip_hex_digit(good, 40),
      "verify_failed")
    h("tampered t, signature over another t", f"t={T0 + 1},v1={good}", "verify_failed")
    h("wrong secret", f"t={T},v1=" + stripe_sig(P, "whsec_" + prtext("stripe/wrong", 32), T0),
      "verify_failed")
    h("secret used without its whsec_ prefix by the signer",
      f"t={T},v1=" + stripe_sig(P, S1[len("whsec_"):], T0), "verify_failed")
    h("signature over the body alone (no t and dot)",
      f"t={T},v1=" + hmac_sha256(S1, P).hex(), "verify_failed")
    h("signature over t and body without the dot",
      f"t={T},v1=" + hmac_sha256(S1, T.encode() + P).hex(), "verify_failed")
    h("SHA-256 of the signed payload instead of an HMAC",
      f"t={T},v1=" + hashlib.sha256(T.encode() + b"." + P).hexdigest(), "verify_failed")
    return f


# --------------------------------------------------------------------------
# 2. GitHub
# --------------------------------------------------------------------------

def github_model(secret, payload, header):
    m = re.fullmatch(rb"sha256=([0-9a-fA-F]{64})", header)
    if not m:
        return "malformed"
    if m.group(1).lower() != hmac_sha256(secret, payload).hex().encode():
        return "verify_failed"
    return "ok"


def gen_github():
    f = VectorFile("github_webhook.txt", [
        "GitHub webhook signatures (X-Hub-Signature-256 header), for paycrypt's",
        "github_verify.",
        "Generated by tests/vectors/gen_providers.py with",
f"{SDKS}.",
        "GitHub has no Python SDK for this: case 0 is GitHub's documented",
        "example (docs 'Validating webhook deliveries'), the others were made",
        "with Python's stdlib hmac (sha256=, then lowercase hex).",
        "",
        "Fields:",
        "  Secret   the webhook secret (hex of its bytes)",
        "  Payload  raw request body (hex)",
        "  Header   the X-Hub-Signature-256 value (hex of its bytes)",
        "  Expect   paycrypt status of github_verify(Secret, Header, Payload)",
        "",
        "paycrypt rules: Header must be exactly sha256, an equals sign, and 64",
        "hex digits (either case), nothing more (else malformed); a mismatch",
        "is verify_failed.",
        "",
    ] + FORMAT_NOTE)
    f.section("GitHub")

    def add(desc, secret, payload, header, expect, valid=False):
        model = github_model(b(secret), b(payload), b(header))
        if model != expect:
            raise AssertionError(f"GitHub {desc}: model {model}, Expect {expect}")
        f.case([("Secret", hx(secret)), ("Payload", hx(payload)), ("Header", hx(header))],
               desc, expect, valid)

    def sig(secret, payload):
        return "sha256=" + hmac_sha256(secret, payload).hex()

    doc_secret, doc_payload = "It's a Secret to Everybody", "Hello, World!"
    doc_header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    assert sig(doc_secret, doc_payload) == doc_header
    add("GitHub documentation example", doc_secret, doc_payload, doc_header, "ok", True)

    push = json.dumps({
        "ref": "refs/heads/main", "before": prbytes("gh/before", 20).hex(),
        "after": prbytes("gh/after", 20).hex(),
        "repository": {"id": 1296269, "full_name": "octocat/Hello-World"},
        "pusher": {"name": "octocat", "email": "octocat@example.com"},
    }, indent=2).encode()
    S = prtext("gh/secret", 40)
    generated = [
        ("push event JSON", S, push),
        ("empty body", S, b""),
        ("ping event compact JSON", S, b'{"zen":"Design for failure.","hook_id":12345678}'),
        ("non-ASCII UTF-8 body", S, "{\"title\":\"Fix \u00fcber \u4e2d\u6587 \U0001f680\"}".encode()),
        ("binary body, bytes 00..ff", S, bytes(range(256))),
        ("form-encoded body", S, b"payload=%7B%22zen%22%3A%22Keep+it+logically+awesome.%22%7D"),
        ("2 KiB body", S, (push * 4)[:2048]),
        ("one-byte secret", "x", push),
        ("100-byte secret (HMAC hashes the key)", prtext("gh/long", 100), push),
        ("non-ASCII UTF-8 secret", "s\u00e9cr\u00e9t-\u5bc6\u94a5", push),
        ("secret with spaces", "  my secret  ", push),
    ]
    for desc, sec, body in generated:
        add(desc, sec, body, sig(sec, body), "ok", True)

    good = sig(S, push)
    hexpart = good[len("sha256="):]
    add("uppercase hex digits", S, push, "sha256=" + hexpart.upper(), "ok")
    add("sha1 prefix with a valid HMAC-SHA1 (X-Hub-Signature)", S, push,
        "sha1=" + hmac.new(b(S), push, hashlib.sha1).hexdigest(), "malformed")
    add("sha1 prefix with the SHA-256 hex", S, push, "sha1=" + hexpart, "malformed")
    add("uppercase SHA256 prefix", S, push, "SHA256=" + hexpart, "malformed")
    add("63 hex digits", S, push, good[:-1], "malformed")
    add("65 hex digits", S, push, good + "0", "malformed")
    add("non-hex character", S, push, good[:-1] + "g", "malformed")
    add("missing prefix (bare hex)", S, push, hexpart, "malformed")
    add("prefix only", S, push, "sha256=", "malformed")
    add("empty header", S, push, "", "malformed")
    add("colon instead of the equals sign", S, push, "sha256:" + hexpart, "malformed")
    add("trailing newline in header", S, push, good + "\n", "malformed")
    add("leading space in header", S, push, " " + good, "malformed")
    add("two signatures comma-separated", S, push, good + "," + good, "malformed")
    add("base64 of the tag instead of hex", S, push,
        "sha256=" + b64(hmac_sha256(S, push)), "malformed")
    add("tampered payload", S, push + b"\n", good, "verify_failed")
    add("tampered signature", S, push, "sha256=" + flip_hex_digit(hexpart, 10), "verify_failed")
    add("wrong secret", S + "x", push, good, "verify_failed")
    add("documentation example with a changed payload", doc_secret, "Hello, World?",
        doc_header, "verify_failed")
    return f


# --------------------------------------------------------------------------
# 3. Adyen
# --------------------------------------------------------------------------

ADYEN_FIELDS = [
    ("PspReference", "pspReference"),
    ("OriginalReference", "originalReference"),
    ("MerchantAccountCode", "merchantAccountCode"),
    ("MerchantReference", "merchantReference"),
    ("Value", "value"),
    ("Currency", "currency"),
    ("EventCode", "eventCode"),
    ("Success", "success"),
]


def adyen_key_check(key_hex):
    k = b(key_hex)
    if len(k) == 0 or len(k) > 128:
        return "key_length"
    if len(k) % 2 or not re.fullmatch(rb"[0-9a-fA-F]+", k):
        return "malformed"
    return None


def adyen_fields(item):
    """The eight signed strings, as the SDK forms them."""
    amount = item["amount"]
    vals = {
        "value": str(amount["value"]),
        "currency": str(amount["currency"]),
    }
    out = []
    for _, name in ADYEN_FIELDS:
        v = vals[name] if name in vals else item.get(name, "")
        out.append(str(v))
    return out


def adyen_notification_model(key_hex, fields, sig_b64):
    err = adyen_key_check(key_hex)
    if err:
        return err
    tag = strict_b64decode(sig_b64)
    if tag is None or len(tag) != 32:
        return "malformed"
    want = hmac_sha256(bytes.fromhex(key_hex), ":".join(fields).encode("utf-8"))
    return "ok" if hmac.compare_digest(want, tag) else "verify_failed"


def adyen_payload_model(key_hex, payload, sig_b64):
    err = adyen_key_check(key_hex)
    if err:
        return err
    tag = strict_b64decode(sig_b64)
    if tag is None or len(tag) != 32:
        return "malformed"
    return "ok" if hmac_sha256(bytes.fromhex(key_hex), payload) == tag else "verify_failed"


def adyen_sdk_verdict(item, key_hex, sig):
    d = json.loads(json.dumps(item))
    d["additionalData"] = {"hmacSignature": sig}
    try:
        r = adyen_util.is_valid_hmac_notification(d, key_hex)
    except (binascii.Error, ValueError):
        return "malformed"
    return "ok" if r else "verify_failed"


def adyen_sign(item, key_hex):
    sig = adyen_util.generate_notification_sig(item, key_hex).decode("ascii")
    mine = b64(hmac_sha256(bytes.fromhex(key_hex), ":".join(adyen_fields(item)).encode()))
    if sig != mine:
        raise AssertionError(f"Adyen SDK {sig} != stdlib {mine}")
    return sig


def gen_adyen():
    f = VectorFile("adyen_hmac.txt", [
        "Adyen webhook HMAC signatures, for paycrypt's adyen_verify",
        "([Notification]) and adyen_payload_verify ([Payload]).",
        "Generated by tests/vectors/gen_providers.py with",
f"{SDKS}.",
        "",
        "[Notification]: HMAC-SHA256, keyed with the hex-decoded key, over the",
        "eight fields joined with colons (no escaping), base64; the signature",
        "travels in additionalData.hmacSignature. Valid signatures come from",
        "Adyen.util.generate_notification_sig (Adyen==16.0.0); every case was",
        "also run through Adyen.util.is_valid_hmac_notification, and the",
        "Comment says DIFFERS where its verdict is not Expect (that function",
        "compares the base64 text exactly and does not decode it). Case 0 is",
        "the test vector of Adyen's Python library (test/UtilTest.py,",
        "test_notification_request_item_hmac: expected",
        "coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0 and its padding); cases",
        "1-3 are the notifications in that library's test/mocks/util/",
        "(colon_notification.json, backslash_notification.json,",
        "forwardslash_notification.json, key 74F490DD...9174), signed by Adyen,",
        "reduced to the signed fields.",
        "",
        "[Payload]: base64 of HMAC-SHA256 over the raw body, for the webhooks",
        "that carry the signature in the HmacSignature HTTP header (Banking,",
        "Management API); made with Python's stdlib hmac and cross-checked with",
        "Adyen.util.generate_payload_sig / is_valid_hmac_payload.",
        "",
        "Fields:",
        "  KeyHex               the HMAC key as Adyen shows it: hex of the ASCII",
        "                       hex-digit text (so 4478... is written 34343738...)",
        "  PspReference, OriginalReference, MerchantAccountCode,",
        "  MerchantReference, Value, Currency, EventCode, Success",
        "                       the signed fields (hex of their UTF-8 text; a",
        "                       missing field is empty; Value is the decimal text",
        "                       of amount.value, Currency is amount.currency)",
        "  Payload              raw body ([Payload] only, hex)",
        "  Signature            the base64 signature text (hex of its bytes)",
        "  Expect               paycrypt status",
        "",
        "paycrypt rules: KeyHex empty or over 128 digits is key_length; odd",
        "length or a non-hex digit is malformed (either case accepted); the",
        "Signature must be canonical padded standard base64 of exactly 32 bytes",
        "(else malformed); a mismatch is verify_failed.",
        "",
    ] + FORMAT_NOTE)
    oracle = Oracle("Adyen SDK 16.0.0 is_valid_hmac_notification")
    f.section("Notification")

    def add(desc, key_hex, item, sig, expect, note=None, valid=False):
        fields = adyen_fields(item)
        model = adyen_notification_model(key_hex, fields, sig)
        if model != expect:
            raise AssertionError(f"Adyen {desc}: model {model}, Expect {expect}")
        verdict = adyen_sdk_verdict(item, key_hex, sig)
        comment = oracle.comment(desc, expect, verdict, note)
        rows = [("KeyHex", hx(key_hex))]
        rows += [(fname, hx(v)) for (fname, _), v in zip(ADYEN_FIELDS, fields)]
        rows.append(("Signature", hx(sig)))
        f.case(rows, comment, expect, valid)

    K_DOC = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"
    doc_item = {
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
    doc_sig = adyen_sign(doc_item, K_DOC)
    assert doc_sig == "coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0="
    add("Adyen Python library test vector (UtilTest.py)", K_DOC, doc_item, doc_sig, "ok",
        valid=True)

    K_MOCK = "74F490DD33F7327BAECC88B2947C011FC02D014A473AAA33A8EC93E4DC069174"
    mocks = [
        ("colon_notification.json, merchantReference starts with a colon",
         "M8NB66SBZSGLNK82", ":slashes are fun", "2EQYm7YJpKO4EtHSPu55SQTyWf8dkW5u2nD1tJFpViA="),
        ("backslash_notification.json, merchantReference starts with two backslashes",
         "T7FD4VM4D3RZNN82", "\\\\slashes are fun",
         "nIgT81gaB5oJpn2jPXupDq68iRo2wUlBsuYjtYfwKqo="),
        ("forwardslash_notification.json, merchantReference starts with two slashes",
         "X3GWNS6KJ8NKGK82", "//slashes are fun", "9Z0xdpG9Xi3zcmXv14t/BvMBut77O/Xq9D4CQXSDUi4="),
    ]
    for desc, psp, ref, sig in mocks:
        item = {"pspReference": psp, "merchantAccountCode": "AntoniStroinski",
                "merchantReference": ref, "amount": {"currency": "EUR", "value": 1000},
                "eventCode": "AUTHORISATION", "success": "true"}
        assert adyen_sign(item, K_MOCK) == sig, desc
        add("Adyen Python library mock " + desc, K_MOCK, item, sig, "ok", valid=True)

    K1 = prbytes("adyen/k1", 32).hex().upper()
    K2 = prbytes("adyen/k2", 32).hex().upper()

    def item(psp="8815658961765250", orig="", acct="PaycryptECOM", ref="order-6735",
             value=2000, cur="EUR", code="AUTHORISATION", ok="true", **extra):
        d = {"pspReference": psp, "merchantAccountCode": acct, "merchantReference": ref,
             "amount": {"value": value, "currency": cur}, "eventCode": code, "success": ok}
        if orig is not None:
            d["originalReference"] = orig
        d.update(extra)
        return d

    base = item()
    gen = [
        ("authorisation, empty originalReference", K1, base),
        ("originalReference field absent (signed as empty)", K1, item(orig=None)),
        ("refund with originalReference", K1,
         item(psp="8825658961765251", orig="8815658961765250", code="REFUND")),
        ("capture, success false", K1, item(code="CAPTURE", ok="false")),
        ("amount value 0", K1, item(value=0, code="REFUND")),
        ("large amount value", K1, item(value=99999999999)),
        ("JPY currency", K1, item(value=1500, cur="JPY")),
        ("non-ASCII merchantReference", K1, item(ref="Bestellung-Gr\u00f6\u00dfe-\u6ce8\u6587-\U0001f6d2")),
        ("colon inside merchantReference (no escaping)", K1, item(ref="order:6735:a")),
        ("backslash and colon inside merchantReference", K1, item(ref="a\\:b\\\\c")),
        ("all text fields empty but amount", K1,
         item(psp="", orig="", acct="", ref="", code="", ok="")),
        ("second key", K2, item(code="CANCELLATION", orig="8815658961765250")),
        ("spaces in merchantReference", K2, item(ref="  order 6735  ")),
        ("one-byte key", "A5", base),
        ("64-byte key (128 hex digits)", prbytes("adyen/k64", 64).hex().upper(), base),
    ]
    for desc, key, it in gen:
        add(desc, key, it, adyen_sign(it, key), "ok", valid=True)

    sig = adyen_sign(base, K1)
    add("lowercase key hex, same key", K1.lower(), base, sig, "ok")
    mixed_key = "".join(c.lower() if i % 3 == 0 else c for i, c in enumerate(K1))
    add("mixed-case key hex, same key", mixed_key, base, sig, "ok")
    # Colon ambiguity: moving a colon between adjacent fields keeps the string.
    a = item(acct="Paycrypt:ECOM", ref="order")
    b_ = item(acct="Paycrypt", ref="ECOM:order")
    assert ":".join(adyen_fields(a)) == ":".join(adyen_fields(b_))
    add("colon moved between merchantAccountCode and merchantReference, same "
        "signing string so the other item's signature verifies", K1, b_, adyen_sign(a, K1), "ok")
    # Signature shape.
    tag = base64.b64decode(sig)
    add("truncated base64 (last character dropped)", K1, base, sig[:-1], "malformed",
        note="it compares the text")
    add("truncated base64 (last 4 characters dropped)", K1, base, sig[:-4], "malformed",
        note="it compares the text")
    add("base64 without padding", K1, base, sig.rstrip("="), "malformed",
        note="it compares the text")
    add("base64 of 31 bytes (tag prefix)", K1, base, b64(tag[:31]), "malformed",
        note="it compares the text")
    add("base64 of 33 bytes", K1, base, b64(tag + b"\x00"), "malformed",
        note="it compares the text")
    add("base64 with a trailing newline", K1, base, sig + "\n", "malformed",
        note="it compares the text")
    add("empty signature", K1, base, "", "malformed")
    add("hex of the tag instead of base64", K1, base, tag.hex(), "malformed",
        note="it compares the text")
    alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    assert sig.endswith("=") and not sig.endswith("==")
    ns = sig[:-2] + alpha[alpha.index(sig[-2]) | 1] + "="
    if ns == sig:
        raise AssertionError("non-canonical signature equals the canonical one")
    assert base64.b64decode(ns) == tag
    add("non-canonical base64 (unused low bits of the last digit set)", K1, base, ns,
        "malformed", note="it compares the text")
    # url-safe alphabet: find a valid case whose signature has + or /.
    for i in range(1000):
        it = item(ref=f"order-url-{i}")
        s = adyen_sign(it, K1)
        if "+" in s or "/" in s:
            break
    add("url-safe base64 alphabet", K1, it, s.replace("+", "-").replace("/", "_"),
        "malformed", note="it compares the text")
    # Wrong content.
    add("signature of another item", K1, base,
        adyen_sign(item(psp="8815658961765299"), K1), "verify_failed")
    add("tampered amount value", K1, item(value=2001), sig, "verify_failed")
    add("tampered success", K1, item(ok="false"), sig, "verify_failed")
    add("signature under another key", K2, base, sig, "verify_failed")
    add("signature with one bit flipped", K1, base, b64(bytes([tag[0] ^ 1]) + tag[1:]),
        "verify_failed")
    add("signing string with escaped colon is not what Adyen signs", K1,
        item(ref="order:6735:a"),
        b64(hmac_sha256(bytes.fromhex(K1),
                        ":".join(adyen_fields(item(ref="order\\:6735\\:a"))).encode())),
        "verify_failed")
    # Key shape.
    add("odd-length key hex", K1[:-1], base, sig, "malformed")
    add("non-hex character in key", K1[:-1] + "G", base, sig, "malformed")
    add("key hex with a space", K1[:32] + " " + K1[32:-1], base, sig, "malformed")
    empty_sig = adyen_sign(base, "")
    add("empty key (signature the SDK makes with an empty key)", "", base, empty_sig,
        "key_length", note="it accepts an empty key")
    long_key = prbytes("adyen/k65", 65).hex().upper()
    add("key of 130 hex digits (65 bytes, over paycrypt's 128-digit limit)", long_key,
        base, adyen_sign(base, long_key), "key_length", note="it has no length limit")

    # --- [Payload] ---
    f.section("Payload")

    poracle = Oracle("Adyen SDK 16.0.0 is_valid_hmac_payload")

    def addp(desc, key_hex, payload, sig, expect, note=None, valid=False):
        model = adyen_payload_model(key_hex, payload, sig)
        if model != expect:
            raise AssertionError(f"Adyen payload {desc}: model {model}, Expect {expect}")
        try:
            ok = adyen_util.is_valid_hmac_payload(sig, key_hex, payload)
            verdict = "ok" if ok else "verify_failed"
        except (binascii.Error, ValueError):
            verdict = "malformed"
        comment = poracle.comment(desc, expect, verdict, note)
        f.case([("KeyHex", hx(key_hex)), ("Payload", hx(payload)), ("Signature", hx(sig))],
               comment, expect, valid)

    def psig(key_hex, payload):
        s = b64(hmac_sha256(bytes.fromhex(key_hex), payload))
        sdk = adyen_util.generate_payload_sig(payload, key_hex).decode()
        if s != sdk:
            raise AssertionError("Adyen payload SDK mismatch")
        return s

    bank = json.dumps({
        "data": {"balancePlatform": "PaycryptPlatform", "id": "EVJN42CKX223223N5LV3B7V7VGVTJF",
                 "accountHolder": {"id": "AH3227C223222C5GKR23686TF"},
                 "amount": {"currency": "EUR", "value": 5000}, "status": "booked"},
        "environment": "test", "type": "balancePlatform.transfer.updated",
    }, indent=2).encode()
    mgmt = json.dumps({"createdAt": "2025-01-01T00:00:00+01:00", "data": {
        "merchantId": "PaycryptECOM", "status": "PreActive"},
        "type": "merchant.updated"}, separators=(",", ":")).encode()
    pay_valid = [
        ("balance platform transfer webhook", K1, bank),
        ("management API webhook, compact JSON", K2, mgmt),
        ("empty body", K1, b""),
        ("non-ASCII UTF-8 body", K1, "{\"description\":\"Zahlung f\u00fcr Bestellung \u2116 7 \u2013 \u652f\u4ed8\"}".encode()),
        ("binary body, bytes 00..ff", K1, bytes(range(256))),
        ("64-byte key", prbytes("adyen/pk64", 64).hex().upper(), bank),
    ]
    for desc, key, body in pay_valid:
        addp(desc, key, body, psig(key, body), "ok", valid=True)
    ps = psig(K1, bank)
    ptag = base64.b64decode(ps)
    addp("lowercase key hex, same key", K1.lower(), bank, ps, "ok")
    addp("tampered body", K1, bank + b"\n", ps, "verify_failed")
    addp("tampered signature, one bit flipped", K1, bank,
         b64(ptag[:-1] + bytes([ptag[-1] ^ 0x80])), "verify_failed")
    addp("signature under another key", K2, bank, ps, "verify_failed")
    addp("base64 without padding", K1, bank, ps.rstrip("="), "malformed",
         note="it compares the text")
    addp("base64 of 31 bytes", K1, bank, b64(ptag[:31]), "malformed",
         note="it compares the text")
    addp("hex of the tag instead of base64", K1, bank, ptag.hex(), "malformed",
         note="it compares the text")
    addp("odd-length key hex", K1[:-1], bank, ps, "malformed")
    addp("empty key (signature the SDK makes with an empty key)", "", bank,
         adyen_util.generate_payload_sig(bank, "").decode(), "key_length",
         note="it accepts an empty key")
    return f


# --------------------------------------------------------------------------
# 4. WeChat Pay API v2, sign_type HMAC-SHA256
# --------------------------------------------------------------------------

def wx2_model(api_key, params, sign):
    """params: list of (name bytes, value bytes); sign: bytes."""
    if len(sign) != 64:
        return "malformed"
    if len(api_key) == 0:
        return "key_length"
    names = [k for k, _ in params]
    for k in names:
        if not k or b"=" in k or b"&" in k:
            return "malformed"
    if len(set(names)) != len(names):
        return "malformed"
    if not re.fullmatch(rb"[0-9a-fA-F]{64}", sign):
        return "malformed"
    kept = sorted((k, v) for k, v in params if v and k != b"sign")
    s = b"&".join(k + b"=" + v for k, v in kept)
    s = (s + b"&" if s else b"") + b"key=" + api_key
    want = hmac.new(api_key, s, hashlib.sha256).hexdigest().encode()
    return "ok" if sign.lower() == want else "verify_failed"


def wx2_sdk_sign(params, api_key):
    """wechatpy.pay.utils.calculate_signature_hmac over the parameters
    without sign (a dict, so without duplicates)."""
    d = {k: v for k, v in params if k != "sign"}
    if len(d) != len([k for k, _ in params if k != "sign"]):
        raise AssertionError("duplicate keys cannot go to the SDK")
    return wechatpy_pay_utils.calculate_signature_hmac(d, api_key)


def wx2_sdk_verdict(api_key, params, sign):
    """wechatpy has no HMAC-SHA256 verify: sign the parameters (without
    sign) with calculate_signature_hmac and compare the text exactly, as a
    wechatpy user would. None if a dict cannot hold the parameters."""
    names = [k for k, _ in params]
    if len(set(names)) != len(names):
        return None
    try:
        want = wx2_sdk_sign(params, api_key)
    except Exception:
        return "malformed"
    return "ok" if want == sign else "verify_failed"


def gen_wechatpay_v2():
    f = VectorFile("wechatpay_v2.txt", [
        "WeChat Pay API v2 signatures with sign_type HMAC-SHA256, for paycrypt's",
        "wechatpay_v2_sign / wechatpay_v2_verify.",
        "Generated by tests/vectors/gen_providers.py with",
f"{SDKS}.",
        "Case 0 is the WeChat Pay documentation sample (API v2 security",
        "specification, signature algorithm), also reproduced by wechatpy.",
        "Valid signatures come from",
        "wechatpy.pay.utils.calculate_signature_hmac(params, api_key)",
        "(wechatpy==1.8.18), given the parameters as a dict without sign. That",
        "SDK has no HMAC-SHA256 verify function (its _check_signature is MD5",
        "only), so every case was checked by signing its parameters (without",
        "sign) with that function and comparing the text exactly; the Comment",
        "says DIFFERS where that verdict is not Expect.",
        "",
        "Signing string: parameters with a non-empty value, sign excluded,",
        "sorted by name in byte order (uppercase before lowercase), as name,",
        "equals sign, value joined with ampersands, then an ampersand (if any",
        "parameter) and key, equals sign, API key; HMAC-SHA256 keyed with the",
        "API key; 64 uppercase hex digits.",
        "",
        "Fields:",
        "  ApiKey  the merchant API key (hex of the key string)",
        "  Param   REPEATED, one per parameter in the order given to the signer",
        "          (deliberately unsorted): hex of the name, a colon, hex of the",
        "          value (empty value: nothing after the colon); a case may have",
        "          no Param line at all",
        "  Sign    the sign text (hex of its bytes)",
        "  Expect  paycrypt status of wechatpay_v2_verify(ApiKey, Params, Sign)",
        "",
        "paycrypt rules: Sign must be exactly 64 hex digits, either case",
        "(else malformed); an empty API key is key_length; an empty name, a",
        "name containing an equals sign or an ampersand, or a duplicate name",
        "(sign included) is malformed; a mismatch is verify_failed.",
        "",
    ] + FORMAT_NOTE)
    f.section("HMAC-SHA256")

    oracle = Oracle("wechatpy 1.8.18 calculate_signature_hmac compared exactly")
    text_note = "it compares the sign text"

    def add(desc, api_key, params, sign, expect, note=None, valid=False):
        bp = [(b(k), b(v)) for k, v in params]
        model = wx2_model(b(api_key), bp, b(sign))
        if model != expect:
            raise AssertionError(f"WeChat v2 {desc}: model {model}, Expect {expect}")
        verdict = wx2_sdk_verdict(api_key, params, sign)
        if verdict is None and not note:
            note = "not checked, a dict cannot hold duplicate names"
        comment = oracle.comment(desc, expect, verdict, note)
        rows = [("ApiKey", hx(api_key))]
        rows += [("Param", f"{hx(k)}:{hx(v)}") for k, v in params]
        rows.append(("Sign", hx(sign)))
        f.case(rows, comment, expect, valid)

    # 0: documentation sample.
    doc_key = "192006250b4c09247ec02edce69f6a2d"
    doc_params = [("appid", "wxd930ea5d5a258f4f"), ("mch_id", "10000100"),
                  ("device_info", "1000"), ("body", "test"), ("nonce_str", "ibuaiVcKdpRxkhJA")]
    doc_sign = "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6"
    assert wx2_sdk_sign(doc_params, doc_key) == doc_sign
    add("WeChat Pay documentation sample", doc_key, doc_params, doc_sign, "ok", valid=True)

    K = prtext("wx2/key", 32)
    K2 = prtext("wx2/key2", 32)

    def shuffled(params, label):
        keyed = sorted(zip(prbytes(label, 8 * len(params))[::8] if params else b"",
                           range(len(params)), params))
        return [p for _, _, p in keyed]

    unified = shuffled([
        ("appid", "wx2421b1c4370ec43b"), ("mch_id", "10000100"),
        ("nonce_str", prtext("wx2/nonce1", 32)), ("body", "JSAPI-test"),
        ("out_trade_no", "20250101000000000001"), ("total_fee", "1"),
        ("spbill_create_ip", "14.23.150.211"),
        ("notify_url", "https://pay.example.com/wxpay/notify"),
        ("trade_type", "JSAPI"), ("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"),
        ("sign_type", "HMAC-SHA256"),
    ], "wx2/shuf1")
    notify = [
        ("return_code", "SUCCESS"), ("result_code", "SUCCESS"),
        ("appid", "wx2421b1c4370ec43b"), ("mch_id", "10000100"),
        ("nonce_str", prtext("wx2/nonce2", 32)), ("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"),
        ("is_subscribe", "Y"), ("trade_type", "JSAPI"), ("bank_type", "CMC"),
        ("total_fee", "100"), ("fee_type", "CNY"), ("cash_fee", "100"),
        ("transaction_id", "1004400740201409030005092168"),
        ("out_trade_no", "1409811653"), ("time_end", "20250101120000"),
        ("sign_type", "HMAC-SHA256"),
    ]
    notify_sign = wx2_sdk_sign(notify, K)
    notify_with_sign = notify[:5] + [("sign", notify_sign)] + notify[5:]
    many64 = shuffled([(f"p{i:02d}", prtext(f"wx2/v64/{i}", 1 + i % 9)) for i in range(64)],
                      "wx2/shuf64")
    many100 = shuffled([(f"param_{i:03d}", f"value-{i}") for i in range(100)], "wx2/shuf100")
    generated = [
        ("unified order, shuffled", K, unified),
        ("payment notification with its sign in the list (ignored)", K, notify_with_sign),
        ("empty values are dropped", K, [("appid", "wx2421b1c4370ec43b"), ("attach", ""),
                                         ("mch_id", "10000100"), ("device_info", ""),
                                         ("body", "x"), ("detail", "")]),
        ("Chinese UTF-8 values", K, [("body", "\u817e\u8baf\u5145\u503c\u4e2d\u5fc3-QQ\u4f1a\u5458\u5145\u503c"),
                                     ("attach", "\u6df1\u5733\u5206\u5e97"), ("total_fee", "888"),
                                     ("appid", "wxd930ea5d5a258f4f")]),
        ("64 parameters", K, many64),
        ("100 parameters", K, many100),
        ("names differing only in case (uppercase sorts first)", K,
         [("attach", "lower"), ("ATTACH", "upper"), ("Attach", "title"), ("aTTACH", "mixed"),
          ("body", "b")]),
        ("values containing ampersands and equals signs", K,
         [("detail", "a=1&b=2"), ("attach", "&&=="), ("body", "x&key=evil"),
          ("appid", "wx1")]),
        ("value 0 is not empty (kept)", K, [("total_fee", "0"), ("coupon_fee", "0"),
                                            ("body", "zero")]),
        ("values with spaces, tab and newline", K, [("body", " lead and trail "),
                                                    ("attach", "a\tb\nc"), ("x", " ")]),
        ("non-ASCII parameter name (byte order)", K, [("\u540d\u79f0", "v1"), ("zz", "v2"),
                                                      ("a", "v3")]),
        ("single parameter", K2, [("appid", "wxd930ea5d5a258f4f")]),
        ("no parameters (signs key only)", K2, []),
        ("only empty values (signs key only)", K2, [("attach", ""), ("body", "")]),
        ("API key of 100 bytes (HMAC hashes the key)", prtext("wx2/longkey", 100), unified),
        ("name sign with an empty value", K, [("body", "x"), ("sign", ""), ("appid", "wx1")]),
    ]
    for desc, key, params in generated:
        add(desc, key, params, wx2_sdk_sign(params, key), "ok", valid=True)

    good = wx2_sdk_sign(unified, K)
    add("lowercase of a valid sign", K, unified, good.lower(), "ok", note=text_note)
    add("mixed-case sign", K, unified,
        "".join(c.lower() if i % 2 else c for i, c in enumerate(good)), "ok", note=text_note)
    add("same parameters in sorted order", K, sorted(unified), good, "ok")
    add("63 hex digits", K, unified, good[:-1], "malformed", note=text_note)
    add("65 hex digits", K, unified, good + "0", "malformed", note=text_note)
    add("non-hex digit", K, unified, good[:-1] + "G", "malformed", note=text_note)
    add("empty sign", K, unified, "", "malformed", note=text_note)
    add("MD5 sign (32 hex digits)", K, unified,
        wechatpy_pay_utils.calculate_signature(dict(unified), K), "malformed", note=text_note)
    add("sign with a trailing space", K, unified, good[:-1] + " ", "malformed", note=text_note)
    add("wrong sign, one digit changed", K, unified, flip_hex_digit(good, 5), "verify_failed")
    add("tampered value", K, [(k, v + "0" if k == "total_fee" else v) for k, v in unified],
        good, "verify_failed")
    add("parameter added after signing", K, unified + [("attach", "extra")], good,
        "verify_failed")
    add("wrong API key", K2, unified, good, "verify_failed")
    signed_with_sign = wechatpy_pay_utils.calculate_signature_hmac(
        dict(notify_with_sign), K)
    add("sign computed with the sign parameter included", K, notify_with_sign,
        signed_with_sign, "verify_failed")
    add("sign computed without dropping empty values", K,
        [("body", "x"), ("attach", ""), ("appid", "wx1")],
        hmac.new(b(K), b"appid=wx1&attach=&body=x&key=" + b(K), hashlib.sha256)
        .hexdigest().upper(), "verify_failed")
    add("duplicate names", K, unified + [("body", "again")], good, "malformed")
    add("duplicate names with empty values", K, unified + [("attach", ""), ("attach", "")],
        good, "malformed")
    add("duplicate sign parameters", K, notify + [("sign", notify_sign), ("sign", notify_sign)],
        notify_sign, "malformed")
    for desc, name in [("empty parameter name", ""),
                       ("parameter name containing an equals sign", "a=b"),
                       ("parameter name containing an ampersand", "a&b")]:
        ps = unified + [(name, "v")]
        add(desc + " (signed by wechatpy)", K, ps, wx2_sdk_sign(ps, K), "malformed",
            note="it signs any name, making the string ambiguous")
    add("empty API key (wechatpy then signs without the key part)", "", unified,
        wechatpy_pay_utils.calculate_signature_hmac(dict(unified), ""), "key_length",
        note="it accepts an empty key")
    return f


# --------------------------------------------------------------------------
# 5. WeChat Pay API v3, AEAD_AES_256_GCM resource decryption
# --------------------------------------------------------------------------

def wx3_model(key, nonce, aad, ct_b64):
    if len(nonce) != 12:
        return "nonce_length", None
    raw = strict_b64decode(ct_b64)
    if raw is None or len(raw) < 16:
        return "malformed", None
    try:
        return "ok", AESGCM(key).decrypt(nonce, raw, aad)
    except InvalidTag:
        return "verify_failed", None


def wx3_sdk_verdict(key, nonce, aad, ct_b64):
    try:
        r = wechatpayv3_utils.aes_decrypt(nonce.decode(), ct_b64.decode(), aad.decode(),
                                          key.decode())
    except (binascii.Error, ValueError):
        return "malformed", None
    if r is None:
        return "verify_failed", None
    return "ok", r.encode("utf-8")


def gen_wechatpay_v3():
    f = VectorFile("wechatpay_v3.txt", [
        "WeChat Pay API v3 notification resource decryption (algorithm",
        "AEAD_AES_256_GCM), for paycrypt's wechatpay_v3_decrypt.",
        "Generated by tests/vectors/gen_providers.py with",
f"{SDKS}.",
        "Ciphertexts were made with cryptography's AESGCM (cryptography==48.0.0)",
        "and every case was run through wechatpayv3.utils.aes_decrypt(nonce,",
        "ciphertext, associated_data, apiv3_key) (wechatpayv3==2.0.4); the",
        "Comment says DIFFERS where its verdict is not Expect (it decodes",
        "base64 leniently and lets AESGCM take any nonce of 8..128 bytes).",
        "",
        "Fields:",
        "  Key             the APIv3 key: hex of the 32-character ASCII key string",
        "  Nonce           resource.nonce (hex of the string)",
        "  AssociatedData  resource.associated_data (hex of the string, may be empty)",
        "  Ciphertext      resource.ciphertext: hex of the base64 text of",
        "                  ciphertext || 16-byte tag",
        "  Plaintext       expected plaintext (hex); empty for failures",
        "  Expect          paycrypt status",
        "",
        "paycrypt rules: Nonce must be 12 bytes (else nonce_length); Ciphertext",
        "must be canonical padded standard base64 (no whitespace, no url-safe",
        "digits, unused bits zero) of at least 16 bytes (else malformed); a tag",
        "mismatch is verify_failed.",
        "",
    ] + FORMAT_NOTE)
    f.section("AEAD_AES_256_GCM")
    oracle = Oracle("wechatpayv3 2.0.4 utils.aes_decrypt")

    def add(desc, key, nonce, aad, ct_b64, expect, note=None, valid=False):
        key, nonce, aad, ct_b64 = b(key), b(nonce), b(aad), b(ct_b64)
        assert len(key) == 32
        model, pt = wx3_model(key, nonce, aad, ct_b64)
        if model != expect:
            raise AssertionError(f"WeChat v3 {desc}: model {model}, Expect {expect}")
        verdict, sdk_pt = wx3_sdk_verdict(key, nonce, aad, ct_b64)
        if expect == "ok" and verdict == "ok" and sdk_pt != pt:
            raise AssertionError(f"WeChat v3 {desc}: SDK plaintext differs")
        comment = oracle.comment(desc, expect, verdict, note)
        f.case([("Key", hx(key)), ("Nonce", hx(nonce)), ("AssociatedData", hx(aad)),
                ("Ciphertext", hx(ct_b64)), ("Plaintext", hx(pt or b"")),
                ], comment, expect, valid)

    def enc(key, nonce, aad, pt):
        return b64(AESGCM(b(key)).encrypt(b(nonce), b(pt), b(aad)))

    K1 = prtext("wx3/k1", 32)
    K2 = prtext("wx3/k2", 32)
    K3 = prtext("wx3/k3", 32, "0123456789abcdef")
    N1 = prtext("wx3/n1", 12, "abcdefghijklmnopqrstuvwxyz0123456789")
    N2 = prtext("wx3/n2", 12, "abcdefghijklmnopqrstuvwxyz0123456789")
    txn = json.dumps({
        "mchid": "1900000001", "appid": "wxdace645e0bc2cXXX",
        "out_trade_no": "20250101000000000001",
        "transaction_id": "4200000985202501011441826014", "trade_type": "JSAPI",
        "trade_state": "SUCCESS", "trade_state_desc": "\u652f\u4ed8\u6210\u529f",
        "bank_type": "CMC", "attach": "", "success_time": "2025-01-01T08:00:17+08:00",
        "payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
        "amount": {"total": 100, "payer_total": 100, "currency": "CNY",
                   "payer_currency": "CNY"},
    }, ensure_ascii=False, separators=(",", ":")).encode()
    refund = json.dumps({
        "mchid": "1900000100", "transaction_id": "4200000985202501011441826014",
        "out_trade_no": "20250101000000000001", "refund_id": "50000000382019052709732678859",
        "out_refund_no": "1217752501201407033233368018", "refund_status": "SUCCESS",
        "success_time": "2025-01-02T10:00:00+08:00",
        "user_received_account": "\u62db\u5546\u94f6\u884c\u4fe1\u7528\u5361\u0030\u0034\u0030\u0033",
        "amount": {"total": 100, "refund": 100, "payer_total": 100, "payer_refund": 100},
    }, ensure_ascii=False, separators=(",", ":")).encode()
    pem_body = base64.encodebytes(prbytes("wx3/cert", 900)).decode()
    cert = ("-----BEGIN CERTIFICATE-----\n" + pem_body + "-----END CERTIFICATE-----\n").encode()

    valid = [
        ("transaction notification, associated_data transaction", K1, N1, "transaction", txn),
        ("refund notification, associated_data refund", K1, N2, "refund", refund),
        ("platform certificate (PEM), associated_data certificate", K2, N1, "certificate", cert),
        ("empty associated_data", K1, N1, "", txn),
        ("empty plaintext (tag only)", K1, N1, "transaction", b""),
        ("one-byte plaintext", K3, N2, "transaction", b"{"),
        ("15-byte plaintext", K3, N1, "mchtransfer", b'{"state":"OK"} '),
        ("16-byte plaintext", K3, N2, "mchtransfer", b'{"state":"SUCC"}'),
        ("17-byte plaintext", K3, N1, "mchtransfer", b'{"state":"DONE!"}'),
        ("hex-digit key string", K3, N1, "transaction", txn),
        ("non-ASCII associated_data", K2, N2, "\u901a\u77e5-aad", refund),
    ]
    for desc, key, nonce, aad, pt in valid:
        add(desc, key, nonce, aad, enc(key, nonce, aad, pt), "ok", valid=True)

    ct = enc(K1, N1, "transaction", txn)
    raw = base64.b64decode(ct)
    add("tampered ciphertext byte", K1, N1, "transaction", b64(bytes([raw[0] ^ 1]) + raw[1:]),
        "verify_failed")
    add("tampered tag byte", K1, N1, "transaction", b64(raw[:-1] + bytes([raw[-1] ^ 0x40])),
        "verify_failed")
    add("tampered associated_data", K1, N1, "transactioN", ct, "verify_failed")
    add("associated_data empty but was transaction at encryption", K1, N1, "", ct,
        "verify_failed")
    add("wrong key", K2, N1, "transaction", ct, "verify_failed")
    add("wrong nonce (same length)", K1, N2, "transaction", ct, "verify_failed")
    add("tag truncated by 3 bytes (4 base64 digits dropped)", K1, N1, "transaction",
        b64(raw[:-3]), "verify_failed")
    add("ciphertext without its tag (plaintext bytes only)", K1, N1, "transaction",
        b64(raw[:-16]), "verify_failed")
    # Padding-bearing ciphertext for the base64 shape cases.
    ptp = txn + b" " * ((1 - (len(txn) + 16)) % 3)
    assert (len(ptp) + 16) % 3 == 1
    ctp = enc(K1, N1, "transaction", ptp)
    assert ctp.endswith("==")
    add("ciphertext with two padding characters (valid)", K1, N1, "transaction", ctp, "ok",
        valid=True)
    add("base64 missing its padding", K1, N1, "transaction", ctp.rstrip("="), "malformed")
    add("base64 with one of two padding characters", K1, N1, "transaction", ctp[:-1],
        "malformed")
    alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    nc = ctp[:-3] + alpha[alpha.index(ctp[-3]) | 1] + "=="
    assert nc != ctp and base64.b64decode(nc) == base64.b64decode(ctp)
    add("non-canonical base64, unused bits of the last digit set", K1, N1, "transaction", nc,
        "malformed", note="Python base64 ignores the unused bits")
    add("base64 with a newline after 76 characters", K1, N1, "transaction",
        ct[:76] + "\n" + ct[76:], "malformed", note="Python base64 skips the newline")
    add("base64 with a trailing newline", K1, N1, "transaction", ct + "\n", "malformed",
        note="Python base64 skips the newline")
    add("base64 with a space", K1, N1, "transaction", ct[:20] + " " + ct[20:], "malformed",
        note="Python base64 skips the space")
    add("truncated base64 (last character dropped)", K1, N1, "transaction", ct[:-1],
        "malformed")
    add("truncated base64 (last 2 characters dropped)", K1, N1, "transaction", ct[:-2],
        "malformed")
    assert "+" in ct or "/" in ct
    add("url-safe alphabet", K1, N1, "transaction",
        ct.replace("+", "-").replace("/", "_"), "malformed",
        note="Python base64 drops the url-safe digits and the tag check then fails")
    add("padding character in the middle", K1, N1, "transaction", ct[:8] + "=" + ct[9:],
        "malformed")
    add("decoded 15 bytes, shorter than a tag", K1, N1, "transaction", b64(raw[:15]),
        "malformed", note="AESGCM reports a tag failure")
    add("empty ciphertext", K1, N1, "transaction", "", "malformed",
        note="AESGCM reports a tag failure")
    add("decoded exactly 16 bytes, wrong tag", K1, N1, "transaction", b64(raw[:16]),
        "verify_failed")
    # Nonce length: sealed with that nonce, so the SDK decrypts them.
    for n in (11, 13, 16, 8):
        nn = prtext(f"wx3/n{n}", n, "abcdefghijklmnopqrstuvwxyz0123456789")
        add(f"nonce of {n} bytes (sealed with it)", K1, nn, "transaction",
            enc(K1, nn, "transaction", txn), "nonce_length",
            note="AESGCM accepts nonces of 8 to 128 bytes")
    add("empty nonce", K1, "", "transaction", ct, "nonce_length",
        note="AESGCM raises on an empty nonce")
    return f


# --------------------------------------------------------------------------
# 6. paycrypt envelope v1
# --------------------------------------------------------------------------

def env_model(key, aad, env):
    if len(env) < 33 or env[0] != 1:
        return "malformed", None
    try:
        return "ok", AESGCM(key).decrypt(env[5:17], env[17:], env[:17] + aad)
    except InvalidTag:
        return "verify_failed", None


def gen_envelope():
    f = VectorFile("envelope.txt", [
        "paycrypt sealed envelopes, version 1, for envelope_seal /",
        "envelope_key_id / envelope_open.",
        "Generated by tests/vectors/gen_providers.py with",
        f"{SDKS}",
        "(only cryptography's AESGCM is used here).",
        "",
        "Envelope = 0x01 || key_id (u32 big-endian) || nonce (12) ||",
        "ciphertext || tag (16), where ciphertext || tag = AES-GCM(Key, nonce,",
        "Plaintext, associated data = the 17-byte header || AAD).",
        "",
        "Fields:",
        "  Key        AES key (hex, 16 or 32 bytes)",
        "  KeyId      key id (decimal u32) the envelope was sealed with",
        "  Nonce      the 12-byte nonce it was sealed with (hex)",
        "  AAD        caller's associated data (hex, may be empty)",
        "  Plaintext  expected plaintext (hex); empty for failures",
        "  Envelope   the envelope bytes (hex)",
        "  Expect     paycrypt status of envelope_open(Key, AAD, Envelope);",
        "             for ok cases envelope_seal(Key, KeyId, Nonce, AAD,",
        "             Plaintext) must give Envelope byte for byte",
        "",
        "paycrypt rules: fewer than 33 bytes or a version byte other than 1 is",
        "malformed; any other change (key id, nonce, ciphertext, tag, AAD, key)",
        "is verify_failed.",
        "",
    ] + FORMAT_NOTE)
    f.section("Envelope-v1")

    def seal(key, kid, nonce, aad, pt):
        hdr = bytes([1]) + kid.to_bytes(4, "big") + nonce
        return hdr + AESGCM(key).encrypt(nonce, pt, hdr + aad)

    def add(desc, key, kid, nonce, aad, env, expect, pt=b"", valid=False):
        model, got = env_model(key, aad, env)
        if model != expect:
            raise AssertionError(f"envelope {desc}: model {model}, Expect {expect}")
        if expect == "ok":
            assert got == pt and env == seal(key, kid, nonce, aad, pt)
        f.case([("Key", key.hex()), ("KeyId", str(kid)), ("Nonce", nonce.hex()),
                ("AAD", aad.hex()), ("Plaintext", (pt if expect == "ok" else b"").hex()),
                ("Envelope", env.hex())], desc, expect, valid)

    K128 = prbytes("env/k128", 16)
    K256 = prbytes("env/k256", 32)
    card = b"4111111111111111"
    order = json.dumps({"order": "6735", "pan": "5555555555554444", "exp": "12/30",
                        "name": "J\u00f6rg M\u00fcller"}, ensure_ascii=False).encode()
    valid = [
        ("AES-256, card number, AAD order id", K256, 7, b"order-6735", card),
        ("AES-128, card number, AAD order id", K128, 7, b"order-6735", card),
        ("AES-256, empty plaintext", K256, 1, b"order-1", b""),
        ("AES-128, empty plaintext and empty AAD", K128, 2, b"", b""),
        ("AES-256, empty AAD", K256, 3, b"", order),
        ("AES-256, key id 0", K256, 0, b"ctx", card),
        ("AES-128, key id 0xFFFFFFFF", K128, 0xFFFFFFFF, b"ctx", card),
        ("AES-256, key id 0xFFFFFFFF", K256, 0xFFFFFFFF, b"", order),
        ("AES-256, key id 0x01020304", K256, 0x01020304, b"aad", card),
        ("AES-128, 1000-byte plaintext, binary AAD", K128, 42, bytes(range(256)),
         prbytes("env/pt1000", 1000)),
        ("AES-256, one-byte plaintext", K256, 9, b"x", b"\x00"),
        ("AES-256, 16-byte plaintext", K256, 10, b"block", bytes(16)),
        ("AES-256, 17-byte plaintext", K256, 11, b"block", bytes(range(17))),
    ]
    for i, (desc, key, kid, aad, pt) in enumerate(valid):
        nonce = prbytes(f"env/nonce/{i}", 12)
        add(desc, key, kid, nonce, aad, seal(key, kid, nonce, aad, pt), "ok", pt, True)

    nonce = prbytes("env/nonce/h", 12)
    env = seal(K256, 7, nonce, b"order-6735", card)

    def mod(i, x):
        e = bytearray(env)
        e[i] ^= x
        return bytes(e)

    add("key id bytes changed (7 to 8)", K256, 7, nonce, b"order-6735",
        env[:1] + (8).to_bytes(4, "big") + env[5:], "verify_failed")
    add("key id high byte changed", K256, 7, nonce, b"order-6735", mod(1, 0x80),
        "verify_failed")
    add("version byte 0x02", K256, 7, nonce, b"order-6735", b"\x02" + env[1:], "malformed")
    add("version byte 0x00", K256, 7, nonce, b"order-6735", b"\x00" + env[1:], "malformed")
    add("version byte 0xff", K256, 7, nonce, b"order-6735", b"\xff" + env[1:], "malformed")
    add("32-byte envelope (one short of the minimum)", K256, 7, nonce, b"order-6735",
        env[:32], "malformed")
    add("17-byte envelope (header only)", K256, 7, nonce, b"order-6735", env[:17], "malformed")
    add("empty envelope", K256, 7, nonce, b"order-6735", b"", "malformed")
    add("tag flipped (last byte)", K256, 7, nonce, b"order-6735", mod(len(env) - 1, 1),
        "verify_failed")
    add("tag first byte flipped", K256, 7, nonce, b"order-6735", mod(len(env) - 16, 0x10),
        "verify_failed")
    add("ciphertext byte flipped", K256, 7, nonce, b"order-6735", mod(17, 1), "verify_failed")
    add("nonce byte flipped", K256, 7, nonce, b"order-6735", mod(5, 1), "verify_failed")
    add("wrong AAD", K256, 7, nonce, b"order-6736", env, "verify_failed")
    add("empty AAD, sealed with one", K256, 7, nonce, b"", env, "verify_failed")
    add("wrong key (other AES-256 key)", prbytes("env/k256b", 32), 7, nonce, b"order-6735",
        env, "verify_failed")
    add("truncated by one byte", K256, 7, nonce, b"order-6735", env[:-1], "verify_failed")
    add("one byte appended", K256, 7, nonce, b"order-6735", env + b"\x00", "verify_failed")
    e0 = seal(K128, 2, nonce, b"", b"")
    add("33-byte envelope (empty plaintext) with its tag flipped", K128, 2, nonce, b"",
        e0[:-1] + bytes([e0[-1] ^ 1]), "verify_failed")
    return f


# --------------------------------------------------------------------------

def main():
    files = [gen_stripe(), gen_github(), gen_adyen(), gen_wechatpay_v2(),
             gen_wechatpay_v3(), gen_envelope()]
    texts = [(vf, vf.render()) for vf in files]
    for vf, text in texts:
        with open(os.path.join(OUT_DIR, vf.name), "w", encoding="ascii", newline="\n") as fh:
            fh.write(text)
        parts = ", ".join(f"[{s}] {v} valid + {h} hostile"
                          for s, (v, h) in vf.stats.items())
        print(f"{vf.name}: {vf.count} cases ({parts})")


if __name__ == "__main__":
    main()
