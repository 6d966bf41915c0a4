//! Reading JSON into generated types, in one of two modes.
//!
//! - **Strict**, for input written by people (`from_json`): a missing
//!   `@required` member, an unknown member, a repeated key, a value of the
//!   wrong JSON type and a `null` in a collection that is not `@sparse` are
//!   all errors, each with the path to it.
//! - **Lenient**, for service responses: unknown members are skipped so a
//!   newer service never breaks an older client, missing required members
//!   are error-corrected as Smithy says, and `null` items of dense
//!   collections are dropped. Values of the wrong type are still errors.
//!
//! The generated `ReadJson` impls drive a pull parser over the bytes, so a
//! value is read once, without an intermediate tree. Errors collect their
//! path while they propagate, so the path costs nothing on success.
//!
//! Every step is linear in the input, errors included. An error's line and
//! column are found by scanning from where the last error was located, not
//! from the start: errors come at increasing places, so however many a
//! reader makes, the text is scanned once. Rescanning from the start for
//! each made a body of many failing members quadratic. Reading without
//! errors does no line counting at all.

use std::borrow::Cow;

use crate::error_correction::ErrorCorrection;
use crate::UnknownMember;

/// How deeply objects and arrays may nest, as serde_json allows.
const MAX_DEPTH: u16 = 128;

/// A type the generated code can read from JSON.
pub trait ReadJson: Sized {
    /// Whether `null` is a value of the type, which is so only for `Option`.
    const NULLABLE: bool = false;

    /// Reads one value.
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError>;
}

/// A pull parser over JSON bytes.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    strict: bool,
    depth: u16,
    /// Where the last member name began, for errors about the member.
    key_pos: usize,
    /// The last place an error was located, with its line.
    located: std::cell::Cell<Located>,
    /// Bytes looked at, for the tests that prove reading linear.
    #[cfg(test)]
    steps: std::cell::Cell<usize>,
}

/// A place in the text, with its line already known.
#[derive(Debug, Clone, Copy)]
struct Mark {
    line: usize,
    column: usize,
}

/// A located place: its offset, its line (from 1) and where that line
/// starts.
#[derive(Debug, Clone, Copy)]
struct Located {
    offset: usize,
    line: usize,
    line_start: usize,
}

impl Located {
    const START: Self = Self {
        offset: 0,
        line: 1,
        line_start: 0,
    };
}

/// The members of an object being read, one key at a time.
#[derive(Debug)]
pub struct ObjectReader {
    first: bool,
}

/// The items of an array being read.
#[derive(Debug)]
pub struct ArrayReader {
    first: bool,
}

impl<'a> Reader<'a> {
    /// A reader for input written by people: see the module documentation.
    pub fn strict(bytes: &'a [u8]) -> Self {
        Self::new(bytes, true)
    }

    /// A reader for service responses: see the module documentation.
    pub fn lenient(bytes: &'a [u8]) -> Self {
        Self::new(bytes, false)
    }

    fn new(bytes: &'a [u8], strict: bool) -> Self {
        Self {
            bytes,
            pos: 0,
            strict,
            depth: 0,
            key_pos: 0,
            located: std::cell::Cell::new(Located::START),
            #[cfg(test)]
            steps: std::cell::Cell::new(0),
        }
    }

    /// Bytes looked at so far.
    #[cfg(test)]
    pub(crate) fn steps(&self) -> usize {
        self.steps.get()
    }

    /// Whether the reader rejects what responses may carry.
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// Where the cursor is, for an error about the value that starts there.
    #[cfg(feature = "big-numbers")]
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// An error about the value that started at `offset`.
    pub(crate) fn error_at(&self, kind: JsonErrorKind, offset: usize) -> JsonError {
        JsonError::new(kind, self.mark(offset))
    }

    fn error(&self, kind: JsonErrorKind) -> JsonError {
        self.error_at(kind, self.pos)
    }

    /// The line and column of `offset`, scanning on from the last place
    /// located. Only a place before it (which no reader asks for twice:
    /// an error ends the read) scans from the start again.
    fn mark(&self, offset: usize) -> Mark {
        let offset = offset.min(self.bytes.len());
        let mut at = self.located.get();
        if offset < at.offset {
            at = Located::START;
        }
        let scanned = &self.bytes[at.offset..offset];
        self.step(scanned.len());
        for (index, _) in scanned.iter().enumerate().filter(|(_, b)| **b == b'\n') {
            at.line += 1;
            at.line_start = at.offset + index + 1;
        }
        at.offset = offset;
        self.located.set(at);
        Mark {
            line: at.line,
            column: 1 + offset - at.line_start,
        }
    }

