//! restJson1 on the wire: what the generated request serializers, response
//! deserializers and error types build on. Nothing here does I/O; requests
//! and responses are `http` crate types.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serializer};
use serde_with::{DeserializeAs, SerializeAs};

use super::{json, BigDecimal, BigInteger, Blob, Document, Timestamp, Unit};

// Timestamps ---------------------------------------------------------------

/// The formats of Smithy's `@timestampFormat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    /// Seconds since the Unix epoch, with up to millisecond precision.
    EpochSeconds,
    /// RFC 3339 in UTC, such as `1985-04-12T23:20:50.52Z`.
    DateTime,
    /// The IMF-fixdate of HTTP, such as `Tue, 29 Apr 2014 18:30:38 GMT`.
    HttpDate,
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `value` as text in `format`.
pub fn format_timestamp(value: &Timestamp, format: TimestampFormat) -> String {
    let time = value.as_offset_date_time();
    match format {
        TimestampFormat::EpochSeconds => {
            let millis = epoch_millis(value);
            let (seconds, fraction) = (millis.div_euclid(1000), millis.rem_euclid(1000));
            if fraction == 0 {
                seconds.to_string()
            } else {
                format!("{seconds}.{fraction:03}").trim_end_matches('0').to_owned()
            }
        }
        TimestampFormat::DateTime => value.to_string(),
        // `httpdate` panics on instants before 1970, so this is formatted
        // from the calendar fields instead.
        TimestampFormat::HttpDate => format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            WEEKDAYS[usize::from(time.weekday().number_days_from_monday())],
            time.day(),
            MONTHS[usize::from(u8::from(time.month())) - 1],
            time.year(),
            time.hour(),
            time.minute(),
            time.second(),
        ),
    }
}

/// Milliseconds since the epoch, the precision Smithy gives epoch seconds.
fn epoch_millis(value: &Timestamp) -> i128 {
    value.as_offset_date_time().unix_timestamp_nanos().div_euclid(1_000_000)
}

/// Reads a timestamp written in any of the three formats; services are not
/// always consistent about which one they send.
pub fn parse_timestamp(text: &str) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Ok(time) =
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
    {
        return Ok(Timestamp::from(time));
    }
    if let Ok(time) = httpdate::parse_http_date(text) {
        return Ok(Timestamp::from(time::OffsetDateTime::from(time)));
    }
    match text.parse::<f64>() {
        Ok(seconds) if seconds.is_finite() => Ok(Timestamp::from_epoch_seconds(seconds)),
        _ => Err(format!("invalid timestamp `{text}`")),
    }
}

pub(crate) fn serialize_timestamp<S: Serializer>(
    value: &Timestamp,
    format: TimestampFormat,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match format {
        TimestampFormat::EpochSeconds => match epoch_seconds(value) {
            EpochSeconds::Whole(seconds) => serializer.serialize_i64(seconds),
            EpochSeconds::Fractional(seconds) => serializer.serialize_f64(seconds),
        },
        other => serializer.serialize_str(&format_timestamp(value, other)),
    }
}

/// A timestamp as a JSON number of seconds: an integer when there is no
/// fraction, so whole seconds are not written as `1.0`.
pub(crate) enum EpochSeconds {
    Whole(i64),
    Fractional(f64),
}

pub(crate) fn epoch_seconds(value: &Timestamp) -> EpochSeconds {
    let millis = epoch_millis(value);
    if millis % 1000 == 0 {
        EpochSeconds::Whole((millis / 1000) as i64)
    } else {
        EpochSeconds::Fractional(millis as f64 / 1000.0)
    }
}

/// Field adapter (for `serde_with`) writing a timestamp as RFC 3339 text.
pub struct AsDateTime;

/// Field adapter (for `serde_with`) writing a timestamp as an HTTP date.
pub struct AsHttpDate;

impl SerializeAs<Timestamp> for AsDateTime {
    fn serialize_as<S: Serializer>(value: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_timestamp(value, TimestampFormat::DateTime, serializer)
    }
}

impl SerializeAs<Timestamp> for AsHttpDate {
    fn serialize_as<S: Serializer>(value: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_timestamp(value, TimestampFormat::HttpDate, serializer)
    }
}

