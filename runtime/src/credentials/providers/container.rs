//! Credentials from the ECS or EKS container endpoint: the URI from
//! `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `_FULL_URI` (see
//! [`crate::config::container`]), with the authorization token from the
//! file `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` names (EKS Pod Identity)
//! or from `AWS_CONTAINER_AUTHORIZATION_TOKEN`.

use std::net::{IpAddr, ToSocketAddrs};
use std::time::Duration;

use super::http::{exchange, Policy};
use super::json::Document;
use super::ProviderConfig;
use crate::config::container::credentials_uri;
use crate::credentials::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::ByteStream;

const TOKEN_FILE: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
const TOKEN: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN";

const POLICY: Policy = Policy {
    attempts: 3,
    timeout: Duration::from_secs(5),
    backoff: Duration::from_millis(100),
};

/// Credentials from the container endpoint.
#[derive(Debug, Clone, Default)]
pub struct ContainerCredentials {
    config: ProviderConfig,
}

impl ContainerCredentials {
    /// A provider working with `config`.
    pub fn new(config: ProviderConfig) -> Self {
        Self { config }
    }

    /// The credentials the endpoint gives.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let os = self.config.os();
        let uri = credentials_uri(|name| os.var(name), resolve)
            .map_err(|e| CredentialsError::invalid_configuration(e.to_string()))?
            .ok_or_else(|| {
                CredentialsError::not_configured(
                    "no container endpoint: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set",
                )
            })?;
        let parsed: http::Uri = uri.parse().map_err(|e| {
            CredentialsError::invalid_configuration(format!(
                "the container endpoint `{uri}` is not valid: {e}"
            ))
        })?;
        let token = match os.var(TOKEN_FILE) {
            Some(file) => {
                let text = os.read_text(&file).and_then(|text| {
                    text.ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
                });
                Some(text.map_err(|e| {
                    CredentialsError::provider_failed(format!(
                        "cannot read the container authorization token from `{file}` ({TOKEN_FILE}): {e}"
                    ))
                })?)
            }
            None => os.var(TOKEN),
        };
        let token = token
            .map(|token| {
                http::HeaderValue::from_str(token.trim()).map_err(|_| {
                    CredentialsError::invalid_configuration(
                        "the container authorization token is not a header value",
                    )
                })
            })
            .transpose()?;
        let what = format!("the container endpoint {uri}");
        let answer = exchange(&self.config, &what, POLICY, || {
            let mut request = http::Request::new(ByteStream::default());
            *request.uri_mut() = parsed.clone();
            let headers = request.headers_mut();
            headers.insert(
                http::header::ACCEPT,
                http::HeaderValue::from_static("application/json"),
            );
            if let Some(token) = &token {
                headers.insert(http::header::AUTHORIZATION, token.clone());
            }
            request
        })
        .await
        .map_err(CredentialsError::from)?;
        if !answer.status.is_success() {
            return Err(CredentialsError::provider_failed(format!(
                "{what} answered {}",
                answer.status
            )));
        }
        Document {
            source: what,
            token_field: "Token",
            expiry_optional: false,
        }
        .parse(&answer.body)
    }
}

impl ProvideCredentials for ContainerCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

/// A host name's addresses, which decide whether plain HTTP to it is
/// allowed. The lookup blocks, but only for a `_FULL_URI` over `http` to
/// a name rather than an address.
fn resolve(host: &str) -> Vec<IpAddr> {
    (host, 80)
        .to_socket_addrs()
        .map(|addresses| addresses.map(|address| address.ip()).collect())
        .unwrap_or_default()
}
