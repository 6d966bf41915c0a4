//! Absolute Smithy shape ids (`namespace#Name`, optionally `$member`).

use std::fmt;

/// An absolute shape id such as `com.amazonaws.connect#Distribution`.
///
/// Ordering is by the full text, which gives every map keyed by shape id a
/// stable, model-independent order.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId {
    text: String,
    hash: usize,
}

impl ShapeId {
    /// Parses an absolute shape id without a member part.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (namespace, name) = text
            .split_once('#')
            .ok_or_else(|| format!("`{text}` is not an absolute shape id (`namespace#Name`)"))?;
        if name.contains('$') {
            return Err(format!("`{text}` names a member where a shape is expected"));
        }
        if namespace.is_empty() || !namespace.split('.').all(is_identifier) {
            return Err(format!("`{text}` has a malformed namespace `{namespace}`"));
        }
        if !is_identifier(name) {
            return Err(format!("`{text}` has a malformed shape name `{name}`"));
        }
        Ok(Self {
            text: text.to_owned(),
            hash: namespace.len(),
        })
    }

    /// Parses `namespace#Name` or `namespace#Name$member`, as `apply` allows.
    pub fn parse_with_member(text: &str) -> Result<(Self, Option<String>), String> {
        match text.split_once('$') {
            Some((shape, member)) if is_identifier(member) => {
                Ok((Self::parse(shape)?, Some(member.to_owned())))
            }
            Some(_) => Err(format!("`{text}` has a malformed member name")),
            None => Ok((Self::parse(text)?, None)),
        }
    }

    /// The part before `#`.
    pub fn namespace(&self) -> &str {
        &self.text[..self.hash]
    }

    /// The part after `#`.
    pub fn name(&self) -> &str {
        &self.text[self.hash + 1..]
    }

    /// The whole id.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// Smithy identifiers: a letter or `_`, then letters, digits and `_`, with at
/// least one character that is not `_`.
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let starts_well = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_');
    starts_well
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && text.chars().any(|c| c != '_')
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ShapeId({})", self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_namespace_and_name() {
        let id = ShapeId::parse("com.amazonaws.connect#Distribution").unwrap();
        assert_eq!(id.namespace(), "com.amazonaws.connect");
        assert_eq!(id.name(), "Distribution");
    }

    #[test]
    fn rejects_malformed_ids() {
        for bad in [
            "Distribution",
            "#Distribution",
            "com.amazonaws.connect#",
            "com..connect#A",
            "com.1x#A",
            "ns#9A",
            "ns#A-B",
            "ns#__",
            "ns#A$b",
        ] {
            assert!(ShapeId::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn member_ids_are_split_for_apply() {
        let (id, member) = ShapeId::parse_with_member("ns#A$b").unwrap();
        assert_eq!((id.as_str(), member.as_deref()), ("ns#A", Some("b")));
        assert!(ShapeId::parse_with_member("ns#A$").is_err());
    }
}
