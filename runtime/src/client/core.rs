//! One call, from input to output: serialize, resolve the endpoint, sign,
//! send, retry, parse. Generic only where the operation's types are
//! touched; the rest is one function for every operation, which keeps the
//! generated crates quick to compile.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::body::{read_body, stream_body, verify_checksum, BodyLimits};
use super::defaults::{default_sleep, default_transport};
use super::plain_http::refuse_plain_http;
use super::signer::Signer;
use super::skew::ClockOffset;
use super::time::timeout;
use super::{BoxFuture, CallError, Config, HttpTransport, SendError, SendErrorKind, Sleep};
use super::{TransportError, TransportErrorKind};
use crate::checksum::ChecksumAlgorithm;
use crate::endpoint::{Endpoint, LazyRuleSet, Params, Value};
use crate::response::ServiceError;
use crate::retry::{
    retry_after, Decision, Outcome, RateLimiter, RetryMode, RetryQuota, RetryState,
};
use crate::sigv4::SigningKeyCache;
use crate::{ByteStream, Operation};

/// What a generated client tells the core about its service.
#[derive(Debug)]
pub struct Service {
    /// The SigV4 signing name (`aws.auth#sigv4`'s `name`); `None` sends
    /// requests unsigned.
    pub signing_name: Option<&'static str>,
    /// The endpoint rules; without them requests go to the configured
    /// endpoint URL.
    pub rules: Option<&'static LazyRuleSet>,
    /// Signs as S3 requires (the signing name `s3`, which S3 and S3
    /// Control share): `x-amz-content-sha256` added and signed, and the
    /// path signed as sent, not normalized (an object key may hold `..`
    /// or `//`).
    pub s3_signing: bool,
    /// A success status may carry an XML `<Error>` (S3's `CopyObject`),
    /// which is then an error, retried as its code says.
    pub errors_in_success: bool,
    /// The service's id as configuration names it (its `sdkId`, such as
    /// `DynamoDB`): what `AWS_ENDPOINT_URL_<ID>` and the shared config's
    /// `[services]` sections key on.
    pub service_id: &'static str,
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
    /// In the adaptive retry mode: the send rate limiter, and the origin of
    /// its clock.
    limiter: Option<(RateLimiter, Instant)>,
    /// The transport, or why there is none.
    transport: Result<Arc<dyn HttpTransport>, String>,
    sleep: Option<Arc<dyn Sleep>>,
    /// The endpoint of operations that fix no endpoint parameters: it
    /// depends on the configuration alone, which never changes.
    endpoint: OnceLock<Endpoint>,
    signing_keys: SigningKeyCache,
    /// The service's clock as the client learned it from skew refusals.
    clock: ClockOffset,
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
        let transport = match &config.transport {
            Some(transport) => Ok(transport.clone()),
            None => default_transport(&config),
        };
        let sleep = config.sleep.clone().or_else(default_sleep);
        let limiter = (config.retry.mode == RetryMode::Adaptive)
            .then(|| (RateLimiter::new(Duration::ZERO), Instant::now()));
        Self {
            inner: Arc::new(Inner {
                config,
                service,
                quota: RetryQuota::default(),
                limiter,
                transport,
                sleep,
                endpoint: OnceLock::new(),
                signing_keys: SigningKeyCache::default(),
                clock: ClockOffset::default(),
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
                let reading = Reading {
                    error: read_error::<O>,
                    streams: O::STREAMED_OUTPUT.is_some(),
                    checksums: O::RESPONSE_CHECKSUMS,
                };
                CallState::Sending(Box::pin(self.send(request, spec, context, reading)))
            }
            Err(e) => CallState::Failed(Some(SendError::new(SendErrorKind::InvalidInput, e))),
        };
        Call {
            state,
            operation: PhantomData,
        }
    }

