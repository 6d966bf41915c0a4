//! Cached credentials over the loopback IMDS and STS: many first calls at
//! once make one fetch, credentials are fetched again only near their
//! expiry, a slow endpoint times out, and web identity is traded unsigned.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, UNIX_EPOCH};

use integration_tests::loopback::{Received, Reply, Server};
use integration_tests::machine::machine;
use smithy_runtime::credentials::providers::{ImdsCredentials, WebIdentityCredentials};
use smithy_runtime::credentials::{CachedCredentials, Clock, ProvideCredentials};

/// 2030-01-01T00:00:00Z.
const START: u64 = 1_893_456_000;

/// An IMDS whose credentials expire ten minutes after `START`, answering
/// each request after `delay`.
fn imds(delay: Duration) -> Server {
    Server::start(move |_, received: &Received| {
        let reply = match received.target.as_str() {
            "/latest/api/token" => Reply::bytes(200, "text/plain", b"token".to_vec()),
            "/latest/meta-data/iam/security-credentials/" => {
                Reply::bytes(200, "text/plain", b"role".to_vec())
            }
            _ => Reply::json(
                200,
                r#"{"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"s","Token":"t","Expiration":"2030-01-01T00:10:00Z"}"#,
            ),
        };
        reply.after(delay)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_first_calls_at_once_make_one_fetch() {
    let server = imds(Duration::from_millis(100));
    let config = machine(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &server.url())], &[]);
    let clock = Clock::fixed(UNIX_EPOCH + Duration::from_secs(START));
    let cache = Arc::new(CachedCredentials::with_clock(
        ImdsCredentials::new(config),
        clock,
    ));
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.provide_credentials().await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().access_key_id(), "ASIAIMDS");
    }
    // One fetch: the token, the role, its credentials.
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn credentials_are_fetched_again_only_near_their_expiry() {
    let server = imds(Duration::ZERO);
    let config = machine(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &server.url())], &[]);
    let now = Arc::new(AtomicU64::new(START));
    let read = now.clone();
    let clock =
        Clock::from_fn(move || UNIX_EPOCH + Duration::from_secs(read.load(Ordering::SeqCst)));
    let cache = CachedCredentials::with_clock(ImdsCredentials::new(config), clock);
    cache.provide_credentials().await.unwrap();
    assert_eq!(server.received().len(), 3);
    now.store(START + 60, Ordering::SeqCst);
    cache.provide_credentials().await.unwrap();
    assert_eq!(
        server.received().len(),
        3,
        "fresh credentials are not fetched again"
    );
    // Under five minutes before the expiry.
    now.store(START + 301, Ordering::SeqCst);
    cache.provide_credentials().await.unwrap();
    assert_eq!(server.received().len(), 6);
}

#[tokio::test]
async fn a_slow_imds_times_out_each_attempt() {
    let server = imds(Duration::from_millis(1_500));
    let config = machine(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &server.url())], &[]);
    let started = Instant::now();
    let error = ImdsCredentials::new(config).load().await.unwrap_err();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(3) && took < Duration::from_secs(8),
        "{took:?}"
    );
    assert!(error.to_string().contains("no answer within 1s"), "{error}");
}

#[tokio::test]
async fn web_identity_is_traded_for_credentials_unsigned() {
    let server = Server::start(|_, received: &Received| {
        let form: BTreeMap<String, String> = received.form().into_iter().collect();
        assert_eq!(form["Action"], "AssumeRoleWithWebIdentity");
        assert_eq!(form["RoleArn"], "arn:aws:iam::111122223333:role/Pod");
        assert_eq!(form["RoleSessionName"], "pod-session");
        assert_eq!(form["WebIdentityToken"], "eyJ.token.sig");
        assert!(received.header("authorization").is_none());
        Reply::bytes(
            200,
            "text/xml",
            b"<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>\
              <AssumedRoleUser><AssumedRoleId>x</AssumedRoleId><Arn>arn:aws:sts::111122223333:assumed-role/Pod/pod-session</Arn></AssumedRoleUser>\
              <Credentials><AccessKeyId>ASIAWEB</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>\
              <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>\
              </AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>"
                .to_vec(),
        )
    });
    let config = machine(
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token"),
            ("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/Pod"),
            ("AWS_ROLE_SESSION_NAME", "pod-session"),
            ("AWS_REGION", "eu-central-1"),
            ("AWS_ENDPOINT_URL_STS", &server.url()),
        ],
        &[("/var/run/token", "eyJ.token.sig\n")],
    );
    let credentials = WebIdentityCredentials::new(config).load().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAWEB");
    assert_eq!(credentials.account_id(), Some("111122223333"));
}
