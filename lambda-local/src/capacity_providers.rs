//! Capacity providers (Lambda Managed Instances): the compute that function versions created
//! with `CapacityProviderConfig` run on, and the list of the versions that use each one.
//!
//! No instance is launched here. A new provider answers `Pending` and is `Active` from then on;
//! a deleted one answers `Deleting` and is gone.

use crate::error::{Fail, Res};
use crate::state::Store;
use crate::util::{now_iso, paginate, version_name_key, Page};
use lambda_api::enums::{Architecture, CapacityProviderScalingMode, CapacityProviderState, PropagateTagsMode, State};
use lambda_api::operations::create_capacity_provider::CreateCapacityProviderInput;
use lambda_api::operations::list_capacity_providers::{ListCapacityProvidersInput, ListCapacityProvidersOutput};
use lambda_api::operations::list_function_versions_by_capacity_provider::{
    ListFunctionVersionsByCapacityProviderInput, ListFunctionVersionsByCapacityProviderOutput,
};
use lambda_api::operations::update_capacity_provider::UpdateCapacityProviderInput;
use lambda_api::types::{
    CapacityProvider, CapacityProviderConfig, CapacityProviderLoggingConfig, CapacityProviderScalingConfig,
    CapacityProviderTelemetryConfig, FunctionConfiguration, FunctionVersionsByCapacityProviderListItem,
    InstanceRequirements, PropagateTags,
};

/// Most capacity providers one account may have.
pub const CAPACITY_PROVIDER_LIMIT: usize = 1000;
/// Most function versions one capacity provider may serve.
pub const VERSIONS_PER_CAPACITY_PROVIDER: usize = 100;
/// Most items one page of ListCapacityProviders or ListFunctionVersionsByCapacityProvider
/// holds (the model's `MaxItems` bound).
pub const CAPACITY_PROVIDER_PAGE_CAP: usize = 50;

fn missing(store: &Store, name: &str) -> Fail {
    Fail::NotFound(format!("Capacity provider not found: {}", store.scope.capacity_provider_arn(name)))
}

/// The name of a capacity provider given by name or ARN. An ARN of another account or Region
/// names a provider that does not exist here.
fn parse_name(store: &Store, raw: &str) -> Res<String> {
    if !raw.starts_with("arn:") {
        return Ok(raw.to_string());
    }
    let parts: Vec<&str> = raw.split(':').collect();
    if parts.len() != 7 || parts[2] != "lambda" || parts[5] != "capacity-provider" || parts[6].is_empty() {
        return Err(Fail::InvalidParameter(format!("Invalid capacity provider ARN: {raw}")));
    }
    if parts[3] != store.scope.region || parts[4] != store.scope.account {
        return Err(Fail::NotFound(format!("Capacity provider not found: {raw}")));
    }
    Ok(parts[6].to_string())
}

/// The capacity provider ARN a version's configuration names, if it runs on one.
pub fn provider_of(c: &FunctionConfiguration) -> Option<&str> {
    c.capacity_provider_config
        .as_ref()
        .map(|p| p.lambda_managed_instances_capacity_provider_config.capacity_provider_arn.as_str())
}

/// A function version on a capacity provider.
struct Use {
    /// Orders by function, then version.
    key: String,
    /// Qualified ARN of the version.
    arn: String,
    state: State,
}

/// Every function version on the provider `arn`.
fn versions_on(store: &Store, arn: &str) -> Vec<Use> {
    let mut out = Vec::new();
    for (name, f) in &store.functions {
        for (version, v) in f.all_versions() {
            if provider_of(&v.config) == Some(arn) {
                out.push(Use {
                    key: format!("{name}\u{0}{}", version_name_key(&version)),
                    arn: store.scope.qualified_arn(name, Some(&version)),
                    state: v.config.state.clone().unwrap_or(State::Active),
                });
            }
        }
    }
    out
}

/// Checks that a function's `CapacityProviderConfig` names an `Active` capacity provider of
/// this account with room for `adding` more versions.
pub fn check_assignable(store: &Store, config: &CapacityProviderConfig, adding: usize) -> Res<()> {
    let arn = &config.lambda_managed_instances_capacity_provider_config.capacity_provider_arn;
    let name = parse_name(store, arn)?;
    let provider = store.capacity_providers.get(&name).ok_or_else(|| missing(store, &name))?;
    if provider.state != CapacityProviderState::Active {
        return Err(Fail::Conflict(format!(
            "The capacity provider {arn} is {} and cannot take function versions.",
            provider.state
        )));
    }
    let used = versions_on(store, arn).len();
    if used + adding > VERSIONS_PER_CAPACITY_PROVIDER {
        return Err(Fail::FunctionVersionsPerCapacityProviderLimitExceeded(format!(
            "The capacity provider {arn} already serves {used} function versions; the limit is {VERSIONS_PER_CAPACITY_PROVIDER}."
        )));
    }
    Ok(())
}

