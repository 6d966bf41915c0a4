//! Reads the request and response syntax blocks of the AWS documentation
//! (boto3's Python-like calls and dicts, the API reference's JSON-like
//! bodies) into member trees, so tests can compare them with what the
//! generated code puts on the wire.

use std::collections::BTreeMap;

/// The shape of a documented value: its members, not its contents.
#[derive(Debug, Clone, PartialEq)]
pub enum Syntax {
    /// A leaf, with the alternatives the document shows (`'TCP'|'UDP'`,
    /// `True|False`, `123`, `'string'`).
    Scalar(Vec<String>),
    Object(BTreeMap<String, Syntax>),
    List(Box<Syntax>),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Text(String),
    Word(String),
    Punct(char),
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '\'' | '"' => {
                chars.next();
                let mut value = String::new();
                for next in chars.by_ref() {
                    if next == c {
                        break;
                    }
                    value.push(next);
                }
                tokens.push(Token::Text(value.trim().to_owned()));
            }
            '{' | '}' | '[' | ']' | '(' | ')' | ':' | ',' | '=' | '|' => {
                chars.next();
                tokens.push(Token::Punct(c));
            }
            _ => {
                let mut word = String::new();
                while let Some(&next) = chars.peek() {
                    if next.is_whitespace() || "{}[]():,=|'\"".contains(next) {
                        break;
                    }
                    word.push(next);
                    chars.next();
                }
                tokens.push(Token::Word(word));
            }
        }
    }
    tokens
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn next(&mut self) -> Token {
        let token = self
            .tokens
            .get(self.at)
            .cloned()
            .expect("syntax block ended early");
        self.at += 1;
        token
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn value(&mut self) -> Syntax {
        match self.next() {
            Token::Punct('{') => self.members('}'),
            Token::Punct('(') => self.members(')'),
            Token::Punct('[') => {
                let item = self.value();
                self.skip(',');
                assert_eq!(
                    self.next(),
                    Token::Punct(']'),
                    "a documented list shows one item"
                );
                Syntax::List(Box::new(item))
            }
            Token::Text(first) | Token::Word(first) => {
                let mut options = vec![first];
                while self.peek() == Some(&Token::Punct('|')) {
                    self.at += 1;
                    match self.next() {
                        Token::Text(option) | Token::Word(option) => options.push(option),
                        other => panic!("unexpected {other:?} among alternatives"),
                    }
                }
                Syntax::Scalar(options)
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    fn members(&mut self, close: char) -> Syntax {
        let mut members = BTreeMap::new();
        loop {
            match self.next() {
                Token::Punct(c) if c == close => return Syntax::Object(members),
                Token::Text(key) | Token::Word(key) => {
                    let separator = self.next();
                    assert!(
                        matches!(separator, Token::Punct(':' | '=')),
                        "expected `:` or `=` after {key}"
                    );
                    let value = self.value();
                    members.insert(key, value);
                    self.skip(',');
                }
                other => panic!("unexpected {other:?} in members"),
            }
        }
    }

    fn skip(&mut self, punct: char) {
        if self.peek() == Some(&Token::Punct(punct)) {
            self.at += 1;
        }
    }
}

/// Parses one value (`{...}`, `(...)`, `[...]` or a scalar) at the start of
/// `text`; what follows it is ignored.
pub fn parse(text: &str) -> Syntax {
    Parser {
        tokens: tokenize(text),
        at: 0,
    }
    .value()
}

/// The text after the first `marker`.
fn after<'a>(text: &'a str, marker: &str) -> &'a str {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("`{marker}` not found"));
    &text[at + marker.len()..]
}

/// The boto3 page's request syntax: the arguments of `client.<method>(...)`.
pub fn boto3_request(page: &str) -> Syntax {
    let block = after(page, "**Request Syntax**");
    let call = after(block, "client.");
    parse(&call[call.find('(').expect("a call")..])
}

/// The boto3 page's response syntax.
pub fn boto3_response(page: &str) -> Syntax {
    let block = after(page, "**Response Syntax**");
    parse(&block[block.find('{').expect("a dict")..])
}

/// The exception names the boto3 page lists.
pub fn boto3_exceptions(page: &str) -> Vec<String> {
    let mut names: Vec<String> = page
        .split("exceptions.")
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect()
        })
        .collect();
    names.sort();
    names
}

