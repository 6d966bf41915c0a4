//! Lowers a selected service of the model into [`ServiceIr`].

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::*;
use crate::docs;
use crate::error::{Error, ErrorKind, Location};
use crate::model::{
    Bounds, EnumValueTrait, ErrorFault, HostPrefixPiece, HttpTrait, IdlVersion, KnownTraits,
    Member, Model, Shape, ShapeKind, SimpleType, UriSegment,
};
use crate::naming::items::{self as names, Namespace};
use crate::pattern;
use crate::pattern_dialect;
use crate::transform::{boxed_members, operation_errors, Selection};

/// How deeply lists and maps may nest directly in one another; real models
/// use two or three levels, and the bound keeps the recursion shallow.
const MAX_COLLECTION_NESTING: usize = 64;

/// The trait ids named in errors found while lowering.
mod trait_ids {
    pub const DEFAULT: &str = "smithy.api#default";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const PATTERN: &str = "smithy.api#pattern";
}

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
    let mut namespace = Namespace::default();
    let signing_name = signing_name(&service.known);
    for id in &selection.operations {
        let shape = &model.shapes[id];
        let ShapeKind::Operation(op) = &shape.kind else {
            continue;
        };
        let names = namespace.operation(id.name());
        let op_docs = lowerer.docs(&shape.known, || format!("The `{}` operation.", id.name()));
        let type_of = |id: &crate::model::ShapeId| lowerer.names.get(id).cloned();
        let errors: Vec<String> = operation_errors(model, &selection.service, id)
            .iter()
            .filter_map(type_of)
            .collect();
        let input = type_of(&op.input);
        let input_fields = types
            .iter()
            .find_map(|ty| match ty {
                TypeDef::Struct(def) if Some(&def.name) == input.as_ref() => {
                    Some(def.fields.as_slice())
                }
                _ => None,
            })
            .unwrap_or_default();
        operations.push(OperationIr {
            serialize_fn: names.serialize_fn,
            parse_fn: names.parse_fn,
            error_fn: names.error_fn,
            error_enum: names.error_enum,
            error_enum_shared_with: None,
            unhandled_variant: names::unhandled_variant(&errors),
            name: names.name,
            shape_id: id.clone(),
            summary: docs::summary(&op_docs),
            docs: op_docs,
            http: shape
                .known
                .http
                .as_ref()
                .map(|http| http_request(http, input_fields))
                .transpose()
                .map_err(|label| label_error(shape, ErrorKind::LabelWithoutMember(label)))?,
            host_prefix: shape
                .known
                .host_prefix
                .as_ref()
                .map(|pieces| host_prefix(pieces, input_fields))
                .transpose()
                .map_err(|label| {
                    label_error(
                        shape,
                        ErrorKind::InvalidTrait {
                            trait_id: trait_ids::ENDPOINT.into(),
                            message: format!("the host label `{{{label}}}` has no input member"),
                        },
                    )
                })?,
            request_compression: shape.known.compresses_with_gzip(),
            checksum_required: shape.known.http_checksum_required,
            pagination: pagination(
                model,
                &selection.service,
                shape,
                &types,
                input.as_deref(),
                type_of(&op.output).as_deref(),
            ),
            signed: signing_name.is_some() && is_signed(&shape.known),
            endpoint_params: shape.known.static_context_params.clone(),
            context_params: context_params(model, &op.input, input_fields),
            client_method: String::new(),
            client_spec: String::new(),
            input,
            output: type_of(&op.output),
            errors,
            request_tests: Vec::new(),
            response_tests: Vec::new(),
        });
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    assign_client_methods(&mut operations);
    share_error_enums(&mut operations);
    protocol_tests::attach(model, &types, &mut operations)?;
    let error_corrected = error_corrected_types(&types);
    let http_text = http_text_types(&types);
    let written = written_types(&types, &operations);
    Ok(ServiceIr {
        signing_name,
        endpoint: endpoint::lower(service)?,
        types_shadow_prelude: types.iter().any(|ty| names::shadows_prelude(ty.name())),
        written,
        error_corrected,
        http_text,
        module: module.to_owned(),
        shape_id: selection.service.clone(),
        docs: lowerer.docs(&service.known, || {
            format!("The `{}` service.", service.id.name())
        }),
        types,
        operations,
        patterns: lowerer.patterns.into_inner(),
        warnings: lowerer.warnings.into_inner(),
    })
}

/// The index of the field bound to `label`, or the label when the input has
/// no such member (which validation has already reported for real models).
fn field_index(fields: &[Field], label: &str) -> Result<usize, String> {
    fields
        .iter()
        .position(|f| f.member == label)
        .ok_or_else(|| label.to_owned())
}

fn label_error(shape: &Shape, kind: ErrorKind) -> Error {
    Error::new(Location::shape(&shape.file, &shape.id), kind)
}

