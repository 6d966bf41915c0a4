//! `endpoint.rs`: the service's endpoint rule set, carried as data and
//! decoded on first use, and `EndpointParams`, its parameters as typed
//! fields with a resolver.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, ident};
use crate::ir::{EndpointIr, EndpointParam, EndpointParamKind, PartitionFacts, ServiceIr};

pub fn emit(service: &ServiceIr) -> TokenStream {
    let Some(endpoint) = &service.endpoint else {
        return TokenStream::new();
    };
    let module_doc = format!(
        " Where requests of the `{}` module go: the service's endpoint rules, and the parameters they take.",
        service.module
    );
    let rules = &endpoint.rules_json;
    let fields = endpoint.params.iter().map(field);
    let setters = endpoint.params.iter().map(setter);
    let sets = endpoint.params.iter().map(set);
    let example = example(endpoint);
    let rule_set = match endpoint.partition_facts {
        PartitionFacts::Current => quote!(LazyRuleSet::new(#rules)),
        PartitionFacts::WithoutIsoDualStack => quote! {
            LazyRuleSet::with_partition_facts(
                #rules,
                crate::runtime::endpoint::PartitionFacts::WithoutIsoDualStack,
            )
        },
    };
    quote! {
        #![doc = #module_doc]
        use crate::runtime::endpoint::{Endpoint, EndpointError, LazyRuleSet, Params};

        /// The rule set, as the model gives it (documentation left out),
        /// decoded on first use; the generator checked it with the same
        /// decoder, and chose the partition facts its test cases hold with.
        pub(crate) static RULES: LazyRuleSet = #rule_set;

        /// The parameters of the service's endpoint rules. Unset ones take
        /// the rules' defaults.
        ///
        #[doc = #example]
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct EndpointParams {
            #(#fields)*
        }

        impl EndpointParams {
            #(#setters)*

            /// The endpoint these parameters lead to, or the rules' error
            /// for them.
            pub fn resolve(&self) -> Result<Endpoint, EndpointError> {
                let mut params = Params::new();
                #(#sets)*
                RULES.get()?.resolve(&params)
            }
        }
    }
}

/// A doc example that sets the region, when the rules take one.
fn example(endpoint: &EndpointIr) -> String {
    let region = endpoint.params.iter().find(|p| p.name == "Region");
    match region {
        Some(param) => format!(
            " `EndpointParams::default().{}(\"us-west-2\").resolve()` gives the endpoint in `us-west-2`.",
            param.field.trim_start_matches("r#")
        ),
        None => " `EndpointParams::default().resolve()` gives the default endpoint.".to_owned(),
    }
}

fn field(param: &EndpointParam) -> TokenStream {
    let docs = doc_attrs(&param.docs);
    let name = ident(&param.field);
    let ty = match param.kind {
        EndpointParamKind::String => quote!(Option<String>),
        EndpointParamKind::Bool => quote!(Option<bool>),
        EndpointParamKind::StringArray => quote!(Option<Vec<String>>),
    };
    quote! {
        #docs
        pub #name: #ty,
    }
}

fn setter(param: &EndpointParam) -> TokenStream {
    let name = ident(&param.field);
    let doc = format!(" Sets `{}`.", param.name);
    let (arg, value) = match param.kind {
        EndpointParamKind::String => (quote!(impl Into<String>), quote!(value.into())),
        EndpointParamKind::Bool => (quote!(bool), quote!(value)),
        EndpointParamKind::StringArray => (quote!(Vec<String>), quote!(value)),
    };
    quote! {
        #[doc = #doc]
        pub fn #name(mut self, value: #arg) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

fn set(param: &EndpointParam) -> TokenStream {
    let name = ident(&param.field);
    let key = &param.name;
    let value = match param.kind {
        EndpointParamKind::String => quote!(value.as_str()),
        EndpointParamKind::Bool => quote!(*value),
        EndpointParamKind::StringArray => quote! {
            crate::runtime::endpoint::Value::Array(
                value.iter().map(|item| crate::runtime::endpoint::Value::from(item.as_str())).collect(),
            )
        },
    };
    quote! {
        if let Some(value) = &self.#name {
            params = params.set(#key, #value);
        }
    }
}
