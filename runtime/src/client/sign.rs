//! Signing requests with Signature Version 4, as the AWS SDKs sign for this service: the path
//! encoded twice after dot segments are removed, the payload hash signed without an
//! `x-amz-content-sha256` header, the session token signed, and `authorization`, `user-agent`,
//! `x-amzn-trace-id` and `transfer-encoding` left out of the signed headers.

use super::Credentials;
use crate::sigv4::{self, ALGORITHM};
use std::sync::Mutex;
use std::time::SystemTime;

/// What to sign: everything of the request that the signature covers.
pub(crate) struct ToSign<'a> {
    pub method: &'a str,
    /// The full URI, path and query already percent-encoded.
    pub uri: &'a http::Uri,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// Signs one client's requests: for its signing region and service, with the derived key of
/// the last signature kept, as deriving it takes four HMACs and a client signs with one key
/// for a whole day (until its credentials change).
pub(crate) struct Signer {
    region: String,
    service: &'static str,
    last_key: Mutex<Option<DerivedKey>>,
}

/// A day's key, with the date and secret it was derived from.
struct DerivedKey {
    date: String,
    secret: String,
    key: [u8; 32],
}

impl std::fmt::Debug for Signer {
    // The kept key and secret stay out of debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").field("region", &self.region).field("service", &self.service).finish_non_exhaustive()
    }
}

impl Signer {
    pub(crate) fn new(region: impl Into<String>, service: &'static str) -> Self {
        Signer { region: region.into(), service, last_key: Mutex::new(None) }
    }

    /// The service name signatures are scoped to.
    pub(crate) fn service(&self) -> &'static str {
        self.service
    }

    /// Returns the headers to add (`authorization`, `x-amz-date`, and `x-amz-security-token`
    /// for temporary credentials), each with whether its value is secret.
    pub(crate) fn signing_headers(
        &self,
        req: &ToSign<'_>,
        credentials: &Credentials,
        time: SystemTime,
    ) -> Result<Vec<(&'static str, String, bool)>, String> {
        let uri = req.uri;
        let session_token = credentials.session_token();
        let amz_date = sigv4::format_amz_date(time);

        // Canonical headers: lower-case names, values trimmed with inner runs of spaces made one,
        // repeated names joined with commas, sorted by name. The added headers replace any given.
        let mut headers: Vec<(String, String)> = Vec::with_capacity(req.headers.len() + 2);
        for (name, value) in req.headers {
            let name = name.to_ascii_lowercase();
            let replaced = name == "x-amz-date" || (name == "x-amz-security-token" && session_token.is_some());
            if UNSIGNED_HEADERS.contains(&name.as_str()) || replaced {
                continue;
            }
            let value = trim_spaces(value);
            match headers.iter_mut().find(|(n, _)| *n == name) {
                Some((_, joined)) => {
                    joined.push(',');
                    joined.push_str(&value);
                }
                None => headers.push((name, value)),
            }
        }
        if !headers.iter().any(|(n, _)| n == "host") {
            let host = uri.authority().ok_or_else(|| format!("cannot sign the URI {}: it names no host", req.uri))?;
            headers.push(("host".to_string(), host_for_signing(uri, host)));
        }
        headers.push(("x-amz-date".to_string(), amz_date.clone()));
        if let Some(token) = session_token {
            headers.push(("x-amz-security-token".to_string(), token.to_string()));
        }
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        let signed_headers = headers.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(";");

        let query: Vec<(String, String)> = uri
            .query()
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (form_decode(k), form_decode(v))
            })
            .collect();
        let mut canonical = format!(
            "{}\n{}\n{}\n",
            req.method,
            crate::http::percent_encode(&remove_dot_segments(uri.path()), true),
            sigv4::canonical_query(query.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        );
        for (name, value) in &headers {
            canonical.push_str(name);
            canonical.push(':');
            canonical.push_str(value);
            canonical.push('\n');
        }
        canonical.push('\n');
        canonical.push_str(&signed_headers);
        canonical.push('\n');
        canonical.push_str(&sigv4::hex(&sigv4::sha256(req.body)));

        let date = &amz_date[..8];
        let scope = format!("{date}/{}/{}/aws4_request", self.region, self.service);
        let signature = sigv4::signature(
            &self.key(credentials.secret_access_key(), date),
            &sigv4::string_to_sign(&amz_date, &scope, &canonical),
        );
        let mut added = vec![
            (
                "authorization",
                format!(
                    "{ALGORITHM} Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
                    credentials.access_key_id()
                ),
                false,
            ),
            ("x-amz-date", amz_date, false),
        ];
        if let Some(token) = session_token {
            added.push(("x-amz-security-token", token.to_string(), true));
        }
        Ok(added)
    }

    /// The derived key for `date` and `secret`: the kept one when both match.
    fn key(&self, secret: &str, date: &str) -> [u8; 32] {
        // A poisoned lock only means another thread panicked while replacing the kept key,
        // which is rebuilt whole below in any case.
        let mut last = self.last_key.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*last {
            Some(k) if k.date == date && k.secret == secret => k.key,
            _ => {
                let key = sigv4::signing_key(secret, date, &self.region, self.service);
                *last = Some(DerivedKey { date: date.to_string(), secret: secret.to_string(), key });
                key
            }
        }
    }
}

