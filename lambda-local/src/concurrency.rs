//! Reserved and provisioned concurrency.

use crate::error::{Fail, Res};
use crate::state::{Provisioned, Store, Target};
use crate::util::{now_iso, paginate, Page};
use lambda_api::enums::ProvisionedConcurrencyStatusEnum;
use lambda_api::operations::get_provisioned_concurrency_config::GetProvisionedConcurrencyConfigOutput;
use lambda_api::operations::list_provisioned_concurrency_configs::{
    ListProvisionedConcurrencyConfigsInput, ListProvisionedConcurrencyConfigsOutput,
};
use lambda_api::operations::put_provisioned_concurrency_config::{
    PutProvisionedConcurrencyConfigInput, PutProvisionedConcurrencyConfigOutput,
};
use lambda_api::types::ProvisionedConcurrencyConfigListItem;

/// Concurrent executions the account has in each Region.
pub const ACCOUNT_CONCURRENCY: i32 = 1000;
/// Executions that must stay unreserved.
pub const MIN_UNRESERVED: i32 = 100;
/// Most items one page of ListProvisionedConcurrencyConfigs holds.
pub const PROVISIONED_PAGE_CAP: usize = 50;

/// Executions not reserved by any function.
pub fn unreserved(store: &Store) -> i32 {
    ACCOUNT_CONCURRENCY - store.functions.values().filter_map(|f| f.reserved_concurrency).sum::<i32>()
}

/// PutFunctionConcurrency: at least [`MIN_UNRESERVED`] executions must stay unreserved, and
/// the reservation must cover the function's provisioned concurrency.
pub fn put_function_concurrency(store: &mut Store, function_name: &str, n: i32) -> Res<i32> {
    let name = store.scope.parse_unqualified(function_name)?;
    let f = store.function(&name)?;
    if n < 0 {
        return Err(Fail::InvalidParameter("ReservedConcurrentExecutions must be 0 or more.".into()));
    }
    // Sums in i64: requested numbers may be as large as an i32 holds.
    let others: i64 = store
        .functions
        .iter()
        .filter(|(k, _)| **k != name)
        .filter_map(|(_, f)| f.reserved_concurrency)
        .map(i64::from)
        .sum();
    if i64::from(ACCOUNT_CONCURRENCY) - others - i64::from(n) < i64::from(MIN_UNRESERVED) {
        return Err(Fail::InvalidParameter(format!(
            "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [{MIN_UNRESERVED}]."
        )));
    }
    let provisioned: i64 = f.provisioned.values().map(|p| i64::from(p.requested)).sum();
    if provisioned > i64::from(n) {
        return Err(Fail::InvalidParameter(format!(
            "ReservedConcurrentExecutions ({n}) must be at least the function's provisioned concurrency ({provisioned})."
        )));
    }
    store.function_mut(&name)?.reserved_concurrency = Some(n);
    Ok(n)
}

/// GetFunctionConcurrency (`None` when nothing is reserved).
pub fn get_function_concurrency(store: &Store, function_name: &str) -> Res<Option<i32>> {
    let name = store.scope.parse_unqualified(function_name)?;
    Ok(store.function(&name)?.reserved_concurrency)
}

/// DeleteFunctionConcurrency.
pub fn delete_function_concurrency(store: &mut Store, function_name: &str) -> Res<()> {
    let name = store.scope.parse_unqualified(function_name)?;
    store.function_mut(&name)?.reserved_concurrency = None;
    Ok(())
}

fn not_configured() -> String {
    "No Provisioned Concurrency Config found for this function".into()
}

/// Resolves the version or alias of a provisioned concurrency call.
fn provisioned_target(store: &Store, function_name: &str, qualifier: &str) -> Res<(String, String, Target)> {
    let r = store.scope.parse_function_with(function_name, Some(qualifier))?;
    let q = r.qualifier.unwrap_or_else(|| qualifier.to_string());
    if q == "$LATEST" {
        return Err(Fail::InvalidParameter(
            "Provisioned Concurrency Configs cannot be applied to unpublished function versions.".into(),
        ));
    }
    let target = store.target(&r.name, Some(&q))?;
    Ok((r.name, q, target))
}

