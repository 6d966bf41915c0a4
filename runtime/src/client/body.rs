//! Response bodies as they arrive, and reading one whole within the
//! client's limits: a largest size, so a large or endless body cannot
//! exhaust memory, and a least rate, so a body that stops flowing fails
//! instead of hanging the call (stalled-stream protection).

use std::error::Error;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::Body;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::BodyExt;

use super::{BoxFuture, Sleep, TransportError, TransportErrorKind};

/// The largest buffered response body by default: 64 MiB, above what any
/// AWS JSON API answers in one response.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 64 << 20;

/// A response body from an [`super::HttpTransport`]: bytes already in
/// memory, or a stream the client reads within its limits.
pub struct ResponseBody(Source);

enum Source {
    Full(Vec<u8>),
    Stream(UnsyncBoxBody<Bytes, Box<dyn Error + Send + Sync>>),
}

impl ResponseBody {
    /// A body that arrives as `body` gives it, such as hyper's `Incoming`.
    pub fn stream<B>(body: B) -> Self
    where
        B: Body<Data = Bytes> + Send + 'static,
        B::Error: Into<Box<dyn Error + Send + Sync>>,
    {
        Self(Source::Stream(body.map_err(Into::into).boxed_unsync()))
    }
}

impl From<Vec<u8>> for ResponseBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self(Source::Full(bytes))
    }
}

impl From<&'static [u8]> for ResponseBody {
    fn from(bytes: &'static [u8]) -> Self {
        Self(Source::Full(bytes.to_vec()))
    }
}

impl From<String> for ResponseBody {
    fn from(text: String) -> Self {
        Self(Source::Full(text.into_bytes()))
    }
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Source::Full(bytes) => write!(f, "ResponseBody({} bytes)", bytes.len()),
            Source::Stream(_) => f.write_str("ResponseBody(stream)"),
        }
    }
}

/// Stalled-stream protection: a response body that brings fewer than one
/// byte a second, measured over each `grace_period`, fails the attempt,
/// which is then retried as a timeout. On by default with a grace period
/// of 20 seconds, as in the AWS SDKs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StalledStreamProtection {
    grace_period: Option<Duration>,
}

impl Default for StalledStreamProtection {
    fn default() -> Self {
        Self::enabled(Duration::from_secs(20))
    }
}

impl StalledStreamProtection {
    /// Protection that gives a body `grace_period` to bring each
    /// `grace_period`'s worth of bytes at one byte a second (at least one
    /// byte).
    pub fn enabled(grace_period: Duration) -> Self {
        Self {
            grace_period: Some(grace_period),
        }
    }

    /// No protection: a body may stall for as long as the operation and
    /// attempt timeouts allow.
    pub fn disabled() -> Self {
        Self { grace_period: None }
    }

    /// The grace period; `None` when protection is off.
    pub fn grace_period(&self) -> Option<Duration> {
        self.grace_period
    }

    /// The bytes a body must bring in each grace period: one a second,
    /// and at least one.
    fn minimum_bytes(grace_period: Duration) -> u64 {
        grace_period.as_secs().max(1)
    }
}

/// What bounds the reading of a body.
#[derive(Clone, Copy)]
pub(crate) struct BodyLimits<'a> {
    pub(crate) max_bytes: usize,
    pub(crate) stall: StalledStreamProtection,
    pub(crate) timer: Option<&'a dyn Sleep>,
}

