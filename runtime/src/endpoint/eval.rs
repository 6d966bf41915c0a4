//! Runs a rule set: rules in order, the first whose conditions all hold
//! decides; a tree rule whose conditions hold but none of whose rules
//! match ends the resolution.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::functions::get_attr;
use super::partitions::PartitionFacts;
use super::rules::{Expr, Outcome, ParameterKind, Piece, Rule, RuleSet};
use super::{Endpoint, EndpointError, Params, Value};

/// Variables in scope: parameters, then names bound by conditions, the
/// latest last.
struct Scope<'a> {
    vars: Vec<(&'a str, Value)>,
    facts: PartitionFacts,
}

impl Scope<'_> {
    fn get(&self, name: &str) -> &Value {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map_or(&Value::None, |(_, v)| v)
    }
}

impl RuleSet {
    /// The endpoint these parameters lead to. Parameters the caller leaves
    /// unset take the rule set's defaults.
    pub fn resolve(&self, params: &Params) -> Result<Endpoint, EndpointError> {
        let mut scope = Scope {
            vars: Vec::with_capacity(self.parameters.len() + 4),
            facts: self.partition_facts,
        };
        for parameter in &self.parameters {
            let value = params
                .get(&parameter.name)
                .or(parameter.default.as_ref())
                .cloned()
                .unwrap_or(Value::None);
            let expected = match (parameter.kind, &value) {
                (_, Value::None) if parameter.required => {
                    return Err(EndpointError::MissingParameter(parameter.name.clone()))
                }
                (_, Value::None)
                | (ParameterKind::String, Value::String(_))
                | (ParameterKind::Boolean, Value::Bool(_)) => None,
                (ParameterKind::StringArray, Value::Array(items))
                    if items.iter().all(|i| matches!(i, Value::String(_))) =>
                {
                    None
                }
                (ParameterKind::String, _) => Some("a string"),
                (ParameterKind::Boolean, _) => Some("a boolean"),
                (ParameterKind::StringArray, _) => Some("a list of strings"),
            };
            if let Some(expected) = expected {
                return Err(EndpointError::InvalidParameter {
                    name: parameter.name.clone(),
                    expected,
                });
            }
            scope.vars.push((&parameter.name, value));
        }
        match first_match(&self.rules, &mut scope)? {
            Some(endpoint) => Ok(endpoint),
            None => Err(EndpointError::NoRuleMatched),
        }
    }
}

/// The outcome of the first rule whose conditions hold, or `None`.
fn first_match<'a>(
    rules: &'a [Rule],
    scope: &mut Scope<'a>,
) -> Result<Option<Endpoint>, EndpointError> {
    for rule in rules {
        let depth = scope.vars.len();
        let holds = rule.conditions.iter().all(|condition| {
            let value = eval(&condition.expr, scope);
            let holds = !matches!(*value, Value::None | Value::Bool(false));
            if holds {
                if let Some(name) = &condition.assign {
                    let value = value.into_owned();
                    scope.vars.push((name, value));
                }
            }
            holds
        });
        if holds {
            let outcome = match &rule.outcome {
                Outcome::Endpoint {
                    url,
                    headers,
                    properties,
                } => Ok(Some(Endpoint {
                    url: text(&eval(url, scope)),
                    headers: headers
                        .iter()
                        .map(|(name, values)| {
                            (
                                name.clone(),
                                values.iter().map(|v| text(&eval(v, scope))).collect(),
                            )
                        })
                        .collect(),
                    properties: properties
                        .iter()
                        .map(|(name, v)| (name.clone(), eval(v, scope).into_owned()))
                        .collect(),
                })),
                Outcome::Error(message) => Err(EndpointError::Rules(
                    crate::request::redact_userinfo(&text(&eval(message, scope))).into_owned(),
                )),
                Outcome::Tree(inner) => match first_match(inner, scope)? {
                    Some(endpoint) => Ok(Some(endpoint)),
                    None => Err(EndpointError::NoRuleMatched),
                },
            };
            scope.vars.truncate(depth);
            return outcome;
        }
        scope.vars.truncate(depth);
    }
    Ok(None)
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Int(n) => n.to_string(),
        other => other.to_json().to_string(),
    }
}

