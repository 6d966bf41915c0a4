//! The traits the generator acts on, decoded once from their JSON values
//! into types. Later layers read only these: no trait JSON leaves `model`.
//!
//! Decoding checks each trait's own form; rules that span shapes (a label
//! without its member, a default that does not fit its target) are checked
//! by the `validate` pass on the decoded values.

use serde_json::Value;

use super::shape_id::is_identifier;
use super::traits::{ids, Traits};
use super::Model;
use crate::error::{Error, ErrorKind, Location};

/// The decoded traits of a shape or a member. Smithy lets most of them
/// apply to either; a member's own value overrides its target's where the
/// specification says so, and that choice is made when lowering.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KnownTraits {
    pub documentation: Option<String>,
    pub deprecated: Option<Deprecated>,
    pub sensitive: bool,

    // Nullability and defaults.
    pub required: bool,
    pub client_optional: bool,
    pub added_default: bool,
    /// Smithy 1.0's `@box`.
    pub boxed: bool,
    /// `@input`: the structure is an operation's input.
    pub input: bool,
    /// `@default`; `Some(Value::Null)` says a default was removed. The value
    /// is a Smithy node value, checked against its target by validation.
    pub default: Option<Value>,

    // The type's form on the wire.
    pub sparse: bool,
    pub streaming: bool,
    pub unique_items: bool,
    pub media_type: Option<String>,
    pub timestamp_format: Option<TimestampFormat>,
    pub json_name: Option<String>,

    // Constraints.
    pub length: Option<Bounds<u64>>,
    /// `@range`, its bounds as the model writes the numbers.
    pub range: Option<Bounds<String>>,
    pub pattern: Option<String>,

    // Enums.
    pub enum_value: Option<EnumValueTrait>,
    /// Smithy 1.0's `@enum` on a string shape.
    pub legacy_enum: Option<Vec<LegacyEnumEntry>>,

    // HTTP bindings of members.
    /// The member's binding trait; a member has at most one, and none puts
    /// it in the body.
    pub http_binding: HttpBinding,
    pub host_label: bool,
    pub idempotency_token: bool,

    // Operations.
    pub http: Option<HttpTrait>,
    /// `@endpoint`'s host prefix, split into literals and labels.
    pub host_prefix: Option<Vec<HostPrefixPiece>>,
    /// `@requestCompression`'s encodings, as the model lists them.
    pub request_compression: Option<Vec<String>>,
    pub http_checksum_required: bool,
    /// `@paginated`, on an operation or (as defaults for its operations) on
    /// a service.
    pub paginated: Option<Paginated>,

    /// `aws.api#service`'s `sdkId`, which names the service's module.
    pub sdk_id: Option<String>,
    /// `smithy.rules#endpointRuleSet`, as the model gives it; lowering
    /// decodes it with the runtime's own decoder.
    pub endpoint_rule_set: Option<Value>,
    /// `smithy.rules#endpointTests`' cases.
    pub endpoint_tests: Vec<Value>,
    /// `smithy.rules#staticContextParams`: endpoint parameters an
    /// operation fixes, by name.
    pub static_context_params: Vec<(String, StaticParamValue)>,
    /// `smithy.rules#contextParam`: the endpoint parameter an input member
    /// sets.
    pub context_param: Option<String>,

    // Authentication.
    /// `aws.auth#sigv4`'s signing name, on a service.
    pub sigv4_name: Option<String>,
    /// `@auth`'s schemes, on a service or an operation.
    pub auth: Option<Vec<String>>,
    pub optional_auth: bool,

    // Errors.
    pub error: Option<ErrorFault>,
    pub http_error: Option<u16>,
    pub retryable: Option<Retryable>,
}

impl KnownTraits {
    /// Whether `@requestCompression` lists gzip, the one encoding clients
    /// are required to support.
    pub fn compresses_with_gzip(&self) -> bool {
        self.request_compression
            .iter()
            .flatten()
            .any(|encoding| encoding.eq_ignore_ascii_case("gzip"))
    }
}

/// `@paginated`: the members that carry the page token, the items and the
/// page size, as paths of member names joined by `.`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paginated {
    pub input_token: Option<String>,
    pub output_token: Option<String>,
    pub items: Option<String>,
    pub page_size: Option<String>,
}

