//! Lint in parallel, report in input order, without waiting for batches.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Run `work` on every item on the rayon pool and hand each result to `sink`
/// in input order, as soon as it and every result before it are done.
///
/// Workers take items in input order from a shared counter, so the results
/// waiting for an earlier one stay few (about one per thread) whatever the
/// number of items; `sink` runs on the calling thread, beside the workers.
/// When `sink` fails, the workers stop taking items and the error is returned.
/// Call it from outside the rayon pool (the CLI's main thread): the calling
/// thread waits on the workers' results, and inside a one-thread pool it
/// would wait on itself.
pub fn for_each_ordered<T, R, E>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let threads = rayon::current_num_threads().max(1);
    let next = AtomicUsize::new(0);
    let (work, next) = (&work, &next);
    rayon::in_place_scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<(usize, R)>(threads * 4);
        for _ in 0..threads.min(items.len()) {
            let tx = tx.clone();
            scope.spawn(move |_| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    // The receiver is gone when the sink failed: stop.
                    if tx.send((i, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut want = 0;
        for (i, r) in rx {
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&want) {
                want += 1;
                sink(r)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_input_order() {
        let items: Vec<u64> = (0..500).collect();
        let mut seen = Vec::new();
        // Uneven work, so that workers finish out of order.
        let r: Result<(), ()> = for_each_ordered(
            &items,
            |&n| {
                let mut a = n;
                for b in 0..(n * 7919) % 20_000 {
                    a = std::hint::black_box(a.wrapping_mul(31).wrapping_add(b));
                }
                std::hint::black_box(a);
                n
            },
            |n| {
                seen.push(n);
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert_eq!(seen, items);
    }

    #[test]
    fn a_failing_sink_stops_the_work_and_returns_its_error() {
        let items: Vec<usize> = (0..10_000).collect();
        let done = AtomicUsize::new(0);
        let r = for_each_ordered(
            &items,
            |&n| {
                done.fetch_add(1, Ordering::Relaxed);
                n
            },
            |n| if n == 3 { Err(n) } else { Ok(()) },
        );
        assert_eq!(r, Err(3));
        assert!(
            done.load(Ordering::Relaxed) < items.len(),
            "workers stopped early"
        );
    }

    #[test]
    fn no_items() {
        let r: Result<(), ()> = for_each_ordered(&[] as &[u8], |_| (), |_| panic!("no results"));
        assert!(r.is_ok());
    }
}
