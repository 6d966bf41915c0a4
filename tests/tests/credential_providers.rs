//! Each credentials provider against a loopback server written on std's
//! sockets: IMDSv2's token flow, the container endpoint's authorization,
//! an unreachable IMDS, a real `credential_process` child, and a role
//! chain of three profiles through STS, SSO token refresh, and an `aws
//! login` session refreshed through Sign-In with a DPoP proof.

use std::collections::BTreeMap;
use std::time::{Duration, Instant, UNIX_EPOCH};

use integration_tests::loopback::{closed_port_url, Received, Reply, Server};
use integration_tests::machine::machine;
use smithy_runtime::credentials::providers::{
    ContainerCredentials, ImdsCredentials, ProcessCredentials, ProfileCredentials, ProviderConfig,
};
use smithy_runtime::credentials::CredentialsErrorKind;

const DOCUMENT: &str = r#"{"Code":"Success","AccessKeyId":"ASIALOOP","SecretAccessKey":"loop-secret","Token":"loop-token","Expiration":"2099-01-01T00:00:00Z","AccountId":"444455556666"}"#;

#[tokio::test]
async fn imds_fetches_a_token_then_the_role_then_its_credentials() {
    let server = Server::start(|_, received: &Received| match received.target.as_str() {
        "/latest/api/token" => {
            assert_eq!(received.method, "PUT");
            assert_eq!(
                received.header("x-aws-ec2-metadata-token-ttl-seconds"),
                Some("21600")
            );
            Reply::bytes(200, "text/plain", b"session-token".to_vec())
        }
        path => {
            assert_eq!(
                received.header("x-aws-ec2-metadata-token"),
                Some("session-token")
            );
            match path {
                "/latest/meta-data/iam/security-credentials/" => {
                    Reply::bytes(200, "text/plain", b"instance-role\n".to_vec())
                }
                "/latest/meta-data/iam/security-credentials/instance-role" => {
                    Reply::json(200, DOCUMENT)
                }
                _ => Reply::json(404, "{}"),
            }
        }
    });
    let config = machine(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &server.url())], &[]);
    let credentials = ImdsCredentials::new(config).load().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIALOOP");
    assert_eq!(credentials.session_token(), Some("loop-token"));
    assert_eq!(credentials.account_id(), Some("444455556666"));
    assert_eq!(
        credentials.expiry(),
        Some(UNIX_EPOCH + Duration::from_secs(4_070_908_800))
    );
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn an_unreachable_imds_is_an_error_naming_it_within_its_timeouts() {
    let url = closed_port_url();
    let config = machine(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &url)], &[]);
    let started = Instant::now();
    let error = ImdsCredentials::new(config).load().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10));
    // Off EC2 there is no IMDS: the default chain goes on past it.
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
    assert!(
        error
            .to_string()
            .contains(&format!("IMDS at {url} is unreachable")),
        "{error}"
    );
    let disabled = machine(&[("AWS_EC2_METADATA_DISABLED", "true")], &[]);
    let error = ImdsCredentials::new(disabled).load().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
    assert!(
        error.to_string().contains("AWS_EC2_METADATA_DISABLED"),
        "{error}"
    );
}

