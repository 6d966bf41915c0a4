//! The generated types: a structure, union or enum for each named shape,
//! with the Rust type, presence, checks and protocol decisions of every
//! member.

use std::collections::BTreeSet;

use super::checks::{member_checks, Patterns};
use super::names::TypePlan;
use crate::docs as doc_text;
use crate::error::{Error, ErrorKind, Location};
use crate::ir::{
    Checks, Docs, EnumDef, EnumValue, EnumVariant, ErrorInfo, Field, HttpBinding, Presence,
    Protocol, RustType, StructDef, TimestampFormat, TypeDef, TypeId, UnionDef, UnionVariant,
};
use crate::model::{
    EnumValueTrait, ErrorFault, KnownTraits, Member, Model, Shape, ShapeId, ShapeKind, SimpleType,
};
use crate::naming::items as names;

/// How deeply lists and maps may nest directly in one another; real models
/// use two or three levels, and the bound keeps the recursion shallow.
const MAX_COLLECTION_NESTING: usize = 64;

/// What lowering the types of one service reads.
pub(super) struct Types<'a> {
    pub(super) model: &'a Model,
    /// The service shape, whose traits some members' placement inherits.
    pub(super) service: &'a Shape,
    /// The outputs whose one member is the response's root element.
    pub(super) unwrapped_outputs: BTreeSet<ShapeId>,
    pub(super) plan: &'a TypePlan,
    pub(super) boxed: BTreeSet<(ShapeId, String)>,
    pub(super) protocol: Protocol,
    /// Whether error responses may name errors by their awsQuery codes.
    pub(super) query_compatible: bool,
    pub(super) patterns: &'a Patterns,
}

