//! Request headers from the environment: recursion detection.

use serde_json::Value;
use smithy_runtime::config::recursion;

use super::{environment, tests, Cases};

/// Recursion detection: the environment and the headers before in, the
/// headers after out, none of them twice.
pub(super) fn recursion_detection(suite: &Value, cases: &mut Cases<'_>) {
    let headers = |lines: &Value| -> Vec<(String, String)> {
        lines
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect()
    };
    for (index, case) in tests(suite).iter().enumerate() {
        let mut map = http::HeaderMap::new();
        for (name, value) in headers(&case["requestHeadersBefore"]) {
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::try_from(name),
                http::HeaderValue::try_from(value),
            ) {
                map.append(name, value);
            }
        }
        recursion::add_trace_header(&mut map, environment(case, "env"));
        let mut after: Vec<(String, String)> = map
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    v.to_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let mut expected = headers(&case["requestHeadersAfter"]);
        after.sort();
        expected.sort();
        let result = if after == expected {
            Ok(())
        } else {
            Err(format!("headers {after:?}, expected {expected:?}"))
        };
        cases.record(index, case, result);
    }
}
