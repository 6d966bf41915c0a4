//! Endpoints from the configuration: the container credentials URI, the
//! IMDS endpoint and configured endpoint URLs.

use std::fmt;

use serde_json::Value;
use smithy_runtime::config::{container, endpoint_url, imds};
use smithy_runtime::profile::ProfileSet;

use super::{config_sections, environment, expected_error, tests, text, Cases};

/// The outcome of a case whose `result` is `{"Ok": VALUE}` or an error
/// (`ErrorContains` or `Err`).
fn compare_result<E: fmt::Display>(case: &Value, ours: Result<String, E>) -> Result<(), String> {
    let expected = &case["result"];
    let substring = expected
        .get("ErrorContains")
        .or_else(|| expected.get("Err"))
        .and_then(Value::as_str);
    match (ours, expected.get("Ok").and_then(Value::as_str), substring) {
        (Ok(ours), Some(wanted), _) if ours == wanted => Ok(()),
        (Ok(ours), _, _) => Err(format!("gave {ours:?}, expected {expected}")),
        (Err(error), _, Some(substring)) => expected_error(&error.to_string(), substring),
        (Err(error), _, None) => Err(format!("failed: {error}")),
    }
}

/// Container credentials URIs: the environment in, the URI out, host
/// names resolved as the suite's stub DNS does (`localhost` to two
/// loopback addresses, any other name to a public one).
pub(super) fn container_uris(suite: &Value, cases: &mut Cases<'_>) {
    for (index, case) in tests(suite).iter().enumerate() {
        let resolve = |host: &str| -> Vec<std::net::IpAddr> {
            let addresses: &[&str] = if host == "localhost" {
                &["127.0.0.1", "127.0.0.2"]
            } else {
                &["72.21.210.29"]
            };
            addresses.iter().filter_map(|a| a.parse().ok()).collect()
        };
        let uri = container::credentials_uri(environment(case, "env"), resolve)
            .map(|uri| uri.unwrap_or_else(|| "(not configured)".to_owned()));
        let result = compare_result(case, uri);
        cases.record(index, case, result);
    }
}

/// IMDS endpoints: the environment, a config file and overrides in, the
/// URI of the first request (the IMDSv2 token's) out.
pub(super) fn imds_endpoints(suite: &Value, cases: &mut Cases<'_>) {
    for (index, case) in tests(suite).iter().enumerate() {
        let env = environment(case, "env");
        let config = env("AWS_CONFIG_FILE")
            .and_then(|file| text(&case["fs"], &file))
            .unwrap_or_default();
        let profile_name = env("AWS_PROFILE").unwrap_or_else(|| "default".to_owned());
        let result = match ProfileSet::parse(&config, "", ("config", "credentials")) {
            Err(e) => Err(format!("the config file does not parse: {e}")),
            Ok(set) => {
                let overrides = imds::ImdsOverrides {
                    endpoint: text(case, "endpoint_override"),
                    mode: text(case, "mode_override"),
                };
                let endpoint = imds::endpoint(&env, set.profile(&profile_name), &overrides)
                    .map(|endpoint| format!("{endpoint}/latest/api/token"));
                compare_result(case, endpoint)
            }
        };
        cases.record(index, case, result);
    }
}

/// Configured endpoint URLs: profiles, `services` sections, the
/// environment and the client's settings in, the endpoint out. A case
/// that expects the service's own endpoint for the profile's region
/// (`https://{service}.{region}.amazonaws.com`) expects that no configured
/// URL is chosen: the rules are the generated client's, not this runner's.
pub(super) fn endpoint_urls(suite: &Value, cases: &mut Cases<'_>) {
    let mut index = 0;
    for group in suite["testSuites"].as_array().into_iter().flatten() {
        let mut config = String::new();
        config_sections(&mut config, "profile ", &group["profiles"]);
        for (name, services) in group["services"].as_object().into_iter().flatten() {
            config.push_str(&format!("[services {name}]\n"));
            for (service, settings) in services.as_object().into_iter().flatten() {
                config.push_str(&format!("{service} =\n"));
                for (key, value) in settings.as_object().into_iter().flatten() {
                    config.push_str(&format!(
                        "  {key} = {}\n",
                        value.as_str().unwrap_or_default()
                    ));
                }
            }
        }
        let set = ProfileSet::parse(&config, "", ("config", "credentials"));
        for case in group["endpointUrlTests"].as_array().into_iter().flatten() {
            let result = match &set {
                Err(e) => Err(format!("the profiles do not parse: {e}")),
                Ok(set) => endpoint_url_case(group, case, set),
            };
            cases.record(index, case, result);
            index += 1;
        }
    }
}

fn endpoint_url_case(group: &Value, case: &Value, set: &ProfileSet) -> Result<(), String> {
    let name = |key: &str| case[key].as_str().unwrap_or_default().to_owned();
    let client = &group["client_configs"][name("client_config")];
    let code = endpoint_url::CodeEndpoint {
        url: text(client, "endpoint_url"),
        ignore_configured: client["ignore_configured_endpoint_urls"].as_bool() == Some(true),
    };
    let environment = &group["environments"][name("environment")];
    let env = |variable: &str| text(environment, variable);
    let profile = set.profile(&name("profile"));
    let service = name("service");
    let ours = endpoint_url::endpoint_url(&service, &code, env, profile, |section| {
        set.services(section)
    });
    let expected = case["output"]["endpointUrl"].as_str().unwrap_or_default();
    let region = profile.and_then(|p| p.get("region")).unwrap_or_default();
    let rules_default = format!("https://{service}.{region}.amazonaws.com");
    match ours {
        Some(url) if url == expected => Ok(()),
        None if expected == rules_default => Ok(()),
        other => Err(format!("gave {other:?}, expected {expected}")),
    }
}
