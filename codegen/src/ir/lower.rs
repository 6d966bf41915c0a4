//! Lowers a selected service of the model into [`ServiceIr`].

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::*;
use crate::docs;
use crate::error::{Error, ErrorKind, Location};
use crate::model::traits::ids;
use crate::model::{HostPrefixPiece, IdlVersion, Member, Model, Shape, ShapeKind, SimpleType};
use crate::naming;
use crate::pattern;
use crate::pattern_dialect;
use crate::transform::{boxed_members, operation_errors, Selection};

/// Names the builder methods take, which members must not shadow.
const RESERVED_MEMBER_NAMES: &[&str] = &["build", "builder", "default", "new"];

/// How deeply lists and maps may nest directly in one another; real models
/// use two or three levels, and the bound keeps the recursion shallow.
const MAX_COLLECTION_NESTING: usize = 64;

/// The catch-all variant every enum and union gets.
const UNKNOWN_VARIANT: &str = "Unknown";

/// What to do with a `@pattern` that is not valid ECMA 262 and has no exact
/// translation from Java's regex dialect either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PatternPolicy {
    /// Leave the pattern unchecked and report a warning naming the shape.
    #[default]
    Warn,
    /// Stop with an error naming the shape.
    Strict,
}

pub fn lower_service(
    model: &Model,
    selection: &Selection,
    module: &str,
    pattern_policy: PatternPolicy,
) -> Result<ServiceIr, Error> {
    let service = &model.shapes[&selection.service];
    let lowerer = Lowerer {
        model,
        names: type_names(model, selection),
        boxed: boxed_members(model, &selection.shapes),
        pattern_policy,
        patterns: RefCell::default(),
        skipped_patterns: RefCell::default(),
        warnings: RefCell::default(),
    };
    let mut types = Vec::new();
    for (id, name) in &lowerer.names {
        types.push(lowerer.type_def(&model.shapes[id], name)?);
    }
    types.sort_by(|a, b| a.name().cmp(b.name()));
    assign_reader_names(&mut types);
    let mut operations = Vec::new();
    let mut taken = BTreeSet::new();
    for id in &selection.operations {
        let shape = &model.shapes[id];
        let ShapeKind::Operation(op) = &shape.kind else {
            continue;
        };
        let name = naming::unique(&naming::type_name(id.name()), "", |n| taken.contains(n));
        taken.insert(name.clone());
        let type_of = |id: &crate::model::ShapeId| lowerer.names.get(id).cloned();
        let errors: Vec<String> = operation_errors(model, &selection.service, id)
            .iter()
            .filter_map(type_of)
            .collect();
        let input = type_of(&op.input);
        let shape_error = |trait_id: &str, message: String| {
            Error::new(
                Location::shape(&shape.file, id),
                ErrorKind::InvalidTrait {
                    trait_id: trait_id.into(),
                    message,
                },
            )
        };
        let stem = naming::snake_case(&name);
        operations.push(OperationIr {
            serialize_fn: format!("serialize_{stem}"),
            parse_fn: format!("parse_{stem}"),
            error_fn: format!("error_{stem}"),
            error_enum: format!("{name}Error"),
            error_enum_shared_with: None,
            unhandled_variant: naming::unique("Unhandled", "", |n| errors.iter().any(|e| e == n)),
            name,
            shape_id: id.clone(),
            docs: lowerer.docs(&shape.traits, || format!("The `{}` operation.", id.name())),
            host_prefix: host_prefix(shape, input.as_deref(), &types)?,
            request_compression: shape
                .traits
                .compresses_with_gzip()
                .map_err(|m| shape_error(ids::REQUEST_COMPRESSION, m))?,
            checksum_required: shape.traits.has(ids::HTTP_CHECKSUM_REQUIRED),
            input,
            output: type_of(&op.output),
            errors,
            http: shape.traits.http().ok().flatten(),
            request_tests: Vec::new(),
            response_tests: Vec::new(),
        });
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    share_error_enums(&mut operations);
    protocol_tests::attach(model, &types, &mut operations)?;
    let error_corrected = error_corrected_types(&types);
    let http_text = http_text_types(&types);
    let written = written_types(&types, &operations);
    Ok(ServiceIr {
        written,
        error_corrected,
        http_text,
        module: module.to_owned(),
        shape_id: selection.service.clone(),
        docs: lowerer.docs(&service.traits, || {
            format!("The `{}` service.", service.id.name())
        }),
        types,
        operations,
        patterns: lowerer.patterns.into_inner(),
        warnings: lowerer.warnings.into_inner(),
    })
}

/// The named types a response reader may have to error-correct: those a
/// required member targets (collections correct to empty, whatever they
/// hold), and error structures.
fn error_corrected_types(types: &[TypeDef]) -> BTreeSet<String> {
    let mut corrected = BTreeSet::new();
    for ty in types {
        if let TypeDef::Struct(def) = ty {
            if def.error.is_some() {
                corrected.insert(def.name.clone());
            }
            for field in &def.fields {
                if let (Presence::Required, RustType::Named(name)) = (&field.presence, &field.ty) {
                    corrected.insert(name.clone());
                }
            }
        }
    }
    corrected
}

/// The types members bound to a URI label, a query string or a header hold,
/// at any depth of their collections: they are written and read as text.
fn http_text_types(types: &[TypeDef]) -> BTreeSet<String> {
    types
        .iter()
        .filter_map(|ty| match ty {
            TypeDef::Struct(def) => Some(&def.fields),
            _ => None,
        })
        .flatten()
        .filter(|field| !matches!(field.binding, HttpBinding::Body | HttpBinding::Payload))
        .filter_map(|field| field.ty.named().map(str::to_owned))
        .collect()
}

/// The operations' inputs, and the types they hold at any depth: what a
/// request is written from, and what `to_json` writes in the documented
/// request syntax.
fn written_types(types: &[TypeDef], operations: &[OperationIr]) -> BTreeSet<String> {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|ty| (ty.name(), ty)).collect();
    let mut pending: Vec<&str> = operations
        .iter()
        .filter_map(|op| op.input.as_deref())
        .collect();
    let mut written = BTreeSet::new();
    while let Some(name) = pending.pop() {
        let Some(def) = by_name.get(name) else {
            continue;
        };
        if !written.insert(name.to_owned()) {
            continue;
        }
        match def {
            TypeDef::Struct(s) => pending.extend(s.fields.iter().filter_map(|f| f.ty.named())),
            TypeDef::Union(u) => {
                pending.extend(u.variants.iter().filter_map(|v| v.ty.as_ref()?.named()))
            }
            TypeDef::Enum(_) => {}
        }
    }
    written
}

