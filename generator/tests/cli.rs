//! The `lambda-codegen` command line: help, generation, the staleness check and bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lambda-codegen")).args(args).output().expect("run lambda-codegen")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name).to_string_lossy().into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lambda-codegen-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn mtimes(dir: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(mtimes(&e.path()));
        } else {
            out.push((e.path(), e.metadata().unwrap().modified().unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn help_names_every_flag() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    let t = text(&o);
    for flag in ["--spec", "--out", "--check", "--crate-name", "--runtime-path", "--help"] {
        assert!(t.contains(flag), "--help does not mention {flag}:\n{t}");
    }
}

#[test]
fn generates_then_checks_and_rewrites_only_what_changed() {
    let out = scratch("gen");
    let out_s = out.to_string_lossy().into_owned();
    let spec = fixture("enum.json");
    let first = run(&["--spec", &spec, "--out", &out_s]);
    assert!(first.status.success(), "{}", text(&first));
    let before = mtimes(&out);
    assert!(before.len() > 5);

    // A second run writes nothing, and the check passes.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = run(&["--spec", &spec, "--out", &out_s]);
    assert!(text(&second).contains("0 file(s) changed"), "{}", text(&second));
    assert_eq!(mtimes(&out), before, "unchanged files must not be touched");
    assert!(run(&["--spec", &spec, "--out", &out_s, "--check"]).status.success());

    // A hand edit is stale: the check fails with a diff naming the file, and writes nothing.
    let enums = out.join("src/enums.rs");
    let edited = std::fs::read_to_string(&enums).unwrap().replace("dark-green", "light-green");
    std::fs::write(&enums, &edited).unwrap();
    let check = run(&["--spec", &spec, "--out", &out_s, "--check"]);
    assert!(!check.status.success());
    let t = text(&check);
    assert!(t.contains("src/enums.rs") && t.contains("-") && t.contains("dark-green"), "{t}");
    assert_eq!(std::fs::read_to_string(&enums).unwrap(), edited);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn bad_specs_fail_with_pointers_and_write_nothing() {
    let dir = scratch("bad");
    std::fs::create_dir_all(&dir).unwrap();
    let mut spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("list.json")).unwrap()).unwrap();
    spec["components"]["schemas"]["Item"]["properties"]["Key"]["pattern"] = serde_json::json!("^(?:[a-z)$");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, spec.to_string()).unwrap();
    let out = dir.join("out");
    let o = run(&["--spec", &bad.to_string_lossy(), "--out", &out.to_string_lossy()]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("at #/components/schemas/Item/properties/Key/pattern: pattern \"[a-z\" cannot be matched: it does not parse"),
        "{}",
        text(&o)
    );
    assert!(!out.exists(), "nothing is written for a bad spec");
    let missing = run(&["--spec", "/nonexistent/spec.json", "--out", &out.to_string_lossy()]);
    assert!(!missing.status.success());
    assert!(text(&missing).contains("cannot read /nonexistent/spec.json"), "{}", text(&missing));
    let _ = std::fs::remove_dir_all(&dir);
}
