//! Tests of the service logic, one module per resource, calling the plain functions on a
//! store.

use crate::state::Store;
use crate::test_support::{code, create, create_input, store, store_with, two_versions, zip, ARN};
use crate::util::sha256_b64;
use lambda_api::enums::Runtime;
use lambda_api::types::{FunctionCode, FunctionConfiguration};

mod functions {
    use super::*;
    use crate::functions::*;
    use lambda_api::enums::{FunctionVersion, LastUpdateStatus, PackageType, State, UpdateRuntimeOn};
    use lambda_api::operations::delete_function::DeleteFunctionInput;
    use lambda_api::operations::get_function::GetFunctionInput;
    use lambda_api::operations::get_runtime_management_config::GetRuntimeManagementConfigInput;
    use lambda_api::operations::list_functions::ListFunctionsInput;
    use lambda_api::operations::list_versions_by_function::ListVersionsByFunctionInput;
    use lambda_api::operations::publish_version::PublishVersionInput;
    use lambda_api::operations::put_runtime_management_config::PutRuntimeManagementConfigInput;
    use lambda_api::operations::update_function_code::UpdateFunctionCodeInput;
    use lambda_api::operations::update_function_configuration::UpdateFunctionConfigurationInput;
    use lambda_api::types::Environment;

    fn publish(s: &mut Store, name: &str) -> FunctionConfiguration {
        publish_version(s, PublishVersionInput::builder().function_name(name).build().unwrap()).unwrap()
    }

