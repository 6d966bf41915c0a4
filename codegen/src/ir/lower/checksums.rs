//! `aws.protocols#httpChecksum`, resolved against the operation's input:
//! the field that names the request checksum's algorithm, the header that
//! asks for response checksums, and the response algorithms the runtime
//! can check.

use crate::ir::{ChecksumIr, Field, HttpBinding, Presence, RequestChecksum, RustType};
use crate::model::known::HttpChecksum;

/// The model's algorithm names the runtime computes, with its variants of
/// `ChecksumAlgorithm`, in the order responses are checked by.
const ALGORITHMS: [(&str, &str); 7] = [
    ("CRC64NVME", "Crc64Nvme"),
    ("CRC32", "Crc32"),
    ("CRC32C", "Crc32c"),
    ("SHA256", "Sha256"),
    ("SHA1", "Sha1"),
    ("SHA512", "Sha512"),
    ("MD5", "Md5"),
];

/// The checksums of an operation with `@httpChecksum`, given its input's
/// fields; response algorithms the runtime cannot compute (the XXHASH
/// family) are left unchecked.
pub(super) fn resolve(trait_: &HttpChecksum, input: &[Field]) -> ChecksumIr {
    let field = |member: &Option<String>| {
        let member = member.as_ref()?;
        input.iter().find(|field| &field.member == member)
    };
    let request = (trait_.request_algorithm_member.is_some() || trait_.request_checksum_required)
        .then(|| RequestChecksum {
            algorithm: field(&trait_.request_algorithm_member).map(|field| {
                (
                    field.name.clone(),
                    field.presence == Presence::Optional,
                    matches!(field.ty, RustType::Named(_)),
                )
            }),
            required: trait_.request_checksum_required,
        });
    let validation_header =
        field(&trait_.request_validation_mode_member).and_then(|field| match &field.binding {
            HttpBinding::Header(name) => Some(name.to_ascii_lowercase()),
            _ => None,
        });
    let response_algorithms = ALGORITHMS
        .iter()
        .filter(|(name, _)| {
            trait_
                .response_algorithms
                .iter()
                .any(|given| given.eq_ignore_ascii_case(name))
        })
        .map(|(_, variant)| (*variant).to_owned())
        .collect();
    ChecksumIr {
        request,
        validation_header,
        response_algorithms,
    }
}
