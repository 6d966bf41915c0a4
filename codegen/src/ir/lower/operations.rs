//! The operations of a service: each one's request binding, errors,
//! signing and endpoint parameters first, then the names that depend on
//! all of them (client methods, shared error enums) and their protocol
//! tests, and only then the finished records.

use std::collections::BTreeMap;

use super::names::TypePlan;
use super::pagination::{self, PageStep};
use super::protocol_tests::{self, OperationTypes};
use super::trait_ids;
use super::types::docs;
use crate::docs as doc_text;
use crate::error::{Error, ErrorKind, Location};
use crate::ir::{
    ContextParam, Field, HostPrefixPart, HttpBinding, HttpRequest, NamedType, OperationIr,
    Pagination, PathSegment, Presence, Protocol, RustType, StaticParamValue, TypeDef, TypeId,
};
use crate::model::{
    HostPrefixPiece, HttpTrait, KnownTraits, LabelKind, Model, Shape, ShapeKind, UriSegment,
};
use crate::naming::items::{self as names, Namespace, OperationNames};
use crate::transform::{operation_errors, Selection};

/// The SigV4 auth scheme's id.
const SIGV4: &str = "aws.auth#sigv4";

/// What lowering the operations reads.
pub(super) struct Operations<'a> {
    pub(super) model: &'a Model,
    pub(super) selection: &'a Selection,
    pub(super) plan: &'a TypePlan,
    pub(super) types: &'a [TypeDef],
    /// Whether the service signs its requests with SigV4.
    pub(super) signing: bool,
    pub(super) protocol: Protocol,
    /// Whether requests say they come from a client of the query-compatible
    /// service.
    pub(super) query_compatible: bool,
    /// The service's successes may carry XML errors (S3).
    pub(super) errors_in_success: bool,
}

/// An operation with all it says of itself, before the names that depend
/// on the other operations.
struct Draft<'a> {
    names: OperationNames,
    shape: &'a Shape,
    docs: Vec<String>,
    input: Option<NamedType>,
    output: Option<NamedType>,
    errors: Vec<NamedType>,
    http: Option<HttpRequest>,
    host_prefix: Option<Vec<HostPrefixPart>>,
    step: Option<PageStep>,
    signed: bool,
    context_params: Vec<ContextParam>,
}

/// The names a `Client` gives an operation.
struct ClientNames {
    method: String,
    spec: String,
    pages: Option<String>,
    items: Option<String>,
}

