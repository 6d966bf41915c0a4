//! Response bodies as they arrive, and reading one whole within the
//! client's limits: a largest size, so a large or endless body cannot
//! exhaust memory, and a least rate, so a body that stops flowing fails
//! instead of hanging the call (stalled-stream protection). A streamed
//! output's body is handed over unread, with the same protection and its
//! checksum checked as it goes by.

use std::error::Error;
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use http_body::{Body, Frame, SizeHint};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::BodyExt;

use super::{BoxFuture, Sleep, TransportError, TransportErrorKind};
use crate::{ByteStream, ByteStreamError, ByteStreamErrorKind};

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
#[derive(Clone)]
pub(crate) struct BodyLimits {
    pub(crate) max_bytes: usize,
    pub(crate) stall: StalledStreamProtection,
    pub(crate) timer: Option<Arc<dyn Sleep>>,
}

impl BodyLimits {
    /// The stalled-stream window to read a body within, if protection is on.
    fn window(&self) -> Result<Option<Window>, TransportError> {
        match (self.stall.grace_period, &self.timer) {
            (None, _) => Ok(None),
            (Some(grace_period), Some(timer)) => Ok(Some(Window::new(timer.clone(), grace_period))),
            (Some(_), None) => Err(TransportError::new(
                TransportErrorKind::Other,
                "stalled-stream protection needs a timer: set one with `Config::builder().sleep(...)`, enable the `hyper-client` feature, or turn it off with `StalledStreamProtection::disabled()`",
            )),
        }
    }
}

/// Reads `body` whole: in one copy into a buffer sized by
/// `Content-Length` when it fits the limit, and never past the limit.
pub(crate) async fn read_body(
    headers: &http::HeaderMap,
    body: ResponseBody,
    limits: &BodyLimits,
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
    let mut window = limits.window()?;
    // The declared length is within the limit, so trusting it for the
    // first allocation costs at most the limit.
    let capacity = declared.map_or(0, |length| length as usize);
    let mut bytes = Vec::with_capacity(capacity);
    std::future::poll_fn(|cx| loop {
        match poll_chunk(&mut stream, &mut window, cx) {
            Poll::Ready(Some(Ok(data))) => {
                if data.len() > limits.max_bytes - bytes.len() {
                    return Poll::Ready(Err(too_large(limits.max_bytes)));
                }
                bytes.extend_from_slice(&data);
            }
            Poll::Ready(Some(Err(error))) => return Poll::Ready(Err(error)),
            Poll::Ready(None) => return Poll::Ready(Ok(())),
            Poll::Pending => return Poll::Pending,
        }
    })
    .await?;
    Ok(bytes)
}

/// The body of a streamed output, handed to the caller unread: its
/// chunks as they arrive, within stalled-stream protection, with the
/// checksum the response carries checked at its end.
pub(crate) fn stream_body(
    headers: &http::HeaderMap,
    body: ResponseBody,
    limits: &BodyLimits,
    checksums: &[crate::checksum::ChecksumAlgorithm],
) -> Result<ByteStream, TransportError> {
    let length = headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.parse::<u64>().ok());
    let body = match body.0 {
        Source::Full(bytes) => http_body_util::Full::new(Bytes::from(bytes))
            .map_err(|never| match never {})
            .boxed_unsync(),
        Source::Stream(stream) => stream,
    };
    let chunks = Streamed {
        body,
        window: limits.window()?,
        checksum: Checksum::of(headers, checksums),
    };
    Ok(ByteStream::from_chunks(Box::pin(chunks), length))
}

/// What a body's checksum is checked against.
#[cfg(feature = "checksums")]
struct Checksum {
    algorithm: crate::checksum::ChecksumAlgorithm,
    expected: String,
    hasher: crate::checksum::Hasher,
}

#[cfg(not(feature = "checksums"))]
struct Checksum;

impl Checksum {
    #[cfg(feature = "checksums")]
    fn of(
        headers: &http::HeaderMap,
        checksums: &[crate::checksum::ChecksumAlgorithm],
    ) -> Option<Self> {
        let (algorithm, expected) = crate::checksum::response_checksum(headers, checksums)?;
        Some(Self {
            algorithm,
            expected,
            hasher: algorithm.hasher(),
        })
    }

    /// Without the `checksums` feature nothing is checked: a generated
    /// crate whose operations have checksums turns the feature on.
    #[cfg(not(feature = "checksums"))]
    fn of(_: &http::HeaderMap, _: &[crate::checksum::ChecksumAlgorithm]) -> Option<Self> {
        None
    }

    #[cfg(feature = "checksums")]
    fn update(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
    }

    #[cfg(not(feature = "checksums"))]
    fn update(&mut self, _: &[u8]) {}

