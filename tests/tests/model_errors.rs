//! Every kind of bad model gives an error naming the file, shape and member.

use codegen::{ErrorKind, GenerateRequest, ModelSource, ServiceRequest};
use integration_tests::single_service;

/// A valid service around `shapes` (JSON object members, without braces).
fn model(shapes: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "t#Svc": {{"type": "service", "operations": [{{"target": "t#Op"}}], "traits": {{"aws.protocols#restJson1": {{}}}}}},
            "t#Op": {{"type": "operation", "input": {{"target": "t#Input"}}}},
            {shapes}
        }}}}"#
    )
}

fn error_of(files: &[(&str, &str)]) -> codegen::Error {
    let sources = files
        .iter()
        .map(|(name, text)| ModelSource::new(*name, *text))
        .collect();
    match codegen::generate(&single_service(sources, "m")) {
        Ok(_) => panic!("the model was accepted"),
        Err(e) => e,
    }
}

fn assert_at(error: &codegen::Error, file: &str, shape: Option<&str>, member: Option<&str>) {
    assert_eq!(error.location.file, file, "{error}");
    assert_eq!(error.location.shape.as_deref(), shape, "{error}");
    assert_eq!(error.location.member.as_deref(), member, "{error}");
    let text = error.to_string();
    for part in [Some(file), shape, member].into_iter().flatten() {
        assert!(text.contains(part), "`{text}` does not name `{part}`");
    }
}

#[test]
fn invalid_json_names_line_and_column() {
    let error = error_of(&[(
        "bad.json",
        "{\n  \"smithy\": \"2.0\",\n  \"shapes\": {,}\n}",
    )]);
    assert!(
        matches!(
            error.kind,
            ErrorKind::InvalidJson {
                line: 3,
                column: 14,
                ..
            }
        ),
        "{error:?}"
    );
    assert_at(&error, "bad.json", None, None);
    assert!(error.to_string().contains("line 3, column 14"), "{error}");
}

