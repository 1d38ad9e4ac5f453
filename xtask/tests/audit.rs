//! Runs `xtask audit-spec` against the real reference and a copy of the real spec, modified in
//! typical ways, and checks that each modification is reported (as a finding the unmodified
//! copy does not have). The spec and the errata are read once and every run works on copies in
//! a temporary directory, so files in the repository are never touched and a concurrent edit
//! of them cannot skew the comparison between runs.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn reference() -> PathBuf {
    manifest_dir().join("../../shared/reference/lambda-api-reference-2015-03-31.zh.txt")
}

/// Snapshots of the spec and the errata, taken once.
struct Snapshot {
    spec: Value,
    errata: String,
}

fn snapshot() -> &'static Snapshot {
    static S: OnceLock<Snapshot> = OnceLock::new();
    S.get_or_init(|| {
        let root = manifest_dir().join("..");
        let spec = std::fs::read_to_string(root.join("spec/lambda-2015-03-31.openapi.json")).expect("spec");
        let errata = std::fs::read_to_string(root.join("spec/ERRATA.md")).expect("errata");
        Snapshot { spec: serde_json::from_str(&spec).expect("spec is JSON"), errata }
    })
}

/// A directory of its own for each audit run, so parallel tests never remove each other's files.
fn scratch_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("xtask-audit-test-{}-{name}", std::process::id()))
}

/// Runs the audit on `spec` and the errata snapshot, written to temporary files named after
/// `name`, and returns its finding lines.
fn audit(name: &str, spec: &Value) -> BTreeSet<String> {
    let dir = scratch_dir(name);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.openapi.json"));
    let errata = dir.join(format!("{name}.ERRATA.md"));
    std::fs::write(&path, serde_json::to_string_pretty(spec).unwrap()).expect("write spec copy");
    std::fs::write(&errata, &snapshot().errata).expect("write errata copy");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("audit-spec")
        .arg("--reference")
        .arg(reference())
        .arg("--spec")
        .arg(&path)
        .arg("--errata")
        .arg(&errata)
        .output()
        .expect("run xtask");
    let _ = std::fs::remove_dir_all(&dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() || stderr.contains("difference(s) between the reference and the spec"),
        "audit-spec failed to run: {stderr}"
    );
    String::from_utf8_lossy(&out.stdout).lines().filter(|l| !l.starts_with("audit-spec:")).map(String::from).collect()
}

fn baseline() -> &'static BTreeSet<String> {
    static B: OnceLock<BTreeSet<String>> = OnceLock::new();
    B.get_or_init(|| audit("baseline", &snapshot().spec))
}

/// Applies `change` to a copy of the spec and returns the findings the baseline lacks.
fn new_findings(name: &str, change: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut spec = snapshot().spec.clone();
    change(&mut spec);
    let found = audit(name, &spec);
    found.difference(baseline()).cloned().collect()
}

fn assert_reported(new: &[String], parts: &[&str]) {
    assert!(
        new.iter().any(|l| parts.iter().all(|p| l.contains(p))),
        "expected a finding containing {parts:?}, new findings: {new:#?}"
    );
}

fn schema<'a>(spec: &'a mut Value, name: &str) -> &'a mut Value {
    &mut spec["components"]["schemas"][name]
}

fn operation<'a>(spec: &'a mut Value, path: &str, method: &str) -> &'a mut Value {
    let op = &mut spec["paths"][path][method];
    assert!(op.is_object(), "no {method} {path} in the spec");
    op
}

fn param<'a>(op: &'a mut Value, name: &str) -> &'a mut Value {
    op["parameters"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
}

#[test]
fn baseline_has_no_parser_problems() {
    let lines = baseline();
    let parser: Vec<_> = lines.iter().filter(|l| l.contains("(parser)")).collect();
    assert!(parser.is_empty(), "parser problems: {parser:#?}");
    // The structural repairs of ERRATA.md (renamed error codes, the italic path label) are
    // explained, not reported.
    assert!(!lines.iter().any(|l| l.contains("CodeSigningConfigNotFoundExcep^{tion}")), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.contains("*UUID*")), "{lines:#?}");
}

#[test]
fn reports_dropped_data_type_member() {
    let new = new_findings("drop-dt-member", |s| {
        schema(s, "VpcConfig")["properties"].as_object_mut().unwrap().remove("SubnetIds").expect("SubnetIds");
    });
    assert_reported(&new, &["data type VpcConfig member SubnetIds", "missing from the spec"]);
}

