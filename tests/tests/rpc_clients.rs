//! The clients of the RPC protocols against a real HTTP server on
//! 127.0.0.1: DynamoDB and SQS over awsJson1_0, CloudWatch over rpcv2Cbor.
//! What DynamoDB and SQS document of their wire form is the reference
//! (`POST /`, the `X-Amz-Target` naming the operation, the
//! `application/x-amz-json-1.0` body with attribute values tagged by type,
//! SQS's query-compatible errors with their old codes in
//! `x-amzn-query-error`), and for CBOR an independent decoder and encoder,
//! ciborium.

use std::collections::BTreeMap;

use aws_generated::cloudwatch::client::Client as CloudWatchClient;
use aws_generated::cloudwatch::errors::ListMetricsError;
use aws_generated::cloudwatch::types::{
    Dimension, DimensionFilter, ListMetricsInput, MetricDatum, PutMetricDataInput, StandardUnit,
};
use aws_generated::dynamodb::client::Client as DynamoDbClient;
use aws_generated::dynamodb::types::{AttributeValue, GetItemInput, PutItemInput, QueryInput};
use aws_generated::sqs::client::Client as SqsClient;
use aws_generated::sqs::errors::GetQueueUrlError;
use aws_generated::sqs::types::GetQueueUrlRequest;
use fixtures_generated::runtime::client::Config;
use fixtures_generated::runtime::credentials::Credentials;
use fixtures_generated::runtime::response::ServiceError;
use integration_tests::loopback::{
    assert_signed_as_aws_sigv4_signs_for, Received, Reply, Server, ACCESS_KEY, SECRET,
};
use serde_json::{json, Value};

fn config(server: &Server) -> Config {
    Config::builder()
        .region("us-west-2")
        .endpoint_url(server.url())
        .credentials(Credentials::new(ACCESS_KEY, SECRET, None))
        .build()
}

fn body(received: &Received) -> Value {
    serde_json::from_slice(&received.body).expect("a JSON body")
}

/// Every awsJson1_0 request: `POST /`, the operation in `X-Amz-Target`,
/// the protocol's content type, and a signature `aws-sigv4` agrees with.
fn assert_aws_json_call(server: &Server, received: &Received, target: &str, service: &str) {
    assert_eq!(received.method, "POST");
    assert_eq!(received.target, "/");
    assert_eq!(received.header("x-amz-target"), Some(target));
    assert_eq!(
        received.header("content-type"),
        Some("application/x-amz-json-1.0")
    );
    assert_signed_as_aws_sigv4_signs_for(server, received, ("us-west-2", service));
}

fn s(text: &str) -> AttributeValue {
    AttributeValue::S(text.to_owned())
}

fn n(number: &str) -> AttributeValue {
    AttributeValue::N(number.to_owned())
}

/// A `Query` answer holding `songs` of one artist, and the key to start
/// the next page from when there is one.
fn query_page(songs: &[(&str, u32)], last: Option<u32>) -> String {
    let items: Vec<Value> = songs
        .iter()
        .map(|(title, year)| {
            json!({"Artist": {"S": "Acme Band"}, "SongTitle": {"S": title}, "Year": {"N": year.to_string()}})
        })
        .collect();
    let mut page = json!({"Count": items.len(), "ScannedCount": items.len(), "Items": items});
    if let Some(year) = last {
        page["LastEvaluatedKey"] =
            json!({"Artist": {"S": "Acme Band"}, "Year": {"N": year.to_string()}});
    }
    page.to_string()
}

