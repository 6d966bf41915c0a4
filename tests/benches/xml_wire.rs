//! The XML protocols on the wire, each beside a serde crate doing the same
//! work on the same data:
//!
//! - an STS `AssumeRole` request whose form holds nested lists (20 policy
//!   ARNs, 20 tags, 20 transitive tag keys), against serde_urlencoded
//!   encoding the same pairs (which it is handed already flat, so the
//!   baseline does less: no walk of the structure, no keys to build);
//! - the parse of an IAM `ListUsers` answer of 100 users, against
//!   quick-xml's serde deserializer into structs that mirror the XML
//!   (`Users/member`) with the same fields;
//! - the parse of an S3 `ListObjectsV2` answer of 1,000 keys (restXml),
//!   against quick-xml's serde the same way.
//!
//! `cargo bench -p integration-tests --bench xml_wire`

use std::hint::black_box;

use aws_generated::iam::operations::ListUsers;
use aws_generated::iam::types::{ListUsersResponse, User};
use aws_generated::runtime::query::{WriteQuery, Writer};
use aws_generated::runtime::{Operation, Timestamp};
use aws_generated::s3::operations::ListObjectsV2;
use integration_tests::bench::{report, time, time_calls};
use serde::Deserialize;
use smithy_runtime::services::sts::operations::AssumeRole;
use smithy_runtime::services::sts::types::{AssumeRoleRequest, PolicyDescriptorType, Tag};

fn assume_role_input() -> AssumeRoleRequest {
    AssumeRoleRequest::builder()
        .role_arn("arn:aws:iam::123456789012:role/deploy")
        .role_session_name("pipeline-run-4711")
        .duration_seconds(3600)
        .policy_arns(
            (0..20)
                .map(|i| {
                    PolicyDescriptorType::builder()
                        .arn(format!("arn:aws:iam::123456789012:policy/team/p{i}"))
                        .build()
                })
                .collect::<Vec<_>>(),
        )
        .tags(
            (0..20)
                .map(|i| {
                    Tag::builder()
                        .key(format!("tag-key-{i}"))
                        .value(format!("value {i}: a/b=c"))
                        .build()
                        .unwrap()
                })
                .collect::<Vec<_>>(),
        )
        .transitive_tag_keys((0..20).map(|i| format!("tag-key-{i}")).collect::<Vec<_>>())
        .build()
}

/// The pairs of the form, as the protocol spells them: what the baseline
/// encodes.
fn flat_pairs(input: &AssumeRoleRequest) -> Vec<(String, String)> {
    let mut pairs = vec![
        ("Action".to_owned(), "AssumeRole".to_owned()),
        ("Version".to_owned(), "2011-06-15".to_owned()),
        ("RoleArn".to_owned(), input.role_arn.clone().unwrap()),
        (
            "RoleSessionName".to_owned(),
            input.role_session_name.clone().unwrap(),
        ),
    ];
    for (i, policy) in input.policy_arns.iter().flatten().enumerate() {
        pairs.push((
            format!("PolicyArns.member.{}.arn", i + 1),
            policy.arn.clone().unwrap(),
        ));
    }
    pairs.push(("DurationSeconds".to_owned(), "3600".to_owned()));
    for (i, tag) in input.tags.iter().flatten().enumerate() {
        pairs.push((format!("Tags.member.{}.Key", i + 1), tag.key.clone()));
        pairs.push((format!("Tags.member.{}.Value", i + 1), tag.value.clone()));
    }
    for (i, key) in input.transitive_tag_keys.iter().flatten().enumerate() {
        pairs.push((format!("TransitiveTagKeys.member.{}", i + 1), key.clone()));
    }
    pairs
}

fn request() {
    let input = assume_role_input();
    let pairs = flat_pairs(&input);
    let form = |input: &AssumeRoleRequest| {
        let mut writer = Writer::aws_query("AssumeRole", "2011-06-15");
        input.write_query(&mut writer);
        let mut out = Vec::with_capacity(4096);
        writer.finish_into(&mut out).unwrap();
        out
    };
    // Both say the same thing, whatever each percent-encodes.
    let ours = String::from_utf8(form(&input)).unwrap();
    let decoded: Vec<(String, String)> = serde_urlencoded::from_str(&ours).unwrap();
    assert_eq!(decoded, pairs);
    let generated = time(|| {
        black_box(AssumeRole::serialize_request(black_box(&input)).unwrap());
    });
    let baseline = time(|| {
        black_box(serde_urlencoded::to_string(black_box(&pairs)).unwrap());
    });
    report(
        "serialize AssumeRole (3 lists of 20), awsQuery against serde_urlencoded of the flat pairs",
        generated,
        baseline,
    );
    let written = time(|| {
        black_box(form(black_box(&input)));
    });
    report("  its form alone, WriteQuery", written, baseline);
}