fn check_scaling(c: &CapacityProviderScalingConfig) -> Res<()> {
    let policies = c.scaling_policies.as_ref().is_some_and(|p| !p.is_empty());
    match c.scaling_mode.as_ref().unwrap_or(&CapacityProviderScalingMode::Auto) {
        CapacityProviderScalingMode::Auto if policies => {
            Err(Fail::InvalidParameter("ScalingPolicies can only be set when ScalingMode is Manual.".into()))
        }
        CapacityProviderScalingMode::Manual if !policies => Err(Fail::InvalidParameter(
            "ScalingPolicies must list at least one policy when ScalingMode is Manual.".into(),
        )),
        CapacityProviderScalingMode::Auto | CapacityProviderScalingMode::Manual => Ok(()),
        other => Err(Fail::InvalidParameter(format!("Invalid ScalingMode: {other}"))),
    }
}

fn scaling_with_defaults(c: Option<CapacityProviderScalingConfig>) -> Res<CapacityProviderScalingConfig> {
    let mut c = c.unwrap_or_default();
    check_scaling(&c)?;
    c.scaling_mode = Some(c.scaling_mode.unwrap_or(CapacityProviderScalingMode::Auto));
    Ok(c)
}

fn check_propagate_tags(p: &PropagateTags) -> Res<()> {
    let explicit = p.explicit_tags.as_ref().is_some_and(|t| !t.is_empty());
    match p.mode.as_ref().unwrap_or(&PropagateTagsMode::None) {
        PropagateTagsMode::None if explicit => {
            Err(Fail::InvalidParameter("ExplicitTags can only be set when the PropagateTags Mode is Explicit.".into()))
        }
        PropagateTagsMode::Explicit if !explicit => {
            Err(Fail::InvalidParameter("ExplicitTags must name at least one tag when the Mode is Explicit.".into()))
        }
        PropagateTagsMode::None | PropagateTagsMode::Explicit => Ok(()),
        other => Err(Fail::InvalidParameter(format!("Invalid PropagateTags Mode: {other}"))),
    }
}

fn telemetry_with_defaults(
    name: &str,
    given: Option<CapacityProviderTelemetryConfig>,
) -> CapacityProviderTelemetryConfig {
    let mut logging = given.and_then(|t| t.logging_config).unwrap_or_default();
    if logging.log_group.is_none() {
        logging.log_group = Some(format!("/aws/lambda/capacity-provider/{name}"));
    }
    CapacityProviderTelemetryConfig::builder().logging_config(logging).build()
}

fn instance_requirements_with_defaults(given: Option<InstanceRequirements>) -> Res<InstanceRequirements> {
    let mut r = given.unwrap_or_default();
    let allowed = r.allowed_instance_types.as_ref().is_some_and(|t| !t.is_empty());
    let excluded = r.excluded_instance_types.as_ref().is_some_and(|t| !t.is_empty());
    if allowed && excluded {
        return Err(Fail::InvalidParameter(
            "AllowedInstanceTypes and ExcludedInstanceTypes cannot both be set.".into(),
        ));
    }
    if r.architectures.as_ref().is_none_or(|a| a.is_empty()) {
        r.architectures = Some(vec![Architecture::X8664]);
    }
    Ok(r)
}

/// CreateCapacityProvider. The answer's state is `Pending`; the provider is `Active` from
/// then on.
pub fn create_capacity_provider(store: &mut Store, input: CreateCapacityProviderInput) -> Res<CapacityProvider> {
    let name = parse_name(store, &input.capacity_provider_name)?;
    let arn = store.scope.capacity_provider_arn(&name);
    if store.capacity_providers.contains_key(&name) {
        return Err(Fail::Conflict(format!("Capacity provider already exists: {arn}")));
    }
    if store.capacity_providers.len() >= CAPACITY_PROVIDER_LIMIT {
        return Err(Fail::CapacityProviderLimitExceeded(format!(
            "An account can have at most {CAPACITY_PROVIDER_LIMIT} capacity providers."
        )));
    }
    if input.vpc_config.subnet_ids.is_empty() {
        return Err(Fail::InvalidParameter("VpcConfig must list at least one subnet.".into()));
    }
    if let Some(p) = &input.propagate_tags {
        check_propagate_tags(p)?;
    }
    let provider = CapacityProvider::builder()
        .capacity_provider_arn(arn.clone())
        .state(CapacityProviderState::Active)
        .vpc_config(input.vpc_config)
        .permissions_config(input.permissions_config)
        .instance_requirements(instance_requirements_with_defaults(input.instance_requirements)?)
        .capacity_provider_scaling_config(scaling_with_defaults(input.capacity_provider_scaling_config)?)
        .set_kms_key_arn(input.kms_key_arn.filter(|k| !k.is_empty()))
        .last_modified(now_iso())
        .set_propagate_tags(input.propagate_tags)
        .telemetry_config(telemetry_with_defaults(&name, input.telemetry_config))
        .build()
        .map_err(Fail::incomplete_output)?;
    if let Some(tags) = input.tags.filter(|t| !t.is_empty()) {
        store.resource_tags.insert(arn, tags.into_iter().collect());
    }
    store.capacity_providers.insert(name, provider.clone());
    let mut answer = provider;
    answer.state = CapacityProviderState::Pending;
    Ok(answer)
}

