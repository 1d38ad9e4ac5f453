//! The route table, request dispatch and the generic per-operation glue.

use super::body::{ended_body, read_body, BodyBudget, BudgetGuard, ReadBody};
use super::event_stream::EventFrames;
use super::limits::{request_limit, RequestLimit};
use super::response::{error_response, new_request_id, RequestId, ServerError};
use super::sigv4::{claimed_access_key, PendingSignature, SigV4Verifier};
use super::{RequestContext, ServerConfig};
use crate::binding::{
    match_segments, segment_count, split_path, HttpBinding, HttpInput, HttpOutput, Operation, OperationError,
    MAX_PATH_SEGMENTS,
};
use crate::error::ErrorBody;
use crate::http::{decode_component, BindError, HttpRequest, HttpResponse};
use crate::{ErrorMetadata, ServiceErrorKind, Validate};
use axum::body::Body;
use axum::body::HttpBody as _;
use axum::extract::Request;
use axum::response::Response;
use http::header::{HeaderName, CONNECTION, CONTENT_TYPE};
use http::{HeaderValue, StatusCode};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::SystemTime;

/// The name of the operation a request was routed to, in the response's extensions (as
/// smithy-rs's `OperationExtension`), so that middleware such as a request log needs no second
/// route match. Absent when no operation matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationName(pub &'static str);

/// How an operation's request body is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestBody {
    /// A JSON object whose members are input members (or no body at all).
    Json,
    /// The raw bytes of one input member that must hold JSON when present (Invoke's
    /// `Payload`). Its content type must be absent, `application/octet-stream`,
    /// `binary/octet-stream`, `application/json`, `application/*+json` or `text/plain`
    /// (415 `UnsupportedMediaTypeException` otherwise), and bytes that are not JSON get 400
    /// `InvalidRequestContentException`, as the service answers.
    JsonPayload,
}

/// The response header that carries the request id.
const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-amzn-requestid");

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
type Labels = Vec<(&'static str, String)>;
type Handler<S> = Box<dyn Fn(Arc<S>, RequestContext, HttpRequest, Labels) -> BoxFuture<Response> + Send + Sync>;

struct Route<S> {
    binding: HttpBinding,
    /// Segments of the binding's path, so most routes are passed over on a length compare.
    segment_count: usize,
    name: &'static str,
    limit: RequestLimit,
    handler: Handler<S>,
}

/// A table of operations served by one implementation `S`, turned into an
/// [`axum::Router`] by [`Routes::into_router`]. Generated code adds one [`Routes::route`]
/// per operation.
pub struct Routes<S> {
    service: Arc<S>,
    config: ServerConfig,
    signing_name: String,
    routes: Vec<Route<S>>,
}

impl<S: Send + Sync + 'static> Routes<S> {
    /// An empty table. `signing_name` is the service name signatures must be scoped to.
    pub fn new(service: Arc<S>, config: ServerConfig, signing_name: &str) -> Self {
        Routes { service, config, signing_name: signing_name.to_string(), routes: Vec::new() }
    }

    /// Serves operation `O`: requests matching its binding are bound and validated, then
    /// passed to `call`, whose result is written back as the service would.
    pub fn route<O, F, Fut>(mut self, body: RequestBody, call: F) -> Self
    where
        O: Operation + 'static,
        F: Fn(Arc<S>, RequestContext, O::Input) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O::Output, O::Error>> + Send + 'static,
    {
        let call = Arc::new(call);
        let handler: Handler<S> = Box::new(move |service, ctx, req, labels| {
            // Bound before the future is made, so the future holds the input only, not the
            // request it came from.
            let input = match bind::<O>(&req, &labels, body) {
                Ok(i) => i,
                Err(e) => return Box::pin(std::future::ready(e.into_response(&ctx.request_id))),
            };
            drop((req, labels));
            let call = call.clone();
            Box::pin(respond::<O, _>(ctx, input, move |c, i| call(service, c, i)))
        });
        let documented = request_limit(O::NAME);
        let limit = RequestLimit { bytes: documented.bytes.min(self.config.body_limit), ..documented };
        let segment_count = segment_count(O::BINDING.segments);
        self.routes.push(Route { binding: O::BINDING, segment_count, name: O::NAME, limit, handler });
        self
    }

    /// Names of the routed operations' paths, for diagnostics: `(method, path)` pairs.
    pub fn bindings(&self) -> Vec<(&'static str, &'static str)> {
        self.routes.iter().map(|r| (r.binding.method, r.binding.path)).collect()
    }

    /// The router: every request gets an `x-amzn-RequestId`; with credentials configured, its
    /// signature is checked (all but the body's hash) before anything else; then the table is
    /// searched, the body read within the operation's limit and the budget, and the signature
    /// finished against the body's hash before the input is bound.
    pub fn into_router(self) -> axum::Router {
        axum::Router::new().fallback_service(self.into_service())
    }

    /// The same router as one plain tower service, for serving without an [`axum::Router`]
    /// around it (as [`serve`](super::serve) and hyper can): axum's router matches every path
    /// against its fallback route, stores the match in the request and boxes the service, which
    /// costs a small request a good part of what the service itself does.
    pub fn into_service(self) -> RouterService<S> {
        let verifier = self
            .config
            .credentials
            .as_ref()
            .map(|c| SigV4Verifier::new(c.iter().cloned(), &self.config.region, &self.signing_name));
        let budget = BodyBudget::new(self.config.body_budget, self.config.body_budget_wait);
        let table =
            Arc::new(Table { service: self.service, config: self.config, routes: self.routes, verifier, budget });
        RouterService(table)
    }
}

