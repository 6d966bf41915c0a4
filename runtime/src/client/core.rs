//! One call, from input to output: serialize, resolve the endpoint, sign,
//! send, retry, parse. Generic only where the operation's types are
//! touched; the rest is one function for every operation, which keeps the
//! generated crates quick to compile.

use std::collections::BTreeMap;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{ready, Context, Poll};
use std::time::{SystemTime, UNIX_EPOCH};

use super::time::timeout;
use super::{BoxFuture, CallError, Config, HttpTransport, SendError, SendErrorKind, Sleep};
use super::{TransportError, TransportErrorKind};
use crate::endpoint::{Endpoint, LazyRuleSet, Params, Value};
use crate::response::ServiceError;
use crate::retry::{Decision, Outcome, RetryQuota, RetryState};
use crate::sigv4::{Credentials, SigningKeyCache, SigningSettings};
use crate::Operation;

/// What a generated client tells the core about its service.
#[derive(Debug)]
pub struct Service {
    /// The SigV4 signing name (`aws.auth#sigv4`'s `name`); `None` sends
    /// requests unsigned.
    pub signing_name: Option<&'static str>,
    /// The endpoint rules; without them requests go to the configured
    /// endpoint URL.
    pub rules: Option<&'static LazyRuleSet>,
}

/// What a generated client tells the core about one operation.
#[derive(Debug)]
pub struct OperationSpec {
    /// Whether requests are signed (`@auth([])` and `@optionalAuth`
    /// operations are not).
    pub signed: bool,
    /// `smithy.rules#staticContextParams`: endpoint parameters the
    /// operation fixes.
    pub endpoint_params: &'static [(&'static str, StaticParam)],
}

/// A fixed endpoint parameter value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaticParam {
    /// A string.
    String(&'static str),
    /// A boolean.
    Bool(bool),
}

/// What every generated `Client` holds: the configuration, the transport,
/// the timer and the retry quota its calls share. Cloning it is cheap and
/// shares them.
#[derive(Clone)]
pub struct ClientCore {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    service: &'static Service,
    quota: RetryQuota,
    transport: Option<Arc<dyn HttpTransport>>,
    sleep: Option<Arc<dyn Sleep>>,
    /// The endpoint of operations that fix no endpoint parameters: it
    /// depends on the configuration alone, which never changes.
    endpoint: OnceLock<Endpoint>,
    signing_keys: SigningKeyCache,
}

impl std::fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCore")
            .field("config", &self.inner.config)
            .field("service", &self.inner.service)
            .finish_non_exhaustive()
    }
}

