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
    /// `smithy.protocols#rpcv2Cbor`.
    RpcV2Cbor,
    /// `aws.protocols#restXml`.
    RestXml,
    /// `aws.protocols#awsQuery`.
    AwsQuery,
    /// `aws.protocols#ec2Query`.
    Ec2Query,
}

impl Protocol {
    /// Every protocol this generator serves.
    pub const SERVED: &'static [Protocol] = &[
        Protocol::RpcV2Cbor,
        Protocol::AwsJson1_0,
        Protocol::AwsJson1_1,
        Protocol::RestJson1,
        Protocol::RestXml,
        Protocol::AwsQuery,
        Protocol::Ec2Query,
    ];

    /// The protocol's trait id.
    pub fn id(self) -> &'static str {
        match self {
            Self::RestJson1 => "aws.protocols#restJson1",
            Self::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Self::AwsJson1_1 => "aws.protocols#awsJson1_1",
            Self::RpcV2Cbor => "smithy.protocols#rpcv2Cbor",
            Self::RestXml => "aws.protocols#restXml",
            Self::AwsQuery => "aws.protocols#awsQuery",
            Self::Ec2Query => "aws.protocols#ec2Query",
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
    /// JSON, CBOR, XML, or a form answered in XML.
    pub format: DocumentFormat,
    /// The `Content-Type` of a request's document.
    pub content_type: &'static str,
    /// Which requests carry one.
    pub sent: DocumentSent,
}

/// The encoding of documents on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFormat {
    Json,
    Cbor,
    /// XML requests and responses (restXml).
    Xml,
    /// Requests are forms, responses XML (awsQuery and ec2Query).
    Form(FormStyle),
}

/// The query protocol a form is written for; they differ in how the
/// writer treats an empty list (names and lists are decided in lowering).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    AwsQuery,
    Ec2Query,
}

/// Which requests carry a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentSent {
    /// Those whose input has members bound to the body (restJson1).
    WithBodyMembers,
    /// Those of operations with an input, an empty document when it has
    /// nothing to put in it (rpcv2Cbor).
    WithInput,
    /// Every request, `{}` for an operation without input (awsJson).
    Always,
}

impl DocumentBody {
    /// Whether a request carries a document, given whether its operation
    /// has an input and whether members are bound to the body.
    pub fn carried(&self, has_input: bool, body_members: bool) -> bool {
        body_members
            || match self.sent {
                DocumentSent::WithBodyMembers => false,
                DocumentSent::WithInput => has_input,
                DocumentSent::Always => true,
            }
    }
}
