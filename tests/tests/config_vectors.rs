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
    // Profile parsing (52), file locations (7), profile chains (22),
    // container URIs (9), IMDS endpoints (11), recursion detection (4) and
    // configured endpoint URLs (31) at least.
    assert!(outcome.passed >= 136, "{outcome}");
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
