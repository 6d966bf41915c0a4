//! The errors a response can carry: what every error says about itself,
//! how it classifies for retries, and the wrappers generated error enums
//! hold.

use std::fmt;

use super::{ResponseError, ResponseParts};
use crate::error_correction::ErrorCorrection;

/// The error code without a `:...` suffix or a `namespace#` prefix.
pub(crate) fn sanitize_error_code(raw: &str) -> &str {
    let code = raw.split(':').next().unwrap_or(raw);
    code.rsplit('#').next().unwrap_or(code).trim()
}

/// What every error response says, whether or not the model lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorMetadata {
    error_type: Option<String>,
    query_error: Option<QueryError>,
    message: Option<String>,
    status: u16,
    request_id: Option<String>,
}

/// The `x-amzn-query-error` header of a service that keeps the error codes
/// it had under awsQuery: `Code;Fault`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct QueryError {
    code: String,
    fault: String,
}

impl QueryError {
    /// The header's two parts; a value without both is not one.
    fn parse(value: &str) -> Option<Self> {
        let (code, fault) = value.split_once(';')?;
        let (code, fault) = (code.trim(), fault.trim());
        (!code.is_empty() && !fault.is_empty()).then(|| Self {
            code: code.to_owned(),
            fault: fault.to_owned(),
        })
    }
}

impl ErrorMetadata {
    pub(crate) fn new(
        error_type: Option<String>,
        query_error: Option<&str>,
        message: Option<String>,
        status: u16,
        request_id: Option<String>,
    ) -> Self {
        Self {
            error_type,
            query_error: query_error.and_then(QueryError::parse),
            message,
            status,
            request_id,
        }
    }

    /// The error code callers see: the awsQuery code from the
    /// `x-amzn-query-error` header when the service sends one (services
    /// marked `@awsQueryCompatible`), else [`Self::error_type`].
    pub fn code(&self) -> Option<&str> {
        match &self.query_error {
            Some(query) => Some(&query.code),
            None => self.error_type(),
        }
    }

    /// The error's type as the protocol names it: the `x-amzn-errortype`
    /// header, else the body's `code`, else its `__type`, without a `:...`
    /// suffix or a `namespace#` prefix. That is the name of the error's
    /// shape, which is what generated readers match on; a response naming
    /// no type gives the awsQuery code, when it has one.
    pub fn error_type(&self) -> Option<&str> {
        match (&self.error_type, &self.query_error) {
            (Some(error_type), _) => Some(error_type),
            (None, Some(query)) => Some(&query.code),
            (None, None) => None,
        }
    }

