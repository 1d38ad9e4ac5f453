//! The generated `Lambda` trait implemented over the in-memory stores, and the router that
//! serves it.

// InvokeAsync is deprecated by the service, and served all the same.
#![allow(deprecated)]

use crate::durable::api as durable;
use crate::error::{Fail, Res};
use crate::invoke::{chunks, Mode};
use crate::names::Scope;
use crate::outputs::output;
use crate::state::Store;
use crate::{
    account, aliases, capacity_providers, code_signing, concurrency, esm, event_invoke, functions, invoke, layers,
    policies, recursion, scaling, tags, urls,
};
use lambda_api::enums::{InvocationType, LogType, ResponseStreamingInvocationType};
use lambda_api::operations::invoke::{InvokeInput, InvokeOutput};
use lambda_api::operations::invoke_async::{InvokeAsyncInput, InvokeAsyncOutput};
use lambda_api::operations::invoke_with_response_stream::{
    InvokeWithResponseStreamInput, InvokeWithResponseStreamOutput,
};
use lambda_api::server::Lambda;
use lambda_api::types::{
    InvokeResponseStreamUpdate, InvokeWithResponseStreamCompleteEvent, InvokeWithResponseStreamResponseEvent,
};
use lambda_rt::binding::{Operation, OperationError};
use lambda_rt::event_stream::EventStream;
use lambda_rt::http::Bytes;
use lambda_rt::server::{axum, Credential, RequestContext, RouterService, ServerConfig};
use lambda_rt::{Blob, Timestamp};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// How many `PayloadChunk` events InvokeWithResponseStream splits a payload into.
pub const STREAM_CHUNKS: usize = 4;

/// The in-memory service: one [`Store`] per account and Region, behind a lock.
#[derive(Debug, Default)]
pub struct LocalLambda {
    /// By account id and Region. A server sees one or a few, so a list searched with borrowed
    /// names costs less per request than a map whose key must be built (two strings) first.
    stores: Mutex<Vec<((String, String), Store)>>,
}

impl LocalLambda {
    /// An empty service.
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `f` on the store of the request's account and Region and converts a failure into
    /// the operation's error.
    fn run<T, E: OperationError>(&self, ctx: &RequestContext, f: impl FnOnce(&mut Store) -> Res<T>) -> Result<T, E> {
        let mut stores = self.stores.lock().unwrap_or_else(PoisonError::into_inner);
        let at = match stores.iter().position(|((a, r), _)| *a == ctx.account_id && *r == ctx.region) {
            Some(at) => at,
            None => {
                let scope = Scope::new(&ctx.account_id, &ctx.region);
                stores.push(((ctx.account_id.clone(), ctx.region.clone()), Store::new(scope)));
                stores.len() - 1
            }
        };
        f(&mut stores[at].1).map_err(Fail::into_op)
    }
}

/// Settings of a local server.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Account id of every ARN.
    pub account_id: String,
    /// Region of every ARN, and of signature scopes.
    pub region: String,
    /// The keys allowed to call, each optionally with the session token its requests must
    /// carry; with any, every request must be signed (SigV4).
    pub credentials: Vec<Credential>,
    /// Bytes of request bodies held at once across all connections
    /// ([`ServerConfig::body_budget`]).
    pub body_budget: usize,
    /// How long a request waits for its share of the budget before 503.
    pub body_budget_wait: Duration,
    /// Whether to log one line per request.
    pub log: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            account_id: "123456789012".into(),
            region: "us-east-1".into(),
            credentials: Vec::new(),
            body_budget: lambda_rt::server::DEFAULT_BODY_BUDGET,
            body_budget_wait: lambda_rt::server::DEFAULT_BODY_BUDGET_WAIT,
            log: false,
        }
    }
}

/// The HTTP application: what the binary serves ([`served`]) inside an `axum::Router`, for
/// adding routes or layers to.
pub fn app(settings: &Settings) -> axum::Router {
    axum::Router::new().fallback_service(served(settings))
}

/// What the binary serves: the generated router's service ([`service`]), with the request log
/// layered on it when `settings.log` is set, and no `axum::Router` around either.
pub fn served(settings: &Settings) -> impl lambda_rt::server::Servable {
    let service = service(settings);
    if settings.log {
        tower::util::Either::Left(tower::Layer::layer(&axum::middleware::from_fn(crate::log::log_request), service))
    } else {
        tower::util::Either::Right(service)
    }
}

