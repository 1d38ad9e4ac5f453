//! Serde round trips of every operation's JSON request and response body.
//!
//! The bodies in `tests/data/bodies/{Operation}.{request,response}.json` were written from the
//! reference's 请求语法 / 响应语法 blocks, with every member present and the placeholders
//! replaced by realistic values. Each body is deserialized into the generated type
//! (`{Op}Input` for requests, `{Op}Output` for responses), serialized back and compared with
//! the original, so a member the generated types lose, rename or reshape shows up as a diff.
//! Request bodies must also pass `validate()` once the path and query members are set.
//!
//! Where a syntax block is damaged, the body follows the repair listed in `spec/ERRATA.md`:
//! blocks split across pages are one object, CreateEventSourceMapping's
//! `" tumblingWindowInSeconds"` is `TumblingWindowInSeconds`, and the layer responses'
//! `CreateDate` is `CreatedDate` (the member lists and the data type spell it so).

use lambda_api::enums::{
    ApplicationLogLevel, Architecture, CapacityProviderPredefinedMetricType, CapacityProviderScalingMode,
    CapacityProviderState, CodeSigningPolicy, DirectS3Read, EndPointType, EventSourceMappingMetric,
    EventSourceMappingSystemLogLevel, EventSourcePosition, EventType, ExecutionStatus, FullDocument,
    FunctionResponseType, FunctionUrlAuthType, FunctionVersion, FunctionVersionLatestPublished, InvocationType,
    InvokeMode, KafkaEventSourceMappingConsumptionMode, KafkaSchemaRegistryAuthType, KafkaSchemaValidationAttribute,
    LastUpdateStatus, LastUpdateStatusReasonCode, LogFormat, LogType, OperationAction, OperationStatus, OperationType,
    PackageType, PropagateTagsMode, ProvisionedConcurrencyStatusEnum, RecursiveLoop, ResponseStreamingInvocationType,
    Runtime, S3ObjectStorageMode, SchemaRegistryEventRecordFormat, SnapStartApplyOn, SnapStartOptimizationStatus,
    SourceAccessType, State, StateReasonCode, SystemLogLevel, TenantIsolationMode, ThrottleReason, TracingMode,
    UpdateRuntimeOn,
};
use lambda_api::operations::*;
use lambda_api::types::{self, InvokeWithResponseStreamResponseEvent};
use lambda_api::{Blob, Timestamp, Validate};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::path::{Path, PathBuf};

const FUNCTION_NAME: &str = "my-function";
const FUNCTION_ARN: &str = "arn:aws:lambda:us-west-2:123456789012:function:my-function";
const CSC_ARN: &str = "arn:aws:lambda:us-west-2:123456789012:code-signing-config:csc-0a1b2c3d4e5f6a7b8";
const REVISION_ID: &str = "4c3a2b1e-8f7d-4e6a-9b5c-0d1e2f3a4b5c";
const ESM_UUID: &str = "14e0db71-5d35-4eb5-b481-8945cf9d10c2";
const DURABLE_EXECUTION_ARN: &str = "arn:aws:lambda:us-west-2:123456789012:function:my-function:$LATEST/durable-execution/order-1042/b1c2d3e4-f5a6-4789-8abc-def012345678";
const CALLBACK_ID: &str = "Y2FsbGJhY2stMDAwMQ==";
const SECRET: &str = "s3cr3t-pa55word";

// ---------------------------------------------------------------------------------------------
// Files and the spec
// ---------------------------------------------------------------------------------------------

fn bodies_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/bodies")
}

fn spec() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/lambda-2015-03-31.openapi.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).expect("spec is JSON")
}

fn load(op: &str, kind: &str) -> Value {
    let path = bodies_dir().join(format!("{op}.{kind}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// `(operation, "request" | "response")` for every body file.
fn body_files() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(bodies_dir()).expect("tests/data/bodies exists") {
        let name = entry.expect("directory entry").file_name().to_string_lossy().into_owned();
        let stem = name.strip_suffix(".json").unwrap_or_else(|| panic!("unexpected file {name} in tests/data/bodies"));
        let (op, kind) =
            stem.rsplit_once('.').unwrap_or_else(|| panic!("{name}: expected {{Operation}}.{{kind}}.json"));
        out.insert((op.to_string(), kind.to_string()));
    }
    out
}

/// Every `(operation, kind)` whose request or success response is a JSON body, with the name
/// of its body schema.
fn json_bodies(spec: &Value) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            if let Some(r) = op.pointer("/requestBody/content/application~1json/schema/$ref").and_then(Value::as_str) {
                out.insert((id.to_string(), "request".to_string()), schema_name(r));
            }
            for (status, resp) in op["responses"].as_object().expect("responses") {
                if !status.starts_with('2') {
                    continue;
                }
                if let Some(r) = resp.pointer("/content/application~1json/schema/$ref").and_then(Value::as_str) {
                    out.insert((id.to_string(), "response".to_string()), schema_name(r));
                }
            }
        }
    }
    out
}

fn schema_name(reference: &str) -> String {
    reference.strip_prefix("#/components/schemas/").expect("local schema ref").to_string()
}

// ---------------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------------

/// Paths where `after` differs from `before`: members lost, added or changed.
fn json_diff(path: &str, before: &Value, after: &Value, out: &mut Vec<String>) {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                match b.get(k) {
                    Some(vb) => json_diff(&format!("{path}.{k}"), va, vb, out),
                    None => out.push(format!("{path}.{k} was lost")),
                }
            }
            for k in b.keys().filter(|k| !a.contains_key(*k)) {
                out.push(format!("{path}.{k} was added: {}", b[k]));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (va, vb)) in a.iter().zip(b).enumerate() {
                json_diff(&format!("{path}[{i}]"), va, vb, out);
            }
        }
        _ if before == after => {}
        _ => out.push(format!("{path}: {before} became {after}")),
    }
}

/// Deserializes `body` into `T`, serializes it back and checks that nothing changed.
fn round_trip<T: DeserializeOwned + Serialize>(what: &str, body: &Value) -> Result<T, String> {
    let typed: T = serde_json::from_value(body.clone()).map_err(|e| format!("{what}: does not deserialize: {e}"))?;
    let back = serde_json::to_value(&typed).map_err(|e| format!("{what}: does not serialize: {e}"))?;
    let mut diff = Vec::new();
    json_diff("$", body, &back, &mut diff);
    if diff.is_empty() {
        Ok(typed)
    } else {
        Err(format!("{what}: round trip changed the body:\n    {}", diff.join("\n    ")))
    }
}

/// A request body: round trip, then the input with its path/query members set must validate,
/// and setting them must not change the JSON body (they are not body members).
fn request<T>(op: &str, body: &Value, set_params: impl FnOnce(&mut T)) -> Result<(), String>
where
    T: DeserializeOwned + Serialize + Validate + Debug,
{
    let what = format!("{op} request");
    let mut input: T = round_trip(&what, body)?;
    set_params(&mut input);
    let again = serde_json::to_value(&input).map_err(|e| format!("{what}: {e}"))?;
    if &again != body {
        return Err(format!("{what}: path/query members leaked into the JSON body: {again}"));
    }
    input.validate().map_err(|e| format!("{what}: valid body rejected: {e}"))
}

