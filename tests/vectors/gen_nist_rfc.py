#!/usr/bin/env python3
"""Generate paycrypt's shared, source-named test vectors (RFC 4231, RFC 5869,
FIPS 180 / CAVP SHA-256, CAVP AES-GCM) in tests/vectors/.

Usage:
    pip install cryptography cryptography-vectors==50.0.2
    python3 tests/vectors/gen_nist_rfc.py

Writes, next to this script (overwriting them):
    rfc4231_hmac_sha256.txt   [HMAC-SHA256]
    rfc5869_hkdf_sha256.txt   [HKDF-SHA256]
    nist_sha256.txt           [FIPS180-Examples] [CAVP-ShortMsg] [CAVP-LongMsg]
    nist_cavp_aes_gcm.txt     [Encrypt-128] [Encrypt-256] [Decrypt-128] [Decrypt-256]

The data is read from the PyPI package cryptography-vectors (version pinned
below), except where a comment says a value is a published constant. While
generating, every valid case is recomputed independently with hashlib/hmac
and pyca/cryptography (AESGCM, HKDF) and every invalid GCM case must be
rejected; any mismatch aborts before a file is written. Output is
deterministic: re-running rewrites byte-identical files.

File format (parsed by the Rust, C, Python and Go suites):
    '#' starts a comment line; '[Name]' starts a section; a case is a run of
    'Field = value' lines, cases separated by blank lines; an empty value is
    written 'Field ='; byte strings are lowercase hex, integers decimal.
"""

import hashlib
import hmac
import importlib.metadata
import os
import sys

import cryptography_vectors
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF, HKDFExpand

VECTORS_PACKAGE = "cryptography-vectors"
VECTORS_VERSION = "50.0.2"
OUT_DIR = os.path.dirname(os.path.abspath(__file__))

FORMAT_NOTE = [
    "Format: '#' comment; '[Name]' starts a section; a case is a run of",
    "'Field = value' lines; cases are separated by blank lines; 'Field =' is an",
    "empty value; byte strings are lowercase hex; integers are decimal.",
]


# --------------------------------------------------------------------------
# Reading the package
# --------------------------------------------------------------------------

def check_package_version():
    found = importlib.metadata.version(VECTORS_PACKAGE)
    if found != VECTORS_VERSION:
        sys.exit(
            f"error: {VECTORS_PACKAGE} {found} is installed, this script "
            f"expects {VECTORS_VERSION} (pip install "
            f"{VECTORS_PACKAGE}=={VECTORS_VERSION})"
        )


def read_vector_lines(relpath):
    """Lines of a file inside cryptography_vectors, without line endings."""
    with cryptography_vectors.open_vector_file(relpath, "r") as f:
        return f.read().splitlines()


def parse_records(relpath, start_key):
    """Parse a 'Key = value' file into records.

    A record starts at each line whose key is start_key (case-insensitive)
    and collects the following 'Key = value' lines. Bracketed group lines
    '[K = V]' update the group parameters that each later record carries in
    its '_group' entry; a bare 'FAIL' line sets '_fail'. Keys are kept as
    written, values are stripped.
    """
    records = []
    group = {}
    last_was_bracket = False
    current = None
    for raw in read_vector_lines(relpath):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            if not last_was_bracket:
                group = {}
            k, _, v = line[1:-1].partition("=")
            group[k.strip()] = v.strip()
            last_was_bracket = True
            continue
        last_was_bracket = False
        if line == "FAIL":
            if current is None:
                raise ValueError(f"{relpath}: FAIL outside a record")
            current["_fail"] = True
            continue
        k, sep, v = line.partition("=")
        if not sep:
            raise ValueError(f"{relpath}: unexpected line {raw!r}")
        k, v = k.strip(), v.strip()
        if k.lower() == start_key.lower():
            current = {"_group": dict(group), "_fail": False}
            records.append(current)
        elif current is None:
            raise ValueError(f"{relpath}: field {k!r} before first record")
        if k in current:
            raise ValueError(f"{relpath}: duplicate field {k!r}")
        current[k] = v
    return records


def unhex(s):
    b = bytes.fromhex(s)
    if b.hex() != s.lower():
        raise ValueError(f"not canonical hex: {s!r}")
    return b


# --------------------------------------------------------------------------
# Writing the output format
# --------------------------------------------------------------------------

