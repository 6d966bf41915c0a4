//! Protocol compliance cases (`smithy.test`) lowered against the generated
//! types: each case's `params` become a typed value tree the emitter can
//! print as a Rust expression, and every mismatch between a case and the
//! model is an error naming the case.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Location};
use crate::ir::{
    DefaultValue, EnumTestValue, EnumValue, ExpectedResult, Field, FieldInit, NamedType, Presence,
    Protocol, RequestTest, ResponseTest, RustType, StructDef, TestField, TestValue, TypeDef,
    TypeId, UnionDef,
};
use crate::model::protocol_tests::{self, AppliesTo, RequestTestCase, ResponseTestCase};
use crate::model::{Model, Shape};
use crate::naming::items::Namespace;

/// What the cases of one operation are lowered against.
pub(super) struct OperationTypes<'a> {
    pub(super) shape: &'a Shape,
    pub(super) input: Option<TypeId>,
    pub(super) output: Option<TypeId>,
    pub(super) errors: &'a [NamedType],
}

/// The cases of one operation.
#[derive(Default)]
pub(super) struct OperationTests {
    pub(super) requests: Vec<RequestTest>,
    pub(super) responses: Vec<ResponseTest>,
}

/// The client-side request and response cases of the chosen protocol for
/// each operation, in order, and of every error, which goes with the first
/// operation that lists it.
pub(super) fn lower(
    model: &Model,
    types: &[TypeDef],
    operations: &[OperationTypes<'_>],
    protocol: Protocol,
) -> Result<Vec<OperationTests>, Error> {
    let runs_here = |case_protocol: &str, applies_to: Option<AppliesTo>| {
        case_protocol == protocol.id() && applies_to != Some(AppliesTo::Server)
    };
    let lowerer = CaseLowerer::new(types);
    let mut namespace = Namespace::default();
    let mut fn_name = |id: &str, kind: &str| namespace.test_fn(id, kind);
    let mut errors_with_tests = BTreeSet::new();
    let mut lowered = Vec::new();
    for op in operations {
        let shape = op.shape;
        let (mut requests, mut responses) = (Vec::new(), Vec::new());
        for case in protocol_tests::request_tests(shape)? {
            if runs_here(&case.protocol, case.applies_to) {
                let name = fn_name(&case.id, "request");
                let test = lowerer
                    .request(&case, op.input, name)
                    .map_err(|m| case_error(shape, &case.id, m))?;
                requests.push(test);
            }
        }
        for case in protocol_tests::response_tests(shape)? {
            if runs_here(&case.protocol, case.applies_to) {
                let name = fn_name(&case.id, "response");
                let expected = ExpectedType::Output(op.output);
                let test = lowerer
                    .response(&case, expected, name)
                    .map_err(|m| case_error(shape, &case.id, m))?;
                responses.push(test);
            }
        }
        for error in op.errors {
            if !errors_with_tests.insert(error.id) {
                continue;
            }
            let def = lowerer
                .struct_def(error.id)
                .map_err(|m| case_error(shape, &error.name, m))?;
            let error_shape = &model.shapes[&def.shape_id];
            for case in protocol_tests::response_tests(error_shape)? {
                if runs_here(&case.protocol, case.applies_to) {
                    let name = fn_name(&case.id, "response");
                    let expected = ExpectedType::Error(error);
                    let test = lowerer
                        .response(&case, expected, name)
                        .map_err(|m| case_error(error_shape, &case.id, m))?;
                    responses.push(test);
                }
            }
        }
        lowered.push(OperationTests {
            requests,
            responses,
        });
    }
    Ok(lowered)
}

fn case_error(shape: &Shape, id: &str, message: String) -> Error {
    Error::new(
        Location::shape(&shape.file, &shape.id),
        ErrorKind::InvalidTestCase {
            id: id.to_owned(),
            message,
        },
    )
}

/// Lowers cases against the types of one service module.
struct CaseLowerer<'a> {
    types: &'a [TypeDef],
}

impl<'a> CaseLowerer<'a> {
    fn new(types: &'a [TypeDef]) -> Self {
        Self { types }
    }

