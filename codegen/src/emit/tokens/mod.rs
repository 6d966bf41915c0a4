//! The printing toolkit every emitter shares: identifiers, paths, types,
//! doc attributes, and the fragments of JSON and field code that more than
//! one file prints. Emitters import from here and never from each other.

pub(crate) mod fields;
pub(crate) mod json;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Docs, RustType, StructDef, TimestampFormat};

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

pub(crate) fn inner_doc_attrs(docs: &Docs) -> TokenStream {
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

/// The path of an operation's error enum.
pub(crate) fn error_path(module: &str, name: &str) -> TokenStream {
    let module = ident(module);
    let name = ident(name);
    quote!(crate::#module::errors::#name)
}

/// The path of a structure's builder.
pub(crate) fn builder_path(def: &StructDef, module: &str) -> TokenStream {
    let module = ident(module);
    let builder = ident(&def.builder);
    quote!(crate::#module::builders::#builder)
}

/// The runtime's name for a timestamp format.
pub(crate) fn timestamp_format_tokens(format: TimestampFormat) -> TokenStream {
    let variant = match format {
        TimestampFormat::EpochSeconds => quote!(EpochSeconds),
        TimestampFormat::DateTime => quote!(DateTime),
        TimestampFormat::HttpDate => quote!(HttpDate),
    };
    quote!(crate::runtime::TimestampFormat::#variant)
}
