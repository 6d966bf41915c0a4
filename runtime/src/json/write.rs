//! Writing request bodies as JSON. The generated code writes each structure member
//! by member: keys are byte literals the generator has already quoted and
//! escaped, and only values are scanned for characters to escape. That
//! takes about half the time of going through `serde::Serialize` and
//! serde_json, and gives the same bytes as the types' `Serialize` impls
//! would (the tests compare the two).

use std::collections::BTreeMap;
use std::fmt;

use crate::timestamp::EpochNumber;
use crate::{Blob, Document, Timestamp, TimestampFormat, Unit};

/// A value the generated code can write as JSON.
pub trait WriteJson {
    /// Appends the value to `out`.
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError>;
}

/// A value with no JSON form: a union holding a member this version of the
/// model does not list, as read from a newer service, or a body that is a
/// stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    /// The union's Rust name; empty for a stream.
    union: &'static str,
}

impl WriteError {
    /// The error for an `Unknown` value of the union `union`.
    pub fn unknown_member(union: &'static str) -> Self {
        Self { union }
    }

    /// The error for a [`crate::ByteStream`] that is a stream, whose bytes
    /// are not at hand to write.
    pub fn streamed() -> Self {
        Self { union: "" }
    }

    /// The Rust name of the union; empty when a stream was the cause.
    pub fn union(&self) -> &'static str {
        self.union
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.union.is_empty() {
            return f
                .write_str("a streamed body cannot be written as JSON: only bytes in memory can");
        }
        write!(
            f,
            "`{}::Unknown` cannot be written: it stands for a member this model does not list",
            self.union
        )
    }
}

impl std::error::Error for WriteError {}

/// A JSON object being written.
#[derive(Debug)]
pub struct Object<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    /// The first member that failed, which `end` reports.
    error: Option<WriteError>,
}

impl<'a> Object<'a> {
    /// Opens an object.
    #[inline]
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        Self {
            out,
            first: true,
            error: None,
        }
    }

    /// Starts a member and returns the buffer for its value. `key` is the
    /// member's name already quoted and escaped, with the `:` after it.
    #[inline]
    pub fn key(&mut self, key: &[u8]) -> &mut Vec<u8> {
        self.separate();
        self.out.extend_from_slice(key);
        self.out
    }

    /// Writes a member whose value has its own writer. A failure is kept
    /// for `end` to report, and nothing more is written: generated writers
    /// then need no branch per member.
    #[inline]
    pub fn member<T: WriteJson + ?Sized>(&mut self, key: &[u8], value: &T) {
        if self.error.is_none() {
            if let Err(error) = value.write_json(self.key(key)) {
                self.error = Some(error);
            }
        }
    }

    /// [`Object::member`] for an optional member, left out when unset.
    #[inline]
    pub fn optional<T: WriteJson>(&mut self, key: &[u8], value: &Option<T>) {
        if let Some(value) = value {
            self.member(key, value);
        }
    }

    /// Starts a member whose name is only known at run time, such as a map
    /// key.
    #[inline]
    fn out_for_key(&mut self, key: &str) -> &mut Vec<u8> {
        self.separate();
        write_str(self.out, key);
        self.out.push(b':');
        self.out
    }

    /// A comma before every member but the first.
    #[inline]
    fn separate(&mut self) {
        if !std::mem::replace(&mut self.first, false) {
            self.out.push(b',');
        }
    }

    /// Closes the object, or reports the first member that failed.
    #[inline]
    pub fn end(self) -> Result<(), WriteError> {
        self.out.push(b'}');
        self.error.map_or(Ok(()), Err)
    }
}

/// How each byte is written inside a string: 0 as it is, `u` as `\u00XX`,
/// anything else as a backslash and that byte. The same escapes as
/// serde_json's.
static ESCAPES: [u8; 256] = {
    let mut escapes = [0; 256];
    let mut byte = 0;
    while byte < 0x20 {
        escapes[byte] = match byte {
            0x08 => b'b',
            0x09 => b't',
            0x0A => b'n',
            0x0C => b'f',
            0x0D => b'r',
            _ => b'u',
        };
        byte += 1;
    }
    escapes[b'"' as usize] = b'"';
    escapes[b'\\' as usize] = b'\\';
    escapes
};

/// Appends `text` as a JSON string.
#[inline]
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    let Some(first) = bytes.iter().position(|&b| ESCAPES[usize::from(b)] != 0) else {
        out.reserve(bytes.len() + 2);
        out.push(b'"');
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    };
    out.push(b'"');
    out.extend_from_slice(&bytes[..first]);
    let mut start = first;
    while let Some(offset) = bytes[start..]
        .iter()
        .position(|&b| ESCAPES[usize::from(b)] != 0)
    {
        let at = start + offset;
        out.extend_from_slice(&bytes[start..at]);
        let byte = bytes[at];
        match ESCAPES[usize::from(byte)] {
            b'u' => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xF)],
            ]),
            escape => out.extend_from_slice(&[b'\\', escape]),
        }
        start = at + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[inline]
fn write_integer(out: &mut Vec<u8>, value: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

/// A finite float as its shortest round-tripping text, from the crate
/// serde_json formats floats with; NaN and the
/// infinities as the strings Smithy specifies, which JSON numbers cannot
/// hold.
fn write_float(out: &mut Vec<u8>, value: impl zmij::Float, wide: f64) {
    if wide.is_nan() {
        out.extend_from_slice(b"\"NaN\"");
    } else if wide == f64::INFINITY {
        out.extend_from_slice(b"\"Infinity\"");
    } else if wide == f64::NEG_INFINITY {
        out.extend_from_slice(b"\"-Infinity\"");
    } else {
        out.extend_from_slice(zmij::Buffer::new().format_finite(value).as_bytes());
    }
}

impl WriteJson for str {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        write_str(out, self);
        Ok(())
    }
}

