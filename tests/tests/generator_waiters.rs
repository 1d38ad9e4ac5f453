//! Bad waiters (`x-aws-waiters`) get precise errors with the JSON pointer of the node at
//! fault, all at once, never a panic.

mod common;

use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    serde_json::from_str(&common::read(format!("tests/fixtures/{name}.json"))).unwrap()
}

fn load(spec: &Value) -> Result<lambda_codegen::ir::Api, String> {
    lambda_codegen::load(&spec.to_string(), "fixture.json").map_err(|e| e.to_string())
}

fn acceptor<'a>(spec: &'a mut Value, waiter: &str, i: usize) -> &'a mut Value {
    spec.pointer_mut(&format!("/x-aws-waiters/{waiter}/acceptors/{i}")).unwrap()
}

fn assert_has(err: &str, expected: &[&str]) {
    for e in expected {
        assert!(err.contains(e), "missing {e:?} in:\n{err}");
    }
}

#[test]
fn the_fixture_lowers_with_every_matcher() {
    let api = load(&fixture("waiters")).unwrap();
    let names: Vec<(&str, &str)> = api.waiters.iter().map(|w| (w.name.as_str(), w.method.as_str())).collect();
    assert_eq!(
        names,
        [
            ("PartsReady", "wait_until_parts_ready"),
            ("ThingExists", "wait_until_thing_exists"),
            ("ThingMeasured", "wait_until_thing_measured"),
            ("ThingReady", "wait_until_thing_ready"),
        ]
    );
    let ready = &api.waiters[3];
    assert_eq!((ready.operation.as_str(), ready.delay, ready.max_attempts), ("GetThing", 2, 10));
    assert_eq!(ready.pointer, "#/x-aws-waiters/ThingReady");
}

#[test]
fn unresolved_operations_paths_and_values_are_reported_together() {
    let mut spec = fixture("waiters");
    spec["x-aws-waiters"]["ThingExists"]["operation"] = json!("GetThang");
    acceptor(&mut spec, "ThingReady", 0)["argument"] = json!("Thing.Colour");
    acceptor(&mut spec, "ThingReady", 1)["expected"] = json!("Broke");
    acceptor(&mut spec, "ThingMeasured", 0)["expected"] = json!("no");
    acceptor(&mut spec, "ThingMeasured", 1)["argument"] = json!("Count.Value");
    acceptor(&mut spec, "ThingMeasured", 2)["argument"] = json!("Thing");
    acceptor(&mut spec, "PartsReady", 0)["argument"] = json!("Parts.Status");
    acceptor(&mut spec, "PartsReady", 4)["expected"] = json!("NoSuchException");
    let err = load(&spec).unwrap_err();
    assert!(err.starts_with("the spec has 8 problems:"), "{err}");
    assert_has(
        &err,
        &[
            "at #/x-aws-waiters/ThingExists/operation: unknown operation \"GetThang\"",
            "at #/x-aws-waiters/ThingReady/acceptors/0/argument: \"Thing.Colour\": Thing has no member Colour (members: Ratio, Ready, Size, State)",
            "at #/x-aws-waiters/ThingReady/acceptors/1/expected: \"Broke\" is not a value of enum ThingState (Pending, Ready, Broken)",
            "at #/x-aws-waiters/ThingMeasured/acceptors/0/expected: Thing.Ready is a boolean, so the expected value cannot be \"no\"",
            "at #/x-aws-waiters/ThingMeasured/acceptors/1/argument: \"Count.Value\": Count is an integer, so it has no member Value",
            "at #/x-aws-waiters/ThingMeasured/acceptors/2/argument: \"Thing\" ends at the structure Thing; a matcher compares a string, an enum, a number or a boolean",
            "at #/x-aws-waiters/PartsReady/acceptors/0/argument: \"Parts.Status\": Parts is a list, so it has no member Status",
            "at #/x-aws-waiters/PartsReady/acceptors/4/expected: error code \"NoSuchException\" is not an error of the spec",
        ],
    );
}

