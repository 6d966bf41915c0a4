//! The API change report: every rule against a reviewed fixture case, the
//! mirror property, and real model pairs.

use std::collections::BTreeSet;

use codegen::api::{self, Change, Rule, ServiceSurface};
use codegen::{ModelSource, ServiceRequest};
use integration_tests::diff_cases::{fixture, qualified, side};
use integration_tests::syntax::{self, Syntax};
use integration_tests::{repo_root, upstream_model, upstream_models_dir};
use serde_json::Value;

fn surface(model: &Value, name: &str) -> ServiceSurface {
    let request = ServiceRequest {
        module: None,
        sources: vec![ModelSource::new(name, model.to_string())],
        service: None,
        operations: Vec::new(),
        protocol: None,
    };
    let (surface, missing) =
        codegen::api_surface(&request).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(missing.is_empty());
    surface
}

/// A change as the cases write it: rule, severity, shape and member.
type Row = (String, String, String, Option<String>);

fn rows(changes: &[Change]) -> BTreeSet<Row> {
    changes
        .iter()
        .map(|c| {
            (
                c.rule.id().to_owned(),
                c.severity.as_str().to_owned(),
                c.shape.clone(),
                c.member.clone(),
            )
        })
        .collect()
}

fn expected(case: &Value) -> BTreeSet<Row> {
    case["expect"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: `expect` must be a list", case["name"]))
        .iter()
        .map(|row| {
            let text = |i: usize| row.get(i).and_then(Value::as_str).map(str::to_owned);
            (
                text(0).unwrap(),
                text(1).unwrap(),
                qualified(&text(2).unwrap()),
                text(3),
            )
        })
        .collect()
}

fn diff(old: &ServiceSurface, new: &ServiceSurface) -> Vec<Change> {
    api::diff(std::slice::from_ref(old), std::slice::from_ref(new))
}

struct Case {
    name: String,
    old: ServiceSurface,
    new: ServiceSurface,
    expect: BTreeSet<Row>,
}

fn cases() -> Vec<Case> {
    let base = fixture("base.json");
    let cases = fixture("cases.json");
    cases["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| {
            let name = case["name"].as_str().unwrap().to_owned();
            Case {
                old: surface(&side(&base, case.get("old")), &format!("{name} (old)")),
                new: surface(&side(&base, case.get("new")), &format!("{name} (new)")),
                expect: expected(case),
                name,
            }
        })
        .collect()
}

