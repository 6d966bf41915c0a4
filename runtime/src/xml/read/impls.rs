//! How values are read from an element's text: as they are from a header,
//! numbers trimmed, NaN and the infinities by name, blobs in base64, and
//! timestamps in whichever of the three formats the service sent.

use super::{ReadXml, Reader, XmlError};
use crate::http_text::FromHttpText;
use crate::{Blob, Timestamp, Unit};

/// Parses the text of the open element as a `T`.
fn from_text<T: FromHttpText>(reader: &mut Reader<'_>) -> Result<T, XmlError> {
    let at = reader.pos;
    let text = reader.text()?;
    T::from_http_text(&text).map_err(|message| XmlError::new(at, message))
}

macro_rules! read_as_text {
    ($($ty:ty),*) => {$(
        impl ReadXml for $ty {
            fn read_xml(reader: &mut Reader<'_>) -> Result<Self, XmlError> {
                from_text(reader)
            }
        }
    )*};
}

read_as_text!(
    bool,
    i8,
    i16,
    i32,
    i64,
    f32,
    f64,
    Blob,
    crate::ByteStream,
    Timestamp
);

#[cfg(feature = "big-numbers")]
read_as_text!(crate::BigInteger, crate::BigDecimal);

/// Text is kept as written, whitespace included.
impl ReadXml for String {
    fn read_xml(reader: &mut Reader<'_>) -> Result<Self, XmlError> {
        reader.text().map(|text| text.into_owned())
    }
}

/// A union member targeting `Unit`: whatever the element holds is skipped.
impl ReadXml for Unit {
    fn read_xml(reader: &mut Reader<'_>) -> Result<Self, XmlError> {
        reader.skip_element()?;
        Ok(Unit)
    }
}

/// An item of a sparse collection: XML has no null, so an item is a value.
impl<T: ReadXml> ReadXml for Option<T> {
    fn read_xml(reader: &mut Reader<'_>) -> Result<Self, XmlError> {
        T::read_xml(reader).map(Some)
    }
}

impl<T: ReadXml> ReadXml for Box<T> {
    fn read_xml(reader: &mut Reader<'_>) -> Result<Self, XmlError> {
        T::read_xml(reader).map(Box::new)
    }
}

/// Reads the attribute `name` of the last start tag into `slot`, parsed
/// as a `T`; an absent attribute leaves it as it is.
pub fn attribute<T: FromHttpText>(
    reader: &Reader<'_>,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), XmlError> {
    let Some(text) = reader.attribute(name)? else {
        return Ok(());
    };
    let value = T::from_http_text(&text)
        .map_err(|message| XmlError::new(reader.pos, message).at_member(name))?;
    *slot = Some(value);
    Ok(())
}