    /// A request case for an operation whose input type is `input`.
    fn request(
        &self,
        case: &RequestTestCase,
        input: Option<TypeId>,
        fn_name: String,
    ) -> Result<RequestTest, String> {
        Ok(RequestTest {
            id: case.id.clone(),
            fn_name,
            input: self.top_level(input, &case.params)?,
            expected: case.expected.clone(),
        })
    }

    /// A response case whose result is `expected`: the output, or an error
    /// and the variant of the operation's error enum named like it.
    fn response(
        &self,
        case: &ResponseTestCase,
        expected: ExpectedType<'_>,
        fn_name: String,
    ) -> Result<ResponseTest, String> {
        let expected = match expected {
            ExpectedType::Output(output) => {
                ExpectedResult::Output(self.top_level(output, &case.params)?)
            }
            ExpectedType::Error(error) => ExpectedResult::Error {
                variant: error.name.clone(),
                value: self.structure(self.struct_def(error.id)?, &case.params, 0)?,
                code: case.error_code.clone(),
            },
        };
        Ok(ResponseTest {
            id: case.id.clone(),
            fn_name,
            code: case.code,
            message: case.message.clone(),
            expected,
        })
    }

    fn top_level(
        &self,
        ty: Option<TypeId>,
        params: &Map<String, Value>,
    ) -> Result<Option<TestValue>, String> {
        match ty {
            Some(ty) => self.structure(self.struct_def(ty)?, params, 0).map(Some),
            None if params.is_empty() => Ok(None),
            None => Err("`params` must be empty: the operation has no such structure".into()),
        }
    }

