//! `cargo bench --bench estate -- 1000 10000 100000`: generates the estates of those sizes (leaves)
//! into `target/bench-data/estate-<size>/` (see `common::estate`), for benches/compare.py and the
//! other benches. Measures nothing.

mod common;

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .filter_map(|a| a.replace('_', "").parse().ok())
        .collect();
    for size in if sizes.is_empty() {
        vec![10_000]
    } else {
        sizes
    } {
        println!("{}", common::estate::ensure(size).display());
    }
}
