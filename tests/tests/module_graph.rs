//! No two modules of the hand-written crates import each other: a pair that does is one module
//! split in two, or a piece that belongs in a third. Parents and their children may refer to
//! each other (a `mod.rs` re-exports, a child uses its parent's types); siblings and cousins
//! may not go both ways. Test modules are left out.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type ModulePath = Vec<String>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.rs` file under `src`, with its module path (`client/mod.rs` → `client`).
fn modules(src: &Path) -> BTreeMap<ModulePath, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut module: ModulePath = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code: String = without_test_modules(&text)
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            out.insert(module, code);
        }
    }
    out
}

/// The text without its `#[cfg(test)] mod … { … }` blocks: test modules may reach anywhere.
fn without_test_modules(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(open) = after.find('{') else { return out };
        let mut depth = 0;
        let mut end = after.len();
        for (i, ch) in after[open..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The modules of `known` that `code`, written in module `from`, refers to by path.
fn references(from: &ModulePath, code: &str, known: &BTreeSet<ModulePath>) -> BTreeSet<ModulePath> {
    let path = Regex::new(r"\b((?:crate|super|self)(?:::(?:super|[a-z_][a-z0-9_]*))*)(?:::\{([^}]*)\})?").unwrap();
    let mut out = BTreeSet::new();
    for c in path.captures_iter(code) {
        let head: Vec<&str> = c[1].split("::").collect();
        let tails: Vec<Vec<&str>> = match c.get(2) {
            Some(group) => group.as_str().split(',').map(|t| t.trim().split("::").collect()).collect(),
            None => vec![Vec::new()],
        };
        for tail in tails {
            let mut target: ModulePath = Vec::new();
            // A `mod.rs` or `lib.rs` is the module itself; `super` in `a/b.rs` is `a`.
            let mut base = from.clone();
            for (i, seg) in head.iter().chain(tail.iter()).enumerate() {
                match *seg {
                    "crate" if i == 0 => base.clear(),
                    "self" if i == 0 => {}
                    "super" => {
                        base.pop();
                    }
                    name => target.push(name.to_string()),
                }
            }
            let mut full = base;
            full.extend(target);
            // The longest prefix that is a module of the crate.
            while !full.is_empty() && !known.contains(&full) {
                full.pop();
            }
            if !full.is_empty() && &full != from {
                out.insert(full);
            }
        }
    }
    out
}

fn is_ancestor(a: &ModulePath, b: &ModulePath) -> bool {
    a.len() < b.len() && b.starts_with(a)
}

/// Pairs of modules of the crate at `src` that refer to each other.
fn two_way_imports(src: &Path) -> Vec<String> {
    let modules = modules(src);
    let known: BTreeSet<ModulePath> = modules.keys().cloned().collect();
    let edges: BTreeMap<&ModulePath, BTreeSet<ModulePath>> =
        modules.iter().map(|(m, code)| (m, references(m, code, &known))).collect();
    let mut pairs = Vec::new();
    for (a, targets) in &edges {
        for b in targets {
            if a.as_slice() < b.as_slice()
                && !is_ancestor(a, b)
                && !is_ancestor(b, a)
                && edges.get(b).is_some_and(|back| back.contains(*a))
            {
                pairs.push(format!("{} ⇄ {}", a.join("::"), b.join("::")));
            }
        }
    }
    pairs
}

#[test]
fn no_two_modules_import_each_other() {
    let mut found = Vec::new();
    for krate in ["runtime", "generator", "lambda-local", "xtask"] {
        for pair in two_way_imports(&root().join(krate).join("src")) {
            found.push(format!("{krate}: {pair}"));
        }
    }
    assert!(found.is_empty(), "modules that import each other:\n{}", found.join("\n"));
}

#[test]
fn the_check_sees_a_two_way_import() {
    let dir = std::env::temp_dir().join(format!("module-graph-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("server")).unwrap();
    std::fs::write(dir.join("lib.rs"), "pub mod server;\npub mod http;\n").unwrap();
    std::fs::write(dir.join("http.rs"), "use crate::server::{routes::Route, Config};\n").unwrap();
    std::fs::write(dir.join("server/mod.rs"), "pub mod routes;\npub struct Config;\n").unwrap();
    std::fs::write(dir.join("server/routes.rs"), "pub struct Route(super::super::http::Request);\n").unwrap();
    let pairs = two_way_imports(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(pairs, ["http ⇄ server::routes"]);
}
