//! AWS Signature Version 4 for requests built by generated code: the
//! canonical request, the string to sign, the signing key and the
//! `Authorization` header, as the SigV4 specification gives them.
//!
//! Written here over the RustCrypto `sha2` and `hmac` crates rather than
//! taken from `aws-sigv4`: that crate signs the same way but brings 69
//! crates with it (tokio, tracing, time, proc macros), which would undo the
//! compile-time budget of every generated crate. The tests check this
//! signer against AWS's published test vectors and against `aws-sigv4`
//! itself.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::credentials::Credentials;
use crate::{Timestamp, TimestampFormat, REDACTED};

type HmacSha256 = Hmac<Sha256>;

const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// What a signature covers besides the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningSettings {
    /// The region the request goes to (the signing region).
    pub region: String,
    /// The signing name: `aws.auth#sigv4`'s `name`.
    pub service: String,
    /// The signing time.
    pub time: SystemTime,
    /// Encode the request's (already encoded) path once more, as every
    /// service but S3 expects.
    pub double_encode_path: bool,
    /// Remove `.` and `..` segments and repeated slashes from the path
    /// before signing, as every service but S3 expects.
    pub normalize_path: bool,
    /// Add and sign `x-amz-content-sha256`, which S3 requires.
    pub content_sha256_header: bool,
    /// Sign the session token (`x-amz-security-token`); some services want
    /// it added after signing instead.
    pub sign_session_token: bool,
}

impl SigningSettings {
    /// The settings for a service other than S3.
    pub fn new(region: impl Into<String>, service: impl Into<String>, time: SystemTime) -> Self {
        Self {
            region: region.into(),
            service: service.into(),
            time,
            double_encode_path: true,
            normalize_path: true,
            content_sha256_header: false,
            sign_session_token: true,
        }
    }
}

/// Why a request could not be signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigningError {
    /// The signing time is before 1970.
    TimeBeforeEpoch,
    /// A header value is not text.
    HeaderNotText(String),
    /// The request has no host to sign.
    NoHost,
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TimeBeforeEpoch => f.write_str("signing: the signing time is before 1970"),
            Self::HeaderNotText(name) => write!(f, "signing: header `{name}` is not visible ASCII"),
            Self::NoHost => {
                f.write_str("signing: the request has no host (set its endpoint first)")
            }
        }
    }
}

impl std::error::Error for SigningError {}

/// The intermediate results of signing, which the specification's test
/// vectors give too. `Debug` leaves out the session token (which the
/// canonical request may hold), the signature and the `Authorization`
/// value: together with the request, a signature lets anyone replay it.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningParts {
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The signature, in hex.
    pub signature: String,
    /// The headers signing adds, `Authorization` last.
    pub headers: Vec<(&'static str, String)>,
}

impl fmt::Debug for SigningParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let canonical_request: Vec<&str> = self
            .canonical_request
            .lines()
            .map(|line| match line.split_once(':') {
                Some((name, _)) if is_secret_header(name) => REDACTED,
                _ => line,
            })
            .collect();
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| match is_secret_header(name) {
                true => (*name, REDACTED),
                false => (*name, value.as_str()),
            })
            .collect();
        f.debug_struct("SigningParts")
            .field("canonical_request", &canonical_request.join("\n"))
            .field("string_to_sign", &self.string_to_sign)
            .field("signature", &REDACTED)
            .field("headers", &headers)
            .finish()
    }
}

/// A request body as signing sees it: bytes to hash, or a stream, whose
/// hash is not known before it is sent.
pub trait SignableBody {
    /// The bytes, when the body is in memory.
    fn payload(&self) -> Option<&[u8]>;
}

impl SignableBody for Vec<u8> {
    fn payload(&self) -> Option<&[u8]> {
        Some(self)
    }
}

impl SignableBody for crate::ByteStream {
    fn payload(&self) -> Option<&[u8]> {
        self.as_bytes()
    }
}

/// What the canonical request says of the payload: the value an
/// `x-amz-content-sha256` header already gives (an aws-chunked body's
/// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`, Glacier's hash), else the hash of
/// the bytes, else `UNSIGNED-PAYLOAD` for a stream, as the AWS SDKs sign
/// one.
fn payload_hash<B: SignableBody>(request: &http::Request<B>) -> String {
    if let Some(given) = request
        .headers()
        .get("x-amz-content-sha256")
        .and_then(|value| value.to_str().ok())
    {
        return given.to_owned();
    }
    match request.body().payload() {
        Some(bytes) => hex(&Sha256::digest(bytes)),
        None => "UNSIGNED-PAYLOAD".to_owned(),
    }
}