/// Operations that list the same errors share one error enum and one error
/// reader: the first by name defines them, and the others' error types are
/// aliases. (Connect's 282 operations have 67 distinct sets.)
fn share_error_enums(operations: &mut [OperationIr]) {
    // The defining operation and its error reader, by sorted error list.
    let mut owners: BTreeMap<Vec<String>, (String, String)> = BTreeMap::new();
    for op in operations {
        let mut errors = op.errors.clone();
        errors.sort();
        match owners.get(&errors) {
            Some((owner, error_fn)) => {
                op.error_enum_shared_with = Some(owner.clone());
                op.error_fn = error_fn.clone();
            }
            None => {
                owners.insert(errors, (op.name.clone(), op.error_fn.clone()));
            }
        }
    }
}

/// Names each structure's response reader (`read_<snake name>`), unique
/// among them; `types` is sorted, so clashes resolve the same way each time.
fn assign_reader_names(types: &mut [TypeDef]) {
    let mut taken = BTreeSet::new();
    for ty in types {
        if let TypeDef::Struct(def) = ty {
            let base = format!("read_{}", naming::snake_case(&def.name));
            def.reader = naming::unique(&base, "_", |n| taken.contains(n));
            taken.insert(def.reader.clone());
        }
    }
}

/// Gives every shape that becomes a Rust type its final, unique name. Shapes
/// are visited in id order, so a clash is always resolved the same way.
fn type_names(model: &Model, selection: &Selection) -> BTreeMap<crate::model::ShapeId, String> {
    let rename = match &model.shapes[&selection.service].kind {
        ShapeKind::Service(s) => s.rename.clone(),
        _ => BTreeMap::new(),
    };
    let mut names = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for id in &selection.shapes {
        let shape = &model.shapes[id];
        let is_type = match &shape.kind {
            ShapeKind::Structure(_)
            | ShapeKind::Union(_)
            | ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_) => true,
            ShapeKind::Simple(SimpleType::String) => shape.traits.has(ids::ENUM),
            _ => false,
        };
        if !is_type {
            continue;
        }
        let model_name = rename.get(id).map_or(id.name(), String::as_str);
        let name = naming::unique(&naming::type_name(model_name), "", |n| taken.contains(n));
        taken.insert(name.clone());
        names.insert(id.clone(), name);
    }
    names
}

struct Lowerer<'a> {
    model: &'a Model,
    names: BTreeMap<crate::model::ShapeId, String>,
    boxed: BTreeSet<(crate::model::ShapeId, String)>,
    pattern_policy: PatternPolicy,
    /// Patterns in order of first use; types are lowered in a fixed order, so
    /// their names are stable.
    patterns: RefCell<Vec<PatternDef>>,
    /// Invalid patterns already reported, so each is reported once.
    skipped_patterns: RefCell<BTreeSet<String>>,
    warnings: RefCell<Vec<String>>,
}

