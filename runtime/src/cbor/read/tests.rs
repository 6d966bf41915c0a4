//! The reader against RFC 8949's examples and hostile input.

use std::collections::BTreeMap;

use super::*;
use crate::Blob;

fn read<T: ReadCbor>(bytes: &[u8]) -> Result<T, CborError> {
    let mut reader = Reader::new(bytes);
    let value = T::read_cbor(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// RFC 8949, Appendix A: half-precision floats, widened exactly.
#[test]
fn half_floats_read_as_rfc_8949_appendix_a_shows() {
    let cases: [(&[u8], f64); 7] = [
        (&[0xf9, 0x00, 0x00], 0.0),
        (&[0xf9, 0x3c, 0x00], 1.0),
        (&[0xf9, 0x3e, 0x00], 1.5),
        (&[0xf9, 0x7b, 0xff], 65504.0),
        (&[0xf9, 0x00, 0x01], 5.960464477539063e-8),
        (&[0xf9, 0x04, 0x00], 0.00006103515625),
        (&[0xf9, 0xc4, 0x00], -4.0),
    ];
    for (bytes, expected) in cases {
        assert_eq!(read::<f64>(bytes).unwrap(), expected, "{bytes:x?}");
    }
    assert_eq!(read::<f64>(&[0xf9, 0x7c, 0x00]).unwrap(), f64::INFINITY);
    assert_eq!(read::<f64>(&[0xf9, 0xfc, 0x00]).unwrap(), f64::NEG_INFINITY);
    assert!(read::<f64>(&[0xf9, 0x7e, 0x00]).unwrap().is_nan());
    assert_eq!(
        read::<f32>(&[0xfa, 0x47, 0xc3, 0x50, 0x00]).unwrap(),
        100_000.0
    );
    assert_eq!(
        read::<f64>(&[0xfb, 0x3f, 0xf1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a]).unwrap(),
        1.1
    );
}

/// RFC 8949, Appendix A: indefinite-length strings, arrays and maps.
#[test]
fn indefinite_lengths_read_as_rfc_8949_appendix_a_shows() {
    let bytes = [0x5f, 0x42, 0x01, 0x02, 0x43, 0x03, 0x04, 0x05, 0xff];
    assert_eq!(read::<Blob>(&bytes).unwrap().as_bytes(), [1, 2, 3, 4, 5]);
    let text = [
        0x7f, 0x65, 0x73, 0x74, 0x72, 0x65, 0x61, 0x64, 0x6d, 0x69, 0x6e, 0x67, 0xff,
    ];
    assert_eq!(read::<String>(&text).unwrap(), "streaming");
    // [_ 1, [2, 3], [_ 4, 5]]
    let nested = [0x9f, 0x01, 0x82, 0x02, 0x03, 0x9f, 0x04, 0x05, 0xff, 0xff];
    let mut reader = Reader::new(&nested);
    reader.skip_value().unwrap();
    reader.end().unwrap();
    assert_eq!(
        read::<Vec<Vec<i32>>>(&[0x82, 0x82, 0x02, 0x03, 0x9f, 0x04, 0x05, 0xff]).unwrap(),
        [[2, 3], [4, 5]]
    );
    // {_ "Fun": true, "Amt": -2}
    let map = [
        0xbf, 0x63, 0x46, 0x75, 0x6e, 0xf5, 0x63, 0x41, 0x6d, 0x74, 0x21, 0xff,
    ];
    let mut reader = Reader::new(&map);
    let mut entries = reader.map().unwrap();
    assert_eq!(entries.next_key(&mut reader).unwrap().unwrap(), "Fun");
    assert!(reader.read_bool().unwrap());
    assert_eq!(entries.next_key(&mut reader).unwrap().unwrap(), "Amt");
    assert_eq!(
        reader.read_integer(i64::MIN, i64::MAX, "a long").unwrap(),
        -2
    );
    assert!(entries.next_key(&mut reader).unwrap().is_none());
    reader.end().unwrap();
}

#[test]
fn integers_of_any_width_fit_any_member_they_fit_in() {
    // 1000 as a 64-bit argument, read into an i16.
    assert_eq!(
        read::<i16>(&[0x1b, 0, 0, 0, 0, 0, 0, 0x03, 0xe8]).unwrap(),
        1000
    );
    let error = read::<i8>(&[0x19, 0x03, 0xe8]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the number does not fit an 8-bit integer at $ (byte 0)"
    );
    // 2^64 - 1 does not fit an i64, negative or not.
    assert!(read::<i64>(&[0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).is_err());
    assert!(read::<i64>(&[0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).is_err());
    // Integers read as floats.
    assert_eq!(read::<f64>(&[0x38, 0x63]).unwrap(), -100.0);
}

#[test]
fn timestamps_take_tag_1_or_a_bare_number() {
    let tagged = [0xc1, 0xfb, 0x41, 0xd4, 0x52, 0xd9, 0xec, 0x20, 0x00, 0x00];
    let time = read::<Timestamp>(&tagged).unwrap();
    assert_eq!(
        (time.secs(), time.subsec_nanos()),
        (1_363_896_240, 500_000_000)
    );
    assert_eq!(
        read::<Timestamp>(&[0x1a, 0x51, 0x4b, 0x67, 0xb0])
            .unwrap()
            .secs(),
        1_363_896_240
    );
    // The double nearest 946845296.123 reads as .123, not .123000026.
    let fraction = [0xc1, 0xfb, 0x41, 0xcc, 0x37, 0xdb, 0x38, 0x0f, 0xbe, 0x77];
    assert_eq!(
        read::<Timestamp>(&fraction).unwrap().subsec_nanos(),
        123_000_000
    );
    let before_1970 = [0xc1, 0xfb, 0xbf, 0xf8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
    let early = read::<Timestamp>(&before_1970).unwrap();
    assert_eq!((early.secs(), early.subsec_nanos()), (-2, 500_000_000));
    assert!(read::<Timestamp>(&[0xc0, 0x00]).is_err());
    assert!(read::<Timestamp>(&[0xf9, 0x7e, 0x00]).is_err());
}

#[test]
fn null_items_of_dense_collections_are_dropped_and_kept_in_sparse_ones() {
    let bytes = [0x83, 0x01, 0xf6, 0x02];
    assert_eq!(read::<Vec<i32>>(&bytes).unwrap(), [1, 2]);
    assert_eq!(
        read::<Vec<Option<i32>>>(&bytes).unwrap(),
        [Some(1), None, Some(2)]
    );
}

#[test]
fn errors_name_the_member_path_and_the_byte() {
    // {"a": {"b": "x"}} read as a map of maps of integers.
    let bytes = [0xa1, 0x61, 0x61, 0xa1, 0x61, 0x62, 0x61, 0x78];
    let error = read::<BTreeMap<String, BTreeMap<String, i32>>>(&bytes).unwrap_err();
    assert_eq!(error.path(), "a.b");
    assert_eq!(error.offset(), 6);
    assert_eq!(
        error.to_string(),
        "expected a 32-bit integer, found a text string at a.b (byte 6)"
    );
}

#[test]
fn hostile_input_is_an_error_in_linear_work() {
    // Nesting past the limit, when read and when skipped.
    let deep = vec![0x81; MAX_DEPTH + 1];
    let mut reader = Reader::new(&deep);
    assert!(reader
        .skip_value()
        .unwrap_err()
        .to_string()
        .contains("nested deeper"));
    // A declared length far beyond the body allocates nothing for it.
    let huge = [0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    assert!(read::<Blob>(&huge).is_err());
    let many = [0x9b, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    assert!(read::<Vec<i32>>(&many).is_err());
    let mut reader = Reader::new(&many);
    assert!(reader.skip_value().is_err());
    // Truncated items, a stray break, reserved additional information.
    for bytes in [
        &[0x19, 0x01][..],
        &[0xff],
        &[0x1c],
        &[0x7f, 0x61],
        &[0x5f, 0x9f, 0xff],
    ] {
        let mut reader = Reader::new(bytes);
        assert!(reader.skip_value().is_err(), "{bytes:x?}");
    }
    // Text that is not UTF-8.
    assert!(read::<String>(&[0x62, 0xc3, 0x28]).is_err());
}

/// Positions of the listed members, in the order they come; others are
/// skipped, whole, whatever they hold.
#[test]
fn next_member_gives_positions_and_skips_others() {
    const MEMBERS: &[&str] = &["a", "b"];
    // {"b": 1, "z": [1, {"a": 2}], "a": 3} with an indefinite outer map.
    let bytes = [
        0xbf, 0x61, b'b', 0x01, 0x61, b'z', 0x82, 0x01, 0xa1, 0x61, b'a', 0x02, 0x61, b'a', 0x03,
        0xff,
    ];
    let mut reader = Reader::new(&bytes);
    let mut object = reader.map().unwrap();
    let mut seen = Vec::new();
    while let Some(index) = object.next_member(&mut reader, MEMBERS).unwrap() {
        seen.push((index, i64::read_cbor(&mut reader).unwrap()));
    }
    reader.end().unwrap();
    assert_eq!(seen, [(1, 1), (0, 3)]);
}
