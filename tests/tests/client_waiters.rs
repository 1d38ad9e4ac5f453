//! Waiters (`client.wait_until_*`) against a server whose function changes state as it is
//! polled: the generated `Lambda` trait with a scripted implementation, on 127.0.0.1. Every
//! waiter of the model reaches success; failure, timeout, retried and unexpected errors,
//! throttling and dropped connections, and configurations that cannot work are covered too.
//! Delays are kept to milliseconds through the waiter's configuration; nothing here measures
//! time.

mod client_common;

use lambda_api::client::{Client, Config, Credentials, RetryConfig, SdkError};
use lambda_api::enums::{LastUpdateStatus, State};
use lambda_api::errors::{
    InvalidParameterValueException, ResourceNotFoundException, ServiceException, TooManyRequestsException,
};
use lambda_api::operations::get_function::{GetFunctionError, GetFunctionInput, GetFunctionOutput};
use lambda_api::operations::get_function_configuration::{
    GetFunctionConfigurationError, GetFunctionConfigurationInput, GetFunctionConfigurationOutput,
};
use lambda_api::operations::list_functions::{
    ListFunctions, ListFunctionsError, ListFunctionsInput, ListFunctionsOutput,
};
use lambda_api::server::{Lambda, RequestContext, ServerConfig};
use lambda_api::types::FunctionConfiguration;
use lambda_api::waiters::{Poll, TimeoutReason, Waiter, WaiterError};
use lambda_rt::binding::Operation;
use lambda_rt::client::waiter::{
    Acceptor, AcceptorState, ErrorMatcher, ErrorState, OutputMatcher, PathValue, WaiterSpec,
};
use lambda_rt::ServiceErrorKind;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const NAME: &str = "my-function";

