//! Each known trait decoded from JSON, and malformed ones named.

use serde_json::Value;

use super::super::traits::{ids, Traits};
use super::*;
use serde_json::json;

fn known(value: Value) -> Result<KnownTraits, TraitError> {
    decode(&Traits::new(serde_json::from_value(value).unwrap()))
}

#[test]
fn auth_and_endpoint_context_traits_decode() {
    let t = known(json!({
        "aws.auth#sigv4": {"name": "connect"},
        "smithy.api#auth": [],
        "smithy.api#optionalAuth": {},
        "smithy.rules#contextParam": {"name": "EndpointId"},
        "smithy.rules#staticContextParams": {"ApiType": {"value": "DataPlane"}, "Beta": {"value": true}}
    }))
    .unwrap();
    assert_eq!(t.sigv4_name.as_deref(), Some("connect"));
    assert_eq!(t.auth, Some(Vec::new()));
    assert!(t.optional_auth);
    assert_eq!(t.context_param.as_deref(), Some("EndpointId"));
    assert_eq!(
        t.static_context_params,
        [
            (
                "ApiType".to_owned(),
                StaticParamValue::String("DataPlane".to_owned())
            ),
            ("Beta".to_owned(), StaticParamValue::Bool(true))
        ]
    );
}

#[test]
fn http_uris_split_into_literals_labels_and_query() {
    let t = known(json!({"smithy.api#http": {"method": "GET", "uri": "/a/{Id}/b/{Key+}?x=1"}}))
        .unwrap();
    let http = t.http.unwrap();
    assert_eq!(
        http.path,
        vec![
            UriSegment::Literal("/a/".into()),
            UriSegment::Label {
                name: "Id".into(),
                greedy: false
            },
            UriSegment::Literal("/b/".into()),
            UriSegment::Label {
                name: "Key".into(),
                greedy: true
            },
        ]
    );
    assert_eq!(http.labels().collect::<Vec<_>>(), ["Id", "Key"]);
    assert_eq!(http.query.as_deref(), Some("x=1"));
    assert_eq!(http.code, 200);
}

#[test]
fn host_prefixes_split_into_literals_and_labels() {
    let t = known(json!({"smithy.api#endpoint": {"hostPrefix": "foo.{label}."}})).unwrap();
    assert_eq!(
        t.host_prefix.unwrap(),
        vec![
            HostPrefixPiece::Literal("foo.".into()),
            HostPrefixPiece::Label("label".into()),
            HostPrefixPiece::Literal(".".into()),
        ]
    );
}

#[test]
fn gzip_is_found_among_compression_encodings() {
    let t = known(json!({"smithy.api#requestCompression": {"encodings": ["br", "GZIP"]}}));
    assert!(t.unwrap().compresses_with_gzip());
    let t = known(json!({"smithy.api#requestCompression": {"encodings": ["br"]}}));
    assert!(!t.unwrap().compresses_with_gzip());
}

#[test]
fn an_operation_paginates_with_the_service_members_it_leaves_out() {
    let service = known(json!({"smithy.api#paginated": {
        "inputToken": "NextToken", "outputToken": "NextToken", "pageSize": "MaxResults"
    }}))
    .unwrap()
    .paginated
    .unwrap();
    let operation = known(json!({"smithy.api#paginated": {"items": "Users", "pageSize": "Limit"}}))
        .unwrap()
        .paginated
        .unwrap();
    let merged = operation.over(Some(&service));
    assert_eq!(merged.input_token.as_deref(), Some("NextToken"));
    assert_eq!(merged.output_token.as_deref(), Some("NextToken"));
    assert_eq!(merged.items.as_deref(), Some("Users"));
    assert_eq!(merged.page_size.as_deref(), Some("Limit"));
}

#[test]
fn ranges_keep_the_numbers_as_written() {
    let t = known(json!({"smithy.api#range": {"min": 0.5, "max": 1e20}})).unwrap();
    let range = t.range.unwrap();
    assert_eq!(range.min.as_deref(), Some("0.5"));
    assert_eq!(range.max.as_deref(), Some("100000000000000000000"));
}

