//! Checks of the spec itself: structure, references, uniqueness, patterns, and a table test
//! of the reference's example values and of plainly wrong values per pattern family.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn spec() -> Value {
    let text = std::fs::read_to_string(root().join("spec/lambda-2015-03-31.openapi.json")).expect("spec is readable");
    serde_json::from_str(&text).expect("spec is valid JSON")
}

/// The reference text is not part of the repository: its path comes from
/// `LAMBDA_API_REFERENCE`, and the tests that read it are ignored (skipped) unless asked for
/// (`.ci/run` runs them with `-- --ignored`).
fn reference() -> String {
    let path = std::env::var("LAMBDA_API_REFERENCE")
        .unwrap_or_else(|_| panic!("needs the reference text: set LAMBDA_API_REFERENCE to its path"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("LAMBDA_API_REFERENCE={path}: {e}"))
}

/// Names listed as `- [Name](#)` after a heading line, until the list ends.
fn reference_list(after_heading: &str) -> Vec<String> {
    let text = reference();
    let mut lines = text.lines().skip_while(|l| l.trim() != after_heading);
    let mut out = Vec::new();
    let mut started = false;
    for l in lines.by_ref() {
        let t = l.trim();
        if let Some(name) = t.strip_prefix("- [").and_then(|r| r.strip_suffix("](#)")) {
            out.push(name.to_string());
            started = true;
        } else if started && !t.is_empty() {
            break;
        }
    }
    out
}

fn operations(spec: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            out.push((
                op["operationId"].as_str().expect("operationId").to_string(),
                method.to_uppercase(),
                path.clone(),
            ));
        }
    }
    out
}

fn resolve<'a>(spec: &'a Value, pointer: &str) -> Option<&'a Value> {
    spec.pointer(pointer.strip_prefix('#')?)
}

#[test]
fn spec_is_openapi_3_1_with_the_models_operations() {
    let spec = spec();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(spec["info"]["version"], "2015-03-31");
    assert_eq!(spec["info"]["x-aws-model"]["source"], "botocore");
    // botocore 1.44.18 has 91 operations.
    assert_eq!(operations(&spec).len(), 91);
}

#[test]
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
fn every_reference_operation_is_in_the_spec_and_every_other_says_which_model_added_it() {
    let spec = spec();
    let expected = reference_list("操作");
    assert_eq!(expected.len(), 66, "the reference lists 66 operations");
    let reference: BTreeSet<String> = expected.into_iter().collect();
    for (id, method, path) in operations(&spec) {
        let since = &spec["paths"][&path][method.to_lowercase()]["x-aws-since"];
        if reference.contains(&id) {
            assert!(since.is_null(), "{id} is in the reference, so it has no x-aws-since");
        } else {
            assert!(since.is_string(), "{id} is not in the reference, so it needs x-aws-since");
        }
    }
    let ids: BTreeSet<String> = operations(&spec).into_iter().map(|(id, _, _)| id).collect();
    assert!(reference.is_subset(&ids), "missing: {:?}", reference.difference(&ids).collect::<Vec<_>>());
}

#[test]
#[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
fn spec_has_every_reference_data_type() {
    let spec = spec();
    let expected = reference_list("支持以下数据类型：");
    assert_eq!(expected.len(), 53, "the reference lists 53 data types");
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    for name in &expected {
        let s = schemas.get(name).unwrap_or_else(|| panic!("data type {name} is missing"));
        assert!(s.get("x-aws-error").is_none() && s.get("enum").is_none(), "{name} must be a structure");
        assert!(s["description"].as_str().is_some_and(|d| !d.is_empty()), "{name} needs a description");
    }
}