impl WriteJson for String {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        write_str(out, self);
        Ok(())
    }
}

impl WriteJson for bool {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
        Ok(())
    }
}

macro_rules! write_integers {
    ($($ty:ty),*) => {$(
        impl WriteJson for $ty {
            #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
                write_integer(out, *self);
                Ok(())
            }
        }
    )*};
}

write_integers!(i8, i16, i32, i64);

impl WriteJson for f32 {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        write_float(out, *self, f64::from(*self));
        Ok(())
    }
}

impl WriteJson for f64 {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        write_float(out, *self, *self);
        Ok(())
    }
}

/// Base64 text.
impl WriteJson for Blob {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        write_str(out, &crate::blob::base64_encode(self.as_bytes()));
        Ok(())
    }
}

/// Base64 text, as a blob's: only bytes in memory have a JSON form.
impl WriteJson for crate::ByteStream {
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        let bytes = self.as_bytes().ok_or_else(WriteError::streamed)?;
        write_str(out, &crate::blob::base64_encode(bytes));
        Ok(())
    }
}

/// Seconds since the epoch, the JSON protocols' default for bodies.
impl WriteJson for Timestamp {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        write_timestamp(self, out, TimestampFormat::EpochSeconds)
    }
}

/// Writes `value` in `format`: a number of seconds, or a string.
pub fn write_timestamp(
    value: &Timestamp,
    out: &mut Vec<u8>,
    format: TimestampFormat,
) -> Result<(), WriteError> {
    match format {
        TimestampFormat::EpochSeconds => match value.epoch_number() {
            EpochNumber::Whole(seconds) => write_integer(out, seconds),
            EpochNumber::Fractional(seconds) => write_float(out, seconds, seconds),
        },
        other => write_str(out, &value.format(other)),
    }
    Ok(())
}

/// `{}`.
impl WriteJson for Unit {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        out.extend_from_slice(b"{}");
        Ok(())
    }
}

/// Numbers as serde_json writes them: integers in full, and floats (which a
/// document only holds finite) in their shortest round-tripping form.
impl WriteJson for Document {
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        match self {
            Document::Null => out.extend_from_slice(b"null"),
            Document::Bool(value) => value.write_json(out)?,
            Document::Number(number) => {
                if let Some(value) = number.as_u64() {
                    write_integer(out, value);
                } else if let Some(value) = number.as_i64() {
                    write_integer(out, value);
                } else if let Some(value) = number.as_f64() {
                    value.write_json(out)?;
                }
            }
            Document::String(text) => write_str(out, text),
            Document::Array(items) => list(items, out, Document::write_json)?,
            Document::Object(members) => {
                let mut object = Object::new(out);
                for (key, value) in members {
                    let out = object.out_for_key(key);
                    value.write_json(out)?;
                }
                object.end()?;
            }
        }
        Ok(())
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        list(self, out, T::write_json)
    }
}

/// `null` for an absent item of a sparse list or map.
impl<T: WriteJson> WriteJson for Option<T> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        optional(self, out, T::write_json)
    }
}

impl<T: WriteJson + ?Sized> WriteJson for Box<T> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        (**self).write_json(out)
    }
}

impl<K: AsRef<str>, V: WriteJson> WriteJson for BTreeMap<K, V> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        map(self, out, V::write_json)
    }
}

/// Writes `items` as an array, each with `write`; for items that need more
/// than their [`WriteJson`] impl, such as timestamps in another format.
pub fn list<T>(
    items: &[T],
    out: &mut Vec<u8>,
    write: impl Fn(&T, &mut Vec<u8>) -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    out.push(b'[');
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write(item, out)?;
    }
    out.push(b']');
    Ok(())
}

/// Writes `entries` as an object, each value with `write`.
pub fn map<K: AsRef<str>, V>(
    entries: &BTreeMap<K, V>,
    out: &mut Vec<u8>,
    write: impl Fn(&V, &mut Vec<u8>) -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    let mut object = Object::new(out);
    for (key, value) in entries {
        write(value, object.out_for_key(key.as_ref()))?;
    }
    object.end()
}

/// Writes `null` for `None`, else the value with `write`.
pub fn optional<T>(
    value: &Option<T>,
    out: &mut Vec<u8>,
    write: impl Fn(&T, &mut Vec<u8>) -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    match value {
        Some(value) => write(value, out),
        None => {
            out.extend_from_slice(b"null");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value whose writer fails, as an unknown union member's does.
    struct Unwritable;

    impl WriteJson for Unwritable {
        fn write_json(&self, _: &mut Vec<u8>) -> Result<(), WriteError> {
            Err(WriteError::unknown_member("Choice"))
        }
    }

    #[test]
    fn members_write_in_order_and_unset_ones_are_left_out() {
        let mut out = Vec::new();
        let mut object = Object::new(&mut out);
        object.member(b"\"a\":", "x");
        object.optional::<bool>(b"\"b\":", &None);
        object.optional(b"\"c\":", &Some(true));
        object.end().unwrap();
        assert_eq!(out, br#"{"a":"x","c":true}"#);
    }

    #[test]
    fn the_first_failing_member_is_reported_at_the_end_and_stops_writing() {
        let mut out = Vec::new();
        let mut object = Object::new(&mut out);
        object.member(b"\"a\":", &Unwritable);
        object.member(b"\"b\":", "after");
        let error = object.end().unwrap_err();
        assert_eq!(error.union(), "Choice");
        assert!(!out.ends_with(b"\"after\"}"));
    }
}
