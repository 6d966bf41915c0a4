//! The API-diff fixture cases: `tests/fixtures/diff/base.json` and the
//! edits `cases.json` makes to it for each side.

use serde_json::Value;

use crate::repo_root;

/// The namespace of the fixture's shapes.
const NAMESPACE: &str = "fixture.diff#";

/// A JSON file of `tests/fixtures/diff`.
pub fn fixture(name: &str) -> Value {
    let path = repo_root().join("tests/fixtures/diff").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A shape id, `fixture.diff#` added to a bare name.
pub fn qualified(name: &str) -> String {
    if name.contains('#') {
        name.to_owned()
    } else {
        format!("{NAMESPACE}{name}")
    }
}

/// Applies one edit of a case: `Shape`, `Shape$Member`, either followed by
/// `@trait` or `/property`; `null` removes.
fn edit(model: &mut Value, path: &str, value: &Value) {
    let (path, property) = match path.split_once('/') {
        Some((path, property)) => (path, Some(property)),
        None => (path, None),
    };
    let (path, trait_id) = match path.split_once('@') {
        Some((path, id)) if id.contains('#') => (path, Some(id.to_owned())),
        Some((path, id)) => (path, Some(format!("smithy.api#{id}"))),
        None => (path, None),
    };
    let (shape, member) = match path.split_once('$') {
        Some((shape, member)) => (shape, Some(member)),
        None => (path, None),
    };
    let shapes = model["shapes"].as_object_mut().unwrap();
    let shape_id = qualified(shape);
    if member.is_none() && trait_id.is_none() && property.is_none() {
        set(shapes, &shape_id, value);
        return;
    }
    let mut target = shapes
        .get_mut(&shape_id)
        .unwrap_or_else(|| panic!("no shape {shape_id}"));
    if let Some(member) = member {
        // Lists and maps hold `member`, `key` and `value` directly.
        if target.get("members").is_none() {
            target = target
                .get_mut(member)
                .unwrap_or_else(|| panic!("no member {shape_id}${member}"));
        } else {
            let members = target["members"].as_object_mut().unwrap();
            if trait_id.is_none() && property.is_none() {
                set(members, member, value);
                return;
            }
            target = members
                .get_mut(member)
                .unwrap_or_else(|| panic!("no member {shape_id}${member}"));
        }
    }
    let object = target.as_object_mut().unwrap();
    match (trait_id, property) {
        (Some(id), None) => {
            let traits = object
                .entry("traits")
                .or_insert_with(|| Value::Object(Default::default()));
            set(traits.as_object_mut().unwrap(), &id, value);
        }
        (None, Some(property)) => set(object, property, value),
        _ => panic!("{path}: a trait or a property, not both"),
    }
}

fn set(object: &mut serde_json::Map<String, Value>, key: &str, value: &Value) {
    if value.is_null() {
        object.shift_remove(key);
    } else {
        object.insert(key.to_owned(), value.clone());
    }
}

/// The base model with a case's edits for one side, given as an object or
/// as a list of `[path, value]` pairs applied in order.
pub fn side(base: &Value, edits: Option<&Value>) -> Value {
    let mut model = base.clone();
    match edits {
        None => {}
        Some(Value::Object(edits)) => {
            for (path, value) in edits {
                edit(&mut model, path, value);
            }
        }
        Some(Value::Array(edits)) => {
            for pair in edits {
                edit(&mut model, pair[0].as_str().unwrap(), &pair[1]);
            }
        }
        Some(other) => panic!("edits must be an object or a list, not {other}"),
    }
    model
}

/// Both sides of the case named `name`.
pub fn case_models(name: &str) -> (Value, Value) {
    let base = fixture("base.json");
    let cases = fixture("cases.json");
    let case = cases["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|case| case["name"] == name)
        .unwrap_or_else(|| panic!("no case named {name:?}"));
    (side(&base, case.get("old")), side(&base, case.get("new")))
}
