//! Credential sources with hostile input: a shared config file, a token
//! file and whatever an endpoint (IMDS, the container endpoint, STS, SSO,
//! Sign-In) answers, all from the fuzzer. Every provider gives credentials
//! or an error, without a panic and without waiting. The input is the
//! config file, a NUL byte, the token file (at `/token`, and as the SSO
//! cache and the login cache of the sessions named below), a NUL byte,
//! and the body every request is answered with.
//! Profiles that run a command are skipped: the fuzzer would choose it.

#![no_main]

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use sha1::{Digest, Sha1};
use sha2::Sha256;
use smithy_runtime::client::{BoxFuture, Config, Sleep, TransportError};
use smithy_runtime::credentials::providers::{
    ContainerCredentials, DefaultChain, ImdsCredentials, Os, ProviderConfig,
};
use smithy_runtime::credentials::ProvideCredentials;
use smithy_runtime::ByteStream;

struct Instant;

impl Sleep for Instant {
    fn sleep(&self, _: Duration) -> BoxFuture<'static, ()> {
        Box::pin(std::future::ready(()))
    }
}

/// Polls until ready; everything here is ready without waiting, so a
/// future still pending after many polls is a bug.
fn run<F: Future>(future: F) -> F::Output {
    let mut context = Context::from_waker(Waker::noop());
    let mut future = pin!(future);
    for _ in 0..10_000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
    panic!("a provider waited with nothing to wait for");
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0);
    let (Some(config), token, body) = (parts.next(), parts.next(), parts.next()) else {
        return;
    };
    let Ok(config) = std::str::from_utf8(config) else {
        return;
    };
    // Keys are read in any case.
    if config.to_ascii_lowercase().contains("credential_process") {
        return;
    }
    let token = token.unwrap_or_default().to_vec();
    let body = body.unwrap_or_default().to_vec();
    let mut files = BTreeMap::from([
        ("/home/.aws/config".to_owned(), config.as_bytes().to_vec()),
        ("/token".to_owned(), token.clone()),
    ]);
    // The SSO cache of a legacy profile and of the session names below.
    for key in ["https://example.awsapps.com/start", "dev"] {
        let hash: String = Sha1::digest(key.as_bytes())
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        files.insert(format!("/home/.aws/sso/cache/{hash}.json"), token.clone());
    }
    // The login cache of the sessions `dev` and a role's session ARN.
    for session in ["dev", "arn:aws:sts::111122223333:assumed-role/Admin/me"] {
        let hash: String = Sha256::digest(session.as_bytes())
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        files.insert(format!("/home/.aws/login/cache/{hash}.json"), token.clone());
    }
    let vars = BTreeMap::from([
        ("HOME".to_owned(), "/home".to_owned()),
        ("AWS_REGION".to_owned(), "us-east-1".to_owned()),
        (
            "AWS_CONTAINER_CREDENTIALS_FULL_URI".to_owned(),
            "http://127.0.0.1/creds".to_owned(),
        ),
        (
            "AWS_WEB_IDENTITY_TOKEN_FILE".to_owned(),
            "/token".to_owned(),
        ),
        (
            "AWS_ROLE_ARN".to_owned(),
            "arn:aws:iam::111122223333:role/r".to_owned(),
        ),
    ]);
    let client = Config::builder()
        .transport(move |_: http::Request<ByteStream>| {
            let body = body.clone();
            async move {
                http::Response::builder()
                    .status(200)
                    .body(body)
                    .map_err(|e| {
                        TransportError::new(smithy_runtime::client::TransportErrorKind::Other, e)
                    })
            }
        })
        .sleep(Instant)
        .build();
    let machine = ProviderConfig::new()
        .with_os(Os::fixed(vars, files))
        .with_client_config(client);
    let _ = run(DefaultChain::new(machine.clone()).provide_credentials());
    let _ = run(ContainerCredentials::new(machine.clone()).load());
    let _ = run(ImdsCredentials::new(machine).load());
});