/// PutProvisionedConcurrencyConfig. The answer says `IN_PROGRESS`; the configuration is
/// `READY` from then on.
pub fn put_provisioned_concurrency_config(
    store: &mut Store,
    input: PutProvisionedConcurrencyConfigInput,
) -> Res<PutProvisionedConcurrencyConfigOutput> {
    let (name, q, target) = provisioned_target(store, &input.function_name, &input.qualifier)?;
    let n = input.provisioned_concurrent_executions;
    if n < 1 {
        return Err(Fail::InvalidParameter("ProvisionedConcurrentExecutions must be at least 1.".into()));
    }
    let f = store.function(&name)?;
    match &target {
        Target::Alias(a) => {
            let version = f.aliases.get(a).and_then(|x| x.function_version.clone()).unwrap_or_default();
            if f.provisioned.contains_key(&version) {
                return Err(Fail::Conflict(
                    "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version"
                        .into(),
                ));
            }
        }
        Target::Version(_) | Target::LatestPublished => {
            let aliased = f
                .aliases
                .iter()
                .any(|(a, x)| x.function_version.as_deref() == Some(q.as_str()) && f.provisioned.contains_key(a));
            if aliased {
                return Err(Fail::Conflict(
                    "Version is pointed by an alias that already has Provisioned Concurrency configured".into(),
                ));
            }
        }
        Target::Latest => {}
    }
    let others: i64 = f.provisioned.iter().filter(|(k, _)| **k != q).map(|(_, p)| i64::from(p.requested)).sum();
    if let Some(reserved) = f.reserved_concurrency {
        if others + i64::from(n) > i64::from(reserved) {
            return Err(Fail::InvalidParameter(format!(
                "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function ({reserved})."
            )));
        }
    }
    let last_modified = now_iso();
    store.function_mut(&name)?.provisioned.insert(
        q,
        Provisioned {
            requested: n,
            status: ProvisionedConcurrencyStatusEnum::Ready,
            last_modified: last_modified.clone(),
        },
    );
    Ok(PutProvisionedConcurrencyConfigOutput::builder()
        .requested_provisioned_concurrent_executions(n)
        .allocated_provisioned_concurrent_executions(0)
        .available_provisioned_concurrent_executions(0)
        .status(ProvisionedConcurrencyStatusEnum::InProgress)
        .last_modified(last_modified)
        .build())
}

/// GetProvisionedConcurrencyConfig.
pub fn get_provisioned_concurrency_config(
    store: &Store,
    function_name: &str,
    qualifier: &str,
) -> Res<GetProvisionedConcurrencyConfigOutput> {
    let (name, q, _) = provisioned_target(store, function_name, qualifier)?;
    let p = store
        .function(&name)?
        .provisioned
        .get(&q)
        .ok_or_else(|| Fail::ProvisionedConcurrencyConfigNotFound(not_configured()))?;
    Ok(GetProvisionedConcurrencyConfigOutput::builder()
        .requested_provisioned_concurrent_executions(p.requested)
        .allocated_provisioned_concurrent_executions(p.requested)
        .available_provisioned_concurrent_executions(p.requested)
        .status(p.status.clone())
        .last_modified(p.last_modified.clone())
        .build())
}

/// DeleteProvisionedConcurrencyConfig.
pub fn delete_provisioned_concurrency_config(store: &mut Store, function_name: &str, qualifier: &str) -> Res<()> {
    let (name, q, _) = provisioned_target(store, function_name, qualifier)?;
    match store.function_mut(&name)?.provisioned.remove(&q) {
        Some(_) => Ok(()),
        None => Err(Fail::NotFound(not_configured())),
    }
}

/// ListProvisionedConcurrencyConfigs.
pub fn list_provisioned_concurrency_configs(
    store: &Store,
    input: ListProvisionedConcurrencyConfigsInput,
) -> Res<ListProvisionedConcurrencyConfigsOutput> {
    let name = store.scope.parse_unqualified(&input.function_name)?;
    let f = store.function(&name)?;
    let items: Vec<_> = f
        .provisioned
        .iter()
        .map(|(q, p)| {
            (
                q.clone(),
                ProvisionedConcurrencyConfigListItem::builder()
                    .function_arn(store.scope.qualified_arn(&name, Some(q)))
                    .requested_provisioned_concurrent_executions(p.requested)
                    .allocated_provisioned_concurrent_executions(p.requested)
                    .available_provisioned_concurrent_executions(p.requested)
                    .status(p.status.clone())
                    .last_modified(p.last_modified.clone())
                    .build(),
            )
        })
        .collect();
    let Page { items, next_marker } = paginate(items, input.marker.as_deref(), input.max_items, PROVISIONED_PAGE_CAP)?;
    Ok(ListProvisionedConcurrencyConfigsOutput::builder()
        .provisioned_concurrency_configs(items)
        .set_next_marker(next_marker)
        .build())
}
