//! `query.rs`, for services whose requests are forms (awsQuery and
//! ec2Query): how every type a request can hold is written (`WriteQuery`),
//! each member under the key and layout lowering gave it.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, timestamp_format_tokens, type_path};
use crate::ir::{
    EnumDef, Field, Presence, RustType, ServiceIr, StructDef, TimestampFormat, TypeDef, UnionDef,
    XmlLayout, XmlMember,
};

/// `query.rs`: how the module's types are written into forms.
pub fn emit(service: &ServiceIr) -> TokenStream {
    let impls = service
        .types
        .iter()
        .filter(|ty| service.written.contains(&ty.id()))
        .map(|ty| {
            let path = type_path(ty.name());
            let body = match ty {
                TypeDef::Struct(def) => write_struct(def),
                TypeDef::Union(def) => write_union(def),
                TypeDef::Enum(def) => write_enum(def),
            };
            let out = if matches!(ty, TypeDef::Struct(def) if def.fields.is_empty()) {
                quote!(_out)
            } else {
                quote!(out)
            };
            quote! {
                impl query::WriteQuery for #path {
                    fn write_query(&self, #out: &mut query::Writer) {
                        #body
                    }
                }
            }
        });
    let doc = format!(
        " How the types of the `{}` module are written into query forms.",
        service.module
    );
    quote! {
        #![doc = #doc]
        use crate::runtime::query;
        #(#impls)*
    }
}

/// The member's key and layout, which lowering gives every member of a
/// service whose requests are forms.
fn placement(xml: &Option<XmlMember>) -> (&str, &XmlLayout) {
    match xml {
        Some(xml) => (&xml.query_name, &xml.query_layout),
        None => ("", &XmlLayout::Value),
    }
}

fn write_struct(def: &StructDef) -> TokenStream {
    let members = def.fields.iter().map(write_member);
    quote!(#(#members)*)
}

/// Writes one member of `self` under its key; unset members are left out.
fn write_member(field: &Field) -> TokenStream {
    let (name, layout) = placement(&field.xml);
    let value = ident(&field.name);
    let optional = field.presence == Presence::Optional;
    match write_fn(&field.ty, layout) {
        None if optional => quote!(out.optional(#name, &self.#value);),
        None => quote!(out.member(#name, &self.#value);),
        Some(write) if optional => quote! {
            if let Some(value) = &self.#value {
                out.with(#name, value, #write);
            }
        },
        Some(write) => quote!(out.with(#name, &self.#value, #write);),
    }
}

/// A function writing a `ty` laid out as `layout` under the current key,
/// or `None` when the value's own `WriteQuery` does: collections and
/// timestamps in a format other than the date-time forms default to.
fn write_fn(ty: &RustType, layout: &XmlLayout) -> Option<TokenStream> {
    let item_fn = |item: &RustType, sparse: bool, inner: &XmlLayout| {
        let write = write_fn(item, inner).unwrap_or_else(|| quote!(query::WriteQuery::write_query));
        if sparse {
            quote!(|value, out| if let Some(value) = value { (#write)(value, out) })
        } else {
            write
        }
    };
    match (ty, layout) {
        (RustType::Timestamp(format), _) if *format != TimestampFormat::DateTime => {
            let format = timestamp_format_tokens(*format);
            Some(quote!(|value, out| out.timestamp(value, #format)))
        }
        (
            RustType::List { item, sparse },
            XmlLayout::List {
                item: name, inner, ..
            },
        ) => {
            let name = match name {
                Some(name) => quote!(Some(#name)),
                None => quote!(None),
            };
            let write = item_fn(item, *sparse, inner);
            Some(quote!(|value, out| out.list(value, #name, #write)))
        }
        (
            RustType::Map { value, sparse, .. },
            XmlLayout::Map {
                wrapped,
                key,
                value: value_name,
                inner,
                ..
            },
        ) => {
            let entry = if *wrapped {
                quote!(Some("entry"))
            } else {
                quote!(None)
            };
            let write = item_fn(value, *sparse, inner);
            Some(quote! {
                |value, out| out.map(value, query::Entry { entry: #entry, key: #key, value: #value_name }, #write)
            })
        }
        _ => None,
    }
}

fn write_union(def: &UnionDef) -> TokenStream {
    let arms = def.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let (key, layout) = placement(&variant.xml);
        let write = variant
            .ty
            .as_ref()
            .and_then(|ty| write_fn(ty, layout))
            .map_or_else(
                || quote!(out.member(#key, value)),
                |write| quote!(out.with(#key, value, #write)),
            );
        quote! { Self::#name(value) => #write, }
    });
    let union = &def.name;
    quote! {
        match self {
            #(#arms)*
            Self::Unknown(_) => out.unknown_member(#union),
        }
    }
}

fn write_enum(def: &EnumDef) -> TokenStream {
    if def.int {
        quote!(query::WriteQuery::write_query(&self.as_i32(), out))
    } else {
        quote!(out.value(self.as_str()))
    }
}
