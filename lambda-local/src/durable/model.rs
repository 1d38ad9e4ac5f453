//! The state of durable executions: what each execution, operation and invocation holds.
//! The rules that change it are in [`super::machine`].

use lambda_api::enums::{ExecutionStatus, OperationStatus, OperationType};
use lambda_api::types::{DurableConfig, ErrorObject, Event};
use std::collections::BTreeMap;

/// A point in time: seconds since the epoch (what the API's timestamps carry).
pub type Secs = f64;

/// How long an execution whose timeout is paused may still live: 366 days from its start.
pub const MAX_LIFETIME: Secs = 366.0 * 86_400.0;

/// How long a client token of Pause or Resume makes a repeat of the same request a no-op.
pub const CLIENT_TOKEN_WINDOW: Secs = 15.0 * 60.0;

/// Every durable execution of one account in one Region.
#[derive(Debug, Default)]
pub struct DurableExecutions {
    /// Executions by ARN.
    pub by_arn: BTreeMap<String, Execution>,
    /// The execution each callback belongs to: callback id to execution ARN.
    pub callbacks: BTreeMap<String, String>,
    /// Executions started so far; numbers each one, which orders lists by start.
    pub started: u64,
}

/// One durable execution.
#[derive(Clone, Debug)]
pub struct Execution {
    /// Its ARN: the version-qualified function ARN, `/durable-execution/`, name and id.
    pub arn: String,
    /// Its name: given with the invocation, or generated.
    pub name: String,
    /// Its id (the last part of the ARN).
    pub id: String,
    /// The function's name.
    pub function_name: String,
    /// The ARN of the version that runs it.
    pub function_arn: String,
    /// The version that runs it (`$LATEST` or a number).
    pub version: String,
    /// The version's durable settings when the execution started.
    pub config: DurableConfig,
    /// Seconds the execution may run (not counting time paused with its timeout paused).
    pub timeout: Secs,
    /// Days a closed execution is kept.
    pub retention_days: i32,
    /// The event the function received.
    pub input: String,
    /// Started by a synchronous invocation (its result may then be 6 MB instead of 1 MB).
    pub synchronous: bool,
    /// Its status.
    pub status: ExecutionStatus,
    /// When it started.
    pub started: Secs,
    /// When it closed.
    pub ended: Option<Secs>,
    /// Its result, once it succeeded.
    pub result: Option<String>,
    /// Why it failed, timed out or stopped.
    pub error: Option<ErrorObject>,
    /// Its number among the executions of the account (start order).
    pub number: u64,
    /// Its operations in start order; the first is the execution itself (type `EXECUTION`).
    pub ops: Vec<Op>,
    /// Its history.
    pub events: Vec<Event>,
    /// The invocation of the function in progress, if any.
    pub invocation: Option<Invocation>,
    /// The pause asked for, while the execution is pausing or paused.
    pub pause: Option<Pause>,
    /// Seconds the execution timeout was paused so far.
    pub paused_for: Secs,
    /// Checkpoint tokens issued so far.
    pub tokens_issued: u64,
    /// Changes made to operations so far; each operation notes the number of its last one.
    pub changes: u64,
    /// The change number reported with the last checkpoint token issued.
    pub reported: u64,
    /// The last checkpoint, kept to answer a retry with the same client token.
    pub last_checkpoint: Option<LastCheckpoint>,
    /// Client tokens of recent Pause and Resume requests.
    pub client_tokens: Vec<ClientTokenUse>,
}

/// An invocation of the function for an execution.
#[derive(Clone, Debug)]
pub struct Invocation {
    /// Its request id.
    pub request_id: String,
    /// When it started.
    pub started: Secs,
    /// The checkpoint token it must present next.
    pub token: String,
}

/// A pause asked for with PauseDurableExecution.
#[derive(Clone, Debug)]
pub struct Pause {
    /// When it was asked for.
    pub requested: Secs,
    /// The reason given.
    pub reason: Option<String>,
    /// Whether the execution timeout stops while paused.
    pub timeout_paused: bool,
    /// When the execution became `PAUSED` (absent while `PAUSING`).
    pub paused_at: Option<Secs>,
    /// Whether the pause cut an invocation short (it is then invoked again on resume).
    pub interrupted: bool,
}