    /// `Sender` or `Receiver`, from the `x-amzn-query-error` header of a
    /// service marked `@awsQueryCompatible`.
    pub fn fault(&self) -> Option<&str> {
        self.query_error.as_ref().map(|query| query.fault.as_str())
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

impl ErrorMetadata {
    /// Whether its type or its code is one of `codes`.
    fn has_code_in(&self, codes: &[&str]) -> bool {
        [self.error_type(), self.code()]
            .into_iter()
            .flatten()
            .any(|code| codes.contains(&code))
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (HTTP {})",
            self.code().unwrap_or("unknown error"),
            self.status
        )?;
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
pub const TRANSIENT_CODES: &[&str] =
    &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// Error codes for a request refused because the client's clock is off.
pub const CLOCK_SKEW_CODES: &[&str] = &[
    "AuthFailure",
    "InvalidSignatureException",
    "RequestExpired",
    "RequestInTheFuture",
    "RequestTimeTooSkewed",
    "SignatureDoesNotMatch",
];

/// Whether an error may come from the client's clock being off.
pub fn is_clock_skew(meta: &ErrorMetadata) -> bool {
    meta.has_code_in(CLOCK_SKEW_CODES)
}

/// Whether an error is throttling: `@retryable(throttling: true)`, HTTP 429
/// or a throttling code.
pub fn is_throttling(meta: &ErrorMetadata, modeled_throttling: bool) -> bool {
    modeled_throttling || meta.status == 429 || meta.has_code_in(THROTTLING_CODES)
}

/// HTTP statuses of failures that pass if the request is sent again.
/// Other 5xx statuses, such as 501 Not Implemented, say something that
/// another attempt will only repeat.
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// Whether sending the request again may succeed: `@retryable`, throttling,
/// a transient status (500, 502, 503, 504) or a transient code.
pub fn is_retryable(
    meta: &ErrorMetadata,
    modeled_retryable: bool,
    modeled_throttling: bool,
) -> bool {
    modeled_retryable
        || is_throttling(meta, modeled_throttling)
        || TRANSIENT_STATUSES.contains(&meta.status)
        || meta.has_code_in(TRANSIENT_CODES)
}

/// What callers can ask of every operation error. An error gives its
/// [`ErrorFacts`]; the rest follows from them, so a generated error enum
/// matches on its variants once.
pub trait ServiceError {
    /// What the response said about the error.
    fn facts(&self) -> &ErrorFacts;
    /// Code, message, status and request id.
    fn meta(&self) -> &ErrorMetadata {
        &self.facts().meta
    }
    /// Whether sending the request again may succeed.
    fn is_retryable(&self) -> bool {
        self.facts().is_retryable()
    }
    /// Whether the service is throttling the caller.
    fn is_throttling(&self) -> bool {
        self.facts().is_throttling()
    }
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

/// What an error response said beside the error's modelled members: its
/// metadata, how the model marks the error, and why the body could not be
/// read, when it could not. Shown as the metadata, then that reason in
/// parentheses.
#[derive(Debug)]
pub struct ErrorFacts {
    meta: ErrorMetadata,
    retry: Retry,
    unreadable: Option<ResponseError>,
}

impl ErrorFacts {
    /// Whether sending the request again may succeed: `@retryable`, or what
    /// [`is_retryable`] finds in the metadata.
    pub fn is_retryable(&self) -> bool {
        is_retryable(
            &self.meta,
            self.retry != Retry::No,
            self.retry == Retry::Throttling,
        )
    }

    /// Whether the service is throttling the caller: `@retryable(throttling:
    /// true)`, or what [`is_throttling`] finds in the metadata.
    pub fn is_throttling(&self) -> bool {
        is_throttling(&self.meta, self.retry == Retry::Throttling)
    }

    /// Why the response could not be read as the model says, if it could not.
    pub fn response_error(&self) -> Option<&ResponseError> {
        self.unreadable.as_ref()
    }

    /// That reason as the error's `source`.
    pub fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.unreadable
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl fmt::Display for ErrorFacts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.meta, f)?;
        match &self.unreadable {
            Some(cause) => write!(f, " ({cause})"),
            None => Ok(()),
        }
    }
}

/// An error the model lists, with what the response said about it. Kept on
/// the heap, so a `Result` carrying it stays small.
#[derive(Debug)]
pub struct Modeled<T> {
    error: Box<T>,
    facts: Box<ErrorFacts>,
}

impl<T> Modeled<T> {
    /// Wraps a parsed error.
    pub fn new(error: T, meta: ErrorMetadata, retry: Retry) -> Self {
        Self {
            error: Box::new(error),
            facts: Box::new(ErrorFacts {
                meta,
                retry,
                unreadable: None,
            }),
        }
    }

    /// Why the error's members could not be read, when its body did not fit
    /// the model; the members then hold their error-corrected values.
    pub fn response_error(&self) -> Option<&ResponseError> {
        self.facts.response_error()
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
    fn facts(&self) -> &ErrorFacts {
        &self.facts
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
            modeled.facts.unreadable = Some(e);
            variant(modeled)
        }
    }
}

/// An error the model does not list, or a response that could not be read.
#[derive(Debug)]
pub struct Unhandled {
    facts: Box<ErrorFacts>,
}

impl Unhandled {
    /// An error response whose code the model does not list; `source` is the
    /// reason when the response could not be read.
    pub fn new(meta: ErrorMetadata, source: Option<ResponseError>) -> Self {
        Self {
            facts: Box::new(ErrorFacts {
                meta,
                retry: Retry::No,
                unreadable: source,
            }),
        }
    }

    /// Why the response could not be read, if that is what happened.
    pub fn response_error(&self) -> Option<&ResponseError> {
        self.facts.response_error()
    }
}

impl ServiceError for Unhandled {
    fn facts(&self) -> &ErrorFacts {
        &self.facts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(code: Option<&str>, status: u16) -> ErrorMetadata {
        ErrorMetadata {
            error_type: code.map(str::to_owned),
            query_error: None,
            message: None,
            status,
            request_id: None,
        }
    }

    #[test]
    fn codes_lose_their_namespace_and_uri() {
        assert_eq!(
            sanitize_error_code("aws.protocoltests.restjson#FooError:http://internal.amazon.com/"),
            "FooError"
        );
        assert_eq!(sanitize_error_code(" FooError "), "FooError");
    }

    #[test]
    fn retries_follow_the_model_status_and_code() {
        assert!(is_throttling(&meta(None, 429), false));
        assert!(is_throttling(
            &meta(Some("ThrottlingException"), 400),
            false
        ));
        assert!(!is_throttling(
            &meta(Some("ValidationException"), 400),
            false
        ));
        for status in [500, 502, 503, 504] {
            assert!(is_retryable(&meta(None, status), false, false), "{status}");
        }
        for status in [501, 505, 507, 511] {
            assert!(!is_retryable(&meta(None, status), false, false), "{status}");
        }
        assert!(is_retryable(&meta(None, 501), true, false));
        assert!(is_retryable(
            &meta(Some("RequestTimeout"), 400),
            false,
            false
        ));
        assert!(is_retryable(&meta(None, 400), true, false));
        assert!(!is_retryable(&meta(None, 404), false, false));
    }

    #[test]
    fn an_error_answers_from_its_facts_and_shows_why_its_body_was_unreadable() {
        let throttled = Modeled::new((), meta(Some("Busy"), 400), Retry::Throttling);
        assert!(throttled.is_throttling() && throttled.is_retryable());
        let retryable = Modeled::new((), meta(Some("Busy"), 400), Retry::Retryable);
        assert!(!retryable.is_throttling() && retryable.is_retryable());
        let plain = Unhandled::new(meta(Some("Busy"), 400), None);
        assert!(!plain.is_throttling() && !plain.is_retryable());
        assert_eq!(plain.facts().to_string(), "Busy (HTTP 400)");
        assert!(plain.facts().source().is_none());

        let cause = ResponseError::member("Count", "not a number".to_owned());
        let unreadable = Unhandled::new(meta(Some("Busy"), 400), Some(cause));
        assert_eq!(
            unreadable.facts().to_string(),
            "Busy (HTTP 400) (cannot read the response at `Count`: not a number)"
        );
        let source = unreadable.facts().source().map(ToString::to_string);
        assert_eq!(
            source.as_deref(),
            Some("cannot read the response at `Count`: not a number")
        );
        assert_eq!(
            unreadable.response_error().map(ResponseError::location),
            Some("Count")
        );
    }
}
