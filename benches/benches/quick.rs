//! The three goal rows (HMAC-SHA256 sign, batch sign per message,
//! AES-256-GCM seal) against RustCrypto, ring and aws-lc-rs, measured so
//! that a busy shared machine treats them alike: the implementations of one
//! size alternate in short rounds (about 2 ms each) and each keeps its
//! fastest round. criterion (`make bench`) measures one function for
//! seconds, then the next, so a neighbour that is busy during one of them
//! (on these VMs, another guest on the sibling hyperthread) skews the
//! ratio; here both sides of every ratio see the same conditions.
//!
//! Prints Markdown tables of million operations per second and each row's
//! ratio to the best peer. Run pinned to one CPU (`make bench-quick`, or
//! `taskset -c 1 cargo bench --manifest-path benches/Cargo.toml --bench
//! quick`); optional env: QUICK_ROUNDS (default 100), QUICK_JSON (a path to
//! write the ratio rows to, for `scripts/perf_report.py --quick`; `make
//! bench-quick` sets it to target/quick.json).

use std::hint::black_box;
use std::time::Instant;

use hmac::{KeyInit, Mac};

const SIZES: [usize; 5] = [32, 64, 256, 1024, 16384];
const KEY: [u8; 32] = [0x42; 32];
const BATCH: usize = 64;

/// Best M ops/s of each contender over `rounds` alternating rounds; each
/// contender is `(operations per call, call expression)`. A macro, so that
/// every call is inlined into its timing loop as in criterion's `b.iter`
/// (through `dyn FnMut` an HMAC sign measured ~19 ns slower).
macro_rules! race {
    ($rounds:expr, $work_bytes:expr, $( ($ops:expr, $call:expr) ),+ $(,)?) => {{
        let calls = (2_000_000 / ($work_bytes + 200)).max(4);
        let mut best: Vec<f64> = Vec::new();
        for _ in 0..$rounds {
            let mut i = 0;
            $(
                let t = Instant::now();
                for _ in 0..calls {
                    let _ = $call;
                }
                let mops = (calls * $ops) as f64 / t.elapsed().as_secs_f64() / 1e6;
                if best.len() <= i {
                    best.push(0.0);
                }
                best[i] = best[i].max(mops);
                i += 1;
            )+
            let _ = i;
        }
        best
    }};
}

fn table(title: &str, names: &[&str], ours: &[&str], rows: &[Vec<f64>]) -> Vec<Vec<f64>> {
    println!("| {title} | 32 B | 64 B | 256 B | 1 KiB | 16 KiB |");
    println!("|---|---|---|---|---|---|");
    for (i, name) in names.iter().enumerate() {
        print!("| {name} |");
        for r in rows {
            print!(" {:.3} |", r[i]);
        }
        println!();
    }
    let peers: Vec<usize> = (0..names.len())
        .filter(|&i| !ours.contains(&names[i]))
        .collect();
    let mut ratios = Vec::new();
    for o in ours {
        let i = names.iter().position(|n| n == o).expect("listed");
        print!("| **{o} / best peer** |");
        let mut v = Vec::new();
        for r in rows {
            let best = peers.iter().map(|&p| r[p]).fold(0f64, f64::max);
            v.push(r[i] / best);
            print!(" **{:.2}** |", r[i] / best);
        }
        ratios.push(v);
        println!();
    }
    println!();
    ratios
}

/// Write the ratio rows as JSON for `scripts/perf_report.py --quick`.
fn write_json(path: &str, series: &[(&str, &Vec<f64>)]) {
    let body: Vec<String> = series
        .iter()
        .map(|(name, v)| {
            let xs: Vec<String> = v.iter().map(|x| format!("{x:.4}")).collect();
            format!("\"{name}\": [{}]", xs.join(", "))
        })
        .collect();
    let sizes: Vec<String> = SIZES.iter().map(|n| n.to_string()).collect();
    let json = format!(
        "{{\"sizes\": [{}], \"ratios\": {{{}}}}}\n",
        sizes.join(", "),
        body.join(", ")
    );
    match std::fs::write(path, json) {
        Ok(()) => println!("ratios written to {path}"),
        Err(e) => eprintln!("cannot write {path}: {e}"),
    }
}

