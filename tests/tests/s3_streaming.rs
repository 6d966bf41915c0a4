//! S3 objects larger than a program would want in memory, streamed both
//! ways through a loopback server that keeps none of them: `PutObject` of
//! 64 MiB from a stream, sent aws-chunked with its CRC32 in the trailer as
//! S3 documents for trailing checksums, and `GetObject` of 64 MiB read as
//! it arrives, its `x-amz-checksum-crc32` checked at the end. The client's
//! peak memory is measured on its own thread (a current-thread runtime
//! runs it all there) and must stay far below the object's size. The
//! server's CRC32 is the `crc` crate's, apart from the client's crc32fast.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use aws_generated::s3::client::Client as S3Client;
use aws_generated::s3::types::{GetObjectRequest, PutObjectRequest};
use bytes::Bytes;
use fixtures_generated::runtime::client::{Config, S3Settings};
use fixtures_generated::runtime::credentials::Credentials;
use fixtures_generated::runtime::response::ServiceError;
use fixtures_generated::runtime::retry::RetryConfig;
use fixtures_generated::runtime::{ByteStream, ByteStreamErrorKind};
use integration_tests::loopback::{ACCESS_KEY, SECRET};
use integration_tests::object_server::{object_byte, object_crc32, ObjectServer};
use integration_tests::{amz_date_time, reference_signature, SignedBy};

const OBJECT: u64 = 64 << 20;
/// Far below the object: what the client may hold at once.
const MEMORY_BOUND: u64 = 8 << 20;

fn client(server: &ObjectServer) -> S3Client {
    S3Client::new(
        Config::builder()
            .region("us-west-2")
            .endpoint_url(server.url())
            .s3(S3Settings::default().force_path_style(true))
            .credentials(Credentials::new(ACCESS_KEY, SECRET, None))
            .build(),
    )
}

/// The object, made 64 KiB at a time as the body is read.
struct Made {
    at: u64,
    length: u64,
}

impl futures_core::Stream for Made {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.at == self.length {
            return Poll::Ready(None);
        }
        let end = (self.at + 65_536).min(self.length);
        let chunk: Vec<u8> = (self.at..end).map(object_byte).collect();
        self.at = end;
        Poll::Ready(Some(Ok(Bytes::from(chunk))))
    }
}

/// Runs `work` on a current-thread runtime, so that the allocations it
/// makes are counted on this thread, and gives the peak bytes held.
fn peak_memory(work: impl std::future::Future<Output = ()>) -> u64 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    allocation_counter::measure(|| runtime.block_on(work)).bytes_max
}

