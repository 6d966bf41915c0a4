//! Strict loading of input written by people (`from_json`) and lenient
//! reading of response bodies, for the types of Connect, Chime SDK Voice
//! and the fixtures: any text reads or fails with an error.

#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_runtime::json::{ReadJson, Reader};

/// Reads `text` strictly and leniently as a `T`.
fn both<T: ReadJson>(text: &str) {
    let _ = smithy_runtime::from_json::<T>(text);
    let mut reader = Reader::lenient(text.as_bytes());
    if T::read_json(&mut reader).is_ok() {
        let _ = reader.end();
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    use aws_generated::chime_sdk_voice::types as voice;
    use aws_generated::connect::types as connect;
    use fixtures_generated::{http, recursion, shapes};
    match selector % 8 {
        0 => both::<connect::UpdateTrafficDistributionRequest>(text),
        1 => both::<voice::PutVoiceConnectorOriginationRequest>(text),
        2 => both::<voice::PutVoiceConnectorOriginationResponse>(text),
        3 => both::<shapes::types::Everything>(text),
        4 => both::<http::types::SendDocumentInput>(text),
        5 => both::<http::types::SendDocumentOutput>(text),
        6 => both::<recursion::types::Tree>(text),
        _ => both::<smithy_runtime::Document>(text),
    }
});
