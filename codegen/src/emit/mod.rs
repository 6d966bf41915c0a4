//! Turns the IR into token streams, one per generated file. Each file has
//! its emitter module; the emitters share `tokens`, the printing toolkit,
//! and never import from one another.

mod builders;
mod cbor;
mod client;
mod crate_files;
mod endpoint;
mod endpoint_tests;
mod errors;
mod json;
mod operations;
mod protocol;
mod protocol_tests;
mod query;
mod tokens;
mod types;
mod validate;
mod xml;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{DocumentFormat, ServiceIr};
use tokens::inner_doc_attrs;

pub use crate_files::{
    cargo_toml, lib_rs, runtime_files, services_mod_rs, CrateConfig, RuntimeSource,
};

/// Emits one file of a service module.
pub type FileEmitter = fn(&ServiceIr) -> TokenStream;

/// The files of one service module, relative to `src/<module>/`, with their
/// emitters; largest first as a rule, which lets the renderer start the
/// longest work first.
pub const SERVICE_FILES: [(&str, FileEmitter); 9] = [
    ("types.rs", types::emit),
    ("protocol.rs", protocol::emit),
    ("json.rs", json::emit),
    ("builders.rs", builders::emit),
    ("validate.rs", validate::emit),
    ("errors.rs", errors::emit),
    ("operations.rs", operations::emit),
    ("client.rs", client::emit),
    ("mod.rs", module_root),
];

/// The files of a service module that only its document format needs:
/// how types are read from and written to CBOR (rpcv2Cbor), or written
/// into forms and read from XML (awsQuery, ec2Query). JSON's `json.rs` is
/// always there, for the documented request syntax.
pub fn format_files(format: DocumentFormat) -> &'static [(&'static str, FileEmitter)] {
    match format {
        DocumentFormat::Json => &[],
        DocumentFormat::Cbor => &[("cbor.rs", cbor::emit)],
        DocumentFormat::Xml => &[("xml.rs", xml::emit)],
        DocumentFormat::Form(_) => &[("query.rs", query::emit), ("xml.rs", xml::emit)],
    }
}

/// The file of a service module's protocol tests, emitted only when the
/// model has cases for it.
pub const PROTOCOL_TESTS_FILE: (&str, FileEmitter) = ("protocol_tests.rs", protocol_tests::emit);

/// The endpoint rules and their parameters, emitted only when the model
/// has a rule set.
pub const ENDPOINT_FILE: (&str, FileEmitter) = ("endpoint.rs", endpoint::emit);

/// The endpoint test cases, emitted only when the model has some.
pub const ENDPOINT_TESTS_FILE: (&str, FileEmitter) = ("endpoint_tests.rs", endpoint_tests::emit);

fn module_root(service: &ServiceIr) -> TokenStream {
    let docs = inner_doc_attrs(&service.docs);
    let protocol_tests = service.has_protocol_tests().then(|| {
        quote! {
            #[cfg(test)]
            mod protocol_tests;
        }
    });
    let endpoint = service.endpoint.is_some().then(|| {
        quote!(
            pub mod endpoint;
        )
    });
    let endpoint_tests = service.has_endpoint_tests().then(|| {
        quote! {
            #[cfg(test)]
            mod endpoint_tests;
        }
    });
    let format_modules = format_files(service.document.format)
        .iter()
        .map(|(file, _)| {
            let module = tokens::ident(file.trim_end_matches(".rs"));
            quote!(mod #module;)
        });
    quote! {
        #docs
        pub mod builders;
        #(#format_modules)*
        #[cfg(feature = "client")]
        pub mod client;
        #endpoint
        #endpoint_tests
        pub mod errors;
        mod json;
        pub mod operations;
        mod protocol;
        #protocol_tests
        pub mod types;
        #[cfg(feature = "validate")]
        pub mod validate;
    }
}
