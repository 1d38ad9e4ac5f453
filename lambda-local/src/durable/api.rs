//! The durable execution operations over a [`Store`], and the start of an execution when a
//! durable function is invoked. Each takes the time it happens at; the transitions are in
//! [`super::machine`].

use super::machine::{self, Chained, Start};
use super::model::{DurableExecutions, Execution, LastCheckpoint, Secs};
use super::view;
use crate::error::{Fail, Res};
use crate::invoke::{self, Mode};
use crate::state::{Store, Target};
use crate::util::{new_uuid, paginate};
use lambda_api::enums::{OperationAction, OperationType};
use lambda_api::operations::checkpoint_durable_execution::{
    CheckpointDurableExecutionInput, CheckpointDurableExecutionOutput,
};
use lambda_api::operations::delete_durable_execution::{DeleteDurableExecutionInput, DeleteDurableExecutionOutput};
use lambda_api::operations::get_durable_execution::{GetDurableExecutionInput, GetDurableExecutionOutput};
use lambda_api::operations::get_durable_execution_history::{
    GetDurableExecutionHistoryInput, GetDurableExecutionHistoryOutput,
};
use lambda_api::operations::get_durable_execution_state::{
    GetDurableExecutionStateInput, GetDurableExecutionStateOutput,
};
use lambda_api::operations::list_durable_executions_by_function::{
    ListDurableExecutionsByFunctionInput, ListDurableExecutionsByFunctionOutput,
};
use lambda_api::operations::pause_durable_execution::PauseDurableExecutionInput;
use lambda_api::operations::resume_durable_execution::ResumeDurableExecutionInput;
use lambda_api::operations::send_durable_execution_callback_failure::SendDurableExecutionCallbackFailureInput;
use lambda_api::operations::send_durable_execution_callback_heartbeat::SendDurableExecutionCallbackHeartbeatInput;
use lambda_api::operations::send_durable_execution_callback_success::SendDurableExecutionCallbackSuccessInput;
use lambda_api::operations::stop_durable_execution::{StopDurableExecutionInput, StopDurableExecutionOutput};
use lambda_api::types::{CheckpointUpdatedExecutionState, OperationUpdate};
use lambda_rt::Timestamp;
use std::collections::BTreeMap;

/// Items of a history, state or list page when `MaxItems` is absent or 0.
pub const DEFAULT_PAGE: i32 = 100;
/// Most items of a page.
pub const PAGE_CAP: usize = 1000;

/// An invocation that may start a durable execution.
#[derive(Clone, Copy, Debug)]
pub struct Invoked<'a> {
    /// The function as the caller named it.
    pub function_name: &'a str,
    /// The `Qualifier` parameter.
    pub qualifier: Option<&'a str>,
    /// The invocation type.
    pub mode: Mode,
    /// `X-Amz-Durable-Execution-Name`.
    pub execution_name: Option<&'a str>,
    /// The payload sent.
    pub payload: Option<&'a [u8]>,
    /// The version that ran.
    pub executed_version: &'a str,
    /// The request id of the invocation.
    pub request_id: &'a str,
}

fn not_found(arn: &str) -> Fail {
    Fail::NotFound(format!("Durable execution not found: {arn}"))
}

/// GetDurableExecutionState and CheckpointDurableExecution know no missing execution: only a
/// token that is not the current one.
fn unknown_token(token: &str, arn: &str) -> Fail {
    Fail::InvalidParameter(format!("Invalid checkpoint token {token}: there is no durable execution {arn}"))
}

fn page_size(max_items: Option<i32>) -> Option<i32> {
    match max_items {
        None | Some(0) => Some(DEFAULT_PAGE),
        n => n,
    }
}

/// A sort key for position `n`; `descending` reverses the order.
fn order_key(n: u64, descending: bool) -> String {
    format!("{:020}", if descending { u64::MAX - n } else { n })
}

/// Forgets closed executions older than their retention period.
fn purge_expired(d: &mut DurableExecutions, now: Secs) {
    let gone: Vec<String> = d.by_arn.values().filter(|e| machine::expired(e, now)).map(|e| e.arn.clone()).collect();
    for arn in gone {
        forget(d, &arn);
    }
}

