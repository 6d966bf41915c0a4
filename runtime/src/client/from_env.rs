//! A [`Config`] from where AWS users keep their settings: the environment
//! and the shared config and credentials files, read as the AWS SDKs read
//! them, with the default credentials chain.

use std::fmt;
use std::sync::Arc;

use super::Config;
use crate::config::endpoint_url::{endpoint_url, CodeEndpoint};
use crate::credentials::providers::{default_provider, ImdsCredentials, ProviderConfig};
use crate::retry::{RetryConfig, RetryMode};

/// A setting in the environment or the profile that has no meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvConfigError(String);

impl fmt::Display for EnvConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EnvConfigError {}

impl Config {
    /// The settings of this machine, as the AWS SDKs find them:
    /// - the region from `AWS_REGION` (or `AWS_DEFAULT_REGION`), then the
    ///   profile's `region`, then IMDS when on EC2;
    /// - credentials from the default chain (environment, profile, web
    ///   identity, container, IMDS), cached;
    /// - endpoint URLs from `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`,
    ///   the profile's `[services]` section and its `endpoint_url`;
    /// - `use_fips_endpoint`, `use_dualstack_endpoint`, `max_attempts`,
    ///   `retry_mode` and `sdk_ua_app_id`, each from its `AWS_` variable
    ///   first and the profile second.
    ///
    /// The profile is `AWS_PROFILE`'s, or `default`. A file that cannot be
    /// parsed, or a setting with no meaning, is an error naming it.
    pub async fn from_env() -> Result<Config, EnvConfigError> {
        Self::from_provider_config(ProviderConfig::new()).await
    }

    /// [`Config::from_env`] over the machine, clock and transport of
    /// `config`.
    pub async fn from_provider_config(config: ProviderConfig) -> Result<Config, EnvConfigError> {
        let profiles = config
            .profiles()
            .map_err(|e| EnvConfigError(e.to_string()))?;
        let os = config.os().clone();
        let profile = profiles.selected().cloned();
        let setting = |variable: &str, key: &str| -> Option<(String, String)> {
            os.var(variable)
                .map(|value| (value, variable.to_owned()))
                .or_else(|| {
                    let value = profile.as_ref()?.get(key)?.to_owned();
                    Some((
                        value,
                        format!("`{key}` in profile `{}`", profiles.selected_name()),
                    ))
                })
        };
        let flag = |variable: &str, key: &str| -> Result<bool, EnvConfigError> {
            match setting(variable, key) {
                None => Ok(false),
                Some((value, source)) => match value.trim().to_ascii_lowercase().as_str() {
                    "true" => Ok(true),
                    "false" => Ok(false),
                    _ => Err(EnvConfigError(format!(
                        "{source} is {value:?}, which is neither true nor false"
                    ))),
                },
            }
        };
        let mut settings = config.client().clone();
        settings.use_fips = flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")?;
        settings.use_dual_stack = flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")?;
        settings.retry = retry(&setting)?;
        if let Some((app_id, source)) = setting("AWS_SDK_UA_APP_ID", "sdk_ua_app_id") {
            let agent = format!("smithy-rust/{} app/{app_id}", env!("CARGO_PKG_VERSION"));
            settings.user_agent =
                Some(http::HeaderValue::from_str(&agent).map_err(|_| {
                    EnvConfigError(format!("{source} is not text a header can carry"))
                })?);
        }
        settings.region = match config.region(Some(&profiles)) {
            Some(region) => Some(region),
            None => ImdsCredentials::new(config.clone()).region().await.ok(),
        };
        let endpoints = (os.clone(), profiles.clone());
        settings.configured_endpoint = Some(Arc::new(move |service_id: &str| {
            let (os, profiles) = &endpoints;
            endpoint_url(
                service_id,
                &CodeEndpoint::default(),
                |name| os.var(name),
                profiles.selected(),
                |name| profiles.set().services(name),
            )
        }));
        settings.credentials = Arc::new(default_provider(config));
        Ok(settings)
    }
}

/// `max_attempts` and `retry_mode`: `legacy` retries with the standard
/// strategy, whose older name it is in the SDKs' configuration, and
/// `adaptive` adds the client-side rate limit.
fn retry(
    setting: &impl Fn(&str, &str) -> Option<(String, String)>,
) -> Result<RetryConfig, EnvConfigError> {
    let mut retry = RetryConfig::default();
    if let Some((mode, source)) = setting("AWS_RETRY_MODE", "retry_mode") {
        retry.mode = match mode.trim().to_ascii_lowercase().as_str() {
            "standard" | "legacy" => RetryMode::Standard,
            "adaptive" => RetryMode::Adaptive,
            _ => {
                return Err(EnvConfigError(format!(
                    "{source} is {mode:?}, which is none of standard, legacy and adaptive"
                )))
            }
        };
    }
    if let Some((attempts, source)) = setting("AWS_MAX_ATTEMPTS", "max_attempts") {
        retry.max_attempts = attempts
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| {
                EnvConfigError(format!(
                    "{source} is {attempts:?}, which is not a positive whole number"
                ))
            })?;
    }
    Ok(retry)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::credentials::block_on;
    use crate::credentials::providers::Os;

    fn from(vars: &[(&str, &str)], config: &str) -> Result<Config, EnvConfigError> {
        let mut vars: BTreeMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        vars.insert("HOME".into(), "/home".into());
        vars.insert("AWS_REGION".into(), "us-east-1".into());
        let files = BTreeMap::from([("/home/.aws/config".into(), config.as_bytes().to_vec())]);
        block_on(Config::from_provider_config(
            ProviderConfig::new().with_os(Os::fixed(vars, files)),
        ))
    }

    #[test]
    fn the_retry_mode_and_attempts_come_from_the_variables_then_the_profile() {
        let config = from(
            &[("AWS_RETRY_MODE", "adaptive")],
            "[default]\nretry_mode = standard\nmax_attempts = 5\n",
        )
        .unwrap();
        assert_eq!(config.retry().mode, RetryMode::Adaptive);
        assert_eq!(config.retry().max_attempts, 5);
        let legacy = from(&[], "[default]\nretry_mode = legacy\n").unwrap();
        assert_eq!(legacy.retry(), RetryConfig::default());
        let error = from(&[], "[default]\nretry_mode = fast\n").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("`retry_mode` in profile `default`"),
            "{error}"
        );
    }
}
