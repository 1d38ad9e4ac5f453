//! The README's "When the API changes" workflow, end to end, on a small model: import a model,
//! regenerate, build; then import the next model release (a new operation, member and enum
//! value, and a relaxed limit), read the report, regenerate, check the spec diff and the
//! changelog entry, and build again.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/model-update")
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs the xtask binary on the scratch workspace; returns its output or fails with it.
fn xtask(root: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).arg("--root").arg(root).args(args).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "xtask {args:?} failed:\n{text}");
    text
}

/// `cargo check` of the generated crate (default features: the types, codecs and validators
/// the model determines), sharing a target directory between runs.
fn build(root: &Path) {
    let target = workspace_root().join("target/model-update-test");
    let out = Command::new(env!("CARGO"))
        .args(["check", "--quiet"])
        .current_dir(root.join("generated/lambda"))
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    assert!(out.status.success(), "the generated crate does not build:\n{}", String::from_utf8_lossy(&out.stderr));
}

/// A scratch workspace with the layout `cargo xtask` expects and the project's runtime.
fn scratch() -> PathBuf {
    let root = std::env::temp_dir().join(format!("model-update-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("spec")).unwrap();
    std::fs::create_dir_all(root.join("generated")).unwrap();
    std::os::unix::fs::symlink(workspace_root().join("runtime"), root.join("runtime")).unwrap();
    // The project's workspace manifest (the runtime inherits its settings), with only the
    // runtime and the generated crate as members.
    let manifest = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap();
    let members = manifest.lines().find(|l| l.starts_with("members = ")).unwrap();
    let manifest = manifest.replace(members, "members = [\"runtime\", \"generated/lambda\"]");
    std::fs::write(root.join("Cargo.toml"), manifest).unwrap();
    root
}

fn import(root: &Path, release: &str, version: &str) -> String {
    let model = fixtures().join(release);
    let descriptions = fixtures().join(format!("descriptions-{release}.json"));
    xtask(
        root,
        &[
            "import-model",
            "--model",
            model.to_str().unwrap(),
            "--model-version",
            version,
            "--descriptions",
            descriptions.to_str().unwrap(),
        ],
    )
}

#[test]
fn a_model_update_flows_to_a_small_spec_diff_a_changelog_entry_and_a_building_crate() {
    let root = scratch();
    let spec = root.join("spec/lambda-2015-03-31.openapi.json");

    let report = import(&root, "v1", "1.0.0");
    assert!(report.contains("wrote"), "{report}");
    assert!(!report.contains("need a description"), "every v1 item was described:\n{report}");
    xtask(&root, &["regenerate"]);
    build(&root);
    let v1 = std::fs::read_to_string(&spec).unwrap();
    assert!(v1.contains("\"x-aws-pagination\""), "the paginator file was read");
    assert!(!v1.contains("ignored prose"), "the model's documentation never reaches the spec");
    // Importing the same model again changes nothing.
    assert!(import(&root, "v1", "1.0.0").contains("is unchanged"));

    let report = import(&root, "v2", "1.1.0");
    for expected in [
        "operation added:\n  DeleteThing",
        "member added:\n  Thing, Color",
        "enum value added:\n  ThingKind, huge",
        "constraint relaxed:",
        "Size (maximum): 100 → 1000",
        "for Rust code using the generated crate: compatible",
    ] {
        assert!(report.contains(expected), "report lacks {expected:?}:\n{report}");
    }
    let v2 = std::fs::read_to_string(&spec).unwrap();
    let diff = similar::TextDiff::from_lines(&v1, &v2);
    let changed = diff.iter_all_changes().filter(|c| c.tag() != similar::ChangeTag::Equal).count();
    // Most of it is the new operation, whose responses declare every error the front end
    // answers (about 200 lines); the rest of the spec must stay as it was.
    assert!(
        changed < 300,
        "a small model update gives a small spec diff, not {changed} lines:\n{}",
        diff.unified_diff()
    );
    assert!(v2.contains("\"x-aws-since\": \"1.1.0\""), "new items carry their provenance");
    assert!(v2.contains("\"x-aws-enum-since\""), "the new enum value carries its provenance");

    xtask(&root, &["regenerate"]);
    let changelog = std::fs::read_to_string(root.join("generated/lambda/CHANGELOG.md")).unwrap();
    assert!(changelog.contains("## 0.1.1 — from botocore 1.1.0"), "{changelog}");
    assert!(changelog.contains("compatible for Rust code"), "{changelog}");
    assert!(changelog.contains("- operations: `DeleteThing`"), "{changelog}");
    assert!(changelog.contains("- enum values: ThingKind: `huge`"), "{changelog}");
    let cargo = std::fs::read_to_string(root.join("generated/lambda/Cargo.toml")).unwrap();
    assert!(cargo.contains("version = \"0.1.1\""), "{cargo}");
    xtask(&root, &["check"]);
    build(&root);
    let _ = std::fs::remove_dir_all(&root);
}
