//! Small helpers: clock, hashes, identifiers, pagination.

use crate::error::{Fail, Res};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::time::{SystemTime, UNIX_EPOCH};

/// Base64 (standard alphabet) of the SHA-256 of `bytes`, as Lambda reports `CodeSha256`.
pub fn sha256_b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes))
}

/// Lower-case hex of the SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Lower-case hex of the SHA-256 of a value's JSON with every object's keys sorted, so equal
/// values hash equally whatever order their maps iterate in.
pub fn canonical_sha256_hex<T: serde::Serialize>(value: &T) -> Res<String> {
    fn write(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::Object(m) => {
                let mut keys: Vec<_> = m.keys().collect();
                keys.sort();
                out.push('{');
                for (i, k) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::String(k.clone()).to_string());
                    out.push(':');
                    write(&m[k], out);
                }
                out.push('}');
            }
            serde_json::Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, out);
                }
                out.push(']');
            }
            scalar => out.push_str(&scalar.to_string()),
        }
    }
    let value = serde_json::to_value(value).map_err(|e| Fail::Service(format!("internal conversion failed: {e}")))?;
    let mut text = String::new();
    write(&value, &mut text);
    Ok(sha256_hex(text.as_bytes()))
}

/// A new random revision id (a UUID).
pub fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A random number in `[0, 1)`.
pub fn random_unit() -> f64 {
    // The first six bytes of a version 4 UUID are random (the version and variant bits come
    // later): 48 random bits.
    let b = uuid::Uuid::new_v4().into_bytes();
    let bits = b[..6].iter().fold(0u64, |acc, x| acc << 8 | u64::from(*x));
    bits as f64 / (1u64 << 48) as f64
}

/// `n` random lower-case letters and digits.
pub fn random_id(n: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(n);
    while out.len() < n {
        for b in uuid::Uuid::new_v4().as_bytes() {
            if out.len() == n {
                break;
            }
            out.push(ALPHABET[*b as usize % ALPHABET.len()] as char);
        }
    }
    out
}

/// `n` random lower-case hex digits.
pub fn random_hex(n: usize) -> String {
    let mut out = String::new();
    while out.len() < n {
        out.push_str(&uuid::Uuid::new_v4().simple().to_string());
    }
    out.truncate(n);
    out
}

fn now_parts() -> (i64, u32) {
    let d = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    (d.as_secs() as i64, d.subsec_millis())
}

/// Formats seconds since the epoch and milliseconds as `YYYY-MM-DDThh:mm:ss.sss` + `suffix`.
pub fn format_time(secs: i64, millis: u32, suffix: &str) -> String {
    let (y, mo, d) = lambda_rt::wire::civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}{suffix}", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Now, as Lambda writes `LastModified` of functions and layers: `2024-01-31T12:00:00.000+0000`.
pub fn now_iso() -> String {
    let (s, ms) = now_parts();
    format_time(s, ms, "+0000")
}

/// Now, as Lambda writes the times of function URLs: `2024-01-31T12:00:00.000Z`.
pub fn now_iso_z() -> String {
    let (s, ms) = now_parts();
    format_time(s, ms, "Z")
}

/// One page of a list, and the marker of the next page.
#[derive(Debug, PartialEq)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The marker to pass to get the next page, if there is one.
    pub next_marker: Option<String>,
}

/// Pages a list. `items` carries a sort key per item; the list is ordered by it. The marker is
/// the (base64url-encoded) key of the first item of the next page, so a page stays right when
/// items before it are added or removed. `cap` is the most one page may hold; an absent
/// `max_items` means `cap`.
pub fn paginate<T>(
    mut items: Vec<(String, T)>,
    marker: Option<&str>,
    max_items: Option<i32>,
    cap: usize,
) -> Res<Page<T>> {
    let limit = match max_items {
        None => cap,
        Some(n) if n >= 1 => (n as usize).min(cap),
        Some(n) => return Err(Fail::InvalidParameter(format!("MaxItems must be at least 1, got {n}"))),
    };
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let start_key = match marker {
        None => None,
        Some("") => None,
        Some(m) => Some(decode_marker(m)?),
    };
    let mut rest = items.into_iter().filter(|(k, _)| start_key.as_ref().is_none_or(|s| k >= s));
    let mut page = Vec::new();
    for (_, item) in rest.by_ref().take(limit) {
        page.push(item);
    }
    let next_marker = rest.next().map(|(k, _)| encode_marker(&k));
    Ok(Page { items: page, next_marker })
}

fn encode_marker(key: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.as_bytes())
}

fn decode_marker(marker: &str) -> Res<String> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(marker.as_bytes())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| Fail::InvalidParameter(format!("Invalid pagination marker: {marker}")))
}

/// A sort key for a version number that orders numerically (`$LATEST` first).
pub fn version_key(version: Option<u64>) -> String {
    match version {
        None => String::new(),
        Some(n) => format!("{n:020}"),
    }
}

