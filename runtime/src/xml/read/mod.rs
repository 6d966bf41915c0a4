//! Reading response bodies as XML, leniently, as responses are read:
//! elements the model does not list are skipped with everything in them,
//! text between elements is ignored, and names are matched without their
//! namespace prefix.
//!
//! A generated reader is called with the start tag of its element read and
//! reads through the matching end tag: a structure asks for its members
//! with [`Reader::next_member`], a value for its text with [`Reader::text`].
//! Hostile input costs linear work and bounded memory: elements nest at
//! most [`MAX_DEPTH`] deep, skipping reuses the same tokenizer, and an
//! error names the member path and the byte offset.

mod impls;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

pub use impls::attribute;

/// How deeply elements may nest.
pub const MAX_DEPTH: usize = 128;

/// A value the generated code can read from XML.
pub trait ReadXml: Sized {
    /// Reads the content of the element whose start tag was just read,
    /// through its end tag.
    fn read_xml(reader: &mut Reader<'_>) -> Result<Self, XmlError>;
}

/// A body that is not the XML the model describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    offset: usize,
    message: String,
    /// Member names from the outermost in, filled in as the error rises.
    path: Vec<String>,
}

impl XmlError {
    fn new(offset: usize, message: impl Into<String>) -> Self {
        Self {
            offset,
            message: message.into(),
            path: Vec::new(),
        }
    }

    /// The same error, inside the member `name`.
    pub fn at_member(mut self, name: &str) -> Self {
        self.path.insert(0, name.to_owned());
        self
    }

    /// The byte offset where the problem was found.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Where in the body: member names joined by `.`, or `$` at the top.
    pub fn path(&self) -> String {
        if self.path.is_empty() {
            "$".to_owned()
        } else {
            self.path.join(".")
        }
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at {} (byte {})",
            self.message,
            self.path(),
            self.offset
        )
    }
}

impl std::error::Error for XmlError {}

/// A byte range of the input.
type Span = (usize, usize);

/// A cursor over an XML document.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// The names of the open elements, innermost last.
    open: Vec<Span>,
    /// The last start tag closed itself (`<a/>`), so its element, still
    /// on `open`, has no content.
    empty: bool,
    /// The attributes of the last start tag, as written.
    attributes: Span,
}

