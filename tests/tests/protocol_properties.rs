//! Property tests of the two operations' serializers and deserializers over
//! generated inputs and responses. The bodies requests must carry are built
//! in this file from the member names of the model and the documentation,
//! not from anything the generator wrote.

use aws_generated::chime_sdk_voice::operations::PutVoiceConnectorOrigination;
use aws_generated::chime_sdk_voice::types as voice;
use aws_generated::connect::operations::UpdateTrafficDistribution;
use aws_generated::connect::types as connect;
use aws_generated::runtime::Operation;
use proptest::prelude::*;

/// Label text: mostly printable, with separators, spaces and non-ASCII.
fn label() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9:/._~% ?#&=+é中😀-]{1,40}"
}

fn distribution() -> impl Strategy<Value = connect::Distribution> {
    ("[a-z]{2}-[a-z]{4,9}-[1-9]", 0..=100i32).prop_map(|(region, percentage)| {
        connect::Distribution::builder()
            .region(region)
            .percentage(percentage)
            .build()
            .unwrap()
    })
}

fn traffic_input() -> impl Strategy<Value = connect::UpdateTrafficDistributionRequest> {
    (
        label(),
        proptest::option::of(proptest::collection::vec(distribution(), 0..6)),
        proptest::option::of(proptest::collection::vec(distribution(), 0..6)),
    )
        .prop_map(|(id, telephony, agents)| {
            let mut builder = connect::UpdateTrafficDistributionRequest::builder().id(id);
            if let Some(distributions) = telephony {
                builder = builder.telephony_config(
                    connect::TelephonyConfig::builder()
                        .distributions(distributions)
                        .build()
                        .unwrap(),
                );
            }
            if let Some(distributions) = agents {
                builder = builder.agent_config(
                    connect::AgentConfig::builder()
                        .distributions(distributions)
                        .build()
                        .unwrap(),
                );
            }
            builder.build()
        })
}

fn route() -> impl Strategy<Value = voice::OriginationRoute> {
    (
        proptest::option::of("[a-z0-9.]{1,20}"),
        proptest::option::of(0..=65535i32),
        proptest::option::of(prop_oneof![Just("TCP"), Just("UDP")]),
        proptest::option::of(1..=100i32),
        proptest::option::of(1..=100i32),
    )
        .prop_map(|(host, port, protocol, priority, weight)| {
            voice::OriginationRoute::builder()
                .set_host(host)
                .set_port(port)
                .set_protocol(protocol.map(voice::OriginationRouteProtocol::from))
                .set_priority(priority)
                .set_weight(weight)
                .build()
        })
}

fn origination_input() -> impl Strategy<Value = voice::PutVoiceConnectorOriginationRequest> {
    (
        label(),
        proptest::option::of(proptest::collection::vec(route(), 0..5)),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(id, routes, disabled)| {
            voice::PutVoiceConnectorOriginationRequest::builder()
                .voice_connector_id(id)
                .origination(
                    voice::Origination::builder()
                        .set_routes(routes)
                        .set_disabled(disabled)
                        .build(),
                )
                .build()
        })
}

/// The label, the last path segment before `suffix`, percent-decoded.
fn decoded_label(
    request: &http::Request<aws_generated::runtime::ByteStream>,
    prefix: &str,
    suffix: &str,
) -> String {
    let path = request.uri().path();
    let encoded = path
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(suffix))
        .expect(path);
    assert!(
        encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
        "only unreserved characters and escapes in {encoded}"
    );
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

/// The body UpdateTrafficDistribution must carry for `input`, built here
/// from the member names of the model and the documentation pages (the
/// label `Id` goes in the path), so that it owes nothing to the generator.
fn expected_traffic_body(input: &connect::UpdateTrafficDistributionRequest) -> serde_json::Value {
    let config = |distributions: &[connect::Distribution]| {
        let distributions: Vec<serde_json::Value> = distributions
            .iter()
            .map(|d| serde_json::json!({"Region": d.region, "Percentage": d.percentage}))
            .collect();
        serde_json::json!({ "Distributions": distributions })
    };
    let mut body = serde_json::Map::new();
    if let Some(telephony) = &input.telephony_config {
        body.insert("TelephonyConfig".into(), config(&telephony.distributions));
    }
    if let Some(agents) = &input.agent_config {
        body.insert("AgentConfig".into(), config(&agents.distributions));
    }
    serde_json::Value::Object(body)
}

