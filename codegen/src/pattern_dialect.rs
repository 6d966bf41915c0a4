//! `@pattern`s written in Java's regex dialect, rewritten as ECMA 262.
//!
//! Smithy defines `@pattern` as ECMA 262, but its own tooling checks patterns
//! with `java.util.regex`, so some published models carry Java-only syntax.
//! Where Java gives such a pattern a meaning that ECMA 262 can state exactly,
//! this module states it:
//!
//! - inline `s` flags, `(?s)` and `(?s:...)`: `.` also matches line
//!   terminators where the flag is on, which ECMA writes `[\s\S]`;
//! - a quantifier on an anchor (`${2,64}`): Java repeats the zero-width
//!   assertion, which is the assertion itself, or nothing when it may be
//!   repeated zero times;
//! - a quantifier right after a quantifier (`{11}{0,1011}`): Java applies it
//!   to an empty atom, so it matches nothing and is dropped, except `?` and
//!   `+`, which make the first one lazy or possessive;
//! - possessive quantifiers (`?+`) and atomic groups (`(?>...)`): a lookahead
//!   captures what the greedy form matches and a backreference consumes it,
//!   which ECMA 262 backtracks into no more than Java does. The capture is
//!   numbered, not named: `regress` panics on a named backreference to a group
//!   inside a lookahead. A pattern that has backreferences of its own is not
//!   rewritten this way, since its groups would be renumbered.
//!
//! Anything else Java-only (other inline flags, class intersections, `\Q`)
//! has no translation here, and the caller leaves the pattern unchecked.

/// The ECMA 262 form of a Java-dialect pattern, or `None` when it uses Java
/// syntax with no exact translation.
pub fn java_to_ecma(source: &str) -> Option<String> {
    let mut parser = Parser {
        chars: source.chars().collect(),
        at: 0,
        flags: Flags::default(),
        atomic_groups: 0,
        backreferences: false,
    };
    let alternatives = parser.alternatives()?;
    if parser.at != parser.chars.len() || (parser.atomic_groups > 0 && parser.backreferences) {
        return None;
    }
    let mut printer = Printer {
        out: String::with_capacity(source.len() + 16),
        captures: 0,
    };
    printer.alternatives(&alternatives);
    Some(printer.out)
}

/// A parsed piece of a pattern.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// Text copied as it is: a literal, an escape or a character class.
    Atom(String),
    /// A zero-width assertion: `^`, `$`, `\b` or `\B`.
    Anchor(String),
    /// A group with its opening (`(`, `(?:`, `(?=`, `(?<name>`...).
    Group {
        open: String,
        alternatives: Vec<Vec<Node>>,
    },
    /// An atomic group or possessive repetition, printed as a lookahead
    /// capture consumed by a backreference to it.
    Atomic(Box<Node>),
    Repeat {
        node: Box<Node>,
        quantifier: String,
        lazy: bool,
    },
}

