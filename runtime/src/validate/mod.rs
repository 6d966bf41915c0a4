//! Constraint checks: `Validate`, which every generated type implements,
//! and what its checks report (feature `validate`).

mod pattern;

pub use pattern::{Matcher, Pattern};

use std::collections::BTreeMap;
use std::fmt;

use crate::path::{path_text, Step};

/// Where a value sits in the structure being validated: a chain of steps
/// kept on the stack, rendered to text only when a violation is reported.
#[derive(Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    /// `None` for the value being validated itself.
    step: Option<Step<'a>>,
}

impl<'a> Path<'a> {
    /// The value being validated itself.
    pub const ROOT: Path<'static> = Path {
        parent: None,
        step: None,
    };

    /// A member of this structure or union.
    #[inline]
    pub fn member(&'a self, name: &'static str) -> Path<'a> {
        Path {
            parent: Some(self),
            step: Some(Step::Member(name)),
        }
    }

    /// An item of this list.
    #[inline]
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            step: Some(Step::Index(index)),
        }
    }

    /// An entry of this map.
    #[inline]
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            step: Some(Step::Key(key)),
        }
    }

    fn render(&self) -> String {
        let mut steps = Vec::new();
        let mut current = Some(self);
        while let Some(path) = current {
            steps.extend(path.step);
            current = path.parent;
        }
        path_text(steps.into_iter().rev())
    }
}

/// The constraint a value broke, with the bounds the model gives.
#[derive(Clone, PartialEq, Debug)]
#[non_exhaustive]
pub enum Constraint {
    /// `@required`: the member is absent.
    Required,
    /// `@length`: characters of a string, bytes of a blob, entries of a list or map.
    Length {
        /// The least length allowed.
        min: Option<u64>,
        /// The greatest length allowed.
        max: Option<u64>,
        /// The value's length.
        actual: u64,
    },
    /// `@range`, with the model's bounds as written.
    Range {
        /// The least value allowed.
        min: Option<&'static str>,
        /// The greatest value allowed.
        max: Option<&'static str>,
    },
    /// `@pattern` (ECMA 262, not anchored unless the pattern says so).
    Pattern {
        /// The pattern as the model writes it.
        pattern: &'static str,
    },
    /// A string enum value the model does not list.
    Enum {
        /// The values the model lists.
        allowed: &'static [&'static str],
    },
    /// An intEnum value the model does not list.
    IntEnum {
        /// The values the model lists.
        allowed: &'static [i32],
    },
    /// A union holding a member the model does not list.
    UnknownUnionMember,
    /// `@uniqueItems`: this item equals an earlier one.
    UniqueItems {
        /// The index of the earlier, equal item.
        first: usize,
    },
    /// An `@httpLabel` member is empty, which would leave `//` in the URI.
    EmptyLabel,
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bound = |b: Option<&dyn fmt::Display>| b.map_or(String::new(), |b| b.to_string());
        match self {
            Self::Required => f.write_str("is required"),
            Self::Length { min, max, actual } => write!(
                f,
                "has length {actual}, outside {}..={}",
                bound(min.as_ref().map(|m| m as &dyn fmt::Display)),
                bound(max.as_ref().map(|m| m as &dyn fmt::Display))
            ),
            Self::Range { min, max } => write!(
                f,
                "is outside the range {}..={}",
                bound(min.as_ref().map(|m| m as &dyn fmt::Display)),
                bound(max.as_ref().map(|m| m as &dyn fmt::Display))
            ),
            Self::Pattern { pattern } => write!(f, "does not match the pattern {pattern:?}"),
            Self::Enum { allowed } => write!(f, "is not one of {allowed:?}"),
            Self::IntEnum { allowed } => write!(f, "is not one of {allowed:?}"),
            Self::UnknownUnionMember => f.write_str("holds a union member the model does not list"),
            Self::UniqueItems { first } => write!(f, "repeats the item at index {first}"),
            Self::EmptyLabel => f.write_str("is empty, but it is part of the request URI"),
        }
    }
}

/// One broken constraint: where, which, and the offending value (shown as
/// `***` for `@sensitive` members).
#[derive(Clone, PartialEq, Debug)]
pub struct Violation {
    path: String,
    constraint: Constraint,
    value: Option<String>,
}

impl Violation {
    /// The path of the value, such as `TelephonyConfig.Distributions[1].Percentage`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The constraint that failed.
    pub fn constraint(&self) -> &Constraint {
        &self.constraint
    }

    /// The offending value as text, when there is one to show.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(value)"
        } else {
            &self.path
        };
        match &self.value {
            Some(value) => write!(f, "{path} = {value} {}", self.constraint),
            None => write!(f, "{path} {}", self.constraint),
        }
    }
}

