//! What AWS's model added to the reference-era API, through the generated client: capacity
//! providers and the function versions on them, their scaling, recursion settings and resource
//! policies given whole, with the model's errors for conflicts, preconditions and not-found.

use super::{create, delete, failure, function_input, function_zip, pages, unique};
use lambda_api::client::Client;
use lambda_api::enums::{
    CapacityProviderScalingMode, CapacityProviderState, FunctionVersionLatestPublished, RecursiveLoop, State,
};
use lambda_api::operations::*;
use lambda_api::types::{
    CapacityProviderConfig, CapacityProviderPermissionsConfig, CapacityProviderScalingConfig,
    CapacityProviderVpcConfig, FunctionScalingConfig, LambdaManagedInstancesCapacityProviderConfig,
};
use lambda_api::Blob;
use std::collections::HashMap;

const ACCOUNT: &str = "123456789012";

fn create_provider_input(name: &str) -> create_capacity_provider::CreateCapacityProviderInput {
    create_capacity_provider::CreateCapacityProviderInput::builder()
        .capacity_provider_name(name)
        .vpc_config(
            CapacityProviderVpcConfig::builder()
                .subnet_ids(vec!["subnet-0123".to_string()])
                .security_group_ids(vec!["sg-0123".to_string()])
                .build()
                .unwrap(),
        )
        .permissions_config(
            CapacityProviderPermissionsConfig::builder()
                .capacity_provider_operator_role_arn(format!("arn:aws:iam::{ACCOUNT}:role/operator"))
                .build()
                .unwrap(),
        )
        .tags(HashMap::from([("team".to_string(), "blue".to_string())]))
        .build()
        .unwrap()
}

async fn new_provider(lam: &Client, name: &str) -> String {
    let out = lam.create_capacity_provider(create_provider_input(name)).await.expect("CreateCapacityProvider");
    assert_eq!(out.capacity_provider.state, CapacityProviderState::Pending);
    out.capacity_provider.capacity_provider_arn
}

async fn get_provider(
    lam: &Client,
    name: &str,
) -> Result<
    get_capacity_provider::GetCapacityProviderOutput,
    lambda_api::client::SdkError<get_capacity_provider::GetCapacityProviderError>,
> {
    let input =
        get_capacity_provider::GetCapacityProviderInput::builder().capacity_provider_name(name).build().unwrap();
    lam.get_capacity_provider(input).await
}

fn delete_provider_input(name: &str) -> delete_capacity_provider::DeleteCapacityProviderInput {
    delete_capacity_provider::DeleteCapacityProviderInput::builder().capacity_provider_name(name).build().unwrap()
}