/// Reads `body` whole: in one copy into a buffer sized by
/// `Content-Length` when it fits the limit, and never past the limit.
pub(crate) async fn read_body(
    headers: &http::HeaderMap,
    body: ResponseBody,
    limits: BodyLimits<'_>,
) -> Result<Vec<u8>, TransportError> {
    let declared = headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limits.max_bytes as u64) {
        return Err(too_large(limits.max_bytes));
    }
    let mut stream = match body.0 {
        Source::Full(bytes) if bytes.len() > limits.max_bytes => {
            return Err(too_large(limits.max_bytes))
        }
        Source::Full(bytes) => return Ok(bytes),
        Source::Stream(stream) => stream,
    };
    let mut window = match (limits.stall.grace_period, limits.timer) {
        (None, _) => None,
        (Some(grace_period), Some(timer)) => Some(Window::new(timer, grace_period)),
        (Some(_), None) => {
            return Err(TransportError::new(
                TransportErrorKind::Other,
                "stalled-stream protection needs a timer: set one with `Config::builder().sleep(...)`, enable the `hyper-client` feature, or turn it off with `StalledStreamProtection::disabled()`",
            ))
        }
    };
    // The declared length is within the limit, so trusting it for the
    // first allocation costs at most the limit.
    let capacity = declared.map_or(0, |length| length as usize);
    let mut bytes = Vec::with_capacity(capacity);
    std::future::poll_fn(|cx| loop {
        match Pin::new(&mut stream).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Ok(data) = frame.into_data() {
                    if data.len() > limits.max_bytes - bytes.len() {
                        return Poll::Ready(Err(too_large(limits.max_bytes)));
                    }
                    bytes.extend_from_slice(&data);
                    if let Some(window) = &mut window {
                        window.received += data.len() as u64;
                    }
                }
                continue;
            }
            Poll::Ready(Some(Err(error))) => {
                return Poll::Ready(Err(TransportError::new(TransportErrorKind::Io, error)))
            }
            Poll::Ready(None) => return Poll::Ready(Ok(())),
            Poll::Pending => {}
        }
        match &mut window {
            Some(window) => match window.poll(cx) {
                Poll::Ready(Err(error)) => return Poll::Ready(Err(error)),
                // A new window began: poll again so its alarm is armed.
                Poll::Ready(Ok(())) => continue,
                Poll::Pending => return Poll::Pending,
            },
            None => return Poll::Pending,
        }
    })
    .await?;
    Ok(bytes)
}

/// One grace period of stalled-stream protection under way.
struct Window<'a> {
    timer: &'a dyn Sleep,
    grace_period: Duration,
    alarm: BoxFuture<'static, ()>,
    received: u64,
}

impl<'a> Window<'a> {
    fn new(timer: &'a dyn Sleep, grace_period: Duration) -> Self {
        Self {
            timer,
            grace_period,
            alarm: timer.sleep(grace_period),
            received: 0,
        }
    }

    /// `Ready(Ok)` when the period ended with enough bytes and the next
    /// one began; an error when it ended with too few.
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), TransportError>> {
        if self.alarm.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        let minimum = StalledStreamProtection::minimum_bytes(self.grace_period);
        if self.received < minimum {
            return Poll::Ready(Err(TransportError::new(
                TransportErrorKind::Timeout,
                format!(
                    "the response body stalled: {} bytes in {:?}, fewer than the {minimum} that stalled-stream protection asks for (see `Config::builder().stalled_stream_protection(...)`)",
                    self.received, self.grace_period
                ),
            )));
        }
        self.received = 0;
        self.alarm = self.timer.sleep(self.grace_period);
        Poll::Ready(Ok(()))
    }
}

