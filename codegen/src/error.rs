//! Errors reported for models the generator cannot use.
//!
//! Every error names the model file it came from and, where there is one, the
//! shape id and member, so a person can go straight to the offending line.

use std::fmt;

/// Where in the model a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The model file, as the caller named it.
    pub file: String,
    /// The shape id, when the problem belongs to a shape.
    pub shape: Option<String>,
    /// The member name, when the problem belongs to a member.
    pub member: Option<String>,
}

impl Location {
    /// A problem with a whole file.
    pub fn file(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            shape: None,
            member: None,
        }
    }

    /// A problem with one shape.
    pub fn shape(file: &str, shape: impl fmt::Display) -> Self {
        Self {
            shape: Some(shape.to_string()),
            ..Self::file(file)
        }
    }

    /// A problem with one member of a shape.
    pub fn member(file: &str, shape: impl fmt::Display, member: &str) -> Self {
        Self {
            member: Some(member.to_owned()),
            ..Self::shape(file, shape)
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(shape) = &self.shape {
            write!(f, ": shape `{shape}`")?;
        }
        if let Some(member) = &self.member {
            write!(f, ", member `{member}`")?;
        }
        Ok(())
    }
}

/// What is wrong with the model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErrorKind {
    /// The file is not JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    InvalidJson {
        line: usize,
        column: usize,
        message: String,
    },
    /// The `smithy` version is missing or not one we read.
    #[error("unsupported Smithy version {0} (supported: 1.0 and 2.0)")]
    UnsupportedVersion(String),
    /// The JSON does not have the form the Smithy JSON AST requires.
    #[error("malformed JSON AST: {0}")]
    MalformedAst(String),
    /// A shape id (a key, a target or a trait value) is not a valid absolute id.
    #[error("malformed shape id: {0}")]
    MalformedShapeId(String),
    /// The service offers no protocol this generator serves.
    #[error("the service offers {}, and this generator serves {}", list(.offered), list(.served))]
    UnsupportedProtocol {
        offered: Vec<String>,
        served: Vec<String>,
    },
    /// A member the chosen protocol cannot carry.
    #[error("`{protocol}` cannot carry {what}; choose another protocol the service offers with --protocol")]
    MemberNotCarried { protocol: String, what: String },
    /// `--protocol` names one the service does not offer.
    #[error("the service does not offer `{requested}`; it offers {}", list(.offered))]
    ProtocolNotOffered {
        requested: String,
        offered: Vec<String>,
    },
    /// A shape `type` the generator does not know.
    #[error("unknown shape type `{0}`")]
    UnknownShapeType(String),
    /// A reference to a shape that is not in the model.
    #[error("target `{0}` is not defined in the model")]
    MissingTarget(String),
    /// The same shape id is defined twice with different contents.
    #[error("defined differently in `{other_file}`")]
    ConflictingDefinition { other_file: String },
    /// A member targets a shape that cannot be a member's value.
    #[error("targets the {kind} `{target}`, which cannot be a member's value")]
    InvalidMemberTarget { target: String, kind: String },
    /// A list or set has no `member`.
    #[error("{0} has no `member`")]
    MissingCollectionMember(String),
    /// A map key does not target a string.
    #[error("map key targets `{0}`, which is not a string")]
    MapKeyNotString(String),
    /// Two enum members share a value.
    #[error("enum value {0} is used by more than one member")]
    DuplicateEnumValue(String),
    /// An `@http` URI label has no `@httpLabel` member.
    #[error("the @http URI label `{{{0}}}` has no input member marked @httpLabel")]
    LabelWithoutMember(String),
    /// An `@httpLabel` member does not appear in the `@http` URI.
    #[error("is marked @httpLabel but the @http URI `{0}` has no such label")]
    MemberWithoutLabel(String),
    /// A trait value does not have the form Smithy defines for it.
    #[error("trait `{trait_id}` is malformed: {message}")]
    InvalidTrait { trait_id: String, message: String },
    /// `apply` names a shape or member that does not exist.
    #[error("`apply` targets a shape or member that does not exist")]
    ApplyTargetMissing,
    /// Mixins refer to each other in a loop.
    #[error("mixins form a cycle")]
    MixinCycle,
    /// The requested service is not in the model.
    #[error("service `{0}` is not in the model")]
    ServiceNotFound(String),
    /// The model holds no service, or several, and none was chosen.
    #[error("{0}")]
    AmbiguousService(String),
    /// The generator produced code that does not parse: a generator bug.
    #[error("internal error: {0}")]
    Internal(String),
    /// A requested operation is not in the service.
    #[error("operation `{0}` is not an operation of the service")]
    OperationNotFound(String),
    /// A protocol test case whose own data does not fit the model.
    #[error("protocol test case `{id}`: {message}")]
    InvalidTestCase { id: String, message: String },
}

/// A model the generator cannot use, and where the problem is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {kind}")]
pub struct Error {
    /// Where the problem is; boxed to keep `Result<_, Error>` small.
    pub location: Box<Location>,

    /// What the problem is.
    pub kind: ErrorKind,
}

impl Error {
    /// Pairs a problem with its place.
    pub fn new(location: Location, kind: ErrorKind) -> Self {
        Self {
            location: Box::new(location),
            kind,
        }
    }
}

/// `a, b and c`, each in backquotes; `no protocol` for none.
fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("`{item}`")).collect();
    match quoted.as_slice() {
        [] => "no protocol".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
