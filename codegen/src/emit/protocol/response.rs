//! The response half of `protocol.rs`: each operation's parser, its error
//! reader, and the readers of outputs and errors.

use proc_macro2::TokenStream;
use quote::quote;

use super::is_http_date;
use super::Emitter;
use crate::emit::tokens::cbor;
use crate::emit::tokens::fields::field_corrected_value;
use crate::emit::tokens::json::{object_loop, slot};
use crate::emit::tokens::xml::{read_member as xml_read_member, read_members as xml_read_members};
use crate::emit::tokens::{builder_path, error_path, ident, rust_type, type_path, Scope};
use crate::ir::{
    DefaultValue, DocumentFormat, Field, HttpBinding, OperationIr, Presence, RustType, StructDef,
};

impl Emitter<'_> {
    /// The `ResponseParts` method that reads what an error response says
    /// about itself, from a document of the service's format.
    fn error_metadata(&self) -> TokenStream {
        match self.service.document.format {
            DocumentFormat::Json => quote!(error_metadata),
            DocumentFormat::Cbor => quote!(cbor_error_metadata),
            DocumentFormat::Xml | DocumentFormat::Form(_) => quote!(xml_error_metadata),
        }
    }

    pub(super) fn parser(&self, op: &OperationIr) -> TokenStream {
        let fn_name = ident(&op.parse_fn);
        let error_fn = ident(&op.error_fn);
        let error_ty = error_path(&op.error_enum);
        let error_metadata = self.error_metadata();
        let doc = format!(" Reads the response of `{}`.", op.shape_id.name());
        let xml = matches!(self.service.document.format, DocumentFormat::Form(_));
        let (output_ty, read) = match &op.output {
            Some(output) if xml => {
                let wrapper = match &op.result_wrapper {
                    Some(wrapper) => quote!(Some(#wrapper)),
                    None => quote!(None),
                };
                (
                    type_path(&output.name),
                    quote!(parts.xml_document(#wrapper)),
                )
            }
            Some(output) => {
                let reader = self.service.struct_def(output.id).map_or("", |d| &d.reader);
                let reader = ident(reader);
                (type_path(&output.name), quote!(#reader(&parts)))
            }
            None => (quote!(()), quote!(Ok(()))),
        };
        let unhandled_ident = ident(&op.unhandled_variant);
        let arms = op.errors.iter().filter_map(|error| {
            let def = self.service.struct_def(error.id)?;
            let info = def.error.as_ref();
            let code = info.map_or(error.name.as_str(), |i| i.code.as_str());
            let reader = ident(&def.reader);
            let variant = ident(&error.name);
            // A query-compatible service may name the error by its awsQuery
            // code alone.
            let query_code = info
                .and_then(|i| i.query_code.as_deref())
                .map(|code| quote!(| Some(#code)));
            let retry = match info.and_then(|i| i.retryable) {
                None => quote!(No),
                Some(false) => quote!(Retryable),
                Some(true) => quote!(Throttling),
            };
            Some(quote! {
                Some(#code) #query_code => rt::modeled(parts, meta.clone(), rt::Retry::#retry, #reader, #error_ty::#variant),
            })
        });
        let classify = if op.errors.is_empty() {
            quote!(#error_ty::#unhandled_ident(rt::Unhandled::new(parts.#error_metadata(), None)))
        } else {
            quote! {
                let meta = parts.#error_metadata();
                match meta.error_type() {
                    #(#arms)*
                    _ => #error_ty::#unhandled_ident(rt::Unhandled::new(meta, None)),
                }
            }
        };
        let failed = if op.errors_in_success {
            quote!(!parts.is_success() || parts.xml_is_error())
        } else {
            quote!(!parts.is_success())
        };
        // Operations with the same errors share the first one's reader.
        let error_reader = op.error_enum_owner.is_none().then(|| {
            let doc = format!(" Reads an error response of `{}`.", op.shape_id.name());
            quote! {
                #[doc = #doc]
                fn #error_fn(parts: &rt::ResponseParts<'_>) -> #error_ty {
                    #classify
                }
            }
        });
        quote! {
            #[doc = #doc]
            pub(crate) fn #fn_name<B: AsRef<[u8]>>(response: &::http::Response<B>) -> Result<#output_ty, #error_ty> {
                let parts = rt::ResponseParts::new(response);
                if #failed {
                    return Err(#error_fn(&parts));
                }
                #read.map_err(|e| #error_ty::#unhandled_ident(rt::Unhandled::new(parts.#error_metadata(), Some(e))))
            }

            #error_reader
        }
    }

    /// Reads an output or error structure from a response.
    pub(super) fn reader(&self, def: &StructDef) -> TokenStream {
        let fn_name = ident(&def.reader);
        let ty = type_path(&def.name);
        let payload = def.fields.iter().any(|f| f.binding == HttpBinding::Payload);
        let body_fields: Vec<&Field> = if payload {
            Vec::new()
        } else {
            def.fields.iter().filter(|f| reads_from_body(f)).collect()
        };
        // A structure read whole from the body is what its own reader reads
        // (leniently, as responses are): the response reader calls it. The
        // query protocols bind nothing outside the body, so theirs always
        // is; an unwrapped output is not its own reader's document.
        let form = matches!(self.service.document.format, DocumentFormat::Form(_));
        let whole = !body_fields.is_empty() && body_fields.len() == def.fields.len();
        if form || (whole && !def.xml_unwrapped) {
            let read = match self.service.document.format {
                DocumentFormat::Json => quote!(parts.json_document()),
                DocumentFormat::Cbor => quote!(parts.cbor_document()),
                DocumentFormat::Xml if def.error.is_none() => quote!(parts.xml_document(None)),
                DocumentFormat::Xml | DocumentFormat::Form(_) => quote!(parts.xml_error()),
            };
            let doc = format!(" Reads a `{}` from a response.", def.shape_id.name());
            return quote! {
                #[doc = #doc]
                fn #fn_name(parts: &rt::ResponseParts<'_>) -> Result<#ty, rt::ResponseError> {
                    #read
                }
            };
        }
        let body = (!body_fields.is_empty()).then(|| {
            let builder = builder_path(def);
            match self.service.document.format {
                DocumentFormat::Json => {
                    self.uses_json.set(true);
                    let read = object_loop(&body_fields, &builder);
                    quote! {
                        let reader = &mut parts.body_reader();
                        #read
                        reader.end()?;
                    }
                }
                // An empty body is an empty map.
                DocumentFormat::Cbor => {
                    self.uses_cbor.set(true);
                    let read = cbor::map_loop(&body_fields);
                    quote! {
                        let mut builder = #builder::default();
                        if let Some(reader) = &mut parts.cbor_body() {
                            #read
                            reader.end()?;
                        }
                    }
                }
                DocumentFormat::Xml => {
                    self.uses_xml.set(true);
                    // An unwrapped output's member is the root itself.
                    let read = if def.xml_unwrapped {
                        let reads = body_fields.iter().map(|field| {
                            let read = xml_read_member(field);
                            quote!(#read?;)
                        });
                        quote!(#(#reads)*)
                    } else {
                        xml_read_members(&body_fields)
                    };
                    // An error's members are inside the element that
                    // describes it; an output's are the root's.
                    let (open, end) = if def.error.is_some() {
                        (quote!(parts.xml_error_body()?), None)
                    } else {
                        (quote!(parts.xml_body()?), Some(quote!(reader.end()?;)))
                    };
                    quote! {
                        let mut builder = #builder::default();
                        let reader = &mut #open;
                        #read
                        #end
                    }
                }
                DocumentFormat::Form(_) => {
                    unreachable!("form services' structures are read whole, above")
                }
            }
        });
        let mut reads_parts = body.is_some();
        let values: Vec<TokenStream> = def
            .fields
            .iter()
            .map(|field| {
                let name = ident(&field.name);
                let value = match self.read_field(field, payload) {
                    // The status is always there; only an `Option` wraps it.
                    Some(_) if field.binding == HttpBinding::ResponseCode => {
                        reads_parts = true;
                        let status = quote!(i32::from(parts.status));
                        match field.presence {
                            Presence::Optional => quote!(Some(#status)),
                            _ => status,
                        }
                    }
                    Some(read) => {
                        reads_parts |= !reads_from_body(field);
                        present(field, &ty, read)
                    }
                    None => field_corrected_value(field, &ty),
                };
                quote! { #name: #value, }
            })
            .collect();
        let parts = if reads_parts {
            quote!(parts)
        } else {
            quote!(_parts)
        };
        let doc = format!(" Reads a `{}` from a response.", def.shape_id.name());
        quote! {
            #[doc = #doc]
            fn #fn_name(#parts: &rt::ResponseParts<'_>) -> Result<#ty, rt::ResponseError> {
                #body
                Ok(#ty { #(#values)* })
            }
        }
    }

    /// An `Option` of the member's value read from the response, or `None`
    /// for a body member when a payload takes the body.
    fn read_field(&self, field: &Field, payload: bool) -> Option<TokenStream> {
        let member = &field.member;
        let ty = rust_type(&field.ty, Scope::Sibling);
        if reads_from_body(field) {
            return (!payload).then(|| slot(field));
        }
        let read = match &field.binding {
            HttpBinding::Header(name) => match &field.ty {
                RustType::String if field.media_type.is_some() => {
                    quote!(parts.media_type_header(#member, #name)?)
                }
                RustType::List { item, .. } => {
                    let item_ty = rust_type(item, Scope::Sibling);
                    let dates = is_http_date(item, field);
                    quote!(parts.header_list::<#item_ty>(#member, #name, #dates)?)
                }
                _ => quote!(parts.header::<#ty>(#member, #name)?),
            },
            HttpBinding::PrefixHeaders(prefix) => {
                quote!(Some(parts.prefix_headers(#member, #prefix)?))
            }
            HttpBinding::ResponseCode => {
                quote!(Some(i32::from(parts.status)))
            }
            HttpBinding::Payload if field.event_stream => {
                quote!(parts.event_stream_payload(#member)?)
            }
            HttpBinding::Payload => match &field.ty {
                RustType::Blob => quote!(parts.blob_payload()),
                RustType::ByteStream => quote!(parts.stream_payload()),
                RustType::String => quote!(parts.text_payload(#member)?),
                RustType::Named(named) if self.service.is_enum(named.id) => {
                    quote!(parts.text_payload(#member)?.map(|text| #ty::from(text.as_str())))
                }
                _ if self.service.document.format == DocumentFormat::Xml => {
                    quote!(parts.xml_payload::<#ty>()?)
                }
                _ => quote!(parts.json_payload::<#ty>()?),
            },
            HttpBinding::Body
            | HttpBinding::Label
            | HttpBinding::Query(_)
            | HttpBinding::QueryParams => return None,
        };
        Some(if field.boxed {
            quote!(#read.map(Box::new))
        } else {
            read
        })
    }
}

/// Whether a member of a response comes from the JSON body: body members,
/// and members bound to parts of a request (labels, query parameters), which
/// a response does not have.
fn reads_from_body(field: &Field) -> bool {
    matches!(
        field.binding,
        HttpBinding::Body | HttpBinding::Label | HttpBinding::Query(_) | HttpBinding::QueryParams
    )
}

/// Turns an `Option` read from a response into the field's value.
fn present(field: &Field, owner: &TokenStream, read: TokenStream) -> TokenStream {
    match &field.presence {
        Presence::Optional => read,
        Presence::Required => {
            quote!(#read.unwrap_or_else(rt::error_corrected))
        }
        Presence::Default(DefaultValue::Zero) => quote!(#read.unwrap_or_default()),
        Presence::Default(_) => {
            let default_fn = ident(&field.default_fn);
            quote!(#read.unwrap_or_else(#owner::#default_fn))
        }
    }
}
