//! What reading JSON can fail with: what is wrong, where in the value, and
//! where in the text.

use std::fmt;

use super::{Mark, MAX_DEPTH};
use crate::path::{path_text, Step};

/// JSON that does not fit a generated type: what is wrong, where in the
/// value, and where in the text. Boxed, so that every `Result` a reader
/// returns stays one word wide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError(Box<ErrorDetails>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct ErrorDetails {
    kind: JsonErrorKind,
    /// Innermost segment first; they are added as the error propagates.
    path: Vec<Segment>,
    line: usize,
    column: usize,
}

/// One step of a [`JsonError`]'s path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Member(String),
    Index(usize),
    Key(String),
}

/// What is wrong with the JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonErrorKind {
    /// The text is not JSON.
    Syntax(&'static str),
    /// Objects and arrays nest more deeply than 128 levels.
    TooDeep,
    /// Something follows the value.
    TrailingCharacters,
    /// A value of another JSON type than the member's.
    WrongType {
        /// What the member takes.
        expected: &'static str,
        /// What the JSON has.
        found: &'static str,
    },
    /// A number outside what the member's type holds.
    OutOfRange {
        /// The type.
        expected: &'static str,
        /// The number as written.
        text: String,
    },
    /// A string that is not a value of the member's type.
    InvalidValue {
        /// What the member takes.
        expected: &'static str,
        /// The string as written.
        text: String,
    },
    /// A `@required` member is absent.
    MissingMember,
    /// A member the type does not have.
    UnknownMember {
        /// A known member with a similar name.
        suggestion: Option<&'static str>,
    },
    /// The same member or map key twice.
    DuplicateMember,
    /// `null` in a list or map that is not `@sparse`.
    NullItem,
    /// A union object with no member set, or with several.
    UnionMembers {
        /// Several members rather than none.
        several: bool,
    },
}

impl JsonError {
    pub(super) fn new(kind: JsonErrorKind, at: Mark) -> Self {
        Self(Box::new(ErrorDetails {
            kind,
            path: Vec::new(),
            line: at.line,
            column: at.column,
        }))
    }

    /// What is wrong.
    pub fn kind(&self) -> &JsonErrorKind {
        &self.0.kind
    }

    /// Where the problem is, such as `TelephonyConfig.Distributions[0]`
    /// (`.` for the value itself).
    pub fn path(&self) -> String {
        let steps = self.0.path.iter().rev().map(|segment| match segment {
            Segment::Member(name) => Step::Member(name),
            Segment::Index(index) => Step::Index(*index),
            Segment::Key(key) => Step::Key(key),
        });
        let text = path_text(steps);
        if text.is_empty() {
            ".".to_owned()
        } else {
            text
        }
    }

    /// The line of the text where the problem was found, from 1.
    pub fn line(&self) -> usize {
        self.0.line
    }

    /// The column (in bytes) where the problem was found, from 1.
    pub fn column(&self) -> usize {
        self.0.column
    }

    /// The error inside the member `name`.
    pub fn at_member(mut self, name: &str) -> Self {
        self.0.path.push(Segment::Member(name.to_owned()));
        self
    }

    pub(super) fn at_index(mut self, index: usize) -> Self {
        self.0.path.push(Segment::Index(index));
        self
    }

    pub(super) fn at_key(mut self, key: &str) -> Self {
        self.0.path.push(Segment::Key(key.to_owned()));
        self
    }
}

impl fmt::Display for JsonErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax(message) => write!(f, "invalid JSON: {message}"),
            Self::TooDeep => write!(f, "objects and arrays nest more than {MAX_DEPTH} deep"),
            Self::TrailingCharacters => f.write_str("unexpected characters after the value"),
            Self::WrongType { expected, found } => write!(f, "expected {expected}, found {found}"),
            Self::OutOfRange { expected, text } => write!(f, "{text} is not {expected}"),
            Self::InvalidValue { expected, text } => {
                write!(f, "expected {expected}, found {text:?}")
            }
            Self::MissingMember => f.write_str("the required member is missing"),
            Self::UnknownMember {
                suggestion: Some(known),
            } => {
                write!(f, "unknown member; did you mean `{known}`?")
            }
            Self::UnknownMember { suggestion: None } => f.write_str("unknown member"),
            Self::DuplicateMember => f.write_str("the member is given twice"),
            Self::NullItem => {
                f.write_str("null is not allowed in a list or map that is not @sparse")
            }
            Self::UnionMembers { several: true } => {
                f.write_str("a union takes exactly one member, not several")
            }
            Self::UnionMembers { several: false } => f.write_str("a union needs one member set"),
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "at `{}`: {} (line {}, column {})",
            self.path(),
            self.0.kind,
            self.0.line,
            self.0.column
        )
    }
}

impl std::error::Error for JsonError {}