/// Every constraint a value breaks.
#[derive(Clone, PartialEq, Debug)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// The violations, in the order of the value's members.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} constraint violation", self.violations.len())?;
        if self.violations.len() > 1 {
            f.write_str("s")?;
        }
        for violation in &self.violations {
            write!(f, "\n  {violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Collects violations while a value is checked.
#[derive(Default)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// Records a violation; `value` is only called when there is one.
    pub fn push(&mut self, path: &Path<'_>, constraint: Constraint, value: Option<String>) {
        self.0.push(Violation {
            path: path.render(),
            constraint,
            value,
        });
    }
}

/// Checks a value against the constraints its model declares.
///
/// Validation is opt-in: services relax constraints over time, so a client
/// that rejects requests by default can break when nothing is wrong.
pub trait Validate {
    /// Checks the value found at `path`, adding what it breaks to `violations`.
    fn validate_at(&self, path: &Path<'_>, violations: &mut Violations);

    /// Checks the value and everything in it, reporting every violation.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut violations = Violations::default();
        self.validate_at(&Path::ROOT, &mut violations);
        if violations.0.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: violations.0,
            })
        }
    }
}

/// Each item at its index: a list whose items have checks of their own
/// and none from the list, which generated code then checks in one call.
impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &Path<'_>, violations: &mut Violations) {
        for (index, item) in self.iter().enumerate() {
            item.validate_at(&path.index(index), violations);
        }
    }
}

/// Each value at its key, as for lists.
impl<V: Validate> Validate for BTreeMap<String, V> {
    fn validate_at(&self, path: &Path<'_>, violations: &mut Violations) {
        for (key, value) in self {
            value.validate_at(&path.key(key), violations);
        }
    }
}

/// The value when there is one: an optional member whose only checks are
/// its type's own, which generated code then checks in one call.
impl<T: Validate> Validate for Option<T> {
    #[inline]
    fn validate_at(&self, path: &Path<'_>, violations: &mut Violations) {
        if let Some(value) = self {
            value.validate_at(path, violations);
        }
    }
}

/// The value inside: a member boxed to break a cycle of structures.
impl<T: Validate + ?Sized> Validate for Box<T> {
    #[inline]
    fn validate_at(&self, path: &Path<'_>, violations: &mut Violations) {
        (**self).validate_at(path, violations);
    }
}

/// A required member held as an `Option` (an operation input's, which
/// services may relax): its type's own checks when set, a `Required`
/// violation when not.
#[inline]
pub fn check_required<T: Validate>(
    path: &Path<'_>,
    value: &Option<T>,
    violations: &mut Violations,
) {
    match value {
        Some(value) => value.validate_at(path, violations),
        None => violations.push(path, Constraint::Required, None),
    }
}

/// Each value at its key, and the key's `@length` in characters: the
/// common map of structures whose keys are bounded (DynamoDB's items).
pub fn check_entries<V: Validate>(
    path: &Path<'_>,
    map: &BTreeMap<String, V>,
    min: Option<u64>,
    max: Option<u64>,
    violations: &mut Violations,
) {
    for (key, value) in map {
        let path = path.key(key);
        check_length(&path, key.chars().count(), min, max, violations);
        value.validate_at(&path, violations);
    }
}

/// Shows a value in a violation, or `***` when it is sensitive.
pub fn shown(sensitive: bool, value: &dyn fmt::Debug) -> Option<String> {
    Some(if sensitive {
        "***".to_owned()
    } else {
        format!("{value:?}")
    })
}

/// `@length`.
#[inline]
pub fn check_length(
    path: &Path<'_>,
    actual: usize,
    min: Option<u64>,
    max: Option<u64>,
    violations: &mut Violations,
) {
    let actual = actual as u64;
    if min.is_some_and(|min| actual < min) || max.is_some_and(|max| actual > max) {
        violations.push(path, Constraint::Length { min, max, actual }, None);
    }
}

/// `@uniqueItems`: reports each item equal to an earlier one.
pub fn check_unique<T: PartialEq>(path: &Path<'_>, items: &[T], violations: &mut Violations) {
    for (index, item) in items.iter().enumerate() {
        if let Some(first) = items[..index].iter().position(|earlier| earlier == item) {
            violations.push(&path.index(index), Constraint::UniqueItems { first }, None);
        }
    }
}

