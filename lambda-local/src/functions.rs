//! Functions and their versions: create, read, update, delete, list, publish, and runtime
//! management settings.

use crate::capacity_providers::{check_assignable, provider_of};
use crate::error::{check_revision, Fail, Res};
use crate::layers::resolve_layers;
use crate::names::as_version;
use crate::package::{check_package, s3_reference};
use crate::state::{Function, RuntimeManagement, Store, Target, Version, LATEST_PUBLISHED};
use crate::util::{canonical_sha256_hex, new_uuid, now_iso, paginate, random_hex, sha256_b64, sha256_hex};
use crate::util::{version_name_key, Page};
use lambda_api::enums::{
    Architecture, DirectS3Read, FunctionVersion, FunctionVersionLatestPublished, LastUpdateStatus, LogFormat,
    PackageType, S3ObjectStorageMode, SnapStartApplyOn, SnapStartOptimizationStatus, State, TracingMode,
    UpdateRuntimeOn,
};
use lambda_api::operations::create_function::CreateFunctionInput;
use lambda_api::operations::delete_function::DeleteFunctionInput;
use lambda_api::operations::get_function::{GetFunctionInput, GetFunctionOutput};
use lambda_api::operations::get_runtime_management_config::{
    GetRuntimeManagementConfigInput, GetRuntimeManagementConfigOutput,
};
use lambda_api::operations::list_functions::{ListFunctionsInput, ListFunctionsOutput};
use lambda_api::operations::list_versions_by_function::{ListVersionsByFunctionInput, ListVersionsByFunctionOutput};
use lambda_api::operations::publish_version::PublishVersionInput;
use lambda_api::operations::put_runtime_management_config::{
    PutRuntimeManagementConfigInput, PutRuntimeManagementConfigOutput,
};
use lambda_api::operations::update_function_code::UpdateFunctionCodeInput;
use lambda_api::operations::update_function_configuration::UpdateFunctionConfigurationInput;
use lambda_api::types::{
    CapacityProviderConfig, Concurrency, DeadLetterConfig, Environment, EnvironmentResponse, EphemeralStorage,
    FileSystemConfig, FunctionCodeLocation, FunctionConfiguration, ImageConfig, ImageConfigResponse, LoggingConfig,
    ResolvedS3Object, RuntimeVersionConfig, S3FilesConfig, SnapStartResponse, TracingConfigResponse, VpcConfig,
    VpcConfigResponse,
};

/// Most items one page of ListFunctions or ListVersionsByFunction holds.
pub const FUNCTION_PAGE_CAP: usize = 50;

/// Where the code of a version comes from, and its identity.
struct Code {
    sha256: String,
    size: i64,
    image_uri: Option<String>,
    /// The S3 object a `REFERENCE` package stays in.
    s3_reference: Option<ResolvedS3Object>,
}

fn code_identity(
    package_type: &PackageType,
    zip_file: Option<&[u8]>,
    s3: (Option<&str>, Option<&str>, Option<&str>),
    image_uri: Option<&str>,
    storage_mode: Option<&S3ObjectStorageMode>,
) -> Res<Code> {
    let s3_reference = s3_reference(storage_mode, s3)?;
    let code = match package_type {
        PackageType::Zip => {
            if image_uri.is_some() {
                return Err(Fail::InvalidParameter(
                    "Please don't provide ImageUri when the intended function PackageType is Zip.".into(),
                ));
            }
            match (zip_file, s3) {
                (Some(bytes), _) => {
                    check_package(bytes)?;
                    Ok(Code {
                        sha256: sha256_b64(bytes),
                        size: bytes.len() as i64,
                        image_uri: None,
                        s3_reference: None,
                    })
                }
                (None, (Some(bucket), Some(key), version)) => {
                    // No S3 here: the object's address stands in for its content.
                    let location = match version {
                        Some(v) => format!("s3://{bucket}/{key}?versionId={v}"),
                        None => format!("s3://{bucket}/{key}"),
                    };
                    Ok(Code { sha256: sha256_b64(location.as_bytes()), size: 0, image_uri: None, s3_reference: None })
                }
                (None, (Some(_), None, _)) | (None, (None, Some(_), _)) => {
                    Err(Fail::InvalidParameter("Both S3Bucket and S3Key must be provided.".into()))
                }
                _ => Err(Fail::InvalidParameter(
                    "Please provide a source for function code: ZipFile, or S3Bucket and S3Key.".into(),
                )),
            }
        }
        PackageType::Image => {
            if zip_file.is_some() || s3.0.is_some() || s3.1.is_some() {
                return Err(Fail::InvalidParameter(
                    "Please provide ImageUri (and no ZipFile or S3 location) when the intended function PackageType is Image."
                        .into(),
                ));
            }
            let uri = image_uri.ok_or_else(|| {
                Fail::InvalidParameter("ImageUri is required when the intended function PackageType is Image.".into())
            })?;
            Ok(Code {
                sha256: sha256_hex(uri.as_bytes()),
                size: 0,
                image_uri: Some(uri.to_string()),
                s3_reference: None,
            })
        }
        other => Err(Fail::InvalidParameter(format!("Unsupported PackageType: {other}"))),
    };
    code.map(|c| Code { s3_reference, ..c })
}

