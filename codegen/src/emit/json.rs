//! `json.rs`: how every type of a module is read from JSON (`ReadJson`,
//! strictly or leniently as the reader says) and, for the types a request
//! body can hold, written (`WriteJson`, keys quoted at generation time).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::json::{member_out, object, object_loop, slot, write_value};
use super::tokens::{builder_path, ident, read_result, type_path};
use crate::ir::{EnumDef, Field, Presence, ServiceIr, StructDef, TypeDef, UnionDef};

/// `json.rs`: how the module's types are read from and written to JSON.
pub fn emit(service: &ServiceIr) -> TokenStream {
    let writers = write_impls(service);
    let readers = read_impls(service);
    let doc = format!(
        " How the types of the `{}` module are read from and written to JSON.",
        service.module
    );
    quote! {
        #![doc = #doc]
        use crate::runtime::json;
        #writers
        #readers
    }
}

/// The `WriteJson` impls of the types a request body can hold: request
/// bodies are written with them, and `runtime::to_json` writes them.
fn write_impls(service: &ServiceIr) -> TokenStream {
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
            quote! {
                impl json::WriteJson for #path {
                    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), json::WriteError> {
                        #body
                    }
                }
            }
        });
    quote!(#(#impls)*)
}

fn write_struct(def: &StructDef) -> TokenStream {
    let fields: Vec<&Field> = def.fields.iter().collect();
    object(&fields, &quote!(self))
}

fn write_union(def: &UnionDef) -> TokenStream {
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
            Self::Unknown(_) => return Err(json::WriteError::unknown_member(#union)),
        }
        object.end()
    }
}

fn write_enum(def: &EnumDef) -> TokenStream {
    if def.int {
        quote! { json::WriteJson::write_json(&self.as_i32(), out) }
    } else {
        quote! { json::WriteJson::write_json(self.as_str(), out) }
    }
}

/// A `ReadJson` impl for every type of the service.
fn read_impls(service: &ServiceIr) -> TokenStream {
    let impls = service.types.iter().map(|ty| {
        let path = type_path(ty.name());
        let body = match ty {
            TypeDef::Struct(def) => read_struct(def),
            TypeDef::Union(def) => read_union(def),
            TypeDef::Enum(def) => read_enum(def),
        };
        quote! {
            impl json::ReadJson for #path {
                fn read_json(reader: &mut json::Reader<'_>) -> Result<Self, json::JsonError> {
                    #body
                }
            }
        }
    });
    quote!(#(#impls)*)
}

fn read_struct(def: &StructDef) -> TokenStream {
    let fields: Vec<&Field> = def.fields.iter().collect();
    let read = object_loop(&fields, &builder_path(def));
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
    let value = read_result(def, quote!(#(#values)*));
    quote! {
        #read
        #(#checks)*
        Ok(#value)
    }
}

fn read_union(def: &UnionDef) -> TokenStream {
    let known = def.variants.iter().map(|v| &v.json_name);
    let arms = def.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let key = &variant.json_name;
        quote!(#key => Self::#name(json::variant(reader, #key)?),)
    });
    quote! {
        let mut value = None;
        let mut object = reader.object()?;
        while let Some(key) = object.next_key(reader)? {
            if reader.take_null()? {
                continue;
            }
            let variant = match &*key {
                #(#arms)*
                _ => match reader.unknown_variant(&key, &[#(#known),*])? {
                    Some(member) => Self::Unknown(member),
                    None => continue,
                },
            };
            json::set_variant(reader, &mut value, variant)?;
        }
        json::finish_union(reader, value)
    }
}

fn read_enum(def: &EnumDef) -> TokenStream {
    if def.int {
        quote!(<i32 as json::ReadJson>::read_json(reader).map(Self::from))
    } else {
        quote!(reader.read_str().map(|text| Self::from(&*text)))
    }
}
