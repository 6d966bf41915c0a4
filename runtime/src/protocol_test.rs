//! What the generated protocol compliance tests (`smithy.test`) check
//! requests and responses with (feature `test-util`, which generated crates
//! turn on for their own tests only).

use std::collections::BTreeMap;
use std::fmt::Debug;

use crate::request::{apply_endpoint, RequestOptions};
use crate::{Blob, Document, Timestamp, Unit, UnknownMember};

/// The token protocol tests expect in place of a random one.
pub const IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// Options as protocol tests assume them: the fixed idempotency token, and
/// otherwise the defaults.
pub fn options() -> RequestOptions {
    RequestOptions::default().idempotency_token_generator(|| IDEMPOTENCY_TOKEN.to_owned())
}

/// What an `httpRequestTests` case says the request must be.
#[derive(Debug)]
pub struct ExpectedRequest<'a> {
    pub method: &'a str,
    /// The path, percent-encoded, without the query.
    pub uri: &'a str,
    /// The endpoint host the request is sent to, if the case names one.
    pub host: Option<&'a str>,
    /// The host after the operation's host prefix.
    pub resolved_host: Option<&'a str>,
    /// The endpoint the service's rules resolved for the client the case
    /// configures, which takes the place of `host` (see
    /// [`resolve_endpoint`]).
    pub endpoint: Option<&'a str>,
    pub query_params: &'a [&'a str],
    pub forbid_query_params: &'a [&'a str],
    pub require_query_params: &'a [&'a str],
    pub headers: &'a [(&'a str, &'a str)],
    pub forbid_headers: &'a [&'a str],
    pub require_headers: &'a [&'a str],
    pub body: Option<&'a str>,
    pub body_media_type: Option<&'a str>,
}

