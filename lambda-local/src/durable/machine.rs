//! The durable execution state machine: plain functions over one [`Execution`] and the time
//! they happen at. Nothing here looks at the clock, so every transition is tested with the
//! times it is given.
//!
//! There is no function code. The code of every durable function is taken to be "return the
//! event": an invocation ends by finishing the execution with its input as the result, unless
//! an operation it started is still pending (then the execution waits for it and the function
//! is invoked again once nothing is pending), or a pause was asked for meanwhile. Whoever holds
//! an invocation's checkpoint token may act as its code in between (the durable execution
//! SDK's side of the protocol): checkpoint operations and read the state. lambda-local/README.md
//! describes the whole machine.

use super::config::DEFAULT_RETENTION_DAYS;
use super::model::{
    Callback, Checkpointed, ClientTokenUse, Execution, Invocation, Op, Pause, Secs, CLIENT_TOKEN_WINDOW, MAX_LIFETIME,
};
use crate::error::{Fail, Res};
use crate::util::{new_uuid, random_id};
use base64::Engine;
use lambda_api::enums::{EventType, ExecutionStatus, OperationAction, OperationStatus, OperationType};
use lambda_api::types::{
    CallbackFailedDetails, CallbackStartedDetails, CallbackSucceededDetails, CallbackTimedOutDetails,
    ChainedInvokeFailedDetails, ChainedInvokeStartedDetails, ChainedInvokeSucceededDetails, ContextFailedDetails,
    ContextStartedDetails, ContextSucceededDetails, DurableConfig, ErrorObject, Event, EventError, EventInput,
    EventPauseReason, EventResult, EventResumeReason, ExecutionFailedDetails, ExecutionPausedDetails,
    ExecutionResumedDetails, ExecutionStartedDetails, ExecutionStoppedDetails, ExecutionSucceededDetails,
    ExecutionTimedOutDetails, InvocationCompletedDetails, OperationUpdate, RetryDetails, StepFailedDetails,
    StepStartedDetails, StepSucceededDetails, WaitCancelledDetails, WaitStartedDetails, WaitSucceededDetails,
};
use lambda_rt::Timestamp;
use std::collections::{BTreeMap, BTreeSet};

/// Largest payload of an `EXECUTION` update of an execution started synchronously (6 MB).
pub const SYNC_PAYLOAD_LIMIT: usize = 6 * 1024 * 1024;
/// Largest payload of every other update (1 MB).
pub const PAYLOAD_LIMIT: usize = 1024 * 1024;
/// Largest error of an update, all its fields together (1 MB).
pub const ERROR_LIMIT: usize = 1024 * 1024;
/// Execution timeout used when a version's durable settings carry none (366 days).
pub const DEFAULT_EXECUTION_TIMEOUT: i32 = 31_622_400;

/// What starts an execution.
#[derive(Clone, Debug)]
pub struct Start {
    /// The execution's ARN.
    pub arn: String,
    /// Its name.
    pub name: String,
    /// Its id.
    pub id: String,
    /// The function's name.
    pub function_name: String,
    /// The ARN of the version that runs it.
    pub function_arn: String,
    /// That version.
    pub version: String,
    /// The version's durable settings.
    pub config: DurableConfig,
    /// The event (the invocation's payload).
    pub input: String,
    /// Whether the invocation is synchronous.
    pub synchronous: bool,
    /// The execution's number (start order).
    pub number: u64,
    /// The request id of the invocation that starts it.
    pub request_id: String,
}

/// How a chained invocation went (lambda-local runs the target at once: it echoes too).
#[derive(Clone, Debug, PartialEq)]
pub enum Chained {
    /// The target answered: the version that ran and the result.
    Succeeded {
        /// The version that ran.
        version: String,
        /// Its response.
        result: String,
        /// The durable execution the invocation started, when the target is durable.
        durable_execution_arn: Option<String>,
    },
    /// The target could not be invoked.
    Failed(ErrorObject),
}

/// The checkpoint token number `n` of an execution: the Base64 of `<execution id>:<n>`.
/// The first invocation's first token is number 1.
pub fn checkpoint_token(execution_id: &str, n: u64) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{execution_id}:{n}"))
}

/// An error object with a type and a message.
pub fn error_object(error_type: &str, message: String) -> ErrorObject {
    let mut e = ErrorObject::default();
    e.error_type = Some(error_type.to_string());
    e.error_message = Some(message);
    e
}

