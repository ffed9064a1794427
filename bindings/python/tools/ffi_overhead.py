"""Per-call overhead of cffi (API mode) against ctypes, for a call shaped
like ``sign``: a 64-byte ``bytes`` message in, a fresh 32-byte ``bytes``
tag out, and the status checked.

Builds two throwaway cffi extensions from include/paycrypt.h and
target/release/libpaycrypt.a, one as cffi generates it (the GIL is released
around every call) and one with the GIL kept. It also loads
target/release/libpaycrypt.so with ctypes (``argtypes``/``restype``
declared). Each binding is timed with the wrapper shape it would have in the
package, and also on a bare call of a C function that does nothing. The
variants are timed in interleaved rounds, in CPU time of the calling thread
(time.thread_time), and the best round counts, which keeps a busy machine
from favouring one of them.

Run from the repository root after ``cargo build --release``:

    build/pyvenv/bin/python bindings/python/tools/ffi_overhead.py
"""

from __future__ import annotations

import ctypes
import hmac
import importlib
import sys
import tempfile
import time
import timeit
from pathlib import Path
from typing import Any, Callable, Dict

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import build_native  # noqa: E402

ROOT = build_native.repo_root()
LIB_A = ROOT / "target" / "release" / "libpaycrypt.a"
LIB_SO = ROOT / "target" / "release" / "libpaycrypt.so"

KEEP_GIL = """
#undef Py_BEGIN_ALLOW_THREADS
#undef Py_END_ALLOW_THREADS
#define Py_BEGIN_ALLOW_THREADS {
#define Py_END_ALLOW_THREADS }
"""
NOOP_C = "int paycrypt_py_noop(const uint8_t *p, size_t n) { (void)p; return (int)(n & 0); }\n"


def build_cffi(tmp: Path, name: str, keep_gil: bool) -> Any:
    from cffi import FFI  # type: ignore[import-untyped]

    ffi = FFI()
    ffi.cdef(build_native.header_to_cdef((ROOT / "include" / "paycrypt.h").read_text()))
    ffi.cdef("int paycrypt_py_noop(const uint8_t *p, size_t n);")
    src = '#include "paycrypt.h"\n' + NOOP_C + (KEEP_GIL if keep_gil else "")
    ffi.set_source(name, src, include_dirs=[str(ROOT / "include")],
                   extra_objects=[str(LIB_A)], libraries=["pthread", "dl", "m"])
    ffi.compile(tmpdir=str(tmp), verbose=False)
    if str(tmp) not in sys.path:
        sys.path.insert(0, str(tmp))
    return importlib.import_module(name)


def cffi_variant(mod: Any, key: bytes) -> Dict[str, Callable[[], object]]:
    ffi, lib = mod.ffi, mod.lib
    k = ffi.new("paycrypt_hmac_key *")
    assert lib.paycrypt_hmac_key_init(k, key, len(key)) == 0
    sign_c = lib.paycrypt_hmac_key_sign
    new, unpack, tag_t = ffi.new, ffi.unpack, ffi.typeof("char[32]")
    noop = lib.paycrypt_py_noop

    def sign(msg: bytes) -> bytes:  # the package's HmacKey.sign, minus the method call
        m = msg if type(msg) is bytes else ffi.from_buffer("uint8_t[]", msg)
        out = new(tag_t)
        if sign_c(k, m, len(m), out):
            raise RuntimeError
        result: bytes = unpack(out, 32)
        return result

    msg = b"m" * 64
    return {"sign": lambda: sign(msg), "noop": lambda: noop(msg, 64), "check": lambda: sign(msg)}


def ctypes_variant(key: bytes) -> Dict[str, Callable[[], object]]:
    so = ctypes.CDLL(str(LIB_SO))
    kbuf = ctypes.create_string_buffer(8 * 16)  # sizeof(paycrypt_hmac_key)
    init = so.paycrypt_hmac_key_init
    init.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    init.restype = ctypes.c_int
    assert init(kbuf, key, len(key)) == 0
    sign_c = so.paycrypt_hmac_key_sign
    sign_c.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p]
    sign_c.restype = ctypes.c_int
    csb = ctypes.create_string_buffer
    # a do-nothing C function with the same arguments: ct_equal of 0 bytes
    noop = so.paycrypt_ct_equal
    noop.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]
    noop.restype = ctypes.c_int

    def sign(msg: bytes) -> bytes:
        out = csb(32)
        if sign_c(kbuf, msg, len(msg), out):
            raise RuntimeError
        return out.raw

    msg = b"m" * 64
    return {"sign": lambda: sign(msg), "noop": lambda: noop(msg, msg, 0), "check": lambda: sign(msg)}


