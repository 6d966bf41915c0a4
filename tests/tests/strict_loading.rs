//! A differential property test of strict loading (`runtime::from_json`).
//!
//! Valid JSON for a shape is generated from the Smithy model itself, then one
//! thing is broken in it: a member removed, a value given the wrong JSON type,
//! a `null` put in a dense list, an enum value the model does not list. What
//! must happen is read off the model, not the generated code: loading fails
//! at exactly that path, or, for the enum, loads and `validate()` reports that
//! path.

use codegen::model::EnumValueTrait;
use codegen::model::{Member, Model, ShapeId, ShapeKind, SimpleType};
use integration_tests::{fixture_model, repo_root};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// splitmix64: a small deterministic generator, seeded by proptest.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self) -> bool {
        self.next() % 2 == 0
    }
}

/// What breaking the value must do.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    /// Loading fails, with the error at this path.
    LoadFails,
    /// Loading succeeds: the member was optional.
    Loads,
    /// Loading succeeds and `validate()` reports this path.
    Violation,
}

/// A place in the value that can be broken, and how.
#[derive(Debug, Clone)]
struct Break {
    path: String,
    /// The JSON pointer of the value (or of the member to remove).
    pointer: String,
    kind: BreakKind,
}

#[derive(Debug, Clone)]
enum BreakKind {
    Remove { required: bool },
    Replace { with: Value, expect: Expect },
}

struct Generator<'a> {
    model: &'a Model,
}

