//! The constraint traits that apply to each value, and the registry of the
//! `@pattern`s the validators use: each compiled as the generated code
//! will compile it, translated from Java's dialect where that gives an
//! exact form, or reported by the pattern policy.

use std::cell::RefCell;
use std::collections::BTreeSet;

use super::{trait_ids, PatternPolicy};
use crate::error::{Error, ErrorKind, Location};
use crate::ir::{Checks, HttpBinding, PatternDef, PatternId};
use crate::model::{Bounds, Member, Model, Shape, ShapeKind, SimpleType};
use crate::naming::items as names;
use crate::{pattern, pattern_dialect};

/// The patterns of one service, in order of first use; types are lowered
/// in a fixed order, so their ids and names are stable.
#[derive(Default)]
pub(super) struct Patterns {
    policy: PatternPolicy,
    defs: RefCell<Vec<PatternDef>>,
    /// Invalid patterns already reported, so each is reported once.
    skipped: RefCell<BTreeSet<String>>,
    warnings: RefCell<Vec<String>>,
}

impl Patterns {
    pub(super) fn new(policy: PatternPolicy) -> Self {
        Self {
            policy,
            ..Self::default()
        }
    }

    /// The registered patterns and the warnings about those left unchecked.
    pub(super) fn finish(self) -> (Vec<PatternDef>, Vec<String>) {
        (self.defs.into_inner(), self.warnings.into_inner())
    }

    /// Registers a pattern, compiling it as the generated code will: with
    /// ECMA 262's `u` flag, or failing that without. A pattern that is not
    /// ECMA 262 is translated from Java's dialect where that gives an exact
    /// form (see [`crate::pattern_dialect`]).
    fn register(&self, location: Location, source: &str) -> Result<Option<PatternId>, Error> {
        let mut defs = self.defs.borrow_mut();
        if let Some(known) = defs.iter().position(|p| p.source == source) {
            return Ok(Some(PatternId(known)));
        }
        if self.skipped.borrow().contains(source) {
            return Ok(None);
        }
        let (ecma, unicode) = match ecma_flags(source) {
            Ok(unicode) => (source.to_owned(), unicode),
            Err(e) => {
                let translation = pattern_dialect::java_to_ecma(source)
                    .and_then(|ecma| ecma_flags(&ecma).ok().map(|unicode| (ecma, unicode)));
                match translation {
                    Some(found) => found,
                    None => return self.refuse(location, source, &e),
                }
            }
        };
        let translated = pattern::fast_path(&ecma, unicode);
        let id = PatternId(defs.len());
        defs.push(PatternDef {
            name: names::pattern_static(id.0),
            source: source.to_owned(),
            ecma,
            unicode,
            translated,
        });
        Ok(Some(id))
    }

    /// A pattern that does not compile: an error, or a warning and no
    /// check, as the policy says.
    fn refuse(
        &self,
        location: Location,
        source: &str,
        reason: &str,
    ) -> Result<Option<PatternId>, Error> {
        let message = format!(
            "pattern {source:?} is not valid ECMA 262 ({reason}), nor Java syntax with an exact ECMA 262 form"
        );
        match self.policy {
            PatternPolicy::Strict => Err(Error::new(
                location,
                ErrorKind::InvalidTrait {
                    trait_id: trait_ids::PATTERN.into(),
                    message,
                },
            )),
            PatternPolicy::Warn => {
                self.skipped.borrow_mut().insert(source.to_owned());
                self.warnings
                    .borrow_mut()
                    .push(format!("{location}: {message}; left unchecked"));
                Ok(None)
            }
        }
    }
}

/// Whether `source` compiles as ECMA 262 with the `u` flag (`true`) or only
/// without it (`false`), or why it does not compile.
fn ecma_flags(source: &str) -> Result<bool, String> {
    match regress::Regex::with_flags(source, "u") {
        Ok(_) => Ok(true),
        Err(_) => regress::Regex::new(source)
            .map(|_| false)
            .map_err(|e| e.to_string()),
    }
}

/// The constraints on a member's value, where the protocol binds it (a
/// label must not be empty). Called after the member's type is lowered,
/// which bounds how deeply collections nest.
pub(super) fn member_checks(
    model: &Model,
    patterns: &Patterns,
    shape: &Shape,
    member: &Member,
    binding: &HttpBinding,
) -> Result<Checks, Error> {
    let mut checks = value_checks(model, patterns, shape, member)?;
    checks.non_empty = *binding == HttpBinding::Label;
    Ok(checks)
}

