//! Scaling of the published versions of functions on a capacity provider
//! (Get/PutFunctionScalingConfig): how many execution environments a version keeps.
//!
//! A version starts with [`DEFAULT_EXECUTION_ENVIRONMENTS`] as both minimum and maximum. A
//! maximum of 0 deactivates the version (the answer says `Deactivating`, the version is
//! `Deactivated` from then on and refuses invocations); a maximum above 0 activates it again
//! (the answer says `Pending`, the version is `Active` from then on).

use crate::capacity_providers::provider_of;
use crate::error::{Fail, Res};
use crate::state::{Function, Store, Target, Version, LATEST_PUBLISHED};
use lambda_api::enums::State;
use lambda_api::operations::get_function_scaling_config::GetFunctionScalingConfigOutput;
use lambda_api::types::FunctionScalingConfig;

/// Execution environments a version on a capacity provider keeps at least and at most until
/// told otherwise.
pub const DEFAULT_EXECUTION_ENVIRONMENTS: i32 = 3;

/// The name of the function and the version key a scaling call is about: a published version
/// (a number or `$LATEST.PUBLISHED`) of a function on a capacity provider.
fn scaled_version(store: &Store, function_name: &str, qualifier: &str) -> Res<(String, String, Target)> {
    let name = store.scope.parse_unqualified(function_name)?;
    let f = store.function(&name)?;
    let target = store.target(&name, Some(qualifier))?;
    let key = match &target {
        Target::Version(v) => v.to_string(),
        Target::LatestPublished => LATEST_PUBLISHED.to_string(),
        Target::Latest | Target::Alias(_) => {
            return Err(Fail::InvalidParameter(format!(
                "Scaling configuration applies to a published version (a number or {LATEST_PUBLISHED}), not to {qualifier}."
            )))
        }
    };
    let on_provider = f.version_of(&target).is_some_and(|v| provider_of(&v.config).is_some());
    if !on_provider {
        return Err(Fail::InvalidParameter(format!(
            "The function version {} does not run on a capacity provider; scaling configuration applies only to versions created with a CapacityProviderConfig.",
            store.scope.qualified_arn(&name, Some(&key))
        )));
    }
    Ok((name, key, target))
}

fn defaults() -> FunctionScalingConfig {
    FunctionScalingConfig::builder()
        .min_execution_environments(DEFAULT_EXECUTION_ENVIRONMENTS)
        .max_execution_environments(DEFAULT_EXECUTION_ENVIRONMENTS)
        .build()
}

fn version_mut<'a>(f: &'a mut Function, target: &Target) -> Option<&'a mut Version> {
    match target {
        Target::Version(v) => f.versions.get_mut(v),
        Target::LatestPublished => f.latest_published.as_mut(),
        Target::Latest | Target::Alias(_) => None,
    }
}

/// GetFunctionScalingConfig: the settings in force (the defaults until set) and, once set,
/// the ones asked for.
pub fn get_function_scaling_config(
    store: &Store,
    function_name: &str,
    qualifier: &str,
) -> Res<GetFunctionScalingConfigOutput> {
    let (name, key, _) = scaled_version(store, function_name, qualifier)?;
    let requested = store.function(&name)?.scaling_configs.get(&key).cloned();
    Ok(GetFunctionScalingConfigOutput::builder()
        .function_arn(store.scope.qualified_arn(&name, Some(&key)))
        .applied_function_scaling_config(requested.clone().unwrap_or_else(defaults))
        .set_requested_function_scaling_config(requested)
        .build())
}

/// PutFunctionScalingConfig. A member left out keeps its value in force; the minimum may not
/// exceed the maximum. Returns the state of the version as the answer reports it.
pub fn put_function_scaling_config(
    store: &mut Store,
    function_name: &str,
    qualifier: &str,
    given: Option<FunctionScalingConfig>,
) -> Res<State> {
    let (name, key, target) = scaled_version(store, function_name, qualifier)?;
    let f = store.function_mut(&name)?;
    let current = f.scaling_configs.get(&key).cloned().unwrap_or_else(defaults);
    let given = given.unwrap_or_default();
    let min = given.min_execution_environments.or(current.min_execution_environments).unwrap_or(0);
    let max = given.max_execution_environments.or(current.max_execution_environments).unwrap_or(0);
    if min > max {
        return Err(Fail::InvalidParameter(format!(
            "MinExecutionEnvironments ({min}) cannot be greater than MaxExecutionEnvironments ({max})."
        )));
    }
    let version = version_mut(f, &target).ok_or_else(|| Fail::Service("scaled version vanished".into()))?;
    let was_deactivated = version.config.state == Some(State::Deactivated);
    let answer = match (max, was_deactivated) {
        (0, true) => State::Deactivated,
        (0, false) => State::Deactivating,
        (_, true) => State::Pending,
        (_, false) => State::Active,
    };
    version.config.state = Some(if max == 0 { State::Deactivated } else { State::Active });
    f.scaling_configs.insert(
        key,
        FunctionScalingConfig::builder().min_execution_environments(min).max_execution_environments(max).build(),
    );
    Ok(answer)
}
