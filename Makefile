# paycrypt: the two entry points of the README's quick start.
#   make demo   builds the library and runs the C demo of the main job
#   make test   runs every test: lint, Rust (unit, vectors, properties,
#               doctests, fuzz-corpus replay; again with the firmware code
#               paths selected), header checks, the C tests under valgrind,
#               the constant-time check under memcheck, the C tests under
#               ASan/UBSan, the threaded test under helgrind/DRD/TSan, the
#               FFI tests under Miri, the no_std build, the firmware
#               footprint check under QEMU, and the Python and Go bindings'
#               tests
#   make bench  runs the criterion benchmarks against RustCrypto, ring and
#               aws-lc-rs (HTML reports in target/criterion)
#   make firmware-size     the footprint check alone (README, "Firmware")
#   make firmware-levers   what each firmware size lever is worth (slow)
#   make dudect            statistical timing test of the verify paths (by hand)
#   make ct-check-engines  the memcheck constant-time check on the firmware
#                          and portable AES-GCM engines (two extra builds)

CC      ?= gcc
CFLAGS  := -std=c99 -O1 -g -Wall -Wextra -Wpedantic -Werror -Iinclude
LDLIBS  := target/release/libpaycrypt.a -lpthread -ldl -lm
VALGRIND := valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all --show-leak-kinds=definite,indirect

.PHONY: demo test lint rust-test compact-test lib header-check c-test ct-check ct-check-engines dudect c-sanitize c-threads miri nostd firmware-size firmware-levers go-test python-test bench bench-quick clean

demo: lib
	@mkdir -p build
	$(CC) $(CFLAGS) examples/pos_demo.c -o build/pos_demo $(LDLIBS)
	./build/pos_demo

test: lint rust-test compact-test header-check c-test ct-check c-sanitize c-threads miri nostd firmware-size python-test go-test
	@echo "all tests passed"

lint:
	cargo fmt --all --check
	cargo clippy --all-targets --quiet -- -D warnings

rust-test:
	cargo test --quiet

# The whole Rust suite (C ABI included) through the firmware's compact
# SHA-256 and AES-GCM code, on the host; own target directory, optimised
# a little so that the bitsliced AES runs the vectors quickly.
compact-test:
	CARGO_TARGET_DIR=target/compact CARGO_PROFILE_DEV_OPT_LEVEL=1 \
	RUSTFLAGS='--cfg paycrypt_sha256="compact" --cfg paycrypt_gcm="compact"' \
	cargo test --quiet

lib:
	cargo build --release --quiet

header-check: lib
	scripts/check_header.sh

build/test_paycrypt: lib tests/c/test_paycrypt.c include/paycrypt.h
	@mkdir -p build
	$(CC) $(CFLAGS) tests/c/test_paycrypt.c -o $@ $(LDLIBS)

c-test: build/test_paycrypt demo
	$(VALGRIND) build/test_paycrypt tests/vectors
	$(VALGRIND) build/pos_demo > /dev/null

# ---------------------------------------------------------------------------
# Sanitizers, threads, Miri (issue #7, parts 3-5).
#
# c-sanitize: the C tests and the demo built with ASan + UBSan against the
#   (uninstrumented) Rust static library; any report aborts the run.
# c-threads: one shared HMAC key and one shared AES-GCM key used by 8
#   threads at once, natively, under helgrind and DRD (which see the Rust
#   library's memory accesses too) and built with TSan (which sees only the
#   C harness: the library is not instrumented, so TSan alone would miss a
#   race inside it).
# miri: the FFI layer driven through raw pointers (misaligned, aliased,
#   overlapping, NULL, wiped) under Miri, on nightly (portable kernels:
#   cpufeatures reports no CPU feature under Miri).
SANFLAGS   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_ENV    := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1 \
              UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
THREADS_RUN := 8 40

build/test_paycrypt_san: lib tests/c/test_paycrypt.c include/paycrypt.h
	@mkdir -p build
	$(CC) $(CFLAGS) $(SANFLAGS) tests/c/test_paycrypt.c -o $@ $(LDLIBS)

build/test_hostile: lib tests/c/test_hostile.c include/paycrypt.h
	@mkdir -p build
	$(CC) $(CFLAGS) tests/c/test_hostile.c -o $@ $(LDLIBS)

build/test_hostile_san: lib tests/c/test_hostile.c include/paycrypt.h
	@mkdir -p build
	$(CC) $(CFLAGS) $(SANFLAGS) tests/c/test_hostile.c -o $@ $(LDLIBS)

build/pos_demo_san: lib examples/pos_demo.c include/paycrypt.h
	@mkdir -p build
	$(CC) $(CFLAGS) $(SANFLAGS) examples/pos_demo.c -o $@ $(LDLIBS)

build/test_threads: lib tests/c/test_threads.c include/paycrypt.h
	@mkdir -p build
	$(CC) $(CFLAGS) tests/c/test_threads.c -o $@ $(LDLIBS)

build/test_threads_tsan: lib tests/c/test_threads.c include/paycrypt.h
	@mkdir -p build
	$(CC) $(CFLAGS) -fsanitize=thread tests/c/test_threads.c -o $@ $(LDLIBS)

c-sanitize: build/test_paycrypt_san build/test_hostile build/test_hostile_san build/pos_demo_san
	$(SAN_ENV) build/test_paycrypt_san tests/vectors
	$(SAN_ENV) build/test_hostile_san
	$(SAN_ENV) build/pos_demo_san > /dev/null
	$(VALGRIND) build/test_hostile

