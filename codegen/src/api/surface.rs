//! The API surface of one generated service module: every name, type,
//! binding and constraint a caller's code or the wire depends on, keyed by
//! shape id and member name so that a renamed Rust item is seen as renamed
//! rather than removed and added. Documentation is left out on purpose.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::ir::{
    Checks, DefaultValue, EnumValue, Field, HostPrefixPart, HttpBinding, OperationIr, Presence,
    RustType, ServiceIr, TimestampFormat, TypeDef, TypeId,
};

/// One service module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceSurface {
    pub id: String,
    pub module: String,
    /// The service's own errors, which every operation can return.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    pub operations: BTreeMap<String, OperationSurface>,
    pub types: BTreeMap<String, TypeSurface>,
}

/// An operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationSurface {
    /// The Rust name its functions and error type derive from.
    pub name: String,
    pub error_enum: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// The errors the operation lists itself, service errors aside.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpSurface>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub request_compression: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub checksum_required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paginated: Option<PaginatedSurface>,
}

/// An operation's `@http` trait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpSurface {
    pub method: String,
    pub uri: String,
    pub code: u16,
}

/// An operation's `@paginated` trait, the service's defaults applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaginatedSurface {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<String>,
}

/// A generated type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeSurface {
    Struct(StructSurface),
    Enum(EnumSurface),
    Union(UnionSurface),
}

impl TypeSurface {
    pub fn name(&self) -> &str {
        match self {
            Self::Struct(s) => &s.name,
            Self::Enum(e) => &e.name,
            Self::Union(u) => &u.name,
        }
    }

    /// What the generated code makes of the shape, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::Struct(_) => "struct",
            Self::Enum(e) if e.int => "int enum",
            Self::Enum(_) => "enum",
            Self::Union(_) => "union enum",
        }
    }

    pub fn sensitive(&self) -> bool {
        match self {
            Self::Struct(s) => s.sensitive,
            Self::Enum(e) => e.sensitive,
            Self::Union(u) => u.sensitive,
        }
    }
}

/// Which side of the wire a type travels on, which decides what a change
/// to it means: callers build inputs, and read outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Input,
    Output,
    Both,
}

impl Direction {
    /// Whether callers build values of it that requests carry.
    pub fn sent(self) -> bool {
        matches!(self, Self::Input | Self::Both)
    }
}

/// A structure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StructSurface {
    pub name: String,
    pub builder: String,
    pub direction: Direction,
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorSurface>,
    pub fields: Vec<FieldSurface>,
}

/// What `@error`, `@httpError` and `@retryable` say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorSurface {
    pub fault: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `None`: not retryable; `Some(true)`: retryable as throttling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retryable: Option<bool>,
}

/// A structure member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSurface {
    pub member: String,
    /// The Rust field name.
    pub name: String,
    pub target: String,
    pub ty: TypeRef,
    /// The field's Rust type as its structure declares it, as the
    /// emitters spell it.
    pub rust: String,
    pub presence: PresenceSurface,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// The JSON key, where the member is in a body.
    pub json_name: String,
    /// The XML element (or attribute), and the form key where it differs,
    /// for the protocols of XML documents and forms.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub xml_name: String,
    /// Where the member goes in an HTTP message, when its structure is an
    /// operation's input, output or error.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub binding: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    #[serde(default, skip_serializing_if = "ChecksSurface::is_empty")]
    pub checks: ChecksSurface,
    #[serde(default, skip_serializing_if = "is_false")]
    pub boxed: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub idempotency_token: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
}

/// How a field's value is held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PresenceSurface {
    /// `Option<T>`.
    Optional,
    /// `T`, which `build()` requires.
    Required,
    /// `T`, with this default (as Rust would write it).
    Default(String),
}

/// A field's or variant's Rust type, generated types named by shape id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeRef {
    /// A type that needs no model name: `String`, `i32`, `Blob`...
    Plain(String),
    /// A timestamp, with the wire format its member or shape asks for.
    Timestamp(Option<String>),
    /// A generated type, by shape id.
    Named(String),
    List {
        item: Box<TypeRef>,
        #[serde(default, skip_serializing_if = "is_false")]
        sparse: bool,
    },
    Map {
        key: Box<TypeRef>,
        value: Box<TypeRef>,
        #[serde(default, skip_serializing_if = "is_false")]
        sparse: bool,
    },
}