/// The generated router over a fresh [`LocalLambda`] as one tower service, without the request
/// log and without an `axum::Router` around it.
pub fn service(settings: &Settings) -> RouterService<LocalLambda> {
    let mut config = ServerConfig::new(&settings.account_id, &settings.region)
        .with_body_budget(settings.body_budget, settings.body_budget_wait);
    if !settings.credentials.is_empty() {
        config = config.with_credentials(settings.credentials.iter().cloned());
    }
    lambda_api::server::router_service(Arc::new(LocalLambda::new()), config)
}

/// Now, as the durable execution operations take it.
fn now() -> f64 {
    Timestamp::now().epoch_seconds()
}

fn invocation_mode(t: Option<&InvocationType>) -> Res<Mode> {
    match t {
        None | Some(InvocationType::RequestResponse) => Ok(Mode::RequestResponse),
        Some(InvocationType::Event) => Ok(Mode::Event),
        Some(InvocationType::DryRun) => Ok(Mode::DryRun),
        Some(other) => Err(Fail::InvalidParameter(format!(
            "Invalid InvocationType: {other}; use RequestResponse, Event or DryRun"
        ))),
    }
}

fn wants_tail(t: Option<&LogType>) -> Res<bool> {
    match t {
        None | Some(LogType::None) => Ok(false),
        Some(LogType::Tail) => Ok(true),
        Some(other) => Err(Fail::InvalidParameter(format!("Invalid LogType: {other}; use None or Tail"))),
    }
}

/// Input of the operation whose marker type is `O`.
type Input<O> = <O as Operation>::Input;
/// Output of the operation whose marker type is `O`.
type Output<O> = <O as Operation>::Output;
/// Error of the operation whose marker type is `O`.
type Error<O> = <O as Operation>::Error;

/// Declares every operation once, as `module::Marker => |store, ctx, input| body;`: the
/// trait method (named as the module) runs `body` on the request's store, and the operation
/// table lists the marker's name and binding. Input, output and error types are the marker's.
macro_rules! operations {
    ($( $module:ident :: $Op:ident => |$s:ident, $ctx:ident, $i:ident| $body:expr; )*) => {
        impl Lambda for LocalLambda {$(
            async fn $module(
                &self,
                $ctx: RequestContext,
                $i: Input<lambda_api::operations::$module::$Op>,
            ) -> Result<Output<lambda_api::operations::$module::$Op>, Error<lambda_api::operations::$module::$Op>> {
                self.run(&$ctx, |$s: &mut Store| -> Res<Output<lambda_api::operations::$module::$Op>> { $body })
            }
        )*}

        /// Every operation this service implements: its name and HTTP binding.
        pub const OPERATIONS: &[(&str, lambda_rt::binding::HttpBinding)] = &[$(
            (
                <lambda_api::operations::$module::$Op as Operation>::NAME,
                <lambda_api::operations::$module::$Op as Operation>::BINDING,
            ),
        )*];
    };
}

