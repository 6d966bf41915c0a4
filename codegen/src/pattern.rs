//! Translation of ECMA 262 `@pattern`s into the syntax of the `regex` crate.
//!
//! `regress` implements ECMA 262 exactly but allocates match state on every
//! call. The `regex` crate matches without allocating once its cache is warm,
//! so the generated validators use it for every pattern whose ECMA meaning it
//! can express exactly, and keep `regress` for the rest (lookaround,
//! backreferences, word boundaries, patterns without the `u` flag, and the
//! few too large for the `regex` crate). A crate whose patterns all translate
//! does not build `regress` at all.
//!
//! The translation only covers patterns that already compile with the `u`
//! flag, whose grammar is strict: every escape means one thing and nothing is
//! silently literal. The differences it bridges are ECMA's ASCII-only `\d`
//! and `\w`, its own `\s` set, a `.` that stops at line terminators, and the
//! characters the `regex` crate treats as special inside classes.

/// ECMA 262 `\s`: WhiteSpace and LineTerminator, as class contents.
const ECMA_SPACE: &str = r"\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
const ECMA_DIGIT: &str = "0-9";
const ECMA_WORD: &str = "0-9A-Za-z_";
/// ECMA 262 `.` without the `s` flag: anything but a line terminator.
const ECMA_DOT: &str = r"[^\n\r\x{2028}\x{2029}]";

/// How large a translation may be, in [`compiled_weight`] units, to be left
/// to the `regex` crate. Over all 1,634 distinct patterns of the upstream
/// models, the two that exceed its default size limit (10 MiB) weigh 614,402
/// and 869,502, and the heaviest that compiles 441,708; the bound keeps a
/// wide margin below both, and the four patterns above it run on `regress`.
const MAX_COMPILED_WEIGHT: u64 = 200_000;

/// The `regex` crate form of `source` when `unicode` says it is valid in ECMA
/// 262 `u` mode, it translates into valid `regex` syntax and it is small
/// enough to compile there; `None` otherwise.
///
/// Compiling a repeated large Unicode class (`[\P{C}]{1,250}`) to find out
/// whether it fits takes tens of milliseconds, too long to spend on every
/// generation, so the size is estimated instead.
pub fn fast_path(source: &str, unicode: bool) -> Option<String> {
    if !unicode {
        return None;
    }
    let translated = translate(source)?;
    let hir = regex_syntax::parse(&translated).ok()?;
    (compiled_weight(&hir) <= MAX_COMPILED_WEIGHT).then_some(translated)
}

/// A measure of the program the `regex` crate compiles a pattern into: the
/// UTF-8 byte ranges of every class, times the repetitions around it.
/// Negated and Unicode classes weigh what their UTF-8 forms do, which is
/// what makes them large.
fn compiled_weight(hir: &regex_syntax::hir::Hir) -> u64 {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 1,
        HirKind::Literal(literal) => literal.0.len() as u64,
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .flat_map(|r| regex_syntax::utf8::Utf8Sequences::new(r.start(), r.end()))
            .map(|sequence| sequence.as_slice().len() as u64)
            .sum::<u64>()
            .max(1),
        HirKind::Class(Class::Bytes(class)) => class.ranges().len().max(1) as u64,
        HirKind::Repetition(repetition) => {
            let times = repetition.max.unwrap_or(repetition.min).max(1);
            compiled_weight(&repetition.sub).saturating_mul(u64::from(times))
        }
        HirKind::Capture(capture) => compiled_weight(&capture.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs
            .iter()
            .map(compiled_weight)
            .fold(0, u64::saturating_add),
    }
}

/// The `regex` crate form of `source`, a pattern valid in ECMA 262 `u` mode,
/// or `None` when it uses something that has no exact equivalent there.
pub fn translate(source: &str) -> Option<String> {
    let mut translator = Translator {
        chars: source.chars().collect(),
        at: 0,
        out: String::with_capacity(source.len() + 16),
    };
    translator.pattern()?;
    Some(translator.out)
}

struct Translator {
    chars: Vec<char>,
    at: usize,
    out: String,
}

/// One member of a character class before ranges are formed.
enum ClassAtom {
    Char(char),
    /// Class contents that stand for a set (`\d`, `\p{L}`), never a range end.
    Set(String),
}

