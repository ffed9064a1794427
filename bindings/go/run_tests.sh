#!/usr/bin/env bash
# Tests of the Go binding, as the project's test command runs them from
# the repository root after `cargo build --release`:
#
#   bindings/go/run_tests.sh
#
# gofmt and go vet must be clean; then go test runs plain, with the race
# detector, and with GODEBUG=cgocheck=1 (cgo pointer-passing checks). Fuzz
# targets' seed corpora run as ordinary tests in each pass.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lib="$here/../../target/release/libpaycrypt.a"
cd "$here"

if [[ ! -f "$lib" ]]; then
    echo "run_tests.sh: $lib not found; run 'cargo build --release' in the repository root first" >&2
    exit 1
fi
export CGO_ENABLED=1

step() { printf '\n== %s\n' "$*"; }

step "gofmt -l"
unformatted="$(gofmt -l .)"
if [[ -n "$unformatted" ]]; then
    echo "not gofmt-formatted:" >&2
    echo "$unformatted" >&2
    exit 1
fi
echo "clean"

step "go vet ./..."
go vet ./...
echo "clean"

# -count=1: always run (a cached pass would not notice a rebuilt libpaycrypt.a).
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
step "go test ./..."
if ! go test -count=1 -v ./... >"$log" 2>&1; then
    grep -v -e '^=== ' -e '^    --- PASS' -e '^--- PASS' "$log" >&2
    exit 1
fi
grep -E '^(ok|FAIL|PASS)' "$log"
printf 'passed: %s tests, %s examples, %s fuzz targets (seed corpora: %s inputs)\n' \
    "$(grep -c '^--- PASS: Test' "$log")" "$(grep -c '^--- PASS: Example' "$log")" \
    "$(grep -c '^--- PASS: Fuzz' "$log")" "$(grep -c '^    --- PASS: Fuzz' "$log")"

step "go test -race ./..."
go test -count=1 -race ./...

step "GODEBUG=cgocheck=1 go test ./..."
GODEBUG=cgocheck=1 go test -count=1 ./...

# The stricter cgo check (also catches Go pointers stored in C memory).
step "GOEXPERIMENT=cgocheck2 go test ./..."
GOEXPERIMENT=cgocheck2 go test -count=1 ./...

printf '\nGo binding: all checks passed\n'