fn runtime_version_config(store: &Store, c: &FunctionConfiguration) -> Option<RuntimeVersionConfig> {
    let runtime = c.runtime.as_ref()?;
    let arn = format!(
        "arn:{}:lambda:{}::runtime:{}",
        crate::names::partition(&store.scope.region),
        store.scope.region,
        sha256_hex(runtime.as_str().as_bytes())
    );
    Some(RuntimeVersionConfig::builder().runtime_version_arn(arn).build())
}

fn vpc_response(v: VpcConfig) -> Option<VpcConfigResponse> {
    let subnets = v.subnet_ids.unwrap_or_default();
    let groups = v.security_group_ids.unwrap_or_default();
    if subnets.is_empty() && groups.is_empty() {
        return None;
    }
    let vpc_id = format!("vpc-{}", random_hex(17));
    Some(
        VpcConfigResponse::builder()
            .subnet_ids(subnets)
            .security_group_ids(groups)
            .vpc_id(vpc_id)
            .set_ipv6_allowed_for_dual_stack(v.ipv6_allowed_for_dual_stack)
            .build(),
    )
}

fn logging_config(name: &str, given: Option<LoggingConfig>, old: Option<LoggingConfig>) -> LoggingConfig {
    let mut c = old.unwrap_or_else(|| {
        LoggingConfig::builder().log_format(LogFormat::Text).log_group(format!("/aws/lambda/{name}")).build()
    });
    if let Some(g) = given {
        if g.log_format.is_some() {
            c.log_format = g.log_format;
        }
        if g.log_group.is_some() {
            c.log_group = g.log_group;
        }
        if g.application_log_level.is_some() {
            c.application_log_level = g.application_log_level;
        }
        if g.system_log_level.is_some() {
            c.system_log_level = g.system_log_level;
        }
    }
    if c.log_format == Some(LogFormat::Json) {
        if c.application_log_level.is_none() {
            c.application_log_level = Some(lambda_api::enums::ApplicationLogLevel::Info);
        }
        if c.system_log_level.is_none() {
            c.system_log_level = Some(lambda_api::enums::SystemLogLevel::Info);
        }
    }
    c
}

fn environment_response(e: Environment) -> EnvironmentResponse {
    EnvironmentResponse::builder().variables(e.variables.unwrap_or_default()).build()
}

fn tracing_response(mode: Option<TracingMode>) -> TracingConfigResponse {
    TracingConfigResponse::builder().mode(mode.unwrap_or(TracingMode::PassThrough)).build()
}

fn image_config_response(ic: ImageConfig) -> ImageConfigResponse {
    ImageConfigResponse::builder().image_config(ic).build()
}

fn snap_start_response(apply_on: SnapStartApplyOn) -> SnapStartResponse {
    SnapStartResponse::builder().apply_on(apply_on).optimization_status(SnapStartOptimizationStatus::Off).build()
}

/// File systems as stored: an Amazon S3 Files access point gets `DirectS3Read` `AUTO` unless
/// set, and `S3FilesConfig` is refused for any other access point.
fn file_systems(given: Option<Vec<FileSystemConfig>>) -> Res<Option<Vec<FileSystemConfig>>> {
    let Some(mut list) = given.filter(|f| !f.is_empty()) else {
        return Ok(None);
    };
    for fs in &mut list {
        let s3_files = fs.arn.split(':').nth(2) == Some("s3files");
        match (&mut fs.s3_files_config, s3_files) {
            (Some(_), false) => {
                return Err(Fail::InvalidParameter(format!(
                    "S3FilesConfig is only valid for an Amazon S3 Files access point, not {}",
                    fs.arn
                )))
            }
            (Some(c), true) => {
                c.direct_s3_read = Some(c.direct_s3_read.take().unwrap_or(DirectS3Read::Auto));
            }
            (None, true) => {
                fs.s3_files_config = Some(S3FilesConfig::builder().direct_s3_read(DirectS3Read::Auto).build());
            }
            (None, false) => {}
        }
    }
    Ok(Some(list))
}

/// The state of `$LATEST`: a function on a capacity provider runs only published versions.
fn latest_state(c: &FunctionConfiguration) -> State {
    if provider_of(c).is_some() {
        State::ActiveNonInvocable
    } else {
        State::Active
    }
}

/// Parts of a configuration that are not identity, revision, time or state.
fn content_of(c: &FunctionConfiguration) -> FunctionConfiguration {
    let mut content = c.clone();
    content.function_arn = None;
    content.version = None;
    content.revision_id = None;
    content.last_modified = None;
    content.state = None;
    content.state_reason = None;
    content.state_reason_code = None;
    content.last_update_status = None;
    content.last_update_status_reason = None;
    content.last_update_status_reason_code = None;
    content.config_sha256 = None;
    content
}

