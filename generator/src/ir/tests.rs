//! Lowering of methods and path templates, and look-ups that fail with an error, not a panic.

use super::{HttpMethod, Label, Segment};
use crate::error::Error;
use serde_json::{json, Value};

/// `tests/fixtures/struct.json`: one operation, `GET /2015-03-31/things/{Name}`.
fn fixture() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/struct.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture is readable")).expect("fixture is JSON")
}

const PATH: &str = "/2015-03-31/things/{Name}";

/// The fixture with its one path item under another key.
fn with_path(key: &str) -> Value {
    let mut spec = fixture();
    let paths = spec["paths"].as_object_mut().unwrap();
    let item = paths.remove(PATH).unwrap();
    paths.insert(key.to_string(), item);
    spec
}

/// Every problem lowering reports, as one text.
fn problems(spec: &Value) -> String {
    match crate::load(&spec.to_string(), "fixture.json") {
        Ok(_) => panic!("the spec lowers"),
        Err(e) => e.to_string(),
    }
}

fn assert_has(text: &str, expected: &[&str]) {
    for e in expected {
        assert!(text.contains(e), "missing {e:?} in:\n{text}");
    }
}

#[test]
fn the_method_and_the_path_are_typed_and_labels_bind_to_members() {
    let mut spec = fixture();
    spec["paths"][PATH]["get"]["parameters"][0]["x-aws-member"] = json!("ThingName");
    let api = crate::load(&spec.to_string(), "fixture.json").unwrap();
    let op = &api.operations[0];
    assert_eq!(op.method, HttpMethod::Get);
    assert_eq!(op.path.as_str(), PATH);
    assert_eq!(op.pointer, "#/paths/~12015-03-31~1things~1{Name}/get");
    assert_eq!(
        op.path.segments().last(),
        Some(&Segment::Label(Label { name: "Name".into(), member: "ThingName".into(), greedy: false }))
    );
}

#[test]
fn a_malformed_path_template_is_reported_at_its_operation() {
    for (key, pointer, reason) in [
        (
            "/2015-03-31/things/{Name",
            "#/paths/~12015-03-31~1things~1{Name/get",
            "path segment \"{Name\" has unbalanced braces",
        ),
        ("/2015-03-31/things/{}", "#/paths/~12015-03-31~1things~1{}/get", "path segment \"{}\" is an empty label"),
        (
            "/2015-03-31/things/x{Name}",
            "#/paths/~12015-03-31~1things~1x{Name}/get",
            "path segment \"x{Name}\" mixes a label with literal text",
        ),
        (
            "2015-03-31/things/{Name}",
            "#/paths/2015-03-31~1things~1{Name}/get",
            "path \"2015-03-31/things/{Name}\" must start with /",
        ),
    ] {
        let text = problems(&with_path(key));
        // Only the template's problem: the label checks do not repeat it.
        assert!(text.starts_with("the spec has 1 problem:"), "{key}: {text}");
        assert_has(&text, &[&format!("at {pointer}: {reason}")]);
    }
}

#[test]
fn a_label_must_be_a_path_parameter_and_a_path_parameter_a_label() {
    let mut spec = with_path("/2015-03-31/things/{Other}");
    spec["paths"]["/2015-03-31/things/{Other}"]["get"]["parameters"][0]["name"] = json!("Name");
    let text = problems(&spec);
    assert_has(
        &text,
        &[
            "at #/paths/~12015-03-31~1things~1{Other}/get: path label {Other} has no path parameter",
            "at #/paths/~12015-03-31~1things~1{Other}/get/parameters/0: path has no label {Name}",
        ],
    );
}

#[test]
fn a_greedy_label_is_refused_because_the_runtime_binds_one_segment_per_label() {
    let text = problems(&with_path("/2015-03-31/things/{Name+}"));
    assert_has(&text, &["at #/paths/~12015-03-31~1things~1{Name+}/get: greedy label {Name+} is not supported"]);
}

