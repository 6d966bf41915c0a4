//! The default chain, in the order the AWS SDKs use: the environment,
//! the shared files' profile, web identity from the environment, the
//! container endpoint, then IMDS. A provider that is not set up lets the
//! next one try; one that is set up and fails ends the chain with its
//! error, so a broken profile is reported rather than hidden behind
//! another source's credentials.

use std::fmt;

use super::{ContainerCredentials, ImdsCredentials, ProfileCredentials, ProviderConfig};
use crate::credentials::{
    CachedCredentials, Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture,
    EnvironmentCredentials, ProvideCredentials,
};

/// The default chain, uncached; [`default_provider`] caches it.
pub struct DefaultChain {
    providers: Vec<(&'static str, Box<dyn ProvideCredentials>)>,
}

impl DefaultChain {
    /// The chain over `config`'s machine and transport.
    pub fn new(config: ProviderConfig) -> Self {
        let os = config.os().clone();
        let mut providers: Vec<(&'static str, Box<dyn ProvideCredentials>)> = vec![
            (
                "environment",
                Box::new(EnvironmentCredentials::with_lookup(move |name| {
                    os.var(name)
                })),
            ),
            ("profile", Box::new(ProfileCredentials::new(config.clone()))),
        ];
        #[cfg(feature = "sts")]
        providers.push((
            "web identity",
            Box::new(super::WebIdentityCredentials::new(config.clone())),
        ));
        providers.push((
            "container",
            Box::new(ContainerCredentials::new(config.clone())),
        ));
        providers.push(("IMDS", Box::new(ImdsCredentials::new(config))));
        Self { providers }
    }

    /// The first credentials a provider gives.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let mut looked = Vec::new();
        for (name, provider) in &self.providers {
            match provider.provide_credentials().await {
                Ok(credentials) => return Ok(credentials),
                Err(error) if error.kind() == CredentialsErrorKind::NotConfigured => {
                    looked.push(format!("{name}: {error}"));
                }
                Err(error) => return Err(error.context(format_args!("the {name} provider"))),
            }
        }
        Err(CredentialsError::not_configured(format!(
            "no credentials found; the credential provider was not enabled in any source ({})",
            looked.join("; ")
        )))
    }
}

impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.providers.iter().map(|(name, _)| *name).collect();
        f.debug_struct("DefaultChain")
            .field("providers", &names)
            .finish()
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

/// The default chain, cached: what [`crate::client::Config::from_env`]
/// signs with.
pub fn default_provider(config: ProviderConfig) -> CachedCredentials {
    let clock = config.clock().clone();
    CachedCredentials::with_clock(DefaultChain::new(config), clock)
}