#[test]
fn unsupported_matchers_expressions_and_shapes_are_refused() {
    let mut spec = fixture("waiters");
    acceptor(&mut spec, "ThingReady", 0)["matcher"] = json!("jmespath");
    acceptor(&mut spec, "ThingReady", 1)["argument"] = json!("length(Parts) > `0`");
    acceptor(&mut spec, "ThingReady", 1)["matcher"] = json!("pathAny");
    acceptor(&mut spec, "PartsReady", 0)["matcher"] = json!("path");
    acceptor(&mut spec, "PartsReady", 1)["argument"] = json!("Thing.State");
    acceptor(&mut spec, "PartsReady", 2)["argument"] = json!("Parts[].Tags");
    acceptor(&mut spec, "PartsReady", 3)["argument"] = json!("Labels[0]");
    let err = load(&spec).unwrap_err();
    assert_has(
        &err,
        &[
            "at #/x-aws-waiters/ThingReady/acceptors/0/matcher: unsupported matcher \"jmespath\"; supported: path, pathAll, pathAny, error, status",
            "at #/x-aws-waiters/ThingReady/acceptors/0/argument: only path, pathAll and pathAny matchers take an argument",
            "at #/x-aws-waiters/ThingReady/acceptors/1/argument: unsupported path \"length(Parts) > `0`\"",
            "at #/x-aws-waiters/PartsReady/acceptors/0/argument: \"Parts[].Status\" selects a list; a path matcher compares one value (use pathAll or pathAny)",
            "at #/x-aws-waiters/PartsReady/acceptors/1/argument: \"Thing.State\" selects one value; pathAny needs a list",
            "at #/x-aws-waiters/PartsReady/acceptors/2/argument: \"Parts[].Tags\" selects a list of lists; flatten it with [] at the end",
            "at #/x-aws-waiters/PartsReady/acceptors/3/argument: unsupported path \"Labels[0]\": \"Labels[0]\": only [] and [*]",
        ],
    );
}

#[test]
fn waiters_that_could_not_work_are_refused() {
    let mut spec = fixture("waiters");
    // Success on an error: the waiter would have no output to return.
    acceptor(&mut spec, "ThingExists", 1)["state"] = json!("success");
    acceptor(&mut spec, "ThingExists", 2)["state"] = json!("success");
    // No success acceptor left.
    spec["x-aws-waiters"]["ThingReady"]["acceptors"] =
        json!([{"state": "retry", "matcher": "error", "expected": "NotFoundException"}]);
    // Bad timing, keys, states and values.
    spec["x-aws-waiters"]["ThingMeasured"]["delay"] = json!(0);
    spec["x-aws-waiters"]["ThingMeasured"]["maxAttempts"] = json!("many");
    spec["x-aws-waiters"]["ThingMeasured"]["minDelay"] = json!(1);
    acceptor(&mut spec, "ThingMeasured", 0)["state"] = json!("done");
    acceptor(&mut spec, "ThingMeasured", 4)["expected"] = json!(700);
    acceptor(&mut spec, "PartsReady", 4)["expected"] = json!(1);
    spec["x-aws-waiters"]["PartsReady"]["description"] = json!(" ");
    // Two names, one method.
    spec["x-aws-waiters"]["ThingREADY"] = spec["x-aws-waiters"]["ThingExists"].clone();
    let err = load(&spec).unwrap_err();
    assert_has(
        &err,
        &[
            "at #/x-aws-waiters/ThingExists/acceptors/1: a success acceptor that matches an error is not supported",
            "at #/x-aws-waiters/ThingExists/acceptors/2: a success acceptor that matches an error is not supported",
            "at #/x-aws-waiters/ThingReady/acceptors: no acceptor has state success, so the waiter could never succeed",
            "at #/x-aws-waiters/ThingMeasured/delay: must be a positive integer",
            "at #/x-aws-waiters/ThingMeasured/maxAttempts: must be a positive integer",
            "at #/x-aws-waiters/ThingMeasured/minDelay: unsupported waiter key \"minDelay\"",
            "at #/x-aws-waiters/ThingMeasured/acceptors/0/state: state must be success, failure or retry, not Some(\"done\")",
            "at #/x-aws-waiters/ThingMeasured/acceptors/4/expected: a status matcher expects an HTTP status code (100 to 599)",
            "at #/x-aws-waiters/PartsReady/acceptors/4/expected: an error matcher expects an error code, true (any error) or false (no error)",
            "at #/x-aws-waiters/PartsReady/description: missing description",
            "both become the method wait_until_thing_ready",
        ],
    );
    // Comparing two versions of the API does not need descriptions.
    let mut spec = fixture("waiters");
    spec["x-aws-waiters"]["PartsReady"]["description"] = json!("");
    assert!(load(&spec).unwrap_err().contains("PartsReady/description: missing description"));
    assert_eq!(lambda_codegen::load_facts(&spec.to_string(), "fixture.json").unwrap().waiters.len(), 4);
}

