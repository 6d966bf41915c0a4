//! Writing request bodies as CBOR. Structures are indefinite-length maps,
//! so members are written as they are met without counting them first;
//! lists and maps, whose lengths are known, are definite. Keys are byte
//! literals the generator has already encoded. Floats are written at the
//! width of their type, timestamps as tag 1 over a double (keeping the
//! fraction), blobs as byte strings.

use std::collections::BTreeMap;

use super::{major, EPOCH_TAG};
use crate::json::WriteError;
use crate::{Blob, Timestamp, Unit};

/// A value the generated code can write as CBOR.
pub trait WriteCbor {
    /// Appends the value to `out`.
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError>;
}

/// Appends the head of an item: its major type and argument, in the
/// shortest form (RFC 8949, section 3).
#[inline]
pub(crate) fn head(out: &mut Vec<u8>, major: u8, argument: u64) {
    let kind = major << 5;
    match argument {
        0..=23 => out.push(kind | argument as u8),
        24..=0xff => out.extend_from_slice(&[kind | 24, argument as u8]),
        0x100..=0xffff => {
            out.push(kind | 25);
            out.extend_from_slice(&(argument as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(kind | 26);
            out.extend_from_slice(&(argument as u32).to_be_bytes());
        }
        _ => {
            out.push(kind | 27);
            out.extend_from_slice(&argument.to_be_bytes());
        }
    }
}

/// The `break` that ends an indefinite-length item.
const BREAK: u8 = 0xff;

/// A structure being written: an indefinite-length map.
#[derive(Debug)]
pub struct Object<'a> {
    out: &'a mut Vec<u8>,
}

impl<'a> Object<'a> {
    /// Opens a map.
    #[inline]
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        out.push((major::MAP << 5) | 31);
        Self { out }
    }

    /// Writes `key`, the encoded text string of a member name, and gives
    /// the buffer for its value.
    #[inline]
    pub fn key(&mut self, key: &[u8]) -> &mut Vec<u8> {
        self.out.extend_from_slice(key);
        self.out
    }

    /// Closes the map.
    #[inline]
    pub fn end(self) -> Result<(), WriteError> {
        self.out.push(BREAK);
        Ok(())
    }
}

impl WriteCbor for bool {
    #[inline]
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        out.push(if *self { 0xf5 } else { 0xf4 });
        Ok(())
    }
}

macro_rules! write_integers {
    ($($ty:ty),*) => {$(
        impl WriteCbor for $ty {
            #[inline]
            fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
                write_integer(out, i64::from(*self));
                Ok(())
            }
        }
    )*};
}

write_integers!(i8, i16, i32, i64);

/// A non-negative integer as major type 0, a negative one `n` as major
/// type 1 with argument `-1 - n`.
#[inline]
fn write_integer(out: &mut Vec<u8>, value: i64) {
    if value >= 0 {
        head(out, major::UNSIGNED, value as u64);
    } else {
        // `-1 - value` is non-negative and cannot overflow.
        head(out, major::NEGATIVE, (-1 - value) as u64);
    }
}

impl WriteCbor for f32 {
    #[inline]
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        out.push(0xfa);
        out.extend_from_slice(&self.to_bits().to_be_bytes());
        Ok(())
    }
}

impl WriteCbor for f64 {
    #[inline]
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        write_f64(out, *self);
        Ok(())
    }
}

#[inline]
fn write_f64(out: &mut Vec<u8>, value: f64) {
    out.push(0xfb);
    out.extend_from_slice(&value.to_bits().to_be_bytes());
}

impl WriteCbor for str {
    #[inline]
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        head(out, major::TEXT, self.len() as u64);
        out.extend_from_slice(self.as_bytes());
        Ok(())
    }
}

impl WriteCbor for String {
    #[inline]
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        self.as_str().write_cbor(out)
    }
}

/// A byte string.
impl WriteCbor for Blob {
    #[inline]
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        head(out, major::BYTES, self.as_bytes().len() as u64);
        out.extend_from_slice(self.as_bytes());
        Ok(())
    }
}

/// Tag 1 over a double: epoch seconds with the fraction.
impl WriteCbor for Timestamp {
    #[inline]
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        head(out, major::TAG, EPOCH_TAG);
        write_f64(out, self.as_epoch_seconds());
        Ok(())
    }
}

/// An empty map.
impl WriteCbor for Unit {
    #[inline]
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        head(out, major::MAP, 0);
        Ok(())
    }
}

impl<T: WriteCbor> WriteCbor for Vec<T> {
    #[inline]
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        list(self, out, |item, out| item.write_cbor(out))
    }
}

impl<K: AsRef<str>, V: WriteCbor> WriteCbor for BTreeMap<K, V> {
    #[inline]
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        map(self, out, |value, out| value.write_cbor(out))
    }
}

/// `null` for an absent item of a sparse list or map.
impl<T: WriteCbor> WriteCbor for Option<T> {
    #[inline]
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        optional(self, out, |item, out| item.write_cbor(out))
    }
}