/// One operation of an execution.
#[derive(Clone, Debug)]
pub struct Op {
    /// Its id.
    pub id: String,
    /// The context operation it runs in.
    pub parent_id: Option<String>,
    /// The name the code gave it.
    pub name: Option<String>,
    /// Its subtype.
    pub sub_type: Option<String>,
    /// Its type.
    pub kind: OperationType,
    /// Its status.
    pub status: OperationStatus,
    /// When it started.
    pub started: Secs,
    /// When it ended.
    pub ended: Option<Secs>,
    /// The change number of its last change.
    pub changed: u64,
    /// Its result payload.
    pub result: Option<String>,
    /// Its error.
    pub error: Option<ErrorObject>,
    /// Step: the attempt number (1 for the first).
    pub attempt: i32,
    /// Step: when the next attempt is due, while a retry is pending.
    pub next_attempt: Option<Secs>,
    /// Wait: how long, in seconds.
    pub wait_seconds: Option<i32>,
    /// Wait: when it ends.
    pub wait_end: Option<Secs>,
    /// Callback: its id and timeouts.
    pub callback: Option<Callback>,
    /// Context: whether the state of its children is replayed once it completed.
    pub replay_children: Option<bool>,
    /// Execution: the input payload.
    pub input: Option<String>,
}

/// The callback side of a `CALLBACK` operation.
#[derive(Clone, Debug)]
pub struct Callback {
    /// The id that SendDurableExecutionCallback* address it by.
    pub id: String,
    /// Seconds it may stay open (absent or 0: no limit).
    pub timeout: Option<i32>,
    /// Seconds it may go without a heartbeat (absent or 0: no limit).
    pub heartbeat_timeout: Option<i32>,
    /// When it last heard a heartbeat (its start at first).
    pub last_beat: Secs,
}

/// What a checkpoint returned, for a retry with the same client token.
#[derive(Clone, Debug)]
pub struct LastCheckpoint {
    /// The client token of the request.
    pub client_token: String,
    /// The checkpoint token it consumed.
    pub consumed: String,
    /// What it returned.
    pub reply: Checkpointed,
}

/// The outcome of a checkpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Checkpointed {
    /// The token for the next checkpoint; absent when the invocation ended with it (the
    /// execution closed, or a pause took effect).
    pub token: Option<String>,
    /// Indexes (in [`Execution::ops`]) of the operations changed since the previous token was
    /// issued, in start order.
    pub changed: Vec<usize>,
}

/// A client token used with Pause or Resume.
#[derive(Clone, Debug)]
pub struct ClientTokenUse {
    /// The token.
    pub token: String,
    /// The request and its parameters, as one string.
    pub request: String,
    /// When it was used.
    pub at: Secs,
}

/// Whether a status is final.
pub fn is_closed(status: &ExecutionStatus) -> bool {
    matches!(
        status,
        ExecutionStatus::Succeeded | ExecutionStatus::Failed | ExecutionStatus::TimedOut | ExecutionStatus::Stopped
    )
}

impl Execution {
    /// Whether the execution has closed.
    pub fn is_closed(&self) -> bool {
        is_closed(&self.status)
    }

    /// The operation with this id.
    pub fn op_index(&self, id: &str) -> Option<usize> {
        self.ops.iter().position(|o| o.id == id)
    }

    /// Whether an operation is still waiting for something outside the code (a wait, a
    /// callback, another function, a step retry's delay), so that the code cannot finish yet.
    pub fn has_pending(&self) -> bool {
        self.ops.iter().any(Op::is_pending)
    }
}

impl Op {
    /// Whether the operation waits for something outside the code.
    pub fn is_pending(&self) -> bool {
        match self.kind {
            OperationType::Wait | OperationType::Callback | OperationType::ChainedInvoke => {
                self.status == OperationStatus::Started
            }
            OperationType::Step => self.status == OperationStatus::Pending,
            _ => false,
        }
    }

    /// Whether the operation has not completed.
    pub fn is_open(&self) -> bool {
        matches!(self.status, OperationStatus::Started | OperationStatus::Pending | OperationStatus::Ready)
    }
}
