//! `builders.rs`: a builder per structure. `build()` reports every missing
//! required member at once.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::fields::{needs_manual_debug, redacted_debug};
use super::tokens::{ident, rust_type, type_path, Scope};
use crate::ir::{DefaultValue, Presence, ServiceIr, StructDef, TypeDef};

pub fn emit(service: &ServiceIr) -> TokenStream {
    let builders = service.types.iter().filter_map(|ty| match ty {
        TypeDef::Struct(s) => Some(builder(s)),
        _ => None,
    });
    let doc = format!(
        " Builders for the structures of the `{}` module.",
        service.module
    );
    // `build()` binds each member by its field name, and a model may name a
    // member `foo`, which clippy otherwise rejects as a placeholder.
    quote! {
        #![doc = #doc]
        #![allow(clippy::disallowed_names)]
        #(#builders)*
    }
}

fn builder(def: &StructDef) -> TokenStream {
    let name = ident(&def.builder);
    let target = type_path(&def.name);
    let link = format!("[`{}`]({})", def.name, target.to_string().replace(' ', ""));
    let fields = def.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let ty = rust_type(&field.ty, Scope::Sibling);
        quote! { pub(crate) #field_name: Option<#ty>, }
    });
    let setters = def.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let setter = ident(&field.setter);
        let ty = rust_type(&field.ty, Scope::Sibling);
        let summary = field.docs.first().cloned().unwrap_or_default();
        let set_doc = format!(" Sets `{}`: {summary}", field.member);
        let replace_doc = format!(" Sets or clears `{}`.", field.member);
        quote! {
            #[doc = #set_doc]
            pub fn #field_name(mut self, value: impl Into<#ty>) -> Self {
                self.#field_name = Some(value.into());
                self
            }

            #[doc = #replace_doc]
            pub fn #setter(mut self, value: Option<#ty>) -> Self {
                self.#field_name = value;
                self
            }
        }
    });
    if def.builds_itself {
        let doc = format!(" Builds a {link}, which is its own builder: every member is optional.");
        return quote! {
            #[doc = #doc]
            pub type #name = #target;

            impl #name {
                #(#setters)*
                /// Gives the value built.
                pub fn build(self) -> Self {
                    self
                }
            }
        };
    }
    let doc = format!(" Builds a {link}.");
    let build = build_fn(def);
    let derive_debug = !needs_manual_debug(def);
    let debug_derive = derive_debug.then(|| quote!(Debug,));
    let debug_impl =
        (!derive_debug).then(|| redacted_debug(&def.builder, def.sensitive, &def.fields));
    quote! {
        #[doc = #doc]
        #[derive(Clone, Default, #debug_derive)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #(#setters)*
            #build
        }

        #debug_impl
    }
}

fn build_fn(def: &StructDef) -> TokenStream {
    let target = type_path(&def.name);
    let names: Vec<_> = def.fields.iter().map(|f| ident(&f.name)).collect();
    let values = def.fields.iter().map(|field| {
        let name = ident(&field.name);
        let boxed = |value: TokenStream| {
            if field.boxed {
                quote!(Box::new(#value))
            } else {
                value
            }
        };
        match &field.presence {
            Presence::Optional | Presence::Required if !field.boxed => quote!(#name),
            Presence::Optional => quote!(#name: #name.map(Box::new)),
            Presence::Required => quote!(#name: Box::new(#name)),
            Presence::Default(DefaultValue::Zero) => {
                let value = boxed(quote!(#name.unwrap_or_default()));
                quote!(#name: #value)
            }
            Presence::Default(_) => {
                // The default function already returns the boxed type.
                let default_fn = ident(&field.default_fn);
                if field.boxed {
                    quote!(#name: #name.map_or_else(#target::#default_fn, Box::new))
                } else {
                    quote!(#name: #name.unwrap_or_else(#target::#default_fn))
                }
            }
        }
    });
    let construct = quote! { #target { #(#values,)* } };
    let required: Vec<_> = def
        .fields
        .iter()
        .filter(|f| f.presence == Presence::Required)
        .collect();
    if required.is_empty() {
        return quote! {
            /// Builds the value.
            pub fn build(self) -> #target {
                let Self { #(#names),* } = self;
                #construct
            }
        };
    }
    let required_names: Vec<_> = required.iter().map(|f| ident(&f.name)).collect();
    let members = required.iter().map(|f| &f.member);
    let shape = &def.name;
    // One match, and the runtime (not a closure per builder) collects the
    // names: this function is written once per structure.
    quote! {
        /// Builds the value, or reports every required member that is not set.
        pub fn build(self) -> Result<#target, crate::runtime::BuildError> {
            let Self { #(#names),* } = self;
            match (#(#required_names,)*) {
                (#(Some(#required_names),)*) => Ok(#construct),
                (#(#required_names,)*) => Err(crate::runtime::BuildError::missing(
                    #shape,
                    &[#((#members, #required_names.is_none())),*],
                )),
            }
        }
    }
}
