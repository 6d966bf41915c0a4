//! Every Rust identifier the generator emits is derived here: this module
//! holds the word and case rules, and [`items`] the names of each kind of
//! generated item built from them.
//!
//! Model names are split into words once, with a small acronym table, and the
//! words are joined as `snake_case` or `PascalCase`. heck alone splits
//! `IPv4Address` into `i_pv4_address` and `ARNs` into `ar_ns`, which is why the
//! split is our own; heck then does the joining.

use heck::{ToSnakeCase, ToUpperCamelCase};

pub mod items;

/// Spellings that the plain case rules would split wrongly, with the words
/// they stand for. Checked longest first, case-sensitively.
const ACRONYMS: &[(&str, &str)] = &[
    ("IPv4", "Ipv4"),
    ("IPv6", "Ipv6"),
    ("IPv", "Ipv"),
    ("iOS", "Ios"),
    ("IoT", "Iot"),
    ("macOS", "Macos"),
    ("NaN", "Nan"),
    ("OAuth", "Oauth"),
    ("DBs", "Dbs"),
];

/// Strict and reserved keywords of Rust 2021, which need `r#` as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers, so they get a suffix instead.
const NOT_RAW: &[&str] = &["crate", "self", "super", "Self", "_"];

/// Splits a model name into words: on punctuation, at lower-to-upper changes,
/// before the last capital of an upper-case run followed by lower case
/// (`HTTPServer` -> `HTTP Server`), keeping a plural `s` on an acronym
/// (`ARNs` -> `ARNs`) and digits on the word before them (`E164Number`).
pub fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for segment in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
    {
        split_segment(segment, &mut words);
    }
    words
}

fn split_segment(segment: &str, words: &mut Vec<String>) {
    let chars: Vec<char> = segment.chars().collect();
    let mut current = String::new();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..].iter().collect();
        if let Some((spelling, word)) = ACRONYMS.iter().find(|(s, _)| rest.starts_with(s)) {
            let after = chars.get(i + spelling.chars().count());
            // Only a whole word: the table entry must end where a new word starts.
            if after.is_none_or(|c| !c.is_ascii_lowercase()) {
                flush(&mut current, words);
                current.push_str(word);
                i += spelling.chars().count();
                continue;
            }
        }
        let c = chars[i];
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let boundary = match prev {
            None => false,
            Some(p) if c.is_ascii_uppercase() => {
                let acronym_ends = p.is_ascii_uppercase()
                    && next.is_some_and(|n| n.is_ascii_lowercase())
                    && !is_plural_acronym(&chars, i);
                p.is_ascii_lowercase() || p.is_ascii_digit() || acronym_ends
            }
            Some(_) => false,
        };
        if boundary {
            flush(&mut current, words);
        }
        current.push(c);
        i += 1;
    }
    flush(&mut current, words);
}

/// `ARNs`, `IDs`: an upper-case run, then `s`, then the end or a new word.
fn is_plural_acronym(chars: &[char], upper: usize) -> bool {
    chars.get(upper + 1) == Some(&'s')
        && chars
            .get(upper + 2)
            .is_none_or(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && upper >= 1
        && chars[upper - 1].is_ascii_uppercase()
}

fn flush(current: &mut String, words: &mut Vec<String>) {
    if !current.is_empty() {
        words.push(std::mem::take(current));
    }
}

/// `snake_case` for fields, methods and modules.
pub fn snake_case(name: &str) -> String {
    let joined = words(name)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    // heck is a no-op on text that is already snake case; it normalises any
    // leftovers such as a word that came through in mixed case.
    let snake = joined.to_snake_case();
    if snake.is_empty() {
        "value".to_owned()
    } else if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{snake}")
    } else {
        snake
    }
}

/// `PascalCase` for types and enum variants.
pub fn pascal_case(name: &str) -> String {
    let pascal: String = words(name)
        .iter()
        .map(|w| w.to_lowercase().to_upper_camel_case())
        .collect();
    if pascal.is_empty() {
        "Value".to_owned()
    } else if pascal.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{pascal}")
    } else {
        pascal
    }
}

