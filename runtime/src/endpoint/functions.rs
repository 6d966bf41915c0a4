//! The functions rule sets call: Smithy's standard library and the AWS
//! ones (`getAttr`, whose path is parsed once, is an expression of its own). Each returns [`Value::None`] where the specification says the
//! result is unset (a failed parse, an index out of range).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::sync::{Arc, LazyLock};

use super::partitions::{Partition, PartitionFacts, PARTITIONS};
use super::rules::Step;
use super::Value;

/// A function a rule set may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Function {
    BooleanEquals,
    StringEquals,
    IsSet,
    Not,
    Substring,
    IsValidHostLabel,
    ParseUrl,
    UriEncode,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

impl Function {
    pub fn named(name: &str) -> Option<Self> {
        Some(match name {
            "booleanEquals" => Self::BooleanEquals,
            "stringEquals" => Self::StringEquals,
            "isSet" => Self::IsSet,
            "not" => Self::Not,
            "substring" => Self::Substring,
            "isValidHostLabel" => Self::IsValidHostLabel,
            "parseURL" => Self::ParseUrl,
            "uriEncode" => Self::UriEncode,
            "aws.partition" => Self::Partition,
            "aws.parseArn" => Self::ParseArn,
            "aws.isVirtualHostableS3Bucket" => Self::IsVirtualHostableS3Bucket,
            _ => return None,
        })
    }

    pub fn arity(self) -> RangeInclusive<usize> {
        match self {
            Self::IsSet
            | Self::Not
            | Self::ParseUrl
            | Self::UriEncode
            | Self::Partition
            | Self::ParseArn => 1..=1,
            Self::BooleanEquals
            | Self::StringEquals
            | Self::IsValidHostLabel
            | Self::IsVirtualHostableS3Bucket => 2..=2,
            Self::Substring => 4..=4,
        }
    }

    /// Calls the function on evaluated arguments (as many as `arity` says),
    /// with `aws.partition` answering from the edition `facts`.
    pub fn call(self, args: &[Cow<'_, Value>], facts: PartitionFacts) -> Value {
        let args: [&Value; 4] = std::array::from_fn(|i| args.get(i).map_or(&Value::None, |a| &**a));
        match self {
            Self::BooleanEquals => match (args[0], args[1]) {
                (Value::Bool(a), Value::Bool(b)) => Value::Bool(a == b),
                _ => Value::Bool(false),
            },
            Self::StringEquals => match (args[0], args[1]) {
                (Value::String(a), Value::String(b)) => Value::Bool(a == b),
                _ => Value::Bool(false),
            },
            Self::IsSet => Value::Bool(!matches!(args[0], Value::None)),
            Self::Not => match args[0] {
                Value::Bool(b) => Value::Bool(!*b),
                _ => Value::None,
            },
            Self::Substring => match (args[0], args[1], args[2], args[3]) {
                (
                    Value::String(text),
                    Value::Int(start),
                    Value::Int(stop),
                    Value::Bool(reverse),
                ) => substring(text, *start, *stop, *reverse).map_or(Value::None, Value::String),
                _ => Value::None,
            },
            Self::IsValidHostLabel => match (args[0], args[1]) {
                (Value::String(text), Value::Bool(subdomains)) => {
                    Value::Bool(is_valid_host_label(text, *subdomains))
                }
                _ => Value::Bool(false),
            },
            Self::ParseUrl => match args[0] {
                Value::String(url) => parse_url(url),
                _ => Value::None,
            },
            Self::UriEncode => match args[0] {
                Value::String(text) => Value::String(uri_encode(text)),
                _ => Value::None,
            },
            Self::Partition => match args[0] {
                Value::String(region) => partition_of(region, facts),
                _ => Value::None,
            },
            Self::ParseArn => match args[0] {
                Value::String(arn) => parse_arn(arn),
                _ => Value::None,
            },
            Self::IsVirtualHostableS3Bucket => match (args[0], args[1]) {
                (Value::String(bucket), Value::Bool(subdomains)) => {
                    Value::Bool(is_virtual_hostable_s3_bucket(bucket, *subdomains))
                }
                _ => Value::Bool(false),
            },
        }
    }
}

/// Follows a getAttr path; unset where a key or index is missing.
pub(super) fn get_attr<'v>(value: &'v Value, steps: &[Step]) -> &'v Value {
    let mut current = value;
    for step in steps {
        let next = match (step, current) {
            (Step::Key(key), Value::Object(fields)) => fields.get(key.as_str()),
            (Step::Index(i), Value::Array(items)) => items.get(*i),
            _ => None,
        };
        current = match next {
            Some(v) => v,
            None => return &Value::None,
        };
    }
    current
}

/// `substring`: ASCII only; `reverse` counts from the end.
fn substring(text: &str, start: i64, stop: i64, reverse: bool) -> Option<String> {
    if !text.is_ascii() || start < 0 || stop < 0 {
        return None;
    }
    let (start, stop, len) = (start as usize, stop as usize, text.len());
    if start >= stop || stop > len {
        return None;
    }
    let (from, to) = if reverse {
        (len - stop, len - start)
    } else {
        (start, stop)
    };
    Some(text[from..to].to_owned())
}

