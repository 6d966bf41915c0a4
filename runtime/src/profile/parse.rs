//! The lines of one shared config or credentials file, as the AWS SDKs
//! read them: `[section]` headers, `key = value` properties (keys in lower
//! case), values continued on indented lines, and sub-properties under a
//! property with no value of its own. One pass, line by line; an error
//! names the file and the line.

use std::fmt;

/// A section as written, before it is known to be a profile: its header
/// (the text between the brackets, trimmed) and its properties in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawSection {
    pub(crate) header: String,
    pub(crate) properties: Vec<(String, String)>,
}

/// Reads `text`, the file `source` names in errors.
pub(crate) fn sections(text: &str, source: &str) -> Result<Vec<RawSection>, ProfileFileError> {
    let mut sections: Vec<RawSection> = Vec::new();
    // The property that continuation lines extend: its index in the last
    // section (`None` for a property ignored for its name), and whether
    // it opened with no value, which makes its indented lines
    // sub-properties.
    let mut open: Option<(Option<usize>, bool)> = None;
    for (index, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let error = |kind| ProfileFileError {
            source: source.to_owned(),
            line: index + 1,
            kind,
        };
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if indented && sections.is_empty() {
            return Err(error(ErrorKind::OutsideSection));
        }
        if indented {
            let Some((property, sub_properties)) = open else {
                return Err(error(ErrorKind::ContinuationWithoutProperty));
            };
            if sub_properties {
                let Some((name, _)) = trimmed.split_once('=') else {
                    return Err(error(ErrorKind::SubPropertyWithoutEquals));
                };
                if name.trim().is_empty() {
                    return Err(error(ErrorKind::SubPropertyWithoutName));
                }
            }
            // Comment characters in a continued value are its text.
            if let (Some(property), Some(section)) = (property, sections.last_mut()) {
                let value = &mut section.properties[property].1;
                value.push('\n');
                value.push_str(trimmed);
            }
            continue;
        }
        if trimmed.starts_with(['#', ';']) {
            continue;
        }
        if trimmed.starts_with('[') {
            let header = trimmed
                .split(['#', ';'])
                .next()
                .unwrap_or_default()
                .trim_end();
            let Some(inside) = header
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
            else {
                return Err(error(ErrorKind::UnclosedHeader));
            };
            sections.push(RawSection {
                header: inside.trim().to_owned(),
                properties: Vec::new(),
            });
            open = None;
            continue;
        }
        let Some(section) = sections.last_mut() else {
            return Err(error(ErrorKind::OutsideSection));
        };
        let Some((name, value)) = trimmed.split_once('=') else {
            return Err(error(ErrorKind::PropertyWithoutEquals));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(error(ErrorKind::PropertyWithoutName));
        }
        let value = without_comment(value).trim();
        let property = is_identifier(name).then(|| {
            section
                .properties
                .push((name.to_ascii_lowercase(), value.to_owned()));
            section.properties.len() - 1
        });
        open = Some((property, value.is_empty()));
    }
    Ok(sections)
}

/// A value without its comment: one starts at `#` or `;` after white
/// space (`val#ue` is a value).
fn without_comment(value: &str) -> &str {
    let mut previous_blank = false;
    for (at, c) in value.char_indices() {
        if previous_blank && (c == '#' || c == ';') {
            return &value[..at];
        }
        previous_blank = c.is_whitespace();
    }
    value
}

/// Names of profiles, sessions and properties: letters, digits and
/// `-/._%@:+`; others are ignored with what they name.
pub(crate) fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-/._%@:+".contains(c))
}

/// A shared config or credentials file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileFileError {
    source: String,
    line: usize,
    kind: ErrorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ErrorKind {
    OutsideSection,
    UnclosedHeader,
    PropertyWithoutEquals,
    PropertyWithoutName,
    ContinuationWithoutProperty,
    SubPropertyWithoutEquals,
    SubPropertyWithoutName,
}

impl ProfileFileError {
    /// The file, as it was named.
    pub fn file(&self) -> &str {
        &self.source
    }

    /// The line, from 1.
    pub fn line(&self) -> usize {
        self.line
    }
}

impl fmt::Display for ProfileFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ErrorKind::OutsideSection => {
                "a property or continued value comes before any `[section]` header"
            }
            ErrorKind::UnclosedHeader => {
                "a section header must end with `]` (a comment may follow it)"
            }
            ErrorKind::PropertyWithoutEquals => "a property has no `=` between its name and value",
            ErrorKind::PropertyWithoutName => "a property has no name before its `=`",
            ErrorKind::ContinuationWithoutProperty => {
                "an indented line continues no property (the section has none open)"
            }
            ErrorKind::SubPropertyWithoutEquals => {
                "a sub-property has no `=` between its name and value"
            }
            ErrorKind::SubPropertyWithoutName => "a sub-property has no name before its `=`",
        };
        write!(f, "{}, line {}: {what}", self.source, self.line)
    }
}

impl std::error::Error for ProfileFileError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Vec<(String, String)> {
        let sections = sections(text, "config").unwrap();
        sections.into_iter().flat_map(|s| s.properties).collect()
    }

    #[test]
    fn values_keep_what_only_looks_like_a_comment() {
        assert_eq!(one("[a]\nk = val#ue ; note")[0].1, "val#ue");
        assert_eq!(one("[a]\nk = v\n  more ; kept")[0].1, "v\nmore ; kept");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let error = sections("[a]\nok = 1\n\nbroken", "/home/me/.aws/config").unwrap_err();
        assert_eq!(error.line(), 4);
        assert_eq!(
            error.to_string(),
            "/home/me/.aws/config, line 4: a property has no `=` between its name and value"
        );
    }

    #[test]
    fn a_long_file_is_read_in_one_pass() {
        let text = "[profile p]\nk = v\n".repeat(50_000);
        assert_eq!(one(&text).len(), 50_000);
    }
}
