//! Replays the fuzz corpora on stable Rust: every file of
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` goes through
//! the same target function the libFuzzer binary runs (the target code is
//! `fuzz/src/`, included here). A missing or empty corpus directory is a
//! failure, so this cannot pass by finding nothing. The seeds built from
//! `tests/vectors/` are run too.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz;

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Sorted regular files of `dir` (empty if it does not exist).
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

fn replay(name: &str, run: fn(&[u8]), path: &Path) {
    let data = std::fs::read(path).unwrap();
    let r = std::panic::catch_unwind(|| run(&data));
    assert!(r.is_ok(), "{name}: {} fails", path.display());
}

#[test]
fn corpora_replay() {
    let mut total = 0;
    for (name, run) in fuzz::TARGETS {
        let corpus = files(&root().join("fuzz/corpus").join(name));
        assert!(!corpus.is_empty(), "fuzz/corpus/{name} is missing or empty");
        let regressions = files(&root().join("fuzz/regressions").join(name));
        for path in corpus.iter().chain(&regressions) {
            replay(name, *run, path);
        }
        total += corpus.len() + regressions.len();
    }
    // No stray directories that no target would replay.
    for dir in ["fuzz/corpus", "fuzz/regressions"] {
        for entry in std::fs::read_dir(root().join(dir)).into_iter().flatten() {
            let name = entry.unwrap().file_name();
            let name = name.to_string_lossy();
            assert!(
                fuzz::TARGETS.iter().any(|(t, _)| *t == name),
                "{dir}/{name} matches no fuzz target"
            );
        }
    }
    assert!(total > 0);
}

#[test]
fn vector_seeds_replay() {
    let seeds = fuzz::seeds::all(&root().join("tests/vectors"));
    for (name, _) in fuzz::TARGETS {
        assert!(seeds.iter().any(|(t, _)| t == name), "no seed for {name}");
    }
    for (target, data) in seeds {
        let (_, run) = fuzz::TARGETS.iter().find(|(t, _)| *t == target).unwrap();
        run(&data);
    }
}

/// Short inputs of every length and a few byte patterns: the targets
/// themselves must accept any input.
#[test]
fn small_inputs() {
    for (_, run) in fuzz::TARGETS {
        for len in 0..64 {
            for fill in [0u8, 1, 0x41, 0xff] {
                let data: Vec<u8> = (0..len).map(|i| fill.wrapping_add(i as u8)).collect();
                run(&data);
            }
        }
    }
}