/// A new execution, `RUNNING`, with its first invocation in progress.
pub fn start(s: Start, at: Secs) -> Execution {
    let timeout = s.config.execution_timeout.unwrap_or(DEFAULT_EXECUTION_TIMEOUT);
    let retention_days = s.config.retention_period_in_days.unwrap_or(DEFAULT_RETENTION_DAYS);
    let execution_op = Op {
        id: s.id.clone(),
        parent_id: None,
        name: None,
        sub_type: None,
        kind: OperationType::Execution,
        status: OperationStatus::Started,
        started: at,
        ended: None,
        changed: 1,
        result: None,
        error: None,
        attempt: 0,
        next_attempt: None,
        wait_seconds: None,
        wait_end: None,
        callback: None,
        replay_children: None,
        input: Some(s.input.clone()),
    };
    let mut e = Execution {
        arn: s.arn,
        name: s.name,
        id: s.id,
        function_name: s.function_name,
        function_arn: s.function_arn,
        version: s.version,
        config: s.config,
        timeout: f64::from(timeout),
        retention_days,
        input: s.input,
        synchronous: s.synchronous,
        status: ExecutionStatus::Running,
        started: at,
        ended: None,
        result: None,
        error: None,
        number: s.number,
        ops: vec![execution_op],
        events: Vec::new(),
        invocation: None,
        pause: None,
        paused_for: 0.0,
        tokens_issued: 0,
        changes: 1,
        reported: 0,
        last_checkpoint: None,
        client_tokens: Vec::new(),
    };
    let input = e.input.clone();
    push_event(&mut e, EventType::ExecutionStarted, at, 0, |ev| {
        let mut d = ExecutionStartedDetails::default();
        d.input = event_input(Some(&input));
        d.execution_timeout = timeout;
        ev.execution_started_details = Some(d);
    });
    begin_invocation(&mut e, at, s.request_id);
    e
}

/// The world outside the invocation looks at the execution at `now`: timers due by then fire,
/// and an invocation in progress ends first (its code returns).
pub fn settle(e: &mut Execution, now: Secs) {
    advance(e, now);
    if e.invocation.is_some() {
        end_invocation(e, now);
    }
}

/// Fires every timer due by `now`, in time order: wait ends, callback timeouts, step retry
/// delays and the execution timeout. The function is invoked again whenever nothing is left
/// pending and no invocation is in progress.
pub fn advance(e: &mut Execution, now: Secs) {
    while !e.is_closed() {
        let Some((at, due)) = next_due(e) else { break };
        if at > now {
            break;
        }
        match due {
            Due::ExecutionTimeout => {
                let error = error_object(
                    "ExecutionTimeout",
                    format!("The durable execution did not finish within its timeout of {} seconds", e.timeout),
                );
                record_invocation_end(e, at, Some(error.clone()));
                close(e, at, ExecutionStatus::TimedOut, None, Some(error));
            }
            Due::WaitEnd(i) => {
                set_status(e, i, OperationStatus::Succeeded, Some(at));
                let duration = e.ops[i].wait_seconds;
                push_event(e, EventType::WaitSucceeded, at, i, |ev| {
                    let mut d = WaitSucceededDetails::default();
                    d.duration = duration;
                    ev.wait_succeeded_details = Some(d);
                });
            }
            Due::CallbackTimeout { op: i, heartbeat } => {
                let (id, seconds) = match &e.ops[i].callback {
                    Some(c) if heartbeat => (c.id.clone(), c.heartbeat_timeout.unwrap_or_default()),
                    Some(c) => (c.id.clone(), c.timeout.unwrap_or_default()),
                    None => (String::new(), 0),
                };
                let error = if heartbeat {
                    error_object(
                        "CallbackHeartbeatTimeout",
                        format!("Callback {id} received no heartbeat for {seconds} seconds"),
                    )
                } else {
                    error_object("CallbackTimeout", format!("Callback {id} was not completed within {seconds} seconds"))
                };
                set_status(e, i, OperationStatus::TimedOut, Some(at));
                e.ops[i].error = Some(error.clone());
                push_event(e, EventType::CallbackTimedOut, at, i, |ev| {
                    let mut d = CallbackTimedOutDetails::default();
                    d.error = event_error(Some(&error));
                    ev.callback_timed_out_details = Some(d);
                });
            }
            Due::RetryReady(i) => {
                e.ops[i].next_attempt = None;
                set_status(e, i, OperationStatus::Ready, None);
            }
        }
        run_if_idle(e, at);
    }
}

/// Something that becomes due at a point in time.
enum Due {
    ExecutionTimeout,
    WaitEnd(usize),
    CallbackTimeout { op: usize, heartbeat: bool },
    RetryReady(usize),
}

fn next_due(e: &Execution) -> Option<(Secs, Due)> {
    let mut best: Option<(Secs, Due)> = None;
    let mut consider = |at: Secs, due: Due| {
        if best.as_ref().is_none_or(|(b, _)| at < *b) {
            best = Some((at, due));
        }
    };
    for (i, op) in e.ops.iter().enumerate() {
        match (&op.kind, &op.status) {
            (OperationType::Wait, OperationStatus::Started) => {
                if let Some(end) = op.wait_end {
                    consider(end, Due::WaitEnd(i));
                }
            }
            (OperationType::Callback, OperationStatus::Started) => {
                if let Some(c) = &op.callback {
                    if let Some(t) = c.timeout.filter(|t| *t > 0) {
                        consider(op.started + f64::from(t), Due::CallbackTimeout { op: i, heartbeat: false });
                    }
                    if let Some(t) = c.heartbeat_timeout.filter(|t| *t > 0) {
                        consider(c.last_beat + f64::from(t), Due::CallbackTimeout { op: i, heartbeat: true });
                    }
                }
            }
            (OperationType::Step, OperationStatus::Pending) => {
                if let Some(at) = op.next_attempt {
                    consider(at, Due::RetryReady(i));
                }
            }
            _ => {}
        }
    }
    // An operation due at the same moment as the timeout comes first.
    let timeout = timeout_deadline(e);
    if best.as_ref().is_none_or(|(b, _)| timeout < *b) {
        best = Some((timeout, Due::ExecutionTimeout));
    }
    best
}

