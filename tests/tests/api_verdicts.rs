//! Proof that the API report's verdicts hold for real callers. For a
//! sample of fixture cases, crates are generated from the old and the new
//! model (one module per case), and small caller programs written against
//! the old crate are built against both:
//!
//! - "compatible" cases compile against the new crate, and send the same
//!   request;
//! - "breaking" cases either stop compiling (each case's caller is its own
//!   file, so the errors name the cases that broke) or send a different
//!   request.
//!
//! This runs cargo, so it takes a while the first time; the builds share
//! a target folder under `target/`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::api::{self, Severity};
use codegen::{
    CrateConfig, GenerateRequest, ModelSource, PatternPolicy, RuntimeSource, ServiceRequest,
};
use integration_tests::diff_cases::case_models;
use integration_tests::repo_root;

/// A sampled case: its module name, the case's name in `cases.json`, the
/// verdict the report must give, and the caller's code, written against
/// the old crate as `m` (the case's module).
struct Probe {
    module: &'static str,
    case: &'static str,
    verdict: Severity,
    /// A function body compiled as a caller's code.
    compile: &'static str,
    /// An expression giving the `PutThingInput` whose request is compared,
    /// or `None` when the case is only compiled.
    request: Option<&'static str>,
}

const PROBES: &[Probe] = &[
    Probe {
        module: "optional_field_added",
        case: "optional field added",
        verdict: Severity::Compatible,
        compile: "let input = m::types::PutThingInput::builder().id(\"1\").note(\"n\").build(); let _ = input.note.as_deref();",
        request: Some("m::types::PutThingInput::builder().id(\"1\").note(\"n\").build()"),
    },
    Probe {
        module: "enum_value_added",
        case: "enum value added",
        verdict: Severity::Compatible,
        compile: "let color = m::types::Color::Red; let _ = match color { m::types::Color::Red => 1, m::types::Color::Green => 2, _ => 0 };",
        request: Some("m::types::PutThingInput::builder().id(\"1\").color(m::types::Color::Green).build()"),
    },
    Probe {
        module: "union_member_added",
        case: "union member added",
        verdict: Severity::Compatible,
        compile: "let form = m::types::Form::Circle(1); let _ = match form { m::types::Form::Circle(r) => r, m::types::Form::Square(s) => s, _ => 0 };",
        request: Some("m::types::PutThingInput::builder().id(\"1\").form(m::types::Form::Square(2)).build()"),
    },
    Probe {
        module: "operation_error_added",
        case: "operation error added",
        verdict: Severity::Compatible,
        compile: "fn describe(e: &m::errors::PutThingError) -> bool { match e { m::errors::PutThingError::BadThing(_) => true, _ => false } } let _ = describe;",
        request: None,
    },
    Probe {
        module: "range_loosened",
        case: "range loosened",
        verdict: Severity::Compatible,
        compile: "let input = m::types::PutThingInput::builder().id(\"1\").count(5).build(); let _: Option<i32> = input.count;",
        request: Some("m::types::PutThingInput::builder().id(\"1\").count(5).build()"),
    },
    Probe {
        module: "field_type_changed",
        case: "field type changed",
        verdict: Severity::Breaking,
        compile: "fn count(input: &m::types::PutThingInput) -> Option<i32> { input.count } let _ = count;",
        request: None,
    },
    Probe {
        module: "type_renamed",
        case: "type renamed by the service",
        verdict: Severity::Breaking,
        compile: "let _ = m::types::Color::Red;",
        request: None,
    },
    Probe {
        module: "field_became_required",
        case: "field became required",
        verdict: Severity::Breaking,
        compile: "fn label(part: &m::types::Part) -> Option<&str> { part.label.as_deref() } let _ = label;",
        request: None,
    },
    Probe {
        module: "recursion_boxes_a_field",
        case: "recursion boxes a field",
        verdict: Severity::Breaking,
        compile: "fn parts(input: &m::types::PutThingInput) -> Option<&m::types::Part> { input.parts.as_ref() } let _ = parts;",
        request: None,
    },
    Probe {
        module: "enum_variant_renamed",
        case: "enum variant renamed",
        verdict: Severity::Breaking,
        compile: "let _ = m::types::Color::Green;",
        request: None,
    },
    Probe {
        module: "json_name_changed",
        case: "json name changed",
        verdict: Severity::Breaking,
        compile: "let _ = m::types::PutThingInput::builder().id(\"1\").note(\"n\").build();",
        request: Some("m::types::PutThingInput::builder().id(\"1\").note(\"n\").build()"),
    },
    Probe {
        module: "header_renamed",
        case: "header renamed",
        verdict: Severity::Breaking,
        compile: "let _ = m::types::PutThingInput::builder().id(\"1\").trace(\"t\").build();",
        request: Some("m::types::PutThingInput::builder().id(\"1\").trace(\"t\").build()"),
    },
    Probe {
        module: "http_uri_changed",
        case: "http uri changed",
        verdict: Severity::Breaking,
        compile: "let _ = m::types::PutThingInput::builder().id(\"1\").build();",
        request: Some("m::types::PutThingInput::builder().id(\"1\").build()"),
    },
    Probe {
        module: "timestamp_format_changed",
        case: "timestamp format changed",
        verdict: Severity::Breaking,
        compile: "let _ = m::types::PutThingInput::builder().id(\"1\").when(api::runtime::Timestamp::from_secs_and_nanos(1_700_000_000, 0)).build();",
        request: Some("m::types::PutThingInput::builder().id(\"1\").when(api::runtime::Timestamp::from_secs_and_nanos(1_700_000_000, 0)).build()"),
    },
];

