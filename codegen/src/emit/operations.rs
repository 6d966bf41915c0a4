//! `operations.rs`: a type per operation, naming its input, output and error
//! and turning inputs into requests and responses into outputs.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, error_path, ident, rust_type, type_path, Scope};
use crate::ir::{OperationIr, PageItems, PageToken, Pagination, RustType, ServiceIr};

pub fn emit(service: &ServiceIr) -> TokenStream {
    let operations = service.operations.iter().map(|op| {
        let name = ident(&op.name);
        let mut docs = op.docs.clone();
        if let Some(http) = &op.http {
            docs.push(String::new());
            docs.push(format!("`{} {}`", http.method, http.uri));
        }
        if !op.errors.is_empty() {
            docs.push(String::new());
            docs.push("Errors:".to_owned());
            for error in &op.errors {
                docs.push(format!("- [`{0}`](super::types::{0})", error.name));
            }
        }
        let docs = doc_attrs(&docs);
        let model_name = op.shape_id.name();
        let unit = quote!(());
        let input = op.input.as_ref().map_or(unit.clone(), |t| type_path(&t.name));
        let output = op.output.as_ref().map_or(unit, |t| type_path(&t.name));
        let error = error_path(&op.error_enum);
        let serialize = ident(&op.serialize_fn);
        let parse = ident(&op.parse_fn);
        let paginated = op.pagination.as_ref().map(|p| paginated(op, p));
        let context = endpoint_context(op);
        let streamed = op.streamed_output.as_ref().map(|field| {
            let field = ident(field);
            quote! {
                const STREAMED_OUTPUT: ::std::option::Option<fn(&mut Self::Output) -> &mut crate::runtime::ByteStream> =
                    ::std::option::Option::Some(|output| &mut output.#field);
            }
        });
        let checksums = op
            .checksum
            .as_ref()
            .filter(|checksum| !checksum.response_algorithms.is_empty())
            .map(|checksum| {
                let variants = checksum.response_algorithms.iter().map(|variant| ident(variant));
                quote! {
                    const RESPONSE_CHECKSUMS: &'static [crate::runtime::checksum::ChecksumAlgorithm] =
                        &[#(crate::runtime::checksum::ChecksumAlgorithm::#variants),*];
                }
            });
        let items = op
            .pagination
            .as_ref()
            .and_then(|p| p.items.as_ref())
            .map(|items| page_items(op, items));
        quote! {
            #docs
            #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::default::Default)]
            pub struct #name;

            impl crate::runtime::Operation for #name {
                const NAME: &'static str = #model_name;
                type Input = #input;
                type Output = #output;
                type Error = #error;
                #streamed
                #checksums

                fn serialize_request_with(input: &Self::Input, options: &crate::runtime::request::RequestOptions) -> ::std::result::Result<::http::Request<crate::runtime::ByteStream>, crate::runtime::request::RequestError> {
                    super::protocol::#serialize(input, options)
                }

                fn parse_response<B: ::std::convert::AsRef<[u8]>>(response: &::http::Response<B>) -> ::std::result::Result<Self::Output, Self::Error> {
                    super::protocol::#parse(response)
                }

                #context
            }

            #paginated
            #items
        }
    });
    let doc = format!(" The operations of the `{}` module.", service.module);
    quote! {
        #![doc = #doc]
        #(#operations)*
    }
}

/// `impl Paginated`: the output's token, when set and not empty, goes
/// into a copy of the input; the runtime's `PageTokens` catches a token
/// sent before, by its bytes: a string's own, another value's JSON.
fn paginated(op: &OperationIr, pagination: &Pagination) -> TokenStream {
    let name = ident(&op.name);
    let input_token = ident(&pagination.input_token);
    let text = pagination.token == PageToken::Text;
    let mut token = quote!(output);
    let last = pagination.output_token.len().saturating_sub(1);
    for (index, step) in pagination.output_token.iter().enumerate() {
        let field = ident(&step.field);
        // `as_deref` reaches the `str` of a last string step and through
        // the `Box` of a boxed one; other optional steps only borrow.
        token = match (step.optional, step.boxed || (text && index == last)) {
            (true, true) => quote!(#token.#field.as_deref()?),
            (true, false) => quote!(#token.#field.as_ref()?),
            (false, _) if index == last && text => quote!(#token.#field.as_str()),
            (false, _) if index == last => quote!(&#token.#field),
            (false, _) => quote!(#token.#field),
        };
    }
    let (token_ty, may_be_empty, page_token) = match &pagination.token {
        PageToken::Text => (
            quote!(&str),
            true,
            quote! {
                input.#input_token.as_deref().map(|token| ::std::borrow::Cow::Borrowed(token.as_bytes()))
            },
        ),
        PageToken::Value { ty, collection } => {
            let ty = rust_type(ty, Scope::Sibling);
            let page_token = quote! {
                let token = input.#input_token.as_ref()?;
                let mut bytes = ::std::vec::Vec::new();
                // A token that cannot be written cannot be sent either:
                // the request fails as it is written.
                crate::runtime::json::WriteJson::write_json(token, &mut bytes).ok()?;
                ::std::option::Option::Some(::std::borrow::Cow::Owned(bytes))
            };
            (quote!(&#ty), *collection, page_token)
        }
    };
    let end_when_empty = may_be_empty.then(|| {
        quote! {
            if token.is_empty() {
                return ::std::option::Option::None;
            }
        }
    });
    let to_owned = if text {
        quote!(token.to_owned())
    } else {
        quote!(token.clone())
    };
    quote! {
        impl crate::runtime::Paginated for #name {
            fn next_page(input: &Self::Input, output: &Self::Output) -> ::std::option::Option<Self::Input> {
                let token: #token_ty = #token;
                #end_when_empty
                let mut next = input.clone();
                next.#input_token = ::std::option::Option::Some(#to_owned);
                ::std::option::Option::Some(next)
            }
            fn page_token(input: &Self::Input) -> ::std::option::Option<::std::borrow::Cow<'_, [u8]>> {
                #page_token
            }
        }
    }
}

/// `impl PaginatedItems`: the page's list (or map) moved out of it, empty
/// when a member on the way is absent.
fn page_items(op: &OperationIr, items: &PageItems) -> TokenStream {
    let name = ident(&op.name);
    let items_ty = rust_type(&items.ty, Scope::Sibling);
    let item_ty = match &items.ty {
        RustType::List { item, sparse } => {
            let item = rust_type(item, Scope::Sibling);
            if *sparse {
                quote!(::std::option::Option<#item>)
            } else {
                item
            }
        }
        RustType::Map { key, value, sparse } => {
            let key = rust_type(key, Scope::Sibling);
            let value = rust_type(value, Scope::Sibling);
            if *sparse {
                quote!((#key, ::std::option::Option<#value>))
            } else {
                quote!((#key, #value))
            }
        }
        // Lowering keeps only lists and maps; any other collection says it.
        _ => quote!(<#items_ty as ::std::iter::IntoIterator>::Item),
    };
    // Follow the path, turning into an `Option` at the first optional step.
    let mut value = quote!(output);
    let mut optional = false;
    for step in &items.path {
        let field = ident(&step.field);
        value = match (optional, step.optional) {
            (false, _) => quote!(#value.#field),
            (true, true) => quote!(#value.and_then(|v| v.#field)),
            (true, false) => quote!(#value.map(|v| v.#field)),
        };
        optional |= step.optional;
    }
    if optional {
        value = quote!(#value.unwrap_or_default());
    }
    quote! {
        impl crate::runtime::PaginatedItems for #name {
            type Items = #items_ty;
            type Item = #item_ty;

            fn items(output: Self::Output) -> Self::Items {
                #value
            }
        }
    }
}

/// `endpoint_context`, for an operation whose input members set endpoint
/// parameters (`smithy.rules#contextParam`).
fn endpoint_context(op: &OperationIr) -> Option<TokenStream> {
    if op.context_params.is_empty() {
        return None;
    }
    let pushes = op.context_params.iter().map(|param| {
        let name = &param.name;
        let field = ident(&param.field);
        let value = if param.boolean {
            quote!(*value)
        } else {
            quote!(value.as_str())
        };
        let push = quote! {
            params.push((#name, crate::runtime::endpoint::Value::from(#value)));
        };
        if param.optional {
            quote! {
                if let ::std::option::Option::Some(value) = &input.#field {
                    #push
                }
            }
        } else {
            quote! {
                let value = &input.#field;
                #push
            }
        }
    });
    Some(quote! {
        fn endpoint_context(input: &Self::Input) -> ::std::vec::Vec<(&'static str, crate::runtime::endpoint::Value)> {
            let mut params = ::std::vec::Vec::new();
            #(#pushes)*
            params
        }
    })
}
