//! Assembling an operation's HTTP request, and what can go wrong there.

use std::fmt;

use crate::ByteStream;

/// Assembles the HTTP request of an operation.
#[derive(Debug)]
pub struct RequestBuilder {
    method: &'static str,
    path: String,
    query: String,
    query_names: Vec<String>,
    host_prefix: String,
    request: http::Request<ByteStream>,
}

impl RequestBuilder {
    /// A request with the operation's method and no path yet.
    pub fn new(method: &'static str) -> Self {
        Self {
            method,
            path: String::with_capacity(256),
            query: String::new(),
            query_names: Vec::new(),
            host_prefix: String::new(),
            request: http::Request::new(ByteStream::new()),
        }
    }

    /// Appends literal path text from the `@http` URI.
    pub fn path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends an `@httpLabel` value, percent-encoded. An empty value would
    /// put `//` on the wire, so it is an error.
    pub fn label(
        &mut self,
        member: &'static str,
        value: &str,
        greedy: bool,
    ) -> Result<(), RequestError> {
        if value.is_empty() {
            return Err(RequestError::new(member, RequestErrorKind::EmptyLabel));
        }
        super::encode::percent_encode_into(&mut self.path, value, greedy);
        Ok(())
    }

    /// Appends literal query text from the `@http` URI (`x-id=Op` or `flag`).
    pub fn literal_query(&mut self, literal: &str) {
        for pair in literal.split('&').filter(|pair| !pair.is_empty()) {
            self.separate_query();
            self.query.push_str(pair);
            let name = pair.split('=').next().unwrap_or(pair);
            self.query_names.push(name.to_owned());
        }
    }

    /// Appends one query parameter, both parts percent-encoded.
    pub fn query(&mut self, name: &str, value: &str) {
        self.separate_query();
        super::encode::percent_encode_into(&mut self.query, name, false);
        self.query.push('=');
        super::encode::percent_encode_into(&mut self.query, value, false);
        if !self.query_names.iter().any(|known| known == name) {
            self.query_names.push(name.to_owned());
        }
    }

    /// Whether a parameter of this name is already set; `@httpQuery` members
    /// take precedence over `@httpQueryParams` entries.
    pub fn has_query(&self, name: &str) -> bool {
        self.query_names.iter().any(|known| known == name)
    }

