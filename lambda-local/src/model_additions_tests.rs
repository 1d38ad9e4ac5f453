//! Tests of what AWS's model added to the reference-era API: capacity providers and the
//! function versions on them, their scaling, recursion settings, resource policies given
//! whole, and the members the existing operations gained. Plain functions on a store, as in
//! `logic_tests`.

use crate::state::Store;
use crate::test_support::{code, create, create_input, publish_code, store, store_with, zip, ARN};
use lambda_api::enums::State;
use lambda_api::operations::create_capacity_provider::CreateCapacityProviderInput;
use lambda_api::types::{
    CapacityProviderConfig, CapacityProviderPermissionsConfig, CapacityProviderVpcConfig,
    LambdaManagedInstancesCapacityProviderConfig,
};

const CP_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:capacity-provider";

fn provider_input(name: &str) -> CreateCapacityProviderInput {
    CreateCapacityProviderInput::builder()
        .capacity_provider_name(name)
        .vpc_config(
            CapacityProviderVpcConfig::builder()
                .subnet_ids(vec!["subnet-0123".into()])
                .security_group_ids(vec!["sg-0123".into()])
                .build()
                .unwrap(),
        )
        .permissions_config(
            CapacityProviderPermissionsConfig::builder()
                .capacity_provider_operator_role_arn("arn:aws:iam::123456789012:role/operator")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap()
}

fn on_provider(name: &str) -> CapacityProviderConfig {
    CapacityProviderConfig::builder()
        .lambda_managed_instances_capacity_provider_config(
            LambdaManagedInstancesCapacityProviderConfig::builder()
                .capacity_provider_arn(format!("{CP_ARN}:{name}"))
                .build()
                .unwrap(),
        )
        .build()
        .unwrap()
}

/// A store with the capacity provider `cp` and the function `f` on it.
fn managed() -> Store {
    let mut s = store();
    crate::capacity_providers::create_capacity_provider(&mut s, provider_input("cp")).unwrap();
    let mut i = create_input("f");
    i.capacity_provider_config = Some(on_provider("cp"));
    crate::functions::create_function(&mut s, i).unwrap();
    s
}

mod capacity_providers {
    use super::*;
    use crate::capacity_providers::*;
    use lambda_api::enums::{Architecture, CapacityProviderScalingMode, CapacityProviderState, PropagateTagsMode};
    use lambda_api::operations::list_capacity_providers::ListCapacityProvidersInput;
    use lambda_api::operations::list_function_versions_by_capacity_provider::ListFunctionVersionsByCapacityProviderInput;
    use lambda_api::operations::update_capacity_provider::UpdateCapacityProviderInput;
    use lambda_api::types::{
        CapacityProviderLoggingConfig, CapacityProviderScalingConfig, CapacityProviderTelemetryConfig,
        InstanceRequirements, PropagateTags, TargetTrackingScalingPolicy,
    };
    use std::collections::HashMap;

    #[test]
    fn life_cycle_with_arns_states_and_defaults() {
        let mut s = store();
        let mut i = provider_input("cp");
        i.tags = Some(HashMap::from([("team".into(), "a".into())]));
        let created = create_capacity_provider(&mut s, i).unwrap();
        assert_eq!(created.capacity_provider_arn, format!("{CP_ARN}:cp"));
        assert_eq!(created.state, CapacityProviderState::Pending);
        let got = get_capacity_provider(&s, "cp").unwrap();
        assert_eq!(got.state, CapacityProviderState::Active);
        assert_eq!(got.instance_requirements.unwrap().architectures, Some(vec![Architecture::X8664]));
        assert_eq!(got.capacity_provider_scaling_config.unwrap().scaling_mode, Some(CapacityProviderScalingMode::Auto));
        let logging = got.telemetry_config.unwrap().logging_config.unwrap();
        assert_eq!(logging.log_group.as_deref(), Some("/aws/lambda/capacity-provider/cp"));
        // By ARN too; the tags given at creation are the provider's.
        assert_eq!(
            get_capacity_provider(&s, &format!("{CP_ARN}:cp")).unwrap().capacity_provider_arn,
            format!("{CP_ARN}:cp")
        );
        let tags = crate::tags::list_tags(&s, &format!("{CP_ARN}:cp")).unwrap();
        assert_eq!(tags.get("team").map(String::as_str), Some("a"));
        assert_eq!(
            code(create_capacity_provider(&mut s, provider_input("cp")).unwrap_err()),
            "ResourceConflictException"
        );

        let deleted = delete_capacity_provider(&mut s, "cp").unwrap();
        assert_eq!(deleted.state, CapacityProviderState::Deleting);
        assert_eq!(code(get_capacity_provider(&s, "cp").unwrap_err()), "ResourceNotFoundException");
        assert_eq!(code(delete_capacity_provider(&mut s, "cp").unwrap_err()), "ResourceNotFoundException");
        assert_eq!(code(crate::tags::list_tags(&s, &format!("{CP_ARN}:cp")).unwrap_err()), "ResourceNotFoundException");
        let foreign = "arn:aws:lambda:us-east-1:999999999999:capacity-provider:cp";
        assert_eq!(code(get_capacity_provider(&s, foreign).unwrap_err()), "ResourceNotFoundException");
    }

    #[test]
    fn settings_are_checked() {
        let mut s = store();
        let mut i = provider_input("a");
        i.instance_requirements = Some(
            InstanceRequirements::builder()
                .allowed_instance_types(vec!["m7g.large".into()])
                .excluded_instance_types(vec!["c7g.large".into()])
                .build(),
        );
        assert_eq!(code(create_capacity_provider(&mut s, i).unwrap_err()), "InvalidParameterValueException");
        let mut i = provider_input("b");
        i.capacity_provider_scaling_config =
            Some(CapacityProviderScalingConfig::builder().scaling_mode(CapacityProviderScalingMode::Manual).build());
        assert_eq!(code(create_capacity_provider(&mut s, i).unwrap_err()), "InvalidParameterValueException");
        let mut i = provider_input("c");
        i.propagate_tags = Some(PropagateTags::builder().mode(PropagateTagsMode::Explicit).build());
        assert_eq!(code(create_capacity_provider(&mut s, i).unwrap_err()), "InvalidParameterValueException");
        assert!(s.capacity_providers.is_empty(), "nothing was created");
    }

    #[test]
    fn updates_change_what_they_set() {
        let mut s = store();
        create_capacity_provider(&mut s, provider_input("cp")).unwrap();
        let policy = TargetTrackingScalingPolicy::builder()
            .predefined_metric_type("LambdaCapacityProviderAverageCPUUtilization")
            .target_value(60.0)
            .build()
            .unwrap();
        let u = update_capacity_provider(
            &mut s,
            UpdateCapacityProviderInput::builder()
                .capacity_provider_name("cp")
                .capacity_provider_scaling_config(
                    CapacityProviderScalingConfig::builder()
                        .scaling_mode(CapacityProviderScalingMode::Manual)
                        .max_v_cpu_count(64)
                        .scaling_policies(vec![policy])
                        .build(),
                )
                .telemetry_config(
                    CapacityProviderTelemetryConfig::builder()
                        .logging_config(CapacityProviderLoggingConfig::builder().system_log_level("DEBUG").build())
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(u.state, CapacityProviderState::Active);
        let got = get_capacity_provider(&s, "cp").unwrap();
        assert_eq!(got.capacity_provider_scaling_config.unwrap().max_v_cpu_count, Some(64));
        let logging = got.telemetry_config.unwrap().logging_config.unwrap();
        assert_eq!(logging.system_log_level.map(|l| l.to_string()).as_deref(), Some("DEBUG"));
        // The log group was kept.
        assert_eq!(logging.log_group.as_deref(), Some("/aws/lambda/capacity-provider/cp"));
        assert_eq!(got.vpc_config.subnet_ids, ["subnet-0123"]);
        let missing = UpdateCapacityProviderInput::builder().capacity_provider_name("nope").build().unwrap();
        assert_eq!(code(update_capacity_provider(&mut s, missing).unwrap_err()), "ResourceNotFoundException");
    }

    #[test]
    fn lists_page_and_filter_by_state() {
        let mut s = store();
        for n in ["c", "a", "b"] {
            create_capacity_provider(&mut s, provider_input(n)).unwrap();
        }
        let mut seen = Vec::new();
        let mut marker = None;
        loop {
            let page = list_capacity_providers(
                &s,
                ListCapacityProvidersInput::builder().max_items(2).set_marker(marker).build().unwrap(),
            )
            .unwrap();
            assert!(page.capacity_providers.len() <= 2);
            seen.extend(page.capacity_providers.into_iter().map(|p| p.capacity_provider_arn));
            marker = page.next_marker;
            if marker.is_none() {
                break;
            }
        }
        assert_eq!(seen, ["a", "b", "c"].map(|n| format!("{CP_ARN}:{n}")));
        let pending = list_capacity_providers(
            &s,
            ListCapacityProvidersInput::builder().state(CapacityProviderState::Pending).build().unwrap(),
        )
        .unwrap();
        assert!(pending.capacity_providers.is_empty());
    }

    #[test]
    fn an_account_holds_at_most_a_thousand() {
        let mut s = store();
        for n in 0..CAPACITY_PROVIDER_LIMIT {
            create_capacity_provider(&mut s, provider_input(&format!("cp{n}"))).unwrap();
        }
        let e = create_capacity_provider(&mut s, provider_input("one-more")).unwrap_err();
        assert_eq!(code(e), "CapacityProviderLimitExceededException");
        assert_eq!(e_status(create_capacity_provider(&mut s, provider_input("x")).unwrap_err()), 400);
    }

    fn e_status(e: crate::Fail) -> u16 {
        e.status()
    }

    #[test]
    fn function_versions_are_listed_against_their_provider_and_hold_it() {
        let mut s = managed();
        crate::functions::publish(&mut s, "f", None).unwrap();
        let list = |s: &Store| {
            list_function_versions_by_capacity_provider(
                s,
                ListFunctionVersionsByCapacityProviderInput::builder().capacity_provider_name("cp").build().unwrap(),
            )
            .unwrap()
        };
        let out = list(&s);
        assert_eq!(out.capacity_provider_arn, format!("{CP_ARN}:cp"));
        let versions: Vec<_> =
            out.function_versions.iter().map(|v| (v.function_arn.clone(), v.state.clone())).collect();
        assert_eq!(
            versions,
            [(format!("{ARN}:f:$LATEST"), State::ActiveNonInvocable), (format!("{ARN}:f:1"), State::Active)]
        );
        let e = delete_capacity_provider(&mut s, "cp").unwrap_err();
        assert_eq!(code(e.clone()), "ResourceConflictException");
        assert!(e.message().contains(&format!("{ARN}:f:1")), "{}", e.message());
        crate::functions::delete_function(
            &mut s,
            lambda_api::operations::delete_function::DeleteFunctionInput::builder().function_name("f").build().unwrap(),
        )
        .unwrap();
        assert!(list(&s).function_versions.is_empty());
        delete_capacity_provider(&mut s, "cp").unwrap();
        let gone = ListFunctionVersionsByCapacityProviderInput::builder().capacity_provider_name("cp").build().unwrap();
        assert_eq!(
            code(list_function_versions_by_capacity_provider(&s, gone).unwrap_err()),
            "ResourceNotFoundException"
        );
    }

    #[test]
    fn a_provider_serves_at_most_a_hundred_versions() {
        let mut s = managed();
        // $LATEST is one; 99 published versions fill the provider.
        for n in 0..VERSIONS_PER_CAPACITY_PROVIDER - 1 {
            publish_code(&mut s, "f", &format!("v{n}")).unwrap();
        }
        let e = publish_code(&mut s, "f", "one more").unwrap_err();
        assert_eq!(code(e), "FunctionVersionsPerCapacityProviderLimitExceededException");
        let mut i = create_input("g");
        i.capacity_provider_config = Some(on_provider("cp"));
        let e = crate::functions::create_function(&mut s, i).unwrap_err();
        assert_eq!(code(e), "FunctionVersionsPerCapacityProviderLimitExceededException");
    }
}

mod managed_functions {
    use super::*;
    use crate::functions::*;
    use crate::invoke::{invoke, Mode};
    use lambda_api::enums::FunctionVersionLatestPublished;
    use lambda_api::operations::list_versions_by_function::ListVersionsByFunctionInput;
    use lambda_api::operations::publish_version::PublishVersionInput;
    use lambda_api::operations::update_function_code::UpdateFunctionCodeInput;
    use lambda_api::types::TenancyConfig;

    fn publish_latest(s: &mut Store) -> lambda_api::types::FunctionConfiguration {
        publish_version(
            s,
            PublishVersionInput::builder()
                .function_name("f")
                .publish_to(FunctionVersionLatestPublished::LatestPublished)
                .build()
                .unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn a_missing_provider_is_not_found_and_latest_is_not_invocable() {
        let mut s = store();
        let mut i = create_input("f");
        i.capacity_provider_config = Some(on_provider("absent"));
        assert_eq!(code(create_function(&mut s, i).unwrap_err()), "ResourceNotFoundException");
        let mut s = managed();
        let latest = get_function_configuration(&s, "f", None).unwrap();
        assert_eq!(latest.state, Some(State::ActiveNonInvocable));
        assert_eq!(latest.capacity_provider_config, Some(on_provider("cp")));
        // Unqualified: nothing published to run.
        let e = invoke(&s, "f", None, Mode::RequestResponse, false, None, "r").unwrap_err();
        assert_eq!((e.code(), e.status()), ("NoPublishedVersionException", 400));
        let e = invoke(&s, "f", Some("$LATEST"), Mode::RequestResponse, false, None, "r").unwrap_err();
        assert_eq!(code(e), "ResourceConflictException");
        crate::functions::publish(&mut s, "f", None).unwrap();
        let r = invoke(
            &s,
            "f",
            Some("1"),
            Mode::RequestResponse,
            false,
            Some(&lambda_rt::http::Bytes::from_static(b"{}")),
            "r",
        )
        .unwrap();
        assert_eq!(r.executed_version, "1");
    }

    #[test]
    fn latest_published_is_republished_in_place_and_runs_unqualified() {
        let mut s = managed();
        let p = publish_latest(&mut s);
        assert_eq!(p.version.as_deref(), Some("$LATEST.PUBLISHED"));
        assert_eq!(p.function_arn, Some(format!("{ARN}:f:$LATEST.PUBLISHED")));
        assert_eq!(p.state, Some(State::Active));
        // Unchanged: the same version comes back.
        assert_eq!(publish_latest(&mut s).revision_id, p.revision_id);
        let r = invoke(
            &s,
            "f",
            None,
            Mode::RequestResponse,
            false,
            Some(&lambda_rt::http::Bytes::from_static(b"{\"a\":1}")),
            "r",
        )
        .unwrap();
        assert_eq!((r.executed_version.as_str(), &r.payload[..]), ("$LATEST.PUBLISHED", &b"{\"a\":1}"[..]));
        // New code republished through UpdateFunctionCode.
        let c = update_function_code(
            &mut s,
            UpdateFunctionCodeInput::builder()
                .function_name("f")
                .zip_file(zip("v2"))
                .publish_to(FunctionVersionLatestPublished::LatestPublished)
                .build()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(c.version.as_deref(), Some("$LATEST.PUBLISHED"));
        assert_ne!(c.code_sha256, p.code_sha256);
        assert_ne!(c.revision_id, p.revision_id);
        let got = get_function_configuration(&s, "f", Some("$LATEST.PUBLISHED")).unwrap();
        assert_eq!(got.code_sha256, c.code_sha256);
        crate::functions::publish(&mut s, "f", None).unwrap();
        let versions: Vec<_> =
            list_versions_by_function(&s, ListVersionsByFunctionInput::builder().function_name("f").build().unwrap())
                .unwrap()
                .versions
                .unwrap()
                .into_iter()
                .map(|v| v.version.unwrap())
                .collect();
        assert_eq!(versions, ["$LATEST", "$LATEST.PUBLISHED", "1"]);
        // An alias may point at it, and a deleted one is gone.
        crate::aliases::create_alias(
            &mut s,
            lambda_api::operations::create_alias::CreateAliasInput::builder()
                .function_name("f")
                .name("live")
                .function_version("$LATEST.PUBLISHED")
                .build()
                .unwrap(),
        )
        .unwrap();
        let r = invoke(&s, "f:live", None, Mode::RequestResponse, false, None, "r").unwrap();
        assert_eq!(r.executed_version, "$LATEST.PUBLISHED");
        crate::aliases::delete_alias(&mut s, "f", "live").unwrap();
        delete_function(
            &mut s,
            lambda_api::operations::delete_function::DeleteFunctionInput::builder()
                .function_name("f")
                .qualifier("$LATEST.PUBLISHED")
                .build()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            code(get_function_configuration(&s, "f", Some("$LATEST.PUBLISHED")).unwrap_err()),
            "ResourceNotFoundException"
        );
    }

    #[test]
    fn publish_to_needs_a_provider_and_excludes_publish_false() {
        let mut s = store();
        let mut i = create_input("plain");
        i.publish_to = Some(FunctionVersionLatestPublished::LatestPublished);
        assert_eq!(code(create_function(&mut s, i).unwrap_err()), "InvalidParameterValueException");
        assert!(s.functions.is_empty(), "nothing was created");
        let mut s = managed();
        let e = update_function_code(
            &mut s,
            UpdateFunctionCodeInput::builder()
                .function_name("f")
                .zip_file(zip("x"))
                .publish(false)
                .publish_to(FunctionVersionLatestPublished::LatestPublished)
                .build()
                .unwrap(),
        )
        .unwrap_err();
        assert_eq!(code(e), "InvalidParameterValueException");
        // CreateFunction with PublishTo publishes at once.
        let mut i = create_input("g");
        i.capacity_provider_config = Some(on_provider("cp"));
        i.publish_to = Some(FunctionVersionLatestPublished::LatestPublished);
        assert_eq!(create_function(&mut s, i).unwrap().version.as_deref(), Some("$LATEST.PUBLISHED"));
    }

    #[test]
    fn tenant_isolation_does_not_run_on_a_provider() {
        let mut s = managed();
        let mut i = create_input("g");
        i.capacity_provider_config = Some(on_provider("cp"));
        i.tenancy_config = Some(TenancyConfig::builder().tenant_isolation_mode("PER_TENANT").build().unwrap());
        assert_eq!(code(create_function(&mut s, i).unwrap_err()), "InvalidParameterValueException");
    }
}

mod scaling {
    use super::*;
    use crate::scaling::*;
    use lambda_api::types::FunctionScalingConfig;

    fn scaling(min: Option<i32>, max: Option<i32>) -> Option<FunctionScalingConfig> {
        Some(
            FunctionScalingConfig::builder()
                .set_min_execution_environments(min)
                .set_max_execution_environments(max)
                .build(),
        )
    }

    #[test]
    fn only_published_versions_on_a_provider_scale() {
        let mut s = managed();
        create(&mut s, "plain");
        crate::functions::publish(&mut s, "plain", None).unwrap();
        let e = get_function_scaling_config(&s, "plain", "1").unwrap_err();
        assert_eq!(code(e), "InvalidParameterValueException");
        assert_eq!(code(get_function_scaling_config(&s, "f", "1").unwrap_err()), "ResourceNotFoundException");
        assert_eq!(
            code(get_function_scaling_config(&s, "f", "$LATEST").unwrap_err()),
            "InvalidParameterValueException"
        );
        assert_eq!(
            code(get_function_scaling_config(&s, "f", "$LATEST.PUBLISHED").unwrap_err()),
            "ResourceNotFoundException"
        );
        assert_eq!(code(get_function_scaling_config(&s, "absent", "1").unwrap_err()), "ResourceNotFoundException");
    }

    #[test]
    fn put_is_got_and_a_maximum_of_zero_deactivates() {
        let mut s = managed();
        crate::functions::publish(&mut s, "f", None).unwrap();
        let got = get_function_scaling_config(&s, "f", "1").unwrap();
        assert_eq!(got.function_arn, Some(format!("{ARN}:f:1")));
        let applied = got.applied_function_scaling_config.unwrap();
        assert_eq!((applied.min_execution_environments, applied.max_execution_environments), (Some(3), Some(3)));
        assert_eq!(got.requested_function_scaling_config, None);

        assert_eq!(
            code(put_function_scaling_config(&mut s, "f", "1", scaling(Some(5), Some(4))).unwrap_err()),
            "InvalidParameterValueException"
        );
        assert_eq!(put_function_scaling_config(&mut s, "f", "1", scaling(Some(2), Some(10))).unwrap(), State::Active);
        let got = get_function_scaling_config(&s, "f", "1").unwrap();
        assert_eq!(got.requested_function_scaling_config, scaling(Some(2), Some(10)));
        assert_eq!(got.applied_function_scaling_config, scaling(Some(2), Some(10)));
        // A member left out keeps its value.
        put_function_scaling_config(&mut s, "f", "1", scaling(None, Some(20))).unwrap();
        assert_eq!(
            get_function_scaling_config(&s, "f", "1").unwrap().applied_function_scaling_config,
            scaling(Some(2), Some(20))
        );

        let deactivating = put_function_scaling_config(&mut s, "f", "1", scaling(Some(0), Some(0))).unwrap();
        assert_eq!(deactivating, State::Deactivating);
        let c = crate::functions::get_function_configuration(&s, "f", Some("1")).unwrap();
        assert_eq!(c.state, Some(State::Deactivated));
        let e = crate::invoke::invoke(&s, "f", Some("1"), crate::invoke::Mode::RequestResponse, false, None, "r")
            .unwrap_err();
        assert_eq!(code(e), "ResourceConflictException");
        assert_eq!(put_function_scaling_config(&mut s, "f", "1", scaling(Some(1), Some(1))).unwrap(), State::Pending);
        assert_eq!(
            crate::functions::get_function_configuration(&s, "f", Some("1")).unwrap().state,
            Some(State::Active)
        );
    }
}

mod recursion {
    use super::*;
    use crate::recursion::*;
    use lambda_api::enums::RecursiveLoop;

    #[test]
    fn terminate_until_set() {
        let mut s = store_with("f");
        assert_eq!(get_function_recursion_config(&s, "f").unwrap(), RecursiveLoop::Terminate);
        assert_eq!(put_function_recursion_config(&mut s, "f", RecursiveLoop::Allow).unwrap(), RecursiveLoop::Allow);
        assert_eq!(get_function_recursion_config(&s, &format!("{ARN}:f")).unwrap(), RecursiveLoop::Allow);
        assert_eq!(code(get_function_recursion_config(&s, "g").unwrap_err()), "ResourceNotFoundException");
        let e = put_function_recursion_config(&mut s, "g", RecursiveLoop::Allow).unwrap_err();
        assert_eq!(code(e), "ResourceNotFoundException");
        let e = put_function_recursion_config(&mut s, "f", RecursiveLoop::from("Sometimes")).unwrap_err();
        assert_eq!(code(e), "InvalidParameterValueException");
        assert_eq!(code(get_function_recursion_config(&s, "f:1").unwrap_err()), "InvalidParameterValueException");
    }
}

mod resource_policies {
    use super::*;
    use crate::policies::*;
    use lambda_api::operations::add_permission::AddPermissionInput;
    use lambda_api::operations::get_policy::GetPolicyInput;
    use lambda_api::operations::put_resource_policy::PutResourcePolicyInput;
    use serde_json::{json, Value};

    fn document(sid: &str) -> String {
        json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": sid,
                "Effect": "Allow",
                "Principal": { "AWS": "arn:aws:iam::210987654321:root" },
                "Action": "lambda:InvokeFunction",
                "Resource": format!("{ARN}:f"),
            }],
        })
        .to_string()
    }

    fn put(s: &mut Store, arn: &str, policy: String, revision: Option<String>) -> crate::error::Res<(Value, String)> {
        let out = put_resource_policy(
            s,
            PutResourcePolicyInput::builder()
                .resource_arn(arn)
                .policy(policy)
                .set_revision_id(revision)
                .build()
                .unwrap(),
        )?;
        Ok((serde_json::from_str(&out.policy.unwrap()).unwrap(), out.revision_id.unwrap()))
    }

    #[test]
    fn a_function_policy_is_put_got_extended_and_deleted() {
        let mut s = store();
        let c = create(&mut s, "f");
        let arn = format!("{ARN}:f");
        assert_eq!(code(get_resource_policy(&s, &arn).unwrap_err()), "ResourceNotFoundException");
        let stale = put(&mut s, &arn, document("a"), Some("00000000-0000-0000-0000-000000000000".into()));
        assert_eq!(code(stale.unwrap_err()), "PreconditionFailedException");
        let (doc, revision) = put(&mut s, &arn, document("a"), c.revision_id.clone()).unwrap();
        assert_eq!(doc["Statement"][0]["Sid"], "a");
        assert_ne!(Some(&revision), c.revision_id.as_ref());
        let got = get_resource_policy(&s, &arn).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&got.policy.unwrap()).unwrap(), doc);
        assert_eq!(got.revision_id.as_deref(), Some(revision.as_str()));
        // GetPolicy and AddPermission work on the same policy.
        let p = get_policy(&s, GetPolicyInput::builder().function_name("f").build().unwrap()).unwrap();
        assert_eq!(p.revision_id.as_deref(), Some(revision.as_str()));
        add_permission(
            &mut s,
            AddPermissionInput::builder()
                .function_name("f")
                .statement_id("b")
                .action("lambda:InvokeFunction")
                .principal("s3.amazonaws.com")
                .build()
                .unwrap(),
        )
        .unwrap();
        let got = get_resource_policy(&s, &arn).unwrap();
        let sids: Vec<_> = statements_of(&serde_json::from_str(&got.policy.unwrap()).unwrap())
            .iter()
            .map(|st| st["Sid"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(sids, ["a", "b"]);
        // A put replaces it whole.
        let (doc, revision) = put(&mut s, &arn, document("c"), None).unwrap();
        assert_eq!(statements_of(&doc).len(), 1);
        assert_eq!(code(delete_resource_policy(&mut s, &arn, Some("x")).unwrap_err()), "PreconditionFailedException");
        delete_resource_policy(&mut s, &arn, Some(&revision)).unwrap();
        assert_eq!(code(get_resource_policy(&s, &arn).unwrap_err()), "ResourceNotFoundException");
        assert_eq!(code(delete_resource_policy(&mut s, &arn, None).unwrap_err()), "ResourceNotFoundException");
    }

    #[test]
    fn versions_aliases_and_missing_resources() {
        let mut s = store_with("f");
        crate::functions::publish(&mut s, "f", None).unwrap();
        put(&mut s, &format!("{ARN}:f:1"), document("v1"), None).unwrap();
        assert_eq!(code(get_resource_policy(&s, &format!("{ARN}:f")).unwrap_err()), "ResourceNotFoundException");
        assert!(get_resource_policy(&s, &format!("{ARN}:f:1")).is_ok());
        for missing in
            [format!("{ARN}:f:2"), format!("{ARN}:g"), "arn:aws:lambda:us-east-1:999999999999:function:f".into()]
        {
            assert_eq!(
                code(put(&mut s, &missing, document("x"), None).unwrap_err()),
                "ResourceNotFoundException",
                "{missing}"
            );
        }
        assert_eq!(
            code(put(&mut s, &format!("{ARN}:f:$LATEST"), document("x"), None).unwrap_err()),
            "InvalidParameterValueException"
        );
    }

    #[test]
    fn policies_are_checked_and_limited_in_bytes() {
        let mut s = store_with("f");
        let arn = format!("{ARN}:f");
        for bad in [
            "not json".to_string(),
            "[]".into(),
            json!({"Statement": []}).to_string(),
            json!({"Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "lambda:*"}]}).to_string(),
            json!({"Statement": [{"Effect": "Allow", "Principal": "*"}]}).to_string(),
            json!({"Statement": [{"Sid": "x", "Effect": "Allow", "Principal": "*", "Action": "a"},
                                  {"Sid": "x", "Effect": "Allow", "Principal": "*", "Action": "a"}]})
            .to_string(),
        ] {
            assert_eq!(
                code(put(&mut s, &arn, bad.clone(), None).unwrap_err()),
                "InvalidParameterValueException",
                "{bad}"
            );
        }
        // Within the model's 20,480 characters, over 20,480 bytes: each "é" is two bytes.
        let big = json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction",
                                         "Condition": {"StringEquals": {"aws:PrincipalTag/x": "é".repeat(10_400)}}}]})
        .to_string();
        assert!(big.chars().count() <= POLICY_LIMIT && big.len() > POLICY_LIMIT);
        let e = put(&mut s, &arn, big, None).unwrap_err();
        assert_eq!((e.code(), e.status()), ("PolicyLengthExceededException", 400));
        assert_eq!(code(get_resource_policy(&s, &arn).unwrap_err()), "ResourceNotFoundException");
    }

    #[test]
    fn runtimes_have_policies_with_their_own_revision() {
        let mut s = store();
        let arn = "arn:aws:lambda:us-east-1:123456789012:runtime/my-runtime";
        assert_eq!(code(get_resource_policy(&s, arn).unwrap_err()), "ResourceNotFoundException");
        let (_, r1) = put(&mut s, arn, document("rt"), None).unwrap();
        let (_, r2) = put(&mut s, arn, document("rt2"), Some(r1.clone())).unwrap();
        assert_eq!(code(put(&mut s, arn, document("rt3"), Some(r1)).unwrap_err()), "PreconditionFailedException");
        assert_eq!(get_resource_policy(&s, arn).unwrap().revision_id, Some(r2.clone()));
        delete_resource_policy(&mut s, arn, Some(&r2)).unwrap();
        assert_eq!(code(get_resource_policy(&s, arn).unwrap_err()), "ResourceNotFoundException");
        let foreign = "arn:aws:lambda:us-east-1:999999999999:runtime/my-runtime";
        assert_eq!(code(put(&mut s, foreign, document("x"), None).unwrap_err()), "ResourceNotFoundException");
    }

    #[test]
    fn add_permission_can_be_limited_to_function_urls() {
        let mut s = store_with("f");
        let input = |action: &str| {
            AddPermissionInput::builder()
                .function_name("f")
                .statement_id(format!("url-{}", action.len()))
                .action(action)
                .principal("*")
                .function_url_auth_type("NONE")
                .invoked_via_function_url(true)
                .build()
                .unwrap()
        };
        let out = add_permission(&mut s, input("lambda:InvokeFunction")).unwrap();
        let st: Value = serde_json::from_str(&out.statement.unwrap()).unwrap();
        assert_eq!(st["Condition"]["Bool"]["lambda:InvokedViaFunctionUrl"], "true");
        assert_eq!(st["Condition"]["StringEquals"]["lambda:FunctionUrlAuthType"], "NONE");
        let e = add_permission(&mut s, input("lambda:GetFunction")).unwrap_err();
        assert_eq!(code(e), "InvalidParameterValueException");
    }
}

