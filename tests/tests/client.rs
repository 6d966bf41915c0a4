//! The generated clients against a real HTTP server on 127.0.0.1: what
//! arrives on the wire (path, query, headers, body, and the signature,
//! recomputed by `aws-sigv4`), retries, timeouts, refused connections,
//! pagination, and the errors that stop a request before it is sent.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_generated::connect::types::UpdateTrafficDistributionRequest;
use fixtures_generated::http::client::Client as NotesClient;
use fixtures_generated::http::types::{GetObjectInput, ListNotesInput, PutObjectInput};
use fixtures_generated::runtime::client::{
    BoxFuture, CallError, Config, ConfigBuilder, HttpTransport, SendErrorKind, Sleep,
    StalledStreamProtection, TlsRoots, TransportError,
};
use fixtures_generated::runtime::credentials::{Credentials, EnvironmentCredentials};
use fixtures_generated::runtime::response::ServiceError;
use fixtures_generated::runtime::retry::{RetryConfig, RetryMode};
use integration_tests::loopback::{closed_port_url, Framing, Received, Reply, Server, TestCa};

use integration_tests::loopback::{assert_signed_as_aws_sigv4_signs_for, ACCESS_KEY, SECRET};

fn config(endpoint: &str) -> ConfigBuilder {
    Config::builder()
        .region("us-west-2")
        .endpoint_url(endpoint)
        .credentials(Credentials::new(ACCESS_KEY, SECRET, None))
}

/// Retries with delays too short to slow the tests.
fn quick_retries(max_attempts: u32) -> RetryConfig {
    RetryConfig {
        max_attempts,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        ..RetryConfig::default()
    }
}

fn assert_signed_as_aws_sigv4_signs(server: &Server, received: &Received, service: &str) {
    assert_signed_as_aws_sigv4_signs_for(server, received, ("us-west-2", service));
}

/// A timer that records the delays asked of it and does not wait.
#[derive(Clone, Default)]
struct RecordingSleep(Arc<Mutex<Vec<Duration>>>);

/// A client of `server` that waits on `timer`. Its alarms go off at once,
/// which stalled-stream protection would take for a body that stopped, so
/// the protection is off.
fn recorded(server: &Server, timer: &RecordingSleep) -> Config {
    config(&server.url())
        .sleep(timer.clone())
        .stalled_stream_protection(StalledStreamProtection::disabled())
        .build()
}

/// A timer whose alarms go off only when the test rings, recording the
/// periods asked of it.
#[derive(Clone)]
struct ManualTimer {
    rings: Arc<tokio::sync::watch::Sender<u32>>,
    asked: Arc<Mutex<Vec<Duration>>>,
}

impl ManualTimer {
    fn new() -> Self {
        Self {
            rings: Arc::new(tokio::sync::watch::channel(0).0),
            asked: Arc::default(),
        }
    }

    /// Sets off every alarm asked for so far.
    fn ring(&self) {
        self.rings.send_modify(|rings| *rings += 1);
    }

    fn asked(&self) -> Vec<Duration> {
        self.asked.lock().unwrap().clone()
    }
}

impl Sleep for ManualTimer {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.asked.lock().unwrap().push(duration);
        let mut rings = self.rings.subscribe();
        let armed_at = *rings.borrow_and_update();
        Box::pin(async move {
            let _ = rings.wait_for(|rings| *rings > armed_at).await;
        })
    }
}

/// The page token a `ListNotes` request sends in its query.
fn sent_token(received: &Received) -> Option<&str> {
    received
        .target
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("token="))
}

/// Waits, without a deadline of its own, until `done` holds.
async fn until(mut done: impl FnMut() -> bool) {
    while !done() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

impl Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.0.lock().unwrap().push(duration);
        Box::pin(std::future::ready(()))
    }
}

/// A transport that counts what it is asked to send and answers 200.
fn counting_transport(sent: Arc<AtomicUsize>) -> impl HttpTransport + 'static {
    move |_| {
        sent.fetch_add(1, Ordering::SeqCst);
        std::future::ready(Ok::<_, TransportError>(http::Response::new(b"{}".to_vec())))
    }
}

