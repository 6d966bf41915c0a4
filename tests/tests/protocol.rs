//! restJson1 requests and responses of the `http` fixture, which binds
//! members in every way Smithy allows, on the compiled fixture crate.

use std::collections::BTreeMap;

use fixtures_generated::http::errors::{GetObjectError, PutObjectError};
use fixtures_generated::http::operations::{GetObject, Label, Ping, PutObject, SendDocument};
use fixtures_generated::http::types::{
    GetObjectInput, LabelInput, PutObjectInput, SendDocumentInput, Shape,
};
use fixtures_generated::runtime::request::RequestErrorKind;
use fixtures_generated::runtime::{Blob, Operation, Timestamp, UnknownMember};
use integration_tests::http_response as response;

fn header<'a>(
    request: &'a http::Request<fixtures_generated::runtime::ByteStream>,
    name: &str,
) -> &'a str {
    request.headers()[name].to_str().unwrap()
}

fn json_body(
    request: &http::Request<fixtures_generated::runtime::ByteStream>,
) -> serde_json::Value {
    serde_json::from_slice(request.body().as_bytes().unwrap()).unwrap()
}

fn put_object() -> PutObjectInput {
    PutObjectInput::builder()
        .bucket("my bucket")
        .key("photos/2024/a b.jpg")
        .tags(vec!["a".to_owned(), "b&c".to_owned()])
        .limit(5)
        .since(Timestamp::from_epoch_seconds(1_700_000_000.0))
        .extra(BTreeMap::from([
            ("limit".to_owned(), "999".to_owned()),
            ("other".to_owned(), "x y".to_owned()),
        ]))
        .trace("abc")
        .langs(vec!["en".to_owned(), "a,b".to_owned()])
        .expires(Timestamp::from_epoch_seconds(1_398_796_238.0))
        .policy("{\"a\":1}")
        .enabled(true)
        .meta(BTreeMap::from([("color".to_owned(), "red".to_owned())]))
        .body(Blob::new(b"\x00\x01binary".to_vec()))
        .build()
}

#[test]
fn every_request_binding_goes_where_the_model_says() {
    let request = PutObject::serialize_request(&put_object()).unwrap();
    assert_eq!(request.method(), "PUT");
    assert_eq!(
        request.uri().to_string(),
        "/buckets/my%20bucket/objects/photos/2024/a%20b.jpg?x-id=PutObject\
         &tag=a&tag=b%26c&limit=5&since=2023-11-14T22%3A13%3A20Z&other=x%20y",
        "the greedy label keeps `/`; httpQuery wins over httpQueryParams"
    );
    assert_eq!(header(&request, "X-Trace"), "abc");
    assert_eq!(header(&request, "X-Langs"), "en, \"a,b\"");
    assert_eq!(
        header(&request, "X-Expires"),
        "Tue, 29 Apr 2014 18:30:38 GMT"
    );
    assert_eq!(
        header(&request, "X-Policy"),
        "eyJhIjoxfQ==",
        "mediaType headers are base64"
    );
    assert_eq!(header(&request, "X-Enabled"), "true");
    assert_eq!(header(&request, "x-meta-color"), "red");
    assert_eq!(header(&request, "Content-Type"), "application/octet-stream");
    assert_eq!(request.body().as_bytes().unwrap(), b"\x00\x01binary");
    assert_eq!(
        header(&request, "Content-Length"),
        "8",
        "the length of the body as sent"
    );
}

#[test]
fn labels_are_checked_and_encoded() {
    let mut input = put_object();
    input.bucket = Some(String::new());
    let error = PutObject::serialize_request(&input).unwrap_err();
    assert_eq!(error.member(), "Bucket");
    assert!(matches!(error.kind(), RequestErrorKind::EmptyLabel));
    input.bucket = None;
    let error = PutObject::serialize_request(&input).unwrap_err();
    assert!(matches!(error.kind(), RequestErrorKind::MissingLabel));
    assert!(error.to_string().contains("`Bucket`"), "{error}");

    let request = GetObject::serialize_request(&GetObjectInput::builder().id(-42).build()).unwrap();
    assert_eq!(request.uri(), "/objects/-42");
    assert_eq!(request.method(), "GET");
    assert!(request.body().as_bytes().unwrap().is_empty());
    assert!(request.headers().get("Content-Type").is_none());
}

