//! The tidiness the structure depends on, checked on every hand-written
//! source file: each opens with a comment saying what it owns, none passes
//! 800 lines, and the emitters and the API report read only the IR, never
//! the model.

use std::path::{Path, PathBuf};

use integration_tests::repo_root;

/// The folders of hand-written Rust; `generated/` and the fixture crate are
/// the generator's output, checked by the freshness tests instead.
const SOURCE_FOLDERS: &[&str] = &[
    "codegen/src",
    "codegen/benches",
    "runtime/src",
    "xtask/src",
    "xtask/tests",
    "tests/src",
    "tests/tests",
    "tests/benches",
    "tests/request-path/src",
    "tests/tls-providers/src",
    "tests/fuzz/fuzz_targets",
];

const MAX_LINES: usize = 800;

fn rust_files(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn sources() -> Vec<(String, String)> {
    let root = repo_root();
    let files: Vec<(String, String)> = SOURCE_FOLDERS
        .iter()
        .flat_map(|folder| rust_files(&root.join(folder)))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.strip_prefix(&root).unwrap().display().to_string();
            (name, text)
        })
        .collect();
    assert!(files.len() > 100, "only {} source files found", files.len());
    files
}

#[test]
fn every_source_opens_with_what_it_owns() {
    let bare: Vec<String> = sources()
        .into_iter()
        .filter(|(_, text)| !text.starts_with("//!"))
        .map(|(name, _)| name)
        .collect();
    assert!(
        bare.is_empty(),
        "these files do not open with a `//!` comment saying what they own: {bare:?}"
    );
}

#[test]
fn no_hand_written_file_passes_800_lines() {
    let long: Vec<(String, usize)> = sources()
        .into_iter()
        .map(|(name, text)| (name, text.lines().count()))
        .filter(|(_, lines)| *lines > MAX_LINES)
        .collect();
    assert!(long.is_empty(), "split these files by concern: {long:?}");
}

#[test]
fn emitters_and_the_report_read_only_the_ir() {
    let layered: Vec<String> = sources()
        .into_iter()
        .filter(|(name, _)| {
            name.starts_with("codegen/src/emit/") || name.starts_with("codegen/src/api/")
        })
        .filter(|(_, text)| {
            [
                "crate::model",
                "super::model",
                "crate::transform",
                "super::transform",
            ]
            .iter()
            .any(|path| text.contains(path))
        })
        .map(|(name, _)| name)
        .collect();
    assert!(
        layered.is_empty(),
        "emitters and the API report must read the IR, not the model: {layered:?}"
    );
}
