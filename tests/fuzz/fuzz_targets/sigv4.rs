//! SigV4 canonicalization with arbitrary paths, queries and headers: any
//! request `http` accepts is signed, or refused with an error.
//!
//! The input is lines: the path and query, then `name: value` headers, then
//! an empty line and the body.

#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use libfuzzer_sys::fuzz_target;
use smithy_runtime::credentials::Credentials;
use smithy_runtime::sigv4::{signing_parts, SigningSettings};

fuzz_target!(|data: &[u8]| {
    let split = data
        .windows(2)
        .position(|w| w == b"\n\n")
        .unwrap_or(data.len());
    let (head, body) = data.split_at(split);
    let mut lines = head.split(|&b| b == b'\n');
    let target = lines.next().unwrap_or_default();
    let Ok(target) = std::str::from_utf8(target) else {
        return;
    };
    let mut builder = http::Request::builder()
        .method("POST")
        .uri(format!("https://example.amazonaws.com{target}"));
    for line in lines {
        if let Some(colon) = line.iter().position(|&b| b == b':') {
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(&line[..colon]),
                http::HeaderValue::from_bytes(&line[colon + 1..]),
            ) {
                builder = builder.header(name, value);
            }
        }
    }
    let Ok(request) = builder.body(body.to_vec()) else {
        return;
    };
    let credentials = Credentials::new("AKID", "secret", Some("token".into()));
    for normalize in [true, false] {
        let mut settings = SigningSettings::new(
            "us-east-1",
            "svc",
            UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        );
        settings.normalize_path = normalize;
        settings.double_encode_path = normalize;
        let _ = signing_parts(&request, &credentials, &settings);
    }
});
