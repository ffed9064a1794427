use std::time::Instant;
fn main() {
    let key = paycrypt::HmacKey::new(&[0x42; 32]);
    for n in [64usize, 1024, 16384] {
        let msg = vec![0xA5u8; n];
        let iters = (2_000_000 / (n / 64 + 2)) as u32;
        for (name, f) in [
            (
                "dispatch",
                &(|m: &[u8]| key.sign(m)) as &dyn Fn(&[u8]) -> [u8; 32],
            ),
            ("portable", &|m: &[u8]| {
                paycrypt::__kernels::hmac_portable(&key, m)
            }),
        ] {
            let mut best = f64::MAX;
            for _ in 0..5 {
                let t = Instant::now();
                for _ in 0..iters {
                    std::hint::black_box(f(std::hint::black_box(&msg)));
                }
                best = best.min(t.elapsed().as_nanos() as f64 / iters as f64);
            }
            println!("{n:6} {name:9} {best:9.1} ns");
        }
        let msgs: Vec<Vec<u8>> = (0..64).map(|i| vec![i as u8; n]).collect();
        let refs: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
        let mut tags = vec![[0u8; 32]; 64];
        let mut best = f64::MAX;
        let iters = (iters / 64).max(1);
        for _ in 0..5 {
            let t = Instant::now();
            for _ in 0..iters {
                key.sign_batch(std::hint::black_box(&refs), &mut tags)
                    .unwrap();
            }
            best = best.min(t.elapsed().as_nanos() as f64 / (iters as f64 * 64.0));
        }
        println!("{n:6} batch     {best:9.1} ns/msg");
    }
}