impl Lowerer<'_> {
    fn type_def(&self, shape: &Shape, name: &str) -> Result<TypeDef, Error> {
        let docs = self.docs(&shape.traits, || {
            format!("The `{}` shape.", shape.id.name())
        });
        let sensitive = shape.traits.has(ids::SENSITIVE);
        Ok(match &shape.kind {
            ShapeKind::Structure(members) => TypeDef::Struct(StructDef {
                name: name.to_owned(),
                builder: format!("{name}Builder"),
                shape_id: shape.id.clone(),
                docs,
                fields: self.fields(shape, members)?,
                sensitive,
                error: self.error_info(shape)?,
                reader: String::new(),
            }),
            ShapeKind::Union(members) => TypeDef::Union(UnionDef {
                name: name.to_owned(),
                shape_id: shape.id.clone(),
                docs,
                variants: self.union_variants(shape, members)?,
                sensitive,
            }),
            ShapeKind::Enum(_) | ShapeKind::IntEnum(_) | ShapeKind::Simple(_) => {
                TypeDef::Enum(EnumDef {
                    name: name.to_owned(),
                    shape_id: shape.id.clone(),
                    docs,
                    variants: self.enum_variants(shape),
                    int: matches!(shape.kind, ShapeKind::IntEnum(_)),
                    sensitive,
                })
            }
            _ => unreachable!("type_names only names structures, unions and enums"),
        })
    }

    fn docs(&self, traits: &crate::model::Traits, fallback: impl FnOnce() -> String) -> Docs {
        match traits.documentation().map(docs::to_markdown) {
            Some(lines) if !lines.is_empty() => lines,
            _ => vec![fallback()],
        }
    }

    fn member_docs(&self, shape: &Shape, member: &Member) -> Docs {
        let target = &self.model.shapes[&member.target];
        let traits = if member.traits.documentation().is_some() {
            &member.traits
        } else {
            &target.traits
        };
        self.docs(traits, || {
            format!("The `{}` member of `{}`.", member.name, shape.id.name())
        })
    }

    fn fields(&self, shape: &Shape, members: &[Member]) -> Result<Vec<Field>, Error> {
        let mut names: Vec<String> = Vec::new();
        let mut fields = Vec::new();
        for member in members {
            let mut base = naming::escape_keyword(&naming::snake_case(&member.name));
            if RESERVED_MEMBER_NAMES.contains(&naming::unraw(&base)) {
                base = format!("{}_value", naming::unraw(&base));
            }
            // Builders have a `set_x` method for every `x`, so those must not clash either.
            let taken = |candidate: &str| {
                let bare = naming::unraw(candidate);
                names.iter().any(|n| {
                    let n = naming::unraw(n);
                    n == bare || format!("set_{n}") == bare || format!("set_{bare}") == n
                })
            };
            let name = naming::unique(&base, "_", taken);
            names.push(name.clone());
            let ty = self.rust_type(shape, member)?;
            let target = &self.model.shapes[&member.target];
            fields.push(Field {
                json_name: string_trait(shape, member, ids::JSON_NAME)?
                    .unwrap_or_else(|| member.name.clone()),
                binding: binding(shape, member)?,
                media_type: target
                    .traits
                    .get(ids::MEDIA_TYPE)
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                presence: self.presence(shape, member, &ty)?,
                required: member.traits.has(ids::REQUIRED),
                checks: self.member_checks(shape, member)?,
                setter: format!("set_{}", naming::unraw(&name)),
                default_fn: format!("default_{}", naming::unraw(&name)),
                name,
                member: member.name.clone(),
                docs: self.member_docs(shape, member),
                ty,
                boxed: self.is_boxed(shape, member),
                sensitive: self.sensitive(member),
                deprecated: deprecation(member),
                idempotency_token: member.traits.has(ids::IDEMPOTENCY_TOKEN),
                event_stream: matches!(target.kind, ShapeKind::Union(_))
                    && target.traits.has(ids::STREAMING),
            });
        }
        Ok(fields)
    }

    /// Smithy's client nullability rules (see the README): members of
    /// `@input` structures, `@clientOptional` members and members whose
    /// default was added later are optional; otherwise a non-null `@default`
    /// or `@required` makes a member always present.
    fn presence(&self, shape: &Shape, member: &Member, ty: &RustType) -> Result<Presence, Error> {
        let forced_optional = shape.traits.has(ids::INPUT)
            || member.traits.has(ids::CLIENT_OPTIONAL)
            || member.traits.has(ids::ADDED_DEFAULT);
        if forced_optional {
            return Ok(Presence::Optional);
        }
        let target = &self.model.shapes[&member.target];
        let default = match (member.traits.default_value(), shape.idl) {
            (Some(value), _) => Some(value),
            (None, IdlVersion::V1) if !member.traits.has(ids::BOX) => target.traits.default_value(),
            (None, _) => None,
        };
        match default {
            Some(value) if !value.is_null() => Ok(Presence::Default(
                self.default_value(value, ty, target)
                    .map_err(|message| invalid_default(shape, member, message))?,
            )),
            _ if member.traits.has(ids::REQUIRED) => Ok(Presence::Required),
            _ => Ok(Presence::Optional),
        }
    }

    fn default_value(
        &self,
        value: &Value,
        ty: &RustType,
        target: &Shape,
    ) -> Result<DefaultValue, String> {
        use DefaultValue::*;
        Ok(match (ty, value) {
            (RustType::Bool, Value::Bool(b)) => {
                if *b {
                    Bool(true)
                } else {
                    Zero
                }
            }
            (RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64, Value::Number(n)) => {
                let n = n.as_i64().ok_or("not an integer")?;
                let fits = match ty {
                    RustType::I8 => i8::try_from(n).is_ok(),
                    RustType::I16 => i16::try_from(n).is_ok(),
                    RustType::I32 => i32::try_from(n).is_ok(),
                    _ => true,
                };
                if !fits {
                    return Err(format!("{n} is out of range for the member's type"));
                }
                if n == 0 {
                    Zero
                } else {
                    Int(n)
                }
            }
            (RustType::F32 | RustType::F64, Value::Number(n)) => {
                let f = n.as_f64().ok_or("not a number")?;
                if f == 0.0 {
                    Zero
                } else {
                    Float(f)
                }
            }
            (RustType::String, Value::String(s)) => {
                if s.is_empty() {
                    Zero
                } else {
                    String(s.clone())
                }
            }
            (RustType::Blob, Value::String(s)) => {
                use base64::Engine as _;
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(s)
                    .map_err(|e| format!("blob default is not base64: {e}"))?;
                if bytes.is_empty() {
                    Zero
                } else {
                    Blob(bytes)
                }
            }
            (RustType::Timestamp(_), Value::Number(n)) => {
                EpochSeconds(n.as_f64().ok_or("not a number")?)
            }
            (RustType::Timestamp(_), Value::String(_)) => {
                return Err(
                    "timestamp defaults written as strings are not supported; use epoch seconds"
                        .into(),
                )
            }
            (RustType::BigInteger | RustType::BigDecimal, Value::Number(n)) => {
                if n.as_f64() == Some(0.0) {
                    Zero
                } else {
                    String(n.to_string())
                }
            }
            (RustType::Document, value) => Document(value.to_string()),
            (RustType::List { .. } | RustType::Map { .. }, _) => Zero,
            (RustType::Named(_), value) => {
                let variants = self.enum_variants(target);
                let wanted = match value {
                    Value::String(s) => EnumValue::String(s.clone()),
                    Value::Number(n) => EnumValue::Int(
                        n.as_i64()
                            .and_then(|n| i32::try_from(n).ok())
                            .ok_or("not a 32-bit integer")?,
                    ),
                    _ => return Err("enum defaults must be a value of the enum".into()),
                };
                let variant = variants.iter().find(|v| v.value == wanted);
                EnumVariant(
                    variant
                        .ok_or_else(|| format!("{value} is not a value of the enum"))?
                        .name
                        .clone(),
                )
            }
            _ => return Err(format!("the value {value} does not fit the member's type")),
        })
    }

    /// The member's type; a member's `@timestampFormat` overrides its
    /// target's.
    fn rust_type(&self, shape: &Shape, member: &Member) -> Result<RustType, Error> {
        let mut visiting = Vec::new();
        let ty = self
            .type_of(&member.target, &mut visiting)
            .map_err(|message| {
                Error::new(
                    Location::member(&shape.file, &shape.id, &member.name),
                    ErrorKind::MalformedAst(message),
                )
            })?;
        match (ty, timestamp_format(&member.traits)) {
            (RustType::Timestamp(_), Ok(Some(format))) => Ok(RustType::Timestamp(Some(format))),
            (_, Err(message)) => Err(invalid_trait(shape, member, ids::TIMESTAMP_FORMAT, message)),
            (ty, _) => Ok(ty),
        }
    }

    /// `@error` with `@httpError` and `@retryable`.
    fn error_info(&self, shape: &Shape) -> Result<Option<ErrorInfo>, Error> {
        let Some(kind) = shape.traits.get(ids::ERROR) else {
            return Ok(None);
        };
        let shape_error = |trait_id: &str, message: &str| {
            Error::new(
                Location::shape(&shape.file, &shape.id),
                ErrorKind::InvalidTrait {
                    trait_id: trait_id.into(),
                    message: message.into(),
                },
            )
        };
        let server = match kind.as_str() {
            Some("client") => false,
            Some("server") => true,
            _ => return Err(shape_error(ids::ERROR, "expected \"client\" or \"server\"")),
        };
        let status = match shape.traits.get(ids::HTTP_ERROR) {
            None => None,
            Some(code) => Some(
                code.as_u64()
                    .and_then(|c| u16::try_from(c).ok())
                    .filter(|c| (400..=599).contains(c))
                    .ok_or_else(|| {
                        shape_error(ids::HTTP_ERROR, "expected a status from 400 to 599")
                    })?,
            ),
        };
        let retryable = shape.traits.get(ids::RETRYABLE).map(|value| {
            value
                .get("throttling")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        });
        Ok(Some(ErrorInfo {
            code: shape.id.name().to_owned(),
            server,
            status,
            retryable,
        }))
    }

    fn type_of(
        &self,
        id: &crate::model::ShapeId,
        visiting: &mut Vec<crate::model::ShapeId>,
    ) -> Result<RustType, String> {
        if let Some(name) = self.names.get(id) {
            return Ok(RustType::Named(name.clone()));
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
        let ty = match &shape.kind {
            ShapeKind::Simple(SimpleType::Timestamp) => {
                RustType::Timestamp(timestamp_format(&shape.traits)?)
            }
            ShapeKind::Simple(simple) => simple_type(*simple),
            ShapeKind::List(item) => RustType::List {
                item: Box::new(self.type_of(&item.target, visiting)?),
                sparse: shape.traits.has(ids::SPARSE),
            },
            ShapeKind::Map { key, value } => RustType::Map {
                key: Box::new(self.type_of(&key.target, visiting)?),
                value: Box::new(self.type_of(&value.target, visiting)?),
                sparse: shape.traits.has(ids::SPARSE),
            },
            other => {
                return Err(format!(
                    "`{id}` is a {} and cannot be a value",
                    other.describe()
                ))
            }
        };
        visiting.pop();
        Ok(ty)
    }

    /// The constraints on a member's value. Called after `rust_type`, which
    /// bounds how deeply collections nest.
    fn member_checks(&self, shape: &Shape, member: &Member) -> Result<Checks, Error> {
        let mut checks = self.value_checks(shape, member)?;
        checks.non_empty = member.traits.has(ids::HTTP_LABEL);
        Ok(checks)
    }

    /// Constraint traits on the member or, where the member has none of its
    /// own, on its target; then those of list items and map entries.
    fn value_checks(&self, owner: &Shape, member: &Member) -> Result<Checks, Error> {
        let target = &self.model.shapes[&member.target];
        let trait_of = |id: &str| match member.traits.get(id) {
            Some(value) => Some((
                value,
                Location::member(&owner.file, &owner.id, &member.name),
            )),
            None => target
                .traits
                .get(id)
                .map(|v| (v, Location::shape(&target.file, &target.id))),
        };
        let invalid = |location: Location, trait_id: &str, message: String| {
            Error::new(
                location,
                ErrorKind::InvalidTrait {
                    trait_id: trait_id.into(),
                    message,
                },
            )
        };
        let mut checks = Checks {
            unique: target.traits.has(ids::UNIQUE_ITEMS),
            ..Checks::default()
        };
        let measurable = matches!(
            target.kind,
            ShapeKind::Simple(SimpleType::String | SimpleType::Blob)
                | ShapeKind::Enum(_)
                | ShapeKind::List(_)
                | ShapeKind::Map { .. }
        );
        if let Some((value, location)) = trait_of(ids::LENGTH).filter(|_| measurable) {
            let bound = |key: &str| match value.get(key) {
                None => Ok(None),
                Some(b) => b
                    .as_u64()
                    .map(Some)
                    .ok_or_else(|| format!("`{key}` must be a non-negative integer")),
            };
            let bounds = bound("min").and_then(|min| Ok((min, bound("max")?)));
            checks.length = Some(bounds.map_err(|m| invalid(location, ids::LENGTH, m))?);
        }
        if let Some((value, location)) = trait_of(ids::RANGE) {
            let bound = |key: &str| match value.get(key) {
                None => Ok(None),
                Some(Value::Number(n)) => Ok(Some(number_text(n))),
                Some(_) => Err(format!("`{key}` must be a number")),
            };
            let bounds = bound("min").and_then(|min| Ok((min, bound("max")?)));
            checks.range = Some(bounds.map_err(|m| invalid(location, ids::RANGE, m))?);
        }
        // Only strings, string enums among them, can match a pattern; a
        // pattern elsewhere would be registered and never checked.
        let stringy = matches!(
            target.kind,
            ShapeKind::Simple(SimpleType::String) | ShapeKind::Enum(_)
        );
        if let Some((value, location)) = trait_of(ids::PATTERN).filter(|_| stringy) {
            let source = value.as_str().ok_or_else(|| {
                invalid(location.clone(), ids::PATTERN, "must be a string".into())
            })?;
            checks.pattern = self.pattern(location, source)?;
        }
        match &target.kind {
            ShapeKind::List(item) => {
                checks.items = Some(Box::new(self.value_checks(target, item)?))
            }
            ShapeKind::Map { key, value } => {
                checks.keys = Some(Box::new(self.value_checks(target, key)?));
                checks.values = Some(Box::new(self.value_checks(target, value)?));
            }
            _ => {}
        }
        Ok(checks)
    }

    /// Registers a pattern and names its `static`, compiling it as the
    /// generated code will: with ECMA 262's `u` flag, or failing that without.
    /// A pattern that is not ECMA 262 is translated from Java's dialect where
    /// that gives an exact form (see [`crate::pattern_dialect`]).
    fn pattern(&self, location: Location, source: &str) -> Result<Option<String>, Error> {
        let mut patterns = self.patterns.borrow_mut();
        if let Some(known) = patterns.iter().find(|p| p.source == source) {
            return Ok(Some(known.name.clone()));
        }
        if self.skipped_patterns.borrow().contains(source) {
            return Ok(None);
        }
        let (ecma, unicode) = match ecma_flags(source) {
            Ok(unicode) => (source.to_owned(), unicode),
            Err(e) => {
                let translation = pattern_dialect::java_to_ecma(source)
                    .and_then(|ecma| ecma_flags(&ecma).ok().map(|unicode| (ecma, unicode)));
                match translation {
                    Some(found) => found,
                    None => {
                        let message = format!(
                            "pattern {source:?} is not valid ECMA 262 ({e}), nor Java syntax with an exact ECMA 262 form"
                        );
                        return match self.pattern_policy {
                            PatternPolicy::Strict => Err(Error::new(
                                location,
                                ErrorKind::InvalidTrait {
                                    trait_id: ids::PATTERN.into(),
                                    message,
                                },
                            )),
                            PatternPolicy::Warn => {
                                self.skipped_patterns.borrow_mut().insert(source.to_owned());
                                self.warnings
                                    .borrow_mut()
                                    .push(format!("{location}: {message}; left unchecked"));
                                Ok(None)
                            }
                        };
                    }
                }
            }
        };
        let translated = pattern::fast_path(&ecma, unicode);
        let name = format!("PATTERN_{}", patterns.len());
        patterns.push(PatternDef {
            name: name.clone(),
            source: source.to_owned(),
            ecma,
            unicode,
            translated,
        });
        Ok(Some(name))
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
        if member.traits.has(ids::SENSITIVE) {
            return true;
        }
        while let Some(id) = pending.pop() {
            if !seen.insert(id) {
                continue;
            }
            let shape = &self.model.shapes[id];
            if shape.traits.has(ids::SENSITIVE) {
                return true;
            }
            if let ShapeKind::List(_) | ShapeKind::Map { .. } = shape.kind {
                for m in shape.kind.members() {
                    if m.traits.has(ids::SENSITIVE) {
                        return true;
                    }
                    pending.push(&m.target);
                }
            }
        }
        false
    }

    fn enum_variants(&self, shape: &Shape) -> Vec<EnumVariant> {
        let raw: Vec<(String, EnumValue, Docs, Option<String>)> = match &shape.kind {
            ShapeKind::Enum(members) | ShapeKind::IntEnum(members) => members
                .iter()
                .map(|m| {
                    let value = match m.traits.get(ids::ENUM_VALUE) {
                        Some(Value::String(s)) => EnumValue::String(s.clone()),
                        Some(v) => EnumValue::Int(
                            v.as_i64()
                                .and_then(|v| i32::try_from(v).ok())
                                .unwrap_or_default(),
                        ),
                        None => EnumValue::String(m.name.clone()),
                    };
                    let docs = self.docs(&m.traits, || describe_value(&value));
                    (m.name.clone(), value, docs, deprecation(m))
                })
                .collect(),
            _ => legacy_enum(shape)
                .into_iter()
                .map(|(name, value, doc)| {
                    let value = EnumValue::String(value);
                    let docs = match doc.map(|d| docs::to_markdown(&d)) {
                        Some(lines) if !lines.is_empty() => lines,
                        _ => vec![describe_value(&value)],
                    };
                    (name, value, docs, None)
                })
                .collect(),
        };
        let mut taken: BTreeSet<String> = BTreeSet::from([UNKNOWN_VARIANT.to_owned()]);
        raw.into_iter()
            .map(|(model_name, value, docs, deprecated)| {
                let name = naming::unique(&variant_name(&model_name), "", |n| taken.contains(n));
                taken.insert(name.clone());
                EnumVariant {
                    name,
                    docs,
                    value,
                    deprecated,
                }
            })
            .collect()
    }

    fn union_variants(
        &self,
        shape: &Shape,
        members: &[Member],
    ) -> Result<Vec<UnionVariant>, Error> {
        let mut taken: BTreeSet<String> = BTreeSet::from([UNKNOWN_VARIANT.to_owned()]);
        members
            .iter()
            .map(|member| {
                let name = naming::unique(&variant_name(&member.name), "", |n| taken.contains(n));
                taken.insert(name.clone());
                let (ty, checks) = if member.target.as_str() == crate::model::UNIT {
                    (None, Checks::default())
                } else {
                    (
                        Some(self.rust_type(shape, member)?),
                        self.member_checks(shape, member)?,
                    )
                };
                Ok(UnionVariant {
                    name,
                    member: member.name.clone(),
                    json_name: string_trait(shape, member, ids::JSON_NAME)?
                        .unwrap_or_else(|| member.name.clone()),
                    docs: self.member_docs(shape, member),
                    ty,
                    checks,
                    boxed: self.is_boxed(shape, member),
                    sensitive: self.sensitive(member),
                    deprecated: deprecation(member),
                })
            })
            .collect()
    }
}

