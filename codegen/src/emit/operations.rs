//! `operations.rs`: a type per operation, naming its input, output and error
//! and turning inputs into requests and responses into outputs.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, error_path, ident, type_path};
use crate::ir::{OperationIr, Pagination, ServiceIr};

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
                docs.push(format!("- [`{error}`](crate::{}::types::{error})", service.module));
            }
        }
        let docs = doc_attrs(&docs);
        let model_name = op.shape_id.name();
        let unit = quote!(());
        let input = op.input.as_ref().map_or(unit.clone(), |t| type_path(t));
        let output = op.output.as_ref().map_or(unit, |t| type_path(t));
        let error = error_path(&op.error_enum);
        let module = ident(&service.module);
        let serialize = ident(&op.serialize_fn);
        let parse = ident(&op.parse_fn);
        let paginated = op.pagination.as_ref().map(|p| paginated(op, p));
        quote! {
            #docs
            #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::default::Default)]
            pub struct #name;

            impl crate::runtime::Operation for #name {
                const NAME: &'static str = #model_name;
                type Input = #input;
                type Output = #output;
                type Error = #error;

                fn serialize_request_with(input: &Self::Input, options: &crate::runtime::request::RequestOptions) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::runtime::request::RequestError> {
                    crate::#module::protocol::#serialize(input, options)
                }

                fn parse_response<B: ::std::convert::AsRef<[u8]>>(response: &::http::Response<B>) -> ::std::result::Result<Self::Output, Self::Error> {
                    crate::#module::protocol::#parse(response)
                }
            }

            #paginated
        }
    });
    let doc = format!(" The operations of the `{}` module.", service.module);
    quote! {
        #![doc = #doc]
        #(#operations)*
    }
}

/// `impl Paginated`: the output's token, when set, not empty and not the
/// one just sent, goes into a copy of the input.
fn paginated(op: &OperationIr, pagination: &Pagination) -> TokenStream {
    let name = ident(&op.name);
    let input_token = ident(&pagination.input_token);
    let mut token = quote!(output);
    let last = pagination.output_token.len().saturating_sub(1);
    for (index, step) in pagination.output_token.iter().enumerate() {
        let field = ident(&step.field);
        token = match (step.optional, step.boxed, index == last) {
            (true, _, true) => quote!(#token.#field.as_deref()?),
            (false, _, true) => quote!(#token.#field.as_str()),
            (true, true, false) => quote!(#token.#field.as_deref()?),
            (true, false, false) => quote!(#token.#field.as_ref()?),
            (false, _, false) => quote!(#token.#field),
        };
    }
    quote! {
        impl crate::runtime::Paginated for #name {
            fn next_page(input: &Self::Input, output: &Self::Output) -> ::std::option::Option<Self::Input> {
                let token: &str = #token;
                if token.is_empty() || input.#input_token.as_deref() == ::std::option::Option::Some(token) {
                    return ::std::option::Option::None;
                }
                let mut next = input.clone();
                next.#input_token = ::std::option::Option::Some(token.to_owned());
                ::std::option::Option::Some(next)
            }
        }
    }
}
