//! `protocol.rs`: request serializers and response deserializers in the
//! service's protocol, one pair per operation, and a reader per output
//! and error structure, in `request.rs` and `response.rs`. Documents are
//! JSON, CBOR, XML or forms, as the IR says.

use std::cell::Cell;
use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{DocumentFormat, Field, OperationIr, RustType, ServiceIr, TimestampFormat, TypeId};

mod request;
mod response;

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
}

/// Whether the items of a header list are HTTP dates, which hold commas.
fn is_http_date(item: &RustType, field: &Field) -> bool {
    matches!(item, RustType::Timestamp(_))
        && field.bound_timestamp_format == TimestampFormat::HttpDate
}