#[test]
fn reports_dropped_request_member() {
    let new = new_findings("drop-request-member", |s| {
        schema(s, "CreateFunctionRequest")["properties"].as_object_mut().unwrap().remove("Timeout").expect("Timeout");
    });
    assert_reported(&new, &["CreateFunction request member Timeout", "missing from the spec"]);
}

#[test]
fn reports_changed_max_length() {
    let new = new_findings("max-length", |s| {
        schema(s, "AliasConfiguration")["properties"]["Description"]["maxLength"] = 255.into();
    });
    assert_reported(
        &new,
        &["data type AliasConfiguration member Description", "length upper bound differs", "256", "255"],
    );
}

#[test]
fn reports_changed_pattern() {
    let new = new_findings("pattern", |s| {
        schema(s, "AddLayerVersionPermissionRequest")["properties"]["OrganizationId"]["pattern"] =
            "^(?:o-[a-z0-9]{10,31})$".into();
    });
    assert_reported(
        &new,
        &["AddLayerVersionPermission request member OrganizationId", "pattern differs", "o-[a-z0-9]{10,31}"],
    );
}

#[test]
fn reports_changed_pattern_that_an_errata_row_covers() {
    // CreateAlias's FunctionName pattern is repaired by an ERRATA row; once the spec says
    // something else than the row's 'Spec says', the difference is reported again.
    let new = new_findings("errata-pattern", |s| {
        let op = operation(s, "/2015-03-31/functions/{FunctionName}/aliases", "post");
        param(op, "FunctionName")["schema"]["pattern"] = "^(?:[a-z]+)$".into();
    });
    assert_reported(&new, &["CreateAlias request member FunctionName", "pattern differs", "[a-z]+"]);
    // The same member of other operations is untouched.
    assert!(!new.iter().any(|l| l.starts_with("Invoke ")), "{new:#?}");
}

#[test]
fn reports_removed_error() {
    let new = new_findings("error", |s| {
        let op = operation(s, "/2015-03-31/functions/{FunctionName}/policy", "post");
        let list = op["responses"]["400"]["content"]["application/json"]["schema"]["oneOf"].as_array_mut().unwrap();
        let before = list.len();
        list.retain(|r| r["$ref"] != "#/components/schemas/PolicyLengthExceededException");
        assert_eq!(list.len() + 1, before);
    });
    assert_reported(&new, &["AddPermission error PolicyLengthExceededException", "missing from the spec"]);
}

#[test]
fn reports_changed_success_status() {
    let new = new_findings("status", |s| {
        let responses =
            operation(s, "/2015-03-31/functions/{FunctionName}/aliases", "post")["responses"].as_object_mut().unwrap();
        let ok = responses.remove("201").expect("201");
        responses.insert("200".into(), ok);
    });
    assert_reported(&new, &["CreateAlias response", "success status differs", "201", "200"]);
}

#[test]
fn reports_removed_operation() {
    let new = new_findings("operation", |s| {
        s["paths"]["/2015-03-31/functions/{FunctionName}/aliases/{Name}"]
            .as_object_mut()
            .unwrap()
            .remove("get")
            .expect("GetAlias");
    });
    assert_reported(&new, &["GetAlias", "operation missing from the spec"]);
}

#[test]
fn reports_changed_date_prefix_enum_and_required() {
    let new = new_findings("misc", |s| {
        let paths = s["paths"].as_object_mut().unwrap();
        let item = paths.remove("/2017-03-31/tags/{ARN}").expect("tags path");
        paths.insert("/2015-03-31/tags/{ARN}".into(), item);
        let arch = schema(s, "Architecture")["enum"].as_array_mut().unwrap();
        arch.retain(|v| v != "arm64");
        let required = schema(s, "CreateFunctionRequest")["required"].as_array_mut().unwrap();
        required.retain(|v| v != "Role");
    });
    assert_reported(&new, &["ListTags request", "path differs", "/2017-03-31/tags/{ARN}"]);
    assert_reported(&new, &["CreateFunction request member Architectures", "valid values", "arm64"]);
    assert_reported(&new, &["CreateFunction request member Role", "required flag differs"]);
}
