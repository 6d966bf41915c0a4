//! Picks a service and its operations, and collects every shape they reach.

use std::collections::BTreeSet;

use crate::error::{Error, ErrorKind, Location};
use crate::model::{Model, ShapeId, ShapeKind};

/// The operations chosen from one service and the shapes they reach.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub service: ShapeId,
    /// Chosen operations, sorted by id.
    pub operations: Vec<ShapeId>,
    /// Every structure, union, enum, list, map and simple shape reachable from
    /// the operations' inputs, outputs and errors (service errors included).
    pub shapes: BTreeSet<ShapeId>,
}

/// Chooses the service (`service`, or the model's only one) and operations
/// (by name or id; all of the service's when `operations` is empty).
pub fn select(
    model: &Model,
    service: Option<&str>,
    operations: &[String],
) -> Result<Selection, Error> {
    let (selection, missing) = select_present(model, service, operations)?;
    match missing.into_iter().next() {
        Some(wanted) => Err(Error::new(
            Location::shape(&model.shapes[&selection.service].file, &selection.service),
            ErrorKind::OperationNotFound(wanted),
        )),
        None => Ok(selection),
    }
}

/// Like [`select`], but an operation the service lacks is left out and
/// returned by name rather than refused: comparing two versions of a model
/// asks for operations that only one of them has.
pub fn select_present(
    model: &Model,
    service: Option<&str>,
    operations: &[String],
) -> Result<(Selection, Vec<String>), Error> {
    let service_id = pick_service(model, service)?;
    let all = service_operations(model, &service_id);
    let mut missing = Vec::new();
    let operations = if operations.is_empty() {
        all
    } else {
        let mut chosen = BTreeSet::new();
        for wanted in operations {
            match all
                .iter()
                .find(|id| id.name() == wanted || id.as_str() == wanted)
            {
                Some(id) => {
                    chosen.insert(id.clone());
                }
                None => missing.push(wanted.clone()),
            }
        }
        chosen
    };
    let shapes = reachable_shapes(model, &service_id, &operations);
    let selection = Selection {
        service: service_id,
        operations: operations.into_iter().collect(),
        shapes,
    };
    Ok((selection, missing))
}

fn pick_service(model: &Model, wanted: Option<&str>) -> Result<ShapeId, Error> {
    let not_found = |text: &str| {
        Error::new(
            Location::file("model"),
            ErrorKind::ServiceNotFound(text.to_owned()),
        )
    };
    if let Some(wanted) = wanted {
        let id = ShapeId::parse(wanted).map_err(|_| not_found(wanted))?;
        return match model.shape(&id) {
            Some(shape) if matches!(shape.kind, ShapeKind::Service(_)) => Ok(id),
            _ => Err(not_found(wanted)),
        };
    }
    let services: Vec<&ShapeId> = model.services().map(|s| &s.id).collect();
    match services.as_slice() {
        [only] => Ok((*only).clone()),
        [] => Err(Error::new(
            Location::file("model"),
            ErrorKind::AmbiguousService("the model defines no service".into()),
        )),
        many => Err(Error::new(
            Location::file("model"),
            ErrorKind::AmbiguousService(format!(
                "the model defines {} services ({}); choose one",
                many.len(),
                many.iter()
                    .map(|id| id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        )),
    }
}

/// Operations bound to the service directly or through its resources.
fn service_operations(model: &Model, service: &ShapeId) -> BTreeSet<ShapeId> {
    let mut operations = BTreeSet::new();
    let mut pending = vec![service.clone()];
    let mut visited = BTreeSet::new();
    while let Some(id) = pending.pop() {
        if !visited.insert(id.clone()) {
            continue;
        }
        match &model.shapes[&id].kind {
            ShapeKind::Service(s) => {
                operations.extend(s.operations.iter().cloned());
                pending.extend(s.resources.iter().cloned());
            }
            ShapeKind::Resource(r) => {
                operations.extend(r.operations.iter().cloned());
                pending.extend(r.resources.iter().cloned());
            }
            _ => {}
        }
    }
    operations
}

/// The errors an operation can return: its own, then the service's.
pub fn operation_errors(model: &Model, service: &ShapeId, operation: &ShapeId) -> Vec<ShapeId> {
    let mut errors = Vec::new();
    if let ShapeKind::Operation(op) = &model.shapes[operation].kind {
        errors.extend(op.errors.iter().cloned());
    }
    if let ShapeKind::Service(s) = &model.shapes[service].kind {
        for error in &s.errors {
            if !errors.contains(error) {
                errors.push(error.clone());
            }
        }
    }
    errors
}

fn reachable_shapes(
    model: &Model,
    service: &ShapeId,
    operations: &BTreeSet<ShapeId>,
) -> BTreeSet<ShapeId> {
    let unit = ShapeId::parse(crate::model::UNIT).expect("the prelude id is valid");
    let mut pending: Vec<ShapeId> = Vec::new();
    for id in operations {
        if let ShapeKind::Operation(op) = &model.shapes[id].kind {
            pending.push(op.input.clone());
            pending.push(op.output.clone());
        }
        pending.extend(operation_errors(model, service, id));
    }
    let mut shapes = BTreeSet::new();
    while let Some(id) = pending.pop() {
        if id == unit || !shapes.insert(id.clone()) {
            continue;
        }
        pending.extend(
            model.shapes[&id]
                .kind
                .members()
                .into_iter()
                .map(|m| m.target.clone()),
        );
    }
    shapes
}