def fast_variant(key: bytes) -> Dict[str, Callable[[], object]]:
    """The installed package's paycrypt._fast.hmac_sign: a METH_FASTCALL
    CPython function that allocates the result bytes and has the C ABI write
    into it (no bare no-op to time: it has none)."""
    import paycrypt
    from paycrypt import _fast

    kb = paycrypt.HmacKey(key)._kb
    sign_c = _fast.hmac_sign

    def sign(msg: bytes) -> bytes:  # HmacKey.sign's fast path, minus the method call
        r = sign_c(kb, msg)
        if not isinstance(r, bytes):
            raise RuntimeError
        return r

    msg = b"m" * 64
    return {"sign": lambda: sign(msg), "check": lambda: sign(msg)}


def measure(variants: Dict[str, Dict[str, Callable[[], object]]], rounds: int = 15,
            number: int = 20_000) -> Dict[str, Dict[str, float]]:
    best: Dict[str, Dict[str, float]] = {v: {} for v in variants}
    for _ in range(rounds):
        for vname, fns in variants.items():
            for op in ("sign", "noop"):
                if op not in fns:
                    continue
                t = timeit.Timer(fns[op], timer=time.thread_time).timeit(number) / number * 1e9
                best[vname][op] = min(best[vname].get(op, float("inf")), t)
    return best


def main() -> None:
    key = b"k" * 32
    want = hmac.digest(key, b"m" * 64, "sha256")
    with tempfile.TemporaryDirectory() as td:
        variants = {
            "cffi API mode, GIL released (cffi default)": cffi_variant(build_cffi(Path(td), "_ovh_nogil", False), key),
            "cffi API mode, GIL kept": cffi_variant(build_cffi(Path(td), "_ovh_gil", True), key),
            "ctypes (argtypes declared)": ctypes_variant(key),
            "CPython C API, METH_FASTCALL (`paycrypt._fast`, used by the package)": fast_variant(key),
        }
        for fns in variants.values():
            assert fns["check"]() == want
        best = measure(variants)
    print("| binding | `sign`-shaped call, 64 B (ns) | bare no-op C call (ns) |")
    print("|---|---:|---:|")
    for vname, r in best.items():
        noop = f"{r['noop']:.0f}" if "noop" in r else "–"
        print(f"| {vname} | {r['sign']:.0f} | {noop} |")
    print()
    package_gil_policy()


def package_gil_policy(rounds: int = 15, number: int = 20_000) -> None:
    """The installed package's per-function GIL policy: the same native
    function through cffi's default wrapper (GIL released) and through the
    paycrypt_pyg_* glue (GIL kept below the threshold)."""
    from paycrypt._native import ffi, lib

    k = ffi.new("paycrypt_hmac_key *")
    assert lib.paycrypt_hmac_key_init(k, b"k" * 32, 32) == 0
    a = ffi.new("paycrypt_aes_gcm_key *")
    assert lib.paycrypt_aes_gcm_key_init(a, bytes(32), 32) == 0
    tag = ffi.new("char[32]")
    out = ffi.new("char[96]")
    out_len = ffi.new("size_t *")
    msg, nonce = b"m" * 64, bytes(12)
    pairs = {
        "HMAC sign, 64 B": (
            lambda: lib.paycrypt_hmac_key_sign(k, msg, 64, tag),
            lambda: lib.paycrypt_pyg_hmac_key_sign(k, msg, 64, tag),
        ),
        "AES-GCM seal, 64 B": (
            lambda: lib.paycrypt_aes_gcm_seal(a, nonce, b"", 0, msg, 64, out, 96, out_len),
            lambda: lib.paycrypt_pyg_aes_gcm_seal(a, nonce, b"", 0, msg, 64, out),
        ),
    }
    best = {name: [float("inf"), float("inf")] for name in pairs}
    for _ in range(rounds):
        for name, fns in pairs.items():
            for i, fn in enumerate(fns):
                t = timeit.Timer(fn, timer=time.thread_time).timeit(number) / number * 1e9
                best[name][i] = min(best[name][i], t)
    threshold = lib.paycrypt_py_gil_bytes()
    print(f"| native call | GIL released (ns) | GIL kept below {threshold} B (ns) |")
    print("|---|---:|---:|")
    for name, (released, kept) in best.items():
        print(f"| {name} | {released:.0f} | {kept:.0f} |")


if __name__ == "__main__":
    main()
