//! The server module emitted for every fixture spec compiles with the `server` feature
//! (warnings denied): the emitter works for specs other than Lambda's, including raw payloads,
//! event streams and operations without inputs.

mod common;

#[test]
fn fixture_server_modules_compile() {
    let dir = common::root().join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".json").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 5, "expected the fixture specs in {}", dir.display());
    let mut crates = Vec::new();
    for name in &names {
        let text = common::read(format!("tests/fixtures/{name}.json"));
        let crate_name = format!("server-fixture-{}", name.replace('_', "-"));
        let files =
            lambda_codegen::generate(&text, &format!("tests/fixtures/{name}.json"), &common::options(&crate_name))
                .unwrap_or_else(|e| panic!("fixture {name}: {e}"));
        let server = &files["src/server.rs"];
        assert!(
            server.contains("pub fn router, pub fn router_service, signed as"),
            "fixture {name} has no router:\n{server}"
        );
        crates.push((crate_name, files));
    }
    let scratch = common::root().join("target").join("codegen-check").join("server-fixtures");
    let _ = std::fs::remove_dir_all(&scratch);
    let mut members = Vec::new();
    let mut features = Vec::new();
    for (name, files) in &crates {
        for (rel, content) in files {
            let path = scratch.join(name).join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, content).unwrap();
        }
        members.push(format!("\"{name}\""));
        features.push(format!("{name}/server"));
    }
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )
    .unwrap();
    std::fs::copy(common::root().join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["check", "--workspace", "--offline", "--quiet", "--features", &features.join(",")])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", common::root().join("target").join("codegen-check").join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "server modules of the fixture crates do not compile:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
