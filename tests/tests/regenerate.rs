//! The committed `generated/` is what the spec produces, and spec changes flow through to
//! small, compiling diffs.

mod common;

use serde_json::{json, Value};

#[test]
fn committed_generated_crate_is_up_to_date() {
    if let Err(diff) = lambda_codegen::workspace::regenerate(&common::root(), true) {
        panic!("{diff}");
    }
}

fn lambda_spec() -> Value {
    serde_json::from_str(&common::read("spec/lambda-2015-03-31.openapi.json")).unwrap()
}

fn generate(spec: &Value) -> lambda_codegen::emit::Files {
    let text = serde_json::to_string_pretty(spec).unwrap();
    lambda_codegen::generate(&text, "spec/lambda-2015-03-31.openapi.json", &common::options("lambda-api")).unwrap()
}

fn changed_files(before: &lambda_codegen::emit::Files, after: &lambda_codegen::emit::Files) -> Vec<String> {
    let mut out: Vec<String> =
        after.iter().filter(|(k, v)| before.get(*k) != Some(*v)).map(|(k, _)| k.clone()).collect();
    out.extend(before.keys().filter(|k| !after.contains_key(*k)).map(|k| format!("removed {k}")));
    out.sort();
    out
}

const SCHEMAS: &str = "/components/schemas";

/// A new optional member on a response body.
fn add_member(spec: &mut Value) {
    spec.pointer_mut(&format!("{SCHEMAS}/GetFunctionResponse/properties")).unwrap().as_object_mut().unwrap().insert(
        "DeploymentNotes".into(),
        json!({"type": "string", "maxLength": 10, "description": "A member added by a later API version."}),
    );
}

/// A new enum value.
fn add_enum_value(spec: &mut Value) {
    spec.pointer_mut(&format!("{SCHEMAS}/Runtime/enum")).unwrap().as_array_mut().unwrap().push(json!("nodejs99.x"));
}

/// A changed limit.
fn change_limit(spec: &mut Value) {
    *spec.pointer_mut(&format!("{SCHEMAS}/CreateAliasRequest/properties/Description/maxLength")).unwrap() = json!(512);
}

/// A new operation with its own response shape.
fn add_operation(spec: &mut Value) {
    spec["paths"].as_object_mut().unwrap().insert(
        "/2026-01-01/widgets/{WidgetName}".into(),
        json!({"get": {
            "operationId": "GetWidget", "summary": "Get a widget.", "description": "Returns one widget.",
            "parameters": [{"name": "WidgetName", "in": "path", "required": true, "x-aws-member": "WidgetName", "description": "The widget.",
                            "schema": {"type": "string", "minLength": 1, "maxLength": 64}}],
            "responses": {
                "200": {"description": "The widget.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GetWidgetResponse"}}}},
                "404": {"description": "No such widget.", "headers": {"X-Amzn-ErrorType": {"$ref": "#/components/headers/X-Amzn-ErrorType"}},
                        "content": {"application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/ResourceNotFoundException"}]}}}}
            }
        }}),
    );
    spec.pointer_mut(SCHEMAS).unwrap().as_object_mut().unwrap().insert(
        "GetWidgetResponse".into(),
        json!({"type": "object", "description": "A widget.", "properties": {"Size": {"type": "integer", "format": "int32", "description": "Its size."}}}),
    );
}

#[test]
fn typical_api_changes_regenerate_into_small_diffs() {
    let original = lambda_spec();
    let before = generate(&original);
    let with = |change: fn(&mut Value)| {
        let mut spec = original.clone();
        change(&mut spec);
        generate(&spec)
    };

    let after = with(add_member);
    assert_eq!(changed_files(&before, &after), vec!["src/lib.rs", "src/operations/get_function.rs"]);
    assert!(after["src/operations/get_function.rs"]
        .contains(r#"deployment_notes set_deployment_notes: String = opt "DeploymentNotes""#));

    let after = with(add_enum_value);
    assert_eq!(changed_files(&before, &after), vec!["src/enums.rs", "src/lib.rs"]);
    assert!(after["src/enums.rs"].contains("Nodejs99X"));

    let after = with(change_limit);
    // The rule sits beside the member, in the module of the operation whose input has it.
    assert_eq!(changed_files(&before, &after), vec!["src/lib.rs", "src/operations/create_alias.rs"]);
    let file = "src/operations/create_alias.rs";
    let diff = similar::TextDiff::from_lines(before[file].as_str(), after[file].as_str());
    let changed_lines = diff.iter_all_changes().filter(|c| c.tag() != similar::ChangeTag::Equal).count();
    assert!(changed_lines <= 4, "a limit change should touch a line or two, touched {changed_lines}");

    let after = with(add_operation);
    let changed = changed_files(&before, &after);
    for expected in ["Cargo.toml", "README.md", "src/lib.rs", "src/operations/get_widget.rs", "src/operations/mod.rs"] {
        assert!(changed.iter().any(|c| c == expected), "{expected} should change: {changed:?}");
    }
    // Only files that list operations (Cargo.toml lists their features) may change besides the
    // new module, and validation.rs when the new members bring a pattern.
    for c in &changed {
        assert!(
            [
                "Cargo.toml",
                "README.md",
                "src/lib.rs",
                "src/operations/get_widget.rs",
                "src/operations/mod.rs",
                "src/validation.rs",
                "src/client.rs",
                "src/server.rs"
            ]
            .contains(&c.as_str()),
            "unexpected change in {c}"
        );
    }
}

#[test]
fn the_crate_with_all_four_changes_compiles() {
    let mut spec = lambda_spec();
    add_member(&mut spec);
    add_enum_value(&mut spec);
    change_limit(&mut spec);
    add_operation(&mut spec);
    let files = generate(&spec);
    if let Err(e) = common::cargo_check("changed-lambda", &[("lambda-api".to_string(), files)]) {
        panic!("the regenerated crate does not compile:\n{e}");
    }
}