    /// Counts bytes looked at, in the tests only.
    #[inline]
    fn step(&self, _bytes: usize) {
        #[cfg(test)]
        self.steps.set(self.steps.get() + _bytes);
    }

    #[inline]
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.step(1);
            self.pos += 1;
        }
    }

    #[inline]
    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.step(1);
        self.bytes.get(self.pos).copied()
    }

    /// What the next value is, for messages.
    fn found(&mut self) -> &'static str {
        match self.peek() {
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            Some(b'-' | b'0'..=b'9') => "a number",
            Some(_) => "a character that starts no JSON value",
            None => "the end of the input",
        }
    }

    fn wrong_type(&mut self, expected: &'static str) -> JsonError {
        let found = self.found();
        self.error(JsonErrorKind::WrongType { expected, found })
    }

    fn literal(&mut self, text: &'static [u8]) -> Result<(), JsonError> {
        self.step(text.len());
        if self.bytes[self.pos..].starts_with(text) {
            self.pos += text.len();
            Ok(())
        } else {
            Err(self.error(JsonErrorKind::Syntax("invalid literal")))
        }
    }

    /// Consumes a `null` if one comes next.
    #[inline]
    pub fn take_null(&mut self) -> Result<bool, JsonError> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    #[inline]
    fn enter(&mut self) -> Result<(), JsonError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(JsonErrorKind::TooDeep));
        }
        self.depth += 1;
        self.pos += 1;
        Ok(())
    }

    /// Starts reading an object.
    #[inline]
    pub fn object(&mut self) -> Result<ObjectReader, JsonError> {
        if self.peek() != Some(b'{') {
            return Err(self.wrong_type("an object"));
        }
        self.enter()?;
        Ok(ObjectReader { first: true })
    }

    /// Starts reading an array.
    #[inline]
    pub fn array(&mut self) -> Result<ArrayReader, JsonError> {
        if self.peek() != Some(b'[') {
            return Err(self.wrong_type("an array"));
        }
        self.enter()?;
        Ok(ArrayReader { first: true })
    }

    /// Whether a string comes next.
    pub(crate) fn at_string(&mut self) -> bool {
        self.peek() == Some(b'"')
    }

    /// Reads a string.
    #[inline]
    pub fn read_str(&mut self) -> Result<Cow<'a, str>, JsonError> {
        if self.peek() != Some(b'"') {
            return Err(self.wrong_type("a string"));
        }
        self.string()
    }

    /// Reads the string at the cursor, which is on its opening quote.
    fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.pos += 1;
        let start = self.pos;
        let result = self.string_from(start);
        self.step(self.pos - start);
        result
    }

    /// The rest of the string whose text starts at `start`.
    #[inline]
    fn string_from(&mut self, start: usize) -> Result<Cow<'a, str>, JsonError> {
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    let raw = &self.bytes[start..self.pos];
                    let text = std::str::from_utf8(raw)
                        .map_err(|_| self.error(JsonErrorKind::Syntax("invalid UTF-8")))?;
                    self.pos += 1;
                    return Ok(Cow::Borrowed(text));
                }
                Some(b'\\') => break,
                Some(&b) if b < 0x20 => {
                    return Err(self.error(JsonErrorKind::Syntax("control character in a string")))
                }
                Some(_) => self.pos += 1,
                None => return Err(self.error(JsonErrorKind::Syntax("unterminated string"))),
            }
        }
        let mut out = self.bytes[start..self.pos].to_vec();
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return String::from_utf8(out)
                        .map(Cow::Owned)
                        .map_err(|_| self.error(JsonErrorKind::Syntax("invalid UTF-8")));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(&b) if b < 0x20 => {
                    return Err(self.error(JsonErrorKind::Syntax("control character in a string")))
                }
                Some(&b) => {
                    out.push(b);
                    self.pos += 1;
                }
                None => return Err(self.error(JsonErrorKind::Syntax("unterminated string"))),
            }
        }
    }

    /// Decodes the escape after a backslash.
    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), JsonError> {
        let byte = self.bytes.get(self.pos).copied();
        self.pos += 1;
        let simple = match byte {
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => 0x08,
            Some(b'f') => 0x0c,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'u') => {
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    if !self.bytes[self.pos..].starts_with(b"\\u") {
                        return Err(
                            self.error(JsonErrorKind::Syntax("lone surrogate in a \\u escape"))
                        );
                    }
                    self.pos += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(
                            self.error(JsonErrorKind::Syntax("lone surrogate in a \\u escape"))
                        );
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                let c = char::from_u32(code).ok_or_else(|| {
                    self.error(JsonErrorKind::Syntax("lone surrogate in a \\u escape"))
                })?;
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                return Ok(());
            }
            _ => return Err(self.error(JsonErrorKind::Syntax("invalid escape"))),
        };
        out.push(simple);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .and_then(|d| std::str::from_utf8(d).ok());
        let value = digits
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .ok_or_else(|| self.error(JsonErrorKind::Syntax("invalid \\u escape")))?;
        self.pos += 4;
        Ok(value)
    }

    /// Reads `true` or `false`.
    pub fn read_bool(&mut self) -> Result<bool, JsonError> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|()| true),
            Some(b'f') => self.literal(b"false").map(|()| false),
            _ => Err(self.wrong_type("a boolean")),
        }
    }

    /// The text of the number at the cursor, checked against JSON's grammar.
    fn number_text(&mut self) -> Result<&'a str, JsonError> {
        let start = self.pos;
        let digits = |reader: &mut Self| {
            let from = reader.pos;
            while reader.bytes.get(reader.pos).is_some_and(u8::is_ascii_digit) {
                reader.pos += 1;
            }
            reader.pos > from
        };
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let leading_zero = self.bytes.get(self.pos) == Some(&b'0');
        if !digits(self)
            || (leading_zero && self.pos - start > 1 + usize::from(self.bytes[start] == b'-'))
        {
            return Err(self.error(JsonErrorKind::Syntax("invalid number")));
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.error(JsonErrorKind::Syntax("invalid number")));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error(JsonErrorKind::Syntax("invalid number")));
            }
        }
        self.step(self.pos - start);
        // Only ASCII was consumed, so the slice is valid UTF-8.
        Ok(std::str::from_utf8(&self.bytes[start..self.pos]).unwrap_or_default())
    }

    /// Reads an integer from `min` to `max`; `expected` names the type.
    pub fn read_integer(
        &mut self,
        min: i64,
        max: i64,
        expected: &'static str,
    ) -> Result<i64, JsonError> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.wrong_type(expected));
        }
        let start = self.pos;
        let text = self.number_text()?;
        let out_of_range = |reader: &Self| {
            reader.error_at(
                JsonErrorKind::OutOfRange {
                    expected,
                    text: text.to_owned(),
                },
                start,
            )
        };
        if text.contains(['.', 'e', 'E']) {
            return Err(out_of_range(self));
        }
        match text.parse::<i64>() {
            Ok(value) if (min..=max).contains(&value) => Ok(value),
            _ => Err(out_of_range(self)),
        }
    }

    /// Reads a float: a number, or one of the strings `"NaN"`, `"Infinity"`
    /// and `"-Infinity"` that Smithy uses for what JSON numbers cannot hold.
    pub fn read_f64(&mut self) -> Result<f64, JsonError> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => {
                let start = self.pos;
                let text = self.number_text()?;
                match text.parse::<f64>() {
                    Ok(value) if value.is_finite() => Ok(value),
                    _ => Err(self.error_at(
                        JsonErrorKind::OutOfRange {
                            expected: "a 64-bit float",
                            text: text.to_owned(),
                        },
                        start,
                    )),
                }
            }
            Some(b'"') => {
                let start = self.pos;
                match &*self.string()? {
                    "NaN" => Ok(f64::NAN),
                    "Infinity" => Ok(f64::INFINITY),
                    "-Infinity" => Ok(f64::NEG_INFINITY),
                    other => Err(self.error_at(
                        JsonErrorKind::InvalidValue {
                            expected: "a number, \"NaN\", \"Infinity\" or \"-Infinity\"",
                            text: other.to_owned(),
                        },
                        start,
                    )),
                }
            }
            _ => Err(self.wrong_type("a number")),
        }
    }

    /// The digits of a number written as a JSON number or a string.
    #[cfg(feature = "big-numbers")]
    pub(crate) fn read_number_text(&mut self) -> Result<Cow<'a, str>, JsonError> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number_text().map(Cow::Borrowed),
            Some(b'"') => self.string(),
            _ => Err(self.wrong_type("a number")),
        }
    }

    /// Skips one value of any kind. It keeps its own stack rather than
    /// recursing, so ignoring a member nested however deep cannot overflow
    /// the thread's stack.
    pub fn skip_value(&mut self) -> Result<(), JsonError> {
        let mut closers: Vec<u8> = Vec::new();
        loop {
            match self.peek() {
                Some(b'{') => {
                    self.pos += 1;
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                    } else {
                        closers.push(b'}');
                        self.member_name()?;
                        continue;
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                    } else {
                        closers.push(b']');
                        continue;
                    }
                }
                Some(b'"') => drop(self.string()?),
                Some(b't' | b'f') => drop(self.read_bool()?),
                Some(b'n') => self.literal(b"null")?,
                Some(b'-' | b'0'..=b'9') => drop(self.number_text()?),
                _ => return Err(self.wrong_type("a JSON value")),
            }
            // A value is complete: close what it completes, or move on to
            // the next item of the innermost container.
            loop {
                let Some(&closer) = closers.last() else {
                    return Ok(());
                };
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if closer == b'}' {
                            self.member_name()?;
                        }
                        break;
                    }
                    Some(found) if found == closer => {
                        self.pos += 1;
                        closers.pop();
                    }
                    _ if closer == b'}' => {
                        return Err(self.error(JsonErrorKind::Syntax("expected `,` or `}`")))
                    }
                    _ => return Err(self.error(JsonErrorKind::Syntax("expected `,` or `]`"))),
                }
            }
        }
    }

    /// Reads a member name and the `:` after it.
    #[inline]
    fn member_name(&mut self) -> Result<Cow<'a, str>, JsonError> {
        if self.peek() != Some(b'"') {
            return Err(self.error(JsonErrorKind::Syntax("expected a member name")));
        }
        self.key_pos = self.pos;
        let key = self.string()?;
        if self.peek() != Some(b':') {
            return Err(self.error(JsonErrorKind::Syntax("expected `:`")));
        }
        self.pos += 1;
        Ok(key)
    }

    /// Checks that nothing but whitespace follows the value.
    #[inline]
    pub fn end(&mut self) -> Result<(), JsonError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error(JsonErrorKind::TrailingCharacters)),
        }
    }

    /// A member the type does not have: an error when strict, skipped when
    /// lenient.
    pub fn unknown_member(
        &mut self,
        name: &str,
        known: &'static [&'static str],
    ) -> Result<(), JsonError> {
        if self.strict {
            let suggestion = closest(name, known);
            let error = self.error_at(JsonErrorKind::UnknownMember { suggestion }, self.key_pos);
            return Err(error.at_member(name));
        }
        self.skip_value()
    }

    /// A union member the model does not list. Lenient: the value is skipped
    /// and the name kept, except for `__type`, which some services add and
    /// which is no member. Strict: an error.
    pub fn unknown_variant(
        &mut self,
        name: &str,
        known: &'static [&'static str],
    ) -> Result<Option<UnknownMember>, JsonError> {
        self.unknown_member(name, known)?;
        Ok((name != "__type").then(|| UnknownMember::new(name)))
    }

    /// The value of a `@required` member: an error when strict and absent,
    /// the error-corrected value when lenient.
    pub fn required<T: ErrorCorrection>(
        &self,
        value: Option<T>,
        member: &'static str,
    ) -> Result<T, JsonError> {
        match value {
            Some(value) => Ok(value),
            None if self.strict => Err(self.error(JsonErrorKind::MissingMember).at_member(member)),
            None => Ok(T::error_corrected()),
        }
    }

    /// Checks a `@required` member held as an `Option` (members of operation
    /// inputs): only a strict reader requires it.
    pub fn check_required<T>(
        &self,
        value: &Option<T>,
        member: &'static str,
    ) -> Result<(), JsonError> {
        if self.strict && value.is_none() {
            return Err(self.error(JsonErrorKind::MissingMember).at_member(member));
        }
        Ok(())
    }

    /// Whether a `null` item of a dense collection may be dropped; strict
    /// reading rejects it.
    fn null_item(&mut self) -> Result<bool, JsonError> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        if self.strict {
            return Err(self.error(JsonErrorKind::NullItem));
        }
        self.literal(b"null")?;
        Ok(true)
    }
}

