//! Each credentials provider against a loopback server written on std's
//! sockets: IMDSv2's token flow, the container endpoint's authorization,
//! an unreachable IMDS, a real `credential_process` child, and a role
//! chain of three profiles through STS.

use std::collections::BTreeMap;
use std::time::{Duration, Instant, UNIX_EPOCH};

use integration_tests::loopback::{closed_port_url, Received, Reply, Server};
use smithy_runtime::credentials::providers::{
    ContainerCredentials, ImdsCredentials, Os, ProcessCredentials, ProfileCredentials,
    ProviderConfig,
};
use smithy_runtime::credentials::CredentialsErrorKind;

const DOCUMENT: &str = r#"{"Code":"Success","AccessKeyId":"ASIALOOP","SecretAccessKey":"loop-secret","Token":"loop-token","Expiration":"2099-01-01T00:00:00Z","AccountId":"444455556666"}"#;

fn machine(vars: &[(&str, &str)], files: &[(&str, &str)]) -> ProviderConfig {
    let vars = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let files = files
        .iter()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
        .collect();
    ProviderConfig::new().with_os(Os::fixed(vars, files))
}

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
