//! Generates Rust crates from Smithy 2.0 JSON AST models.

pub mod error;
pub mod model;
pub mod naming;
pub mod transform;

pub use error::{Error, ErrorKind, Location};
