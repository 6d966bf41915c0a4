//! The clients of the awsQuery protocol against a real HTTP server on
//! 127.0.0.1: STS and IAM. What the services document of their wire form
//! is the reference: `POST /` with a form naming the `Action` and the
//! `Version`, lists as `member.N` keys, answers wrapped in
//! `<{Operation}Response><{Operation}Result>`, and errors in
//! `<ErrorResponse><Error>` known by their awsQuery codes. The forms are
//! decoded by percent-encoding, apart from the runtime's writer.

use aws_generated::iam::client::Client as IamClient;
use aws_generated::iam::types::ListUsersRequest;
use fixtures_generated::runtime::client::Config;
use fixtures_generated::runtime::credentials::Credentials;
use fixtures_generated::runtime::response::ServiceError;
use integration_tests::loopback::{
    assert_signed_as_aws_sigv4_signs_for, Received, Reply, Server, ACCESS_KEY, SECRET,
};
use smithy_runtime::services::sts::client::Client as StsClient;
use smithy_runtime::services::sts::errors::AssumeRoleError;
use smithy_runtime::services::sts::types::{AssumeRoleRequest, PolicyDescriptorType, Tag};

fn config(server: &Server) -> Config {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .credentials(Credentials::new(ACCESS_KEY, SECRET, None))
        .build()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect()
}

