//! `xtask import-endpoints`: the committed endpoint table is what the committed botocore
//! files give, and rule sets the table cannot express are refused with the place they fail.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-endpoints-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn import(botocore: &Path, out: &Path) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["import-endpoints", "--botocore"])
        .arg(botocore)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

/// A copy of the committed botocore files with the rule set changed by `edit`.
fn botocore_with(name: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
    let dir = scratch(name);
    let source = root().join("tests/data/botocore");
    for file in ["partitions.json", "endpoints.json"] {
        std::fs::copy(source.join(file), dir.join(file)).unwrap();
    }
    let mut rules: Value =
        serde_json::from_str(&std::fs::read_to_string(source.join("endpoint-rule-set-1.json")).unwrap()).unwrap();
    edit(&mut rules);
    std::fs::write(dir.join("endpoint-rule-set-1.json"), serde_json::to_string(&rules).unwrap()).unwrap();
    dir
}

#[test]
fn the_committed_table_is_what_the_botocore_data_gives() {
    let dir = scratch("fresh");
    let out = dir.join("table.json");
    let (ok, text) = import(&root().join("tests/data/botocore"), &out);
    assert!(ok, "{text}");
    assert!(text.contains("8 partitions"), "{text}");
    assert!(text.contains("6 FIPS pseudo-region aliases"), "{text}");
    let committed = std::fs::read_to_string(root().join("runtime/data/lambda-endpoints.json")).unwrap();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        committed,
        "runtime/data/lambda-endpoints.json is stale: run cargo xtask import-endpoints --botocore tests/data/botocore"
    );
}

#[test]
fn a_partition_without_fips_gets_the_rule_sets_error() {
    let dir = scratch("nofips");
    let source = root().join("tests/data/botocore");
    for file in ["endpoints.json", "endpoint-rule-set-1.json"] {
        std::fs::copy(source.join(file), dir.join(file)).unwrap();
    }
    let mut partitions: Value =
        serde_json::from_str(&std::fs::read_to_string(source.join("partitions.json")).unwrap()).unwrap();
    for p in partitions["partitions"].as_array_mut().unwrap() {
        if p["id"] == "aws-iso" {
            p["outputs"]["supportsFIPS"] = Value::Bool(false);
        }
    }
    std::fs::write(dir.join("partitions.json"), partitions.to_string()).unwrap();
    let out = dir.join("table.json");
    let (ok, text) = import(&dir, &out);
    assert!(ok, "{text}");
    assert!(text.contains("unsupported variants: aws-iso/fips, aws-iso/fips_dual_stack"), "{text}");
    let table: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let iso = table["partitions"].as_array().unwrap().iter().find(|p| p["id"] == "aws-iso").unwrap();
    assert_eq!(iso["endpoints"]["fips"]["error"], "FIPS is enabled but this partition does not support FIPS");
    assert_eq!(iso["endpoints"]["dual_stack"]["url"], "https://lambda.{Region}.api.aws.ic.gov");
}

#[test]
fn rule_sets_the_table_cannot_express_are_refused_with_their_place() {
    // A condition comparing the region's value.
    let dir = botocore_with("stringequals", |rules| {
        let conditions = rules["rules"][1]["rules"][0]["rules"][3]["conditions"].as_array_mut().unwrap();
        conditions.push(serde_json::json!({"fn": "stringEquals", "argv": [{"ref": "Region"}, "us-east-1"]}));
    });
    let (ok, text) = import(&dir, &dir.join("table.json"));
    assert!(!ok);
    assert!(text.contains("rules[1].rules[0].rules[3].conditions[0]: stringEquals"), "{text}");
    assert!(!dir.join("table.json").exists(), "nothing is written");

    // A function this importer does not know.
    let dir = botocore_with("function", |rules| {
        rules["rules"][1]["rules"][0]["rules"][3]["conditions"] =
            serde_json::json!([{"fn": "aws.parseArn", "argv": [{"ref": "Region"}]}]);
    });
    let (ok, text) = import(&dir, &dir.join("table.json"));
    assert!(!ok);
    assert!(text.contains("function aws.parseArn is not supported"), "{text}");

    // A required parameter it cannot set.
    let dir = botocore_with("param", |rules| {
        rules["parameters"]["AccountId"] =
            serde_json::json!({"builtIn": "AWS::Auth::AccountId", "required": true, "type": "string"});
    });
    let (ok, text) = import(&dir, &dir.join("table.json"));
    assert!(!ok);
    assert!(text.contains("rule set parameter AccountId"), "{text}");

    // A missing file is named.
    let dir = scratch("missing");
    let (ok, text) = import(&dir, &dir.join("table.json"));
    assert!(!ok);
    assert!(text.contains("partitions.json"), "{text}");
}