/// The URL the service's endpoint `rules` resolve to for a client
/// configured with `built_ins` (by built-in id, such as `AWS::Region`) and
/// the operation's `context` parameters from its input.
pub fn resolve_endpoint(
    rules: &crate::endpoint::LazyRuleSet,
    built_ins: &[(&str, crate::endpoint::Value)],
    context: Vec<(&'static str, crate::endpoint::Value)>,
) -> String {
    let rules = match rules.get() {
        Ok(rules) => rules,
        Err(e) => panic!("the endpoint rules do not decode: {e}"),
    };
    let mut params = crate::endpoint::Params::new();
    for parameter in rules.parameters() {
        let value = parameter
            .built_in()
            .and_then(|id| built_ins.iter().find(|(built_in, _)| *built_in == id));
        if let Some((_, value)) = value {
            params = params.set(parameter.name(), value.clone());
        }
    }
    for (name, value) in context {
        params = params.set(name, value);
    }
    match rules.resolve(&params) {
        Ok(endpoint) => endpoint.url().to_owned(),
        Err(e) => panic!("the endpoint rules give no endpoint: {e}"),
    }
}

/// Checks a serialized request against a case, panicking with what differs.
pub fn assert_request(
    mut request: http::Request<crate::ByteStream>,
    expected: &ExpectedRequest<'_>,
) {
    if let Some(host) = expected.host {
        let endpoint = match expected.endpoint {
            Some(resolved) => resolved.to_owned(),
            None => format!("https://{host}"),
        };
        if let Err(e) = apply_endpoint(&mut request, &endpoint) {
            panic!("cannot apply the endpoint: {e}");
        }
        let wanted = expected
            .resolved_host
            .unwrap_or_else(|| host.split('/').next().unwrap_or(host));
        assert_eq!(request.uri().host(), Some(wanted), "host");
    }
    assert_eq!(request.method().as_str(), expected.method, "method");
    assert_eq!(request.uri().path(), expected.uri, "path");
    let query: Vec<&str> = request
        .uri()
        .query()
        .map_or(Vec::new(), |q| q.split('&').collect());
    let name = |pair: &str| pair.split('=').next().unwrap_or(pair).to_owned();
    for param in expected.query_params {
        assert!(
            query.contains(param),
            "query parameter `{param}` missing from {query:?}"
        );
    }
    for forbidden in expected.forbid_query_params {
        assert!(
            !query.iter().any(|p| name(p) == *forbidden),
            "query parameter `{forbidden}` must not be sent: {query:?}"
        );
    }
    for required in expected.require_query_params {
        assert!(
            query.iter().any(|p| name(p) == *required),
            "query parameter `{required}` missing from {query:?}"
        );
    }
    assert_headers(
        request.headers(),
        expected.headers,
        expected.forbid_headers,
        expected.require_headers,
    );
    if let Some(body) = expected.body {
        let Some(sent) = request.body().as_bytes() else {
            panic!("the body is a stream, and the case expects bytes");
        };
        assert_body(sent, body, expected.body_media_type);
    }
}

fn assert_headers(
    headers: &http::HeaderMap,
    expected: &[(&str, &str)],
    forbidden: &[&str],
    required: &[&str],
) {
    for (name, value) in expected {
        let values: Vec<&str> = headers
            .get_all(*name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        assert!(
            !values.is_empty(),
            "header `{name}` missing from {headers:?}"
        );
        assert_eq!(values.join(", "), *value, "header `{name}`");
    }
    for name in forbidden {
        assert!(
            !headers.contains_key(*name),
            "header `{name}` must not be sent: {headers:?}"
        );
    }
    for name in required {
        assert!(
            headers.contains_key(*name),
            "header `{name}` missing from {headers:?}"
        );
    }
}

/// Compares bodies: JSON and CBOR by value, XML as XML, anything else
/// byte for byte.
fn assert_body(actual: &[u8], expected: &str, media_type: Option<&str>) {
    if media_type == Some(CBOR) {
        assert_cbor_body(actual, expected);
        return;
    }
    if media_type.is_some_and(|m| m == "application/xml" || m.ends_with("+xml")) {
        assert_xml_body(actual, expected);
        return;
    }
    let is_json = media_type.is_some_and(|m| m == "application/json" || m.ends_with("+json"));
    if !is_json || (expected.is_empty() && actual.is_empty()) {
        assert_eq!(String::from_utf8_lossy(actual), expected, "body");
        return;
    }
    let actual_json: serde_json::Value = match serde_json::from_slice(actual) {
        Ok(value) => value,
        Err(e) => panic!(
            "the body is not JSON ({e}): {}",
            String::from_utf8_lossy(actual)
        ),
    };
    let expected_json: serde_json::Value = match serde_json::from_str(expected) {
        Ok(value) => value,
        Err(e) => panic!("the case's body is not JSON ({e}): {expected}"),
    };
    assert!(
        json_equivalent(&actual_json, &expected_json),
        "body: {actual_json} != {expected_json}"
    );
}

/// Compares XML bodies as documents, with roxmltree rather than the
/// crate's own reader: element names and namespaces, attributes in any
/// order, the namespaces in scope, children in order, and text, with the
/// whitespace between elements left out. Order counts only where the
/// model gives one: a structure's members compare in any order (siblings
/// are grouped by name, keeping the order within a name, so the items of
/// a list, flattened or not, stay in theirs), and so do map entries, as a
/// Smithy map has no order (ours are sorted by key, a case's are in the
/// order its author wrote): a run of same-named siblings that each hold a
/// key and a value.
fn assert_xml_body(actual: &[u8], expected: &str) {
    let actual_text = String::from_utf8_lossy(actual);
    if expected.trim().is_empty() && actual_text.trim().is_empty() {
        return;
    }
    let parse = |text: &str, whose: &str| -> XmlTree {
        match roxmltree::Document::parse(text) {
            Ok(document) => XmlTree::of(document.root_element()),
            Err(e) => panic!("{whose} body is not XML ({e}): {text}"),
        }
    };
    let (ours, theirs) = (parse(&actual_text, "the"), parse(expected, "the case's"));
    assert!(
        ours == theirs,
        "body: {actual_text}\n  is not the same XML as\n{expected}\n  ({ours:?} != {theirs:?})"
    );
}

/// An element, as bodies are compared.
#[derive(Debug, PartialEq)]
struct XmlTree {
    name: (Option<String>, String),
    attributes: Vec<(Option<String>, String, String)>,
    namespaces: Vec<(Option<String>, String)>,
    children: Vec<XmlTree>,
    text: String,
}

impl XmlTree {
    fn of(node: roxmltree::Node<'_, '_>) -> Self {
        let tag = node.tag_name();
        let mut attributes: Vec<_> = node
            .attributes()
            .map(|a| {
                (
                    a.namespace().map(str::to_owned),
                    a.name().to_owned(),
                    a.value().to_owned(),
                )
            })
            .collect();
        attributes.sort();
        let mut namespaces: Vec<_> = node
            .namespaces()
            .map(|n| (n.name().map(str::to_owned), n.uri().to_owned()))
            .collect();
        namespaces.sort();
        let mut children: Vec<XmlTree> = node
            .children()
            .filter(|c| c.is_element())
            .map(Self::of)
            .collect();
        children.sort_by(|a, b| a.name.cmp(&b.name));
        sort_map_entries(&mut children);
        let text: String = node
            .children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect();
        Self {
            name: (tag.namespace().map(str::to_owned), tag.name().to_owned()),
            attributes,
            namespaces,
            text: if children.is_empty() {
                text
            } else {
                text.trim().to_owned()
            },
            children,
        }
    }
}

/// Sorts each run of sibling map entries: same-named elements each holding
/// two elements, the first (the key) holding text only.
fn sort_map_entries(children: &mut [XmlTree]) {
    let is_entry =
        |tree: &XmlTree| tree.children.len() == 2 && tree.children[0].children.is_empty();
    let mut start = 0;
    while start < children.len() {
        let mut end = start + 1;
        while end < children.len() && children[end].name == children[start].name {
            end += 1;
        }
        let run = &mut children[start..end];
        if run.len() > 1 && run.iter().all(is_entry) {
            run.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        }
        start = end;
    }
}

/// The media type of CBOR bodies, which cases write in base64.
const CBOR: &str = "application/cbor";

/// A CBOR body against a case's base64: the same items, maps in any order.
fn assert_cbor_body(actual: &[u8], expected: &str) {
    let expected = match crate::blob::base64_decode(expected) {
        Ok(bytes) => bytes,
        Err(e) => panic!("the case's body is not base64 ({e}): {expected}"),
    };
    if actual.is_empty() || expected.is_empty() {
        assert_eq!(actual, expected, "body");
        return;
    }
    let decode = |bytes: &[u8], whose: &str| match crate::cbor::read::Value::decode(bytes) {
        Ok(value) => value,
        Err(e) => panic!("{whose} body is not CBOR ({e}): {bytes:02x?}"),
    };
    let (actual, expected) = (decode(actual, "the"), decode(&expected, "the case's"));
    assert!(actual == expected, "body: {actual:?} != {expected:?}");
}

/// JSON equality with numbers compared by value, so `1` equals `1.0`.
fn json_equivalent(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equivalent(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| json_equivalent(x, y)))
        }
        _ => a == b,
    }
}