/// Every awsQuery request: `POST /` with a form, signed as `aws-sigv4`
/// signs for the service.
fn assert_query_call(server: &Server, received: &Received, service: &str) {
    assert_eq!(received.method, "POST");
    assert_eq!(received.target, "/");
    assert_eq!(
        received.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_signed_as_aws_sigv4_signs_for(server, received, ("us-east-1", service));
}

fn xml(status: u16, body: &str) -> Reply {
    Reply::bytes(status, "text/xml", body.as_bytes().to_vec())
}

#[tokio::test]
async fn sts_assumes_a_role() {
    let server = Server::start(|_, _| {
        xml(
            200,
            r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/Bob</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:Bob</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764&amp;token</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>"#,
        )
    });
    let client = StsClient::new(config(&server));
    let request = AssumeRoleRequest::builder()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("Bob")
        .duration_seconds(3600)
        .policy_arns(vec![PolicyDescriptorType::builder()
            .arn("arn:aws:iam::123456789012:policy/demopolicy1")
            .build()])
        .tags(vec![
            Tag::builder()
                .key("Project")
                .value("Unicorn")
                .build()
                .unwrap(),
            Tag::builder()
                .key("Team")
                .value("Automation")
                .build()
                .unwrap(),
        ])
        .transitive_tag_keys(vec!["Project".to_owned()])
        .source_identity("Alice")
        .build();
    let output = client.assume_role(request).await.unwrap();
    let credentials = output.credentials.expect("credentials");
    assert_eq!(credentials.access_key_id, "ASIAIOSFODNN7EXAMPLE");
    assert_eq!(
        credentials.secret_access_key,
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
    );
    assert_eq!(
        credentials.session_token,
        "AQoDYXdzEPT//////////wEXAMPLEtc764&token"
    );
    // 2019-11-09T13:34:41Z.
    assert_eq!(credentials.expiration.secs(), 1_573_306_481);
    let user = output.assumed_role_user.expect("the user");
    assert_eq!(user.arn, "arn:aws:sts::123456789012:assumed-role/demo/Bob");
    assert_eq!(user.assumed_role_id, "ARO123EXAMPLE123:Bob");
    assert_eq!(output.packed_policy_size, Some(6));
    assert_eq!(output.source_identity.as_deref(), Some("Alice"));

    let [received] = server.received().try_into().unwrap();
    assert_query_call(&server, &received, "sts");
    assert_eq!(
        received.form(),
        pairs(&[
            ("Action", "AssumeRole"),
            ("Version", "2011-06-15"),
            ("RoleArn", "arn:aws:iam::123456789012:role/demo"),
            ("RoleSessionName", "Bob"),
            (
                "PolicyArns.member.1.arn",
                "arn:aws:iam::123456789012:policy/demopolicy1"
            ),
            ("DurationSeconds", "3600"),
            ("Tags.member.1.Key", "Project"),
            ("Tags.member.1.Value", "Unicorn"),
            ("Tags.member.2.Key", "Team"),
            ("Tags.member.2.Value", "Automation"),
            ("TransitiveTagKeys.member.1", "Project"),
            ("SourceIdentity", "Alice"),
        ])
    );
}

/// An error is known by its awsQuery code (`MalformedPolicyDocument`),
/// not by its shape's name, and keeps its type and request id.
#[tokio::test]
async fn sts_errors_are_typed_by_their_query_code() {
    let server = Server::start(|_, _| {
        xml(
            400,
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n\
               <Error><Type>Sender</Type><Code>MalformedPolicyDocument</Code>\
               <Message>The policy is not valid JSON.</Message></Error>\n\
               <RequestId>8e9c1c4a-demo</RequestId>\n\
             </ErrorResponse>",
        )
    });
    let client = StsClient::new(config(&server));
    let request = AssumeRoleRequest::builder()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("Bob")
        .policy("{not json")
        .build();
    let error = client.assume_role(request).await.unwrap_err();
    let Some(AssumeRoleError::MalformedPolicyDocumentException(modeled)) = error.service_error()
    else {
        panic!("not the modelled error: {error:?}");
    };
    assert_eq!(
        modeled.error().message.as_deref(),
        Some("The policy is not valid JSON.")
    );
    let meta = error.service_error().unwrap().meta();
    assert_eq!(meta.code(), Some("MalformedPolicyDocument"));
    assert_eq!(meta.fault(), Some("Sender"));
    assert_eq!(meta.request_id(), Some("8e9c1c4a-demo"));
    assert_eq!(meta.status(), 400);
}

/// A `ListUsers` answer of `users`, truncated with `marker` when there is
/// one.
fn users_page(users: &[&str], marker: Option<&str>) -> Reply {
    let members: String = users
        .iter()
        .map(|name| {
            format!(
                "<member><Path>/</Path><UserName>{name}</UserName><UserId>AID{name}</UserId>\
                 <Arn>arn:aws:iam::123456789012:user/{name}</Arn>\
                 <CreateDate>2012-09-05T19:38:48Z</CreateDate></member>"
            )
        })
        .collect();
    let marker = marker.map_or(String::new(), |marker| format!("<Marker>{marker}</Marker>"));
    xml(
        200,
        &format!(
            "<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
             <ListUsersResult><Users>{members}</Users>\
             <IsTruncated>{}</IsTruncated>{marker}</ListUsersResult>\
             <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListUsersResponse>",
            !marker.is_empty()
        ),
    )
}

#[tokio::test]
async fn iam_lists_users_over_three_pages() {
    let server = Server::start(|_, received| {
        let form = received.form();
        let marker = form
            .iter()
            .find(|(key, _)| key == "Marker")
            .map(|(_, value)| value.as_str());
        match marker {
            None => users_page(&["Ana", "Ben"], Some("page 2/=")),
            Some("page 2/=") => users_page(&["Cai", "Dee"], Some("page3")),
            Some("page3") => users_page(&["Eve"], None),
            Some(other) => panic!("unexpected marker {other:?}"),
        }
    });
    let client = IamClient::new(config(&server));
    let request = ListUsersRequest::builder()
        .path_prefix("/")
        .max_items(2)
        .build();
    let mut names = Vec::new();
    let mut users = client.list_users_items(request);
    while let Some(user) = users.next().await {
        let user = user.unwrap();
        assert_eq!(user.create_date.secs(), 1_346_873_928);
        names.push(user.user_name);
    }
    assert_eq!(names, ["Ana", "Ben", "Cai", "Dee", "Eve"]);

    let received = server.received();
    assert_eq!(received.len(), 3);
    for request in &received {
        assert_query_call(&server, request, "iam");
    }
    let common = [
        ("Action", "ListUsers"),
        ("Version", "2010-05-08"),
        ("PathPrefix", "/"),
    ];
    let with_marker = |marker: Option<&str>| {
        let mut expected = pairs(&common);
        if let Some(marker) = marker {
            expected.push(("Marker".to_owned(), marker.to_owned()));
        }
        expected.push(("MaxItems".to_owned(), "2".to_owned()));
        expected
    };
    assert_eq!(received[0].form(), with_marker(None));
    assert_eq!(received[1].form(), with_marker(Some("page 2/=")));
    assert_eq!(received[2].form(), with_marker(Some("page3")));
}
