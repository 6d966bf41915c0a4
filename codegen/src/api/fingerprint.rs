//! The API fingerprint `generate` writes beside the crate: the surface of
//! every service module, one operation or type a line so that its own
//! diffs read well, and read back at the next generation to report what
//! changed.

use serde::Deserialize;

use super::surface::ServiceSurface;

/// The file's name in the crate folder.
pub const FILE: &str = "api-fingerprint.json";

/// Bumped when the layout changes; an older fingerprint is then not
/// compared, rather than misread. 2: fields and union variants carry
/// their Rust type as the emitters spell it.
const FORMAT: u32 = 2;

/// The fingerprint's text.
pub fn render(services: &[ServiceSurface]) -> String {
    let mut out = crate::render::json_preamble();
    out.push_str(&format!("\"format\": {FORMAT},\n\"services\": ["));
    for (index, service) in services.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            "\n{{\"id\": {}, \"module\": {}, \"errors\": {},\n\"operations\": {{",
            json(&service.id),
            json(&service.module),
            json(&service.errors)
        ));
        entries(&mut out, service.operations.iter());
        out.push_str("},\n\"types\": {");
        entries(&mut out, service.types.iter());
        out.push_str("}}");
    }
    out.push_str("\n]\n}\n");
    out
}

fn entries<'a, T: serde::Serialize + 'a>(
    out: &mut String,
    items: impl Iterator<Item = (&'a String, &'a T)>,
) {
    let mut first = true;
    for (id, item) in items {
        out.push_str(if first { "\n" } else { ",\n" });
        first = false;
        out.push_str(&format!("{}: {}", json(id), json(item)));
    }
    if !first {
        out.push('\n');
    }
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Surfaces hold strings, numbers, lists and maps with string keys,
    // which always serialize.
    serde_json::to_string(value).unwrap_or_default()
}

/// Reads a fingerprint back; `None` when it has another format version.
pub fn parse(text: &str) -> Result<Option<Vec<ServiceSurface>>, String> {
    #[derive(Deserialize)]
    struct File {
        format: u32,
        services: serde_json::Value,
    }
    let file: File = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if file.format != FORMAT {
        return Ok(None);
    }
    serde_json::from_value(file.services)
        .map(Some)
        .map_err(|e| e.to_string())
}
