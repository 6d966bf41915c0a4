//! `cargo xtask generate` as a user runs it: exit codes, messages, and what
//! happens to the output folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MODEL: &str = r#"{"smithy": "2.0", "shapes": {
    "t#Svc": {"type": "service", "operations": [{"target": "t#Op"}]},
    "t#Op": {"type": "operation", "input": {"target": "t#Input"}},
    "t#Input": {"type": "structure", "members": {"Name": {"target": "smithy.api#String"}}}
}}"#;

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }
}

fn generate(model: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("generate")
        .arg("--model")
        .arg(model)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push((path.clone(), fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn writes_a_crate_then_only_what_changed() {
    let scratch = Scratch::new("writes");
    let model = scratch.write("model.json", MODEL);
    let out = scratch.0.join("out");
    let first = generate(&model, &out, &["--crate-name", "demo"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let summary = text(&first.stdout);
    assert!(summary.contains("1 services, 1 operations"), "{summary}");
    assert!(
        summary.contains("34 files written, 0 unchanged"),
        "{summary}"
    );
    assert!(fs::read_to_string(out.join("Cargo.toml"))
        .unwrap()
        .contains("name = \"demo\""));

    let second = generate(&model, &out, &[]);
    assert!(
        text(&second.stdout).contains("1 files written, 33 unchanged"),
        "{}",
        text(&second.stdout)
    );
    let third = generate(&model, &out, &[]);
    assert!(
        text(&third.stdout).contains("0 files written, 34 unchanged"),
        "{}",
        text(&third.stdout)
    );
}

#[test]
fn a_bad_model_fails_and_leaves_the_output_untouched() {
    let scratch = Scratch::new("bad");
    let model = scratch.write("model.json", MODEL);
    let out = scratch.0.join("out");
    assert!(generate(&model, &out, &[]).status.success());
    let before = snapshot(&out);

    let broken = MODEL.replace("smithy.api#String", "t#Missing");
    let bad = scratch.write("model.json", &broken);
    let result = generate(&bad, &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains(
            "model.json: shape `t#Input`, member `Name`: target `t#Missing` is not defined"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(snapshot(&out), before);

    let invalid = scratch.write("model.json", "{\"smithy\": \"2.0\",");
    let result = generate(&invalid, &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        text(&result.stderr).contains("invalid JSON at line 1"),
        "{}",
        text(&result.stderr)
    );
    assert_eq!(snapshot(&out), before);
}

#[test]
fn check_lists_stale_files_and_writes_nothing() {
    let scratch = Scratch::new("check");
    let model = scratch.write("model.json", MODEL);
    let out = scratch.0.join("out");
    assert!(generate(&model, &out, &[]).status.success());
    let clean = generate(&model, &out, &["--check"]);
    assert!(clean.status.success(), "{}", text(&clean.stderr));

    let edited = out.join("src/svc/types.rs");
    let original = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, original.replace("Name", "Nom")).unwrap();
    let before = snapshot(&out);
    let stale = generate(&model, &out, &["--check"]);
    assert_eq!(stale.status.code(), Some(1));
    let stderr = text(&stale.stderr);
    assert!(stderr.contains("run `cargo xtask generate`"), "{stderr}");
    assert!(stderr.contains("src/svc/types.rs"), "{stderr}");
    assert_eq!(snapshot(&out), before, "--check must not write");
}

#[test]
fn removes_generated_files_that_no_longer_belong_and_keeps_others() {
    let scratch = Scratch::new("removes");
    let model = scratch.write("model.json", MODEL);
    let out = scratch.0.join("out");
    assert!(generate(&model, &out, &[]).status.success());
    let leftover = scratch.write(
        "out/src/old/types.rs",
        "// Generated by `cargo xtask generate`. Do not edit by hand.\n",
    );
    let mine = scratch.write("out/notes.txt", "hand-written\n");
    let result = generate(&model, &out, &[]);
    assert!(
        text(&result.stdout).contains("1 removed"),
        "{}",
        text(&result.stdout)
    );
    assert!(!leftover.exists());
    assert!(
        !leftover.parent().unwrap().exists(),
        "the emptied folder is removed too"
    );
    assert!(mine.exists());
}

#[test]
fn unknown_operation_is_reported() {
    let scratch = Scratch::new("operation");
    let model = scratch.write("model.json", MODEL);
    let result = generate(&model, &scratch.0.join("out"), &["--operation", "Nope"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(text(&result.stderr).contains("operation `Nope` is not an operation of the service"));
    assert!(!scratch.0.join("out").exists());
}
