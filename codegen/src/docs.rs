//! Turns the model's HTML documentation into rustdoc-safe Markdown lines.
//!
//! htmd does the HTML-to-Markdown conversion. What follows makes the result
//! safe for rustdoc: code blocks are marked `text` so they are never compiled
//! as doctests, bare URLs are wrapped so rustdoc links them instead of
//! warning, tabs become spaces (clippy rejects tabs in doc comments), and
//! blank-line runs are folded.

thread_local! {
    /// Building a converter sets up its element handlers, which took two
    /// thirds of the conversion time when done per call.
    static CONVERTER: htmd::HtmlToMarkdown = htmd::HtmlToMarkdown::new();
}

/// The first paragraph of Markdown lines: what a one-line listing shows.
pub fn summary(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .skip_while(|line| line.trim().is_empty())
        .take_while(|line| !line.trim().is_empty())
        .cloned()
        .collect()
}

/// Converts HTML documentation into Markdown lines without surrounding blanks.
pub fn to_markdown(html: &str) -> Vec<String> {
    let markdown = CONVERTER
        .with(|converter| converter.convert(html))
        .unwrap_or_else(|_| html.to_owned())
        .replace('\t', "    ");
    let mut lines: Vec<String> = Vec::new();
    let mut in_fence = false;
    for raw in markdown.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            lines.push(if in_fence {
                fence.to_owned()
            } else {
                format!("{fence}text")
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_owned());
            continue;
        }
        if line.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        // A line flush left right after a list item would continue it
        // lazily, which rustdoc reads but clippy rejects; in the models
        // such a line (often broken HTML) starts a new paragraph.
        let after_item = lines
            .last()
            .is_some_and(|l| is_list_item(l) || l.starts_with(' '));
        if after_item && !trimmed.is_empty() && !line.starts_with(' ') && !is_list_item(line) {
            lines.push(String::new());
        }
        lines.push(wrap_bare_urls(line));
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Whether the line starts a Markdown list item (`*`, `-`, `+` or `1.`).
fn is_list_item(line: &str) -> bool {
    let line = line.trim_start();
    let bullet = line.starts_with("* ") || line.starts_with("- ") || line.starts_with("+ ");
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    bullet || (digits > 0 && line[digits..].starts_with(". "))
}

/// Wraps `http(s)://` URLs that are not already a link target or inside a
/// code span in `<...>`, so rustdoc renders them as links.
fn wrap_bare_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('`') {
            in_code = !in_code;
            out.push('`');
            rest = after;
            continue;
        }
        let starts_url = rest.starts_with("http://") || rest.starts_with("https://");
        let linked = out.ends_with('(') || out.ends_with('<');
        if starts_url && !in_code && !linked {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '`'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        let c = rest.chars().next().expect("rest is not empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_are_the_first_paragraph() {
        let lines: Vec<String> = ["", "Updates a group.", "Twice a day.", "", "Details."]
            .map(str::to_owned)
            .to_vec();
        assert_eq!(summary(&lines), ["Updates a group.", "Twice a day."]);
        assert!(summary(&[]).is_empty());
    }

    #[test]
    fn paragraphs_code_and_emphasis() {
        let lines = to_markdown("<p>The <code>Id</code> of the <i>group</i>.</p>\n <p>Second.</p>");
        assert_eq!(lines, ["The `Id` of the *group*.", "", "Second."]);
    }

    #[test]
    fn links_keep_their_target() {
        let lines = to_markdown(r#"<p>See <a href="https://example.com/a">the guide</a>.</p>"#);
        assert_eq!(lines, ["See [the guide](https://example.com/a)."]);
    }

    #[test]
    fn bare_urls_are_wrapped_but_not_in_code() {
        assert_eq!(
            wrap_bare_urls("Go to https://example.com/x. Or `https://a.b`."),
            "Go to <https://example.com/x>. Or `https://a.b`."
        );
    }

    #[test]
    fn code_blocks_never_become_doctests() {
        let lines = to_markdown("<pre><code>let x = 1;</code></pre>");
        assert_eq!(lines.first().map(String::as_str), Some("```text"));
        assert_eq!(lines.last().map(String::as_str), Some("```"));
    }

    #[test]
    fn tabs_become_spaces() {
        let lines = to_markdown("<pre><code>a\tb</code></pre><p>c\td</p>");
        assert!(lines.iter().all(|l| !l.contains('\t')), "{lines:?}");
    }

    #[test]
    fn a_flush_left_line_after_a_list_item_starts_a_paragraph() {
        // Broken HTML, as in Pinpoint's model: the `<` of `</para>` is lost.
        let lines = to_markdown("<ul><li><p>10 - High priority.</p></li></ul>/para>");
        let item = lines
            .iter()
            .position(|l| l.contains("High priority"))
            .unwrap();
        assert_eq!(lines[item + 1], "", "{lines:?}");
        assert_eq!(lines[item + 2], "/para>");
        assert!(is_list_item("1. one") && is_list_item("  - two") && !is_list_item("1.5 three"));
    }

    #[test]
    fn empty_documentation_gives_no_lines() {
        assert!(to_markdown("  <p> </p> ").is_empty());
    }
}
