//! The file-system side of `cargo xtask generate`: reading models, and
//! writing or checking the generated crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use codegen::{
    manifest, CrateConfig, GenerateRequest, ModelSource, PatternPolicy, RuntimeSource,
    ServiceRequest,
};

/// The manifests `cargo xtask generate` regenerates, relative to the
/// repository root: the shipped crate and the test fixtures' crate.
pub const MANIFESTS: &[&str] = &["models/manifest.json", "tests/fixtures/manifest.json"];

/// The repository root (the parent of `xtask/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ sits inside the repository")
        .to_path_buf()
}

pub mod compile_bench;
pub mod protocol_test;

/// A failure of the xtask: a model problem, a file that could not be used,
/// or a command that failed.
#[derive(Debug)]
pub enum TaskError {
    Model(codegen::Error),
    Io {
        path: PathBuf,
        source: io::Error,
    },
    Manifest {
        path: PathBuf,
        message: String,
    },
    Command {
        what: String,
        output: String,
    },
    /// Arguments that cannot be acted on.
    Usage(String),
}

impl std::fmt::Display for TaskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Model(e) => write!(f, "{e}"),
            Self::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Self::Manifest { path, message } => write!(f, "{}: {message}", path.display()),
            Self::Command { what, output } => write!(f, "{what} failed:\n{output}"),
            Self::Usage(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for TaskError {}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> TaskError + '_ {
    move |source| TaskError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads a model file, naming it in messages as it was given.
pub fn read_model(path: &Path) -> Result<ModelSource, TaskError> {
    let text = fs::read_to_string(path).map_err(io_error(path))?;
    Ok(ModelSource::new(path.display().to_string(), text))
}

/// The request the manifest describes, and the output folder it names.
pub fn manifest_request(manifest_path: &Path) -> Result<(GenerateRequest, PathBuf), TaskError> {
    let text = fs::read_to_string(manifest_path).map_err(io_error(manifest_path))?;
    let manifest = manifest::parse(&text).map_err(|message| TaskError::Manifest {
        path: manifest_path.to_path_buf(),
        message,
    })?;
    let models_dir = manifest_path.parent().unwrap_or(Path::new("."));
    let root = repo_root();
    let services = manifest
        .services
        .iter()
        .map(|s| {
            // Models are named relative to the repository in messages.
            let sources = s
                .models
                .iter()
                .map(|m| {
                    let path = models_dir.join(m);
                    let mut source = read_model(&path)?;
                    if let Ok(relative) = path.strip_prefix(&root) {
                        source.name = relative.display().to_string();
                    }
                    Ok(source)
                })
                .collect::<Result<_, TaskError>>()?;
            Ok(ServiceRequest {
                module: Some(s.module.clone()),
                sources,
                service: Some(s.service.clone()),
                operations: s.operations.clone(),
            })
        })
        .collect::<Result<_, TaskError>>()?;
    let out = root.join(&manifest.out);
    let request = GenerateRequest {
        config: CrateConfig {
            name: manifest.crate_name,
            standalone: false,
            runtime: RuntimeSource::Path(path_to_runtime(&manifest.out)),
        },
        services,
        pattern_policy: PatternPolicy::Strict,
    };
    Ok((request, out))
}

/// The repository's runtime crate, as a path from a crate at `out` (relative
/// to the repository root, with `/` separators).
fn path_to_runtime(out: &str) -> String {
    let depth = out
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .count();
    format!("{}runtime", "../".repeat(depth))
}

/// How the output folder differs from the generated files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files to write, new or changed.
    pub write: BTreeSet<String>,
    /// Files already up to date.
    pub unchanged: BTreeSet<String>,
    /// Generated files on disk that are no longer produced.
    pub remove: BTreeSet<String>,
}

impl Plan {
    /// Whether the folder already matches.
    pub fn is_clean(&self) -> bool {
        self.write.is_empty() && self.remove.is_empty()
    }

    /// Every stale path, for `--check`.
    pub fn stale(&self) -> Vec<String> {
        let mut stale: Vec<String> = self.write.iter().cloned().collect();
        stale.extend(
            self.remove
                .iter()
                .map(|p| format!("{p} (no longer generated)")),
        );
        stale
    }
}

/// Compares `files` with what `out` holds. Only files that begin with the
/// generated preamble count as ours; anything else in `out` is left alone.
pub fn plan(out: &Path, files: &BTreeMap<String, String>) -> Result<Plan, TaskError> {
    let mut plan = Plan::default();
    for (path, text) in files {
        match fs::read_to_string(out.join(path)) {
            Ok(existing) if existing == *text => plan.unchanged.insert(path.clone()),
            Ok(_) => plan.write.insert(path.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => plan.write.insert(path.clone()),
            Err(e) => return Err(io_error(&out.join(path))(e)),
        };
    }
    for path in generated_files_on_disk(out)? {
        if !files.contains_key(&path) {
            plan.remove.insert(path);
        }
    }
    Ok(plan)
}

fn generated_files_on_disk(out: &Path) -> Result<Vec<String>, TaskError> {
    let mut found = Vec::new();
    let mut pending = vec![out.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io_error(&dir)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(io_error(&dir))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(io_error(&path))?;
            if kind.is_dir() && entry.file_name() != "target" {
                pending.push(path);
            } else if kind.is_file() && is_generated(&path) {
                let relative = path.strip_prefix(out).unwrap_or(&path);
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    Ok(found)
}

fn is_generated(path: &Path) -> bool {
    let Ok(text) = fs::read_to_string(path) else {
        return false;
    };
    let first = text.lines().next().unwrap_or_default();
    first == codegen::render::rust_preamble().trim_end()
        || first == codegen::render::toml_preamble().trim_end()
        || first == codegen::render::json_preamble().trim_end()
}

/// Carries out a plan. Each file is written to a temporary name and renamed,
/// so a reader never sees half a file.
pub fn apply(out: &Path, files: &BTreeMap<String, String>, plan: &Plan) -> Result<(), TaskError> {
    for path in &plan.write {
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        let temporary = target.with_extension("generating");
        fs::write(&temporary, &files[path]).map_err(io_error(&temporary))?;
        fs::rename(&temporary, &target).map_err(io_error(&target))?;
    }
    for path in &plan.remove {
        let target = out.join(path);
        fs::remove_file(&target).map_err(io_error(&target))?;
        let mut dir = target.parent();
        while let Some(d) = dir.filter(|d| *d != out) {
            if fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_is_reached_from_any_output_folder() {
        assert_eq!(path_to_runtime("generated"), "../runtime");
        assert_eq!(path_to_runtime("tests/fixtures/crate"), "../../../runtime");
        assert_eq!(path_to_runtime("./generated/"), "../runtime");
    }
}
