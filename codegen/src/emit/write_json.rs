//! `WriteJson` impls: how every generated type is written as JSON, member
//! by member, with keys quoted and escaped here at generation time. Part of
//! `json.rs`; `protocol.rs` writes request bodies with [`object`].

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::protocol::timestamp_format_tokens;
use super::{ident, type_path};
use crate::ir::{
    EnumDef, Field, Presence, RustType, ServiceIr, StructDef, TimestampFormat, TypeDef, UnionDef,
};

/// The `WriteJson` impls of the types a request body can hold: request
/// bodies are written with them, and `runtime::to_json` writes them.
pub(super) fn impls(service: &ServiceIr) -> TokenStream {
    let impls = service.types.iter().filter(|ty| service.written.contains(ty.name())).map(|ty| {
        let path = type_path(&service.module, ty.name());
        let body = match ty {
            TypeDef::Struct(def) => struct_body(def),
            TypeDef::Union(def) => union_body(def),
            TypeDef::Enum(def) => enum_body(def),
        };
        quote! {
            impl json::WriteJson for #path {
                fn write_json(&self, out: &mut ::std::vec::Vec<u8>) -> ::std::result::Result<(), json::WriteError> {
                    #body
                }
            }
        }
    });
    quote!(#(#impls)*)
}

fn struct_body(def: &StructDef) -> TokenStream {
    let fields: Vec<&Field> = def.fields.iter().collect();
    object(&fields, &quote!(self))
}

/// Writes `fields` of `owner` as a JSON object into `out`; unset optional
/// members are left out.
pub(super) fn object(fields: &[&Field], owner: &TokenStream) -> TokenStream {
    if fields.is_empty() {
        return quote! { json::Object::new(out).end() };
    }
    let members = fields.iter().map(|field| {
        let name = ident(&field.name);
        let out = member_out(&field.json_name);
        match field.presence {
            Presence::Optional => {
                let write = write_value(&field.ty, &quote!(value), &out);
                quote! {
                    if let ::std::option::Option::Some(value) = &#owner.#name { #write?; }
                }
            }
            _ => {
                let write = write_value(&field.ty, &quote!(&#owner.#name), &out);
                quote! { #write?; }
            }
        }
    });
    quote! {
        let mut object = json::Object::new(out);
        #(#members)*
        object.end()
    }
}

fn union_body(def: &UnionDef) -> TokenStream {
    let arms = def.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let out = member_out(&variant.json_name);
        // A member targeting `Unit` holds `runtime::Unit`, written as `{}`.
        let write = match &variant.ty {
            Some(ty) => write_value(ty, &quote!(value), &out),
            None => quote!(json::WriteJson::write_json(value, #out)),
        };
        quote! { Self::#name(value) => #write?, }
    });
    let union = &def.name;
    quote! {
        let mut object = json::Object::new(out);
        match self {
            #(#arms)*
            Self::Unknown(_) => return ::std::result::Result::Err(json::WriteError::unknown_member(#union)),
        }
        object.end()
    }
}

fn enum_body(def: &EnumDef) -> TokenStream {
    if def.int {
        quote! { json::WriteJson::write_json(&self.as_i32(), out) }
    } else {
        quote! { json::WriteJson::write_json(self.as_str(), out) }
    }
}

/// The buffer for a member's value, after its key.
fn member_out(json_name: &str) -> TokenStream {
    let key = Literal::byte_string(format!("{}:", quoted(json_name)).as_bytes());
    quote!(object.key(#key))
}

/// `name` as a JSON string.
fn quoted(name: &str) -> String {
    serde_json::Value::from(name).to_string()
}

/// An expression writing `value` (a reference to a `ty`) into `out`, giving
/// a `Result`. Timestamps in a format other than the body's default, at any
/// depth, take a closure; everything else its `WriteJson` impl.
pub(super) fn write_value(ty: &RustType, value: &TokenStream, out: &TokenStream) -> TokenStream {
    if !needs_format(ty) {
        return quote!(json::WriteJson::write_json(#value, #out));
    }
    match ty {
        RustType::Timestamp(Some(format)) => {
            let format = timestamp_format_tokens(*format);
            quote!(json::write_timestamp(#value, #out, #format))
        }
        RustType::List { item, sparse } => {
            let write = write_item(item, *sparse);
            quote!(json::list(#value, #out, |item, out| #write))
        }
        RustType::Map {
            value: item,
            sparse,
            ..
        } => {
            let write = write_item(item, *sparse);
            quote!(json::map(#value, #out, |item, out| #write))
        }
        _ => quote!(json::WriteJson::write_json(#value, #out)),
    }
}

/// Writes `item`, a list item or map value, into `out`.
fn write_item(ty: &RustType, sparse: bool) -> TokenStream {
    let write = write_value(ty, &quote!(item), &quote!(out));
    if sparse {
        quote!(json::optional(item, out, |item, out| #write))
    } else {
        write
    }
}

/// Whether some timestamp in `ty` is written in a format other than the
/// body's default, epoch seconds.
fn needs_format(ty: &RustType) -> bool {
    match ty {
        RustType::Timestamp(format) => {
            !matches!(format, None | Some(TimestampFormat::EpochSeconds))
        }
        RustType::List { item, .. } => needs_format(item),
        RustType::Map { value, .. } => needs_format(value),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_quoted_and_escaped_json() {
        assert_eq!(quoted("Region"), "\"Region\"");
        assert_eq!(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }

    #[test]
    fn only_timestamps_in_another_format_need_a_closure() {
        let date_time = RustType::Timestamp(Some(TimestampFormat::DateTime));
        let list = RustType::List {
            item: Box::new(date_time.clone()),
            sparse: false,
        };
        assert!(needs_format(&date_time));
        assert!(needs_format(&list));
        assert!(!needs_format(&RustType::Timestamp(None)));
        assert!(!needs_format(&RustType::Timestamp(Some(
            TimestampFormat::EpochSeconds
        ))));
        let text = write_value(&list, &quote!(value), &quote!(out)).to_string();
        assert!(text.contains("json :: list"), "{text}");
        assert!(text.contains("DateTime"), "{text}");
    }
}