    #[cfg(feature = "checksums")]
    fn verify(self) -> Result<(), ByteStreamError> {
        let computed = self.hasher.finish();
        if computed == self.expected {
            return Ok(());
        }
        Err(ByteStreamError::new(
            ByteStreamErrorKind::ChecksumMismatch,
            format!(
                "the body's {} checksum is {computed}, and the response said {}",
                self.algorithm, self.expected
            ),
        ))
    }

    #[cfg(not(feature = "checksums"))]
    fn verify(self) -> Result<(), ByteStreamError> {
        Ok(())
    }
}

/// Checks a whole body in memory against the checksum its response
/// carries, if any.
pub(crate) fn verify_checksum(
    headers: &http::HeaderMap,
    body: &[u8],
    checksums: &[crate::checksum::ChecksumAlgorithm],
) -> Result<(), TransportError> {
    let Some(mut checksum) = Checksum::of(headers, checksums) else {
        return Ok(());
    };
    checksum.update(body);
    checksum
        .verify()
        .map_err(|e| TransportError::new(TransportErrorKind::Io, e))
}

struct Streamed {
    body: UnsyncBoxBody<Bytes, Box<dyn Error + Send + Sync>>,
    window: Option<Window>,
    /// `None` when the response carries no checksum, or once checked.
    checksum: Option<Checksum>,
}

impl Stream for Streamed {
    type Item = Result<Bytes, ByteStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match poll_chunk(&mut this.body, &mut this.window, cx) {
            Poll::Ready(Some(Ok(data))) => {
                if let Some(checksum) = &mut this.checksum {
                    checksum.update(&data);
                }
                Poll::Ready(Some(Ok(data)))
            }
            Poll::Ready(Some(Err(error))) => {
                let kind = match error.kind() {
                    TransportErrorKind::Timeout => ByteStreamErrorKind::Stalled,
                    _ => ByteStreamErrorKind::Io,
                };
                Poll::Ready(Some(Err(ByteStreamError::new(kind, error))))
            }
            Poll::Ready(None) => Poll::Ready(match this.checksum.take().map(Checksum::verify) {
                Some(Err(error)) => Some(Err(error)),
                _ => None,
            }),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// The next data chunk of `body`, counted against the stalled-stream
/// `window`: what a whole body read and a streamed one both take, so a
/// stall or a broken connection is judged the same way in each.
fn poll_chunk(
    body: &mut UnsyncBoxBody<Bytes, Box<dyn Error + Send + Sync>>,
    window: &mut Option<Window>,
    cx: &mut Context<'_>,
) -> Poll<Option<Result<Bytes, TransportError>>> {
    loop {
        match Pin::new(&mut *body).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                let Ok(data) = frame.into_data() else {
                    continue;
                };
                if let Some(window) = window {
                    window.received += data.len() as u64;
                }
                return Poll::Ready(Some(Ok(data)));
            }
            Poll::Ready(Some(Err(error))) => {
                return Poll::Ready(Some(Err(TransportError::new(
                    TransportErrorKind::Io,
                    error,
                ))))
            }
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => {}
        }
        match window {
            Some(window) => match window.poll(cx) {
                Poll::Ready(Err(error)) => return Poll::Ready(Some(Err(error))),
                // A new window began: poll again so its alarm is armed.
                Poll::Ready(Ok(())) => continue,
                Poll::Pending => return Poll::Pending,
            },
            None => return Poll::Pending,
        }
    }
}

/// A request body, as hyper sends it.
impl Body for ByteStream {
    type Data = Bytes;
    type Error = ByteStreamError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ByteStreamError>>> {
        self.poll_next(cx)
            .map(|chunk| chunk.map(|chunk| chunk.map(Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        self.remaining() == Some(0)
    }

    fn size_hint(&self) -> SizeHint {
        match self.remaining() {
            Some(left) => SizeHint::with_exact(left),
            None => SizeHint::default(),
        }
    }
}

/// One grace period of stalled-stream protection under way.
struct Window {
    timer: Arc<dyn Sleep>,
    grace_period: Duration,
    alarm: BoxFuture<'static, ()>,
    received: u64,
}

impl Window {
    fn new(timer: Arc<dyn Sleep>, grace_period: Duration) -> Self {
        Self {
            alarm: timer.sleep(grace_period),
            timer,
            grace_period,
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

    fn limits(max_bytes: usize, timer: Option<&ManualTimer>) -> BodyLimits {
        BodyLimits {
            max_bytes,
            stall: StalledStreamProtection::default(),
            timer: timer.map(|timer| Arc::new(timer.clone()) as Arc<dyn Sleep>),
        }
    }

    fn read_now(
        headers: &http::HeaderMap,
        body: ResponseBody,
        limits: BodyLimits,
    ) -> Result<Vec<u8>, TransportError> {
        let mut future = std::pin::pin!(read_body(headers, body, &limits));
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
        let limits = limits(1 << 20, Some(&timer));
        let mut future = std::pin::pin!(read_body(&none, body, &limits));
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
