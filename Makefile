# paycrypt: the two entry points of the README's quick start.
#   make demo   builds the library and runs the C demo of the main job
#   make test   runs every test: lint, Rust (unit, vectors, properties,
#               doctests), header checks, the C test under valgrind, the
#               no_std build, and the Go (and Python) bindings' tests
#   make bench  runs the criterion benchmarks against RustCrypto, ring and
#               aws-lc-rs (HTML reports in target/criterion)

CC      ?= gcc
CFLAGS  := -std=c99 -O1 -g -Wall -Wextra -Wpedantic -Werror -Iinclude
LDLIBS  := target/release/libpaycrypt.a -lpthread -ldl -lm
VALGRIND := valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all --show-leak-kinds=definite,indirect

.PHONY: demo test lint rust-test lib header-check c-test nostd go-test python-test bench clean

demo: lib
	@mkdir -p build
	$(CC) $(CFLAGS) examples/pos_demo.c -o build/pos_demo $(LDLIBS)
	./build/pos_demo

test: lint rust-test header-check c-test nostd python-test go-test
	@echo "all tests passed"

lint:
	cargo fmt --all --check
	cargo clippy --all-targets --quiet -- -D warnings

rust-test:
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

clean:
	cargo clean
	rm -rf build
