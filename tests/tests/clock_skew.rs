//! A request refused because the client's clock is off: the service's
//! `Date` corrects the clock, the refused call is sent once more at once,
//! and every later signature uses the corrected time.

use std::time::{Duration, SystemTime};

use aws_generated::connect::client::Client;
use aws_generated::connect::types::UpdateTrafficDistributionRequest;
use aws_generated::runtime::client::Config;
use aws_generated::runtime::credentials::Credentials;
use aws_generated::runtime::{Timestamp, TimestampFormat};
use integration_tests::amz_date_time;
use integration_tests::loopback::{
    assert_signed_as_aws_sigv4_signs_for, Reply, Server, ACCESS_KEY, SECRET,
};

fn skewed(date: Option<String>) -> Reply {
    let reply = Reply::json(
        403,
        r#"{"__type":"RequestTimeTooSkewed","message":"The difference between the request time and the current time is too large."}"#,
    )
    .with_header("x-amzn-errortype", "RequestTimeTooSkewed");
    match date {
        Some(date) => reply.with_header("date", &date),
        None => reply,
    }
}

fn client(server: &Server) -> Client {
    Client::new(
        Config::builder()
            .region("us-west-2")
            .endpoint_url(server.url())
            .credentials(Credentials::new(ACCESS_KEY, SECRET, None))
            .build(),
    )
}

fn input() -> UpdateTrafficDistributionRequest {
    UpdateTrafficDistributionRequest::builder()
        .id("arn:aws:connect:us-west-2:123456789012:traffic-distribution-group/skew")
        .build()
}

#[tokio::test]
async fn a_skew_refusal_corrects_the_clock_and_is_sent_again_once() {
    // The service's clock is an hour ahead of ours.
    let server_time = Timestamp::from(SystemTime::now() + Duration::from_secs(3_600))
        .format(TimestampFormat::HttpDate);
    let server = Server::start(move |index, _| match index {
        0 => skewed(Some(server_time.clone())),
        _ => Reply::json(200, "{}"),
    });
    let client = client(&server);
    client.update_traffic_distribution(input()).await.unwrap();
    client.update_traffic_distribution(input()).await.unwrap();

    let received = server.received();
    assert_eq!(received.len(), 3);
    let signed_at = |index: usize| amz_date_time(received[index].header("x-amz-date").unwrap());
    for later in [1, 2] {
        let ahead = signed_at(later).duration_since(signed_at(0)).unwrap();
        assert!(
            (Duration::from_secs(3_590)..Duration::from_secs(3_700)).contains(&ahead),
            "request {later} signed {ahead:?} after the first"
        );
        assert_signed_as_aws_sigv4_signs_for(&server, &received[later], ("us-west-2", "connect"));
    }
}

#[tokio::test]
async fn a_skew_refusal_without_a_date_is_the_answer() {
    let server = Server::start(|_, _| skewed(None));
    let error = client(&server)
        .update_traffic_distribution(input())
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("RequestTimeTooSkewed"),
        "{error}"
    );
    assert_eq!(server.received().len(), 1);
}
