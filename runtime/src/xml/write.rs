//! Writing request bodies as XML (restXml): each value is an element
//! whose name, namespace and collection layout the generated code gives,
//! as the model's traits say. Text and attribute values are escaped;
//! nothing else the writer is given is markup.

use std::collections::BTreeMap;

use crate::http_text::non_finite_text;
use crate::json::WriteError;
use crate::{Blob, Timestamp, TimestampFormat, Unit};

/// A value the generated code can write as XML.
pub trait WriteXml {
    /// Writes the value as the element `name`.
    fn write_xml(&self, out: &mut Writer<'_>, name: &Name);
}

/// `@xmlNamespace`: the namespace an element declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Namespace {
    /// Declared as `xmlns:prefix`, or as the default `xmlns` without one.
    pub prefix: Option<&'static str>,
    /// The namespace's URI.
    pub uri: &'static str,
}

/// An element's name and the namespace it declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Name {
    /// The element's name, prefix included if it has one.
    pub name: &'static str,
    /// The namespace the element declares.
    pub namespace: Option<Namespace>,
}

impl Name {
    /// An element that declares no namespace.
    pub const fn plain(name: &'static str) -> Self {
        Self {
            name,
            namespace: None,
        }
    }
}

/// A writer of one XML document into a buffer.
#[derive(Debug)]
pub struct Writer<'a> {
    out: &'a mut Vec<u8>,
    /// The first value that could not be written, which `finish` reports.
    failure: Option<WriteError>,
}

impl<'a> Writer<'a> {
    /// A writer appending to `out`.
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        Self { out, failure: None }
    }

    /// Ends the document, or gives the first value that could not be
    /// written: nothing invalid is sent.
    pub fn finish(self) -> Result<(), WriteError> {
        match self.failure {
            Some(failure) => Err(failure),
            None => Ok(()),
        }
    }

    /// Records that a union holds a member this crate does not know, which
    /// cannot be written.
    pub fn unknown_member(&mut self, union: &'static str) {
        self.failure
            .get_or_insert_with(|| WriteError::unknown_member(union));
    }

    /// Records that a streamed body cannot be written as XML text:
    /// [`Self::finish`] fails.
    pub fn streamed(&mut self) {
        self.failure.get_or_insert_with(WriteError::streamed);
    }

    /// Opens the start tag of `name`, with its namespace declaration;
    /// attributes may follow until [`Self::content`].
    pub fn start(&mut self, name: &Name) {
        self.out.push(b'<');
        self.out.extend_from_slice(name.name.as_bytes());
        if let Some(namespace) = name.namespace {
            match namespace.prefix {
                Some(prefix) => {
                    self.out.extend_from_slice(b" xmlns:");
                    self.out.extend_from_slice(prefix.as_bytes());
                }
                None => self.out.extend_from_slice(b" xmlns"),
            }
            self.out.extend_from_slice(b"=\"");
            escape_into(self.out, namespace.uri, true);
            self.out.push(b'"');
        }
    }

    /// Writes an attribute of the open start tag.
    pub fn attribute(&mut self, name: &str, value: &str) {
        self.out.push(b' ');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"=\"");
        escape_into(self.out, value, true);
        self.out.push(b'"');
    }

    /// Writes an attribute of the open start tag when it is set, as its
    /// text.
    pub fn optional_attribute<T: crate::http_text::HttpText>(
        &mut self,
        name: &str,
        value: &Option<T>,
    ) {
        if let Some(value) = value {
            self.attribute(name, &value.http_text());
        }
    }

    /// Closes the open start tag: the element's content follows.
    pub fn content(&mut self) {
        self.out.push(b'>');
    }

    /// Writes the end tag of `name`.
    pub fn end(&mut self, name: &Name) {
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.name.as_bytes());
        self.out.push(b'>');
    }

    /// Writes the element `name` holding `text`.
    pub fn text_element(&mut self, name: &Name, text: &str) {
        self.start(name);
        self.content();
        escape_into(self.out, text, false);
        self.end(name);
    }

    /// Writes the member `name`.
    pub fn member<T: WriteXml + ?Sized>(&mut self, name: &Name, value: &T) {
        value.write_xml(self, name);
    }

    /// Writes the member `name` when it is set.
    pub fn optional<T: WriteXml>(&mut self, name: &Name, value: &Option<T>) {
        if let Some(value) = value {
            value.write_xml(self, name);
        }
    }

    /// Writes the member `name` with `write`, for values that are not
    /// written as their type writes them (timestamps in a named format,
    /// collections).
    pub fn with<T: ?Sized>(&mut self, name: &Name, value: &T, write: WriteFn<T>) {
        write(value, self, name);
    }

    /// Writes the list `items` as the element `name` holding an element
    /// `item` for each, or, flattened (`item` is `None`), as an element
    /// `name` for each item, in its own namespace (`item_namespace`).
    pub fn list<T>(
        &mut self,
        name: &Name,
        items: &[T],
        item: Option<&Name>,
        item_namespace: Option<Namespace>,
        write: WriteFn<T>,
    ) {
        match item {
            Some(item) => {
                self.start(name);
                self.content();
                for value in items {
                    write(value, self, item);
                }
                self.end(name);
            }
            None => {
                let each = Name {
                    name: name.name,
                    namespace: item_namespace,
                };
                for value in items {
                    write(value, self, &each);
                }
            }
        }
    }

    /// Writes the map `entries` as the element `name` holding an `entry`
    /// element for each, or, flattened (`wrapped` false), as an element
    /// `name` for each; each holds the key and the value, in key order.
    pub fn map<K: AsRef<str>, V>(
        &mut self,
        name: &Name,
        entries: &BTreeMap<K, V>,
        wrapped: bool,
        names: (&Name, &Name),
        write: WriteFn<V>,
    ) {
        let (key_name, value_name) = names;
        let entry = if wrapped {
            self.start(name);
            self.content();
            Name::plain("entry")
        } else {
            *name
        };
        for (key, value) in entries {
            self.start(&entry);
            self.content();
            self.text_element(key_name, key.as_ref());
            write(value, self, value_name);
            self.end(&entry);
        }
        if wrapped {
            self.end(name);
        }
    }

    /// Writes a timestamp in `format` as the element `name`.
    pub fn timestamp(&mut self, name: &Name, value: &Timestamp, format: TimestampFormat) {
        self.text_element(name, &value.format(format));
    }
}

