//! Shared by the server suites: a recording implementation of the generated trait and
//! helpers that drive a router with raw HTTP requests.

#![allow(dead_code)]

use bytes::Bytes;
use http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use lambda_api::errors::{ResourceNotFoundException, ServiceException};
use lambda_api::operations::create_function::{CreateFunctionError, CreateFunctionInput, CreateFunctionOutput};
use lambda_api::operations::get_function::{GetFunctionError, GetFunctionInput, GetFunctionOutput};
use lambda_api::operations::get_layer_version_by_arn::{
    GetLayerVersionByArnError, GetLayerVersionByArnInput, GetLayerVersionByArnOutput,
};
use lambda_api::operations::invoke::{InvokeError, InvokeInput, InvokeOutput};
use lambda_api::operations::invoke_with_response_stream::{
    InvokeWithResponseStreamError, InvokeWithResponseStreamInput, InvokeWithResponseStreamOutput,
};
use lambda_api::operations::list_functions::{ListFunctionsError, ListFunctionsInput, ListFunctionsOutput};
use lambda_api::operations::list_layers::{ListLayersError, ListLayersInput, ListLayersOutput};
use lambda_api::server::{Lambda, RequestContext, ServerConfig};
use lambda_api::types::InvokeWithResponseStreamResponseEvent as Ev;
use lambda_api::types::{FunctionConfiguration, InvokeResponseStreamUpdate, InvokeWithResponseStreamCompleteEvent};
use lambda_rt::event_stream::{EventStream, EventStreamError};
use lambda_rt::server::axum::body::Body;
use lambda_rt::server::axum::Router;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

/// What the test sends the streaming implementation: an event, an error, or `None` to end.
pub type Chunks = tokio::sync::mpsc::UnboundedReceiver<Option<Result<Ev, EventStreamError>>>;

/// One call that reached the implementation: operation name, context and a summary of the
/// input.
#[derive(Clone, Debug)]
pub struct Call {
    pub op: &'static str,
    pub ctx: RequestContext,
    pub detail: String,
}

/// Implements a few operations and records every call; the rest use the trait defaults.
/// InvokeWithResponseStream streams what the test sends on `chunks` (a `None` ends it).
#[derive(Default)]
pub struct Recorder {
    pub calls: Mutex<Vec<Call>>,
    pub chunks: Mutex<Option<Chunks>>,
}

impl Recorder {
    fn record(&self, op: &'static str, ctx: &RequestContext, detail: String) {
        self.calls.lock().unwrap().push(Call { op, ctx: ctx.clone(), detail });
    }

    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }
}

impl Lambda for Recorder {
    async fn get_function(
        &self,
        ctx: RequestContext,
        input: GetFunctionInput,
    ) -> Result<GetFunctionOutput, GetFunctionError> {
        self.record("GetFunction", &ctx, input.function_name.clone());
        if input.function_name == "missing" {
            return Err(GetFunctionError::ResourceNotFoundException(ResourceNotFoundException::new(format!(
                "Function not found: arn:aws:lambda:{}:{}:function:missing",
                ctx.region, ctx.account_id
            ))));
        }
        if input.function_name == "panic" {
            panic!("the test implementation panics on request");
        }
        if input.function_name == "broken" {
            return Err(GetFunctionError::ServiceException(ServiceException::new("internal trouble")));
        }
        Ok(GetFunctionOutput::builder()
            .configuration(FunctionConfiguration::builder().function_name(input.function_name).build())
            .build())
    }

    async fn list_functions(
        &self,
        ctx: RequestContext,
        input: ListFunctionsInput,
    ) -> Result<ListFunctionsOutput, ListFunctionsError> {
        self.record("ListFunctions", &ctx, format!("{:?} {:?}", input.max_items, input.marker));
        Ok(ListFunctionsOutput::builder().functions(vec![]).build())
    }

    async fn create_function(
        &self,
        ctx: RequestContext,
        input: CreateFunctionInput,
    ) -> Result<CreateFunctionOutput, CreateFunctionError> {
        self.record("CreateFunction", &ctx, input.function_name.clone());
        Ok(CreateFunctionOutput::builder().function_name(input.function_name).build())
    }

