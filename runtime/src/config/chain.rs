//! Which credentials a profile stands for, without I/O: one base provider
//! (static keys, a named source, web identity, SSO, an `aws login`
//! session, a credential process),
//! then the roles assumed from it, innermost first. A profile with
//! `role_arn` takes its credentials from its `source_profile` (or its
//! `credential_source`); past the selected profile, static keys end the
//! chain; a profile may name itself as its source, which reads its keys
//! and then assumes its role.

use std::fmt;

use crate::profile::{ProfileSet, Section};

/// The credentials a profile stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChain {
    /// Where the first credentials come from.
    pub base: BaseProvider,
    /// The roles assumed from them, in the order they are assumed.
    pub roles: Vec<RoleStep>,
}

/// Where a chain's first credentials come from.
#[derive(Clone, PartialEq, Eq)]
pub enum BaseProvider {
    /// Keys in the profile.
    AccessKey {
        /// `aws_access_key_id`.
        access_key_id: String,
        /// `aws_secret_access_key`.
        secret_access_key: String,
        /// `aws_session_token`.
        session_token: Option<String>,
        /// `aws_account_id`.
        account_id: Option<String>,
    },
    /// `credential_source`.
    NamedSource(NamedSource),
    /// `web_identity_token_file` with `role_arn`.
    WebIdentityToken {
        /// `role_arn`: the role.
        role_arn: String,
        /// `web_identity_token_file`: where the token is.
        web_identity_token_file: String,
        /// `role_session_name`.
        role_session_name: Option<String>,
    },
    /// IAM Identity Center (SSO).
    Sso {
        /// The region of the SSO portal.
        sso_region: String,
        /// The SSO start URL.
        sso_start_url: String,
        /// `sso_session`: the `[sso-session]` section named.
        sso_session: Option<String>,
        /// `sso_account_id`.
        sso_account_id: Option<String>,
        /// `sso_role_name`.
        sso_role_name: Option<String>,
    },
    /// `login_session`: a session `aws login` started.
    LoginSession {
        /// The session's ARN, which names its cache file.
        login_session: String,
    },
    /// `credential_process`.
    CredentialProcess {
        /// `credential_process`: the command line.
        command: String,
        /// `aws_account_id`.
        account_id: Option<String>,
    },
}

/// Secrets never print.
impl fmt::Debug for BaseProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AccessKey { access_key_id, .. } => f
                .debug_struct("AccessKey")
                .field("access_key_id", access_key_id)
                .finish_non_exhaustive(),
            Self::NamedSource(source) => f.debug_tuple("NamedSource").field(source).finish(),
            Self::WebIdentityToken { role_arn, .. } => f
                .debug_struct("WebIdentityToken")
                .field("role_arn", role_arn)
                .finish_non_exhaustive(),
            Self::Sso { sso_start_url, .. } => f
                .debug_struct("Sso")
                .field("sso_start_url", sso_start_url)
                .finish_non_exhaustive(),
            Self::LoginSession { login_session } => f
                .debug_struct("LoginSession")
                .field("login_session", login_session)
                .finish(),
            Self::CredentialProcess { .. } => f.write_str("CredentialProcess"),
        }
    }
}

/// The values of `credential_source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedSource {
    /// `Environment`: the environment variables.
    Environment,
    /// `Ec2InstanceMetadata`: IMDS.
    Ec2InstanceMetadata,
    /// `EcsContainer`: the container endpoint.
    EcsContainer,
}

impl NamedSource {
    /// The value as the config file writes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Environment => "Environment",
            Self::Ec2InstanceMetadata => "Ec2InstanceMetadata",
            Self::EcsContainer => "EcsContainer",
        }
    }
}

/// One role assumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleStep {
    /// `role_arn`: the role.
    pub role_arn: String,
    /// `external_id`.
    pub external_id: Option<String>,
    /// `role_session_name`.
    pub role_session_name: Option<String>,
}

