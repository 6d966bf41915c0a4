//! What providers read from the machine: environment variables and files.
//! A real machine, or a fixed one for tests and recorded scenarios, so
//! nothing in a test touches the real environment or home directory.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Read};
use std::sync::{Arc, Mutex, PoisonError};

use crate::profile::Platform;

/// The largest file a provider reads: profiles, tokens and caches are a
/// few kilobytes, and a file that is not one of them is not read whole.
const MAX_FILE: u64 = 4 * 1024 * 1024;

type Vars = dyn Fn(&str) -> Option<String> + Send + Sync;
type Files = dyn Fn(&str) -> io::Result<Vec<u8>> + Send + Sync;
type Writes = dyn Fn(&str, &[u8]) -> io::Result<()> + Send + Sync;

/// The environment and files providers read, and the files they write
/// back (a refreshed SSO token).
#[derive(Clone)]
pub struct Os {
    vars: Arc<Vars>,
    files: Arc<Files>,
    writes: Arc<Writes>,
    platform: Platform,
}

impl Os {
    /// This process's environment and file system.
    pub fn real() -> Self {
        Self {
            vars: Arc::new(|name| std::env::var(name).ok()),
            files: Arc::new(|path| {
                let mut bytes = Vec::new();
                std::fs::File::open(path)?
                    .take(MAX_FILE + 1)
                    .read_to_end(&mut bytes)?;
                if bytes.len() as u64 > MAX_FILE {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("larger than {MAX_FILE} bytes"),
                    ));
                }
                Ok(bytes)
            }),
            writes: Arc::new(write_replacing),
            platform: Platform::current(),
        }
    }

    /// A machine with only these variables and files (by absolute path),
    /// on Unix. What providers write is kept, and read back.
    pub fn fixed(vars: BTreeMap<String, String>, files: BTreeMap<String, Vec<u8>>) -> Self {
        let files = Arc::new(Mutex::new(files));
        let written = files.clone();
        Self {
            vars: Arc::new(move |name| vars.get(name).cloned()),
            files: Arc::new(move |path| {
                let files = files.lock().unwrap_or_else(PoisonError::into_inner);
                files
                    .get(path)
                    .cloned()
                    .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
            }),
            writes: Arc::new(move |path, bytes| {
                let mut files = written.lock().unwrap_or_else(PoisonError::into_inner);
                files.insert(path.to_owned(), bytes.to_vec());
                Ok(())
            }),
            platform: Platform::Unix,
        }
    }

    /// Replaces a file's contents.
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        (self.writes)(path, bytes)
    }

    /// A variable's value; `None` when it is unset or blank.
    pub fn var(&self, name: &str) -> Option<String> {
        (self.vars)(name).filter(|value| !value.trim().is_empty())
    }

    /// A file's contents.
    pub fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        (self.files)(path)
    }

    /// A file's contents as text; `None` when it does not exist.
    pub fn read_text(&self, path: &str) -> io::Result<Option<String>> {
        match self.read(path) {
            Ok(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not UTF-8")),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Which platform's paths apply.
    pub fn platform(&self) -> Platform {
        self.platform
    }

    /// The home directory, if the environment names one.
    pub fn home(&self) -> Option<String> {
        crate::profile::home(&|name: &str| (self.vars)(name), self.platform)
    }
}

impl fmt::Debug for Os {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Os")
            .field("platform", &self.platform)
            .finish_non_exhaustive()
    }
}

/// Writes `bytes` beside `path` and renames them over it, so a reader
/// never sees half a file.
fn write_replacing(path: &str, bytes: &[u8]) -> io::Result<()> {
    let temporary = format!("{path}.{}.tmp", std::process::id());
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}
