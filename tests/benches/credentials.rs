//! What credentials cost a call: cached credentials handed out (the cost
//! every signed call pays), beside aws-credential-types' own provider of
//! fixed credentials as the anchor, in the same run; and the first
//! resolution through each provider against the loopback server.
//!
//! `cargo bench -p integration-tests --bench credentials`

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant, SystemTime};

use integration_tests::bench::time;
use integration_tests::loopback::{Reply, Server};
use integration_tests::machine::machine;
use smithy_runtime::credentials::providers::{
    ContainerCredentials, ImdsCredentials, ProcessCredentials, ProfileCredentials,
};
use smithy_runtime::credentials::{CachedCredentials, Credentials, ProvideCredentials};

/// The login cache of the session `bench` (sha256 from Python's hashlib),
/// expired, so the first resolution refreshes it through Sign-In.
const LOGIN_CACHE: &str =
    "/home/.aws/login/cache/1b32c28cb38c05480eccc1bd60ff97029b57a05c96718b96dad7e9d84894f549.json";
const LOGIN_CACHED: &str = r#"{"accessToken":{"accessKeyId":"A","secretAccessKey":"s","sessionToken":"t","expiresAt":"2020-01-01T00:00:00Z"},"clientId":"arn:aws:signin:::devtools/same-device","refreshToken":"r","dpopKey":"-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIHxj9O5Rs8WWxxh5Wu6TgUjoxrpi6/7liZsmdjh00tthoAoGCCqGSM49\nAwEHoUQDQgAEeOiliN7k/YrRmRXs5PDtQc2futqdajSpSaFuc37YORFAIlnujt7/\nAMYjOsDQTTw/4okp7sL6xpzuthB9ZUOVww==\n-----END EC PRIVATE KEY-----\n"}"#;
const LOGIN_ANSWER: &str = r#"{"accessToken":{"accessKeyId":"ASIABENCH","secretAccessKey":"s","sessionToken":"t"},"tokenType":"aws_sigv4","expiresIn":900,"refreshToken":"r2"}"#;

/// Polls a future that is ready at once.
fn ready<F: Future>(future: F) -> F::Output {
    let mut context = Context::from_waker(Waker::noop());
    match pin!(future).poll(&mut context) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the cached answer was not ready at once"),
    }
}

const DOCUMENT: &str = r#"{"Code":"Success","AccessKeyId":"ASIABENCH","SecretAccessKey":"s","Token":"t","Expiration":"2099-01-01T00:00:00Z"}"#;

/// The median time of `runs` first resolutions, in microseconds.
fn first_resolution<F, Fut>(runtime: &tokio::runtime::Runtime, runs: usize, make: F) -> f64
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            runtime.block_on(make());
            started.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let expiry = SystemTime::now() + Duration::from_secs(3_600);
    let cached = CachedCredentials::new(
        Credentials::new("AKIDBENCH", "secret", Some("token".into())).with_expiry(Some(expiry)),
    );
    ready(cached.provide_credentials()).unwrap();
    let ours = time(|| {
        black_box(ready(black_box(&cached).provide_credentials())).unwrap();
    });
    let anchor_credentials = aws_credential_types::Credentials::new(
        "AKIDBENCH",
        "secret",
        Some("token".into()),
        Some(expiry),
        "bench",
    );
    let anchor = time(|| {
        use aws_credential_types::provider::ProvideCredentials as _;
        black_box(ready(black_box(&anchor_credentials).provide_credentials())).unwrap();
    });
    println!(
        "cached credentials per call: ours {ours:.0} ns, aws-credential-types' fixed provider {anchor:.0} ns, ratio {:.2}",
        ours / anchor
    );

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = Server::start(|_, received| match received.target.as_str() {
        "/latest/api/token" => Reply::bytes(200, "text/plain", b"token".to_vec()),
        "/latest/meta-data/iam/security-credentials/" => {
            Reply::bytes(200, "text/plain", b"role".to_vec())
        }
        "/v1/token" => Reply::json(200, LOGIN_ANSWER),
        _ => Reply::json(200, DOCUMENT),
    });
    let url = server.url();
    let imds = first_resolution(&runtime, 21, || {
        let config = machine(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &url)], &[]);
        async move {
            ImdsCredentials::new(config).load().await.unwrap();
        }
    });
    let container_uri = format!("{url}/creds");
    let container = first_resolution(&runtime, 21, || {
        let config = machine(
            &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &container_uri)],
            &[],
        );
        async move {
            ContainerCredentials::new(config).load().await.unwrap();
        }
    });
    let profile = first_resolution(&runtime, 21, || {
        let config = machine(
            &[("HOME", "/home")],
            &[(
                "/home/.aws/credentials",
                "[default]\naws_access_key_id = AKID\naws_secret_access_key = secret\n",
            )],
        );
        async move {
            ProfileCredentials::new(config).load().await.unwrap();
        }
    });
    let process = first_resolution(&runtime, 11, || async {
        ProcessCredentials::new(
            r#"echo '{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "s"}'"#,
            None,
        )
        .load()
        .await
        .unwrap();
    });
    let login = first_resolution(&runtime, 21, || {
        let config = machine(
            &[
                ("HOME", "/home"),
                ("AWS_REGION", "us-east-1"),
                ("AWS_ENDPOINT_URL", &url),
            ],
            &[
                ("/home/.aws/config", "[default]\nlogin_session = bench\n"),
                (LOGIN_CACHE, LOGIN_CACHED),
            ],
        );
        async move {
            ProfileCredentials::new(config).load().await.unwrap();
        }
    });
    println!("first resolution (median): IMDS over loopback {imds:.0} µs (three requests), container endpoint {container:.0} µs, profile with static keys {profile:.0} µs, credential_process {process:.0} µs, aws login refresh with its DPoP proof {login:.0} µs");
}
