//! The cross-SDK `aws login` cases (`login-provider-test-cases.json`):
//! each case's config file and login cache on a fixed machine, the clock
//! where the suite's README puts it, and Sign-In `CreateOAuth2Token`
//! answered from the case's `mockApiCalls`. Every request must carry the
//! case's `tokenInput` and a DPoP proof that verifies with its own key
//! and names the request; then each outcome is checked: credentials,
//! an error, or the cache file as written back.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::signature::{UnparsedPublicKey, ECDSA_P256_SHA256_FIXED};
use serde_json::Value;
use smithy_runtime::client::{Config, TransportError, TransportErrorKind};
use smithy_runtime::credentials::providers::{Os, ProfileCredentials, ProviderConfig};
use smithy_runtime::credentials::{block_on, Clock, Credentials};
use smithy_runtime::profile::ProfileSet;
use smithy_runtime::{ByteStream, Timestamp, TimestampFormat};

use super::{tests, Cases};

/// The suite's clock: 2025-11-19T00:00:00Z.
const NOW: u64 = 1_763_510_400;
/// Where the cases' machine keeps things.
const HOME: &str = "/home/user";

pub(super) fn login_sessions(suite: &Value, cases: &mut Cases<'_>) {
    for (index, case) in tests(suite).iter().enumerate() {
        cases.record(index, case, run(case));
    }
}

fn run(case: &Value) -> Result<(), String> {
    let config_text = case["configContents"].as_str().unwrap_or_default();
    let profile = login_profile(config_text)?;
    let cache = format!("{HOME}/.aws/login/cache");
    let mut files = BTreeMap::from([(
        format!("{HOME}/.aws/config"),
        config_text.as_bytes().to_vec(),
    )]);
    for (name, contents) in case["cacheContents"].as_object().into_iter().flatten() {
        files.insert(format!("{cache}/{name}"), contents.to_string().into_bytes());
    }
    let vars = BTreeMap::from([
        ("HOME".to_owned(), HOME.to_owned()),
        ("AWS_PROFILE".to_owned(), profile),
        // The cases name no region, and Sign-In is reached in one; the
        // mock answers wherever the request goes.
        ("AWS_REGION".to_owned(), "us-east-1".to_owned()),
    ]);
    let os = Os::fixed(vars, files);
    let mock = Arc::new(Mock {
        calls: case["mockApiCalls"].as_array().cloned().unwrap_or_default(),
        sent: Mutex::new(Vec::new()),
    });
    let client = Config::builder()
        .transport({
            let mock = mock.clone();
            move |request: http::Request<ByteStream>| {
                let answer = mock.answer(&request);
                async move { answer }
            }
        })
        .build();
    let config = ProviderConfig::new()
        .with_os(os.clone())
        .with_clock(Clock::fixed(UNIX_EPOCH + Duration::from_secs(NOW)))
        .with_client_config(client);
    let result = block_on(ProfileCredentials::new(config).load());
    mock.check()?;
    for outcome in case["outcomes"].as_array().into_iter().flatten() {
        match (outcome["result"].as_str(), &result) {
            (Some("credentials"), Ok(credentials)) => same_credentials(credentials, outcome)?,
            (Some("credentials"), Err(error)) => {
                return Err(format!("expected credentials, got: {error}"))
            }
            (Some("error"), Ok(_)) => return Err("expected an error, got credentials".to_owned()),
            (Some("error"), Err(_)) => {}
            (Some("cacheContents"), _) => same_cache(&os, &cache, outcome)?,
            (other, _) => return Err(format!("an outcome this runner does not read: {other:?}")),
        }
    }
    Ok(())
}

/// The one profile of the config file with a `login_session`.
fn login_profile(config: &str) -> Result<String, String> {
    let set = ProfileSet::parse(config, "", ("config", "credentials"))
        .map_err(|e| format!("the case's config file: {e}"))?;
    let mut names = set
        .profiles()
        .iter()
        .filter(|(_, profile)| profile.get("login_session").is_some())
        .map(|(name, _)| name);
    match (names.next(), names.next()) {
        (Some(name), None) => Ok(name.to_owned()),
        _ => Err("the case's config file should hold one profile with login_session".to_owned()),
    }
}

fn same_credentials(credentials: &Credentials, outcome: &Value) -> Result<(), String> {
    let expiry = credentials
        .expiry()
        .map(|at| Timestamp::from(at).format(TimestampFormat::DateTime));
    let ours = [
        ("accessKeyId", Some(credentials.access_key_id().to_owned())),
        (
            "secretAccessKey",
            Some(credentials.secret_access_key().to_owned()),
        ),
        (
            "sessionToken",
            credentials.session_token().map(str::to_owned),
        ),
        ("accountId", credentials.account_id().map(str::to_owned)),
        ("expiresAt", expiry),
    ];
    for (key, value) in ours {
        let wanted = outcome[key].as_str();
        if wanted.is_some() && wanted != value.as_deref() {
            // Secrets are compared, never shown.
            let shown = match key {
                "secretAccessKey" | "sessionToken" => "(differs)".to_owned(),
                _ => format!("{value:?}"),
            };
            return Err(format!("{key} is {shown}, expected {wanted:?}"));
        }
    }
    Ok(())
}

