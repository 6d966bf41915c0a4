//! DPoP proofs (RFC 9449) for Sign-In's token endpoint: a JWT signed with
//! ES256 by the P-256 key `aws login` left in its cache, showing that the
//! caller holds the key its refresh token is bound to. The key comes as
//! PEM, SEC1 (`EC PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`); only the few
//! DER fields those forms hold are read, each bounded by its own length.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};

use crate::REDACTED;

/// `id-ecPublicKey` (1.2.840.10045.2.1), PKCS#8's algorithm for EC keys.
const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// `prime256v1` (1.2.840.10045.3.1.7), the curve ES256 signs on.
const P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/// A P-256 signing key and its public half as a JWK's coordinates.
pub(crate) struct DpopKey {
    pair: EcdsaKeyPair,
    x: String,
    y: String,
}

impl fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DpopKey")
            .field("private", &REDACTED)
            .field("x", &self.x)
            .field("y", &self.y)
            .finish()
    }
}

impl DpopKey {
    /// The key in a PEM document, SEC1 or PKCS#8.
    pub(crate) fn from_pem(pem: &str) -> Result<Self, String> {
        let (label, der) = pem_body(pem)?;
        let sec1 = match label {
            "EC PRIVATE KEY" => Sec1::parse(&der, None)?,
            "PRIVATE KEY" => {
                let mut info = Der::new(&der).sequence()?;
                info.element(INTEGER)?;
                let mut algorithm = info.sequence()?;
                if algorithm.element(OID)? != EC_PUBLIC_KEY {
                    return Err("the PKCS#8 key is not an EC key".to_owned());
                }
                let curve = algorithm.element(OID)?;
                Sec1::parse(info.element(OCTET_STRING)?, Some(curve))?
            }
            other => return Err(format!("a PEM `{other}` is not a private key")),
        };
        let public = sec1
            .public
            .ok_or("the key does not hold its public part, which the proof carries")?;
        let mut private = [0u8; 32];
        let start = private
            .len()
            .checked_sub(sec1.private.len())
            .ok_or("the private key is longer than a P-256 key")?;
        private[start..].copy_from_slice(sec1.private);
        let pair = EcdsaKeyPair::from_private_key_and_public_key(
            &ECDSA_P256_SHA256_FIXED_SIGNING,
            &private,
            public,
            &SystemRandom::new(),
        )
        .map_err(|e| format!("the key is not a P-256 key pair ({e})"))?;
        // An uncompressed point: 0x04, then x and y, 32 bytes each.
        let point = pair.public_key().as_ref();
        let (x, y) = point
            .get(1..33)
            .zip(point.get(33..65))
            .ok_or("the public key is not an uncompressed point")?;
        Ok(Self {
            x: URL_SAFE_NO_PAD.encode(x),
            y: URL_SAFE_NO_PAD.encode(y),
            pair,
        })
    }

    /// A proof for one request: `method` to `url` (scheme, host and path;
    /// a query or fragment is dropped), issued at `issued_at` seconds
    /// since the epoch, with a random `jti` so no two proofs are alike.
    pub(crate) fn proof(&self, method: &str, url: &str, issued_at: u64) -> Result<String, String> {
        let random = SystemRandom::new();
        let mut id = [0u8; 16];
        random
            .fill(&mut id)
            .map_err(|_| "no random numbers for the proof's id".to_owned())?;
        let header = serde_json::json!({
            "typ": "dpop+jwt",
            "alg": "ES256",
            "jwk": { "kty": "EC", "crv": "P-256", "x": self.x, "y": self.y },
        });
        let target = url.split(['?', '#']).next().unwrap_or(url);
        let claims = serde_json::json!({
            "jti": crate::request::uuid_v4_text(id),
            "htm": method,
            "htu": target,
            "iat": issued_at,
        });
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = self
            .pair
            .sign(&random, signed.as_bytes())
            .map_err(|_| "the proof could not be signed".to_owned())?;
        Ok(format!(
            "{signed}.{}",
            URL_SAFE_NO_PAD.encode(signature.as_ref())
        ))
    }
}

/// The label and decoded body of the first PEM block in `pem`.
fn pem_body(pem: &str) -> Result<(&str, Vec<u8>), String> {
    let start = pem
        .find("-----BEGIN ")
        .ok_or("the key is not PEM (no `-----BEGIN` line)")?;
    let rest = &pem[start + "-----BEGIN ".len()..];
    let (label, rest) = rest
        .split_once("-----")
        .ok_or("the key's `-----BEGIN` line is not closed")?;
    let end = format!("-----END {label}-----");
    let (body, _) = rest
        .split_once(end.as_str())
        .ok_or_else(|| format!("the key has no `{end}` line"))?;
    let text: String = body.split_whitespace().collect();
    let der = crate::blob::base64_decode(&text)
        .map_err(|e| format!("the key's PEM body is not base64 ({e})"))?;
    Ok((label, der))
}

