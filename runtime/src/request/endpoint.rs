//! The `@endpoint` host prefix a request carries, and how a caller points
//! a request at an endpoint.

use std::fmt;

/// Whether `label` can stand as one label of a host name: 1 to 63 letters,
/// digits and hyphens, not starting with a hyphen.
pub fn is_valid_host_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The `@endpoint` host prefix of a request (such as `foo.bar.`), with its
/// labels filled in. It travels in the request's extensions; [`apply_endpoint`]
/// puts it in front of the endpoint's host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPrefix(String);

impl HostPrefix {
    pub(crate) fn new(prefix: String) -> Self {
        Self(prefix)
    }

    /// The prefix, such as `foo.bar.`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Marks a request whose operation's path is empty (S3's `/{Bucket}`, the
/// bucket being the endpoint's): its URI holds `/` only because a URI
/// must, and [`apply_endpoint`] sends it to the endpoint's path as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct EmptyPath;

/// `text` with the user info of every URL in it (`user:password@`) put
/// out of sight: errors and `Debug` output may be logged, and a URL's user
/// info is a password.
pub(crate) fn redact_userinfo(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('@') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(scheme_end) = rest.find("://") {
        let authority_start = scheme_end + 3;
        out.push_str(&rest[..authority_start]);
        let after = &rest[authority_start..];
        let authority_len = after
            .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
            .unwrap_or(after.len());
        let authority = &after[..authority_len];
        match authority.rfind('@') {
            Some(at) => {
                out.push_str("***");
                out.push_str(&authority[at..]);
            }
            None => out.push_str(authority),
        }
        rest = &after[authority_len..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Points a serialized request at `endpoint` (such as
/// `https://connect.us-west-2.amazonaws.com`): its scheme and host, with the
/// operation's [`HostPrefix`] in front of the host, and its path in front of
/// the request's path.
pub fn apply_endpoint<B>(
    request: &mut http::Request<B>,
    endpoint: &str,
) -> Result<(), EndpointError> {
    let invalid = |message: String| EndpointError {
        endpoint: redact_userinfo(endpoint).into_owned(),
        message: redact_userinfo(&message).into_owned(),
    };
    let base: http::Uri = endpoint
        .parse()
        .map_err(|e: http::uri::InvalidUri| invalid(e.to_string()))?;
    let (Some(scheme), Some(authority)) = (base.scheme(), base.authority()) else {
        return Err(invalid(
            "an endpoint needs a scheme and a host, such as `https://example.com`".into(),
        ));
    };
    // Requests are authorised by their signature; user info would only
    // travel, readable, in the `Host` header and in logs.
    if authority.as_str().contains('@') {
        return Err(invalid(
            "an endpoint cannot carry user info (`user:password@`)".into(),
        ));
    }
    // `http::Uri` takes any digits as a port; a connection cannot.
    if let Some((_, port)) = authority.as_str().rsplit_once(':') {
        if !port.contains(']') && port.parse::<u16>().is_err() {
            return Err(invalid(format!("`{port}` is not a port number")));
        }
    }
    if base.query().is_some() {
        return Err(invalid("an endpoint cannot have a query string".into()));
    }
    let prefix = request
        .extensions()
        .get::<HostPrefix>()
        .map_or("", HostPrefix::as_str);
    let authority: http::uri::Authority =
        format!("{prefix}{authority}")
            .parse()
            .map_err(|e: http::uri::InvalidUri| {
                invalid(format!("with the host prefix `{prefix}`: {e}"))
            })?;
    let base_path = base.path().trim_end_matches('/');
    let mut request_path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    if request.extensions().get::<EmptyPath>().is_some() && !base_path.is_empty() {
        request_path = request_path.strip_prefix('/').unwrap_or(request_path);
    }
    let path_and_query: http::uri::PathAndQuery = format!("{base_path}{request_path}")
        .parse()
        .map_err(|e: http::uri::InvalidUri| invalid(e.to_string()))?;
    let uri = http::Uri::builder()
        .scheme(scheme.clone())
        .authority(authority)
        .path_and_query(path_and_query)
        .build()
        .map_err(|e| invalid(e.to_string()))?;
    *request.uri_mut() = uri;
    Ok(())
}

/// An endpoint a request cannot be sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    endpoint: String,
    message: String,
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid endpoint `{}`: {}", self.endpoint, self.message)
    }
}

impl std::error::Error for EndpointError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_labels_follow_rfc_1123() {
        assert!(is_valid_host_label("bar-1"));
        for bad in ["", "-bar", "a.b", "a b", &"a".repeat(64)] {
            assert!(!is_valid_host_label(bad), "{bad:?}");
        }
    }

    #[test]
    fn endpoints_take_the_host_prefix_and_keep_their_path() {
        let mut request = http::Request::builder().uri("/op?x=1").body(()).unwrap();
        request
            .extensions_mut()
            .insert(HostPrefix::new("foo.bar.".into()));
        apply_endpoint(&mut request, "https://example.com:8443/custom/").unwrap();
        assert_eq!(
            request.uri().to_string(),
            "https://foo.bar.example.com:8443/custom/op?x=1"
        );
        assert!(apply_endpoint(&mut request, "example.com").is_err());
        assert!(apply_endpoint(&mut request, "https://example.com:99999").is_err());
        assert!(apply_endpoint(&mut request, "https://[::1]:443").is_ok());
    }

    /// An empty operation path (S3's bucket-only URIs) goes to the
    /// endpoint's path as it is: `/bucket`, not `/bucket/`; to `/` when
    /// the endpoint has none.
    #[test]
    fn an_empty_path_is_the_endpoints_own() {
        let mut builder = crate::request::RequestBuilder::new("GET");
        builder.query("list-type", "2");
        let request = builder.build().unwrap();
        assert_eq!(request.uri().to_string(), "/?list-type=2");
        let mut path_style = request.clone();
        apply_endpoint(
            &mut path_style,
            "https://s3.us-west-2.amazonaws.com/mybucket",
        )
        .unwrap();
        assert_eq!(
            path_style.uri().to_string(),
            "https://s3.us-west-2.amazonaws.com/mybucket?list-type=2"
        );
        let mut virtual_host = request;
        apply_endpoint(
            &mut virtual_host,
            "https://mybucket.s3.us-west-2.amazonaws.com",
        )
        .unwrap();
        assert_eq!(
            virtual_host.uri().to_string(),
            "https://mybucket.s3.us-west-2.amazonaws.com/?list-type=2"
        );
        // A path of the operation's own keeps its `/` after the endpoint's.
        let mut builder = crate::request::RequestBuilder::new("GET");
        builder.path("/");
        let mut request = builder.build().unwrap();
        apply_endpoint(&mut request, "https://example.com/base").unwrap();
        assert_eq!(request.uri().to_string(), "https://example.com/base/");
    }

    #[test]
    fn user_info_is_refused_and_never_shown() {
        let mut request = http::Request::builder().uri("/op").body(()).unwrap();
        let error = apply_endpoint(&mut request, "https://admin:hunter2@example.com/").unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("admin"),
            "{shown}"
        );
        assert!(shown.contains("https://***@example.com/"), "{shown}");
        let error = apply_endpoint(&mut request, "https://u:p@exa mple.com").unwrap_err();
        assert!(!format!("{error} {error:?}").contains("u:p"), "{error:?}");
    }

    #[test]
    fn user_info_is_cut_from_every_url_in_a_text() {
        assert_eq!(
            redact_userinfo(
                "a https://u:p@h.com/x?y=@z and http://v@w:8080 and https://plain.com/@"
            ),
            "a https://***@h.com/x?y=@z and http://***@w:8080 and https://plain.com/@"
        );
        assert_eq!(redact_userinfo("no urls@all"), "no urls@all");
    }
}