#[test]
fn operation_ids_and_routes_are_unique() {
    let ops = operations(&spec());
    let mut ids = BTreeSet::new();
    let mut routes = BTreeSet::new();
    for (id, method, path) in &ops {
        assert!(ids.insert(id.clone()), "operationId {id} is used twice");
        // Servers treat one trailing slash as insignificant, so routes must differ without it too.
        let normalized = path.trim_end_matches('/');
        assert!(
            routes.insert(format!("{method} {normalized}")),
            "{method} {path} is used twice (ignoring a trailing slash)"
        );
    }
}

#[test]
fn every_ref_resolves() {
    let spec = spec();
    let mut refs = Vec::new();
    fn walk(v: &Value, at: String, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    if k == "$ref" {
                        out.push((at.clone(), c.as_str().unwrap_or_default().to_string()));
                    } else {
                        walk(c, format!("{at}/{k}"), out);
                    }
                }
            }
            Value::Array(a) => a.iter().enumerate().for_each(|(i, c)| walk(c, format!("{at}/{i}"), out)),
            _ => {}
        }
    }
    walk(&spec, "#".into(), &mut refs);
    assert!(refs.len() > 300, "expected many $refs, found {}", refs.len());
    let broken: Vec<_> = refs.iter().filter(|(_, r)| resolve(&spec, r).is_none()).collect();
    assert!(broken.is_empty(), "unresolved $refs: {broken:?}");
}

/// Every node that carries a `pattern`, with the member name it belongs to.
fn pattern_nodes(spec: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    fn walk(v: &Value, member: &str, at: &str, out: &mut Vec<(String, String, Value)>) {
        match v {
            Value::Object(m) => {
                if m.contains_key("pattern") {
                    out.push((member.to_string(), at.to_string(), v.clone()));
                }
                for (k, c) in m {
                    let child_at = format!("{at}/{k}");
                    match k.as_str() {
                        "properties" | "headers" => {
                            for (pk, pv) in c.as_object().into_iter().flatten() {
                                let name = pv.get("x-aws-member").and_then(Value::as_str).unwrap_or(pk);
                                walk(pv, name, &format!("{child_at}/{pk}"), out);
                            }
                        }
                        "parameters" if c.is_array() => {
                            for (i, p) in c.as_array().into_iter().flatten().enumerate() {
                                let name = p.get("x-aws-member").and_then(Value::as_str).unwrap_or_default();
                                walk(p, name, &format!("{child_at}/{i}"), out);
                            }
                        }
                        "propertyNames" => walk(c, &format!("{member}<key>"), &child_at, out),
                        _ => walk(c, member, &child_at, out),
                    }
                }
            }
            Value::Array(a) => a.iter().enumerate().for_each(|(i, c)| walk(c, member, &format!("{at}/{i}"), out)),
            _ => {}
        }
    }
    walk(spec, "", "#", &mut out);
    out
}

fn compile(anchored: &str) -> fancy_regex::Regex {
    fancy_regex::Regex::new(anchored).unwrap_or_else(|e| panic!("pattern {anchored} does not compile: {e}"))
}

#[test]
fn every_pattern_is_anchored_and_the_generator_can_rewrite_it_for_the_runtime() {
    let spec = spec();
    let nodes = pattern_nodes(&spec);
    assert!(nodes.len() > 100);
    let mut lookaround = BTreeSet::new();
    for (member, at, node) in &nodes {
        let p = node["pattern"].as_str().unwrap();
        assert!(p.starts_with("^(?:") && p.ends_with(")$"), "{at}: pattern must be written ^(?:P)$");
        lambda_codegen::ir::pattern::lower(p).unwrap_or_else(|e| panic!("{at}: {e}"));
        if regex::Regex::new(p).is_err() {
            lookaround.insert(member.clone());
        }
    }
    // The service patterns that need look-around are kept, not dropped (FunctionName's
    // qualifier form `(?!\d+$)` arrived with the model).
    let expected: BTreeSet<String> =
        ["Name", "Qualifier", "S3Bucket", "CollectionName", "FunctionName"].map(String::from).into();
    assert_eq!(lookaround, expected);
}

