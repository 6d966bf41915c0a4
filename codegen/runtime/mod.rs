//! Support types shared by the generated service modules.

pub mod json;
pub mod protocol;
#[cfg(test)]
#[doc(hidden)]
pub mod protocol_test;
pub mod request;

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// What `Debug` prints in place of a `@sensitive` value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Prints [`REDACTED`] as its `Debug` form.
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// A Smithy `document`: untyped JSON-like data.
pub type Document = serde_json::Value;

/// A Smithy `blob`: bytes, written as base64 text in JSON.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Takes the bytes out.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use base64::Engine as _;
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use base64::Engine as _;
        let text = String::deserialize(deserializer)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map(Self)
            .map_err(|e| de::Error::custom(format_args!("invalid base64 blob: {e}")))
    }
}

/// A Smithy `timestamp`: an instant in UTC.
///
/// In JSON it is written as restJson1 does by default, a number of seconds
/// since the Unix epoch, and read from such a number, RFC 3339 text or an
/// HTTP date. Members whose model asks for another format are written in it
/// (see [`protocol::TimestampFormat`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(time::OffsetDateTime);

impl Timestamp {
    /// Seconds since the Unix epoch; values beyond the representable range
    /// saturate at its ends.
    pub fn from_epoch_seconds(seconds: f64) -> Self {
        let nanos = (seconds * 1e9).clamp(i128::MIN as f64, i128::MAX as f64) as i128;
        let clamped = nanos.clamp(
            time::PrimitiveDateTime::MIN.assume_utc().unix_timestamp_nanos(),
            time::PrimitiveDateTime::MAX.assume_utc().unix_timestamp_nanos(),
        );
        Self(time::OffsetDateTime::from_unix_timestamp_nanos(clamped).unwrap_or(time::OffsetDateTime::UNIX_EPOCH))
    }

    /// Whole seconds since the Unix epoch and nanoseconds after them, held
    /// exactly; values beyond the representable range saturate at its ends.
    pub fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Self {
        let total = i128::from(seconds) * 1_000_000_000 + i128::from(nanos.min(999_999_999));
        let clamped = total.clamp(
            time::PrimitiveDateTime::MIN.assume_utc().unix_timestamp_nanos(),
            time::PrimitiveDateTime::MAX.assume_utc().unix_timestamp_nanos(),
        );
        Self(time::OffsetDateTime::from_unix_timestamp_nanos(clamped).unwrap_or(time::OffsetDateTime::UNIX_EPOCH))
    }

    /// Seconds since the Unix epoch, with the fraction.
    pub fn as_epoch_seconds(&self) -> f64 {
        self.0.unix_timestamp_nanos() as f64 / 1e9
    }

    /// The instant as a `time` value.
    pub fn as_offset_date_time(&self) -> time::OffsetDateTime {
        self.0
    }
}

impl Default for Timestamp {
    fn default() -> Self {
        Self(time::OffsetDateTime::UNIX_EPOCH)
    }
}

impl From<time::OffsetDateTime> for Timestamp {
    fn from(value: time::OffsetDateTime) -> Self {
        Self(value.to_offset(time::UtcOffset::UTC))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(&time::format_description::well_known::Rfc3339) {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{}s", self.as_epoch_seconds()),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        protocol::serialize_timestamp(self, protocol::TimestampFormat::EpochSeconds, serializer)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("seconds since the Unix epoch, an RFC 3339 date-time or an HTTP date")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
                protocol::parse_timestamp(text).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<Timestamp, E> {
                Ok(Timestamp::from_epoch_seconds(seconds as f64))
            }
            fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<Timestamp, E> {
                Ok(Timestamp::from_epoch_seconds(seconds as f64))
            }
            fn visit_f64<E: de::Error>(self, seconds: f64) -> Result<Timestamp, E> {
                if seconds.is_finite() {
                    Ok(Timestamp::from_epoch_seconds(seconds))
                } else {
                    Err(E::custom("a timestamp must be a finite number of seconds"))
                }
            }
        }
        deserializer.deserialize_any(TimestampVisitor)
    }
}

