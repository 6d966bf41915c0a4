//! Credentials from an `aws login` session (a profile's `login_session`):
//! the credentials the AWS CLI cached in
//! `~/.aws/login/cache/<sha256 of the session>.json` (or under
//! `AWS_LOGIN_CACHE_DIRECTORY`), refreshed near their expiry through
//! Sign-In `CreateOAuth2Token` with the cached refresh token and a DPoP
//! proof signed by the cached key, then written back so the next process
//! starts from them.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::dpop::DpopKey;
use super::{read_sign_in_cache, Profiles, ProviderConfig};
use crate::credentials::{Credentials, CredentialsError};
use crate::services::signin::client::Client as SigninClient;
use crate::services::signin::types::{CreateOauth2TokenRequest, CreateOauth2TokenRequestBody};
use crate::{ByteStream, Timestamp, TimestampFormat};

/// How long before their expiry cached credentials are refreshed.
const REFRESH_BEFORE: Duration = Duration::from_secs(5 * 60);

/// The credentials of the session `login_session`, refreshed through
/// Sign-In in `region` when they near their expiry.
pub(crate) async fn credentials(
    config: &ProviderConfig,
    login_session: &str,
    profiles: &Profiles,
    region: Option<&str>,
) -> Result<Credentials, CredentialsError> {
    let path = cache_path(config, login_session)?;
    let sign_in = format!("run `aws login` to sign in to the session `{login_session}`");
    let text = read_sign_in_cache(config.os(), &path, &sign_in)?;
    let cached = Cached::parse(&text).map_err(|why| {
        CredentialsError::provider_failed(format!("the login cache `{path}` {why}: {sign_in}"))
    })?;
    let now = config.clock().now();
    if now + REFRESH_BEFORE < cached.expiry {
        return Ok(cached.credentials);
    }
    match refresh(config, &cached, profiles, region, now).await {
        Ok((credentials, text)) => {
            // A cache that cannot be written only costs the next process
            // a refresh.
            let _ = config.os().write(&path, text.as_bytes());
            Ok(credentials)
        }
        // A refresh that failed leaves credentials that still work in use.
        Err(_) if now < cached.expiry => Ok(cached.credentials),
        Err(why) => {
            let expired = Timestamp::from(cached.expiry).format(TimestampFormat::DateTime);
            Err(CredentialsError::provider_failed(format!(
                "the credentials in the login cache `{path}` expired at {expired} and could not be refreshed ({why}): {sign_in} again"
            )))
        }
    }
}

/// Where the session's cache file is.
fn cache_path(config: &ProviderConfig, login_session: &str) -> Result<String, CredentialsError> {
    let directory = match config.os().var("AWS_LOGIN_CACHE_DIRECTORY") {
        Some(directory) => directory,
        None => {
            let home = config.os().home().ok_or_else(|| {
                CredentialsError::invalid_configuration(
                    "no home directory (HOME) to find the login cache in, and no AWS_LOGIN_CACHE_DIRECTORY",
                )
            })?;
            format!("{home}/.aws/login/cache")
        }
    };
    let hash = crate::sigv4::hex(&Sha256::digest(login_session.trim().as_bytes()));
    Ok(format!("{}/{hash}.json", directory.trim_end_matches('/')))
}