impl<'a> Reader<'a> {
    /// A reader of `bytes`, before the root element.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            pos: 0,
            open: Vec::new(),
            empty: false,
            attributes: (0, 0),
        }
    }

    fn error(&self, message: impl Into<String>) -> XmlError {
        XmlError::new(self.pos, message)
    }

    fn rest(&self) -> &'a [u8] {
        &self.bytes[self.pos.min(self.bytes.len())..]
    }

    fn text_of(&self, (start, end): Span) -> Result<&'a str, XmlError> {
        std::str::from_utf8(&self.bytes[start..end])
            .map_err(|_| XmlError::new(start, "text that is not UTF-8"))
    }

    /// Moves past the next `pattern`, or fails naming `what` was left open.
    fn skip_past(&mut self, pattern: &[u8], what: &str) -> Result<(), XmlError> {
        match find(self.rest(), pattern) {
            Some(at) => {
                self.pos += at + pattern.len();
                Ok(())
            }
            None => Err(self.error(format!("{what} that does not end"))),
        }
    }

    /// Reads the prolog and the root element's start tag, giving its name.
    /// A document type declaration is refused: it is the door to external
    /// entities and to entity expansion, and no service sends one.
    pub fn root(&mut self) -> Result<&'a str, XmlError> {
        if self.rest().starts_with(b"\xEF\xBB\xBF") {
            self.pos += 3;
        }
        loop {
            self.skip_whitespace();
            let rest = self.rest();
            if rest.starts_with(b"<?") {
                self.skip_past(b"?>", "a processing instruction")?;
            } else if rest.starts_with(b"<!--") {
                self.skip_past(b"-->", "a comment")?;
            } else if rest.starts_with(b"<!") {
                return Err(self.error("a document type declaration, which is not read"));
            } else if rest.starts_with(b"<") {
                let name = self.start_tag()?;
                return Ok(local_name(name));
            } else if rest.is_empty() {
                return Err(self.error("no root element"));
            } else {
                return Err(self.error("text before the root element"));
            }
        }
    }

    /// The name of the innermost open element, without its prefix.
    pub fn open_name(&self) -> Option<&'a str> {
        let span = *self.open.last()?;
        self.text_of(span).ok().map(local_name)
    }

    /// Checks that nothing but comments, processing instructions and
    /// whitespace follows the root element.
    pub fn end(&mut self) -> Result<(), XmlError> {
        if !self.open.is_empty() {
            return Err(self.error("the root element is not closed"));
        }
        loop {
            self.skip_whitespace();
            let rest = self.rest();
            if rest.is_empty() {
                return Ok(());
            } else if rest.starts_with(b"<?") {
                self.skip_past(b"?>", "a processing instruction")?;
            } else if rest.starts_with(b"<!--") {
                self.skip_past(b"-->", "a comment")?;
            } else {
                return Err(self.error("content after the root element"));
            }
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Reads a start tag at `<`, opening its element; gives its name.
    fn start_tag(&mut self) -> Result<&'a str, XmlError> {
        if self.open.len() >= MAX_DEPTH {
            return Err(self.error(format!("elements nested more than {MAX_DEPTH} deep")));
        }
        let start = self.pos + 1;
        let name_end = start
            + self.bytes[start..]
                .iter()
                .position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))
                .ok_or_else(|| self.error("a start tag that does not end"))?;
        if name_end == start {
            return Err(self.error("a start tag without a name"));
        }
        // The tag ends at the first `>` outside a quoted attribute value.
        let mut quote = None;
        let mut end = name_end;
        loop {
            match (self.bytes.get(end), quote) {
                (None, _) => return Err(self.error("a start tag that does not end")),
                (Some(b'>'), None) => break,
                (Some(&q @ (b'"' | b'\'')), None) => quote = Some(q),
                (Some(&b), Some(q)) if b == q => quote = None,
                _ => {}
            }
            end += 1;
        }
        self.empty = self.bytes[end - 1] == b'/' && end > name_end;
        let attributes_end = if self.empty { end - 1 } else { end };
        self.attributes = (name_end, attributes_end);
        self.open.push((start, name_end));
        self.pos = end + 1;
        self.text_of((start, name_end))
    }

    /// Reads an end tag at `</`, closing the innermost element, whose name
    /// it must have.
    fn end_tag(&mut self) -> Result<(), XmlError> {
        let at = self.pos;
        let start = at + 2;
        let close = find(&self.bytes[start..], b">")
            .ok_or_else(|| self.error("an end tag that does not end"))?;
        let name = self.bytes[start..start + close].trim_ascii_end();
        let Some(&(open_start, open_end)) = self.open.last() else {
            return Err(self.error("an end tag with no element open"));
        };
        if name != &self.bytes[open_start..open_end] {
            return Err(XmlError::new(
                at,
                format!(
                    "`</{}>` where `</{}>` closes the open element",
                    String::from_utf8_lossy(name),
                    String::from_utf8_lossy(&self.bytes[open_start..open_end])
                ),
            ));
        }
        self.open.pop();
        self.pos = start + close + 1;
        Ok(())
    }

    /// Closes a self-closed element, when the last start tag was one.
    fn close_empty(&mut self) -> bool {
        if self.empty {
            self.empty = false;
            self.open.pop();
            true
        } else {
            false
        }
    }

    /// Moves to the next markup in content, past text; what it is.
    fn next_markup(&mut self) -> Result<Markup, XmlError> {
        let Some(at) = self.rest().iter().position(|b| *b == b'<') else {
            self.pos = self.bytes.len();
            return Err(self.error("the document ends inside an element"));
        };
        self.pos += at;
        let rest = self.rest();
        Ok(if rest.starts_with(b"</") {
            Markup::End
        } else if rest.starts_with(b"<!--") {
            Markup::Comment
        } else if rest.starts_with(b"<![CDATA[") {
            Markup::CData
        } else if rest.starts_with(b"<?") {
            Markup::Instruction
        } else if rest.starts_with(b"<!") {
            return Err(self.error("a declaration inside an element"));
        } else {
            Markup::Start
        })
    }

    /// Skips a comment, CDATA section or processing instruction at the
    /// cursor.
    fn skip_markup(&mut self, markup: Markup) -> Result<(), XmlError> {
        match markup {
            Markup::Comment => self.skip_past(b"-->", "a comment"),
            Markup::CData => self.skip_past(b"]]>", "a CDATA section"),
            Markup::Instruction => self.skip_past(b"?>", "a processing instruction"),
            Markup::Start | Markup::End => Ok(()),
        }
    }

    /// The next child element of the open element, its start tag read,
    /// giving its name without a prefix; `None`, with the open element
    /// closed, when it has no more. Text between children is ignored.
    pub fn next_child(&mut self) -> Result<Option<&'a str>, XmlError> {
        if self.close_empty() {
            return Ok(None);
        }
        loop {
            match self.next_markup()? {
                Markup::End => {
                    self.end_tag()?;
                    return Ok(None);
                }
                Markup::Start => return self.start_tag().map(|name| Some(local_name(name))),
                other => self.skip_markup(other)?,
            }
        }
    }

    /// The position in `members` (a structure's element names) of the next
    /// child element it lists, its start tag read, or `None` when the open
    /// element ends; other elements are skipped. Generated readers match
    /// on the position, which compiles to one integer switch.
    pub fn next_member(&mut self, members: &[&str]) -> Result<Option<usize>, XmlError> {
        while let Some(name) = self.next_child()? {
            match members.iter().position(|member| *member == name) {
                Some(index) => return Ok(Some(index)),
                None => self.skip_element()?,
            }
        }
        Ok(None)
    }

    /// Skips the rest of the open element, whatever it holds.
    pub fn skip_element(&mut self) -> Result<(), XmlError> {
        let Some(outer) = self.open.len().checked_sub(1) else {
            return Ok(());
        };
        loop {
            if self.close_empty() {
                if self.open.len() == outer {
                    return Ok(());
                }
                continue;
            }
            match self.next_markup()? {
                Markup::End => {
                    self.end_tag()?;
                    if self.open.len() == outer {
                        return Ok(());
                    }
                }
                Markup::Start => {
                    self.start_tag()?;
                }
                other => self.skip_markup(other)?,
            }
        }
    }

    /// The text of the open element, entities and character references
    /// replaced and CDATA sections kept as written, through its end tag.
    /// An element inside it is an error: a value was expected.
    pub fn text(&mut self) -> Result<Cow<'a, str>, XmlError> {
        let mut text: Cow<'a, str> = Cow::Borrowed("");
        if self.close_empty() {
            return Ok(text);
        }
        loop {
            let start = self.pos;
            let markup = self.next_markup()?;
            self.append_text(&mut text, (start, self.pos))?;
            match markup {
                Markup::End => {
                    self.end_tag()?;
                    return Ok(text);
                }
                Markup::CData => {
                    let start = self.pos + b"<![CDATA[".len();
                    self.skip_past(b"]]>", "a CDATA section")?;
                    let raw = self.text_of((start, self.pos - 3))?;
                    append(&mut text, raw);
                }
                Markup::Start => return Err(self.error("an element where text was expected")),
                other => self.skip_markup(other)?,
            }
        }
    }

    /// Appends the character data in `span` to `text`, decoded; line ends
    /// are normalised to `\n`, as XML requires of a reader.
    fn append_text(&self, text: &mut Cow<'a, str>, span: Span) -> Result<(), XmlError> {
        let raw = self.text_of(span)?;
        if !raw.contains(['&', '\r']) {
            append(text, raw);
            return Ok(());
        }
        let out = text.to_mut();
        let mut rest = raw;
        while let Some(at) = rest.find(['&', '\r']) {
            out.push_str(&rest[..at]);
            if rest.as_bytes()[at] == b'\r' {
                out.push('\n');
                rest = rest[at + 1..].strip_prefix('\n').unwrap_or(&rest[at + 1..]);
                continue;
            }
            let offset = span.0 + (raw.len() - rest.len()) + at;
            let after = &rest[at + 1..];
            let end = after
                .bytes()
                .take(12)
                .position(|b| b == b';')
                .ok_or_else(|| XmlError::new(offset, "an `&` that starts no reference"))?;
            out.push(reference(&after[..end]).ok_or_else(|| {
                XmlError::new(
                    offset,
                    format!(
                        "`&{};`, which is not a predefined entity or a character reference",
                        &after[..end]
                    ),
                )
            })?);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(())
    }

    /// The value of the last start tag's attribute `name` (as written,
    /// prefix included), references replaced.
    pub fn attribute(&self, name: &str) -> Result<Option<Cow<'a, str>>, XmlError> {
        let (mut at, end) = self.attributes;
        let bytes = &self.bytes[..end];
        let skip_space = |mut at: usize| {
            while at < end && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            at
        };
        loop {
            at = skip_space(at);
            if at >= end {
                return Ok(None);
            }
            let name_start = at;
            while at < end && !matches!(bytes[at], b'=' | b' ' | b'\t' | b'\r' | b'\n') {
                at += 1;
            }
            let found = &bytes[name_start..at];
            let malformed = || XmlError::new(name_start, "a malformed attribute");
            at = skip_space(at);
            if bytes.get(at) != Some(&b'=') {
                return Err(malformed());
            }
            at = skip_space(at + 1);
            let quote = match bytes.get(at) {
                Some(&q @ (b'"' | b'\'')) => q,
                _ => return Err(malformed()),
            };
            let value_start = at + 1;
            let value_len = bytes[value_start..]
                .iter()
                .position(|b| *b == quote)
                .ok_or_else(malformed)?;
            at = value_start + value_len + 1;
            if found == name.as_bytes() {
                let mut value = Cow::Borrowed("");
                self.append_text(&mut value, (value_start, value_start + value_len))?;
                return Ok(Some(value));
            }
        }
    }
}

