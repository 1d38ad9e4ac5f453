//! Operation outputs made from what the logic functions answer, so that an entry of the
//! dispatch table (`service.rs`) is one call followed by `.and_then(output)`: the output type
//! is inferred from the entry's operation.

use crate::error::{Fail, Res};
use lambda_api::enums::{RecursiveLoop, State};
use lambda_api::operations::create_capacity_provider::CreateCapacityProviderOutput;
use lambda_api::operations::create_code_signing_config::CreateCodeSigningConfigOutput;
use lambda_api::operations::delete_capacity_provider::DeleteCapacityProviderOutput;
use lambda_api::operations::delete_function::DeleteFunctionOutput;
use lambda_api::operations::get_capacity_provider::GetCapacityProviderOutput;
use lambda_api::operations::get_code_signing_config::GetCodeSigningConfigOutput;
use lambda_api::operations::get_function_code_signing_config::GetFunctionCodeSigningConfigOutput;
use lambda_api::operations::get_function_concurrency::GetFunctionConcurrencyOutput;
use lambda_api::operations::get_function_recursion_config::GetFunctionRecursionConfigOutput;
use lambda_api::operations::get_function_url_config::GetFunctionUrlConfigOutput;
use lambda_api::operations::get_layer_version::GetLayerVersionOutput;
use lambda_api::operations::list_tags::ListTagsOutput;
use lambda_api::operations::publish_layer_version::PublishLayerVersionOutput;
use lambda_api::operations::put_function_code_signing_config::PutFunctionCodeSigningConfigOutput;
use lambda_api::operations::put_function_concurrency::PutFunctionConcurrencyOutput;
use lambda_api::operations::put_function_recursion_config::PutFunctionRecursionConfigOutput;
use lambda_api::operations::put_function_scaling_config::PutFunctionScalingConfigOutput;
use lambda_api::operations::update_capacity_provider::UpdateCapacityProviderOutput;
use lambda_api::operations::update_code_signing_config::UpdateCodeSigningConfigOutput;
use lambda_api::operations::update_function_url_config::UpdateFunctionUrlConfigOutput;
use lambda_api::types::{CapacityProvider, CodeSigningConfig, FunctionUrlConfig};
use std::collections::HashMap;

/// An operation output made from what a logic function answers.
pub trait OutputFrom<T>: Sized {
    /// The output carrying `value`.
    fn output_from(value: T) -> Res<Self>;
}

/// The output, of the type the caller expects, carrying `value`.
pub fn output<T, O: OutputFrom<T>>(value: T) -> Res<O> {
    O::output_from(value)
}

/// Finishes a builder: a checked one fails when a required member is missing, an infallible
/// one cannot.
macro_rules! finish {
    (checked $built:expr) => {
        $built.map_err(Fail::incomplete_output)
    };
    (infallible $built:expr) => {
        Ok($built)
    };
}

/// `kind T => Outputs: |builder, value| members;` implements [`OutputFrom<T>`] for each of
/// the outputs, setting the members on the output's builder.
macro_rules! outputs_from {
    ($( $kind:ident $T:ty => $($Out:ty),+ : |$b:ident, $v:pat_param| $members:expr; )*) => {$($(
        impl OutputFrom<$T> for $Out {
            fn output_from(value: $T) -> Res<Self> {
                let ($b, $v) = (<$Out>::builder(), value);
                finish!($kind $members.build())
            }
        }
    )+)*};
}