mod function_members {
    use super::*;
    use crate::functions::*;
    use crate::invoke::check_tenant;
    use lambda_api::enums::{DirectS3Read, S3ObjectStorageMode};
    use lambda_api::operations::get_function::GetFunctionInput;
    use lambda_api::operations::update_function_configuration::UpdateFunctionConfigurationInput;
    use lambda_api::types::{
        AcceleratorConfig, FileSystemConfig, FunctionCode, FunctionRuntimeConfig, S3FilesConfig, TenancyConfig,
    };

    #[test]
    fn config_sha256_follows_the_settings() {
        let mut s = store();
        let a = create(&mut s, "a");
        let b = create(&mut s, "b");
        let hash = a.config_sha256.clone().unwrap();
        assert_eq!(hash.len(), 64);
        // Another function with the same settings and code has another code hash, so another
        // configuration hash; the same function's versions share theirs.
        assert_ne!(a.config_sha256, b.config_sha256);
        let v1 = crate::functions::publish(&mut s, "a", None).unwrap();
        assert_eq!(v1.config_sha256.as_deref(), Some(hash.as_str()));
        let u = update_function_configuration(
            &mut s,
            UpdateFunctionConfigurationInput::builder().function_name("a").memory_size(256).build().unwrap(),
        )
        .unwrap();
        assert_ne!(u.config_sha256.as_deref(), Some(hash.as_str()));
        let back = update_function_configuration(
            &mut s,
            UpdateFunctionConfigurationInput::builder().function_name("a").memory_size(128).build().unwrap(),
        )
        .unwrap();
        assert_eq!(back.config_sha256.as_deref(), Some(hash.as_str()), "the same settings hash the same");
        assert_ne!(back.revision_id, a.revision_id);
    }