const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;
const SEQUENCE: u8 = 0x30;
const PARAMETERS: u8 = 0xa0;
const PUBLIC_KEY: u8 = 0xa1;

/// An `ECPrivateKey` (RFC 5915): the private scalar and, when present,
/// the public point.
struct Sec1<'a> {
    private: &'a [u8],
    public: Option<&'a [u8]>,
}

impl<'a> Sec1<'a> {
    /// Parses `der`; `curve` is the curve an enclosing PKCS#8 names.
    fn parse(der: &'a [u8], curve: Option<&[u8]>) -> Result<Self, String> {
        let mut key = Der::new(der).sequence()?;
        if key.element(INTEGER)? != [1] {
            return Err("the EC key is not version 1".to_owned());
        }
        let private = key.element(OCTET_STRING)?;
        let named = match key.optional(PARAMETERS)? {
            Some(parameters) => Some(Der::new(parameters).element(OID)?),
            None => None,
        };
        if named.or(curve) != Some(P256) {
            return Err("the key is not on the P-256 curve (ES256 needs prime256v1)".to_owned());
        }
        let public = match key.optional(PUBLIC_KEY)? {
            Some(wrapped) => {
                let bits = Der::new(wrapped).element(BIT_STRING)?;
                // The first byte counts the unused bits, none for a point.
                match bits.split_first() {
                    Some((0, point)) => Some(point),
                    _ => return Err("the key's public part is not a whole point".to_owned()),
                }
            }
            None => None,
        };
        Ok(Self { private, public })
    }
}

/// A reader of DER elements, each bounded by the bytes left.
struct Der<'a> {
    rest: &'a [u8],
}

