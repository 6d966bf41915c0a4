//! The generated types: structures with their fields, enums and unions,
//! the Rust type of every value, and the constraints validation checks.

use super::{
    Docs, HttpBinding, NamedType, PatternId, ShapeId, TimestampFormat, TypeId, XmlNamespace,
};

/// A `@pattern`, compiled once per process by the generated code.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternDef {
    /// The name of its `static`.
    pub name: String,
    /// The pattern as the model writes it, for messages.
    pub source: String,
    /// The pattern in ECMA 262, which `source` is unless it was written in
    /// Java's dialect.
    pub ecma: String,
    /// Whether it compiles with ECMA 262's `u` flag; patterns written for the
    /// older syntax (`\_`, `\:`) compile without it.
    pub unicode: bool,
    /// The same pattern in the `regex` crate's syntax, when it can say
    /// exactly the same thing (see [`crate::pattern`]).
    pub translated: Option<String>,
}

/// The constraint traits that apply to one value, and to the values inside it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Checks {
    /// `@length` bounds.
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// `@range` bounds, as the model writes the numbers.
    pub range: Option<(Option<String>, Option<String>)>,
    /// The `@pattern` the value must match.
    pub pattern: Option<PatternId>,
    pub unique: bool,
    /// An `@httpLabel` member, which must not be empty.
    pub non_empty: bool,
    /// Checks on each item of a list.
    pub items: Option<Box<Checks>>,
    /// Checks on each key and value of a map.
    pub keys: Option<Box<Checks>>,
    pub values: Option<Box<Checks>>,
}

/// A generated type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
}

impl TypeDef {
    pub fn id(&self) -> TypeId {
        match self {
            Self::Struct(s) => s.id,
            Self::Enum(e) => e.id,
            Self::Union(u) => u.id,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Self::Struct(s) => &s.name,
            Self::Enum(e) => &e.name,
            Self::Union(u) => &u.name,
        }
    }

    pub fn shape_id(&self) -> &ShapeId {
        match self {
            Self::Struct(s) => &s.shape_id,
            Self::Enum(e) => &e.shape_id,
            Self::Union(u) => &u.shape_id,
        }
    }
}

/// The Rust type of a field or variant.
#[derive(Debug, Clone, PartialEq)]
pub enum RustType {
    Bool,
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
    String,
    Blob,
    /// An `@streaming` blob bound to the payload: the body of an upload or
    /// a download, which need not be in memory.
    ByteStream,
    /// A timestamp, and its format in documents (JSON bodies and the
    /// documented request syntax): the shape's or member's
    /// `@timestampFormat`, else the protocol's default, decided in lowering.
    Timestamp(TimestampFormat),
    Document,
    BigInteger,
    BigDecimal,
    /// A generated type of the same service module.
    Named(NamedType),
    List {
        item: Box<RustType>,
        sparse: bool,
    },
    Map {
        key: Box<RustType>,
        value: Box<RustType>,
        sparse: bool,
    },
}

/// What `@error`, `@httpError` and `@retryable` say of an error structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The error code services send: the shape's name.
    pub code: String,
    /// `@error("server")` rather than `"client"`.
    pub server: bool,
    /// `@httpError`.
    pub status: Option<u16>,
    /// `@retryable`, and whether it says the error is throttling.
    pub retryable: Option<bool>,
    /// The error's awsQuery code (`aws.protocols#awsQueryError`), which a
    /// query-compatible service's responses may name it by instead.
    pub query_code: Option<String>,
}

/// A structure.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    pub id: TypeId,
    pub name: String,
    /// The builder's type name (in the `builders` module).
    pub builder: String,
    pub shape_id: ShapeId,
    pub docs: Docs,
    pub fields: Vec<Field>,
    /// The whole structure is `@sensitive`: `Debug` shows nothing of it.
    pub sensitive: bool,
    /// Set for `@error` structures.
    pub error: Option<ErrorInfo>,
    /// The function that reads it from a response, when it is an operation
    /// output or an error.
    pub reader: String,
    /// Every member is optional and held unboxed, so a builder would be the
    /// same fields: the type is its own builder (`builders` names it by an
    /// alias), which is a third less code to compile for most structures.
    pub builds_itself: bool,
    /// Its element as a whole document, for the XML protocols.
    pub xml_root: Option<XmlRoot>,
    /// An output whose operation is `@s3UnwrappedXmlOutput`: its member is
    /// the response's root element, not a child of it.
    pub xml_unwrapped: bool,
}

impl StructDef {
    /// Whether `build()` can fail, which it does only for required members.
    pub fn has_required_fields(&self) -> bool {
        self.fields.iter().any(|f| f.presence == Presence::Required)
    }
}

/// How a member's value is held.
#[derive(Debug, Clone, PartialEq)]
pub enum Presence {
    /// `Option<T>`: the member may be absent.
    Optional,
    /// `T`, and `build()` fails without it.
    Required,
    /// `T`, filled with the model's default when not set.
    Default(DefaultValue),
}

/// A `@default` value, already checked against the member's type.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// The type's `Default::default()`: `0`, `false`, `""`, empty collections.
    Zero,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    /// A variant of a generated enum.
    EnumVariant(String),
    /// A timestamp, in epoch seconds.
    EpochSeconds(f64),
    Blob(Vec<u8>),
    Document(String),
}

