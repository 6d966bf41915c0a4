//! Constraint validation: the documented limits of both operations at their
//! boundaries, every constraint kind on the fixture model, paths of nested
//! violations, and every `@pattern` of the upstream models.

use aws_generated::chime_sdk_voice::types as voice;
use aws_generated::connect::types as connect;
use aws_generated::runtime::{from_json, Constraint, Validate};
use fixtures_generated::constraints::types as fx;
use fixtures_generated::runtime::{Constraint as FxConstraint, Validate as FxValidate};

/// (path, constraint) of every violation, or empty when the value is valid.
fn broken<T: Validate>(value: &T) -> Vec<(String, Constraint)> {
    match value.validate() {
        Ok(()) => vec![],
        Err(e) => e
            .violations()
            .iter()
            .map(|v| (v.path().to_owned(), v.constraint().clone()))
            .collect(),
    }
}

fn fx_broken<T: FxValidate>(value: &T) -> Vec<(String, FxConstraint)> {
    match value.validate() {
        Ok(()) => vec![],
        Err(e) => e
            .violations()
            .iter()
            .map(|v| (v.path().to_owned(), v.constraint().clone()))
            .collect(),
    }
}

fn paths<C>(violations: &[(String, C)]) -> Vec<&str> {
    violations.iter().map(|(p, _)| p.as_str()).collect()
}

const GROUP_UUID: &str = "6a7d2e3c-1f0b-4c6e-9a8d-0123456789ab";

fn distribution(region: &str, percentage: i32) -> connect::Distribution {
    connect::Distribution::builder()
        .region(region)
        .percentage(percentage)
        .build()
        .unwrap()
}

fn traffic(
    id: &str,
    distributions: Vec<connect::Distribution>,
) -> connect::UpdateTrafficDistributionRequest {
    connect::UpdateTrafficDistributionRequest::builder()
        .id(id)
        .telephony_config(
            connect::TelephonyConfig::builder()
                .distributions(distributions)
                .build()
                .unwrap(),
        )
        .build()
}

#[test]
fn percentage_is_0_to_100() {
    for (percentage, valid) in [(-1, false), (0, true), (100, true), (101, false)] {
        let result = broken(&distribution("us-west-2", percentage));
        assert_eq!(
            result.is_empty(),
            valid,
            "Percentage {percentage}: {result:?}"
        );
        if !valid {
            assert_eq!(
                result,
                [(
                    "Percentage".to_owned(),
                    Constraint::Range {
                        min: Some("0"),
                        max: Some("100")
                    }
                )]
            );
        }
    }
}

#[test]
fn aws_region_length_is_8_to_31() {
    let length = |actual| Constraint::Length {
        min: Some(8),
        max: Some(31),
        actual,
    };
    let of_length = |n: usize| format!("ab-{}", "c".repeat(n - 3));
    assert_eq!(
        broken(&distribution(&of_length(7), 10)),
        [("Region".to_owned(), length(7))]
    );
    assert!(broken(&distribution(&of_length(8), 10)).is_empty());
    assert!(broken(&distribution(&of_length(31), 10)).is_empty());
    assert_eq!(
        broken(&distribution(&of_length(32), 10)),
        [("Region".to_owned(), length(32))]
    );
}

#[test]
fn aws_region_pattern() {
    for region in [
        "us-west-2",
        "eu-central-1",
        "us-gov-west-1",
        "ap-southeast-2",
    ] {
        assert!(broken(&distribution(region, 10)).is_empty(), "{region}");
    }
    for region in ["US-WEST-2", "us_west_2", "uswest2x", "us-west-2-b-c"] {
        let result = broken(&distribution(region, 10));
        assert!(
            result
                .iter()
                .any(|(p, c)| p == "Region" && matches!(c, Constraint::Pattern { .. })),
            "{region}: {result:?}"
        );
    }
}

#[test]
fn traffic_distribution_group_id_is_a_uuid_or_its_arn() {
    let arn =
        format!("arn:aws:connect:us-west-2:123456789012:traffic-distribution-group/{GROUP_UUID}");
    let gov = format!(
        "arn:aws-us-gov:connect:us-gov-west-1:123456789012:traffic-distribution-group/{GROUP_UUID}"
    );
    for id in [GROUP_UUID.to_owned(), arn.clone(), gov] {
        assert!(broken(&traffic(&id, vec![])).is_empty(), "{id}");
    }
    let wrong_kind = arn.replace("traffic-distribution-group", "instance");
    let upper = GROUP_UUID.to_uppercase();
    let short = &GROUP_UUID[1..];
    for id in [wrong_kind.as_str(), upper.as_str(), short, "not-a-uuid"] {
        let result = broken(&traffic(id, vec![]));
        assert!(
            matches!(result.as_slice(), [(p, Constraint::Pattern { .. })] if p == "Id"),
            "{id}: {result:?}"
        );
    }
}