/// Headers whose values are secrets or stand for them.
fn is_secret_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("x-amz-security-token")
}

/// Signs `request` in place: adds `X-Amz-Date`, the session token (and
/// `x-amz-content-sha256` when asked), then `Authorization`.
pub fn sign<B: SignableBody>(
    request: &mut http::Request<B>,
    credentials: &Credentials,
    settings: &SigningSettings,
) -> Result<(), SigningError> {
    let parts = parts(request, credentials, settings, None)?;
    add_headers(request, parts)
}

fn add_headers<B>(request: &mut http::Request<B>, parts: SigningParts) -> Result<(), SigningError> {
    for (name, value) in parts.headers {
        let mut value = http::HeaderValue::from_str(&value)
            .map_err(|_| SigningError::HeaderNotText(name.to_owned()))?;
        // `http` prints sensitive values as `Sensitive` in `Debug`.
        value.set_sensitive(is_secret_header(name));
        request.headers_mut().insert(name, value);
    }
    Ok(())
}

/// The last signing key derived, so that requests signed on the same day
/// for the same region, service and secret skip the four HMACs deriving it.
/// A client keeps one; clones share it. Its `Debug` shows nothing of the
/// key or the secret.
#[derive(Clone, Default)]
pub struct SigningKeyCache {
    last: Arc<Mutex<Option<CachedKey>>>,
}

struct CachedKey {
    secret: String,
    date: String,
    region: String,
    service: String,
    key: Vec<u8>,
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKeyCache")
    }
}

impl SigningKeyCache {
    /// Signs as [`sign`] does, deriving the signing key only when the
    /// last one does not fit.
    pub fn sign<B: SignableBody>(
        &self,
        request: &mut http::Request<B>,
        credentials: &Credentials,
        settings: &SigningSettings,
    ) -> Result<(), SigningError> {
        let parts = parts(request, credentials, settings, Some(self))?;
        add_headers(request, parts)
    }

    fn key(&self, secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
        // A poisoned lock only costs the cache.
        let Ok(mut last) = self.last.lock() else {
            return derive_key(secret, date, region, service);
        };
        match &*last {
            Some(cached)
                if cached.date == date
                    && cached.region == region
                    && cached.service == service
                    && cached.secret == secret =>
            {
                cached.key.clone()
            }
            _ => {
                let key = derive_key(secret, date, region, service);
                *last = Some(CachedKey {
                    secret: secret.to_owned(),
                    date: date.to_owned(),
                    region: region.to_owned(),
                    service: service.to_owned(),
                    key: key.clone(),
                });
                key
            }
        }
    }
}

/// The signing key: the secret's HMAC chain over the date, the region, the
/// service and `aws4_request`.
fn derive_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let mut key = format!("AWS4{secret}").into_bytes();
    for part in [date, region, service, "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    key
}

/// Computes the signature of `request` without changing it.
pub fn signing_parts<B: SignableBody>(
    request: &http::Request<B>,
    credentials: &Credentials,
    settings: &SigningSettings,
) -> Result<SigningParts, SigningError> {
    parts(request, credentials, settings, None)
}

