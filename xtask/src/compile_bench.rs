//! `cargo xtask compile-bench`: how long a generated crate takes to compile,
//! and how much memory, beside aws-sdk-rust building the same service.
//!
//! This machine's speed drifts by a third from one hour to the next, so the
//! two sides are built alternately in one run and only their ratio is read.
//! Every build is timed by GNU time, which also reports the peak resident
//! memory of the largest process under cargo (in practice, one rustc).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::TaskError;

/// The aws-sdk-rust release built from the same model vintage as the
/// Connect model in `../shared/models/aws/`.
pub const AWS_SDK_CONNECT: &str = "1.126.0";
/// The aws-sdk-chimesdkvoice release of the same train (it asks for the
/// same aws-smithy-runtime as the Connect release above).
pub const AWS_SDK_CHIMESDKVOICE: &str = "1.86.0";

const GNU_TIME: &str = "/usr/bin/time";

/// One crate to build: its manifest, the package that is rebuilt each run,
/// and a target folder of its own.
#[derive(Debug, Clone)]
pub struct Subject {
    pub label: String,
    pub manifest: PathBuf,
    pub package: String,
    pub target: PathBuf,
    /// Feature flags for its builds.
    pub features: Vec<String>,
}

/// What is rebuilt between timed builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuild {
    /// Only the subject's package; its dependencies stay built.
    Package { release: bool },
    /// Everything, after removing the target folder (dependencies are
    /// downloaded beforehand, so no network time is counted).
    FromScratch,
}

impl Rebuild {
    fn release(self) -> bool {
        matches!(self, Self::Package { release: true })
    }

    /// A line saying what was measured.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Package { release: false } => {
                "debug build of the crate alone, dependencies prebuilt"
            }
            Self::Package { release: true } => {
                "release build of the crate alone, dependencies prebuilt"
            }
            Self::FromScratch => "debug build from scratch, dependencies included",
        }
    }
}

/// One timed build.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub seconds: f64,
    pub peak_kib: u64,
}

/// Fails early, with what to install, when GNU time is missing.
pub fn check_tools() -> Result<(), TaskError> {
    if Path::new(GNU_TIME).is_file() {
        return Ok(());
    }
    Err(TaskError::Command {
        what: "compile-bench".to_owned(),
        output: format!(
            "{GNU_TIME} (GNU time) is needed to measure peak memory; install it, for example with `apt-get install time`"
        ),
    })
}

/// Builds the subject once without timing, so that its dependencies are
/// built (or, from scratch, at least downloaded) before the timed runs.
pub fn prepare(subject: &Subject, rebuild: Rebuild) -> Result<(), TaskError> {
    match rebuild {
        Rebuild::Package { release } => {
            let mut build = cargo(subject, "build");
            build.args(&subject.features);
            if release {
                build.arg("--release");
            }
            run(&mut build, &format!("building {}", subject.label))
        }
        Rebuild::FromScratch => {
            let mut fetch = Command::new(cargo_program());
            fetch
                .arg("fetch")
                .arg("--manifest-path")
                .arg(&subject.manifest);
            run(
                &mut fetch,
                &format!("fetching the dependencies of {}", subject.label),
            )
        }
    }
}

/// Undoes the last build as `rebuild` says, then times a build.
pub fn measure(subject: &Subject, rebuild: Rebuild, scratch: &Path) -> Result<Sample, TaskError> {
    match rebuild {
        Rebuild::Package { release } => {
            let mut clean = cargo(subject, "clean");
            clean.arg("--package").arg(&subject.package);
            if release {
                clean.arg("--release");
            }
            run(&mut clean, &format!("cleaning {}", subject.package))?;
        }
        Rebuild::FromScratch => match fs::remove_dir_all(&subject.target) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(TaskError::Io {
                    path: subject.target.clone(),
                    source,
                })
            }
        },
    }
    let report = scratch.join("time.txt");
    let mut build = cargo(subject, "build");
    build.args(&subject.features);
    let mut timed = Command::new(GNU_TIME);
    timed
        .args(["--format", "%e %M", "--output"])
        .arg(&report)
        .arg(build.get_program())
        .args(build.get_args())
        // Incremental compilation is off in every measured build: it is
        // what CI and a release pipeline see, and it keeps runs comparable.
        .env("CARGO_INCREMENTAL", "0");
    if rebuild.release() {
        timed.arg("--release");
    }
    run(&mut timed, &format!("building {}", subject.label))?;
    let text = fs::read_to_string(&report).map_err(|source| TaskError::Io {
        path: report.clone(),
        source,
    })?;
    parse_time_report(&text).ok_or_else(|| TaskError::Command {
        what: format!("reading {}", report.display()),
        output: text,
    })
}

