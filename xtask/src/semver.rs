//! `cargo xtask semver-check`: does code written against the crate generated from one spec
//! still compile against the crate generated from another?
//!
//! Three judges must agree: `cargo api-diff`'s Rust verdict (predicted from the specs),
//! `cargo semver-checks` (measured on the two generated crates' public APIs), and a small user
//! program (`tests/semver/user-program`) compiled against both crates.

use crate::api_diff;
use lambda_codegen::diff::{self, Compat};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What to compare.
pub struct Options {
    /// The older spec.
    pub old: PathBuf,
    /// The newer spec; with `additive`, ignored.
    pub new: Option<PathBuf>,
    /// Compare the older spec with itself plus typical additive changes.
    pub additive: bool,
    /// The verdict the caller expects.
    pub expect: Option<Compat>,
}

fn run_cargo(args: &[&str], dir: &Path, target: &Path) -> Result<(bool, String), String> {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| format!("cannot run cargo {}: {e}", args.join(" ")))?;
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    Ok((out.status.success(), text))
}

/// Writes the crate for `spec` into `dir` as a standalone package (its own workspace), with the
/// runtime at its absolute path.
fn generate(root: &Path, spec: &str, dir: &Path, version: &str) -> Result<(), String> {
    let opts = lambda_codegen::emit::files::CrateOptions {
        crate_name: "lambda-api".into(),
        crate_version: version.into(),
        runtime_path: root.join("runtime").display().to_string(),
    };
    let mut files =
        lambda_codegen::generate(spec, "spec/lambda-2015-03-31.openapi.json", &opts).map_err(|e| e.to_string())?;
    if let Some(cargo) = files.get_mut("Cargo.toml") {
        cargo.push_str("\n[workspace]\n");
    }
    lambda_codegen::workspace::sync(dir, &files, false).map_err(|e| e.to_string())?;
    Ok(())
}

/// Compiles the user program against the crate in `krate`.
fn user_program(root: &Path, work: &Path, krate: &Path, name: &str) -> Result<(bool, String), String> {
    let dir = work.join(format!("user-program-{name}"));
    std::fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let source = root.join("tests/semver/user-program/main.rs");
    let main = std::fs::read_to_string(&source).map_err(|e| format!("{}: {e}", source.display()))?;
    std::fs::write(dir.join("src/main.rs"), main).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"user-program\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nlambda-api = {{ path = {:?}, features = [\"client\", \"server\"] }}\n\n[workspace]\n",
        krate.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    run_cargo(&["check", "--quiet"], &dir, &work.join("target"))
}

/// Runs the comparison and returns a report; fails when the judges disagree or the verdict is
/// not the expected one.
pub fn run(root: &Path, opts: &Options) -> Result<String, String> {
    let read = |p: &Path| std::fs::read_to_string(root.join(p)).map_err(|e| format!("{}: {e}", p.display()));
    let old = read(&opts.old)?;
    let new = if opts.additive {
        additive(&old)?
    } else {
        read(opts.new.as_deref().ok_or("give --new SPEC or --additive")?)?
    };
    let work = root.join("target/semver-check");
    let (old_dir, new_dir) = (work.join("old"), work.join("new"));
    for d in [&old_dir, &new_dir] {
        let _ = std::fs::remove_dir_all(d);
    }
    // Versions 1.0.0 → 1.1.0: a minor release, which may add but must not break.
    generate(root, &old, &old_dir, "1.0.0")?;
    generate(root, &new, &new_dir, "1.1.0")?;

    let changes = api_diff::changes(&old, "old spec", &new, "new spec")?;
    let predicted = diff::verdict(&changes, |c| c.rust);
    let mut report = format!("api-diff: {} change(s), Rust verdict {}\n", changes.len(), predicted.word());
    for c in changes.iter().filter(|c| c.rust == Compat::Breaking).take(20) {
        report.push_str(&format!("  breaking: {c}\n"));
    }

    let new_manifest = new_dir.join("Cargo.toml").display().to_string();
    let old_root = old_dir.display().to_string();
    let (passed, text) = run_cargo(
        &[
            "semver-checks",
            "check-release",
            "--manifest-path",
            &new_manifest,
            "--baseline-root",
            &old_root,
            "--all-features",
        ],
        root,
        &work.join("target"),
    )?;
    if !passed && !text.contains("semver requires") {
        return Err(format!(
            "cargo semver-checks did not run (install it with `cargo install --locked cargo-semver-checks`):\n{text}"
        ));
    }
    let measured = if passed { Compat::Compatible } else { Compat::Breaking };
    report.push_str(&format!("cargo semver-checks: {}\n", measured.word()));
    for line in text.lines().filter(|l| l.contains("FAIL") || l.trim_start().starts_with("Summary")) {
        report.push_str(&format!("  {}\n", line.trim()));
    }

    let (old_ok, old_text) = user_program(root, &work, &old_dir, "old")?;
    if !old_ok {
        return Err(format!("{report}the user program does not compile against the old crate:\n{old_text}"));
    }
    let (new_ok, new_text) = user_program(root, &work, &new_dir, "new")?;
    report.push_str(&format!(
        "user program: compiles against the old crate; {} against the new one\n",
        if new_ok { "compiles" } else { "does not compile" }
    ));

    if predicted != measured {
        return Err(format!("{report}api-diff and cargo semver-checks disagree:\n{text}"));
    }
    if predicted == Compat::Compatible && !new_ok {
        return Err(format!("{report}a compatible change broke the user program:\n{new_text}"));
    }
    if let Some(expect) = opts.expect {
        if expect != predicted {
            return Err(format!("{report}expected {}, got {}", expect.word(), predicted.word()));
        }
    }
    Ok(report)
}

