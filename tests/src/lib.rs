//! Shared helpers for the integration tests. The README below is compiled
//! and run as this crate's doctest, so its examples stay true.
#![doc = include_str!("../../README.md")]

pub mod bench;
pub mod loopback;
pub mod machine;
pub mod object_server;

use std::path::{Path, PathBuf};

use codegen::{CrateConfig, GenerateRequest, ModelSource, ServiceRequest};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits inside the repository")
        .to_path_buf()
}

/// The folder of upstream models: `SMITHY_MODELS_DIR` (a relative value is
/// taken from the repository root, as the README writes it), or
/// `../shared/models/aws` beside the repository.
pub fn upstream_models_dir() -> PathBuf {
    shared_dir(
        "SMITHY_MODELS_DIR",
        "../shared/models/aws",
        "the upstream models",
    )
}

/// The folder `variable` names, or `default` from the repository root. A
/// folder that is not there fails the test that asked, naming where it
/// looked: a test that passed without its inputs would prove nothing.
fn shared_dir(variable: &str, default: &str, what: &str) -> PathBuf {
    let dir = match std::env::var_os(variable) {
        Some(dir) => repo_root().join(dir),
        None => repo_root().join(default),
    };
    assert!(
        dir.is_dir(),
        "{what} are not at {} (set {variable} to their folder)",
        dir.display()
    );
    dir
}

/// The AWS SDKs' test vectors for config files and credential providers
/// (`../shared/reference/aws-config-tests`, or `AWS_CONFIG_TESTS_DIR`);
/// missing, it fails the test that asked.
pub fn config_tests_dir() -> PathBuf {
    shared_dir(
        "AWS_CONFIG_TESTS_DIR",
        "../shared/reference/aws-config-tests",
        "the config test vectors",
    )
}

/// The folder of the 194 breadth models, beside the upstream ones
/// (`../aws-breadth` from [`upstream_models_dir`]); missing, it fails the
/// test that asked.
pub fn breadth_models_dir() -> PathBuf {
    let dir = upstream_models_dir().join("../aws-breadth");
    assert!(
        dir.is_dir(),
        "the breadth models are not at {}",
        dir.display()
    );
    dir
}

/// Reads an upstream model by file stem, e.g. `connect-2017-08-08`.
pub fn upstream_model(dir: &Path, stem: &str) -> ModelSource {
    let path = dir.join(format!("{stem}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ModelSource::new(path.display().to_string(), text)
}

/// Reads a fixture model from `tests/fixtures/models`.
pub fn fixture_model(name: &str) -> ModelSource {
    let path = repo_root().join("tests/fixtures/models").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ModelSource::new(name, text)
}

/// A request for one whole service from the given model files.
pub fn single_service(sources: Vec<ModelSource>, module: &str) -> GenerateRequest {
    GenerateRequest {
        config: CrateConfig {
            name: "test-crate".into(),
            standalone: true,
            runtime: codegen::RuntimeSource::Bundled,
        },
        services: vec![ServiceRequest {
            module: Some(module.into()),
            sources,
            service: None,
            operations: vec![],
            protocol: None,
        }],
        pattern_policy: codegen::PatternPolicy::Strict,
    }
}

/// Every `@pattern` string in the model files of `dir`, in file order, with
/// repeats.
pub fn upstream_patterns(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut found = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let root: serde_json::Value = serde_json::from_str(&text).unwrap();
        for shape in root["shapes"]
            .as_object()
            .into_iter()
            .flat_map(|s| s.values())
        {
            let members = shape["members"]
                .as_object()
                .into_iter()
                .flat_map(|m| m.values());
            for traits in std::iter::once(&shape["traits"]).chain(members.map(|m| &m["traits"])) {
                if let Some(pattern) = traits["smithy.api#pattern"].as_str() {
                    found.push(pattern.to_owned());
                }
            }
        }
    }
    found
}
pub mod diff_cases;
pub mod syntax;

/// The documentation page in `../shared/seeds` (or `SMITHY_SEEDS_DIR`) whose
/// text starts with `opening`. A missing folder or page fails the test that
/// asked, as [`upstream_models_dir`] does.
pub fn seed_page(opening: &str) -> String {
    let dir = shared_dir(
        "SMITHY_SEEDS_DIR",
        "../shared/seeds",
        "the documentation pages",
    );
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .find(|text| text.starts_with(opening))
        .unwrap_or_else(|| panic!("no page in {} starts with {opening:?}", dir.display()))
}

/// An HTTP response as a service would send it.
pub fn http_response(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(body.as_bytes().to_vec())
        .expect("a valid test response")
}

/// The time an `X-Amz-Date` value (`20150830T123600Z`) gives.
pub fn amz_date_time(stamp: &str) -> std::time::SystemTime {
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &stamp[0..4],
        &stamp[4..6],
        &stamp[6..8],
        &stamp[9..11],
        &stamp[11..13],
        &stamp[13..15]
    );
    let seconds = smithy_runtime::Timestamp::parse(&iso)
        .expect("an X-Amz-Date value")
        .secs();
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds.unsigned_abs())
}

