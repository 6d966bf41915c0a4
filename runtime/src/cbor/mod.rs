//! CBOR (RFC 8949) as the rpcv2Cbor protocol uses it: [`write`](mod@write)
//! for request bodies, [`read`](mod@read) for responses.
//!
//! The encoding is written here rather than taken from a CBOR crate: the
//! primitive encoding is a few dozen lines of RFC 8949, while what decides
//! the reader's shape is what this crate asks of every reader of untrusted
//! bytes (work linear in the input, nesting bounded without recursion when
//! skipping, no allocation sized by a length the input declares, errors
//! that say where), and the generated readers drive it directly, member by
//! member, as they drive the JSON reader.

#[cfg(feature = "big-numbers")]
mod big;
pub mod read;
pub mod write;

pub use read::{ArrayReader, CborError, MapReader, ReadCbor, Reader};
pub use write::{Object, WriteCbor};

#[doc(hidden)]
pub use read::{finish_union, member, read_members, set_variant, variant};
#[doc(hidden)]
pub use write::{list, map, optional};

/// The major types of RFC 8949, section 3.1.
pub(crate) mod major {
    pub const UNSIGNED: u8 = 0;
    pub const NEGATIVE: u8 = 1;
    pub const BYTES: u8 = 2;
    pub const TEXT: u8 = 3;
    pub const ARRAY: u8 = 4;
    pub const MAP: u8 = 5;
    pub const TAG: u8 = 6;
    pub const SIMPLE: u8 = 7;
}

/// Tag 1: a timestamp as epoch seconds (RFC 8949, section 3.4.2).
pub(crate) const EPOCH_TAG: u64 = 1;
