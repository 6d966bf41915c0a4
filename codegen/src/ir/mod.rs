//! The lowered form the emitters read. Every name here is final: emitters
//! print identifiers, they never derive them.

mod endpoint;
mod lower;
mod protocol_tests;

pub use lower::{lower_service, PatternPolicy};
pub use protocol_tests::{
    EnumTestValue, ExpectedResult, FieldInit, RequestTest, ResponseTest, TestField, TestValue,
};

use std::collections::BTreeSet;

pub use crate::model::protocol_tests::MessageExpectations;
use crate::model::ShapeId;
pub use crate::model::{HttpBinding, StaticParamValue, TimestampFormat};

/// Documentation as Markdown lines, ready for `#[doc]` attributes.
pub type Docs = Vec<String>;

/// One service, as one module of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceIr {
    /// The Rust module name.
    pub module: String,
    pub shape_id: ShapeId,
    pub docs: Docs,
    /// Every generated type, sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// The chosen operations, sorted by Rust name.
    pub operations: Vec<OperationIr>,
    /// Every `@pattern` the validators use, once each, in order of first use.
    pub patterns: Vec<PatternDef>,
    /// Patterns left unchecked because they do not compile (only when the
    /// request allows that), as messages naming the shape.
    pub warnings: Vec<String>,
    /// The types a response can need error-corrected: the targets of
    /// required members, and errors (whose body may not be readable).
    pub error_corrected: BTreeSet<String>,
    /// The enums that go in a URI, a query string or a header, as text.
    pub http_text: BTreeSet<String>,
    /// The types a request body can hold, at any depth: those written as
    /// JSON.
    pub written: BTreeSet<String>,
    /// Some type is named like a prelude item generated code uses
    /// (`Option`, `Box`, ...), so `types.rs` names std items by path.
    pub types_shadow_prelude: bool,
    /// The service's endpoint rules, when its model has them.
    pub endpoint: Option<EndpointIr>,
    /// The SigV4 signing name (`aws.auth#sigv4`); `None` for a service
    /// whose requests are not signed.
    pub signing_name: Option<String>,
}

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

/// A `@pattern`, compiled once per process by the generated code.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternDef {
    /// The name of its `static`.
    pub name: String,
    /// The pattern as the model writes it, for messages.
    pub source: String,
    /// The pattern in ECMA 262, which `source` is unless it was written in
    /// Java's dialect.
    pub ecma: String,
    /// Whether it compiles with ECMA 262's `u` flag; patterns written for the
    /// older syntax (`\_`, `\:`) compile without it.
    pub unicode: bool,
    /// The same pattern in the `regex` crate's syntax, when it can say
    /// exactly the same thing (see [`crate::pattern`]).
    pub translated: Option<String>,
}

/// The constraint traits that apply to one value, and to the values inside it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Checks {
    /// `@length` bounds.
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// `@range` bounds, as the model writes the numbers.
    pub range: Option<(Option<String>, Option<String>)>,
    /// The name of the pattern's `static`.
    pub pattern: Option<String>,
    pub unique: bool,
    /// An `@httpLabel` member, which must not be empty.
    pub non_empty: bool,
    /// Checks on each item of a list.
    pub items: Option<Box<Checks>>,
    /// Checks on each key and value of a map.
    pub keys: Option<Box<Checks>>,
    pub values: Option<Box<Checks>>,
}

/// A generated type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
}

impl TypeDef {
    pub fn name(&self) -> &str {
        match self {
            Self::Struct(s) => &s.name,
            Self::Enum(e) => &e.name,
            Self::Union(u) => &u.name,
        }
    }
}

/// The Rust type of a field or variant.
#[derive(Debug, Clone, PartialEq)]
pub enum RustType {
    Bool,
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
    String,
    Blob,
    /// A timestamp and the format its shape (or member) asks for on the wire;
    /// `None` leaves the protocol's default for where the value goes.
    Timestamp(Option<TimestampFormat>),
    Document,
    BigInteger,
    BigDecimal,
    /// A generated type of the same service module.
    Named(String),
    List {
        item: Box<RustType>,
        sparse: bool,
    },
    Map {
        key: Box<RustType>,
        value: Box<RustType>,
        sparse: bool,
    },
}

/// What `@error`, `@httpError` and `@retryable` say of an error structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The error code services send: the shape's name.
    pub code: String,
    /// `@error("server")` rather than `"client"`.
    pub server: bool,
    /// `@httpError`.
    pub status: Option<u16>,
    /// `@retryable`, and whether it says the error is throttling.
    pub retryable: Option<bool>,
}

/// A structure.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    pub name: String,
    /// The builder's type name (in the `builders` module).
    pub builder: String,
    pub shape_id: ShapeId,
    pub docs: Docs,
    pub fields: Vec<Field>,
    /// The whole structure is `@sensitive`: `Debug` shows nothing of it.
    pub sensitive: bool,
    /// Set for `@error` structures.
    pub error: Option<ErrorInfo>,
    /// The function that reads it from a response, when it is an operation
    /// output or an error.
    pub reader: String,
}