    #[test]
    fn runtime_and_accelerator_settings_are_kept() {
        let mut s = store();
        let runtime = FunctionRuntimeConfig::builder()
            .runtime_arn("arn:aws:lambda:us-east-1:123456789012:runtime/my-runtime")
            .runtime_alias("live")
            .build()
            .unwrap();
        let mut i = create_input("f");
        i.runtime = None;
        i.runtime_config = Some(runtime.clone());
        let c = create_function(&mut s, i).unwrap();
        assert_eq!(c.runtime_config, Some(runtime));
        let accel = AcceleratorConfig::builder().accelerator_memory_size(24).build().unwrap();
        let u = update_function_configuration(
            &mut s,
            UpdateFunctionConfigurationInput::builder()
                .function_name("f")
                .accelerator_config(accel.clone())
                .build()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(u.accelerator_config, Some(accel.clone()));
        assert_eq!(get_function_configuration(&s, "f", None).unwrap().accelerator_config, Some(accel));
    }

    #[test]
    fn referenced_packages_and_their_key_show_in_get_function() {
        let mut s = store();
        let mut i = create_input("f");
        i.code = FunctionCode::builder()
            .s3_bucket("bucket")
            .s3_key("code.zip")
            .s3_object_version("7")
            .s3_object_storage_mode(S3ObjectStorageMode::Reference)
            .source_kms_key_arn("arn:aws:kms:us-east-1:123456789012:key/abc")
            .build();
        create_function(&mut s, i).unwrap();
        let got = get_function(&s, GetFunctionInput::builder().function_name("f").build().unwrap()).unwrap();
        let location = got.code.unwrap();
        let object = location.resolved_s3_object.unwrap();
        assert_eq!(
            (object.s3_bucket.as_deref(), object.s3_key.as_deref(), object.s3_object_version.as_deref()),
            (Some("bucket"), Some("code.zip"), Some("7"))
        );
        assert_eq!(location.source_kms_key_arn.as_deref(), Some("arn:aws:kms:us-east-1:123456789012:key/abc"));
        let mut i = create_input("g");
        i.code.s3_object_storage_mode = Some(S3ObjectStorageMode::Reference);
        assert_eq!(code(create_function(&mut s, i).unwrap_err()), "InvalidParameterValueException");
    }

    #[test]
    fn s3_files_settings_belong_to_s3_files_access_points() {
        let mut s = store();
        let s3files = "arn:aws:s3files:us-east-1:123456789012:file-system/fs-0123456789abcdef0/access-point/fsap-0123456789abcdef0";
        let efs = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0";
        let fs = |arn: &str, c: Option<S3FilesConfig>| {
            FileSystemConfig::builder().arn(arn).local_mount_path("/mnt/data").set_s3_files_config(c).build().unwrap()
        };
        let mut i = create_input("f");
        i.file_system_configs = Some(vec![fs(s3files, None)]);
        let c = create_function(&mut s, i).unwrap();
        let got = c.file_system_configs.unwrap()[0].s3_files_config.clone().unwrap();
        assert_eq!(got.direct_s3_read, Some(DirectS3Read::Auto));
        let mut i = create_input("g");
        i.file_system_configs =
            Some(vec![fs(efs, Some(S3FilesConfig::builder().direct_s3_read(DirectS3Read::Enabled).build()))]);
        assert_eq!(code(create_function(&mut s, i).unwrap_err()), "InvalidParameterValueException");
    }

    #[test]
    fn tenant_ids_are_required_exactly_by_tenant_isolated_functions() {
        let mut s = store();
        let mut i = create_input("iso");
        i.tenancy_config = Some(TenancyConfig::builder().tenant_isolation_mode("PER_TENANT").build().unwrap());
        let c = create_function(&mut s, i).unwrap();
        assert_eq!(c.tenancy_config.map(|t| t.tenant_isolation_mode.to_string()).as_deref(), Some("PER_TENANT"));
        create(&mut s, "shared");
        assert!(check_tenant(&s, "iso", Some("blue")).is_ok());
        assert!(check_tenant(&s, &format!("{ARN}:iso:$LATEST"), Some("blue")).is_ok());
        assert_eq!(code(check_tenant(&s, "iso", None).unwrap_err()), "InvalidParameterValueException");
        assert_eq!(code(check_tenant(&s, "shared", Some("blue")).unwrap_err()), "InvalidParameterValueException");
        assert!(check_tenant(&s, "shared", None).is_ok());
        assert_eq!(code(check_tenant(&s, "absent", None).unwrap_err()), "ResourceNotFoundException");
    }
}

mod event_source_mappings {
    use super::*;
    use crate::esm::*;
    use lambda_api::enums::{EventSourceMappingMetric, EventSourcePosition};
    use lambda_api::operations::create_event_source_mapping::CreateEventSourceMappingInput;
    use lambda_api::operations::update_event_source_mapping::UpdateEventSourceMappingInput;
    use lambda_api::types::{
        EventSourceMappingLoggingConfig, EventSourceMappingMetricsConfig, ProvisionedPollerConfig,
    };
    use std::collections::HashMap;