impl Types<'_> {
    /// Every planned type, in [`TypeId`] order. They are lowered in shape
    /// id order, which numbers the patterns they meet.
    pub(super) fn lower_all(&self) -> Result<Vec<TypeDef>, Error> {
        let mut by_shape: Vec<(&ShapeId, TypeId)> = self
            .plan
            .shapes
            .iter()
            .enumerate()
            .map(|(index, id)| (id, TypeId(index)))
            .collect();
        by_shape.sort();
        let mut types = by_shape
            .into_iter()
            .map(|(shape, id)| self.type_def(id, &self.model.shapes[shape]))
            .collect::<Result<Vec<_>, Error>>()?;
        types.sort_by_key(TypeDef::id);
        Ok(types)
    }

    fn type_def(&self, id: TypeId, shape: &Shape) -> Result<TypeDef, Error> {
        let name = self
            .plan
            .get(&shape.id)
            .map_or("", |named| named.name.as_str());
        let docs = docs(&shape.known, || format!("The `{}` shape.", shape.id.name()));
        let sensitive = shape.known.sensitive;
        Ok(match &shape.kind {
            ShapeKind::Structure(members) => {
                let fields = self.fields(shape, members)?;
                let builds_itself = fields
                    .iter()
                    .all(|f| f.presence == Presence::Optional && !f.boxed);
                TypeDef::Struct(StructDef {
                    id,
                    name: name.to_owned(),
                    builder: names::builder(name),
                    shape_id: shape.id.clone(),
                    docs,
                    fields,
                    sensitive,
                    error: error_info(shape, self.protocol, self.query_compatible),
                    reader: self.plan.readers.get(&id).cloned().unwrap_or_default(),
                    builds_itself,
                    xml_root: self.protocol.xml_root(self.service, shape),
                    xml_unwrapped: self.unwrapped_outputs.contains(&shape.id),
                })
            }
            ShapeKind::Union(members) => TypeDef::Union(UnionDef {
                id,
                name: name.to_owned(),
                shape_id: shape.id.clone(),
                docs,
                variants: self.union_variants(shape, members)?,
                sensitive,
            }),
            _ => TypeDef::Enum(EnumDef {
                id,
                name: name.to_owned(),
                shape_id: shape.id.clone(),
                docs,
                variants: self.enum_variants(shape),
                int: matches!(shape.kind, ShapeKind::IntEnum(_)),
                sensitive,
            }),
        })
    }

    fn member_docs(&self, shape: &Shape, member: &Member) -> Docs {
        let target = &self.model.shapes[&member.target];
        let known = if member.known.documentation.is_some() {
            &member.known
        } else {
            &target.known
        };
        docs(known, || {
            format!("The `{}` member of `{}`.", member.name, shape.id.name())
        })
    }

    fn fields(&self, shape: &Shape, members: &[Member]) -> Result<Vec<Field>, Error> {
        let names = names::fields(members.iter().map(|m| m.name.as_str()));
        let mut fields = Vec::new();
        for (member, names) in members.iter().zip(names) {
            let (ty, explicit) = self.rust_type(shape, member)?;
            let target = &self.model.shapes[&member.target];
            let binding = self.protocol.binding(member);
            // A streamed payload need not be in memory; a streaming blob
            // anywhere else (no protocol of these binds one) stays bytes.
            let ty = match ty {
                RustType::Blob if target.known.streaming && binding == HttpBinding::Payload => {
                    RustType::ByteStream
                }
                ty => ty,
            };
            let checks = member_checks(self.model, self.patterns, shape, member, &binding)?;
            fields.push(Field {
                json_name: self.protocol.json_name(member),
                bound_timestamp_format: self.protocol.bound_format(explicit, &binding),
                binding,
                target: member.target.clone(),
                media_type: target.known.media_type.clone(),
                presence: self.presence(shape, member, &ty)?,
                required: member.known.required,
                checks,
                setter: names.setter,
                default_fn: names.default_fn,
                name: names.field,
                member: member.name.clone(),
                docs: self.member_docs(shape, member),
                ty,
                boxed: self.is_boxed(shape, member),
                sensitive: self.sensitive(member),
                deprecated: deprecation(&member.known),
                idempotency_token: member.known.idempotency_token,
                event_stream: matches!(target.kind, ShapeKind::Union(_)) && target.known.streaming,
                xml: self.protocol.xml_member(
                    self.model,
                    self.service,
                    member,
                    shape.known.error.is_some(),
                ),
            });
        }
        Ok(fields)
    }

    /// The member's type, with the timestamp format the model names for
    /// the timestamps it holds, if any: a member's `@timestampFormat`
    /// overrides its target's.
    fn rust_type(
        &self,
        shape: &Shape,
        member: &Member,
    ) -> Result<(RustType, Option<TimestampFormat>), Error> {
        let mut visiting = Vec::new();
        let (ty, explicit) = self
            .type_of(&member.target, &mut visiting)
            .map_err(|message| {
                Error::new(
                    Location::member(&shape.file, &shape.id, &member.name),
                    ErrorKind::MalformedAst(message),
                )
            })?;
        match (ty, member.known.timestamp_format) {
            (RustType::Timestamp(_), Some(format)) => {
                Ok((RustType::Timestamp(format), Some(format)))
            }
            (ty, _) => Ok((ty, explicit)),
        }
    }

    /// The Rust type of a target shape, with the format its timestamps
    /// name, if any.
    fn type_of(
        &self,
        id: &ShapeId,
        visiting: &mut Vec<ShapeId>,
    ) -> Result<(RustType, Option<TimestampFormat>), String> {
        if let Some(named) = self.plan.get(id) {
            return Ok((RustType::Named(named.clone()), None));
        }
        if visiting.contains(id) {
            return Err(format!(
                "`{id}` contains itself with no structure or union in between"
            ));
        }
        if visiting.len() >= MAX_COLLECTION_NESTING {
            return Err(format!(
                "lists and maps nest more than {MAX_COLLECTION_NESTING} deep"
            ));
        }
        let shape = &self.model.shapes[id];
        visiting.push(id.clone());
        let typed = match &shape.kind {
            ShapeKind::Simple(simple) => {
                let explicit = shape.known.timestamp_format;
                let format = self.protocol.document_format(explicit);
                (simple_type(*simple, format), explicit)
            }
            ShapeKind::List(item) => {
                let (item, explicit) = self.type_of(&item.target, visiting)?;
                let sparse = shape.known.sparse;
                (
                    RustType::List {
                        item: Box::new(item),
                        sparse,
                    },
                    explicit,
                )
            }
            ShapeKind::Map { key, value } => {
                let (key, _) = self.type_of(&key.target, visiting)?;
                let (value, explicit) = self.type_of(&value.target, visiting)?;
                let map = RustType::Map {
                    key: Box::new(key),
                    value: Box::new(value),
                    sparse: shape.known.sparse,
                };
                (map, explicit)
            }
            other => {
                return Err(format!(
                    "`{id}` is a {} and cannot be a value",
                    other.describe()
                ))
            }
        };
        visiting.pop();
        Ok(typed)
    }

    /// Whether the member closes a recursion cycle and is held in a `Box`.
    fn is_boxed(&self, shape: &Shape, member: &Member) -> bool {
        self.boxed
            .contains(&(shape.id.clone(), member.name.clone()))
    }

    /// A member is sensitive when it, its target, or the items of a
    /// collection it holds are marked `@sensitive`.
    fn sensitive(&self, member: &Member) -> bool {
        let mut pending = vec![&member.target];
        let mut seen = BTreeSet::new();
        if member.known.sensitive {
            return true;
        }
        while let Some(id) = pending.pop() {
            if !seen.insert(id) {
                continue;
            }
            let shape = &self.model.shapes[id];
            if shape.known.sensitive {
                return true;
            }
            if let ShapeKind::List(_) | ShapeKind::Map { .. } = shape.kind {
                for m in shape.kind.members() {
                    if m.known.sensitive {
                        return true;
                    }
                    pending.push(&m.target);
                }
            }
        }
        false
    }

    pub(super) fn enum_variants(&self, shape: &Shape) -> Vec<EnumVariant> {
        let raw: Vec<(&str, EnumValue, Docs, Option<String>)> = match &shape.kind {
            ShapeKind::Enum(members) | ShapeKind::IntEnum(members) => members
                .iter()
                .map(|m| {
                    let value = match &m.known.enum_value {
                        Some(EnumValueTrait::String(s)) => EnumValue::String(s.clone()),
                        Some(EnumValueTrait::Int(i)) => EnumValue::Int(*i),
                        None => EnumValue::String(m.name.clone()),
                    };
                    let docs = docs(&m.known, || describe_value(&value));
                    (m.name.as_str(), value, docs, deprecation(&m.known))
                })
                .collect(),
            _ => shape
                .known
                .legacy_enum
                .iter()
                .flatten()
                .map(|entry| {
                    let value = EnumValue::String(entry.value.clone());
                    let docs = match entry.documentation.as_deref().map(doc_text::to_markdown) {
                        Some(lines) if !lines.is_empty() => lines,
                        _ => vec![describe_value(&value)],
                    };
                    let name = entry.name.as_deref().unwrap_or(&entry.value);
                    (name, value, docs, None)
                })
                .collect(),
        };
        let names = names::variants(raw.iter().map(|(name, ..)| *name));
        raw.into_iter()
            .zip(names)
            .map(|((member, value, docs, deprecated), name)| EnumVariant {
                name,
                member: member.to_owned(),
                docs,
                value,
                deprecated,
            })
            .collect()
    }

    fn union_variants(
        &self,
        shape: &Shape,
        members: &[Member],
    ) -> Result<Vec<UnionVariant>, Error> {
        let names = names::variants(members.iter().map(|m| m.name.as_str()));
        members
            .iter()
            .zip(names)
            .map(|(member, name)| {
                let (ty, checks) = if member.target.as_str() == crate::model::UNIT {
                    (None, Checks::default())
                } else {
                    (
                        Some(self.rust_type(shape, member)?.0),
                        member_checks(
                            self.model,
                            self.patterns,
                            shape,
                            member,
                            &HttpBinding::Body,
                        )?,
                    )
                };
                Ok(UnionVariant {
                    name,
                    member: member.name.clone(),
                    json_name: self.protocol.json_name(member),
                    xml: self
                        .protocol
                        .xml_member(self.model, self.service, member, false),
                    docs: self.member_docs(shape, member),
                    ty,
                    checks,
                    boxed: self.is_boxed(shape, member),
                    sensitive: self.sensitive(member),
                    deprecated: deprecation(&member.known),
                })
            })
            .collect()
    }
}