/// When the execution times out: its timeout after the start, plus the time it spent paused
/// with its timeout paused; while so paused, 366 days after the start.
pub fn timeout_deadline(e: &Execution) -> Secs {
    let limit = e.started + MAX_LIFETIME;
    match &e.pause {
        Some(p) if p.timeout_paused && p.paused_at.is_some() => limit,
        _ => (e.started + e.timeout + e.paused_for).min(limit),
    }
}

/// Whether a closed execution has outlived its retention period.
pub fn expired(e: &Execution, now: Secs) -> bool {
    e.ended.is_some_and(|end| now > end + f64::from(e.retention_days) * 86_400.0)
}

/// PauseDurableExecution: a running execution with an invocation in progress becomes
/// `PAUSING` (`PAUSED` when the invocation ends); without one it is `PAUSED` at once.
pub fn pause(
    e: &mut Execution,
    at: Secs,
    reason: Option<String>,
    timeout_paused: bool,
    client_token: Option<&str>,
) -> Res<()> {
    advance(e, at);
    let request = format!("pause {reason:?} {timeout_paused}");
    if repeated(e, client_token, &request, at)? {
        return Ok(());
    }
    match e.status {
        ExecutionStatus::Running => {}
        ExecutionStatus::Pausing | ExecutionStatus::Paused => {
            return Err(Fail::Conflict(format!("The durable execution {} is already {}", e.arn, e.status)))
        }
        _ => {
            return Err(Fail::Conflict(format!(
                "The durable execution {} is {}; only a running execution can be paused",
                e.arn, e.status
            )))
        }
    }
    e.pause = Some(Pause { requested: at, reason, timeout_paused, paused_at: None, interrupted: false });
    if e.invocation.is_some() {
        e.status = ExecutionStatus::Pausing;
    } else {
        become_paused(e, at, false);
    }
    remember(e, client_token, request, at);
    Ok(())
}

/// ResumeDurableExecution: a `PAUSING` execution goes on as if never paused; a `PAUSED` one
/// runs again, and its function is invoked if the pause cut an invocation short or nothing is
/// pending any more.
pub fn resume(e: &mut Execution, at: Secs, reason: Option<String>, client_token: Option<&str>) -> Res<()> {
    advance(e, at);
    let request = format!("resume {reason:?}");
    if repeated(e, client_token, &request, at)? {
        return Ok(());
    }
    match e.status {
        ExecutionStatus::Pausing => {
            e.status = ExecutionStatus::Running;
            e.pause = None;
        }
        ExecutionStatus::Paused => {
            let pause = e.pause.take();
            if let Some(Pause { timeout_paused: true, paused_at: Some(since), .. }) = &pause {
                e.paused_for += at - since;
            }
            e.status = ExecutionStatus::Running;
            push_event(e, EventType::ExecutionResumed, at, 0, |ev| {
                let mut d = ExecutionResumedDetails::default();
                d.resume_request_timestamp = Timestamp::from_epoch_seconds(at);
                let mut r = EventResumeReason::default();
                r.payload = reason.clone();
                d.reason = reason.is_some().then_some(r);
                ev.execution_resumed_details = Some(d);
            });
            if pause.is_some_and(|p| p.interrupted) || !e.has_pending() {
                run_function(e, at);
            }
        }
        ExecutionStatus::Running => {
            return Err(Fail::Conflict(format!("The durable execution {} is not paused", e.arn)))
        }
        _ => {
            return Err(Fail::Conflict(format!(
                "The durable execution {} is {}; only a paused execution can be resumed",
                e.arn, e.status
            )))
        }
    }
    remember(e, client_token, request, at);
    Ok(())
}

/// StopDurableExecution: a running, pausing or paused execution is `STOPPED`; its invocation
/// and open operations end. Returns when it stopped.
pub fn stop(e: &mut Execution, at: Secs, error: Option<ErrorObject>) -> Res<Secs> {
    advance(e, at);
    if e.is_closed() {
        return Err(Fail::InvalidParameter(format!(
            "The durable execution {} is already {}; only a running or paused execution can be stopped",
            e.arn, e.status
        )));
    }
    record_invocation_end(e, at, Some(error_object("Stopped", "The durable execution was stopped".into())));
    close(e, at, ExecutionStatus::Stopped, None, error);
    Ok(at)
}