/// The inline flags with a translation: `s` (dot matches line terminators)
/// and `i` (ASCII letters match either case).
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    dot_all: bool,
    case_insensitive: bool,
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    /// The inline flags on where the parser is.
    flags: Flags,
    atomic_groups: usize,
    backreferences: bool,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn rest_starts_with(&self, text: &str) -> bool {
        let mut at = self.at;
        text.chars().all(|c| {
            let same = self.chars.get(at) == Some(&c);
            at += 1;
            same
        })
    }

    fn alternatives(&mut self) -> Option<Vec<Vec<Node>>> {
        let mut alternatives = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.at += 1;
            alternatives.push(self.sequence()?);
        }
        Some(alternatives)
    }

    fn sequence(&mut self) -> Option<Vec<Node>> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            if let Some(node) = self.term()? {
                nodes.push(node);
            }
        }
        Some(nodes)
    }

    /// One atom with its quantifiers; `None` inside when it matches nothing
    /// (a flag group, or an anchor that may repeat zero times).
    fn term(&mut self) -> Option<Option<Node>> {
        let Some(atom) = self.atom()? else {
            return Some(None);
        };
        let Some((quantifier, min)) = self.quantifier() else {
            return Some(Some(atom));
        };
        let mut lazy = false;
        let mut possessive = false;
        match self.peek() {
            Some('?') => {
                self.at += 1;
                lazy = true;
            }
            Some('+') => {
                self.at += 1;
                possessive = true;
            }
            _ => {}
        }
        // Java quantifies an empty atom with whatever follows now.
        while self.quantifier().is_some() {
            if matches!(self.peek(), Some('?' | '+')) {
                self.at += 1;
            }
        }
        if let Node::Anchor(_) = atom {
            return Some((min > 0).then_some(atom));
        }
        let repeat = Node::Repeat {
            node: Box::new(atom),
            quantifier,
            lazy,
        };
        Some(Some(if possessive {
            self.atomic(repeat)
        } else {
            repeat
        }))
    }

    fn atomic(&mut self, inner: Node) -> Node {
        self.atomic_groups += 1;
        Node::Atomic(Box::new(inner))
    }

    /// A quantifier and its minimum, if one comes next.
    fn quantifier(&mut self) -> Option<(String, u64)> {
        let (text, min) = match self.peek()? {
            '*' => ("*".to_owned(), 0),
            '+' => ("+".to_owned(), 1),
            '?' => ("?".to_owned(), 0),
            '{' => {
                let close = self.chars[self.at..].iter().position(|&c| c == '}')? + self.at;
                let body: String = self.chars[self.at + 1..close].iter().collect();
                let (low, high) = body.split_once(',').unwrap_or((&body, &body));
                let min: u64 = low.parse().ok()?;
                if !high.is_empty() && high.parse::<u64>().ok()? < min {
                    return None;
                }
                self.at = close;
                (format!("{{{body}}}"), min)
            }
            _ => return None,
        };
        self.at += 1;
        Some((text, min))
    }

    fn atom(&mut self) -> Option<Option<Node>> {
        let c = self.peek()?;
        self.at += 1;
        Some(Some(match c {
            '^' | '$' => Node::Anchor(c.to_string()),
            '.' if self.flags.dot_all => Node::Atom(r"[\s\S]".into()),
            '\\' => return self.escape().map(Some),
            '[' => Node::Atom(self.class()?),
            '(' => return self.group(),
            // A quantifier with nothing before it, or a stray brace.
            '*' | '+' | '?' | '{' | '}' | ']' => return None,
            other if self.flags.case_insensitive && other.is_ascii_alphabetic() => {
                Node::Atom(format!(
                    "[{}{}]",
                    other.to_ascii_lowercase(),
                    other.to_ascii_uppercase()
                ))
            }
            other => Node::Atom(other.to_string()),
        }))
    }

    fn escape(&mut self) -> Option<Node> {
        let c = self.peek()?;
        self.at += 1;
        Some(match c {
            'b' | 'B' => Node::Anchor(format!("\\{c}")),
            'A' => Node::Anchor("^".into()),
            'z' => Node::Anchor("$".into()),
            // Java-only escapes without an exact ECMA form.
            'Q' | 'E' | 'Z' | 'G' | 'R' | 'X' | 'h' | 'H' | 'V' | 'N' => return None,
            // Under the `i` flag, character codes, properties and
            // backreferences would each need their own case rules.
            '0'..='9' | 'k' | 'p' | 'P' | 'x' | 'u' | 'c' if self.flags.case_insensitive => {
                return None
            }
            '1'..='9' | 'k' => {
                self.backreferences = true;
                if c == 'k' {
                    let close = self.chars[self.at..].iter().position(|&c| c == '>')? + self.at;
                    let name: String = self.chars[self.at..=close].iter().collect();
                    self.at = close + 1;
                    return Some(Node::Atom(format!("\\k{name}")));
                }
                let digits = self.chars[self.at..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                let number: String = self.chars[self.at - 1..self.at + digits].iter().collect();
                self.at += digits;
                Node::Atom(format!("\\{number}"))
            }
            'p' | 'P' | 'x' | 'u' if self.peek() == Some('{') => {
                let close = self.chars[self.at..].iter().position(|&c| c == '}')? + self.at;
                let body: String = self.chars[self.at..=close].iter().collect();
                self.at = close + 1;
                Node::Atom(format!("\\{c}{body}"))
            }
            other => Node::Atom(format!("\\{other}")),
        })
    }

    /// A character class. Java's unions and intersections have no ECMA 262
    /// form; a `-` after a class escape is a literal in Java and is escaped
    /// so; under the `i` flag every ASCII letter range gains its other case.
    fn class(&mut self) -> Option<String> {
        let mut text = String::from("[");
        if self.peek() == Some('^') {
            text.push('^');
            self.at += 1;
        }
        let mut items = Vec::new();
        // A `]` first in the class is a literal in Java.
        if self.peek() == Some(']') {
            self.at += 1;
            items.push(ClassItem::literal("\\]", ']'));
        }
        loop {
            let c = self.peek()?;
            self.at += 1;
            match c {
                ']' => break,
                '[' => return None,
                '&' if self.peek() == Some('&') => return None,
                '\\' => items.push(self.class_escape()?),
                other => items.push(ClassItem::literal(&other.to_string(), other)),
            }
        }
        let mut extra = String::new();
        let mut index = 0;
        while index < items.len() {
            let item = &items[index];
            let follows_escape = index > 0 && items[index - 1].is_set;
            if item.text == "-" && follows_escape && index + 1 < items.len() {
                text.push_str("\\-");
                index += 1;
                continue;
            }
            let range = match (items.get(index + 1), items.get(index + 2)) {
                (Some(dash), Some(high)) if dash.text == "-" && !item.is_set && !high.is_set => {
                    index += 2;
                    text.push_str(&item.text);
                    text.push('-');
                    text.push_str(&high.text);
                    (item.value, high.value)
                }
                _ => {
                    text.push_str(&item.text);
                    (item.value, item.value)
                }
            };
            if self.flags.case_insensitive {
                let (Some(low), Some(high)) = range else {
                    // An escape with no literal value, or a class escape:
                    // `\d`, `\s` and `\w` are closed under case, the rest
                    // (properties) are not stated exactly here.
                    if !matches!(
                        items[index].text.as_str(),
                        "\\d" | "\\D" | "\\s" | "\\S" | "\\w" | "\\W"
                    ) {
                        return None;
                    }
                    index += 1;
                    continue;
                };
                push_other_case(&mut extra, low, high);
            }
            index += 1;
        }
        text.push_str(&extra);
        text.push(']');
        Some(text)
    }

    /// An escape inside a class, after its backslash.
    fn class_escape(&mut self) -> Option<ClassItem> {
        let escaped = self.peek()?;
        self.at += 1;
        let item = match escaped {
            'Q' | 'E' | 'h' | 'H' | 'V' | 'R' => return None,
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => ClassItem::set(format!("\\{escaped}")),
            'p' | 'P' if self.peek() == Some('{') => {
                let close = self.chars[self.at..].iter().position(|&c| c == '}')? + self.at;
                let body: String = self.chars[self.at..=close].iter().collect();
                self.at = close + 1;
                ClassItem::set(format!("\\{escaped}{body}"))
            }
            // An escape whose value is a character code: copied, with no
            // literal value, so it neither ends a range under the `i` flag
            // nor is taken apart.
            'x' | 'u' | 'c' | '0'..='9' => {
                let digits = if self.peek() == Some('{') {
                    self.chars[self.at..].iter().position(|&c| c == '}')? + 1
                } else {
                    let longest = match escaped {
                        'c' => 1,
                        'x' => 2,
                        _ => 4,
                    };
                    self.chars[self.at..]
                        .iter()
                        .take(longest)
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .count()
                };
                let body: String = self.chars[self.at..self.at + digits].iter().collect();
                self.at += digits;
                ClassItem {
                    text: format!("\\{escaped}{body}"),
                    value: None,
                    is_set: false,
                }
            }
            't' | 'n' | 'r' | 'f' | 'v' | 'b' => ClassItem {
                text: format!("\\{escaped}"),
                value: None,
                is_set: false,
            },
            other => ClassItem::literal(&format!("\\{other}"), other),
        };
        Some(item)
    }
    fn group(&mut self) -> Option<Option<Node>> {
        if self.peek() != Some('?') {
            return self.group_body("(".into()).map(Some);
        }
        for open in ["?:", "?=", "?!", "?<=", "?<!"] {
            if self.rest_starts_with(open) {
                self.at += open.chars().count();
                return self.group_body(format!("({open}")).map(Some);
            }
        }
        if self.rest_starts_with("?>") {
            self.at += 2;
            let group = self.group_body("(?:".into())?;
            return Some(Some(self.atomic(group)));
        }
        if self.rest_starts_with("?<") {
            let close = self.chars[self.at..].iter().position(|&c| c == '>')? + self.at;
            let open: String = self.chars[self.at - 1..=close].iter().collect();
            self.at = close + 1;
            return self.group_body(open).map(Some);
        }
        self.flag_group()
    }

    /// `(?s)`, `(?-i)`, `(?is:...)` and the like; any flag other than `s`
    /// and `i` has no translation.
    fn flag_group(&mut self) -> Option<Option<Node>> {
        self.at += 1;
        let mut on = true;
        let mut flags = self.flags;
        loop {
            match self.peek()? {
                's' => flags.dot_all = on,
                'i' => flags.case_insensitive = on,
                '-' if on => on = false,
                ')' => {
                    self.at += 1;
                    // The flags hold to the end of the enclosing group.
                    self.flags = flags;
                    return Some(None);
                }
                ':' => {
                    self.at += 1;
                    let outer = std::mem::replace(&mut self.flags, flags);
                    let alternatives = self.alternatives()?;
                    self.flags = outer;
                    if self.peek() != Some(')') {
                        return None;
                    }
                    self.at += 1;
                    return Some(Some(Node::Group {
                        open: "(?:".into(),
                        alternatives,
                    }));
                }
                _ => return None,
            }
            self.at += 1;
        }
    }

    fn group_body(&mut self, open: String) -> Option<Node> {
        let outer = self.flags;
        let alternatives = self.alternatives()?;
        self.flags = outer;
        if self.peek() != Some(')') {
            return None;
        }
        self.at += 1;
        Some(Node::Group { open, alternatives })
    }
}

