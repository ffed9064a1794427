//! A quick, contention-tolerant AES-256-GCM seal comparison: the
//! implementations are timed in short alternating rounds and each keeps its
//! best round, so a busy machine slows all of them alike instead of
//! whichever criterion happened to be measuring. Prints M ops/s and the
//! ratio of paycrypt's dispatched engine to the best of ring and aws-lc-rs.
//! Run with `cargo bench -p paycrypt-bench --bench gcm_quick`
//! (optional env: GCM_QUICK_ROUNDS, GCM_QUICK_AAD=bytes).

use std::hint::black_box;
use std::time::{Duration, Instant};

use paycrypt::__kernels::{self as k, GcmKernel};

const SIZES: [usize; 5] = [32, 64, 256, 1024, 16384];
const KEY: [u8; 32] = [0x42; 32];

type Seal = Box<dyn Fn(&mut [u8])>;

fn main() {
    let rounds: usize = std::env::var("GCM_QUICK_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let aad_len: usize = std::env::var("GCM_QUICK_AAD")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    let aad: &'static [u8] = Box::leak(vec![1u8; aad_len].into_boxed_slice());
    let nonce = [7u8; 12];
    let mut impls: Vec<(String, Seal)> = Vec::new();
    let ours = paycrypt::AesGcmKey::new(&KEY).unwrap();
    impls.push((
        "paycrypt".into(),
        Box::new(move |b| {
            black_box(ours.seal_in_place_detached(&nonce, aad, b).unwrap());
        }),
    ));
    for kernel in GcmKernel::ALL {
        if let Some(key) = k::aes_gcm_key(kernel, &KEY).unwrap() {
            impls.push((
                format!("paycrypt-{kernel:?}"),
                Box::new(move |b| {
                    black_box(key.seal_in_place_detached(&nonce, aad, b).unwrap());
                }),
            ));
        }
    }
    let ring_key = ring::aead::LessSafeKey::new(
        ring::aead::UnboundKey::new(&ring::aead::AES_256_GCM, &KEY).unwrap(),
    );
    impls.push((
        "ring".into(),
        Box::new(move |b| {
            let _ = black_box(
                ring_key
                    .seal_in_place_separate_tag(
                        ring::aead::Nonce::assume_unique_for_key(nonce),
                        ring::aead::Aad::from(aad),
                        b,
                    )
                    .unwrap(),
            );
        }),
    ));
    let aws_key = aws_lc_rs::aead::LessSafeKey::new(
        aws_lc_rs::aead::UnboundKey::new(&aws_lc_rs::aead::AES_256_GCM, &KEY).unwrap(),
    );
    impls.push((
        "aws-lc-rs".into(),
        Box::new(move |b| {
            let _ = black_box(
                aws_key
                    .seal_in_place_separate_tag(
                        aws_lc_rs::aead::Nonce::assume_unique_for_key(nonce),
                        aws_lc_rs::aead::Aad::from(aad),
                        b,
                    )
                    .unwrap(),
            );
        }),
    ));

    println!("AES-256-GCM seal, AAD {aad_len} B, best of {rounds} rounds, M ops/s");
    print!("{:<24}", "impl");
    for n in SIZES {
        print!("{n:>9}");
    }
    println!();
    let mut best = vec![vec![0f64; SIZES.len()]; impls.len()];
    for (si, &n) in SIZES.iter().enumerate() {
        let mut buf = vec![0x3Cu8; n];
        // Calls per round: about 2 ms of work.
        let per_round = (2_000_000 / (n + 200)).max(20);
        for _ in 0..rounds {
            for (ii, (_, f)) in impls.iter().enumerate() {
                let start = Instant::now();
                for _ in 0..per_round {
                    f(black_box(&mut buf));
                }
                let dt = start.elapsed().max(Duration::from_nanos(1));
                let mops = per_round as f64 / dt.as_secs_f64() / 1e6;
                if mops > best[ii][si] {
                    best[ii][si] = mops;
                }
            }
        }
    }
    for (ii, (name, _)) in impls.iter().enumerate() {
        print!("{name:<24}");
        for v in &best[ii] {
            print!("{v:>9.2}");
        }
        println!();
    }
    // Open (verify, then decrypt) of the same sizes, for information.
    let ring_open = ring::aead::LessSafeKey::new(
        ring::aead::UnboundKey::new(&ring::aead::AES_256_GCM, &KEY).unwrap(),
    );
    let ours = paycrypt::AesGcmKey::new(&KEY).unwrap();
    let mut open_best = [[0f64; 5]; 2];
    for (si, &n) in SIZES.iter().enumerate() {
        let pt = vec![0x3Cu8; n];
        let mut sealed = vec![0u8; n + 16];
        ours.seal(&nonce, aad, &pt, &mut sealed).unwrap();
        let mut buf = sealed.clone();
        let per_round = (2_000_000 / (n + 200)).max(20);
        for _ in 0..rounds {
            for (which, best_of) in open_best.iter_mut().enumerate() {
                let start = Instant::now();
                for _ in 0..per_round {
                    buf.copy_from_slice(&sealed);
                    if which == 0 {
                        black_box(
                            ours.open_in_place(&nonce, aad, black_box(&mut buf))
                                .unwrap(),
                        );
                    } else {
                        black_box(
                            ring_open
                                .open_in_place(
                                    ring::aead::Nonce::assume_unique_for_key(nonce),
                                    ring::aead::Aad::from(aad),
                                    black_box(&mut buf),
                                )
                                .unwrap()
                                .len(),
                        );
                    }
                }
                let mops = per_round as f64 / start.elapsed().as_secs_f64() / 1e6;
                best_of[si] = best_of[si].max(mops);
            }
        }
    }
    let peer = |si: usize| {
        impls
            .iter()
            .enumerate()
            .filter(|(_, (n, _))| n == "ring" || n == "aws-lc-rs")
            .map(|(ii, _)| best[ii][si])
            .fold(0f64, f64::max)
    };
    print!("{:<24}", "paycrypt / best peer");
    for (si, ours) in best[0].iter().enumerate() {
        print!("{:>9.2}", ours / peer(si));
    }
    println!();
    println!("open in place (copy of the sealed buffer included), M ops/s");
    for (which, name) in ["paycrypt", "ring"].iter().enumerate() {
        print!("{name:<24}");
        for v in &open_best[which] {
            print!("{v:>9.2}");
        }
        println!();
    }
}
