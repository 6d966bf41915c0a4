//! The credential providers the AWS SDKs use, and their default chain
//! (feature `client`).
//!
//! Each provider reads the machine through an [`Os`] and fetches through
//! the transport of a client [`Config`], both held by a
//! [`ProviderConfig`], so tests and recorded scenarios run them with no
//! real environment, file or network. Providers that call STS (roles, web
//! identity) need the feature `sts`; SSO needs the feature `sso`; an
//! `aws login` session needs the feature `login`. They use the STS, SSO,
//! SSO-OIDC and Sign-In clients this crate's generator wrote from their
//! models (the module `services`).

mod blocking;
mod chain;
mod container;
#[cfg(feature = "login")]
mod dpop;
mod http;
mod imds;
mod json;
#[cfg(feature = "login")]
mod login;
mod os;
mod process;
mod profile;
#[cfg(feature = "sso")]
mod sso;
#[cfg(feature = "sts")]
mod sts;

use std::sync::Arc;

pub use chain::{default_provider, DefaultChain};
pub use container::ContainerCredentials;
pub use imds::ImdsCredentials;
pub use os::Os;
pub use process::ProcessCredentials;
pub use profile::ProfileCredentials;
#[cfg(feature = "sso")]
pub use sso::{AccessToken, SsoTokenProvider};
#[cfg(feature = "sts")]
pub use sts::WebIdentityCredentials;

use super::{Clock, CredentialsError};
use crate::client::{Config, HttpTransport, Sleep};
use crate::profile::{FileLocations, ProfileSet, Section};

/// What every provider works with: the machine it reads, the clock it
/// judges expiry by, the client settings (transport, timer, TLS) its
/// requests go through, and the profile to use.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    os: Os,
    clock: Clock,
    client: Config,
    profile: Option<String>,
}

impl Default for ProviderConfig {
    fn default() -> Self {
        Self {
            os: Os::real(),
            clock: Clock::system(),
            client: Config::builder().build(),
            profile: None,
        }
    }
}

impl ProviderConfig {
    /// Reads the real machine and sends through the default transport.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads `os` instead of the real machine.
    pub fn with_os(mut self, os: Os) -> Self {
        self.os = os;
        self
    }

    /// Judges expiry by `clock`.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Sends through the transport and timer of `client` (and follows its
    /// TLS and plain-HTTP settings).
    pub fn with_client_config(mut self, client: Config) -> Self {
        self.client = client;
        self
    }

    /// Uses the profile `name` rather than `AWS_PROFILE` or `default`.
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The machine read.
    pub fn os(&self) -> &Os {
        &self.os
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub(crate) fn transport(&self) -> Result<Arc<dyn HttpTransport>, CredentialsError> {
        match &self.client.transport {
            Some(transport) => Ok(transport.clone()),
            None => crate::client::default_transport(&self.client)
                .map_err(CredentialsError::invalid_configuration),
        }
    }

    pub(crate) fn sleep(&self) -> Option<Arc<dyn Sleep>> {
        self.client
            .sleep
            .clone()
            .or_else(crate::client::default_sleep)
    }

    /// The client settings requests go through.
    pub(crate) fn client(&self) -> &Config {
        &self.client
    }

    /// The settings of a client of an AWS service a provider calls (STS,
    /// SSO): this configuration's transport and timer, the region given,
    /// FIPS and dual-stack endpoints and the endpoint URL configured for
    /// `service_id` (in the environment or the profile), signed with
    /// `credentials` when given.
    #[cfg(any(feature = "sts", feature = "sso", feature = "login"))]
    pub(crate) fn service_client(
        &self,
        service_id: &str,
        region: &str,
        profiles: Option<&Profiles>,
        credentials: Option<crate::credentials::Credentials>,
    ) -> Config {
        use crate::config::endpoint_url::{endpoint_url, CodeEndpoint};
        let profile = profiles.and_then(Profiles::selected);
        let flag = |variable: &str, key: &str| {
            self.os
                .var(variable)
                .or_else(|| profile?.get(key).map(str::to_owned))
                .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
        };
        let mut client = self.client.clone();
        client.region = Some(region.to_owned());
        client.endpoint_url = endpoint_url(
            service_id,
            &CodeEndpoint::default(),
            |name| self.os.var(name),
            profile,
            |name| profiles?.set().services(name),
        );
        client.use_fips = flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
        client.use_dual_stack = flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint");
        if let Some(credentials) = credentials {
            client.credentials = Arc::new(credentials);
        }
        client
    }

    /// The shared config and credentials files, read and merged, with the
    /// profile selected.
    pub fn profiles(&self) -> Result<Profiles, CredentialsError> {
        let locations = FileLocations::from_env(|name| self.os.var(name), self.os.platform());
        let read = |path: &Option<String>| -> Result<Option<String>, CredentialsError> {
            let Some(path) = path else { return Ok(None) };
            self.os.read_text(path).map_err(|e| {
                CredentialsError::invalid_configuration(format!("cannot read `{path}`: {e}"))
            })
        };
        let config = read(&locations.config)?;
        let credentials = read(&locations.credentials)?;
        let name = |path: &Option<String>| path.clone().unwrap_or_default();
        let set = ProfileSet::parse(
            config.as_deref().unwrap_or(""),
            credentials.as_deref().unwrap_or(""),
            (&name(&locations.config), &name(&locations.credentials)),
        )
        .map_err(|e| {
            CredentialsError::invalid_configuration(format!("could not parse profile file: {e}"))
        })?;
        Ok(Profiles {
            set,
            selected: self.profile.clone().unwrap_or(locations.profile),
            files: [locations.config, locations.credentials]
                .into_iter()
                .flatten()
                .collect(),
            found: config.is_some() || credentials.is_some(),
        })
    }

    /// The region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the
    /// selected profile's `region`.
    pub(crate) fn region(&self, profiles: Option<&Profiles>) -> Option<String> {
        self.os
            .var("AWS_REGION")
            .or_else(|| self.os.var("AWS_DEFAULT_REGION"))
            .or_else(|| profiles?.selected()?.get("region").map(str::to_owned))
    }
}

/// The text of a cache a sign-in command writes (`aws sso login`, `aws
/// login`); a missing file says to run it, as `sign_in` words it.
#[cfg(any(feature = "sso", feature = "login"))]
pub(crate) fn read_sign_in_cache(
    os: &Os,
    path: &str,
    sign_in: &str,
) -> Result<String, CredentialsError> {
    match os.read_text(path) {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err(CredentialsError::provider_failed(format!(
            "failed to read `{path}`: no such file; {sign_in}"
        ))),
        Err(e) => Err(CredentialsError::provider_failed(format!(
            "failed to read `{path}`: {e}"
        ))),
    }
}

/// The profiles of the shared files, and which one is selected.
#[derive(Debug, Clone)]
pub struct Profiles {
    set: ProfileSet,
    selected: String,
    files: Vec<String>,
    found: bool,
}

impl Profiles {
    /// Every profile and section.
    pub fn set(&self) -> &ProfileSet {
        &self.set
    }

    /// The selected profile's name.
    pub fn selected_name(&self) -> &str {
        &self.selected
    }

    /// The selected profile, if it exists.
    pub fn selected(&self) -> Option<&Section> {
        self.set.profile(&self.selected)
    }

    /// The files looked in, for messages.
    fn looked_in(&self) -> String {
        self.files
            .iter()
            .map(|file| format!("`{file}`"))
            .collect::<Vec<_>>()
            .join(" and ")
    }
}