impl<'a> Operations<'a> {
    /// Every selected operation, sorted by Rust name.
    pub(super) fn lower_all(&self) -> Result<Vec<OperationIr>, Error> {
        // Operation names are claimed in id order, so a clash always
        // resolves the same way.
        let mut namespace = Namespace::default();
        let mut drafts = Vec::new();
        for id in &self.selection.operations {
            let shape = &self.model.shapes[id];
            if let ShapeKind::Operation(_) = shape.kind {
                drafts.push(self.draft(shape, namespace.operation(id.name()))?);
            }
        }
        drafts.sort_by(|a, b| a.names.name.cmp(&b.names.name));
        let client = client_names(&drafts);
        let owners = error_enum_owners(&drafts);
        let typed: Vec<OperationTypes<'_>> = drafts
            .iter()
            .map(|draft| OperationTypes {
                shape: draft.shape,
                input: draft.input.as_ref().map(|t| t.id),
                output: draft.output.as_ref().map(|t| t.id),
                errors: &draft.errors,
            })
            .collect();
        let mut tests =
            protocol_tests::lower(self.model, self.types, &typed, self.protocol)?.into_iter();
        let mut operations = Vec::new();
        for ((draft, client), owner) in drafts.into_iter().zip(client).zip(owners) {
            let tests = tests.next().unwrap_or_default();
            let known = &draft.shape.known;
            let error_enum_owner = owner.as_ref().map(|(index, _)| *index);
            let error_fn = match owner {
                Some((_, owner_fn)) => owner_fn,
                None => draft.names.error_fn,
            };
            let streamed_output = draft
                .output
                .as_ref()
                .and_then(|t| self.struct_fields(t.id))
                .and_then(|fields| fields.iter().find(|f| f.ty == RustType::ByteStream))
                .map(|field| field.name.clone());
            let checksum = known.http_checksum.as_ref().map(|trait_| {
                let input = draft.input.as_ref().and_then(|t| self.struct_fields(t.id));
                super::checksums::resolve(trait_, input.unwrap_or_default())
            });
            let pagination = draft.step.map(|step| Pagination {
                input_token: step.input_token,
                output_token: step.output_token,
                token: step.token,
                items: step.items,
                pages_method: client.pages.unwrap_or_default(),
                items_method: client.items.unwrap_or_default(),
            });
            operations.push(OperationIr {
                serialize_fn: draft.names.serialize_fn,
                parse_fn: draft.names.parse_fn,
                error_fn,
                error_enum: draft.names.error_enum,
                error_enum_owner,
                unhandled_variant: names::unhandled_variant(
                    &draft
                        .errors
                        .iter()
                        .map(|e| e.name.clone())
                        .collect::<Vec<_>>(),
                ),
                name: draft.names.name,
                shape_id: draft.shape.id.clone(),
                summary: doc_text::summary(&draft.docs),
                docs: draft.docs,
                input: draft.input,
                output: draft.output,
                errors: draft.errors,
                result_wrapper: self.protocol.result_wrapper(draft.shape.id.name()),
                glacier_checksums: self.glacier_checksums(draft.shape),
                paginated_trait: self.paginated_trait(known),
                http: draft.http,
                host_prefix: draft.host_prefix,
                request_compression: known.compresses_with_gzip(),
                checksum_required: known.http_checksum_required,
                checksum,
                errors_in_success: self.errors_in_success && streamed_output.is_none(),
                streamed_output,
                pagination,
                client_method: client.method,
                signed: draft.signed,
                endpoint_params: known.static_context_params.clone(),
                context_params: draft.context_params,
                client_spec: client.spec,
                request_tests: tests.requests,
                response_tests: tests.responses,
            });
        }
        Ok(operations)
    }