/// One member of a character class as written, with the character it
/// stands for when it stands for one.
struct ClassItem {
    text: String,
    value: Option<char>,
    /// A class escape (`\d`, `\p{L}`...), which cannot end a range.
    is_set: bool,
}

impl ClassItem {
    fn literal(text: &str, value: char) -> Self {
        Self {
            text: text.to_owned(),
            value: Some(value),
            is_set: false,
        }
    }

    fn set(text: String) -> Self {
        Self {
            text,
            value: None,
            is_set: true,
        }
    }
}

/// Appends, as class ranges, the other ASCII case of the letters in
/// `low..=high`: what Java's `i` flag (without `u`) adds to a class.
fn push_other_case(out: &mut String, low: char, high: char) {
    for (from, to) in [('a', 'A'), ('A', 'a')] {
        let start = low.max(from);
        let end = high.min(char::from(from as u8 + 25));
        if start > end {
            continue;
        }
        let shift = |c: char| char::from(c as u8 - from as u8 + to as u8);
        out.push(shift(start));
        if end > start {
            out.push('-');
            out.push(shift(end));
        }
    }
}

/// Prints nodes as ECMA 262, numbering the captures it adds for atomic
/// groups by where their parenthesis opens.
struct Printer {
    out: String,
    /// Capturing groups opened so far.
    captures: usize,
}

