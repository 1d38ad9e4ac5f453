//! Code signing configurations, and attaching them to functions.

use crate::error::{Fail, Res};
use crate::state::Store;
use crate::util::{now_iso, paginate, random_hex, Page};
use lambda_api::enums::CodeSigningPolicy;
use lambda_api::operations::create_code_signing_config::CreateCodeSigningConfigInput;
use lambda_api::operations::list_code_signing_configs::{ListCodeSigningConfigsInput, ListCodeSigningConfigsOutput};
use lambda_api::operations::list_functions_by_code_signing_config::{
    ListFunctionsByCodeSigningConfigInput, ListFunctionsByCodeSigningConfigOutput,
};
use lambda_api::operations::update_code_signing_config::UpdateCodeSigningConfigInput;
use lambda_api::types::{CodeSigningConfig, CodeSigningPolicies};

/// Most items one page of the code signing lists holds.
pub const CSC_PAGE_CAP: usize = 10_000;

fn missing(arn: &str) -> Fail {
    Fail::NotFound(format!("Code signing configuration not found: {arn}"))
}

/// CreateCodeSigningConfig. Untrusted artifacts are only warned about unless the policy says
/// `Enforce`.
pub fn create_code_signing_config(store: &mut Store, input: CreateCodeSigningConfigInput) -> Res<CodeSigningConfig> {
    let id = format!("csc-{}", random_hex(17));
    let arn = store.scope.code_signing_config_arn(&id);
    let policy =
        input.code_signing_policies.and_then(|p| p.untrusted_artifact_on_deployment).unwrap_or(CodeSigningPolicy::Warn);
    let config = CodeSigningConfig::builder()
        .code_signing_config_id(id)
        .code_signing_config_arn(arn.clone())
        .description(input.description.unwrap_or_default())
        .allowed_publishers(input.allowed_publishers)
        .code_signing_policies(CodeSigningPolicies::builder().untrusted_artifact_on_deployment(policy).build())
        .last_modified(now_iso())
        .build()
        .map_err(Fail::incomplete_output)?;
    if let Some(tags) = input.tags.filter(|t| !t.is_empty()) {
        store.resource_tags.insert(arn.clone(), tags.into_iter().collect());
    }
    store.code_signing_configs.insert(arn, config.clone());
    Ok(config)
}

/// GetCodeSigningConfig.
pub fn get_code_signing_config(store: &Store, arn: &str) -> Res<CodeSigningConfig> {
    store.code_signing_configs.get(arn).cloned().ok_or_else(|| missing(arn))
}

/// UpdateCodeSigningConfig: changes only what the request sets.
pub fn update_code_signing_config(store: &mut Store, input: UpdateCodeSigningConfigInput) -> Res<CodeSigningConfig> {
    let arn = input.code_signing_config_arn;
    let c = store.code_signing_configs.get_mut(&arn).ok_or_else(|| missing(&arn))?;
    if let Some(p) = input.allowed_publishers {
        c.allowed_publishers = p;
    }
    if let Some(p) = input.code_signing_policies {
        if p.untrusted_artifact_on_deployment.is_some() {
            c.code_signing_policies.untrusted_artifact_on_deployment = p.untrusted_artifact_on_deployment;
        }
    }
    if let Some(d) = input.description {
        c.description = Some(d);
    }
    c.last_modified = now_iso();
    Ok(c.clone())
}

fn users(store: &Store, arn: &str) -> Vec<String> {
    store
        .functions
        .iter()
        .filter(|(_, f)| f.code_signing_config_arn.as_deref() == Some(arn))
        .map(|(name, _)| store.scope.function_arn(name))
        .collect()
}

/// DeleteCodeSigningConfig; refused while a function uses it.
pub fn delete_code_signing_config(store: &mut Store, arn: &str) -> Res<()> {
    if !store.code_signing_configs.contains_key(arn) {
        return Err(missing(arn));
    }
    if !users(store, arn).is_empty() {
        return Err(Fail::Conflict(format!(
            "The code signing configuration {arn} is used by one or more functions; detach it first."
        )));
    }
    store.code_signing_configs.remove(arn);
    store.resource_tags.remove(arn);
    Ok(())
}

/// ListCodeSigningConfigs.
pub fn list_code_signing_configs(
    store: &Store,
    input: ListCodeSigningConfigsInput,
) -> Res<ListCodeSigningConfigsOutput> {
    let items: Vec<_> = store.code_signing_configs.iter().map(|(k, c)| (k.clone(), c.clone())).collect();
    let Page { items, next_marker } = paginate(items, input.marker.as_deref(), input.max_items, CSC_PAGE_CAP)?;
    Ok(ListCodeSigningConfigsOutput::builder().code_signing_configs(items).set_next_marker(next_marker).build())
}

/// ListFunctionsByCodeSigningConfig.
pub fn list_functions_by_code_signing_config(
    store: &Store,
    input: ListFunctionsByCodeSigningConfigInput,
) -> Res<ListFunctionsByCodeSigningConfigOutput> {
    let arn = &input.code_signing_config_arn;
    if !store.code_signing_configs.contains_key(arn) {
        return Err(missing(arn));
    }
    let items: Vec<_> = users(store, arn).into_iter().map(|a| (a.clone(), a)).collect();
    let Page { items, next_marker } = paginate(items, input.marker.as_deref(), input.max_items, CSC_PAGE_CAP)?;
    Ok(ListFunctionsByCodeSigningConfigOutput::builder().function_arns(items).set_next_marker(next_marker).build())
}

/// PutFunctionCodeSigningConfig. Returns the function name.
pub fn put_function_code_signing_config(store: &mut Store, function_name: &str, arn: &str) -> Res<String> {
    let name = store.scope.parse_unqualified(function_name)?;
    store.function(&name)?;
    if !store.code_signing_configs.contains_key(arn) {
        return Err(Fail::CodeSigningConfigNotFound(format!("Code signing configuration not found: {arn}")));
    }
    store.function_mut(&name)?.code_signing_config_arn = Some(arn.to_string());
    Ok(name)
}

/// GetFunctionCodeSigningConfig: the function name and the attached ARN (empty when none).
pub fn get_function_code_signing_config(store: &Store, function_name: &str) -> Res<(String, String)> {
    let name = store.scope.parse_unqualified(function_name)?;
    let arn = store.function(&name)?.code_signing_config_arn.clone().unwrap_or_default();
    Ok((name, arn))
}

/// DeleteFunctionCodeSigningConfig.
pub fn delete_function_code_signing_config(store: &mut Store, function_name: &str) -> Res<()> {
    let name = store.scope.parse_unqualified(function_name)?;
    store.function_mut(&name)?.code_signing_config_arn = None;
    Ok(())
}