/// Whether `source` compiles as ECMA 262 with the `u` flag (`true`) or only
/// without it (`false`), or why it does not compile.
fn ecma_flags(source: &str) -> Result<bool, String> {
    match regress::Regex::with_flags(source, "u") {
        Ok(_) => Ok(true),
        Err(_) => regress::Regex::new(source)
            .map(|_| false)
            .map_err(|e| e.to_string()),
    }
}

/// A variant name; a model member named like the catch-all variant becomes
/// `UnknownValue`.
fn variant_name(model_name: &str) -> String {
    match naming::type_name(model_name) {
        name if name == UNKNOWN_VARIANT => format!("{UNKNOWN_VARIANT}Value"),
        name => name,
    }
}

/// A JSON number as the model wrote it, as far as serde_json kept it: a
/// whole number too large for 64 bits arrives as `f64`, and is written
/// without the `.0` that would make it unreadable as a big integer.
fn number_text(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if !n.is_i64() && !n.is_u64() && f.fract() == 0.0 && f.abs() < 1e300 => {
            format!("{f:.0}")
        }
        _ => n.to_string(),
    }
}

fn simple_type(simple: SimpleType) -> RustType {
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
        SimpleType::Timestamp => RustType::Timestamp(None),
        SimpleType::Document => RustType::Document,
    }
}