fn forget(d: &mut DurableExecutions, arn: &str) {
    d.by_arn.remove(arn);
    d.callbacks.retain(|_, owner| owner != arn);
}

fn execution<'a>(store: &'a mut Store, arn: &str, now: Secs) -> Res<&'a mut Execution> {
    purge_expired(&mut store.durable, now);
    store.durable.by_arn.get_mut(arn).ok_or_else(|| not_found(arn))
}

/// Starts a durable execution when the version an invocation ran is durable, and returns its
/// ARN (or that of the execution of the same name and payload). A durable function is invoked
/// only with a qualifier; a dry run starts nothing.
pub fn start_on_invoke(store: &mut Store, inv: Invoked<'_>, now: Secs) -> Res<Option<String>> {
    let r = store.scope.parse_function_with(inv.function_name, inv.qualifier)?;
    let config =
        store.function(&r.name)?.version_by_name(inv.executed_version).and_then(|v| v.config.durable_config.clone());
    let Some(config) = config else { return Ok(None) };
    if r.qualifier.is_none() {
        return Err(Fail::InvalidParameter("You cannot invoke a durable function using an unqualified ARN.".into()));
    }
    if inv.mode == Mode::DryRun {
        return Ok(None);
    }
    let input = match inv.payload {
        Some(p) if !p.is_empty() => String::from_utf8_lossy(p).into_owned(),
        _ => "{}".to_string(),
    };
    purge_expired(&mut store.durable, now);
    if let Some(name) = inv.execution_name {
        let existing = store.durable.by_arn.values_mut().find(|e| e.function_name == r.name && e.name == name);
        if let Some(e) = existing {
            machine::settle(e, now);
            if e.input == input {
                return Ok(Some(e.arn.clone()));
            }
            return Err(Fail::DurableExecutionAlreadyStarted(format!(
                "A durable execution named {name} was already started for function {} with a different payload: {}",
                r.name, e.arn
            )));
        }
    }
    let start = new_start(store, &r.name, inv.executed_version, config, inv.execution_name, input, inv.request_id);
    let arn = start.arn.clone();
    begin(&mut store.durable, start, inv.mode == Mode::RequestResponse, now);
    Ok(Some(arn))
}

/// What starts an execution of version `version` of function `name` (its number is set by
/// [`begin`]).
fn new_start(
    store: &Store,
    name: &str,
    version: &str,
    config: lambda_api::types::DurableConfig,
    execution_name: Option<&str>,
    input: String,
    request_id: &str,
) -> Start {
    let id = new_uuid();
    let execution_name = execution_name.map_or_else(new_uuid, str::to_string);
    let function_arn = store.scope.qualified_arn(name, Some(version));
    Start {
        arn: format!("{function_arn}/durable-execution/{execution_name}/{id}"),
        name: execution_name,
        id,
        function_name: name.to_string(),
        function_arn,
        version: version.to_string(),
        config,
        input,
        synchronous: false,
        number: 0,
        request_id: request_id.to_string(),
    }
}

/// Starts an execution; a synchronous invocation waits for its first invocation to end.
fn begin(d: &mut DurableExecutions, mut start: Start, synchronous: bool, now: Secs) {
    d.started += 1;
    start.number = d.started;
    start.synchronous = synchronous;
    let mut e = machine::start(start, now);
    if synchronous {
        machine::settle(&mut e, now);
    }
    d.by_arn.insert(e.arn.clone(), e);
}

/// GetDurableExecution.
pub fn get_durable_execution(
    store: &mut Store,
    input: GetDurableExecutionInput,
    now: Secs,
) -> Res<GetDurableExecutionOutput> {
    let e = execution(store, &input.durable_execution_arn, now)?;
    machine::settle(e, now);
    view::detail(e, input.include_execution_data.unwrap_or(true))
}