#[test]
fn an_empty_label_is_reported() {
    let result = broken(&traffic("", vec![]));
    assert!(
        result.contains(&("Id".to_owned(), Constraint::EmptyLabel)),
        "{result:?}"
    );
    let origination = voice::Origination::builder().build();
    let input = |id: &str| {
        voice::PutVoiceConnectorOriginationRequest::builder()
            .voice_connector_id(id)
            .origination(origination.clone())
            .build()
    };
    let result = broken(&input(""));
    assert!(
        result.contains(&("VoiceConnectorId".to_owned(), Constraint::EmptyLabel)),
        "{result:?}"
    );
    // `\S` is not anchored: one non-space character anywhere is enough.
    assert!(broken(&input("  a ")).is_empty());
    let result = broken(&input("   "));
    assert!(
        matches!(result.as_slice(), [(p, Constraint::Pattern { pattern: "\\S" })] if p == "VoiceConnectorId")
    );
}

#[test]
fn required_members_of_inputs_are_checked() {
    let input = voice::PutVoiceConnectorOriginationRequest::builder()
        .voice_connector_id("abc")
        .build();
    assert_eq!(
        broken(&input),
        [("Origination".to_owned(), Constraint::Required)]
    );
    let input = connect::UpdateTrafficDistributionRequest::builder().build();
    assert_eq!(broken(&input), [("Id".to_owned(), Constraint::Required)]);
}

fn route(port: i32, priority: i32, weight: i32, protocol: &str) -> voice::OriginationRoute {
    voice::OriginationRoute::builder()
        .host("sip.example.com")
        .port(port)
        .priority(priority)
        .weight(weight)
        .protocol(voice::OriginationRouteProtocol::from(protocol))
        .build()
}

#[test]
fn port_priority_weight_and_protocol() {
    for (port, valid) in [(-1, false), (0, true), (65535, true), (65536, false)] {
        assert_eq!(
            broken(&route(port, 1, 1, "TCP")).is_empty(),
            valid,
            "Port {port}"
        );
    }
    for (value, valid) in [(0, false), (1, true), (100, true), (101, false)] {
        assert_eq!(
            broken(&route(5060, value, 1, "UDP")).is_empty(),
            valid,
            "Priority {value}"
        );
        assert_eq!(
            broken(&route(5060, 1, value, "UDP")).is_empty(),
            valid,
            "Weight {value}"
        );
    }
    let result = broken(&route(5060, 1, 1, "SCTP"));
    assert_eq!(
        result,
        [(
            "Protocol".to_owned(),
            Constraint::Enum {
                allowed: &["TCP", "UDP"]
            }
        )]
    );
    let error = route(5060, 1, 1, "SCTP").validate().unwrap_err();
    assert_eq!(error.violations()[0].value(), Some("\"SCTP\""));
}

#[test]
fn every_violation_at_every_depth_is_reported_with_its_path() {
    let input = traffic(
        "nope",
        vec![
            distribution("us-west-2", 50),
            distribution("us-west-2", 120),
            distribution("X", -5),
        ],
    );
    let result = broken(&input);
    assert_eq!(
        paths(&result),
        [
            "Id",
            "TelephonyConfig.Distributions[1].Percentage",
            "TelephonyConfig.Distributions[2].Region",
            "TelephonyConfig.Distributions[2].Region",
            "TelephonyConfig.Distributions[2].Percentage",
        ]
    );
    let error = input.validate().unwrap_err();
    let text = error.to_string();
    assert!(text.starts_with("5 constraint violations"), "{text}");
    assert!(
        text.contains(
            "TelephonyConfig.Distributions[1].Percentage = 120 is outside the range 0..=100"
        ),
        "{text}"
    );
    assert!(
        text.contains("TelephonyConfig.Distributions[2].Region has length 1, outside 8..=31"),
        "{text}"
    );

    let voice_input: voice::PutVoiceConnectorOriginationRequest = from_json(
        r#"{"VoiceConnectorId": "vc", "Origination": {"Routes": [
            {"Host": "a", "Port": 70000, "Protocol": "TCP", "Priority": 1, "Weight": 1},
            {"Host": "b", "Port": 5060, "Protocol": "QUIC", "Priority": 0, "Weight": 1}]}}"#,
    )
    .unwrap();
    assert_eq!(
        paths(&broken(&voice_input)),
        [
            "Origination.Routes[0].Port",
            "Origination.Routes[1].Protocol",
            "Origination.Routes[1].Priority"
        ]
    );
}

