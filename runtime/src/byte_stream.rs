//! Bodies that need not be in memory: every request body, and the
//! `@streaming` blobs of inputs and outputs (S3's objects, Lambda's
//! payloads).

use std::error::Error;
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

/// The chunks of a streamed body.
pub type BoxStream = Pin<Box<dyn Stream<Item = Result<Bytes, ByteStreamError>> + Send>>;

/// Bytes in memory, or a stream of them read as the body is sent or
/// received.
///
/// A request body built from a stream is read once: a call whose first
/// attempt fails is not retried unless the body was built with
/// [`ByteStream::from_fn`], which makes a new stream for each attempt.
/// Clones of a streamed body share it, so whichever clone is read first
/// reads it all; a streamed body equals only its own clones.
#[derive(Clone)]
pub struct ByteStream {
    source: Source,
    /// The length the body declares: what `Content-Length` says, and what
    /// a stream must bring, neither more nor less.
    length: Option<u64>,
    /// What the stream has brought so far, checked against `length`.
    read: u64,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    Stream {
        chunks: Arc<Mutex<Option<BoxStream>>>,
        replay: Option<Arc<dyn Fn() -> BoxStream + Send + Sync>>,
    },
}

impl ByteStream {
    /// An empty body.
    pub fn new() -> Self {
        Self::from(Bytes::new())
    }

    /// A body read from `stream` as it is sent, once.
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn Error + Send + Sync>>,
    {
        Self::streamed(boxed(stream), None)
    }

    /// A body read from the stream `make` gives, a new one for each
    /// attempt of a call, so the call can be retried.
    pub fn from_fn<F, S, E>(make: F) -> Self
    where
        F: Fn() -> S + Send + Sync + 'static,
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn Error + Send + Sync>>,
    {
        let replay: Arc<dyn Fn() -> BoxStream + Send + Sync> = Arc::new(move || boxed(make()));
        Self::streamed(replay(), Some(replay))
    }

    /// A streamed body's chunks as they come, already in this crate's
    /// terms (a response body the client reads).
    #[cfg(feature = "client")]
    pub(crate) fn from_chunks(chunks: BoxStream, length: Option<u64>) -> Self {
        Self::streamed(chunks, None).with_optional_length(length)
    }

    /// This body as `wrap` transforms it (an encoding), declaring
    /// `length`; replayed, it wraps a replay of this body, so a body that
    /// can be sent again still can.
    #[cfg(feature = "checksums")]
    pub(crate) fn wrapped(
        self,
        length: u64,
        wrap: impl Fn(ByteStream) -> BoxStream + Send + Sync + 'static,
    ) -> Self {
        let wrap = Arc::new(wrap);
        let replay = self.is_replayable().then(|| {
            let (template, wrap) = (self.clone(), Arc::clone(&wrap));
            Arc::new(move || wrap(template.replay().unwrap_or_default()))
                as Arc<dyn Fn() -> BoxStream + Send + Sync>
        });
        Self::streamed(wrap(self), replay).with_optional_length(Some(length))
    }

    /// Whether [`ByteStream::replay`] gives a body.
    #[cfg(feature = "checksums")]
    fn is_replayable(&self) -> bool {
        match &self.source {
            Source::Bytes(_) => true,
            Source::Stream { replay, .. } => replay.is_some(),
        }
    }

    fn streamed(
        chunks: BoxStream,
        replay: Option<Arc<dyn Fn() -> BoxStream + Send + Sync>>,
    ) -> Self {
        Self {
            source: Source::Stream {
                chunks: Arc::new(Mutex::new(Some(chunks))),
                replay,
            },
            length: None,
            read: 0,
        }
    }

    /// Declares the length of a streamed body, which S3 and most services
    /// need for a streamed upload. A stream that brings more or fewer bytes
    /// fails rather than send a body its `Content-Length` misstates.
    pub fn with_length(self, length: u64) -> Self {
        match self.source {
            // Bytes know their own length.
            Source::Bytes(_) => self,
            Source::Stream { .. } => self.with_optional_length(Some(length)),
        }
    }

    fn with_optional_length(mut self, length: Option<u64>) -> Self {
        self.length = length;
        self
    }