operations! {
    // --- functions and versions ---
    create_function::CreateFunction => |s, ctx, i| functions::create_function(s, i);
    get_function::GetFunction => |s, ctx, i| functions::get_function(s, i);
    get_function_configuration::GetFunctionConfiguration
        => |s, ctx, i| functions::get_function_configuration(s, &i.function_name, i.qualifier.as_deref());
    update_function_code::UpdateFunctionCode => |s, ctx, i| functions::update_function_code(s, i);
    update_function_configuration::UpdateFunctionConfiguration
        => |s, ctx, i| functions::update_function_configuration(s, i);
    // The output carries the 204 the service answers with (outputs.rs).
    delete_function::DeleteFunction => |s, ctx, i| functions::delete_function(s, i).and_then(output);
    list_functions::ListFunctions => |s, ctx, i| functions::list_functions(s, i);
    publish_version::PublishVersion => |s, ctx, i| functions::publish_version(s, i);
    list_versions_by_function::ListVersionsByFunction => |s, ctx, i| functions::list_versions_by_function(s, i);
    get_runtime_management_config::GetRuntimeManagementConfig
        => |s, ctx, i| functions::get_runtime_management_config(s, i);
    put_runtime_management_config::PutRuntimeManagementConfig
        => |s, ctx, i| functions::put_runtime_management_config(s, i);

    // --- aliases ---
    create_alias::CreateAlias => |s, ctx, i| aliases::create_alias(s, i);
    get_alias::GetAlias => |s, ctx, i| aliases::get_alias(s, &i.function_name, &i.name);
    update_alias::UpdateAlias => |s, ctx, i| aliases::update_alias(s, i);
    delete_alias::DeleteAlias => |s, ctx, i| aliases::delete_alias(s, &i.function_name, &i.name).map(empty);
    list_aliases::ListAliases => |s, ctx, i| aliases::list_aliases(s, i);

    // --- function policies ---
    add_permission::AddPermission => |s, ctx, i| policies::add_permission(s, i);
    get_policy::GetPolicy => |s, ctx, i| policies::get_policy(s, i);
    remove_permission::RemovePermission => |s, ctx, i| policies::remove_permission(s, i).map(empty);

    // --- layers ---
    publish_layer_version::PublishLayerVersion => |s, ctx, i| layers::publish_layer_version(s, i).and_then(output);
    get_layer_version::GetLayerVersion => |s, ctx, i| layers::get_layer_version(s, &i.layer_name, i.version_number);
    get_layer_version_by_arn::GetLayerVersionByArn => |s, ctx, i| layers::get_layer_version_by_arn(s, &i.arn);
    delete_layer_version::DeleteLayerVersion
        => |s, ctx, i| layers::delete_layer_version(s, &i.layer_name, i.version_number).map(empty);
    list_layers::ListLayers => |s, ctx, i| layers::list_layers(s, i);
    list_layer_versions::ListLayerVersions => |s, ctx, i| layers::list_layer_versions(s, i);
    add_layer_version_permission::AddLayerVersionPermission
        => |s, ctx, i| layers::add_layer_version_permission(s, i);
    get_layer_version_policy::GetLayerVersionPolicy
        => |s, ctx, i| layers::get_layer_version_policy(s, &i.layer_name, i.version_number);
    remove_layer_version_permission::RemoveLayerVersionPermission
        => |s, ctx, i| layers::remove_layer_version_permission(s, i).map(empty);

    // --- event source mappings ---
    create_event_source_mapping::CreateEventSourceMapping => |s, ctx, i| esm::create_event_source_mapping(s, i);
    get_event_source_mapping::GetEventSourceMapping => |s, ctx, i| esm::get_event_source_mapping(s, &i.uuid);
    update_event_source_mapping::UpdateEventSourceMapping => |s, ctx, i| esm::update_event_source_mapping(s, i);
    delete_event_source_mapping::DeleteEventSourceMapping => |s, ctx, i| esm::delete_event_source_mapping(s, &i.uuid);
    list_event_source_mappings::ListEventSourceMappings => |s, ctx, i| esm::list_event_source_mappings(s, i);

    // --- function URLs ---
    create_function_url_config::CreateFunctionUrlConfig => |s, ctx, i| urls::create_function_url_config(s, i);
    get_function_url_config::GetFunctionUrlConfig
        => |s, ctx, i| urls::get_function_url_config(s, &i.function_name, i.qualifier.as_deref()).and_then(output);
    update_function_url_config::UpdateFunctionUrlConfig
        => |s, ctx, i| urls::update_function_url_config(s, i).and_then(output);
    delete_function_url_config::DeleteFunctionUrlConfig
        => |s, ctx, i| urls::delete_function_url_config(s, &i.function_name, i.qualifier.as_deref()).map(empty);
    list_function_url_configs::ListFunctionUrlConfigs => |s, ctx, i| urls::list_function_url_configs(s, i);

    // --- concurrency ---
    put_function_concurrency::PutFunctionConcurrency
        => |s, ctx, i| concurrency::put_function_concurrency(s, &i.function_name, i.reserved_concurrent_executions)
            .and_then(output);
    get_function_concurrency::GetFunctionConcurrency
        => |s, ctx, i| concurrency::get_function_concurrency(s, &i.function_name).and_then(output);
    delete_function_concurrency::DeleteFunctionConcurrency
        => |s, ctx, i| concurrency::delete_function_concurrency(s, &i.function_name).map(empty);
    put_provisioned_concurrency_config::PutProvisionedConcurrencyConfig
        => |s, ctx, i| concurrency::put_provisioned_concurrency_config(s, i);
    get_provisioned_concurrency_config::GetProvisionedConcurrencyConfig
        => |s, ctx, i| concurrency::get_provisioned_concurrency_config(s, &i.function_name, &i.qualifier);
    delete_provisioned_concurrency_config::DeleteProvisionedConcurrencyConfig
        => |s, ctx, i| concurrency::delete_provisioned_concurrency_config(s, &i.function_name, &i.qualifier).map(empty);
    list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigs
        => |s, ctx, i| concurrency::list_provisioned_concurrency_configs(s, i);

    // --- code signing ---
    create_code_signing_config::CreateCodeSigningConfig
        => |s, ctx, i| code_signing::create_code_signing_config(s, i).and_then(output);
    get_code_signing_config::GetCodeSigningConfig
        => |s, ctx, i| code_signing::get_code_signing_config(s, &i.code_signing_config_arn).and_then(output);
    update_code_signing_config::UpdateCodeSigningConfig
        => |s, ctx, i| code_signing::update_code_signing_config(s, i).and_then(output);
    delete_code_signing_config::DeleteCodeSigningConfig
        => |s, ctx, i| code_signing::delete_code_signing_config(s, &i.code_signing_config_arn).map(empty);
    list_code_signing_configs::ListCodeSigningConfigs => |s, ctx, i| code_signing::list_code_signing_configs(s, i);
    list_functions_by_code_signing_config::ListFunctionsByCodeSigningConfig
        => |s, ctx, i| code_signing::list_functions_by_code_signing_config(s, i);
    put_function_code_signing_config::PutFunctionCodeSigningConfig
        => |s, ctx, i| code_signing::put_function_code_signing_config(s, &i.function_name, &i.code_signing_config_arn)
            .map(|name| (name, i.code_signing_config_arn))
            .and_then(output);
    get_function_code_signing_config::GetFunctionCodeSigningConfig
        => |s, ctx, i| code_signing::get_function_code_signing_config(s, &i.function_name).and_then(output);
    delete_function_code_signing_config::DeleteFunctionCodeSigningConfig
        => |s, ctx, i| code_signing::delete_function_code_signing_config(s, &i.function_name).map(empty);

    // --- asynchronous invocation settings ---
    put_function_event_invoke_config::PutFunctionEventInvokeConfig
        => |s, ctx, i| event_invoke::put_function_event_invoke_config(s, i);
    update_function_event_invoke_config::UpdateFunctionEventInvokeConfig
        => |s, ctx, i| event_invoke::update_function_event_invoke_config(s, i);
    get_function_event_invoke_config::GetFunctionEventInvokeConfig
        => |s, ctx, i| event_invoke::get_function_event_invoke_config(s, &i.function_name, i.qualifier.as_deref());
    delete_function_event_invoke_config::DeleteFunctionEventInvokeConfig
        => |s, ctx, i| event_invoke::delete_function_event_invoke_config(s, &i.function_name, i.qualifier.as_deref())
            .map(empty);
    list_function_event_invoke_configs::ListFunctionEventInvokeConfigs
        => |s, ctx, i| event_invoke::list_function_event_invoke_configs(s, i);

    // --- tags ---
    tag_resource::TagResource => |s, ctx, i| tags::tag_resource(s, &i.resource, i.tags).map(empty);
    untag_resource::UntagResource => |s, ctx, i| tags::untag_resource(s, &i.resource, &i.tag_keys).map(empty);
    list_tags::ListTags => |s, ctx, i| tags::list_tags(s, &i.resource).and_then(output);

    // --- capacity providers, function scaling and recursion, resource policies ---
    create_capacity_provider::CreateCapacityProvider
        => |s, ctx, i| capacity_providers::create_capacity_provider(s, i).and_then(output);
    get_capacity_provider::GetCapacityProvider
        => |s, ctx, i| capacity_providers::get_capacity_provider(s, &i.capacity_provider_name).and_then(output);
    update_capacity_provider::UpdateCapacityProvider
        => |s, ctx, i| capacity_providers::update_capacity_provider(s, i).and_then(output);
    delete_capacity_provider::DeleteCapacityProvider
        => |s, ctx, i| capacity_providers::delete_capacity_provider(s, &i.capacity_provider_name).and_then(output);
    list_capacity_providers::ListCapacityProviders => |s, ctx, i| capacity_providers::list_capacity_providers(s, i);
    list_function_versions_by_capacity_provider::ListFunctionVersionsByCapacityProvider
        => |s, ctx, i| capacity_providers::list_function_versions_by_capacity_provider(s, i);
    get_function_scaling_config::GetFunctionScalingConfig
        => |s, ctx, i| scaling::get_function_scaling_config(s, &i.function_name, &i.qualifier);
    put_function_scaling_config::PutFunctionScalingConfig
        => |s, ctx, i| scaling::put_function_scaling_config(s, &i.function_name, &i.qualifier, i.function_scaling_config)
            .and_then(output);
    get_function_recursion_config::GetFunctionRecursionConfig
        => |s, ctx, i| recursion::get_function_recursion_config(s, &i.function_name).and_then(output);
    put_function_recursion_config::PutFunctionRecursionConfig
        => |s, ctx, i| recursion::put_function_recursion_config(s, &i.function_name, i.recursive_loop).and_then(output);
    get_resource_policy::GetResourcePolicy => |s, ctx, i| policies::get_resource_policy(s, &i.resource_arn);
    put_resource_policy::PutResourcePolicy => |s, ctx, i| policies::put_resource_policy(s, i);
    delete_resource_policy::DeleteResourcePolicy
        => |s, ctx, i| policies::delete_resource_policy(s, &i.resource_arn, i.revision_id.as_deref()).map(empty);

    // --- account ---
    // GetAccountSettings has no input members.
    get_account_settings::GetAccountSettings => |s, ctx, _i| Ok(account::get_account_settings(s));

    // --- durable executions ---
    get_durable_execution::GetDurableExecution => |s, ctx, i| durable::get_durable_execution(s, i, now());
    get_durable_execution_history::GetDurableExecutionHistory
        => |s, ctx, i| durable::get_durable_execution_history(s, i, now());
    get_durable_execution_state::GetDurableExecutionState
        => |s, ctx, i| durable::get_durable_execution_state(s, i, now());
    list_durable_executions_by_function::ListDurableExecutionsByFunction
        => |s, ctx, i| durable::list_durable_executions_by_function(s, i, now());
    stop_durable_execution::StopDurableExecution => |s, ctx, i| durable::stop_durable_execution(s, i, now());
    pause_durable_execution::PauseDurableExecution
        => |s, ctx, i| durable::pause_durable_execution(s, i, now()).map(empty);
    resume_durable_execution::ResumeDurableExecution
        => |s, ctx, i| durable::resume_durable_execution(s, i, now()).map(empty);
    delete_durable_execution::DeleteDurableExecution => |s, ctx, i| durable::delete_durable_execution(s, i, now());
    checkpoint_durable_execution::CheckpointDurableExecution
        => |s, ctx, i| durable::checkpoint_durable_execution(s, i, now());
    send_durable_execution_callback_success::SendDurableExecutionCallbackSuccess
        => |s, ctx, i| durable::send_callback_success(s, i, now()).map(empty);
    send_durable_execution_callback_failure::SendDurableExecutionCallbackFailure
        => |s, ctx, i| durable::send_callback_failure(s, i, now()).map(empty);
    send_durable_execution_callback_heartbeat::SendDurableExecutionCallbackHeartbeat
        => |s, ctx, i| durable::send_callback_heartbeat(s, i, now()).map(empty);

    // --- invocation ---
    invoke::Invoke => |s, ctx, i| invoke_function(s, &ctx.request_id, i);
    invoke_async::InvokeAsync => |s, ctx, i| invoke_function_async(s, &ctx.request_id, i);
    invoke_with_response_stream::InvokeWithResponseStream
        => |s, ctx, i| invoke_function_with_response_stream(s, &ctx.request_id, i);
}