impl<'de> DeserializeAs<'de, Timestamp> for AsDateTime {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        Timestamp::deserialize(deserializer)
    }
}

impl<'de> DeserializeAs<'de, Timestamp> for AsHttpDate {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        Timestamp::deserialize(deserializer)
    }
}

// Floats -------------------------------------------------------------------

/// Field adapter (for `serde_with`) writing NaN and the infinities as the
/// strings Smithy specifies (`"NaN"`, `"Infinity"`, `"-Infinity"`), which
/// JSON numbers cannot hold.
pub struct AsFloat;

fn non_finite_text(value: f64) -> Option<&'static str> {
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

impl SerializeAs<f64> for AsFloat {
    fn serialize_as<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite_text(*value) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f64(*value),
        }
    }
}

impl SerializeAs<f32> for AsFloat {
    fn serialize_as<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite_text(f64::from(*value)) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f32(*value),
        }
    }
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<f64, E> {
        Ok(value)
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<f64, E> {
        Ok(value as f64)
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<f64, E> {
        Ok(value as f64)
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<f64, E> {
        match text {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(E::invalid_value(de::Unexpected::Str(text), &self)),
        }
    }
}

impl<'de> DeserializeAs<'de, f64> for AsFloat {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl<'de> DeserializeAs<'de, f32> for AsFloat {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        deserializer.deserialize_any(FloatVisitor).map(|value| value as f32)
    }
}

// Error correction ---------------------------------------------------------

/// The value Smithy's error correction gives a required member a response
/// left out: zero, false, empty, the epoch, or an unknown variant. A client
/// keeps working when a service stops sending a member it once required.
pub trait ErrorCorrection {
    /// The corrected value.
    fn error_corrected() -> Self;
}

/// [`ErrorCorrection::error_corrected`] as a function, for `serde(default)`.
pub fn error_corrected<T: ErrorCorrection>() -> T {
    T::error_corrected()
}

macro_rules! corrected_by_default {
    ($($ty:ty),*) => {
        $(impl ErrorCorrection for $ty {
            fn error_corrected() -> Self {
                Default::default()
            }
        })*
    };
}

corrected_by_default!(
    bool, i8, i16, i32, i64, f32, f64, String, Blob, Timestamp, Document, BigInteger, BigDecimal, Unit
);

impl<T> ErrorCorrection for Vec<T> {
    fn error_corrected() -> Self {
        Vec::new()
    }
}

impl<K, V> ErrorCorrection for BTreeMap<K, V> {
    fn error_corrected() -> Self {
        BTreeMap::new()
    }
}

impl<T> ErrorCorrection for Option<T> {
    fn error_corrected() -> Self {
        None
    }
}

impl<T: ErrorCorrection> ErrorCorrection for Box<T> {
    fn error_corrected() -> Self {
        Box::new(T::error_corrected())
    }
}

// Values as text, for labels, query strings and headers --------------------

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
    ($($ty:ty),*) => {
        $(
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
        )*
    };
}

text_by_display!(bool, i8, i16, i32, i64);

macro_rules! float_text {
    ($($ty:ty),*) => {
        $(
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
                    FloatVisitor
                        .visit_str::<de::value::Error>(text.trim())
                        .map(|value| value as $ty)
                        .or_else(|_| text.trim().parse().map_err(|e| format!("invalid number `{text}`: {e}")))
                }
            }
        )*
    };
}

float_text!(f32, f64);

impl HttpText for BigInteger {
    fn http_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.to_string())
    }
}

impl HttpText for BigDecimal {
    fn http_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.to_string())
    }
}

impl FromHttpText for BigInteger {
    fn from_http_text(text: &str) -> Result<Self, String> {
        text.trim().parse().map(Self).map_err(|e| format!("invalid number `{text}`: {e}"))
    }
}

impl FromHttpText for BigDecimal {
    fn from_http_text(text: &str) -> Result<Self, String> {
        text.trim().parse().map(Self).map_err(|e| format!("invalid number `{text}`: {e}"))
    }
}

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

