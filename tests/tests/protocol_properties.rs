//! Property tests of the two operations' serializers and deserializers over
//! generated inputs and responses.

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
fn decoded_label(request: &http::Request<Vec<u8>>, prefix: &str, suffix: &str) -> String {
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

/// The input's members as the type's `Serialize` impl and serde_json write
/// them, once `clear_label` has unset the label member: the body the
/// generated JSON writer must produce, byte for byte.
fn body_through_serde<T: serde::Serialize>(
    mut input: T,
    clear_label: impl FnOnce(&mut T),
) -> Vec<u8> {
    clear_label(&mut input);
    serde_json::to_vec(&input).unwrap()
}

fn body(request: &http::Request<Vec<u8>>) -> serde_json::Value {
    serde_json::from_slice(request.body()).expect("the body is JSON")
}

/// The member names of a JSON object, sorted.
fn keys(value: &serde_json::Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

proptest! {
    #[test]
    fn every_traffic_input_serializes(input in traffic_input()) {
        let request = UpdateTrafficDistribution::serialize_request(&input).unwrap();
        prop_assert_eq!(decoded_label(&request, "/traffic-distribution/", ""), input.id.clone().unwrap());
        prop_assert_eq!(request.body(), &body_through_serde(input.clone(), |input| input.id = None));
        let body = body(&request);
        let mut expected = Vec::new();
        if input.agent_config.is_some() { expected.push("AgentConfig"); }
        if input.telephony_config.is_some() { expected.push("TelephonyConfig"); }
        prop_assert_eq!(keys(&body), expected);
        if let Some(config) = &input.telephony_config {
            let written = body["TelephonyConfig"]["Distributions"].as_array().unwrap();
            prop_assert_eq!(written.len(), config.distributions.len());
            for (json, distribution) in written.iter().zip(&config.distributions) {
                prop_assert_eq!(keys(json), vec!["Percentage", "Region"]);
                prop_assert_eq!(json["Region"].as_str(), Some(distribution.region.as_str()));
                prop_assert_eq!(json["Percentage"].as_i64(), Some(i64::from(distribution.percentage)));
            }
        }
    }

    #[test]
    fn every_origination_input_serializes(input in origination_input()) {
        let request = PutVoiceConnectorOrigination::serialize_request(&input).unwrap();
        prop_assert_eq!(
            decoded_label(&request, "/voice-connectors/", "/origination"),
            input.voice_connector_id.clone().unwrap()
        );
        prop_assert_eq!(
            request.body(),
            &body_through_serde(input.clone(), |input| input.voice_connector_id = None)
        );
        let body = body(&request);
        prop_assert_eq!(keys(&body), vec!["Origination"]);
        let origination = input.origination.as_ref().unwrap();
        let written = &body["Origination"];
        let mut expected = Vec::new();
        if origination.disabled.is_some() { expected.push("Disabled"); }
        if origination.routes.is_some() { expected.push("Routes"); }
        prop_assert_eq!(keys(written), expected);
        for (json, route) in written["Routes"].as_array().into_iter().flatten().zip(origination.routes.iter().flatten()) {
            let mut set = Vec::new();
            if route.host.is_some() { set.push("Host"); }
            if route.port.is_some() { set.push("Port"); }
            if route.priority.is_some() { set.push("Priority"); }
            if route.protocol.is_some() { set.push("Protocol"); }
            if route.weight.is_some() { set.push("Weight"); }
            prop_assert_eq!(keys(json), set);
        }
    }

    #[test]
    fn origination_responses_round_trip(input in origination_input()) {
        let origination = input.origination.unwrap();
        let body = serde_json::json!({ "Origination": serde_json::from_str::<serde_json::Value>(
            &aws_generated::runtime::to_json(&origination).unwrap()).unwrap() });
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
