#!/usr/bin/env bash
# What each firmware lever is worth (README, "Firmware"): builds the
# Cortex-M4F static library with the levers switched on one after another
# and measures each build with scripts/firmware_size.sh (same firmware,
# same known answers under QEMU, same baseline). Slow: every build has its
# own target directory (target/levers/), so dependencies are rebuilt.
#
# The RUSTFLAGS set here replace .cargo/config.toml's flags for the build
# (Cargo's precedence), which is how a lever is switched off. The last
# row is RustCrypto's own size knobs (--cfg aes_backend_soft="compact",
# sha2_backend_soft="compact") with the RustCrypto paths, for comparison.
# The two instruction columns are QEMU instruction counts (not cycles).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in arm-none-eabi-gcc qemu-system-arm; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "SKIP: $tool not found (apt-get install gcc-arm-none-eabi qemu-system-arm)"
        exit 0
    }
done

T=thumbv7em-none-eabihf
mkdir -p build
SHA2='--cfg paycrypt_sha256="sha2"'
PORTABLE='--cfg paycrypt_gcm="portable"'
# name | RUSTFLAGS
variants=(
    "release profile (opt-level 3), RustCrypto sha2/aes/ghash|-C opt-level=3 $SHA2 $PORTABLE"
    "opt-level \"s\", RustCrypto|-C opt-level=s -C panic=abort $SHA2 $PORTABLE"
    "opt-level \"z\" (firmware profile), RustCrypto|-C opt-level=z -C panic=abort $SHA2 $PORTABLE"
    "+ rolled SHA-256 compression|-C opt-level=z -C panic=abort $PORTABLE"
    "+ compact AES-GCM engine (bitsliced AES, own GHASH, CTR)|-C opt-level=z -C panic=abort"
    "for reference: opt-level \"z\", RustCrypto with its compact soft backends|-C opt-level=z -C panic=abort $SHA2 $PORTABLE --cfg aes_backend_soft=\"compact\" --cfg sha2_backend_soft=\"compact\""
)

printf '| build | flash | .text | .rodata | static RAM | stack (deepest) | HMAC alone | AES-GCM alone | AES-256-GCM seal 1 KiB | HMAC sign 1 KiB |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
i=0
for v in "${variants[@]}"; do
    name=${v%%|*}
    flags=${v#*|}
    dir=target/levers/$i
    RUSTFLAGS="$flags" CARGO_TARGET_DIR=$dir cargo rustc --quiet --release --lib \
        --crate-type staticlib --no-default-features --features panic-handler --target $T
    scripts/firmware_size.sh --lib "$dir/$T/release/libpaycrypt.a" --no-goals \
        --out "build/levers/$i" >"build/levers.$i.log" 2>&1 || {
        echo "FAIL: $name (see build/levers.$i.log)" >&2
        exit 1
    }
    # shellcheck disable=SC2046
    eval $(sed 's/^summary //' "build/levers/$i/summary.txt")
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$flash" "$text" \
        "$rodata" "$ram" "$stack" "$hmac" "$gcm" "$seal1k" "$sign1k"
    i=$((i + 1))
done