    fn struct_def(&self, id: TypeId) -> Result<&'a StructDef, String> {
        match &self.types[id.0] {
            TypeDef::Struct(def) => Ok(def),
            other => Err(format!("`{}` is not a generated structure", other.name())),
        }
    }

    fn structure(
        &self,
        def: &StructDef,
        params: &Map<String, Value>,
        depth: usize,
    ) -> Result<TestValue, String> {
        if let Some(unknown) = params
            .keys()
            .find(|key| !def.fields.iter().any(|f| &f.member == *key))
        {
            return Err(format!(
                "`{}` has no member `{unknown}`",
                def.shape_id.name()
            ));
        }
        let fields = def
            .fields
            .iter()
            .map(|field| {
                let init = match params.get(&field.member) {
                    Some(value) if !value.is_null() => FieldInit::Set {
                        value: self
                            .value(&field.ty, value, depth + 1)
                            .map_err(|e| in_member(&field.member, e))?,
                        optional: field.presence == Presence::Optional,
                        boxed: field.boxed,
                    },
                    _ => unset(field),
                };
                Ok(TestField {
                    name: field.name.clone(),
                    init,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(TestValue::Struct {
            ty: def.name.clone(),
            fields,
        })
    }

    fn union(&self, def: &UnionDef, value: &Value, depth: usize) -> Result<TestValue, String> {
        let members = value
            .as_object()
            .ok_or_else(|| format!("expected an object for the union `{}`", def.name))?;
        let mut set = members.iter().filter(|(_, value)| !value.is_null());
        let (Some((member, value)), None) = (set.next(), set.next()) else {
            return Err(format!(
                "the union `{}` needs exactly one member set",
                def.name
            ));
        };
        let variant = def
            .variants
            .iter()
            .find(|v| &v.member == member)
            .ok_or_else(|| format!("`{}` has no member `{member}`", def.shape_id.name()))?;
        let value = match &variant.ty {
            Some(ty) => Some(Box::new(
                self.value(ty, value, depth + 1)
                    .map_err(|e| in_member(member, e))?,
            )),
            None => None,
        };
        Ok(TestValue::Union {
            ty: def.name.clone(),
            variant: variant.name.clone(),
            value,
            boxed: variant.boxed,
        })
    }

    fn value(&self, ty: &RustType, value: &Value, depth: usize) -> Result<TestValue, String> {
        // serde_json bounds the nesting of what it parsed, so this recursion
        // is bounded too; the check keeps that true whatever built the value.
        if depth > 256 {
            return Err("the value nests too deeply".into());
        }
        let mismatch = |expected: &str| Err(format!("expected {expected}, found {value}"));
        Ok(match ty {
            RustType::Bool => match value {
                Value::Bool(b) => TestValue::Bool(*b),
                _ => return mismatch("a boolean"),
            },
            RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 => {
                let (min, max) = integer_bounds(ty);
                match value.as_i64() {
                    Some(n) if (min..=max).contains(&n) => TestValue::Integer(n),
                    _ => return mismatch(&format!("an integer from {min} to {max}")),
                }
            }
            RustType::F32 | RustType::F64 => TestValue::Float {
                value: match value {
                    Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
                    Value::String(s) if s == "NaN" => f64::NAN,
                    Value::String(s) if s == "Infinity" => f64::INFINITY,
                    Value::String(s) if s == "-Infinity" => f64::NEG_INFINITY,
                    _ => return mismatch("a number, \"NaN\", \"Infinity\" or \"-Infinity\""),
                },
                single: *ty == RustType::F32,
            },
            RustType::String => match value {
                Value::String(s) => TestValue::String(s.clone()),
                _ => return mismatch("a string"),
            },
            // Blobs are written as their text, not base64.
            RustType::Blob => match value {
                Value::String(s) => TestValue::Blob(s.as_bytes().to_vec()),
                _ => return mismatch("a string"),
            },
            RustType::ByteStream => match value {
                Value::String(s) => TestValue::ByteStream(s.as_bytes().to_vec()),
                _ => return mismatch("a string"),
            },
            RustType::Timestamp(_) => match value.as_f64() {
                Some(seconds) if seconds.is_finite() => {
                    let (seconds, nanos) = split_epoch_seconds(value, seconds);
                    TestValue::Timestamp { seconds, nanos }
                }
                _ => return mismatch("epoch seconds"),
            },
            RustType::Document => TestValue::Document(value.to_string()),
            RustType::BigInteger | RustType::BigDecimal => {
                let text = match value {
                    Value::Number(n) => n.to_string(),
                    Value::String(s) => s.clone(),
                    _ => return mismatch("a number"),
                };
                if *ty == RustType::BigInteger {
                    TestValue::BigInteger(text)
                } else {
                    TestValue::BigDecimal(text)
                }
            }
            RustType::Named(named) => match &self.types[named.id.0] {
                TypeDef::Struct(def) => match value {
                    Value::Object(members) => self.structure(def, members, depth)?,
                    _ => return mismatch(&format!("an object for `{}`", def.name)),
                },
                TypeDef::Union(def) => self.union(def, value, depth)?,
                TypeDef::Enum(def) => {
                    let wanted = match (value, def.int) {
                        (Value::String(s), false) => EnumValue::String(s.clone()),
                        (Value::Number(n), true) => EnumValue::Int(
                            n.as_i64()
                                .and_then(|n| i32::try_from(n).ok())
                                .ok_or_else(|| format!("{n} is not a 32-bit integer"))?,
                        ),
                        _ => return mismatch(&format!("a value of the enum `{}`", def.name)),
                    };
                    let value = match def.variants.iter().find(|v| v.value == wanted) {
                        Some(variant) => EnumTestValue::Known(variant.name.clone()),
                        None => EnumTestValue::Unknown(wanted),
                    };
                    TestValue::Enum {
                        ty: def.name.clone(),
                        value,
                    }
                }
            },
            RustType::List { item, sparse } => match value {
                Value::Array(items) => TestValue::List {
                    items: items
                        .iter()
                        .enumerate()
                        .map(|(index, item_value)| {
                            self.nullable(item, item_value, *sparse, depth)
                                .map_err(|e| format!("[{index}]: {e}"))
                        })
                        .collect::<Result<_, _>>()?,
                    sparse: *sparse,
                },
                _ => return mismatch("an array"),
            },
            RustType::Map {
                key,
                value: item,
                sparse,
            } => match value {
                Value::Object(entries) => TestValue::Map {
                    entries: entries
                        .iter()
                        .map(|(name, entry)| {
                            let key = self.value(key, &Value::String(name.clone()), depth + 1)?;
                            let entry = self
                                .nullable(item, entry, *sparse, depth)
                                .map_err(|e| format!("[{name:?}]: {e}"))?;
                            Ok((key, entry))
                        })
                        .collect::<Result<_, String>>()?,
                    sparse: *sparse,
                },
                _ => return mismatch("an object"),
            },
        })
    }

    /// A list item or map value: `null` only where the collection is sparse.
    fn nullable(
        &self,
        ty: &RustType,
        value: &Value,
        sparse: bool,
        depth: usize,
    ) -> Result<Option<TestValue>, String> {
        match (value, sparse) {
            (Value::Null, true) => Ok(None),
            (Value::Null, false) => Err("null in a collection that is not @sparse".into()),
            _ => self.value(ty, value, depth + 1).map(Some),
        }
    }
}

/// The type a response case's `params` describe.
#[derive(Debug, Clone, Copy)]
enum ExpectedType<'a> {
    /// The operation's output type, if it has one.
    Output(Option<TypeId>),
    /// An error structure, whose variant in the error enum has its name.
    Error(&'a NamedType),
}

/// A field the case leaves out, as the generated structure holds it.
fn unset(field: &Field) -> FieldInit {
    match &field.presence {
        Presence::Optional => FieldInit::Unset,
        Presence::Required => FieldInit::ErrorCorrected,
        Presence::Default(DefaultValue::Zero) => FieldInit::Zero,
        Presence::Default(_) => FieldInit::DefaultFn(field.default_fn.clone()),
    }
}

fn in_member(member: &str, message: String) -> String {
    format!("member `{member}`: {message}")
}

fn integer_bounds(ty: &RustType) -> (i64, i64) {
    match ty {
        RustType::I8 => (i8::MIN.into(), i8::MAX.into()),
        RustType::I16 => (i16::MIN.into(), i16::MAX.into()),
        RustType::I32 => (i32::MIN.into(), i32::MAX.into()),
        _ => (i64::MIN, i64::MAX),
    }
}

/// Epoch seconds as whole seconds and nanoseconds. A fraction comes through
/// serde_json as the nearest `f64`, so it is rounded to the microsecond,
/// finer than any timestamp format on the wire but coarse enough to undo the
/// binary rounding (`.123` arrives as `.12299990654`).
fn split_epoch_seconds(value: &Value, seconds: f64) -> (i64, u32) {
    if let Some(whole) = value.as_i64() {
        return (whole, 0);
    }
    let micros = (seconds * 1e6).round();
    let whole = (micros / 1e6).floor();
    let nanos = ((micros - whole * 1e6) as u32).min(999_999) * 1000;
    (whole as i64, nanos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fractional_epoch_seconds_keep_their_digits() {
        assert_eq!(
            split_epoch_seconds(&json!(946845296.123), 946845296.123),
            (946845296, 123_000_000)
        );
        assert_eq!(split_epoch_seconds(&json!(-1.5), -1.5), (-2, 500_000_000));
        assert_eq!(
            split_epoch_seconds(&json!(1576540098), 1576540098.0),
            (1576540098, 0)
        );
    }

    #[test]
    fn values_must_fit_their_type() {
        let lowerer = CaseLowerer::new(&[]);
        let byte = lowerer.value(&RustType::I8, &json!(300), 0).unwrap_err();
        assert_eq!(byte, "expected an integer from -128 to 127, found 300");
        let list = RustType::List {
            item: Box::new(RustType::String),
            sparse: false,
        };
        let error = lowerer.value(&list, &json!(["a", null]), 0).unwrap_err();
        assert_eq!(error, "[1]: null in a collection that is not @sparse");
        let float = lowerer
            .value(&RustType::F32, &json!("-Infinity"), 0)
            .unwrap();
        assert_eq!(
            float,
            TestValue::Float {
                value: f64::NEG_INFINITY,
                single: true
            }
        );
    }
}
