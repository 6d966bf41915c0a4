//! Reviewed snapshots of what each one-feature fixture generates. The same
//! output is compiled, linted and documented as `tests/fixtures/crate`.

use integration_tests::repo_root;

fn fixture_files() -> std::collections::BTreeMap<String, String> {
    let (request, _) =
        xtask::manifest_request(&repo_root().join("tests/fixtures/manifest.json")).unwrap();
    codegen::generate(&request).unwrap().files
}

macro_rules! snapshot_types {
    ($($test:ident => $module:literal),* $(,)?) => {$(
        #[test]
        fn $test() {
            let files = fixture_files();
            insta::assert_snapshot!(files[concat!("src/", $module, "/types.rs")]);
        }
    )*};
}

snapshot_types! {
    every_shape_kind => "shapes",
    recursion => "recursion",
    naming_obstacle_course => "naming",
    documentation_conversion => "docs",
    smithy_1_0 => "smithy1",
    mixins_and_apply => "mixins",
}

#[test]
fn builders_of_required_default_and_boxed_members() {
    let files = fixture_files();
    insta::assert_snapshot!(files["src/recursion/builders.rs"]);
}

#[test]
fn protocol_compliance_cases_as_tests() {
    let files = fixture_files();
    insta::assert_snapshot!(files["src/compliance/protocol_tests.rs"]);
}
