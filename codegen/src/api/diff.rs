//! Compares two API surfaces and says what each difference means for code
//! written against the older generated crate.
//!
//! Why some changes are compatible here when they break other SDKs:
//! structs are `#[non_exhaustive]` and built with builders, so new fields
//! break nobody; enums, union enums and error enums are `#[non_exhaustive]`
//! and read unknown values into `Unknown` variants, so new values and
//! members break nobody; and responses are never validated, so constraint
//! changes on types only responses carry are invisible.

use std::collections::{BTreeMap, BTreeSet};

use super::report::{Change, Severity};
use super::rules::Rule;
use super::surface::{
    ChecksSurface, EnumSurface, EnumVariantSurface, FieldSurface, OperationSurface,
    PresenceSurface, ServiceSurface, StructSurface, TypeRef, TypeSurface, UnionSurface,
    UnionVariantSurface,
};

/// Every change from `old` to `new`, services matched by shape id.
pub fn diff(old: &[ServiceSurface], new: &[ServiceSurface]) -> Vec<Change> {
    let mut out = Changes::default();
    let old_by_id: BTreeMap<&str, &ServiceSurface> =
        old.iter().map(|s| (s.id.as_str(), s)).collect();
    let new_by_id: BTreeMap<&str, &ServiceSurface> =
        new.iter().map(|s| (s.id.as_str(), s)).collect();
    for (id, old_service) in &old_by_id {
        match new_by_id.get(id) {
            Some(new_service) => diff_service(&mut out, old_service, new_service),
            None => out.push(
                Rule::ServiceRemoved,
                Severity::Breaking,
                id,
                None,
                format!("module `{}` removed", old_service.module),
            ),
        }
    }
    for (id, new_service) in &new_by_id {
        if !old_by_id.contains_key(id) {
            out.push(
                Rule::ServiceAdded,
                Severity::Compatible,
                id,
                None,
                format!("module `{}` added", new_service.module),
            );
        }
    }
    let mut changes = out.0;
    super::report::sort(&mut changes);
    changes
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(
        &mut self,
        rule: Rule,
        severity: Severity,
        shape: &str,
        member: Option<&str>,
        message: String,
    ) {
        self.0.push(Change {
            severity,
            rule,
            shape: shape.to_owned(),
            member: member.map(str::to_owned),
            message,
        });
    }
}

/// Rust names of shape ids, the new model's first.
struct Names<'a> {
    old: &'a ServiceSurface,
    new: &'a ServiceSurface,
}

impl Names<'_> {
    fn of(&self, id: &str) -> String {
        self.new
            .types
            .get(id)
            .or_else(|| self.old.types.get(id))
            .map_or_else(|| id.to_owned(), |ty| ty.name().to_owned())
    }
}

fn diff_service(out: &mut Changes, old: &ServiceSurface, new: &ServiceSurface) {
    let names = Names { old, new };
    let id = new.id.as_str();
    if old.module != new.module {
        out.push(
            Rule::ModuleRenamed,
            Severity::Breaking,
            id,
            None,
            format!("module `{}` is now `{}`", old.module, new.module),
        );
    }
    for error in added(&old.errors, &new.errors) {
        out.push(
            Rule::ServiceErrorAdded,
            Severity::Compatible,
            id,
            None,
            format!(
                "every operation's error enum gains `{}`; the enums are #[non_exhaustive]",
                names.of(error)
            ),
        );
    }
    for error in added(&new.errors, &old.errors) {
        out.push(
            Rule::ServiceErrorRemoved,
            Severity::Breaking,
            id,
            None,
            format!(
                "variant `{}` removed from every operation's error enum",
                names.of(error)
            ),
        );
    }
    for (op_id, old_op) in &old.operations {
        match new.operations.get(op_id) {
            Some(new_op) => diff_operation(out, &names, op_id, old_op, new_op),
            None => out.push(
                Rule::OperationRemoved,
                Severity::Breaking,
                op_id,
                None,
                format!(
                    "operation `{}` removed, with its request writer, response reader and `{}`",
                    old_op.name, old_op.error_enum
                ),
            ),
        }
    }
    for (op_id, new_op) in &new.operations {
        if !old.operations.contains_key(op_id) {
            out.push(
                Rule::OperationAdded,
                Severity::Compatible,
                op_id,
                None,
                format!(
                    "operation `{}` added, with its request writer, response reader and `{}`",
                    new_op.name, new_op.error_enum
                ),
            );
        }
    }
    for (type_id, old_ty) in &old.types {
        match new.types.get(type_id) {
            Some(new_ty) => diff_type(out, type_id, old_ty, new_ty),
            None => out.push(
                Rule::TypeRemoved,
                Severity::Breaking,
                type_id,
                None,
                format!("{} `{}` removed", old_ty.kind_name(), old_ty.name()),
            ),
        }
    }
    for (type_id, new_ty) in &new.types {
        if !old.types.contains_key(type_id) {
            out.push(
                Rule::TypeAdded,
                Severity::Compatible,
                type_id,
                None,
                format!("{} `{}` added", new_ty.kind_name(), new_ty.name()),
            );
        }
    }
}

