//! The `aws-chunked` content encoding, which lets a streamed body carry
//! its checksum in a trailer, computed as the body goes by: chunks of
//! `{hex length}\r\n{bytes}\r\n`, then `0\r\n`, the trailer line and a
//! blank line. The chunks are all [`CHUNK`] bytes but the last, so the
//! encoded length is known before the body is read.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;

use crate::byte_stream::{BoxStream, ByteStreamError};
use crate::checksum::{ChecksumAlgorithm, Hasher};
use crate::ByteStream;

/// The size of every chunk but the last: the AWS SDKs' 64 KiB.
pub(crate) const CHUNK: usize = 64 << 10;

/// The length of `decoded` bytes once encoded with a trailer of
/// `algorithm`'s checksum.
pub(crate) fn encoded_length(decoded: u64, algorithm: ChecksumAlgorithm) -> u64 {
    let framed = |length: u64| format!("{length:x}").len() as u64 + 2 + length + 2;
    let chunk = CHUNK as u64;
    let (full, rest) = (decoded / chunk, decoded % chunk);
    let last = if rest > 0 { framed(rest) } else { 0 };
    let trailer = algorithm.header_name().len() + 1 + algorithm.encoded_len() + 2;
    full * framed(chunk) + last + 3 + trailer as u64 + 2
}

/// `body` encoded, with the checksum of `algorithm` in its trailer.
pub(crate) fn encode(body: ByteStream, algorithm: ChecksumAlgorithm) -> BoxStream {
    Box::pin(Encoder {
        body,
        algorithm,
        hasher: Some(algorithm.hasher()),
        pending: BytesMut::new(),
        out: VecDeque::new(),
    })
}

struct Encoder {
    body: ByteStream,
    algorithm: ChecksumAlgorithm,
    /// `None` once the trailer is out.
    hasher: Option<Hasher>,
    /// Bytes of the body not yet framed: fewer than a chunk.
    pending: BytesMut,
    /// Encoded pieces ready to go.
    out: VecDeque<Bytes>,
}

impl Encoder {
    fn frame(&mut self, data: Bytes) {
        self.out
            .push_back(Bytes::from(format!("{:x}\r\n", data.len())));
        self.out.push_back(data);
        self.out.push_back(Bytes::from_static(b"\r\n"));
    }

    fn finish(&mut self, hasher: Hasher) {
        if !self.pending.is_empty() {
            let rest = self.pending.split().freeze();
            self.frame(rest);
        }
        let trailer = format!(
            "0\r\n{}:{}\r\n\r\n",
            self.algorithm.header_name(),
            hasher.finish()
        );
        self.out.push_back(Bytes::from(trailer));
    }
}

impl Stream for Encoder {
    type Item = Result<Bytes, ByteStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(piece) = this.out.pop_front() {
                return Poll::Ready(Some(Ok(piece)));
            }
            let Some(hasher) = this.hasher.as_mut() else {
                return Poll::Ready(None);
            };
            match Pin::new(&mut this.body).poll_next(cx) {
                Poll::Ready(Some(Ok(mut data))) => {
                    hasher.update(&data);
                    // Whole chunks of the data go out as they are; only
                    // the remainder is copied, to be framed later.
                    if this.pending.is_empty() {
                        while data.len() >= CHUNK {
                            let chunk = data.split_to(CHUNK);
                            this.frame(chunk);
                        }
                    }
                    this.pending.extend_from_slice(&data);
                    while this.pending.len() >= CHUNK {
                        let chunk = this.pending.split_to(CHUNK).freeze();
                        this.frame(chunk);
                    }
                }
                Poll::Ready(Some(Err(error))) => {
                    this.hasher = None;
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(None) => {
                    if let Some(hasher) = this.hasher.take() {
                        this.finish(hasher);
                    }
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(body: &[u8], split: usize) -> Vec<u8> {
        let pieces: Vec<Result<Bytes, std::io::Error>> = body
            .chunks(split.max(1))
            .map(|piece| Ok(Bytes::copy_from_slice(piece)))
            .collect();
        let stream =
            ByteStream::from_stream(Iter(pieces.into_iter())).with_length(body.len() as u64);
        let mut encoder = encode(stream, ChecksumAlgorithm::Crc32);
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut out = Vec::new();
        loop {
            match encoder.as_mut().poll_next(&mut cx) {
                Poll::Ready(Some(Ok(piece))) => out.extend_from_slice(&piece),
                Poll::Ready(None) => return out,
                other => panic!("an in-memory stream is always ready: {other:?}"),
            }
        }
    }

    struct Iter<I>(I);
    impl<I: Iterator + Unpin> Stream for Iter<I> {
        type Item = I::Item;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
            Poll::Ready(self.0.next())
        }
    }

    /// The framing S3 documents for uploads with a trailing checksum:
    /// `{hex length}\r\n{bytes}\r\n`, `0\r\n`, the trailer, a blank line.
    #[test]
    fn a_short_body_is_one_chunk_and_a_trailer() {
        let body = encoded(b"Hello world", 4);
        let crc = ChecksumAlgorithm::Crc32.checksum(b"Hello world");
        let expected = format!("b\r\nHello world\r\n0\r\nx-amz-checksum-crc32:{crc}\r\n\r\n");
        assert_eq!(String::from_utf8(body).unwrap(), expected);
        assert_eq!(
            encoded_length(11, ChecksumAlgorithm::Crc32),
            expected.len() as u64
        );
    }

    #[test]
    fn chunks_are_64_kib_whatever_the_stream_gives_and_the_length_is_known_beforehand() {
        let body: Vec<u8> = (0..(2 * CHUNK + 1000)).map(|i| (i % 251) as u8).collect();
        for split in [1000, CHUNK, 3 * CHUNK] {
            let encoded = encoded(&body, split);
            assert_eq!(
                encoded.len() as u64,
                encoded_length(body.len() as u64, ChecksumAlgorithm::Crc32),
                "split {split}"
            );
            assert!(encoded.starts_with(b"10000\r\n"));
            let second = 7 + CHUNK + 2;
            assert_eq!(&encoded[second..second + 7], b"10000\r\n");
            let third = 2 * second;
            assert_eq!(&encoded[third..third + 5], b"3e8\r\n");
        }
        assert_eq!(
            encoded_length(0, ChecksumAlgorithm::Crc32),
            encoded(b"", 1).len() as u64
        );
    }
}
