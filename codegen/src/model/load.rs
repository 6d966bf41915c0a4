//! Reads JSON AST files into one merged [`Model`].

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::prelude::{self, UNIT};
use super::{
    known, validate, IdlVersion, Member, Model, Operation, Resource, Service, Shape, ShapeId,
    ShapeKind, SimpleType, Traits,
};
use crate::error::{Error, ErrorKind, Location};

/// One model file: the name used in messages and its text.
#[derive(Debug, Clone)]
pub struct ModelSource {
    pub name: String,
    pub text: String,
}

impl ModelSource {
    /// A source with a name for messages.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// A shape as read, before mixins are applied.
struct Parsed {
    shape: Shape,
    mixins: Vec<ShapeId>,
    /// The shape's JSON, to tell identical repeated definitions from conflicting ones.
    json: Value,
}

/// An `apply` statement: traits for a shape or one of its members.
struct Apply {
    file: String,
    shape: ShapeId,
    member: Option<String>,
    traits: Traits,
}

/// Loads, merges and checks model files. Files are merged in the order given;
/// a shape defined in two files must be defined identically.
pub fn load(sources: &[ModelSource]) -> Result<Model, Error> {
    let mut parsed: BTreeMap<ShapeId, Parsed> = BTreeMap::new();
    let mut applies = Vec::new();
    for source in sources {
        read_file(source, &mut parsed, &mut applies)?;
    }
    for shape in prelude::shapes() {
        parsed.entry(shape.id.clone()).or_insert(Parsed {
            shape,
            mixins: vec![],
            json: Value::Null,
        });
    }
    for apply in applies {
        apply_traits(&mut parsed, apply)?;
    }
    let mut model = resolve_mixins(parsed)?;
    known::decode_all(&mut model)?;
    validate::check(&model)?;
    Ok(model)
}

fn read_file(
    source: &ModelSource,
    parsed: &mut BTreeMap<ShapeId, Parsed>,
    applies: &mut Vec<Apply>,
) -> Result<(), Error> {
    let file = source.name.as_str();
    let fail = |kind| Error::new(Location::file(file), kind);
    let root: Value = serde_json::from_str(&source.text).map_err(|e| {
        fail(ErrorKind::InvalidJson {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })
    })?;
    let root = root.as_object().ok_or_else(|| {
        fail(ErrorKind::MalformedAst(
            "the top level is not an object".into(),
        ))
    })?;
    let idl = match root.get("smithy").and_then(Value::as_str) {
        Some("2" | "2.0") => IdlVersion::V2,
        Some("1" | "1.0") => IdlVersion::V1,
        Some(other) => return Err(fail(ErrorKind::UnsupportedVersion(format!("`{other}`")))),
        None => {
            return Err(fail(ErrorKind::UnsupportedVersion(
                "(missing `smithy` key)".into(),
            )))
        }
    };
    let shapes = match root.get("shapes") {
        None => return Ok(()),
        Some(Value::Object(shapes)) => shapes,
        Some(_) => {
            return Err(fail(ErrorKind::MalformedAst(
                "`shapes` is not an object".into(),
            )))
        }
    };
    for (key, json) in shapes {
        let at = || Location::shape(file, key);
        let (id, member) = ShapeId::parse_with_member(key)
            .map_err(|m| Error::new(at(), ErrorKind::MalformedShapeId(m)))?;
        let reader = ShapeReader { file, id: &id, idl };
        let body = json
            .as_object()
            .ok_or_else(|| reader.malformed("the shape is not an object"))?;
        let kind = body.get("type").and_then(Value::as_str);
        if kind == Some("apply") {
            applies.push(Apply {
                file: file.to_owned(),
                shape: id.clone(),
                member,
                traits: reader.traits(body, None)?,
            });
            continue;
        }
        if member.is_some() {
            return Err(Error::new(
                at(),
                ErrorKind::MalformedShapeId(format!(
                    "`{key}` names a member where a shape is expected"
                )),
            ));
        }
        let Some(kind) = kind else {
            return Err(reader.malformed("the shape has no string `type`"));
        };
        let shape = reader.shape(kind, body)?;
        match parsed.get(&id) {
            Some(existing) if existing.json != *json => {
                return Err(Error::new(
                    at(),
                    ErrorKind::ConflictingDefinition {
                        other_file: existing.shape.file.clone(),
                    },
                ));
            }
            Some(_) => {}
            None => {
                parsed.insert(
                    id,
                    Parsed {
                        shape: shape.0,
                        mixins: shape.1,
                        json: json.clone(),
                    },
                );
            }
        }
    }
    Ok(())
}

/// serde_json appends "at line L column C"; we report those separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// Reads the parts of one shape, reporting problems against it.
struct ShapeReader<'a> {
    file: &'a str,
    id: &'a ShapeId,
    idl: IdlVersion,
}

