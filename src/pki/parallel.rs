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

/// Items per round when a large batch's output is written as it is made ([`in_rounds`]).
pub const OUTPUT_ROUND: usize = 4096;

/// [`in_parts`] over `0..count` a round of `round` items at a time, each part's result handed to
/// `take` in order before the next round starts: a large batch's output (100,000 certificates'
/// JSON or text) is written as it is made instead of held whole, and the next round's buffers
/// reuse the memory of the last. The first error `take` returns ends it.
pub fn in_rounds<T, E, W, P, F>(
    count: usize,
    round: usize,
    min_per_thread: usize,
    work: W,
    on_panic: P,
    mut take: F,
) -> Result<(), E>
where
    T: Send,
    W: Fn(Range<usize>) -> T + Sync,
    P: Fn(Range<usize>) -> T,
    F: FnMut(T) -> Result<(), E>,
{
    for start in (0..count).step_by(round.max(1)) {
        let end = (start + round.max(1)).min(count);
        let shifted = |range: Range<usize>| start + range.start..start + range.end;
        let parts = in_parts(
            end - start,
            min_per_thread,
            |range| work(shifted(range)),
            |range| on_panic(shifted(range)),
        );
        for part in parts {
            take(part)?;
        }
    }
    Ok(())
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

    #[test]
    fn rounds_cover_everything_in_order_and_stop_at_the_first_error() {
        for count in [0, 1, 5, 100, 1001] {
            let mut all = Vec::new();
            let done: Result<(), ()> = in_rounds(
                count,
                64,
                10,
                |r| r.collect::<Vec<_>>(),
                |_| Vec::new(),
                |part| {
                    all.extend(part);
                    Ok(())
                },
            );
            assert!(done.is_ok());
            assert_eq!(all, (0..count).collect::<Vec<_>>());
        }
        let mut taken = 0;
        let stopped = in_rounds(
            1000,
            64,
            10,
            |r| r.len(),
            |_| 0,
            |len| {
                taken += len;
                if taken >= 64 { Err(taken) } else { Ok(()) }
            },
        );
        assert_eq!(stopped, Err(64));
    }
}