impl ObjectReader {
    /// The next member's name, with the cursor on its value, or `None` at
    /// the end of the object.
    #[inline]
    pub fn next_key<'a>(
        &mut self,
        reader: &mut Reader<'a>,
    ) -> Result<Option<Cow<'a, str>>, JsonError> {
        match reader.peek() {
            Some(b'}') => {
                reader.pos += 1;
                reader.depth -= 1;
                return Ok(None);
            }
            Some(b',') if !self.first => reader.pos += 1,
            _ if self.first => {}
            _ => return Err(reader.error(JsonErrorKind::Syntax("expected `,` or `}`"))),
        }
        self.first = false;
        reader.member_name().map(Some)
    }

    /// The position in `members` (a structure's wire names) of the next
    /// member it lists, with the cursor on its value, or `None` at the end
    /// of the object. Other members are skipped, or refused when strict.
    /// A position is one integer switch for a generated reader (see
    /// [`read_members`]) instead of a chain of string comparisons.
    pub fn next_member(
        &mut self,
        reader: &mut Reader<'_>,
        members: &'static [&'static str],
    ) -> Result<Option<usize>, JsonError> {
        while let Some(key) = self.next_key(reader)? {
            match members.iter().position(|member| *member == key) {
                Some(index) => return Ok(Some(index)),
                None => reader.unknown_member(&key, members)?,
            }
        }
        Ok(None)
    }
}

