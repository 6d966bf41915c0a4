//! `ReadJson` for the built-in and runtime types generated types hold.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{JsonError, JsonErrorKind, ReadJson, Reader};
use crate::{Blob, Document, Timestamp, Unit};

impl ReadJson for bool {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.read_bool()
    }
}

macro_rules! read_integers {
    ($($ty:ty => $name:literal),*) => {$(
        impl ReadJson for $ty {
            fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
                let value = reader.read_integer(<$ty>::MIN.into(), <$ty>::MAX.into(), $name)?;
                // The range was checked against the type's own bounds.
                Ok(value as $ty)
            }
        }
    )*};
}

read_integers!(i8 => "an 8-bit integer", i16 => "a 16-bit integer", i32 => "a 32-bit integer", i64 => "a 64-bit integer");

impl ReadJson for f64 {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.read_f64()
    }
}

impl ReadJson for f32 {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.read_f64().map(|value| value as f32)
    }
}

impl ReadJson for String {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.read_str().map(Cow::into_owned)
    }
}

/// Base64 text, read into memory.
impl ReadJson for crate::ByteStream {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        Blob::read_json(reader).map(crate::ByteStream::from)
    }
}

/// Base64 text.
impl ReadJson for Blob {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let start = reader.pos;
        let text = reader.read_str()?;
        crate::blob::base64_decode(&text)
            .map(Blob::new)
            .map_err(|_| {
                reader.error_at(
                    JsonErrorKind::InvalidValue {
                        expected: "base64",
                        text: text.into_owned(),
                    },
                    start,
                )
            })
    }
}

/// Seconds since the epoch, read exactly from the number's digits, or a
/// date-time or HTTP date as text.
impl ReadJson for Timestamp {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let start = reader.pos;
        let invalid = |reader: &Reader<'_>, text: &str| {
            reader.error_at(
                JsonErrorKind::InvalidValue {
                    expected: "a timestamp",
                    text: text.to_owned(),
                },
                start,
            )
        };
        match reader.peek() {
            Some(b'-' | b'0'..=b'9') => {
                let text = reader.number_text()?;
                Timestamp::from_epoch_text(text).ok_or_else(|| invalid(reader, text))
            }
            Some(b'"') => {
                let text = reader.string()?;
                Timestamp::parse(&text).map_err(|_| invalid(reader, &text))
            }
            _ => Err(reader.wrong_type("a timestamp")),
        }
    }
}

impl ReadJson for Document {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        Ok(match reader.peek() {
            Some(b'{') => {
                let mut members = serde_json::Map::new();
                let mut object = reader.object()?;
                while let Some(key) = object.next_key(reader)? {
                    let value = Document::read_json(reader).map_err(|e| e.at_member(&key))?;
                    members.insert(key.into_owned(), value);
                }
                Document::Object(members)
            }
            Some(b'[') => {
                let mut items = Vec::new();
                let mut array = reader.array()?;
                while array.next(reader)? {
                    items.push(Document::read_json(reader).map_err(|e| e.at_index(items.len()))?);
                }
                Document::Array(items)
            }
            Some(b'"') => Document::String(reader.string()?.into_owned()),
            Some(b't' | b'f') => Document::Bool(reader.read_bool()?),
            Some(b'n') => {
                reader.literal(b"null")?;
                Document::Null
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = reader.pos;
                let text = reader.number_text()?;
                let number = if let Ok(value) = text.parse::<u64>() {
                    Some(serde_json::Number::from(value))
                } else if let Ok(value) = text.parse::<i64>() {
                    Some(serde_json::Number::from(value))
                } else {
                    text.parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                };
                let number = number.ok_or_else(|| {
                    reader.error_at(
                        JsonErrorKind::OutOfRange {
                            expected: "a finite number",
                            text: text.to_owned(),
                        },
                        start,
                    )
                })?;
                Document::Number(number)
            }
            _ => return Err(reader.wrong_type("a JSON value")),
        })
    }
}

/// `{}`; members a later model adds are skipped when lenient.
impl ReadJson for Unit {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let mut object = reader.object()?;
        while let Some(key) = object.next_key(reader)? {
            reader.unknown_member(&key, &[])?;
        }
        Ok(Unit)
    }
}

impl<T: ReadJson> ReadJson for Option<T> {
    const NULLABLE: bool = true;

    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        if reader.take_null()? {
            return Ok(None);
        }
        T::read_json(reader).map(Some)
    }
}

impl<T: ReadJson> ReadJson for Box<T> {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        T::read_json(reader).map(Box::new)
    }
}

impl<T: ReadJson> ReadJson for Vec<T> {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let mut items = Vec::new();
        let mut array = reader.array()?;
        let mut index = 0;
        while array.next(reader)? {
            let skipped = !T::NULLABLE && reader.null_item().map_err(|e| e.at_index(index))?;
            if !skipped {
                items.push(T::read_json(reader).map_err(|e| e.at_index(index))?);
            }
            index += 1;
        }
        Ok(items)
    }
}

impl<K: for<'k> From<&'k str> + Ord, V: ReadJson> ReadJson for BTreeMap<K, V> {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let mut entries = BTreeMap::new();
        let mut object = reader.object()?;
        while let Some(key) = object.next_key(reader)? {
            let at = reader.key_pos;
            if !V::NULLABLE && reader.null_item().map_err(|e| e.at_key(&key))? {
                continue;
            }
            let value = V::read_json(reader).map_err(|e| e.at_key(&key))?;
            if entries.insert(K::from(&key), value).is_some() && reader.strict {
                return Err(reader
                    .error_at(JsonErrorKind::DuplicateMember, at)
                    .at_key(&key));
            }
        }
        Ok(entries)
    }
}
