//! A made-up machine for credential providers: only the variables and
//! files a test gives, so nothing touches the real environment or home.

use smithy_runtime::credentials::providers::{Os, ProviderConfig};

/// A provider configuration on a machine holding exactly `vars` and
/// `files` (by absolute path).
pub fn machine(vars: &[(&str, &str)], files: &[(&str, &str)]) -> ProviderConfig {
    let vars = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let files = files
        .iter()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
        .collect();
    ProviderConfig::new().with_os(Os::fixed(vars, files))
}