    /// The body's length: that of its bytes, or the one a stream declared.
    pub fn length(&self) -> Option<u64> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes.len() as u64),
            Source::Stream { .. } => self.length,
        }
    }

    /// The bytes yet to come, when the length is known.
    #[cfg(feature = "client")]
    pub(crate) fn remaining(&self) -> Option<u64> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes.len() as u64),
            Source::Stream { .. } => Some(self.length?.saturating_sub(self.read)),
        }
    }

    /// The bytes, when the body is in memory.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes),
            Source::Stream { .. } => None,
        }
    }

    /// A body to send again, for another attempt of a call: the same
    /// bytes, or a new stream from [`ByteStream::from_fn`]'s function;
    /// `None` for a stream that can be read only once.
    pub fn replay(&self) -> Option<Self> {
        match &self.source {
            Source::Bytes(_) => Some(self.clone()),
            Source::Stream {
                replay: Some(replay),
                ..
            } => Some(
                Self::streamed(replay(), Some(replay.clone())).with_optional_length(self.length),
            ),
            Source::Stream { replay: None, .. } => None,
        }
    }

    /// Reads the whole body into memory.
    pub async fn collect(self) -> Result<Bytes, ByteStreamError> {
        let mut stream = self;
        if let Source::Bytes(bytes) = &stream.source {
            return Ok(bytes.clone());
        }
        // The declared length is only a hint: a hostile one must not
        // reserve memory the stream never brings.
        let hint = stream.length.unwrap_or(0).min(1 << 20) as usize;
        let mut collected = Vec::with_capacity(hint);
        while let Some(chunk) = std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await
        {
            collected.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(collected))
    }

    /// The next chunk, or `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Bytes, ByteStreamError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    fn check_length(&mut self, chunk: &Bytes) -> Result<(), ByteStreamError> {
        self.read += chunk.len() as u64;
        match self.length {
            Some(length) if self.read > length => Err(ByteStreamError::length(length, self.read)),
            _ => Ok(()),
        }
    }
}

fn boxed<S, E>(stream: S) -> BoxStream
where
    S: Stream<Item = Result<Bytes, E>> + Send + 'static,
    E: Into<Box<dyn Error + Send + Sync>>,
{
    Box::pin(MapErr(Box::pin(stream)))
}

/// A stream whose errors become [`ByteStreamError`]s; boxed, so that it
/// is `Unpin` whatever the stream is.
struct MapErr<S>(Pin<Box<S>>);

impl<S, E> Stream for MapErr<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<Box<dyn Error + Send + Sync>>,
{
    type Item = Result<Bytes, ByteStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut()
            .0
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|chunk| chunk.map_err(ByteStreamError::source)))
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        Self::new()
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, ByteStreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let polled = match &mut this.source {
            Source::Bytes(bytes) if bytes.is_empty() => Poll::Ready(None),
            Source::Bytes(bytes) => Poll::Ready(Some(Ok(std::mem::take(bytes)))),
            Source::Stream { chunks, .. } => {
                let Ok(mut slot) = chunks.lock() else {
                    return Poll::Ready(Some(Err(ByteStreamError::new(
                        ByteStreamErrorKind::AlreadyRead,
                        "a reader of this body panicked",
                    ))));
                };
                match slot.as_mut() {
                    Some(stream) => {
                        let polled = stream.as_mut().poll_next(cx);
                        if matches!(polled, Poll::Ready(None) | Poll::Ready(Some(Err(_)))) {
                            *slot = None;
                        }
                        polled
                    }
                    // Read to its end already, here or by a clone.
                    None => Poll::Ready(None),
                }
            }
        };
        match polled {
            Poll::Ready(Some(Ok(chunk))) => match this.check_length(&chunk) {
                Ok(()) => Poll::Ready(Some(Ok(chunk))),
                Err(error) => Poll::Ready(Some(Err(error))),
            },
            Poll::Ready(None) => match this.length {
                Some(length)
                    if this.read < length && matches!(this.source, Source::Stream { .. }) =>
                {
                    let read = this.read;
                    // Reported once; the stream has ended either way.
                    this.length = None;
                    Poll::Ready(Some(Err(ByteStreamError::length(length, read))))
                }
                _ => Poll::Ready(None),
            },
            other => other,
        }
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        Self {
            source: Source::Bytes(bytes),
            length: None,
            read: 0,
        }
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from(Bytes::from(bytes))
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Self::from(Bytes::from_static(bytes))
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        Self::from(text.as_bytes())
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        Self::from(text.into_bytes())
    }
}

impl From<crate::Blob> for ByteStream {
    fn from(blob: crate::Blob) -> Self {
        Self::from(blob.into_inner())
    }
}

/// Bytes equal the same bytes; a stream equals only its own clones.
impl PartialEq for ByteStream {
    fn eq(&self, other: &Self) -> bool {
        match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::Stream { chunks: a, .. }, Source::Stream { chunks: b, .. }) => {
                Arc::ptr_eq(a, b)
            }
            _ => false,
        }
    }
}

