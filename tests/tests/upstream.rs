//! Our `models/` against the upstream models, and every upstream model
//! through the generator.

use std::collections::BTreeMap;

use integration_tests::{repo_root, single_service, upstream_model, upstream_models_dir};
use serde_json::Value;

/// Traits of the service shape that our models leave out on purpose: endpoint
/// resolution is not generated, and the rule sets are large.
/// Service traits whose values are rule data with `documentation` strings
/// inside, which our models leave out.
const SERVICE_TRAITS_WITH_INNER_DOCS: &[&str] =
    &["smithy.rules#endpointRuleSet", "smithy.rules#endpointTests"];

/// The value without any `documentation` key, at any depth.
fn without_inner_docs(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| k.as_str() != "documentation")
                .map(|(k, v)| (k.clone(), without_inner_docs(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_inner_docs).collect()),
        other => other.clone(),
    }
}

/// The value with documentation traits removed; a `traits` object left empty
/// is dropped too, as Smithy reads `"traits": {}` and no traits alike.
fn without_docs(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| *k != "smithy.api#documentation")
                .map(|(k, v)| (k.clone(), without_docs(v)))
                .filter(|(k, v)| !(k == "traits" && v.as_object().is_some_and(|t| t.is_empty())))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_docs).collect()),
        other => other.clone(),
    }
}

fn shapes(text: &str) -> BTreeMap<String, Value> {
    let root: Value = serde_json::from_str(text).unwrap();
    root["shapes"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), without_docs(v)))
        .collect()
}