/// A writer of one value as a named element.
pub type WriteFn<T> = fn(&T, &mut Writer<'_>, &Name);

/// Appends `text` to `out` with the characters markup would take escaped;
/// in attributes, quotes and line ends too, so they read back as written.
fn escape_into(out: &mut Vec<u8>, text: &str, attribute: bool) {
    let mut start = 0;
    for (index, byte) in text.bytes().enumerate() {
        let escaped: &[u8] = match byte {
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'&' => b"&amp;",
            b'"' if attribute => b"&quot;",
            b'\n' if attribute => b"&#xA;",
            b'\r' => b"&#xD;",
            _ => continue,
        };
        out.extend_from_slice(&text.as_bytes()[start..index]);
        out.extend_from_slice(escaped);
        start = index + 1;
    }
    out.extend_from_slice(&text.as_bytes()[start..]);
}

impl WriteXml for str {
    fn write_xml(&self, out: &mut Writer<'_>, name: &Name) {
        out.text_element(name, self);
    }
}

impl WriteXml for String {
    fn write_xml(&self, out: &mut Writer<'_>, name: &Name) {
        out.text_element(name, self);
    }
}

impl WriteXml for bool {
    fn write_xml(&self, out: &mut Writer<'_>, name: &Name) {
        out.text_element(name, if *self { "true" } else { "false" });
    }
}

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl WriteXml for $ty {
            fn write_xml(&self, out: &mut Writer<'_>, name: &Name) {
                out.text_element(name, itoa::Buffer::new().format(*self));
            }
        }
    )*};
}

integers!(i8, i16, i32, i64);

macro_rules! floats {
    ($($ty:ty),*) => {$(
        impl WriteXml for $ty {
            fn write_xml(&self, out: &mut Writer<'_>, name: &Name) {
                match non_finite_text(f64::from(*self)) {
                    Some(text) => out.text_element(name, text),
                    None => out.text_element(name, &self.to_string()),
                }
            }
        }
    )*};
}

floats!(f32, f64);

/// Blobs in base64.
impl WriteXml for Blob {
    fn write_xml(&self, out: &mut Writer<'_>, name: &Name) {
        out.text_element(name, &crate::blob::base64_encode(self.as_bytes()));
    }
}

/// Base64, as a blob's: only bytes in memory have an XML form.
impl WriteXml for crate::ByteStream {
    fn write_xml(&self, out: &mut Writer<'_>, name: &Name) {
        match self.as_bytes() {
            Some(bytes) => out.text_element(name, &crate::blob::base64_encode(bytes)),
            None => out.streamed(),
        }
    }
}

/// Timestamps as date-times, the protocol's default.
impl WriteXml for Timestamp {
    fn write_xml(&self, out: &mut Writer<'_>, name: &Name) {
        out.timestamp(name, self, TimestampFormat::DateTime);
    }
}

#[cfg(feature = "big-numbers")]
impl WriteXml for crate::BigInteger {
    fn write_xml(&self, out: &mut Writer<'_>, name: &Name) {
        out.text_element(name, &self.to_string());
    }
}

#[cfg(feature = "big-numbers")]
impl WriteXml for crate::BigDecimal {
    fn write_xml(&self, out: &mut Writer<'_>, name: &Name) {
        out.text_element(name, &self.to_string());
    }
}