/// `isValidHostLabel`: letters, digits and `-`, 1 to 63 of them, not
/// starting with `-`; with `allow_subdomains`, several such labels joined
/// by `.`.
pub(super) fn is_valid_host_label(text: &str, allow_subdomains: bool) -> bool {
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if allow_subdomains {
        text.split('.').all(label)
    } else {
        label(text)
    }
}

/// `parseURL`: scheme, authority, path, normalized path and whether the
/// host is an IP address; unset for anything but a plain http(s) URL
/// without a query.
fn parse_url(url: &str) -> Value {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Value::None;
    };
    if !(scheme == "http" || scheme == "https") || url.contains('?') || url.contains('#') {
        return Value::None;
    }
    let (authority, path) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, ""),
    };
    if authority.is_empty() {
        return Value::None;
    }
    let host = if authority.starts_with('[') {
        authority.split(']').next().map(|h| &h[1..]).unwrap_or("")
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    let is_ip = authority.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok();
    let normalized = if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    };
    let mut fields = BTreeMap::new();
    fields.insert("scheme".to_owned(), Value::String(scheme.to_owned()));
    fields.insert("authority".to_owned(), Value::String(authority.to_owned()));
    fields.insert("path".to_owned(), Value::String(path.to_owned()));
    fields.insert("normalizedPath".to_owned(), Value::String(normalized));
    fields.insert("isIp".to_owned(), Value::Bool(is_ip));
    Value::Object(Arc::new(fields))
}

/// `uriEncode`: every byte but unreserved characters percent-encoded, as
/// labels are.
pub(super) fn uri_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::request::percent_encode_into(&mut out, text, false);
    out
}

/// Each partition as the record `aws.partition` returns, built once for
/// each edition of the facts.
static PARTITION_RECORDS: LazyLock<[Vec<Value>; 2]> = LazyLock::new(|| {
    [PartitionFacts::Current, PartitionFacts::WithoutIsoDualStack]
        .map(|facts| PARTITIONS.iter().map(|p| record(p, facts)).collect())
});

/// `aws.partition`: the partition that lists the region, else the first
/// whose region names it has the form of, else `aws`.
fn partition_of(region: &str, facts: PartitionFacts) -> Value {
    let chosen = PARTITIONS
        .iter()
        .position(|p| p.regions.contains(&region))
        .or_else(|| PARTITIONS.iter().position(|p| has_region_form(p, region)))
        .or_else(|| PARTITIONS.iter().position(|p| p.id == "aws"));
    let edition = match facts {
        PartitionFacts::Current => 0,
        PartitionFacts::WithoutIsoDualStack => 1,
    };
    chosen.map_or(Value::None, |index| {
        PARTITION_RECORDS[edition][index].clone()
    })
}

fn record(p: &Partition, facts: PartitionFacts) -> Value {
    let (supports_dual_stack, dual_stack_dns_suffix) = p.dual_stack(facts);
    let mut fields = BTreeMap::new();
    let text = |s: &str| Value::String(s.to_owned());
    fields.insert("name".to_owned(), text(p.name));
    fields.insert("dnsSuffix".to_owned(), text(p.dns_suffix));
    fields.insert("dualStackDnsSuffix".to_owned(), text(dual_stack_dns_suffix));
    fields.insert("supportsFIPS".to_owned(), Value::Bool(p.supports_fips));
    fields.insert(
        "supportsDualStack".to_owned(),
        Value::Bool(supports_dual_stack),
    );
    fields.insert(
        "implicitGlobalRegion".to_owned(),
        text(p.implicit_global_region),
    );
    Value::Object(Arc::new(fields))
}

/// `prefix-word-number`, as the partition's region pattern has it.
fn has_region_form(partition: &Partition, region: &str) -> bool {
    partition.region_prefixes.iter().any(|prefix| {
        let Some(rest) = region
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix('-'))
        else {
            return false;
        };
        let Some((word, number)) = rest.split_once('-') else {
            return false;
        };
        !word.is_empty()
            && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit())
    })
}

/// `aws.parseArn`: `arn:partition:service:region:account:resource`, the
/// resource split on `:` and `/`.
fn parse_arn(arn: &str) -> Value {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some(service), Some(region), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Value::None;
    };
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return Value::None;
    }
    let mut fields = BTreeMap::new();
    let text = |s: &str| Value::String(s.to_owned());
    fields.insert("partition".to_owned(), text(partition));
    fields.insert("service".to_owned(), text(service));
    fields.insert("region".to_owned(), text(region));
    fields.insert("accountId".to_owned(), text(account));
    fields.insert(
        "resourceId".to_owned(),
        Value::Array(resource.split([':', '/']).map(text).collect()),
    );
    Value::Object(Arc::new(fields))
}

