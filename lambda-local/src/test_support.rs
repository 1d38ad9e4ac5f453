//! Set-up shared by the unit tests: a store of the test account and Region, and functions
//! created in it with the members every test function has.

use crate::names::Scope;
use crate::state::Store;
use lambda_api::enums::Runtime;
use lambda_api::operations::create_function::CreateFunctionInput;
use lambda_api::operations::update_function_code::UpdateFunctionCodeInput;
use lambda_api::types::{FunctionCode, FunctionConfiguration};
use lambda_rt::Blob;

/// The ARN prefix of the test account's functions.
pub(crate) const ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function";

/// An empty store of account 123456789012 in us-east-1.
pub(crate) fn store() -> Store {
    Store::new(Scope::new("123456789012", "us-east-1"))
}

/// A store holding one function, made by [`create`].
pub(crate) fn store_with(name: &str) -> Store {
    let mut s = store();
    create(&mut s, name);
    s
}

/// A store holding the function `f` with versions 1 and 2 (whose code differs).
pub(crate) fn two_versions() -> Store {
    let mut s = store_with("f");
    crate::functions::publish(&mut s, "f", None).unwrap();
    publish_code(&mut s, "f", "2").unwrap();
    s
}

/// UpdateFunctionCode of `name` to a zip of `text`, publishing a version.
pub(crate) fn publish_code(s: &mut Store, name: &str, text: &str) -> crate::error::Res<FunctionConfiguration> {
    let input =
        UpdateFunctionCodeInput::builder().function_name(name).zip_file(zip(text)).publish(true).build().unwrap();
    crate::functions::update_function_code(s, input)
}

/// A zip archive holding one file with `text`.
pub(crate) fn zip(text: &str) -> Blob {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    out.start_file("index.py", zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(text.as_bytes()).unwrap();
    Blob::new(out.finish().unwrap().into_inner())
}

/// CreateFunction of a Python function whose code is a zip of its name.
pub(crate) fn create_input(name: &str) -> CreateFunctionInput {
    CreateFunctionInput::builder()
        .function_name(name)
        .role("arn:aws:iam::123456789012:role/lambda-role")
        .runtime(Runtime::from("python3.12"))
        .handler("app.handler")
        .code(FunctionCode::builder().zip_file(zip(name)).build())
        .build()
        .unwrap()
}

/// Creates the function of [`create_input`].
pub(crate) fn create(s: &mut Store, name: &str) -> FunctionConfiguration {
    crate::functions::create_function(s, create_input(name)).unwrap()
}

/// The error code of a failure.
pub(crate) fn code(e: crate::Fail) -> &'static str {
    e.code()
}