    /// Sends a serialized request until it succeeds, fails for good, or
    /// the retries run out, and gives the last answer.
    async fn send(
        &self,
        mut request: http::Request<ByteStream>,
        spec: &'static OperationSpec,
        context: Vec<(&'static str, Value)>,
        reading: Reading,
    ) -> Result<Answer, SendError> {
        let inner = &*self.inner;
        let transport = match &inner.transport {
            Ok(transport) => &**transport,
            Err(why) => return Err(SendError::new(SendErrorKind::Config, why.clone())),
        };
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
        if !inner.config.allow_plain_http {
            refuse_plain_http(request.uri())?;
        }
        add_endpoint_headers(&mut request, &endpoint)?;
        if let Some(agent) = &inner.config.user_agent {
            request
                .headers_mut()
                .insert(http::header::USER_AGENT, agent.clone());
        }
        let signer = match (spec.signed, inner.service.signing_name) {
            (true, Some(name)) => Some(self.signer(name, &endpoint).await?),
            _ => None,
        };
        let attempts = self.attempts(&request, signer.as_ref(), transport, reading);
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
        request: &http::Request<ByteStream>,
        signer: Option<&Signer>,
        transport: &dyn HttpTransport,
        reading: Reading,
    ) -> Result<Answer, SendError> {
        let config = &self.inner.config;
        let mut retry = RetryState::new(config.retry, self.inner.quota.clone());
        let mut body = request.body().clone();
        let mut skew_corrected = false;
        loop {
            if let Some((limiter, origin)) = &self.inner.limiter {
                let wait = limiter.before_attempt(origin.elapsed());
                if !wait.is_zero() {
                    self.timer()?.sleep(wait).await;
                }
            }
            let mut attempt = copy_request(request, body);
            if let Some(change) = &config.before_attempt {
                change(&mut attempt).map_err(|e| SendError::new(SendErrorKind::Signing, e))?;
            }
            if let Some(signer) = signer {
                signer.sign(
                    &mut attempt,
                    &self.inner.signing_keys,
                    self.inner.clock.now(),
                )?;
            }
            let exchange = self.exchange(transport, attempt, &reading);
            let result = match config.attempt_timeout {
                None => exchange.await,
                Some(limit) => timeout(self.timer()?, limit, exchange)
                    .await
                    .unwrap_or_else(|_| {
                        Err(TransportError::new(
                            TransportErrorKind::Timeout,
                            format!("no response within {limit:?}"),
                        ))
                    }),
            };
            let (outcome, answer) = match result {
                Ok((response, stream)) if stream.is_some() => (
                    Outcome::Succeeded,
                    Ok(Answer {
                        response,
                        error: None,
                        stream,
                    }),
                ),
                Ok((response, _))
                    if response.status().is_success() && !self.error_in_success(&response) =>
                {
                    (Outcome::Succeeded, Ok(Answer::new(response, None)))
                }
                Ok((response, _)) => {
                    let read = (reading.error)(&response);
                    // A refusal for a clock that is off is sent again at
                    // once, once, signed by the corrected clock.
                    if read.clock_skew
                        && !skew_corrected
                        && self
                            .inner
                            .clock
                            .correct(response.headers(), SystemTime::now())
                    {
                        if let Some(again) = request.body().replay() {
                            skew_corrected = true;
                            body = again;
                            continue;
                        }
                    }
                    (read.outcome, Ok(Answer::new(response, read.error)))
                }
                Err(error) => {
                    let outcome = match error.kind() {
                        TransportErrorKind::Connect
                        | TransportErrorKind::Timeout
                        | TransportErrorKind::Io => Outcome::Transient,
                        _ => Outcome::Failed,
                    };
                    (outcome, Err(SendError::from(error)))
                }
            };
            if let Some((limiter, origin)) = &self.inner.limiter {
                let throttled = matches!(outcome, Outcome::Retryable { throttling: true });
                limiter.after_attempt(origin.elapsed(), throttled);
            }
            // Only a retry needs a random number.
            let jitter = match outcome {
                Outcome::Retryable { .. } | Outcome::Transient => jitter(),
                Outcome::Succeeded | Outcome::Failed => 0.0,
            };
            let asked = answer
                .as_ref()
                .ok()
                .and_then(|answer| retry_after(answer.response.headers()));
            match retry.decide(outcome, jitter, asked) {
                Decision::Stop => return answer,
                Decision::RetryAfter(delay) => match request.body().replay() {
                    Some(again) => {
                        body = again;
                        self.timer()?.sleep(delay).await;
                    }
                    // A body streamed once cannot be sent again.
                    None => return answer,
                },
            }
        }
    }

    /// One attempt: the request sent and the response read whole, within
    /// the configured body limit and stalled-stream protection; or, for a
    /// streamed output's success, the head read and the body handed over
    /// as a stream.
    async fn exchange(
        &self,
        transport: &dyn HttpTransport,
        request: http::Request<ByteStream>,
        reading: &Reading,
    ) -> Result<(http::Response<Vec<u8>>, Option<ByteStream>), TransportError> {
        let config = &self.inner.config;
        let (parts, body) = transport.send(request).await?.into_parts();
        let limits = BodyLimits {
            max_bytes: config.max_response_body,
            stall: config.stalled_stream,
            timer: self.inner.sleep.clone(),
        };
        if reading.streams && parts.status.is_success() {
            let stream = stream_body(&parts.headers, body, &limits, reading.checksums)?;
            return Ok((http::Response::from_parts(parts, Vec::new()), Some(stream)));
        }
        let body = read_body(&parts.headers, body, &limits).await?;
        if parts.status.is_success() {
            verify_checksum(&parts.headers, &body, reading.checksums)?;
        }
        Ok((http::Response::from_parts(parts, body), None))
    }

    fn timer(&self) -> Result<&dyn Sleep, SendError> {
        self.inner.sleep.as_deref().ok_or_else(|| {
            SendError::new(
                SendErrorKind::Config,
                "retries and timeouts need a timer: set one with `Config::builder().sleep(...)`, enable the `hyper-client` feature, or turn retries off",
            )
        })
    }

    /// Whether a success `response` is an error nonetheless, as a service
    /// that sends errors with a success status says.
    fn error_in_success(&self, response: &http::Response<Vec<u8>>) -> bool {
        self.inner.service.errors_in_success
            && crate::response::ResponseParts::new(response).xml_is_error()
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
        let endpoint_url = config.endpoint_url_for(self.inner.service.service_id);
        let Some(rules) = self.inner.service.rules else {
            return endpoint_url.map(Endpoint::from_url).ok_or_else(|| {
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
                Some("SDK::Endpoint") => endpoint_url.clone().map(Value::String),
                Some(other) => config.s3.built_in(other).map(Value::Bool),
                None => None,
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
    async fn signer(
        &self,
        signing_name: &'static str,
        endpoint: &Endpoint,
    ) -> Result<Signer, SendError> {
        Signer::for_endpoint(
            &self.inner.config,
            signing_name,
            self.inner.service.s3_signing,
            endpoint,
        )
        .await
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
    Sending(BoxFuture<'a, Result<Answer, SendError>>),
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
                    Ok(answer) => answer.into_result::<O>(),
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

fn add_endpoint_headers(
    request: &mut http::Request<ByteStream>,
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

/// The last response of a call, with its error already read when it is
/// one: the error body is parsed once, for the retry decision and for the
/// caller both.
struct Answer {
    /// The response; without its body when that is `stream`.
    response: http::Response<Vec<u8>>,
    /// The operation's error read from `response`, type-erased so that
    /// sending stays one function for every operation.
    error: Option<Box<dyn Any + Send>>,
    /// A streamed output's body, unread.
    stream: Option<ByteStream>,
}

impl Answer {
    fn new(response: http::Response<Vec<u8>>, error: Option<Box<dyn Any + Send>>) -> Self {
        Self {
            response,
            error,
            stream: None,
        }
    }

    fn into_result<O: Operation>(self) -> Result<O::Output, CallError<O::Error>> {
        match self.error.map(|error| error.downcast::<O::Error>()) {
            Some(Ok(error)) => Err(CallError::Service(*error)),
            // Only `read_error::<O>` fills the error, so it is always an
            // `O::Error`; reading the response again is the safe answer
            // to the impossible.
            Some(Err(_)) | None => {
                let mut output = O::parse_response(&self.response).map_err(CallError::Service)?;
                if let (Some(slot), Some(stream)) = (O::STREAMED_OUTPUT, self.stream) {
                    *slot(&mut output) = stream;
                }
                Ok(output)
            }
        }
    }
}

/// How one operation's responses are read, without its types: sending
/// stays one function for every operation.
struct Reading {
    error: ReadError,
    /// A success's body is the output's streamed member.
    streams: bool,
    /// The checksums a success's body may carry.
    checksums: &'static [ChecksumAlgorithm],
}

/// Reads an error response of one operation: how it counts for retries,
/// the error itself, and whether it may come from the clock being off.
type ReadError = fn(&http::Response<Vec<u8>>) -> ErrorRead;

struct ErrorRead {
    outcome: Outcome,
    error: Option<Box<dyn Any + Send>>,
    clock_skew: bool,
}

/// Throttling and `@retryable` errors, transient statuses and transient
/// codes may pass when sent again.
fn read_error<O: Operation>(response: &http::Response<Vec<u8>>) -> ErrorRead {
    match O::parse_response(response) {
        Ok(_) => ErrorRead {
            outcome: Outcome::Succeeded,
            error: None,
            clock_skew: false,
        },
        Err(error) => {
            let outcome = if error.is_throttling() {
                Outcome::Retryable { throttling: true }
            } else if error.is_retryable() {
                Outcome::Retryable { throttling: false }
            } else {
                Outcome::Failed
            };
            ErrorRead {
                outcome,
                clock_skew: crate::response::is_clock_skew(error.meta()),
                error: Some(Box::new(error)),
            }
        }
    }
}

/// A copy of a request to send once with `body` (`http::Request` is not
/// `Clone`: its extensions may not be; what they carried is applied by
/// now).
fn copy_request(
    request: &http::Request<ByteStream>,
    body: ByteStream,
) -> http::Request<ByteStream> {
    let mut copy = http::Request::new(body);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::{ResponseParts, Unhandled};
    use crate::retry::RetryConfig;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::{Wake, Waker};

    /// Responses this operation has parsed.
    static PARSED: AtomicUsize = AtomicUsize::new(0);

    /// An operation whose responses are counted as they are parsed.
    struct Counted;

    #[derive(Debug)]
    struct Failed(Unhandled);

    impl std::fmt::Display for Failed {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{}", self.0.meta())
        }
    }

    impl std::error::Error for Failed {}

    impl ServiceError for Failed {
        fn facts(&self) -> &crate::response::ErrorFacts {
            self.0.facts()
        }
    }

    impl Operation for Counted {
        const NAME: &'static str = "Counted";
        type Input = ();
        type Output = ();
        type Error = Failed;

        fn serialize_request_with(
            _: &(),
            _: &crate::request::RequestOptions,
        ) -> Result<http::Request<ByteStream>, crate::request::RequestError> {
            Ok(http::Request::new(ByteStream::new()))
        }

        fn parse_response<B: AsRef<[u8]>>(response: &http::Response<B>) -> Result<(), Failed> {
            PARSED.fetch_add(1, Ordering::SeqCst);
            let parts = ResponseParts::new(response);
            match parts.is_success() {
                true => Ok(()),
                false => Err(Failed(Unhandled::new(parts.error_metadata(), None))),
            }
        }
    }

    struct NoWake;
    impl Wake for NoWake {
        fn wake(self: Arc<Self>) {}
    }

    /// A timer whose alarms have gone off already.
    struct Instant;
    impl Sleep for Instant {
        fn sleep(&self, _: std::time::Duration) -> BoxFuture<'static, ()> {
            Box::pin(std::future::ready(()))
        }
    }

    /// Each error answer is parsed once: the error that decides the retry
    /// is the one the caller gets.
    #[test]
    fn each_error_answer_is_parsed_once() {
        static SERVICE: Service = Service {
            signing_name: None,
            rules: None,
            s3_signing: false,
            errors_in_success: false,
            service_id: "Test",
        };
        static SPEC: OperationSpec = OperationSpec {
            signed: false,
            endpoint_params: &[],
        };
        let statuses = Arc::new(std::sync::Mutex::new(vec![400, 503]));
        let transport = move |_| {
            let status = statuses.lock().unwrap().pop().unwrap_or(400);
            let response = http::Response::builder()
                .status(status)
                .body(br#"{"message": "no"}"#.to_vec())
                .unwrap();
            std::future::ready(Ok::<_, TransportError>(response))
        };
        let config = Config::builder()
            .endpoint_url("http://127.0.0.1:1")
            .transport(transport)
            .sleep(Instant)
            .retry(RetryConfig {
                max_attempts: 3,
                ..RetryConfig::default()
            })
            .build();
        let core = ClientCore::new(config, &SERVICE);
        let waker = Waker::from(Arc::new(NoWake));
        let mut call = std::pin::pin!(core.call::<Counted>(&(), &SPEC));
        let Poll::Ready(result) = call.as_mut().poll(&mut Context::from_waker(&waker)) else {
            panic!("a call over an instant transport and timer is ready at once");
        };
        let error = result.unwrap_err();
        // 503 was retried, 400 was not: two answers, each parsed once.
        assert_eq!(error.service_error().unwrap().meta().status(), 400);
        assert_eq!(PARSED.load(Ordering::SeqCst), 2);
    }

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
            .body(ByteStream::from(b"body".to_vec()))
            .unwrap();
        let copy = copy_request(&request, request.body().clone());
        assert_eq!(copy.method(), "PUT");
        assert_eq!(copy.uri(), request.uri());
        assert_eq!(copy.headers(), request.headers());
        assert_eq!(copy.body().as_bytes(), Some(&b"body"[..]));
    }
}
