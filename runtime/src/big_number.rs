//! Smithy `bigInteger` and `bigDecimal`, for the models that use them
//! (feature `big-numbers`).

use std::fmt;

use crate::json::{write_str, JsonError, JsonErrorKind, ReadJson, Reader, WriteError, WriteJson};

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

        /// Decimal text in a string, so no digit is lost.
        impl WriteJson for $name {
            fn write_json(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
                write_str(out, &self.0.to_string());
                Ok(())
            }
        }
    };
}

big_number! {
    /// A Smithy `bigInteger`, written to JSON as a string so no digit is lost.
    BigInteger(num_bigint::BigInt), "a big integer"
}

big_number! {
    /// A Smithy `bigDecimal`, written to JSON as a string so no digit is lost.
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
}