/// Capacity providers: create, get (by name and ARN), list in pages, update, delete, gone.
pub(super) async fn capacity_providers(lam: &Client) {
    let name = unique("cl-cp");
    let arn = new_provider(lam, &name).await;
    assert_eq!(arn, format!("arn:aws:lambda:us-east-1:{ACCOUNT}:capacity-provider:{name}"));
    let got = get_provider(lam, &name).await.unwrap().capacity_provider;
    assert_eq!(got.state, CapacityProviderState::Active);
    assert_eq!(got.vpc_config.subnet_ids, ["subnet-0123"]);

    let list = list_capacity_providers::ListCapacityProvidersInput::builder().max_items(1).build().unwrap();
    let listed = pages(lam.list_capacity_providers_paginator(list)).await;
    assert!(listed.iter().all(|p| p.capacity_providers.len() <= 1));
    let arns: Vec<_> =
        listed.iter().flat_map(|p| &p.capacity_providers).map(|c| c.capacity_provider_arn.as_str()).collect();
    assert!(arns.contains(&arn.as_str()), "{arns:?}");
    let (code, status, _) = failure(lam.create_capacity_provider(create_provider_input(&name)).await);
    assert_eq!((code.as_str(), status), ("ResourceConflictException", 409));

    let update = update_capacity_provider::UpdateCapacityProviderInput::builder()
        .capacity_provider_name(name.clone())
        .capacity_provider_scaling_config(
            CapacityProviderScalingConfig::builder()
                .scaling_mode(CapacityProviderScalingMode::Auto)
                .max_v_cpu_count(16)
                .build(),
        )
        .build()
        .unwrap();
    let updated = lam.update_capacity_provider(update).await.expect("UpdateCapacityProvider");
    let max_vcpus = |cp: &lambda_api::types::CapacityProvider| {
        cp.capacity_provider_scaling_config.as_ref().and_then(|s| s.max_v_cpu_count)
    };
    assert_eq!(max_vcpus(&updated.capacity_provider), Some(16));
    assert_eq!(max_vcpus(&get_provider(lam, &arn).await.unwrap().capacity_provider), Some(16));

    let deleted = lam.delete_capacity_provider(delete_provider_input(&name)).await.expect("DeleteCapacityProvider");
    assert_eq!(deleted.capacity_provider.state, CapacityProviderState::Deleting);
    let (code, status, _) = failure(get_provider(lam, &name).await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
}

fn scaling_input(name: &str, qualifier: &str) -> get_function_scaling_config::GetFunctionScalingConfigInput {
    get_function_scaling_config::GetFunctionScalingConfigInput::builder()
        .function_name(name)
        .qualifier(qualifier)
        .build()
        .unwrap()
}

fn invoke_input(name: &str, qualifier: Option<&str>) -> invoke::InvokeInput {
    invoke::InvokeInput::builder()
        .function_name(name)
        .set_qualifier(qualifier.map(str::to_string))
        .payload(Blob::new(b"{\"lmi\":true}".to_vec()))
        .build()
        .unwrap()
}

/// A function on a capacity provider: `$LATEST.PUBLISHED`, the versions listed against the
/// provider, their scaling, and the provider held while they exist.
pub(super) async fn function_versions_on_a_provider(lam: &Client) {
    let cp = unique("cl-cp");
    let cp_arn = new_provider(lam, &cp).await;
    let name = unique("cl-lmi");
    let created = lam
        .create_function(
            function_input(&name, &function_zip())
                .capacity_provider_config(
                    CapacityProviderConfig::builder()
                        .lambda_managed_instances_capacity_provider_config(
                            LambdaManagedInstancesCapacityProviderConfig::builder()
                                .capacity_provider_arn(cp_arn.clone())
                                .build()
                                .unwrap(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .await
        .expect("CreateFunction on a capacity provider");
    assert_eq!(created.state, Some(State::ActiveNonInvocable));
    let err = lam.invoke(invoke_input(&name, None)).await.expect_err("nothing published");
    assert!(matches!(err.service_error(), Some(invoke::InvokeError::NoPublishedVersionException(_))), "{err:?}");

    let publish = |to: Option<FunctionVersionLatestPublished>| {
        publish_version::PublishVersionInput::builder().function_name(name.clone()).set_publish_to(to).build().unwrap()
    };
    let published = lam.publish_version(publish(Some(FunctionVersionLatestPublished::LatestPublished))).await.unwrap();
    assert_eq!(published.version.as_deref(), Some("$LATEST.PUBLISHED"));
    let out = lam.invoke(invoke_input(&name, None)).await.unwrap();
    assert_eq!(out.executed_version.as_deref(), Some("$LATEST.PUBLISHED"));
    assert_eq!(out.payload.unwrap().as_bytes(), b"{\"lmi\":true}");
    lam.publish_version(publish(None)).await.unwrap();

    let list = list_function_versions_by_capacity_provider::ListFunctionVersionsByCapacityProviderInput::builder()
        .capacity_provider_name(cp.clone())
        .max_items(1)
        .build()
        .unwrap();
    let listed = pages(lam.list_function_versions_by_capacity_provider_paginator(list.clone())).await;
    assert_eq!(listed.len(), 3);
    let versions: Vec<_> = listed
        .iter()
        .flat_map(|p| &p.function_versions)
        .map(|v| (v.function_arn.rsplit(':').next().unwrap().to_string(), v.state.clone()))
        .collect();
    assert_eq!(
        versions,
        [
            ("$LATEST".to_string(), State::ActiveNonInvocable),
            ("$LATEST.PUBLISHED".to_string(), State::Active),
            ("1".to_string(), State::Active)
        ]
    );
    let (code, status, _) = failure(lam.delete_capacity_provider(delete_provider_input(&cp)).await);
    assert_eq!((code.as_str(), status), ("ResourceConflictException", 409), "versions still use it");

    let got = lam.get_function_scaling_config(scaling_input(&name, "1")).await.expect("GetFunctionScalingConfig");
    let applied = got.applied_function_scaling_config.unwrap();
    assert_eq!((applied.min_execution_environments, applied.max_execution_environments), (Some(3), Some(3)));
    assert!(got.requested_function_scaling_config.is_none());
    let put = put_function_scaling_config::PutFunctionScalingConfigInput::builder()
        .function_name(name.clone())
        .qualifier("1")
        .function_scaling_config(
            FunctionScalingConfig::builder().min_execution_environments(0).max_execution_environments(0).build(),
        )
        .build()
        .unwrap();
    let put = lam.put_function_scaling_config(put).await.expect("PutFunctionScalingConfig");
    assert_eq!(put.function_state, Some(State::Deactivating));
    let got = lam.get_function_scaling_config(scaling_input(&name, "1")).await.unwrap();
    assert_eq!(got.requested_function_scaling_config.unwrap().max_execution_environments, Some(0));
    let (code, status, _) = failure(lam.invoke(invoke_input(&name, Some("1"))).await);
    assert_eq!((code.as_str(), status), ("ResourceConflictException", 409), "a deactivated version");

    delete(lam, &name).await;
    let empty = lam.list_function_versions_by_capacity_provider(list).await.unwrap();
    assert!(empty.function_versions.is_empty());
    lam.delete_capacity_provider(delete_provider_input(&cp)).await.expect("DeleteCapacityProvider");
}

/// Recursion settings: `Terminate` until set; not found once the function is gone.
pub(super) async fn recursion(lam: &Client) {
    let name = unique("cl-rec");
    create(lam, &name, &function_zip()).await;
    let get = || {
        get_function_recursion_config::GetFunctionRecursionConfigInput::builder()
            .function_name(name.clone())
            .build()
            .unwrap()
    };
    let got = lam.get_function_recursion_config(get()).await.expect("GetFunctionRecursionConfig");
    assert_eq!(got.recursive_loop, Some(RecursiveLoop::Terminate));
    let put = put_function_recursion_config::PutFunctionRecursionConfigInput::builder()
        .function_name(name.clone())
        .recursive_loop(RecursiveLoop::Allow)
        .build()
        .unwrap();
    let put = lam.put_function_recursion_config(put).await.expect("PutFunctionRecursionConfig");
    assert_eq!(put.recursive_loop, Some(RecursiveLoop::Allow));
    assert_eq!(lam.get_function_recursion_config(get()).await.unwrap().recursive_loop, Some(RecursiveLoop::Allow));
    delete(lam, &name).await;
    let (code, status, _) = failure(lam.get_function_recursion_config(get()).await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
}

fn policy(sid: &str, resource: &str) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{ "Sid": sid, "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::210987654321:root" },
                        "Action": "lambda:InvokeFunction", "Resource": resource }]
    })
    .to_string()
}

const STALE_REVISION: &str = "00000000-0000-0000-0000-000000000000";

/// Resource policies given whole, on a function: revision preconditions, the size limit, the
/// same policy GetPolicy shows, deleted and gone.
pub(super) async fn resource_policies(lam: &Client) {
    let name = unique("cl-pol");
    let created = create(lam, &name, &function_zip()).await;
    let arn = created.function_arn.clone().unwrap();
    let get = || get_resource_policy::GetResourcePolicyInput::builder().resource_arn(arn.clone()).build().unwrap();
    let put = |text: String, revision: Option<&str>| {
        put_resource_policy::PutResourcePolicyInput::builder()
            .resource_arn(arn.clone())
            .policy(text)
            .set_revision_id(revision.map(str::to_string))
            .build()
            .unwrap()
    };
    let remove = |revision: Option<&str>| {
        delete_resource_policy::DeleteResourcePolicyInput::builder()
            .resource_arn(arn.clone())
            .set_revision_id(revision.map(str::to_string))
            .build()
            .unwrap()
    };
    let (code, status, _) = failure(lam.get_resource_policy(get()).await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404), "no policy yet");
    let (code, status, _) = failure(lam.put_resource_policy(put(policy("a", &arn), Some(STALE_REVISION))).await);
    assert_eq!((code.as_str(), status), ("PreconditionFailedException", 412));
    let stored = lam
        .put_resource_policy(put(policy("a", &arn), created.revision_id.as_deref()))
        .await
        .expect("PutResourcePolicy");
    let got = lam.get_resource_policy(get()).await.expect("GetResourcePolicy");
    let doc = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    assert_eq!(doc(got.policy.as_deref().unwrap()), doc(&policy("a", &arn)));
    assert_eq!(got.revision_id, stored.revision_id);
    let function_policy = lam
        .get_policy(get_policy::GetPolicyInput::builder().function_name(name.clone()).build().unwrap())
        .await
        .unwrap();
    assert_eq!(function_policy.revision_id, stored.revision_id);

    let mut big = doc(&policy("big", &arn));
    big["Statement"][0]["Condition"] =
        serde_json::json!({ "StringEquals": { "aws:PrincipalTag/team": "é".repeat(10_300) } });
    let (code, status, _) = failure(lam.put_resource_policy(put(big.to_string(), None)).await);
    assert_eq!((code.as_str(), status), ("PolicyLengthExceededException", 400));

    let (code, status, _) = failure(lam.delete_resource_policy(remove(Some(STALE_REVISION))).await);
    assert_eq!((code.as_str(), status), ("PreconditionFailedException", 412));
    lam.delete_resource_policy(remove(stored.revision_id.as_deref())).await.expect("DeleteResourcePolicy");
    let (code, status, _) = failure(lam.get_resource_policy(get()).await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404), "deleted");
    delete(lam, &name).await;
    let (code, status, _) = failure(lam.put_resource_policy(put(policy("a", &arn), None)).await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404), "no function");
}
