//! AES-256-GCM seal per kernel against ring and aws-lc-rs, in one run:
//! paycrypt's dispatched engine (what `AesGcmKey::new` picks), each forced
//! kernel this CPU has (VAES+AVX2, AES-NI+PCLMULQDQ, portable), ring 0.17
//! and aws-lc-rs, all through `seal_in_place`-style calls with a 16-byte
//! AAD (as in `throughput.rs`). Run with
//! `cargo bench -p paycrypt-bench --bench gcm_kernels`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use paycrypt::__kernels::{self as k, GcmKernel};

const SIZES: [usize; 5] = [32, 64, 256, 1024, 16384];
const KEY: [u8; 32] = [0x42; 32];

fn seal(c: &mut Criterion) {
    let mut g = c.benchmark_group("aes256gcm_seal_kernels");
    let mut ours = vec![(
        "paycrypt".to_string(),
        paycrypt::AesGcmKey::new(&KEY).unwrap(),
    )];
    for kernel in GcmKernel::ALL {
        if let Some(key) = k::aes_gcm_key(kernel, &KEY).unwrap() {
            ours.push((format!("paycrypt-{kernel:?}"), key));
        }
    }
    let ring_key = ring::aead::LessSafeKey::new(
        ring::aead::UnboundKey::new(&ring::aead::AES_256_GCM, &KEY).unwrap(),
    );
    let aws_key = aws_lc_rs::aead::LessSafeKey::new(
        aws_lc_rs::aead::UnboundKey::new(&aws_lc_rs::aead::AES_256_GCM, &KEY).unwrap(),
    );
    let nonce = [7u8; 12];
    let aad = [1u8; 16];
    for n in SIZES {
        let mut buf = vec![0x3Cu8; n];
        g.throughput(Throughput::Elements(1));
        for (name, key) in &ours {
            g.bench_function(BenchmarkId::new(name.as_str(), n), |b| {
                b.iter(|| {
                    key.seal_in_place_detached(&nonce, &aad, black_box(&mut buf))
                        .unwrap()
                })
            });
        }
        g.bench_function(BenchmarkId::new("ring", n), |b| {
            b.iter(|| {
                ring_key
                    .seal_in_place_separate_tag(
                        ring::aead::Nonce::assume_unique_for_key(nonce),
                        ring::aead::Aad::from(aad),
                        black_box(&mut buf),
                    )
                    .unwrap()
            })
        });
        g.bench_function(BenchmarkId::new("aws-lc-rs", n), |b| {
            b.iter(|| {
                aws_key
                    .seal_in_place_separate_tag(
                        aws_lc_rs::aead::Nonce::assume_unique_for_key(nonce),
                        aws_lc_rs::aead::Aad::from(aad),
                        black_box(&mut buf),
                    )
                    .unwrap()
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .measurement_time(std::time::Duration::from_secs(2))
        .warm_up_time(std::time::Duration::from_millis(500));
    targets = seal
}
criterion_main!(benches);
