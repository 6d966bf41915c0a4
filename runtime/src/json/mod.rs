//! JSON as the JSON protocols write it: [`write`](mod@write) for request bodies and
//! [`crate::to_json`], [`read`](mod@read) for responses and for input written
//! by people.

pub mod read;
pub mod write;

pub use read::{ArrayReader, JsonError, JsonErrorKind, ObjectReader, ReadJson, Reader};
pub use write::{Object, WriteError, WriteJson};

#[doc(hidden)]
pub use read::{finish_union, member, read_members, set_variant, variant};
#[doc(hidden)]
pub use write::{list, map, optional, write_str, write_timestamp};
