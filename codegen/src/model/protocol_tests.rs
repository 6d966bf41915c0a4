//! The `smithy.test` protocol compliance traits, decoded into typed cases.
//!
//! A case's `params` stay JSON here: what they mean depends on the shape they
//! describe, which the IR resolves (see `ir::test_values`).

use serde_json::{Map, Value};

use super::{Shape, StaticParamValue};
use crate::error::{Error, ErrorKind, Location};

pub const HTTP_REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
pub const HTTP_RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
/// The vendor parameters of error cases that name the code callers see.
const ERROR_CODE_PARAMS: &str = "aws.protocoltests.config#ErrorCodeParams";
/// The vendor parameters of cases that configure the client (S3's, for
/// its addressing).
const AWS_CONFIG: &str = "aws.protocoltests.config#AwsConfig";

/// Which side of the protocol a case is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliesTo {
    Client,
    Server,
}

/// What a case says about the message it checks, common to requests and
/// responses.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageExpectations {
    /// Headers that must be present with exactly these values, in the order
    /// the case lists them.
    pub headers: Vec<(String, String)>,
    pub forbid_headers: Vec<String>,
    pub require_headers: Vec<String>,
    /// The body; `None` when the case does not check it.
    pub body: Option<String>,
    pub body_media_type: Option<String>,
}

/// What a request case says the request must be.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestExpectations {
    pub method: String,
    /// The path, without the query string.
    pub uri: String,
    /// The endpoint host the client is configured with.
    pub host: Option<String>,
    /// The host the request must go to, after any host prefix.
    pub resolved_host: Option<String>,
    /// `key=value` pairs, percent-encoded as they must appear.
    pub query_params: Vec<String>,
    pub forbid_query_params: Vec<String>,
    pub require_query_params: Vec<String>,
    pub message: MessageExpectations,
    /// The endpoint rules' built-in parameters (by built-in id) the
    /// client is configured with, when the case configures it: the
    /// request goes where the rules send it for them.
    pub endpoint_built_ins: Vec<(String, StaticParamValue)>,
}

/// One `httpRequestTests` case.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestTestCase {
    pub id: String,
    pub protocol: String,
    pub applies_to: Option<AppliesTo>,
    pub expected: RequestExpectations,
    /// The input, as a JSON object of member names.
    pub params: Map<String, Value>,
}

/// One `httpResponseTests` case.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseTestCase {
    pub id: String,
    pub protocol: String,
    pub applies_to: Option<AppliesTo>,
    pub code: u16,
    pub message: MessageExpectations,
    /// The expected output or error, as a JSON object of member names.
    pub params: Map<String, Value>,
    /// The error code callers must see, when the case names one in its
    /// `vendorParams` of shape `aws.protocoltests.config#ErrorCodeParams`.
    pub error_code: Option<String>,
}

/// The `httpRequestTests` cases on an operation.
pub fn request_tests(shape: &Shape) -> Result<Vec<RequestTestCase>, Error> {
    cases(shape, HTTP_REQUEST_TESTS, |case| {
        Ok(RequestTestCase {
            id: case.id.to_owned(),
            protocol: case.string("protocol")?,
            applies_to: case.applies_to()?,
            expected: RequestExpectations {
                method: case.string("method")?,
                uri: case.string("uri")?,
                host: case.optional_string("host")?,
                resolved_host: case.optional_string("resolvedHost")?,
                query_params: case.strings("queryParams")?,
                forbid_query_params: case.strings("forbidQueryParams")?,
                require_query_params: case.strings("requireQueryParams")?,
                message: case.message()?,
                endpoint_built_ins: case.endpoint_built_ins()?,
            },
            params: case.params()?,
        })
    })
}

/// The `httpResponseTests` cases on an operation or an error structure.
pub fn response_tests(shape: &Shape) -> Result<Vec<ResponseTestCase>, Error> {
    cases(shape, HTTP_RESPONSE_TESTS, |case| {
        let code = case.field("code")?;
        let code = code
            .as_u64()
            .and_then(|c| u16::try_from(c).ok())
            .filter(|c| (100..=999).contains(c))
            .ok_or_else(|| format!("`code` must be an HTTP status code, not {code}"))?;
        Ok(ResponseTestCase {
            id: case.id.to_owned(),
            protocol: case.string("protocol")?,
            applies_to: case.applies_to()?,
            code,
            message: case.message()?,
            params: case.params()?,
            error_code: case.error_code()?,
        })
    })
}