fn main() {
    let rounds: usize = std::env::var("QUICK_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    println!("best of {rounds} interleaved rounds, million operations per second (per message for sign_batch)\n");

    let ours = paycrypt::HmacKey::new(&KEY);
    let rc = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&KEY).unwrap();
    let ring_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &KEY);
    let aws_key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, &KEY);
    let mut rows = Vec::new();
    for n in SIZES {
        let msg = vec![0xA5u8; n];
        let msgs: Vec<Vec<u8>> = (0..BATCH).map(|i| vec![i as u8; n]).collect();
        let refs: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
        let mut tags = vec![[0u8; 32]; BATCH];
        let m = &msg;
        rows.push(race!(
            rounds,
            n,
            (1, black_box(ours.sign(black_box(m)))),
            (BATCH, {
                ours.sign_batch(black_box(&refs), &mut tags).unwrap();
                black_box(&tags);
            }),
            (1, {
                let mut mac = rc.clone();
                mac.update(black_box(m));
                black_box(mac.finalize().into_bytes());
            }),
            (1, black_box(ring::hmac::sign(&ring_key, black_box(m)))),
            (1, black_box(aws_lc_rs::hmac::sign(&aws_key, black_box(m)))),
        ));
    }
    let hmac = table(
        "HMAC-SHA256 sign, 32-byte key, precomputed",
        &[
            "paycrypt sign",
            "paycrypt sign_batch",
            "rustcrypto",
            "ring",
            "aws-lc-rs",
        ],
        &["paycrypt sign", "paycrypt sign_batch"],
        &rows,
    );

    let nonce = [7u8; 12];
    let aad = [1u8; 16];
    let ours = paycrypt::AesGcmKey::new(&KEY).unwrap();
    let rc = <aes_gcm::Aes256Gcm as aes_gcm::KeyInit>::new_from_slice(&KEY).unwrap();
    use aes_gcm::aead::AeadInOut;
    let ring_key = ring::aead::LessSafeKey::new(
        ring::aead::UnboundKey::new(&ring::aead::AES_256_GCM, &KEY).unwrap(),
    );
    let aws_key = aws_lc_rs::aead::LessSafeKey::new(
        aws_lc_rs::aead::UnboundKey::new(&aws_lc_rs::aead::AES_256_GCM, &KEY).unwrap(),
    );
    let mut rows = Vec::new();
    for n in SIZES {
        let mut buf = vec![0x3Cu8; n];
        rows.push(race!(
            rounds,
            n,
            (
                1,
                black_box(
                    ours.seal_in_place_detached(&nonce, &aad, black_box(&mut buf))
                        .unwrap()
                )
            ),
            (
                1,
                black_box(
                    rc.encrypt_inout_detached(
                        &nonce.into(),
                        &aad,
                        black_box(buf.as_mut_slice()).into()
                    )
                    .unwrap()
                )
            ),
            (
                1,
                black_box(
                    ring_key
                        .seal_in_place_separate_tag(
                            ring::aead::Nonce::assume_unique_for_key(nonce),
                            ring::aead::Aad::from(aad),
                            black_box(&mut buf),
                        )
                        .unwrap()
                )
            ),
            (
                1,
                black_box(
                    aws_key
                        .seal_in_place_separate_tag(
                            aws_lc_rs::aead::Nonce::assume_unique_for_key(nonce),
                            aws_lc_rs::aead::Aad::from(aad),
                            black_box(&mut buf),
                        )
                        .unwrap()
                )
            ),
        ));
    }
    let gcm = table(
        "AES-256-GCM seal, 16-byte AAD, key expanded once",
        &["paycrypt seal", "rustcrypto", "ring", "aws-lc-rs"],
        &["paycrypt seal"],
        &rows,
    );
    if let Ok(path) = std::env::var("QUICK_JSON") {
        write_json(
            &path,
            &[
                ("HMAC sign", &hmac[0]),
                ("HMAC sign_batch", &hmac[1]),
                ("AES-256-GCM seal", &gcm[0]),
            ],
        );
    }
}