/// `aws.isVirtualHostableS3Bucket`: a bucket name that can stand as a host
/// label: 3 to 63 lowercase letters, digits, `-` (and `.` with
/// `allow_subdomains`), starting and ending with a letter or digit, and not
/// an IP address.
fn is_virtual_hostable_s3_bucket(bucket: &str, allow_subdomains: bool) -> bool {
    let label = |l: &str| {
        (3..=63).contains(&l.len())
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && l.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && l.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric())
    };
    if allow_subdomains {
        bucket.parse::<std::net::Ipv4Addr>().is_err()
            && !bucket.contains("..")
            && bucket.split('.').all(|l| {
                !l.is_empty()
                    && l.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !l.starts_with('-')
                    && !l.ends_with('-')
            })
            && (3..=63).contains(&bucket.len())
    } else {
        label(bucket)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::String(text.to_owned())
    }

    #[test]
    fn partitions_are_chosen_by_listed_region_then_form_then_aws() {
        let name = |region: &str| {
            get_attr(
                &partition_of(region, PartitionFacts::Current),
                &[Step::Key("name".into())],
            )
            .clone()
        };
        assert_eq!(name("us-east-1"), s("aws"));
        assert_eq!(name("cn-north-1"), s("aws-cn"));
        assert_eq!(name("us-gov-west-1"), s("aws-us-gov"));
        // Not listed, but of a partition's form.
        assert_eq!(name("us-gov-north-9"), s("aws-us-gov"));
        assert_eq!(name("us-isob-west-7"), s("aws-iso-b"));
        assert_eq!(name("eu-west-9"), s("aws"));
        // Of no form at all.
        assert_eq!(name("mars-east-1"), s("aws"));
        assert_eq!(name("aws-cn-global"), s("aws-cn"));
    }

    /// botocore's current data gives the ISO partitions dual-stack
    /// endpoints; the earlier edition, which older models' endpoint tests
    /// expect, does not.
    #[test]
    fn the_iso_partitions_have_dual_stack_in_the_current_facts_only() {
        let dual_stack = |region: &str, facts| {
            let record = partition_of(region, facts);
            let attr = |key: &str| get_attr(&record, &[Step::Key(key.into())]).clone();
            (attr("supportsDualStack"), attr("dualStackDnsSuffix"))
        };
        assert_eq!(
            dual_stack("us-iso-east-1", PartitionFacts::Current),
            (Value::Bool(true), s("api.aws.ic.gov"))
        );
        assert_eq!(
            dual_stack("us-isob-east-1", PartitionFacts::WithoutIsoDualStack),
            (Value::Bool(false), s("sc2s.sgov.gov"))
        );
        // Other partitions are the same in both.
        for facts in [PartitionFacts::Current, PartitionFacts::WithoutIsoDualStack] {
            assert_eq!(
                dual_stack("us-gov-west-1", facts),
                (Value::Bool(true), s("api.aws"))
            );
        }
    }

    #[test]
    fn substrings_count_from_either_end_and_refuse_non_ascii() {
        assert_eq!(substring("abcdef", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdef", 0, 4, true).as_deref(), Some("cdef"));
        assert_eq!(substring("abc", 1, 4, false), None);
        assert_eq!(substring("abc", 2, 2, false), None);
        assert_eq!(substring("ab\u{e9}cd", 0, 2, false), None);
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("a..b", true));
    }

    #[test]
    fn urls_parse_into_their_parts() {
        let url = parse_url("https://example.com:8443/a/b");
        let get = |k: &str| get_attr(&url, &[Step::Key(k.into())]).clone();
        assert_eq!(get("scheme"), s("https"));
        assert_eq!(get("authority"), s("example.com:8443"));
        assert_eq!(get("path"), s("/a/b"));
        assert_eq!(get("normalizedPath"), s("/a/b/"));
        assert_eq!(get("isIp"), Value::Bool(false));
        let ip = parse_url("http://127.0.0.1:80");
        assert_eq!(
            get_attr(&ip, &[Step::Key("isIp".into())]),
            &Value::Bool(true)
        );
        assert_eq!(
            get_attr(&ip, &[Step::Key("normalizedPath".into())]),
            &s("/")
        );
        assert_eq!(parse_url("ftp://x"), Value::None);
        assert_eq!(parse_url("https://x/?q=1"), Value::None);
        assert_eq!(parse_url("not a url"), Value::None);
    }

    #[test]
    fn arns_split_their_resource() {
        let arn = parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap:obj");
        assert_eq!(get_attr(&arn, &[Step::Key("service".into())]), &s("s3"));
        assert_eq!(
            get_attr(&arn, &[Step::Key("resourceId".into()), Step::Index(2)]),
            &s("obj")
        );
        assert_eq!(parse_arn("arn:aws:s3"), Value::None);
        assert_eq!(parse_arn("nope:aws:s3:r:a:x"), Value::None);
    }

    #[test]
    fn uri_encoding_keeps_only_unreserved_characters() {
        assert_eq!(uri_encode("a b/c~d:é"), "a%20b%2Fc~d%3A%C3%A9");
    }

    #[test]
    fn bucket_names_that_can_be_hosts() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket("a.b.c", false));
        assert!(is_virtual_hostable_s3_bucket("a.b.c", true));
        assert!(!is_virtual_hostable_s3_bucket("192.168.0.1", true));
    }
}
