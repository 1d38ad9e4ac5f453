//! Tests of the durable execution state machine (with the times it is given) and of the
//! operations over a store.

use super::machine::{self, checkpoint_token, Chained, Start};
use super::model::Execution;
use lambda_api::enums::{EventType, ExecutionStatus, OperationAction, OperationStatus, OperationType};
use lambda_api::types::{
    CallbackOptions, ChainedInvokeOptions, ContextOptions, DurableConfig, ErrorObject, OperationUpdate, StepOptions,
    WaitOptions,
};
use std::collections::BTreeMap;

const T0: f64 = 1_700_000_000.0;

fn config(timeout: i32) -> DurableConfig {
    DurableConfig::builder().execution_timeout(timeout).retention_period_in_days(1).build()
}

fn start(synchronous: bool) -> Execution {
    let s = Start {
        arn: "arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/run/id-1".into(),
        name: "run".into(),
        id: "id-1".into(),
        function_name: "f".into(),
        function_arn: "arn:aws:lambda:us-east-1:123456789012:function:f:1".into(),
        version: "1".into(),
        config: config(100),
        input: r#"{"order":7}"#.into(),
        synchronous,
        number: 1,
        request_id: "req-1".into(),
    };
    let mut e = machine::start(s, T0);
    if synchronous {
        machine::settle(&mut e, T0);
    }
    e
}

fn update(id: &str, kind: OperationType, action: OperationAction) -> OperationUpdate {
    OperationUpdate::builder().id(id).r#type(kind).action(action).build().unwrap()
}

fn callback_start(id: &str, timeout: Option<i32>, heartbeat: Option<i32>) -> OperationUpdate {
    let mut u = update(id, OperationType::Callback, OperationAction::Start);
    u.callback_options =
        Some(CallbackOptions::builder().set_timeout_seconds(timeout).set_heartbeat_timeout_seconds(heartbeat).build());
    u
}

fn wait_start(id: &str, seconds: i32) -> OperationUpdate {
    let mut u = update(id, OperationType::Wait, OperationAction::Start);
    u.wait_options = Some(WaitOptions::builder().wait_seconds(seconds).build());
    u
}

fn token(e: &Execution) -> String {
    e.invocation.as_ref().expect("an invocation in progress").token.clone()
}

fn checkpoint(
    e: &mut Execution,
    at: f64,
    updates: &[OperationUpdate],
) -> crate::error::Res<super::model::Checkpointed> {
    let t = token(e);
    machine::checkpoint(e, at, &t, updates, &BTreeMap::new())
}

fn events(e: &Execution) -> Vec<EventType> {
    e.events.iter().map(|ev| ev.event_type.clone().unwrap()).collect()
}

fn op<'a>(e: &'a Execution, id: &str) -> &'a super::model::Op {
    &e.ops[e.op_index(id).unwrap()]
}

fn code(r: crate::error::Res<impl std::fmt::Debug>) -> &'static str {
    r.unwrap_err().code()
}

mod machine_rules {
    use super::*;
    use EventType as E;

