//! Support types shared by the generated service modules.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
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
/// In JSON it is written as RFC 3339 text and read from RFC 3339 text or a
/// number of seconds since the Unix epoch, as the AWS CLI accepts.
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
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time or seconds since the Unix epoch")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
                time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
                    .map(Timestamp::from)
                    .map_err(|e| E::custom(format_args!("invalid timestamp `{text}`: {e}")))
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
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
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
    pub(crate) fn new(value: T) -> Self {
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

/// A model operation: its name and the types it takes and returns.
pub trait Operation {
    /// The operation's name in the model.
    const NAME: &'static str;
    /// The input type, `()` when the operation takes none.
    type Input;
    /// The output type, `()` when the operation returns none.
    type Output;
}

/// `build()` was called without every required member set.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct BuildError {
    shape: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    pub(crate) fn missing(shape: &'static str, missing: Vec<&'static str>) -> Self {
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

/// JSON that does not fit a generated type, with the path to the problem.
#[derive(Debug)]
pub struct JsonError {
    path: String,
    source: serde_json::Error,
}

impl JsonError {
    /// Where the problem is, such as `TelephonyConfig.Distributions[0]`
    /// (`.` for the top level).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The line of the input where the problem was found.
    pub fn line(&self) -> usize {
        self.source.line()
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.source)
    }
}

impl std::error::Error for JsonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Reads a generated type from JSON written as the AWS documentation's
/// request and response syntax shows it. Unknown members are rejected, and the
/// error says where.
pub fn from_json<T: DeserializeOwned>(json: &str) -> Result<T, JsonError> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| JsonError {
        path: e.path().to_string(),
        source: e.into_inner(),
    })?;
    deserializer.end().map_err(|source| JsonError {
        path: ".".to_owned(),
        source,
    })?;
    Ok(value)
}

/// Writes a generated type as JSON in the documentation's syntax.
pub fn to_json<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(value)
}