    fn new_code(s: &mut Store, name: &str, text: &str) -> FunctionConfiguration {
        update_function_code(
            s,
            UpdateFunctionCodeInput::builder().function_name(name).zip_file(zip(text)).build().unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn create_reports_code_identity_and_defaults() {
        let mut s = store();
        let c = create(&mut s, "f");
        assert_eq!(c.code_sha256, Some(sha256_b64(zip("f").as_bytes())));
        assert_eq!(c.code_size, Some(zip("f").as_bytes().len() as i64));
        assert_eq!(c.state, Some(State::Active));
        assert_eq!(c.last_update_status, Some(LastUpdateStatus::Successful));
        assert_eq!(c.version.as_deref(), Some("$LATEST"));
        assert_eq!(c.function_arn, Some(format!("{ARN}:f")));
        assert_eq!((c.memory_size, c.timeout), (Some(128), Some(3)));
        assert_eq!(c.package_type, Some(PackageType::Zip));
        assert!(c.revision_id.is_some());
        let e = create_function(&mut s, create_input("f")).unwrap_err();
        assert_eq!(code(e), "ResourceConflictException");
    }

    #[test]
    fn create_checks_the_package_type_rules() {
        let mut s = store();
        let mut i = create_input("a");
        i.runtime = None;
        assert_eq!(code(create_function(&mut s, i).unwrap_err()), "InvalidParameterValueException");
        let mut i = create_input("b");
        i.package_type = Some(PackageType::Image);
        assert_eq!(code(create_function(&mut s, i).unwrap_err()), "InvalidParameterValueException");
        let mut i = create_input("c");
        i.package_type = Some(PackageType::Image);
        i.runtime = None;
        i.handler = None;
        i.code = FunctionCode::builder().image_uri("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest").build();
        let c = create_function(&mut s, i).unwrap();
        assert_eq!(c.package_type, Some(PackageType::Image));
        let got = get_function(&s, GetFunctionInput::builder().function_name("c").build().unwrap()).unwrap();
        assert_eq!(got.code.unwrap().repository_type.as_deref(), Some("ECR"));
        let mut i = create_input("d");
        i.code = FunctionCode::default();
        assert_eq!(code(create_function(&mut s, i).unwrap_err()), "InvalidParameterValueException");
        let mut i = create_input("e");
        i.code_signing_config_arn =
            Some("arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0".into());
        assert_eq!(code(create_function(&mut s, i).unwrap_err()), "CodeSigningConfigNotFoundException");
    }

    #[test]
    fn get_function_answers_the_code_location_and_qualified_arn() {
        let mut s = store_with("f");
        let v1 = publish(&mut s, "f");
        let input = GetFunctionInput::builder().function_name("f").qualifier("1").build().unwrap();
        let got = get_function(&s, input).unwrap();
        let config = got.configuration.unwrap();
        assert_eq!(config.function_arn, Some(format!("{ARN}:f:1")));
        let location = got.code.unwrap();
        assert_eq!(location.repository_type.as_deref(), Some("S3"));
        let revision = config.revision_id.unwrap();
        assert_eq!(revision, v1.revision_id.unwrap());
        assert_eq!(
            location.location.unwrap(),
            format!("https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/123456789012/f-{revision}")
        );
        let missing = GetFunctionInput::builder().function_name("f").qualifier("7").build().unwrap();
        assert_eq!(code(get_function(&s, missing).unwrap_err()), "ResourceNotFoundException");
    }

    #[test]
    fn publish_numbers_versions_and_skips_unchanged_code() {
        let mut s = store_with("f");
        let v1 = publish(&mut s, "f");
        assert_eq!(v1.version.as_deref(), Some("1"));
        assert_eq!(v1.function_arn, Some(format!("{ARN}:f:1")));
        // Nothing changed: the same version comes back.
        assert_eq!(publish(&mut s, "f").version.as_deref(), Some("1"));
        new_code(&mut s, "f", "v2");
        let v2 = publish(&mut s, "f");
        assert_eq!(v2.version.as_deref(), Some("2"));
        assert_ne!(v1.code_sha256, v2.code_sha256);
        // The old version keeps its code.
        let got = get_function_configuration(&s, "f", Some("1")).unwrap();
        assert_eq!(got.code_sha256, v1.code_sha256);
        let list =
            list_versions_by_function(&s, ListVersionsByFunctionInput::builder().function_name("f").build().unwrap())
                .unwrap();
        let versions: Vec<_> = list.versions.unwrap().into_iter().map(|v| v.version.unwrap()).collect();
        assert_eq!(versions, ["$LATEST", "1", "2"]);
    }

    #[test]
    fn version_numbers_are_not_reused() {
        let mut s = store_with("f");
        publish(&mut s, "f");
        new_code(&mut s, "f", "x");
        publish(&mut s, "f");
        delete_function(&mut s, DeleteFunctionInput::builder().function_name("f").qualifier("2").build().unwrap())
            .unwrap();
        new_code(&mut s, "f", "y");
        assert_eq!(publish(&mut s, "f").version.as_deref(), Some("3"));
    }

    #[test]
    fn create_and_update_can_publish() {
        let mut s = store();
        let mut i = create_input("f");
        i.publish = Some(true);
        assert_eq!(create_function(&mut s, i).unwrap().version.as_deref(), Some("1"));
        let c = update_function_code(
            &mut s,
            UpdateFunctionCodeInput::builder().function_name("f").zip_file(zip("new")).publish(true).build().unwrap(),
        )
        .unwrap();
        assert_eq!(c.version.as_deref(), Some("2"));
    }

    #[test]
    fn stale_revision_ids_are_refused() {
        let mut s = store();
        let c = create(&mut s, "f");
        let old = c.revision_id.clone();
        let e = update_function_code(
            &mut s,
            UpdateFunctionCodeInput::builder()
                .function_name("f")
                .zip_file(zip("a"))
                .revision_id("not-the-revision")
                .build()
                .unwrap(),
        )
        .unwrap_err();
        assert_eq!(code(e), "PreconditionFailedException");
        let c2 = update_function_code(
            &mut s,
            UpdateFunctionCodeInput::builder()
                .function_name("f")
                .zip_file(zip("a"))
                .set_revision_id(old.clone())
                .build()
                .unwrap(),
        )
        .unwrap();
        assert_ne!(c2.revision_id, old);
        // The revision the update used is stale now.
        let e = update_function_configuration(
            &mut s,
            UpdateFunctionConfigurationInput::builder()
                .function_name("f")
                .set_revision_id(old)
                .memory_size(256)
                .build()
                .unwrap(),
        )
        .unwrap_err();
        assert_eq!(code(e), "PreconditionFailedException");
        let e = publish_version(
            &mut s,
            PublishVersionInput::builder().function_name("f").revision_id("stale").build().unwrap(),
        )
        .unwrap_err();
        assert_eq!(code(e), "PreconditionFailedException");
        let e = publish_version(
            &mut s,
            PublishVersionInput::builder().function_name("f").code_sha256("AAAA").build().unwrap(),
        )
        .unwrap_err();
        assert_eq!(code(e), "InvalidParameterValueException");
    }

    #[test]
    fn update_configuration_changes_only_what_is_set() {
        let mut s = store_with("f");
        // Built without the builder: the logic is tested apart from input validation.
        let mut i = UpdateFunctionConfigurationInput::default();
        i.function_name = "f".into();
        i.memory_size = Some(512);
        i.environment = Some(Environment::builder().variables([("A".to_string(), "1".to_string())]).build());
        let c = update_function_configuration(&mut s, i).unwrap();
        assert_eq!(c.memory_size, Some(512));
        assert_eq!(c.timeout, Some(3));
        assert_eq!(c.handler.as_deref(), Some("app.handler"));
        let vars = c.environment.unwrap().variables.unwrap();
        assert_eq!(vars.get("A").map(String::as_str), Some("1"));
    }

    #[test]
    fn every_name_form_and_qualifier_resolves() {
        let mut s = store_with("f");
        publish(&mut s, "f");
        for name in ["f", &format!("{ARN}:f"), "123456789012:function:f"] {
            let c = get_function_configuration(&s, name, None).unwrap();
            assert_eq!(c.function_name.as_deref(), Some("f"));
        }
        assert_eq!(get_function_configuration(&s, "f:1", None).unwrap().version.as_deref(), Some("1"));
        let c = get_function_configuration(&s, &format!("{ARN}:f:$LATEST"), None).unwrap();
        assert_eq!(c.function_arn, Some(format!("{ARN}:f:$LATEST")));
        assert_eq!(code(get_function_configuration(&s, "f", Some("9")).unwrap_err()), "ResourceNotFoundException");
        assert_eq!(code(get_function_configuration(&s, "g", None).unwrap_err()), "ResourceNotFoundException");
        assert_eq!(
            code(get_function_configuration(&s, "f:1", Some("2")).unwrap_err()),
            "InvalidParameterValueException"
        );
    }

    #[test]
    fn delete_follows_the_version_rules() {
        let mut s = store_with("f");
        publish(&mut s, "f");
        crate::aliases::create_alias(
            &mut s,
            lambda_api::operations::create_alias::CreateAliasInput::builder()
                .function_name("f")
                .name("live")
                .function_version("1")
                .build()
                .unwrap(),
        )
        .unwrap();
        let del = |q: &str| DeleteFunctionInput::builder().function_name("f").qualifier(q).build().unwrap();
        assert_eq!(code(delete_function(&mut s, del("1")).unwrap_err()), "ResourceConflictException");
        assert_eq!(code(delete_function(&mut s, del("$LATEST")).unwrap_err()), "InvalidParameterValueException");
        assert_eq!(code(delete_function(&mut s, del("7")).unwrap_err()), "ResourceNotFoundException");
        crate::aliases::delete_alias(&mut s, "f", "live").unwrap();
        delete_function(&mut s, del("1")).unwrap();
        assert!(get_function_configuration(&s, "f:1", None).is_err());
        delete_function(&mut s, DeleteFunctionInput::builder().function_name("f").build().unwrap()).unwrap();
        assert_eq!(code(get_function_configuration(&s, "f", None).unwrap_err()), "ResourceNotFoundException");
    }

    #[test]
    fn list_functions_pages_and_lists_all_versions() {
        let mut s = store();
        for n in ["c", "a", "b"] {
            create(&mut s, n);
        }
        publish(&mut s, "a");
        let page = list_functions(&s, ListFunctionsInput::builder().max_items(2).build().unwrap()).unwrap();
        let names: Vec<_> = page.functions.unwrap().into_iter().map(|f| f.function_name.unwrap()).collect();
        assert_eq!(names, ["a", "b"]);
        let page2 = list_functions(
            &s,
            ListFunctionsInput::builder().set_marker(page.next_marker).max_items(2).build().unwrap(),
        )
        .unwrap();
        assert_eq!(page2.functions.unwrap().len(), 1);
        assert!(page2.next_marker.is_none());
        let all =
            list_functions(&s, ListFunctionsInput::builder().function_version(FunctionVersion::All).build().unwrap())
                .unwrap();
        let arns: Vec<_> = all.functions.unwrap().into_iter().map(|f| f.function_arn.unwrap()).collect();
        assert_eq!(arns.len(), 4);
        assert!(arns.contains(&format!("{ARN}:a:1")));
    }

    #[test]
    fn runtime_management_rules() {
        let mut s = store_with("f");
        let got = get_runtime_management_config(
            &s,
            GetRuntimeManagementConfigInput::builder().function_name("f").build().unwrap(),
        )
        .unwrap();
        assert_eq!(got.update_runtime_on, Some(UpdateRuntimeOn::Auto));
        let put = |on: UpdateRuntimeOn, arn: Option<&str>| {
            let mut i =
                PutRuntimeManagementConfigInput::builder().function_name("f").update_runtime_on(on).build().unwrap();
            // Set after building: the logic is tested apart from input validation.
            i.runtime_version_arn = arn.map(Into::into);
            i
        };
        assert!(put_runtime_management_config(&mut s, put(UpdateRuntimeOn::Manual, None)).is_err());
        assert!(put_runtime_management_config(&mut s, put(UpdateRuntimeOn::Auto, Some("arn:x"))).is_err());
        let arn = "arn:aws:lambda:us-east-1::runtime:abc";
        put_runtime_management_config(&mut s, put(UpdateRuntimeOn::Manual, Some(arn))).unwrap();
        let got = get_runtime_management_config(
            &s,
            GetRuntimeManagementConfigInput::builder().function_name("f").build().unwrap(),
        )
        .unwrap();
        assert_eq!(got.runtime_version_arn.as_deref(), Some(arn));
    }
}

mod aliases {
    use super::*;
    use crate::aliases::*;
    use lambda_api::operations::create_alias::CreateAliasInput;
    use lambda_api::operations::list_aliases::ListAliasesInput;
    use lambda_api::operations::update_alias::UpdateAliasInput;
    use lambda_api::types::{AliasConfiguration, AliasRoutingConfiguration};

    fn routing(v: &str, w: f64) -> Option<AliasRoutingConfiguration> {
        Some(AliasRoutingConfiguration::builder().additional_version_weights([(v.to_string(), w)]).build())
    }

    /// Built without the builder: the logic is tested apart from input validation.
    fn alias(name: &str, version: &str, r: Option<AliasRoutingConfiguration>) -> CreateAliasInput {
        let mut i = CreateAliasInput::default();
        i.function_name = "f".into();
        i.name = name.into();
        i.function_version = version.into();
        i.routing_config = r;
        i
    }

    #[test]
    fn create_get_and_conflicts() {
        let mut s = two_versions();
        let a = create_alias(&mut s, alias("live", "1", None)).unwrap();
        assert_eq!(a.alias_arn, Some(format!("{ARN}:f:live")));
        assert_eq!(get_alias(&s, "f", "live").unwrap(), a);
        assert_eq!(code(create_alias(&mut s, alias("live", "2", None)).unwrap_err()), "ResourceConflictException");
        assert_eq!(code(create_alias(&mut s, alias("x", "9", None)).unwrap_err()), "ResourceNotFoundException");
        assert_eq!(code(get_alias(&s, "f", "nope").unwrap_err()), "ResourceNotFoundException");
    }

    #[test]
    fn routing_rules() {
        let mut s = two_versions();
        let bad = [
            alias("a", "1", routing("1", 0.5)),       // same as primary
            alias("b", "$LATEST", routing("1", 0.5)), // $LATEST primary with split traffic
            alias("c", "1", routing("$LATEST", 0.5)), // unpublished additional version
            alias("d", "1", routing("2", 1.5)),       // weight out of range
        ];
        for i in bad {
            assert_eq!(code(create_alias(&mut s, i).unwrap_err()), "InvalidParameterValueException");
        }
        let two = Some(
            AliasRoutingConfiguration::builder()
                .additional_version_weights([("2".to_string(), 0.1), ("3".to_string(), 0.1)])
                .build(),
        );
        assert!(create_alias(&mut s, alias("e", "1", two)).is_err());
        assert_eq!(
            code(create_alias(&mut s, alias("f", "1", routing("8", 0.5))).unwrap_err()),
            "ResourceNotFoundException"
        );
        let a = create_alias(&mut s, alias("canary", "1", routing("2", 0.25))).unwrap();
        assert_eq!(a.routing_config, routing("2", 0.25));
    }

    #[test]
    fn weighted_routing_picks_by_weight() {
        let a = AliasConfiguration::builder().function_version("1").set_routing_config(routing("2", 0.3)).build();
        assert_eq!(pick_version_with(&a, 0.0), "2");
        assert_eq!(pick_version_with(&a, 0.29), "2");
        assert_eq!(pick_version_with(&a, 0.3), "1");
        assert_eq!(pick_version_with(&a, 0.99), "1");
        let plain = AliasConfiguration::builder().function_version("1").build();
        assert_eq!(pick_version_with(&plain, 0.0), "1");
    }

    #[test]
    fn invoking_a_split_alias_runs_both_versions() {
        let mut s = two_versions();
        create_alias(&mut s, alias("half", "1", routing("2", 0.5))).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let r = crate::invoke::invoke(&s, "f:half", None, crate::invoke::Mode::RequestResponse, false, None, "r")
                .unwrap();
            seen.insert(r.executed_version);
            if seen.len() == 2 {
                break;
            }
        }
        assert_eq!(seen.into_iter().collect::<Vec<_>>(), ["1", "2"]);
    }

    #[test]
    fn update_checks_revision_and_replaces_routing() {
        let mut s = two_versions();
        let a = create_alias(&mut s, alias("live", "1", routing("2", 0.5))).unwrap();
        let upd = |rev: Option<String>, r| {
            UpdateAliasInput::builder()
                .function_name("f")
                .name("live")
                .set_revision_id(rev)
                .set_routing_config(r)
                .build()
                .unwrap()
        };
        let e = update_alias(&mut s, upd(Some("stale".into()), None)).unwrap_err();
        assert_eq!(code(e), "PreconditionFailedException");
        let cleared = update_alias(
            &mut s,
            upd(
                a.revision_id.clone(),
                Some(
                    AliasRoutingConfiguration::builder()
                        .additional_version_weights(std::collections::HashMap::new())
                        .build(),
                ),
            ),
        )
        .unwrap();
        assert_eq!(cleared.routing_config, None);
        assert_ne!(cleared.revision_id, a.revision_id);
        let mut move_to_2 = upd(None, None);
        move_to_2.function_version = Some("2".into());
        let moved = update_alias(&mut s, move_to_2).unwrap();
        assert_eq!(moved.function_version.as_deref(), Some("2"));
    }

    #[test]
    fn list_filters_and_pages() {
        let mut s = two_versions();
        for (n, v) in [("a", "1"), ("b", "2"), ("c", "1")] {
            create_alias(&mut s, alias(n, v, None)).unwrap();
        }
        let list = |v: Option<&str>, m: Option<String>| {
            list_aliases(
                &s,
                ListAliasesInput::builder()
                    .function_name("f")
                    .set_function_version(v.map(Into::into))
                    .set_marker(m)
                    .max_items(2)
                    .build()
                    .unwrap(),
            )
            .unwrap()
        };
        let first = list(None, None);
        assert_eq!(first.aliases.as_ref().unwrap().len(), 2);
        let second = list(None, first.next_marker);
        assert_eq!(second.aliases.unwrap()[0].name.as_deref(), Some("c"));
        let only1: Vec<_> = list(Some("1"), None).aliases.unwrap().into_iter().map(|a| a.name.unwrap()).collect();
        assert_eq!(only1, ["a", "c"]);
        delete_alias(&mut s, "f", "a").unwrap();
        assert_eq!(code(delete_alias(&mut s, "f", "a").unwrap_err()), "ResourceNotFoundException");
    }
}

mod policies {
    use super::*;
    use crate::policies::*;
    use lambda_api::operations::add_permission::AddPermissionInput;
    use lambda_api::operations::get_policy::GetPolicyInput;
    use lambda_api::operations::remove_permission::RemovePermissionInput;