/// GetDurableExecutionHistory: events oldest first (newest first with `ReverseOrder`).
pub fn get_durable_execution_history(
    store: &mut Store,
    input: GetDurableExecutionHistoryInput,
    now: Secs,
) -> Res<GetDurableExecutionHistoryOutput> {
    let e = execution(store, &input.durable_execution_arn, now)?;
    machine::settle(e, now);
    let include = input.include_execution_data.unwrap_or(true);
    let descending = input.reverse_order == Some(true);
    let items = e
        .events
        .iter()
        .enumerate()
        .map(|(i, ev)| (order_key(i as u64, descending), view::event(ev, include)))
        .collect();
    let page = paginate(items, input.marker.as_deref(), page_size(input.max_items), PAGE_CAP)?;
    GetDurableExecutionHistoryOutput::builder()
        .events(page.items)
        .set_next_marker(page.next_marker)
        .build()
        .map_err(Fail::incomplete_output)
}

/// GetDurableExecutionState: the operations the invocation holding `CheckpointToken` replays.
pub fn get_durable_execution_state(
    store: &mut Store,
    input: GetDurableExecutionStateInput,
    now: Secs,
) -> Res<GetDurableExecutionStateOutput> {
    purge_expired(&mut store.durable, now);
    let arn = &input.durable_execution_arn;
    let e = store.durable.by_arn.get_mut(arn).ok_or_else(|| unknown_token(&input.checkpoint_token, arn))?;
    machine::advance(e, now);
    machine::check_token(e, &input.checkpoint_token)?;
    let items = machine::replayed_operations(e).into_iter().map(|i| (order_key(i as u64, false), i)).collect();
    let page = paginate(items, input.marker.as_deref(), page_size(input.max_items), PAGE_CAP)?;
    GetDurableExecutionStateOutput::builder()
        .operations(view::operations(e, &page.items)?)
        .set_next_marker(page.next_marker)
        .build()
        .map_err(Fail::incomplete_output)
}

/// ListDurableExecutionsByFunction: newest first (oldest first with `ReverseOrder`), filtered
/// by version (a qualifier; an alias stands for its version), name, status and start time.
pub fn list_durable_executions_by_function(
    store: &mut Store,
    input: ListDurableExecutionsByFunctionInput,
    now: Secs,
) -> Res<ListDurableExecutionsByFunctionOutput> {
    let r = store.scope.parse_function_with(&input.function_name, input.qualifier.as_deref())?;
    store.function(&r.name)?;
    let version = match &r.qualifier {
        None => None,
        Some(q) => Some(match store.target(&r.name, Some(q))? {
            Target::Latest => "$LATEST".to_string(),
            Target::Version(v) => v.to_string(),
            Target::LatestPublished => crate::state::LATEST_PUBLISHED.to_string(),
            Target::Alias(a) => {
                store.function(&r.name)?.aliases.get(&a).and_then(|a| a.function_version.clone()).unwrap_or_default()
            }
        }),
    };
    purge_expired(&mut store.durable, now);
    let chronological = input.reverse_order == Some(true);
    let mut items = Vec::new();
    for e in store.durable.by_arn.values_mut().filter(|e| e.function_name == r.name) {
        machine::settle(e, now);
        let keep = version.as_ref().is_none_or(|v| *v == e.version)
            && input.durable_execution_name.as_ref().is_none_or(|n| *n == e.name)
            && input.statuses.as_ref().is_none_or(|s| s.contains(&e.status))
            && input.started_after.is_none_or(|t| e.started > t.epoch_seconds())
            && input.started_before.is_none_or(|t| e.started < t.epoch_seconds());
        if keep {
            items.push((order_key(e.number, !chronological), view::summary(e)?));
        }
    }
    let page = paginate(items, input.marker.as_deref(), page_size(input.max_items), PAGE_CAP)?;
    Ok(ListDurableExecutionsByFunctionOutput::builder()
        .durable_executions(page.items)
        .set_next_marker(page.next_marker)
        .build())
}

/// StopDurableExecution.
pub fn stop_durable_execution(
    store: &mut Store,
    input: StopDurableExecutionInput,
    now: Secs,
) -> Res<StopDurableExecutionOutput> {
    let e = execution(store, &input.durable_execution_arn, now)?;
    let at = machine::stop(e, now, input.error)?;
    StopDurableExecutionOutput::builder()
        .stop_timestamp(Timestamp::from_epoch_seconds(at))
        .build()
        .map_err(Fail::incomplete_output)
}

