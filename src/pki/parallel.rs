//! Splitting large batches over the available cores while keeping their order.

use std::ops::Range;

/// Runs `work` over contiguous parts of `0..count` on up to one thread per core (no thread when
/// the batch is smaller than two parts of `min_per_thread`), and returns the parts' results in
/// order. A part whose thread panicked is replaced by `on_panic(range)`.
pub fn in_parts<T, W, P>(count: usize, min_per_thread: usize, work: W, on_panic: P) -> Vec<T>
where
    T: Send,
    W: Fn(Range<usize>) -> T + Sync,
    P: Fn(Range<usize>) -> T,
{
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(count / min_per_thread.max(1))
        .max(1);
    if threads == 1 {
        return vec![work(0..count)];
    }
    let chunk = count.div_ceil(threads);
    let ranges: Vec<Range<usize>> = (0..threads)
        .map(|t| t * chunk..((t + 1) * chunk).min(count))
        .collect();
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = ranges
            .iter()
            .cloned()
            .map(|range| scope.spawn(move || work(range)))
            .collect();
        handles
            .into_iter()
            .zip(ranges)
            .map(|(handle, range)| handle.join().unwrap_or_else(|_| on_panic(range)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_everything_in_order() {
        for count in [0, 1, 5, 100, 1001] {
            let parts = in_parts(count, 10, |r| r.collect::<Vec<_>>(), |_| Vec::new());
            let all: Vec<usize> = parts.into_iter().flatten().collect();
            assert_eq!(all, (0..count).collect::<Vec<_>>());
        }
    }
}
