//! The protocol a service is generated for, and its decisions about each
//! member, made once here: the key a member has in a document, and the
//! format of the timestamps it holds in a document and where its HTTP
//! binding puts it. A new protocol is a new variant with its own answers;
//! nothing after lowering decides these.

use crate::error::{Error, ErrorKind, Location};
use crate::ir::{HttpBinding, Protocol, TimestampFormat};
use crate::model::{Member, Shape};

/// The protocol to generate `service` for: `requested` (a trait id), or
/// else the first the service offers, in the order clients prefer, that
/// this generator serves. A service offering none of those is an error
/// naming what it offers, never a crate whose calls fail.
pub(super) fn select(service: &Shape, requested: Option<&str>) -> Result<Protocol, Error> {
    let offered = &service.known.protocols;
    let error = |kind| {
        Err(Error::new(
            Location::shape(&service.file, &service.id),
            kind,
        ))
    };
    let names = |ids: &[&str]| ids.iter().map(|id| (*id).to_owned()).collect::<Vec<_>>();
    let served: Vec<&str> = Protocol::SERVED.iter().map(|p| p.id()).collect();
    if let Some(requested) = requested {
        if !offered.contains(&requested) {
            return error(ErrorKind::ProtocolNotOffered {
                requested: requested.to_owned(),
                offered: names(offered),
            });
        }
    }
    let wanted = offered
        .iter()
        .filter(|id| requested.is_none_or(|requested| requested == **id));
    for id in wanted {
        if let Some(protocol) = Protocol::from_id(id) {
            return Ok(protocol);
        }
    }
    let offered = match requested {
        Some(requested) => vec![requested.to_owned()],
        None => names(offered),
    };
    error(ErrorKind::UnsupportedProtocol {
        offered,
        served: names(&served),
    })
}

impl Protocol {
    /// The key a member has in a JSON document.
    pub(in crate::ir::lower) fn json_name(self, member: &Member) -> String {
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
    pub(in crate::ir::lower) fn document_format(
        self,
        explicit: Option<TimestampFormat>,
    ) -> TimestampFormat {
        explicit.unwrap_or(self.document_timestamp_format())
    }

    /// The format of the timestamps a member holds where `binding` puts
    /// it: the one the model names for them (`explicit`), else the
    /// binding's default.
    pub(in crate::ir::lower) fn bound_format(
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

#[cfg(test)]
mod selection_tests {
    use super::*;
    use crate::error::ErrorKind;
    use serde_json::json;

    /// `select` on a service carrying `traits`.
    fn selected(traits: serde_json::Value, requested: Option<&str>) -> Result<Protocol, Error> {
        let text = json!({"smithy": "2.0", "shapes": {
            "test#Service": {"type": "service", "version": "1", "traits": traits}
        }})
        .to_string();
        let model = crate::model::load(&[crate::model::ModelSource::new("t.json", text)]).unwrap();
        let service = &model.shapes[&crate::model::ShapeId::parse("test#Service").unwrap()];
        select(service, requested)
    }

    #[test]
    fn the_preferred_served_protocol_is_chosen() {
        let both = json!({"aws.protocols#restJson1": {}, "aws.protocols#restXml": {}});
        assert_eq!(selected(both, None).unwrap(), Protocol::RestJson1);
    }

    #[test]
    fn a_service_without_a_served_protocol_is_an_error_naming_what_it_offers() {
        let error = selected(
            json!({"aws.protocols#awsJson1_0": {}, "aws.protocols#awsQueryCompatible": {}}),
            None,
        )
        .unwrap_err();
        assert_eq!(
            error.kind,
            ErrorKind::UnsupportedProtocol {
                offered: vec!["aws.protocols#awsJson1_0".into()],
                served: vec!["aws.protocols#restJson1".into()],
            }
        );
        assert!(
            error.to_string().contains("shape `test#Service`"),
            "{error}"
        );
        assert!(
            error.to_string().contains(
                "the service offers `aws.protocols#awsJson1_0`, and this generator serves `aws.protocols#restJson1`"
            ),
            "{error}"
        );
        let none = selected(json!({}), None).unwrap_err();
        assert!(
            none.to_string().contains("the service offers no protocol"),
            "{none}"
        );
    }

    #[test]
    fn a_requested_protocol_must_be_offered_and_served() {
        let offered = json!({"aws.protocols#restJson1": {}, "aws.protocols#restXml": {}});
        let error = selected(offered.clone(), Some("aws.protocols#awsQuery")).unwrap_err();
        assert!(
            matches!(error.kind, ErrorKind::ProtocolNotOffered { .. }),
            "{error}"
        );
        assert!(
            error.to_string().contains(
                "does not offer `aws.protocols#awsQuery`; it offers `aws.protocols#restJson1` and `aws.protocols#restXml`"
            ),
            "{error}"
        );
        let error = selected(offered.clone(), Some("aws.protocols#restXml")).unwrap_err();
        assert!(
            matches!(&error.kind, ErrorKind::UnsupportedProtocol { offered, .. } if offered == &["aws.protocols#restXml"]),
            "{error}"
        );
        assert_eq!(
            selected(offered, Some("aws.protocols#restJson1")).unwrap(),
            Protocol::RestJson1
        );
    }
}
