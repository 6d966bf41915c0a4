//! Behaviour of the generated types: builders, serde in the documentation's
//! syntax, enums, unions, defaults, redaction, recursion and naming.

use aws_generated::chime_sdk_voice::types as voice;
use aws_generated::connect::types as connect;
use aws_generated::runtime::{from_json, to_json, Operation};
use fixtures_generated::runtime::{from_json as fixture_from_json, UnknownMember};
use fixtures_generated::{mixins, naming, recursion, shapes, smithy1};

#[test]
fn build_reports_every_missing_required_member() {
    let error = shapes::types::Defaults::builder().build().unwrap_err();
    assert_eq!(error.shape(), "Defaults");
    assert_eq!(error.missing_members(), ["Required", "AlsoRequired"]);
    assert_eq!(
        error.to_string(),
        "cannot build `Defaults`: missing required members `Required`, `AlsoRequired`"
    );
    let error = connect::Distribution::builder()
        .percentage(10)
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot build `Distribution`: missing required member `Region`"
    );
}

#[test]
fn defaults_fill_unset_members() {
    let built = shapes::types::Defaults::builder()
        .required("r")
        .also_required(shapes::types::Color::Red)
        .build()
        .unwrap();
    assert_eq!(built.port, 5060);
    assert_eq!(built.zero, 0);
    assert_eq!(built.name, "unnamed");
    assert!(built.enabled);
    assert_eq!(built.ratio, 1.5);
    assert_eq!(built.color, shapes::types::Color::Green);
    assert_eq!(built.level, shapes::types::Level::High);
    assert!(built.tags.is_empty());
    assert_eq!(built.payload.as_bytes(), b"hi");
    assert_eq!(built.epoch.as_epoch_seconds(), 86400.0);
    assert_eq!(built.extra, serde_json::json!({"a": [1, true]}));
    assert_eq!(built.big.0, 12.into());
    assert_eq!(built.required_with_default, 7);
    // Optional by the client nullability rules, whatever their other traits.
    assert_eq!(built.client_optional, None);
    assert_eq!(built.added_later, None);
    assert_eq!(built.default_removed, None);
    // The same defaults apply when the JSON leaves members out. Required
    // members without a default must be there, `@clientOptional` or not.
    let loaded: shapes::types::Defaults =
        fixture_from_json(r#"{"Required": "r", "AlsoRequired": "red", "ClientOptional": "c"}"#)
            .unwrap();
    assert_eq!(loaded.client_optional.as_deref(), Some("c"));
    let mut expected = built;
    expected.client_optional = Some("c".into());
    assert_eq!(loaded, expected);
}

#[test]
fn input_members_are_optional_even_when_required() {
    let input = shapes::types::Everything::builder().build();
    assert_eq!(input.id, None);
    assert_eq!(input.required_but_input, None);
    let input = voice::PutVoiceConnectorOriginationRequest::builder().build();
    assert_eq!(input.origination, None);
}

/// The chime request written exactly as its documented request syntax.
const ORIGINATION_REQUEST: &str = r#"{
    "VoiceConnectorId": "abcdef1ghij2klmno3pqr4",
    "Origination": {
        "Routes": [
            {"Host": "10.24.34.0", "Port": 5060, "Protocol": "TCP", "Priority": 1, "Weight": 50},
            {"Host": "sip.example.com", "Port": 5061, "Protocol": "UDP", "Priority": 2, "Weight": 50}
        ],
        "Disabled": false
    }
}"#;

#[test]
fn documented_request_syntax_loads_and_round_trips() {
    let input: voice::PutVoiceConnectorOriginationRequest = from_json(ORIGINATION_REQUEST).unwrap();
    let origination = input.origination.as_ref().unwrap();
    let routes = origination.routes.as_ref().unwrap();
    assert_eq!(routes[1].host.as_deref(), Some("sip.example.com"));
    assert_eq!(
        routes[1].protocol,
        Some(voice::OriginationRouteProtocol::Udp)
    );
    assert_eq!(origination.disabled, Some(false));
    let written = to_json(&input).unwrap();
    let reread: voice::PutVoiceConnectorOriginationRequest = from_json(&written).unwrap();
    assert_eq!(reread, input);
    let as_value: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(
        as_value,
        serde_json::from_str::<serde_json::Value>(ORIGINATION_REQUEST).unwrap()
    );
}

