//! CBOR fragments printed by more than one file: a structure's members
//! written as a map (by `WriteCbor` impls and request bodies), and the loop
//! that reads a map's members into a builder (by `ReadCbor` impls and
//! response readers). The code they print uses the `cbor` alias of
//! `crate::runtime::cbor`. Timestamps need no format here: CBOR writes
//! them all as tag 1.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, members_loop};
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
    // The runtime's own encoding of a text string, so the generated
    // literal is exactly what its writer would produce.
    let key = Literal::byte_string(&smithy_runtime::cbor::write::key_bytes(name));
    quote!(object.key(#key))
}

/// Reads the members of the map at `reader` into `builder`, which the
/// caller has declared; members the model does not list are skipped.
pub(crate) fn map_loop(fields: &[&Field]) -> TokenStream {
    members_loop(fields, quote!(cbor))
}