impl Translator {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.at + offset).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    fn pattern(&mut self) -> Option<()> {
        while let Some(c) = self.next() {
            match c {
                '\\' => {
                    let text = self.escape_outside_class()?;
                    self.out.push_str(&text);
                }
                '.' => self.out.push_str(ECMA_DOT),
                '[' => self.class()?,
                '(' => self.group_open()?,
                '{' => self.quantifier()?,
                ')' | '|' | '*' | '+' | '?' | '^' | '$' => self.out.push(c),
                // Strict mode rejects these unescaped; be as strict here.
                ']' | '}' => return None,
                _ => push_literal(&mut self.out, c),
            }
        }
        Some(())
    }

    /// `(`, `(?:` and named groups; lookaround has no `regex` equivalent.
    fn group_open(&mut self) -> Option<()> {
        if self.peek() != Some('?') {
            self.out.push('(');
            return Some(());
        }
        match (self.peek_at(1), self.peek_at(2)) {
            (Some(':'), _) => {
                self.at += 2;
                self.out.push_str("(?:");
                Some(())
            }
            (Some('<'), Some(c)) if c != '=' && c != '!' => {
                // A named group; names only matter to backreferences, which
                // are not translated, so the group becomes non-capturing.
                let close = self.chars[self.at..].iter().position(|&c| c == '>')?;
                self.at += close + 1;
                self.out.push_str("(?:");
                Some(())
            }
            _ => None,
        }
    }

    /// `{n}`, `{n,}` and `{n,m}`, copied once checked to be one of those.
    fn quantifier(&mut self) -> Option<()> {
        let close = self.chars[self.at..].iter().position(|&c| c == '}')?;
        let body: String = self.chars[self.at..self.at + close].iter().collect();
        let mut bounds = body.splitn(2, ',');
        let min = bounds.next()?;
        let valid_min = !min.is_empty() && min.chars().all(|c| c.is_ascii_digit());
        let valid_max = bounds
            .next()
            .is_none_or(|max| max.chars().all(|c| c.is_ascii_digit()));
        if !valid_min || !valid_max {
            return None;
        }
        self.at += close + 1;
        self.out.push('{');
        self.out.push_str(&body);
        self.out.push('}');
        Some(())
    }

    fn escape_outside_class(&mut self) -> Option<String> {
        match self.peek()? {
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
                let c = self.next()?;
                let (set, negated) = class_escape_set(c);
                Some(format!("[{}{set}]", if negated { "^" } else { "" }))
            }
            // Word boundaries, backreferences and named backreferences.
            'b' | 'B' | '1'..='9' | 'k' => None,
            _ => match self.atom_escape()? {
                ClassAtom::Char(c) => {
                    let mut text = String::new();
                    push_literal(&mut text, c);
                    Some(text)
                }
                ClassAtom::Set(set) => Some(set),
            },
        }
    }

    /// The escapes that mean the same inside and outside classes.
    fn atom_escape(&mut self) -> Option<ClassAtom> {
        let c = self.next()?;
        let atom = match c {
            'f' => ClassAtom::Char('\x0C'),
            'n' => ClassAtom::Char('\n'),
            'r' => ClassAtom::Char('\r'),
            't' => ClassAtom::Char('\t'),
            'v' => ClassAtom::Char('\x0B'),
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => ClassAtom::Char('\0'),
            'x' => ClassAtom::Char(self.hex_digits(2)?),
            'u' if self.peek() == Some('{') => {
                self.at += 1;
                let close = self.chars[self.at..].iter().position(|&c| c == '}')?;
                let digits: String = self.chars[self.at..self.at + close].iter().collect();
                self.at += close + 1;
                ClassAtom::Char(char::from_u32(u32::from_str_radix(&digits, 16).ok()?)?)
            }
            // A lone surrogate is not a `char`, and a pair would need joining;
            // `hex_digits` refuses both.
            'u' => ClassAtom::Char(self.hex_digits(4)?),
            'p' | 'P' => {
                if self.next()? != '{' {
                    return None;
                }
                let close = self.chars[self.at..].iter().position(|&c| c == '}')?;
                let name: String = self.chars[self.at..self.at + close].iter().collect();
                self.at += close + 1;
                if !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '=')
                {
                    return None;
                }
                ClassAtom::Set(format!(r"\{c}{{{name}}}"))
            }
            // `u` mode allows identity escapes of syntax characters only.
            c if "^$\\.*+?()[]{}|/".contains(c) => ClassAtom::Char(c),
            _ => return None,
        };
        Some(atom)
    }

    fn hex_digits(&mut self, count: usize) -> Option<char> {
        let digits: String = self.chars.get(self.at..self.at + count)?.iter().collect();
        if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        self.at += count;
        char::from_u32(u32::from_str_radix(&digits, 16).ok()?)
    }

    /// A character class, from after its `[` to its `]`.
    fn class(&mut self) -> Option<()> {
        let negated = self.peek() == Some('^');
        if negated {
            self.at += 1;
        }
        // `[]` matches nothing and `[^]` anything in ECMA; the `regex` crate
        // reads a leading `]` as a literal, so leave them to `regress`.
        if self.peek() == Some(']') {
            return None;
        }
        let mut body = String::new();
        loop {
            if self.peek()? == ']' {
                self.at += 1;
                break;
            }
            let first = self.class_atom()?;
            let is_range = self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']');
            if !is_range {
                push_class_atom(&mut body, first);
                continue;
            }
            self.at += 1;
            let (ClassAtom::Char(low), ClassAtom::Char(high)) = (first, self.class_atom()?) else {
                return None;
            };
            push_literal(&mut body, low);
            body.push('-');
            push_literal(&mut body, high);
        }
        self.out.push('[');
        if negated {
            self.out.push('^');
        }
        self.out.push_str(&body);
        self.out.push(']');
        Some(())
    }

    fn class_atom(&mut self) -> Option<ClassAtom> {
        let c = self.next()?;
        if c != '\\' {
            return Some(ClassAtom::Char(c));
        }
        match self.peek()? {
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
                let (set, negated) = class_escape_set(self.next()?);
                // A negated set inside a class is a nested class.
                Some(ClassAtom::Set(if negated {
                    format!("[^{set}]")
                } else {
                    set.to_owned()
                }))
            }
            'b' => {
                self.at += 1;
                Some(ClassAtom::Char('\x08'))
            }
            '-' => {
                self.at += 1;
                Some(ClassAtom::Char('-'))
            }
            _ => self.atom_escape(),
        }
    }
}

