//! The model loader and lowering: any bytes as a Smithy JSON AST file are
//! loaded, a service selected and lowered to the IR and its API surface,
//! or refused with an error; never a panic or a hang.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let request = codegen::ServiceRequest {
        module: None,
        sources: vec![codegen::ModelSource::new("fuzz.json", text)],
        service: None,
        operations: Vec::new(),
        protocol: None,
    };
    let _ = codegen::api_surface(&request);
});
