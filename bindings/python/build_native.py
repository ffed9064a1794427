"""Build helpers for the ``paycrypt._native`` cffi extension (API mode).

Used by ``setup.py`` during ``pip install ./bindings/python``:

1. find the repository root (two levels above this file, where the Rust
   crate's ``Cargo.toml`` lives);
2. run ``cargo build --release --lib`` there, which also regenerates
   ``include/paycrypt.h``;
3. derive the cffi ``cdef`` from that header (comments, preprocessor lines
   and C++-only blocks stripped; integer ``#define`` constants kept), so the
   Python declarations cannot drift from the C ABI;
4. compile the extension against ``libpaycrypt.a`` (static link).

Nothing here is imported at run time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent

# Small C glue compiled into the extension next to the header. It adds no
# cryptography: a wiping allocator for key contexts, a batch-signing shim
# that builds the slice array in C, the header's version string, and the
# paycrypt_pyg_* entry points, which keep the GIL for short inputs and
# release it for long ones (see "GIL policy" below).
GLUE_CDEF = """
void *paycrypt_py_secure_alloc(size_t size);
void paycrypt_py_secure_free(void *p);
paycrypt_status paycrypt_py_sign_batch(const paycrypt_hmac_key *k,
    const uint8_t *joined, const size_t *lens, size_t count, uint8_t *tags_out);
const char *paycrypt_py_header_version(void);
size_t paycrypt_py_gil_bytes(void);
paycrypt_status paycrypt_pyg_sha256(const uint8_t *msg, size_t msg_len, uint8_t *out);
paycrypt_status paycrypt_pyg_hmac_sha256(const uint8_t *key, size_t key_len,
    const uint8_t *msg, size_t msg_len, uint8_t *out);
paycrypt_status paycrypt_pyg_hmac_key_sign(const paycrypt_hmac_key *k,
    const uint8_t *msg, size_t msg_len, uint8_t *out);
paycrypt_status paycrypt_pyg_hmac_key_verify(const paycrypt_hmac_key *k,
    const uint8_t *msg, size_t msg_len, const uint8_t *tag, size_t tag_len);
paycrypt_status paycrypt_pyg_hmac_key_sign_hex(const paycrypt_hmac_key *k,
    const uint8_t *msg, size_t msg_len, char *out);
paycrypt_status paycrypt_pyg_hmac_key_verify_hex(const paycrypt_hmac_key *k,
    const uint8_t *msg, size_t msg_len, const char *hex, size_t hex_len);
paycrypt_status paycrypt_pyg_aes_gcm_seal(const paycrypt_aes_gcm_key *k,
    const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
    const uint8_t *pt, size_t pt_len, uint8_t *out);
paycrypt_status paycrypt_pyg_aes_gcm_open(const paycrypt_aes_gcm_key *k,
    const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
    const uint8_t *in_, size_t in_len, uint8_t *out);
"""

GLUE_SOURCE = r"""
#include <stdlib.h>
#include <string.h>
#include "paycrypt.h"

/* Key contexts live in memory from this allocator: calloc'd, and wiped
   with paycrypt_wipe before free, so a context dropped without .wipe()
   (garbage collection, interpreter exit) leaves no key material behind. */
#define PAYCRYPT_PY_HDR 16
static void *paycrypt_py_secure_alloc(size_t size) {
    unsigned char *p;
    if (size > (size_t)-1 - PAYCRYPT_PY_HDR) return NULL;
    p = (unsigned char *)calloc(1, size + PAYCRYPT_PY_HDR);
    if (p == NULL) return NULL;
    memcpy(p, &size, sizeof size);
    return p + PAYCRYPT_PY_HDR;
}
static void paycrypt_py_secure_free(void *q) {
    unsigned char *p;
    size_t size;
    if (q == NULL) return;
    p = (unsigned char *)q - PAYCRYPT_PY_HDR;
    memcpy(&size, p, sizeof size);
    paycrypt_wipe(q, size);
    free(p);
}

/* Messages arrive concatenated with their lengths; slices are built here
   in chunks on the stack and handed to paycrypt_hmac_key_sign_batch. */