#[test]
fn unknown_members_are_errors_with_a_suggestion() {
    let error = from_json::<voice::PutVoiceConnectorOriginationRequest>(
        r#"{"VoiceConnectorId": "v", "Origination": {"Routes": [{"Host": "h"}, {"Prot": "TCP"}]}}"#,
    )
    .unwrap_err();
    assert_eq!(error.path(), "Origination.Routes[1].Prot");
    assert_eq!(
        error.to_string(),
        "at `Origination.Routes[1].Prot`: unknown member; did you mean `Port`? (line 1, column 70)"
    );
    let error = from_json::<voice::PutVoiceConnectorOriginationRequest>(
        r#"{"Origination": {"Routes": [{"Host": "h"}, {"Port": "5060"}]}}"#,
    )
    .unwrap_err();
    assert_eq!(error.path(), "Origination.Routes[1].Port");
    assert!(
        error
            .to_string()
            .contains("expected a 32-bit integer, found a string"),
        "{error}"
    );
}

#[test]
fn wrong_types_missing_members_and_trailing_input_are_rejected() {
    let error = from_json::<voice::Origination>(r#"{"Disabled": "yes"}"#).unwrap_err();
    assert_eq!(error.path(), "Disabled");
    assert!(from_json::<voice::Origination>(r#"{} {}"#).is_err());
    // Error correction is for responses: input must have its required members.
    let error = from_json::<connect::Distribution>(r#"{"Percentage": 10}"#).unwrap_err();
    assert_eq!(error.path(), "Region");
    assert_eq!(
        error.kind(),
        &aws_generated::runtime::json::JsonErrorKind::MissingMember
    );
    // A structure is an object, not an array filled by position.
    let error = from_json::<voice::PutVoiceConnectorOriginationRequest>(
        r#"{"VoiceConnectorId": "v", "Origination": []}"#,
    )
    .unwrap_err();
    assert_eq!(error.path(), "Origination");
    assert!(
        error
            .to_string()
            .contains("expected an object, found an array"),
        "{error}"
    );
    let error =
        from_json::<connect::Distribution>(r#"{"Region": "a", "Region": "b", "Percentage": 1}"#)
            .unwrap_err();
    assert_eq!(error.path(), "Region");
    assert!(error.to_string().contains("given twice"), "{error}");
}

#[test]
fn enums_keep_unknown_values() {
    let protocol = voice::OriginationRouteProtocol::from("SCTP");
    assert_eq!(protocol.as_str(), "SCTP");
    assert!(matches!(
        protocol,
        voice::OriginationRouteProtocol::Unknown(_)
    ));
    assert_eq!(
        "TCP".parse::<voice::OriginationRouteProtocol>(),
        Ok(voice::OriginationRouteProtocol::Tcp)
    );
    assert_eq!(voice::OriginationRouteProtocol::VALUES, ["TCP", "UDP"]);
    let route: voice::OriginationRoute = from_json(r#"{"Protocol": "QUIC"}"#).unwrap();
    assert_eq!(route.protocol.as_ref().map(|p| p.as_str()), Some("QUIC"));
    assert!(to_json(&route).unwrap().contains("\"QUIC\""));

    assert_eq!(shapes::types::Level::from(2), shapes::types::Level::High);
    assert_eq!(shapes::types::Level::from(9).as_i32(), 9);
    assert_eq!(shapes::types::Color::Green.to_string(), "green");
    assert_eq!(shapes::types::LegacyEnum::AB.as_str(), "a-b");
    assert_eq!(
        shapes::types::LegacyEnum::from("plain"),
        shapes::types::LegacyEnum::Plain
    );
}

#[test]
fn unions_in_json() {
    let text: shapes::types::Choice = fixture_from_json(r#"{"Text": "hello"}"#).unwrap();
    assert_eq!(text, shapes::types::Choice::Text("hello".into()));
    let nothing: shapes::types::Choice = fixture_from_json(r#"{"Nothing": {}}"#).unwrap();
    assert_eq!(
        to_json(&nothing).unwrap().replace([' ', '\n'], ""),
        r#"{"Nothing":{}}"#
    );
    // Input is read strictly: a member this model does not list is an error
    // with a suggestion, and a union takes exactly one member (null members
    // do not count). Responses read unknown members as `Unknown` instead
    // (see the protocol tests).
    let error = fixture_from_json::<shapes::types::Choice>(r#"{"Texte": "x"}"#).unwrap_err();
    assert_eq!(error.path(), "Texte");
    assert!(
        error.to_string().contains("did you mean `Text`?"),
        "{error}"
    );
    let typed: shapes::types::Choice =
        fixture_from_json(r#"{"Number": null, "Text": "t"}"#).unwrap();
    assert_eq!(typed, shapes::types::Choice::Text("t".into()));
    let error =
        fixture_from_json::<shapes::types::Choice>(r#"{"Text": "a", "Nothing": {}}"#).unwrap_err();
    assert!(error.to_string().contains("one member"), "{error}");
    assert!(fixture_from_json::<shapes::types::Choice>("{}").is_err());
    assert!(to_json(&shapes::types::Choice::Unknown(UnknownMember::new("New"))).is_err());
}

#[test]
fn every_simple_type_round_trips() {
    let json = r#"{
        "Id": "id-1", "Blob": "aGVsbG8=", "Boolean": true, "Byte": -8, "Short": 300,
        "Integer": 70000, "Long": 9007199254740993, "Float": 1.5, "Double": 2.25,
        "BigInteger": "123456789012345678901234567890", "BigDecimal": "3.14159265358979323846",
        "Timestamp": "2024-02-29T12:00:00Z", "Document": {"any": ["thing", 1, null]},
        "Strings": ["a"], "UniqueStrings": ["b"], "SparseStrings": ["c", null],
        "Counts": {"x": 1}, "SparseCounts": {"y": null}, "ByColor": {"red": ["r"]},
        "Nested": [["n"]], "Color": "blue", "Level": 1, "Choice": {"Number": 3},
        "Legacy": "a-b", "Secret": {"User": "u"}, "RequiredButInput": 1
    }"#;
    let value: shapes::types::Everything = fixture_from_json(json).unwrap();
    assert_eq!(value.blob.as_ref().unwrap().as_bytes(), b"hello");
    assert_eq!(value.long, Some(9007199254740993));
    assert_eq!(
        value.big_integer.as_ref().unwrap().0.to_string(),
        "123456789012345678901234567890"
    );
    assert_eq!(
        value.big_decimal.as_ref().unwrap().0.to_string(),
        "3.14159265358979323846"
    );
    assert_eq!(value.timestamp.unwrap().as_epoch_seconds(), 1709208000.0);
    assert_eq!(value.sparse_strings, Some(vec![Some("c".into()), None]));
    assert_eq!(
        value.by_color.as_ref().unwrap()[&shapes::types::Color::Red],
        ["r"]
    );
    let reread: shapes::types::Everything = fixture_from_json(&to_json(&value).unwrap()).unwrap();
    assert_eq!(reread, value);
    let epoch: shapes::types::Everything =
        fixture_from_json(r#"{"Id": "id-1", "Timestamp": 1709208000, "RequiredButInput": 1}"#)
            .unwrap();
    assert_eq!(epoch.timestamp, value.timestamp);
}

#[test]
fn debug_redacts_sensitive_members() {
    let secret = shapes::types::Secret::builder()
        .user("alice")
        .password("hunter2")
        .old_passwords(vec!["letmein".to_owned()])
        .pin(1234)
        .card(shapes::types::Card::builder().number("4111").build())
        .hint(shapes::types::Hint::Spoken("rhymes with hunter".into()))
        .build();
    let printed = format!("{secret:?}");
    assert!(printed.contains("alice"), "{printed}");
    for hidden in ["hunter2", "letmein", "1234", "4111", "rhymes"] {
        assert!(!printed.contains(hidden), "{hidden} leaked: {printed}");
    }
    assert!(printed.contains("*** Sensitive Data Redacted ***"));
    let builder = shapes::types::Secret::builder().password("hunter2");
    assert!(!format!("{builder:?}").contains("hunter2"));
    let hint = shapes::types::Hint::Length(7);
    assert_eq!(format!("{hint:?}"), "Length(7)");
}

#[test]
fn recursive_shapes_nest() {
    use recursion::types::{Expression, Link, Pair};
    let sum = Expression::Not(Box::new(Expression::Sum(vec![
        Expression::Literal(1),
        Expression::Pair(
            Pair::builder()
                .left(Expression::Literal(2))
                .right(Expression::Literal(3))
                .build()
                .unwrap(),
        ),
    ])));
    let input = recursion::types::EvaluateInput::builder()
        .expression(sum.clone())
        .chain(
            Link::builder()
                .value(1)
                .next(Link::builder().value(2).build().unwrap())
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let json = to_json(&input).unwrap();
    let reread: recursion::types::EvaluateInput = fixture_from_json(&json).unwrap();
    assert_eq!(reread.expression, sum);
    assert_eq!(reread.chain.unwrap().next.unwrap().value, 2);
}

#[test]
fn naming_obstacle_course() {
    let option = naming::types::Option::builder()
        .r#type("t")
        .self_value("s")
        .crate_value("c")
        .build_value("b")
        .builder_value("b2")
        .default_value("d")
        .foo("f")
        .set_foo_2("sf")
        .foo_bar("camel")
        .foo_bar_2("snake")
        .ipv4_address("10.0.0.1")
        .arns(vec!["arn".to_owned()])
        .value(naming::types::Enum::UnknownValue)
        .some(naming::types::Some::None("n".into()))
        .build();
    let json: serde_json::Value = serde_json::from_str(&to_json(&option).unwrap()).unwrap();
    assert_eq!(json["type"], "t");
    assert_eq!(json["self"], "s");
    assert_eq!(json["set_foo"], "sf");
    assert_eq!(json["fooBar"], "camel");
    assert_eq!(json["foo_bar"], "snake");
    assert_eq!(json["IPv4Address"], "10.0.0.1");
    assert_eq!(json["Value"], "unknown");
    assert_eq!(
        naming::types::Enum::from("1080p"),
        naming::types::Enum::V1080P
    );
    assert_eq!(naming::types::Enum::SelfValue.as_str(), "self");
    let result = naming::types::Result::builder()
        .ok(naming::types::String::builder().build())
        .err("e")
        .build()
        .unwrap();
    assert_eq!(result.err, "e");
    let _: naming::types::OtherOption = naming::types::OtherOption::builder()
        .name("renamed by the service")
        .build();
    let _: naming::types::SelfValue = naming::types::SelfValue::builder().self_value("x").build();
    assert_eq!(
        <naming::operations::Match as fixtures_generated::runtime::Operation>::NAME,
        "Match"
    );
}

#[test]
fn smithy_1_primitives_and_sets() {
    let request = smithy1::types::StoreRequest::builder().build();
    assert_eq!(request.count, 0);
    assert!(!request.flag);
    assert_eq!(request.boxed, None);
    assert_eq!(request.maybe, None);
    let loaded: smithy1::types::StoreRequest =
        fixture_from_json(r#"{"Names": ["a", "b"], "Mode": "fast"}"#).unwrap();
    assert_eq!(loaded.mode, Some(smithy1::types::Mode::Fast));
}

#[test]
fn mixins_and_apply_contribute_members() {
    // Members come from the mixin of a mixin, in order, then the shape's own.
    let widget = mixins::types::Widget::builder()
        .created_at(fixtures_generated::runtime::Timestamp::from_epoch_seconds(
            60.0,
        ))
        .name("w")
        .size(3)
        .build()
        .unwrap();
    // An output: written with the serde feature, in member order.
    let json = serde_json::to_string(&widget).unwrap();
    let keys: Vec<&str> = ["CreatedAt", "Name", "Size"]
        .into_iter()
        .filter(|k| json.contains(k))
        .collect();
    assert_eq!(keys, ["CreatedAt", "Name", "Size"]);
    assert!(json.find("CreatedAt") < json.find("Name") && json.find("Name") < json.find("Size"));
    let error = mixins::types::Widget::builder()
        .name("w")
        .size(3)
        .build()
        .unwrap_err();
    assert_eq!(error.missing_members(), ["CreatedAt"]);
    let input = mixins::types::GetWidgetInput::builder()
        .build()
        .unwrap_err();
    assert_eq!(input.missing_members(), ["Id"]);
}

#[test]
fn operations_name_their_types() {
    fn input_of<O: Operation>() -> &'static str {
        std::any::type_name::<O::Input>()
    }
    assert!(
        input_of::<aws_generated::connect::operations::UpdateTrafficDistribution>()
            .ends_with("connect::types::UpdateTrafficDistributionRequest")
    );
    assert_eq!(
        <aws_generated::chime_sdk_voice::operations::PutVoiceConnectorOrigination as Operation>::NAME,
        "PutVoiceConnectorOrigination"
    );
    assert_eq!(
        std::any::type_name::<
            <shapes::operations::Ping as fixtures_generated::runtime::Operation>::Input,
        >(),
        "()"
    );
}
