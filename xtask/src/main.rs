//! `cargo xtask`: the project's developer commands.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use codegen::{CrateConfig, GenerateRequest, PatternPolicy, ServiceRequest};
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
    /// Leave `@pattern`s that are not valid ECMA 262 unchecked, with a
    /// warning, instead of failing.
    #[arg(long, requires = "models")]
    skip_invalid_patterns: bool,
}

fn main() -> ExitCode {
    let Command::Generate(args) = Cli::parse().command;
    match generate(&args) {
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
        Some(out) => vec![(standalone_request(args)?, out.clone())],
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

fn standalone_request(args: &GenerateArgs) -> Result<GenerateRequest, TaskError> {
    let sources = args
        .models
        .iter()
        .map(|m| read_model(m))
        .collect::<Result<_, _>>()?;
    let name = args
        .crate_name
        .clone()
        .unwrap_or_else(|| "generated-service".to_owned());
    Ok(GenerateRequest {
        config: CrateConfig {
            name,
            standalone: true,
        },
        services: vec![ServiceRequest {
            module: None,
            sources,
            service: args.service.clone(),
            operations: args.operations.clone(),
        }],
        pattern_policy: if args.skip_invalid_patterns {
            PatternPolicy::Skip
        } else {
            PatternPolicy::Reject
        },
    })
}