impl ClientCore {
    /// A client of `service` set up by `config`.
    pub fn new(config: Config, service: &'static Service) -> Self {
        let transport = config.transport.clone().or_else(default_transport);
        let sleep = config.sleep.clone().or_else(default_sleep);
        Self {
            inner: Arc::new(Inner {
                config,
                service,
                quota: RetryQuota::default(),
                transport,
                sleep,
                endpoint: OnceLock::new(),
                signing_keys: SigningKeyCache::default(),
            }),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Calls operation `O` with `input`: serializes it now and gives the
    /// future of the answer.
    pub fn call<O: Operation>(
        &self,
        input: &O::Input,
        spec: &'static OperationSpec,
    ) -> Call<'_, O> {
        let state = match O::serialize_request_with(input, &self.inner.config.request_options) {
            Ok(request) => {
                let context = O::endpoint_context(input);
                CallState::Sending(Box::pin(self.send(request, spec, context, classify::<O>)))
            }
            Err(e) => CallState::Failed(Some(SendError::new(SendErrorKind::InvalidInput, e))),
        };
        Call {
            state,
            operation: PhantomData,
        }
    }

    /// Sends a serialized request until it succeeds, fails for good, or
    /// the retries run out, and gives the last response.
    async fn send(
        &self,
        mut request: http::Request<Vec<u8>>,
        spec: &'static OperationSpec,
        context: Vec<(&'static str, Value)>,
        classify: fn(&http::Response<Vec<u8>>) -> Outcome,
    ) -> Result<http::Response<Vec<u8>>, SendError> {
        let inner = &*self.inner;
        let transport = inner.transport.as_deref().ok_or_else(|| {
            SendError::new(
                SendErrorKind::Config,
                "no transport: set one with `Config::builder().transport(...)` or enable the `hyper-client` feature",
            )
        })?;
        let configured_only = spec.endpoint_params.is_empty() && context.is_empty();
        let endpoint = match inner.endpoint.get() {
            Some(endpoint) if configured_only => endpoint.clone(),
            _ => {
                let endpoint = self.endpoint(spec, &context)?;
                if configured_only {
                    let _ = inner.endpoint.set(endpoint.clone());
                }
                endpoint
            }
        };
        crate::request::apply_endpoint(&mut request, endpoint.url())
            .map_err(|e| SendError::new(SendErrorKind::Endpoint, e))?;
        add_endpoint_headers(&mut request, &endpoint)?;
        let signer = match (spec.signed, inner.service.signing_name) {
            (true, Some(name)) => Some(self.signer(name, &endpoint)?),
            _ => None,
        };
        let attempts = self.attempts(&request, signer.as_ref(), transport, classify);
        match inner.config.operation_timeout {
            None => attempts.await,
            Some(limit) => timeout(self.timer()?, limit, attempts)
                .await
                .unwrap_or_else(|_| {
                    Err(SendError::new(
                        SendErrorKind::Timeout,
                        format!("the operation took longer than {limit:?}"),
                    ))
                }),
        }
    }

    async fn attempts(
        &self,
        request: &http::Request<Vec<u8>>,
        signer: Option<&Signer>,
        transport: &dyn HttpTransport,
        classify: fn(&http::Response<Vec<u8>>) -> Outcome,
    ) -> Result<http::Response<Vec<u8>>, SendError> {
        let config = &self.inner.config;
        let mut retry = RetryState::new(config.retry, self.inner.quota.clone());
        loop {
            let mut attempt = copy_request(request);
            if let Some(signer) = signer {
                signer.sign(&mut attempt, &self.inner.signing_keys)?;
            }
            let result = match config.attempt_timeout {
                None => transport.send(attempt).await,
                Some(limit) => timeout(self.timer()?, limit, transport.send(attempt))
                    .await
                    .unwrap_or_else(|_| {
                        Err(TransportError::new(
                            TransportErrorKind::Timeout,
                            format!("no response within {limit:?}"),
                        ))
                    }),
            };
            let outcome = match &result {
                Ok(response) => classify(response),
                Err(error) => match error.kind() {
                    TransportErrorKind::Connect
                    | TransportErrorKind::Timeout
                    | TransportErrorKind::Io => Outcome::Transient,
                    _ => Outcome::Failed,
                },
            };
            // Only a retry needs a random number.
            let jitter = match outcome {
                Outcome::Retryable { .. } | Outcome::Transient => jitter(),
                Outcome::Succeeded | Outcome::Failed => 0.0,
            };
            match retry.decide(outcome, jitter) {
                Decision::Stop => return result.map_err(SendError::from),
                Decision::RetryAfter(delay) => self.timer()?.sleep(delay).await,
            }
        }
    }

    fn timer(&self) -> Result<&dyn Sleep, SendError> {
        self.inner.sleep.as_deref().ok_or_else(|| {
            SendError::new(
                SendErrorKind::Config,
                "retries and timeouts need a timer: set one with `Config::builder().sleep(...)`, enable the `hyper-client` feature, or turn retries off",
            )
        })
    }

    /// The endpoint from the service's rules, given the configuration, the
    /// operation's fixed parameters and those its input sets.
    fn endpoint(
        &self,
        spec: &OperationSpec,
        context: &[(&'static str, Value)],
    ) -> Result<Endpoint, SendError> {
        let config = &self.inner.config;
        let invalid = |e| SendError::new(SendErrorKind::Endpoint, e);
        let Some(rules) = self.inner.service.rules else {
            return config
                .endpoint_url
                .clone()
                .map(Endpoint::from_url)
                .ok_or_else(|| {
                    SendError::new(
                        SendErrorKind::Endpoint,
                        "the service has no endpoint rules: set `Config::builder().endpoint_url(...)`",
                    )
                });
        };
        let rules = rules.get().map_err(invalid)?;
        let mut params = Params::new();
        for parameter in rules.parameters() {
            let value = match parameter.built_in() {
                Some("AWS::Region") => config.region.clone().map(Value::String),
                Some("AWS::UseFIPS") => Some(Value::Bool(config.use_fips)),
                Some("AWS::UseDualStack") => Some(Value::Bool(config.use_dual_stack)),
                Some("SDK::Endpoint") => config.endpoint_url.clone().map(Value::String),
                _ => None,
            };
            if let Some(value) = value {
                params = params.set(parameter.name(), value);
            }
        }
        for (name, value) in spec.endpoint_params {
            params = match *value {
                StaticParam::String(text) => params.set(name, text),
                StaticParam::Bool(flag) => params.set(name, flag),
            };
        }
        for (name, value) in context {
            params = params.set(name, value.clone());
        }
        rules.resolve(&params).map_err(invalid)
    }

    /// Credentials and signing settings for `endpoint`: its `sigv4` auth
    /// scheme may name another signing name or region.
    fn signer(&self, signing_name: &'static str, endpoint: &Endpoint) -> Result<Signer, SendError> {
        let config = &self.inner.config;
        let scheme = sigv4_scheme(endpoint.properties())?;
        let text = |key: &str| match scheme.and_then(|s| s.get(key)) {
            Some(Value::String(text)) => Some(text.clone()),
            _ => None,
        };
        let region = text("signingRegion")
            .or_else(|| config.region.clone())
            .ok_or_else(|| {
                SendError::new(
                    SendErrorKind::Signing,
                    "no region to sign for: set `Config::builder().region(...)`",
                )
            })?;
        let disable_double_encoding = matches!(
            scheme.and_then(|s| s.get("disableDoubleEncoding")),
            Some(Value::Bool(true))
        );
        let credentials = config
            .credentials
            .credentials()
            .map_err(|e| SendError::new(SendErrorKind::Credentials, e))?;
        Ok(Signer {
            credentials,
            region,
            name: text("signingName").unwrap_or_else(|| signing_name.to_owned()),
            double_encode_path: !disable_double_encoding,
        })
    }
}

/// The future of one call's answer. The part that depends on the
/// operation is only this: reading the response it resolves to; the
/// sending is one boxed future shared by every operation, which keeps each
/// operation's client method small to compile.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, O: Operation> {
    state: CallState<'a>,
    operation: PhantomData<fn() -> O>,
}

enum CallState<'a> {
    Sending(BoxFuture<'a, Result<http::Response<Vec<u8>>, SendError>>),
    /// Failed before sending; `None` once reported.
    Failed(Option<SendError>),
}

impl<O: Operation> Future for Call<'_, O> {
    type Output = Result<O::Output, CallError<O::Error>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        match &mut this.state {
            CallState::Sending(sending) => {
                let answer = ready!(sending.as_mut().poll(cx));
                this.state = CallState::Failed(None);
                Poll::Ready(match answer {
                    Ok(response) => O::parse_response(&response).map_err(CallError::Service),
                    Err(error) => Err(CallError::Send(error)),
                })
            }
            CallState::Failed(error) => match error.take() {
                Some(error) => Poll::Ready(Err(CallError::Send(error))),
                // Polled again after it completed: a caller's mistake,
                // answered by never completing rather than by a panic.
                None => Poll::Pending,
            },
        }
    }
}

/// What signs each attempt, with the time it is sent.
struct Signer {
    credentials: Credentials,
    region: String,
    name: String,
    double_encode_path: bool,
}

impl Signer {
    fn sign(
        &self,
        request: &mut http::Request<Vec<u8>>,
        keys: &SigningKeyCache,
    ) -> Result<(), SendError> {
        let mut settings =
            SigningSettings::new(self.region.clone(), self.name.clone(), SystemTime::now());
        settings.double_encode_path = self.double_encode_path;
        keys.sign(request, &self.credentials, &settings)
            .map_err(|e| SendError::new(SendErrorKind::Signing, e))
    }
}

/// The `sigv4` entry of an endpoint's `authSchemes` property; `None` when
/// the endpoint names no schemes, and an error when it names only others
/// (such as `sigv4a`), which a SigV4 signature would not satisfy.
fn sigv4_scheme(
    properties: &BTreeMap<String, Value>,
) -> Result<Option<&BTreeMap<String, Value>>, SendError> {
    let Some(Value::Array(schemes)) = properties.get("authSchemes") else {
        return Ok(None);
    };
    let name = |scheme: &Value| match scheme {
        Value::Object(fields) => match fields.get("name") {
            Some(Value::String(name)) => Some(name.clone()),
            _ => None,
        },
        _ => None,
    };
    let found = schemes.iter().find_map(|scheme| match scheme {
        Value::Object(fields) if name(scheme).as_deref() == Some("sigv4") => Some(&**fields),
        _ => None,
    });
    if found.is_none() && !schemes.is_empty() {
        let named: Vec<String> = schemes.iter().filter_map(name).collect();
        return Err(SendError::new(
            SendErrorKind::Signing,
            format!(
                "the endpoint asks for the auth schemes [{}], and this client signs with sigv4 only",
                named.join(", ")
            ),
        ));
    }
    Ok(found)
}

fn add_endpoint_headers(
    request: &mut http::Request<Vec<u8>>,
    endpoint: &Endpoint,
) -> Result<(), SendError> {
    for (name, values) in endpoint.headers() {
        let name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|e| {
            SendError::new(SendErrorKind::Endpoint, format!("header `{name}`: {e}"))
        })?;
        for value in values {
            let value = http::HeaderValue::from_str(value).map_err(|e| {
                SendError::new(SendErrorKind::Endpoint, format!("header `{name}`: {e}"))
            })?;
            request.headers_mut().append(name.clone(), value);
        }
    }
    Ok(())
}

