//! `cargo xtask generate` as a user runs it: exit codes, messages, and what
//! happens to the output folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MODEL: &str = r#"{"smithy": "2.0", "shapes": {
    "t#Svc": {"type": "service", "operations": [{"target": "t#Op"}], "traits": {"aws.protocols#restJson1": {}}},
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
    // Every file of the crate, the runtime's copy included, is new.
    let files = snapshot(&out).len();
    assert!(files > 40, "{files} files");
    assert!(
        summary.contains(&format!("{files} files written, 0 unchanged")),
        "{summary}"
    );
    assert!(fs::read_to_string(out.join("Cargo.toml"))
        .unwrap()
        .contains("name = \"demo\""));

    let second = generate(&model, &out, &[]);
    assert!(
        text(&second.stdout).contains(&format!("1 files written, {} unchanged", files - 1)),
        "{}",
        text(&second.stdout)
    );
    let third = generate(&model, &out, &[]);
    assert!(
        text(&third.stdout).contains(&format!("0 files written, {files} unchanged")),
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

fn diff(old: &Path, new: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .arg("--old")
        .arg(old)
        .arg("--new")
        .arg(new)
        .args(extra)
        .output()
        .unwrap()
}

/// The model with `Name` required: `build()` of `Input` now fails without
/// it, a breaking change.
fn with_required_name() -> String {
    MODEL.replace(
        r#""Name": {"target": "smithy.api#String"}"#,
        r#""Name": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}"#,
    )
}

#[test]
fn diff_exits_by_what_it_finds() {
    let scratch = Scratch::new("diff");
    let old = scratch.write("old.json", MODEL);
    let new = scratch.write("new.json", &with_required_name());

    let same = diff(&old, &old, &["--deny-breaking"]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stderr));
    assert!(text(&same.stdout).contains("0 breaking, 0 risky, 0 compatible"));

    let reported = diff(&old, &new, &[]);
    assert_eq!(reported.status.code(), Some(0));
    assert!(text(&reported.stdout).contains("t#Input$Name [nullability-changed]"));

    let denied = diff(&old, &new, &["--deny-breaking", "--format", "json"]);
    assert_eq!(denied.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&text(&denied.stdout)).unwrap();
    assert_eq!(json["changes"][0]["severity"], "breaking");
    assert_eq!(json["changes"][0]["shape"], "t#Input");
    assert_eq!(json["changes"][0]["member"], "Name");

    let broken = scratch.write(
        "broken.json",
        &MODEL.replace("smithy.api#String", "t#Missing"),
    );
    let failed = diff(&old, &broken, &[]);
    assert_eq!(failed.status.code(), Some(2));
    assert!(
        text(&failed.stderr).contains("t#Missing"),
        "{}",
        text(&failed.stderr)
    );
}

#[test]
fn regenerating_after_a_model_change_summarises_the_api_changes() {
    let scratch = Scratch::new("regenerate");
    let out = scratch.0.join("out");
    let model = scratch.write("model.json", MODEL);
    let first = generate(&model, &out, &[]);
    assert!(!text(&first.stdout).contains("API changes"));
    let model = scratch.write("model.json", &with_required_name());
    let second = generate(&model, &out, &[]);
    let summary = text(&second.stdout);
    assert!(
        summary
            .contains("API changes since the last generation: 1 breaking, 1 risky, 0 compatible"),
        "{summary}"
    );
    assert!(
        summary.contains(
            "breaking: field `name` of `Input` changes type from `Option<String>` to `String`"
        ),
        "{summary}"
    );
    assert!(summary.contains("major release"), "{summary}");
}

/// `MODEL` with its service's traits replaced by `traits`.
fn with_service_traits(traits: &str) -> String {
    MODEL.replace(
        r#""t#Svc": {"type": "service", "operations": [{"target": "t#Op"}], "traits": {"aws.protocols#restJson1": {}}}"#,
        &format!(r#""t#Svc": {{"type": "service", "operations": [{{"target": "t#Op"}}], "traits": {traits}}}"#),
    )
}

#[test]
fn a_service_without_a_served_protocol_is_refused_at_generation() {
    let scratch = Scratch::new("protocol-refused");
    let model = with_service_traits(r#"{"aws.protocols#awsQueryCompatible": {}}"#);
    assert_ne!(model, MODEL, "the service's traits were replaced");
    let model = scratch.write("model.json", &model);
    let out = scratch.0.join("out");
    let result = generate(&model, &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("shape `t#Svc`: the service offers no protocol, and this generator serves `smithy.protocols#rpcv2Cbor`, `aws.protocols#awsJson1_0`, `aws.protocols#awsJson1_1`, `aws.protocols#restJson1`, `aws.protocols#restXml`, `aws.protocols#awsQuery` and `aws.protocols#ec2Query`"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing was written");
}

#[test]
fn the_protocol_chosen_among_several_is_named_and_can_be_asked_for() {
    let scratch = Scratch::new("protocol-choice");
    let model =
        with_service_traits(r#"{"aws.protocols#restJson1": {}, "aws.protocols#restXml": {}}"#);
    let model = scratch.write("model.json", &model);
    let out = scratch.0.join("out");
    let result = generate(&model, &out, &[]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let summary = text(&result.stdout);
    assert!(
        summary.contains("generated for aws.protocols#restJson1 (preferred); the service also offers aws.protocols#restXml"),
        "{summary}"
    );
    let both =
        with_service_traits(r#"{"aws.protocols#restJson1": {}, "aws.protocols#awsJson1_1": {}}"#);
    let both = scratch.write("both.json", &both);
    let chosen = generate(&both, &out, &["--protocol", "aws.protocols#restJson1"]);
    assert!(chosen.status.success(), "{}", text(&chosen.stderr));
    let summary = text(&chosen.stdout);
    assert!(
        summary.contains("generated for aws.protocols#restJson1 (as asked); the service also offers aws.protocols#awsJson1_1"),
        "{summary}"
    );
    let asked = generate(&model, &out, &["--protocol", "aws.protocols#ec2Query"]);
    assert_eq!(asked.status.code(), Some(1));
    assert!(
        text(&asked.stderr).contains("the service does not offer `aws.protocols#ec2Query`"),
        "{}",
        text(&asked.stderr)
    );
}