    fn draft(&self, shape: &'a Shape, names: OperationNames) -> Result<Draft<'a>, Error> {
        let ShapeKind::Operation(op) = &shape.kind else {
            unreachable!("only operations are drafted");
        };
        let id = &shape.id;
        let op_docs = docs(&shape.known, || format!("The `{}` operation.", id.name()));
        let errors: Vec<NamedType> = operation_errors(self.model, &self.selection.service, id)
            .iter()
            .filter_map(|error| self.plan.get(error).cloned())
            .collect();
        let input = self.plan.get(&op.input).cloned();
        let output = self.plan.get(&op.output).cloned();
        let input_shape = self.model.shapes.get(&op.input);
        let input_fields = input.as_ref().and_then(|t| self.struct_fields(t.id));
        let output_fields = output.as_ref().and_then(|t| self.struct_fields(t.id));
        let paginated = self.paginated_trait(&shape.known);
        Ok(Draft {
            names,
            docs: op_docs,
            http: match self.protocol.rpc_request(
                self.selection.service.name(),
                id.name(),
                self.query_compatible,
            ) {
                Some(request) => Some(request),
                None => shape
                    .known
                    .http
                    .as_ref()
                    .map(|http| http_request(http, input_shape))
                    .transpose()
                    .map_err(|label| shape_error(shape, ErrorKind::LabelWithoutMember(label)))?
                    .map(|request| self.bucket_in_endpoint(request, input_shape))
                    .map(|request| self.service_customizations(request, input_shape)),
            },
            host_prefix: shape
                .known
                .host_prefix
                .as_ref()
                .map(|pieces| host_prefix(pieces, input_shape))
                .transpose()
                .map_err(|label| {
                    shape_error(
                        shape,
                        ErrorKind::InvalidTrait {
                            trait_id: trait_ids::ENDPOINT.into(),
                            message: format!("the host label `{{{label}}}` has no input member"),
                        },
                    )
                })?,
            step: paginated.as_ref().and_then(|paginated| {
                pagination::step(paginated, input_fields?, output_fields?, |id| {
                    self.struct_fields(id)
                })
            }),
            signed: self.signing && is_signed(&shape.known),
            context_params: context_params(input_shape, input_fields.unwrap_or_default()),
            shape,
            input,
            output,
            errors,
        })
    }

    /// S3's endpoint rules put the bucket in the endpoint they resolve to
    /// (its host, or its path for path-style addressing), so S3's URIs
    /// leave out their `/{Bucket}`, as the AWS SDKs' do: `/{Bucket}/{Key+}`
    /// goes as `/{Key+}`, and `/{Bucket}` as nothing, to an endpoint that
    /// names the bucket. The label is the member the rules take as
    /// `Bucket`.
    fn bucket_in_endpoint(&self, mut request: HttpRequest, input: Option<&Shape>) -> HttpRequest {
        let service = &self.model.shapes[&self.selection.service];
        if service.known.sdk_id.as_deref() != Some("S3") {
            return request;
        }
        let members = input.map(|shape| shape.kind.members()).unwrap_or_default();
        let is_bucket = |segment: &PathSegment| match segment {
            PathSegment::Label { field, .. } => members
                .get(*field)
                .is_some_and(|m| m.known.context_param.as_deref() == Some("Bucket")),
            PathSegment::Literal(_) => false,
        };
        let Some(at) = request.path.iter().position(is_bucket) else {
            return request;
        };
        request.path.remove(at);
        // The `/` that led to the bucket goes with it: the endpoint's own
        // path (`/bucket`, path-style) or `/` takes its place.
        if let Some(PathSegment::Literal(before)) =
            at.checked_sub(1).and_then(|i| request.path.get_mut(i))
        {
            if before.ends_with('/') {
                before.pop();
            }
        }
        request
            .path
            .retain(|segment| !matches!(segment, PathSegment::Literal(text) if text.is_empty()));
        // Adjacent literals are one.
        let mut merged: Vec<PathSegment> = Vec::with_capacity(request.path.len());
        for segment in request.path {
            match (merged.last_mut(), segment) {
                (Some(PathSegment::Literal(text)), PathSegment::Literal(more)) => {
                    text.push_str(&more)
                }
                (_, segment) => merged.push(segment),
            }
        }
        request.path = merged;
        request
    }

    /// The service's `sdkId`, which names the AWS services whose clients
    /// do more than their models say.
    fn sdk_id(&self) -> Option<&str> {
        self.model.shapes[&self.selection.service]
            .known
            .sdk_id
            .as_deref()
    }

    /// What the AWS SDKs add to the requests of two services, as their
    /// documentation asks: API Gateway's `Accept: application/json`, and
    /// Glacier's API version header, with its account id sent as `-` (the
    /// caller's own account) when empty.
    fn service_customizations(
        &self,
        mut request: HttpRequest,
        input: Option<&Shape>,
    ) -> HttpRequest {
        match self.sdk_id() {
            Some("API Gateway") => {
                request
                    .headers
                    .push(("Accept".to_owned(), "application/json".to_owned()));
            }
            Some("Glacier") => {
                if let ShapeKind::Service(service) =
                    &self.model.shapes[&self.selection.service].kind
                {
                    request
                        .headers
                        .push(("X-Amz-Glacier-Version".to_owned(), service.version.clone()));
                }
                let members = input.map(|shape| shape.kind.members()).unwrap_or_default();
                for segment in &mut request.path {
                    if let PathSegment::Label {
                        field, if_empty, ..
                    } = segment
                    {
                        if members.get(*field).is_some_and(|m| m.name == "accountId") {
                            *if_empty = Some("-".to_owned());
                        }
                    }
                }
            }
            _ => {}
        }
        request
    }

    /// Whether the operation sends Glacier's payload checksums: an upload
    /// of Glacier's, whose input carries the tree hash header.
    fn glacier_checksums(&self, shape: &Shape) -> bool {
        let ShapeKind::Operation(op) = &shape.kind else {
            return false;
        };
        self.sdk_id() == Some("Glacier")
            && self.model.shapes.get(&op.input).is_some_and(|input| {
                input.kind.members().iter().any(|m| {
                    matches!(&m.known.http_binding, HttpBinding::Header(name)
                        if name.eq_ignore_ascii_case("x-amz-sha256-tree-hash"))
                })
            })
    }

    /// The fields of a structure type.
    fn struct_fields(&self, id: TypeId) -> Option<&'a [Field]> {
        match &self.types[id.0] {
            TypeDef::Struct(def) => Some(&def.fields),
            _ => None,
        }
    }

