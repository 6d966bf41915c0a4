//! A list of changes, and what it means for the generated crate's version.

use std::fmt::Write as _;

use serde::Serialize;

use super::rules::Rule;

/// How a change affects code built against the older crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A caller's code may stop compiling, or a request or response
    /// changes meaning.
    Breaking,
    /// Code still compiles, but behaviour changes.
    Risky,
    /// Neither.
    Compatible,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Breaking => "breaking",
            Self::Risky => "risky",
            Self::Compatible => "compatible",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub severity: Severity,
    #[serde(serialize_with = "rule_id")]
    pub rule: Rule,
    /// The shape id of the service, operation or type that changed.
    pub shape: String,
    /// The member, when the change is to one.
    pub member: Option<String>,
    /// What the change means for the generated Rust, in one line.
    pub message: String,
}

fn rule_id<S: serde::Serializer>(rule: &Rule, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(rule.id())
}

/// The release a set of changes calls for, under semver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    /// Breaking changes call for a major release; new API or changed
    /// behaviour for a minor one; anything else for a patch.
    pub fn of(changes: &[Change]) -> Bump {
        changes
            .iter()
            .map(|change| match change.severity {
                Severity::Breaking => Bump::Major,
                Severity::Risky => Bump::Minor,
                Severity::Compatible if change.rule.adds_api() => Bump::Minor,
                Severity::Compatible => Bump::Patch,
            })
            .max()
            .unwrap_or(Bump::None)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Bump::None => "no release needed",
            Bump::Patch => "a patch release",
            Bump::Minor => "a minor release",
            Bump::Major => "a major release (a minor one while the crate is 0.x)",
        }
    }
}

/// Orders changes for reading: breaking first, then by shape and member.
pub fn sort(changes: &mut [Change]) {
    changes.sort_by(|a, b| {
        (a.severity, &a.shape, &a.member, a.rule, &a.message)
            .cmp(&(b.severity, &b.shape, &b.member, b.rule, &b.message))
    });
}

/// `3 breaking, 0 risky, 12 compatible`.
pub fn counts(changes: &[Change]) -> String {
    let count = |severity| changes.iter().filter(|c| c.severity == severity).count();
    format!(
        "{} breaking, {} risky, {} compatible",
        count(Severity::Breaking),
        count(Severity::Risky),
        count(Severity::Compatible)
    )
}

/// Every change, two lines each, and the verdict.
pub fn text(changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        let place = match &change.member {
            Some(member) => format!("{}${member}", change.shape),
            None => change.shape.clone(),
        };
        let _ = writeln!(
            out,
            "{:<10} {place} [{}]\n           {}",
            change.severity.as_str(),
            change.rule.id(),
            change.message
        );
    }
    let _ = writeln!(out, "{}: {}", counts(changes), Bump::of(changes).describe());
    out
}

/// `{"changes": [...]}`.
pub fn json(changes: &[Change]) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        changes: &'a [Change],
    }
    let mut text = serde_json::to_string_pretty(&Report { changes }).unwrap_or_default();
    text.push('\n');
    text
}

/// The short form `generate` prints: counts, the breaking changes, and the
/// verdict, in a screenful.
pub fn summary(changes: &[Change], limit: usize) -> String {
    let mut out = format!(
        "API changes since the last generation: {}\n",
        counts(changes)
    );
    let breaking: Vec<&Change> = changes
        .iter()
        .filter(|c| c.severity == Severity::Breaking)
        .collect();
    for change in breaking.iter().take(limit) {
        let _ = writeln!(out, "  breaking: {}", change.message);
    }
    if breaking.len() > limit {
        let _ = writeln!(
            out,
            "  ... and {} more breaking (cargo xtask diff lists them all)",
            breaking.len() - limit
        );
    }
    let _ = writeln!(out, "this calls for {}", Bump::of(changes).describe());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(severity: Severity, rule: Rule) -> Change {
        Change {
            severity,
            rule,
            shape: "a#B".into(),
            member: None,
            message: String::new(),
        }
    }

    #[test]
    fn the_bump_follows_the_worst_change() {
        assert_eq!(Bump::of(&[]), Bump::None);
        let patch = change(Severity::Compatible, Rule::LengthLoosened);
        let minor = change(Severity::Compatible, Rule::FieldAdded);
        let risky = change(Severity::Risky, Rule::LengthTightened);
        let major = change(Severity::Breaking, Rule::FieldRemoved);
        assert_eq!(Bump::of(std::slice::from_ref(&patch)), Bump::Patch);
        assert_eq!(Bump::of(&[patch.clone(), minor]), Bump::Minor);
        assert_eq!(Bump::of(&[patch.clone(), risky]), Bump::Minor);
        assert_eq!(Bump::of(&[patch, major]), Bump::Major);
    }

    #[test]
    fn the_json_form_has_the_documented_keys() {
        let text = json(&[change(Severity::Risky, Rule::PatternTightened)]);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let entry = &value["changes"][0];
        assert_eq!(entry["severity"], "risky");
        assert_eq!(entry["rule"], "pattern-tightened");
        assert_eq!(entry["shape"], "a#B");
        assert!(entry["member"].is_null());
        assert_eq!(entry["message"], "");
    }
}
