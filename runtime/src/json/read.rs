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
use std::collections::BTreeMap;
use std::fmt;

use crate::error_correction::ErrorCorrection;
use crate::path::{path_text, Step};
use crate::{Blob, Document, Timestamp, Unit, UnknownMember};

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

/// The known name closest to `name`: the same but for case, or within two
/// edits, for "did you mean" suggestions.
fn closest(name: &str, known: &'static [&'static str]) -> Option<&'static str> {
    if let Some(same) = known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
        return Some(same);
    }
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// JSON that does not fit a generated type: what is wrong, where in the
/// value, and where in the text. Boxed, so that every `Result` a reader
/// returns stays one word wide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError(Box<ErrorDetails>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct ErrorDetails {
    kind: JsonErrorKind,
    /// Innermost segment first; they are added as the error propagates.
    path: Vec<Segment>,
    line: usize,
    column: usize,
}

/// One step of a [`JsonError`]'s path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Member(String),
    Index(usize),
    Key(String),
}

/// What is wrong with the JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonErrorKind {
    /// The text is not JSON.
    Syntax(&'static str),
    /// Objects and arrays nest more deeply than 128 levels.
    TooDeep,
    /// Something follows the value.
    TrailingCharacters,
    /// A value of another JSON type than the member's.
    WrongType {
        /// What the member takes.
        expected: &'static str,
        /// What the JSON has.
        found: &'static str,
    },
    /// A number outside what the member's type holds.
    OutOfRange {
        /// The type.
        expected: &'static str,
        /// The number as written.
        text: String,
    },
    /// A string that is not a value of the member's type.
    InvalidValue {
        /// What the member takes.
        expected: &'static str,
        /// The string as written.
        text: String,
    },
    /// A `@required` member is absent.
    MissingMember,
    /// A member the type does not have.
    UnknownMember {
        /// A known member with a similar name.
        suggestion: Option<&'static str>,
    },
    /// The same member or map key twice.
    DuplicateMember,
    /// `null` in a list or map that is not `@sparse`.
    NullItem,
    /// A union object with no member set, or with several.
    UnionMembers {
        /// Several members rather than none.
        several: bool,
    },
}

impl JsonError {
    fn new(kind: JsonErrorKind, at: Mark) -> Self {
        Self(Box::new(ErrorDetails {
            kind,
            path: Vec::new(),
            line: at.line,
            column: at.column,
        }))
    }

    /// What is wrong.
    pub fn kind(&self) -> &JsonErrorKind {
        &self.0.kind
    }

    /// Where the problem is, such as `TelephonyConfig.Distributions[0]`
    /// (`.` for the value itself).
    pub fn path(&self) -> String {
        let steps = self.0.path.iter().rev().map(|segment| match segment {
            Segment::Member(name) => Step::Member(name),
            Segment::Index(index) => Step::Index(*index),
            Segment::Key(key) => Step::Key(key),
        });
        let text = path_text(steps);
        if text.is_empty() {
            ".".to_owned()
        } else {
            text
        }
    }

    /// The line of the text where the problem was found, from 1.
    pub fn line(&self) -> usize {
        self.0.line
    }

    /// The column (in bytes) where the problem was found, from 1.
    pub fn column(&self) -> usize {
        self.0.column
    }

    /// The error inside the member `name`.
    pub fn at_member(mut self, name: &str) -> Self {
        self.0.path.push(Segment::Member(name.to_owned()));
        self
    }

    fn at_index(mut self, index: usize) -> Self {
        self.0.path.push(Segment::Index(index));
        self
    }

    fn at_key(mut self, key: &str) -> Self {
        self.0.path.push(Segment::Key(key.to_owned()));
        self
    }
}