impl TypeRef {
    /// The same type without timestamp formats, which change the wire but
    /// not the Rust type.
    pub fn rust_only(&self) -> TypeRef {
        match self {
            Self::Timestamp(_) => Self::Timestamp(None),
            Self::List { item, sparse } => Self::List {
                item: Box::new(item.rust_only()),
                sparse: *sparse,
            },
            Self::Map { key, value, sparse } => Self::Map {
                key: Box::new(key.rust_only()),
                value: Box::new(value.rust_only()),
                sparse: *sparse,
            },
            other => other.clone(),
        }
    }

    /// Whether a generated type is in it, whose own changes are reported
    /// on that type.
    pub fn holds_named(&self) -> bool {
        match self {
            Self::Named(_) => true,
            Self::List { item, .. } => item.holds_named(),
            Self::Map { key, value, .. } => key.holds_named() || value.holds_named(),
            Self::Plain(_) | Self::Timestamp(_) => false,
        }
    }

    /// The timestamp formats in the type, outermost first.
    pub fn timestamp_formats(&self) -> Vec<Option<String>> {
        match self {
            Self::Timestamp(format) => vec![format.clone()],
            Self::List { item, .. } => item.timestamp_formats(),
            Self::Map { key, value, .. } => {
                let mut formats = key.timestamp_formats();
                formats.extend(value.timestamp_formats());
                formats
            }
            Self::Plain(_) | Self::Named(_) => Vec::new(),
        }
    }
}

/// The constraint traits checked on a value, and on the values inside it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ChecksSurface {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<(Option<u64>, Option<u64>)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<(Option<String>, Option<String>)>,
    /// The pattern as the model writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<ChecksSurface>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<Box<ChecksSurface>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Box<ChecksSurface>>,
}

impl ChecksSurface {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// The checks on the value itself, without those on its items, keys
    /// and values.
    pub fn outer(&self) -> Self {
        Self {
            items: None,
            keys: None,
            values: None,
            ..self.clone()
        }
    }
}

/// A string enum or intEnum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumSurface {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub int: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    pub variants: Vec<EnumVariantSurface>,
}

/// A known enum value and its Rust variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumVariantSurface {
    /// The member name in the model.
    pub member: String,
    pub name: String,
    /// The value on the wire (an intEnum's as decimal text).
    pub value: String,
}

/// A union.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnionSurface {
    pub name: String,
    pub direction: Direction,
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    pub variants: Vec<UnionVariantSurface>,
}

/// A union member and its Rust variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnionVariantSurface {
    pub member: String,
    pub name: String,
    pub json_name: String,
    /// `None` for a member of type `Unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeRef>,
    /// The variant's Rust value type, as the emitters spell it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust: Option<String>,
    #[serde(default, skip_serializing_if = "ChecksSurface::is_empty")]
    pub checks: ChecksSurface,
    #[serde(default, skip_serializing_if = "is_false")]
    pub boxed: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
}

