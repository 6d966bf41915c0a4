//! `xml.rs`, for services whose responses are XML: how every type a
//! response can hold is read (`ReadXml`, leniently, as responses are
//! read), each member by the name and layout lowering gave it.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::fields::read_value;
use super::tokens::{builder_path, ident, type_path};
use crate::ir::{EnumDef, Field, ServiceIr, StructDef, TypeDef, UnionDef, XmlLayout, XmlMember};

/// `xml.rs`: how the module's types are read from XML.
pub fn emit(service: &ServiceIr) -> TokenStream {
    let impls = service
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
    let doc = format!(
        " How the types of the `{}` module are read from XML.",
        service.module
    );
    quote! {
        #![doc = #doc]
        use crate::runtime::xml;
        #(#impls)*
    }
}

/// The member's XML placement, which lowering gives every member of a
/// service whose responses are XML.
fn placement(xml: &Option<XmlMember>) -> (&str, bool, &XmlLayout) {
    match xml {
        Some(xml) => (&xml.name, xml.attribute, &xml.layout),
        None => ("", false, &XmlLayout::Value),
    }
}

/// A structure: its attributes, then its child elements into a builder,
/// then the values, required members that are absent error-corrected.
fn read_struct(def: &StructDef) -> TokenStream {
    let builder = builder_path(def);
    let declare = (!def.fields.is_empty()).then(|| quote!(let mut builder = #builder::default();));
    let attributes = def.fields.iter().filter_map(|field| {
        let (name, attribute, _) = placement(&field.xml);
        attribute.then(|| {
            let slot = ident(&field.name);
            quote!(builder.#slot = xml::attribute(reader, #name)?;)
        })
    });
    let elements: Vec<&Field> = def
        .fields
        .iter()
        .filter(|field| !placement(&field.xml).1)
        .collect();
    let read = members_loop(&elements);
    let values = def.fields.iter().map(|field| {
        let name = ident(&field.name);
        let value = read_value(field);
        quote!(#name: #value,)
    });
    quote! {
        #declare
        #(#attributes)*
        #read
        Ok(Self { #(#values)* })
    }
}

/// Reads the child elements of the open element into `builder`; elements
/// the structure does not list are skipped. Matches the member's position,
/// as the JSON and CBOR readers do.
fn members_loop(fields: &[&Field]) -> TokenStream {
    let names = fields.iter().map(|field| placement(&field.xml).0);
    let members = quote!(&[#(#names),*]);
    let Some((last, others)) = fields.split_last() else {
        return quote!(reader.skip_element()?;);
    };
    let last = read_member(last);
    if others.is_empty() {
        return quote! {
            while reader.next_member(#members)?.is_some() {
                #last?;
            }
        };
    }
    let arms = others.iter().enumerate().map(|(index, field)| {
        let read = read_member(field);
        quote!(#index => #read,)
    });
    quote! {
        while let Some(member) = reader.next_member(#members)? {
            match member {
                #(#arms)*
                _ => #last,
            }?;
        }
    }
}

/// Reads one element of a member into its slot in `builder`.
fn read_member(field: &Field) -> TokenStream {
    let (name, _, layout) = placement(&field.xml);
    let slot = ident(&field.name);
    let slot = quote!(&mut builder.#slot);
    match layout {
        XmlLayout::Value => quote!(xml::member(reader, #slot, #name)),
        XmlLayout::List { item, inner } => {
            let read = read_fn(inner);
            match item {
                Some(item) => quote!(xml::list(reader, #slot, #name, #item, #read)),
                None => quote!(xml::flat_item(reader, #slot, #name, #read)),
            }
        }
        XmlLayout::Map {
            wrapped,
            key,
            value,
            inner,
        } => {
            let read = read_fn(inner);
            let entry = quote!(xml::Entry { key: #key, value: #value });
            let read = quote!((xml::read_key, #read));
            if *wrapped {
                quote!(xml::map(reader, #slot, #name, #entry, #read))
            } else {
                quote!(xml::flat_entry(reader, #slot, #name, #entry, #read))
            }
        }
    }
}

/// A function reading one value laid out as `layout` from the open
/// element: nested collections take a closure that reads them whole.
fn read_fn(layout: &XmlLayout) -> TokenStream {
    match layout {
        XmlLayout::Value => quote!(xml::ReadXml::read_xml),
        // Only a structure member's own list can be flattened.
        XmlLayout::List { item, inner } => {
            let item = item.as_deref().unwrap_or("member");
            let read = read_fn(inner);
            quote!(|reader| xml::read_list(reader, #item, #read))
        }
        XmlLayout::Map {
            key, value, inner, ..
        } => {
            let read = read_fn(inner);
            quote!(|reader| xml::read_map(reader, xml::Entry { key: #key, value: #value }, (xml::read_key, #read)))
        }
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