fn targets(value: &Value, key: &str) -> Vec<String> {
    value[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| t["target"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn our_models_match_upstream() {
    let dir = upstream_models_dir();
    let protocols_dir = dir.join("../aws-protocols");
    for (ours, upstream_dir, upstream) in [
        ("connect.json", &dir, "connect-2017-08-08"),
        ("chime-sdk-voice.json", &dir, "chime-sdk-voice-2022-08-03"),
        ("dynamodb.json", &protocols_dir, "dynamodb"),
        ("sqs.json", &protocols_dir, "sqs"),
        ("cloudwatch.json", &protocols_dir, "cloudwatch"),
    ] {
        let ours_text = std::fs::read_to_string(repo_root().join("models").join(ours)).unwrap();
        let upstream_text = upstream_model(upstream_dir, upstream).text;
        let upstream_shapes = shapes(&upstream_text);
        for (id, shape) in shapes(&ours_text) {
            let theirs = upstream_shapes
                .get(&id)
                .unwrap_or_else(|| panic!("{ours}: `{id}` is not in the upstream model"));
            if shape["type"] == "service" {
                // Our service lists a subset of the operations and of the
                // endpoint test cases (CI runs them all on the full
                // models), and its endpoint rules leave out their
                // documentation strings; everything else must match.
                for key in ["operations", "resources"] {
                    for target in targets(&shape, key) {
                        assert!(
                            targets(theirs, key).contains(&target),
                            "{ours}: `{id}` {key}: `{target}`"
                        );
                    }
                }
                let mut theirs = theirs.clone();
                for key in ["operations", "resources"] {
                    theirs.as_object_mut().unwrap().remove(key);
                }
                for t in SERVICE_TRAITS_WITH_INNER_DOCS {
                    let stripped = without_inner_docs(&theirs["traits"][*t]);
                    theirs["traits"][*t] = stripped;
                }
                let mut shape = shape.clone();
                for key in ["operations", "resources"] {
                    shape.as_object_mut().unwrap().remove(key);
                }
                let cases = "/traits/smithy.rules#endpointTests/testCases";
                if let Some(Value::Array(our_cases)) = shape.pointer_mut(cases).map(Value::take) {
                    let their_cases = theirs.pointer_mut(cases).map(Value::take);
                    let their_cases = their_cases.as_ref().and_then(Value::as_array);
                    for case in &our_cases {
                        assert!(
                            their_cases.is_some_and(|all| all.contains(case)),
                            "{ours}: endpoint test case {case} is not upstream"
                        );
                    }
                }
                assert_eq!(
                    shape, theirs,
                    "{ours}: service `{id}` differs from upstream"
                );
            } else {
                assert_eq!(&shape, theirs, "{ours}: `{id}` differs from upstream");
            }
        }
    }
}

#[test]
fn every_upstream_model_generates_whole() {
    let dir = upstream_models_dir();
    let expected_operations = [
        ("connect-2017-08-08", 282),
        ("chime-sdk-voice-2022-08-03", 96),
        ("connectcases-2022-10-03", 0),
        ("dataexchange-2017-07-25", 0),
        ("location-2020-11-19", 0),
        ("omics-2022-11-28", 0),
    ];
    for (stem, operations) in expected_operations {
        let request = single_service(vec![upstream_model(&dir, stem)], "service");
        let generated = codegen::generate(&request).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert_eq!(generated.stats.services, 1);
        if operations > 0 {
            assert_eq!(generated.stats.operations, operations, "{stem}");
        } else {
            assert!(generated.stats.operations > 0, "{stem}");
        }
        let types = &generated.files["src/service/types.rs"];
        assert!(types.contains("pub struct"), "{stem} has no structures");
        // Every `@paginated` operation gets its next-page step.
        let model: Value = serde_json::from_str(&upstream_model(&dir, stem).text).unwrap();
        let paginated = model["shapes"]
            .as_object()
            .unwrap()
            .values()
            .filter(|shape| {
                shape["type"] == "operation"
                    && shape["traits"].get("smithy.api#paginated").is_some()
            })
            .count();
        let steps = generated.files["src/service/operations.rs"]
            .matches("impl crate::runtime::Paginated for")
            .count();
        assert_eq!(
            steps, paginated,
            "{stem}: paginated operations with a next-page step"
        );
    }
}

#[test]
fn an_operation_subset_keeps_only_its_closure() {
    let dir = upstream_models_dir();
    let mut request = single_service(vec![upstream_model(&dir, "connect-2017-08-08")], "connect");
    request.services[0].operations = vec!["UpdateTrafficDistribution".into()];
    let generated = codegen::generate(&request).unwrap();
    assert_eq!(generated.stats.operations, 1);
    let ours = codegen::generate(
        &xtask::manifest_request(&repo_root().join("models/manifest.json"))
            .unwrap()
            .0,
    )
    .unwrap();
    // The same closure as our hand-written model: same shape count for Connect.
    let ours_connect_shapes = ours.files["src/connect/types.rs"]
        .matches("\npub struct ")
        .count()
        + ours.files["src/connect/types.rs"]
            .matches("\npub enum ")
            .count();
    let upstream_shapes = generated.files["src/connect/types.rs"]
        .matches("\npub struct ")
        .count()
        + generated.files["src/connect/types.rs"]
            .matches("\npub enum ")
            .count();
    assert_eq!(ours_connect_shapes, upstream_shapes);
}

/// Models of every protocol generate, each over the protocol its clients
/// prefer: a sample of the 2026-04 models in `../shared/models/aws-protocols`
/// (as `INDEX.tsv` lists their protocols), one or more of each.
#[test]
fn models_of_every_protocol_generate() {
    let dir = upstream_models_dir().join("../aws-protocols");
    let index = std::fs::read_to_string(dir.join("INDEX.tsv")).expect("INDEX.tsv is read");
    let offered: BTreeMap<&str, &str> = index
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            Some((*fields.first()?, *fields.get(2)?))
        })
        .collect();
    // awsJson1_0 (SQS is query-compatible too), awsJson1_1, awsQuery and
    // restXml.
    for file in [
        "dynamodb.json",
        "sqs.json",
        "kms.json",
        "sts.json",
        "cloudfront.json",
    ] {
        let source = upstream_model(&dir, file.trim_end_matches(".json"));
        let generated = codegen::generate(&single_service(vec![source], "m"));
        assert!(
            generated.is_ok(),
            "{file} ({}): {:?}",
            offered[file],
            generated.err()
        );
    }
}
