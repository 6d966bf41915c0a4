//! Clear text only to this machine: a request over plain `http://` to
//! another host would carry its signature, session token and body where
//! anyone on the way could read them.

use super::{SendError, SendErrorKind};

/// Refuses plain `http://` to anything but a loopback address: the
/// signature, the session token and the body would cross the network in
/// clear text.
pub(super) fn refuse_plain_http(uri: &http::Uri) -> Result<(), SendError> {
    if uri.scheme() != Some(&http::uri::Scheme::HTTP) {
        return Ok(());
    }
    let host = uri.host().unwrap_or_default();
    if is_loopback(host) {
        return Ok(());
    }
    Err(SendError::new(
        SendErrorKind::Endpoint,
        format!(
            "refusing to send a request in clear text to `{host}`: use an https:// endpoint, or allow plain http with `Config::builder().allow_plain_http(true)`"
        ),
    ))
}

/// `localhost` and its subdomains, `127.0.0.0/8` and `::1`.
fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(address) = host.parse::<std::net::IpAddr>() {
        return address.is_loopback();
    }
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_goes_to_loopback_addresses_only() {
        for allowed in [
            "http://127.0.0.1:8080/",
            "http://127.9.9.9/",
            "http://[::1]:9000/",
            "http://localhost/",
            "http://api.LOCALHOST./",
            "https://example.com/",
        ] {
            let uri: http::Uri = allowed.parse().unwrap();
            assert!(refuse_plain_http(&uri).is_ok(), "{allowed}");
        }
        for refused in [
            "http://example.com/",
            "http://10.0.0.1/",
            "http://[2001:db8::1]/",
            "http://localhost.example.com/",
            "http://128.0.0.1/",
        ] {
            let uri: http::Uri = refused.parse().unwrap();
            let error = refuse_plain_http(&uri).unwrap_err();
            assert_eq!(error.kind(), SendErrorKind::Endpoint);
            assert!(error.to_string().contains("clear text"), "{error}");
        }
    }
}
