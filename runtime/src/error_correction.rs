//! Smithy's error correction: the value a `@required` member takes when a
//! response leaves it out, so a client keeps working when a service stops
//! sending a member it once required.

use std::collections::BTreeMap;

use crate::{Blob, Document, Timestamp, Unit};

/// The value error correction gives: zero, false, empty, the epoch, or an
/// unknown variant. Generated types implement it; input is never corrected.
pub trait ErrorCorrection {
    /// The corrected value.
    fn error_corrected() -> Self;
}

/// [`ErrorCorrection::error_corrected`] as a function.
pub fn error_corrected<T: ErrorCorrection>() -> T {
    T::error_corrected()
}

macro_rules! corrected_by_default {
    ($($ty:ty),*) => {
        $(impl ErrorCorrection for $ty {
            fn error_corrected() -> Self {
                Default::default()
            }
        })*
    };
}

corrected_by_default!(bool, i8, i16, i32, i64, f32, f64, String, Blob, Timestamp, Document, Unit);

#[cfg(feature = "big-numbers")]
corrected_by_default!(crate::BigInteger, crate::BigDecimal);

impl<T> ErrorCorrection for Vec<T> {
    fn error_corrected() -> Self {
        Vec::new()
    }
}

impl<K, V> ErrorCorrection for BTreeMap<K, V> {
    fn error_corrected() -> Self {
        BTreeMap::new()
    }
}

impl<T> ErrorCorrection for Option<T> {
    fn error_corrected() -> Self {
        None
    }
}

impl<T: ErrorCorrection> ErrorCorrection for Box<T> {
    fn error_corrected() -> Self {
        Box::new(T::error_corrected())
    }
}