    fn sqs(s: &mut Store) -> CreateEventSourceMappingInput {
        create(s, "f");
        CreateEventSourceMappingInput::builder()
            .function_name("f")
            .event_source_arn("arn:aws:sqs:us-east-1:123456789012:q")
            .build()
            .unwrap()
    }

    #[test]
    fn arns_tags_keys_and_metrics_are_kept() {
        let mut s = store();
        let mut i = sqs(&mut s);
        i.tags = Some(HashMap::from([("team".into(), "a".into())]));
        i.kms_key_arn = Some("arn:aws:kms:us-east-1:123456789012:key/abc".into());
        i.metrics_config = Some(
            EventSourceMappingMetricsConfig::builder().metrics(vec![EventSourceMappingMetric::EventCount]).build(),
        );
        let c = create_event_source_mapping(&mut s, i).unwrap();
        let uuid = c.uuid.clone().unwrap();
        let arn = format!("arn:aws:lambda:us-east-1:123456789012:event-source-mapping:{uuid}");
        assert_eq!(c.event_source_mapping_arn.as_deref(), Some(arn.as_str()));
        let got = get_event_source_mapping(&s, &uuid).unwrap();
        assert_eq!(got.event_source_mapping_arn.as_deref(), Some(arn.as_str()));
        assert_eq!(got.kms_key_arn.as_deref(), Some("arn:aws:kms:us-east-1:123456789012:key/abc"));
        assert_eq!(got.metrics_config.unwrap().metrics, Some(vec![EventSourceMappingMetric::EventCount]));
        assert_eq!(crate::tags::list_tags(&s, &arn).unwrap().get("team").map(String::as_str), Some("a"));
    }

