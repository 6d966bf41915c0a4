//! Scenario folders: one case each, a whole machine (`env.json`, the files
//! under `fs/`) and the HTTP traffic recorded for it (`http-traffic.json`),
//! run through a provider with that traffic replayed, the clock at the
//! Unix epoch and no real environment, file or network. What provider runs
//! is the folder's group: the default credential chain, the default token
//! chain, or the profile provider alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use base64::Engine;
use serde_json::Value;
use smithy_runtime::client::{BoxFuture, Config, Sleep, TransportError, TransportErrorKind};
#[cfg(feature = "federated-credentials")]
use smithy_runtime::credentials::providers::SsoTokenProvider;
use smithy_runtime::credentials::providers::{
    default_provider, Os, ProfileCredentials, ProviderConfig,
};
use smithy_runtime::credentials::{block_on, Clock, ProvideCredentials};
use smithy_runtime::ByteStream;

use super::{expected_error, read, SuiteError};

/// What a group of scenario folders runs.
#[derive(Clone, Copy)]
pub(super) enum Subject {
    DefaultChain,
    #[cfg(feature = "federated-credentials")]
    TokenChain,
    ProfileProvider,
}

impl Subject {
    /// The subject of the folders in group `name`, if this runner knows it.
    pub(super) fn of_group(name: &str) -> Option<Self> {
        match name {
            "default-credential-provider-chain" => Some(Self::DefaultChain),
            // The SSO token chain is SSO's alone.
            #[cfg(feature = "federated-credentials")]
            "default-token-provider-chain" => Some(Self::TokenChain),
            "profile-provider" => Some(Self::ProfileProvider),
            _ => None,
        }
    }
}

/// Runs the scenario in `folder`.
pub(super) fn run(folder: &Path, subject: Subject) -> Result<Result<(), String>, SuiteError> {
    let case = read(&folder.join("test-case.json"))?;
    let env = read(&folder.join("env.json"))?;
    let traffic = read(&folder.join("http-traffic.json"))?;
    let vars: BTreeMap<String, String> = env
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(name, value)| Some((name.clone(), value.as_str()?.to_owned())))
        .collect();
    let mut files = BTreeMap::new();
    mount(&folder.join("fs"), "", &mut files)?;
    let replay = Arc::new(Replay::new(&traffic));
    let client = Config::builder()
        .transport({
            let replay = replay.clone();
            move |request: http::Request<ByteStream>| {
                let answer = replay.answer(&request);
                async move { answer }
            }
        })
        .sleep(Instant)
        // The replay never leaves the process; recorded endpoint
        // overrides are plain HTTP to made-up hosts.
        .allow_plain_http(true)
        .build();
    let config = ProviderConfig::new()
        .with_os(Os::fixed(vars, files))
        .with_clock(Clock::fixed(UNIX_EPOCH))
        .with_client_config(client);
    let expected = &case["result"];
    let result = match subject {
        #[cfg(feature = "federated-credentials")]
        Subject::TokenChain => block_on(SsoTokenProvider::new(config).load()).map(|token| {
            BTreeMap::from([
                ("token".to_owned(), Value::from(token.token())),
                (
                    "expiration".to_owned(),
                    Value::from(
                        smithy_runtime::Timestamp::from(token.expiry())
                            .format(smithy_runtime::TimestampFormat::DateTime),
                    ),
                ),
            ])
        }),
        Subject::DefaultChain => {
            block_on(default_provider(config).provide_credentials()).map(fields)
        }
        Subject::ProfileProvider => {
            block_on(ProfileCredentials::new(config).provide_credentials()).map(fields)
        }
    };
    let verdict = match (result, expected.get("Ok"), expected.get("ErrorContains")) {
        (Ok(ours), Some(Value::Object(wanted)), _) => compare(&ours, wanted),
        (Err(error), _, Some(Value::String(substring))) => {
            expected_error(&error.to_string(), substring)
        }
        (Ok(_), _, Some(substring)) => Err(format!(
            "expected an error like {substring}, got credentials"
        )),
        (Err(error), _, _) => Err(format!("expected success, got: {error}")),
        (Ok(_), _, _) => Err("the case gives no result this runner reads".to_owned()),
    };
    Ok(verdict.and_then(|()| replay.check()))
}

