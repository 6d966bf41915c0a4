//! A Smithy endpoint rule set (`smithy.rules#endpointRuleSet`), decoded from
//! its JSON form into a tree the interpreter walks. Decoding checks the
//! whole tree once, so resolving never meets a malformed rule.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::functions::Function;
use super::partitions::PartitionFacts;

/// A decoded rule set.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub(super) parameters: Vec<Parameter>,
    pub(super) rules: Vec<Rule>,
    pub(super) partition_facts: PartitionFacts,
}

/// A parameter the rules read.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub(super) name: String,
    pub(super) kind: ParameterKind,
    pub(super) built_in: Option<String>,
    pub(super) required: bool,
    pub(super) default: Option<super::Value>,
}

impl Parameter {
    /// The parameter's name, as rules and callers use it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The SDK setting it comes from (`AWS::Region`, `SDK::Endpoint`...).
    pub fn built_in(&self) -> Option<&str> {
        self.built_in.as_deref()
    }

    /// Its type.
    pub fn kind(&self) -> ParameterKind {
        self.kind
    }
}

/// A parameter's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterKind {
    /// `String`.
    String,
    /// `Boolean`.
    Boolean,
    /// `stringArray`.
    StringArray,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rule {
    pub conditions: Vec<Condition>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Outcome {
    Endpoint {
        url: Expr,
        headers: Vec<(String, Vec<Expr>)>,
        properties: Vec<(String, Expr)>,
    },
    Error(Expr),
    Tree(Vec<Rule>),
}

/// A function call (or `getAttr`) whose result must be set, and not
/// `false`, for the rule to go on; optionally bound to a name.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Condition {
    pub expr: Expr,
    pub assign: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Call {
    pub function: Function,
    pub args: Vec<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    /// A string, with `{name}` and `{name#path}` filled in.
    Template(Vec<Piece>),
    Bool(bool),
    Int(i64),
    Ref(String),
    Call(Box<Call>),
    /// `getAttr`, its path parsed.
    Attr(Box<Expr>, Vec<Step>),
    Array(Vec<Expr>),
    Record(Vec<(String, Expr)>),
}

/// A piece of a string template.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Piece {
    Literal(String),
    Ref(String),
    Attr(String, Vec<Step>),
}

/// A step of a `getAttr` path.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

/// A rule set that does not have the form the specification gives, with
/// where in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSetError {
    path: String,
    message: String,
}

impl std::fmt::Display for RuleSetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "endpoint rule set, at {}: {}", self.path, self.message)
    }
}

impl std::error::Error for RuleSetError {}

fn fail<T>(path: &str, message: impl Into<String>) -> Result<T, RuleSetError> {
    Err(RuleSetError {
        path: path.to_owned(),
        message: message.into(),
    })
}

impl RuleSet {
    /// Decodes a rule set from its JSON text.
    pub fn from_json(text: &str) -> Result<Self, RuleSetError> {
        let value: Json = serde_json::from_str(text).or_else(|e| fail("the top", e.to_string()))?;
        Self::from_value(&value)
    }

    /// Decodes a rule set from its JSON value.
    pub fn from_value(value: &Json) -> Result<Self, RuleSetError> {
        let object = value
            .as_object()
            .map_or_else(|| fail("the top", "expected an object"), Ok)?;
        let parameters = match object.get("parameters") {
            None => Vec::new(),
            Some(Json::Object(parameters)) => parameters
                .iter()
                .map(|(name, p)| parameter(name, p))
                .collect::<Result<_, _>>()?,
            Some(_) => return fail("parameters", "expected an object"),
        };
        let rules = rules(object.get("rules"), "rules")?;
        Ok(Self {
            parameters,
            rules,
            partition_facts: PartitionFacts::Current,
        })
    }

    /// The rule set, answering `aws.partition` from the edition `facts`.
    pub fn with_partition_facts(mut self, facts: PartitionFacts) -> Self {
        self.partition_facts = facts;
        self
    }

    /// The parameters the rules read, in the rule set's order.
    pub fn parameters(&self) -> &[Parameter] {
        &self.parameters
    }
}

fn parameter(name: &str, value: &Json) -> Result<Parameter, RuleSetError> {
    let path = format!("parameters.{name}");
    let kind = match value.get("type").and_then(Json::as_str) {
        Some(t) if t.eq_ignore_ascii_case("string") => ParameterKind::String,
        Some(t) if t.eq_ignore_ascii_case("boolean") => ParameterKind::Boolean,
        Some(t) if t.eq_ignore_ascii_case("stringArray") => ParameterKind::StringArray,
        other => return fail(&path, format!("unknown type {other:?}")),
    };
    let default = match value.get("default") {
        None | Some(Json::Null) => None,
        Some(default) => Some(literal_value(default).map_or_else(
            || {
                fail(
                    &path,
                    "a default must be a string, boolean or list of strings",
                )
            },
            Ok,
        )?),
    };
    Ok(Parameter {
        name: name.to_owned(),
        kind,
        built_in: value
            .get("builtIn")
            .and_then(Json::as_str)
            .map(str::to_owned),
        required: value
            .get("required")
            .and_then(Json::as_bool)
            .unwrap_or(false),
        default,
    })
}

