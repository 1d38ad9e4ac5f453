//! Layers: versions, their permissions, and resolving the layers a function uses.

use crate::error::{check_revision, Fail, Res};
use crate::names::Scope;
use crate::package::{check_package, s3_reference};
use crate::policies::{check_policy_length, policy_document};
use crate::state::{LayerVersion, Store};
use crate::util::{new_uuid, now_iso, paginate, sha256_b64, Page};
use lambda_api::enums::{Architecture, Runtime};
use lambda_api::operations::add_layer_version_permission::{
    AddLayerVersionPermissionInput, AddLayerVersionPermissionOutput,
};
use lambda_api::operations::get_layer_version::GetLayerVersionOutput;
use lambda_api::operations::get_layer_version_policy::GetLayerVersionPolicyOutput;
use lambda_api::operations::list_layer_versions::{ListLayerVersionsInput, ListLayerVersionsOutput};
use lambda_api::operations::list_layers::{ListLayersInput, ListLayersOutput};
use lambda_api::operations::publish_layer_version::PublishLayerVersionInput;
use lambda_api::operations::remove_layer_version_permission::RemoveLayerVersionPermissionInput;
use lambda_api::types::{Layer as FunctionLayer, LayerVersionContentOutput, LayerVersionsListItem, LayersListItem};
use serde_json::json;

/// Most items one page of ListLayers or ListLayerVersions holds.
pub const LAYER_PAGE_CAP: usize = 50;

fn not_found() -> Fail {
    Fail::NotFound("The resource you requested does not exist.".into())
}

/// PublishLayerVersion: a new version numbered one past the highest ever published.
pub fn publish_layer_version(store: &mut Store, input: PublishLayerVersionInput) -> Res<GetLayerVersionOutput> {
    let name = store.scope.parse_layer(&input.layer_name)?;
    let reference = s3_reference(
        input.content.s3_object_storage_mode.as_ref(),
        (
            input.content.s3_bucket.as_deref(),
            input.content.s3_key.as_deref(),
            input.content.s3_object_version.as_deref(),
        ),
    )?;
    let (sha, size) = match (&input.content.zip_file, &input.content.s3_bucket, &input.content.s3_key) {
        (Some(z), _, _) => {
            check_package(z.as_bytes())?;
            (sha256_b64(z.as_bytes()), z.as_bytes().len() as i64)
        }
        (None, Some(b), Some(k)) => (sha256_b64(format!("s3://{b}/{k}").as_bytes()), 0),
        _ => {
            return Err(Fail::InvalidParameter(
                "Please provide the layer content: ZipFile, or S3Bucket and S3Key.".into(),
            ))
        }
    };
    let scope = store.scope.clone();
    let layer = store.layers.entry(name.clone()).or_default();
    let version = layer.last_version + 1;
    let content = LayerVersionContentOutput::builder()
        .location(format!(
            "https://awslambda-{r}-layers.s3.{r}.amazonaws.com/snapshots/{a}/{name}-{v}",
            r = scope.region,
            a = scope.account,
            v = new_uuid()
        ))
        .code_sha256(sha)
        .code_size(size)
        .set_resolved_s3_object(reference)
        .build();
    let info = GetLayerVersionOutput::builder()
        .set_compatible_architectures(input.compatible_architectures.clone().filter(|a| !a.is_empty()))
        .set_compatible_runtimes(input.compatible_runtimes.clone().filter(|r| !r.is_empty()))
        .content(content)
        .created_date(now_iso())
        .description(input.description.clone().unwrap_or_default())
        .layer_arn(scope.layer_arn(&name))
        .layer_version_arn(scope.layer_version_arn(&name, version))
        .set_license_info(input.license_info.clone())
        .version(version)
        .build();
    layer.last_version = version;
    layer
        .versions
        .insert(version, LayerVersion { info: info.clone(), statements: Vec::new(), policy_revision: new_uuid() });
    Ok(info)
}

fn version_ref<'a>(store: &'a Store, layer_name: &str, version: i64) -> Res<(&'a LayerVersion, String)> {
    let name = store.scope.parse_layer(layer_name)?;
    let v = store.layers.get(&name).and_then(|l| l.versions.get(&version)).ok_or_else(not_found)?;
    Ok((v, name))
}

