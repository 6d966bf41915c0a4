//! Several generated crates in one program: two services generated
//! separately with one `--runtime-dir`, and a program that depends on both
//! and passes values of runtime types (a client `Config`, a `Blob`) to
//! each, which compiles only if the two share one runtime crate. Without a
//! shared folder, the two bundled runtimes would be different packages of
//! the same name, which cargo refuses in one program.

use std::fs;
use std::path::Path;
use std::process::Command;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn generate(model: &str, out: &Path, name: &str, runtime_dir: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("generate")
        .arg("--model")
        .arg(repo_root().join("tests/fixtures/models").join(model))
        .arg("--out")
        .arg(out)
        .args(["--crate-name", name, "--runtime-dir"])
        .arg(runtime_dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn two_services_generated_apart_share_one_runtime_in_one_program() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("composition");
    let _ = fs::remove_dir_all(work.join("services"));
    let services = work.join("services");
    let runtime = services.join("smithy-runtime");
    generate("http.json", &services.join("notes"), "notes", &runtime);
    generate(
        "compliance.json",
        &services.join("compliance"),
        "compliance",
        &runtime,
    );
    let manifest = |name: &str| fs::read_to_string(services.join(name).join("Cargo.toml")).unwrap();
    for name in ["notes", "compliance"] {
        assert!(
            manifest(name).contains("smithy-runtime = { path = \"../smithy-runtime\""),
            "{}",
            manifest(name)
        );
        assert!(
            !services.join(name).join("runtime").exists(),
            "{name} bundles no runtime"
        );
    }
    let app = services.join("app");
    fs::create_dir_all(app.join("src")).unwrap();
    fs::write(
        app.join("Cargo.toml"),
        r#"[package]
name = "app"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
notes = { path = "../notes", default-features = false, features = ["client"] }
compliance = { path = "../compliance", default-features = false, features = ["client"] }
smithy-runtime = { path = "../smithy-runtime", default-features = false, features = ["client"] }

[workspace]
"#,
    )
    .unwrap();
    fs::write(
        app.join("src/main.rs"),
        r#"//! Uses two generated services with one runtime.
fn main() {
    let config = smithy_runtime::client::Config::builder().region("us-west-2").build();
    let _notes = notes::http_service::client::Client::new(config.clone());
    let _compliance = compliance::compliance_service::client::Client::new(config);
    let same: fn(notes::runtime::Blob) -> compliance::runtime::Blob = |blob| blob;
    print!("{}", same(smithy_runtime::Blob::new(vec![1, 2, 3])).as_bytes().len());
}
"#,
    )
    .unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--manifest-path"])
        .arg(app.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), "3");
}
