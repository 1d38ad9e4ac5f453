//! What AWS's model added to the reference-era API, through aws-sdk-lambda: capacity providers
//! and the function versions on them, their scaling, recursion settings, resource policies
//! given whole, and the members the existing operations gained.

use super::*;
use aws_sdk_lambda::types::{
    CapacityProviderConfig, CapacityProviderScalingConfig, CapacityProviderScalingMode, CapacityProviderState,
    EventSourceMappingMetric, EventSourceMappingMetricsConfig, FunctionScalingConfig, FunctionVersionLatestPublished,
    LambdaManagedInstancesCapacityProviderConfig, ProvisionedPollerConfig, S3ObjectStorageMode, State, TenancyConfig,
    TenantIsolationMode,
};

const ACCOUNT: &str = "123456789012";

/// A CreateCapacityProvider request for `name`, with one subnet, one security group and a tag.
fn create_provider(
    lam: &Client,
    name: &str,
) -> aws_sdk_lambda::operation::create_capacity_provider::builders::CreateCapacityProviderFluentBuilder {
    let vpc = CapacityProviderVpcConfig::builder().subnet_ids("subnet-0123").security_group_ids("sg-0123").build();
    let operator = CapacityProviderPermissionsConfig::builder()
        .capacity_provider_operator_role_arn(format!("arn:aws:iam::{ACCOUNT}:role/operator"))
        .build();
    lam.create_capacity_provider()
        .capacity_provider_name(name)
        .vpc_config(vpc.expect("VPC configuration"))
        .permissions_config(operator.expect("permissions"))
        .tags("team", "blue")
}

async fn new_provider(lam: &Client, name: &str) -> String {
    let out = create_provider(lam, name).send().await.expect("CreateCapacityProvider");
    let cp = out.capacity_provider().expect("capacity provider");
    assert_eq!(cp.state(), &CapacityProviderState::Pending);
    cp.capacity_provider_arn().to_string()
}

fn on(arn: &str) -> CapacityProviderConfig {
    CapacityProviderConfig::builder()
        .lambda_managed_instances_capacity_provider_config(
            LambdaManagedInstancesCapacityProviderConfig::builder().capacity_provider_arn(arn).build().expect("config"),
        )
        .build()
}

