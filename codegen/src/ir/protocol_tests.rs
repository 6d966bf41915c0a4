//! Protocol compliance cases (`smithy.test`) as values of the generated
//! types, which the emitter prints as the generated crate's tests.

use super::{EnumValue, MessageExpectations};
use crate::model::protocol_tests::RequestExpectations;

/// A request case: serialize the input and compare the request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestTest {
    pub id: String,
    /// The test function's name.
    pub fn_name: String,
    /// The input; `None` for an operation without one.
    pub input: Option<TestValue>,
    pub expected: RequestExpectations,
}

/// A response case: parse the response and compare the result.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseTest {
    pub id: String,
    pub fn_name: String,
    pub code: u16,
    pub message: MessageExpectations,
    pub expected: ExpectedResult,
}

/// What a response must parse into.
#[derive(Debug, Clone, PartialEq)]
pub enum ExpectedResult {
    /// The operation's output; `None` for an operation without one.
    Output(Option<TestValue>),
    /// A modelled error: the error enum's variant, the error's members,
    /// and the code callers see when the case names it.
    Error {
        variant: String,
        value: TestValue,
        code: Option<String>,
    },
}

/// A value of a generated or built-in type, as a case writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum TestValue {
    Bool(bool),
    Integer(i64),
    /// A float of the field's width; NaN and the infinities included.
    Float {
        value: f64,
        single: bool,
    },
    String(String),
    Blob(Vec<u8>),
    /// A streamed payload's bytes.
    ByteStream(Vec<u8>),
    Timestamp {
        seconds: i64,
        nanos: u32,
    },
    /// JSON text.
    Document(String),
    BigInteger(String),
    BigDecimal(String),
    Enum {
        ty: String,
        value: EnumTestValue,
    },
    /// Items; `None` is a null item of a sparse list.
    List {
        items: Vec<Option<TestValue>>,
        sparse: bool,
    },
    /// Entries; a `None` value is a null entry of a sparse map.
    Map {
        entries: Vec<(TestValue, Option<TestValue>)>,
        sparse: bool,
    },
    Struct {
        ty: String,
        fields: Vec<TestField>,
    },
    Union {
        ty: String,
        variant: String,
        /// `None` for a member that targets `smithy.api#Unit`.
        value: Option<Box<TestValue>>,
        boxed: bool,
    },
}

/// A value of an enum type.
#[derive(Debug, Clone, PartialEq)]
pub enum EnumTestValue {
    /// A modelled value, by variant name.
    Known(String),
    /// A value the model does not list.
    Unknown(EnumValue),
}

/// One field of a structure value.
#[derive(Debug, Clone, PartialEq)]
pub struct TestField {
    pub name: String,
    pub init: FieldInit,
}

/// How a field of a structure value is filled.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldInit {
    /// The case gives a value.
    Set {
        value: TestValue,
        optional: bool,
        boxed: bool,
    },
    /// The case leaves it out and the field is an `Option`.
    Unset,
    /// Left out; the type's zero default.
    Zero,
    /// Left out; the model's default, from this associated function.
    DefaultFn(String),
    /// Left out but required: the value error correction gives.
    ErrorCorrected,
}
