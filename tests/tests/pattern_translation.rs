//! The generated validators run most `@pattern`s on the `regex` crate after
//! translating them from ECMA 262 (`codegen::pattern`). These tests hold the
//! translation to ECMA 262 itself, as `regress` implements it, over every
//! pattern in the upstream models and the fixtures.

use aws_generated::runtime::validate::Matcher;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use regex_syntax::hir::{Hir, HirKind};

/// The most repetitions a sample takes of any part of a pattern. `regress`
/// backtracks, and some upstream patterns (nested quantifiers in the Amazon
/// Location ARNs) take it time that grows steeply with the input; short
/// samples keep the comparison quick without losing what it checks.
const MAX_REPEAT: u32 = 6;

/// Characters where the two syntaxes are most likely to part ways: line
/// terminators and other ECMA white space, non-ASCII digits and letters,
/// characters special inside `regex` classes, and a character outside the BMP.
const TRICKY: &[char] = &[
    '\n', '\r', '\t', '\u{0B}', '\u{0C}', ' ', '\u{A0}', '\u{2028}', '\u{2029}', '\u{FEFF}',
    '\u{3000}', '\0', 'é', 'ß', 'ſ', '\u{212A}', '٣', '中', '😀', '&', '~', '-', '[', ']', '^',
    '\\', '/', ':', '.', '_', '#', '0', '9', 'a', 'Z',
];

fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        proptest::sample::select(TRICKY),
        proptest::char::range(' ', '~'),
        any::<char>(),
    ]
}

/// Strings the translated pattern matches, then the same strings with one
/// character inserted or replaced, then strings of tricky characters.
fn samples(translated: &str) -> impl Strategy<Value = String> {
    let hir = regex_syntax::parse(translated).unwrap_or_else(|e| panic!("{translated:?}: {e}"));
    let matching = proptest::string::string_regex_parsed(&sampling_form(&hir))
        .unwrap_or_else(|e| panic!("{translated:?}: {e}"))
        .boxed();
    let edited = (
        matching.clone(),
        any::<prop::sample::Index>(),
        tricky_char(),
        any::<bool>(),
    )
        .prop_map(|(text, at, c, replace)| {
            let mut chars: Vec<char> = text.chars().collect();
            let at = at.index(chars.len() + 1);
            if replace && at < chars.len() {
                chars[at] = c;
            } else {
                chars.insert(at, c);
            }
            chars.into_iter().collect()
        });
    let arbitrary = proptest::collection::vec(tricky_char(), 0..24)
        .prop_map(|chars| chars.into_iter().collect());
    prop_oneof![matching, edited, arbitrary]
}

/// `hir` in a form the string generator can sample: without anchors, which it
/// cannot honour (the strings usually still match, since upstream anchors sit
/// at the ends, and are fair samples when they do not), and with repetitions
/// capped at [`MAX_REPEAT`] beyond their minimum.
fn sampling_form(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Repetition(repetition) => {
            let mut repetition = repetition.clone();
            repetition.sub = Box::new(sampling_form(&repetition.sub));
            let cap = MAX_REPEAT.max(repetition.min);
            repetition.max = Some(repetition.max.map_or(cap, |max| max.min(cap)));
            Hir::repetition(repetition)
        }
        HirKind::Capture(capture) => {
            let mut capture = capture.clone();
            capture.sub = Box::new(sampling_form(&capture.sub));
            Hir::capture(capture)
        }
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(sampling_form).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(sampling_form).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => hir.clone(),
    }
}

/// Whether both engines put `c` in the same general category. Their Unicode
/// tables come from different Unicode versions, so a character assigned in a
/// recent version is a letter to one and unassigned to the other; on such
/// characters they disagree whatever the translation does.
fn same_unicode_data(c: char) -> bool {
    static CATEGORIES: std::sync::LazyLock<Vec<(Matcher, Matcher)>> =
        std::sync::LazyLock::new(|| {
            ["L", "M", "N", "P", "S", "Z", "Cc", "Cf", "Co"]
                .iter()
                .map(|category| {
                    let source = format!(r"^\p{{{category}}}$");
                    (
                        Matcher::translated(&source).unwrap(),
                        Matcher::ecma(&source, true).unwrap(),
                    )
                })
                .collect()
        });
    let text = c.to_string();
    CATEGORIES
        .iter()
        .all(|(fast, ecma)| fast.is_match(&text) == ecma.is_match(&text))
}

