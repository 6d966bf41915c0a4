//! What a client is built from.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::{HttpTransport, Sleep};
use crate::request::RequestOptions;
use crate::retry::RetryConfig;
use crate::sigv4::{EnvironmentCredentials, ProvideCredentials};

/// A client's settings: where requests go, how they are signed, retried,
/// timed and sent. Built with [`Config::builder`].
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
    pub(crate) retry: RetryConfig,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) transport: Option<Arc<dyn HttpTransport>>,
    pub(crate) sleep: Option<Arc<dyn Sleep>>,
    pub(crate) request_options: RequestOptions,
}

impl Config {
    /// Settings with the defaults: no region, the endpoint the rules give,
    /// credentials from the environment, the standard retries (three
    /// attempts), no timeouts but the transport's own, and the default
    /// transport and timer (feature `hyper-client`).
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder {
            config: Config {
                region: None,
                endpoint_url: None,
                use_fips: false,
                use_dual_stack: false,
                credentials: Arc::new(EnvironmentCredentials::default()),
                retry: RetryConfig::default(),
                operation_timeout: None,
                attempt_timeout: None,
                transport: None,
                sleep: None,
                request_options: RequestOptions::default(),
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

    /// Whether FIPS endpoints are asked for.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether dual-stack (IPv6) endpoints are asked for.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
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
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials stay out: a provider may hold secrets.
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("retry", &self.retry)
            .field("operation_timeout", &self.operation_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("custom_transport", &self.transport.is_some())
            .field("custom_sleep", &self.sleep.is_some())
            .finish_non_exhaustive()
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

    /// The settings.
    pub fn build(self) -> Config {
        self.config
    }
}
