//! `client.rs`: the service's `Client`, one method per operation (returning a
//! `Call` future) and page and item streams for paginated ones, all handing
//! the work to the runtime's `ClientCore`.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, ident, type_path};
use crate::ir::{OperationIr, ServiceIr, StaticParamValue};

pub fn emit(service: &ServiceIr) -> TokenStream {
    let signing_name = match &service.signing_name {
        Some(name) => quote!(::std::option::Option::Some(#name)),
        None => quote!(::std::option::Option::None),
    };
    let rules = match &service.endpoint {
        Some(_) => quote!(::std::option::Option::Some(&super::endpoint::RULES)),
        None => quote!(::std::option::Option::None),
    };
    let s3_signing = service.s3_signing;
    let errors_in_success = service.errors_in_success;
    let service_id = &service.service_id;
    let specs = specs(service);
    let methods = service.operations.iter().map(methods);
    let title = format!(
        " A client of `{}`: one method per operation, whose `Call` is awaited for the answer.",
        service.shape_id
    );
    quote! {
        #![doc = " Calls the service: see [`Client`]."]
        use crate::runtime::client::{ClientCore, Config, OperationSpec, Service};

        static SERVICE: Service = Service {
            signing_name: #signing_name,
            rules: #rules,
            s3_signing: #s3_signing,
            errors_in_success: #errors_in_success,
            service_id: #service_id,
        };

        #specs

        #[doc = #title]
        ///
        /// Requests go where the endpoint rules send them for the configured
        /// region, signed with the configured credentials, and are retried
        /// as the configuration says. Cloning a client is cheap: clones share
        /// the configuration, the connections and the retry quota.
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            core: ClientCore,
        }

        impl Client {
            /// A client set up by `config`.
            pub fn new(config: Config) -> Self {
                Self { core: ClientCore::new(config, &SERVICE) }
            }

            /// The configuration.
            pub fn config(&self) -> &Config {
                self.core.config()
            }

            #(#methods)*
        }
    }
}

/// One `static` per distinct spec, in order of first use.
fn specs(service: &ServiceIr) -> TokenStream {
    let mut seen = std::collections::BTreeSet::new();
    let specs = service
        .operations
        .iter()
        .filter(|op| seen.insert(op.client_spec.as_str()))
        .map(|op| {
            let name = ident(&op.client_spec);
            let signed = op.signed;
            let params = op.endpoint_params.iter().map(|(param, value)| match value {
                StaticParamValue::String(text) => {
                    quote!((#param, crate::runtime::client::StaticParam::String(#text)),)
                }
                StaticParamValue::Bool(flag) => {
                    quote!((#param, crate::runtime::client::StaticParam::Bool(#flag)),)
                }
            });
            quote! {
                static #name: OperationSpec = OperationSpec {
                    signed: #signed,
                    endpoint_params: &[#(#params)*],
                };
            }
        });
    quote!(#(#specs)*)
}

fn methods(op: &OperationIr) -> TokenStream {
    let operation = ident(&op.name);
    let method = ident(&op.client_method);
    let spec = ident(&op.client_spec);
    let mut docs = op.summary.clone();
    docs.push(String::new());
    let output = match &op.output {
        Some(output) => format!("[`{0}`](super::types::{0})", output.name),
        None => "`()`".to_owned(),
    };
    docs.push(format!(
        "Calls `{}` (see [`{}`](super::operations::{})); awaiting the call gives {output}, or a `CallError` holding [`{}`](super::errors::{}).",
        op.shape_id.name(),
        op.name,
        op.name,
        op.error_enum,
        op.error_enum
    ));
    let docs = doc_attrs(&docs);
    let (param, input) = match &op.input {
        Some(input) => {
            let ty = type_path(&input.name);
            (quote!(input: #ty), quote!(&input))
        }
        None => (quote!(), quote!(&())),
    };
    let call = quote! {
        #docs
        pub fn #method(&self, #param) -> crate::runtime::client::Call<'_, super::operations::#operation> {
            self.core.call::<super::operations::#operation>(#input, &#spec)
        }
    };
    let Some(pagination) = &op.pagination else {
        return call;
    };
    let input_ty = op.input.as_ref().map_or(quote!(()), |t| type_path(&t.name));
    let pages = ident(&pagination.pages_method);
    let pages_doc = format!(
        " The pages of `{}`, from `input` on, one call each as they are asked for.",
        op.shape_id.name()
    );
    let items = pagination.items.as_ref().map(|_| {
        let method = ident(&pagination.items_method);
        let doc = format!(
            " The items of every page of `{}`, from `input` on.",
            op.shape_id.name()
        );
        quote! {
            #[doc = #doc]
            pub fn #method(&self, input: #input_ty) -> crate::runtime::client::Items<super::operations::#operation> {
                crate::runtime::client::Items::new(self.core.clone(), &#spec, input)
            }
        }
    });
    quote! {
        #call
        #[doc = #pages_doc]
        pub fn #pages(&self, input: #input_ty) -> crate::runtime::client::Pages<super::operations::#operation> {
            crate::runtime::client::Pages::new(self.core.clone(), &#spec, input)
        }
        #items
    }
}