impl FromHttpText for Timestamp {
    fn from_http_text(text: &str) -> Result<Self, String> {
        parse_timestamp(text)
    }
}

/// Standard base64, as `@mediaType` header values and blobs use.
pub fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Decodes standard base64.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| format!("invalid base64: {e}"))
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
        return parts.chunks(2).map(|pair| pair.join(",").trim().to_owned()).collect();
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

// Requests -----------------------------------------------------------------

/// The bytes written as they are: RFC 3986's unreserved characters, and `/`
/// as well when `greedy` (greedy labels span path segments).
const fn kept_bytes(greedy: bool) -> [bool; 256] {
    let mut kept = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        kept[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || (greedy && b == b'/');
        byte += 1;
    }
    kept
}

static KEPT: [bool; 256] = kept_bytes(false);
static KEPT_GREEDY: [bool; 256] = kept_bytes(true);

/// Appends `text` to `out`, percent-encoded for a label, query name or query
/// value: every byte of the UTF-8 form but the unreserved characters becomes
/// `%XX`. Written out rather than taken from `percent-encoding`, whose
/// chunked iterator made labels the largest cost of building a request; the
/// tests check the two agree.
pub fn percent_encode_into(out: &mut String, text: &str, greedy: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let kept = if greedy { &KEPT_GREEDY } else { &KEPT };
    let mut rest = text;
    // Everything before the first escaped byte is ASCII, so that byte starts
    // a character, and the whole character is escaped.
    while let Some(at) = rest.bytes().position(|b| !kept[usize::from(b)]) {
        let (plain, escaped) = rest.split_at(at);
        out.push_str(plain);
        let mut chars = escaped.chars();
        let mut utf8 = [0; 4];
        for byte in chars.next().unwrap_or_default().encode_utf8(&mut utf8).bytes() {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
}

/// Assembles the HTTP request of an operation.
#[derive(Debug)]
pub struct RequestBuilder {
    method: &'static str,
    path: String,
    query: String,
    query_names: Vec<String>,
    host_prefix: String,
    request: http::Request<Vec<u8>>,
}

impl RequestBuilder {
    /// A request with the operation's method and no path yet.
    pub fn new(method: &'static str) -> Self {
        Self {
            method,
            path: String::with_capacity(256),
            query: String::new(),
            query_names: Vec::new(),
            host_prefix: String::new(),
            request: http::Request::new(Vec::new()),
        }
    }

    /// Appends literal path text from the `@http` URI.
    pub fn path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends an `@httpLabel` value, percent-encoded. An empty value would
    /// put `//` on the wire, so it is an error.
    pub fn label(&mut self, member: &'static str, value: &str, greedy: bool) -> Result<(), RequestError> {
        if value.is_empty() {
            return Err(RequestError::new(member, RequestErrorKind::EmptyLabel));
        }
        percent_encode_into(&mut self.path, value, greedy);
        Ok(())
    }

    /// Appends literal query text from the `@http` URI (`x-id=Op` or `flag`).
    pub fn literal_query(&mut self, literal: &str) {
        for pair in literal.split('&').filter(|pair| !pair.is_empty()) {
            self.separate_query();
            self.query.push_str(pair);
            let name = pair.split('=').next().unwrap_or(pair);
            self.query_names.push(name.to_owned());
        }
    }

    /// Appends one query parameter, both parts percent-encoded.
    pub fn query(&mut self, name: &str, value: &str) {
        self.separate_query();
        percent_encode_into(&mut self.query, name, false);
        self.query.push('=');
        percent_encode_into(&mut self.query, value, false);
        if !self.query_names.iter().any(|known| known == name) {
            self.query_names.push(name.to_owned());
        }
    }

    /// Whether a parameter of this name is already set; `@httpQuery` members
    /// take precedence over `@httpQueryParams` entries.
    pub fn has_query(&self, name: &str) -> bool {
        self.query_names.iter().any(|known| known == name)
    }

    fn separate_query(&mut self) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
    }

    /// Appends literal text of the `@endpoint` host prefix.
    pub fn host_prefix(&mut self, literal: &str) {
        self.host_prefix.push_str(literal);
    }

    /// Appends a `@hostLabel` value to the host prefix; it must be a valid
    /// host label, or the request would go to some other host.
    pub fn host_label(&mut self, member: &'static str, value: &str) -> Result<(), RequestError> {
        if !super::request::is_valid_host_label(value) {
            return Err(RequestError::new(member, RequestErrorKind::InvalidHostLabel(value.to_owned())));
        }
        self.host_prefix.push_str(value);
        Ok(())
    }

    /// Sets a header, replacing an `@httpPrefixHeaders` entry of the same
    /// name. A value `http` cannot carry (a CR or LF) is an error.
    pub fn header(&mut self, member: &'static str, name: &str, value: &str) -> Result<(), RequestError> {
        let invalid = || RequestError::new(member, RequestErrorKind::InvalidHeader { name: name.to_owned() });
        let name = http::HeaderName::try_from(name).map_err(|_| invalid())?;
        let value = http::HeaderValue::try_from(value).map_err(|_| invalid())?;
        self.request.headers_mut().insert(name, value);
        Ok(())
    }

    /// Sets the body and its content type, unless a member set the
    /// `Content-Type` header itself.
    pub fn body(&mut self, body: Vec<u8>, content_type: &str) -> Result<(), RequestError> {
        let value = http::HeaderValue::try_from(content_type).map_err(|_| {
            RequestError::new("", RequestErrorKind::InvalidHeader { name: "Content-Type".into() })
        })?;
        self.set_body(body, value);
        Ok(())
    }

    fn set_body(&mut self, body: Vec<u8>, content_type: http::HeaderValue) {
        *self.request.body_mut() = body;
        self.request.headers_mut().entry(http::header::CONTENT_TYPE).or_insert(content_type);
    }

    /// Gzips the body when the options allow it and it is large enough,
    /// adding `gzip` after any `Content-Encoding` a member set.
    pub fn compress(&mut self, options: &super::request::RequestOptions) -> Result<(), RequestError> {
        if !options.compresses(self.request.body().len()) {
            return Ok(());
        }
        let compressed = super::request::gzip(self.request.body())
            .map_err(|e| RequestError::new("", RequestErrorKind::Compression(e.to_string())))?;
        *self.request.body_mut() = compressed;
        let headers = self.request.headers_mut();
        let encoding = match headers.get(http::header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()) {
            Some(given) if !given.trim().is_empty() => format!("{given}, gzip"),
            _ => "gzip".to_owned(),
        };
        let encoding = http::HeaderValue::try_from(encoding).map_err(|_| {
            RequestError::new("", RequestErrorKind::InvalidHeader { name: "Content-Encoding".into() })
        })?;
        headers.insert(http::header::CONTENT_ENCODING, encoding);
        Ok(())
    }

    /// Sets `Content-MD5` to the digest of the body as it will be sent, for
    /// operations marked `@httpChecksumRequired`.
    pub fn content_md5(&mut self) {
        let digest = super::request::content_md5(self.request.body());
        if let Ok(value) = http::HeaderValue::try_from(digest) {
            self.request.headers_mut().insert("content-md5", value);
        }
    }

    /// Sets a JSON body, which `write` appends to an empty buffer.
    pub fn json_body(
        &mut self,
        write: impl FnOnce(&mut Vec<u8>) -> Result<(), super::json::WriteError>,
    ) -> Result<(), RequestError> {
        // Most bodies fit, and a first allocation of 1 KiB costs no more than
        // a smaller one that has to grow.
        let mut bytes = Vec::with_capacity(1024);
        write(&mut bytes).map_err(|e| RequestError::new("", RequestErrorKind::Json(e)))?;
        self.set_body(bytes, http::HeaderValue::from_static("application/json"));
        Ok(())
    }

    /// The finished request, with `Content-Length` for a body. The host is
    /// the caller's to add (see [`super::request::apply_endpoint`]); a host
    /// prefix travels in the extensions.
    pub fn build(self) -> Result<http::Request<Vec<u8>>, RequestError> {
        let Self { method, mut path, query, host_prefix, mut request, .. } = self;
        if !request.body().is_empty() {
            let length = http::HeaderValue::from(request.body().len());
            request.headers_mut().insert(http::header::CONTENT_LENGTH, length);
        }
        if !host_prefix.is_empty() {
            request.extensions_mut().insert(super::request::HostPrefix::new(host_prefix));
        }
        if !query.is_empty() {
            path.push('?');
            path.push_str(&query);
        }
        let invalid = |message: String| RequestError::new("", RequestErrorKind::InvalidUri(message));
        *request.method_mut() =
            http::Method::from_bytes(method.as_bytes()).map_err(|e| invalid(format!("method `{method}`: {e}")))?;
        *request.uri_mut() = http::Uri::try_from(path).map_err(|e| invalid(e.to_string()))?;
        Ok(request)
    }
}

/// An input that cannot become a request.
#[derive(Debug)]
pub struct RequestError {
    member: &'static str,
    kind: RequestErrorKind,
}

/// What is wrong with the input.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestErrorKind {
    /// An `@httpLabel` member is not set.
    MissingLabel,
    /// An `@httpLabel` member is empty, which would put `//` on the wire.
    EmptyLabel,
    /// A header name or value the `http` crate cannot carry, such as a value
    /// with a CR or LF in it.
    InvalidHeader {
        /// The header's name.
        name: String,
    },
    /// The path and query do not form a URI.
    InvalidUri(String),
    /// The JSON body could not be written.
    Json(super::json::WriteError),
    /// A `@hostLabel` value that is not a valid host label.
    InvalidHostLabel(String),
    /// The body could not be compressed.
    Compression(String),
    /// No idempotency token could be made for an unset member.
    IdempotencyToken(super::request::TokenError),
    /// The member is an event stream, whose frames the generated code does
    /// not write.
    EventStream,
}

