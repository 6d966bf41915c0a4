//! One small HTTP exchange with a credentials endpoint (IMDS, the
//! container endpoint): a short timeout per attempt, a few attempts for
//! server errors and lost connections, and a small bounded body.

use std::time::Duration;

use super::ProviderConfig;
use crate::client::{read_body, timeout, BodyLimits, StalledStreamProtection, TransportErrorKind};
use crate::credentials::CredentialsError;
use crate::ByteStream;

/// Credentials documents are a few hundred bytes; a larger answer is not
/// one of them.
const MAX_BODY: usize = 64 * 1024;

/// How one endpoint is asked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Policy {
    pub(crate) attempts: u32,
    pub(crate) timeout: Duration,
    pub(crate) backoff: Duration,
}

/// A response: its status and body.
pub(crate) struct Answer {
    pub(crate) status: http::StatusCode,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Why an exchange gave no answer.
pub(crate) enum Failure {
    /// No answer came from the endpoint: refused, timed out, or only
    /// server errors.
    Unreachable(CredentialsError),
    /// The exchange could not be made as configured.
    Other(CredentialsError),
}

impl From<Failure> for CredentialsError {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Unreachable(error) | Failure::Other(error) => error,
        }
    }
}

/// Sends the request `build` makes until it gets an answer that is not a
/// server error, or the attempts run out. `what` names the endpoint in
/// errors.
pub(crate) async fn exchange(
    config: &ProviderConfig,
    what: &str,
    policy: Policy,
    build: impl Fn() -> http::Request<ByteStream>,
) -> Result<Answer, Failure> {
    let transport = config.transport().map_err(Failure::Other)?;
    let timer = config.sleep().ok_or_else(|| {
        Failure::Other(CredentialsError::invalid_configuration(format!(
            "{what} needs a timer for its timeouts: set one with `Config::builder().sleep(...)`"
        )))
    })?;
    let limits = BodyLimits {
        max_bytes: MAX_BODY,
        stall: StalledStreamProtection::default(),
        timer: Some(timer.clone()),
    };
    let mut last = String::new();
    for attempt in 0..policy.attempts.max(1) {
        if attempt > 0 {
            timer.sleep(policy.backoff * 2u32.pow(attempt - 1)).await;
        }
        let request = build();
        let sent = async {
            let (parts, body) = transport.send(request).await?.into_parts();
            let body = read_body(&parts.headers, body, &limits).await?;
            Ok::<_, crate::client::TransportError>(Answer {
                status: parts.status,
                body,
            })
        };
        match timeout(&*timer, policy.timeout, sent).await {
            Ok(Ok(answer)) if answer.status.is_server_error() => {
                last = format!("it answered {}", answer.status);
            }
            Ok(Ok(answer)) => return Ok(answer),
            Ok(Err(error)) => {
                last = error.to_string();
                let retried = matches!(
                    error.kind(),
                    TransportErrorKind::Connect
                        | TransportErrorKind::Timeout
                        | TransportErrorKind::Io
                );
                if !retried {
                    break;
                }
            }
            Err(_) => last = format!("no answer within {:?}", policy.timeout),
        }
    }
    Err(Failure::Unreachable(CredentialsError::provider_failed(
        format!("{what} is unreachable: {last}"),
    )))
}