/// A request whose JSON body is one structure member of the input (`x-aws-payload`): the body
/// round-trips as that structure, and the input carrying it validates and sends exactly that
/// body.
fn payload_request<T>(op: &str, body: &Value, input_with: impl FnOnce(types::ErrorObject) -> T) -> Result<(), String>
where
    T: lambda_rt::binding::HttpInput + Validate + Debug,
{
    let what = format!("{op} request");
    let input = input_with(round_trip(&what, body)?);
    input.validate().map_err(|e| format!("{what}: valid body rejected: {e}"))?;
    let http = input.to_http().map_err(|e| format!("{what}: {e:?}"))?;
    let sent: Value = serde_json::from_slice(&http.body).map_err(|e| format!("{what}: body is not JSON: {e}"))?;
    if &sent != body {
        return Err(format!("{what}: sent {sent} instead of the payload {body}"));
    }
    Ok(())
}

fn response<T: DeserializeOwned + Serialize>(op: &str, body: &Value) -> Result<(), String> {
    round_trip::<T>(&format!("{op} response"), body).map(|_| ())
}

/// Round-trips one request body file; `None` for an operation this test does not know.
fn check_request(op: &str, v: &Value) -> Option<Result<(), String>> {
    use add_layer_version_permission::AddLayerVersionPermissionInput;
    use add_permission::AddPermissionInput;
    use checkpoint_durable_execution::CheckpointDurableExecutionInput;
    use create_alias::CreateAliasInput;
    use create_capacity_provider::CreateCapacityProviderInput;
    use create_code_signing_config::CreateCodeSigningConfigInput;
    use create_event_source_mapping::CreateEventSourceMappingInput;
    use create_function::CreateFunctionInput;
    use create_function_url_config::CreateFunctionUrlConfigInput;
    use pause_durable_execution::PauseDurableExecutionInput;
    use publish_layer_version::PublishLayerVersionInput;
    use publish_version::PublishVersionInput;
    use put_function_code_signing_config::PutFunctionCodeSigningConfigInput;
    use put_function_concurrency::PutFunctionConcurrencyInput;
    use put_function_event_invoke_config::PutFunctionEventInvokeConfigInput;
    use put_function_recursion_config::PutFunctionRecursionConfigInput;
    use put_function_scaling_config::PutFunctionScalingConfigInput;
    use put_provisioned_concurrency_config::PutProvisionedConcurrencyConfigInput;
    use put_resource_policy::PutResourcePolicyInput;
    use put_runtime_management_config::PutRuntimeManagementConfigInput;
    use resume_durable_execution::ResumeDurableExecutionInput;
    use send_durable_execution_callback_failure::SendDurableExecutionCallbackFailureInput;
    use stop_durable_execution::StopDurableExecutionInput;
    use tag_resource::TagResourceInput;
    use update_alias::UpdateAliasInput;
    use update_capacity_provider::UpdateCapacityProviderInput;
    use update_code_signing_config::UpdateCodeSigningConfigInput;
    use update_event_source_mapping::UpdateEventSourceMappingInput;
    use update_function_code::UpdateFunctionCodeInput;
    use update_function_configuration::UpdateFunctionConfigurationInput;
    use update_function_event_invoke_config::UpdateFunctionEventInvokeConfigInput;
    use update_function_url_config::UpdateFunctionUrlConfigInput;

    let fname = || FUNCTION_NAME.to_string();
    Some(match op {
        "AddLayerVersionPermission" => request(op, v, |i: &mut AddLayerVersionPermissionInput| {
            i.layer_name = "image-libs".into();
            i.version_number = 3;
            i.revision_id = Some(REVISION_ID.into());
        }),
        "AddPermission" => request(op, v, |i: &mut AddPermissionInput| {
            i.function_name = fname();
            i.qualifier = Some("live".into());
        }),
        "CheckpointDurableExecution" => request(op, v, |i: &mut CheckpointDurableExecutionInput| {
            i.durable_execution_arn = DURABLE_EXECUTION_ARN.into()
        }),
        "CreateAlias" => request(op, v, |i: &mut CreateAliasInput| i.function_name = fname()),
        "CreateCapacityProvider" => request(op, v, |_: &mut CreateCapacityProviderInput| {}),
        "CreateCodeSigningConfig" => request(op, v, |_: &mut CreateCodeSigningConfigInput| {}),
        "CreateEventSourceMapping" => request(op, v, |_: &mut CreateEventSourceMappingInput| {}),
        "CreateFunction" => request(op, v, |_: &mut CreateFunctionInput| {}),
        "CreateFunctionUrlConfig" => request(op, v, |i: &mut CreateFunctionUrlConfigInput| {
            i.function_name = fname();
            i.qualifier = Some("live".into());
        }),
        "PauseDurableExecution" => {
            request(op, v, |i: &mut PauseDurableExecutionInput| i.durable_execution_arn = DURABLE_EXECUTION_ARN.into())
        }
        "PublishLayerVersion" => request(op, v, |i: &mut PublishLayerVersionInput| i.layer_name = "image-libs".into()),
        "PublishVersion" => request(op, v, |i: &mut PublishVersionInput| i.function_name = fname()),
        "PutFunctionCodeSigningConfig" => {
            request(op, v, |i: &mut PutFunctionCodeSigningConfigInput| i.function_name = fname())
        }
        "PutFunctionConcurrency" => request(op, v, |i: &mut PutFunctionConcurrencyInput| i.function_name = fname()),
        "PutFunctionEventInvokeConfig" => request(op, v, |i: &mut PutFunctionEventInvokeConfigInput| {
            i.function_name = fname();
            i.qualifier = Some("$LATEST".into());
        }),
        "PutFunctionRecursionConfig" => {
            request(op, v, |i: &mut PutFunctionRecursionConfigInput| i.function_name = fname())
        }
        "PutFunctionScalingConfig" => request(op, v, |i: &mut PutFunctionScalingConfigInput| {
            i.function_name = fname();
            i.qualifier = "$LATEST.PUBLISHED".into();
        }),
        "PutProvisionedConcurrencyConfig" => request(op, v, |i: &mut PutProvisionedConcurrencyConfigInput| {
            i.function_name = fname();
            i.qualifier = "live".into();
        }),
        "PutRuntimeManagementConfig" => request(op, v, |i: &mut PutRuntimeManagementConfigInput| {
            i.function_name = fname();
            i.qualifier = Some("1".into());
        }),
        "PutResourcePolicy" => request(op, v, |i: &mut PutResourcePolicyInput| i.resource_arn = FUNCTION_ARN.into()),
        "ResumeDurableExecution" => {
            request(op, v, |i: &mut ResumeDurableExecutionInput| i.durable_execution_arn = DURABLE_EXECUTION_ARN.into())
        }
        "SendDurableExecutionCallbackFailure" => payload_request(op, v, |error| {
            let mut i = SendDurableExecutionCallbackFailureInput::default();
            i.callback_id = CALLBACK_ID.into();
            i.error = Some(error);
            i
        }),
        "StopDurableExecution" => payload_request(op, v, |error| {
            let mut i = StopDurableExecutionInput::default();
            i.durable_execution_arn = DURABLE_EXECUTION_ARN.into();
            i.error = Some(error);
            i
        }),
        "TagResource" => request(op, v, |i: &mut TagResourceInput| i.resource = FUNCTION_ARN.into()),
        "UpdateAlias" => request(op, v, |i: &mut UpdateAliasInput| {
            i.function_name = fname();
            i.name = "live".into();
        }),
        "UpdateCapacityProvider" => {
            request(op, v, |i: &mut UpdateCapacityProviderInput| i.capacity_provider_name = "batch-capacity".into())
        }
        "UpdateCodeSigningConfig" => {
            request(op, v, |i: &mut UpdateCodeSigningConfigInput| i.code_signing_config_arn = CSC_ARN.into())
        }
        "UpdateEventSourceMapping" => request(op, v, |i: &mut UpdateEventSourceMappingInput| i.uuid = ESM_UUID.into()),
        "UpdateFunctionCode" => request(op, v, |i: &mut UpdateFunctionCodeInput| i.function_name = fname()),
        "UpdateFunctionConfiguration" => {
            request(op, v, |i: &mut UpdateFunctionConfigurationInput| i.function_name = fname())
        }
        "UpdateFunctionEventInvokeConfig" => request(op, v, |i: &mut UpdateFunctionEventInvokeConfigInput| {
            i.function_name = fname();
            i.qualifier = Some("$LATEST".into());
        }),
        "UpdateFunctionUrlConfig" => request(op, v, |i: &mut UpdateFunctionUrlConfigInput| {
            i.function_name = fname();
            i.qualifier = Some("live".into());
        }),
        _ => return None,
    })
}