    fn separate_query(&mut self) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
    }

    /// Appends literal text of the `@endpoint` host prefix.
    pub fn host_prefix(&mut self, literal: &str) {
        self.host_prefix.push_str(literal);
    }

    /// Appends a `@hostLabel` value to the host prefix; it must be a valid
    /// host label, or the request would go to some other host.
    pub fn host_label(&mut self, member: &'static str, value: &str) -> Result<(), RequestError> {
        if !super::endpoint::is_valid_host_label(value) {
            return Err(RequestError::new(
                member,
                RequestErrorKind::InvalidHostLabel(value.to_owned()),
            ));
        }
        self.host_prefix.push_str(value);
        Ok(())
    }

    /// Sets a header, replacing an `@httpPrefixHeaders` entry of the same
    /// name. A value `http` cannot carry (a CR or LF) is an error.
    pub fn header(
        &mut self,
        member: &'static str,
        name: &str,
        value: &str,
    ) -> Result<(), RequestError> {
        let invalid = || {
            RequestError::new(
                member,
                RequestErrorKind::InvalidHeader {
                    name: name.to_owned(),
                },
            )
        };
        let name = http::HeaderName::try_from(name).map_err(|_| invalid())?;
        let value = http::HeaderValue::try_from(value).map_err(|_| invalid())?;
        self.request.headers_mut().insert(name, value);
        Ok(())
    }

    /// Sets one `@httpPrefixHeaders` entry: `prefix` then `key`. With an
    /// empty or short prefix the name is the caller's data, so the headers
    /// that frame the message or carry its signature are refused: the
    /// HTTP client and the signer own them.
    pub fn prefix_header(
        &mut self,
        member: &'static str,
        prefix: &str,
        key: &str,
        value: &str,
    ) -> Result<(), RequestError> {
        let name = format!("{prefix}{key}");
        if RESERVED_HEADERS
            .iter()
            .any(|reserved| reserved.eq_ignore_ascii_case(&name))
        {
            return Err(RequestError::new(
                member,
                RequestErrorKind::ReservedHeader { name },
            ));
        }
        self.header(member, &name, value)
    }

    /// Sets the body (bytes, or a streamed `@streaming` blob) and its
    /// content type, unless a member set the `Content-Type` header itself.
    pub fn body(
        &mut self,
        body: impl Into<ByteStream>,
        content_type: &str,
    ) -> Result<(), RequestError> {
        let value = http::HeaderValue::try_from(content_type).map_err(|_| {
            RequestError::new(
                "",
                RequestErrorKind::InvalidHeader {
                    name: "Content-Type".into(),
                },
            )
        })?;
        self.set_body(body, value);
        Ok(())
    }

    fn set_body(&mut self, body: impl Into<ByteStream>, content_type: http::HeaderValue) {
        *self.request.body_mut() = body.into();
        self.request
            .headers_mut()
            .entry(http::header::CONTENT_TYPE)
            .or_insert(content_type);
    }

    /// Gzips the body when the options allow it and it is large enough,
    /// adding `gzip` after any `Content-Encoding` a member set.
    #[cfg(feature = "compression")]
    pub fn compress(&mut self, options: &super::RequestOptions) -> Result<(), RequestError> {
        // A streamed body goes as it is: compression is the client's
        // choice, never a requirement.
        let Some(body) = self.request.body().as_bytes() else {
            return Ok(());
        };
        if !options.compresses(body.len()) {
            return Ok(());
        }
        let compressed = super::options::gzip(body)
            .map_err(|e| RequestError::new("", RequestErrorKind::Compression(e.to_string())))?;
        *self.request.body_mut() = compressed.into();
        self.add_content_encoding(|given| format!("{given}, gzip"), "gzip")
    }

    /// Adds an encoding to `Content-Encoding`: `combined` with the
    /// encodings a member set, else `alone`. Encodings are listed in the
    /// order they were applied.
    #[cfg(any(feature = "compression", feature = "checksums"))]
    fn add_content_encoding(
        &mut self,
        combined: impl FnOnce(&str) -> String,
        alone: &str,
    ) -> Result<(), RequestError> {
        let headers = self.request.headers_mut();
        let encoding = match headers
            .get(http::header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok())
        {
            Some(given) if !given.trim().is_empty() => combined(given),
            _ => alone.to_owned(),
        };
        let encoding = http::HeaderValue::try_from(encoding).map_err(|_| {
            RequestError::new(
                "",
                RequestErrorKind::InvalidHeader {
                    name: "Content-Encoding".into(),
                },
            )
        })?;
        headers.insert(http::header::CONTENT_ENCODING, encoding);
        Ok(())
    }

    /// Sets `Content-MD5` to the digest of the body as it will be sent, for
    /// operations marked `@httpChecksumRequired`.
    pub fn content_md5(&mut self) -> Result<(), RequestError> {
        let digest = super::options::content_md5(self.in_memory_body("Content-MD5")?);
        if let Ok(value) = http::HeaderValue::try_from(digest) {
            self.request.headers_mut().insert("content-md5", value);
        }
        Ok(())
    }

    /// The body's bytes, for a header that must hold their digest before
    /// they are sent; an error for a streamed body.
    fn in_memory_body(&self, header: &'static str) -> Result<&[u8], RequestError> {
        self.request
            .body()
            .as_bytes()
            .ok_or_else(|| RequestError::new("", RequestErrorKind::StreamedDigest { header }))
    }

    /// Gives the body the checksum `@httpChecksum` asks for: the algorithm
    /// the input names (`algorithm`), else CRC32 when the operation
    /// requires a checksum or the options ask for one wherever supported.
    /// None is added when the input set an `x-amz-checksum-*` header itself.
    /// A body in memory gets the checksum in a header; a streamed one is
    /// sent `aws-chunked`, with the checksum in a trailer computed as it
    /// goes (feature `checksums`).
    #[cfg(feature = "checksums")]
    pub fn checksum(
        &mut self,
        algorithm: Option<&str>,
        required: bool,
        options: &super::RequestOptions,
    ) -> Result<(), RequestError> {
        use crate::checksum::ChecksumAlgorithm;
        let algorithm = match algorithm {
            Some(name) => ChecksumAlgorithm::from_name(name).ok_or_else(|| {
                RequestError::new("", RequestErrorKind::UnsupportedChecksum(name.to_owned()))
            })?,
            None if required || options.checksums_when_supported() => ChecksumAlgorithm::Crc32,
            None => return Ok(()),
        };
        let headers = self.request.headers();
        if headers
            .keys()
            .any(|name| name.as_str().starts_with("x-amz-checksum-"))
        {
            return Ok(());
        }
        let header = algorithm.header_name();
        if let Some(bytes) = self.request.body().as_bytes() {
            if let Ok(value) = http::HeaderValue::try_from(algorithm.checksum(bytes)) {
                self.request.headers_mut().insert(header, value);
            }
            return Ok(());
        }
        let body = std::mem::take(self.request.body_mut());
        let Some(decoded) = body.length() else {
            return Err(RequestError::new("", RequestErrorKind::StreamedLength));
        };
        let encoded = super::aws_chunked::encoded_length(decoded, algorithm);
        // aws-chunked is undone first, so it comes first.
        self.add_content_encoding(|given| format!("aws-chunked, {given}"), "aws-chunked")?;
        let headers = self.request.headers_mut();
        headers.insert(
            "x-amz-decoded-content-length",
            http::HeaderValue::from(decoded),
        );
        headers.insert(
            "x-amz-trailer",
            http::HeaderValue::from_static(algorithm.header_name()),
        );
        // What SigV4 signs in place of the payload's hash: the body is
        // not signed, its trailer is checked by the service.
        headers.insert(
            "x-amz-content-sha256",
            http::HeaderValue::from_static("STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
        );
        *self.request.body_mut() = body.wrapped(encoded, move |body| {
            super::aws_chunked::encode(body, algorithm)
        });
        Ok(())
    }

    /// Asks the service for the response's checksum (`@httpChecksum`'s
    /// `requestValidationModeMember`, bound to `header`) when the input did
    /// not say and the options ask wherever supported.
    pub fn checksum_mode(&mut self, header: &'static str, options: &super::RequestOptions) {
        let headers = self.request.headers_mut();
        if options.validates_when_supported() && !headers.contains_key(header) {
            headers.insert(
                http::HeaderName::from_static(header),
                http::HeaderValue::from_static("ENABLED"),
            );
        }
    }

    /// Sets Glacier's payload checksums: `x-amz-content-sha256`, the
    /// SHA-256 of the body, and `x-amz-sha256-tree-hash`, its tree hash,
    /// unless the input gave one (feature `glacier`).
    #[cfg(feature = "glacier")]
    pub fn glacier_checksums(&mut self) -> Result<(), RequestError> {
        let body = self.in_memory_body("x-amz-sha256-tree-hash")?;
        let (sha256, tree_hash) = (
            super::glacier::sha256_hex(body),
            super::glacier::tree_hash_hex(body),
        );
        let headers = self.request.headers_mut();
        if !headers.contains_key("x-amz-sha256-tree-hash") {
            if let Ok(value) = http::HeaderValue::try_from(tree_hash) {
                headers.insert("x-amz-sha256-tree-hash", value);
            }
        }
        if let Ok(value) = http::HeaderValue::try_from(sha256) {
            headers.insert("x-amz-content-sha256", value);
        }
        Ok(())
    }

    /// Sets a document body (JSON or CBOR), which `write` appends to an
    /// empty buffer, sent as `content_type` (which differs between the
    /// protocols).
    pub fn document_body(
        &mut self,
        content_type: &'static str,
        write: impl FnOnce(&mut Vec<u8>) -> Result<(), crate::json::WriteError>,
    ) -> Result<(), RequestError> {
        // Most bodies fit, and a first allocation of 1 KiB costs no more than
        // a smaller one that has to grow.
        let mut bytes = Vec::with_capacity(1024);
        write(&mut bytes).map_err(|e| RequestError::new("", RequestErrorKind::Json(e)))?;
        self.set_body(bytes, http::HeaderValue::from_static(content_type));
        Ok(())
    }

    /// The finished request, with `Content-Length` for a body. The host is
    /// the caller's to add (see [`super::apply_endpoint`]); a host
    /// prefix travels in the extensions.
    pub fn build(self) -> Result<http::Request<ByteStream>, RequestError> {
        let Self {
            method,
            mut path,
            query,
            host_prefix,
            mut request,
            ..
        } = self;
        // A stream of no declared length goes with `Transfer-Encoding:
        // chunked` instead.
        if let Some(length) = request.body().length().filter(|&length| length > 0) {
            request.headers_mut().insert(
                http::header::CONTENT_LENGTH,
                http::HeaderValue::from(length),
            );
        }
        if !host_prefix.is_empty() {
            request
                .extensions_mut()
                .insert(super::HostPrefix::new(host_prefix));
        }
        if path.is_empty() {
            path.push('/');
            request.extensions_mut().insert(super::endpoint::EmptyPath);
        }
        if !query.is_empty() {
            path.push('?');
            path.push_str(&query);
        }
        let invalid =
            |message: String| RequestError::new("", RequestErrorKind::InvalidUri(message));
        *request.method_mut() = http::Method::from_bytes(method.as_bytes())
            .map_err(|e| invalid(format!("method `{method}`: {e}")))?;
        *request.uri_mut() = http::Uri::try_from(path).map_err(|e| invalid(e.to_string()))?;
        Ok(request)
    }
}