impl RequestError {
    /// An error about one member (its model name).
    pub fn new(member: &'static str, kind: RequestErrorKind) -> Self {
        Self { member, kind }
    }

    /// Refuses to send the event stream `member`, whose frames the generated
    /// code does not write.
    pub fn event_stream(member: &'static str) -> Result<(), Self> {
        Err(Self::new(member, RequestErrorKind::EventStream))
    }

    /// The model name of the member at fault; empty when it is no one member.
    pub fn member(&self) -> &'static str {
        self.member
    }

    /// What is wrong.
    pub fn kind(&self) -> &RequestErrorKind {
        &self.kind
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot build the request")?;
        if !self.member.is_empty() {
            write!(f, ": member `{}`", self.member)?;
        }
        match &self.kind {
            RequestErrorKind::MissingLabel => f.write_str(": the URI label is not set"),
            RequestErrorKind::EmptyLabel => f.write_str(": the URI label is empty"),
            RequestErrorKind::InvalidHeader { name } => {
                write!(f, ": header `{name}` cannot hold the value (CR, LF or another control character)")
            }
            RequestErrorKind::InvalidUri(message) => write!(f, ": invalid URI {message}"),
            RequestErrorKind::Json(e) => write!(f, ": {e}"),
            RequestErrorKind::InvalidHostLabel(value) => {
                write!(f, ": {value:?} is not a valid host label (letters, digits and `-`, at most 63)")
            }
            RequestErrorKind::Compression(message) => write!(f, ": cannot compress the body: {message}"),
            RequestErrorKind::IdempotencyToken(e) => write!(f, ": {e}"),
            RequestErrorKind::EventStream => f.write_str(": it is an event stream, which this crate does not send"),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            RequestErrorKind::Json(e) => Some(e),
            RequestErrorKind::IdempotencyToken(e) => Some(e),
            _ => None,
        }
    }
}

