//! The printing toolkit every emitter shares: identifiers, paths, types,
//! doc attributes, and the fragments of JSON and field code that more than
//! one file prints. Emitters import from here and never from each other.

pub(crate) mod cbor;
pub(crate) mod fields;
pub(crate) mod json;
pub(crate) mod xml;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

use crate::ir::spelling::Spelling;
use crate::ir::{Docs, Field, RustType, StructDef, TimestampFormat};

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

/// Which file of a service module tokens go in, which decides how they
/// name std items and the module's types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// `types.rs`, where the model's shapes are declared, by their bare
    /// names. When a shape is named like a prelude item the file uses
    /// (`Option`, `Box`), std items are named by absolute path there.
    Types { std_by_path: bool },
    /// A file beside it that declares nothing named after a shape (only
    /// builders, error enums, functions and impls): std items by their
    /// prelude names, and the module's types as `super::types::X`.
    Sibling,
}

impl Scope {
    fn std_by_path(self) -> bool {
        matches!(self, Self::Types { std_by_path: true })
    }
}

/// The prelude items generated code names, spelled for one scope.
pub(crate) struct Prelude {
    pub result: TokenStream,
    pub ok: TokenStream,
    pub string: TokenStream,
    pub boxed: TokenStream,
    pub default: TokenStream,
}

impl Prelude {
    pub(crate) fn new(scope: Scope) -> Self {
        if scope.std_by_path() {
            Self {
                result: quote!(::std::result::Result),
                ok: quote!(::std::result::Result::Ok),
                string: quote!(::std::string::String),
                boxed: quote!(::std::boxed::Box),
                default: quote!(::std::default::Default),
            }
        } else {
            Self {
                result: quote!(Result),
                ok: quote!(Ok),
                string: quote!(String),
                boxed: quote!(Box),
                default: quote!(Default),
            }
        }
    }
}

/// The path of a generated type from a sibling of `types.rs`.
pub(crate) fn type_path(name: &str) -> TokenStream {
    let name = ident(name);
    quote! { super::types::#name }
}

/// The Rust type, as a file in `scope` names it.
pub(crate) fn rust_type(ty: &RustType, scope: Scope) -> TokenStream {
    spelled(&ty.spelling(), scope)
}

/// A spelling (see [`crate::ir::spelling`]) as a file in `scope` names it.
pub(crate) fn spelled(spelling: &Spelling, scope: Scope) -> TokenStream {
    let args = |args: &[Spelling]| {
        if args.is_empty() {
            return quote!();
        }
        let args = args.iter().map(|arg| spelled(arg, scope));
        quote!(<#(#args),*>)
    };
    match spelling {
        Spelling::Primitive(name) => ident(name).into_token_stream(),
        Spelling::Prelude(name, generic) => {
            let generic = args(generic);
            let path = if scope.std_by_path() {
                let module = ident(match *name {
                    "String" => "string",
                    "Vec" => "vec",
                    "Option" => "option",
                    _ => "boxed",
                });
                let name = ident(name);
                quote!(::std::#module::#name)
            } else {
                ident(name).into_token_stream()
            };
            quote!(#path #generic)
        }
        Spelling::Std {
            module,
            name,
            args: generic,
        } => {
            let (module, name, generic) = (ident(module), ident(name), args(generic));
            quote!(::std::#module::#name #generic)
        }
        Spelling::Runtime(name) => {
            let name = ident(name);
            quote!(crate::runtime::#name)
        }
        Spelling::Generated(name) => match scope {
            Scope::Types { .. } => ident(name).into_token_stream(),
            Scope::Sibling => type_path(name),
        },
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
        RustType::Timestamp(TimestampFormat::DateTime) => {
            quote!(crate::runtime::serde_support::DateTime)
        }
        RustType::Timestamp(TimestampFormat::HttpDate) => {
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

/// The path of an operation's error enum, from a file of its module.
pub(crate) fn error_path(name: &str) -> TokenStream {
    let name = ident(name);
    quote!(super::errors::#name)
}

/// A structure as a reader finishes it from the builder it read into: the
/// builder itself when the structure builds itself, else a struct
/// expression of `values` (one `name: value,` per field).
pub(crate) fn read_result(def: &StructDef, values: TokenStream) -> TokenStream {
    if def.builds_itself && !def.fields.is_empty() {
        quote!(builder)
    } else {
        quote!(Self { #values })
    }
}

/// The path of a structure's builder, from a file of its module.
pub(crate) fn builder_path(def: &StructDef) -> TokenStream {
    let builder = ident(&def.builder);
    quote!(super::builders::#builder)
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

/// Reads the members of the object or map at `reader` into `builder`, each
/// value by `module::member` (`module` is `json` or `cbor`).
/// `module::read_members` opens it and gives the position of each member
/// `fields` lists, skipping others (or refusing them, for a strict JSON
/// reader), to a closure that matches the integer: the last member takes
/// every other position, and a lone member needs no match. The loop and
/// its error handling are the runtime's, written once, rather than in
/// every structure's reader.
pub(crate) fn members_loop(fields: &[&Field], module: TokenStream) -> TokenStream {
    let names = fields.iter().map(|field| &field.json_name);
    let members = quote!(&[#(#names),*]);
    let Some((last, others)) = fields.split_last() else {
        return quote! { #module::read_members(reader, &[], |_, _| Ok(()))?; };
    };
    let read = |field: &Field| {
        let key = &field.json_name;
        let name = ident(&field.name);
        quote!(#module::member(reader, &mut builder.#name, #key))
    };
    let last = read(last);
    if others.is_empty() {
        return quote! { #module::read_members(reader, #members, |reader, _| #last)?; };
    }
    let arms = others.iter().enumerate().map(|(index, field)| {
        let read = read(field);
        quote!(#index => #read,)
    });
    quote! {
        #module::read_members(reader, #members, |reader, member| match member {
            #(#arms)*
            _ => #last,
        })?;
    }
}