impl Paginated {
    /// This operation's pagination, with the service's values for the
    /// members it leaves out.
    pub fn over(&self, service: Option<&Paginated>) -> Paginated {
        let inherit = |own: &Option<String>, pick: fn(&Paginated) -> &Option<String>| {
            own.clone()
                .or_else(|| service.and_then(|s| pick(s).clone()))
        };
        Paginated {
            input_token: inherit(&self.input_token, |p| &p.input_token),
            output_token: inherit(&self.output_token, |p| &p.output_token),
            items: inherit(&self.items, |p| &p.items),
            page_size: inherit(&self.page_size, |p| &p.page_size),
        }
    }
}

/// `@deprecated`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecated {
    pub message: Option<String>,
    pub since: Option<String>,
}

/// `@timestampFormat` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

/// The bounds of `@length` or `@range`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounds<T> {
    pub min: Option<T>,
    pub max: Option<T>,
}

/// An `@enumValue`: a string for enums, a 32-bit integer for intEnums
/// (validation checks which the shape has).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumValueTrait {
    String(String),
    Int(i32),
}

/// An entry of Smithy 1.0's `@enum`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyEnumEntry {
    pub value: String,
    pub name: Option<String>,
    pub documentation: Option<String>,
}

/// Where an operation's input or output member goes in the HTTP message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum HttpBinding {
    /// No binding trait: a member of the JSON body.
    #[default]
    Body,
    /// `@httpLabel`: a segment of the URI path.
    Label,
    /// `@httpQuery`: a query parameter of this name.
    Query(String),
    /// `@httpQueryParams`: a map of further query parameters.
    QueryParams,
    /// `@httpHeader`: a header of this name.
    Header(String),
    /// `@httpPrefixHeaders`: a map of headers whose names start with this.
    PrefixHeaders(String),
    /// `@httpPayload`: the whole body.
    Payload,
    /// `@httpResponseCode`: the status code of a response.
    ResponseCode,
}

/// `@http`, its URI split into path segments and literal query text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpTrait {
    pub method: String,
    /// The URI as the model writes it, for documentation.
    pub uri: String,
    pub path: Vec<UriSegment>,
    /// Literal query text after `?`, sent with every request.
    pub query: Option<String>,
    pub code: u16,
}

impl HttpTrait {
    /// The label names of the path, greedy labels without their `+`.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.path.iter().filter_map(|segment| match segment {
            UriSegment::Label { name, .. } => Some(name.as_str()),
            UriSegment::Literal(_) => None,
        })
    }
}

/// A piece of an `@http` URI path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriSegment {
    Literal(String),
    /// `{name}`, or `{name+}` when `greedy` (it may span `/`).
    Label {
        name: String,
        greedy: bool,
    },
}

/// A piece of an `@endpoint` host prefix, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPrefixPiece {
    Literal(String),
    /// `{name}`: the input member marked `@hostLabel`.
    Label(String),
}

/// `@error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFault {
    Client,
    Server,
}

/// `@retryable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retryable {
    pub throttling: bool,
}

/// A trait whose value does not have its specified form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraitError {
    pub trait_id: &'static str,
    pub message: String,
}

/// Decodes every shape's and member's traits, naming the shape or member
/// of the first trait that is malformed.
pub fn decode_all(model: &mut Model) -> Result<(), Error> {
    for shape in model.shapes.values_mut() {
        let invalid = |location: Location, e: TraitError| {
            Error::new(
                location,
                ErrorKind::InvalidTrait {
                    trait_id: e.trait_id.into(),
                    message: e.message,
                },
            )
        };
        *shape.known = decode(&shape.traits)
            .map_err(|e| invalid(Location::shape(&shape.file, &shape.id), e))?;
        for member in shape.kind.members_mut() {
            *member.known = decode(&member.traits)
                .map_err(|e| invalid(Location::member(&shape.file, &shape.id, &member.name), e))?;
        }
    }
    Ok(())
}