/// A minimal check of a value against the constraint keywords of a schema node, resolving
/// `$ref` to named enums. Independent of the generator, so it cross-checks it.
fn violations(spec: &Value, node: &Value, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let target = resolve(spec, r).expect("ref resolves");
        return violations(spec, target, value);
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        if !values.contains(value) {
            out.push(format!("{value} is not in the enum"));
        }
    }
    if node.get("type") == Some(&Value::from("array")) {
        if let Value::Array(items) = value {
            for i in items {
                out.extend(violations(spec, &node["items"], i));
            }
        } else {
            // An example of one item.
            out.extend(violations(spec, &node["items"], value));
        }
        return out;
    }
    if let Some(s) = value.as_str() {
        let n = s.chars().count() as u64;
        if node.get("minLength").and_then(Value::as_u64).is_some_and(|m| n < m) {
            out.push(format!("{s:?} is shorter than minLength"));
        }
        if node.get("maxLength").and_then(Value::as_u64).is_some_and(|m| n > m) {
            out.push(format!("{s:?} is longer than maxLength"));
        }
        if let Some(p) = node.get("pattern").and_then(Value::as_str) {
            if !compile(p).is_match(s).unwrap_or(false) {
                out.push(format!("{s:?} does not match {p}"));
            }
        }
    }
    if let Some(x) = value.as_f64() {
        if node.get("minimum").and_then(Value::as_f64).is_some_and(|m| x < m) {
            out.push(format!("{x} is below minimum"));
        }
        if node.get("maximum").and_then(Value::as_f64).is_some_and(|m| x > m) {
            out.push(format!("{x} is above maximum"));
        }
    }
    out
}

#[test]
fn every_example_from_the_reference_satisfies_its_members_constraints() {
    let spec = spec();
    let mut checked = 0;
    let mut failures = Vec::new();
    fn walk(spec: &Value, v: &Value, at: &str, checked: &mut usize, failures: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(examples) = m.get("examples").and_then(Value::as_array) {
                    for e in examples {
                        *checked += 1;
                        for f in violations(spec, v, e) {
                            failures.push(format!("{at}: example {e}: {f}"));
                        }
                    }
                }
                for (k, c) in m {
                    walk(spec, c, &format!("{at}/{k}"), checked, failures);
                }
            }
            Value::Array(a) => {
                a.iter().enumerate().for_each(|(i, c)| walk(spec, c, &format!("{at}/{i}"), checked, failures))
            }
            _ => {}
        }
    }
    walk(&spec, &spec, "#", &mut checked, &mut failures);
    assert!(checked > 100, "expected the reference's examples in the spec, found {checked}");
    assert!(failures.is_empty(), "{} example(s) fail their constraints:\n{}", failures.len(), failures.join("\n"));
}

/// The pattern family of a member: its name, except where the model gives the same name
/// different forms (a function name that takes no qualifier, or only an alias; a qualifier that
/// is only a version; the name of a durable operation, which is free text).
fn family(member: &str, at: &str, pattern: &str) -> String {
    match member {
        "FunctionName" if pattern.contains("(?!\\d+$)") => "FunctionName (alias qualifier only)".into(),
        "FunctionName" if !pattern.contains(")(:(") => "FunctionName (no qualifier)".into(),
        "Qualifier" if pattern.contains("(?!^\\d+$)") => "Qualifier (alias only)".into(),
        "Qualifier" if !pattern.contains("[a-zA-Z") => "Qualifier (version only)".into(),
        "Name"
            if ["Event", "Operation", "OperationUpdate"]
                .iter()
                .any(|s| at.starts_with(&format!("#/components/schemas/{s}/"))) =>
        {
            "Name (durable operation)".into()
        }
        _ => member.to_string(),
    }
}

