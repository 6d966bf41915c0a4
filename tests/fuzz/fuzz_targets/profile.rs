//! The shared config and credentials files: any text is read into
//! profiles or refused with an error naming its file and line, in one
//! pass. The input is the config file, then a NUL byte and the
//! credentials file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_runtime::profile::ProfileSet;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let (config, credentials) = data.split_at(split);
    let (Ok(config), Ok(credentials)) = (
        std::str::from_utf8(config),
        std::str::from_utf8(credentials.get(1..).unwrap_or_default()),
    ) else {
        return;
    };
    match ProfileSet::parse(config, credentials, ("config", "credentials")) {
        Ok(set) => {
            for section in set.profiles().values().chain(set.sso_sessions().values()) {
                for key in section.properties().keys() {
                    let _ = section.sub_properties(key);
                }
            }
        }
        Err(error) => assert!(error.line() >= 1),
    }
});
