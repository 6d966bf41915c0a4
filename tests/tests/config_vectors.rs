//! The AWS SDKs' test vectors for the shared config files, through the
//! runner `cargo xtask config-test` uses: every case of the suites it runs
//! passes, and a case whose expectation is wrong fails (so the runner can
//! fail at all).

use integration_tests::config_tests_dir;
use xtask::config_test;

#[test]
fn every_case_of_the_suites_run_passes() {
    let outcome = config_test::run(&config_tests_dir()).unwrap();
    assert!(outcome.failed.is_empty(), "{outcome}");
    // Every suite runs: profile parsing (52), file locations (7), profile
    // chains (22), container URIs (9), IMDS endpoints (11), recursion
    // detection (4), configured endpoint URLs (31), the scenario folders
    // (23 of the default chain, 2 of the token chain, 14 of the profile
    // provider) and the login cases (6 in each SDK's copy).
    assert!(outcome.not_run.is_empty(), "{outcome}");
    assert!(outcome.passed >= 187, "{outcome}");
}

/// A scenario folder of the profile provider, with a credentials file.
fn scenario(group: &std::path::Path, name: &str, expected_key: &str, traffic: &str) {
    let folder = group.join(name);
    std::fs::create_dir_all(folder.join("fs/home/.aws")).unwrap();
    std::fs::write(
        folder.join("fs/home/.aws/credentials"),
        "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = secret\n",
    )
    .unwrap();
    std::fs::write(folder.join("env.json"), r#"{"HOME": "/home"}"#).unwrap();
    std::fs::write(folder.join("http-traffic.json"), traffic).unwrap();
    let case = format!(
        r#"{{"name": "{name}", "docs": "", "result": {{"Ok": {{"access_key_id": "{expected_key}", "secret_access_key": "secret"}}}}}}"#
    );
    std::fs::write(folder.join("test-case.json"), case).unwrap();
}

#[test]
fn a_scenario_fails_on_other_credentials_or_traffic_not_sent() {
    let dir = std::env::temp_dir().join(format!("config-scenarios-{}", std::process::id()));
    let group = dir.join("profile-provider");
    let no_traffic = r#"{"events": [], "version": "V0"}"#;
    scenario(&group, "right", "AKIDFILE", no_traffic);
    scenario(&group, "other-key", "AKIDOTHER", no_traffic);
    let unsent = r#"{"events": [{"connection_id": 0, "action": {"Request": {"request":
        {"uri": "http://169.254.169.254/latest/api/token", "headers": {}, "method": "PUT"}}}}]}"#;
    scenario(&group, "unsent", "AKIDFILE", unsent);
    let outcome = config_test::run(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(outcome.passed, 1, "{outcome}");
    let failed = outcome.failed.join("\n");
    assert!(
        failed.contains("other-key: got {access_key_id=\"AKIDFILE\""),
        "{failed}"
    );
    assert!(
        failed
            .contains("unsent: request 0 to http://169.254.169.254/latest/api/token was not sent"),
        "{failed}"
    );
    assert!(
        !failed.contains("secret\""),
        "secrets are not shown: {failed}"
    );
}

#[test]
fn a_wrong_expectation_fails_and_names_its_case() {
    let dir = std::env::temp_dir().join(format!("config-vectors-{}", std::process::id()));
    let nested = dir.join("any/layout");
    std::fs::create_dir_all(&nested).unwrap();
    let suite = r#"{"tests": [
        {"name": "right", "input": {"configFile": "[profile a]\nk = v"},
         "output": {"config": {"profiles": {"a": {"k": "v"}}}}},
        {"name": "wrong value", "input": {"configFile": "[profile a]\nk = v"},
         "output": {"config": {"profiles": {"a": {"k": "w"}}}}},
        {"name": "not an error", "input": {"credentialsFile": "[a]\nk = v"},
         "output": {"errorContaining": "anything"}},
        {"name": "an error", "input": {"configFile": "[profile a"},
         "output": {"config": {"profiles": {}}}}
    ]}"#;
    std::fs::write(nested.join("profile-parser-tests.json"), suite).unwrap();
    let outcome = config_test::run(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(outcome.passed, 1);
    let failed = outcome.failed.join("\n");
    assert_eq!(outcome.failed.len(), 3, "{failed}");
    for name in [
        "#1 \"wrong value\"",
        "#2 \"not an error\"",
        "#3 \"an error\"",
    ] {
        assert!(failed.contains(name), "{failed}");
    }
    assert!(
        failed.contains("line 1"),
        "the parse error names its line: {failed}"
    );
}

/// A login case: a session whose cache expired, refreshed by the scripted
/// answer, with the credentials the case expects.
fn login_case(name: &str, expected_key: &str, answer: &str) -> String {
    // A P-256 key made with `openssl ecparam -name prime256v1 -genkey`.
    let key = "-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIHxj9O5Rs8WWxxh5Wu6TgUjoxrpi6/7liZsmdjh00tthoAoGCCqGSM49\\nAwEHoUQDQgAEeOiliN7k/YrRmRXs5PDtQc2futqdajSpSaFuc37YORFAIlnujt7/\\nAMYjOsDQTTw/4okp7sL6xpzuthB9ZUOVww==\\n-----END EC PRIVATE KEY-----\\n";
    // sha256("s"), from Python's hashlib.
    let file = "043a718774c572bd8a25adbeb1bfcd5c0256ae11cecf9f9c3f925d0e52beaf89.json";
    format!(
        r#"{{"documentation": "{name}", "configContents": "[profile p]\nlogin_session = s\n",
          "cacheContents": {{"{file}": {{"accessToken": {{"accessKeyId": "OLD", "secretAccessKey": "o",
            "sessionToken": "o", "accountId": "012345678901", "expiresAt": "2020-01-01T00:00:00Z"}},
            "clientId": "c", "refreshToken": "r", "dpopKey": "{key}"}}}},
          "mockApiCalls": [{{"request": {{"tokenInput": {{"clientId": "c", "refreshToken": "r",
            "grantType": "refresh_token"}}}}, {answer}}}],
          "outcomes": [{{"result": "credentials", "accessKeyId": "{expected_key}"}}]}}"#
    )
}

#[test]
fn a_login_case_fails_on_other_credentials_or_a_refresh_that_fails() {
    let dir = std::env::temp_dir().join(format!("config-logins-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let refreshed = r#""response": {"tokenOutput": {"accessToken": {"accessKeyId": "NEW",
        "secretAccessKey": "n", "sessionToken": "n"}, "refreshToken": "r2", "expiresIn": 900}}"#;
    let suite = format!(
        "[{}, {}, {}]",
        login_case("right", "NEW", refreshed),
        login_case("other key", "OTHER", refreshed),
        login_case("refused", "NEW", r#""responseCode": 400"#),
    );
    std::fs::write(dir.join("login-provider-test-cases.json"), suite).unwrap();
    let outcome = config_test::run(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(outcome.passed, 1, "{outcome}");
    let failed = outcome.failed.join("\n");
    assert!(
        failed.contains("#1 \"other key\": accessKeyId is Some(\"NEW\")"),
        "{failed}"
    );
    assert!(
        failed.contains("#2 \"refused\": expected credentials"),
        "{failed}"
    );
}