/// A union member targeting `Unit` is an empty element.
impl WriteXml for Unit {
    fn write_xml(&self, out: &mut Writer<'_>, name: &Name) {
        out.start(name);
        out.content();
        out.end(name);
    }
}

impl<T: WriteXml + ?Sized> WriteXml for Box<T> {
    fn write_xml(&self, out: &mut Writer<'_>, name: &Name) {
        (**self).write_xml(out, name);
    }
}

/// A sparse collection's unset item is left out.
impl<T: WriteXml> WriteXml for Option<T> {
    fn write_xml(&self, out: &mut Writer<'_>, name: &Name) {
        if let Some(value) = self {
            value.write_xml(out, name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(write: impl FnOnce(&mut Writer<'_>)) -> String {
        let mut out = Vec::new();
        let mut writer = Writer::new(&mut out);
        write(&mut writer);
        writer.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    const ROOT: Name = Name {
        name: "Root",
        namespace: Some(Namespace {
            prefix: None,
            uri: "https://example.com/",
        }),
    };

    #[test]
    fn elements_hold_escaped_text_and_declare_their_namespace() {
        let text = written(|out| {
            out.start(&ROOT);
            out.attribute("test", "<a&\"b\">\n");
            out.content();
            out.member(&Name::plain("s"), "x < y & z > w \"q\"");
            out.optional(&Name::plain("none"), &None::<i32>);
            out.member(
                &Name {
                    name: "n",
                    namespace: Some(Namespace {
                        prefix: Some("baz"),
                        uri: "http://baz.com",
                    }),
                },
                &-3i64,
            );
            out.member(&Name::plain("f"), &f64::NEG_INFINITY);
            out.member(&Name::plain("b"), &Blob::new(b"value".to_vec()));
            out.end(&ROOT);
        });
        assert_eq!(
            text,
            "<Root xmlns=\"https://example.com/\" test=\"&lt;a&amp;&quot;b&quot;&gt;&#xA;\">\
             <s>x &lt; y &amp; z &gt; w \"q\"</s><n xmlns:baz=\"http://baz.com\">-3</n>\
             <f>-Infinity</f><b>dmFsdWU=</b></Root>"
        );
    }

    #[test]
    fn lists_and_maps_wrap_their_items_or_flatten_them() {
        let items = vec!["a".to_owned(), "b".to_owned()];
        let item_ns = Some(Namespace {
            prefix: None,
            uri: "http://item.com",
        });
        let map: BTreeMap<String, i32> = [("k2".to_owned(), 2), ("k1".to_owned(), 1)].into();
        let text = written(|out| {
            let member = Name {
                name: "member",
                namespace: item_ns,
            };
            out.list(
                &Name::plain("L"),
                &items,
                Some(&member),
                None,
                WriteXml::write_xml,
            );
            out.list(
                &Name::plain("F"),
                &items,
                None,
                item_ns,
                WriteXml::write_xml,
            );
            out.list(
                &Name::plain("E"),
                &Vec::<String>::new(),
                Some(&member),
                None,
                WriteXml::write_xml,
            );
            let names = (&Name::plain("K"), &Name::plain("V"));
            out.map(&Name::plain("M"), &map, true, names, WriteXml::write_xml);
            out.map(&Name::plain("FM"), &map, false, names, WriteXml::write_xml);
        });
        assert_eq!(
            text,
            "<L><member xmlns=\"http://item.com\">a</member><member xmlns=\"http://item.com\">b</member></L>\
             <F xmlns=\"http://item.com\">a</F><F xmlns=\"http://item.com\">b</F><E></E>\
             <M><entry><K>k1</K><V>1</V></entry><entry><K>k2</K><V>2</V></entry></M>\
             <FM><K>k1</K><V>1</V></FM><FM><K>k2</K><V>2</V></FM>"
        );
    }

    #[test]
    fn an_unknown_union_member_fails_the_document() {
        let mut out = Vec::new();
        let mut writer = Writer::new(&mut out);
        writer.unknown_member("Choice");
        assert!(writer.finish().unwrap_err().to_string().contains("Choice"));
    }

    /// What the writer writes, the reader reads back.
    #[test]
    fn text_reads_back_as_written() {
        let text = "a<b>&c\"d'e\r\nf";
        let xml = written(|out| {
            out.start(&ROOT);
            out.attribute("at", text);
            out.content();
            out.member(&Name::plain("t"), text);
            out.end(&ROOT);
        });
        let mut reader = crate::xml::Reader::new(xml.as_bytes());
        reader.root().unwrap();
        assert_eq!(reader.attribute("at").unwrap().as_deref(), Some(text));
        assert_eq!(reader.next_child().unwrap(), Some("t"));
        assert_eq!(reader.text().unwrap(), text);
    }
}
