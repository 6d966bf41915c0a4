//! `types.rs`: one Rust type per structure, union and enum.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::fields::{field_corrected_value, needs_manual_debug, redacted_debug};
use super::tokens::{
    doc_attrs, docs_with_deprecation, ident, rust_type, serde_with_attr, spelled, Prelude, Scope,
};
use crate::ir::{
    DefaultValue, EnumDef, EnumValue, Field, Presence, RustType, ServiceIr, StructDef, TypeDef,
    UnionDef,
};

pub fn emit(service: &ServiceIr) -> TokenStream {
    let scope = Scope::Types {
        std_by_path: service.types_shadow_prelude,
    };
    let items = service.types.iter().map(|ty| {
        let corrected = service.error_corrected.contains(&ty.id());
        match ty {
            TypeDef::Struct(s) => structure(s, corrected, scope),
            TypeDef::Enum(e) => {
                enumeration(e, corrected, service.http_text.contains(&ty.id()), scope)
            }
            TypeDef::Union(u) => union(u, corrected, scope),
        }
    });
    let module = &service.module;
    let doc = format!(" The structures, unions and enums of the `{module}` module.");
    quote! {
        #![doc = #doc]
        #(#items)*
    }
}

/// `ErrorCorrection` for a type a response reader may need to correct.
fn error_correction(
    name: &proc_macro2::Ident,
    corrected: bool,
    value: TokenStream,
) -> Option<TokenStream> {
    corrected.then(|| {
        quote! {
            impl crate::runtime::__private::ErrorCorrection for #name {
                fn error_corrected() -> Self {
                    #value
                }
            }
        }
    })
}