/// Entries of a Smithy 1.0 `@enum` trait: (variant name, value, documentation).
fn legacy_enum(shape: &Shape) -> Vec<(String, String, Option<String>)> {
    let Some(Value::Array(entries)) = shape.traits.get(ids::ENUM) else {
        return vec![];
    };
    entries
        .iter()
        .filter_map(|entry| {
            let value = entry.get("value")?.as_str()?.to_owned();
            let name = entry
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(&value)
                .to_owned();
            let doc = entry
                .get("documentation")
                .and_then(Value::as_str)
                .map(str::to_owned);
            Some((name, value, doc))
        })
        .collect()
}

fn describe_value(value: &EnumValue) -> String {
    match value {
        EnumValue::String(s) => format!("The value `{}`.", s.replace('`', "'")),
        EnumValue::Int(i) => format!("The value `{i}`."),
    }
}

fn deprecation(member: &Member) -> Option<String> {
    let value = member.traits.get(ids::DEPRECATED)?;
    let message = value.get("message").and_then(Value::as_str);
    let since = value.get("since").and_then(Value::as_str);
    Some(match (message, since) {
        (Some(m), Some(s)) => format!("{m} (since {s})"),
        (Some(m), None) => m.to_owned(),
        (None, Some(s)) => format!("Deprecated since {s}."),
        (None, None) => "Deprecated in the model.".to_owned(),
    })
}