/// How an answer counts for retries: throttling and `@retryable` errors,
/// 5xx statuses and transient codes may pass when sent again.
fn classify<O: Operation>(response: &http::Response<Vec<u8>>) -> Outcome {
    if response.status().is_success() {
        return Outcome::Succeeded;
    }
    match O::parse_response(response) {
        Ok(_) => Outcome::Succeeded,
        Err(error) if error.is_throttling() => Outcome::Retryable { throttling: true },
        Err(error) if error.is_retryable() => Outcome::Retryable { throttling: false },
        Err(_) => Outcome::Failed,
    }
}

/// A copy of a request to send once (`http::Request` is not `Clone`: its
/// extensions may not be; what they carried is applied by now).
fn copy_request(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    copy
}

/// A number in `[0, 1)` for backoff jitter, from std's per-process random
/// hash keys and the clock; nothing here needs more than that.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(feature = "hyper-client")]
fn default_transport() -> Option<Arc<dyn HttpTransport>> {
    Some(Arc::new(super::HyperTransport::new()))
}

#[cfg(not(feature = "hyper-client"))]
fn default_transport() -> Option<Arc<dyn HttpTransport>> {
    None
}

#[cfg(feature = "hyper-client")]
fn default_sleep() -> Option<Arc<dyn Sleep>> {
    Some(Arc::new(super::TokioSleep))
}