struct Table<S> {
    service: Arc<S>,
    config: ServerConfig,
    routes: Vec<Route<S>>,
    verifier: Option<SigV4Verifier>,
    budget: BodyBudget,
}

/// The generated router as one tower service over any request body (a hyper `Incoming`, an
/// axum `Body`): [`Routes::into_service`]. Cloning is cheap. What can be answered without
/// reading a body is answered in `call`, so a request without a body costs no future beyond
/// its operation's own.
pub struct RouterService<S>(Arc<Table<S>>);

impl<S> Clone for RouterService<S> {
    fn clone(&self) -> Self {
        RouterService(self.0.clone())
    }
}

impl<S> std::fmt::Debug for RouterService<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouterService").field("operations", &self.0.routes.len()).finish_non_exhaustive()
    }
}

impl<S, B> tower::Service<http::Request<B>> for RouterService<S>
where
    S: Send + Sync + 'static,
    B: axum::body::HttpBody<Data = bytes::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<B>) -> Answer {
        // An axum `Body` is taken as it is; any other body is boxed once.
        Table::dispatch(&self.0, req.map(Body::new))
    }
}

/// The answer to one request: ready at once, or the future that makes it. Either way it
/// leaves with the request's id and the matched operation's [`OperationName`].
pub struct Answer {
    state: AnswerState,
    name: Option<&'static str>,
}

enum AnswerState {
    Ready(Option<Response>),
    Pending(BoxFuture<Response>),
}

impl Future for Answer {
    type Output = Result<Response, Infallible>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut resp = match &mut self.state {
            AnswerState::Ready(resp) => match resp.take() {
                Some(r) => r,
                None => ServerError::internal("the answer was polled after it was given").into_response(""),
            },
            AnswerState::Pending(fut) => match fut.as_mut().poll(cx) {
                Poll::Ready(r) => {
                    // Polled again, it answers as a given ready answer does.
                    self.state = AnswerState::Ready(None);
                    r
                }
                Poll::Pending => return Poll::Pending,
            },
        };
        if let Some(name) = self.name {
            resp.extensions_mut().insert(OperationName(name));
        }
        Poll::Ready(Ok(resp))
    }
}

