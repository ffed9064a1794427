//! Write the seed inputs of every target to `<corpus>/<target>/seed-NNN`.
//! Usage (from `fuzz/`): `cargo run --example make_seeds -- ../tests/vectors corpus`
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let vectors = PathBuf::from(args.get(1).map_or("../tests/vectors", String::as_str));
    let corpus = PathBuf::from(args.get(2).map_or("corpus", String::as_str));
    let mut counts = std::collections::BTreeMap::new();
    for (target, bytes) in paycrypt_fuzz::seeds::all(&vectors) {
        let n = counts.entry(target).or_insert(0usize);
        let dir = corpus.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("seed-{n:03}")), bytes).unwrap();
        *n += 1;
    }
    for (t, n) in counts {
        println!("{t}: {n} seeds");
    }
}
