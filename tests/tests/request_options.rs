//! What `RequestOptions` and the operation traits around the bindings do to
//! a request: compression, checksums, idempotency tokens, host prefixes and
//! endpoints. The `compliance` fixture's own protocol cases cover the common
//! path; these cover the choices and the failures.

use std::io::Read as _;

use fixtures_generated::compliance::errors::ChatError;
use fixtures_generated::compliance::operations::{Chat, Ping, PutNote, SendLog};
use fixtures_generated::compliance::types::{
    ChatInput, Messages, PingInput, PutNoteInput, SendLogInput, TextEvent,
};
use fixtures_generated::runtime::request::RequestErrorKind;
use fixtures_generated::runtime::request::{apply_endpoint, HostPrefix, RequestOptions};
use fixtures_generated::runtime::Operation;

fn log(lines: usize, encoding: Option<&str>) -> SendLogInput {
    SendLogInput::builder()
        .lines(vec!["a line of the log".to_owned(); lines])
        .set_encoding(encoding.map(str::to_owned))
        .build()
}

fn header<'a>(
    request: &'a http::Request<fixtures_generated::runtime::ByteStream>,
    name: &str,
) -> Option<&'a str> {
    request.headers().get(name).map(|v| v.to_str().unwrap())
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The base64 MD5 of `bytes`, computed here without the runtime's helper.
fn md5_base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(md5::compute(bytes).0)
}

#[test]
fn bodies_are_compressed_from_the_minimum_size() {
    // About 12 KB: over the default minimum of 10,240 bytes.
    let big = log(600, None);
    let plain = SendLog::serialize_request_with(
        &big,
        &RequestOptions::default().disable_request_compression(true),
    )
    .unwrap();
    assert!(plain.body().as_bytes().unwrap().len() > 10_240);
    assert_eq!(header(&plain, "Content-Encoding"), None);

    let request = SendLog::serialize_request(&big).unwrap();
    assert_eq!(header(&request, "Content-Encoding"), Some("gzip"));
    assert_eq!(
        gunzip(request.body().as_bytes().unwrap()),
        *plain.body().as_bytes().unwrap(),
        "the same JSON, gzipped"
    );
    assert_eq!(
        header(&request, "Content-Length"),
        Some(
            request
                .body()
                .as_bytes()
                .unwrap()
                .len()
                .to_string()
                .as_str()
        )
    );
    // The checksum covers the body as it is sent.
    assert_eq!(
        header(&request, "Content-MD5"),
        Some(md5_base64(request.body().as_bytes().unwrap()).as_str())
    );

    let small = SendLog::serialize_request(&log(3, None)).unwrap();
    assert_eq!(
        header(&small, "Content-Encoding"),
        None,
        "under the minimum"
    );
    let options = RequestOptions::default().request_min_compression_size_bytes(10);
    let small = SendLog::serialize_request_with(&log(3, None), &options).unwrap();
    assert_eq!(
        header(&small, "Content-Encoding"),
        Some("gzip"),
        "the minimum is configurable"
    );
}

#[test]
fn gzip_comes_after_an_encoding_the_caller_set() {
    let request = SendLog::serialize_request(&log(600, Some("custom"))).unwrap();
    assert_eq!(header(&request, "Content-Encoding"), Some("custom, gzip"));
    let request = SendLog::serialize_request(&log(3, Some("custom"))).unwrap();
    assert_eq!(header(&request, "Content-Encoding"), Some("custom"));
}

#[test]
fn idempotency_tokens_are_random_uuids_unless_set_or_generated() {
    let input = PutNoteInput::builder().note_id("n").build();
    let token = |request: &http::Request<fixtures_generated::runtime::ByteStream>| {
        header(request, "X-Token").unwrap().to_owned()
    };
    let first = token(&PutNote::serialize_request(&input).unwrap());
    let second = token(&PutNote::serialize_request(&input).unwrap());
    assert_ne!(first, second);
    for uuid in [&first, &second] {
        let parts: Vec<&str> = uuid.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12],
            "{uuid}"
        );
        assert!(parts[2].starts_with('4'), "version 4: {uuid}");
        assert!(
            matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'),
            "variant 1: {uuid}"
        );
    }
    let set = PutNoteInput::builder().note_id("n").token("mine").build();
    assert_eq!(token(&PutNote::serialize_request(&set).unwrap()), "mine");
    let options = RequestOptions::default().idempotency_token_generator(|| "fixed".to_owned());
    assert_eq!(
        token(&PutNote::serialize_request_with(&input, &options).unwrap()),
        "fixed"
    );
    // The caller's input is left as it was.
    assert_eq!(input.token, None);
}

#[test]
fn host_labels_must_be_host_labels() {
    for bad in ["", "two words", "a.b", "-lead", &"x".repeat(64)] {
        let input = PingInput::builder().region(bad).build();
        let error = Ping::serialize_request(&input).unwrap_err();
        assert_eq!(error.member(), "Region", "{bad:?}");
        assert!(
            matches!(error.kind(), RequestErrorKind::InvalidHostLabel(_)),
            "{bad:?}"
        );
    }
    let error = Ping::serialize_request(&PingInput::builder().build()).unwrap_err();
    assert_eq!(error.member(), "Region", "an unset label is no label");
}

#[test]
fn endpoints_take_the_host_prefix() {
    let mut request =
        Ping::serialize_request(&PingInput::builder().region("eu-1").build()).unwrap();
    assert_eq!(
        request
            .extensions()
            .get::<HostPrefix>()
            .map(HostPrefix::as_str),
        Some("eu-1.ping.")
    );
    apply_endpoint(&mut request, "https://example.com/base").unwrap();
    assert_eq!(
        request.uri().to_string(),
        "https://eu-1.ping.example.com/base/ping"
    );
    for bad in [
        "",
        "example.com",
        "https://",
        "http://exa mple.com",
        "https://example.com?x=1",
        "ftp://[::1",
    ] {
        let mut request =
            Ping::serialize_request(&PingInput::builder().region("eu-1").build()).unwrap();
        let error = apply_endpoint(&mut request, bad).unwrap_err();
        assert!(
            error.to_string().starts_with("invalid endpoint"),
            "{bad}: {error}"
        );
    }
}

#[test]
fn event_streams_are_refused_not_sent_as_json() {
    let stream = Messages::Text(TextEvent::builder().body("hi").build());
    let input = ChatInput::builder().room("r").messages(stream).build();
    let error = Chat::serialize_request(&input).unwrap_err();
    assert_eq!(error.member(), "Messages");
    assert!(matches!(error.kind(), RequestErrorKind::EventStream));
    // Without the stream, the rest of the request is still made.
    let request = Chat::serialize_request(&ChatInput::builder().room("r").build()).unwrap();
    assert_eq!(header(&request, "X-Room"), Some("r"));
    // A streamed response is an error, not a stream that looks empty.
    let error = Chat::parse_response(&integration_tests::http_response(200, &[], "\0\0\0\x10"))
        .unwrap_err();
    let ChatError::Unhandled(unhandled) = &error else {
        panic!("{error:?}")
    };
    assert!(
        unhandled
            .response_error()
            .unwrap()
            .to_string()
            .contains("event stream"),
        "{error}"
    );
    assert!(Chat::parse_response(&integration_tests::http_response(200, &[], "")).is_ok());
}