def render(header_lines, sections):
    """sections: list of (name, [case]) where case is a list of (field, value)."""
    out = ["# " + h if h else "#" for h in header_lines]
    for name, cases in sections:
        out.append("")
        out.append(f"[{name}]")
        for case in cases:
            out.append("")
            for field, value in case:
                value = str(value)
                if not field.isascii() or not field.isalnum():
                    raise ValueError(f"bad field name {field!r}")
                if value != value.strip() or "\n" in value:
                    raise ValueError(f"bad value for {field}: {value!r}")
                out.append(f"{field} = {value}" if value else f"{field} =")
    text = "\n".join(out) + "\n"
    text.encode("ascii")  # raises if anything non-ASCII slipped in
    return text


def write_file(name, text):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    return path


# --------------------------------------------------------------------------
# RFC 4231 HMAC-SHA256
# --------------------------------------------------------------------------

HMAC_SRC = "HMAC/rfc-4231-sha256.txt"

# RFC 4231 section 4.6, Test Case 5, copied from the RFC text: the package
# file has no entry for it ("truncation test from RFC not added"). The RFC
# publishes only the leftmost 128 bits of HMAC-SHA-256 for this case.
RFC4231_TC5_KEY = "0c" * 20
RFC4231_TC5_DATA = b"Test With Truncation".hex()
RFC4231_TC5_TAG128 = "a3b6167473100ee06e0c796c2955552b"


def build_hmac():
    recs = parse_records(HMAC_SRC, "Len")
    if len(recs) != 6:
        raise AssertionError(f"{HMAC_SRC}: expected 6 cases, found {len(recs)}")
    # Package order is RFC test cases 1, 2, 3, 4, 6, 7.
    from_pkg = []
    for rec in recs:
        key, msg, tag = unhex(rec["Key"]), unhex(rec["Msg"]), unhex(rec["MD"])
        if int(rec["Len"]) != 8 * len(msg):
            raise AssertionError(f"{HMAC_SRC}: Len does not match Msg")
        from_pkg.append((key, msg, tag))
    tc5 = (unhex(RFC4231_TC5_KEY), unhex(RFC4231_TC5_DATA), unhex(RFC4231_TC5_TAG128))
    ordered = from_pkg[:4] + [tc5] + from_pkg[4:]

    cases = []
    for count, (key, msg, tag) in enumerate(ordered, start=1):
        full = hmac.new(key, msg, hashlib.sha256).digest()
        if count == 5:
            if len(tag) != 16 or full[:16] != tag:
                raise AssertionError("RFC 4231 TC5 truncated tag mismatch")
        elif full != tag:
            raise AssertionError(f"RFC 4231 TC{count}: HMAC mismatch")
        cases.append([("Count", count), ("Key", key.hex()), ("Msg", msg.hex()),
                      ("Tag", tag.hex())])

    header = [
        "HMAC-SHA256 test vectors.",
        "Source: RFC 4231, \"Identifiers and Test Vectors for HMAC-SHA-224,",
        "HMAC-SHA-256, HMAC-SHA-384, and HMAC-SHA-512\", section 4 (test cases 1-7,",
        "sections 4.2-4.8).",
        f"Data: PyPI package {VECTORS_PACKAGE}=={VECTORS_VERSION}, file",
        f"cryptography_vectors/{HMAC_SRC} (test cases 1-4, 6, 7).",
        "Test case 5 (section 4.6) is NOT in that file (it says \"truncation test",
        "from RFC not added\"); its Key, Msg and Tag are copied from the RFC text.",
        "The RFC gives only the leftmost 128 bits of the HMAC for test case 5, so",
        "its Tag is 16 bytes: compare it with the first 16 bytes of HMAC-SHA256.",
        "Generated by tests/vectors/gen_nist_rfc.py; every case was re-checked",
        "with Python hmac/hashlib.",
        "",
        "Fields:",
        "  Count  RFC 4231 test case number (1-7)",
        "  Key    HMAC key (hex)",
        "  Msg    message, \"Data\" in the RFC (hex)",
        "  Tag    expected HMAC-SHA256 output (hex); 32 bytes, except 16 bytes",
        "         (truncated, leftmost bytes) for Count = 5",
        "",
    ] + FORMAT_NOTE
    return render(header, [("HMAC-SHA256", cases)]), {"HMAC-SHA256": len(cases)}


