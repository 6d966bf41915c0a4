//! The files that make the output a crate: `Cargo.toml`, `lib.rs` and the
//! runtime module.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::ServiceIr;

/// The runtime every generated crate carries, written once in this
/// repository: its files, relative to `src/runtime/`.
const RUNTIME: [(&str, &str); 7] = [
    ("json/mod.rs", include_str!("../../runtime/json/mod.rs")),
    ("json/read.rs", include_str!("../../runtime/json/read.rs")),
    ("json/write.rs", include_str!("../../runtime/json/write.rs")),
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("protocol.rs", include_str!("../../runtime/protocol.rs")),
    (
        "protocol_test.rs",
        include_str!("../../runtime/protocol_test.rs"),
    ),
    ("request.rs", include_str!("../../runtime/request.rs")),
];

/// The dependencies of a generated crate; all from crates.io.
const DEPENDENCIES: &str = r#"base64 = "0.22"
bigdecimal = { version = "0.4", default-features = false, features = ["std"] }
flate2 = "1"
getrandom = "0.3"
num-bigint = "0.4"
http = "1"
httpdate = "1"
itoa = "1"
md5 = "0.8"
regex = "1.11"
regress = "0.10"
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_path_to_error = "0.1"
serde_with = { version = "3", default-features = false, features = ["macros", "std"] }
time = { version = "0.3", features = ["formatting", "parsing"] }
zmij = "1"
"#;

/// How the output crate is packaged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateConfig {
    /// The package name.
    pub name: String,
    /// Whether the crate is its own workspace (for `--out` outside this
    /// repository) rather than a member of ours.
    pub standalone: bool,
}

/// `Cargo.toml` text, without the preamble.
pub fn cargo_toml(config: &CrateConfig) -> String {
    let mut text = format!(
        "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\
         description = \"Rust types for AWS services, generated from their Smithy models\"\n\n\
         [lib]\n# Model documentation is prose, not examples.\ndoctest = false\n\n\
         [dependencies]\n{DEPENDENCIES}",
        config.name
    );
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
            " - [`{0}`] (from `{1}`)",
            service.module, service.shape_id
        ));
    }
    let modules = services.iter().map(|s| ident(&s.module));
    quote! {
        #(#![doc = #docs])*
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]

        #[rustfmt::skip]
        pub mod runtime;
        #(
            #[rustfmt::skip]
            pub mod #modules;
        )*
    }
}

/// The runtime's files, relative to `src/runtime/`, without the preamble.
pub fn runtime_files() -> &'static [(&'static str, &'static str)] {
    &RUNTIME
}
