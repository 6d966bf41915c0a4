//! The other values generated types hold: documents, the unit value of
//! union members without data, and what a newer service may send that this
//! model does not list.

use std::fmt;

/// A Smithy `document`: untyped JSON-like data.
pub type Document = serde_json::Value;

/// What `Debug` prints in place of a `@sensitive` value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Prints [`REDACTED`] as its `Debug` form.
#[derive(Clone, Copy, Default)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// The value of a union member that targets `smithy.api#Unit`: `{}` in JSON.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct Unit;

/// An enum value the model did not list when the crate was generated.
///
/// Services add enum values over time; keeping the value lets old clients
/// read new responses. Matching on known variants stays correct when a
/// later model adds the value.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct UnknownVariantValue<T = String>(T);

impl<T> UnknownVariantValue<T> {
    /// Wraps a value read from the wire; generated code's own.
    #[doc(hidden)]
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The value as received.
    pub fn value(&self) -> &T {
        &self.0
    }
}

impl UnknownVariantValue<String> {
    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A union member the model did not list when the crate was generated, as
/// read from a newer service. Its name is kept, but not its value, so a
/// union holding one cannot be sent.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct UnknownMember(String);

impl UnknownMember {
    /// The member of this name.
    pub fn new(name: impl Into<String>) -> Self {
        Self(name.into())
    }

    /// The member's name, as the service sent it.
    pub fn name(&self) -> &str {
        &self.0
    }
}