/// GetCapacityProvider.
pub fn get_capacity_provider(store: &Store, name: &str) -> Res<CapacityProvider> {
    let name = parse_name(store, name)?;
    store.capacity_providers.get(&name).cloned().ok_or_else(|| missing(store, &name))
}

/// UpdateCapacityProvider: the scaling, tag propagation and logging settings; the rest is
/// fixed at creation. A scaling configuration replaces the old one.
pub fn update_capacity_provider(store: &mut Store, input: UpdateCapacityProviderInput) -> Res<CapacityProvider> {
    let name = parse_name(store, &input.capacity_provider_name)?;
    let mut next = store.capacity_providers.get(&name).cloned().ok_or_else(|| missing(store, &name))?;
    if let Some(s) = input.capacity_provider_scaling_config {
        next.capacity_provider_scaling_config = Some(scaling_with_defaults(Some(s))?);
    }
    if let Some(p) = input.propagate_tags {
        check_propagate_tags(&p)?;
        next.propagate_tags = Some(p);
    }
    if let Some(t) = input.telemetry_config {
        let old = next.telemetry_config.take().and_then(|t| t.logging_config).unwrap_or_default();
        let new = t.logging_config.unwrap_or_default();
        let merged = CapacityProviderLoggingConfig::builder()
            .set_system_log_level(new.system_log_level.or(old.system_log_level))
            .set_log_group(new.log_group.or(old.log_group))
            .build();
        next.telemetry_config = Some(telemetry_with_defaults(
            &name,
            Some(CapacityProviderTelemetryConfig::builder().logging_config(merged).build()),
        ));
    }
    next.last_modified = Some(now_iso());
    store.capacity_providers.insert(name, next.clone());
    Ok(next)
}

/// DeleteCapacityProvider: refused while function versions use it. The answer's state is
/// `Deleting`.
pub fn delete_capacity_provider(store: &mut Store, name: &str) -> Res<CapacityProvider> {
    let name = parse_name(store, name)?;
    let arn = store.scope.capacity_provider_arn(&name);
    if !store.capacity_providers.contains_key(&name) {
        return Err(missing(store, &name));
    }
    let users = versions_on(store, &arn);
    if !users.is_empty() {
        let list: Vec<_> = users.into_iter().map(|u| u.arn).collect();
        return Err(Fail::Conflict(format!(
            "The capacity provider {arn} is used by function versions: [{}]. Delete them or move them to another capacity provider first.",
            list.join(", ")
        )));
    }
    let mut gone = store.capacity_providers.remove(&name).ok_or_else(|| missing(store, &name))?;
    store.resource_tags.remove(&arn);
    gone.state = CapacityProviderState::Deleting;
    Ok(gone)
}

/// ListCapacityProviders, optionally only those in one state.
pub fn list_capacity_providers(store: &Store, input: ListCapacityProvidersInput) -> Res<ListCapacityProvidersOutput> {
    let items: Vec<_> = store
        .capacity_providers
        .iter()
        .filter(|(_, p)| input.state.as_ref().is_none_or(|s| *s == p.state))
        .map(|(n, p)| (n.clone(), p.clone()))
        .collect();
    let Page { items, next_marker } =
        paginate(items, input.marker.as_deref(), input.max_items, CAPACITY_PROVIDER_PAGE_CAP)?;
    ListCapacityProvidersOutput::builder()
        .capacity_providers(items)
        .set_next_marker(next_marker)
        .build()
        .map_err(Fail::incomplete_output)
}

/// ListFunctionVersionsByCapacityProvider: every version (`$LATEST` included) whose
/// configuration names the provider.
pub fn list_function_versions_by_capacity_provider(
    store: &Store,
    input: ListFunctionVersionsByCapacityProviderInput,
) -> Res<ListFunctionVersionsByCapacityProviderOutput> {
    let name = parse_name(store, &input.capacity_provider_name)?;
    if !store.capacity_providers.contains_key(&name) {
        return Err(missing(store, &name));
    }
    let arn = store.scope.capacity_provider_arn(&name);
    let items = versions_on(store, &arn)
        .into_iter()
        .map(|u| {
            let item = FunctionVersionsByCapacityProviderListItem::builder().function_arn(u.arn).state(u.state).build();
            item.map(|item| (u.key, item)).map_err(Fail::incomplete_output)
        })
        .collect::<Res<Vec<_>>>()?;
    let Page { items, next_marker } =
        paginate(items, input.marker.as_deref(), input.max_items, CAPACITY_PROVIDER_PAGE_CAP)?;
    ListFunctionVersionsByCapacityProviderOutput::builder()
        .capacity_provider_arn(arn)
        .function_versions(items)
        .set_next_marker(next_marker)
        .build()
        .map_err(Fail::incomplete_output)
}
