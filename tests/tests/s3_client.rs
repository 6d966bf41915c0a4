//! The S3 client (restXml) against a real HTTP server on 127.0.0.1, and a
//! virtual-hosted request through a recording transport. What S3 documents
//! of its wire form is the reference: the bucket in the host, or in the
//! path for an endpoint that is an IP address (path-style), object keys
//! sent as they are (`..` included), `x-amz-content-sha256` signed, pages
//! chained by `NextContinuationToken`, `CopyObject`'s error that arrives
//! with status 200, and `GetBucketLocation`'s bare `<LocationConstraint>`.
//! Signatures are checked with `aws-sigv4` and its S3 settings.

use std::sync::{Arc, Mutex};

use aws_generated::s3::client::Client as S3Client;
use aws_generated::s3::types::{
    BucketLocationConstraint, CopyObjectRequest, GetBucketLocationRequest, GetObjectRequest,
    ListObjectsV2Request,
};
use fixtures_generated::runtime::client::{Config, S3Settings};
use fixtures_generated::runtime::credentials::Credentials;
use fixtures_generated::runtime::response::ServiceError;
use fixtures_generated::runtime::retry::RetryConfig;
use fixtures_generated::runtime::ByteStream;
use integration_tests::loopback::{
    assert_signed_as_aws_sigv4_signs_for_s3, Reply, Server, ACCESS_KEY, SECRET,
};

fn config(endpoint: &str) -> Config {
    Config::builder()
        .region("us-west-2")
        .endpoint_url(endpoint)
        .credentials(Credentials::new(ACCESS_KEY, SECRET, None))
        .build()
}

fn xml(status: u16, body: &str) -> Reply {
    Reply::bytes(status, "application/xml", body.as_bytes().to_vec())
}

/// A `ListObjectsV2` page of `keys`, with the token of the next when
/// there is one.
fn page(keys: &[&str], next: Option<&str>) -> Reply {
    let contents: String = keys
        .iter()
        .map(|key| {
            format!(
                "<Contents><Key>{key}</Key><LastModified>2009-10-12T17:50:30.000Z</LastModified>\
                 <ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag><Size>434234</Size>\
                 <StorageClass>STANDARD</StorageClass></Contents>"
            )
        })
        .collect();
    let next = next.map_or(String::new(), |token| {
        format!("<NextContinuationToken>{token}</NextContinuationToken>")
    });
    xml(
        200,
        &format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
             <Name>examplebucket</Name><KeyCount>{}</KeyCount><MaxKeys>2</MaxKeys>\
             <IsTruncated>{}</IsTruncated>{contents}{next}</ListBucketResult>",
            keys.len(),
            !next.is_empty()
        ),
    )
}

/// An endpoint that is an IP address takes the bucket in its path, and
/// the pages follow `NextContinuationToken` to the last.
#[tokio::test]
async fn list_objects_v2_goes_path_style_over_three_pages() {
    let server = Server::start(|_, received| {
        let token = received
            .target
            .split_once("continuation-token=")
            .map(|(_, rest)| rest.split('&').next().unwrap_or_default().to_owned());
        match token.as_deref() {
            None => page(
                &[
                    "photos/2006/January/sample.jpg",
                    "photos/2006/February/sample2.jpg",
                ],
                Some("1ueGcxLPRx1Tr/"),
            ),
            Some("1ueGcxLPRx1Tr%2F") => page(
                &[
                    "photos/2006/February/sample3.jpg",
                    "photos/2006/February/sample4.jpg",
                ],
                Some("last"),
            ),
            Some("last") => page(&["photos/2006/March/sample5.jpg"], None),
            Some(other) => panic!("unexpected token {other:?}"),
        }
    });
    let client = S3Client::new(config(&server.url()));
    let request = ListObjectsV2Request::builder()
        .bucket("examplebucket")
        .prefix("photos/2006/")
        .max_keys(2)
        .build();
    let mut keys = Vec::new();
    let mut pages = client.list_objects_v2_pages(request);
    while let Some(page) = pages.next().await {
        for object in page.unwrap().contents.unwrap_or_default() {
            assert_eq!(object.size, Some(434_234));
            assert_eq!(
                object.e_tag.as_deref(),
                Some("\"fba9dede5f27731c9771645a39863328\"")
            );
            keys.push(object.key.unwrap());
        }
    }
    assert_eq!(keys.len(), 5);
    assert_eq!(keys[4], "photos/2006/March/sample5.jpg");

    let received = server.received();
    assert_eq!(received.len(), 3);
    for request in &received {
        assert_eq!(request.method, "GET");
        assert!(
            request.target.starts_with("/examplebucket?list-type=2"),
            "{}",
            request.target
        );
        assert!(request.header("x-amz-content-sha256").is_some());
        assert_signed_as_aws_sigv4_signs_for_s3(&server, request, "us-west-2");
    }
    assert!(received[1]
        .target
        .contains("continuation-token=1ueGcxLPRx1Tr%2F"));
    assert!(received[2].target.contains("continuation-token=last"));
}