/// Checks that `token` is the checkpoint token the invocation in progress must present.
pub fn check_token(e: &Execution, token: &str) -> Res<()> {
    match &e.invocation {
        Some(inv) if inv.token == token && !e.is_closed() => Ok(()),
        _ => Err(Fail::InvalidParameter(format!(
            "Invalid checkpoint token {token}: it is not the current token of an invocation in progress of {}",
            e.arn
        ))),
    }
}

/// CheckpointDurableExecution: applies the updates at once (all or none), then issues the next
/// token, unless the invocation ended with this checkpoint (an `EXECUTION` update closed the
/// execution, or a pause took effect). `chained` holds how each chained invocation the updates
/// start went, by operation id.
pub fn checkpoint(
    e: &mut Execution,
    at: Secs,
    token: &str,
    updates: &[OperationUpdate],
    chained: &BTreeMap<String, Chained>,
) -> Res<Checkpointed> {
    advance(e, at);
    check_token(e, token)?;
    validate(e, updates)?;
    for u in updates {
        apply(e, at, u, chained);
    }
    let changed: Vec<usize> = (0..e.ops.len()).filter(|i| e.ops[*i].changed > e.reported).collect();
    let token = if e.is_closed() {
        record_invocation_end(e, at, None);
        None
    } else if e.status == ExecutionStatus::Pausing {
        record_invocation_end(e, at, None);
        become_paused(e, at, true);
        None
    } else {
        let next = issue_token(e);
        if let Some(inv) = e.invocation.as_mut() {
            inv.token = next.clone();
        }
        Some(next)
    };
    e.reported = e.changes;
    Ok(Checkpointed { token, changed })
}

/// SendDurableExecutionCallbackSuccess: the callback operation at `op` succeeds with `result`.
pub fn callback_succeed(e: &mut Execution, op: usize, at: Secs, result: Option<String>) -> Res<()> {
    let mut details = CallbackSucceededDetails::default();
    details.result = event_result(result.as_deref());
    answer_callback(
        e,
        op,
        at,
        OperationStatus::Succeeded,
        EventType::CallbackSucceeded,
        |o| o.result = result,
        |ev| ev.callback_succeeded_details = Some(details),
    )
}

/// SendDurableExecutionCallbackFailure: the callback operation at `op` fails with `error`.
pub fn callback_fail(e: &mut Execution, op: usize, at: Secs, error: Option<ErrorObject>) -> Res<()> {
    let mut details = CallbackFailedDetails::default();
    details.error = event_error(error.as_ref());
    answer_callback(
        e,
        op,
        at,
        OperationStatus::Failed,
        EventType::CallbackFailed,
        |o| o.error = error,
        |ev| ev.callback_failed_details = Some(details),
    )
}

/// A callback answered: it must be open; its outcome and event are recorded, and the
/// execution runs on if nothing else holds it.
fn answer_callback(
    e: &mut Execution,
    op: usize,
    at: Secs,
    status: OperationStatus,
    event: EventType,
    outcome: impl FnOnce(&mut Op),
    details: impl FnOnce(&mut Event),
) -> Res<()> {
    advance(e, at);
    open_callback(e, op)?;
    set_status(e, op, status, Some(at));
    outcome(&mut e.ops[op]);
    push_event(e, event, at, op, details);
    run_if_idle(e, at);
    Ok(())
}

/// SendDurableExecutionCallbackHeartbeat: the callback operation at `op` heard a heartbeat,
/// which restarts its heartbeat timeout.
pub fn callback_heartbeat(e: &mut Execution, op: usize, at: Secs) -> Res<()> {
    advance(e, at);
    open_callback(e, op)?;
    if let Some(c) = e.ops[op].callback.as_mut() {
        c.last_beat = at;
    }
    Ok(())
}

fn open_callback(e: &Execution, op: usize) -> Res<()> {
    let o = &e.ops[op];
    if e.is_closed() || o.status != OperationStatus::Started {
        let id = o.callback.as_ref().map(|c| c.id.as_str()).unwrap_or_default();
        return Err(Fail::CallbackTimeout(format!(
            "Callback {id} has timed out or is already closed (operation {} is {})",
            o.id, o.status
        )));
    }
    Ok(())
}

// --- invocations ---------------------------------------------------------------------------

fn issue_token(e: &mut Execution) -> String {
    e.tokens_issued += 1;
    checkpoint_token(&e.id, e.tokens_issued)
}

fn begin_invocation(e: &mut Execution, at: Secs, request_id: String) {
    let token = issue_token(e);
    e.reported = e.changes;
    e.invocation = Some(Invocation { request_id, started: at, token });
}

/// Notes in the history that the invocation in progress ended; false if there was none.
fn record_invocation_end(e: &mut Execution, at: Secs, error: Option<ErrorObject>) -> bool {
    let Some(inv) = e.invocation.take() else { return false };
    push_event(e, EventType::InvocationCompleted, at, 0, |ev| {
        let mut d = InvocationCompletedDetails::default();
        d.start_timestamp = Timestamp::from_epoch_seconds(inv.started);
        d.end_timestamp = Timestamp::from_epoch_seconds(at);
        d.request_id = inv.request_id.clone();
        d.error = error.as_ref().map(|x| event_error(Some(x)));
        ev.invocation_completed_details = Some(d);
    });
    true
}

