//! Asynchronous invocation settings (event invoke configs) of functions, versions and aliases.

use crate::error::{Fail, Res};
use crate::state::Store;
use crate::util::{paginate, Page};
use lambda_api::operations::list_function_event_invoke_configs::{
    ListFunctionEventInvokeConfigsInput, ListFunctionEventInvokeConfigsOutput,
};
use lambda_api::operations::put_function_event_invoke_config::PutFunctionEventInvokeConfigInput;
use lambda_api::operations::update_function_event_invoke_config::UpdateFunctionEventInvokeConfigInput;
use lambda_api::types::{DestinationConfig, FunctionEventInvokeConfig};
use lambda_rt::Timestamp;

/// Most items one page of ListFunctionEventInvokeConfigs holds.
pub const EVENT_INVOKE_PAGE_CAP: usize = 50;

/// Resolves the function and qualifier; the settings of the unqualified function are those of
/// `$LATEST`.
fn locate(store: &Store, function_name: &str, qualifier: Option<&str>) -> Res<(String, String)> {
    let r = store.scope.parse_function_with(function_name, qualifier)?;
    store.target(&r.name, r.qualifier.as_deref())?;
    Ok((r.name, r.qualifier.unwrap_or_else(|| "$LATEST".into())))
}

fn missing(store: &Store, name: &str, key: &str) -> Fail {
    Fail::NotFound(format!(
        "The function {} doesn't have an EventInvokeConfig",
        store.scope.qualified_arn(name, Some(key))
    ))
}

/// Destinations must be the ARN of a queue, topic, function, event bus or bucket.
fn check_destinations(d: Option<&DestinationConfig>) -> Res<()> {
    let Some(d) = d else { return Ok(()) };
    let arns = [
        d.on_success.as_ref().and_then(|x| x.destination.as_deref()),
        d.on_failure.as_ref().and_then(|x| x.destination.as_deref()),
    ];
    for arn in arns.into_iter().flatten() {
        let service = arn.split(':').nth(2).unwrap_or_default();
        if !arn.starts_with("arn:") || !["sqs", "sns", "lambda", "events", "s3"].contains(&service) {
            return Err(Fail::InvalidParameter(format!(
                "The provided destination config DestinationConfig has an invalid destination ARN: {arn}"
            )));
        }
    }
    Ok(())
}

/// PutFunctionEventInvokeConfig: replaces the settings (what the request leaves out is reset).
pub fn put_function_event_invoke_config(
    store: &mut Store,
    input: PutFunctionEventInvokeConfigInput,
) -> Res<FunctionEventInvokeConfig> {
    let (name, key) = locate(store, &input.function_name, input.qualifier.as_deref())?;
    check_destinations(input.destination_config.as_ref())?;
    let config = FunctionEventInvokeConfig::builder()
        .function_arn(store.scope.qualified_arn(&name, Some(&key)))
        .last_modified(Timestamp::now())
        .set_maximum_retry_attempts(input.maximum_retry_attempts)
        .set_maximum_event_age_in_seconds(input.maximum_event_age_in_seconds)
        .set_destination_config(input.destination_config)
        .build();
    store.function_mut(&name)?.event_invoke_configs.insert(key, config.clone());
    Ok(config)
}

/// UpdateFunctionEventInvokeConfig: changes only what the request sets.
pub fn update_function_event_invoke_config(
    store: &mut Store,
    input: UpdateFunctionEventInvokeConfigInput,
) -> Res<FunctionEventInvokeConfig> {
    let (name, key) = locate(store, &input.function_name, input.qualifier.as_deref())?;
    check_destinations(input.destination_config.as_ref())?;
    let mut config =
        store.function(&name)?.event_invoke_configs.get(&key).cloned().ok_or_else(|| missing(store, &name, &key))?;
    if input.maximum_retry_attempts.is_some() {
        config.maximum_retry_attempts = input.maximum_retry_attempts;
    }
    if input.maximum_event_age_in_seconds.is_some() {
        config.maximum_event_age_in_seconds = input.maximum_event_age_in_seconds;
    }
    if let Some(d) = input.destination_config {
        let mut merged = config.destination_config.clone().unwrap_or_default();
        if d.on_success.is_some() {
            merged.on_success = d.on_success;
        }
        if d.on_failure.is_some() {
            merged.on_failure = d.on_failure;
        }
        config.destination_config = Some(merged);
    }
    config.last_modified = Some(Timestamp::now());
    store.function_mut(&name)?.event_invoke_configs.insert(key, config.clone());
    Ok(config)
}

/// GetFunctionEventInvokeConfig.
pub fn get_function_event_invoke_config(
    store: &Store,
    function_name: &str,
    qualifier: Option<&str>,
) -> Res<FunctionEventInvokeConfig> {
    let (name, key) = locate(store, function_name, qualifier)?;
    store.function(&name)?.event_invoke_configs.get(&key).cloned().ok_or_else(|| missing(store, &name, &key))
}

/// DeleteFunctionEventInvokeConfig.
pub fn delete_function_event_invoke_config(store: &mut Store, function_name: &str, qualifier: Option<&str>) -> Res<()> {
    let (name, key) = locate(store, function_name, qualifier)?;
    if store.function_mut(&name)?.event_invoke_configs.remove(&key).is_none() {
        return Err(missing(store, &name, &key));
    }
    Ok(())
}

/// ListFunctionEventInvokeConfigs.
pub fn list_function_event_invoke_configs(
    store: &Store,
    input: ListFunctionEventInvokeConfigsInput,
) -> Res<ListFunctionEventInvokeConfigsOutput> {
    let name = store.scope.parse_unqualified(&input.function_name)?;
    let f = store.function(&name)?;
    let items: Vec<_> = f.event_invoke_configs.iter().map(|(k, c)| (k.clone(), c.clone())).collect();
    let Page { items, next_marker } = paginate(items, input.marker.as_deref(), input.max_items, EVENT_INVOKE_PAGE_CAP)?;
    Ok(ListFunctionEventInvokeConfigsOutput::builder()
        .function_event_invoke_configs(items)
        .set_next_marker(next_marker)
        .build())
}