fn work_dir() -> PathBuf {
    repo_root().join("target").join("api-verdicts")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Generates the crate of every probe's old (or new) model into `dir`.
fn generate(side: &str, dir: &Path) {
    let services = PROBES
        .iter()
        .map(|probe| {
            let (old, new) = case_models(probe.case);
            let model = if side == "old" { old } else { new };
            ServiceRequest {
                module: Some(probe.module.to_owned()),
                sources: vec![ModelSource::new(
                    format!("{} ({side})", probe.case),
                    model.to_string(),
                )],
                service: None,
                operations: Vec::new(),
                protocol: None,
            }
        })
        .collect();
    let request = GenerateRequest {
        config: CrateConfig {
            name: format!("verdicts-{side}"),
            standalone: true,
            runtime: RuntimeSource::Path(repo_root().join("runtime").display().to_string()),
        },
        services,
        pattern_policy: PatternPolicy::Strict,
    };
    xtask::write_crate(request, dir).unwrap();
}

/// A caller crate built against the generated crate of `side`.
fn caller(dir: &Path, side: &str, bin: bool, sources: &[(String, String)]) {
    let api = work_dir().join(format!("crate-{side}"));
    let kind = if bin {
        "[[bin]]\nname = \"probe\"\npath = \"src/main.rs\"\n"
    } else {
        ""
    };
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"probe-{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n{kind}\n[dependencies]\napi = {{ package = \"verdicts-{side}\", path = \"{}\" }}\n\n[workspace]\n",
            dir.file_name().unwrap().to_string_lossy(),
            api.display()
        ),
    );
    for (path, text) in sources {
        write(&dir.join(path), text);
    }
}