impl Printer {
    fn alternatives(&mut self, alternatives: &[Vec<Node>]) {
        for (index, sequence) in alternatives.iter().enumerate() {
            if index > 0 {
                self.out.push('|');
            }
            for node in sequence {
                self.node(node);
            }
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Atom(text) | Node::Anchor(text) => self.out.push_str(text),
            Node::Group { open, alternatives } => {
                let captures = open == "("
                    || (open.starts_with("(?<")
                        && !open.starts_with("(?<=")
                        && !open.starts_with("(?<!"));
                self.captures += usize::from(captures);
                self.out.push_str(open);
                self.alternatives(alternatives);
                self.out.push(')');
            }
            Node::Atomic(inner) => {
                self.captures += 1;
                let number = self.captures;
                self.out.push_str("(?=(");
                self.node(inner);
                self.out.push_str(&format!("))\\{number}"));
            }
            Node::Repeat {
                node,
                quantifier,
                lazy,
            } => {
                self.node(node);
                self.out.push_str(quantifier);
                if *lazy {
                    self.out.push('?');
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        regress::Regex::with_flags(pattern, "u")
            .unwrap_or_else(|e| panic!("{pattern}: {e}"))
            .find(text)
            .is_some()
    }

    #[test]
    fn inline_dot_all_makes_dots_match_line_terminators() {
        let ecma = java_to_ecma("^(?s).+$").unwrap();
        assert_eq!(ecma, r"^[\s\S]+$");
        assert!(matches(&ecma, "two\nlines"));
        assert_eq!(java_to_ecma("^(?s)").unwrap(), "^");
        let scoped = java_to_ecma("a(?s:.)b.").unwrap();
        assert_eq!(scoped, r"a(?:[\s\S])b.");
        assert_eq!(java_to_ecma("(?s)(.)(?-s).").unwrap(), r"([\s\S]).");
    }

    #[test]
    fn quantified_anchors_are_the_anchor_or_nothing() {
        let ecma = java_to_ecma("^[-_a-zA-Z0-9]*${2,64}$").unwrap();
        assert_eq!(ecma, "^[-_a-zA-Z0-9]*$$");
        assert!(matches(&ecma, "abc-1"));
        assert!(!matches(&ecma, "a b"));
        assert_eq!(java_to_ecma("a$?b").unwrap(), "ab");
        let certificate = java_to_ecma("^[^-A-Za-z0-9+/=]|=[^=]|={3,}${1,4096}$").unwrap();
        assert_eq!(certificate, "^[^-A-Za-z0-9+/=]|=[^=]|={3,}$$");
    }

    #[test]
    fn a_quantifier_after_a_quantifier_quantifies_nothing() {
        let ecma =
            java_to_ecma("^arn:aws(-[a-z]{1,3}){0,2}:rbin:[a-z\\-0-9]{0,63}:[0-9]{12}:rule/[0-9a-zA-Z]{11}{0,1011}$")
                .unwrap();
        assert!(ecma.ends_with("rule/[0-9a-zA-Z]{11}$"), "{ecma}");
        assert!(matches(
            &ecma,
            "arn:aws:rbin:us-east-1:123456789012:rule/abcdefghijk"
        ));
        assert!(!matches(
            &ecma,
            "arn:aws:rbin:us-east-1:123456789012:rule/abcdefghijkl"
        ));
        // `?` after a quantifier makes it lazy, as in ECMA.
        assert_eq!(java_to_ecma("a{2,}?b").unwrap(), "a{2,}?b");
    }

    #[test]
    fn possessive_quantifiers_do_not_give_back() {
        let ecma = java_to_ecma(r"^[\/]?+[a-zA-Z0-9!_.*'()-]+(\/[a-zA-Z0-9!_.*'()-]+)*$").unwrap();
        assert!(ecma.starts_with(r"^(?=([\/]?))\1[a-zA-Z0-9"), "{ecma}");
        assert!(matches(&ecma, "/folder/file.txt"));
        assert!(!matches(&ecma, "//file"));
        // Java: `a++a` never matches, because `a++` keeps every `a`.
        let ecma = java_to_ecma("^a++a$").unwrap();
        assert!(!matches(&ecma, "aaa"));
        let atomic = java_to_ecma("^(?>a|ab)c$").unwrap();
        assert!(matches(&atomic, "ac"));
        assert!(!matches(&atomic, "abc"));
        // Added captures take the number of where they open.
        assert_eq!(java_to_ecma("(a)b*+(c)").unwrap(), r"(a)(?=(b*))\2(c)");
        // Captures the pattern refers to itself would be renumbered.
        assert_eq!(java_to_ecma(r"(a)\1b*+"), None);
    }

    #[test]
    fn inline_case_insensitivity_gives_each_ascii_letter_both_cases() {
        let ecma = java_to_ecma("^(?i)(true|false)$").unwrap();
        assert_eq!(ecma, "^([tT][rR][uU][eE]|[fF][aA][lL][sS][eE])$");
        assert!(matches(&ecma, "TRUE") && matches(&ecma, "False") && !matches(&ecma, "yes"));
        // The flag holds to the end of its group, so the second
        // alternative of SSM's `AccountId` is case-sensitive digits anyway.
        let account = java_to_ecma("^(?i)all|[0-9]{12}$").unwrap();
        assert_eq!(account, "^[aA][lL][lL]|[0-9]{12}$");
        assert_eq!(java_to_ecma("(a(?i)b)c").unwrap(), "(a[bB])c");
        assert_eq!(java_to_ecma("(?i:a)b(?-i)c").unwrap(), "(?:[aA])bc");
        // Classes gain the other case of every letter range they hold.
        let class = java_to_ecma("(?i)[a-f0-9_X]+").unwrap();
        assert_eq!(class, "[a-f0-9_XA-Fx]+");
        assert!(matches(&class, "DEADbeef"));
        assert_eq!(java_to_ecma(r"(?i)[^\w.]").unwrap(), r"[^\w.]");
        // Budgets' `BudgetName`: the flag inside a lookahead alternative.
        let budget =
            java_to_ecma(r"^(?![^:\\]*/action/|(?i).*<script>.*</script>.*)[^:\\]+$").unwrap();
        assert!(!matches(&budget, "x<SCRIPT>alert()</Script>"));
        assert!(matches(&budget, "Monthly budget"));
        assert!(!matches(&budget, "a/action/b"));
    }

    #[test]
    fn a_dash_after_a_class_escape_is_a_literal() {
        // Invoicing's `InvoiceUnitName`: Java reads `\p{Z}-_` as three
        // members, where ECMA 262 would see a range from a set.
        let ecma = java_to_ecma(r"^(?! )[\p{L}\p{N}\p{Z}-_]*(?<! )$").unwrap();
        assert_eq!(ecma, r"^(?! )[\p{L}\p{N}\p{Z}\-_]*(?<! )$");
        assert!(matches(&ecma, "Unit-1_a"));
        assert!(!matches(&ecma, "Unit "));
        assert_eq!(java_to_ecma(r"[\d-z]").unwrap(), r"[\d\-z]");
        // Where `-` ends the class it is a literal already.
        assert_eq!(java_to_ecma(r"[\w-]").unwrap(), r"[\w-]");
    }

    #[test]
    fn java_only_syntax_without_a_translation_is_refused() {
        for pattern in [
            r"\Qa.b\E",
            "[a-z&&[^e]]",
            "(?u)abc",
            "a{",
            r"\Z",
            "*a",
            r"(?i)\p{Lu}",
            r"(?i)[\x41]",
            r"(?i)(a)\1",
        ] {
            assert_eq!(java_to_ecma(pattern), None, "{pattern}");
        }
    }
}
