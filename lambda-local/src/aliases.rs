//! Aliases, with weighted routing between two versions.

use crate::error::{check_revision, Fail, Res};
use crate::functions::version_exists;
use crate::state::{Function, Store};
use crate::util::{new_uuid, paginate, random_unit, Page};
use lambda_api::operations::create_alias::CreateAliasInput;
use lambda_api::operations::list_aliases::{ListAliasesInput, ListAliasesOutput};
use lambda_api::operations::update_alias::UpdateAliasInput;
use lambda_api::types::{AliasConfiguration, AliasRoutingConfiguration};

/// Most aliases one page of ListAliases holds.
pub const ALIAS_PAGE_CAP: usize = 10_000;

fn version_missing(store: &Store, name: &str, v: &str) -> Fail {
    Fail::NotFound(format!("Function not found: {}", store.scope.qualified_arn(name, Some(v))))
}

/// Checks a routing configuration against the primary version: at most one additional
/// version, a published one that exists and differs from the primary, with a weight in
/// [0, 1]; the primary may not be `$LATEST` when traffic is split.
fn check_routing(
    store: &Store,
    name: &str,
    f: &Function,
    primary: &str,
    routing: Option<&AliasRoutingConfiguration>,
) -> Res<()> {
    let Some(weights) = routing.and_then(|r| r.additional_version_weights.as_ref()) else {
        return Ok(());
    };
    if weights.is_empty() {
        return Ok(());
    }
    if weights.len() > 1 {
        return Err(Fail::InvalidParameter(
            "Invalid number of additional versions in RoutingConfig: an alias can route to at most one additional version."
                .into(),
        ));
    }
    if primary == "$LATEST" {
        return Err(Fail::InvalidParameter(
            "$LATEST is not supported for an alias pointing to more than 1 version".into(),
        ));
    }
    for (v, w) in weights {
        if v == "$LATEST" || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Fail::InvalidParameter(format!(
                "Invalid additional version {v}: only published versions can receive weighted traffic."
            )));
        }
        if !version_exists(f, v) {
            return Err(version_missing(store, name, v));
        }
        if v == primary {
            return Err(Fail::InvalidParameter(
                "The primary version and the additional version of an alias must be different.".into(),
            ));
        }
        if !(0.0..=1.0).contains(w) {
            return Err(Fail::InvalidParameter(format!(
                "Invalid weight {w} for version {v}: weights must be between 0.0 and 1.0."
            )));
        }
    }
    Ok(())
}

fn normalized(routing: Option<AliasRoutingConfiguration>) -> Option<AliasRoutingConfiguration> {
    routing.filter(|r| r.additional_version_weights.as_ref().is_some_and(|w| !w.is_empty()))
}

fn alias_missing(store: &Store, name: &str, alias: &str) -> Fail {
    Fail::NotFound(format!("Cannot find alias arn: {}", store.scope.qualified_arn(name, Some(alias))))
}

/// CreateAlias.
pub fn create_alias(store: &mut Store, input: CreateAliasInput) -> Res<AliasConfiguration> {
    let name = store.scope.parse_unqualified(&input.function_name)?;
    let f = store.function(&name)?;
    if input.name == "$LATEST" || input.name.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Fail::InvalidParameter(format!(
            "Invalid alias name {}: it may not be $LATEST or a version number.",
            input.name
        )));
    }
    if !version_exists(f, &input.function_version) {
        return Err(version_missing(store, &name, &input.function_version));
    }
    let alias_arn = store.scope.qualified_arn(&name, Some(&input.name));
    if f.aliases.contains_key(&input.name) {
        return Err(Fail::Conflict(format!("Alias already exists: {alias_arn}")));
    }
    check_routing(store, &name, f, &input.function_version, input.routing_config.as_ref())?;
    let alias = AliasConfiguration::builder()
        .alias_arn(alias_arn)
        .name(input.name.clone())
        .function_version(input.function_version)
        .description(input.description.unwrap_or_default())
        .set_routing_config(normalized(input.routing_config))
        .revision_id(new_uuid())
        .build();
    store.function_mut(&name)?.aliases.insert(input.name, alias.clone());
    Ok(alias)
}