/// Round-trips one response body file; `None` for an operation this test does not know.
fn check_response(op: &str, v: &Value) -> Option<Result<(), String>> {
    Some(match op {
        "AddLayerVersionPermission" => response::<add_layer_version_permission::AddLayerVersionPermissionOutput>(op, v),
        "AddPermission" => response::<add_permission::AddPermissionOutput>(op, v),
        "CheckpointDurableExecution" => {
            response::<checkpoint_durable_execution::CheckpointDurableExecutionOutput>(op, v)
        }
        "CreateAlias" => response::<create_alias::CreateAliasOutput>(op, v),
        "CreateCapacityProvider" => response::<create_capacity_provider::CreateCapacityProviderOutput>(op, v),
        "CreateCodeSigningConfig" => response::<create_code_signing_config::CreateCodeSigningConfigOutput>(op, v),
        "CreateEventSourceMapping" => response::<create_event_source_mapping::CreateEventSourceMappingOutput>(op, v),
        "CreateFunction" => response::<create_function::CreateFunctionOutput>(op, v),
        "CreateFunctionUrlConfig" => response::<create_function_url_config::CreateFunctionUrlConfigOutput>(op, v),
        "DeleteCapacityProvider" => response::<delete_capacity_provider::DeleteCapacityProviderOutput>(op, v),
        "DeleteDurableExecution" => response::<delete_durable_execution::DeleteDurableExecutionOutput>(op, v),
        "DeleteEventSourceMapping" => response::<delete_event_source_mapping::DeleteEventSourceMappingOutput>(op, v),
        "GetAccountSettings" => response::<get_account_settings::GetAccountSettingsOutput>(op, v),
        "GetAlias" => response::<get_alias::GetAliasOutput>(op, v),
        "GetCapacityProvider" => response::<get_capacity_provider::GetCapacityProviderOutput>(op, v),
        "GetCodeSigningConfig" => response::<get_code_signing_config::GetCodeSigningConfigOutput>(op, v),
        "GetDurableExecution" => response::<get_durable_execution::GetDurableExecutionOutput>(op, v),
        "GetDurableExecutionHistory" => {
            response::<get_durable_execution_history::GetDurableExecutionHistoryOutput>(op, v)
        }
        "GetDurableExecutionState" => response::<get_durable_execution_state::GetDurableExecutionStateOutput>(op, v),
        "GetEventSourceMapping" => response::<get_event_source_mapping::GetEventSourceMappingOutput>(op, v),
        "GetFunction" => response::<get_function::GetFunctionOutput>(op, v),
        "GetFunctionCodeSigningConfig" => {
            response::<get_function_code_signing_config::GetFunctionCodeSigningConfigOutput>(op, v)
        }
        "GetFunctionConcurrency" => response::<get_function_concurrency::GetFunctionConcurrencyOutput>(op, v),
        "GetFunctionConfiguration" => response::<get_function_configuration::GetFunctionConfigurationOutput>(op, v),
        "GetFunctionEventInvokeConfig" => {
            response::<get_function_event_invoke_config::GetFunctionEventInvokeConfigOutput>(op, v)
        }
        "GetFunctionRecursionConfig" => {
            response::<get_function_recursion_config::GetFunctionRecursionConfigOutput>(op, v)
        }
        "GetFunctionScalingConfig" => response::<get_function_scaling_config::GetFunctionScalingConfigOutput>(op, v),
        "GetFunctionUrlConfig" => response::<get_function_url_config::GetFunctionUrlConfigOutput>(op, v),
        "GetLayerVersion" => response::<get_layer_version::GetLayerVersionOutput>(op, v),
        "GetLayerVersionByArn" => response::<get_layer_version_by_arn::GetLayerVersionByArnOutput>(op, v),
        "GetLayerVersionPolicy" => response::<get_layer_version_policy::GetLayerVersionPolicyOutput>(op, v),
        "GetPolicy" => response::<get_policy::GetPolicyOutput>(op, v),
        "GetProvisionedConcurrencyConfig" => {
            response::<get_provisioned_concurrency_config::GetProvisionedConcurrencyConfigOutput>(op, v)
        }
        "GetResourcePolicy" => response::<get_resource_policy::GetResourcePolicyOutput>(op, v),
        "GetRuntimeManagementConfig" => {
            response::<get_runtime_management_config::GetRuntimeManagementConfigOutput>(op, v)
        }
        "ListAliases" => response::<list_aliases::ListAliasesOutput>(op, v),
        "ListCapacityProviders" => response::<list_capacity_providers::ListCapacityProvidersOutput>(op, v),
        "ListDurableExecutionsByFunction" => {
            response::<list_durable_executions_by_function::ListDurableExecutionsByFunctionOutput>(op, v)
        }
        "ListCodeSigningConfigs" => response::<list_code_signing_configs::ListCodeSigningConfigsOutput>(op, v),
        "ListEventSourceMappings" => response::<list_event_source_mappings::ListEventSourceMappingsOutput>(op, v),
        "ListFunctionEventInvokeConfigs" => {
            response::<list_function_event_invoke_configs::ListFunctionEventInvokeConfigsOutput>(op, v)
        }
        "ListFunctionUrlConfigs" => response::<list_function_url_configs::ListFunctionUrlConfigsOutput>(op, v),
        "ListFunctionVersionsByCapacityProvider" => {
            response::<list_function_versions_by_capacity_provider::ListFunctionVersionsByCapacityProviderOutput>(op, v)
        }
        "ListFunctions" => response::<list_functions::ListFunctionsOutput>(op, v),
        "ListFunctionsByCodeSigningConfig" => {
            response::<list_functions_by_code_signing_config::ListFunctionsByCodeSigningConfigOutput>(op, v)
        }
        "ListLayerVersions" => response::<list_layer_versions::ListLayerVersionsOutput>(op, v),
        "ListLayers" => response::<list_layers::ListLayersOutput>(op, v),
        "ListProvisionedConcurrencyConfigs" => {
            response::<list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigsOutput>(op, v)
        }
        "ListTags" => response::<list_tags::ListTagsOutput>(op, v),
        "ListVersionsByFunction" => response::<list_versions_by_function::ListVersionsByFunctionOutput>(op, v),
        "PublishLayerVersion" => response::<publish_layer_version::PublishLayerVersionOutput>(op, v),
        "PublishVersion" => response::<publish_version::PublishVersionOutput>(op, v),
        "PutFunctionCodeSigningConfig" => {
            response::<put_function_code_signing_config::PutFunctionCodeSigningConfigOutput>(op, v)
        }
        "PutFunctionConcurrency" => response::<put_function_concurrency::PutFunctionConcurrencyOutput>(op, v),
        "PutFunctionEventInvokeConfig" => {
            response::<put_function_event_invoke_config::PutFunctionEventInvokeConfigOutput>(op, v)
        }
        "PutFunctionRecursionConfig" => {
            response::<put_function_recursion_config::PutFunctionRecursionConfigOutput>(op, v)
        }
        "PutFunctionScalingConfig" => response::<put_function_scaling_config::PutFunctionScalingConfigOutput>(op, v),
        "PutProvisionedConcurrencyConfig" => {
            response::<put_provisioned_concurrency_config::PutProvisionedConcurrencyConfigOutput>(op, v)
        }
        "PutResourcePolicy" => response::<put_resource_policy::PutResourcePolicyOutput>(op, v),
        "PutRuntimeManagementConfig" => {
            response::<put_runtime_management_config::PutRuntimeManagementConfigOutput>(op, v)
        }
        "StopDurableExecution" => response::<stop_durable_execution::StopDurableExecutionOutput>(op, v),
        "UpdateAlias" => response::<update_alias::UpdateAliasOutput>(op, v),
        "UpdateCapacityProvider" => response::<update_capacity_provider::UpdateCapacityProviderOutput>(op, v),
        "UpdateCodeSigningConfig" => response::<update_code_signing_config::UpdateCodeSigningConfigOutput>(op, v),
        "UpdateEventSourceMapping" => response::<update_event_source_mapping::UpdateEventSourceMappingOutput>(op, v),
        "UpdateFunctionCode" => response::<update_function_code::UpdateFunctionCodeOutput>(op, v),
        "UpdateFunctionConfiguration" => {
            response::<update_function_configuration::UpdateFunctionConfigurationOutput>(op, v)
        }
        "UpdateFunctionEventInvokeConfig" => {
            response::<update_function_event_invoke_config::UpdateFunctionEventInvokeConfigOutput>(op, v)
        }
        "UpdateFunctionUrlConfig" => response::<update_function_url_config::UpdateFunctionUrlConfigOutput>(op, v),
        _ => return None,
    })
}