#[test]
fn each_case_reports_exactly_its_changes() {
    let mut failures = Vec::new();
    for case in cases() {
        let changes = diff(&case.old, &case.new);
        let found = rows(&changes);
        if found != case.expect {
            failures.push(format!(
                "{}:\n  expected {:?}\n  found    {:?}\n{}",
                case.name,
                case.expect,
                found,
                api::report::text(&changes)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every rule has a case that reports it, so its severity is asserted.
#[test]
fn every_rule_has_a_case() {
    let mut covered: BTreeSet<String> = cases()
        .iter()
        .flat_map(|case| {
            case.expect
                .iter()
                .map(|row| row.0.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    // Whole services come and go only between surfaces, not edits of one
    // model; `services_come_and_go` covers them.
    covered.insert(Rule::ServiceAdded.id().to_owned());
    covered.insert(Rule::ServiceRemoved.id().to_owned());
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .map(|r| r.id())
        .filter(|id| !covered.contains(*id))
        .collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
}

#[test]
fn swapping_the_models_mirrors_every_change() {
    for case in cases() {
        let forward = diff(&case.old, &case.new);
        let backward = diff(&case.new, &case.old);
        assert_eq!(forward.len(), backward.len(), "{}", case.name);
        for change in &forward {
            let mirrored = backward.iter().any(|b| {
                b.shape == change.shape
                    && (b.rule == change.rule.mirror()
                        || (b.rule.family().is_some() && b.rule.family() == change.rule.family()))
            });
            assert!(
                mirrored,
                "{}: no mirror of {} on {} in\n{}",
                case.name,
                change.rule.id(),
                change.shape,
                api::report::text(&backward)
            );
        }
    }
}

#[test]
fn services_come_and_go() {
    let base = surface(&fixture("base.json"), "base");
    let added = api::diff(&[], std::slice::from_ref(&base));
    let removed = api::diff(std::slice::from_ref(&base), &[]);
    assert_eq!(rows(&added).len(), 1);
    assert_eq!(added[0].rule, Rule::ServiceAdded);
    assert_eq!(added[0].severity, api::Severity::Compatible);
    assert_eq!(removed[0].rule, Rule::ServiceRemoved);
    assert_eq!(removed[0].severity, api::Severity::Breaking);
}

#[test]
fn a_fingerprint_reads_back_as_the_surface_it_was_written_from() {
    let surfaces: Vec<ServiceSurface> = cases().into_iter().map(|c| c.new).collect();
    let text = api::fingerprint::render(&surfaces);
    let read = api::fingerprint::parse(&text).unwrap().unwrap();
    assert_eq!(read, surfaces);
    let other_format = text.replace("\"format\": 2", "\"format\": 999");
    assert_ne!(other_format, text, "the fingerprint names its format");
    assert_eq!(api::fingerprint::parse(&other_format).unwrap(), None);
    assert!(api::fingerprint::parse("{").is_err());
}

fn rows_of(list: &[(&str, &str, &str, Option<&str>)]) -> BTreeSet<Row> {
    list.iter()
        .map(|(rule, severity, shape, member)| {
            (
                rule.to_string(),
                severity.to_string(),
                shape.to_string(),
                member.map(str::to_owned),
            )
        })
        .collect()
}

fn model_file(path: &str) -> Value {
    let path = repo_root().join(path);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// The members of a request body as the surface has them: fields that
/// are not bound to the path, query or headers.
fn body_members(surface: &ServiceSurface, shape: &str) -> BTreeSet<String> {
    match &surface.types[shape] {
        api::surface::TypeSurface::Struct(def) => def
            .fields
            .iter()
            .filter(|f| f.binding.is_empty())
            .map(|f| f.member.clone())
            .collect(),
        other => panic!("{shape} is a {}", other.kind_name()),
    }
}

fn top_level(syntax: &Syntax) -> BTreeSet<String> {
    match syntax {
        Syntax::Object(members) => members.keys().cloned().collect(),
        other => panic!("expected an object, found {other:?}"),
    }
}

/// The API reference page of UpdateTrafficDistribution documents the
/// request before `SignInConfig` and `AgentConfig`; our older fixture is
/// that request, and the report says what the newer model adds.
#[test]
fn the_documented_older_traffic_distribution_request_against_todays() {
    let old = surface(
        &model_file("tests/fixtures/diff/connect-traffic-distribution-older.json"),
        "older",
    );
    let new = surface(&model_file("models/connect.json"), "models/connect.json");
    let request = "com.amazonaws.connect#UpdateTrafficDistributionRequest";
    let page = integration_tests::seed_page("UpdateTrafficDistribution\n");
    let (_, _, body) = syntax::api_reference_request(&page);
    assert_eq!(top_level(&body), body_members(&old, request));
    let page = integration_tests::seed_page(
        ":doc:`Connect <../../connect>` / Client / update_traffic_distribution",
    );
    let mut documented = top_level(&syntax::boto3_request(&page));
    documented.remove("Id");
    assert_eq!(documented, body_members(&new, request));
    let changes = diff(&old, &new);
    let connect = |name: &str| format!("com.amazonaws.connect#{name}");
    let expected: BTreeSet<Row> = [
        (
            "field-added",
            "UpdateTrafficDistributionRequest",
            Some("AgentConfig"),
        ),
        (
            "field-added",
            "UpdateTrafficDistributionRequest",
            Some("SignInConfig"),
        ),
        ("type-added", "AgentConfig", None),
        ("type-added", "SignInConfig", None),
        ("type-added", "SignInDistribution", None),
    ]
    .into_iter()
    .map(|(rule, shape, member)| {
        (
            rule.to_owned(),
            "compatible".to_owned(),
            connect(shape),
            member.map(str::to_owned),
        )
    })
    .collect();
    assert_eq!(rows(&changes), expected, "{}", api::report::text(&changes));
    assert_eq!(api::Bump::of(&changes), api::Bump::Minor);
    let backward = diff(&new, &old);
    assert!(backward
        .iter()
        .all(|c| c.severity == api::Severity::Breaking));
}

#[test]
fn upstream_connect_against_itself_has_no_changes() {
    let dir = upstream_models_dir();
    let model = upstream_model(&dir, "connect-2017-08-08");
    let request = ServiceRequest {
        module: None,
        sources: vec![model],
        service: None,
        operations: Vec::new(),
        protocol: None,
    };
    let (a, _) = codegen::api_surface(&request).unwrap();
    let (b, _) = codegen::api_surface(&request).unwrap();
    assert!(a.operations.len() > 250, "the whole service is compared");
    assert_eq!(diff(&a, &b), Vec::new());
}

/// A user retargets `AgentStatus$Tags` (a `TagMap`) to a string: the
/// report names the field's type as the generated struct declares it, and
/// reports the checks that still apply once, not those of the map's keys
/// and values, which the new type does not have.
#[test]
fn a_map_field_made_a_string_is_reported_with_its_declared_types() {
    let dir = upstream_models_dir();
    let original = upstream_model(&dir, "connect-2017-08-08");
    let mut edited: Value = serde_json::from_str(&original.text).unwrap();
    edited["shapes"]["com.amazonaws.connect#AgentStatus"]["members"]["Tags"]["target"] =
        Value::from("smithy.api#String");
    let old: Value = serde_json::from_str(&original.text).unwrap();
    let changes = diff(&surface(&old, "old"), &surface(&edited, "new"));
    let shown: Vec<(String, String)> = changes
        .iter()
        .map(|c| (c.rule.id().to_owned(), c.message.clone()))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "field-type-changed".to_owned(),
                "field `tags` of `AgentStatus` changes type from `Option<BTreeMap<String, String>>` to `Option<String>`".to_owned()
            ),
            (
                "length-loosened".to_owned(),
                "`@length` of field `tags` of `AgentStatus` is unbounded instead of 1..=50: loosened (responses are not validated)".to_owned()
            ),
        ]
    );
}

/// Every field and union variant of every fixture service: the type the
/// report spells is the type the generated `types.rs` declares, read back
/// from the generated source with syn.
#[test]
fn the_report_spells_types_as_the_generated_code_declares_them() {
    let (request, _) =
        xtask::manifest_request(&repo_root().join("tests/fixtures/manifest.json")).unwrap();
    let generated = codegen::generate(&request).unwrap();
    let mut compared = 0;
    for service in &generated.api {
        let source = &generated.files[&format!("src/{}/types.rs", service.module)];
        let declared = declared_types(source);
        for ty in service.types.values() {
            let (name, spelled): (&str, Vec<(String, Option<String>)>) = match ty {
                api::surface::TypeSurface::Struct(s) => (
                    &s.name,
                    s.fields
                        .iter()
                        .map(|f| (f.name.clone(), Some(f.rust.clone())))
                        .collect(),
                ),
                api::surface::TypeSurface::Union(u) => (
                    &u.name,
                    u.variants
                        .iter()
                        .map(|v| (v.name.clone(), v.rust.clone()))
                        .collect(),
                ),
                api::surface::TypeSurface::Enum(_) => continue,
            };
            for (member, rust) in spelled {
                let key = (name.to_owned(), member.trim_start_matches("r#").to_owned());
                let found = declared
                    .get(&key)
                    .unwrap_or_else(|| panic!("{key:?} is not declared in {}", service.module));
                let expected = rust.unwrap_or_else(|| "Unit".to_owned()).replace(' ', "");
                assert_eq!(found, &expected, "{}::{key:?}", service.module);
                compared += 1;
            }
        }
    }
    assert!(
        compared > 200,
        "only {compared} fields and variants compared"
    );
}

/// The field types of every struct and the value types of every enum
/// variant with one value, by (type, field or variant), as short paths
/// (`BTreeMap<String, Blob>`).
fn declared_types(source: &str) -> std::collections::BTreeMap<(String, String), String> {
    let file = syn::parse_file(source).expect("generated Rust parses");
    let short = |ty: &syn::Type| {
        // A trailing comma the formatter leaves in a long generic list is
        // not part of the type.
        let text = quote::ToTokens::to_token_stream(ty)
            .to_string()
            .replace(' ', "")
            .replace(",>", ">");
        [
            "::std::collections::",
            "::std::option::",
            "::std::vec::",
            "::std::string::",
            "::std::boxed::",
            "crate::runtime::",
        ]
        .iter()
        .fold(text, |text, prefix| text.replace(prefix, ""))
    };
    let mut declared = std::collections::BTreeMap::new();
    for item in file.items {
        match item {
            syn::Item::Struct(def) => {
                for field in def.fields {
                    let Some(name) = field.ident else { continue };
                    let name = name.to_string().trim_start_matches("r#").to_owned();
                    declared.insert((def.ident.to_string(), name), short(&field.ty));
                }
            }
            syn::Item::Enum(def) => {
                for variant in def.variants {
                    if let syn::Fields::Unnamed(fields) = &variant.fields {
                        if let [field] = &fields.unnamed.iter().collect::<Vec<_>>()[..] {
                            let key = (def.ident.to_string(), variant.ident.to_string());
                            declared.insert(key, short(&field.ty));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    declared
}

/// Upstream Chime SDK Voice against a copy with edits of the kind model
/// updates bring.
#[test]
fn upstream_chime_sdk_voice_against_an_edited_copy() {
    let dir = upstream_models_dir();
    let original = upstream_model(&dir, "chime-sdk-voice-2022-08-03");
    let mut edited: Value = serde_json::from_str(&original.text).unwrap();
    let ns = "com.amazonaws.chimesdkvoice#";
    let shapes = edited["shapes"].as_object_mut().unwrap();
    // A new protocol value, a tighter priority, a new required member of a
    // structure callers build, a dropped operation, and a retryable error.
    shapes[&format!("{ns}OriginationRouteProtocol")]["members"]["TLS"] = serde_json::json!({
        "target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "TLS"}
    });
    shapes[&format!("{ns}OriginationRoutePriority")]["traits"]["smithy.api#range"]["max"] =
        serde_json::json!(10);
    shapes[&format!("{ns}Origination")]["members"]["Mode"] = serde_json::json!({
        "target": "smithy.api#String", "traits": {"smithy.api#required": {}}
    });
    shapes[&format!("{ns}ServiceUnavailableException")]["traits"]["smithy.api#retryable"] =
        serde_json::json!({});
    let service = shapes
        .get_mut(&format!("{ns}ChimeSDKTelephonyService"))
        .unwrap();
    let operations = service["operations"].as_array_mut().unwrap();
    let before = operations.len();
    operations.retain(|op| op["target"] != format!("{ns}DeleteVoiceConnectorOrigination"));
    assert_eq!(operations.len(), before - 1);
    let old = surface(&serde_json::from_str(&original.text).unwrap(), "upstream");
    let new = surface(&edited, "edited");
    let changes = diff(&old, &new);
    let chime = |name: &str| format!("{ns}{name}");
    let expected = rows_of(&[
        (
            "enum-value-added",
            "compatible",
            &chime("OriginationRouteProtocol"),
            Some("TLS"),
        ),
        (
            "range-tightened",
            "risky",
            &chime("OriginationRoute"),
            Some("Priority"),
        ),
        (
            "field-added",
            "breaking",
            &chime("Origination"),
            Some("Mode"),
        ),
        (
            "error-retryable-changed",
            "risky",
            &chime("ServiceUnavailableException"),
            None,
        ),
        (
            "operation-removed",
            "breaking",
            &chime("DeleteVoiceConnectorOrigination"),
            None,
        ),
        (
            "type-removed",
            "breaking",
            &chime("DeleteVoiceConnectorOriginationRequest"),
            None,
        ),
        // `Mode` is required: `Origination` stops being its own builder.
        ("own-builder-removed", "risky", &chime("Origination"), None),
    ]);
    assert_eq!(rows(&changes), expected, "{}", api::report::text(&changes));
    assert_eq!(api::Bump::of(&changes), api::Bump::Major);
}
