//! The protocol's decisions about each member, made once here: the key a
//! member has in a document, and the format of the timestamps it holds in
//! a document and where its HTTP binding puts it. A new protocol is a new
//! variant with its own answers; nothing after lowering decides these.

use crate::ir::{HttpBinding, TimestampFormat};
use crate::model::Member;

/// The wire protocol a service is generated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Protocol {
    /// `aws.protocols#restJson1`.
    RestJson1,
}

impl Protocol {
    /// The key a member has in a JSON document.
    pub(super) fn json_name(self, member: &Member) -> String {
        match self {
            Self::RestJson1 => member
                .known
                .json_name
                .clone()
                .unwrap_or_else(|| member.name.clone()),
        }
    }

    /// The format of timestamps in documents that name none.
    const fn document_timestamp_format(self) -> TimestampFormat {
        match self {
            Self::RestJson1 => TimestampFormat::EpochSeconds,
        }
    }

    /// The format of timestamps where `binding` puts a member, when it
    /// names none: restJson1 writes HTTP dates in headers and RFC 3339 in
    /// the URI.
    fn bound_timestamp_format(self, binding: &HttpBinding) -> TimestampFormat {
        match (self, binding) {
            (Self::RestJson1, HttpBinding::Header(_) | HttpBinding::PrefixHeaders(_)) => {
                TimestampFormat::HttpDate
            }
            (
                Self::RestJson1,
                HttpBinding::Label | HttpBinding::Query(_) | HttpBinding::QueryParams,
            ) => TimestampFormat::DateTime,
            (
                Self::RestJson1,
                HttpBinding::Body | HttpBinding::Payload | HttpBinding::ResponseCode,
            ) => self.document_timestamp_format(),
        }
    }

    /// The format of a timestamp whose member or shape names `explicit`,
    /// in a document.
    pub(super) fn document_format(self, explicit: Option<TimestampFormat>) -> TimestampFormat {
        explicit.unwrap_or(self.document_timestamp_format())
    }

    /// The format of the timestamps a member holds where `binding` puts
    /// it: the one the model names for them (`explicit`), else the
    /// binding's default.
    pub(super) fn bound_format(
        self,
        explicit: Option<TimestampFormat>,
        binding: &HttpBinding,
    ) -> TimestampFormat {
        explicit.unwrap_or(self.bound_timestamp_format(binding))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_location_has_its_default_and_a_named_format_wins() {
        let p = Protocol::RestJson1;
        let header = HttpBinding::Header("X-Date".into());
        assert_eq!(p.bound_format(None, &header), TimestampFormat::HttpDate);
        assert_eq!(
            p.bound_format(None, &HttpBinding::Label),
            TimestampFormat::DateTime
        );
        assert_eq!(
            p.bound_format(None, &HttpBinding::Query("at".into())),
            TimestampFormat::DateTime
        );
        assert_eq!(
            p.bound_format(None, &HttpBinding::Body),
            TimestampFormat::EpochSeconds
        );
        let named = Some(TimestampFormat::EpochSeconds);
        assert_eq!(
            p.bound_format(named, &header),
            TimestampFormat::EpochSeconds
        );
        assert_eq!(p.document_format(None), TimestampFormat::EpochSeconds);
        assert_eq!(
            p.document_format(Some(TimestampFormat::DateTime)),
            TimestampFormat::DateTime
        );
    }
}