impl<S: Send + Sync + 'static> Table<S> {
    /// The route for a request: method and path must match; among those, the one with the
    /// most constant query pairs, all present, wins (GetLayerVersionByArn's `find=LayerVersion`
    /// over ListLayers). Returns the route's index and the path's labels.
    fn find(&self, method: &str, path: &str, query: &[(String, String)]) -> Option<(usize, Labels)> {
        // The path is split once, not once per route.
        let mut parts = [""; MAX_PATH_SEGMENTS];
        let parts = split_path(path, &mut parts)?;
        let mut best: Option<(usize, Labels)> = None;
        for (i, r) in self.routes.iter().enumerate() {
            if r.segment_count != parts.len() || r.binding.method != method {
                continue;
            }
            let Some(labels) = match_segments(r.binding.segments, parts) else { continue };
            let literals_ok =
                r.binding.query_literals.iter().all(|(k, v)| query.iter().any(|(qk, qv)| qk == k && qv == v));
            if !literals_ok {
                continue;
            }
            let better = match &best {
                None => true,
                Some((b, _)) => r.binding.query_literals.len() > self.routes[*b].binding.query_literals.len(),
            };
            if better {
                best = Some((i, labels));
            }
        }
        best
    }

    /// Every answer carries the request's id (an outer layer may have chosen it by putting a
    /// [`RequestId`] in the request's extensions) and, when a route matched, its
    /// [`OperationName`].
    fn dispatch(table: &Arc<Self>, req: Request) -> Answer {
        let (parts, body) = req.into_parts();
        let request_id = match parts.extensions.get::<RequestId>() {
            Some(id) => id.0.clone(),
            None => new_request_id(),
        };
        let query = parse_query(parts.uri.query().unwrap_or(""));
        let found = match &query {
            Ok(q) => table.find(parts.method.as_str(), parts.uri.path(), q),
            Err(_) => None,
        };
        let name = found.as_ref().map(|(route, _)| table.routes[*route].name);
        let state = match table.admit(parts, body, query, found, &request_id) {
            // A body that has ended holds none of the budget: its guard is empty.
            Admitted::Read(read, call) => AnswerState::Pending(table.call(read, call, request_id).0),
            Admitted::Unread(body, call) => {
                let table = table.clone();
                AnswerState::Pending(Box::pin(async move {
                    let route = &table.routes[call.route];
                    let read = read_body(
                        &call.parts.headers,
                        body,
                        route.limit,
                        route.name,
                        Some(&table.budget),
                        call.pending.is_some(),
                    )
                    .await;
                    match read {
                        Ok(read) => {
                            let (handling, budget) = table.call(read, call, request_id);
                            let resp = handling.await;
                            // The body's share of the budget is held until its input has been handled.
                            drop(budget);
                            resp
                        }
                        Err(e) => e.into_response(&request_id),
                    }
                }))
            }
            // Refusals carry the request id already (`into_response`).
            Admitted::Refused(resp) => AnswerState::Ready(Some(resp)),
        };
        Answer { state, name }
    }

    /// The checks made before the body, in the service's order: signature, query, route.
    fn admit(
        &self,
        parts: http::request::Parts,
        body: Body,
        query: Result<Vec<(String, String)>, String>,
        found: Option<(usize, Labels)>,
        request_id: &str,
    ) -> Admitted {
        // Answers given without reading the body close the connection when a body follows:
        // the next request cannot be found after bytes nobody read.
        let refuse = |resp: Response| if body.is_end_stream() { resp } else { closing(resp) };
        let pending = match &self.verifier {
            Some(v) => match v.check_before_body(&parts, SystemTime::now()) {
                Ok(p) => Some(p),
                Err(e) => return Admitted::Refused(refuse(e.into_response(request_id))),
            },
            None => None,
        };
        let query = match query {
            Ok(q) => q,
            Err(bad) => {
                return Admitted::Refused(refuse(
                    ServerError::new(
                        400,
                        "MalformedHttpRequestException",
                        format!("Query parameter '{bad}' is not correctly percent-encoded"),
                    )
                    .into_response(request_id),
                ))
            }
        };
        let Some((route, labels)) = found else {
            let unknown = ServerError::unknown_operation(parts.method.as_str(), parts.uri.path());
            return Admitted::Refused(refuse(unknown.into_response(request_id)));
        };
        let call = Call { route, labels, parts, query, pending };
        match ended_body(&call.parts.headers, &body, call.pending.is_some()) {
            Some(read) => Admitted::Read(read, call),
            None => Admitted::Unread(body, call),
        }
    }

    /// Finishes the signature against the body's hash, then calls the route's handler; returns
    /// its future and the body's share of the budget.
    fn call(&self, read: ReadBody, call: Call, request_id: String) -> (BoxFuture<Response>, BudgetGuard) {
        let Call { route, labels, parts, query, pending } = call;
        let access_key = match pending {
            Some(p) => match p.finish(&read.sha256()) {
                Ok(key) => Some(key),
                Err(e) => return (Box::pin(std::future::ready(e.into_response(&request_id))), read.into_parts().1),
            },
            None => claimed_access_key(&parts),
        };
        let (body, budget) = read.into_parts();
        let path = parts.uri.path().to_string();
        let req = HttpRequest { method: parts.method, path, query, headers: parts.headers, body };
        let ctx = RequestContext {
            account_id: self.config.account_id.clone(),
            region: self.config.region.clone(),
            request_id,
            access_key,
        };
        ((self.routes[route].handler)(self.service.clone(), ctx, req, labels), budget)
    }
}