impl Generator<'_> {
    fn shape(&self, id: &ShapeId) -> &codegen::model::Shape {
        &self.model.shapes[id]
    }

    fn json_name(member: &Member) -> String {
        member
            .known
            .json_name
            .clone()
            .unwrap_or_else(|| member.name.clone())
    }

    /// Strict loading needs a `@required` member unless it has a default.
    fn required(member: &Member) -> bool {
        member.known.required && member.known.default.as_ref().is_none_or(Value::is_null)
    }

    /// A valid value of `id`, and every way to break it, with their paths.
    fn value(
        &self,
        id: &ShapeId,
        rng: &mut Rng,
        depth: usize,
        path: &str,
        pointer: &str,
        breaks: &mut Vec<Break>,
    ) -> Value {
        let shape = self.shape(id);
        let wrong = |with: Value| BreakKind::Replace {
            with,
            expect: Expect::LoadFails,
        };
        let here = |kind| Break {
            path: if path.is_empty() {
                ".".into()
            } else {
                path.into()
            },
            pointer: pointer.into(),
            kind,
        };
        let value = match &shape.kind {
            ShapeKind::Simple(simple) => {
                let (value, wrong_type) = self.simple(*simple, shape, rng);
                if let Some(with) = wrong_type {
                    breaks.push(here(wrong(with)));
                }
                return value;
            }
            ShapeKind::Enum(members) => {
                breaks.push(here(wrong(json!(7))));
                breaks.push(here(BreakKind::Replace {
                    with: json!("NOT-A-LISTED-VALUE"),
                    expect: Expect::Violation,
                }));
                let member = &members[rng.below(members.len())];
                match &member.known.enum_value {
                    Some(EnumValueTrait::String(value)) => json!(value),
                    _ => json!(member.name),
                }
            }
            ShapeKind::IntEnum(members) => {
                breaks.push(here(wrong(json!("1"))));
                match &members[rng.below(members.len())].known.enum_value {
                    Some(EnumValueTrait::Int(value)) => json!(value),
                    other => panic!("an intEnum member has an integer value, not {other:?}"),
                }
            }
            ShapeKind::List(item) => {
                breaks.push(here(wrong(json!({}))));
                let sparse = shape.known.sparse;
                let count = if depth > 3 { 0 } else { rng.below(3) };
                let mut items = Vec::new();
                for index in 0..count {
                    if sparse && rng.chance() {
                        items.push(Value::Null);
                        continue;
                    }
                    items.push(self.value(
                        &item.target,
                        rng,
                        depth + 1,
                        &format!("{path}[{index}]"),
                        &format!("{pointer}/{index}"),
                        breaks,
                    ));
                }
                if !sparse && !items.is_empty() {
                    breaks.push(Break {
                        path: format!("{path}[0]"),
                        pointer: format!("{pointer}/0"),
                        kind: wrong(Value::Null),
                    });
                }
                Value::Array(items)
            }
            ShapeKind::Map { key, value } => {
                breaks.push(here(wrong(json!([]))));
                let sparse = shape.known.sparse;
                let mut entries = Map::new();
                for _ in 0..if depth > 3 { 0 } else { rng.below(3) } {
                    let name = match self.simple_or_enum_text(&key.target, rng) {
                        Some(name) => name,
                        None => continue,
                    };
                    if entries.contains_key(&name) {
                        continue;
                    }
                    let entry_path = format!("{path}[{name:?}]");
                    let entry_pointer =
                        format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1"));
                    let entry = if sparse && rng.chance() {
                        Value::Null
                    } else {
                        self.value(
                            &value.target,
                            rng,
                            depth + 1,
                            &entry_path,
                            &entry_pointer,
                            breaks,
                        )
                    };
                    entries.insert(name, entry);
                }
                Value::Object(entries)
            }
            ShapeKind::Structure(members) => {
                breaks.push(here(wrong(json!([]))));
                let mut object = Map::new();
                for member in members {
                    let required = Self::required(member);
                    if !required && (depth > 2 || rng.chance()) {
                        continue;
                    }
                    let key = Self::json_name(member);
                    let member_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    let member_pointer = format!("{pointer}/{key}");
                    breaks.push(Break {
                        path: member_path.clone(),
                        pointer: member_pointer.clone(),
                        kind: BreakKind::Remove { required },
                    });
                    let value = self.value(
                        &member.target,
                        rng,
                        depth + 1,
                        &member_path,
                        &member_pointer,
                        breaks,
                    );
                    object.insert(key, value);
                }
                Value::Object(object)
            }
            ShapeKind::Union(members) => {
                breaks.push(here(wrong(json!("text"))));
                let member = &members[rng.below(members.len())];
                let key = Self::json_name(member);
                let member_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let value = if member.target.as_str() == codegen::model::UNIT {
                    json!({})
                } else {
                    self.value(
                        &member.target,
                        rng,
                        depth + 1,
                        &member_path,
                        &format!("{pointer}/{key}"),
                        breaks,
                    )
                };
                json!({ key: value })
            }
            other => panic!("{id} is a {}", other.describe()),
        };
        value
    }

    /// A valid simple value and, unless the type takes any JSON, a value of
    /// a JSON type it rejects.
    fn simple(
        &self,
        simple: SimpleType,
        shape: &codegen::model::Shape,
        rng: &mut Rng,
    ) -> (Value, Option<Value>) {
        let n = rng.next();
        match simple {
            SimpleType::String => {
                let value = match &shape.known.legacy_enum {
                    Some(entries) => json!(entries[rng.below(entries.len())].value),
                    None => json!(format!("s{}", n % 1000)),
                };
                (value, Some(json!(n % 100)))
            }
            SimpleType::Blob => (json!("aGVsbG8="), Some(json!(false))),
            SimpleType::Boolean => (json!(n % 2 == 0), Some(json!("true"))),
            SimpleType::Byte => (json!((n % 200) as i64 - 100), Some(json!("1"))),
            SimpleType::Short | SimpleType::Integer | SimpleType::Long => {
                (json!((n % 2000) as i64 - 1000), Some(json!([1])))
            }
            SimpleType::Float | SimpleType::Double => {
                (json!((n % 1000) as f64 / 8.0), Some(json!(true)))
            }
            SimpleType::BigInteger | SimpleType::BigDecimal => {
                (json!(format!("{n}")), Some(json!({})))
            }
            SimpleType::Timestamp => (json!(1_700_000_000 + (n % 1000) as i64), Some(json!(true))),
            SimpleType::Document => (json!({"any": [n % 7, null, "x"]}), None),
        }
    }

    /// Text for a map key of type `id`: any string, or a listed enum value.
    fn simple_or_enum_text(&self, id: &ShapeId, rng: &mut Rng) -> Option<String> {
        match &self.shape(id).kind {
            ShapeKind::Enum(members) => {
                let member = &members[rng.below(members.len())];
                Some(match &member.known.enum_value {
                    Some(EnumValueTrait::String(value)) => value.clone(),
                    _ => member.name.clone(),
                })
            }
            ShapeKind::Simple(SimpleType::String) => Some(format!("k{}", rng.below(50))),
            _ => None,
        }
    }
}

