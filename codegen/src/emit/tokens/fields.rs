//! Field fragments printed by more than one file: what a field holds when
//! its structure is error-corrected, and `Debug` impls that redact
//! `@sensitive` members (for types and their builders).

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{DefaultValue, Field, Presence, StructDef};

/// The value of a field when its structure (at path `owner`) is
/// error-corrected.
pub(crate) fn field_corrected_value(field: &Field, owner: &TokenStream) -> TokenStream {
    match &field.presence {
        Presence::Optional => quote!(::std::option::Option::None),
        Presence::Required => quote!(crate::runtime::__private::error_corrected()),
        Presence::Default(DefaultValue::Zero) => quote!(::std::default::Default::default()),
        Presence::Default(_) => {
            let default_fn = ident(&field.default_fn);
            quote!(#owner::#default_fn())
        }
    }
}

/// The field's value from what a lenient reader left in `builder`: a
/// required member that is absent error-corrected, a defaulted one filled.
pub(crate) fn read_value(field: &Field) -> TokenStream {
    let slot = super::json::slot(field);
    match &field.presence {
        Presence::Optional => slot,
        Presence::Required => {
            quote!(#slot.unwrap_or_else(crate::runtime::__private::error_corrected))
        }
        Presence::Default(DefaultValue::Zero) => quote!(#slot.unwrap_or_default()),
        Presence::Default(_) => {
            let default_fn = ident(&field.default_fn);
            quote!(#slot.unwrap_or_else(Self::#default_fn))
        }
    }
}

/// Whether a structure needs a hand-written `Debug`: one that redacts.
pub(crate) fn needs_manual_debug(def: &StructDef) -> bool {
    def.sensitive || def.fields.iter().any(|f| f.sensitive)
}

/// A `Debug` that prints `@sensitive` members (or the whole value) redacted.
pub(crate) fn redacted_debug(name: &str, whole: bool, fields: &[Field]) -> TokenStream {
    let ty = ident(name);
    let body = if whole {
        quote! { f.debug_tuple(#name).field(&crate::runtime::Redacted).finish() }
    } else {
        let entries = fields.iter().map(|field| {
            let member = &field.member;
            let field_name = ident(&field.name);
            if field.sensitive {
                quote! { .field(#member, &crate::runtime::Redacted) }
            } else {
                quote! { .field(#member, &self.#field_name) }
            }
        });
        quote! { f.debug_struct(#name) #(#entries)* .finish() }
    };
    quote! {
        impl ::std::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }
    }
}