/// The items of `new` that `old` lacks, in `new`'s order.
fn added<'a>(old: &[String], new: &'a [String]) -> Vec<&'a String> {
    let old: BTreeSet<&String> = old.iter().collect();
    new.iter().filter(|item| !old.contains(item)).collect()
}

fn diff_operation(
    out: &mut Changes,
    names: &Names<'_>,
    id: &str,
    old: &OperationSurface,
    new: &OperationSurface,
) {
    let op = &new.name;
    // Every change here is to the operation itself.
    let mut report = |rule, severity, message: String| out.push(rule, severity, id, None, message);
    if old.name != new.name {
        report(
            Rule::OperationRenamed,
            Severity::Breaking,
            format!(
                "operation `{}` is now `{}`, and its error enum `{}` is now `{}`",
                old.name, new.name, old.error_enum, new.error_enum
            ),
        );
    }
    let shape_name = |shape: &Option<String>| match shape {
        Some(shape) => format!("`{}`", names.of(shape)),
        None => "nothing".to_owned(),
    };
    if old.input != new.input {
        report(
            Rule::OperationInputChanged,
            Severity::Breaking,
            format!(
                "`{op}` takes {} instead of {}",
                shape_name(&new.input),
                shape_name(&old.input)
            ),
        );
    }
    if old.output != new.output {
        report(
            Rule::OperationOutputChanged,
            Severity::Breaking,
            format!(
                "`{op}` returns {} instead of {}",
                shape_name(&new.output),
                shape_name(&old.output)
            ),
        );
    }
    for error in added(&old.errors, &new.errors) {
        report(
            Rule::OperationErrorAdded,
            Severity::Compatible,
            format!(
                "`{}` gains variant `{}`; it is #[non_exhaustive]",
                new.error_enum,
                names.of(error)
            ),
        );
    }
    for error in added(&new.errors, &old.errors) {
        report(
            Rule::OperationErrorRemoved,
            Severity::Breaking,
            format!(
                "variant `{}` removed from `{}`",
                names.of(error),
                new.error_enum
            ),
        );
    }
    match (&old.http, &new.http) {
        (None, Some(_)) => report(
            Rule::HttpTraitAdded,
            Severity::Compatible,
            format!("`{op}` gains `@http`, so its requests can now be written"),
        ),
        (Some(_), None) => report(
            Rule::HttpTraitRemoved,
            Severity::Breaking,
            format!("`{op}` loses `@http`: writing its requests now fails"),
        ),
        (Some(before), Some(after)) => {
            if before.method != after.method {
                report(
                    Rule::HttpMethodChanged,
                    Severity::Breaking,
                    format!(
                        "`{op}` is sent with {} instead of {}",
                        after.method, before.method
                    ),
                );
            }
            if before.uri != after.uri {
                report(
                    Rule::HttpUriChanged,
                    Severity::Breaking,
                    format!(
                        "`{op}` is sent to `{}` instead of `{}`",
                        after.uri, before.uri
                    ),
                );
            }
            if before.code != after.code {
                report(
                    Rule::HttpCodeChanged,
                    Severity::Risky,
                    format!(
                        "`{op}` succeeds with status {} instead of {}",
                        after.code, before.code
                    ),
                );
            }
        }
        (None, None) => {}
    }
    if old.host_prefix != new.host_prefix {
        let prefix = |p: &Option<String>| {
            p.as_ref().map_or_else(
                || "no host prefix".to_owned(),
                |p| format!("host prefix `{p}`"),
            )
        };
        report(
            Rule::HostPrefixChanged,
            Severity::Breaking,
            format!(
                "`{op}` is sent with {} instead of {}",
                prefix(&new.host_prefix),
                prefix(&old.host_prefix)
            ),
        );
    }
    if old.request_compression != new.request_compression {
        let now = if new.request_compression {
            "may now be gzipped"
        } else {
            "are no longer gzipped"
        };
        report(
            Rule::RequestCompressionChanged,
            Severity::Compatible,
            format!("`{op}` request bodies {now}; the service accepts either"),
        );
    }
    if old.checksum_required != new.checksum_required {
        let now = if new.checksum_required {
            "now carry"
        } else {
            "no longer carry"
        };
        report(
            Rule::ChecksumRequiredChanged,
            Severity::Compatible,
            format!("`{op}` requests {now} `Content-MD5`, which the generated writer handles"),
        );
    }
    match (&old.paginated, &new.paginated) {
        (None, Some(_)) => report(
            Rule::PaginatedAdded,
            Severity::Compatible,
            format!("`{op}` is now paginated: it implements `Paginated` (`next_page`)"),
        ),
        (Some(_), None) => report(
            Rule::PaginatedRemoved,
            Severity::Breaking,
            format!("`{op}` is no longer paginated: it loses its `Paginated` impl (`next_page`)"),
        ),
        (Some(before), Some(after)) if before != after => report(
            Rule::PaginatedChanged,
            Severity::Risky,
            format!(
                "`{op}` pages with other members: tokens {:?}/{:?}, items {:?}, page size {:?}",
                after.input_token, after.output_token, after.items, after.page_size
            ),
        ),
        _ => {}
    }
}

