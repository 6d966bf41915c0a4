//! Whether each member is always present, and the `@default` values that
//! make some so, checked against the member's type.

use serde_json::Value;

use super::trait_ids;
use super::types::Types;
use crate::error::{Error, ErrorKind, Location};
use crate::ir::{DefaultValue, EnumValue, Presence, RustType};
use crate::model::{IdlVersion, Member, Shape};

impl Types<'_> {
    /// Smithy's client nullability rules (see the README): members of
    /// `@input` structures, `@clientOptional` members and members whose
    /// default was added later are optional; otherwise a non-null `@default`
    /// or `@required` makes a member always present.
    pub(super) fn presence(
        &self,
        shape: &Shape,
        member: &Member,
        ty: &RustType,
    ) -> Result<Presence, Error> {
        let forced_optional =
            shape.known.input || member.known.client_optional || member.known.added_default;
        if forced_optional {
            return Ok(Presence::Optional);
        }
        let target = &self.model.shapes[&member.target];
        let default = match (&member.known.default, shape.idl) {
            (Some(value), _) => Some(value),
            (None, IdlVersion::V1) if !member.known.boxed => target.known.default.as_ref(),
            (None, _) => None,
        };
        match default {
            Some(value) if !value.is_null() => Ok(Presence::Default(
                self.default_value(value, ty, target)
                    .map_err(|message| invalid_default(shape, member, message))?,
            )),
            _ if member.known.required => Ok(Presence::Required),
            _ => Ok(Presence::Optional),
        }
    }

    fn default_value(
        &self,
        value: &Value,
        ty: &RustType,
        target: &Shape,
    ) -> Result<DefaultValue, String> {
        use DefaultValue::*;
        Ok(match (ty, value) {
            (RustType::Bool, Value::Bool(b)) => {
                if *b {
                    Bool(true)
                } else {
                    Zero
                }
            }
            (RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64, Value::Number(n)) => {
                let n = n.as_i64().ok_or("not an integer")?;
                let fits = match ty {
                    RustType::I8 => i8::try_from(n).is_ok(),
                    RustType::I16 => i16::try_from(n).is_ok(),
                    RustType::I32 => i32::try_from(n).is_ok(),
                    _ => true,
                };
                if !fits {
                    return Err(format!("{n} is out of range for the member's type"));
                }
                if n == 0 {
                    Zero
                } else {
                    Int(n)
                }
            }
            (RustType::F32 | RustType::F64, Value::Number(n)) => {
                let f = n.as_f64().ok_or("not a number")?;
                if f == 0.0 {
                    Zero
                } else {
                    Float(f)
                }
            }
            (RustType::String, Value::String(s)) => {
                if s.is_empty() {
                    Zero
                } else {
                    String(s.clone())
                }
            }
            (RustType::Blob, Value::String(s)) => {
                use base64::Engine as _;
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(s)
                    .map_err(|e| format!("blob default is not base64: {e}"))?;
                if bytes.is_empty() {
                    Zero
                } else {
                    Blob(bytes)
                }
            }
            // Smithy allows a streamed blob the empty default only.
            (RustType::ByteStream, Value::String(s)) if s.is_empty() => Zero,
            (RustType::Timestamp(_), Value::Number(n)) => {
                EpochSeconds(n.as_f64().ok_or("not a number")?)
            }
            (RustType::Timestamp(_), Value::String(_)) => {
                return Err(
                    "timestamp defaults written as strings are not supported; use epoch seconds"
                        .into(),
                )
            }
            (RustType::BigInteger | RustType::BigDecimal, Value::Number(n)) => {
                if n.as_f64() == Some(0.0) {
                    Zero
                } else {
                    String(n.to_string())
                }
            }
            (RustType::Document, value) => Document(value.to_string()),
            (RustType::List { .. } | RustType::Map { .. }, _) => Zero,
            (RustType::Named(_), value) => {
                let variants = self.enum_variants(target);
                let wanted = match value {
                    Value::String(s) => EnumValue::String(s.clone()),
                    Value::Number(n) => EnumValue::Int(
                        n.as_i64()
                            .and_then(|n| i32::try_from(n).ok())
                            .ok_or("not a 32-bit integer")?,
                    ),
                    _ => return Err("enum defaults must be a value of the enum".into()),
                };
                let variant = variants.iter().find(|v| v.value == wanted);
                EnumVariant(
                    variant
                        .ok_or_else(|| format!("{value} is not a value of the enum"))?
                        .name
                        .clone(),
                )
            }
            _ => return Err(format!("the value {value} does not fit the member's type")),
        })
    }
}

fn invalid_default(shape: &Shape, member: &Member, message: String) -> Error {
    Error::new(
        Location::member(&shape.file, &shape.id, &member.name),
        ErrorKind::InvalidTrait {
            trait_id: trait_ids::DEFAULT.into(),
            message,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::{test_service, PatternPolicy};
    use crate::ir::{DefaultValue, Presence};
    use serde_json::json;

    fn member(target: &str, traits: serde_json::Value) -> Result<Presence, crate::error::Error> {
        let service = test_service(
            &["Get"],
            json!({
                "test#Get": {"type": "operation", "output": {"target": "test#Out"}},
                "test#Out": {"type": "structure", "members": {"Value": {"target": target, "traits": traits}}},
                "test#Mode": {"type": "enum", "members": {
                    "FAST": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "fast"}}}}
            }),
            PatternPolicy::Strict,
        )?;
        let out = service.types.iter().find(|t| t.name() == "Out").unwrap();
        match out {
            crate::ir::TypeDef::Struct(def) => Ok(def.fields[0].presence.clone()),
            _ => unreachable!(),
        }
    }

    #[test]
    fn defaults_are_checked_against_the_members_type() {
        let default = |value: serde_json::Value| json!({"smithy.api#default": value});
        assert_eq!(
            member("smithy.api#Byte", default(json!(7))).unwrap(),
            Presence::Default(DefaultValue::Int(7))
        );
        assert_eq!(
            member("smithy.api#Integer", default(json!(0))).unwrap(),
            Presence::Default(DefaultValue::Zero)
        );
        assert_eq!(
            member("test#Mode", default(json!("fast"))).unwrap(),
            Presence::Default(DefaultValue::EnumVariant("Fast".into()))
        );
        let error = member("smithy.api#Byte", default(json!(300))).unwrap_err();
        assert!(error.to_string().contains("300 is out of range"), "{error}");
        let error = member("test#Mode", default(json!("slow"))).unwrap_err();
        assert!(
            error.to_string().contains("not a value of the enum"),
            "{error}"
        );
        assert_eq!(
            member("smithy.api#String", json!({"smithy.api#required": {}})).unwrap(),
            Presence::Required
        );
    }
}
