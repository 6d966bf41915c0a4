//! Requests of the awsQuery and ec2Query protocols: a form of
//! `key=value` pairs, `application/x-www-form-urlencoded`, whose keys are
//! paths of member names joined by `.` (`Filter.member.1.Name`).
//!
//! What a key is made of (the member's name, a list's item name or none
//! for a flattened list, a map's entry names) is decided by the generator
//! from the protocol and the model's traits; this writer only joins and
//! encodes. The two protocols differ here in one thing the writer holds:
//! awsQuery sends an empty list as the key with no value, ec2Query sends
//! nothing.

use std::collections::BTreeMap;

use crate::http_text::non_finite_text;
use crate::json::WriteError;
use crate::request::encode::percent_encode_into;
use crate::{Blob, Timestamp, TimestampFormat, Unit};

/// A value the generated code can write into a form.
pub trait WriteQuery {
    /// Writes the value under the writer's current key.
    fn write_query(&self, out: &mut Writer);
}

/// A writer of one request's form.
#[derive(Debug)]
pub struct Writer {
    body: String,
    /// The key of the value being written.
    key: String,
    empty_lists: bool,
    /// The first value that could not be written, which `finish` reports.
    failure: Option<WriteError>,
}

/// The names of a map entry's parts in a key.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// `entry`, or `None` for a flattened map.
    pub entry: Option<&'static str>,
    /// The key's name.
    pub key: &'static str,
    /// The value's name.
    pub value: &'static str,
}

impl Writer {
    /// A form for awsQuery, starting with the operation and the API version.
    pub fn aws_query(action: &str, version: &str) -> Self {
        Self::new(action, version, true)
    }

    /// A form for ec2Query, starting with the operation and the API version.
    pub fn ec2_query(action: &str, version: &str) -> Self {
        Self::new(action, version, false)
    }

    fn new(action: &str, version: &str, empty_lists: bool) -> Self {
        let mut writer = Self {
            body: String::with_capacity(256),
            key: String::new(),
            empty_lists,
            failure: None,
        };
        writer.pair("Action", action);
        writer.pair("Version", version);
        writer
    }

    /// Appends the form to `out`, or gives the first value that could not
    /// be written: nothing invalid is sent.
    pub fn finish_into(self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        if let Some(failure) = self.failure {
            return Err(failure);
        }
        out.extend_from_slice(self.body.as_bytes());
        Ok(())
    }

    /// Records that a union holds a member this crate does not know, which
    /// cannot be written.
    pub fn unknown_member(&mut self, union: &'static str) {
        self.failure
            .get_or_insert_with(|| WriteError::unknown_member(union));
    }

    fn pair(&mut self, key: &str, value: &str) {
        if !self.body.is_empty() {
            self.body.push('&');
        }
        percent_encode_into(&mut self.body, key, false);
        self.body.push('=');
        percent_encode_into(&mut self.body, value, false);
    }

    /// Writes `text` as the value of the current key.
    pub fn value(&mut self, text: &str) {
        if !self.body.is_empty() {
            self.body.push('&');
        }
        percent_encode_into(&mut self.body, &self.key, false);
        self.body.push('=');
        percent_encode_into(&mut self.body, text, false);
    }

    /// Runs `write` with `name` appended to the key.
    fn under(&mut self, name: &str, write: impl FnOnce(&mut Self)) {
        let len = self.key.len();
        if len > 0 {
            self.key.push('.');
        }
        self.key.push_str(name);
        write(self);
        self.key.truncate(len);
    }

    /// Runs `write` with the 1-based `index` appended to the key.
    fn at_index(&mut self, index: usize, write: impl FnOnce(&mut Self)) {
        let mut buffer = itoa::Buffer::new();
        self.under(buffer.format(index + 1), write);
    }

    /// Writes the member `name`.
    pub fn member<T: WriteQuery + ?Sized>(&mut self, name: &str, value: &T) {
        self.under(name, |out| value.write_query(out));
    }

    /// Writes the member `name` when it is set.
    pub fn optional<T: WriteQuery>(&mut self, name: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.member(name, value);
        }
    }

    /// Writes the member `name` with `write`, for values that are not
    /// written as their type writes them (timestamps in a named format,
    /// collections).
    pub fn with<T: ?Sized>(&mut self, name: &str, value: &T, write: fn(&T, &mut Self)) {
        self.under(name, |out| write(value, out));
    }

    /// Writes the list `items` under the current key: each under `item`
    /// (`member`, or the list's own item name) and its 1-based index, or
    /// under the index alone when `item` is `None` (a flattened list).
    pub fn list<T>(&mut self, items: &[T], item: Option<&str>, write: fn(&T, &mut Self)) {
        if items.is_empty() {
            if self.empty_lists {
                self.value("");
            }
            return;
        }
        let each = |out: &mut Self| {
            for (index, value) in items.iter().enumerate() {
                out.at_index(index, |out| write(value, out));
            }
        };
        match item {
            Some(item) => self.under(item, each),
            None => each(self),
        }
    }

    /// Writes the map `entries` under the current key, in key order: each
    /// entry under `entry` and its 1-based index, its key and value under
    /// their names.
    pub fn map<K: AsRef<str>, V>(
        &mut self,
        entries: &BTreeMap<K, V>,
        names: Entry,
        write: fn(&V, &mut Self),
    ) {
        let each = |out: &mut Self| {
            for (index, (key, value)) in entries.iter().enumerate() {
                out.at_index(index, |out| {
                    out.under(names.key, |out| out.value(key.as_ref()));
                    out.under(names.value, |out| write(value, out));
                });
            }
        };
        match names.entry {
            Some(entry) => self.under(entry, each),
            None => each(self),
        }
    }

    /// Writes a timestamp in `format`.
    pub fn timestamp(&mut self, value: &Timestamp, format: TimestampFormat) {
        self.value(&value.format(format));
    }
}

