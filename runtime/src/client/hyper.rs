//! The default transport and timer (feature `hyper-client`): hyper 1 over
//! rustls with ring and Mozilla's root certificates, on tokio. Plain
//! `http://` endpoints work too, for local services and tests.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use super::{BoxFuture, HttpTransport, Sleep, TransportError, TransportErrorKind};

/// The time to connect, TLS included, before giving up: the standard
/// defaults' 3.1 seconds.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// Sends requests with hyper over rustls, keeping connections alive
/// between requests. Must be used within a tokio runtime.
#[derive(Debug, Clone)]
pub struct HyperTransport {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

impl Default for HyperTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl HyperTransport {
    /// A transport that gives up connecting after 3.1 seconds.
    pub fn new() -> Self {
        Self::with_connect_timeout(CONNECT_TIMEOUT)
    }

    /// A transport that gives up connecting after `limit`.
    pub fn with_connect_timeout(limit: Duration) -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(limit));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        Self {
            client: Client::builder(TokioExecutor::new()).build(https),
        }
    }
}

impl HttpTransport for HyperTransport {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        let sent = self
            .client
            .request(request.map(|body| Full::new(Bytes::from(body))));
        Box::pin(async move {
            let response = sent.await.map_err(|e| {
                let kind = if e.is_connect() {
                    TransportErrorKind::Connect
                } else {
                    TransportErrorKind::Io
                };
                TransportError::new(kind, e)
            })?;
            let (parts, body) = response.into_parts();
            let body = body
                .collect()
                .await
                .map_err(|e| TransportError::new(TransportErrorKind::Io, e))?
                .to_bytes();
            Ok(http::Response::from_parts(parts, body.to_vec()))
        })
    }
}

/// Tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}