/// An object key goes in the path as it is, `..` and spaces included, and
/// the signature covers that path, not a normalized one.
#[tokio::test]
async fn object_keys_keep_their_dot_segments_in_path_and_signature() {
    let server = Server::start(|_, _| Reply::bytes(200, "text/plain", b"hello".to_vec()));
    let client = S3Client::new(config(&server.url()));
    let object = client
        .get_object(
            GetObjectRequest::builder()
                .bucket("examplebucket")
                .key("notes/../a b.txt")
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(object.body.collect().await.unwrap(), &b"hello"[..]);
    let [received] = server.received().try_into().unwrap();
    // The model's URI names the operation in a literal query.
    assert_eq!(
        received.target,
        "/examplebucket/notes/../a%20b.txt?x-id=GetObject"
    );
    assert_signed_as_aws_sigv4_signs_for_s3(&server, &received, "us-west-2");
}

/// `CopyObject` may fail after it began, answering 200 with an `<Error>`:
/// that is an error, retried as its code says, and the retry's success is
/// the call's answer.
#[tokio::test]
async fn copy_object_errors_sent_with_status_200_are_errors() {
    let server = Server::start(|index, _| match index {
        0 => xml(
            200,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>\
             <Message>We encountered an internal error. Please try again.</Message>\
             <RequestId>656c76696e6727732072657175657374</RequestId></Error>",
        ),
        _ => xml(
            200,
            "<CopyObjectResult><LastModified>2009-10-28T22:32:00Z</LastModified>\
             <ETag>\"9b2cf535f27731c974343645a3985328\"</ETag></CopyObjectResult>",
        ),
    });
    let client = S3Client::new(config(&server.url()));
    let request = || {
        CopyObjectRequest::builder()
            .bucket("destination")
            .key("copy.txt")
            .copy_source("source/original.txt")
            .build()
    };
    let copied = client.copy_object(request()).await.unwrap();
    let result = copied.copy_object_result.expect("the result");
    assert_eq!(
        result.e_tag.as_deref(),
        Some("\"9b2cf535f27731c974343645a3985328\"")
    );
    let received = server.received();
    assert_eq!(received.len(), 2, "the error was retried");
    assert_eq!(received[0].target, "/destination/copy.txt?x-id=CopyObject");
    assert_eq!(
        received[0].header("x-amz-copy-source"),
        Some("source/original.txt")
    );

    // Without retries the error itself is the answer, with its code.
    let server = Server::start(|_, _| {
        xml(
            200,
            "<Error><Code>InternalError</Code><Message>try again</Message></Error>",
        )
    });
    let client = S3Client::new(
        Config::builder()
            .region("us-west-2")
            .endpoint_url(server.url())
            .credentials(Credentials::new(ACCESS_KEY, SECRET, None))
            .retry(RetryConfig::disabled())
            .build(),
    );
    let error = client.copy_object(request()).await.unwrap_err();
    let meta = error.service_error().expect("a service error").meta();
    assert_eq!(meta.code(), Some("InternalError"));
    assert_eq!(meta.message(), Some("try again"));
    assert_eq!(meta.status(), 200);
}

/// `GetBucketLocation`'s answer is the bare `<LocationConstraint>`.
#[tokio::test]
async fn get_bucket_location_reads_the_bare_root() {
    let server = Server::start(|_, _| {
        xml(
            200,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint \
             xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">eu-west-1</LocationConstraint>",
        )
    });
    let client = S3Client::new(config(&server.url()));
    let location = client
        .get_bucket_location(
            GetBucketLocationRequest::builder()
                .bucket("examplebucket")
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(
        location.location_constraint,
        Some(BucketLocationConstraint::EuWest1)
    );
    let [received] = server.received().try_into().unwrap();
    assert_eq!(received.target, "/examplebucket?location");
}

/// With a DNS name for an endpoint, the bucket goes in the host
/// (virtual-hosted style) and the path holds the key alone; the signature
/// covers that host. A recording transport stands in for DNS.
#[tokio::test]
async fn a_virtual_hosted_request_is_signed_for_its_host() {
    let sent: Arc<Mutex<Vec<http::Request<ByteStream>>>> = Arc::default();
    let record = Arc::clone(&sent);
    let transport = move |request: http::Request<ByteStream>| {
        record.lock().unwrap().push(request);
        async move {
            Ok::<_, fixtures_generated::runtime::client::TransportError>(
                http::Response::builder()
                    .status(200)
                    .body(b"data".to_vec())
                    .unwrap(),
            )
        }
    };
    let client = S3Client::new(
        Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new(ACCESS_KEY, SECRET, None))
            .transport(transport)
            .build(),
    );
    client
        .get_object(
            GetObjectRequest::builder()
                .bucket("examplebucket")
                .key("a/b.txt")
                .build(),
        )
        .await
        .unwrap();
    let request = sent.lock().unwrap().remove(0);
    assert_eq!(
        request.uri().to_string(),
        "https://examplebucket.s3.us-west-2.amazonaws.com/a/b.txt?x-id=GetObject"
    );
    let sha = request
        .headers()
        .get("x-amz-content-sha256")
        .expect("S3's payload hash")
        .to_str()
        .unwrap()
        .to_owned();
    // The SHA-256 of an empty body.
    assert_eq!(
        sha,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let time = integration_tests::amz_date_time(request.headers()["x-amz-date"].to_str().unwrap());
    let expected = integration_tests::reference_signature(
        &request,
        &integration_tests::SignedBy {
            access_key_id: ACCESS_KEY,
            secret: SECRET,
            session_token: None,
            scope: ("us-west-2", "s3"),
            time,
            s3: true,
        },
    );
    assert_eq!(
        request.headers()["authorization"].to_str().unwrap(),
        expected["authorization"]
    );

    // Path-style when asked for, with the same DNS name.
    let client = S3Client::new(
        Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new(ACCESS_KEY, SECRET, None))
            .s3(S3Settings::default().force_path_style(true))
            .transport({
                let record = Arc::clone(&sent);
                move |request: http::Request<ByteStream>| {
                    record.lock().unwrap().push(request);
                    async move {
                        Ok::<_, fixtures_generated::runtime::client::TransportError>(
                            http::Response::builder()
                                .status(200)
                                .body(Vec::new())
                                .unwrap(),
                        )
                    }
                }
            })
            .build(),
    );
    client
        .get_object(
            GetObjectRequest::builder()
                .bucket("examplebucket")
                .key("a/b.txt")
                .build(),
        )
        .await
        .unwrap();
    let request = sent.lock().unwrap().remove(0);
    assert_eq!(
        request.uri().to_string(),
        "https://s3.us-west-2.amazonaws.com/examplebucket/a/b.txt?x-id=GetObject"
    );
}
