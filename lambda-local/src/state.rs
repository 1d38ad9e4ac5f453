//! The in-memory state of one account in one Region, and the lookups every resource shares.

use crate::error::{Fail, Res};
use crate::names::{as_version, Scope};
use lambda_api::enums::{ProvisionedConcurrencyStatusEnum, RecursiveLoop, UpdateRuntimeOn};
use lambda_api::types::{
    AliasConfiguration, CapacityProvider, CodeSigningConfig, EventSourceMappingConfiguration, FunctionConfiguration,
    FunctionEventInvokeConfig, FunctionScalingConfig, FunctionUrlConfig, ResolvedS3Object,
};
use std::collections::BTreeMap;

/// Everything one account has in one Region.
#[derive(Debug)]
pub struct Store {
    /// Account and Region; every ARN is built from it.
    pub scope: Scope,
    /// Functions by name.
    pub functions: BTreeMap<String, Function>,
    /// Layers by name.
    pub layers: BTreeMap<String, Layer>,
    /// Event source mappings by UUID.
    pub event_source_mappings: BTreeMap<String, EventSourceMappingConfiguration>,
    /// Code signing configurations by ARN.
    pub code_signing_configs: BTreeMap<String, CodeSigningConfig>,
    /// Tags of resources other than functions (event source mappings, code signing
    /// configurations, capacity providers), by ARN.
    pub resource_tags: BTreeMap<String, BTreeMap<String, String>>,
    /// Durable executions.
    pub durable: crate::durable::model::DurableExecutions,
    /// Capacity providers by name.
    pub capacity_providers: BTreeMap<String, CapacityProvider>,
    /// Resource-based policies of customer-managed runtimes, by runtime ARN (function policies
    /// live with their function).
    pub runtime_policies: BTreeMap<String, RuntimePolicy>,
}

/// The resource-based policy of a customer-managed runtime.
#[derive(Clone, Debug)]
pub struct RuntimePolicy {
    /// The policy document (a JSON object).
    pub document: serde_json::Value,
    /// Its revision id.
    pub revision_id: String,
}

/// The version name of the version a function on a capacity provider republishes in place.
pub const LATEST_PUBLISHED: &str = "$LATEST.PUBLISHED";

/// A function: `$LATEST`, its published versions and everything attached to it.
#[derive(Clone, Debug)]
pub struct Function {
    /// `$LATEST`.
    pub latest: Version,
    /// Published versions by number.
    pub versions: BTreeMap<u64, Version>,
    /// The highest version number ever published (numbers are never reused).
    pub last_version: u64,
    /// `$LATEST.PUBLISHED`, once published (functions on a capacity provider).
    pub latest_published: Option<Version>,
    /// Aliases by name.
    pub aliases: BTreeMap<String, AliasConfiguration>,
    /// Resource-based policy documents (JSON objects) per qualifier (`""` for the unqualified
    /// function).
    pub policies: BTreeMap<String, serde_json::Value>,
    /// Tags.
    pub tags: BTreeMap<String, String>,
    /// Reserved concurrency, if set.
    pub reserved_concurrency: Option<i32>,
    /// Provisioned concurrency per qualifier (version number or alias name).
    pub provisioned: BTreeMap<String, Provisioned>,
    /// Asynchronous invocation settings per qualifier (`$LATEST`, version or alias).
    pub event_invoke_configs: BTreeMap<String, FunctionEventInvokeConfig>,
    /// Function URLs per qualifier (`""` for the unqualified function, or an alias name).
    pub url_configs: BTreeMap<String, FunctionUrlConfig>,
    /// Attached code signing configuration.
    pub code_signing_config_arn: Option<String>,
    /// Runtime management settings per qualifier (`$LATEST` or version).
    pub runtime_management: BTreeMap<String, RuntimeManagement>,
    /// Recursive loop detection, when set (the service's default is `Terminate`).
    pub recursive_loop: Option<RecursiveLoop>,
    /// Scaling settings asked for per published version of a function on a capacity provider
    /// (version number or `$LATEST.PUBLISHED`).
    pub scaling_configs: BTreeMap<String, FunctionScalingConfig>,
}

/// One version of a function (`$LATEST` or published).
#[derive(Clone, Debug, Default)]
pub struct Version {
    /// The configuration as GetFunctionConfiguration returns it (unqualified ARN for
    /// `$LATEST`).
    pub config: FunctionConfiguration,
    /// The container image, for image functions.
    pub image_uri: Option<String>,
    /// Where the deployment package stays when it is referenced in S3 rather than copied.
    pub s3_reference: Option<ResolvedS3Object>,
    /// The key that encrypts the deployment package, when the caller chose one.
    pub source_kms_key_arn: Option<String>,
}

/// A provisioned concurrency configuration.
#[derive(Clone, Debug)]
pub struct Provisioned {
    /// Requested executions.
    pub requested: i32,
    /// Status.
    pub status: ProvisionedConcurrencyStatusEnum,
    /// Last change.
    pub last_modified: String,
}

/// Runtime management settings.
#[derive(Clone, Debug)]
pub struct RuntimeManagement {
    /// When the runtime is updated.
    pub update_runtime_on: UpdateRuntimeOn,
    /// The pinned runtime version (mode `Manual`).
    pub runtime_version_arn: Option<String>,
}

/// A layer and its versions.
#[derive(Clone, Debug, Default)]
pub struct Layer {
    /// Versions by number.
    pub versions: BTreeMap<i64, LayerVersion>,
    /// The highest version number ever published.
    pub last_version: i64,
}

