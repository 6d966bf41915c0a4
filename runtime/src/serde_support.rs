//! serde support (feature `serde`): `Serialize` and `Deserialize` for the
//! primitives, and the adapters generated crates use for values whose
//! JSON form is not their type's own: floats that may be NaN or infinite,
//! and timestamps in another format than epoch seconds, at any depth in
//! collections (`#[serde(with = "As::<Vec<Float>>")]`).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::http_text::{non_finite_text, non_finite_value};
use crate::timestamp::EpochNumber;
use crate::{Blob, Timestamp, TimestampFormat, Unit};

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&crate::blob::base64_encode(self.as_bytes()))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        crate::blob::base64_decode(&text)
            .map(Blob::new)
            .map_err(de::Error::custom)
    }
}

/// Base64 text, as a blob's: only bytes in memory can be serialized.
impl Serialize for crate::ByteStream {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.as_bytes() {
            Some(bytes) => serializer.serialize_str(&crate::blob::base64_encode(bytes)),
            None => Err(serde::ser::Error::custom(
                "a streamed body cannot be serialized: only bytes in memory can",
            )),
        }
    }
}

/// Base64 text, read into memory.
impl<'de> Deserialize<'de> for crate::ByteStream {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Blob::deserialize(deserializer).map(crate::ByteStream::from)
    }
}

/// Seconds since the epoch, the JSON protocols' default.
impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_timestamp(self, TimestampFormat::EpochSeconds, serializer)
    }
}

fn serialize_timestamp<S: Serializer>(
    value: &Timestamp,
    format: TimestampFormat,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match format {
        TimestampFormat::EpochSeconds => match value.epoch_number() {
            EpochNumber::Whole(seconds) => serializer.serialize_i64(seconds),
            EpochNumber::Fractional(seconds) => serializer.serialize_f64(seconds),
        },
        other => serializer.serialize_str(&value.format(other)),
    }
}

/// Epoch seconds, a date-time or an HTTP date.
impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("seconds since the Unix epoch, an RFC 3339 date-time or an HTTP date")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse(text).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<Timestamp, E> {
                Ok(Timestamp::from_secs_and_nanos(seconds, 0))
            }
            fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<Timestamp, E> {
                Ok(Timestamp::from_secs_and_nanos(
                    i64::try_from(seconds).unwrap_or(i64::MAX),
                    0,
                ))
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

/// `{}`.
impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        serializer.serialize_map(Some(0))?.end()
    }
}

/// An object; members a later model adds are ignored.
impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UnitVisitor;
        impl<'de> Visitor<'de> for UnitVisitor {
            type Value = Unit;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Unit, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Unit)
            }
        }
        deserializer.deserialize_map(UnitVisitor)
    }
}

#[cfg(feature = "big-numbers")]
mod big_numbers {
    use super::*;

    macro_rules! big_number_serde {
        ($($ty:ty),*) => {$(
            /// Decimal text in a string, so no digit is lost.
            impl Serialize for $ty {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.collect_str(&self.0)
                }
            }

            /// A JSON number, or a string of digits.
            impl<'de> Deserialize<'de> for $ty {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = serde_json::Value::deserialize(deserializer)?;
                    let text = match &value {
                        serde_json::Value::String(text) => text.clone(),
                        serde_json::Value::Number(number) => number.to_string(),
                        other => return Err(de::Error::custom(format_args!("expected a number, found {other}"))),
                    };
                    text.parse().map_err(de::Error::custom)
                }
            }
        )*};
    }

    big_number_serde!(crate::BigInteger, crate::BigDecimal);
}

/// Writes a `T` the way the adapter `Self` says.
pub trait SerializeAs<T: ?Sized> {
    /// Serializes `value`.
    fn serialize_as<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
}

/// Reads a `T` the way the adapter `Self` says.
pub trait DeserializeAs<'de, T>: Sized {
    /// Deserializes a value.
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

/// `#[serde(with = "As::<Adapter>")]`: serializes a field through `Adapter`.
pub struct As<A: ?Sized>(PhantomData<A>);

impl<A: ?Sized> As<A> {
    /// Serializes `value` as `A` says.
    pub fn serialize<S: Serializer, T: ?Sized>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
    where
        A: SerializeAs<T>,
    {
        A::serialize_as(value, serializer)
    }

    /// Deserializes a value as `A` says.
    pub fn deserialize<'de, D: Deserializer<'de>, T>(deserializer: D) -> Result<T, D::Error>
    where
        A: DeserializeAs<'de, T>,
    {
        A::deserialize_as(deserializer)
    }
}

/// The type's own form.
pub struct Same;

/// NaN and the infinities as the strings Smithy specifies.
pub struct Float;

/// A timestamp as RFC 3339 text.
pub struct DateTime;

/// A timestamp as an HTTP date.
pub struct HttpDate;

impl<T: Serialize + ?Sized> SerializeAs<T> for Same {
    fn serialize_as<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> DeserializeAs<'de, T> for Same {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}

impl SerializeAs<f64> for Float {
    fn serialize_as<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite_text(*value) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f64(*value),
        }
    }
}

