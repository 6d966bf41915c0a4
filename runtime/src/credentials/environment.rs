//! Credentials from the standard environment variables.

use std::fmt;
use std::sync::Arc;

use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};

const ACCESS_KEY_ID: &str = "AWS_ACCESS_KEY_ID";
const SECRET_ACCESS_KEY: &str = "AWS_SECRET_ACCESS_KEY";

/// Credentials from `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, with
/// `AWS_SESSION_TOKEN` for temporary ones and `AWS_ACCOUNT_ID`. A blank
/// variable counts as unset.
#[derive(Clone)]
pub struct EnvironmentCredentials {
    lookup: Arc<Lookup>,
}

/// A variable's value by name.
type Lookup = dyn Fn(&str) -> Option<String> + Send + Sync;

impl fmt::Debug for EnvironmentCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EnvironmentCredentials")
    }
}

impl Default for EnvironmentCredentials {
    fn default() -> Self {
        Self::with_lookup(|name| std::env::var(name).ok())
    }
}

impl EnvironmentCredentials {
    /// Reads the variables through `lookup` instead of the process
    /// environment.
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            lookup: Arc::new(lookup),
        }
    }

    /// The credentials the variables hold now.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let read = |name: &str| (self.lookup)(name).filter(|value| !value.trim().is_empty());
        match (read(ACCESS_KEY_ID), read(SECRET_ACCESS_KEY)) {
            (Some(id), Some(secret)) => Ok(Credentials::new(id, secret, read("AWS_SESSION_TOKEN"))
                .with_account_id(read("AWS_ACCOUNT_ID"))),
            (None, None) => Err(CredentialsError::not_configured(format!(
                "no credentials in the environment: {ACCESS_KEY_ID} and {SECRET_ACCESS_KEY} are not set"
            ))),
            (Some(_), None) => Err(CredentialsError::invalid_configuration(format!(
                "{ACCESS_KEY_ID} is set but {SECRET_ACCESS_KEY} is not"
            ))),
            (None, Some(_)) => Err(CredentialsError::invalid_configuration(format!(
                "{SECRET_ACCESS_KEY} is set but {ACCESS_KEY_ID} is not"
            ))),
        }
    }
}

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(self.load()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::CredentialsErrorKind;
    use super::*;

    #[test]
    fn the_environment_gives_credentials_or_says_what_it_looked_for() {
        let full = EnvironmentCredentials::with_lookup(|name| match name {
            "AWS_ACCESS_KEY_ID" => Some("AKID".into()),
            "AWS_SECRET_ACCESS_KEY" => Some("secret".into()),
            "AWS_SESSION_TOKEN" => Some("token".into()),
            "AWS_ACCOUNT_ID" => Some("123456789012".into()),
            _ => None,
        });
        let credentials = full.load().unwrap();
        assert_eq!(credentials.access_key_id(), "AKID");
        assert_eq!(credentials.secret_access_key(), "secret");
        assert_eq!(credentials.session_token(), Some("token"));
        assert_eq!(credentials.account_id(), Some("123456789012"));

        let blank = EnvironmentCredentials::with_lookup(|_| Some(" ".into()));
        let error = blank.load().unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
        assert!(error
            .to_string()
            .contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"));

        let half = EnvironmentCredentials::with_lookup(|name| {
            (name == "AWS_ACCESS_KEY_ID").then(|| "AKID".into())
        });
        let error = half.load().unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::InvalidConfiguration);
        assert!(
            error.to_string().contains("AWS_SECRET_ACCESS_KEY is not"),
            "{error}"
        );
    }
}