/// `@httpPrefixHeaders("")`: the map's keys are whole header names, so
/// the ones framing and signing own are refused, naming the member.
#[test]
fn an_empty_header_prefix_cannot_set_framing_or_signing_headers() {
    let labels = |pairs: &[(&str, &str)]| {
        let map = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<BTreeMap<_, _>>();
        LabelInput::builder().labels(map).build()
    };
    let request = Label::serialize_request(&labels(&[("x-team", "blue")])).unwrap();
    assert_eq!(header(&request, "x-team"), "blue");
    for reserved in [
        "Host",
        "content-length",
        "Transfer-Encoding",
        "authorization",
        "X-Amz-Security-Token",
    ] {
        let error =
            Label::serialize_request(&labels(&[("x-team", "blue"), (reserved, "1")])).unwrap_err();
        assert_eq!(error.member(), "Labels");
        assert!(
            matches!(error.kind(), RequestErrorKind::ReservedHeader { name } if name == reserved),
            "{error}"
        );
    }
}

#[test]
fn header_values_http_cannot_carry_are_errors() {
    for bad in ["a\r\nInjected: 1", "a\nb", "a\rb"] {
        let mut input = put_object();
        input.trace = Some(bad.to_owned());
        let error = PutObject::serialize_request(&input).unwrap_err();
        assert_eq!(error.member(), "Trace");
        assert!(
            matches!(error.kind(), RequestErrorKind::InvalidHeader { .. }),
            "{error}"
        );
    }
}

#[test]
fn json_bodies_follow_restjson1() {
    let input = SendDocumentInput::builder()
        .title("t")
        .created(Timestamp::from_epoch_seconds(1.5))
        .published(Timestamp::from_epoch_seconds(0.0))
        .reviewed(Timestamp::from_epoch_seconds(1_398_796_238.0))
        .history(vec![Timestamp::from_epoch_seconds(86_400.0)])
        .score(f64::NAN)
        .scores(vec![f64::INFINITY, f64::NEG_INFINITY, 2.5])
        .data(Blob::new(b"hi".to_vec()))
        .content(serde_json::json!({"k": [1, null]}))
        .shape(Shape::Circle(1.25))
        .build();
    let request = SendDocument::serialize_request(&input).unwrap();
    assert_eq!(request.uri(), "/documents");
    assert_eq!(header(&request, "Content-Type"), "application/json");
    assert_eq!(
        json_body(&request),
        serde_json::json!({
            "title": "t",
            "Created": 1.5,
            "Published": "1970-01-01T00:00:00Z",
            "Reviewed": "Tue, 29 Apr 2014 18:30:38 GMT",
            "History": ["1970-01-02T00:00:00Z"],
            "Score": "NaN",
            "Scores": ["Infinity", "-Infinity", 2.5],
            "Data": "aGk=",
            "Content": {"k": [1, null]},
            "Shape": {"Circle": 1.25}
        })
    );
    // Absent members are left out; an input with body members always has one.
    let empty = SendDocument::serialize_request(&SendDocumentInput::builder().build()).unwrap();
    assert_eq!(empty.body().as_bytes().unwrap(), b"{}");
}

#[test]
fn an_operation_without_input_or_output() {
    let request = Ping::serialize_request(&()).unwrap();
    assert_eq!(
        (
            request.method().as_str(),
            request.uri().to_string().as_str()
        ),
        ("GET", "/ping")
    );
    assert!(request.body().as_bytes().unwrap().is_empty());
    Ping::parse_response(&response(200, &[], "")).unwrap();
}

#[test]
fn outputs_come_from_status_headers_and_body() {
    let output = PutObject::parse_response(&response(
        201,
        &[
            ("ETag", "\"e1\""),
            ("X-Versions", "1, 2,3"),
            ("Last-Modified", "Tue, 29 Apr 2014 18:30:38 GMT"),
            ("X-Meta-Owner", "me"),
            ("x-meta-color", "blue"),
        ],
        r#"{"note_text": "hi", "Size": 3, "AddedLater": {"x": 1}}"#,
    ))
    .unwrap();
    assert_eq!(output.status, Some(201));
    assert_eq!(output.e_tag.as_deref(), Some("\"e1\""));
    assert_eq!(output.versions, Some(vec![1, 2, 3]));
    assert_eq!(
        output.modified,
        Some(Timestamp::from_epoch_seconds(1_398_796_238.0))
    );
    assert_eq!(
        output.meta,
        Some(BTreeMap::from([
            ("color".to_owned(), "blue".to_owned()),
            ("owner".to_owned(), "me".to_owned())
        ]))
    );
    assert_eq!(output.note.as_deref(), Some("hi"));
    assert_eq!(output.size, 3);
}

