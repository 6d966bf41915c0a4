//! `xml.rs`, for services whose responses are XML: how every type a
//! response can hold is read (`ReadXml`, leniently, as responses are
//! read), and for restXml how every type a request can hold is written
//! (`WriteXml`), each member by the name and layout lowering gave it.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::fields::read_value;
use super::tokens::xml::{name_tokens, placement, read_fn, read_members, write_element, write_fn};
use super::tokens::{builder_path, ident, type_path};
use crate::ir::{
    DocumentFormat, EnumDef, Field, ServiceIr, StructDef, TypeDef, UnionDef, XmlLayout,
};

/// `xml.rs`: how the module's types are read from XML, and written.
pub fn emit(service: &ServiceIr) -> TokenStream {
    let readers = service
        .types
        .iter()
        .filter(|ty| service.read.contains(&ty.id()))
        .map(|ty| {
            let path = type_path(ty.name());
            let body = match ty {
                TypeDef::Struct(def) => read_struct(def),
                TypeDef::Union(def) => read_union(def),
                TypeDef::Enum(def) => read_enum(def),
            };
            quote! {
                impl xml::ReadXml for #path {
                    fn read_xml(reader: &mut xml::Reader<'_>) -> Result<Self, xml::XmlError> {
                        #body
                    }
                }
            }
        });
    // Forms carry the query protocols' requests; only restXml writes XML.
    let writes = service.document.format == DocumentFormat::Xml;
    let writers = service
        .types
        .iter()
        .filter(|ty| writes && service.written.contains(&ty.id()))
        .map(|ty| {
            let path = type_path(ty.name());
            let body = match ty {
                TypeDef::Struct(def) => {
                    let fields: Vec<&Field> = def.fields.iter().collect();
                    write_element(&fields, &quote!(self), &quote!(name))
                }
                TypeDef::Union(def) => write_union(def),
                TypeDef::Enum(def) => write_enum(def),
            };
            quote! {
                impl xml::WriteXml for #path {
                    fn write_xml(&self, out: &mut xml::Writer<'_>, name: &xml::Name) {
                        #body
                    }
                }
            }
        });
    let doc = format!(
        " How the types of the `{}` module are read from XML{}.",
        service.module,
        if writes { ", and written" } else { "" }
    );
    quote! {
        #![doc = #doc]
        use crate::runtime::xml;
        #(#readers)*
        #(#writers)*
    }
}

/// A structure: its attributes, then its child elements into a builder,
/// then the values, required members that are absent error-corrected.
fn read_struct(def: &StructDef) -> TokenStream {
    let builder = builder_path(def);
    let declare = (!def.fields.is_empty()).then(|| quote!(let mut builder = #builder::default();));
    let fields: Vec<&Field> = def.fields.iter().collect();
    let read = read_members(&fields);
    let values = def.fields.iter().map(|field| {
        let name = ident(&field.name);
        let value = read_value(field);
        quote!(#name: #value,)
    });
    quote! {
        #declare
        #read
        Ok(Self { #(#values)* })
    }
}

/// A union: the element `name` holding the member set, as a structure
/// holds its members.
fn write_union(def: &UnionDef) -> TokenStream {
    let arms = def.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let (element, _, layout) = placement(&variant.xml);
        let namespace = variant.xml.as_ref().and_then(|xml| xml.namespace.clone());
        let element = name_tokens(element, &namespace);
        let write = variant
            .ty
            .as_ref()
            .and_then(|ty| write_fn(ty, layout))
            .map_or_else(
                || quote!(out.member(&#element, value)),
                |write| quote!(out.with(&#element, value, #write)),
            );
        quote! { Self::#name(value) => #write, }
    });
    let union = &def.name;
    quote! {
        out.start(name);
        out.content();
        match self {
            #(#arms)*
            Self::Unknown(_) => out.unknown_member(#union),
        }
        out.end(name);
    }
}

fn write_enum(def: &EnumDef) -> TokenStream {
    if def.int {
        quote!(xml::WriteXml::write_xml(&self.as_i32(), out, name))
    } else {
        quote!(out.text_element(name, self.as_str()))
    }
}

/// A union: the one child element it has, read into its variant; an
/// element the model does not list becomes `Unknown`.
fn read_union(def: &UnionDef) -> TokenStream {
    let arms = def.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let (element, _, layout) = placement(&variant.xml);
        let read = match layout {
            XmlLayout::Value => quote!(xml::variant(reader, #element)?),
            layout => {
                let read = read_fn(layout);
                let read: TokenStream = quote!(#read);
                quote!({
                    let read: xml::read::ReadFn<_> = #read;
                    read(reader).map_err(|e| e.at_member(#element))?
                })
            }
        };
        quote!(#element => Self::#name(#read),)
    });
    quote! {
        let mut value = None;
        while let Some(name) = reader.next_child()? {
            let variant = match name {
                #(#arms)*
                _ => {
                    reader.skip_element()?;
                    Self::Unknown(crate::runtime::UnknownMember::new(name))
                }
            };
            xml::set_variant(reader, &mut value, variant)?;
        }
        xml::finish_union(reader, value)
    }
}

fn read_enum(def: &EnumDef) -> TokenStream {
    if def.int {
        quote!(<i32 as xml::ReadXml>::read_xml(reader).map(Self::from))
    } else {
        quote!(reader.text().map(|text| Self::from(&*text)))
    }
}