fn parts<B: SignableBody>(
    request: &http::Request<B>,
    credentials: &Credentials,
    settings: &SigningSettings,
    keys: Option<&SigningKeyCache>,
) -> Result<SigningParts, SigningError> {
    let seconds = settings
        .time
        .duration_since(UNIX_EPOCH)
        .map_err(|_| SigningError::TimeBeforeEpoch)?
        .as_secs();
    let stamp = Timestamp::from_secs_and_nanos(i64::try_from(seconds).unwrap_or(i64::MAX), 0)
        .format(TimestampFormat::DateTime)
        .replace(['-', ':'], "");
    let date = &stamp[..8];
    let payload_hash = payload_hash(request);

    // The headers signing adds, signed with the request's own.
    let mut added: Vec<(&'static str, String)> = vec![("x-amz-date", stamp.clone())];
    if settings.content_sha256_header {
        added.push(("x-amz-content-sha256", payload_hash.clone()));
    }
    let token = credentials.session_token();
    if let (Some(token), true) = (token, settings.sign_session_token) {
        added.push(("x-amz-security-token", token.to_owned()));
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    for (name, value) in request.headers() {
        let name = name.as_str();
        if UNSIGNED_HEADERS.contains(&name) || added.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let value = value
            .to_str()
            .map_err(|_| SigningError::HeaderNotText(name.to_owned()))?;
        headers.push((name.to_owned(), value.to_owned()));
    }
    if !request.headers().contains_key(http::header::HOST) {
        headers.push((
            "host".to_owned(),
            host(request.uri()).ok_or(SigningError::NoHost)?,
        ));
    }
    headers.extend(added.iter().map(|(n, v)| ((*n).to_owned(), v.clone())));
    let (canonical_headers, signed_headers) = canonical_headers(headers);

    let canonical_request = format!(
        "{}\n{}\n{}\n{canonical_headers}\n{signed_headers}\n{payload_hash}",
        request.method(),
        canonical_uri(request.uri().path(), settings),
        canonical_query(request.uri().query().unwrap_or("")),
    );
    let scope = format!(
        "{date}/{}/{}/aws4_request",
        settings.region, settings.service
    );
    let string_to_sign = format!(
        "{ALGORITHM}\n{stamp}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let secret = credentials.secret_access_key();
    let key = match keys {
        Some(cache) => cache.key(secret, date, &settings.region, &settings.service),
        None => derive_key(secret, date, &settings.region, &settings.service),
    };
    let signature = hex(&hmac(&key, string_to_sign.as_bytes()));
    if let (Some(token), false) = (token, settings.sign_session_token) {
        added.push(("x-amz-security-token", token.to_owned()));
    }
    added.push((
        "authorization",
        format!(
            "{ALGORITHM} Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
            credentials.access_key_id()
        ),
    ));
    Ok(SigningParts {
        canonical_request,
        string_to_sign,
        signature,
        headers: added,
    })
}

/// Headers that proxies and clients may change on the way, which a
/// signature must not cover.
const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "expect",
    "transfer-encoding",
    "connection",
];

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xF)]));
    }
    out
}

/// The URI's host, with a port only when it is not the scheme's default.
fn host(uri: &http::Uri) -> Option<String> {
    let host = uri.host()?;
    let default_port = match uri.scheme_str() {
        Some("https") => Some(443),
        Some("http") => Some(80),
        _ => None,
    };
    Some(match uri.port_u16() {
        Some(port) if Some(port) != default_port => format!("{host}:{port}"),
        _ => host.to_owned(),
    })
}

/// Lowercase names, sorted; values trimmed with inner runs of spaces
/// folded, and repeated headers joined by commas in the order given.
fn canonical_headers(headers: Vec<(String, String)>) -> (String, String) {
    let mut by_name: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (name, value) in headers {
        let folded = value.split_whitespace().collect::<Vec<_>>().join(" ");
        by_name
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(folded);
    }
    let mut canonical = String::new();
    for (name, values) in &by_name {
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(&values.join(","));
        canonical.push('\n');
    }
    let signed = by_name.keys().cloned().collect::<Vec<_>>().join(";");
    (canonical, signed)
}

/// The path, normalized and encoded as the settings say; `/` when empty.
fn canonical_uri(path: &str, settings: &SigningSettings) -> String {
    let path = if settings.normalize_path {
        normalize(path)
    } else {
        path.to_owned()
    };
    let path = if path.is_empty() {
        "/".to_owned()
    } else {
        path
    };
    if settings.double_encode_path {
        encode(&path, true)
    } else {
        path
    }
}

/// Removes `.` and `..` segments and empty ones, keeping a trailing slash.
fn normalize(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut out = format!("/{}", segments.join("/"));
    if trailing && !segments.is_empty() {
        out.push('/');
    }
    out
}

/// Parameters decoded, encoded again strictly, and sorted.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (encode(&decode(key), false), encode(&decode(value), false))
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes every byte but the unreserved ones (and `/` when
/// `keep_slash`), as labels are encoded.
fn encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    crate::request::percent_encode_into(&mut out, text, keep_slash);
    out
}

