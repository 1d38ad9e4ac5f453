//! Value types whose JSON form differs from their Rust form.

use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Binary data, sent in JSON bodies as base64.
///
/// `Debug` prints only the length: blobs are code archives and payloads, which are large
/// and may be secret.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Blob(pub Vec<u8>);

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Blob(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Takes the bytes out.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Blob {
    fn from(v: Vec<u8>) -> Self {
        Blob(v)
    }
}

impl From<&[u8]> for Blob {
    fn from(v: &[u8]) -> Self {
        Blob(v.to_vec())
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map(Blob)
            .map_err(|e| serde::de::Error::custom(format_args!("invalid base64: {e}")))
    }
}

/// A point in time, sent in JSON bodies as seconds since the Unix epoch (fraction allowed).
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Timestamp(pub f64);

impl Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn from_epoch_seconds(secs: f64) -> Self {
        Timestamp(secs)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn epoch_seconds(self) -> f64 {
        self.0
    }

    /// The current time.
    pub fn now() -> Self {
        SystemTime::now().into()
    }
}

impl From<SystemTime> for Timestamp {
    fn from(t: SystemTime) -> Self {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => Timestamp(d.as_secs_f64()),
            Err(e) => Timestamp(-e.duration().as_secs_f64()),
        }
    }
}

impl From<Timestamp> for SystemTime {
    fn from(t: Timestamp) -> Self {
        if t.0 >= 0.0 {
            UNIX_EPOCH + Duration::from_secs_f64(t.0)
        } else {
            UNIX_EPOCH - Duration::from_secs_f64(-t.0)
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Whole seconds go out as integers, as the service sends them.
        if self.0.fract() == 0.0 && self.0.abs() < 9.0e15 {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        f64::deserialize(d).map(Timestamp)
    }
}

/// Hides a value from `Debug` output.
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::validation::REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_round_trips_as_base64() {
        let b = Blob::new(b"PK\x03\x04".to_vec());
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(json, "\"UEsDBA==\"");
        assert_eq!(serde_json::from_str::<Blob>(&json).unwrap(), b);
        assert!(serde_json::from_str::<Blob>("\"@@\"").unwrap_err().to_string().contains("invalid base64"));
        assert_eq!(format!("{b:?}"), "Blob(4 bytes)");
    }

    #[test]
    fn timestamp_is_epoch_seconds() {
        let t: Timestamp = serde_json::from_str("1700000000.5").unwrap();
        assert_eq!(t.epoch_seconds(), 1_700_000_000.5);
        assert_eq!(serde_json::to_string(&Timestamp(1_700_000_000.0)).unwrap(), "1700000000");
        let back: SystemTime = t.into();
        assert_eq!(Timestamp::from(back), t);
    }
}
