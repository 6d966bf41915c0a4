//! `ReadJson` impls: how every generated type is read from JSON, member by
//! member, strictly or leniently as the reader says. Part of `json.rs`,
//! whose `json` alias the code uses; the response readers of `protocol.rs`
//! share [`object_loop`].

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, type_path};
use crate::ir::{EnumDef, Field, Presence, ServiceIr, StructDef, TypeDef, UnionDef};

/// A `ReadJson` impl for every type of the service.
pub(super) fn impls(service: &ServiceIr) -> TokenStream {
    let impls = service.types.iter().map(|ty| {
        let path = type_path(&service.module, ty.name());
        let body = match ty {
            TypeDef::Struct(def) => struct_body(def),
            TypeDef::Union(def) => union_body(def),
            TypeDef::Enum(def) => enum_body(def),
        };
        quote! {
            impl json::ReadJson for #path {
                fn read_json(reader: &mut json::Reader<'_>) -> ::std::result::Result<Self, json::JsonError> {
                    #body
                }
            }
        }
    });
    quote!(#(#impls)*)
}

/// The slot of field number `index` in the `slots` tuple.
pub(super) fn slot(index: usize) -> TokenStream {
    let index = Literal::usize_unsuffixed(index);
    quote!(slots.#index)
}

/// Reads the members of the object at `reader` into `slots`, a tuple with an
/// `Option` per field, in `fields` order. Other members go to `unknown`.
pub(super) fn object_loop(fields: &[&Field], unknown: TokenStream) -> TokenStream {
    // An object without fields only checks its members.
    let slots = (!fields.is_empty()).then(|| {
        let nones = fields.iter().map(|_| quote!(::std::option::Option::None));
        quote!(let mut slots = (#(#nones,)*);)
    });
    let arms = fields.iter().enumerate().map(|(index, field)| {
        let key = &field.json_name;
        let slot = slot(index);
        quote!(#key => json::member(reader, &mut #slot, #key)?,)
    });
    let dispatch = if fields.is_empty() {
        quote!(#unknown;)
    } else {
        quote! {
            match &*key {
                #(#arms)*
                _ => #unknown,
            }
        }
    };
    quote! {
        #slots
        let mut object = reader.object()?;
        while let ::std::option::Option::Some(key) = object.next_key(reader)? {
            #dispatch
        }
    }
}

fn struct_body(def: &StructDef) -> TokenStream {
    let fields: Vec<&Field> = def.fields.iter().collect();
    let known = fields.iter().map(|f| &f.json_name);
    let read = object_loop(
        &fields,
        quote!(reader.unknown_member(&key, &[#(#known),*])?),
    );
    let checks = def.fields.iter().enumerate().filter_map(|(index, field)| {
        let slot = slot(index);
        let key = &field.json_name;
        (field.required && field.presence == Presence::Optional)
            .then(|| quote!(reader.check_required(&#slot, #key)?;))
    });
    let values = def.fields.iter().enumerate().map(|(index, field)| {
        let name = ident(&field.name);
        let slot = slot(index);
        let key = &field.json_name;
        let value = match &field.presence {
            Presence::Optional => slot,
            Presence::Required => quote!(reader.required(#slot, #key)?),
            Presence::Default(crate::ir::DefaultValue::Zero) => quote!(#slot.unwrap_or_default()),
            Presence::Default(_) => {
                let default_fn = ident(&field.default_fn);
                quote!(#slot.unwrap_or_else(Self::#default_fn))
            }
        };
        quote!(#name: #value,)
    });
    quote! {
        #read
        #(#checks)*
        ::std::result::Result::Ok(Self { #(#values)* })
    }
}

fn union_body(def: &UnionDef) -> TokenStream {
    let known = def.variants.iter().map(|v| &v.json_name);
    let arms = def.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let key = &variant.json_name;
        quote!(#key => Self::#name(json::variant(reader, #key)?),)
    });
    quote! {
        let mut value = ::std::option::Option::None;
        let mut object = reader.object()?;
        while let ::std::option::Option::Some(key) = object.next_key(reader)? {
            if reader.take_null()? {
                continue;
            }
            let variant = match &*key {
                #(#arms)*
                _ => match reader.unknown_variant(&key, &[#(#known),*])? {
                    ::std::option::Option::Some(member) => Self::Unknown(member),
                    ::std::option::Option::None => continue,
                },
            };
            json::set_variant(reader, &mut value, variant)?;
        }
        json::finish_union(reader, value)
    }
}

fn enum_body(def: &EnumDef) -> TokenStream {
    if def.int {
        quote!(<i32 as json::ReadJson>::read_json(reader).map(Self::from))
    } else {
        quote!(reader.read_str().map(|text| Self::from(&*text)))
    }
}
