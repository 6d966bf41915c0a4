//! `errors.rs`: one error enum per operation, with a variant per modelled
//! error (operation and service level) and one for anything else.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, ident, type_path};
use crate::ir::{OperationIr, ServiceIr};

pub fn emit(service: &ServiceIr) -> TokenStream {
    let enums =
        service
            .operations
            .iter()
            .enumerate()
            .map(|(index, op)| match op.error_enum_owner {
                None => {
                    let sharing: Vec<&OperationIr> = service
                        .operations
                        .iter()
                        .filter(|other| other.error_enum_owner == Some(index))
                        .collect();
                    error_enum(op, &sharing)
                }
                Some(owner) => alias(op, &service.operations[owner].error_enum),
            });
    let doc = format!(" The error types of the `{}` operations.", service.module);
    quote! {
        #![doc = #doc]
        use crate::runtime::__private as rt;
        #(#enums)*
    }
}

/// `pub type OpError = OwnerError;` for an operation whose errors an
/// earlier operation's enum already lists.
fn alias(op: &OperationIr, owner: &str) -> TokenStream {
    let name = ident(&op.error_enum);
    let owner_ident = ident(owner);
    let doc = format!(
        " An error of `{}`: it lists the same errors as [`{owner}`], which it is.",
        op.shape_id.name()
    );
    quote! {
        #[doc = #doc]
        pub type #name = #owner_ident;
    }
}

fn error_enum(op: &OperationIr, sharing: &[&OperationIr]) -> TokenStream {
    let name = ident(&op.error_enum);
    let mut lines = vec![format!(
        "An error of `{}`: one the model lists, or [`Self::{}`] for anything else.",
        op.shape_id.name(),
        op.unhandled_variant
    )];
    if !sharing.is_empty() {
        let names: Vec<String> = sharing
            .iter()
            .map(|other| format!("`{}`", other.shape_id.name()))
            .collect();
        lines.push(String::new());
        lines.push(format!(
            "Also the error of {}, which list the same errors.",
            names.join(", ")
        ));
    }
    let doc = doc_attrs(&lines);
    let unhandled = ident(&op.unhandled_variant);
    let variants = op.errors.iter().map(|error| {
        let variant = ident(&error.name);
        let ty = type_path(&error.name);
        let doc = format!(
            " The service returned [`{}`]({}).",
            error.name,
            ty.to_string().replace(' ', "")
        );
        quote! {
            #[doc = #doc]
            #variant(rt::Modeled<#ty>),
        }
    });
    let arms = op
        .errors
        .iter()
        .map(|e| ident(&e.name))
        .chain(std::iter::once(unhandled.clone()));
    quote! {
        #doc
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error the model does not list, or a response that could not
            /// be read; it keeps the code, message, status and request id.
            #unhandled(rt::Unhandled),
        }

        impl #name {
            /// The error code, as the service sent it.
            pub fn code(&self) -> Option<&str> {
                rt::ServiceError::meta(self).code()
            }

            /// The error message, as the service sent it.
            pub fn message(&self) -> Option<&str> {
                rt::ServiceError::meta(self).message()
            }

            /// The HTTP status code.
            pub fn status(&self) -> u16 {
                rt::ServiceError::meta(self).status()
            }

            /// The `x-amzn-requestid` of the response.
            pub fn request_id(&self) -> Option<&str> {
                rt::ServiceError::meta(self).request_id()
            }

            /// Whether sending the request again may succeed.
            pub fn is_retryable(&self) -> bool {
                rt::ServiceError::is_retryable(self)
            }

            /// Whether the service is throttling the caller.
            pub fn is_throttling(&self) -> bool {
                rt::ServiceError::is_throttling(self)
            }
        }

        // The one match on the variants: everything else asks the runtime's
        // `ErrorFacts`, which keeps each enum small to compile.
        impl rt::ServiceError for #name {
            fn facts(&self) -> &rt::ErrorFacts {
                match self {
                    #(Self::#arms(error) => rt::ServiceError::facts(error),)*
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(rt::ServiceError::facts(self), f)
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                rt::ServiceError::facts(self).source()
            }
        }
    }
}
