//! What a client is built from.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::{HttpTransport, Sleep, StalledStreamProtection, TlsRoots, DEFAULT_MAX_RESPONSE_BODY};
use crate::credentials::{EnvironmentCredentials, ProvideCredentials};
use crate::request::RequestOptions;
use crate::retry::RetryConfig;

/// A client's settings: where requests go, how they are signed, retried,
/// timed and sent. Built with [`Config::builder`].
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) s3: S3Settings,
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
    pub(crate) retry: RetryConfig,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) transport: Option<Arc<dyn HttpTransport>>,
    pub(crate) sleep: Option<Arc<dyn Sleep>>,
    pub(crate) request_options: RequestOptions,
    pub(crate) max_response_body: usize,
    pub(crate) stalled_stream: StalledStreamProtection,
    pub(crate) allow_plain_http: bool,
    pub(crate) http: HttpSettings,
    /// The endpoint URL configured outside the code for a service, by its
    /// id (see [`Config::from_env`]).
    pub(crate) configured_endpoint: Option<ConfiguredEndpoint>,
    pub(crate) user_agent: Option<http::HeaderValue>,
    /// Runs on each attempt before it is signed; the runtime's own
    /// clients use it for headers made fresh per attempt (a DPoP proof).
    pub(crate) before_attempt: Option<BeforeAttempt>,
}

/// A change to each attempt of a request, made before it is signed.
pub(crate) type BeforeAttempt =
    Arc<dyn Fn(&mut http::Request<crate::ByteStream>) -> Result<(), String> + Send + Sync>;

/// An endpoint URL for a service id, configured outside the code.
pub(crate) type ConfiguredEndpoint = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// How the default transport connects: what bounds a connection's setup,
/// how a dead peer is noticed, and which certificate authorities it
/// trusts. A transport given with [`ConfigBuilder::transport`] brings its
/// own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpSettings {
    connect_timeout: Duration,
    tcp_keepalive: Option<Duration>,
    tls_roots: TlsRoots,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_millis(3100),
            tcp_keepalive: Some(Duration::from_secs(30)),
            tls_roots: TlsRoots::default(),
        }
    }
}

impl HttpSettings {
    /// The longest a new connection may take: DNS, TCP and the TLS
    /// handshake together. 3.1 seconds by default, as in the AWS SDKs.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// How long a connection may sit idle before TCP keepalive probes
    /// check that the peer is still there; `None` turns them off. 30
    /// seconds by default, so a peer that vanished is noticed in about a
    /// minute instead of never.
    pub fn tcp_keepalive(&self) -> Option<Duration> {
        self.tcp_keepalive
    }

    /// The certificate authorities trusted: Mozilla's by default.
    pub fn tls_roots(&self) -> &TlsRoots {
        &self.tls_roots
    }
}