#[test]
fn a_waiter_on_an_event_stream_or_of_the_wrong_shape_is_refused() {
    let mut spec = fixture("event_stream");
    spec["x-aws-waiters"] = json!({"Streamed": {"description": "d", "operation": "Stream", "delay": 1, "maxAttempts": 1,
        "acceptors": [{"state": "success", "matcher": "error", "expected": false}]}});
    let err = load(&spec).unwrap_err();
    assert_has(&err, &["at #/x-aws-waiters/Streamed/operation: Stream answers with an event stream"]);

    let mut spec = fixture("waiters");
    spec["x-aws-waiters"] = json!([]);
    assert_has(&load(&spec).unwrap_err(), &["at #/x-aws-waiters: must be an object of waiters by name"]);
    spec["x-aws-waiters"] = json!({"thing ready": 3, "Ok": {"description": "d", "operation": "GetThing", "delay": 1,
        "maxAttempts": 1, "acceptors": [7]}});
    let err = load(&spec).unwrap_err();
    assert_has(
        &err,
        &[
            "at #/x-aws-waiters/thing ready: a waiter must be an object",
            "at #/x-aws-waiters/Ok/acceptors/0: an acceptor must be an object",
        ],
    );
}

#[test]
fn the_model_spec_names_the_enum_and_its_values() {
    let mut spec: Value = serde_json::from_str(&common::read("spec/lambda-2015-03-31.openapi.json")).unwrap();
    acceptor(&mut spec, "FunctionActiveV2", 0)["expected"] = json!("Ready");
    let err = load(&spec).unwrap_err();
    assert!(err.starts_with("the spec has 1 problem:"), "{err}");
    assert_has(
        &err,
        &["at #/x-aws-waiters/FunctionActiveV2/acceptors/0/expected: \"Ready\" is not a value of enum State (Pending, Active, Inactive, Failed, Deactivating, Deactivated, ActiveNonInvocable, Deleting)"],
    );
}

#[test]
fn api_diff_reports_waiters_added_removed_and_changed() {
    use lambda_codegen::diff::{diff, Compat, Kind};
    let old = fixture("waiters");
    let mut new = old.clone();
    let waiters = new["x-aws-waiters"].as_object_mut().unwrap();
    let exists = waiters.remove("ThingExists").unwrap();
    waiters.insert("ThingExistsV2".into(), exists);
    new["x-aws-waiters"]["ThingReady"]["delay"] = json!(5);
    new["x-aws-waiters"]["PartsReady"]["acceptors"].as_array_mut().unwrap().pop();
    let changes = diff(&load(&old).unwrap(), &load(&new).unwrap()).unwrap();
    let waiter_changes: Vec<(Kind, &str, Compat)> = changes
        .iter()
        .filter(|c| matches!(c.kind, Kind::WaiterAdded | Kind::WaiterRemoved | Kind::WaiterChanged))
        .map(|c| (c.kind, c.location.as_str(), c.rust))
        .collect();
    assert_eq!(
        waiter_changes,
        [
            (Kind::WaiterChanged, "PartsReady", Compat::Compatible),
            (Kind::WaiterRemoved, "ThingExists", Compat::Breaking),
            (Kind::WaiterChanged, "ThingReady", Compat::Compatible),
            (Kind::WaiterAdded, "ThingExistsV2", Compat::Compatible),
        ]
    );
    assert!(changes.iter().all(|c| c.service == Compat::Compatible), "the service never sees waiters");
    let ready = changes.iter().find(|c| c.location == "ThingReady").unwrap();
    assert_eq!(ready.to_string(), "waiter changed: ThingReady (GetThing every 2 s, 10 attempts → GetThing every 5 s, 10 attempts) [service: compatible, Rust: compatible]");
}