c-threads: build/test_threads build/test_threads_tsan
	build/test_threads 8 400
	TSAN_OPTIONS=halt_on_error=1 build/test_threads_tsan $(THREADS_RUN)
	valgrind --quiet --tool=helgrind --error-exitcode=1 build/test_threads $(THREADS_RUN)
	valgrind --quiet --tool=drd --error-exitcode=1 build/test_threads $(THREADS_RUN)

# About 1.5 min with a warm cache, 7 min from nothing (sysroot and
# dependencies built for Miri) on the 2-core machine.
MIRI_TOOLCHAIN ?= nightly
miri:
	MIRIFLAGS='-Zmiri-strict-provenance' cargo +$(MIRI_TOOLCHAIN) miri test --quiet --test ffi_miri --test zeroize

# ---- constant-time checks (README, "Constant time") ----
# ct-check: the verify/open/compare paths of the C ABI under valgrind
# memcheck with keys, tags and signature text marked undefined; any branch
# or memory index on them fails, except inside the one declassification
# function named in tests/c/ct_memcheck.supp.
# dudect: the statistical timing test (dudect-bencher), run by hand, not
# part of `make test` (bounded: DUDECT_SECS seconds per test, one core).
CT_VALGRIND := valgrind --quiet --error-exitcode=1 --suppressions=tests/c/ct_memcheck.supp
DUDECT_SECS ?= 20

build/ct_memcheck: lib tests/c/ct_memcheck.c include/paycrypt.h
	@mkdir -p build
	$(CC) $(CFLAGS) tests/c/ct_memcheck.c -o $@ $(LDLIBS)

ct-check: build/ct_memcheck
	$(CT_VALGRIND) build/ct_memcheck

# ct-check-engines: the same program against the engines x86-64 does not
# select: the firmware's compact SHA-256 and AES-GCM, and the portable
# AES-GCM on RustCrypto's software AES and POLYVAL. Not in `make test`
# (two more release builds, about a minute each).
ct-check-engines:
	@mkdir -p build
	CARGO_TARGET_DIR=target/ct-compact \
	RUSTFLAGS='--cfg paycrypt_sha256="compact" --cfg paycrypt_gcm="compact"' \
	cargo build --release --quiet
	$(CC) $(CFLAGS) tests/c/ct_memcheck.c -o build/ct_memcheck_compact \
	    target/ct-compact/release/libpaycrypt.a -lpthread -ldl -lm
	$(CT_VALGRIND) build/ct_memcheck_compact
	CARGO_TARGET_DIR=target/ct-portable \
	RUSTFLAGS='--cfg paycrypt_gcm="portable" --cfg aes_backend="soft" --cfg polyval_backend="soft"' \
	cargo build --release --quiet
	$(CC) $(CFLAGS) tests/c/ct_memcheck.c -o build/ct_memcheck_portable \
	    target/ct-portable/release/libpaycrypt.a -lpthread -ldl -lm
	$(CT_VALGRIND) build/ct_memcheck_portable

dudect:
	DUDECT_SECS=$(DUDECT_SECS) cargo bench --manifest-path benches/Cargo.toml --bench dudect
# ---- end constant-time checks ----

nostd:
	scripts/nostd.sh

python-test:
	bindings/python/run_tests.sh

go-test: lib
	bindings/go/run_tests.sh

bench:
	cargo bench --manifest-path benches/Cargo.toml

# The goal rows (sign, batch sign, AES-256-GCM seal vs RustCrypto, ring and
# aws-lc-rs) in interleaved rounds, pinned to CPU $(BENCH_CPU) when taskset
# exists: the comparison that stays fair on a shared machine.
BENCH_CPU ?= 1
bench-quick:
	QUICK_JSON=$(CURDIR)/target/quick.json $(if $(shell command -v taskset),taskset -c $(BENCH_CPU)) \
		cargo bench --manifest-path benches/Cargo.toml --bench quick

# Skips with a notice when arm-none-eabi-gcc or qemu-system-arm is missing.
firmware-size:
	scripts/firmware_size.sh

firmware-levers:
	scripts/firmware_levers.sh

# ---- Fuzzing (README, "Fuzzing") ------------------------------------------
# `make fuzz` runs every cargo-fuzz target in fuzz/ for FUZZ_SECONDS, one
# after another on one core; it needs nightly Rust and cargo-fuzz and
# installs them when missing. New inputs go to fuzz/target/corpus/<target>
# (ignored by git); `make fuzz-merge` folds those that add coverage into the
# committed fuzz/corpus/<target>. Not part of `make test`: the committed
# corpora and fuzz/regressions are replayed on stable by rust-test
# (tests/fuzz_replay.rs).
FUZZ_SECONDS ?= 60
CARGO_FUZZ_VERSION := 0.13.2
FUZZ_TARGETS := webhook_headers wechatpay encoding envelope aead_open hmac_verify diff_hmac diff_gcm
FUZZ_FLAGS := -max_len=4096 -timeout=20 -print_final_stats=1

.PHONY: fuzz fuzz-tools fuzz-merge

fuzz-tools:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@cargo fuzz --version 2>/dev/null | grep -qF '$(CARGO_FUZZ_VERSION)' || cargo install --locked cargo-fuzz@$(CARGO_FUZZ_VERSION)

fuzz: fuzz-tools
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	    mkdir -p target/corpus/$$t && \
	    cargo +nightly fuzz run $$t target/corpus/$$t corpus/$$t -- \
	        -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) || exit 1; \
	done

fuzz-merge: fuzz-tools
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	    mkdir -p target/corpus/$$t && \
	    cargo +nightly fuzz run $$t corpus/$$t target/corpus/$$t -- \
	        -merge=1 $(FUZZ_FLAGS) || exit 1; \
	done

clean:
	cargo clean
	rm -rf build