fn diff_type(out: &mut Changes, id: &str, old: &TypeSurface, new: &TypeSurface) {
    if old.name() != new.name() {
        out.push(
            Rule::TypeRenamed,
            Severity::Breaking,
            id,
            None,
            format!("`{}` is now named `{}`", old.name(), new.name()),
        );
    }
    let name = new.name();
    let kinds_match = match (old, new) {
        (TypeSurface::Struct(a), TypeSurface::Struct(b)) => {
            diff_struct(out, id, a, b);
            true
        }
        (TypeSurface::Enum(a), TypeSurface::Enum(b)) if a.int == b.int => {
            diff_enum(out, id, a, b);
            true
        }
        (TypeSurface::Union(a), TypeSurface::Union(b)) => {
            diff_union(out, id, a, b);
            true
        }
        _ => false,
    };
    if !kinds_match {
        out.push(
            Rule::TypeKindChanged,
            Severity::Breaking,
            id,
            None,
            format!(
                "`{name}` was a {} and is now a {}",
                old.kind_name(),
                new.kind_name()
            ),
        );
        return;
    }
    sensitivity(
        out,
        id,
        None,
        &format!("`{name}`"),
        old.sensitive(),
        new.sensitive(),
    );
}

fn sensitivity(
    out: &mut Changes,
    id: &str,
    member: Option<&str>,
    what: &str,
    old: bool,
    new: bool,
) {
    match (old, new) {
        (false, true) => out.push(
            Rule::SensitiveAdded,
            Severity::Compatible,
            id,
            member,
            format!("{what} is now `@sensitive`: `Debug` redacts it"),
        ),
        (true, false) => out.push(
            Rule::SensitiveRemoved,
            Severity::Risky,
            id,
            member,
            format!("{what} is no longer `@sensitive`: `Debug` prints it, so logs may show it"),
        ),
        _ => {}
    }
}