fn spec_count(kind: &str) -> usize {
    json_bodies(&spec()).keys().filter(|(_, k)| k == kind).count()
}

fn check_all(kind: &str, check: fn(&str, &Value) -> Option<Result<(), String>>) -> usize {
    let mut failures = Vec::new();
    let mut n = 0;
    for (op, k) in body_files().into_iter().filter(|(_, k)| k == kind) {
        match check(&op, &load(&op, &k)) {
            Some(Ok(())) => n += 1,
            Some(Err(e)) => failures.push(e),
            None => failures.push(format!("{op}.{k}.json: no {kind} type is wired up for {op} in wire_bodies.rs")),
        }
    }
    assert!(failures.is_empty(), "{} {kind} bodies failed:\n{}", failures.len(), failures.join("\n"));
    n
}

// ---------------------------------------------------------------------------------------------
// Coverage: every operation, every member, every data type
// ---------------------------------------------------------------------------------------------

#[test]
fn every_json_body_in_the_spec_has_a_file_and_every_file_a_body() {
    let spec = spec();
    let expected: BTreeSet<_> = json_bodies(&spec).into_keys().collect();
    let files = body_files();
    let missing: Vec<_> = expected.difference(&files).map(|(o, k)| format!("{o}.{k}.json")).collect();
    let stray: Vec<_> = files.difference(&expected).map(|(o, k)| format!("{o}.{k}.json")).collect();
    assert!(missing.is_empty(), "operations with a JSON body but no file in tests/data/bodies: {missing:?}");
    assert!(stray.is_empty(), "files in tests/data/bodies that match no JSON body of the spec: {stray:?}");
}

#[test]
fn request_bodies_round_trip_and_validate() {
    // 32 operations of AWS's model have a JSON request body (22 of the reference's 66).
    assert_eq!(check_all("request", check_request), spec_count("request"));
}

#[test]
fn response_bodies_round_trip() {
    // 69 operations of AWS's model have a JSON response body (50 of the reference's 66).
    assert_eq!(check_all("response", check_response), spec_count("response"));
}

/// Follows a schema through `$ref`s; `None` for a named enum.
fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> Option<&'a Value> {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let target = &spec["components"]["schemas"][schema_name(r)];
            if target.get("enum").is_some() {
                None
            } else {
                resolve(spec, target)
            }
        }
        None => Some(schema),
    }
}

/// Records every spec member that `value` leaves out, and every list or map left empty.
fn missing_members(spec: &Value, schema: &Value, value: &Value, path: &str, out: &mut Vec<String>) {
    let Some(schema) = resolve(spec, schema) else {
        return;
    };
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (name, prop) in props {
            match value.get(name) {
                Some(v) => missing_members(spec, prop, v, &format!("{path}.{name}"), out),
                None => out.push(format!("{path}.{name}")),
            }
        }
    } else if let Some(items) = schema.get("items") {
        match value.as_array() {
            Some(a) if !a.is_empty() => {
                a.iter().enumerate().for_each(|(i, v)| missing_members(spec, items, v, &format!("{path}[{i}]"), out))
            }
            _ => out.push(format!("{path}[] (empty list)")),
        }
    } else if let Some(values) = schema.get("additionalProperties") {
        match value.as_object() {
            Some(m) if !m.is_empty() => {
                m.iter().for_each(|(k, v)| missing_members(spec, values, v, &format!("{path}.{k}"), out))
            }
            _ => out.push(format!("{path}{{}} (empty map)")),
        }
    }
}

