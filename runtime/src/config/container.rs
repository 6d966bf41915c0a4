//! The URI of the ECS and EKS container credentials endpoint, from
//! `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on `http://169.254.170.2`) or
//! `AWS_CONTAINER_CREDENTIALS_FULL_URI`, which may use `https` to any host
//! but plain `http` only to a loopback address or the container
//! endpoints ECS and EKS serve (`169.254.170.2`, `169.254.170.23`,
//! `fd00:ec2::23`): credentials must not cross a network in clear text.

use std::fmt;
use std::net::IpAddr;

const RELATIVE: &str = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
const FULL: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

/// The ECS task endpoint a relative URI is on.
const ECS_HOST: &str = "http://169.254.170.2";

/// The container endpoint's URI; `None` when neither variable is set (the
/// provider is not configured). `resolve` gives the addresses of a host
/// name, so a name counts as loopback only when all of them are.
pub fn credentials_uri(
    env: impl Fn(&str) -> Option<String>,
    resolve: impl Fn(&str) -> Vec<IpAddr>,
) -> Result<Option<String>, ContainerUriError> {
    let set = |name: &str| env(name).filter(|value| !value.trim().is_empty());
    if let Some(relative) = set(RELATIVE) {
        let separator = if relative.starts_with('/') { "" } else { "/" };
        return Ok(Some(format!("{ECS_HOST}{separator}{relative}")));
    }
    let Some(full) = set(FULL) else {
        return Ok(None);
    };
    let error = |why| ContainerUriError {
        uri: full.clone(),
        why,
    };
    let uri: http::Uri = full
        .parse()
        .map_err(|e: http::uri::InvalidUri| error(Why::Invalid(e.to_string())))?;
    let host = uri.host().ok_or_else(|| error(Why::NoHost))?;
    match uri.scheme_str() {
        Some("https") => Ok(Some(full.clone())),
        Some("http") if allowed_in_clear(host, &resolve) => Ok(Some(full.clone())),
        Some("http") => Err(error(Why::NotLoopback(host.to_owned()))),
        _ => Err(error(Why::Scheme)),
    }
}

fn allowed_in_clear(host: &str, resolve: &impl Fn(&str) -> Vec<IpAddr>) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let allowed = |address: &IpAddr| {
        address.is_loopback()
            || ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"]
                .iter()
                .any(|endpoint| endpoint.parse::<IpAddr>().ok() == Some(*address))
    };
    match bare.parse::<IpAddr>() {
        Ok(address) => allowed(&address),
        Err(_) => {
            let addresses = resolve(bare);
            !addresses.is_empty() && addresses.iter().all(allowed)
        }
    }
}

/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerUriError {
    uri: String,
    why: Why,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Why {
    Invalid(String),
    NoHost,
    Scheme,
    NotLoopback(String),
}

impl fmt::Display for ContainerUriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let uri = &self.uri;
        match &self.why {
            Why::Invalid(e) => write!(f, "{FULL} `{uri}` is not a URI: {e}"),
            Why::NoHost => write!(f, "{FULL} `{uri}` is not a URI with a host"),
            Why::Scheme => write!(f, "{FULL} `{uri}` must be http or https"),
            Why::NotLoopback(host) => write!(
                f,
                "{FULL} `{uri}` is plain http to `{host}`, which is neither a loopback address nor a container credentials endpoint: use https"
            ),
        }
    }
}

impl std::error::Error for ContainerUriError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(pairs: &[(&str, &str)]) -> Result<Option<String>, ContainerUriError> {
        let env = |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        };
        credentials_uri(env, |_| vec!["10.0.0.1".parse().unwrap()])
    }

    #[test]
    fn plain_http_goes_only_to_loopback_and_the_container_endpoints() {
        assert_eq!(uri(&[]).unwrap(), None);
        assert!(uri(&[(FULL, "http://127.0.0.1:80/creds")])
            .unwrap()
            .is_some());
        assert!(uri(&[(FULL, "http://[::1]/creds")]).unwrap().is_some());
        let error = uri(&[(FULL, "http://creds.internal/x")]).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(FULL) && message.contains("creds.internal"),
            "{message}"
        );
        assert_eq!(
            uri(&[(RELATIVE, "v2/credentials")]).unwrap().as_deref(),
            Some("http://169.254.170.2/v2/credentials")
        );
    }
}