/// A member's XML name as the report shows it: `@attr` for an attribute,
/// ` (flattened)` for a flattened list or map, and ` (form key K)` where
/// the form key differs.
fn xml_name(xml: Option<&crate::ir::XmlMember>) -> String {
    let Some(xml) = xml else {
        return String::new();
    };
    let mut name = if xml.attribute {
        format!("@{}", xml.name)
    } else {
        xml.name.clone()
    };
    if matches!(
        xml.layout,
        crate::ir::XmlLayout::List { item: None, .. }
            | crate::ir::XmlLayout::Map { wrapped: false, .. }
    ) {
        name.push_str(" (flattened)");
    }
    if xml.query_name != xml.name {
        name.push_str(&format!(" (form key {})", xml.query_name));
    }
    name
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The surface of a lowered service: a pure function of its IR, so that
/// what the report compares is what the generator emits.
pub fn service_surface(service: &ServiceIr) -> ServiceSurface {
    let shape_of = |id: TypeId| service.type_def(id).shape_id().to_string();
    let service_errors: Vec<String> = sorted(service.errors.iter().map(|&id| shape_of(id)));
    let directions = directions(service);
    let operations = service
        .operations
        .iter()
        .map(|op| {
            let own_errors = op
                .errors
                .iter()
                .map(|error| shape_of(error.id))
                .filter(|id| !service_errors.contains(id));
            let surface = OperationSurface {
                name: op.name.clone(),
                error_enum: op.error_enum.clone(),
                input: op.input.as_ref().map(|t| shape_of(t.id)),
                output: op.output.as_ref().map(|t| shape_of(t.id)),
                errors: sorted(own_errors),
                http: op.http.as_ref().map(|http| HttpSurface {
                    method: http.method.clone(),
                    uri: http.uri.clone(),
                    code: http.code,
                }),
                host_prefix: host_prefix(service, op),
                request_compression: op.request_compression,
                checksum_required: op.checksum_required,
                paginated: op.paginated_trait.clone().map(|p| PaginatedSurface {
                    input_token: p.input_token,
                    output_token: p.output_token,
                    items: p.items,
                    page_size: p.page_size,
                }),
            };
            (op.shape_id.to_string(), surface)
        })
        .collect();
    let lowering = Lowering { service };
    let types = service
        .types
        .iter()
        .map(|ty| {
            let direction = directions
                .get(&ty.id())
                .copied()
                .unwrap_or(Direction::Output);
            (
                ty.shape_id().to_string(),
                lowering.type_surface(ty, direction),
            )
        })
        .collect();
    ServiceSurface {
        id: service.shape_id.to_string(),
        module: service.module.clone(),
        errors: service_errors,
        operations,
        types,
    }
}

fn sorted(items: impl Iterator<Item = String>) -> Vec<String> {
    let set: BTreeSet<String> = items.collect();
    set.into_iter().collect()
}

/// The host prefix as the model writes it, labels by member name.
fn host_prefix(service: &ServiceIr, op: &OperationIr) -> Option<String> {
    let fields = op
        .input
        .as_ref()
        .and_then(|input| service.struct_def(input.id))
        .map_or(&[][..], |def| &def.fields);
    let parts = op.host_prefix.as_ref()?;
    Some(
        parts
            .iter()
            .map(|part| match part {
                HostPrefixPart::Literal(text) => text.clone(),
                HostPrefixPart::Label { field } => {
                    format!("{{{}}}", fields.get(*field).map_or("", |f| &f.member))
                }
            })
            .collect(),
    )
}

/// Which side of the wire each type is reachable from: from an operation's
/// input, or from its output and errors.
fn directions(service: &ServiceIr) -> BTreeMap<TypeId, Direction> {
    let inputs = service.reachable(
        service
            .operations
            .iter()
            .filter_map(|op| Some(op.input.as_ref()?.id)),
    );
    let outputs = service.reachable(
        service
            .operations
            .iter()
            .flat_map(|op| op.output.iter().chain(&op.errors))
            .map(|t| t.id),
    );
    service
        .types
        .iter()
        .map(|ty| {
            let id = ty.id();
            let direction = match (inputs.contains(&id), outputs.contains(&id)) {
                (true, true) => Direction::Both,
                (true, false) => Direction::Input,
                _ => Direction::Output,
            };
            (id, direction)
        })
        .collect()
}

/// What turning IR types into their surface needs.
struct Lowering<'a> {
    service: &'a ServiceIr,
}

