//! The shared config and credentials files (`~/.aws/config`,
//! `~/.aws/credentials`) as the AWS SDKs read them, without I/O: the text
//! in, the profiles, `sso-session` and `services` sections out.
//!
//! In the config file a profile is `[profile NAME]`, or `[default]` (which
//! a `[profile default]` in the same file overrides); in the credentials
//! file it is `[NAME]`. Sections of the same name merge, the last value of
//! a key winning, and the credentials file's values win over the config
//! file's. Names of profiles and keys outside letters, digits and
//! `-/._%@:+` are ignored, with what they name; keys are read in any case.

mod location;
mod parse;

use std::collections::BTreeMap;

pub use location::{home, FileLocations, Platform};
pub use parse::ProfileFileError;
use parse::{is_identifier, RawSection};

/// The properties of one section, by lower-case key. A property with
/// sub-properties holds them as written, one per line after a leading
/// line break (`"\nname = value"`); [`Section::sub_properties`] reads
/// them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    properties: BTreeMap<String, String>,
}

impl Section {
    /// A property's value; keys are matched in any case.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties
            .get(&key.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// Every property, by lower-case key.
    pub fn properties(&self) -> &BTreeMap<String, String> {
        &self.properties
    }

    /// The sub-properties under `key` (`s3 =` followed by indented
    /// `name = value` lines), by lower-case name.
    pub fn sub_properties(&self, key: &str) -> BTreeMap<String, String> {
        let Some(value) = self.get(key) else {
            return BTreeMap::new();
        };
        value
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect()
    }

    fn merge(&mut self, properties: Vec<(String, String)>) {
        self.properties.extend(properties);
    }
}

/// The profiles and sections of a config file and a credentials file,
/// merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Section>,
    sso_sessions: BTreeMap<String, Section>,
    services: BTreeMap<String, Section>,
}

impl ProfileSet {
    /// Reads the config file's text and the credentials file's (either may
    /// be empty), each named by `sources` in errors.
    pub fn parse(
        config: &str,
        credentials: &str,
        sources: (&str, &str),
    ) -> Result<Self, ProfileFileError> {
        let config = parse::sections(config, sources.0)?;
        let credentials = parse::sections(credentials, sources.1)?;
        let mut set = Self::default();
        let prefixed_default = config.iter().any(|section| {
            section.header != "default"
                && config_section(&section.header) == Some(Kind::Profile("default"))
        });
        for RawSection { header, properties } in config {
            let into = match config_section(&header) {
                Some(Kind::Profile("default")) if header == "default" && prefixed_default => {
                    continue
                }
                Some(Kind::Profile(name)) => set.profiles.entry(name.to_owned()),
                Some(Kind::SsoSession(name)) => set.sso_sessions.entry(name.to_owned()),
                Some(Kind::Services(name)) => set.services.entry(name.to_owned()),
                None => continue,
            };
            into.or_default().merge(properties);
        }
        for RawSection { header, properties } in credentials {
            if is_identifier(&header) {
                set.profiles.entry(header).or_default().merge(properties);
            }
        }
        Ok(set)
    }

    /// A profile by name.
    pub fn profile(&self, name: &str) -> Option<&Section> {
        self.profiles.get(name)
    }

    /// Every profile, by name.
    pub fn profiles(&self) -> &BTreeMap<String, Section> {
        &self.profiles
    }

    /// An `[sso-session NAME]` section by name.
    pub fn sso_session(&self, name: &str) -> Option<&Section> {
        self.sso_sessions.get(name)
    }

    /// Every `[sso-session NAME]` section, by name.
    pub fn sso_sessions(&self) -> &BTreeMap<String, Section> {
        &self.sso_sessions
    }

    /// A `[services NAME]` section by name.
    pub fn services(&self, name: &str) -> Option<&Section> {
        self.services.get(name)
    }
}

/// What a config-file section is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind<'a> {
    Profile(&'a str),
    SsoSession(&'a str),
    Services(&'a str),
}

/// A config-file header's kind and name; `None` for one that names none
/// (`[foo]`, `[profilefoo]`, an invalid name).
fn config_section(header: &str) -> Option<Kind<'_>> {
    if header == "default" {
        return Some(Kind::Profile("default"));
    }
    let (prefix, name) = header.split_once([' ', '\t'])?;
    let name = name.trim();
    if !is_identifier(name) {
        return None;
    }
    match prefix {
        "profile" => Some(Kind::Profile(name)),
        "sso-session" => Some(Kind::SsoSession(name)),
        "services" => Some(Kind::Services(name)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_default_section_is_the_default_profile_unless_a_prefixed_one_exists() {
        let names = ("config", "credentials");
        let plain = ProfileSet::parse("[default]\nregion = a", "", names).unwrap();
        assert_eq!(plain.profile("default").unwrap().get("region"), Some("a"));
        let both = "[default]\nregion = a\n[profile default]\noutput = json";
        let both = ProfileSet::parse(both, "", names).unwrap();
        assert_eq!(both.profile("default").unwrap().get("region"), None);
        assert_eq!(both.profile("default").unwrap().get("output"), Some("json"));
    }

    #[test]
    fn services_sections_hold_sub_properties_per_service() {
        let set = ProfileSet::parse(
            "[profile dev]\nservices = local\n[services local]\ns3 =\n  endpoint_url = http://localhost:9000\n  Addressing_Style = path\n",
            "",
            ("config", "credentials"),
        )
        .unwrap();
        let services = set.services("local").unwrap();
        assert_eq!(
            services.sub_properties("S3"),
            BTreeMap::from([
                ("addressing_style".to_owned(), "path".to_owned()),
                (
                    "endpoint_url".to_owned(),
                    "http://localhost:9000".to_owned()
                ),
            ])
        );
        assert_eq!(set.profile("dev").unwrap().get("SERVICES"), Some("local"));
    }
}
