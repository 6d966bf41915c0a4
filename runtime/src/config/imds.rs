//! Where the EC2 instance metadata service is: an endpoint given in code,
//! else `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else the profile's
//! `ec2_metadata_service_endpoint`; without one, the endpoint of the mode
//! (in code, else `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`, else the
//! profile's `ec2_metadata_service_endpoint_mode`): `IPv4`
//! (`http://169.254.169.254`, the default) or `IPv6`
//! (`http://[fd00:ec2::254]`), in any case.

use std::fmt;

use crate::profile::Section;

const ENDPOINT_VARIABLE: &str = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
const MODE_VARIABLE: &str = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
const ENDPOINT_KEY: &str = "ec2_metadata_service_endpoint";
const MODE_KEY: &str = "ec2_metadata_service_endpoint_mode";

/// What may set the endpoint, besides the environment and the profile.
#[derive(Debug, Clone, Default)]
pub struct ImdsOverrides {
    /// An endpoint given in code.
    pub endpoint: Option<String>,
    /// A mode given in code.
    pub mode: Option<String>,
}

/// The IMDS endpoint, without a trailing `/`.
pub fn endpoint(
    env: impl Fn(&str) -> Option<String>,
    profile: Option<&Section>,
    overrides: &ImdsOverrides,
) -> Result<String, ImdsConfigError> {
    let set = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
    let from_profile = |key: &str| set(profile.and_then(|p| p.get(key)).map(str::to_owned));
    let endpoint = set(overrides.endpoint.clone())
        .map(|value| (value, "the endpoint given in code"))
        .or_else(|| set(env(ENDPOINT_VARIABLE)).map(|value| (value, ENDPOINT_VARIABLE)))
        .or_else(|| from_profile(ENDPOINT_KEY).map(|value| (value, ENDPOINT_KEY)));
    if let Some((endpoint, source)) = endpoint {
        let uri: http::Uri =
            endpoint
                .parse()
                .map_err(|e: http::uri::InvalidUri| ImdsConfigError {
                    source,
                    value: endpoint.clone(),
                    why: e.to_string(),
                })?;
        if uri.scheme().is_none() || uri.host().is_none() {
            return Err(ImdsConfigError {
                source,
                value: endpoint,
                why: "it needs a scheme and a host".to_owned(),
            });
        }
        return Ok(endpoint.trim_end_matches('/').to_owned());
    }
    let mode = set(overrides.mode.clone())
        .map(|value| (value, "the endpoint mode given in code"))
        .or_else(|| set(env(MODE_VARIABLE)).map(|value| (value, MODE_VARIABLE)))
        .or_else(|| from_profile(MODE_KEY).map(|value| (value, MODE_KEY)));
    match mode {
        None => Ok("http://169.254.169.254".to_owned()),
        Some((mode, _)) if mode.eq_ignore_ascii_case("ipv4") => {
            Ok("http://169.254.169.254".to_owned())
        }
        Some((mode, _)) if mode.eq_ignore_ascii_case("ipv6") => {
            Ok("http://[fd00:ec2::254]".to_owned())
        }
        Some((mode, source)) => Err(ImdsConfigError {
            source,
            why: format!("`{mode}` is not a valid endpoint mode: IPv4 or IPv6"),
            value: mode,
        }),
    }
}

/// An IMDS setting that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImdsConfigError {
    /// The variable, profile key or code that set it.
    source: &'static str,
    value: String,
    why: String,
}

impl fmt::Display for ImdsConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is `{}`: {}", self.source, self.value, self.why)
    }
}

impl std::error::Error for ImdsConfigError {}
