//! The generated protocol code against the documentation of the two
//! operations in `../shared/seeds`: the syntax blocks are parsed from the
//! pages here, so the checks follow the documents.
//!
//! Where the documents disagree: the API reference page of
//! UpdateTrafficDistribution shows only `TelephonyConfig` in its request
//! body, while the boto3 page (and the model) also list `SignInConfig` and
//! `AgentConfig`. The tests follow the boto3 page, which is generated from
//! the same model as this crate and lists every member; they check that the
//! API reference's body is part of it.

use aws_generated::chime_sdk_voice::operations::PutVoiceConnectorOrigination;
use aws_generated::connect::operations::UpdateTrafficDistribution;
use aws_generated::runtime::{from_json, Operation};
use integration_tests::http_response as response;
use integration_tests::syntax::{self, Syntax};

const TRAFFIC_BOTO3: &str = ":doc:`Connect <../../connect>` / Client / update_traffic_distribution";
const TRAFFIC_API_REFERENCE: &str = "UpdateTrafficDistribution\n";
const ORIGINATION_BOTO3: &str =
    ":doc:`ChimeSDKVoice <../../chime-sdk-voice>` / Client / put_voice_connector_origination";

const GROUP_ARN: &str =
    "arn:aws:connect:us-west-2:123456789012:traffic-distribution-group/6a7d2e3c-1f0b-4c6e-9a8d-0123456789ab";

/// The pages: UpdateTrafficDistribution's boto3 and API reference pages,
/// and PutVoiceConnectorOrigination's boto3 page.
fn pages() -> (String, String, String) {
    (
        integration_tests::seed_page(TRAFFIC_BOTO3),
        integration_tests::seed_page(TRAFFIC_API_REFERENCE),
        integration_tests::seed_page(ORIGINATION_BOTO3),
    )
}

fn without(syntax: &Syntax, member: &str) -> Syntax {
    let Syntax::Object(members) = syntax else {
        panic!("a request is an object")
    };
    let mut members = members.clone();
    assert!(
        members.remove(member).is_some(),
        "the page documents `{member}`"
    );
    Syntax::Object(members)
}

fn body_tree(request: &http::Request<aws_generated::runtime::ByteStream>) -> Syntax {
    syntax::of_json(
        &serde_json::from_slice(request.body().as_bytes().unwrap()).expect("a JSON body"),
    )
}

#[test]
fn update_traffic_distribution_request_matches_the_documents() {
    let (boto3, api_reference, _) = pages();
    let documented = syntax::boto3_request(&boto3);
    let (method, path, api_body) = syntax::api_reference_request(&api_reference);
    assert!(
        syntax::is_subtree(&api_body, &without(&documented, "Id")),
        "the API reference body is part of the boto3 request"
    );

    let mut json = syntax::sample_json(&documented, "us-west-2");
    json["Id"] = serde_json::json!(GROUP_ARN);
    let input = from_json(&json.to_string()).unwrap();
    let request = UpdateTrafficDistribution::serialize_request(&input).unwrap();

    assert_eq!(request.method().as_str(), method);
    // The page writes the label bare: `/traffic-distribution/Id`.
    let encoded = "arn%3Aaws%3Aconnect%3Aus-west-2%3A123456789012%3Atraffic-distribution-group%2F6a7d2e3c-1f0b-4c6e-9a8d-0123456789ab";
    assert_eq!(
        request.uri().path(),
        path.replace("/Id", &format!("/{encoded}"))
    );
    assert_eq!(request.headers()["Content-Type"], "application/json");
    // Every documented member but the label is in the body, and nothing else.
    assert!(syntax::same_members(
        &body_tree(&request),
        &without(&documented, "Id")
    ));
}

#[test]
fn put_voice_connector_origination_request_matches_the_documents() {
    let (_, _, boto3) = pages();
    let documented = syntax::boto3_request(&boto3);
    let mut json = syntax::sample_json(&documented, "10.0.0.1");
    json["VoiceConnectorId"] = serde_json::json!("abcdef1ghij2klmno3pqr4");
    let input = from_json(&json.to_string()).unwrap();
    let request = PutVoiceConnectorOrigination::serialize_request(&input).unwrap();

    // The boto3 page does not show the HTTP request; the path is the one
    // the API reference gives for this operation.
    assert_eq!(request.method(), "PUT");
    assert_eq!(
        request.uri().path(),
        "/voice-connectors/abcdef1ghij2klmno3pqr4/origination"
    );
    assert!(syntax::same_members(
        &body_tree(&request),
        &without(&documented, "VoiceConnectorId")
    ));
    // Values survive the trip: the documented enum value and the boolean.
    let body: serde_json::Value =
        serde_json::from_slice(request.body().as_bytes().unwrap()).unwrap();
    assert_eq!(body["Origination"]["Routes"][0]["Protocol"], "TCP");
    assert_eq!(body["Origination"]["Disabled"], true);
}

