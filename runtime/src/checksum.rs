//! `@httpChecksum`: the checksums of request bodies and their validation
//! in responses, as `x-amz-checksum-*` headers or trailers carry them
//! (base64 of the big-endian digest). Computing them takes the feature
//! `checksums`.
//!
//! CRC32 is crc32fast's (with the CPU's carry-less multiply where it has
//! one), CRC32C and CRC64NVME the `crc` crate's table-driven ones, and the
//! digests RustCrypto's and the `md5` crate's.

use std::fmt;

#[cfg(feature = "checksums")]
use crc::{Crc, Digest, Table, CRC_32_ISCSI, CRC_64_NVME};
#[cfg(feature = "checksums")]
use sha1::Digest as _;

#[cfg(feature = "checksums")]
static CRC32C: Crc<u32, Table<16>> = Crc::<u32, Table<16>>::new(&CRC_32_ISCSI);
#[cfg(feature = "checksums")]
static CRC64NVME: Crc<u64, Table<16>> = Crc::<u64, Table<16>>::new(&CRC_64_NVME);

/// A checksum algorithm services accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChecksumAlgorithm {
    /// CRC-32 (ISO HDLC), the AWS SDKs' default.
    Crc32,
    /// CRC-32C (Castagnoli).
    Crc32c,
    /// CRC-64/NVME.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-512.
    Sha512,
    /// MD5.
    Md5,
}

impl ChecksumAlgorithm {
    /// Every algorithm, in the order responses are validated by: the
    /// cheapest first.
    pub const ALL: [Self; 7] = [
        Self::Crc64Nvme,
        Self::Crc32,
        Self::Crc32c,
        Self::Sha256,
        Self::Sha1,
        Self::Sha512,
        Self::Md5,
    ];

    /// The algorithm a model's name (`CRC32`, `SHA256`...) stands for, in
    /// any case; `None` for one this crate does not compute.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|algorithm| algorithm.name().eq_ignore_ascii_case(name))
    }

    /// The model's name of the algorithm.
    pub fn name(self) -> &'static str {
        match self {
            Self::Crc32 => "CRC32",
            Self::Crc32c => "CRC32C",
            Self::Crc64Nvme => "CRC64NVME",
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
            Self::Sha512 => "SHA512",
            Self::Md5 => "MD5",
        }
    }

    /// The header or trailer that carries the checksum.
    pub fn header_name(self) -> &'static str {
        match self {
            Self::Crc32 => "x-amz-checksum-crc32",
            Self::Crc32c => "x-amz-checksum-crc32c",
            Self::Crc64Nvme => "x-amz-checksum-crc64nvme",
            Self::Sha1 => "x-amz-checksum-sha1",
            Self::Sha256 => "x-amz-checksum-sha256",
            Self::Sha512 => "x-amz-checksum-sha512",
            Self::Md5 => "x-amz-checksum-md5",
        }
    }

    /// The length of the checksum's base64 text: the trailer of a streamed
    /// body is counted in its `Content-Length` before it is computed.
    pub fn encoded_len(self) -> usize {
        let digest: usize = match self {
            Self::Crc32 | Self::Crc32c => 4,
            Self::Crc64Nvme => 8,
            Self::Sha1 => 20,
            Self::Sha256 => 32,
            Self::Sha512 => 64,
            Self::Md5 => 16,
        };
        digest.div_ceil(3) * 4
    }

    /// A hasher to feed the body to.
    #[cfg(feature = "checksums")]
    pub fn hasher(self) -> Hasher {
        Hasher(match self {
            Self::Crc32 => State::Crc32(crc32fast::Hasher::new()),
            Self::Crc32c => State::Crc32c(CRC32C.digest()),
            Self::Crc64Nvme => State::Crc64Nvme(CRC64NVME.digest()),
            Self::Sha1 => State::Sha1(sha1::Sha1::new()),
            Self::Sha256 => State::Sha256(sha2::Sha256::new()),
            Self::Sha512 => State::Sha512(sha2::Sha512::new()),
            Self::Md5 => State::Md5(md5::Context::new()),
        })
    }

    /// The checksum of `bytes`, as the header carries it.
    #[cfg(feature = "checksums")]
    pub fn checksum(self, bytes: &[u8]) -> String {
        let mut hasher = self.hasher();
        hasher.update(bytes);
        hasher.finish()
    }
}

impl fmt::Display for ChecksumAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A checksum being computed.
#[cfg(feature = "checksums")]
pub struct Hasher(State);

