//! Waiters: poll an operation until its answers say that a resource reached the awaited state,
//! that it never will, or that the time allowed is over.
//!
//! The generated crate describes each waiter of the model as data (a [`WaiterSpec`]: the
//! operation, its delay and attempts, the acceptors in order); [`Waiter`] runs any of them.
//!
//! Timing follows the waiter rules of the AWS SDKs built on Smithy (Rust, Go v2, JavaScript
//! v3, Java v2): the first poll is sent at once; after poll `n` the waiter sleeps a random time
//! between `min_delay` and `min(min_delay * 2^(n-1), max_delay)`; the sleep is shortened so
//! that the last poll is sent `min_delay` before `max_wait` runs out, and when less than
//! `min_delay` is left the waiter gives up with a timeout. The model's `delay` is the default
//! `min_delay`, and its `delay * maxAttempts` (what botocore, whose model it is, waits at most)
//! the default `max_wait`.
//!
//! Each poll is an ordinary call, with the client's retry policy: throttling, transient 5xx
//! answers and dropped connections are retried inside the poll. An error that is still there
//! afterwards is matched against the acceptors like any answer, and ends the wait when none
//! expects it, as the SDKs do.

use super::{Client, SdkError};
use crate::binding::{HttpInput, Operation};
use std::fmt;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// The longest sleep between polls unless configured otherwise, as in the Smithy waiter rules.
pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(120);

/// A waiter of the model: the operation it polls (`O`), its timing and its acceptors.
/// Generated code writes one `static` per waiter.
pub struct WaiterSpec<O: Operation + 'static> {
    /// The waiter's name in the model (`FunctionActiveV2`).
    pub name: &'static str,
    /// The model's delay between polls: the default `min_delay`.
    pub delay: Duration,
    /// The model's number of polls: `delay * max_attempts` is the default `max_wait`.
    pub max_attempts: u32,
    /// The acceptors, in the order they are tried; the first that matches decides.
    pub acceptors: &'static [Acceptor<O>],
}

impl<O: Operation + 'static> fmt::Debug for WaiterSpec<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaiterSpec")
            .field("name", &self.name)
            .field("operation", &O::NAME)
            .field("delay", &self.delay)
            .field("max_attempts", &self.max_attempts)
            .field("acceptors", &self.acceptors)
            .finish()
    }
}

/// What an acceptor decides when it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    /// The awaited state is reached: the waiter returns the output.
    Success,
    /// The awaited state will not be reached: the waiter fails.
    Failure,
    /// Not yet: poll again.
    Retry,
}

/// What an acceptor that matches an error decides. An error never makes a waiter succeed:
/// the waiter returns the output that satisfied it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorState {
    /// The awaited state will not be reached: the waiter fails.
    Failure,
    /// Not yet: poll again.
    Retry,
}

/// One acceptor: a matcher and what it decides.
pub enum Acceptor<O: Operation + 'static> {
    /// Looks at an output (a success response).
    Output {
        /// What a match decides.
        state: AcceptorState,
        /// What it looks for.
        matcher: OutputMatcher<O>,
    },
    /// Looks at an error.
    Error {
        /// What a match decides.
        state: ErrorState,
        /// What it looks for.
        matcher: ErrorMatcher,
    },
}

impl<O: Operation + 'static> fmt::Debug for Acceptor<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Acceptor::Output { state, matcher } => write!(f, "{state:?} when {matcher}"),
            Acceptor::Error { state, matcher } => write!(f, "{state:?} when {matcher}"),
        }
    }
}

impl<O: Operation + 'static> fmt::Display for Acceptor<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Acceptor::Output { matcher, .. } => matcher.fmt(f),
            Acceptor::Error { matcher, .. } => matcher.fmt(f),
        }
    }
}

