//! The endpoint rule-set decoder and resolver: any text as a rule set is
//! decoded or refused, and a decoded one resolves (or errs) for parameters
//! taken from the input, on every built-in a client sets.

#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_runtime::endpoint::{Params, RuleSet};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The last line, if any, holds parameter values: region, endpoint.
    let (rules, values) = text.rsplit_once('\n').unwrap_or((text, ""));
    let Ok(rules) = RuleSet::from_json(rules) else {
        return;
    };
    let mut values = values.split('\t');
    let mut params = Params::new();
    for parameter in rules.parameters() {
        let value = values.next().unwrap_or("us-west-2");
        params = match parameter.built_in() {
            Some("AWS::UseFIPS" | "AWS::UseDualStack") => {
                params.set(parameter.name(), value.len() % 2 == 1)
            }
            _ => params.set(parameter.name(), value),
        };
    }
    let _ = rules.resolve(&params);
});
