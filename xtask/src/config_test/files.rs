//! Profile files: parsing, and where the files are.

use std::collections::BTreeMap;

use serde_json::Value;
use smithy_runtime::profile::{FileLocations, Platform, ProfileSet};

use super::{tests, Cases};

/// Profile parsing: both files in, the merged profiles and sso-sessions
/// out, or an error.
pub(super) fn profile_parser(suite: &Value, cases: &mut Cases<'_>) {
    for (index, case) in tests(suite).iter().enumerate() {
        let text = |key: &str| case["input"][key].as_str().unwrap_or_default().to_owned();
        let parsed = ProfileSet::parse(
            &text("configFile"),
            &text("credentialsFile"),
            ("the config file", "the credentials file"),
        );
        let output = &case["output"];
        let result = match (parsed, output.get("errorContaining")) {
            (Ok(_), Some(expected)) => Err(format!("parsed, expected an error like {expected}")),
            (Err(_), Some(_)) => Ok(()),
            (Err(error), None) => Err(format!("failed: {error}")),
            (Ok(set), None) => {
                let expected = &output["config"];
                let profiles = sections(set.profiles().iter().map(|(n, s)| (n, s.properties())));
                let sessions =
                    sections(set.sso_sessions().iter().map(|(n, s)| (n, s.properties())));
                let want = |key: &str| {
                    expected
                        .get(key)
                        .cloned()
                        .unwrap_or(Value::Object(Default::default()))
                };
                if profiles != want("profiles") {
                    Err(format!(
                        "profiles {profiles}, expected {}",
                        want("profiles")
                    ))
                } else if sessions != want("sso_sessions") {
                    Err(format!(
                        "sso-sessions {sessions}, expected {}",
                        want("sso_sessions")
                    ))
                } else {
                    Ok(())
                }
            }
        };
        cases.record(index, case, result);
    }
}

fn sections<'a>(
    sections: impl Iterator<Item = (&'a String, &'a BTreeMap<String, String>)>,
) -> Value {
    Value::Object(
        sections
            .map(|(name, properties)| {
                let properties = properties
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect();
                (name.clone(), Value::Object(properties))
            })
            .collect(),
    )
}

/// File locations: the environment and platform in, the two paths and the
/// profile out.
pub(super) fn file_locations(suite: &Value, cases: &mut Cases<'_>) {
    for (index, case) in tests(suite).iter().enumerate() {
        let environment = &case["environment"];
        let env = |name: &str| environment[name].as_str().map(str::to_owned);
        let platform = match case["platform"].as_str() {
            Some("windows") => Platform::Windows,
            _ => Platform::Unix,
        };
        let found = FileLocations::from_env(env, platform);
        let mut problems = Vec::new();
        let mut check = |what: &str, found: Option<&str>, key: &str| {
            let expected = case[key].as_str();
            if expected.is_some() && found != expected {
                problems.push(format!("{what} {found:?}, expected {expected:?}"));
            }
        };
        check("config", found.config.as_deref(), "configLocation");
        check(
            "credentials",
            found.credentials.as_deref(),
            "credentialsLocation",
        );
        check("profile", Some(&found.profile), "profile");
        let result = if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        };
        cases.record(index, case, result);
    }
}
