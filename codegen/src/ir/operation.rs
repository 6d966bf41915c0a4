//! Operations: the request binding, errors, pagination, signing and
//! endpoint parameters of each, with every name final.

use super::{
    Docs, NamedType, PaginatedTrait, RequestTest, ResponseTest, RustType, ShapeId, StaticParamValue,
};

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
    /// The operation (by index in [`super::ServiceIr::operations`]) whose
    /// error enum this operation's error type aliases, when an earlier
    /// operation lists the same errors; `None` when this operation defines
    /// the enum.
    pub error_enum_owner: Option<usize>,
    /// The error enum's catch-all variant, clear of the modelled errors.
    pub unhandled_variant: String,
    pub shape_id: ShapeId,
    pub docs: Docs,
    /// The first paragraph of `docs`, for the `Client` method.
    pub summary: Docs,
    pub input: Option<NamedType>,
    pub output: Option<NamedType>,
    /// Every error it can return, the service's included, in the model's
    /// order; each is a variant of its error enum named like the type.
    pub errors: Vec<NamedType>,
    /// `@paginated`, the service's values applied, as the model writes it
    /// (whether or not the generated code can page with it).
    pub paginated_trait: Option<PaginatedTrait>,
    /// The element of an XML response that holds the output, inside the
    /// root (awsQuery's `{Operation}Result`); `None` when the root holds it.
    pub result_wrapper: Option<String>,
    /// Glacier's payload checksums: `x-amz-content-sha256` and
    /// `x-amz-sha256-tree-hash` of the body, unless the input sets the tree
    /// hash.
    pub glacier_checksums: bool,
    /// Its `@http` binding; without one, requests cannot be written.
    pub http: Option<HttpRequest>,
    /// `@endpoint`'s host prefix, when the operation has one.
    pub host_prefix: Option<Vec<HostPrefixPart>>,
    /// `@requestCompression` lists gzip: bodies may be sent compressed.
    pub request_compression: bool,
    /// `@httpChecksumRequired`: requests carry `Content-MD5`.
    pub checksum_required: bool,
    /// `aws.protocols#httpChecksum`, resolved against the input.
    pub checksum: Option<ChecksumIr>,
    /// The output field that takes a streamed payload (`@streaming`), which
    /// a client hands over unread.
    pub streamed_output: Option<String>,
    /// A success may carry an XML `<Error>` (S3's), which is then an error:
    /// so on every S3 operation but those whose output is streamed.
    pub errors_in_success: bool,
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
    /// Client-side `httpRequestTests` of the operation, in its protocol.
    pub request_tests: Vec<RequestTest>,
    /// Client-side `httpResponseTests` of the operation and of
    /// the errors it is the first to list.
    pub response_tests: Vec<ResponseTest>,
}

/// `aws.protocols#httpChecksum` of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecksumIr {
    /// Requests carry a checksum, when the operation takes one.
    pub request: Option<RequestChecksum>,
    /// The header, bound to the validation mode member, that asks for
    /// response checksums.
    pub validation_header: Option<String>,
    /// The runtime's `ChecksumAlgorithm` variants a response may be
    /// checked with.
    pub response_algorithms: Vec<String>,
}

/// The checksum requests carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestChecksum {
    /// The input field that names the algorithm: its name, whether it is
    /// an `Option`, and whether it is an enum (else a string).
    pub algorithm: Option<(String, bool, bool)>,
    /// `requestChecksumRequired`.
    pub required: bool,
}

/// How an operation's next page is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The input's `Option` field that carries the token.
    pub input_token: String,
    /// The fields from the output down to the token.
    pub output_token: Vec<TokenStep>,
    /// What the token is.
    pub token: PageToken,
    /// The page's items, when `@paginated` names a list or map member.
    pub items: Option<PageItems>,
    /// The `Client` method giving a stream of pages.
    pub pages_method: String,
    /// The `Client` method giving a stream of items (with `items`).
    pub items_method: String,
}

/// The kind of value a page token is.
#[derive(Debug, Clone, PartialEq)]
pub enum PageToken {
    /// A string, as most services use; an empty one ends the pages.
    Text,
    /// A value of another type, such as DynamoDB's `LastEvaluatedKey` map,
    /// sent back as it came; told apart from the tokens sent before by
    /// its document form.
    Value {
        ty: RustType,
        /// A list or map, which ends the pages when empty.
        collection: bool,
    },
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

/// The HTTP request of an operation: its `@http` trait, the path resolved
/// to the input's fields, or the fixed request of an RPC protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    /// The status code of a success.
    pub code: u16,
    /// The URI as the model writes it, for documentation.
    pub uri: String,
    pub path: Vec<PathSegment>,
    /// Literal query text the URI carries after `?`.
    pub literal_query: Option<String>,
    /// Headers the protocol sets on every request of the operation, such
    /// as awsJson's `X-Amz-Target`, as (name, value).
    pub headers: Vec<(String, String)>,
}

/// A piece of a request path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Literal(String),
    /// A label: the input field (by index in its structure's fields) whose
    /// value fills it; a greedy label may span `/`. `if_empty` is what an
    /// empty or unset value is sent as, where the service says (Glacier's
    /// account id, `-` for the caller's own).
    Label {
        field: usize,
        greedy: bool,
        if_empty: Option<String>,
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