fn diff_struct(out: &mut Changes, id: &str, old: &StructSurface, new: &StructSurface) {
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

/// Constraint changes: tightening breaks requests that passed before, but
/// only on types requests carry; responses are never validated.
fn diff_checks(
    out: &mut Changes,
    id: &str,
    member: Option<&str>,
    what: &str,
    sent: bool,
    old: &ChecksSurface,
    new: &ChecksSurface,
) {
    let tightened_severity = if sent {
        Severity::Risky
    } else {
        Severity::Compatible
    };
    let unvalidated = if sent {
        ""
    } else {
        " (responses are not validated)"
    };
    let mut report = |tightened: bool, rules: (Rule, Rule), text: String| {
        let (rule, severity, verb) = if tightened {
            (rules.0, tightened_severity, "tightened")
        } else {
            (rules.1, Severity::Compatible, "loosened")
        };
        out.push(
            rule,
            severity,
            id,
            member,
            format!("{text} {verb}{unvalidated}"),
        );
    };
    if old.length != new.length {
        report(
            bounds_tightened(&old.length, &new.length, |n: &u64| *n as f64),
            (Rule::LengthTightened, Rule::LengthLoosened),
            format!(
                "`@length` of {what} is {} instead of {}:",
                show_bounds(&new.length),
                show_bounds(&old.length)
            ),
        );
    }
    if old.range != new.range {
        report(
            bounds_tightened(&old.range, &new.range, |n: &String| {
                n.parse::<f64>().unwrap_or(f64::NAN)
            }),
            (Rule::RangeTightened, Rule::RangeLoosened),
            format!(
                "`@range` of {what} is {} instead of {}:",
                show_bounds(&new.range),
                show_bounds(&old.range)
            ),
        );
    }
    if old.pattern != new.pattern {
        report(
            new.pattern.is_some(),
            (Rule::PatternTightened, Rule::PatternLoosened),
            match &new.pattern {
                Some(pattern) => format!("`@pattern` of {what} is now `{pattern}`:"),
                None => format!("`@pattern` of {what} removed:"),
            },
        );
    }
    if old.unique != new.unique {
        if new.unique {
            out.push(
                Rule::UniqueItemsAdded,
                tightened_severity,
                id,
                member,
                format!("{what} must now hold unique items{unvalidated}"),
            );
        } else {
            out.push(
                Rule::UniqueItemsRemoved,
                Severity::Compatible,
                id,
                member,
                format!("{what} may now hold repeated items"),
            );
        }
    }
    let empty = ChecksSurface::default();
    for (label, before, after) in [
        ("items", &old.items, &new.items),
        ("keys", &old.keys, &new.keys),
        ("values", &old.values, &new.values),
    ] {
        let before = before.as_deref().unwrap_or(&empty);
        let after = after.as_deref().unwrap_or(&empty);
        if before != after {
            let inner = format!("the {label} of {what}");
            diff_checks(out, id, member, &inner, sent, before, after);
        }
    }
}

/// Whether some value inside the old bounds falls outside the new ones.
fn bounds_tightened<T>(
    old: &Option<(Option<T>, Option<T>)>,
    new: &Option<(Option<T>, Option<T>)>,
    number: impl Fn(&T) -> f64,
) -> bool {
    let (old_min, old_max) = old
        .as_ref()
        .map_or((None, None), |(a, b)| (a.as_ref(), b.as_ref()));
    let (new_min, new_max) = new
        .as_ref()
        .map_or((None, None), |(a, b)| (a.as_ref(), b.as_ref()));
    let min_raised = match (old_min, new_min) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => number(b) > number(a),
    };
    let max_lowered = match (old_max, new_max) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => number(b) < number(a),
    };
    min_raised || max_lowered
}

fn show_bounds<T: std::fmt::Display>(bounds: &Option<(Option<T>, Option<T>)>) -> String {
    match bounds {
        None => "unbounded".to_owned(),
        Some((min, max)) => {
            let show = |b: &Option<T>| b.as_ref().map_or_else(String::new, ToString::to_string);
            format!("{}..={}", show(min), show(max))
        }
    }
}

fn diff_enum(out: &mut Changes, id: &str, old: &EnumSurface, new: &EnumSurface) {
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

fn diff_union(out: &mut Changes, id: &str, old: &UnionSurface, new: &UnionSurface) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_tighten_when_a_value_once_allowed_is_refused() {
        let b = |min: Option<u64>, max: Option<u64>| Some((min, max));
        let n = |n: &u64| *n as f64;
        assert!(bounds_tightened(&None, &b(Some(1), None), n));
        assert!(bounds_tightened(
            &b(Some(1), Some(9)),
            &b(Some(1), Some(8)),
            n
        ));
        assert!(bounds_tightened(
            &b(Some(1), Some(9)),
            &b(Some(2), Some(20)),
            n
        ));
        assert!(!bounds_tightened(
            &b(Some(1), Some(9)),
            &b(Some(0), Some(10)),
            n
        ));
        assert!(!bounds_tightened(&b(Some(1), Some(9)), &None, n));
    }
}
