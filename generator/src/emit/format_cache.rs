//! Formatted files kept between runs of `cargo xtask regenerate`: formatting (prettyplease,
//! then rustfmt in a child process) is most of a run's time, and a file whose tokens did not
//! change formats to the same text. Entries are keyed by a hash of everything that shapes the
//! text: the tokens, the file's header and doc line, the formatting code (`rust.rs`) and the
//! rustfmt version. Off unless [`enable`]d; tests and library users always format afresh.

use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

struct Cache {
    dir: PathBuf,
    /// Hash of rustfmt's identity and the formatting code, part of every key.
    formatter: [u8; 32],
    /// Keys read or written in this run; the others are pruned.
    used: Mutex<HashSet<String>>,
}

static CACHE: OnceLock<Cache> = OnceLock::new();

/// Keeps formatted files in `dir` for the rest of the process (and later runs).
pub fn enable(dir: PathBuf) {
    let formatter = Sha256::new().chain_update(rustfmt_identity()).chain_update(include_str!("rust.rs")).finalize();
    let _ = CACHE.set(Cache { dir, formatter: formatter.into(), used: Mutex::new(HashSet::new()) });
}

/// Which rustfmt formats: its path and `--version` (a toolchain update changes it). The same
/// however the generator was started, so `cargo xtask` and the binary share entries.
fn rustfmt_identity() -> String {
    let rustfmt = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into());
    std::process::Command::new(&rustfmt)
        .arg("--version")
        .output()
        .map(|o| format!("{rustfmt} {}", String::from_utf8_lossy(&o.stdout)))
        .unwrap_or(rustfmt)
}

/// The text for `parts` from the cache, else from `make` (then stored).
pub fn cached<E>(parts: &[&str], make: impl FnOnce() -> Result<String, E>) -> Result<String, E> {
    let Some(cache) = CACHE.get() else { return make() };
    let mut hash = Sha256::new_with_prefix(cache.formatter);
    for part in parts {
        // Length-prefixed, so that moving text between parts changes the key.
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part.as_bytes());
    }
    let key: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let path = cache.dir.join(&key);
    cache.used.lock().unwrap_or_else(|e| e.into_inner()).insert(key.clone());
    if let Ok(text) = std::fs::read_to_string(&path) {
        return Ok(text);
    }
    let text = make()?;
    // Written aside and renamed, so an interrupted run leaves no half entry; a cache that
    // cannot be written only costs time.
    let tmp = cache.dir.join(format!("{key}.tmp"));
    if std::fs::create_dir_all(&cache.dir).is_ok() && std::fs::write(&tmp, &text).is_ok() {
        let _ = std::fs::rename(&tmp, &path);
    }
    Ok(text)
}

/// Removes the entries this run did not use, so the cache holds one run's files.
pub fn prune() {
    let Some(cache) = CACHE.get() else { return };
    let used = cache.used.lock().unwrap_or_else(|e| e.into_inner());
    let Ok(entries) = std::fs::read_dir(&cache.dir) else { return };
    for entry in entries.flatten() {
        if !used.contains(entry.file_name().to_string_lossy().as_ref()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_formatted_once_and_then_read_back() {
        let dir = std::env::temp_dir().join(format!("lambda-codegen-format-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        enable(dir.clone());
        let made = std::cell::Cell::new(0);
        let make = |text: &str| {
            made.set(made.get() + 1);
            Ok::<_, String>(text.to_string())
        };
        assert_eq!(cached(&["header", "tokens"], || make("formatted")), Ok("formatted".into()));
        assert_eq!(cached(&["header", "tokens"], || make("not asked for")), Ok("formatted".into()));
        assert_eq!(made.get(), 1, "the second call reads the cache");
        // Moving text from one part to the next is another key.
        assert_eq!(cached(&["headert", "okens"], || make("other")), Ok("other".into()));
        assert_eq!(made.get(), 2);
        std::fs::write(dir.join("stale"), "from an earlier run").unwrap();
        prune();
        assert!(!dir.join("stale").exists(), "entries this run did not use are pruned");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