#[cfg(not(feature = "hyper-client"))]
fn default_sleep() -> Option<Arc<dyn Sleep>> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_in_the_unit_interval() {
        for _ in 0..1000 {
            let value = jitter();
            assert!((0.0..1.0).contains(&value), "{value}");
        }
    }

    #[test]
    fn copies_keep_everything_sent() {
        let request = http::Request::builder()
            .method("PUT")
            .uri("https://example.com/a?b=c")
            .header("x-one", "1")
            .body(b"body".to_vec())
            .unwrap();
        let copy = copy_request(&request);
        assert_eq!(copy.method(), "PUT");
        assert_eq!(copy.uri(), request.uri());
        assert_eq!(copy.headers(), request.headers());
        assert_eq!(copy.body(), b"body");
    }

    #[test]
    fn the_sigv4_scheme_is_found_among_others() {
        let scheme = |name: &str, region: &str| {
            Value::Object(Arc::new(BTreeMap::from([
                ("name".to_owned(), Value::String(name.to_owned())),
                ("signingRegion".to_owned(), Value::String(region.to_owned())),
            ])))
        };
        let properties = BTreeMap::from([(
            "authSchemes".to_owned(),
            Value::Array(vec![scheme("sigv4a", "*"), scheme("sigv4", "us-east-1")]),
        )]);
        let found = sigv4_scheme(&properties).unwrap().unwrap();
        assert_eq!(
            found.get("signingRegion"),
            Some(&Value::String("us-east-1".to_owned()))
        );
        assert!(sigv4_scheme(&BTreeMap::new()).unwrap().is_none());
        let only_sigv4a = BTreeMap::from([(
            "authSchemes".to_owned(),
            Value::Array(vec![scheme("sigv4a", "*")]),
        )]);
        let error = sigv4_scheme(&only_sigv4a).unwrap_err();
        assert_eq!(error.kind(), SendErrorKind::Signing);
        assert!(error.to_string().contains("[sigv4a]"), "{error}");
    }
}