fn version_mut<'a>(store: &'a mut Store, layer_name: &str, version: i64) -> Res<&'a mut LayerVersion> {
    let name = store.scope.parse_layer(layer_name)?;
    store.layers.get_mut(&name).and_then(|l| l.versions.get_mut(&version)).ok_or_else(not_found)
}

/// GetLayerVersion.
pub fn get_layer_version(store: &Store, layer_name: &str, version: i64) -> Res<GetLayerVersionOutput> {
    Ok(version_ref(store, layer_name, version)?.0.info.clone())
}

/// GetLayerVersionByArn.
pub fn get_layer_version_by_arn(store: &Store, arn: &str) -> Res<GetLayerVersionOutput> {
    let r = Scope::parse_layer_version_arn(arn)?;
    if r.account != store.scope.account || r.region != store.scope.region {
        return Err(not_found());
    }
    get_layer_version(store, &r.name, r.version)
}

/// DeleteLayerVersion. Deleting a version that does not exist succeeds, as in the service.
pub fn delete_layer_version(store: &mut Store, layer_name: &str, version: i64) -> Res<()> {
    let name = store.scope.parse_layer(layer_name)?;
    if let Some(l) = store.layers.get_mut(&name) {
        l.versions.remove(&version);
    }
    Ok(())
}

fn matches(info: &GetLayerVersionOutput, runtime: Option<&Runtime>, arch: Option<&Architecture>) -> bool {
    let rt_ok = runtime.is_none_or(|r| info.compatible_runtimes.as_ref().is_some_and(|rs| rs.contains(r)));
    let arch_ok = arch.is_none_or(|a| info.compatible_architectures.as_ref().is_some_and(|xs| xs.contains(a)));
    rt_ok && arch_ok
}

fn list_item(info: &GetLayerVersionOutput) -> LayerVersionsListItem {
    LayerVersionsListItem::builder()
        .set_compatible_architectures(info.compatible_architectures.clone())
        .set_compatible_runtimes(info.compatible_runtimes.clone())
        .set_created_date(info.created_date.clone())
        .set_description(info.description.clone())
        .set_layer_version_arn(info.layer_version_arn.clone())
        .set_license_info(info.license_info.clone())
        .set_version(info.version)
        .build()
}

/// ListLayers: each layer with its newest version that matches the filters.
pub fn list_layers(store: &Store, input: ListLayersInput) -> Res<ListLayersOutput> {
    let mut items = Vec::new();
    for (name, layer) in &store.layers {
        let latest = layer
            .versions
            .values()
            .rev()
            .find(|v| matches(&v.info, input.compatible_runtime.as_ref(), input.compatible_architecture.as_ref()));
        if let Some(v) = latest {
            items.push((
                name.clone(),
                LayersListItem::builder()
                    .layer_name(name.clone())
                    .layer_arn(store.scope.layer_arn(name))
                    .latest_matching_version(list_item(&v.info))
                    .build(),
            ));
        }
    }
    let Page { items, next_marker } = paginate(items, input.marker.as_deref(), input.max_items, LAYER_PAGE_CAP)?;
    Ok(ListLayersOutput::builder().layers(items).set_next_marker(next_marker).build())
}

/// ListLayerVersions: newest first.
pub fn list_layer_versions(store: &Store, input: ListLayerVersionsInput) -> Res<ListLayerVersionsOutput> {
    let name = store.scope.parse_layer(&input.layer_name)?;
    let mut items = Vec::new();
    if let Some(layer) = store.layers.get(&name) {
        for (n, v) in &layer.versions {
            if matches(&v.info, input.compatible_runtime.as_ref(), input.compatible_architecture.as_ref()) {
                items.push((format!("{:020}", i64::MAX - n), list_item(&v.info)));
            }
        }
    }
    let Page { items, next_marker } = paginate(items, input.marker.as_deref(), input.max_items, LAYER_PAGE_CAP)?;
    Ok(ListLayerVersionsOutput::builder().layer_versions(items).set_next_marker(next_marker).build())
}

