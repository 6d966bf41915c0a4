//! The next-page step of a `@paginated` operation: where the input takes
//! its token, the path through the output to the next one, and where a
//! page's items are.

use crate::ir::{
    Field, PageItems, PageToken, PaginatedTrait, Presence, RustType, TokenStep, TypeId,
};

/// How one page leads to the next, before the `Client` names its streams.
pub(super) struct PageStep {
    /// The input's `Option` field that carries the token.
    pub(super) input_token: String,
    /// The fields from the output down to the token.
    pub(super) output_token: Vec<TokenStep>,
    pub(super) token: PageToken,
    /// The page's items, when `@paginated` names a list or map member.
    pub(super) items: Option<PageItems>,
}

/// The step of an operation whose token is an optional top-level input
/// field and a path of output fields ending in a value of the same type:
/// a string, or any other value (DynamoDB's keys are maps). Other forms get
/// no step; items that are not a list or a map leave the operation with
/// pages only. `fields` gives a structure type's fields.
pub(super) fn step<'a>(
    paginated: &PaginatedTrait,
    input: &[Field],
    output: &'a [Field],
    fields: impl Fn(TypeId) -> Option<&'a [Field]>,
) -> Option<PageStep> {
    let input_field = input
        .iter()
        .find(|f| Some(&f.member) == paginated.input_token.as_ref())?;
    if input_field.presence != Presence::Optional {
        return None;
    }
    let (output_token, token_ty) =
        member_path(output, paginated.output_token.as_deref()?, &fields)?;
    if token_ty != input_field.ty {
        return None;
    }
    let token = match token_ty {
        RustType::String => PageToken::Text,
        ty => PageToken::Value {
            collection: matches!(ty, RustType::List { .. } | RustType::Map { .. }),
            ty,
        },
    };
    let items = paginated.items.as_deref().and_then(|path| {
        let (path, ty) = member_path(output, path, &fields)?;
        matches!(ty, RustType::List { .. } | RustType::Map { .. }).then_some(PageItems { path, ty })
    });
    Some(PageStep {
        input_token: input_field.name.clone(),
        output_token,
        token,
        items,
    })
}

/// The fields along a `@paginated` path of member names joined by `.`,
/// from a structure with `start`'s fields, and the type of the last.
fn member_path<'a>(
    start: &'a [Field],
    path: &str,
    fields: &impl Fn(TypeId) -> Option<&'a [Field]>,
) -> Option<(Vec<TokenStep>, RustType)> {
    let mut current = start;
    let mut steps = Vec::new();
    let mut members = path.split('.').peekable();
    while let Some(member) = members.next() {
        let field = current.iter().find(|f| f.member == member)?;
        steps.push(TokenStep {
            field: field.name.clone(),
            optional: field.presence == Presence::Optional,
            boxed: field.boxed,
        });
        match (&field.ty, members.peek()) {
            (ty, None) => return Some((steps, ty.clone())),
            (RustType::Named(next), Some(_)) => current = fields(next.id)?,
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::{test_service, PatternPolicy};
    use crate::ir::{PageToken, RustType};
    use serde_json::json;

    fn paged(token_target: &str, items: &str) -> crate::ir::ServiceIr {
        test_service(
            &["List"],
            json!({
                "test#List": {"type": "operation", "input": {"target": "test#In"}, "output": {"target": "test#Out"},
                    "traits": {"smithy.api#paginated": {"inputToken": "Next", "outputToken": "Page.Next", "items": items}}},
                "test#In": {"type": "structure", "members": {"Next": {"target": "smithy.api#String"}}},
                "test#Out": {"type": "structure", "members": {
                    "Page": {"target": "test#Page"}, "Things": {"target": "test#Things"}, "Count": {"target": "smithy.api#Integer"}}},
                "test#Page": {"type": "structure", "members": {"Next": {"target": token_target}}},
                "test#Things": {"type": "list", "member": {"target": "smithy.api#String"}}
            }),
            PatternPolicy::Strict,
        )
        .unwrap()
    }

    #[test]
    fn string_tokens_through_nested_members_give_a_step() {
        let service = paged("smithy.api#String", "Things");
        let pagination = service.operations[0].pagination.as_ref().unwrap();
        assert_eq!(pagination.input_token, "next");
        let path: Vec<&str> = pagination
            .output_token
            .iter()
            .map(|s| s.field.as_str())
            .collect();
        assert_eq!(path, ["page", "next"]);
        assert!(pagination.items.is_some());
        assert_eq!(pagination.pages_method, "list_pages");
        assert_eq!(pagination.items_method, "list_items");
    }

    #[test]
    fn tokens_of_other_types_are_sent_back_as_they_came() {
        let service = paged("test#Things", "Things");
        // The input's token is a string, the output's a list: no step.
        assert!(service.operations[0].pagination.is_none());
        let service = test_service(
            &["Query"],
            json!({
                "test#Query": {"type": "operation", "input": {"target": "test#In"}, "output": {"target": "test#Out"},
                    "traits": {"smithy.api#paginated": {"inputToken": "StartKey", "outputToken": "LastKey"}}},
                "test#In": {"type": "structure", "members": {"StartKey": {"target": "test#Key"}}},
                "test#Out": {"type": "structure", "members": {"LastKey": {"target": "test#Key"}}},
                "test#Key": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"}}
            }),
            PatternPolicy::Strict,
        )
        .unwrap();
        let pagination = service.operations[0].pagination.as_ref().unwrap();
        assert_eq!(pagination.input_token, "start_key");
        assert!(matches!(
            pagination.token,
            PageToken::Value {
                collection: true,
                ty: RustType::Map { .. }
            }
        ));
    }

    #[test]
    fn tokens_unlike_the_inputs_give_none_and_items_that_are_no_collection_give_pages_only() {
        assert!(paged("smithy.api#Integer", "Things").operations[0]
            .pagination
            .is_none());
        let pages_only = paged("smithy.api#String", "Count");
        let pagination = pages_only.operations[0].pagination.as_ref().unwrap();
        assert!(pagination.items.is_none());
        // The trait itself is kept for the API report either way.
        assert!(pages_only.operations[0].paginated_trait.is_some());
    }
}
