//! Function URL configurations, of the unqualified function or of an alias.

use crate::error::{Fail, Res};
use crate::names::as_version;
use crate::state::{qualifier_key, Store};
use crate::util::{now_iso_z, paginate, random_id, Page};
use lambda_api::enums::InvokeMode;
use lambda_api::operations::create_function_url_config::{CreateFunctionUrlConfigInput, CreateFunctionUrlConfigOutput};
use lambda_api::operations::list_function_url_configs::{ListFunctionUrlConfigsInput, ListFunctionUrlConfigsOutput};
use lambda_api::operations::update_function_url_config::UpdateFunctionUrlConfigInput;
use lambda_api::types::FunctionUrlConfig;

/// Most items one page of ListFunctionUrlConfigs holds.
pub const URL_PAGE_CAP: usize = 50;

fn locate(store: &Store, function_name: &str, qualifier: Option<&str>) -> Res<(String, String, String)> {
    let r = store.scope.parse_function_with(function_name, qualifier)?;
    if let Some(q) = r.qualifier.as_deref() {
        if as_version(q).is_some() {
            return Err(Fail::InvalidParameter(format!(
                "Function URLs can be attached to the function or to an alias, not to version {q}."
            )));
        }
    }
    store.target(&r.name, r.qualifier.as_deref())?;
    let arn = store.scope.qualified_arn(&r.name, r.qualifier.as_deref());
    Ok((r.name, qualifier_key(r.qualifier.as_deref()), arn))
}

fn missing() -> Fail {
    Fail::NotFound("The resource you requested does not exist.".into())
}

/// CreateFunctionUrlConfig.
pub fn create_function_url_config(
    store: &mut Store,
    input: CreateFunctionUrlConfigInput,
) -> Res<CreateFunctionUrlConfigOutput> {
    let (name, key, arn) = locate(store, &input.function_name, input.qualifier.as_deref())?;
    if store.function(&name)?.url_configs.contains_key(&key) {
        return Err(Fail::Conflict(format!(
            "Failed to create function url config for [functionArn = {arn}]. Error message:  FunctionUrlConfig exists for this Lambda function"
        )));
    }
    let now = now_iso_z();
    let config = FunctionUrlConfig::builder()
        .function_url(format!("https://{}.lambda-url.{}.on.aws/", random_id(32), store.scope.region))
        .function_arn(arn)
        .auth_type(input.auth_type)
        .set_cors(input.cors)
        .creation_time(now.clone())
        .last_modified_time(now)
        .invoke_mode(input.invoke_mode.unwrap_or(InvokeMode::Buffered))
        .build()
        .map_err(Fail::incomplete_output)?;
    store.function_mut(&name)?.url_configs.insert(key, config.clone());
    CreateFunctionUrlConfigOutput::builder()
        .function_url(config.function_url)
        .function_arn(config.function_arn)
        .auth_type(config.auth_type)
        .set_cors(config.cors)
        .creation_time(config.creation_time)
        .set_invoke_mode(config.invoke_mode)
        .build()
        .map_err(Fail::incomplete_output)
}

/// GetFunctionUrlConfig.
pub fn get_function_url_config(store: &Store, function_name: &str, qualifier: Option<&str>) -> Res<FunctionUrlConfig> {
    let (name, key, _) = locate(store, function_name, qualifier)?;
    store.function(&name)?.url_configs.get(&key).cloned().ok_or_else(missing)
}

/// UpdateFunctionUrlConfig: changes only what the request sets.
pub fn update_function_url_config(store: &mut Store, input: UpdateFunctionUrlConfigInput) -> Res<FunctionUrlConfig> {
    let (name, key, _) = locate(store, &input.function_name, input.qualifier.as_deref())?;
    let f = store.function_mut(&name)?;
    let c = f.url_configs.get_mut(&key).ok_or_else(missing)?;
    if let Some(a) = input.auth_type {
        c.auth_type = a;
    }
    if let Some(cors) = input.cors {
        c.cors = Some(cors);
    }
    if let Some(m) = input.invoke_mode {
        c.invoke_mode = Some(m);
    }
    c.last_modified_time = now_iso_z();
    Ok(c.clone())
}

/// DeleteFunctionUrlConfig.
pub fn delete_function_url_config(store: &mut Store, function_name: &str, qualifier: Option<&str>) -> Res<()> {
    let (name, key, _) = locate(store, function_name, qualifier)?;
    store.function_mut(&name)?.url_configs.remove(&key).map(|_| ()).ok_or_else(missing)
}

/// ListFunctionUrlConfigs.
pub fn list_function_url_configs(
    store: &Store,
    input: ListFunctionUrlConfigsInput,
) -> Res<ListFunctionUrlConfigsOutput> {
    let name = store.scope.parse_unqualified(&input.function_name)?;
    let f = store.function(&name)?;
    let items: Vec<_> = f.url_configs.iter().map(|(k, c)| (k.clone(), c.clone())).collect();
    let Page { items, next_marker } = paginate(items, input.marker.as_deref(), input.max_items, URL_PAGE_CAP)?;
    ListFunctionUrlConfigsOutput::builder()
        .function_url_configs(items)
        .set_next_marker(next_marker)
        .build()
        .map_err(Fail::incomplete_output)
}