/// Sets `ConfigSha256`: the hex SHA-256 of the configuration's content (code hash and every
/// setting, not its ARN, version, revision, time or state), so equal settings hash equally.
fn seal(c: &mut FunctionConfiguration) -> Res<()> {
    c.config_sha256 = Some(canonical_sha256_hex(&content_of(c))?);
    Ok(())
}

/// Where a request publishes to: nowhere, a new numbered version or `$LATEST.PUBLISHED`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublishTo {
    /// Only `$LATEST` changes.
    Nowhere,
    /// A new numbered version (`Publish`).
    NewVersion,
    /// `$LATEST.PUBLISHED` (`PublishTo` `LATEST_PUBLISHED`), replaced in place.
    LatestPublished,
}

/// Reads `Publish` and `PublishTo` of CreateFunction and UpdateFunctionCode: `PublishTo`
/// publishes by itself, and may not be combined with `Publish` set to false.
fn publish_target(publish: Option<bool>, to: Option<&FunctionVersionLatestPublished>) -> Res<PublishTo> {
    match (publish, to) {
        (_, Some(FunctionVersionLatestPublished::LatestPublished)) if publish == Some(false) => {
            Err(Fail::InvalidParameter(
                "PublishTo LATEST_PUBLISHED publishes; it cannot be combined with Publish false.".into(),
            ))
        }
        (_, Some(FunctionVersionLatestPublished::LatestPublished)) => Ok(PublishTo::LatestPublished),
        (_, Some(other)) => Err(Fail::InvalidParameter(format!("Invalid PublishTo: {other}"))),
        (Some(true), None) => Ok(PublishTo::NewVersion),
        (_, None) => Ok(PublishTo::Nowhere),
    }
}

fn check_code_signing_config(store: &Store, arn: Option<&str>) -> Res<()> {
    match arn {
        Some(a) if !store.code_signing_configs.contains_key(a) => {
            Err(Fail::CodeSigningConfigNotFound(format!("Code signing configuration not found: {a}")))
        }
        _ => Ok(()),
    }
}

/// CreateFunction. Returns the configuration of `$LATEST`, or of version 1 with `Publish`.
pub fn create_function(store: &mut Store, input: CreateFunctionInput) -> Res<FunctionConfiguration> {
    let name = store.scope.parse_unqualified(&input.function_name)?;
    if store.functions.contains_key(&name) {
        return Err(Fail::Conflict(format!("Function already exist: {name}")));
    }
    let package_type = input.package_type.clone().unwrap_or(PackageType::Zip);
    let code = code_identity(
        &package_type,
        input.code.zip_file.as_ref().map(|b| b.as_bytes()),
        (input.code.s3_bucket.as_deref(), input.code.s3_key.as_deref(), input.code.s3_object_version.as_deref()),
        input.code.image_uri.as_deref(),
        input.code.s3_object_storage_mode.as_ref(),
    )?;
    match package_type {
        // A customer-managed runtime (RuntimeConfig) stands in for Runtime.
        PackageType::Zip if input.runtime.is_none() && input.runtime_config.is_none() => {
            return Err(Fail::InvalidParameter(
                "Runtime and Handler are mandatory parameters for functions created with deployment packages.".into(),
            ))
        }
        PackageType::Zip if input.handler.is_none() => {
            return Err(Fail::InvalidParameter(
                "Runtime and Handler are mandatory parameters for functions created with deployment packages.".into(),
            ))
        }
        PackageType::Image if input.runtime.is_some() || input.handler.is_some() || input.layers.is_some() => {
            return Err(Fail::InvalidParameter(
                "Please don't provide Handler or Runtime or Layer when the intended function PackageType is Image."
                    .into(),
            ))
        }
        _ => {}
    }
    check_code_signing_config(store, input.code_signing_config_arn.as_deref())?;
    let publish_to = publish_target(input.publish, input.publish_to.as_ref())?;
    check_managed_instances(
        store,
        input.capacity_provider_config.as_ref(),
        input.tenancy_config.is_some(),
        publish_to,
        if publish_to == PublishTo::Nowhere { 1 } else { 2 },
    )?;
    let file_system_configs = file_systems(input.file_system_configs.clone())?;
    let layers = match &input.layers {
        Some(l) if !l.is_empty() => Some(resolve_layers(store, l)?),
        _ => None,
    };
    let durable_config = crate::durable::config::for_new_function(input.durable_config.clone())?;
    let snap_apply = input.snap_start.as_ref().and_then(|s| s.apply_on.clone()).unwrap_or(SnapStartApplyOn::None);
    let ephemeral_storage = match input.ephemeral_storage.clone() {
        Some(e) => e,
        None => EphemeralStorage::builder().size(512).build().map_err(Fail::incomplete_output)?,
    };
    let mut config = FunctionConfiguration::builder()
        .function_name(name.clone())
        .function_arn(store.scope.function_arn(&name))
        .set_runtime(input.runtime.clone())
        .role(input.role.clone())
        .set_handler(input.handler.clone())
        .code_size(code.size)
        .code_sha256(code.sha256)
        .description(input.description.clone().unwrap_or_default())
        .timeout(input.timeout.unwrap_or(3))
        .memory_size(input.memory_size.unwrap_or(128))
        .last_modified(now_iso())
        .version("$LATEST")
        .set_vpc_config(input.vpc_config.clone().and_then(vpc_response))
        .set_dead_letter_config(
            input.dead_letter_config.clone().filter(|d| d.target_arn.as_deref().is_some_and(|t| !t.is_empty())),
        )
        .set_environment(input.environment.clone().map(environment_response))
        .set_kms_key_arn(input.kms_key_arn.clone().filter(|k| !k.is_empty()))
        .tracing_config(tracing_response(input.tracing_config.as_ref().and_then(|t| t.mode.clone())))
        .revision_id(new_uuid())
        .set_layers(layers)
        .state(State::Active)
        .last_update_status(LastUpdateStatus::Successful)
        .package_type(package_type.clone())
        .set_image_config_response(input.image_config.clone().map(image_config_response))
        .architectures(
            input.architectures.clone().filter(|a| !a.is_empty()).unwrap_or_else(|| vec![Architecture::X8664]),
        )
        .ephemeral_storage(ephemeral_storage)
        .set_file_system_configs(file_system_configs)
        .snap_start(snap_start_response(snap_apply))
        .logging_config(logging_config(&name, input.logging_config.clone(), None))
        .set_tenancy_config(input.tenancy_config.clone())
        .set_capacity_provider_config(input.capacity_provider_config.clone())
        .set_runtime_config(input.runtime_config.clone())
        .set_accelerator_config(input.accelerator_config.clone())
        .build();
    config.runtime_version_config = runtime_version_config(store, &config);
    config.durable_config = durable_config;
    config.state = Some(latest_state(&config));
    seal(&mut config)?;
    let mut function = Function::new(Version {
        config,
        image_uri: code.image_uri,
        s3_reference: code.s3_reference,
        source_kms_key_arn: input.code.source_kms_key_arn.clone().filter(|k| !k.is_empty()),
    });
    function.tags = input.tags.clone().unwrap_or_default().into_iter().collect();
    function.code_signing_config_arn = input.code_signing_config_arn.clone();
    let latest = function.latest.config.clone();
    store.functions.insert(name.clone(), function);
    match publish_to {
        PublishTo::Nowhere => Ok(latest),
        to => publish_as(store, &name, None, to),
    }
}

