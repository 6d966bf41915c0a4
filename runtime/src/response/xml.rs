//! Reading XML responses (awsQuery, ec2Query): outputs inside their
//! wrapper elements, and errors in the forms these protocols send them.

use super::{ErrorBody, ResponseError, ResponseParts};
use crate::xml::{self, ReadXml, XmlError};

/// What a body is read as when it is empty: an element with no content.
const EMPTY: &[u8] = b"<empty/>";

impl<'a> ResponseParts<'a> {
    /// A reader past the root element's start tag; an empty body reads as
    /// an empty root.
    fn xml_root(&self) -> Result<xml::Reader<'a>, XmlError> {
        let body = if self.body.iter().all(u8::is_ascii_whitespace) {
            EMPTY
        } else {
            self.body
        };
        let mut reader = xml::Reader::new(body);
        reader.root()?;
        Ok(reader)
    }

    /// The body read as a `T`: the content of the root element (restXml
    /// and ec2Query), or of its child `wrapper` (awsQuery's
    /// `<OperationResult>`); with no such child, `T` reads from nothing.
    pub fn xml_document<T: ReadXml>(&self, wrapper: Option<&str>) -> Result<T, ResponseError> {
        let mut reader = self.xml_root()?;
        let value = match wrapper {
            None => T::read_xml(&mut reader)?,
            Some(wrapper) => {
                let mut value = None;
                while let Some(name) = reader.next_child()? {
                    if name == wrapper && value.is_none() {
                        value = Some(T::read_xml(&mut reader)?);
                    } else {
                        reader.skip_element()?;
                    }
                }
                match value {
                    Some(value) => value,
                    None => T::read_xml(&mut xml_root_of(EMPTY)?)?,
                }
            }
        };
        reader.end()?;
        Ok(value)
    }

    /// A reader past the root element's start tag, for a structure read
    /// from the body alongside its headers (restXml).
    pub fn xml_body(&self) -> Result<xml::Reader<'a>, ResponseError> {
        Ok(self.xml_root()?)
    }

    /// A reader inside the element that describes an error, for an error
    /// read from the body alongside its headers; with no such element, an
    /// empty one.
    pub fn xml_error_body(&self) -> Result<xml::Reader<'a>, ResponseError> {
        let mut reader = self.xml_root()?;
        if open_error(&mut reader)? {
            return Ok(reader);
        }
        Ok(xml_root_of(EMPTY)?)
    }

    /// An `@httpPayload` structure or union: `None` when the body is empty.
    pub fn xml_payload<T: ReadXml>(&self) -> Result<Option<T>, ResponseError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        self.xml_document(None).map(Some)
    }

    /// Whether the body is an XML error (its root is `Error`), which S3
    /// sends with a success status when an operation fails after it began.
    pub fn xml_is_error(&self) -> bool {
        let mut reader = xml::Reader::new(self.body);
        reader.root().is_ok_and(|root| root == "Error")
    }

    /// An error's members, read from the element that describes it.
    pub fn xml_error<T: ReadXml>(&self) -> Result<T, ResponseError> {
        let mut reader = self.xml_root()?;
        if !open_error(&mut reader)? {
            return Ok(T::read_xml(&mut xml_root_of(EMPTY)?)?);
        }
        Ok(T::read_xml(&mut reader)?)
    }

    /// What an XML error response says about itself. Its body is read as
    /// far as it is XML; an unreadable body leaves the code to the header.
    pub fn xml_error_metadata(&self) -> super::ErrorMetadata {
        let mut body = ErrorBody::default();
        let _complete = read_error_body(self.body, &mut body);
        self.metadata_with(body)
    }
}

fn xml_root_of(bytes: &[u8]) -> Result<xml::Reader<'_>, XmlError> {
    let mut reader = xml::Reader::new(bytes);
    reader.root()?;
    Ok(reader)
}

/// Moves into the element that describes an error, whichever of the forms
/// the body has: `<ErrorResponse><Error>` (awsQuery, restXml),
/// `<Response><Errors><Error>` (ec2Query) or a bare `<Error>` (S3). The
/// root's name was read by `root`; `false` when there is no such element.
fn open_error(reader: &mut xml::Reader<'_>) -> Result<bool, XmlError> {
    if reader.open_name() == Some("Error") {
        return Ok(true);
    }
    let mut containers = 0;
    while let Some(name) = reader.next_child()? {
        match name {
            "Error" => return Ok(true),
            // ec2Query's list of errors, of which the first is read.
            "Errors" if containers == 0 => containers += 1,
            _ => reader.skip_element()?,
        }
    }
    Ok(false)
}

/// Reads the code, type, message and request id of an error body into
/// `found`, as far as the body is readable.
fn read_error_body(body: &[u8], found: &mut ErrorBody) -> Result<(), XmlError> {
    let mut reader = xml::Reader::new(body);
    reader.root()?;
    let request_id = |reader: &mut xml::Reader<'_>, found: &mut ErrorBody| {
        found.request_id = Some(reader.text()?.into_owned());
        Ok::<_, XmlError>(())
    };
    let mut in_errors = false;
    if reader.open_name() != Some("Error") {
        // The request id is beside the error in the wrapped forms.
        loop {
            let Some(name) = reader.next_child()? else {
                return Ok(());
            };
            match name {
                "Error" => break,
                "Errors" => in_errors = true,
                "RequestId" | "RequestID" => request_id(&mut reader, found)?,
                _ => reader.skip_element()?,
            }
        }
    }
    while let Some(name) = reader.next_child()? {
        let slot = match name {
            "Code" => &mut found.code,
            "Message" | "message" => &mut found.message,
            "Type" => &mut found.fault,
            "RequestId" | "RequestID" => &mut found.request_id,
            _ => {
                reader.skip_element()?;
                continue;
            }
        };
        *slot = Some(reader.text()?.into_owned());
    }
    if in_errors {
        reader.skip_element()?;
    }
    // The rest of a wrapped body may still name the request.
    while let Some(name) = reader.next_child()? {
        match name {
            "RequestId" | "RequestID" => request_id(&mut reader, found)?,
            _ => reader.skip_element()?,
        }
    }
    Ok(())
}