/// Applies a break to `value`, returning the JSON text and what must happen.
fn apply(value: &Value, broken: &Break) -> (String, Expect) {
    let mut value = value.clone();
    match &broken.kind {
        BreakKind::Remove { required } => {
            let (parent, key) = broken.pointer.rsplit_once('/').unwrap();
            let object = value
                .pointer_mut(parent)
                .and_then(Value::as_object_mut)
                .unwrap();
            object.remove(&key.replace("~1", "/").replace("~0", "~"));
            let expect = if *required {
                Expect::LoadFails
            } else {
                Expect::Loads
            };
            (value.to_string(), expect)
        }
        BreakKind::Replace { with, expect } => {
            *value.pointer_mut(&broken.pointer).unwrap() = with.clone();
            (value.to_string(), expect.clone())
        }
    }
}

/// One shape under test: its model, id, and how to load and validate it.
struct Subject {
    name: &'static str,
    model: Model,
    shape: ShapeId,
    /// Loads the text; on success, the paths `validate()` reports.
    load: fn(&str) -> Result<Vec<String>, String>,
}

macro_rules! loader {
    ($runtime:path, $ty:ty) => {{
        fn load(text: &str) -> Result<Vec<String>, String> {
            use rt::Validate as _;
            use $runtime as rt;
            let value: $ty = rt::from_json(text).map_err(|e| e.path())?;
            Ok(match value.validate() {
                Ok(()) => Vec::new(),
                Err(e) => e.violations().iter().map(|v| v.path().to_owned()).collect(),
            })
        }
        load
    }};
}

fn subjects() -> Vec<Subject> {
    let ours = |file: &str| {
        let path = repo_root().join("models").join(file);
        codegen::ModelSource::new(file, std::fs::read_to_string(path).unwrap())
    };
    let load = |source| codegen::model::load(&[source]).unwrap();
    vec![
        Subject {
            name: "every shape kind",
            model: load(fixture_model("shapes.json")),
            shape: ShapeId::parse("fixture.shapes#Everything").unwrap(),
            load: loader!(
                fixtures_generated::runtime,
                fixtures_generated::shapes::types::Everything
            ),
        },
        Subject {
            name: "required, default and client-optional members",
            model: load(fixture_model("shapes.json")),
            shape: ShapeId::parse("fixture.shapes#Defaults").unwrap(),
            load: loader!(
                fixtures_generated::runtime,
                fixtures_generated::shapes::types::Defaults
            ),
        },
        Subject {
            name: "UpdateTrafficDistribution",
            model: load(ours("connect.json")),
            shape: ShapeId::parse("com.amazonaws.connect#UpdateTrafficDistributionRequest")
                .unwrap(),
            load: loader!(
                aws_generated::runtime,
                aws_generated::connect::types::UpdateTrafficDistributionRequest
            ),
        },
        Subject {
            name: "PutVoiceConnectorOrigination",
            model: load(ours("chime-sdk-voice.json")),
            shape: ShapeId::parse(
                "com.amazonaws.chimesdkvoice#PutVoiceConnectorOriginationRequest",
            )
            .unwrap(),
            load: loader!(
                aws_generated::runtime,
                aws_generated::chime_sdk_voice::types::PutVoiceConnectorOriginationRequest
            ),
        },
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn one_broken_member_is_reported_at_its_path(seed in any::<u64>(), choice in any::<usize>()) {
        for subject in subjects() {
            let mut rng = Rng(seed);
            let generator = Generator { model: &subject.model };
            let mut breaks = Vec::new();
            let value = generator.value(&subject.shape, &mut rng, 0, "", "", &mut breaks);
            let loaded = (subject.load)(&value.to_string());
            prop_assert!(loaded.is_ok(), "{}: valid input does not load: {:?}\n{}", subject.name, loaded, value);
            let broken = &breaks[choice % breaks.len()];
            let (text, expect) = apply(&value, broken);
            let result = (subject.load)(&text);
            match expect {
                Expect::LoadFails => prop_assert_eq!(
                    result.as_ref().err(),
                    Some(&broken.path),
                    "{}: {:?} in {}", subject.name, broken, text
                ),
                Expect::Loads => prop_assert!(result.is_ok(), "{}: {:?}: {:?}", subject.name, broken, result),
                Expect::Violation => {
                    let paths = result.map_err(|e| TestCaseError::fail(format!("{}: does not load: {e}", subject.name)))?;
                    prop_assert!(paths.contains(&broken.path), "{}: {:?} not in {:?}", subject.name, broken, paths);
                }
            }
        }
    }
}