/// Constraint traits on the member or, where the member has none of its
/// own, on its target; then those of list items and map entries.
fn value_checks(
    model: &Model,
    patterns: &Patterns,
    owner: &Shape,
    member: &Member,
) -> Result<Checks, Error> {
    let target = &model.shapes[&member.target];
    // A member's own constraint overrides its target's.
    let member_location = || Location::member(&owner.file, &owner.id, &member.name);
    let target_location = || Location::shape(&target.file, &target.id);
    let mut checks = Checks {
        unique: target.known.unique_items,
        ..Checks::default()
    };
    let measurable = matches!(
        target.kind,
        ShapeKind::Simple(SimpleType::String | SimpleType::Blob)
            | ShapeKind::Enum(_)
            | ShapeKind::List(_)
            | ShapeKind::Map { .. }
    );
    if measurable {
        checks.length = member
            .known
            .length
            .as_ref()
            .or(target.known.length.as_ref())
            .map(|Bounds { min, max }| (*min, *max));
    }
    checks.range = member
        .known
        .range
        .as_ref()
        .or(target.known.range.as_ref())
        .map(|Bounds { min, max }| (min.clone(), max.clone()));
    // Only strings, string enums among them, can match a pattern; a pattern
    // elsewhere would be registered and never checked.
    let stringy = matches!(
        target.kind,
        ShapeKind::Simple(SimpleType::String) | ShapeKind::Enum(_)
    );
    let pattern = match (&member.known.pattern, &target.known.pattern) {
        (Some(source), _) => Some((source, member_location())),
        (None, Some(source)) => Some((source, target_location())),
        (None, None) => None,
    };
    if let Some((source, location)) = pattern.filter(|_| stringy) {
        checks.pattern = patterns.register(location, source)?;
    }
    match &target.kind {
        ShapeKind::List(item) => {
            checks.items = Some(Box::new(value_checks(model, patterns, target, item)?))
        }
        ShapeKind::Map { key, value } => {
            checks.keys = Some(Box::new(value_checks(model, patterns, target, key)?));
            checks.values = Some(Box::new(value_checks(model, patterns, target, value)?));
        }
        _ => {}
    }
    Ok(checks)
}

#[cfg(test)]
mod tests {
    use super::super::{test_service, PatternPolicy};
    use serde_json::json;

    fn with_patterns(
        patterns: [&str; 3],
        policy: PatternPolicy,
    ) -> Result<crate::ir::ServiceIr, crate::error::Error> {
        test_service(
            &["Put"],
            json!({
                "test#Put": {"type": "operation", "input": {"target": "test#Input"}},
                "test#Input": {"type": "structure", "members": {
                    "A": {"target": "smithy.api#String", "traits": {"smithy.api#pattern": patterns[0]}},
                    "B": {"target": "smithy.api#String", "traits": {"smithy.api#pattern": patterns[1]}},
                    "C": {"target": "smithy.api#String", "traits": {"smithy.api#pattern": patterns[2]}}}}
            }),
            policy,
        )
    }

    #[test]
    fn each_pattern_is_registered_once_in_order_of_first_use() {
        let service = with_patterns(["^a+$", "^b$", "^a+$"], PatternPolicy::Strict).unwrap();
        let sources: Vec<&str> = service.patterns.iter().map(|p| p.source.as_str()).collect();
        assert_eq!(sources, ["^a+$", "^b$"]);
        let input = service.struct_def(crate::ir::TypeId(0)).unwrap();
        let ids: Vec<usize> = input
            .fields
            .iter()
            .map(|f| f.checks.pattern.unwrap().0)
            .collect();
        assert_eq!(ids, [0, 1, 0]);
        assert_eq!(service.patterns[1].name, "PATTERN_1");
    }

    #[test]
    fn a_pattern_that_does_not_compile_follows_the_policy() {
        let broken = ["^a+$", "(unclosed", "^c$"];
        let error = with_patterns(broken, PatternPolicy::Strict).unwrap_err();
        assert!(error.to_string().contains("(unclosed"), "{error}");
        let service = with_patterns(broken, PatternPolicy::Warn).unwrap();
        assert_eq!(service.patterns.len(), 2);
        assert_eq!(service.warnings.len(), 1);
        assert!(
            service.warnings[0].contains("shape `test#Input`, member `B`"),
            "{:?}",
            service.warnings
        );
    }
}
