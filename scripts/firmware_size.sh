#!/usr/bin/env bash
# Firmware footprint check (README, "Firmware"). Builds the Cortex-M4F
# static library exactly as a firmware does, links it without libc into a
# minimal firmware (firmware/: vector table, reset handler, the six calls
# on known answers) and into the same firmware with empty entry points,
# runs the first under QEMU (mps2-an386, semihosting), and reports:
#   flash and static RAM: the difference in section sizes between the two;
#   stack: the deepest use of each call, by painting, from the firmware;
#   instructions each call executes (QEMU -icount), for scale;
#   heap: 0 if no allocator symbol is linked; context sizes (sizeof).
# Fails if a known answer fails or a goal is missed: flash <= 8 KiB,
# static RAM 0, stack <= 1 KiB, no heap.
# Skips (exit 0, with a notice) without arm-none-eabi-gcc or qemu-system-arm.
#
#   scripts/firmware_size.sh [--lib FILE] [--no-goals] [--out DIR]
#     --lib FILE   measure this libpaycrypt.a instead of building it
#                  (scripts/firmware_levers.sh uses it for other builds)
#     --no-goals   report only: the known answers must still pass
#     --out DIR    where to build (default build/firmware)
set -euo pipefail
cd "$(dirname "$0")/.."

LIB=""
GOALS=1
OUT=build/firmware
while [ $# -gt 0 ]; do
    case "$1" in
    --lib) LIB="$2"; shift 2 ;;
    --no-goals) GOALS=0; shift ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "usage: $0 [--lib FILE] [--no-goals] [--out DIR]" >&2; exit 2 ;;
    esac
done

for tool in arm-none-eabi-gcc qemu-system-arm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP firmware footprint check: $tool not found" \
            "(apt-get install gcc-arm-none-eabi qemu-system-arm)"
        exit 0
    fi
done

T=thumbv7em-none-eabihf
FLASH_GOAL=8192
STACK_GOAL=1024
mkdir -p "$OUT"

if [ -z "$LIB" ]; then
    # The firmware build of API.md; .cargo/config.toml adds the size
    # profile (opt-level "z", panic = "abort") for bare-metal targets.
    cargo rustc --quiet --release --lib --crate-type staticlib --no-default-features \
        --features panic-handler --target $T
    LIB=target/$T/release/libpaycrypt.a
fi

CPU=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
CFLAGS=("${CPU[@]}" -std=c99 -Os -g -Wall -Wextra -Werror -ffreestanding -fno-builtin
    -fno-tree-loop-distribute-patterns -ffunction-sections -fdata-sections -Iinclude -Ifirmware)
LDFLAGS=("${CPU[@]}" -nostdlib -nostartfiles -Wl,--gc-sections -Wl,-z,noexecstack -T firmware/link.ld)

for f in startup main stubs; do
    arm-none-eabi-gcc "${CFLAGS[@]}" -c "firmware/$f.c" -o "$OUT/$f.o"
done
arm-none-eabi-gcc "${LDFLAGS[@]}" -Wl,-Map,"$OUT/firmware.map" -o "$OUT/firmware.elf" \
    "$OUT/startup.o" "$OUT/main.o" "$LIB"
arm-none-eabi-gcc "${LDFLAGS[@]}" -o "$OUT/baseline.elf" \
    "$OUT/startup.o" "$OUT/main.o" "$OUT/stubs.o"

# Run the known answers. QEMU exits through semihosting with the number of
# failed checks; the timeout catches a firmware that never gets there.
set +e
timeout 120 qemu-system-arm -M mps2-an386 -cpu cortex-m4 -nographic -monitor none \
    -serial none -semihosting-config enable=on,target=native -icount shift=0 \
    -kernel "$OUT/firmware.elf" >"$OUT/qemu.log" 2>&1
status=$?
set -e
sed 's/^/  qemu: /' "$OUT/qemu.log"
if [ $status -ne 0 ]; then
    echo "FAIL: firmware under QEMU exited with status $status (failed checks, fault or timeout)" >&2
    exit 1
fi
grep -q '^known answers: all passed' "$OUT/qemu.log" || {
    echo "FAIL: no known-answer verdict from the firmware" >&2
    exit 1
}

