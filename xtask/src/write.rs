//! Writing generated crates: every file generated and compared with the
//! folder first, then written (each through a temporary name) or, with
//! `--check`, only reported. Every command that writes a crate goes
//! through here.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use codegen::GenerateRequest;

use crate::{io_error, TaskError};

/// A crate generated for a folder, and how the folder differs from it.
pub struct Output {
    pub out: PathBuf,
    pub generated: codegen::Generated,
    pub plan: Plan,
}

/// Generates every crate and compares each with its folder, writing
/// nothing: a bad model anywhere then leaves every folder as it was.
/// Warnings are printed as they come.
pub fn prepare(jobs: Vec<(GenerateRequest, PathBuf)>) -> Result<Vec<Output>, TaskError> {
    jobs.into_iter()
        .map(|(request, out)| {
            let generated = codegen::generate(&request).map_err(TaskError::Model)?;
            for warning in &generated.warnings {
                eprintln!("warning: {warning}");
            }
            let plan = plan(&out, &generated.files)?;
            Ok(Output {
                out,
                generated,
                plan,
            })
        })
        .collect()
}

/// Compares files made without a request (such as the runtime crate for a
/// folder several crates share) with their folder, writing nothing.
pub fn prepare_files(files: BTreeMap<String, String>, out: PathBuf) -> Result<Output, TaskError> {
    let plan = plan(&out, &files)?;
    Ok(Output {
        out,
        generated: codegen::Generated {
            files,
            stats: codegen::Stats::default(),
            warnings: Vec::new(),
            api: Vec::new(),
            protocols: Vec::new(),
        },
        plan,
    })
}

/// Writes what [`prepare`] planned.
pub fn write(outputs: &[Output]) -> Result<(), TaskError> {
    outputs
        .iter()
        .try_for_each(|output| apply(&output.out, &output.generated.files, &output.plan))
}

/// Generates one crate into `out`.
pub fn write_crate(request: GenerateRequest, out: &Path) -> Result<Output, TaskError> {
    let outputs = prepare(vec![(request, out.to_path_buf())])?;
    write(&outputs)?;
    outputs
        .into_iter()
        .next()
        .ok_or_else(|| TaskError::Usage("no crate was generated".to_owned()))
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
fn plan(out: &Path, files: &BTreeMap<String, String>) -> Result<Plan, TaskError> {
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
fn apply(out: &Path, files: &BTreeMap<String, String>, plan: &Plan) -> Result<(), TaskError> {
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
