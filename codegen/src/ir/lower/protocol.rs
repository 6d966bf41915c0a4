//! The protocol a service is generated for, and its decisions about each
//! member, made once here: the key a member has in a document, and the
//! format of the timestamps it holds in a document and where its HTTP
//! binding puts it. A new protocol is a new variant with its own answers;
//! nothing after lowering decides these.

use crate::error::{Error, ErrorKind, Location};
use crate::ir::{
    DocumentBody, DocumentFormat, DocumentSent, FormStyle, HttpBinding, HttpRequest, PathSegment,
    Protocol, TimestampFormat,
};
use crate::ir::{RustType, TypeDef};
use crate::model::{Member, Model, Shape};

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
    /// Checks that the protocol can carry every member of `types`:
    /// rpcv2Cbor has no document type (its own trait says so), and nor do
    /// XML and forms, so a service whose members hold documents is refused
    /// for them, naming the first.
    pub(in crate::ir::lower) fn check_members(
        self,
        model: &Model,
        types: &[TypeDef],
    ) -> Result<(), Error> {
        if self != Self::RpcV2Cbor && !self.uses_xml() {
            return Ok(());
        }
        for ty in types {
            let (shape_id, members): (_, Vec<(&str, Option<&RustType>)>) = match ty {
                TypeDef::Struct(def) => (
                    &def.shape_id,
                    def.fields
                        .iter()
                        .map(|f| (f.member.as_str(), Some(&f.ty)))
                        .collect(),
                ),
                TypeDef::Union(def) => (
                    &def.shape_id,
                    def.variants
                        .iter()
                        .map(|v| (v.member.as_str(), v.ty.as_ref()))
                        .collect(),
                ),
                TypeDef::Enum(_) => continue,
            };
            for (member, ty) in members {
                if let Some(kind) = ty.and_then(not_carried) {
                    let file = model.shapes.get(shape_id).map_or("", |s| s.file.as_str());
                    return Err(Error::new(
                        Location::member(file, shape_id, member),
                        ErrorKind::MemberNotCarried {
                            protocol: self.id().to_owned(),
                            what: format!("{kind}, which this member holds"),
                        },
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether the protocol binds members to parts of the HTTP message as
    /// their traits say; the RPC protocols put every member in the body.
    const fn binds_http(self) -> bool {
        matches!(self, Self::RestJson1 | Self::RestXml)
    }

    /// Whether documents are XML (and requests forms): the members' XML
    /// names and layouts apply.
    pub(in crate::ir::lower) const fn uses_xml(self) -> bool {
        matches!(self, Self::RestXml | Self::AwsQuery | Self::Ec2Query)
    }

    /// Whether errors are known by their `@awsQueryError` code, which the
    /// query protocols send in place of the shape's name.
    pub(in crate::ir::lower) const fn names_errors_by_query_code(self) -> bool {
        matches!(self, Self::AwsQuery | Self::Ec2Query)
    }

    /// The element of a response that holds an operation's output, inside
    /// the root: awsQuery wraps it in `{operation}Result`.
    pub(in crate::ir::lower) fn result_wrapper(self, operation: &str) -> Option<String> {
        (self == Self::AwsQuery).then(|| format!("{operation}Result"))
    }

    /// Where a member goes in an HTTP message.
    pub(in crate::ir::lower) fn binding(self, member: &Member) -> HttpBinding {
        if self.binds_http() {
            member.known.http_binding.clone()
        } else {
            HttpBinding::Body
        }
    }

    /// The key a member has in a document: restJson1 honours
    /// `@jsonName`, the awsJson protocols and rpcv2Cbor do not.
    pub(in crate::ir::lower) fn json_name(self, member: &Member) -> String {
        let renamed = match self {
            Self::RestJson1 => member.known.json_name.clone(),
            Self::AwsJson1_0
            | Self::AwsJson1_1
            | Self::RpcV2Cbor
            | Self::RestXml
            | Self::AwsQuery
            | Self::Ec2Query => None,
        };
        renamed.unwrap_or_else(|| member.name.clone())
    }

    /// How requests carry their document.
    pub(in crate::ir::lower) const fn document_body(self) -> DocumentBody {
        match self {
            Self::RestJson1 => DocumentBody {
                format: DocumentFormat::Json,
                content_type: "application/json",
                sent: DocumentSent::WithBodyMembers,
            },
            Self::AwsJson1_0 => DocumentBody {
                format: DocumentFormat::Json,
                content_type: "application/x-amz-json-1.0",
                sent: DocumentSent::Always,
            },
            Self::AwsJson1_1 => DocumentBody {
                format: DocumentFormat::Json,
                content_type: "application/x-amz-json-1.1",
                sent: DocumentSent::Always,
            },
            Self::RpcV2Cbor => DocumentBody {
                format: DocumentFormat::Cbor,
                content_type: "application/cbor",
                sent: DocumentSent::WithInput,
            },
            Self::RestXml => DocumentBody {
                format: DocumentFormat::Xml,
                content_type: "application/xml",
                sent: DocumentSent::WithBodyMembers,
            },
            Self::AwsQuery => DocumentBody {
                format: DocumentFormat::Form(FormStyle::AwsQuery),
                content_type: "application/x-www-form-urlencoded",
                sent: DocumentSent::Always,
            },
            Self::Ec2Query => DocumentBody {
                format: DocumentFormat::Form(FormStyle::Ec2Query),
                content_type: "application/x-www-form-urlencoded",
                sent: DocumentSent::Always,
            },
        }
    }

    /// Whether the protocol carries `@awsQueryCompatible`'s error codes and
    /// query-mode header.
    pub(in crate::ir::lower) const fn honours_query_compatible(self) -> bool {
        matches!(self, Self::AwsJson1_0 | Self::AwsJson1_1 | Self::RpcV2Cbor)
    }

    /// The fixed request of an operation in an RPC protocol (`None` in
    /// restJson1, where `@http` says): in awsJson `POST /`, naming the
    /// operation in `X-Amz-Target` as `{service}.{operation}`; in rpcv2Cbor
    /// `POST /service/{service}/operation/{operation}` with
    /// `smithy-protocol: rpc-v2-cbor`; either with `x-amzn-query-mode: true`
    /// for a query-compatible service. The query protocols `POST /`, the
    /// operation named in the form.
    pub(in crate::ir::lower) fn rpc_request(
        self,
        service: &str,
        operation: &str,
        query_compatible: bool,
    ) -> Option<HttpRequest> {
        if self.binds_http() {
            return None;
        }
        let (uri, mut headers) = match self {
            Self::RpcV2Cbor => (
                format!("/service/{service}/operation/{operation}"),
                vec![
                    ("smithy-protocol".to_owned(), "rpc-v2-cbor".to_owned()),
                    ("Accept".to_owned(), "application/cbor".to_owned()),
                ],
            ),
            Self::AwsQuery | Self::Ec2Query => ("/".to_owned(), Vec::new()),
            Self::RestJson1 | Self::RestXml => return None,
            _ => (
                "/".to_owned(),
                vec![("X-Amz-Target".to_owned(), format!("{service}.{operation}"))],
            ),
        };
        if query_compatible {
            headers.push(("x-amzn-query-mode".to_owned(), "true".to_owned()));
        }
        Some(HttpRequest {
            method: "POST".to_owned(),
            code: 200,
            path: vec![PathSegment::Literal(uri.clone())],
            uri,
            literal_query: None,
            headers,
        })
    }

    /// The format of timestamps in documents that name none: epoch
    /// seconds in every JSON protocol, and in CBOR (tag 1), where a named
    /// format does not apply either; date-times in XML and forms.
    const fn document_timestamp_format(self) -> TimestampFormat {
        match self {
            Self::RestJson1 | Self::AwsJson1_0 | Self::AwsJson1_1 | Self::RpcV2Cbor => {
                TimestampFormat::EpochSeconds
            }
            Self::RestXml | Self::AwsQuery | Self::Ec2Query => TimestampFormat::DateTime,
        }
    }

    /// The format of timestamps where `binding` puts a member, when it
    /// names none: restJson1 writes HTTP dates in headers and RFC 3339 in
    /// the URI.
    fn bound_timestamp_format(self, binding: &HttpBinding) -> TimestampFormat {
        match binding {
            HttpBinding::Header(_) | HttpBinding::PrefixHeaders(_) => TimestampFormat::HttpDate,
            HttpBinding::Label | HttpBinding::Query(_) | HttpBinding::QueryParams => {
                TimestampFormat::DateTime
            }
            HttpBinding::Body | HttpBinding::Payload | HttpBinding::ResponseCode => {
                self.document_timestamp_format()
            }
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

/// What in `ty` rpcv2Cbor and the XML protocols cannot carry, if anything.
fn not_carried(ty: &RustType) -> Option<&'static str> {
    match ty {
        RustType::Document => Some("a document"),
        RustType::List { item, .. } => not_carried(item),
        RustType::Map { value, .. } => not_carried(value),
        _ => None,
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
mod rpc_tests {
    use super::super::{test_service_of, PatternPolicy};
    use crate::ir::{DocumentFormat, DocumentSent, HttpBinding, PathSegment, Protocol, TypeDef};
    use serde_json::json;

    /// An awsJson1_0 service whose input carries HTTP binding traits and
    /// `@jsonName`, none of which apply, and an error with an awsQuery code.
    fn service(protocols: serde_json::Value) -> crate::ir::ServiceIr {
        test_service_of(
            protocols,
            &["Put"],
            json!({
                "test#Put": {"type": "operation", "input": {"target": "test#PutInput"},
                    "errors": [{"target": "test#Gone"}, {"target": "test#Busy"}],
                    "traits": {"smithy.api#http": {"method": "PUT", "uri": "/{Id}"}}},
                "test#PutInput": {"type": "structure", "members": {
                    "Id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}, "smithy.api#httpLabel": {}}},
                    "Mode": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-Mode", "smithy.api#jsonName": "mode"}},
                    "At": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#httpQuery": "at"}}}},
                "test#Gone": {"type": "structure", "members": {},
                    "traits": {"smithy.api#error": "client", "aws.protocols#awsQueryError": {"code": "Svc.Gone", "httpResponseCode": 400}}},
                "test#Busy": {"type": "structure", "members": {},
                    "traits": {"smithy.api#error": "server", "aws.protocols#awsQueryError": {"code": "Busy", "httpResponseCode": 503}}}
            }),
            PatternPolicy::Strict,
        )
        .unwrap()
    }

    #[test]
    fn aws_json_puts_every_member_in_the_body_under_its_own_name() {
        let service = service(json!({"aws.protocols#awsJson1_0": {}}));
        assert_eq!(service.protocol, Protocol::AwsJson1_0);
        assert_eq!(service.document.content_type, "application/x-amz-json-1.0");
        assert_eq!(service.document.sent, DocumentSent::Always);
        let input = service.operations[0].input.as_ref().unwrap();
        let def = service.struct_def(input.id).unwrap();
        for field in &def.fields {
            assert_eq!(field.binding, HttpBinding::Body, "{}", field.member);
            assert_eq!(field.json_name, field.member);
            assert!(
                !field.checks.non_empty,
                "{}: no label to fill",
                field.member
            );
        }
        let at = def.fields.iter().find(|f| f.member == "At").unwrap();
        assert_eq!(
            at.bound_timestamp_format,
            crate::ir::TimestampFormat::EpochSeconds
        );
    }

    #[test]
    fn aws_json_requests_post_to_the_root_naming_the_operation() {
        let service = service(json!({"aws.protocols#awsJson1_1": {}}));
        let http = service.operations[0].http.as_ref().unwrap();
        assert_eq!(http.method, "POST");
        assert_eq!(http.path, [PathSegment::Literal("/".into())]);
        assert_eq!(
            http.headers,
            [("X-Amz-Target".into(), "Service.Put".into())]
        );
        assert_eq!(service.document.content_type, "application/x-amz-json-1.1");
        // Without `@awsQueryCompatible`, the awsQuery code is not matched.
        let TypeDef::Struct(gone) = service.type_def(service.operations[0].errors[0].id) else {
            panic!("an error is a structure");
        };
        assert_eq!(gone.error.as_ref().unwrap().query_code, None);
    }

    #[test]
    fn a_query_compatible_service_says_so_and_matches_awsquery_codes() {
        let service = service(
            json!({"aws.protocols#awsJson1_0": {}, "aws.protocols#awsQueryCompatible": {}}),
        );
        let http = service.operations[0].http.as_ref().unwrap();
        assert_eq!(
            http.headers,
            [
                ("X-Amz-Target".into(), "Service.Put".into()),
                ("x-amzn-query-mode".into(), "true".into())
            ]
        );
        let TypeDef::Struct(gone) = service.type_def(service.operations[0].errors[0].id) else {
            panic!("an error is a structure");
        };
        let info = gone.error.as_ref().unwrap();
        assert_eq!(info.code, "Gone");
        assert_eq!(info.query_code.as_deref(), Some("Svc.Gone"));
        // A code that is the name already is matched once.
        let TypeDef::Struct(busy) = service.type_def(service.operations[0].errors[1].id) else {
            panic!("an error is a structure");
        };
        assert_eq!(busy.error.as_ref().unwrap().query_code, None);
    }

    #[test]
    fn rpcv2_cbor_posts_to_the_operations_path_with_its_protocol_header() {
        let service =
            service(json!({"smithy.protocols#rpcv2Cbor": {}, "aws.protocols#awsJson1_0": {}}));
        assert_eq!(
            service.protocol,
            Protocol::RpcV2Cbor,
            "preferred over awsJson"
        );
        let http = service.operations[0].http.as_ref().unwrap();
        assert_eq!(http.method, "POST");
        assert_eq!(http.uri, "/service/Service/operation/Put");
        assert_eq!(
            http.headers,
            [
                ("smithy-protocol".into(), "rpc-v2-cbor".into()),
                ("Accept".into(), "application/cbor".into())
            ]
        );
        assert_eq!(service.document.format, DocumentFormat::Cbor);
        assert_eq!(service.document.content_type, "application/cbor");
        // A document goes with every input, none without one.
        assert_eq!(service.document.sent, DocumentSent::WithInput);
        assert!(service.document.carried(true, false));
        assert!(!service.document.carried(false, false));
        let input = service.operations[0].input.as_ref().unwrap();
        let def = service.struct_def(input.id).unwrap();
        assert!(def
            .fields
            .iter()
            .all(|f| f.binding == HttpBinding::Body && f.json_name == f.member));
    }

    #[test]
    fn documents_are_refused_for_rpcv2_cbor_naming_the_member() {
        let error = test_service_of(
            json!({"smithy.protocols#rpcv2Cbor": {}, "aws.protocols#awsJson1_0": {}}),
            &["Put"],
            json!({
                "test#Put": {"type": "operation", "input": {"target": "test#PutInput"}},
                "test#PutInput": {"type": "structure", "members": {
                    "Data": {"target": "test#Docs"}}},
                "test#Docs": {"type": "list", "member": {"target": "smithy.api#Document"}}
            }),
            PatternPolicy::Strict,
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "test.json: shape `test#PutInput`, member `Data`: `smithy.protocols#rpcv2Cbor` cannot carry a document, which this member holds; choose another protocol the service offers with --protocol"
        );
    }

    #[test]
    fn rest_json_keeps_its_bindings() {
        let service = service(json!({"aws.protocols#restJson1": {}}));
        let input = service.operations[0].input.as_ref().unwrap();
        let def = service.struct_def(input.id).unwrap();
        let mode = def.fields.iter().find(|f| f.member == "Mode").unwrap();
        assert_eq!(mode.binding, HttpBinding::Header("X-Mode".into()));
        assert_eq!(mode.json_name, "mode");
        assert_eq!(service.document.content_type, "application/json");
        assert_eq!(service.document.sent, DocumentSent::WithBodyMembers);
        assert!(service.operations[0]
            .http
            .as_ref()
            .unwrap()
            .headers
            .is_empty());
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
        let xml = json!({"aws.protocols#awsQuery": {}, "aws.protocols#restXml": {}});
        assert_eq!(selected(xml, None).unwrap(), Protocol::RestXml);
        // CloudWatch's three: rpcv2Cbor first, as smithy-rs and botocore
        // pick; another when asked for.
        let cloudwatch = json!({"aws.protocols#awsQuery": {}, "aws.protocols#awsJson1_0": {},
            "smithy.protocols#rpcv2Cbor": {}, "aws.protocols#awsQueryCompatible": {}});
        assert_eq!(
            selected(cloudwatch.clone(), None).unwrap(),
            Protocol::RpcV2Cbor
        );
        assert_eq!(
            selected(cloudwatch, Some("aws.protocols#awsJson1_0")).unwrap(),
            Protocol::AwsJson1_0
        );
        let json = json!({"aws.protocols#restJson1": {}, "aws.protocols#awsJson1_1": {}});
        assert_eq!(selected(json, None).unwrap(), Protocol::AwsJson1_1);
    }

    #[test]
    fn a_service_without_a_served_protocol_is_an_error_naming_what_it_offers() {
        // Every AWS protocol is served; a protocol trait of another
        // namespace is none the generator knows.
        let error = selected(json!({"example.protocols#other": {}}), None).unwrap_err();
        assert_eq!(
            error.kind,
            ErrorKind::UnsupportedProtocol {
                offered: vec![],
                served: vec![
                    "smithy.protocols#rpcv2Cbor".into(),
                    "aws.protocols#awsJson1_0".into(),
                    "aws.protocols#awsJson1_1".into(),
                    "aws.protocols#restJson1".into(),
                    "aws.protocols#restXml".into(),
                    "aws.protocols#awsQuery".into(),
                    "aws.protocols#ec2Query".into()
                ],
            }
        );
        assert!(
            error.to_string().contains("shape `test#Service`"),
            "{error}"
        );
        assert!(
            error.to_string().contains("the service offers no protocol"),
            "{error}"
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
        assert_eq!(
            selected(offered.clone(), Some("aws.protocols#restXml")).unwrap(),
            Protocol::RestXml
        );
        assert_eq!(
            selected(offered, Some("aws.protocols#restJson1")).unwrap(),
            Protocol::RestJson1
        );
    }
}