impl fmt::Display for JsonErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax(message) => write!(f, "invalid JSON: {message}"),
            Self::TooDeep => write!(f, "objects and arrays nest more than {MAX_DEPTH} deep"),
            Self::TrailingCharacters => f.write_str("unexpected characters after the value"),
            Self::WrongType { expected, found } => write!(f, "expected {expected}, found {found}"),
            Self::OutOfRange { expected, text } => write!(f, "{text} is not {expected}"),
            Self::InvalidValue { expected, text } => {
                write!(f, "expected {expected}, found {text:?}")
            }
            Self::MissingMember => f.write_str("the required member is missing"),
            Self::UnknownMember {
                suggestion: Some(known),
            } => {
                write!(f, "unknown member; did you mean `{known}`?")
            }
            Self::UnknownMember { suggestion: None } => f.write_str("unknown member"),
            Self::DuplicateMember => f.write_str("the member is given twice"),
            Self::NullItem => {
                f.write_str("null is not allowed in a list or map that is not @sparse")
            }
            Self::UnionMembers { several: true } => {
                f.write_str("a union takes exactly one member, not several")
            }
            Self::UnionMembers { several: false } => f.write_str("a union needs one member set"),
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "at `{}`: {} (line {}, column {})",
            self.path(),
            self.0.kind,
            self.0.line,
            self.0.column
        )
    }
}

impl std::error::Error for JsonError {}

// Built-in types -------------------------------------------------------------

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

#[cfg(test)]
mod tests {
    use super::*;

    fn strict<T: ReadJson>(text: &str) -> Result<T, JsonError> {
        let mut reader = Reader::strict(text.as_bytes());
        let value = T::read_json(&mut reader)?;
        reader.end().map(|()| value)
    }

    fn lenient<T: ReadJson>(text: &str) -> Result<T, JsonError> {
        let mut reader = Reader::lenient(text.as_bytes());
        let value = T::read_json(&mut reader)?;
        reader.end().map(|()| value)
    }

