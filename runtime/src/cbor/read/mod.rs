//! Reading response bodies as CBOR, leniently, as responses are read:
//! members the model does not list are skipped, `null` members left unset,
//! and `null` items of dense collections dropped. Definite and indefinite
//! lengths are both read, floats of every width, integers of any width
//! into any numeric member they fit, and timestamps with or without tag 1.
//!
//! Hostile input costs linear work and bounded memory: nesting is limited
//! to [`MAX_DEPTH`] (skipping uses a counter, not recursion), a length the
//! input declares never sizes an allocation beyond the bytes that are
//! there, and an error names the member path and the byte offset.

use std::borrow::Cow;
use std::fmt;

use super::{major, EPOCH_TAG};
use crate::{Timestamp, UnknownMember};

/// How deeply items may nest.
pub const MAX_DEPTH: usize = 128;

/// A value the generated code can read from CBOR.
pub trait ReadCbor: Sized {
    /// Whether `null` is a value of the type (items of sparse collections),
    /// rather than an item a dense collection drops.
    const NULLABLE: bool = false;

    /// Reads one item at the reader's position.
    fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError>;
}

/// A body that is not the CBOR the model describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CborError {
    offset: usize,
    message: String,
    /// Member names from the outermost in, filled in as the error rises.
    path: Vec<String>,
}

impl CborError {
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