#[cfg(feature = "checksums")]
enum State {
    Crc32(crc32fast::Hasher),
    Crc32c(Digest<'static, u32, Table<16>>),
    Crc64Nvme(Digest<'static, u64, Table<16>>),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Sha512(sha2::Sha512),
    Md5(md5::Context),
}

#[cfg(feature = "checksums")]
impl Hasher {
    /// Feeds `bytes`.
    pub fn update(&mut self, bytes: &[u8]) {
        match &mut self.0 {
            State::Crc32(hasher) => hasher.update(bytes),
            State::Crc32c(digest) => digest.update(bytes),
            State::Crc64Nvme(digest) => digest.update(bytes),
            State::Sha1(hasher) => hasher.update(bytes),
            State::Sha256(hasher) => hasher.update(bytes),
            State::Sha512(hasher) => hasher.update(bytes),
            State::Md5(context) => context.consume(bytes),
        }
    }

    /// The checksum: base64 of the big-endian digest.
    pub fn finish(self) -> String {
        let digest = match self.0 {
            State::Crc32(hasher) => hasher.finalize().to_be_bytes().to_vec(),
            State::Crc32c(digest) => digest.finalize().to_be_bytes().to_vec(),
            State::Crc64Nvme(digest) => digest.finalize().to_be_bytes().to_vec(),
            State::Sha1(hasher) => hasher.finalize().to_vec(),
            State::Sha256(hasher) => hasher.finalize().to_vec(),
            State::Sha512(hasher) => hasher.finalize().to_vec(),
            State::Md5(context) => context.finalize().0.to_vec(),
        };
        crate::blob::base64_encode(&digest)
    }
}

#[cfg(feature = "checksums")]
impl fmt::Debug for Hasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Hasher")
    }
}

/// The checksum a response carries for the first of `algorithms` (in
/// [`ChecksumAlgorithm::ALL`]'s order) it has a header for; `None` when it
/// has none, or only a checksum of parts (`…-3`, a multipart upload's),
/// which no reading of the whole body can check.
pub fn response_checksum(
    headers: &http::HeaderMap,
    algorithms: &[ChecksumAlgorithm],
) -> Option<(ChecksumAlgorithm, String)> {
    ChecksumAlgorithm::ALL
        .into_iter()
        .filter(|algorithm| algorithms.contains(algorithm))
        .find_map(|algorithm| {
            let value = headers.get(algorithm.header_name())?.to_str().ok()?;
            (!value.contains('-')).then(|| (algorithm, value.trim().to_owned()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check values of the CRC catalogue (the checksum of the ASCII
    /// digits `123456789`) and of the published digests of `abc`.
    #[cfg(feature = "checksums")]
    #[test]
    fn checksums_match_the_published_check_values() {
        use base64::Engine as _;
        let decode = |text: String| {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .unwrap()
        };
        let check = |algorithm: ChecksumAlgorithm| decode(algorithm.checksum(b"123456789"));
        assert_eq!(
            check(ChecksumAlgorithm::Crc32),
            0xCBF4_3926u32.to_be_bytes()
        );
        assert_eq!(
            check(ChecksumAlgorithm::Crc32c),
            0xE306_9283u32.to_be_bytes()
        );
        assert_eq!(
            check(ChecksumAlgorithm::Crc64Nvme),
            0xAE8B_1486_0A79_9888u64.to_be_bytes()
        );
        let hex = |algorithm: ChecksumAlgorithm| {
            decode(algorithm.checksum(b"abc"))
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect::<String>()
        };
        assert_eq!(
            hex(ChecksumAlgorithm::Sha1),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex(ChecksumAlgorithm::Sha256),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(ChecksumAlgorithm::Md5),
            "900150983cd24fb0d6963f7d28e17f72"
        );
        assert!(hex(ChecksumAlgorithm::Sha512).starts_with("ddaf35a193617aba"));
        for algorithm in ChecksumAlgorithm::ALL {
            assert_eq!(
                algorithm.checksum(b"").len(),
                algorithm.encoded_len(),
                "{algorithm}"
            );
        }
    }

    #[test]
    fn names_are_read_in_any_case_and_unknown_ones_are_refused() {
        assert_eq!(
            ChecksumAlgorithm::from_name("crc64nvme"),
            Some(ChecksumAlgorithm::Crc64Nvme)
        );
        assert_eq!(
            ChecksumAlgorithm::from_name("SHA256"),
            Some(ChecksumAlgorithm::Sha256)
        );
        assert_eq!(ChecksumAlgorithm::from_name("XXHASH64"), None);
    }

    #[test]
    fn responses_are_checked_by_the_first_algorithm_they_carry_whole() {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amz-checksum-sha256", "c2hh".parse().unwrap());
        headers.insert("x-amz-checksum-crc32", "Y3Jj".parse().unwrap());
        let all = ChecksumAlgorithm::ALL;
        assert_eq!(
            response_checksum(&headers, &all),
            Some((ChecksumAlgorithm::Crc32, "Y3Jj".to_owned()))
        );
        assert_eq!(
            response_checksum(&headers, &[ChecksumAlgorithm::Sha256]),
            Some((ChecksumAlgorithm::Sha256, "c2hh".to_owned()))
        );
        headers.insert("x-amz-checksum-crc32", "Y3Jj-3".parse().unwrap());
        headers.remove("x-amz-checksum-sha256");
        assert_eq!(response_checksum(&headers, &all), None);
    }
}