/// A shape's documentation as Markdown lines, or `fallback` when it has
/// none.
pub(super) fn docs(known: &KnownTraits, fallback: impl FnOnce() -> String) -> Docs {
    match known.documentation.as_deref().map(doc_text::to_markdown) {
        Some(lines) if !lines.is_empty() => lines,
        _ => vec![fallback()],
    }
}

/// `@error` with `@httpError` and `@retryable`, and the awsQuery code of
/// an error of a query-compatible service where it is not the name. The
/// query protocols know an error by its awsQuery code alone.
fn error_info(shape: &Shape, protocol: Protocol, query_compatible: bool) -> Option<ErrorInfo> {
    let known = &shape.known;
    let code = match &known.query_error_code {
        Some(code) if protocol.names_errors_by_query_code() => code.clone(),
        _ => shape.id.name().to_owned(),
    };
    Some(ErrorInfo {
        code,
        server: known.error? == ErrorFault::Server,
        status: known.http_error,
        retryable: known.retryable.map(|r| r.throttling),
        query_code: known
            .query_error_code
            .clone()
            .filter(|code| query_compatible && code != shape.id.name()),
    })
}

/// The Rust type of a simple shape; `timestamp` is the document format of
/// a timestamp.
fn simple_type(simple: SimpleType, timestamp: TimestampFormat) -> RustType {
    match simple {
        SimpleType::Blob => RustType::Blob,
        SimpleType::Boolean => RustType::Bool,
        SimpleType::String => RustType::String,
        SimpleType::Byte => RustType::I8,
        SimpleType::Short => RustType::I16,
        SimpleType::Integer => RustType::I32,
        SimpleType::Long => RustType::I64,
        SimpleType::Float => RustType::F32,
        SimpleType::Double => RustType::F64,
        SimpleType::BigInteger => RustType::BigInteger,
        SimpleType::BigDecimal => RustType::BigDecimal,
        SimpleType::Document => RustType::Document,
        SimpleType::Timestamp => RustType::Timestamp(timestamp),
    }
}