/// The invocation in progress ends: the code returns its input, unless an operation is
/// pending (the execution waits) or a pause was asked for (it takes effect now).
fn end_invocation(e: &mut Execution, at: Secs) {
    if !record_invocation_end(e, at, None) {
        return;
    }
    match e.status {
        ExecutionStatus::Pausing => become_paused(e, at, true),
        ExecutionStatus::Running if e.has_pending() => {}
        ExecutionStatus::Running => {
            let result = e.input.clone();
            close(e, at, ExecutionStatus::Succeeded, Some(result), None);
        }
        _ => {}
    }
}

/// Lambda invokes the function (it returns at once).
fn run_function(e: &mut Execution, at: Secs) {
    begin_invocation(e, at, new_uuid());
    end_invocation(e, at);
}

/// Invokes the function when the execution runs, nothing is pending and no invocation is in
/// progress: what it waited for has happened.
fn run_if_idle(e: &mut Execution, at: Secs) {
    if e.status == ExecutionStatus::Running && e.invocation.is_none() && !e.has_pending() {
        run_function(e, at);
    }
}

fn become_paused(e: &mut Execution, at: Secs, interrupted: bool) {
    let Some(p) = e.pause.as_mut() else { return };
    p.paused_at = Some(at);
    p.interrupted |= interrupted;
    let p = p.clone();
    e.status = ExecutionStatus::Paused;
    push_event(e, EventType::ExecutionPaused, at, 0, |ev| {
        let mut d = ExecutionPausedDetails::default();
        d.pause_request_timestamp = Timestamp::from_epoch_seconds(p.requested);
        let mut r = EventPauseReason::default();
        r.payload = p.reason.clone();
        d.reason = p.reason.is_some().then_some(r);
        d.execution_timeout_paused = p.timeout_paused;
        ev.execution_paused_details = Some(d);
    });
}

/// Closes the execution; its open operations stop.
fn close(e: &mut Execution, at: Secs, status: ExecutionStatus, result: Option<String>, error: Option<ErrorObject>) {
    let op_status = match status {
        ExecutionStatus::Succeeded => OperationStatus::Succeeded,
        ExecutionStatus::Failed => OperationStatus::Failed,
        ExecutionStatus::TimedOut => OperationStatus::TimedOut,
        _ => OperationStatus::Stopped,
    };
    for i in 1..e.ops.len() {
        if e.ops[i].is_open() {
            set_status(e, i, OperationStatus::Stopped, Some(at));
        }
    }
    set_status(e, 0, op_status, Some(at));
    e.ops[0].result = result.clone();
    e.ops[0].error = error.clone();
    e.status = status.clone();
    e.ended = Some(at);
    e.result = result.clone();
    e.error = error.clone();
    e.pause = None;
    match status {
        ExecutionStatus::Succeeded => push_event(e, EventType::ExecutionSucceeded, at, 0, |ev| {
            let mut d = ExecutionSucceededDetails::default();
            d.result = event_result(result.as_deref());
            ev.execution_succeeded_details = Some(d);
        }),
        ExecutionStatus::Failed => push_event(e, EventType::ExecutionFailed, at, 0, |ev| {
            let mut d = ExecutionFailedDetails::default();
            d.error = event_error(error.as_ref());
            ev.execution_failed_details = Some(d);
        }),
        ExecutionStatus::TimedOut => push_event(e, EventType::ExecutionTimedOut, at, 0, |ev| {
            let mut d = ExecutionTimedOutDetails::default();
            d.error = Some(event_error(error.as_ref()));
            ev.execution_timed_out_details = Some(d);
        }),
        _ => push_event(e, EventType::ExecutionStopped, at, 0, |ev| {
            let mut d = ExecutionStoppedDetails::default();
            d.error = event_error(error.as_ref());
            ev.execution_stopped_details = Some(d);
        }),
    }
}

// --- client tokens of Pause and Resume -----------------------------------------------------

/// Whether this request repeats an earlier one with the same client token (then it is done
/// already); the same token with another request is refused.
fn repeated(e: &mut Execution, client_token: Option<&str>, request: &str, at: Secs) -> Res<bool> {
    e.client_tokens.retain(|t| at - t.at < CLIENT_TOKEN_WINDOW);
    let Some(token) = client_token else { return Ok(false) };
    match e.client_tokens.iter().find(|t| t.token == token) {
        Some(t) if t.request == request => Ok(true),
        Some(_) => Err(Fail::InvalidParameter(format!(
            "The client token {token} was already used with a different request for {}",
            e.arn
        ))),
        None => Ok(false),
    }
}

fn remember(e: &mut Execution, client_token: Option<&str>, request: String, at: Secs) {
    if let Some(token) = client_token {
        e.client_tokens.push(ClientTokenUse { token: token.to_string(), request, at });
    }
}

// --- checkpoint updates ----------------------------------------------------------------------