fn invalid_default(shape: &Shape, member: &Member, message: String) -> Error {
    Error::new(
        Location::member(&shape.file, &shape.id, &member.name),
        ErrorKind::InvalidTrait {
            trait_id: ids::DEFAULT.into(),
            message,
        },
    )
}

/// `@timestampFormat`, if applied.
fn timestamp_format(traits: &crate::model::Traits) -> Result<Option<TimestampFormat>, String> {
    let Some(value) = traits.get(ids::TIMESTAMP_FORMAT) else {
        return Ok(None);
    };
    match value.as_str() {
        Some("epoch-seconds") => Ok(Some(TimestampFormat::EpochSeconds)),
        Some("date-time") => Ok(Some(TimestampFormat::DateTime)),
        Some("http-date") => Ok(Some(TimestampFormat::HttpDate)),
        _ => Err(format!(
            "`{value}` is not \"epoch-seconds\", \"date-time\" or \"http-date\""
        )),
    }
}

/// A string-valued member trait such as `@jsonName`.
fn string_trait(shape: &Shape, member: &Member, trait_id: &str) -> Result<Option<String>, Error> {
    match member.traits.get(trait_id) {
        None => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(_) => Err(invalid_trait(
            shape,
            member,
            trait_id,
            "expected a string".into(),
        )),
    }
}