static paycrypt_status paycrypt_py_sign_batch(const paycrypt_hmac_key *k,
    const uint8_t *joined, const size_t *lens, size_t count, uint8_t *tags_out) {
    paycrypt_slice chunk[256];
    size_t done = 0, off = 0;
    if (count == 0) {
        /* still reports a wiped key */
        return paycrypt_hmac_key_sign_batch(k, NULL, 0, NULL);
    }
    while (done < count) {
        size_t n = count - done, i;
        paycrypt_status st;
        if (n > 256) n = 256;
        for (i = 0; i < n; i++) {
            chunk[i].ptr = joined + off;
            chunk[i].len = lens[done + i];
            off += lens[done + i];
        }
        st = paycrypt_hmac_key_sign_batch(k, chunk, n, tags_out + 32 * done);
        if (st != PAYCRYPT_OK) return st;
        done += n;
    }
    return PAYCRYPT_OK;
}

static const char *paycrypt_py_header_version(void) { return PAYCRYPT_VERSION; }

/* ---- GIL policy ------------------------------------------------------
   cffi's generated wrappers release the GIL around every call. For the hot
   entry points below that costs more than a short computation itself, so
   each paycrypt_pyg_* function decides: inputs under PAYCRYPT_PY_GIL_BYTES
   run with the GIL held (the call takes at most a few microseconds), larger
   ones release it so other threads run meanwhile. The macro overrides at
   the end of this preamble make cffi's wrappers of exactly these functions
   (named _cffi_f_paycrypt_pyg_*) leave the GIL alone; every other wrapper
   still releases it. */
#include "_gil.h" /* PAYCRYPT_PY_GIL_BYTES, PAYCRYPT_PY_CALL (shared with _fast.c) */
static size_t paycrypt_py_gil_bytes(void) { return PAYCRYPT_PY_GIL_BYTES; }

static paycrypt_status paycrypt_pyg_sha256(const uint8_t *msg, size_t msg_len, uint8_t *out) {
    paycrypt_status st;
    PAYCRYPT_PY_CALL(msg_len, paycrypt_sha256(msg, msg_len, out));
    return st;
}
static paycrypt_status paycrypt_pyg_hmac_sha256(const uint8_t *key, size_t key_len,
    const uint8_t *msg, size_t msg_len, uint8_t *out) {
    paycrypt_status st;
    PAYCRYPT_PY_CALL(msg_len + key_len, paycrypt_hmac_sha256(key, key_len, msg, msg_len, out));
    return st;
}
static paycrypt_status paycrypt_pyg_hmac_key_sign(const paycrypt_hmac_key *k,
    const uint8_t *msg, size_t msg_len, uint8_t *out) {
    paycrypt_status st;
    PAYCRYPT_PY_CALL(msg_len, paycrypt_hmac_key_sign(k, msg, msg_len, out));
    return st;
}
static paycrypt_status paycrypt_pyg_hmac_key_verify(const paycrypt_hmac_key *k,
    const uint8_t *msg, size_t msg_len, const uint8_t *tag, size_t tag_len) {
    paycrypt_status st;
    PAYCRYPT_PY_CALL(msg_len, paycrypt_hmac_key_verify(k, msg, msg_len, tag, tag_len));
    return st;
}
static paycrypt_status paycrypt_pyg_hmac_key_sign_hex(const paycrypt_hmac_key *k,
    const uint8_t *msg, size_t msg_len, char *out) {
    paycrypt_status st;
    PAYCRYPT_PY_CALL(msg_len, paycrypt_hmac_key_sign_hex(k, msg, msg_len, out));
    return st;
}
static paycrypt_status paycrypt_pyg_hmac_key_verify_hex(const paycrypt_hmac_key *k,
    const uint8_t *msg, size_t msg_len, const char *hex, size_t hex_len) {
    paycrypt_status st;
    PAYCRYPT_PY_CALL(msg_len, paycrypt_hmac_key_verify_hex(k, msg, msg_len, hex, hex_len));
    return st;
}
/* AES-GCM with the output sized from the input (pt_len + 16, in_len - 16),
   which saves Python allocating an out_len per call. */
