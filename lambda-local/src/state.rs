//! The in-memory state of one account in one Region, and the lookups every resource shares.

use crate::error::{Fail, Res};
use crate::names::{as_version, Scope};
use lambda_api::enums::{ProvisionedConcurrencyStatusEnum, UpdateRuntimeOn};
use lambda_api::types::{
    AliasConfiguration, CodeSigningConfig, EventSourceMappingConfiguration, FunctionConfiguration,
    FunctionEventInvokeConfig, FunctionUrlConfig,
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
    /// configurations), by ARN.
    pub resource_tags: BTreeMap<String, BTreeMap<String, String>>,
    /// Durable executions.
    pub durable: crate::durable::model::DurableExecutions,
}

/// A function: `$LATEST`, its published versions and everything attached to it.
#[derive(Clone, Debug)]
pub struct Function {
    /// `$LATEST`.
    pub latest: Version,
    /// Published versions by number.
    pub versions: BTreeMap<u64, Version>,
    /// The highest version number ever published (numbers are never reused).
    pub last_version: u64,
    /// Aliases by name.
    pub aliases: BTreeMap<String, AliasConfiguration>,
    /// Resource-based policy statements per qualifier (`""` for the unqualified function).
    pub policies: BTreeMap<String, Vec<serde_json::Value>>,
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
}

/// One version of a function (`$LATEST` or published).
#[derive(Clone, Debug)]
pub struct Version {
    /// The configuration as GetFunctionConfiguration returns it (unqualified ARN for
    /// `$LATEST`).
    pub config: FunctionConfiguration,
    /// The container image, for image functions.
    pub image_uri: Option<String>,
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
    /// The version a target runs: for an alias, its primary version.
    pub fn version_of(&self, target: &Target) -> Option<&Version> {
        match target {
            Target::Latest => Some(&self.latest),
            Target::Version(v) => self.versions.get(v),
            Target::Alias(a) => {
                let fv = self.aliases.get(a)?.function_version.as_deref()?;
                self.version_by_name(fv)
            }
        }
    }

    /// A version by its name (`$LATEST` or a number).
    pub fn version_by_name(&self, v: &str) -> Option<&Version> {
        if v == "$LATEST" {
            Some(&self.latest)
        } else {
            self.versions.get(&as_version(v)?)
        }
    }

    /// Total code size of `$LATEST` and every published version.
    pub fn code_size(&self) -> i64 {
        self.latest.config.code_size.unwrap_or(0)
            + self.versions.values().map(|v| v.config.code_size.unwrap_or(0)).sum::<i64>()
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