/// A test on an output. `select` functions are generated from the model's path expressions
/// and read the output's typed members.
pub enum OutputMatcher<O: Operation + 'static> {
    /// The value at `path` equals `expected` (the model's `path` matcher).
    Path {
        /// The model's expression (`Configuration.State`).
        path: &'static str,
        /// Reads the value, `None` when a member on the way is unset.
        select: fn(&O::Output) -> Option<PathValue<'_>>,
        /// The value that matches.
        expected: PathValue<'static>,
    },
    /// The path selects at least one value, and every one equals `expected` (`pathAll`).
    PathAll {
        /// The model's expression (`Functions[].State`).
        path: &'static str,
        /// Reads the values.
        select: fn(&O::Output) -> Vec<PathValue<'_>>,
        /// The value that matches.
        expected: PathValue<'static>,
    },
    /// At least one value the path selects equals `expected` (`pathAny`).
    PathAny {
        /// The model's expression.
        path: &'static str,
        /// Reads the values.
        select: fn(&O::Output) -> Vec<PathValue<'_>>,
        /// The value that matches.
        expected: PathValue<'static>,
    },
    /// Any output: the call succeeded (the model's `error` matcher with `false`).
    Any,
    /// The success response had this HTTP status (the model's `status` matcher).
    Status(u16),
}

impl<O: Operation + 'static> OutputMatcher<O> {
    fn matches(&self, status: u16, output: &O::Output) -> bool {
        match self {
            OutputMatcher::Path { select, expected, .. } => select(output).is_some_and(|v| v.equals(expected)),
            OutputMatcher::PathAll { select, expected, .. } => {
                let values = select(output);
                !values.is_empty() && values.iter().all(|v| v.equals(expected))
            }
            OutputMatcher::PathAny { select, expected, .. } => select(output).iter().any(|v| v.equals(expected)),
            OutputMatcher::Any => true,
            OutputMatcher::Status(s) => *s == status,
        }
    }
}

impl<O: Operation + 'static> fmt::Display for OutputMatcher<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputMatcher::Path { path, expected, .. } => write!(f, "{path} == {expected}"),
            OutputMatcher::PathAll { path, expected, .. } => write!(f, "every {path} == {expected}"),
            OutputMatcher::PathAny { path, expected, .. } => write!(f, "some {path} == {expected}"),
            OutputMatcher::Any => f.write_str("any output"),
            OutputMatcher::Status(s) => write!(f, "HTTP status {s}"),
        }
    }
}

/// A test on an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorMatcher {
    /// The service answered this error code (the model's `error` matcher with a code).
    Code(&'static str),
    /// The service answered any error code (the model's `error` matcher with `true`).
    Any,
    /// The error response had this HTTP status (the model's `status` matcher).
    Status(u16),
}

impl ErrorMatcher {
    fn matches<E>(&self, error: &SdkError<E>) -> bool {
        match (self, error) {
            (ErrorMatcher::Code(code), SdkError::Service(e)) => e.meta().code == *code,
            (ErrorMatcher::Any, SdkError::Service(_)) => true,
            (ErrorMatcher::Status(s), e) => e.http_status() == Some(*s),
            _ => false,
        }
    }
}

impl fmt::Display for ErrorMatcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorMatcher::Code(code) => write!(f, "error {code}"),
            ErrorMatcher::Any => f.write_str("any error"),
            ErrorMatcher::Status(s) => write!(f, "HTTP status {s}"),
        }
    }
}

/// A value a path selects, or the value a matcher expects.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PathValue<'a> {
    /// A string or an enum's wire value.
    Str(&'a str),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A double.
    Float(f64),
}