impl Config {
    /// Settings with the defaults: no region, the endpoint the rules give,
    /// credentials from the environment, the standard retries (three
    /// attempts), a 3.1-second connect timeout (TLS included), TCP
    /// keepalive, stalled-stream protection, response bodies up to 64 MiB,
    /// plain `http://` to loopback addresses only, no operation or attempt
    /// timeout, and the default transport and timer (feature
    /// `hyper-client`).
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder {
            config: Config {
                region: None,
                endpoint_url: None,
                use_fips: false,
                use_dual_stack: false,
                s3: S3Settings::default(),
                credentials: Arc::new(EnvironmentCredentials::default()),
                retry: RetryConfig::default(),
                operation_timeout: None,
                attempt_timeout: None,
                transport: None,
                sleep: None,
                request_options: RequestOptions::default(),
                max_response_body: DEFAULT_MAX_RESPONSE_BODY,
                stalled_stream: StalledStreamProtection::default(),
                allow_plain_http: false,
                http: HttpSettings::default(),
                configured_endpoint: None,
                user_agent: None,
                before_attempt: None,
            },
        }
    }

    /// The region requests go to and are signed for.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint URL that overrides the rules' choice.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The endpoint URL for the service `service_id` (its `sdkId`): the
    /// one set in code, else one configured outside it.
    pub fn endpoint_url_for(&self, service_id: &str) -> Option<String> {
        self.endpoint_url
            .clone()
            .or_else(|| self.configured_endpoint.as_ref()?(service_id))
    }

    /// Whether FIPS endpoints are asked for.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether dual-stack (IPv6) endpoints are asked for.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// The settings S3's endpoint rules take.
    pub fn s3(&self) -> S3Settings {
        self.s3
    }

    /// The retry settings.
    pub fn retry(&self) -> RetryConfig {
        self.retry
    }

    /// The longest a call may take, retries and backoff included.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }

    /// The longest one attempt may take.
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    /// How requests are written.
    pub fn request_options(&self) -> &RequestOptions {
        &self.request_options
    }

    /// The largest response body read, in bytes.
    pub fn max_response_body(&self) -> usize {
        self.max_response_body
    }

    /// What ends a response body that stops flowing.
    pub fn stalled_stream_protection(&self) -> StalledStreamProtection {
        self.stalled_stream
    }

    /// Whether requests may go over plain `http://` to hosts other than
    /// loopback addresses.
    pub fn allow_plain_http(&self) -> bool {
        self.allow_plain_http
    }

    /// How the default transport connects.
    pub fn http_settings(&self) -> &HttpSettings {
        &self.http
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials stay out: a provider may hold secrets.
        f.debug_struct("Config")
            .field("region", &self.region)
            .field(
                "endpoint_url",
                &self
                    .endpoint_url
                    .as_deref()
                    .map(crate::request::redact_userinfo),
            )
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("retry", &self.retry)
            .field("operation_timeout", &self.operation_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("max_response_body", &self.max_response_body)
            .field("stalled_stream", &self.stalled_stream)
            .field("allow_plain_http", &self.allow_plain_http)
            .field("http", &self.http)
            .field("custom_transport", &self.transport.is_some())
            .field("custom_sleep", &self.sleep.is_some())
            .field("configured_endpoints", &self.configured_endpoint.is_some())
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

/// The settings S3's endpoint rules take, as their built-in parameters
/// name them; unset ones take the rules' defaults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct S3Settings {
    /// `AWS::S3::ForcePathStyle`: the bucket in the path
    /// (`s3.amazonaws.com/bucket/key`) rather than in the host.
    pub force_path_style: Option<bool>,
    /// `AWS::S3::Accelerate`: Transfer Acceleration endpoints.
    pub accelerate: Option<bool>,
    /// `AWS::S3::UseArnRegion` (and S3 Control's): the region an ARN
    /// names, rather than the configured one.
    pub use_arn_region: Option<bool>,
    /// `AWS::S3::DisableMultiRegionAccessPoints`.
    pub disable_multi_region_access_points: Option<bool>,
    /// `AWS::S3::UseGlobalEndpoint`: `us-east-1` requests to the global
    /// endpoint.
    pub use_global_endpoint: Option<bool>,
}

impl S3Settings {
    /// Path-style addressing when `on`.
    pub fn force_path_style(mut self, on: bool) -> Self {
        self.force_path_style = Some(on);
        self
    }

    /// Transfer Acceleration when `on`.
    pub fn accelerate(mut self, on: bool) -> Self {
        self.accelerate = Some(on);
        self
    }

    /// The value of the endpoint rules' built-in parameter `name`, if it is
    /// one of these and set.
    pub(crate) fn built_in(&self, name: &str) -> Option<bool> {
        match name {
            "AWS::S3::ForcePathStyle" => self.force_path_style,
            "AWS::S3::Accelerate" => self.accelerate,
            "AWS::S3::UseArnRegion" | "AWS::S3Control::UseArnRegion" => self.use_arn_region,
            "AWS::S3::DisableMultiRegionAccessPoints" => self.disable_multi_region_access_points,
            "AWS::S3::UseGlobalEndpoint" => self.use_global_endpoint,
            _ => None,
        }
    }
}

/// Builds a [`Config`].
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    config: Config,
}

