//! Checks that a merged model keeps the Smithy rules the generator relies on,
//! so later layers can index the model without failing.

use std::collections::BTreeSet;

use serde_json::Value;

use super::traits::ids;
use super::{
    EnumValueTrait, HostPrefixPiece, HttpBinding, LabelKind, Member, Model, Shape, ShapeId,
    ShapeKind, SimpleType,
};
use crate::error::{Error, ErrorKind, Location};

pub fn check(model: &Model) -> Result<(), Error> {
    for shape in model.shapes.values() {
        check_members(model, shape)?;
        check_enum_values(shape)?;
        check_references(model, shape)?;
        check_http(model, shape)?;
        check_endpoint(model, shape)?;
    }
    Ok(())
}

fn member_error(shape: &Shape, member: &Member, kind: ErrorKind) -> Error {
    Error::new(Location::member(&shape.file, &shape.id, &member.name), kind)
}

fn shape_error(shape: &Shape, kind: ErrorKind) -> Error {
    Error::new(Location::shape(&shape.file, &shape.id), kind)
}

fn check_members(model: &Model, shape: &Shape) -> Result<(), Error> {
    for member in shape.kind.members() {
        let target = model.shape(&member.target).ok_or_else(|| {
            member_error(
                shape,
                member,
                ErrorKind::MissingTarget(member.target.to_string()),
            )
        })?;
        if matches!(
            target.kind,
            ShapeKind::Service(_) | ShapeKind::Operation(_) | ShapeKind::Resource(_)
        ) {
            return Err(member_error(
                shape,
                member,
                ErrorKind::InvalidMemberTarget {
                    target: member.target.to_string(),
                    kind: target.kind.describe().to_owned(),
                },
            ));
        }
        if let Some(default) = &member.known.default {
            check_default(default, target).map_err(|message| {
                member_error(
                    shape,
                    member,
                    ErrorKind::InvalidTrait {
                        trait_id: ids::DEFAULT.into(),
                        message,
                    },
                )
            })?;
        }
    }
    if let ShapeKind::Map { key, .. } = &shape.kind {
        let key_is_string = matches!(
            model.shape(&key.target).map(|t| &t.kind),
            Some(ShapeKind::Simple(SimpleType::String) | ShapeKind::Enum(_))
        );
        if !key_is_string {
            return Err(member_error(
                shape,
                key,
                ErrorKind::MapKeyNotString(key.target.to_string()),
            ));
        }
    }
    Ok(())
}

/// A `@default` must fit its target: Smithy allows only zero-like values for
/// collections and documents of any form.
fn check_default(value: &Value, target: &Shape) -> Result<(), String> {
    let fits = match (&target.kind, value) {
        (_, Value::Null) => true,
        (ShapeKind::Simple(SimpleType::Boolean), Value::Bool(_)) => true,
        (ShapeKind::Simple(SimpleType::Document), _) => true,
        (
            ShapeKind::Simple(SimpleType::String | SimpleType::Blob) | ShapeKind::Enum(_),
            Value::String(_),
        ) => true,
        (ShapeKind::Simple(SimpleType::Timestamp), Value::String(_) | Value::Number(_)) => true,
        (
            ShapeKind::Simple(
                SimpleType::Byte
                | SimpleType::Short
                | SimpleType::Integer
                | SimpleType::Long
                | SimpleType::BigInteger,
            )
            | ShapeKind::IntEnum(_),
            Value::Number(n),
        ) => n.is_i64() || n.is_u64(),
        (
            ShapeKind::Simple(SimpleType::Float | SimpleType::Double | SimpleType::BigDecimal),
            Value::Number(_),
        ) => true,
        (ShapeKind::List(_), Value::Array(items)) => items.is_empty(),
        (ShapeKind::Map { .. }, Value::Object(entries)) => entries.is_empty(),
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(format!(
            "the value {value} does not fit a {} `{}`",
            target.kind.describe(),
            target.id
        ))
    }
}