/// A response as an `httpResponseTests` case describes it; a CBOR body is
/// written in base64.
pub fn response(
    code: u16,
    headers: &[(&str, &str)],
    body: &str,
    media_type: Option<&str>,
) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(code);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let body = if media_type == Some(CBOR) {
        match crate::blob::base64_decode(body) {
            Ok(bytes) => bytes,
            Err(e) => panic!("the case's body is not base64 ({e}): {body}"),
        }
    } else {
        body.as_bytes().to_vec()
    };
    match builder.body(body) {
        Ok(response) => response,
        Err(e) => panic!("the case's response is not valid HTTP: {e}"),
    }
}

/// Equality for comparing parsed values with a case's: like `PartialEq`,
/// except that NaN equals NaN.
pub trait TestEq {
    /// Whether the two values are the same.
    fn test_eq(&self, other: &Self) -> bool;
}

/// Panics, showing both values, unless they are the same.
pub fn assert_same<T: TestEq + Debug>(actual: &T, expected: &T) {
    assert!(
        actual.test_eq(expected),
        "parsed value differs from the case's\n  parsed:   {actual:?}\n  expected: {expected:?}"
    );
}

/// Panics unless the error shows callers the code `expected`.
pub fn assert_error_code(error: &impl crate::response::ServiceError, expected: &str) {
    assert_eq!(
        error.meta().code(),
        Some(expected),
        "the error's code differs from the case's"
    );
}

