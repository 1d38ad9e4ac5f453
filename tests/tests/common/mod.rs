//! Helpers shared by the generator tests: generating into temporary crates and compiling them.

#![allow(dead_code)]

use lambda_codegen::emit::files::CrateOptions;
use lambda_codegen::emit::Files;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().expect("workspace root")
}

/// Options for a crate generated outside the workspace: the runtime by absolute path.
pub fn options(crate_name: &str) -> CrateOptions {
    CrateOptions {
        crate_name: crate_name.to_string(),
        runtime_path: root().join("runtime").to_string_lossy().into_owned(),
        ..CrateOptions::default()
    }
}

/// Writes each crate under a scratch workspace in `target/` and runs `cargo check` on all of
/// them at once. Returns cargo's output on failure.
pub fn cargo_check(scratch: &str, crates: &[(String, Files)]) -> Result<(), String> {
    let dir = root().join("target").join("codegen-check").join(scratch);
    let _ = std::fs::remove_dir_all(&dir);
    let mut members = Vec::new();
    for (name, files) in crates {
        let crate_dir = dir.join(name);
        for (rel, content) in files {
            let path = crate_dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, content).unwrap();
        }
        members.push(format!("\"{name}\""));
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )
    .unwrap();
    // Same dependency versions as the workspace, and no network needed.
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        // Client and server code included; the workspace's own target directory is reused so
        // their dependencies are not built twice.
        .args(["check", "--workspace", "--all-features", "--offline", "--quiet"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root().join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    }
}

/// All files of a generated crate as one text, for snapshots.
pub fn concat(files: &Files) -> String {
    let mut s = String::new();
    for (rel, content) in files {
        s.push_str(&format!("=== {rel} ===\n{content}\n"));
    }
    s
}

/// Reads a file relative to the workspace root.
pub fn read(rel: impl AsRef<Path>) -> String {
    std::fs::read_to_string(root().join(rel)).expect("readable")
}
