//! `operations.rs`: a marker type per operation, naming its input and output.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, type_path};
use crate::ir::ServiceIr;

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
        let input = op.input.as_ref().map_or(unit.clone(), |t| type_path(&service.module, t));
        let output = op.output.as_ref().map_or(unit, |t| type_path(&service.module, t));
        quote! {
            #docs
            #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::default::Default)]
            pub struct #name;

            impl crate::runtime::Operation for #name {
                const NAME: &'static str = #model_name;
                type Input = #input;
                type Output = #output;
            }
        }
    });
    let doc = format!(" The operations of the `{}` module.", service.module);
    quote! {
        #![doc = #doc]
        #(#operations)*
    }
}
