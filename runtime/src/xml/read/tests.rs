//! The XML reader against documents written by hand: structures, text and
//! references, attributes, collections in both layouts, malformed input
//! and nesting bounds.

use std::borrow::Cow;

use super::*;
use crate::Timestamp;

/// A reader past the root's start tag, which must be named `root`.
fn at_root(xml: &str) -> Reader<'_> {
    let mut reader = Reader::new(xml.as_bytes());
    assert_eq!(reader.root().unwrap(), "root");
    reader
}

#[test]
fn children_are_read_by_position_and_others_skipped() {
    let mut reader = at_root(
        "<?xml version=\"1.0\"?>\n<!-- hi --><root xmlns=\"https://example.com/\">\n  <skip><a>1</a><b/></skip>\n  <ns:b>two</ns:b><a>1</a>\n</root>\n",
    );
    assert_eq!(reader.next_member(&["a", "b"]).unwrap(), Some(1));
    assert_eq!(reader.text().unwrap(), "two");
    assert_eq!(reader.next_member(&["a", "b"]).unwrap(), Some(0));
    assert_eq!(i32::read_xml(&mut reader).unwrap(), 1);
    assert_eq!(reader.next_member(&["a", "b"]).unwrap(), None);
    reader.end().unwrap();
}

#[test]
fn text_replaces_references_and_keeps_cdata_and_whitespace() {
    let mut reader =
        at_root("<root> a &lt;&amp;&gt; &#65;&#x42; <!-- c --><![CDATA[<&>]]>\r\nz</root>");
    assert_eq!(reader.text().unwrap(), " a <&> AB <&>\nz");
    reader.end().unwrap();
    let mut plain = at_root("<root>plain</root>");
    assert!(matches!(plain.text().unwrap(), Cow::Borrowed("plain")));
    let mut empty = at_root("<root/>");
    assert_eq!(empty.text().unwrap(), "");
    empty.end().unwrap();
}

#[test]
fn attributes_are_read_from_the_last_start_tag() {
    let reader = at_root("<root a = 'x &amp; y' xsi:type=\"T\" b=\"2\"><c/></root>");
    assert_eq!(reader.attribute("a").unwrap().as_deref(), Some("x & y"));
    assert_eq!(reader.attribute("xsi:type").unwrap().as_deref(), Some("T"));
    let mut b = None;
    attribute::<i32>(&reader, &mut b, "b").unwrap();
    assert_eq!(b, Some(2));
    assert_eq!(reader.attribute("missing").unwrap(), None);
    // A `>` inside a quoted value does not end the tag.
    let mut quoted = at_root("<root a=\"1>2\">t</root>");
    assert_eq!(quoted.attribute("a").unwrap().as_deref(), Some("1>2"));
    assert_eq!(quoted.text().unwrap(), "t");
}

#[test]
fn collections_read_wrapped_and_flattened() {
    let mut reader = at_root(
        "<root><list><member>1</member><other/><member>2</member></list>\
         <flat>3</flat><flat>4</flat>\
         <map><entry><key>b</key><value>2</value></entry><entry><key>a</key><value>1</value></entry></map>\
         <fm><k>x</k><v>9</v></fm></root>",
    );
    let (mut list, mut flat, mut map, mut flat_map) = (None, None, None, None);
    let entry = Entry {
        key: "key",
        value: "value",
    };
    let read = (
        String::read_xml as ReadFn<String>,
        i32::read_xml as ReadFn<i32>,
    );
    while let Some(member) = reader.next_member(&["list", "flat", "map", "fm"]).unwrap() {
        match member {
            0 => super::list(&mut reader, &mut list, "list", "member", i32::read_xml),
            1 => flat_item(&mut reader, &mut flat, "flat", i32::read_xml),
            2 => super::map(&mut reader, &mut map, "map", entry, read),
            _ => flat_entry(
                &mut reader,
                &mut flat_map,
                "fm",
                Entry {
                    key: "k",
                    value: "v",
                },
                read,
            ),
        }
        .unwrap();
    }
    assert_eq!(list, Some(vec![1, 2]));
    assert_eq!(flat, Some(vec![3, 4]));
    assert_eq!(
        map,
        Some(BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)]))
    );
    assert_eq!(flat_map, Some(BTreeMap::from([("x".to_owned(), 9)])));
}

#[test]
fn values_parse_their_text() {
    let value = |xml: &str| -> Result<f64, XmlError> { f64::read_xml(&mut at_root(xml)) };
    assert!(value("<root>NaN</root>").unwrap().is_nan());
    assert_eq!(value("<root>-Infinity</root>").unwrap(), f64::NEG_INFINITY);
    assert_eq!(value("<root> 1.5 </root>").unwrap(), 1.5);
    let error = value("<root>one</root>").unwrap_err();
    assert!(error.to_string().contains("one"), "{error}");
    let time = Timestamp::read_xml(&mut at_root("<root>2014-04-29T18:30:38Z</root>")).unwrap();
    assert_eq!(time.secs(), 1398796238);
    let blob = crate::Blob::read_xml(&mut at_root("<root>dmFsdWU=</root>")).unwrap();
    assert_eq!(blob.as_bytes(), b"value");
    assert!(bool::read_xml(&mut at_root("<root>true</root>")).unwrap());
}

#[test]
fn malformed_documents_are_errors_that_say_where() {
    let fails = |xml: &str, message: &str| {
        let mut reader = Reader::new(xml.as_bytes());
        let error = reader
            .root()
            .and_then(|_| reader.skip_element())
            .and_then(|_| reader.end())
            .unwrap_err();
        assert!(error.to_string().contains(message), "{xml}: {error}");
    };
    fails("", "no root element");
    fails(
        "<!DOCTYPE r [<!ENTITY a \"b\">]><r/>",
        "document type declaration",
    );
    fails("<r><a></b></r>", "`</b>` where `</a>` closes");
    fails("<r><a>", "ends inside an element");
    fails("<r/><r/>", "content after the root element");
    fails("<r><!-- never closed", "a comment that does not end");
    let mut reader = at_root("<root>&bomb;</root>");
    let error = reader.text().unwrap_err();
    assert!(error.to_string().contains("`&bomb;`"), "{error}");
    let mut reader = at_root("<root><a/></root>");
    let error = reader.text().unwrap_err();
    assert!(
        error.to_string().contains("where text was expected"),
        "{error}"
    );
}

#[test]
fn errors_name_the_member_path() {
    #[derive(Debug)]
    struct Outer(#[allow(dead_code)] Option<i32>);
    impl ReadXml for Outer {
        fn read_xml(reader: &mut Reader<'_>) -> Result<Self, XmlError> {
            let mut slot = None;
            while reader.next_member(&["Count"])?.is_some() {
                member(reader, &mut slot, "Count")?;
            }
            Ok(Self(slot))
        }
    }
    let mut reader = at_root("<root><Inner><Count>x</Count></Inner></root>");
    reader.next_child().unwrap();
    let error = variant::<Outer>(&mut reader, "Inner").unwrap_err();
    assert_eq!(error.path(), "Inner.Count");
}

#[test]
fn nesting_is_bounded() {
    let deep = "<a>".repeat(MAX_DEPTH + 1);
    let mut reader = Reader::new(deep.as_bytes());
    reader.root().unwrap();
    let error = reader.skip_element().unwrap_err();
    assert!(error.to_string().contains("nested more than"), "{error}");
    let fine = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
    let mut reader = Reader::new(fine.as_bytes());
    reader.root().unwrap();
    reader.skip_element().unwrap();
    reader.end().unwrap();
}
