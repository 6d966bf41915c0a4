//! `protocol_tests.rs`: the model's protocol compliance cases as `#[test]`s
//! of the generated crate, and the `TestEq` impls that compare what a
//! response parses into with what a case expects.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::{error_path, ident, type_path};
use crate::ir::{
    EnumTestValue, EnumValue, ExpectedResult, FieldInit, MessageExpectations, OperationIr,
    RequestTest, ResponseTest, ServiceIr, StaticParamValue, TestValue, TypeDef,
};

pub fn emit(service: &ServiceIr) -> TokenStream {
    let module = &service.module;
    let has_response_tests = service
        .operations
        .iter()
        .any(|op| !op.response_tests.is_empty());
    let test_eq = has_response_tests.then(|| {
        let impls = service.types.iter().map(test_eq_impl);
        quote!(#(#impls)*)
    });
    let tests = service.operations.iter().map(|op| {
        let requests = op
            .request_tests
            .iter()
            .map(|test| request_test(test, op, module, service.endpoint.is_some()));
        let responses = op
            .response_tests
            .iter()
            .map(|test| response_test(test, op, module));
        quote!(#(#requests)* #(#responses)*)
    });
    let doc = format!(" The protocol compliance cases of the `{module}` model, as tests.");
    quote! {
        #![doc = #doc]
        use crate::runtime::protocol_test as pt;
        #test_eq
        #(#tests)*
    }
}

fn operation_path(op: &OperationIr, module: &str) -> TokenStream {
    let module = ident(module);
    let name = ident(&op.name);
    quote!(<crate::#module::operations::#name as crate::runtime::Operation>)
}

fn request_test(
    test: &RequestTest,
    op: &OperationIr,
    module: &str,
    has_rules: bool,
) -> TokenStream {
    let fn_name = ident(&test.fn_name);
    let doc = format!(" `{}`", test.id);
    let input = match &test.input {
        Some(value) => value_expr(value, module),
        None => quote!(()),
    };
    let operation = operation_path(op, module);
    let expected = &test.expected;
    let method = &expected.method;
    let uri = &expected.uri;
    let host = optional_str(expected.host.as_deref());
    let resolved_host = optional_str(expected.resolved_host.as_deref());
    // A case that configures the client resolves its endpoint with the
    // service's rules, as the client would.
    let (resolve, endpoint) = if expected.endpoint_built_ins.is_empty() || !has_rules {
        (None, quote!(::std::option::Option::None))
    } else {
        let built_ins = expected.endpoint_built_ins.iter().map(|(id, value)| {
            let value = match value {
                StaticParamValue::String(text) => {
                    quote!(crate::runtime::endpoint::Value::from(#text))
                }
                StaticParamValue::Bool(flag) => {
                    quote!(crate::runtime::endpoint::Value::from(#flag))
                }
            };
            quote!((#id, #value))
        });
        let module_ident = ident(module);
        (
            Some(quote! {
                let endpoint = pt::resolve_endpoint(
                    &crate::#module_ident::endpoint::RULES,
                    &[#(#built_ins),*],
                    #operation::endpoint_context(&input),
                );
            }),
            quote!(::std::option::Option::Some(&endpoint)),
        )
    };
    let query = &expected.query_params;
    let forbid_query = &expected.forbid_query_params;
    let require_query = &expected.require_query_params;
    let MessageParts {
        headers,
        forbid_headers,
        require_headers,
        body,
        body_media_type,
    } = message_parts(&expected.message);
    quote! {
        #[doc = #doc]
        #[test]
        fn #fn_name() {
            let input = #input;
            #resolve
            let request = match #operation::serialize_request_with(&input, &pt::options()) {
                ::std::result::Result::Ok(request) => request,
                ::std::result::Result::Err(e) => ::std::panic!("the input does not serialize: {e}"),
            };
            pt::assert_request(request, &pt::ExpectedRequest {
                method: #method,
                uri: #uri,
                host: #host,
                resolved_host: #resolved_host,
                endpoint: #endpoint,
                query_params: &[#(#query),*],
                forbid_query_params: &[#(#forbid_query),*],
                require_query_params: &[#(#require_query),*],
                headers: #headers,
                forbid_headers: #forbid_headers,
                require_headers: #require_headers,
                body: #body,
                body_media_type: #body_media_type,
            });
        }
    }
}

fn response_test(test: &ResponseTest, op: &OperationIr, module: &str) -> TokenStream {
    let fn_name = ident(&test.fn_name);
    let doc = format!(" `{}`", test.id);
    let operation = operation_path(op, module);
    let code = test.code;
    let headers = header_pairs(&test.message.headers);
    let body = test.message.body.as_deref().unwrap_or_default();
    let media_type = optional_str(test.message.body_media_type.as_deref());
    let check = match &test.expected {
        ExpectedResult::Output(Some(value)) => {
            let expected = value_expr(value, module);
            quote! {
                let output = match #operation::parse_response(&response) {
                    ::std::result::Result::Ok(output) => output,
                    ::std::result::Result::Err(e) => ::std::panic!("the response does not parse: {e:?}"),
                };
                let expected = #expected;
                pt::assert_same(&output, &expected);
            }
        }
        ExpectedResult::Output(None) => quote! {
            if let ::std::result::Result::Err(e) = #operation::parse_response(&response) {
                ::std::panic!("the response does not parse: {e:?}");
            }
        },
        ExpectedResult::Error {
            variant,
            value,
            code,
        } => {
            let expected = value_expr(value, module);
            let error_enum = error_path(&op.error_enum);
            let variant_ident = ident(variant);
            let check_code = code.as_ref().map(|code| {
                quote! { pt::assert_error_code(&error, #code); }
            });
            quote! {
                let expected = #expected;
                match #operation::parse_response(&response) {
                    ::std::result::Result::Err(#error_enum::#variant_ident(error)) => {
                        pt::assert_same(error.error(), &expected);
                        #check_code
                    }
                    other => ::std::panic!("expected the `{}` error, got {other:?}", #variant),
                }
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[test]
        fn #fn_name() {
            let response = pt::response(#code, #headers, #body, #media_type);
            #check
        }
    }
}

/// The parts of a case's message expectations, as tokens.
struct MessageParts {
    headers: TokenStream,
    forbid_headers: TokenStream,
    require_headers: TokenStream,
    body: TokenStream,
    body_media_type: TokenStream,
}

fn message_parts(message: &MessageExpectations) -> MessageParts {
    let forbid = &message.forbid_headers;
    let require = &message.require_headers;
    MessageParts {
        headers: header_pairs(&message.headers),
        forbid_headers: quote!(&[#(#forbid),*]),
        require_headers: quote!(&[#(#require),*]),
        body: optional_str(message.body.as_deref()),
        body_media_type: optional_str(message.body_media_type.as_deref()),
    }
}

fn header_pairs(headers: &[(String, String)]) -> TokenStream {
    let pairs = headers.iter().map(|(name, value)| quote!((#name, #value)));
    quote!(&[#(#pairs),*])
}

fn optional_str(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => quote!(::std::option::Option::Some(#text)),
        None => quote!(::std::option::Option::None),
    }
}

/// The expression that builds `value`.
fn value_expr(value: &TestValue, module: &str) -> TokenStream {
    match value {
        TestValue::Bool(b) => quote!(#b),
        TestValue::Integer(n) => integer_literal(*n),
        TestValue::Float { value, single } => float_expr(*value, *single),
        TestValue::String(s) => quote!(::std::string::String::from(#s)),
        TestValue::Blob(bytes) => {
            let bytes = Literal::byte_string(bytes);
            quote!(crate::runtime::Blob::from(&#bytes[..]))
        }
        TestValue::ByteStream(bytes) => {
            let bytes = Literal::byte_string(bytes);
            quote!(crate::runtime::ByteStream::from(&#bytes[..]))
        }
        TestValue::Timestamp { seconds, nanos } => {
            let seconds = integer_literal(*seconds);
            quote!(crate::runtime::Timestamp::from_secs_and_nanos(#seconds, #nanos))
        }
        // The generator wrote the text from parsed JSON, so it parses back.
        TestValue::Document(json) => quote!(crate::runtime::__private::document(#json)),
        TestValue::BigInteger(text) => quote!(crate::runtime::BigInteger::from_literal(#text)),
        TestValue::BigDecimal(text) => quote!(crate::runtime::BigDecimal::from_literal(#text)),
        TestValue::Enum { ty, value } => {
            let path = type_path(ty);
            match value {
                EnumTestValue::Known(variant) => {
                    let variant = ident(variant);
                    quote!(#path::#variant)
                }
                EnumTestValue::Unknown(EnumValue::String(s)) => quote!(#path::from(#s)),
                EnumTestValue::Unknown(EnumValue::Int(i)) => {
                    let i = integer_literal(i64::from(*i));
                    quote!(#path::from(#i))
                }
            }
        }
        TestValue::List { items, sparse } => {
            let items = items
                .iter()
                .map(|item| nullable_expr(item.as_ref(), *sparse, module));
            quote!(::std::vec![#(#items),*])
        }
        TestValue::Map { entries, sparse } => {
            let entries = entries.iter().map(|(key, value)| {
                let key = value_expr(key, module);
                let value = nullable_expr(value.as_ref(), *sparse, module);
                quote!((#key, #value))
            });
            quote!(::std::collections::BTreeMap::from([#(#entries),*]))
        }
        TestValue::Struct { ty, fields } => {
            let path = type_path(ty);
            let fields = fields.iter().map(|field| {
                let name = ident(&field.name);
                let value = match &field.init {
                    FieldInit::Set {
                        value,
                        optional,
                        boxed,
                    } => {
                        let mut value = value_expr(value, module);
                        if *boxed {
                            value = quote!(::std::boxed::Box::new(#value));
                        }
                        if *optional {
                            value = quote!(::std::option::Option::Some(#value));
                        }
                        value
                    }
                    FieldInit::Unset => quote!(::std::option::Option::None),
                    FieldInit::Zero => quote!(::std::default::Default::default()),
                    FieldInit::DefaultFn(function) => {
                        let function = ident(function);
                        quote!(#path::#function())
                    }
                    FieldInit::ErrorCorrected => {
                        quote!(crate::runtime::__private::error_corrected())
                    }
                };
                quote!(#name: #value)
            });
            quote!(#path { #(#fields),* })
        }
        TestValue::Union {
            ty,
            variant,
            value,
            boxed,
        } => {
            let path = type_path(ty);
            let variant = ident(variant);
            let value = match value {
                Some(value) => {
                    let value = value_expr(value, module);
                    if *boxed {
                        quote!(::std::boxed::Box::new(#value))
                    } else {
                        value
                    }
                }
                None => quote!(crate::runtime::Unit),
            };
            quote!(#path::#variant(#value))
        }
    }
}

/// An item of a list or value of a map; `Option`-wrapped when the collection
/// is sparse.
fn nullable_expr(value: Option<&TestValue>, sparse: bool, module: &str) -> TokenStream {
    match (value, sparse) {
        (Some(value), false) => value_expr(value, module),
        (Some(value), true) => {
            let value = value_expr(value, module);
            quote!(::std::option::Option::Some(#value))
        }
        (None, _) => quote!(::std::option::Option::None),
    }
}

/// An integer literal typed by its context; negative values are a minus
/// and a literal, as Rust source writes them.
fn integer_literal(n: i64) -> TokenStream {
    if n == i64::MIN {
        return quote!(i64::MIN);
    }
    let literal = Literal::u64_unsuffixed(n.unsigned_abs());
    if n < 0 {
        quote!(-#literal)
    } else {
        quote!(#literal)
    }
}

fn float_expr(value: f64, single: bool) -> TokenStream {
    let ty = if single { quote!(f32) } else { quote!(f64) };
    if value.is_nan() {
        return quote!(#ty::NAN);
    }
    if value.is_infinite() {
        return if value > 0.0 {
            quote!(#ty::INFINITY)
        } else {
            quote!(#ty::NEG_INFINITY)
        };
    }
    let literal = Literal::f64_unsuffixed(value.abs());
    if value.is_sign_negative() {
        quote!(-#literal)
    } else {
        quote!(#literal)
    }
}

/// `TestEq` for a generated type: field by field for structures, variant
/// by variant for unions, `PartialEq` for enums.
fn test_eq_impl(ty: &TypeDef) -> TokenStream {
    let path = type_path(ty.name());
    let body = match ty {
        TypeDef::Struct(def) if def.fields.is_empty() => quote!(true),
        TypeDef::Struct(def) => {
            let checks = def.fields.iter().map(|field| {
                let name = ident(&field.name);
                quote!(pt::TestEq::test_eq(&self.#name, &other.#name))
            });
            quote!(#(#checks)&&*)
        }
        TypeDef::Enum(_) => quote!(self == other),
        TypeDef::Union(def) => {
            let arms = def.variants.iter().map(|variant| {
                let name = ident(&variant.name);
                quote!((Self::#name(a), Self::#name(b)) => pt::TestEq::test_eq(a, b),)
            });
            quote! {
                match (self, other) {
                    #(#arms)*
                    (Self::Unknown(a), Self::Unknown(b)) => a == b,
                    _ => false,
                }
            }
        }
    };
    let other = match ty {
        TypeDef::Struct(def) if def.fields.is_empty() => quote!(_other),
        _ => quote!(other),
    };
    quote! {
        impl pt::TestEq for #path {
            fn test_eq(&self, #other: &Self) -> bool {
                #body
            }
        }
    }
}