/// GetAlias.
pub fn get_alias(store: &Store, function_name: &str, alias: &str) -> Res<AliasConfiguration> {
    let name = store.scope.parse_unqualified(function_name)?;
    store.function(&name)?.aliases.get(alias).cloned().ok_or_else(|| alias_missing(store, &name, alias))
}

/// UpdateAlias: changes what the request sets; a routing configuration replaces the old one
/// (an empty one removes it).
pub fn update_alias(store: &mut Store, input: UpdateAliasInput) -> Res<AliasConfiguration> {
    let name = store.scope.parse_unqualified(&input.function_name)?;
    let f = store.function(&name)?;
    let current = f.aliases.get(&input.name).ok_or_else(|| alias_missing(store, &name, &input.name))?;
    check_revision(input.revision_id.as_deref(), current.revision_id.as_deref(), "GetAlias")?;
    let mut next = current.clone();
    if let Some(v) = input.function_version {
        if !version_exists(f, &v) {
            return Err(version_missing(store, &name, &v));
        }
        next.function_version = Some(v);
    }
    if let Some(d) = input.description {
        next.description = Some(d);
    }
    if let Some(r) = input.routing_config {
        next.routing_config = normalized(Some(r));
    }
    check_routing(
        store,
        &name,
        f,
        next.function_version.as_deref().unwrap_or("$LATEST"),
        next.routing_config.as_ref(),
    )?;
    next.revision_id = Some(new_uuid());
    store.function_mut(&name)?.aliases.insert(input.name, next.clone());
    Ok(next)
}

/// DeleteAlias, with the settings attached to the alias.
pub fn delete_alias(store: &mut Store, function_name: &str, alias: &str) -> Res<()> {
    let name = store.scope.parse_unqualified(function_name)?;
    if !store.function(&name)?.aliases.contains_key(alias) {
        return Err(alias_missing(store, &name, alias));
    }
    let f = store.function_mut(&name)?;
    f.aliases.remove(alias);
    f.policies.remove(alias);
    f.url_configs.remove(alias);
    f.event_invoke_configs.remove(alias);
    f.provisioned.remove(alias);
    Ok(())
}

/// ListAliases, optionally only those that route traffic to one version.
pub fn list_aliases(store: &Store, input: ListAliasesInput) -> Res<ListAliasesOutput> {
    let name = store.scope.parse_unqualified(&input.function_name)?;
    let f = store.function(&name)?;
    let users = input.function_version.as_deref().map(|v| f.aliases_using(v));
    let items: Vec<_> = f
        .aliases
        .iter()
        .filter(|(a, _)| users.as_ref().is_none_or(|u| u.contains(a)))
        .map(|(a, c)| (a.clone(), c.clone()))
        .collect();
    let Page { items, next_marker } = paginate(items, input.marker.as_deref(), input.max_items, ALIAS_PAGE_CAP)?;
    Ok(ListAliasesOutput::builder().aliases(items).set_next_marker(next_marker).build())
}

/// The version an invocation of an alias runs: the additional version with the probability
/// of its weight, otherwise the primary version.
pub fn pick_version(alias: &AliasConfiguration) -> String {
    pick_version_with(alias, random_unit())
}

/// [`pick_version`] with the random number given (`r` in [0, 1)).
pub fn pick_version_with(alias: &AliasConfiguration, r: f64) -> String {
    let primary = alias.function_version.clone().unwrap_or_else(|| "$LATEST".into());
    if let Some((v, w)) = alias
        .routing_config
        .as_ref()
        .and_then(|rc| rc.additional_version_weights.as_ref())
        .and_then(|m| m.iter().next())
    {
        if r < *w {
            return v.clone();
        }
    }
    primary
}