/// `cargo build` of a caller; the paths of the files with errors, or
/// `Ok(())`.
fn build(dir: &Path) -> Result<(), BTreeSet<String>> {
    let output = Command::new(env!("CARGO"))
        .args([
            "build",
            "--quiet",
            "--message-format",
            "short",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", work_dir().join("target"))
        .output()
        .expect("cargo runs");
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let files: BTreeSet<String> = stderr
        .lines()
        .filter(|line| line.contains(": error"))
        .filter_map(|line| line.split(':').next())
        .map(str::to_owned)
        .collect();
    assert!(
        !files.is_empty(),
        "cargo failed without naming a file:\n{stderr}"
    );
    Err(files)
}

/// Each wire probe's request, one line each: method, URI, headers, body.
fn run(dir: &Path) -> Vec<String> {
    let output = Command::new(dir.join("..").join("target").join("debug").join("probe"))
        .output()
        .expect("the probe runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn verdicts_hold_for_callers_of_the_generated_crates() {
    // The report first: each probe's case gives the verdict it claims.
    for probe in PROBES {
        let (old, new) = case_models(probe.case);
        let surface = |model: &serde_json::Value| {
            let request = ServiceRequest {
                module: None,
                sources: vec![ModelSource::new(probe.case, model.to_string())],
                service: None,
                operations: Vec::new(),
                protocol: None,
            };
            codegen::api_surface(&request).unwrap().0
        };
        let changes = api::diff(&[surface(&old)], &[surface(&new)]);
        let worst = changes.iter().map(|c| c.severity).min();
        assert_eq!(worst, Some(probe.verdict), "{}: {changes:?}", probe.case);
    }

    let work = work_dir();
    generate("old", &work.join("crate-old"));
    generate("new", &work.join("crate-new"));

    // Compile probes: one file per case.
    let mut lib = String::from("#![allow(dead_code, unused_variables, clippy::all)]\n");
    let mut sources = Vec::new();
    for probe in PROBES {
        lib.push_str(&format!("mod {};\n", probe.module));
        sources.push((
            format!("src/{}.rs", probe.module),
            format!(
                "use api::{} as m;\n\npub fn probe() {{\n    {}\n}}\n",
                probe.module, probe.compile
            ),
        ));
    }
    sources.push(("src/lib.rs".to_owned(), lib));
    let (compile_old, compile_new) = (work.join("compile-old"), work.join("compile-new"));
    caller(&compile_old, "old", false, &sources);
    caller(&compile_new, "new", false, &sources);
    assert_eq!(
        build(&compile_old),
        Ok(()),
        "every probe compiles against the old crate"
    );
    let broken = build(&compile_new).err().unwrap_or_default();

    // Wire probes: the request each one sends.
    let wire: Vec<&Probe> = PROBES.iter().filter(|p| p.request.is_some()).collect();
    let mut main = String::from("use api::runtime::Operation;\n\nfn main() {\n");
    for probe in &wire {
        main.push_str(&format!(
            "    {{\n        use api::{module} as m;\n        let input = {input};\n        let r = m::operations::PutThing::serialize_request(&input).unwrap();\n        println!(\"{module} {{}} {{}} {{:?}} {{}}\", r.method(), r.uri(), r.headers(), String::from_utf8_lossy(r.body().as_bytes().unwrap_or_default()));\n    }}\n",
            module = probe.module,
            input = probe.request.unwrap(),
        ));
    }
    main.push_str("}\n");
    let wire_sources = vec![("src/main.rs".to_owned(), main)];
    let (wire_old, wire_new) = (work.join("wire-old"), work.join("wire-new"));
    caller(&wire_old, "old", true, &wire_sources);
    assert_eq!(build(&wire_old), Ok(()));
    let sent_old = run(&wire_old);
    caller(&wire_new, "new", true, &wire_sources);
    assert_eq!(build(&wire_new), Ok(()));
    let sent_new = run(&wire_new);
    assert_eq!(sent_old.len(), wire.len());

    for probe in PROBES {
        let file = format!("src/{}.rs", probe.module);
        let compiles = !broken.contains(&file);
        let same_wire = match wire.iter().position(|p| p.module == probe.module) {
            Some(index) => sent_old[index] == sent_new[index],
            None => true,
        };
        match probe.verdict {
            Severity::Compatible => assert!(
                compiles && same_wire,
                "{}: called compatible, but compiles: {compiles}, same request: {same_wire}",
                probe.case
            ),
            _ => assert!(
                !compiles || !same_wire,
                "{}: called breaking, but it still compiles and sends the same request",
                probe.case
            ),
        }
    }
}