static paycrypt_status paycrypt_pyg_aes_gcm_seal(const paycrypt_aes_gcm_key *k,
    const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
    const uint8_t *pt, size_t pt_len, uint8_t *out) {
    paycrypt_status st;
    size_t n = 0;
    if (pt_len > (size_t)-1 - PAYCRYPT_AES_GCM_TAG_BYTES) return PAYCRYPT_ERR_INPUT_TOO_LONG;
    PAYCRYPT_PY_CALL(pt_len + aad_len, paycrypt_aes_gcm_seal(k, nonce, aad, aad_len, pt, pt_len,
                                        out, pt_len + PAYCRYPT_AES_GCM_TAG_BYTES, &n));
    return st;
}
static paycrypt_status paycrypt_pyg_aes_gcm_open(const paycrypt_aes_gcm_key *k,
    const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
    const uint8_t *in_, size_t in_len, uint8_t *out) {
    paycrypt_status st;
    size_t n = 0;
    size_t cap = in_len > PAYCRYPT_AES_GCM_TAG_BYTES ? in_len - PAYCRYPT_AES_GCM_TAG_BYTES : 0;
    PAYCRYPT_PY_CALL(in_len + aad_len, paycrypt_aes_gcm_open(k, nonce, aad, aad_len, in_, in_len,
                                        out, cap, &n));
    return st;
}

/* From here on (cffi's generated wrappers): release the GIL as cffi does,
   except in the wrappers of the paycrypt_pyg_* functions above. __func__
   is the wrapper's name; the comparison folds at compile time. */
#define PAYCRYPT_PY_WRAPPER_KEEPS_GIL(name) (strncmp((name), "_cffi_f_paycrypt_pyg_", 21) == 0)
#undef Py_BEGIN_ALLOW_THREADS
#undef Py_END_ALLOW_THREADS
#define Py_BEGIN_ALLOW_THREADS                                                       \
    {                                                                                \
        PyThreadState *_save =                                                       \
            PAYCRYPT_PY_WRAPPER_KEEPS_GIL(__func__) ? NULL : PyEval_SaveThread();
#define Py_END_ALLOW_THREADS                                                         \
        if (_save != NULL) PyEval_RestoreThread(_save);                              \
    }