#[test]
fn documented_responses_parse_into_the_outputs() {
    let (traffic, api_reference, origination) = pages();

    let documented = syntax::boto3_response(&traffic);
    assert_eq!(documented, Syntax::Object(Default::default()));
    assert!(api_reference.contains("HTTP 200 response with an empty HTTP body"));
    for body in ["", "{}"] {
        let output = UpdateTrafficDistribution::parse_response(&response(200, &[], body)).unwrap();
        // Outputs are written with the serde feature: to_json is for requests.
        let written = serde_json::to_value(&output).unwrap();
        assert!(syntax::same_members(
            &syntax::of_json(&written),
            &documented
        ));
    }

    let documented = syntax::boto3_response(&origination);
    let body = syntax::sample_json(&documented, "10.0.0.1");
    let output =
        PutVoiceConnectorOrigination::parse_response(&response(200, &[], &body.to_string()))
            .unwrap();
    let written = serde_json::to_value(&output).unwrap();
    assert!(syntax::same_members(
        &syntax::of_json(&written),
        &documented
    ));
    assert_eq!(written, body, "every documented value reads back unchanged");
}

/// Connect errors with the statuses the API reference documents.
#[test]
fn update_traffic_distribution_errors_map_to_typed_errors() {
    let (boto3, api_reference, _) = pages();
    let documented = syntax::api_reference_errors(&api_reference);
    let names: Vec<String> = documented.iter().map(|(name, _)| name.clone()).collect();
    assert_eq!(
        names,
        syntax::boto3_exceptions(&boto3),
        "both pages list the same errors"
    );
    assert_eq!(documented.len(), 6);
    for (name, status) in documented {
        let error = UpdateTrafficDistribution::parse_response(&response(
            status,
            &[("x-amzn-errortype", &name), ("x-amzn-requestid", "req-1")],
            r#"{"Message": "documented"}"#,
        ))
        .unwrap_err();
        assert!(
            format!("{error:?}").starts_with(&format!("{name}(")),
            "{name}: {error:?}"
        );
        assert_eq!(
            (error.code(), error.status()),
            (Some(name.as_str()), status)
        );
        assert_eq!(error.message(), Some("documented"));
        assert_eq!(error.request_id(), Some("req-1"));
        assert_eq!(
            error.is_throttling(),
            name == "ThrottlingException",
            "{name}"
        );
        assert_eq!(
            error.is_retryable(),
            status == 429 || status >= 500,
            "{name}"
        );
    }
}

/// The boto3 page lists Chime SDK Voice's errors without statuses; those
/// come from each error's `@httpError` in the model.
#[test]
fn put_voice_connector_origination_errors_map_to_typed_errors() {
    let (_, _, boto3) = pages();
    let model: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            integration_tests::repo_root().join("models/chime-sdk-voice.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let names = syntax::boto3_exceptions(&boto3);
    assert_eq!(names.len(), 7);
    for name in names {
        let shape = &model["shapes"][format!("com.amazonaws.chimesdkvoice#{name}")];
        let status = shape["traits"]["smithy.api#httpError"]
            .as_u64()
            .expect("an @httpError") as u16;
        let error = PutVoiceConnectorOrigination::parse_response(&response(
            status,
            &[],
            &format!(r#"{{"__type": "com.amazonaws.chimesdkvoice#{name}", "Message": "m"}}"#),
        ))
        .unwrap_err();
        assert!(
            format!("{error:?}").starts_with(&format!("{name}(")),
            "{name}: {error:?}"
        );
        assert_eq!(
            (error.code(), error.status()),
            (Some(name.as_str()), status)
        );
        // ThrottledClientException is throttling, by its code and its 429.
        assert_eq!(
            error.is_throttling(),
            name == "ThrottledClientException",
            "{name}"
        );
    }
}
