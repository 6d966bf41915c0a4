//! Turns the IR into token streams, one per generated file.

mod builders;
mod crate_files;
mod errors;
mod operations;
mod protocol;
mod protocol_tests;
mod read_json;
mod types;
mod validate;
mod write_json;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Docs, RustType, ServiceIr, TimestampFormat};

pub use crate_files::{cargo_toml, lib_rs, runtime_files, CrateConfig, RuntimeSource};

/// Emits one file of a service module.
pub type FileEmitter = fn(&ServiceIr) -> TokenStream;

/// The files of one service module, relative to `src/<module>/`, with their
/// emitters; largest first as a rule, which lets the renderer start the
/// longest work first.
pub const SERVICE_FILES: [(&str, FileEmitter); 8] = [
    ("types.rs", types::emit),
    ("protocol.rs", protocol::emit),
    ("json.rs", json_file),
    ("builders.rs", builders::emit),
    ("validate.rs", validate::emit),
    ("errors.rs", errors::emit),
    ("operations.rs", operations::emit),
    ("mod.rs", module_root),
];

/// The file of a service module's protocol tests, emitted only when the
/// model has cases for it.
pub const PROTOCOL_TESTS_FILE: (&str, FileEmitter) = ("protocol_tests.rs", protocol_tests::emit);

fn module_root(service: &ServiceIr) -> TokenStream {
    let docs = inner_doc_attrs(&service.docs);
    let protocol_tests = service.has_protocol_tests().then(|| {
        quote! {
            #[cfg(test)]
            mod protocol_tests;
        }
    });
    quote! {
        #docs
        pub mod builders;
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

/// `json.rs`: how the module's types are read from and written to JSON.
fn json_file(service: &ServiceIr) -> TokenStream {
    let writers = write_json::impls(service);
    let readers = read_json::impls(service);
    let doc = format!(
        " How the types of the `{}` module are read from and written to JSON.",
        service.module
    );
    quote! {
        #![doc = #doc]
        use crate::runtime::json;
        #writers
        #readers
    }
}

/// An identifier from a final IR name, which may be a raw identifier.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// One `#[doc]` attribute per line: prettyplease would print a multi-line
/// doc attribute as a block comment.
pub(crate) fn doc_attrs(docs: &Docs) -> TokenStream {
    let lines = docs.iter().map(|line| doc_line(line));
    quote! { #(#[doc = #lines])* }
}

fn inner_doc_attrs(docs: &Docs) -> TokenStream {
    let lines = docs.iter().map(|line| doc_line(line));
    quote! { #(#![doc = #lines])* }
}

fn doc_line(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// Docs followed by a deprecation note, as prose: a `#[deprecated]` attribute
/// would make the generated code warn about its own uses of the item.
pub(crate) fn docs_with_deprecation(docs: &Docs, deprecated: &Option<String>) -> TokenStream {
    let mut docs = docs.clone();
    if let Some(note) = deprecated {
        docs.push(String::new());
        docs.push(format!("**Deprecated:** {note}"));
    }
    doc_attrs(&docs)
}

/// The path of a generated type of `module`.
pub(crate) fn type_path(module: &str, name: &str) -> TokenStream {
    let module = ident(module);
    let name = ident(name);
    quote! { crate::#module::types::#name }
}

/// The Rust type, with every path absolute so model shapes named like
/// prelude items (`Option`, `String`, `Vec`) cannot shadow them.
pub(crate) fn rust_type(ty: &RustType, module: &str) -> TokenStream {
    match ty {
        RustType::Bool => quote!(bool),
        RustType::I8 => quote!(i8),
        RustType::I16 => quote!(i16),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F32 => quote!(f32),
        RustType::F64 => quote!(f64),
        RustType::String => quote!(::std::string::String),
        RustType::Blob => quote!(crate::runtime::Blob),
        RustType::Timestamp(_) => quote!(crate::runtime::Timestamp),
        RustType::Document => quote!(crate::runtime::Document),
        RustType::BigInteger => quote!(crate::runtime::BigInteger),
        RustType::BigDecimal => quote!(crate::runtime::BigDecimal),
        RustType::Named(name) => type_path(module, name),
        RustType::List { item, sparse } => {
            let item = optional_if(*sparse, rust_type(item, module));
            quote!(::std::vec::Vec<#item>)
        }
        RustType::Map { key, value, sparse } => {
            let key = rust_type(key, module);
            let value = optional_if(*sparse, rust_type(value, module));
            quote!(::std::collections::BTreeMap<#key, #value>)
        }
    }
}

/// `#[serde(with = ...)]` for a value whose JSON form differs from its type's
/// own: floats that may be NaN or infinite, and timestamps whose model asks
/// for another format than epoch seconds, at any depth in collections.
pub(crate) fn serde_with_attr(ty: &RustType, boxed: bool, optional: bool) -> Option<TokenStream> {
    let adapter = optional_if(optional, serde_adapter(ty, boxed)?);
    // The attribute takes the type as a string; a type path has no spaces
    // that matter, so they are dropped for readable generated code.
    let with = quote!(crate::runtime::serde_support::As::<#adapter>)
        .to_string()
        .replace(' ', "");
    Some(quote!(#[cfg_attr(feature = "serde", serde(with = #with))]))
}

/// The `serde_with` adapter type for a value of `ty` (in a `Box` when
/// `boxed`), when any part of it needs one.
pub(crate) fn serde_adapter(ty: &RustType, boxed: bool) -> Option<TokenStream> {
    let adapter = match ty {
        RustType::F32 | RustType::F64 => quote!(crate::runtime::serde_support::Float),
        RustType::Timestamp(Some(TimestampFormat::DateTime)) => {
            quote!(crate::runtime::serde_support::DateTime)
        }
        RustType::Timestamp(Some(TimestampFormat::HttpDate)) => {
            quote!(crate::runtime::serde_support::HttpDate)
        }
        RustType::List { item, sparse } => {
            let item = optional_if(*sparse, serde_adapter(item, false)?);
            quote!(::std::vec::Vec<#item>)
        }
        RustType::Map { value, sparse, .. } => {
            let value = optional_if(*sparse, serde_adapter(value, false)?);
            quote!(::std::collections::BTreeMap<crate::runtime::serde_support::Same, #value>)
        }
        _ => return None,
    };
    Some(boxed_if(boxed, adapter))
}

pub(crate) fn optional_if(optional: bool, ty: TokenStream) -> TokenStream {
    if optional {
        quote!(::std::option::Option<#ty>)
    } else {
        ty
    }
}

pub(crate) fn boxed_if(boxed: bool, ty: TokenStream) -> TokenStream {
    if boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    }
}
