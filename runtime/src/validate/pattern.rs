//! `@pattern`s, compiled once per process, on the engine that can run them.

use super::{shown, Constraint, Path, Violations};

/// A compiled `@pattern`.
#[derive(Debug)]
pub enum Matcher {
    /// The pattern translated by the generator into the `regex` crate's
    /// syntax, with the same meaning. It matches without allocating.
    Translated(regex::Regex),
    /// The pattern as written, run by an ECMA 262 engine; used for what the
    /// `regex` crate cannot express (lookaround, backreferences).
    #[cfg(feature = "ecma-patterns")]
    Ecma(regress::Regex),
}

impl Matcher {
    /// Compiles a pattern the generator translated.
    pub fn translated(translated: &str) -> Option<Self> {
        regex::Regex::new(translated).ok().map(Self::Translated)
    }

    /// Compiles `source` as the generator did when it checked the model.
    #[cfg(feature = "ecma-patterns")]
    pub fn ecma(source: &str, unicode: bool) -> Option<Self> {
        let flags = if unicode { "u" } else { "" };
        regress::Regex::with_flags(source, flags)
            .ok()
            .map(Self::Ecma)
    }

    /// Whether `value` contains a match.
    #[inline]
    pub fn is_match(&self, value: &str) -> bool {
        match self {
            Self::Translated(regex) => regex.is_match(value),
            #[cfg(feature = "ecma-patterns")]
            Self::Ecma(regex) => regex.find(value).is_some(),
        }
    }
}

/// A pattern compiled on first use, once per process.
pub struct Pattern {
    source: &'static str,
    compiled: std::sync::LazyLock<Option<Matcher>>,
}

impl Pattern {
    /// A pattern and the function that compiles it.
    pub const fn new(source: &'static str, compile: fn() -> Option<Matcher>) -> Self {
        Self {
            source,
            compiled: std::sync::LazyLock::new(compile),
        }
    }

    /// `@pattern`: the value must contain a match; the pattern is not anchored
    /// unless it says so.
    #[inline]
    pub fn check(
        &self,
        path: &Path<'_>,
        value: &str,
        sensitive: bool,
        violations: &mut Violations,
    ) {
        let matched = self
            .compiled
            .as_ref()
            .is_some_and(|matcher| matcher.is_match(value));
        if !matched {
            violations.push(
                path,
                Constraint::Pattern {
                    pattern: self.source,
                },
                shown(sensitive, &value),
            );
        }
    }
}
