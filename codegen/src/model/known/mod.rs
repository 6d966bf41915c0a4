//! The traits the generator acts on, decoded once from their JSON values
//! into types. Later layers read only these: no trait JSON leaves `model`.
//!
//! Decoding checks each trait's own form; rules that span shapes (a label
//! without its member, a default that does not fit its target) are checked
//! by the `validate` pass on the decoded values.

mod decode;
#[cfg(test)]
mod tests;

use serde_json::Value;

pub use decode::{decode, decode_all};

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
    pub xml_name: Option<String>,
    pub xml_attribute: bool,
    pub xml_flattened: bool,
    pub xml_namespace: Option<XmlNamespace>,
    /// `aws.protocols#ec2QueryName`: the member's key in ec2Query forms.
    pub ec2_query_name: Option<String>,
    /// `aws.customizations#s3UnwrappedXmlOutput`: the output's one member
    /// is the response's root element (S3's `GetBucketLocation`).
    pub s3_unwrapped_xml_output: bool,

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
    /// `aws.protocols#httpChecksum`.
    pub http_checksum: Option<HttpChecksum>,
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

    // Protocols.
    /// The protocol traits a service carries, in the order clients prefer
    /// them (see `traits::ids::PROTOCOLS`).
    pub protocols: Vec<&'static str>,
    /// `aws.protocols#awsQueryCompatible`: errors also carry their awsQuery
    /// code, in the `x-amzn-query-error` header.
    pub query_compatible: bool,
    /// `aws.protocols#awsQueryError`'s code: the one an error had under
    /// awsQuery.
    pub query_error_code: Option<String>,

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

/// `aws.protocols#httpChecksum`: the checksums an operation's requests and
/// responses may carry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpChecksum {
    /// The input member that names the request checksum's algorithm.
    pub request_algorithm_member: Option<String>,
    /// Requests must carry a checksum.
    pub request_checksum_required: bool,
    /// The input member that asks for response checksums (`ENABLED`).
    pub request_validation_mode_member: Option<String>,
    /// The algorithms response checksums may use, as the model names them.
    pub response_algorithms: Vec<String>,
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

/// `@xmlNamespace`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlNamespace {
    pub uri: String,
    pub prefix: Option<String>,
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

/// A value an operation fixes for an endpoint parameter: the two kinds
/// `staticContextParams` allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticParamValue {
    String(String),
    Bool(bool),
}
