//! Constraint traits: tightened on what requests carry is risky, loosened
//! or on responses (which are not validated) compatible.

use super::super::report::Severity;
use super::super::rules::Rule;
use super::super::surface::ChecksSurface;
use super::Changes;

/// Constraint changes: tightening breaks requests that passed before, but
/// only on types requests carry; responses are never validated.
pub(super) fn diff_checks(
    out: &mut Changes,
    id: &str,
    member: Option<&str>,
    what: &str,
    sent: bool,
    old: &ChecksSurface,
    new: &ChecksSurface,
) {
    let tightened_severity = if sent {
        Severity::Risky
    } else {
        Severity::Compatible
    };
    let unvalidated = if sent {
        ""
    } else {
        " (responses are not validated)"
    };
    let mut report = |tightened: bool, rules: (Rule, Rule), text: String| {
        let (rule, severity, verb) = if tightened {
            (rules.0, tightened_severity, "tightened")
        } else {
            (rules.1, Severity::Compatible, "loosened")
        };
        out.push(
            rule,
            severity,
            id,
            member,
            format!("{text} {verb}{unvalidated}"),
        );
    };
    if old.length != new.length {
        report(
            bounds_tightened(&old.length, &new.length, |n: &u64| *n as f64),
            (Rule::LengthTightened, Rule::LengthLoosened),
            format!(
                "`@length` of {what} is {} instead of {}:",
                show_bounds(&new.length),
                show_bounds(&old.length)
            ),
        );
    }
    if old.range != new.range {
        report(
            bounds_tightened(&old.range, &new.range, |n: &String| {
                n.parse::<f64>().unwrap_or(f64::NAN)
            }),
            (Rule::RangeTightened, Rule::RangeLoosened),
            format!(
                "`@range` of {what} is {} instead of {}:",
                show_bounds(&new.range),
                show_bounds(&old.range)
            ),
        );
    }
    if old.pattern != new.pattern {
        report(
            new.pattern.is_some(),
            (Rule::PatternTightened, Rule::PatternLoosened),
            match &new.pattern {
                Some(pattern) => format!("`@pattern` of {what} is now `{pattern}`:"),
                None => format!("`@pattern` of {what} removed:"),
            },
        );
    }
    if old.unique != new.unique {
        if new.unique {
            out.push(
                Rule::UniqueItemsAdded,
                tightened_severity,
                id,
                member,
                format!("{what} must now hold unique items{unvalidated}"),
            );
        } else {
            out.push(
                Rule::UniqueItemsRemoved,
                Severity::Compatible,
                id,
                member,
                format!("{what} may now hold repeated items"),
            );
        }
    }
    let empty = ChecksSurface::default();
    for (label, before, after) in [
        ("items", &old.items, &new.items),
        ("keys", &old.keys, &new.keys),
        ("values", &old.values, &new.values),
    ] {
        let before = before.as_deref().unwrap_or(&empty);
        let after = after.as_deref().unwrap_or(&empty);
        if before != after {
            let inner = format!("the {label} of {what}");
            diff_checks(out, id, member, &inner, sent, before, after);
        }
    }
}

/// Whether some value inside the old bounds falls outside the new ones.
fn bounds_tightened<T>(
    old: &Option<(Option<T>, Option<T>)>,
    new: &Option<(Option<T>, Option<T>)>,
    number: impl Fn(&T) -> f64,
) -> bool {
    let (old_min, old_max) = old
        .as_ref()
        .map_or((None, None), |(a, b)| (a.as_ref(), b.as_ref()));
    let (new_min, new_max) = new
        .as_ref()
        .map_or((None, None), |(a, b)| (a.as_ref(), b.as_ref()));
    let min_raised = match (old_min, new_min) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => number(b) > number(a),
    };
    let max_lowered = match (old_max, new_max) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => number(b) < number(a),
    };
    min_raised || max_lowered
}

fn show_bounds<T: std::fmt::Display>(bounds: &Option<(Option<T>, Option<T>)>) -> String {
    match bounds {
        None => "unbounded".to_owned(),
        Some((min, max)) => {
            let show = |b: &Option<T>| b.as_ref().map_or_else(String::new, ToString::to_string);
            format!("{}..={}", show(min), show(max))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_tighten_when_a_value_once_allowed_is_refused() {
        let b = |min: Option<u64>, max: Option<u64>| Some((min, max));
        let n = |n: &u64| *n as f64;
        assert!(bounds_tightened(&None, &b(Some(1), None), n));
        assert!(bounds_tightened(
            &b(Some(1), Some(9)),
            &b(Some(1), Some(8)),
            n
        ));
        assert!(bounds_tightened(
            &b(Some(1), Some(9)),
            &b(Some(2), Some(20)),
            n
        ));
        assert!(!bounds_tightened(
            &b(Some(1), Some(9)),
            &b(Some(0), Some(10)),
            n
        ));
        assert!(!bounds_tightened(&b(Some(1), Some(9)), &None, n));
    }
}