impl WriteQuery for str {
    fn write_query(&self, out: &mut Writer) {
        out.value(self);
    }
}

impl WriteQuery for String {
    fn write_query(&self, out: &mut Writer) {
        out.value(self);
    }
}

impl WriteQuery for bool {
    fn write_query(&self, out: &mut Writer) {
        out.value(if *self { "true" } else { "false" });
    }
}

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl WriteQuery for $ty {
            fn write_query(&self, out: &mut Writer) {
                out.value(itoa::Buffer::new().format(*self));
            }
        }
    )*};
}

integers!(i8, i16, i32, i64);

macro_rules! floats {
    ($($ty:ty),*) => {$(
        impl WriteQuery for $ty {
            fn write_query(&self, out: &mut Writer) {
                match non_finite_text(f64::from(*self)) {
                    Some(text) => out.value(text),
                    None => out.value(&self.to_string()),
                }
            }
        }
    )*};
}

floats!(f32, f64);

/// Blobs in base64.
impl WriteQuery for Blob {
    fn write_query(&self, out: &mut Writer) {
        out.value(&crate::blob::base64_encode(self.as_bytes()));
    }
}

/// Timestamps as date-times, the protocols' default.
impl WriteQuery for Timestamp {
    fn write_query(&self, out: &mut Writer) {
        out.timestamp(self, TimestampFormat::DateTime);
    }
}

#[cfg(feature = "big-numbers")]
impl WriteQuery for crate::BigInteger {
    fn write_query(&self, out: &mut Writer) {
        out.value(&self.to_string());
    }
}

#[cfg(feature = "big-numbers")]
impl WriteQuery for crate::BigDecimal {
    fn write_query(&self, out: &mut Writer) {
        out.value(&self.to_string());
    }
}

/// A union member targeting `Unit` is its key alone.
impl WriteQuery for Unit {
    fn write_query(&self, out: &mut Writer) {
        out.value("");
    }
}

impl<T: WriteQuery + ?Sized> WriteQuery for Box<T> {
    fn write_query(&self, out: &mut Writer) {
        (**self).write_query(out);
    }
}

/// A sparse collection's unset item is left out.
impl<T: WriteQuery> WriteQuery for Option<T> {
    fn write_query(&self, out: &mut Writer) {
        if let Some(value) = self {
            value.write_query(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(write: impl FnOnce(&mut Writer)) -> String {
        let mut out = Writer::aws_query("Op", "2020-01-08");
        write(&mut out);
        finished(out)
    }

    fn finished(out: Writer) -> String {
        let mut bytes = Vec::new();
        out.finish_into(&mut bytes).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn keys_join_member_names_and_values_are_encoded() {
        let body = form(|out| {
            out.member("Nested", "a b:c=d");
            out.optional("Missing", &None::<String>);
            out.optional("Flag", &Some(false));
            out.member("Count", &10i32);
            out.member("Ratio", &10.8f64);
            out.member("Nan", &f32::NAN);
            out.member("Data", &Blob::new(b"value".to_vec()));
        });
        assert_eq!(
            body,
            "Action=Op&Version=2020-01-08&Nested=a%20b%3Ac%3Dd&Flag=false&Count=10&Ratio=10.8&Nan=NaN&Data=dmFsdWU%3D"
        );
    }

    #[test]
    fn lists_are_numbered_from_one_under_their_item_name_or_flattened() {
        let items = vec!["foo".to_owned(), "bar".to_owned()];
        let write: fn(&String, &mut Writer) = |item, out| item.write_query(out);
        let body = form(|out| {
            out.with("Wrapped", &items, |items, out| {
                out.list(items, Some("member"), WriteQuery::write_query)
            });
            out.under("Flat", |out| out.list(&items, None, write));
            out.under("Empty", |out| out.list(&Vec::<String>::new(), None, write));
        });
        assert_eq!(
            body,
            "Action=Op&Version=2020-01-08&Wrapped.member.1=foo&Wrapped.member.2=bar&Flat.1=foo&Flat.2=bar&Empty="
        );
        let mut ec2 = Writer::ec2_query("Op", "1");
        ec2.under("Empty", |out| out.list(&Vec::<String>::new(), None, write));
        assert_eq!(finished(ec2), "Action=Op&Version=1");
    }

    #[test]
    fn an_unknown_union_member_fails_the_form() {
        let mut out = Writer::aws_query("Op", "1");
        out.member("A", "x");
        out.unknown_member("Choice");
        out.unknown_member("Other");
        let error = out.finish_into(&mut Vec::new()).unwrap_err();
        assert!(error.to_string().contains("Choice"), "{error}");
    }

    #[test]
    fn maps_are_numbered_entries_in_key_order() {
        let map: BTreeMap<String, i32> = [("foo".to_owned(), 1), ("bar".to_owned(), 2)].into();
        let names = Entry {
            entry: Some("entry"),
            key: "key",
            value: "value",
        };
        let body = form(|out| {
            out.under("M", |out| out.map(&map, names, |v, out| v.write_query(out)));
            let flat = Entry {
                entry: None,
                key: "K",
                value: "V",
            };
            out.under("F", |out| out.map(&map, flat, |v, out| v.write_query(out)));
        });
        assert_eq!(
            body,
            "Action=Op&Version=2020-01-08&M.entry.1.key=bar&M.entry.1.value=2&M.entry.2.key=foo&M.entry.2.value=1&F.1.K=bar&F.1.V=2&F.2.K=foo&F.2.V=1"
        );
    }
}