# Section sizes.
section() { # elf name -> bytes (0 if absent)
    arm-none-eabi-size -A -d "$1" | awk -v s="$2" '$1==s {print $2; f=1} END {if (!f) print 0}'
}
flash_of() {
    local n=0 s
    for s in .vectors .text .rodata .ARM.exidx .data; do n=$((n + $(section "$1" $s))); done
    echo $n
}
ram_of() { echo $(($(section "$1" .data) + $(section "$1" .bss))); }
fw_flash=$(flash_of "$OUT/firmware.elf")
base_flash=$(flash_of "$OUT/baseline.elf")
flash=$((fw_flash - base_flash))
ram=$(($(ram_of "$OUT/firmware.elf") - $(ram_of "$OUT/baseline.elf")))
text=$(($(section "$OUT/firmware.elf" .text) - $(section "$OUT/baseline.elf" .text)))
rodata=$(($(section "$OUT/firmware.elf" .rodata) - $(section "$OUT/baseline.elf" .rodata)))
heap=0
if arm-none-eabi-nm "$OUT/firmware.elf" | grep -qE ' [TtWw] (malloc|free|calloc|realloc|_sbrk|__rust_alloc|__rg_alloc)$'; then
    heap=unknown
fi

# Where the bytes go: the library's symbols (those the baseline lacks; its
# empty paycrypt_* stubs do not count), grouped.
arm-none-eabi-nm -S --size-sort "$OUT/baseline.elf" | awk 'NF>=4 && $4 !~ /^paycrypt_/ {print $4}' |
    sort -u >"$OUT/baseline.syms"
arm-none-eabi-nm -S -C --size-sort "$OUT/firmware.elf" | awk 'NF>=4' |
    awk -v base="$OUT/baseline.syms" '
    BEGIN { while ((getline l < base) > 0) seen[l] = 1 }
    {
        size = 0; h = tolower($2)
        for (i = 1; i <= length(h); i++) size = size * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
        name = $4; for (i = 5; i <= NF; i++) name = name " " $i
        if (name in seen) next
        if (name ~ /sha256_compact|paycrypt::sha256::/) g = "SHA-256 (compression, padding)"
        else if (name ~ /sha2::/) g = "SHA-256 compression (RustCrypto sha2)"
        else if (name ~ /paycrypt::hmac::/) g = "HMAC (key, sign, verify)"
        else if (name ~ /aes_compact/) g = "AES (bitsliced, on-the-fly key schedule)"
        else if (name ~ /gcm::compact/) g = "GCM (CTR, GHASH, tag)"
        else if (name ~ /(^| |<)aes::/) g = "AES (RustCrypto aes)"
        else if (name ~ /polyval|ghash::/) g = "GHASH (RustCrypto ghash/polyval)"
        else if (name ~ /ctr::|cipher::|inout::/) g = "CTR (RustCrypto ctr/cipher)"
        else if (name ~ /gcm::portable/) g = "GCM composition (portable engine)"
        else if (name ~ /aes_gcm::/) g = "AES-GCM API (length checks, zeroing)"
        else if (name ~ /^paycrypt_|ffi::/) g = "C ABI (pointer checks, contexts)"
        else if (name ~ /compiler_builtins|__aeabi_mem|^mem(cpy|set|move|cmp)$/) g = "memcpy/memset (compiler_builtins)"
        else g = "other (core, subtle, zeroize, outlined code)"
        sum[g] += size
    }
    END { for (g in sum) printf "%6d  %s\n", sum[g], g }' | sort -rn >"$OUT/breakdown.txt"

# What each feature costs on its own: the library linked with only those
# entry points as roots (no harness).
feature() { # entry points... -> flash bytes
    local roots=() f
    for f in "$@"; do roots+=(-Wl,-u,"paycrypt_$f"); done
    arm-none-eabi-gcc "${CPU[@]}" -nostdlib -Wl,--gc-sections -Wl,-e,"paycrypt_$1" "${roots[@]}" \
        -o "$OUT/feature.elf" "$LIB"
    local n=0 s
    for s in .text .rodata .ARM.exidx .data; do n=$((n + $(section "$OUT/feature.elf" $s))); done
    echo $n
}
f_hmac=$(feature hmac_key_init hmac_key_sign hmac_key_verify)
f_gcm=$(feature aes_gcm_key_init aes_gcm_seal_detached aes_gcm_open_detached)
f_all=$(feature hmac_key_init hmac_key_sign hmac_key_verify aes_gcm_key_init \
    aes_gcm_seal_detached aes_gcm_open_detached)