impl<'a> Der<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { rest: bytes }
    }

    /// The contents of a `SEQUENCE`, to read on.
    fn sequence(&mut self) -> Result<Der<'a>, String> {
        self.element(SEQUENCE).map(Der::new)
    }

    /// The contents of the next element, which must carry `tag`.
    fn element(&mut self, tag: u8) -> Result<&'a [u8], String> {
        let truncated = || "the key's DER is cut short".to_owned();
        let (&found, rest) = self.rest.split_first().ok_or_else(truncated)?;
        if found != tag {
            return Err(format!(
                "the key's DER has tag 0x{found:02x} where 0x{tag:02x} belongs"
            ));
        }
        let (&first, mut rest) = rest.split_first().ok_or_else(truncated)?;
        let length = match first {
            0..=0x7f => usize::from(first),
            0x81 | 0x82 => {
                let count = usize::from(first & 0x7f);
                let (digits, after) = rest.split_at_checked(count).ok_or_else(truncated)?;
                rest = after;
                digits
                    .iter()
                    .fold(0usize, |length, &digit| length << 8 | usize::from(digit))
            }
            _ => return Err("the key's DER has a length this reader does not take".to_owned()),
        };
        let (contents, after) = rest.split_at_checked(length).ok_or_else(truncated)?;
        self.rest = after;
        Ok(contents)
    }

    /// The next element's contents if it carries `tag`.
    fn optional(&mut self, tag: u8) -> Result<Option<&'a [u8]>, String> {
        match self.rest.first() {
            Some(&found) if found == tag => self.element(tag).map(Some),
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use ring::signature::{UnparsedPublicKey, ECDSA_P256_SHA256_FIXED};

    use super::*;

    // A key made for these tests with `openssl ecparam -name prime256v1
    // -genkey`, then `openssl pkcs8 -topk8 -nocrypt`.
    const SEC1: &str = "-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIHxj9O5Rs8WWxxh5Wu6TgUjoxrpi6/7liZsmdjh00tthoAoGCCqGSM49
AwEHoUQDQgAEeOiliN7k/YrRmRXs5PDtQc2futqdajSpSaFuc37YORFAIlnujt7/
AMYjOsDQTTw/4okp7sL6xpzuthB9ZUOVww==
-----END EC PRIVATE KEY-----
";
    const PKCS8: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgfGP07lGzxZbHGHla
7pOBSOjGumLr/uWJmyZ2OHTS22GhRANCAAR46KWI3uT9itGZFezk8O1BzZ+62p1q
NKlJoW5zftg5EUAiWe6O3v8AxiM6wNBNPD/iiSnuwvrGnO62EH1lQ5XD
-----END PRIVATE KEY-----
";
    // The public point as `openssl ec -text` printed it, base64url.
    const X: &str = "eOiliN7k_YrRmRXs5PDtQc2futqdajSpSaFuc37YORE";
    const Y: &str = "QCJZ7o7e_wDGIzrA0E08P-KJKe7C-sac7rYQfWVDlcM";

    fn decode(part: &str) -> serde_json::Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    }

    #[test]
    fn both_forms_give_the_public_point_openssl_printed() {
        for pem in [SEC1, PKCS8] {
            let key = DpopKey::from_pem(pem).unwrap();
            assert_eq!((key.x.as_str(), key.y.as_str()), (X, Y));
        }
    }

    #[test]
    fn a_proof_verifies_with_its_own_jwk_and_names_the_request() {
        let key = DpopKey::from_pem(SEC1).unwrap();
        let proof = key
            .proof(
                "POST",
                "https://us-east-1.signin.aws.amazon.com/v1/token?x=1",
                1_763_510_400,
            )
            .unwrap();
        let parts: Vec<&str> = proof.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header = decode(parts[0]);
        assert_eq!(header["typ"], "dpop+jwt");
        assert_eq!(header["alg"], "ES256");
        assert_eq!(header["jwk"]["kty"], "EC");
        assert_eq!(header["jwk"]["crv"], "P-256");
        assert_eq!(
            (header["jwk"]["x"].as_str(), header["jwk"]["y"].as_str()),
            (Some(X), Some(Y))
        );
        let claims = decode(parts[1]);
        assert_eq!(claims["htm"], "POST");
        assert_eq!(
            claims["htu"],
            "https://us-east-1.signin.aws.amazon.com/v1/token"
        );
        assert_eq!(claims["iat"], 1_763_510_400);
        let jti = claims["jti"].as_str().unwrap();
        assert_eq!((jti.len(), &jti[14..15]), (36, "4"));
        let mut point = vec![4];
        point.extend(URL_SAFE_NO_PAD.decode(X).unwrap());
        point.extend(URL_SAFE_NO_PAD.decode(Y).unwrap());
        let signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &point)
            .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
            .expect("the signature verifies");
        let again = key
            .proof("POST", "https://h/v1/token", 1_763_510_400)
            .unwrap();
        assert_ne!(
            decode(again.split('.').nth(1).unwrap())["jti"],
            claims["jti"]
        );
    }

    #[test]
    fn keys_it_cannot_use_are_errors_that_say_why() {
        // A P-384 key, the test key without its public part, and damage.
        let p384 = "-----BEGIN EC PRIVATE KEY-----
MIGkAgEBBDBpzN+LoeDP0kcsg3lNhT1Djqj+JisXnVu1MC55Nn8+c+N5ynsF5HGm
hkcdqYIRGuGgBwYFK4EEACKhZANiAATvLgbIwJlVENGLZQPbzX5+o0sq3aceGwhU
qcQeV+6pc022OGJPsw3VFsT93ZVS2wS4bLcAzJs//8tj5LjsxzP+7Sm89nEaGb3/
2jfr5F2XSYXQfTEAr2QgI0J+kxkHH4Q=
-----END EC PRIVATE KEY-----";
        let no_public = "-----BEGIN EC PRIVATE KEY-----
MDECAQEEIHxj9O5Rs8WWxxh5Wu6TgUjoxrpi6/7liZsmdjh00tthoAoGCCqGSM49
AwEH
-----END EC PRIVATE KEY-----";
        let cut = SEC1.replace("AMYjOsDQTTw/4okp7sL6xpzuthB9ZUOVww==", "");
        let cases = [
            (p384, "P-256"),
            (no_public, "public part"),
            (cut.as_str(), "cut short"),
            ("not a key", "not PEM"),
            (
                "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----",
                "CERTIFICATE",
            ),
            (
                "-----BEGIN EC PRIVATE KEY-----\n!!\n-----END EC PRIVATE KEY-----",
                "base64",
            ),
        ];
        for (pem, says) in cases {
            let error = DpopKey::from_pem(pem).unwrap_err();
            assert!(error.contains(says), "{error:?} should say {says:?}");
        }
    }

    #[test]
    fn debug_keeps_the_private_key_out() {
        let key = DpopKey::from_pem(SEC1).unwrap();
        let shown = format!("{key:?}");
        assert!(shown.contains(REDACTED) && shown.contains(X));
    }
}
