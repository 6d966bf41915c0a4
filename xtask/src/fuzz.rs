//! `cargo xtask fuzz`: runs the coverage-guided fuzz targets of
//! `tests/fuzz` with cargo-fuzz (libFuzzer) on the nightly toolchain, each
//! for a time, with inputs up to 1 MiB (libFuzzer's default of 4 KiB
//! hides super-linear work, which needs about 100 KB to show) and a
//! one-second limit per input.
//!
//! Each target starts from its checked-in seeds (`tests/fuzz/corpus`), plus
//! the repository's models and, for the model loader, the shared models,
//! read in place; what the fuzzer finds grows a corpus under `target/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{repo_root, TaskError};

/// The largest input, in bytes.
const MAX_LEN: usize = 1 << 20;

/// A target and the folders (from the repository root) whose files seed
/// it besides its own corpus.
pub const TARGETS: &[(&str, &[&str])] = &[
    ("model", &["models", "tests/fixtures/models"]),
    ("from_json", &[]),
    ("response", &[]),
    ("endpoint_rules", &[]),
    ("sigv4", &[]),
    ("pattern", &[]),
    ("profile", &[]),
    ("credentials", &[]),
];

/// What to run.
pub struct Options {
    /// One target, or all of them.
    pub target: Option<String>,
    /// How long each target runs.
    pub seconds: u64,
}

/// One target's run.
pub struct Outcome {
    pub target: String,
    /// Inputs run, as libFuzzer counts them.
    pub runs: u64,
    /// Inputs in the grown corpus.
    pub corpus: usize,
    pub peak_rss_mb: u64,
    /// Where the crashing input was saved, if the target crashed.
    pub crash: Option<String>,
}

/// Whether the nightly toolchain and cargo-fuzz are here, or what to
/// install.
pub fn check_tools() -> Result<(), TaskError> {
    let works = |args: &[&str]| {
        Command::new("rustup")
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !works(&["run", "nightly", "cargo", "--version"]) {
        return Err(TaskError::Usage(
            "fuzzing needs the nightly toolchain: `rustup toolchain install nightly`".to_owned(),
        ));
    }
    if !works(&["run", "nightly", "cargo", "fuzz", "--version"]) {
        return Err(TaskError::Usage(
            "fuzzing needs cargo-fuzz: `cargo install cargo-fuzz --locked`".to_owned(),
        ));
    }
    Ok(())
}

/// Runs the chosen targets one after the other.
pub fn run(options: &Options) -> Result<Vec<Outcome>, TaskError> {
    check_tools()?;
    let targets: Vec<&(&str, &[&str])> = match &options.target {
        Some(name) => vec![TARGETS
            .iter()
            .find(|(target, _)| target == name)
            .ok_or_else(|| {
                let known: Vec<&str> = TARGETS.iter().map(|(t, _)| *t).collect();
                TaskError::Usage(format!(
                    "no fuzz target `{name}`; the targets are {known:?}"
                ))
            })?],
        None => TARGETS.iter().collect(),
    };
    let root = repo_root();
    targets
        .into_iter()
        .map(|(target, seeds)| run_target(&root, target, seeds, options.seconds))
        .collect()
}

fn run_target(
    root: &Path,
    target: &str,
    seeds: &[&str],
    seconds: u64,
) -> Result<Outcome, TaskError> {
    let grown = root.join("target").join("fuzz-corpus").join(target);
    std::fs::create_dir_all(&grown).map_err(|source| TaskError::Io {
        path: grown.clone(),
        source,
    })?;
    let mut folders: Vec<PathBuf> =
        vec![grown.clone(), root.join("tests/fuzz/corpus").join(target)];
    folders.extend(seeds.iter().map(|seed| root.join(seed)));
    if target == "model" {
        if let Some(shared) = std::env::var_os("SMITHY_MODELS_DIR") {
            folders.push(root.join(shared));
        }
    }
    let output = Command::new("rustup")
        .current_dir(root)
        .args([
            "run",
            "nightly",
            "cargo",
            "fuzz",
            "run",
            "--fuzz-dir",
            "tests/fuzz",
            "-O",
            target,
        ])
        .args(&folders)
        .arg("--")
        .arg(format!("-max_len={MAX_LEN}"))
        .arg("-timeout=1")
        .arg("-rss_limit_mb=2048")
        .arg(format!("-max_total_time={seconds}"))
        .arg("-print_final_stats=1")
        .output()
        .map_err(|source| TaskError::Io {
            path: PathBuf::from("rustup"),
            source,
        })?;
    let log = String::from_utf8_lossy(&output.stderr);
    let stat = |name: &str| {
        log.lines()
            .find_map(|line| line.strip_prefix(&format!("stat::{name}:")))
            .and_then(|value| value.trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    let crash = log
        .lines()
        .find_map(|line| line.split("Test unit written to ").nth(1))
        .map(str::to_owned);
    if !output.status.success() && crash.is_none() {
        return Err(TaskError::Command {
            what: format!("fuzz target `{target}`"),
            output: log
                .lines()
                .rev()
                .take(40)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n"),
        });
    }
    Ok(Outcome {
        target: target.to_owned(),
        runs: stat("number_of_executed_units"),
        corpus: std::fs::read_dir(&grown).map_or(0, |entries| entries.count()),
        peak_rss_mb: stat("peak_rss_mb"),
        crash,
    })
}