/// Reads a big number from a JSON string or number, keeping every digit a
/// string carries.
struct BigNumberVisitor<T>(std::marker::PhantomData<T>);

impl<T: std::str::FromStr> Visitor<'_> for BigNumberVisitor<T>
where
    T::Err: fmt::Display,
{
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a string of digits")
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        text.parse()
            .map_err(|e| E::custom(format_args!("invalid number `{text}`: {e}")))
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        self.visit_str(&value.to_string())
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        self.visit_str(&value.to_string())
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        self.visit_str(&value.to_string())
    }
}

macro_rules! big_number {
    ($(#[$doc:meta])* $name:ident($inner:ty)) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
        pub struct $name(pub $inner);

        impl $name {
            /// Parses a model literal; one that does not parse gives zero.
            pub fn from_literal(text: &str) -> Self {
                text.parse().map(Self).unwrap_or_default()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer
                    .deserialize_any(BigNumberVisitor::<$inner>(std::marker::PhantomData))
                    .map(Self)
            }
        }
    };
}

big_number! {
    /// A Smithy `bigInteger`, written to JSON as a string so no digit is lost.
    BigInteger(num_bigint::BigInt)
}

big_number! {
    /// A Smithy `bigDecimal`, written to JSON as a string so no digit is lost.
    BigDecimal(bigdecimal::BigDecimal)
}

/// The value of a union member that targets `smithy.api#Unit`: `{}` in JSON.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct Unit;

impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        serializer.serialize_map(Some(0))?.end()
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Members a later model adds to the unit are ignored.
        #[derive(Deserialize)]
        struct Empty {}
        Empty::deserialize(deserializer).map(|_| Unit)
    }
}

/// An enum value the model did not list when this crate was generated.
///
/// Services add enum values over time; keeping the value lets old clients
/// read new responses. It cannot be built by hand, so matching on known
/// variants stays correct when a later model adds the value.
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

/// A union member the model did not list when this crate was generated, as
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

/// A model operation: its name and the types it takes and returns.
pub trait Operation {
    /// The operation's name in the model.
    const NAME: &'static str;
    /// The input type, `()` when the operation takes none.
    type Input;
    /// The output type, `()` when the operation returns none.
    type Output;
    /// The operation's error: one variant per error the model lists, and one
    /// for anything else.
    type Error: std::error::Error + protocol::ServiceError;

    /// The restJson1 request for `input`, with the default [`request::RequestOptions`].
    /// Its URI holds the path and query only: the caller adds the endpoint
    /// (see [`request::apply_endpoint`]), then signs and sends it.
    fn serialize_request(input: &Self::Input) -> Result<http::Request<Vec<u8>>, protocol::RequestError> {
        Self::serialize_request_with(input, &request::RequestOptions::default())
    }

    /// The restJson1 request for `input`, written as `options` say.
    fn serialize_request_with(
        input: &Self::Input,
        options: &request::RequestOptions,
    ) -> Result<http::Request<Vec<u8>>, protocol::RequestError>;

    /// Reads the service's response into the output, or into the typed error
    /// for a status outside 2xx.
    fn parse_response<B: AsRef<[u8]>>(response: &http::Response<B>) -> Result<Self::Output, Self::Error>;
}

