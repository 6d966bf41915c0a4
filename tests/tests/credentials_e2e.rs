//! Credentials the way AWS users have them, end to end over loopback: a
//! generated Connect client configured only by `Config::from_env` over a
//! machine whose profile assumes a role from an SSO session. The SSO
//! portal, STS and Connect are one loopback server; every request is
//! checked as it arrives, and the Connect call's signature is held to
//! `aws-sigv4`'s with the role's credentials.

use std::collections::BTreeMap;

use aws_generated::connect::client::Client;
use aws_generated::connect::types::UpdateTrafficDistributionRequest;
use integration_tests::loopback::{rebuilt, Received, Reply, Server};
use integration_tests::{amz_date_time, reference_signature, SignedBy};
use smithy_runtime::client::Config;
use smithy_runtime::credentials::providers::{Os, ProviderConfig};

/// sha1("corp"), the SSO session's name: the token cache's file name
/// (computed apart from the runtime, with Python's hashlib).
const CACHE_FILE: &str = "/home/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";

const CONFIG: &str = "\
[profile sso-base]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Reader

[sso-session corp]
sso_region = us-east-1
sso_start_url = https://corp.awsapps.com/start

[profile connect-admin]
role_arn = arn:aws:iam::111122223333:role/ConnectAdmin
source_profile = sso-base
region = us-west-2
";

const ASSUME_ROLE_RESPONSE: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROAEXAMPLE:session</AssumedRoleId>
      <Arn>arn:aws:sts::111122223333:assumed-role/ConnectAdmin/session</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAROLE</AccessKeyId>
      <SecretAccessKey>role-secret</SecretAccessKey>
      <SessionToken>role-token</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
  </AssumeRoleResult>
</AssumeRoleResponse>"#;

fn answer(received: &Received) -> Reply {
    let path = received.target.split('?').next().unwrap_or_default();
    match (received.method.as_str(), path) {
        ("GET", "/federation/credentials") => {
            assert_eq!(
                received.header("x-amz-sso_bearer_token"),
                Some("sso-access-token")
            );
            assert!(
                received.header("authorization").is_none(),
                "SSO calls are not signed"
            );
            Reply::json(
                200,
                r#"{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"sso-secret","sessionToken":"sso-token","expiration":4070908800000}}"#,
            )
        }
        ("POST", "/") => {
            let form: BTreeMap<String, String> = received.form().into_iter().collect();
            assert_eq!(form["Action"], "AssumeRole");
            assert_eq!(
                form["RoleArn"],
                "arn:aws:iam::111122223333:role/ConnectAdmin"
            );
            // Signed with the SSO role's credentials.
            let authorization = received.header("authorization").unwrap_or_default();
            assert!(
                authorization.contains("Credential=ASIASSO/"),
                "{authorization}"
            );
            assert_eq!(received.header("x-amz-security-token"), Some("sso-token"));
            Reply::bytes(200, "text/xml", ASSUME_ROLE_RESPONSE.as_bytes().to_vec())
        }
        _ => Reply::json(200, "{}"),
    }
}

#[tokio::test]
async fn a_connect_call_signs_with_a_role_assumed_from_sso_configured_by_a_profile() {
    let server = Server::start(|_, received| answer(received));
    let vars = BTreeMap::from([
        ("HOME".to_owned(), "/home".to_owned()),
        ("AWS_PROFILE".to_owned(), "connect-admin".to_owned()),
        ("AWS_ENDPOINT_URL".to_owned(), server.url()),
    ]);
    let files = BTreeMap::from([
        ("/home/.aws/config".to_owned(), CONFIG.as_bytes().to_vec()),
        (
            CACHE_FILE.to_owned(),
            br#"{"accessToken":"sso-access-token","expiresAt":"2099-01-01T00:00:00Z","region":"us-east-1","startUrl":"https://corp.awsapps.com/start"}"#.to_vec(),
        ),
    ]);
    let machine = ProviderConfig::new().with_os(Os::fixed(vars, files));
    let config = Config::from_provider_config(machine).await.unwrap();
    assert_eq!(config.region(), Some("us-west-2"));
    let client = Client::new(config);
    let input = UpdateTrafficDistributionRequest::builder()
        .id("arn:aws:connect:us-west-2:111122223333:traffic-distribution-group/example")
        .build();
    client
        .update_traffic_distribution(input.clone())
        .await
        .unwrap();
    // The credentials are cached: a second call fetches nothing.
    client.update_traffic_distribution(input).await.unwrap();

    let received = server.received();
    let paths: Vec<(&str, &str)> = received
        .iter()
        .map(|r| {
            (
                r.method.as_str(),
                r.target.split('?').next().unwrap_or_default(),
            )
        })
        .collect();
    let connect_path = "/traffic-distribution/arn%3Aaws%3Aconnect%3Aus-west-2%3A111122223333%3Atraffic-distribution-group%2Fexample";
    assert_eq!(
        paths,
        [
            ("GET", "/federation/credentials"),
            ("POST", "/"),
            ("PUT", connect_path),
            ("PUT", connect_path),
        ]
    );
    assert!(received[0].target.contains("account_id=111122223333"));
    assert!(received[0].target.contains("role_name=Reader"));
    for call in &received[2..] {
        assert_eq!(call.header("x-amz-security-token"), Some("role-token"));
        assert_signed_with_role(&server, call);
    }
}

fn assert_signed_with_role(server: &Server, received: &Received) {
    let request = rebuilt(server, received);
    let by = SignedBy {
        access_key_id: "ASIAROLE",
        secret: "role-secret",
        session_token: Some("role-token"),
        scope: ("us-west-2", "connect"),
        time: amz_date_time(received.header("x-amz-date").expect("an X-Amz-Date header")),
        s3: false,
    };
    let expected = reference_signature(&request, &by);
    assert_eq!(
        received.header("authorization"),
        Some(expected["authorization"].as_str())
    );
}