/// `@http` with its labels resolved to the input's fields.
fn http_request(http: &HttpTrait, fields: &[Field]) -> Result<HttpRequest, String> {
    let path = http
        .path
        .iter()
        .map(|segment| {
            Ok(match segment {
                UriSegment::Literal(text) => PathSegment::Literal(text.clone()),
                UriSegment::Label { name, greedy } => PathSegment::Label {
                    field: field_index(fields, name)?,
                    greedy: *greedy,
                },
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(HttpRequest {
        method: http.method.clone(),
        uri: http.uri.clone(),
        path,
        literal_query: http.query.clone(),
    })
}

/// `@endpoint`'s host prefix, its labels resolved to the input's fields.
fn host_prefix(
    pieces: &[HostPrefixPiece],
    fields: &[Field],
) -> Result<Vec<HostPrefixPart>, String> {
    pieces
        .iter()
        .map(|piece| {
            Ok(match piece {
                HostPrefixPiece::Literal(text) => HostPrefixPart::Literal(text.clone()),
                HostPrefixPiece::Label(label) => HostPrefixPart::Label {
                    field: field_index(fields, label)?,
                },
            })
        })
        .collect()
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

/// The next-page step of a `@paginated` operation whose tokens are
/// strings: an optional top-level input field, and a path of output fields
/// ending in a string. Other forms get no step.
fn pagination(
    model: &Model,
    service: &crate::model::ShapeId,
    operation: &Shape,
    types: &[TypeDef],
    input: Option<&str>,
    output: Option<&str>,
) -> Option<Pagination> {
    let own = operation.known.paginated.as_ref()?;
    let paginated = own.over(model.shapes[service].known.paginated.as_ref());
    let struct_named = |name: &str| {
        types.iter().find_map(|ty| match ty {
            TypeDef::Struct(def) if def.name == name => Some(def),
            _ => None,
        })
    };
    let input_def = struct_named(input?)?;
    let input_field = input_def
        .fields
        .iter()
        .find(|f| Some(&f.member) == paginated.input_token.as_ref())?;
    if input_field.ty != RustType::String || input_field.presence != Presence::Optional {
        return None;
    }
    let output_def = struct_named(output?)?;
    let (output_token, token_ty) = member_path(output_def, &paginated.output_token?, struct_named)?;
    if token_ty != RustType::String {
        return None;
    }
    // Items that are not a list or a map leave the operation with pages only.
    let items = paginated.items.as_deref().and_then(|path| {
        let (path, ty) = member_path(output_def, path, struct_named)?;
        matches!(ty, RustType::List { .. } | RustType::Map { .. }).then_some(PageItems { path, ty })
    });
    Some(Pagination {
        input_token: input_field.name.clone(),
        output_token,
        items,
        pages_method: String::new(),
        items_method: String::new(),
    })
}

/// The fields along a `@paginated` path of member names joined by `.`,
/// from `start`, and the type of the last.
fn member_path<'a>(
    start: &'a StructDef,
    path: &str,
    struct_named: impl Fn(&str) -> Option<&'a StructDef>,
) -> Option<(Vec<TokenStep>, RustType)> {
    let mut current = start;
    let mut steps = Vec::new();
    let mut members = path.split('.').peekable();
    while let Some(member) = members.next() {
        let field = current.fields.iter().find(|f| f.member == member)?;
        steps.push(TokenStep {
            field: field.name.clone(),
            optional: field.presence == Presence::Optional,
            boxed: field.boxed,
        });
        match (&field.ty, members.peek()) {
            (ty, None) => return Some((steps, ty.clone())),
            (RustType::Named(next), Some(_)) => current = struct_named(next)?,
            _ => return None,
        }
    }
    None
}

/// The input members marked `smithy.rules#contextParam` that hold a string
/// or a boolean, the two kinds the rules take from members.
fn context_params(
    model: &Model,
    input: &crate::model::ShapeId,
    fields: &[Field],
) -> Vec<ContextParam> {
    let Some(shape) = model.shapes.get(input) else {
        return Vec::new();
    };
    shape
        .kind
        .members()
        .into_iter()
        .filter_map(|member| {
            let name = member.known.context_param.clone()?;
            let field = fields.iter().find(|f| f.member == member.name)?;
            let boolean = match field.ty {
                RustType::String => false,
                RustType::Bool => true,
                _ => return None,
            };
            Some(ContextParam {
                name,
                field: field.name.clone(),
                boolean,
                optional: field.presence == Presence::Optional,
            })
        })
        .collect()
}

/// The signing name, when the service signs with SigV4: `aws.auth#sigv4`,
/// unless its `@auth` leaves SigV4 out.
fn signing_name(service: &KnownTraits) -> Option<String> {
    let listed = service
        .auth
        .as_ref()
        .is_none_or(|schemes| schemes.iter().any(|s| s == SIGV4));
    service.sigv4_name.clone().filter(|_| listed)
}

/// Whether an operation of a signing service signs its requests.
fn is_signed(operation: &KnownTraits) -> bool {
    !operation.optional_auth
        && operation
            .auth
            .as_ref()
            .is_none_or(|schemes| schemes.iter().any(|s| s == SIGV4))
}

/// The SigV4 auth scheme's id.
const SIGV4: &str = "aws.auth#sigv4";

/// Names every operation's `Client` methods (the operations' own first, so
/// a `_pages` or `_items` suffix never takes an operation's plain name) and
/// the spec each call passes.
fn assign_client_methods(operations: &mut [OperationIr]) {
    let mut namespace = Namespace::client();
    let mut specs: Vec<(bool, Vec<(String, StaticParamValue)>)> = Vec::new();
    for op in operations.iter_mut() {
        op.client_method = namespace.client_method(&op.name, "");
        let index = (!op.endpoint_params.is_empty()).then(|| {
            let key = (op.signed, op.endpoint_params.clone());
            match specs.iter().position(|spec| *spec == key) {
                Some(found) => found + 1,
                None => {
                    specs.push(key);
                    specs.len()
                }
            }
        });
        op.client_spec = names::client_spec(op.signed, index);
    }
    for op in operations.iter_mut() {
        if let Some(pagination) = &mut op.pagination {
            pagination.pages_method = namespace.client_method(&op.name, "_pages");
            if pagination.items.is_some() {
                pagination.items_method = namespace.client_method(&op.name, "_items");
            }
        }
    }
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
    let mut namespace = Namespace::default();
    for ty in types {
        if let TypeDef::Struct(def) = ty {
            def.reader = namespace.reader(&def.name);
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
    let mut namespace = Namespace::default();
    for id in &selection.shapes {
        let shape = &model.shapes[id];
        let is_type = match &shape.kind {
            ShapeKind::Structure(_)
            | ShapeKind::Union(_)
            | ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_) => true,
            ShapeKind::Simple(SimpleType::String) => shape.known.legacy_enum.is_some(),
            _ => false,
        };
        if !is_type {
            continue;
        }
        let model_name = rename.get(id).map_or(id.name(), String::as_str);
        names.insert(id.clone(), namespace.type_name(model_name));
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
        let docs = self.docs(&shape.known, || format!("The `{}` shape.", shape.id.name()));
        let sensitive = shape.known.sensitive;
        Ok(match &shape.kind {
            ShapeKind::Structure(members) => TypeDef::Struct(StructDef {
                name: name.to_owned(),
                builder: names::builder(name),
                shape_id: shape.id.clone(),
                docs,
                fields: self.fields(shape, members)?,
                sensitive,
                error: self.error_info(shape),
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

    fn docs(&self, known: &KnownTraits, fallback: impl FnOnce() -> String) -> Docs {
        match known.documentation.as_deref().map(docs::to_markdown) {
            Some(lines) if !lines.is_empty() => lines,
            _ => vec![fallback()],
        }
    }

    fn member_docs(&self, shape: &Shape, member: &Member) -> Docs {
        let target = &self.model.shapes[&member.target];
        let known = if member.known.documentation.is_some() {
            &member.known
        } else {
            &target.known
        };
        self.docs(known, || {
            format!("The `{}` member of `{}`.", member.name, shape.id.name())
        })
    }

    fn fields(&self, shape: &Shape, members: &[Member]) -> Result<Vec<Field>, Error> {
        let names = names::fields(members.iter().map(|m| m.name.as_str()));
        let mut fields = Vec::new();
        for (member, names) in members.iter().zip(names) {
            let ty = self.rust_type(shape, member)?;
            let target = &self.model.shapes[&member.target];
            fields.push(Field {
                json_name: member
                    .known
                    .json_name
                    .clone()
                    .unwrap_or_else(|| member.name.clone()),
                binding: member.known.http_binding.clone(),
                media_type: target.known.media_type.clone(),
                presence: self.presence(shape, member, &ty)?,
                required: member.known.required,
                checks: self.member_checks(shape, member)?,
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
            });
        }
        Ok(fields)
    }

    /// Smithy's client nullability rules (see the README): members of
    /// `@input` structures, `@clientOptional` members and members whose
    /// default was added later are optional; otherwise a non-null `@default`
    /// or `@required` makes a member always present.
    fn presence(&self, shape: &Shape, member: &Member, ty: &RustType) -> Result<Presence, Error> {
        let forced_optional =
            shape.known.input || member.known.client_optional || member.known.added_default;
        if forced_optional {
            return Ok(Presence::Optional);
        }
        let target = &self.model.shapes[&member.target];
        let default = match (&member.known.default, shape.idl) {
            (Some(value), _) => Some(value),
            (None, IdlVersion::V1) if !member.known.boxed => target.known.default.as_ref(),
            (None, _) => None,
        };
        match default {
            Some(value) if !value.is_null() => Ok(Presence::Default(
                self.default_value(value, ty, target)
                    .map_err(|message| invalid_default(shape, member, message))?,
            )),
            _ if member.known.required => Ok(Presence::Required),
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
        match (ty, member.known.timestamp_format) {
            (RustType::Timestamp(_), Some(format)) => Ok(RustType::Timestamp(Some(format))),
            (ty, _) => Ok(ty),
        }
    }

    /// `@error` with `@httpError` and `@retryable`.
    fn error_info(&self, shape: &Shape) -> Option<ErrorInfo> {
        let known = &shape.known;
        Some(ErrorInfo {
            code: shape.id.name().to_owned(),
            server: known.error? == ErrorFault::Server,
            status: known.http_error,
            retryable: known.retryable.map(|r| r.throttling),
        })
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
                RustType::Timestamp(shape.known.timestamp_format)
            }
            ShapeKind::Simple(simple) => simple_type(*simple),
            ShapeKind::List(item) => RustType::List {
                item: Box::new(self.type_of(&item.target, visiting)?),
                sparse: shape.known.sparse,
            },
            ShapeKind::Map { key, value } => RustType::Map {
                key: Box::new(self.type_of(&key.target, visiting)?),
                value: Box::new(self.type_of(&value.target, visiting)?),
                sparse: shape.known.sparse,
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
        checks.non_empty = member.known.http_binding == HttpBinding::Label;
        Ok(checks)
    }

    /// Constraint traits on the member or, where the member has none of its
    /// own, on its target; then those of list items and map entries.
    fn value_checks(&self, owner: &Shape, member: &Member) -> Result<Checks, Error> {
        let target = &self.model.shapes[&member.target];
        // A member's own constraint overrides its target's.
        let member_location = || Location::member(&owner.file, &owner.id, &member.name);
        let target_location = || Location::shape(&target.file, &target.id);
        let mut checks = Checks {
            unique: target.known.unique_items,
            ..Checks::default()
        };
        let measurable = matches!(
            target.kind,
            ShapeKind::Simple(SimpleType::String | SimpleType::Blob)
                | ShapeKind::Enum(_)
                | ShapeKind::List(_)
                | ShapeKind::Map { .. }
        );
        if measurable {
            checks.length = member
                .known
                .length
                .as_ref()
                .or(target.known.length.as_ref())
                .map(|Bounds { min, max }| (*min, *max));
        }
        checks.range = member
            .known
            .range
            .as_ref()
            .or(target.known.range.as_ref())
            .map(|Bounds { min, max }| (min.clone(), max.clone()));
        // Only strings, string enums among them, can match a pattern; a
        // pattern elsewhere would be registered and never checked.
        let stringy = matches!(
            target.kind,
            ShapeKind::Simple(SimpleType::String) | ShapeKind::Enum(_)
        );
        let pattern = match (&member.known.pattern, &target.known.pattern) {
            (Some(source), _) => Some((source, member_location())),
            (None, Some(source)) => Some((source, target_location())),
            (None, None) => None,
        };
        if let Some((source, location)) = pattern.filter(|_| stringy) {
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
                                    trait_id: trait_ids::PATTERN.into(),
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
        let name = names::pattern_static(patterns.len());
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

    fn enum_variants(&self, shape: &Shape) -> Vec<EnumVariant> {
        let raw: Vec<(&str, EnumValue, Docs, Option<String>)> = match &shape.kind {
            ShapeKind::Enum(members) | ShapeKind::IntEnum(members) => members
                .iter()
                .map(|m| {
                    let value = match &m.known.enum_value {
                        Some(EnumValueTrait::String(s)) => EnumValue::String(s.clone()),
                        Some(EnumValueTrait::Int(i)) => EnumValue::Int(*i),
                        None => EnumValue::String(m.name.clone()),
                    };
                    let docs = self.docs(&m.known, || describe_value(&value));
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
                    let docs = match entry.documentation.as_deref().map(docs::to_markdown) {
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
                        Some(self.rust_type(shape, member)?),
                        self.member_checks(shape, member)?,
                    )
                };
                Ok(UnionVariant {
                    name,
                    member: member.name.clone(),
                    json_name: member
                        .known
                        .json_name
                        .clone()
                        .unwrap_or_else(|| member.name.clone()),
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

fn invalid_default(shape: &Shape, member: &Member, message: String) -> Error {
    Error::new(
        Location::member(&shape.file, &shape.id, &member.name),
        ErrorKind::InvalidTrait {
            trait_id: trait_ids::DEFAULT.into(),
            message,
        },
    )
}