fn cases<T>(
    shape: &Shape,
    trait_id: &str,
    decode: impl Fn(&Case<'_>) -> Result<T, String>,
) -> Result<Vec<T>, Error> {
    let Some(value) = shape.traits.get(trait_id) else {
        return Ok(Vec::new());
    };
    let fail = |id: Option<&str>, message: String| {
        let kind = match id {
            Some(id) => ErrorKind::InvalidTestCase {
                id: id.to_owned(),
                message,
            },
            None => ErrorKind::InvalidTrait {
                trait_id: trait_id.to_owned(),
                message,
            },
        };
        Error::new(Location::shape(&shape.file, &shape.id), kind)
    };
    let entries = value
        .as_array()
        .ok_or_else(|| fail(None, "expected an array of test cases".into()))?;
    let mut decoded = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let fields = entry
            .as_object()
            .ok_or_else(|| fail(None, format!("case {index} is not an object")))?;
        let id = fields
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| fail(None, format!("case {index} has no string `id`")))?;
        let case = Case { id, fields };
        decoded.push(decode(&case).map_err(|message| fail(Some(id), message))?);
    }
    Ok(decoded)
}

/// One case's fields, read with messages that name the field.
struct Case<'a> {
    id: &'a str,
    fields: &'a Map<String, Value>,
}