/// The XML as quick-xml's serde reads it: a list is an element holding
/// `member` elements.
#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListUsersResultXml {
    users: MembersXml,
    is_truncated: bool,
    marker: Option<String>,
}

#[derive(Deserialize)]
struct MembersXml {
    #[serde(default)]
    member: Vec<UserXml>,
}

// Every field is read, by serde; the bench only keeps the values.
#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UserXml {
    path: String,
    user_name: String,
    user_id: String,
    arn: String,
    create_date: String,
    password_last_used: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListUsersResponseXml {
    list_users_result: ListUsersResultXml,
}

fn response() {
    let users: String = (0..100)
        .map(|i| {
            format!(
                "<member><Path>/division_abc/subdivision_xyz/</Path><UserName>user-{i}</UserName>\
                 <UserId>AIDACKCEVSQ6C2EXAMPLE{i}</UserId>\
                 <Arn>arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/user-{i}</Arn>\
                 <CreateDate>2012-09-05T19:38:48Z</CreateDate>\
                 <PasswordLastUsed>2014-09-08T21:47:36Z</PasswordLastUsed></member>"
            )
        })
        .collect();
    let body = format!(
        "<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
         <ListUsersResult><Users>{users}</Users><IsTruncated>true</IsTruncated>\
         <Marker>next</Marker></ListUsersResult>\
         <ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>\
         </ResponseMetadata></ListUsersResponse>"
    );
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "text/xml")
        .body(body.clone().into_bytes())
        .unwrap();
    let parsed: ListUsersResponse = ListUsers::parse_response(&response).unwrap();
    assert_eq!(parsed.users.len(), 100);
    let user: &User = &parsed.users[99];
    assert_eq!(user.user_name, "user-99");
    assert_eq!(
        user.password_last_used,
        Some(Timestamp::from_secs_and_nanos(1_410_212_856, 0))
    );
    let theirs: ListUsersResponseXml = quick_xml::de::from_str(&body).unwrap();
    assert_eq!(theirs.list_users_result.users.member.len(), 100);
    assert!(theirs.list_users_result.is_truncated);
    let generated = time_calls(2_000, || {
        black_box(ListUsers::parse_response(black_box(&response)).unwrap());
    });
    // The baseline leaves dates as text: parsing them is work the
    // generated reader does and it does not.
    let baseline = time_calls(2_000, || {
        black_box(quick_xml::de::from_str::<ListUsersResponseXml>(black_box(&body)).unwrap());
    });
    report(
        "parse a ListUsers answer (100 users), awsQuery against quick-xml's serde",
        generated,
        baseline,
    );
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListBucketResultXml {
    name: String,
    prefix: String,
    key_count: i32,
    max_keys: i32,
    is_truncated: bool,
    next_continuation_token: Option<String>,
    #[serde(default)]
    contents: Vec<ObjectXml>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ObjectXml {
    key: String,
    last_modified: String,
    #[serde(rename = "ETag")]
    e_tag: String,
    size: i64,
    storage_class: String,
}

fn list_objects() {
    let contents: String = (0..1000)
        .map(|i| {
            format!(
                "<Contents><Key>photos/2006/January/sample-{i:04}.jpg</Key>\
                 <LastModified>2009-10-12T17:50:30.000Z</LastModified>\
                 <ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag><Size>{}</Size>\
                 <StorageClass>STANDARD</StorageClass></Contents>",
                434_234 + i
            )
        })
        .collect();
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
         <Name>examplebucket</Name><Prefix>photos/</Prefix><KeyCount>1000</KeyCount>\
         <MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>{contents}\
         <NextContinuationToken>1ueGcxLPRx1Tr</NextContinuationToken></ListBucketResult>"
    );
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "application/xml")
        .body(body.clone().into_bytes())
        .unwrap();
    let parsed = ListObjectsV2::parse_response(&response).unwrap();
    let objects = parsed.contents.as_deref().unwrap_or_default();
    assert_eq!(objects.len(), 1000);
    assert_eq!(objects[999].size, Some(434_234 + 999));
    assert_eq!(
        objects[0].e_tag.as_deref(),
        Some("\"fba9dede5f27731c9771645a39863328\"")
    );
    let theirs: ListBucketResultXml = quick_xml::de::from_str(&body).unwrap();
    assert_eq!(theirs.contents.len(), 1000);
    let generated = time_calls(200, || {
        black_box(ListObjectsV2::parse_response(black_box(&response)).unwrap());
    });
    let baseline = time_calls(200, || {
        black_box(quick_xml::de::from_str::<ListBucketResultXml>(black_box(&body)).unwrap());
    });
    report(
        "parse a ListObjectsV2 answer (1,000 keys), restXml against quick-xml's serde",
        generated,
        baseline,
    );
}

fn main() {
    request();
    response();
    list_objects();
}