#[test]
fn every_body_file_has_every_member() {
    let spec = spec();
    let mut missing = Vec::new();
    for ((op, kind), schema) in json_bodies(&spec) {
        let body = load(&op, &kind);
        missing_members(
            &spec,
            &json!({ "$ref": format!("#/components/schemas/{schema}") }),
            &body,
            &format!("{op}.{kind}"),
            &mut missing,
        );
    }
    assert!(missing.is_empty(), "members missing from the body files:\n{}", missing.join("\n"));
}

fn referenced(spec: &Value, v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                let name = schema_name(r);
                if out.insert(name.clone()) {
                    referenced(spec, &spec["components"]["schemas"][&name], out);
                }
            }
            m.values().for_each(|x| referenced(spec, x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| referenced(spec, x, out)),
        _ => {}
    }
}

#[test]
fn the_bodies_cover_every_data_type() {
    let spec = spec();
    let bodies = json_bodies(&spec);
    let shapes: BTreeSet<String> = bodies.values().cloned().collect();
    let mut reached = BTreeSet::new();
    for shape in &shapes {
        referenced(&spec, &spec["components"]["schemas"][shape], &mut reached);
    }
    // The event stream's union and its events are covered by `event_stream_events_round_trip`.
    referenced(&spec, &json!({ "$ref": "#/components/schemas/InvokeWithResponseStreamResponseEvent" }), &mut reached);
    let schemas = spec["components"]["schemas"].as_object().expect("schemas");
    let data_types: Vec<&String> = schemas
        .iter()
        .filter(|(name, s)| s.get("enum").is_none() && s.get("x-aws-error").is_none() && !shapes.contains(*name))
        .map(|(name, _)| name)
        .collect();
    // AWS's model has 126 data types (the reference's data type chapter listed 53).
    assert_eq!(data_types.len(), 126, "{data_types:?}");
    let unreached: Vec<_> = data_types.into_iter().filter(|n| !reached.contains(*n)).collect();
    assert!(unreached.is_empty(), "data types no body file reaches: {unreached:?}");
}

// ---------------------------------------------------------------------------------------------
// Values of particular members
// ---------------------------------------------------------------------------------------------

fn typed<T: DeserializeOwned>(op: &str, kind: &str) -> T {
    serde_json::from_value(load(op, kind)).unwrap_or_else(|e| panic!("{op}.{kind}.json: {e}"))
}