/// Decodes the known traits among `traits`; others are ignored.
pub fn decode(traits: &Traits) -> Result<KnownTraits, TraitError> {
    let read = Reader(traits);
    Ok(KnownTraits {
        documentation: read.string(ids::DOCUMENTATION)?,
        deprecated: read.with(ids::DEPRECATED, |value| {
            value.as_object().ok_or("expected an object")?;
            let text = |key: &str| optional_text(value, key, "");
            Ok(Deprecated {
                message: text("message")?,
                since: text("since")?,
            })
        })?,
        sensitive: read.has(ids::SENSITIVE),
        required: read.has(ids::REQUIRED),
        client_optional: read.has(ids::CLIENT_OPTIONAL),
        added_default: read.has(ids::ADDED_DEFAULT),
        boxed: read.has(ids::BOX),
        input: read.has(ids::INPUT),
        default: traits.get(ids::DEFAULT).cloned(),
        sparse: read.has(ids::SPARSE),
        streaming: read.has(ids::STREAMING),
        unique_items: read.has(ids::UNIQUE_ITEMS),
        media_type: read.string(ids::MEDIA_TYPE)?,
        timestamp_format: read.with(ids::TIMESTAMP_FORMAT, |value| match value.as_str() {
            Some("epoch-seconds") => Ok(TimestampFormat::EpochSeconds),
            Some("date-time") => Ok(TimestampFormat::DateTime),
            Some("http-date") => Ok(TimestampFormat::HttpDate),
            _ => Err(format!(
                "`{value}` is not \"epoch-seconds\", \"date-time\" or \"http-date\""
            )),
        })?,
        json_name: read.string(ids::JSON_NAME)?,
        length: read.with(ids::LENGTH, |value| {
            bounds(value, |bound| {
                bound.as_u64().ok_or("must be a non-negative integer")
            })
        })?,
        range: read.with(ids::RANGE, |value| {
            bounds(value, |bound| match bound {
                Value::Number(n) => Ok(number_text(n)),
                _ => Err("must be a number"),
            })
        })?,
        pattern: read.string(ids::PATTERN)?,
        enum_value: read.with(ids::ENUM_VALUE, |value| match value {
            Value::String(text) => Ok(EnumValueTrait::String(text.clone())),
            Value::Number(n) => n
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .map(EnumValueTrait::Int)
                .ok_or_else(|| format!("expected a string or a 32-bit integer, found {value}")),
            _ => Err(format!(
                "expected a string or a 32-bit integer, found {value}"
            )),
        })?,
        legacy_enum: read.with(ids::ENUM, legacy_enum)?,
        http_binding: http_binding(&read)?,
        host_label: read.has(ids::HOST_LABEL),
        idempotency_token: read.has(ids::IDEMPOTENCY_TOKEN),
        http: read.with(ids::HTTP, http)?,
        host_prefix: read.with(ids::ENDPOINT, |value| {
            let prefix = value
                .get("hostPrefix")
                .and_then(Value::as_str)
                .ok_or("expected an object with a string `hostPrefix`")?;
            host_prefix(prefix)
        })?,
        sdk_id: read
            .with(ids::AWS_SERVICE, |value| match value.get("sdkId") {
                None => Ok(None),
                Some(Value::String(id)) => Ok(Some(id.clone())),
                Some(_) => Err("`sdkId` must be a string".to_owned()),
            })?
            .flatten(),
        request_compression: read.with(ids::REQUEST_COMPRESSION, |value| {
            let encodings = value
                .get("encodings")
                .and_then(Value::as_array)
                .ok_or("expected an object with an array `encodings`")?;
            encodings
                .iter()
                .map(|e| e.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| "`encodings` must hold strings".to_owned())
        })?,
        http_checksum_required: read.has(ids::HTTP_CHECKSUM_REQUIRED),
        paginated: read.with(ids::PAGINATED, paginated)?,
        endpoint_rule_set: traits.get(ids::ENDPOINT_RULE_SET).cloned(),
        endpoint_tests: read
            .with(ids::ENDPOINT_TESTS, |value| match value.get("testCases") {
                None => Ok(Vec::new()),
                Some(Value::Array(cases)) => Ok(cases.clone()),
                Some(_) => Err("`testCases` must be a list".to_owned()),
            })?
            .unwrap_or_default(),
        static_context_params: read
            .with(ids::STATIC_CONTEXT_PARAMS, static_context_params)?
            .unwrap_or_default(),
        context_param: read.with(ids::CONTEXT_PARAM, name_field)?,
        sigv4_name: read.with(ids::SIGV4, name_field)?,
        auth: read.with(ids::AUTH, |value| {
            value
                .as_array()
                .and_then(|schemes| {
                    schemes
                        .iter()
                        .map(|s| s.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                })
                .ok_or_else(|| "expected a list of scheme ids".to_owned())
        })?,
        optional_auth: read.has(ids::OPTIONAL_AUTH),
        error: read.with(ids::ERROR, |value| match value.as_str() {
            Some("client") => Ok(ErrorFault::Client),
            Some("server") => Ok(ErrorFault::Server),
            _ => Err("expected \"client\" or \"server\"".to_owned()),
        })?,
        http_error: read.with(ids::HTTP_ERROR, |value| {
            value
                .as_u64()
                .and_then(|c| u16::try_from(c).ok())
                .filter(|c| (400..=599).contains(c))
                .ok_or_else(|| "expected a status from 400 to 599".to_owned())
        })?,
        retryable: read.with(ids::RETRYABLE, |value| {
            let throttling = match value.get("throttling") {
                None => false,
                Some(Value::Bool(throttling)) => *throttling,
                Some(_) => return Err("`throttling` must be a boolean".to_owned()),
            };
            Ok(Retryable { throttling })
        })?,
    })
}

/// A value an operation fixes for an endpoint parameter: the two kinds
/// `staticContextParams` allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticParamValue {
    String(String),
    Bool(bool),
}

