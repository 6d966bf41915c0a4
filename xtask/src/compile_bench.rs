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

use codegen::RuntimeSource;

use crate::{repo_root, standalone_request, write_crate, Standalone, TaskError};

/// The aws-sdk-rust release built from the same model vintage as the
/// Connect model in `../shared/models/aws/`.
pub const AWS_SDK_CONNECT: &str = "1.126.0";
/// The aws-sdk-chimesdkvoice release of the same train (it asks for the
/// same aws-smithy-runtime as the Connect release above).
pub const AWS_SDK_CHIMESDKVOICE: &str = "1.86.0";
/// aws-config for the credentials comparison: the release that resolves
/// beside [`AWS_SDK_CONNECT`] today.
pub const AWS_CONFIG: &str = "1.13.0";
/// Its features past the defaults: `aws login` sessions, which ours has
/// too (the runtime's `login`).
const AWS_CONFIG_FEATURES: &[&str] = &["credentials-login"];

/// An aws-sdk-rust crate to depend on: name, exact version, and features
/// past `behavior-version-latest`.
pub type Sdk<'a> = (&'a str, &'a str, &'a [&'a str]);

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
            run_command(&mut build, &format!("building {}", subject.label))
        }
        Rebuild::FromScratch => {
            let mut fetch = Command::new(cargo_program());
            fetch
                .arg("fetch")
                .arg("--manifest-path")
                .arg(&subject.manifest);
            run_command(
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
            run_command(&mut clean, &format!("cleaning {}", subject.package))?;
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
    run_command(&mut timed, &format!("building {}", subject.label))?;
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
pub fn aws_manifest(name: &str, sdks: &[Sdk<'_>], http_stack: bool) -> String {
    let mut manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         # Not part of the repository's workspace.\n[workspace]\n\n[dependencies]\n"
    );
    let defaults = if http_stack {
        ""
    } else {
        "default-features = false, "
    };
    for (sdk, version, extra) in sdks {
        let features = std::iter::once(&"behavior-version-latest")
            .chain(extra.iter())
            .map(|feature| format!("\"{feature}\""))
            .collect::<Vec<_>>()
            .join(", ");
        manifest.push_str(&format!(
            "{sdk} = {{ version = \"={version}\", {defaults}features = [{features}] }}\n"
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

fn run_command(command: &mut Command, what: &str) -> Result<(), TaskError> {
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

/// What to build and how often.
pub struct Options {
    /// Timed builds of each side.
    pub runs: u32,
    pub release: bool,
    pub from_scratch: bool,
    pub http_stack: bool,
    /// From scratch, with the default credentials chain on both sides.
    pub credentials: bool,
    /// The model; by default Connect's from `$SMITHY_MODELS_DIR`.
    pub model: Option<PathBuf>,
    /// The aws-sdk-rust crate beside it, `NAME@VERSION`; by default
    /// aws-sdk-connect.
    pub anchor: Option<String>,
}

/// Builds both sides alternately and prints each build, the medians and
/// the ratio.
pub fn run(args: &Options) -> Result<(), TaskError> {
    check_tools()?;
    let work = repo_root().join("target").join("compile-bench");
    let rebuild = if args.from_scratch {
        Rebuild::FromScratch
    } else {
        Rebuild::Package {
            release: args.release,
        }
    };
    let (ours, theirs) = if args.from_scratch {
        let mut features = generated_features(args.http_stack);
        if args.credentials {
            features.extend(
                [
                    "--features",
                    "smithy-runtime/sts,smithy-runtime/sso,smithy-runtime/login",
                ]
                .map(str::to_owned),
            );
        }
        let ours = Subject {
            label: match args.credentials {
                true => "generated/ + default chain".to_owned(),
                false => "generated/".to_owned(),
            },
            manifest: repo_root().join("generated").join("Cargo.toml"),
            package: "aws-generated".to_owned(),
            target: work.join("target-scratch-generated"),
            features,
        };
        let mut sdks: Vec<Sdk<'_>> = vec![
            ("aws-sdk-connect", AWS_SDK_CONNECT, &[]),
            ("aws-sdk-chimesdkvoice", AWS_SDK_CHIMESDKVOICE, &[]),
        ];
        if args.credentials {
            sdks.push(("aws-config", AWS_CONFIG, AWS_CONFIG_FEATURES));
        }
        let theirs = aws_subject(
            &work,
            "aws-connect-chimesdkvoice",
            &sdks,
            "target-scratch-aws",
            args.http_stack,
        )?;
        (ours, theirs)
    } else {
        let ours = generate_subject(&work, args.model.as_deref(), args.http_stack)?;
        let (name, version) = match &args.anchor {
            Some(anchor) => anchor.split_once('@').ok_or_else(|| TaskError::Manifest {
                path: PathBuf::from("--anchor"),
                message: format!("`{anchor}` is not NAME@VERSION"),
            })?,
            None => ("aws-sdk-connect", AWS_SDK_CONNECT),
        };
        let folder = format!("anchor-{name}");
        (
            ours,
            aws_subject(
                &work,
                &folder,
                &[(name, version, &[])],
                "target-aws",
                args.http_stack,
            )?,
        )
    };
    let stack = if args.http_stack {
        "both with their default HTTP client and TLS"
    } else {
        "both clients without an HTTP stack"
    };
    println!(
        "{}, {stack}; {} runs, alternating",
        rebuild.describe(),
        args.runs
    );
    for subject in [&ours, &theirs] {
        println!("preparing {}", subject.label);
        prepare(subject, rebuild)?;
    }
    let mut samples: [Vec<Sample>; 2] = Default::default();
    for run in 1..=args.runs {
        for (side, subject) in [&ours, &theirs].into_iter().enumerate() {
            let sample = measure(subject, rebuild, &work)?;
            println!(
                "run {run}: {:<28} {:>7.1} s {:>7} MB",
                subject.label,
                sample.seconds,
                sample.peak_kib / 1024
            );
            samples[side].push(sample);
        }
    }
    let [ours_median, theirs_median] = [&samples[0], &samples[1]].map(|s| median(s));
    for (subject, median) in [(&ours, ours_median), (&theirs, theirs_median)] {
        println!(
            "median: {:<28} {:>7.1} s {:>7} MB",
            subject.label,
            median.seconds,
            median.peak_kib / 1024
        );
    }
    let ratios: Vec<f64> = samples[0]
        .iter()
        .zip(&samples[1])
        .map(|(o, t)| t.seconds / o.seconds)
        .collect();
    println!(
        "{} builds {:.2}x faster (per run: {}), at {:.3} of the peak memory",
        ours.label,
        theirs_median.seconds / ours_median.seconds,
        ratios
            .iter()
            .map(|r| format!("{r:.2}x"))
            .collect::<Vec<_>>()
            .join(", "),
        ours_median.peak_kib as f64 / theirs_median.peak_kib as f64
    );
    Ok(())
}

/// Generates the full Connect crate beside the benchmark's other crates,
/// depending on the repository's runtime so that it stays built.
/// The standalone crate of `model` (Connect's by default), built against
/// the repository's runtime.
fn generate_subject(
    work: &std::path::Path,
    model: Option<&std::path::Path>,
    http_stack: bool,
) -> Result<Subject, TaskError> {
    let model = match model {
        Some(model) => model.to_path_buf(),
        None => {
            let dir = std::env::var_os("SMITHY_MODELS_DIR").ok_or_else(|| TaskError::Manifest {
                path: PathBuf::from("$SMITHY_MODELS_DIR"),
                message: "not set; point it at ../shared/models/aws or pass --model".to_owned(),
            })?;
            PathBuf::from(dir).join("connect-2017-08-08.json")
        }
    };
    let stem = model
        .file_stem()
        .map_or_else(|| "model".to_owned(), |s| s.to_string_lossy().into_owned());
    let package = "bench-generated".to_owned();
    let options = Standalone {
        crate_name: Some(package.clone()),
        ..Standalone::default()
    };
    let mut request = standalone_request(&[model], options)?;
    request.config.runtime = RuntimeSource::Path(repo_root().join("runtime").display().to_string());
    let out = work.join("generated");
    write_crate(request, &out)?;
    Ok(Subject {
        label: format!("generated {stem}"),
        manifest: out.join("Cargo.toml"),
        package,
        target: work.join("target-generated"),
        features: generated_features(http_stack),
    })
}

/// A crate that depends on the given aws-sdk-rust crates and nothing else.
fn aws_subject(
    work: &std::path::Path,
    name: &str,
    sdks: &[Sdk<'_>],
    target: &str,
    http_stack: bool,
) -> Result<Subject, TaskError> {
    let dir = work.join(name);
    let package = format!("bench-{name}");
    let files = [
        ("Cargo.toml", aws_manifest(&package, sdks, http_stack)),
        (
            "src/lib.rs",
            "//! Only built by `cargo xtask compile-bench`.\n".to_owned(),
        ),
    ];
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| TaskError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, text).map_err(|source| TaskError::Io { path, source })?;
    }
    let rebuilt = match sdks {
        [(only, _, _)] => (*only).to_owned(),
        _ => package,
    };
    let label = sdks
        .iter()
        .map(|(sdk, version, _)| format!("{sdk} {version}"))
        .collect::<Vec<_>>()
        .join(" + ");
    Ok(Subject {
        label,
        manifest: dir.join("Cargo.toml"),
        package: rebuilt,
        // The SDK crates' features are in the manifest.
        features: Vec::new(),
        target: work.join(target),
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
        let manifest = aws_manifest(
            "bench-aws",
            &[("aws-sdk-connect", AWS_SDK_CONNECT, &[])],
            false,
        );
        assert!(manifest.contains(
            "aws-sdk-connect = { version = \"=1.126.0\", default-features = false, features = [\"behavior-version-latest\"] }"
        ));
        assert!(manifest.contains("[workspace]"));
        let with_http = aws_manifest(
            "bench-aws",
            &[("aws-sdk-connect", AWS_SDK_CONNECT, &[])],
            true,
        );
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
