//! `endpoint_tests.rs`: the model's `smithy.rules#endpointTests` cases as
//! `#[test]`s of the generated crate; `cargo test endpoint` runs them.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::ir::{EndpointExpect, EndpointIr, EndpointTest, EndpointTestValue, ServiceIr};

pub fn emit(service: &ServiceIr) -> TokenStream {
    let Some(endpoint) = &service.endpoint else {
        return TokenStream::new();
    };
    let doc = format!(
        " The endpoint test cases of the `{}` model, as tests.",
        service.module
    );
    let tests = endpoint.tests.iter().map(|test| case(test, endpoint));
    quote! {
        #![doc = #doc]
        use super::endpoint::EndpointParams;

        #(#tests)*
    }
}

fn case(test: &EndpointTest, endpoint: &EndpointIr) -> TokenStream {
    let name = ident(&test.fn_name);
    let doc = format!(" {}", test.doc);
    let setters = test.values.iter().map(|(index, value)| {
        let setter = ident(&endpoint.params[*index].field);
        let value = match value {
            EndpointTestValue::String(text) => quote!(#text),
            EndpointTestValue::Bool(b) => quote!(#b),
            EndpointTestValue::StringArray(items) => quote!(vec![#(#items.to_owned()),*]),
        };
        quote!(.#setter(#value))
    });
    let check = match &test.expect {
        EndpointExpect::Endpoint {
            url,
            headers,
            properties_json,
        } => {
            let headers = headers
                .iter()
                .map(|(name, values)| quote!((#name.to_owned(), vec![#(#values.to_owned()),*])));
            quote! {
                let endpoint = params.resolve().expect("the case resolves");
                assert_eq!(endpoint.url(), #url);
                let headers: std::collections::BTreeMap<String, Vec<String>> = [#(#headers),*].into_iter().collect();
                assert_eq!(endpoint.headers(), &headers);
                let expected: crate::runtime::Document = crate::runtime::from_json(#properties_json).expect("the case's properties are JSON");
                assert_eq!(endpoint.properties_json(), expected);
            }
        }
        EndpointExpect::Error(message) => quote! {
            assert_eq!(
                params.resolve(),
                Err(crate::runtime::endpoint::EndpointError::Rules(#message.to_owned()))
            );
        },
    };
    quote! {
        #[doc = #doc]
        #[test]
        fn #name() {
            let params = EndpointParams::default() #(#setters)*;
            #check
        }
    }
}
