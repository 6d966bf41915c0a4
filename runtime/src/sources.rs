//! The runtime's own files, for a generator that writes a copy of the
//! runtime beside a standalone crate (feature `sources`). The runtime owns
//! this list; a test holds it to the directory.

/// Every file of the crate, by its path from the crate's root, with its
/// text; in path order.
pub const FILES: &[(&str, &str)] = &[
    ("Cargo.toml", include_str!("../Cargo.toml")),
    ("src/big_number.rs", include_str!("big_number.rs")),
    ("src/blob.rs", include_str!("blob.rs")),
    ("src/byte_stream.rs", include_str!("byte_stream.rs")),
    ("src/cbor/big.rs", include_str!("cbor/big.rs")),
    ("src/cbor/mod.rs", include_str!("cbor/mod.rs")),
    ("src/cbor/read/impls.rs", include_str!("cbor/read/impls.rs")),
    ("src/cbor/read/mod.rs", include_str!("cbor/read/mod.rs")),
    ("src/cbor/read/tests.rs", include_str!("cbor/read/tests.rs")),
    ("src/cbor/read/value.rs", include_str!("cbor/read/value.rs")),
    ("src/cbor/write.rs", include_str!("cbor/write.rs")),
    ("src/checksum.rs", include_str!("checksum.rs")),
    ("src/client/body.rs", include_str!("client/body.rs")),
    ("src/client/config.rs", include_str!("client/config.rs")),
    ("src/client/core.rs", include_str!("client/core.rs")),
    ("src/client/defaults.rs", include_str!("client/defaults.rs")),
    ("src/client/error.rs", include_str!("client/error.rs")),
    ("src/client/from_env.rs", include_str!("client/from_env.rs")),
    ("src/client/hyper.rs", include_str!("client/hyper.rs")),
    ("src/client/mod.rs", include_str!("client/mod.rs")),
    ("src/client/pages.rs", include_str!("client/pages.rs")),
    (
        "src/client/plain_http.rs",
        include_str!("client/plain_http.rs"),
    ),
    ("src/client/signer.rs", include_str!("client/signer.rs")),
    ("src/client/skew.rs", include_str!("client/skew.rs")),
    ("src/client/time.rs", include_str!("client/time.rs")),
    ("src/client/tls.rs", include_str!("client/tls.rs")),
    (
        "src/client/transport.rs",
        include_str!("client/transport.rs"),
    ),
    ("src/config/chain.rs", include_str!("config/chain.rs")),
    (
        "src/config/container.rs",
        include_str!("config/container.rs"),
    ),
    (
        "src/config/endpoint_url.rs",
        include_str!("config/endpoint_url.rs"),
    ),
    ("src/config/imds.rs", include_str!("config/imds.rs")),
    ("src/config/mod.rs", include_str!("config/mod.rs")),
    (
        "src/config/recursion.rs",
        include_str!("config/recursion.rs"),
    ),
    (
        "src/credentials/cache.rs",
        include_str!("credentials/cache.rs"),
    ),
    (
        "src/credentials/clock.rs",
        include_str!("credentials/clock.rs"),
    ),
    (
        "src/credentials/environment.rs",
        include_str!("credentials/environment.rs"),
    ),
    (
        "src/credentials/error.rs",
        include_str!("credentials/error.rs"),
    ),
    ("src/credentials/mod.rs", include_str!("credentials/mod.rs")),
    (
        "src/credentials/providers/blocking.rs",
        include_str!("credentials/providers/blocking.rs"),
    ),
    (
        "src/credentials/providers/chain.rs",
        include_str!("credentials/providers/chain.rs"),
    ),
    (
        "src/credentials/providers/container.rs",
        include_str!("credentials/providers/container.rs"),
    ),
    (
        "src/credentials/providers/dpop.rs",
        include_str!("credentials/providers/dpop.rs"),
    ),
    (
        "src/credentials/providers/http.rs",
        include_str!("credentials/providers/http.rs"),
    ),
    (
        "src/credentials/providers/imds.rs",
        include_str!("credentials/providers/imds.rs"),
    ),
    (
        "src/credentials/providers/json.rs",
        include_str!("credentials/providers/json.rs"),
    ),
    (
        "src/credentials/providers/login.rs",
        include_str!("credentials/providers/login.rs"),
    ),
    (
        "src/credentials/providers/mod.rs",
        include_str!("credentials/providers/mod.rs"),
    ),
    (
        "src/credentials/providers/os.rs",
        include_str!("credentials/providers/os.rs"),
    ),
    (
        "src/credentials/providers/process.rs",
        include_str!("credentials/providers/process.rs"),
    ),
    (
        "src/credentials/providers/profile.rs",
        include_str!("credentials/providers/profile.rs"),
    ),
    (
        "src/credentials/providers/sso.rs",
        include_str!("credentials/providers/sso.rs"),
    ),
    (
        "src/credentials/providers/sts.rs",
        include_str!("credentials/providers/sts.rs"),
    ),
    ("src/endpoint/eval.rs", include_str!("endpoint/eval.rs")),
    (
        "src/endpoint/functions.rs",
        include_str!("endpoint/functions.rs"),
    ),
    ("src/endpoint/mod.rs", include_str!("endpoint/mod.rs")),
    (
        "src/endpoint/partitions.rs",
        include_str!("endpoint/partitions.rs"),
    ),
    ("src/endpoint/rules.rs", include_str!("endpoint/rules.rs")),
    (
        "src/error_correction.rs",
        include_str!("error_correction.rs"),
    ),
    ("src/http_text.rs", include_str!("http_text.rs")),
    ("src/json/mod.rs", include_str!("json/mod.rs")),
    ("src/json/read/error.rs", include_str!("json/read/error.rs")),
    ("src/json/read/impls.rs", include_str!("json/read/impls.rs")),
    ("src/json/read/mod.rs", include_str!("json/read/mod.rs")),
    (
        "src/json/read/suggest.rs",
        include_str!("json/read/suggest.rs"),
    ),
    ("src/json/read/tests.rs", include_str!("json/read/tests.rs")),
    ("src/json/write.rs", include_str!("json/write.rs")),
    ("src/lib.rs", include_str!("lib.rs")),
    ("src/operation.rs", include_str!("operation.rs")),
    ("src/path.rs", include_str!("path.rs")),
    (
        "src/profile/location.rs",
        include_str!("profile/location.rs"),
    ),
    ("src/profile/mod.rs", include_str!("profile/mod.rs")),
    ("src/profile/parse.rs", include_str!("profile/parse.rs")),
    ("src/protocol_test.rs", include_str!("protocol_test.rs")),
    ("src/query.rs", include_str!("query.rs")),
    (
        "src/request/aws_chunked.rs",
        include_str!("request/aws_chunked.rs"),
    ),
    ("src/request/builder.rs", include_str!("request/builder.rs")),
    ("src/request/encode.rs", include_str!("request/encode.rs")),
    (
        "src/request/endpoint.rs",
        include_str!("request/endpoint.rs"),
    ),
    ("src/request/glacier.rs", include_str!("request/glacier.rs")),
    ("src/request/mod.rs", include_str!("request/mod.rs")),
    ("src/request/options.rs", include_str!("request/options.rs")),
    ("src/response/error.rs", include_str!("response/error.rs")),
    ("src/response/mod.rs", include_str!("response/mod.rs")),
    ("src/response/xml.rs", include_str!("response/xml.rs")),
    ("src/retry/adaptive.rs", include_str!("retry/adaptive.rs")),
    ("src/retry/mod.rs", include_str!("retry/mod.rs")),
    ("src/serde_support.rs", include_str!("serde_support.rs")),
    ("src/services/mod.rs", include_str!("services/mod.rs")),
    (
        "src/services/signin/builders.rs",
        include_str!("services/signin/builders.rs"),
    ),
    (
        "src/services/signin/client.rs",
        include_str!("services/signin/client.rs"),
    ),
    (
        "src/services/signin/endpoint.rs",
        include_str!("services/signin/endpoint.rs"),
    ),
    (
        "src/services/signin/endpoint_tests.rs",
        include_str!("services/signin/endpoint_tests.rs"),
    ),
    (
        "src/services/signin/errors.rs",
        include_str!("services/signin/errors.rs"),
    ),
    (
        "src/services/signin/json.rs",
        include_str!("services/signin/json.rs"),
    ),
    (
        "src/services/signin/mod.rs",
        include_str!("services/signin/mod.rs"),
    ),
    (
        "src/services/signin/operations.rs",
        include_str!("services/signin/operations.rs"),
    ),
    (
        "src/services/signin/protocol.rs",
        include_str!("services/signin/protocol.rs"),
    ),
    (
        "src/services/signin/types.rs",
        include_str!("services/signin/types.rs"),
    ),
    (
        "src/services/signin/validate.rs",
        include_str!("services/signin/validate.rs"),
    ),
    (
        "src/services/sso/builders.rs",
        include_str!("services/sso/builders.rs"),
    ),
    (
        "src/services/sso/client.rs",
        include_str!("services/sso/client.rs"),
    ),
    (
        "src/services/sso/endpoint.rs",
        include_str!("services/sso/endpoint.rs"),
    ),
    (
        "src/services/sso/endpoint_tests.rs",
        include_str!("services/sso/endpoint_tests.rs"),
    ),
    (
        "src/services/sso/errors.rs",
        include_str!("services/sso/errors.rs"),
    ),
    (
        "src/services/sso/json.rs",
        include_str!("services/sso/json.rs"),
    ),
    (
        "src/services/sso/mod.rs",
        include_str!("services/sso/mod.rs"),
    ),
    (
        "src/services/sso/operations.rs",
        include_str!("services/sso/operations.rs"),
    ),
    (
        "src/services/sso/protocol.rs",
        include_str!("services/sso/protocol.rs"),
    ),
    (
        "src/services/sso/types.rs",
        include_str!("services/sso/types.rs"),
    ),
    (
        "src/services/sso/validate.rs",
        include_str!("services/sso/validate.rs"),
    ),
    (
        "src/services/sso_oidc/builders.rs",
        include_str!("services/sso_oidc/builders.rs"),
    ),
    (
        "src/services/sso_oidc/client.rs",
        include_str!("services/sso_oidc/client.rs"),
    ),
    (
        "src/services/sso_oidc/endpoint.rs",
        include_str!("services/sso_oidc/endpoint.rs"),
    ),
    (
        "src/services/sso_oidc/endpoint_tests.rs",
        include_str!("services/sso_oidc/endpoint_tests.rs"),
    ),
    (
        "src/services/sso_oidc/errors.rs",
        include_str!("services/sso_oidc/errors.rs"),
    ),
    (
        "src/services/sso_oidc/json.rs",
        include_str!("services/sso_oidc/json.rs"),
    ),
    (
        "src/services/sso_oidc/mod.rs",
        include_str!("services/sso_oidc/mod.rs"),
    ),
    (
        "src/services/sso_oidc/operations.rs",
        include_str!("services/sso_oidc/operations.rs"),
    ),
    (
        "src/services/sso_oidc/protocol.rs",
        include_str!("services/sso_oidc/protocol.rs"),
    ),
    (
        "src/services/sso_oidc/types.rs",
        include_str!("services/sso_oidc/types.rs"),
    ),
    (
        "src/services/sso_oidc/validate.rs",
        include_str!("services/sso_oidc/validate.rs"),
    ),
    (
        "src/services/sts/builders.rs",
        include_str!("services/sts/builders.rs"),
    ),
    (
        "src/services/sts/client.rs",
        include_str!("services/sts/client.rs"),
    ),
    (
        "src/services/sts/endpoint.rs",
        include_str!("services/sts/endpoint.rs"),
    ),
    (
        "src/services/sts/endpoint_tests.rs",
        include_str!("services/sts/endpoint_tests.rs"),
    ),
    (
        "src/services/sts/errors.rs",
        include_str!("services/sts/errors.rs"),
    ),
    (
        "src/services/sts/json.rs",
        include_str!("services/sts/json.rs"),
    ),
    (
        "src/services/sts/mod.rs",
        include_str!("services/sts/mod.rs"),
    ),
    (
        "src/services/sts/operations.rs",
        include_str!("services/sts/operations.rs"),
    ),
    (
        "src/services/sts/protocol.rs",
        include_str!("services/sts/protocol.rs"),
    ),
    (
        "src/services/sts/query.rs",
        include_str!("services/sts/query.rs"),
    ),
    (
        "src/services/sts/types.rs",
        include_str!("services/sts/types.rs"),
    ),
    (
        "src/services/sts/validate.rs",
        include_str!("services/sts/validate.rs"),
    ),
    (
        "src/services/sts/xml.rs",
        include_str!("services/sts/xml.rs"),
    ),
    ("src/sigv4.rs", include_str!("sigv4.rs")),
    ("src/sources.rs", include_str!("sources.rs")),
    ("src/timestamp.rs", include_str!("timestamp.rs")),
    ("src/validate/mod.rs", include_str!("validate/mod.rs")),
    (
        "src/validate/pattern.rs",
        include_str!("validate/pattern.rs"),
    ),
    ("src/value.rs", include_str!("value.rs")),
    ("src/xml/mod.rs", include_str!("xml/mod.rs")),
    ("src/xml/read/impls.rs", include_str!("xml/read/impls.rs")),
    ("src/xml/read/mod.rs", include_str!("xml/read/mod.rs")),
    ("src/xml/read/tests.rs", include_str!("xml/read/tests.rs")),
    ("src/xml/write.rs", include_str!("xml/write.rs")),
];

#[cfg(test)]
mod tests {
    use super::FILES;

    /// Every file of the crate is listed, with its text, so a copy builds.
    #[test]
    fn the_list_is_the_whole_crate() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut on_disk = vec!["Cargo.toml".to_owned()];
        let mut pending = vec![root.join("src")];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let relative = path.strip_prefix(root).unwrap();
                    on_disk.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        on_disk.sort();
        let listed: Vec<&str> = FILES.iter().map(|(path, _)| *path).collect();
        assert_eq!(listed, on_disk);
        for (path, text) in FILES {
            let on_disk = std::fs::read_to_string(root.join(path)).unwrap();
            assert_eq!(*text, on_disk, "{path}");
        }
    }
}