/// `{"name": "text", ...}`: the `name` of `contextParam` and `sigv4`.
fn name_field(value: &Value) -> Result<String, String> {
    value
        .get("name")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| "expected an object with a string `name`".to_owned())
}

/// `{"Name": {"value": "text" | true | false}, ...}`.
fn static_context_params(value: &Value) -> Result<Vec<(String, StaticParamValue)>, String> {
    let params = value.as_object().ok_or("expected an object")?;
    params
        .iter()
        .map(|(name, param)| match param.get("value") {
            Some(Value::String(text)) => Ok((name.clone(), StaticParamValue::String(text.clone()))),
            Some(Value::Bool(flag)) => Ok((name.clone(), StaticParamValue::Bool(*flag))),
            _ => Err(format!(
                "parameter `{name}` needs a string or boolean `value`"
            )),
        })
        .collect()
}

/// Reads trait values by id, naming the trait in errors.
struct Reader<'a>(&'a Traits);

impl Reader<'_> {
    fn has(&self, id: &'static str) -> bool {
        self.0.has(id)
    }

    /// The trait decoded by `decode`, when applied.
    fn with<T>(
        &self,
        id: &'static str,
        decode: impl FnOnce(&Value) -> Result<T, String>,
    ) -> Result<Option<T>, TraitError> {
        self.0
            .get(id)
            .map(decode)
            .transpose()
            .map_err(|message| TraitError {
                trait_id: id,
                message,
            })
    }

    fn string(&self, id: &'static str) -> Result<Option<String>, TraitError> {
        self.with(id, |value| {
            value
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| "expected a string".to_owned())
        })
    }
}

fn bounds<T>(
    value: &Value,
    bound: impl Fn(&Value) -> Result<T, &'static str>,
) -> Result<Bounds<T>, String> {
    let object = value.as_object().ok_or("expected an object")?;
    let read = |key: &str| {
        object
            .get(key)
            .map(|b| bound(b).map_err(|m| format!("`{key}` {m}")))
            .transpose()
    };
    Ok(Bounds {
        min: read("min")?,
        max: read("max")?,
    })
}

/// A JSON number as the model wrote it, as far as serde_json kept it: a
/// whole number too large for 64 bits arrives as `f64`, and is written
/// without the `.0` that would make it unreadable as a big integer.
fn number_text(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if !n.is_i64() && !n.is_u64() && f.fract() == 0.0 && f.abs() < 1e300 => {
            format!("{f:.0}")
        }
        _ => n.to_string(),
    }
}