/// Capacity providers: create, get, list, update, tags, delete.
pub async fn capacity_providers(lam: &Client) {
    let name = unique("sdk-cp");
    let arn = new_provider(lam, &name).await;
    assert_eq!(arn, format!("arn:aws:lambda:us-east-1:{ACCOUNT}:capacity-provider:{name}"));
    let got = lam.get_capacity_provider().capacity_provider_name(&name).send().await.unwrap();
    let cp = got.capacity_provider().unwrap();
    assert_eq!(cp.state(), &CapacityProviderState::Active);
    assert_eq!(cp.vpc_config().unwrap().subnet_ids(), ["subnet-0123"]);
    let pages = all_pages!(lam.list_capacity_providers().max_items(1).into_paginator().send());
    assert!(pages.iter().all(|p| p.capacity_providers().len() <= 1));
    let listed: Vec<_> = pages.iter().flat_map(|p| p.capacity_providers()).map(|c| c.capacity_provider_arn()).collect();
    assert!(listed.contains(&arn.as_str()), "{listed:?}");
    let (code, status, _) = failure(create_provider(lam, &name).send().await);
    assert_eq!((code.as_str(), status), ("ResourceConflictException", 409));

    let updated = lam
        .update_capacity_provider()
        .capacity_provider_name(&name)
        .capacity_provider_scaling_config(
            CapacityProviderScalingConfig::builder()
                .scaling_mode(CapacityProviderScalingMode::Auto)
                .max_v_cpu_count(16)
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        updated.capacity_provider().unwrap().capacity_provider_scaling_config().unwrap().max_v_cpu_count(),
        Some(16)
    );
    let got = lam.get_capacity_provider().capacity_provider_name(&arn).send().await.unwrap();
    assert_eq!(
        got.capacity_provider().unwrap().capacity_provider_scaling_config().unwrap().max_v_cpu_count(),
        Some(16)
    );

    let tags = lam.list_tags().resource(&arn).send().await.unwrap();
    assert_eq!(tags.tags().and_then(|t| t.get("team")).map(String::as_str), Some("blue"));
    lam.tag_resource().resource(&arn).tags("stage", "test").send().await.unwrap();
    lam.untag_resource().resource(&arn).tag_keys("team").send().await.unwrap();
    let tags = lam.list_tags().resource(&arn).send().await.unwrap();
    assert_eq!(tags.tags().map(|t| t.keys().cloned().collect::<Vec<_>>()), Some(vec!["stage".to_string()]));

    let deleted = lam.delete_capacity_provider().capacity_provider_name(&name).send().await.unwrap();
    assert_eq!(deleted.capacity_provider().unwrap().state(), &CapacityProviderState::Deleting);
    let (code, status, _) = failure(lam.get_capacity_provider().capacity_provider_name(&name).send().await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
}

/// A function on a capacity provider: `$LATEST.PUBLISHED`, the versions listed against the
/// provider, their scaling, and the provider held while they exist.
pub async fn function_versions_on_a_provider(lam: &Client) {
    let cp = unique("sdk-cp");
    let cp_arn = new_provider(lam, &cp).await;
    let name = unique("sdk-lmi");
    let created = lam
        .create_function()
        .function_name(&name)
        .runtime(Runtime::Python312)
        .role(ROLE)
        .handler("index.handler")
        .code(FunctionCode::builder().zip_file(Blob::new(function_zip())).build())
        .capacity_provider_config(on(&cp_arn))
        .send()
        .await
        .unwrap();
    assert_eq!(created.state(), Some(&State::ActiveNonInvocable));
    let err = lam.invoke().function_name(&name).send().await.expect_err("nothing published");
    assert!(err.as_service_error().is_some_and(|e| e.is_no_published_version_exception()), "{err:?}");

    let published = lam
        .publish_version()
        .function_name(&name)
        .publish_to(FunctionVersionLatestPublished::LatestPublished)
        .send()
        .await
        .unwrap();
    assert_eq!(published.version(), Some("$LATEST.PUBLISHED"));
    let out = lam.invoke().function_name(&name).payload(Blob::new(&b"{\"lmi\":true}"[..])).send().await.unwrap();
    assert_eq!(out.executed_version(), Some("$LATEST.PUBLISHED"));
    assert_eq!(out.payload().unwrap().as_ref(), b"{\"lmi\":true}");
    lam.publish_version().function_name(&name).send().await.unwrap();

    let pages = all_pages!(lam
        .list_function_versions_by_capacity_provider()
        .capacity_provider_name(&cp)
        .max_items(1)
        .into_paginator()
        .send());
    assert_eq!(pages.len(), 3);
    let versions: Vec<_> = pages
        .iter()
        .flat_map(|p| p.function_versions())
        .map(|v| (v.function_arn().rsplit(':').next().unwrap().to_string(), v.state().clone()))
        .collect();
    assert_eq!(
        versions,
        [
            ("$LATEST".to_string(), State::ActiveNonInvocable),
            ("$LATEST.PUBLISHED".to_string(), State::Active),
            ("1".to_string(), State::Active)
        ]
    );
    let (code, status, _) = failure(lam.delete_capacity_provider().capacity_provider_name(&cp).send().await);
    assert_eq!((code.as_str(), status), ("ResourceConflictException", 409));

    let got = lam.get_function_scaling_config().function_name(&name).qualifier("1").send().await.unwrap();
    let applied = got.applied_function_scaling_config().unwrap();
    assert_eq!((applied.min_execution_environments(), applied.max_execution_environments()), (Some(3), Some(3)));
    assert!(got.requested_function_scaling_config().is_none());
    let put = lam
        .put_function_scaling_config()
        .function_name(&name)
        .qualifier("1")
        .function_scaling_config(
            FunctionScalingConfig::builder().min_execution_environments(0).max_execution_environments(0).build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(put.function_state(), Some(&State::Deactivating));
    let got = lam.get_function_scaling_config().function_name(&name).qualifier("1").send().await.unwrap();
    assert_eq!(got.requested_function_scaling_config().unwrap().max_execution_environments(), Some(0));
    let conf = lam.get_function_configuration().function_name(&name).qualifier("1").send().await.unwrap();
    assert_eq!(conf.state(), Some(&State::Deactivated));
    let (code, status, _) = failure(lam.invoke().function_name(&name).qualifier("1").send().await);
    assert_eq!((code.as_str(), status), ("ResourceConflictException", 409));
    let (code, status, _) =
        failure(lam.get_function_scaling_config().function_name(&name).qualifier("$LATEST").send().await);
    assert_eq!((code.as_str(), status), ("ValidationException", 400), "the model's pattern refuses $LATEST");

    lam.delete_function().function_name(&name).send().await.unwrap();
    let empty = lam.list_function_versions_by_capacity_provider().capacity_provider_name(&cp).send().await.unwrap();
    assert!(empty.function_versions().is_empty());
    lam.delete_capacity_provider().capacity_provider_name(&cp).send().await.unwrap();
}

/// Recursion settings: `Terminate` until set.
pub async fn recursion(lam: &Client) {
    let name = unique("sdk-rec");
    create(lam, &name, &function_zip()).await;
    let got = lam.get_function_recursion_config().function_name(&name).send().await.unwrap();
    assert_eq!(got.recursive_loop(), Some(&RecursiveLoop::Terminate));
    let put =
        lam.put_function_recursion_config().function_name(&name).recursive_loop(RecursiveLoop::Allow).send().await;
    assert_eq!(put.unwrap().recursive_loop(), Some(&RecursiveLoop::Allow));
    let got = lam.get_function_recursion_config().function_name(&name).send().await.unwrap();
    assert_eq!(got.recursive_loop(), Some(&RecursiveLoop::Allow));
    lam.delete_function().function_name(&name).send().await.unwrap();
    let (code, status, _) = failure(lam.get_function_recursion_config().function_name(&name).send().await);
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

/// Resource policies given whole, on a function: revision preconditions, size limit, shared
/// with AddPermission and GetPolicy, deleted and gone.
pub async fn resource_policies(lam: &Client) {
    let name = unique("sdk-pol");
    let created = create(lam, &name, &function_zip()).await;
    let arn = created.function_arn().unwrap().to_string();
    let (code, status, _) = failure(lam.get_resource_policy().resource_arn(&arn).send().await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    let (code, status, _) = failure(
        lam.put_resource_policy()
            .resource_arn(&arn)
            .policy(policy("a", &arn))
            .revision_id("00000000-0000-0000-0000-000000000000")
            .send()
            .await,
    );
    assert_eq!((code.as_str(), status), ("PreconditionFailedException", 412));
    let put = lam
        .put_resource_policy()
        .resource_arn(&arn)
        .policy(policy("a", &arn))
        .set_revision_id(created.revision_id().map(str::to_string))
        .send()
        .await
        .unwrap();
    let got = lam.get_resource_policy().resource_arn(&arn).send().await.unwrap();
    let doc = |text: Option<&str>| serde_json::from_str::<serde_json::Value>(text.unwrap()).unwrap();
    assert_eq!(doc(got.policy()), doc(Some(&policy("a", &arn))));
    assert_eq!(got.revision_id(), put.revision_id());
    assert_eq!(lam.get_policy().function_name(&name).send().await.unwrap().revision_id(), put.revision_id());

    let mut big = doc(Some(&policy("big", &arn)));
    big["Statement"][0]["Condition"] =
        serde_json::json!({ "StringEquals": { "aws:PrincipalTag/team": "é".repeat(10_300) } });
    let (code, status, _) = failure(lam.put_resource_policy().resource_arn(&arn).policy(big.to_string()).send().await);
    assert_eq!((code.as_str(), status), ("PolicyLengthExceededException", 400));

    let (code, status, _) = failure(
        lam.delete_resource_policy()
            .resource_arn(&arn)
            .revision_id("00000000-0000-0000-0000-000000000000")
            .send()
            .await,
    );
    assert_eq!((code.as_str(), status), ("PreconditionFailedException", 412));
    lam.delete_resource_policy()
        .resource_arn(&arn)
        .set_revision_id(put.revision_id().map(str::to_string))
        .send()
        .await
        .unwrap();
    let (code, status, _) = failure(lam.get_resource_policy().resource_arn(&arn).send().await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    lam.delete_function().function_name(&name).send().await.unwrap();
    let (code, status, _) =
        failure(lam.put_resource_policy().resource_arn(&arn).policy(policy("a", &arn)).send().await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
}

/// The members existing operations gained: tenant ids, configuration hashes, packages kept in
/// S3, function URL permissions, event source mapping ARNs, tags and pollers, code signing
/// configuration tags.
pub async fn new_members(lam: &Client) {
    let name = unique("sdk-tenant");
    let created = lam
        .create_function()
        .function_name(&name)
        .runtime(Runtime::Python312)
        .role(ROLE)
        .handler("index.handler")
        .code(
            FunctionCode::builder()
                .s3_bucket("sdk-bucket")
                .s3_key("code.zip")
                .s3_object_storage_mode(S3ObjectStorageMode::Reference)
                .source_kms_key_arn(format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/k"))
                .build(),
        )
        .tenancy_config(TenancyConfig::builder().tenant_isolation_mode(TenantIsolationMode::PerTenant).build().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(created.config_sha256().map(str::len), Some(64));
    let out = lam.invoke().function_name(&name).tenant_id("blue").payload(Blob::new(&b"{}"[..])).send().await.unwrap();
    assert_eq!(out.status_code(), 200);
    let (code, status, _) = failure(lam.invoke().function_name(&name).send().await);
    assert_eq!((code.as_str(), status), ("InvalidParameterValueException", 400));
    let code_location = lam.get_function().function_name(&name).send().await.unwrap();
    let location = code_location.code().unwrap();
    let object = location.resolved_s3_object().unwrap();
    assert_eq!((object.s3_bucket(), object.s3_key()), (Some("sdk-bucket"), Some("code.zip")));
    assert_eq!(location.source_kms_key_arn(), Some(format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/k").as_str()));

    let perm = lam
        .add_permission()
        .function_name(&name)
        .statement_id("url")
        .action("lambda:InvokeFunction")
        .principal("*")
        .function_url_auth_type(FunctionUrlAuthType::None)
        .invoked_via_function_url(true)
        .send()
        .await
        .unwrap();
    let statement: serde_json::Value = serde_json::from_str(perm.statement().unwrap()).unwrap();
    assert_eq!(statement["Condition"]["Bool"]["lambda:InvokedViaFunctionUrl"], "true");

    let queue = format!("arn:aws:sqs:us-east-1:{ACCOUNT}:{}", unique("queue"));
    let esm = lam
        .create_event_source_mapping()
        .event_source_arn(&queue)
        .function_name(&name)
        .metrics_config(
            EventSourceMappingMetricsConfig::builder().metrics(EventSourceMappingMetric::EventCount).build(),
        )
        .provisioned_poller_config(ProvisionedPollerConfig::builder().maximum_pollers(30).build())
        .tags("team", "blue")
        .send()
        .await
        .unwrap();
    let esm_arn = esm.event_source_mapping_arn().unwrap().to_string();
    assert_eq!(esm_arn, format!("arn:aws:lambda:us-east-1:{ACCOUNT}:event-source-mapping:{}", esm.uuid().unwrap()));
    let pollers = esm.provisioned_poller_config().unwrap();
    assert_eq!((pollers.minimum_pollers(), pollers.maximum_pollers()), (Some(2), Some(30)));
    let tags = lam.list_tags().resource(&esm_arn).send().await.unwrap();
    assert_eq!(tags.tags().and_then(|t| t.get("team")).map(String::as_str), Some("blue"));
    lam.delete_event_source_mapping().uuid(esm.uuid().unwrap()).send().await.unwrap();

    let csc = lam
        .create_code_signing_config()
        .allowed_publishers(
            AllowedPublishers::builder()
                .signing_profile_version_arns(format!("arn:aws:signer:us-east-1:{ACCOUNT}:/signing-profiles/p/1"))
                .build()
                .unwrap(),
        )
        .tags("team", "blue")
        .send()
        .await
        .unwrap();
    let csc_arn = csc.code_signing_config().unwrap().code_signing_config_arn().to_string();
    let tags = lam.list_tags().resource(&csc_arn).send().await.unwrap();
    assert_eq!(tags.tags().and_then(|t| t.get("team")).map(String::as_str), Some("blue"));
    lam.delete_code_signing_config().code_signing_config_arn(&csc_arn).send().await.unwrap();
    lam.delete_function().function_name(&name).send().await.unwrap();
}