fn too_large(limit: usize) -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        format!(
            "the response body is larger than the limit of {limit} bytes (raise it with `Config::builder().max_response_body(...)`)"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;
    use std::future::Future;
    use std::sync::{Arc, Mutex};
    use std::task::{Wake, Waker};

    use http_body::Frame;

    /// A body that gives its chunks one per poll, then stays pending
    /// forever when `stall` is set.
    struct Chunks {
        chunks: VecDeque<&'static [u8]>,
        stall: bool,
    }

    impl Body for Chunks {
        type Data = Bytes;
        type Error = std::io::Error;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            match self.chunks.pop_front() {
                Some(chunk) => Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(chunk))))),
                None if self.stall => Poll::Pending,
                None => Poll::Ready(None),
            }
        }
    }

    fn stream(chunks: &[&'static [u8]], stall: bool) -> ResponseBody {
        ResponseBody::stream(Chunks {
            chunks: chunks.iter().copied().collect(),
            stall,
        })
    }

    /// A timer whose alarms go off when the test says, and which records
    /// the periods asked of it.
    #[derive(Clone, Default)]
    struct ManualTimer {
        rang: Arc<Mutex<bool>>,
        asked: Arc<Mutex<Vec<Duration>>>,
    }

    impl Sleep for ManualTimer {
        fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
            self.asked.lock().unwrap().push(duration);
            let rang = self.rang.clone();
            Box::pin(std::future::poll_fn(move |_| {
                if std::mem::take(&mut *rang.lock().unwrap()) {
                    Poll::Ready(())
                } else {
                    Poll::Pending
                }
            }))
        }
    }

    struct NoWake;
    impl Wake for NoWake {
        fn wake(self: Arc<Self>) {}
    }

    fn poll<F: Future>(future: Pin<&mut F>) -> Poll<F::Output> {
        let waker = Waker::from(Arc::new(NoWake));
        future.poll(&mut Context::from_waker(&waker))
    }

    fn limits(max_bytes: usize, timer: Option<&dyn Sleep>) -> BodyLimits<'_> {
        BodyLimits {
            max_bytes,
            stall: StalledStreamProtection::default(),
            timer,
        }
    }

    fn read_now(
        headers: &http::HeaderMap,
        body: ResponseBody,
        limits: BodyLimits<'_>,
    ) -> Result<Vec<u8>, TransportError> {
        let mut future = std::pin::pin!(read_body(headers, body, limits));
        match poll(future.as_mut()) {
            Poll::Ready(result) => result,
            Poll::Pending => panic!("a body that does not stall is read in one poll"),
        }
    }

    #[test]
    fn bodies_are_read_whole_up_to_the_limit() {
        let timer = ManualTimer::default();
        let none = http::HeaderMap::new();
        let body = read_now(
            &none,
            stream(&[b"ab", b"cd"], false),
            limits(4, Some(&timer)),
        );
        assert_eq!(body.unwrap(), b"abcd");
        let full = read_now(&none, ResponseBody::from(b"abcd".to_vec()), limits(4, None));
        assert_eq!(full.unwrap(), b"abcd");
    }

    #[test]
    fn a_body_past_the_limit_fails_naming_it() {
        let timer = ManualTimer::default();
        let none = http::HeaderMap::new();
        let error = read_now(
            &none,
            stream(&[b"ab", b"cde"], false),
            limits(4, Some(&timer)),
        )
        .unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::BodyTooLarge);
        assert!(error.to_string().contains("limit of 4 bytes"), "{error}");
        let error = read_now(&none, ResponseBody::from(vec![0; 5]), limits(4, None)).unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::BodyTooLarge);
        // A declared length past the limit fails before anything is read,
        // even from a body that would never end.
        let mut declared = http::HeaderMap::new();
        declared.insert(http::header::CONTENT_LENGTH, "5".parse().unwrap());
        let error = read_now(&declared, stream(&[], true), limits(4, Some(&timer))).unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::BodyTooLarge);
    }

    #[test]
    fn a_stalled_body_fails_when_a_grace_period_passes_without_enough_bytes() {
        let timer = ManualTimer::default();
        let none = http::HeaderMap::new();
        // 25 bytes, then nothing: the first 20-second period has enough,
        // the second has none.
        let body = stream(&[&[b'x'; 25]], true);
        let mut future = std::pin::pin!(read_body(&none, body, limits(1 << 20, Some(&timer))));
        assert!(poll(future.as_mut()).is_pending());
        *timer.rang.lock().unwrap() = true;
        assert!(
            poll(future.as_mut()).is_pending(),
            "the first period had 25 bytes"
        );
        *timer.rang.lock().unwrap() = true;
        let Poll::Ready(Err(error)) = poll(future.as_mut()) else {
            panic!("the second period had no bytes");
        };
        assert_eq!(error.kind(), TransportErrorKind::Timeout);
        assert!(error.to_string().contains("stalled"), "{error}");
        let twenty = Duration::from_secs(20);
        assert_eq!(*timer.asked.lock().unwrap(), [twenty, twenty]);
    }

    #[test]
    fn protection_can_be_turned_off_and_needs_a_timer_when_on() {
        let none = http::HeaderMap::new();
        let off = BodyLimits {
            max_bytes: 16,
            stall: StalledStreamProtection::disabled(),
            timer: None,
        };
        assert_eq!(
            read_now(&none, stream(&[b"ok"], false), off).unwrap(),
            b"ok"
        );
        let error = read_now(&none, stream(&[b"ok"], false), limits(16, None)).unwrap_err();
        assert!(error.to_string().contains("needs a timer"), "{error}");
    }
}