impl SerializeAs<f32> for Float {
    fn serialize_as<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite_text(f64::from(*value)) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f32(*value),
        }
    }
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<f64, E> {
        Ok(value)
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<f64, E> {
        Ok(value as f64)
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<f64, E> {
        Ok(value as f64)
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<f64, E> {
        non_finite_value(text).ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
    }
}

impl<'de> DeserializeAs<'de, f64> for Float {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl<'de> DeserializeAs<'de, f32> for Float {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        deserializer
            .deserialize_any(FloatVisitor)
            .map(|value| value as f32)
    }
}

macro_rules! timestamp_adapters {
    ($($adapter:ident => $format:ident),*) => {$(
        impl SerializeAs<Timestamp> for $adapter {
            fn serialize_as<S: Serializer>(value: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
                serialize_timestamp(value, TimestampFormat::$format, serializer)
            }
        }

        impl<'de> DeserializeAs<'de, Timestamp> for $adapter {
            fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
                Timestamp::deserialize(deserializer)
            }
        }
    )*};
}

timestamp_adapters!(DateTime => DateTime, HttpDate => HttpDate);

/// A value serialized through an adapter.
struct Through<'a, T: ?Sized, A: ?Sized>(&'a T, PhantomData<A>);

impl<T: ?Sized, A: SerializeAs<T> + ?Sized> Serialize for Through<'_, T, A> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        A::serialize_as(self.0, serializer)
    }
}

/// A value deserialized through an adapter.
struct Via<T, A>(T, PhantomData<A>);

impl<'de, T, A: DeserializeAs<'de, T>> Deserialize<'de> for Via<T, A> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        A::deserialize_as(deserializer).map(|value| Via(value, PhantomData))
    }
}

impl<T, A: SerializeAs<T>> SerializeAs<Vec<T>> for Vec<A> {
    fn serialize_as<S: Serializer>(items: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(items.iter().map(|item| Through::<T, A>(item, PhantomData)))
    }
}

impl<'de, T, A: DeserializeAs<'de, T>> DeserializeAs<'de, Vec<T>> for Vec<A> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        let items = Vec::<Via<T, A>>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|item| item.0).collect())
    }
}

impl<T, A: SerializeAs<T>> SerializeAs<Option<T>> for Option<A> {
    fn serialize_as<S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_some(&Through::<T, A>(value, PhantomData)),
            None => serializer.serialize_none(),
        }
    }
}

impl<'de, T, A: DeserializeAs<'de, T>> DeserializeAs<'de, Option<T>> for Option<A> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        Ok(Option::<Via<T, A>>::deserialize(deserializer)?.map(|value| value.0))
    }
}

impl<T, A: SerializeAs<T>> SerializeAs<Box<T>> for Box<A> {
    fn serialize_as<S: Serializer>(value: &Box<T>, serializer: S) -> Result<S::Ok, S::Error> {
        A::serialize_as(value, serializer)
    }
}

impl<'de, T, A: DeserializeAs<'de, T>> DeserializeAs<'de, Box<T>> for Box<A> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Box<T>, D::Error> {
        A::deserialize_as(deserializer).map(Box::new)
    }
}

impl<K: Serialize + Ord, V, A: SerializeAs<V>> SerializeAs<BTreeMap<K, V>> for BTreeMap<Same, A> {
    fn serialize_as<S: Serializer>(
        entries: &BTreeMap<K, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            entries
                .iter()
                .map(|(key, value)| (key, Through::<V, A>(value, PhantomData))),
        )
    }
}

impl<'de, K: Deserialize<'de> + Ord, V, A: DeserializeAs<'de, V>> DeserializeAs<'de, BTreeMap<K, V>>
    for BTreeMap<Same, A>
{
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error> {
        let entries = BTreeMap::<K, Via<V, A>>::deserialize(deserializer)?;
        Ok(entries
            .into_iter()
            .map(|(key, value)| (key, value.0))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Sample {
        #[serde(with = "As::<Vec<Option<Float>>>")]
        scores: Vec<Option<f64>>,
        #[serde(with = "As::<BTreeMap<Same, DateTime>>")]
        times: BTreeMap<String, Timestamp>,
        blob: Blob,
        unit: Unit,
    }

    #[test]
    fn adapters_reach_into_collections() {
        let sample = Sample {
            scores: vec![Some(f64::INFINITY), None, Some(1.5)],
            times: BTreeMap::from([(
                "a".to_owned(),
                Timestamp::from_secs_and_nanos(1_576_540_098, 0),
            )]),
            blob: Blob::new(*b"value"),
            unit: Unit,
        };
        let json = serde_json::to_string(&sample).unwrap();
        assert_eq!(
            json,
            r#"{"scores":["Infinity",null,1.5],"times":{"a":"2019-12-16T23:48:18Z"},"blob":"dmFsdWU=","unit":{}}"#
        );
        assert_eq!(serde_json::from_str::<Sample>(&json).unwrap(), sample);
    }
}
