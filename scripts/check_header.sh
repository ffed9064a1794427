#!/usr/bin/env bash
# Header checks: the committed include/paycrypt.h equals the one build.rs
# generates, it compiles standalone as C99 and C++11 with strict warnings,
# its version macro matches Cargo.toml, and the shared library exports no
# paycrypt_* symbol that the header does not declare (and vice versa).
set -euo pipefail
cd "$(dirname "$0")/.."
H=include/paycrypt.h
GEN=$(ls -t target/release/build/paycrypt-*/out/paycrypt.h 2>/dev/null | head -n1)
[ -n "$GEN" ] || { echo "no generated header: run cargo build --release first" >&2; exit 1; }
if ! cmp -s "$GEN" "$H"; then
    echo "FAIL: $H differs from the generated header ($GEN):" >&2
    diff -u "$H" "$GEN" | head -40 >&2
    exit 1
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && ! git diff --quiet HEAD -- "$H"; then
    echo "FAIL: $H differs from the committed header; commit the regenerated file:" >&2
    git --no-pager diff HEAD -- "$H" | head -40 >&2
    exit 1
fi
echo "ok: header is up to date"

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '#include "paycrypt.h"\n#include "paycrypt.h"\nint main(void) { return sizeof(paycrypt_hmac_key) == 0; }\n' > "$tmp/h.c"
cp "$tmp/h.c" "$tmp/h.cpp"
gcc -std=c99 -Wall -Wextra -Wpedantic -Werror -Iinclude -c "$tmp/h.c" -o "$tmp/c.o"
g++ -std=c++11 -Wall -Wextra -Wpedantic -Werror -Iinclude -c "$tmp/h.cpp" -o "$tmp/cpp.o"
echo "ok: header compiles standalone as C99 and C++11"

ver=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
grep -q "#define PAYCRYPT_VERSION \"$ver\"" "$H" || { echo "FAIL: PAYCRYPT_VERSION is not $ver" >&2; exit 1; }
echo "ok: PAYCRYPT_VERSION is $ver"

nm -D --defined-only target/release/libpaycrypt.so | awk '{print $3}' | grep '^paycrypt_' | sort > "$tmp/exported"
grep -oE '\bpaycrypt_[a-z0-9_]+\(' "$H" | tr -d '(' | sort -u > "$tmp/declared"
if ! diff "$tmp/declared" "$tmp/exported" > "$tmp/diff"; then
    echo "FAIL: exported paycrypt_* symbols and header declarations differ (< header only, > .so only):" >&2
    cat "$tmp/diff" >&2
    exit 1
fi
echo "ok: $(wc -l < "$tmp/exported") exported functions, all declared in the header"
