//! The reader's own tests: strings, numbers, timestamps, collections,
//! errors and their places, nesting, documents, and linear work.

use std::collections::BTreeMap;

use super::suggest::closest;
use super::*;
use crate::{Document, Timestamp};

fn strict<T: ReadJson>(text: &str) -> Result<T, JsonError> {
    let mut reader = Reader::strict(text.as_bytes());
    let value = T::read_json(&mut reader)?;
    reader.end().map(|()| value)
}

fn lenient<T: ReadJson>(text: &str) -> Result<T, JsonError> {
    let mut reader = Reader::lenient(text.as_bytes());
    let value = T::read_json(&mut reader)?;
    reader.end().map(|()| value)
}

#[test]
fn strings_unescape_like_serde_json() {
    for text in [
        r#""plain""#,
        r#""a\"b\\c\/d\b\f\n\r\t""#,
        r#""\u00e9\ud83d\ude00""#,
        "\"caf\u{e9}\"",
    ] {
        let expected: String = serde_json::from_str(text).unwrap();
        assert_eq!(strict::<String>(text).unwrap(), expected, "{text}");
    }
    for bad in [
        r#""\ud83d""#,
        r#""\x""#,
        "\"a\u{1}\"",
        r#""open"#,
        r#""\u12g4""#,
    ] {
        assert!(strict::<String>(bad).is_err(), "{bad}");
    }
}

#[test]
fn numbers_are_checked_against_the_grammar_and_the_type() {
    assert_eq!(strict::<i8>("-128").unwrap(), -128);
    assert_eq!(
        strict::<i8>("128").unwrap_err().kind(),
        &JsonErrorKind::OutOfRange {
            expected: "an 8-bit integer",
            text: "128".into()
        }
    );
    assert!(strict::<i32>("1.0").is_err());
    assert!(strict::<i64>("01").is_err());
    assert!(strict::<i64>("-").is_err());
    assert_eq!(strict::<f64>("2.5e3").unwrap(), 2500.0);
    assert!(strict::<f64>("\"NaN\"").unwrap().is_nan());
    assert!(strict::<f64>("1e999").is_err());
    assert!(strict::<f64>("\"nan\"").is_err());
}

#[test]
fn timestamps_keep_every_digit_of_the_fraction() {
    let value = strict::<Timestamp>("946845296.123").unwrap();
    assert_eq!(
        value,
        Timestamp::from_secs_and_nanos(946845296, 123_000_000)
    );
    let value = strict::<Timestamp>("-1.25").unwrap();
    assert_eq!(value, Timestamp::from_secs_and_nanos(-2, 750_000_000));
    let value = strict::<Timestamp>("\"2000-01-02T20:34:56.123Z\"").unwrap();
    assert_eq!(
        value,
        Timestamp::from_secs_and_nanos(946845296, 123_000_000)
    );
    assert!(strict::<Timestamp>("true").is_err());
}

