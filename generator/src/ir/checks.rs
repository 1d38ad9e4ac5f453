//! Checks of the lowered API that no single node can make: names that collide in Rust, the
//! members pagination names, union members, and that every name the IR refers to resolves
//! (so that emitters' look-ups cannot fail on any spec the lowering accepts).

use super::{Api, Operation, TyKind};
use crate::error::{Problems, SCHEMA_PREFIX};
use indexmap::IndexMap;

/// Every check of the lowered API.
pub fn api(problems: &mut Problems, api: &Api) {
    unions(problems, api);
    pagination(problems, api);
    rust_names(problems, api);
    references(problems, api);
    recursive_structures(problems, api);
    common_errors(problems, api);
}

/// Spec names (`orig`) that become the same Rust name.
pub fn collisions<'b>(problems: &mut Problems, ptr: &str, what: &str, pairs: impl Iterator<Item = (&'b str, &'b str)>) {
    let mut seen: IndexMap<&str, &str> = IndexMap::new();
    for (orig, rust) in pairs {
        if let Some(prev) = seen.insert(rust, orig) {
            problems.push(ptr, format!("{what}s {prev:?} and {orig:?} both become {rust:?} in Rust"));
        }
    }
}

/// The members `x-aws-pagination` names exist, with the types paging needs.
fn pagination(problems: &mut Problems, api: &Api) {
    for op in &api.operations {
        let Some(p) = &op.pagination else { continue };
        let ptr = format!("{}/x-aws-pagination", op.pointer);
        let find = |s: &str, m: &str| api.structures.get(s).and_then(|s| s.members.iter().find(|x| x.name == m));
        match find(&op.input, &p.input_token) {
            Some(m) if matches!(m.ty.kind, TyKind::String) => {}
            _ => problems.push(&ptr, format!("inputToken {} is not a string member of the input", p.input_token)),
        }
        match find(&op.output, &p.output_token) {
            Some(m) if matches!(m.ty.kind, TyKind::String) => {}
            _ => problems.push(&ptr, format!("outputToken {} is not a string member of the output", p.output_token)),
        }
        match find(&op.output, &p.items) {
            Some(m) if matches!(m.ty.kind, TyKind::List(_)) => {}
            _ => problems.push(&ptr, format!("items {} is not a list member of the output", p.items)),
        }
        if let Some(limit) = &p.limit_key {
            match find(&op.input, limit) {
                Some(m) if matches!(m.ty.kind, TyKind::Int32 | TyKind::Int64) => {}
                _ => problems.push(&ptr, format!("limitKey {limit} is not an integer member of the input")),
            }
        }
    }
}

/// Structures that contain themselves, directly or through other structures, lists and maps:
/// the emitted type would need boxing the generator does not write, and the emitters' walks
/// over member types (`Default`, `Eq`) would not end.
fn recursive_structures(problems: &mut Problems, api: &Api) {
    for (name, s) in &api.structures {
        if let Some(path) = path_back_to(api, name) {
            let path = path.join(" -> ");
            problems.push(
                &s.pointer,
                format!("structure {name} contains itself ({path} -> {name}); recursive structures are not supported"),
            );
        }
    }
}

/// The members (`Structure.Member`) by which structure `start` reaches itself, if it does.
fn path_back_to(api: &Api, start: &str) -> Option<Vec<String>> {
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<(&str, Vec<String>)> = vec![(start, Vec::new())];
    while let Some((name, path)) = stack.pop() {
        let Some(s) = api.structures.get(name) else { continue };
        for m in &s.members {
            let mut tys = vec![&m.ty];
            while let Some(ty) = tys.pop() {
                match &ty.kind {
                    TyKind::Struct(n) | TyKind::EventStream(n) => {
                        let mut next = path.clone();
                        next.push(format!("{name}.{}", m.name));
                        if n == start {
                            return Some(next);
                        }
                        if seen.insert(n.as_str()) {
                            stack.push((n, next));
                        }
                    }
                    TyKind::List(inner) => tys.push(inner),
                    TyKind::Map(k, v) => tys.extend([&**k, &**v]),
                    _ => {}
                }
            }
        }
    }
    None
}

/// Union members cannot be required: exactly one of them is set.
fn unions(problems: &mut Problems, api: &Api) {
    for s in api.structures.values() {
        if s.union && s.members.iter().any(|m| m.required) {
            problems.push(&s.pointer, "union members cannot be required");
        }
    }
}

