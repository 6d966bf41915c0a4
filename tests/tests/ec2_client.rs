//! The ec2Query client against a real HTTP server on 127.0.0.1, on a
//! DescribeInstances model written by hand (the EC2 model is not among the
//! shared ones). What the EC2 API reference documents of the wire form is
//! the reference: `POST /` with a form whose keys are capitalized and
//! whose lists are flattened (`Filter.1.Value.1`, `InstanceId.1`), answers
//! in `<DescribeInstancesResponse>` with no result wrapper and lists of
//! `<item>`s, and errors in `<Response><Errors><Error>` with a `RequestID`.
//! The forms are decoded by percent-encoding, apart from the runtime's
//! writer.

use aws_generated::ec2::client::Client as Ec2Client;
use aws_generated::ec2::errors::DescribeInstancesError;
use aws_generated::ec2::types::{DescribeInstancesRequest, Filter, InstanceStateName};
use fixtures_generated::runtime::client::Config;
use fixtures_generated::runtime::credentials::Credentials;
use fixtures_generated::runtime::response::ServiceError;
use integration_tests::loopback::{
    assert_signed_as_aws_sigv4_signs_for, Reply, Server, ACCESS_KEY, SECRET,
};

fn config(server: &Server) -> Config {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .credentials(Credentials::new(ACCESS_KEY, SECRET, None))
        .build()
}

fn xml(status: u16, body: String) -> Reply {
    Reply::bytes(status, "text/xml;charset=UTF-8", body.into_bytes())
}

/// A page of one reservation of one running instance, as the EC2 API
/// reference's example answers.
fn page(instance: &str, next: Option<&str>) -> Reply {
    let next = next.map_or(String::new(), |token| {
        format!("<nextToken>{token}</nextToken>")
    });
    xml(
        200,
        format!(
            r#"<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
    <reservationSet>
        <item>
            <reservationId>r-{instance}</reservationId>
            <ownerId>123456789012</ownerId>
            <groupSet/>
            <instancesSet>
                <item>
                    <instanceId>i-{instance}</instanceId>
                    <imageId>ami-bff32ccc</imageId>
                    <instanceState>
                        <code>16</code>
                        <name>running</name>
                    </instanceState>
                    <instanceType>t2.micro</instanceType>
                    <launchTime>2018-05-08T16:46:19.000Z</launchTime>
                    <tagSet>
                        <item>
                            <key>Name</key>
                            <value>web &amp; api</value>
                        </item>
                    </tagSet>
                </item>
            </instancesSet>
        </item>
    </reservationSet>
    {next}
</DescribeInstancesResponse>"#
        ),
    )
}

#[tokio::test]
async fn describe_instances_sends_flattened_lists_and_reads_two_pages() {
    let server = Server::start(|_, received| {
        let token = received
            .form()
            .into_iter()
            .find(|(key, _)| key == "NextToken")
            .map(|(_, value)| value);
        match token.as_deref() {
            None => page("0123456789abcdef0", Some("page 2/=")),
            Some("page 2/=") => page("0fedcba9876543210", None),
            Some(other) => panic!("unexpected token {other:?}"),
        }
    });
    let client = Ec2Client::new(config(&server));
    let request = DescribeInstancesRequest::builder()
        .filters(vec![Filter::builder()
            .name("instance-state-name")
            .values(vec!["running".to_owned(), "pending".to_owned()])
            .build()])
        .instance_ids(vec![
            "i-0123456789abcdef0".to_owned(),
            "i-0fedcba9876543210".to_owned(),
        ])
        .dry_run(false)
        .max_results(5)
        .build();
    let mut reservations = client.describe_instances_items(request);
    let mut seen = Vec::new();
    while let Some(reservation) = reservations.next().await {
        let reservation = reservation.unwrap();
        assert_eq!(reservation.owner_id.as_deref(), Some("123456789012"));
        let [instance] = reservation.instances.unwrap().try_into().unwrap();
        let state = instance.state.unwrap();
        assert_eq!(state.code, Some(16));
        assert_eq!(state.name, Some(InstanceStateName::Running));
        assert_eq!(instance.instance_type.as_deref(), Some("t2.micro"));
        assert_eq!(instance.launch_time.unwrap().secs(), 1_525_797_979);
        let [tag] = instance.tags.unwrap().try_into().unwrap();
        assert_eq!(
            (tag.key.as_deref(), tag.value.as_deref()),
            (Some("Name"), Some("web & api"))
        );
        seen.push(instance.instance_id.unwrap());
    }
    assert_eq!(seen, ["i-0123456789abcdef0", "i-0fedcba9876543210"]);

    let received = server.received();
    assert_eq!(received.len(), 2);
    let expected = |token: Option<&str>| {
        let mut pairs = vec![
            ("Action", "DescribeInstances"),
            ("Version", "2016-11-15"),
            ("Filter.1.Name", "instance-state-name"),
            ("Filter.1.Value.1", "running"),
            ("Filter.1.Value.2", "pending"),
            ("InstanceId.1", "i-0123456789abcdef0"),
            ("InstanceId.2", "i-0fedcba9876543210"),
            ("DryRun", "false"),
            ("MaxResults", "5"),
        ];
        pairs.extend(token.map(|token| ("NextToken", token)));
        pairs
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value.to_owned()))
            .collect::<Vec<_>>()
    };
    for (request, token) in received.iter().zip([None, Some("page 2/=")]) {
        assert_eq!(request.method, "POST");
        assert_eq!(request.target, "/");
        assert_eq!(
            request.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(request.form(), expected(token));
        assert_signed_as_aws_sigv4_signs_for(&server, request, ("us-east-1", "ec2"));
    }
}

#[tokio::test]
async fn an_ec2_error_gives_its_code_message_and_request_id() {
    let server = Server::start(|_, _| {
        xml(
            400,
            r#"<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID 'i-1a2b3c4d' does not exist</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>"#
                .to_owned(),
        )
    });
    let error = Ec2Client::new(config(&server))
        .describe_instances(
            DescribeInstancesRequest::builder()
                .instance_ids(vec!["i-1a2b3c4d".to_owned()])
                .build(),
        )
        .await
        .unwrap_err();
    let error = error.service_error().expect("the service answered");
    assert!(matches!(error, DescribeInstancesError::Unhandled(_)));
    let meta = error.meta();
    assert_eq!(meta.code(), Some("InvalidInstanceID.NotFound"));
    assert_eq!(
        meta.message(),
        Some("The instance ID 'i-1a2b3c4d' does not exist")
    );
    assert_eq!(meta.request_id(), Some("ea966190-f9aa-478e-9ede-example"));
    assert_eq!(meta.status(), 400);
    // One attempt: the code is not a transient one.
    assert_eq!(server.received().len(), 1);
}