    /// The operation's `@paginated`, the service's values applied.
    fn paginated_trait(&self, known: &KnownTraits) -> Option<crate::ir::PaginatedTrait> {
        let service = &self.model.shapes[&self.selection.service].known;
        Some(known.paginated.as_ref()?.over(service.paginated.as_ref()))
    }
}

fn shape_error(shape: &Shape, kind: ErrorKind) -> Error {
    Error::new(Location::shape(&shape.file, &shape.id), kind)
}

/// `@http` with its labels resolved to the input's fields (a structure's
/// fields are its members, in order).
fn http_request(http: &HttpTrait, input: Option<&Shape>) -> Result<HttpRequest, String> {
    let path = http
        .path
        .iter()
        .map(|segment| {
            Ok(match segment {
                UriSegment::Literal(text) => PathSegment::Literal(text.clone()),
                UriSegment::Label { name, greedy } => PathSegment::Label {
                    field: label_field(input, name, LabelKind::Uri)?,
                    greedy: *greedy,
                    if_empty: None,
                },
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(HttpRequest {
        method: http.method.clone(),
        code: http.code,
        uri: http.uri.clone(),
        path,
        literal_query: http.query.clone(),
        headers: Vec::new(),
    })
}

/// `@endpoint`'s host prefix, its labels resolved to the input's fields.
fn host_prefix(
    pieces: &[HostPrefixPiece],
    input: Option<&Shape>,
) -> Result<Vec<HostPrefixPart>, String> {
    pieces
        .iter()
        .map(|piece| {
            Ok(match piece {
                HostPrefixPiece::Literal(text) => HostPrefixPart::Literal(text.clone()),
                HostPrefixPiece::Label(label) => HostPrefixPart::Label {
                    field: label_field(input, label, LabelKind::Host)?,
                },
            })
        })
        .collect()
}

/// The index of the input field `label` names, or the label when the input
/// has no such member (which validation has already reported for models
/// that load).
fn label_field(input: Option<&Shape>, label: &str, kind: LabelKind) -> Result<usize, String> {
    input
        .and_then(|shape| shape.label_member(label, kind))
        .map(|(index, _)| index)
        .ok_or_else(|| label.to_owned())
}

/// The input members marked `smithy.rules#contextParam` that hold a string
/// or a boolean, the two kinds the rules take from members.
fn context_params(input: Option<&Shape>, fields: &[Field]) -> Vec<ContextParam> {
    let Some(shape) = input else {
        return Vec::new();
    };
    shape
        .kind
        .members()
        .into_iter()
        .zip(fields)
        .filter_map(|(member, field)| {
            let name = member.known.context_param.clone()?;
            let boolean = match field.ty {
                RustType::String => false,
                RustType::Bool => true,
                _ => return None,
            };
            Some(ContextParam {
                name,
                field: field.name.clone(),
                boolean,
                optional: field.presence == Presence::Optional,
            })
        })
        .collect()
}

/// The signing name, when the service signs with SigV4: `aws.auth#sigv4`,
/// unless its `@auth` leaves SigV4 out.
pub(super) fn signing_name(service: &KnownTraits) -> Option<String> {
    let listed = service
        .auth
        .as_ref()
        .is_none_or(|schemes| schemes.iter().any(|s| s == SIGV4));
    service.sigv4_name.clone().filter(|_| listed)
}

/// Whether an operation of a signing service signs its requests.
fn is_signed(operation: &KnownTraits) -> bool {
    !operation.optional_auth
        && operation
            .auth
            .as_ref()
            .is_none_or(|schemes| schemes.iter().any(|s| s == SIGV4))
}

/// Names every operation's `Client` methods (the operations' own first, so
/// a `_pages` or `_items` suffix never takes an operation's plain name) and
/// the spec each call passes.
fn client_names(drafts: &[Draft<'_>]) -> Vec<ClientNames> {
    let mut namespace = Namespace::client();
    let mut specs: Vec<(bool, Vec<(String, StaticParamValue)>)> = Vec::new();
    let mut named: Vec<ClientNames> = drafts
        .iter()
        .map(|draft| {
            let endpoint_params = &draft.shape.known.static_context_params;
            let index = (!endpoint_params.is_empty()).then(|| {
                let key = (draft.signed, endpoint_params.clone());
                match specs.iter().position(|spec| *spec == key) {
                    Some(found) => found + 1,
                    None => {
                        specs.push(key);
                        specs.len()
                    }
                }
            });
            ClientNames {
                method: namespace.client_method(&draft.names.name, ""),
                spec: names::client_spec(draft.signed, index),
                pages: None,
                items: None,
            }
        })
        .collect();
    for (draft, names) in drafts.iter().zip(&mut named) {
        if let Some(step) = &draft.step {
            names.pages = Some(namespace.client_method(&draft.names.name, "_pages"));
            if step.items.is_some() {
                names.items = Some(namespace.client_method(&draft.names.name, "_items"));
            }
        }
    }
    named
}

/// Operations that list the same errors share one error enum and one error
/// reader: the first by name defines them, and the others' error types are
/// aliases. (Connect's 282 operations have 67 distinct sets.) For each
/// operation, the index of the one whose enum it shares and that one's
/// error reader.
fn error_enum_owners(drafts: &[Draft<'_>]) -> Vec<Option<(usize, String)>> {
    let mut owners: BTreeMap<Vec<&str>, usize> = BTreeMap::new();
    drafts
        .iter()
        .enumerate()
        .map(|(index, draft)| {
            let mut errors: Vec<&str> = draft.errors.iter().map(|e| e.name.as_str()).collect();
            errors.sort_unstable();
            match owners.get(&errors) {
                Some(&owner) => Some((owner, drafts[owner].names.error_fn.clone())),
                None => {
                    owners.insert(errors, index);
                    None
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{test_service, PatternPolicy};
    use crate::ir::{HostPrefixPart, PathSegment};
    use serde_json::json;

    fn service() -> crate::ir::ServiceIr {
        let op = |uri: &str, errors: &[&str]| {
            json!({"type": "operation", "input": {"target": "test#In"},
                "errors": errors.iter().map(|e| json!({"target": format!("test#{e}")})).collect::<Vec<_>>(),
                "traits": {"smithy.api#http": {"method": "POST", "uri": uri},
                    "smithy.api#endpoint": {"hostPrefix": "{Zone}."}}})
        };
        test_service(
            &["Beta", "Alpha", "Gamma"],
            json!({
                "test#Alpha": op("/a/{Name}", &["Oops", "Slow"]),
                "test#Beta": op("/b/{Name}", &["Slow", "Oops"]),
                "test#Gamma": op("/c/{Name}", &["Oops"]),
                "test#In": {"type": "structure", "members": {
                    "Body": {"target": "smithy.api#String"},
                    "Name": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}, "smithy.api#httpLabel": {}}},
                    "Zone": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}, "smithy.api#hostLabel": {}}}}},
                "test#Oops": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "client"}},
                "test#Slow": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "server"}}
            }),
            PatternPolicy::Strict,
        )
        .unwrap()
    }

    #[test]
    fn operations_with_the_same_errors_share_the_first_ones_enum_and_reader() {
        let service = service();
        let names: Vec<&str> = service.operations.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["Alpha", "Beta", "Gamma"]);
        let [alpha, beta, gamma] = &service.operations[..] else {
            panic!("three operations");
        };
        assert_eq!(alpha.error_enum_owner, None);
        assert_eq!(beta.error_enum_owner, Some(0));
        assert_eq!(beta.error_fn, alpha.error_fn);
        assert_eq!(gamma.error_enum_owner, None);
        assert_eq!(gamma.client_method, "gamma");
    }

    /// S3's URIs leave out `/{Bucket}`, which its endpoint rules put in
    /// the endpoint; another service's keep theirs.
    #[test]
    fn s3_leaves_the_bucket_to_its_endpoint() {
        let service = |sdk_id: &str| {
            super::super::test_service_of(
                json!({"aws.protocols#restXml": {}, "aws.api#service": {"sdkId": sdk_id}}),
                &["GetObject", "ListObjects"],
                json!({
                    "test#GetObject": {"type": "operation", "input": {"target": "test#In"},
                        "traits": {"smithy.api#http": {"method": "GET", "uri": "/{Bucket}/{Key+}"}}},
                    "test#ListObjects": {"type": "operation", "input": {"target": "test#ListIn"},
                        "traits": {"smithy.api#http": {"method": "GET", "uri": "/{Bucket}?list-type=2"}}},
                    "test#In": {"type": "structure", "members": {
                        "Bucket": {"target": "smithy.api#String", "traits": {"smithy.api#required": {},
                            "smithy.api#httpLabel": {}, "smithy.rules#contextParam": {"name": "Bucket"}}},
                        "Key": {"target": "smithy.api#String", "traits": {"smithy.api#required": {},
                            "smithy.api#httpLabel": {}}}}},
                    "test#ListIn": {"type": "structure", "members": {
                        "Bucket": {"target": "smithy.api#String", "traits": {"smithy.api#required": {},
                            "smithy.api#httpLabel": {}, "smithy.rules#contextParam": {"name": "Bucket"}}}}}
                }),
                PatternPolicy::Strict,
            )
            .unwrap()
        };
        let paths = |service: &crate::ir::ServiceIr| -> Vec<Vec<PathSegment>> {
            service
                .operations
                .iter()
                .map(|op| op.http.as_ref().unwrap().path.clone())
                .collect()
        };
        let key = PathSegment::Label {
            field: 1,
            greedy: true,
            if_empty: None,
        };
        assert_eq!(
            paths(&service("S3")),
            [vec![PathSegment::Literal("/".into()), key.clone()], vec![]]
        );
        let bucket = PathSegment::Label {
            field: 0,
            greedy: false,
            if_empty: None,
        };
        assert_eq!(
            paths(&service("Other")),
            [
                vec![
                    PathSegment::Literal("/".into()),
                    bucket.clone(),
                    PathSegment::Literal("/".into()),
                    key
                ],
                vec![PathSegment::Literal("/".into()), bucket]
            ]
        );
    }

    #[test]
    fn labels_point_at_the_input_fields_they_name() {
        let service = service();
        let op = &service.operations[0];
        let http = op.http.as_ref().unwrap();
        assert_eq!(
            http.path[1],
            PathSegment::Label {
                field: 1,
                greedy: false,
                if_empty: None
            }
        );
        assert_eq!(http.code, 200);
        assert_eq!(
            op.host_prefix.as_deref().unwrap()[0],
            HostPrefixPart::Label { field: 2 }
        );
        assert!(op.signed);
    }
}
