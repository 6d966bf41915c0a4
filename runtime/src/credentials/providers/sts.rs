//! Credentials from STS: a role assumed with other credentials
//! (`AssumeRole`), or with a web identity token (`AssumeRoleWithWebIdentity`,
//! as EKS service accounts use), through the STS client generated into
//! [`crate::services::sts`].

use std::time::UNIX_EPOCH;

use super::{Profiles, ProviderConfig};
use crate::config::chain::RoleStep;
use crate::credentials::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::services::sts::client::Client;
use crate::services::sts::types::{
    AssumeRoleRequest, AssumeRoleWithWebIdentityRequest, AssumedRoleUser,
    Credentials as StsCredentials,
};

/// STS's global endpoint region, used when no region is configured.
const DEFAULT_REGION: &str = "us-east-1";

/// A role assumed with a web identity token.
pub(crate) struct WebIdentity {
    pub(crate) role_arn: String,
    pub(crate) token_file: String,
    pub(crate) session_name: Option<String>,
}

/// Credentials from `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and
/// `AWS_ROLE_SESSION_NAME`.
#[derive(Debug, Clone, Default)]
pub struct WebIdentityCredentials {
    config: ProviderConfig,
}

impl WebIdentityCredentials {
    /// A provider working with `config`.
    pub fn new(config: ProviderConfig) -> Self {
        Self { config }
    }

    /// The role's credentials.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let os = self.config.os();
        let (token_file, role_arn) = match (
            os.var("AWS_WEB_IDENTITY_TOKEN_FILE"),
            os.var("AWS_ROLE_ARN"),
        ) {
            (Some(file), Some(role)) => (file, role),
            (None, None) => {
                return Err(CredentialsError::not_configured(
                    "no web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set",
                ))
            }
            (Some(_), None) => {
                return Err(CredentialsError::invalid_configuration(
                    "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not",
                ))
            }
            (None, Some(_)) => {
                return Err(CredentialsError::invalid_configuration(
                    "AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not",
                ))
            }
        };
        // The profile only adds the region and endpoint settings.
        let profiles = self.config.profiles().ok();
        let region = self.config.region(profiles.as_ref());
        let identity = WebIdentity {
            role_arn,
            token_file,
            session_name: os.var("AWS_ROLE_SESSION_NAME"),
        };
        web_identity(&self.config, identity, profiles.as_ref(), region.as_deref()).await
    }
}

impl ProvideCredentials for WebIdentityCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

/// Assumes `identity`'s role with the token in its file.
pub(crate) async fn web_identity(
    config: &ProviderConfig,
    identity: WebIdentity,
    profiles: Option<&Profiles>,
    region: Option<&str>,
) -> Result<Credentials, CredentialsError> {
    let file = &identity.token_file;
    let token = match config.os().read_text(file) {
        Ok(Some(token)) => token.trim().to_owned(),
        Ok(None) => Err(CredentialsError::provider_failed(format!(
            "the web identity token file `{file}` does not exist"
        )))?,
        Err(e) => Err(CredentialsError::provider_failed(format!(
            "cannot read the web identity token file `{file}`: {e}"
        )))?,
    };
    let client =
        Client::new(config.service_client("STS", region.unwrap_or(DEFAULT_REGION), profiles, None));
    let request = AssumeRoleWithWebIdentityRequest::builder()
        .role_arn(identity.role_arn.clone())
        .role_session_name(
            identity
                .session_name
                .unwrap_or_else(|| session_name(config)),
        )
        .web_identity_token(token)
        .build();
    let response = client
        .assume_role_with_web_identity(request)
        .await
        .map_err(|e| failed("AssumeRoleWithWebIdentity", &identity.role_arn, e))?;
    convert(
        response.credentials,
        response.assumed_role_user,
        &identity.role_arn,
    )
}

/// Assumes `role` with `source`.
pub(crate) async fn assume_role(
    config: &ProviderConfig,
    source: Credentials,
    role: &RoleStep,
    profiles: &Profiles,
    region: Option<&str>,
) -> Result<Credentials, CredentialsError> {
    let client = Client::new(config.service_client(
        "STS",
        region.unwrap_or(DEFAULT_REGION),
        Some(profiles),
        Some(source),
    ));
    let request = AssumeRoleRequest::builder()
        .role_arn(role.role_arn.clone())
        .role_session_name(
            role.role_session_name
                .clone()
                .unwrap_or_else(|| session_name(config)),
        )
        .set_external_id(role.external_id.clone())
        .build();
    let response = client
        .assume_role(request)
        .await
        .map_err(|e| failed("AssumeRole", &role.role_arn, e))?;
    convert(
        response.credentials,
        response.assumed_role_user,
        &role.role_arn,
    )
}

/// A session name when none is configured: unique enough to tell
/// sessions apart in CloudTrail.
fn session_name(config: &ProviderConfig) -> String {
    let millis = config
        .clock()
        .now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_millis());
    format!("smithy-rust-{millis}")
}

fn failed(call: &str, role: &str, error: impl std::fmt::Display) -> CredentialsError {
    CredentialsError::provider_failed(format!("STS {call} for role `{role}` failed: {error}"))
}

fn convert(
    credentials: Option<StsCredentials>,
    user: Option<AssumedRoleUser>,
    role: &str,
) -> Result<Credentials, CredentialsError> {
    let credentials = credentials.ok_or_else(|| {
        CredentialsError::provider_failed(format!(
            "STS answered for role `{role}` without credentials"
        ))
    })?;
    let expiry = credentials.expiration.to_system_time().ok_or_else(|| {
        CredentialsError::provider_failed(format!(
            "STS gave credentials for role `{role}` with an expiry out of range"
        ))
    })?;
    // `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`
    let account = user.and_then(|user| user.arn.split(':').nth(4).map(str::to_owned));
    Ok(Credentials::new(
        credentials.access_key_id,
        credentials.secret_access_key,
        Some(credentials.session_token),
    )
    .with_expiry(Some(expiry))
    .with_account_id(account.filter(|account| !account.is_empty())))
}
