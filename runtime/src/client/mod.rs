//! A client for any generated service, layered over the sans-IO core
//! (feature `client`).
//!
//! A generated crate's `Client` hands each call to [`ClientCore`], which
//! serializes the input, resolves the endpoint from the service's rules
//! and the [`Config`], applies the operation's host prefix, signs with
//! SigV4, sends through an [`HttpTransport`], retries with the standard
//! strategy and parses the response. Each layer below it stays usable
//! alone: [`crate::Operation`] for requests and responses,
//! [`crate::endpoint`], [`crate::sigv4`] and [`crate::retry`].
//!
//! The transport and the timer are traits, so any async runtime can drive
//! the client; with the `hyper-client` feature, `HyperTransport` (hyper and
//! rustls) and `TokioSleep` are the defaults.
//!
//! A call fails with [`CallError`]: either the operation's typed error
//! ([`CallError::Service`]) or a [`SendError`] saying why no answer came
//! (invalid input, endpoint, credentials, signing, timeout, connection).

mod body;
mod config;
mod core;
mod defaults;
mod error;
mod from_env;
#[cfg(feature = "hyper-client")]
mod hyper;
mod pages;
mod plain_http;
mod signer;
mod skew;
mod time;
mod tls;
mod transport;

pub(crate) use body::{read_body, BodyLimits};
pub use body::{ResponseBody, StalledStreamProtection, DEFAULT_MAX_RESPONSE_BODY};
pub use config::{Config, ConfigBuilder, HttpSettings, S3Settings};
pub use core::{Call, ClientCore, OperationSpec, Service, StaticParam};
pub(crate) use defaults::{default_sleep, default_transport};
pub use error::{CallError, SendError, SendErrorKind};
pub use from_env::EnvConfigError;
#[cfg(feature = "hyper-client")]
pub use hyper::{HyperTransport, TokioSleep};
pub use pages::{Items, Pages};
pub(crate) use time::timeout;
pub use time::Sleep;
pub use tls::{PemError, TlsRoots};
pub use transport::{BoxFuture, HttpTransport, TransportError, TransportErrorKind};