fn legacy_enum(value: &Value) -> Result<Vec<LegacyEnumEntry>, String> {
    let entries = value
        .as_array()
        .filter(|entries| !entries.is_empty())
        .ok_or("expected a non-empty array")?;
    entries
        .iter()
        .map(|entry| {
            let text = |key: &str| optional_text(entry, key, "an entry's ");
            Ok(LegacyEnumEntry {
                value: text("value")?.ok_or("every entry needs a string `value`")?,
                name: text("name")?,
                documentation: text("documentation")?,
            })
        })
        .collect()
}

/// The string at `key` of an object trait value, if present; `whose`
/// says in errors what holds the key.
fn optional_text(object: &Value, key: &str, whose: &str) -> Result<Option<String>, String> {
    match object.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(format!("{whose}`{key}` must be a string")),
    }
}

fn paginated(value: &Value) -> Result<Paginated, String> {
    value.as_object().ok_or("expected an object")?;
    let text = |key: &str| optional_text(value, key, "");
    Ok(Paginated {
        input_token: text("inputToken")?,
        output_token: text("outputToken")?,
        items: text("items")?,
        page_size: text("pageSize")?,
    })
}

/// The member's HTTP binding trait; more than one is an error.
fn http_binding(read: &Reader<'_>) -> Result<HttpBinding, TraitError> {
    let mut found = Vec::new();
    if read.has(ids::HTTP_LABEL) {
        found.push(HttpBinding::Label);
    }
    if let Some(name) = read.string(ids::HTTP_QUERY)? {
        found.push(HttpBinding::Query(name));
    }
    if read.has(ids::HTTP_QUERY_PARAMS) {
        found.push(HttpBinding::QueryParams);
    }
    if let Some(name) = read.string(ids::HTTP_HEADER)? {
        found.push(HttpBinding::Header(name));
    }
    if let Some(prefix) = read.string(ids::HTTP_PREFIX_HEADERS)? {
        found.push(HttpBinding::PrefixHeaders(prefix));
    }
    if read.has(ids::HTTP_PAYLOAD) {
        found.push(HttpBinding::Payload);
    }
    if read.has(ids::HTTP_RESPONSE_CODE) {
        found.push(HttpBinding::ResponseCode);
    }
    match found.len() {
        0 => Ok(HttpBinding::Body),
        1 => Ok(found.remove(0)),
        n => Err(TraitError {
            trait_id: ids::HTTP_LABEL,
            message: format!("a member takes one HTTP binding, not {n}: {found:?}"),
        }),
    }
}

fn http(value: &Value) -> Result<HttpTrait, String> {
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
    let (path_text, query) = match uri.split_once('?') {
        Some((path, query)) => (path, Some(query.to_owned())),
        None => (uri, None),
    };
    let path = split_labels(path_text)
        .map_err(|m| format!("uri `{uri}` {m}"))?
        .into_iter()
        .map(|piece| match piece {
            Piece::Literal(text) => UriSegment::Literal(text.to_owned()),
            Piece::Label(label) => match label.strip_suffix('+') {
                Some(name) => UriSegment::Label {
                    name: name.to_owned(),
                    greedy: true,
                },
                None => UriSegment::Label {
                    name: label.to_owned(),
                    greedy: false,
                },
            },
        })
        .collect::<Vec<_>>();
    for segment in &path {
        if let UriSegment::Label { name, .. } = segment {
            if !is_identifier(name) {
                return Err(format!("uri `{uri}` has a malformed label `{{{name}}}`"));
            }
        }
    }
    Ok(HttpTrait {
        method: method.to_owned(),
        uri: uri.to_owned(),
        path,
        query,
        code,
    })
}

fn host_prefix(prefix: &str) -> Result<Vec<HostPrefixPiece>, String> {
    split_labels(prefix)
        .map_err(|m| format!("`{prefix}` {m}"))?
        .into_iter()
        .map(|piece| match piece {
            Piece::Literal(text) => Ok(HostPrefixPiece::Literal(text.to_owned())),
            Piece::Label(label) if is_identifier(label) => {
                Ok(HostPrefixPiece::Label(label.to_owned()))
            }
            Piece::Label(label) => Err(format!("`{prefix}` has a malformed label `{{{label}}}`")),
        })
        .collect()
}

