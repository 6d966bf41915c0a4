//! Lowers a selected service of the model into [`ServiceIr`], in order:
//! the names and ids of its types, the types, the operations, and the sets
//! the emitters ask about. Each step lives in a module of its own.

mod checks;
mod checksums;
mod defaults;
mod endpoint;
mod names;
mod operations;
mod pagination;
mod protocol;
mod protocol_tests;
mod types;
mod xml;

use std::collections::BTreeSet;

use crate::error::Error;
use crate::ir::graph::reachable;
use crate::ir::{HttpBinding, OperationIr, Presence, RustType, ServiceIr, TypeDef, TypeId};
use crate::model::{Model, ShapeKind};
use crate::naming::items as names_of;
use crate::transform::{boxed_members, Selection};

/// The trait ids named in errors found while lowering.
mod trait_ids {
    pub const DEFAULT: &str = "smithy.api#default";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const PATTERN: &str = "smithy.api#pattern";
}

/// What to do with a `@pattern` that is not valid ECMA 262 and has no exact
/// translation from Java's regex dialect either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PatternPolicy {
    /// Leave the pattern unchecked and report a warning naming the shape.
    #[default]
    Warn,
    /// Stop with an error naming the shape.
    Strict,
}

/// How a service is to be generated.
#[derive(Debug, Clone, Copy, Default)]
pub struct LowerOptions<'a> {
    /// The protocol's trait id, over the one preferred.
    pub protocol: Option<&'a str>,
    pub pattern_policy: PatternPolicy,
}

pub fn lower_service(
    model: &Model,
    selection: &Selection,
    module: &str,
    options: LowerOptions<'_>,
) -> Result<ServiceIr, Error> {
    let service = &model.shapes[&selection.service];
    let protocol = protocol::select(service, options.protocol)?;
    let query_compatible = service.known.query_compatible && protocol.honours_query_compatible();
    let plan = names::TypePlan::new(model, selection);
    let patterns = checks::Patterns::new(options.pattern_policy);
    let types = types::Types {
        model,
        service,
        unwrapped_outputs: unwrapped_outputs(model, selection),
        plan: &plan,
        boxed: boxed_members(model, &selection.shapes),
        protocol,
        query_compatible,
        patterns: &patterns,
    }
    .lower_all()?;
    protocol.check_members(model, &types)?;
    let signing_name = operations::signing_name(&service.known);
    let errors_in_success =
        protocol == crate::ir::Protocol::RestXml && service.known.sdk_id.as_deref() == Some("S3");
    let operations = operations::Operations {
        model,
        selection,
        plan: &plan,
        types: &types,
        signing: signing_name.is_some(),
        protocol,
        query_compatible,
        errors_in_success,
    }
    .lower_all()?;
    let errors = match &service.kind {
        ShapeKind::Service(s) => s
            .errors
            .iter()
            .filter_map(|id| plan.get(id))
            .map(|t| t.id)
            .collect(),
        _ => Vec::new(),
    };
    let (patterns, warnings) = patterns.finish();
    Ok(ServiceIr {
        s3_signing: signing_name.as_deref() == Some("s3"),
        errors_in_success,
        service_id: service
            .known
            .sdk_id
            .clone()
            .unwrap_or_else(|| service.id.name().to_owned()),
        signing_name,
        protocol,
        document: protocol.document_body(),
        offered_protocols: service.known.protocols.clone(),
        endpoint: endpoint::lower(service)?,
        types_shadow_prelude: types.iter().any(|ty| names_of::shadows_prelude(ty.name())),
        written: written_types(&types, &operations),
        read: read_types(&types, &operations),
        version: match &service.kind {
            ShapeKind::Service(s) => s.version.clone(),
            _ => String::new(),
        },
        error_corrected: error_corrected_types(&types),
        http_text: http_text_types(&types),
        errors,
        module: module.to_owned(),
        shape_id: selection.service.clone(),
        docs: types::docs(&service.known, || {
            format!("The `{}` service.", service.id.name())
        }),
        types,
        operations,
        patterns,
        warnings,
    })
}

/// The outputs of the operations marked `@s3UnwrappedXmlOutput`.
fn unwrapped_outputs(model: &Model, selection: &Selection) -> BTreeSet<crate::model::ShapeId> {
    selection
        .operations
        .iter()
        .filter_map(|id| {
            let shape = model.shapes.get(id)?;
            match &shape.kind {
                ShapeKind::Operation(op) if shape.known.s3_unwrapped_xml_output => {
                    Some(op.output.clone())
                }
                _ => None,
            }
        })
        .collect()
}

/// The named types a response reader may have to error-correct: those a
/// required member targets (collections correct to empty, whatever they
/// hold), and error structures.
fn error_corrected_types(types: &[TypeDef]) -> BTreeSet<TypeId> {
    let mut corrected = BTreeSet::new();
    for ty in types {
        if let TypeDef::Struct(def) = ty {
            if def.error.is_some() {
                corrected.insert(def.id);
            }
            for field in &def.fields {
                if let (Presence::Required, RustType::Named(named)) = (&field.presence, &field.ty) {
                    corrected.insert(named.id);
                }
            }
        }
    }
    corrected
}

