//! Decoding each known trait from its JSON value, with the trait named in
//! every error.

use serde_json::Value;

use super::super::shape_id::is_identifier;
use super::super::traits::{ids, Traits};
use super::super::Model;
use super::*;
use crate::error::{Error, ErrorKind, Location};

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
        xml_name: read.string(ids::XML_NAME)?,
        xml_attribute: read.has(ids::XML_ATTRIBUTE),
        xml_flattened: read.has(ids::XML_FLATTENED),
        xml_namespace: read.with(ids::XML_NAMESPACE, |value| {
            let uri = value
                .get("uri")
                .and_then(Value::as_str)
                .ok_or("expected an object with a string `uri`")?;
            Ok(XmlNamespace {
                uri: uri.to_owned(),
                prefix: optional_text(value, "prefix", "")?,
            })
        })?,
        ec2_query_name: read.string(ids::EC2_QUERY_NAME)?,
        s3_unwrapped_xml_output: read.has(ids::S3_UNWRAPPED_XML_OUTPUT),
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
        http_checksum: read.with(ids::HTTP_CHECKSUM, http_checksum)?,
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
        protocols: ids::PROTOCOLS
            .iter()
            .copied()
            .filter(|id| read.has(id))
            .collect(),
        query_compatible: read.has(ids::AWS_QUERY_COMPATIBLE),
        query_error_code: read.with(ids::AWS_QUERY_ERROR, |value| {
            value
                .get("code")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| "expected an object with a string `code`".to_owned())
        })?,
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

/// `aws.protocols#httpChecksum`'s object.
fn http_checksum(value: &Value) -> Result<HttpChecksum, String> {
    let member = |key: &str| match value.get(key) {
        None => Ok(None),
        Some(Value::String(name)) => Ok(Some(name.clone())),
        Some(_) => Err(format!("`{key}` must be a member name")),
    };
    let request_checksum_required = match value.get("requestChecksumRequired") {
        None => false,
        Some(Value::Bool(required)) => *required,
        Some(_) => return Err("`requestChecksumRequired` must be a boolean".to_owned()),
    };
    let response_algorithms = match value.get("responseAlgorithms") {
        None => Vec::new(),
        Some(Value::Array(names)) => names
            .iter()
            .map(|name| name.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or("`responseAlgorithms` must hold strings")?,
        Some(_) => return Err("`responseAlgorithms` must be a list".to_owned()),
    };
    Ok(HttpChecksum {
        request_algorithm_member: member("requestAlgorithmMember")?,
        request_checksum_required,
        request_validation_mode_member: member("requestValidationModeMember")?,
        response_algorithms,
    })
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
