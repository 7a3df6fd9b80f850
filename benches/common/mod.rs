//! What the benchmarks share.
#![allow(dead_code)] // each bench uses a part

use std::time::{Duration, Instant};

/// Runs `f` `runs` times and returns the fastest run's time with the last run's result.
pub fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

pub mod estate;

/// The estate's size for this run: `CERTDECK_BENCH_LEAVES` (default 10,000 leaves).
pub fn leaves_from_env() -> usize {
    std::env::var("CERTDECK_BENCH_LEAVES")
        .ok()
        .and_then(|n| n.replace('_', "").parse().ok())
        .unwrap_or(10_000)
}
