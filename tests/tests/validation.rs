//! Constraint checks of the generated inputs, with the exact messages the service sends.
//!
//! The message format is the one `runtime/src/validation.rs` documents:
//! `N validation error(s) detected: Value 'v' at 'path' failed to satisfy constraint: C`, the
//! violations joined by `; `, `Value null` for a missing member, member names with only the
//! first letter lower-cased, list items as `N.member` (one-based). Every limit below is read
//! from `spec/lambda-2015-03-31.openapi.json`.
//!
//! The first part checks each kind of constraint by hand, with literal messages. The sweeps
//! at the end break every constraint of the spec in turn (every parameter, every body member)
//! and compare with messages derived from the spec.
//!
//! They check what a server enforces (`validate_strict`): a client's default `validate` lets
//! enum values the crate does not know through, which `unknown_enum_values_*` checks.

use lambda_api::enums::{FunctionUrlAuthType, InvocationType, PackageType, Runtime};
use lambda_api::operations::*;
use lambda_api::types::{
    AliasRoutingConfiguration, Cors, DestinationConfig, Environment, EphemeralStorage, FileSystemConfig, LoggingConfig,
    OnFailure, VpcConfig,
};
use lambda_api::{Validate, ValidationError};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// Message building blocks
// ---------------------------------------------------------------------------------------------

/// One violation, as it appears inside the message.
fn v(value: &str, path: &str, constraint: &str) -> String {
    format!("Value '{value}' at '{path}' failed to satisfy constraint: {constraint}")
}

fn null(path: &str) -> String {
    format!("Value null at '{path}' failed to satisfy constraint: Member must not be null")
}

/// The whole message for these violations.
fn msg(violations: &[String]) -> String {
    let n = violations.len();
    format!("{n} validation error{} detected: {}", if n == 1 { "" } else { "s" }, violations.join("; "))
}

fn one(value: &str, path: &str, constraint: &str) -> String {
    msg(&[v(value, path, constraint)])
}

fn min_len(n: u64) -> String {
    format!("Member must have length greater than or equal to {n}")
}

fn max_len(n: u64) -> String {
    format!("Member must have length less than or equal to {n}")
}

fn min_value(n: impl std::fmt::Display) -> String {
    format!("Member must have value greater than or equal to {n}")
}

fn max_value(n: impl std::fmt::Display) -> String {
    format!("Member must have value less than or equal to {n}")
}

fn pattern(p: &str) -> String {
    format!("Member must satisfy regular expression pattern: {p}")
}

fn enum_set(values: &[&str]) -> String {
    format!("Member must satisfy enum value set: [{}]", values.join(", "))
}

fn map_keys(inner: &str) -> String {
    format!("Map keys must satisfy constraint: [{inner}]")
}

/// The message of a value that must be rejected.
fn err<T: Validate + std::fmt::Debug>(x: &T) -> String {
    match x.validate_strict() {
        Ok(()) => panic!("expected a validation error for {x:?}"),
        Err(e) => e.to_string(),
    }
}

/// A value that must be accepted.
#[track_caller]
fn ok<T: Validate>(x: &T) {
    if let Err(e) = x.validate_strict() {
        panic!("expected no validation error, got: {e}");
    }
}

/// The message a server gives for a value the builder (lenient about enums) accepted.
fn strictly<T: Validate + std::fmt::Debug>(r: Result<T, ValidationError>) -> String {
    err(&r.expect("the builder lets enum values it does not know through"))
}

fn built<T>(r: Result<T, ValidationError>) -> String {
    match r {
        Ok(_) => panic!("expected build() to fail"),
        Err(e) => e.to_string(),
    }
}

// Patterns as the spec writes them (without the `^(?:...)$` wrapper), i.e. as messages show them.
const P_FUNCTION_NAME: &str = r"(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?";
const P_FUNCTION_NAME_WITH_DOT: &str = r"(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?";
const P_ALIAS_NAME: &str = r"(?!^[0-9]+$)([a-zA-Z0-9-_]+)";
const P_URL_QUALIFIER: &str = r"((?!^\d+$)^[0-9a-zA-Z-_]+$)";
const P_S3_BUCKET: &str = r"[0-9A-Za-z\.\-_]*(?<!\.)";
const P_COLLECTION: &str = r"(^(?!(system\x2e)))(^[_a-zA-Z0-9])([^$]*)";
const P_DATABASE: &str = r"[^ /\.$\x22]*";
const P_ENV_KEY: &str = r"[a-zA-Z]([a-zA-Z0-9_])+";
const P_VERSION: &str = r"(\$LATEST(\.PUBLISHED)?|[0-9]+)";
const P_HANDLER: &str = r"[^\s]+";
const P_KMS: &str = r"(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()";
const P_LAYER_VERSION_ARN: &str = r"((arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+))";
const P_EFS_ACCESS_POINT: &str = r"arn:aws[a-zA-Z-]*:elasticfilesystem:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:access-point/fsap-[a-f0-9]{17}$|^arn:aws[-a-z]*:s3files:[0-9a-z-:]+:file-system/fs-[0-9a-f]{17,40}/access-point/fsap-[0-9a-f]{17,40}";
const P_MOUNT_PATH: &str = r"/mnt/[a-zA-Z0-9-_.]+";
const P_QUALIFIER: &str = r"\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+";
const P_LAYER_PRINCIPAL: &str = r"\d{12}|\*|arn:(aws[a-zA-Z-]*):iam::\d{12}:root";
const P_MASTER_REGION: &str = r"ALL|(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}";
const P_DESTINATION: &str = r"$|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)";
const P_STATEMENT_ID: &str = r"([a-zA-Z0-9-_]+)";
const P_PRINCIPAL_ORG_ID: &str = r"o-[a-z0-9]{10,32}";
const P_ACCOUNT: &str = r"\d{12}";
const P_ENDPOINT: &str = r"(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9\-]*[A-Za-z0-9]):[0-9]{1,5}";
const P_URI: &str = r"[ a-zA-Z0-9-\/*:_+=.@-]*";
const P_LOG_GROUP: &str = r"[\.\-_/#A-Za-z0-9]+";
const P_TAGGABLE_RESOURCE: &str = r"arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(capacity-provider|network-connector):[a-zA-Z0-9-_]{1,64})";

/// Runtime's valid values, in the spec's order.
const RUNTIMES: &[&str] = &[
    "nodejs",
    "nodejs4.3",
    "nodejs6.10",
    "nodejs8.10",
    "nodejs10.x",
    "nodejs12.x",
    "nodejs14.x",
    "nodejs16.x",
    "nodejs18.x",
    "nodejs20.x",
    "nodejs22.x",
    "nodejs24.x",
    "java8",
    "java8.al2",
    "java11",
    "java17",
    "java21",
    "java25",
    "python2.7",
    "python3.6",
    "python3.7",
    "python3.8",
    "python3.9",
    "python3.10",
    "python3.11",
    "python3.12",
    "python3.13",
    "python3.14",
    "dotnetcore1.0",
    "dotnetcore2.0",
    "dotnetcore2.1",
    "dotnetcore3.1",
    "dotnet6",
    "dotnet8",
    "dotnet10",
    "nodejs4.3-edge",
    "go1.x",
    "ruby2.5",
    "ruby2.7",
    "ruby3.2",
    "ruby3.3",
    "ruby3.4",
    "ruby4.0",
    "provided",
    "provided.al2",
    "provided.al2023",
    "nodejs26.x",
    "python3.15",
    "java8.al2023",
    "java11.al2023",
    "java17.al2023",
    "custom",
];

const SECRET: &str = "s3cr3t-pa55word";

// ---------------------------------------------------------------------------------------------
// Valid inputs to start from: the request bodies of tests/data/bodies
// ---------------------------------------------------------------------------------------------

