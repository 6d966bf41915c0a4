//! `cargo xtask config-test --suite DIR`: the AWS SDKs' test vectors for
//! the shared config files and credential providers, run against the
//! runtime. Suites are found by their file names anywhere under DIR and
//! read in their published format; nothing depends on case names.
//! Scenario folders (a `test-case.json` beside the machine and traffic it
//! describes) run by their group's folder name. The suites this runner
//! cannot run yet are listed, with their case counts.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod chains;
mod endpoints;
mod files;
mod headers;
#[cfg(feature = "federated-credentials")]
mod logins;
mod scenarios;

/// What a run found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub passed: usize,
    /// Each failure: the suite file, the case (index and name) and why.
    pub failed: Vec<String>,
    /// Suites found that this runner does not run yet, with their cases.
    pub not_run: Vec<(PathBuf, usize)>,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for failure in &self.failed {
            writeln!(f, "FAILED {failure}")?;
        }
        for (suite, cases) in &self.not_run {
            writeln!(f, "not run yet: {} ({cases} cases)", suite.display())?;
        }
        write!(f, "{} passed, {} failed", self.passed, self.failed.len())
    }
}

/// An error reading a suite.
#[derive(Debug)]
pub struct SuiteError(String);

impl fmt::Display for SuiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SuiteError {}

/// Runs every suite under `dir`.
pub fn run(dir: &Path) -> Result<Outcome, SuiteError> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    if files.is_empty() {
        return Err(SuiteError(format!("no files under {}", dir.display())));
    }
    let mut outcome = Outcome::default();
    // Scenario folders, one case each: those holding a `test-case.json`.
    let mut not_run: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for file in &files {
        if file.file_name().is_none_or(|n| n != "test-case.json") {
            continue;
        }
        let (Some(folder), Some(group)) = (file.parent(), file.parent().and_then(Path::parent))
        else {
            continue;
        };
        let subject = group
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(scenarios::Subject::of_group);
        let Some(subject) = subject else {
            *not_run.entry(group.to_path_buf()).or_default() += 1;
            continue;
        };
        match scenarios::run(folder, subject)? {
            Ok(()) => outcome.passed += 1,
            Err(why) => outcome.failed.push(format!("{}: {why}", folder.display())),
        }
    }
    outcome.not_run.extend(not_run);
    for file in files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        // A scenario folder's files, and what it holds.
        if file.components().any(|part| part.as_os_str() == "fs")
            || ["test-case.json", "env.json", "http-traffic.json"].contains(&name)
        {
            continue;
        }
        let runner: fn(&Value, &mut Cases<'_>) = match name {
            "profile-parser-tests.json" => files::profile_parser,
            "file-location-tests.json" => files::file_locations,
            "assume-role-tests.json" => chains::profile_chains,
            "ecs-tests.json" => endpoints::container_uris,
            "imds-endpoint-tests.json" => endpoints::imds_endpoints,
            "recursion-detection.json" => headers::recursion_detection,
            "profile-tests.json" => endpoints::endpoint_urls,
            #[cfg(feature = "federated-credentials")]
            "login-provider-test-cases.json" => logins::login_sessions,
            _ if name.ends_with(".json") => {
                // A suite of cases this runner does not run yet.
                if let Some(count) = read(&file).ok().as_ref().and_then(case_count) {
                    outcome.not_run.push((file, count));
                }
                continue;
            }
            _ => continue,
        };
        let suite = read(&file)?;
        let mut cases = Cases {
            suite: &file,
            outcome: &mut outcome,
        };
        runner(&suite, &mut cases);
    }
    Ok(outcome)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), SuiteError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| SuiteError(format!("cannot read {}: {e}", dir.display())))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

fn read(file: &Path) -> Result<Value, SuiteError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| SuiteError(format!("cannot read {}: {e}", file.display())))?;
    serde_json::from_str(&text).map_err(|e| SuiteError(format!("{}: {e}", file.display())))
}

/// The cases of a suite file: an array at the root, a `tests` array, or
/// the `...Tests` arrays of each entry of `testSuites`.
fn case_count(suite: &Value) -> Option<usize> {
    match suite {
        Value::Array(cases) => Some(cases.len()),
        Value::Object(fields) => {
            if let Some(tests) = fields.get("tests").and_then(Value::as_array) {
                return Some(tests.len());
            }
            let suites = fields.get("testSuites")?.as_array()?;
            Some(
                suites
                    .iter()
                    .filter_map(Value::as_object)
                    .flat_map(|suite| suite.iter())
                    .filter(|(key, _)| key.ends_with("Tests"))
                    .filter_map(|(_, cases)| cases.as_array().map(Vec::len))
                    .sum(),
            )
        }
        _ => None,
    }
}

/// The cases of one suite as they pass or fail.
struct Cases<'a> {
    suite: &'a Path,
    outcome: &'a mut Outcome,
}

impl Cases<'_> {
    fn record(&mut self, index: usize, case: &Value, result: Result<(), String>) {
        match result {
            Ok(()) => self.outcome.passed += 1,
            Err(why) => {
                let name = case["name"]
                    .as_str()
                    .or_else(|| case["documentation"].as_str())
                    .unwrap_or_default();
                self.outcome
                    .failed
                    .push(format!("{} #{index} {name:?}: {why}", self.suite.display()));
            }
        }
    }
}

/// The cases: a `tests` array, or an array at the root.
fn tests(suite: &Value) -> &[Value] {
    match suite {
        Value::Array(cases) => cases,
        _ => suite["tests"].as_array().map_or(&[], Vec::as_slice),
    }
}

/// An error where one was expected: ours must name what the expected
/// substring names (a backquoted value, a variable or a key with `_` in
/// it); the substrings are another SDK's wording, so nothing else of
/// them is matched.
fn expected_error(ours: &str, substring: &str) -> Result<(), String> {
    let mut names: Vec<&str> = substring.split('`').skip(1).step_by(2).collect();
    names.extend(
        substring
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|word| word.contains('_') && word.trim_matches('_').contains('_')),
    );
    match names.into_iter().find(|name| !ours.contains(name)) {
        None => Ok(()),
        Some(missing) => Err(format!(
            "the error does not name `{missing}` (expected like {substring:?}): {ours}"
        )),
    }
}

/// A string member of a JSON object, when there is one.
fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// The environment a case gives, as the whole environment.
fn environment<'a>(case: &'a Value, key: &str) -> impl Fn(&str) -> Option<String> + 'a {
    let env = &case[key];
    move |name| text(env, name)
}

/// Config file text for parsed sections, `{NAME: {key: value}}`, each
/// under the header `[{kind}NAME]` (`kind` such as `"profile "`).
fn config_sections(config: &mut String, kind: &str, sections: &Value) {
    for (name, properties) in sections.as_object().into_iter().flatten() {
        config.push_str(&format!("[{kind}{name}]\n"));
        for (key, value) in properties.as_object().into_iter().flatten() {
            config.push_str(&format!("{key} = {}\n", value.as_str().unwrap_or_default()));
        }
    }
}
