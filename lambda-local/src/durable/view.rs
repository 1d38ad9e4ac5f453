//! Durable executions as the API shows them: operations, execution summaries, the detail of
//! GetDurableExecution and history events, with or without their data.

use super::machine::timeout_deadline;
use super::model::{Execution, Op, Secs};
use crate::error::{Fail, Res};
use lambda_api::enums::{ExecutionStatus, OperationType};
use lambda_api::operations::get_durable_execution::GetDurableExecutionOutput;
use lambda_api::types::{
    CallbackDetails, ChainedInvokeDetails, ContextDetails, Event, EventError, EventInput, EventResult,
    ExecutionDetails, Operation, PauseDetails, StepDetails, WaitDetails,
};
use lambda_rt::Timestamp;

fn ts(at: Secs) -> Timestamp {
    Timestamp::from_epoch_seconds(at)
}

/// An operation as GetDurableExecutionState and CheckpointDurableExecution return it.
pub fn operation(op: &Op) -> Res<Operation> {
    let builder = Operation::builder()
        .id(op.id.clone())
        .set_parent_id(op.parent_id.clone())
        .set_name(op.name.clone())
        .r#type(op.kind.clone())
        .set_sub_type(op.sub_type.clone())
        .start_timestamp(ts(op.started))
        .set_end_timestamp(op.ended.map(ts))
        .status(op.status.clone());
    let builder = match op.kind {
        OperationType::Execution => {
            let mut d = ExecutionDetails::default();
            d.input_payload = op.input.clone();
            builder.execution_details(d)
        }
        OperationType::Context => {
            let mut d = ContextDetails::default();
            d.replay_children = op.replay_children;
            d.result = op.result.clone();
            d.error = op.error.clone();
            builder.context_details(d)
        }
        OperationType::Step => {
            let mut d = StepDetails::default();
            d.attempt = Some(op.attempt);
            d.next_attempt_timestamp = op.next_attempt.map(ts);
            d.result = op.result.clone();
            d.error = op.error.clone();
            builder.step_details(d)
        }
        OperationType::Wait => {
            let mut d = WaitDetails::default();
            d.scheduled_end_timestamp = op.wait_end.map(ts);
            builder.wait_details(d)
        }
        OperationType::Callback => {
            let mut d = CallbackDetails::default();
            d.callback_id = op.callback.as_ref().map(|c| c.id.clone());
            d.result = op.result.clone();
            d.error = op.error.clone();
            builder.callback_details(d)
        }
        OperationType::ChainedInvoke => {
            let mut d = ChainedInvokeDetails::default();
            d.result = op.result.clone();
            d.error = op.error.clone();
            builder.chained_invoke_details(d)
        }
        _ => builder,
    };
    builder.build().map_err(Fail::incomplete_output)
}

/// The operations at `indexes`, rendered.
pub fn operations(e: &Execution, indexes: &[usize]) -> Res<Vec<Operation>> {
    indexes.iter().map(|i| operation(&e.ops[*i])).collect()
}

/// An execution as ListDurableExecutionsByFunction lists it.
pub fn summary(e: &Execution) -> Res<lambda_api::types::Execution> {
    lambda_api::types::Execution::builder()
        .durable_execution_arn(e.arn.clone())
        .durable_execution_name(e.name.clone())
        .function_arn(e.function_arn.clone())
        .status(e.status.clone())
        .start_timestamp(ts(e.started))
        .set_end_timestamp(e.ended.map(ts))
        .set_kms_key_arn(e.config.kms_key_arn.clone())
        .build()
        .map_err(Fail::incomplete_output)
}