impl StructDef {
    /// Whether `build()` can fail, which it does only for required members.
    pub fn has_required_fields(&self) -> bool {
        self.fields.iter().any(|f| f.presence == Presence::Required)
    }
}

/// How a member's value is held.
#[derive(Debug, Clone, PartialEq)]
pub enum Presence {
    /// `Option<T>`: the member may be absent.
    Optional,
    /// `T`, and `build()` fails without it.
    Required,
    /// `T`, filled with the model's default when not set.
    Default(DefaultValue),
}

/// A `@default` value, already checked against the member's type.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// The type's `Default::default()`: `0`, `false`, `""`, empty collections.
    Zero,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    /// A variant of a generated enum.
    EnumVariant(String),
    /// A timestamp, in epoch seconds.
    EpochSeconds(f64),
    Blob(Vec<u8>),
    Document(String),
}

/// A structure member.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust field name (possibly a raw identifier).
    pub name: String,
    /// The member name as the model and its JSON documentation spell it.
    pub member: String,
    /// The key in JSON bodies: `@jsonName`, else the member name.
    pub json_name: String,
    /// Where the member goes when its structure is an operation's input or
    /// output (or an error).
    pub binding: HttpBinding,
    /// `@mediaType` of the target string or blob, which makes a header
    /// value base64 and names the content type of a payload.
    pub media_type: Option<String>,
    /// The builder method that sets or clears the member (`set_<name>`).
    pub setter: String,
    /// The associated function giving a non-zero default (`default_<name>`).
    pub default_fn: String,
    pub docs: Docs,
    pub ty: RustType,
    pub presence: Presence,
    /// `@required`, which validation checks on members that are `Option`.
    pub required: bool,
    pub checks: Checks,
    /// Held in a `Box` to break a recursion cycle.
    pub boxed: bool,
    pub sensitive: bool,
    pub deprecated: Option<String>,
    /// `@idempotencyToken`: a request fills it with a fresh token when unset.
    pub idempotency_token: bool,
    /// It holds an event stream (a union marked `@streaming`), which the
    /// generated code neither writes nor reads.
    pub event_stream: bool,
}

/// A string enum or intEnum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    pub name: String,
    pub shape_id: ShapeId,
    pub docs: Docs,
    pub variants: Vec<EnumVariant>,
    pub int: bool,
    pub sensitive: bool,
}

/// A known enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    /// The member name in the model (a Smithy 1.0 `@enum` entry's name, or
    /// its value when it has none).
    pub member: String,
    pub docs: Docs,
    pub value: EnumValue,
    pub deprecated: Option<String>,
}

/// A modelled enum value.
#[derive(Debug, Clone, PartialEq)]
pub enum EnumValue {
    String(String),
    Int(i32),
}

/// A union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    pub name: String,
    pub shape_id: ShapeId,
    pub docs: Docs,
    pub variants: Vec<UnionVariant>,
    pub sensitive: bool,
}

/// A union member.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub member: String,
    /// The key in JSON: `@jsonName`, else the member name.
    pub json_name: String,
    pub docs: Docs,
    /// `None` for a member that targets `smithy.api#Unit`.
    pub ty: Option<RustType>,
    pub checks: Checks,
    pub boxed: bool,
    pub sensitive: bool,
    pub deprecated: Option<String>,
}

/// An operation and the types it uses.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationIr {
    pub name: String,
    /// The function that writes its request, in `protocol.rs`.
    pub serialize_fn: String,
    /// The function that reads its response.
    pub parse_fn: String,
    /// The function that reads its error responses; operations with the
    /// same errors share one.
    pub error_fn: String,
    /// Its error type, in the `errors` module.
    pub error_enum: String,
    /// The operation (by name) whose error enum this operation's error type
    /// aliases, when an earlier operation lists the same errors; `None`
    /// when this operation defines the enum.
    pub error_enum_shared_with: Option<String>,
    /// The error enum's catch-all variant, clear of the modelled errors.
    pub unhandled_variant: String,
    pub shape_id: ShapeId,
    pub docs: Docs,
    /// The first paragraph of `docs`, for the `Client` method.
    pub summary: Docs,
    pub input: Option<String>,
    pub output: Option<String>,
    pub errors: Vec<String>,
    /// Its `@http` binding; without one, requests cannot be written.
    pub http: Option<HttpRequest>,
    /// `@endpoint`'s host prefix, when the operation has one.
    pub host_prefix: Option<Vec<HostPrefixPart>>,
    /// `@requestCompression` lists gzip: bodies may be sent compressed.
    pub request_compression: bool,
    /// `@httpChecksumRequired`: requests carry `Content-MD5`.
    pub checksum_required: bool,
    /// `@paginated` with string tokens: how to ask for the next page.
    pub pagination: Option<Pagination>,
    /// Its method on the service's `Client`.
    pub client_method: String,
    /// Whether its requests are signed; `@auth([])` and `@optionalAuth`
    /// operations, and services without SigV4, send them unsigned.
    pub signed: bool,
    /// `smithy.rules#staticContextParams`: endpoint parameters it fixes.
    pub endpoint_params: Vec<(String, StaticParamValue)>,
    /// `smithy.rules#contextParam`s: endpoint parameters set from input
    /// members (strings and booleans).
    pub context_params: Vec<ContextParam>,
    /// The `static` in `client.rs` that holds `signed` and
    /// `endpoint_params`; operations alike in both share one.
    pub client_spec: String,
    /// Client-side restJson1 `httpRequestTests` of the operation.
    pub request_tests: Vec<RequestTest>,
    /// Client-side restJson1 `httpResponseTests` of the operation and of
    /// the errors it is the first to list.
    pub response_tests: Vec<ResponseTest>,
}

