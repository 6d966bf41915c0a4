//! Serializing the two operations' requests and parsing their responses,
//! each beside a baseline that does the same JSON work with
//! `#[derive(Serialize, Deserialize)]` structs and serde_json. Requests are
//! also compared with a hand-written equivalent that builds the same
//! `http::Request` (path with the encoded label and content type)
//! around that serde body, since the generated code does that work too.
//!
//! `cargo bench -p integration-tests --bench protocol`

use std::hint::black_box;

use aws_generated::chime_sdk_voice::operations::PutVoiceConnectorOrigination;
use aws_generated::chime_sdk_voice::types as voice;
use aws_generated::connect::operations::UpdateTrafficDistribution;
use aws_generated::connect::types as connect;
use aws_generated::runtime::json::WriteJson;
use aws_generated::runtime::Operation;
use integration_tests::bench::{report, time};
use serde::{Deserialize, Serialize};

const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The request a hand-written client would build around a serde body.
fn baseline_request(
    prefix: &str,
    label: &str,
    suffix: &str,
    body: &impl Serialize,
) -> http::Request<Vec<u8>> {
    let path = format!(
        "{prefix}{}{suffix}",
        percent_encoding::utf8_percent_encode(label, UNRESERVED)
    );
    let body = serde_json::to_vec(body).unwrap();
    http::Request::builder()
        .method("PUT")
        .uri(path)
        .header(http::header::CONTENT_TYPE, "application/json")
        .header(http::header::CONTENT_LENGTH, body.len())
        .body(body)
        .unwrap()
}

#[derive(Serialize, Deserialize)]
struct BaselineTraffic {
    #[serde(rename = "TelephonyConfig")]
    telephony_config: BaselineTelephony,
}

#[derive(Serialize, Deserialize)]
struct BaselineTelephony {
    #[serde(rename = "Distributions")]
    distributions: Vec<BaselineDistribution>,
}

#[derive(Serialize, Deserialize)]
struct BaselineDistribution {
    #[serde(rename = "Region")]
    region: String,
    #[serde(rename = "Percentage")]
    percentage: i32,
}

#[derive(Serialize, Deserialize)]
struct BaselineOriginationBody {
    #[serde(rename = "Origination")]
    origination: Option<BaselineOrigination>,
}

#[derive(Serialize, Deserialize)]
struct BaselineOrigination {
    #[serde(rename = "Routes", skip_serializing_if = "Option::is_none")]
    routes: Option<Vec<BaselineRoute>>,
    #[serde(rename = "Disabled", skip_serializing_if = "Option::is_none")]
    disabled: Option<bool>,
}

#[derive(Serialize, Deserialize)]
struct BaselineRoute {
    #[serde(rename = "Host")]
    host: Option<String>,
    #[serde(rename = "Port")]
    port: Option<i32>,
    #[serde(rename = "Protocol")]
    protocol: Option<String>,
    #[serde(rename = "Priority")]
    priority: Option<i32>,
    #[serde(rename = "Weight")]
    weight: Option<i32>,
}

const REGIONS: [&str; 5] = [
    "us-west-2",
    "us-east-1",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-2",
];

