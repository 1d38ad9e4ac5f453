//! A program written against the generated crate the way its README recommends: structures
//! built through builders, enums and errors matched with a catch-all arm, outputs read by
//! field, and a server implementing one operation of the trait. `cargo xtask semver-check`
//! compiles it against the crates generated from two versions of the spec; an additive
//! change to the API must leave it compiling.

use lambda_api::enums::Runtime;
use lambda_api::operations::create_function::CreateFunctionInput;
use lambda_api::operations::get_function::{GetFunctionError, GetFunctionInput, GetFunctionOutput};
use lambda_api::operations::list_functions::ListFunctionsInput;
use lambda_api::types::{FunctionCode, FunctionConfiguration};
use lambda_api::ValidationError;

fn create_input(zip: Vec<u8>) -> Result<CreateFunctionInput, ValidationError> {
    CreateFunctionInput::builder()
        .function_name("my-function")
        .role("arn:aws:iam::123456789012:role/lambda-role")
        .runtime(Runtime::Python312)
        .handler("app.handler")
        .memory_size(512)
        .set_description(None)
        .code(FunctionCode::builder().zip_file(zip).build())
        .build()
}

fn describe(runtime: &Runtime) -> &'static str {
    match runtime {
        Runtime::Python312 | Runtime::Python311 => "a recent Python",
        Runtime::Java21 => "Java 21",
        // Values added later, or not known to this crate at all.
        _ => "something else",
    }
}

fn explain(error: &GetFunctionError) -> String {
    match error {
        GetFunctionError::ResourceNotFoundException(e) => format!("no such function: {e}"),
        GetFunctionError::TooManyRequestsException(_) => "slow down".to_string(),
        other => format!("failed: {other}"),
    }
}

fn function_name(out: &GetFunctionOutput) -> Option<&str> {
    out.configuration.as_ref().and_then(|c| c.function_name.as_deref())
}

async fn call(client: &lambda_api::client::Client) -> Result<(), Box<dyn std::error::Error>> {
    let out = client.get_function(GetFunctionInput::builder().function_name("my-function").build()?).await?;
    println!("{:?}", function_name(&out));
    let list = client.list_functions(ListFunctionsInput::builder().max_items(10).build()?).await?;
    println!("{}", list.functions.unwrap_or_default().len());
    Ok(())
}

struct OneOperation;

impl lambda_api::server::Lambda for OneOperation {
    fn get_function(
        &self,
        _ctx: lambda_api::server::RequestContext,
        input: GetFunctionInput,
    ) -> impl std::future::Future<Output = Result<GetFunctionOutput, GetFunctionError>> + Send {
        let configuration = FunctionConfiguration::builder().function_name(input.function_name).build();
        std::future::ready(Ok(GetFunctionOutput::builder().configuration(configuration).build()))
    }
}

fn main() {
    let _ = (create_input(vec![1, 2, 3]), describe(&Runtime::from("python3.12")), explain, call, OneOperation);
}
