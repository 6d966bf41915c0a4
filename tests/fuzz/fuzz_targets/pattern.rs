//! The pattern translators: any text as a Java-dialect pattern is
//! translated to ECMA 262 or refused, and any ECMA 262 pattern translated
//! for the `regex` crate or left to the ECMA engine; never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ecma = codegen::pattern_dialect::java_to_ecma(text);
    for source in std::iter::once(text).chain(ecma.as_deref()) {
        for unicode in [true, false] {
            let _ = codegen::pattern::fast_path(source, unicode);
        }
    }
});
