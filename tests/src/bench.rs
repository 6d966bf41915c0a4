//! What the wire-speed benchmarks time with: the best of five runs of many
//! calls, and a line putting the generated code beside its serde baseline.

use std::time::Instant;

/// Calls per timed run.
const CALLS: u32 = 100_000;

/// The best time per call of `f`, in nanoseconds, over five runs of
/// `calls` calls after a warm-up.
pub fn time_calls(calls: u32, mut f: impl FnMut()) -> f64 {
    for _ in 0..calls / 10 {
        f();
    }
    (0..5)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..calls {
                f();
            }
            started.elapsed().as_secs_f64() * 1e9 / f64::from(calls)
        })
        .fold(f64::MAX, f64::min)
}

/// [`time_calls`] with 100,000 calls.
pub fn time(f: impl FnMut()) -> f64 {
    time_calls(CALLS, f)
}

/// Prints the two times and their ratio.
pub fn report(name: &str, generated: f64, baseline: f64) {
    println!(
        "{name}: generated {generated:.0} ns, serde baseline {baseline:.0} ns, ratio {:.2}",
        generated / baseline
    );
}