    fn perm(sid: &str, qualifier: Option<&str>) -> AddPermissionInput {
        AddPermissionInput::builder()
            .function_name("f")
            .set_qualifier(qualifier.map(Into::into))
            .statement_id(sid)
            .action("lambda:InvokeFunction")
            .principal("s3.amazonaws.com")
            .source_arn("arn:aws:s3:::bucket")
            .source_account("123456789012")
            .build()
            .unwrap()
    }

    fn policy(s: &Store, q: Option<&str>) -> Result<serde_json::Value, crate::Fail> {
        let p = get_policy(
            s,
            GetPolicyInput::builder().function_name("f").set_qualifier(q.map(Into::into)).build().unwrap(),
        )?;
        Ok(serde_json::from_str(&p.policy.unwrap()).unwrap())
    }

    #[test]
    fn add_get_remove() {
        let mut s = store_with("f");
        assert_eq!(code(policy(&s, None).unwrap_err()), "ResourceNotFoundException");
        let out = add_permission(&mut s, perm("s3", None)).unwrap();
        let st: serde_json::Value = serde_json::from_str(&out.statement.unwrap()).unwrap();
        assert_eq!(st["Principal"]["Service"], "s3.amazonaws.com");
        assert_eq!(st["Resource"], format!("{ARN}:f"));
        assert_eq!(st["Condition"]["ArnLike"]["AWS:SourceArn"], "arn:aws:s3:::bucket");
        assert_eq!(st["Condition"]["StringEquals"]["AWS:SourceAccount"], "123456789012");
        let mut acct = perm("acct", None);
        acct.principal = "210987654321".into();
        add_permission(&mut s, acct).unwrap();
        let p = policy(&s, None).unwrap();
        assert_eq!(p["Statement"].as_array().unwrap().len(), 2);
        assert_eq!(p["Statement"][1]["Principal"]["AWS"], "arn:aws:iam::210987654321:root");
        assert_eq!(code(add_permission(&mut s, perm("s3", None)).unwrap_err()), "ResourceConflictException");
        let rm = |sid: &str, rev: Option<String>| {
            RemovePermissionInput::builder().function_name("f").statement_id(sid).set_revision_id(rev).build().unwrap()
        };
        assert_eq!(code(remove_permission(&mut s, rm("nope", None)).unwrap_err()), "ResourceNotFoundException");
        remove_permission(&mut s, rm("s3", None)).unwrap();
        remove_permission(&mut s, rm("acct", None)).unwrap();
        assert_eq!(code(policy(&s, None).unwrap_err()), "ResourceNotFoundException");
    }