/// Each malformed value is refused, naming the trait.
#[test]
fn malformed_values_name_their_trait() {
    let cases = [
        (
            json!({"smithy.api#http": {"method": "GET"}}),
            ids::HTTP,
            "method",
        ),
        (
            json!({"smithy.api#http": {"method": "GET", "uri": "/", "code": 70000}}),
            ids::HTTP,
            "70000",
        ),
        (
            json!({"smithy.api#http": {"method": "GET", "uri": "/{a"}}),
            ids::HTTP,
            "does not close",
        ),
        (
            json!({"smithy.api#http": {"method": "GET", "uri": "/{a b}"}}),
            ids::HTTP,
            "malformed label",
        ),
        (
            json!({"smithy.api#endpoint": {"hostPrefix": "foo.{label"}}),
            ids::ENDPOINT,
            "does not close",
        ),
        (
            json!({"smithy.api#endpoint": {"hostPrefix": "a}."}}),
            ids::ENDPOINT,
            "does not open",
        ),
        (
            json!({"smithy.api#requestCompression": {"encodings": [1]}}),
            ids::REQUEST_COMPRESSION,
            "strings",
        ),
        (
            json!({"smithy.api#length": {"min": -1}}),
            ids::LENGTH,
            "`min`",
        ),
        (
            json!({"smithy.api#range": {"max": "9"}}),
            ids::RANGE,
            "`max`",
        ),
        (json!({"smithy.api#pattern": 5}), ids::PATTERN, "string"),
        (
            json!({"smithy.api#timestampFormat": "unix"}),
            ids::TIMESTAMP_FORMAT,
            "unix",
        ),
        (
            json!({"smithy.api#jsonName": true}),
            ids::JSON_NAME,
            "string",
        ),
        (json!({"smithy.api#enumValue": [1]}), ids::ENUM_VALUE, "[1]"),
        (json!({"smithy.api#enum": []}), ids::ENUM, "non-empty"),
        (
            json!({"smithy.api#enum": [{"name": "A"}]}),
            ids::ENUM,
            "`value`",
        ),
        (json!({"smithy.api#error": "nobody"}), ids::ERROR, "client"),
        (json!({"aws.auth#sigv4": {"name": 1}}), ids::SIGV4, "`name`"),
        (
            json!({"smithy.api#auth": ["a", 2]}),
            ids::AUTH,
            "scheme ids",
        ),
        (
            json!({"smithy.rules#contextParam": {}}),
            ids::CONTEXT_PARAM,
            "`name`",
        ),
        (
            json!({"smithy.rules#staticContextParams": {"Stage": {"value": 3}}}),
            ids::STATIC_CONTEXT_PARAMS,
            "`Stage`",
        ),
        (
            json!({"smithy.api#paginated": {"items": 3}}),
            ids::PAGINATED,
            "`items`",
        ),
        (json!({"smithy.api#httpError": 200}), ids::HTTP_ERROR, "400"),
        (
            json!({"smithy.api#retryable": {"throttling": "yes"}}),
            ids::RETRYABLE,
            "boolean",
        ),
        (
            json!({"smithy.api#deprecated": {"since": 2}}),
            ids::DEPRECATED,
            "since",
        ),
        (
            json!({"smithy.api#documentation": {}}),
            ids::DOCUMENTATION,
            "string",
        ),
        (
            json!({"smithy.api#httpHeader": 1}),
            ids::HTTP_HEADER,
            "string",
        ),
        (
            json!({"smithy.api#httpLabel": {}, "smithy.api#httpQuery": "q"}),
            ids::HTTP_LABEL,
            "one HTTP binding",
        ),
    ];
    for (value, trait_id, part) in cases {
        let error = known(value.clone()).expect_err(&value.to_string());
        assert_eq!(error.trait_id, trait_id, "{value}");
        assert!(error.message.contains(part), "{value}: {}", error.message);
    }
}