/// The length only: a body can be large, and may be secret.
impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.source, self.length) {
            (Source::Bytes(bytes), _) => write!(f, "ByteStream({} bytes)", bytes.len()),
            (Source::Stream { .. }, Some(length)) => {
                write!(f, "ByteStream(stream of {length} bytes)")
            }
            (Source::Stream { .. }, None) => f.write_str("ByteStream(stream)"),
        }
    }
}

/// A streamed body failed.
#[derive(Debug)]
pub struct ByteStreamError {
    kind: ByteStreamErrorKind,
    source: Box<dyn Error + Send + Sync>,
}

/// What kind of failure a [`ByteStreamError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ByteStreamErrorKind {
    /// The stream the body was built from failed.
    Source,
    /// The connection broke while the body was under way.
    Io,
    /// The body stopped flowing (stalled-stream protection).
    Stalled,
    /// The body brought more or fewer bytes than its declared length.
    Length,
    /// The body's checksum differs from the one the service sent.
    ChecksumMismatch,
    /// The body is in use elsewhere or cannot be read again.
    AlreadyRead,
}

impl ByteStreamError {
    /// An error of `kind`, caused by `source`.
    pub fn new(kind: ByteStreamErrorKind, source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self {
            kind,
            source: source.into(),
        }
    }

    fn source(error: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self::new(ByteStreamErrorKind::Source, error)
    }

    fn length(declared: u64, read: u64) -> Self {
        let message = if read > declared {
            format!("the body brought more than the {declared} bytes it declared ({read} so far)")
        } else {
            format!("the body declared {declared} bytes and brought only {read}")
        };
        Self::new(ByteStreamErrorKind::Length, message)
    }

    /// What kind of failure it is.
    pub fn kind(&self) -> ByteStreamErrorKind {
        self.kind
    }
}

impl fmt::Display for ByteStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "body stream failed: {}", self.source)
    }
}

impl Error for ByteStreamError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&*self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream of `chunks`, each ready at once.
    struct Chunks(Vec<&'static [u8]>);

    impl Stream for Chunks {
        type Item = Result<Bytes, std::io::Error>;

        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready((!self.0.is_empty()).then(|| Ok(Bytes::from_static(self.0.remove(0)))))
        }
    }

    fn drain(mut body: ByteStream) -> Result<Vec<u8>, ByteStreamError> {
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut out = Vec::new();
        loop {
            match Pin::new(&mut body).poll_next(&mut cx) {
                Poll::Ready(Some(chunk)) => out.extend_from_slice(&chunk?),
                Poll::Ready(None) => return Ok(out),
                Poll::Pending => panic!("in-memory chunks are always ready"),
            }
        }
    }

    #[test]
    fn bytes_are_read_and_replayed_and_compared_as_bytes() {
        let body = ByteStream::from(b"hello".to_vec());
        assert_eq!(body.length(), Some(5));
        assert_eq!(body.replay(), Some(body.clone()));
        assert_eq!(drain(body).unwrap(), b"hello");
        assert_eq!(
            format!("{:?}", ByteStream::from("ab")),
            "ByteStream(2 bytes)"
        );
    }

    #[test]
    fn a_stream_is_read_once_unless_made_anew_for_each_attempt() {
        let once = ByteStream::from_stream(Chunks(vec![b"ab", b"c"]));
        assert!(once.replay().is_none());
        let clone = once.clone();
        assert_eq!(once, clone, "clones share the stream");
        assert_ne!(once, ByteStream::from_stream(Chunks(vec![b"ab", b"c"])));
        assert_eq!(drain(once).unwrap(), b"abc");
        assert_eq!(drain(clone).unwrap(), b"", "the clone finds it read");

        let again = ByteStream::from_fn(|| Chunks(vec![b"x", b"yz"])).with_length(3);
        let replayed = again.replay().unwrap();
        assert_eq!(replayed.length(), Some(3));
        assert_eq!(drain(again).unwrap(), b"xyz");
        assert_eq!(drain(replayed).unwrap(), b"xyz");
    }

    #[test]
    fn a_stream_that_misstates_its_length_fails() {
        let short = ByteStream::from_stream(Chunks(vec![b"ab"])).with_length(3);
        let error = drain(short).unwrap_err();
        assert_eq!(error.kind(), ByteStreamErrorKind::Length);
        assert!(
            error
                .to_string()
                .contains("declared 3 bytes and brought only 2"),
            "{error}"
        );
        let long = ByteStream::from_stream(Chunks(vec![b"ab", b"cd"])).with_length(3);
        let error = drain(long).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("more than the 3 bytes it declared (4 so far)"),
            "{error}"
        );
    }
}