/// A sort key for a version name that orders `$LATEST`, then `$LATEST.PUBLISHED`, then the
/// numbered versions numerically.
pub fn version_name_key(version: &str) -> String {
    match version {
        "$LATEST" => version_key(None),
        v => match crate::names::as_version(v) {
            Some(n) => version_key(Some(n)),
            // `$` sorts after the empty key of `$LATEST` and before every digit.
            None => format!("${v}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_known_vectors() {
        assert_eq!(sha256_b64(b""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn canonical_hashes_ignore_map_order() {
        let a: std::collections::HashMap<_, _> = (0..20).map(|i| (format!("k{i}"), i)).collect();
        let b: std::collections::HashMap<_, _> = (0..20).rev().map(|i| (format!("k{i}"), i)).collect();
        assert_eq!(canonical_sha256_hex(&a).unwrap(), canonical_sha256_hex(&b).unwrap());
        let c: std::collections::HashMap<_, _> = (0..20).map(|i| (format!("k{i}"), i + 1)).collect();
        assert_ne!(canonical_sha256_hex(&a).unwrap(), canonical_sha256_hex(&c).unwrap());
        assert_eq!(
            canonical_sha256_hex(&serde_json::json!({"b": [1, "x"], "a": null})).unwrap(),
            sha256_hex(br#"{"a":null,"b":[1,"x"]}"#)
        );
    }

    #[test]
    fn times_are_formatted_like_lambda() {
        assert_eq!(format_time(0, 0, "+0000"), "1970-01-01T00:00:00.000+0000");
        // 2024-02-29T23:59:58.123Z (a leap day).
        assert_eq!(format_time(1_709_251_198, 123, "Z"), "2024-02-29T23:59:58.123Z");
        assert_eq!(format_time(951_782_400, 5, "+0000"), "2000-02-29T00:00:00.005+0000");
        let now = now_iso();
        assert_eq!(now.len(), "2024-01-31T12:00:00.000+0000".len());
    }

    #[test]
    fn ids_have_the_asked_shape() {
        let id = random_id(32);
        assert_eq!(id.len(), 32);
        assert!(id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        let hex = random_hex(17);
        assert_eq!(hex.len(), 17);
        assert!(hex.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(new_uuid(), new_uuid());
        let draws: Vec<f64> = (0..200).map(|_| random_unit()).collect();
        assert!(draws.iter().all(|r| (0.0..1.0).contains(r)));
        // Both halves of the range come up (failing by chance: 2 * 2^-200).
        assert!(draws.iter().any(|r| *r < 0.5) && draws.iter().any(|r| *r >= 0.5));
    }

    fn keyed(n: usize) -> Vec<(String, usize)> {
        (0..n).map(|i| (format!("k{i:03}"), i)).collect()
    }

    #[test]
    fn pagination_walks_every_item_once() {
        let mut seen = Vec::new();
        let mut marker: Option<String> = None;
        for _ in 0..10 {
            let page = paginate(keyed(7), marker.as_deref(), Some(3), 50).unwrap();
            assert!(page.items.len() <= 3);
            seen.extend(page.items);
            marker = page.next_marker;
            if marker.is_none() {
                break;
            }
        }
        assert_eq!(seen, (0..7).collect::<Vec<_>>());
    }

    #[test]
    fn pagination_caps_and_defaults() {
        let page = paginate(keyed(60), None, None, 50).unwrap();
        assert_eq!(page.items.len(), 50);
        assert!(page.next_marker.is_some());
        let page = paginate(keyed(60), None, Some(10_000), 50).unwrap();
        assert_eq!(page.items.len(), 50);
        let page = paginate(keyed(3), None, Some(3), 50).unwrap();
        assert_eq!((page.items.len(), page.next_marker), (3, None));
    }

    #[test]
    fn pagination_survives_removed_items_and_rejects_bad_markers() {
        let first = paginate(keyed(5), None, Some(2), 50).unwrap();
        let marker = first.next_marker.unwrap();
        // The item the marker names is gone; the page starts at the next one.
        let fewer: Vec<_> = keyed(5).into_iter().filter(|(_, i)| *i != 2).collect();
        let page = paginate(fewer, Some(&marker), Some(2), 50).unwrap();
        assert_eq!(page.items, vec![3, 4]);
        let err = paginate(keyed(5), Some("!!not base64!!"), None, 50).unwrap_err();
        assert_eq!(err.code(), "InvalidParameterValueException");
        assert!(paginate(keyed(5), None, Some(0), 50).is_err());
    }

    #[test]
    fn version_keys_sort_numerically() {
        let mut keys = vec![version_key(Some(10)), version_key(Some(9)), version_key(None)];
        keys.sort();
        assert_eq!(keys, vec![version_key(None), version_key(Some(9)), version_key(Some(10))]);
        let mut names = vec!["10", "$LATEST.PUBLISHED", "9", "$LATEST"];
        names.sort_by_key(|v| version_name_key(v));
        assert_eq!(names, ["$LATEST", "$LATEST.PUBLISHED", "9", "10"]);
    }
}
