//! What a model change means for the generated crate: its API surface
//! ([`surface`]), compared between two models ([`mod@diff`]) by the rules in
//! [`rules`], reported with a semver verdict ([`report`]), and kept beside
//! the crate between generations ([`fingerprint`]).

pub mod diff;
pub mod fingerprint;
pub mod report;
pub mod rules;
pub mod surface;

pub use diff::diff;
pub use report::{Bump, Change, Severity};
pub use rules::Rule;
pub use surface::ServiceSurface;
