//! The RPC protocols on the wire, each beside serde doing the same work on
//! the same value: DynamoDB over awsJson1_0 against serde_json, and
//! CloudWatch over rpcv2Cbor against ciborium (a serde-based CBOR crate),
//! both through the generated types' own `Serialize`/`Deserialize` impls
//! (feature `serde`), which follow the same member names.
//!
//! - a `PutItem` request with 20 attributes of mixed types, and the parse
//!   of a `Query` answer of 100 items;
//! - a `PutMetricData` request of 20 data points, and the parse of a
//!   `ListMetrics` answer of 100 metrics.
//!
//! `cargo bench -p integration-tests --bench rpc_wire`

use std::collections::BTreeMap;
use std::hint::black_box;

use aws_generated::cloudwatch::operations::{ListMetrics, PutMetricData};
use aws_generated::cloudwatch::types as cloudwatch;
use aws_generated::dynamodb::operations::{PutItem, Query};
use aws_generated::dynamodb::types::{AttributeValue, PutItemInput, QueryOutput};
use aws_generated::runtime::json::WriteJson;
use aws_generated::runtime::{Operation, Timestamp};
use integration_tests::bench::{report, time, time_calls};

/// Twenty attributes: strings, numbers, a binary, booleans, a null, sets,
/// a list and a nested map.
fn item(index: usize) -> BTreeMap<String, AttributeValue> {
    let s = |text: String| AttributeValue::S(text);
    let n = |number: String| AttributeValue::N(number);
    let mut item = BTreeMap::new();
    item.insert("pk".to_owned(), s(format!("customer#{index:05}")));
    item.insert("sk".to_owned(), s(format!("order#{:08}", index * 7)));
    for field in ["name", "email", "city", "country", "status", "channel"] {
        item.insert(field.to_owned(), s(format!("{field} of {index}")));
    }
    for (field, value) in [
        ("total", "129.95"),
        ("items", "3"),
        ("points", "1200"),
        ("discount", "0.15"),
    ] {
        item.insert(field.to_owned(), n(value.to_owned()));
    }
    item.insert(
        "receipt".to_owned(),
        AttributeValue::B(vec![7u8; 48].into()),
    );
    item.insert("gift".to_owned(), AttributeValue::Bool(index % 2 == 0));
    item.insert("express".to_owned(), AttributeValue::Bool(false));
    item.insert("note".to_owned(), AttributeValue::Null(true));
    item.insert(
        "tags".to_owned(),
        AttributeValue::Ss(vec!["new".into(), "vip".into(), "promo".into()]),
    );
    item.insert(
        "ratings".to_owned(),
        AttributeValue::Ns(vec!["4".into(), "5".into(), "3.5".into()]),
    );
    item.insert(
        "history".to_owned(),
        AttributeValue::L(vec![
            s("created".into()),
            s("paid".into()),
            s("shipped".into()),
        ]),
    );
    item.insert(
        "address".to_owned(),
        AttributeValue::M(BTreeMap::from([
            ("street".to_owned(), s("1 Main St".into())),
            ("zip".to_owned(), s("98101".into())),
        ])),
    );
    assert_eq!(item.len(), 20);
    item
}

fn dynamodb() {
    let input = PutItemInput::builder()
        .table_name("Orders")
        .item(item(1))
        .condition_expression("attribute_not_exists(pk)")
        .build();
    let generated = time(|| {
        black_box(PutItem::serialize_request(black_box(&input)).unwrap());
    });
    let baseline = time(|| {
        black_box(serde_json::to_vec(black_box(&input)).unwrap());
    });
    report(
        "serialize PutItem (20 attributes), awsJson1_0 against serde_json",
        generated,
        baseline,
    );
    // The body alone: the request above also builds the URI, the headers
    // and the length, which the serde side does not.
    let written = time(|| {
        let mut out = Vec::with_capacity(2048);
        WriteJson::write_json(black_box(&input), &mut out).unwrap();
        black_box(out);
    });
    let baseline = time(|| {
        let mut out = Vec::with_capacity(2048);
        serde_json::to_writer(&mut out, black_box(&input)).unwrap();
        black_box(out);
    });
    report(
        "  its body alone, WriteJson against its Serialize impl",
        written,
        baseline,
    );

    let items: Vec<_> = (0..100).map(item).collect();
    let page = QueryOutput::builder()
        .items(items)
        .count(100)
        .scanned_count(100)
        .build();
    let body = serde_json::to_vec(&page).unwrap();
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "application/x-amz-json-1.0")
        .body(body.clone())
        .unwrap();
    assert_eq!(Query::parse_response(&response).unwrap(), page);
    let generated = time_calls(2_000, || {
        black_box(Query::parse_response(black_box(&response)).unwrap());
    });
    let baseline = time_calls(2_000, || {
        black_box(serde_json::from_slice::<QueryOutput>(black_box(&body)).unwrap());
    });
    report(
        "parse a Query answer (100 items), awsJson1_0 against serde_json",
        generated,
        baseline,
    );
}

fn cloudwatch() {
    let data: Vec<cloudwatch::MetricDatum> = (0..20)
        .map(|i| {
            cloudwatch::MetricDatum::builder()
                .metric_name(format!("Latency{i}"))
                .dimensions(vec![
                    cloudwatch::Dimension::builder()
                        .name("Service")
                        .value("checkout")
                        .build(),
                    cloudwatch::Dimension::builder()
                        .name("Region")
                        .value("us-west-2")
                        .build(),
                ])
                .timestamp(Timestamp::from_secs_and_nanos(1_700_000_000 + i, 0))
                .value(12.5 + i as f64)
                .unit(cloudwatch::StandardUnit::Milliseconds)
                .build()
        })
        .collect();
    let input = cloudwatch::PutMetricDataInput::builder()
        .namespace("Shop")
        .metric_data(data)
        .build();
    let generated = time(|| {
        black_box(PutMetricData::serialize_request(black_box(&input)).unwrap());
    });
    let baseline = time(|| {
        let mut out = Vec::new();
        ciborium::into_writer(black_box(&input), &mut out).unwrap();
        black_box(out);
    });
    report(
        "serialize PutMetricData (20 data points), rpcv2Cbor against ciborium",
        generated,
        baseline,
    );

    let metrics: Vec<cloudwatch::Metric> = (0..100)
        .map(|i| {
            cloudwatch::Metric::builder()
                .namespace("Shop")
                .metric_name(format!("Latency{i}"))
                .dimensions(vec![
                    cloudwatch::Dimension::builder()
                        .name("Service")
                        .value("checkout")
                        .build(),
                    cloudwatch::Dimension::builder()
                        .name("Region")
                        .value("us-west-2")
                        .build(),
                ])
                .build()
        })
        .collect();
    let page = cloudwatch::ListMetricsOutput::builder()
        .metrics(metrics)
        .next_token("next")
        .build();
    let mut body = Vec::new();
    ciborium::into_writer(&page, &mut body).unwrap();
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "application/cbor")
        .body(body.clone())
        .unwrap();
    assert_eq!(ListMetrics::parse_response(&response).unwrap(), page);
    let generated = time_calls(5_000, || {
        black_box(ListMetrics::parse_response(black_box(&response)).unwrap());
    });
    let baseline = time_calls(5_000, || {
        black_box(
            ciborium::from_reader::<cloudwatch::ListMetricsOutput, _>(black_box(&body[..]))
                .unwrap(),
        );
    });
    report(
        "parse a ListMetrics answer (100 metrics), rpcv2Cbor against ciborium",
        generated,
        baseline,
    );
}

fn main() {
    dynamodb();
    cloudwatch();
}