/// What the server answers to one poll.
#[derive(Clone, Debug)]
enum Answer {
    /// The function, with this state, last update status and reason.
    Function { state: Option<State>, update: Option<LastUpdateStatus>, reason: Option<&'static str> },
    /// ListFunctions: functions in these states.
    Functions(Vec<State>),
    /// An error with this code.
    Error(&'static str),
}

fn state(s: State) -> Answer {
    Answer::Function { state: Some(s), update: None, reason: None }
}

fn update(u: LastUpdateStatus) -> Answer {
    Answer::Function { state: Some(State::Active), update: Some(u), reason: None }
}

/// A request as the implementation saw it.
#[derive(Clone, Debug, PartialEq)]
struct Seen {
    operation: &'static str,
    function: Option<String>,
    qualifier: Option<String>,
}

/// Answers the n-th request with the n-th answer; the last one repeats.
struct Scripted {
    answers: Vec<Answer>,
    seen: Mutex<Vec<Seen>>,
}

impl Scripted {
    fn next(&self, seen: Seen) -> Answer {
        let mut all = self.seen.lock().unwrap();
        all.push(seen);
        self.answers[(all.len() - 1).min(self.answers.len() - 1)].clone()
    }

    fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn configuration(
    state: Option<State>,
    update: Option<LastUpdateStatus>,
    reason: Option<&str>,
) -> FunctionConfiguration {
    FunctionConfiguration::builder()
        .function_name(NAME)
        .set_state(state)
        .set_last_update_status(update)
        .set_state_reason(reason.map(str::to_string))
        .set_last_update_status_reason(reason.map(str::to_string))
        .build()
}

/// The function, or the error code to answer with.
fn function(answer: Answer) -> Result<FunctionConfiguration, &'static str> {
    match answer {
        Answer::Function { state, update, reason } => Ok(configuration(state, update, reason)),
        Answer::Functions(_) => panic!("a function operation got a list answer"),
        Answer::Error(code) => Err(code),
    }
}

impl Lambda for Scripted {
    async fn get_function(
        &self,
        _ctx: RequestContext,
        input: GetFunctionInput,
    ) -> Result<GetFunctionOutput, GetFunctionError> {
        let seen = Seen { operation: "GetFunction", function: Some(input.function_name), qualifier: input.qualifier };
        match function(self.next(seen)) {
            Ok(c) => Ok(GetFunctionOutput::builder().configuration(c).build()),
            Err("ResourceNotFoundException") => {
                Err(GetFunctionError::ResourceNotFoundException(ResourceNotFoundException::new("Function not found")))
            }
            Err("TooManyRequestsException") => {
                Err(GetFunctionError::TooManyRequestsException(TooManyRequestsException::new("Rate exceeded")))
            }
            Err("InvalidParameterValueException") => Err(GetFunctionError::InvalidParameterValueException(
                InvalidParameterValueException::new("Bad qualifier"),
            )),
            Err(other) => panic!("no such GetFunction error in the script: {other}"),
        }
    }

    async fn get_function_configuration(
        &self,
        _ctx: RequestContext,
        input: GetFunctionConfigurationInput,
    ) -> Result<GetFunctionConfigurationOutput, GetFunctionConfigurationError> {
        let seen = Seen {
            operation: "GetFunctionConfiguration",
            function: Some(input.function_name),
            qualifier: input.qualifier,
        };
        match function(self.next(seen)) {
            Ok(c) => Ok(c),
            Err("ResourceNotFoundException") => Err(GetFunctionConfigurationError::ResourceNotFoundException(
                ResourceNotFoundException::new("Function not found"),
            )),
            Err(other) => panic!("no such GetFunctionConfiguration error in the script: {other}"),
        }
    }

    async fn list_functions(
        &self,
        _ctx: RequestContext,
        _input: ListFunctionsInput,
    ) -> Result<ListFunctionsOutput, ListFunctionsError> {
        match self.next(Seen { operation: "ListFunctions", function: None, qualifier: None }) {
            Answer::Functions(states) => Ok(ListFunctionsOutput::builder()
                .functions(states.into_iter().map(|s| configuration(Some(s), None, None)).collect::<Vec<_>>())
                .build()),
            Answer::Error("TooManyRequestsException") => {
                Err(ListFunctionsError::TooManyRequestsException(TooManyRequestsException::new("Rate exceeded")))
            }
            Answer::Error("ServiceException") => {
                Err(ListFunctionsError::ServiceException(ServiceException::new("Internal failure")))
            }
            other => panic!("no such ListFunctions answer in the script: {other:?}"),
        }
    }
}

/// The scripted service on a free 127.0.0.1 port, and a client for it (no retries unless
/// asked).
struct Harness {
    service: Arc<Scripted>,
    client: Client,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn harness_with(answers: Vec<Answer>, retry: RetryConfig) -> Harness {
    let service = Arc::new(Scripted { answers, seen: Mutex::default() });
    let router = lambda_api::server::router(service.clone(), ServerConfig::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        lambda_rt::server::axum::serve(listener, router).await.unwrap();
    });
    let config = Config::builder()
        .region("us-east-1")
        .endpoint(endpoint)
        .credentials(Credentials::new("AKIDWAITER", "waiter-secret", None))
        .retry(retry)
        .total_timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    Harness { service, client: Client::new(config), task }
}

async fn harness(answers: Vec<Answer>) -> Harness {
    harness_with(answers, RetryConfig::disabled()).await
}

/// Millisecond sleeps between polls, and room for many of them.
fn fast<O: Operation>(w: Waiter<O>) -> Waiter<O> {
    w.min_delay(Duration::from_millis(1)).max_delay(Duration::from_millis(4)).max_wait(Duration::from_secs(30))
}

fn get_function(qualifier: Option<&str>) -> GetFunctionInput {
    GetFunctionInput::builder().function_name(NAME).set_qualifier(qualifier.map(str::to_string)).build().unwrap()
}

fn get_configuration(qualifier: Option<&str>) -> GetFunctionConfigurationInput {
    GetFunctionConfigurationInput::builder()
        .function_name(NAME)
        .set_qualifier(qualifier.map(str::to_string))
        .build()
        .unwrap()
}

fn polls_of(h: &Harness, operation: &str) -> usize {
    let seen = h.service.requests();
    assert!(seen.iter().all(|s| s.operation == operation), "{seen:?}");
    seen.len()
}

// ---------------------------------------------------------------------------------------------
// Each waiter of the model, from "not yet" to success
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn function_active_polls_get_function_configuration_until_active() {
    let h = harness(vec![state(State::Pending), state(State::Pending), state(State::Active)]).await;
    let out = fast(h.client.wait_until_function_active(get_configuration(None))).wait().await.unwrap();
    assert_eq!(out.state, Some(State::Active));
    assert_eq!(out.function_name.as_deref(), Some(NAME));
    assert_eq!(polls_of(&h, "GetFunctionConfiguration"), 3);
}

#[tokio::test]
async fn function_active_v2_polls_get_function_until_active() {
    let h =
        harness(vec![state(State::Pending), state(State::Pending), state(State::Pending), state(State::Active)]).await;
    let out = fast(h.client.wait_until_function_active_v2(get_function(None))).wait().await.unwrap();
    assert_eq!(out.configuration.and_then(|c| c.state), Some(State::Active));
    assert_eq!(polls_of(&h, "GetFunction"), 4);
}

#[tokio::test]
async fn function_updated_polls_until_the_update_succeeds() {
    let h = harness(vec![update(LastUpdateStatus::InProgress), update(LastUpdateStatus::Successful)]).await;
    let out = fast(h.client.wait_until_function_updated(get_configuration(None))).wait().await.unwrap();
    assert_eq!(out.last_update_status, Some(LastUpdateStatus::Successful));
    assert_eq!(polls_of(&h, "GetFunctionConfiguration"), 2);
}

#[tokio::test]
async fn function_updated_v2_polls_get_function_until_the_update_succeeds() {
    let h = harness(vec![
        update(LastUpdateStatus::InProgress),
        update(LastUpdateStatus::InProgress),
        update(LastUpdateStatus::Successful),
    ])
    .await;
    let out = fast(h.client.wait_until_function_updated_v2(get_function(None))).wait().await.unwrap();
    assert_eq!(out.configuration.and_then(|c| c.last_update_status), Some(LastUpdateStatus::Successful));
    assert_eq!(polls_of(&h, "GetFunction"), 3);
}

#[tokio::test]
async fn published_version_active_polls_the_version_it_was_given() {
    let h = harness(vec![state(State::Pending), state(State::Active)]).await;
    let out = fast(h.client.wait_until_published_version_active(get_configuration(Some("7")))).wait().await.unwrap();
    assert_eq!(out.state, Some(State::Active));
    let seen = h.service.requests();
    let expected =
        Seen { operation: "GetFunctionConfiguration", function: Some(NAME.into()), qualifier: Some("7".into()) };
    assert_eq!(seen, vec![expected.clone(), expected]);
}

#[tokio::test]
async fn function_exists_retries_on_resource_not_found_until_found() {
    let h = harness(vec![
        Answer::Error("ResourceNotFoundException"),
        Answer::Error("ResourceNotFoundException"),
        state(State::Pending),
    ])
    .await;
    let out = fast(h.client.wait_until_function_exists(get_function(None))).wait().await.unwrap();
    // Any output is success: the function exists, whatever its state.
    assert_eq!(out.configuration.and_then(|c| c.state), Some(State::Pending));
    assert_eq!(polls_of(&h, "GetFunction"), 3);
}

// ---------------------------------------------------------------------------------------------
// Failure, timeout and errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_failure_state_names_the_waiter_and_acceptor_and_keeps_the_output() {
    let failed = Answer::Function { state: Some(State::Failed), update: None, reason: Some("Bad image") };
    let h = harness(vec![state(State::Pending), failed]).await;
    let err = fast(h.client.wait_until_function_active(get_configuration(None))).wait().await.unwrap_err();
    let WaiterError::Failure(f) = &err else { panic!("{err:?}") };
    assert_eq!(f.waiter(), "FunctionActive");
    assert_eq!(f.acceptor_index(), 1);
    assert_eq!(f.acceptor(), r#"State == "Failed""#);
    assert_eq!(f.polls(), 2);
    assert_eq!(f.output().and_then(|o| o.state_reason.as_deref()), Some("Bad image"));
    assert_eq!(
        err.to_string(),
        r#"waiter FunctionActive reached a failure state on poll 2 of GetFunctionConfiguration: acceptor 1 (State == "Failed") matched the output"#
    );
    assert_eq!(polls_of(&h, "GetFunctionConfiguration"), 2);

    let failed = Answer::Function { state: Some(State::Active), update: Some(LastUpdateStatus::Failed), reason: None };
    let h = harness(vec![update(LastUpdateStatus::InProgress), failed]).await;
    let err = fast(h.client.wait_until_function_updated_v2(get_function(None))).wait().await.unwrap_err();
    let f = err.as_failure().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!((f.waiter(), f.acceptor()), ("FunctionUpdatedV2", r#"Configuration.LastUpdateStatus == "Failed""#));
}

#[tokio::test]
async fn max_attempts_ends_the_wait_with_a_timeout_holding_the_last_answer() {
    let h = harness(vec![state(State::Pending)]).await;
    let err =
        fast(h.client.wait_until_function_active_v2(get_function(None))).max_attempts(3).wait().await.unwrap_err();
    let t = err.as_timeout().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!((t.waiter(), t.reason(), t.polls()), ("FunctionActiveV2", TimeoutReason::MaxAttempts, 3));
    let Poll::Output(last) = t.last_poll() else { panic!("{t:?}") };
    assert_eq!(last.configuration.as_ref().and_then(|c| c.state.clone()), Some(State::Pending));
    assert!(err.to_string().starts_with("waiter FunctionActiveV2 timed out: 3 polls in "), "{err}");
    assert!(err.to_string().ends_with("did not reach a success state (max attempts 3)"), "{err}");
    assert_eq!(polls_of(&h, "GetFunction"), 3);
}

#[tokio::test]
async fn max_wait_ends_the_wait_with_a_timeout() {
    // An output no acceptor matches means "not yet" as well (State Inactive is in no acceptor).
    let h = harness(vec![state(State::Inactive)]).await;
    let err = h
        .client
        .wait_until_function_active(get_configuration(None))
        .min_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(2))
        .max_wait(Duration::from_millis(30))
        .wait()
        .await
        .unwrap_err();
    let t = err.as_timeout().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(t.reason(), TimeoutReason::MaxWait);
    assert!(t.polls() >= 1);
    assert_eq!(t.polls() as usize, polls_of(&h, "GetFunctionConfiguration"));
    assert!(err.to_string().ends_with("(max wait 30ms)"), "{err}");
}

#[tokio::test]
async fn an_error_no_acceptor_expects_ends_the_wait_at_once() {
    // FunctionActiveV2 expects no error at all.
    let h = harness(vec![state(State::Pending), Answer::Error("ResourceNotFoundException")]).await;
    let err = fast(h.client.wait_until_function_active_v2(get_function(None))).wait().await.unwrap_err();
    let WaiterError::Operation(e) = &err else { panic!("{err:?}") };
    assert!(matches!(e.service_error(), Some(GetFunctionError::ResourceNotFoundException(_))), "{e:?}");
    assert_eq!(polls_of(&h, "GetFunction"), 2);
    assert!(
        err.to_string().starts_with("waiting failed: service error: ResourceNotFoundException (HTTP 404)"),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());

    // FunctionExists expects ResourceNotFoundException, but not this one.
    let h = harness(vec![Answer::Error("ResourceNotFoundException"), Answer::Error("InvalidParameterValueException")])
        .await;
    let err = fast(h.client.wait_until_function_exists(get_function(None))).wait().await.unwrap_err();
    let WaiterError::Operation(e) = &err else { panic!("{err:?}") };
    assert_eq!(e.service_error().map(|e| e.code()), Some("InvalidParameterValueException"));
    assert_eq!(polls_of(&h, "GetFunction"), 2);
}

#[tokio::test]
async fn throttling_is_retried_inside_a_poll_by_the_client_retry_policy() {
    let quick = RetryConfig::standard().with_initial_backoff(Duration::from_millis(1));
    let answers = vec![Answer::Error("TooManyRequestsException"), state(State::Pending), state(State::Active)];
    let h = harness_with(answers.clone(), quick).await;
    let out = fast(h.client.wait_until_function_active_v2(get_function(None))).wait().await.unwrap();
    assert_eq!(out.configuration.and_then(|c| c.state), Some(State::Active));
    // Two polls, the first of them sent twice.
    assert_eq!(polls_of(&h, "GetFunction"), 3);

    // Without retries the throttling error reaches the waiter, and no acceptor expects it.
    let h = harness(answers).await;
    let err = fast(h.client.wait_until_function_active_v2(get_function(None))).wait().await.unwrap_err();
    let WaiterError::Operation(e) = &err else { panic!("{err:?}") };
    assert!(matches!(e.service_error(), Some(GetFunctionError::TooManyRequestsException(_))), "{e:?}");
    assert_eq!(polls_of(&h, "GetFunction"), 1);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_inside_a_poll_then_ends_the_wait() {
    use client_common::{Reply, Server};
    let active = || Reply::json(200, &serde_json::json!({"Configuration": {"FunctionName": NAME, "State": "Active"}}));
    let server = Server::scripted(vec![Reply::Drop, active()]).await;
    let out =
        fast(client_common::client(&server).wait_until_function_active_v2(get_function(None))).wait().await.unwrap();
    assert_eq!(out.configuration.and_then(|c| c.state), Some(State::Active));
    assert_eq!(server.requests().len(), 2);

    let server = Server::scripted(vec![Reply::Drop, active()]).await;
    let client = Client::new(client_common::config(&server).retry(RetryConfig::disabled()).build().unwrap());
    let err = fast(client.wait_until_function_active_v2(get_function(None))).wait().await.unwrap_err();
    assert!(matches!(&err, WaiterError::Operation(SdkError::Transport(_))), "{err:?}");
}

#[tokio::test]
async fn an_invalid_input_or_timing_sends_nothing() {
    let h = harness(vec![state(State::Active)]).await;
    // An empty function name breaks its length constraint.
    let mut input = GetFunctionInput::default();
    input.function_name = String::new();
    let err = fast(h.client.wait_until_function_active_v2(input)).wait().await.unwrap_err();
    assert!(matches!(&err, WaiterError::Operation(SdkError::Validation(_))), "{err:?}");

    let err = h
        .client
        .wait_until_function_active_v2(get_function(None))
        .min_delay(Duration::from_secs(2))
        .max_delay(Duration::from_secs(1))
        .wait()
        .await
        .unwrap_err();
    let WaiterError::InvalidConfig(reason) = &err else { panic!("{err:?}") };
    assert_eq!(reason, "max_delay (1s) is shorter than min_delay (2s)");
    let err = h.client.wait_until_function_active_v2(get_function(None)).max_attempts(0).wait().await.unwrap_err();
    assert!(matches!(&err, WaiterError::InvalidConfig(_)), "{err:?}");
    assert!(h.service.requests().is_empty());
}

#[tokio::test]
async fn the_default_timing_comes_from_the_model() {
    let h = harness(vec![state(State::Active)]).await;
    let c = &h.client;
    let s = Duration::from_secs;
    let timing = |w: &lambda_api::waiters::WaiterConfig| (w.min_delay, w.max_delay, w.max_wait, w.max_attempts);
    // delay, maxAttempts: FunctionActive 5 s x 60, FunctionActiveV2 1 s x 300, FunctionExists
    // 1 s x 20, FunctionUpdated 5 s x 60, FunctionUpdatedV2 1 s x 300, PublishedVersionActive
    // 5 s x 312.
    let cfg = c.wait_until_function_active(get_configuration(None));
    assert_eq!(timing(cfg.current_config()), (s(5), s(120), s(300), None));
    assert_eq!((cfg.spec().name, cfg.spec().max_attempts), ("FunctionActive", 60));
    assert_eq!(
        timing(c.wait_until_function_active_v2(get_function(None)).current_config()),
        (s(1), s(120), s(300), None)
    );
    assert_eq!(timing(c.wait_until_function_exists(get_function(None)).current_config()), (s(1), s(120), s(20), None));
    assert_eq!(
        timing(c.wait_until_function_updated(get_configuration(None)).current_config()),
        (s(5), s(120), s(300), None)
    );
    assert_eq!(
        timing(c.wait_until_function_updated_v2(get_function(None)).current_config()),
        (s(1), s(120), s(300), None)
    );
    let published = c.wait_until_published_version_active(get_configuration(Some("1")));
    assert_eq!(timing(published.current_config()), (s(5), s(120), s(1560), None));
    // The builder methods change it.
    let tuned = published.max_wait(s(60)).min_delay(s(2)).max_delay(s(10)).max_attempts(4);
    assert_eq!(timing(tuned.current_config()), (s(2), s(10), s(60), Some(4)));
}

// ---------------------------------------------------------------------------------------------
// Matchers Lambda's waiters do not use (pathAll, pathAny, status): the runtime engine with a
// waiter written by hand over ListFunctions
// ---------------------------------------------------------------------------------------------

fn states(o: &ListFunctionsOutput) -> Vec<PathValue<'_>> {
    o.functions.iter().flatten().filter_map(|f| f.state.as_ref()).map(|s| PathValue::Str(s.as_str())).collect()
}

static ALL_ACTIVE: WaiterSpec<ListFunctions> = WaiterSpec {
    name: "AllFunctionsActive",
    delay: Duration::from_secs(2),
    max_attempts: 10,
    acceptors: &[
        Acceptor::Output {
            state: AcceptorState::Success,
            matcher: OutputMatcher::PathAll {
                path: "Functions[].State",
                select: states,
                expected: PathValue::Str("Active"),
            },
        },
        Acceptor::Output {
            state: AcceptorState::Failure,
            matcher: OutputMatcher::PathAny {
                path: "Functions[].State",
                select: states,
                expected: PathValue::Str("Failed"),
            },
        },
        Acceptor::Error { state: ErrorState::Retry, matcher: ErrorMatcher::Status(429) },
        Acceptor::Error { state: ErrorState::Failure, matcher: ErrorMatcher::Any },
    ],
};

fn all_active(h: &Harness) -> Waiter<ListFunctions> {
    fast(Waiter::new(h.client.runtime().clone(), ListFunctionsInput::default(), &ALL_ACTIVE))
}

#[tokio::test]
async fn path_all_needs_every_value_and_at_least_one() {
    let h = harness(vec![
        // No function: pathAll does not match an empty list, so this is "not yet".
        Answer::Functions(vec![]),
        Answer::Functions(vec![State::Active, State::Pending]),
        Answer::Error("TooManyRequestsException"),
        Answer::Functions(vec![State::Active, State::Active]),
    ])
    .await;
    let out = all_active(&h).wait().await.unwrap();
    assert_eq!(out.functions.map(|f| f.len()), Some(2));
    assert_eq!(polls_of(&h, "ListFunctions"), 4);
}

#[tokio::test]
async fn path_any_and_error_acceptors_fail_the_wait() {
    let h =
        harness(vec![Answer::Functions(vec![State::Pending]), Answer::Functions(vec![State::Active, State::Failed])])
            .await;
    let err = all_active(&h).wait().await.unwrap_err();
    let f = err.as_failure().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!((f.acceptor_index(), f.acceptor(), f.polls()), (1, r#"some Functions[].State == "Failed""#, 2));

    let h = harness(vec![Answer::Error("ServiceException")]).await;
    let err = all_active(&h).wait().await.unwrap_err();
    let f = err.as_failure().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!((f.acceptor_index(), f.acceptor()), (3, "any error"));
    assert!(matches!(f.poll().error().and_then(|e| e.service_error()), Some(ListFunctionsError::ServiceException(_))));
    assert!(
        err.to_string()
            .contains("acceptor 3 (any error) matched the error: service error: ServiceException (HTTP 500)"),
        "{err}"
    );
}

static LISTED: WaiterSpec<ListFunctions> = WaiterSpec {
    name: "Listed",
    delay: Duration::from_secs(1),
    max_attempts: 3,
    acceptors: &[
        Acceptor::Output {
            state: AcceptorState::Retry,
            matcher: OutputMatcher::PathAny {
                path: "Functions[].State",
                select: states,
                expected: PathValue::Str("Pending"),
            },
        },
        Acceptor::Output { state: AcceptorState::Success, matcher: OutputMatcher::Status(200) },
    ],
};

#[tokio::test]
async fn acceptors_are_tried_in_order_and_status_matches_the_success_response() {
    let h =
        harness(vec![Answer::Functions(vec![State::Pending, State::Active]), Answer::Functions(vec![State::Active])])
            .await;
    let waiter = fast(Waiter::new(h.client.runtime().clone(), ListFunctionsInput::default(), &LISTED));
    waiter.wait().await.unwrap();
    // The first answer matches both acceptors; the first listed (retry) wins.
    assert_eq!(polls_of(&h, "ListFunctions"), 2);
}
