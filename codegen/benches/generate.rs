//! Generates the full upstream Connect and Chime SDK Voice models, as one
//! user-facing run would (load, check, lower, emit, format), and reports wall
//! time and the process's peak resident memory.
//!
//! `cargo bench -p codegen`; the models come from `SMITHY_MODELS_DIR`
//! (default `../shared/models/aws`, relative to the repository root).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use codegen::{CrateConfig, GenerateRequest, ModelSource, ServiceRequest};

// As in the xtask binary, which this measures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const MODELS: &[&str] = &["connect-2017-08-08", "chime-sdk-voice-2022-08-03"];
const RUNS: usize = 10;

fn main() {
    // Relative to the repository root, as the README writes it.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = root.join(
        std::env::var_os("SMITHY_MODELS_DIR").unwrap_or_else(|| "../shared/models/aws".into()),
    );

    let request = GenerateRequest {
        config: CrateConfig {
            name: "bench".into(),
            standalone: true,
            runtime: codegen::RuntimeSource::Bundled,
        },
        services: MODELS
            .iter()
            .map(|stem| {
                let path = dir.join(format!("{stem}.json"));
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e} (set SMITHY_MODELS_DIR)", path.display()));
                ServiceRequest {
                    module: None,
                    sources: vec![ModelSource::new(path.display().to_string(), text)],
                    service: None,
                    operations: vec![],
                    protocol: None,
                }
            })
            .collect(),
        // One Chime SDK Voice pattern is not valid ECMA 262 (see README).
        pattern_policy: codegen::PatternPolicy::Warn,
    };

    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut output_bytes = 0;
    let mut stats = codegen::Stats::default();
    for _ in 0..RUNS {
        let started = Instant::now();
        let generated = codegen::generate(&request).expect("the upstream models generate");
        times.push(started.elapsed());
        output_bytes = generated
            .files
            .iter()
            .filter(|(path, _)| path.ends_with(".rs"))
            .map(|(_, text)| text.len())
            .sum();
        stats = generated.stats;
    }
    times.sort();
    let load_started = Instant::now();
    for service in &request.services {
        codegen::model::load(&service.sources).expect("the upstream models load");
    }
    let load = load_started.elapsed();

    println!(
        "generate Connect + Chime SDK Voice ({} operations, {} shapes, {:.1} MiB of Rust), {RUNS} runs:",
        stats.operations,
        stats.shapes,
        output_bytes as f64 / (1024.0 * 1024.0)
    );
    println!(
        "  wall time: min {} ms, median {} ms, max {} ms",
        times[0].as_millis(),
        times[RUNS / 2].as_millis(),
        times[RUNS - 1].as_millis()
    );
    println!("  of which loading and checking the models: {load:.0?}");
    match peak_rss_kib() {
        Some(kib) => println!("  peak resident memory: {:.0} MiB", kib as f64 / 1024.0),
        None => println!("  peak resident memory: not available on this platform"),
    }
}

/// `VmHWM` from `/proc/self/status`: the process's peak resident set.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