/// What a request is signed with, for [`reference_signature`].
pub struct SignedBy<'a> {
    pub access_key_id: &'a str,
    pub secret: &'a str,
    pub session_token: Option<&'a str>,
    /// The signing region and name.
    pub scope: (&'a str, &'a str),
    pub time: std::time::SystemTime,
    /// Signed as S3 requires: `x-amz-content-sha256` added and signed, the
    /// path neither normalized nor encoded twice.
    pub s3: bool,
}

/// `request` signed by `aws-sigv4`, a second SigV4 implementation: the
/// headers it adds (`authorization`, `x-amz-date` and, with a session
/// token, `x-amz-security-token`), by name. Those headers, if the request
/// already has them, are left out of what it signs.
pub fn reference_signature<B: smithy_runtime::sigv4::SignableBody>(
    request: &http::Request<B>,
    by: &SignedBy<'_>,
) -> std::collections::BTreeMap<String, String> {
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    let identity = aws_credential_types::Credentials::new(
        by.access_key_id,
        by.secret,
        by.session_token.map(str::to_owned),
        None,
        "test",
    )
    .into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(by.scope.0)
        .name(by.scope.1)
        .time(by.time)
        .settings(if by.s3 {
            let mut settings = SigningSettings::default();
            settings.payload_checksum_kind =
                aws_sigv4::http_request::PayloadChecksumKind::XAmzSha256;
            settings.uri_path_normalization_mode =
                aws_sigv4::http_request::UriPathNormalizationMode::Disabled;
            settings.percent_encoding_mode = aws_sigv4::http_request::PercentEncodingMode::Single;
            settings
        } else {
            SigningSettings::default()
        })
        .build()
        .expect("complete signing parameters")
        .into();
    let added = [
        "authorization",
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-content-sha256",
    ];
    let headers: Vec<(&str, &str)> = request
        .headers()
        .iter()
        .filter(|(n, _)| !added.contains(&n.as_str()))
        .map(|(n, v)| (n.as_str(), v.to_str().expect("text headers")))
        .collect();
    // A streamed body is signed by what `x-amz-content-sha256` says of
    // it (`UNSIGNED-PAYLOAD`, `STREAMING-UNSIGNED-PAYLOAD-TRAILER`).
    let declared = request
        .headers()
        .get("x-amz-content-sha256")
        .and_then(|value| value.to_str().ok())
        .filter(|value| value.starts_with(|c: char| c.is_ascii_uppercase()));
    let body = match (declared, request.body().payload()) {
        (Some(declared), _) => SignableBody::Precomputed(declared.to_owned()),
        (None, Some(bytes)) => SignableBody::Bytes(bytes),
        (None, None) => SignableBody::UnsignedPayload,
    };
    let signable = SignableRequest::new(
        request.method().as_str(),
        request.uri().to_string(),
        headers.into_iter(),
        body,
    )
    .expect("a signable request");
    let (instructions, _) = sign(signable, &params)
        .expect("aws-sigv4 signs it")
        .into_parts();
    let (headers, _) = instructions.into_parts();
    headers
        .iter()
        .map(|h| (h.name().to_owned(), h.value().to_owned()))
        .collect()
}