/// The HTTP binding trait of a member; a member has at most one.
fn binding(shape: &Shape, member: &Member) -> Result<HttpBinding, Error> {
    let traits = &member.traits;
    let mut found = Vec::new();
    if traits.has(ids::HTTP_LABEL) {
        found.push(HttpBinding::Label);
    }
    if let Some(name) = string_trait(shape, member, ids::HTTP_QUERY)? {
        found.push(HttpBinding::Query(name));
    }
    if traits.has(ids::HTTP_QUERY_PARAMS) {
        found.push(HttpBinding::QueryParams);
    }
    if let Some(name) = string_trait(shape, member, ids::HTTP_HEADER)? {
        found.push(HttpBinding::Header(name));
    }
    if let Some(prefix) = string_trait(shape, member, ids::HTTP_PREFIX_HEADERS)? {
        found.push(HttpBinding::PrefixHeaders(prefix));
    }
    if traits.has(ids::HTTP_PAYLOAD) {
        found.push(HttpBinding::Payload);
    }
    if traits.has(ids::HTTP_RESPONSE_CODE) {
        found.push(HttpBinding::ResponseCode);
    }
    match found.len() {
        0 => Ok(HttpBinding::Body),
        1 => Ok(found.remove(0)),
        _ => Err(invalid_trait(
            shape,
            member,
            ids::HTTP_LABEL,
            format!(
                "a member takes one HTTP binding, not {}: {found:?}",
                found.len()
            ),
        )),
    }
}

