//! Hostile error bodies: a 400 answer to `UpdateTrafficDistribution` whose
//! body is `{"code":0,"code":0,…}`, every member a number where the error
//! code should be a string, at 1, 4 and 16 MB. Reading must stay linear:
//! the time per MB is the same at every size, and beside it serde_json
//! reads the same bytes into `IgnoredAny`, in the same run, as the anchor.
//!
//! `cargo bench -p integration-tests --bench hostile`

use std::hint::black_box;
use std::time::Instant;

use aws_generated::connect::operations::UpdateTrafficDistribution;
use aws_generated::runtime::Operation;

const MB: usize = 1 << 20;

fn hostile_body(size: usize) -> Vec<u8> {
    const MEMBER: &[u8] = b"\"code\":0,";
    let mut body = Vec::with_capacity(size + 16);
    body.push(b'{');
    while body.len() + MEMBER.len() < size - 8 {
        body.extend_from_slice(MEMBER);
    }
    body.extend_from_slice(b"\"x\":0}");
    body
}

/// The best of `runs` timings of `f`, in milliseconds.
fn best_ms(runs: u32, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::MAX, f64::min)
}

fn main() {
    println!("parse a hostile 400 error body of UpdateTrafficDistribution (best of 5 runs):");
    println!("| size | generated | ms per MB | serde_json IgnoredAny | ratio |");
    println!("| --- | --- | --- | --- | --- |");
    let mut per_mb = Vec::new();
    for megabytes in [1, 4, 16] {
        let body = hostile_body(megabytes * MB);
        let response = http::Response::builder()
            .status(400)
            .body(body.clone())
            .expect("a valid response");
        let generated = best_ms(5, || {
            let error = UpdateTrafficDistribution::parse_response(black_box(&response));
            black_box(error.expect_err("a 400 is an error"));
        });
        let anchor = best_ms(5, || {
            let value: serde::de::IgnoredAny =
                serde_json::from_slice(black_box(&body)).expect("the body is JSON");
            black_box(value);
        });
        per_mb.push(generated / megabytes as f64);
        println!(
            "| {megabytes} MB | {generated:.1} ms | {:.1} | {anchor:.1} ms | {:.2} |",
            generated / megabytes as f64,
            generated / anchor
        );
    }
    println!(
        "time per MB at 16 MB against 1 MB: {:.2} (1.00 is linear; quadratic work gives 16)",
        per_mb[2] / per_mb[0]
    );
}
