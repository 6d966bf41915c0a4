//! What Rust crates generated from Smithy models of the JSON protocols build on.
//!
//! Every generated crate depends on this one and re-exports it as its
//! `runtime` module, so two generated crates share the same [`Blob`],
//! [`Timestamp`], [`Operation`] and error types, and a fix here reaches them
//! without regenerating.
//!
//! - Values: [`Blob`], [`Timestamp`] (with [`TimestampFormat`]),
//!   [`Document`], [`Unit`], [`UnknownVariantValue`], [`UnknownMember`], and
//!   with the `big-numbers` feature `BigInteger` and `BigDecimal`.
//! - JSON: [`from_json`] reads input written by people strictly, [`to_json`]
//!   writes any generated type, and [`json`] holds the readers and writers
//!   generated code drives.
//! - Requests: [`Operation::serialize_request`], shaped by
//!   [`request::RequestOptions`], and [`request::apply_endpoint`]. Bodies
//!   are [`ByteStream`]s: bytes, or a stream an upload need not hold.
//! - Checksums: [`checksum`], computed with the feature `checksums`.
//! - Responses: [`Operation::parse_response`], and the errors in
//!   [`response`].
//! - Validation (feature `validate`, on by default): [`Validate`].
//! - Endpoints: [`endpoint::RuleSet`] resolves a service's endpoint rules.
//! - Signing (feature `sigv4`): `sigv4::sign`, with credentials from
//!   `credentials::ProvideCredentials`; with the feature `client`, the
//!   providers the AWS SDKs use and their default chain.
//! - Retries: [`retry::RetryState`], the standard strategy without I/O.
//! - Pagination: [`Paginated`] and [`PaginatedItems`], the step from one
//!   page to the next without I/O.
//! - A client (feature `client`): `client::ClientCore` puts the layers
//!   above together around an HTTP transport; feature `hyper-client` adds
//!   the default one.
//!
//! Only the `client` module does I/O, and only through the transport it is
//! given; everything else works on `http` crate types.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

// Generated service modules name the runtime `crate::runtime`, as they
// do in the crates that re-export it; inside the runtime that is itself.
#[cfg(any(feature = "sts", feature = "sso", feature = "login"))]
use crate as runtime;

mod blob;
mod byte_stream;
mod error_correction;
mod http_text;
mod operation;
mod path;
mod timestamp;
mod value;

#[cfg(feature = "big-numbers")]
mod big_number;
pub mod cbor;
pub mod checksum;
#[cfg(feature = "client")]
pub mod client;
pub mod config;
#[cfg(feature = "sigv4")]
pub mod credentials;
pub mod endpoint;
pub mod json;
pub mod profile;
pub mod query;
pub mod request;
pub mod response;
pub mod retry;
#[cfg(feature = "serde")]
pub mod serde_support;
#[cfg(any(feature = "sts", feature = "sso", feature = "login"))]
pub mod services;
#[cfg(feature = "sigv4")]
pub mod sigv4;
#[cfg(feature = "sources")]
pub mod sources;
#[cfg(feature = "validate")]
pub mod validate;
pub mod xml;

#[cfg(feature = "test-util")]
#[doc(hidden)]
pub mod protocol_test;

#[cfg(feature = "big-numbers")]
pub use big_number::{BigDecimal, BigInteger};
pub use blob::Blob;
pub use byte_stream::{ByteStream, ByteStreamError, ByteStreamErrorKind};
pub use json::JsonError;
pub use operation::{
    BuildError, Operation, PageTokens, Paginated, PaginatedItems, RepeatedPageToken,
};
pub use timestamp::{ParseTimestampError, Timestamp, TimestampFormat};
#[cfg(feature = "validate")]
pub use validate::{Constraint, Validate, ValidationError, Violation};
pub use value::{Document, Redacted, Unit, UnknownMember, UnknownVariantValue, REDACTED};

/// Reads a generated type from JSON written as the AWS documentation's
/// request syntax shows it, strictly: a missing required member, an unknown
/// member (with a suggestion when one is close), a repeated key and a value
/// of the wrong type are errors that say where they are. Responses are read
/// leniently instead (see [`json::read`]).
pub fn from_json<T: json::ReadJson>(json: &str) -> Result<T, JsonError> {
    let mut reader = json::Reader::strict(json.as_bytes());
    let value = T::read_json(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// Writes a generated type as JSON, as it goes on the wire: the same form
/// [`from_json`] reads.
pub fn to_json<T: json::WriteJson + ?Sized>(value: &T) -> Result<String, json::WriteError> {
    let mut out = Vec::with_capacity(256);
    value.write_json(&mut out)?;
    // The writer only ever appends valid UTF-8.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// What generated code calls, and nothing else should: no stability is
/// promised here.
#[doc(hidden)]
pub mod __private {
    pub use crate::blob::base64_encode;
    pub use crate::error_correction::{error_corrected, ErrorCorrection};
    pub use crate::http_text::{header_list, FromHttpText, HttpText};
    pub use crate::request::{RequestBuilder, RequestError, RequestErrorKind};
    pub use crate::response::{
        modeled, ErrorFacts, ErrorMetadata, Modeled, ResponseError, ResponseParts, Retry,
        ServiceError, Unhandled,
    };

    /// A document from JSON text the generator checked when it read the
    /// model (`@default` values, protocol test cases).
    pub fn document(json: &str) -> crate::Document {
        serde_json::from_str(json).unwrap_or_default()
    }
}