# --------------------------------------------------------------------------
# RFC 5869 HKDF-SHA256
# --------------------------------------------------------------------------

HKDF_SRC = "KDF/rfc-5869-HKDF-SHA256.txt"


def build_hkdf():
    recs = parse_records(HKDF_SRC, "COUNT")
    if [int(r["COUNT"]) for r in recs] != [1, 2, 3]:
        raise AssertionError(f"{HKDF_SRC}: expected COUNT 1, 2, 3")
    cases = []
    for rec in recs:
        if rec["Hash"] != "SHA-256":
            raise AssertionError(f"{HKDF_SRC}: unexpected Hash {rec['Hash']}")
        ikm, salt, info = unhex(rec["IKM"]), unhex(rec["salt"]), unhex(rec["info"])
        length = int(rec["L"])
        prk, okm = unhex(rec["PRK"]), unhex(rec["OKM"])
        if len(okm) != length:
            raise AssertionError(f"{HKDF_SRC}: L does not match OKM")
        # Extract with the stdlib, expand and full HKDF with pyca/cryptography.
        if hmac.new(salt, ikm, hashlib.sha256).digest() != prk:
            raise AssertionError(f"HKDF A.{rec['COUNT']}: PRK mismatch")
        if HKDFExpand(hashes.SHA256(), length, info).derive(prk) != okm:
            raise AssertionError(f"HKDF A.{rec['COUNT']}: expand mismatch")
        if HKDF(hashes.SHA256(), length, salt, info).derive(ikm) != okm:
            raise AssertionError(f"HKDF A.{rec['COUNT']}: OKM mismatch")
        cases.append([("Count", int(rec["COUNT"])), ("IKM", ikm.hex()),
                      ("Salt", salt.hex()), ("Info", info.hex()), ("L", length),
                      ("PRK", prk.hex()), ("OKM", okm.hex())])

    header = [
        "HKDF-SHA256 test vectors.",
        "Source: RFC 5869, \"HMAC-based Extract-and-Expand Key Derivation Function",
        "(HKDF)\", Appendix A.1-A.3 (the SHA-256 test cases 1-3).",
        f"Data: PyPI package {VECTORS_PACKAGE}=={VECTORS_VERSION}, file",
        f"cryptography_vectors/{HKDF_SRC}.",
        "Generated by tests/vectors/gen_nist_rfc.py; every case was re-checked",
        "with Python hmac (PRK) and cryptography's HKDF / HKDFExpand (OKM).",
        "",
        "Fields:",
        "  Count  RFC 5869 test case number (1-3 = Appendix A.1-A.3)",
        "  IKM    input keying material (hex)",
        "  Salt   salt (hex); empty in case 3 (zero-length salt, which HKDF",
        "         treats as HashLen zero bytes)",
        "  Info   context/application info (hex); empty in case 3",
        "  L      output length in bytes (decimal)",
        "  PRK    pseudorandom key from HKDF-Extract (hex, 32 bytes)",
        "  OKM    output keying material from HKDF-Expand (hex, L bytes)",
        "",
    ] + FORMAT_NOTE
    return render(header, [("HKDF-SHA256", cases)]), {"HKDF-SHA256": len(cases)}


# --------------------------------------------------------------------------
# SHA-256: FIPS 180 examples and CAVP byte-oriented messages
# --------------------------------------------------------------------------

SHA_SHORT_SRC = "hashes/SHA2/SHA256ShortMsg.rsp"
SHA_LONG_SRC = "hashes/SHA2/SHA256LongMsg.rsp"

