//! Where members sit in XML documents and query forms: their element
//! names, whether they are attributes, and how the lists and maps they
//! hold are laid out, for each of the protocols that use them. Decided
//! here once; the XML readers and form writers only print what this says.

use crate::ir::{HttpBinding, Protocol, XmlLayout, XmlMember, XmlRoot};
use crate::model::{Member, Model, Shape, ShapeKind};

/// How deeply collections may nest before the layout stops following
/// them; the types' own lowering refuses deeper nesting first.
const MAX_NESTING: usize = 64;

impl Protocol {
    /// Where `member` sits, for a protocol of XML documents; `None` for
    /// the others. `in_error` says its structure is an error: the element
    /// describing an error carries its message as `<Message>`, so a member
    /// named `message` in any case is read from there, as the AWS SDKs
    /// read it (STS's errors name it `message`). A payload member is the
    /// document's root, named (and namespaced) as the member says, else as
    /// its target does.
    pub(in crate::ir::lower) fn xml_member(
        self,
        model: &Model,
        service: &Shape,
        member: &Member,
        in_error: bool,
    ) -> Option<XmlMember> {
        if !self.uses_xml() {
            return None;
        }
        let target = model.shapes.get(&member.target);
        let payload = self.binding(member) == HttpBinding::Payload;
        let (name, namespace) = match (&member.known.xml_name, target) {
            (None, Some(target)) if payload => {
                let root = xml_root(service, target);
                let namespace = member.known.xml_namespace.clone().or(root.namespace);
                (root.name, namespace)
            }
            (Some(name), _) => (name.clone(), member.known.xml_namespace.clone()),
            (None, _) if in_error && member.name.eq_ignore_ascii_case("message") => {
                ("Message".to_owned(), member.known.xml_namespace.clone())
            }
            (None, _) => (member.name.clone(), member.known.xml_namespace.clone()),
        };
        let flattened = member.known.xml_flattened;
        let ec2 = self == Self::Ec2Query;
        // ec2Query names a member by `@ec2QueryName`, else by its XML name
        // capitalised, and flattens every list.
        let query_name = match (&member.known.ec2_query_name, ec2) {
            (Some(query_name), true) => query_name.clone(),
            (None, true) => capitalised(&name),
            (_, false) => name.clone(),
        };
        Some(XmlMember {
            layout: layout(model, member, flattened, false, 0),
            query_layout: layout(model, member, flattened || ec2, ec2, 0),
            attribute: member.known.xml_attribute,
            namespace,
            name,
            query_name,
        })
    }

    /// The element `shape`, a structure, is written as when it is a whole
    /// document, for a protocol of XML documents.
    pub(in crate::ir::lower) fn xml_root(self, service: &Shape, shape: &Shape) -> Option<XmlRoot> {
        self.uses_xml().then(|| xml_root(service, shape))
    }
}

/// A structure's element as a whole document: its `@xmlName`, else its
/// name, in its namespace, else the service's.
fn xml_root(service: &Shape, shape: &Shape) -> XmlRoot {
    XmlRoot {
        name: shape
            .known
            .xml_name
            .clone()
            .unwrap_or_else(|| shape.id.name().to_owned()),
        namespace: shape
            .known
            .xml_namespace
            .clone()
            .or_else(|| service.known.xml_namespace.clone()),
    }
}

/// The layout of the collections `member`'s target holds. `flattened`
/// says whether its own items go without a wrapper; `flatten_all`
/// flattens the lists inside it too (ec2Query forms).
fn layout(
    model: &Model,
    member: &Member,
    flattened: bool,
    flatten_all: bool,
    depth: usize,
) -> XmlLayout {
    let Some(target) = model.shapes.get(&member.target) else {
        return XmlLayout::Value;
    };
    if depth >= MAX_NESTING {
        return XmlLayout::Value;
    }
    let inner =
        |member: &Member| Box::new(layout(model, member, flatten_all, flatten_all, depth + 1));
    let element = |member: &Member, default: &str| {
        member
            .known
            .xml_name
            .clone()
            .unwrap_or_else(|| default.to_owned())
    };
    match &target.kind {
        ShapeKind::List(item) => XmlLayout::List {
            item: (!flattened).then(|| element(item, "member")),
            item_namespace: item.known.xml_namespace.clone(),
            inner: inner(item),
        },
        ShapeKind::Map { key, value } => XmlLayout::Map {
            wrapped: !flattened,
            key: element(key, "key"),
            key_namespace: key.known.xml_namespace.clone(),
            value: element(value, "value"),
            value_namespace: value.known.xml_namespace.clone(),
            inner: inner(value),
        },
        _ => XmlLayout::Value,
    }
}