/// The spec with the changes a model update typically brings, all additive: an optional member
/// on an input and on a shared output type, an enum value, an error on an existing operation,
/// a relaxed limit, and a new operation with its own data type.
pub fn additive(spec: &str) -> Result<String, String> {
    let mut v: Value = serde_json::from_str(spec).map_err(|e| format!("spec: {e}"))?;
    let schemas = v
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .ok_or("the spec has no components/schemas")?;
    let member = |d: &str| json!({"type": "string", "maxLength": 64, "description": d});
    let props =
        |schemas: &mut serde_json::Map<String, Value>, name: &str| -> Result<serde_json::Map<String, Value>, String> {
            schemas
                .get(name)
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
                .cloned()
                .ok_or(format!("the spec has no schema {name} with properties"))
        };
    let mut input = props(schemas, "CreateFunctionRequest")?;
    input.insert("ExampleAddedSetting".into(), member("A setting added by a later model."));
    schemas["CreateFunctionRequest"]["properties"] = Value::Object(input);
    let mut output = props(schemas, "FunctionConfiguration")?;
    output.insert("ExampleAddedState".into(), member("A state added by a later model."));
    schemas["FunctionConfiguration"]["properties"] = Value::Object(output);
    schemas["Runtime"]["enum"].as_array_mut().ok_or("Runtime is not an enum")?.push(json!("python9.99"));
    schemas["CreateFunctionRequest"]["properties"]["MemorySize"]["maximum"] = json!(65536);
    schemas.insert(
        "ExampleAddedException".into(),
        json!({"type": "object", "description": "An error added by a later model.",
               "properties": {"Type": {"type": "string", "description": "Which side caused the error."},
                              "message": {"type": "string", "description": "What went wrong."}},
               "x-aws-error": {"httpStatus": 400}}),
    );
    schemas.insert(
        "Widget".into(),
        json!({"type": "object", "description": "A data type added by a later model.",
               "properties": {"Name": {"type": "string", "description": "Name of the widget."}}}),
    );
    schemas.insert(
        "GetWidgetResponse".into(),
        json!({"type": "object", "description": "Body of a GetWidget response.",
               "properties": {"Widget": {"$ref": "#/components/schemas/Widget", "description": "The widget."}}}),
    );
    let error_response = json!({"description": "The request was invalid.",
        "headers": {"X-Amzn-ErrorType": {"$ref": "#/components/headers/X-Amzn-ErrorType"}},
        "content": {"application/json": {"schema": {"anyOf": [{"$ref": "#/components/schemas/ExampleAddedException"}]}}}});
    let paths = v.pointer_mut("/paths").and_then(Value::as_object_mut).ok_or("the spec has no paths")?;
    let get_function = paths
        .values_mut()
        .filter_map(|item| item.get_mut("get"))
        .find(|op| op.get("operationId").and_then(Value::as_str) == Some("GetFunction"))
        .ok_or("the spec has no GetFunction")?;
    let responses =
        get_function.get_mut("responses").and_then(Value::as_object_mut).ok_or("GetFunction has no responses")?;
    match responses.get_mut("400").and_then(|r| r.pointer_mut("/content/application~1json/schema")) {
        Some(schema) => {
            let key = if schema.get("anyOf").is_some() { "anyOf" } else { "oneOf" };
            schema[key]
                .as_array_mut()
                .ok_or("an error response without alternatives")?
                .push(json!({"$ref": "#/components/schemas/ExampleAddedException"}));
        }
        None => {
            responses.insert("400".into(), error_response);
        }
    }
    paths.insert(
        "/2030-01-01/widgets/{WidgetName}".into(),
        json!({"get": {"operationId": "GetWidget", "summary": "Get a widget.", "description": "An operation added by a later model.",
            "parameters": [{"name": "WidgetName", "in": "path", "required": true, "x-aws-member": "WidgetName",
                            "description": "Name of the widget.", "schema": {"type": "string", "maxLength": 64}}],
            "responses": {"200": {"description": "The widget.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GetWidgetResponse"}}}}}}}),
    );
    serde_json::to_string_pretty(&v).map_err(|e| e.to_string())
}