    #[test]
    fn provisioned_pollers_have_defaults_and_ranges() {
        let mut s = store();
        let mut i = sqs(&mut s);
        i.provisioned_poller_config = Some(ProvisionedPollerConfig::builder().maximum_pollers(50).build());
        let c = create_event_source_mapping(&mut s, i).unwrap();
        let p = c.provisioned_poller_config.unwrap();
        assert_eq!((p.minimum_pollers, p.maximum_pollers), (Some(2), Some(50)));
        let uuid = c.uuid.unwrap();
        let update = |cfg: ProvisionedPollerConfig| {
            UpdateEventSourceMappingInput::builder().uuid(uuid.clone()).provisioned_poller_config(cfg).build().unwrap()
        };
        let e =
            update_event_source_mapping(&mut s, update(ProvisionedPollerConfig::builder().minimum_pollers(1).build()));
        assert_eq!(code(e.unwrap_err()), "InvalidParameterValueException", "SQS needs at least 2");
        let e = update_event_source_mapping(
            &mut s,
            update(ProvisionedPollerConfig::builder().poller_group_name("g").build()),
        );
        assert_eq!(code(e.unwrap_err()), "InvalidParameterValueException", "poller groups are for Kafka");
        let u =
            update_event_source_mapping(&mut s, update(ProvisionedPollerConfig::builder().minimum_pollers(4).build()))
                .unwrap();
        let p = u.provisioned_poller_config.unwrap();
        assert_eq!((p.minimum_pollers, p.maximum_pollers), (Some(4), Some(200)));
        assert_eq!(
            get_event_source_mapping(&s, &uuid).unwrap().provisioned_poller_config.unwrap().minimum_pollers,
            Some(4)
        );
    }