#[test]
fn a_64_mib_object_goes_up_streamed_with_its_crc32_in_the_trailer() {
    let server = ObjectServer::start(OBJECT, object_crc32(OBJECT));
    let client = client(&server);
    let peak = peak_memory(async {
        let body = ByteStream::from_fn(|| Made {
            at: 0,
            length: OBJECT,
        })
        .with_length(OBJECT);
        let input = PutObjectRequest::builder()
            .bucket("examplebucket")
            .key("big.bin")
            .body(body)
            .build();
        let output = client.put_object(input).await.unwrap();
        assert_eq!(
            output.e_tag.as_deref(),
            Some("\"1b2cf535f27731c974343645a3985328\"")
        );
    });
    let [upload] = server.uploads().try_into().unwrap();
    assert_eq!(upload.target, "/examplebucket/big.bin?x-id=PutObject");
    assert_eq!(upload.length, OBJECT);
    // The trailer carries the CRC32 the server computed on its own.
    assert_eq!(
        upload.trailer,
        [format!("x-amz-checksum-crc32:{}", object_crc32(OBJECT))]
    );
    assert_eq!(upload.crc32, object_crc32(OBJECT));
    assert_eq!(upload.header("content-encoding"), Some("aws-chunked"));
    assert_eq!(upload.header("x-amz-trailer"), Some("x-amz-checksum-crc32"));
    assert_eq!(
        upload.header("x-amz-decoded-content-length"),
        Some(OBJECT.to_string().as_str())
    );
    assert_eq!(
        upload.header("x-amz-content-sha256"),
        Some("STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    );
    // Signed as aws-sigv4 signs it, the payload by what the header says.
    let mut request =
        http::Request::builder()
            .method("PUT")
            .uri(format!("{}{}", server.url(), upload.target));
    for (name, value) in &upload.headers {
        request = request.header(name, value);
    }
    let request = request.body(Vec::new()).unwrap();
    let by = SignedBy {
        access_key_id: ACCESS_KEY,
        secret: SECRET,
        session_token: None,
        scope: ("us-west-2", "s3"),
        time: amz_date_time(upload.header("x-amz-date").unwrap()),
        s3: true,
    };
    assert_eq!(
        upload.header("authorization"),
        Some(reference_signature(&request, &by)["authorization"].as_str())
    );
    assert!(
        peak < MEMORY_BOUND,
        "the client held {peak} bytes at once for a {OBJECT}-byte upload"
    );
}

#[test]
fn a_64_mib_object_comes_down_as_a_stream_and_its_crc32_is_checked() {
    let server = ObjectServer::start(OBJECT, object_crc32(OBJECT));
    let client = client(&server);
    let peak = peak_memory(async {
        let input = GetObjectRequest::builder()
            .bucket("examplebucket")
            .key("big.bin")
            .build();
        let output = client.get_object(input).await.unwrap();
        assert_eq!(output.content_length, Some(OBJECT as i64));
        let mut body = output.body;
        let mut at = 0u64;
        while let Some(chunk) = body.next().await {
            let chunk = chunk.unwrap();
            assert!(
                chunk
                    .iter()
                    .zip(at..)
                    .all(|(byte, i)| *byte == object_byte(i)),
                "the bytes at {at} are the object's"
            );
            at += chunk.len() as u64;
        }
        assert_eq!(at, OBJECT);
    });
    assert!(
        peak < MEMORY_BOUND,
        "the client held {peak} bytes at once for a {OBJECT}-byte download"
    );
}

#[tokio::test]
async fn a_download_whose_crc32_differs_fails_at_its_end() {
    let length = 300_000;
    // The checksum of another object: one byte longer.
    let server = ObjectServer::start(length, object_crc32(length + 1));
    let output = client(&server)
        .get_object(
            GetObjectRequest::builder()
                .bucket("examplebucket")
                .key("big.bin")
                .build(),
        )
        .await
        .unwrap();
    let mut body = output.body;
    let mut read = 0;
    let error = loop {
        match body.next().await {
            Some(Ok(chunk)) => read += chunk.len(),
            Some(Err(error)) => break error,
            None => panic!("a body whose checksum differs must not end cleanly"),
        }
    };
    assert_eq!(read, length as usize, "every byte came before the error");
    assert_eq!(error.kind(), ByteStreamErrorKind::ChecksumMismatch);
    assert!(error.to_string().contains("CRC32"), "{error}");
}

/// What the recording transport's future gives.
type Answer = Pin<
    Box<
        dyn std::future::Future<
                Output = Result<
                    http::Response<Vec<u8>>,
                    fixtures_generated::runtime::client::TransportError,
                >,
            > + Send,
    >,
>;

/// A transport that reads every request body whole, records its length,
/// and answers 503 to the first attempt and 200 after.
fn flaky_recorder(
    lengths: Arc<Mutex<Vec<usize>>>,
) -> impl Fn(http::Request<ByteStream>) -> Answer + Send + Sync {
    move |request| {
        let lengths = Arc::clone(&lengths);
        Box::pin(async move {
            let body = request.into_body().collect().await.unwrap();
            let attempt = {
                let mut lengths = lengths.lock().unwrap();
                lengths.push(body.len());
                lengths.len()
            };
            let status = if attempt == 1 { 503 } else { 200 };
            Ok(http::Response::builder()
                .status(status)
                .body(Vec::new())
                .unwrap())
        })
    }
}

/// A body made anew for each attempt is sent whole again when the first
/// attempt fails (aws-chunked, trailer and all); a body read once is not
/// retried, and the caller gets the service's answer.
#[tokio::test]
async fn a_streamed_upload_is_retried_only_when_its_body_can_be_made_again() {
    let put = |body: ByteStream, lengths: &Arc<Mutex<Vec<usize>>>| {
        let client = S3Client::new(
            Config::builder()
                .region("us-west-2")
                .endpoint_url("http://127.0.0.1:1")
                .s3(S3Settings::default().force_path_style(true))
                .credentials(Credentials::new(ACCESS_KEY, SECRET, None))
                .retry(RetryConfig {
                    initial_backoff: Duration::from_millis(1),
                    ..RetryConfig::default()
                })
                .transport(flaky_recorder(Arc::clone(lengths)))
                .build(),
        );
        let input = PutObjectRequest::builder()
            .bucket("examplebucket")
            .key("small.bin")
            .body(body)
            .build();
        async move { client.put_object(input).await }
    };
    let made = || Made {
        at: 0,
        length: 4096,
    };
    let lengths = Arc::default();
    put(ByteStream::from_fn(made).with_length(4096), &lengths)
        .await
        .unwrap();
    let sent = lengths.lock().unwrap().clone();
    assert_eq!(sent.len(), 2, "sent again after the 503");
    assert_eq!(sent[0], sent[1]);
    assert!(
        sent[0] > 4096,
        "aws-chunked framing and the trailer were sent too"
    );

    let lengths = Arc::default();
    let error = put(ByteStream::from_stream(made()).with_length(4096), &lengths)
        .await
        .unwrap_err();
    assert_eq!(error.service_error().unwrap().meta().status(), 503);
    assert_eq!(
        lengths.lock().unwrap().len(),
        1,
        "a body read once is not sent again"
    );
}
