//! Tags by ARN: functions, event source mappings, code signing configurations and capacity
//! providers.

use crate::error::{Fail, Res};
use crate::state::Store;
use std::collections::{BTreeMap, HashMap};

/// Most tags one resource may have.
pub const TAG_LIMIT: usize = 50;

/// A taggable resource.
enum Taggable {
    Function(String),
    Other(String),
}

fn resolve(store: &Store, arn: &str) -> Res<Taggable> {
    let parts: Vec<&str> = arn.split(':').collect();
    if parts.len() < 7 || parts[0] != "arn" || parts[2] != "lambda" {
        return Err(Fail::InvalidParameter(format!("Invalid resource ARN: {arn}")));
    }
    if parts[3] != store.scope.region || parts[4] != store.scope.account {
        return Err(Fail::NotFound(format!("Resource not found: {arn}")));
    }
    match parts[5] {
        "function" => {
            if parts.len() > 7 {
                return Err(Fail::InvalidParameter(
                    "Tags on function aliases and versions are not supported. Please specify a function ARN.".into(),
                ));
            }
            store.function(parts[6])?;
            Ok(Taggable::Function(parts[6].to_string()))
        }
        "code-signing-config" if store.code_signing_configs.contains_key(arn) => Ok(Taggable::Other(arn.to_string())),
        "event-source-mapping" if store.event_source_mappings.contains_key(parts[6]) => {
            Ok(Taggable::Other(arn.to_string()))
        }
        "capacity-provider" if parts.len() == 7 && store.capacity_providers.contains_key(parts[6]) => {
            Ok(Taggable::Other(arn.to_string()))
        }
        // No network connector is ever made here.
        "code-signing-config" | "event-source-mapping" | "capacity-provider" | "network-connector" => {
            Err(Fail::NotFound(format!("Resource not found: {arn}")))
        }
        _ => Err(Fail::InvalidParameter(format!("Tags are not supported for this resource: {arn}"))),
    }
}

fn tags_mut<'a>(store: &'a mut Store, t: &Taggable) -> Res<&'a mut BTreeMap<String, String>> {
    match t {
        Taggable::Function(name) => Ok(&mut store.function_mut(name)?.tags),
        Taggable::Other(arn) => Ok(store.resource_tags.entry(arn.clone()).or_default()),
    }
}

/// TagResource: adds or replaces tags.
pub fn tag_resource(store: &mut Store, arn: &str, tags: HashMap<String, String>) -> Res<()> {
    let t = resolve(store, arn)?;
    let current = tags_mut(store, &t)?;
    let mut next = current.clone();
    next.extend(tags);
    if next.len() > TAG_LIMIT {
        return Err(Fail::InvalidParameter(format!(
            "Number of tags exceeds resource tag limit: a resource can have at most {TAG_LIMIT} tags."
        )));
    }
    *current = next;
    Ok(())
}

/// UntagResource.
pub fn untag_resource(store: &mut Store, arn: &str, keys: &[String]) -> Res<()> {
    let t = resolve(store, arn)?;
    let current = tags_mut(store, &t)?;
    for k in keys {
        current.remove(k);
    }
    Ok(())
}

/// ListTags.
pub fn list_tags(store: &Store, arn: &str) -> Res<HashMap<String, String>> {
    let tags = match resolve(store, arn)? {
        Taggable::Function(name) => store.function(&name)?.tags.clone(),
        Taggable::Other(arn) => store.resource_tags.get(&arn).cloned().unwrap_or_default(),
    };
    Ok(tags.into_iter().collect())
}
