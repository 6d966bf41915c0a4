//! The wire protocols a generated crate can speak. A service names the
//! ones it offers by trait; lowering picks one (see `lower/protocol.rs`)
//! and makes every decision that depends on it.

/// A protocol this generator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#restJson1`.
    RestJson1,
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
}

impl Protocol {
    /// Every protocol this generator serves.
    pub const SERVED: &'static [Protocol] = &[
        Protocol::AwsJson1_0,
        Protocol::AwsJson1_1,
        Protocol::RestJson1,
    ];

    /// The protocol's trait id.
    pub fn id(self) -> &'static str {
        match self {
            Self::RestJson1 => "aws.protocols#restJson1",
            Self::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Self::AwsJson1_1 => "aws.protocols#awsJson1_1",
        }
    }

    /// The served protocol with this trait id.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::SERVED.iter().copied().find(|p| p.id() == id)
    }
}

/// How requests carry their document, as the protocol says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentBody {
    /// The `Content-Type` of a request's document.
    pub content_type: &'static str,
    /// Whether every request carries a document, `{}` when the input has
    /// nothing to put in it (the RPC protocols), rather than only those
    /// whose input has members bound to the body.
    pub always: bool,
}
