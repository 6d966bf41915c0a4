//! The names and ids of a service's generated types, settled before any type
//! is lowered: every reference to a type can then carry its final name.

use std::collections::BTreeMap;

use crate::ir::{NamedType, TypeId};
use crate::model::{Model, ShapeId, ShapeKind, SimpleType};
use crate::naming::items::Namespace;
use crate::transform::Selection;

/// The generated types of a service, in [`TypeId`] order (by Rust name).
pub(super) struct TypePlan {
    by_shape: BTreeMap<ShapeId, NamedType>,
    /// The shape of each type, by [`TypeId`].
    pub(super) shapes: Vec<ShapeId>,
    /// The response reader of each structure, by [`TypeId`].
    pub(super) readers: BTreeMap<TypeId, String>,
}

impl TypePlan {
    /// Names every shape that becomes a Rust type. Shapes are visited in id
    /// order, so a clash is always resolved the same way; ids then follow
    /// the names' order.
    pub(super) fn new(model: &Model, selection: &Selection) -> Self {
        let rename = match &model.shapes[&selection.service].kind {
            ShapeKind::Service(s) => s.rename.clone(),
            _ => BTreeMap::new(),
        };
        let mut namespace = Namespace::default();
        let mut named: Vec<(String, ShapeId)> = selection
            .shapes
            .iter()
            .filter(|id| is_type(model, id))
            .map(|id| {
                let model_name = rename.get(id).map_or(id.name(), String::as_str);
                (namespace.type_name(model_name), id.clone())
            })
            .collect();
        named.sort();
        let by_shape = named
            .iter()
            .enumerate()
            .map(|(index, (name, shape))| {
                let named = NamedType {
                    id: TypeId(index),
                    name: name.clone(),
                };
                (shape.clone(), named)
            })
            .collect();
        let mut readers_namespace = Namespace::default();
        let readers = named
            .iter()
            .enumerate()
            .filter(|(_, (_, shape))| matches!(model.shapes[shape].kind, ShapeKind::Structure(_)))
            .map(|(index, (name, _))| (TypeId(index), readers_namespace.reader(name)))
            .collect();
        Self {
            by_shape,
            shapes: named.into_iter().map(|(_, shape)| shape).collect(),
            readers,
        }
    }

    /// The generated type a shape becomes, if it becomes one.
    pub(super) fn get(&self, shape: &ShapeId) -> Option<&NamedType> {
        self.by_shape.get(shape)
    }
}

/// Whether a shape becomes a Rust type of its own: structures, unions,
/// enums, and strings with a Smithy 1.0 `@enum`.
fn is_type(model: &Model, id: &ShapeId) -> bool {
    let shape = &model.shapes[id];
    match &shape.kind {
        ShapeKind::Structure(_)
        | ShapeKind::Union(_)
        | ShapeKind::Enum(_)
        | ShapeKind::IntEnum(_) => true,
        ShapeKind::Simple(SimpleType::String) => shape.known.legacy_enum.is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{test_service, PatternPolicy};
    use serde_json::json;

    #[test]
    fn ids_follow_names_and_every_reference_carries_its_name() {
        let service = test_service(
            &["Get"],
            json!({
                "test#Get": {"type": "operation", "input": {"target": "test#Zeta"}},
                "test#Zeta": {"type": "structure", "members": {
                    "Alpha": {"target": "test#alpha"}, "Others": {"target": "test#Alphas"}}},
                "test#alpha": {"type": "structure", "members": {}},
                "test#Alphas": {"type": "list", "member": {"target": "test#alpha"}}
            }),
            PatternPolicy::Strict,
        )
        .unwrap();
        let names: Vec<&str> = service.types.iter().map(|t| t.name()).collect();
        assert_eq!(names, ["Alpha", "Zeta"]);
        let zeta = service.struct_def(crate::ir::TypeId(1)).unwrap();
        for field in &zeta.fields {
            let id = field.ty.named().unwrap();
            assert_eq!(service.type_def(id).name(), "Alpha", "{}", field.member);
        }
        assert_eq!(zeta.reader, "read_zeta");
        assert_eq!(service.operations[0].input.as_ref().unwrap().name, "Zeta");
    }
}
