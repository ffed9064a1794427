//! Statistical timing test in the style of dudect (Reparaz, Balasch and
//! Verbauwhede, "Dude, is my code constant time?"), on the `dudect-bencher`
//! crate: each test times one operation on inputs of two classes, in random
//! order, and reports Welch's t statistic between the two timing
//! distributions (also after cropping at several percentiles); `max t` is
//! the largest |t|. |t| below about 5 is no evidence of a difference; a
//! leak such as an early-exit comparison drives it into the thousands with
//! these sample counts, run after run. On a busy machine single runs can
//! reach 10 or more without a leak (the identical-class controls show how
//! far): repeat before concluding anything.
//!
//! Classes, always tags of equal length: `match_vs_first` and
//! `match_vs_last` time the matching tag (Left) against one that differs in
//! its first or its last byte (Right); `first_vs_last` times two rejected
//! tags, wrong in the first and in the last byte. A match/mismatch pair
//! also differs in the verdict, which is public and may legitimately cost
//! differently afterwards (an accepted AES-GCM open decrypts, a rejected
//! one zeroes the output; even returning `true` or `false` takes a
//! different branch in `declassify_verdict`), so a large |t| there is not
//! by itself a leak; `first_vs_last` has the same verdict in both classes
//! and is the test of the comparison itself. The AES-GCM match/mismatch
//! tests open an empty ciphertext (the 64 bytes are AAD) to keep the
//! verdict-dependent work small.
//!
//! Controls calibrate the harness on the machine at hand:
//! `control_identical_classes` and `control_identical_gcm_open` (the same
//! input in both classes, for a short and a longer operation: whatever |t|
//! they reach is noise) and `control_early_exit_first_vs_last`, a
//! deliberately leaky byte-by-byte comparison with early exit (|t| must be
//! large).
//!
//! This runs natively, on the kernels this CPU dispatches to (SHA-NI and
//! VAES/AVX2 where present), which the valgrind check (`make ct-check`)
//! cannot reach.
//!
//! Run: `make dudect` or
//! `DUDECT_SECS=20 cargo bench --manifest-path benches/Cargo.toml --bench dudect`
//! (DUDECT_SECS: seconds per test, default 10; DUDECT_MAX_SAMPLES: cap per
//! test, default 4,000,000; `-- --filter NAME` runs the tests whose name
//! contains NAME). Single-threaded.

use std::time::{Duration, Instant};

use dudect_bencher::ctbench::{run_benches_console, BenchFn, BenchMetadata, BenchName, BenchOpts};
use dudect_bencher::rand::Rng;
use dudect_bencher::{BenchRng, Class, CtRunner};

use paycrypt::__kernels::{self as k, GcmKernel};
use paycrypt::{AesGcmKey, HmacKey};

/// Inputs prepared per batch (class order drawn at random).
const BATCH: usize = 50_000;

fn budget() -> (Duration, usize) {
    let secs = std::env::var("DUDECT_SECS")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(10.0);
    let cap = std::env::var("DUDECT_MAX_SAMPLES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(4_000_000);
    (Duration::from_secs_f64(secs), cap)
}

/// Time `f(input)` with the `left` and `right` inputs (of equal length) in
/// random order until the time budget or the sample cap is reached. Both
/// classes run through the same code: the chosen input is first copied into
/// one scratch buffer, so only its contents differ, not its address.
fn run<R>(
    runner: &mut CtRunner,
    rng: &mut BenchRng,
    left: &[u8],
    right: &[u8],
    f: impl Fn(&[u8]) -> R,
) {
    assert_eq!(left.len(), right.len());
    let (time, cap) = budget();
    let start = Instant::now();
    let mut done = 0usize;
    let mut classes = Vec::with_capacity(BATCH);
    let mut scratch = left.to_vec();
    while done < cap && start.elapsed() < time {
        classes.clear();
        for _ in 0..BATCH {
            classes.push(if rng.next_u32() & 1 == 0 {
                Class::Left
            } else {
                Class::Right
            });
        }
        for &class in &classes {
            let input = match class {
                Class::Left => left,
                Class::Right => right,
            };
            scratch.copy_from_slice(input);
            let x: &[u8] = std::hint::black_box(&scratch);
            runner.run_one(class, || f(x));
        }
        done += BATCH;
    }
}

fn flip(tag: &[u8], i: usize) -> Vec<u8> {
    let mut t = tag.to_vec();
    t[i] ^= 0x01;
    t
}

/// Replace hex digit `i` by another hex digit.
fn flip_hex(hex: &[u8], i: usize) -> Vec<u8> {
    let mut t = hex.to_vec();
    t[i] = if t[i] == b'0' { b'1' } else { b'0' };
    t
}

/// Which two inputs the classes get.
#[derive(Clone, Copy)]
enum Pair {
    MatchVsFirst,
    MatchVsLast,
    FirstVsLast,
    /// Control: the same wrong tag (first byte) in both classes.
    FirstVsFirst,
}

/// The (Left, Right) inputs of `pair` for the right input `good`, with
/// `bad(good, i)` making a wrong one at position `i`.
fn inputs(pair: Pair, good: &[u8], bad: fn(&[u8], usize) -> Vec<u8>) -> (Vec<u8>, Vec<u8>) {
    let last = good.len() - 1;
    match pair {
        Pair::MatchVsFirst => (good.to_vec(), bad(good, 0)),
        Pair::MatchVsLast => (good.to_vec(), bad(good, last)),
        Pair::FirstVsLast => (bad(good, 0), bad(good, last)),
        Pair::FirstVsFirst => (bad(good, 0), bad(good, 0)),
    }
}

const TAG32: [u8; 32] = [
    0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
    0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43,
];

/// Eight comparisons per sample, so that comparing 32 bytes is not lost in
/// the timer's own cost.
fn ct_equal_x8(b: &[u8]) -> u8 {
    (0..8).fold(0u8, |acc, _| {
        acc + u8::from(paycrypt::ct_equal(std::hint::black_box(&TAG32), b))
    })
}

fn ct_equal(runner: &mut CtRunner, rng: &mut BenchRng, pair: Pair) {
    let (l, r) = inputs(pair, &TAG32, flip);
    run(runner, rng, &l, &r, ct_equal_x8);
}

fn ct_equal_match_vs_first(runner: &mut CtRunner, rng: &mut BenchRng) {
    ct_equal(runner, rng, Pair::MatchVsFirst);
}

fn ct_equal_match_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    ct_equal(runner, rng, Pair::MatchVsLast);
}

