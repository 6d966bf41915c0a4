//! Recursion detection: a call made from inside a Lambda function carries
//! the function's trace id (`_X_AMZN_TRACE_ID`) as `X-Amzn-Trace-Id`, so
//! that a function that ends up calling itself can be found. Only when
//! `AWS_LAMBDA_FUNCTION_NAME` is set too, and never over a header the
//! request already has; control characters and non-ASCII bytes are
//! percent-encoded.

/// Adds the trace header to `headers` as `env` says.
pub fn add_trace_header(headers: &mut http::HeaderMap, env: impl Fn(&str) -> Option<String>) {
    const HEADER: &str = "x-amzn-trace-id";
    if headers.contains_key(HEADER) || env("AWS_LAMBDA_FUNCTION_NAME").is_none() {
        return;
    }
    let Some(trace) = env("_X_AMZN_TRACE_ID") else {
        return;
    };
    let mut encoded = String::with_capacity(trace.len());
    for byte in trace.bytes() {
        if byte.is_ascii_control() || !byte.is_ascii() {
            encoded.push_str(&format!("%{byte:02X}"));
        } else {
            encoded.push(char::from(byte));
        }
    }
    if let Ok(value) = http::HeaderValue::try_from(encoded) {
        headers.insert(HEADER, value);
    }
}
