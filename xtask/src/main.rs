//! `cargo xtask`: the project's developer commands.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use codegen::RuntimeSource;
use xtask::compile_bench;
use xtask::protocol_test::{self, TempDir};
use xtask::write::{self, Output};
use xtask::{
    manifest_request, relative_path, repo_root, service_request, standalone_request, write_crate,
    Standalone, TaskError, MANIFESTS,
};

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
    /// Run the AWS SDKs' test vectors for config files and credential
    /// providers found under a folder; ends with `N passed, M failed`.
    ConfigTest(ConfigTestArgs),
    /// Run the coverage-guided fuzz targets of `tests/fuzz` (nightly and
    /// cargo-fuzz), each for a time; exit 1 when one crashes.
    Fuzz(FuzzArgs),
}

#[derive(clap::Args)]
struct FuzzArgs {
    /// One target to run; by default, all of them in turn.
    #[arg(long, value_name = "NAME")]
    target: Option<String>,
    /// How long each target runs.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
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
    /// Write the runtime crate into this folder, shared with other crates
    /// generated with the same folder, instead of into DIR/runtime: one
    /// program can then depend on all of them, with one runtime.
    #[arg(long, value_name = "RUNTIME_DIR", requires = "out")]
    runtime_dir: Option<PathBuf>,
    /// Fail on a `@pattern` with no ECMA 262 form, instead of leaving it
    /// unchecked with a warning.
    #[arg(long, requires = "models")]
    strict: bool,
    /// The protocol to generate for, by trait id (such as
    /// `aws.protocols#awsJson1_0`), over the one the service's clients
    /// prefer.
    #[arg(long, value_name = "TRAIT_ID", requires = "models")]
    protocol: Option<String>,
}

#[derive(clap::Args)]
struct ConfigTestArgs {
    /// The folder of suites (`../shared/reference/aws-config-tests`).
    #[arg(long, value_name = "DIR")]
    suite: PathBuf,
}