/// A profile whose credentials cannot be worked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainError {
    profile: String,
    kind: ChainErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ChainErrorKind {
    NotFound,
    SourceNotFound { source: String },
    Loop { path: Vec<String> },
    NoSource,
    BothSources,
    UnknownSource(String),
    MissingKey(&'static str),
    NoCredentials,
    SelfSourceWithoutKeys,
    WebIdentityWithoutRole,
    SsoAccountWithoutRole,
    SsoRegionBesideSession,
    SsoSessionNotFound(String),
    SsoMissing(&'static str),
    TokenOnly,
}

impl ChainError {
    /// The profile at fault.
    pub fn profile(&self) -> &str {
        &self.profile
    }

    /// Whether the profile `selected` simply holds no credentials (it is
    /// missing, or has settings only), as opposed to one that sets up a
    /// source wrongly: other providers may then have them.
    pub fn holds_no_credentials(&self, selected: &str) -> bool {
        self.profile == selected
            && matches!(
                self.kind,
                ChainErrorKind::NotFound | ChainErrorKind::NoCredentials
            )
    }
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let profile = &self.profile;
        match &self.kind {
            ChainErrorKind::NotFound => write!(f, "profile `{profile}` is in neither the config nor the credentials file"),
            ChainErrorKind::SourceNotFound { source } => write!(
                f,
                "profile `{profile}` names `{source}` as its source_profile, and there is no profile {source}"
            ),
            ChainErrorKind::Loop { path } => write!(
                f,
                "the profiles {} form a loop through `source_profile`",
                path.join(" -> ")
            ),
            ChainErrorKind::NoSource => write!(
                f,
                "profile `{profile}` has a `role_arn` but no `source_profile` or `credential_source` to assume it with"
            ),
            ChainErrorKind::BothSources => write!(
                f,
                "profile `{profile}` has both source_profile and credential_source; it may have only one"
            ),
            ChainErrorKind::UnknownSource(source) => write!(
                f,
                "profile `{profile}` has credential_source `{source}`, which is none of Environment, Ec2InstanceMetadata and EcsContainer"
            ),
            ChainErrorKind::MissingKey(key) => {
                write!(f, "profile `{profile}` has static keys but is missing {key}")
            }
            ChainErrorKind::NoCredentials => write!(
                f,
                "profile `{profile}` does not hold credentials: no keys, role, source, web identity, SSO or credential_process"
            ),
            ChainErrorKind::SelfSourceWithoutKeys => write!(
                f,
                "profile `{profile}` names itself as its source_profile but holds no aws_access_key_id and aws_secret_access_key"
            ),
            ChainErrorKind::WebIdentityWithoutRole => write!(
                f,
                "profile `{profile}` has web_identity_token_file but `role_arn` is missing"
            ),
            ChainErrorKind::SsoAccountWithoutRole => write!(
                f,
                "profile `{profile}`: if `sso_account_id` is set, then `sso_role_name` must be set too"
            ),
            ChainErrorKind::SsoRegionBesideSession => write!(
                f,
                "profile `{profile}` names an sso_session, so `sso_region` belongs in its [sso-session] section"
            ),
            ChainErrorKind::SsoSessionNotFound(session) => write!(
                f,
                "profile `{profile}` names sso_session `{session}`, and there is no [sso-session {session}] section"
            ),
            ChainErrorKind::SsoMissing(key) => {
                write!(f, "profile `{profile}` uses SSO but has no `{key}`")
            }
            ChainErrorKind::TokenOnly => write!(
                f,
                "profile `{profile}` names only an sso_session, so it gives an access token, not credentials: add sso_account_id and sso_role_name"
            ),
        }
    }
}

impl std::error::Error for ChainError {}

/// The chain of the profile `selected`.
pub fn resolve(set: &ProfileSet, selected: &str) -> Result<ProfileChain, ChainError> {
    let error = |profile: &str, kind| ChainError {
        profile: profile.to_owned(),
        kind,
    };
    let mut visited: Vec<String> = Vec::new();
    let mut roles = Vec::new();
    let mut name = selected.to_owned();
    let base = loop {
        let Some(profile) = set.profile(&name) else {
            return Err(match visited.last() {
                None => error(&name, ChainErrorKind::NotFound),
                Some(from) => error(from, ChainErrorKind::SourceNotFound { source: name }),
            });
        };
        if visited.contains(&name) {
            visited.push(name);
            return Err(error(selected, ChainErrorKind::Loop { path: visited }));
        }
        visited.push(name.clone());
        // Past the selected profile, static keys end the chain.
        if visited.len() > 1 {
            if let Some(Ok(keys)) = static_keys(profile, &name) {
                break keys;
            }
        }
        let Some(role_arn) = profile.get("role_arn") else {
            break base_provider(set, profile, &name)?;
        };
        // A web identity profile's role is its own base.
        if profile.get("web_identity_token_file").is_some() {
            break base_provider(set, profile, &name)?;
        }
        roles.push(RoleStep {
            role_arn: role_arn.to_owned(),
            external_id: profile.get("external_id").map(str::to_owned),
            role_session_name: profile.get("role_session_name").map(str::to_owned),
        });
        match (
            profile.get("source_profile"),
            profile.get("credential_source"),
        ) {
            (Some(_), Some(_)) => return Err(error(&name, ChainErrorKind::BothSources)),
            (None, None) => return Err(error(&name, ChainErrorKind::NoSource)),
            (None, Some(source)) => break NamedSource::parse(source, &name)?,
            (Some(source), None) if source == name => match static_keys(profile, &name) {
                Some(keys) => break keys?,
                None => return Err(error(&name, ChainErrorKind::SelfSourceWithoutKeys)),
            },
            (Some(source), None) => name = source.to_owned(),
        }
    };
    roles.reverse();
    Ok(ProfileChain { base, roles })
}

impl NamedSource {
    fn parse(source: &str, profile: &str) -> Result<BaseProvider, ChainError> {
        let named = [
            Self::Environment,
            Self::Ec2InstanceMetadata,
            Self::EcsContainer,
        ]
        .into_iter()
        .find(|named| named.name() == source);
        named
            .map(BaseProvider::NamedSource)
            .ok_or_else(|| ChainError {
                profile: profile.to_owned(),
                kind: ChainErrorKind::UnknownSource(source.to_owned()),
            })
    }
}

/// A profile's base provider: a named source, web identity, SSO, an
/// `aws login` session, a credential process or static keys, in that
/// order.
fn base_provider(
    set: &ProfileSet,
    profile: &Section,
    name: &str,
) -> Result<BaseProvider, ChainError> {
    let error = |kind| ChainError {
        profile: name.to_owned(),
        kind,
    };
    let text = |key: &str| profile.get(key).map(str::to_owned);
    if let Some(source) = profile.get("credential_source") {
        return NamedSource::parse(source, name);
    }
    if let Some(file) = text("web_identity_token_file") {
        let role_arn =
            text("role_arn").ok_or_else(|| error(ChainErrorKind::WebIdentityWithoutRole))?;
        return Ok(BaseProvider::WebIdentityToken {
            role_arn,
            web_identity_token_file: file,
            role_session_name: text("role_session_name"),
        });
    }
    let session = text("sso_session");
    let is_sso =
        session.is_some() || text("sso_start_url").is_some() || text("sso_account_id").is_some();
    if is_sso {
        if text("sso_account_id").is_some() && text("sso_role_name").is_none() {
            return Err(error(ChainErrorKind::SsoAccountWithoutRole));
        }
        let (region, start_url) = match &session {
            Some(session_name) => {
                if text("sso_region").is_some() {
                    return Err(error(ChainErrorKind::SsoRegionBesideSession));
                }
                let section = set.sso_session(session_name).ok_or_else(|| {
                    error(ChainErrorKind::SsoSessionNotFound(session_name.clone()))
                })?;
                (section.get("sso_region"), section.get("sso_start_url"))
            }
            None => (profile.get("sso_region"), profile.get("sso_start_url")),
        };
        if text("sso_account_id").is_none() && text("sso_role_name").is_none() {
            return Err(error(ChainErrorKind::TokenOnly));
        }
        return Ok(BaseProvider::Sso {
            sso_region: region
                .ok_or_else(|| error(ChainErrorKind::SsoMissing("sso_region")))?
                .to_owned(),
            sso_start_url: start_url
                .ok_or_else(|| error(ChainErrorKind::SsoMissing("sso_start_url")))?
                .to_owned(),
            sso_session: session,
            sso_account_id: text("sso_account_id"),
            sso_role_name: text("sso_role_name"),
        });
    }
    if let Some(login_session) = text("login_session") {
        return Ok(BaseProvider::LoginSession { login_session });
    }
    if let Some(command) = text("credential_process") {
        return Ok(BaseProvider::CredentialProcess {
            command,
            account_id: text("aws_account_id"),
        });
    }
    static_keys(profile, name).unwrap_or_else(|| Err(error(ChainErrorKind::NoCredentials)))
}

/// The profile's static keys; `None` when it has neither key, an error
/// when it has one without the other.
fn static_keys(profile: &Section, name: &str) -> Option<Result<BaseProvider, ChainError>> {
    let text = |key: &str| profile.get(key).map(str::to_owned);
    let (id, secret) = (text("aws_access_key_id"), text("aws_secret_access_key"));
    let missing = |key| ChainError {
        profile: name.to_owned(),
        kind: ChainErrorKind::MissingKey(key),
    };
    Some(match (id, secret) {
        (None, None) => return None,
        (Some(_), None) => Err(missing("aws_secret_access_key")),
        (None, Some(_)) => Err(missing("aws_access_key_id")),
        (Some(access_key_id), Some(secret_access_key)) => Ok(BaseProvider::AccessKey {
            access_key_id,
            secret_access_key,
            session_token: text("aws_session_token"),
            account_id: text("aws_account_id"),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(config: &str) -> ProfileSet {
        ProfileSet::parse(config, "", ("config", "credentials")).unwrap()
    }

    #[test]
    fn a_loop_names_every_profile_on_it() {
        let profiles = set("[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = c\n[profile c]\nrole_arn = r\nsource_profile = a\n");
        let error = resolve(&profiles, "a").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the profiles a -> b -> c -> a form a loop through `source_profile`"
        );
    }

    #[test]
    fn three_roles_are_assumed_innermost_first() {
        let profiles = set("[profile a]\nrole_arn = ra\nsource_profile = b\n[profile b]\nrole_arn = rb\nsource_profile = c\n[profile c]\nrole_arn = rc\ncredential_source = EcsContainer\n");
        let chain = resolve(&profiles, "a").unwrap();
        assert_eq!(
            chain.base,
            BaseProvider::NamedSource(NamedSource::EcsContainer)
        );
        let roles: Vec<&str> = chain.roles.iter().map(|r| r.role_arn.as_str()).collect();
        assert_eq!(roles, ["rc", "rb", "ra"]);
    }

    #[test]
    fn secrets_never_print() {
        let profiles = set("[default]\naws_access_key_id = AKID\naws_secret_access_key = hush\n");
        let chain = resolve(&profiles, "default").unwrap();
        assert!(!format!("{chain:?}").contains("hush"));
    }
}