/// Headers that proxies may change, so the SDKs never sign them.
const UNSIGNED_HEADERS: [&str; 4] = ["authorization", "user-agent", "x-amzn-trace-id", "transfer-encoding"];

/// The `host` value signed when none is given: the authority, less a port that is the
/// scheme's default (clients leave it out of the `Host` header they send).
fn host_for_signing(uri: &http::Uri, authority: &http::uri::Authority) -> String {
    let default_port = match uri.scheme_str() {
        Some("https") => Some(443),
        Some("http") => Some(80),
        _ => None,
    };
    match authority.port_u16() {
        Some(port) if Some(port) == default_port => authority.host().to_string(),
        _ => authority.as_str().to_string(),
    }
}

/// Removes leading and trailing spaces and makes every run of spaces one (other whitespace is
/// kept, as the SDKs keep it).
fn trim_spaces(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.trim_matches(' ').split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Decodes a query component as HTML forms encode it: `+` is a space, a broken escape stays
/// as written, and bytes that are not UTF-8 become U+FFFD.
fn form_decode(component: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = component.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (bytes.get(i + 1).and_then(|&b| hex(b)), bytes.get(i + 2).and_then(|&b| hex(b))) {
                (Some(hi), Some(lo)) => {
                    out.push((hi * 16 + lo) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// RFC 3986's removal of `.` and `..` segments, with empty segments dropped as well; a path
/// that ended in a separator, `.` or `..` keeps a final `/`.
fn remove_dot_segments(path: &str) -> String {
    if path.is_empty() {
        return "/".to_string();
    }
    if !path.contains('.') && !path.contains("//") {
        return if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
    }
    let mut kept: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                kept.pop();
            }
            other => kept.push(other),
        }
    }
    let mut out = format!("/{}", kept.join("/"));
    if (path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..")) && !out.ends_with('/') {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    const AUGUST_30: u64 = 1_440_938_160; // 2015-08-30T12:36:00Z

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    fn sign_at(signer: &Signer, credentials: &Credentials, uri: &str) -> Vec<(&'static str, String, bool)> {
        let headers = vec![("host".to_string(), "example.amazonaws.com".to_string())];
        signer
            .signing_headers(
                &ToSign { method: "GET", uri: &uri.parse().unwrap(), headers: &headers, body: b"" },
                credentials,
                UNIX_EPOCH + Duration::from_secs(AUGUST_30),
            )
            .unwrap()
    }

    #[test]
    fn matches_the_aws_get_vanilla_test_vector() {
        // "get-vanilla" from the AWS Signature Version 4 test suite.
        let signer = Signer::new("us-east-1", "service");
        let h = sign_at(&signer, &Credentials::new("AKIDEXAMPLE", SECRET, None), "https://example.amazonaws.com/");
        let get = |n: &str| h.iter().find(|(k, _, _)| *k == n).map(|(_, v, _)| v.as_str());
        assert_eq!(get("x-amz-date"), Some("20150830T123600Z"));
        assert_eq!(
            get("authorization"),
            Some(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                 SignedHeaders=host;x-amz-date, \
                 Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
            )
        );
        assert_eq!(get("x-amz-security-token"), None);
        let token = Credentials::new("AKIDEXAMPLE", SECRET, Some("TOKEN".to_string()));
        let h = sign_at(&signer, &token, "https://example.amazonaws.com/");
        assert!(h.iter().any(|(k, v, secret)| *k == "x-amz-security-token" && v == "TOKEN" && *secret));
    }

    #[test]
    fn paths_lose_dot_segments_and_empty_segments() {
        assert_eq!(remove_dot_segments(""), "/");
        assert_eq!(remove_dot_segments("/a/b"), "/a/b");
        assert_eq!(remove_dot_segments("/a/./b/../c"), "/a/c");
        assert_eq!(remove_dot_segments("/a//b/"), "/a/b/");
        assert_eq!(remove_dot_segments("/../a"), "/a");
        assert_eq!(remove_dot_segments("/a/b/."), "/a/b/");
        assert_eq!(remove_dot_segments("/a/.."), "/");
        assert_eq!(remove_dot_segments("/a.b/c..d"), "/a.b/c..d");
        assert_eq!(trim_spaces("  a   b\tc  "), "a b\tc");
        assert_eq!(form_decode("a+b%2B%zz%4"), "a b+%zz%4");
        assert_eq!(form_decode("%E2%82%AC%FF"), "\u{20ac}\u{fffd}");
    }

    /// Every header this signer adds equals what `aws-sigv4` (the AWS SDK for Rust's signer,
    /// with the settings the SDK uses for this service) adds to the same request, over
    /// requests made to reach the corners: encoded and dot path segments, repeated, empty and
    /// `+` query values, repeated and space-padded headers, bodies, session tokens, ports.
    #[test]
    fn agrees_with_aws_sigv4_on_generated_requests() {
        use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
        let segments = ["a", "my%3Afn", "%E2%82%AC", ".", "..", "", "x.y", "~t_-", "%2F", "%25", "a%20b"];
        let query_parts = ["Marker", "b", "a", "%2B", "+", "x%20y", "", "%7B", "%E2%82%AC", "~", "A", "%zz", "%FF"];
        let header_values = ["application/json", "  padded  value ", "a  b", "Event", "x,y", "\ttab"];
        let extra_headers = ["x-amz-invocation-type", "content-type", "x-amz-log-type", "X-Custom", "user-agent"];
        let hosts = ["lambda.us-east-1.amazonaws.com", "127.0.0.1:5000", "example.com:443"];
        let secrets = [SECRET, "other/secret+KEY"];
        // One signer per region for all cases, as a client signs: its kept key must be used
        // only for the date and secret it was derived from (a case's date moves on every
        // eleven cases or so; the secret at random).
        let signers = [Signer::new("us-east-1", "lambda"), Signer::new("eu-west-3", "lambda")];
        let mut rng = fastrand::Rng::with_seed(20_150_331);
        let mut pick = |n: usize| rng.usize(..n);
        for case in 0..400 {
            let scheme = if case % 3 == 0 { "http" } else { "https" };
            let host = hosts[pick(hosts.len())];
            let mut path = String::new();
            for _ in 0..pick(5) {
                path.push('/');
                path.push_str(segments[pick(segments.len())]);
            }
            if pick(4) == 0 {
                path.push('/');
            }
            let mut uri = format!("{scheme}://{host}{}", if path.is_empty() { "/" } else { &path });
            for i in 0..pick(4) {
                uri.push(if i == 0 { '?' } else { '&' });
                uri.push_str(query_parts[pick(query_parts.len())]);
                if pick(5) != 0 {
                    uri.push('=');
                    uri.push_str(query_parts[pick(query_parts.len())]);
                }
            }
            let mut headers = Vec::new();
            if pick(4) != 0 {
                headers.push(("host".to_string(), host.to_string()));
            }
            for _ in 0..pick(4) {
                let name = extra_headers[pick(extra_headers.len())].to_string();
                headers.push((name, header_values[pick(header_values.len())].to_string()));
            }
            let body: Vec<u8> = (0..pick(3) * 17).map(|i| i as u8).collect();
            let token = ["", "FQoGZXIvYXdzE", "a/b+c="][pick(3)];
            let method = ["GET", "POST", "PUT", "DELETE"][pick(4)];
            let time = UNIX_EPOCH + Duration::from_secs(AUGUST_30 + 7_919 * case as u64);
            let signer = &signers[pick(2)];
            let region = signer.region.as_str();
            let secret = secrets[pick(secrets.len())];

            let credentials = Credentials::new("AKIDEXAMPLE", secret, Some(token.to_string()));
            let parsed: http::Uri = uri.parse().unwrap();
            let req = ToSign { method, uri: &parsed, headers: &headers, body: &body };
            let mut ours = signer.signing_headers(&req, &credentials, time).unwrap();

            let identity = aws_credential_types::Credentials::new(
                "AKIDEXAMPLE",
                secret,
                (!token.is_empty()).then(|| token.to_string()),
                None,
                "test",
            )
            .into();
            let params = aws_sigv4::sign::v4::SigningParams::builder()
                .identity(&identity)
                .region(region)
                .name("lambda")
                .time(time)
                .settings(SigningSettings::default())
                .build()
                .unwrap()
                .into();
            let signable = SignableRequest::new(
                method,
                &uri,
                headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                SignableBody::Bytes(&body),
            )
            .unwrap();
            let (instructions, _) = sign(signable, &params).unwrap().into_parts();
            let mut theirs: Vec<(&'static str, String, bool)> = instructions
                .into_parts()
                .0
                .into_iter()
                .map(|h| (h.name(), h.value().to_string(), h.sensitive()))
                .collect();
            ours.sort();
            theirs.sort();
            assert_eq!(ours, theirs, "case {case}: {method} {uri} {headers:?}");
        }
    }
}
