//! Finds the members that must be boxed so recursive shapes have a size.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Model, ShapeId, ShapeKind};

/// Members (shape id, member name) to hold in a `Box`.
///
/// Only members that hold a structure or union by value can make a type
/// infinitely large; lists and maps already live on the heap. One depth-first
/// search in sorted order boxes exactly the members that close a cycle (the
/// back edges), which leaves the remaining graph acyclic and keeps the choice
/// stable from run to run.
pub fn boxed_members(model: &Model, shapes: &BTreeSet<ShapeId>) -> BTreeSet<(ShapeId, String)> {
    let edges: BTreeMap<&ShapeId, Vec<(&str, &ShapeId)>> = shapes
        .iter()
        .filter_map(|id| {
            let members = match &model.shapes[id].kind {
                ShapeKind::Structure(m) | ShapeKind::Union(m) => m,
                _ => return None,
            };
            let by_value = members
                .iter()
                .filter(|m| {
                    matches!(
                        model.shapes[&m.target].kind,
                        ShapeKind::Structure(_) | ShapeKind::Union(_)
                    )
                })
                .map(|m| (m.name.as_str(), &m.target))
                .collect();
            Some((id, by_value))
        })
        .collect();

    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Active,
        Done,
    }
    let mut state: BTreeMap<&ShapeId, State> = BTreeMap::new();
    let mut boxed = BTreeSet::new();
    for &root in edges.keys() {
        if state.contains_key(root) {
            continue;
        }
        // Each frame is a shape and the index of its next edge to follow.
        let mut stack: Vec<(&ShapeId, usize)> = vec![(root, 0)];
        state.insert(root, State::Active);
        while let Some((node, next)) = stack.last_mut() {
            let node_edges = &edges[*node];
            let Some(&(member, target)) = node_edges.get(*next) else {
                state.insert(*node, State::Done);
                stack.pop();
                continue;
            };
            *next += 1;
            let from = *node;
            match state.get(target) {
                Some(State::Active) => {
                    boxed.insert((from.clone(), member.to_owned()));
                }
                Some(State::Done) => {}
                None if edges.contains_key(target) => {
                    state.insert(target, State::Active);
                    stack.push((target, 0));
                }
                None => {}
            }
        }
    }
    boxed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{load, ModelSource};

    fn boxed(json: &str) -> Vec<String> {
        let model = load(&[ModelSource::new("test.json", json)]).unwrap();
        let shapes = model
            .shapes
            .keys()
            .filter(|id| id.namespace() == "t")
            .cloned()
            .collect();
        boxed_members(&model, &shapes)
            .into_iter()
            .map(|(id, m)| format!("{}${m}", id.name()))
            .collect()
    }

    #[test]
    fn self_reference_is_boxed() {
        let json = r#"{"smithy":"2.0","shapes":{
            "t#Node":{"type":"structure","members":{"next":{"target":"t#Node"}}}}}"#;
        assert_eq!(boxed(json), vec!["Node$next"]);
    }

    #[test]
    fn one_member_per_cycle_and_lists_break_cycles() {
        let json = r#"{"smithy":"2.0","shapes":{
            "t#A":{"type":"structure","members":{"b":{"target":"t#B"}}},
            "t#B":{"type":"union","members":{"a":{"target":"t#A"},"list":{"target":"t#AList"}}},
            "t#AList":{"type":"list","member":{"target":"t#A"}}}}"#;
        assert_eq!(boxed(json), vec!["B$a"]);
    }
}
