//! Traits kept as JSON values, with typed accessors for the ones the
//! generator acts on. Traits it does not know are kept and ignored.

use std::collections::BTreeMap;

use serde_json::Value;

/// Prelude trait ids the generator reads.
pub mod ids {
    pub const ADDED_DEFAULT: &str = "smithy.api#addedDefault";
    pub const BOX: &str = "smithy.api#box";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const ENUM: &str = "smithy.api#enum";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const ERROR: &str = "smithy.api#error";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const HTTP: &str = "smithy.api#http";
    pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const JSON_NAME: &str = "smithy.api#jsonName";
    pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
    pub const RETRYABLE: &str = "smithy.api#retryable";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const INPUT: &str = "smithy.api#input";
    pub const LENGTH: &str = "smithy.api#length";
    pub const PATTERN: &str = "smithy.api#pattern";
    pub const RANGE: &str = "smithy.api#range";
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const TITLE: &str = "smithy.api#title";
    pub const UNIQUE_ITEMS: &str = "smithy.api#uniqueItems";
}

/// Trait values by absolute trait id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Traits(BTreeMap<String, Value>);

/// The parts of `@http` the generator uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpTrait {
    pub method: String,
    pub uri: String,
    pub code: u16,
}

impl HttpTrait {
    /// The label names in the URI, greedy labels without their `+`.
    pub fn labels(&self) -> Vec<&str> {
        self.uri
            .split(['/', '?'])
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(|label| label.trim_end_matches('+'))
            .collect()
    }
}

/// A piece of an `@endpoint` host prefix, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPrefixPiece {
    Literal(String),
    /// `{name}`: the input member marked `@hostLabel`.
    Label(String),
}

impl Traits {
    /// Wraps trait values read from the model.
    pub fn new(values: BTreeMap<String, Value>) -> Self {
        Self(values)
    }

    /// The value of a trait, if applied.
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.0.get(id)
    }

    /// Whether a trait is applied.
    pub fn has(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }

    /// Applies a trait, replacing an earlier value.
    pub fn insert(&mut self, id: String, value: Value) {
        self.0.insert(id, value);
    }

    /// Adds the traits of `other` that are not already applied here.
    pub fn inherit(&mut self, other: &Traits) {
        for (id, value) in &other.0 {
            self.0.entry(id.clone()).or_insert_with(|| value.clone());
        }
    }

    /// Removes a trait.
    pub fn remove(&mut self, id: &str) {
        self.0.remove(id);
    }

    /// Every trait, sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter()
    }

    /// `@documentation`, when present and a string.
    pub fn documentation(&self) -> Option<&str> {
        self.get(ids::DOCUMENTATION)?.as_str()
    }

    /// `@default`: `Some(Value::Null)` means the default was explicitly removed.
    pub fn default_value(&self) -> Option<&Value> {
        self.get(ids::DEFAULT)
    }

    /// `@http`, read strictly.
    pub fn http(&self) -> Result<Option<HttpTrait>, String> {
        let Some(value) = self.get(ids::HTTP) else {
            return Ok(None);
        };
        let method = value.get("method").and_then(Value::as_str);
        let uri = value.get("uri").and_then(Value::as_str);
        let (Some(method), Some(uri)) = (method, uri) else {
            return Err("expected an object with string `method` and `uri`".into());
        };
        if !uri.starts_with('/') {
            return Err(format!("uri `{uri}` must start with `/`"));
        }
        let code = match value.get("code") {
            None => 200,
            Some(code) => code
                .as_u64()
                .and_then(|c| u16::try_from(c).ok())
                .filter(|c| (100..=999).contains(c))
                .ok_or_else(|| format!("code `{code}` is not an HTTP status code"))?,
        };
        Ok(Some(HttpTrait {
            method: method.to_owned(),
            uri: uri.to_owned(),
            code,
        }))
    }
}

