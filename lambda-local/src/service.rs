//! The generated `Lambda` trait implemented over the in-memory stores, and the router that
//! serves it.

// InvokeAsync is deprecated by the service, and served all the same.
#![allow(deprecated)]

use crate::durable::api as durable;
use crate::error::{Fail, Res};
use crate::invoke::{chunks, Mode};
use crate::names::Scope;
use crate::state::Store;
use crate::util::convert;
use crate::{
    account, aliases, capacity_providers, code_signing, concurrency, esm, event_invoke, functions, invoke, layers,
    policies, recursion, scaling, tags, urls,
};
use lambda_api::enums::{InvocationType, LogType, ResponseStreamingInvocationType};
use lambda_api::server::Lambda;
use lambda_api::types::{
    Concurrency, InvokeResponseStreamUpdate, InvokeWithResponseStreamCompleteEvent,
    InvokeWithResponseStreamResponseEvent,
};
use lambda_rt::binding::OperationError;
use lambda_rt::event_stream::EventStream;
use lambda_rt::server::{axum, Credential, RequestContext, ServerConfig};
use lambda_rt::{Blob, Timestamp};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// How many `PayloadChunk` events InvokeWithResponseStream splits a payload into.
pub const STREAM_CHUNKS: usize = 4;

/// The in-memory service: one [`Store`] per account and Region, behind a lock.
#[derive(Debug, Default)]
pub struct LocalLambda {
    stores: Mutex<HashMap<(String, String), Store>>,
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
        let store = stores
            .entry((ctx.account_id.clone(), ctx.region.clone()))
            .or_insert_with(|| Store::new(Scope::new(&ctx.account_id, &ctx.region)));
        f(store).map_err(Fail::into_op)
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

/// The HTTP application: the generated router over a fresh [`LocalLambda`], with the request
/// log when asked for.
pub fn app(settings: &Settings) -> axum::Router {
    let mut config = ServerConfig::new(&settings.account_id, &settings.region)
        .with_body_budget(settings.body_budget, settings.body_budget_wait);
    if !settings.credentials.is_empty() {
        config = config.with_credentials(settings.credentials.iter().cloned());
    }
    let router = lambda_api::server::router(Arc::new(LocalLambda::new()), config);
    if settings.log {
        router.layer(axum::middleware::from_fn(crate::log::log_request))
    } else {
        router
    }
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

/// Lists operations with their HTTP bindings.
macro_rules! binding_table {
    ($( $module:ident :: $Op:ident ),* $(,)?) => {
        &[ $( (
            <lambda_api::operations::$module::$Op as lambda_rt::binding::Operation>::NAME,
            <lambda_api::operations::$module::$Op as lambda_rt::binding::Operation>::BINDING,
        ), )* ]
    };
}

/// Declares every operation once: the trait implementation and the operation table.
macro_rules! operations {
    ($(
        $method:ident: $module:ident :: $Op:ident { $In:ident, $Out:ident, $Err:ident }
            => |$s:ident, $ctx:ident, $i:ident| $body:expr;
    )*) => {
        impl Lambda for LocalLambda {
            $(
                async fn $method(
                    &self,
                    $ctx: RequestContext,
                    $i: lambda_api::operations::$module::$In,
                ) -> Result<lambda_api::operations::$module::$Out, lambda_api::operations::$module::$Err> {
                    self.run(&$ctx, |$s: &mut Store| -> Res<lambda_api::operations::$module::$Out> {
                        $body
                    })
                }
            )*
        }

        /// Every operation this service implements: its name and HTTP binding.
        pub const OPERATIONS: &[(&str, lambda_rt::binding::HttpBinding)] = binding_table![ $( $module::$Op ),* ];
    };
}

operations! {
    // --- functions and versions ---
    create_function: create_function::CreateFunction { CreateFunctionInput, CreateFunctionOutput, CreateFunctionError }
        => |s, ctx, i| functions::create_function(s, i);
    get_function: get_function::GetFunction { GetFunctionInput, GetFunctionOutput, GetFunctionError }
        => |s, ctx, i| functions::get_function(s, i);
    get_function_configuration: get_function_configuration::GetFunctionConfiguration {
        GetFunctionConfigurationInput, GetFunctionConfigurationOutput, GetFunctionConfigurationError }
        => |s, ctx, i| functions::get_function_configuration(s, &i.function_name, i.qualifier.as_deref());
    update_function_code: update_function_code::UpdateFunctionCode {
        UpdateFunctionCodeInput, UpdateFunctionCodeOutput, UpdateFunctionCodeError }
        => |s, ctx, i| functions::update_function_code(s, i);
    update_function_configuration: update_function_configuration::UpdateFunctionConfiguration {
        UpdateFunctionConfigurationInput, UpdateFunctionConfigurationOutput, UpdateFunctionConfigurationError }
        => |s, ctx, i| functions::update_function_configuration(s, i);
    delete_function: delete_function::DeleteFunction { DeleteFunctionInput, DeleteFunctionOutput, DeleteFunctionError }
        // The service answers 204; the output's StatusCode member sets the status.
        => |s, ctx, i| functions::delete_function(s, i)
            .map(|()| lambda_api::operations::delete_function::DeleteFunctionOutput::builder().status_code(204).build());
    list_functions: list_functions::ListFunctions { ListFunctionsInput, ListFunctionsOutput, ListFunctionsError }
        => |s, ctx, i| functions::list_functions(s, i);
    publish_version: publish_version::PublishVersion { PublishVersionInput, PublishVersionOutput, PublishVersionError }
        => |s, ctx, i| functions::publish_version(s, i);
    list_versions_by_function: list_versions_by_function::ListVersionsByFunction {
        ListVersionsByFunctionInput, ListVersionsByFunctionOutput, ListVersionsByFunctionError }
        => |s, ctx, i| functions::list_versions_by_function(s, i);
    get_runtime_management_config: get_runtime_management_config::GetRuntimeManagementConfig {
        GetRuntimeManagementConfigInput, GetRuntimeManagementConfigOutput, GetRuntimeManagementConfigError }
        => |s, ctx, i| functions::get_runtime_management_config(s, i);
    put_runtime_management_config: put_runtime_management_config::PutRuntimeManagementConfig {
        PutRuntimeManagementConfigInput, PutRuntimeManagementConfigOutput, PutRuntimeManagementConfigError }
        => |s, ctx, i| functions::put_runtime_management_config(s, i);

    // --- aliases ---
    create_alias: create_alias::CreateAlias { CreateAliasInput, CreateAliasOutput, CreateAliasError }
        => |s, ctx, i| aliases::create_alias(s, i);
    get_alias: get_alias::GetAlias { GetAliasInput, GetAliasOutput, GetAliasError }
        => |s, ctx, i| aliases::get_alias(s, &i.function_name, &i.name);
    update_alias: update_alias::UpdateAlias { UpdateAliasInput, UpdateAliasOutput, UpdateAliasError }
        => |s, ctx, i| aliases::update_alias(s, i);
    delete_alias: delete_alias::DeleteAlias { DeleteAliasInput, DeleteAliasOutput, DeleteAliasError }
        => |s, ctx, i| aliases::delete_alias(s, &i.function_name, &i.name).map(|()| Default::default());
    list_aliases: list_aliases::ListAliases { ListAliasesInput, ListAliasesOutput, ListAliasesError }
        => |s, ctx, i| aliases::list_aliases(s, i);

    // --- function policies ---
    add_permission: add_permission::AddPermission { AddPermissionInput, AddPermissionOutput, AddPermissionError }
        => |s, ctx, i| policies::add_permission(s, i);
    get_policy: get_policy::GetPolicy { GetPolicyInput, GetPolicyOutput, GetPolicyError }
        => |s, ctx, i| policies::get_policy(s, i);
    remove_permission: remove_permission::RemovePermission { RemovePermissionInput, RemovePermissionOutput, RemovePermissionError }
        => |s, ctx, i| policies::remove_permission(s, i).map(|()| Default::default());

    // --- layers ---
    publish_layer_version: publish_layer_version::PublishLayerVersion {
        PublishLayerVersionInput, PublishLayerVersionOutput, PublishLayerVersionError }
        => |s, ctx, i| layers::publish_layer_version(s, i).and_then(|l| layers::output(&l));
    get_layer_version: get_layer_version::GetLayerVersion { GetLayerVersionInput, GetLayerVersionOutput, GetLayerVersionError }
        => |s, ctx, i| layers::get_layer_version(s, &i.layer_name, i.version_number);
    get_layer_version_by_arn: get_layer_version_by_arn::GetLayerVersionByArn {
        GetLayerVersionByArnInput, GetLayerVersionByArnOutput, GetLayerVersionByArnError }
        => |s, ctx, i| layers::get_layer_version_by_arn(s, &i.arn);
    delete_layer_version: delete_layer_version::DeleteLayerVersion {
        DeleteLayerVersionInput, DeleteLayerVersionOutput, DeleteLayerVersionError }
        => |s, ctx, i| layers::delete_layer_version(s, &i.layer_name, i.version_number).map(|()| Default::default());
    list_layers: list_layers::ListLayers { ListLayersInput, ListLayersOutput, ListLayersError }
        => |s, ctx, i| layers::list_layers(s, i);
    list_layer_versions: list_layer_versions::ListLayerVersions {
        ListLayerVersionsInput, ListLayerVersionsOutput, ListLayerVersionsError }
        => |s, ctx, i| layers::list_layer_versions(s, i);
    add_layer_version_permission: add_layer_version_permission::AddLayerVersionPermission {
        AddLayerVersionPermissionInput, AddLayerVersionPermissionOutput, AddLayerVersionPermissionError }
        => |s, ctx, i| layers::add_layer_version_permission(s, i);
    get_layer_version_policy: get_layer_version_policy::GetLayerVersionPolicy {
        GetLayerVersionPolicyInput, GetLayerVersionPolicyOutput, GetLayerVersionPolicyError }
        => |s, ctx, i| layers::get_layer_version_policy(s, &i.layer_name, i.version_number);
    remove_layer_version_permission: remove_layer_version_permission::RemoveLayerVersionPermission {
        RemoveLayerVersionPermissionInput, RemoveLayerVersionPermissionOutput, RemoveLayerVersionPermissionError }
        => |s, ctx, i| layers::remove_layer_version_permission(s, i).map(|()| Default::default());

    // --- event source mappings ---
    create_event_source_mapping: create_event_source_mapping::CreateEventSourceMapping {
        CreateEventSourceMappingInput, CreateEventSourceMappingOutput, CreateEventSourceMappingError }
        => |s, ctx, i| esm::create_event_source_mapping(s, i);
    get_event_source_mapping: get_event_source_mapping::GetEventSourceMapping {
        GetEventSourceMappingInput, GetEventSourceMappingOutput, GetEventSourceMappingError }
        => |s, ctx, i| esm::get_event_source_mapping(s, &i.uuid);
    update_event_source_mapping: update_event_source_mapping::UpdateEventSourceMapping {
        UpdateEventSourceMappingInput, UpdateEventSourceMappingOutput, UpdateEventSourceMappingError }
        => |s, ctx, i| esm::update_event_source_mapping(s, i);
    delete_event_source_mapping: delete_event_source_mapping::DeleteEventSourceMapping {
        DeleteEventSourceMappingInput, DeleteEventSourceMappingOutput, DeleteEventSourceMappingError }
        => |s, ctx, i| esm::delete_event_source_mapping(s, &i.uuid);
    list_event_source_mappings: list_event_source_mappings::ListEventSourceMappings {
        ListEventSourceMappingsInput, ListEventSourceMappingsOutput, ListEventSourceMappingsError }
        => |s, ctx, i| esm::list_event_source_mappings(s, i);

    // --- function URLs ---
    create_function_url_config: create_function_url_config::CreateFunctionUrlConfig {
        CreateFunctionUrlConfigInput, CreateFunctionUrlConfigOutput, CreateFunctionUrlConfigError }
        => |s, ctx, i| urls::create_function_url_config(s, i);
    get_function_url_config: get_function_url_config::GetFunctionUrlConfig {
        GetFunctionUrlConfigInput, GetFunctionUrlConfigOutput, GetFunctionUrlConfigError }
        => |s, ctx, i| urls::get_function_url_config(s, &i.function_name, i.qualifier.as_deref())
            .and_then(|u| convert(&u));
    update_function_url_config: update_function_url_config::UpdateFunctionUrlConfig {
        UpdateFunctionUrlConfigInput, UpdateFunctionUrlConfigOutput, UpdateFunctionUrlConfigError }
        => |s, ctx, i| urls::update_function_url_config(s, i).and_then(|u| convert(&u));
    delete_function_url_config: delete_function_url_config::DeleteFunctionUrlConfig {
        DeleteFunctionUrlConfigInput, DeleteFunctionUrlConfigOutput, DeleteFunctionUrlConfigError }
        => |s, ctx, i| urls::delete_function_url_config(s, &i.function_name, i.qualifier.as_deref())
            .map(|()| Default::default());
    list_function_url_configs: list_function_url_configs::ListFunctionUrlConfigs {
        ListFunctionUrlConfigsInput, ListFunctionUrlConfigsOutput, ListFunctionUrlConfigsError }
        => |s, ctx, i| urls::list_function_url_configs(s, i);

    // --- concurrency ---
    put_function_concurrency: put_function_concurrency::PutFunctionConcurrency {
        PutFunctionConcurrencyInput, PutFunctionConcurrencyOutput, PutFunctionConcurrencyError }
        => |s, ctx, i| concurrency::put_function_concurrency(s, &i.function_name, i.reserved_concurrent_executions)
            .map(|n| Concurrency::builder().reserved_concurrent_executions(n).build());
    get_function_concurrency: get_function_concurrency::GetFunctionConcurrency {
        GetFunctionConcurrencyInput, GetFunctionConcurrencyOutput, GetFunctionConcurrencyError }
        => |s, ctx, i| concurrency::get_function_concurrency(s, &i.function_name)
            .map(|n| {
                lambda_api::operations::get_function_concurrency::GetFunctionConcurrencyOutput::builder()
                    .set_reserved_concurrent_executions(n)
                    .build()
            });
    delete_function_concurrency: delete_function_concurrency::DeleteFunctionConcurrency {
        DeleteFunctionConcurrencyInput, DeleteFunctionConcurrencyOutput, DeleteFunctionConcurrencyError }
        => |s, ctx, i| concurrency::delete_function_concurrency(s, &i.function_name).map(|()| Default::default());
    put_provisioned_concurrency_config: put_provisioned_concurrency_config::PutProvisionedConcurrencyConfig {
        PutProvisionedConcurrencyConfigInput, PutProvisionedConcurrencyConfigOutput, PutProvisionedConcurrencyConfigError }
        => |s, ctx, i| concurrency::put_provisioned_concurrency_config(s, i);
    get_provisioned_concurrency_config: get_provisioned_concurrency_config::GetProvisionedConcurrencyConfig {
        GetProvisionedConcurrencyConfigInput, GetProvisionedConcurrencyConfigOutput, GetProvisionedConcurrencyConfigError }
        => |s, ctx, i| concurrency::get_provisioned_concurrency_config(s, &i.function_name, &i.qualifier);
    delete_provisioned_concurrency_config: delete_provisioned_concurrency_config::DeleteProvisionedConcurrencyConfig {
        DeleteProvisionedConcurrencyConfigInput, DeleteProvisionedConcurrencyConfigOutput, DeleteProvisionedConcurrencyConfigError }
        => |s, ctx, i| concurrency::delete_provisioned_concurrency_config(s, &i.function_name, &i.qualifier)
            .map(|()| Default::default());
    list_provisioned_concurrency_configs: list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigs {
        ListProvisionedConcurrencyConfigsInput, ListProvisionedConcurrencyConfigsOutput, ListProvisionedConcurrencyConfigsError }
        => |s, ctx, i| concurrency::list_provisioned_concurrency_configs(s, i);

    // --- code signing ---
    create_code_signing_config: create_code_signing_config::CreateCodeSigningConfig {
        CreateCodeSigningConfigInput, CreateCodeSigningConfigOutput, CreateCodeSigningConfigError }
        => |s, ctx, i| code_signing::create_code_signing_config(s, i)
            .and_then(|c| {
                lambda_api::operations::create_code_signing_config::CreateCodeSigningConfigOutput::builder()
                    .code_signing_config(c)
                    .build()
                    .map_err(Fail::incomplete_output)
            });
    get_code_signing_config: get_code_signing_config::GetCodeSigningConfig {
        GetCodeSigningConfigInput, GetCodeSigningConfigOutput, GetCodeSigningConfigError }
        => |s, ctx, i| code_signing::get_code_signing_config(s, &i.code_signing_config_arn)
            .and_then(|c| {
                lambda_api::operations::get_code_signing_config::GetCodeSigningConfigOutput::builder()
                    .code_signing_config(c)
                    .build()
                    .map_err(Fail::incomplete_output)
            });
    update_code_signing_config: update_code_signing_config::UpdateCodeSigningConfig {
        UpdateCodeSigningConfigInput, UpdateCodeSigningConfigOutput, UpdateCodeSigningConfigError }
        => |s, ctx, i| code_signing::update_code_signing_config(s, i)
            .and_then(|c| {
                lambda_api::operations::update_code_signing_config::UpdateCodeSigningConfigOutput::builder()
                    .code_signing_config(c)
                    .build()
                    .map_err(Fail::incomplete_output)
            });
    delete_code_signing_config: delete_code_signing_config::DeleteCodeSigningConfig {
        DeleteCodeSigningConfigInput, DeleteCodeSigningConfigOutput, DeleteCodeSigningConfigError }
        => |s, ctx, i| code_signing::delete_code_signing_config(s, &i.code_signing_config_arn)
            .map(|()| Default::default());
    list_code_signing_configs: list_code_signing_configs::ListCodeSigningConfigs {
        ListCodeSigningConfigsInput, ListCodeSigningConfigsOutput, ListCodeSigningConfigsError }
        => |s, ctx, i| code_signing::list_code_signing_configs(s, i);
    list_functions_by_code_signing_config: list_functions_by_code_signing_config::ListFunctionsByCodeSigningConfig {
        ListFunctionsByCodeSigningConfigInput, ListFunctionsByCodeSigningConfigOutput, ListFunctionsByCodeSigningConfigError }
        => |s, ctx, i| code_signing::list_functions_by_code_signing_config(s, i);
    put_function_code_signing_config: put_function_code_signing_config::PutFunctionCodeSigningConfig {
        PutFunctionCodeSigningConfigInput, PutFunctionCodeSigningConfigOutput, PutFunctionCodeSigningConfigError }
        => |s, ctx, i| code_signing::put_function_code_signing_config(s, &i.function_name, &i.code_signing_config_arn)
            .and_then(|name| {
                lambda_api::operations::put_function_code_signing_config::PutFunctionCodeSigningConfigOutput::builder()
                    .code_signing_config_arn(i.code_signing_config_arn.clone())
                    .function_name(name)
                    .build()
                    .map_err(Fail::incomplete_output)
            });
    get_function_code_signing_config: get_function_code_signing_config::GetFunctionCodeSigningConfig {
        GetFunctionCodeSigningConfigInput, GetFunctionCodeSigningConfigOutput, GetFunctionCodeSigningConfigError }
        => |s, ctx, i| code_signing::get_function_code_signing_config(s, &i.function_name)
            .and_then(|(name, arn)| {
                lambda_api::operations::get_function_code_signing_config::GetFunctionCodeSigningConfigOutput::builder()
                    .code_signing_config_arn(arn)
                    .function_name(name)
                    .build()
                    .map_err(Fail::incomplete_output)
            });
    delete_function_code_signing_config: delete_function_code_signing_config::DeleteFunctionCodeSigningConfig {
        DeleteFunctionCodeSigningConfigInput, DeleteFunctionCodeSigningConfigOutput, DeleteFunctionCodeSigningConfigError }
        => |s, ctx, i| code_signing::delete_function_code_signing_config(s, &i.function_name)
            .map(|()| Default::default());

    // --- asynchronous invocation settings ---
    put_function_event_invoke_config: put_function_event_invoke_config::PutFunctionEventInvokeConfig {
        PutFunctionEventInvokeConfigInput, PutFunctionEventInvokeConfigOutput, PutFunctionEventInvokeConfigError }
        => |s, ctx, i| event_invoke::put_function_event_invoke_config(s, i);
    update_function_event_invoke_config: update_function_event_invoke_config::UpdateFunctionEventInvokeConfig {
        UpdateFunctionEventInvokeConfigInput, UpdateFunctionEventInvokeConfigOutput, UpdateFunctionEventInvokeConfigError }
        => |s, ctx, i| event_invoke::update_function_event_invoke_config(s, i);
    get_function_event_invoke_config: get_function_event_invoke_config::GetFunctionEventInvokeConfig {
        GetFunctionEventInvokeConfigInput, GetFunctionEventInvokeConfigOutput, GetFunctionEventInvokeConfigError }
        => |s, ctx, i| event_invoke::get_function_event_invoke_config(s, &i.function_name, i.qualifier.as_deref());
    delete_function_event_invoke_config: delete_function_event_invoke_config::DeleteFunctionEventInvokeConfig {
        DeleteFunctionEventInvokeConfigInput, DeleteFunctionEventInvokeConfigOutput, DeleteFunctionEventInvokeConfigError }
        => |s, ctx, i| event_invoke::delete_function_event_invoke_config(s, &i.function_name, i.qualifier.as_deref())
            .map(|()| Default::default());
    list_function_event_invoke_configs: list_function_event_invoke_configs::ListFunctionEventInvokeConfigs {
        ListFunctionEventInvokeConfigsInput, ListFunctionEventInvokeConfigsOutput, ListFunctionEventInvokeConfigsError }
        => |s, ctx, i| event_invoke::list_function_event_invoke_configs(s, i);

    // --- tags ---
    tag_resource: tag_resource::TagResource { TagResourceInput, TagResourceOutput, TagResourceError }
        => |s, ctx, i| tags::tag_resource(s, &i.resource, i.tags).map(|()| Default::default());
    untag_resource: untag_resource::UntagResource { UntagResourceInput, UntagResourceOutput, UntagResourceError }
        => |s, ctx, i| tags::untag_resource(s, &i.resource, &i.tag_keys).map(|()| Default::default());
    list_tags: list_tags::ListTags { ListTagsInput, ListTagsOutput, ListTagsError }
        => |s, ctx, i| tags::list_tags(s, &i.resource)
            .map(|t| lambda_api::operations::list_tags::ListTagsOutput::builder().tags(t).build());

    // --- capacity providers, function scaling and recursion, resource policies ---
    create_capacity_provider: create_capacity_provider::CreateCapacityProvider {
        CreateCapacityProviderInput, CreateCapacityProviderOutput, CreateCapacityProviderError }
        => |s, ctx, i| capacity_providers::create_capacity_provider(s, i).and_then(|c| {
            lambda_api::operations::create_capacity_provider::CreateCapacityProviderOutput::builder()
                .capacity_provider(c)
                .build()
                .map_err(Fail::incomplete_output)
        });
    get_capacity_provider: get_capacity_provider::GetCapacityProvider {
        GetCapacityProviderInput, GetCapacityProviderOutput, GetCapacityProviderError }
        => |s, ctx, i| capacity_providers::get_capacity_provider(s, &i.capacity_provider_name).and_then(|c| {
            lambda_api::operations::get_capacity_provider::GetCapacityProviderOutput::builder()
                .capacity_provider(c)
                .build()
                .map_err(Fail::incomplete_output)
        });
    update_capacity_provider: update_capacity_provider::UpdateCapacityProvider {
        UpdateCapacityProviderInput, UpdateCapacityProviderOutput, UpdateCapacityProviderError }
        => |s, ctx, i| capacity_providers::update_capacity_provider(s, i).and_then(|c| {
            lambda_api::operations::update_capacity_provider::UpdateCapacityProviderOutput::builder()
                .capacity_provider(c)
                .build()
                .map_err(Fail::incomplete_output)
        });
    delete_capacity_provider: delete_capacity_provider::DeleteCapacityProvider {
        DeleteCapacityProviderInput, DeleteCapacityProviderOutput, DeleteCapacityProviderError }
        => |s, ctx, i| capacity_providers::delete_capacity_provider(s, &i.capacity_provider_name).and_then(|c| {
            lambda_api::operations::delete_capacity_provider::DeleteCapacityProviderOutput::builder()
                .capacity_provider(c)
                .build()
                .map_err(Fail::incomplete_output)
        });
    list_capacity_providers: list_capacity_providers::ListCapacityProviders {
        ListCapacityProvidersInput, ListCapacityProvidersOutput, ListCapacityProvidersError }
        => |s, ctx, i| capacity_providers::list_capacity_providers(s, i);
    list_function_versions_by_capacity_provider:
        list_function_versions_by_capacity_provider::ListFunctionVersionsByCapacityProvider {
        ListFunctionVersionsByCapacityProviderInput, ListFunctionVersionsByCapacityProviderOutput,
        ListFunctionVersionsByCapacityProviderError }
        => |s, ctx, i| capacity_providers::list_function_versions_by_capacity_provider(s, i);
    get_function_scaling_config: get_function_scaling_config::GetFunctionScalingConfig {
        GetFunctionScalingConfigInput, GetFunctionScalingConfigOutput, GetFunctionScalingConfigError }
        => |s, ctx, i| scaling::get_function_scaling_config(s, &i.function_name, &i.qualifier);
    put_function_scaling_config: put_function_scaling_config::PutFunctionScalingConfig {
        PutFunctionScalingConfigInput, PutFunctionScalingConfigOutput, PutFunctionScalingConfigError }
        => |s, ctx, i| scaling::put_function_scaling_config(s, &i.function_name, &i.qualifier, i.function_scaling_config)
            .map(|state| {
                lambda_api::operations::put_function_scaling_config::PutFunctionScalingConfigOutput::builder()
                    .function_state(state)
                    .build()
            });
    get_function_recursion_config: get_function_recursion_config::GetFunctionRecursionConfig {
        GetFunctionRecursionConfigInput, GetFunctionRecursionConfigOutput, GetFunctionRecursionConfigError }
        => |s, ctx, i| recursion::get_function_recursion_config(s, &i.function_name).map(|r| {
            lambda_api::operations::get_function_recursion_config::GetFunctionRecursionConfigOutput::builder()
                .recursive_loop(r)
                .build()
        });
    put_function_recursion_config: put_function_recursion_config::PutFunctionRecursionConfig {
        PutFunctionRecursionConfigInput, PutFunctionRecursionConfigOutput, PutFunctionRecursionConfigError }
        => |s, ctx, i| recursion::put_function_recursion_config(s, &i.function_name, i.recursive_loop).map(|r| {
            lambda_api::operations::put_function_recursion_config::PutFunctionRecursionConfigOutput::builder()
                .recursive_loop(r)
                .build()
        });
    get_resource_policy: get_resource_policy::GetResourcePolicy {
        GetResourcePolicyInput, GetResourcePolicyOutput, GetResourcePolicyError }
        => |s, ctx, i| policies::get_resource_policy(s, &i.resource_arn);
    put_resource_policy: put_resource_policy::PutResourcePolicy {
        PutResourcePolicyInput, PutResourcePolicyOutput, PutResourcePolicyError }
        => |s, ctx, i| policies::put_resource_policy(s, i);
    delete_resource_policy: delete_resource_policy::DeleteResourcePolicy {
        DeleteResourcePolicyInput, DeleteResourcePolicyOutput, DeleteResourcePolicyError }
        => |s, ctx, i| policies::delete_resource_policy(s, &i.resource_arn, i.revision_id.as_deref())
            .map(|()| Default::default());

    // --- account ---
    get_account_settings: get_account_settings::GetAccountSettings {
        GetAccountSettingsInput, GetAccountSettingsOutput, GetAccountSettingsError }
        => |s, ctx, i| { let _ = i; Ok(account::get_account_settings(s)) };

    // --- durable executions ---
    get_durable_execution: get_durable_execution::GetDurableExecution {
        GetDurableExecutionInput, GetDurableExecutionOutput, GetDurableExecutionError }
        => |s, ctx, i| durable::get_durable_execution(s, i, now());
    get_durable_execution_history: get_durable_execution_history::GetDurableExecutionHistory {
        GetDurableExecutionHistoryInput, GetDurableExecutionHistoryOutput, GetDurableExecutionHistoryError }
        => |s, ctx, i| durable::get_durable_execution_history(s, i, now());
    get_durable_execution_state: get_durable_execution_state::GetDurableExecutionState {
        GetDurableExecutionStateInput, GetDurableExecutionStateOutput, GetDurableExecutionStateError }
        => |s, ctx, i| durable::get_durable_execution_state(s, i, now());
    list_durable_executions_by_function: list_durable_executions_by_function::ListDurableExecutionsByFunction {
        ListDurableExecutionsByFunctionInput, ListDurableExecutionsByFunctionOutput, ListDurableExecutionsByFunctionError }
        => |s, ctx, i| durable::list_durable_executions_by_function(s, i, now());
    stop_durable_execution: stop_durable_execution::StopDurableExecution {
        StopDurableExecutionInput, StopDurableExecutionOutput, StopDurableExecutionError }
        => |s, ctx, i| durable::stop_durable_execution(s, i, now());
    pause_durable_execution: pause_durable_execution::PauseDurableExecution {
        PauseDurableExecutionInput, PauseDurableExecutionOutput, PauseDurableExecutionError }
        => |s, ctx, i| durable::pause_durable_execution(s, i, now()).map(|()| Default::default());
    resume_durable_execution: resume_durable_execution::ResumeDurableExecution {
        ResumeDurableExecutionInput, ResumeDurableExecutionOutput, ResumeDurableExecutionError }
        => |s, ctx, i| durable::resume_durable_execution(s, i, now()).map(|()| Default::default());
    delete_durable_execution: delete_durable_execution::DeleteDurableExecution {
        DeleteDurableExecutionInput, DeleteDurableExecutionOutput, DeleteDurableExecutionError }
        => |s, ctx, i| durable::delete_durable_execution(s, i, now());
    checkpoint_durable_execution: checkpoint_durable_execution::CheckpointDurableExecution {
        CheckpointDurableExecutionInput, CheckpointDurableExecutionOutput, CheckpointDurableExecutionError }
        => |s, ctx, i| durable::checkpoint_durable_execution(s, i, now());
    send_durable_execution_callback_success: send_durable_execution_callback_success::SendDurableExecutionCallbackSuccess {
        SendDurableExecutionCallbackSuccessInput, SendDurableExecutionCallbackSuccessOutput,
        SendDurableExecutionCallbackSuccessError }
        => |s, ctx, i| durable::send_callback_success(s, i, now()).map(|()| Default::default());
    send_durable_execution_callback_failure: send_durable_execution_callback_failure::SendDurableExecutionCallbackFailure {
        SendDurableExecutionCallbackFailureInput, SendDurableExecutionCallbackFailureOutput,
        SendDurableExecutionCallbackFailureError }
        => |s, ctx, i| durable::send_callback_failure(s, i, now()).map(|()| Default::default());
    send_durable_execution_callback_heartbeat: send_durable_execution_callback_heartbeat::SendDurableExecutionCallbackHeartbeat {
        SendDurableExecutionCallbackHeartbeatInput, SendDurableExecutionCallbackHeartbeatOutput,
        SendDurableExecutionCallbackHeartbeatError }
        => |s, ctx, i| durable::send_callback_heartbeat(s, i, now()).map(|()| Default::default());

    // --- invocation ---
    invoke: invoke::Invoke { InvokeInput, InvokeOutput, InvokeError }
        => |s, ctx, i| {
            let mode = invocation_mode(i.invocation_type.as_ref())?;
            let tail = wants_tail(i.log_type.as_ref())?;
            invoke::check_tenant(s, &i.function_name, i.tenant_id.as_deref())?;
            let r = invoke::invoke(
                s,
                &i.function_name,
                i.qualifier.as_deref(),
                mode,
                tail,
                i.payload.as_ref().map(|p| &p.0),
                &ctx.request_id,
            )?;
            let durable_execution_arn = durable::start_on_invoke(s, durable::Invoked {
                function_name: &i.function_name,
                qualifier: i.qualifier.as_deref(),
                mode,
                execution_name: i.durable_execution_name.as_deref(),
                payload: i.payload.as_ref().map(Blob::as_bytes),
                executed_version: &r.executed_version,
                request_id: &ctx.request_id,
            }, now())?;
            Ok(lambda_api::operations::invoke::InvokeOutput::builder()
                .status_code(r.status)
                .executed_version(r.executed_version)
                .set_log_result(r.log_result)
                .set_payload((r.status == 200).then(|| Blob::new(r.payload)))
                .set_durable_execution_arn(durable_execution_arn)
                .build())
        };
    invoke_async: invoke_async::InvokeAsync { InvokeAsyncInput, InvokeAsyncOutput, InvokeAsyncError }
        => |s, ctx, i| {
            // InvokeAsync cannot name a tenant.
            invoke::check_tenant(s, &i.function_name, None)?;
            let r = invoke::invoke(
                s,
                &i.function_name,
                None,
                Mode::Event,
                false,
                Some(&i.invoke_args.0),
                &ctx.request_id,
            )?;
            durable::start_on_invoke(s, durable::Invoked {
                function_name: &i.function_name,
                qualifier: None,
                mode: Mode::Event,
                execution_name: None,
                payload: Some(i.invoke_args.as_bytes()),
                executed_version: &r.executed_version,
                request_id: &ctx.request_id,
            }, now())?;
            Ok(lambda_api::operations::invoke_async::InvokeAsyncOutput::builder().status(r.status).build())
        };
    invoke_with_response_stream: invoke_with_response_stream::InvokeWithResponseStream {
        InvokeWithResponseStreamInput, InvokeWithResponseStreamOutput, InvokeWithResponseStreamError }
        => |s, ctx, i| {
            let mode = match &i.invocation_type {
                None | Some(ResponseStreamingInvocationType::RequestResponse) => Mode::RequestResponse,
                Some(ResponseStreamingInvocationType::DryRun) => Mode::DryRun,
                Some(other) => {
                    return Err(Fail::InvalidParameter(format!(
                        "Invalid InvocationType: {other}; use RequestResponse or DryRun"
                    )))
                }
            };
            let tail = wants_tail(i.log_type.as_ref())?;
            invoke::check_tenant(s, &i.function_name, i.tenant_id.as_deref())?;
            let r = invoke::invoke(
                s,
                &i.function_name,
                i.qualifier.as_deref(),
                mode,
                tail,
                i.payload.as_ref().map(|p| &p.0),
                &ctx.request_id,
            )?;
            // The response has no member for the execution's ARN; ListDurableExecutionsByFunction
            // shows the execution.
            durable::start_on_invoke(s, durable::Invoked {
                function_name: &i.function_name,
                qualifier: i.qualifier.as_deref(),
                mode,
                execution_name: None,
                payload: i.payload.as_ref().map(Blob::as_bytes),
                executed_version: &r.executed_version,
                request_id: &ctx.request_id,
            }, now())?;
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
            Ok(lambda_api::operations::invoke_with_response_stream::InvokeWithResponseStreamOutput::builder()
                .status_code(r.status)
                .executed_version(r.executed_version)
                .set_response_stream_content_type(
                    event_stream.as_ref().map(|_| "application/octet-stream".to_string()),
                )
                .set_event_stream(event_stream)
                .build())
        };
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
