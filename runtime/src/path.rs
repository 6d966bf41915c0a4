//! Paths into a value, as errors and violations name where they are.

/// One step of a path into a value.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Step<'a> {
    /// A member of a structure or union.
    Member(&'a str),
    /// An item of a list.
    Index(usize),
    /// An entry of a map.
    Key(&'a str),
}

/// Writes a path, outermost step first, as messages show it:
/// `Origination.Routes[0].Port`, `Tags["env"]`.
pub(crate) fn path_text<'a>(steps: impl IntoIterator<Item = Step<'a>>) -> String {
    let mut text = String::new();
    for step in steps {
        match step {
            Step::Member(name) if text.is_empty() => text.push_str(name),
            Step::Member(name) => {
                text.push('.');
                text.push_str(name);
            }
            Step::Index(index) => text.push_str(&format!("[{index}]")),
            Step::Key(key) => text.push_str(&format!("[{key:?}]")),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_rust_access() {
        let steps = [
            Step::Member("Tags"),
            Step::Key("env"),
            Step::Member("Values"),
            Step::Index(2),
        ];
        assert_eq!(path_text(steps), r#"Tags["env"].Values[2]"#);
    }
}
