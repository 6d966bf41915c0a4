//! The files that make the output a crate: `Cargo.toml`, `lib.rs`, and for
//! a standalone crate the runtime crate beside its sources; or, for
//! services built into the runtime crate itself, the `mod.rs` that gates
//! each behind its feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::ir::ServiceIr;

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
    /// The services are modules of the runtime crate itself (such as the
    /// STS client its credential providers call): the output is a module
    /// folder, with each service behind the cargo feature paired with its
    /// module name here.
    Itself(Vec<(String, String)>),
}

impl RuntimeSource {
    /// Whether the output is a module folder of the runtime crate rather
    /// than a crate.
    pub fn is_itself(&self) -> bool {
        matches!(self, Self::Itself(_))
    }
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
        RuntimeSource::Bundled | RuntimeSource::Itself(_) => "runtime",
    };
    // The runtime's optional parts that some model of the crate needs.
    let mut needed = Vec::new();
    if services.iter().any(ServiceIr::uses_big_numbers) {
        needed.push("\"big-numbers\"");
    }
    if services.iter().any(ServiceIr::uses_request_compression) {
        needed.push("\"compression\"");
    }
    if services.iter().any(ServiceIr::uses_checksums) {
        needed.push("\"checksums\"");
    }
    if services.iter().any(ServiceIr::uses_glacier_checksums) {
        needed.push("\"glacier\"");
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

/// `mod.rs` of services built into the runtime crate: each module behind
/// its feature. Paths to the runtime (`crate::runtime::`) resolve through
/// the runtime's own `runtime` alias of its root.
pub fn services_mod_rs(services: &[ServiceIr], features: &[(String, String)]) -> TokenStream {
    let mut docs = vec![
        " Clients of AWS services that the runtime itself calls, generated from their".to_owned(),
        " Smithy models, each behind a cargo feature:".to_owned(),
        String::new(),
    ];
    let mut modules = Vec::new();
    for service in services {
        let feature = features
            .iter()
            .find(|(module, _)| *module == service.module)
            .map(|(_, feature)| feature.clone());
        let gate = feature
            .as_ref()
            .map(|feature| quote!(#[cfg(feature = #feature)]));
        docs.push(match &feature {
            Some(feature) => format!(
                " - `{0}` (from `{1}`), with the feature `{feature}`",
                service.module, service.shape_id
            ),
            None => format!(
                " - [`mod@{0}`] (from `{1}`)",
                service.module, service.shape_id
            ),
        });
        let module = ident(&service.module);
        modules.push(quote! {
            #gate
            #[rustfmt::skip]
            pub mod #module;
        });
    }
    quote! {
        #(#![doc = #docs])*
        #(#modules)*
    }
}

/// The runtime crate's files, relative to its root, for a crate whose
/// runtime is [`RuntimeSource::Bundled`].
pub fn runtime_files() -> &'static [(&'static str, &'static str)] {
    smithy_runtime::sources::FILES
}
