//! Responses: reading an operation's output from the status, headers and
//! body, and the errors a response can carry.

mod error;
mod xml;

use error::sanitize_error_code;
pub use error::{
    is_clock_skew, is_retryable, is_throttling, modeled, ErrorFacts, ErrorMetadata, Modeled, Retry,
    ServiceError, Unhandled, CLOCK_SKEW_CODES, THROTTLING_CODES, TRANSIENT_CODES,
    TRANSIENT_STATUSES,
};

use std::collections::BTreeMap;
use std::fmt;

use crate::blob::base64_decode;
use crate::http_text::{split_header_list, FromHttpText};
use crate::{cbor, json, Blob};

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
    fn header_text(
        &self,
        member: &'static str,
        name: &str,
    ) -> Result<Option<String>, ResponseError> {
        let mut values = self.headers.get_all(name).iter().peekable();
        if values.peek().is_none() {
            return Ok(None);
        }
        let mut joined = String::new();
        for value in values {
            let text = value.to_str().map_err(|_| {
                ResponseError::member(member, format!("header `{name}` is not visible ASCII"))
            })?;
            if !joined.is_empty() {
                joined.push_str(", ");
            }
            joined.push_str(text);
        }
        Ok(Some(joined))
    }

    /// An `@httpHeader` value.
    pub fn header<T: FromHttpText>(
        &self,
        member: &'static str,
        name: &str,
    ) -> Result<Option<T>, ResponseError> {
        self.header_text(member, name)?
            .map(|text| T::from_http_text(&text).map_err(|e| ResponseError::member(member, e)))
            .transpose()
    }

    /// An `@httpHeader` value of a `@mediaType` string, which is base64.
    pub fn media_type_header(
        &self,
        member: &'static str,
        name: &str,
    ) -> Result<Option<String>, ResponseError> {
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
        let body: &'a [u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            self.body
        };
        json::Reader::lenient(body)
    }

    /// A reader over the CBOR body; `None` when the body is empty, which
    /// reads as an empty map.
    pub fn cbor_body(&self) -> Option<cbor::Reader<'a>> {
        (!self.body.is_empty()).then(|| cbor::Reader::new(self.body))
    }

    /// The body read whole as a `T`, leniently; an empty body reads as `{}`.
    pub fn json_document<T: json::ReadJson>(&self) -> Result<T, ResponseError> {
        let mut reader = self.body_reader();
        let value = T::read_json(&mut reader)?;
        reader.end()?;
        Ok(value)
    }

    /// The CBOR body read whole as a `T`; an empty body reads as an empty
    /// map.
    pub fn cbor_document<T: cbor::ReadCbor>(&self) -> Result<T, ResponseError> {
        const EMPTY_MAP: &[u8] = &[0xa0];
        let body = if self.body.is_empty() {
            EMPTY_MAP
        } else {
            self.body
        };
        let mut reader = cbor::Reader::new(body);
        let value = T::read_cbor(&mut reader)?;
        reader.end()?;
        Ok(value)
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
    pub fn event_stream_payload<T>(
        &self,
        member: &'static str,
    ) -> Result<Option<T>, ResponseError> {
        if self.body.is_empty() {
            return Ok(None);
        }
        Err(ResponseError::member(
            member,
            "it is an event stream, which this crate does not read".into(),
        ))
    }

    /// An `@httpPayload` blob.
    pub fn blob_payload(&self) -> Option<Blob> {
        (!self.body.is_empty()).then(|| Blob::from(self.body))
    }

    /// A streamed `@httpPayload` blob read from a body already in memory;
    /// a client hands over the body as it streams in instead (see
    /// [`crate::Operation::STREAMED_OUTPUT`]).
    pub fn stream_payload(&self) -> Option<crate::ByteStream> {
        (!self.body.is_empty()).then(|| crate::ByteStream::from(self.body.to_vec()))
    }

    /// What an error response says about itself. Its body is read as far
    /// as it is JSON; an unreadable body leaves the code to the header.
    pub fn error_metadata(&self) -> ErrorMetadata {
        self.metadata_with(ErrorBody::read(self.body))
    }

    /// The same, for a CBOR body (rpcv2Cbor).
    pub fn cbor_error_metadata(&self) -> ErrorMetadata {
        self.metadata_with(ErrorBody::read_cbor(self.body))
    }

    fn metadata_with(&self, body: ErrorBody) -> ErrorMetadata {
        let header = |name: &str| {
            self.headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        // An XML error's code and type are what the header carries for
        // the JSON protocols that kept awsQuery's codes.
        let query_error = header("x-amzn-query-error").or_else(|| {
            let (code, fault) = (body.code.as_ref()?, body.fault.as_ref()?);
            Some(format!("{code};{fault}"))
        });
        let error_type = header("x-amzn-errortype")
            .or(body.code)
            .or(body.type_name)
            .map(|raw| sanitize_error_code(&raw).to_owned())
            .filter(|code| !code.is_empty());
        ErrorMetadata::new(
            error_type,
            query_error.as_deref(),
            body.message,
            self.status,
            header("x-amzn-requestid").or(body.request_id),
        )
    }
}

/// The members of an error body that say what the error is.
#[derive(Default)]
struct ErrorBody {
    code: Option<String>,
    type_name: Option<String>,
    message: Option<String>,
    /// `Sender` or `Receiver`, from an XML error's `Type`.
    fault: Option<String>,
    /// An XML error's `RequestId`.
    request_id: Option<String>,
}

/// What an error body's readers collect, whatever its format: the string
/// members `code` and `__type`, and the first of `message`, `Message` and
/// `errorMessage`.
#[derive(Default)]
struct ErrorMembers {
    code: Option<String>,
    type_name: Option<String>,
    messages: [Option<String>; 3],
}

impl ErrorMembers {
    /// Where the member `key` goes; `None` for members that say nothing.
    fn slot(&mut self, key: &str) -> Option<&mut Option<String>> {
        Some(match key {
            "code" => &mut self.code,
            "__type" => &mut self.type_name,
            "message" => &mut self.messages[0],
            "Message" => &mut self.messages[1],
            "errorMessage" => &mut self.messages[2],
            _ => return None,
        })
    }

    fn finish(self) -> ErrorBody {
        ErrorBody {
            code: self.code,
            type_name: self.type_name,
            message: self.messages.into_iter().flatten().next(),
            ..ErrorBody::default()
        }
    }
}

impl ErrorBody {
    /// The string members `code`, `__type` and the first of `message`,
    /// `Message` and `errorMessage`, read until the body stops being JSON.
    /// Members of other types are skipped, so the work stays linear in the
    /// body however many of them there are.
    fn read(body: &[u8]) -> Self {
        Self::read_from(&mut json::Reader::lenient(body))
    }

    /// The same members of a CBOR map, read until the body stops being
    /// CBOR; values of other types are skipped.
    fn read_cbor(body: &[u8]) -> Self {
        let mut found = ErrorMembers::default();
        let mut reader = cbor::Reader::new(body);
        let Ok(mut map) = reader.map() else {
            return found.finish();
        };
        while let Ok(Some(key)) = map.next_key(&mut reader) {
            let read = match found.slot(&key) {
                // As in JSON: another type is skipped, not made an error.
                Some(slot) if reader.at_text() => reader
                    .read_str()
                    .map(|text| *slot = Some(text.into_owned())),
                _ => reader.skip_value(),
            };
            if read.is_err() {
                break;
            }
        }
        found.finish()
    }

    fn read_from(reader: &mut json::Reader<'_>) -> Self {
        let mut found = ErrorMembers::default();
        let Ok(mut object) = reader.object() else {
            return found.finish();
        };
        while let Ok(Some(key)) = object.next_key(reader) {
            let read = match found.slot(&key) {
                // A value of another type is skipped without making an
                // error of it: a hostile body may hold millions of them.
                Some(slot) if reader.at_string() => reader
                    .read_str()
                    .map(|text| *slot = Some(text.into_owned())),
                _ => reader.skip_value(),
            };
            if read.is_err() {
                break;
            }
        }
        found.finish()
    }
}

/// A CBOR body that does not fit the model, located by its path.
impl From<cbor::CborError> for ResponseError {
    fn from(error: cbor::CborError) -> Self {
        Self {
            location: error.path(),
            message: error.to_string(),
            source: Some(Box::new(error)),
        }
    }
}

/// A response that cannot be read as the model describes it.
#[derive(Debug)]
pub struct ResponseError {
    location: String,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl ResponseError {
    /// A problem with one member (its model name).
    pub fn member(member: &str, message: String) -> Self {
        Self {
            location: member.to_owned(),
            message,
            source: None,
        }
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
            message: format!(
                "{} (line {}, column {})",
                error.kind(),
                error.line(),
                error.column()
            ),
            source: Some(Box::new(error)),
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read the response at `{}`: {}",
            self.location, self.message
        )
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| &**e as _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(status: u16, headers: &'a http::HeaderMap, body: &'a [u8]) -> ResponseParts<'a> {
        ResponseParts {
            status,
            headers,
            body,
        }
    }

    #[test]
    fn error_metadata_comes_from_header_then_body() {
        let mut headers = http::HeaderMap::new();
        let body = br#"{"code": "aws.protocoltests#FooError:http://internal", "Message": "no", "__type": "Other"}"#;
        let meta = parts(400, &headers, body).error_metadata();
        assert_eq!(
            (meta.code(), meta.message(), meta.status()),
            (Some("FooError"), Some("no"), 400)
        );
        headers.insert("x-amzn-errortype", "Header#Wins:uri".parse().unwrap());
        headers.insert("x-amzn-requestid", "id-1".parse().unwrap());
        let meta = parts(400, &headers, b"not json").error_metadata();
        assert_eq!(
            (meta.code(), meta.message(), meta.request_id()),
            (Some("Wins"), None, Some("id-1"))
        );
    }

    /// SQS answers a missing queue with its shape's name in `__type` and its
    /// awsQuery code in `x-amzn-query-error`.
    #[test]
    fn a_query_compatible_error_keeps_its_type_and_shows_its_query_code() {
        let mut headers = http::HeaderMap::new();
        let body = br#"{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "gone"}"#;
        headers.insert(
            "x-amzn-query-error",
            "AWS.SimpleQueueService.NonExistentQueue;Sender"
                .parse()
                .unwrap(),
        );
        let meta = parts(400, &headers, body).error_metadata();
        assert_eq!(meta.error_type(), Some("QueueDoesNotExist"));
        assert_eq!(meta.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
        assert_eq!(meta.fault(), Some("Sender"));
        // Without a type in the body, the query code is the type too.
        let meta = parts(400, &headers, b"{}").error_metadata();
        assert_eq!(
            meta.error_type(),
            Some("AWS.SimpleQueueService.NonExistentQueue")
        );
        // A header without both parts is not one.
        headers.insert("x-amzn-query-error", "NoFault".parse().unwrap());
        let meta = parts(400, &headers, body).error_metadata();
        assert_eq!(
            (meta.code(), meta.fault()),
            (Some("QueueDoesNotExist"), None)
        );
    }

    /// Bytes the reader looks at to read an error body, and what it found.
    fn error_body_steps(body: &[u8]) -> (usize, ErrorBody) {
        let mut reader = json::Reader::lenient(body);
        let found = ErrorBody::read_from(&mut reader);
        (reader.steps(), found)
    }

    /// Hostile error bodies, each made of `n` repeats of a member that does
    /// not read as the string it should be. Reading one of 8n members must
    /// take at most 8 times the work of n (it took 64 times while each
    /// failure rescanned the text for its line and column).
    #[test]
    fn error_bodies_read_in_linear_work() {
        let members: [(&str, &str); 5] = [
            ("\"code\":0,", "numbers where strings go"),
            ("\"code\":{\"a\":[1,{}]},\n", "objects, on many lines"),
            ("\"Message\":[true,null],", "arrays"),
            ("\"other\":\"\\u00e9\\n\",", "escaped strings"),
            ("\n\n\n\"x\" : 1 ,", "whitespace"),
        ];
        for (member, what) in members {
            let body = |n: usize| format!("{{{}\"message\":\"end\"}}", member.repeat(n));
            let (small, found) = error_body_steps(body(1_000).as_bytes());
            assert_eq!(found.message.as_deref(), Some("end"), "{what}");
            let large_body = body(8_000);
            let (large, _) = error_body_steps(large_body.as_bytes());
            assert!(
                large <= 8 * small + 64,
                "{what}: {small} steps for 1,000 members, {large} for 8,000"
            );
            assert!(
                large <= 2 * large_body.len(),
                "{what}: {large} steps for {} bytes",
                large_body.len()
            );
        }
    }

    #[test]
    fn headers_are_read_by_type_and_name_the_member_when_they_do_not_fit() {
        let mut headers = http::HeaderMap::new();
        headers.append("x-list", "1, 2".parse().unwrap());
        headers.append("x-list", "3".parse().unwrap());
        headers.insert("x-meta-a", "b".parse().unwrap());
        let parts = parts(200, &headers, b"");
        assert_eq!(
            parts.header_list::<i32>("List", "x-list", false).unwrap(),
            Some(vec![1, 2, 3])
        );
        let error = parts.header::<i32>("List", "x-list").unwrap_err();
        assert_eq!(error.location(), "List");
        assert_eq!(parts.prefix_headers("Meta", "X-Meta-").unwrap()["a"], "b");
        assert_eq!(parts.header::<String>("Absent", "x-absent").unwrap(), None);
    }
}