/// A parameter value as test cases and defaults write it.
pub(super) fn literal_value(value: &Json) -> Option<super::Value> {
    Some(match value {
        Json::String(text) => super::Value::String(text.clone()),
        Json::Bool(b) => super::Value::Bool(*b),
        Json::Array(items) => {
            super::Value::Array(items.iter().map(literal_value).collect::<Option<_>>()?)
        }
        _ => return None,
    })
}

fn rules(value: Option<&Json>, path: &str) -> Result<Vec<Rule>, RuleSetError> {
    let Some(Json::Array(items)) = value else {
        return fail(path, "expected a list of rules");
    };
    items
        .iter()
        .enumerate()
        .map(|(i, rule)| self::rule(rule, &format!("{path}[{i}]")))
        .collect()
}

fn rule(value: &Json, path: &str) -> Result<Rule, RuleSetError> {
    let conditions = match value.get("conditions") {
        None => Vec::new(),
        Some(Json::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, c)| condition(c, &format!("{path}.conditions[{i}]")))
            .collect::<Result<_, _>>()?,
        Some(_) => return fail(path, "`conditions` must be a list"),
    };
    let outcome = match value.get("type").and_then(Json::as_str) {
        Some("endpoint") => {
            let endpoint = value
                .get("endpoint")
                .map_or_else(|| fail(path, "an endpoint rule needs `endpoint`"), Ok)?;
            let at = format!("{path}.endpoint");
            let url = expr(
                endpoint
                    .get("url")
                    .map_or_else(|| fail(&at, "needs `url`"), Ok)?,
                &format!("{at}.url"),
            )?;
            let headers = match endpoint.get("headers") {
                None => Vec::new(),
                Some(Json::Object(headers)) => headers
                    .iter()
                    .map(|(name, values)| {
                        let at = format!("{at}.headers.{name}");
                        let Json::Array(values) = values else {
                            return fail(&at, "header values must be a list");
                        };
                        let values = values
                            .iter()
                            .map(|v| expr(v, &at))
                            .collect::<Result<_, _>>()?;
                        Ok((name.clone(), values))
                    })
                    .collect::<Result<_, _>>()?,
                Some(_) => return fail(&at, "`headers` must be an object"),
            };
            let properties = match endpoint.get("properties") {
                None => Vec::new(),
                Some(Json::Object(properties)) => properties
                    .iter()
                    .map(|(name, v)| {
                        Ok((name.clone(), expr(v, &format!("{at}.properties.{name}"))?))
                    })
                    .collect::<Result<_, _>>()?,
                Some(_) => return fail(&at, "`properties` must be an object"),
            };
            Outcome::Endpoint {
                url,
                headers,
                properties,
            }
        }
        Some("error") => Outcome::Error(expr(
            value
                .get("error")
                .map_or_else(|| fail(path, "an error rule needs `error`"), Ok)?,
            &format!("{path}.error"),
        )?),
        Some("tree") => Outcome::Tree(rules(value.get("rules"), &format!("{path}.rules"))?),
        other => return fail(path, format!("unknown rule type {other:?}")),
    };
    Ok(Rule {
        conditions,
        outcome,
    })
}

fn condition(value: &Json, path: &str) -> Result<Condition, RuleSetError> {
    let expr = expr(value, path)?;
    if !matches!(expr, Expr::Call(_) | Expr::Attr(..)) {
        return fail(path, "a condition must be a function call");
    }
    let assign = match value.get("assign") {
        None => None,
        Some(Json::String(name)) => Some(name.clone()),
        Some(_) => return fail(path, "`assign` must be a string"),
    };
    Ok(Condition { expr, assign })
}

