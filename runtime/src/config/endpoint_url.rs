//! Endpoint URLs configured outside the code, as the AWS SDKs take them:
//! `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the
//! service's `endpoint_url` in the profile's `[services NAME]` section,
//! then the profile's own `endpoint_url`. An endpoint set in code wins over
//! all of them, and `ignore_configured_endpoint_urls` (in code,
//! `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or the profile) turns them off.

use crate::profile::Section;

/// What the code says of endpoints.
#[derive(Debug, Clone, Default)]
pub struct CodeEndpoint {
    /// An endpoint URL set in code.
    pub url: Option<String>,
    /// Ignore the configured ones.
    pub ignore_configured: bool,
}

/// The endpoint URL for the service `service_id` (its `sdkId`, such as
/// `S3` or `DynamoDB`); `None` leaves the endpoint to the service's rules.
/// `services` gives a `[services NAME]` section by name.
pub fn endpoint_url<'a>(
    service_id: &str,
    code: &CodeEndpoint,
    env: impl Fn(&str) -> Option<String>,
    profile: Option<&'a Section>,
    services: impl Fn(&str) -> Option<&'a Section>,
) -> Option<String> {
    let set = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
    if let Some(url) = set(code.url.clone()) {
        return Some(url);
    }
    let is_true =
        |value: Option<String>| value.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let from_profile = |key: &str| profile.and_then(|p| p.get(key)).map(str::to_owned);
    if code.ignore_configured
        || is_true(env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
        || is_true(from_profile("ignore_configured_endpoint_urls"))
    {
        return None;
    }
    let variable = format!(
        "AWS_ENDPOINT_URL_{}",
        service_id.to_ascii_uppercase().replace(' ', "_")
    );
    let section_key = service_id.to_ascii_lowercase().replace(' ', "_");
    set(env(&variable))
        .or_else(|| set(env("AWS_ENDPOINT_URL")))
        .or_else(|| {
            let section = services(&from_profile("services")?)?;
            set(section.sub_properties(&section_key).remove("endpoint_url"))
        })
        .or_else(|| set(from_profile("endpoint_url")))
}
