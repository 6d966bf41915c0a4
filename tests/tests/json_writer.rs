//! The JSON writer of request bodies against literal bodies reviewed by
//! hand against the fixture models, and its primitives (strings, floats,
//! documents) against serde_json, an independent JSON writer; timestamps
//! against text computed here from whole milliseconds. Also the label
//! encoder against the `percent-encoding` crate.

use fixtures_generated::http::operations::SendDocument;
use fixtures_generated::http::types::{SendDocumentInput, Shape};
use fixtures_generated::runtime::json::{write_str, WriteJson};
use fixtures_generated::runtime::request::{percent_encode_into, RequestErrorKind};
use fixtures_generated::runtime::Operation;
use fixtures_generated::runtime::{Blob, Document, Timestamp, UnknownMember};
use fixtures_generated::shapes::operations::PutEverything;
use fixtures_generated::shapes::types::{Choice, Everything};
use proptest::prelude::*;

fn written(value: &impl WriteJson) -> String {
    let mut out = Vec::new();
    value.write_json(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Every member of `Everything` set, with text that needs escaping and
/// collections with absent items.
fn everything() -> Everything {
    serde_json::from_str(
        r#"{
        "Id": "id/1", "Blob": "aGVsbG8=", "Boolean": true, "Byte": -8, "Short": 300,
        "Integer": 70000, "Long": 9007199254740993, "Float": 1.1, "Double": -2.5e-300,
        "BigInteger": "-123456789012345678901234567890", "BigDecimal": "3.14159265358979323846",
        "Timestamp": 1709208000.125, "Document": {"z": [1, -2, 0.5, "\u0001", null, true], "a": {}},
        "Strings": ["tab\there", "quote\"", "back\\slash", "ünï😀", "\u007f\u001f"],
        "UniqueStrings": ["b"], "SparseStrings": ["c", null],
        "Counts": {"x": 1, "é": -1}, "SparseCounts": {"y": null, "z": 2}, "ByColor": {"red": ["r"]},
        "Nested": [["n"], []], "Color": "blue", "Level": 1, "Choice": {"Colors": {"green": ["g\"1"], "red": []}},
        "Legacy": "a-b", "Secret": {"User": "u"}, "RequiredButInput": 0
    }"#,
    )
    .unwrap()
}

/// The bodies below were checked by hand, member by member, against the
/// fixture models (`tests/fixtures/models/shapes.json` and `http.json`) and
/// Smithy's restJson1 rules: the label (`Id`) is not in the body, members
/// come in model order under their `@jsonName` (`title`), timestamps are
/// epoch seconds unless a `@timestampFormat` on the member or its target
/// says otherwise (`Published` and `History` date-time, `Reviewed`
/// http-date), big numbers are numbers with every digit, blobs are base64
/// (`[0, 255, 7]` is `AP8H`), NaN and the infinities are strings, sparse
/// collections keep their nulls, and map entries come in key order.
#[test]
fn request_bodies_are_the_reviewed_bytes() {
    let request = PutEverything::serialize_request(&everything()).unwrap();
    let expected = concat!(
        r#"{"Blob":"aGVsbG8=","Boolean":true,"Byte":-8,"Short":300,"Integer":70000,"#,
        r#""Long":9007199254740993,"Float":1.1,"Double":-2.5e-300,"#,
        r#""BigInteger":-123456789012345678901234567890,"BigDecimal":3.14159265358979323846,"#,
        r#""Timestamp":1709208000.125,"Document":{"z":[1,-2,0.5,"\u0001",null,true],"a":{}},"#,
        r#""Strings":["tab\there","quote\"","back\\slash","ünï😀",""#,
        "\u{7f}",
        r#"\u001f"],"UniqueStrings":["b"],"SparseStrings":["c",null],"Counts":{"x":1,"é":-1},"#,
        r#""SparseCounts":{"y":null,"z":2},"ByColor":{"red":["r"]},"Nested":[["n"],[]],"#,
        r#""Color":"blue","Level":1,"Choice":{"Colors":{"red":[],"green":["g\"1"]}},"#,
        r#""Legacy":"a-b","Secret":{"User":"u"},"RequiredButInput":0}"#,
    );
    assert_eq!(
        String::from_utf8_lossy(request.body().as_bytes().unwrap()),
        expected
    );

    let document = SendDocumentInput::builder()
        .title("t\n")
        .created(Timestamp::from_epoch_seconds(1.5))
        .published(Timestamp::from_epoch_seconds(-0.25))
        .reviewed(Timestamp::from_epoch_seconds(1_398_796_238.0))
        .history(vec![
            Timestamp::from_epoch_seconds(86_400.0),
            Timestamp::default(),
        ])
        .score(f64::NEG_INFINITY)
        .scores(vec![f64::NAN, f64::INFINITY, 2.5, -0.0, 1e21, 1e-7])
        .data(Blob::new(vec![0, 255, 7]))
        .content(
            serde_json::json!({"k": [1, null, 18446744073709551615u64, -9223372036854775808i64]}),
        )
        .shape(Shape::Circle(1.25))
        .build();
    let request = SendDocument::serialize_request(&document).unwrap();
    let expected = concat!(
        r#"{"title":"t\n","Created":1.5,"Published":"1969-12-31T23:59:59.75Z","#,
        r#""Reviewed":"Tue, 29 Apr 2014 18:30:38 GMT","#,
        r#""History":["1970-01-02T00:00:00Z","1970-01-01T00:00:00Z"],"#,
        r#""Score":"-Infinity","Scores":["NaN","Infinity",2.5,-0.0,1e+21,1e-7],"#,
        r#""Data":"AP8H","Content":{"k":[1,null,18446744073709551615,-9223372036854775808]},"#,
        r#""Shape":{"Circle":1.25}}"#,
    );
    assert_eq!(
        String::from_utf8_lossy(request.body().as_bytes().unwrap()),
        expected
    );
}

#[test]
fn nested_types_write_the_reviewed_bytes() {
    let input = everything();
    assert_eq!(
        written(input.choice.as_ref().unwrap()),
        r#"{"Colors":{"red":[],"green":["g\"1"]}}"#
    );
    assert_eq!(written(input.secret.as_ref().unwrap()), r#"{"User":"u"}"#);
}

#[test]
fn an_unknown_union_member_is_an_error_naming_the_union() {
    let mut input = everything();
    input.choice = Some(Choice::Unknown(UnknownMember::new("New")));
    let error = PutEverything::serialize_request(&input).unwrap_err();
    let RequestErrorKind::Json(cause) = error.kind() else {
        panic!("{error}")
    };
    assert_eq!(cause.union(), "Choice");
    assert!(error.to_string().contains("Choice::Unknown"), "{error}");
}

#[test]
fn exponents_and_escapes_follow_serde_json() {
    // serde_json writes `1e+16` where `ryu` would write `1e16`.
    for value in [1e16, -1.2520272495521973e246, 5e-324, 0.1, -0.0] {
        assert_eq!(written(&value), serde_json::to_string(&value).unwrap());
    }
    // Control characters get short escapes where JSON has them, DEL none.
    let text = "\u{8}\u{1f}\"\\\u{7f}".to_owned();
    assert_eq!(written(&text), "\"\\b\\u001f\\\"\\\\\u{7f}\"");
}

fn document() -> impl Strategy<Value = Document> {
    let leaf = prop_oneof![
        Just(Document::Null),
        any::<bool>().prop_map(Document::Bool),
        any::<i64>().prop_map(Document::from),
        any::<u64>().prop_map(Document::from),
        any::<f64>()
            .prop_filter("documents hold finite numbers", |f| f.is_finite())
            .prop_map(Document::from),
        any::<String>().prop_map(Document::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Document::Array),
            proptest::collection::vec((any::<String>(), inner), 0..6)
                .prop_map(|members| Document::Object(members.into_iter().collect())),
        ]
    })
}

