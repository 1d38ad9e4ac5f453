//! Runs `xtask audit-spec` against the real reference and copies of the reference-era spec and
//! of the current spec, modified in typical ways, and checks that each modification is reported
//! (as a finding the unmodified copies do not have). The specs and the errata are read once and
//! every run works on copies in a temporary directory, so files in the repository are never
//! touched and a concurrent edit of them cannot skew the comparison between runs.
//!
//! The reference text is not part of the repository: these tests find it through
//! `LAMBDA_API_REFERENCE` and are ignored (reported as skipped) in the default run. `.ci/run`
//! runs them with the variable set: `cargo test -p xtask --test audit -- --ignored`.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const NEEDS_REFERENCE: &str = "needs the reference text: set LAMBDA_API_REFERENCE to its path";

fn reference() -> PathBuf {
    match std::env::var_os("LAMBDA_API_REFERENCE") {
        Some(p) if PathBuf::from(&p).is_file() => PathBuf::from(p),
        Some(p) => panic!("LAMBDA_API_REFERENCE={} is not a readable file", PathBuf::from(p).display()),
        None => panic!("{NEEDS_REFERENCE}"),
    }
}

/// Snapshots of the two specs and the errata, taken once.
struct Snapshot {
    reference_era: Value,
    spec: Value,
    errata: String,
}

fn snapshot() -> &'static Snapshot {
    static S: OnceLock<Snapshot> = OnceLock::new();
    S.get_or_init(|| {
        let root = manifest_dir().join("..");
        let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
        Snapshot {
            reference_era: serde_json::from_str(&read("spec/reference-era.openapi.json")).expect("JSON"),
            spec: serde_json::from_str(&read("spec/lambda-2015-03-31.openapi.json")).expect("JSON"),
            errata: read("spec/ERRATA.md"),
        }
    })
}

/// A directory of its own for each audit run, so parallel tests never remove each other's files.
fn scratch_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("xtask-audit-test-{}-{name}", std::process::id()))
}

/// Runs the audit on copies of the two specs and the errata, written to temporary files named
/// after `name`, and returns its finding lines.
fn audit(name: &str, reference_era: &Value, spec: &Value) -> BTreeSet<String> {
    let dir = scratch_dir(name);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let baseline = dir.join("reference-era.openapi.json");
    let path = dir.join(format!("{name}.openapi.json"));
    let errata = dir.join(format!("{name}.ERRATA.md"));
    std::fs::write(&baseline, serde_json::to_string_pretty(reference_era).unwrap()).expect("write copy");
    std::fs::write(&path, serde_json::to_string_pretty(spec).unwrap()).expect("write spec copy");
    std::fs::write(&errata, &snapshot().errata).expect("write errata copy");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("audit-spec")
        .arg("--reference")
        .arg(reference())
        .arg("--baseline")
        .arg(&baseline)
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
    B.get_or_init(|| audit("baseline", &snapshot().reference_era, &snapshot().spec))
}

/// Applies `change` to a copy of the reference-era spec (what the reference is compared with)
/// and returns the findings the unmodified copies lack.
fn new_findings(name: &str, change: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut reference_era = snapshot().reference_era.clone();
    change(&mut reference_era);
    let found = audit(name, &reference_era, &snapshot().spec);
    found.difference(baseline()).cloned().collect()
}

/// Applies `change` to a copy of the current spec and returns the new findings.
fn new_findings_in_spec(name: &str, change: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut spec = snapshot().spec.clone();
    change(&mut spec);
    let found = audit(name, &snapshot().reference_era, &spec);
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
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
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
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
fn reports_dropped_data_type_member() {
    let new = new_findings("drop-dt-member", |s| {
        schema(s, "VpcConfig")["properties"].as_object_mut().unwrap().remove("SubnetIds").expect("SubnetIds");
    });
    assert_reported(&new, &["data type VpcConfig member SubnetIds", "missing from the spec"]);
}

#[test]
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
fn reports_dropped_request_member() {
    let new = new_findings("drop-request-member", |s| {
        schema(s, "CreateFunctionRequest")["properties"].as_object_mut().unwrap().remove("Timeout").expect("Timeout");
    });
    assert_reported(&new, &["CreateFunction request member Timeout", "missing from the spec"]);
}

#[test]
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
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
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
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
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
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
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
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
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
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
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
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
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
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

#[test]
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
fn the_unmodified_specs_pass() {
    assert!(baseline().is_empty(), "{:#?}", baseline());
}

#[test]
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
fn a_model_difference_missing_from_errata_is_reported() {
    let new = new_findings_in_spec("model-difference", |s| {
        schema(s, "AliasConfiguration")["properties"]["Description"]["maxLength"] = 255.into();
    });
    assert_reported(&new, &["ERRATA.md: the model section does not match the spec"]);
}

#[test]
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
fn an_item_without_provenance_is_reported() {
    let new = new_findings_in_spec("provenance", |s| {
        let props = schema(s, "CapacityProvider")["properties"].as_object_mut().unwrap();
        let (name, member) = props.iter().next().map(|(k, v)| (k.clone(), v.clone())).unwrap();
        let mut member = member;
        member.as_object_mut().unwrap().remove("x-aws-since");
        props.insert(name, member);
        let fc = schema(s, "FunctionConfiguration")["properties"]["DurableConfig"].as_object_mut().unwrap();
        fc.remove("x-aws-since");
    });
    assert_reported(&new, &["provenance: member FunctionConfiguration.DurableConfig"]);
    assert_reported(&new, &["provenance: member CapacityProvider."]);
}
