//! Values as the text of URI labels, query strings and headers, and header
//! values holding lists.

use std::borrow::Cow;

use crate::blob::{base64_decode, base64_encode};
use crate::{Blob, Timestamp};

/// A value as it appears in a URI label, a query string or a header.
pub trait HttpText {
    /// The text.
    fn http_text(&self) -> Cow<'_, str>;
}

/// A value read from a header.
pub trait FromHttpText: Sized {
    /// Parses the text, saying what is wrong with it.
    fn from_http_text(text: &str) -> Result<Self, String>;
}

impl HttpText for String {
    fn http_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl FromHttpText for String {
    fn from_http_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

macro_rules! text_by_display {
    ($($ty:ty),*) => {$(
        impl HttpText for $ty {
            fn http_text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }

        impl FromHttpText for $ty {
            fn from_http_text(text: &str) -> Result<Self, String> {
                text.trim().parse().map_err(|e| format!("invalid value `{text}`: {e}"))
            }
        }
    )*};
}

text_by_display!(bool, i8, i16, i32, i64);

#[cfg(feature = "big-numbers")]
text_by_display!(crate::BigInteger, crate::BigDecimal);

/// NaN and the infinities as Smithy writes them, which JSON numbers cannot
/// hold and which headers and query strings take the same way.
pub(crate) fn non_finite_text(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value == f64::INFINITY {
        Some("Infinity")
    } else if value == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// The float Smithy's text for NaN and the infinities stands for.
pub(crate) fn non_finite_value(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

macro_rules! float_text {
    ($($ty:ty),*) => {$(
        impl HttpText for $ty {
            fn http_text(&self) -> Cow<'_, str> {
                match non_finite_text(f64::from(*self)) {
                    Some(text) => Cow::Borrowed(text),
                    None => Cow::Owned(self.to_string()),
                }
            }
        }

        impl FromHttpText for $ty {
            fn from_http_text(text: &str) -> Result<Self, String> {
                let text = text.trim();
                match non_finite_value(text) {
                    Some(value) => Ok(value as $ty),
                    None => text.parse().map_err(|e| format!("invalid number `{text}`: {e}")),
                }
            }
        }
    )*};
}

float_text!(f32, f64);

impl HttpText for Blob {
    fn http_text(&self) -> Cow<'_, str> {
        Cow::Owned(base64_encode(self.as_bytes()))
    }
}

impl FromHttpText for Blob {
    fn from_http_text(text: &str) -> Result<Self, String> {
        base64_decode(text).map(Blob::new)
    }
}

/// Base64, read into memory (an XML element that holds a streamed blob).
impl FromHttpText for crate::ByteStream {
    fn from_http_text(text: &str) -> Result<Self, String> {
        base64_decode(text).map(crate::ByteStream::from)
    }
}

impl FromHttpText for Timestamp {
    fn from_http_text(text: &str) -> Result<Self, String> {
        Timestamp::parse(text).map_err(|e| e.to_string())
    }
}

/// A header value for a list: items joined by `, `, each quoted when it holds
/// a comma or a double quote. HTTP dates are never quoted, as Smithy says.
pub fn header_list<'a>(items: impl IntoIterator<Item = Cow<'a, str>>, quote: bool) -> String {
    let mut out = String::new();
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        if quote && item.contains([',', '"']) {
            out.push('"');
            out.push_str(&item.replace('\\', "\\\\").replace('"', "\\\""));
            out.push('"');
        } else {
            out.push_str(&item);
        }
    }
    out
}

/// Splits a list header value: on commas outside double quotes, unquoting
/// quoted items. HTTP dates contain a comma of their own, so with `http_dates`
/// every second comma separates.
pub fn split_header_list(value: &str, http_dates: bool) -> Vec<String> {
    if http_dates {
        let parts: Vec<&str> = value.split(',').collect();
        return parts
            .chunks(2)
            .map(|pair| pair.join(",").trim().to_owned())
            .collect();
    }
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => current.extend(chars.next()),
            ',' if !quoted => items.push(std::mem::take(&mut current).trim().to_owned()),
            c => current.push(c),
        }
    }
    items.push(current.trim().to_owned());
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_headers_quote_what_needs_it_and_split_back() {
        let items = ["b,c", "\"def\"", "a"].map(Cow::Borrowed);
        let text = header_list(items, true);
        assert_eq!(text, r#""b,c", "\"def\"", a"#);
        assert_eq!(split_header_list(&text, false), ["b,c", "\"def\"", "a"]);
        let dates = "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT";
        assert_eq!(
            split_header_list(dates, true),
            ["Mon, 16 Dec 2019 23:48:18 GMT"; 2]
        );
    }

    #[test]
    fn floats_take_smithy_text_for_what_is_not_finite() {
        assert_eq!(f64::NAN.http_text(), "NaN");
        assert_eq!(f32::NEG_INFINITY.http_text(), "-Infinity");
        assert!(f64::from_http_text(" NaN ").unwrap().is_nan());
        assert_eq!(f32::from_http_text("1.1").unwrap(), 1.1);
        assert!(f64::from_http_text("one").is_err());
    }
}