impl ConfigBuilder {
    /// The region, such as `us-west-2`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Sends every request to this URL (scheme, host, optional port and
    /// base path) instead of the endpoint the rules choose. The rules
    /// still check it: a malformed URL is an error before anything is
    /// sent.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
        self
    }

    /// Asks for FIPS endpoints.
    pub fn use_fips(mut self, on: bool) -> Self {
        self.config.use_fips = on;
        self
    }

    /// Asks for dual-stack (IPv6) endpoints.
    pub fn use_dual_stack(mut self, on: bool) -> Self {
        self.config.use_dual_stack = on;
        self
    }

    /// The settings S3's (and S3 Control's) endpoint rules take:
    /// path-style addressing, Transfer Acceleration, ARN regions; other
    /// services' rules do not read them.
    pub fn s3(mut self, settings: S3Settings) -> Self {
        self.config.s3 = settings;
        self
    }

    /// Where credentials come from; by default the environment variables.
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.credentials = Arc::new(provider);
        self
    }

    /// How failed attempts are retried; [`RetryConfig::disabled`] turns
    /// retries off.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// The longest a call may take, retries and backoff included.
    pub fn operation_timeout(mut self, limit: Duration) -> Self {
        self.config.operation_timeout = Some(limit);
        self
    }

    /// The longest one attempt may take.
    pub fn attempt_timeout(mut self, limit: Duration) -> Self {
        self.config.attempt_timeout = Some(limit);
        self
    }

    /// Sends requests through `transport` instead of the default one.
    pub fn transport(mut self, transport: impl HttpTransport + 'static) -> Self {
        self.config.transport = Some(Arc::new(transport));
        self
    }

    /// Waits (for backoff and timeouts) with `timer` instead of the
    /// default one.
    pub fn sleep(mut self, timer: impl Sleep + 'static) -> Self {
        self.config.sleep = Some(Arc::new(timer));
        self
    }

    /// How requests are written (compression, idempotency tokens).
    pub fn request_options(mut self, options: RequestOptions) -> Self {
        self.config.request_options = options;
        self
    }

    /// The largest response body to read, in bytes (64 MiB by default); a
    /// larger one fails the call with an error naming the limit.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.config.max_response_body = bytes;
        self
    }

    /// What ends a response body that stops flowing; see
    /// [`StalledStreamProtection`].
    pub fn stalled_stream_protection(mut self, protection: StalledStreamProtection) -> Self {
        self.config.stalled_stream = protection;
        self
    }

    /// Allows plain `http://` endpoints on any host. Without it, requests
    /// go in clear text only to loopback addresses (`localhost`,
    /// `127.0.0.0/8`, `::1`): anywhere else the signature, the session
    /// token and the body would cross the network readable by anyone on
    /// the way.
    pub fn allow_plain_http(mut self, allow: bool) -> Self {
        self.config.allow_plain_http = allow;
        self
    }

    /// The longest a new connection of the default transport may take,
    /// DNS, TCP and TLS together (3.1 seconds by default).
    pub fn connect_timeout(mut self, limit: Duration) -> Self {
        self.config.http.connect_timeout = limit;
        self
    }

    /// The idle time before the default transport's TCP keepalive probes
    /// begin; `None` turns them off (30 seconds by default).
    pub fn tcp_keepalive(mut self, idle: Option<Duration>) -> Self {
        self.config.http.tcp_keepalive = idle;
        self
    }

    /// The certificate authorities the default transport trusts, such as
    /// Mozilla's and a corporate CA: `TlsRoots::mozilla().with_pem(..)`.
    pub fn tls_roots(mut self, roots: TlsRoots) -> Self {
        self.config.http.tls_roots = roots;
        self
    }

    /// Names the application in each request's `User-Agent` (as
    /// `AWS_SDK_UA_APP_ID` does); a name that is not header text is
    /// refused.
    pub fn app_id(mut self, app_id: &str) -> Result<Self, http::header::InvalidHeaderValue> {
        let agent = format!("smithy-rust/{} app/{app_id}", env!("CARGO_PKG_VERSION"));
        self.config.user_agent = Some(http::HeaderValue::from_str(&agent)?);
        Ok(self)
    }

    /// The settings.
    pub fn build(self) -> Config {
        self.config
    }
}