impl PathValue<'_> {
    /// Equality as the model's expressions compare: numbers by value, whatever their type.
    pub fn equals(&self, other: &PathValue<'_>) -> bool {
        match (*self, *other) {
            (PathValue::Str(a), PathValue::Str(b)) => a == b,
            (PathValue::Bool(a), PathValue::Bool(b)) => a == b,
            (PathValue::Int(a), PathValue::Int(b)) => a == b,
            (PathValue::Int(a), PathValue::Float(b)) | (PathValue::Float(b), PathValue::Int(a)) => a as f64 == b,
            (PathValue::Float(a), PathValue::Float(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for PathValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathValue::Str(s) => write!(f, "{s:?}"),
            PathValue::Bool(b) => write!(f, "{b}"),
            PathValue::Int(i) => write!(f, "{i}"),
            PathValue::Float(x) => write!(f, "{x}"),
        }
    }
}

/// How long a waiter polls and how long it sleeps between polls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaiterConfig {
    /// The shortest sleep between polls. Default: the model's delay.
    pub min_delay: Duration,
    /// The longest sleep between polls; equal to `min_delay`, the waiter polls at a fixed
    /// interval. Default: 120 s, or the model's delay if that is longer.
    pub max_delay: Duration,
    /// The longest time the waiter spends; the last poll is sent `min_delay` before it runs
    /// out. Default: the model's delay times its number of attempts.
    pub max_wait: Duration,
    /// At most this many polls, if set. Default: unset (`max_wait` decides).
    pub max_attempts: Option<u32>,
}

impl WaiterConfig {
    /// The defaults for a waiter of the model.
    pub fn for_spec<O: Operation + 'static>(spec: &WaiterSpec<O>) -> Self {
        WaiterConfig {
            min_delay: spec.delay,
            max_delay: DEFAULT_MAX_DELAY.max(spec.delay),
            max_wait: spec.delay.saturating_mul(spec.max_attempts),
            max_attempts: None,
        }
    }

    fn check(&self) -> Result<(), String> {
        if self.max_delay < self.min_delay {
            return Err(format!("max_delay ({:?}) is shorter than min_delay ({:?})", self.max_delay, self.min_delay));
        }
        if self.max_attempts == Some(0) {
            return Err("max_attempts is 0: the waiter could not poll at all".into());
        }
        Ok(())
    }

    /// The sleep before the next poll, after `polls` polls and `elapsed` since the first one,
    /// for a random `unit` in `[0, 1]`; `None` when `max_wait` leaves no room for another poll.
    fn next_delay(&self, polls: u32, elapsed: Duration, unit: f64) -> Option<Duration> {
        let remaining = self.max_wait.checked_sub(elapsed).filter(|r| !r.is_zero())?;
        if remaining < self.min_delay {
            return None;
        }
        let doublings = polls.saturating_sub(1).min(31);
        let ceiling = self.min_delay.checked_mul(1u32 << doublings).unwrap_or(self.max_delay).min(self.max_delay);
        let spread = ceiling.saturating_sub(self.min_delay);
        let mut delay = self.min_delay + spread.mul_f64(unit.clamp(0.0, 1.0));
        if remaining.saturating_sub(delay) <= self.min_delay {
            delay = remaining - self.min_delay;
        }
        Some(delay)
    }
}

/// What one poll gave: the output, or the error.
#[derive(Debug)]
pub enum Poll<T, E> {
    /// The operation's output.
    Output(T),
    /// The error the call ended with.
    Error(SdkError<E>),
}

impl<T, E> Poll<T, E> {
    /// The output, if the poll succeeded.
    pub fn output(&self) -> Option<&T> {
        match self {
            Poll::Output(t) => Some(t),
            Poll::Error(_) => None,
        }
    }

    /// The error, if the poll failed.
    pub fn error(&self) -> Option<&SdkError<E>> {
        match self {
            Poll::Output(_) => None,
            Poll::Error(e) => Some(e),
        }
    }
}

/// Why a waiter ended without success. `T` is the polled operation's output, `E` its error.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<T, E> {
    /// An acceptor with the `failure` state matched: the awaited state will not be reached.
    Failure(Box<FailureState<T, E>>),
    /// The maximum wait (or number of polls) ran out before any acceptor decided.
    Timeout(Box<WaiterTimeout<T, E>>),
    /// A poll failed with an error that no acceptor expects (a validation error, a
    /// transport error after the client's retries, an error code the waiter does not name).
    Operation(SdkError<E>),
    /// The configuration cannot work (`max_delay` below `min_delay`, no attempts allowed);
    /// nothing was sent.
    InvalidConfig(String),
}