/// A structure member.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust field name (possibly a raw identifier).
    pub name: String,
    /// The member name as the model and its JSON documentation spell it.
    pub member: String,
    /// The shape the member targets.
    pub target: ShapeId,
    /// The key in JSON bodies, as the protocol decides: restJson1 honours
    /// `@jsonName`, the awsJson protocols use the member name.
    pub json_name: String,
    /// Where the member goes when its structure is an operation's input or
    /// output (or an error).
    pub binding: HttpBinding,
    /// The format of the timestamps the member holds where its binding
    /// puts them: in a body, the document format of its type; in a label,
    /// query string or header, the member's `@timestampFormat`, else the
    /// protocol's default there.
    pub bound_timestamp_format: TimestampFormat,
    /// `@mediaType` of the target string or blob, which makes a header
    /// value base64 and names the content type of a payload.
    pub media_type: Option<String>,
    /// The builder method that sets or clears the member (`set_<name>`).
    pub setter: String,
    /// The associated function giving a non-zero default (`default_<name>`).
    pub default_fn: String,
    pub docs: Docs,
    pub ty: RustType,
    pub presence: Presence,
    /// `@required`, which validation checks on members that are `Option`.
    pub required: bool,
    pub checks: Checks,
    /// Held in a `Box` to break a recursion cycle.
    pub boxed: bool,
    pub sensitive: bool,
    pub deprecated: Option<String>,
    /// `@idempotencyToken`: a request fills it with a fresh token when unset.
    pub idempotency_token: bool,
    /// It holds an event stream (a union marked `@streaming`), which the
    /// generated code neither writes nor reads.
    pub event_stream: bool,
    /// Where it sits in XML documents and query forms, for the protocols
    /// that use them.
    pub xml: Option<XmlMember>,
}

/// How a member sits in XML documents and query forms, as the protocol
/// and the model's traits decide.
#[derive(Debug, Clone, PartialEq)]
pub struct XmlMember {
    /// Its element's name (or attribute's): `@xmlName`, else the member's.
    pub name: String,
    /// The namespace its element declares (`@xmlNamespace`).
    pub namespace: Option<XmlNamespace>,
    /// `@xmlAttribute`: an attribute of the structure's element.
    pub attribute: bool,
    /// How the collections it holds are laid out in XML.
    pub layout: XmlLayout,
    /// Its key in a query form.
    pub query_name: String,
    /// How the collections it holds are laid out in a query form.
    pub query_layout: XmlLayout,
}

/// How a value's collections are laid out in XML or in a query form.
#[derive(Debug, Clone, PartialEq)]
pub enum XmlLayout {
    /// Not a collection.
    Value,
    List {
        /// The name each item is under (`member`, or the list member's
        /// `@xmlName`); `None` when flattened, each item under the name of
        /// the member itself.
        item: Option<String>,
        /// The namespace each item's element declares.
        item_namespace: Option<XmlNamespace>,
        inner: Box<XmlLayout>,
    },
    Map {
        /// Whether entries are inside `entry` elements; a flattened map's
        /// entries are under the name of the member itself.
        wrapped: bool,
        key: String,
        key_namespace: Option<XmlNamespace>,
        value: String,
        value_namespace: Option<XmlNamespace>,
        inner: Box<XmlLayout>,
    },
}

/// The element a structure is written as when it is a whole document (a
/// request body or payload): `@xmlName`, else the shape's name, with the
/// structure's namespace, else the service's.
#[derive(Debug, Clone, PartialEq)]
pub struct XmlRoot {
    pub name: String,
    pub namespace: Option<XmlNamespace>,
}

/// A string enum or intEnum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    pub id: TypeId,
    pub name: String,
    pub shape_id: ShapeId,
    pub docs: Docs,
    pub variants: Vec<EnumVariant>,
    pub int: bool,
    pub sensitive: bool,
}

/// A known enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    /// The member name in the model (a Smithy 1.0 `@enum` entry's name, or
    /// its value when it has none).
    pub member: String,
    pub docs: Docs,
    pub value: EnumValue,
    pub deprecated: Option<String>,
}

/// A modelled enum value.
#[derive(Debug, Clone, PartialEq)]
pub enum EnumValue {
    String(String),
    Int(i32),
}

/// A union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    pub id: TypeId,
    pub name: String,
    pub shape_id: ShapeId,
    pub docs: Docs,
    pub variants: Vec<UnionVariant>,
    pub sensitive: bool,
}

/// A union member.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub member: String,
    /// The key in JSON: `@jsonName`, else the member name.
    pub json_name: String,
    /// Where it sits in XML documents and query forms.
    pub xml: Option<XmlMember>,
    pub docs: Docs,
    /// `None` for a member that targets `smithy.api#Unit`.
    pub ty: Option<RustType>,
    pub checks: Checks,
    pub boxed: bool,
    pub sensitive: bool,
    pub deprecated: Option<String>,
}

impl RustType {
    /// Whether a `bigInteger` or `bigDecimal` is in the type, at any depth
    /// of its collections.
    pub fn holds_big_number(&self) -> bool {
        match self {
            Self::BigInteger | Self::BigDecimal => true,
            Self::List { item, .. } => item.holds_big_number(),
            Self::Map { value, .. } => value.holds_big_number(),
            _ => false,
        }
    }

    /// Whether a timestamp is in the type, at any depth of its collections.
    pub fn holds_timestamp(&self) -> bool {
        match self {
            Self::Timestamp(_) => true,
            Self::List { item, .. } => item.holds_timestamp(),
            Self::Map { value, .. } => value.holds_timestamp(),
            _ => false,
        }
    }
}