/// GetDurableExecution: the input, result and error (and the pause reason) only with
/// `include_data`.
pub fn detail(e: &Execution, include_data: bool) -> Res<GetDurableExecutionOutput> {
    let data = |v: Option<String>| if include_data { v } else { None };
    let pause = match (&e.status, &e.pause) {
        (ExecutionStatus::Pausing | ExecutionStatus::Paused, Some(p)) => Some(
            PauseDetails::builder()
                .pause_request_timestamp(ts(p.requested))
                .set_reason(data(p.reason.clone()))
                .execution_timeout_paused(p.timeout_paused)
                .build()
                .map_err(Fail::incomplete_output)?,
        ),
        _ => None,
    };
    GetDurableExecutionOutput::builder()
        .durable_execution_arn(e.arn.clone())
        .durable_execution_name(e.name.clone())
        .function_arn(e.function_arn.clone())
        .set_input_payload(data(Some(e.input.clone())))
        .set_result(data(e.result.clone()))
        .set_error(if include_data { e.error.clone() } else { None })
        .start_timestamp(ts(e.started))
        .status(e.status.clone())
        .set_end_timestamp(e.ended.map(ts))
        .version(e.version.clone())
        .execution_data_included(include_data)
        .durable_config(e.config.clone())
        .set_pause_details(pause)
        .set_expected_execution_timeout_timestamp((!e.is_closed()).then(|| ts(timeout_deadline(e))))
        .build()
        .map_err(Fail::incomplete_output)
}

/// A history event; without `include_data`, every payload, error and reason is left out and
/// marked truncated.
pub fn event(ev: &Event, include_data: bool) -> Event {
    let mut ev = ev.clone();
    if include_data {
        return ev;
    }
    fn input(x: &mut EventInput) {
        if x.payload.take().is_some() {
            x.truncated = Some(true);
        }
    }
    fn result(x: &mut EventResult) {
        if x.payload.take().is_some() {
            x.truncated = Some(true);
        }
    }
    fn error(x: &mut EventError) {
        if x.payload.take().is_some() {
            x.truncated = Some(true);
        }
    }
    if let Some(d) = ev.execution_started_details.as_mut() {
        input(&mut d.input);
    }
    if let Some(d) = ev.execution_succeeded_details.as_mut() {
        result(&mut d.result);
    }
    if let Some(d) = ev.execution_failed_details.as_mut() {
        error(&mut d.error);
    }
    if let Some(e) = ev.execution_timed_out_details.as_mut().and_then(|d| d.error.as_mut()) {
        error(e);
    }
    if let Some(d) = ev.execution_stopped_details.as_mut() {
        error(&mut d.error);
    }
    if let Some(d) = ev.context_succeeded_details.as_mut() {
        result(&mut d.result);
    }
    if let Some(d) = ev.context_failed_details.as_mut() {
        error(&mut d.error);
    }
    if let Some(e) = ev.wait_cancelled_details.as_mut().and_then(|d| d.error.as_mut()) {
        error(e);
    }
    if let Some(d) = ev.step_succeeded_details.as_mut() {
        result(&mut d.result);
    }
    if let Some(d) = ev.step_failed_details.as_mut() {
        error(&mut d.error);
    }
    if let Some(i) = ev.chained_invoke_started_details.as_mut().and_then(|d| d.input.as_mut()) {
        input(i);
    }
    if let Some(d) = ev.chained_invoke_succeeded_details.as_mut() {
        result(&mut d.result);
    }
    if let Some(d) = ev.chained_invoke_failed_details.as_mut() {
        error(&mut d.error);
    }
    if let Some(d) = ev.callback_succeeded_details.as_mut() {
        result(&mut d.result);
    }
    if let Some(d) = ev.callback_failed_details.as_mut() {
        error(&mut d.error);
    }
    if let Some(d) = ev.callback_timed_out_details.as_mut() {
        error(&mut d.error);
    }
    if let Some(e) = ev.invocation_completed_details.as_mut().and_then(|d| d.error.as_mut()) {
        error(e);
    }
    if let Some(r) = ev.execution_paused_details.as_mut().and_then(|d| d.reason.as_mut()) {
        if r.payload.take().is_some() {
            r.truncated = Some(true);
        }
    }
    if let Some(r) = ev.execution_resumed_details.as_mut().and_then(|d| d.reason.as_mut()) {
        if r.payload.take().is_some() {
            r.truncated = Some(true);
        }
    }
    ev
}