// Responses ----------------------------------------------------------------

/// The parts of a response a deserializer reads.
#[derive(Clone, Copy, Debug)]
pub struct ResponseParts<'a> {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: &'a http::HeaderMap,
    /// The body.
    pub body: &'a [u8],
}

impl<'a> ResponseParts<'a> {
    /// Borrows the parts of `response`.
    pub fn new<B: AsRef<[u8]>>(response: &'a http::Response<B>) -> Self {
        Self {
            status: response.status().as_u16(),
            headers: response.headers(),
            body: response.body().as_ref(),
        }
    }

    /// Whether the status is a 2xx success.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Every value of a header, joined by `, ` as HTTP allows.
    fn header_text(&self, member: &'static str, name: &str) -> Result<Option<String>, ResponseError> {
        let mut values = self.headers.get_all(name).iter().peekable();
        if values.peek().is_none() {
            return Ok(None);
        }
        let mut joined = String::new();
        for value in values {
            let text = value
                .to_str()
                .map_err(|_| ResponseError::member(member, format!("header `{name}` is not visible ASCII")))?;
            if !joined.is_empty() {
                joined.push_str(", ");
            }
            joined.push_str(text);
        }
        Ok(Some(joined))
    }

    /// An `@httpHeader` value.
    pub fn header<T: FromHttpText>(&self, member: &'static str, name: &str) -> Result<Option<T>, ResponseError> {
        self.header_text(member, name)?
            .map(|text| T::from_http_text(&text).map_err(|e| ResponseError::member(member, e)))
            .transpose()
    }