    #[test]
    fn revision_is_the_function_revision() {
        let mut s = store();
        let c = create(&mut s, "f");
        let mut stale = perm("a", None);
        stale.revision_id = Some("stale".into());
        assert_eq!(code(add_permission(&mut s, stale).unwrap_err()), "PreconditionFailedException");
        let mut fresh = perm("a", None);
        fresh.revision_id = c.revision_id.clone();
        add_permission(&mut s, fresh).unwrap();
        let p = get_policy(&s, GetPolicyInput::builder().function_name("f").build().unwrap()).unwrap();
        let now = crate::functions::get_function_configuration(&s, "f", None).unwrap();
        assert_eq!(p.revision_id, now.revision_id);
        assert_ne!(p.revision_id, c.revision_id);
        let e = remove_permission(
            &mut s,
            RemovePermissionInput::builder()
                .function_name("f")
                .statement_id("a")
                .set_revision_id(c.revision_id)
                .build()
                .unwrap(),
        )
        .unwrap_err();
        assert_eq!(code(e), "PreconditionFailedException");
    }

    #[test]
    fn qualified_policies_are_separate() {
        let mut s = store_with("f");
        crate::functions::publish(&mut s, "f", None).unwrap();
        assert_eq!(
            code(add_permission(&mut s, perm("x", Some("$LATEST"))).unwrap_err()),
            "InvalidParameterValueException"
        );
        assert_eq!(code(add_permission(&mut s, perm("x", Some("5"))).unwrap_err()), "ResourceNotFoundException");
        add_permission(&mut s, perm("x", Some("1"))).unwrap();
        let p = policy(&s, Some("1")).unwrap();
        assert_eq!(p["Statement"][0]["Resource"], format!("{ARN}:f:1"));
        assert!(policy(&s, None).is_err());
    }

    #[test]
    fn policy_size_is_limited() {
        let mut s = store_with("f");
        let mut last = Ok(Default::default());
        for i in 0..200 {
            last = add_permission(&mut s, perm(&format!("statement-{i}"), None));
            if last.is_err() {
                break;
            }
        }
        assert_eq!(code(last.unwrap_err()), "PolicyLengthExceededException");
    }
}

mod layers {
    use super::*;
    use crate::layers::*;
    use lambda_api::enums::Architecture;
    use lambda_api::operations::add_layer_version_permission::AddLayerVersionPermissionInput;
    use lambda_api::operations::list_layer_versions::ListLayerVersionsInput;
    use lambda_api::operations::list_layers::ListLayersInput;
    use lambda_api::operations::publish_layer_version::PublishLayerVersionInput;
    use lambda_api::operations::remove_layer_version_permission::RemoveLayerVersionPermissionInput;
    use lambda_api::types::LayerVersionContentInput;

    const LAYER: &str = "arn:aws:lambda:us-east-1:123456789012:layer";

    fn publish(s: &mut Store, name: &str, runtime: &str) -> i64 {
        publish_layer_version(
            s,
            PublishLayerVersionInput::builder()
                .layer_name(name)
                .content(LayerVersionContentInput::builder().zip_file(zip(runtime)).build())
                .compatible_runtimes(vec![Runtime::from(runtime)])
                .compatible_architectures(vec![Architecture::Arm64])
                .build()
                .unwrap(),
        )
        .unwrap()
        .version
        .unwrap()
    }

    #[test]
    fn versions_are_numbered_and_listed_newest_first() {
        let mut s = store();
        assert_eq!(publish(&mut s, "l", "python3.12"), 1);
        assert_eq!(publish(&mut s, "l", "nodejs20.x"), 2);
        let v = get_layer_version(&s, "l", 1).unwrap();
        assert_eq!(v.layer_version_arn, Some(format!("{LAYER}:l:1")));
        assert_eq!(v.content.unwrap().code_sha256, Some(sha256_b64(zip("python3.12").as_bytes())));
        assert_eq!(get_layer_version_by_arn(&s, &format!("{LAYER}:l:2")).unwrap().version, Some(2));
        let list = list_layer_versions(&s, ListLayerVersionsInput::builder().layer_name("l").build().unwrap()).unwrap();
        let order: Vec<_> = list.layer_versions.unwrap().into_iter().map(|v| v.version.unwrap()).collect();
        assert_eq!(order, [2, 1]);
        let py = list_layers(
            &s,
            ListLayersInput::builder().compatible_runtime(Runtime::from("python3.12")).build().unwrap(),
        )
        .unwrap();
        let layers = py.layers.unwrap();
        assert_eq!(layers[0].latest_matching_version.as_ref().unwrap().version, Some(1));
        let x86 =
            list_layers(&s, ListLayersInput::builder().compatible_architecture(Architecture::X8664).build().unwrap())
                .unwrap();
        assert!(x86.layers.unwrap().is_empty());
        delete_layer_version(&mut s, "l", 2).unwrap();
        delete_layer_version(&mut s, "l", 2).unwrap(); // idempotent
        assert_eq!(code(get_layer_version(&s, "l", 2).unwrap_err()), "ResourceNotFoundException");
        assert_eq!(publish(&mut s, "l", "python3.12"), 3);
    }