    #[test]
    fn strings_unescape_like_serde_json() {
        for text in [
            r#""plain""#,
            r#""a\"b\\c\/d\b\f\n\r\t""#,
            r#""\u00e9\ud83d\ude00""#,
            "\"caf\u{e9}\"",
        ] {
            let expected: String = serde_json::from_str(text).unwrap();
            assert_eq!(strict::<String>(text).unwrap(), expected, "{text}");
        }
        for bad in [
            r#""\ud83d""#,
            r#""\x""#,
            "\"a\u{1}\"",
            r#""open"#,
            r#""\u12g4""#,
        ] {
            assert!(strict::<String>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_are_checked_against_the_grammar_and_the_type() {
        assert_eq!(strict::<i8>("-128").unwrap(), -128);
        assert_eq!(
            strict::<i8>("128").unwrap_err().kind(),
            &JsonErrorKind::OutOfRange {
                expected: "an 8-bit integer",
                text: "128".into()
            }
        );
        assert!(strict::<i32>("1.0").is_err());
        assert!(strict::<i64>("01").is_err());
        assert!(strict::<i64>("-").is_err());
        assert_eq!(strict::<f64>("2.5e3").unwrap(), 2500.0);
        assert!(strict::<f64>("\"NaN\"").unwrap().is_nan());
        assert!(strict::<f64>("1e999").is_err());
        assert!(strict::<f64>("\"nan\"").is_err());
    }

    #[test]
    fn timestamps_keep_every_digit_of_the_fraction() {
        let value = strict::<Timestamp>("946845296.123").unwrap();
        assert_eq!(
            value,
            Timestamp::from_secs_and_nanos(946845296, 123_000_000)
        );
        let value = strict::<Timestamp>("-1.25").unwrap();
        assert_eq!(value, Timestamp::from_secs_and_nanos(-2, 750_000_000));
        let value = strict::<Timestamp>("\"2000-01-02T20:34:56.123Z\"").unwrap();
        assert_eq!(
            value,
            Timestamp::from_secs_and_nanos(946845296, 123_000_000)
        );
        assert!(strict::<Timestamp>("true").is_err());
    }

    #[test]
    fn collections_treat_null_by_mode() {
        assert!(strict::<Vec<String>>(r#"["a", null]"#).is_err());
        assert_eq!(lenient::<Vec<String>>(r#"["a", null]"#).unwrap(), ["a"]);
        assert_eq!(
            strict::<Vec<Option<String>>>(r#"["a", null]"#).unwrap(),
            [Some("a".into()), None]
        );
        let error = strict::<BTreeMap<String, i32>>(r#"{"a": 1, "a": 2}"#).unwrap_err();
        assert_eq!(
            (error.path(), error.kind()),
            ("[\"a\"]".into(), &JsonErrorKind::DuplicateMember)
        );
        assert_eq!(
            lenient::<BTreeMap<String, i32>>(r#"{"a": 1, "a": 2}"#).unwrap()["a"],
            2
        );
    }

    #[test]
    fn errors_say_where_in_the_value_and_the_text() {
        let error = strict::<Vec<Vec<i32>>>("[[1],\n [2, \"x\"]]").unwrap_err();
        assert_eq!(error.path(), "[1][1]");
        assert_eq!((error.line(), error.column()), (2, 6));
        assert_eq!(
            error.to_string(),
            "at `[1][1]`: expected a 32-bit integer, found a string (line 2, column 6)"
        );
        assert_eq!(
            strict::<i32>("1 2").unwrap_err().kind(),
            &JsonErrorKind::TrailingCharacters
        );
        // A repeated key is placed at the key, not at its value on the
        // next line.
        let error = strict::<BTreeMap<String, i32>>("{\n  \"a\": 1,\n  \"a\":\n 2}").unwrap_err();
        assert_eq!((error.line(), error.column()), (3, 3));
        let error = strict::<f64>("\r\n\r\n   1e999").unwrap_err();
        assert_eq!((error.line(), error.column()), (3, 4));
    }

    /// A reader that goes on after each error, as the error-code reader once
    /// did over `{"code":0,"code":0,...}`: locating 8n errors takes at most
    /// 8 times the work of n, and the places stay right.
    #[test]
    fn locating_many_errors_is_linear() {
        let run = |members: usize| {
            let text = format!("{{{}\"end\":\"x\"}}", "\"code\":0,\n".repeat(members));
            let mut reader = Reader::lenient(text.as_bytes());
            let mut object = reader.object().unwrap();
            let mut last = None;
            while let Some(key) = object.next_key(&mut reader).unwrap() {
                match reader.read_str() {
                    Ok(_) => assert_eq!(key, "end"),
                    Err(error) => {
                        last = Some((error.line(), error.column()));
                        reader.skip_value().unwrap();
                    }
                }
            }
            (reader.steps(), last.unwrap())
        };
        let (small, place) = run(1_000);
        assert_eq!(
            place,
            (1_000, 8),
            "the last failing value's line and column"
        );
        let (large, _) = run(8_000);
        assert!(
            large <= 8 * small + 64,
            "{small} steps for 1,000 errors, {large} for 8,000"
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            lenient::<Document>(&deep).unwrap_err().kind(),
            &JsonErrorKind::TooDeep
        );
        // Skipping keeps its own stack, so any depth is skipped.
        let deeper = format!("{}1{}", "[{\"a\":".repeat(100_000), "}]".repeat(100_000));
        let mut reader = Reader::lenient(deeper.as_bytes());
        reader.skip_value().unwrap();
        reader.end().unwrap();
        for broken in ["[1,]", "{\"a\" 1}", "[1}", "{\"a\":1,}", "[[1]"] {
            assert!(
                Reader::lenient(broken.as_bytes()).skip_value().is_err(),
                "{broken}"
            );
        }
    }

    #[test]
    fn documents_read_like_serde_json() {
        let text = r#"{"a": [1, -2, 3.5, 18446744073709551615, "x", true, null], "b": {}}"#;
        assert_eq!(
            strict::<Document>(text).unwrap(),
            serde_json::from_str::<Document>(text).unwrap()
        );
    }

    #[test]
    fn suggestions_come_from_close_names() {
        let known = &["Protocol", "Port", "Priority"];
        assert_eq!(closest("protocol", known), Some("Protocol"));
        assert_eq!(closest("Prot", known), Some("Port"));
        assert_eq!(closest("Weight", known), None);
    }
}