    /// An `@httpHeader` value of a `@mediaType` string, which is base64.
    pub fn media_type_header(&self, member: &'static str, name: &str) -> Result<Option<String>, ResponseError> {
        let Some(text) = self.header_text(member, name)? else {
            return Ok(None);
        };
        let bytes = base64_decode(&text).map_err(|e| ResponseError::member(member, e))?;
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| ResponseError::member(member, "the decoded header is not UTF-8".into()))
    }

    /// An `@httpHeader` list.
    pub fn header_list<T: FromHttpText>(
        &self,
        member: &'static str,
        name: &str,
        http_dates: bool,
    ) -> Result<Option<Vec<T>>, ResponseError> {
        let Some(text) = self.header_text(member, name)? else {
            return Ok(None);
        };
        split_header_list(&text, http_dates)
            .iter()
            .map(|item| T::from_http_text(item).map_err(|e| ResponseError::member(member, e)))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// `@httpPrefixHeaders`: every header starting with `prefix` (case
    /// ignored), keyed by the rest of its name.
    pub fn prefix_headers(
        &self,
        member: &'static str,
        prefix: &str,
    ) -> Result<BTreeMap<String, String>, ResponseError> {
        let prefix = prefix.to_ascii_lowercase();
        let mut map = BTreeMap::new();
        for name in self.headers.keys() {
            if let Some(rest) = name.as_str().strip_prefix(&prefix) {
                if let Some(value) = self.header_text(member, name.as_str())? {
                    map.insert(rest.to_owned(), value);
                }
            }
        }
        Ok(map)
    }

    /// A lenient reader over the JSON body; an empty body reads as `{}`.
    pub fn body_reader(&self) -> json::Reader<'a> {
        let body: &'a [u8] = if self.body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { self.body };
        json::Reader::lenient(body)
    }

    /// An `@httpPayload` structure, union or document: `None` when the body
    /// is empty.
    pub fn json_payload<T: json::ReadJson>(&self) -> Result<Option<T>, ResponseError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        let mut reader = json::Reader::lenient(self.body);
        let value = T::read_json(&mut reader)?;
        reader.end()?;
        Ok(Some(value))
    }

    /// An `@httpPayload` string.
    pub fn text_payload(&self, member: &'static str) -> Result<Option<String>, ResponseError> {
        if self.body.is_empty() {
            return Ok(None);
        }
        String::from_utf8(self.body.to_vec())
            .map(Some)
            .map_err(|_| ResponseError::member(member, "the body is not UTF-8".into()))
    }

    /// An `@httpPayload` event stream: its frames are not read, so a body
    /// is an error rather than a stream that looks empty.
    pub fn event_stream_payload<T>(&self, member: &'static str) -> Result<Option<T>, ResponseError> {
        if self.body.is_empty() {
            return Ok(None);
        }
        Err(ResponseError::member(member, "it is an event stream, which this crate does not read".into()))
    }

    /// An `@httpPayload` blob.
    pub fn blob_payload(&self) -> Option<Blob> {
        (!self.body.is_empty()).then(|| Blob::from(self.body))
    }

    /// What an error response says about itself. Its body is read as far
    /// as it is JSON; an unreadable body leaves the code to the header.
    pub fn error_metadata(&self) -> ErrorMetadata {
        let body = ErrorBody::read(self.body);
        let header = |name: &str| {
            self.headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let code = header("x-amzn-errortype")
            .or(body.code)
            .or(body.type_name)
            .map(|raw| sanitize_error_code(&raw).to_owned())
            .filter(|code| !code.is_empty());
        ErrorMetadata {
            code,
            message: body.message,
            status: self.status,
            request_id: header("x-amzn-requestid"),
        }
    }
}