#[test]
fn missing_required_members_are_error_corrected() {
    let output = PutObject::parse_response(&response(200, &[], "")).unwrap();
    assert_eq!(output.size, 0);
    let output = SendDocument::parse_response(&response(200, &[], "{}")).unwrap();
    assert_eq!(output.count, 0);
    assert_eq!(output.labels, Vec::<String>::new());
}

#[test]
fn payloads_and_json_values_read_back() {
    let output = GetObject::parse_response(&response(
        200,
        &[("Content-Type", "text/plain")],
        "plain text",
    ))
    .unwrap();
    assert_eq!(output.text.as_deref(), Some("plain text"));
    assert_eq!(output.r#type.as_deref(), Some("text/plain"));
    let empty = GetObject::parse_response(&response(200, &[], "")).unwrap();
    assert_eq!(empty.text, None);

    let output = SendDocument::parse_response(&response(
        200,
        &[],
        r#"{"title": "t", "Created": 1700000000, "Published": "2024-02-29T12:00:00.5Z",
            "Score": "-Infinity", "Shape": {"__type": "Shape", "Square": 4}, "Count": 2, "Labels": ["x"]}"#,
    ))
    .unwrap();
    assert_eq!(output.title.as_deref(), Some("t"));
    assert_eq!(
        output.created,
        Some(Timestamp::from_epoch_seconds(1_700_000_000.0))
    );
    assert_eq!(
        output.published.map(|t| t.as_epoch_seconds()),
        Some(1_709_208_000.5)
    );
    assert_eq!(output.score, Some(f64::NEG_INFINITY));
    assert_eq!(output.shape, Some(Shape::Square(4)));
    assert_eq!((output.count, output.labels), (2, vec!["x".to_owned()]));
}

#[test]
fn responses_are_read_leniently() {
    // A union member this model does not list keeps its name; members the
    // output does not have are skipped; `null` items of a dense list are
    // dropped; a missing required member is error-corrected.
    let output = SendDocument::parse_response(&response(
        200,
        &[],
        r#"{"Shape": {"Triangle": {"sides": 3}}, "NewMember": [1, {"a": null}],
            "Labels": ["x", null, "y"]}"#,
    ))
    .unwrap();
    assert_eq!(
        output.shape,
        Some(Shape::Unknown(UnknownMember::new("Triangle")))
    );
    assert_eq!(output.labels, ["x", "y"]);
    assert_eq!(output.count, 0);
    // The same JSON is no valid input: the strict reader says why.
    let error = fixtures_generated::runtime::from_json::<
        fixtures_generated::http::types::SendDocumentOutput,
    >(r#"{"Count": 1, "Labels": ["x", null]}"#)
    .unwrap_err();
    assert_eq!(error.path(), "Labels[1]");
}

#[test]
fn modelled_errors_are_typed() {
    let error = PutObject::parse_response(&response(
        404,
        &[
            (
                "x-amzn-errortype",
                "NotFound:http://internal.amazon.com/coral/fixture/",
            ),
            ("x-amzn-requestid", "req-1"),
            ("X-Resource", "bucket/key"),
        ],
        r#"{"Message": "gone"}"#,
    ))
    .unwrap_err();
    let PutObjectError::NotFound(not_found) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(not_found.resource.as_deref(), Some("bucket/key"));
    assert_eq!(not_found.message.as_deref(), Some("gone"));
    assert_eq!(error.code(), Some("NotFound"));
    assert_eq!(error.message(), Some("gone"));
    assert_eq!(error.status(), 404);
    assert_eq!(error.request_id(), Some("req-1"));
    assert!(!error.is_retryable() && !error.is_throttling());
    assert_eq!(error.to_string(), "NotFound (HTTP 404): gone");

    // The code from the body's `code`, then `__type`, without its namespace.
    let busy = PutObject::parse_response(&response(
        503,
        &[],
        r#"{"code": "fixture.http#Busy", "message": "later"}"#,
    ))
    .unwrap_err();
    assert!(matches!(busy, PutObjectError::Busy(_)), "{busy:?}");
    assert!(busy.is_retryable() && !busy.is_throttling());
    let throttled = GetObject::parse_response(&response(
        400,
        &[],
        r#"{"__type": "fixture.http#Throttled:extra"}"#,
    ))
    .unwrap_err();
    assert!(
        matches!(throttled, GetObjectError::Throttled(_)),
        "{throttled:?}"
    );
    assert!(throttled.is_throttling() && throttled.is_retryable());
}