/// `@endpoint`'s host prefix, its labels resolved to the input's fields.
/// The model check has made sure every label names a `@hostLabel` member.
fn host_prefix(
    shape: &Shape,
    input: Option<&str>,
    types: &[TypeDef],
) -> Result<Option<Vec<HostPrefixPart>>, Error> {
    let pieces = shape.traits.host_prefix().map_err(|message| {
        Error::new(
            Location::shape(&shape.file, &shape.id),
            ErrorKind::InvalidTrait {
                trait_id: ids::ENDPOINT.into(),
                message,
            },
        )
    })?;
    let Some(pieces) = pieces else {
        return Ok(None);
    };
    let fields = types.iter().find_map(|ty| match ty {
        TypeDef::Struct(def) if Some(def.name.as_str()) == input => Some(&def.fields),
        _ => None,
    });
    pieces
        .into_iter()
        .map(|piece| match piece {
            HostPrefixPiece::Literal(text) => Ok(HostPrefixPart::Literal(text)),
            HostPrefixPiece::Label(label) => fields
                .and_then(|fields| fields.iter().find(|f| f.member == label))
                .map(|field| HostPrefixPart::Label {
                    field: field.name.clone(),
                    member: label.clone(),
                })
                .ok_or_else(|| {
                    Error::new(
                        Location::shape(&shape.file, &shape.id),
                        ErrorKind::InvalidTrait {
                            trait_id: ids::ENDPOINT.into(),
                            message: format!("the host label `{{{label}}}` has no input member"),
                        },
                    )
                }),
        })
        .collect::<Result<_, _>>()
        .map(Some)
}

fn invalid_trait(shape: &Shape, member: &Member, trait_id: &str, message: String) -> Error {
    Error::new(
        Location::member(&shape.file, &shape.id, &member.name),
        ErrorKind::InvalidTrait {
            trait_id: trait_id.into(),
            message,
        },
    )
}
