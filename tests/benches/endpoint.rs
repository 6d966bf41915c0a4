//! Resolves Connect's endpoint for a typical configuration (a region in the
//! `aws` partition, no FIPS, no dual-stack) with the rule set from the
//! upstream model: time per resolution, best of five runs.
//!
//! `cargo bench -p integration-tests --bench endpoint`

use std::hint::black_box;
use std::time::Instant;

use integration_tests::{upstream_model, upstream_models_dir};
use smithy_runtime::endpoint::{Params, RuleSet};

const CALLS: u32 = 200_000;

fn main() {
    let dir = upstream_models_dir();
    let model: serde_json::Value =
        serde_json::from_str(&upstream_model(&dir, "connect-2017-08-08").text).unwrap();
    let rules = model["shapes"]
        .as_object()
        .unwrap()
        .values()
        .find_map(|shape| shape["traits"].get("smithy.rules#endpointRuleSet"))
        .expect("Connect has a rule set");
    let rules = RuleSet::from_value(rules).unwrap();
    let cases = [
        (
            "us-west-2",
            false,
            false,
            "https://connect.us-west-2.amazonaws.com",
        ),
        // Connect's rules special-case FIPS in GovCloud.
        (
            "us-gov-west-1",
            true,
            false,
            "https://connect.us-gov-west-1.amazonaws.com",
        ),
    ];
    for (region, fips, dual_stack, url) in cases {
        let params = Params::new()
            .set("Region", region)
            .set("UseFIPS", fips)
            .set("UseDualStack", dual_stack);
        assert_eq!(rules.resolve(&params).unwrap().url(), url);
        let best = (0..5)
            .map(|_| {
                let started = Instant::now();
                for _ in 0..CALLS {
                    black_box(rules.resolve(black_box(&params)).unwrap());
                }
                started.elapsed() / CALLS
            })
            .min()
            .unwrap();
        println!(
            "resolve Connect's endpoint for {region} (FIPS {fips}): {} ns",
            best.as_nanos()
        );
    }
}