/// Every cache file the outcome names holds exactly the JSON it gives.
fn same_cache(os: &Os, cache: &str, outcome: &Value) -> Result<(), String> {
    for (name, wanted) in outcome.as_object().into_iter().flatten() {
        if name == "result" {
            continue;
        }
        let path = format!("{cache}/{name}");
        let bytes = os.read(&path).map_err(|e| format!("{path}: {e}"))?;
        let written: Value =
            serde_json::from_slice(&bytes).map_err(|e| format!("{path} is not JSON: {e}"))?;
        if written != *wanted {
            let keys = |value: &Value| {
                value
                    .as_object()
                    .map(|o| o.keys().cloned().collect::<Vec<_>>())
            };
            return Err(format!(
                "{path} differs from the case's (fields {:?}, expected {:?})",
                keys(&written),
                keys(wanted)
            ));
        }
    }
    Ok(())
}

/// Sign-In as the case scripts it, and what reached it.
struct Mock {
    calls: Vec<Value>,
    /// Per request, what was wrong with it, if anything.
    sent: Mutex<Vec<Result<(), String>>>,
}

impl Mock {
    fn answer(
        &self,
        request: &http::Request<ByteStream>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let mut sent = self.sent.lock().unwrap_or_else(PoisonError::into_inner);
        let index = sent.len();
        let Some(call) = self.calls.get(index) else {
            sent.push(Err(format!("request {index} was not scripted")));
            return Err(TransportError::new(
                TransportErrorKind::Other,
                "no scripted answer",
            ));
        };
        sent.push(check_request(request, &call["request"]));
        let (status, body) = match call["response"].get("tokenOutput") {
            Some(output) => (200, output.to_string()),
            None => (
                call["responseCode"].as_u64().unwrap_or(500) as u16,
                "{}".to_owned(),
            ),
        };
        http::Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .body(body.into_bytes())
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))
    }

    /// Every scripted call made, each as the case expects it.
    fn check(&self) -> Result<(), String> {
        let sent = self.sent.lock().unwrap_or_else(PoisonError::into_inner);
        if sent.len() < self.calls.len() {
            return Err(format!(
                "{} of {} scripted Sign-In calls were made",
                sent.len(),
                self.calls.len()
            ));
        }
        sent.iter().cloned().collect()
    }
}

/// The request: a POST to `/v1/token` whose body is the expected token
/// input, with a DPoP proof for it.
fn check_request(request: &http::Request<ByteStream>, expected: &Value) -> Result<(), String> {
    if request.method() != http::Method::POST || request.uri().path() != "/v1/token" {
        return Err(format!(
            "the request was {} {}",
            request.method(),
            request.uri()
        ));
    }
    let body = request
        .body()
        .as_bytes()
        .ok_or("the request body is a stream")?;
    let sent: Value =
        serde_json::from_slice(body).map_err(|e| format!("the request body is not JSON: {e}"))?;
    if sent != expected["tokenInput"] {
        return Err(format!(
            "the request body was {sent}, expected {}",
            expected["tokenInput"]
        ));
    }
    let proof = request
        .headers()
        .get("dpop")
        .and_then(|value| value.to_str().ok())
        .ok_or("the request has no DPoP header")?;
    let url = format!(
        "{}://{}{}",
        request.uri().scheme_str().unwrap_or_default(),
        request.uri().authority().map_or("", |a| a.as_str()),
        request.uri().path()
    );
    check_proof(proof, &url)
}

/// A DPoP proof that verifies with the key in its header and names this
/// request at the suite's time.
fn check_proof(proof: &str, url: &str) -> Result<(), String> {
    let parts: Vec<&str> = proof.split('.').collect();
    let [header, claims, signature] = parts[..] else {
        return Err("the DPoP proof is not three parts".to_owned());
    };
    let decode = |part: &str| -> Result<Value, String> {
        let bytes = URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|e| format!("a DPoP part is not base64url: {e}"))?;
        serde_json::from_slice(&bytes).map_err(|e| format!("a DPoP part is not JSON: {e}"))
    };
    let (header, claims) = (decode(header)?, decode(claims)?);
    let jwk = &header["jwk"];
    if header["typ"] != "dpop+jwt" || header["alg"] != "ES256" || jwk["crv"] != "P-256" {
        return Err(format!("the DPoP header is {header}"));
    }
    if claims["htm"] != "POST" || claims["htu"] != url || claims["iat"] != NOW {
        return Err(format!("the DPoP claims are {claims}"));
    }
    let coordinate = |name: &str| {
        jwk[name]
            .as_str()
            .and_then(|text| URL_SAFE_NO_PAD.decode(text).ok())
            .ok_or_else(|| format!("the DPoP key has no `{name}`"))
    };
    let mut point = vec![4];
    point.extend(coordinate("x")?);
    point.extend(coordinate("y")?);
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|e| format!("the DPoP signature is not base64url: {e}"))?;
    let signed = &proof[..proof.rfind('.').unwrap_or(0)];
    UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &point)
        .verify(signed.as_bytes(), &signature)
        .map_err(|_| "the DPoP signature does not verify with its key".to_owned())
}
