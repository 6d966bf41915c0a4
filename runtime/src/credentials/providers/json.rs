//! The JSON credentials documents IMDS, the container endpoint and
//! `credential_process` answer with: `AccessKeyId`, `SecretAccessKey`, a
//! session token, an RFC 3339 `Expiration` and an optional `AccountId`.

use serde_json::{Map, Value};

use crate::credentials::{Credentials, CredentialsError};
use crate::Timestamp;

/// The field names that differ between sources.
pub(crate) struct Document {
    /// Where the document came from, for messages.
    pub(crate) source: String,
    /// The session token's field: `Token` or `SessionToken`.
    pub(crate) token_field: &'static str,
    /// Whether credentials without an `Expiration` are accepted.
    pub(crate) expiry_optional: bool,
}

impl Document {
    /// The credentials in `body`; an error names the source and the field,
    /// never a value.
    pub(crate) fn parse(&self, body: &[u8]) -> Result<Credentials, CredentialsError> {
        let fail = |why: String| {
            CredentialsError::provider_failed(format!(
                "{} gave no usable credentials: {why}",
                self.source
            ))
        };
        let value: Value =
            serde_json::from_slice(body).map_err(|e| fail(format!("not JSON ({e})")))?;
        let Value::Object(fields) = value else {
            return Err(fail("not a JSON object".to_owned()));
        };
        let text = |name: &str| text(&fields, name).map_err(fail);
        let required = |name: &str| text(name)?.ok_or_else(|| fail(format!("`{name}` is missing")));
        let id = required("AccessKeyId")?;
        let secret = required("SecretAccessKey")?;
        let token = text(self.token_field)?;
        let expiry = match text("Expiration")? {
            Some(expiration) => Some(
                Timestamp::parse(&expiration)
                    .ok()
                    .and_then(|at| at.to_system_time())
                    .ok_or_else(|| fail(format!("`Expiration` is not a date: {expiration:?}")))?,
            ),
            None if self.expiry_optional => None,
            None => return Err(fail("`Expiration` is missing".to_owned())),
        };
        Ok(Credentials::new(id, secret, token)
            .with_expiry(expiry)
            .with_account_id(text("AccountId")?))
    }
}

fn text(fields: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(format!("`{name}` is not a string")),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;

    fn document() -> Document {
        Document {
            source: "the test".to_owned(),
            token_field: "Token",
            expiry_optional: false,
        }
    }

    #[test]
    fn a_document_gives_credentials_with_their_expiry() {
        let body = br#"{"Code":"Success","AccessKeyId":"ASIA","SecretAccessKey":"secret","Token":"token","Expiration":"2009-02-13T23:31:30Z","AccountId":"012345678901"}"#;
        let credentials = document().parse(body).unwrap();
        assert_eq!(credentials.access_key_id(), "ASIA");
        assert_eq!(credentials.session_token(), Some("token"));
        assert_eq!(credentials.account_id(), Some("012345678901"));
        assert_eq!(
            credentials.expiry(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_234_567_890))
        );
    }

    #[test]
    fn a_bad_document_names_the_field_and_never_a_secret() {
        let missing = document()
            .parse(br#"{"AccessKeyId":"ASIA","SecretAccessKey":"hidden","Token":"t"}"#)
            .unwrap_err();
        assert!(
            missing.to_string().contains("`Expiration` is missing"),
            "{missing}"
        );
        let wrong = document()
            .parse(br#"{"AccessKeyId":"ASIA","SecretAccessKey":7}"#)
            .unwrap_err();
        assert!(
            wrong
                .to_string()
                .contains("`SecretAccessKey` is not a string"),
            "{wrong}"
        );
        let not_json = document().parse(b"hidden").unwrap_err();
        assert!(!not_json.to_string().contains("hidden"), "{not_json}");
    }
}
