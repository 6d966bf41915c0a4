//! CBOR fragments printed by more than one file: a structure's members
//! written as a map (by `WriteCbor` impls and request bodies), and the loop
//! that reads a map's members into a builder (by `ReadCbor` impls and
//! response readers). The code they print uses the `cbor` alias of
//! `crate::runtime::cbor`. Timestamps need no format here: CBOR writes
//! them all as tag 1.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use crate::ir::{Field, Presence};

/// Writes `fields` of `owner` as a CBOR map into `out`; unset optional
/// members are left out.
pub(crate) fn object(fields: &[&Field], owner: &TokenStream) -> TokenStream {
    if fields.is_empty() {
        return quote! { cbor::Object::new(out).end() };
    }
    let members = fields.iter().map(|field| {
        let name = ident(&field.name);
        let out = member_out(&field.json_name);
        match field.presence {
            Presence::Optional => quote! {
                if let Some(value) = &#owner.#name { cbor::WriteCbor::write_cbor(value, #out)?; }
            },
            _ => quote! { cbor::WriteCbor::write_cbor(&#owner.#name, #out)?; },
        }
    });
    quote! {
        let mut object = cbor::Object::new(out);
        #(#members)*
        object.end()
    }
}

/// The buffer for a member's value, after its key.
pub(crate) fn member_out(name: &str) -> TokenStream {
    let key = Literal::byte_string(&key_bytes(name));
    quote!(object.key(#key))
}

/// `name` as an encoded CBOR text string: its head, then its bytes.
fn key_bytes(name: &str) -> Vec<u8> {
    let length = name.len();
    let mut out = Vec::with_capacity(length + 9);
    let text = 3u8 << 5;
    match length {
        0..=23 => out.push(text | length as u8),
        24..=0xff => out.extend_from_slice(&[text | 24, length as u8]),
        0x100..=0xffff => {
            out.push(text | 25);
            out.extend_from_slice(&(length as u16).to_be_bytes());
        }
        _ => {
            out.push(text | 26);
            out.extend_from_slice(&(length as u32).to_be_bytes());
        }
    }
    out.extend_from_slice(name.as_bytes());
    out
}

/// Reads the members of the map at `reader` into `builder`, which the
/// caller has declared; members the model does not list are skipped.
pub(crate) fn map_loop(fields: &[&Field]) -> TokenStream {
    let arms = fields.iter().map(|field| {
        let key = &field.json_name;
        let name = ident(&field.name);
        quote!(#key => cbor::member(reader, &mut builder.#name, #key)?,)
    });
    if fields.is_empty() {
        return quote! {
            let mut object = reader.map()?;
            while object.next_key(reader)?.is_some() {
                reader.skip_value()?;
            }
        };
    }
    quote! {
        let mut object = reader.map()?;
        while let Some(key) = object.next_key(reader)? {
            match &*key {
                #(#arms)*
                _ => reader.skip_value()?,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8949's own examples of text strings, and a key past 23 bytes.
    #[test]
    fn keys_are_encoded_text_strings() {
        assert_eq!(key_bytes("a"), [0x61, b'a']);
        assert_eq!(key_bytes("IETF"), [0x64, b'I', b'E', b'T', b'F']);
        let long = "x".repeat(24);
        assert_eq!(&key_bytes(&long)[..2], [0x78, 24]);
    }
}
