//! Enums and unions: values and members added, removed or renamed.

use std::collections::BTreeMap;

use super::super::report::Severity;
use super::super::rules::Rule;
use super::super::surface::{
    EnumSurface, EnumVariantSurface, TypeRef, UnionSurface, UnionVariantSurface,
};
use super::{diff_checks, sensitivity, Changes};

pub(super) fn diff_enum(out: &mut Changes, id: &str, old: &EnumSurface, new: &EnumSurface) {
    let name = &new.name;
    // Variants are matched by their value on the wire; what is left over
    // is matched by Rust name, as a changed value.
    let by_value = |e: &'_ EnumSurface| -> BTreeMap<String, EnumVariantSurface> {
        e.variants
            .iter()
            .map(|v| (v.value.clone(), v.clone()))
            .collect()
    };
    let (old_by_value, new_by_value) = (by_value(old), by_value(new));
    let mut gone: BTreeMap<&str, &EnumVariantSurface> = BTreeMap::new();
    for variant in &old.variants {
        match new_by_value.get(&variant.value) {
            Some(now) if now.name != variant.name => out.push(
                Rule::EnumVariantRenamed,
                Severity::Breaking,
                id,
                Some(&now.member),
                format!(
                    "variant `{}` of `{name}` (value {:?}) is now `{}`",
                    variant.name, variant.value, now.name
                ),
            ),
            Some(_) => {}
            None => {
                gone.insert(&variant.name, variant);
            }
        }
    }
    let mut arrived: Vec<&EnumVariantSurface> = Vec::new();
    for variant in &new.variants {
        if old_by_value.contains_key(&variant.value) {
            continue;
        }
        match gone.remove(variant.name.as_str()) {
            Some(before) => out.push(
                Rule::EnumValueChanged,
                Severity::Breaking,
                id,
                Some(&variant.member),
                format!(
                    "variant `{}` of `{name}` is {:?} on the wire instead of {:?}",
                    variant.name, variant.value, before.value
                ),
            ),
            None => arrived.push(variant),
        }
    }
    for variant in gone.into_values() {
        out.push(
            Rule::EnumValueRemoved,
            Severity::Breaking,
            id,
            Some(&variant.member),
            format!(
                "variant `{}` (value {:?}) removed from `{name}`",
                variant.name, variant.value
            ),
        );
    }
    for variant in arrived {
        out.push(
            Rule::EnumValueAdded,
            Severity::Compatible,
            id,
            Some(&variant.member),
            format!(
                "variant `{}` (value {:?}) added to `{name}`; it is #[non_exhaustive], and older code reads it as `Unknown`",
                variant.name, variant.value
            ),
        );
    }
}

pub(super) fn diff_union(out: &mut Changes, id: &str, old: &UnionSurface, new: &UnionSurface) {
    let name = &new.name;
    let sent = old.direction.sent() || new.direction.sent();
    let old_members: BTreeMap<&str, &UnionVariantSurface> = old
        .variants
        .iter()
        .map(|v| (v.member.as_str(), v))
        .collect();
    let new_members: BTreeMap<&str, &UnionVariantSurface> = new
        .variants
        .iter()
        .map(|v| (v.member.as_str(), v))
        .collect();
    let ty = |v: &UnionVariantSurface| {
        v.rust
            .as_ref()
            .map_or_else(|| "no value".to_owned(), |t| format!("`{t}`"))
    };
    for (member, before) in &old_members {
        let Some(after) = new_members.get(member) else {
            out.push(
                Rule::UnionMemberRemoved,
                Severity::Breaking,
                id,
                Some(member),
                format!("variant `{}` removed from `{name}`", before.name),
            );
            continue;
        };
        let variant = format!("variant `{}` of `{name}`", after.name);
        if before.name != after.name {
            out.push(
                Rule::FieldRenamed,
                Severity::Breaking,
                id,
                Some(member),
                format!(
                    "variant `{}` of `{name}` is now `{}`",
                    before.name, after.name
                ),
            );
        }
        let rust = |v: &UnionVariantSurface| v.ty.as_ref().map(TypeRef::rust_only);
        if rust(before) != rust(after) {
            out.push(
                Rule::FieldTypeChanged,
                Severity::Breaking,
                id,
                Some(member),
                format!("{variant} holds {} instead of {}", ty(after), ty(before)),
            );
        } else if before.ty != after.ty {
            out.push(
                Rule::TimestampFormatChanged,
                Severity::Breaking,
                id,
                Some(member),
                format!("{variant} goes on the wire in another timestamp format"),
            );
        }
        if before.boxed != after.boxed {
            out.push(
                Rule::BoxingChanged,
                Severity::Breaking,
                id,
                Some(member),
                format!(
                    "{variant} holds {} instead of {}",
                    if after.boxed {
                        "a `Box`"
                    } else {
                        "its value unboxed"
                    },
                    if before.boxed {
                        "a `Box`"
                    } else {
                        "its value unboxed"
                    }
                ),
            );
        }
        if before.json_name != after.json_name {
            out.push(
                Rule::JsonNameChanged,
                Severity::Breaking,
                id,
                Some(member),
                format!(
                    "{variant} is written and read under the JSON key `{}` instead of `{}`",
                    after.json_name, before.json_name
                ),
            );
        }
        diff_checks(
            out,
            id,
            Some(member),
            &variant,
            sent,
            &before.checks,
            &after.checks,
        );
        sensitivity(
            out,
            id,
            Some(member),
            &variant,
            before.sensitive,
            after.sensitive,
        );
    }
    for (member, after) in &new_members {
        if !old_members.contains_key(member) {
            out.push(
                Rule::UnionMemberAdded,
                Severity::Compatible,
                id,
                Some(member),
                format!(
                    "variant `{}` ({}) added to `{name}`; it is #[non_exhaustive], and older code reads it as `Unknown`",
                    after.name,
                    ty(after)
                ),
            );
        }
    }
}
