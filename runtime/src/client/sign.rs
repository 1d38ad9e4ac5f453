//! Signature Version 4, through the `aws-sigv4` crate.

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use std::time::SystemTime;

/// What to sign: everything of the request that the signature covers.
pub(crate) struct ToSign<'a> {
    pub method: &'a str,
    /// The full URI, path and query already percent-encoded.
    pub uri: &'a str,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// Returns the headers to add (`authorization`, `x-amz-date`, and `x-amz-security-token`
/// for temporary credentials), each with whether its value is secret.
pub(crate) fn signing_headers(
    req: &ToSign<'_>,
    creds: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<Vec<(&'static str, String, bool)>, String> {
    let identity = creds.clone().into();
    // Defaults as the SDKs use them for this service: double-encoded path, payload hash
    // signed but no x-amz-content-sha256 header, session token signed.
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let signable = SignableRequest::new(
        req.method,
        req.uri,
        req.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(req.body),
    )
    .map_err(|e| e.to_string())?;
    let (instructions, _signature) = sign(signable, &params).map_err(|e| e.to_string())?.into_parts();
    let (headers, _query) = instructions.into_parts();
    Ok(headers.into_iter().map(|h| (h.name(), h.value().to_string(), h.sensitive())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn sign_at(creds: &Credentials, uri: &str) -> Vec<(&'static str, String, bool)> {
        let headers = vec![("host".to_string(), "example.amazonaws.com".to_string())];
        signing_headers(
            &ToSign { method: "GET", uri, headers: &headers, body: b"" },
            creds,
            "us-east-1",
            "service",
            UNIX_EPOCH + Duration::from_secs(1_440_938_160), // 2015-08-30T12:36:00Z
        )
        .unwrap()
    }

    #[test]
    fn matches_the_aws_get_vanilla_test_vector() {
        // "get-vanilla" from the AWS Signature Version 4 test suite.
        let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "test");
        let h = sign_at(&creds, "https://example.amazonaws.com/");
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
        let token = Credentials::new("AKIDEXAMPLE", "secret", Some("TOKEN".into()), None, "test");
        let h = sign_at(&token, "https://example.amazonaws.com/");
        assert!(h.iter().any(|(k, v, secret)| *k == "x-amz-security-token" && v == "TOKEN" && *secret));
    }
}