# Published constants: the SHA-256 examples of FIPS 180-2 Appendix B
# (B.1 "abc", B.2 the 448-bit message, B.3 one million 'a'), also given in
# NIST's "Examples with Intermediate Values" for FIPS 180-4.
# (message bytes, repeat count or None, published digest)
FIPS180_EXAMPLES = [
    (b"abc", None,
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", None,
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    (b"a", 1000000,
     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
]


def build_fips_examples():
    cases = []
    for count, (msg, repeat, digest) in enumerate(FIPS180_EXAMPLES):
        full = msg * (repeat or 1)
        if hashlib.sha256(full).hexdigest() != digest:
            raise AssertionError(f"FIPS 180 example {count}: digest mismatch")
        case = [("Count", count), ("Msg", msg.hex())]
        if repeat is not None:
            case.append(("Repeat", repeat))
        case.append(("Digest", digest))
        cases.append(case)
    if len(FIPS180_EXAMPLES[1][0]) * 8 != 448:
        raise AssertionError("FIPS 180 example 1 must be 448 bits")
    return cases


def build_cavp_sha(relpath):
    recs = parse_records(relpath, "Len")
    cases = []
    for count, rec in enumerate(recs):
        if rec["_group"] != {"L": "32"}:
            raise AssertionError(f"{relpath}: unexpected group {rec['_group']}")
        bits = int(rec["Len"])
        if bits % 8:
            raise AssertionError(f"{relpath}: bit-oriented case Len = {bits}")
        # CAVP writes the empty message (Len = 0) as 'Msg = 00'.
        msg = b"" if bits == 0 else unhex(rec["Msg"])
        if len(msg) * 8 != bits:
            raise AssertionError(f"{relpath}: Len does not match Msg")
        digest = unhex(rec["MD"])
        if hashlib.sha256(msg).digest() != digest:
            raise AssertionError(f"{relpath} case {count}: digest mismatch")
        cases.append([("Count", count), ("Msg", msg.hex()),
                      ("Digest", digest.hex())])
    return cases


def build_sha256():
    sections = [
        ("FIPS180-Examples", build_fips_examples()),
        ("CAVP-ShortMsg", build_cavp_sha(SHA_SHORT_SRC)),
        ("CAVP-LongMsg", build_cavp_sha(SHA_LONG_SRC)),
    ]
    header = [
        "SHA-256 test vectors.",
        "[FIPS180-Examples]: the SHA-256 examples of FIPS 180-2 \"Secure Hash",
        "  Standard\", Appendix B.1 (\"abc\"), B.2 (448-bit message",
        "  \"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq\") and B.3",
        "  (one million 'a'); for FIPS 180-4 NIST publishes the same examples",
        "  separately (\"Examples with Intermediate Values\"). The digests are",
        "  published constants hard-coded in the generator, not package data.",
        "[CAVP-ShortMsg], [CAVP-LongMsg]: NIST CAVP SHAVS byte-oriented response",
        "  files (CAVS 11.0), from PyPI package",
        f"  {VECTORS_PACKAGE}=={VECTORS_VERSION}, files",
        f"  cryptography_vectors/{SHA_SHORT_SRC} and",
        f"  cryptography_vectors/{SHA_LONG_SRC}, all cases, in file order.",
        "  The .rsp's 'Len = 0' case writes 'Msg = 00'; here it is 'Msg =' (empty).",
        "Generated by tests/vectors/gen_nist_rfc.py; every case was re-checked",
        "with Python hashlib.",
        "",
        "Fields:",
        "  Count   running case number within the section, from 0 (the .rsp",
        "          files have no count)",
        "  Msg     message (hex); may be empty",
        "  Repeat  optional, only in [FIPS180-Examples] Count = 2: the message",
        "          hashed is Msg repeated Repeat times (1000000 x 'a'); absent",
        "          means 1",
        "  Digest  expected SHA-256 digest (hex, 32 bytes)",
        "",
    ] + FORMAT_NOTE
    return render(header, sections), {n: len(c) for n, c in sections}


# --------------------------------------------------------------------------
# AES-GCM (CAVP GCMVS), 96-bit IV and 128-bit tag only
# --------------------------------------------------------------------------

GCM_SOURCES = [
    ("Encrypt-128", "ciphers/AES/GCM/gcmEncryptExtIV128.rsp", 128, False),
    ("Encrypt-256", "ciphers/AES/GCM/gcmEncryptExtIV256.rsp", 256, False),
    ("Decrypt-128", "ciphers/AES/GCM/gcmDecrypt128.rsp", 128, True),
    ("Decrypt-256", "ciphers/AES/GCM/gcmDecrypt256.rsp", 256, True),
]


def build_gcm_section(relpath, keybits, is_decrypt):
    cases = []
    for rec in parse_records(relpath, "Count"):
        g = rec["_group"]
        if int(g["Keylen"]) != keybits:
            raise AssertionError(f"{relpath}: unexpected Keylen {g['Keylen']}")
        if int(g["IVlen"]) != 96 or int(g["Taglen"]) != 128:
            continue
        key, iv = unhex(rec["Key"]), unhex(rec["IV"])
        aad, ct, tag = unhex(rec["AAD"]), unhex(rec["CT"]), unhex(rec["Tag"])
        fail = rec["_fail"]
        if fail and (not is_decrypt or "PT" in rec):
            raise AssertionError(f"{relpath}: malformed FAIL case")
        pt = b"" if fail else unhex(rec["PT"])
        if (len(key) * 8, len(iv) * 8, len(tag) * 8) != (keybits, 96, 128):
            raise AssertionError(f"{relpath}: Key/IV/Tag length mismatch")
        if len(aad) * 8 != int(g["AADlen"]) or len(ct) * 8 != int(g["PTlen"]):
            raise AssertionError(f"{relpath}: AAD/CT length mismatch")
        if not fail and len(pt) != len(ct):
            raise AssertionError(f"{relpath}: PT/CT length mismatch")

        aead = AESGCM(key)
        if fail:
            try:
                aead.decrypt(iv, ct + tag, aad)
            except InvalidTag:
                pass
            else:
                raise AssertionError(f"{relpath}: FAIL case was accepted")
        else:
            if aead.encrypt(iv, pt, aad) != ct + tag:
                raise AssertionError(f"{relpath}: encrypt mismatch")
            if aead.decrypt(iv, ct + tag, aad) != pt:
                raise AssertionError(f"{relpath}: decrypt mismatch")

        cases.append([("Count", len(cases)), ("Key", key.hex()), ("IV", iv.hex()),
                      ("PT", pt.hex()), ("AAD", aad.hex()), ("CT", ct.hex()),
                      ("Tag", tag.hex()),
                      ("Result", "invalid" if fail else "valid")])
    return cases


def build_gcm():
    sections = [(name, build_gcm_section(path, bits, dec))
                for name, path, bits, dec in GCM_SOURCES]
    files = [f"  cryptography_vectors/{path}" for _, path, _, _ in GCM_SOURCES]
    header = [
        "AES-GCM test vectors.",
        "Source: NIST CAVP GCMVS (\"The Galois/Counter Mode (GCM) and GMAC",
        "Validation System\") response files, CAVS 14.0, for NIST SP 800-38D;",
        f"from PyPI package {VECTORS_PACKAGE}=={VECTORS_VERSION}, files",
    ] + files + [
        "  (for [Encrypt-128], [Encrypt-256], [Decrypt-128], [Decrypt-256]).",
        "Only the groups with IVlen = 96 and Taglen = 128 are kept (all PTlen and",
        "AADlen groups), in file order. Empty PT/AAD/CT are written 'Field ='.",
        "Generated by tests/vectors/gen_nist_rfc.py; every valid case was",
        "re-checked with cryptography's AESGCM (encrypt and decrypt), and every",
        "invalid case was checked to be rejected (InvalidTag).",
        "",
        "Fields:",
        "  Count   running case number within the section, from 0 (the .rsp",
        "          Count restarts in every parameter group, so it is not kept)",
        "  Key     AES key (hex; 16 bytes in -128, 32 bytes in -256)",
        "  IV      96-bit IV / nonce (hex, 12 bytes)",
        "  PT      plaintext (hex); empty for invalid cases",
        "  AAD     additional authenticated data (hex); may be empty",
        "  CT      ciphertext (hex), same length as PT for valid cases",
        "  Tag     128-bit authentication tag (hex, 16 bytes)",
        "  Result  'valid', or 'invalid' for the decrypt files' FAIL cases:",
        "          decryption of CT with Tag must be rejected",
        "",
    ] + FORMAT_NOTE
    return render(header, sections), {n: len(c) for n, c in sections}


def main():
    check_package_version()
    outputs = [
        ("rfc4231_hmac_sha256.txt", build_hmac),
        ("rfc5869_hkdf_sha256.txt", build_hkdf),
        ("nist_sha256.txt", build_sha256),
        ("nist_cavp_aes_gcm.txt", build_gcm),
    ]
    # Build and check everything first, so a failed check writes nothing.
    built = [(name, *fn()) for name, fn in outputs]
    for name, text, counts in built:
        path = write_file(name, text)
        summary = ", ".join(f"[{s}] {n}" for s, n in counts.items())
        print(f"{os.path.relpath(path)}: {len(text.encode())} bytes; {summary}")


if __name__ == "__main__":
    main()