/// The rules of functions on a capacity provider (Lambda Managed Instances): the provider must
/// be `Active` with room for `adding` versions, tenant isolation is not available there, and
/// only their functions publish to `$LATEST.PUBLISHED`.
fn check_managed_instances(
    store: &Store,
    provider: Option<&CapacityProviderConfig>,
    tenant_isolation: bool,
    publish_to: PublishTo,
    adding: usize,
) -> Res<()> {
    match provider {
        Some(p) => {
            if tenant_isolation {
                return Err(Fail::InvalidParameter(
                    "TenancyConfig cannot be combined with CapacityProviderConfig: functions on a capacity provider share its instances."
                        .into(),
                ));
            }
            check_assignable(store, p, adding)
        }
        None if publish_to == PublishTo::LatestPublished => Err(Fail::InvalidParameter(
            "PublishTo LATEST_PUBLISHED is only for functions on a capacity provider (CapacityProviderConfig).".into(),
        )),
        None => Ok(()),
    }
}

/// The configuration a qualifier names. With a qualifier the ARN is qualified with it; an
/// alias shows the configuration of its primary version.
pub fn render_config(store: &Store, name: &str, qualifier: Option<&str>) -> Res<FunctionConfiguration> {
    let f = store.function(name)?;
    let version = version_for(store, f, name, qualifier)?;
    Ok(config_of(store, version, name, qualifier))
}

/// The version a qualifier names, or the service's not-found error.
fn version_for<'a>(store: &Store, f: &'a Function, name: &str, qualifier: Option<&str>) -> Res<&'a Version> {
    let target = store.target(name, qualifier)?;
    f.version_of(&target)
        .ok_or_else(|| Fail::NotFound(format!("Function not found: {}", store.scope.qualified_arn(name, qualifier))))
}

/// A version's configuration as it is answered: with the qualified ARN when asked by qualifier.
fn config_of(store: &Store, version: &Version, name: &str, qualifier: Option<&str>) -> FunctionConfiguration {
    let mut c = version.config.clone();
    if let Some(q) = qualifier {
        c.function_arn = Some(store.scope.qualified_arn(name, Some(q)));
    }
    c
}

/// GetFunctionConfiguration.
pub fn get_function_configuration(
    store: &Store,
    function_name: &str,
    qualifier: Option<&str>,
) -> Res<FunctionConfiguration> {
    let r = store.scope.parse_function_with(function_name, qualifier)?;
    render_config(store, &r.name, r.qualifier.as_deref())
}