/// Where a request stands after the checks made before its body.
enum Admitted {
    /// It failed one: the answer.
    Refused(Response),
    /// Its body has been read (it had none).
    Read(ReadBody, Call),
    /// Its body is still to be read.
    Unread(Body, Call),
}

/// What calling a request's route needs besides its body.
struct Call {
    route: usize,
    labels: Labels,
    parts: http::request::Parts,
    query: Vec<(String, String)>,
    pending: Option<PendingSignature>,
}

fn closing(mut resp: Response) -> Response {
    resp.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
    resp
}

/// Splits a raw query string into decoded pairs; `Err` names a pair with a broken escape.
/// `+` is kept as a plus sign: AWS clients encode spaces as `%20`.
fn parse_query(raw: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for pair in raw.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode_component(k).ok_or_else(|| k.to_string())?;
        let value = decode_component(v).ok_or_else(|| key.clone())?;
        out.push((key, value));
    }
    Ok(out)
}

/// The error an operation's default trait method answers: `NotImplemented`, HTTP 501, with
/// a message naming the operation, as `<Op>Error::Unhandled`.
pub fn not_implemented<O: Operation>(ctx: &RequestContext) -> O::Error {
    let message = format!("The {} operation is not implemented by this server", O::NAME);
    let meta = ErrorMetadata {
        code: "NotImplemented".to_string(),
        message: Some(message.clone()),
        status: 501,
        request_id: Some(ctx.request_id.clone()),
    };
    let body =
        ErrorBody { code: Some("NotImplemented".to_string()), r#type: Some("Service".into()), message: Some(message) };
    O::Error::from_code("NotImplemented", body, meta)
}

fn acceptable_payload_type(content_type: Option<&str>) -> bool {
    let Some(ct) = content_type else { return true };
    let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "" | "application/octet-stream" | "binary/octet-stream" | "application/json" | "text/plain"
    ) || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Binds and validates the input of `O` from a request whose route matched.
fn bind<O: Operation>(
    req: &HttpRequest,
    labels: &[(&'static str, String)],
    body: RequestBody,
) -> Result<O::Input, ServerError> {
    if body == RequestBody::JsonPayload {
        if !acceptable_payload_type(req.header("content-type")) {
            return Err(ServerError::new(
                415,
                "UnsupportedMediaTypeException",
                format!("Unsupported content type: {}", req.header("content-type").unwrap_or_default()),
            ));
        }
        if !req.body.is_empty() {
            if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&req.body) {
                return Err(ServerError::invalid_content(format!("Could not parse payload into json: {e}")));
            }
        }
    }
    let input = O::Input::from_http(req, labels).map_err(|e| match e {
        BindError::Missing(_) | BindError::Invalid(_) => match e.as_validation() {
            Some(v) => ServerError::validation(&v),
            None => ServerError::invalid_content(&e),
        },
        BindError::Body(text) => ServerError::invalid_content(text),
        BindError::Value { member, value } => {
            ServerError::new(400, "InvalidParameterValueException", format!("Invalid value '{value}' for {member}"))
        }
        BindError::Serialize(text) => ServerError::invalid_content(text),
        // Headers are only written, never read, by the binding; answered like a bad value.
        e @ BindError::Header { .. } => ServerError::invalid_content(e),
    })?;
    // A server rejects what its spec does not list, as the service does.
    input.validate_strict().map_err(|e| ServerError::validation(&e))?;
    Ok(input)
}

/// The glue for one operation: binds the request (answering bad input itself), calls the
/// implementation and writes its output or error. Used by [`Routes::route`]; public so a
/// hand-written router can reuse it.
pub async fn handle<O, Fut>(
    ctx: RequestContext,
    req: &HttpRequest,
    labels: &[(&'static str, String)],
    body: RequestBody,
    call: impl FnOnce(RequestContext, O::Input) -> Fut,
) -> Response
where
    O: Operation,
    Fut: Future<Output = Result<O::Output, O::Error>>,
{
    match bind::<O>(req, labels, body) {
        Ok(input) => respond::<O, _>(ctx, input, call).await,
        Err(e) => e.into_response(&ctx.request_id),
    }
}

/// Calls the implementation with a bound input and writes its output or error.
async fn respond<O, Fut>(
    ctx: RequestContext,
    input: O::Input,
    call: impl FnOnce(RequestContext, O::Input) -> Fut,
) -> Response
where
    O: Operation,
    Fut: Future<Output = Result<O::Output, O::Error>>,
{
    // Made before `ctx` moves into the call: the response needs it as a header anyway.
    let request_id = HeaderValue::from_str(&ctx.request_id).ok();
    // A panicking implementation gets 500 InternalFailure rather than a dropped connection.
    // The call's future is pinned in this one, not boxed: the output is large (GetFunction's
    // is 1.7 KB) and every move of it is a copy.
    let result = CatchUnwind(std::pin::pin!(call(ctx, input))).await;
    let id = request_id.as_ref().and_then(|v| v.to_str().ok()).unwrap_or_default();
    let mut resp = match result {
        Ok(Ok(mut out)) => output_response(&mut out, O::BINDING.success_status, id),
        Ok(Err(e)) => error_response(e.http_status(), e.code(), e.message(), id),
        Err(()) => ServerError::internal("the operation's implementation panicked").into_response(id),
    };
    match request_id {
        Some(v) => resp.headers_mut().insert(REQUEST_ID_HEADER, v),
        // An id an outer layer chose that a header cannot carry is not sent.
        None => resp.headers_mut().remove(REQUEST_ID_HEADER),
    };
    resp
}

/// Turns a panic while polling the inner future into `Err(())`.
struct CatchUnwind<'a, F>(Pin<&'a mut F>);

impl<F: Future> Future for CatchUnwind<'_, F> {
    type Output = Result<F::Output, ()>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        let inner = self.0.as_mut();
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(std::task::Poll::Ready(v)) => std::task::Poll::Ready(Ok(v)),
            Ok(std::task::Poll::Pending) => std::task::Poll::Pending,
            Err(_) => std::task::Poll::Ready(Err(())),
        }
    }
}