/// The fields of credentials as the cases write them.
fn fields(credentials: smithy_runtime::credentials::Credentials) -> BTreeMap<String, Value> {
    let mut fields = BTreeMap::from([
        (
            "access_key_id".to_owned(),
            Value::from(credentials.access_key_id()),
        ),
        (
            "secret_access_key".to_owned(),
            Value::from(credentials.secret_access_key()),
        ),
    ]);
    if let Some(token) = credentials.session_token() {
        fields.insert("session_token".to_owned(), Value::from(token));
    }
    if let Some(account) = credentials.account_id() {
        fields.insert("account_id".to_owned(), Value::from(account));
    }
    if let Some(expiry) = credentials.expiry() {
        let seconds = match expiry.duration_since(UNIX_EPOCH) {
            Ok(after) => after.as_secs() as i64,
            Err(before) => -(before.duration().as_secs() as i64),
        };
        fields.insert("expiry".to_owned(), Value::from(seconds));
    }
    fields
}

/// Every field equal, and none more or fewer: a missing optional field
/// means the value must be absent.
fn compare(
    ours: &BTreeMap<String, Value>,
    wanted: &serde_json::Map<String, Value>,
) -> Result<(), String> {
    let wanted: BTreeMap<String, Value> = wanted.clone().into_iter().collect();
    if *ours == wanted {
        return Ok(());
    }
    // Secrets are compared, never shown.
    let shown = |fields: &BTreeMap<String, Value>| {
        fields
            .iter()
            .map(|(key, value)| match key.as_str() {
                "secret_access_key" | "session_token" | "token" => {
                    format!("{key}=<{} chars>", value.as_str().map_or(0, str::len))
                }
                _ => format!("{key}={value}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(format!(
        "got {{{}}}, expected {{{}}}",
        shown(ours),
        shown(&wanted)
    ))
}

/// The files under `dir`, by their absolute path on the virtual machine.
fn mount(
    dir: &Path,
    prefix: &str,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), SuiteError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let virtual_path = format!("{prefix}/{name}");
        if path.is_dir() {
            mount(&path, &virtual_path, files)?;
        } else {
            let bytes = std::fs::read(&path)
                .map_err(|e| SuiteError(format!("cannot read {}: {e}", path.display())))?;
            files.insert(virtual_path, bytes);
        }
    }
    Ok(())
}

/// One recorded exchange.
#[derive(Default)]
struct Exchange {
    method: Option<String>,
    uri: String,
    headers: BTreeMap<String, String>,
    status: u16,
    response_headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// A request sent: its method, URI and headers.
type Sent = (String, String, BTreeMap<String, String>);

/// The recorded traffic, answered in order, and what was sent.
struct Replay {
    exchanges: Vec<Exchange>,
    sent: Mutex<Vec<Sent>>,
}

impl Replay {
    fn new(traffic: &Value) -> Self {
        let mut by_connection: BTreeMap<u64, Exchange> = BTreeMap::new();
        for event in traffic["events"].as_array().into_iter().flatten() {
            let Some(id) = event["connection_id"].as_u64() else {
                continue;
            };
            let exchange = by_connection.entry(id).or_default();
            let action = &event["action"];
            if let Some(request) = action.pointer("/Request/request") {
                exchange.uri = request["uri"].as_str().unwrap_or_default().to_owned();
                exchange.method = request["method"].as_str().map(str::to_owned);
                for (name, values) in request["headers"].as_object().into_iter().flatten() {
                    if let Some(value) = values.get(0).and_then(Value::as_str) {
                        exchange
                            .headers
                            .insert(name.to_ascii_lowercase(), value.to_owned());
                    }
                }
            }
            if let Some(response) = action.pointer("/Response/response/Ok") {
                exchange.status = response["status"].as_u64().unwrap_or(0) as u16;
                for (name, values) in response["headers"].as_object().into_iter().flatten() {
                    for value in values
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        exchange
                            .response_headers
                            .push((name.to_ascii_lowercase(), value.to_owned()));
                    }
                }
            }
            if let Some(data) = action.get("Data") {
                if data["direction"] == "Response" {
                    if let Some(text) = data.pointer("/data/Utf8").and_then(Value::as_str) {
                        exchange.body.extend_from_slice(text.as_bytes());
                    }
                    if let Some(encoded) = data.pointer("/data/Base64").and_then(Value::as_str) {
                        let decoded = base64::engine::general_purpose::STANDARD.decode(encoded);
                        exchange.body.extend(decoded.unwrap_or_default());
                    }
                }
            }
        }
        Self {
            exchanges: by_connection.into_values().collect(),
            sent: Mutex::new(Vec::new()),
        }
    }

