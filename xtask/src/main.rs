//! `cargo xtask`: the project's developer commands.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use codegen::{CrateConfig, GenerateRequest, PatternPolicy, RuntimeSource, ServiceRequest};
use xtask::compile_bench::{self, Rebuild, Sample, Subject};
use xtask::protocol_test::{self, TempDir};
use xtask::{apply, manifest_request, plan, read_model, repo_root, Plan, TaskError, MANIFESTS};

// Generation builds and drops millions of small token and syntax-tree nodes;
// mimalloc takes about a third off the run time compared with the system
// allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Developer commands for the Smithy-to-Rust generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate `generated/` from `models/manifest.json`, or a standalone
    /// crate from any model with `--model ... --out DIR`.
    Generate(GenerateArgs),
    /// Generate a model's crate into a temporary folder and run the protocol
    /// compliance tests (`smithy.test`) the generator writes into it.
    ProtocolTest(ProtocolTestArgs),
    /// Build the generated full Connect crate and aws-sdk-connect
    /// alternately, and print both times, peak memories and their ratios.
    CompileBench(CompileBenchArgs),
    /// List what changes in the generated crate's API and on the wire
    /// between two versions of a model, each change with its severity.
    Diff(DiffArgs),
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The older model; repeat to merge several files.
    #[arg(long = "old", value_name = "FILE", required = true)]
    old: Vec<PathBuf>,
    /// The newer model; repeat to merge several files.
    #[arg(long = "new", value_name = "FILE", required = true)]
    new: Vec<PathBuf>,
    /// The service shape id; needed only when a model has several.
    #[arg(long, value_name = "SHAPE_ID")]
    service: Option<String>,
    /// An operation to compare, with what it reaches; repeat for more.
    /// Default: all of them.
    #[arg(long = "operation", value_name = "NAME")]
    operations: Vec<String>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Exit 1 when any change is breaking.
    #[arg(long)]
    deny_breaking: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// Write nothing; exit 1 and list stale files if the output differs.
    #[arg(long)]
    check: bool,
    /// A Smithy JSON AST file; repeat to merge several.
    #[arg(long = "model", value_name = "FILE", requires = "out")]
    models: Vec<PathBuf>,
    /// The service shape id; needed only when the model has several.
    #[arg(long, value_name = "SHAPE_ID", requires = "models")]
    service: Option<String>,
    /// An operation to generate; repeat for more. Default: all.
    #[arg(long = "operation", value_name = "NAME", requires = "models")]
    operations: Vec<String>,
    /// The crate folder to write.
    #[arg(long, value_name = "DIR", requires = "models")]
    out: Option<PathBuf>,
    /// The package name of a standalone crate.
    #[arg(long, value_name = "NAME", requires = "models")]
    crate_name: Option<String>,
    /// Fail on a `@pattern` with no ECMA 262 form, instead of leaving it
    /// unchecked with a warning.
    #[arg(long, requires = "models")]
    strict: bool,
}

#[derive(clap::Args)]
struct ProtocolTestArgs {
    /// A Smithy JSON AST file; repeat to merge several.
    #[arg(long = "model", value_name = "FILE", required = true)]
    models: Vec<PathBuf>,
    /// The service shape id; needed only when the model has several.
    #[arg(long, value_name = "SHAPE_ID")]
    service: Option<String>,
}