#[tokio::test]
async fn dynamodb_puts_gets_and_queries_three_pages() {
    let server = Server::start(|_, received| {
        let answer = match received.header("x-amz-target").unwrap_or_default() {
            "DynamoDB_20120810.PutItem" => "{}".to_owned(),
            "DynamoDB_20120810.GetItem" => json!({"Item": {
                "Artist": {"S": "Acme Band"},
                "SongTitle": {"S": "Happy Day"},
                "Tags": {"SS": ["pop", "live"]},
                "Plays": {"N": "1024"},
                "Cover": {"B": "AAEC"},
                "Explicit": {"BOOL": false},
                "Notes": {"NULL": true},
                "Chart": {"L": [{"N": "3"}, {"M": {"week": {"N": "12"}}}]}
            }})
            .to_string(),
            "DynamoDB_20120810.Query" => {
                let start = &body(received)["ExclusiveStartKey"]["Year"]["N"];
                match start.as_str() {
                    None => query_page(&[("Morning", 1999), ("Noon", 2001)], Some(2001)),
                    Some("2001") => query_page(&[("Evening", 2004), ("Night", 2008)], Some(2008)),
                    Some(_) => query_page(&[("Dawn", 2012)], None),
                }
            }
            other => panic!("unexpected target {other:?}"),
        };
        Reply::json(200, &answer).with_header("content-type", "application/x-amz-json-1.0")
    });
    let client = DynamoDbClient::new(config(&server));

    let item = BTreeMap::from([
        ("Artist".to_owned(), s("Acme Band")),
        ("SongTitle".to_owned(), s("Happy Day")),
        ("Year".to_owned(), n("2001")),
        (
            "Tags".to_owned(),
            AttributeValue::Ss(vec!["pop".into(), "live".into()]),
        ),
    ]);
    let put = PutItemInput::builder()
        .table_name("Music")
        .item(item)
        .condition_expression("attribute_not_exists(SongTitle)")
        .build();
    client.put_item(put).await.unwrap();

    let key = BTreeMap::from([
        ("Artist".to_owned(), s("Acme Band")),
        ("SongTitle".to_owned(), s("Happy Day")),
    ]);
    let got = client
        .get_item(
            GetItemInput::builder()
                .table_name("Music")
                .key(key)
                .consistent_read(true)
                .build(),
        )
        .await
        .unwrap();
    let got = got.item.expect("the item");
    assert_eq!(got["SongTitle"], s("Happy Day"));
    assert_eq!(got["Plays"], n("1024"));
    assert_eq!(got["Cover"], AttributeValue::B(vec![0, 1, 2].into()));
    assert_eq!(got["Explicit"], AttributeValue::Bool(false));
    assert_eq!(got["Notes"], AttributeValue::Null(true));
    assert_eq!(
        got["Chart"],
        AttributeValue::L(vec![
            n("3"),
            AttributeValue::M(BTreeMap::from([("week".to_owned(), n("12"))]))
        ])
    );

    let query = QueryInput::builder()
        .table_name("Music")
        .key_condition_expression("Artist = :artist")
        .expression_attribute_values(BTreeMap::from([(":artist".to_owned(), s("Acme Band"))]))
        .limit(2)
        .build();
    let mut titles = Vec::new();
    let mut items = client.query_items(query);
    while let Some(item) = items.next().await {
        match &item.unwrap()["SongTitle"] {
            AttributeValue::S(title) => titles.push(title.clone()),
            other => panic!("a title that is not a string: {other:?}"),
        }
    }
    assert_eq!(titles, ["Morning", "Noon", "Evening", "Night", "Dawn"]);

    let received = server.received();
    assert_eq!(received.len(), 5);
    assert_aws_json_call(
        &server,
        &received[0],
        "DynamoDB_20120810.PutItem",
        "dynamodb",
    );
    assert_eq!(
        body(&received[0]),
        json!({
            "TableName": "Music",
            "Item": {
                "Artist": {"S": "Acme Band"},
                "SongTitle": {"S": "Happy Day"},
                "Year": {"N": "2001"},
                "Tags": {"SS": ["pop", "live"]}
            },
            "ConditionExpression": "attribute_not_exists(SongTitle)"
        })
    );
    assert_aws_json_call(
        &server,
        &received[1],
        "DynamoDB_20120810.GetItem",
        "dynamodb",
    );
    assert_eq!(
        body(&received[1]),
        json!({
            "TableName": "Music",
            "Key": {"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}},
            "ConsistentRead": true
        })
    );
    // Each page after the first starts from the key the one before ended
    // at, sent back as the map it came as.
    let starts: Vec<Value> = received[2..]
        .iter()
        .map(|r| {
            assert_aws_json_call(&server, r, "DynamoDB_20120810.Query", "dynamodb");
            let body = body(r);
            assert_eq!(body["KeyConditionExpression"], "Artist = :artist");
            assert_eq!(body["Limit"], 2);
            body["ExclusiveStartKey"].clone()
        })
        .collect();
    assert_eq!(
        starts,
        [
            Value::Null,
            json!({"Artist": {"S": "Acme Band"}, "Year": {"N": "2001"}}),
            json!({"Artist": {"S": "Acme Band"}, "Year": {"N": "2008"}}),
        ]
    );
}

/// A service that hands back the key it was given would be asked for the
/// same page forever; the pages end with an error instead.
#[tokio::test]
async fn dynamodb_pages_stop_at_a_key_seen_before() {
    let server = Server::start(|_, _| Reply::json(200, &query_page(&[("Loop", 2000)], Some(2000))));
    let client = DynamoDbClient::new(config(&server));
    let mut pages = client.query_pages(QueryInput::builder().table_name("Music").build());
    pages.next().await.unwrap().unwrap();
    pages.next().await.unwrap().unwrap();
    let error = pages.next().await.unwrap().unwrap_err();
    assert!(error.to_string().contains("again"), "{error}");
    assert!(pages.next().await.is_none());
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn sqs_errors_in_the_query_compatible_form_are_typed_and_keep_their_query_code() {
    let server = Server::start(|_, _| {
        Reply::json(
            400,
            r#"{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "The specified queue does not exist."}"#,
        )
        .with_header("content-type", "application/x-amz-json-1.0")
        .with_header("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")
        .with_header("x-amzn-requestid", "req-1")
    });
    let client = SqsClient::new(config(&server));
    let error = client
        .get_queue_url(GetQueueUrlRequest::builder().queue_name("missing").build())
        .await
        .unwrap_err();
    let Some(GetQueueUrlError::QueueDoesNotExist(modeled)) = error.service_error() else {
        panic!("not the modelled error: {error:?}");
    };
    assert_eq!(
        modeled.error().message.as_deref(),
        Some("The specified queue does not exist.")
    );
    let meta = error.service_error().unwrap().meta();
    assert_eq!(meta.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
    assert_eq!(meta.error_type(), Some("QueueDoesNotExist"));
    assert_eq!(meta.fault(), Some("Sender"));
    assert_eq!(meta.request_id(), Some("req-1"));

    let [received] = server.received().try_into().unwrap();
    assert_aws_json_call(&server, &received, "AmazonSQS.GetQueueUrl", "sqs");
    // Query-compatible services are told the client reads query codes.
    assert_eq!(received.header("x-amzn-query-mode"), Some("true"));
    assert_eq!(body(&received), json!({"QueueName": "missing"}));
}

/// An answer naming the error only by its old awsQuery code still finds
/// the modelled error.
#[tokio::test]
async fn sqs_errors_named_only_by_their_query_code_are_typed() {
    let server = Server::start(|_, _| {
        Reply::json(400, r#"{"message": "gone"}"#).with_header(
            "x-amzn-query-error",
            "AWS.SimpleQueueService.NonExistentQueue;Sender",
        )
    });
    let client = SqsClient::new(config(&server));
    let error = client
        .get_queue_url(GetQueueUrlRequest::builder().queue_name("missing").build())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.service_error(),
            Some(GetQueueUrlError::QueueDoesNotExist(_))
        ),
        "{error:?}"
    );
}

/// A CBOR body decoded by ciborium, as JSON-like values for comparing:
/// text and numbers as they are, byte strings as arrays, tag 1 kept apart.
fn cbor(bytes: &[u8]) -> ciborium::Value {
    ciborium::from_reader(bytes).expect("a CBOR body")
}

fn cbor_bytes(value: &ciborium::Value) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).unwrap();
    out
}