impl Case<'_> {
    fn field(&self, key: &str) -> Result<&Value, String> {
        self.fields
            .get(key)
            .ok_or_else(|| format!("`{key}` is missing"))
    }

    fn string(&self, key: &str) -> Result<String, String> {
        self.field(key)?
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("`{key}` must be a string"))
    }

    fn optional_string(&self, key: &str) -> Result<Option<String>, String> {
        match self.fields.get(key) {
            None => Ok(None),
            Some(_) => self.string(key).map(Some),
        }
    }

    fn strings(&self, key: &str) -> Result<Vec<String>, String> {
        match self.fields.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| {
                    item.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| format!("`{key}` must hold strings"))
                })
                .collect(),
            Some(_) => Err(format!("`{key}` must be an array of strings")),
        }
    }

    fn headers(&self, key: &str) -> Result<Vec<(String, String)>, String> {
        match self.fields.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Object(entries)) => entries
                .iter()
                .map(|(name, value)| match value.as_str() {
                    Some(value) => Ok((name.clone(), value.to_owned())),
                    None => Err(format!("header `{name}` in `{key}` must be a string")),
                })
                .collect(),
            Some(_) => Err(format!("`{key}` must be an object of strings")),
        }
    }

    fn message(&self) -> Result<MessageExpectations, String> {
        Ok(MessageExpectations {
            headers: self.headers("headers")?,
            forbid_headers: self.strings("forbidHeaders")?,
            require_headers: self.strings("requireHeaders")?,
            body: self.optional_string("body")?,
            body_media_type: self.optional_string("bodyMediaType")?,
        })
    }

    fn params(&self) -> Result<Map<String, Value>, String> {
        match self.fields.get("params") {
            None => Ok(Map::new()),
            Some(Value::Object(params)) => Ok(params.clone()),
            Some(_) => Err("`params` must be an object".into()),
        }
    }

    /// `vendorParams.code` of a case whose vendor parameters are
    /// `aws.protocoltests.config#ErrorCodeParams`; other vendors' parameters
    /// say nothing this generator checks.
    fn error_code(&self) -> Result<Option<String>, String> {
        if self.optional_string("vendorParamsShape")?.as_deref() != Some(ERROR_CODE_PARAMS) {
            return Ok(None);
        }
        match self.fields.get("vendorParams").and_then(|v| v.get("code")) {
            Some(Value::String(code)) => Ok(Some(code.clone())),
            _ => Err(format!(
                "`vendorParams` of shape `{ERROR_CODE_PARAMS}` must have a string `code`"
            )),
        }
    }

    /// The endpoint built-ins the `vendorParams` of shape
    /// `aws.protocoltests.config#AwsConfig` configure: the client's
    /// region, and S3's addressing, acceleration and dual-stack settings,
    /// the operation's overriding the client's.
    fn endpoint_built_ins(&self) -> Result<Vec<(String, StaticParamValue)>, String> {
        if self.optional_string("vendorParamsShape")?.as_deref() != Some(AWS_CONFIG) {
            return Ok(Vec::new());
        }
        let scoped = self
            .fields
            .get("vendorParams")
            .and_then(|v| v.get("scopedConfig"));
        let client = scoped.and_then(|s| s.get("client"));
        let operation_s3 = scoped
            .and_then(|s| s.get("operation"))
            .and_then(|o| o.get("s3"));
        let client_s3 = client.and_then(|c| c.get("s3"));
        let s3 = |key: &str| {
            operation_s3
                .and_then(|s3| s3.get(key))
                .or_else(|| client_s3.and_then(|s3| s3.get(key)))
        };
        let mut built_ins = Vec::new();
        if let Some(region) = client.and_then(|c| c.get("region")) {
            let region = region.as_str().ok_or("`region` must be a string")?;
            built_ins.push((
                "AWS::Region".to_owned(),
                StaticParamValue::String(region.to_owned()),
            ));
        }
        match s3("addressing_style").map(|style| style.as_str()) {
            None | Some(Some("auto")) => {}
            Some(Some("path")) => built_ins.push((
                "AWS::S3::ForcePathStyle".to_owned(),
                StaticParamValue::Bool(true),
            )),
            Some(Some("virtual")) => built_ins.push((
                "AWS::S3::ForcePathStyle".to_owned(),
                StaticParamValue::Bool(false),
            )),
            Some(_) => {
                return Err("`addressing_style` must be \"auto\", \"path\" or \"virtual\"".into())
            }
        }
        for (key, built_in) in [
            ("use_accelerate_endpoint", "AWS::S3::Accelerate"),
            ("use_dualstack_endpoint", "AWS::UseDualStack"),
        ] {
            if let Some(value) = s3(key) {
                let on = value
                    .as_bool()
                    .ok_or_else(|| format!("`{key}` must be a boolean"))?;
                built_ins.push((built_in.to_owned(), StaticParamValue::Bool(on)));
            }
        }
        Ok(built_ins)
    }

    fn applies_to(&self) -> Result<Option<AppliesTo>, String> {
        match self.fields.get("appliesTo").map(Value::as_str) {
            None => Ok(None),
            Some(Some("client")) => Ok(Some(AppliesTo::Client)),
            Some(Some("server")) => Ok(Some(AppliesTo::Server)),
            Some(_) => Err("`appliesTo` must be \"client\" or \"server\"".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IdlVersion, ShapeId, ShapeKind, Traits};
    use serde_json::json;

    fn operation(traits: Value) -> Shape {
        Shape {
            id: ShapeId::parse("ns#Op").unwrap(),
            kind: ShapeKind::Structure(vec![]),
            traits: Traits::new(serde_json::from_value(traits).unwrap()),
            known: Default::default(),
            file: "model.json".into(),
            idl: IdlVersion::V2,
        }
    }

    #[test]
    fn request_cases_keep_every_expectation() {
        let shape = operation(json!({HTTP_REQUEST_TESTS: [{
            "id": "Case", "protocol": "aws.protocols#restJson1", "method": "GET", "uri": "/a",
            "queryParams": ["a=b"], "headers": {"X-B": "2", "X-A": "1"}, "body": "",
            "params": {"A": 1}, "appliesTo": "client"
        }]}));
        let cases = request_tests(&shape).unwrap();
        assert_eq!(cases[0].expected.query_params, ["a=b"]);
        assert_eq!(cases[0].applies_to, Some(AppliesTo::Client));
        assert_eq!(cases[0].expected.message.body.as_deref(), Some(""));
        assert_eq!(cases[0].params["A"], json!(1));
    }

    #[test]
    fn malformed_cases_name_their_id() {
        let shape = operation(json!({HTTP_RESPONSE_TESTS: [{
            "id": "BadCode", "protocol": "p", "code": "200"
        }]}));
        let error = response_tests(&shape).unwrap_err();
        assert_eq!(
            error.kind,
            ErrorKind::InvalidTestCase {
                id: "BadCode".into(),
                message: "`code` must be an HTTP status code, not \"200\"".into()
            }
        );
        let shape = operation(json!({HTTP_REQUEST_TESTS: [{
            "id": "NoUri", "protocol": "p", "method": "GET", "params": []
        }]}));
        let error = request_tests(&shape).unwrap_err();
        assert!(
            error.to_string().contains("`NoUri`: `uri` is missing"),
            "{error}"
        );
    }
}
