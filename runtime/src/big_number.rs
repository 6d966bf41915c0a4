//! Smithy `bigInteger` and `bigDecimal`, for the models that use them
//! (feature `big-numbers`).

use std::fmt;

use crate::json::{JsonError, JsonErrorKind, ReadJson, Reader, WriteError, WriteJson};

macro_rules! big_number {
    ($(#[$doc:meta])* $name:ident($inner:ty), $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
        pub struct $name(pub $inner);

        impl $name {
            /// Parses a model literal; one that does not parse gives zero.
            pub fn from_literal(text: &str) -> Self {
                text.parse().map(Self).unwrap_or_default()
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(text: &str) -> Result<Self, String> {
                text.trim().parse().map(Self).map_err(|e| format!("invalid number `{text}`: {e}"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        /// A JSON number, or a string of digits, which keeps every digit.
        impl ReadJson for $name {
            fn read_json(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
                let start = reader.position();
                let text = reader.read_number_text()?;
                text.parse().map_err(|_| {
                    let kind = JsonErrorKind::InvalidValue { expected: $what, text: text.into_owned() };
                    reader.error_at(kind, start)
                })
            }
        }

        /// A JSON number with every digit, as the JSON protocols write big
        /// numbers; the receiver decides how many it keeps.
        impl WriteJson for $name {
            fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
                out.extend_from_slice(self.0.to_string().as_bytes());
                Ok(())
            }
        }
    };
}

big_number! {
    /// A Smithy `bigInteger`, written to JSON as a number with every digit.
    BigInteger(num_bigint::BigInt), "a big integer"
}

big_number! {
    /// A Smithy `bigDecimal`, written to JSON as a number with every digit.
    BigDecimal(bigdecimal::BigDecimal), "a big decimal"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_digit_is_kept() {
        let big: BigInteger = "123456789012345678901234567890".parse().unwrap();
        assert_eq!(big.to_string(), "123456789012345678901234567890");
        let decimal: BigDecimal = "3.14159265358979323846".parse().unwrap();
        assert_eq!(decimal.to_string(), "3.14159265358979323846");
        assert_eq!(BigInteger::from_literal("x"), BigInteger::default());
        assert!("1.5".parse::<BigInteger>().is_err());
    }

    /// Written as JSON numbers: the text must be JSON's number grammar,
    /// which serde_json (built here with its own number parser) checks.
    #[test]
    fn numbers_are_written_as_json_numbers() {
        let written = |value: &dyn WriteJson| {
            let mut out = Vec::new();
            value.write_json(&mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let cases: [(&dyn WriteJson, &str); 4] = [
            (
                &BigInteger::from_literal("-123456789012345678901234567890"),
                "-123456789012345678901234567890",
            ),
            (
                &BigDecimal::from_literal("3.14159265358979323846"),
                "3.14159265358979323846",
            ),
            (&BigDecimal::from_literal("-0.5"), "-0.5"),
            (&BigDecimal::from_literal("1e-40"), "1E-40"),
        ];
        for (value, expected) in cases {
            let text = written(value);
            assert_eq!(text, expected);
            assert!(
                serde_json::from_str::<serde_json::Value>(&text)
                    .unwrap()
                    .is_number(),
                "{text}"
            );
        }
    }
}
