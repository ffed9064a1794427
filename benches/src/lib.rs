//! Benchmarks live in `benches/benches/`; run them with `make bench`.