fn main() {
    let distributions: Vec<connect::Distribution> = (0..10)
        .map(|i| {
            connect::Distribution::builder()
                .region(REGIONS[i % 5])
                .percentage(10)
                .build()
                .unwrap()
        })
        .collect();
    let input = connect::UpdateTrafficDistributionRequest::builder()
        .id("arn:aws:connect:us-west-2:123456789012:traffic-distribution-group/6a7d2e3c-1f0b-4c6e-9a8d-0123456789ab")
        .telephony_config(connect::TelephonyConfig::builder().distributions(distributions).build().unwrap())
        .build();
    let baseline = BaselineTraffic {
        telephony_config: BaselineTelephony {
            distributions: (0..10)
                .map(|i| BaselineDistribution {
                    region: REGIONS[i % 5].to_owned(),
                    percentage: 10,
                })
                .collect(),
        },
    };
    let generated = time(|| {
        black_box(UpdateTrafficDistribution::serialize_request(black_box(&input)).unwrap());
    });
    let base = time(|| {
        black_box(serde_json::to_vec(black_box(&baseline)).unwrap());
    });
    report(
        "serialize UpdateTrafficDistribution (10 distributions)",
        generated,
        base,
    );
    let id = input.id.clone().unwrap();
    let base = time(|| {
        black_box(baseline_request(
            "/traffic-distribution/",
            &id,
            "",
            black_box(&baseline),
        ));
    });
    report(
        "  the same, against a hand-written http::Request",
        generated,
        base,
    );
    // The JSON alone: the same generated value through its `WriteJson` impl
    // and through its serde `Serialize` impl, each into a buffer large
    // enough that growing it does not count.
    let config = input.telephony_config.as_ref().unwrap();
    let written = time(|| {
        let mut out = Vec::with_capacity(1024);
        WriteJson::write_json(black_box(config), &mut out).unwrap();
        black_box(out);
    });
    let base = time(|| {
        let mut out = Vec::with_capacity(1024);
        serde_json::to_writer(&mut out, black_box(config)).unwrap();
        black_box(out);
    });
    report(
        "  its TelephonyConfig alone, WriteJson against its Serialize impl",
        written,
        base,
    );

    let routes = (0..10)
        .map(|i| {
            voice::OriginationRoute::builder()
                .host(format!("10.24.34.{i}"))
                .port(5060)
                .protocol(voice::OriginationRouteProtocol::Tcp)
                .priority(1)
                .weight(50)
                .build()
        })
        .collect::<Vec<_>>();
    let origination = voice::Origination::builder()
        .routes(routes)
        .disabled(false)
        .build();
    let input = voice::PutVoiceConnectorOriginationRequest::builder()
        .voice_connector_id("abcdef1ghij2klmno3pqr4")
        .origination(origination.clone())
        .build();
    let request = PutVoiceConnectorOrigination::serialize_request(&input).unwrap();
    let baseline_body: BaselineOriginationBody =
        serde_json::from_slice(request.body().as_bytes().unwrap()).unwrap();
    let generated = time(|| {
        black_box(PutVoiceConnectorOrigination::serialize_request(black_box(&input)).unwrap());
    });
    let base = time(|| {
        black_box(serde_json::to_vec(black_box(&baseline_body)).unwrap());
    });
    report(
        "serialize PutVoiceConnectorOrigination (10 routes)",
        generated,
        base,
    );
    let base = time(|| {
        black_box(baseline_request(
            "/voice-connectors/",
            "abcdef1ghij2klmno3pqr4",
            "/origination",
            black_box(&baseline_body),
        ));
    });
    report(
        "  the same, against a hand-written http::Request",
        generated,
        base,
    );

    let body = request.body().as_bytes().unwrap().to_vec();
    let response = http::Response::builder()
        .status(200)
        .header("x-amzn-requestid", "b2a1d6f0-0000-4000-8000-000000000000")
        .body(body.clone())
        .unwrap();
    assert_eq!(
        PutVoiceConnectorOrigination::parse_response(&response)
            .unwrap()
            .origination,
        Some(origination)
    );
    let generated = time(|| {
        black_box(PutVoiceConnectorOrigination::parse_response(black_box(&response)).unwrap());
    });
    let base = time(|| {
        black_box(serde_json::from_slice::<BaselineOriginationBody>(black_box(&body)).unwrap());
    });
    report(
        "parse PutVoiceConnectorOrigination response (10 routes)",
        generated,
        base,
    );

    let empty = http::Response::builder()
        .status(200)
        .body(Vec::new())
        .unwrap();
    let generated = time(|| {
        black_box(UpdateTrafficDistribution::parse_response(black_box(&empty)).unwrap());
    });
    let base = time(|| {
        black_box(serde_json::from_slice::<serde::de::IgnoredAny>(black_box(b"{}")).unwrap());
    });
    report(
        "parse UpdateTrafficDistribution response (empty body)",
        generated,
        base,
    );
}
