//! The files that make the output a crate: `Cargo.toml`, `lib.rs`, and for
//! a standalone crate the runtime crate beside its sources.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::ir::ServiceIr;

/// The runtime crate, as this repository holds it: its files, relative to
/// its root, for standalone crates to carry beside them.
const RUNTIME: [(&str, &str); 41] = [
    ("Cargo.toml", include_str!("../../../runtime/Cargo.toml")),
    (
        "src/client/body.rs",
        include_str!("../../../runtime/src/client/body.rs"),
    ),
    (
        "src/client/config.rs",
        include_str!("../../../runtime/src/client/config.rs"),
    ),
    (
        "src/client/core.rs",
        include_str!("../../../runtime/src/client/core.rs"),
    ),
    (
        "src/client/error.rs",
        include_str!("../../../runtime/src/client/error.rs"),
    ),
    (
        "src/client/hyper.rs",
        include_str!("../../../runtime/src/client/hyper.rs"),
    ),
    (
        "src/client/mod.rs",
        include_str!("../../../runtime/src/client/mod.rs"),
    ),
    (
        "src/client/pages.rs",
        include_str!("../../../runtime/src/client/pages.rs"),
    ),
    (
        "src/client/time.rs",
        include_str!("../../../runtime/src/client/time.rs"),
    ),
    (
        "src/client/tls.rs",
        include_str!("../../../runtime/src/client/tls.rs"),
    ),
    (
        "src/client/transport.rs",
        include_str!("../../../runtime/src/client/transport.rs"),
    ),
    (
        "src/big_number.rs",
        include_str!("../../../runtime/src/big_number.rs"),
    ),
    ("src/blob.rs", include_str!("../../../runtime/src/blob.rs")),
    (
        "src/endpoint/eval.rs",
        include_str!("../../../runtime/src/endpoint/eval.rs"),
    ),
    (
        "src/endpoint/functions.rs",
        include_str!("../../../runtime/src/endpoint/functions.rs"),
    ),
    (
        "src/endpoint/mod.rs",
        include_str!("../../../runtime/src/endpoint/mod.rs"),
    ),
    (
        "src/endpoint/partitions.rs",
        include_str!("../../../runtime/src/endpoint/partitions.rs"),
    ),
    (
        "src/endpoint/rules.rs",
        include_str!("../../../runtime/src/endpoint/rules.rs"),
    ),
    (
        "src/error_correction.rs",
        include_str!("../../../runtime/src/error_correction.rs"),
    ),
    (
        "src/http_text.rs",
        include_str!("../../../runtime/src/http_text.rs"),
    ),
    (
        "src/json/mod.rs",
        include_str!("../../../runtime/src/json/mod.rs"),
    ),
    (
        "src/json/read.rs",
        include_str!("../../../runtime/src/json/read.rs"),
    ),
    (
        "src/json/write.rs",
        include_str!("../../../runtime/src/json/write.rs"),
    ),
    ("src/lib.rs", include_str!("../../../runtime/src/lib.rs")),
    (
        "src/operation.rs",
        include_str!("../../../runtime/src/operation.rs"),
    ),
    ("src/path.rs", include_str!("../../../runtime/src/path.rs")),
    (
        "src/protocol_test.rs",
        include_str!("../../../runtime/src/protocol_test.rs"),
    ),
    (
        "src/request/builder.rs",
        include_str!("../../../runtime/src/request/builder.rs"),
    ),
    (
        "src/request/encode.rs",
        include_str!("../../../runtime/src/request/encode.rs"),
    ),
    (
        "src/request/endpoint.rs",
        include_str!("../../../runtime/src/request/endpoint.rs"),
    ),
    (
        "src/request/mod.rs",
        include_str!("../../../runtime/src/request/mod.rs"),
    ),
    (
        "src/request/options.rs",
        include_str!("../../../runtime/src/request/options.rs"),
    ),
    (
        "src/response/error.rs",
        include_str!("../../../runtime/src/response/error.rs"),
    ),
    (
        "src/response/mod.rs",
        include_str!("../../../runtime/src/response/mod.rs"),
    ),
    (
        "src/retry.rs",
        include_str!("../../../runtime/src/retry.rs"),
    ),
    (
        "src/serde_support.rs",
        include_str!("../../../runtime/src/serde_support.rs"),
    ),
    (
        "src/sigv4.rs",
        include_str!("../../../runtime/src/sigv4.rs"),
    ),
    (
        "src/timestamp.rs",
        include_str!("../../../runtime/src/timestamp.rs"),
    ),
    (
        "src/validate/mod.rs",
        include_str!("../../../runtime/src/validate/mod.rs"),
    ),
    (
        "src/validate/pattern.rs",
        include_str!("../../../runtime/src/validate/pattern.rs"),
    ),
    (
        "src/value.rs",
        include_str!("../../../runtime/src/value.rs"),
    ),
];

/// The runtime crate's package name.
const RUNTIME_PACKAGE: &str = "smithy-runtime";