#[test]
fn typical_values_pass_and_plainly_wrong_values_fail_each_pattern_family() {
    // member name -> (values every pattern of that member must accept, values all must reject)
    let fn_names = [
        "my-function",
        "my-function:v1",
        "arn:aws:lambda:us-west-2:123456789012:function:my-function",
        "123456789012:function:my-function:$LATEST",
    ];
    let fn_arns = [
        "arn:aws:lambda:us-west-2:123456789012:function:my-function",
        "arn:aws:lambda:us-west-2:123456789012:function:my-function:1",
    ];
    let generic_arn_ok =
        ["arn:aws:sqs:us-west-2:123456789012:my-queue", "arn:aws:kafka:us-east-1:123456789012:cluster/c/1"];
    let generic_arn_bad = ["not-an-arn", "arn:aws:sqs:us-west-2:12345:queue", "arn:aws:sqs:uswest2:123456789012:queue"];
    let table: Vec<(&str, Vec<&str>, Vec<&str>)> = vec![
        (
            "FunctionName",
            fn_names.to_vec(),
            vec![
                "my function",
                "my/function",
                "my-function:v1:extra",
                "my-function:",
                "arn:aws:lambda:us-west-2:12345:function:f",
            ],
        ),
        (
            "FunctionArn",
            fn_arns.to_vec(),
            vec![
                "my-function",
                "arn:aws:lambda:us-west-2:12345:function:f",
                "arn:aws:s3:us-west-2:123456789012:function:f",
                "arn:aws:lambda:us-west-2:123456789012:function:bad name",
            ],
        ),
        ("FunctionArns", fn_arns.to_vec(), vec!["my-function", "arn:aws:lambda:uswest2:123456789012:function:f"]),
        ("AliasArn", vec![fn_arns[1]], vec!["alias", "arn:aws:lambda:us-west-2:123456789012:alias:live"]),
        ("MasterArn", vec![fn_arns[0]], vec!["my-function", "arn:aws:lambda:us-west-2:1:function:f"]),
        (
            "Role",
            vec![
                "arn:aws:iam::123456789012:role/lambda-role",
                "arn:aws:iam::123456789012:role/service-role/my_role.v2",
            ],
            vec!["lambda-role", "arn:aws:iam::123456789012:user/bob", "arn:aws:iam::1234:role/r"],
        ),
        ("Qualifier", vec!["$LATEST", "live", "prod_v2"], vec!["my alias", "v1:v2"]),
        ("Qualifier (alias only)", vec!["live", "prod_v2"], vec!["42", "$LATEST", "my alias"]),
        ("Qualifier (version only)", vec!["42", "$LATEST.PUBLISHED"], vec!["live", "$LATEST", ""]),
        (
            "FunctionName (no qualifier)",
            vec!["my-function", "arn:aws:lambda:us-west-2:123456789012:function:my-function"],
            vec!["my-function:v1", "my function"],
        ),
        (
            "FunctionName (alias qualifier only)",
            vec!["my-function", "my-function:live", "123456789012:function:my-function"],
            vec!["my-function:1", "my-function:$LATEST", "my function"],
        ),
        ("Name (durable operation)", vec!["charge card", "step-1"], vec!["", "tab\there"]),
        ("Name", vec!["live", "BLUE-green_1"], vec!["123", "my alias", "a:b"]),
        ("FunctionVersion", vec!["$LATEST", "12"], vec!["latest", "1a", "$LATEST1"]),
        ("Version", vec!["$LATEST", "3"], vec!["v3", "LATEST"]),
        ("ExecutedVersion", vec!["$LATEST", "3"], vec!["v3", "live"]),
        (
            "LayerName",
            vec!["my-layer", "arn:aws:lambda:us-west-2:123456789012:layer:my-layer"],
            vec!["my layer", "arn:aws:lambda:us-west-2:123:layer:l"],
        ),
        (
            "LayerArn",
            vec!["arn:aws:lambda:us-west-2:123456789012:layer:my-layer"],
            vec!["my-layer", "arn:aws:lambda:us-west-2:123456789012:layer:my-layer:1"],
        ),
        (
            "LayerVersionArn",
            vec!["arn:aws:lambda:us-west-2:123456789012:layer:my-layer:1"],
            vec!["arn:aws:lambda:us-west-2:123456789012:layer:my-layer", "my-layer:1"],
        ),
        (
            "Layers",
            vec!["arn:aws:lambda:us-west-2:123456789012:layer:my-layer:1"],
            vec!["my-layer", "arn:aws:lambda:us-west-2:123456789012:layer:my-layer:v1"],
        ),
        ("Arn", vec![], vec!["not-an-arn", "arn:aws:lambda:us-west-2:123456789012:layer:my-layer"]),
        ("EventSourceArn", generic_arn_ok.to_vec(), generic_arn_bad.to_vec()),
        ("SourceArn", generic_arn_ok.to_vec(), generic_arn_bad.to_vec()),
        ("SigningJobArn", vec!["arn:aws:signer:us-west-2:123456789012:/signing-jobs/abc"], generic_arn_bad.to_vec()),
        (
            "SigningProfileVersionArn",
            vec!["arn:aws:signer:us-west-2:123456789012:/signing-profiles/p/1"],
            generic_arn_bad.to_vec(),
        ),
        (
            "SigningProfileVersionArns",
            vec!["arn:aws:signer:us-west-2:123456789012:/signing-profiles/p/1"],
            generic_arn_bad.to_vec(),
        ),
        ("Destination", vec!["", "arn:aws:sqs:us-west-2:123456789012:dlq"], generic_arn_bad.to_vec()),
        ("KMSKeyArn", vec!["", "arn:aws:kms:us-west-2:123456789012:key/1234abcd"], vec!["1234abcd", "alias/my-key"]),
        ("TargetArn", vec!["", "arn:aws:sns:us-west-2:123456789012:topic"], vec!["topic", "sns:topic"]),
        (
            "CodeSigningConfigArn",
            vec!["arn:aws:lambda:us-west-2:123456789012:code-signing-config:csc-0123456789abcdef0"],
            vec!["csc-0123456789abcdef0", "arn:aws:lambda:us-west-2:123456789012:code-signing-config:csc-123"],
        ),
        ("CodeSigningConfigId", vec!["csc-0123456789abcdef0"], vec!["csc-123", "0123456789abcdef0"]),
        (
            "RuntimeVersionArn",
            vec!["arn:aws:lambda:us-east-2::runtime:8eeff65f6809a3ce81507fe733fe09b835899b99481ba22fd75b5a7338290ec1"],
            vec!["arn:aws:lambda:us-east-2::runtime:", "runtime:abc"],
        ),
        ("Handler", vec!["index.handler", "com.example.Handler::handleRequest"], vec!["index handler", ""]),
        ("StatementId", vec!["sid-1", "allow_s3"], vec!["has space", "a/b"]),
        ("SourceAccount", vec!["123456789012"], vec!["12345", "abcdefghijkl"]),
        ("OrganizationId", vec!["o-a1b2c3d4e5"], vec!["o-abc", "org-1234567890"]),
        ("PrincipalOrgID", vec!["o-a1b2c3d4e5"], vec!["o-abc", "org-1234567890"]),
        ("Principal", vec!["123456789012"], vec!["has space", ""]),
        ("Action", vec!["lambda:GetLayerVersion"], vec!["GetLayerVersion", "s3:GetObject"]),
        ("EventSourceToken", vec!["token.1-2_3"], vec!["has space"]),
        ("MasterRegion", vec!["ALL", "us-west-2", "us-gov-west-1"], vec!["US-WEST-2", "us-west", "uswest2"]),
        ("Variables<key>", vec!["MY_VAR", "ab"], vec!["1abc", "my-var", "a"]),
        ("AdditionalVersionWeights<key>", vec!["1", "42"], vec!["v1", "$LATEST"]),
        ("S3Bucket", vec!["my-bucket", "my.bucket"], vec!["bucket.", "my bucket"]),
        ("CollectionName", vec!["orders", "_x"], vec!["system.users", ".x"]),
        ("DatabaseName", vec!["orders"], vec!["my db", "a.b"]),
        ("Topics", vec!["orders", "my_topic.v1"], vec![".orders", ""]),
        ("Endpoints", vec!["b-1.example.com:9092", "localhost:9092"], vec!["localhost", "host:abc"]),
        ("LocalMountPath", vec!["/mnt/efs"], vec!["/tmp/efs", "/mnt/a b"]),
        ("LogGroup", vec!["/aws/lambda/my-function"], vec!["my group"]),
        // The model allows a space in consumer group ids and source URIs.
        ("ConsumerGroupId", vec!["my-group", "my group"], vec!["a#b", "semi;colon"]),
        ("URI", vec!["arn:aws:secretsmanager:us-west-2:123456789012:secret:s"], vec!["a#b", "semi;colon"]),
        // Families the model added (botocore 1.44.18).
        ("AllowedInstanceTypes", vec!["m5.large", "c6g.*"], vec!["m5 large", ""]),
        ("ExcludedInstanceTypes", vec!["m5.large", "c6g.*"], vec!["m5 large", ""]),
        ("CallbackId", vec!["YWJjZA==", "abc+/9"], vec!["not base64!", "abc=def"]),
        ("CheckpointToken", vec!["YWJjZA==", "abc+/9"], vec!["not base64!", "abc=def"]),
        (
            "CapacityProviderArn",
            vec!["arn:aws:lambda:us-east-1:123456789012:capacity-provider:my-cp"],
            vec!["arn:aws:lambda:us-east-1:123456789012:function:f", "my-cp"],
        ),
        (
            "CapacityProviderName",
            vec!["my-cp", "arn:aws:lambda:us-east-1:123456789012:capacity-provider:my-cp"],
            vec!["my cp", "my/cp"],
        ),
        (
            "CapacityProviderOperatorRoleArn",
            vec!["arn:aws:iam::123456789012:role/op-role"],
            vec!["arn:aws:iam::123:role/r", "role/op"],
        ),
        ("ClientToken", vec!["token-123", "a!b~c"], vec!["has space", "tab\tx"]),
        (
            "DurableExecutionArn",
            vec!["arn:aws:lambda:us-east-1:123456789012:function:my-fn:$LATEST/durable-execution/run-1/abc123"],
            vec!["arn:aws:lambda:us-east-1:123456789012:function:my-fn/durable-execution/run-1/abc", "not-an-arn"],
        ),
        ("DurableExecutionName", vec!["run-1", "order_42"], vec!["run 1", "run/1"]),
        ("ErrorCode", vec!["InvalidParameterValueException"], vec!["Invalid", "exception"]),
        (
            "EventSourceMappingArn",
            vec!["arn:aws:lambda:us-east-1:123456789012:event-source-mapping:a1b2c3d4-5678-90ab-cdef-111111111111"],
            vec!["arn:aws:lambda:us-east-1:123456789012:event-source-mapping:not-a-uuid"],
        ),
        ("ExplicitTags", vec!["team", "cost center:1", "a=b@c"], vec!["no#hash", "semi;colon"]),
        ("ExplicitTags<key>", vec!["team", "cost center:1", "a=b@c"], vec!["no#hash", "semi;colon"]),
        ("TagKeys", vec!["team", "cost center:1"], vec!["no#hash", "semi;colon"]),
        ("Tags", vec!["team", "cost center:1", "a=b@c"], vec!["no#hash", "semi;colon"]),
        ("Tags<key>", vec!["team", "cost center:1", "a=b@c"], vec!["no#hash", "semi;colon"]),
        ("Id", vec!["step-1", "a_b"], vec!["a b", "a/b"]),
        ("ParentId", vec!["step-1", "a_b"], vec!["a b", "a/b"]),
        ("SubType", vec!["step-1", "a_b"], vec!["a b", "a/b"]),
        ("KmsKeyArn", vec!["arn:aws:kms:us-east-1:123456789012:key/abc"], vec!["kms-key", "arn:"]),
        ("SourceKMSKeyArn", vec!["arn:aws:kms:us-east-1:123456789012:key/abc", ""], vec!["kms-key"]),
        ("Policy", vec!["{\"Version\":\"2012-10-17\"}"], vec![""]),
        ("PollerGroupName", vec!["group-1", ""], vec!["group 1"]),
        (
            "Resource",
            vec![
                "arn:aws:lambda:us-east-1:123456789012:function:my-fn",
                "arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdefg",
            ],
            vec!["arn:aws:s3:::bucket", "my-fn", "arn:aws:lambda:us-west-2:123456789012:layer:l"],
        ),
        (
            "ResourceArn",
            vec![
                "arn:aws:lambda:us-east-1:123456789012:function:my-fn",
                "arn:aws:lambda:us-east-1:123456789012:function:my-fn:1",
            ],
            vec!["arn:aws:lambda:us-east-1:123456789012:layer:x", "function:my-fn"],
        ),
        (
            "RevisionId",
            vec!["a1b2c3d4-5678-90ab-cdef-111111111111"],
            vec!["A1B2C3D4-5678-90AB-CDEF-111111111111", "rev-1"],
        ),
        (
            "RuntimeArn",
            vec!["arn:aws:lambda:us-east-1:123456789012:runtime/python3.13"],
            vec!["arn:aws:lambda:us-east-1:1234:runtime/x", "runtime/x"],
        ),
        ("S3Bucket", vec!["my-bucket", "my.bucket"], vec!["bucket.", "my bucket"]),
        (
            "SchemaRegistryURI",
            vec!["arn:aws:glue:us-east-1:123456789012:registry/my-reg", "https://registry.example.com"],
            vec!["has space", "a#b"],
        ),
        ("SecurityGroupIds", vec!["sg-0123abcd"], vec!["0123abcd", "sg_0123"]),
        ("SubnetIds", vec!["subnet-0123abcd"], vec!["subnet_01", "sn-0123"]),
        ("TenantId", vec!["tenant-1", "org:team/a b"], vec!["tab\there", "semi;colon"]),
    ];
    let spec = spec();
    let nodes = pattern_nodes(&spec);
    let mut by_member: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (member, at, node) in &nodes {
        let p = node["pattern"].as_str().unwrap().to_string();
        by_member.entry(family(member, at, &p)).or_default().push((at.clone(), p));
    }
    let covered: BTreeSet<&str> = table.iter().map(|(m, _, _)| *m).collect();
    // Patterns that accept anything need no wrong values; every other family must be listed,
    // so a new pattern in the spec comes with its own wrong values.
    let trivial = |p: &str| matches!(p, "^(?:.*)$" | "^(?:[\\s\\S]*)$");
    for (member, places) in &by_member {
        if !covered.contains(member.as_str()) {
            assert!(places.iter().all(|(_, p)| trivial(p)), "pattern family {member} has no table row: {places:?}");
        }
    }
    let mut failures = Vec::new();
    for (member, good, bad) in &table {
        let places = by_member.get(*member).unwrap_or_else(|| panic!("no pattern for member {member} in the spec"));
        for (at, p) in places {
            let re = compile(p);
            for v in good {
                if !re.is_match(v).unwrap_or(false) {
                    failures.push(format!("{at}: {p} rejects valid {v:?}"));
                }
            }
            for v in bad {
                if re.is_match(v).unwrap_or(false) {
                    failures.push(format!("{at}: {p} accepts wrong {v:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn errors_carry_their_status_and_every_operation_lists_its_own() {
    let spec = spec();
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    for (id, method, path) in operations(&spec) {
        let op = &spec["paths"][&path][method.to_lowercase()];
        let responses = op["responses"].as_object().unwrap();
        assert_eq!(responses.keys().filter(|k| k.starts_with('2')).count(), 1, "{id}: one success response");
        let mut errors = 0;
        for (code, r) in responses.iter().filter(|(k, _)| !k.starts_with('2')) {
            if r.get("content").is_none() {
                // What the HTTP layer answers with an empty body: request line or headers too large.
                assert!(["414", "431"].contains(&code.as_str()), "{id}: {code} has no body");
                continue;
            }
            for alt in r["content"]["application/json"]["schema"]["anyOf"].as_array().unwrap() {
                let name = alt["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
                assert_eq!(schemas[name]["x-aws-error"]["httpStatus"].to_string(), *code, "{id}: {name}");
                errors += 1;
            }
        }
        assert!(errors > 0, "{id} lists no errors");
    }
    let common = spec["x-aws-common-errors"].as_array().unwrap();
    assert_eq!(common.len(), 19);
    assert!(common.iter().any(|c| c == "ValidationException") && !common.iter().any(|c| c == "ValidationError"));
    for c in common {
        assert_eq!(schemas[c.as_str().unwrap()]["x-aws-common"], true);
    }
}

/// Every code and status the server runtime answers on its own (signatures, routing, limits,
/// binding, validation, unimplemented operations) is declared by each operation it applies to.
#[test]
fn every_operation_declares_every_error_the_server_runtime_answers() {
    let spec = spec();
    let text = std::fs::read_to_string(root().join("spec/lambda-2015-03-31.openapi.json")).unwrap();
    let api = lambda_codegen::load(&text, "lambda-2015-03-31.openapi.json").expect("the spec loads");
    let places: BTreeMap<String, (String, String)> =
        operations(&spec).into_iter().map(|(id, method, path)| (id, (method.to_lowercase(), path))).collect();
    let mut missing = Vec::new();
    let mut checked = 0;
    for op in &api.operations {
        let (method, path) = &places[&op.name];
        let responses = &spec["paths"][path][method]["responses"];
        for (code, status) in lambda_rt::server::answers::for_operation(&op.name, op.raw_request) {
            let alternatives = responses[status.to_string()]["content"]["application/json"]["schema"]["anyOf"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let declared =
                alternatives.iter().any(|a| a["$ref"].as_str().is_some_and(|r| r.rsplit('/').next() == Some(code)));
            if !declared {
                missing.push(format!("{}: {status} {code}", op.name));
            }
            checked += 1;
        }
        for status in lambda_rt::server::answers::HTTP_LAYER {
            if responses.get(status.to_string()).is_none() {
                missing.push(format!("{}: {status} (empty body)", op.name));
            }
        }
    }
    assert_eq!(api.operations.len(), 91);
    assert!(checked > 91 * 10, "{checked}");
    assert!(missing.is_empty(), "{} undeclared:\n{}", missing.len(), missing.join("\n"));
}

#[test]
fn every_operation_data_type_and_member_is_described() {
    let spec = spec();
    for (id, method, path) in operations(&spec) {
        let op = &spec["paths"][&path][method.to_lowercase()];
        assert!(op["description"].as_str().is_some_and(|d| !d.is_empty()), "{id} needs a description");
        for p in op["parameters"].as_array().into_iter().flatten() {
            assert!(
                p["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{id}: parameter {} needs a description",
                p["name"]
            );
        }
    }
    for (name, s) in spec["components"]["schemas"].as_object().unwrap() {
        assert!(s["description"].as_str().is_some_and(|d| !d.is_empty()), "{name} needs a description");
        for (m, p) in s["properties"].as_object().into_iter().flatten() {
            assert!(p["description"].as_str().is_some_and(|d| !d.is_empty()), "{name}.{m} needs a description");
        }
    }
}