/// An XML body that does not fit the model, located by its path.
impl From<XmlError> for ResponseError {
    fn from(error: XmlError) -> Self {
        Self {
            location: error.path(),
            message: error.to_string(),
            source: Some(Box::new(error)),
        }
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
    fn each_error_form_gives_its_code_type_message_and_request() {
        let headers = http::HeaderMap::new();
        let query = b"<ErrorResponse><Error><Type>Sender</Type><Code>InvalidGreeting</Code>\
            <Message>Hi</Message><Extra><a/></Extra></Error><RequestId>foo-id</RequestId></ErrorResponse>";
        let meta = parts(400, &headers, query).xml_error_metadata();
        assert_eq!(meta.code(), Some("InvalidGreeting"));
        assert_eq!(meta.error_type(), Some("InvalidGreeting"));
        assert_eq!(meta.fault(), Some("Sender"));
        assert_eq!(meta.message(), Some("Hi"));
        assert_eq!(meta.request_id(), Some("foo-id"));
        let ec2 = b"<Response><Errors><Error><Code>InvalidGreeting</Code><Message>Hi</Message>\
            </Error></Errors><RequestID>foo-id</RequestID></Response>";
        let meta = parts(400, &headers, ec2).xml_error_metadata();
        assert_eq!(
            (meta.code(), meta.message(), meta.request_id(), meta.fault()),
            (Some("InvalidGreeting"), Some("Hi"), Some("foo-id"), None)
        );
        let s3 = b"<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>gone</Message>\
            <RequestId>r1</RequestId></Error>";
        let meta = parts(404, &headers, s3).xml_error_metadata();
        assert_eq!(
            (meta.code(), meta.message(), meta.request_id()),
            (Some("NoSuchKey"), Some("gone"), Some("r1"))
        );
        // A body that is not XML leaves only the status.
        let meta = parts(503, &headers, b"<html").xml_error_metadata();
        assert_eq!((meta.code(), meta.status()), (None, 503));
    }

    #[test]
    fn an_error_root_is_an_error_whatever_the_status() {
        let headers = http::HeaderMap::new();
        let error = b"<?xml version=\"1.0\"?>\n<Error><Code>InternalError</Code></Error>";
        assert!(parts(200, &headers, error).xml_is_error());
        let result = b"<CopyObjectResult><ETag>e</ETag></CopyObjectResult>";
        assert!(!parts(200, &headers, result).xml_is_error());
        assert!(!parts(200, &headers, b"").xml_is_error());
    }

    #[derive(Debug, PartialEq)]
    struct Greeting(Option<String>);

    impl ReadXml for Greeting {
        fn read_xml(reader: &mut xml::Reader<'_>) -> Result<Self, XmlError> {
            let mut greeting = None;
            while reader.next_member(&["greeting"])?.is_some() {
                xml::member(reader, &mut greeting, "greeting")?;
            }
            Ok(Self(greeting))
        }
    }

    #[test]
    fn outputs_are_read_inside_their_wrapper() {
        let headers = http::HeaderMap::new();
        let body =
            b"<OpResponse xmlns=\"https://example.com/\"><OpResult><greeting>Hello</greeting>\
            </OpResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></OpResponse>";
        let read = parts(200, &headers, body).xml_document::<Greeting>(Some("OpResult"));
        assert_eq!(read.unwrap(), Greeting(Some("Hello".into())));
        let bare = b"<OpResponse><greeting>Hi</greeting></OpResponse>";
        let read = parts(200, &headers, bare).xml_document::<Greeting>(None);
        assert_eq!(read.unwrap(), Greeting(Some("Hi".into())));
        for empty in [&b""[..], b"<OpResponse/>"] {
            let read = parts(200, &headers, empty).xml_document::<Greeting>(Some("OpResult"));
            assert_eq!(read.unwrap(), Greeting(None));
        }
        let error = parts(
            200,
            &headers,
            b"<OpResponse><OpResult><greeting><b/></greeting>",
        )
        .xml_document::<Greeting>(Some("OpResult"))
        .unwrap_err();
        assert_eq!(error.location(), "greeting");
    }

    #[test]
    fn modeled_errors_read_the_error_element() {
        let headers = http::HeaderMap::new();
        for body in [
            &b"<ErrorResponse><Error><Code>C</Code><greeting>G</greeting></Error></ErrorResponse>"
                [..],
            b"<Response><Errors><Error><greeting>G</greeting></Error></Errors></Response>",
            b"<Error><greeting>G</greeting></Error>",
        ] {
            let read = parts(400, &headers, body).xml_error::<Greeting>();
            assert_eq!(read.unwrap(), Greeting(Some("G".into())));
        }
    }
}
