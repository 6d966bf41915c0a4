//! Credentials from `credential_process`: a command run through the
//! shell, whose standard output is a JSON document (`Version: 1`,
//! `AccessKeyId`, `SecretAccessKey`, and for temporary credentials
//! `SessionToken` and `Expiration`; `AccountId` optional).

use std::io::Read;
use std::process::{Command, Stdio};

use super::blocking;
use super::json::Document;
use crate::credentials::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};

/// The most output read from the process: a credentials document is a
/// few hundred bytes.
const MAX_OUTPUT: u64 = 64 * 1024;

/// Runs a command for credentials.
#[derive(Clone)]
pub struct ProcessCredentials {
    command: String,
    account_id: Option<String>,
}

impl std::fmt::Debug for ProcessCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The command line may carry secrets of its own.
        f.write_str("ProcessCredentials")
    }
}

impl ProcessCredentials {
    /// Runs `command`; `account_id` (the profile's `aws_account_id`) is used
    /// when the output names no account.
    pub fn new(command: impl Into<String>, account_id: Option<String>) -> Self {
        Self {
            command: command.into(),
            account_id,
        }
    }

    /// Runs the command and reads its credentials.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let command = self.command.clone();
        let output = blocking::run(move || run(&command))
            .await
            .unwrap_or_else(|| Err("the thread running it failed".to_owned()))
            .map_err(|why| {
                CredentialsError::provider_failed(format!(
                    "credential_process did not give credentials: {why}"
                ))
            })?;
        let version = serde_json::from_slice::<serde_json::Value>(&output)
            .ok()
            .and_then(|value| value.get("Version").and_then(serde_json::Value::as_u64));
        if version != Some(1) {
            return Err(CredentialsError::provider_failed(
                "credential_process gave output that is not a JSON document with `Version: 1`",
            ));
        }
        let credentials = Document {
            source: "credential_process".to_owned(),
            token_field: "SessionToken",
            expiry_optional: true,
        }
        .parse(&output)?;
        let account = credentials
            .account_id()
            .map(str::to_owned)
            .or_else(|| self.account_id.clone());
        Ok(credentials.with_account_id(account))
    }
}

impl ProvideCredentials for ProcessCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

/// Runs `command` through the platform's shell and gives its standard
/// output, bounded; the error says how it failed, without its output.
fn run(command: &str) -> Result<Vec<u8>, String> {
    let mut shell = if cfg!(windows) {
        let mut shell = Command::new("cmd.exe");
        shell.arg("/C");
        shell
    } else {
        let mut shell = Command::new("sh");
        shell.arg("-c");
        shell
    };
    let mut child = shell
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("it could not be started: {e}"))?;
    let mut output = Vec::new();
    let read = child
        .stdout
        .take()
        .map(|stdout| stdout.take(MAX_OUTPUT + 1).read_to_end(&mut output));
    if output.len() as u64 > MAX_OUTPUT {
        let _ = child.kill();
        let _ = child.wait();
        return Err(format!("it wrote more than {MAX_OUTPUT} bytes"));
    }
    let status = child
        .wait()
        .map_err(|e| format!("it could not be waited for: {e}"))?;
    if let Some(Err(e)) = read {
        return Err(format!("its output could not be read: {e}"));
    }
    if !status.success() {
        return Err(format!("it exited with {status}"));
    }
    Ok(output)
}