/// `name` with its first letter upper case.
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{test_service_of, PatternPolicy};
    use crate::ir::{XmlLayout, XmlMember};
    use serde_json::json;

    /// The XML placement of each member of `test#PutInput`, in a service
    /// of `protocol`.
    fn members(protocol: &str) -> Vec<(String, XmlMember)> {
        let service = test_service_of(
            json!({ protocol: {} }),
            &["Put"],
            json!({
                "test#Put": {"type": "operation", "input": {"target": "test#PutInput"}},
                "test#PutInput": {"type": "structure", "members": {
                    "plain": {"target": "smithy.api#String"},
                    "Renamed": {"target": "smithy.api#String", "traits": {"smithy.api#xmlName": "other"}},
                    "Ec2": {"target": "smithy.api#String", "traits": {"aws.protocols#ec2QueryName": "E"}},
                    "Items": {"target": "test#Names"},
                    "Flat": {"target": "test#Names", "traits": {"smithy.api#xmlFlattened": {}}},
                    "Table": {"target": "test#Table"},
                    "Id": {"target": "smithy.api#String", "traits": {"smithy.api#xmlAttribute": {}}}}},
                "test#Names": {"type": "list", "member": {"target": "test#Inner",
                    "traits": {"smithy.api#xmlName": "item"}}},
                "test#Inner": {"type": "list", "member": {"target": "smithy.api#String"}},
                "test#Table": {"type": "map", "key": {"target": "smithy.api#String",
                    "traits": {"smithy.api#xmlName": "K"}}, "value": {"target": "smithy.api#String"}}
            }),
            PatternPolicy::Strict,
        )
        .unwrap();
        let input = service.operations[0].input.as_ref().unwrap();
        service
            .struct_def(input.id)
            .unwrap()
            .fields
            .iter()
            .map(|f| (f.member.clone(), f.xml.clone().expect("an XML protocol")))
            .collect()
    }

    fn list(item: Option<&str>, inner: XmlLayout) -> XmlLayout {
        XmlLayout::List {
            item: item.map(str::to_owned),
            item_namespace: None,
            inner: Box::new(inner),
        }
    }

    #[test]
    fn aws_query_uses_xml_names_and_layouts_for_both() {
        let members = members("aws.protocols#awsQuery");
        let find = |name: &str| &members.iter().find(|(m, _)| m == name).unwrap().1;
        assert_eq!(find("plain").name, "plain");
        assert_eq!(find("plain").query_name, "plain");
        assert_eq!(find("Renamed").query_name, "other");
        assert_eq!(find("Ec2").query_name, "Ec2");
        assert!(find("Id").attribute);
        let nested = list(Some("item"), list(Some("member"), XmlLayout::Value));
        assert_eq!(find("Items").layout, nested);
        assert_eq!(find("Items").query_layout, nested);
        let flat = list(None, list(Some("member"), XmlLayout::Value));
        assert_eq!(find("Flat").query_layout, flat);
        assert_eq!(
            find("Table").layout,
            XmlLayout::Map {
                wrapped: true,
                key: "K".into(),
                key_namespace: None,
                value: "value".into(),
                value_namespace: None,
                inner: Box::new(XmlLayout::Value)
            }
        );
    }

    #[test]
    fn ec2_query_capitalises_names_and_flattens_every_list_of_its_forms() {
        let members = members("aws.protocols#ec2Query");
        let find = |name: &str| &members.iter().find(|(m, _)| m == name).unwrap().1;
        assert_eq!(find("plain").query_name, "Plain");
        assert_eq!(find("Renamed").query_name, "Other");
        assert_eq!(find("Ec2").query_name, "E");
        // Responses keep the XML names and wrappers.
        assert_eq!(find("plain").name, "plain");
        assert_eq!(
            find("Items").layout,
            list(Some("item"), list(Some("member"), XmlLayout::Value))
        );
        assert_eq!(
            find("Items").query_layout,
            list(None, list(None, XmlLayout::Value))
        );
    }

    #[test]
    fn an_errors_message_member_is_read_from_the_message_element() {
        let service = test_service_of(
            json!({"aws.protocols#awsQuery": {}}),
            &["Put"],
            json!({
                "test#Put": {"type": "operation", "input": {"target": "test#Note"},
                    "errors": [{"target": "test#Bad"}]},
                "test#Note": {"type": "structure", "members": {
                    "message": {"target": "smithy.api#String"}}},
                "test#Bad": {"type": "structure", "members": {
                    "message": {"target": "smithy.api#String"}},
                    "traits": {"smithy.api#error": "client"}}
            }),
            PatternPolicy::Strict,
        )
        .unwrap();
        let name = |id| {
            let def = service.struct_def(id).unwrap();
            def.fields[0].xml.as_ref().unwrap().name.clone()
        };
        assert_eq!(name(service.operations[0].errors[0].id), "Message");
        assert_eq!(
            name(service.operations[0].input.as_ref().unwrap().id),
            "message"
        );
    }

    #[test]
    fn json_protocols_have_no_xml_placement() {
        let service = test_service_of(
            json!({"aws.protocols#awsJson1_0": {}}),
            &["Put"],
            json!({
                "test#Put": {"type": "operation", "input": {"target": "test#PutInput"}},
                "test#PutInput": {"type": "structure", "members": {
                    "A": {"target": "smithy.api#String"}}}
            }),
            PatternPolicy::Strict,
        )
        .unwrap();
        let input = service.operations[0].input.as_ref().unwrap();
        assert!(service.struct_def(input.id).unwrap().fields[0]
            .xml
            .is_none());
    }
}
