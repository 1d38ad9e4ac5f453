//! The durable settings of a function (`DurableConfig` of CreateFunction and
//! UpdateFunctionConfiguration).

use crate::error::{Fail, Res};
use lambda_api::types::DurableConfig;

/// Days a closed execution is kept when the function does not say (the documented default).
pub const DEFAULT_RETENTION_DAYS: i32 = 14;

/// The durable settings of a new function: `ExecutionTimeout` is required, the retention
/// period defaults to [`DEFAULT_RETENTION_DAYS`], an empty KMS key means none.
pub fn for_new_function(given: Option<DurableConfig>) -> Res<Option<DurableConfig>> {
    let Some(mut c) = given else { return Ok(None) };
    if c.execution_timeout.is_none() {
        return Err(Fail::InvalidParameter(
            "DurableConfig.ExecutionTimeout is required to create a durable function.".into(),
        ));
    }
    c.retention_period_in_days = Some(c.retention_period_in_days.unwrap_or(DEFAULT_RETENTION_DAYS));
    c.kms_key_arn = c.kms_key_arn.filter(|k| !k.is_empty());
    Ok(Some(c))
}

/// The durable settings after UpdateFunctionConfiguration: the members given replace the
/// current ones. Durable execution is turned on only when a function is created, so a
/// function without it refuses a `DurableConfig`.
pub fn updated(current: Option<&DurableConfig>, given: Option<DurableConfig>) -> Res<Option<DurableConfig>> {
    let Some(given) = given else { return Ok(current.cloned()) };
    let Some(current) = current else {
        return Err(Fail::InvalidParameter(
            "Durable execution can only be turned on when a function is created; this function has no DurableConfig."
                .into(),
        ));
    };
    let mut c = current.clone();
    if given.execution_timeout.is_some() {
        c.execution_timeout = given.execution_timeout;
    }
    if given.retention_period_in_days.is_some() {
        c.retention_period_in_days = given.retention_period_in_days;
    }
    if let Some(k) = given.kms_key_arn {
        c.kms_key_arn = Some(k).filter(|k| !k.is_empty());
    }
    Ok(Some(c))
}
