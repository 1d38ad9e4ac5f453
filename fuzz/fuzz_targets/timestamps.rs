//! Timestamp parsing: RFC 3339 text and epoch seconds from JSON. Nothing may panic, and a
//! parsed timestamp written out parses back to the same text.
#![no_main]

use lambda_rt::wire::{parse_rfc3339, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(t) = parse_rfc3339(text) {
        let written = t.to_string();
        let again: Timestamp =
            written.parse().unwrap_or_else(|_| panic!("{text:?} wrote {written:?}, which does not parse"));
        assert_eq!(again.to_string(), written, "{text:?}");
    }
    let _ = text.parse::<Timestamp>();
    if let Ok(t) = serde_json::from_str::<Timestamp>(text) {
        let json = serde_json::to_string(&t).expect("a timestamp serializes");
        let _ = serde_json::from_str::<Timestamp>(&json).expect("a written timestamp reads back");
    }
});