/// What comes next in an element's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Markup {
    Start,
    End,
    Comment,
    CData,
    Instruction,
}

/// `name` without its namespace prefix.
fn local_name(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn append<'a>(text: &mut Cow<'a, str>, more: &'a str) {
    if text.is_empty() {
        *text = Cow::Borrowed(more);
    } else {
        text.to_mut().push_str(more);
    }
}

/// The character a reference names (`lt`, `#60`, `#x3C`), if it is one of
/// XML's five entities or a character reference.
fn reference(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let code = match name.strip_prefix("#x") {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => name.strip_prefix('#')?.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

/// Where `pattern` first occurs in `bytes`.
fn find(bytes: &[u8], pattern: &[u8]) -> Option<usize> {
    let first = pattern[0];
    let mut from = 0;
    while let Some(at) = bytes[from..].iter().position(|b| *b == first) {
        let at = from + at;
        if bytes[at..].starts_with(pattern) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Reads a structure member's element into its slot.
pub fn member<T: ReadXml>(
    reader: &mut Reader<'_>,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), XmlError> {
    *slot = Some(T::read_xml(reader).map_err(|e| e.at_member(name))?);
    Ok(())
}

/// Reads the value of the union member `name`.
pub fn variant<T: ReadXml>(reader: &mut Reader<'_>, name: &'static str) -> Result<T, XmlError> {
    T::read_xml(reader).map_err(|e| e.at_member(name))
}

/// Records the one member of a union; a second is an error.
pub fn set_variant<U>(reader: &Reader<'_>, slot: &mut Option<U>, value: U) -> Result<(), XmlError> {
    if slot.replace(value).is_some() {
        return Err(reader.error("a union with more than one member set"));
    }
    Ok(())
}

/// The member a union element set; one that sets none is an error.
pub fn finish_union<U>(reader: &Reader<'_>, slot: Option<U>) -> Result<U, XmlError> {
    slot.ok_or_else(|| reader.error("a union with no member set"))
}

/// A reader of one value, for the items of collections.
pub type ReadFn<T> = fn(&mut Reader<'_>) -> Result<T, XmlError>;

/// Reads a wrapped list member: its `item` children, each by `read`.
pub fn list<T>(
    reader: &mut Reader<'_>,
    slot: &mut Option<Vec<T>>,
    name: &'static str,
    item: &'static str,
    read: ReadFn<T>,
) -> Result<(), XmlError> {
    *slot = Some(read_list(reader, item, read).map_err(|e| e.at_member(name))?);
    Ok(())
}

/// The `item` children of the open element, each read by `read`; other
/// children are skipped.
pub fn read_list<T>(
    reader: &mut Reader<'_>,
    item: &str,
    read: ReadFn<T>,
) -> Result<Vec<T>, XmlError> {
    let mut items = Vec::new();
    while let Some(name) = reader.next_child()? {
        if name == item {
            items.push(read(reader)?);
        } else {
            reader.skip_element()?;
        }
    }
    Ok(items)
}

/// Reads one item of a flattened list member, whose items are repeated
/// elements of the member's name.
pub fn flat_item<T>(
    reader: &mut Reader<'_>,
    slot: &mut Option<Vec<T>>,
    name: &'static str,
    read: ReadFn<T>,
) -> Result<(), XmlError> {
    let item = read(reader).map_err(|e| e.at_member(name))?;
    slot.get_or_insert_with(Vec::new).push(item);
    Ok(())
}

/// The names of a map's key and value elements.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The key element's name.
    pub key: &'static str,
    /// The value element's name.
    pub value: &'static str,
}

/// Reads a map key, a string or an enum, from the open element's text.
pub fn read_key<K: for<'t> From<&'t str>>(reader: &mut Reader<'_>) -> Result<K, XmlError> {
    reader.text().map(|text| K::from(&*text))
}

/// Reads a wrapped map member: its `entry` children.
pub fn map<K: Ord, V>(
    reader: &mut Reader<'_>,
    slot: &mut Option<BTreeMap<K, V>>,
    name: &'static str,
    entry: Entry,
    read: (ReadFn<K>, ReadFn<V>),
) -> Result<(), XmlError> {
    *slot = Some(read_map(reader, entry, read).map_err(|e| e.at_member(name))?);
    Ok(())
}

/// The `entry` children of the open element as a map; an entry without a
/// key or a value is dropped.
pub fn read_map<K: Ord, V>(
    reader: &mut Reader<'_>,
    entry: Entry,
    read: (ReadFn<K>, ReadFn<V>),
) -> Result<BTreeMap<K, V>, XmlError> {
    let mut map = BTreeMap::new();
    while let Some(name) = reader.next_child()? {
        if name == "entry" {
            if let Some((key, value)) = read_entry(reader, entry, read)? {
                map.insert(key, value);
            }
        } else {
            reader.skip_element()?;
        }
    }
    Ok(map)
}

/// Reads one entry of a flattened map member, whose entries are repeated
/// elements of the member's name.
pub fn flat_entry<K: Ord, V>(
    reader: &mut Reader<'_>,
    slot: &mut Option<BTreeMap<K, V>>,
    name: &'static str,
    entry: Entry,
    read: (ReadFn<K>, ReadFn<V>),
) -> Result<(), XmlError> {
    let map = slot.get_or_insert_with(BTreeMap::new);
    if let Some((key, value)) = read_entry(reader, entry, read).map_err(|e| e.at_member(name))? {
        map.insert(key, value);
    }
    Ok(())
}

fn read_entry<K, V>(
    reader: &mut Reader<'_>,
    entry: Entry,
    (read_key, read_value): (ReadFn<K>, ReadFn<V>),
) -> Result<Option<(K, V)>, XmlError> {
    let (mut key, mut value) = (None, None);
    while let Some(name) = reader.next_child()? {
        if name == entry.key {
            key = Some(read_key(reader)?);
        } else if name == entry.value {
            value = Some(read_value(reader)?);
        } else {
            reader.skip_element()?;
        }
    }
    Ok(key.zip(value))
}