/// A piece of a template with `{label}`s.
enum Piece<'a> {
    Literal(&'a str),
    Label(&'a str),
}

fn split_labels(template: &str) -> Result<Vec<Piece<'_>>, &'static str> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if rest[..open].contains('}') {
            return Err("closes a label it does not open");
        }
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or("opens a label it does not close")?;
        if open > 0 {
            pieces.push(Piece::Literal(&rest[..open]));
        }
        pieces.push(Piece::Label(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return Err("closes a label it does not open");
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn known(value: Value) -> Result<KnownTraits, TraitError> {
        decode(&Traits::new(serde_json::from_value(value).unwrap()))
    }

    #[test]
    fn auth_and_endpoint_context_traits_decode() {
        let t = known(json!({
            "aws.auth#sigv4": {"name": "connect"},
            "smithy.api#auth": [],
            "smithy.api#optionalAuth": {},
            "smithy.rules#contextParam": {"name": "EndpointId"},
            "smithy.rules#staticContextParams": {"ApiType": {"value": "DataPlane"}, "Beta": {"value": true}}
        }))
        .unwrap();
        assert_eq!(t.sigv4_name.as_deref(), Some("connect"));
        assert_eq!(t.auth, Some(Vec::new()));
        assert!(t.optional_auth);
        assert_eq!(t.context_param.as_deref(), Some("EndpointId"));
        assert_eq!(
            t.static_context_params,
            [
                (
                    "ApiType".to_owned(),
                    StaticParamValue::String("DataPlane".to_owned())
                ),
                ("Beta".to_owned(), StaticParamValue::Bool(true))
            ]
        );
    }

    #[test]
    fn http_uris_split_into_literals_labels_and_query() {
        let t = known(json!({"smithy.api#http": {"method": "GET", "uri": "/a/{Id}/b/{Key+}?x=1"}}))
            .unwrap();
        let http = t.http.unwrap();
        assert_eq!(
            http.path,
            vec![
                UriSegment::Literal("/a/".into()),
                UriSegment::Label {
                    name: "Id".into(),
                    greedy: false
                },
                UriSegment::Literal("/b/".into()),
                UriSegment::Label {
                    name: "Key".into(),
                    greedy: true
                },
            ]
        );
        assert_eq!(http.labels().collect::<Vec<_>>(), ["Id", "Key"]);
        assert_eq!(http.query.as_deref(), Some("x=1"));
        assert_eq!(http.code, 200);
    }

    #[test]
    fn host_prefixes_split_into_literals_and_labels() {
        let t = known(json!({"smithy.api#endpoint": {"hostPrefix": "foo.{label}."}})).unwrap();
        assert_eq!(
            t.host_prefix.unwrap(),
            vec![
                HostPrefixPiece::Literal("foo.".into()),
                HostPrefixPiece::Label("label".into()),
                HostPrefixPiece::Literal(".".into()),
            ]
        );
    }

    #[test]
    fn gzip_is_found_among_compression_encodings() {
        let t = known(json!({"smithy.api#requestCompression": {"encodings": ["br", "GZIP"]}}));
        assert!(t.unwrap().compresses_with_gzip());
        let t = known(json!({"smithy.api#requestCompression": {"encodings": ["br"]}}));
        assert!(!t.unwrap().compresses_with_gzip());
    }

    #[test]
    fn an_operation_paginates_with_the_service_members_it_leaves_out() {
        let service = known(json!({"smithy.api#paginated": {
            "inputToken": "NextToken", "outputToken": "NextToken", "pageSize": "MaxResults"
        }}))
        .unwrap()
        .paginated
        .unwrap();
        let operation =
            known(json!({"smithy.api#paginated": {"items": "Users", "pageSize": "Limit"}}))
                .unwrap()
                .paginated
                .unwrap();
        let merged = operation.over(Some(&service));
        assert_eq!(merged.input_token.as_deref(), Some("NextToken"));
        assert_eq!(merged.output_token.as_deref(), Some("NextToken"));
        assert_eq!(merged.items.as_deref(), Some("Users"));
        assert_eq!(merged.page_size.as_deref(), Some("Limit"));
    }

    #[test]
    fn ranges_keep_the_numbers_as_written() {
        let t = known(json!({"smithy.api#range": {"min": 0.5, "max": 1e20}})).unwrap();
        let range = t.range.unwrap();
        assert_eq!(range.min.as_deref(), Some("0.5"));
        assert_eq!(range.max.as_deref(), Some("100000000000000000000"));
    }

    /// Each malformed value is refused, naming the trait.
    #[test]
    fn malformed_values_name_their_trait() {
        let cases = [
            (
                json!({"smithy.api#http": {"method": "GET"}}),
                ids::HTTP,
                "method",
            ),
            (
                json!({"smithy.api#http": {"method": "GET", "uri": "/", "code": 70000}}),
                ids::HTTP,
                "70000",
            ),
            (
                json!({"smithy.api#http": {"method": "GET", "uri": "/{a"}}),
                ids::HTTP,
                "does not close",
            ),
            (
                json!({"smithy.api#http": {"method": "GET", "uri": "/{a b}"}}),
                ids::HTTP,
                "malformed label",
            ),
            (
                json!({"smithy.api#endpoint": {"hostPrefix": "foo.{label"}}),
                ids::ENDPOINT,
                "does not close",
            ),
            (
                json!({"smithy.api#endpoint": {"hostPrefix": "a}."}}),
                ids::ENDPOINT,
                "does not open",
            ),
            (
                json!({"smithy.api#requestCompression": {"encodings": [1]}}),
                ids::REQUEST_COMPRESSION,
                "strings",
            ),
            (
                json!({"smithy.api#length": {"min": -1}}),
                ids::LENGTH,
                "`min`",
            ),
            (
                json!({"smithy.api#range": {"max": "9"}}),
                ids::RANGE,
                "`max`",
            ),
            (json!({"smithy.api#pattern": 5}), ids::PATTERN, "string"),
            (
                json!({"smithy.api#timestampFormat": "unix"}),
                ids::TIMESTAMP_FORMAT,
                "unix",
            ),
            (
                json!({"smithy.api#jsonName": true}),
                ids::JSON_NAME,
                "string",
            ),
            (json!({"smithy.api#enumValue": [1]}), ids::ENUM_VALUE, "[1]"),
            (json!({"smithy.api#enum": []}), ids::ENUM, "non-empty"),
            (
                json!({"smithy.api#enum": [{"name": "A"}]}),
                ids::ENUM,
                "`value`",
            ),
            (json!({"smithy.api#error": "nobody"}), ids::ERROR, "client"),
            (json!({"aws.auth#sigv4": {"name": 1}}), ids::SIGV4, "`name`"),
            (
                json!({"smithy.api#auth": ["a", 2]}),
                ids::AUTH,
                "scheme ids",
            ),
            (
                json!({"smithy.rules#contextParam": {}}),
                ids::CONTEXT_PARAM,
                "`name`",
            ),
            (
                json!({"smithy.rules#staticContextParams": {"Stage": {"value": 3}}}),
                ids::STATIC_CONTEXT_PARAMS,
                "`Stage`",
            ),
            (
                json!({"smithy.api#paginated": {"items": 3}}),
                ids::PAGINATED,
                "`items`",
            ),
            (json!({"smithy.api#httpError": 200}), ids::HTTP_ERROR, "400"),
            (
                json!({"smithy.api#retryable": {"throttling": "yes"}}),
                ids::RETRYABLE,
                "boolean",
            ),
            (
                json!({"smithy.api#deprecated": {"since": 2}}),
                ids::DEPRECATED,
                "since",
            ),
            (
                json!({"smithy.api#documentation": {}}),
                ids::DOCUMENTATION,
                "string",
            ),
            (
                json!({"smithy.api#httpHeader": 1}),
                ids::HTTP_HEADER,
                "string",
            ),
            (
                json!({"smithy.api#httpLabel": {}, "smithy.api#httpQuery": "q"}),
                ids::HTTP_LABEL,
                "one HTTP binding",
            ),
        ];
        for (value, trait_id, part) in cases {
            let error = known(value.clone()).expect_err(&value.to_string());
            assert_eq!(error.trait_id, trait_id, "{value}");
            assert!(error.message.contains(part), "{value}: {}", error.message);
        }
    }
}
