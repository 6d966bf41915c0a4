//! Model-to-model steps that prepare a service for lowering.

mod closure;
mod recursion;

pub use closure::{operation_errors, select, select_present, Selection};
pub use recursion::boxed_members;