#[test]
fn an_unknown_method_is_reported_with_its_pointer() {
    let mut spec = fixture();
    let op = spec["paths"][PATH]["get"].clone();
    spec["paths"][PATH]["trace"] = op;
    let text = problems(&spec);
    assert_has(&text, &["at #/paths/~12015-03-31~1things~1{Name}/trace: unsupported path item key \"trace\""]);
}

/// A response body that names an enum used elsewhere (so shared, not the operation's own)
/// used to leave the operation without an output: its module came out empty and `diff`
/// panicked looking the output up.
#[test]
fn a_shared_response_body_that_is_not_a_structure_is_reported() {
    let mut spec = fixture();
    let schemas = &mut spec["components"]["schemas"];
    schemas["Color"] = json!({"type": "string", "enum": ["red", "blue"], "description": "A color."});
    schemas["GetThingResponse"]["properties"]["Color"] =
        json!({"$ref": "#/components/schemas/Color", "description": "Its color."});
    spec["paths"][PATH]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"] =
        json!("#/components/schemas/Color");
    let text = problems(&spec);
    assert_has(
        &text,
        &["at #/paths/~12015-03-31~1things~1{Name}/get/responses/200: the response body schema Color is not a structure"],
    );
}

/// An operation's own body schema that is an enum used to lower as a structure without
/// members.
#[test]
fn an_operation_body_schema_that_is_not_a_structure_is_reported() {
    let mut spec = fixture();
    let schemas = &mut spec["components"]["schemas"];
    schemas["GetThingResponse"] = json!({"type": "string", "enum": ["a"], "description": "Not a structure."});
    let text = problems(&spec);
    assert_has(
        &text,
        &["at #/components/schemas/GetThingResponse: an operation's body schema must be a structure (type object with properties)"],
    );
}

#[test]
fn look_ups_of_names_the_ir_lacks_are_errors() {
    let api = crate::load(&fixture().to_string(), "fixture.json").unwrap();
    let op = &api.operations[0];
    assert!(api.input(op).is_ok() && api.output(op).is_ok() && api.operation("GetThing").is_ok());
    for (err, text) in [
        (api.structure("Nope").unwrap_err(), "internal error: the IR has no structure named \"Nope\""),
        (api.enum_def("Nope").unwrap_err(), "internal error: the IR has no enum named \"Nope\""),
        (api.error("Nope").unwrap_err(), "internal error: the IR has no error named \"Nope\""),
        (api.operation("Nope").unwrap_err(), "internal error: the IR has no operation named \"Nope\""),
    ] {
        assert_eq!(err.to_string(), text);
    }
}

/// Emitters and `diff` given an IR with a dangling name (which lowering never builds) fail
/// with the name instead of panicking.
#[test]
fn emitters_and_diff_report_a_dangling_name() {
    let api = crate::load(&fixture().to_string(), "fixture.json").unwrap();
    let mut broken = crate::load(&fixture().to_string(), "fixture.json").unwrap();
    broken.structures.shift_remove("GetThingInput");
    let unresolved = |e: Error| match e {
        Error::Unresolved { what: "structure", name } => assert_eq!(name, "GetThingInput"),
        other => panic!("{other}"),
    };
    unresolved(crate::emit::crate_files(&broken, &Default::default()).unwrap_err());
    unresolved(crate::diff::diff(&api, &broken).unwrap_err());
    unresolved(crate::diff::diff(&broken, &api).unwrap_err());
}

/// The pointer is the path item's own key, constant query included (it used to be rebuilt
/// from the path without the query, naming a path item that does not exist).
#[test]
fn an_operation_id_used_twice_is_reported_at_the_second_path_item() {
    let mut spec = fixture();
    let item = spec["paths"][PATH].clone();
    spec["paths"]["/2015-03-31/things/{Name}?view=full"] = item;
    let text = problems(&spec);
    assert_has(&text, &["at #/paths/~12015-03-31~1things~1{Name}?view=full: operationId GetThing is used twice"]);
}