/// The types members bound to a URI label, a query string or a header hold,
/// at any depth of their collections, and those of XML attributes: they are
/// written and read as text.
fn http_text_types(types: &[TypeDef]) -> BTreeSet<TypeId> {
    types
        .iter()
        .filter_map(|ty| match ty {
            TypeDef::Struct(def) => Some(&def.fields),
            _ => None,
        })
        .flatten()
        .filter(|field| {
            !matches!(field.binding, HttpBinding::Body | HttpBinding::Payload)
                || field.xml.as_ref().is_some_and(|xml| xml.attribute)
        })
        .filter_map(|field| field.ty.named())
        .collect()
}

/// The operations' inputs, and the types they hold at any depth: what a
/// request is written from, and what `to_json` writes in the documented
/// request syntax.
fn written_types(types: &[TypeDef], operations: &[OperationIr]) -> BTreeSet<TypeId> {
    reachable(
        types,
        operations
            .iter()
            .filter_map(|op| Some(op.input.as_ref()?.id)),
    )
}

/// The operations' outputs and errors, and the types they hold at any
/// depth: what responses are read into.
fn read_types(types: &[TypeDef], operations: &[OperationIr]) -> BTreeSet<TypeId> {
    reachable(
        types,
        operations
            .iter()
            .flat_map(|op| op.output.iter().chain(&op.errors).map(|named| named.id)),
    )
}

/// A small restJson1 service for the lowering modules' own tests, written
/// in the JSON AST: `shapes` is the object of shapes beside the service
/// `test#Service`, which lists `operations` (shape names).
#[cfg(test)]
pub(crate) fn test_service(
    operations: &[&str],
    shapes: serde_json::Value,
    policy: PatternPolicy,
) -> Result<ServiceIr, Error> {
    let protocol = serde_json::json!({"aws.protocols#restJson1": {}});
    test_service_of(protocol, operations, shapes, policy)
}

/// [`test_service`] with the service's protocol traits, `protocol`, and
/// SigV4.
#[cfg(test)]
pub(crate) fn test_service_of(
    protocol: serde_json::Value,
    operations: &[&str],
    shapes: serde_json::Value,
    policy: PatternPolicy,
) -> Result<ServiceIr, Error> {
    let mut traits = serde_json::json!({"aws.auth#sigv4": {"name": "svc"}});
    if let (Some(traits), Some(protocol)) = (traits.as_object_mut(), protocol.as_object()) {
        traits.extend(protocol.clone());
    }
    let mut all = serde_json::json!({
        "test#Service": {
            "type": "service",
            "version": "1",
            "operations": operations
                .iter()
                .map(|op| serde_json::json!({"target": format!("test#{op}")}))
                .collect::<Vec<_>>(),
            "traits": traits
        }
    });
    if let (Some(all), Some(more)) = (all.as_object_mut(), shapes.as_object()) {
        all.extend(more.clone());
    }
    let text = serde_json::json!({"smithy": "2.0", "shapes": all}).to_string();
    let model = crate::model::load(&[crate::model::ModelSource::new("test.json", text)])?;
    let selection = crate::transform::select(&model, None, &[])?;
    let options = LowerOptions {
        protocol: None,
        pattern_policy: policy,
    };
    lower_service(&model, &selection, "test", options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sets_name_what_requests_write_and_responses_correct() {
        let service = test_service(
            &["Put"],
            json!({
                "test#Put": {"type": "operation", "input": {"target": "test#PutInput"},
                    "output": {"target": "test#PutOutput"},
                    "traits": {"smithy.api#http": {"method": "PUT", "uri": "/{Id}"}}},
                "test#PutInput": {"type": "structure", "members": {
                    "Id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}, "smithy.api#httpLabel": {}}},
                    "Mode": {"target": "test#Mode", "traits": {"smithy.api#httpHeader": "X-Mode"}},
                    "Inner": {"target": "test#Inner"}}},
                "test#PutOutput": {"type": "structure", "members": {
                    "Report": {"target": "test#Report", "traits": {"smithy.api#required": {}}}}},
                "test#Inner": {"type": "structure", "members": {"Note": {"target": "smithy.api#String"}}},
                "test#Report": {"type": "structure", "members": {"Text": {"target": "smithy.api#String"}}},
                "test#Mode": {"type": "enum", "members": {"A": {"target": "smithy.api#Unit"}}}
            }),
            PatternPolicy::Strict,
        )
        .unwrap();
        let named = |ids: &BTreeSet<TypeId>| -> Vec<String> {
            ids.iter()
                .map(|&id| service.type_def(id).name().to_owned())
                .collect()
        };
        assert_eq!(named(&service.written), ["Inner", "Mode", "PutInput"]);
        assert_eq!(named(&service.http_text), ["Mode"]);
        assert_eq!(named(&service.error_corrected), ["Report"]);
        // Ids are positions, in name order.
        for (index, ty) in service.types.iter().enumerate() {
            assert_eq!(ty.id(), TypeId(index));
        }
    }
}
