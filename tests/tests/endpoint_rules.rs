//! Every `smithy.rules#endpointTests` case of every shared model, run
//! through the runtime's endpoint rule interpreter: the models' own tests
//! are the reference. No crate is built per model, so all 338 models are
//! checked in seconds. A model's cases must all hold under one edition of
//! the partition facts: the current one, or, for models released before
//! the ISO partitions had dual-stack endpoints, the one before.

use std::path::Path;

use integration_tests::upstream_models_dir;
use serde_json::Value as Json;
use smithy_runtime::endpoint::{EndpointError, Params, PartitionFacts, RuleSet, Value};

/// One case's outcome against what it expects, or why it differs.
fn check_case(rules: &RuleSet, case: &Json) -> Result<(), String> {
    let mut params = Params::new();
    if let Some(Json::Object(given)) = case.get("params") {
        for (name, value) in given {
            let value =
                Value::from_json(value).ok_or_else(|| format!("parameter {name} = {value}"))?;
            params = params.set(name, value);
        }
    }
    let expect = &case["expect"];
    let resolved = rules.resolve(&params);
    if let Some(message) = expect.get("error").and_then(Json::as_str) {
        return match resolved {
            Err(EndpointError::Rules(found)) if found == message => Ok(()),
            other => Err(format!("expected the error {message:?}, found {other:?}")),
        };
    }
    let expected = &expect["endpoint"];
    let endpoint = resolved.map_err(|e| format!("expected {expected}, found the error {e}"))?;
    if expected["url"] != endpoint.url() {
        return Err(format!(
            "expected the URL {}, found {}",
            expected["url"],
            endpoint.url()
        ));
    }
    let headers: Json = endpoint
        .headers()
        .iter()
        .map(|(k, v)| (k.clone(), Json::from(v.clone())))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let no_headers = Json::Object(Default::default());
    if expected.get("headers").unwrap_or(&no_headers) != &headers {
        return Err(format!(
            "expected the headers {}, found {headers}",
            expected["headers"]
        ));
    }
    let properties: Json = endpoint
        .properties()
        .iter()
        .map(|(k, v)| (k.clone(), v.to_json()))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let no_properties = Json::Object(Default::default());
    if expected.get("properties").unwrap_or(&no_properties) != &properties {
        return Err(format!(
            "expected the properties {}, found {properties}",
            expected["properties"]
        ));
    }
    Ok(())
}

/// How many rule sets and cases ran, and how many rule sets needed the
/// earlier partition facts.
#[derive(Default)]
struct Tally {
    rule_sets: usize,
    cases: usize,
    without_iso_dual_stack: usize,
}

/// The failures of `cases` under the edition `facts`.
fn failures_under(
    rules: &RuleSet,
    facts: PartitionFacts,
    file: &str,
    cases: &[Json],
) -> Vec<String> {
    let rules = rules.clone().with_partition_facts(facts);
    cases
        .iter()
        .enumerate()
        .filter_map(|(index, case)| {
            check_case(&rules, case).err().map(|why| {
                format!(
                    "{file} case {index} ({}): {why}",
                    case["documentation"].as_str().unwrap_or("")
                )
            })
        })
        .collect()
}

/// Runs every case of every service in the folder's models, every failure
/// named (as under the current facts).
fn run_folder(dir: &Path, tally: &mut Tally, failures: &mut Vec<String>) {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let model: Json = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        for (id, shape) in model["shapes"].as_object().unwrap() {
            let traits = &shape["traits"];
            let Some(rule_set) = traits.get("smithy.rules#endpointRuleSet") else {
                continue;
            };
            tally.rule_sets += 1;
            let rules = match RuleSet::from_value(rule_set) {
                Ok(rules) => rules,
                Err(e) => {
                    failures.push(format!("{file} {id}: {e}"));
                    continue;
                }
            };
            let tests = traits["smithy.rules#endpointTests"]["testCases"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            tally.cases += tests.len();
            let current = failures_under(&rules, PartitionFacts::Current, &file, tests);
            if current.is_empty() {
                continue;
            }
            if failures_under(&rules, PartitionFacts::WithoutIsoDualStack, &file, tests).is_empty()
            {
                tally.without_iso_dual_stack += 1;
            } else {
                failures.extend(current);
            }
        }
    }
}

#[test]
fn every_endpoint_test_of_every_shared_model_passes() {
    let dir = upstream_models_dir();
    let mut failures = Vec::new();
    let mut older = Tally::default();
    run_folder(&dir, &mut older, &mut failures);
    run_folder(
        &integration_tests::breadth_models_dir(),
        &mut older,
        &mut failures,
    );
    // The 2026-04 release: every one holds with the current facts.
    let mut release = Tally::default();
    run_folder(&dir.join("../aws-protocols"), &mut release, &mut failures);
    eprintln!(
        "{} endpoint test cases of {} rule sets run ({} with the facts before ISO dual-stack)",
        older.cases + release.cases,
        older.rule_sets + release.rule_sets,
        older.without_iso_dual_stack + release.without_iso_dual_stack,
    );
    assert!(older.cases > 0 && release.cases > 0);
    assert_eq!(release.without_iso_dual_stack, 0);
    assert!(
        failures.is_empty(),
        "{} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