impl Traits {
    /// `@endpoint`'s `hostPrefix`, split into literals and `{label}`s.
    pub fn host_prefix(&self) -> Result<Option<Vec<HostPrefixPiece>>, String> {
        let Some(value) = self.get(ids::ENDPOINT) else {
            return Ok(None);
        };
        let prefix = value
            .get("hostPrefix")
            .and_then(Value::as_str)
            .ok_or("expected an object with a string `hostPrefix`")?;
        let mut pieces = Vec::new();
        let mut rest = prefix;
        while let Some(open) = rest.find('{') {
            let close = rest[open..]
                .find('}')
                .map(|c| open + c)
                .ok_or_else(|| format!("`{prefix}` opens a label it does not close"))?;
            if open > 0 {
                pieces.push(HostPrefixPiece::Literal(rest[..open].to_owned()));
            }
            let label = &rest[open + 1..close];
            if !super::is_identifier(label) {
                return Err(format!("`{prefix}` has a malformed label `{{{label}}}`"));
            }
            pieces.push(HostPrefixPiece::Label(label.to_owned()));
            rest = &rest[close + 1..];
        }
        if rest.contains('}') {
            return Err(format!("`{prefix}` closes a label it does not open"));
        }
        if !rest.is_empty() {
            pieces.push(HostPrefixPiece::Literal(rest.to_owned()));
        }
        Ok(Some(pieces))
    }

    /// Whether `@requestCompression` lists gzip, the one encoding clients
    /// are required to support.
    pub fn compresses_with_gzip(&self) -> Result<bool, String> {
        let Some(value) = self.get(ids::REQUEST_COMPRESSION) else {
            return Ok(false);
        };
        let encodings = value
            .get("encodings")
            .and_then(Value::as_array)
            .ok_or("expected an object with an array `encodings`")?;
        let mut gzip = false;
        for encoding in encodings {
            let encoding = encoding.as_str().ok_or("`encodings` must hold strings")?;
            gzip |= encoding.eq_ignore_ascii_case("gzip");
        }
        Ok(gzip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn traits(value: Value) -> Traits {
        Traits::new(serde_json::from_value(value).unwrap())
    }

    #[test]
    fn http_labels_include_greedy_ones() {
        let t =
            traits(json!({"smithy.api#http": {"method": "GET", "uri": "/a/{Id}/b/{Key+}?x=1"}}));
        let http = t.http().unwrap().unwrap();
        assert_eq!(http.labels(), vec!["Id", "Key"]);
        assert_eq!(http.code, 200);
    }

    #[test]
    fn host_prefixes_split_into_literals_and_labels() {
        let t = traits(json!({"smithy.api#endpoint": {"hostPrefix": "foo.{label}."}}));
        assert_eq!(
            t.host_prefix().unwrap().unwrap(),
            vec![
                HostPrefixPiece::Literal("foo.".into()),
                HostPrefixPiece::Label("label".into()),
                HostPrefixPiece::Literal(".".into()),
            ]
        );
        let t = traits(json!({"smithy.api#endpoint": {"hostPrefix": "foo.{label"}}));
        assert!(t.host_prefix().is_err());
        let t = traits(json!({"smithy.api#endpoint": {"hostPrefix": "a}."}}));
        assert!(t.host_prefix().is_err());
    }

    #[test]
    fn gzip_is_found_among_compression_encodings() {
        let t = traits(json!({"smithy.api#requestCompression": {"encodings": ["br", "gzip"]}}));
        assert!(t.compresses_with_gzip().unwrap());
        let t = traits(json!({"smithy.api#requestCompression": {"encodings": [1]}}));
        assert!(t.compresses_with_gzip().is_err());
    }

    #[test]
    fn malformed_http_is_reported() {
        let t = traits(json!({"smithy.api#http": {"method": "GET"}}));
        assert!(t.http().is_err());
        let t = traits(json!({"smithy.api#http": {"method": "GET", "uri": "/", "code": 70000}}));
        assert!(t.http().unwrap_err().contains("70000"));
    }
}