impl<T, E> WaiterError<T, E> {
    /// The failure, if a `failure` acceptor matched.
    pub fn as_failure(&self) -> Option<&FailureState<T, E>> {
        match self {
            WaiterError::Failure(f) => Some(f),
            _ => None,
        }
    }

    /// The timeout, if the waiter ran out of time or polls.
    pub fn as_timeout(&self) -> Option<&WaiterTimeout<T, E>> {
        match self {
            WaiterError::Timeout(t) => Some(t),
            _ => None,
        }
    }
}

impl<T, E: fmt::Display> fmt::Display for WaiterError<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::Failure(e) => e.fmt(f),
            WaiterError::Timeout(e) => e.fmt(f),
            WaiterError::Operation(e) => write!(f, "waiting failed: {e}"),
            WaiterError::InvalidConfig(reason) => write!(f, "invalid waiter configuration: {reason}"),
        }
    }
}

impl<T: fmt::Debug, E: std::error::Error + 'static> std::error::Error for WaiterError<T, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiterError::Operation(e) => Some(e),
            WaiterError::Failure(f) => f.poll.error().map(|e| e as _),
            WaiterError::Timeout(t) => t.last.error().map(|e| e as _),
            WaiterError::InvalidConfig(_) => None,
        }
    }
}

/// A `failure` acceptor matched.
#[derive(Debug)]
pub struct FailureState<T, E> {
    waiter: &'static str,
    operation: &'static str,
    acceptor: usize,
    matched: String,
    polls: u32,
    poll: Poll<T, E>,
}

impl<T, E> FailureState<T, E> {
    /// The waiter's name in the model.
    pub fn waiter(&self) -> &'static str {
        self.waiter
    }

    /// The position of the acceptor that matched in the waiter's list (from 0).
    pub fn acceptor_index(&self) -> usize {
        self.acceptor
    }

    /// What the acceptor tests (`Configuration.State == "Failed"`, `error KMSAccessDeniedException`).
    pub fn acceptor(&self) -> &str {
        &self.matched
    }

    /// How many polls were sent, the last included.
    pub fn polls(&self) -> u32 {
        self.polls
    }

    /// What the last poll gave.
    pub fn poll(&self) -> &Poll<T, E> {
        &self.poll
    }

    /// The output the acceptor matched, if it matched an output (its other members often say
    /// why: `StateReason`, `LastUpdateStatusReason`).
    pub fn output(&self) -> Option<&T> {
        self.poll.output()
    }

    /// Takes what the last poll gave.
    pub fn into_poll(self) -> Poll<T, E> {
        self.poll
    }
}

impl<T, E: fmt::Display> fmt::Display for FailureState<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "waiter {} reached a failure state on poll {} of {}: acceptor {} ({}) matched",
            self.waiter, self.polls, self.operation, self.acceptor, self.matched
        )?;
        match &self.poll {
            Poll::Output(_) => write!(f, " the output"),
            Poll::Error(e) => write!(f, " the error: {e}"),
        }
    }
}

/// Why the wait ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutReason {
    /// `max_wait` left no room for another poll.
    MaxWait,
    /// `max_attempts` polls were sent.
    MaxAttempts,
}

/// The waiter ran out of time or polls before any acceptor decided.
#[derive(Debug)]
pub struct WaiterTimeout<T, E> {
    waiter: &'static str,
    reason: TimeoutReason,
    polls: u32,
    elapsed: Duration,
    config: WaiterConfig,
    last: Poll<T, E>,
}

impl<T, E> WaiterTimeout<T, E> {
    /// The waiter's name in the model.
    pub fn waiter(&self) -> &'static str {
        self.waiter
    }

    /// Which limit ended the wait.
    pub fn reason(&self) -> TimeoutReason {
        self.reason
    }

    /// How many polls were sent.
    pub fn polls(&self) -> u32 {
        self.polls
    }

    /// The time from the first poll until the waiter gave up.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The configuration the waiter ran with.
    pub fn config(&self) -> &WaiterConfig {
        &self.config
    }

    /// What the last poll gave (an answer that meant "not yet").
    pub fn last_poll(&self) -> &Poll<T, E> {
        &self.last
    }

    /// Takes what the last poll gave.
    pub fn into_last_poll(self) -> Poll<T, E> {
        self.last
    }
}

