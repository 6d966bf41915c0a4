//! The default transport and timer (feature `hyper-client`): hyper 1 over
//! rustls with ring, on tokio. Plain `http://` endpoints work too, for local
//! services and tests; the client decides which hosts may be sent to in
//! clear text.

use std::error::Error;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_rustls::{HttpsConnector, MaybeHttpsStream};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::CertificateDer;

use super::{BoxFuture, HttpSettings, HttpTransport, ResponseBody, Sleep, TlsRoots};
use super::{TransportError, TransportErrorKind};
use crate::ByteStream;

/// Once keepalive probes begin, the time between them, and how many may go
/// unanswered before the connection counts as dead.
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(10);
const KEEPALIVE_RETRIES: u32 = 3;

/// Sends requests with hyper over rustls, keeping connections alive
/// between requests. Must be used within a tokio runtime.
#[derive(Debug, Clone)]
pub struct HyperTransport {
    client: Client<TimedConnector, ByteStream>,
}

impl HyperTransport {
    /// A transport set up as `settings` say. Fails only when an added root
    /// certificate is not one.
    pub fn new(settings: &HttpSettings) -> Result<Self, TransportError> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        if let Some(idle) = settings.tcp_keepalive() {
            http.set_keepalive(Some(idle));
            http.set_keepalive_interval(Some(KEEPALIVE_INTERVAL));
            http.set_keepalive_retries(Some(KEEPALIVE_RETRIES));
        }
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls_config(settings.tls_roots())?)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let connector = TimedConnector {
            inner: https,
            limit: settings.connect_timeout(),
        };
        Ok(Self {
            client: Client::builder(TokioExecutor::new()).build(connector),
        })
    }
}

/// rustls with ring, named rather than taken from the process default:
/// rustls panics choosing a default when a program's dependencies turn on
/// both of its providers.
fn tls_config(roots: &TlsRoots) -> Result<rustls::ClientConfig, TransportError> {
    let mut store = rustls::RootCertStore::empty();
    if roots.includes_mozilla() {
        store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }
    for (index, der) in roots.added().iter().enumerate() {
        store.add(CertificateDer::from(der.clone())).map_err(|e| {
            TransportError::new(
                TransportErrorKind::Other,
                format!(
                    "added TLS root certificate {} cannot be trusted: {e}",
                    index + 1
                ),
            )
        })?;
    }
    // rustls marks ring's provider deprecated when a build also turns on
    // its post-quantum preference (aws-lc-rs does); ring is still the one
    // this crate chooses, for its far shorter build.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?
        .with_root_certificates(store)
        .with_no_client_auth();
    Ok(config)
}

impl HttpTransport for HyperTransport {
    fn send(
        &self,
        request: http::Request<ByteStream>,
    ) -> BoxFuture<'_, Result<http::Response<ResponseBody>, TransportError>> {
        let sent = self.client.request(request);
        Box::pin(async move {
            let response = sent.await.map_err(|e| {
                let kind = if e.is_connect() {
                    TransportErrorKind::Connect
                } else {
                    TransportErrorKind::Io
                };
                TransportError::new(kind, e)
            })?;
            Ok(response.map(ResponseBody::stream))
        })
    }
}

/// The HTTPS connector with one limit on all of a connection's setup: DNS,
/// TCP and the TLS handshake (hyper's own connect timeout covers TCP only).
#[derive(Debug, Clone)]
struct TimedConnector {
    inner: HttpsConnector<HttpConnector>,
    limit: Duration,
}

type Connection = MaybeHttpsStream<TokioIo<tokio::net::TcpStream>>;
type Connecting =
    Pin<Box<dyn Future<Output = Result<Connection, Box<dyn Error + Send + Sync>>> + Send>>;

impl tower_service::Service<http::Uri> for TimedConnector {
    type Response = Connection;
    type Error = Box<dyn Error + Send + Sync>;
    type Future = Connecting;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, uri: http::Uri) -> Self::Future {
        let connecting = self.inner.call(uri);
        let limit = self.limit;
        Box::pin(async move {
            match tokio::time::timeout(limit, connecting).await {
                Ok(connected) => connected,
                Err(_) => Err(format!(
                    "no connection within {limit:?} (DNS, TCP and TLS together)"
                )
                .into()),
            }
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