/// The member `name` of a CBOR map, if it has one.
fn member<'a>(map: &'a ciborium::Value, name: &str) -> Option<&'a ciborium::Value> {
    map.as_map().and_then(|entries| {
        entries
            .iter()
            .find(|(key, _)| key.as_text() == Some(name))
            .map(|(_, value)| value)
    })
}

/// The member `name` of a CBOR map, which must be there.
fn field<'a>(map: &'a ciborium::Value, name: &str) -> &'a ciborium::Value {
    member(map, name).unwrap_or_else(|| panic!("no member {name} in {map:?}"))
}

/// The page token a `ListMetrics` request body sends, if any.
fn next_token(body: &ciborium::Value) -> Option<String> {
    member(body, "NextToken").and_then(|v| v.as_text().map(str::to_owned))
}

fn text(value: &str) -> ciborium::Value {
    ciborium::Value::Text(value.to_owned())
}

/// A `ListMetrics` page of one metric, and the token of the next when
/// there is one.
fn metrics_page(name: &str, next: Option<&str>) -> Vec<u8> {
    let metric = ciborium::Value::Map(vec![
        (text("Namespace"), text("Shop")),
        (text("MetricName"), text(name)),
        (
            text("Dimensions"),
            ciborium::Value::Array(vec![ciborium::Value::Map(vec![
                (text("Name"), text("Store")),
                (text("Value"), text("north")),
            ])]),
        ),
    ]);
    let mut page = vec![(text("Metrics"), ciborium::Value::Array(vec![metric]))];
    if let Some(next) = next {
        page.push((text("NextToken"), text(next)));
    }
    cbor_bytes(&ciborium::Value::Map(page))
}