    /// The byte offset of the item at fault.
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

impl fmt::Display for CborError {
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

impl std::error::Error for CborError {}

/// The initial byte of an item, split into its parts.
#[derive(Debug, Clone, Copy)]
struct Initial {
    major: u8,
    info: u8,
}

/// A cursor over a CBOR body.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

/// An item's length: a count, or indefinite (ended by `break`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Length {
    Definite(u64),
    Indefinite,
}

impl<'a> Reader<'a> {
    /// A reader of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            pos: 0,
            depth: 0,
        }
    }

    fn error(&self, message: impl Into<String>) -> CborError {
        CborError::new(self.pos, message)
    }

    /// Whether the whole body has been read.
    pub fn is_at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// Checks that nothing follows the item read.
    pub fn end(&self) -> Result<(), CborError> {
        if self.is_at_end() {
            Ok(())
        } else {
            Err(self.error("bytes after the body's item"))
        }
    }

    fn peek_initial(&self) -> Result<Initial, CborError> {
        let byte = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.error("the body ends where an item was expected"))?;
        Ok(Initial {
            major: byte >> 5,
            info: byte & 0x1f,
        })
    }

    fn take(&mut self, count: usize) -> Result<&'a [u8], CborError> {
        let end = self
            .pos
            .checked_add(count)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| self.error(format!("{count} bytes declared, fewer left")))?;
        let taken = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(taken)
    }

    /// Reads an initial byte and its argument.
    fn head(&mut self) -> Result<(Initial, Length), CborError> {
        let initial = self.peek_initial()?;
        let start = self.pos;
        self.pos += 1;
        let argument = match initial.info {
            info @ 0..=23 => u64::from(info),
            24 => u64::from(self.take(1)?[0]),
            25 => u64::from(u16::from_be_bytes(
                self.take(2)?.try_into().unwrap_or([0; 2]),
            )),
            26 => u64::from(u32::from_be_bytes(
                self.take(4)?.try_into().unwrap_or([0; 4]),
            )),
            27 => u64::from_be_bytes(self.take(8)?.try_into().unwrap_or([0; 8])),
            31 if matches!(
                initial.major,
                major::BYTES | major::TEXT | major::ARRAY | major::MAP
            ) =>
            {
                return Ok((initial, Length::Indefinite));
            }
            _ => {
                self.pos = start;
                return Err(self.error(format!(
                    "malformed item (major type {}, additional information {})",
                    initial.major, initial.info
                )));
            }
        };
        Ok((initial, Length::Definite(argument)))
    }

    fn expected(&self, what: &str, found: Initial) -> CborError {
        let kind = match found.major {
            major::UNSIGNED | major::NEGATIVE => "an integer",
            major::BYTES => "a byte string",
            major::TEXT => "a text string",
            major::ARRAY => "an array",
            major::MAP => "a map",
            major::TAG => "a tag",
            _ => match found.info {
                20 | 21 => "a boolean",
                22 => "null",
                23 => "undefined",
                25..=27 => "a float",
                31 => "a break",
                _ => "a simple value",
            },
        };
        self.error(format!("expected {what}, found {kind}"))
    }

    /// Consumes `null` (or `undefined`) if it is next.
    pub fn take_null(&mut self) -> Result<bool, CborError> {
        let initial = self.peek_initial()?;
        if initial.major == major::SIMPLE && matches!(initial.info, 22 | 23) {
            self.pos += 1;
            return Ok(true);
        }
        Ok(false)
    }

    /// Skips tags before an item: they carry no meaning a member needs,
    /// except tag 1 on timestamps, which is read where it is expected.
    fn skip_tags(&mut self) -> Result<(), CborError> {
        while self.peek_initial()?.major == major::TAG {
            self.head()?;
        }
        Ok(())
    }

    #[cfg(feature = "big-numbers")]
    /// The number of the tag at the cursor, consumed; `None` when the item
    /// is not tagged.
    pub(crate) fn read_tag(&mut self) -> Result<Option<u64>, CborError> {
        if self.peek_initial()?.major != major::TAG {
            return Ok(None);
        }
        match self.head()? {
            (_, Length::Definite(tag)) => Ok(Some(tag)),
            (_, Length::Indefinite) => Err(self.error("an indefinite tag")),
        }
    }

    #[cfg(feature = "big-numbers")]
    /// An error at the cursor.
    pub(crate) fn error_here(&self, message: impl Into<String>) -> CborError {
        self.error(message)
    }

    #[cfg(feature = "big-numbers")]
    /// Any integer CBOR holds, negative ones down to `-2^64`.
    pub(crate) fn read_integer_i128(&mut self) -> Result<i128, CborError> {
        let initial = self.peek_initial()?;
        if !matches!(initial.major, major::UNSIGNED | major::NEGATIVE) {
            return Err(self.expected("an integer", initial));
        }
        let (_, Length::Definite(argument)) = self.head()? else {
            return Err(self.expected("an integer", initial));
        };
        Ok(if initial.major == major::UNSIGNED {
            i128::from(argument)
        } else {
            -1 - i128::from(argument)
        })
    }

    /// A boolean.
    pub fn read_bool(&mut self) -> Result<bool, CborError> {
        self.skip_tags()?;
        let initial = self.peek_initial()?;
        match (initial.major, initial.info) {
            (major::SIMPLE, 20) => {
                self.pos += 1;
                Ok(false)
            }
            (major::SIMPLE, 21) => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(self.expected("a boolean", initial)),
        }
    }

    /// An integer within `min..=max`; `what` names the member's type.
    pub fn read_integer(&mut self, min: i64, max: i64, what: &str) -> Result<i64, CborError> {
        self.skip_tags()?;
        let start = self.pos;
        let initial = self.peek_initial()?;
        if !matches!(initial.major, major::UNSIGNED | major::NEGATIVE) {
            return Err(self.expected(what, initial));
        }
        let (_, Length::Definite(argument)) = self.head()? else {
            return Err(self.expected(what, initial));
        };
        let value = if initial.major == major::UNSIGNED {
            i64::try_from(argument).ok()
        } else {
            i64::try_from(argument).ok().map(|n| -1 - n)
        };
        value
            .filter(|value| (min..=max).contains(value))
            .ok_or_else(|| CborError::new(start, format!("the number does not fit {what}")))
    }

    /// A float of any width, or an integer read as a float.
    pub fn read_f64(&mut self) -> Result<f64, CborError> {
        self.skip_tags()?;
        let initial = self.peek_initial()?;
        match (initial.major, initial.info) {
            (major::UNSIGNED | major::NEGATIVE, _) => {
                let (_, Length::Definite(argument)) = self.head()? else {
                    return Err(self.expected("a number", initial));
                };
                let magnitude = argument as f64;
                Ok(if initial.major == major::UNSIGNED {
                    magnitude
                } else {
                    -1.0 - magnitude
                })
            }
            (major::SIMPLE, 25) => {
                self.pos += 1;
                let bits = u16::from_be_bytes(self.take(2)?.try_into().unwrap_or([0; 2]));
                Ok(half_to_f64(bits))
            }
            (major::SIMPLE, 26) => {
                self.pos += 1;
                let bits = u32::from_be_bytes(self.take(4)?.try_into().unwrap_or([0; 4]));
                Ok(f64::from(f32::from_bits(bits)))
            }
            (major::SIMPLE, 27) => {
                self.pos += 1;
                let bits = u64::from_be_bytes(self.take(8)?.try_into().unwrap_or([0; 8]));
                Ok(f64::from_bits(bits))
            }
            _ => Err(self.expected("a number", initial)),
        }
    }

    /// The chunks of a string of major type `kind`, definite or
    /// indefinite, joined.
    fn read_string(&mut self, kind: u8, what: &str) -> Result<Cow<'a, [u8]>, CborError> {
        self.skip_tags()?;
        let initial = self.peek_initial()?;
        if initial.major != kind {
            return Err(self.expected(what, initial));
        }
        match self.head()?.1 {
            Length::Definite(length) => {
                let length = usize::try_from(length).map_err(|_| self.error("length too large"))?;
                self.take(length).map(Cow::Borrowed)
            }
            Length::Indefinite => {
                let mut joined = Vec::new();
                loop {
                    let initial = self.peek_initial()?;
                    if initial.major == major::SIMPLE && initial.info == 31 {
                        self.pos += 1;
                        return Ok(Cow::Owned(joined));
                    }
                    if initial.major != kind {
                        return Err(self.expected(what, initial));
                    }
                    let Length::Definite(length) = self.head()?.1 else {
                        return Err(
                            self.error("a chunk of an indefinite string is itself indefinite")
                        );
                    };
                    let length =
                        usize::try_from(length).map_err(|_| self.error("length too large"))?;
                    joined.extend_from_slice(self.take(length)?);
                }
            }
        }
    }

    /// Whether a text string is next (untagged), so a caller can skip
    /// another item without making an error of it.
    pub(crate) fn at_text(&self) -> bool {
        self.peek_initial()
            .is_ok_and(|initial| initial.major == major::TEXT)
    }

    /// A text string.
    pub fn read_str(&mut self) -> Result<Cow<'a, str>, CborError> {
        let start = self.pos;
        match self.read_string(major::TEXT, "a text string")? {
            Cow::Borrowed(bytes) => std::str::from_utf8(bytes)
                .map(Cow::Borrowed)
                .map_err(|_| CborError::new(start, "a text string that is not UTF-8")),
            Cow::Owned(bytes) => String::from_utf8(bytes)
                .map(Cow::Owned)
                .map_err(|_| CborError::new(start, "a text string that is not UTF-8")),
        }
    }

    /// A byte string.
    pub fn read_bytes(&mut self) -> Result<Cow<'a, [u8]>, CborError> {
        self.read_string(major::BYTES, "a byte string")
    }

    /// A timestamp: tag 1 over a number, or the number alone.
    pub fn read_timestamp(&mut self) -> Result<Timestamp, CborError> {
        let initial = self.peek_initial()?;
        if initial.major == major::TAG {
            let start = self.pos;
            if let (_, Length::Definite(tag)) = self.head()? {
                if tag != EPOCH_TAG {
                    return Err(CborError::new(
                        start,
                        format!("expected a timestamp (tag 1), found tag {tag}"),
                    ));
                }
            }
        }
        let seconds = self.read_f64()?;
        if !seconds.is_finite() {
            return Err(self.error("a timestamp that is not a finite number"));
        }
        // A double near today's epoch seconds resolves about a tenth of a
        // microsecond: digits past the microsecond are the binary
        // fraction's, not the sender's (946845296.123 is
        // 946845296.12300002574...).
        let micros = (seconds * 1e6).round();
        if micros.abs() >= 9.0e18 {
            return Ok(Timestamp::from_epoch_seconds(seconds));
        }
        let micros = micros as i64;
        Ok(Timestamp::from_secs_and_nanos(
            micros.div_euclid(1_000_000),
            (micros.rem_euclid(1_000_000) * 1_000) as u32,
        ))
    }

    fn enter(&mut self) -> Result<(), CborError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(format!("items nested deeper than {MAX_DEPTH}")));
        }
        self.depth += 1;
        Ok(())
    }

    /// Opens a map.
    pub fn map(&mut self) -> Result<MapReader, CborError> {
        self.skip_tags()?;
        let initial = self.peek_initial()?;
        if initial.major != major::MAP {
            return Err(self.expected("a map", initial));
        }
        let (_, length) = self.head()?;
        self.enter()?;
        Ok(MapReader { left: length })
    }

    /// Opens an array.
    pub fn array(&mut self) -> Result<ArrayReader, CborError> {
        self.skip_tags()?;
        let initial = self.peek_initial()?;
        if initial.major != major::ARRAY {
            return Err(self.expected("an array", initial));
        }
        let (_, length) = self.head()?;
        self.enter()?;
        Ok(ArrayReader { left: length })
    }

    /// Whether a `break` is next, consuming it.
    fn take_break(&mut self) -> Result<bool, CborError> {
        let initial = self.peek_initial()?;
        if initial.major == major::SIMPLE && initial.info == 31 {
            self.pos += 1;
            return Ok(true);
        }
        Ok(false)
    }

    /// Skips one item, however nested, keeping a count of the items each
    /// open container still owes rather than recursing.
    pub fn skip_value(&mut self) -> Result<(), CborError> {
        // Per open container: items owed, or `None` until a break.
        let mut open: Vec<Option<u64>> = Vec::new();
        loop {
            match open.last() {
                Some(Some(0)) => {
                    open.pop();
                    if open.is_empty() {
                        return Ok(());
                    }
                    continue;
                }
                Some(None) if self.take_break()? => {
                    open.pop();
                    if open.is_empty() {
                        return Ok(());
                    }
                    continue;
                }
                _ => {}
            }
            let (initial, length) = self.head()?;
            if let Some(Some(left)) = open.last_mut() {
                *left -= 1;
            }
            match (initial.major, length) {
                (major::BYTES | major::TEXT, Length::Definite(length)) => {
                    let length =
                        usize::try_from(length).map_err(|_| self.error("length too large"))?;
                    self.take(length)?;
                }
                (major::BYTES | major::TEXT, Length::Indefinite) => {
                    while !self.take_break()? {
                        let (chunk, Length::Definite(length)) = self.head()? else {
                            return Err(
                                self.error("a chunk of an indefinite string is itself indefinite")
                            );
                        };
                        if chunk.major != initial.major {
                            return Err(
                                self.error("a chunk of another type in an indefinite string")
                            );
                        }
                        let length =
                            usize::try_from(length).map_err(|_| self.error("length too large"))?;
                        self.take(length)?;
                    }
                }
                (major::ARRAY | major::MAP, length) => {
                    if open.len() + self.depth >= MAX_DEPTH {
                        return Err(self.error(format!("items nested deeper than {MAX_DEPTH}")));
                    }
                    let per_item = if initial.major == major::MAP { 2 } else { 1 };
                    open.push(match length {
                        Length::Definite(count) => Some(count.saturating_mul(per_item)),
                        Length::Indefinite => None,
                    });
                    continue;
                }
                (major::TAG, _) => {
                    // The tagged item is owed in the tag's place.
                    if let Some(Some(left)) = open.last_mut() {
                        *left += 1;
                    }
                    continue;
                }
                // Integers, floats and simple values: `head` read them whole.
                _ => {}
            }
            if open.is_empty() {
                return Ok(());
            }
        }
    }
}

