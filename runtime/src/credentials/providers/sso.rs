//! Credentials from IAM Identity Center (SSO): the access token that
//! `aws sso login` left in `~/.aws/sso/cache/<sha1>.json`, refreshed
//! through SSO-OIDC `CreateToken` when it nears its expiry (for
//! `sso_session` profiles), then traded for a role's credentials with
//! SSO `GetRoleCredentials`, through the clients generated into
//! [`crate::services::sso`] and [`crate::services::sso_oidc`].

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use sha1::{Digest, Sha1};

use super::{read_sign_in_cache, Profiles, ProviderConfig};
use crate::config::chain::BaseProvider;
use crate::credentials::{Credentials, CredentialsError};
use crate::services::sso::client::Client as SsoClient;
use crate::services::sso::types::GetRoleCredentialsRequest;
use crate::services::sso_oidc::client::Client as OidcClient;
use crate::services::sso_oidc::types::CreateTokenRequest;
use crate::{Timestamp, TimestampFormat, REDACTED};

/// How long before its expiry a token is refreshed.
const REFRESH_BEFORE: Duration = Duration::from_secs(5 * 60);

/// An SSO access token and when it expires. `Debug` hides the token.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    token: String,
    expiry: SystemTime,
}

impl AccessToken {
    /// The bearer token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// When it stops working.
    pub fn expiry(&self) -> SystemTime {
        self.expiry
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &REDACTED)
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// The SSO access token of the selected profile's `sso_session`: what
/// services with bearer-token auth (such as CodeCatalyst) sign with.
#[derive(Debug, Clone, Default)]
pub struct SsoTokenProvider {
    config: ProviderConfig,
}

impl SsoTokenProvider {
    /// A provider working with `config`.
    pub fn new(config: ProviderConfig) -> Self {
        Self { config }
    }