fn structure(def: &StructDef, corrected: bool, scope: Scope) -> TokenStream {
    let prelude = Prelude::new(scope);
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs);
    let fields = def.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let ty = spelled(&field.spelling(), scope);
        let docs = docs_with_deprecation(&field.docs, &field.deprecated);
        let serde = field_serde_attrs(field, &def.name);
        quote! { #docs #serde pub #field_name: #ty, }
    });
    let corrected_fields = def.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let value = field_corrected_value(field, &quote!(Self));
        quote! { #field_name: #value, }
    });
    let error_correction =
        error_correction(&name, corrected, quote!(Self { #(#corrected_fields)* }));
    let default_fns = def.fields.iter().filter_map(|field| {
        let Presence::Default(value) = &field.presence else {
            return None;
        };
        if *value == DefaultValue::Zero {
            return None;
        }
        let fn_name = ident(&field.default_fn);
        let ty = spelled(&field.value_spelling(), scope);
        let expr = default_expr(value, &field.ty, scope);
        let expr = if field.boxed {
            let boxed = &prelude.boxed;
            quote!(#boxed::new(#expr))
        } else {
            expr
        };
        Some(quote! {
            pub(crate) fn #fn_name() -> #ty { #expr }
        })
    });
    let builder = ident(&def.builder);
    let builder_doc = format!(" Starts a builder for [`{}`](Self).", def.name);
    let derive_debug = !needs_manual_debug(def);
    // Derive macros live in the macro namespace, which no type shadows.
    let debug_derive = derive_debug.then(|| quote!(Debug,));
    let debug_impl = (!derive_debug).then(|| redacted_debug(&def.name, def.sensitive, &def.fields));
    let default = &prelude.default;
    // A type that is its own builder starts empty.
    let default_derive = def.builds_itself.then(|| quote!(Default,));
    quote! {
        #docs
        #[derive(Clone, PartialEq, #debug_derive #default_derive)]
        #[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #error_correction

        impl #name {
            #[doc = #builder_doc]
            pub fn builder() -> super::builders::#builder {
                #default::default()
            }
            #(#default_fns)*
        }

        #debug_impl
    }
}

/// The serde attributes of a field in a JSON body: its JSON name, how an
/// absent member reads (a required one the way Smithy's error correction
/// says), and any adapter for its wire form.
fn field_serde_attrs(field: &Field, owner: &str) -> TokenStream {
    let json_name = &field.json_name;
    let optional = field.presence == Presence::Optional;
    let presence = match &field.presence {
        Presence::Optional => Some(quote!(
            default,
            skip_serializing_if = "::std::option::Option::is_none"
        )),
        // Missing required members are an error: error correction is for
        // responses, which the generated readers handle.
        Presence::Required => None,
        Presence::Default(DefaultValue::Zero) => Some(quote!(default)),
        Presence::Default(_) => {
            let path = format!("{owner}::{}", field.default_fn);
            Some(quote!(default = #path))
        }
    };
    let presence = presence.map(|attrs| quote!(, #attrs));
    let with = serde_with_attr(&field.ty, field.boxed, optional);
    quote! { #[cfg_attr(feature = "serde", serde(rename = #json_name #presence))] #with }
}

/// The expression for a non-zero default value of type `ty`.
fn default_expr(value: &DefaultValue, ty: &RustType, scope: Scope) -> TokenStream {
    let Prelude {
        default, string, ..
    } = Prelude::new(scope);
    match value {
        DefaultValue::Zero => quote!(#default::default()),
        DefaultValue::Bool(b) => quote!(#b),
        DefaultValue::Int(n) => {
            let literal = Literal::i64_unsuffixed(*n);
            quote!(#literal)
        }
        DefaultValue::Float(f) => {
            let literal = Literal::f64_unsuffixed(*f);
            quote!(#literal)
        }
        DefaultValue::String(s) => match ty {
            RustType::BigInteger => quote!(crate::runtime::BigInteger::from_literal(#s)),
            RustType::BigDecimal => quote!(crate::runtime::BigDecimal::from_literal(#s)),
            _ => quote!(#string::from(#s)),
        },
        DefaultValue::EnumVariant(variant) => {
            let path = rust_type(ty, scope);
            let variant = ident(variant);
            quote!(#path::#variant)
        }
        DefaultValue::EpochSeconds(seconds) => {
            let literal = Literal::f64_unsuffixed(*seconds);
            quote!(crate::runtime::Timestamp::from_epoch_seconds(#literal))
        }
        DefaultValue::Blob(bytes) => {
            let bytes = Literal::byte_string(bytes);
            quote!(crate::runtime::Blob::from(&#bytes[..]))
        }
        // The text was parsed as JSON when the model loaded; JSON's string
        // escapes are not Rust's, so it stays JSON text rather than tokens.
        DefaultValue::Document(json) => quote!(crate::runtime::__private::document(#json)),
    }
}

fn enumeration(def: &EnumDef, corrected: bool, http_text: bool, scope: Scope) -> TokenStream {
    let Prelude {
        string, result, ok, ..
    } = Prelude::new(scope);
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs);
    let variants = def.variants.iter().map(|v| {
        let docs = docs_with_deprecation(&v.docs, &v.deprecated);
        let variant = ident(&v.name);
        quote! { #docs #variant, }
    });
    let (raw, unknown_doc) = if def.int {
        (
            quote!(i32),
            " A value this version of the model does not list.",
        )
    } else {
        (
            string.clone(),
            " A value this version of the model does not list, kept as received.",
        )
    };
    let to_value = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = enum_literal(&v.value);
        quote! { Self::#variant => #value, }
    });
    let from_value = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = enum_literal(&v.value);
        quote! { #value => Self::#variant, }
    });
    let values = def.variants.iter().map(|v| enum_literal(&v.value));
    let debug_derive = (!def.sensitive).then(|| quote!(Debug,));
    let debug_impl = def.sensitive.then(|| redacted_debug(&def.name, true, &[]));
    let zero = if def.int {
        quote!(Self::from(0))
    } else {
        quote!(Self::from(""))
    };
    let error_correction = error_correction(&name, corrected, zero);
    let http_text = http_text.then(|| {
        let (text, parse) = if def.int {
            (
                quote!(::std::borrow::Cow::Owned(self.as_i32().to_string())),
                quote!(
                    <i32 as crate::runtime::__private::FromHttpText>::from_http_text(text)
                        .map(Self::from)
                ),
            )
        } else {
            (
                quote!(::std::borrow::Cow::Borrowed(self.as_str())),
                quote!(#ok(Self::from(text))),
            )
        };
        quote! {
            impl crate::runtime::__private::HttpText for #name {
                fn http_text(&self) -> ::std::borrow::Cow<'_, str> {
                    #text
                }
            }

            impl crate::runtime::__private::FromHttpText for #name {
                fn from_http_text(text: &str) -> #result<Self, #string> {
                    #parse
                }
            }
        }
    });
    let conversions = if def.int {
        quote! {
            impl #name {
                /// The modelled values, in model order.
                pub const VALUES: &'static [i32] = &[#(#values),*];

                /// The value as sent on the wire.
                pub fn as_i32(&self) -> i32 {
                    match self {
                        #(#to_value)*
                        Self::Unknown(value) => *value.value(),
                    }
                }
            }

            impl ::std::convert::From<i32> for #name {
                fn from(value: i32) -> Self {
                    match value {
                        #(#from_value)*
                        other => Self::Unknown(crate::runtime::UnknownVariantValue::new(other)),
                    }
                }
            }

            #[cfg(feature = "serde")]
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_i32(self.as_i32())
                }
            }

            #[cfg(feature = "serde")]
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    <i32 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
                }
            }

        }
    } else {
        quote! {
            impl #name {
                /// The modelled values, in model order.
                pub const VALUES: &'static [&'static str] = &[#(#values),*];

                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#to_value)*
                        Self::Unknown(value) => value.as_str(),
                    }
                }
            }

            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #(#from_value)*
                        other => Self::Unknown(crate::runtime::UnknownVariantValue::new(#string::from(other))),
                    }
                }
            }

            impl ::std::str::FromStr for #name {
                type Err = ::std::convert::Infallible;
                fn from_str(value: &str) -> #result<Self, Self::Err> {
                    #ok(Self::from(value))
                }
            }

            impl ::std::convert::AsRef<str> for #name {
                fn as_ref(&self) -> &str {
                    self.as_str()
                }
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            #[cfg(feature = "serde")]
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            #[cfg(feature = "serde")]
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                    ::std::result::Result::Ok(Self::from(value.as_str()))
                }
            }

        }
    };
    quote! {
        #docs
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, #debug_derive)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            Unknown(crate::runtime::UnknownVariantValue<#raw>),
        }

        #conversions
        #error_correction
        #http_text
        #debug_impl
    }
}

fn enum_literal(value: &EnumValue) -> TokenStream {
    match value {
        EnumValue::String(s) => quote!(#s),
        EnumValue::Int(i) => {
            let literal = Literal::i32_unsuffixed(*i);
            quote!(#literal)
        }
    }
}

fn union(def: &UnionDef, corrected: bool, scope: Scope) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs);
    let variants = def.variants.iter().map(|v| {
        let docs = docs_with_deprecation(&v.docs, &v.deprecated);
        let variant = ident(&v.name);
        let json_name = &v.json_name;
        let ty = match v.spelling() {
            Some(spelling) => spelled(&spelling, scope),
            None => quote!(crate::runtime::Unit),
        };
        let with =
            v.ty.as_ref()
                .and_then(|ty| serde_with_attr(ty, v.boxed, false));
        quote! { #docs #[cfg_attr(feature = "serde", serde(rename = #json_name))] #with #variant(#ty), }
    });
    let read_arms = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let member = &v.json_name;
        let read = match v
            .ty
            .as_ref()
            .and_then(|ty| serde_with_attr(ty, v.boxed, false))
        {
            // The adapter type is only spelled in the attribute; a small
            // wrapper struct reuses it rather than repeating the logic.
            Some(with) => quote! {{
                #[derive(::serde::Deserialize)]
                struct Wrapper(#with VariantType);
                <Wrapper as ::serde::Deserialize>::deserialize(value).map(|w| w.0)
            }},
            None => quote!(<VariantType as ::serde::Deserialize>::deserialize(value)),
        };
        let ty = match v.spelling() {
            Some(spelling) => spelled(&spelling, scope),
            None => quote!(crate::runtime::Unit),
        };
        quote! {
            #member => {
                type VariantType = #ty;
                #read.map(Self::#variant).map_err(::serde::de::Error::custom)
            }
        }
    });
    let error_correction = error_correction(
        &name,
        corrected,
        quote!(Self::Unknown(crate::runtime::UnknownMember::new(
            ::std::string::String::new()
        ))),
    );
    let sensitive = def.sensitive || def.variants.iter().any(|v| v.sensitive);
    let debug_derive = (!sensitive).then(|| quote!(Debug,));
    let debug_impl = sensitive.then(|| {
        let arms = def.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let label = &v.member;
            if v.sensitive || def.sensitive {
                quote! { Self::#variant(_) => f.debug_tuple(#label).field(&crate::runtime::Redacted).finish(), }
            } else {
                quote! { Self::#variant(value) => f.debug_tuple(#label).field(value).finish(), }
            }
        });
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        Self::Unknown(member) => f.debug_tuple("Unknown").field(member).finish(),
                    }
                }
            }
        }
    });
    // The variants are the model's members; boxing the large ones would make
    // the API depend on their sizes.
    quote! {
        #docs
        #[derive(Clone, PartialEq, #debug_derive)]
        #[cfg_attr(feature = "serde", derive(::serde::Serialize))]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A member this version of the model does not list, as read
            /// from a newer service, with its name. It cannot be written to JSON.
            #[cfg_attr(feature = "serde", serde(skip))]
            Unknown(crate::runtime::UnknownMember),
        }

        /// Reads the one set member; `__type` and members set to `null` are
        /// ignored, and a member this model does not list reads as `Unknown`.
        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let members = <::std::collections::BTreeMap<::std::string::String, crate::runtime::Document> as ::serde::Deserialize>::deserialize(deserializer)?;
                let mut set = members.into_iter().filter(|(key, value)| key != "__type" && !value.is_null());
                let ::std::option::Option::Some((key, value)) = set.next() else {
                    return ::std::result::Result::Err(::serde::de::Error::custom("a union needs one member set"));
                };
                if let ::std::option::Option::Some((other, _)) = set.next() {
                    return ::std::result::Result::Err(::serde::de::Error::custom(::std::format_args!("a union takes one member, not both `{key}` and `{other}`")));
                }
                match key.as_str() {
                    #(#read_arms)*
                    _ => ::std::result::Result::Ok(Self::Unknown(crate::runtime::UnknownMember::new(key))),
                }
            }
        }

        #error_correction

        #debug_impl
    }
}
