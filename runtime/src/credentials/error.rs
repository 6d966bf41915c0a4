//! Why no credentials could be had: an error that names the source and
//! what it looked for, and says whether a chain of providers should try
//! the next one.

use std::fmt;

/// Why a provider gave no credentials. The message names the source
/// (a variable, a file and line, a profile, an endpoint) and never holds a
/// secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    message: String,
}

/// What kind of failure a [`CredentialsError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The source is not set up here (no variables, no such profile, not
    /// on EC2): a chain tries the next provider.
    NotConfigured,
    /// The source is set up, but wrongly: a malformed file, a role chain
    /// that loops, a setting with no meaning.
    InvalidConfiguration,
    /// The source is set up and failed: an endpoint unreachable or
    /// refusing, a process that exited with an error, an expired token.
    ProviderFailed,
}

impl CredentialsError {
    /// An error of `kind`, explained by `message`.
    pub fn new(kind: CredentialsErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The source is not set up; `message` says what was looked for.
    pub fn not_configured(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::NotConfigured, message)
    }

    /// The source is set up wrongly.
    pub fn invalid_configuration(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::InvalidConfiguration, message)
    }

    /// The source failed.
    pub fn provider_failed(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::ProviderFailed, message)
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// The same error, its message led by `context` (such as the profile
    /// that led to the source).
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {}
