//! `parse_response` of whole HTTP responses: a status, headers and a body
//! taken from the input, read by the generated operations of Connect and
//! Chime SDK Voice (restJson1), DynamoDB and SQS (awsJson1_0), CloudWatch
//! (rpcv2Cbor), STS and IAM (awsQuery, XML), S3 (restXml) and the fixtures
//! into an output or a typed error.
//!
//! The input is: one byte choosing the operation, two for the status, then
//! lines `name: value` up to an empty line, then the body.

#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_runtime::Operation;

fn response(data: &[u8]) -> Option<(u8, http::Response<Vec<u8>>)> {
    let (&selector, rest) = data.split_first()?;
    let (status, rest) = rest.split_at_checked(2)?;
    let status = 100 + u16::from_be_bytes([status[0], status[1]]) % 500;
    let split = rest
        .windows(2)
        .position(|w| w == b"\n\n")
        .unwrap_or(rest.len());
    let (head, body) = rest.split_at(split);
    let mut builder = http::Response::builder().status(status);
    for line in head.split(|&b| b == b'\n') {
        if let Some(colon) = line.iter().position(|&b| b == b':') {
            let (name, value) = (&line[..colon], &line[colon + 1..]);
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(name),
                http::HeaderValue::from_bytes(value.trim_ascii()),
            ) {
                builder = builder.header(name, value);
            }
        }
    }
    let body = body.get(2..).unwrap_or_default().to_vec();
    Some((selector, builder.body(body).ok()?))
}

fuzz_target!(|data: &[u8]| {
    let Some((selector, response)) = response(data) else {
        return;
    };
    use aws_generated::chime_sdk_voice::operations::PutVoiceConnectorOrigination;
    use aws_generated::cloudwatch::operations::{ListMetrics, PutMetricData};
    use aws_generated::connect::operations::UpdateTrafficDistribution;
    use aws_generated::dynamodb::operations::{GetItem, Query};
    use aws_generated::iam::operations::ListUsers;
    use aws_generated::s3::operations::{CopyObject, GetBucketLocation, ListObjectsV2};
    use aws_generated::sqs::operations::GetQueueUrl;
    use fixtures_generated::http::operations::{GetObject, ListNotes, PutObject, SendDocument};
    use smithy_runtime::services::sts::operations::AssumeRole;
    match selector % 16 {
        0 => drop(UpdateTrafficDistribution::parse_response(&response)),
        1 => drop(PutVoiceConnectorOrigination::parse_response(&response)),
        2 => drop(GetObject::parse_response(&response)),
        3 => drop(PutObject::parse_response(&response)),
        4 => drop(ListNotes::parse_response(&response)),
        5 => drop(SendDocument::parse_response(&response)),
        6 => drop(GetItem::parse_response(&response)),
        7 => drop(Query::parse_response(&response)),
        8 => drop(GetQueueUrl::parse_response(&response)),
        9 => drop(ListMetrics::parse_response(&response)),
        10 => drop(PutMetricData::parse_response(&response)),
        11 => drop(AssumeRole::parse_response(&response)),
        12 => drop(ListUsers::parse_response(&response)),
        13 => drop(ListObjectsV2::parse_response(&response)),
        14 => drop(CopyObject::parse_response(&response)),
        _ => drop(GetBucketLocation::parse_response(&response)),
    }
});
