//! What sends a request: a small trait, so the client runs over any HTTP
//! stack.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use super::ResponseBody;
use crate::ByteStream;

/// A boxed future that can move between threads.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends a request, already pointed at its endpoint and signed, and gives
/// the response as soon as its head arrives. The client reads the body,
/// within its size limit and stalled-stream protection (see
/// [`super::Config`]).
///
/// The request body is a [`ByteStream`]: bytes in memory, or a stream
/// of them (an upload) that the transport reads as it sends.
///
/// Closures `Fn(http::Request<ByteStream>) -> impl Future<Output =
/// Result<http::Response<B>, TransportError>>`, where `B` is a
/// [`ResponseBody`] or anything that turns into one (`Vec<u8>`, `String`),
/// are transports too, which suits tests and in-process fakes.
pub trait HttpTransport: Send + Sync {
    /// Sends `request` and gives the response.
    fn send(
        &self,
        request: http::Request<ByteStream>,
    ) -> BoxFuture<'_, Result<http::Response<ResponseBody>, TransportError>>;
}

impl<F, Fut, B> HttpTransport for F
where
    F: Fn(http::Request<ByteStream>) -> Fut + Send + Sync,
    Fut: Future<Output = Result<http::Response<B>, TransportError>> + Send + 'static,
    B: Into<ResponseBody>,
{
    fn send(
        &self,
        request: http::Request<ByteStream>,
    ) -> BoxFuture<'_, Result<http::Response<ResponseBody>, TransportError>> {
        let sent = self(request);
        Box::pin(async move { sent.await.map(|response| response.map(Into::into)) })
    }
}

/// Why a transport got no response.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Box<dyn Error + Send + Sync>,
}

/// What kind of failure a [`TransportError`] is; the first three are
/// worth retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection: refused, unreachable, DNS, TLS handshake.
    Connect,
    /// No response in time.
    Timeout,
    /// The connection broke while the request or response was under way.
    Io,
    /// The response body is larger than the client's limit.
    BodyTooLarge,
    /// Anything else, which sending again would not fix.
    Other,
}

impl TransportError {
    /// An error of `kind`, caused by `source`.
    pub fn new(kind: TransportErrorKind, source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self {
            kind,
            source: source.into(),
        }
    }

    /// What kind of failure it is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "cannot connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Io => "connection failed",
            TransportErrorKind::BodyTooLarge => "response too large",
            TransportErrorKind::Other => "transport error",
        };
        write!(f, "{what}: {}", self.source)
    }
}

impl Error for TransportError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&*self.source)
    }
}