impl<T, E> fmt::Display for WaiterTimeout<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "waiter {} timed out: {} polls in {:.1?} did not reach a success state (",
            self.waiter, self.polls, self.elapsed
        )?;
        match (self.reason, self.config.max_attempts) {
            (TimeoutReason::MaxAttempts, Some(n)) => write!(f, "max attempts {n})"),
            _ => write!(f, "max wait {:?})", self.config.max_wait),
        }
    }
}

/// Polls an operation until one of the waiter's acceptors decides, or the time allowed is
/// over. Made by the generated `wait_until_*` methods; adjust the timing with the builder
/// methods, then call [`Waiter::wait`].
pub struct Waiter<O: Operation + 'static> {
    client: Client,
    input: O::Input,
    spec: &'static WaiterSpec<O>,
    config: WaiterConfig,
}

impl<O: Operation + 'static> fmt::Debug for Waiter<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiter")
            .field("waiter", &self.spec.name)
            .field("operation", &O::NAME)
            .field("config", &self.config)
            .finish()
    }
}

impl<O: Operation + 'static> Waiter<O> {
    /// A waiter that polls `O` with `input`, with the spec's default timing.
    pub fn new(client: Client, mut input: O::Input, spec: &'static WaiterSpec<O>) -> Self {
        // Once, so that every poll carries the same tokens.
        input.fill_idempotency_tokens();
        Waiter { client, input, spec, config: WaiterConfig::for_spec(spec) }
    }

    /// The longest time to wait in all.
    pub fn max_wait(mut self, d: Duration) -> Self {
        self.config.max_wait = d;
        self
    }

    /// The shortest sleep between polls.
    pub fn min_delay(mut self, d: Duration) -> Self {
        self.config.min_delay = d;
        self
    }

    /// The longest sleep between polls.
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.config.max_delay = d;
        self
    }

    /// At most this many polls.
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.config.max_attempts = Some(n);
        self
    }

    /// Replaces the whole timing configuration.
    pub fn config(mut self, config: WaiterConfig) -> Self {
        self.config = config;
        self
    }

    /// The timing the waiter will run with.
    pub fn current_config(&self) -> &WaiterConfig {
        &self.config
    }

    /// The waiter's definition.
    pub fn spec(&self) -> &'static WaiterSpec<O> {
        self.spec
    }

    /// Polls until an acceptor decides: the output that satisfied a `success` acceptor, or
    /// why the wait ended without one.
    pub async fn wait(self) -> Result<O::Output, WaiterError<O::Output, O::Error>> {
        self.config.check().map_err(WaiterError::InvalidConfig)?;
        let span = tracing::info_span!(
            "lambda_waiter",
            waiter = self.spec.name,
            operation = O::NAME,
            polls = tracing::field::Empty,
        );
        self.run().instrument(span).await
    }

    async fn run(self) -> Result<O::Output, WaiterError<O::Output, O::Error>> {
        let Waiter { client, input, spec, config } = self;
        let span = tracing::Span::current();
        let start = Instant::now();
        let mut polls = 0u32;
        loop {
            polls += 1;
            span.record("polls", polls);
            let call = client.call_ref_with_status::<O>(&input, false);
            let result = call.await;
            let last = match result {
                Ok((status, output)) => match decide_output(spec.acceptors, status, &output) {
                    Some((i, AcceptorState::Success)) => {
                        tracing::debug!(polls, acceptor = i, "waiter succeeded");
                        return Ok(output);
                    }
                    Some((i, AcceptorState::Failure)) => return Err(failure(spec, i, polls, Poll::Output(output))),
                    Some((_, AcceptorState::Retry)) | None => Poll::Output(output),
                },
                Err(error) => match decide_error(spec.acceptors, &error) {
                    Some((i, ErrorState::Failure)) => return Err(failure(spec, i, polls, Poll::Error(error))),
                    Some((_, ErrorState::Retry)) => Poll::Error(error),
                    None => {
                        tracing::debug!(polls, "an error no acceptor expects ends the wait");
                        return Err(WaiterError::Operation(error));
                    }
                },
            };
            let elapsed = start.elapsed();
            let timeout = |reason| {
                tracing::debug!(polls, ?reason, "waiter timed out");
                WaiterError::Timeout(Box::new(WaiterTimeout {
                    waiter: spec.name,
                    reason,
                    polls,
                    elapsed,
                    config,
                    last,
                }))
            };
            if config.max_attempts.is_some_and(|max| polls >= max) {
                return Err(timeout(TimeoutReason::MaxAttempts));
            }
            let Some(delay) = config.next_delay(polls, elapsed, fastrand::f64()) else {
                return Err(timeout(TimeoutReason::MaxWait));
            };
            tracing::debug!(polls, delay_ms = delay.as_millis() as u64, "not yet; polling again");
            tokio::time::sleep(delay).await;
        }
    }
}