macro_rules! test_eq_by_partial_eq {
    ($($ty:ty),*) => {$(
        impl TestEq for $ty {
            fn test_eq(&self, other: &Self) -> bool {
                self == other
            }
        }
    )*};
}

test_eq_by_partial_eq!(
    bool,
    i8,
    i16,
    i32,
    i64,
    String,
    Blob,
    crate::ByteStream,
    Timestamp,
    Document,
    Unit,
    UnknownMember
);

#[cfg(feature = "big-numbers")]
test_eq_by_partial_eq!(crate::BigInteger, crate::BigDecimal);

impl TestEq for f32 {
    fn test_eq(&self, other: &Self) -> bool {
        self == other || (self.is_nan() && other.is_nan())
    }
}

impl TestEq for f64 {
    fn test_eq(&self, other: &Self) -> bool {
        self == other || (self.is_nan() && other.is_nan())
    }
}

impl<T: TestEq> TestEq for Option<T> {
    fn test_eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Some(a), Some(b)) => a.test_eq(b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl<T: TestEq> TestEq for Box<T> {
    fn test_eq(&self, other: &Self) -> bool {
        (**self).test_eq(other)
    }
}

impl<T: TestEq> TestEq for Vec<T> {
    fn test_eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a.test_eq(b))
    }
}

impl<K: Ord, V: TestEq> TestEq for BTreeMap<K, V> {
    fn test_eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .zip(other)
                .all(|((ka, va), (kb, vb))| ka == kb && va.test_eq(vb))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_bodies_compare_by_value() {
        let a = serde_json::json!({"a": [1, 2.5], "b": {}});
        let b = serde_json::json!({"b": {}, "a": [1.0, 2.5]});
        assert!(json_equivalent(&a, &b));
        assert!(!json_equivalent(&a, &serde_json::json!({"a": [1, 2.5]})));
    }

    #[test]
    fn xml_bodies_compare_as_documents() {
        assert_xml_body(
            b"<A xmlns=\"http://a\" y=\"2\" x=\"1\"><b>t</b><c/></A>",
            "<A x=\"1\" y=\"2\" xmlns=\"http://a\">\n  <b>t</b>\n  <c></c>\n</A>\n",
        );
        let differs = |actual: &'static [u8], expected: &'static str| {
            std::panic::catch_unwind(|| assert_xml_body(actual, expected)).is_err()
        };
        assert!(differs(
            b"<A><b>t</b></A>",
            "<A xmlns=\"http://a\"><b>t</b></A>"
        ));
        assert!(differs(b"<A><b>t </b></A>", "<A><b>t</b></A>"));
        assert!(differs(b"<A x=\"1\"/>", "<A x=\"2\"/>"));
        // Members and map entries in any order; list items in theirs.
        assert_xml_body(b"<S><b>2</b><a>1</a></S>", "<S><a>1</a><b>2</b></S>");
        assert!(differs(
            b"<S><f>2</f><a>1</a><f>3</f></S>",
            "<S><f>3</f><a>1</a><f>2</f></S>"
        ));
        assert_xml_body(
            b"<M><entry><key>a</key><value>1</value></entry><entry><key>b</key><value>2</value></entry></M>",
            "<M><entry><key>b</key><value>2</value></entry><entry><key>a</key><value>1</value></entry></M>",
        );
        assert!(differs(
            b"<L><member>a</member><member>b</member></L>",
            "<L><member>b</member><member>a</member></L>"
        ));
    }

    #[test]
    fn nan_is_the_same_as_nan() {
        assert!(f64::NAN.test_eq(&f64::NAN));
        assert!(!Some(1.0f32).test_eq(&None));
        assert!(vec![f64::NAN].test_eq(&vec![f64::NAN]));
    }
}