/// Headers that framing and signing own: a map of headers a caller fills
/// must not set them.
const RESERVED_HEADERS: &[&str] = &[
    "authorization",
    "connection",
    "content-length",
    "expect",
    "host",
    "keep-alive",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "x-amz-content-sha256",
    "x-amz-date",
    "x-amz-security-token",
];

/// An input that cannot become a request.
#[derive(Debug)]
pub struct RequestError {
    member: &'static str,
    kind: RequestErrorKind,
}

/// What is wrong with the input.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestErrorKind {
    /// An `@httpLabel` member is not set.
    MissingLabel,
    /// An `@httpLabel` member is empty, which would put `//` on the wire.
    EmptyLabel,
    /// A header name or value the `http` crate cannot carry, such as a value
    /// with a CR or LF in it.
    InvalidHeader {
        /// The header's name.
        name: String,
    },
    /// An `@httpPrefixHeaders` entry would set a header that framing or
    /// signing owns, such as `Host`, `Content-Length` or `Authorization`.
    ReservedHeader {
        /// The header's name.
        name: String,
    },
    /// The path and query do not form a URI.
    InvalidUri(String),
    /// The JSON body could not be written.
    Json(crate::json::WriteError),
    /// A `@hostLabel` value that is not a valid host label.
    InvalidHostLabel(String),
    /// The body could not be compressed.
    Compression(String),
    /// The member is an event stream, whose frames the generated code does
    /// not write.
    EventStream,
    /// A header must hold a digest of the body before it is sent, and the
    /// body is a stream (Glacier's tree hash, `Content-MD5`).
    StreamedDigest {
        /// The header.
        header: &'static str,
    },
    /// A streamed body that carries a checksum trailer must declare its
    /// length (see [`crate::ByteStream::with_length`]).
    StreamedLength,
    /// The input names a checksum algorithm this crate does not compute.
    UnsupportedChecksum(String),
}