fn ct_equal_first_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    ct_equal(runner, rng, Pair::FirstVsLast);
}

/// The C ABI's `paycrypt_ct_equal`, as a C caller reaches it.
fn ffi_ct_equal_match_vs_first(runner: &mut CtRunner, rng: &mut BenchRng) {
    let (l, r) = inputs(Pair::MatchVsFirst, &TAG32, flip);
    run(runner, rng, &l, &r, |b| {
        (0..8).fold(0i64, |acc, _| {
            let a = std::hint::black_box(&TAG32);
            // SAFETY: both pointers are valid for 32 readable bytes.
            let st = unsafe { paycrypt::ffi::paycrypt_ct_equal(a.as_ptr(), b.as_ptr(), 32) };
            acc + st as i64
        })
    });
}

/// Control: both classes get the same tag.
fn control_identical_classes(runner: &mut CtRunner, rng: &mut BenchRng) {
    run(runner, rng, &TAG32, &TAG32, ct_equal_x8);
}

/// Control: a deliberately leaky comparison (byte by byte, stops at the
/// first difference), which the test must flag.
fn control_early_exit_first_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    let (l, r) = inputs(Pair::FirstVsLast, &TAG32, flip);
    run(runner, rng, &l, &r, |b| {
        (0..8).fold(0u8, |acc, _| {
            let a = std::hint::black_box(&TAG32);
            let mut equal = 1u8;
            for (x, y) in a.iter().zip(b) {
                if std::hint::black_box(*x) != *y {
                    equal = 0;
                    break;
                }
            }
            acc + equal
        })
    });
}

const MSG: &[u8] = b"{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\",\"amount\":1000}";

fn hmac_verify(runner: &mut CtRunner, rng: &mut BenchRng, pair: Pair) {
    let key = HmacKey::new(b"whsec_dudect_test_key");
    let (l, r) = inputs(pair, &key.sign(MSG), flip);
    run(runner, rng, &l, &r, |t| key.verify(MSG, t).is_ok());
}

fn hmac_verify_match_vs_first(runner: &mut CtRunner, rng: &mut BenchRng) {
    hmac_verify(runner, rng, Pair::MatchVsFirst);
}

fn hmac_verify_match_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    hmac_verify(runner, rng, Pair::MatchVsLast);
}

fn hmac_verify_first_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    hmac_verify(runner, rng, Pair::FirstVsLast);
}

fn hmac_verify_hex(runner: &mut CtRunner, rng: &mut BenchRng, pair: Pair) {
    let key = HmacKey::new(b"whsec_dudect_test_key");
    let (l, r) = inputs(pair, &key.sign_hex(MSG), flip_hex);
    run(runner, rng, &l, &r, |h| {
        // From a stack copy, as in `gcm_open`.
        let h: [u8; 64] = h.try_into().unwrap();
        key.verify_hex(MSG, &h).is_ok()
    });
}

fn hmac_verify_hex_match_vs_first(runner: &mut CtRunner, rng: &mut BenchRng) {
    hmac_verify_hex(runner, rng, Pair::MatchVsFirst);
}

fn hmac_verify_hex_match_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    hmac_verify_hex(runner, rng, Pair::MatchVsLast);
}

fn hmac_verify_hex_first_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    hmac_verify_hex(runner, rng, Pair::FirstVsLast);
}

const NONCE: [u8; 12] = [7; 12];
const AAD: [u8; 64] = [0x33; 64];