/// The API reference page's request line (method and path, labels written
/// bare) and its JSON body syntax.
pub fn api_reference_request(page: &str) -> (String, String, Syntax) {
    let block = after(page, "Request Syntax");
    let mut lines = block.lines().map(str::trim).filter(|l| !l.is_empty());
    let request_line = lines.next().expect("a request line");
    let (method, path) = request_line.split_once(' ').expect("METHOD /path");
    let body = &block[block.find('{').expect("a JSON body")..];
    (method.to_owned(), path.to_owned(), parse(body))
}

/// The API reference page's errors with their HTTP status codes.
pub fn api_reference_errors(page: &str) -> Vec<(String, u16)> {
    let section = after(page, "\nErrors\n");
    let lines: Vec<&str> = section.lines().map(str::trim).collect();
    let mut errors = Vec::new();
    let mut name = None;
    for line in lines {
        if let Some(rest) = line.strip_prefix("- ").filter(|rest| !rest.is_empty()) {
            name = Some(rest.to_owned());
        } else if let Some(status) = line.strip_prefix("HTTP Status Code: ") {
            let status = status.parse().expect("a status code");
            errors.push((name.take().expect("a name before its status"), status));
        } else if line.starts_with("See Also") {
            break;
        }
    }
    errors.sort();
    errors
}

/// The member tree of a JSON value, in the same form.
pub fn of_json(value: &serde_json::Value) -> Syntax {
    match value {
        serde_json::Value::Object(map) => {
            Syntax::Object(map.iter().map(|(k, v)| (k.clone(), of_json(v))).collect())
        }
        serde_json::Value::Array(items) => {
            let first = items.first().expect("a list with an item to compare");
            Syntax::List(Box::new(of_json(first)))
        }
        _ => Syntax::Scalar(Vec::new()),
    }
}

/// Whether two trees have the same members at every level; leaves compare
/// equal whatever they hold.
pub fn same_members(a: &Syntax, b: &Syntax) -> bool {
    match (a, b) {
        (Syntax::Scalar(_), Syntax::Scalar(_)) => true,
        (Syntax::List(a), Syntax::List(b)) => same_members(a, b),
        (Syntax::Object(a), Syntax::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| ka == kb && same_members(va, vb))
        }
        _ => false,
    }
}

/// Whether every member of `small` is in `large`, at every level.
pub fn is_subtree(small: &Syntax, large: &Syntax) -> bool {
    match (small, large) {
        (Syntax::Scalar(_), Syntax::Scalar(_)) => true,
        (Syntax::List(a), Syntax::List(b)) => is_subtree(a, b),
        (Syntax::Object(a), Syntax::Object(b)) => a
            .iter()
            .all(|(key, value)| b.get(key).is_some_and(|other| is_subtree(value, other))),
        _ => false,
    }
}

/// A JSON value with every member of the tree set: the first alternative of
/// an enum, `true` for booleans, a number for numbers, a string otherwise.
pub fn sample_json(syntax: &Syntax, string: &str) -> serde_json::Value {
    match syntax {
        Syntax::Object(members) => serde_json::Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), sample_json(v, string)))
                .collect(),
        ),
        Syntax::List(item) => serde_json::Value::Array(vec![sample_json(item, string)]),
        Syntax::Scalar(options) => match options.first().map(String::as_str) {
            Some("True") => serde_json::Value::Bool(true),
            Some("number" | "123") => serde_json::json!(10),
            Some("string") | None => serde_json::Value::String(string.to_owned()),
            Some(value) => serde_json::Value::String(value.to_owned()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_and_json_syntax_read_alike() {
        let python =
            parse("(Id='string', Config={'Items': [{'Kind': 'A'|'B', 'On': True|False},]})");
        let json =
            parse(r#"{"Id": "string", "Config": {"Items": [{"Kind": "string", "On": boolean}]}}"#);
        assert!(same_members(&python, &json));
        let Syntax::Object(members) = &python else {
            panic!()
        };
        let Syntax::Object(config) = &members["Config"] else {
            panic!()
        };
        let Syntax::List(item) = &config["Items"] else {
            panic!()
        };
        let Syntax::Object(item) = &**item else {
            panic!()
        };
        assert_eq!(item["Kind"], Syntax::Scalar(vec!["A".into(), "B".into()]));
        assert!(!same_members(&python, &parse("{'Id': 'string'}")));
        assert!(is_subtree(&parse("{'Id': 'string'}"), &python));
    }
}