/// `build()` was called without every required member set.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct BuildError {
    shape: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    /// The error of a builder missing these members; generated code's own.
    /// Public so that a crate whose builders never fail does not warn
    /// about it.
    #[doc(hidden)]
    pub fn missing(shape: &'static str, missing: Vec<&'static str>) -> Self {
        Self { shape, missing }
    }

    /// The shape being built.
    pub fn shape(&self) -> &'static str {
        self.shape
    }

    /// The model names of every required member that was not set.
    pub fn missing_members(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build `{}`: missing required member", self.shape)?;
        if self.missing.len() > 1 {
            f.write_str("s")?;
        }
        for (i, name) in self.missing.iter().enumerate() {
            f.write_str(if i == 0 { " `" } else { ", `" })?;
            f.write_str(name)?;
            f.write_str("`")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

pub use json::JsonError;

/// Reads a generated type from JSON written as the AWS documentation's
/// request syntax shows it, strictly: a missing required member, an unknown
/// member (with a suggestion when one is close), a repeated key and a value
/// of the wrong type are errors that say where they are. Responses are read
/// leniently instead (see [`json::read`]).
pub fn from_json<T: json::ReadJson>(json: &str) -> Result<T, JsonError> {
    let mut reader = json::Reader::strict(json.as_bytes());
    let value = T::read_json(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// Writes a generated type as JSON in the documentation's syntax.
pub fn to_json<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(value)
}

/// One step of a path into a value.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Step<'a> {
    /// A member of a structure or union.
    Member(&'a str),
    /// An item of a list.
    Index(usize),
    /// An entry of a map.
    Key(&'a str),
}

/// Writes a path, outermost step first, as messages show it:
/// `Origination.Routes[0].Port`, `Tags["env"]`.
pub(crate) fn path_text<'a>(steps: impl IntoIterator<Item = Step<'a>>) -> String {
    let mut text = String::new();
    for step in steps {
        match step {
            Step::Member(name) if text.is_empty() => text.push_str(name),
            Step::Member(name) => {
                text.push('.');
                text.push_str(name);
            }
            Step::Index(index) => text.push_str(&format!("[{index}]")),
            Step::Key(key) => text.push_str(&format!("[{key:?}]")),
        }
    }
    text
}

/// Where a value sits in the structure being validated: a chain of steps
/// kept on the stack, rendered to text only when a violation is reported.
#[derive(Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    /// `None` for the value being validated itself.
    step: Option<Step<'a>>,
}

impl<'a> Path<'a> {
    /// The value being validated itself.
    pub const ROOT: Path<'static> = Path { parent: None, step: None };

    /// A member of this structure or union.
    pub fn member(&'a self, name: &'static str) -> Path<'a> {
        Path { parent: Some(self), step: Some(Step::Member(name)) }
    }

    /// An item of this list.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path { parent: Some(self), step: Some(Step::Index(index)) }
    }

    /// An entry of this map.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path { parent: Some(self), step: Some(Step::Key(key)) }
    }

    fn render(&self) -> String {
        let mut steps = Vec::new();
        let mut current = Some(self);
        while let Some(path) = current {
            steps.extend(path.step);
            current = path.parent;
        }
        path_text(steps.into_iter().rev())
    }
}

/// The constraint a value broke, with the bounds the model gives.
#[derive(Clone, PartialEq, Debug)]
#[non_exhaustive]
pub enum Constraint {
    /// `@required`: the member is absent.
    Required,
    /// `@length`: characters of a string, bytes of a blob, entries of a list or map.
    Length {
        /// The least length allowed.
        min: Option<u64>,
        /// The greatest length allowed.
        max: Option<u64>,
        /// The value's length.
        actual: u64,
    },
    /// `@range`, with the model's bounds as written.
    Range {
        /// The least value allowed.
        min: Option<&'static str>,
        /// The greatest value allowed.
        max: Option<&'static str>,
    },
    /// `@pattern` (ECMA 262, not anchored unless the pattern says so).
    Pattern {
        /// The pattern as the model writes it.
        pattern: &'static str,
    },
    /// A string enum value the model does not list.
    Enum {
        /// The values the model lists.
        allowed: &'static [&'static str],
    },
    /// An intEnum value the model does not list.
    IntEnum {
        /// The values the model lists.
        allowed: &'static [i32],
    },
    /// A union holding a member the model does not list.
    UnknownUnionMember,
    /// `@uniqueItems`: this item equals an earlier one.
    UniqueItems {
        /// The index of the earlier, equal item.
        first: usize,
    },
    /// An `@httpLabel` member is empty, which would leave `//` in the URI.
    EmptyLabel,
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bound = |b: Option<&dyn fmt::Display>| b.map_or(String::new(), |b| b.to_string());
        match self {
            Self::Required => f.write_str("is required"),
            Self::Length { min, max, actual } => write!(
                f,
                "has length {actual}, outside {}..={}",
                bound(min.as_ref().map(|m| m as &dyn fmt::Display)),
                bound(max.as_ref().map(|m| m as &dyn fmt::Display))
            ),
            Self::Range { min, max } => write!(
                f,
                "is outside the range {}..={}",
                bound(min.as_ref().map(|m| m as &dyn fmt::Display)),
                bound(max.as_ref().map(|m| m as &dyn fmt::Display))
            ),
            Self::Pattern { pattern } => write!(f, "does not match the pattern {pattern:?}"),
            Self::Enum { allowed } => write!(f, "is not one of {allowed:?}"),
            Self::IntEnum { allowed } => write!(f, "is not one of {allowed:?}"),
            Self::UnknownUnionMember => f.write_str("holds a union member the model does not list"),
            Self::UniqueItems { first } => write!(f, "repeats the item at index {first}"),
            Self::EmptyLabel => f.write_str("is empty, but it is part of the request URI"),
        }
    }
}