stack_of() { awk -v f="$1" '$1=="stack" && $2==f {print $3}' "$OUT/qemu.log"; }
size_of() { awk -v t="$1" '$1=="sizeof" && $2==t {print $3}' "$OUT/qemu.log"; }
max_stack=0
for f in hmac_key_init hmac_key_sign hmac_key_verify aes_gcm_key_init aes_gcm_seal_detached aes_gcm_open_detached; do
    s=$(stack_of "paycrypt_$f")
    [ "$s" -gt "$max_stack" ] && max_stack=$s
done

cat <<EOF

Firmware footprint: HMAC-SHA256 sign/verify + AES-256-GCM seal/open
(thumbv7em-none-eabihf, arm-none-eabi-gcc -nostdlib --gc-sections, against
the same firmware with empty entry points; stack by painting in QEMU mps2-an386)

  flash         $flash B  (.text $text, .rodata $rodata; goal <= $FLASH_GOAL)
  static RAM    $ram B  (goal 0)
  heap          $heap B
  stack         $max_stack B deepest (goal <= $STACK_GOAL)
EOF
for f in hmac_key_init hmac_key_sign hmac_key_verify aes_gcm_key_init aes_gcm_seal_detached aes_gcm_open_detached; do
    printf '                %5d B  paycrypt_%s\n' "$(stack_of "paycrypt_$f")" "$f"
done
cat <<EOF
  contexts      paycrypt_hmac_key $(size_of paycrypt_hmac_key) B, paycrypt_aes_gcm_key $(size_of paycrypt_aes_gcm_key) B (caller-allocated; paycrypt_hmac_state $(size_of paycrypt_hmac_state) B)

  instructions per call (QEMU -icount; not cycles):
$(awk '$1=="insns" {printf "    %-40s %9d\n", $2, $3}' "$OUT/qemu.log")

  by feature (library alone, linked with only these entry points):
    HMAC-SHA256 init/sign/verify     $f_hmac B
    AES-GCM init/seal/open           $f_gcm B
    both                             $f_all B

  where the bytes go:
EOF
sed 's/^/    /' "$OUT/breakdown.txt"
attributed=$(awk '{n += $1} END {print n + 0}' "$OUT/breakdown.txt")
printf '    %6d  %s\n' $((flash - attributed)) "constants without a symbol (SHA-256 K), alignment"

# One line for scripts/firmware_levers.sh.
insns_of() { awk -v c="$1" '$1=="insns" && $2==c {print $3}' "$OUT/qemu.log"; }
echo "summary flash=$flash text=$text rodata=$rodata ram=$ram stack=$max_stack" \
    "hmac=$f_hmac gcm=$f_gcm seal1k=$(insns_of aes_gcm_seal_detached/AES-256/1KiB)" \
    "sign1k=$(insns_of hmac_key_sign/1KiB)" >"$OUT/summary.txt"

if [ $GOALS -eq 0 ]; then
    exit 0
fi
fail=0
if [ "$flash" -gt "$FLASH_GOAL" ]; then
    echo "FAIL: flash $flash B exceeds $FLASH_GOAL B by $((flash - FLASH_GOAL)) B" >&2
    fail=1
fi
if [ "$ram" -ne 0 ]; then
    echo "FAIL: the library uses $ram B of static RAM" >&2
    fail=1
fi
if [ "$max_stack" -gt "$STACK_GOAL" ]; then
    echo "FAIL: stack $max_stack B exceeds $STACK_GOAL B by $((max_stack - STACK_GOAL)) B" >&2
    fail=1
fi
if [ "$heap" != 0 ]; then
    echo "FAIL: an allocator is linked" >&2
    fail=1
fi
[ $fail -eq 0 ] && echo "ok: known answers pass; flash, static RAM, stack and heap within the goals"
exit $fail