    #[test]
    fn a_synchronous_start_succeeds_at_once_with_its_input() {
        let e = start(true);
        assert_eq!(e.status, ExecutionStatus::Succeeded);
        assert_eq!(e.result.as_deref(), Some(r#"{"order":7}"#));
        assert_eq!((e.started, e.ended), (T0, Some(T0)));
        assert_eq!(e.ops[0].status, OperationStatus::Succeeded);
        assert_eq!(events(&e), [E::ExecutionStarted, E::InvocationCompleted, E::ExecutionSucceeded]);
        let ids: Vec<_> = e.events.iter().map(|ev| ev.event_id.unwrap()).collect();
        assert_eq!(ids, [1, 2, 3]);
        let started = e.events[0].execution_started_details.as_ref().unwrap();
        assert_eq!(started.input.payload.as_deref(), Some(r#"{"order":7}"#));
        assert_eq!(started.execution_timeout, 100);
        assert!(e.invocation.is_none());
    }

    #[test]
    fn an_asynchronous_start_runs_until_looked_at() {
        let mut e = start(false);
        assert_eq!(e.status, ExecutionStatus::Running);
        assert_eq!(token(&e), checkpoint_token("id-1", 1));
        assert_eq!(token(&e), "aWQtMTox", "Base64 of 'id-1:1'");
        machine::settle(&mut e, T0 + 2.0);
        assert_eq!(e.status, ExecutionStatus::Succeeded);
        assert_eq!(e.ended, Some(T0 + 2.0));
        let inv = e.events[1].invocation_completed_details.as_ref().unwrap();
        assert_eq!((inv.start_timestamp.epoch_seconds(), inv.end_timestamp.epoch_seconds()), (T0, T0 + 2.0));
        assert_eq!(inv.request_id, "req-1");
    }

    #[test]
    fn a_pause_during_an_invocation_takes_effect_when_it_ends_and_resume_runs_it_again() {
        let mut e = start(false);
        machine::pause(&mut e, T0 + 1.0, Some("maintenance".into()), true, None).unwrap();
        assert_eq!(e.status, ExecutionStatus::Pausing);
        machine::settle(&mut e, T0 + 2.0);
        assert_eq!(e.status, ExecutionStatus::Paused, "the echo did not finish: the pause came first");
        assert!(e.result.is_none());
        let paused = e.events.last().unwrap().execution_paused_details.clone().unwrap();
        assert_eq!(paused.pause_request_timestamp.epoch_seconds(), T0 + 1.0);
        assert_eq!(paused.reason.unwrap().payload.as_deref(), Some("maintenance"));
        assert!(paused.execution_timeout_paused);
        // Looking again changes nothing.
        machine::settle(&mut e, T0 + 3.0);
        assert_eq!(e.status, ExecutionStatus::Paused);
        machine::resume(&mut e, T0 + 10.0, Some("done".into()), None).unwrap();
        assert_eq!(e.status, ExecutionStatus::Succeeded, "the interrupted invocation ran again and echoed");
        assert_eq!(e.paused_for, 8.0);
        assert_eq!(
            events(&e),
            [
                E::ExecutionStarted,
                E::InvocationCompleted,
                E::ExecutionPaused,
                E::ExecutionResumed,
                E::InvocationCompleted,
                E::ExecutionSucceeded
            ]
        );
    }

    #[test]
    fn pause_and_resume_refuse_the_wrong_states() {
        let mut e = start(false);
        assert_eq!(code(machine::resume(&mut e, T0, None, None)), "ResourceConflictException");
        machine::pause(&mut e, T0, None, true, None).unwrap();
        assert_eq!(code(machine::pause(&mut e, T0, None, true, None)), "ResourceConflictException");
        // Resuming while pausing cancels the pause: no pause is recorded.
        machine::resume(&mut e, T0 + 1.0, None, None).unwrap();
        assert_eq!(e.status, ExecutionStatus::Running);
        machine::settle(&mut e, T0 + 2.0);
        assert_eq!(e.status, ExecutionStatus::Succeeded);
        assert!(!events(&e).contains(&E::ExecutionPaused));
        assert_eq!(code(machine::pause(&mut e, T0 + 3.0, None, true, None)), "ResourceConflictException");
        assert_eq!(code(machine::resume(&mut e, T0 + 3.0, None, None)), "ResourceConflictException");
    }

    #[test]
    fn a_repeated_client_token_is_a_no_op_and_a_reused_one_is_refused() {
        let mut e = start(false);
        machine::settle(&mut e, T0); // ends; nothing pending -> succeeded
        let mut e2 = start(false);
        checkpoint(&mut e2, T0, &[callback_start("cb", None, None)]).unwrap();
        machine::settle(&mut e2, T0 + 1.0);
        machine::pause(&mut e2, T0 + 2.0, Some("r".into()), false, Some("tok")).unwrap();
        assert_eq!(e2.status, ExecutionStatus::Paused, "no invocation in progress: paused at once");
        machine::pause(&mut e2, T0 + 3.0, Some("r".into()), false, Some("tok")).unwrap();
        let pauses = events(&e2).iter().filter(|k| **k == E::ExecutionPaused).count();
        assert_eq!(pauses, 1);
        assert_eq!(
            code(machine::pause(&mut e2, T0 + 3.0, Some("other".into()), false, Some("tok"))),
            "InvalidParameterValueException"
        );
        // After 15 minutes the token is forgotten: the pause is refused as a pause of a paused
        // execution.
        assert_eq!(
            code(machine::pause(&mut e2, T0 + 2.0 + 901.0, Some("r".into()), false, Some("tok"))),
            "ResourceConflictException"
        );
        assert_eq!(e.status, ExecutionStatus::Succeeded);
    }

    #[test]
    fn stop_ends_a_running_or_paused_execution_once() {
        let mut e = start(false);
        let error = machine::error_object("Cancelled", "by the operator".into());
        assert_eq!(machine::stop(&mut e, T0 + 5.0, Some(error.clone())).unwrap(), T0 + 5.0);
        assert_eq!(e.status, ExecutionStatus::Stopped);
        assert_eq!(e.error, Some(error.clone()));
        assert_eq!(e.ops[0].status, OperationStatus::Stopped);
        assert_eq!(events(&e), [E::ExecutionStarted, E::InvocationCompleted, E::ExecutionStopped]);
        let stopped = e.events[2].execution_stopped_details.clone().unwrap();
        assert_eq!(stopped.error.payload, Some(error));
        assert_eq!(code(machine::stop(&mut e, T0 + 6.0, None)), "InvalidParameterValueException");

        let mut p = start(false);
        checkpoint(&mut p, T0, &[callback_start("cb", None, None)]).unwrap();
        machine::settle(&mut p, T0 + 1.0);
        machine::pause(&mut p, T0 + 2.0, None, true, None).unwrap();
        machine::stop(&mut p, T0 + 3.0, None).unwrap();
        assert_eq!(p.status, ExecutionStatus::Stopped);
        assert_eq!(op(&p, "cb").status, OperationStatus::Stopped, "its open operations stop");
        assert!(p.pause.is_none());
    }

    #[test]
    fn a_callback_started_by_a_checkpoint_is_completed_by_its_id() {
        let mut e = start(false);
        let first = token(&e);
        let reply = checkpoint(&mut e, T0 + 1.0, &[callback_start("approval", Some(300), None)]).unwrap();
        let next = reply.token.clone().unwrap();
        assert_eq!(next, checkpoint_token("id-1", 2));
        assert_eq!(reply.changed, [1], "the new callback is reported, with its id");
        let cb = op(&e, "approval").callback.clone().unwrap();
        assert_eq!(cb.id.len(), 48);
        // The consumed token is refused.
        assert_eq!(
            code(machine::checkpoint(&mut e, T0 + 1.0, &first, &[], &BTreeMap::new())),
            "InvalidParameterValueException"
        );
        // The invocation ends when looked at: it waits for the callback.
        machine::settle(&mut e, T0 + 2.0);
        assert_eq!(e.status, ExecutionStatus::Running);
        assert!(e.invocation.is_none());
        machine::callback_succeed(&mut e, 1, T0 + 3.0, Some(r#"{"approved":true}"#.into())).unwrap();
        assert_eq!(op(&e, "approval").status, OperationStatus::Succeeded);
        assert_eq!(op(&e, "approval").result.as_deref(), Some(r#"{"approved":true}"#));
        assert_eq!(e.status, ExecutionStatus::Succeeded, "the function ran again and echoed its input");
        assert_eq!(e.result.as_deref(), Some(r#"{"order":7}"#));
        assert_eq!(
            events(&e),
            [
                E::ExecutionStarted,
                E::CallbackStarted,
                E::InvocationCompleted,
                E::CallbackSucceeded,
                E::InvocationCompleted,
                E::ExecutionSucceeded
            ]
        );
        let started = e.events[1].callback_started_details.clone().unwrap();
        assert_eq!((started.callback_id, started.timeout, started.heartbeat_timeout), (cb.id, Some(300), None));
        // A closed callback answers CallbackTimeoutException.
        assert_eq!(code(machine::callback_succeed(&mut e, 1, T0 + 4.0, None)), "CallbackTimeoutException");
        assert_eq!(code(machine::callback_heartbeat(&mut e, 1, T0 + 4.0)), "CallbackTimeoutException");
    }

    #[test]
    fn a_callback_completed_during_the_invocation_shows_in_the_next_checkpoint() {
        let mut e = start(false);
        checkpoint(&mut e, T0, &[callback_start("cb", None, None)]).unwrap();
        machine::callback_fail(&mut e, 1, T0 + 1.0, Some(machine::error_object("Denied", "no".into()))).unwrap();
        assert_eq!(e.status, ExecutionStatus::Running, "the invocation is still in progress");
        let reply = checkpoint(&mut e, T0 + 2.0, &[]).unwrap();
        assert_eq!(reply.changed, [1]);
        assert_eq!(op(&e, "cb").status, OperationStatus::Failed);
        assert_eq!(op(&e, "cb").error.as_ref().unwrap().error_type.as_deref(), Some("Denied"));
        // Nothing changed since: an empty report.
        assert!(checkpoint(&mut e, T0 + 3.0, &[]).unwrap().changed.is_empty());
    }

    #[test]
    fn callbacks_time_out_and_heartbeats_keep_them_alive() {
        let mut e = start(false);
        checkpoint(&mut e, T0, &[callback_start("slow", Some(100), None), callback_start("beat", None, Some(10))])
            .unwrap();
        machine::settle(&mut e, T0);
        machine::callback_heartbeat(&mut e, 2, T0 + 8.0).unwrap();
        machine::callback_heartbeat(&mut e, 2, T0 + 16.0).unwrap();
        assert_eq!(op(&e, "beat").status, OperationStatus::Started);
        machine::advance(&mut e, T0 + 27.0);
        assert_eq!(op(&e, "beat").status, OperationStatus::TimedOut, "no heartbeat for 10 s after T0+16");
        assert_eq!(op(&e, "beat").ended, Some(T0 + 26.0));
        assert_eq!(code(machine::callback_succeed(&mut e, 2, T0 + 28.0, None)), "CallbackTimeoutException");
        assert_eq!(e.status, ExecutionStatus::Running, "the other callback is still pending");
        machine::advance(&mut e, T0 + 100.0);
        assert_eq!(op(&e, "slow").status, OperationStatus::TimedOut);
        assert_eq!(e.status, ExecutionStatus::Succeeded);
        assert_eq!(e.ended, Some(T0 + 100.0));
        let timed_out: Vec<_> = e.events.iter().filter_map(|ev| ev.callback_timed_out_details.clone()).collect();
        assert_eq!(timed_out.len(), 2);
        let kind = |i: usize| timed_out[i].error.payload.as_ref().unwrap().error_type.clone().unwrap();
        assert_eq!((kind(0).as_str(), kind(1).as_str()), ("CallbackHeartbeatTimeout", "CallbackTimeout"));
    }

    #[test]
    fn a_wait_ends_on_time_and_the_execution_then_finishes() {
        let mut e = start(false);
        let reply = checkpoint(&mut e, T0, &[wait_start("nap", 5)]).unwrap();
        assert_eq!(reply.changed, [1]);
        assert_eq!(op(&e, "nap").wait_end, Some(T0 + 5.0));
        machine::settle(&mut e, T0 + 1.0);
        assert_eq!(e.status, ExecutionStatus::Running);
        machine::settle(&mut e, T0 + 60.0);
        assert_eq!(op(&e, "nap").status, OperationStatus::Succeeded);
        assert_eq!(e.status, ExecutionStatus::Succeeded);
        assert_eq!(e.ended, Some(T0 + 5.0), "it finished when the wait ended, not when looked at");
        let succeeded = e.events.iter().find_map(|ev| ev.wait_succeeded_details.clone()).unwrap();
        assert_eq!(succeeded.duration, Some(5));
    }

    #[test]
    fn a_step_retries_after_its_delay_and_counts_attempts() {
        let mut e = start(false);
        let mut retry = update("charge", OperationType::Step, OperationAction::Retry);
        retry.error = Some(machine::error_object("Declined", "try later".into()));
        retry.step_options = Some(StepOptions::builder().next_attempt_delay_seconds(3).build());
        checkpoint(&mut e, T0, &[update("charge", OperationType::Step, OperationAction::Start)]).unwrap();
        checkpoint(&mut e, T0 + 1.0, &[retry]).unwrap();
        assert_eq!(op(&e, "charge").status, OperationStatus::Pending);
        assert_eq!(op(&e, "charge").next_attempt, Some(T0 + 4.0));
        let early = update("charge", OperationType::Step, OperationAction::Start);
        assert_eq!(code(checkpoint(&mut e, T0 + 2.0, std::slice::from_ref(&early))), "InvalidParameterValueException");
        let reply = checkpoint(&mut e, T0 + 4.0, &[early]).unwrap();
        assert_eq!(reply.changed, [1]);
        assert_eq!((op(&e, "charge").status.clone(), op(&e, "charge").attempt), (OperationStatus::Started, 2));
        let mut ok = update("charge", OperationType::Step, OperationAction::Succeed);
        ok.payload = Some(r#""receipt-9""#.into());
        checkpoint(&mut e, T0 + 5.0, &[ok]).unwrap();
        assert_eq!(op(&e, "charge").result.as_deref(), Some(r#""receipt-9""#));
        let failed = e.events.iter().find_map(|ev| ev.step_failed_details.clone()).unwrap();
        assert_eq!(failed.retry_details.current_attempt, Some(1));
        assert_eq!(failed.retry_details.next_attempt_delay_seconds, Some(3));
        let succeeded = e.events.iter().find_map(|ev| ev.step_succeeded_details.clone()).unwrap();
        assert_eq!(succeeded.retry_details.current_attempt, Some(2));
        assert_eq!(succeeded.result.payload.as_deref(), Some(r#""receipt-9""#));
    }

    #[test]
    fn the_execution_times_out_and_its_open_operations_stop() {
        let mut e = start(false);
        checkpoint(&mut e, T0, &[callback_start("cb", None, None)]).unwrap();
        machine::settle(&mut e, T0 + 1.0);
        machine::advance(&mut e, T0 + 500.0);
        assert_eq!(e.status, ExecutionStatus::TimedOut);
        assert_eq!(e.ended, Some(T0 + 100.0));
        assert_eq!(op(&e, "cb").status, OperationStatus::Stopped);
        assert_eq!(e.error.as_ref().unwrap().error_type.as_deref(), Some("ExecutionTimeout"));
        assert_eq!(events(&e).last(), Some(&E::ExecutionTimedOut));
    }

    #[test]
    fn a_paused_timeout_extends_the_deadline_by_the_time_paused() {
        let mut e = start(false);
        checkpoint(&mut e, T0, &[callback_start("cb", None, None)]).unwrap();
        machine::settle(&mut e, T0);
        assert_eq!(machine::timeout_deadline(&e), T0 + 100.0);
        machine::pause(&mut e, T0 + 10.0, None, true, None).unwrap();
        assert_eq!(machine::timeout_deadline(&e), T0 + super::super::model::MAX_LIFETIME);
        machine::advance(&mut e, T0 + 200.0);
        assert_eq!(e.status, ExecutionStatus::Paused, "the timeout is paused");
        machine::resume(&mut e, T0 + 60.0 + 10.0, None, None).unwrap();
        assert_eq!(machine::timeout_deadline(&e), T0 + 160.0);
        machine::advance(&mut e, T0 + 159.0);
        assert_eq!(e.status, ExecutionStatus::Running);
        machine::advance(&mut e, T0 + 160.0);
        assert_eq!(e.status, ExecutionStatus::TimedOut);

        // Without pausing the timeout, it runs on while paused.
        let mut e = start(false);
        checkpoint(&mut e, T0, &[callback_start("cb", None, None)]).unwrap();
        machine::pause(&mut e, T0 + 10.0, None, false, None).unwrap();
        machine::settle(&mut e, T0 + 11.0);
        assert_eq!(e.status, ExecutionStatus::Paused);
        machine::advance(&mut e, T0 + 101.0);
        assert_eq!(e.status, ExecutionStatus::TimedOut);
    }

    #[test]
    fn a_checkpoint_while_pausing_is_the_last_of_the_invocation() {
        let mut e = start(false);
        let t = token(&e);
        machine::pause(&mut e, T0 + 1.0, None, true, None).unwrap();
        let reply = machine::checkpoint(&mut e, T0 + 2.0, &t, &[wait_start("w", 1)], &BTreeMap::new()).unwrap();
        assert_eq!(reply.token, None);
        assert_eq!(e.status, ExecutionStatus::Paused);
        assert!(e.pause.as_ref().unwrap().interrupted);
        // While paused the wait still ends, but the function is not invoked.
        machine::advance(&mut e, T0 + 10.0);
        assert_eq!(op(&e, "w").status, OperationStatus::Succeeded);
        assert_eq!(e.status, ExecutionStatus::Paused);
        machine::resume(&mut e, T0 + 11.0, None, None).unwrap();
        assert_eq!(e.status, ExecutionStatus::Succeeded);
    }

    #[test]
    fn an_execution_update_closes_the_execution() {
        let mut e = start(false);
        let mut ok = update("id-1", OperationType::Execution, OperationAction::Succeed);
        ok.payload = Some(r#"{"total":42}"#.into());
        let reply = checkpoint(&mut e, T0 + 1.0, &[callback_start("cb", None, None), ok]).unwrap();
        assert_eq!(reply.token, None);
        assert_eq!(e.status, ExecutionStatus::Succeeded);
        assert_eq!(e.result.as_deref(), Some(r#"{"total":42}"#), "the code's result, not the echo");
        assert_eq!(op(&e, "cb").status, OperationStatus::Stopped);
        assert!(e.invocation.is_none());

        let mut f = start(false);
        let mut fail = update("id-1", OperationType::Execution, OperationAction::Fail);
        fail.error = Some(machine::error_object("Boom", "it broke".into()));
        checkpoint(&mut f, T0, &[fail]).unwrap();
        assert_eq!(f.status, ExecutionStatus::Failed);
        assert_eq!(f.error.as_ref().unwrap().error_message.as_deref(), Some("it broke"));
        assert_eq!(events(&f).last(), Some(&E::InvocationCompleted));
    }

    #[test]
    fn invalid_updates_are_refused_and_nothing_is_applied() {
        let mut e = start(false);
        let before = (e.ops.len(), e.events.len());
        let cases: Vec<(Vec<OperationUpdate>, &str)> = vec![
            (vec![wait_start("a", 1), wait_start("a", 2)], "updated twice"),
            (
                {
                    let mut u = update("child", OperationType::Step, OperationAction::Start);
                    u.parent_id = Some("nowhere".into());
                    vec![u]
                },
                "not a CONTEXT",
            ),
            (vec![update("w", OperationType::Wait, OperationAction::Succeed)], "not an action of a WAIT"),
            (vec![update("w", OperationType::Wait, OperationAction::Start)], "WaitSeconds"),
            (
                vec![update("id-1", OperationType::Execution, OperationAction::Succeed), wait_start("w", 1)],
                "must be the last",
            ),
            (
                vec![update("other", OperationType::Execution, OperationAction::Succeed)],
                "execution's operation is id-1",
            ),
            (
                {
                    let mut u = update("id-1", OperationType::Execution, OperationAction::Fail);
                    u.payload = Some("{}".into());
                    vec![u]
                },
                "FAIL takes no Payload",
            ),
            (
                {
                    let mut u = update("s", OperationType::Step, OperationAction::Succeed);
                    u.error = Some(ErrorObject::default());
                    vec![u]
                },
                "SUCCEED takes no Error",
            ),
            (vec![update("s", OperationType::Step, OperationAction::Retry)], "RETRY needs StepOptions"),
            (
                {
                    let mut u = update("s", OperationType::Step, OperationAction::Succeed);
                    u.payload = Some("x".repeat(machine::PAYLOAD_LIMIT + 1));
                    vec![u]
                },
                "larger than 1048576",
            ),
            (vec![update("c", OperationType::ChainedInvoke, OperationAction::Start)], "ChainedInvokeOptions"),
            (
                vec![wait_start("ok", 1), update("x", OperationType::Unknown("NOPE".into()), OperationAction::Start)],
                "NOPE",
            ),
        ];
        for (updates, why) in cases {
            let err = checkpoint(&mut e, T0, &updates).unwrap_err();
            assert_eq!(err.code(), "InvalidParameterValueException");
            assert!(err.message().contains(why), "{why}: {}", err.message());
            assert!(err.message().starts_with("Updates["), "names the update: {}", err.message());
        }
        assert_eq!((e.ops.len(), e.events.len()), before, "no update was applied");
        assert_eq!(token(&e), checkpoint_token("id-1", 1), "a refused checkpoint consumes no token");
        // An update of an existing operation with another type.
        checkpoint(&mut e, T0, &[wait_start("w", 5)]).unwrap();
        let err = checkpoint(&mut e, T0, &[update("w", OperationType::Step, OperationAction::Start)]).unwrap_err();
        assert!(err.message().contains("is a WAIT, not a STEP"), "{}", err.message());
    }

    #[test]
    fn completed_contexts_hide_their_children_unless_they_replay_them() {
        let mut e = start(false);
        let mut child = update("step-in-ctx", OperationType::Step, OperationAction::Succeed);
        child.parent_id = Some("ctx".into());
        let mut kept_child = child.clone();
        kept_child.id = "step-in-kept".into();
        kept_child.parent_id = Some("kept".into());
        let mut kept = update("kept", OperationType::Context, OperationAction::Start);
        kept.context_options = Some(ContextOptions::builder().replay_children(true).build());
        checkpoint(
            &mut e,
            T0,
            &[update("ctx", OperationType::Context, OperationAction::Start), child, kept, kept_child],
        )
        .unwrap();
        let ids = |e: &Execution| -> Vec<String> {
            machine::replayed_operations(e).iter().map(|i| e.ops[*i].id.clone()).collect()
        };
        assert_eq!(ids(&e), ["id-1", "ctx", "step-in-ctx", "kept", "step-in-kept"]);
        checkpoint(
            &mut e,
            T0,
            &[
                update("ctx", OperationType::Context, OperationAction::Succeed),
                update("kept", OperationType::Context, OperationAction::Succeed),
            ],
        )
        .unwrap();
        assert_eq!(ids(&e), ["id-1", "ctx", "kept", "step-in-kept"]);
    }

    #[test]
    fn chained_invocations_complete_with_what_the_target_answered() {
        let mut e = start(false);
        let mut call = update("call", OperationType::ChainedInvoke, OperationAction::Start);
        call.payload = Some(r#"{"x":1}"#.into());
        call.chained_invoke_options = Some(ChainedInvokeOptions::builder().function_name("other").build().unwrap());
        let mut missing = call.clone();
        missing.id = "missing".into();
        let outcomes = BTreeMap::from([
            (
                "call".to_string(),
                Chained::Succeeded {
                    version: "$LATEST".into(),
                    result: r#"{"x":1}"#.into(),
                    durable_execution_arn: None,
                },
            ),
            ("missing".to_string(), Chained::Failed(machine::error_object("ResourceNotFoundException", "gone".into()))),
        ]);
        let t = token(&e);
        machine::checkpoint(&mut e, T0, &t, &[call, missing], &outcomes).unwrap();
        assert_eq!(op(&e, "call").status, OperationStatus::Succeeded);
        assert_eq!(op(&e, "call").result.as_deref(), Some(r#"{"x":1}"#));
        assert_eq!(op(&e, "missing").status, OperationStatus::Failed);
        let started = e.events.iter().find_map(|ev| ev.chained_invoke_started_details.clone()).unwrap();
        assert_eq!((started.function_name.as_str(), started.executed_version.as_deref()), ("other", Some("$LATEST")));
        assert!(events(&e).contains(&E::ChainedInvokeFailed));
    }

    #[test]
    fn closed_executions_expire_after_their_retention_period() {
        let e = start(true);
        assert!(!machine::expired(&e, T0 + 86_400.0));
        assert!(machine::expired(&e, T0 + 86_400.0 + 1.0));
        assert!(!machine::expired(&start(false), T0 + 1e9), "a running execution never expires");
    }
}

mod operations {
    use super::*;
    use crate::durable::api::{self, Invoked};
    use crate::invoke::{self, Mode};
    use crate::state::Store;
    use crate::test_support::{create_input, store};
    use lambda_api::operations::checkpoint_durable_execution::CheckpointDurableExecutionInput;
    use lambda_api::operations::delete_durable_execution::DeleteDurableExecutionInput;
    use lambda_api::operations::get_durable_execution::GetDurableExecutionInput;
    use lambda_api::operations::get_durable_execution_history::GetDurableExecutionHistoryInput;
    use lambda_api::operations::get_durable_execution_state::GetDurableExecutionStateInput;
    use lambda_api::operations::list_durable_executions_by_function::ListDurableExecutionsByFunctionInput;
    use lambda_api::operations::send_durable_execution_callback_success::SendDurableExecutionCallbackSuccessInput;
    use lambda_api::operations::update_function_configuration::UpdateFunctionConfigurationInput;

    fn store_with(name: &str, durable: Option<DurableConfig>) -> Store {
        let mut s = store();
        create(&mut s, name, durable).unwrap();
        s
    }

    /// The shared test function, with `durable` as its DurableConfig.
    fn create(s: &mut Store, name: &str, durable: Option<DurableConfig>) -> crate::error::Res<()> {
        let mut input = create_input(name);
        input.durable_config = durable;
        crate::functions::create_function(s, input).map(|_| ())
    }

    /// What the service does for Invoke: the echo, then the durable execution.
    fn run(
        s: &mut Store,
        function: &str,
        mode: Mode,
        name: Option<&str>,
        payload: &str,
        now: f64,
    ) -> crate::error::Res<Option<String>> {
        let r = invoke::invoke(
            s,
            function,
            None,
            mode,
            false,
            Some(&lambda_rt::http::Bytes::copy_from_slice(payload.as_bytes())),
            "req",
        )?;
        let invoked = Invoked {
            function_name: function,
            qualifier: None,
            mode,
            execution_name: name,
            payload: Some(payload.as_bytes()),
            executed_version: &r.executed_version,
            request_id: "req",
        };
        api::start_on_invoke(s, invoked, now)
    }

    fn get(
        s: &mut Store,
        arn: &str,
        now: f64,
    ) -> crate::error::Res<lambda_api::operations::get_durable_execution::GetDurableExecutionOutput> {
        api::get_durable_execution(
            s,
            GetDurableExecutionInput::builder().durable_execution_arn(arn).build().unwrap(),
            now,
        )
    }

    fn list(s: &mut Store, input: ListDurableExecutionsByFunctionInput, now: f64) -> Vec<String> {
        let out = api::list_durable_executions_by_function(s, input, now).unwrap();
        out.durable_executions.unwrap_or_default().into_iter().map(|e| e.durable_execution_name).collect()
    }

    #[test]
    fn durable_settings_are_required_at_creation_and_cannot_be_added_later() {
        let mut s = store_with("plain", None);
        let no_timeout = DurableConfig::builder().retention_period_in_days(3).build();
        assert_eq!(code(create(&mut s, "d", Some(no_timeout))), "InvalidParameterValueException");
        create(&mut s, "d", Some(DurableConfig::builder().execution_timeout(60).build())).unwrap();
        let c = crate::functions::get_function_configuration(&s, "d", None).unwrap();
        assert_eq!(
            c.durable_config,
            Some(DurableConfig::builder().execution_timeout(60).retention_period_in_days(14).build())
        );
        let update = |name: &str, d: DurableConfig| {
            UpdateFunctionConfigurationInput::builder().function_name(name).durable_config(d).build().unwrap()
        };
        let err = crate::functions::update_function_configuration(&mut s, update("plain", config(5))).unwrap_err();
        assert_eq!(err.code(), "InvalidParameterValueException");
        let c = crate::functions::update_function_configuration(
            &mut s,
            update("d", DurableConfig::builder().retention_period_in_days(30).build()),
        )
        .unwrap();
        assert_eq!(
            c.durable_config,
            Some(DurableConfig::builder().execution_timeout(60).retention_period_in_days(30).build())
        );
    }

    #[test]
    fn invoking_a_durable_function_needs_a_qualifier_and_starts_an_execution() {
        let mut s = store_with("d", Some(config(600)));
        let err = run(&mut s, "d", Mode::RequestResponse, None, "{}", T0).unwrap_err();
        assert_eq!(err.code(), "InvalidParameterValueException");
        assert!(err.message().contains("unqualified"), "{}", err.message());
        assert_eq!(run(&mut s, "d:$LATEST", Mode::DryRun, None, "{}", T0).unwrap(), None, "a dry run starts nothing");
        let arn = run(&mut s, "d:$LATEST", Mode::RequestResponse, Some("order-1"), r#"{"a":1}"#, T0).unwrap().unwrap();
        let prefix = "arn:aws:lambda:us-east-1:123456789012:function:d:$LATEST/durable-execution/order-1/";
        assert!(arn.starts_with(prefix), "{arn}");
        let id = &arn[prefix.len()..];
        assert!(!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{id}");
        let got = get(&mut s, &arn, T0 + 1.0).unwrap();
        assert_eq!(got.status, ExecutionStatus::Succeeded);
        assert_eq!(got.result.as_deref(), Some(r#"{"a":1}"#));
        assert_eq!(got.input_payload.as_deref(), Some(r#"{"a":1}"#));
        assert_eq!(got.version.as_deref(), Some("$LATEST"));
        assert_eq!(got.function_arn, "arn:aws:lambda:us-east-1:123456789012:function:d:$LATEST");
        assert_eq!(
            got.durable_config,
            Some(DurableConfig::builder().execution_timeout(600).retention_period_in_days(1).build())
        );
        assert_eq!(got.expected_execution_timeout_timestamp, None, "closed");
        // A function without durable settings starts nothing.
        create(&mut s, "plain", None).unwrap();
        assert_eq!(run(&mut s, "plain", Mode::RequestResponse, Some("x"), "{}", T0).unwrap(), None);
    }

    #[test]
    fn a_name_starts_one_execution_per_payload() {
        let mut s = store_with("d", Some(config(600)));
        let first = run(&mut s, "d:$LATEST", Mode::Event, Some("job"), r#"{"n":1}"#, T0).unwrap().unwrap();
        let again = run(&mut s, "d:$LATEST", Mode::Event, Some("job"), r#"{"n":1}"#, T0 + 1.0).unwrap().unwrap();
        assert_eq!(first, again, "the same name and payload return the same execution");
        let err = run(&mut s, "d:$LATEST", Mode::Event, Some("job"), r#"{"n":2}"#, T0 + 2.0).unwrap_err();
        assert_eq!((err.code(), err.status()), ("DurableExecutionAlreadyStartedException", 409));
        let all = ListDurableExecutionsByFunctionInput::builder().function_name("d").build().unwrap();
        assert_eq!(list(&mut s, all.clone(), T0 + 3.0), ["job"]);
        // Deleted, the name is free again.
        let delete = DeleteDurableExecutionInput::builder().durable_execution_arn(first.clone()).build().unwrap();
        api::delete_durable_execution(&mut s, delete, T0 + 4.0).unwrap();
        assert_eq!(code(get(&mut s, &first, T0 + 5.0)), "ResourceNotFoundException");
        let third = run(&mut s, "d:$LATEST", Mode::Event, Some("job"), r#"{"n":2}"#, T0 + 6.0).unwrap().unwrap();
        assert_ne!(third, first);
    }

    #[test]
    fn a_running_execution_cannot_be_deleted() {
        let mut s = store_with("d", Some(config(600)));
        let arn = run(&mut s, "d:$LATEST", Mode::Event, None, "{}", T0).unwrap().unwrap();
        let e = s.durable.by_arn.get_mut(&arn).unwrap();
        checkpoint(e, T0, &[callback_start("cb", None, None)]).unwrap();
        let delete = DeleteDurableExecutionInput::builder().durable_execution_arn(arn.clone()).build().unwrap();
        assert_eq!(code(api::delete_durable_execution(&mut s, delete, T0 + 1.0)), "ResourceConflictException");
        assert_eq!(get(&mut s, &arn, T0 + 2.0).unwrap().status, ExecutionStatus::Running);
    }

    #[test]
    fn lists_filter_order_and_page() {
        let mut s = store_with("d", Some(config(600)));
        for (i, name) in ["a", "b", "c", "d"].iter().enumerate() {
            run(&mut s, "d:$LATEST", Mode::RequestResponse, Some(name), "{}", T0 + i as f64).unwrap();
        }
        let arn_c = s.durable.by_arn.values().find(|e| e.name == "c").unwrap().arn.clone();
        let e = s.durable.by_arn.get_mut(&arn_c).unwrap();
        *e = start(false); // replace with a running one of the same function, named "run"
        e.arn = arn_c.clone();
        e.function_name = "d".into();
        e.version = "$LATEST".into();
        e.number = 3;
        checkpoint(e, T0, &[callback_start("cb", None, None)]).unwrap();
        let base = || ListDurableExecutionsByFunctionInput::builder().function_name("d");
        assert_eq!(list(&mut s, base().build().unwrap(), T0 + 10.0), ["d", "run", "b", "a"], "newest first");
        assert_eq!(list(&mut s, base().reverse_order(true).build().unwrap(), T0 + 10.0), ["a", "b", "run", "d"]);
        let running = base().statuses(vec![ExecutionStatus::Running]).build().unwrap();
        assert_eq!(list(&mut s, running, T0 + 10.0), ["run"]);
        let named = base().durable_execution_name("b").build().unwrap();
        assert_eq!(list(&mut s, named, T0 + 10.0), ["b"]);
        let window = base()
            .started_after(lambda_rt::Timestamp::from_epoch_seconds(T0 - 1.0))
            .started_before(lambda_rt::Timestamp::from_epoch_seconds(T0 + 2.0))
            .build()
            .unwrap();
        assert_eq!(list(&mut s, window, T0 + 10.0), ["run", "b", "a"], "strictly after and before");
        assert!(list(&mut s, base().qualifier("$LATEST").build().unwrap(), T0 + 10.0).len() == 4);
        // One item a page, following the markers.
        let mut names = Vec::new();
        let mut marker = None;
        for _ in 0..10 {
            let input = base().max_items(1).set_marker(marker.clone()).build().unwrap();
            let out = api::list_durable_executions_by_function(&mut s, input, T0 + 10.0).unwrap();
            names.extend(out.durable_executions.unwrap().into_iter().map(|e| e.durable_execution_name));
            marker = out.next_marker;
            if marker.is_none() {
                break;
            }
        }
        assert_eq!(names, ["d", "run", "b", "a"]);
        let missing = ListDurableExecutionsByFunctionInput::builder().function_name("nope").build().unwrap();
        assert_eq!(code(api::list_durable_executions_by_function(&mut s, missing, T0)), "ResourceNotFoundException");
    }

    #[test]
    fn the_sdk_side_reads_state_checkpoints_and_a_callback_completes_it() {
        let mut s = store_with("d", Some(config(600)));
        let arn = run(&mut s, "d:$LATEST", Mode::Event, None, r#"{"k":"v"}"#, T0).unwrap().unwrap();
        let id = arn.rsplit('/').next().unwrap().to_string();
        let first = checkpoint_token(&id, 1);
        let state = |s: &mut Store, token: &str| {
            let input = GetDurableExecutionStateInput::builder()
                .durable_execution_arn(arn.clone())
                .checkpoint_token(token)
                .build()
                .unwrap();
            api::get_durable_execution_state(s, input, T0 + 1.0)
        };
        let ops = state(&mut s, &first).unwrap().operations;
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].r#type, OperationType::Execution);
        assert_eq!(ops[0].execution_details.as_ref().unwrap().input_payload.as_deref(), Some(r#"{"k":"v"}"#));
        assert_eq!(code(state(&mut s, "d3Jvbmc=")), "InvalidParameterValueException");
        let cp = |token: &str, updates: Vec<OperationUpdate>, client: Option<&str>| {
            CheckpointDurableExecutionInput::builder()
                .durable_execution_arn(arn.clone())
                .checkpoint_token(token)
                .updates(updates)
                .set_client_token(client.map(str::to_string))
                .build()
                .unwrap()
        };
        let out = api::checkpoint_durable_execution(
            &mut s,
            cp(&first, vec![callback_start("cb", None, None)], Some("c1")),
            T0 + 2.0,
        )
        .unwrap();
        let ops = out.new_execution_state.operations.unwrap();
        let callback_id = ops[0].callback_details.as_ref().unwrap().callback_id.clone().unwrap();
        // A retry with the same client token gets the same answer; no second callback.
        let retried = api::checkpoint_durable_execution(
            &mut s,
            cp(&first, vec![callback_start("cb", None, None)], Some("c1")),
            T0 + 3.0,
        )
        .unwrap();
        assert_eq!(retried.checkpoint_token, out.checkpoint_token);
        assert_eq!(s.durable.by_arn[&arn].ops.len(), 2);
        let unknown = CheckpointDurableExecutionInput::builder()
            .durable_execution_arn(format!("{arn}x"))
            .checkpoint_token(first.clone())
            .build()
            .unwrap();
        assert_eq!(code(api::checkpoint_durable_execution(&mut s, unknown, T0)), "InvalidParameterValueException");
        let send = |id: &str| {
            SendDurableExecutionCallbackSuccessInput::builder()
                .callback_id(id)
                .result(lambda_rt::Blob::new(&b"{\"ok\":1}"[..]))
                .build()
                .unwrap()
        };
        assert_eq!(code(api::send_callback_success(&mut s, send("bm9uZQ=="), T0)), "ResourceNotFoundException");
        api::send_callback_success(&mut s, send(&callback_id), T0 + 4.0).unwrap();
        let got = get(&mut s, &arn, T0 + 5.0).unwrap();
        assert_eq!(got.status, ExecutionStatus::Succeeded);
        assert_eq!(got.result.as_deref(), Some(r#"{"k":"v"}"#));
        assert_eq!(code(api::send_callback_success(&mut s, send(&callback_id), T0 + 6.0)), "CallbackTimeoutException");
        // The history, both ways, with and without data.
        let mut history = |reverse: bool, data: bool| {
            let input = GetDurableExecutionHistoryInput::builder()
                .durable_execution_arn(arn.clone())
                .reverse_order(reverse)
                .include_execution_data(data)
                .build()
                .unwrap();
            api::get_durable_execution_history(&mut s, input, T0 + 7.0).unwrap().events
        };
        let kinds: Vec<_> = history(false, true).into_iter().map(|e| e.event_type.unwrap()).collect();
        use EventType as E;
        assert_eq!(
            kinds,
            [
                E::ExecutionStarted,
                E::CallbackStarted,
                E::CallbackSucceeded,
                E::InvocationCompleted,
                E::ExecutionSucceeded
            ]
        );
        let newest_first: Vec<_> = history(true, true).into_iter().map(|e| e.event_id.unwrap()).collect();
        assert_eq!(newest_first, [5, 4, 3, 2, 1]);
        let bare = history(false, false);
        let input = &bare[0].execution_started_details.as_ref().unwrap().input;
        assert_eq!((input.payload.as_deref(), input.truncated), (None, Some(true)));
        let detail = api::get_durable_execution(
            &mut s,
            GetDurableExecutionInput::builder()
                .durable_execution_arn(arn.clone())
                .include_execution_data(false)
                .build()
                .unwrap(),
            T0 + 8.0,
        )
        .unwrap();
        assert_eq!((detail.input_payload, detail.result, detail.execution_data_included), (None, None, Some(false)));
    }

    #[test]
    fn a_chained_invocation_runs_the_target() {
        let mut s = store_with("d", Some(config(600)));
        create(&mut s, "child", Some(config(60))).unwrap();
        create(&mut s, "plain", None).unwrap();
        let arn = run(&mut s, "d:$LATEST", Mode::Event, None, "{}", T0).unwrap().unwrap();
        let id = arn.rsplit('/').next().unwrap().to_string();
        let call = |id: &str, target: &str| {
            let mut u = update(id, OperationType::ChainedInvoke, OperationAction::Start);
            u.payload = Some(r#"{"q":1}"#.into());
            u.chained_invoke_options = Some(ChainedInvokeOptions::builder().function_name(target).build().unwrap());
            u
        };
        let input = CheckpointDurableExecutionInput::builder()
            .durable_execution_arn(arn.clone())
            .checkpoint_token(checkpoint_token(&id, 1))
            .updates(vec![call("p", "plain"), call("u", "child"), call("q", "child:$LATEST"), call("m", "missing")])
            .build()
            .unwrap();
        let out = api::checkpoint_durable_execution(&mut s, input, T0 + 1.0).unwrap();
        let ops = out.new_execution_state.operations.unwrap();
        let by_id = |id: &str| ops.iter().find(|o| o.id == id).unwrap().clone();
        assert_eq!(by_id("p").status, OperationStatus::Succeeded);
        assert_eq!(by_id("p").chained_invoke_details.unwrap().result.as_deref(), Some(r#"{"q":1}"#));
        let unqualified = by_id("u").chained_invoke_details.unwrap().error.unwrap();
        assert_eq!(unqualified.error_type.as_deref(), Some("InvalidParameterValueException"));
        assert_eq!(by_id("q").status, OperationStatus::Succeeded);
        let missing = by_id("m").chained_invoke_details.unwrap().error.unwrap();
        assert_eq!(missing.error_type.as_deref(), Some("ResourceNotFoundException"));
        // The durable target got an execution of its own, which echoed.
        let child = ListDurableExecutionsByFunctionInput::builder().function_name("child").build().unwrap();
        let out = api::list_durable_executions_by_function(&mut s, child, T0 + 2.0).unwrap();
        let children = out.durable_executions.unwrap();
        assert_eq!(children.len(), 1);
        assert_eq!(children[0].status, ExecutionStatus::Succeeded);
        let started = s.durable.by_arn[&arn].events.iter().filter_map(|e| e.chained_invoke_started_details.clone());
        let child_arns: Vec<_> = started.filter_map(|d| d.durable_execution_arn).collect();
        assert_eq!(child_arns, [children[0].durable_execution_arn.clone()]);
    }

    #[test]
    fn unknown_executions_are_not_found() {
        let mut s = store_with("d", Some(config(600)));
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:d:$LATEST/durable-execution/none/none";
        assert_eq!(code(get(&mut s, arn, T0)), "ResourceNotFoundException");
        let input = GetDurableExecutionHistoryInput::builder().durable_execution_arn(arn).build().unwrap();
        assert_eq!(code(api::get_durable_execution_history(&mut s, input, T0)), "ResourceNotFoundException");
    }

    #[test]
    fn expired_executions_are_forgotten() {
        let mut s = store_with("d", Some(config(600)));
        let arn = run(&mut s, "d:$LATEST", Mode::RequestResponse, Some("old"), "{}", T0).unwrap().unwrap();
        assert!(get(&mut s, &arn, T0 + 86_000.0).is_ok());
        assert_eq!(code(get(&mut s, &arn, T0 + 86_401.0)), "ResourceNotFoundException");
        assert!(s.durable.by_arn.is_empty());
    }
}
