//! `ReadCbor` for the built-in and runtime types generated types hold.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{CborError, ReadCbor, Reader};
use crate::{Blob, Timestamp, Unit};

impl ReadCbor for bool {
    fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError> {
        reader.read_bool()
    }
}

macro_rules! read_integers {
    ($($ty:ty => $name:literal),*) => {$(
        impl ReadCbor for $ty {
            fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError> {
                let value = reader.read_integer(<$ty>::MIN.into(), <$ty>::MAX.into(), $name)?;
                // The range was checked against the type's own bounds.
                Ok(value as $ty)
            }
        }
    )*};
}

read_integers!(i8 => "an 8-bit integer", i16 => "a 16-bit integer", i32 => "a 32-bit integer", i64 => "a 64-bit integer");

impl ReadCbor for f64 {
    fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError> {
        reader.read_f64()
    }
}

impl ReadCbor for f32 {
    fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError> {
        reader.read_f64().map(|value| value as f32)
    }
}

impl ReadCbor for String {
    fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError> {
        reader.read_str().map(Cow::into_owned)
    }
}

impl ReadCbor for Blob {
    fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError> {
        reader
            .read_bytes()
            .map(|bytes| Blob::new(bytes.into_owned()))
    }
}

impl ReadCbor for Timestamp {
    fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError> {
        reader.read_timestamp()
    }
}

/// Any map; its members are skipped.
impl ReadCbor for Unit {
    fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError> {
        let mut map = reader.map()?;
        while map.next_key(reader)?.is_some() {
            reader.skip_value()?;
        }
        Ok(Unit)
    }
}

impl<T: ReadCbor> ReadCbor for Box<T> {
    fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError> {
        T::read_cbor(reader).map(Box::new)
    }
}

/// A list: `null` items of a dense one are dropped.
impl<T: ReadCbor> ReadCbor for Vec<T> {
    fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError> {
        let mut items = Vec::new();
        let mut array = reader.array()?;
        let mut index = 0usize;
        while array.next(reader)? {
            if T::NULLABLE || !reader.take_null()? {
                items.push(T::read_cbor(reader).map_err(|e| e.at_member(&index.to_string()))?);
            }
            index += 1;
        }
        Ok(items)
    }
}

/// A map: entries of a dense one whose value is `null` are dropped.
impl<K: for<'k> From<&'k str> + Ord, V: ReadCbor> ReadCbor for BTreeMap<K, V> {
    fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError> {
        let mut entries = BTreeMap::new();
        let mut map = reader.map()?;
        while let Some(key) = map.next_key(reader)? {
            if !V::NULLABLE && reader.take_null()? {
                continue;
            }
            let value = V::read_cbor(reader).map_err(|e| e.at_member(&key))?;
            entries.insert(K::from(&key), value);
        }
        Ok(entries)
    }
}

/// An item of a sparse collection: `null` is `None`.
impl<T: ReadCbor> ReadCbor for Option<T> {
    const NULLABLE: bool = true;

    fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError> {
        if reader.take_null()? {
            return Ok(None);
        }
        T::read_cbor(reader).map(Some)
    }
}
