//! The manifest in `models/` that says what goes into `generated/`.

use serde_json::Value;

/// One service of the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestService {
    /// The module name in the generated crate.
    pub module: String,
    /// Model files, relative to the manifest's folder.
    pub models: Vec<String>,
    pub service: String,
    /// Operation names; empty means all.
    pub operations: Vec<String>,
    /// The protocol's trait id, over the one the service prefers.
    pub protocol: Option<String>,
    /// The cargo feature the module is compiled with, for services built
    /// into the runtime crate.
    pub feature: Option<String>,
}

/// The parsed manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub crate_name: String,
    /// The output folder, relative to the repository root.
    pub out: String,
    /// Whether the services are modules of the runtime crate itself, and
    /// `out` a folder of its sources.
    pub into_runtime: bool,
    pub services: Vec<ManifestService>,
}

/// Parses manifest JSON; the error says which key is wrong.
pub fn parse(text: &str) -> Result<Manifest, String> {
    let root: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let string = |value: &Value, key: &str| -> Result<String, String> {
        value
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("`{key}` must be a string"))
    };
    let strings = |value: &Value, key: &str| -> Result<Vec<String>, String> {
        match value.get(key) {
            None => Ok(vec![]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| format!("`{key}` must hold strings"))
                })
                .collect(),
            Some(_) => Err(format!("`{key}` must be an array")),
        }
    };
    let services = root
        .get("services")
        .and_then(Value::as_array)
        .ok_or("`services` must be an array")?
        .iter()
        .map(|s| {
            Ok(ManifestService {
                module: string(s, "module")?,
                models: strings(s, "models")?,
                service: string(s, "service")?,
                operations: strings(s, "operations")?,
                protocol: match s.get("protocol") {
                    None => None,
                    Some(_) => Some(string(s, "protocol")?),
                },
                feature: match s.get("feature") {
                    None => None,
                    Some(_) => Some(string(s, "feature")?),
                },
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(Manifest {
        crate_name: string(&root, "crate_name")?,
        out: string(&root, "out")?,
        into_runtime: match root.get("into_runtime") {
            None => false,
            Some(Value::Bool(flag)) => *flag,
            Some(_) => return Err("`into_runtime` must be true or false".to_owned()),
        },
        services,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_services_and_defaults_operations_to_all() {
        let manifest = parse(
            r#"{"crate_name":"c","out":"generated","services":[
                {"module":"m","models":["a.json"],"service":"ns#S"}]}"#,
        )
        .unwrap();
        assert_eq!(manifest.services[0].models, ["a.json"]);
        assert!(manifest.services[0].operations.is_empty());
    }

    #[test]
    fn names_the_wrong_key() {
        let error = parse(r#"{"crate_name":"c","out":1,"services":[]}"#).unwrap_err();
        assert!(error.contains("`out`"), "{error}");
    }
}