fn item() -> fixtures_generated::constraints::builders::ItemBuilder {
    fx::Item::builder()
}

#[test]
fn string_length_counts_unicode_scalar_values() {
    let check = |title: &str| fx_broken(&item().title(title).build());
    assert!(!check("a").is_empty());
    assert!(check("ab").is_empty());
    assert!(
        check("😀😀😀😀").is_empty(),
        "four emoji are four characters, sixteen bytes"
    );
    assert!(check("éèêë").is_empty());
    assert_eq!(
        check("abcde"),
        [(
            "Title".to_owned(),
            FxConstraint::Length {
                min: Some(2),
                max: Some(4),
                actual: 5
            }
        )]
    );
    // A member's own @length replaces its target's.
    assert!(fx_broken(&item().short_code("ab").build()).is_empty());
    assert!(!fx_broken(&item().code("ab").build()).is_empty());
    assert!(!fx_broken(&item().short_code("abc").build()).is_empty());
}

#[test]
fn blob_list_and_map_lengths() {
    use fixtures_generated::runtime::Blob;
    let data = |n: usize| fx_broken(&item().data(Blob::new(vec![0u8; n])).build());
    assert_eq!(
        (data(0).len(), data(1).len(), data(3).len(), data(4).len()),
        (1, 0, 0, 1)
    );
    let part = || fx::Part::builder().size(1).build().unwrap();
    let parts = |n: usize| fx_broken(&item().parts(vec![part(); n]).build());
    assert_eq!(
        (
            parts(0).len(),
            parts(1).len(),
            parts(3).len(),
            parts(4).len()
        ),
        (1, 0, 0, 1)
    );
    let tags = |n: usize| {
        let tags: std::collections::BTreeMap<_, _> =
            (1..=n).map(|i| ("k".repeat(i), "ok".to_owned())).collect();
        fx_broken(&item().tags(tags).build())
    };
    assert_eq!((tags(2).len(), tags(3).len()), (0, 1));
}

#[test]
fn ranges_of_every_numeric_type() {
    let range = |v: fx::Item| fx_broken(&v).len();
    let tiny = |n: i8| range(item().tiny(n).build());
    assert_eq!((tiny(-3), tiny(-2), tiny(2), tiny(3)), (1, 0, 0, 1));
    let small = |n: i16| range(item().small(n).build());
    assert_eq!((small(i16::MIN), small(300), small(301)), (0, 0, 1));
    let count = |n: i32| range(item().count(n).build());
    assert_eq!((count(0), count(1), count(10), count(11)), (1, 0, 0, 1));
    let big = |n: i64| range(item().big(n).build());
    assert_eq!(
        (
            big(i64::MIN),
            big(i64::MIN + 1),
            big(i64::MAX - 1),
            big(i64::MAX)
        ),
        (1, 0, 0, 1),
        "exact at i64 bounds"
    );
    let ratio = |n: f64| range(item().ratio(n).build());
    assert_eq!(
        (
            ratio(-0.001),
            ratio(0.0),
            ratio(1.0),
            ratio(1.001),
            ratio(f64::NAN)
        ),
        (1, 0, 0, 1, 1)
    );
    let weight = |n: f32| range(item().weight(n).build());
    assert_eq!(
        (weight(0.49), weight(0.5), weight(f32::INFINITY)),
        (1, 0, 0)
    );
    let half = |n: i32| range(item().half_step(n).build());
    assert_eq!(
        (half(0), half(1), half(2), half(3)),
        (1, 0, 0, 1),
        "fractional bounds on an integer"
    );
    let huge = |n: &str| {
        range(
            item()
                .huge(fixtures_generated::runtime::BigInteger::from_literal(n))
                .build(),
        )
    };
    assert_eq!(
        (
            huge("9"),
            huge("10"),
            huge("100000000000000000000"),
            huge("100000000000000000001")
        ),
        (1, 0, 0, 1)
    );
    let precise = |n: &str| {
        range(
            item()
                .precise(fixtures_generated::runtime::BigDecimal::from_literal(n))
                .build(),
        )
    };
    assert_eq!(
        (
            precise("0.2499"),
            precise("0.25"),
            precise("0.75"),
            precise("0.7501")
        ),
        (1, 0, 0, 1)
    );
}