/// AES-256-GCM open (detached, in place) of `ct_len` (at most 64) bytes
/// with 64 bytes of AAD, the tags of `pair`.
fn gcm_open(runner: &mut CtRunner, rng: &mut BenchRng, key: &AesGcmKey, ct_len: usize, pair: Pair) {
    let mut ct = vec![0x55u8; ct_len];
    let tag = key.seal_in_place_detached(&NONCE, &AAD, &mut ct).unwrap();
    let (l, r) = inputs(pair, &tag, flip);
    run(runner, rng, &l, &r, |t| {
        // The tag is copied to the stack, so both classes pass it from the
        // same address: read in place from the two classes' own vectors,
        // a difference of address alone (how the tag's loads line up with
        // the stack stores just before them) showed in the identical-class
        // control as |t| 14-81, run after run.
        let t: [u8; 16] = t.try_into().unwrap();
        // A fresh copy of the ciphertext each time (the same work in both
        // classes): opening decrypts or zeroes it in place.
        let mut buf = [0u8; 64];
        buf[..ct.len()].copy_from_slice(&ct);
        key.open_in_place_detached(&NONCE, &AAD, &mut buf[..ct.len()], &t)
            .is_ok()
    });
}

fn gcm_key() -> AesGcmKey {
    AesGcmKey::new(&[0x42; 32]).unwrap()
}

fn gcm_open_match_vs_first(runner: &mut CtRunner, rng: &mut BenchRng) {
    gcm_open(runner, rng, &gcm_key(), 0, Pair::MatchVsFirst);
}

fn gcm_open_match_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    gcm_open(runner, rng, &gcm_key(), 0, Pair::MatchVsLast);
}

fn gcm_open_first_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    gcm_open(runner, rng, &gcm_key(), 64, Pair::FirstVsLast);
}

/// Control: as `gcm_open_first_vs_last`, with the same tag in both classes
/// (the noise floor of a longer operation).
fn control_identical_gcm_open(runner: &mut CtRunner, rng: &mut BenchRng) {
    gcm_open(runner, rng, &gcm_key(), 64, Pair::FirstVsFirst);
}

/// The portable engine (RustCrypto `aes` + `ghash`), which this CPU would
/// not pick.
fn gcm_portable_open_first_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    let key = k::aes_gcm_key(GcmKernel::Portable, &[0x42; 32])
        .unwrap()
        .unwrap();
    gcm_open(runner, rng, &key, 64, Pair::FirstVsLast);
}

/// Not a measurement (its t means nothing): prints the kernels the other
/// tests run on. Tests run in name order, so this one comes first.
fn _kernels_info(runner: &mut CtRunner, _rng: &mut BenchRng) {
    print!(
        "[AES-GCM kernel {:?}, SHA-NI {}] ",
        k::aes_gcm_kernel(&gcm_key()),
        k::hmac_shani(&HmacKey::new(b"k"), b"m").is_some()
    );
    for _ in 0..1000 {
        runner.run_one(Class::Left, || 0);
        runner.run_one(Class::Right, || 0);
    }
}

/// `ctbench_main!` would reject the `--bench` flag that `cargo bench`
/// passes, so the tests are listed here; `--filter NAME` as in
/// dudect-bencher, other arguments ignored.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let filter = args
        .iter()
        .position(|a| a == "--filter")
        .and_then(|i| args.get(i + 1).cloned());
    let tests: [(&'static str, BenchFn); 18] = [
        ("_kernels_info", _kernels_info),
        ("control_identical_classes", control_identical_classes),
        ("control_identical_gcm_open", control_identical_gcm_open),
        (
            "control_early_exit_first_vs_last",
            control_early_exit_first_vs_last,
        ),
        ("ct_equal_match_vs_first", ct_equal_match_vs_first),
        ("ct_equal_match_vs_last", ct_equal_match_vs_last),
        ("ct_equal_first_vs_last", ct_equal_first_vs_last),
        ("ffi_ct_equal_match_vs_first", ffi_ct_equal_match_vs_first),
        ("hmac_verify_match_vs_first", hmac_verify_match_vs_first),
        ("hmac_verify_match_vs_last", hmac_verify_match_vs_last),
        ("hmac_verify_first_vs_last", hmac_verify_first_vs_last),
        (
            "hmac_verify_hex_match_vs_first",
            hmac_verify_hex_match_vs_first,
        ),
        (
            "hmac_verify_hex_match_vs_last",
            hmac_verify_hex_match_vs_last,
        ),
        (
            "hmac_verify_hex_first_vs_last",
            hmac_verify_hex_first_vs_last,
        ),
        ("gcm_open_match_vs_first", gcm_open_match_vs_first),
        ("gcm_open_match_vs_last", gcm_open_match_vs_last),
        ("gcm_open_first_vs_last", gcm_open_first_vs_last),
        (
            "gcm_portable_open_first_vs_last",
            gcm_portable_open_first_vs_last,
        ),
    ];
    let benches = tests
        .into_iter()
        .map(|(name, benchfn)| BenchMetadata {
            name: BenchName(name),
            seed: None,
            benchfn,
        })
        .collect();
    let opts = BenchOpts {
        filter,
        ..BenchOpts::default()
    };
    run_benches_console(opts, benches).expect("writing the results");
}