#[tokio::test]
async fn the_container_endpoint_gets_the_token_from_its_file() {
    let server = Server::start(|_, received: &Received| {
        assert_eq!(received.target, "/v1/credentials");
        assert_eq!(received.header("authorization"), Some("pod-identity-token"));
        Reply::json(200, DOCUMENT)
    });
    let uri = format!("{}/v1/credentials", server.url());
    let config = machine(
        &[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/var/run/token"),
            (
                "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                "ignored-when-the-file-is-set",
            ),
        ],
        &[("/var/run/token", "pod-identity-token\n")],
    );
    let credentials = ContainerCredentials::new(config).load().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIALOOP");
    // Plain HTTP to a host that is not loopback is refused before sending.
    let remote = machine(
        &[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://192.0.2.7/creds",
        )],
        &[],
    );
    let error = ContainerCredentials::new(remote).load().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::InvalidConfiguration);
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process_runs_a_real_child_and_reads_its_output() {
    let command = r#"printf '%s' '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "proc-secret", "SessionToken": "proc-token", "Expiration": "2099-01-01T00:00:00+02:00"}'"#;
    let credentials = ProcessCredentials::new(command, Some("777788889999".into()))
        .load()
        .await
        .unwrap();
    assert_eq!(credentials.access_key_id(), "AKIDPROC");
    assert_eq!(credentials.account_id(), Some("777788889999"));
    // 2099-01-01T00:00:00+02:00 is two hours before midnight UTC.
    assert_eq!(
        credentials.expiry(),
        Some(UNIX_EPOCH + Duration::from_secs(4_070_908_800 - 7_200))
    );
    let failing = ProcessCredentials::new("echo oops >&2; exit 3", None);
    let error = failing.load().await.unwrap_err();
    assert!(error.to_string().contains("exit status: 3"), "{error}");
    let wrong_version = ProcessCredentials::new(r#"echo '{"Version": 2}'"#, None);
    assert!(wrong_version
        .load()
        .await
        .unwrap_err()
        .to_string()
        .contains("Version: 1"));
}

#[tokio::test]
async fn a_role_chain_of_three_profiles_assumes_each_role_with_the_last_credentials() {
    let server = Server::start(|_, received: &Received| {
        let form: BTreeMap<String, String> = received.form().into_iter().collect();
        let (signer, next) = match form["RoleArn"].as_str() {
            "arn:aws:iam::111122223333:role/Middle" => ("AKIDBASE", "ASIAMIDDLE"),
            "arn:aws:iam::111122223333:role/Top" => ("ASIAMIDDLE", "ASIATOP"),
            other => panic!("an unexpected role {other}"),
        };
        let authorization = received.header("authorization").unwrap_or_default();
        assert!(
            authorization.contains(&format!("Credential={signer}/")),
            "{authorization}"
        );
        let body = format!(
            "<AssumeRoleResponse><AssumeRoleResult><AssumedRoleUser><AssumedRoleId>x</AssumedRoleId>\
             <Arn>arn:aws:sts::111122223333:assumed-role/r/s</Arn></AssumedRoleUser><Credentials>\
             <AccessKeyId>{next}</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>\
             <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"
        );
        Reply::bytes(200, "text/xml", body.into_bytes())
    });
    let config_file = "\
[profile top]
role_arn = arn:aws:iam::111122223333:role/Top
source_profile = middle
[profile middle]
role_arn = arn:aws:iam::111122223333:role/Middle
source_profile = base
external_id = shared-secret-id
";
    let credentials_file =
        "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n";
    let config = machine(
        &[
            ("HOME", "/home"),
            ("AWS_PROFILE", "top"),
            ("AWS_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL_STS", &server.url()),
        ],
        &[
            ("/home/.aws/config", config_file),
            ("/home/.aws/credentials", credentials_file),
        ],
    );
    let credentials = ProfileCredentials::new(config).load().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIATOP");
    assert_eq!(credentials.account_id(), Some("111122223333"));
    let received = server.received();
    assert_eq!(received.len(), 2);
    let first: BTreeMap<String, String> = received[0].form().into_iter().collect();
    assert_eq!(
        first.get("ExternalId").map(String::as_str),
        Some("shared-secret-id")
    );
}

const SSO_CONFIG: &str = "\
[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Reader
[sso-session corp]
sso_region = us-east-1
sso_start_url = https://corp.awsapps.com/start
";

/// sha1("corp"), computed apart from the runtime (Python's hashlib).
const SSO_CACHE: &str = "/home/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";

fn sso_machine(server: &Server, cache: &str) -> ProviderConfig {
    machine(
        &[
            ("HOME", "/home"),
            ("AWS_PROFILE", "dev"),
            ("AWS_ENDPOINT_URL", &server.url()),
        ],
        &[("/home/.aws/config", SSO_CONFIG), (SSO_CACHE, cache)],
    )
}

#[tokio::test]
async fn an_sso_token_near_its_expiry_is_refreshed_and_written_back() {
    let server = Server::start(|_, received: &Received| {
        match (
            received.method.as_str(),
            received.target.split('?').next().unwrap(),
        ) {
            ("POST", "/token") => {
                let body: serde_json::Value = serde_json::from_slice(&received.body).unwrap();
                assert_eq!(body["grantType"], "refresh_token");
                assert_eq!(body["refreshToken"], "refresh-1");
                assert_eq!(body["clientId"], "client-1");
                Reply::json(
                    200,
                    r#"{"accessToken":"fresh-token","expiresIn":28800,"refreshToken":"refresh-2","tokenType":"Bearer"}"#,
                )
            }
            ("GET", "/federation/credentials") => {
                assert_eq!(
                    received.header("x-amz-sso_bearer_token"),
                    Some("fresh-token")
                );
                Reply::json(
                    200,
                    r#"{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"s","sessionToken":"t","expiration":4070908800000}}"#,
                )
            }
            other => panic!("an unexpected request {other:?}"),
        }
    });
    // The token still works for a minute: inside the refresh window.
    let expires =
        smithy_runtime::Timestamp::from(std::time::SystemTime::now() + Duration::from_secs(60))
            .format(smithy_runtime::TimestampFormat::DateTime);
    let cache = format!(
        r#"{{"accessToken":"old-token","expiresAt":"{expires}","refreshToken":"refresh-1","clientId":"client-1","clientSecret":"secret-1","region":"us-east-1","startUrl":"https://corp.awsapps.com/start"}}"#
    );
    let config = sso_machine(&server, &cache);
    let credentials = ProfileCredentials::new(config.clone())
        .load()
        .await
        .unwrap();
    assert_eq!(credentials.access_key_id(), "ASIASSO");
    assert_eq!(credentials.account_id(), Some("111122223333"));
    let written: serde_json::Value =
        serde_json::from_str(&config.os().read_text(SSO_CACHE).unwrap().unwrap()).unwrap();
    assert_eq!(written["accessToken"], "fresh-token");
    assert_eq!(written["refreshToken"], "refresh-2");
    assert_eq!(written["clientSecret"], "secret-1");
    assert_eq!(written["startUrl"], "https://corp.awsapps.com/start");
}

#[tokio::test]
async fn an_expired_sso_token_without_a_refresh_says_to_sign_in_again() {
    let server = Server::start(|_, _| Reply::json(500, "{}"));
    let cache = r#"{"accessToken":"old-token","expiresAt":"2020-01-01T00:00:00Z"}"#;
    let error = ProfileCredentials::new(sso_machine(&server, cache))
        .load()
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("aws sso login --sso-session corp"),
        "{message}"
    );
    assert!(message.contains(SSO_CACHE), "{message}");
    assert!(
        message.contains("expired at 2020-01-01T00:00:00Z"),
        "{message}"
    );
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn with_no_source_the_chain_says_where_it_looked() {
    let url = closed_port_url();
    let config = machine(
        &[
            ("HOME", "/home"),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &url),
        ],
        &[],
    );
    let error = smithy_runtime::credentials::providers::DefaultChain::new(config)
        .load()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
    let message = error.to_string();
    for looked_for in [
        "AWS_ACCESS_KEY_ID",
        "profile `default`",
        "`/home/.aws/config`",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "IMDS at",
    ] {
        assert!(message.contains(looked_for), "{looked_for} in {message}");
    }
}

