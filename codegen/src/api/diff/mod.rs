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
use super::surface::{OperationSurface, ServiceSurface, TypeSurface};

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
pub(super) struct Changes(Vec<Change>);

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

pub(super) fn sensitivity(
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

mod checks;
mod enums;
mod structs;

use checks::diff_checks;
use enums::{diff_enum, diff_union};
use structs::diff_struct;
