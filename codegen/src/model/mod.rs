//! The Smithy semantic model: every shape by id, with traits kept as data.

pub mod known;
mod load;
mod prelude;
pub mod protocol_tests;
mod shape_id;
mod traits;
mod validate;

use std::collections::BTreeMap;

pub use known::{
    Bounds, Deprecated, EnumValueTrait, ErrorFault, HostPrefixPiece, HttpBinding, HttpTrait,
    KnownTraits, LegacyEnumEntry, Paginated, Retryable, StaticParamValue, TimestampFormat,
    UriSegment, XmlNamespace,
};
pub use load::{load, ModelSource};
pub use prelude::UNIT;
pub use shape_id::{is_identifier, ShapeId};
pub use traits::Traits;

/// The Smithy IDL version a file declared; 1.0 gives members different
/// nullability defaults than 2.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdlVersion {
    /// Smithy 1.0: members are nullable unless they target a primitive.
    V1,
    /// Smithy 2.0: nullability comes from `@required` and `@default`.
    V2,
}

/// The simple shape types, which carry no members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimpleType {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
}

impl SimpleType {
    /// The type's name in the JSON AST.
    pub fn from_ast_name(name: &str) -> Option<Self> {
        Some(match name {
            "blob" => Self::Blob,
            "boolean" => Self::Boolean,
            "string" => Self::String,
            "byte" => Self::Byte,
            "short" => Self::Short,
            "integer" => Self::Integer,
            "long" => Self::Long,
            "float" => Self::Float,
            "double" => Self::Double,
            "bigInteger" => Self::BigInteger,
            "bigDecimal" => Self::BigDecimal,
            "timestamp" => Self::Timestamp,
            "document" => Self::Document,
            _ => return None,
        })
    }
}

/// A member of an aggregate shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The member name as the model spells it.
    pub name: String,
    /// The shape the member's value has.
    pub target: ShapeId,
    /// Traits applied to the member itself, as the model gives them.
    pub traits: Traits,
    /// The same traits, decoded.
    pub known: Box<KnownTraits>,
}

/// The operations, resources and errors of a service.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Service {
    pub version: String,
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
    pub errors: Vec<ShapeId>,
    /// Shape ids renamed within the service to resolve name conflicts.
    pub rename: BTreeMap<ShapeId, String>,
}

/// An operation's input, output and errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub input: ShapeId,
    pub output: ShapeId,
    pub errors: Vec<ShapeId>,
}

/// The operations and child resources a resource binds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resource {
    /// Every operation the resource binds, lifecycle ones included.
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
}

/// What a shape is.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    Simple(SimpleType),
    /// A string enum; each member's value is its `@enumValue` (or its name).
    Enum(Vec<Member>),
    /// An integer enum; each member's value is its `@enumValue`.
    IntEnum(Vec<Member>),
    /// A list; Smithy 1.0 sets load as lists carrying `@uniqueItems`.
    List(Member),
    Map {
        key: Member,
        value: Member,
    },
    Structure(Vec<Member>),
    Union(Vec<Member>),
    Service(Service),
    Operation(Operation),
    Resource(Resource),
}

impl ShapeKind {
    /// How the kind is named in messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Self::Simple(_) => "simple shape",
            Self::Enum(_) => "enum",
            Self::IntEnum(_) => "intEnum",
            Self::List(_) => "list",
            Self::Map { .. } => "map",
            Self::Structure(_) => "structure",
            Self::Union(_) => "union",
            Self::Service(_) => "service",
            Self::Operation(_) => "operation",
            Self::Resource(_) => "resource",
        }
    }

    /// Every member, in model order.
    pub fn members(&self) -> Vec<&Member> {
        match self {
            Self::Enum(members)
            | Self::IntEnum(members)
            | Self::Structure(members)
            | Self::Union(members) => members.iter().collect(),
            Self::List(member) => vec![member],
            Self::Map { key, value } => vec![key, value],
            Self::Simple(_) | Self::Service(_) | Self::Operation(_) | Self::Resource(_) => vec![],
        }
    }

    fn members_mut(&mut self) -> Vec<&mut Member> {
        match self {
            Self::Enum(members)
            | Self::IntEnum(members)
            | Self::Structure(members)
            | Self::Union(members) => members.iter_mut().collect(),
            Self::List(member) => vec![member],
            Self::Map { key, value } => vec![key, value],
            Self::Simple(_) | Self::Service(_) | Self::Operation(_) | Self::Resource(_) => vec![],
        }
    }
}

/// One shape of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub id: ShapeId,
    pub kind: ShapeKind,
    /// Traits as the model gives them.
    pub traits: Traits,
    /// The same traits, decoded.
    pub known: Box<KnownTraits>,
    /// The file that defined the shape (`prelude` for Smithy's own shapes).
    pub file: String,
    pub idl: IdlVersion,
}

impl Shape {
    /// The member with this name, if the shape has one.
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.kind.members().into_iter().find(|m| m.name == name)
    }

    /// The member a `{label}` of an operation's `@http` URI or `@endpoint`
    /// host prefix names, with its index among this input's members:
    /// the member of that name carrying `@httpLabel` or `@hostLabel`.
    /// Validation and lowering both ask here, so they cannot disagree.
    pub fn label_member(&self, label: &str, kind: LabelKind) -> Option<(usize, &Member)> {
        self.kind
            .members()
            .into_iter()
            .enumerate()
            .find(|(_, m)| m.name == label)
            .filter(|(_, m)| match kind {
                LabelKind::Uri => m.known.http_binding == HttpBinding::Label,
                LabelKind::Host => m.known.host_label,
            })
    }
}

/// Which labels [`Shape::label_member`] resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// `{name}` in `@http`'s URI, bound by `@httpLabel`.
    Uri,
    /// `{name}` in `@endpoint`'s host prefix, bound by `@hostLabel`.
    Host,
}

/// A loaded, merged and checked model.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub shapes: BTreeMap<ShapeId, Shape>,
}

impl Model {
    /// The shape with this id.
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// Every service shape, sorted by id.
    pub fn services(&self) -> impl Iterator<Item = &Shape> {
        self.shapes
            .values()
            .filter(|s| matches!(s.kind, ShapeKind::Service(_)))
    }
}