const LOGIN_CONFIG: &str = "\
[profile dev]
login_session = arn:aws:sts::111122223333:assumed-role/Admin/me
region = us-west-2
";

/// sha256 of the session ARN, computed apart from the runtime (Python's
/// hashlib).
const LOGIN_CACHE: &str =
    "/home/.aws/login/cache/46f66c2f31010ce9cc081bfd94060fab8ad70f51b5ef005c364d71f1294360ad.json";

/// A P-256 key made with `openssl ecparam -name prime256v1 -genkey`, in
/// PKCS#8 (`openssl pkcs8 -topk8 -nocrypt`).
const DPOP_KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgfGP07lGzxZbHGHla\n7pOBSOjGumLr/uWJmyZ2OHTS22GhRANCAAR46KWI3uT9itGZFezk8O1BzZ+62p1q\nNKlJoW5zftg5EUAiWe6O3v8AxiM6wNBNPD/iiSnuwvrGnO62EH1lQ5XD\n-----END PRIVATE KEY-----\n";

/// The key's public point, as `openssl ec -text` printed it.
const DPOP_POINT: &str = "0478e8a588dee4fd8ad19915ece4f0ed41cd9fbada9d6a34a949a16e737ed83911402259ee8edeff00c6233ac0d04d3c3fe28929eec2fac69ceeb6107d654395c3";

fn login_machine(server: &Server, expires_in: Duration) -> ProviderConfig {
    let expires = smithy_runtime::Timestamp::from(std::time::SystemTime::now() + expires_in)
        .format(smithy_runtime::TimestampFormat::DateTime);
    let cache = serde_json::json!({
        "accessToken": {
            "accessKeyId": "ASIAOLD", "secretAccessKey": "old-secret",
            "sessionToken": "old-token", "accountId": "111122223333", "expiresAt": expires,
        },
        "clientId": "arn:aws:signin:::devtools/same-device",
        "refreshToken": "refresh-1",
        "idToken": "id-token",
        "dpopKey": DPOP_KEY,
    })
    .to_string();
    machine(
        &[
            ("HOME", "/home"),
            ("AWS_PROFILE", "dev"),
            ("AWS_ENDPOINT_URL_SIGNIN", &server.url()),
        ],
        &[("/home/.aws/config", LOGIN_CONFIG), (LOGIN_CACHE, &cache)],
    )
}

