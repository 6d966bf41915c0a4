//! `bigInteger` and `bigDecimal` in CBOR, as rpcv2Cbor specifies them
//! (feature `big-numbers`): an integer that fits 64 bits as a plain
//! integer, a larger one as a bignum (tag 2, or tag 3 for `-1 - n`, over
//! its big-endian magnitude), and a decimal as a decimal fraction (tag 4
//! over `[exponent, mantissa]`, the value being mantissa × 10^exponent).

use num_bigint::{BigInt, Sign};

use super::major;
use super::read::{CborError, ReadCbor, Reader};
use super::write::{head, WriteCbor};
use crate::big_number::{BigDecimal, BigInteger};
use crate::json::WriteError;

/// Tags 2 and 3 (RFC 8949, section 3.4.3) and 4 (section 3.4.4).
const POSITIVE_BIGNUM: u64 = 2;
const NEGATIVE_BIGNUM: u64 = 3;
const DECIMAL_FRACTION: u64 = 4;

fn write_bigint(value: &BigInt, out: &mut Vec<u8>) {
    if let Ok(small) = i64::try_from(value) {
        return small.write_cbor(out).unwrap_or(());
    }
    let (tag, magnitude) = if value.sign() == Sign::Minus {
        // `-1 - value` is positive.
        (NEGATIVE_BIGNUM, (BigInt::from(-1) - value).to_bytes_be().1)
    } else {
        (POSITIVE_BIGNUM, value.to_bytes_be().1)
    };
    head(out, major::TAG, tag);
    head(out, major::BYTES, magnitude.len() as u64);
    out.extend_from_slice(&magnitude);
}

fn read_bigint(reader: &mut Reader<'_>) -> Result<BigInt, CborError> {
    match reader.read_tag()? {
        Some(POSITIVE_BIGNUM) => {
            let magnitude = reader.read_bytes()?;
            Ok(BigInt::from_bytes_be(Sign::Plus, &magnitude))
        }
        Some(NEGATIVE_BIGNUM) => {
            let magnitude = reader.read_bytes()?;
            Ok(BigInt::from(-1) - BigInt::from_bytes_be(Sign::Plus, &magnitude))
        }
        Some(tag) => Err(reader.error_here(format!("expected an integer, found tag {tag}"))),
        None => reader.read_integer_i128().map(BigInt::from),
    }
}

impl WriteCbor for BigInteger {
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        write_bigint(&self.0, out);
        Ok(())
    }
}

impl ReadCbor for BigInteger {
    fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError> {
        read_bigint(reader).map(Self)
    }
}

impl WriteCbor for BigDecimal {
    fn write_cbor(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        let (mantissa, scale) = self.0.as_bigint_and_exponent();
        head(out, major::TAG, DECIMAL_FRACTION);
        head(out, major::ARRAY, 2);
        (-scale).write_cbor(out)?;
        write_bigint(&mantissa, out);
        Ok(())
    }
}

impl ReadCbor for BigDecimal {
    fn read_cbor(reader: &mut Reader<'_>) -> Result<Self, CborError> {
        match reader.read_tag()? {
            Some(DECIMAL_FRACTION) => {}
            Some(tag) => {
                return Err(
                    reader.error_here(format!("expected a decimal fraction, found tag {tag}"))
                )
            }
            // A plain integer is a decimal too.
            None => return read_bigint(reader).map(|n| Self(bigdecimal::BigDecimal::from(n))),
        }
        let mut pair = reader.array()?;
        let exponent = if pair.next(reader)? {
            reader.read_integer(i64::MIN, i64::MAX, "an exponent")?
        } else {
            return Err(reader.error_here("a decimal fraction without its exponent"));
        };
        let mantissa = if pair.next(reader)? {
            read_bigint(reader)?
        } else {
            return Err(reader.error_here("a decimal fraction without its mantissa"));
        };
        if pair.next(reader)? {
            return Err(reader.error_here("a decimal fraction of more than two items"));
        }
        let scale = exponent
            .checked_neg()
            .ok_or_else(|| reader.error_here("an exponent out of range"))?;
        Ok(Self(bigdecimal::BigDecimal::new(mantissa, scale)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: WriteCbor + ReadCbor + PartialEq + std::fmt::Debug>(value: T) -> Vec<u8> {
        let mut out = Vec::new();
        value.write_cbor(&mut out).unwrap();
        let mut reader = Reader::new(&out);
        assert_eq!(T::read_cbor(&mut reader).unwrap(), value);
        out
    }

    /// RFC 8949, Appendix A: 18446744073709551616 is `c2 49 01 00...00`,
    /// -18446744073709551617 is `c3 49 01 00...00`; RFC 8949, section
    /// 3.4.4: 273.15 is `c4 82 21 19 6a b3`.
    #[test]
    fn big_numbers_are_bignums_and_decimal_fractions() {
        let two_to_64: BigInteger = "18446744073709551616".parse().unwrap();
        let mut expected = vec![0xc2, 0x49, 0x01];
        expected.extend([0; 8]);
        assert_eq!(round_trip(two_to_64), expected);
        let below: BigInteger = "-18446744073709551617".parse().unwrap();
        expected[0] = 0xc3;
        assert_eq!(round_trip(below), expected);
        // Small ones are plain integers.
        assert_eq!(
            round_trip(BigInteger::from_literal("-1000")),
            [0x39, 0x03, 0xe7]
        );
        let kelvin: BigDecimal = "273.15".parse().unwrap();
        assert_eq!(round_trip(kelvin), [0xc4, 0x82, 0x21, 0x19, 0x6a, 0xb3]);
    }
}