    async fn list_layers(
        &self,
        ctx: RequestContext,
        input: ListLayersInput,
    ) -> Result<ListLayersOutput, ListLayersError> {
        self.record("ListLayers", &ctx, format!("{:?}", input.compatible_runtime));
        Ok(ListLayersOutput::default())
    }

    async fn get_layer_version_by_arn(
        &self,
        ctx: RequestContext,
        input: GetLayerVersionByArnInput,
    ) -> Result<GetLayerVersionByArnOutput, GetLayerVersionByArnError> {
        self.record("GetLayerVersionByArn", &ctx, input.arn.clone());
        Ok(GetLayerVersionByArnOutput::builder().layer_version_arn(input.arn).build())
    }

    async fn invoke(&self, ctx: RequestContext, input: InvokeInput) -> Result<InvokeOutput, InvokeError> {
        self.record("Invoke", &ctx, format!("{} {:?}", input.function_name, input.invocation_type));
        Ok(InvokeOutput::builder().status_code(200).executed_version("$LATEST").set_payload(input.payload).build())
    }

    async fn invoke_with_response_stream(
        &self,
        ctx: RequestContext,
        input: InvokeWithResponseStreamInput,
    ) -> Result<InvokeWithResponseStreamOutput, InvokeWithResponseStreamError> {
        self.record("InvokeWithResponseStream", &ctx, input.function_name.clone());
        let rx = self.chunks.lock().unwrap().take();
        let stream = match rx {
            Some(rx) => EventStream::new(Receiver(rx)),
            None => EventStream::from_events(vec![
                Ev::PayloadChunk(InvokeResponseStreamUpdate::builder().payload(b"hello ".to_vec()).build()),
                Ev::PayloadChunk(InvokeResponseStreamUpdate::builder().payload(b"world".to_vec()).build()),
                Ev::InvokeComplete(InvokeWithResponseStreamCompleteEvent::default()),
            ]),
        };
        Ok(InvokeWithResponseStreamOutput::builder()
            .status_code(200)
            .executed_version("$LATEST")
            .event_stream(stream)
            .build())
    }
}

/// A channel as a stream of events; `None` on the channel ends the stream.
struct Receiver(Chunks);

impl futures_core::Stream for Receiver {
    type Item = Result<Ev, EventStreamError>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        match self.0.poll_recv(cx) {
            std::task::Poll::Ready(Some(Some(item))) => std::task::Poll::Ready(Some(item)),
            std::task::Poll::Ready(_) => std::task::Poll::Ready(None),
            std::task::Poll::Pending => std::task::Poll::Pending,
        }
    }
}

/// An implementation that overrides nothing: every operation answers 501.
pub struct Nothing;
impl Lambda for Nothing {}

pub fn recorder_router(config: ServerConfig) -> (Arc<Recorder>, Router) {
    let r = Arc::new(Recorder::default());
    (r.clone(), lambda_api::server::router(r, config))
}

/// A response, fully read.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", self.body))
    }
    pub fn error_code(&self) -> Option<&str> {
        self.header("x-amzn-errortype")
    }
    pub fn message(&self) -> String {
        self.json()["Message"].as_str().unwrap_or_default().to_string()
    }
    /// Status, error code and the request id header are all as expected for an error.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "status of {self:?}");
        assert_eq!(self.error_code(), Some(code), "error code of {self:?}");
        assert!(self.header("x-amzn-requestid").is_some_and(|v| !v.is_empty()), "request id of {self:?}");
        let body = self.json();
        assert!(body["Message"].is_string(), "message in {body}");
        assert!(body["Type"].is_string(), "type in {body}");
    }
}

/// Sends one request through the router as a tower service.
pub async fn send(router: &Router, req: Request<Body>) -> Answer {
    let resp = router.clone().oneshot(req).await.expect("infallible");
    let (parts, body) = resp.into_parts();
    let body = body.collect().await.expect("body").to_bytes();
    Answer { status: parts.status, headers: parts.headers, body }
}

/// A request with a method, a path (with query) and an optional body.
pub fn request(method: &str, uri: &str, body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "lambda.us-east-1.amazonaws.com")
        .body(body.into())
        .unwrap()
}