/// The members of an error body that say what the error is.
#[derive(Default)]
struct ErrorBody {
    code: Option<String>,
    type_name: Option<String>,
    message: Option<String>,
}

impl ErrorBody {
    /// The string members `code`, `__type` and the first of `message`,
    /// `Message` and `errorMessage`, read until the body stops being JSON.
    fn read(body: &[u8]) -> Self {
        let mut found = Self::default();
        let mut messages: [Option<String>; 3] = Default::default();
        let mut reader = json::Reader::lenient(body);
        let Ok(mut object) = reader.object() else {
            return found;
        };
        while let Ok(Some(key)) = object.next_key(&mut reader) {
            let slot = match &*key {
                "code" => &mut found.code,
                "__type" => &mut found.type_name,
                "message" => &mut messages[0],
                "Message" => &mut messages[1],
                "errorMessage" => &mut messages[2],
                _ => {
                    if reader.skip_value().is_err() {
                        break;
                    }
                    continue;
                }
            };
            match reader.read_str() {
                Ok(text) => *slot = Some(text.into_owned()),
                Err(_) if reader.skip_value().is_ok() => {}
                Err(_) => break,
            }
        }
        found.message = messages.into_iter().flatten().next();
        found
    }
}

/// The error code without a `:...` suffix or a `namespace#` prefix.
pub fn sanitize_error_code(raw: &str) -> &str {
    let code = raw.split(':').next().unwrap_or(raw);
    code.rsplit('#').next().unwrap_or(code).trim()
}

/// A response that cannot be read as the model describes it.
#[derive(Debug)]
pub struct ResponseError {
    location: String,
    message: String,
    source: Option<json::JsonError>,
}

impl ResponseError {
    /// A problem with one member (its model name).
    pub fn member(member: &str, message: String) -> Self {
        Self { location: member.to_owned(), message, source: None }
    }

    /// The member, or the path in the JSON body, where the problem is.
    pub fn location(&self) -> &str {
        &self.location
    }
}

