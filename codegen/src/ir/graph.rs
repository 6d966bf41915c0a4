//! The type graph of a service: generated types and patterns are referred
//! to by index, so nothing after lowering finds a type by its name, and one
//! walk answers what reaches what.

use std::collections::BTreeSet;

use super::{RustType, ServiceIr, TypeDef};

/// A generated type of one service: its index in [`ServiceIr::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A `@pattern` of one service: its index in [`ServiceIr::patterns`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PatternId(pub usize);

/// A reference to a generated type, with the name it has in Rust, so that
/// printing it needs no lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedType {
    pub id: TypeId,
    pub name: String,
}

impl ServiceIr {
    /// The type `id` refers to.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The structure `id` refers to, if it is one.
    pub fn struct_def(&self, id: TypeId) -> Option<&super::StructDef> {
        match self.type_def(id) {
            TypeDef::Struct(def) => Some(def),
            _ => None,
        }
    }

    /// Whether `id` is an enum (string or int).
    pub fn is_enum(&self, id: TypeId) -> bool {
        matches!(self.type_def(id), TypeDef::Enum(_))
    }

    /// The types `roots` hold, at any depth, the roots included.
    pub fn reachable(&self, roots: impl IntoIterator<Item = TypeId>) -> BTreeSet<TypeId> {
        reachable(&self.types, roots)
    }
}

/// The types `roots` hold, at any depth, the roots included, over the types
/// of one service (indexed by [`TypeId`]).
pub(crate) fn reachable(
    types: &[TypeDef],
    roots: impl IntoIterator<Item = TypeId>,
) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut pending: Vec<TypeId> = roots.into_iter().collect();
    while let Some(id) = pending.pop() {
        if !seen.insert(id) {
            continue;
        }
        match &types[id.0] {
            TypeDef::Struct(def) => pending.extend(def.fields.iter().filter_map(|f| f.ty.named())),
            TypeDef::Union(def) => {
                pending.extend(def.variants.iter().filter_map(|v| v.ty.as_ref()?.named()))
            }
            TypeDef::Enum(_) => {}
        }
    }
    seen
}

impl RustType {
    /// The generated type this is, or that a collection of it holds.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            Self::Named(named) => Some(named.id),
            Self::List { item, .. } => item.named(),
            Self::Map { value, .. } => value.named(),
            _ => None,
        }
    }
}
