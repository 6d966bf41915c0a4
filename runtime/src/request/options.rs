//! The options that change how a request is written (compression,
//! idempotency tokens), and what they need: gzip, digests, random UUIDs.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Settings that change how a request is written, not what it means.
///
/// The defaults are those of the AWS SDKs: bodies of operations marked
/// `@requestCompression` are gzipped from 10,240 bytes, unset
/// `@idempotencyToken` members get a random version 4 UUID, and the bodies
/// of operations that take an `@httpChecksum` carry one, with response
/// checksums asked for wherever an operation can give them.
#[derive(Clone)]
pub struct RequestOptions {
    disable_request_compression: bool,
    request_min_compression_size_bytes: usize,
    idempotency_token: Option<Arc<dyn Fn() -> String + Send + Sync>>,
    request_checksum_calculation: When,
    response_checksum_validation: When,
}

/// When a checksum is computed or asked for: the AWS SDKs'
/// `request_checksum_calculation` and `response_checksum_validation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum When {
    /// Whenever the operation supports it (the default).
    #[default]
    Supported,
    /// Only when the operation requires it, or the input asks for it.
    Required,
}

impl Default for RequestOptions {
    fn default() -> Self {
        Self {
            disable_request_compression: false,
            request_min_compression_size_bytes: 10_240,
            idempotency_token: None,
            request_checksum_calculation: When::Supported,
            response_checksum_validation: When::Supported,
        }
    }
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field(
                "disable_request_compression",
                &self.disable_request_compression,
            )
            .field(
                "request_min_compression_size_bytes",
                &self.request_min_compression_size_bytes,
            )
            .field(
                "idempotency_token",
                &self
                    .idempotency_token
                    .as_ref()
                    .map_or("random", |_| "custom"),
            )
            .field(
                "request_checksum_calculation",
                &self.request_checksum_calculation,
            )
            .field(
                "response_checksum_validation",
                &self.response_checksum_validation,
            )
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
    pub fn idempotency_token_generator(
        mut self,
        generate: impl Fn() -> String + Send + Sync + 'static,
    ) -> Self {
        self.idempotency_token = Some(Arc::new(generate));
        self
    }

    /// When request bodies carry a checksum (default: whenever the
    /// operation supports one).
    pub fn request_checksum_calculation(mut self, when: When) -> Self {
        self.request_checksum_calculation = when;
        self
    }

    /// When responses are asked for their checksum (default: whenever the
    /// operation supports it). A checksum the response carries is always
    /// checked.
    pub fn response_checksum_validation(mut self, when: When) -> Self {
        self.response_checksum_validation = when;
        self
    }

    /// Whether a request body carries a checksum the operation supports
    /// but does not require.
    #[cfg(feature = "checksums")]
    pub(crate) fn checksums_when_supported(&self) -> bool {
        self.request_checksum_calculation == When::Supported
    }

    /// Whether responses are asked for their checksums unprompted.
    pub(crate) fn validates_when_supported(&self) -> bool {
        self.response_checksum_validation == When::Supported
    }

    /// A token for an unset `@idempotencyToken` member.
    pub fn idempotency_token(&self) -> String {
        match &self.idempotency_token {
            Some(generate) => generate(),
            None => random_uuid_v4(),
        }
    }

    /// Whether a body of `len` bytes is sent compressed.
    #[cfg(feature = "compression")]
    pub(crate) fn compresses(&self, len: usize) -> bool {
        !self.disable_request_compression && len >= self.request_min_compression_size_bytes
    }
}

/// A random (version 4) UUID in its usual lower-case text form.
///
/// Idempotency tokens need to be unique, not secret. The bits come from
/// SipHash keyed by std's `RandomState`, whose keys the operating system's
/// random source seeds, over a process-wide counter and the clock; the AWS
/// SDKs use a seeded non-cryptographic generator the same way.
pub fn random_uuid_v4() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut bytes = [0u8; 16];
    for (half, chunk) in bytes.chunks_mut(8).enumerate() {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(count);
        hasher.write_u128(nanos);
        hasher.write_usize(half);
        chunk.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    uuid_v4_text(bytes)
}

/// Formats 16 random bytes as a version 4, variant 1 UUID.
pub(crate) fn uuid_v4_text(mut bytes: [u8; 16]) -> String {
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
#[cfg(feature = "compression")]
pub(crate) fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 2),
        flate2::Compression::default(),
    );
    encoder.write_all(body)?;
    encoder.finish()
}

/// The base64 MD5 digest `Content-MD5` carries.
pub(crate) fn content_md5(body: &[u8]) -> String {
    crate::blob::base64_encode(&md5::compute(body).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_carry_version_and_variant() {
        let text = uuid_v4_text([0xff; 16]);
        assert_eq!(text, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let text = uuid_v4_text([0; 16]);
        assert_eq!(text, "00000000-0000-4000-8000-000000000000");
        let random = random_uuid_v4();
        assert_eq!(random.len(), 36);
        assert_eq!(&random[14..15], "4");
        let many: std::collections::BTreeSet<String> =
            (0..1000).map(|_| random_uuid_v4()).collect();
        assert_eq!(many.len(), 1000);
    }

    #[test]
    #[cfg(feature = "compression")]
    fn compression_is_from_the_minimum_unless_disabled() {
        let options = RequestOptions::default();
        assert!(!options.compresses(10_239) && options.compresses(10_240));
        assert!(!options
            .clone()
            .disable_request_compression(true)
            .compresses(1 << 20));
        assert!(options.request_min_compression_size_bytes(0).compresses(0));
    }

    #[test]
    fn md5_matches_rfc_1321() {
        // RFC 1321's test suite: MD5("abc") = 900150983cd24fb0d6963f7d28e17f72.
        assert_eq!(content_md5(b"abc"), "kAFQmDzST7DWlj99KOF/cg==");
    }
}
