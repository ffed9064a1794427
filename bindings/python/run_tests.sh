#!/usr/bin/env bash
# Python binding tests, run from anywhere (paths are relative to the
# repository root): builds the package (which builds the Rust library) into
# the venv build/pyvenv, then runs mypy --strict and pytest (tests, the
# package's doctests and the README's examples). Exits non-zero on any
# failure. Needs python3 (with venv), cargo, a C compiler and PyPI.
set -euo pipefail
cd "$(dirname "$0")/../.."

VENV=build/pyvenv
PY="$VENV/bin/python"

if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
    # rustup's default install, for shells that did not source it
    . "$HOME/.cargo/env"
fi

if [ ! -x "$PY" ]; then
    echo "== creating $VENV"
    if ! python3 -m venv "$VENV"; then
        echo "python3 -m venv failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2
        exit 1
    fi
fi

export PIP_DISABLE_PIP_VERSION_CHECK=1
echo "== installing test dependencies (bindings/python/requirements-test.txt)"
"$PY" -m pip install --quiet -r bindings/python/requirements-test.txt

echo "== pip install ./bindings/python (builds the Rust library with cargo)"
rm -rf bindings/python/build   # no stale build/lib files in the wheel
"$PY" -m pip install --quiet --force-reinstall --no-deps ./bindings/python

echo "== mypy --strict"
"$PY" -m mypy --strict --cache-dir build/mypy-cache \
    bindings/python/src/paycrypt bindings/python/tests bindings/python/bench.py \
    bindings/python/build_native.py \
    bindings/python/tools

echo "== pytest"
# doctests run from the installed package (it has the compiled extension)
PKG_DIR="$("$PY" -c 'import os, paycrypt; print(os.path.dirname(paycrypt.__file__))')"
cd bindings/python
exec "../../$PY" -m pytest -p no:cacheprovider \
    --doctest-modules --doctest-glob='README.md' \
    tests README.md "$PKG_DIR"