#[test]
fn unsupported_or_missing_version() {
    let error = error_of(&[("v3.json", r#"{"smithy": "3.0", "shapes": {}}"#)]);
    assert!(
        matches!(&error.kind, ErrorKind::UnsupportedVersion(v) if v.contains("3.0")),
        "{error:?}"
    );
    assert_at(&error, "v3.json", None, None);
    let error = error_of(&[("none.json", r#"{"shapes": {}}"#)]);
    assert!(
        matches!(error.kind, ErrorKind::UnsupportedVersion(_)),
        "{error:?}"
    );
}

#[test]
fn unknown_shape_type() {
    let text = model(r#""t#Input": {"type": "structure"}, "t#Odd": {"type": "tuple"}"#);
    let error = error_of(&[("m.json", &text)]);
    assert_eq!(error.kind, ErrorKind::UnknownShapeType("tuple".into()));
    assert_at(&error, "m.json", Some("t#Odd"), None);
}

#[test]
fn missing_target_names_the_member() {
    let text = model(
        r#""t#Input": {"type": "structure", "members": {"Region": {"target": "t#AwsRegoin"}}}"#,
    );
    let error = error_of(&[("m.json", &text)]);
    assert_eq!(error.kind, ErrorKind::MissingTarget("t#AwsRegoin".into()));
    assert_at(&error, "m.json", Some("t#Input"), Some("Region"));
}

#[test]
fn conflicting_definitions_across_files() {
    let first = model(r#""t#Input": {"type": "structure"}, "t#Shared": {"type": "string"}"#);
    let second = r#"{"smithy": "2.0", "shapes": {"t#Shared": {"type": "integer"}}}"#;
    let error = error_of(&[("a.json", &first), ("b.json", second)]);
    assert_eq!(
        error.kind,
        ErrorKind::ConflictingDefinition {
            other_file: "a.json".into()
        }
    );
    assert_at(&error, "b.json", Some("t#Shared"), None);
}

#[test]
fn identical_definitions_across_files_merge() {
    let first = model(r#""t#Input": {"type": "structure"}, "t#Shared": {"type": "string"}"#);
    let second = r#"{"smithy": "2.0", "shapes": {"t#Shared": {"type": "string"}}}"#;
    let sources = vec![
        ModelSource::new("a.json", first),
        ModelSource::new("b.json", second),
    ];
    codegen::generate(&single_service(sources, "m")).expect("identical shapes merge");
}

#[test]
fn malformed_shape_ids() {
    let text = model(r#""t#Input": {"type": "structure"}, "no-namespace": {"type": "string"}"#);
    let error = error_of(&[("m.json", &text)]);
    assert!(
        matches!(error.kind, ErrorKind::MalformedShapeId(_)),
        "{error:?}"
    );
    assert_at(&error, "m.json", Some("no-namespace"), None);

    let text = model(r#""t#Input": {"type": "structure", "members": {"A": {"target": "t#9Bad"}}}"#);
    let error = error_of(&[("m.json", &text)]);
    assert!(
        matches!(error.kind, ErrorKind::MalformedShapeId(_)),
        "{error:?}"
    );
    assert_at(&error, "m.json", Some("t#Input"), Some("A"));
}

#[test]
fn list_without_member() {
    let text = model(r#""t#Input": {"type": "structure"}, "t#Names": {"type": "list"}"#);
    let error = error_of(&[("m.json", &text)]);
    assert_eq!(
        error.kind,
        ErrorKind::MissingCollectionMember("list".into())
    );
    assert_at(&error, "m.json", Some("t#Names"), Some("member"));
}

#[test]
fn map_key_must_be_a_string() {
    let text = model(
        r#""t#Input": {"type": "structure"},
           "t#Counts": {"type": "map", "key": {"target": "smithy.api#Integer"}, "value": {"target": "smithy.api#String"}}"#,
    );
    let error = error_of(&[("m.json", &text)]);
    assert_eq!(
        error.kind,
        ErrorKind::MapKeyNotString("smithy.api#Integer".into())
    );
    assert_at(&error, "m.json", Some("t#Counts"), Some("key"));
}

#[test]
fn member_targeting_an_operation() {
    let text = model(r#""t#Input": {"type": "structure", "members": {"Op": {"target": "t#Op"}}}"#);
    let error = error_of(&[("m.json", &text)]);
    assert!(
        matches!(&error.kind, ErrorKind::InvalidMemberTarget { kind, .. } if kind == "operation"),
        "{error:?}"
    );
    assert_at(&error, "m.json", Some("t#Input"), Some("Op"));
}

#[test]
fn http_label_without_member_and_member_without_label() {
    let text = model(
        r#""t#Input": {"type": "structure", "members": {"Name": {"target": "smithy.api#String"}}},
           "t#Other": {"type": "operation", "input": {"target": "t#Input"},
                       "traits": {"smithy.api#http": {"method": "GET", "uri": "/things/{Id}"}}}"#,
    );
    let error = error_of(&[("m.json", &text)]);
    assert_eq!(error.kind, ErrorKind::LabelWithoutMember("Id".into()));
    assert_at(&error, "m.json", Some("t#Other"), None);

    let text = model(
        r#""t#Input": {"type": "structure", "members": {"Id": {"target": "smithy.api#String",
              "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}}},
           "t#Other": {"type": "operation", "input": {"target": "t#Input"},
                       "traits": {"smithy.api#http": {"method": "GET", "uri": "/things"}}}"#,
    );
    let error = error_of(&[("m.json", &text)]);
    assert_eq!(error.kind, ErrorKind::MemberWithoutLabel("/things".into()));
    assert_at(&error, "m.json", Some("t#Input"), Some("Id"));
}

#[test]
fn duplicate_enum_values() {
    let text = model(
        r#""t#Input": {"type": "structure"},
           "t#Protocol": {"type": "enum", "members": {
               "TCP": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "tcp"}},
               "TCP_AGAIN": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "tcp"}}}}"#,
    );
    let error = error_of(&[("m.json", &text)]);
    assert_eq!(error.kind, ErrorKind::DuplicateEnumValue("`tcp`".into()));
    assert_at(&error, "m.json", Some("t#Protocol"), Some("TCP_AGAIN"));

    let text = model(
        r#""t#Input": {"type": "structure"},
           "t#Level": {"type": "intEnum", "members": {
               "LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}},
               "ALSO_LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}}}}"#,
    );
    let error = error_of(&[("m.json", &text)]);
    assert_eq!(error.kind, ErrorKind::DuplicateEnumValue("1".into()));
    assert_at(&error, "m.json", Some("t#Level"), Some("ALSO_LOW"));
}

#[test]
fn malformed_traits() {
    let text = model(
        r#""t#Input": {"type": "structure", "members": {
               "Port": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": "5060"}}}}"#,
    );
    let error = error_of(&[("m.json", &text)]);
    assert!(
        matches!(&error.kind, ErrorKind::InvalidTrait { trait_id, .. } if trait_id == "smithy.api#default"),
        "{error:?}"
    );
    assert_at(&error, "m.json", Some("t#Input"), Some("Port"));

    let text = model(
        r#""t#Input": {"type": "structure"},
           "t#Other": {"type": "operation", "traits": {"smithy.api#http": {"uri": "/x"}}}"#,
    );
    let error = error_of(&[("m.json", &text)]);
    assert!(
        matches!(&error.kind, ErrorKind::InvalidTrait { trait_id, .. } if trait_id == "smithy.api#http"),
        "{error:?}"
    );
    assert_at(&error, "m.json", Some("t#Other"), None);
}

/// Every trait the generator reads is decoded when the model loads; a value
/// of the wrong form names the trait and where it is applied.
#[test]
fn each_malformed_trait_value_names_its_trait_and_owner() {
    let member_cases = [
        (r#""smithy.api#length": {"min": "1"}"#, "smithy.api#length"),
        (r#""smithy.api#range": {"max": true}"#, "smithy.api#range"),
        (r#""smithy.api#pattern": 3"#, "smithy.api#pattern"),
        (r#""smithy.api#jsonName": {}"#, "smithy.api#jsonName"),
        (
            r#""smithy.api#timestampFormat": "unix""#,
            "smithy.api#timestampFormat",
        ),
        (r#""smithy.api#httpHeader": 1"#, "smithy.api#httpHeader"),
        (r#""smithy.api#httpQuery": null"#, "smithy.api#httpQuery"),
        (
            r#""smithy.api#deprecated": {"message": 1}"#,
            "smithy.api#deprecated",
        ),
        (
            r#""smithy.api#documentation": 1"#,
            "smithy.api#documentation",
        ),
        (
            r#""smithy.api#httpLabel": {}, "smithy.api#httpHeader": "X""#,
            "smithy.api#httpLabel",
        ),
    ];
    for (traits, trait_id) in member_cases {
        let text = model(&format!(
            r#""t#Input": {{"type": "structure", "members": {{
                   "A": {{"target": "smithy.api#String", "traits": {{{traits}}}}}}}}}"#
        ));
        let error = error_of(&[("m.json", &text)]);
        assert!(
            matches!(&error.kind, ErrorKind::InvalidTrait { trait_id: t, .. } if t == trait_id),
            "{traits}: {error}"
        );
        assert_at(&error, "m.json", Some("t#Input"), Some("A"));
    }
    let shape_cases = [
        (r#""smithy.api#error": "caller""#, "smithy.api#error"),
        (r#""smithy.api#httpError": 302"#, "smithy.api#httpError"),
        (
            r#""smithy.api#retryable": {"throttling": 1}"#,
            "smithy.api#retryable",
        ),
        (r#""smithy.api#enum": [{"name": "A"}]"#, "smithy.api#enum"),
        (
            r#""smithy.api#endpoint": {"hostPrefix": "{a."}"#,
            "smithy.api#endpoint",
        ),
        (
            r#""smithy.api#requestCompression": {}"#,
            "smithy.api#requestCompression",
        ),
        (r#""aws.api#service": {"sdkId": 7}"#, "aws.api#service"),
    ];
    for (traits, trait_id) in shape_cases {
        let text = model(&format!(
            r#""t#Input": {{"type": "structure"}},
               "t#Odd": {{"type": "string", "traits": {{{traits}}}}}"#
        ));
        let error = error_of(&[("m.json", &text)]);
        assert!(
            matches!(&error.kind, ErrorKind::InvalidTrait { trait_id: t, .. } if t == trait_id),
            "{traits}: {error}"
        );
        assert_at(&error, "m.json", Some("t#Odd"), None);
    }
}

#[test]
fn apply_to_a_missing_member() {
    let text = model(
        r#""t#Input": {"type": "structure"},
           "t#Input$Nope": {"type": "apply", "traits": {"smithy.api#required": {}}}"#,
    );
    let error = error_of(&[("m.json", &text)]);
    assert_eq!(error.kind, ErrorKind::ApplyTargetMissing);
    assert_at(&error, "m.json", Some("t#Input"), Some("Nope"));
}

#[test]
fn mixin_cycle() {
    let text = model(
        r#""t#Input": {"type": "structure", "mixins": [{"target": "t#A"}]},
           "t#A": {"type": "structure", "mixins": [{"target": "t#B"}], "traits": {"smithy.api#mixin": {}}},
           "t#B": {"type": "structure", "mixins": [{"target": "t#A"}], "traits": {"smithy.api#mixin": {}}}"#,
    );
    let error = error_of(&[("m.json", &text)]);
    assert_eq!(error.kind, ErrorKind::MixinCycle);
}

#[test]
fn service_and_operation_not_in_the_model() {
    let text = model(r#""t#Input": {"type": "structure"}"#);
    let request = |service: Option<&str>, operations: Vec<String>| GenerateRequest {
        services: vec![ServiceRequest {
            module: None,
            sources: vec![ModelSource::new("m.json", text.clone())],
            service: service.map(str::to_owned),
            operations,
            protocol: None,
        }],
        ..single_service(vec![], "m")
    };
    let error = codegen::generate(&request(Some("t#Nope"), vec![])).unwrap_err();
    assert_eq!(error.kind, ErrorKind::ServiceNotFound("t#Nope".into()));
    let error = codegen::generate(&request(Some("t#Svc"), vec!["Missing".into()])).unwrap_err();
    assert_eq!(error.kind, ErrorKind::OperationNotFound("Missing".into()));
    assert_at(&error, "m.json", Some("t#Svc"), None);
}

#[test]
fn list_that_contains_itself() {
    let text = model(
        r#""t#Input": {"type": "structure", "members": {"L": {"target": "t#Loop"}}},
           "t#Loop": {"type": "list", "member": {"target": "t#Loop"}}"#,
    );
    let error = error_of(&[("m.json", &text)]);
    assert!(
        matches!(error.kind, ErrorKind::MalformedAst(_)),
        "{error:?}"
    );
    assert_at(&error, "m.json", Some("t#Input"), Some("L"));
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let deep = format!(
        r#"{{"smithy": "2.0", "shapes": {{"t#A": {{"type": "string", "traits": {{"x#y": {}{}}}}}}}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let error = error_of(&[("deep.json", &deep)]);
    assert!(
        matches!(error.kind, ErrorKind::InvalidJson { .. }),
        "{error:?}"
    );
}

#[test]
fn long_mixin_chains_do_not_overflow() {
    let mut shapes =
        String::from(r#""t#Input": {"type": "structure", "mixins": [{"target": "t#M0"}]}"#);
    for i in 0..20_000 {
        shapes.push_str(&format!(
            r#", "t#M{i}": {{"type": "structure", "traits": {{"smithy.api#mixin": {{}}}}, "mixins": [{{"target": "t#M{}"}}]}}"#,
            i + 1
        ));
    }
    shapes.push_str(r#", "t#M20000": {"type": "structure", "traits": {"smithy.api#mixin": {}}, "members": {"Deep": {"target": "smithy.api#String"}}}"#);
    let sources = vec![ModelSource::new("m.json", model(&shapes))];
    let generated =
        codegen::generate(&single_service(sources, "m")).expect("a long chain is valid");
    assert!(generated.files["src/m/types.rs"].contains("pub deep:"));
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A deterministic sweep of truncations and corruptions of a valid model.
    let valid = model(
        r#""t#Input": {"type": "structure", "members": {"A": {"target": "smithy.api#String"}}}"#,
    );
    for cut in 0..valid.len() {
        let _ = codegen::generate(&single_service(
            vec![ModelSource::new("m.json", &valid[..cut])],
            "m",
        ));
    }
    let bytes = valid.as_bytes();
    for (i, replacement) in
        (0..bytes.len()).zip([b'"', b'{', b'}', b'[', b'0', b'#', b'$'].iter().cycle())
    {
        let mut corrupted = bytes.to_vec();
        corrupted[i] = *replacement;
        if let Ok(text) = String::from_utf8(corrupted) {
            let _ = codegen::generate(&single_service(vec![ModelSource::new("m.json", text)], "m"));
        }
    }
}

#[test]
fn absurdly_nested_lists_are_an_error_not_a_crash() {
    let mut shapes =
        String::from(r#""t#Input": {"type": "structure", "members": {"L": {"target": "t#L0"}}}"#);
    for i in 0..100_000 {
        shapes.push_str(&format!(
            r#", "t#L{i}": {{"type": "list", "member": {{"target": "t#L{}"}}}}"#,
            i + 1
        ));
    }
    shapes.push_str(r#", "t#L100000": {"type": "string"}"#);
    let error = error_of(&[("m.json", &model(&shapes))]);
    assert!(
        matches!(&error.kind, ErrorKind::MalformedAst(m) if m.contains("nest")),
        "{error:?}"
    );
    assert_at(&error, "m.json", Some("t#Input"), Some("L"));
}

/// A protocol test case on `t#Op`, and its input structure.
fn with_case(case: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "t#Svc": {{"type": "service", "operations": [{{"target": "t#Op"}}], "traits": {{"aws.protocols#restJson1": {{}}}}}},
            "t#Op": {{"type": "operation", "input": {{"target": "t#Input"}},
                "traits": {{"smithy.api#http": {{"method": "POST", "uri": "/"}},
                    "smithy.test#httpRequestTests": [{case}]}}}},
            "t#Input": {{"type": "structure", "members": {{
                "Count": {{"target": "smithy.api#Byte"}},
                "Names": {{"target": "t#Names"}}
            }}}},
            "t#Names": {{"type": "list", "member": {{"target": "smithy.api#String"}}}}
        }}}}"#
    )
}

#[test]
fn malformed_protocol_test_cases_name_the_case() {
    let base = r#""protocol": "aws.protocols#restJson1", "method": "POST", "uri": "/""#;
    for (case, message) in [
        (
            format!(r#"{{"id": "WrongType", {base}, "params": {{"Count": "one"}}}}"#),
            "protocol test case `WrongType`: member `Count`: expected an integer from -128 to 127, found \"one\"",
        ),
        (
            format!(r#"{{"id": "TooBig", {base}, "params": {{"Count": 300}}}}"#),
            "protocol test case `TooBig`: member `Count`: expected an integer from -128 to 127, found 300",
        ),
        (
            format!(r#"{{"id": "NoSuchMember", {base}, "params": {{"Cuont": 1}}}}"#),
            "protocol test case `NoSuchMember`: `Input` has no member `Cuont`",
        ),
        (
            format!(r#"{{"id": "NullItem", {base}, "params": {{"Names": ["a", null]}}}}"#),
            "protocol test case `NullItem`: member `Names`: [1]: null in a collection that is not @sparse",
        ),
        (
            r#"{"id": "NoMethod", "protocol": "aws.protocols#restJson1", "uri": "/"}"#.to_owned(),
            "protocol test case `NoMethod`: `method` is missing",
        ),
    ] {
        let error = error_of(&[("cases.json", &with_case(&case))]);
        assert_at(&error, "cases.json", Some("t#Op"), None);
        assert!(error.to_string().ends_with(message), "{error}");
    }
    let error = error_of(&[("cases.json", &with_case(r#"{"protocol": "p"}"#))]);
    assert!(
        error.to_string().contains("case 0 has no string `id`"),
        "{error}"
    );
}

/// A `@hostLabel` member is checked against the operation's `@endpoint`
/// host prefix; without `@endpoint` it fills nothing and is let be, as S3
/// Control's models have it where endpoint rules took the prefix's place.
#[test]
fn host_labels_are_checked_against_the_host_prefix_they_fill() {
    let member = r#""t#Input": {"type": "structure", "members": {
        "Account": {"target": "smithy.api#String", "traits": {"smithy.api#hostLabel": {}, "smithy.api#required": {}}}}}"#;
    let without_prefix = model(member);
    codegen::generate(&single_service(
        vec![ModelSource::new("m.json", without_prefix)],
        "m",
    ))
    .expect("a host label with no @endpoint is let be");
    let with_prefix = model(member).replace(
        r#""t#Op": {"type": "operation", "input": {"target": "t#Input"}}"#,
        r#""t#Op": {"type": "operation", "input": {"target": "t#Input"},
            "traits": {"smithy.api#endpoint": {"hostPrefix": "data."}}}"#,
    );
    let error = error_of(&[("m.json", &with_prefix)]);
    assert!(
        matches!(&error.kind, ErrorKind::InvalidTrait { trait_id, .. } if trait_id == "smithy.api#hostLabel"),
        "{error}"
    );
    assert_at(&error, "m.json", Some("t#Input"), Some("Account"));
}
