//! Requests: the builder generated serializers drive, the options that
//! change how a request is written, and endpoints.

#[cfg(feature = "checksums")]
mod aws_chunked;
mod builder;
pub(crate) mod encode;
mod endpoint;
#[cfg(feature = "glacier")]
mod glacier;
mod options;

pub use builder::{RequestBuilder, RequestError, RequestErrorKind};
pub use encode::percent_encode_into;
pub(crate) use endpoint::redact_userinfo;
pub use endpoint::{apply_endpoint, is_valid_host_label, EndpointError, HostPrefix};
#[cfg(feature = "login")]
pub(crate) use options::uuid_v4_text;
pub use options::{random_uuid_v4, RequestOptions, When};