/// The class contents of `\d`, `\w` or `\s` (any case) and whether the escape
/// is the negated (upper-case) form.
fn class_escape_set(escape: char) -> (&'static str, bool) {
    let set = match escape.to_ascii_lowercase() {
        'd' => ECMA_DIGIT,
        'w' => ECMA_WORD,
        _ => ECMA_SPACE,
    };
    (set, escape.is_ascii_uppercase())
}

fn push_class_atom(out: &mut String, atom: ClassAtom) {
    match atom {
        ClassAtom::Char(c) => push_literal(out, c),
        ClassAtom::Set(set) => out.push_str(&set),
    }
}

/// One character matched literally, escaped wherever the `regex` crate could
/// read it as syntax (inside or outside a class).
fn push_literal(out: &mut String, c: char) {
    if regex_syntax::is_meta_character(c) {
        out.push('\\');
        out.push(c);
    } else if c.is_control() || c.is_whitespace() {
        out.push_str(&format!(r"\x{{{:X}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn ecma_classes_become_their_ascii_sets() {
        assert_eq!(translate(r"^\d+$").unwrap(), "^[0-9]+$");
        assert_eq!(translate(r"\w\W").unwrap(), "[0-9A-Za-z_][^0-9A-Za-z_]");
        assert_eq!(translate(r"[\d\-a-f]").unwrap(), r"[0-9\-a-f]");
        assert_eq!(translate(r"[^\D]").unwrap(), "[^[^0-9]]");
    }

    #[test]
    fn dot_stops_at_line_terminators() {
        assert_eq!(translate("a.b").unwrap(), r"a[^\n\r\x{2028}\x{2029}]b");
    }

    #[test]
    fn characters_special_to_the_regex_crate_are_escaped() {
        assert_eq!(translate("[&~#]").unwrap(), r"[\&\~\#]");
        assert_eq!(translate(r"a\/b\.c").unwrap(), r"a/b\.c");
        assert_eq!(translate(r"[\[\]]").unwrap(), r"[\[\]]");
        assert_eq!(translate(r"[ -~]").unwrap(), r"[\x{20}-\~]");
    }

    #[test]
    fn unicode_escapes_and_properties_carry_over() {
        assert_eq!(translate(r"\u00e9\u{1F600}\x41").unwrap(), "é\u{1F600}A");
        assert_eq!(translate(r"^[\p{L}\p{N}]+$").unwrap(), r"^[\p{L}\p{N}]+$");
        assert_eq!(translate(r"\t\n").unwrap(), r"\x{9}\x{A}");
    }

    #[test]
    fn groups_and_quantifiers_carry_over() {
        assert_eq!(
            translate("(?:ab)+(c|d){2,5}?x{3}").unwrap(),
            "(?:ab)+(c|d){2,5}?x{3}"
        );
        assert_eq!(translate("(?<year>[0-9]{4})").unwrap(), "(?:[0-9]{4})");
    }

    #[test]
    fn constructs_without_an_exact_equivalent_are_refused() {
        for pattern in [
            r"(?=a)b",
            r"(?!a)b",
            r"(?<=a)b",
            r"(?<!a)b",
            r"(a)\1",
            r"(?<n>a)\k<n>",
            r"\bword\b",
            r"\B",
            "[]",
            "[^]",
            r"\ud83d\ude00",
            r"\cJ",
        ] {
            assert_eq!(translate(pattern), None, "{pattern}");
        }
    }
}
