//! The lowered form the emitters read. Every name here is final and every
//! protocol decision made (wire names, bindings, timestamp formats,
//! defaults): emitters and the API report print, they never derive. Types
//! and patterns are referred to by id (see [`graph`]).

mod endpoint;
pub mod graph;
mod lower;
mod operation;
mod protocol;
mod protocol_tests;
pub mod spelling;
mod types;

pub use endpoint::*;
pub use graph::{NamedType, PatternId, TypeId};
pub use lower::{lower_service, LowerOptions, PatternPolicy};
pub use operation::*;
pub use protocol::{DocumentBody, DocumentFormat, DocumentSent, FormStyle, Protocol};
pub use protocol_tests::*;
pub use types::*;

use std::collections::BTreeSet;

pub use crate::model::protocol_tests::MessageExpectations;
pub use crate::model::Paginated as PaginatedTrait;
use crate::model::ShapeId;
pub use crate::model::{HttpBinding, StaticParamValue, TimestampFormat, XmlNamespace};

/// Documentation as Markdown lines, ready for `#[doc]` attributes.
pub type Docs = Vec<String>;

/// One service, as one module of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceIr {
    /// The Rust module name.
    pub module: String,
    pub shape_id: ShapeId,
    pub docs: Docs,
    /// Every generated type, sorted by Rust name; a [`TypeId`] is an index
    /// here.
    pub types: Vec<TypeDef>,
    /// The chosen operations, sorted by Rust name.
    pub operations: Vec<OperationIr>,
    /// Every `@pattern` the validators use, once each, in order of first
    /// use; a [`PatternId`] is an index here.
    pub patterns: Vec<PatternDef>,
    /// Patterns left unchecked because they do not compile (only when the
    /// request allows that), as messages naming the shape.
    pub warnings: Vec<String>,
    /// The service's own errors, which every operation can return.
    pub errors: Vec<TypeId>,
    /// The types a response can need error-corrected: the targets of
    /// required members, and errors (whose body may not be readable).
    pub error_corrected: BTreeSet<TypeId>,
    /// The enums that go in a URI, a query string or a header, as text.
    pub http_text: BTreeSet<TypeId>,
    /// The types a request body can hold, at any depth: those written as
    /// JSON.
    pub written: BTreeSet<TypeId>,
    /// The types a response can hold, at any depth: those an XML
    /// protocol's responses are read into.
    pub read: BTreeSet<TypeId>,
    /// The service's API version, which query protocols send.
    pub version: String,
    /// Some type is named like a prelude item generated code uses
    /// (`Option`, `Box`, ...), so `types.rs` names std items by path.
    pub types_shadow_prelude: bool,
    /// The service's endpoint rules, when its model has them.
    pub endpoint: Option<EndpointIr>,
    /// The SigV4 signing name (`aws.auth#sigv4`); `None` for a service
    /// whose requests are not signed.
    pub signing_name: Option<String>,
    /// Requests are signed as S3 requires: the signing name `s3`, which S3
    /// and S3 Control share.
    pub s3_signing: bool,
    /// A success status may carry an error (S3's `CopyObject` and
    /// `CompleteMultipartUpload` answer 200 with an `<Error>` when they
    /// fail after starting): an XML body whose root is `Error` is one.
    pub errors_in_success: bool,
    /// The service's id as configuration names it (`aws.api#service`'s
    /// `sdkId`, else the service shape's name): what
    /// `AWS_ENDPOINT_URL_<ID>` and the `[services]` sections key on.
    pub service_id: String,
    /// The protocol the crate speaks.
    pub protocol: Protocol,
    /// How its requests carry their document.
    pub document: DocumentBody,
    /// Every protocol the service offers, in the order clients prefer them.
    pub offered_protocols: Vec<&'static str>,
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

    /// Whether any operation computes or checks `@httpChecksum`s.
    pub fn uses_checksums(&self) -> bool {
        self.operations.iter().any(|op| op.checksum.is_some())
    }

    /// Whether any operation sends Glacier's payload checksums.
    pub fn uses_glacier_checksums(&self) -> bool {
        self.operations.iter().any(|op| op.glacier_checksums)
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
