//! Traits as the model file gives them: JSON values by trait id. Loading
//! merges them (`apply`, mixins); [`super::known`] then decodes the ones the
//! generator acts on, and nothing outside `model` reads these values.

use std::collections::BTreeMap;

use serde_json::Value;

/// Prelude trait ids the generator reads.
pub(in crate::model) mod ids {
    pub const AWS_SERVICE: &str = "aws.api#service";
    pub const AUTH: &str = "smithy.api#auth";
    pub const OPTIONAL_AUTH: &str = "smithy.api#optionalAuth";
    pub const SIGV4: &str = "aws.auth#sigv4";
    pub const AWS_QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
    pub const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
    /// Every protocol trait AWS services use, in the order clients prefer
    /// them when a service offers several (as smithy-rs and botocore do):
    /// rpcv2Cbor first, then the JSON protocols, then XML and query.
    pub const PROTOCOLS: &[&str] = &[
        "smithy.protocols#rpcv2Cbor",
        "aws.protocols#awsJson1_0",
        "aws.protocols#awsJson1_1",
        "aws.protocols#restJson1",
        "aws.protocols#restXml",
        "aws.protocols#awsQuery",
        "aws.protocols#ec2Query",
    ];
    pub const STATIC_CONTEXT_PARAMS: &str = "smithy.rules#staticContextParams";
    pub const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
    pub const ADDED_DEFAULT: &str = "smithy.api#addedDefault";
    pub const BOX: &str = "smithy.api#box";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const ENUM: &str = "smithy.api#enum";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
    pub const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const ERROR: &str = "smithy.api#error";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const HTTP: &str = "smithy.api#http";
    pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
    pub const HTTP_CHECKSUM: &str = "aws.protocols#httpChecksum";
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const JSON_NAME: &str = "smithy.api#jsonName";
    pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
    pub const RETRYABLE: &str = "smithy.api#retryable";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const INPUT: &str = "smithy.api#input";
    pub const LENGTH: &str = "smithy.api#length";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const PATTERN: &str = "smithy.api#pattern";
    pub const RANGE: &str = "smithy.api#range";
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const UNIQUE_ITEMS: &str = "smithy.api#uniqueItems";
    pub const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
    pub const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
    pub const XML_NAME: &str = "smithy.api#xmlName";
    pub const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
    pub const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
    pub const S3_UNWRAPPED_XML_OUTPUT: &str = "aws.customizations#s3UnwrappedXmlOutput";
}

/// Trait values by absolute trait id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Traits(BTreeMap<String, Value>);

impl Traits {
    /// Wraps trait values read from the model.
    pub fn new(values: BTreeMap<String, Value>) -> Self {
        Self(values)
    }

    /// The value of a trait, if applied.
    pub(in crate::model) fn get(&self, id: &str) -> Option<&Value> {
        self.0.get(id)
    }

    /// Whether a trait is applied.
    pub(in crate::model) fn has(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }

    /// Applies a trait, replacing an earlier value.
    pub(in crate::model) fn insert(&mut self, id: String, value: Value) {
        self.0.insert(id, value);
    }

    /// Adds the traits of `other` that are not already applied here.
    pub(in crate::model) fn inherit(&mut self, other: &Traits) {
        for (id, value) in &other.0 {
            self.0.entry(id.clone()).or_insert_with(|| value.clone());
        }
    }

    /// Removes a trait.
    pub(in crate::model) fn remove(&mut self, id: &str) {
        self.0.remove(id);
    }

    /// Every trait, sorted by id.
    pub(in crate::model) fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter()
    }
}
