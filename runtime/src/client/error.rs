//! What a call can fail with: the operation's own error, or a failure to
//! get an answer at all.

use std::error::Error;
use std::fmt;

use super::{TransportError, TransportErrorKind};

/// A failed call: the service answered with the operation's typed error
/// `E`, or no answer came ([`SendError`]).
#[derive(Debug)]
pub enum CallError<E> {
    /// The service's answer: one of the operation's modelled errors, or
    /// its catch-all for anything else.
    Service(E),
    /// The request was not sent, or no response came back.
    Send(SendError),
}

impl<E> CallError<E> {
    /// The service's error, if the service answered.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            Self::Service(error) => Some(error),
            Self::Send(_) => None,
        }
    }

    /// Why no answer came, if none did.
    pub fn send_error(&self) -> Option<&SendError> {
        match self {
            Self::Service(_) => None,
            Self::Send(error) => Some(error),
        }
    }
}

impl<E> From<SendError> for CallError<E> {
    fn from(error: SendError) -> Self {
        Self::Send(error)
    }
}

impl<E: fmt::Display> fmt::Display for CallError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Service(error) => write!(f, "service error: {error}"),
            Self::Send(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl<E: Error + 'static> Error for CallError<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Self::Service(error) => Some(error),
            Self::Send(error) => error.source(),
        }
    }
}

/// Why a request got no answer from the service.
#[derive(Debug)]
pub struct SendError {
    kind: SendErrorKind,
    source: Box<dyn Error + Send + Sync>,
}

/// The step at which a [`SendError`] happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendErrorKind {
    /// The input breaks the model's constraints, or cannot be written as
    /// a request.
    InvalidInput,
    /// The client is not set up to send: no transport or timer.
    Config,
    /// No endpoint: the rules' error for the configuration, or a malformed
    /// endpoint URL.
    Endpoint,
    /// No credentials to sign with.
    Credentials,
    /// The request could not be signed.
    Signing,
    /// The operation or an attempt took longer than allowed.
    Timeout,
    /// No connection to the endpoint.
    Connect,
    /// The connection failed, or the transport failed otherwise.
    Transport,
    /// The response body is larger than [`super::Config::max_response_body`].
    ResponseTooLarge,
    /// A paginated operation's service sent a page token it had sent
    /// before; asking again would loop forever.
    Pagination,
}

impl SendError {
    /// An error of `kind`, caused by `source`.
    pub fn new(kind: SendErrorKind, source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self {
            kind,
            source: source.into(),
        }
    }

    /// The step that failed.
    pub fn kind(&self) -> SendErrorKind {
        self.kind
    }
}

impl From<TransportError> for SendError {
    fn from(error: TransportError) -> Self {
        let kind = match error.kind() {
            TransportErrorKind::Connect => SendErrorKind::Connect,
            TransportErrorKind::Timeout => SendErrorKind::Timeout,
            TransportErrorKind::BodyTooLarge => SendErrorKind::ResponseTooLarge,
            _ => SendErrorKind::Transport,
        };
        Self::new(kind, error)
    }
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let step = match self.kind {
            SendErrorKind::InvalidInput => "invalid input",
            SendErrorKind::Config => "client configuration",
            SendErrorKind::Endpoint => "no endpoint",
            SendErrorKind::Credentials => "no credentials",
            SendErrorKind::Signing => "cannot sign",
            SendErrorKind::Timeout => "timed out",
            SendErrorKind::Connect => "cannot connect",
            SendErrorKind::Transport => "transport",
            SendErrorKind::ResponseTooLarge => "response too large",
            SendErrorKind::Pagination => "pagination",
        };
        write!(f, "no answer from the service ({step}): {}", self.source)
    }
}

impl Error for SendError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&*self.source)
    }
}