/// The output of an operation whose answer has no members.
fn empty<O: Default>((): ()) -> O {
    O::default()
}

/// An invocation as the three Invoke operations ask for it.
struct Call<'a> {
    function_name: &'a str,
    qualifier: Option<&'a str>,
    tenant_id: Option<&'a str>,
    mode: Mode,
    tail: bool,
    execution_name: Option<&'a str>,
    payload: Option<&'a Bytes>,
}

/// Runs the function for the tenant the call names, then starts its durable execution if it
/// has one: the invocation, and the execution's ARN.
fn invoke_and_start(s: &mut Store, request_id: &str, c: Call<'_>) -> Res<(invoke::Invocation, Option<String>)> {
    invoke::check_tenant(s, c.function_name, c.tenant_id)?;
    let r = invoke::invoke(s, c.function_name, c.qualifier, c.mode, c.tail, c.payload, request_id)?;
    let invoked = durable::Invoked {
        function_name: c.function_name,
        qualifier: c.qualifier,
        mode: c.mode,
        execution_name: c.execution_name,
        payload: c.payload.map(|p| &p[..]),
        executed_version: &r.executed_version,
        request_id,
    };
    let durable_execution_arn = durable::start_on_invoke(s, invoked, now())?;
    Ok((r, durable_execution_arn))
}