/// The claims of a DPoP proof whose signature p256 (not ring, which made
/// it) verifies with the key the cache holds.
fn verified_claims(proof: &str) -> serde_json::Value {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use p256::ecdsa::signature::Verifier;
    let (signed, signature) = proof.rsplit_once('.').unwrap();
    let point: Vec<u8> = (0..DPOP_POINT.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&DPOP_POINT[i..i + 2], 16).unwrap())
        .collect();
    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).unwrap();
    let signature =
        p256::ecdsa::Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature).unwrap()).unwrap();
    key.verify(signed.as_bytes(), &signature)
        .expect("the proof verifies with the cached key");
    let (header, claims) = signed.split_once('.').unwrap();
    let header: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap();
    assert_eq!(header["typ"], "dpop+jwt");
    assert_eq!(header["alg"], "ES256");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).unwrap()).unwrap()
}

#[tokio::test]
async fn a_login_session_near_its_expiry_is_refreshed_with_a_dpop_proof_and_written_back() {
    let server = Server::start(|_, received: &Received| {
        assert_eq!(
            (received.method.as_str(), received.target.as_str()),
            ("POST", "/v1/token")
        );
        let body: serde_json::Value = serde_json::from_slice(&received.body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "clientId": "arn:aws:signin:::devtools/same-device",
                "grantType": "refresh_token",
                "refreshToken": "refresh-1",
            })
        );
        assert_eq!(
            received.header("authorization"),
            None,
            "the call is unsigned"
        );
        Reply::json(
            200,
            r#"{"accessToken":{"accessKeyId":"ASIANEW","secretAccessKey":"new-secret","sessionToken":"new-token"},"tokenType":"aws_sigv4","expiresIn":900,"refreshToken":"refresh-2"}"#,
        )
    });
    // The credentials still work for a minute: inside the refresh window.
    let config = login_machine(&server, Duration::from_secs(60));
    let before = std::time::SystemTime::now();
    let credentials = ProfileCredentials::new(config.clone())
        .load()
        .await
        .unwrap();
    assert_eq!(credentials.access_key_id(), "ASIANEW");
    assert_eq!(credentials.secret_access_key(), "new-secret");
    assert_eq!(credentials.session_token(), Some("new-token"));
    assert_eq!(credentials.account_id(), Some("111122223333"));
    let lifetime = credentials
        .expiry()
        .unwrap()
        .duration_since(before)
        .unwrap();
    assert!((895..=905).contains(&lifetime.as_secs()), "{lifetime:?}");

    let received = server.received();
    let claims = verified_claims(received[0].header("dpop").expect("a DPoP header"));
    assert_eq!(claims["htm"], "POST");
    assert_eq!(claims["htu"], format!("{}/v1/token", server.url()));
    let issued = claims["iat"].as_u64().unwrap();
    let now = before.duration_since(UNIX_EPOCH).unwrap().as_secs();
    assert!(issued.abs_diff(now) < 5, "iat {issued}, now {now}");

    let written: serde_json::Value =
        serde_json::from_str(&config.os().read_text(LOGIN_CACHE).unwrap().unwrap()).unwrap();
    assert_eq!(written["accessToken"]["accessKeyId"], "ASIANEW");
    assert_eq!(written["accessToken"]["accountId"], "111122223333");
    assert_eq!(written["refreshToken"], "refresh-2");
    assert_eq!(written["dpopKey"], DPOP_KEY);
    assert_eq!(written["idToken"], "id-token");

    // The next process starts from the written cache: no second call.
    let again = ProfileCredentials::new(config).load().await.unwrap();
    assert_eq!(again.access_key_id(), "ASIANEW");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_failed_login_refresh_keeps_working_credentials_and_otherwise_says_to_sign_in() {
    let server = Server::start(|_, _| Reply::json(400, r#"{"error":"TOKEN_EXPIRED"}"#));
    let still_good = ProfileCredentials::new(login_machine(&server, Duration::from_secs(60)))
        .load()
        .await
        .unwrap();
    assert_eq!(still_good.access_key_id(), "ASIAOLD");

    let expired = login_machine(&server, Duration::ZERO).with_clock(
        smithy_runtime::credentials::Clock::fixed(
            std::time::SystemTime::now() + Duration::from_secs(60),
        ),
    );
    let error = ProfileCredentials::new(expired).load().await.unwrap_err();
    let message = error.to_string();
    for named in ["aws login", LOGIN_CACHE, "profile `dev`"] {
        assert!(message.contains(named), "{message} should name {named}");
    }
    assert!(!message.contains("old-secret") && !message.contains("refresh-1"));
}
