//! XML as the AWS query and XML protocols use it: [`read`](mod@read) for
//! response bodies, [`write`](mod@write) for restXml request bodies.
//! Requests of the query protocols are forms (see [`crate::query`]).
//!
//! The tokenizer is written here rather than taken from an XML crate, for
//! the same reasons as the CBOR reader: the generated readers drive it
//! element by element, and what shapes it is what this crate asks of every
//! reader of untrusted bytes. Work is linear in the input, nesting is
//! bounded, nothing is allocated beyond what the input holds, and errors say
//! where. A document type declaration is refused outright, so there are no
//! external entities and no entity expansion: the only references read are
//! XML's five predefined entities and character references.

pub mod read;
pub mod write;

pub use read::{ReadXml, Reader, XmlError};
pub use write::{Name, Namespace, WriteXml, Writer};

#[doc(hidden)]
pub use read::{
    attribute, finish_union, flat_entry, flat_item, list, map, member, read_key, read_list,
    read_map, set_variant, variant, Entry,
};