/// One broken constraint: where, which, and the offending value (shown as
/// `***` for `@sensitive` members).
#[derive(Clone, PartialEq, Debug)]
pub struct Violation {
    path: String,
    constraint: Constraint,
    value: Option<String>,
}

impl Violation {
    /// The path of the value, such as `TelephonyConfig.Distributions[1].Percentage`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The constraint that failed.
    pub fn constraint(&self) -> &Constraint {
        &self.constraint
    }

    /// The offending value as text, when there is one to show.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "(value)" } else { &self.path };
        match &self.value {
            Some(value) => write!(f, "{path} = {value} {}", self.constraint),
            None => write!(f, "{path} {}", self.constraint),
        }
    }
}

/// Every constraint a value breaks.
#[derive(Clone, PartialEq, Debug)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// The violations, in the order of the value's members.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} constraint violation", self.violations.len())?;
        if self.violations.len() > 1 {
            f.write_str("s")?;
        }
        for violation in &self.violations {
            write!(f, "\n  {violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Collects violations while a value is checked.
#[derive(Default)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// Records a violation; `value` is only called when there is one.
    pub fn push(&mut self, path: &Path<'_>, constraint: Constraint, value: Option<String>) {
        self.0.push(Violation { path: path.render(), constraint, value });
    }
}

/// Checks a value against the constraints its model declares.
///
/// Validation is opt-in: services relax constraints over time, so a client
/// that rejects requests by default can break when nothing is wrong.
pub trait Validate {
    /// Checks the value found at `path`, adding what it breaks to `violations`.
    fn validate_at(&self, path: &Path<'_>, violations: &mut Violations);

    /// Checks the value and everything in it, reporting every violation.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut violations = Violations::default();
        self.validate_at(&Path::ROOT, &mut violations);
        if violations.0.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations: violations.0 })
        }
    }
}

/// Shows a value in a violation, or `***` when it is sensitive.
pub fn shown(sensitive: bool, value: &dyn fmt::Debug) -> Option<String> {
    Some(if sensitive { "***".to_owned() } else { format!("{value:?}") })
}

/// `@length`.
pub fn check_length(
    path: &Path<'_>,
    actual: usize,
    min: Option<u64>,
    max: Option<u64>,
    violations: &mut Violations,
) {
    let actual = actual as u64;
    if min.is_some_and(|min| actual < min) || max.is_some_and(|max| actual > max) {
        violations.push(path, Constraint::Length { min, max, actual }, None);
    }
}

/// A compiled `@pattern`.
#[derive(Debug)]
pub enum Matcher {
    /// The pattern translated by the generator into the `regex` crate's
    /// syntax, with the same meaning. It matches without allocating.
    Translated(regex::Regex),
    /// The pattern as written, run by an ECMA 262 engine; used for what the
    /// `regex` crate cannot express (lookaround, backreferences).
    Ecma(regress::Regex),
}

