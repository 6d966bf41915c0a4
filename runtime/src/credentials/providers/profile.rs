//! Credentials from the shared config and credentials files: the selected
//! profile's chain (see [`crate::config::chain`]) worked out, its base
//! credentials fetched, then each role in it assumed through STS.

use super::container::ContainerCredentials;
use super::imds::ImdsCredentials;
use super::process::ProcessCredentials;
use super::ProviderConfig;
use crate::config::chain::{resolve, BaseProvider, NamedSource, ProfileChain};
use crate::credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture, EnvironmentCredentials,
    ProvideCredentials,
};

/// Credentials from the selected profile (`AWS_PROFILE`, or `default`).
#[derive(Debug, Clone, Default)]
pub struct ProfileCredentials {
    config: ProviderConfig,
}

impl ProfileCredentials {
    /// A provider working with `config`.
    pub fn new(config: ProviderConfig) -> Self {
        Self { config }
    }

    /// The selected profile's credentials.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let profiles = self.config.profiles()?;
        let selected = profiles.selected_name().to_owned();
        if !profiles.found {
            return Err(CredentialsError::not_configured(format!(
                "no profile `{selected}`: there is no shared config or credentials file ({})",
                profiles.looked_in()
            )));
        }
        let chain = resolve(profiles.set(), &selected).map_err(|e| {
            if e.holds_no_credentials(&selected) {
                CredentialsError::not_configured(format!("{e} ({})", profiles.looked_in()))
            } else {
                CredentialsError::invalid_configuration(e.to_string())
            }
        })?;
        let region = self.config.region(Some(&profiles));
        let ProfileChain { base, roles } = chain;
        let mut credentials = self
            .base(&base, &profiles, region.as_deref())
            .await
            .map_err(|e| {
                match e.kind() {
                    // A source the profile names must work: the chain does not
                    // go on to other providers.
                    CredentialsErrorKind::NotConfigured => {
                        CredentialsError::invalid_configuration(e.to_string())
                    }
                    _ => e,
                }
                .context(format_args!("profile `{selected}`"))
            })?;
        for role in &roles {
            credentials = self
                .assume_role(credentials, role, &profiles, region.as_deref())
                .await
                .map_err(|e| e.context(format_args!("profile `{selected}`")))?;
        }
        Ok(credentials)
    }

    // Only the STS, SSO and login sources read the profiles and the region.
    #[cfg_attr(
        not(all(feature = "sts", feature = "sso", feature = "login")),
        allow(unused_variables)
    )]
    async fn base(
        &self,
        base: &BaseProvider,
        profiles: &super::Profiles,
        region: Option<&str>,
    ) -> Result<Credentials, CredentialsError> {
        match base {
            BaseProvider::AccessKey {
                access_key_id,
                secret_access_key,
                session_token,
                account_id,
            } => Ok(Credentials::new(
                access_key_id.clone(),
                secret_access_key.clone(),
                session_token.clone(),
            )
            .with_account_id(account_id.clone())),
            BaseProvider::NamedSource(NamedSource::Environment) => {
                let os = self.config.os().clone();
                EnvironmentCredentials::with_lookup(move |name| os.var(name))
                    .load()
                    .map_err(|e| {
                        CredentialsError::new(
                            e.kind(),
                            format!(
                                "credential_source Environment: the provider was not enabled: {e}"
                            ),
                        )
                    })
            }
            BaseProvider::NamedSource(NamedSource::Ec2InstanceMetadata) => {
                ImdsCredentials::new(self.config.clone()).load().await
            }
            BaseProvider::NamedSource(NamedSource::EcsContainer) => {
                ContainerCredentials::new(self.config.clone()).load().await
            }
            BaseProvider::CredentialProcess {
                command,
                account_id,
            } => {
                ProcessCredentials::new(command.clone(), account_id.clone())
                    .load()
                    .await
            }
            #[cfg(feature = "sts")]
            BaseProvider::WebIdentityToken {
                role_arn,
                web_identity_token_file,
                role_session_name,
            } => {
                super::sts::web_identity(
                    &self.config,
                    super::sts::WebIdentity {
                        role_arn: role_arn.clone(),
                        token_file: web_identity_token_file.clone(),
                        session_name: role_session_name.clone(),
                    },
                    Some(profiles),
                    region,
                )
                .await
            }
            #[cfg(feature = "sso")]
            BaseProvider::Sso { .. } => super::sso::credentials(&self.config, base, profiles).await,
            #[cfg(feature = "login")]
            BaseProvider::LoginSession { login_session } => {
                super::login::credentials(&self.config, login_session, profiles, region).await
            }
            #[cfg(not(feature = "sts"))]
            BaseProvider::WebIdentityToken { .. } => Err(CredentialsError::invalid_configuration(
                "web identity (web_identity_token_file) needs this crate's feature `sts`",
            )),
            #[cfg(not(feature = "sso"))]
            BaseProvider::Sso { .. } => Err(CredentialsError::invalid_configuration(
                "SSO (sso_start_url, sso_session) needs this crate's feature `sso`",
            )),
            #[cfg(not(feature = "login"))]
            BaseProvider::LoginSession { .. } => Err(CredentialsError::invalid_configuration(
                "an `aws login` session (login_session) needs this crate's feature `login`",
            )),
        }
    }

    #[cfg(feature = "sts")]
    async fn assume_role(
        &self,
        source: Credentials,
        role: &crate::config::chain::RoleStep,
        profiles: &super::Profiles,
        region: Option<&str>,
    ) -> Result<Credentials, CredentialsError> {
        super::sts::assume_role(&self.config, source, role, profiles, region).await
    }

    #[cfg(not(feature = "sts"))]
    async fn assume_role(
        &self,
        _: Credentials,
        role: &crate::config::chain::RoleStep,
        _: &super::Profiles,
        _: Option<&str>,
    ) -> Result<Credentials, CredentialsError> {
        Err(CredentialsError::invalid_configuration(format!(
            "assuming role `{}` needs this crate's feature `sts`",
            role.role_arn
        )))
    }
}

impl ProvideCredentials for ProfileCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }
}