"""


class BuildError(RuntimeError):
    """A clear, actionable build failure."""


def repo_root() -> Path:
    """The repository root: two levels above bindings/python."""
    root = HERE.parent.parent
    cargo_toml = root / "Cargo.toml"
    if not cargo_toml.is_file() or 'name = "paycrypt"' not in cargo_toml.read_text():
        raise BuildError(
            f"paycrypt: cannot find the Rust crate at {root} (expected "
            "Cargo.toml with name = \"paycrypt\" two directories above "
            "bindings/python). Install from a checkout of the repository: "
            "`pip install ./bindings/python` from its root."
        )
    return root


def find_cargo() -> str:
    cargo = shutil.which("cargo")
    if cargo is None:
        # rustup's default location, for shells that did not source ~/.cargo/env
        candidate = Path.home() / ".cargo" / "bin" / "cargo"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            cargo = str(candidate)
    if cargo is None:
        raise BuildError(
            "paycrypt: `cargo` was not found. Building the Python package "
            "compiles the Rust library; install a stable Rust toolchain "
            "(https://rustup.rs) so that `cargo` is on PATH, then run "
            "`pip install ./bindings/python` again."
        )
    return cargo


def build_rust(root: Path, log: Optional[object] = None) -> Path:
    """Run ``cargo build --release --lib``; return the path of libpaycrypt.a."""
    cargo = find_cargo()
    manifest = root / "Cargo.toml"
    cmd = [cargo, "build", "--release", "--lib", "--manifest-path", str(manifest)]
    print("paycrypt: running " + " ".join(cmd), file=sys.stderr)
    proc = subprocess.run(cmd, cwd=root)
    if proc.returncode != 0:
        raise BuildError(
            f"paycrypt: `cargo build --release` failed (exit {proc.returncode}); "
            "see the cargo output above."
        )
    meta = subprocess.run(
        [cargo, "metadata", "--format-version", "1", "--no-deps",
         "--manifest-path", str(manifest)],
        cwd=root, check=True, stdout=subprocess.PIPE,
    )
    target_dir = Path(json.loads(meta.stdout)["target_directory"])
    lib = target_dir / "release" / "libpaycrypt.a"
    if not lib.is_file():
        raise BuildError(f"paycrypt: cargo finished but {lib} does not exist")
    return lib


def crate_version(root: Path) -> str:
    text = (root / "Cargo.toml").read_text()
    m = re.search(r'^\[package\][^\[]*?^version\s*=\s*"([^"]+)"', text, re.M | re.S)
    if not m:
        raise BuildError("paycrypt: no [package] version in Cargo.toml")
    return m.group(1)


def header_to_cdef(header: str) -> str:
    """Turn the generated C header into a cffi cdef.

    Drops comments, ``#include``/``#ifndef``/``#endif`` lines, string macros
    and the ``#ifdef __cplusplus`` blocks (``extern "C" {``); keeps integer
    ``#define`` constants, which cffi understands and checks against the
    compiled header.
    """
    text = re.sub(r"/\*.*?\*/", "", header, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    out: list[str] = []
    skip_depth = 0  # inside #ifdef __cplusplus
    depth = 0
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("#"):
            directive = s[1:].strip()
            if directive.startswith(("if", "ifdef", "ifndef")):
                depth += 1
                if skip_depth == 0 and directive.split()[:2] == ["ifdef", "__cplusplus"]:
                    skip_depth = depth
            elif directive.startswith("endif"):
                if skip_depth == depth:
                    skip_depth = 0
                depth -= 1
            elif skip_depth == 0 and directive.startswith("define"):
                m = re.fullmatch(r"define\s+(PAYCRYPT_\w+)\s+(-?\d+)", directive)
                if m:
                    out.append(f"#define {m.group(1)} {m.group(2)}")
            continue
        if skip_depth:
            continue
        if s:
            out.append(line)
    cdef = "\n".join(out)
    if "paycrypt_hmac_key_sign" not in cdef or "typedef struct paycrypt_hmac_key" not in cdef:
        raise BuildError("paycrypt: the header did not yield the expected declarations")
    return cdef


def make_ffibuilder(root: Path, static_lib: Optional[Path]):  # type: ignore[no-untyped-def]
    """A cffi FFI builder for ``paycrypt._native``; links ``static_lib``."""
    from cffi import FFI  # type: ignore[import-untyped]

    include = root / "include"
    header = (include / "paycrypt.h").read_text()
    ffibuilder = FFI()
    ffibuilder.cdef(header_to_cdef(header) + GLUE_CDEF)
    kwargs: dict[str, object] = {}
    if static_lib is not None:
        kwargs["extra_objects"] = [str(static_lib)]
        kwargs["libraries"] = ["pthread", "dl", "m"]
    if sys.platform.startswith("linux"):
        # keep the Rust library's symbols private to the extension, and
        # leave its (and Python's -g) debug info out of the wheel
        kwargs["extra_link_args"] = ["-Wl,--exclude-libs,ALL", "-Wl,--strip-debug"]
    ffibuilder.set_source(
        "paycrypt._native",
        GLUE_SOURCE,
        include_dirs=[str(include), str(HERE / "src" / "paycrypt")],
        **kwargs,
    )
    return ffibuilder


def link_args(static_lib: Path) -> dict[str, list[str]]:
    """Extension keyword arguments that link ``static_lib`` privately."""
    args: dict[str, list[str]] = {
        "extra_objects": [str(static_lib)],
        "libraries": ["pthread", "dl", "m"],
    }
    if sys.platform.startswith("linux"):
        args["extra_link_args"] = ["-Wl,--exclude-libs,ALL", "-Wl,--strip-debug", "-Wl,--gc-sections"]
    return args
