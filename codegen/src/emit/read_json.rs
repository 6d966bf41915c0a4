//! `ReadJson` impls: how every generated type is read from JSON, member by
//! member, strictly or leniently as the reader says. Part of `json.rs`,
//! whose `json` alias the code uses; the response readers of `protocol.rs`
//! share [`object_loop`].

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, type_path};
use crate::ir::{EnumDef, Field, Presence, ServiceIr, StructDef, TypeDef, UnionDef};

/// A `ReadJson` impl for every type of the service.
pub(super) fn impls(service: &ServiceIr) -> TokenStream {
    let impls = service.types.iter().map(|ty| {
        let path = type_path(&service.module, ty.name());
        let body = match ty {
            TypeDef::Struct(def) => struct_body(def, &service.module),
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

/// A field's value as the reader left it in the builder: an `Option` of the
/// field's type, boxed when the field is.
pub(super) fn slot(field: &Field) -> TokenStream {
    let name = ident(&field.name);
    if field.boxed {
        quote!(builder.#name.map(::std::boxed::Box::new))
    } else {
        quote!(builder.#name)
    }
}

/// Reads the members of the object at `reader` into `builder`, a new
/// builder of the structure (at `builder_path`) whose `fields` these are.
/// Other members go to `unknown`.
pub(super) fn object_loop(
    fields: &[&Field],
    unknown: TokenStream,
    builder_path: &TokenStream,
) -> TokenStream {
    // An object without fields only checks its members.
    let builder = (!fields.is_empty()).then(|| quote!(let mut builder = #builder_path::default();));
    let arms = fields.iter().map(|field| {
        let key = &field.json_name;
        let name = ident(&field.name);
        quote!(#key => json::member(reader, &mut builder.#name, #key)?,)
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
        #builder
        let mut object = reader.object()?;
        while let ::std::option::Option::Some(key) = object.next_key(reader)? {
            #dispatch
        }
    }
}

/// The path of a structure's builder.
pub(super) fn builder_path(def: &StructDef, module: &str) -> TokenStream {
    let module = ident(module);
    let builder = ident(&def.builder);
    quote!(crate::#module::builders::#builder)
}

fn struct_body(def: &StructDef, module: &str) -> TokenStream {
    let fields: Vec<&Field> = def.fields.iter().collect();
    let known = fields.iter().map(|f| &f.json_name);
    let read = object_loop(
        &fields,
        quote!(reader.unknown_member(&key, &[#(#known),*])?),
        &builder_path(def, module),
    );
    let checks = def.fields.iter().filter_map(|field| {
        let name = ident(&field.name);
        let key = &field.json_name;
        (field.required && field.presence == Presence::Optional)
            .then(|| quote!(reader.check_required(&builder.#name, #key)?;))
    });
    let values = def.fields.iter().map(|field| {
        let name = ident(&field.name);
        let slot = slot(field);
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