    #[test]
    fn permissions_with_revisions() {
        let mut s = store();
        publish(&mut s, "l", "python3.12");
        assert_eq!(code(get_layer_version_policy(&s, "l", 1).unwrap_err()), "ResourceNotFoundException");
        let add = |sid: &str, principal: &str, rev: Option<String>| {
            AddLayerVersionPermissionInput::builder()
                .layer_name("l")
                .version_number(1)
                .statement_id(sid)
                .action("lambda:GetLayerVersion")
                .principal(principal)
                .set_revision_id(rev)
                .build()
                .unwrap()
        };
        let out = add_layer_version_permission(&mut s, add("all", "*", None)).unwrap();
        assert_eq!(
            code(add_layer_version_permission(&mut s, add("all", "*", None)).unwrap_err()),
            "ResourceConflictException"
        );
        assert_eq!(
            code(add_layer_version_permission(&mut s, add("b", "210987654321", Some("stale".into()))).unwrap_err()),
            "PreconditionFailedException"
        );
        let out2 = add_layer_version_permission(&mut s, add("b", "210987654321", out.revision_id)).unwrap();
        let p = get_layer_version_policy(&s, "l", 1).unwrap();
        assert_eq!(p.revision_id, out2.revision_id);
        let doc: serde_json::Value = serde_json::from_str(&p.policy.unwrap()).unwrap();
        assert_eq!(doc["Statement"][1]["Principal"]["AWS"], "arn:aws:iam::210987654321:root");
        remove_layer_version_permission(
            &mut s,
            RemoveLayerVersionPermissionInput::builder()
                .layer_name("l")
                .version_number(1)
                .statement_id("b")
                .build()
                .unwrap(),
        )
        .unwrap();
        let e = remove_layer_version_permission(
            &mut s,
            RemoveLayerVersionPermissionInput::builder()
                .layer_name("l")
                .version_number(1)
                .statement_id("b")
                .build()
                .unwrap(),
        )
        .unwrap_err();
        assert_eq!(code(e), "ResourceNotFoundException");
    }

    #[test]
    fn functions_resolve_their_layers() {
        let mut s = store();
        publish(&mut s, "l", "python3.12");
        let mut i = create_input("f");
        i.layers = Some(vec![format!("{LAYER}:l:1")]);
        let c = crate::functions::create_function(&mut s, i).unwrap();
        let l = &c.layers.unwrap()[0];
        assert_eq!(l.code_size, Some(zip("python3.12").as_bytes().len() as i64));
        let mut i = create_input("g");
        i.layers = Some(vec![format!("{LAYER}:l:9")]);
        assert_eq!(code(crate::functions::create_function(&mut s, i).unwrap_err()), "InvalidParameterValueException");
        let mut i = create_input("h");
        i.layers = Some(vec![format!("{LAYER}:l:1"), format!("{LAYER}:l:1")]);
        assert!(crate::functions::create_function(&mut s, i).is_err());
    }
}

mod concurrency {
    use super::*;
    use crate::concurrency::*;
    use lambda_api::enums::ProvisionedConcurrencyStatusEnum;
    use lambda_api::operations::list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigsInput;
    use lambda_api::operations::put_provisioned_concurrency_config::PutProvisionedConcurrencyConfigInput;

    fn put_pc(
        s: &mut Store,
        q: &str,
        n: i32,
    ) -> Result<
        lambda_api::operations::put_provisioned_concurrency_config::PutProvisionedConcurrencyConfigOutput,
        crate::Fail,
    > {
        put_provisioned_concurrency_config(
            s,
            PutProvisionedConcurrencyConfigInput::builder()
                .function_name("f")
                .qualifier(q)
                .provisioned_concurrent_executions(n)
                .build()
                .unwrap(),
        )
    }

    #[test]
    fn reserved_concurrency_and_account_settings() {
        let mut s = store_with("f");
        create(&mut s, "g");
        assert_eq!(get_function_concurrency(&s, "f").unwrap(), None);
        put_function_concurrency(&mut s, "f", 500).unwrap();
        assert_eq!(get_function_concurrency(&s, "f").unwrap(), Some(500));
        let acct = crate::account::get_account_settings(&s);
        assert_eq!(acct.account_limit.unwrap().unreserved_concurrent_executions, Some(500));
        // 500 + 401 would leave 99 unreserved.
        assert_eq!(code(put_function_concurrency(&mut s, "g", 401).unwrap_err()), "InvalidParameterValueException");
        put_function_concurrency(&mut s, "g", 400).unwrap();
        delete_function_concurrency(&mut s, "f").unwrap();
        assert_eq!(unreserved(&s), 600);
        assert_eq!(code(put_function_concurrency(&mut s, "nope", 1).unwrap_err()), "ResourceNotFoundException");
    }

    #[test]
    fn huge_numbers_do_not_overflow() {
        let mut s = two_versions();
        put_pc(&mut s, "1", i32::MAX).unwrap();
        put_pc(&mut s, "2", i32::MAX).unwrap();
        assert!(put_function_concurrency(&mut s, "f", i32::MAX).is_err());
        assert!(put_function_concurrency(&mut s, "f", 500).is_err());
    }

    #[test]
    fn zero_reserved_concurrency_throttles() {
        let mut s = store_with("f");
        put_function_concurrency(&mut s, "f", 0).unwrap();
        let e =
            crate::invoke::invoke(&s, "f", None, crate::invoke::Mode::RequestResponse, false, None, "r").unwrap_err();
        assert_eq!(code(e), "TooManyRequestsException");
        let r = crate::invoke::invoke(&s, "f", None, crate::invoke::Mode::Event, false, None, "r").unwrap();
        assert_eq!(r.status, 202);
    }