/// How an operation's next page is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The input's `Option<String>` field that carries the token.
    pub input_token: String,
    /// The fields from the output down to the token, a `String`.
    pub output_token: Vec<TokenStep>,
    /// The page's items, when `@paginated` names a list or map member.
    pub items: Option<PageItems>,
    /// The `Client` method giving a stream of pages.
    pub pages_method: String,
    /// The `Client` method giving a stream of items (with `items`).
    pub items_method: String,
}

/// An endpoint parameter an input member sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextParam {
    /// The parameter's name in the rules.
    pub name: String,
    /// The input field.
    pub field: String,
    /// The field holds a `bool` rather than a `String`.
    pub boolean: bool,
    /// The field is an `Option`.
    pub optional: bool,
}

/// Where a page's items are.
#[derive(Debug, Clone, PartialEq)]
pub struct PageItems {
    /// The fields from the output down to the items.
    pub path: Vec<TokenStep>,
    /// The last field's type: a list or a map.
    pub ty: RustType,
}

/// A field on the way to the output token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenStep {
    pub field: String,
    /// An `Option`, which ends the pagination when `None`.
    pub optional: bool,
    /// Held in a `Box`.
    pub boxed: bool,
}

/// An operation's `@http` trait, its path resolved to the input's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    /// The URI as the model writes it, for documentation.
    pub uri: String,
    pub path: Vec<PathSegment>,
    /// Literal query text the URI carries after `?`.
    pub literal_query: Option<String>,
}

/// A piece of a request path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Literal(String),
    /// A label: the input field (by index in its structure's fields) whose
    /// value fills it; a greedy label may span `/`.
    Label {
        field: usize,
        greedy: bool,
    },
}

/// A piece of an `@endpoint` host prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPrefixPart {
    Literal(String),
    /// A `@hostLabel` member of the input, by index in its structure's
    /// fields.
    Label {
        field: usize,
    },
}

impl RustType {
    /// The generated type this is, or that a collection of it holds.
    pub fn named(&self) -> Option<&str> {
        match self {
            Self::Named(name) => Some(name),
            Self::List { item, .. } => item.named(),
            Self::Map { value, .. } => value.named(),
            _ => None,
        }
    }

    /// Whether a `bigInteger` or `bigDecimal` is in the type, at any depth
    /// of its collections.
    pub fn holds_big_number(&self) -> bool {
        match self {
            Self::BigInteger | Self::BigDecimal => true,
            Self::List { item, .. } => item.holds_big_number(),
            Self::Map { value, .. } => value.holds_big_number(),
            _ => false,
        }
    }
}

impl ServiceIr {
    /// Whether any type holds a big number, so the crate needs the runtime's
    /// big-number support.
    pub fn uses_big_numbers(&self) -> bool {
        self.types.iter().any(|ty| match ty {
            TypeDef::Struct(def) => def.fields.iter().any(|f| f.ty.holds_big_number()),
            TypeDef::Union(def) => def
                .variants
                .iter()
                .any(|v| v.ty.as_ref().is_some_and(RustType::holds_big_number)),
            TypeDef::Enum(_) => false,
        })
    }

    /// Whether some `@pattern` runs on the ECMA 262 engine (`regress`),
    /// having no `regex` crate form.
    pub fn needs_ecma_engine(&self) -> bool {
        self.patterns.iter().any(|p| p.translated.is_none())
    }

    /// Whether any operation may gzip its request body.
    pub fn uses_request_compression(&self) -> bool {
        self.operations.iter().any(|op| op.request_compression)
    }

    /// Whether the endpoint rules come with test cases.
    pub fn has_endpoint_tests(&self) -> bool {
        self.endpoint.as_ref().is_some_and(|e| !e.tests.is_empty())
    }

    /// Whether any operation carries protocol tests.
    pub fn has_protocol_tests(&self) -> bool {
        self.operations
            .iter()
            .any(|op| !op.request_tests.is_empty() || !op.response_tests.is_empty())
    }
}