#[tokio::test]
async fn requests_arrive_as_the_model_binds_them_and_signed() {
    let server = Server::start(|_, _| Reply::json(201, "{}").with_header("etag", "\"v1\""));
    let client = NotesClient::new(config(&server.url()).build());
    let input = PutObjectInput::builder()
        .bucket("my bucket")
        .key("a/b c/ü.txt")
        .tags(vec!["x".to_owned(), "y z".to_owned()])
        .limit(5)
        .trace("t-1")
        .build();
    let output = client.put_object(input).await.unwrap();
    assert_eq!(output.e_tag.as_deref(), Some("\"v1\""));

    let [received] = server.received().try_into().unwrap();
    assert_eq!(received.method, "PUT");
    let (path, query) = received.target.split_once('?').unwrap();
    assert_eq!(path, "/buckets/my%20bucket/objects/a/b%20c/%C3%BC.txt");
    let query: BTreeSet<&str> = query.split('&').collect();
    assert_eq!(
        query,
        BTreeSet::from(["x-id=PutObject", "tag=x", "tag=y%20z", "limit=5"])
    );
    assert_eq!(received.header("x-trace"), Some("t-1"));
    assert_eq!(
        received.header("host"),
        Some(&server.url()["http://".len()..])
    );
    assert!(received
        .header("authorization")
        .unwrap()
        .contains("/us-west-2/notes/aws4_request"));
    assert_signed_as_aws_sigv4_signs(&server, &received, "notes");
}

/// Connect's UpdateTrafficDistribution, its ARN label encoded once on the
/// wire and once more for the signature.
#[tokio::test]
async fn the_connect_client_sends_and_signs_update_traffic_distribution() {
    let server = Server::start(|_, _| Reply::json(200, "{}"));
    let client = aws_generated::connect::client::Client::new(config(&server.url()).build());
    let id = "arn:aws:connect:us-west-2:123456789012:traffic-distribution-group/a b/ü";
    let input = UpdateTrafficDistributionRequest::builder().id(id).build();
    client.update_traffic_distribution(input).await.unwrap();

    let [received] = server.received().try_into().unwrap();
    assert_eq!(received.method, "PUT");
    assert_eq!(
        received.target,
        "/traffic-distribution/arn%3Aaws%3Aconnect%3Aus-west-2%3A123456789012%3Atraffic-distribution-group%2Fa%20b%2F%C3%BC"
    );
    assert_eq!(received.body, b"{}");
    assert_eq!(received.header("content-type"), Some("application/json"));
    assert_signed_as_aws_sigv4_signs(&server, &received, "connect");
}

#[tokio::test]
async fn unsigned_operations_carry_no_signature() {
    let server = Server::start(|_, _| Reply::json(200, "{}"));
    let client = NotesClient::new(config(&server.url()).build());
    client.ping().await.unwrap();
    let [received] = server.received().try_into().unwrap();
    assert_eq!(received.target, "/ping");
    assert_eq!(received.header("authorization"), None);
}