impl ShapeReader<'_> {
    fn malformed(&self, message: impl Into<String>) -> Error {
        Error::new(
            Location::shape(self.file, self.id),
            ErrorKind::MalformedAst(message.into()),
        )
    }

    fn member_error(&self, member: &str, kind: ErrorKind) -> Error {
        Error::new(Location::member(self.file, self.id, member), kind)
    }

    fn shape(&self, kind: &str, body: &Map<String, Value>) -> Result<(Shape, Vec<ShapeId>), Error> {
        let shape_kind = match kind {
            "list" | "set" => ShapeKind::List(self.member(body, "member")?.ok_or_else(|| {
                self.member_error("member", ErrorKind::MissingCollectionMember(kind.into()))
            })?),
            "map" => {
                let key = self.member(body, "key")?;
                let value = self.member(body, "value")?;
                match (key, value) {
                    (Some(key), Some(value)) => ShapeKind::Map { key, value },
                    _ => return Err(self.malformed("a map needs both `key` and `value`")),
                }
            }
            "structure" => ShapeKind::Structure(self.members(body)?),
            "union" => ShapeKind::Union(self.members(body)?),
            "enum" => ShapeKind::Enum(self.members(body)?),
            "intEnum" => ShapeKind::IntEnum(self.members(body)?),
            "service" => ShapeKind::Service(self.service(body)?),
            "operation" => ShapeKind::Operation(Operation {
                input: self.optional_target(body, "input")?,
                output: self.optional_target(body, "output")?,
                errors: self.targets(body, "errors")?,
            }),
            "resource" => ShapeKind::Resource(self.resource(body)?),
            other => match SimpleType::from_ast_name(other) {
                Some(simple) => ShapeKind::Simple(simple),
                None => {
                    return Err(Error::new(
                        Location::shape(self.file, self.id),
                        ErrorKind::UnknownShapeType(other.to_owned()),
                    ))
                }
            },
        };
        let mut traits = self.traits(body, None)?;
        if kind == "set" {
            traits.insert(
                super::traits::ids::UNIQUE_ITEMS.into(),
                Value::Object(Map::new()),
            );
        }
        let mixins = self.targets(body, "mixins")?;
        let shape = Shape {
            id: self.id.clone(),
            kind: shape_kind,
            traits,
            known: Box::default(),
            file: self.file.to_owned(),
            idl: self.idl,
        };
        Ok((shape, mixins))
    }

    fn traits(&self, body: &Map<String, Value>, member: Option<&str>) -> Result<Traits, Error> {
        let fail = |message: String| match member {
            Some(member) => self.member_error(member, ErrorKind::MalformedAst(message)),
            None => self.malformed(message),
        };
        let Some(traits) = body.get("traits") else {
            return Ok(Traits::default());
        };
        let traits = traits
            .as_object()
            .ok_or_else(|| fail("`traits` is not an object".into()))?;
        let mut values = BTreeMap::new();
        for (id, value) in traits {
            ShapeId::parse(id).map_err(|m| fail(format!("trait id {m}")))?;
            values.insert(id.clone(), value.clone());
        }
        Ok(Traits::new(values))
    }

    fn target(&self, reference: &Value, what: &str) -> Result<ShapeId, Error> {
        let target = reference
            .get("target")
            .and_then(Value::as_str)
            .ok_or_else(|| self.malformed(format!("{what} has no string `target`")))?;
        ShapeId::parse(target).map_err(|m| {
            Error::new(
                Location::shape(self.file, self.id),
                ErrorKind::MalformedShapeId(m),
            )
        })
    }

    fn optional_target(&self, body: &Map<String, Value>, key: &str) -> Result<ShapeId, Error> {
        match body.get(key) {
            Some(reference) => self.target(reference, &format!("`{key}`")),
            None => Ok(ShapeId::parse(UNIT).expect("the prelude id is valid")),
        }
    }

    fn targets(&self, body: &Map<String, Value>, key: &str) -> Result<Vec<ShapeId>, Error> {
        match body.get(key) {
            None => Ok(vec![]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| self.target(item, &format!("an entry of `{key}`")))
                .collect(),
            Some(_) => Err(self.malformed(format!("`{key}` is not an array"))),
        }
    }

    fn member(&self, body: &Map<String, Value>, name: &str) -> Result<Option<Member>, Error> {
        let Some(json) = body.get(name) else {
            return Ok(None);
        };
        let fail = |message: &str| self.member_error(name, ErrorKind::MalformedAst(message.into()));
        let object = json
            .as_object()
            .ok_or_else(|| fail("the member is not an object"))?;
        let target = object
            .get("target")
            .and_then(Value::as_str)
            .ok_or_else(|| fail("the member has no string `target`"))?;
        let target = ShapeId::parse(target)
            .map_err(|m| self.member_error(name, ErrorKind::MalformedShapeId(m)))?;
        Ok(Some(Member {
            name: name.to_owned(),
            target,
            traits: self.traits(object, Some(name))?,
            known: Box::default(),
        }))
    }

    fn members(&self, body: &Map<String, Value>) -> Result<Vec<Member>, Error> {
        let members = match body.get("members") {
            None => return Ok(vec![]),
            Some(Value::Object(members)) => members,
            Some(_) => return Err(self.malformed("`members` is not an object")),
        };
        let mut seen = BTreeSet::new();
        let mut result = Vec::with_capacity(members.len());
        for name in members.keys() {
            if !super::is_identifier(name) {
                return Err(self.member_error(
                    name,
                    ErrorKind::MalformedAst("not a valid member name".into()),
                ));
            }
            // Smithy member names are unique case-insensitively.
            if !seen.insert(name.to_ascii_lowercase()) {
                return Err(self.member_error(
                    name,
                    ErrorKind::MalformedAst(
                        "another member has the same name in a different case".into(),
                    ),
                ));
            }
            result.extend(self.member(members, name)?);
        }
        Ok(result)
    }

    fn service(&self, body: &Map<String, Value>) -> Result<Service, Error> {
        let version = match body.get("version") {
            None => String::new(),
            Some(Value::String(version)) => version.clone(),
            Some(_) => return Err(self.malformed("`version` is not a string")),
        };
        let mut rename = BTreeMap::new();
        match body.get("rename") {
            None => {}
            Some(Value::Object(entries)) => {
                for (id, name) in entries {
                    let id = ShapeId::parse(id).map_err(|m| {
                        Error::new(
                            Location::shape(self.file, self.id),
                            ErrorKind::MalformedShapeId(m),
                        )
                    })?;
                    let name = name
                        .as_str()
                        .filter(|n| super::is_identifier(n))
                        .ok_or_else(|| {
                            self.malformed(format!("`rename` of `{id}` is not an identifier"))
                        })?;
                    rename.insert(id, name.to_owned());
                }
            }
            Some(_) => return Err(self.malformed("`rename` is not an object")),
        }
        Ok(Service {
            version,
            operations: self.targets(body, "operations")?,
            resources: self.targets(body, "resources")?,
            errors: self.targets(body, "errors")?,
            rename,
        })
    }

    fn resource(&self, body: &Map<String, Value>) -> Result<Resource, Error> {
        let mut operations = Vec::new();
        for lifecycle in ["create", "put", "read", "update", "delete", "list"] {
            if let Some(reference) = body.get(lifecycle) {
                operations.push(self.target(reference, &format!("`{lifecycle}`"))?);
            }
        }
        operations.extend(self.targets(body, "operations")?);
        operations.extend(self.targets(body, "collectionOperations")?);
        Ok(Resource {
            operations,
            resources: self.targets(body, "resources")?,
        })
    }
}