    #[test]
    fn provisioned_concurrency_rules() {
        let mut s = store_with("f");
        crate::functions::publish(&mut s, "f", None).unwrap();
        assert_eq!(code(put_pc(&mut s, "$LATEST", 5).unwrap_err()), "InvalidParameterValueException");
        assert_eq!(code(put_pc(&mut s, "4", 5).unwrap_err()), "ResourceNotFoundException");
        assert_eq!(
            code(get_provisioned_concurrency_config(&s, "f", "1").unwrap_err()),
            "ProvisionedConcurrencyConfigNotFoundException"
        );
        let out = put_pc(&mut s, "1", 5).unwrap();
        assert_eq!(out.status, Some(ProvisionedConcurrencyStatusEnum::InProgress));
        let got = get_provisioned_concurrency_config(&s, "f", "1").unwrap();
        assert_eq!(got.status, Some(ProvisionedConcurrencyStatusEnum::Ready));
        assert_eq!(got.allocated_provisioned_concurrent_executions, Some(5));
        let list = list_provisioned_concurrency_configs(
            &s,
            ListProvisionedConcurrencyConfigsInput::builder().function_name("f").build().unwrap(),
        )
        .unwrap();
        assert_eq!(list.provisioned_concurrency_configs.unwrap()[0].function_arn, Some(format!("{ARN}:f:1")));
        // Reserved concurrency must cover provisioned concurrency.
        assert!(put_function_concurrency(&mut s, "f", 4).is_err());
        put_function_concurrency(&mut s, "f", 6).unwrap();
        assert!(put_pc(&mut s, "1", 7).is_err());
        delete_provisioned_concurrency_config(&mut s, "f", "1").unwrap();
        assert_eq!(
            code(delete_provisioned_concurrency_config(&mut s, "f", "1").unwrap_err()),
            "ResourceNotFoundException"
        );
    }
}

mod urls {
    use super::*;
    use crate::urls::*;
    use lambda_api::enums::{FunctionUrlAuthType, InvokeMode};
    use lambda_api::operations::create_function_url_config::CreateFunctionUrlConfigInput;
    use lambda_api::operations::list_function_url_configs::ListFunctionUrlConfigsInput;
    use lambda_api::operations::update_function_url_config::UpdateFunctionUrlConfigInput;

    fn create_url(
        s: &mut Store,
        q: Option<&str>,
    ) -> Result<lambda_api::operations::create_function_url_config::CreateFunctionUrlConfigOutput, crate::Fail> {
        let mut i = CreateFunctionUrlConfigInput::builder()
            .function_name("f")
            .auth_type(FunctionUrlAuthType::AwsIam)
            .build()
            .unwrap();
        // Set after building: the logic is tested apart from input validation.
        i.qualifier = q.map(Into::into);
        create_function_url_config(s, i)
    }

    #[test]
    fn lifecycle() {
        let mut s = store_with("f");
        crate::functions::publish(&mut s, "f", None).unwrap();
        crate::aliases::create_alias(
            &mut s,
            lambda_api::operations::create_alias::CreateAliasInput::builder()
                .function_name("f")
                .name("live")
                .function_version("1")
                .build()
                .unwrap(),
        )
        .unwrap();
        let u = create_url(&mut s, None).unwrap();
        let url = u.function_url;
        assert!(url.starts_with("https://") && url.ends_with(".lambda-url.us-east-1.on.aws/"), "{url}");
        assert_eq!(u.invoke_mode, Some(InvokeMode::Buffered));
        assert_eq!(code(create_url(&mut s, None).unwrap_err()), "ResourceConflictException");
        assert_eq!(code(create_url(&mut s, Some("1")).unwrap_err()), "InvalidParameterValueException");
        let a = create_url(&mut s, Some("live")).unwrap();
        assert_eq!(a.function_arn, format!("{ARN}:f:live"));
        let upd = update_function_url_config(
            &mut s,
            UpdateFunctionUrlConfigInput::builder()
                .function_name("f")
                .auth_type(FunctionUrlAuthType::None)
                .build()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(upd.auth_type, FunctionUrlAuthType::None);
        assert_eq!(upd.function_url, url);
        let list = list_function_url_configs(
            &s,
            ListFunctionUrlConfigsInput::builder().function_name("f").max_items(1).build().unwrap(),
        )
        .unwrap();
        assert_eq!(list.function_url_configs.len(), 1);
        assert!(list.next_marker.is_some());
        delete_function_url_config(&mut s, "f", None).unwrap();
        assert_eq!(code(get_function_url_config(&s, "f", None).unwrap_err()), "ResourceNotFoundException");
        // Deleting the alias removes its URL.
        crate::aliases::delete_alias(&mut s, "f", "live").unwrap();
        assert!(get_function_url_config(&s, "f", Some("live")).is_err());
    }
}

mod esm {
    use super::*;
    use crate::esm::*;
    use lambda_api::enums::EventSourcePosition;
    use lambda_api::operations::create_event_source_mapping::CreateEventSourceMappingInput;
    use lambda_api::operations::list_event_source_mappings::ListEventSourceMappingsInput;
    use lambda_api::operations::update_event_source_mapping::UpdateEventSourceMappingInput;

    const QUEUE: &str = "arn:aws:sqs:us-east-1:123456789012:queue";
    const STREAM: &str = "arn:aws:kinesis:us-east-1:123456789012:stream/s";

    fn esm(source: &str, function: &str) -> CreateEventSourceMappingInput {
        CreateEventSourceMappingInput::builder().event_source_arn(source).function_name(function).build().unwrap()
    }

    #[test]
    fn sqs_mapping_lifecycle() {
        let mut s = store_with("f");
        let m = create_event_source_mapping(&mut s, esm(QUEUE, "f")).unwrap();
        assert_eq!(m.state.as_deref(), Some("Creating"));
        assert_eq!(m.batch_size, Some(10));
        assert_eq!(m.function_arn, Some(format!("{ARN}:f")));
        let uuid = m.uuid.unwrap();
        assert_eq!(get_event_source_mapping(&s, &uuid).unwrap().state.as_deref(), Some("Enabled"));
        assert_eq!(
            code(create_event_source_mapping(&mut s, esm(QUEUE, "f")).unwrap_err()),
            "ResourceConflictException"
        );
        let u = update_event_source_mapping(
            &mut s,
            UpdateEventSourceMappingInput::builder().uuid(uuid.clone()).enabled(false).batch_size(5).build().unwrap(),
        )
        .unwrap();
        assert_eq!(u.state.as_deref(), Some("Updating"));
        let got = get_event_source_mapping(&s, &uuid).unwrap();
        assert_eq!((got.state.as_deref(), got.batch_size), (Some("Disabled"), Some(5)));
        let d = delete_event_source_mapping(&mut s, &uuid).unwrap();
        assert_eq!(d.state.as_deref(), Some("Deleting"));
        assert_eq!(code(get_event_source_mapping(&s, &uuid).unwrap_err()), "ResourceNotFoundException");
    }