    /// The token, refreshed if it nears its expiry.
    pub async fn load(&self) -> Result<AccessToken, CredentialsError> {
        let profiles = self.config.profiles()?;
        let name = profiles.selected_name().to_owned();
        let profile = profiles.selected().ok_or_else(|| {
            CredentialsError::not_configured(format!(
                "no profile `{name}` in {}",
                profiles.looked_in()
            ))
        })?;
        let session = profile.get("sso_session").ok_or_else(|| {
            CredentialsError::not_configured(format!("profile `{name}` names no sso_session"))
        })?;
        let section = profiles.set().sso_session(session).ok_or_else(|| {
            CredentialsError::invalid_configuration(format!(
                "profile `{name}` names sso_session `{session}`, and there is no [sso-session {session}] section"
            ))
        })?;
        let region = section.get("sso_region").ok_or_else(|| {
            CredentialsError::invalid_configuration(format!(
                "[sso-session {session}] has no `sso_region`"
            ))
        })?;
        token(&self.config, &profiles, session, Some((session, region))).await
    }
}

/// The credentials of an SSO profile's role.
pub(crate) async fn credentials(
    config: &ProviderConfig,
    base: &BaseProvider,
    profiles: &Profiles,
) -> Result<Credentials, CredentialsError> {
    let BaseProvider::Sso {
        sso_region,
        sso_start_url,
        sso_session,
        sso_account_id,
        sso_role_name,
    } = base
    else {
        return Err(CredentialsError::invalid_configuration(
            "the profile is not an SSO profile",
        ));
    };
    let (Some(account), Some(role)) = (sso_account_id, sso_role_name) else {
        return Err(CredentialsError::invalid_configuration(
            "an SSO profile needs sso_account_id and sso_role_name for credentials",
        ));
    };
    // The cache is keyed by the session's name, or for a legacy profile
    // by its start URL.
    let access = match sso_session {
        Some(session) => token(config, profiles, session, Some((session, sso_region))).await?,
        None => token(config, profiles, sso_start_url, None).await?,
    };
    let client = SsoClient::new(config.service_client("SSO", sso_region, Some(profiles), None));
    let request = GetRoleCredentialsRequest::builder()
        .account_id(account.clone())
        .role_name(role.clone())
        .access_token(access.token)
        .build();
    let response = client.get_role_credentials(request).await.map_err(|e| {
        CredentialsError::provider_failed(format!(
            "SSO GetRoleCredentials for role `{role}` in account {account} failed: {e}"
        ))
    })?;
    let missing = |what: &str| {
        CredentialsError::provider_failed(format!("SSO answered for role `{role}` without {what}"))
    };
    let given = response
        .role_credentials
        .ok_or_else(|| missing("credentials"))?;
    let expiry = UNIX_EPOCH
        .checked_add(Duration::from_millis(
            u64::try_from(given.expiration).unwrap_or(0),
        ))
        .ok_or_else(|| missing("an expiry in range"))?;
    Ok(Credentials::new(
        given
            .access_key_id
            .ok_or_else(|| missing("an access key id"))?,
        given
            .secret_access_key
            .ok_or_else(|| missing("a secret access key"))?,
        given.session_token,
    )
    .with_expiry(Some(expiry))
    .with_account_id(Some(account.clone())))
}

/// The cached token under `key`; refreshed through SSO-OIDC in the
/// session's region when `refresh` names one and the cache holds a
/// refresh token.
async fn token(
    config: &ProviderConfig,
    profiles: &Profiles,
    key: &str,
    refresh: Option<(&str, &str)>,
) -> Result<AccessToken, CredentialsError> {
    let home = config.os().home().ok_or_else(|| {
        CredentialsError::invalid_configuration(
            "no home directory (HOME) to find the SSO token cache in",
        )
    })?;
    let hash = crate::sigv4::hex(&Sha1::digest(key.as_bytes()));
    let path = format!("{home}/.aws/sso/cache/{hash}.json");
    let login = match refresh {
        Some((session, _)) => format!("aws sso login --sso-session {session}"),
        None => "aws sso login".to_owned(),
    };
    let text = read_sign_in_cache(config.os(), &path, &format!("run `{login}` to sign in"))?;
    let cached = Cached::parse(&text).map_err(|why| {
        CredentialsError::provider_failed(format!("the SSO token cache `{path}` {why}"))
    })?;
    let now = config.clock().now();
    if now + REFRESH_BEFORE < cached.expiry {
        return Ok(cached.access());
    }
    if let (Some((_, region)), Some(refresh)) = (refresh, &cached.refresh) {
        let client =
            OidcClient::new(config.service_client("SSO OIDC", region, Some(profiles), None));
        let request = CreateTokenRequest::builder()
            .client_id(refresh.client_id.clone())
            .client_secret(refresh.client_secret.clone())
            .grant_type("refresh_token")
            .refresh_token(refresh.token.clone())
            .build();
        if let Ok(answer) = client.create_token(request).await {
            if let Some(token) = answer.access_token {
                let lifetime = u64::try_from(answer.expires_in).unwrap_or(0);
                let refreshed = AccessToken {
                    token,
                    expiry: now + Duration::from_secs(lifetime),
                };
                // Written back as the AWS CLI does, so the next process
                // starts from the fresh token; a cache that cannot be
                // written only costs that process a refresh.
                let text = cached.refreshed(&refreshed, answer.refresh_token.as_deref());
                let _ = config.os().write(&path, text.as_bytes());
                return Ok(refreshed);
            }
        }
    }
    // A refresh that failed leaves a token that still works in use.
    if now < cached.expiry {
        return Ok(cached.access());
    }
    let expired = Timestamp::from(cached.expiry).format(TimestampFormat::DateTime);
    Err(CredentialsError::provider_failed(format!(
        "the SSO token in `{path}` expired at {expired}: run `{login}` to sign in again"
    )))
}

/// A token cache file.
struct Cached {
    token: String,
    expiry: SystemTime,
    refresh: Option<Refresh>,
    /// The whole document, whose other fields a refresh keeps.
    document: serde_json::Map<String, Value>,
}

struct Refresh {
    token: String,
    client_id: String,
    client_secret: String,
}

impl Cached {
    fn parse(text: &str) -> Result<Self, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| format!("is not JSON ({e})"))?;
        let Value::Object(document) = value else {
            return Err("is not a JSON object".to_owned());
        };
        let field = |name: &str| {
            document
                .get(name)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let token = field("accessToken").ok_or("has no `accessToken`")?;
        let expires = field("expiresAt").ok_or("has no `expiresAt`")?;
        let expiry = Timestamp::parse(&expires)
            .ok()
            .and_then(|at| at.to_system_time())
            .ok_or("has an `expiresAt` that is not a date")?;
        let refresh = match (
            field("refreshToken"),
            field("clientId"),
            field("clientSecret"),
        ) {
            (Some(token), Some(client_id), Some(client_secret)) => Some(Refresh {
                token,
                client_id,
                client_secret,
            }),
            _ => None,
        };
        Ok(Self {
            token,
            expiry,
            refresh,
            document,
        })
    }

    /// The document with a refreshed token (and refresh token, when the
    /// refresh gave a new one).
    fn refreshed(&self, token: &AccessToken, refresh_token: Option<&str>) -> String {
        let mut document = self.document.clone();
        document.insert("accessToken".to_owned(), Value::from(token.token.as_str()));
        let expires = Timestamp::from(token.expiry).format(TimestampFormat::DateTime);
        document.insert("expiresAt".to_owned(), Value::from(expires));
        if let Some(refresh_token) = refresh_token {
            document.insert("refreshToken".to_owned(), Value::from(refresh_token));
        }
        Value::Object(document).to_string()
    }

    fn access(&self) -> AccessToken {
        AccessToken {
            token: self.token.clone(),
            expiry: self.expiry,
        }
    }
}
