//! Every kind of value through the generated rpcv2Cbor and awsJson1_0
//! code of one model (`tests/fixtures/models/cbor.json`): what a request
//! writes, read back as a response, is the input again; and ciborium, an
//! independent CBOR decoder, reads the request body in the forms rpcv2Cbor
//! specifies.

use std::collections::BTreeMap;

use fixtures_generated::every_value::errors::ExchangeError;
use fixtures_generated::every_value::operations::{Exchange, Ping};
use fixtures_generated::every_value::types::{Choice, Everything, Level, Mood};
use fixtures_generated::every_value_json::operations::Exchange as JsonExchange;
use fixtures_generated::every_value_json::types::Everything as JsonEverything;
use fixtures_generated::runtime::{BigDecimal, BigInteger, Blob, Operation, Timestamp, Unit};

fn everything() -> Everything {
    let child = Everything::builder()
        .name("child")
        .choice(Choice::Nothing(Unit))
        .build()
        .unwrap();
    Everything::builder()
        .name("parent")
        .count(-7)
        .big(i64::MIN)
        .small(i8::MAX)
        .ratio(0.25f32)
        .precise(f64::INFINITY)
        .flag(true)
        .data(Blob::new(vec![0, 1, 2, 255]))
        .when(Timestamp::from_secs_and_nanos(1_700_000_000, 123_000_000))
        .mood(Mood::Grumpy)
        .level(Level::High)
        .choice(Choice::Text("ü".to_owned()))
        .tags(vec!["a".to_owned(), "b".to_owned()])
        .maybe_tags(vec![Some("x".to_owned()), None])
        .scores(BTreeMap::from([("math".to_owned(), 9.5)]))
        .maybe_scores(BTreeMap::from([
            (
                "start".to_owned(),
                Some(Timestamp::from_secs_and_nanos(0, 0)),
            ),
            ("end".to_owned(), None),
        ]))
        .child(child)
        .huge(
            "-123456789012345678901234567890"
                .parse::<BigInteger>()
                .unwrap(),
        )
        .exact("273.15".parse::<BigDecimal>().unwrap())
        .build()
        .unwrap()
}

fn echo(
    request: http::Request<fixtures_generated::runtime::ByteStream>,
    content_type: &str,
) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(200)
        .header("content-type", content_type)
        .body(request.body().as_bytes().unwrap().to_vec())
        .unwrap()
}

#[test]
fn every_value_survives_rpcv2_cbor_both_ways() {
    let input = everything();
    let request = Exchange::serialize_request(&input).unwrap();
    assert_eq!(
        request.uri().path(),
        "/service/CborService/operation/Exchange"
    );
    assert_eq!(request.headers()["smithy-protocol"], "rpc-v2-cbor");
    assert_eq!(request.headers()["content-type"], "application/cbor");
    let output = Exchange::parse_response(&echo(request, "application/cbor")).unwrap();
    assert_eq!(output, input);
}

#[test]
fn the_cbor_body_is_in_the_forms_rpcv2_cbor_specifies() {
    use ciborium::Value;
    let request = Exchange::serialize_request(&everything()).unwrap();
    let body: Value = ciborium::from_reader(request.body().as_bytes().unwrap()).unwrap();
    let member = |name: &str| -> Value {
        body.as_map()
            .unwrap()
            .iter()
            .find(|(k, _)| k.as_text() == Some(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {name}"))
    };
    assert_eq!(member("data"), Value::Bytes(vec![0, 1, 2, 255]));
    assert_eq!(member("big"), Value::Integer(i64::MIN.into()));
    assert_eq!(member("level"), Value::Integer(9.into()));
    assert_eq!(member("mood"), Value::Text("grumpy".into()));
    assert_eq!(member("precise").as_float(), Some(f64::INFINITY));
    let Value::Tag(1, when) = member("when") else {
        panic!("a timestamp is tag 1");
    };
    assert_eq!(when.as_float(), Some(1_700_000_000.123));
    // A big integer beyond 64 bits is a negative bignum (tag 3).
    let Value::Tag(3, magnitude) = member("huge") else {
        panic!("not a bignum: {:?}", member("huge"));
    };
    assert!(magnitude.is_bytes());
    // A big decimal is a decimal fraction (tag 4): 27315 × 10^-2.
    assert_eq!(
        member("exact"),
        Value::Tag(
            4,
            Box::new(Value::Array(vec![
                Value::Integer((-2).into()),
                Value::Integer(27315.into())
            ]))
        )
    );
    // Sparse collections keep their nulls.
    assert_eq!(
        member("maybeTags"),
        Value::Array(vec![Value::Text("x".into()), Value::Null])
    );
}

/// The same model over awsJson1_0, chosen with `protocol` in the manifest.
#[test]
fn the_same_values_survive_aws_json_both_ways() {
    let cbor = everything();
    let mut json = Vec::new();
    fixtures_generated::runtime::json::WriteJson::write_json(&cbor, &mut json).unwrap();
    let input: JsonEverything =
        fixtures_generated::runtime::from_json(std::str::from_utf8(&json).unwrap()).unwrap();
    let request = JsonExchange::serialize_request(&input).unwrap();
    assert_eq!(request.uri().path(), "/");
    assert_eq!(request.headers()["x-amz-target"], "CborService.Exchange");
    let output =
        JsonExchange::parse_response(&echo(request, "application/x-amz-json-1.0")).unwrap();
    assert_eq!(output, input);
}

#[test]
fn operations_without_input_send_no_body_and_errors_are_typed() {
    let request = Ping::serialize_request(&()).unwrap();
    assert!(request.body().as_bytes().unwrap().is_empty());
    assert!(request.headers().get("content-type").is_none());
    assert_eq!(request.headers()["accept"], "application/cbor");
    // An empty structure reads from an empty body and from any map.
    let empty = http::Response::builder()
        .status(200)
        .body(Vec::new())
        .unwrap();
    Ping::parse_response(&empty).unwrap();
    let mut extra = Vec::new();
    let unknown = ciborium::Value::Map(vec![(
        ciborium::Value::Text("later".into()),
        ciborium::Value::Integer(1.into()),
    )]);
    ciborium::into_writer(&unknown, &mut extra).unwrap();
    let extra = http::Response::builder().status(200).body(extra).unwrap();
    Ping::parse_response(&extra).unwrap();

    let mut body = Vec::new();
    let error = ciborium::Value::Map(vec![
        (
            ciborium::Value::Text("__type".into()),
            ciborium::Value::Text("fixture.cbor#Refused".into()),
        ),
        (
            ciborium::Value::Text("reason".into()),
            ciborium::Value::Text("happy".into()),
        ),
    ]);
    ciborium::into_writer(&error, &mut body).unwrap();
    let response = http::Response::builder().status(400).body(body).unwrap();
    match Exchange::parse_response(&response) {
        Err(ExchangeError::Refused(refused)) => {
            assert_eq!(refused.error().reason, Some(Mood::Happy));
        }
        other => panic!("not the modelled error: {other:?}"),
    }
}
