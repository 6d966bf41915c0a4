//! The kinds of change the API report knows, each with a stable id and the
//! rule it mirrors when the two models swap places.

macro_rules! rules {
    ($($variant:ident = $id:literal, mirror $mirror:ident;)*) => {
        /// A kind of change between two models.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            /// Every rule, in the order the report's README table lists them.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The id printed in reports and JSON.
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            /// The rule that reports the same change with `old` and `new`
            /// swapped: an addition becomes a removal. A constraint that is
            /// both tightened and loosened is reported as tightened either
            /// way, which [`Rule::family`] allows for.
            pub fn mirror(self) -> Rule {
                match self {
                    $(Rule::$variant => Rule::$mirror,)*
                }
            }
        }
    };
}

rules! {
    ServiceAdded = "service-added", mirror ServiceRemoved;
    ServiceRemoved = "service-removed", mirror ServiceAdded;
    ModuleRenamed = "module-renamed", mirror ModuleRenamed;
    ServiceErrorAdded = "service-error-added", mirror ServiceErrorRemoved;
    ServiceErrorRemoved = "service-error-removed", mirror ServiceErrorAdded;

    OperationAdded = "operation-added", mirror OperationRemoved;
    OperationRemoved = "operation-removed", mirror OperationAdded;
    OperationRenamed = "operation-renamed", mirror OperationRenamed;
    OperationInputChanged = "operation-input-changed", mirror OperationInputChanged;
    OperationOutputChanged = "operation-output-changed", mirror OperationOutputChanged;
    OperationErrorAdded = "operation-error-added", mirror OperationErrorRemoved;
    OperationErrorRemoved = "operation-error-removed", mirror OperationErrorAdded;
    HttpTraitAdded = "http-trait-added", mirror HttpTraitRemoved;
    HttpTraitRemoved = "http-trait-removed", mirror HttpTraitAdded;
    HttpMethodChanged = "http-method-changed", mirror HttpMethodChanged;
    HttpUriChanged = "http-uri-changed", mirror HttpUriChanged;
    HttpCodeChanged = "http-code-changed", mirror HttpCodeChanged;
    HostPrefixChanged = "host-prefix-changed", mirror HostPrefixChanged;
    RequestCompressionChanged = "request-compression-changed", mirror RequestCompressionChanged;
    ChecksumRequiredChanged = "checksum-required-changed", mirror ChecksumRequiredChanged;
    PaginatedAdded = "paginated-added", mirror PaginatedRemoved;
    PaginatedRemoved = "paginated-removed", mirror PaginatedAdded;
    PaginatedChanged = "paginated-changed", mirror PaginatedChanged;

    TypeAdded = "type-added", mirror TypeRemoved;
    TypeRemoved = "type-removed", mirror TypeAdded;
    TypeRenamed = "type-renamed", mirror TypeRenamed;
    TypeKindChanged = "type-kind-changed", mirror TypeKindChanged;
    SensitiveAdded = "sensitive-added", mirror SensitiveRemoved;
    SensitiveRemoved = "sensitive-removed", mirror SensitiveAdded;
    OwnBuilderAdded = "own-builder-added", mirror OwnBuilderRemoved;
    OwnBuilderRemoved = "own-builder-removed", mirror OwnBuilderAdded;
    ErrorTraitChanged = "error-trait-changed", mirror ErrorTraitChanged;
    ErrorFaultChanged = "error-fault-changed", mirror ErrorFaultChanged;
    ErrorStatusChanged = "error-status-changed", mirror ErrorStatusChanged;
    ErrorRetryableChanged = "error-retryable-changed", mirror ErrorRetryableChanged;

    FieldAdded = "field-added", mirror FieldRemoved;
    FieldRemoved = "field-removed", mirror FieldAdded;
    FieldRenamed = "field-renamed", mirror FieldRenamed;
    FieldTypeChanged = "field-type-changed", mirror FieldTypeChanged;
    TargetChanged = "target-changed", mirror TargetChanged;
    TimestampFormatChanged = "timestamp-format-changed", mirror TimestampFormatChanged;
    NullabilityChanged = "nullability-changed", mirror NullabilityChanged;
    DefaultChanged = "default-changed", mirror DefaultChanged;
    RequiredAdded = "required-added", mirror RequiredRemoved;
    RequiredRemoved = "required-removed", mirror RequiredAdded;
    JsonNameChanged = "json-name-changed", mirror JsonNameChanged;
    XmlNameChanged = "xml-name-changed", mirror XmlNameChanged;
    HttpBindingChanged = "http-binding-changed", mirror HttpBindingChanged;
    MediaTypeChanged = "media-type-changed", mirror MediaTypeChanged;
    BoxingChanged = "boxing-changed", mirror BoxingChanged;
    IdempotencyTokenAdded = "idempotency-token-added", mirror IdempotencyTokenRemoved;
    IdempotencyTokenRemoved = "idempotency-token-removed", mirror IdempotencyTokenAdded;
    DeprecatedAdded = "deprecated-added", mirror DeprecatedRemoved;
    DeprecatedRemoved = "deprecated-removed", mirror DeprecatedAdded;

    LengthTightened = "length-tightened", mirror LengthLoosened;
    LengthLoosened = "length-loosened", mirror LengthTightened;
    RangeTightened = "range-tightened", mirror RangeLoosened;
    RangeLoosened = "range-loosened", mirror RangeTightened;
    PatternTightened = "pattern-tightened", mirror PatternLoosened;
    PatternLoosened = "pattern-loosened", mirror PatternTightened;
    UniqueItemsAdded = "unique-items-added", mirror UniqueItemsRemoved;
    UniqueItemsRemoved = "unique-items-removed", mirror UniqueItemsAdded;

    EnumValueAdded = "enum-value-added", mirror EnumValueRemoved;
    EnumValueRemoved = "enum-value-removed", mirror EnumValueAdded;
    EnumVariantRenamed = "enum-variant-renamed", mirror EnumVariantRenamed;
    EnumValueChanged = "enum-value-changed", mirror EnumValueChanged;

    UnionMemberAdded = "union-member-added", mirror UnionMemberRemoved;
    UnionMemberRemoved = "union-member-removed", mirror UnionMemberAdded;
}

impl Rule {
    /// Rules that can report one change both ways: a constraint that
    /// rejects some old values and accepts some new ones is tightened seen
    /// from either side.
    pub fn family(self) -> Option<&'static str> {
        match self {
            Rule::LengthTightened | Rule::LengthLoosened => Some("length"),
            Rule::RangeTightened | Rule::RangeLoosened => Some("range"),
            Rule::PatternTightened | Rule::PatternLoosened => Some("pattern"),
            _ => None,
        }
    }

    /// Whether the change adds API a caller can start using, which makes
    /// a compatible release a minor one rather than a patch.
    pub fn adds_api(self) -> bool {
        matches!(
            self,
            Rule::ServiceAdded
                | Rule::ServiceErrorAdded
                | Rule::OperationAdded
                | Rule::OperationErrorAdded
                | Rule::HttpTraitAdded
                | Rule::PaginatedAdded
                | Rule::TypeAdded
                | Rule::FieldAdded
                | Rule::EnumValueAdded
                | Rule::UnionMemberAdded
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_unique_id_and_mirrors_back() {
        let mut ids = std::collections::BTreeSet::new();
        for &rule in Rule::ALL {
            assert!(ids.insert(rule.id()), "{} twice", rule.id());
            assert_eq!(rule.mirror().mirror(), rule, "{}", rule.id());
        }
    }
}