/// Runs `cases` samples through both engines and fails on the first string
/// they disagree on. Returns whether the pattern takes the fast path: like the
/// generator, only patterns valid in ECMA 262 `u` mode are translated.
fn agree(source: &str, cases: u32) -> bool {
    let Some(ecma) = Matcher::ecma(source, true) else {
        return false;
    };
    let Some(translated) = codegen::pattern::fast_path(source, true) else {
        return false;
    };
    // Generated code has no fallback: a translation the generator hands
    // out must compile, within the `regex` crate's size limit.
    let fast = Matcher::translated(&translated).unwrap_or_else(|| {
        panic!("{source:?} translated to {translated:?}, which the regex crate does not compile")
    });
    // A fixed seed: the same samples every run. Random ones once drew an
    // edited sample on which the backtracking ECMA 262 engine took minutes,
    // and a test's running time must not depend on luck.
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    runner
        .run(&samples(&translated), |text| {
            prop_assume!(text.chars().all(same_unicode_data));
            prop_assert_eq!(
                fast.is_match(&text),
                ecma.is_match(&text),
                "pattern {:?} translated to {:?} on {:?}",
                source,
                translated,
                text
            );
            Ok(())
        })
        .unwrap();
    true
}

#[test]
fn every_translated_upstream_pattern_matches_as_ecma_262_does() {
    let dir = integration_tests::upstream_models_dir();
    let mut patterns = integration_tests::upstream_patterns(&dir);
    patterns.sort();
    patterns.dedup();
    let translated = patterns.iter().filter(|p| agree(p, 256)).count();
    // Nearly every upstream pattern takes the fast path; the rest use
    // lookaround or word boundaries, or are not valid in `u` mode.
    assert!(
        translated * 100 >= patterns.len() * 85,
        "only {translated} of {} patterns translate",
        patterns.len()
    );
}

#[test]
fn hand_picked_patterns_match_as_ecma_262_does() {
    for pattern in [
        r"^\d+$",
        r"^\w+$",
        r"^\s*\S+\s*$",
        r"^.+$",
        r"^[\d\-a-f]+$",
        r"^[^\D]$",
        r"[&~]",
        r"^[\p{L}\p{N}\s._:/=+\-@]*$",
        r"^\u00e9\u{1F600}?$",
        r"^(?<year>[0-9]{4})-(?:[0-9]{2})$",
        r"^[ -~]{1,5}$",
        r"\t|\n|\v|\f|\r|\0",
        r"^[\b]$",
    ] {
        assert!(agree(pattern, 2048), "{pattern} does not translate");
    }
}

/// The generator estimates whether a translation fits the `regex` crate's
/// size limit instead of compiling it; every pattern of all 200 upstream
/// models holds the estimate to the real thing.
#[test]
fn every_upstream_translation_compiles_within_the_size_limit() {
    let dir = integration_tests::upstream_models_dir();
    let mut patterns = integration_tests::upstream_patterns(&dir);
    patterns.extend(integration_tests::upstream_patterns(
        &integration_tests::breadth_models_dir(),
    ));
    patterns.sort();
    patterns.dedup();
    let mut translated = 0;
    for pattern in &patterns {
        if Matcher::ecma(pattern, true).is_none() {
            continue;
        }
        if let Some(translation) = codegen::pattern::fast_path(pattern, true) {
            translated += 1;
            assert!(
                Matcher::translated(&translation).is_some(),
                "{pattern:?} translated to {translation:?}, which the regex crate does not compile"
            );
        }
    }
    assert!(translated > 0);
}