#[derive(clap::Args)]
struct CompileBenchArgs {
    /// Timed builds of each side.
    #[arg(long, default_value_t = 3)]
    runs: u32,
    /// Time release builds instead of debug builds.
    #[arg(long, conflicts_with = "from_scratch")]
    release: bool,
    /// Build `generated/` and aws-sdk-connect plus aws-sdk-chimesdkvoice
    /// from an empty target folder, dependencies included.
    #[arg(long)]
    from_scratch: bool,
    /// Build both sides with their default HTTP client, TLS and async
    /// runtime (hyper and rustls for ours, aws-sdk-rust's default HTTPS
    /// client); without it, both build their clients without them.
    #[arg(long)]
    http_stack: bool,
    /// The Connect model. Default: connect-2017-08-08.json in
    /// `$SMITHY_MODELS_DIR`.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Generate(args) => generate(&args),
        Command::ProtocolTest(args) => protocol_test(&args),
        Command::CompileBench(args) => compile_bench(&args),
        Command::Diff(args) => {
            // A model that cannot be read is exit status 2, so that 1 means
            // only "breaking changes found".
            return diff(&args).unwrap_or_else(|error| {
                eprintln!("error: {error}");
                ExitCode::from(2)
            });
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn generate(args: &GenerateArgs) -> Result<ExitCode, TaskError> {
    let started = Instant::now();
    let jobs = match &args.out {
        Some(out) => {
            let request = standalone_request(
                &args.models,
                args.service.clone(),
                args.operations.clone(),
                args.crate_name.clone(),
                args.strict,
            )?;
            vec![(request, out.clone())]
        }
        None => MANIFESTS
            .iter()
            .map(|m| manifest_request(&repo_root().join(m)))
            .collect::<Result<_, _>>()?,
    };
    // Everything is generated and compared before anything is written, so a
    // bad model anywhere leaves every output folder as it was.
    let mut outputs = Vec::with_capacity(jobs.len());
    for (request, out) in jobs {
        let generated = codegen::generate(&request).map_err(TaskError::Model)?;
        for warning in &generated.warnings {
            eprintln!("warning: {warning}");
        }
        let plan = plan(&out, &generated.files)?;
        outputs.push((out, generated, plan));
    }
    if args.check {
        return Ok(report_stale(&outputs));
    }
    for (out, generated, _) in &outputs {
        report_api_changes(out, generated)?;
    }
    let mut stats = codegen::Stats::default();
    let (mut written, mut unchanged, mut removed) = (0, 0, 0);
    for (out, generated, plan) in &outputs {
        apply(out, &generated.files, plan)?;
        stats.services += generated.stats.services;
        stats.operations += generated.stats.operations;
        stats.shapes += generated.stats.shapes;
        written += plan.write.len();
        unchanged += plan.unchanged.len();
        removed += plan.remove.len();
    }
    let folders: Vec<String> = outputs
        .iter()
        .map(|(out, _, _)| out.display().to_string())
        .collect();
    println!(
        "generated {} services, {} operations, {} shapes into {}: {written} files written, {unchanged} unchanged, {removed} removed in {:.2?}",
        stats.services,
        stats.operations,
        stats.shapes,
        folders.join(", "),
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}

fn protocol_test(args: &ProtocolTestArgs) -> Result<ExitCode, TaskError> {
    let mut request = standalone_request(
        &args.models,
        args.service.clone(),
        Vec::new(),
        Some("protocol-tests".to_owned()),
        false,
    )?;
    // The repository's own runtime, so that it stays built between runs.
    let runtime = repo_root().join("runtime");
    request.config.runtime = RuntimeSource::Path(runtime.display().to_string());
    let generated = codegen::generate(&request).map_err(TaskError::Model)?;
    let folder = TempDir::new("smithy-protocol-tests")?;
    let plan = plan(folder.path(), &generated.files)?;
    apply(folder.path(), &generated.files, &plan)?;
    // Dependencies stay built between runs in the repository's target folder.
    let target = repo_root().join("target").join("protocol-tests");
    let outcome = protocol_test::run(folder.path(), &target)?;
    if !outcome.failed.is_empty() {
        println!("{}\n", outcome.failure_reports);
        println!("failed:");
        for name in &outcome.failed {
            println!("    {name}");
        }
    }
    println!("{}", outcome.summary());
    let passed = outcome.failed.is_empty() && !outcome.passed.is_empty();
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn compile_bench(args: &CompileBenchArgs) -> Result<ExitCode, TaskError> {
    compile_bench::check_tools()?;
    let work = repo_root().join("target").join("compile-bench");
    let rebuild = if args.from_scratch {
        Rebuild::FromScratch
    } else {
        Rebuild::Package {
            release: args.release,
        }
    };
    let (ours, theirs) = if args.from_scratch {
        let ours = Subject {
            label: "generated/".to_owned(),
            manifest: repo_root().join("generated").join("Cargo.toml"),
            package: "aws-generated".to_owned(),
            target: work.join("target-scratch-generated"),
            features: compile_bench::generated_features(args.http_stack),
        };
        let sdks = [
            ("aws-sdk-connect", compile_bench::AWS_SDK_CONNECT),
            (
                "aws-sdk-chimesdkvoice",
                compile_bench::AWS_SDK_CHIMESDKVOICE,
            ),
        ];
        let theirs = aws_subject(
            &work,
            "aws-connect-chimesdkvoice",
            &sdks,
            "target-scratch-aws",
            args.http_stack,
        )?;
        (ours, theirs)
    } else {
        let ours = generate_connect(&work, args.model.as_deref(), args.http_stack)?;
        let sdks = [("aws-sdk-connect", compile_bench::AWS_SDK_CONNECT)];
        (
            ours,
            aws_subject(&work, "aws-connect", &sdks, "target-aws", args.http_stack)?,
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
        compile_bench::prepare(subject, rebuild)?;
    }
    let mut samples: [Vec<Sample>; 2] = Default::default();
    for run in 1..=args.runs {
        for (side, subject) in [&ours, &theirs].into_iter().enumerate() {
            let sample = compile_bench::measure(subject, rebuild, &work)?;
            println!(
                "run {run}: {:<28} {:>7.1} s {:>7} MB",
                subject.label,
                sample.seconds,
                sample.peak_kib / 1024
            );
            samples[side].push(sample);
        }
    }
    let [ours_median, theirs_median] = [&samples[0], &samples[1]].map(|s| compile_bench::median(s));
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
    Ok(ExitCode::SUCCESS)
}

/// Generates the full Connect crate beside the benchmark's other crates,
/// depending on the repository's runtime so that it stays built.
fn generate_connect(
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
    let package = "bench-connect".to_owned();
    let mut request = standalone_request(&[model], None, Vec::new(), Some(package.clone()), false)?;
    request.config.runtime = RuntimeSource::Path(repo_root().join("runtime").display().to_string());
    let generated = codegen::generate(&request).map_err(TaskError::Model)?;
    let out = work.join("connect");
    let plan = plan(&out, &generated.files)?;
    apply(&out, &generated.files, &plan)?;
    Ok(Subject {
        label: "generated Connect".to_owned(),
        manifest: out.join("Cargo.toml"),
        package,
        target: work.join("target-generated"),
        features: compile_bench::generated_features(http_stack),
    })
}

/// A crate that depends on the given aws-sdk-rust crates and nothing else.
fn aws_subject(
    work: &std::path::Path,
    name: &str,
    sdks: &[(&str, &str)],
    target: &str,
    http_stack: bool,
) -> Result<Subject, TaskError> {
    let dir = work.join(name);
    let package = format!("bench-{name}");
    let files = [
        (
            "Cargo.toml",
            compile_bench::aws_manifest(&package, sdks, http_stack),
        ),
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
        [(only, _)] => (*only).to_owned(),
        _ => package,
    };
    let label = sdks
        .iter()
        .map(|(sdk, version)| format!("{sdk} {version}"))
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

/// Compares the API just generated with the fingerprint the last
/// generation left in `out`, and prints a summary when they differ.
fn report_api_changes(
    out: &std::path::Path,
    generated: &codegen::Generated,
) -> Result<(), TaskError> {
    let path = out.join(codegen::api::fingerprint::FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(TaskError::Io { path, source }),
    };
    match codegen::api::fingerprint::parse(&text) {
        Ok(Some(previous)) => {
            let changes = codegen::api::diff(&previous, &generated.api);
            if !changes.is_empty() {
                println!("{}:", out.display());
                print!("{}", codegen::api::report::summary(&changes, 10));
            }
        }
        Ok(None) => println!(
            "{}: written by another version of the generator; API changes are not reported this time",
            path.display()
        ),
        Err(message) => eprintln!(
            "warning: {}: {message}; API changes are not reported this time",
            path.display()
        ),
    }
    Ok(())
}

fn diff(args: &DiffArgs) -> Result<ExitCode, TaskError> {
    let side = |models: &[PathBuf]| -> Result<ServiceRequest, TaskError> {
        Ok(ServiceRequest {
            module: None,
            sources: models
                .iter()
                .map(|m| read_model(m))
                .collect::<Result<_, _>>()?,
            service: args.service.clone(),
            operations: args.operations.clone(),
        })
    };
    let (old, new) = (side(&args.old)?, side(&args.new)?);
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| codegen::api_surface(&old));
        let new = codegen::api_surface(&new);
        (old.join(), new)
    });
    let old = old.unwrap_or_else(|_| {
        Err(codegen::Error::new(
            codegen::Location::file("--old"),
            codegen::ErrorKind::Internal("the loading thread panicked".to_owned()),
        ))
    });
    let ((old, old_missing), (new, new_missing)) = (
        old.map_err(TaskError::Model)?,
        new.map_err(TaskError::Model)?,
    );
    if let Some(name) = old_missing.iter().find(|name| new_missing.contains(name)) {
        return Err(TaskError::Usage(format!(
            "--operation {name}: the operation is in neither model"
        )));
    }
    let changes = codegen::api::diff(&[old], &[new]);
    match args.format {
        DiffFormat::Text => print!("{}", codegen::api::report::text(&changes)),
        DiffFormat::Json => print!("{}", codegen::api::report::json(&changes)),
    }
    let breaking = changes
        .iter()
        .any(|c| c.severity == codegen::api::Severity::Breaking);
    Ok(if args.deny_breaking && breaking {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `--check`: lists every stale file with the command that fixes it.
fn report_stale(outputs: &[(PathBuf, codegen::Generated, Plan)]) -> ExitCode {
    let stale: Vec<String> = outputs
        .iter()
        .flat_map(|(out, _, plan)| {
            plan.stale()
                .into_iter()
                .map(move |p| format!("{}", out.join(p).display()))
        })
        .collect();
    if stale.is_empty() {
        println!("generated output is up to date");
        return ExitCode::SUCCESS;
    }
    eprintln!("generated output is stale; run `cargo xtask generate` to update:");
    for path in stale {
        eprintln!("  {path}");
    }
    ExitCode::FAILURE
}

/// A standalone crate of one service from `models`.
fn standalone_request(
    models: &[PathBuf],
    service: Option<String>,
    operations: Vec<String>,
    crate_name: Option<String>,
    strict: bool,
) -> Result<GenerateRequest, TaskError> {
    let sources = models
        .iter()
        .map(|m| read_model(m))
        .collect::<Result<_, _>>()?;
    Ok(GenerateRequest {
        config: CrateConfig {
            name: crate_name.unwrap_or_else(|| "generated-service".to_owned()),
            standalone: true,
            runtime: RuntimeSource::Bundled,
        },
        services: vec![ServiceRequest {
            module: None,
            sources,
            service,
            operations,
        }],
        pattern_policy: if strict {
            PatternPolicy::Strict
        } else {
            PatternPolicy::Warn
        },
    })
}
