//! A service's endpoint rule set and its test cases, as the generated
//! `endpoint.rs` and `endpoint_tests.rs` print them.

pub use smithy_runtime::endpoint::PartitionFacts;

use super::Docs;

/// A service's endpoint rule set and its test cases.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointIr {
    /// The rule set as compact JSON, which the generated crate decodes on
    /// first use.
    pub rules_json: String,
    /// Its parameters, in the rule set's order.
    pub params: Vec<EndpointParam>,
    /// `smithy.rules#endpointTests` cases.
    pub tests: Vec<EndpointTest>,
    /// The edition of the partition facts the rules run with.
    pub partition_facts: PartitionFacts,
}

/// A parameter of the endpoint rules, as a field of `EndpointParams`.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointParam {
    /// The name the rules use.
    pub name: String,
    /// The Rust field, and the setter of the same name.
    pub field: String,
    pub kind: EndpointParamKind,
    pub docs: Docs,
}

/// An endpoint parameter's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointParamKind {
    String,
    Bool,
    StringArray,
}

/// An endpoint test case.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointTest {
    pub fn_name: String,
    pub doc: String,
    /// Parameters the case sets, by index in [`EndpointIr::params`].
    pub values: Vec<(usize, EndpointTestValue)>,
    pub expect: EndpointExpect,
}

/// A parameter value of a test case.
#[derive(Debug, Clone, PartialEq)]
pub enum EndpointTestValue {
    String(String),
    Bool(bool),
    StringArray(Vec<String>),
}

/// What a test case expects.
#[derive(Debug, Clone, PartialEq)]
pub enum EndpointExpect {
    Endpoint {
        url: String,
        headers: Vec<(String, Vec<String>)>,
        /// The properties as JSON text.
        properties_json: String,
    },
    /// The rule set's error message.
    Error(String),
}
