//! `validate.rs`: a `Validate` impl per type, checking every constraint the
//! model declares, recursively, and collecting every violation.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::{ident, type_path};
use crate::ir::{
    Checks, EnumDef, PatternDef, Presence, RustType, ServiceIr, StructDef, TypeDef, UnionDef,
};

pub fn emit(service: &ServiceIr) -> TokenStream {
    let patterns = service.patterns.iter().map(|p| {
        let name = ident(&p.name);
        let source = &p.source;
        let ecma = &p.ecma;
        let unicode = p.unicode;
        let compile = match &p.translated {
            Some(translated) => quote!(crate::runtime::validate::Matcher::translated(#translated)),
            None => quote!(crate::runtime::validate::Matcher::ecma(#ecma, #unicode)),
        };
        quote! {
            static #name: crate::runtime::validate::Pattern = crate::runtime::validate::Pattern::new(#source, || #compile);
        }
    });
    let impls = service.types.iter().map(|ty| match ty {
        TypeDef::Struct(s) => structure(s, &service.patterns),
        TypeDef::Enum(e) => enumeration(e),
        TypeDef::Union(u) => union(u, &service.patterns),
    });
    let doc = format!(
        " Constraint checks for the types of the `{}` module.",
        service.module
    );
    // A recursive type whose only checks are in its recursive members passes
    // `violations` down and nothing else, which clippy flags.
    quote! {
        #![doc = #doc]
        #![allow(clippy::only_used_in_recursion)]
        #(#patterns)*
        #(#impls)*
    }
}

/// The `impl` around a body; parameters are unused-named when it checks nothing.
fn validate_impl(target: TokenStream, body: TokenStream) -> TokenStream {
    let (path, violations) = if body.is_empty() {
        (quote!(_path), quote!(_violations))
    } else {
        (quote!(path), quote!(violations))
    };
    quote! {
        impl crate::runtime::validate::Validate for #target {
            fn validate_at(&self, #path: &crate::runtime::validate::Path<'_>, #violations: &mut crate::runtime::validate::Violations) {
                #body
            }
        }
    }
}

fn structure(def: &StructDef, patterns: &[PatternDef]) -> TokenStream {
    let fields = def.fields.iter().filter_map(|field| {
        let name = ident(&field.name);
        let member = &field.member;
        let required = field.required && field.presence == Presence::Optional;
        // A member whose only checks are its type's own is one call, absent
        // or not: `Validate` for `Option` checks a value that is there.
        if only_its_own(&field.ty, &field.checks) {
            return Some(if required {
                quote! { crate::runtime::validate::check_required(&path.member(#member), &self.#name, violations); }
            } else {
                quote! { self.#name.validate_at(&path.member(#member), violations); }
            });
        }
        let checks = value_checks(patterns, quote!(value), &field.ty, &field.checks, field.sensitive || def.sensitive);
        if checks.is_empty() && !required {
            return None;
        }
        let absent_check = quote! {
            violations.push(&path, crate::runtime::validate::Constraint::Required, None);
        };
        let body = if checks.is_empty() {
            quote! { if self.#name.is_none() { #absent_check } }
        } else if field.presence == Presence::Optional {
            let absent = required.then(|| {
                quote! { else { violations.push(&path, crate::runtime::validate::Constraint::Required, None); } }
            });
            quote! { if let Some(value) = &self.#name { #checks } #absent }
        } else {
            quote! { let value = &self.#name; #checks }
        };
        Some(quote! { { let path = path.member(#member); #body } })
    });
    validate_impl(type_path(&def.name), quote!(#(#fields)*))
}

fn enumeration(def: &EnumDef) -> TokenStream {
    let (constraint, value) = if def.int {
        (quote!(IntEnum), quote!(value.value()))
    } else {
        (quote!(Enum), quote!(value.as_str()))
    };
    let sensitive = def.sensitive;
    let body = quote! {
        if let Self::Unknown(value) = self {
            violations.push(
                path,
                crate::runtime::validate::Constraint::#constraint { allowed: Self::VALUES },
                crate::runtime::validate::shown(#sensitive, &#value),
            );
        }
    };
    validate_impl(type_path(&def.name), body)
}

fn union(def: &UnionDef, patterns: &[PatternDef]) -> TokenStream {
    let arms = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let member = &v.member;
        let checks = match &v.ty {
            Some(ty) if only_its_own(ty, &v.checks) => {
                return quote! { Self::#variant(value) => value.validate_at(&path.member(#member), violations), };
            }
            Some(ty) => value_checks(
                patterns,
                quote!(value),
                ty,
                &v.checks,
                v.sensitive || def.sensitive,
            ),
            None => TokenStream::new(),
        };
        if checks.is_empty() {
            quote! { Self::#variant(_) => {} }
        } else {
            quote! { Self::#variant(value) => { let path = path.member(#member); #checks } }
        }
    });
    let body = quote! {
        match self {
            #(#arms)*
            Self::Unknown(member) => violations.push(path, crate::runtime::validate::Constraint::UnknownUnionMember, crate::runtime::validate::shown(false, &member.name())),
        }
    };
    validate_impl(type_path(&def.name), body)
}

/// Statements checking `value` (a reference) at `path`; empty when there is
/// nothing to check.
fn value_checks(
    patterns: &[PatternDef],
    value: TokenStream,
    ty: &RustType,
    checks: &Checks,
    sensitive: bool,
) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some((min, max)) = checks.length {
        let length = match ty {
            RustType::String => quote!(#value.chars().count()),
            // The IR gives `@length` to no named type but string enums.
            RustType::Named(_) => quote!(#value.as_str().chars().count()),
            RustType::Blob => quote!(#value.as_bytes().len()),
            RustType::List { .. } | RustType::Map { .. } => quote!(#value.len()),
            _ => TokenStream::new(),
        };
        if !length.is_empty() {
            let (min, max) = (option_u64(min), option_u64(max));
            out.extend(
                quote! { crate::runtime::validate::check_length(&path, #length, #min, #max, violations); },
            );
        }
    }
    if let Some((min, max)) = &checks.range {
        out.extend(range_check(
            &value,
            ty,
            min.as_deref(),
            max.as_deref(),
            sensitive,
        ));
    }
    if let Some(pattern) = &checks.pattern {
        // The IR gives patterns to strings and string enums only.
        let text = match ty {
            RustType::Named(_) => quote!(#value.as_str()),
            _ => value.clone(),
        };
        let pattern = ident(&patterns[pattern.0].name);
        out.extend(quote! { #pattern.check(&path, #text, #sensitive, violations); });
    }
    if checks.non_empty && *ty == RustType::String {
        out.extend(quote! {
            if #value.is_empty() {
                violations.push(&path, crate::runtime::validate::Constraint::EmptyLabel, None);
            }
        });
    }
    match whole(ty, checks) {
        Some(Whole::OwnChecks) => {
            out.extend(quote! { #value.validate_at(&path, violations); });
            return out;
        }
        Some(Whole::KeyLength(min, max)) => {
            let (min, max) = (option_u64(min), option_u64(max));
            out.extend(quote! {
                crate::runtime::validate::check_entries(&path, #value, #min, #max, violations);
            });
            return out;
        }
        None => {}
    }
    match ty {
        RustType::List { item, sparse } => {
            if checks.unique {
                out.extend(
                    quote! { crate::runtime::validate::check_unique(&path, #value, violations); },
                );
            }
            let item_checks = value_checks(
                patterns,
                quote!(item),
                item,
                inner(&checks.items),
                sensitive,
            );
            if !item_checks.is_empty() {
                let body = some_or_all(*sparse, quote!(item), item_checks);
                out.extend(quote! {
                    for (index, item) in #value.iter().enumerate() {
                        let path = path.index(index);
                        #body
                    }
                });
            }
        }
        RustType::Map {
            key,
            value: value_ty,
            sparse,
        } => {
            let key_checks =
                value_checks(patterns, quote!(key), key, inner(&checks.keys), sensitive);
            let entry_checks = value_checks(
                patterns,
                quote!(entry),
                value_ty,
                inner(&checks.values),
                sensitive,
            );
            if !key_checks.is_empty() || !entry_checks.is_empty() {
                let entries = if entry_checks.is_empty() {
                    quote!(key in #value.keys())
                } else {
                    quote!((key, entry) in #value)
                };
                let entry_checks = some_or_all(*sparse, quote!(entry), entry_checks);
                out.extend(quote! {
                    for #entries {
                        let path = path.key(key.as_str());
                        #key_checks
                        #entry_checks
                    }
                });
            }
        }
        _ => {}
    }
    out
}

/// How a value with no checks of its own is checked whole: by its type's
/// `Validate` (a named type, or a dense collection of them whose items
/// have no checks from the collection), or by `check_entries` (such a map
/// whose keys carry `@length`). Either is one runtime call instead of a
/// loop in every structure that holds one.
enum Whole {
    OwnChecks,
    KeyLength(Option<u64>, Option<u64>),
}

fn whole(ty: &RustType, checks: &Checks) -> Option<Whole> {
    let unchecked =
        |inner: &Option<Box<Checks>>| inner.as_deref().is_none_or(|c| *c == Checks::default());
    match ty {
        RustType::Named(_) => Some(Whole::OwnChecks),
        RustType::List {
            item,
            sparse: false,
        } if matches!(**item, RustType::Named(_)) && !checks.unique && unchecked(&checks.items) => {
            Some(Whole::OwnChecks)
        }
        RustType::Map {
            key,
            value: entry,
            sparse: false,
        } if **key == RustType::String
            && matches!(**entry, RustType::Named(_))
            && unchecked(&checks.values) =>
        {
            let keys = checks.keys.as_deref().cloned().unwrap_or_default();
            if keys == Checks::default() {
                return Some(Whole::OwnChecks);
            }
            let (min, max) = keys.length?;
            let length_only = Checks {
                length: keys.length,
                ..Checks::default()
            };
            (keys == length_only).then_some(Whole::KeyLength(min, max))
        }
        _ => None,
    }
}

/// Whether `ty`'s own `Validate` is all there is to check: `checks` adds
/// nothing on the value itself.
fn only_its_own(ty: &RustType, checks: &Checks) -> bool {
    let on_the_value = checks.length.is_some()
        || checks.range.is_some()
        || checks.pattern.is_some()
        || checks.non_empty;
    !on_the_value && matches!(whole(ty, checks), Some(Whole::OwnChecks))
}

/// The checks on a collection's items, keys or values; none when absent.
fn inner(checks: &Option<Box<Checks>>) -> &Checks {
    static NONE: Checks = Checks {
        length: None,
        range: None,
        pattern: None,
        unique: false,
        non_empty: false,
        items: None,
        keys: None,
        values: None,
    };
    checks.as_deref().unwrap_or(&NONE)
}

/// Runs `checks` on a sparse collection's present values only.
fn some_or_all(sparse: bool, name: TokenStream, checks: TokenStream) -> TokenStream {
    if sparse && !checks.is_empty() {
        quote! { if let Some(#name) = #name { #checks } }
    } else {
        checks
    }
}

fn option_u64(bound: Option<u64>) -> TokenStream {
    match bound {
        Some(b) => quote!(Some(#b)),
        None => quote!(None),
    }
}

/// `@range`: integers against integer bounds compare exactly as `i64`;
/// anything else compares as `f64`; big numbers compare exactly.
fn range_check(
    value: &TokenStream,
    ty: &RustType,
    min: Option<&str>,
    max: Option<&str>,
    sensitive: bool,
) -> TokenStream {
    let integral = |b: Option<&str>| b.is_none_or(|b| b.parse::<i64>().is_ok());
    let is_integer = matches!(
        ty,
        RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64
    );
    let bound = |b: Option<&str>, as_int: bool| match b {
        Some(text) if as_int => {
            let number = Literal::i64_suffixed(text.parse().unwrap_or_default());
            quote!(Some((#number, #text)))
        }
        Some(text) => {
            let number = Literal::f64_suffixed(text.parse().unwrap_or(f64::NAN));
            quote!(Some((#number, #text)))
        }
        None => quote!(None),
    };
    let text_bound = |b: Option<&str>| match b {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    };
    match ty {
        _ if is_integer && integral(min) && integral(max) => {
            let (min, max) = (bound(min, true), bound(max, true));
            let widened = if *ty == RustType::I64 {
                quote!(*#value)
            } else {
                quote!(i64::from(*#value))
            };
            quote! { crate::runtime::validate::check_range_i64(&path, #widened, #min, #max, #sensitive, violations); }
        }
        RustType::I8 | RustType::I16 | RustType::I32 | RustType::F32 => {
            let (min, max) = (bound(min, false), bound(max, false));
            quote! { crate::runtime::validate::check_range_f64(&path, f64::from(*#value), #min, #max, #sensitive, violations); }
        }
        RustType::I64 => {
            let (min, max) = (bound(min, false), bound(max, false));
            quote! { crate::runtime::validate::check_range_f64(&path, *#value as f64, #min, #max, #sensitive, violations); }
        }
        RustType::F64 => {
            let (min, max) = (bound(min, false), bound(max, false));
            quote! { crate::runtime::validate::check_range_f64(&path, *#value, #min, #max, #sensitive, violations); }
        }
        RustType::BigInteger | RustType::BigDecimal => {
            let (min, max) = (text_bound(min), text_bound(max));
            quote! { crate::runtime::validate::check_range_big(&path, &#value.0, #min, #max, #sensitive, violations); }
        }
        _ => TokenStream::new(),
    }
}