/// New credentials from Sign-In, and the cache document holding them.
async fn refresh(
    config: &ProviderConfig,
    cached: &Cached,
    profiles: &Profiles,
    region: Option<&str>,
    now: SystemTime,
) -> Result<(Credentials, String), String> {
    let region = region
        .ok_or("no region to reach Sign-In in: set `region` in the profile, or AWS_REGION")?;
    let key = Arc::new(
        DpopKey::from_pem(&cached.dpop_key).map_err(|why| format!("its `dpopKey`: {why}"))?,
    );
    let mut client = config.service_client("Signin", region, Some(profiles), None);
    let clock = config.clock().clone();
    // A proof is good for one request at one time: each attempt gets its
    // own, for the URL the endpoint rules gave.
    client.before_attempt = Some(Arc::new(move |request: &mut http::Request<ByteStream>| {
        let issued_at = clock
            .now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        let proof = key.proof(
            request.method().as_str(),
            &request.uri().to_string(),
            issued_at,
        )?;
        let value = http::HeaderValue::from_str(&proof).map_err(|e| e.to_string())?;
        request.headers_mut().insert("dpop", value);
        Ok(())
    }));
    let body = CreateOauth2TokenRequestBody::builder()
        .client_id(cached.client_id.clone())
        .grant_type("refresh_token")
        .refresh_token(cached.refresh_token.clone())
        .build()
        .map_err(|e| e.to_string())?;
    let request = CreateOauth2TokenRequest::builder()
        .token_input(body)
        .build();
    let answer = SigninClient::new(client)
        .create_oauth2_token(request)
        .await
        .map_err(|e| format!("Sign-In CreateOAuth2Token failed: {e}"))?
        .token_output;
    let lifetime = u64::try_from(answer.expires_in).unwrap_or(0);
    let expiry = now + Duration::from_secs(lifetime);
    let given = answer.access_token;
    let credentials = Credentials::new(
        given.access_key_id,
        given.secret_access_key,
        Some(given.session_token),
    )
    .with_expiry(Some(expiry))
    .with_account_id(cached.credentials.account_id().map(str::to_owned));
    let text = cached.refreshed(&credentials, &answer.refresh_token);
    Ok((credentials, text))
}

/// A session's cache file.
struct Cached {
    credentials: Credentials,
    expiry: SystemTime,
    client_id: String,
    refresh_token: String,
    dpop_key: String,
    /// The whole document, whose other fields a refresh keeps.
    document: Map<String, Value>,
}

impl Cached {
    fn parse(text: &str) -> Result<Self, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| format!("is not JSON ({e})"))?;
        let Value::Object(document) = value else {
            return Err("is not a JSON object".to_owned());
        };
        let field = |object: &Map<String, Value>, name: &str| {
            object.get(name).and_then(Value::as_str).map(str::to_owned)
        };
        let needed = |object: &Map<String, Value>, name: &str| {
            field(object, name).ok_or_else(|| format!("has no `{name}`"))
        };
        let access = document
            .get("accessToken")
            .and_then(Value::as_object)
            .ok_or("has no `accessToken`")?;
        let expires = needed(access, "expiresAt")?;
        let expiry = Timestamp::parse(&expires)
            .ok()
            .and_then(|at| at.to_system_time())
            .ok_or("has an `expiresAt` that is not a date")?;
        let credentials = Credentials::new(
            needed(access, "accessKeyId")?,
            needed(access, "secretAccessKey")?,
            Some(needed(access, "sessionToken")?),
        )
        .with_expiry(Some(expiry))
        .with_account_id(field(access, "accountId"));
        Ok(Self {
            credentials,
            expiry,
            client_id: needed(&document, "clientId")?,
            refresh_token: needed(&document, "refreshToken")?,
            dpop_key: needed(&document, "dpopKey")?,
            document,
        })
    }

    /// The document with new credentials and the refresh token that
    /// came with them.
    fn refreshed(&self, credentials: &Credentials, refresh_token: &str) -> String {
        let mut access = Map::new();
        access.insert("accessKeyId".to_owned(), credentials.access_key_id().into());
        access.insert(
            "secretAccessKey".to_owned(),
            credentials.secret_access_key().into(),
        );
        if let Some(token) = credentials.session_token() {
            access.insert("sessionToken".to_owned(), token.into());
        }
        if let Some(account) = credentials.account_id() {
            access.insert("accountId".to_owned(), account.into());
        }
        if let Some(expiry) = credentials.expiry() {
            let expires = Timestamp::from(expiry).format(TimestampFormat::DateTime);
            access.insert("expiresAt".to_owned(), expires.into());
        }
        let mut document = self.document.clone();
        document.insert("accessToken".to_owned(), Value::Object(access));
        document.insert("refreshToken".to_owned(), refresh_token.into());
        Value::Object(document).to_string()
    }
}