fn error_size(e: &ErrorObject) -> usize {
    [&e.error_message, &e.error_type, &e.error_data].iter().map(|f| f.as_ref().map_or(0, String::len)).sum::<usize>()
        + e.stack_trace.as_ref().map_or(0, |s| s.iter().map(String::len).sum())
}

/// Checks every update against the execution before any is applied.
fn validate(e: &Execution, updates: &[OperationUpdate]) -> Res<()> {
    let mut in_request: BTreeMap<&str, &OperationType> = BTreeMap::new();
    let last = updates.len().saturating_sub(1);
    for (i, u) in updates.iter().enumerate() {
        let bad = |why: String| Fail::InvalidParameter(format!("Updates[{i}] (operation {}): {why}", u.id));
        let current = e.op_index(&u.id).map(|k| &e.ops[k]);
        if in_request.contains_key(u.id.as_str()) {
            return Err(bad("the operation is updated twice in one checkpoint".into()));
        }
        if let Some(parent) = &u.parent_id {
            let parent_kind =
                in_request.get(parent.as_str()).copied().or_else(|| e.op_index(parent).map(|k| &e.ops[k].kind));
            if parent_kind != Some(&OperationType::Context) {
                return Err(bad(format!("parent {parent} is not a CONTEXT operation of this execution")));
            }
        }
        in_request.insert(&u.id, &u.r#type);
        if let Some(c) = current {
            if c.kind != u.r#type {
                return Err(bad(format!("the operation is a {}, not a {}", c.kind, u.r#type)));
            }
        }
        let payload_limit =
            if u.r#type == OperationType::Execution && e.synchronous { SYNC_PAYLOAD_LIMIT } else { PAYLOAD_LIMIT };
        if u.payload.as_ref().is_some_and(|p| p.len() > payload_limit) {
            return Err(bad(format!("the payload is larger than {payload_limit} bytes")));
        }
        if u.error.as_ref().is_some_and(|x| error_size(x) > ERROR_LIMIT) {
            return Err(bad(format!("the error's fields together are larger than {ERROR_LIMIT} bytes")));
        }
        let status = current.map(|c| &c.status);
        let in_status = |allowed: &[Option<OperationStatus>]| allowed.iter().any(|a| a.as_ref() == status);
        let state_name = status.map_or_else(|| "new".to_string(), |s| s.to_string());
        use OperationAction as A;
        use OperationStatus as S;
        use OperationType as T;
        let allowed = match (&u.r#type, &u.action) {
            (T::Execution, A::Succeed | A::Fail) => {
                if i != last {
                    return Err(bad("an EXECUTION update must be the last update of a checkpoint".into()));
                }
                if u.id != e.ops[0].id {
                    return Err(bad(format!("the execution's operation is {}", e.ops[0].id)));
                }
                true
            }
            (T::Step, A::Start) => in_status(&[None, Some(S::Ready)]),
            (T::Step, A::Succeed | A::Fail | A::Retry) => in_status(&[None, Some(S::Started), Some(S::Ready)]),
            (T::Context, A::Start) => current.is_none(),
            (T::Context, A::Succeed | A::Fail) => in_status(&[None, Some(S::Started)]),
            (T::Wait | T::Callback | T::ChainedInvoke, A::Start) => current.is_none(),
            (T::Wait | T::Callback, A::Cancel) => in_status(&[Some(S::Started)]),
            (kind, action) => return Err(bad(format!("{action} is not an action of a {kind} operation"))),
        };
        if !allowed {
            return Err(bad(format!("a {} operation that is {state_name} cannot take {}", u.r#type, u.action)));
        }
        match &u.action {
            A::Succeed if u.error.is_some() => return Err(bad("SUCCEED takes no Error".into())),
            A::Fail if u.payload.is_some() => return Err(bad("FAIL takes no Payload".into())),
            A::Retry if u.step_options.is_none() => return Err(bad("RETRY needs StepOptions".into())),
            A::Retry if u.payload.is_some() && u.error.is_some() => {
                return Err(bad("RETRY takes a Payload or an Error, not both".into()))
            }
            _ => {}
        }
        match (&u.r#type, &u.action) {
            (T::Wait, A::Start) if u.wait_options.as_ref().and_then(|w| w.wait_seconds).is_none() => {
                return Err(bad("starting a WAIT needs WaitOptions.WaitSeconds".into()))
            }
            (T::ChainedInvoke, A::Start) if u.chained_invoke_options.is_none() => {
                return Err(bad("starting a CHAINED_INVOKE needs ChainedInvokeOptions".into()))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Applies one update that [`validate`] accepted.
fn apply(e: &mut Execution, at: Secs, u: &OperationUpdate, chained: &BTreeMap<String, Chained>) {
    use OperationAction as A;
    use OperationType as T;
    if u.r#type == T::Execution {
        match u.action {
            A::Succeed => close(e, at, ExecutionStatus::Succeeded, Some(u.payload.clone().unwrap_or_default()), None),
            _ => close(e, at, ExecutionStatus::Failed, None, u.error.clone()),
        }
        return;
    }
    let (i, created) = match e.op_index(&u.id) {
        Some(i) => (i, false),
        None => (new_op(e, u, at), true),
    };
    match (&u.r#type, &u.action) {
        (T::Step, action) => {
            if created || *action == A::Start {
                e.ops[i].attempt += 1;
                e.ops[i].next_attempt = None;
                set_status(e, i, OperationStatus::Started, None);
                push_event(e, EventType::StepStarted, at, i, |ev| {
                    ev.step_started_details = Some(StepStartedDetails::default());
                });
            }
            let attempt = e.ops[i].attempt;
            match action {
                A::Succeed => {
                    e.ops[i].result = u.payload.clone();
                    set_status(e, i, OperationStatus::Succeeded, Some(at));
                    push_event(e, EventType::StepSucceeded, at, i, |ev| {
                        let mut d = StepSucceededDetails::default();
                        d.result = event_result(u.payload.as_deref());
                        d.retry_details = retry_details(attempt, None);
                        ev.step_succeeded_details = Some(d);
                    });
                }
                A::Fail | A::Retry => {
                    let delay = (*action == A::Retry)
                        .then(|| u.step_options.as_ref().and_then(|s| s.next_attempt_delay_seconds).unwrap_or(0));
                    e.ops[i].error = u.error.clone();
                    e.ops[i].result = u.payload.clone();
                    match delay {
                        Some(d) => {
                            e.ops[i].next_attempt = Some(at + f64::from(d));
                            set_status(e, i, OperationStatus::Pending, None);
                        }
                        None => set_status(e, i, OperationStatus::Failed, Some(at)),
                    }
                    push_event(e, EventType::StepFailed, at, i, |ev| {
                        let mut d = StepFailedDetails::default();
                        d.error = event_error(u.error.as_ref());
                        d.retry_details = retry_details(attempt, delay);
                        ev.step_failed_details = Some(d);
                    });
                }
                _ => {}
            }
        }
        (T::Context, action) => {
            if let Some(r) = u.context_options.as_ref().and_then(|c| c.replay_children) {
                e.ops[i].replay_children = Some(r);
            }
            if created {
                set_status(e, i, OperationStatus::Started, None);
                push_event(e, EventType::ContextStarted, at, i, |ev| {
                    ev.context_started_details = Some(ContextStartedDetails::default());
                });
            }
            match action {
                A::Succeed => {
                    e.ops[i].result = u.payload.clone();
                    set_status(e, i, OperationStatus::Succeeded, Some(at));
                    push_event(e, EventType::ContextSucceeded, at, i, |ev| {
                        let mut d = ContextSucceededDetails::default();
                        d.result = event_result(u.payload.as_deref());
                        ev.context_succeeded_details = Some(d);
                    });
                }
                A::Fail => {
                    e.ops[i].error = u.error.clone();
                    set_status(e, i, OperationStatus::Failed, Some(at));
                    push_event(e, EventType::ContextFailed, at, i, |ev| {
                        let mut d = ContextFailedDetails::default();
                        d.error = event_error(u.error.as_ref());
                        ev.context_failed_details = Some(d);
                    });
                }
                _ => {}
            }
        }
        (T::Wait, A::Start) => {
            let seconds = u.wait_options.as_ref().and_then(|w| w.wait_seconds).unwrap_or_default();
            let end = at + f64::from(seconds);
            e.ops[i].wait_seconds = Some(seconds);
            e.ops[i].wait_end = Some(end);
            set_status(e, i, OperationStatus::Started, None);
            push_event(e, EventType::WaitStarted, at, i, |ev| {
                let mut d = WaitStartedDetails::default();
                d.duration = seconds;
                d.scheduled_end_timestamp = Timestamp::from_epoch_seconds(end);
                ev.wait_started_details = Some(d);
            });
        }
        (T::Wait, _) => {
            e.ops[i].error = u.error.clone();
            set_status(e, i, OperationStatus::Cancelled, Some(at));
            push_event(e, EventType::WaitCancelled, at, i, |ev| {
                let mut d = WaitCancelledDetails::default();
                d.error = u.error.as_ref().map(|x| event_error(Some(x)));
                ev.wait_cancelled_details = Some(d);
            });
        }
        (T::Callback, A::Start) => {
            let options = u.callback_options.clone().unwrap_or_default();
            let callback = Callback {
                id: random_id(48),
                timeout: options.timeout_seconds,
                heartbeat_timeout: options.heartbeat_timeout_seconds,
                last_beat: at,
            };
            let started = callback.clone();
            e.ops[i].callback = Some(callback);
            set_status(e, i, OperationStatus::Started, None);
            push_event(e, EventType::CallbackStarted, at, i, |ev| {
                let mut d = CallbackStartedDetails::default();
                d.callback_id = started.id.clone();
                d.timeout = started.timeout.filter(|t| *t > 0);
                d.heartbeat_timeout = started.heartbeat_timeout.filter(|t| *t > 0);
                ev.callback_started_details = Some(d);
            });
        }
        (T::Callback, _) => set_status(e, i, OperationStatus::Cancelled, Some(at)),
        (T::ChainedInvoke, _) => {
            let options = u.chained_invoke_options.clone().unwrap_or_default();
            let outcome = chained.get(&u.id).cloned().unwrap_or_else(|| {
                Chained::Failed(error_object("ServiceException", "the chained invocation was not run".into()))
            });
            set_status(e, i, OperationStatus::Started, None);
            let (version, child) = match &outcome {
                Chained::Succeeded { version, durable_execution_arn, .. } => {
                    (Some(version.clone()), durable_execution_arn.clone())
                }
                Chained::Failed(_) => (None, None),
            };
            push_event(e, EventType::ChainedInvokeStarted, at, i, |ev| {
                let mut d = ChainedInvokeStartedDetails::default();
                d.function_name = options.function_name.clone();
                d.tenant_id = options.tenant_id.clone();
                d.input = Some(event_input(u.payload.as_deref()));
                d.executed_version = version;
                d.durable_execution_arn = child;
                ev.chained_invoke_started_details = Some(d);
            });
            match outcome {
                Chained::Succeeded { result, .. } => {
                    e.ops[i].result = Some(result.clone());
                    set_status(e, i, OperationStatus::Succeeded, Some(at));
                    push_event(e, EventType::ChainedInvokeSucceeded, at, i, |ev| {
                        let mut d = ChainedInvokeSucceededDetails::default();
                        d.result = event_result(Some(&result));
                        ev.chained_invoke_succeeded_details = Some(d);
                    });
                }
                Chained::Failed(error) => {
                    e.ops[i].error = Some(error.clone());
                    set_status(e, i, OperationStatus::Failed, Some(at));
                    push_event(e, EventType::ChainedInvokeFailed, at, i, |ev| {
                        let mut d = ChainedInvokeFailedDetails::default();
                        d.error = event_error(Some(&error));
                        ev.chained_invoke_failed_details = Some(d);
                    });
                }
            }
        }
        _ => {}
    }
}

fn new_op(e: &mut Execution, u: &OperationUpdate, at: Secs) -> usize {
    e.ops.push(Op {
        id: u.id.clone(),
        parent_id: u.parent_id.clone(),
        name: u.name.clone(),
        sub_type: u.sub_type.clone(),
        kind: u.r#type.clone(),
        status: OperationStatus::Started,
        started: at,
        ended: None,
        changed: 0,
        result: None,
        error: None,
        attempt: 0,
        next_attempt: None,
        wait_seconds: None,
        wait_end: None,
        callback: None,
        replay_children: None,
        input: None,
    });
    e.ops.len() - 1
}

/// Sets an operation's status (and end), counting the change.
fn set_status(e: &mut Execution, i: usize, status: OperationStatus, ended: Option<Secs>) {
    e.changes += 1;
    let op = &mut e.ops[i];
    op.status = status;
    if ended.is_some() {
        op.ended = ended;
    }
    op.changed = e.changes;
}

/// The operations whose state the code replays: in start order, without the children of a
/// completed context that does not replay them.
pub fn replayed_operations(e: &Execution) -> Vec<usize> {
    let mut hidden: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    for (i, op) in e.ops.iter().enumerate() {
        if op.parent_id.as_deref().is_some_and(|p| hidden.contains(p)) {
            hidden.insert(&op.id);
            continue;
        }
        if op.kind == OperationType::Context && !op.is_open() && op.replay_children != Some(true) {
            hidden.insert(&op.id);
        }
        out.push(i);
    }
    out
}

// --- history events ----------------------------------------------------------------------------

fn push_event(e: &mut Execution, kind: EventType, at: Secs, op: usize, fill: impl FnOnce(&mut Event)) {
    let o = &e.ops[op];
    let mut ev = Event::default();
    ev.event_type = Some(kind);
    ev.event_id = Some(i32::try_from(e.events.len() + 1).unwrap_or(i32::MAX));
    ev.event_timestamp = Some(Timestamp::from_epoch_seconds(at));
    ev.id = Some(o.id.clone());
    ev.name = o.name.clone();
    ev.parent_id = o.parent_id.clone();
    ev.sub_type = o.sub_type.clone();
    fill(&mut ev);
    e.events.push(ev);
}

fn event_input(payload: Option<&str>) -> EventInput {
    let mut x = EventInput::default();
    x.payload = payload.map(str::to_string);
    x
}

fn event_result(payload: Option<&str>) -> EventResult {
    let mut x = EventResult::default();
    x.payload = payload.map(str::to_string);
    x
}

fn event_error(error: Option<&ErrorObject>) -> EventError {
    let mut x = EventError::default();
    x.payload = error.cloned();
    x
}

fn retry_details(attempt: i32, next_delay: Option<i32>) -> RetryDetails {
    let mut r = RetryDetails::default();
    r.current_attempt = Some(attempt);
    r.next_attempt_delay_seconds = next_delay;
    r
}