/// An IEEE 754 half-precision float, widened (RFC 8949, Appendix D).
fn half_to_f64(bits: u16) -> f64 {
    let exponent = (bits >> 10) & 0x1f;
    let mantissa = f64::from(bits & 0x3ff);
    let magnitude = match exponent {
        0 => mantissa * 2f64.powi(-24),
        31 if mantissa == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (mantissa + 1024.0) * 2f64.powi(i32::from(exponent) - 25),
    };
    if bits & 0x8000 != 0 {
        -magnitude
    } else {
        magnitude
    }
}

impl Length {
    /// Whether the container has another item (a map: another entry),
    /// counting it off, or consuming the `break` that ends it.
    fn take_one(&mut self, reader: &mut Reader<'_>) -> Result<bool, CborError> {
        Ok(match self {
            Length::Definite(0) => false,
            Length::Definite(left) => {
                *left -= 1;
                true
            }
            Length::Indefinite => !reader.take_break()?,
        })
    }
}

/// The members of a map being read.
#[derive(Debug)]
pub struct MapReader {
    left: Length,
}

impl MapReader {
    /// The next key, with the cursor on its value, or `None` at the end.
    pub fn next_key<'a>(
        &mut self,
        reader: &mut Reader<'a>,
    ) -> Result<Option<Cow<'a, str>>, CborError> {
        if !self.left.take_one(reader)? {
            reader.depth -= 1;
            return Ok(None);
        }
        reader.read_str().map(Some)
    }

    /// The position in `members` (a structure's wire names) of the next
    /// member it lists, with the cursor on its value, or `None` at the end
    /// of the map; other members are skipped. A position is one integer
    /// switch for a generated reader (see [`read_members`]).
    pub fn next_member(
        &mut self,
        reader: &mut Reader<'_>,
        members: &'static [&'static str],
    ) -> Result<Option<usize>, CborError> {
        while let Some(key) = self.next_key(reader)? {
            match members.iter().position(|member| *member == key) {
                Some(index) => return Ok(Some(index)),
                None => reader.skip_value()?,
            }
        }
        Ok(None)
    }
}

