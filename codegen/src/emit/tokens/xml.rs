//! XML fragments printed by more than one file: reading a structure's
//! attributes and child elements into a builder (by `ReadXml` impls and
//! response readers), and writing members as elements (by `WriteXml`
//! impls and request bodies). The code they print uses the `xml` alias of
//! `crate::runtime::xml`; names, namespaces and layouts are the ones
//! lowering gave each member.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, timestamp_format_tokens};
use crate::ir::{
    Field, Presence, RustType, TimestampFormat, XmlLayout, XmlMember, XmlNamespace, XmlRoot,
};

/// The member's XML placement (name, attribute flag, layout), which
/// lowering gives every member of a service of an XML protocol.
pub(crate) fn placement(xml: &Option<XmlMember>) -> (&str, bool, &XmlLayout) {
    match xml {
        Some(xml) => (&xml.name, xml.attribute, &xml.layout),
        None => ("", false, &XmlLayout::Value),
    }
}

/// Whether the field is written as an attribute.
pub(crate) fn is_attribute(field: &Field) -> bool {
    placement(&field.xml).1
}

/// An `xml::Name` of `name`, declaring `namespace`.
pub(crate) fn name_tokens(name: &str, namespace: &Option<XmlNamespace>) -> TokenStream {
    if namespace.is_none() {
        return quote!(xml::Name::plain(#name));
    }
    let namespace = namespace_option(namespace);
    quote!(xml::Name { name: #name, namespace: #namespace })
}

/// The `xml::Name` of a structure as a whole document.
pub(crate) fn root_name(root: &Option<XmlRoot>) -> TokenStream {
    match root {
        Some(root) => name_tokens(&root.name, &root.namespace),
        None => quote!(xml::Name::plain("")),
    }
}

/// The `xml::Namespace` option of a list's items.
fn namespace_option(namespace: &Option<XmlNamespace>) -> TokenStream {
    match namespace {
        None => quote!(None),
        Some(namespace) => {
            let uri = &namespace.uri;
            let prefix = match &namespace.prefix {
                Some(prefix) => quote!(Some(#prefix)),
                None => quote!(None),
            };
            quote!(Some(xml::Namespace { prefix: #prefix, uri: #uri }))
        }
    }
}

/// Reads the open element's attributes and child elements into `builder`,
/// which the caller has declared; elements the structure does not list
/// are skipped.
pub(crate) fn read_members(fields: &[&Field]) -> TokenStream {
    let attributes = fields.iter().filter(|f| is_attribute(f)).map(|field| {
        let name = placement(&field.xml).0;
        let slot = ident(&field.name);
        quote!(xml::attribute(reader, &mut builder.#slot, #name)?;)
    });
    let elements: Vec<&Field> = fields
        .iter()
        .copied()
        .filter(|f| !is_attribute(f))
        .collect();
    let read = members_loop(&elements);
    quote! {
        #(#attributes)*
        #read
    }
}

/// Reads the child elements into `builder`, matching each member's
/// position, as the JSON and CBOR readers do.
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
pub(crate) fn read_member(field: &Field) -> TokenStream {
    let (name, _, layout) = placement(&field.xml);
    let slot = ident(&field.name);
    let slot = quote!(&mut builder.#slot);
    match layout {
        XmlLayout::Value => quote!(xml::member(reader, #slot, #name)),
        XmlLayout::List { item, inner, .. } => {
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
            ..
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
pub(crate) fn read_fn(layout: &XmlLayout) -> TokenStream {
    match layout {
        XmlLayout::Value => quote!(xml::ReadXml::read_xml),
        // Only a structure member's own list can be flattened.
        XmlLayout::List { item, inner, .. } => {
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

/// Writes `fields` of `owner` as the element `name` (an `xml::Name`
/// expression): its attributes, then its members as child elements; unset
/// optional members are left out.
pub(crate) fn write_element(
    fields: &[&Field],
    owner: &TokenStream,
    name: &TokenStream,
) -> TokenStream {
    let attributes = fields.iter().filter(|f| is_attribute(f)).map(|field| {
        let attribute = placement(&field.xml).0;
        let value = ident(&field.name);
        match (&field.presence, &field.ty) {
            (Presence::Optional, _) => quote!(out.optional_attribute(#attribute, &#owner.#value);),
            (_, RustType::String) => quote!(out.attribute(#attribute, &#owner.#value);),
            _ => quote!(out.attribute(#attribute, &crate::runtime::__private::HttpText::http_text(&#owner.#value));),
        }
    });
    let members = fields
        .iter()
        .filter(|f| !is_attribute(f))
        .map(|field| write_member(field, owner));
    quote! {
        out.start(#name);
        #(#attributes)*
        out.content();
        #(#members)*
        out.end(#name);
    }
}

/// Writes one member of `owner` as its element.
fn write_member(field: &Field, owner: &TokenStream) -> TokenStream {
    let (element, _, layout) = placement(&field.xml);
    let namespace = field.xml.as_ref().and_then(|xml| xml.namespace.clone());
    let name = name_tokens(element, &namespace);
    let value = ident(&field.name);
    let optional = field.presence == Presence::Optional;
    match write_fn(&field.ty, layout) {
        None if optional => quote!(out.optional(&#name, &#owner.#value);),
        None => quote!(out.member(&#name, &#owner.#value);),
        Some(write) if optional => quote! {
            if let Some(value) = &#owner.#value {
                out.with(&#name, value, #write);
            }
        },
        Some(write) => quote!(out.with(&#name, &#owner.#value, #write);),
    }
}

/// A function writing a `ty` laid out as `layout` as a named element, or
/// `None` when the value's own `WriteXml` does: collections and timestamps
/// in a format other than the date-time XML defaults to.
pub(crate) fn write_fn(ty: &RustType, layout: &XmlLayout) -> Option<TokenStream> {
    let item_fn = |item: &RustType, inner: &XmlLayout| {
        write_fn(item, inner).unwrap_or_else(|| quote!(xml::WriteXml::write_xml))
    };
    match (ty, layout) {
        (RustType::Timestamp(format), _) if *format != TimestampFormat::DateTime => {
            let format = timestamp_format_tokens(*format);
            Some(quote!(|value, out, name| out.timestamp(name, value, #format)))
        }
        (
            RustType::List { item, sparse },
            XmlLayout::List {
                item: item_name,
                item_namespace,
                inner,
            },
        ) => {
            let item_name = match item_name {
                Some(item_name) => {
                    let name = name_tokens(item_name, item_namespace);
                    quote!(Some(&#name))
                }
                None => quote!(None),
            };
            let namespace = namespace_option(item_namespace);
            let write = sparse_fn(item_fn(item, inner), *sparse);
            Some(quote!(|value, out, name| out.list(name, value, #item_name, #namespace, #write)))
        }
        (
            RustType::Map { value, sparse, .. },
            XmlLayout::Map {
                wrapped,
                key,
                key_namespace,
                value: value_name,
                value_namespace,
                inner,
            },
        ) => {
            let key = name_tokens(key, key_namespace);
            let value_name = name_tokens(value_name, value_namespace);
            let write = sparse_fn(item_fn(value, inner), *sparse);
            Some(quote! {
                |value, out, name| out.map(name, value, #wrapped, (&#key, &#value_name), #write)
            })
        }
        _ => None,
    }
}

/// `write` for the items of a sparse collection, which leaves unset ones
/// out.
fn sparse_fn(write: TokenStream, sparse: bool) -> TokenStream {
    if sparse {
        quote!(|value, out, name| if let Some(value) = value { (#write)(value, out, name) })
    } else {
        write
    }
}