/// Where a generated crate takes the runtime crate from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSource {
    /// The crate at this path, relative to the generated crate or absolute.
    Path(String),
    /// A copy written beside the generated crate's sources, in `runtime/`,
    /// so the output builds anywhere crates.io can be reached.
    Bundled,
}

/// How the output crate is packaged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateConfig {
    /// The package name.
    pub name: String,
    /// Whether the crate is its own workspace (for `--out` outside this
    /// repository) rather than a member of ours.
    pub standalone: bool,
    pub runtime: RuntimeSource,
}

/// `Cargo.toml` text, without the preamble.
pub fn cargo_toml(config: &CrateConfig, services: &[ServiceIr]) -> String {
    let path = match &config.runtime {
        RuntimeSource::Path(path) => path.as_str(),
        RuntimeSource::Bundled => "runtime",
    };
    // The runtime's optional parts that some model of the crate needs.
    let mut needed = Vec::new();
    if services.iter().any(ServiceIr::uses_big_numbers) {
        needed.push("\"big-numbers\"");
    }
    if services.iter().any(ServiceIr::uses_request_compression) {
        needed.push("\"compression\"");
    }
    let runtime_features = if needed.is_empty() {
        String::new()
    } else {
        format!(", features = [{}]", needed.join(", "))
    };
    // `regress` only for patterns the `regex` crate cannot run.
    let validate = if services.iter().any(ServiceIr::needs_ecma_engine) {
        format!("\"{RUNTIME_PACKAGE}/validate\", \"{RUNTIME_PACKAGE}/ecma-patterns\"")
    } else {
        format!("\"{RUNTIME_PACKAGE}/validate\"")
    };
    let mut text = format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
publish = false
description = "Rust types for AWS services, generated from their Smithy models"

[lib]
# Model documentation is prose, not examples.
doctest = false

[features]
default = ["validate", "hyper-client"]
# Constraint checks: `Validate` for every type, and the regex engines they need.
validate = [{validate}]
# Each service's `Client`: endpoint rules, SigV4, retries and timeouts over
# any `HttpTransport`. Without it the crate is the sans-IO core alone.
client = ["{RUNTIME_PACKAGE}/client"]
# The default transport: hyper and rustls on tokio.
hyper-client = ["client", "{RUNTIME_PACKAGE}/hyper-client"]
# serde `Serialize` and `Deserialize` for every type, in the documented syntax.
serde = ["dep:serde", "{RUNTIME_PACKAGE}/serde"]

[dependencies]
http = "1"
serde = {{ version = "1", features = ["derive"], optional = true }}
{RUNTIME_PACKAGE} = {{ path = "{path}", default-features = false{runtime_features} }}
"#,
        name = config.name,
    );
    if services.iter().any(ServiceIr::has_protocol_tests) {
        text.push_str(&format!(
            "\n[dev-dependencies]\n# The generated protocol tests check requests and responses with it.\n\
             {RUNTIME_PACKAGE} = {{ path = \"{path}\", default-features = false, features = [\"test-util\"] }}\n"
        ));
    }
    if config.standalone {
        text.push_str("\n[workspace]\n");
    }
    text
}

/// `src/lib.rs`.
pub fn lib_rs(services: &[ServiceIr]) -> TokenStream {
    let mut docs = vec![
        " Rust types for AWS services, generated from their Smithy models.".to_owned(),
        String::new(),
    ];
    for service in services {
        docs.push(format!(
            " - [`mod@{0}`] (from `{1}`)",
            service.module, service.shape_id
        ));
    }
    docs.push(String::new());
    docs.push(" [`runtime`] is the runtime crate they build on.".to_owned());
    let modules = services.iter().map(|s| ident(&s.module));
    quote! {
        #(#![doc = #docs])*
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]

        pub use ::smithy_runtime as runtime;
        #(
            #[rustfmt::skip]
            pub mod #modules;
        )*
    }
}

/// The runtime crate's files, relative to its root, for a crate whose
/// runtime is [`RuntimeSource::Bundled`].
pub fn runtime_files() -> &'static [(&'static str, &'static str)] {
    &RUNTIME
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of the runtime crate is carried, so a bundled copy builds.
    #[test]
    fn the_bundled_runtime_is_the_whole_crate() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
        let mut on_disk = Vec::new();
        let mut pending = vec![root.join("src")];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    on_disk.push(
                        path.strip_prefix(&root)
                            .unwrap()
                            .to_string_lossy()
                            .replace('\\', "/"),
                    );
                }
            }
        }
        on_disk.push("Cargo.toml".to_owned());
        on_disk.sort();
        let mut carried: Vec<String> = RUNTIME.iter().map(|(path, _)| (*path).to_owned()).collect();
        carried.sort();
        assert_eq!(carried, on_disk);
        for (path, text) in RUNTIME {
            let on_disk = std::fs::read_to_string(root.join(path)).unwrap();
            assert_eq!(text, on_disk, "{path}");
        }
    }
}
