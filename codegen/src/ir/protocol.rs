//! The wire protocols a generated crate can speak. A service names the
//! ones it offers by trait; lowering picks one (see `lower/protocol.rs`)
//! and makes every decision that depends on it.

/// A protocol this generator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#restJson1`.
    RestJson1,
}

impl Protocol {
    /// Every protocol this generator serves.
    pub const SERVED: &'static [Protocol] = &[Protocol::RestJson1];

    /// The protocol's trait id.
    pub fn id(self) -> &'static str {
        match self {
            Self::RestJson1 => "aws.protocols#restJson1",
        }
    }

    /// The served protocol with this trait id.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::SERVED.iter().copied().find(|p| p.id() == id)
    }
}