    fn answer(
        &self,
        request: &http::Request<ByteStream>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let mut sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        let index = sent.len();
        let headers = request
            .headers()
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect();
        sent.push((
            request.method().to_string(),
            request.uri().to_string(),
            headers,
        ));
        let Some(exchange) = self.exchanges.get(index) else {
            return Err(TransportError::new(
                TransportErrorKind::Other,
                format!("no data for event {index}"),
            ));
        };
        let mut response = http::Response::builder().status(exchange.status);
        for (name, value) in &exchange.response_headers {
            // Recorded bodies were edited after recording: the length is
            // the body's own.
            if name != "content-length" {
                response = response.header(name, value);
            }
        }
        response
            .header("content-length", exchange.body.len())
            .body(exchange.body.clone())
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))
    }

    /// Every recorded request sent, to the recorded URI (the query as a
    /// set), with the recorded method and the recorded `content-type` and
    /// IMDS token headers.
    fn check(&self) -> Result<(), String> {
        let sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        for (index, exchange) in self.exchanges.iter().enumerate() {
            let Some((method, uri, headers)) = sent.get(index) else {
                return Err(format!("request {index} to {} was not sent", exchange.uri));
            };
            if !same_uri(uri, &exchange.uri) {
                return Err(format!(
                    "request {index} went to {uri}, recorded {}",
                    exchange.uri
                ));
            }
            if exchange
                .method
                .as_ref()
                .is_some_and(|recorded| recorded != method)
            {
                return Err(format!(
                    "request {index} was a {method}, recorded {:?}",
                    exchange.method
                ));
            }
            for name in ["content-type", "x-aws-ec2-metadata-token"] {
                if let Some(recorded) = exchange.headers.get(name) {
                    if headers.get(name) != Some(recorded) {
                        return Err(format!(
                            "request {index} has {name}: {:?}, recorded {recorded:?}",
                            headers.get(name)
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Scheme, authority and path equal, and the query parameters as a set.
fn same_uri(ours: &str, recorded: &str) -> bool {
    type Parts = (Option<String>, Option<String>, String, BTreeSet<String>);
    let split = |uri: &str| -> Option<Parts> {
        let uri: http::Uri = uri.parse().ok()?;
        let query = uri.query().unwrap_or_default();
        Some((
            uri.scheme_str().map(str::to_owned),
            uri.authority().map(|a| a.as_str().to_ascii_lowercase()),
            uri.path().to_owned(),
            query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect(),
        ))
    };
    split(ours).is_some() && split(ours) == split(recorded)
}

/// A timer that never waits: backoff in a replay is time wasted.
struct Instant;

impl Sleep for Instant {
    fn sleep(&self, _: Duration) -> BoxFuture<'static, ()> {
        Box::pin(std::future::ready(()))
    }
}