fn output_response<T: HttpOutput>(out: &mut T, success_status: u16, request_id: &str) -> Response {
    let events = out.take_events();
    let http = match out.to_http(success_status) {
        Ok(h) => h,
        Err(e) => return ServerError::internal(format!("the output cannot be written: {e}")).into_response(request_id),
    };
    let HttpResponse { status, headers, body } = http;
    let Ok(status) = StatusCode::from_u16(status) else {
        return ServerError::internal(format!("the output has an invalid status {status}")).into_response(request_id);
    };
    let streaming = events.is_some();
    let has_body = !body.is_empty();
    let mut resp = match events {
        Some(events) => Response::new(Body::from_stream(EventFrames::new(events))),
        None => Response::new(Body::from(body)),
    };
    *resp.status_mut() = status;
    *resp.headers_mut() = headers;
    let map = resp.headers_mut();
    if streaming {
        map.insert(CONTENT_TYPE, HeaderValue::from_static("application/vnd.amazon.eventstream"));
    } else if has_body && !map.contains_key(CONTENT_TYPE) {
        map.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    resp
}

/// Writes a service's server side: a trait with one async method per operation (each
/// answering 501 `NotImplemented` until implemented) and the router that serves an
/// implementation of it. Types are named as in [`crate::client_methods!`]; `Json` or
/// `JsonPayload` says how the request body is read ([`RequestBody`]). Each operation takes its
/// doc comments, then optionally `#[cfg(...)]` and `#[deprecated(...)]`.
///
/// ```text
/// lambda_rt::service! {
///     /// Doc of the trait.
///     pub trait Lambda;
///     /// Doc of the router.
///     pub fn router, pub fn router_service, signed as "lambda";
///     operations {
///         /// Doc of the method.
///         get_function: Json GetFunction(GetFunctionInput) -> GetFunctionOutput, GetFunctionError;
///     }
/// }
/// ```
// `crate::` names the invoking (generated) crate's modules on purpose.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! service {
    (
        $(#[$trait_meta:meta])*
        pub trait $trait:ident;
        $(#[$router_meta:meta])*
        pub fn $router:ident, pub fn $service_fn:ident, signed as $signing:literal;
        operations {$(
            $(#[doc = $doc:expr])*
            $(#[cfg($cfg:meta)])?
            $(#[deprecated $($deprecated:tt)*])?
            $method:ident : $body:ident $op:ident ($input:ident) -> $output:ident, $error:ident;
        )*}
    ) => {
        $(#[$trait_meta])*
        pub trait $trait: Send + Sync + 'static {$(
            $(#[doc = $doc])*
            $(#[cfg($cfg)])?
            $(#[deprecated $($deprecated)*])?
            fn $method(
                &self,
                ctx: $crate::server::RequestContext,
                input: crate::operations::$method::$input,
            ) -> impl std::future::Future<
                Output = Result<crate::operations::$method::$output, crate::operations::$method::$error>,
            > + Send {
                let _ = input;
                std::future::ready(Err($crate::server::not_implemented::<crate::operations::$method::$op>(&ctx)))
            }
        )*}

        $(#[$router_meta])*
        pub fn $router<S: $trait>(
            service: std::sync::Arc<S>,
            config: $crate::server::ServerConfig,
        ) -> $crate::server::axum::Router {
            $crate::server::axum::Router::new().fallback_service($service_fn(service, config))
        }

        #[doc = concat!(
            "The router of [`", stringify!($router), "`] as one tower service, without an `axum::Router` ",
            "around it: serve it with `lambda_rt::server::serve` or hyper when nothing else shares ",
            "the server, and each request costs less (axum's router matches every path against its ",
            "fallback route and boxes the service)."
        )]
        pub fn $service_fn<S: $trait>(
            service: std::sync::Arc<S>,
            config: $crate::server::ServerConfig,
        ) -> $crate::server::RouterService<S> {
            let routes = $crate::server::Routes::new(service, config, $signing);
            $(
                $(#[cfg($cfg)])?
                let routes = routes.route::<crate::operations::$method::$op, _, _>(
                    $crate::server::RequestBody::$body,
                    |s: std::sync::Arc<S>, ctx, input| async move { s.$method(ctx, input).await },
                );
            )*
            routes.into_service()
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_decoded_and_broken_escapes_named() {
        assert_eq!(
            parse_query("find=LayerVersion&Arn=arn%3Aaws%3Alambda&x&tagKeys=a+b").unwrap(),
            vec![
                ("find".to_string(), "LayerVersion".to_string()),
                ("Arn".into(), "arn:aws:lambda".into()),
                ("x".into(), "".into()),
                ("tagKeys".into(), "a+b".into()),
            ]
        );
        assert_eq!(parse_query("Marker=%ZZ"), Err("Marker".to_string()));
    }

    #[test]
    fn payload_content_types() {
        for ok in [
            None,
            Some("application/json"),
            Some("application/octet-stream"),
            Some("binary/octet-stream"),
            Some("application/vnd.x+json; charset=utf-8"),
        ] {
            assert!(acceptable_payload_type(ok), "{ok:?}");
        }
        for bad in
            [Some("application/x-www-form-urlencoded"), Some("multipart/form-data; boundary=x"), Some("image/png")]
        {
            assert!(!acceptable_payload_type(bad), "{bad:?}");
        }
    }
}
