//! Any CBOR item, for the protocol tests' comparison of bodies (feature
//! `test-util`).

use super::{major, CborError, Length, Reader};

/// Any CBOR item, as the protocol tests compare bodies: maps as their
/// entries in any order, definite and indefinite lengths alike, floats of
/// any width by value, integers equal to floats of the same value.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Integer(i128),
    Float(f64),
    Bytes(Vec<u8>),
    Text(String),
    Array(Vec<Value>),
    Map(Vec<(Value, Value)>),
    Tag(u64, Box<Value>),
    Bool(bool),
    Null,
}

impl Value {
    /// The one item of `bytes`.
    pub(crate) fn decode(bytes: &[u8]) -> Result<Self, CborError> {
        let mut reader = Reader::new(bytes);
        let value = Self::read(&mut reader)?;
        reader.end()?;
        Ok(value)
    }

    fn read(reader: &mut Reader<'_>) -> Result<Self, CborError> {
        let initial = reader.peek_initial()?;
        Ok(match initial.major {
            major::UNSIGNED | major::NEGATIVE => {
                let (_, Length::Definite(argument)) = reader.head()? else {
                    return Err(reader.error("an indefinite integer"));
                };
                if initial.major == major::UNSIGNED {
                    Value::Integer(i128::from(argument))
                } else {
                    Value::Integer(-1 - i128::from(argument))
                }
            }
            major::BYTES => Value::Bytes(reader.read_bytes()?.into_owned()),
            major::TEXT => Value::Text(reader.read_str()?.into_owned()),
            major::ARRAY => {
                let mut items = Vec::new();
                let mut array = reader.array()?;
                while array.next(reader)? {
                    items.push(Self::read(reader)?);
                }
                Value::Array(items)
            }
            major::MAP => {
                let (_, length) = reader.head()?;
                reader.enter()?;
                let mut entries = Vec::new();
                let mut left = length;
                while left.take_one(reader)? {
                    let key = Self::read(reader)?;
                    entries.push((key, Self::read(reader)?));
                }
                reader.depth -= 1;
                Value::Map(entries)
            }
            major::TAG => {
                let (_, Length::Definite(tag)) = reader.head()? else {
                    return Err(reader.error("an indefinite tag"));
                };
                Value::Tag(tag, Box::new(Self::read(reader)?))
            }
            _ => match initial.info {
                20 | 21 => Value::Bool(reader.read_bool()?),
                22 | 23 => {
                    reader.pos += 1;
                    Value::Null
                }
                _ => Value::Float(reader.read_f64()?),
            },
        })
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Integer(a), Value::Integer(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
            (Value::Integer(a), Value::Float(b)) | (Value::Float(b), Value::Integer(a)) => {
                *a as f64 == *b
            }
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::Text(a), Value::Text(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a == b,
            (Value::Map(a), Value::Map(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(key, value)| {
                        b.iter()
                            .any(|(other_key, other)| key == other_key && value == other)
                    })
            }
            (Value::Tag(a, x), Value::Tag(b, y)) => a == b && x == y,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Null, Value::Null) => true,
            _ => false,
        }
    }
}
