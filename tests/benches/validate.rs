//! Validates a valid `UpdateTrafficDistribution` input with ten
//! distributions: time per call, and heap allocations per call once the
//! patterns have been compiled (the first call compiles them).
//!
//! `cargo bench -p integration-tests --bench validate`

use std::hint::black_box;
use std::time::Instant;

use aws_generated::connect::types::{
    Distribution, TelephonyConfig, UpdateTrafficDistributionRequest,
};
use aws_generated::runtime::Validate;

const CALLS: u32 = 200_000;

fn main() {
    let distributions = [
        "us-west-2",
        "us-east-1",
        "eu-west-1",
        "eu-central-1",
        "ap-southeast-2",
    ]
    .iter()
    .cycle()
    .take(10)
    .map(|region| {
        Distribution::builder()
            .region(*region)
            .percentage(10)
            .build()
            .unwrap()
    })
    .collect::<Vec<_>>();
    let input = UpdateTrafficDistributionRequest::builder()
        .id("arn:aws:connect:us-west-2:123456789012:traffic-distribution-group/6a7d2e3c-1f0b-4c6e-9a8d-0123456789ab")
        .telephony_config(TelephonyConfig::builder().distributions(distributions).build().unwrap())
        .build();
    input.validate().expect("the benchmark input is valid");

    let allocations = allocation_counter::measure(|| {
        black_box(black_box(&input).validate()).unwrap();
    });

    let mut best = f64::MAX;
    for _ in 0..5 {
        let started = Instant::now();
        for _ in 0..CALLS {
            black_box(black_box(&input).validate()).unwrap();
        }
        best = best.min(started.elapsed().as_secs_f64() * 1e9 / f64::from(CALLS));
    }
    println!("validate UpdateTrafficDistribution (10 distributions, valid):");
    println!("  time per call: {best:.0} ns (best of 5 runs of {CALLS})");
    println!(
        "  heap allocations per call: {} ({} bytes)",
        allocations.count_total, allocations.bytes_total
    );
}