/// `PascalCase` for a type or variant identifier: `Self` is the one
/// PascalCase keyword, and becomes `SelfValue`.
pub fn type_name(name: &str) -> String {
    match pascal_case(name).as_str() {
        "Self" => "SelfValue".to_owned(),
        other => other.to_owned(),
    }
}

/// Makes a derived name usable as an identifier: keywords become raw
/// identifiers, and the few that cannot be raw get a suffix.
pub fn escape_keyword(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_value")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// The identifier text without any `r#`, for building other names from it.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Picks `base`, or `base2`, `base3`, ... (with `_` for snake case) so the
/// result is not in `taken`.
pub fn unique(base: &str, separator: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{}{separator}{n}", unraw(base)))
        .find(|candidate| !taken(candidate))
        .expect("an unbounded range always yields a free name")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_table() {
        let cases = [
            ("IPv4Address", "ipv4_address"),
            ("IPv6Addresses", "ipv6_addresses"),
            ("ARNs", "arns"),
            ("InstanceARNs", "instance_arns"),
            ("ResourceIDs", "resource_ids"),
            ("VoiceConnectorId", "voice_connector_id"),
            ("HTTPServer", "http_server"),
            ("S3Bucket", "s3_bucket"),
            ("E164PhoneNumber", "e164_phone_number"),
            ("AWSAccountId", "aws_account_id"),
            ("KMSKeyARN", "kms_key_arn"),
            ("MFAEnabled", "mfa_enabled"),
            ("camelCase", "camel_case"),
            ("UPPER_SNAKE", "upper_snake"),
            ("already_snake", "already_snake"),
            ("Percentage", "percentage"),
            ("SignInConfig", "sign_in_config"),
            ("iOSVersion", "ios_version"),
            ("DBs", "dbs"),
            ("IoTSiteWise", "iot_site_wise"),
            ("AWSIoTAnalytics", "aws_iot_analytics"),
            ("NaNValue", "nan_value"),
            ("Ec2InstanceId", "ec2_instance_id"),
            ("ttl", "ttl"),
            ("X", "x"),
            ("1stPlace", "n1st_place"),
            ("v2", "v2"),
            ("Utf8String", "utf8_string"),
        ];
        for (input, expected) in cases {
            assert_eq!(snake_case(input), expected, "snake_case({input})");
        }
    }

    #[test]
    fn pascal_case_table() {
        let cases = [
            ("IPv4Address", "Ipv4Address"),
            ("ARNs", "Arns"),
            ("INVALID_FILE_SIZE", "InvalidFileSize"),
            ("TCP", "Tcp"),
            ("application/json", "ApplicationJson"),
            ("1080p", "V1080p"),
            ("ListARNsResponse", "ListArnsResponse"),
            ("OriginationRouteProtocol", "OriginationRouteProtocol"),
            ("ap-southeast-2", "ApSoutheast2"),
            ("", "Value"),
        ];
        for (input, expected) in cases {
            assert_eq!(pascal_case(input), expected, "pascal_case({input})");
        }
    }

    #[test]
    fn type_names_avoid_self() {
        assert_eq!(type_name("SELF"), "SelfValue");
        assert_eq!(type_name("self"), "SelfValue");
        assert_eq!(type_name("Selfie"), "Selfie");
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(escape_keyword("type"), "r#type");
        assert_eq!(escape_keyword("self"), "self_value");
        assert_eq!(escape_keyword("Self"), "Self_value");
        assert_eq!(escape_keyword("name"), "name");
        assert_eq!(unraw("r#type"), "type");
    }

    #[test]
    fn unique_appends_the_first_free_number() {
        let taken = ["foo", "foo_2"];
        assert_eq!(unique("foo", "_", |c| taken.contains(&c)), "foo_3");
        assert_eq!(unique("bar", "_", |c| taken.contains(&c)), "bar");
        assert_eq!(unique("r#type", "_", |c| c == "r#type"), "type_2");
    }
}