/// One layer version.
#[derive(Clone, Debug)]
pub struct LayerVersion {
    /// What GetLayerVersion returns.
    pub info: lambda_api::operations::get_layer_version::GetLayerVersionOutput,
    /// Permission statements.
    pub statements: Vec<serde_json::Value>,
    /// Revision of the permission policy.
    pub policy_revision: String,
}

/// What a qualifier names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `$LATEST` (or no qualifier).
    Latest,
    /// A published version.
    Version(u64),
    /// `$LATEST.PUBLISHED`.
    LatestPublished,
    /// An alias.
    Alias(String),
}

impl Store {
    /// An empty store.
    pub fn new(scope: Scope) -> Self {
        Store {
            scope,
            functions: BTreeMap::new(),
            layers: BTreeMap::new(),
            event_source_mappings: BTreeMap::new(),
            code_signing_configs: BTreeMap::new(),
            resource_tags: BTreeMap::new(),
            durable: Default::default(),
            capacity_providers: BTreeMap::new(),
            runtime_policies: BTreeMap::new(),
        }
    }

    fn not_found(&self, name: &str) -> Fail {
        Fail::NotFound(format!("Function not found: {}", self.scope.function_arn(name)))
    }

    /// A function by name.
    pub fn function(&self, name: &str) -> Res<&Function> {
        self.functions.get(name).ok_or_else(|| self.not_found(name))
    }

    /// A function by name, for changing.
    pub fn function_mut(&mut self, name: &str) -> Res<&mut Function> {
        if !self.functions.contains_key(name) {
            return Err(self.not_found(name));
        }
        self.functions.get_mut(name).ok_or_else(|| Fail::Service("function vanished".into()))
    }

    /// Resolves a qualifier of an existing function; a version or alias that does not exist
    /// is `ResourceNotFoundException`.
    pub fn target(&self, name: &str, qualifier: Option<&str>) -> Res<Target> {
        let f = self.function(name)?;
        let missing = || Fail::NotFound(format!("Function not found: {}", self.scope.qualified_arn(name, qualifier)));
        match qualifier {
            None | Some("$LATEST") => Ok(Target::Latest),
            Some(LATEST_PUBLISHED) if f.latest_published.is_some() => Ok(Target::LatestPublished),
            Some(LATEST_PUBLISHED) => Err(missing()),
            Some(q) => match as_version(q) {
                Some(v) if f.versions.contains_key(&v) => Ok(Target::Version(v)),
                Some(_) => Err(missing()),
                None if f.aliases.contains_key(q) => Ok(Target::Alias(q.to_string())),
                None => Err(missing()),
            },
        }
    }
}

impl Function {
    /// A function with only `$LATEST` and nothing attached.
    pub fn new(latest: Version) -> Function {
        Function {
            latest,
            versions: BTreeMap::new(),
            last_version: 0,
            latest_published: None,
            aliases: BTreeMap::new(),
            policies: BTreeMap::new(),
            tags: BTreeMap::new(),
            reserved_concurrency: None,
            provisioned: BTreeMap::new(),
            event_invoke_configs: BTreeMap::new(),
            url_configs: BTreeMap::new(),
            code_signing_config_arn: None,
            runtime_management: BTreeMap::new(),
            recursive_loop: None,
            scaling_configs: BTreeMap::new(),
        }
    }

    /// The version a target runs: for an alias, its primary version.
    pub fn version_of(&self, target: &Target) -> Option<&Version> {
        match target {
            Target::Latest => Some(&self.latest),
            Target::Version(v) => self.versions.get(v),
            Target::LatestPublished => self.latest_published.as_ref(),
            Target::Alias(a) => {
                let fv = self.aliases.get(a)?.function_version.as_deref()?;
                self.version_by_name(fv)
            }
        }
    }

    /// A version by its name (`$LATEST`, `$LATEST.PUBLISHED` or a number).
    pub fn version_by_name(&self, v: &str) -> Option<&Version> {
        match v {
            "$LATEST" => Some(&self.latest),
            LATEST_PUBLISHED => self.latest_published.as_ref(),
            _ => self.versions.get(&as_version(v)?),
        }
    }

    /// Every version with its name: `$LATEST`, `$LATEST.PUBLISHED` when published, then the
    /// numbered versions in order.
    pub fn all_versions(&self) -> impl Iterator<Item = (String, &Version)> {
        std::iter::once(("$LATEST".to_string(), &self.latest))
            .chain(self.latest_published.iter().map(|v| (LATEST_PUBLISHED.to_string(), v)))
            .chain(self.versions.iter().map(|(n, v)| (n.to_string(), v)))
    }

    /// Total code size of `$LATEST` and every published version.
    pub fn code_size(&self) -> i64 {
        self.all_versions().map(|(_, v)| v.config.code_size.unwrap_or(0)).sum()
    }

    /// Whether an alias routes any traffic to version `v`.
    pub fn aliases_using(&self, v: &str) -> Vec<String> {
        self.aliases
            .values()
            .filter(|a| {
                a.function_version.as_deref() == Some(v)
                    || a.routing_config
                        .as_ref()
                        .and_then(|r| r.additional_version_weights.as_ref())
                        .is_some_and(|w| w.contains_key(v))
            })
            .filter_map(|a| a.name.clone())
            .collect()
    }
}

/// The key attached settings of the unqualified function are stored under.
pub fn qualifier_key(qualifier: Option<&str>) -> String {
    qualifier.unwrap_or_default().to_string()
}