/// AddLayerVersionPermission: grants an account (or every account, optionally limited to an
/// organization) use of a layer version.
pub fn add_layer_version_permission(
    store: &mut Store,
    input: AddLayerVersionPermissionInput,
) -> Res<AddLayerVersionPermissionOutput> {
    let v = version_mut(store, &input.layer_name, input.version_number)?;
    check_revision(input.revision_id.as_deref(), Some(v.policy_revision.as_str()), "GetLayerVersionPolicy")?;
    if v.statements.iter().any(|s| s.get("Sid").and_then(|x| x.as_str()) == Some(input.statement_id.as_str())) {
        return Err(Fail::Conflict(
            "The statement id (sid) provided already exists. Please choose a new statement id, or remove the existing statement."
                .into(),
        ));
    }
    let principal = match input.principal.as_str() {
        "*" => json!("*"),
        p if p.len() == 12 && p.bytes().all(|b| b.is_ascii_digit()) => {
            json!({ "AWS": format!("arn:aws:iam::{p}:root") })
        }
        p if p.starts_with("arn:") => json!({ "AWS": p }),
        p => {
            return Err(Fail::InvalidParameter(format!(
                "The principal {p} is not valid: use an account id, an IAM ARN or *."
            )))
        }
    };
    if input.organization_id.is_some() && input.principal != "*" {
        return Err(Fail::InvalidParameter("OrganizationId can only be used when Principal is *.".into()));
    }
    let mut statement = json!({
        "Sid": input.statement_id,
        "Effect": "Allow",
        "Principal": principal,
        "Action": input.action,
        "Resource": v.info.layer_version_arn.clone().unwrap_or_default(),
    });
    if let Some(org) = &input.organization_id {
        statement["Condition"] = json!({ "StringEquals": { "aws:PrincipalOrgID": org } });
    }
    let mut statements = v.statements.clone();
    statements.push(statement.clone());
    check_policy_length(&statements)?;
    v.statements = statements;
    v.policy_revision = new_uuid();
    Ok(AddLayerVersionPermissionOutput::builder()
        .statement(statement.to_string())
        .revision_id(v.policy_revision.clone())
        .build())
}

/// GetLayerVersionPolicy.
pub fn get_layer_version_policy(store: &Store, layer_name: &str, version: i64) -> Res<GetLayerVersionPolicyOutput> {
    let (v, _) = version_ref(store, layer_name, version)?;
    if v.statements.is_empty() {
        return Err(Fail::NotFound("No policy is associated with the given resource.".into()));
    }
    Ok(GetLayerVersionPolicyOutput::builder()
        .policy(policy_document(&v.statements))
        .revision_id(v.policy_revision.clone())
        .build())
}

/// RemoveLayerVersionPermission.
pub fn remove_layer_version_permission(store: &mut Store, input: RemoveLayerVersionPermissionInput) -> Res<()> {
    let v = version_mut(store, &input.layer_name, input.version_number)?;
    check_revision(input.revision_id.as_deref(), Some(v.policy_revision.as_str()), "GetLayerVersionPolicy")?;
    let before = v.statements.len();
    v.statements.retain(|s| s.get("Sid").and_then(|x| x.as_str()) != Some(input.statement_id.as_str()));
    if v.statements.len() == before {
        return Err(Fail::NotFound(format!("Statement {} is not found in resource policy.", input.statement_id)));
    }
    v.policy_revision = new_uuid();
    Ok(())
}

/// Resolves the layer version ARNs a function lists into its `Layers`. A layer of this
/// account and Region must exist; another account's layer is taken as given. One layer may
/// appear only once.
pub fn resolve_layers(store: &Store, arns: &[String]) -> Res<Vec<FunctionLayer>> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for arn in arns {
        let r = Scope::parse_layer_version_arn(arn)?;
        if !seen.insert((r.account.clone(), r.region.clone(), r.name.clone())) {
            return Err(Fail::InvalidParameter(
                "Two different versions of the same layer are not allowed to be referenced in the same function."
                    .into(),
            ));
        }
        let size = if r.account == store.scope.account && r.region == store.scope.region {
            let v = store
                .layers
                .get(&r.name)
                .and_then(|l| l.versions.get(&r.version))
                .ok_or_else(|| Fail::InvalidParameter(format!("Layer version {arn} does not exist.")))?;
            v.info.content.as_ref().and_then(|c| c.code_size).unwrap_or(0)
        } else {
            0
        };
        out.push(FunctionLayer::builder().arn(arn.clone()).code_size(size).build());
    }
    Ok(out)
}

/// Total code size of every layer version.
pub fn layers_code_size(store: &Store) -> i64 {
    store
        .layers
        .values()
        .flat_map(|l| l.versions.values())
        .map(|v| v.info.content.as_ref().and_then(|c| c.code_size).unwrap_or(0))
        .sum()
}