impl Matcher {
    /// Compiles a pattern the generator translated.
    pub fn translated(translated: &str) -> Option<Self> {
        regex::Regex::new(translated).ok().map(Self::Translated)
    }

    /// Compiles `source` as the generator did when it checked the model.
    pub fn ecma(source: &str, unicode: bool) -> Option<Self> {
        let flags = if unicode { "u" } else { "" };
        regress::Regex::with_flags(source, flags).ok().map(Self::Ecma)
    }

    /// Whether `value` contains a match.
    pub fn is_match(&self, value: &str) -> bool {
        match self {
            Self::Translated(regex) => regex.is_match(value),
            Self::Ecma(regex) => regex.find(value).is_some(),
        }
    }
}

/// A pattern compiled on first use, once per process.
pub struct Pattern {
    source: &'static str,
    compiled: std::sync::LazyLock<Option<Matcher>>,
}

impl Pattern {
    /// A pattern and the function that compiles it.
    pub const fn new(source: &'static str, compile: fn() -> Option<Matcher>) -> Self {
        Self { source, compiled: std::sync::LazyLock::new(compile) }
    }

    /// `@pattern`: the value must contain a match; the pattern is not anchored
    /// unless it says so.
    pub fn check(&self, path: &Path<'_>, value: &str, sensitive: bool, violations: &mut Violations) {
        let matched = self.compiled.as_ref().is_some_and(|matcher| matcher.is_match(value));
        if !matched {
            violations.push(path, Constraint::Pattern { pattern: self.source }, shown(sensitive, &value));
        }
    }
}

/// `@uniqueItems`: reports each item equal to an earlier one.
pub fn check_unique<T: PartialEq>(path: &Path<'_>, items: &[T], violations: &mut Violations) {
    for (index, item) in items.iter().enumerate() {
        if let Some(first) = items[..index].iter().position(|earlier| earlier == item) {
            violations.push(&path.index(index), Constraint::UniqueItems { first }, None);
        }
    }
}

/// `@range` for values compared as `f64` (floats, and integers against
/// fractional bounds). NaN is outside every range.
pub fn check_range_f64(
    path: &Path<'_>,
    value: f64,
    min: Option<(f64, &'static str)>,
    max: Option<(f64, &'static str)>,
    sensitive: bool,
    violations: &mut Violations,
) {
    let below = min.is_some_and(|(min, _)| value.is_nan() || value < min);
    let above = max.is_some_and(|(max, _)| value.is_nan() || value > max);

    if below || above {
        let constraint = Constraint::Range { min: min.map(|m| m.1), max: max.map(|m| m.1) };
        violations.push(path, constraint, shown(sensitive, &value));
    }
}

/// `@range` for integers against integer bounds.
pub fn check_range_i64(
    path: &Path<'_>,
    value: i64,
    min: Option<(i64, &'static str)>,
    max: Option<(i64, &'static str)>,
    sensitive: bool,
    violations: &mut Violations,
) {
    let below = min.is_some_and(|(min, _)| value < min);
    let above = max.is_some_and(|(max, _)| value > max);
    if below || above {
        let constraint = Constraint::Range { min: min.map(|m| m.1), max: max.map(|m| m.1) };
        violations.push(path, constraint, shown(sensitive, &value));
    }
}

/// `@range` for big numbers, compared exactly.
pub fn check_range_big<T: PartialOrd + std::str::FromStr + fmt::Debug>(
    path: &Path<'_>,
    value: &T,
    min: Option<&'static str>,
    max: Option<&'static str>,
    sensitive: bool,
    violations: &mut Violations,
) {
    let outside = |bound: Option<&'static str>, ordering: std::cmp::Ordering| {
        bound.and_then(|b| b.parse::<T>().ok()).is_some_and(|b| value.partial_cmp(&b) == Some(ordering))
    };
    if outside(min, std::cmp::Ordering::Less) || outside(max, std::cmp::Ordering::Greater) {
        violations.push(path, Constraint::Range { min, max }, shown(sensitive, value));
    }
}