#[test]
fn patterns_use_ecma_262_semantics() {
    let check = |v: fx::Item| fx_broken(&v).len();
    // Not anchored: a digit anywhere matches `\d`; `\d` is ASCII only.
    assert_eq!(
        (
            check(item().digits("abc1def").build()),
            check(item().digits("abc").build())
        ),
        (0, 1)
    );
    assert_eq!(
        check(item().digits("٣").build()),
        1,
        "Arabic-Indic digits are not \\d in ECMA 262"
    );
    // Lookahead.
    assert_eq!(
        (
            check(item().key("tag:x").build()),
            check(item().key("aws:x").build())
        ),
        (0, 1)
    );
    // Unicode property escapes (the `u` flag).
    assert_eq!(
        (
            check(item().label("Grüße Welt").build()),
            check(item().label("abc1").build())
        ),
        (0, 1)
    );
    // Identity escapes that only the non-Unicode syntax allows.
    assert_eq!(
        (
            check(item().slug("a_b-c").build()),
            check(item().slug("a.b").build())
        ),
        (0, 1)
    );
}

#[test]
fn patterns_and_lengths_apply_to_enum_values() {
    let format = |text: &str| {
        let item = fx::Item::builder().format(fx::Format::from(text)).build();
        fx_broken(&item)
            .into_iter()
            .map(|(_, constraint)| constraint)
            .collect::<Vec<_>>()
    };
    assert!(format("epub").is_empty());
    let broken = format("PDF-X1");
    assert_eq!(broken.len(), 3, "{broken:?}");
    assert!(matches!(
        broken[0],
        FxConstraint::Length {
            max: Some(5),
            actual: 6,
            ..
        }
    ));
    assert_eq!(
        broken[1],
        FxConstraint::Pattern {
            pattern: "^[a-z]+$"
        }
    );
    assert!(matches!(broken[2], FxConstraint::Enum { .. }));
}

#[test]
fn enums_unions_unique_items_and_nesting() {
    let value: fx::Item = fixtures_generated::runtime::from_json(
        r#"{"Kind": "tape", "Level": 7, "Shape": {"Part": {"Size": 0, "Note": "x"}},
            "UniqueNames": ["a", "b", "a", "b"], "SparseTitles": ["ok", null, "toolong"],
            "Tags": {"Env": "prod"},
            "Children": {"child": {"Parts": [{"Size": 11}], "Children": {"deeper": {"Count": 0}}}}}"#,
    )
    .unwrap();
    let result = fx_broken(&value);
    assert_eq!(
        paths(&result),
        [
            "Tags[\"Env\"]",
            "UniqueNames[2]",
            "UniqueNames[3]",
            "SparseTitles[2]",
            "Kind",
            "Level",
            "Shape.Part.Size",
            "Shape.Part.Note",
            "Children[\"child\"].Parts[0].Size",
            "Children[\"child\"].Children[\"deeper\"].Count",
        ]
    );
    assert_eq!(result[1].1, FxConstraint::UniqueItems { first: 0 });
    assert_eq!(
        result[4].1,
        FxConstraint::Enum {
            allowed: &["book", "disc"]
        }
    );
    assert_eq!(result[5].1, FxConstraint::IntEnum { allowed: &[1, 2] });
    assert!(
        fx_broken(&fx::Shape::Unknown(
            fixtures_generated::runtime::UnknownMember::new("New")
        )) == [(String::new(), FxConstraint::UnknownUnionMember)]
    );
}

#[test]
fn sensitive_values_are_redacted_in_violations() {
    let error = item().secret("12345").build().validate().unwrap_err();
    let violation = &error.violations()[0];
    assert_eq!(violation.path(), "Secret");
    assert_eq!(violation.value(), Some("***"));
    assert!(!error.to_string().contains("12345"));
}

#[test]
fn a_valid_request_passes() {
    let input = traffic(
        GROUP_UUID,
        (0..10).map(|_| distribution("us-west-2", 10)).collect(),
    );
    assert_eq!(input.validate(), Ok(()));
    let valid: voice::PutVoiceConnectorOriginationRequest = from_json(
        r#"{"VoiceConnectorId": "abcdef1ghij2klmno3pqr4", "Origination": {"Routes": [
            {"Host": "10.24.34.0", "Port": 5060, "Protocol": "TCP", "Priority": 1, "Weight": 50}], "Disabled": false}}"#,
    )
    .unwrap();
    assert_eq!(valid.validate(), Ok(()));
}

