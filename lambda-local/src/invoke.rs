//! Invocation. There is no runtime here: a function answers with the event it was given
//! (an echo), so callers can test their wiring, invocation types and streaming.

use crate::aliases::pick_version;
use crate::capacity_providers::provider_of;
use crate::error::{Fail, Res};
use crate::state::{Store, Target, LATEST_PUBLISHED};
use base64::Engine;
use lambda_api::enums::State;
use lambda_rt::http::Bytes;

/// Largest payload of a synchronous invocation (6 MB).
pub const SYNC_PAYLOAD_LIMIT: usize = 6 * 1024 * 1024;
/// Largest payload of an asynchronous invocation (256 KB).
pub const ASYNC_PAYLOAD_LIMIT: usize = 256 * 1024;
/// Most bytes of log a `Tail` invocation returns.
pub const LOG_TAIL_LIMIT: usize = 4096;

/// How a function is invoked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Wait for the response (200 with the payload).
    RequestResponse,
    /// Queue the event (202, no payload).
    Event,
    /// Only check the parameters and permissions (204).
    DryRun,
}

/// The result of an invocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invocation {
    /// HTTP status: 200, 202 or 204.
    pub status: i32,
    /// The version that ran.
    pub executed_version: String,
    /// The response payload (empty unless `RequestResponse`), shared with the request's.
    pub payload: Bytes,
    /// Base64 of the last 4 KB of the log, when asked for with `LogType=Tail`.
    pub log_result: Option<String>,
}

/// Invokes a function. The version that runs is `$LATEST`, the one named, or for an alias its
/// primary or (with the probability of its weight) its additional version; an unqualified
/// invocation of a function on a capacity provider runs `$LATEST.PUBLISHED`. A reserved
/// concurrency of 0 throttles every synchronous invocation.
pub fn invoke(
    store: &Store,
    function_name: &str,
    qualifier: Option<&str>,
    mode: Mode,
    tail: bool,
    payload: Option<&Bytes>,
    request_id: &str,
) -> Res<Invocation> {
    let r = store.scope.parse_function_with(function_name, qualifier)?;
    let target = store.target(&r.name, r.qualifier.as_deref())?;
    let f = store.function(&r.name)?;
    let executed_version = match &target {
        Target::Latest if r.qualifier.is_none() && provider_of(&f.latest.config).is_some() => {
            if f.latest_published.is_none() {
                return Err(Fail::NoPublishedVersion(format!(
                    "The function {} runs on a capacity provider and has no {LATEST_PUBLISHED} version to invoke; publish one or name a version.",
                    store.scope.function_arn(&r.name)
                )));
            }
            LATEST_PUBLISHED.to_string()
        }
        Target::Latest => "$LATEST".to_string(),
        Target::Version(v) => v.to_string(),
        Target::LatestPublished => LATEST_PUBLISHED.to_string(),
        Target::Alias(a) => f.aliases.get(a).map(pick_version).unwrap_or_else(|| "$LATEST".into()),
    };
    let version = f.version_by_name(&executed_version).ok_or_else(|| {
        Fail::NotFound(format!("Function not found: {}", store.scope.qualified_arn(&r.name, Some(&executed_version))))
    })?;
    if let Some(state @ (State::ActiveNonInvocable | State::Deactivated)) = &version.config.state {
        return Err(Fail::Conflict(format!(
            "The operation cannot be performed at this time. The function is currently in the following state: {state}"
        )));
    }
    let payload = payload.cloned().unwrap_or_default();
    if mode == Mode::Event && payload.len() > ASYNC_PAYLOAD_LIMIT {
        return Err(Fail::RequestEntityTooLarge(format!(
            "{} byte payload is too large for the Event invocation type (limit {ASYNC_PAYLOAD_LIMIT} bytes)",
            payload.len()
        )));
    }
    if payload.len() > SYNC_PAYLOAD_LIMIT {
        return Err(Fail::RequestTooLarge(format!(
            "Request must be smaller than {SYNC_PAYLOAD_LIMIT} bytes for the InvokeFunction operation"
        )));
    }
    if !payload.is_empty() {
        if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&payload) {
            return Err(Fail::InvalidRequestContent(format!("Could not parse request body into json: {e}")));
        }
    }
    // Asynchronous events are queued even when the function is throttled.
    if f.reserved_concurrency == Some(0) && mode == Mode::RequestResponse {
        return Err(Fail::TooManyRequests("Rate Exceeded.".into()));
    }
    // The function echoes its event: the response shares the request's bytes.
    let body = if payload.is_empty() { Bytes::from_static(b"{}") } else { payload };
    let memory = version.config.memory_size.unwrap_or(128);
    let log_result = (tail && mode == Mode::RequestResponse).then(|| log_tail(request_id, &executed_version, memory));
    Ok(match mode {
        Mode::RequestResponse => Invocation { status: 200, executed_version, payload: body, log_result },
        Mode::Event => Invocation { status: 202, executed_version, payload: Bytes::new(), log_result: None },
        Mode::DryRun => Invocation { status: 204, executed_version, payload: Bytes::new(), log_result: None },
    })
}

/// Checks the tenant of an invocation against the function's tenant isolation: a function
/// with `TenancyConfig` needs a `TenantId`, and any other function refuses one.
pub fn check_tenant(store: &Store, function_name: &str, tenant_id: Option<&str>) -> Res<()> {
    let r = store.scope.parse_function(function_name)?;
    let f = store.function(&r.name)?;
    match (&f.latest.config.tenancy_config, tenant_id) {
        (Some(t), None) => Err(Fail::InvalidParameter(format!(
            "The function {} uses tenant isolation ({}): give the TenantId of the invocation (X-Amz-Tenant-Id).",
            store.scope.function_arn(&r.name),
            t.tenant_isolation_mode
        ))),
        (None, Some(_)) => Err(Fail::InvalidParameter(format!(
            "TenantId is only accepted by functions with tenant isolation (TenancyConfig); {} has none.",
            store.scope.function_arn(&r.name)
        ))),
        _ => Ok(()),
    }
}

/// The log lines of one invocation, Base64-encoded, at most [`LOG_TAIL_LIMIT`] bytes (the end).
pub fn log_tail(request_id: &str, version: &str, memory: i32) -> String {
    let log = format!(
        "START RequestId: {request_id} Version: {version}\nEND RequestId: {request_id}\nREPORT RequestId: {request_id}\tDuration: 0.10 ms\tBilled Duration: 1 ms\tMemory Size: {memory} MB\tMax Memory Used: {memory} MB\t\n"
    );
    let bytes = log.as_bytes();
    let tail = &bytes[bytes.len().saturating_sub(LOG_TAIL_LIMIT)..];
    base64::engine::general_purpose::STANDARD.encode(tail)
}

/// Splits a payload into `parts` chunks of nearly equal size (at least one chunk, none
/// empty unless the payload is).
pub fn chunks(payload: &Bytes, parts: usize) -> Vec<Bytes> {
    if payload.is_empty() {
        return vec![Bytes::new()];
    }
    let parts = parts.clamp(1, payload.len());
    let size = payload.len().div_ceil(parts);
    // Slices of the one payload, not copies.
    (0..payload.len()).step_by(size).map(|start| payload.slice(start..(start + size).min(payload.len()))).collect()
}