#[test]
fn create_function_request_values() {
    let i: create_function::CreateFunctionInput = typed("CreateFunction", "request");
    assert_eq!(i.function_name, "my-function");
    assert_eq!(i.role, "arn:aws:iam::123456789012:role/lambda-execution-role");
    assert_eq!(i.runtime, Some(Runtime::Nodejs20X));
    assert_eq!(i.package_type, Some(PackageType::Zip));
    assert_eq!(i.architectures, Some(vec![Architecture::Arm64]));
    assert_eq!(i.memory_size, Some(512));
    assert_eq!(i.timeout, Some(30));
    assert_eq!(i.publish, Some(true));
    // The blob arrives base64-decoded: a zip archive's local file header.
    let zip = i.code.zip_file.as_ref().expect("ZipFile");
    assert!(zip.as_bytes().starts_with(b"PK\x03\x04"), "{:?}", zip.as_bytes());
    assert_eq!(zip.as_bytes().len(), 26);
    assert_eq!(i.code.s3_bucket.as_deref(), Some("my-deployment-bucket"));
    let vars = i.environment.as_ref().and_then(|e| e.variables.as_ref()).expect("Variables");
    assert_eq!(vars.get("DB_PASSWORD").map(String::as_str), Some(SECRET));
    assert_eq!(i.ephemeral_storage.as_ref().map(|e| e.size), Some(1024));
    let fs = i.file_system_configs.as_ref().expect("FileSystemConfigs");
    assert_eq!(fs[0].local_mount_path, "/mnt/efs");
    let vpc = i.vpc_config.as_ref().expect("VpcConfig");
    assert_eq!(vpc.subnet_ids.as_ref().map(Vec::len), Some(2));
    assert_eq!(vpc.ipv6_allowed_for_dual_stack, Some(false));
    let logging = i.logging_config.as_ref().expect("LoggingConfig");
    assert_eq!(logging.application_log_level, Some(ApplicationLogLevel::Info));
    assert_eq!(logging.log_format, Some(LogFormat::Json));
    assert_eq!(logging.system_log_level, Some(SystemLogLevel::Warn));
    assert_eq!(i.snap_start.as_ref().and_then(|s| s.apply_on.clone()), Some(SnapStartApplyOn::PublishedVersions));
    assert_eq!(i.tracing_config.as_ref().and_then(|t| t.mode.clone()), Some(TracingMode::Active));
    assert_eq!(i.tags.as_ref().and_then(|t| t.get("team")).map(String::as_str), Some("media"));
    // The JSON keeps the wire names, not the Rust field names.
    let back = serde_json::to_value(&i).expect("serializes");
    assert_eq!(back["KMSKeyArn"], json!("arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
    assert_eq!(back["Code"]["ZipFile"], json!("UEsDBBQAAAAIAAAAIQBteXNlY3JldGNvZGU="));
    assert!(back.get("kms_key_arn").is_none() && back.get("KmsKeyArn").is_none());
}

#[test]
fn function_configuration_response_values() {
    let o: get_function::GetFunctionOutput = typed("GetFunction", "response");
    let c = o.configuration.as_ref().expect("Configuration");
    assert_eq!(c.function_arn.as_deref(), Some(FUNCTION_ARN));
    assert_eq!(c.state, Some(State::Active));
    assert_eq!(c.state_reason_code, Some(StateReasonCode::Idle));
    assert_eq!(c.last_update_status, Some(LastUpdateStatus::Failed));
    assert_eq!(c.last_update_status_reason_code, Some(LastUpdateStatusReasonCode::InsufficientRolePermissions));
    assert_eq!(c.code_size, Some(5_797_206));
    assert_eq!(c.version.as_deref(), Some("1"));
    assert_eq!(
        c.snap_start.as_ref().and_then(|s| s.optimization_status.clone()),
        Some(SnapStartOptimizationStatus::On)
    );
    assert_eq!(c.vpc_config.as_ref().and_then(|v| v.vpc_id.as_deref()), Some("vpc-0123456789abcdef0"));
    assert_eq!(c.layers.as_ref().map(|l| l[0].code_size), Some(Some(169)));
    let env = c.environment.as_ref().expect("Environment");
    assert_eq!(env.error.as_ref().and_then(|e| e.error_code.as_deref()), Some("KMSAccessDeniedException"));
    let image = c.image_config_response.as_ref().expect("ImageConfigResponse");
    assert_eq!(image.image_config.as_ref().and_then(|i| i.working_directory.as_deref()), Some("/var/task"));
    assert_eq!(
        c.runtime_version_config.as_ref().and_then(|r| r.error.as_ref()).and_then(|e| e.error_code.as_deref()),
        Some("RuntimeVersionNotFound")
    );
    assert_eq!(o.concurrency.as_ref().and_then(|c| c.reserved_concurrent_executions), Some(100));
    assert_eq!(o.code.as_ref().and_then(|c| c.repository_type.as_deref()), Some("S3"));
    // A configuration the service returns satisfies the data type's own constraints.
    c.validate().expect("the sample FunctionConfiguration is valid");

    let list: list_functions::ListFunctionsOutput = typed("ListFunctions", "response");
    for f in list.functions.as_deref().expect("Functions") {
        f.validate().expect("listed configurations are valid");
    }
}

#[test]
fn event_source_mapping_values() {
    let o: create_event_source_mapping::CreateEventSourceMappingOutput = typed("CreateEventSourceMapping", "response");
    // Timestamps are epoch seconds, fractions kept.
    assert_eq!(o.last_modified, Some(Timestamp::from_epoch_seconds(1_709_294_096.123)));
    assert_eq!(o.starting_position_timestamp.map(Timestamp::epoch_seconds), Some(1_709_251_200.0));
    assert_eq!(o.starting_position, Some(EventSourcePosition::AtTimestamp));
    assert_eq!(o.function_response_types, Some(vec![FunctionResponseType::ReportBatchItemFailures]));
    let endpoints = o.self_managed_event_source.as_ref().and_then(|s| s.endpoints.as_ref()).expect("Endpoints");
    assert_eq!(endpoints[&EndPointType::KafkaBootstrapServers].len(), 2);
    let access = o.source_access_configurations.as_ref().expect("SourceAccessConfigurations");
    assert_eq!(access[0].r#type, Some(SourceAccessType::SaslScram512Auth));
    assert_eq!(
        o.document_db_event_source_config.as_ref().and_then(|d| d.full_document.clone()),
        Some(FullDocument::UpdateLookup)
    );
    assert_eq!(o.uuid.as_deref(), Some(ESM_UUID));
    // A whole-second timestamp goes back out as an integer, a fractional one as a float.
    let back = serde_json::to_value(&o).expect("serializes");
    assert_eq!(back["StartingPositionTimestamp"], json!(1_709_251_200));
    assert_eq!(back["LastModified"], json!(1_709_294_096.123));

    let i: create_event_source_mapping::CreateEventSourceMappingInput = typed("CreateEventSourceMapping", "request");
    assert_eq!(i.enabled, Some(true));
    assert_eq!(i.batch_size, Some(100));
    assert_eq!(i.maximum_record_age_in_seconds, Some(3600));
    assert_eq!(i.topics.as_deref(), Some(&["orders".to_string()][..]));

    let list: list_event_source_mappings::ListEventSourceMappingsOutput = typed("ListEventSourceMappings", "response");
    let m = &list.event_source_mappings.as_deref().expect("EventSourceMappings")[0];
    assert_eq!(m.state.as_deref(), Some("Enabled"));
    m.validate().expect("the listed mapping is valid");
}

#[test]
fn alias_routing_weights_are_doubles() {
    let o: get_alias::GetAliasOutput = typed("GetAlias", "response");
    let weights = o.routing_config.as_ref().and_then(|r| r.additional_version_weights.as_ref()).expect("weights");
    assert_eq!(weights.get("4"), Some(&0.25));
    assert_eq!(
        serde_json::to_value(&o).expect("serializes")["RoutingConfig"]["AdditionalVersionWeights"]["4"],
        json!(0.25)
    );
    let list: list_aliases::ListAliasesOutput = typed("ListAliases", "response");
    let alias = &list.aliases.as_deref().expect("Aliases")[0];
    assert_eq!(alias.alias_arn.as_deref(), Some("arn:aws:lambda:us-west-2:123456789012:function:my-function:live"));
    alias.validate().expect("the listed alias is valid");
}

#[test]
fn layer_and_account_values() {
    let o: get_layer_version::GetLayerVersionOutput = typed("GetLayerVersion", "response");
    assert_eq!(o.version, Some(3));
    assert_eq!(o.created_date.as_deref(), Some("2024-03-01T12:34:56.789+0000"));
    assert_eq!(o.compatible_runtimes, Some(vec![Runtime::Python312, Runtime::Python311]));
    assert_eq!(o.compatible_architectures, Some(vec![Architecture::X8664, Architecture::Arm64]));
    assert_eq!(o.content.as_ref().and_then(|c| c.code_size), Some(169));

    let p: publish_layer_version::PublishLayerVersionInput = typed("PublishLayerVersion", "request");
    assert!(p.content.zip_file.as_ref().is_some_and(|z| z.as_bytes().starts_with(b"PK")));

    // Account limits are longs: 75 GB of code storage does not fit in 32 bits.
    let a: get_account_settings::GetAccountSettingsOutput = typed("GetAccountSettings", "response");
    assert_eq!(a.account_limit.as_ref().and_then(|l| l.total_code_size), Some(80_530_636_800));
    assert_eq!(a.account_usage.as_ref().and_then(|u| u.function_count), Some(42));

    let pc: put_provisioned_concurrency_config::PutProvisionedConcurrencyConfigOutput =
        typed("PutProvisionedConcurrencyConfig", "response");
    assert_eq!(pc.status, Some(ProvisionedConcurrencyStatusEnum::InProgress));

    let url: get_function_url_config::GetFunctionUrlConfigOutput = typed("GetFunctionUrlConfig", "response");
    assert_eq!(url.auth_type, FunctionUrlAuthType::AwsIam);
    assert_eq!(url.invoke_mode, Some(InvokeMode::Buffered));
    assert_eq!(url.cors.as_ref().and_then(|c| c.max_age), Some(3600));

    let rt: get_runtime_management_config::GetRuntimeManagementConfigOutput =
        typed("GetRuntimeManagementConfig", "response");
    assert_eq!(rt.update_runtime_on, Some(UpdateRuntimeOn::Manual));

    let csc: get_code_signing_config::GetCodeSigningConfigOutput = typed("GetCodeSigningConfig", "response");
    let csc = csc.code_signing_config;
    assert_eq!(csc.code_signing_config_arn, CSC_ARN);
    assert_eq!(csc.code_signing_policies.untrusted_artifact_on_deployment, Some(CodeSigningPolicy::Enforce));
    csc.validate().expect("the sample code signing config is valid");
}

#[test]
fn absent_members_are_omitted_not_null() {
    // Only the required members: nothing else appears on the wire.
    let body = json!({
        "Code": { "S3Bucket": "my-deployment-bucket", "S3Key": "functions/my-function.zip" },
        "FunctionName": "my-function",
        "Role": "arn:aws:iam::123456789012:role/lambda-execution-role"
    });
    let i: create_function::CreateFunctionInput = round_trip("minimal CreateFunction", &body).unwrap();
    assert_eq!(i.runtime, None);
    i.validate().unwrap();
    assert_eq!(serde_json::to_value(get_function::GetFunctionOutput::default()).unwrap(), json!({}));
    assert_eq!(serde_json::to_value(update_alias::UpdateAliasInput::default()).unwrap(), json!({}));
    // An explicit null reads as absent.
    let o: get_alias::GetAliasOutput = serde_json::from_value(json!({ "Name": "live", "Description": null })).unwrap();
    assert_eq!(o.description, None);
}

#[test]
fn required_body_members_must_be_present() {
    let err = serde_json::from_value::<create_function::CreateFunctionInput>(json!({
        "Code": {}, "FunctionName": "my-function"
    }))
    .unwrap_err();
    assert!(err.to_string().contains("missing field `Role`"), "{err}");
    // Members of nested data types too.
    let err = serde_json::from_value::<types::FileSystemConfig>(json!({ "Arn": "x" })).unwrap_err();
    assert!(err.to_string().contains("missing field `LocalMountPath`"), "{err}");
}

#[test]
fn blobs_must_be_base64() {
    let err = serde_json::from_value::<types::FunctionCode>(json!({ "ZipFile": "not base64!" })).unwrap_err();
    assert!(err.to_string().contains("invalid base64"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_enum_values_are_kept() {
    // A runtime newer than the spec.
    let r: Runtime = serde_json::from_value(json!("nodejs99.x")).unwrap();
    assert_eq!(r, Runtime::Unknown("nodejs99.x".to_string()));
    assert!(!r.is_known());
    assert_eq!(r.as_str(), "nodejs99.x");
    assert_eq!(serde_json::to_value(&r).unwrap(), json!("nodejs99.x"));

    // Inside whole bodies, in members, lists and map keys: the body is unchanged.
    let mut body = load("CreateFunction", "request");
    body["Runtime"] = json!("nodejs99.x");
    body["Architectures"] = json!(["riscv64"]);
    body["PackageType"] = json!("Tar");
    let i: create_function::CreateFunctionInput = round_trip("CreateFunction with new enum values", &body).unwrap();
    assert_eq!(i.runtime, Some(Runtime::Unknown("nodejs99.x".into())));
    assert_eq!(i.architectures, Some(vec![Architecture::Unknown("riscv64".into())]));
    assert_eq!(i.package_type, Some(PackageType::Unknown("Tar".into())));

    let mut body = load("GetFunctionConfiguration", "response");
    body["Runtime"] = json!("nodejs99.x");
    body["State"] = json!("Hibernating");
    body["LastUpdateStatusReasonCode"] = json!("SomethingNew");
    let o: get_function_configuration::GetFunctionConfigurationOutput =
        round_trip("GetFunctionConfiguration with new enum values", &body).unwrap();
    assert_eq!(o.runtime, Some(Runtime::Unknown("nodejs99.x".into())));
    assert_eq!(o.state, Some(State::Unknown("Hibernating".into())));

    let mut body = load("GetEventSourceMapping", "response");
    body["SelfManagedEventSource"]["Endpoints"] =
        json!({ "KAFKA_BOOTSTRAP_SERVERS": ["b-1:9092"], "KAFKA_TLS_SERVERS": ["b-1:9094"] });
    let o: get_event_source_mapping::GetEventSourceMappingOutput = round_trip("unknown map key", &body).unwrap();
    let endpoints = o.self_managed_event_source.and_then(|s| s.endpoints).unwrap();
    assert!(endpoints.contains_key(&EndPointType::Unknown("KAFKA_TLS_SERVERS".into())));

    // A value that only differs in case is not a known value.
    assert_eq!(PackageType::from("zip"), PackageType::Unknown("zip".into()));
}

/// Every value the spec lists deserializes to a known variant and serializes back unchanged.
fn known_values<T>(values: &[&str]) -> usize
where
    T: DeserializeOwned + Serialize + Debug + PartialEq + Clone,
{
    let mut seen: Vec<T> = Vec::new();
    for v in values {
        let e: T = serde_json::from_value(json!(v)).unwrap();
        assert!(!format!("{e:?}").starts_with("Unknown"), "{v} became {e:?}");
        assert_eq!(serde_json::to_value(&e).unwrap(), json!(v));
        assert!(!seen.contains(&e), "{v} shares a variant with another value: {e:?}");
        seen.push(e);
    }
    seen.len()
}

#[test]
fn every_listed_enum_value_round_trips() {
    let spec = spec();
    let mut checked = BTreeMap::new();
    macro_rules! check {
        ($($t:ident),* $(,)?) => {$(
            let listed: Vec<&str> = spec["components"]["schemas"][stringify!($t)]["enum"]
                .as_array()
                .unwrap_or_else(|| panic!("{} is an enum in the spec", stringify!($t)))
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert_eq!($t::VALUES, &listed[..], "{} values differ from the spec", stringify!($t));
            checked.insert(stringify!($t), known_values::<$t>($t::VALUES));
        )*};
    }
    check!(
        ApplicationLogLevel,
        Architecture,
        CapacityProviderPredefinedMetricType,
        CapacityProviderScalingMode,
        CapacityProviderState,
        CodeSigningPolicy,
        DirectS3Read,
        EndPointType,
        EventSourceMappingMetric,
        EventSourceMappingSystemLogLevel,
        EventSourcePosition,
        EventType,
        ExecutionStatus,
        FullDocument,
        FunctionResponseType,
        FunctionUrlAuthType,
        FunctionVersion,
        FunctionVersionLatestPublished,
        InvocationType,
        InvokeMode,
        KafkaEventSourceMappingConsumptionMode,
        KafkaSchemaRegistryAuthType,
        KafkaSchemaValidationAttribute,
        LastUpdateStatus,
        LastUpdateStatusReasonCode,
        LogFormat,
        LogType,
        OperationAction,
        OperationStatus,
        OperationType,
        PackageType,
        PropagateTagsMode,
        ProvisionedConcurrencyStatusEnum,
        RecursiveLoop,
        ResponseStreamingInvocationType,
        Runtime,
        S3ObjectStorageMode,
        SchemaRegistryEventRecordFormat,
        SnapStartApplyOn,
        SnapStartOptimizationStatus,
        SourceAccessType,
        State,
        StateReasonCode,
        SystemLogLevel,
        TenantIsolationMode,
        ThrottleReason,
        TracingMode,
        UpdateRuntimeOn,
    );
    let spec_enums =
        spec["components"]["schemas"].as_object().unwrap().values().filter(|s| s.get("enum").is_some()).count();
    assert_eq!(checked.len(), spec_enums, "an enum of the spec is not checked here");
}

// ---------------------------------------------------------------------------------------------
// Event stream
// ---------------------------------------------------------------------------------------------

#[test]
fn event_stream_events_round_trip() {
    let events = json!([
        { "PayloadChunk": { "Payload": "eyJzdGF0dXNDb2RlIjogMjAwLCAiYm9keSI6ICJoZWxsbyJ9" } },
        { "InvokeComplete": {
            "ErrorCode": "Unhandled",
            "ErrorDetails": "Task timed out after 3.00 seconds",
            "LogResult": "U1RBUlQgUmVxdWVzdElkOiA4ZjVlZDc2Yi0xMjM0LTU2NzggOWFiYy1kZWYwMTIzNDU2Nzg="
        } }
    ]);
    let parsed: Vec<InvokeWithResponseStreamResponseEvent> = round_trip("event stream", &events).unwrap();
    match &parsed[0] {
        InvokeWithResponseStreamResponseEvent::PayloadChunk(c) => {
            assert_eq!(c.payload.as_ref().map(Blob::as_bytes), Some(&br#"{"statusCode": 200, "body": "hello"}"#[..]));
        }
        other => panic!("expected a payload chunk, got {other:?}"),
    }
    match &parsed[1] {
        InvokeWithResponseStreamResponseEvent::InvokeComplete(c) => {
            assert_eq!(c.error_code.as_deref(), Some("Unhandled"))
        }
        other => panic!("expected InvokeComplete, got {other:?}"),
    }
    for e in &parsed {
        e.validate().unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// Secrets stay out of Debug
// ---------------------------------------------------------------------------------------------

const REDACTED: &str = "*** Sensitive Data Redacted ***";

fn assert_hidden(what: &str, debug: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(!debug.contains(s), "{what}: Debug shows the secret {s:?}:\n{debug}");
    }
    assert!(debug.contains(REDACTED), "{what}: Debug should mark the hidden value:\n{debug}");
}

#[test]
fn debug_does_not_show_secrets() {
    let zip_b64 = "UEsDBBQAAAAIAAAAIQBteXNlY3JldGNvZGU=";
    let zip_text = "mysecretcode";

    // Environment variables and the inline zip of CreateFunction.
    let i: create_function::CreateFunctionInput = typed("CreateFunction", "request");
    let d = format!("{i:?}");
    assert_hidden("CreateFunctionInput", &d, &[SECRET, zip_b64, zip_text, "DB_PASSWORD"]);
    assert!(d.contains("my-function"), "non-secret members stay visible:\n{d}");
    assert_hidden("Environment", &format!("{:?}", i.environment.as_ref().unwrap()), &[SECRET]);
    assert_hidden("FunctionCode", &format!("{:#?}", i.code), &[zip_b64, zip_text]);

    // The same values set through the builder.
    let builder = create_function::CreateFunctionInput::builder()
        .function_name("my-function")
        .role("arn:aws:iam::123456789012:role/lambda-execution-role")
        .code(i.code.clone())
        .environment(i.environment.clone().unwrap());
    assert_hidden("CreateFunctionInputBuilder", &format!("{builder:?}"), &[SECRET, zip_text]);
    let built = builder.build().unwrap();
    assert_hidden("built CreateFunctionInput", &format!("{built:?}"), &[SECRET, zip_text]);

    let u: update_function_configuration::UpdateFunctionConfigurationInput =
        typed("UpdateFunctionConfiguration", "request");
    assert_hidden("UpdateFunctionConfigurationInput", &format!("{u:?}"), &[SECRET]);
    let c: update_function_code::UpdateFunctionCodeInput = typed("UpdateFunctionCode", "request");
    assert_hidden("UpdateFunctionCodeInput", &format!("{c:?}"), &[zip_b64, zip_text]);
    let p: publish_layer_version::PublishLayerVersionInput = typed("PublishLayerVersion", "request");
    assert_hidden("PublishLayerVersionInput", &format!("{p:?}"), &[zip_b64, zip_text]);

    // Responses carry the variables too.
    for op in ["CreateFunction", "GetFunctionConfiguration", "UpdateFunctionConfiguration", "PublishVersion"] {
        let v = load(op, "response");
        let d = match op {
            "CreateFunction" => {
                format!("{:?}", serde_json::from_value::<create_function::CreateFunctionOutput>(v).unwrap())
            }
            "GetFunctionConfiguration" => {
                format!(
                    "{:?}",
                    serde_json::from_value::<get_function_configuration::GetFunctionConfigurationOutput>(v).unwrap()
                )
            }
            "UpdateFunctionConfiguration" => format!(
                "{:?}",
                serde_json::from_value::<update_function_configuration::UpdateFunctionConfigurationOutput>(v).unwrap()
            ),
            _ => format!("{:?}", serde_json::from_value::<publish_version::PublishVersionOutput>(v).unwrap()),
        };
        assert_hidden(op, &d, &[SECRET]);
    }
    let g: get_function::GetFunctionOutput = typed("GetFunction", "response");
    assert_hidden("GetFunctionOutput", &format!("{g:?}"), &[SECRET]);
    let l: list_functions::ListFunctionsOutput = typed("ListFunctions", "response");
    assert_hidden("ListFunctionsOutput", &format!("{l:?}"), &[SECRET]);

    // Invoke: the payload and the client context.
    let payload = br#"{"card_number": "4111111111111111"}"#.to_vec();
    let context = "eyJjdXN0b20iOnsidG9rZW4iOiJ0b3Atc2VjcmV0In19";
    let invoke = invoke::InvokeInput::builder()
        .function_name("my-function")
        .invocation_type(InvocationType::RequestResponse)
        .log_type(LogType::Tail)
        .client_context(context)
        .payload(payload.clone())
        .build()
        .unwrap();
    let d = format!("{invoke:?}");
    assert_hidden("InvokeInput", &d, &[context, "4111111111111111"]);
    assert!(d.contains("RequestResponse") && d.contains("my-function"), "{d}");
    let out = invoke::InvokeOutput::builder().payload(Blob::new(payload.clone())).build();
    assert_hidden("InvokeOutput", &format!("{out:?}"), &["4111111111111111"]);
    let stream = invoke_with_response_stream::InvokeWithResponseStreamInput::builder()
        .function_name("my-function")
        .invocation_type(ResponseStreamingInvocationType::RequestResponse)
        .client_context(context)
        .payload(payload.clone())
        .build()
        .unwrap();
    assert_hidden("InvokeWithResponseStreamInput", &format!("{stream:?}"), &[context, "4111111111111111"]);
    let chunk = InvokeWithResponseStreamResponseEvent::PayloadChunk(
        types::InvokeResponseStreamUpdate::builder().payload(Blob::new(payload.clone())).build(),
    );
    assert_hidden("PayloadChunk", &format!("{chunk:?}"), &["4111111111111111"]);
    let asynchronous =
        invoke_async::InvokeAsyncInput::builder().function_name("my-function").invoke_args(payload).build().unwrap();
    assert_hidden("InvokeAsyncInput", &format!("{asynchronous:?}"), &["4111111111111111"]);
}