impl<T: WriteCbor + ?Sized> WriteCbor for &T {
    #[inline]
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        (**self).write_cbor(out)
    }
}

impl<T: WriteCbor + ?Sized> WriteCbor for Box<T> {
    #[inline]
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        (**self).write_cbor(out)
    }
}

/// Writes a list as a definite-length array, each item with `write`.
#[inline]
pub fn list<T>(
    items: &[T],
    out: &mut Vec<u8>,
    mut write: impl FnMut(&T, &mut Vec<u8>) -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    head(out, major::ARRAY, items.len() as u64);
    for item in items {
        write(item, out)?;
    }
    Ok(())
}

/// Writes a map as a definite-length map of text keys, each value with
/// `write`.
#[inline]
pub fn map<K: AsRef<str>, T>(
    entries: &BTreeMap<K, T>,
    out: &mut Vec<u8>,
    mut write: impl FnMut(&T, &mut Vec<u8>) -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    head(out, major::MAP, entries.len() as u64);
    for (key, value) in entries {
        key.as_ref().write_cbor(out)?;
        write(value, out)?;
    }
    Ok(())
}

/// Writes an item of a sparse collection: `null` when absent.
#[inline]
pub fn optional<T>(
    item: &Option<T>,
    out: &mut Vec<u8>,
    write: impl FnOnce(&T, &mut Vec<u8>) -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    match item {
        Some(item) => write(item, out),
        None => {
            out.push(0xf6);
            Ok(())
        }
    }
}

/// The encoded text string of `key`, as the generator writes member names.
pub fn key_bytes(key: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(key.len() + 2);
    head(&mut out, major::TEXT, key.len() as u64);
    out.extend_from_slice(key.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(value: &dyn WriteCbor) -> Vec<u8> {
        let mut out = Vec::new();
        value.write_cbor(&mut out).unwrap();
        out
    }

    /// RFC 8949, Appendix A: the examples of integers, text, floats,
    /// arrays and maps in their preferred encoding.
    #[test]
    fn items_are_encoded_as_rfc_8949_appendix_a_shows() {
        let cases: [(&dyn WriteCbor, &[u8]); 14] = [
            (&0i64, &[0x00]),
            (&23i64, &[0x17]),
            (&24i64, &[0x18, 0x18]),
            (&100i64, &[0x18, 0x64]),
            (&1000i64, &[0x19, 0x03, 0xe8]),
            (&1_000_000i64, &[0x1a, 0x00, 0x0f, 0x42, 0x40]),
            (
                &1_000_000_000_000i64,
                &[0x1b, 0x00, 0x00, 0x00, 0xe8, 0xd4, 0xa5, 0x10, 0x00],
            ),
            (&-1i64, &[0x20]),
            (&-1000i64, &[0x39, 0x03, 0xe7]),
            (
                &i64::MIN,
                &[0x3b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            ),
            (
                &1.1f64,
                &[0xfb, 0x3f, 0xf1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a],
            ),
            (&100_000.0f32, &[0xfa, 0x47, 0xc3, 0x50, 0x00]),
            (&"\u{00fc}", &[0x62, 0xc3, 0xbc]),
            (&false, &[0xf4]),
        ];
        for (value, expected) in cases {
            assert_eq!(encoded(value), expected);
        }
        assert_eq!(encoded(&vec![1i32, 2, 3]), [0x83, 0x01, 0x02, 0x03]);
        let map = BTreeMap::from([("a".to_owned(), 1i32), ("b".to_owned(), 2)]);
        assert_eq!(encoded(&map), [0xa2, 0x61, 0x61, 0x01, 0x61, 0x62, 0x02]);
        assert_eq!(encoded(&Blob::new(vec![1, 2, 3, 4])), [0x44, 1, 2, 3, 4]);
        // Tag 1 over 1363896240.5, RFC 8949's own example of a tagged time.
        let time = Timestamp::from_epoch_seconds(1_363_896_240.5);
        assert_eq!(
            encoded(&time),
            [0xc1, 0xfb, 0x41, 0xd4, 0x52, 0xd9, 0xec, 0x20, 0x00, 0x00]
        );
    }

    /// RFC 8949's own examples of text strings, and a key past 23 bytes.
    #[test]
    fn keys_are_encoded_text_strings() {
        assert_eq!(key_bytes("a"), [0x61, b'a']);
        assert_eq!(key_bytes("IETF"), [0x64, b'I', b'E', b'T', b'F']);
        let long = "x".repeat(24);
        assert_eq!(&key_bytes(&long)[..2], [0x78, 24]);
    }

    #[test]
    fn structures_are_indefinite_maps_and_sparse_items_may_be_null() {
        let mut out = Vec::new();
        let mut object = Object::new(&mut out);
        1i32.write_cbor(object.key(&key_bytes("a"))).unwrap();
        optional(&None::<i32>, object.key(&key_bytes("b")), |v, out| {
            v.write_cbor(out)
        })
        .unwrap();
        object.end().unwrap();
        assert_eq!(out, [0xbf, 0x61, 0x61, 0x01, 0x61, 0x62, 0xf6, 0xff]);
    }
}