#[derive(clap::Args)]
struct ProtocolTestArgs {
    /// A Smithy JSON AST file; repeat to merge several.
    #[arg(long = "model", value_name = "FILE", required = true)]
    models: Vec<PathBuf>,
    /// The service shape id; needed only when the model has several.
    #[arg(long, value_name = "SHAPE_ID")]
    service: Option<String>,
    /// A full model of the service whose endpoint-rules traits (the rule
    /// set and the parameters operations and members set) the test model
    /// lacks: the suite's S3 cases are written for S3's own rules.
    #[arg(long, value_name = "FILE")]
    rules_from: Option<PathBuf>,
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
    /// With `--from-scratch`, add credentials the way AWS users have them:
    /// the runtime's default chain with STS, SSO and `aws login` sessions
    /// (features `sts`, `sso` and `login`) on our side, aws-config with
    /// `credentials-login` on theirs.
    #[arg(long, requires = "from_scratch")]
    credentials: bool,
    /// The model to generate. Default: connect-2017-08-08.json in
    /// `$SMITHY_MODELS_DIR`.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// The aws-sdk-rust crate to build beside it, as `NAME@VERSION`
    /// (`aws-sdk-dynamodb@1.119.0`). Default: aws-sdk-connect of the
    /// Connect model's vintage.
    #[arg(
        long,
        value_name = "CRATE@VERSION",
        requires = "model",
        conflicts_with = "from_scratch"
    )]
    anchor: Option<String>,
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Generate(args) => generate(&args),
        Command::ProtocolTest(args) => protocol_test(&args),
        Command::CompileBench(args) => compile_bench(&args),
        Command::Fuzz(args) => fuzz(&args),
        Command::ConfigTest(args) => config_test(&args),
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
    let mut shared_runtime = None;
    let jobs = match &args.out {
        Some(out) => {
            let mut request = standalone_request(
                &args.models,
                Standalone {
                    service: args.service.clone(),
                    operations: args.operations.clone(),
                    protocol: args.protocol.clone(),
                    crate_name: args.crate_name.clone(),
                    strict: args.strict,
                },
            )?;
            if let Some(runtime_dir) = &args.runtime_dir {
                request.config.runtime = RuntimeSource::Path(relative_path(out, runtime_dir)?);
                shared_runtime = Some(runtime_dir.clone());
            }
            vec![(request, out.clone())]
        }
        None => MANIFESTS
            .iter()
            .map(|m| manifest_request(&repo_root().join(m)))
            .collect::<Result<_, _>>()?,
    };
    // Everything is generated and compared before anything is written, so a
    // bad model anywhere leaves every output folder as it was.
    let mut outputs = write::prepare(jobs)?;
    if let Some(runtime_dir) = shared_runtime {
        outputs.push(write::prepare_files(codegen::runtime_crate(), runtime_dir)?);
    }
    if args.check {
        return Ok(report_stale(&outputs));
    }
    for output in &outputs {
        report_api_changes(&output.out, &output.generated)?;
    }
    write::write(&outputs)?;
    let mut stats = codegen::Stats::default();
    let (mut written, mut unchanged, mut removed) = (0, 0, 0);
    for Output {
        generated, plan, ..
    } in &outputs
    {
        stats.services += generated.stats.services;
        stats.operations += generated.stats.operations;
        stats.shapes += generated.stats.shapes;
        written += plan.write.len();
        unchanged += plan.unchanged.len();
        removed += plan.remove.len();
    }
    let folders: Vec<String> = outputs
        .iter()
        .map(|output| output.out.display().to_string())
        .collect();
    // Say which protocol a service offering several was generated for.
    for output in &outputs {
        for choice in &output.generated.protocols {
            let others: Vec<&str> = choice
                .offered
                .iter()
                .copied()
                .filter(|id| *id != choice.chosen)
                .collect();
            if !others.is_empty() {
                let why = if choice.requested {
                    "as asked"
                } else {
                    "preferred"
                };
                println!(
                    "{}: generated for {} ({why}); the service also offers {} (choose one with --protocol)",
                    choice.module,
                    choice.chosen,
                    others.join(", ")
                );
            }
        }
    }
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
        Standalone {
            service: args.service.clone(),
            crate_name: Some("protocol-tests".to_owned()),
            ..Standalone::default()
        },
    )?;
    if let Some(full) = &args.rules_from {
        let overlay = protocol_test::rules_overlay(&request.services[0].sources, full)?;
        request.services[0].sources.push(overlay);
    }
    // The repository's own runtime, so that it stays built between runs.
    let runtime = repo_root().join("runtime");
    request.config.runtime = RuntimeSource::Path(runtime.display().to_string());
    let folder = TempDir::new("smithy-protocol-tests")?;
    write_crate(request, folder.path())?;
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

fn config_test(args: &ConfigTestArgs) -> Result<ExitCode, TaskError> {
    let outcome =
        xtask::config_test::run(&args.suite).map_err(|e| TaskError::Usage(e.to_string()))?;
    println!("{outcome}");
    Ok(if outcome.failed.is_empty() && outcome.passed > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn compile_bench(args: &CompileBenchArgs) -> Result<ExitCode, TaskError> {
    compile_bench::run(&compile_bench::Options {
        runs: args.runs,
        release: args.release,
        from_scratch: args.from_scratch,
        http_stack: args.http_stack,
        credentials: args.credentials,
        model: args.model.clone(),
        anchor: args.anchor.clone(),
    })?;
    Ok(ExitCode::SUCCESS)
}

fn fuzz(args: &FuzzArgs) -> Result<ExitCode, TaskError> {
    let outcomes = xtask::fuzz::run(&xtask::fuzz::Options {
        target: args.target.clone(),
        seconds: args.seconds,
    })?;
    let mut crashed = false;
    for outcome in &outcomes {
        let result = match &outcome.crash {
            Some(input) => {
                crashed = true;
                format!("CRASHED, input saved to {input}")
            }
            None => "no crash".to_owned(),
        };
        println!(
            "{:<16} {:>12} runs in {} s, corpus {:>6}, peak {:>5} MB: {result}",
            outcome.target, outcome.runs, args.seconds, outcome.corpus, outcome.peak_rss_mb
        );
    }
    Ok(if crashed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
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
    let side = |models: &[PathBuf]| {
        service_request(models, args.service.clone(), args.operations.clone(), None)
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
fn report_stale(outputs: &[Output]) -> ExitCode {
    let stale: Vec<String> = outputs
        .iter()
        .flat_map(|output| {
            output
                .plan
                .stale()
                .into_iter()
                .map(move |p| format!("{}", output.out.join(p).display()))
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