fn expr(value: &Json, path: &str) -> Result<Expr, RuleSetError> {
    Ok(match value {
        Json::String(text) => Expr::Template(template(text).map_or_else(|m| fail(path, m), Ok)?),
        Json::Bool(b) => Expr::Bool(*b),
        Json::Number(n) => Expr::Int(
            n.as_i64()
                .map_or_else(|| fail(path, "numbers must be integers"), Ok)?,
        ),
        Json::Array(items) => Expr::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| expr(item, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        Json::Object(object) => {
            if let Some(name) = object.get("ref") {
                let name = name
                    .as_str()
                    .map_or_else(|| fail(path, "`ref` must be a string"), Ok)?;
                Expr::Ref(name.to_owned())
            } else if let Some(name) = object.get("fn") {
                let name = name
                    .as_str()
                    .map_or_else(|| fail(path, "`fn` must be a string"), Ok)?;
                let Some(Json::Array(argv)) = object.get("argv") else {
                    return fail(path, format!("`{name}` needs an `argv` list"));
                };
                let mut args: Vec<Expr> = argv
                    .iter()
                    .enumerate()
                    .map(|(i, a)| expr(a, &format!("{path}.argv[{i}]")))
                    .collect::<Result<_, _>>()?;
                if name == "getAttr" {
                    let (Some(Expr::Template(pieces)), 2) = (args.get(1), args.len()) else {
                        return fail(path, "getAttr takes a value and a path");
                    };
                    let [Piece::Literal(steps)] = pieces.as_slice() else {
                        return fail(path, "a getAttr path must be a literal");
                    };
                    let steps = attr_path(steps).map_or_else(|m| fail(path, m), Ok)?;
                    args.truncate(1);
                    let target = args
                        .pop()
                        .map_or_else(|| fail(path, "getAttr needs a value"), Ok)?;
                    return Ok(Expr::Attr(Box::new(target), steps));
                }
                let function = Function::named(name)
                    .map_or_else(|| fail(path, format!("unknown function `{name}`")), Ok)?;
                if !function.arity().contains(&args.len()) {
                    return fail(
                        path,
                        format!(
                            "`{name}` takes {:?} arguments, not {}",
                            function.arity(),
                            args.len()
                        ),
                    );
                }
                Expr::Call(Box::new(Call { function, args }))
            } else {
                let fields: BTreeMap<&String, &Json> = object.iter().collect();
                Expr::Record(
                    fields
                        .into_iter()
                        .map(|(k, v)| Ok((k.clone(), expr(v, &format!("{path}.{k}"))?)))
                        .collect::<Result<_, _>>()?,
                )
            }
        }
        Json::Null => return fail(path, "null is not an expression"),
    })
}

/// Splits a template string: `{name}` and `{name#path}` are filled in,
/// `{{` and `}}` are braces.
fn template(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => inner.push(c),
                        None => return Err(format!("`{{` without `}}` in {text:?}")),
                    }
                }
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(match inner.split_once('#') {
                    Some((name, path)) => Piece::Attr(name.to_owned(), attr_path(path)?),
                    None => Piece::Ref(inner),
                });
            }
            '}' => return Err(format!("`}}` without `{{` in {text:?}")),
            c => literal.push(c),
        }
    }
    if !literal.is_empty() || pieces.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    Ok(pieces)
}

/// A getAttr path: keys joined by `.`, each optionally followed by `[n]`.
pub(super) fn attr_path(path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(at) => (&part[..at], &part[at..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            steps.push(Step::Key(key.to_owned()));
        }
        while let Some(stripped) = rest.strip_prefix('[') {
            let end = stripped
                .find(']')
                .ok_or_else(|| format!("unclosed `[` in the path {path:?}"))?;
            let index = stripped[..end].parse().map_err(|_| {
                format!(
                    "`{}` is not an index in the path {path:?}",
                    &stripped[..end]
                )
            })?;
            steps.push(Step::Index(index));
            rest = &stripped[end + 1..];
        }
        if !rest.is_empty() {
            return Err(format!("unexpected {rest:?} in the path {path:?}"));
        }
    }
    if steps.is_empty() {
        return Err(format!("the path {path:?} is empty"));
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_names_and_attributes_and_keep_doubled_braces() {
        assert_eq!(
            template("https://{Region}.{P#dnsSuffix}/{{x}}").unwrap(),
            vec![
                Piece::Literal("https://".into()),
                Piece::Ref("Region".into()),
                Piece::Literal(".".into()),
                Piece::Attr("P".into(), vec![Step::Key("dnsSuffix".into())]),
                Piece::Literal("/{x}".into()),
            ]
        );
        assert!(template("{open").is_err());
        assert!(template("close}").is_err());
    }

    #[test]
    fn attribute_paths_take_keys_and_indexes() {
        assert_eq!(
            attr_path("resourceId[1]").unwrap(),
            vec![Step::Key("resourceId".into()), Step::Index(1)]
        );
        assert_eq!(attr_path("[0]").unwrap(), vec![Step::Index(0)]);
        assert!(attr_path("a[x]").is_err());
        assert!(attr_path("").is_err());
    }

    #[test]
    fn malformed_rule_sets_are_refused_with_where() {
        let error = RuleSet::from_json(r#"{"parameters": {}, "rules": [{"type": "endpoint", "conditions": [{"fn": "nope", "argv": []}], "endpoint": {"url": "x"}}]}"#)
            .unwrap_err();
        assert!(
            error.to_string().contains("rules[0].conditions[0]"),
            "{error}"
        );
        assert!(error.to_string().contains("nope"), "{error}");
        assert!(RuleSet::from_json("[]").is_err());
        assert!(RuleSet::from_json(r#"{"rules": [{"type": "tree"}]}"#).is_err());
    }
}