fn check_enum_values(shape: &Shape) -> Result<(), Error> {
    let mut seen = BTreeSet::new();
    let mut unique = |value: String, member: Option<&Member>| {
        if seen.insert(value.clone()) {
            return Ok(());
        }
        let kind = ErrorKind::DuplicateEnumValue(value);
        Err(match member {
            Some(member) => member_error(shape, member, kind),
            None => shape_error(shape, kind),
        })
    };
    match &shape.kind {
        ShapeKind::Enum(members) => {
            for member in members {
                let value = match &member.known.enum_value {
                    None => member.name.clone(),
                    Some(EnumValueTrait::String(value)) if !value.is_empty() => value.clone(),
                    Some(other) => {
                        return Err(invalid_enum_value(
                            shape,
                            member,
                            other,
                            "a non-empty string",
                        ))
                    }
                };
                unique(format!("`{value}`"), Some(member))?;
            }
        }
        ShapeKind::IntEnum(members) => {
            for member in members {
                match &member.known.enum_value {
                    Some(EnumValueTrait::Int(value)) => unique(value.to_string(), Some(member))?,
                    found => {
                        return Err(member_error(
                            shape,
                            member,
                            ErrorKind::InvalidTrait {
                                trait_id: ids::ENUM_VALUE.into(),
                                message: match found {
                                    None => "an intEnum member needs one".to_owned(),
                                    Some(found) => format!(
                                        "expected a 32-bit integer, found {}",
                                        describe(found)
                                    ),
                                },
                            },
                        ))
                    }
                }
            }
        }
        ShapeKind::Simple(SimpleType::String) => {
            for entry in shape.known.legacy_enum.iter().flatten() {
                unique(format!("`{}`", entry.value), None)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn describe(value: &EnumValueTrait) -> String {
    match value {
        EnumValueTrait::String(text) => format!("{text:?}"),
        EnumValueTrait::Int(n) => n.to_string(),
    }
}

fn invalid_enum_value(
    shape: &Shape,
    member: &Member,
    found: &EnumValueTrait,
    expected: &str,
) -> Error {
    member_error(
        shape,
        member,
        ErrorKind::InvalidTrait {
            trait_id: ids::ENUM_VALUE.into(),
            message: format!("expected {expected}, found {}", describe(found)),
        },
    )
}
/// Services, resources and operations must point at shapes of the right kind.
fn check_references(model: &Model, shape: &Shape) -> Result<(), Error> {
    let expect = |id: &ShapeId, wanted: &str, ok: fn(&ShapeKind) -> bool| -> Result<(), Error> {
        match model.shape(id) {
            None => Err(shape_error(shape, ErrorKind::MissingTarget(id.to_string()))),
            Some(target) if !ok(&target.kind) => Err(shape_error(
                shape,
                ErrorKind::MalformedAst(format!(
                    "`{id}` is a {}, expected {wanted}",
                    target.kind.describe()
                )),
            )),
            Some(_) => Ok(()),
        }
    };
    let operation = |k: &ShapeKind| matches!(k, ShapeKind::Operation(_));
    let resource = |k: &ShapeKind| matches!(k, ShapeKind::Resource(_));
    let structure = |k: &ShapeKind| matches!(k, ShapeKind::Structure(_));
    match &shape.kind {
        ShapeKind::Service(service) => {
            service
                .operations
                .iter()
                .try_for_each(|id| expect(id, "an operation", operation))?;
            service
                .resources
                .iter()
                .try_for_each(|id| expect(id, "a resource", resource))?;
            service
                .errors
                .iter()
                .try_for_each(|id| expect(id, "a structure", structure))?;
        }
        ShapeKind::Resource(r) => {
            r.operations
                .iter()
                .try_for_each(|id| expect(id, "an operation", operation))?;
            r.resources
                .iter()
                .try_for_each(|id| expect(id, "a resource", resource))?;
        }
        ShapeKind::Operation(op) => {
            expect(&op.input, "a structure", structure)?;
            expect(&op.output, "a structure", structure)?;
            op.errors
                .iter()
                .try_for_each(|id| expect(id, "a structure", structure))?;
        }
        _ => {}
    }
    Ok(())
}

/// Every `{label}` in an operation's `@http` URI needs an `@httpLabel` input
/// member, and every such member needs its label.
fn check_http(model: &Model, shape: &Shape) -> Result<(), Error> {
    let ShapeKind::Operation(operation) = &shape.kind else {
        return Ok(());
    };
    let Some(http) = &shape.known.http else {
        return Ok(());
    };
    let input = &model.shapes[&operation.input];
    let labels: Vec<&str> = http.labels().collect();
    for label in &labels {
        if input.label_member(label, LabelKind::Uri).is_none() {
            return Err(shape_error(
                shape,
                ErrorKind::LabelWithoutMember((*label).to_owned()),
            ));
        }
    }
    for member in input.kind.members() {
        if member.known.http_binding == HttpBinding::Label
            && !labels.contains(&member.name.as_str())
        {
            return Err(member_error(
                input,
                member,
                ErrorKind::MemberWithoutLabel(http.uri.clone()),
            ));
        }
    }
    Ok(())
}

/// Every `{label}` of an `@endpoint` host prefix needs a `@hostLabel` input
/// member, and every such member needs its label.
fn check_endpoint(model: &Model, shape: &Shape) -> Result<(), Error> {
    let ShapeKind::Operation(operation) = &shape.kind else {
        return Ok(());
    };
    let invalid = |trait_id: &str, message: String| {
        shape_error(
            shape,
            ErrorKind::InvalidTrait {
                trait_id: trait_id.into(),
                message,
            },
        )
    };
    let pieces = shape.known.host_prefix.as_deref().unwrap_or_default();
    let labels: Vec<&str> = pieces
        .iter()
        .filter_map(|piece| match piece {
            HostPrefixPiece::Label(label) => Some(label.as_str()),
            HostPrefixPiece::Literal(_) => None,
        })
        .collect();
    let input = &model.shapes[&operation.input];
    for label in &labels {
        let member = input.label_member(label, LabelKind::Host);
        let is_string = member.is_some_and(|(_, m)| {
            matches!(
                model.shape(&m.target).map(|t| &t.kind),
                Some(ShapeKind::Simple(SimpleType::String))
            )
        });
        if !is_string {
            return Err(invalid(
                ids::ENDPOINT,
                format!(
                    "the host label `{{{label}}}` needs a string input member marked @hostLabel"
                ),
            ));
        }
    }
    // A `@hostLabel` member of an operation without `@endpoint` fills
    // nothing: S3 Control's models keep the trait where endpoint rules
    // took the prefix's place.
    let Some(_) = &shape.known.host_prefix else {
        return Ok(());
    };
    for member in input.kind.members() {
        if member.known.host_label && !labels.contains(&member.name.as_str()) {
            return Err(member_error(
                input,
                member,
                ErrorKind::InvalidTrait {
                    trait_id: ids::HOST_LABEL.into(),
                    message: "the operation's @endpoint host prefix has no such label".into(),
                },
            ));
        }
    }
    Ok(())
}
