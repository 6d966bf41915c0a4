//! JSON fragments printed by more than one file: a structure's members
//! written as an object (by `WriteJson` impls and request bodies), values
//! written in their format, and the loop that reads an object's members
//! into a builder (by `ReadJson` impls and response readers). The code they
//! print uses the `json` alias of `crate::runtime::json`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, members_loop, timestamp_format_tokens};
use crate::ir::{Field, Presence, RustType, TimestampFormat};

/// Writes `fields` of `owner` as a JSON object into `out`; unset optional
/// members are left out.
pub(crate) fn object(fields: &[&Field], owner: &TokenStream) -> TokenStream {
    if fields.is_empty() {
        return quote! { json::Object::new(out).end() };
    }
    let members = fields.iter().map(|field| {
        let name = ident(&field.name);
        // Values with a writer of their own go through the object, which
        // keeps a failure for `end`: one call per member and no branch.
        if !needs_format(&field.ty) {
            let key = key_literal(&field.json_name);
            return match field.presence {
                Presence::Optional => quote! { object.optional(#key, &#owner.#name); },
                _ => quote! { object.member(#key, &#owner.#name); },
            };
        }
        let out = member_out(&field.json_name);
        match field.presence {
            Presence::Optional => {
                let write = write_value(&field.ty, &quote!(value), &out);
                quote! {
                    if let Some(value) = &#owner.#name { #write?; }
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

/// The buffer for a member's value, after its key.
pub(crate) fn member_out(json_name: &str) -> TokenStream {
    let key = key_literal(json_name);
    quote!(object.key(#key))
}

/// A member's key as written: quoted, escaped, and followed by `:`.
fn key_literal(json_name: &str) -> Literal {
    Literal::byte_string(format!("{}:", quoted(json_name)).as_bytes())
}

/// `name` as a JSON string.
fn quoted(name: &str) -> String {
    serde_json::Value::from(name).to_string()
}

/// An expression writing `value` (a reference to a `ty`) into `out`, giving
/// a `Result`. Timestamps in a format other than epoch seconds (what the
/// runtime's `WriteJson` writes), at any depth, take a closure; everything
/// else its `WriteJson` impl.
pub(crate) fn write_value(ty: &RustType, value: &TokenStream, out: &TokenStream) -> TokenStream {
    if !needs_format(ty) {
        return quote!(json::WriteJson::write_json(#value, #out));
    }
    match ty {
        RustType::Timestamp(format) => {
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

/// Whether some timestamp in `ty` is written in a format other than epoch
/// seconds.
fn needs_format(ty: &RustType) -> bool {
    match ty {
        RustType::Timestamp(format) => *format != TimestampFormat::EpochSeconds,
        RustType::List { item, .. } => needs_format(item),
        RustType::Map { value, .. } => needs_format(value),
        _ => false,
    }
}

/// A field's value as the reader left it in the builder: an `Option` of the
/// field's type, boxed when the field is.
pub(crate) fn slot(field: &Field) -> TokenStream {
    let name = ident(&field.name);
    if field.boxed {
        quote!(builder.#name.map(Box::new))
    } else {
        quote!(builder.#name)
    }
}

/// Reads the members of the object at `reader` into `builder`, a new
/// builder of the structure (at `builder_path`) whose `fields` these are.
/// The reader skips other members, or refuses them when strict.
pub(crate) fn object_loop(fields: &[&Field], builder_path: &TokenStream) -> TokenStream {
    // An object without fields only checks its members.
    let builder = (!fields.is_empty()).then(|| quote!(let mut builder = #builder_path::default();));
    let read = members_loop(fields, quote!(json));
    quote! {
        #builder
        #read
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
        let date_time = RustType::Timestamp(TimestampFormat::DateTime);
        let list = RustType::List {
            item: Box::new(date_time.clone()),
            sparse: false,
        };
        assert!(needs_format(&date_time));
        assert!(needs_format(&list));
        assert!(!needs_format(&RustType::Timestamp(
            TimestampFormat::EpochSeconds
        )));
        let text = write_value(&list, &quote!(value), &quote!(out)).to_string();
        assert!(text.contains("json :: list"), "{text}");
        assert!(text.contains("DateTime"), "{text}");
    }
}