/// GetFunction: configuration, code location, tags and reserved concurrency.
pub fn get_function(store: &Store, input: GetFunctionInput) -> Res<GetFunctionOutput> {
    let r = store.scope.parse_function_with(&input.function_name, input.qualifier.as_deref())?;
    let (name, qualifier) = (r.name.as_str(), r.qualifier.as_deref());
    let f = store.function(name)?;
    let version = version_for(store, f, name, qualifier)?;
    // Members are assigned in place: the output is large (1.7 KB), and a builder moves it
    // whole at every step.
    let mut out = GetFunctionOutput::default();
    let config = out.configuration.insert(config_of(store, version, name, qualifier));
    let code = out.code.insert(FunctionCodeLocation::default());
    match &version.image_uri {
        Some(uri) => {
            code.repository_type = Some("ECR".to_string());
            let repository = uri.split(':').next().unwrap_or(uri);
            let digest = config.code_sha256.as_deref().unwrap_or_default();
            code.resolved_image_uri = Some(format!("{repository}@sha256:{digest}"));
            code.image_uri = Some(uri.clone());
        }
        None => {
            code.repository_type = Some("S3".to_string());
            // Written piece by piece: `format!` costs several times as much, on every GetFunction.
            let (region, account) = (&store.scope.region, &store.scope.account);
            let id = config.revision_id.as_deref().unwrap_or_default();
            let mut location = String::with_capacity(96 + 2 * region.len() + name.len());
            let pieces = ["https://awslambda-", region, "-tasks.s3.", region, ".amazonaws.com/snapshots/", account];
            for piece in pieces.into_iter().chain(["/", name, "-", id]) {
                location.push_str(piece);
            }
            code.location = Some(location);
            code.resolved_s3_object = version.s3_reference.clone();
        }
    }
    code.source_kms_key_arn = version.source_kms_key_arn.clone();
    out.tags = (!f.tags.is_empty()).then(|| f.tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
    out.concurrency = f.reserved_concurrency.map(|n| Concurrency::builder().reserved_concurrent_executions(n).build());
    Ok(out)
}

/// Marks a change of `$LATEST`: time, revision, status, state and `ConfigSha256`.
fn touch(c: &mut FunctionConfiguration) -> Res<()> {
    c.last_modified = Some(now_iso());
    c.revision_id = Some(new_uuid());
    c.last_update_status = Some(LastUpdateStatus::Successful);
    c.state = Some(latest_state(c));
    seal(c)
}

/// UpdateFunctionCode. Returns the new `$LATEST` configuration, or the published version's with
/// `Publish`.
pub fn update_function_code(store: &mut Store, input: UpdateFunctionCodeInput) -> Res<FunctionConfiguration> {
    let name = store.scope.parse_unqualified(&input.function_name)?;
    let f = store.function(&name)?;
    check_revision(input.revision_id.as_deref(), f.latest.config.revision_id.as_deref(), "GetFunction")?;
    let package_type = f.latest.config.package_type.clone().unwrap_or(PackageType::Zip);
    let code = code_identity(
        &package_type,
        input.zip_file.as_ref().map(|b| b.as_bytes()),
        (input.s3_bucket.as_deref(), input.s3_key.as_deref(), input.s3_object_version.as_deref()),
        input.image_uri.as_deref(),
        input.s3_object_storage_mode.as_ref(),
    )?;
    let publish_to = publish_target(input.publish, input.publish_to.as_ref())?;
    check_publish(store, f, publish_to)?;
    if input.dry_run == Some(true) {
        return Ok(f.latest.config.clone());
    }
    let f = store.function_mut(&name)?;
    let c = &mut f.latest.config;
    c.code_sha256 = Some(code.sha256);
    c.code_size = Some(code.size);
    if let Some(a) = input.architectures.clone().filter(|a| !a.is_empty()) {
        c.architectures = Some(a);
    }
    touch(c)?;
    f.latest.image_uri = code.image_uri;
    f.latest.s3_reference = code.s3_reference;
    f.latest.source_kms_key_arn = input.source_kms_key_arn.filter(|k| !k.is_empty());
    let latest = f.latest.config.clone();
    match publish_to {
        PublishTo::Nowhere => Ok(latest),
        to => publish_as(store, &name, None, to),
    }
}

/// Checks that `$LATEST` may be published where asked: `$LATEST.PUBLISHED` only on a capacity
/// provider, and a new version only while the provider has room for it.
fn check_publish(store: &Store, f: &Function, to: PublishTo) -> Res<()> {
    let provider = f.latest.config.capacity_provider_config.as_ref();
    let adding = match to {
        PublishTo::Nowhere => return Ok(()),
        PublishTo::NewVersion => 1,
        // Republishing in place on the same provider takes no more room.
        PublishTo::LatestPublished => match &f.latest_published {
            Some(v) if provider_of(&v.config) == provider_of(&f.latest.config) => 0,
            _ => 1,
        },
    };
    check_managed_instances(store, provider, false, to, adding)
}

/// UpdateFunctionConfiguration: changes only what the request sets.
pub fn update_function_configuration(
    store: &mut Store,
    input: UpdateFunctionConfigurationInput,
) -> Res<FunctionConfiguration> {
    let name = store.scope.parse_unqualified(&input.function_name)?;
    let f = store.function(&name)?;
    check_revision(input.revision_id.as_deref(), f.latest.config.revision_id.as_deref(), "GetFunction")?;
    let is_image = f.latest.config.package_type == Some(PackageType::Image);
    if is_image && (input.runtime.is_some() || input.handler.is_some() || input.layers.is_some()) {
        return Err(Fail::InvalidParameter(
            "Please don't provide Handler or Runtime or Layer when the intended function PackageType is Image.".into(),
        ));
    }
    let layers = match &input.layers {
        Some(l) if !l.is_empty() => Some(Some(resolve_layers(store, l)?)),
        Some(_) => Some(None),
        None => None,
    };
    let durable_config =
        crate::durable::config::updated(f.latest.config.durable_config.as_ref(), input.durable_config.clone())?;
    if let Some(p) = &input.capacity_provider_config {
        let same = provider_of(&f.latest.config)
            == Some(p.lambda_managed_instances_capacity_provider_config.capacity_provider_arn.as_str());
        let tenant_isolation = f.latest.config.tenancy_config.is_some();
        check_managed_instances(store, Some(p), tenant_isolation, PublishTo::Nowhere, usize::from(!same))?;
    }
    let file_system_configs = match input.file_system_configs {
        Some(fs) => Some(file_systems(Some(fs))?),
        None => None,
    };
    let runtime_changed = input.runtime.is_some();
    let f = store.function_mut(&name)?;
    let c = &mut f.latest.config;
    if let Some(v) = input.role {
        c.role = Some(v);
    }
    if let Some(v) = input.handler {
        c.handler = Some(v);
    }
    if let Some(v) = input.description {
        c.description = Some(v);
    }
    if let Some(v) = input.timeout {
        c.timeout = Some(v);
    }
    if let Some(v) = input.memory_size {
        c.memory_size = Some(v);
    }
    if let Some(v) = input.runtime {
        c.runtime = Some(v);
    }
    if let Some(v) = input.vpc_config {
        c.vpc_config = vpc_response(v);
    }
    if let Some(env) = input.environment {
        c.environment = Some(environment_response(env));
    }
    if let Some(d) = input.dead_letter_config {
        c.dead_letter_config =
            d.target_arn.filter(|t| !t.is_empty()).map(|t| DeadLetterConfig::builder().target_arn(t).build());
    }
    if let Some(k) = input.kms_key_arn {
        c.kms_key_arn = Some(k).filter(|k| !k.is_empty());
    }
    if let Some(t) = input.tracing_config {
        c.tracing_config = Some(tracing_response(t.mode));
    }
    if let Some(l) = layers {
        c.layers = l;
    }
    if let Some(fs) = file_system_configs {
        c.file_system_configs = fs;
    }
    if let Some(ic) = input.image_config {
        c.image_config_response = Some(image_config_response(ic));
    }
    if let Some(es) = input.ephemeral_storage {
        c.ephemeral_storage = Some(es);
    }
    if let Some(s) = input.snap_start {
        c.snap_start = Some(snap_start_response(s.apply_on.unwrap_or(SnapStartApplyOn::None)));
    }
    if input.logging_config.is_some() {
        c.logging_config = Some(logging_config(&name, input.logging_config, c.logging_config.clone()));
    }
    c.durable_config = durable_config;
    if let Some(p) = input.capacity_provider_config {
        c.capacity_provider_config = Some(p);
    }
    if let Some(r) = input.runtime_config {
        c.runtime_config = Some(r);
    }
    if let Some(a) = input.accelerator_config {
        c.accelerator_config = Some(a);
    }
    touch(c)?;
    let mut config = c.clone();
    if runtime_changed {
        config.runtime_version_config = runtime_version_config(store, &config);
        seal(&mut config)?;
        store.function_mut(&name)?.latest.config = config.clone();
    }
    Ok(config)
}

/// Whether two versions have the same code and configuration (a description or SnapStart
/// status of their own does not count).
fn same_content(a: &FunctionConfiguration, b: &FunctionConfiguration) -> bool {
    let strip = |c: &FunctionConfiguration| {
        let mut c = content_of(c);
        c.description = None;
        c.snap_start = None;
        c
    };
    strip(a) == strip(b)
}

/// Publishes `$LATEST` as a new numbered version, unless the last version has the same code
/// and configuration, in which case that version is returned.
pub fn publish(store: &mut Store, name: &str, description: Option<String>) -> Res<FunctionConfiguration> {
    publish_as(store, name, description, PublishTo::NewVersion)
}

/// Publishes `$LATEST` as a new numbered version or as `$LATEST.PUBLISHED`, unless the
/// version it would replace or follow has the same code and configuration, in which case that
/// version is returned.
pub fn publish_as(
    store: &mut Store,
    name: &str,
    description: Option<String>,
    to: PublishTo,
) -> Res<FunctionConfiguration> {
    let scope = store.scope.clone();
    let f = store.function_mut(name)?;
    let previous = match to {
        PublishTo::LatestPublished => f.latest_published.as_ref(),
        _ => f.versions.values().next_back(),
    };
    if let Some(last) = previous {
        if same_content(&last.config, &f.latest.config) {
            return Ok(last.config.clone());
        }
    }
    let number = f.last_version + 1;
    let version_name = match to {
        PublishTo::LatestPublished => LATEST_PUBLISHED.to_string(),
        _ => number.to_string(),
    };
    let mut version = f.latest.clone();
    let c = &mut version.config;
    c.version = Some(version_name.clone());
    c.function_arn = Some(scope.qualified_arn(name, Some(&version_name)));
    c.revision_id = Some(new_uuid());
    c.last_modified = Some(now_iso());
    // Published versions are invocable, on a capacity provider too.
    c.state = Some(State::Active);
    if let Some(d) = description {
        c.description = Some(d);
    }
    if let Some(s) = c.snap_start.as_mut() {
        if s.apply_on == Some(SnapStartApplyOn::PublishedVersions) {
            s.optimization_status = Some(SnapStartOptimizationStatus::On);
        }
    }
    seal(c)?;
    let out = version.config.clone();
    match to {
        PublishTo::LatestPublished => {
            f.latest_published = Some(version);
            // The scaling settings of the version it replaces no longer apply.
            f.scaling_configs.remove(LATEST_PUBLISHED);
        }
        _ => {
            f.last_version = number;
            f.versions.insert(number, version);
        }
    }
    Ok(out)
}

/// PublishVersion.
pub fn publish_version(store: &mut Store, input: PublishVersionInput) -> Res<FunctionConfiguration> {
    let name = store.scope.parse_unqualified(&input.function_name)?;
    let f = store.function(&name)?;
    check_revision(input.revision_id.as_deref(), f.latest.config.revision_id.as_deref(), "GetFunction")?;
    if let Some(given) = input.code_sha256.as_deref() {
        let current = f.latest.config.code_sha256.as_deref().unwrap_or_default();
        if given != current {
            return Err(Fail::InvalidParameter(format!(
                "CodeSHA256 ({given}) is different from current CodeSHA256 in $LATEST ({current}). Please try again with the current CodeSHA256."
            )));
        }
    }
    let to = match publish_target(Some(true), input.publish_to.as_ref())? {
        PublishTo::Nowhere => PublishTo::NewVersion,
        to => to,
    };
    check_publish(store, f, to)?;
    publish_as(store, &name, input.description, to)
}

/// DeleteFunction: the whole function, or one published version with a qualifier.
pub fn delete_function(store: &mut Store, input: DeleteFunctionInput) -> Res<()> {
    let r = store.scope.parse_function_with(&input.function_name, input.qualifier.as_deref())?;
    let name = r.name;
    let target = store.target(&name, r.qualifier.as_deref())?;
    match (r.qualifier.as_deref(), target) {
        (None, _) => {
            // Event source mappings stay, as the reference says: DeleteEventSourceMapping
            // removes them.
            store.functions.remove(&name);
            Ok(())
        }
        (Some(_), Target::Latest) => {
            Err(Fail::InvalidParameter("$LATEST version cannot be deleted without deleting the function.".into()))
        }
        (Some(q), Target::Alias(_)) => Err(Fail::InvalidParameter(format!(
            "Deletion of aliases is not supported by DeleteFunction ({q}); use DeleteAlias."
        ))),
        (Some(q), target @ (Target::Version(_) | Target::LatestPublished)) => {
            let f = store.function_mut(&name)?;
            let users = f.aliases_using(q);
            if !users.is_empty() {
                return Err(Fail::Conflict(format!(
                    "Unable to delete version because the following aliases reference it: [{}]",
                    users.join(", ")
                )));
            }
            match target {
                Target::Version(v) => {
                    f.versions.remove(&v);
                }
                _ => f.latest_published = None,
            }
            f.policies.remove(q);
            f.provisioned.remove(q);
            f.event_invoke_configs.remove(q);
            f.runtime_management.remove(q);
            f.scaling_configs.remove(q);
            Ok(())
        }
    }
}

/// ListFunctions: `$LATEST` of every function, or every version with `FunctionVersion=ALL`.
pub fn list_functions(store: &Store, input: ListFunctionsInput) -> Res<ListFunctionsOutput> {
    let all = match &input.function_version {
        None => false,
        Some(FunctionVersion::All) => true,
        Some(other) => {
            return Err(Fail::InvalidParameter(format!(
                "Invalid FunctionVersion: {other}; the only value allowed is ALL"
            )))
        }
    };
    if input.master_region.is_some() && !all {
        return Err(Fail::InvalidParameter("MasterRegion can only be used with FunctionVersion ALL.".into()));
    }
    let mut items = Vec::new();
    // Lambda@Edge replicas are never created here, so a MasterRegion filter finds nothing.
    if input.master_region.is_none() {
        for (name, f) in &store.functions {
            let mut latest = f.latest.config.clone();
            if all {
                latest.function_arn = Some(store.scope.qualified_arn(name, Some("$LATEST")));
            }
            items.push((format!("{name}\u{0}{}", version_name_key("$LATEST")), latest));
            if all {
                for (version, v) in f.all_versions().skip(1) {
                    items.push((format!("{name}\u{0}{}", version_name_key(&version)), v.config.clone()));
                }
            }
        }
    }
    let Page { items, next_marker } = paginate(items, input.marker.as_deref(), input.max_items, FUNCTION_PAGE_CAP)?;
    Ok(ListFunctionsOutput::builder().functions(items).set_next_marker(next_marker).build())
}

/// ListVersionsByFunction: `$LATEST` and every published version, oldest first.
pub fn list_versions_by_function(
    store: &Store,
    input: ListVersionsByFunctionInput,
) -> Res<ListVersionsByFunctionOutput> {
    let name = store.scope.parse_unqualified(&input.function_name)?;
    let f = store.function(&name)?;
    let mut latest = f.latest.config.clone();
    latest.function_arn = Some(store.scope.qualified_arn(&name, Some("$LATEST")));
    let mut items = vec![(version_name_key("$LATEST"), latest)];
    for (version, v) in f.all_versions().skip(1) {
        items.push((version_name_key(&version), v.config.clone()));
    }
    let Page { items, next_marker } = paginate(items, input.marker.as_deref(), input.max_items, FUNCTION_PAGE_CAP)?;
    Ok(ListVersionsByFunctionOutput::builder().versions(items).set_next_marker(next_marker).build())
}

fn runtime_target(
    store: &Store,
    function_name: &str,
    qualifier: Option<&str>,
) -> Res<(String, String, Option<String>)> {
    let r = store.scope.parse_function_with(function_name, qualifier)?;
    let target = store.target(&r.name, r.qualifier.as_deref())?;
    let key = match target {
        Target::Latest => "$LATEST".to_string(),
        Target::Version(v) => v.to_string(),
        Target::LatestPublished => LATEST_PUBLISHED.to_string(),
        Target::Alias(_) => {
            return Err(Fail::InvalidParameter(
                "Runtime management configuration applies to $LATEST or a published version, not to an alias.".into(),
            ))
        }
    };
    Ok((r.name, key, r.qualifier))
}

/// GetRuntimeManagementConfig (mode `Auto` until set).
pub fn get_runtime_management_config(
    store: &Store,
    input: GetRuntimeManagementConfigInput,
) -> Res<GetRuntimeManagementConfigOutput> {
    let (name, key, qualifier) = runtime_target(store, &input.function_name, input.qualifier.as_deref())?;
    let f = store.function(&name)?;
    let rm = f.runtime_management.get(&key);
    Ok(GetRuntimeManagementConfigOutput::builder()
        .function_arn(store.scope.qualified_arn(&name, qualifier.as_deref()))
        .update_runtime_on(rm.map(|r| r.update_runtime_on.clone()).unwrap_or(UpdateRuntimeOn::Auto))
        .set_runtime_version_arn(rm.and_then(|r| r.runtime_version_arn.clone()))
        .build())
}

/// PutRuntimeManagementConfig: `RuntimeVersionArn` is required with `Manual` and refused
/// otherwise.
pub fn put_runtime_management_config(
    store: &mut Store,
    input: PutRuntimeManagementConfigInput,
) -> Res<PutRuntimeManagementConfigOutput> {
    let (name, key, qualifier) = runtime_target(store, &input.function_name, input.qualifier.as_deref())?;
    match (&input.update_runtime_on, &input.runtime_version_arn) {
        (UpdateRuntimeOn::Manual, None) => {
            return Err(Fail::InvalidParameter("RuntimeVersionArn is required when UpdateRuntimeOn is Manual.".into()))
        }
        (UpdateRuntimeOn::Auto | UpdateRuntimeOn::FunctionUpdate, Some(_)) => {
            return Err(Fail::InvalidParameter(
                "RuntimeVersionArn can only be set when UpdateRuntimeOn is Manual.".into(),
            ))
        }
        (UpdateRuntimeOn::Manual, Some(_)) | (UpdateRuntimeOn::Auto | UpdateRuntimeOn::FunctionUpdate, None) => {}
        (other, _) => return Err(Fail::InvalidParameter(format!("Invalid UpdateRuntimeOn: {other}"))),
    }
    let arn = store.scope.qualified_arn(&name, qualifier.as_deref());
    let f = store.function_mut(&name)?;
    f.runtime_management.insert(
        key,
        RuntimeManagement {
            update_runtime_on: input.update_runtime_on.clone(),
            runtime_version_arn: input.runtime_version_arn.clone(),
        },
    );
    PutRuntimeManagementConfigOutput::builder()
        .function_arn(arn)
        .update_runtime_on(input.update_runtime_on)
        .set_runtime_version_arn(input.runtime_version_arn)
        .build()
        .map_err(Fail::incomplete_output)
}

/// Whether a version name exists for a function (`$LATEST`, `$LATEST.PUBLISHED` once
/// published, or a published number).
pub fn version_exists(f: &Function, v: &str) -> bool {
    f.version_by_name(v).is_some() && (v.starts_with('$') || as_version(v).is_some())
}
