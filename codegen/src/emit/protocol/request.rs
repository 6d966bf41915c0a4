//! The request half of `protocol.rs`: each operation's serializer, which
//! puts its input's members where their bindings say.

use proc_macro2::TokenStream;
use quote::quote;

use super::is_http_date;
use super::Emitter;
use crate::emit::tokens::cbor;
use crate::emit::tokens::json::{object, write_value};
use crate::emit::tokens::xml::{
    name_tokens as xml_name_tokens, root_name as xml_root_name, write_element as xml_element,
    write_fn as xml_write_fn,
};
use crate::emit::tokens::{ident, timestamp_format_tokens, type_path};
use crate::ir::{
    DocumentFormat, Field, FormStyle, HostPrefixPart, HttpBinding, OperationIr, PathSegment,
    Presence, RustType, TimestampFormat, XmlLayout,
};

impl Emitter<'_> {
    pub(super) fn serializer(&self, op: &OperationIr) -> TokenStream {
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
                pub(crate) fn #fn_name(_input: &#input_ty, _options: &crate::runtime::request::RequestOptions) -> Result<::http::Request<crate::runtime::ByteStream>, rt::RequestError> {
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
                PathSegment::Label {
                    field,
                    greedy,
                    if_empty,
                } => self.label(&fields[*field], *greedy, if_empty.as_deref()),
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
        if let Some(checksum) = &op.checksum {
            if let Some(request_checksum) = &checksum.request {
                let algorithm = match &request_checksum.algorithm {
                    None => quote!(None),
                    Some((field, optional, is_enum)) => {
                        let field = ident(field);
                        match (optional, is_enum) {
                            (true, true) => {
                                quote!(input.#field.as_ref().map(|value| value.as_str()))
                            }
                            (true, false) => quote!(input.#field.as_deref()),
                            (false, _) => quote!(Some(input.#field.as_str())),
                        }
                    }
                };
                let required = request_checksum.required;
                steps.push(quote!(request.checksum(#algorithm, #required, options)?;));
                uses_options = true;
            }
            if let Some(header) = &checksum.validation_header {
                steps.push(quote!(request.checksum_mode(#header, options);));
                uses_options = true;
            }
        }
        if op.checksum_required {
            steps.push(quote!(request.content_md5()?;));
        }
        if op.glacier_checksums {
            steps.push(quote!(request.glacier_checksums()?;));
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
            pub(crate) fn #fn_name(#input_param: &#input_ty, #options_param: &crate::runtime::request::RequestOptions) -> Result<::http::Request<crate::runtime::ByteStream>, rt::RequestError> {
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

    fn label(&self, field: &Field, greedy: bool, if_empty: Option<&str>) -> TokenStream {
        let member = &field.member;
        let text = self.text(&field.ty, quote!(value), field.bound_timestamp_format);
        let push = match if_empty {
            Some(fallback) => quote! {
                let text = #text;
                request.label(#member, if text.is_empty() { #fallback } else { &text }, #greedy)?;
            },
            None => quote! { request.label(#member, &#text, #greedy)?; },
        };
        match (&field.presence, if_empty) {
            (Presence::Optional, Some(fallback)) => {
                let name = ident(&field.name);
                let unbox = unbox(field);
                quote! {
                    match &input.#name {
                        Some(value) => {
                            #unbox
                            #push
                        }
                        None => request.label(#member, #fallback, #greedy)?,
                    }
                }
            }
            (Presence::Optional, None) => {
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
            RustType::ByteStream => {
                let content_type = field
                    .media_type
                    .as_deref()
                    .unwrap_or("application/octet-stream");
                // A clone of a streamed body shares its stream.
                quote! { request.body(value.clone(), #content_type)?; }
            }
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