/// An expression's value, borrowed from the scope where it can be, so that
/// reading a parameter or a record's field copies nothing.
fn eval<'s>(expr: &'s Expr, scope: &'s Scope<'_>) -> Cow<'s, Value> {
    match expr {
        Expr::Template(pieces) => Cow::Owned(Value::String(match pieces.as_slice() {
            [Piece::Literal(text)] => text.clone(),
            _ => {
                let mut out = String::new();
                for piece in pieces {
                    match piece {
                        Piece::Literal(text) => out.push_str(text),
                        Piece::Ref(name) => push_text(&mut out, scope.get(name)),
                        Piece::Attr(name, steps) => {
                            push_text(&mut out, get_attr(scope.get(name), steps))
                        }
                    }
                }
                out
            }
        })),
        Expr::Bool(b) => Cow::Owned(Value::Bool(*b)),
        Expr::Int(n) => Cow::Owned(Value::Int(*n)),
        Expr::Ref(name) => Cow::Borrowed(scope.get(name)),
        Expr::Call(call) => {
            // Arity is at most four, checked when the rule set was decoded.
            let mut args: [Cow<'_, Value>; 4] =
                std::array::from_fn(|_| Cow::Borrowed(&Value::None));
            for (slot, arg) in args.iter_mut().zip(&call.args) {
                *slot = eval(arg, scope);
            }
            Cow::Owned(call.function.call(&args[..call.args.len()], scope.facts))
        }
        Expr::Attr(target, steps) => match eval(target, scope) {
            Cow::Borrowed(value) => Cow::Borrowed(get_attr(value, steps)),
            Cow::Owned(value) => Cow::Owned(get_attr(&value, steps).clone()),
        },
        Expr::Array(items) => Cow::Owned(Value::Array(
            items.iter().map(|i| eval(i, scope).into_owned()).collect(),
        )),
        Expr::Record(fields) => Cow::Owned(Value::Object(Arc::new(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), eval(v, scope).into_owned()))
                .collect::<BTreeMap<_, _>>(),
        ))),
    }
}

fn push_text(out: &mut String, value: &Value) {
    match value {
        Value::String(s) => out.push_str(s),
        other => out.push_str(&text(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = r#"{
        "version": "1.0",
        "parameters": {
            "Region": {"type": "String", "builtIn": "AWS::Region"},
            "UseFIPS": {"type": "Boolean", "required": true, "default": false},
            "Endpoint": {"type": "String"}
        },
        "rules": [
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
             "endpoint": {"url": {"ref": "Endpoint"}}, "type": "endpoint"},
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}], "type": "tree", "rules": [
                {"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}], "type": "tree", "rules": [
                    {"conditions": [
                        {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]},
                        {"fn": "booleanEquals", "argv": [false, {"fn": "getAttr", "argv": [{"ref": "P"}, "supportsFIPS"]}]}
                     ], "error": "FIPS is not supported in {P#name}", "type": "error"},
                    {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
                     "endpoint": {"url": "https://svc-fips.{Region}.{P#dnsSuffix}", "headers": {"x-a": ["1"]}, "properties": {"k": {"v": [true]}}}, "type": "endpoint"},
                    {"conditions": [], "endpoint": {"url": "https://svc.{Region}.{P#dnsSuffix}"}, "type": "endpoint"}
                ]}
            ]},
            {"conditions": [], "error": "Invalid Configuration: Missing Region", "type": "error"}
        ]
    }"#;

    fn rules() -> RuleSet {
        RuleSet::from_json(RULES).unwrap()
    }

    #[test]
    fn regions_resolve_through_their_partition() {
        let endpoint = rules()
            .resolve(&Params::new().set("Region", "cn-north-1"))
            .unwrap();
        assert_eq!(endpoint.url(), "https://svc.cn-north-1.amazonaws.com.cn");
        let fips = rules()
            .resolve(
                &Params::new()
                    .set("Region", "us-east-1")
                    .set("UseFIPS", true),
            )
            .unwrap();
        assert_eq!(fips.url(), "https://svc-fips.us-east-1.amazonaws.com");
        assert_eq!(fips.headers()["x-a"], vec!["1".to_owned()]);
        assert_eq!(
            fips.properties()["k"].to_json(),
            serde_json::json!({"v": [true]})
        );
    }

    #[test]
    fn an_override_wins_and_errors_are_the_rule_sets_own() {
        let custom = rules()
            .resolve(&Params::new().set("Endpoint", "https://localhost:8443"))
            .unwrap();
        assert_eq!(custom.url(), "https://localhost:8443");
        assert_eq!(
            rules().resolve(&Params::new()),
            Err(EndpointError::Rules(
                "Invalid Configuration: Missing Region".into()
            ))
        );
    }

    #[test]
    fn a_lazy_rule_set_decodes_once_and_reports_a_bad_one_each_time() {
        static GOOD: crate::endpoint::LazyRuleSet = crate::endpoint::LazyRuleSet::new(RULES);
        static BAD: crate::endpoint::LazyRuleSet =
            crate::endpoint::LazyRuleSet::new("{\"rules\": 1}");
        let first: *const RuleSet = GOOD.get().unwrap();
        let second: *const RuleSet = GOOD.get().unwrap();
        assert_eq!(first, second);
        assert!(matches!(BAD.get(), Err(EndpointError::InvalidRuleSet(_))));
        assert_eq!(BAD.get().unwrap_err(), BAD.get().unwrap_err());
    }

    #[test]
    fn parameters_of_the_wrong_type_are_refused() {
        assert_eq!(
            rules().resolve(&Params::new().set("UseFIPS", "yes")),
            Err(EndpointError::InvalidParameter {
                name: "UseFIPS".into(),
                expected: "a boolean"
            })
        );
    }
}