/// 429 and 503 are retried after a backoff; the third attempt succeeds.
#[tokio::test]
async fn throttling_and_unavailable_answers_are_retried_with_backoff() {
    let server = Server::start(|index, _| match index {
        0 => Reply::json(429, r#"{"message": "slow down"}"#)
            .with_header("x-amzn-errortype", "Throttled"),
        1 => Reply::json(503, "{}"),
        _ => Reply::json(200, r#"{"Notes": ["a"]}"#),
    });
    let timer = RecordingSleep::default();
    let client = NotesClient::new(recorded(&server, &timer));
    let output = client
        .list_notes(ListNotesInput::builder().build())
        .await
        .unwrap();
    assert_eq!(output.notes, Some(vec!["a".to_owned()]));
    assert_eq!(server.received().len(), 3);
    // Full jitter under the default caps: at most 1 s, then at most 2 s.
    let delays = timer.0.lock().unwrap().clone();
    assert_eq!(delays.len(), 2, "{delays:?}");
    assert!(delays[0] <= Duration::from_secs(1), "{delays:?}");
    assert!(delays[1] <= Duration::from_secs(2), "{delays:?}");
    // Each attempt is signed afresh and alike.
    for received in server.received() {
        assert_signed_as_aws_sigv4_signs(&server, &received, "notes");
    }
}

/// In the adaptive mode a throttle also limits the client's own send rate:
/// nothing had been measured yet, so the retry waits for a token of the
/// slowest fill, two seconds, after its backoff. (In the standard mode the
/// retries above wait for their backoff alone.)
#[tokio::test]
async fn the_adaptive_mode_waits_for_a_send_token_after_a_throttle() {
    let server = Server::start(|index, _| match index {
        0 => Reply::json(400, r#"{"message": "slow down"}"#)
            .with_header("x-amzn-errortype", "ThrottlingException"),
        _ => Reply::json(200, r#"{"Notes": ["a"]}"#),
    });
    let timer = RecordingSleep::default();
    let adaptive = RetryConfig {
        mode: RetryMode::Adaptive,
        ..RetryConfig::default()
    };
    let client = NotesClient::new(
        config(&server.url())
            .sleep(timer.clone())
            .stalled_stream_protection(StalledStreamProtection::disabled())
            .retry(adaptive)
            .build(),
    );
    let output = client
        .list_notes(ListNotesInput::builder().build())
        .await
        .unwrap();
    assert_eq!(output.notes, Some(vec!["a".to_owned()]));
    let delays = timer.0.lock().unwrap().clone();
    assert_eq!(delays.len(), 2, "{delays:?}");
    assert!(
        delays[0] <= Duration::from_secs(1),
        "the backoff: {delays:?}"
    );
    assert!(
        (Duration::from_millis(1900)..=Duration::from_secs(2)).contains(&delays[1]),
        "the token: {delays:?}"
    );
}

#[tokio::test]
async fn retries_stop_at_the_maximum_with_the_last_error() {
    let server = Server::start(|index, _| {
        Reply::json(503, &format!(r#"{{"message": "attempt {index}"}}"#))
            .with_header("x-amzn-errortype", "ServiceUnavailable")
    });
    let client = NotesClient::new(config(&server.url()).retry(quick_retries(3)).build());
    let error = client
        .list_notes(ListNotesInput::builder().build())
        .await
        .unwrap_err();
    let CallError::Service(error) = error else {
        panic!("expected the service's error, got {error:?}");
    };
    assert_eq!(error.meta().status(), 503);
    assert_eq!(error.meta().message(), Some("attempt 2"));
    assert!(error.is_retryable());
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn modelled_errors_that_are_not_retryable_are_not_retried() {
    let server = Server::start(|_, _| {
        Reply::json(404, r#"{"message": "no such object"}"#)
            .with_header("x-amzn-errortype", "NotFound")
    });
    let client = NotesClient::new(config(&server.url()).retry(quick_retries(3)).build());
    let input = PutObjectInput::builder().bucket("b").key("k").build();
    let error = client.put_object(input).await.unwrap_err();
    assert!(
        matches!(
            error.service_error(),
            Some(fixtures_generated::http::errors::PutObjectError::NotFound(
                _
            ))
        ),
        "{error:?}"
    );
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let server = Server::start(|_, _| Reply::json(200, "{}").after(Duration::from_secs(2)));
    let client = NotesClient::new(
        config(&server.url())
            .attempt_timeout(Duration::from_millis(100))
            .retry(RetryConfig::disabled())
            .build(),
    );
    let error = client.ping().await.unwrap_err();
    let send = error
        .send_error()
        .expect("a send error, not a service error");
    assert_eq!(send.kind(), SendErrorKind::Timeout);

    let client = NotesClient::new(
        config(&server.url())
            .operation_timeout(Duration::from_millis(100))
            .build(),
    );
    let error = client.ping().await.unwrap_err();
    assert_eq!(error.send_error().unwrap().kind(), SendErrorKind::Timeout);
    assert!(error.to_string().contains("took longer than"), "{error}");
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error_after_the_retries() {
    let client = NotesClient::new(config(&closed_port_url()).retry(quick_retries(2)).build());
    let error = client.ping().await.unwrap_err();
    let send = error
        .send_error()
        .expect("a send error, not a service error");
    assert_eq!(send.kind(), SendErrorKind::Connect, "{error}");
}

#[tokio::test]
async fn three_pages_and_their_items() {
    let server = Server::start(|_, received| {
        let body = match sent_token(received) {
            None => r#"{"Page": {"NextToken": "t1"}, "Notes": ["a", "b"]}"#,
            Some("t1") => r#"{"Page": {"NextToken": "t2"}, "Notes": ["c"]}"#,
            Some(_) => r#"{"Page": {}, "Notes": ["d", "e"]}"#,
        };
        Reply::json(200, body)
    });
    let client = NotesClient::new(config(&server.url()).build());

    let mut pages = client.list_notes_pages(ListNotesInput::builder().limit(2).build());
    let mut count = 0;
    while let Some(page) = pages.next().await {
        page.unwrap();
        count += 1;
    }
    assert_eq!(count, 3);
    let targets: Vec<String> = server.received().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/notes?limit=2",
            "/notes?token=t1&limit=2",
            "/notes?token=t2&limit=2"
        ]
    );

    // The same through the `Stream` impl of the item stream.
    let mut items = client.list_notes_items(ListNotesInput::builder().build());
    let mut notes = Vec::new();
    while let Some(item) = std::future::poll_fn(|cx| {
        futures_core::Stream::poll_next(std::pin::Pin::new(&mut items), cx)
    })
    .await
    {
        notes.push(item.unwrap());
    }
    assert_eq!(notes, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn endpoint_errors_come_before_anything_is_sent() {
    let sent = Arc::new(AtomicUsize::new(0));
    let connect = |config: ConfigBuilder| {
        aws_generated::connect::client::Client::new(
            config
                .credentials(Credentials::new(ACCESS_KEY, SECRET, None))
                .transport(counting_transport(sent.clone()))
                .build(),
        )
    };
    let input = || UpdateTrafficDistributionRequest::builder().id("x").build();
    let cases = [
        (
            Config::builder()
                .region("us-iso-east-1")
                .use_dual_stack(true),
            "DualStack is enabled but this partition does not support DualStack",
        ),
        (
            Config::builder()
                .region("us-west-2")
                .use_fips(true)
                .endpoint_url("https://example.com"),
            "FIPS and custom endpoint are not supported",
        ),
        (Config::builder(), "Missing Region"),
    ];
    for (config, message) in cases {
        let error = connect(config)
            .update_traffic_distribution(input())
            .await
            .unwrap_err();
        let send = error.send_error().expect("a send error");
        assert_eq!(send.kind(), SendErrorKind::Endpoint);
        assert!(error.to_string().contains(message), "{error}");
    }
    assert_eq!(sent.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn missing_credentials_name_what_was_looked_for() {
    let sent = Arc::new(AtomicUsize::new(0));
    let client = NotesClient::new(
        Config::builder()
            .region("us-west-2")
            .endpoint_url("http://127.0.0.1:9")
            .credentials(EnvironmentCredentials::with_lookup(|_| None))
            .transport(counting_transport(sent.clone()))
            .build(),
    );
    let error = client
        .list_notes(ListNotesInput::builder().build())
        .await
        .unwrap_err();
    assert_eq!(
        error.send_error().unwrap().kind(),
        SendErrorKind::Credentials
    );
    let message = error.to_string();
    assert!(
        message.contains("AWS_ACCESS_KEY_ID") && message.contains("AWS_SECRET_ACCESS_KEY"),
        "{message}"
    );
    assert_eq!(sent.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn malformed_endpoint_urls_are_errors_not_panics() {
    let sent = Arc::new(AtomicUsize::new(0));
    for url in [
        "",
        "not a url",
        "example.com",
        "http://",
        "https://exa mple.com",
        "https://[::1",
        "https://example.com:99999",
        "https://example.com/?query=1",
        "\u{0}",
    ] {
        let client = NotesClient::new(
            config(url)
                .transport(counting_transport(sent.clone()))
                .build(),
        );
        let Err(error) = client.ping().await else {
            panic!("{url:?} was accepted");
        };
        assert_eq!(
            error.send_error().map(|e| e.kind()),
            Some(SendErrorKind::Endpoint),
            "{url:?}: {error}"
        );
    }
    assert_eq!(sent.load(Ordering::SeqCst), 0);
}

/// The operation's `@endpoint` host prefix goes in front of the endpoint's
/// host; a service without SigV4 sends unsigned requests.
#[tokio::test]
async fn host_prefixes_go_in_front_of_the_endpoint() {
    let sent: Arc<Mutex<Vec<http::Uri>>> = Arc::default();
    let log = sent.clone();
    let transport = move |request: http::Request<fixtures_generated::runtime::ByteStream>| {
        assert!(request.headers().get("authorization").is_none());
        log.lock().unwrap().push(request.uri().clone());
        std::future::ready(Ok::<_, TransportError>(http::Response::new(Vec::new())))
    };
    let client = fixtures_generated::compliance::client::Client::new(
        Config::builder()
            .endpoint_url("https://example.com/base")
            .transport(transport)
            .build(),
    );
    let input = fixtures_generated::compliance::types::PingInput::builder()
        .region("eu-1")
        .build();
    client.ping(input).await.unwrap();
    let uris = sent.lock().unwrap().clone();
    assert_eq!(uris.len(), 1);
    assert_eq!(
        uris[0].to_string(),
        "https://eu-1.ping.example.com/base/ping"
    );
}

/// `Stage`, an input member marked `smithy.rules#contextParam`, picks the
/// endpoint (its path, its headers and the signing name and region of its
/// `authSchemes`) through the fixture's rule set.
#[tokio::test]
async fn input_members_choose_the_endpoint_and_its_signing_scope() {
    let server = Server::start(|_, _| Reply::json(200, "{}"));
    let client = NotesClient::new(config(&server.url()).build());
    let input = GetObjectInput::builder().id(7).stage("beta").build();
    client.get_object(input).await.unwrap();
    client
        .get_object(GetObjectInput::builder().id(8).build())
        .await
        .unwrap();

    let [beta, plain] = server.received().try_into().unwrap();
    assert_eq!(beta.target, "/beta/objects/7");
    assert_eq!(beta.header("x-stage"), Some("beta"));
    assert_eq!(beta.header("x-stage-route"), Some("beta"));
    assert!(beta
        .header("authorization")
        .unwrap()
        .contains("/eu-west-3/notes-beta/aws4_request"));
    assert_signed_as_aws_sigv4_signs_for(&server, &beta, ("eu-west-3", "notes-beta"));
    assert_eq!(plain.target, "/objects/8");
    assert_eq!(plain.header("x-stage-route"), None);
    assert_signed_as_aws_sigv4_signs(&server, &plain, "notes");
}

/// An endpoint whose `authSchemes` name only SigV4a is refused before
/// sending, rather than sent with a signature it would reject.
#[tokio::test]
async fn endpoints_asking_for_other_auth_schemes_are_refused() {
    let sent = Arc::new(AtomicUsize::new(0));
    let client = NotesClient::new(
        config("https://example.com")
            .transport(counting_transport(sent.clone()))
            .build(),
    );
    let input = GetObjectInput::builder().id(1).stage("everywhere").build();
    let error = client.get_object(input).await.unwrap_err();
    assert_eq!(error.send_error().unwrap().kind(), SendErrorKind::Signing);
    assert!(error.to_string().contains("[sigv4a]"), "{error}");
    assert_eq!(sent.load(Ordering::SeqCst), 0);
}

/// An input that cannot be written as a request (here a missing label)
/// fails the call before anything is sent.
#[tokio::test]
async fn inputs_that_cannot_be_written_are_input_errors() {
    let sent = Arc::new(AtomicUsize::new(0));
    let client = NotesClient::new(
        config("https://example.com")
            .transport(counting_transport(sent.clone()))
            .build(),
    );
    let input = PutObjectInput::builder().key("k").build();
    let error = client.put_object(input).await.unwrap_err();
    assert_eq!(
        error.send_error().unwrap().kind(),
        SendErrorKind::InvalidInput
    );
    assert!(error.to_string().contains("Bucket"), "{error}");
    assert_eq!(sent.load(Ordering::SeqCst), 0);
}

#[test]
fn configurations_never_show_credentials() {
    let config = config("https://example.com").build();
    let shown = format!("{config:?}");
    assert!(
        !shown.contains(SECRET) && !shown.contains(ACCESS_KEY),
        "{shown}"
    );
}

/// A delay the service asks for is waited: 1.5 s, past the first backoff
/// (at most 1 s) and within five seconds of it.
#[tokio::test]
async fn a_requested_retry_delay_is_honoured() {
    let server = Server::start(|index, _| match index {
        0 => Reply::json(503, "{}").with_header("x-amz-retry-after", "1500"),
        _ => Reply::json(200, "{}"),
    });
    let timer = RecordingSleep::default();
    let client = NotesClient::new(recorded(&server, &timer));
    client.ping().await.unwrap();
    assert_eq!(server.received().len(), 2);
    assert_eq!(*timer.0.lock().unwrap(), [Duration::from_millis(1500)]);
}

/// 501 Not Implemented is no transient failure: sent once.
#[tokio::test]
async fn only_transient_statuses_are_retried() {
    let server = Server::start(|_, _| Reply::json(501, "{}"));
    let timer = RecordingSleep::default();
    let client = NotesClient::new(recorded(&server, &timer));
    let error = client.ping().await.unwrap_err();
    assert_eq!(error.service_error().unwrap().meta().status(), 501);
    assert_eq!(server.received().len(), 1);
}

/// A body past the client's limit fails the call with an error naming the
/// limit, whether its length is declared or it comes in chunks without
/// one, and it is not asked for again.
#[tokio::test]
async fn a_response_past_the_body_limit_is_refused() {
    let body = format!(r#"{{"Notes": ["{}"]}}"#, "x".repeat(4096));
    for framing in [Framing::Length, Framing::Chunked(512)] {
        let body = body.clone();
        let server = Server::start(move |_, _| Reply::json(200, &body).framed(framing));
        let client = NotesClient::new(config(&server.url()).max_response_body(1024).build());
        let error = client
            .list_notes(ListNotesInput::builder().build())
            .await
            .unwrap_err();
        let send = error.send_error().expect("a send error");
        assert_eq!(send.kind(), SendErrorKind::ResponseTooLarge, "{framing:?}");
        assert!(error.to_string().contains("limit of 1024 bytes"), "{error}");
        assert_eq!(server.received().len(), 1, "{framing:?}");
        // The same answer fits a larger limit.
        let client = NotesClient::new(config(&server.url()).max_response_body(8192).build());
        let notes = client
            .list_notes(ListNotesInput::builder().build())
            .await
            .unwrap();
        assert_eq!(notes.notes.unwrap()[0].len(), 4096, "{framing:?}");
    }
}

/// A body that stops after 10 of its 100 bytes fails when the grace
/// period passes on the client's timer, not on the wall clock: the test
/// rings the timer once the body has stalled.
#[tokio::test]
async fn a_stalled_body_fails_when_the_grace_period_passes() {
    let server = Server::start(|_, _| {
        Reply::json(200, r#"{"Notes": "#).framed(Framing::StallAfterBody(100))
    });
    let timer = ManualTimer::new();
    let client = NotesClient::new(
        config(&server.url())
            .sleep(timer.clone())
            .retry(RetryConfig::disabled())
            .build(),
    );
    let call =
        tokio::spawn(async move { client.list_notes(ListNotesInput::builder().build()).await });
    until(|| !timer.asked().is_empty()).await;
    assert!(!call.is_finished(), "the body is still awaited");
    timer.ring();
    let error = call.await.unwrap().unwrap_err();
    let send = error.send_error().expect("a send error");
    assert_eq!(send.kind(), SendErrorKind::Timeout, "{error}");
    assert!(error.to_string().contains("stalled"), "{error}");
    assert_eq!(timer.asked(), [Duration::from_secs(20)]);
}

/// HTTPS end to end, trusting a certificate authority made for this test
/// alone; without it, the same server is refused.
#[tokio::test]
async fn https_with_an_added_root_certificate() {
    let ca = TestCa::generate();
    let server = Server::start_tls(ca.server.clone(), |_, _| {
        Reply::json(200, r#"{"Notes": ["tls"]}"#)
    });
    let roots = TlsRoots::only_added().with_pem(&ca.ca_pem).unwrap();
    let client = NotesClient::new(config(&server.url()).tls_roots(roots).build());
    let output = client
        .list_notes(ListNotesInput::builder().build())
        .await
        .unwrap();
    assert_eq!(output.notes, Some(vec!["tls".to_owned()]));
    let [received] = server.received().try_into().unwrap();
    assert_signed_as_aws_sigv4_signs(&server, &received, "notes");

    let strangers = NotesClient::new(config(&server.url()).retry(RetryConfig::disabled()).build());
    let error = strangers.ping().await.unwrap_err();
    assert_eq!(
        error.send_error().unwrap().kind(),
        SendErrorKind::Connect,
        "{error}"
    );
    assert_eq!(server.received().len(), 1);

    // A root that is no certificate is a configuration error at the call.
    let broken = TlsRoots::mozilla().with_der(b"not a certificate".to_vec());
    let client = NotesClient::new(config(&server.url()).tls_roots(broken).build());
    let error = client.ping().await.unwrap_err();
    assert_eq!(
        error.send_error().unwrap().kind(),
        SendErrorKind::Config,
        "{error}"
    );
    assert!(error.to_string().contains("root certificate 1"), "{error}");
}

/// Plain `http://` goes to loopback addresses only, unless allowed.
#[tokio::test]
async fn clear_text_goes_to_loopback_only_unless_allowed() {
    let sent = Arc::new(AtomicUsize::new(0));
    let client = |allow: bool| {
        NotesClient::new(
            config("http://10.1.2.3:8080")
                .transport(counting_transport(sent.clone()))
                .allow_plain_http(allow)
                .build(),
        )
    };
    let error = client(false).ping().await.unwrap_err();
    assert_eq!(error.send_error().unwrap().kind(), SendErrorKind::Endpoint);
    assert!(
        error.to_string().contains("clear text to `10.1.2.3`"),
        "{error}"
    );
    assert_eq!(sent.load(Ordering::SeqCst), 0);
    client(true).ping().await.unwrap();
    assert_eq!(sent.load(Ordering::SeqCst), 1);
}

/// A service that cycles through page tokens (t1, t2, t1) is stopped at
/// the first repeat, after the page that carried it.
#[tokio::test]
async fn pages_stop_at_a_token_seen_before() {
    let server = Server::start(|_, received| {
        let next = match sent_token(received) {
            None | Some("t2") => "t1",
            Some(_) => "t2",
        };
        Reply::json(200, &format!(r#"{{"Page": {{"NextToken": "{next}"}}}}"#))
    });
    let client = NotesClient::new(config(&server.url()).build());
    let mut pages = client.list_notes_pages(ListNotesInput::builder().build());
    for _ in 0..3 {
        pages.next().await.unwrap().unwrap();
    }
    let error = pages.next().await.unwrap().unwrap_err();
    assert_eq!(
        error.send_error().unwrap().kind(),
        SendErrorKind::Pagination
    );
    assert!(error.to_string().contains("\"t1\" again"), "{error}");
    assert!(pages.next().await.is_none());
    assert_eq!(server.received().len(), 3);
}

/// What a transport is handed prints no secret: not the secret key, not
/// the session token, not the signature.
#[tokio::test]
async fn signed_requests_print_no_secret() {
    let shown: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = shown.clone();
    let transport = move |request: http::Request<fixtures_generated::runtime::ByteStream>| {
        let authorization = request.headers()["authorization"]
            .to_str()
            .unwrap()
            .to_owned();
        log.lock().unwrap().push(format!("{request:?}"));
        log.lock().unwrap().push(authorization);
        std::future::ready(Ok::<_, TransportError>(http::Response::new(b"{}".to_vec())))
    };
    let client = NotesClient::new(
        config("https://example.com")
            .credentials(Credentials::new(
                ACCESS_KEY,
                SECRET,
                Some("SESSION-TOKEN-VALUE".into()),
            ))
            .transport(transport)
            .build(),
    );
    client
        .list_notes(ListNotesInput::builder().build())
        .await
        .unwrap();
    let shown = shown.lock().unwrap().clone();
    let [debug, authorization] = <[String; 2]>::try_from(shown).unwrap();
    let signature = authorization.rsplit("Signature=").next().unwrap();
    assert_eq!(signature.len(), 64);
    for secret in [SECRET, "SESSION-TOKEN-VALUE", signature] {
        assert!(!debug.contains(secret), "{secret} in {debug}");
    }
    assert!(debug.contains("x-amz-security-token"), "{debug}");
}