#[test]
fn other_errors_keep_what_the_response_said() {
    let error = GetObject::parse_response(&response(
        429,
        &[("x-amzn-RequestId", "r-9")],
        r#"{"__type": "com.example#SomethingNew", "errorMessage": "slow down"}"#,
    ))
    .unwrap_err();
    let GetObjectError::Unhandled(unhandled) = &error else {
        panic!("{error:?}");
    };
    assert!(unhandled.response_error().is_none());
    assert_eq!(error.code(), Some("SomethingNew"));
    assert_eq!(error.message(), Some("slow down"));
    assert_eq!(error.request_id(), Some("r-9"));
    assert!(
        error.is_throttling() && error.is_retryable(),
        "HTTP 429 is throttling"
    );

    let server =
        GetObject::parse_response(&response(502, &[], "<html>bad gateway</html>")).unwrap_err();
    assert_eq!(server.code(), None);
    assert!(server.is_retryable() && !server.is_throttling());
    assert_eq!(server.to_string(), "unknown error (HTTP 502)");

    let known_code = GetObject::parse_response(&response(
        400,
        &[("x-amzn-errortype", "ThrottlingException")],
        "",
    ))
    .unwrap_err();
    assert!(known_code.is_throttling());
    let client =
        GetObject::parse_response(&response(400, &[], r#"{"code": "ValidationException"}"#))
            .unwrap_err();
    assert!(!client.is_retryable() && !client.is_throttling());
}

#[test]
fn unreadable_responses_are_errors_not_panics() {
    let deep_union = format!("{{\"Shape\": {}", "{\"Circle\": ".repeat(10_000));
    let deep_document = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    for body in [
        "not json",
        r#"{"title": "t", "Cou"#,
        r#"{"Count": "three"}"#,
        r#"{"Labels": [1, 2]}"#,
        r#"{"Shape": {"Circle": 1, "Square": 2}}"#,
        r#"{"Created": "yesterday"}"#,
        r#"{} trailing"#,
        deep_union.as_str(),
    ] {
        let error = SendDocument::parse_response(&response(200, &[], body)).unwrap_err();
        let fixtures_generated::http::errors::SendDocumentError::Unhandled(unhandled) = &error
        else {
            panic!("{error:?}");
        };
        assert!(unhandled.response_error().is_some(), "{body}");
        assert!(
            error.to_string().contains("cannot read the response"),
            "{error}"
        );
    }
    let error =
        SendDocument::parse_response(&response(200, &[], r#"{"Count": "three"}"#)).unwrap_err();
    assert!(error.to_string().contains("at `Count`"), "{error}");
    // Nesting beyond serde_json's limit is an error, not a stack overflow,
    // and ignoring an unknown member nested as deep does not overflow either.
    let deep = format!("{{\"Content\": {deep_document}}}");
    let error = SendDocument::parse_response(&response(200, &[], &deep)).unwrap_err();
    assert!(
        error.to_string().contains("nest more than 128 deep"),
        "{error}"
    );
    let ignored = format!("{{\"AddedLater\": {deep_document}, \"Count\": 1}}");
    assert!(SendDocument::parse_response(&response(200, &[], &ignored)).is_ok());
    // Headers of the wrong type name their member.
    let error =
        PutObject::parse_response(&response(200, &[("X-Versions", "1, two")], "")).unwrap_err();
    assert!(error.to_string().contains("`Versions`"), "{error}");
    // An error response whose code names a modelled error but whose body
    // does not fit is still that error, and keeps why it could not be read.
    for body in [r#"{"Message": 7}"#, "<html>Not Found</html>"] {
        let error = PutObject::parse_response(&response(
            404,
            &[("x-amzn-errortype", "NotFound"), ("X-Resource", "r1")],
            body,
        ))
        .unwrap_err();
        let PutObjectError::NotFound(not_found) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(not_found.message, None, "{body}");
        assert_eq!(error.code(), Some("NotFound"));
        let cause = std::error::Error::source(&error).expect("the unreadable body");
        assert!(
            cause.to_string().contains("cannot read the response"),
            "{cause}"
        );
    }
}