/// Invoke: the function's answer (its payload), and the ARN of its durable execution.
fn invoke_function(s: &mut Store, request_id: &str, i: InvokeInput) -> Res<InvokeOutput> {
    let call = Call {
        function_name: &i.function_name,
        qualifier: i.qualifier.as_deref(),
        tenant_id: i.tenant_id.as_deref(),
        mode: invocation_mode(i.invocation_type.as_ref())?,
        tail: wants_tail(i.log_type.as_ref())?,
        execution_name: i.durable_execution_name.as_deref(),
        payload: i.payload.as_ref().map(|p| &p.0),
    };
    let (r, durable_execution_arn) = invoke_and_start(s, request_id, call)?;
    Ok(InvokeOutput::builder()
        .status_code(r.status)
        .executed_version(r.executed_version)
        .set_log_result(r.log_result)
        .set_payload((r.status == 200).then(|| Blob::new(r.payload)))
        .set_durable_execution_arn(durable_execution_arn)
        .build())
}

/// InvokeAsync: an event invocation of the unqualified function.
fn invoke_function_async(s: &mut Store, request_id: &str, i: InvokeAsyncInput) -> Res<InvokeAsyncOutput> {
    let call = Call {
        function_name: &i.function_name,
        qualifier: None,
        // InvokeAsync cannot name a tenant.
        tenant_id: None,
        mode: Mode::Event,
        tail: false,
        execution_name: None,
        payload: Some(&i.invoke_args.0),
    };
    let (r, _) = invoke_and_start(s, request_id, call)?;
    Ok(InvokeAsyncOutput::builder().status(r.status).build())
}