/// `@range` for values compared as `f64` (floats, and integers against
/// fractional bounds). NaN is outside every range.
#[inline]
pub fn check_range_f64(
    path: &Path<'_>,
    value: f64,
    min: Option<(f64, &'static str)>,
    max: Option<(f64, &'static str)>,
    sensitive: bool,
    violations: &mut Violations,
) {
    let below = min.is_some_and(|(min, _)| value.is_nan() || value < min);
    let above = max.is_some_and(|(max, _)| value.is_nan() || value > max);

    if below || above {
        let constraint = Constraint::Range {
            min: min.map(|m| m.1),
            max: max.map(|m| m.1),
        };
        violations.push(path, constraint, shown(sensitive, &value));
    }
}

/// `@range` for integers against integer bounds.
#[inline]
pub fn check_range_i64(
    path: &Path<'_>,
    value: i64,
    min: Option<(i64, &'static str)>,
    max: Option<(i64, &'static str)>,
    sensitive: bool,
    violations: &mut Violations,
) {
    let below = min.is_some_and(|(min, _)| value < min);
    let above = max.is_some_and(|(max, _)| value > max);
    if below || above {
        let constraint = Constraint::Range {
            min: min.map(|m| m.1),
            max: max.map(|m| m.1),
        };
        violations.push(path, constraint, shown(sensitive, &value));
    }
}

/// `@range` for big numbers, compared exactly.
pub fn check_range_big<T: PartialOrd + std::str::FromStr + fmt::Debug>(
    path: &Path<'_>,
    value: &T,
    min: Option<&'static str>,
    max: Option<&'static str>,
    sensitive: bool,
    violations: &mut Violations,
) {
    let outside = |bound: Option<&'static str>, ordering: std::cmp::Ordering| {
        bound
            .and_then(|b| b.parse::<T>().ok())
            .is_some_and(|b| value.partial_cmp(&b) == Some(ordering))
    };
    if outside(min, std::cmp::Ordering::Less) || outside(max, std::cmp::Ordering::Greater) {
        violations.push(
            path,
            Constraint::Range { min, max },
            shown(sensitive, value),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value that always breaks one constraint, to see where it is put.
    struct Broken;

    impl Validate for Broken {
        fn validate_at(&self, path: &Path<'_>, violations: &mut Violations) {
            violations.push(path, Constraint::Required, None);
        }
    }

    fn paths(value: &impl Validate) -> Vec<String> {
        let error = value.validate().unwrap_err();
        error
            .violations()
            .iter()
            .map(|v| v.path().to_owned())
            .collect()
    }

    #[test]
    fn collections_check_each_item_at_its_place() {
        assert_eq!(paths(&vec![Broken, Broken]), ["[0]", "[1]"]);
        let map = BTreeMap::from([("a".to_owned(), Broken), ("b".to_owned(), Broken)]);
        assert_eq!(paths(&map), ["[\"a\"]", "[\"b\"]"]);
        assert!(Vec::<Broken>::new().validate().is_ok());
    }

    #[test]
    fn bounded_keys_are_counted_in_characters_before_their_values() {
        let map = BTreeMap::from([("é".to_owned(), Broken), ("abc".to_owned(), Broken)]);
        let mut violations = Violations::default();
        check_entries(&Path::ROOT, &map, Some(1), Some(2), &mut violations);
        let found: Vec<(String, Constraint)> = violations
            .0
            .into_iter()
            .map(|v| (v.path, v.constraint))
            .collect();
        let too_long = Constraint::Length {
            min: Some(1),
            max: Some(2),
            actual: 3,
        };
        assert_eq!(
            found,
            [
                ("[\"abc\"]".to_owned(), too_long),
                ("[\"abc\"]".to_owned(), Constraint::Required),
                ("[\"é\"]".to_owned(), Constraint::Required),
            ]
        );
    }

    #[test]
    fn an_optional_value_is_checked_only_when_set_and_a_required_one_must_be() {
        assert!(None::<Broken>.validate().is_ok());
        assert_eq!(paths(&Some(Broken)), [""]);
        assert_eq!(paths(&Box::new(Broken)), [""]);
        let member = Path::ROOT;
        let member = member.member("Table");
        let mut violations = Violations::default();
        check_required(&member, &None::<Vec<Broken>>, &mut violations);
        check_required(&member, &Some(Vec::<Broken>::new()), &mut violations);
        check_required(&member, &Some(vec![Broken]), &mut violations);
        let found: Vec<(String, Constraint)> = violations
            .0
            .into_iter()
            .map(|v| (v.path, v.constraint))
            .collect();
        assert_eq!(
            found,
            [
                ("Table".to_owned(), Constraint::Required),
                ("Table[0]".to_owned(), Constraint::Required),
            ]
        );
    }
}
