//! `protocol.rs`: request serializers and response deserializers in the
//! service's protocol, one pair per operation, and a reader per output
//! and error structure. Documents are JSON or CBOR as the IR says.

use std::cell::Cell;
use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::cbor;
use super::tokens::fields::field_corrected_value;
use super::tokens::json::{object, object_loop, slot, write_value};
use super::tokens::xml::{
    name_tokens as xml_name_tokens, read_members as xml_read_members, root_name as xml_root_name,
    write_element as xml_element, write_fn as xml_write_fn,
};
use super::tokens::{
    builder_path, error_path, ident, rust_type, timestamp_format_tokens, type_path, Scope,
};
use crate::ir::{
    DefaultValue, DocumentFormat, Field, FormStyle, HostPrefixPart, HttpBinding, OperationIr,
    PathSegment, Presence, RustType, ServiceIr, StructDef, TimestampFormat, TypeId, XmlLayout,
};

struct Emitter<'a> {
    service: &'a ServiceIr,
    /// Set once some emitted code writes or reads JSON, so the module
    /// imports the JSON runtime only when it uses it.
    uses_json: Cell<bool>,
    /// The same for CBOR.
    uses_cbor: Cell<bool>,
    /// The same for query forms.
    uses_query: Cell<bool>,
    /// The same for XML.
    uses_xml: Cell<bool>,
}

pub fn emit(service: &ServiceIr) -> TokenStream {
    // Readers of outputs and errors, in name order (ids follow names). An
    // XML output is read in its operation's parser, inside the element
    // the operation wraps it in.
    let xml = matches!(service.document.format, DocumentFormat::Form(_));
    let mut read: BTreeSet<TypeId> = BTreeSet::new();
    for op in &service.operations {
        if !xml {
            read.extend(op.output.iter().map(|t| t.id));
        }
        read.extend(op.errors.iter().map(|t| t.id));
    }
    let emitter = Emitter {
        service,
        uses_json: Cell::new(false),
        uses_cbor: Cell::new(false),
        uses_query: Cell::new(false),
        uses_xml: Cell::new(false),
    };
    let operations: Vec<TokenStream> = service
        .operations
        .iter()
        .map(|op| emitter.operation(op))
        .collect();
    let readers: Vec<TokenStream> = read
        .iter()
        .filter_map(|&id| service.struct_def(id))
        .map(|def| emitter.reader(def))
        .collect();
    let json_import = emitter.uses_json.get().then(|| {
        quote!(
            use crate::runtime::json;
        )
    });
    let cbor_import = emitter.uses_cbor.get().then(|| {
        quote!(
            use crate::runtime::cbor;
        )
    });
    let query_import = emitter.uses_query.get().then(|| {
        quote!(
            use crate::runtime::query;
        )
    });
    let xml_import = emitter.uses_xml.get().then(|| {
        quote!(
            use crate::runtime::xml;
        )
    });
    let doc = format!(
        " `{}` serializers and deserializers of the `{}` module.",
        service.protocol.id(),
        service.module
    );
    quote! {
        #![doc = #doc]
        #json_import
        #cbor_import
        #query_import
        #xml_import
        use crate::runtime::__private as rt;
        #(#operations)*
        #(#readers)*
    }
}