outputs_from! {
    checked CapacityProvider => CreateCapacityProviderOutput, GetCapacityProviderOutput, UpdateCapacityProviderOutput,
        DeleteCapacityProviderOutput: |b, c| b.capacity_provider(c);
    checked CodeSigningConfig => CreateCodeSigningConfigOutput, GetCodeSigningConfigOutput, UpdateCodeSigningConfigOutput:
        |b, c| b.code_signing_config(c);
    // (function name, code signing configuration ARN)
    checked (String, String) => GetFunctionCodeSigningConfigOutput, PutFunctionCodeSigningConfigOutput:
        |b, (name, arn)| b.function_name(name).code_signing_config_arn(arn);
    // Create answers without LastModifiedTime, so urls.rs builds its output itself.
    checked FunctionUrlConfig => GetFunctionUrlConfigOutput, UpdateFunctionUrlConfigOutput:
        |b, c| b
            .function_url(c.function_url)
            .function_arn(c.function_arn)
            .auth_type(c.auth_type)
            .set_cors(c.cors)
            .creation_time(c.creation_time)
            .last_modified_time(c.last_modified_time)
            .set_invoke_mode(c.invoke_mode);
    infallible GetLayerVersionOutput => PublishLayerVersionOutput:
        |b, l| b
            .set_content(l.content)
            .set_layer_arn(l.layer_arn)
            .set_layer_version_arn(l.layer_version_arn)
            .set_description(l.description)
            .set_created_date(l.created_date)
            .set_version(l.version)
            .set_compatible_architectures(l.compatible_architectures)
            .set_compatible_runtimes(l.compatible_runtimes)
            .set_license_info(l.license_info);
    // The service answers DeleteFunction with 204; the output's StatusCode member sets it.
    infallible () => DeleteFunctionOutput: |b, ()| b.status_code(204);
    infallible i32 => PutFunctionConcurrencyOutput: |b, n| b.reserved_concurrent_executions(n);
    infallible Option<i32> => GetFunctionConcurrencyOutput: |b, n| b.set_reserved_concurrent_executions(n);
    infallible State => PutFunctionScalingConfigOutput: |b, state| b.function_state(state);
    infallible RecursiveLoop => GetFunctionRecursionConfigOutput, PutFunctionRecursionConfigOutput:
        |b, r| b.recursive_loop(r);
    infallible HashMap<String, String> => ListTagsOutput: |b, tags| b.tags(tags);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
        serde_json::to_value(value).unwrap()
    }

    #[test]
    fn a_url_configuration_keeps_every_member_in_get_and_update() {
        let config = FunctionUrlConfig::builder()
            .function_url("https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/")
            .function_arn("arn:aws:lambda:us-east-1:123456789012:function:f")
            .auth_type(lambda_api::enums::FunctionUrlAuthType::AwsIam)
            .cors(lambda_api::types::Cors::builder().allow_credentials(true).build())
            .creation_time("2024-01-31T12:00:00.000Z")
            .last_modified_time("2024-02-01T12:00:00.000Z")
            .invoke_mode(lambda_api::enums::InvokeMode::ResponseStream)
            .build()
            .unwrap();
        let got: GetFunctionUrlConfigOutput = output(config.clone()).unwrap();
        let updated: UpdateFunctionUrlConfigOutput = output(config.clone()).unwrap();
        assert_eq!(json(&got), json(&config));
        assert_eq!(json(&updated), json(&config));
    }

    #[test]
    fn a_published_layer_version_keeps_every_member() {
        let info: GetLayerVersionOutput = serde_json::from_value(serde_json::json!({
            "Content": {"Location": "https://example.com/l.zip", "CodeSha256": "abc", "CodeSize": 3},
            "LayerArn": "arn:aws:lambda:us-east-1:123456789012:layer:l",
            "LayerVersionArn": "arn:aws:lambda:us-east-1:123456789012:layer:l:1",
            "Description": "d",
            "CreatedDate": "2024-01-31T12:00:00.000+0000",
            "Version": 1,
            "CompatibleArchitectures": ["arm64"],
            "CompatibleRuntimes": ["python3.12"],
            "LicenseInfo": "MIT"
        }))
        .unwrap();
        let published: PublishLayerVersionOutput = output(info.clone()).unwrap();
        assert_eq!(json(&published), json(&info));
    }

    #[test]
    fn delete_function_answers_204() {
        let out: DeleteFunctionOutput = output(()).unwrap();
        assert_eq!(out.status_code, Some(204));
    }
}
