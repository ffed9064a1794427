//! Throughput of paycrypt against RustCrypto, ring and aws-lc-rs, measured
//! in the same run: HMAC-SHA256 sign (precomputed key), batch sign,
//! verify, AES-256-GCM seal and open, HKDF, and a two-thread sign run.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hmac::{KeyInit, Mac};

const SIZES: [usize; 5] = [32, 64, 256, 1024, 16384];
const KEY: [u8; 32] = [0x42; 32];

fn hmac_sign(c: &mut Criterion) {
    let mut g = c.benchmark_group("hmac_sign");
    let ours = paycrypt::HmacKey::new(&KEY);
    let rc = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&KEY).unwrap();
    let ring_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &KEY);
    let aws_key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, &KEY);
    for n in SIZES {
        let msg = vec![0xA5u8; n];
        g.throughput(Throughput::Elements(1));
        g.bench_with_input(BenchmarkId::new("paycrypt", n), &msg, |b, m| {
            b.iter(|| ours.sign(black_box(m)))
        });
        g.bench_with_input(BenchmarkId::new("rustcrypto", n), &msg, |b, m| {
            b.iter(|| {
                let mut mac = rc.clone();
                mac.update(black_box(m));
                mac.finalize().into_bytes()
            })
        });
        g.bench_with_input(BenchmarkId::new("ring", n), &msg, |b, m| {
            b.iter(|| ring::hmac::sign(&ring_key, black_box(m)))
        });
        g.bench_with_input(BenchmarkId::new("aws-lc-rs", n), &msg, |b, m| {
            b.iter(|| aws_lc_rs::hmac::sign(&aws_key, black_box(m)))
        });
    }
    g.finish();
}

fn hmac_batch(c: &mut Criterion) {
    let mut g = c.benchmark_group("hmac_sign_batch");
    let ours = paycrypt::HmacKey::new(&KEY);
    for n in SIZES {
        let msgs: Vec<Vec<u8>> = (0..64).map(|i| vec![i as u8; n]).collect();
        let refs: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
        let mut tags = vec![[0u8; 32]; refs.len()];
        g.throughput(Throughput::Elements(refs.len() as u64));
        g.bench_with_input(BenchmarkId::new("paycrypt", n), &refs, |b, r| {
            b.iter(|| ours.sign_batch(black_box(r), &mut tags).unwrap())
        });
    }
    g.finish();
}

fn hmac_verify(c: &mut Criterion) {
    let mut g = c.benchmark_group("hmac_verify");
    let ours = paycrypt::HmacKey::new(&KEY);
    let ring_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &KEY);
    for n in [64usize, 1024] {
        let msg = vec![0xA5u8; n];
        let tag = ours.sign(&msg);
        g.throughput(Throughput::Elements(1));
        g.bench_with_input(BenchmarkId::new("paycrypt", n), &msg, |b, m| {
            b.iter(|| ours.verify(black_box(m), &tag))
        });
        g.bench_with_input(BenchmarkId::new("ring", n), &msg, |b, m| {
            b.iter(|| ring::hmac::verify(&ring_key, black_box(m), &tag))
        });
    }
    g.finish();
}

fn gcm_seal(c: &mut Criterion) {
    use aes_gcm::aead::{AeadInOut, KeyInit as _};
    let mut g = c.benchmark_group("aes256gcm_seal");
    let ours = paycrypt::AesGcmKey::new(&KEY).unwrap();
    let rc = aes_gcm::Aes256Gcm::new_from_slice(&KEY).unwrap();
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
        g.bench_function(BenchmarkId::new("paycrypt", n), |b| {
            b.iter(|| {
                ours.seal_in_place_detached(&nonce, &aad, black_box(&mut buf))
                    .unwrap()
            })
        });
        g.bench_function(BenchmarkId::new("rustcrypto", n), |b| {
            b.iter(|| {
                rc.encrypt_inout_detached(&nonce.into(), &aad, black_box(buf.as_mut_slice()).into())
                    .unwrap()
            })
        });
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

fn gcm_open(c: &mut Criterion) {
    let mut g = c.benchmark_group("aes256gcm_open");
    let ours = paycrypt::AesGcmKey::new(&KEY).unwrap();
    let ring_key = ring::aead::LessSafeKey::new(
        ring::aead::UnboundKey::new(&ring::aead::AES_256_GCM, &KEY).unwrap(),
    );
    let nonce = [7u8; 12];
    for n in [64usize, 1024, 16384] {
        let pt = vec![0x3Cu8; n];
        let mut sealed = vec![0u8; n + 16];
        ours.seal(&nonce, b"", &pt, &mut sealed).unwrap();
        let mut out = vec![0u8; n];
        g.throughput(Throughput::Elements(1));
        g.bench_function(BenchmarkId::new("paycrypt", n), |b| {
            b.iter(|| {
                ours.open(&nonce, b"", black_box(&sealed), &mut out)
                    .unwrap()
            })
        });
        g.bench_function(BenchmarkId::new("ring", n), |b| {
            b.iter(|| {
                let mut buf = sealed.clone();
                ring_key
                    .open_in_place(
                        ring::aead::Nonce::assume_unique_for_key(nonce),
                        ring::aead::Aad::empty(),
                        &mut buf,
                    )
                    .map(|p| p.len())
                    .unwrap()
            })
        });
    }
    g.finish();
}

fn hkdf(c: &mut Criterion) {
    let mut g = c.benchmark_group("hkdf_sha256");
    for n in [32usize, 256] {
        g.throughput(Throughput::Elements(1));
        g.bench_function(BenchmarkId::new("paycrypt", n), |b| {
            let mut okm = vec![0u8; n];
            b.iter(|| paycrypt::hkdf_sha256(b"salt", black_box(&KEY), b"info", &mut okm).unwrap())
        });
        g.bench_function(BenchmarkId::new("rustcrypto", n), |b| {
            let mut okm = vec![0u8; n];
            b.iter(|| {
                hkdf::Hkdf::<sha2::Sha256>::new(Some(b"salt"), black_box(&KEY))
                    .expand(b"info", &mut okm)
                    .unwrap()
            })
        });
    }
    g.finish();
}

fn two_threads(c: &mut Criterion) {
    let mut g = c.benchmark_group("hmac_sign_2threads");
    let ours = paycrypt::HmacKey::new(&KEY);
    let msg = vec![0xA5u8; 64];
    const PER_THREAD: u64 = 20_000;
    g.throughput(Throughput::Elements(2 * PER_THREAD));
    g.bench_function("paycrypt_64B", |b| {
        b.iter(|| {
            std::thread::scope(|s| {
                for _ in 0..2 {
                    s.spawn(|| {
                        for _ in 0..PER_THREAD {
                            black_box(ours.sign(black_box(&msg)));
                        }
                    });
                }
            })
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = hmac_sign, hmac_batch, hmac_verify, gcm_seal, gcm_open, hkdf, two_threads
}
criterion_main!(benches);
