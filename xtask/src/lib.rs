//! The file-system side of the generator: reading models and manifests
//! into requests, and writing or checking generated crates (one path for
//! every command, see [`mod@write`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use codegen::{
    manifest, CrateConfig, GenerateRequest, ModelSource, PatternPolicy, RuntimeSource,
    ServiceRequest,
};

/// The manifests `cargo xtask generate` regenerates, relative to the
/// repository root: the shipped crate, the services built into the
/// runtime crate, and the test fixtures' crate.
pub const MANIFESTS: &[&str] = &[
    "models/manifest.json",
    "models/runtime-services.json",
    "tests/fixtures/manifest.json",
];

/// The repository root (the parent of `xtask/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ sits inside the repository")
        .to_path_buf()
}

pub mod compile_bench;
pub mod config_test;
pub mod fuzz;
pub mod protocol_test;
pub mod write;

pub use write::{write_crate, Output, Plan};

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

pub(crate) fn io_error(path: &Path) -> impl FnOnce(io::Error) -> TaskError + '_ {
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
                protocol: s.protocol.clone(),
            })
        })
        .collect::<Result<_, TaskError>>()?;
    let out = root.join(&manifest.out);
    let runtime = match manifest.into_runtime {
        true => RuntimeSource::Itself(
            manifest
                .services
                .iter()
                .filter_map(|s| Some((s.module.clone(), s.feature.clone()?)))
                .collect(),
        ),
        false => RuntimeSource::Path(path_to_runtime(&manifest.out)),
    };
    let request = GenerateRequest {
        config: CrateConfig {
            name: manifest.crate_name,
            standalone: false,
            runtime,
        },
        services,
        pattern_policy: PatternPolicy::Strict,
    };
    Ok((request, out))
}

/// What a standalone crate is generated from, besides its models.
#[derive(Debug, Clone, Default)]
pub struct Standalone {
    /// The service shape id; needed when the model has several.
    pub service: Option<String>,
    /// Operations to generate; empty means all.
    pub operations: Vec<String>,
    /// The protocol's trait id, over the one preferred.
    pub protocol: Option<String>,
    pub crate_name: Option<String>,
    /// Refuse patterns without an ECMA 262 form.
    pub strict: bool,
}

/// The request for one service as a standalone crate, from `models`.
pub fn standalone_request(
    models: &[PathBuf],
    options: Standalone,
) -> Result<GenerateRequest, TaskError> {
    let Standalone {
        service,
        operations,
        protocol,
        crate_name,
        strict,
    } = options;
    Ok(GenerateRequest {
        config: CrateConfig {
            name: crate_name.unwrap_or_else(|| "generated-service".to_owned()),
            standalone: true,
            runtime: RuntimeSource::Bundled,
        },
        services: vec![service_request(models, service, operations, protocol)?],
        pattern_policy: if strict {
            PatternPolicy::Strict
        } else {
            PatternPolicy::Warn
        },
    })
}

/// One service of `models`: the one named, or the only one; its operations
/// named, or all of them.
pub fn service_request(
    models: &[PathBuf],
    service: Option<String>,
    operations: Vec<String>,
    protocol: Option<String>,
) -> Result<ServiceRequest, TaskError> {
    Ok(ServiceRequest {
        module: None,
        sources: models
            .iter()
            .map(|m| read_model(m))
            .collect::<Result<_, _>>()?,
        service,
        operations,
        protocol,
    })
}

/// The path from folder `from` to `to`, both relative to the current
/// folder or absolute, with `/` separators: what a generated crate's
/// `Cargo.toml` names a shared runtime folder by.
pub fn relative_path(from: &Path, to: &Path) -> Result<String, TaskError> {
    let absolute = |path: &Path| std::path::absolute(path).map_err(io_error(path));
    let (from, to) = (absolute(from)?, absolute(to)?);
    let normal = |path: &Path| -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        for part in path.components() {
            match part {
                std::path::Component::ParentDir => {
                    parts.pop();
                }
                std::path::Component::Normal(name) => {
                    parts.push(name.to_string_lossy().into_owned())
                }
                _ => {}
            }
        }
        parts
    };
    let (from, to) = (normal(&from), normal(&to));
    let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - shared];
    parts.extend(to[shared..].iter().cloned());
    Ok(if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_between_folders_climb_to_what_they_share() {
        let path = |from: &str, to: &str| relative_path(Path::new(from), Path::new(to)).unwrap();
        assert_eq!(path("/a/b/lambda", "/a/b/runtime"), "../runtime");
        assert_eq!(path("/a/b/c", "/a/x/y"), "../../x/y");
        assert_eq!(path("/a/b", "/a/b/shared"), "shared");
        assert_eq!(path("/a/b/../c", "/a/c/rt"), "rt");
        assert_eq!(path("/a", "/a"), ".");
    }

    #[test]
    fn the_runtime_is_reached_from_any_output_folder() {
        assert_eq!(path_to_runtime("generated"), "../runtime");
        assert_eq!(path_to_runtime("tests/fixtures/crate"), "../../../runtime");
        assert_eq!(path_to_runtime("./generated/"), "../runtime");
    }
}