/// The one pattern of these upstream models that is not valid ECMA 262: a
/// quantifier on `$`, which V8 rejects too ("Nothing to repeat"), but Java
/// accepts, and the generator translates.
const JAVA_DIALECT_UPSTREAM_PATTERN: &str = "^[-_a-zA-Z0-9]*${2,64}$";

#[test]
fn every_upstream_pattern_compiles_at_run_time() {
    let dir = integration_tests::upstream_models_dir();
    let mut compiled = 0;
    for pattern in integration_tests::upstream_patterns(&dir) {
        use aws_generated::runtime::validate::Matcher;
        let ok = Matcher::ecma(&pattern, true)
            .or_else(|| Matcher::ecma(&pattern, false))
            .is_some();
        assert_eq!(ok, pattern != JAVA_DIALECT_UPSTREAM_PATTERN, "{pattern:?}");
        compiled += usize::from(ok);
    }
    assert!(compiled > 150, "only {compiled} patterns found");
}

#[test]
fn java_dialect_patterns_are_translated() {
    let dir = integration_tests::upstream_models_dir();
    // Every upstream model compiles all its patterns under the strict policy,
    // Chime SDK Voice's Java-only `${2,64}` (which means `$`) included.
    for stem in [
        "chime-sdk-voice-2022-08-03",
        "connect-2017-08-08",
        "connectcases-2022-10-03",
        "dataexchange-2017-07-25",
        "location-2020-11-19",
        "omics-2022-11-28",
    ] {
        let request = integration_tests::single_service(
            vec![integration_tests::upstream_model(&dir, stem)],
            "m",
        );
        let generated = codegen::generate(&request).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert!(
            generated.warnings.is_empty(),
            "{stem}: {:?}",
            generated.warnings
        );
        if stem.starts_with("chime") {
            let validate = &generated.files["src/m/validate.rs"];
            // Translated to ECMA 262, then to the regex crate's syntax.
            assert!(
                validate.contains(r#""^[\\-_a-zA-Z0-9]*$$""#),
                "translated form"
            );
        }
    }
}

#[test]
fn java_dialect_patterns_check_what_java_means() {
    let item = |f: fn(
        fixtures_generated::constraints::builders::ItemBuilder,
    ) -> fixtures_generated::constraints::builders::ItemBuilder| {
        f(fx::Item::builder()).build()
    };
    let broken = |value: &fx::Item| -> Vec<String> {
        match value.validate() {
            Ok(()) => vec![],
            Err(e) => e.violations().iter().map(|v| v.path().to_owned()).collect(),
        }
    };
    // `(?s)`: `.` matches line terminators.
    assert!(broken(&item(|b| b.note("xtwo\nlines"))).is_empty());
    assert_eq!(broken(&item(|b| b.note("y"))), ["Note"]);
    // `${1,3}` is `$`.
    assert!(broken(&item(|b| b.handle("abc"))).is_empty());
    assert_eq!(broken(&item(|b| b.handle("ab c"))), ["Handle"]);
    // `[/]?+` keeps the slash it takes: it gives nothing back to `[a-z/]+`.
    assert!(broken(&item(|b| b.path("/a/b"))).is_empty());
    assert!(broken(&item(|b| b.path("//a"))).is_empty());
    assert_eq!(broken(&item(|b| b.path("/"))), ["Path"]);
}

#[test]
fn a_pattern_with_no_ecma_form_is_left_unchecked_unless_strict() {
    let model = codegen::ModelSource::new(
        "inline.json",
        r#"{"smithy": "2.0", "shapes": {
            "ns#S": {"type": "service", "operations": [{"target": "ns#Op"}], "traits": {"aws.protocols#restJson1": {}}},
            "ns#Op": {"type": "operation", "input": {"target": "ns#In"}},
            "ns#In": {"type": "structure", "members": {"Name": {"target": "ns#Spaced"}}},
            "ns#Spaced": {"type": "string", "traits": {"smithy.api#pattern": "(?x)^a b c$"}}
        }}"#,
    );
    let mut request = integration_tests::single_service(vec![model], "m");
    let error = codegen::generate(&request).unwrap_err();
    assert_eq!(error.location.shape.as_deref(), Some("ns#Spaced"));
    assert!(
        error
            .to_string()
            .contains("nor Java syntax with an exact ECMA 262 form"),
        "{error}"
    );
    request.pattern_policy = codegen::PatternPolicy::Warn;
    let generated = codegen::generate(&request).unwrap();
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    assert!(
        generated.warnings[0].contains("ns#Spaced"),
        "{:?}",
        generated.warnings
    );
    assert!(generated.warnings[0].ends_with("left unchecked"));
}
