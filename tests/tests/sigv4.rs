//! The runtime's SigV4 signer against two independent references: AWS's
//! published signing test suite (the v4 cases of the CRT suite, as the
//! `aws-sigv4` crate ships them), and signatures recomputed by `aws-sigv4`
//! itself for requests the generated code builds.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_generated::connect::operations::UpdateTrafficDistribution;
use aws_generated::connect::types::UpdateTrafficDistributionRequest;
use aws_generated::runtime::Operation;
use smithy_runtime::credentials::Credentials;
use smithy_runtime::sigv4::{sign, signing_parts, SigningSettings};

const SUITE_VERSION: &str = "1.6.4";

/// The v4 folder of the signing test suite inside the `aws-sigv4` package
/// cargo downloaded for these tests.
fn suite() -> PathBuf {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .expect("CARGO_HOME or HOME is set");
    let registry = cargo_home.join("registry").join("src");
    std::fs::read_dir(&registry)
        .unwrap_or_else(|e| panic!("{}: {e}", registry.display()))
        .map(|index| {
            index.unwrap().path().join(format!(
                "aws-sigv4-{SUITE_VERSION}/aws-signing-test-suite/v4"
            ))
        })
        .find(|path| path.is_dir())
        .unwrap_or_else(|| {
            panic!(
                "aws-sigv4 {SUITE_VERSION}'s test suite is not under {}",
                registry.display()
            )
        })
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A test request: the raw text's method, path, headers and body, with the
/// path's spaces and non-ASCII characters percent-encoded as they would be
/// on the wire.
fn parse_request(text: &str) -> http::Request<Vec<u8>> {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().unwrap();
    let method = request_line.split(' ').next().unwrap();
    let path = request_line[method.len() + 1..request_line.rfind(" HTTP/").unwrap()].to_owned();
    let mut builder = http::Request::builder().method(method);
    let mut host = String::new();
    for line in lines {
        let (name, value) = line.split_once(':').unwrap();
        if name.eq_ignore_ascii_case("host") {
            host = value.to_owned();
        }
        builder = builder.header(name, value);
    }
    let encoded: String = path
        .chars()
        .map(|c| match c {
            ' ' => "%20".to_owned(),
            c if c.is_ascii() => c.to_string(),
            c => c.to_string().bytes().map(|b| format!("%{b:02X}")).collect(),
        })
        .collect();
    builder
        .uri(format!("https://{host}{encoded}"))
        .body(body.as_bytes().to_vec())
        .unwrap()
}

fn timestamp(text: &str) -> SystemTime {
    let seconds = smithy_runtime::Timestamp::parse(text).unwrap().secs();
    UNIX_EPOCH + Duration::from_secs(seconds as u64)
}

/// The suite's cases that cannot be checked at all four stages, and why,
/// in name order.
/// Every other case is checked on its canonical request, string to sign,
/// signature and `Authorization` header.
const NOT_FULLY_CHECKED: &[(&str, Partial)] = &[
    // Its signed request was made at another time (20150830T123600Z) and
    // with another credential (`ANOTREAL`, whose secret the suite does not
    // give) than its canonical request (20210511T154045Z), and it has no
    // string to sign or signature file: only the canonical request can be
    // checked.
    ("double-encode-path", Partial::CanonicalRequestOnly),
    // A folded (obsolete multi-line) header value, which an
    // `http::HeaderValue` cannot hold: this case cannot be a request here.
    ("get-header-value-multiline", Partial::Skipped),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Partial {
    Skipped,
    CanonicalRequestOnly,
}

#[test]
fn the_published_v4_test_vectors() {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(suite())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    assert_eq!(entries.len(), 40, "the suite has 40 v4 cases");
    let mut fully_checked = 0;
    let mut partly: Vec<(String, Partial)> = Vec::new();
    for case in entries {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let partial = NOT_FULLY_CHECKED
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, partial)| *partial);
        if partial == Some(Partial::Skipped) {
            partly.push((name, Partial::Skipped));
            continue;
        }
        let request = parse_request(&read(case.join("request.txt")));
        let (credentials, settings) = case_settings(&case);
        let parts = signing_parts(&request, &credentials, &settings).unwrap();
        assert_eq!(
            parts.canonical_request,
            read(case.join("header-canonical-request.txt")).trim_end(),
            "{name}: canonical request"
        );
        if partial == Some(Partial::CanonicalRequestOnly) {
            partly.push((name, Partial::CanonicalRequestOnly));
            continue;
        }
        assert_eq!(
            parts.string_to_sign,
            read(case.join("header-string-to-sign.txt")).trim_end(),
            "{name}: string to sign"
        );
        let authorization = authorization_line(&read(case.join("header-signed-request.txt")));
        // Cases without a signature file give it in their signed request.
        let expected_signature = match std::fs::read_to_string(case.join("header-signature.txt")) {
            Ok(signature) => signature.trim_end().to_owned(),
            Err(_) => authorization
                .rsplit("Signature=")
                .next()
                .unwrap()
                .to_owned(),
        };
        assert_eq!(parts.signature, expected_signature, "{name}: signature");
        let mut request = request;
        sign(&mut request, &credentials, &settings).unwrap();
        assert_eq!(
            request.headers()["authorization"],
            authorization.as_str(),
            "{name}: Authorization"
        );
        fully_checked += 1;
    }
    assert_eq!(fully_checked, 38, "cases checked at all four stages");
    assert_eq!(
        partly,
        NOT_FULLY_CHECKED
            .iter()
            .map(|(name, partial)| ((*name).to_owned(), *partial))
            .collect::<Vec<_>>()
    );
}

