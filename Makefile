# paycrypt: the two entry points of the README's quick start.
#   make demo   builds the library and runs the C demo of the main job
#   make test   runs every test: lint, Rust (unit, vectors, properties,
#               doctests; again with the firmware code paths selected),
#               header checks, the C test under valgrind, the no_std build,
#               the firmware footprint check under QEMU, and the Python and
#               Go bindings' tests
#   make bench  runs the criterion benchmarks against RustCrypto, ring and
#               aws-lc-rs (HTML reports in target/criterion)
#   make firmware-size     the footprint check alone (README, "Firmware")
#   make firmware-levers   what each firmware size lever is worth (slow)

CC      ?= gcc
CFLAGS  := -std=c99 -O1 -g -Wall -Wextra -Wpedantic -Werror -Iinclude
LDLIBS  := target/release/libpaycrypt.a -lpthread -ldl -lm
VALGRIND := valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all --show-leak-kinds=definite,indirect

.PHONY: demo test lint rust-test compact-test lib header-check c-test nostd firmware-size firmware-levers go-test python-test bench clean

demo: lib
	@mkdir -p build
	$(CC) $(CFLAGS) examples/pos_demo.c -o build/pos_demo $(LDLIBS)
	./build/pos_demo

test: lint rust-test compact-test header-check c-test nostd firmware-size python-test go-test
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

nostd:
	scripts/nostd.sh

python-test:
	bindings/python/run_tests.sh

go-test: lib
	bindings/go/run_tests.sh

bench:
	cargo bench --manifest-path benches/Cargo.toml

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
