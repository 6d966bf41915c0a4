//! 64 MiB objects streamed up and down through the loopback object server
//! of the client tests: `PutObject` from a stream, its CRC32 in an
//! aws-chunked trailer, and `GetObject` read chunk by chunk, its CRC32
//! checked. The generated S3 client and aws-sdk-s3 1.141.0 take turns in
//! one run, each on a current-thread tokio runtime so that the peak memory
//! counted on this thread is all of the client's; only their ratio is
//! stable on a noisy machine.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;

#[path = "../../src/object_server.rs"]
#[allow(dead_code)]
mod object_server;

use object_server::{object_byte, object_crc32, ObjectServer};

const OBJECT: u64 = 64 << 20;
const ROUNDS: usize = 6;
const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// The object, made 64 KiB at a time as it is read.
struct Made {
    at: u64,
}

impl Made {
    fn next_chunk(&mut self) -> Option<Bytes> {
        if self.at == OBJECT {
            return None;
        }
        let end = (self.at + 65_536).min(OBJECT);
        let chunk: Vec<u8> = (self.at..end).map(object_byte).collect();
        self.at = end;
        Some(Bytes::from(chunk))
    }
}

impl futures_core::Stream for Made {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.next_chunk().map(Ok))
    }
}

impl http_body::Body for Made {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(
            self.next_chunk()
                .map(|chunk| Ok(http_body::Frame::data(chunk))),
        )
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(OBJECT - self.at)
    }
}

fn generated_client(url: &str) -> aws_generated::s3::client::Client {
    use aws_generated::runtime::client::{Config, S3Settings};
    use aws_generated::runtime::credentials::Credentials;
    aws_generated::s3::client::Client::new(
        Config::builder()
            .region("us-west-2")
            .endpoint_url(url)
            .s3(S3Settings::default().force_path_style(true))
            .credentials(Credentials::new(ACCESS_KEY, SECRET, None))
            .build(),
    )
}

fn sdk_client(url: &str) -> aws_sdk_s3::Client {
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new("us-west-2"))
        .endpoint_url(url)
        .force_path_style(true)
        .credentials_provider(aws_sdk_s3::config::Credentials::new(
            ACCESS_KEY, SECRET, None, None, "bench",
        ))
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

async fn generated_put(client: &aws_generated::s3::client::Client) {
    use aws_generated::runtime::ByteStream;
    use aws_generated::s3::types::PutObjectRequest;
    let body = ByteStream::from_fn(|| Made { at: 0 }).with_length(OBJECT);
    let input = PutObjectRequest::builder()
        .bucket("examplebucket")
        .key("big.bin")
        .body(body)
        .build();
    client.put_object(input).await.expect("the upload succeeds");
}

async fn sdk_put(client: &aws_sdk_s3::Client) {
    let body = aws_sdk_s3::primitives::ByteStream::from_body_1_x(Made { at: 0 });
    client
        .put_object()
        .bucket("examplebucket")
        .key("big.bin")
        .content_length(OBJECT as i64)
        .body(body)
        .send()
        .await
        .expect("the upload succeeds");
}

async fn generated_get(client: &aws_generated::s3::client::Client) {
    use aws_generated::s3::types::GetObjectRequest;
    let input = GetObjectRequest::builder()
        .bucket("examplebucket")
        .key("big.bin")
        .build();
    let mut body = client.get_object(input).await.expect("the object").body;
    let mut read = 0;
    while let Some(chunk) = body.next().await {
        read += chunk.expect("a chunk whose checksum holds").len() as u64;
    }
    assert_eq!(read, OBJECT);
}

async fn sdk_get(client: &aws_sdk_s3::Client) {
    let output = client
        .get_object()
        .bucket("examplebucket")
        .key("big.bin")
        .checksum_mode(aws_sdk_s3::types::ChecksumMode::Enabled)
        .send()
        .await
        .expect("the object");
    let mut body = output.body;
    let mut read = 0;
    while let Some(chunk) = body.try_next().await.expect("a chunk whose checksum holds") {
        read += chunk.len() as u64;
    }
    assert_eq!(read, OBJECT);
}

/// The time and the peak bytes held of one call.
fn run<F: Future<Output = ()>>(runtime: &tokio::runtime::Runtime, call: F) -> (Duration, u64) {
    let mut elapsed = Duration::ZERO;
    let info = allocation_counter::measure(|| {
        let start = Instant::now();
        runtime.block_on(call);
        elapsed = start.elapsed();
    });
    (elapsed, info.bytes_max)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let server = ObjectServer::start(OBJECT, object_crc32(OBJECT));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let generated = generated_client(server.url());
    let sdk = sdk_client(server.url());
    // One call each first, so connections and lazy state exist.
    runtime.block_on(generated_put(&generated));
    runtime.block_on(sdk_put(&sdk));
    runtime.block_on(generated_get(&generated));
    runtime.block_on(sdk_get(&sdk));
    let mib = OBJECT as f64 / f64::from(1 << 20);
    for (what, put) in [("PutObject", true), ("GetObject", false)] {
        let (mut ours, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        let (mut our_peak, mut their_peak) = (0, 0);
        for round in 0..ROUNDS {
            let ours_call = || {
                if put {
                    run(&runtime, generated_put(&generated))
                } else {
                    run(&runtime, generated_get(&generated))
                }
            };
            let theirs_call = || {
                if put {
                    run(&runtime, sdk_put(&sdk))
                } else {
                    run(&runtime, sdk_get(&sdk))
                }
            };
            // Each goes first in every other round, so neither gains from
            // its place.
            let ((our_time, ours_peak), (their_time, theirs_peak)) = if round % 2 == 0 {
                let ours = ours_call();
                (ours, theirs_call())
            } else {
                let theirs = theirs_call();
                (ours_call(), theirs)
            };
            our_peak = our_peak.max(ours_peak);
            their_peak = their_peak.max(theirs_peak);
            ours.push(mib / our_time.as_secs_f64());
            theirs.push(mib / their_time.as_secs_f64());
            ratios.push(their_time.as_secs_f64() / our_time.as_secs_f64());
        }
        let (low, high) = ratios
            .iter()
            .fold((f64::MAX, f64::MIN), |(l, h), r| (l.min(*r), h.max(*r)));
        println!(
            "{what} 64 MiB: generated {:.0} MiB/s, peak {:.2} MiB | aws-sdk-s3 {:.0} MiB/s, peak {:.2} MiB | speed ratio {:.2} ({low:.2}-{high:.2})",
            median(&mut ours),
            our_peak as f64 / f64::from(1 << 20),
            median(&mut theirs),
            their_peak as f64 / f64::from(1 << 20),
            median(&mut ratios),
        );
    }
    let uploads = server.uploads();
    assert!(uploads.iter().all(|upload| upload.length == OBJECT
        && upload.crc32 == object_crc32(OBJECT)
        && upload
            .trailer
            .iter()
            .any(|line| line.ends_with(&object_crc32(OBJECT)))));
}