impl ArrayReader {
    /// Whether another item follows, with the cursor on it.
    #[inline]
    pub fn next(&mut self, reader: &mut Reader<'_>) -> Result<bool, JsonError> {
        match reader.peek() {
            Some(b']') => {
                reader.pos += 1;
                reader.depth -= 1;
                return Ok(false);
            }
            Some(b',') if !self.first => reader.pos += 1,
            _ if self.first => {}
            _ => return Err(reader.error(JsonErrorKind::Syntax("expected `,` or `]`"))),
        }
        self.first = false;
        Ok(true)
    }
}

/// Reads the object at `reader` as a structure whose wire names are
/// `members`: `read` gets the position of each member the object holds,
/// with the cursor on its value; other members are skipped, or refused
/// when strict. Generated readers pass a closure that matches on the
/// position, so the loop and its error handling are compiled here once
/// rather than in every reader.
#[inline]
pub fn read_members<F>(
    reader: &mut Reader<'_>,
    members: &'static [&'static str],
    mut read: F,
) -> Result<(), JsonError>
where
    F: FnMut(&mut Reader<'_>, usize) -> Result<(), JsonError>,
{
    let mut object = reader.object()?;
    while let Some(index) = object.next_member(reader, members)? {
        read(reader, index)?;
    }
    Ok(())
}

/// Reads a structure member into its slot. `null` leaves it unset; a
/// repeated key is an error when strict, and the last value wins otherwise.
pub fn member<T: ReadJson>(
    reader: &mut Reader<'_>,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), JsonError> {
    if reader.take_null()? {
        return Ok(());
    }
    if slot.is_some() && reader.strict {
        let error = reader.error_at(JsonErrorKind::DuplicateMember, reader.key_pos);
        return Err(error.at_member(name));
    }
    *slot = Some(T::read_json(reader).map_err(|e| e.at_member(name))?);
    Ok(())
}

/// Reads the value of the union member `name`.
pub fn variant<T: ReadJson>(reader: &mut Reader<'_>, name: &'static str) -> Result<T, JsonError> {
    T::read_json(reader).map_err(|e| e.at_member(name))
}

/// Records the one member of a union; a second is an error.
pub fn set_variant<U>(
    reader: &Reader<'_>,
    slot: &mut Option<U>,
    value: U,
) -> Result<(), JsonError> {
    if slot.replace(value).is_some() {
        return Err(reader.error(JsonErrorKind::UnionMembers { several: true }));
    }
    Ok(())
}

/// The member a union object set; an object that sets none is an error.
pub fn finish_union<U>(reader: &Reader<'_>, slot: Option<U>) -> Result<U, JsonError> {
    slot.ok_or_else(|| reader.error(JsonErrorKind::UnionMembers { several: false }))
}

mod error;
mod impls;
mod suggest;
#[cfg(test)]
mod tests;

pub use error::{JsonError, JsonErrorKind};
use suggest::closest;