/// The items of an array being read.
#[derive(Debug)]
pub struct ArrayReader {
    left: Length,
}

impl ArrayReader {
    /// Whether another item follows, with the cursor on it.
    pub fn next(&mut self, reader: &mut Reader<'_>) -> Result<bool, CborError> {
        let more = self.left.take_one(reader)?;
        if !more {
            reader.depth -= 1;
        }
        Ok(more)
    }
}

/// Reads the map at `reader` as a structure whose wire names are
/// `members`: `read` gets the position of each member the map holds, with
/// the cursor on its value; other members are skipped. Generated readers
/// pass a closure that matches on the position, so the loop and its error
/// handling are compiled here once rather than in every reader.
#[inline]
pub fn read_members<F>(
    reader: &mut Reader<'_>,
    members: &'static [&'static str],
    mut read: F,
) -> Result<(), CborError>
where
    F: FnMut(&mut Reader<'_>, usize) -> Result<(), CborError>,
{
    let mut map = reader.map()?;
    while let Some(index) = map.next_member(reader, members)? {
        read(reader, index)?;
    }
    Ok(())
}

/// Reads a structure member into its slot; `null` leaves it unset.
pub fn member<T: ReadCbor>(
    reader: &mut Reader<'_>,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), CborError> {
    if reader.take_null()? {
        return Ok(());
    }
    *slot = Some(T::read_cbor(reader).map_err(|e| e.at_member(name))?);
    Ok(())
}

/// Reads the value of the union member `name`.
pub fn variant<T: ReadCbor>(reader: &mut Reader<'_>, name: &'static str) -> Result<T, CborError> {
    T::read_cbor(reader).map_err(|e| e.at_member(name))
}

/// Records the one member of a union; a second is an error.
pub fn set_variant<U>(
    reader: &Reader<'_>,
    slot: &mut Option<U>,
    value: U,
) -> Result<(), CborError> {
    if slot.replace(value).is_some() {
        return Err(reader.error("a union with more than one member set"));
    }
    Ok(())
}

/// The member a union map set; one that sets none is an error.
pub fn finish_union<U>(reader: &Reader<'_>, slot: Option<U>) -> Result<U, CborError> {
    slot.ok_or_else(|| reader.error("a union with no member set"))
}

impl Reader<'_> {
    /// A union member the model does not list: skipped, its name kept,
    /// except `__type`, which is no member.
    pub fn unknown_variant(&mut self, name: &str) -> Result<Option<UnknownMember>, CborError> {
        self.skip_value()?;
        Ok((name != "__type").then(|| UnknownMember::new(name)))
    }
}

mod impls;
#[cfg(test)]
mod tests;
#[cfg(feature = "test-util")]
mod value;

#[cfg(feature = "test-util")]
pub(crate) use value::Value;
