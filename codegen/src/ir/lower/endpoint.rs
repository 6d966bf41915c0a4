//! Lowers a service's endpoint rule set and its test cases. The rule set is
//! checked with the runtime's own decoder, so a generated crate never meets
//! one it cannot run; the cases are checked against its parameters.

use serde_json::Value;
use smithy_runtime::endpoint::{
    EndpointError, ParameterKind, Params, PartitionFacts, RuleSet, Value as RuleValue,
};

use crate::docs;
use crate::error::{Error, ErrorKind, Location};
use crate::ir::{
    EndpointExpect, EndpointIr, EndpointParam, EndpointParamKind, EndpointTest, EndpointTestValue,
};
use crate::model::Shape;
use crate::naming::items as names;

const RULE_SET: &str = "smithy.rules#endpointRuleSet";
const TESTS: &str = "smithy.rules#endpointTests";

/// The service's endpoint rules, or `None` when its model has none.
pub fn lower(service: &Shape) -> Result<Option<EndpointIr>, Error> {
    let Some(rule_set) = &service.known.endpoint_rule_set else {
        return Ok(None);
    };
    let invalid = |trait_id: &str, message: String| {
        Error::new(
            Location::shape(&service.file, &service.id),
            ErrorKind::InvalidTrait {
                trait_id: trait_id.into(),
                message,
            },
        )
    };
    let decoded = RuleSet::from_value(rule_set).map_err(|e| invalid(RULE_SET, e.to_string()))?;
    // The decoder keeps no documentation, so that comes from the JSON.
    let documentation = |name: &str| {
        rule_set["parameters"][name]["documentation"]
            .as_str()
            .map(docs::to_markdown)
            .filter(|lines| !lines.is_empty())
    };
    // Parameters in the rule set's order: the decoder shares this crate's
    // serde_json, built with `preserve_order`.
    let fields = names::endpoint_fields(decoded.parameters().iter().map(|p| p.name()));
    let params: Vec<EndpointParam> = decoded
        .parameters()
        .iter()
        .zip(fields)
        .map(|(parameter, field)| {
            let name = parameter.name();
            let mut docs = documentation(name)
                .unwrap_or_else(|| vec![format!("The rules' `{name}` parameter.")]);
            if let Some(built_in) = parameter.built_in() {
                docs.push(String::new());
                docs.push(format!("The SDK setting `{built_in}`."));
            }
            EndpointParam {
                name: name.to_owned(),
                field,
                kind: match parameter.kind() {
                    ParameterKind::String => EndpointParamKind::String,
                    ParameterKind::Boolean => EndpointParamKind::Bool,
                    ParameterKind::StringArray => EndpointParamKind::StringArray,
                },
                docs,
            }
        })
        .collect();
    let tests = service
        .known
        .endpoint_tests
        .iter()
        .enumerate()
        .map(|(index, case)| {
            test_case(index, case, &params)
                .map_err(|message| invalid(TESTS, format!("case {index}: {message}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let partition_facts = partition_facts(&decoded, &tests, &params);
    Ok(Some(EndpointIr {
        rules_json: without_documentation(rule_set).to_string(),
        params,
        tests,
        partition_facts,
    }))
}

/// The edition of the partition facts the model's own endpoint tests were
/// written against: the current one, unless only the one before the ISO
/// partitions had dual-stack endpoints lets every case resolve as it
/// expects, as in models released before that change. A model whose cases
/// fail either way keeps the current facts, and its crate's tests show
/// which cases fail.
fn partition_facts(
    rules: &RuleSet,
    tests: &[EndpointTest],
    params: &[EndpointParam],
) -> PartitionFacts {
    let all_hold = |facts| {
        let rules = rules.clone().with_partition_facts(facts);
        tests
            .iter()
            .all(|case| resolves_as_expected(&rules, case, params))
    };
    if !all_hold(PartitionFacts::Current) && all_hold(PartitionFacts::WithoutIsoDualStack) {
        PartitionFacts::WithoutIsoDualStack
    } else {
        PartitionFacts::Current
    }
}

/// Whether the case resolves to the URL, or fails with the rules' own
/// error, that it expects.
fn resolves_as_expected(rules: &RuleSet, case: &EndpointTest, params: &[EndpointParam]) -> bool {
    let mut given = Params::new();
    for (index, value) in &case.values {
        let value = match value {
            EndpointTestValue::String(text) => RuleValue::from(text.as_str()),
            EndpointTestValue::Bool(b) => RuleValue::from(*b),
            EndpointTestValue::StringArray(items) => {
                RuleValue::Array(items.iter().map(|i| RuleValue::from(i.as_str())).collect())
            }
        };
        given = given.set(&params[*index].name, value);
    }
    match (rules.resolve(&given), &case.expect) {
        (Ok(endpoint), EndpointExpect::Endpoint { url, .. }) => endpoint.url() == url,
        (Err(EndpointError::Rules(message)), EndpointExpect::Error(expected)) => {
            message == *expected
        }
        _ => false,
    }
}

/// The rule set without its documentation strings, which only make the
/// generated crate bigger.
fn without_documentation(value: &Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .filter(|(key, _)| key.as_str() != "documentation")
                .map(|(key, v)| (key.clone(), without_documentation(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_documentation).collect()),
        other => other.clone(),
    }
}

/// A case without documentation, described by its parameters.
fn describe(values: &[(usize, EndpointTestValue)], params: &[EndpointParam]) -> String {
    if values.is_empty() {
        return "No parameters set.".to_owned();
    }
    let set: Vec<String> = values
        .iter()
        .map(|(index, value)| {
            let value = match value {
                EndpointTestValue::String(text) => format!("`{text}`"),
                EndpointTestValue::Bool(b) => b.to_string(),
                EndpointTestValue::StringArray(items) => format!("{items:?}"),
            };
            format!("{} {value}", params[*index].name)
        })
        .collect();
    format!("{}.", set.join(", "))
}

fn test_case(index: usize, case: &Value, params: &[EndpointParam]) -> Result<EndpointTest, String> {
    let mut values = Vec::new();
    if let Some(given) = case.get("params") {
        let given = given.as_object().ok_or("`params` must be an object")?;
        for (name, value) in given {
            let (position, param) = params
                .iter()
                .enumerate()
                .find(|(_, p)| &p.name == name)
                .ok_or_else(|| format!("`{name}` is not a parameter of the rule set"))?;
            let value = match (param.kind, value) {
                (EndpointParamKind::String, Value::String(text)) => {
                    EndpointTestValue::String(text.clone())
                }
                (EndpointParamKind::Bool, Value::Bool(b)) => EndpointTestValue::Bool(*b),
                (EndpointParamKind::StringArray, Value::Array(items)) => {
                    EndpointTestValue::StringArray(
                        items
                            .iter()
                            .map(|i| i.as_str().map(str::to_owned))
                            .collect::<Option<_>>()
                            .ok_or_else(|| format!("`{name}` must be a list of strings"))?,
                    )
                }
                _ => return Err(format!("`{name}` has the wrong type: {value}")),
            };
            values.push((position, value));
        }
    }
    let expect = &case["expect"];
    let expect = if let Some(message) = expect.get("error") {
        EndpointExpect::Error(
            message
                .as_str()
                .ok_or("`expect.error` must be a string")?
                .to_owned(),
        )
    } else if let Some(endpoint) = expect.get("endpoint") {
        let url = endpoint
            .get("url")
            .and_then(Value::as_str)
            .ok_or("`expect.endpoint.url` must be a string")?
            .to_owned();
        let headers = match endpoint.get("headers") {
            None => Vec::new(),
            Some(Value::Object(headers)) => headers
                .iter()
                .map(|(name, values)| {
                    let values = values
                        .as_array()
                        .and_then(|v| {
                            v.iter()
                                .map(|i| i.as_str().map(str::to_owned))
                                .collect::<Option<Vec<_>>>()
                        })
                        .ok_or_else(|| format!("header `{name}` must list strings"))?;
                    Ok((name.clone(), values))
                })
                .collect::<Result<_, String>>()?,
            Some(_) => return Err("`expect.endpoint.headers` must be an object".to_owned()),
        };
        let properties = endpoint
            .get("properties")
            .cloned()
            .unwrap_or_else(|| Value::Object(Default::default()));
        EndpointExpect::Endpoint {
            url,
            headers,
            properties_json: properties.to_string(),
        }
    } else {
        return Err("`expect` needs `endpoint` or `error`".to_owned());
    };
    Ok(EndpointTest {
        fn_name: format!("case_{index}"),
        doc: match case.get("documentation").and_then(Value::as_str) {
            Some(doc) => doc.to_owned(),
            None => describe(&values, params),
        },
        values,
        expect,
    })
}