impl Emitter<'_> {
    fn operation(&self, op: &OperationIr) -> TokenStream {
        let serialize = self.serializer(op);
        let parse = self.parser(op);
        quote! { #serialize #parse }
    }

    fn serializer(&self, op: &OperationIr) -> TokenStream {
        let fn_name = ident(&op.serialize_fn);
        let doc = format!(" The HTTP request of `{}`.", op.shape_id.name());
        let input_struct = op
            .input
            .as_ref()
            .and_then(|input| self.service.struct_def(input.id));
        let input_ty = match &op.input {
            Some(input) => type_path(&input.name),
            None => quote!(()),
        };
        let Some(http) = &op.http else {
            return quote! {
                #[doc = #doc]
                pub(crate) fn #fn_name(_input: &#input_ty, _options: &crate::runtime::request::RequestOptions) -> Result<::http::Request<Vec<u8>>, rt::RequestError> {
                    Err(rt::RequestError::new(
                        "",
                        rt::RequestErrorKind::InvalidUri("the operation has no `@http` trait".into()),
                    ))
                }
            };
        };
        let method = &http.method;
        let fields: &[Field] = input_struct.map_or(&[], |s| &s.fields);
        let mut steps = Vec::new();
        let mut uses_options = false;
        if let Some(token) = fields
            .iter()
            .find(|f| f.idempotency_token && f.presence == Presence::Optional)
        {
            steps.push(self.fill_idempotency_token(token, &input_ty));
            uses_options = true;
        }
        for part in op.host_prefix.iter().flatten() {
            steps.push(match part {
                HostPrefixPart::Literal(text) => quote!(request.host_prefix(#text);),
                HostPrefixPart::Label { field } => {
                    let field = &fields[*field];
                    let name = ident(&field.name);
                    let member = &field.member;
                    let value = match field.presence {
                        Presence::Optional => quote!(input.#name.as_deref().unwrap_or_default()),
                        _ => quote!(&input.#name),
                    };
                    quote!(request.host_label(#member, #value)?;)
                }
            });
        }
        for segment in &http.path {
            steps.push(match segment {
                PathSegment::Literal(text) => quote!(request.path(#text);),
                PathSegment::Label { field, greedy } => self.label(&fields[*field], *greedy),
            });
        }
        if let Some(query) = &http.literal_query {
            steps.push(quote!(request.literal_query(#query);));
        }
        for (name, value) in &http.headers {
            steps.push(quote!(request.header("", #name, #value)?;));
        }
        let bound =
            |matches: fn(&HttpBinding) -> bool| fields.iter().filter(move |f| matches(&f.binding));
        // Query parameters, then headers, each kind in member order.
        for field in fields {
            if let HttpBinding::Query(name) = &field.binding {
                steps.push(self.query(field, name));
            }
        }
        for field in bound(|b| matches!(b, HttpBinding::QueryParams)) {
            steps.push(self.query_params(field));
        }
        // Prefix headers first, so a member bound to one header by name
        // replaces a map entry of the same name.
        for field in fields {
            if let HttpBinding::PrefixHeaders(prefix) = &field.binding {
                steps.push(self.prefix_headers(field, prefix));
            }
        }
        for field in fields {
            if let HttpBinding::Header(name) = &field.binding {
                steps.push(self.header(field, name));
            }
        }
        if let Some(field) = bound(|b| matches!(b, HttpBinding::Payload)).next() {
            steps.push(self.payload(field));
        } else {
            let body: Vec<&Field> = bound(|b| matches!(b, HttpBinding::Body)).collect();
            if self
                .service
                .document
                .carried(op.input.is_some(), !body.is_empty())
            {
                steps.push(self.document_body(op, &body, body.len() == fields.len()));
            }
        }
        if op.request_compression {
            steps.push(quote!(request.compress(options)?;));
            uses_options = true;
        }
        if op.checksum_required {
            steps.push(quote!(request.content_md5();));
        }
        let input_param = if fields.is_empty() {
            quote!(_input)
        } else {
            quote!(input)
        };
        let options_param = if uses_options {
            quote!(options)
        } else {
            quote!(_options)
        };
        quote! {
            #[doc = #doc]
            pub(crate) fn #fn_name(#input_param: &#input_ty, #options_param: &crate::runtime::request::RequestOptions) -> Result<::http::Request<Vec<u8>>, rt::RequestError> {
                let mut request = rt::RequestBuilder::new(#method);
                #(#steps)*
                request.build()
            }
        }
    }

    /// Rebinds `input` to a copy with a fresh token in the unset
    /// `@idempotencyToken` member, so every binding sends the same token.
    fn fill_idempotency_token(&self, field: &Field, input_ty: &TokenStream) -> TokenStream {
        let name = ident(&field.name);
        quote! {
            let filled;
            let input = if input.#name.is_none() {
                filled = #input_ty { #name: Some(options.idempotency_token()), ..Clone::clone(input) };
                &filled
            } else {
                input
            };
        }
    }

    /// Runs `body` with `value` bound to the member's value, when it is set.
    fn with_value(&self, field: &Field, body: TokenStream) -> TokenStream {
        let name = ident(&field.name);
        let unbox = unbox(field);
        match field.presence {
            Presence::Optional => quote! {
                if let Some(value) = &input.#name {
                    #unbox
                    #body
                }
            },
            _ => quote! {{
                let value = &input.#name;
                #unbox
                #body
            }},
        }
    }

    /// A `Cow<str>` of a scalar `value` of type `ty` for a label, query or
    /// header, timestamps in `format` (the member's, where it is bound).
    fn text(&self, ty: &RustType, value: TokenStream, format: TimestampFormat) -> TokenStream {
        match ty {
            RustType::Timestamp(_) => {
                let format = timestamp_format_tokens(format);
                quote!(::std::borrow::Cow::<str>::Owned(#value.format(#format)))
            }
            _ => quote!(rt::HttpText::http_text(#value)),
        }
    }

    fn label(&self, field: &Field, greedy: bool) -> TokenStream {
        let member = &field.member;
        let text = self.text(&field.ty, quote!(value), field.bound_timestamp_format);
        let push = quote! { request.label(#member, &#text, #greedy)?; };
        match field.presence {
            Presence::Optional => {
                let name = ident(&field.name);
                let unbox = unbox(field);
                quote! {
                    let Some(value) = &input.#name else {
                        return Err(rt::RequestError::new(
                            #member,
                            rt::RequestErrorKind::MissingLabel,
                        ));
                    };
                    #unbox
                    #push
                }
            }
            _ => self.with_value(field, push),
        }
    }

    fn query(&self, field: &Field, name: &str) -> TokenStream {
        let body = match &field.ty {
            RustType::List { item, sparse } => {
                let text = self.text(item, quote!(item), field.bound_timestamp_format);
                let items = list_items(*sparse);
                quote! { for item in #items { request.query(#name, &#text); } }
            }
            ty => {
                let text = self.text(ty, quote!(value), field.bound_timestamp_format);
                quote! { request.query(#name, &#text); }
            }
        };
        self.with_value(field, body)
    }

    fn query_params(&self, field: &Field) -> TokenStream {
        let RustType::Map { value, sparse, .. } = &field.ty else {
            return quote!();
        };
        let entries = map_entries(*sparse);
        let body = match &**value {
            RustType::List { item, .. } => {
                let text = self.text(item, quote!(item), field.bound_timestamp_format);
                quote! {
                    for (key, values) in #entries {
                        if !request.has_query(key) {
                            for item in values.iter() { request.query(key, &#text); }
                        }
                    }
                }
            }
            ty => {
                let text = self.text(ty, quote!(item), field.bound_timestamp_format);
                quote! {
                    for (key, item) in #entries {
                        if !request.has_query(key) { request.query(key, &#text); }
                    }
                }
            }
        };
        self.with_value(field, body)
    }

    fn header(&self, field: &Field, name: &str) -> TokenStream {
        let member = &field.member;
        let value_text = match &field.ty {
            RustType::String if field.media_type.is_some() => {
                quote!(rt::base64_encode(value.as_bytes()))
            }
            RustType::List { item, sparse } => {
                let text = self.text(item, quote!(item), field.bound_timestamp_format);
                let quote_items = !is_http_date(item, field);
                let items = list_items(*sparse);
                quote!(rt::header_list(#items.map(|item| #text), #quote_items))
            }
            ty => self.text(ty, quote!(value), field.bound_timestamp_format),
        };
        self.with_value(
            field,
            quote! { request.header(#member, #name, &#value_text)?; },
        )
    }

    fn prefix_headers(&self, field: &Field, prefix: &str) -> TokenStream {
        let member = &field.member;
        let entries = map_entries(matches!(field.ty, RustType::Map { sparse: true, .. }));
        self.with_value(
            field,
            quote! {
                for (key, item) in #entries {
                    request.prefix_header(#member, #prefix, key, item)?;
                }
            },
        )
    }

    fn payload(&self, field: &Field) -> TokenStream {
        if field.event_stream {
            // Its frames are not JSON: refusing beats sending something else.
            let member = &field.member;
            let refuse = quote!(rt::RequestError::event_stream(#member)?;);
            return match field.presence {
                Presence::Optional => {
                    let name = ident(&field.name);
                    quote!(if input.#name.is_some() { #refuse })
                }
                _ => refuse,
            };
        }
        let body = match &field.ty {
            RustType::Blob => {
                let content_type = field
                    .media_type
                    .as_deref()
                    .unwrap_or("application/octet-stream");
                quote! { request.body(value.as_bytes().to_vec(), #content_type)?; }
            }
            RustType::String => {
                let content_type = field.media_type.as_deref().unwrap_or("text/plain");
                quote! { request.body(value.as_bytes().to_vec(), #content_type)?; }
            }
            RustType::Named(named) if self.service.is_enum(named.id) => {
                quote! { request.body(value.as_str().as_bytes().to_vec(), "text/plain")?; }
            }
            ty if self.service.document.format == DocumentFormat::Xml => {
                self.uses_xml.set(true);
                let xml = field.xml.as_ref();
                let name = xml_name_tokens(
                    xml.map_or("", |xml| xml.name.as_str()),
                    &xml.and_then(|xml| xml.namespace.clone()),
                );
                let layout = xml.map_or(&XmlLayout::Value, |xml| &xml.layout);
                let write = match xml_write_fn(ty, layout) {
                    Some(write) => quote!((#write)(value, &mut out, &#name)),
                    None => quote!(xml::WriteXml::write_xml(value, &mut out, &#name)),
                };
                let content_type = self.service.document.content_type;
                quote! {
                    request.document_body(#content_type, |out| {
                        let mut out = xml::Writer::new(out);
                        #write;
                        out.finish()
                    })?;
                }
            }
            ty => {
                self.uses_json.set(true);
                let write = write_value(ty, &quote!(value), &quote!(out));
                let content_type = self.service.document.content_type;
                quote! { request.document_body(#content_type, |out| #write)?; }
            }
        };
        let set = self.with_value(field, body);
        // restJson1 sends `{}` for an unset structure payload, and nothing
        // for any other unset payload (nor does restXml for any).
        let unset_structure = field.presence == Presence::Optional
            && self.service.document.format == DocumentFormat::Json
            && matches!(&field.ty, RustType::Named(named) if self.service.struct_def(named.id).is_some());
        if unset_structure {
            self.uses_json.set(true);
            let name = ident(&field.name);
            let content_type = self.service.document.content_type;
            quote! {
                #set
                if input.#name.is_none() {
                    request.document_body(#content_type, |out| json::Object::new(out).end())?;
                }
            }
        } else {
            set
        }
    }

    /// A document of the members not bound elsewhere. When that is every
    /// member, the input's own writer prints the same document, so the
    /// request calls it rather than repeating it.
    fn document_body(&self, op: &OperationIr, fields: &[&Field], whole_input: bool) -> TokenStream {
        let whole_input = whole_input && !fields.is_empty();
        let object = match self.service.document.format {
            DocumentFormat::Json => {
                self.uses_json.set(true);
                if whole_input {
                    quote!(json::WriteJson::write_json(input, out))
                } else {
                    object(fields, &quote!(input))
                }
            }
            DocumentFormat::Cbor => {
                self.uses_cbor.set(true);
                if whole_input {
                    quote!(cbor::WriteCbor::write_cbor(input, out))
                } else {
                    cbor::object(fields, &quote!(input))
                }
            }
            DocumentFormat::Xml => {
                self.uses_xml.set(true);
                let input_def = op
                    .input
                    .as_ref()
                    .and_then(|input| self.service.struct_def(input.id));
                let root = xml_root_name(&input_def.and_then(|def| def.xml_root.clone()));
                let write = if whole_input {
                    quote!(xml::WriteXml::write_xml(input, &mut out, &#root);)
                } else {
                    let element = xml_element(fields, &quote!(input), &quote!(&#root));
                    quote!({ let out = &mut out; #element })
                };
                quote! {
                    let mut out = xml::Writer::new(out);
                    #write
                    out.finish()
                }
            }
            // Every member is in the form: the protocols bind none elsewhere.
            DocumentFormat::Form(style) => {
                self.uses_query.set(true);
                let new = match style {
                    FormStyle::AwsQuery => quote!(aws_query),
                    FormStyle::Ec2Query => quote!(ec2_query),
                };
                let action = op.shape_id.name();
                let version = &self.service.version;
                let form = quote!(query::Writer::#new(#action, #version));
                if whole_input {
                    quote! {
                        let mut form = #form;
                        query::WriteQuery::write_query(input, &mut form);
                        form.finish_into(out)
                    }
                } else {
                    quote!(#form.finish_into(out))
                }
            }
        };
        let content_type = self.service.document.content_type;
        quote! { request.document_body(#content_type, |out| { #object })?; }
    }

    /// The `ResponseParts` method that reads what an error response says
    /// about itself, from a document of the service's format.
    fn error_metadata(&self) -> TokenStream {
        match self.service.document.format {
            DocumentFormat::Json => quote!(error_metadata),
            DocumentFormat::Cbor => quote!(cbor_error_metadata),
            DocumentFormat::Xml | DocumentFormat::Form(_) => quote!(xml_error_metadata),
        }
    }

    fn parser(&self, op: &OperationIr) -> TokenStream {
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
                if !parts.is_success() {
                    return Err(#error_fn(&parts));
                }
                #read.map_err(|e| #error_ty::#unhandled_ident(rt::Unhandled::new(parts.#error_metadata(), Some(e))))
            }

            #error_reader
        }
    }

    /// Reads an output or error structure from a response.
    fn reader(&self, def: &StructDef) -> TokenStream {
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
        // XML protocols bind nothing outside the body, so theirs always is.
        let xml = matches!(self.service.document.format, DocumentFormat::Form(_));
        if xml || (!body_fields.is_empty() && body_fields.len() == def.fields.len()) {
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
                    let read = xml_read_members(&body_fields);
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

/// `let value = &**value;` for a boxed member, so the value reads as `&T`.
fn unbox(field: &Field) -> Option<TokenStream> {
    field.boxed.then(|| quote!(let value = &**value;))
}

/// The items of the list `value`; a sparse list's unset items are left out.
fn list_items(sparse: bool) -> TokenStream {
    if sparse {
        quote!(value.iter().flatten())
    } else {
        quote!(value.iter())
    }
}

/// The `(key, item)` entries of the map `value`; a sparse map's unset
/// entries are left out.
fn map_entries(sparse: bool) -> TokenStream {
    if sparse {
        quote!(value
            .iter()
            .filter_map(|(key, item)| item.as_ref().map(|item| (key, item))))
    } else {
        quote!(value.iter())
    }
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

/// Whether the items of a header list are HTTP dates, which hold commas.
fn is_http_date(item: &RustType, field: &Field) -> bool {
    matches!(item, RustType::Timestamp(_))
        && field.bound_timestamp_format == TimestampFormat::HttpDate
}
