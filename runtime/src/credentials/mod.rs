//! AWS credentials and where they come from.
//!
//! [`Credentials`] are what SigV4 signs with; [`ProvideCredentials`] is the
//! async source a client asks before each call. A provider that must
//! fetch (from IMDS, STS, SSO) is wrapped in a [`CachedCredentials`], which
//! keeps what it fetched until shortly before it expires, lets one task
//! fetch while the others wait, and keeps credentials that are still valid
//! when a refresh fails.
//!
//! With the feature `client`, [`providers`] holds the providers the AWS
//! SDKs use (environment, profiles, `credential_process`, web identity,
//! containers, IMDS, SSO, roles) and the default chain over them.

mod cache;
mod clock;
mod environment;
mod error;
#[cfg(feature = "client")]
pub mod providers;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

pub use cache::CachedCredentials;
pub use clock::Clock;
pub use environment::EnvironmentCredentials;
pub use error::{CredentialsError, CredentialsErrorKind};

use crate::REDACTED;

/// An access key, its secret, and for temporary credentials a session
/// token and the time they expire. `Debug` shows only the key id and the
/// expiry; the secret and the token are never printed. Cloning is cheap:
/// the strings are shared.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials(Arc<Parts>);

#[derive(Clone, PartialEq, Eq)]
struct Parts {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
    account_id: Option<String>,
}

impl Credentials {
    /// Long-term credentials, or temporary ones with a session token.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self(Arc::new(Parts {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: None,
            account_id: None,
        }))
    }

    /// The same credentials, valid until `expiry`.
    pub fn with_expiry(mut self, expiry: Option<SystemTime>) -> Self {
        Arc::make_mut(&mut self.0).expiry = expiry;
        self
    }

    /// The same credentials, naming the account they belong to.
    pub fn with_account_id(mut self, account_id: Option<String>) -> Self {
        Arc::make_mut(&mut self.0).account_id = account_id;
        self
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.0.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.0.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.0.session_token.as_deref()
    }

    /// When temporary credentials stop working; `None` for long-term ones.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.0.expiry
    }

    /// The AWS account the credentials belong to, when the source says.
    pub fn account_id(&self) -> Option<&str> {
        self.0.account_id.as_deref()
    }

    /// Whether they still work at `now`.
    pub fn valid_at(&self, now: SystemTime) -> bool {
        self.0.expiry.is_none_or(|expiry| now < expiry)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = &*self.0;
        f.debug_struct("Credentials")
            .field("access_key_id", &parts.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field(
                "session_token",
                &parts.session_token.as_ref().map(|_| REDACTED),
            )
            .field("expiry", &parts.expiry)
            .field("account_id", &parts.account_id)
            .finish()
    }
}

/// The future of a provider's answer.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// Where credentials come from. A client asks before every call, so a
/// provider may refresh them; one that fetches should be wrapped in a
/// [`CachedCredentials`].
pub trait ProvideCredentials: Send + Sync {
    /// The credentials to sign with now.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

/// Fixed credentials.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

/// Runs `future` (a provider's, say) to completion on the calling thread,
/// for programs without an async runtime. Not for use inside an async
/// runtime's task, whose thread it would hold.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    use std::task::{Context, Poll, Wake, Waker};

    struct Unpark(std::thread::Thread);

    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::park();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn secrets_never_print() {
        let credentials = Credentials::new("AKID", "very-secret", Some("token-value".into()))
            .with_account_id(Some("123456789012".into()));
        let shown = format!("{credentials:?}");
        assert!(
            shown.contains("AKID") && shown.contains("123456789012"),
            "{shown}"
        );
        assert!(
            !shown.contains("very-secret") && !shown.contains("token-value"),
            "{shown}"
        );
    }

    #[test]
    fn credentials_without_expiry_stay_valid() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let long_term = Credentials::new("AKID", "secret", None);
        assert!(long_term.valid_at(now));
        let temporary = long_term.clone().with_expiry(Some(now));
        assert!(!temporary.valid_at(now));
        assert!(temporary.valid_at(now - Duration::from_secs(1)));
        // The expiry is the copy's own.
        assert_eq!(long_term.expiry(), None);
    }
}
