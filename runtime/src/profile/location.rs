//! Where the shared files are and which profile is selected, from the
//! environment: `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, else
//! `~/.aws/config` and `~/.aws/credentials`; `AWS_PROFILE`, else
//! `default`. The home directory is `HOME`, then on Windows `USERPROFILE`,
//! then `HOMEDRIVE` and `HOMEPATH` together. A path that starts with `~`
//! and a separator starts at the home directory.

/// The platform whose path rules apply: a parameter, so every rule can be
/// checked on any machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// `/` separates, `HOME` is the home.
    Unix,
    /// `\` separates (`/` too after `~`), and the home may come from
    /// `USERPROFILE` or `HOMEDRIVE` with `HOMEPATH`.
    Windows,
}

impl Platform {
    /// The platform this program runs on.
    pub fn current() -> Self {
        if cfg!(windows) {
            Self::Windows
        } else {
            Self::Unix
        }
    }

    fn separator(self) -> char {
        match self {
            Self::Unix => '/',
            Self::Windows => '\\',
        }
    }
}

/// The shared files' paths and the selected profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLocations {
    /// The config file; `None` when it names the home directory and there
    /// is none.
    pub config: Option<String>,
    /// The credentials file, likewise.
    pub credentials: Option<String>,
    /// The selected profile.
    pub profile: String,
}

impl FileLocations {
    /// The locations `env` (a variable's value by name) gives on
    /// `platform`.
    pub fn from_env(env: impl Fn(&str) -> Option<String>, platform: Platform) -> Self {
        let home = home(&env, platform);
        let path = |variable: &str, file: &str| {
            let separator = platform.separator();
            let given = env(variable).filter(|path| !path.is_empty());
            let path = given.unwrap_or_else(|| format!("~{separator}.aws{separator}{file}"));
            expand_home(&path, home.as_deref(), platform)
        };
        Self {
            config: path("AWS_CONFIG_FILE", "config"),
            credentials: path("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
            profile: env("AWS_PROFILE")
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| "default".to_owned()),
        }
    }
}

/// The home directory `env` gives on `platform`: `HOME`, and on Windows
/// then `USERPROFILE`, then `HOMEDRIVE` and `HOMEPATH`.
pub fn home(env: &impl Fn(&str) -> Option<String>, platform: Platform) -> Option<String> {
    let set = |name: &str| env(name).filter(|value| !value.is_empty());
    set("HOME").or_else(|| match platform {
        Platform::Unix => None,
        Platform::Windows => set("USERPROFILE")
            .or_else(|| Some(format!("{}{}", set("HOMEDRIVE")?, set("HOMEPATH")?))),
    })
}

/// `path` with a leading `~` and separator replaced by `home`; `None` when
/// it needs a home and there is none.
fn expand_home(path: &str, home: Option<&str>, platform: Platform) -> Option<String> {
    let Some(rest) = path.strip_prefix('~') else {
        return Some(path.to_owned());
    };
    let separated = rest.starts_with('/') || rest.starts_with(platform.separator());
    if !separated {
        return Some(path.to_owned());
    }
    let home = home?;
    let rest = match platform {
        Platform::Unix => rest.to_owned(),
        Platform::Windows => rest.replace('/', "\\"),
    };
    Some(format!(
        "{}{rest}",
        home.trim_end_matches(platform.separator())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn a_tilde_starts_at_home_only_before_a_separator() {
        let linux = FileLocations::from_env(
            env(&[
                ("HOME", "/home/me/"),
                ("AWS_CONFIG_FILE", "~/cfg"),
                ("AWS_SHARED_CREDENTIALS_FILE", "~x/creds"),
            ]),
            Platform::Unix,
        );
        assert_eq!(linux.config.as_deref(), Some("/home/me/cfg"));
        assert_eq!(linux.credentials.as_deref(), Some("~x/creds"));
        let windows = FileLocations::from_env(
            env(&[("USERPROFILE", "C:\\me"), ("AWS_CONFIG_FILE", "~/a/cfg")]),
            Platform::Windows,
        );
        assert_eq!(windows.config.as_deref(), Some("C:\\me\\a\\cfg"));
        let homeless = FileLocations::from_env(env(&[]), Platform::Unix);
        assert_eq!(homeless.config, None);
        assert_eq!(homeless.profile, "default");
    }
}