/// PauseDurableExecution (the execution timeout pauses too unless told otherwise).
pub fn pause_durable_execution(store: &mut Store, input: PauseDurableExecutionInput, now: Secs) -> Res<()> {
    let e = execution(store, &input.durable_execution_arn, now)?;
    let timeout_paused = input.execution_timeout_paused.unwrap_or(true);
    machine::pause(e, now, input.reason, timeout_paused, input.client_token.as_deref())
}

/// ResumeDurableExecution.
pub fn resume_durable_execution(store: &mut Store, input: ResumeDurableExecutionInput, now: Secs) -> Res<()> {
    let e = execution(store, &input.durable_execution_arn, now)?;
    machine::resume(e, now, input.reason, input.client_token.as_deref())
}

/// DeleteDurableExecution: only a closed execution; it is gone at once, with its callbacks,
/// and its name is free again.
pub fn delete_durable_execution(
    store: &mut Store,
    input: DeleteDurableExecutionInput,
    now: Secs,
) -> Res<DeleteDurableExecutionOutput> {
    let arn = &input.durable_execution_arn;
    let e = execution(store, arn, now)?;
    machine::settle(e, now);
    if !e.is_closed() {
        return Err(Fail::Conflict(format!(
            "The durable execution {arn} is {}; only a SUCCEEDED, FAILED, TIMED_OUT or STOPPED execution can be deleted",
            e.status
        )));
    }
    forget(&mut store.durable, arn);
    DeleteDurableExecutionOutput::builder()
        .deletion_request_timestamp(Timestamp::from_epoch_seconds(now))
        .build()
        .map_err(Fail::incomplete_output)
}

/// CheckpointDurableExecution. A retry with the client token and checkpoint token of the
/// last checkpoint gets the same answer again.
pub fn checkpoint_durable_execution(
    store: &mut Store,
    input: CheckpointDurableExecutionInput,
    now: Secs,
) -> Res<CheckpointDurableExecutionOutput> {
    purge_expired(&mut store.durable, now);
    let arn = input.durable_execution_arn.clone();
    let updates = input.updates.unwrap_or_default();
    let (chained, children) = run_chained_invocations(store, &updates);
    let d = &mut store.durable;
    let e = d.by_arn.get_mut(&arn).ok_or_else(|| unknown_token(&input.checkpoint_token, &arn))?;
    let retry = match (&input.client_token, &e.last_checkpoint) {
        (Some(ct), Some(last)) if last.client_token == *ct && last.consumed == input.checkpoint_token => {
            Some(last.reply.clone())
        }
        _ => None,
    };
    let reply = match retry {
        Some(reply) => reply,
        None => {
            let reply = machine::checkpoint(e, now, &input.checkpoint_token, &updates, &chained)?;
            if let Some(client_token) = input.client_token {
                e.last_checkpoint = Some(LastCheckpoint {
                    client_token,
                    consumed: input.checkpoint_token.clone(),
                    reply: reply.clone(),
                });
            }
            for i in &reply.changed {
                if let Some(c) = &e.ops[*i].callback {
                    d.callbacks.insert(c.id.clone(), arn.clone());
                }
            }
            for child in children {
                begin(d, child, true, now);
            }
            reply
        }
    };
    let e = d.by_arn.get(&arn).ok_or_else(|| not_found(&arn))?;
    let mut state = CheckpointUpdatedExecutionState::default();
    state.operations = Some(view::operations(e, &reply.changed)?);
    CheckpointDurableExecutionOutput::builder()
        .set_checkpoint_token(reply.token)
        .new_execution_state(state)
        .build()
        .map_err(Fail::incomplete_output)
}

