//! Value types whose JSON form differs from their Rust form.

use base64::Engine as _;
use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Binary data, sent in JSON bodies as base64.
///
/// `Debug` prints only the length: blobs are code archives and payloads, which are large
/// and may be secret. The bytes are shared ([`Bytes`]): a payload bound from a request body,
/// or written into a response, is not copied, and cloning a blob is cheap.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Blob(pub Bytes);

impl Blob {
    /// Wraps bytes: an owned buffer (`Vec<u8>`, `String`, [`Bytes`]) is taken without a
    /// copy, borrowed bytes (`&[u8]`, `&str`) are copied.
    pub fn new(bytes: impl Into<Blob>) -> Self {
        bytes.into()
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, shared with this blob (no copy).
    pub fn to_bytes(&self) -> Bytes {
        self.0.clone()
    }

    /// Takes the bytes out.
    pub fn into_inner(self) -> Bytes {
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
        Blob(v.into())
    }
}

impl From<Bytes> for Blob {
    fn from(v: Bytes) -> Self {
        Blob(v)
    }
}

impl From<&[u8]> for Blob {
    fn from(v: &[u8]) -> Self {
        Blob(Bytes::copy_from_slice(v))
    }
}

impl<const N: usize> From<&[u8; N]> for Blob {
    fn from(v: &[u8; N]) -> Self {
        Blob(Bytes::copy_from_slice(v))
    }
}

impl From<String> for Blob {
    fn from(v: String) -> Self {
        Blob(v.into())
    }
}

impl From<&str> for Blob {
    fn from(v: &str) -> Self {
        Blob(Bytes::copy_from_slice(v.as_bytes()))
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Decoded straight from the text the parser holds: a 70 MB Base64 deployment package
        // is not first copied into a String.
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Blob;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Base64 string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Blob, E> {
                base64::engine::general_purpose::STANDARD
                    .decode(text.as_bytes())
                    .map(Blob::from)
                    .map_err(|e| E::custom(format_args!("invalid base64: {e}")))
            }
        }
        d.deserialize_str(Visitor)
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
    /// Epoch seconds, as the service sends them; an RFC 3339 string is accepted too, since
    /// some emulators send one (botocore reads both).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("seconds since the epoch, or an RFC 3339 date-time string")
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Timestamp, E> {
                Ok(Timestamp(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Ok(Timestamp(v as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Timestamp, E> {
                Ok(Timestamp(v as f64))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                parse_rfc3339(v).ok_or_else(|| E::custom(format_args!("invalid timestamp {v:?}")))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// RFC 3339 in UTC (`2024-05-01T12:30:00Z`, with milliseconds when the time has a fraction):
/// how query strings carry timestamps.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis_total = (self.0 * 1000.0).round() as i64;
        let (secs, millis) = (millis_total.div_euclid(1000), millis_total.rem_euclid(1000));
        let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        write!(f, "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60)?;
        if millis != 0 {
            write!(f, ".{millis:03}")?;
        }
        f.write_str("Z")
    }
}

/// RFC 3339, or seconds since the epoch.
impl std::str::FromStr for Timestamp {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_rfc3339(s)
            .or_else(|| s.parse::<f64>().ok().filter(|v| v.is_finite()).map(Timestamp))
            .ok_or_else(|| format!("invalid timestamp {s:?}: expected RFC 3339 or epoch seconds"))
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)` (also with a space or lower-case
/// `t`/`z`, and `+HHMM`).
pub fn parse_rfc3339(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes().all(|c| c.is_ascii_digit()).then(|| t.parse().ok())?
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut fraction = 0.0;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
        fraction = format!("0.{}", &s[start..i]).parse().ok()?;
    }
    let offset = match s.get(i..)? {
        "Z" | "z" => 0,
        rest if rest.len() == 6 || rest.len() == 5 => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = rest[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let h: i64 = digits[..2].parse().ok()?;
            let m: i64 = digits[2..].parse().ok()?;
            sign * (h * 3600 + m * 60)
        }
        _ => return None,
    };
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Some(Timestamp(secs as f64 + fraction))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a count of days since 1970-01-01; inverse of [`days_from_civil`].
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
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
    fn owned_buffers_become_blobs_without_a_copy_and_borrowed_ones_are_copied() {
        let v = b"payload".to_vec();
        let at = v.as_ptr();
        let blob = Blob::new(v);
        assert_eq!(blob.as_bytes().as_ptr(), at);
        // Shared, not copied, on the way out.
        assert_eq!(blob.to_bytes().as_ptr(), at);
        assert_eq!(blob.clone().into_inner().as_ptr(), at);
        let borrowed: &[u8] = b"payload";
        assert_eq!(Blob::new(borrowed), blob);
        assert_eq!(Blob::new(b"payload"), blob);
        assert_eq!(Blob::new("payload"), blob);
        assert_eq!(Blob::new(String::from("payload")), blob);
        assert_eq!(format!("{blob:?}"), "Blob(7 bytes)");
    }

    #[test]
    fn timestamps_print_and_parse_as_rfc3339() {
        let t = Timestamp(1_714_566_600.0);
        assert_eq!(t.to_string(), "2024-05-01T12:30:00Z");
        assert_eq!("2024-05-01T12:30:00Z".parse::<Timestamp>(), Ok(t));
        assert_eq!(Timestamp(1.5).to_string(), "1970-01-01T00:00:01.500Z");
        assert_eq!(Timestamp(-1.0).to_string(), "1969-12-31T23:59:59Z");
        assert_eq!("1714566600".parse::<Timestamp>(), Ok(t));
        assert!("yesterday".parse::<Timestamp>().unwrap_err().contains("yesterday"));
    }

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

    #[test]
    fn civil_dates_round_trip() {
        for days in [-719_468, -1, 0, 1, 10_957, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, i64::from(m), i64::from(d)), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }

    #[test]
    fn rfc3339_strings_are_accepted() {
        let t: Timestamp = serde_json::from_str("\"2026-11-25T13:09:30.5Z\"").unwrap();
        assert_eq!(t.epoch_seconds(), 1_795_612_170.5);
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(Timestamp(0.0)));
        assert_eq!(parse_rfc3339("1970-01-01T01:00:00+01:00"), Some(Timestamp(0.0)));
        assert_eq!(parse_rfc3339("2000-02-29T00:00:00.000+0000"), Some(Timestamp(951_782_400.0)));
        for bad in [
            "",
            "2026-13-01T00:00:00Z",
            "2026-11-25",
            "2026-11-25T13:09:30",
            "2026-11-25T13:09:30.Z",
            "yesterday at noon!",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        assert!(serde_json::from_str::<Timestamp>("\"soon\"").is_err());
    }
}
