//! The AWS partitions `aws.partition` chooses from: for each, the regions
//! it lists, the form of its other region names, and what endpoints in it
//! look like. Facts as botocore's current partitions data (version 1.1)
//! records them, and the edition before the four ISO partitions had
//! dual-stack endpoints, which models released before then expect in their
//! own endpoint tests (see [`PartitionFacts`]).

/// Which edition of the partition facts a rule set runs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PartitionFacts {
    /// The current facts.
    #[default]
    Current,
    /// The facts before the ISO partitions (`aws-iso`, `-b`, `-e`, `-f`)
    /// had dual-stack endpoints: there, dual-stack is unsupported and its
    /// suffix is the partition's own.
    WithoutIsoDualStack,
}

impl Partition {
    /// Whether, and under which suffix, the partition has dual-stack
    /// endpoints in the edition `facts`.
    pub(super) fn dual_stack(&self, facts: PartitionFacts) -> (bool, &'static str) {
        match facts {
            PartitionFacts::WithoutIsoDualStack if self.id.starts_with("aws-iso") => {
                (false, self.dns_suffix)
            }
            _ => (self.supports_dual_stack, self.dual_stack_dns_suffix),
        }
    }
}

/// One partition.
pub(super) struct Partition {
    pub id: &'static str,
    /// Region names it lists.
    pub regions: &'static [&'static str],
    /// Other region names it claims: one of these prefixes, `-`, a word,
    /// `-`, a number (`us-gov-west-1`).
    pub region_prefixes: &'static [&'static str],
    pub name: &'static str,
    pub dns_suffix: &'static str,
    pub dual_stack_dns_suffix: &'static str,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    pub implicit_global_region: &'static str,
}

/// Every partition, in the order a region name is tried against them.
pub(super) const PARTITIONS: &[Partition] = &[
    Partition {
        id: "aws",
        regions: &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "me-west-1",
            "mx-central-1",
            "sa-east-1",
            "sa-west-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
        region_prefixes: &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
        name: "aws",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-east-1",
    },
    Partition {
        id: "aws-cn",
        regions: &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
        region_prefixes: &["cn"],
        name: "aws-cn",
        dns_suffix: "amazonaws.com.cn",
        dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "cn-northwest-1",
    },
    Partition {
        id: "aws-eusc",
        regions: &["eusc-de-east-1"],
        region_prefixes: &["eusc-de"],
        name: "aws-eusc",
        dns_suffix: "amazonaws.eu",
        dual_stack_dns_suffix: "api.amazonwebservices.eu",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eusc-de-east-1",
    },
    Partition {
        id: "aws-iso",
        regions: &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
        region_prefixes: &["us-iso"],
        name: "aws-iso",
        dns_suffix: "c2s.ic.gov",
        dual_stack_dns_suffix: "api.aws.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-iso-east-1",
    },
    Partition {
        id: "aws-iso-b",
        regions: &["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"],
        region_prefixes: &["us-isob"],
        name: "aws-iso-b",
        dns_suffix: "sc2s.sgov.gov",
        dual_stack_dns_suffix: "api.aws.scloud",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-isob-east-1",
    },
    Partition {
        id: "aws-iso-e",
        regions: &["aws-iso-e-global", "eu-isoe-west-1"],
        region_prefixes: &["eu-isoe"],
        name: "aws-iso-e",
        dns_suffix: "cloud.adc-e.uk",
        dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eu-isoe-west-1",
    },
    Partition {
        id: "aws-iso-f",
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
        region_prefixes: &["us-isof"],
        name: "aws-iso-f",
        dns_suffix: "csp.hci.ic.gov",
        dual_stack_dns_suffix: "api.aws.hci.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-isof-south-1",
    },
    Partition {
        id: "aws-us-gov",
        regions: &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
        region_prefixes: &["us-gov"],
        name: "aws-us-gov",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-gov-west-1",
    },
];
