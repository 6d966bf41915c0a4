//! Credentials of the role attached to an EC2 instance, from the instance
//! metadata service (IMDSv2): a session token first (`PUT
//! /latest/api/token`), then the role's name and its credentials, each
//! with a one-second timeout and three attempts. The region comes the same
//! way, for [`crate::client::Config::from_env`].

use std::time::Duration;

use super::http::{exchange, Answer, Failure, Policy};
use super::json::Document;
use super::{Profiles, ProviderConfig};
use crate::config::imds::{endpoint, ImdsOverrides};
use crate::credentials::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::ByteStream;

const DISABLED: &str = "AWS_EC2_METADATA_DISABLED";
const TOKEN_TTL_SECONDS: &str = "21600";
const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";

const POLICY: Policy = Policy {
    attempts: 3,
    timeout: Duration::from_secs(1),
    backoff: Duration::from_millis(100),
};

/// Credentials from IMDS. Turned off by `AWS_EC2_METADATA_DISABLED=true`;
/// the endpoint follows `AWS_EC2_METADATA_SERVICE_ENDPOINT(_MODE)` and
/// the profile's `ec2_metadata_service_endpoint(_mode)`.
#[derive(Debug, Clone, Default)]
pub struct ImdsCredentials {
    config: ProviderConfig,
    overrides: ImdsOverrides,
}

impl ImdsCredentials {
    /// A provider working with `config`.
    pub fn new(config: ProviderConfig) -> Self {
        Self {
            config,
            overrides: ImdsOverrides::default(),
        }
    }

    /// Uses an endpoint or endpoint mode given in code.
    pub fn with_overrides(mut self, overrides: ImdsOverrides) -> Self {
        self.overrides = overrides;
        self
    }

    /// The credentials of the instance's role.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let session = Session::open(&self.config, &self.overrides).await?;
        let roles = session.get(CREDENTIALS_PATH).await?;
        if roles.status == http::StatusCode::NOT_FOUND {
            return Err(CredentialsError::not_configured(format!(
                "the instance has no IAM role: IMDS at {} answered 404 for its role",
                session.endpoint
            )));
        }
        let role = session.text(roles, "the role's name")?;
        let role = role.lines().next().unwrap_or("").trim().to_owned();
        if role.is_empty() {
            return Err(CredentialsError::not_configured(format!(
                "the instance has no IAM role: IMDS at {} names none",
                session.endpoint
            )));
        }
        let answer = session.get(&format!("{CREDENTIALS_PATH}{role}")).await?;
        let body = session.text(answer, "the role's credentials")?;
        if let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(&body) {
            if let Some(code) = fields.get("Code").and_then(|c| c.as_str()) {
                if code != "Success" {
                    return Err(CredentialsError::provider_failed(format!(
                        "IMDS did not give the credentials of role `{role}`: its code is {code}"
                    )));
                }
            }
        }
        Document {
            source: format!("IMDS (role `{role}`)"),
            token_field: "Token",
            expiry_optional: false,
        }
        .parse(body.as_bytes())
    }

    /// The instance's region.
    pub async fn region(&self) -> Result<String, CredentialsError> {
        let session = Session::open(&self.config, &self.overrides).await?;
        let answer = session.get("/latest/meta-data/placement/region").await?;
        Ok(session.text(answer, "the region")?.trim().to_owned())
    }
}

impl ProvideCredentials for ImdsCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

/// An IMDSv2 session: the endpoint and its token.
struct Session<'a> {
    config: &'a ProviderConfig,
    endpoint: String,
    token: String,
}

impl<'a> Session<'a> {
    async fn open(
        config: &'a ProviderConfig,
        overrides: &ImdsOverrides,
    ) -> Result<Session<'a>, CredentialsError> {
        let os = config.os();
        if os
            .var(DISABLED)
            .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
        {
            return Err(CredentialsError::not_configured(format!(
                "IMDS is turned off by {DISABLED}"
            )));
        }
        // A profile file that cannot be read does not stop IMDS: only its
        // endpoint settings would come from there.
        let profiles: Option<Profiles> = config.profiles().ok();
        let profile = profiles.as_ref().and_then(Profiles::selected);
        let endpoint = endpoint(|name| os.var(name), profile, overrides)
            .map_err(|e| CredentialsError::invalid_configuration(e.to_string()))?;
        let uri = parse_uri(&format!("{endpoint}/latest/api/token"))?;
        let answer = exchange(config, &format!("IMDS at {endpoint}"), POLICY, || {
            let mut request = http::Request::new(ByteStream::default());
            *request.method_mut() = http::Method::PUT;
            *request.uri_mut() = uri.clone();
            request.headers_mut().insert(
                "x-aws-ec2-metadata-token-ttl-seconds",
                http::HeaderValue::from_static(TOKEN_TTL_SECONDS),
            );
            request
        })
        .await
        .map_err(|failure| match failure {
            // Off EC2 there is no IMDS to reach: the chain goes on, and
            // says what it found.
            Failure::Unreachable(error) => CredentialsError::not_configured(error.to_string()),
            Failure::Other(error) => error,
        })?;
        match answer.status {
            http::StatusCode::FORBIDDEN => Err(CredentialsError::provider_failed(format!(
                "IMDS at {endpoint} refused a session token (403): request forbidden: IMDS is disabled on this instance"
            ))),
            status if !status.is_success() => Err(CredentialsError::provider_failed(format!(
                "IMDS at {endpoint} answered {status} to the session token request"
            ))),
            _ => Ok(Session {
                config,
                token: answer.text().trim().to_owned(),
                endpoint,
            }),
        }
    }

    async fn get(&self, path: &str) -> Result<Answer, CredentialsError> {
        let uri = parse_uri(&format!("{}{path}", self.endpoint))?;
        let token = http::HeaderValue::from_str(&self.token).map_err(|_| {
            CredentialsError::provider_failed(
                "IMDS gave a session token that is not a header value",
            )
        })?;
        exchange(
            self.config,
            &format!("IMDS at {}", self.endpoint),
            POLICY,
            || {
                let mut request = http::Request::new(ByteStream::default());
                *request.uri_mut() = uri.clone();
                request
                    .headers_mut()
                    .insert("x-aws-ec2-metadata-token", token.clone());
                request
            },
        )
        .await
        .map_err(CredentialsError::from)
    }

    fn text(&self, answer: Answer, what: &str) -> Result<String, CredentialsError> {
        if !answer.status.is_success() {
            return Err(CredentialsError::provider_failed(format!(
                "IMDS at {} answered {} when asked for {what}",
                self.endpoint, answer.status
            )));
        }
        String::from_utf8(answer.body).map_err(|_| {
            CredentialsError::provider_failed(format!("IMDS gave {what} that is not UTF-8"))
        })
    }
}

fn parse_uri(text: &str) -> Result<http::Uri, CredentialsError> {
    text.parse().map_err(|e| {
        CredentialsError::invalid_configuration(format!("the IMDS URL `{text}` is not valid: {e}"))
    })
}
