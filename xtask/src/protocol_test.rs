//! `cargo xtask protocol-test`: generates a model's crate into a temporary
//! folder, runs the protocol compliance tests the generator wrote into it,
//! and counts them.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::ModelSource;
use serde_json::{json, Map, Value};

use crate::TaskError;

/// The endpoint-rules traits (`smithy.rules#...`) that the model at `full`
/// gives the shapes and members the `test` models also have, as a model of
/// `apply` statements: a test model that declares a service's operations
/// without its rules gets them, and nothing else, from the full one.
pub fn rules_overlay(test: &[ModelSource], full: &Path) -> Result<ModelSource, TaskError> {
    let parse = |name: &str, text: &str| -> Result<Value, TaskError> {
        serde_json::from_str(text).map_err(|e| TaskError::Manifest {
            path: PathBuf::from(name),
            message: format!("not a JSON model: {e}"),
        })
    };
    let text = std::fs::read_to_string(full).map_err(|source| TaskError::Io {
        path: full.to_owned(),
        source,
    })?;
    let full_model = parse(&full.display().to_string(), &text)?;
    let mut tested: Map<String, Value> = Map::new();
    for source in test {
        if let Some(shapes) = parse(&source.name, &source.text)?
            .get("shapes")
            .and_then(Value::as_object)
        {
            tested.extend(shapes.clone());
        }
    }
    let rules_traits = |traits: Option<&Value>| -> Map<String, Value> {
        traits
            .and_then(Value::as_object)
            .map(|traits| {
                traits
                    .iter()
                    .filter(|(id, _)| id.starts_with("smithy.rules#"))
                    .map(|(id, value)| (id.clone(), value.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut applied = Map::new();
    let shapes = full_model.get("shapes").and_then(Value::as_object);
    for (id, shape) in shapes.into_iter().flatten() {
        let Some(test_shape) = tested.get(id) else {
            continue;
        };
        let traits = rules_traits(shape.get("traits"));
        if !traits.is_empty() {
            applied.insert(id.clone(), json!({"type": "apply", "traits": traits}));
        }
        let members = shape.get("members").and_then(Value::as_object);
        for (name, member) in members.into_iter().flatten() {
            let has_member = test_shape
                .get("members")
                .and_then(|m| m.get(name))
                .is_some();
            let traits = rules_traits(member.get("traits"));
            if has_member && !traits.is_empty() {
                applied.insert(
                    format!("{id}${name}"),
                    json!({"type": "apply", "traits": traits}),
                );
            }
        }
    }
    let overlay = json!({"smithy": "2.0", "shapes": applied});
    Ok(ModelSource::new(
        format!("endpoint rules from {}", full.display()),
        overlay.to_string(),
    ))
}

/// How a run of the generated tests went.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub passed: Vec<String>,
    pub failed: Vec<String>,
    /// libtest's report of each failure: the test's output and panic.
    pub failure_reports: String,
}

impl Outcome {
    /// The closing line: `N passed, M failed`.
    pub fn summary(&self) -> String {
        format!("{} passed, {} failed", self.passed.len(), self.failed.len())
    }
}

/// Runs `cargo test` on the crate in `crate_dir`, only its protocol tests,
/// building into `target_dir` so that a later run reuses the dependencies.
pub fn run(crate_dir: &Path, target_dir: &Path) -> Result<Outcome, TaskError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = crate_dir.join("Cargo.toml");
    let output = Command::new(cargo)
        .arg("test")
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--target-dir")
        .arg(target_dir)
        .args(["--lib", "--", "protocol_tests::", "--test-threads=2"])
        .output()
        .map_err(|source| TaskError::Io {
            path: manifest.clone(),
            source,
        })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let outcome = parse_libtest(&stdout);
    if !output.status.success() && outcome.failed.is_empty() {
        // Nothing failed, so the crate did not build or the runner broke.
        return Err(TaskError::Command {
            what: format!("cargo test of {}", manifest.display()),
            output: format!("{}{}", String::from_utf8_lossy(&output.stderr), stdout),
        });
    }
    Ok(outcome)
}

/// Reads libtest's human output: a `test NAME ... ok|FAILED` line per test,
/// then a `failures:` section with each failure's report.
pub fn parse_libtest(stdout: &str) -> Outcome {
    let mut outcome = Outcome::default();
    let mut reports = Vec::new();
    let mut in_reports = false;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("test ") {
            if let Some(name) = rest.strip_suffix(" ... ok") {
                outcome.passed.push(name.to_owned());
                continue;
            }
            if let Some(name) = rest.strip_suffix(" ... FAILED") {
                outcome.failed.push(name.to_owned());
                continue;
            }
        }
        if line == "failures:" && !in_reports {
            in_reports = true;
            continue;
        }
        if in_reports {
            // The report ends where libtest lists the failed names again.
            if line == "failures:" || line.starts_with("test result:") {
                in_reports = false;
                continue;
            }
            reports.push(line);
        }
    }
    outcome.failure_reports = reports.join("\n").trim().to_owned();
    outcome.passed.sort();
    outcome.failed.sort();
    outcome
}

/// A folder under the system's temporary directory, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    /// Creates a fresh folder whose name starts with `prefix`.
    pub fn new(prefix: &str) -> Result<Self, TaskError> {
        let base = std::env::temp_dir();
        for attempt in 0u32.. {
            let path = base.join(format!("{prefix}-{}-{attempt}", std::process::id()));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(Self(path)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(source) => return Err(TaskError::Io { path, source }),
            }
        }
        unreachable!("u32 attempts run out only after every name is taken")
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Best effort: a folder left behind in the temporary directory is
        // harmless, and there is nowhere to report the failure.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libtest_output_is_counted_with_failure_reports() {
        let stdout = "\nrunning 3 tests\n\
            test m::protocol_tests::a_request ... ok\n\
            test m::protocol_tests::b_response ... FAILED\n\
            test m::protocol_tests::c_request ... ok\n\n\
            failures:\n\n\
            ---- m::protocol_tests::b_response stdout ----\n\
            thread 'x' panicked at src/m/protocol_tests.rs:1:1:\nheader `X`\n\n\
            failures:\n    m::protocol_tests::b_response\n\n\
            test result: FAILED. 2 passed; 1 failed; 0 ignored\n";
        let outcome = parse_libtest(stdout);
        assert_eq!(outcome.summary(), "2 passed, 1 failed");
        assert_eq!(outcome.failed, ["m::protocol_tests::b_response"]);
        assert!(outcome
            .failure_reports
            .starts_with("---- m::protocol_tests::b_response stdout"));
        assert!(outcome.failure_reports.ends_with("header `X`"));
    }
}