/// Rust type names, bindings and operation names are each used once.
fn rust_names(problems: &mut Problems, api: &Api) {
    let operations = &api.operations;
    let mut names: Vec<(String, String)> = Vec::new();
    names.extend(api.structures.values().map(|s| (s.pointer.clone(), s.rust_name.clone())));
    names.extend(api.enums.values().map(|e| (format!("{SCHEMA_PREFIX}{}", e.name), e.rust_name.clone())));
    names.extend(api.errors.values().map(|e| (format!("{SCHEMA_PREFIX}{}", e.name), e.rust_name.clone())));
    names.extend(operations.iter().map(|o| (o.name.clone(), o.error_rust_name.clone())));
    let mut seen: IndexMap<String, String> = IndexMap::new();
    for (ptr, rust) in names {
        if let Some(prev) = seen.insert(rust.clone(), ptr.clone()) {
            problems.push(ptr, format!("Rust type name {rust} is already used by {prev}"));
        }
    }
    let mut ops: IndexMap<String, String> = IndexMap::new();
    for o in operations {
        let key = format!(
            "{} {}{}",
            o.method,
            o.path,
            if o.query_literals.is_empty() { String::new() } else { format!("?{:?}", o.query_literals) }
        );
        if let Some(prev) = ops.insert(key.clone(), o.name.clone()) {
            problems.push(path_item_pointer(o), format!("{} and {prev} share {key}", o.name));
        }
    }
    let mut ids: IndexMap<&str, ()> = IndexMap::new();
    for o in operations {
        if ids.insert(&o.name, ()).is_some() {
            problems.push(path_item_pointer(o), format!("operationId {} is used twice", o.name));
        }
    }
}

/// The pointer of the path item that holds the operation (its own pointer without the method).
fn path_item_pointer(op: &Operation) -> &str {
    op.pointer.rsplit_once('/').map_or(op.pointer.as_str(), |(item, _method)| item)
}

/// Every structure, enum and error the operations and members name exists, as the kind of
/// definition the reference needs.
fn references(problems: &mut Problems, api: &Api) {
    let (structures, enums, errors) = (&api.structures, &api.enums, &api.errors);
    for op in &api.operations {
        if !structures.contains_key(&op.input) {
            problems.push(&op.pointer, format!("the input structure {} was not built", op.input));
        }
        if !structures.contains_key(&op.output) {
            problems.push(
                format!("{}/responses/{}", op.pointer, op.success_status),
                format!("the response body schema {} is not a structure", op.output),
            );
        }
        for e in op.errors.iter().filter(|e| !errors.contains_key(*e)) {
            problems.push(&op.pointer, format!("{e} is not an error schema"));
        }
        if let Some(u) = &op.event_stream {
            match structures.get(u) {
                Some(union) if union.union => {
                    for m in union.members.iter().filter(|m| !matches!(m.ty.kind, TyKind::Struct(_))) {
                        problems
                            .push(&union.pointer, format!("event {} of event stream {u} must be a structure", m.name));
                    }
                }
                _ => problems.push(&op.pointer, format!("the event stream schema {u} is not a union structure")),
            }
        }
    }
    for s in structures.values() {
        for m in &s.members {
            let mut stack = vec![&m.ty];
            while let Some(ty) = stack.pop() {
                let missing = match &ty.kind {
                    TyKind::Struct(n) if !structures.contains_key(n) => Some(("a structure", n)),
                    TyKind::EventStream(n) if !structures.get(n).is_some_and(|u| u.union) => Some(("a union", n)),
                    TyKind::Enum(n) if !enums.contains_key(n) => Some(("an enum", n)),
                    TyKind::List(inner) => {
                        stack.push(inner);
                        None
                    }
                    TyKind::Map(k, v) => {
                        stack.extend([&**k, &**v]);
                        None
                    }
                    _ => None,
                };
                if let Some((what, name)) = missing {
                    problems.push(&s.pointer, format!("member {} refers to {name}, which is not {what}", m.name));
                }
            }
        }
    }
}

/// The common errors are error schemas marked common.
fn common_errors(problems: &mut Problems, api: &Api) {
    for (i, c) in api.common_errors.iter().enumerate() {
        if !api.errors.get(c).is_some_and(|e| e.common) {
            problems
                .push(format!("#/x-aws-common-errors/{i}"), format!("{c} is not an error schema marked x-aws-common"));
        }
    }
}