/// The `Authorization` value of a signed request file.
fn authorization_line(signed: &str) -> String {
    signed
        .lines()
        .find_map(|l| l.strip_prefix("Authorization:"))
        .unwrap()
        .trim()
        .to_owned()
}

/// The credentials and settings of a case: from its `context.json`, or, for
/// the two older `double-*` cases, from the scope and time their files
/// give, with the example credentials and the path encoded twice.
fn case_settings(case: &std::path::Path) -> (Credentials, SigningSettings) {
    let context_path = case.join("context.json");
    if context_path.exists() {
        let context: serde_json::Value = serde_json::from_str(&read(context_path)).unwrap();
        let c = &context["credentials"];
        let credentials = Credentials::new(
            c["access_key_id"].as_str().unwrap(),
            c["secret_access_key"].as_str().unwrap(),
            c["token"].as_str().map(str::to_owned),
        );
        let mut settings = SigningSettings::new(
            context["region"].as_str().unwrap(),
            context["service"].as_str().unwrap(),
            timestamp(context["timestamp"].as_str().unwrap()),
        );
        // These cases were generated with the path encoded once.
        settings.double_encode_path = false;
        settings.normalize_path = context["normalize"].as_bool().unwrap();
        settings.content_sha256_header = context["sign_body"].as_bool().unwrap();
        settings.sign_session_token = !context["omit_session_token"].as_bool().unwrap_or(false);
        return (credentials, settings);
    }
    let canonical = read(case.join("header-canonical-request.txt"));
    let date = canonical
        .lines()
        .find_map(|l| l.strip_prefix("x-amz-date:"))
        .unwrap()
        .to_owned();
    // The region and service are the scope's, where the case gives one.
    let scope = std::fs::read_to_string(case.join("header-string-to-sign.txt"))
        .ok()
        .and_then(|s| s.lines().nth(2).map(str::to_owned))
        .unwrap_or_else(|| "date/us-east-1/service/aws4_request".to_owned());
    let scope: Vec<&str> = scope.split('/').collect();
    let credentials = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    );
    (
        credentials,
        SigningSettings::new(scope[1], scope[2], integration_tests::amz_date_time(&date)),
    )
}

/// Requests the generated code builds, with path labels holding `:`, `/`,
/// spaces and non-ASCII text, signed here and by `aws-sigv4`, with and
/// without a session token: the paths are encoded once on the wire and
/// once more for signing, and the token is signed as a header.
#[test]
fn generated_requests_sign_as_aws_sigv4_signs_them() {
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    let time = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let ids = [
        "arn:aws:connect:us-west-2:123456789012:traffic-distribution-group/6a7d2e3c",
        "a group/with spaces",
        "gruppe-ünïcødé-✓",
        "percent%20already",
    ];
    let token = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLXdlc3QtMiJHMEUCIQ+token/with=chars";
    for session_token in [None, Some(token)] {
        let credentials = Credentials::new("AKIDEXAMPLE", secret, session_token.map(str::to_owned));
        for id in ids {
            let input = UpdateTrafficDistributionRequest::builder().id(id).build();
            let mut request = UpdateTrafficDistribution::serialize_request(&input).unwrap();
            smithy_runtime::request::apply_endpoint(
                &mut request,
                "https://connect.us-west-2.amazonaws.com",
            )
            .unwrap();
            let expected = integration_tests::reference_signature(
                &request,
                &integration_tests::SignedBy {
                    access_key_id: "AKIDEXAMPLE",
                    secret,
                    session_token,
                    scope: ("us-west-2", "connect"),
                    time,
                    s3: false,
                },
            );
            let settings = SigningSettings::new("us-west-2", "connect", time);
            sign(&mut request, &credentials, &settings).unwrap();
            let ours: std::collections::BTreeMap<String, String> = expected
                .keys()
                .map(|name| {
                    let value = request.headers()[name.as_str()].to_str().unwrap();
                    (name.clone(), value.to_owned())
                })
                .collect();
            assert_eq!(ours, expected, "{id}, token: {}", session_token.is_some());
            assert_eq!(
                expected.contains_key("x-amz-security-token"),
                session_token.is_some()
            );
            if session_token.is_some() {
                assert!(
                    expected["authorization"].contains("SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token,"),
                    "{}",
                    expected["authorization"]
                );
            }
        }
    }
}

#[test]
fn a_request_without_a_host_cannot_be_signed() {
    let request = http::Request::builder()
        .uri("/relative")
        .body(Vec::new())
        .unwrap();
    let credentials = Credentials::new("AKID", "secret", None);
    let settings = SigningSettings::new("us-east-1", "svc", UNIX_EPOCH);
    let error = signing_parts(&request, &credentials, &settings).unwrap_err();
    assert!(error.to_string().contains("no host"), "{error}");
}