/// Percent-decodes; a `%` not followed by two hex digits stays as it is.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex_at = |j: usize| bytes.get(j).and_then(|b| char::from(*b).to_digit(16));
        match (bytes[i], hex_at(i + 1), hex_at(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, ..) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_keys_sign_as_fresh_ones_and_follow_every_change() {
        let cache = SigningKeyCache::default();
        let day = 86_400;
        let cases = [
            ("secret-a", "us-west-2", "connect", 1_700_000_000),
            ("secret-a", "us-west-2", "connect", 1_700_000_000 + 60),
            ("secret-a", "us-west-2", "connect", 1_700_000_000 + day),
            ("secret-a", "us-east-1", "connect", 1_700_000_000 + day),
            ("secret-a", "us-east-1", "chime", 1_700_000_000 + day),
            ("secret-b", "us-east-1", "chime", 1_700_000_000 + day),
        ];
        for (secret, region, service, seconds) in cases {
            let request = || {
                http::Request::builder()
                    .method("POST")
                    .uri("https://example.amazonaws.com/a%20b?x=1")
                    .body(b"{}".to_vec())
                    .unwrap()
            };
            let credentials = Credentials::new("AKID", secret, None);
            let settings = SigningSettings::new(
                region,
                service,
                UNIX_EPOCH + std::time::Duration::from_secs(seconds),
            );
            let (mut fresh, mut cached) = (request(), request());
            sign(&mut fresh, &credentials, &settings).unwrap();
            cache.sign(&mut cached, &credentials, &settings).unwrap();
            assert_eq!(
                fresh.headers(),
                cached.headers(),
                "{secret} {region} {service} {seconds}"
            );
        }
        assert_eq!(format!("{cache:?}"), "SigningKeyCache");
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let credentials = Credentials::new("AKID", "very-secret", Some("token-value".into()));
        let shown = format!("{credentials:?}");
        assert!(shown.contains("AKID"));
        assert!(!shown.contains("very-secret"));
        assert!(!shown.contains("token-value"));

        // A signed request and the intermediate results of signing it.
        let mut request = http::Request::builder()
            .method("POST")
            .uri("https://example.amazonaws.com/")
            .body(b"{}".to_vec())
            .unwrap();
        let settings = SigningSettings::new("us-east-1", "svc", UNIX_EPOCH);
        let parts = signing_parts(&request, &credentials, &settings).unwrap();
        sign(&mut request, &credentials, &settings).unwrap();
        let signature = parts.signature.clone();
        assert!(parts.canonical_request.contains("token-value"));
        for shown in [
            format!("{parts:?}"),
            format!("{request:?}"),
            format!("{:?}", request.headers()),
        ] {
            for secret in ["very-secret", "token-value", signature.as_str()] {
                assert!(!shown.contains(secret), "{secret} in {shown}");
            }
        }
        let shown = format!("{parts:?}");
        assert!(shown.contains("x-amz-date:19700101T000000Z"), "{shown}");
        assert!(
            shown.contains("host;x-amz-date;x-amz-security-token"),
            "{shown}"
        );
    }

    #[test]
    fn paths_lose_dot_segments_and_repeated_slashes() {
        assert_eq!(normalize("//example//"), "/example/");
        assert_eq!(normalize("/example1/example2/../.."), "/");
        assert_eq!(normalize("/./example"), "/example");
        assert_eq!(normalize("/a/./b/../c"), "/a/c");
        assert_eq!(normalize(""), "/");
    }

    #[test]
    fn queries_are_sorted_and_encoded_strictly() {
        assert_eq!(
            canonical_query("Param-3=Value3&Param=Value2&%E1%88%B4=Value1"),
            "%E1%88%B4=Value1&Param=Value2&Param-3=Value3"
        );
        assert_eq!(canonical_query("a=1&b"), "a=1&b=");
        assert_eq!(canonical_query("x=a%20b+c"), "x=a%20b%2Bc");
    }

    #[test]
    fn an_encoded_path_is_encoded_again() {
        let settings = SigningSettings::new("us-east-1", "execute-api", SystemTime::UNIX_EPOCH);
        assert_eq!(
            canonical_uri("/test/@connections/JBDvjfGEIAMCERw%3D", &settings),
            "/test/%40connections/JBDvjfGEIAMCERw%253D"
        );
    }
}