/// The first acceptor that matches an output: its index and state.
fn decide_output<O: Operation + 'static>(
    acceptors: &[Acceptor<O>],
    status: u16,
    output: &O::Output,
) -> Option<(usize, AcceptorState)> {
    acceptors.iter().enumerate().find_map(|(i, a)| match a {
        Acceptor::Output { state, matcher } if matcher.matches(status, output) => Some((i, *state)),
        _ => None,
    })
}

/// The first acceptor that matches an error: its index and state.
fn decide_error<O: Operation + 'static>(
    acceptors: &[Acceptor<O>],
    error: &SdkError<O::Error>,
) -> Option<(usize, ErrorState)> {
    acceptors.iter().enumerate().find_map(|(i, a)| match a {
        Acceptor::Error { state, matcher } if matcher.matches(error) => Some((i, *state)),
        _ => None,
    })
}

fn failure<O: Operation + 'static>(
    spec: &'static WaiterSpec<O>,
    acceptor: usize,
    polls: u32,
    poll: Poll<O::Output, O::Error>,
) -> WaiterError<O::Output, O::Error> {
    tracing::debug!(polls, acceptor, "waiter reached a failure state");
    WaiterError::Failure(Box::new(FailureState {
        waiter: spec.name,
        operation: O::NAME,
        acceptor,
        matched: spec.acceptors[acceptor].to_string(),
        polls,
        poll,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(min: u64, max: u64, wait: u64) -> WaiterConfig {
        WaiterConfig {
            min_delay: Duration::from_secs(min),
            max_delay: Duration::from_secs(max),
            max_wait: Duration::from_secs(wait),
            max_attempts: None,
        }
    }

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn delays_double_from_min_to_max_with_jitter_between() {
        let c = config(2, 120, 10_000);
        // The top of the range doubles each poll until max_delay...
        let tops: Vec<_> = (1..=9).map(|n| c.next_delay(n, S(0), 1.0).unwrap()).collect();
        assert_eq!(tops, [S(2), S(4), S(8), S(16), S(32), S(64), S(120), S(120), S(120)]);
        // ...the bottom stays at min_delay, and draws fall in between.
        for n in 1..=40 {
            assert_eq!(c.next_delay(n, S(0), 0.0), Some(S(2)), "{n}");
            let d = c.next_delay(n, S(0), fastrand::f64()).unwrap();
            assert!((S(2)..=S(120)).contains(&d), "{n}: {d:?}");
        }
        assert_eq!(c.next_delay(4, S(0), 0.5), Some(S(9)));
        // Out-of-range draws are clamped; huge poll counts do not overflow.
        assert_eq!(c.next_delay(1, S(0), 7.0), Some(S(2)));
        assert_eq!(c.next_delay(u32::MAX, S(0), 1.0), Some(S(120)));
    }

    #[test]
    fn the_last_poll_lands_min_delay_before_max_wait_then_the_wait_ends() {
        let c = config(5, 120, 300);
        // 100 s left, an 80 s draw (5 s * 2^4): fine.
        assert_eq!(c.next_delay(5, S(200), 1.0), Some(S(80)));
        // 60 s left: the sleep is cut so the poll happens 5 s before the end.
        assert_eq!(c.next_delay(6, S(240), 1.0), Some(S(55)));
        // Exactly min_delay left: poll at once; less: give up.
        assert_eq!(c.next_delay(7, S(295), 1.0), Some(S(0)));
        assert_eq!(c.next_delay(7, Duration::from_millis(295_001), 1.0), None);
        assert_eq!(c.next_delay(7, S(300), 1.0), None);
        assert_eq!(c.next_delay(7, S(1000), 1.0), None);
    }

    #[test]
    fn a_fixed_interval_when_min_equals_max_and_zero_delays_still_end() {
        let c = config(5, 5, 300);
        for n in 1..50 {
            assert_eq!(c.next_delay(n, S(0), fastrand::f64()), Some(S(5)));
        }
        let z = WaiterConfig { max_wait: Duration::from_millis(10), ..config(0, 0, 0) };
        assert_eq!(z.next_delay(3, Duration::from_millis(2), 0.3), Some(Duration::ZERO));
        assert_eq!(z.next_delay(3, Duration::from_millis(10), 0.3), None);
    }

    #[test]
    fn impossible_configurations_are_refused_with_a_reason() {
        assert!(config(5, 120, 300).check().is_ok());
        let e = config(5, 1, 300).check().unwrap_err();
        assert!(e.contains("max_delay (1s) is shorter than min_delay (5s)"), "{e}");
        let e = WaiterConfig { max_attempts: Some(0), ..config(1, 1, 1) }.check().unwrap_err();
        assert!(e.contains("max_attempts is 0"), "{e}");
    }

    #[test]
    fn path_values_compare_as_the_model_compares() {
        assert!(PathValue::Str("Active").equals(&PathValue::Str("Active")));
        assert!(!PathValue::Str("Active").equals(&PathValue::Str("active")));
        assert!(!PathValue::Str("true").equals(&PathValue::Bool(true)));
        assert!(PathValue::Int(3).equals(&PathValue::Float(3.0)));
        assert!(PathValue::Float(3.0).equals(&PathValue::Int(3)));
        assert!(!PathValue::Int(1).equals(&PathValue::Bool(true)));
        assert!(PathValue::Bool(false).equals(&PathValue::Bool(false)));
        assert_eq!(PathValue::Str("Fa\"iled").to_string(), r#""Fa\"iled""#);
    }

    #[test]
    fn error_matchers_look_at_service_errors_only_except_status() {
        use crate::ErrorMetadata;
        let service = |code: &str, status| {
            let meta = ErrorMetadata { code: code.into(), message: None, status, request_id: None };
            SdkError::Service(Box::new(super::super::ServiceError { err: (), meta, retry_after: None }))
        };
        let not_found: SdkError<()> = service("ResourceNotFoundException", 404);
        assert!(ErrorMatcher::Code("ResourceNotFoundException").matches(&not_found));
        assert!(!ErrorMatcher::Code("ResourceConflictException").matches(&not_found));
        assert!(ErrorMatcher::Any.matches(&not_found));
        assert!(ErrorMatcher::Status(404).matches(&not_found));
        assert!(!ErrorMatcher::Status(409).matches(&not_found));
        let transport: SdkError<()> = SdkError::Transport(super::super::TransportError::new("reset", None));
        assert!(!ErrorMatcher::Any.matches(&transport));
        assert!(!ErrorMatcher::Status(404).matches(&transport));
        let codeless: SdkError<()> = SdkError::InvalidResponse(super::super::InvalidResponse {
            status: 502,
            request_id: None,
            reason: "html".into(),
        });
        assert!(ErrorMatcher::Status(502).matches(&codeless));
        assert!(!ErrorMatcher::Any.matches(&codeless));
    }
}
