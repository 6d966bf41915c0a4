//! Structures: their errors, fields added and removed, and each field's
//! type, presence, binding, checks and markings.

use std::collections::BTreeMap;

use super::super::report::Severity;
use super::super::rules::Rule;
use super::super::surface::{FieldSurface, PresenceSurface, StructSurface, TypeRef};
use super::{diff_checks, sensitivity, Changes};

pub(super) fn diff_struct(out: &mut Changes, id: &str, old: &StructSurface, new: &StructSurface) {
    let name = &new.name;
    match (&old.error, &new.error) {
        (Some(before), Some(after)) => {
            if before.fault != after.fault {
                out.push(
                    Rule::ErrorFaultChanged,
                    Severity::Risky,
                    id,
                    None,
                    format!(
                        "`{name}` is now a {} fault, not a {} one",
                        after.fault, before.fault
                    ),
                );
            }
            if before.status != after.status {
                out.push(
                    Rule::ErrorStatusChanged,
                    Severity::Risky,
                    id,
                    None,
                    format!(
                        "`{name}` comes with HTTP status {:?} instead of {:?}",
                        after.status, before.status
                    ),
                );
            }
            if before.retryable != after.retryable {
                let says = |r: Option<bool>| match r {
                    None => "not retryable",
                    Some(false) => "retryable",
                    Some(true) => "retryable as throttling",
                };
                out.push(
                    Rule::ErrorRetryableChanged,
                    Severity::Risky,
                    id,
                    None,
                    format!(
                        "`{name}` is {} instead of {}",
                        says(after.retryable),
                        says(before.retryable)
                    ),
                );
            }
        }
        (None, None) => {}
        (before, _) => out.push(
            Rule::ErrorTraitChanged,
            Severity::Breaking,
            id,
            None,
            if before.is_some() {
                format!("`{name}` is no longer an error: it leaves the error enums")
            } else {
                format!("`{name}` is now an error: it moves into the error enums")
            },
        ),
    }
    let old_fields: BTreeMap<&str, &FieldSurface> =
        old.fields.iter().map(|f| (f.member.as_str(), f)).collect();
    let new_fields: BTreeMap<&str, &FieldSurface> =
        new.fields.iter().map(|f| (f.member.as_str(), f)).collect();
    let sent = new.direction.sent() || old.direction.sent();
    for (member, before) in &old_fields {
        match new_fields.get(member) {
            Some(after) => diff_field(out, id, name, sent, before, after),
            None => out.push(
                Rule::FieldRemoved,
                Severity::Breaking,
                id,
                Some(member),
                format!(
                    "field `{}` removed from `{name}`, with its builder setter",
                    before.name
                ),
            ),
        }
    }
    for (member, after) in &new_fields {
        if old_fields.contains_key(member) {
            continue;
        }
        let ty = &after.rust;
        let (severity, message) = match &after.presence {
            PresenceSurface::Required if sent => (
                Severity::Breaking,
                format!(
                    "field `{}` added to `{name}` and required: `build()` now fails without it",
                    after.name
                ),
            ),
            PresenceSurface::Required => (
                Severity::Risky,
                format!(
                    "field `{}` added to `{name}` and required: code that builds `{name}` itself (tests, mocks) must set it",
                    after.name
                ),
            ),
            _ if after.required && sent => (
                Severity::Risky,
                format!(
                    "field `{}` (`{ty}`) added to `{name}` and required: `validate()` now fails without it",
                    after.name
                ),
            ),
            _ => (
                Severity::Compatible,
                format!(
                    "field `{}` (`{ty}`) added to `{name}`; the struct is #[non_exhaustive] and built with a builder",
                    after.name
                ),
            ),
        };
        out.push(Rule::FieldAdded, severity, id, Some(member), message);
    }
    match (builds_itself(old), builds_itself(new)) {
        (true, false) => out.push(
            Rule::OwnBuilderRemoved,
            Severity::Risky,
            id,
            None,
            format!(
                "`{name}` is no longer its own builder: `{}` becomes a type of its own and `{name}` loses `Default`",
                new.builder
            ),
        ),
        (false, true) => out.push(
            Rule::OwnBuilderAdded,
            Severity::Compatible,
            id,
            None,
            format!(
                "`{name}` is now its own builder: `{}` is an alias of it, and it gains `Default`",
                new.builder
            ),
        ),
        _ => {}
    }
}

