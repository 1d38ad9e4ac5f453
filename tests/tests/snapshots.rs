//! Snapshots of the generator's output for small fixture specs, one per construct. The
//! emitted crates are also compiled (warnings denied), so a snapshot cannot hold code that
//! does not build.

mod common;

const FIXTURES: &[&str] =
    &["struct", "nested", "list", "map", "enum", "constraints", "errors", "raw_payload", "event_stream", "waiters"];

fn generate(name: &str) -> lambda_codegen::emit::Files {
    let text = common::read(format!("tests/fixtures/{name}.json"));
    lambda_codegen::generate(
        &text,
        &format!("tests/fixtures/{name}.json"),
        &common::options(&format!("fixture-{}", name.replace('_', "-"))),
    )
    .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

#[test]
fn fixture_snapshots() {
    for name in FIXTURES {
        let files = generate(name);
        // Cargo.toml holds an absolute path to the runtime, which differs between machines.
        let mut shown = files.clone();
        shown.shift_remove("Cargo.toml");
        insta::assert_snapshot!(*name, common::concat(&shown));
    }
}

#[test]
fn fixture_crates_compile() {
    let crates: Vec<_> = FIXTURES.iter().map(|n| (n.to_string(), generate(n))).collect();
    if let Err(e) = common::cargo_check("fixtures", &crates) {
        panic!("generated fixture crates do not compile:\n{e}");
    }
}

#[test]
fn output_is_deterministic() {
    for name in FIXTURES {
        assert_eq!(generate(name), generate(name), "fixture {name} generates different bytes on a second run");
    }
}
