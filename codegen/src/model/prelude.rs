//! The prelude shapes every Smithy model may target without defining them.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{IdlVersion, Shape, ShapeId, ShapeKind, SimpleType, Traits};

/// The file name prelude shapes report in messages.
pub const PRELUDE_FILE: &str = "prelude";

/// `smithy.api#Unit`, the empty structure used where an operation has no
/// input or output and for enum members and unit union members.
pub const UNIT: &str = "smithy.api#Unit";

/// Every prelude shape the generator can meet as a member target.
pub fn shapes() -> Vec<Shape> {
    use SimpleType::*;
    let simple: [(&str, SimpleType, Option<Value>); 20] = [
        ("String", String, None),
        ("Blob", Blob, None),
        ("BigInteger", BigInteger, None),
        ("BigDecimal", BigDecimal, None),
        ("Timestamp", Timestamp, None),
        ("Document", Document, None),
        ("Boolean", Boolean, None),
        ("PrimitiveBoolean", Boolean, Some(json!(false))),
        ("Byte", Byte, None),
        ("PrimitiveByte", Byte, Some(json!(0))),
        ("Short", Short, None),
        ("PrimitiveShort", Short, Some(json!(0))),
        ("Integer", Integer, None),
        ("PrimitiveInteger", Integer, Some(json!(0))),
        ("Long", Long, None),
        ("PrimitiveLong", Long, Some(json!(0))),
        ("Float", Float, None),
        ("PrimitiveFloat", Float, Some(json!(0))),
        ("Double", Double, None),
        ("PrimitiveDouble", Double, Some(json!(0))),
    ];
    let mut shapes: Vec<Shape> = simple
        .into_iter()
        .map(|(name, ty, default)| {
            let mut traits = BTreeMap::new();
            if let Some(default) = default {
                traits.insert(super::traits::ids::DEFAULT.to_owned(), default);
            }
            prelude_shape(name, ShapeKind::Simple(ty), traits)
        })
        .collect();
    let unit_traits = BTreeMap::from([("smithy.api#unitType".to_owned(), json!({}))]);
    shapes.push(prelude_shape(
        "Unit",
        ShapeKind::Structure(vec![]),
        unit_traits,
    ));
    shapes
}

fn prelude_shape(name: &str, kind: ShapeKind, traits: BTreeMap<String, Value>) -> Shape {
    Shape {
        id: ShapeId::parse(&format!("smithy.api#{name}")).expect("prelude ids are valid"),
        kind,
        traits: Traits::new(traits),
        known: Box::default(),
        file: PRELUDE_FILE.to_owned(),
        idl: IdlVersion::V2,
    }
}
