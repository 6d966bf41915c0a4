//! What a serialized request needs beyond its HTTP bindings: the options
//! that shape it (compression, idempotency tokens), the `@endpoint` host
//! prefix it carries, and how a caller points it at an endpoint.

use std::fmt;
use std::sync::Arc;

/// Settings that change how a request is written, not what it means.
///
/// The defaults are those of the AWS SDKs: bodies of operations marked
/// `@requestCompression` are gzipped from 10,240 bytes, and unset
/// `@idempotencyToken` members get a random version 4 UUID.
#[derive(Clone)]
pub struct RequestOptions {
    disable_request_compression: bool,
    request_min_compression_size_bytes: usize,
    idempotency_token: Option<Arc<dyn Fn() -> String + Send + Sync>>,
}

impl Default for RequestOptions {
    fn default() -> Self {
        Self {
            disable_request_compression: false,
            request_min_compression_size_bytes: 10_240,
            idempotency_token: None,
        }
    }
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field("disable_request_compression", &self.disable_request_compression)
            .field("request_min_compression_size_bytes", &self.request_min_compression_size_bytes)
            .field("idempotency_token", &self.idempotency_token.as_ref().map_or("random", |_| "custom"))
            .finish()
    }
}

impl RequestOptions {
    /// Never compresses request bodies.
    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.disable_request_compression = disable;
        self
    }

    /// Compresses bodies of at least this many bytes (default 10,240).
    pub fn request_min_compression_size_bytes(mut self, bytes: usize) -> Self {
        self.request_min_compression_size_bytes = bytes;
        self
    }

    /// Takes idempotency tokens from `generate` instead of random UUIDs,
    /// for example to make requests reproducible in tests.
    pub fn idempotency_token_generator(mut self, generate: impl Fn() -> String + Send + Sync + 'static) -> Self {
        self.idempotency_token = Some(Arc::new(generate));
        self
    }

    /// A token for an unset `@idempotencyToken` member.
    pub fn idempotency_token(&self) -> Result<String, TokenError> {
        match &self.idempotency_token {
            Some(generate) => Ok(generate()),
            None => random_uuid_v4(),
        }
    }

    /// Whether a body of `len` bytes is sent compressed.
    pub(crate) fn compresses(&self, len: usize) -> bool {
        !self.disable_request_compression && len >= self.request_min_compression_size_bytes
    }
}

/// The operating system gave no random bytes for an idempotency token.
#[derive(Debug)]
pub struct TokenError(getrandom::Error);

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no random bytes for an idempotency token: {}", self.0)
    }
}

impl std::error::Error for TokenError {}

/// A random (version 4) UUID in its usual lower-case text form.
pub fn random_uuid_v4() -> Result<String, TokenError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(TokenError)?;
    Ok(uuid_v4_text(bytes))
}

/// Formats 16 random bytes as a version 4, variant 1 UUID.
fn uuid_v4_text(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = String::with_capacity(36);
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push_str(&format!("{byte:02x}"));
    }
    text
}

/// Gzips a request body, as `@requestCompression` allows.
pub(crate) fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 2), flate2::Compression::default());
    encoder.write_all(body)?;
    encoder.finish()
}

/// The base64 MD5 digest `Content-MD5` carries.
pub(crate) fn content_md5(body: &[u8]) -> String {
    super::protocol::base64_encode(&md5::compute(body).0)
}

/// Whether `label` can stand as one label of a host name: 1 to 63 letters,
/// digits and hyphens, not starting with a hyphen.
pub fn is_valid_host_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The `@endpoint` host prefix of a request (such as `foo.bar.`), with its
/// labels filled in. It travels in the request's extensions; [`apply_endpoint`]
/// puts it in front of the endpoint's host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPrefix(String);

impl HostPrefix {
    pub(crate) fn new(prefix: String) -> Self {
        Self(prefix)
    }

    /// The prefix, such as `foo.bar.`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Points a serialized request at `endpoint` (such as
/// `https://connect.us-west-2.amazonaws.com`): its scheme and host, with the
/// operation's [`HostPrefix`] in front of the host, and its path in front of
/// the request's path.
pub fn apply_endpoint<B>(request: &mut http::Request<B>, endpoint: &str) -> Result<(), EndpointError> {
    let invalid = |message: String| EndpointError { endpoint: endpoint.to_owned(), message };
    let base: http::Uri = endpoint.parse().map_err(|e: http::uri::InvalidUri| invalid(e.to_string()))?;
    let (Some(scheme), Some(authority)) = (base.scheme(), base.authority()) else {
        return Err(invalid("an endpoint needs a scheme and a host, such as `https://example.com`".into()));
    };
    if base.query().is_some() {
        return Err(invalid("an endpoint cannot have a query string".into()));
    }
    let prefix = request.extensions().get::<HostPrefix>().map_or("", HostPrefix::as_str);
    let authority: http::uri::Authority = format!("{prefix}{authority}")
        .parse()
        .map_err(|e: http::uri::InvalidUri| invalid(format!("with the host prefix `{prefix}`: {e}")))?;
    let base_path = base.path().trim_end_matches('/');
    let request_path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let path_and_query: http::uri::PathAndQuery =
        format!("{base_path}{request_path}").parse().map_err(|e: http::uri::InvalidUri| invalid(e.to_string()))?;
    let uri = http::Uri::builder()
        .scheme(scheme.clone())
        .authority(authority)
        .path_and_query(path_and_query)
        .build()
        .map_err(|e| invalid(e.to_string()))?;
    *request.uri_mut() = uri;
    Ok(())
}

/// An endpoint a request cannot be sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    endpoint: String,
    message: String,
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid endpoint `{}`: {}", self.endpoint, self.message)
    }
}

impl std::error::Error for EndpointError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_carry_version_and_variant() {
        let text = uuid_v4_text([0xff; 16]);
        assert_eq!(text, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let text = uuid_v4_text([0; 16]);
        assert_eq!(text, "00000000-0000-4000-8000-000000000000");
        let random = random_uuid_v4().unwrap();
        assert_eq!(random.len(), 36);
        assert_ne!(random, random_uuid_v4().unwrap());
    }

    #[test]
    fn host_labels_follow_rfc_1123() {
        assert!(is_valid_host_label("bar-1"));
        for bad in ["", "-bar", "a.b", "a b", &"a".repeat(64)] {
            assert!(!is_valid_host_label(bad), "{bad:?}");
        }
    }

    #[test]
    fn endpoints_take_the_host_prefix_and_keep_their_path() {
        let mut request = http::Request::builder().uri("/op?x=1").body(()).unwrap();
        request.extensions_mut().insert(HostPrefix::new("foo.bar.".into()));
        apply_endpoint(&mut request, "https://example.com:8443/custom/").unwrap();
        assert_eq!(request.uri().to_string(), "https://foo.bar.example.com:8443/custom/op?x=1");
        assert!(apply_endpoint(&mut request, "example.com").is_err());
    }
}
