//! `cargo xtask`: the project's developer commands.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use codegen::{CrateConfig, GenerateRequest, PatternPolicy, RuntimeSource, ServiceRequest};
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

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Generate(args) => generate(&args),
        Command::ProtocolTest(args) => protocol_test(&args),
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