/// InvokeWithResponseStream: the payload in [`STREAM_CHUNKS`] chunks, then the completion
/// event with the log tail.
fn invoke_function_with_response_stream(
    s: &mut Store,
    request_id: &str,
    i: InvokeWithResponseStreamInput,
) -> Res<InvokeWithResponseStreamOutput> {
    let mode = match &i.invocation_type {
        None | Some(ResponseStreamingInvocationType::RequestResponse) => Mode::RequestResponse,
        Some(ResponseStreamingInvocationType::DryRun) => Mode::DryRun,
        Some(other) => {
            return Err(Fail::InvalidParameter(format!(
                "Invalid InvocationType: {other}; use RequestResponse or DryRun"
            )))
        }
    };
    let call = Call {
        function_name: &i.function_name,
        qualifier: i.qualifier.as_deref(),
        tenant_id: i.tenant_id.as_deref(),
        mode,
        tail: wants_tail(i.log_type.as_ref())?,
        execution_name: None,
        payload: i.payload.as_ref().map(|p| &p.0),
    };
    // The response has no member for the execution's ARN; ListDurableExecutionsByFunction
    // shows the execution.
    let (r, _) = invoke_and_start(s, request_id, call)?;
    let event_stream = (mode == Mode::RequestResponse).then(|| {
        let mut events: Vec<InvokeWithResponseStreamResponseEvent> = chunks(&r.payload, STREAM_CHUNKS)
            .into_iter()
            .map(|c| {
                InvokeWithResponseStreamResponseEvent::PayloadChunk(
                    InvokeResponseStreamUpdate::builder().payload(Blob::new(c)).build(),
                )
            })
            .collect();
        events.push(InvokeWithResponseStreamResponseEvent::InvokeComplete(
            InvokeWithResponseStreamCompleteEvent::builder().set_log_result(r.log_result.clone()).build(),
        ));
        EventStream::from_events(events)
    });
    Ok(InvokeWithResponseStreamOutput::builder()
        .status_code(r.status)
        .executed_version(r.executed_version)
        .set_response_stream_content_type(event_stream.as_ref().map(|_| "application/octet-stream".to_string()))
        .set_event_stream(event_stream)
        .build())
}

#[cfg(test)]
mod tests {
    use super::OPERATIONS;

    #[test]
    fn every_operation_is_implemented_once() {
        // OPERATIONS is written by the same macro as the trait implementation, so an operation
        // missing here is one the trait's default answers with 501 NotImplemented.
        let mut names: Vec<_> = OPERATIONS.iter().map(|(n, _)| *n).collect();
        names.sort();
        let mut api: Vec<_> = lambda_api::operations::OPERATION_NAMES.to_vec();
        api.sort();
        assert_eq!(names, api);
    }
}
