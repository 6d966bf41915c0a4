//! Endpoint resolution: a service's Smithy endpoint rule set
//! (`smithy.rules#endpointRuleSet`) run on the caller's parameters (region,
//! FIPS, dual-stack, an endpoint override...) gives the URL to send to, with
//! headers and properties, or the rule set's own error.
//!
//! Rule sets are interpreted rather than compiled into Rust: a rule set is
//! data the generated crate carries as JSON and decodes once, which keeps
//! the generated code (and its compile time) small, and lets every
//! `endpointTests` case of every model be checked without building a crate
//! per model.

mod eval;
mod functions;
mod partitions;
mod rules;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

pub use partitions::PartitionFacts;
pub use rules::{Parameter, ParameterKind, RuleSet, RuleSetError};

/// A value rules compute with: parameters, function results and
/// variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Unset: an absent parameter, or a function result the specification
    /// leaves unset.
    None,
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An integer (`substring`'s bounds).
    Int(i64),
    /// A list (`stringArray` parameters, an ARN's resource parts).
    Array(Vec<Value>),
    /// A record: what `aws.partition`, `parseURL` and `aws.parseArn` give,
    /// and endpoint properties.
    Object(Arc<BTreeMap<String, Value>>),
}

impl Value {
    /// The value as JSON, the form test cases and properties are written in.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::None => serde_json::Value::Null,
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(n) => serde_json::Value::from(*n),
            Value::Array(items) => items.iter().map(Value::to_json).collect(),
            Value::Object(fields) => fields
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect::<serde_json::Map<_, _>>()
                .into(),
        }
    }

    /// A parameter value as JSON writes it: a string, a boolean or a list
    /// of strings.
    pub fn from_json(value: &serde_json::Value) -> Option<Value> {
        rules::literal_value(value)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::String(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::String(text)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

/// The parameters of one resolution, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    values: BTreeMap<String, Value>,
}

impl Params {
    /// No parameters set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a parameter.
    pub fn set(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.values.insert(name.to_owned(), value.into());
        self
    }

    /// A parameter's value, if set.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }
}

/// Where to send a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: String,
    headers: BTreeMap<String, Vec<String>>,
    properties: BTreeMap<String, Value>,
}

impl Endpoint {
    /// An endpoint that is only a URL, for services without rules.
    #[cfg(feature = "client")]
    pub(crate) fn from_url(url: String) -> Self {
        Self {
            url,
            headers: BTreeMap::new(),
            properties: BTreeMap::new(),
        }
    }

    /// The URL: scheme, host and any base path.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Headers to add to the request.
    pub fn headers(&self) -> &BTreeMap<String, Vec<String>> {
        &self.headers
    }

    /// Properties such as `authSchemes`.
    pub fn properties(&self) -> &BTreeMap<String, Value> {
        &self.properties
    }

    /// The properties as one JSON object, the form rule sets and their
    /// tests write them in.
    pub fn properties_json(&self) -> serde_json::Value {
        self.properties
            .iter()
            .map(|(name, value)| (name.clone(), value.to_json()))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }
}

/// A rule set carried as JSON text in a `static`, decoded on first use.
#[derive(Debug)]
pub struct LazyRuleSet {
    json: &'static str,
    facts: PartitionFacts,
    decoded: std::sync::OnceLock<Result<RuleSet, RuleSetError>>,
}

impl LazyRuleSet {
    /// The rule set whose JSON text is `json`.
    pub const fn new(json: &'static str) -> Self {
        Self::with_partition_facts(json, PartitionFacts::Current)
    }

    /// The rule set whose JSON text is `json`, answering `aws.partition`
    /// from the edition `facts`.
    pub const fn with_partition_facts(json: &'static str, facts: PartitionFacts) -> Self {
        Self {
            json,
            facts,
            decoded: std::sync::OnceLock::new(),
        }
    }

    /// The decoded rule set; the same error every time if it does not
    /// decode.
    pub fn get(&self) -> Result<&RuleSet, EndpointError> {
        self.decoded
            .get_or_init(|| {
                RuleSet::from_json(self.json).map(|rules| rules.with_partition_facts(self.facts))
            })
            .as_ref()
            .map_err(|e| EndpointError::InvalidRuleSet(e.clone()))
    }
}

/// Why no endpoint was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointError {
    /// The rule set's own error for these parameters, such as "FIPS and
    /// DualStack are enabled, but this partition does not support one or
    /// both".
    Rules(String),
    /// A required parameter is unset.
    MissingParameter(String),
    /// A parameter has the wrong type.
    InvalidParameter {
        /// The parameter.
        name: String,
        /// The type it must have.
        expected: &'static str,
    },
    /// No rule matched: the rule set is incomplete.
    NoRuleMatched,
    /// The rule set itself does not decode.
    InvalidRuleSet(RuleSetError),
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rules(message) => write!(f, "endpoint rules: {message}"),
            Self::MissingParameter(name) => {
                write!(f, "endpoint parameter `{name}` is required but not set")
            }
            Self::InvalidParameter { name, expected } => {
                write!(f, "endpoint parameter `{name}` must be {expected}")
            }
            Self::NoRuleMatched => f.write_str("no endpoint rule matched the parameters"),
            Self::InvalidRuleSet(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for EndpointError {}