/// Runs the functions the updates start chained invocations of (they echo, like every
/// function here), before anything changes: how each went, by operation id, and the durable
/// executions to start for durable targets once the checkpoint is accepted.
fn run_chained_invocations(store: &Store, updates: &[OperationUpdate]) -> (BTreeMap<String, Chained>, Vec<Start>) {
    let mut outcomes = BTreeMap::new();
    let mut children = Vec::new();
    let starts =
        updates.iter().filter(|u| u.r#type == OperationType::ChainedInvoke && u.action == OperationAction::Start);
    for u in starts {
        let Some(options) = &u.chained_invoke_options else { continue };
        let payload = u.payload.clone().map(lambda_rt::http::Bytes::from);
        let request_id = new_uuid();
        let ran = invoke::invoke(
            store,
            &options.function_name,
            None,
            Mode::RequestResponse,
            false,
            payload.as_ref(),
            &request_id,
        );
        let outcome = match ran {
            Err(f) => Chained::Failed(machine::error_object(f.code(), f.message().to_string())),
            Ok(r) => {
                // invoke() found the function, so its name parses.
                let target = store.scope.parse_function(&options.function_name).ok();
                let qualified = target.as_ref().is_some_and(|t| t.qualifier.is_some());
                let name = target.map(|t| t.name).unwrap_or_default();
                let durable = store
                    .functions
                    .get(&name)
                    .and_then(|f| f.version_by_name(&r.executed_version))
                    .and_then(|v| v.config.durable_config.clone());
                let result = String::from_utf8_lossy(&r.payload).into_owned();
                match durable {
                    Some(_) if !qualified => Chained::Failed(machine::error_object(
                        "InvalidParameterValueException",
                        "You cannot invoke a durable function using an unqualified ARN.".into(),
                    )),
                    Some(config) => {
                        let input = result.clone();
                        let start = new_start(store, &name, &r.executed_version, config, None, input, &request_id);
                        let arn = start.arn.clone();
                        children.push(start);
                        Chained::Succeeded { version: r.executed_version, result, durable_execution_arn: Some(arn) }
                    }
                    None => Chained::Succeeded { version: r.executed_version, result, durable_execution_arn: None },
                }
            }
        };
        outcomes.insert(u.id.clone(), outcome);
    }
    (outcomes, children)
}

fn callback<'a>(d: &'a mut DurableExecutions, id: &str) -> Res<(&'a mut Execution, usize)> {
    let missing = || Fail::NotFound(format!("Callback not found: {id}"));
    let arn = d.callbacks.get(id).ok_or_else(missing)?;
    let e = d.by_arn.get_mut(arn).ok_or_else(missing)?;
    let i = e.ops.iter().position(|o| o.callback.as_ref().is_some_and(|c| c.id == id)).ok_or_else(missing)?;
    Ok((e, i))
}

/// SendDurableExecutionCallbackSuccess: the result must be text (the operation keeps it as a
/// string).
pub fn send_callback_success(store: &mut Store, input: SendDurableExecutionCallbackSuccessInput, now: Secs) -> Res<()> {
    let result = match input.result {
        Some(blob) => Some(String::from_utf8(Vec::from(blob.into_inner())).map_err(|_| {
            Fail::InvalidParameter(format!("The Result of callback {} is not UTF-8 text", input.callback_id))
        })?),
        None => None,
    };
    purge_expired(&mut store.durable, now);
    let (e, i) = callback(&mut store.durable, &input.callback_id)?;
    machine::callback_succeed(e, i, now, result)
}

/// SendDurableExecutionCallbackFailure.
pub fn send_callback_failure(store: &mut Store, input: SendDurableExecutionCallbackFailureInput, now: Secs) -> Res<()> {
    purge_expired(&mut store.durable, now);
    let (e, i) = callback(&mut store.durable, &input.callback_id)?;
    machine::callback_fail(e, i, now, input.error)
}

/// SendDurableExecutionCallbackHeartbeat.
pub fn send_callback_heartbeat(
    store: &mut Store,
    input: SendDurableExecutionCallbackHeartbeatInput,
    now: Secs,
) -> Res<()> {
    purge_expired(&mut store.durable, now);
    let (e, i) = callback(&mut store.durable, &input.callback_id)?;
    machine::callback_heartbeat(e, i, now)
}
