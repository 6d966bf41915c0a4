//! JSON as restJson1 writes it: [`write`](mod@write) for request bodies, [`read`](mod@read) for
//! responses and for input written by people.

pub mod read;
pub mod write;

pub use read::{member, variant, set_variant, finish_union, ArrayReader, JsonError, JsonErrorKind, ObjectReader, ReadJson, Reader};
pub use write::{list, map, optional, write_str, write_timestamp, Object, WriteError, WriteJson};