/// GNU time's `%e %M`: elapsed seconds and peak resident KiB. The report
/// may begin with a line about the command's exit status.
pub fn parse_time_report(text: &str) -> Option<Sample> {
    let line = text.lines().rev().find(|l| !l.trim().is_empty())?;
    let mut fields = line.split_whitespace();
    let seconds = fields.next()?.parse().ok()?;
    let peak_kib = fields.next()?.parse().ok()?;
    fields
        .next()
        .is_none()
        .then_some(Sample { seconds, peak_kib })
}

/// The median of the samples' times and of their peaks, taken separately.
pub fn median(samples: &[Sample]) -> Sample {
    let middle = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        let n = values.len();
        if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        }
    };
    Sample {
        seconds: middle(samples.iter().map(|s| s.seconds).collect()),
        peak_kib: middle(samples.iter().map(|s| s.peak_kib as f64).collect()) as u64,
    }
}

/// The manifest of a crate that only depends on the given aws-sdk-rust
/// crates, as a user of them would, with the latest behaviour version:
/// without default features (no HTTP client, TLS or async runtime) unless
/// `http_stack` asks for them.
pub fn aws_manifest(name: &str, sdks: &[(&str, &str)], http_stack: bool) -> String {
    let mut manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         # Not part of the repository's workspace.\n[workspace]\n\n[dependencies]\n"
    );
    let defaults = if http_stack {
        ""
    } else {
        "default-features = false, "
    };
    for (sdk, version) in sdks {
        manifest.push_str(&format!(
            "{sdk} = {{ version = \"={version}\", {defaults}features = [\"behavior-version-latest\"] }}\n"
        ));
    }
    manifest
}

/// The feature flags of the generated side: its defaults with
/// `http_stack`, else the same crate and client without the HTTP stack,
/// which is what aws-sdk-rust without default features builds.
pub fn generated_features(http_stack: bool) -> Vec<String> {
    if http_stack {
        Vec::new()
    } else {
        ["--no-default-features", "--features", "validate,client"]
            .map(str::to_owned)
            .to_vec()
    }
}

fn cargo_program() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

fn cargo(subject: &Subject, command: &str) -> Command {
    let mut cargo = Command::new(cargo_program());
    cargo
        .arg(command)
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(&subject.manifest)
        .arg("--target-dir")
        .arg(&subject.target);
    cargo
}

fn run(command: &mut Command, what: &str) -> Result<(), TaskError> {
    let output = command.output().map_err(|source| TaskError::Io {
        path: PathBuf::from(command.get_program()),
        source,
    })?;
    if output.status.success() {
        return Ok(());
    }
    Err(TaskError::Command {
        what: what.to_owned(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gnu_time_reports_are_read_with_or_without_a_status_line() {
        let sample = parse_time_report("12.34 1005236\n").unwrap();
        assert_eq!(
            sample,
            Sample {
                seconds: 12.34,
                peak_kib: 1_005_236
            }
        );
        let failed = "Command exited with non-zero status 101\n0.52 80144\n";
        assert_eq!(parse_time_report(failed).unwrap().peak_kib, 80_144);
        assert_eq!(parse_time_report("garbage"), None);
        assert_eq!(parse_time_report("1.0 2 3"), None);
    }

    #[test]
    fn the_median_is_taken_per_figure() {
        let s = |seconds, peak_kib| Sample { seconds, peak_kib };
        assert_eq!(median(&[s(3.0, 10), s(1.0, 30), s(2.0, 20)]), s(2.0, 20));
        assert_eq!(median(&[s(1.0, 10), s(2.0, 20)]), s(1.5, 15));
    }

    #[test]
    fn the_aws_side_pins_exact_versions_without_default_features() {
        let manifest = aws_manifest("bench-aws", &[("aws-sdk-connect", AWS_SDK_CONNECT)], false);
        assert!(manifest.contains(
            "aws-sdk-connect = { version = \"=1.126.0\", default-features = false, features = [\"behavior-version-latest\"] }"
        ));
        assert!(manifest.contains("[workspace]"));
        let with_http = aws_manifest("bench-aws", &[("aws-sdk-connect", AWS_SDK_CONNECT)], true);
        assert!(with_http.contains(
            "aws-sdk-connect = { version = \"=1.126.0\", features = [\"behavior-version-latest\"] }"
        ));
    }

    #[test]
    fn the_generated_side_leaves_out_the_http_stack_as_the_aws_side_does() {
        assert_eq!(
            generated_features(false),
            ["--no-default-features", "--features", "validate,client"]
        );
        assert!(generated_features(true).is_empty());
    }
}
