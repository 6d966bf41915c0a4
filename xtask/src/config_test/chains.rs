//! Profile chains: the credentials a profile stands for.

use serde_json::Value;
use smithy_runtime::config::chain::{self, BaseProvider, ProfileChain};
use smithy_runtime::profile::ProfileSet;

use super::{config_sections, expected_error, tests, Cases};

/// Profile chains: parsed profiles in, the chain of providers out.
pub(super) fn profile_chains(suite: &Value, cases: &mut Cases<'_>) {
    for (index, case) in tests(suite).iter().enumerate() {
        let input = &case["input"];
        let mut config = String::new();
        config_sections(&mut config, "profile ", &input["profiles"]);
        config_sections(&mut config, "sso-session ", &input["sso_sessions"]);
        let result = match ProfileSet::parse(&config, "", ("config", "credentials")) {
            Err(e) => Err(format!("the profiles do not parse: {e}")),
            Ok(set) => {
                let selected = input["selected_profile"].as_str().unwrap_or_default();
                match (chain::resolve(&set, selected), &case["output"]) {
                    (Ok(chain), output) if output.get("ProfileChain").is_some() => {
                        let ours = chain_json(&chain);
                        if ours == output["ProfileChain"] {
                            Ok(())
                        } else {
                            Err(format!("chain {ours}, expected {}", output["ProfileChain"]))
                        }
                    }
                    (Ok(chain), output) => {
                        Err(format!("chain {}, expected {output}", chain_json(&chain)))
                    }
                    (Err(error), output) => match output["Error"].as_str() {
                        Some(substring) => expected_error(&error.to_string(), substring),
                        None => Err(format!("failed: {error}")),
                    },
                }
            }
        };
        cases.record(index, case, result);
    }
}

/// A chain in the suite's form: the base provider, then the roles, each
/// an object keyed by its kind, optional fields left out when absent.
fn chain_json(chain: &ProfileChain) -> Value {
    let object = |fields: &[(&str, Option<&String>)]| {
        Value::Object(
            fields
                .iter()
                .filter_map(|(key, value)| {
                    Some(((*key).to_owned(), Value::String((*value)?.clone())))
                })
                .collect(),
        )
    };
    let tagged =
        |tag: &str, value: Value| Value::Object([(tag.to_owned(), value)].into_iter().collect());
    let base = match &chain.base {
        BaseProvider::AccessKey {
            access_key_id,
            secret_access_key,
            session_token,
            account_id,
        } => tagged(
            "AccessKey",
            object(&[
                ("access_key_id", Some(access_key_id)),
                ("secret_access_key", Some(secret_access_key)),
                ("session_token", session_token.as_ref()),
                ("account_id", account_id.as_ref()),
            ]),
        ),
        BaseProvider::NamedSource(source) => {
            tagged("NamedSource", Value::String(source.name().to_owned()))
        }
        BaseProvider::WebIdentityToken {
            role_arn,
            web_identity_token_file,
            role_session_name,
        } => tagged(
            "WebIdentityToken",
            object(&[
                ("role_arn", Some(role_arn)),
                ("web_identity_token_file", Some(web_identity_token_file)),
                ("role_session_name", role_session_name.as_ref()),
            ]),
        ),
        BaseProvider::Sso {
            sso_region,
            sso_start_url,
            sso_session,
            sso_account_id,
            sso_role_name,
        } => tagged(
            "Sso",
            object(&[
                ("sso_region", Some(sso_region)),
                ("sso_start_url", Some(sso_start_url)),
                ("sso_session", sso_session.as_ref()),
                ("sso_account_id", sso_account_id.as_ref()),
                ("sso_role_name", sso_role_name.as_ref()),
            ]),
        ),
        BaseProvider::LoginSession { login_session } => tagged(
            "LoginSession",
            object(&[("login_session_arn", Some(login_session))]),
        ),
        BaseProvider::CredentialProcess {
            command,
            account_id,
        } => tagged(
            "CredentialProcess",
            object(&[
                ("command", Some(command)),
                ("account_id", account_id.as_ref()),
            ]),
        ),
    };
    let roles = chain.roles.iter().map(|role| {
        tagged(
            "AssumeRole",
            object(&[
                ("role_arn", Some(&role.role_arn)),
                ("external_id", role.external_id.as_ref()),
                ("role_session_name", role.role_session_name.as_ref()),
            ]),
        )
    });
    Value::Array(std::iter::once(base).chain(roles).collect())
}