    #[test]
    fn source_rules() {
        let mut s = store_with("f");
        let mut bad = esm(QUEUE, "f");
        bad.starting_position = Some(EventSourcePosition::Latest);
        assert_eq!(code(create_event_source_mapping(&mut s, bad).unwrap_err()), "InvalidParameterValueException");
        let mut big = esm(QUEUE, "f");
        big.batch_size = Some(100);
        assert!(create_event_source_mapping(&mut s, big).is_err());
        assert!(create_event_source_mapping(&mut s, esm(STREAM, "f")).is_err());
        assert_eq!(
            code(create_event_source_mapping(&mut s, esm(QUEUE, "nope")).unwrap_err()),
            "ResourceNotFoundException"
        );
        let mut k = esm(STREAM, "f");
        k.starting_position = Some(EventSourcePosition::TrimHorizon);
        let m = create_event_source_mapping(&mut s, k).unwrap();
        assert_eq!(m.batch_size, Some(100));
        assert_eq!(m.parallelization_factor, Some(1));
        assert_eq!(m.maximum_retry_attempts, Some(-1));
    }

    #[test]
    fn list_filters() {
        let mut s = store_with("f");
        create(&mut s, "g");
        crate::functions::publish(&mut s, "g", None).unwrap();
        create_event_source_mapping(&mut s, esm(QUEUE, "f")).unwrap();
        create_event_source_mapping(&mut s, esm(QUEUE, "g:1")).unwrap();
        create_event_source_mapping(&mut s, esm("arn:aws:sqs:us-east-1:123456789012:other", "g")).unwrap();
        let list = |source: Option<&str>, function: Option<&str>| {
            list_event_source_mappings(
                &s,
                ListEventSourceMappingsInput::builder()
                    .set_event_source_arn(source.map(Into::into))
                    .set_function_name(function.map(Into::into))
                    .build()
                    .unwrap(),
            )
            .unwrap()
            .event_source_mappings
            .unwrap()
            .len()
        };
        assert_eq!(list(None, None), 3);
        assert_eq!(list(Some(QUEUE), None), 2);
        assert_eq!(list(None, Some("g")), 2);
        assert_eq!(list(None, Some("g:1")), 1);
        assert_eq!(list(Some(QUEUE), Some("f")), 1);
        let page =
            list_event_source_mappings(&s, ListEventSourceMappingsInput::builder().max_items(2).build().unwrap())
                .unwrap();
        assert_eq!(page.event_source_mappings.unwrap().len(), 2);
        assert!(page.next_marker.is_some());
    }
}

mod tags {
    use super::*;
    use crate::tags::*;
    use std::collections::HashMap;

    fn tags(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn tag_list_untag_by_arn() {
        let mut s = store();
        let mut i = create_input("f");
        i.tags = Some(tags(&[("team", "a")]));
        crate::functions::create_function(&mut s, i).unwrap();
        let arn = format!("{ARN}:f");
        assert_eq!(list_tags(&s, &arn).unwrap(), tags(&[("team", "a")]));
        tag_resource(&mut s, &arn, tags(&[("env", "dev"), ("team", "b")])).unwrap();
        assert_eq!(list_tags(&s, &arn).unwrap(), tags(&[("env", "dev"), ("team", "b")]));
        untag_resource(&mut s, &arn, &["team".into()]).unwrap();
        assert_eq!(list_tags(&s, &arn).unwrap(), tags(&[("env", "dev")]));
        assert_eq!(code(list_tags(&s, &format!("{arn}:1")).unwrap_err()), "InvalidParameterValueException");
        assert_eq!(code(list_tags(&s, &format!("{ARN}:nope")).unwrap_err()), "ResourceNotFoundException");
        assert_eq!(code(list_tags(&s, "not-an-arn").unwrap_err()), "InvalidParameterValueException");
        let many: HashMap<_, _> = (0..51).map(|i| (format!("k{i}"), "v".to_string())).collect();
        assert_eq!(code(tag_resource(&mut s, &arn, many).unwrap_err()), "InvalidParameterValueException");
    }

    #[test]
    fn other_resources_are_taggable() {
        let mut s = store();
        let c = crate::code_signing::create_code_signing_config(
            &mut s,
            lambda_api::operations::create_code_signing_config::CreateCodeSigningConfigInput::default(),
        )
        .unwrap();
        tag_resource(&mut s, &c.code_signing_config_arn, tags(&[("a", "1")])).unwrap();
        assert_eq!(list_tags(&s, &c.code_signing_config_arn).unwrap(), tags(&[("a", "1")]));
        let esm_arn = s.scope.event_source_mapping_arn("00000000-0000-0000-0000-000000000000");
        assert_eq!(code(tag_resource(&mut s, &esm_arn, tags(&[("a", "1")])).unwrap_err()), "ResourceNotFoundException");
    }
}

mod code_signing {
    use super::*;
    use crate::code_signing::*;
    use lambda_api::enums::CodeSigningPolicy;
    use lambda_api::operations::create_code_signing_config::CreateCodeSigningConfigInput;
    use lambda_api::operations::list_code_signing_configs::ListCodeSigningConfigsInput;
    use lambda_api::operations::list_functions_by_code_signing_config::ListFunctionsByCodeSigningConfigInput;
    use lambda_api::operations::update_code_signing_config::UpdateCodeSigningConfigInput;
    use lambda_api::types::{AllowedPublishers, CodeSigningPolicies};

