#!/usr/bin/env bash
# no_std proof for thumbv7em-none-eabihf (Cortex-M4F): the rlib and the
# LTO-optimised firmware staticlib build without std, and the staticlib has
# no allocator symbols. Reports the .text that a firmware pulls in for
# HMAC-SHA256 sign/verify + AES-GCM seal/open (linked with --gc-sections).
set -euo pipefail
cd "$(dirname "$0")/.."
T=thumbv7em-none-eabihf
cargo rustc --quiet --release --lib --crate-type rlib --no-default-features --target $T
cargo rustc --quiet --release --lib --crate-type staticlib --no-default-features --features panic-handler --target $T
A=target/$T/release/libpaycrypt.a
echo "ok: no_std rlib and staticlib built for $T ($(du -k "$A" | cut -f1) KiB archive)"
if nm "$A" 2>/dev/null | grep -E ' [TUtWw] .*(__rust_alloc|__rg_alloc|__rdl_alloc|\bmalloc\b|\bfree\b|\bcalloc\b|\brealloc\b)'; then
    echo "FAIL: allocator symbols in the no_std staticlib" >&2
    exit 1
fi
echo "ok: no allocator symbols"
LLD="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin/rust-lld"
if [ -x "$LLD" ]; then
    fw=$(mktemp); trap 'rm -f "$fw"' EXIT
    roots=""
    for f in hmac_key_init hmac_key_sign hmac_key_verify aes_gcm_key_init aes_gcm_seal_detached aes_gcm_open_detached; do
        roots="$roots -u paycrypt_$f"
    done
    # shellcheck disable=SC2086
    "$LLD" -flavor gnu --gc-sections $roots --entry=paycrypt_hmac_key_init -o "$fw" "$A"
    text=$(size -A "$fw" | awk '$1==".text"{print $2}')
    rodata=$(size -A "$fw" | awk '$1==".rodata"{print $2}')
    echo "firmware footprint (HMAC sign/verify + AES-128/256-GCM seal/open, gc-sections): .text $text B, .rodata $rodata B"
fi
