//! What signs each attempt of a call: the credentials, region and signing
//! name an endpoint's `sigv4` auth scheme asks for, and the settings of
//! the service (S3's own).

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::{Config, SendError, SendErrorKind};
use crate::credentials::Credentials;
use crate::endpoint::{Endpoint, Value};
use crate::sigv4::{SigningKeyCache, SigningSettings};

/// What signs each attempt, with the time it is sent.
pub(super) struct Signer {
    credentials: Credentials,
    region: String,
    name: String,
    double_encode_path: bool,
    s3: bool,
}

impl Signer {
    /// Credentials and signing settings for `endpoint`: its `sigv4` auth
    /// scheme may name another signing name or region.
    pub(super) async fn for_endpoint(
        config: &Config,
        signing_name: &'static str,
        s3: bool,
        endpoint: &Endpoint,
    ) -> Result<Self, SendError> {
        let scheme = sigv4_scheme(endpoint.properties())?;
        let text = |key: &str| match scheme.and_then(|s| s.get(key)) {
            Some(Value::String(text)) => Some(text.clone()),
            _ => None,
        };
        let region = text("signingRegion")
            .or_else(|| config.region.clone())
            .ok_or_else(|| {
                SendError::new(
                    SendErrorKind::Signing,
                    "no region to sign for: set `Config::builder().region(...)`",
                )
            })?;
        let disable_double_encoding = matches!(
            scheme.and_then(|s| s.get("disableDoubleEncoding")),
            Some(Value::Bool(true))
        );
        let credentials = config
            .credentials
            .provide_credentials()
            .await
            .map_err(|e| SendError::new(SendErrorKind::Credentials, e))?;
        Ok(Self {
            credentials,
            region,
            name: text("signingName").unwrap_or_else(|| signing_name.to_owned()),
            double_encode_path: !disable_double_encoding,
            s3,
        })
    }

    pub(super) fn sign(
        &self,
        request: &mut http::Request<crate::ByteStream>,
        keys: &SigningKeyCache,
        now: SystemTime,
    ) -> Result<(), SendError> {
        let mut settings = SigningSettings::new(self.region.clone(), self.name.clone(), now);
        settings.double_encode_path = self.double_encode_path;
        if self.s3 {
            settings.content_sha256_header = true;
            settings.normalize_path = false;
        }
        keys.sign(request, &self.credentials, &settings)
            .map_err(|e| SendError::new(SendErrorKind::Signing, e))
    }
}

/// The `sigv4` entry of an endpoint's `authSchemes` property; `None` when
/// the endpoint names no schemes, and an error when it names only others
/// (such as `sigv4a`), which a SigV4 signature would not satisfy.
fn sigv4_scheme(
    properties: &BTreeMap<String, Value>,
) -> Result<Option<&BTreeMap<String, Value>>, SendError> {
    let Some(Value::Array(schemes)) = properties.get("authSchemes") else {
        return Ok(None);
    };
    let name = |scheme: &Value| match scheme {
        Value::Object(fields) => match fields.get("name") {
            Some(Value::String(name)) => Some(name.clone()),
            _ => None,
        },
        _ => None,
    };
    let found = schemes.iter().find_map(|scheme| match scheme {
        Value::Object(fields) if name(scheme).as_deref() == Some("sigv4") => Some(&**fields),
        _ => None,
    });
    if found.is_none() && !schemes.is_empty() {
        let named: Vec<String> = schemes.iter().filter_map(name).collect();
        return Err(SendError::new(
            SendErrorKind::Signing,
            format!(
                "the endpoint asks for the auth schemes [{}], and this client signs with sigv4 only",
                named.join(", ")
            ),
        ));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn the_sigv4_scheme_is_found_among_others() {
        let scheme = |name: &str, region: &str| {
            Value::Object(Arc::new(BTreeMap::from([
                ("name".to_owned(), Value::String(name.to_owned())),
                ("signingRegion".to_owned(), Value::String(region.to_owned())),
            ])))
        };
        let properties = BTreeMap::from([(
            "authSchemes".to_owned(),
            Value::Array(vec![scheme("sigv4a", "*"), scheme("sigv4", "us-east-1")]),
        )]);
        let found = sigv4_scheme(&properties).unwrap().unwrap();
        assert_eq!(
            found.get("signingRegion"),
            Some(&Value::String("us-east-1".to_owned()))
        );
        assert!(sigv4_scheme(&BTreeMap::new()).unwrap().is_none());
        let only_sigv4a = BTreeMap::from([(
            "authSchemes".to_owned(),
            Value::Array(vec![scheme("sigv4a", "*")]),
        )]);
        let error = sigv4_scheme(&only_sigv4a).unwrap_err();
        assert_eq!(error.kind(), SendErrorKind::Signing);
        assert!(error.to_string().contains("[sigv4a]"), "{error}");
    }
}