    #[test]
    fn lifecycle_and_attachment() {
        let mut s = store_with("f");
        let c = create_code_signing_config(
            &mut s,
            CreateCodeSigningConfigInput::builder()
                .allowed_publishers(
                    AllowedPublishers::builder()
                        .signing_profile_version_arns(vec![
                            "arn:aws:signer:us-east-1:123456789012:/signing-profiles/p/abc".into(),
                        ])
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .unwrap();
        let arn = c.code_signing_config_arn.clone();
        assert!(c.code_signing_config_id.starts_with("csc-") && c.code_signing_config_id.len() == 21);
        assert_eq!(c.code_signing_policies.untrusted_artifact_on_deployment, Some(CodeSigningPolicy::Warn));
        let u = update_code_signing_config(
            &mut s,
            UpdateCodeSigningConfigInput::builder()
                .code_signing_config_arn(arn.clone())
                .code_signing_policies(
                    CodeSigningPolicies::builder().untrusted_artifact_on_deployment(CodeSigningPolicy::Enforce).build(),
                )
                .build()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(u.code_signing_policies.untrusted_artifact_on_deployment, Some(CodeSigningPolicy::Enforce));
        assert_eq!(get_function_code_signing_config(&s, "f").unwrap().1, "");
        put_function_code_signing_config(&mut s, "f", &arn).unwrap();
        assert_eq!(get_function_code_signing_config(&s, "f").unwrap().1, arn);
        let users = list_functions_by_code_signing_config(
            &s,
            ListFunctionsByCodeSigningConfigInput::builder().code_signing_config_arn(arn.clone()).build().unwrap(),
        )
        .unwrap();
        assert_eq!(users.function_arns.unwrap(), [format!("{ARN}:f")]);
        assert_eq!(code(delete_code_signing_config(&mut s, &arn).unwrap_err()), "ResourceConflictException");
        let missing = s.scope.code_signing_config_arn("csc-00000000000000000");
        assert_eq!(
            code(put_function_code_signing_config(&mut s, "f", &missing).unwrap_err()),
            "CodeSigningConfigNotFoundException"
        );
        delete_function_code_signing_config(&mut s, "f").unwrap();
        delete_code_signing_config(&mut s, &arn).unwrap();
        assert_eq!(code(get_code_signing_config(&s, &arn).unwrap_err()), "ResourceNotFoundException");
        let list = list_code_signing_configs(&s, ListCodeSigningConfigsInput::default()).unwrap();
        assert!(list.code_signing_configs.unwrap().is_empty());
    }
}

mod event_invoke {
    use super::*;
    use crate::event_invoke::*;
    use lambda_api::operations::list_function_event_invoke_configs::ListFunctionEventInvokeConfigsInput;
    use lambda_api::operations::put_function_event_invoke_config::PutFunctionEventInvokeConfigInput;
    use lambda_api::operations::update_function_event_invoke_config::UpdateFunctionEventInvokeConfigInput;
    use lambda_api::types::{DestinationConfig, OnFailure};

    #[test]
    fn put_update_get_delete() {
        let mut s = store_with("f");
        assert_eq!(code(get_function_event_invoke_config(&s, "f", None).unwrap_err()), "ResourceNotFoundException");
        let c = put_function_event_invoke_config(
            &mut s,
            PutFunctionEventInvokeConfigInput::builder()
                .function_name("f")
                .maximum_retry_attempts(1)
                .maximum_event_age_in_seconds(300)
                .build()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(c.function_arn, Some(format!("{ARN}:f:$LATEST")));
        let u = update_function_event_invoke_config(
            &mut s,
            UpdateFunctionEventInvokeConfigInput::builder()
                .function_name("f")
                .destination_config(
                    DestinationConfig::builder()
                        .on_failure(OnFailure::builder().destination("arn:aws:sqs:us-east-1:123456789012:dlq").build())
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .unwrap();
        assert_eq!((u.maximum_retry_attempts, u.maximum_event_age_in_seconds), (Some(1), Some(300)));
        // Put replaces everything.
        let p = put_function_event_invoke_config(
            &mut s,
            PutFunctionEventInvokeConfigInput::builder().function_name("f").maximum_retry_attempts(0).build().unwrap(),
        )
        .unwrap();
        assert_eq!((p.maximum_event_age_in_seconds, p.destination_config), (None, None));
        let bad = PutFunctionEventInvokeConfigInput::builder()
            .function_name("f")
            .destination_config(
                DestinationConfig::builder()
                    .on_failure(
                        OnFailure::builder().destination("arn:aws:dynamodb:us-east-1:123456789012:table/t").build(),
                    )
                    .build(),
            )
            .build()
            .unwrap();
        assert_eq!(code(put_function_event_invoke_config(&mut s, bad).unwrap_err()), "InvalidParameterValueException");
        let list = list_function_event_invoke_configs(
            &s,
            ListFunctionEventInvokeConfigsInput::builder().function_name("f").build().unwrap(),
        )
        .unwrap();
        assert_eq!(list.function_event_invoke_configs.unwrap().len(), 1);
        delete_function_event_invoke_config(&mut s, "f", None).unwrap();
        assert!(delete_function_event_invoke_config(&mut s, "f", None).is_err());
        let e = update_function_event_invoke_config(
            &mut s,
            UpdateFunctionEventInvokeConfigInput::builder().function_name("f").build().unwrap(),
        )
        .unwrap_err();
        assert_eq!(code(e), "ResourceNotFoundException");
    }
}

mod invoke {
    use super::*;
    use crate::invoke::*;
    use base64::Engine;

    #[test]
    fn modes_and_payloads() {
        let s = store_with("f");
        let payload = lambda_rt::http::Bytes::from_static(br#"{"x":1}"#);
        let r = invoke(&s, "f", None, Mode::RequestResponse, true, Some(&payload), "req-1").unwrap();
        assert_eq!((r.status, &r.payload[..]), (200, br#"{"x":1}"#.as_slice()));
        assert_eq!(r.executed_version, "$LATEST");
        let log = base64::engine::general_purpose::STANDARD.decode(r.log_result.unwrap()).unwrap();
        assert!(String::from_utf8(log).unwrap().starts_with("START RequestId: req-1 Version: $LATEST"));
        let r =
            invoke(&s, "f", None, Mode::Event, true, Some(&lambda_rt::http::Bytes::from_static(b"{}")), "r").unwrap();
        assert_eq!((r.status, r.payload.len(), r.log_result), (202, 0, None));
        let r = invoke(&s, "f", None, Mode::DryRun, false, None, "r").unwrap();
        assert_eq!(r.status, 204);
        let r = invoke(&s, "f", None, Mode::RequestResponse, false, None, "r").unwrap();
        assert_eq!(r.payload, &b"{}"[..]);
        let e = invoke(
            &s,
            "f",
            None,
            Mode::RequestResponse,
            false,
            Some(&lambda_rt::http::Bytes::from_static(b"not json")),
            "r",
        )
        .unwrap_err();
        assert_eq!(code(e), "InvalidRequestContentException");
        let big = vec![b' '; ASYNC_PAYLOAD_LIMIT + 1];
        let e = invoke(&s, "f", None, Mode::Event, false, Some(&lambda_rt::http::Bytes::from(big.clone())), "r")
            .unwrap_err();
        assert_eq!(
            (e.code(), e.status(), e.message()),
            (
                "RequestEntityTooLargeException",
                413,
                "262145 byte payload is too large for the Event invocation type (limit 262144 bytes)"
            )
        );
        // The same payload is fine for a synchronous call (6 MB).
        assert!(invoke(
            &s,
            "f",
            None,
            Mode::RequestResponse,
            false,
            Some(&lambda_rt::http::Bytes::from(big.clone())),
            "r"
        )
        .is_err_and(|e| e.code() == "InvalidRequestContentException"));
        assert_eq!(
            code(invoke(&s, "g", None, Mode::Event, false, None, "r").unwrap_err()),
            "ResourceNotFoundException"
        );
    }

    #[test]
    fn chunks_cover_the_payload() {
        let chunked = |text: &'static [u8]| chunks(&lambda_rt::http::Bytes::from_static(text), 4);
        assert_eq!(chunked(b"abcdefghij"), [&b"abc"[..], b"def", b"ghi", b"j"]);
        assert_eq!(chunked(b"ab"), [&b"a"[..], b"b"]);
        assert_eq!(chunked(b""), [&b""[..]]);
    }
}

mod account {
    use super::*;

    #[test]
    fn usage_reflects_what_exists() {
        let mut s = store();
        let a = create(&mut s, "a");
        create(&mut s, "b");
        crate::functions::publish(&mut s, "a", None).unwrap();
        let size_a = a.code_size.unwrap();
        let size_b = zip("b").as_bytes().len() as i64;
        let usage = crate::account::get_account_settings(&s).account_usage.unwrap();
        assert_eq!(usage.function_count, Some(2));
        assert_eq!(usage.total_code_size, Some(2 * size_a + size_b));
    }
}
