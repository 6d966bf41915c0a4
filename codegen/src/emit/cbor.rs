//! `cbor.rs`, for services generated for rpcv2Cbor: how every type of a
//! module is read from CBOR (`ReadCbor`, leniently, as responses are read)
//! and, for the types a request body can hold, written (`WriteCbor`, keys
//! encoded at generation time).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::cbor::{map_loop, member_out, object};
use super::tokens::fields::read_value;
use super::tokens::{builder_path, ident, read_result, type_path};
use crate::ir::{EnumDef, Field, ServiceIr, StructDef, TypeDef, UnionDef};

/// `cbor.rs`: how the module's types are read from and written to CBOR.
pub fn emit(service: &ServiceIr) -> TokenStream {
    let writers = write_impls(service);
    let readers = read_impls(service);
    let doc = format!(
        " How the types of the `{}` module are read from and written to CBOR.",
        service.module
    );
    quote! {
        #![doc = #doc]
        use crate::runtime::cbor;
        #writers
        #readers
    }
}

fn write_impls(service: &ServiceIr) -> TokenStream {
    let impls = service
        .types
        .iter()
        .filter(|ty| service.written.contains(&ty.id()))
        .map(|ty| {
            let path = type_path(ty.name());
            let body = match ty {
                TypeDef::Struct(def) => {
                    let fields: Vec<&Field> = def.fields.iter().collect();
                    object(&fields, &quote!(self))
                }
                TypeDef::Union(def) => write_union(def),
                TypeDef::Enum(def) => write_enum(def),
            };
            quote! {
                impl cbor::WriteCbor for #path {
                    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), crate::runtime::json::WriteError> {
                        #body
                    }
                }
            }
        });
    quote!(#(#impls)*)
}

fn write_union(def: &UnionDef) -> TokenStream {
    let arms = def.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let out = member_out(&variant.json_name);
        quote! { Self::#name(value) => cbor::WriteCbor::write_cbor(value, #out)?, }
    });
    let union = &def.name;
    quote! {
        let mut object = cbor::Object::new(out);
        match self {
            #(#arms)*
            Self::Unknown(_) => return Err(crate::runtime::json::WriteError::unknown_member(#union)),
        }
        object.end()
    }
}

fn write_enum(def: &EnumDef) -> TokenStream {
    if def.int {
        quote! { cbor::WriteCbor::write_cbor(&self.as_i32(), out) }
    } else {
        quote! { cbor::WriteCbor::write_cbor(self.as_str(), out) }
    }
}

fn read_impls(service: &ServiceIr) -> TokenStream {
    let impls = service.types.iter().map(|ty| {
        let path = type_path(ty.name());
        let body = match ty {
            TypeDef::Struct(def) => read_struct(def),
            TypeDef::Union(def) => read_union(def),
            TypeDef::Enum(def) => read_enum(def),
        };
        quote! {
            impl cbor::ReadCbor for #path {
                fn read_cbor(reader: &mut cbor::Reader<'_>) -> Result<Self, cbor::CborError> {
                    #body
                }
            }
        }
    });
    quote!(#(#impls)*)
}

/// A structure: its members into a builder, then the values, required
/// members that are absent error-corrected, as responses are read.
fn read_struct(def: &StructDef) -> TokenStream {
    let fields: Vec<&Field> = def.fields.iter().collect();
    let builder = builder_path(def);
    let declare = (!fields.is_empty()).then(|| quote!(let mut builder = #builder::default();));
    let read = map_loop(&fields);
    let values = def.fields.iter().map(|field| {
        let name = ident(&field.name);
        let value = read_value(field);
        quote!(#name: #value,)
    });
    let value = read_result(def, quote!(#(#values)*));
    quote! {
        #declare
        #read
        Ok(#value)
    }
}

fn read_union(def: &UnionDef) -> TokenStream {
    let arms = def.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let key = &variant.json_name;
        quote!(#key => Self::#name(cbor::variant(reader, #key)?),)
    });
    quote! {
        let mut value = None;
        let mut object = reader.map()?;
        while let Some(key) = object.next_key(reader)? {
            if reader.take_null()? {
                continue;
            }
            let variant = match &*key {
                #(#arms)*
                _ => match reader.unknown_variant(&key)? {
                    Some(member) => Self::Unknown(member),
                    None => continue,
                },
            };
            cbor::set_variant(reader, &mut value, variant)?;
        }
        cbor::finish_union(reader, value)
    }
}

fn read_enum(def: &EnumDef) -> TokenStream {
    if def.int {
        quote!(<i32 as cbor::ReadCbor>::read_cbor(reader).map(Self::from))
    } else {
        quote!(reader.read_str().map(|text| Self::from(&*text)))
    }
}
