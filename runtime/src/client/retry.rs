//! Which failures are worth another attempt, and how long to wait before it.

use super::config::RetryConfig;
use std::time::Duration;

/// Error codes that mean "slow down" (the standard AWS list).
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes that mean "the service had a passing problem".
const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "ServiceException",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "InternalFailure",
    "InternalError",
    "InternalServerError",
    "InternalServiceError",
    "EC2UnexpectedException",
];

/// Why an attempt may be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RetryReason {
    /// The service throttled the call.
    Throttling,
    /// The service failed in a way that may pass.
    ServerError,
    /// The connection failed.
    Transport,
    /// The attempt or the connection timed out.
    Timeout,
}

impl RetryReason {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RetryReason::Throttling => "throttling",
            RetryReason::ServerError => "server error",
            RetryReason::Transport => "transport error",
            RetryReason::Timeout => "timeout",
        }
    }
}

/// Classifies an error response. A code that names a lasting problem
/// (`InvalidZipFileException`, `KMSAccessDeniedException`, even with a 5xx status) is not
/// retried; throttling and transient codes are, and so is a 500/502 that names no code.
/// 429, 503 and 504 are always retried.
pub(crate) fn classify_error_response(status: u16, code: Option<&str>) -> Option<RetryReason> {
    if let Some(code) = code {
        if THROTTLING_CODES.contains(&code) {
            return Some(RetryReason::Throttling);
        }
        if TRANSIENT_CODES.contains(&code) {
            return Some(RetryReason::ServerError);
        }
    }
    match (status, code) {
        (429, _) => Some(RetryReason::Throttling),
        (503 | 504, _) => Some(RetryReason::ServerError),
        (500 | 502, None) => Some(RetryReason::ServerError),
        _ => None,
    }
}

/// The wait before the attempt after `attempt` (1-based), for `unit` in `[0, 1]`: full
/// jitter over `min(initial * 2^(attempt-1), max)`.
pub(crate) fn backoff(policy: &RetryConfig, attempt: u32, unit: f64) -> Duration {
    let exp = attempt.saturating_sub(1).min(30);
    let ceiling = policy.initial_backoff.checked_mul(1u32 << exp).unwrap_or(policy.max_backoff).min(policy.max_backoff);
    ceiling.mul_f64(unit.clamp(0.0, 1.0))
}

/// Reads a `Retry-After` value in seconds (Lambda sends whole seconds; fractions are taken).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let secs: f64 = value.trim().parse().ok()?;
    (0.0..86_400.0).contains(&secs).then(|| Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_and_transient_errors_are_retried_lasting_ones_are_not() {
        use RetryReason::*;
        let cases: &[(u16, Option<&str>, Option<RetryReason>)] = &[
            (429, Some("TooManyRequestsException"), Some(Throttling)),
            (429, None, Some(Throttling)),
            (429, Some("ReservedConcurrencyExceeded"), Some(Throttling)),
            (400, Some("ThrottlingException"), Some(Throttling)),
            (502, Some("EC2ThrottledException"), Some(Throttling)),
            (500, Some("ServiceException"), Some(ServerError)),
            (500, None, Some(ServerError)),
            (502, None, Some(ServerError)),
            (503, None, Some(ServerError)),
            (503, Some("Whatever"), Some(ServerError)),
            (504, None, Some(ServerError)),
            (408, Some("RequestTimeoutException"), Some(ServerError)),
            (502, Some("EC2UnexpectedException"), Some(ServerError)),
            // Lasting problems, whatever their status.
            (502, Some("InvalidZipFileException"), None),
            (502, Some("KMSAccessDeniedException"), None),
            (500, Some("SomethingPermanentException"), None),
            (400, Some("InvalidParameterValueException"), None),
            (404, Some("ResourceNotFoundException"), None),
            (409, Some("ResourceConflictException"), None),
            (413, Some("RequestTooLargeException"), None),
            (403, Some("AccessDeniedException"), None),
            (400, None, None),
            (404, None, None),
            (501, None, None),
        ];
        for (status, code, want) in cases {
            assert_eq!(classify_error_response(*status, *code), *want, "{status} {code:?}");
        }
    }

    #[test]
    fn backoff_doubles_within_bounds_and_is_capped() {
        let p = RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_secs(1));
        assert_eq!(backoff(&p, 1, 1.0), Duration::from_millis(100));
        assert_eq!(backoff(&p, 2, 1.0), Duration::from_millis(200));
        assert_eq!(backoff(&p, 3, 1.0), Duration::from_millis(400));
        assert_eq!(backoff(&p, 4, 1.0), Duration::from_millis(800));
        assert_eq!(backoff(&p, 5, 1.0), Duration::from_secs(1));
        assert_eq!(backoff(&p, 1000, 1.0), Duration::from_secs(1));
        assert_eq!(backoff(&p, 3, 0.0), Duration::ZERO);
        assert_eq!(backoff(&p, 3, 0.5), Duration::from_millis(200));
        // Out-of-range draws are clamped rather than trusted.
        assert_eq!(backoff(&p, 1, 7.0), Duration::from_millis(100));
        // Random draws stay inside [0, ceiling].
        for attempt in 1..=10 {
            let d = backoff(&p, attempt, fastrand::f64());
            assert!(d <= Duration::from_secs(1), "{attempt}: {d:?}");
        }
        // A huge initial backoff does not overflow.
        let huge = RetryConfig::standard()
            .with_initial_backoff(Duration::from_secs(u64::MAX / 4))
            .with_max_backoff(Duration::from_secs(5));
        assert_eq!(backoff(&huge, 31, 1.0), Duration::from_secs(5));
    }

    #[test]
    fn retry_after_is_read_in_seconds() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("0"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("NaN"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("1e30"), None);
    }
}