    #[test]
    fn logging_and_kafka_metrics_are_for_kafka() {
        let mut s = store();
        let mut i = sqs(&mut s);
        i.logging_config = Some(EventSourceMappingLoggingConfig::builder().system_log_level("WARN").build());
        assert_eq!(code(create_event_source_mapping(&mut s, i).unwrap_err()), "InvalidParameterValueException");
        let mut i = CreateEventSourceMappingInput::builder()
            .function_name("f")
            .event_source_arn("arn:aws:sqs:us-east-1:123456789012:q2")
            .build()
            .unwrap();
        i.metrics_config = Some(
            EventSourceMappingMetricsConfig::builder().metrics(vec![EventSourceMappingMetric::KafkaMetrics]).build(),
        );
        assert_eq!(code(create_event_source_mapping(&mut s, i).unwrap_err()), "InvalidParameterValueException");
        let kafka = CreateEventSourceMappingInput::builder()
            .function_name("f")
            .event_source_arn("arn:aws:kafka:us-east-1:123456789012:cluster/c/abc")
            .topics(vec!["orders".into()])
            .starting_position(EventSourcePosition::Latest)
            .logging_config(EventSourceMappingLoggingConfig::builder().system_log_level("WARN").build())
            .metrics_config(
                EventSourceMappingMetricsConfig::builder()
                    .metrics(vec![EventSourceMappingMetric::KafkaMetrics])
                    .build(),
            )
            .provisioned_poller_config(ProvisionedPollerConfig::builder().poller_group_name("g").build())
            .build()
            .unwrap();
        let c = create_event_source_mapping(&mut s, kafka).unwrap();
        assert!(c.logging_config.is_some());
        let p = c.provisioned_poller_config.unwrap();
        assert_eq!(
            (p.minimum_pollers, p.maximum_pollers, p.poller_group_name.as_deref()),
            (Some(1), Some(200), Some("g"))
        );
    }
}

mod code_signing {
    use super::*;
    use lambda_api::operations::create_code_signing_config::CreateCodeSigningConfigInput;
    use lambda_api::types::AllowedPublishers;
    use std::collections::HashMap;