fn body(op: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("data/bodies/{op}.request.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).expect("body is JSON")
}

fn from_body<T: DeserializeOwned>(op: &str) -> T {
    serde_json::from_value(body(op)).unwrap_or_else(|e| panic!("{op}.request.json: {e}"))
}

fn create_function() -> create_function::CreateFunctionInput {
    let i: create_function::CreateFunctionInput = from_body("CreateFunction");
    ok(&i);
    i
}

fn create_alias() -> create_alias::CreateAliasInput {
    let mut i: create_alias::CreateAliasInput = from_body("CreateAlias");
    i.function_name = "my-function".into();
    ok(&i);
    i
}

fn create_url_config() -> create_function_url_config::CreateFunctionUrlConfigInput {
    let mut i: create_function_url_config::CreateFunctionUrlConfigInput = from_body("CreateFunctionUrlConfig");
    i.function_name = "my-function".into();
    ok(&i);
    i
}

fn create_mapping() -> create_event_source_mapping::CreateEventSourceMappingInput {
    let i: create_event_source_mapping::CreateEventSourceMappingInput = from_body("CreateEventSourceMapping");
    ok(&i);
    i
}

fn update_configuration() -> update_function_configuration::UpdateFunctionConfigurationInput {
    let mut i: update_function_configuration::UpdateFunctionConfigurationInput =
        from_body("UpdateFunctionConfiguration");
    i.function_name = "my-function".into();
    ok(&i);
    i
}

fn add_permission() -> add_permission::AddPermissionInput {
    let mut i: add_permission::AddPermissionInput = from_body("AddPermission");
    i.function_name = "my-function".into();
    ok(&i);
    i
}

fn add_layer_permission() -> add_layer_version_permission::AddLayerVersionPermissionInput {
    let mut i: add_layer_version_permission::AddLayerVersionPermissionInput = from_body("AddLayerVersionPermission");
    i.layer_name = "image-libs".into();
    i.version_number = 3;
    ok(&i);
    i
}

fn env(vars: &[(&str, &str)]) -> Environment {
    Environment::builder()
        .variables(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<HashMap<_, _>>())
        .build()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------------------------------------
// String length
// ---------------------------------------------------------------------------------------------

#[test]
fn string_length_bounds_are_inclusive() {
    // CreateFunction.FunctionName: 1..140 characters.
    let mut i = create_function();
    i.function_name = "a".repeat(140);
    ok(&i);
    i.function_name = "a".repeat(141);
    assert_eq!(err(&i), one(&"a".repeat(141), "functionName", &max_len(140)));

    // Handler: at most 128.
    let mut i = create_function();
    i.handler = Some(format!("index.{}", "h".repeat(122)));
    ok(&i);
    i.handler = Some(format!("index.{}", "h".repeat(123)));
    assert_eq!(err(&i), one(&format!("index.{}", "h".repeat(123)), "handler", &max_len(128)));

    // FunctionCode.S3Bucket: 3..63.
    let mut i = create_function();
    i.code.s3_bucket = Some("abc".into());
    ok(&i);
    i.code.s3_bucket = Some("b".repeat(63));
    ok(&i);
    i.code.s3_bucket = Some("ab".into());
    assert_eq!(err(&i), one("ab", "code.s3Bucket", &min_len(3)));
    i.code.s3_bucket = Some("b".repeat(64));
    assert_eq!(err(&i), one(&"b".repeat(64), "code.s3Bucket", &max_len(63)));

    // Description: 0..256, so the empty string is fine.
    let mut i = create_function();
    i.description = Some(String::new());
    ok(&i);

    // A path member checked through the builder: GetFunction's FunctionName allows 256, while
    // GetFunctionConcurrency's allows 140.
    let long = "f".repeat(256);
    get_function::GetFunctionInput::builder().function_name(&long).build().unwrap();
    let too_long = "f".repeat(257);
    assert_eq!(
        built(get_function::GetFunctionInput::builder().function_name(&too_long).build()),
        one(&too_long, "functionName", &max_len(256))
    );
    assert_eq!(
        built(get_function_concurrency::GetFunctionConcurrencyInput::builder().function_name(&long).build()),
        one(&long, "functionName", &max_len(140))
    );
}

#[test]
fn string_length_counts_characters_not_bytes() {
    // 64 CJK characters are 192 bytes, more than FunctionName's 140, but only 64 characters:
    // the name fails the (ASCII) pattern, not the length.
    let name = "函".repeat(64);
    assert_eq!(name.len(), 192);
    let mut i = create_function();
    i.function_name = name.clone();
    assert_eq!(err(&i), one(&name, "functionName", &pattern(P_FUNCTION_NAME)));

    // Description allows any character: 256 two-byte characters pass, 257 do not.
    let mut i = create_function();
    i.description = Some("é".repeat(256));
    ok(&i);
    i.description = Some("é".repeat(257));
    assert_eq!(err(&i), one(&"é".repeat(257), "description", &max_len(256)));

    // DocumentDB collection names: at most 57 characters; 1 + 56 three-byte characters pass.
    let mut i = create_mapping();
    let db = i.document_db_event_source_config.as_mut().unwrap();
    db.collection_name = Some(format!("o{}", "订".repeat(56)));
    ok(&i);
    let long = format!("o{}", "订".repeat(57));
    i.document_db_event_source_config.as_mut().unwrap().collection_name = Some(long.clone());
    assert_eq!(err(&i), one(&long, "documentDBEventSourceConfig.collectionName", &max_len(57)));

    // Minimum lengths count characters too: one four-byte character is length 1.
    let mut i = create_alias();
    i.name = "🦀".into();
    // (Fails the ASCII pattern, but not the minimum length of 1.)
    assert_eq!(err(&i), one("🦀", "name", &pattern(P_ALIAS_NAME)));
}

#[test]
fn empty_strings_and_minimum_lengths() {
    // GetProvisionedConcurrencyConfig's Qualifier pattern `(|[a-zA-Z0-9$_-]+)` accepts "", the
    // length does not.
    assert_eq!(
        built(
            get_provisioned_concurrency_config::GetProvisionedConcurrencyConfigInput::builder()
                .function_name("my-function")
                .qualifier("")
                .build()
        ),
        one("", "qualifier", &min_len(1))
    );
    // GetFunction's Qualifier pattern needs one character: both constraints fail, length first.
    assert_eq!(
        built(get_function::GetFunctionInput::builder().function_name("my-function").qualifier("").build()),
        msg(&[v("", "qualifier", &min_len(1)), v("", "qualifier", &pattern(P_QUALIFIER))])
    );
    // AddPermission.PrincipalOrgID: 12..34 characters and a pattern.
    let mut i = add_permission();
    i.principal_org_id = Some("o-abc".into());
    assert_eq!(
        err(&i),
        msg(&[v("o-abc", "principalOrgID", &min_len(12)), v("o-abc", "principalOrgID", &pattern(P_PRINCIPAL_ORG_ID))])
    );
    i.principal_org_id = Some("o-abcdefghij".into());
    ok(&i);
}

// ---------------------------------------------------------------------------------------------
// Patterns
// ---------------------------------------------------------------------------------------------

#[test]
fn patterns_match_the_whole_value() {
    let mut i = create_function();
    for good in ["index.handler", "com.example.Handler::handleRequest", "bootstrap"] {
        i.handler = Some(good.into());
        ok(&i);
    }
    for bad in ["index handler", "index.handler\n", " index.handler"] {
        i.handler = Some(bad.into());
        assert_eq!(err(&i), one(bad, "handler", &pattern(P_HANDLER)));
    }

    // FunctionVersion `(\$LATEST(\.PUBLISHED)?|[0-9]+)`: no prefix or suffix around an
    // alternative.
    let mut i = create_alias();
    for good in ["$LATEST", "$LATEST.PUBLISHED", "1", "42"] {
        i.function_version = good.into();
        ok(&i);
    }
    for bad in ["LATEST", "1a", "$LATEST1", "v1", "$latest"] {
        i.function_version = bad.into();
        assert_eq!(err(&i), one(bad, "functionVersion", &pattern(P_VERSION)));
    }

    // ListFunctions.MasterRegion `ALL|(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}`: each
    // alternative whole.
    for good in ["ALL", "us-east-1", "us-gov-west-1"] {
        list_functions::ListFunctionsInput::builder().master_region(good).build().unwrap();
    }
    for bad in ["ALLus-east-1", "us-east-1ALL", "US-EAST-1", "us-east-12", "all"] {
        assert_eq!(
            built(list_functions::ListFunctionsInput::builder().master_region(bad).build()),
            one(bad, "masterRegion", &pattern(P_MASTER_REGION))
        );
    }

    // OnFailure.Destination `^$|arn:...`: empty, or an ARN.
    let mut i = create_mapping();
    let set = |i: &mut create_event_source_mapping::CreateEventSourceMappingInput, d: &str| {
        i.destination_config =
            Some(DestinationConfig::builder().on_failure(OnFailure::builder().destination(d).build()).build());
    };
    for good in ["", "arn:aws:sqs:us-west-2:123456789012:failed-events", "arn:aws:s3:::my-bucket"] {
        set(&mut i, good);
        ok(&i);
    }
    set(&mut i, "failed-events");
    assert_eq!(err(&i), one("failed-events", "destinationConfig.onFailure.destination", &pattern(P_DESTINATION)));

    // AddLayerVersionPermission.Principal: an account, `*`, or an account root ARN.
    let mut i = add_layer_permission();
    for good in ["*", "210987654321", "arn:aws:iam::210987654321:root", "arn:aws-cn:iam::210987654321:root"] {
        i.principal = good.into();
        ok(&i);
    }
    for bad in ["**", "2109876543210", "21098765432", "arn:aws:iam::210987654321:user/bob", "* "] {
        i.principal = bad.into();
        assert_eq!(err(&i), one(bad, "principal", &pattern(P_LAYER_PRINCIPAL)));
    }

    // Statement IDs: AddPermission does not allow `.`, RemovePermission's path member does.
    let mut i = add_permission();
    i.statement_id = "s3.invoke".into();
    assert_eq!(err(&i), one("s3.invoke", "statementId", &pattern(P_STATEMENT_ID)));
    remove_permission::RemovePermissionInput::builder()
        .function_name("my-function")
        .statement_id("s3.invoke")
        .build()
        .unwrap();

    // Function names: GetFunction allows a `.` in the name, PublishVersion does not.
    get_function::GetFunctionInput::builder().function_name("my.function").build().unwrap();
    assert_eq!(
        built(publish_version::PublishVersionInput::builder().function_name("my.function").build()),
        one("my.function", "functionName", &pattern(P_FUNCTION_NAME))
    );
    for good in [
        "my-function",
        "my-function:v1",
        "my-function:$LATEST",
        "123456789012:function:my-function",
        "arn:aws:lambda:us-west-2:123456789012:function:my-function",
        "arn:aws:lambda:us-west-2:123456789012:function:my-function:42",
    ] {
        publish_version::PublishVersionInput::builder().function_name(good).build().unwrap();
    }
    assert_eq!(
        built(get_function::GetFunctionInput::builder().function_name("my function").build()),
        one("my function", "functionName", &pattern(P_FUNCTION_NAME_WITH_DOT))
    );
}

#[test]
fn look_around_pattern_alias_name() {
    // `(?!^[0-9]+$)([a-zA-Z0-9-_]+)`: alias names may not be all digits.
    let mut i = create_alias();
    for good in ["live", "v2", "2024-release", "1a", "a1", "PROD_2"] {
        i.name = good.into();
        ok(&i);
    }
    for bad in ["123", "0", "20240301"] {
        i.name = bad.into();
        assert_eq!(err(&i), one(bad, "name", &pattern(P_ALIAS_NAME)));
    }
    i.name = "prod.v1".into();
    assert_eq!(err(&i), one("prod.v1", "name", &pattern(P_ALIAS_NAME)));
    // The same rule on the path member of GetAlias / DeleteAlias.
    get_alias::GetAliasInput::builder().function_name("my-function").name("live").build().unwrap();
    assert_eq!(
        built(delete_alias::DeleteAliasInput::builder().function_name("my-function").name("42").build()),
        one("42", "name", &pattern(P_ALIAS_NAME))
    );
}

#[test]
fn look_around_pattern_function_url_qualifier() {
    // `((?!^\d+$)^[0-9a-zA-Z-_]+$)`: an alias name, never a version (AWS's model no longer
    // allows $LATEST here).
    let mut i = create_url_config();
    for good in ["live", "prod_2", "v1", "1a"] {
        i.qualifier = Some(good.into());
        ok(&i);
    }
    for bad in ["1", "42", "$LATEST", "$LATEST1", "x$LATEST", "$latest", "live.v2"] {
        i.qualifier = Some(bad.into());
        assert_eq!(err(&i), one(bad, "qualifier", &pattern(P_URL_QUALIFIER)));
    }
    assert_eq!(
        built(
            get_function_url_config::GetFunctionUrlConfigInput::builder()
                .function_name("my-function")
                .qualifier("3")
                .build()
        ),
        one("3", "qualifier", &pattern(P_URL_QUALIFIER))
    );
}

#[test]
fn look_around_pattern_s3_bucket() {
    // `[0-9A-Za-z\.\-_]*(?<!\.)`: bucket names may not end with a dot.
    let mut i = create_function();
    for good in ["my-bucket", "my.bucket.v2", "bucket_1", "a.b"] {
        i.code.s3_bucket = Some(good.into());
        ok(&i);
    }
    for bad in ["my-bucket.", "a..", "my bucket", "bucket/key"] {
        i.code.s3_bucket = Some(bad.into());
        assert_eq!(err(&i), one(bad, "code.s3Bucket", &pattern(P_S3_BUCKET)));
    }
    // The same member in UpdateFunctionCode (top level) and PublishLayerVersion (content).
    let mut u: update_function_code::UpdateFunctionCodeInput = from_body("UpdateFunctionCode");
    u.function_name = "my-function".into();
    ok(&u);
    u.s3_bucket = Some("my-bucket.".into());
    assert_eq!(err(&u), one("my-bucket.", "s3Bucket", &pattern(P_S3_BUCKET)));
    let mut p: publish_layer_version::PublishLayerVersionInput = from_body("PublishLayerVersion");
    p.layer_name = "image-libs".into();
    ok(&p);
    p.content.s3_bucket = Some("layers.".into());
    assert_eq!(err(&p), one("layers.", "content.s3Bucket", &pattern(P_S3_BUCKET)));
}

#[test]
fn look_around_pattern_documentdb_collection_name() {
    // `(^(?!(system\x2e)))(^[_a-zA-Z0-9])([^$]*)`: not `system.`, a word character first,
    // no `$` anywhere.
    let mut i = create_mapping();
    let set = |i: &mut create_event_source_mapping::CreateEventSourceMappingInput, name: &str| {
        i.document_db_event_source_config.as_mut().unwrap().collection_name = Some(name.into());
    };
    for good in ["orders", "system", "systemevents", "system-users", "_archive", "2024.orders", "orders.v2"] {
        set(&mut i, good);
        ok(&i);
    }
    for bad in ["system.users", "system.", "$cmd", ".hidden", "orders$1", "-orders"] {
        set(&mut i, bad);
        assert_eq!(err(&i), one(bad, "documentDBEventSourceConfig.collectionName", &pattern(P_COLLECTION)));
    }
    // DatabaseName `[^ /\.$\x22]*`: no space, slash, dot, dollar or double quote.
    let db = |name: &str| {
        let mut i = create_mapping();
        i.document_db_event_source_config.as_mut().unwrap().database_name = Some(name.into());
        i
    };
    ok(&db("shop_2024"));
    for bad in ["my shop", "shop/db", "shop.db", "shop$", "sh\"op"] {
        assert_eq!(err(&db(bad)), one(bad, "documentDBEventSourceConfig.databaseName", &pattern(P_DATABASE)));
    }
}

/// The service's pattern dialect (Java, as ECMAScript) reads `\d` as the ASCII digits 0-9.
/// The runtime compiles patterns with Unicode classes, where `\d` also matches other
/// scripts' digits, so account IDs in Arabic-Indic or full-width digits pass validation.
#[test]
fn backslash_d_matches_ascii_digits_only() {
    let arabic = "\u{661}\u{662}\u{663}\u{664}\u{665}\u{666}\u{667}\u{668}\u{669}\u{660}\u{661}\u{662}";
    let mut p = add_permission();
    p.source_account = Some(arabic.into());
    assert_eq!(p.validate().map_err(|e| e.to_string()), Err(one(arabic, "sourceAccount", &pattern(P_ACCOUNT))));

    let fullwidth = "１２３４５６７８９０１２";
    let mut i = create_function();
    i.role = format!("arn:aws:iam::{fullwidth}:role/lambda-role");
    assert_eq!(
        i.validate().map_err(|e| e.to_string()),
        Err(one(&i.role, "role", &pattern(r"arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+")))
    );
}

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

/// A client older than the service must not refuse what the service accepts: a value the crate
/// does not list passes `validate` and the builders, and only `validate_strict` (what a server,
/// or a client with `strict_enums(true)`, runs) refuses it.
#[test]
fn unknown_enum_values_pass_a_client_and_fail_a_server() {
    let mut i = create_function();
    i.runtime = Some(Runtime::from("nodejs99.x"));
    assert!(i.validate().is_ok(), "a client sends a runtime newer than its crate as it is");
    assert_eq!(err(&i), one("nodejs99.x", "runtime", &enum_set(RUNTIMES)));
    let built = create_function::CreateFunctionInput::builder()
        .function_name("f")
        .role("arn:aws:iam::123456789012:role/lambda-role")
        .code(lambda_api::types::FunctionCode::builder().zip_file(vec![1, 2, 3]).build())
        .runtime("nodejs99.x")
        .build()
        .expect("the builder sends what it does not know");
    assert_eq!(built.runtime.map(|r| r.as_str().to_string()).as_deref(), Some("nodejs99.x"));
}

/// The issue's example: a runtime and a memory size the reference did not allow, which the
/// service's model does.
#[test]
fn a_python_3_13_function_with_16_gb_builds() {
    let input = create_function::CreateFunctionInput::builder()
        .function_name("my-function")
        .role("arn:aws:iam::123456789012:role/lambda-role")
        .runtime(Runtime::Python313)
        .handler("app.handler")
        .memory_size(16384)
        .code(lambda_api::types::FunctionCode::builder().zip_file(vec![1, 2, 3]).build())
        .build()
        .expect("python3.13 with 16384 MB is valid today");
    assert!(input.validate_strict().is_ok());
    assert_eq!(input.memory_size, Some(16384));
    let too_big = create_function::CreateFunctionInput::builder()
        .function_name("my-function")
        .role("arn:aws:iam::123456789012:role/lambda-role")
        .memory_size(32769)
        .code(lambda_api::types::FunctionCode::builder().build())
        .build();
    assert_eq!(built(too_big), one("32769", "memorySize", &max_value(32768)));
}

#[test]
fn enum_values_outside_the_set() {
    let mut i = create_function();
    i.package_type = Some(PackageType::from("Tar"));
    assert_eq!(err(&i), one("Tar", "packageType", "Member must satisfy enum value set: [Zip, Image]"));
    i.package_type = Some(PackageType::Image);
    ok(&i);

    // A runtime newer than the spec is kept, but is not a valid value.
    let mut i = create_function();
    i.runtime = Some(Runtime::from("nodejs99.x"));
    assert_eq!(err(&i), one("nodejs99.x", "runtime", &enum_set(RUNTIMES)));

    // List items: the path names the item.
    let mut i = create_function();
    i.architectures = Some(vec!["riscv64".into()]);
    assert_eq!(
        err(&i),
        one("riscv64", "architectures.1.member", "Member must satisfy enum value set: [x86_64, arm64]")
    );

    // Nested structures.
    let mut i = create_function();
    i.logging_config.as_mut().unwrap().application_log_level = Some("VERBOSE".into());
    assert_eq!(
        err(&i),
        one(
            "VERBOSE",
            "loggingConfig.applicationLogLevel",
            &enum_set(&["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"])
        )
    );
    let mut c: create_code_signing_config::CreateCodeSigningConfigInput = from_body("CreateCodeSigningConfig");
    ok(&c);
    c.code_signing_policies.as_mut().unwrap().untrusted_artifact_on_deployment = Some("Block".into());
    assert_eq!(
        err(&c),
        one(
            "Block",
            "codeSigningPolicies.untrustedArtifactOnDeployment",
            "Member must satisfy enum value set: [Warn, Enforce]"
        )
    );

    // Enums are case-sensitive.
    let mut u = create_url_config();
    u.auth_type = FunctionUrlAuthType::from("aws_iam");
    assert_eq!(err(&u), one("aws_iam", "authType", "Member must satisfy enum value set: [NONE, AWS_IAM]"));

    // Header members: each operation has its own set.
    assert_eq!(
        strictly(invoke::InvokeInput::builder().function_name("my-function").invocation_type("Async").build()),
        one("Async", "invocationType", "Member must satisfy enum value set: [Event, RequestResponse, DryRun]")
    );
    invoke::InvokeInput::builder().function_name("my-function").invocation_type(InvocationType::Event).build().unwrap();
    assert_eq!(
        strictly(
            invoke_with_response_stream::InvokeWithResponseStreamInput::builder()
                .function_name("my-function")
                .invocation_type("Event")
                .build()
        ),
        one("Event", "invocationType", "Member must satisfy enum value set: [RequestResponse, DryRun]")
    );
    assert_eq!(
        strictly(invoke::InvokeInput::builder().function_name("my-function").log_type("Full").build()),
        one("Full", "logType", "Member must satisfy enum value set: [None, Tail]")
    );
    // Query members.
    assert_eq!(
        strictly(list_functions::ListFunctionsInput::builder().function_version("LATEST").build()),
        one("LATEST", "functionVersion", "Member must satisfy enum value set: [ALL]")
    );
    assert_eq!(
        strictly(list_layers::ListLayersInput::builder().compatible_architecture("x86").build()),
        one("x86", "compatibleArchitecture", "Member must satisfy enum value set: [x86_64, arm64]")
    );
}

// ---------------------------------------------------------------------------------------------
// Numeric ranges
// ---------------------------------------------------------------------------------------------

#[test]
fn integer_ranges() {
    // Timeout: 1..5400 in AWS's model (the reference gave only the minimum).
    let mut i = create_function();
    for good in [1, 3, 900, 901, 5400] {
        i.timeout = Some(good);
        ok(&i);
    }
    i.timeout = Some(5401);
    assert_eq!(err(&i), one("5401", "timeout", &max_value(5400)));
    i.timeout = Some(0);
    assert_eq!(err(&i), one("0", "timeout", &min_value(1)));
    i.timeout = Some(-5);
    assert_eq!(err(&i), one("-5", "timeout", &min_value(1)));

    // MemorySize: 128..32768.
    let mut i = create_function();
    for good in [128, 10240, 32768] {
        i.memory_size = Some(good);
        ok(&i);
    }
    i.memory_size = Some(127);
    assert_eq!(err(&i), one("127", "memorySize", &min_value(128)));
    i.memory_size = Some(32769);
    assert_eq!(err(&i), one("32769", "memorySize", &max_value(32768)));

    // EphemeralStorage.Size: 512..32768, nested.
    let mut i = create_function();
    i.ephemeral_storage = Some(EphemeralStorage::builder().size(511).build().unwrap());
    assert_eq!(err(&i), one("511", "ephemeralStorage.size", &min_value(512)));
    i.ephemeral_storage = Some(EphemeralStorage::builder().size(32768).build().unwrap());
    ok(&i);
    i.ephemeral_storage = Some(EphemeralStorage::builder().size(32769).build().unwrap());
    assert_eq!(err(&i), one("32769", "ephemeralStorage.size", &max_value(32768)));

    // Event source mappings: negative minimums and nested members.
    let mut i = create_mapping();
    i.maximum_record_age_in_seconds = Some(-1);
    i.maximum_retry_attempts = Some(-1);
    ok(&i);
    i.maximum_record_age_in_seconds = Some(-2);
    assert_eq!(err(&i), one("-2", "maximumRecordAgeInSeconds", &min_value(-1)));
    let mut i = create_mapping();
    i.batch_size = Some(10001);
    assert_eq!(err(&i), one("10001", "batchSize", &max_value(10000)));
    let mut i = create_mapping();
    i.scaling_config.as_mut().unwrap().maximum_concurrency = Some(1);
    assert_eq!(err(&i), one("1", "scalingConfig.maximumConcurrency", &min_value(2)));

    // Required numbers in bodies, and query members.
    assert_eq!(
        built(
            put_function_concurrency::PutFunctionConcurrencyInput::builder()
                .function_name("my-function")
                .reserved_concurrent_executions(-1)
                .build()
        ),
        one("-1", "reservedConcurrentExecutions", &min_value(0))
    );
    put_function_concurrency::PutFunctionConcurrencyInput::builder()
        .function_name("my-function")
        .reserved_concurrent_executions(0)
        .build()
        .unwrap();
    assert_eq!(
        built(list_aliases::ListAliasesInput::builder().function_name("my-function").max_items(0).build()),
        one("0", "maxItems", &min_value(1))
    );
    assert_eq!(
        built(list_aliases::ListAliasesInput::builder().function_name("my-function").max_items(10001).build()),
        one("10001", "maxItems", &max_value(10000))
    );
    list_layers::ListLayersInput::builder().max_items(50).build().unwrap();
    assert_eq!(
        built(list_layers::ListLayersInput::builder().max_items(51).build()),
        one("51", "maxItems", &max_value(50))
    );
}

#[test]
fn double_ranges_of_alias_weights() {
    let weights = |pairs: &[(&str, f64)]| {
        AliasRoutingConfiguration::builder()
            .additional_version_weights(pairs.iter().map(|(k, w)| (k.to_string(), *w)).collect::<HashMap<_, _>>())
            .build()
    };
    let mut i = create_alias();
    for w in [0.0, 0.05, 1.0] {
        i.routing_config = Some(weights(&[("4", w)]));
        ok(&i);
    }
    i.routing_config = Some(weights(&[("4", 1.5)]));
    assert_eq!(err(&i), one("1.5", "routingConfig.additionalVersionWeights.4", &max_value("1.0")));
    i.routing_config = Some(weights(&[("4", -0.1)]));
    assert_eq!(err(&i), one("-0.1", "routingConfig.additionalVersionWeights.4", &min_value("0.0")));
    i.routing_config = Some(weights(&[("4", 2.0)]));
    assert_eq!(err(&i), one("2.0", "routingConfig.additionalVersionWeights.4", &max_value("1.0")));
}

// ---------------------------------------------------------------------------------------------
// List sizes
// ---------------------------------------------------------------------------------------------

#[test]
fn list_sizes() {
    // VpcConfig.SubnetIds: at most 16; SecurityGroupIds: at most 5. The value is the list.
    let subnets: Vec<String> = (1..=17).map(|n| format!("subnet-{n:02}")).collect();
    let mut i = create_function();
    i.vpc_config = Some(VpcConfig::builder().subnet_ids(subnets[..16].to_vec()).build());
    ok(&i);
    i.vpc_config = Some(VpcConfig::builder().subnet_ids(subnets.clone()).build());
    assert_eq!(err(&i), one(&format!("[{}]", subnets.join(", ")), "vpcConfig.subnetIds", &max_len(16)));
    let groups = strings(&["sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"]);
    i.vpc_config = Some(VpcConfig::builder().security_group_ids(groups).build());
    assert_eq!(err(&i), one("[sg-1, sg-2, sg-3, sg-4, sg-5, sg-6]", "vpcConfig.securityGroupIds", &max_len(5)));

    // Architectures: exactly one.
    let mut i = create_function();
    i.architectures = Some(vec![]);
    assert_eq!(err(&i), one("[]", "architectures", &min_len(1)));
    i.architectures = Some(vec!["x86_64".into(), "arm64".into()]);
    assert_eq!(err(&i), one("[x86_64, arm64]", "architectures", &max_len(1)));

    // Layers: the spec sets no list size, only constraints on each ARN.
    let layer = |n: usize| format!("arn:aws:lambda:us-west-2:123456789012:layer:lib-{n}:1");
    let mut i = create_function();
    i.layers = Some((1..=8).map(layer).collect());
    ok(&i);
    let mut layers: Vec<String> = (1..=3).map(layer).collect();
    layers[1] = "lib-2".into();
    i.layers = Some(layers);
    assert_eq!(err(&i), one("lib-2", "layers.2.member", &pattern(P_LAYER_VERSION_ARN)));
    let long = format!("arn:aws:lambda:us-west-2:123456789012:layer:{}:1", "l".repeat(2048));
    i.layers = Some(vec![long.clone()]);
    assert_eq!(err(&i), one(&long, "layers.1.member", &max_len(2048)));

    // A list of structures shows its size rather than its members.
    let fs = FileSystemConfig::builder()
        .arn("arn:aws:elasticfilesystem:us-west-2:123456789012:access-point/fsap-0123456789abcdef0")
        .local_mount_path("/mnt/efs")
        .build()
        .unwrap();
    let mut i = create_function();
    i.file_system_configs = Some(vec![fs.clone(), fs]);
    assert_eq!(err(&i), one("[2 items]", "fileSystemConfigs", &max_len(1)));

    // AllowedPublishers.SigningProfileVersionArns: 1..20.
    let mut c: create_code_signing_config::CreateCodeSigningConfigInput = from_body("CreateCodeSigningConfig");
    c.allowed_publishers.signing_profile_version_arns = vec![];
    assert_eq!(err(&c), one("[]", "allowedPublishers.signingProfileVersionArns", &min_len(1)));

    // Event source mappings: exactly one topic; at most one response type.
    let mut i = create_mapping();
    i.topics = Some(strings(&["orders", "refunds"]));
    assert_eq!(err(&i), one("[orders, refunds]", "topics", &max_len(1)));
    let mut i = create_mapping();
    i.function_response_types = Some(vec![]);
    ok(&i);

    // PublishLayerVersion.CompatibleRuntimes: at most 15.
    let mut p: publish_layer_version::PublishLayerVersionInput = from_body("PublishLayerVersion");
    p.layer_name = "image-libs".into();
    p.compatible_runtimes = Some(RUNTIMES[..15].iter().map(|r| Runtime::from(*r)).collect());
    ok(&p);
    p.compatible_runtimes = Some(RUNTIMES[..16].iter().map(|r| Runtime::from(*r)).collect());
    assert_eq!(err(&p), one(&format!("[{}]", RUNTIMES[..16].join(", ")), "compatibleRuntimes", &max_len(15)));

    // Cors.AllowMethods: at most 6 items of at most 6 characters each.
    let mut u = create_url_config();
    let methods = strings(&["GET", "PUT", "POST", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
    u.cors = Some(Cors::builder().allow_methods(methods).build());
    assert_eq!(
        err(&u),
        msg(&[
            v("[GET, PUT, POST, PATCH, DELETE, HEAD, OPTIONS]", "cors.allowMethods", &max_len(6)),
            v("OPTIONS", "cors.allowMethods.7.member", &max_len(6)),
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// Maps
// ---------------------------------------------------------------------------------------------

#[test]
fn map_keys_of_environment_variables() {
    let mut i = create_function();
    i.environment = Some(env(&[("BUCKET", "b"), ("A1", "x"), ("my_var", "y")]));
    ok(&i);
    for bad in ["1BAD", "MY-VAR", "A", "_X", "has space"] {
        i.environment = Some(env(&[(bad, SECRET)]));
        let m = err(&i);
        assert_eq!(m, one(bad, "environment.variables", &map_keys(&pattern(P_ENV_KEY))));
        assert!(!m.contains(SECRET), "the variable's value must not appear: {m}");
    }
    // The same type in UpdateFunctionConfiguration.
    let mut u = update_configuration();
    u.environment = Some(env(&[("2FA_SECRET", SECRET)]));
    assert_eq!(err(&u), one("2FA_SECRET", "environment.variables", &map_keys(&pattern(P_ENV_KEY))));
}

#[test]
fn map_keys_and_values_of_alias_weights() {
    let mut i = create_alias();
    i.routing_config = Some(
        AliasRoutingConfiguration::builder()
            .additional_version_weights(HashMap::from([("v2".to_string(), 0.5)]))
            .build(),
    );
    assert_eq!(err(&i), one("v2", "routingConfig.additionalVersionWeights", &map_keys(&pattern("[0-9]+"))));
    // An empty key breaks two key constraints: each is reported.
    i.routing_config = Some(
        AliasRoutingConfiguration::builder().additional_version_weights(HashMap::from([(String::new(), 0.5)])).build(),
    );
    assert_eq!(
        err(&i),
        msg(&[
            v("", "routingConfig.additionalVersionWeights", &map_keys(&min_len(1))),
            v("", "routingConfig.additionalVersionWeights", &map_keys(&pattern("[0-9]+"))),
        ])
    );
    // A bad key and a bad weight in one entry.
    i.routing_config = Some(
        AliasRoutingConfiguration::builder()
            .additional_version_weights(HashMap::from([("x".to_string(), 3.0)]))
            .build(),
    );
    assert_eq!(
        err(&i),
        msg(&[
            v("x", "routingConfig.additionalVersionWeights", &map_keys(&pattern("[0-9]+"))),
            v("3.0", "routingConfig.additionalVersionWeights.x", &max_value("1.0")),
        ])
    );
}

#[test]
fn map_entries_and_enum_keys_of_kafka_endpoints() {
    let servers = |n: usize| -> Vec<String> { (1..=n).map(|i| format!("b-{i}.kafka.example.com:9092")).collect() };
    let mut i = create_mapping();
    let set = |i: &mut create_event_source_mapping::CreateEventSourceMappingInput, m: Vec<(&str, Vec<String>)>| {
        i.self_managed_event_source.as_mut().unwrap().endpoints =
            Some(m.into_iter().map(|(k, v)| (k.into(), v)).collect());
    };
    set(&mut i, vec![("KAFKA_BOOTSTRAP_SERVERS", servers(10))]);
    ok(&i);

    // The key is an enum.
    set(&mut i, vec![("KAFKA_TLS_SERVERS", servers(1))]);
    assert_eq!(
        err(&i),
        one(
            "KAFKA_TLS_SERVERS",
            "selfManagedEventSource.endpoints",
            &map_keys("Member must satisfy enum value set: [KAFKA_BOOTSTRAP_SERVERS]")
        )
    );

    // Each value is a list of 1..10 `host:port` strings of 1..300 characters.
    set(&mut i, vec![("KAFKA_BOOTSTRAP_SERVERS", servers(11))]);
    assert_eq!(
        err(&i),
        one(
            &format!("[{}]", servers(11).join(", ")),
            "selfManagedEventSource.endpoints.KAFKA_BOOTSTRAP_SERVERS",
            &max_len(10)
        )
    );
    set(&mut i, vec![("KAFKA_BOOTSTRAP_SERVERS", vec![])]);
    assert_eq!(err(&i), one("[]", "selfManagedEventSource.endpoints.KAFKA_BOOTSTRAP_SERVERS", &min_len(1)));
    set(&mut i, vec![("KAFKA_BOOTSTRAP_SERVERS", strings(&["b-1.kafka.example.com:9092", "b-2.kafka.example.com"]))]);
    assert_eq!(
        err(&i),
        one(
            "b-2.kafka.example.com",
            "selfManagedEventSource.endpoints.KAFKA_BOOTSTRAP_SERVERS.2.member",
            &pattern(P_ENDPOINT)
        )
    );

    // At most 2 entries; the keys that are not in the enum are reported too, in map order.
    // (How the map itself is shown: see `non_sensitive_maps_are_not_redacted`.)
    set(&mut i, vec![("KAFKA_BOOTSTRAP_SERVERS", servers(1)), ("A", servers(1)), ("B", servers(1))]);
    let e = i.validate_strict().unwrap_err();
    let got: Vec<String> = e.violations().iter().map(ToString::to_string).collect();
    assert!(e.to_string().starts_with("3 validation errors detected: "), "{e}");
    let count = &e.violations()[0];
    assert_eq!(
        (count.path.as_str(), count.constraint.as_str()),
        ("selfManagedEventSource.endpoints", max_len(2).as_str())
    );
    let mut keys = got[1..].to_vec();
    keys.sort();
    let key_err = |k: &str| {
        v(
            k,
            "selfManagedEventSource.endpoints",
            &map_keys("Member must satisfy enum value set: [KAFKA_BOOTSTRAP_SERVERS]"),
        )
    };
    assert_eq!(keys, vec![key_err("A"), key_err("B")]);
}

/// Only values the spec marks `x-aws-sensitive` are hidden in messages (spec/README.md; the
/// runtime's `REDACTED` is "shown instead of a secret value"). Lists follow that rule, but
/// the generator renders every map as redacted in a map-size violation, whether or not it is
/// sensitive. `SelfManagedEventSource.Endpoints` holds broker addresses, not secrets.
#[test]
fn non_sensitive_maps_are_not_redacted() {
    let spec = spec();
    let endpoints = &spec["components"]["schemas"]["SelfManagedEventSource"]["properties"]["Endpoints"];
    assert_eq!(endpoints["maxProperties"], json!(2));
    assert!(endpoints.get("x-aws-sensitive").is_none(), "the spec does not mark Endpoints sensitive");

    let mut i = create_mapping();
    let servers = strings(&["b-1.kafka.example.com:9092"]);
    i.self_managed_event_source.as_mut().unwrap().endpoints = Some(
        [("KAFKA_BOOTSTRAP_SERVERS", &servers), ("A", &servers), ("B", &servers)]
            .into_iter()
            .map(|(k, v)| (k.into(), v.clone()))
            .collect(),
    );
    let e = i.validate().unwrap_err();
    let count = e.violations().iter().find(|x| x.constraint == max_len(2)).expect("a map-size violation");
    assert_ne!(count.value.as_deref(), Some("*** Sensitive Data Redacted ***"), "message: {e}");
}

// ---------------------------------------------------------------------------------------------
// Required members
// ---------------------------------------------------------------------------------------------

#[test]
fn required_members() {
    let code = || create_function().code;
    let m = built(create_function::CreateFunctionInput::builder().function_name("my-function").code(code()).build());
    assert_eq!(
        m,
        "1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be null"
    );
    assert_eq!(m, msg(&[null("role")]));

    assert_eq!(
        built(create_function::CreateFunctionInput::builder().build()),
        msg(&[null("functionName"), null("role"), null("code")])
    );
    create_function::CreateFunctionInput::builder()
        .function_name("my-function")
        .role("arn:aws:iam::123456789012:role/lambda-role")
        .code(code())
        .build()
        .unwrap();

    // Path, query, header-less payload and list members, in member order.
    assert_eq!(
        built(
            add_layer_version_permission::AddLayerVersionPermissionInput::builder()
                .layer_name("image-libs")
                .action("lambda:GetLayerVersion")
                .build()
        ),
        msg(&[null("versionNumber"), null("statementId"), null("principal")])
    );
    assert_eq!(
        built(
            get_provisioned_concurrency_config::GetProvisionedConcurrencyConfigInput::builder()
                .function_name("my-function")
                .build()
        ),
        msg(&[null("qualifier")])
    );
    assert_eq!(
        built(
            untag_resource::UntagResourceInput::builder()
                .resource("arn:aws:lambda:us-west-2:123456789012:function:my-function")
                .build()
        ),
        msg(&[null("tagKeys")])
    );
    assert_eq!(
        built(invoke_async::InvokeAsyncInput::builder().function_name("my-function").build()),
        msg(&[null("invokeArgs")])
    );
    assert_eq!(
        built(put_function_concurrency::PutFunctionConcurrencyInput::builder().function_name("my-function").build()),
        msg(&[null("reservedConcurrentExecutions")])
    );
    assert_eq!(built(get_layer_version_by_arn::GetLayerVersionByArnInput::builder().build()), msg(&[null("arn")]));
    assert_eq!(built(get_alias::GetAliasInput::builder().build()), msg(&[null("functionName"), null("name")]));
    // Nothing is required.
    get_account_settings::GetAccountSettingsInput::builder().build().unwrap();
    list_functions::ListFunctionsInput::builder().build().unwrap();

    // The violations carry no value for a missing member.
    let e = create_function::CreateFunctionInput::builder().build().unwrap_err();
    let first = &e.violations()[0];
    assert_eq!(
        (first.value.as_deref(), first.path.as_str(), first.constraint.as_str()),
        (None, "functionName", "Member must not be null")
    );
}

/// The builder's documentation promises that "the error lists every violation", and
/// `validate()` reports every violation at once. A missing member must therefore not hide
/// the constraint violations of the members that are present.
#[test]
fn builder_reports_missing_and_invalid_members_together() {
    let too_long = "f".repeat(141);
    let e = create_function::CreateFunctionInput::builder()
        .function_name(&too_long)
        .code(create_function().code)
        .timeout(0)
        .build()
        .unwrap_err();
    let mut got: Vec<String> = e.violations().iter().map(ToString::to_string).collect();
    got.sort();
    let mut expected =
        vec![v(&too_long, "functionName", &max_len(140)), null("role"), v("0", "timeout", &min_value(1))];
    expected.sort();
    assert_eq!(got, expected, "message was: {e}");
    assert!(e.to_string().starts_with("3 validation errors detected: "), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Nesting, several violations, member paths
// ---------------------------------------------------------------------------------------------

#[test]
fn nested_member_paths() {
    let mut i = create_function();
    i.file_system_configs =
        Some(vec![FileSystemConfig::builder().arn("fsap-0123").local_mount_path("/efs").build().unwrap()]);
    assert_eq!(
        err(&i),
        msg(&[
            v("fsap-0123", "fileSystemConfigs.1.member.arn", &pattern(P_EFS_ACCESS_POINT)),
            v("/efs", "fileSystemConfigs.1.member.localMountPath", &pattern(P_MOUNT_PATH)),
        ])
    );

    let mut i = create_function();
    i.logging_config = Some(LoggingConfig::builder().log_group("my log group").build());
    assert_eq!(err(&i), one("my log group", "loggingConfig.logGroup", &pattern(P_LOG_GROUP)));

    let mut i = create_function();
    i.image_config.as_mut().unwrap().working_directory = Some("/".repeat(1001));
    assert_eq!(err(&i), one(&"/".repeat(1001), "imageConfig.workingDirectory", &max_len(1000)));

    let mut i = create_function();
    i.code.s3_key = Some(String::new());
    assert_eq!(err(&i), one("", "code.s3Key", &min_len(1)));

    let mut i = create_mapping();
    i.destination_config.as_mut().unwrap().on_success.as_mut().unwrap().destination = Some("processed-events".into());
    assert_eq!(err(&i), one("processed-events", "destinationConfig.onSuccess.destination", &pattern(P_DESTINATION)));

    let mut i = create_mapping();
    i.filter_criteria
        .as_mut()
        .unwrap()
        .filters
        .as_mut()
        .unwrap()
        .push(lambda_api::types::Filter::builder().pattern("x".repeat(4097)).build());
    assert_eq!(err(&i), one(&"x".repeat(4097), "filterCriteria.filters.2.member.pattern", &max_len(4096)));

    let mut i = create_mapping();
    i.source_access_configurations.as_mut().unwrap()[0].uri = Some("secret#name".into());
    assert_eq!(err(&i), one("secret#name", "sourceAccessConfigurations.1.member.uRI", &pattern(P_URI)));

    let mut u = create_url_config();
    u.cors = Some(Cors::builder().allow_origins(strings(&["https://www.example.com", ""])).build());
    assert_eq!(err(&u), one("", "cors.allowOrigins.2.member", &min_len(1)));
}

#[test]
fn several_violations_in_one_message() {
    let mut i = create_function();
    i.environment = Some(env(&[("1BAD", SECRET)]));
    i.handler = Some("index handler".into());
    i.memory_size = Some(64);
    i.package_type = Some("Tar".into());
    i.timeout = Some(0);
    // Reported in member order (the model's: Handler, Timeout, MemorySize, PackageType,
    // Environment), joined by "; ".
    let expected = "5 validation errors detected: \
        Value 'index handler' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+; \
        Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1; \
        Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128; \
        Value 'Tar' at 'packageType' failed to satisfy constraint: Member must satisfy enum value set: [Zip, Image]; \
        Value '1BAD' at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: \
        [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]";
    assert_eq!(err(&i), expected);
    assert_eq!(i.validate_strict().unwrap_err().violations().len(), 5);

    // Path members come before body members.
    let mut u = update_configuration();
    u.function_name = "my function".into();
    u.memory_size = Some(40960);
    u.vpc_config.as_mut().unwrap().security_group_ids =
        Some(strings(&["sg-a", "sg-b", "sg-c", "sg-d", "sg-e", "sg-f"]));
    assert_eq!(
        err(&u),
        msg(&[
            v("my function", "functionName", &pattern(P_FUNCTION_NAME)),
            v("40960", "memorySize", &max_value(32768)),
            v("[sg-a, sg-b, sg-c, sg-d, sg-e, sg-f]", "vpcConfig.securityGroupIds", &max_len(5)),
        ])
    );

    // Two constraints of one member: length before pattern.
    let mut p = add_permission();
    p.source_account = Some("1234567890123".into());
    assert_eq!(
        err(&p),
        msg(&[
            v("1234567890123", "sourceAccount", &max_len(12)),
            v("1234567890123", "sourceAccount", &pattern(P_ACCOUNT))
        ])
    );
}

#[test]
fn member_paths_lower_case_only_the_first_letter() {
    let mut i = create_function();
    i.kms_key_arn = Some("alias/my-key".into());
    assert_eq!(err(&i), one("alias/my-key", "kMSKeyArn", &pattern(P_KMS)));
    i.kms_key_arn = Some(String::new());
    ok(&i);

    let mut p = add_permission();
    p.principal_org_id = Some("O-ABCDEFGHIJ".into());
    assert_eq!(err(&p), one("O-ABCDEFGHIJ", "principalOrgID", &pattern(P_PRINCIPAL_ORG_ID)));

    let mut m = create_mapping();
    m.document_db_event_source_config.as_mut().unwrap().database_name = Some(String::new());
    assert_eq!(err(&m), one("", "documentDBEventSourceConfig.databaseName", &min_len(1)));

    let mut m = create_mapping();
    m.source_access_configurations.as_mut().unwrap()[0].uri = Some("x".repeat(201));
    assert_eq!(err(&m), one(&"x".repeat(201), "sourceAccessConfigurations.1.member.uRI", &max_len(200)));

    assert_eq!(
        built(tag_resource::TagResourceInput::builder().resource("my-function").tags(HashMap::new()).build()),
        one("my-function", "resource", &pattern(P_TAGGABLE_RESOURCE))
    );
}

// ---------------------------------------------------------------------------------------------
// Sweeps over the whole spec
// ---------------------------------------------------------------------------------------------

fn spec() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/lambda-2015-03-31.openapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("spec")).expect("spec is JSON")
}

/// An input made from a JSON body: the body is the input's own members, or (`payload field`) the
/// structure of one member.
macro_rules! input_from_body {
    ($t:ty, $body:expr) => {
        serde_json::from_value::<$t>($body.clone())
    };
    ($t:ty, $body:expr, $payload:ident) => {
        serde_json::from_value($body.clone()).map(|p| {
            let mut input = <$t>::default();
            input.$payload = Some(p);
            input
        })
    };
}

macro_rules! inputs {
    ($($op:ident => $m:ident :: $t:ident { $($member:literal => $field:ident),* $(,)? } $(payload $payload:ident)?),* $(,)?) => {
        /// Validates `op`'s input made of a JSON body plus path, query, header and payload
        /// members given as JSON values (by member name).
        #[allow(clippy::match_single_binding, unused_mut)]
        fn validate_input(op: &str, body: &Value, params: &BTreeMap<String, Value>) -> Result<(), ValidationError> {
            match op {
                $(stringify!($op) => {
                    let mut input: $m::$t = input_from_body!($m::$t, body $(, $payload)?)
                        .unwrap_or_else(|e| panic!("{op}: body does not deserialize: {e}"));
                    for (member, value) in params {
                        match (member.as_str(), value) {
                            $(($member, value) => {
                                input.$field = serde_json::from_value(value.clone())
                                    .unwrap_or_else(|e| panic!("{op}.{member}: {e}"));
                            })*
                            (other, _) => panic!("{op} has no parameter {other}"),
                        }
                    }
                    input.validate_strict()
                })*
                other => panic!("unknown operation {other}"),
            }
        }

        /// Whether `body` deserializes into `op`'s input.
        fn deserialize_input(op: &str, body: &Value) -> Result<(), String> {
            match op {
                $(stringify!($op) => input_from_body!($m::$t, body $(, $payload)?).map(|_: $m::$t| ()).map_err(|e| e.to_string()),)*
                other => panic!("unknown operation {other}"),
            }
        }
    };
}

inputs! {
    AddLayerVersionPermission => add_layer_version_permission::AddLayerVersionPermissionInput { "LayerName" => layer_name, "VersionNumber" => version_number, "RevisionId" => revision_id },
    AddPermission => add_permission::AddPermissionInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    CheckpointDurableExecution => checkpoint_durable_execution::CheckpointDurableExecutionInput { "DurableExecutionArn" => durable_execution_arn },
    CreateAlias => create_alias::CreateAliasInput { "FunctionName" => function_name },
    CreateCapacityProvider => create_capacity_provider::CreateCapacityProviderInput {},
    CreateCodeSigningConfig => create_code_signing_config::CreateCodeSigningConfigInput {},
    CreateEventSourceMapping => create_event_source_mapping::CreateEventSourceMappingInput {},
    CreateFunction => create_function::CreateFunctionInput {},
    CreateFunctionUrlConfig => create_function_url_config::CreateFunctionUrlConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    DeleteAlias => delete_alias::DeleteAliasInput { "FunctionName" => function_name, "Name" => name },
    DeleteCapacityProvider => delete_capacity_provider::DeleteCapacityProviderInput { "CapacityProviderName" => capacity_provider_name },
    DeleteCodeSigningConfig => delete_code_signing_config::DeleteCodeSigningConfigInput { "CodeSigningConfigArn" => code_signing_config_arn },
    DeleteDurableExecution => delete_durable_execution::DeleteDurableExecutionInput { "DurableExecutionArn" => durable_execution_arn },
    DeleteEventSourceMapping => delete_event_source_mapping::DeleteEventSourceMappingInput { "UUID" => uuid },
    DeleteFunction => delete_function::DeleteFunctionInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    DeleteFunctionCodeSigningConfig => delete_function_code_signing_config::DeleteFunctionCodeSigningConfigInput { "FunctionName" => function_name },
    DeleteFunctionConcurrency => delete_function_concurrency::DeleteFunctionConcurrencyInput { "FunctionName" => function_name },
    DeleteFunctionEventInvokeConfig => delete_function_event_invoke_config::DeleteFunctionEventInvokeConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    DeleteFunctionUrlConfig => delete_function_url_config::DeleteFunctionUrlConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    DeleteLayerVersion => delete_layer_version::DeleteLayerVersionInput { "LayerName" => layer_name, "VersionNumber" => version_number },
    DeleteProvisionedConcurrencyConfig => delete_provisioned_concurrency_config::DeleteProvisionedConcurrencyConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    DeleteResourcePolicy => delete_resource_policy::DeleteResourcePolicyInput { "ResourceArn" => resource_arn, "RevisionId" => revision_id },
    GetAccountSettings => get_account_settings::GetAccountSettingsInput {},
    GetAlias => get_alias::GetAliasInput { "FunctionName" => function_name, "Name" => name },
    GetCapacityProvider => get_capacity_provider::GetCapacityProviderInput { "CapacityProviderName" => capacity_provider_name },
    GetCodeSigningConfig => get_code_signing_config::GetCodeSigningConfigInput { "CodeSigningConfigArn" => code_signing_config_arn },
    GetDurableExecution => get_durable_execution::GetDurableExecutionInput { "DurableExecutionArn" => durable_execution_arn, "IncludeExecutionData" => include_execution_data },
    GetDurableExecutionHistory => get_durable_execution_history::GetDurableExecutionHistoryInput { "DurableExecutionArn" => durable_execution_arn, "IncludeExecutionData" => include_execution_data, "MaxItems" => max_items, "Marker" => marker, "ReverseOrder" => reverse_order },
    GetDurableExecutionState => get_durable_execution_state::GetDurableExecutionStateInput { "DurableExecutionArn" => durable_execution_arn, "CheckpointToken" => checkpoint_token, "Marker" => marker, "MaxItems" => max_items },
    GetEventSourceMapping => get_event_source_mapping::GetEventSourceMappingInput { "UUID" => uuid },
    GetFunction => get_function::GetFunctionInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    GetFunctionCodeSigningConfig => get_function_code_signing_config::GetFunctionCodeSigningConfigInput { "FunctionName" => function_name },
    GetFunctionConcurrency => get_function_concurrency::GetFunctionConcurrencyInput { "FunctionName" => function_name },
    GetFunctionConfiguration => get_function_configuration::GetFunctionConfigurationInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    GetFunctionEventInvokeConfig => get_function_event_invoke_config::GetFunctionEventInvokeConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    GetFunctionRecursionConfig => get_function_recursion_config::GetFunctionRecursionConfigInput { "FunctionName" => function_name },
    GetFunctionScalingConfig => get_function_scaling_config::GetFunctionScalingConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    GetFunctionUrlConfig => get_function_url_config::GetFunctionUrlConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    GetLayerVersion => get_layer_version::GetLayerVersionInput { "LayerName" => layer_name, "VersionNumber" => version_number },
    GetLayerVersionByArn => get_layer_version_by_arn::GetLayerVersionByArnInput { "Arn" => arn },
    GetLayerVersionPolicy => get_layer_version_policy::GetLayerVersionPolicyInput { "LayerName" => layer_name, "VersionNumber" => version_number },
    GetPolicy => get_policy::GetPolicyInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    GetProvisionedConcurrencyConfig => get_provisioned_concurrency_config::GetProvisionedConcurrencyConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    GetResourcePolicy => get_resource_policy::GetResourcePolicyInput { "ResourceArn" => resource_arn },
    GetRuntimeManagementConfig => get_runtime_management_config::GetRuntimeManagementConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    Invoke => invoke::InvokeInput { "FunctionName" => function_name, "Qualifier" => qualifier, "InvocationType" => invocation_type, "LogType" => log_type, "ClientContext" => client_context, "DurableExecutionName" => durable_execution_name, "TenantId" => tenant_id, "Payload" => payload },
    InvokeAsync => invoke_async::InvokeAsyncInput { "FunctionName" => function_name, "InvokeArgs" => invoke_args },
    InvokeWithResponseStream => invoke_with_response_stream::InvokeWithResponseStreamInput { "FunctionName" => function_name, "Qualifier" => qualifier, "InvocationType" => invocation_type, "LogType" => log_type, "ClientContext" => client_context, "TenantId" => tenant_id, "Payload" => payload },
    ListAliases => list_aliases::ListAliasesInput { "FunctionName" => function_name, "FunctionVersion" => function_version, "Marker" => marker, "MaxItems" => max_items },
    ListCapacityProviders => list_capacity_providers::ListCapacityProvidersInput { "State" => state, "Marker" => marker, "MaxItems" => max_items },
    ListCodeSigningConfigs => list_code_signing_configs::ListCodeSigningConfigsInput { "Marker" => marker, "MaxItems" => max_items },
    ListDurableExecutionsByFunction => list_durable_executions_by_function::ListDurableExecutionsByFunctionInput { "FunctionName" => function_name, "Qualifier" => qualifier, "DurableExecutionName" => durable_execution_name, "Statuses" => statuses, "StartedAfter" => started_after, "StartedBefore" => started_before, "ReverseOrder" => reverse_order, "Marker" => marker, "MaxItems" => max_items },
    ListEventSourceMappings => list_event_source_mappings::ListEventSourceMappingsInput { "EventSourceArn" => event_source_arn, "FunctionName" => function_name, "Marker" => marker, "MaxItems" => max_items },
    ListFunctionEventInvokeConfigs => list_function_event_invoke_configs::ListFunctionEventInvokeConfigsInput { "FunctionName" => function_name, "Marker" => marker, "MaxItems" => max_items },
    ListFunctionUrlConfigs => list_function_url_configs::ListFunctionUrlConfigsInput { "FunctionName" => function_name, "Marker" => marker, "MaxItems" => max_items },
    ListFunctionVersionsByCapacityProvider => list_function_versions_by_capacity_provider::ListFunctionVersionsByCapacityProviderInput { "CapacityProviderName" => capacity_provider_name, "Marker" => marker, "MaxItems" => max_items },
    ListFunctions => list_functions::ListFunctionsInput { "FunctionVersion" => function_version, "Marker" => marker, "MasterRegion" => master_region, "MaxItems" => max_items },
    ListFunctionsByCodeSigningConfig => list_functions_by_code_signing_config::ListFunctionsByCodeSigningConfigInput { "CodeSigningConfigArn" => code_signing_config_arn, "Marker" => marker, "MaxItems" => max_items },
    ListLayerVersions => list_layer_versions::ListLayerVersionsInput { "CompatibleArchitecture" => compatible_architecture, "CompatibleRuntime" => compatible_runtime, "LayerName" => layer_name, "Marker" => marker, "MaxItems" => max_items },
    ListLayers => list_layers::ListLayersInput { "CompatibleArchitecture" => compatible_architecture, "CompatibleRuntime" => compatible_runtime, "Marker" => marker, "MaxItems" => max_items },
    ListProvisionedConcurrencyConfigs => list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigsInput { "FunctionName" => function_name, "Marker" => marker, "MaxItems" => max_items },
    ListTags => list_tags::ListTagsInput { "Resource" => resource },
    ListVersionsByFunction => list_versions_by_function::ListVersionsByFunctionInput { "FunctionName" => function_name, "Marker" => marker, "MaxItems" => max_items },
    PauseDurableExecution => pause_durable_execution::PauseDurableExecutionInput { "DurableExecutionArn" => durable_execution_arn },
    PublishLayerVersion => publish_layer_version::PublishLayerVersionInput { "LayerName" => layer_name },
    PublishVersion => publish_version::PublishVersionInput { "FunctionName" => function_name },
    PutFunctionCodeSigningConfig => put_function_code_signing_config::PutFunctionCodeSigningConfigInput { "FunctionName" => function_name },
    PutFunctionConcurrency => put_function_concurrency::PutFunctionConcurrencyInput { "FunctionName" => function_name },
    PutFunctionEventInvokeConfig => put_function_event_invoke_config::PutFunctionEventInvokeConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    PutFunctionRecursionConfig => put_function_recursion_config::PutFunctionRecursionConfigInput { "FunctionName" => function_name },
    PutFunctionScalingConfig => put_function_scaling_config::PutFunctionScalingConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    PutProvisionedConcurrencyConfig => put_provisioned_concurrency_config::PutProvisionedConcurrencyConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    PutResourcePolicy => put_resource_policy::PutResourcePolicyInput { "ResourceArn" => resource_arn },
    PutRuntimeManagementConfig => put_runtime_management_config::PutRuntimeManagementConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    RemoveLayerVersionPermission => remove_layer_version_permission::RemoveLayerVersionPermissionInput { "LayerName" => layer_name, "VersionNumber" => version_number, "StatementId" => statement_id, "RevisionId" => revision_id },
    RemovePermission => remove_permission::RemovePermissionInput { "FunctionName" => function_name, "StatementId" => statement_id, "Qualifier" => qualifier, "RevisionId" => revision_id },
    ResumeDurableExecution => resume_durable_execution::ResumeDurableExecutionInput { "DurableExecutionArn" => durable_execution_arn },
    SendDurableExecutionCallbackFailure => send_durable_execution_callback_failure::SendDurableExecutionCallbackFailureInput { "CallbackId" => callback_id } payload error,
    SendDurableExecutionCallbackHeartbeat => send_durable_execution_callback_heartbeat::SendDurableExecutionCallbackHeartbeatInput { "CallbackId" => callback_id },
    SendDurableExecutionCallbackSuccess => send_durable_execution_callback_success::SendDurableExecutionCallbackSuccessInput { "CallbackId" => callback_id, "Result" => result },
    StopDurableExecution => stop_durable_execution::StopDurableExecutionInput { "DurableExecutionArn" => durable_execution_arn } payload error,
    TagResource => tag_resource::TagResourceInput { "Resource" => resource },
    UntagResource => untag_resource::UntagResourceInput { "Resource" => resource, "TagKeys" => tag_keys },
    UpdateAlias => update_alias::UpdateAliasInput { "FunctionName" => function_name, "Name" => name },
    UpdateCapacityProvider => update_capacity_provider::UpdateCapacityProviderInput { "CapacityProviderName" => capacity_provider_name },
    UpdateCodeSigningConfig => update_code_signing_config::UpdateCodeSigningConfigInput { "CodeSigningConfigArn" => code_signing_config_arn },
    UpdateEventSourceMapping => update_event_source_mapping::UpdateEventSourceMappingInput { "UUID" => uuid },
    UpdateFunctionCode => update_function_code::UpdateFunctionCodeInput { "FunctionName" => function_name },
    UpdateFunctionConfiguration => update_function_configuration::UpdateFunctionConfigurationInput { "FunctionName" => function_name },
    UpdateFunctionEventInvokeConfig => update_function_event_invoke_config::UpdateFunctionEventInvokeConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
    UpdateFunctionUrlConfig => update_function_url_config::UpdateFunctionUrlConfigInput { "FunctionName" => function_name, "Qualifier" => qualifier },
}

/// A valid value for each parameter (path, query, header or raw payload member).
fn valid_param(op: &str, member: &str) -> Value {
    match (op, member) {
        ("ListFunctions", "FunctionVersion") => json!("ALL"),
        ("ListAliases", "FunctionVersion") => json!("3"),
        ("Invoke", "InvocationType") => json!("Event"),
        ("InvokeWithResponseStream", "InvocationType") => json!("RequestResponse"),
        ("GetFunctionScalingConfig" | "PutFunctionScalingConfig", "Qualifier") => json!("$LATEST.PUBLISHED"),
        ("ListCapacityProviders", "State") => json!("Active"),
        (_, "FunctionName") => json!("my-function"),
        (_, "Qualifier" | "Name") => json!("live"),
        (_, "LayerName") => json!("image-libs"),
        (_, "VersionNumber") => json!(3),
        (_, "StatementId") => json!("s3-invoke"),
        (_, "RevisionId") => json!("4c3a2b1e-8f7d-4e6a-9b5c-0d1e2f3a4b5c"),
        (_, "CodeSigningConfigArn") => {
            json!("arn:aws:lambda:us-west-2:123456789012:code-signing-config:csc-0a1b2c3d4e5f6a7b8")
        }
        (_, "UUID") => json!("14e0db71-5d35-4eb5-b481-8945cf9d10c2"),
        (_, "Resource") => json!("arn:aws:lambda:us-west-2:123456789012:function:my-function"),
        (_, "Arn") => json!("arn:aws:lambda:us-west-2:123456789012:layer:image-libs:3"),
        (_, "Marker") => json!("eyJNYXJrZXIiOiBudWxsfQ=="),
        (_, "MaxItems") => json!(10),
        (_, "MasterRegion") => json!("us-east-1"),
        (_, "EventSourceArn") => json!("arn:aws:kinesis:us-west-2:123456789012:stream/orders-stream"),
        (_, "CompatibleRuntime") => json!("python3.12"),
        (_, "CompatibleArchitecture") => json!("arm64"),
        (_, "LogType") => json!("Tail"),
        (_, "ClientContext") => json!("eyJjdXN0b20iOnt9fQ=="),
        (_, "Payload" | "InvokeArgs") => json!("eyJrZXkiOiAidmFsdWUifQ=="),
        (_, "TagKeys") => json!(["team", "env"]),
        (_, "DurableExecutionArn") => json!(
            "arn:aws:lambda:us-west-2:123456789012:function:my-function:$LATEST/durable-execution/order-1042/b1c2d3e4-f5a6-4789-8abc-def012345678"
        ),
        (_, "DurableExecutionName") => json!("order-1042"),
        (_, "CapacityProviderName") => json!("batch-capacity"),
        (_, "ResourceArn") => json!("arn:aws:lambda:us-west-2:123456789012:function:my-function"),
        (_, "CallbackId" | "CheckpointToken") => json!("Y2FsbGJhY2stMDAwMQ=="),
        (_, "IncludeExecutionData" | "ReverseOrder") => json!(true),
        (_, "Statuses") => json!(["RUNNING", "SUCCEEDED"]),
        (_, "StartedAfter") => json!("2024-05-01T12:30:00Z"),
        (_, "StartedBefore") => json!("2024-05-02T12:30:00Z"),
        (_, "TenantId") => json!("tenant-42"),
        (_, "Result") => json!("eyJzdGF0dXMiOiJhcHByb3ZlZCJ9"),
        _ => panic!("no valid value for {op}.{member}"),
    }
}

struct Operation {
    name: String,
    body: Value,
    body_schema: Option<Value>,
    /// Where the body's members are in messages: "" for the input's own members, the payload
    /// member's name when the body is that member's structure.
    body_path: String,
    /// Parameter member name and schema.
    params: Vec<(String, Value)>,
}

fn operations(spec: &Value) -> Vec<Operation> {
    let mut out = Vec::new();
    for item in spec["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let Some(name) = op.get("operationId").and_then(Value::as_str) else { continue };
            let mut params: Vec<(String, Value)> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p.get("$ref").is_none())
                .map(|p| (p["x-aws-member"].as_str().unwrap().to_string(), p["schema"].clone()))
                .collect();
            let body_schema = op.pointer("/requestBody/content/application~1json/schema").cloned();
            let payload = op.pointer("/requestBody/x-aws-payload").and_then(Value::as_str);
            // A blob payload is set like a parameter; a structure payload is the JSON body.
            let body_path = match payload {
                Some(member) if body_schema.is_some() => message_name(member),
                Some(member) => {
                    params.push((member.to_string(), json!({ "type": "string" })));
                    String::new()
                }
                None => String::new(),
            };
            let body = if body_schema.is_some() { body(name) } else { json!({}) };
            out.push(Operation { name: name.to_string(), body, body_schema, body_path, params });
        }
    }
    out
}

fn message_name(member: &str) -> String {
    let mut c = member.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

/// The spec's schema behind `$ref`s (a named enum stays a `$ref`-free enum schema).
fn resolve<'a>(spec: &'a Value, s: &'a Value) -> &'a Value {
    match s.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(spec, &spec["components"]["schemas"][r.trim_start_matches("#/components/schemas/")]),
        None => s,
    }
}

fn display_pattern(anchored: &str) -> &str {
    anchored.strip_prefix("^(?:").and_then(|p| p.strip_suffix(")$")).expect("spec patterns are ^(?:P)$")
}

/// What the service reports for string `value` under `schema` at `path` (in check order:
/// minimum length, maximum length, pattern).
fn string_violations(
    value: &str,
    schema: &Value,
    path: &str,
    shown: &str,
    wrap: &dyn Fn(String) -> String,
) -> Vec<String> {
    let n = value.chars().count() as u64;
    let mut out = Vec::new();
    if let Some(m) = schema.get("minLength").and_then(Value::as_u64).filter(|m| n < *m) {
        out.push(v(shown, path, &wrap(min_len(m))));
    }
    if let Some(m) = schema.get("maxLength").and_then(Value::as_u64).filter(|m| n > *m) {
        out.push(v(shown, path, &wrap(max_len(m))));
    }
    if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
        let re = fancy_regex::Regex::new(p).expect("spec pattern compiles");
        if !re.is_match(value).unwrap_or(false) {
            out.push(v(shown, path, &wrap(pattern(display_pattern(p)))));
        }
    }
    out
}

/// Values of a string member that break each of its constraints, starting from a valid one.
fn bad_strings(valid: &str, schema: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(m) = schema.get("maxLength").and_then(Value::as_u64) {
        let last = valid.chars().last().unwrap_or('a');
        let mut s = valid.to_string();
        // One past the maximum, in one go: some maximums are millions of characters.
        let missing = (m + 1).saturating_sub(s.chars().count() as u64) as usize;
        s.extend(std::iter::repeat_n(last, missing));
        out.push(s);
    }
    if let Some(m) = schema.get("minLength").and_then(Value::as_u64).filter(|m| *m > 0) {
        out.push(valid.chars().take(m as usize - 1).collect());
    }
    if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
        let re = fancy_regex::Regex::new(p).expect("spec pattern compiles");
        let candidates = ["has space", "~!", "\u{2603}", "\n", "", "-", "0"];
        if let Some(bad) = candidates.iter().find(|c| !re.is_match(c).unwrap_or(true)) {
            out.push(bad.to_string());
        }
    }
    out
}

fn enum_values<'a>(spec: &'a Value, schema: &'a Value) -> Option<Vec<&'a str>> {
    let s = resolve(spec, schema);
    s.get("enum").map(|e| e.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect())
}

fn number(x: &Value) -> f64 {
    x.as_f64().expect("a number")
}

/// Numbers outside `[minimum, maximum]`, with the violation each causes.
fn bad_numbers(schema: &Value, path: &str) -> Vec<(Value, String)> {
    let double = schema.get("format").and_then(Value::as_str) == Some("double");
    let mut out = Vec::new();
    let fmt = |x: f64| if double { format!("{x:?}") } else { format!("{}", x as i64) };
    if let Some(min) = schema.get("minimum").map(number) {
        let bad = if double { min - 0.5 } else { min - 1.0 };
        let value = if double { json!(bad) } else { json!(bad as i64) };
        out.push((value, v(&fmt(bad), path, &min_value(fmt(min)))));
    }
    if let Some(max) = schema.get("maximum").map(number) {
        let bad = if double { max + 0.5 } else { max + 1.0 };
        let value = if double { json!(bad) } else { json!(bad as i64) };
        out.push((value, v(&fmt(bad), path, &max_value(fmt(max)))));
    }
    out
}

/// One mutated input and the violations it must produce.
struct Case {
    what: String,
    value: Value,
    expected: Vec<String>,
}

/// Every way to break the value at `path` (message form) under `schema`, as replacements of
/// that value.
fn cases(spec: &Value, schema: &Value, valid: &Value, path: &str, sensitive: bool) -> Vec<Case> {
    let mut out = Vec::new();
    let sensitive = sensitive || schema.get("x-aws-sensitive").and_then(Value::as_bool).unwrap_or(false);
    if let Some(values) = enum_values(spec, schema) {
        out.push(Case {
            what: format!("{path} = NotAValue"),
            value: json!("NotAValue"),
            expected: vec![v("NotAValue", path, &enum_set(&values))],
        });
        return out;
    }
    let s = resolve(spec, schema);
    match s.get("type").and_then(Value::as_str) {
        Some("string") if s.get("contentEncoding").is_none() => {
            let valid = valid.as_str().unwrap_or_else(|| panic!("{path}: {valid} is not a string"));
            for bad in bad_strings(valid, s) {
                let shown = if sensitive { "*** Sensitive Data Redacted ***".to_string() } else { bad.clone() };
                let expected = string_violations(&bad, s, path, &shown, &|c| c);
                if !expected.is_empty() {
                    out.push(Case { what: format!("{path} = {bad:?}"), value: json!(bad), expected });
                }
            }
        }
        Some("integer") | Some("number") => {
            for (value, violation) in bad_numbers(s, path) {
                out.push(Case { what: format!("{path} = {value}"), value, expected: vec![violation] });
            }
        }
        Some("array") => {
            let items = valid.as_array().unwrap_or_else(|| panic!("{path}: {valid} is not a list"));
            let item_schema = &s["items"];
            let scalar =
                enum_values(spec, item_schema).is_some() || resolve(spec, item_schema).get("properties").is_none();
            let show = |list: &[Value]| {
                if sensitive {
                    "*** Sensitive Data Redacted ***".to_string()
                } else if scalar {
                    let parts: Vec<String> =
                        list.iter().map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string())).collect();
                    format!("[{}]", parts.join(", "))
                } else {
                    format!("[{} items]", list.len())
                }
            };
            if let Some(m) = s.get("minItems").and_then(Value::as_u64).filter(|m| *m > 0) {
                let short: Vec<Value> = items.iter().take(m as usize - 1).cloned().collect();
                out.push(Case {
                    what: format!("{path} with {} items", short.len()),
                    expected: vec![v(&show(&short), path, &min_len(m))],
                    value: json!(short),
                });
            }
            if let Some(m) = s.get("maxItems").and_then(Value::as_u64) {
                let long: Vec<Value> = (0..=m).map(|i| items[i as usize % items.len()].clone()).collect();
                out.push(Case {
                    what: format!("{path} with {} items", long.len()),
                    expected: vec![v(&show(&long), path, &max_len(m))],
                    value: json!(long),
                });
            }
            for c in cases(spec, item_schema, &items[0], &format!("{path}.1.member"), sensitive) {
                let mut list = items.clone();
                list[0] = c.value;
                out.push(Case { what: c.what, value: json!(list), expected: c.expected });
            }
        }
        Some("object") if s.get("additionalProperties").is_some() => {
            let map = valid.as_object().unwrap_or_else(|| panic!("{path}: {valid} is not a map"));
            let (first_key, first_value) = map.iter().next().unwrap_or_else(|| panic!("{path}: empty map"));
            let keys = s.get("propertyNames").cloned().unwrap_or(json!({}));
            // Keys that break a key constraint; the key is shown, never hidden.
            let wrap = |c: String| map_keys(&c);
            let bad_keys: Vec<(String, Vec<String>)> = match enum_values(spec, &keys) {
                Some(values) => {
                    vec![("NOT_A_KEY".to_string(), vec![v("NOT_A_KEY", path, &map_keys(&enum_set(&values)))])]
                }
                None => bad_strings(first_key, resolve(spec, &keys))
                    .into_iter()
                    .map(|k| {
                        let e = string_violations(&k, resolve(spec, &keys), path, &k, &wrap);
                        (k, e)
                    })
                    .collect(),
            };
            for (k, expected) in bad_keys.into_iter().filter(|(_, e)| !e.is_empty()) {
                if map.contains_key(&k) {
                    continue;
                }
                let mut m = map.clone();
                m.insert(k.clone(), first_value.clone());
                let mut expected = expected;
                if let Some(max) = s.get("maxProperties").and_then(Value::as_u64).filter(|max| m.len() as u64 > *max) {
                    expected.insert(0, v(MAP_SHOWN, path, &max_len(max)));
                }
                out.push(Case { what: format!("{path} with key {k:?}"), value: Value::Object(m), expected });
            }
            if let Some(max) = s.get("maxProperties").and_then(Value::as_u64) {
                // Fill with copies of the first entry under keys that pass the key constraints
                // if the keys are free strings, or unknown enum values (which are reported).
                let mut m = map.clone();
                let mut expected = vec![v(MAP_SHOWN, path, &max_len(max))];
                let mut n = 0;
                while m.len() as u64 <= max {
                    n += 1;
                    let key = format!("EXTRA{n}");
                    if let Some(values) = enum_values(spec, &keys) {
                        expected.push(v(&key, path, &map_keys(&enum_set(&values))));
                    }
                    m.insert(key, first_value.clone());
                }
                out.push(Case { what: format!("{path} with {} entries", m.len()), value: Value::Object(m), expected });
            }
            for c in cases(spec, &s["additionalProperties"], first_value, &format!("{path}.{first_key}"), sensitive) {
                let mut m = map.clone();
                m.insert(first_key.clone(), c.value);
                out.push(Case { what: c.what, value: Value::Object(m), expected: c.expected });
            }
        }
        Some("object") => {
            let obj = valid.as_object().unwrap_or_else(|| panic!("{path}: {valid} is not an object"));
            for (name, member) in s["properties"].as_object().into_iter().flatten() {
                let Some(current) = obj.get(name) else { continue };
                let member_path =
                    if path.is_empty() { message_name(name) } else { format!("{path}.{}", message_name(name)) };
                let member_sensitive = member.get("x-aws-sensitive").and_then(Value::as_bool).unwrap_or(false);
                for c in cases(spec, member, current, &member_path, member_sensitive) {
                    let mut o = obj.clone();
                    o.insert(name.clone(), c.value);
                    out.push(Case { what: c.what, value: Value::Object(o), expected: c.expected });
                }
            }
        }
        _ => {}
    }
    out
}

/// Stands for the value of a map in expected violations.
const MAP_SHOWN: &str = "<map>";

/// Runs one case; `None` when the validator reported exactly the expected violations.
fn run(op: &str, body: &Value, params: &BTreeMap<String, Value>, c: &Case) -> Option<String> {
    let mut expected = c.expected.clone();
    match validate_input(op, body, params) {
        Ok(()) => Some(format!("{op}: {} was accepted; expected: {}", c.what, msg(&expected))),
        Err(e) => {
            // How a whole map is shown is not part of the format (see
            // `non_sensitive_maps_are_not_redacted`); only its path and constraint are compared.
            let mut got: Vec<String> = e
                .violations()
                .iter()
                .map(|x| {
                    let as_map = v(MAP_SHOWN, &x.path, &x.constraint);
                    if expected.contains(&as_map) {
                        as_map
                    } else {
                        x.to_string()
                    }
                })
                .collect();
            // Map entries come in hash order; everything else must match in order too.
            let in_order = got == expected;
            got.sort();
            expected.sort();
            if got != expected {
                Some(format!("{op}: {}:\n      got:      {e}\n      expected: {}", c.what, msg(&c.expected)))
            } else if !in_order && !c.what.contains(" with key ") && !c.what.contains(" entries") {
                Some(format!(
                    "{op}: {}: violations out of order:\n      got:      {e}\n      expected: {}",
                    c.what,
                    msg(&c.expected)
                ))
            } else {
                None
            }
        }
    }
}

/// Required body members (the schema's `required` list) cannot be left out of a body; the
/// others can.
#[test]
fn required_body_members_follow_the_spec() {
    let spec = spec();
    let mut failures = Vec::new();
    let mut required_seen = 0;
    for op in operations(&spec) {
        let Some(schema) = &op.body_schema else { continue };
        let schema = resolve(&spec, schema);
        let required: Vec<&str> =
            schema["required"].as_array().into_iter().flatten().map(|r| r.as_str().unwrap()).collect();
        for member in schema["properties"].as_object().unwrap().keys() {
            let mut body = op.body.clone();
            body.as_object_mut().unwrap().remove(member);
            match (required.contains(&member.as_str()), deserialize_input(&op.name, &body)) {
                (true, Err(e)) if e.contains(&format!("missing field `{member}`")) => required_seen += 1,
                (true, r) => failures.push(format!("{}: required {member} may be left out: {r:?}", op.name)),
                (false, Err(e)) => failures.push(format!("{}: optional {member} cannot be left out: {e}", op.name)),
                (false, Ok(())) => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(required_seen > 0, "no required body member found");
}

fn valid_params(op: &Operation) -> BTreeMap<String, Value> {
    op.params.iter().map(|(m, _)| (m.clone(), valid_param(&op.name, m))).collect()
}

#[test]
fn every_parameter_constraint_in_the_spec_is_enforced() {
    let spec = spec();
    let mut failures = Vec::new();
    let mut checked = 0;
    for op in operations(&spec) {
        let params = valid_params(&op);
        if let Err(e) = validate_input(&op.name, &op.body, &params) {
            failures.push(format!("{}: valid parameters rejected: {e}", op.name));
            continue;
        }
        for (member, schema) in &op.params {
            let sensitive = schema.get("x-aws-sensitive").and_then(Value::as_bool).unwrap_or(false);
            for c in cases(&spec, schema, &params[member], &message_name(member), sensitive) {
                let mut p = params.clone();
                p.insert(member.clone(), c.value.clone());
                checked += 1;
                failures.extend(run(&op.name, &op.body, &p, &c));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {checked} parameter cases failed:\n{}", failures.len(), failures.join("\n"));
    assert!(checked > 250, "only {checked} parameter cases");
}

#[test]
fn every_body_constraint_in_the_spec_is_enforced() {
    let spec = spec();
    let mut failures = Vec::new();
    let mut checked = 0;
    for op in operations(&spec) {
        let Some(schema) = &op.body_schema else { continue };
        let params = valid_params(&op);
        if let Err(e) = validate_input(&op.name, &op.body, &params) {
            failures.push(format!("{}: valid body rejected: {e}", op.name));
            continue;
        }
        for c in cases(&spec, schema, &op.body, &op.body_path, false) {
            checked += 1;
            failures.extend(run(&op.name, &c.value, &params, &c));
        }
    }
    assert!(failures.is_empty(), "{} of {checked} body cases failed:\n{}", failures.len(), failures.join("\n"));
    assert!(checked > 300, "only {checked} body cases");
}
