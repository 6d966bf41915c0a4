//! The certificate authorities the default transport trusts: Mozilla's, as
//! browsers do, and any a program adds, such as a corporate CA that
//! re-signs traffic on its network.

use std::fmt;

/// The root certificates TLS connections are checked against. Held as
/// DER bytes, so the configuration does not depend on a TLS library; the
/// transport checks each one when it is built.
#[derive(Clone, PartialEq, Eq)]
pub struct TlsRoots {
    mozilla: bool,
    added: Vec<Vec<u8>>,
}

impl Default for TlsRoots {
    fn default() -> Self {
        Self::mozilla()
    }
}

impl TlsRoots {
    /// Mozilla's root certificates (the `webpki-roots` crate's copy).
    pub fn mozilla() -> Self {
        Self {
            mozilla: true,
            added: Vec::new(),
        }
    }

    /// No root certificates but those added: a program that trusts only
    /// its own CA.
    pub fn only_added() -> Self {
        Self {
            mozilla: false,
            added: Vec::new(),
        }
    }

    /// Adds one certificate in DER form.
    pub fn with_der(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.added.push(der.into());
        self
    }

    /// Adds every `CERTIFICATE` block of PEM text (other blocks, such as
    /// keys, are passed over).
    pub fn with_pem(mut self, pem: &str) -> Result<Self, PemError> {
        let found = pem_certificates(pem)?;
        if found.is_empty() {
            return Err(PemError::NoCertificate);
        }
        self.added.extend(found);
        Ok(self)
    }

    /// Whether Mozilla's roots are trusted.
    pub fn includes_mozilla(&self) -> bool {
        self.mozilla
    }

    /// The certificates added, in DER form.
    pub fn added(&self) -> &[Vec<u8>] {
        &self.added
    }
}

impl fmt::Debug for TlsRoots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsRoots")
            .field("mozilla", &self.mozilla)
            .field("added", &self.added.len())
            .finish()
    }
}

/// PEM text that holds no certificate to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PemError {
    /// No `-----BEGIN CERTIFICATE-----` block.
    NoCertificate,
    /// A block that never ends; its number, from 1.
    Unterminated(usize),
    /// A block whose text is not base64; its number, from 1.
    NotBase64(usize),
}

impl fmt::Display for PemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoCertificate => f.write_str("the PEM text holds no CERTIFICATE block"),
            Self::Unterminated(n) => write!(f, "PEM certificate {n} has no END line"),
            Self::NotBase64(n) => write!(f, "PEM certificate {n} is not base64"),
        }
    }
}

impl std::error::Error for PemError {}

/// The DER bytes of each `CERTIFICATE` block, in order.
fn pem_certificates(pem: &str) -> Result<Vec<Vec<u8>>, PemError> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let mut certificates = Vec::new();
    let mut block: Option<String> = None;
    for line in pem.lines().map(str::trim) {
        match &mut block {
            None if line == BEGIN => block = Some(String::new()),
            None => {}
            Some(text) if line == END => {
                let number = certificates.len() + 1;
                let der =
                    crate::blob::base64_decode(text).map_err(|_| PemError::NotBase64(number))?;
                certificates.push(der);
                block = None;
            }
            Some(text) => text.push_str(line),
        }
    }
    match block {
        Some(_) => Err(PemError::Unterminated(certificates.len() + 1)),
        None => Ok(certificates),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_blocks_become_der() {
        // "hello" and "world!" in base64, around a key block to pass over.
        let pem = "junk\n-----BEGIN CERTIFICATE-----\naGVs\nbG8=\n-----END CERTIFICATE-----\n\
                   -----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n\
                   -----BEGIN CERTIFICATE-----\r\nd29ybGQh\r\n-----END CERTIFICATE-----\r\n";
        let roots = TlsRoots::only_added().with_pem(pem).unwrap();
        assert_eq!(roots.added(), [b"hello".to_vec(), b"world!".to_vec()]);
        assert!(!roots.includes_mozilla());
        assert!(TlsRoots::default().includes_mozilla());
    }

    #[test]
    fn pem_errors_name_the_block() {
        let roots = TlsRoots::mozilla();
        assert_eq!(
            roots.clone().with_pem("nothing here"),
            Err(PemError::NoCertificate)
        );
        let open = "-----BEGIN CERTIFICATE-----\naGVsbG8=\n";
        assert_eq!(roots.clone().with_pem(open), Err(PemError::Unterminated(1)));
        let bad = "-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n\
                   -----BEGIN CERTIFICATE-----\n*not*\n-----END CERTIFICATE-----\n";
        assert_eq!(roots.with_pem(bad), Err(PemError::NotBase64(2)));
    }
}