/// A JSON body that does not fit the model, located by its path.
impl From<json::JsonError> for ResponseError {
    fn from(error: json::JsonError) -> Self {
        Self {
            location: error.path(),
            message: format!("{} (line {}, column {})", error.kind(), error.line(), error.column()),
            source: Some(error),
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read the response at `{}`: {}", self.location, self.message)
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

// Errors -------------------------------------------------------------------

/// What every error response says, whether or not the model lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    status: u16,
    request_id: Option<String>,
}

impl ErrorMetadata {
    /// The error code: from the `x-amzn-errortype` header, else the body's
    /// `code`, else its `__type`, without `:...` suffix or `namespace#`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The body's `message`, `Message` or `errorMessage`.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `x-amzn-requestid` header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {})", self.code().unwrap_or("unknown error"), self.status)?;
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

/// Error codes services use for throttling.
pub const THROTTLING_CODES: &[&str] = &[
    "BandwidthLimitExceeded",
    "EC2ThrottledException",
    "LimitExceededException",
    "PriorRequestNotComplete",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
    "ThrottledClientException",
    "ThrottledException",
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
    "TransactionInProgressException",
];

/// Error codes for failures that pass if the request is sent again.
pub const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// Whether an error is throttling: `@retryable(throttling: true)`, HTTP 429
/// or a throttling code.
pub fn is_throttling(meta: &ErrorMetadata, modeled_throttling: bool) -> bool {
    modeled_throttling
        || meta.status == 429
        || meta.code().is_some_and(|code| THROTTLING_CODES.contains(&code))
}

/// Whether sending the request again may succeed: `@retryable`, throttling,
/// a 5xx status or a transient code.
pub fn is_retryable(meta: &ErrorMetadata, modeled_retryable: bool, modeled_throttling: bool) -> bool {
    modeled_retryable
        || is_throttling(meta, modeled_throttling)
        || (500..600).contains(&meta.status)
        || meta.code().is_some_and(|code| TRANSIENT_CODES.contains(&code))
}

/// What callers can ask of every operation error.
pub trait ServiceError {
    /// Code, message, status and request id.
    fn meta(&self) -> &ErrorMetadata;
    /// Whether sending the request again may succeed.
    fn is_retryable(&self) -> bool;
    /// Whether the service is throttling the caller.
    fn is_throttling(&self) -> bool;
}

/// How the model marks an error with `@retryable`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// No `@retryable`.
    No,
    /// `@retryable`.
    Retryable,
    /// `@retryable(throttling: true)`.
    Throttling,
}

/// An error the model lists, with what the response said about it. Kept on
/// the heap, so a `Result` carrying it stays small.
#[derive(Debug)]
pub struct Modeled<T> {
    error: Box<T>,
    meta: Box<ErrorMetadata>,
    retry: Retry,
    unreadable: Option<Box<ResponseError>>,
}

impl<T> Modeled<T> {
    /// Wraps a parsed error.
    pub fn new(error: T, meta: ErrorMetadata, retry: Retry) -> Self {
        Self { error: Box::new(error), meta: Box::new(meta), retry, unreadable: None }
    }

    /// Why the error's members could not be read, when its body did not fit
    /// the model; the members then hold their error-corrected values.
    pub fn response_error(&self) -> Option<&ResponseError> {
        self.unreadable.as_deref()
    }

    /// The error's modelled members.
    pub fn error(&self) -> &T {
        &self.error
    }

    /// Takes the modelled members out.
    pub fn into_error(self) -> T {
        *self.error
    }
}

impl<T> ServiceError for Modeled<T> {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
    fn is_retryable(&self) -> bool {
        is_retryable(&self.meta, self.retry != Retry::No, self.retry == Retry::Throttling)
    }
    fn is_throttling(&self) -> bool {
        is_throttling(&self.meta, self.retry == Retry::Throttling)
    }
}

impl<T> std::ops::Deref for Modeled<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.error
    }
}

/// Reads a modelled error from an error response and wraps it in its
/// variant. The code already says which error it is, so a body that does
/// not fit still gives that variant, with error-corrected members and the
/// reason kept as its source.
pub fn modeled<T: ErrorCorrection, E>(
    parts: &ResponseParts<'_>,
    meta: ErrorMetadata,
    retry: Retry,
    read: fn(&ResponseParts<'_>) -> Result<T, ResponseError>,
    variant: fn(Modeled<T>) -> E,
) -> E {
    match read(parts) {
        Ok(error) => variant(Modeled::new(error, meta, retry)),
        Err(e) => {
            let mut modeled = Modeled::new(T::error_corrected(), meta, retry);
            modeled.unreadable = Some(Box::new(e));
            variant(modeled)
        }
    }
}

/// An error the model does not list, or a response that could not be read.
#[derive(Debug)]
pub struct Unhandled {
    meta: Box<ErrorMetadata>,
    source: Option<Box<ResponseError>>,
}

impl Unhandled {
    /// An error response whose code the model does not list; `source` is the
    /// reason when the response could not be read.
    pub fn new(meta: ErrorMetadata, source: Option<ResponseError>) -> Self {
        Self { meta: Box::new(meta), source: source.map(Box::new) }
    }

    /// Why the response could not be read, if that is what happened.
    pub fn response_error(&self) -> Option<&ResponseError> {
        self.source.as_deref()
    }
}

impl ServiceError for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
    fn is_retryable(&self) -> bool {
        is_retryable(&self.meta, false, false)
    }
    fn is_throttling(&self) -> bool {
        is_throttling(&self.meta, false)
    }
}