/// What Smithy writes for a float: a number, or a string for NaN and the
/// infinities.
fn smithy_float(value: f64, as_number: String) -> String {
    if value.is_nan() {
        "\"NaN\"".into()
    } else if value.is_infinite() {
        if value > 0.0 {
            "\"Infinity\""
        } else {
            "\"-Infinity\""
        }
        .into()
    } else {
        as_number
    }
}

proptest! {
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them(text in any::<String>()) {
        let mut out = Vec::new();
        write_str(&mut out, &text);
        prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&text).unwrap());
    }

    #[test]
    fn control_characters_and_quotes_are_escaped(text in "[\\x00-\\x1f\"\\\\a\u{7f}\u{2028}]{0,24}") {
        prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
    }

    #[test]
    fn floats_are_written_as_smithy_says(bits in any::<u64>(), bits32 in any::<u32>()) {
        let wide = f64::from_bits(bits);
        prop_assert_eq!(written(&wide), smithy_float(wide, serde_json::to_string(&wide).unwrap()));
        let narrow = f32::from_bits(bits32);
        prop_assert_eq!(
            written(&narrow),
            smithy_float(f64::from(narrow), serde_json::to_string(&narrow).unwrap())
        );
    }

    #[test]
    fn documents_are_written_as_serde_json_writes_them(value in document()) {
        prop_assert_eq!(written(&value), serde_json::to_string(&value).unwrap());
    }

    #[test]
    fn timestamps_are_epoch_seconds_to_the_millisecond(millis in -10_000_000_000_000i64..10_000_000_000_000) {
        let value = Timestamp::from_secs_and_nanos(
            millis.div_euclid(1000),
            (millis.rem_euclid(1000) * 1_000_000) as u32,
        );
        // Whole seconds, then the milliseconds without trailing zeros.
        let (sign, magnitude) = if millis < 0 { ("-", -millis) } else { ("", millis) };
        let fraction = format!("{:03}", magnitude % 1000);
        let expected = match fraction.trim_end_matches('0') {
            "" => format!("{sign}{}", magnitude / 1000),
            digits => format!("{sign}{}.{digits}", magnitude / 1000),
        };
        prop_assert_eq!(written(&value), expected);
    }

    #[test]
    fn labels_are_encoded_as_the_percent_encoding_crate_does(text in any::<String>(), greedy in any::<bool>()) {
        const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');
        const UNRESERVED_AND_SLASH: &percent_encoding::AsciiSet = &UNRESERVED.remove(b'/');
        let set = if greedy { UNRESERVED_AND_SLASH } else { UNRESERVED };
        let mut out = String::from("/prefix/");
        percent_encode_into(&mut out, &text, greedy);
        prop_assert_eq!(out, format!("/prefix/{}", percent_encoding::utf8_percent_encode(&text, set)));
    }
}