/// The body PutVoiceConnectorOrigination must carry for `input`, built
/// the same way (the label `VoiceConnectorId` goes in the path).
fn expected_origination_body(
    input: &voice::PutVoiceConnectorOriginationRequest,
) -> serde_json::Value {
    let origination = input.origination.as_ref().expect("the strategy sets it");
    let mut written = serde_json::Map::new();
    if let Some(routes) = &origination.routes {
        let routes: Vec<serde_json::Value> = routes
            .iter()
            .map(|route| {
                let mut set = serde_json::Map::new();
                let mut put = |name: &str, value: Option<serde_json::Value>| {
                    if let Some(value) = value {
                        set.insert(name.to_owned(), value);
                    }
                };
                put("Host", route.host.clone().map(Into::into));
                put("Port", route.port.map(Into::into));
                put(
                    "Protocol",
                    route.protocol.as_ref().map(|p| p.as_str().into()),
                );
                put("Priority", route.priority.map(Into::into));
                put("Weight", route.weight.map(Into::into));
                serde_json::Value::Object(set)
            })
            .collect();
        written.insert("Routes".into(), routes.into());
    }
    if let Some(disabled) = origination.disabled {
        written.insert("Disabled".into(), disabled.into());
    }
    serde_json::json!({ "Origination": written })
}

fn body(request: &http::Request<aws_generated::runtime::ByteStream>) -> serde_json::Value {
    serde_json::from_slice(request.body().as_bytes().unwrap()).expect("the body is JSON")
}

proptest! {
    #[test]
    fn every_traffic_input_serializes(input in traffic_input()) {
        let request = UpdateTrafficDistribution::serialize_request(&input).unwrap();
        prop_assert_eq!(decoded_label(&request, "/traffic-distribution/", ""), input.id.clone().unwrap());
        prop_assert_eq!(body(&request), expected_traffic_body(&input));
    }

    #[test]
    fn every_origination_input_serializes(input in origination_input()) {
        let request = PutVoiceConnectorOrigination::serialize_request(&input).unwrap();
        prop_assert_eq!(
            decoded_label(&request, "/voice-connectors/", "/origination"),
            input.voice_connector_id.clone().unwrap()
        );
        prop_assert_eq!(body(&request), expected_origination_body(&input));
    }

    #[test]
    fn origination_responses_read_back(input in origination_input()) {
        // The response carries what the request did, in the form built here.
        let body = expected_origination_body(&input);
        let origination = input.origination.unwrap();
        let response = http::Response::builder().status(200).body(body.to_string().into_bytes()).unwrap();
        let output = PutVoiceConnectorOrigination::parse_response(&response).unwrap();
        prop_assert_eq!(output.origination, Some(origination));
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..256),
        status in prop_oneof![Just(200u16), Just(400u16), Just(429u16), Just(503u16), 100u16..600],
    ) {
        let response = http::Response::builder().status(status).body(bytes.clone()).unwrap();
        let _ = PutVoiceConnectorOrigination::parse_response(&response);
        let _ = UpdateTrafficDistribution::parse_response(&response);
    }

    #[test]
    fn json_like_bodies_never_panic(text in r#"[{}\[\]":,0-9a-zA-Z_ .\-]{0,120}"#) {
        for status in [200u16, 400, 500] {
            let response = http::Response::builder().status(status).body(text.clone().into_bytes()).unwrap();
            let _ = PutVoiceConnectorOrigination::parse_response(&response);
            let _ = UpdateTrafficDistribution::parse_response(&response);
        }
    }
}