    #[test]
    fn tags_given_at_creation_are_listed_and_go_with_the_config() {
        let mut s = store();
        let c = crate::code_signing::create_code_signing_config(
            &mut s,
            CreateCodeSigningConfigInput::builder()
                .allowed_publishers(
                    AllowedPublishers::builder()
                        .signing_profile_version_arns(vec![
                            "arn:aws:signer:us-east-1:123456789012:/signing-profiles/p/1".into(),
                        ])
                        .build()
                        .unwrap(),
                )
                .tags(HashMap::from([("team".into(), "a".into())]))
                .build()
                .unwrap(),
        )
        .unwrap();
        let arn = c.code_signing_config_arn;
        assert_eq!(crate::tags::list_tags(&s, &arn).unwrap().get("team").map(String::as_str), Some("a"));
        crate::tags::untag_resource(&mut s, &arn, &["team".into()]).unwrap();
        assert!(crate::tags::list_tags(&s, &arn).unwrap().is_empty());
    }
}

mod layers {
    use super::*;
    use crate::layers::*;
    use lambda_api::enums::S3ObjectStorageMode;
    use lambda_api::operations::publish_layer_version::PublishLayerVersionInput;
    use lambda_api::types::LayerVersionContentInput;

    #[test]
    fn referenced_layer_content_names_its_object() {
        let mut s = store();
        let content = |mode: S3ObjectStorageMode, in_s3: bool| {
            let c = LayerVersionContentInput::builder().s3_object_storage_mode(mode);
            let c = if in_s3 { c.s3_bucket("bucket").s3_key("layer.zip") } else { c.zip_file(zip("layer")) };
            PublishLayerVersionInput::builder().layer_name("l").content(c.build()).build().unwrap()
        };
        let out = publish_layer_version(&mut s, content(S3ObjectStorageMode::Reference, true)).unwrap();
        let object = out.content.unwrap().resolved_s3_object.unwrap();
        assert_eq!((object.s3_bucket.as_deref(), object.s3_key.as_deref()), (Some("bucket"), Some("layer.zip")));
        let copied = publish_layer_version(&mut s, content(S3ObjectStorageMode::Copy, true)).unwrap();
        assert_eq!(copied.content.unwrap().resolved_s3_object, None);
        let e = publish_layer_version(&mut s, content(S3ObjectStorageMode::Reference, false)).unwrap_err();
        assert_eq!(code(e), "InvalidParameterValueException");
    }
}
