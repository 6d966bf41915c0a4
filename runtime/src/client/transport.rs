//! What sends a request: a small trait, so the client runs over any HTTP
//! stack.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A boxed future that can move between threads.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends a request, already pointed at its endpoint and signed, and reads
/// the whole response.
///
/// Closures `Fn(http::Request<Vec<u8>>) -> impl Future<Output =
/// Result<http::Response<Vec<u8>>, TransportError>>` are transports too,
/// which suits tests and in-process fakes.
pub trait HttpTransport: Send + Sync {
    /// Sends `request` and reads the response.
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>>;
}

impl<F, Fut> HttpTransport for F
where
    F: Fn(http::Request<Vec<u8>>) -> Fut + Send + Sync,
    Fut: Future<Output = Result<http::Response<Vec<u8>>, TransportError>> + Send + 'static,
{
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        Box::pin(self(request))
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