/// Whether the generator makes the structure its own builder: every
/// member optional and unboxed (the IR's `builds_itself`, read back from
/// the fields the surface keeps).
fn builds_itself(def: &StructSurface) -> bool {
    def.fields
        .iter()
        .all(|f| f.presence == PresenceSurface::Optional && !f.boxed)
}

fn diff_field(
    out: &mut Changes,
    id: &str,
    owner: &str,
    sent: bool,
    old: &FieldSurface,
    new: &FieldSurface,
) {
    let member = Some(new.member.as_str());
    let field = format!("field `{}` of `{owner}`", new.name);
    if old.name != new.name {
        out.push(
            Rule::FieldRenamed,
            Severity::Breaking,
            id,
            member,
            format!(
                "field `{}` of `{owner}` is now `{}`, and so is its setter",
                old.name, new.name
            ),
        );
    }
    let type_changed = old.ty.rust_only() != new.ty.rust_only();
    if type_changed {
        out.push(
            Rule::FieldTypeChanged,
            Severity::Breaking,
            id,
            member,
            format!("{field} changes type from `{}` to `{}`", old.rust, new.rust),
        );
    } else {
        if old.target != new.target {
            out.push(
                Rule::TargetChanged,
                Severity::Compatible,
                id,
                member,
                format!(
                    "the member now targets `{}` instead of `{}`; {field} stays `{}`",
                    new.target, old.target, new.rust
                ),
            );
        }
        if old.ty.timestamp_formats() != new.ty.timestamp_formats() {
            let formats = |ty: &TypeRef| {
                ty.timestamp_formats()
                    .into_iter()
                    .map(|f| f.unwrap_or_else(|| "the protocol's default".to_owned()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push(
                Rule::TimestampFormatChanged,
                Severity::Breaking,
                id,
                member,
                format!(
                    "{field} goes on the wire as {} instead of {}",
                    formats(&new.ty),
                    formats(&old.ty)
                ),
            );
        }
        if old.boxed != new.boxed {
            out.push(
                Rule::BoxingChanged,
                Severity::Breaking,
                id,
                member,
                format!("{field} changes type from `{}` to `{}`", old.rust, new.rust),
            );
        }
    }
    diff_presence(out, id, &field, sent, old, new);
    if old.json_name != new.json_name && old.binding.is_empty() && new.binding.is_empty() {
        out.push(
            Rule::JsonNameChanged,
            Severity::Breaking,
            id,
            member,
            format!(
                "{field} is written and read under the JSON key `{}` instead of `{}`",
                new.json_name, old.json_name
            ),
        );
    }
    if old.xml_name != new.xml_name
        && !old.xml_name.is_empty()
        && !new.xml_name.is_empty()
        && old.binding.is_empty()
        && new.binding.is_empty()
    {
        out.push(
            Rule::XmlNameChanged,
            Severity::Breaking,
            id,
            member,
            format!(
                "{field} is written and read as `{}` instead of `{}` in XML documents and forms",
                new.xml_name, old.xml_name
            ),
        );
    }
    if old.binding != new.binding {
        let place = |b: &str| {
            if b.is_empty() {
                "the body".to_owned()
            } else {
                b.to_owned()
            }
        };
        out.push(
            Rule::HttpBindingChanged,
            Severity::Breaking,
            id,
            member,
            format!(
                "{field} moves from {} to {} in the HTTP message",
                place(&old.binding),
                place(&new.binding)
            ),
        );
    }
    if old.media_type != new.media_type {
        out.push(
            Rule::MediaTypeChanged,
            Severity::Risky,
            id,
            member,
            format!(
                "{field} has media type {:?} instead of {:?}, which changes how a header or payload carries it",
                new.media_type, old.media_type
            ),
        );
    }
    // A changed type keeps only its own checks to compare: the items, keys
    // or values of the old type may not exist in the new one.
    if type_changed {
        let (old_checks, new_checks) = (old.checks.outer(), new.checks.outer());
        diff_checks(out, id, member, &field, sent, &old_checks, &new_checks);
    } else {
        diff_checks(out, id, member, &field, sent, &old.checks, &new.checks);
    }
    // A generated type's sensitivity is reported once, on the type.
    if !new.ty.holds_named() {
        sensitivity(out, id, member, &field, old.sensitive, new.sensitive);
    }
    match (old.idempotency_token, new.idempotency_token) {
        (false, true) => out.push(
            Rule::IdempotencyTokenAdded,
            Severity::Compatible,
            id,
            member,
            format!("{field} is now an idempotency token: left unset, it is filled with a fresh one"),
        ),
        (true, false) => out.push(
            Rule::IdempotencyTokenRemoved,
            Severity::Risky,
            id,
            member,
            format!("{field} is no longer filled with a fresh token when unset: a retried request may act twice"),
        ),
        _ => {}
    }
    match (old.deprecated, new.deprecated) {
        (false, true) => out.push(
            Rule::DeprecatedAdded,
            Severity::Compatible,
            id,
            member,
            format!("{field} is now #[deprecated]: code using it gets a warning"),
        ),
        (true, false) => out.push(
            Rule::DeprecatedRemoved,
            Severity::Compatible,
            id,
            member,
            format!("{field} is no longer #[deprecated]"),
        ),
        _ => {}
    }
}

/// Nullability, `@required`, `@default`, `@clientOptional` and
/// `@addedDefault` all end up in whether the field is an `Option`, whether
/// `build()` or `validate()` demands it, and what it holds when unset.
fn diff_presence(
    out: &mut Changes,
    id: &str,
    field: &str,
    sent: bool,
    old: &FieldSurface,
    new: &FieldSurface,
) {
    let member = Some(new.member.as_str());
    let optional = |f: &FieldSurface| f.presence == PresenceSurface::Optional;
    if optional(old) != optional(new) {
        out.push(
            Rule::NullabilityChanged,
            Severity::Breaking,
            id,
            member,
            format!("{field} changes type from `{}` to `{}`", old.rust, new.rust),
        );
    }
    match (&old.presence, &new.presence) {
        (PresenceSurface::Default(before), PresenceSurface::Default(after)) if before != after => {
            out.push(
                Rule::DefaultChanged,
                Severity::Risky,
                id,
                member,
                format!("{field} defaults to {after} instead of {before}"),
            )
        }
        (PresenceSurface::Default(_), PresenceSurface::Required) => out.push(
            Rule::RequiredAdded,
            if sent {
                Severity::Breaking
            } else {
                Severity::Risky
            },
            id,
            member,
            format!("{field} loses its default: `build()` now fails without it"),
        ),
        (PresenceSurface::Required, PresenceSurface::Default(value)) => out.push(
            Rule::RequiredRemoved,
            Severity::Compatible,
            id,
            member,
            format!("{field} gains the default {value}: `build()` no longer needs it"),
        ),
        _ => {}
    }
    // `@required` on a field that stays an `Option` (client-optional, or
    // Smithy 1.0): `validate()` is what enforces it.
    if optional(old) && optional(new) && old.required != new.required {
        if new.required {
            out.push(
                Rule::RequiredAdded,
                if sent {
                    Severity::Risky
                } else {
                    Severity::Compatible
                },
                id,
                member,
                format!("{field} is now required: `validate()` fails without it"),
            );
        } else {
            out.push(
                Rule::RequiredRemoved,
                Severity::Compatible,
                id,
                member,
                format!("{field} is no longer required"),
            );
        }
    }
}