fn describe_value(value: &EnumValue) -> String {
    match value {
        EnumValue::String(s) => format!("The value `{}`.", s.replace('`', "'")),
        EnumValue::Int(i) => format!("The value `{i}`."),
    }
}

fn deprecation(known: &KnownTraits) -> Option<String> {
    let deprecated = known.deprecated.as_ref()?;
    Some(match (&deprecated.message, &deprecated.since) {
        (Some(m), Some(s)) => format!("{m} (since {s})"),
        (Some(m), None) => m.clone(),
        (None, Some(s)) => format!("Deprecated since {s}."),
        (None, None) => "Deprecated in the model.".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::{test_service, PatternPolicy};
    use crate::ir::{HttpBinding, RustType, TimestampFormat, TypeDef};
    use serde_json::json;

    /// Timestamps take the document format unless the member or its
    /// target names one; where a binding puts them, the binding's default.
    #[test]
    fn timestamp_formats_are_decided_for_documents_and_bindings() {
        let service = test_service(
            &["Put"],
            json!({
                "test#Put": {"type": "operation", "input": {"target": "test#In"},
                    "traits": {"smithy.api#http": {"method": "PUT", "uri": "/x"}}},
                "test#In": {"type": "structure", "members": {
                    "Plain": {"target": "smithy.api#Timestamp"},
                    "Header": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#httpHeader": "X-At"}},
                    "Named": {"target": "smithy.api#Timestamp", "traits": {
                        "smithy.api#httpHeader": "X-Named", "smithy.api#timestampFormat": "epoch-seconds"}},
                    "Dates": {"target": "test#Dates", "traits": {"smithy.api#httpQuery": "d"}}}},
                "test#Dates": {"type": "list", "member": {"target": "test#Date"}},
                "test#Date": {"type": "timestamp", "traits": {"smithy.api#timestampFormat": "date-time"}}
            }),
            PatternPolicy::Strict,
        )
        .unwrap();
        let TypeDef::Struct(input) = &service.types[0] else {
            panic!("In is the only type");
        };
        let formats: Vec<(&str, RustType, TimestampFormat)> = input
            .fields
            .iter()
            .map(|f| (f.member.as_str(), f.ty.clone(), f.bound_timestamp_format))
            .collect();
        let epoch = RustType::Timestamp(TimestampFormat::EpochSeconds);
        let date_list = RustType::List {
            item: Box::new(RustType::Timestamp(TimestampFormat::DateTime)),
            sparse: false,
        };
        assert_eq!(
            formats,
            [
                ("Plain", epoch.clone(), TimestampFormat::EpochSeconds),
                ("Header", epoch.clone(), TimestampFormat::HttpDate),
                ("Named", epoch, TimestampFormat::EpochSeconds),
                ("Dates", date_list, TimestampFormat::DateTime),
            ]
        );
        assert_eq!(input.fields[1].binding, HttpBinding::Header("X-At".into()));
        assert_eq!(input.fields[0].target.as_str(), "smithy.api#Timestamp");
    }
}
