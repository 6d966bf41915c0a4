//! The runtime's SigV4 signer against two independent references: AWS's
//! published signing test suite (the v4 cases of the CRT suite, as the
//! `aws-sigv4` crate ships them), and signatures recomputed by `aws-sigv4`
//! itself for requests the generated code builds.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_generated::connect::operations::UpdateTrafficDistribution;
use aws_generated::connect::types::UpdateTrafficDistributionRequest;
use aws_generated::runtime::Operation;
use smithy_runtime::sigv4::{sign, signing_parts, Credentials, SigningSettings};

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

#[test]
fn the_published_v4_test_vectors() {
    let mut checked = 0;
    let mut entries: Vec<PathBuf> = std::fs::read_dir(suite())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for case in entries {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let request_text = read(case.join("request.txt"));
        // Folded (obsolete multi-line) header values cannot be held by an
        // `http::HeaderValue`, so that case cannot be a request here.
        if request_text.lines().any(|l| l.starts_with(' ')) {
            continue;
        }
        let request = parse_request(&request_text);
        let context_path = case.join("context.json");
        let (credentials, settings) = if context_path.exists() {
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
            (credentials, settings)
        } else {
            // The two older cases (`double-*`) check the canonical request
            // with the path encoded twice, at the time it gives.
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
        };
        let parts = signing_parts(&request, &credentials, &settings).unwrap();
        assert_eq!(
            parts.canonical_request,
            read(case.join("header-canonical-request.txt")).trim_end(),
            "{name}: canonical request"
        );
        if let Ok(expected) = std::fs::read_to_string(case.join("header-string-to-sign.txt")) {
            assert_eq!(
                parts.string_to_sign,
                expected.trim_end(),
                "{name}: string to sign"
            );
        }
        if let Ok(expected) = std::fs::read_to_string(case.join("header-signature.txt")) {
            assert_eq!(parts.signature, expected.trim_end(), "{name}: signature");
            let signed = read(case.join("header-signed-request.txt"));
            let authorization = signed
                .lines()
                .find_map(|l| l.strip_prefix("Authorization:"))
                .unwrap();
            let mut request = request;
            sign(&mut request, &credentials, &settings).unwrap();
            assert_eq!(
                request.headers()["authorization"],
                authorization,
                "{name}: Authorization"
            );
        }
        checked += 1;
    }
    assert!(checked >= 38, "only {checked} cases found");
}

/// Requests the generated code builds, with path labels holding `:`, `/`,
/// spaces and non-ASCII text, signed here and by `aws-sigv4`: the paths are
/// encoded once on the wire and once more for signing.
#[test]
fn generated_requests_sign_as_aws_sigv4_signs_them() {
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    let credentials = Credentials::new("AKIDEXAMPLE", secret, None);
    let time = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let ids = [
        "arn:aws:connect:us-west-2:123456789012:traffic-distribution-group/6a7d2e3c",
        "a group/with spaces",
        "gruppe-ünïcødé-✓",
        "percent%20already",
    ];
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
            "AKIDEXAMPLE",
            secret,
            ("us-west-2", "connect"),
            time,
        );
        let settings = SigningSettings::new("us-west-2", "connect", time);
        sign(&mut request, &credentials, &settings).unwrap();
        assert_eq!(
            request.headers()["authorization"],
            expected.as_str(),
            "{id}"
        );
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
