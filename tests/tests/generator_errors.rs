//! Bad input to the generator gets precise errors, all at once, never a panic.

mod common;

use serde_json::{json, Value};

fn fixture() -> Value {
    serde_json::from_str(&common::read("tests/fixtures/list.json")).unwrap()
}

fn generate(spec: &Value) -> Result<lambda_codegen::emit::Files, String> {
    lambda_codegen::generate(&spec.to_string(), "fixture.json", &common::options("fixture")).map_err(|e| e.to_string())
}

#[test]
fn several_problems_are_reported_together_with_json_pointers() {
    let mut spec = fixture();
    let schemas = spec.pointer_mut("/components/schemas").unwrap();
    schemas["Item"]["properties"]["Key"]["pattern"] = json!("^(?:[a-z)$");
    schemas["Item"]["properties"]["Other"] =
        json!({"$ref": "#/components/schemas/Missing", "description": "Dangling."});
    schemas["TagThingsRequest"]["properties"]["When"] =
        json!({"type": "string", "format": "date-time", "description": "Unsupported."});
    schemas["TagThingsRequest"]["properties"]["items"] =
        json!({"type": "string", "description": "Collides with Items."});
    let err = generate(&spec).unwrap_err();
    assert!(err.starts_with("the spec has 4 problems:"), "{err}");
    for expected in [
        "at #/components/schemas/Item/properties/Key/pattern: pattern \"[a-z\" cannot be matched: it does not parse",
        "at #/components/schemas/Item/properties/Other: $ref \"#/components/schemas/Missing\" does not resolve",
        "at #/components/schemas/TagThingsRequest/properties/When: unsupported type \"string\" with format \"date-time\"",
        "input members \"Items\" and \"items\" both become \"items\" in Rust",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn conventions_are_enforced() {
    let mut spec = fixture();
    spec["components"]["schemas"]["Item"]["properties"]["Key"]["pattern"] = json!("[a-z]+");
    spec["components"]["schemas"]["Item"]["properties"]["Key"]["minItems"] = json!(1);
    spec["components"]["schemas"]["Item"]["description"] = json!("");
    spec["openapi"] = json!("3.0.3");
    let err = generate(&spec).unwrap_err();
    for expected in [
        "at #/openapi: unsupported OpenAPI version",
        "at #/components/schemas/Item/properties/Key/pattern: a pattern must be written ^(?:P)$",
        "at #/components/schemas/Item/properties/Key/minItems: minItems does not apply to this type",
        "at #/components/schemas/Item: missing description",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn structures_that_contain_themselves_are_refused_with_the_path() {
    let mut spec = fixture();
    let schemas = spec.pointer_mut("/components/schemas").unwrap();
    // Directly, and through a list of another structure.
    schemas["Item"]["properties"]["Parent"] = json!({"$ref": "#/components/schemas/Item", "description": "Up."});
    schemas["Node"] = json!({
        "type": "object",
        "description": "A tree node.",
        "properties": {"Children": {"type": "array", "items": {"$ref": "#/components/schemas/Leaf"}, "description": "Below."}},
    });
    schemas["Leaf"] = json!({
        "type": "object",
        "description": "A node's child.",
        "properties": {"Back": {"$ref": "#/components/schemas/Node", "description": "Up."}},
    });
    schemas["Item"]["properties"]["Tree"] = json!({"$ref": "#/components/schemas/Node", "description": "A tree."});
    let err = generate(&spec).unwrap_err();
    for expected in [
        "at #/components/schemas/Item: structure Item contains itself (Item.Parent -> Item)",
        "at #/components/schemas/Node: structure Node contains itself (Node.Children -> Leaf.Back -> Node)",
        "recursive structures are not supported",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn operations_with_broken_bindings_are_rejected() {
    let mut spec = fixture();
    let op = spec.pointer_mut("/paths/~12015-03-31~1things/post").unwrap();
    op["parameters"] = json!([{"name": "Ghost", "in": "path", "required": true, "x-aws-member": "Ghost", "description": "No label.", "schema": {"type": "string"}}]);
    op["responses"]["404"]["content"]["application/json"]["schema"]["oneOf"] =
        json!([{"$ref": "#/components/schemas/Item"}]);
    let err = generate(&spec).unwrap_err();
    assert!(err.contains("/parameters/0: path has no label {Ghost}"), "{err}");
    assert!(err.contains("#/components/schemas/Item is not an error schema"), "{err}");
}

#[test]
fn truncated_or_mangled_specs_never_panic() {
    let text = common::read("spec/lambda-2015-03-31.openapi.json");
    let step = text.len() / 97;
    for cut in (1..text.len()).step_by(step.max(1)) {
        let prefix = &text[..text.floor_char_boundary(cut)];
        let result = std::panic::catch_unwind(|| lambda_codegen::load(prefix, "cut.json").map(|_| ()));
        assert!(matches!(result, Ok(Err(_))), "a spec cut at byte {cut} must give an error, not a panic or success");
    }
    // Valid JSON of the wrong shape.
    for junk in [
        "[]",
        "{}",
        "{\"openapi\": 3}",
        "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{\"/x\":{\"get\":7}}}",
    ] {
        let result = std::panic::catch_unwind(|| lambda_codegen::load(junk, "junk.json").map(|_| ()));
        assert!(matches!(result, Ok(Err(_))), "{junk} must give an error");
    }
}