impl RequestError {
    /// An error about one member (its model name).
    pub fn new(member: &'static str, kind: RequestErrorKind) -> Self {
        Self { member, kind }
    }

    /// Refuses to send the event stream `member`, whose frames the generated
    /// code does not write.
    pub fn event_stream(member: &'static str) -> Result<(), Self> {
        Err(Self::new(member, RequestErrorKind::EventStream))
    }

    /// The model name of the member at fault; empty when it is no one member.
    pub fn member(&self) -> &'static str {
        self.member
    }

    /// What is wrong.
    pub fn kind(&self) -> &RequestErrorKind {
        &self.kind
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot build the request")?;
        if !self.member.is_empty() {
            write!(f, ": member `{}`", self.member)?;
        }
        match &self.kind {
            RequestErrorKind::MissingLabel => f.write_str(": the URI label is not set"),
            RequestErrorKind::EmptyLabel => f.write_str(": the URI label is empty"),
            RequestErrorKind::InvalidHeader { name } => {
                write!(
                    f,
                    ": header `{name}` cannot hold the value (CR, LF or another control character)"
                )
            }
            RequestErrorKind::ReservedHeader { name } => write!(
                f,
                ": header `{name}` is set by the HTTP client or the signer, not by a header map"
            ),
            RequestErrorKind::InvalidUri(message) => write!(f, ": invalid URI {message}"),
            RequestErrorKind::Json(e) => write!(f, ": {e}"),
            RequestErrorKind::InvalidHostLabel(value) => {
                write!(
                    f,
                    ": {value:?} is not a valid host label (letters, digits and `-`, at most 63)"
                )
            }
            RequestErrorKind::Compression(message) => {
                write!(f, ": cannot compress the body: {message}")
            }
            RequestErrorKind::EventStream => {
                f.write_str(": it is an event stream, which this crate does not send")
            }
            RequestErrorKind::StreamedDigest { header } => write!(
                f,
                ": `{header}` needs a digest of the whole body before it is sent, and the body is a stream: give it as bytes"
            ),
            RequestErrorKind::StreamedLength => f.write_str(
                ": a streamed body sent with a checksum must declare its length (`ByteStream::with_length`)",
            ),
            RequestErrorKind::UnsupportedChecksum(name) => write!(
                f,
                ": the checksum algorithm `{name}` is not one this crate computes (CRC32, CRC32C, CRC64NVME, SHA1, SHA256, SHA512, MD5)"
            ),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            RequestErrorKind::Json(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_headers_cannot_set_what_framing_and_signing_own() {
        for name in [
            "Host",
            "content-length",
            "Transfer-Encoding",
            "Authorization",
            "X-Amz-Date",
        ] {
            let mut request = RequestBuilder::new("PUT");
            let error = request.prefix_header("Meta", "", name, "1").unwrap_err();
            assert_eq!(error.member(), "Meta");
            assert!(
                matches!(error.kind(), RequestErrorKind::ReservedHeader { name: n } if n == name),
                "{name}"
            );
            assert!(
                error.to_string().contains(&format!("header `{name}`")),
                "{error}"
            );
        }
        // The prefix is part of the name: `x-meta-host` is anyone's.
        let mut request = RequestBuilder::new("PUT");
        request.path("/");
        request
            .prefix_header("Meta", "x-meta-", "host", "a")
            .unwrap();
        request.prefix_header("Meta", "", "x-custom", "b").unwrap();
        let request = request.build().unwrap();
        assert_eq!(request.headers()["x-meta-host"], "a");
        assert_eq!(request.headers()["x-custom"], "b");
    }
    /// A streamed body made anew per attempt stays so once it carries a
    /// checksum trailer: a retry sends the whole encoded body again.
    #[cfg(feature = "checksums")]
    #[test]
    fn a_checksummed_stream_can_still_be_sent_again() {
        use bytes::Bytes;
        struct Once(Option<Bytes>);
        impl futures_core::Stream for Once {
            type Item = Result<Bytes, std::io::Error>;
            fn poll_next(
                mut self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Option<Self::Item>> {
                std::task::Poll::Ready(self.0.take().map(Ok))
            }
        }
        let body = ByteStream::from_fn(|| Once(Some(Bytes::from_static(b"hello")))).with_length(5);
        let mut builder = RequestBuilder::new("PUT");
        builder.body(body, "application/octet-stream").unwrap();
        builder
            .checksum(None, false, &super::super::RequestOptions::default())
            .unwrap();
        let request = builder.build().unwrap();
        let drain = |body: ByteStream| {
            let waker = std::task::Waker::noop();
            let mut cx = std::task::Context::from_waker(waker);
            let mut body = std::pin::pin!(body);
            let mut out = Vec::new();
            while let std::task::Poll::Ready(Some(chunk)) =
                futures_core::Stream::poll_next(body.as_mut(), &mut cx)
            {
                out.extend_from_slice(&chunk.unwrap());
            }
            out
        };
        let again = request
            .body()
            .replay()
            .expect("a body made anew per attempt");
        let first = drain(request.body().clone());
        assert_eq!(first, drain(again));
        assert!(first.starts_with(b"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:"));
        assert_eq!(
            request.headers()["content-length"].to_str().unwrap(),
            first.len().to_string()
        );
    }
}
