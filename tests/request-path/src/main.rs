//! The full request path of Connect's UpdateTrafficDistribution with ten
//! distributions: build the input, serialize it, resolve the endpoint,
//! sign, send through an in-process transport that answers 200 `{}`, and
//! parse. The generated client and aws-sdk-connect (through its test-util
//! HTTP client) are timed alternately in one run, since only their ratio
//! is stable on a noisy machine.

use std::future::Future;
use std::time::Instant;

const REGIONS: [&str; 5] = [
    "us-west-2",
    "us-east-1",
    "eu-west-2",
    "ap-southeast-2",
    "eu-central-1",
];
const ARN: &str = "arn:aws:connect:us-west-2:123456789012:traffic-distribution-group/6a7d2e3c-1f0b-4c6e-9a8d-0123456789ab";
const CALLS: u32 = 20_000;
const ROUNDS: usize = 7;

fn generated_client() -> aws_generated::connect::client::Client {
    use aws_generated::runtime::client::{Config, TransportError};
    use aws_generated::runtime::credentials::Credentials;
    let transport = |_: http::Request<aws_generated::runtime::ByteStream>| {
        std::future::ready(Ok::<_, TransportError>(http::Response::new(b"{}".to_vec())))
    };
    aws_generated::connect::client::Client::new(
        Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                None,
            ))
            .transport(transport)
            .build(),
    )
}

async fn generated_call(client: &aws_generated::connect::client::Client) {
    use aws_generated::connect::types::{
        Distribution, TelephonyConfig, UpdateTrafficDistributionRequest,
    };
    let distributions: Vec<_> = (0..10)
        .map(|i| {
            Distribution::builder()
                .region(REGIONS[i % 5])
                .percentage(10)
                .build()
                .unwrap()
        })
        .collect();
    let input = UpdateTrafficDistributionRequest::builder()
        .id(ARN)
        .telephony_config(
            TelephonyConfig::builder()
                .distributions(distributions)
                .build()
                .unwrap(),
        )
        .build();
    client.update_traffic_distribution(input).await.unwrap();
}

fn aws_client() -> aws_sdk_connect::Client {
    use aws_sdk_connect::config::{BehaviorVersion, Credentials, Region};
    let http_client = aws_smithy_http_client::test_util::infallible_client_fn(|_| {
        http::Response::builder()
            .status(200)
            .body(aws_smithy_types::body::SdkBody::from("{}"))
            .unwrap()
    });
    let config = aws_sdk_connect::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-west-2"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "bench",
        ))
        .http_client(http_client)
        .build();
    aws_sdk_connect::Client::from_conf(config)
}

async fn aws_call(client: &aws_sdk_connect::Client) {
    use aws_sdk_connect::types::{Distribution, TelephonyConfig};
    let distributions: Vec<_> = (0..10)
        .map(|i| {
            Distribution::builder()
                .region(REGIONS[i % 5])
                .percentage(10)
                .build()
                .unwrap()
        })
        .collect();
    client
        .update_traffic_distribution()
        .id(ARN)
        .telephony_config(
            TelephonyConfig::builder()
                .set_distributions(Some(distributions))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

/// Microseconds per call over `CALLS` calls.
fn time<F: Future<Output = ()>>(runtime: &tokio::runtime::Runtime, call: impl Fn() -> F) -> f64 {
    let started = Instant::now();
    runtime.block_on(async {
        for _ in 0..CALLS {
            call().await;
        }
    });
    started.elapsed().as_secs_f64() * 1e6 / f64::from(CALLS)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let ours = generated_client();
    let theirs = runtime.block_on(async { aws_client() });
    // Warm both: connection pools, lazily built rule sets, caches.
    time(&runtime, || generated_call(&ours));
    time(&runtime, || aws_call(&theirs));
    let mut ours_us = Vec::new();
    let mut theirs_us = Vec::new();
    let mut ratios = Vec::new();
    for round in 0..ROUNDS {
        let (a, b) = if round % 2 == 0 {
            let a = time(&runtime, || generated_call(&ours));
            (a, time(&runtime, || aws_call(&theirs)))
        } else {
            let b = time(&runtime, || aws_call(&theirs));
            (time(&runtime, || generated_call(&ours)), b)
        };
        println!(
            "round {round}: generated {a:.2} µs, aws-sdk-connect {b:.2} µs, ratio {:.3}",
            a / b
        );
        ours_us.push(a);
        theirs_us.push(b);
        ratios.push(a / b);
    }
    let (min, max) = ratios
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), r| (lo.min(*r), hi.max(*r)));
    println!(
        "median: generated {:.2} µs, aws-sdk-connect {:.2} µs; ratio {:.3} (rounds {min:.3}–{max:.3}); target ≤ 0.2",
        median(ours_us),
        median(theirs_us),
        median(ratios)
    );
}