#[test]
fn collections_treat_null_by_mode() {
    assert!(strict::<Vec<String>>(r#"["a", null]"#).is_err());
    assert_eq!(lenient::<Vec<String>>(r#"["a", null]"#).unwrap(), ["a"]);
    assert_eq!(
        strict::<Vec<Option<String>>>(r#"["a", null]"#).unwrap(),
        [Some("a".into()), None]
    );
    let error = strict::<BTreeMap<String, i32>>(r#"{"a": 1, "a": 2}"#).unwrap_err();
    assert_eq!(
        (error.path(), error.kind()),
        ("[\"a\"]".into(), &JsonErrorKind::DuplicateMember)
    );
    assert_eq!(
        lenient::<BTreeMap<String, i32>>(r#"{"a": 1, "a": 2}"#).unwrap()["a"],
        2
    );
}

#[test]
fn errors_say_where_in_the_value_and_the_text() {
    let error = strict::<Vec<Vec<i32>>>("[[1],\n [2, \"x\"]]").unwrap_err();
    assert_eq!(error.path(), "[1][1]");
    assert_eq!((error.line(), error.column()), (2, 6));
    assert_eq!(
        error.to_string(),
        "at `[1][1]`: expected a 32-bit integer, found a string (line 2, column 6)"
    );
    assert_eq!(
        strict::<i32>("1 2").unwrap_err().kind(),
        &JsonErrorKind::TrailingCharacters
    );
    // A repeated key is placed at the key, not at its value on the
    // next line.
    let error = strict::<BTreeMap<String, i32>>("{\n  \"a\": 1,\n  \"a\":\n 2}").unwrap_err();
    assert_eq!((error.line(), error.column()), (3, 3));
    let error = strict::<f64>("\r\n\r\n   1e999").unwrap_err();
    assert_eq!((error.line(), error.column()), (3, 4));
}

/// A reader that goes on after each error, as the error-code reader once
/// did over `{"code":0,"code":0,...}`: locating 8n errors takes at most
/// 8 times the work of n, and the places stay right.
#[test]
fn locating_many_errors_is_linear() {
    let run = |members: usize| {
        let text = format!("{{{}\"end\":\"x\"}}", "\"code\":0,\n".repeat(members));
        let mut reader = Reader::lenient(text.as_bytes());
        let mut object = reader.object().unwrap();
        let mut last = None;
        while let Some(key) = object.next_key(&mut reader).unwrap() {
            match reader.read_str() {
                Ok(_) => assert_eq!(key, "end"),
                Err(error) => {
                    last = Some((error.line(), error.column()));
                    reader.skip_value().unwrap();
                }
            }
        }
        (reader.steps(), last.unwrap())
    };
    let (small, place) = run(1_000);
    assert_eq!(
        place,
        (1_000, 8),
        "the last failing value's line and column"
    );
    let (large, _) = run(8_000);
    assert!(
        large <= 8 * small + 64,
        "{small} steps for 1,000 errors, {large} for 8,000"
    );
}

#[test]
fn nesting_is_bounded() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert_eq!(
        lenient::<Document>(&deep).unwrap_err().kind(),
        &JsonErrorKind::TooDeep
    );
    // Skipping keeps its own stack, so any depth is skipped.
    let deeper = format!("{}1{}", "[{\"a\":".repeat(100_000), "}]".repeat(100_000));
    let mut reader = Reader::lenient(deeper.as_bytes());
    reader.skip_value().unwrap();
    reader.end().unwrap();
    for broken in ["[1,]", "{\"a\" 1}", "[1}", "{\"a\":1,}", "[[1]"] {
        assert!(
            Reader::lenient(broken.as_bytes()).skip_value().is_err(),
            "{broken}"
        );
    }
}

#[test]
fn documents_read_like_serde_json() {
    let text = r#"{"a": [1, -2, 3.5, 18446744073709551615, "x", true, null], "b": {}}"#;
    assert_eq!(
        strict::<Document>(text).unwrap(),
        serde_json::from_str::<Document>(text).unwrap()
    );
}

#[test]
fn suggestions_come_from_close_names() {
    let known = &["Protocol", "Port", "Priority"];
    assert_eq!(closest("protocol", known), Some("Protocol"));
    assert_eq!(closest("Prot", known), Some("Port"));
    assert_eq!(closest("Weight", known), None);
}

/// Positions of the listed members, in the order they come; others are
/// skipped when lenient and refused, with a suggestion, when strict.
#[test]
fn next_member_gives_positions_and_treats_others_by_mode() {
    const MEMBERS: &[&str] = &["Name", "Size"];
    let read = |reader: &mut Reader<'_>| -> Result<Vec<usize>, JsonError> {
        let mut object = reader.object()?;
        let mut seen = Vec::new();
        while let Some(index) = object.next_member(reader, MEMBERS)? {
            reader.skip_value()?;
            seen.push(index);
        }
        Ok(seen)
    };
    let text = br#"{"Size": 1, "Other": {"Name": 2}, "Name": "x"}"#;
    assert_eq!(read(&mut Reader::lenient(text)).unwrap(), [1, 0]);
    let error = read(&mut Reader::strict(text)).unwrap_err();
    assert_eq!(
        error.kind(),
        &JsonErrorKind::UnknownMember { suggestion: None }
    );
    assert_eq!(read(&mut Reader::strict(b"{}")).unwrap(), [] as [usize; 0]);
}
