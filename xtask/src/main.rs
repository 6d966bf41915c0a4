//! `cargo xtask`: the project's developer commands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use codegen::{CrateConfig, GenerateRequest, ServiceRequest};
use xtask::{apply, manifest_request, plan, read_model, repo_root, TaskError, MANIFESTS};

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
    let jobs = match &args.out {
        Some(out) => vec![(standalone_request(args)?, out.clone())],
        None => MANIFESTS
            .iter()
            .map(|m| manifest_request(&repo_root().join(m)))
            .collect::<Result<_, _>>()?,
    };
    let mut clean = true;
    for (request, out) in jobs {
        clean &= generate_one(&request, &out, args.check)?;
    }
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Generates one crate; in check mode, reports whether it was up to date.
fn generate_one(request: &GenerateRequest, out: &Path, check: bool) -> Result<bool, TaskError> {
    let started = Instant::now();
    let generated = codegen::generate(request).map_err(TaskError::Model)?;
    let plan = plan(out, &generated.files)?;
    if check {
        if plan.is_clean() {
            println!("{} is up to date", out.display());
            return Ok(true);
        }
        eprintln!(
            "{} is stale; run `cargo xtask generate` to update:",
            out.display()
        );
        for path in plan.stale() {
            eprintln!("  {path}");
        }
        return Ok(false);
    }
    apply(out, &generated.files, &plan)?;
    let stats = generated.stats;
    println!(
        "generated {} services, {} operations, {} shapes into {}: {} files written, {} unchanged, {} removed in {:.2?}",
        stats.services,
        stats.operations,
        stats.shapes,
        out.display(),
        plan.write.len(),
        plan.unchanged.len(),
        plan.remove.len(),
        started.elapsed()
    );
    Ok(true)
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
    })
}