impl Lowering<'_> {
    fn type_surface(&self, ty: &TypeDef, direction: Direction) -> TypeSurface {
        match ty {
            TypeDef::Struct(def) => TypeSurface::Struct(StructSurface {
                name: def.name.clone(),
                builder: def.builder.clone(),
                direction,
                sensitive: def.sensitive,
                error: def.error.as_ref().map(|error| ErrorSurface {
                    fault: if error.server { "server" } else { "client" }.to_owned(),
                    status: error.status,
                    retryable: error.retryable,
                }),
                fields: def
                    .fields
                    .iter()
                    .map(|field| FieldSurface {
                        member: field.member.clone(),
                        name: field.name.clone(),
                        target: field.target.to_string(),
                        ty: self.field_type_ref(field),
                        rust: field.spelling().text(),
                        presence: presence(&field.presence),
                        required: field.required,
                        json_name: field.json_name.clone(),
                        xml_name: xml_name(field.xml.as_ref()),
                        binding: binding(&field.binding),
                        media_type: field.media_type.clone(),
                        checks: self.checks(&field.checks),
                        boxed: field.boxed,
                        sensitive: field.sensitive,
                        idempotency_token: field.idempotency_token,
                        deprecated: field.deprecated.is_some(),
                    })
                    .collect(),
            }),
            TypeDef::Enum(def) => TypeSurface::Enum(EnumSurface {
                name: def.name.clone(),
                int: def.int,
                sensitive: def.sensitive,
                variants: def
                    .variants
                    .iter()
                    .map(|v| EnumVariantSurface {
                        member: v.member.clone(),
                        name: v.name.clone(),
                        value: match &v.value {
                            EnumValue::String(text) => text.clone(),
                            EnumValue::Int(n) => n.to_string(),
                        },
                    })
                    .collect(),
            }),
            TypeDef::Union(def) => TypeSurface::Union(UnionSurface {
                name: def.name.clone(),
                direction,
                sensitive: def.sensitive,
                variants: def
                    .variants
                    .iter()
                    .map(|v| UnionVariantSurface {
                        member: v.member.clone(),
                        name: v.name.clone(),
                        json_name: v.json_name.clone(),
                        ty: v.ty.as_ref().map(|ty| self.type_ref(ty, None)),
                        rust: v.spelling().map(|s| s.text()),
                        checks: self.checks(&v.checks),
                        boxed: v.boxed,
                        sensitive: v.sensitive,
                    })
                    .collect(),
            }),
        }
    }

    /// A field's type, its timestamps in the format they have where the
    /// field's binding puts them.
    fn field_type_ref(&self, field: &Field) -> TypeRef {
        let bound = !matches!(field.binding, HttpBinding::Body | HttpBinding::Payload);
        self.type_ref(&field.ty, bound.then_some(field.bound_timestamp_format))
    }

    /// The type; `timestamps` overrides the document format of every
    /// timestamp in it.
    fn type_ref(&self, ty: &RustType, timestamps: Option<TimestampFormat>) -> TypeRef {
        let plain = |name: &str| TypeRef::Plain(name.to_owned());
        match ty {
            RustType::Bool => plain("bool"),
            RustType::I8 => plain("i8"),
            RustType::I16 => plain("i16"),
            RustType::I32 => plain("i32"),
            RustType::I64 => plain("i64"),
            RustType::F32 => plain("f32"),
            RustType::F64 => plain("f64"),
            RustType::String => plain("String"),
            RustType::Blob => plain("Blob"),
            RustType::ByteStream => plain("ByteStream"),
            RustType::Document => plain("Document"),
            RustType::BigInteger => plain("BigInteger"),
            RustType::BigDecimal => plain("BigDecimal"),
            RustType::Timestamp(format) => {
                let format = timestamps.unwrap_or(*format);
                TypeRef::Timestamp(Some(
                    match format {
                        TimestampFormat::EpochSeconds => "epoch-seconds",
                        TimestampFormat::DateTime => "date-time",
                        TimestampFormat::HttpDate => "http-date",
                    }
                    .to_owned(),
                ))
            }
            RustType::Named(named) => {
                TypeRef::Named(self.service.type_def(named.id).shape_id().to_string())
            }
            RustType::List { item, sparse } => TypeRef::List {
                item: Box::new(self.type_ref(item, timestamps)),
                sparse: *sparse,
            },
            RustType::Map { key, value, sparse } => TypeRef::Map {
                key: Box::new(self.type_ref(key, timestamps)),
                value: Box::new(self.type_ref(value, timestamps)),
                sparse: *sparse,
            },
        }
    }

    fn checks(&self, checks: &Checks) -> ChecksSurface {
        let nested = |inner: &Option<Box<Checks>>| {
            inner
                .as_ref()
                .map(|c| Box::new(self.checks(c)))
                .filter(|c| !c.is_empty())
        };
        ChecksSurface {
            length: checks.length,
            range: checks.range.clone(),
            pattern: checks
                .pattern
                .map(|id| self.service.patterns[id.0].source.clone()),
            unique: checks.unique,
            items: nested(&checks.items),
            keys: nested(&checks.keys),
            values: nested(&checks.values),
        }
    }
}

fn presence(presence: &Presence) -> PresenceSurface {
    match presence {
        Presence::Optional => PresenceSurface::Optional,
        Presence::Required => PresenceSurface::Required,
        Presence::Default(value) => PresenceSurface::Default(match value {
            DefaultValue::Zero => "the zero value".to_owned(),
            DefaultValue::Bool(b) => b.to_string(),
            DefaultValue::Int(n) => n.to_string(),
            DefaultValue::Float(x) => format!("{x:?}"),
            DefaultValue::String(text) => format!("{text:?}"),
            DefaultValue::EnumVariant(variant) => variant.clone(),
            DefaultValue::EpochSeconds(x) => format!("{x:?} s after the epoch"),
            DefaultValue::Blob(bytes) => format!("{bytes:?}"),
            DefaultValue::Document(text) => text.clone(),
        }),
    }
}

fn binding(binding: &HttpBinding) -> String {
    match binding {
        HttpBinding::Body => String::new(),
        HttpBinding::Label => "label".to_owned(),
        HttpBinding::Query(name) => format!("query `{name}`"),
        HttpBinding::QueryParams => "query map".to_owned(),
        HttpBinding::Header(name) => format!("header `{name}`"),
        HttpBinding::PrefixHeaders(prefix) => format!("headers prefixed `{prefix}`"),
        HttpBinding::Payload => "payload".to_owned(),
        HttpBinding::ResponseCode => "status code".to_owned(),
    }
}