#[tokio::test]
async fn cloudwatch_puts_metric_data_and_lists_metrics_over_rpcv2_cbor() {
    let server = Server::start(|_, received| {
        let reply = |body: Vec<u8>| {
            Reply::bytes(200, "application/cbor", body)
                .with_header("smithy-protocol", "rpc-v2-cbor")
        };
        if received.target.ends_with("/PutMetricData") {
            return reply(Vec::new());
        }
        let token = next_token(&cbor(&received.body));
        reply(match token.as_deref() {
            None => metrics_page("Orders", Some("page-2")),
            Some("page-2") => metrics_page("Refunds", Some("page-3")),
            Some(_) => metrics_page("Returns", None),
        })
    });
    let client = CloudWatchClient::new(config(&server));

    let datum = MetricDatum::builder()
        .metric_name("Orders")
        .dimensions(vec![Dimension::builder()
            .name("Store")
            .value("north")
            .build()])
        .timestamp(aws_generated::runtime::Timestamp::from_secs_and_nanos(
            1_700_000_000,
            250_000_000,
        ))
        .value(12.5)
        .unit(StandardUnit::Count)
        .build();
    let put = PutMetricDataInput::builder()
        .namespace("Shop")
        .metric_data(vec![datum])
        .build();
    client.put_metric_data(put).await.unwrap();

    let mut names = Vec::new();
    let mut pages = client.list_metrics_pages(
        ListMetricsInput::builder()
            .namespace("Shop")
            .dimensions(vec![DimensionFilter::builder().name("Store").build()])
            .build(),
    );
    while let Some(page) = pages.next().await {
        for metric in page.unwrap().metrics.unwrap_or_default() {
            names.push(metric.metric_name.unwrap_or_default());
        }
    }
    assert_eq!(names, ["Orders", "Refunds", "Returns"]);

    let received = server.received();
    assert_eq!(received.len(), 4);
    for (request, operation) in
        received
            .iter()
            .zip(["PutMetricData", "ListMetrics", "ListMetrics", "ListMetrics"])
    {
        assert_eq!(request.method, "POST");
        assert_eq!(
            request.target,
            format!("/service/GraniteServiceVersion20100801/operation/{operation}")
        );
        assert_eq!(request.header("smithy-protocol"), Some("rpc-v2-cbor"));
        assert_eq!(request.header("content-type"), Some("application/cbor"));
        assert_eq!(request.header("accept"), Some("application/cbor"));
        // CloudWatch is query-compatible.
        assert_eq!(request.header("x-amzn-query-mode"), Some("true"));
        assert_signed_as_aws_sigv4_signs_for(&server, request, ("us-west-2", "monitoring"));
    }
    let put = cbor(&received[0].body);
    assert_eq!(field(&put, "Namespace"), &text("Shop"));
    let data = field(&put, "MetricData").as_array().unwrap();
    let datum = &data[0];
    assert_eq!(field(datum, "MetricName"), &text("Orders"));
    assert_eq!(field(datum, "Value").as_float(), Some(12.5));
    assert_eq!(field(datum, "Unit"), &text("Count"));
    // Timestamps are tag 1 over epoch seconds.
    let ciborium::Value::Tag(1, seconds) = field(datum, "Timestamp") else {
        panic!("not tag 1: {datum:?}");
    };
    assert_eq!(seconds.as_float(), Some(1_700_000_000.25));
    let dimension = &field(datum, "Dimensions").as_array().unwrap()[0];
    assert_eq!(field(dimension, "Name"), &text("Store"));
    let tokens: Vec<Option<String>> = received[1..]
        .iter()
        .map(|r| {
            let body = cbor(&r.body);
            assert_eq!(field(&body, "Namespace"), &text("Shop"));
            next_token(&body)
        })
        .collect();
    assert_eq!(tokens, [None, Some("page-2".into()), Some("page-3".into())]);
}

/// An rpcv2Cbor error: `__type` in the CBOR body, and for this
/// query-compatible service, the old code in `x-amzn-query-error`.
#[tokio::test]
async fn cloudwatch_errors_over_rpcv2_cbor_are_typed() {
    let server = Server::start(|_, _| {
        let body = ciborium::Value::Map(vec![
            (
                text("__type"),
                text("com.amazonaws.cloudwatch#InvalidParameterValueException"),
            ),
            (
                text("message"),
                text("The value of Namespace is not valid."),
            ),
        ]);
        Reply::bytes(400, "application/cbor", cbor_bytes(&body))
            .with_header("smithy-protocol", "rpc-v2-cbor")
            .with_header("x-amzn-query-error", "InvalidParameterValue;Sender")
    });
    let client = CloudWatchClient::new(config(&server));
    let error = client
        .list_metrics(ListMetricsInput::builder().namespace("!").build())
        .await
        .unwrap_err();
    let Some(ListMetricsError::InvalidParameterValueException(modeled)) = error.service_error()
    else {
        panic!("not the modelled error: {error:?}");
    };
    assert_eq!(
        modeled.error().message.as_deref(),
        Some("The value of Namespace is not valid.")
    );
    let meta = error.service_error().unwrap().meta();
    assert_eq!(meta.code(), Some("InvalidParameterValue"));
    assert_eq!(meta.error_type(), Some("InvalidParameterValueException"));
}