fn apply_traits(parsed: &mut BTreeMap<ShapeId, Parsed>, apply: Apply) -> Result<(), Error> {
    let location = match &apply.member {
        Some(member) => Location::member(&apply.file, &apply.shape, member),
        None => Location::shape(&apply.file, &apply.shape),
    };
    let missing = || Error::new(location.clone(), ErrorKind::ApplyTargetMissing);
    let shape = &mut parsed.get_mut(&apply.shape).ok_or_else(missing)?.shape;
    let traits = match &apply.member {
        None => &mut shape.traits,
        Some(name) => {
            &mut shape
                .kind
                .members_mut()
                .into_iter()
                .find(|m| &m.name == name)
                .ok_or_else(missing)?
                .traits
        }
    };
    for (id, value) in apply.traits.iter() {
        traits.insert(id.clone(), value.clone());
    }
    Ok(())
}

/// Copies mixin members and traits into the shapes that use them, mixins of
/// mixins first. Mixin shapes stay in the model but are never generated.
fn resolve_mixins(mut parsed: BTreeMap<ShapeId, Parsed>) -> Result<Model, Error> {
    let mut resolved: BTreeMap<ShapeId, Shape> = BTreeMap::new();
    let ids: Vec<ShapeId> = parsed.keys().cloned().collect();
    for id in ids {
        // An explicit stack keeps deep mixin chains from overflowing ours.
        let mut stack = vec![id];
        let mut in_progress: BTreeSet<ShapeId> = BTreeSet::new();
        while let Some(current) = stack.last().cloned() {
            if resolved.contains_key(&current) {
                stack.pop();
                continue;
            }
            let entry = &parsed[&current];
            if let Some(missing) = entry
                .mixins
                .iter()
                .find(|m| !resolved.contains_key(*m) && !parsed.contains_key(*m))
            {
                return Err(Error::new(
                    Location::shape(&entry.shape.file, &current),
                    ErrorKind::MissingTarget(missing.to_string()),
                ));
            }
            let pending: Vec<ShapeId> = entry
                .mixins
                .iter()
                .filter(|m| !resolved.contains_key(*m))
                .cloned()
                .collect();
            if pending.is_empty() {
                let entry = parsed.remove(&current).expect("present: looked up above");
                let shape = mix(entry, &resolved);
                resolved.insert(current.clone(), shape);
                in_progress.remove(&current);
                stack.pop();
            } else {
                if !in_progress.insert(current.clone()) {
                    return Err(Error::new(
                        Location::shape(&entry.shape.file, &current),
                        ErrorKind::MixinCycle,
                    ));
                }
                for mixin in pending {
                    if in_progress.contains(&mixin) {
                        return Err(Error::new(
                            Location::shape(&entry.shape.file, &current),
                            ErrorKind::MixinCycle,
                        ));
                    }
                    stack.push(mixin);
                }
            }
        }
    }
    Ok(Model { shapes: resolved })
}

fn mix(entry: Parsed, resolved: &BTreeMap<ShapeId, Shape>) -> Shape {
    let mut shape = entry.shape;
    if entry.mixins.is_empty() {
        return shape;
    }
    let mut inherited_members: Vec<Member> = Vec::new();
    for mixin in &entry.mixins {
        let mixin = &resolved[mixin];
        let mut traits = mixin.traits.clone();
        traits.remove(super::traits::ids::MIXIN);
        shape.traits.inherit(&traits);
        for member in mixin.kind.members() {
            if !inherited_members.iter().any(|m| m.name == member.name) {
                inherited_members.push(member.clone());
            }
        }
    }
    let own = match &mut shape.kind {
        ShapeKind::Structure(m)
        | ShapeKind::Union(m)
        | ShapeKind::Enum(m)
        | ShapeKind::IntEnum(m) => m,
        _ => return shape,
    };
    // A shape may restate a mixin member to add traits; the traits merge.
    for member in &mut inherited_members {
        if let Some(position) = own.iter().position(|m| m.name == member.name) {
            let local = own.remove(position);
            let mut traits = local.traits;
            traits.inherit(&member.traits);
            member.traits = traits;
        }
    }
    inherited_members.append(own);
    *own = inherited_members;
    shape
}
