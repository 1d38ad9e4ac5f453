//! The errors the in-memory service answers with, and their conversion into each operation's
//! typed error.

use lambda_rt::binding::OperationError;
use lambda_rt::error::ErrorBody;
use lambda_rt::ErrorMetadata;
use std::fmt;

/// Why a call failed. Each variant is one of the service's error codes; the message is the one
/// the service uses where it is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fail {
    /// `ResourceNotFoundException` (404).
    NotFound(String),
    /// `ResourceConflictException` (409).
    Conflict(String),
    /// `InvalidParameterValueException` (400).
    InvalidParameter(String),
    /// `PreconditionFailedException` (412): a stale `RevisionId`.
    PreconditionFailed(String),
    /// `PolicyLengthExceededException` (400).
    PolicyLengthExceeded(String),
    /// `ProvisionedConcurrencyConfigNotFoundException` (404).
    ProvisionedConcurrencyConfigNotFound(String),
    /// `CodeSigningConfigNotFoundException` (404).
    CodeSigningConfigNotFound(String),
    /// `ResourceInUseException` (400).
    ResourceInUse(String),
    /// `TooManyRequestsException` (429).
    TooManyRequests(String),
    /// `RequestTooLargeException` (413): an Invoke payload over its limit.
    RequestTooLarge(String),
    /// `RequestEntityTooLargeException` (413): a request or deployment package over the
    /// service's size limit.
    RequestEntityTooLarge(String),
    /// `InvalidRequestContentException` (400).
    InvalidRequestContent(String),
    /// `DurableExecutionAlreadyStartedException` (409): a durable execution name reused with
    /// another payload.
    DurableExecutionAlreadyStarted(String),
    /// `CallbackTimeoutException` (400): the callback timed out or is already closed.
    CallbackTimeout(String),
    /// `ServiceException` (500).
    Service(String),
    /// `CapacityProviderLimitExceededException` (400).
    CapacityProviderLimitExceeded(String),
    /// `FunctionVersionsPerCapacityProviderLimitExceededException` (400).
    FunctionVersionsPerCapacityProviderLimitExceeded(String),
    /// `NoPublishedVersionException` (400): an unqualified invocation of a function on a
    /// capacity provider that has no `$LATEST.PUBLISHED` version.
    NoPublishedVersion(String),
}

impl Fail {
    /// The error code.
    pub fn code(&self) -> &'static str {
        match self {
            Fail::NotFound(_) => "ResourceNotFoundException",
            Fail::Conflict(_) => "ResourceConflictException",
            Fail::InvalidParameter(_) => "InvalidParameterValueException",
            Fail::PreconditionFailed(_) => "PreconditionFailedException",
            Fail::PolicyLengthExceeded(_) => "PolicyLengthExceededException",
            Fail::ProvisionedConcurrencyConfigNotFound(_) => "ProvisionedConcurrencyConfigNotFoundException",
            Fail::CodeSigningConfigNotFound(_) => "CodeSigningConfigNotFoundException",
            Fail::ResourceInUse(_) => "ResourceInUseException",
            Fail::TooManyRequests(_) => "TooManyRequestsException",
            Fail::RequestTooLarge(_) => "RequestTooLargeException",
            Fail::RequestEntityTooLarge(_) => "RequestEntityTooLargeException",
            Fail::InvalidRequestContent(_) => "InvalidRequestContentException",
            Fail::DurableExecutionAlreadyStarted(_) => "DurableExecutionAlreadyStartedException",
            Fail::CallbackTimeout(_) => "CallbackTimeoutException",
            Fail::Service(_) => "ServiceException",
            Fail::CapacityProviderLimitExceeded(_) => "CapacityProviderLimitExceededException",
            Fail::FunctionVersionsPerCapacityProviderLimitExceeded(_) => {
                "FunctionVersionsPerCapacityProviderLimitExceededException"
            }
            Fail::NoPublishedVersion(_) => "NoPublishedVersionException",
        }
    }

    /// The HTTP status the service answers this error with.
    pub fn status(&self) -> u16 {
        match self {
            Fail::NotFound(_) | Fail::ProvisionedConcurrencyConfigNotFound(_) | Fail::CodeSigningConfigNotFound(_) => {
                404
            }
            Fail::Conflict(_) | Fail::DurableExecutionAlreadyStarted(_) => 409,
            Fail::PreconditionFailed(_) => 412,
            Fail::TooManyRequests(_) => 429,
            Fail::RequestTooLarge(_) | Fail::RequestEntityTooLarge(_) => 413,
            Fail::Service(_) => 500,
            Fail::InvalidParameter(_)
            | Fail::PolicyLengthExceeded(_)
            | Fail::ResourceInUse(_)
            | Fail::InvalidRequestContent(_)
            | Fail::CallbackTimeout(_)
            | Fail::CapacityProviderLimitExceeded(_)
            | Fail::FunctionVersionsPerCapacityProviderLimitExceeded(_)
            | Fail::NoPublishedVersion(_) => 400,
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        match self {
            Fail::NotFound(m)
            | Fail::Conflict(m)
            | Fail::InvalidParameter(m)
            | Fail::PreconditionFailed(m)
            | Fail::PolicyLengthExceeded(m)
            | Fail::ProvisionedConcurrencyConfigNotFound(m)
            | Fail::CodeSigningConfigNotFound(m)
            | Fail::ResourceInUse(m)
            | Fail::TooManyRequests(m)
            | Fail::RequestTooLarge(m)
            | Fail::RequestEntityTooLarge(m)
            | Fail::InvalidRequestContent(m)
            | Fail::DurableExecutionAlreadyStarted(m)
            | Fail::CallbackTimeout(m)
            | Fail::Service(m)
            | Fail::CapacityProviderLimitExceeded(m)
            | Fail::FunctionVersionsPerCapacityProviderLimitExceeded(m)
            | Fail::NoPublishedVersion(m) => m,
        }
    }

    /// The typed error of an operation. A code the operation does not list becomes its
    /// `Unhandled` variant, which keeps the code, status and message, so the wire answer is
    /// the same either way.
    pub fn into_op<E: OperationError>(self) -> E {
        let code = self.code();
        let side = if self.status() >= 500 { "Service" } else { "User" };
        let body = ErrorBody {
            code: Some(code.to_string()),
            r#type: Some(side.to_string()),
            message: Some(self.message().to_string()),
        };
        let meta = ErrorMetadata {
            code: code.to_string(),
            message: Some(self.message().to_string()),
            status: self.status(),
            request_id: None,
        };
        E::from_code(code, body, meta)
    }

    /// An output builder refused what this crate built: a member the spec requires was left
    /// unset, a bug here, so the caller gets the service's internal error.
    pub fn incomplete_output(e: lambda_rt::ValidationError) -> Fail {
        Fail::Service(format!("internal error: incomplete output: {e}"))
    }

    /// The standard "stale revision" error.
    pub fn stale_revision(what: &str) -> Fail {
        Fail::PreconditionFailed(format!(
            "The Revision Id provided does not match the latest Revision Id. Call the {what} API to retrieve the latest Revision Id"
        ))
    }
}

impl fmt::Display for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for Fail {}

/// Result of a service call.
pub type Res<T> = Result<T, Fail>;

/// Checks an optional `RevisionId` against the current one.
pub fn check_revision(given: Option<&str>, current: Option<&str>, what: &str) -> Res<()> {
    match given {
        Some(g) if Some(g) != current => Err(Fail::stale_revision(what)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_api::operations::create_function::CreateFunctionError;
    use lambda_api::operations::list_layers::ListLayersError;
    use lambda_rt::ServiceErrorKind;

    #[test]
    fn listed_codes_become_their_variant() {
        let e: CreateFunctionError = Fail::Conflict("exists".into()).into_op();
        assert!(matches!(e, CreateFunctionError::ResourceConflictException(_)));
        assert_eq!(e.http_status(), 409);
        assert_eq!(e.message(), Some("exists"));
    }

    #[test]
    fn unlisted_codes_keep_code_and_status() {
        // ListLayers does not list ResourceNotFoundException.
        let e: ListLayersError = Fail::NotFound("gone".into()).into_op();
        assert!(matches!(e, ListLayersError::Unhandled(_)));
        assert_eq!(e.code(), "ResourceNotFoundException");
        assert_eq!(e.http_status(), 404);
    }

    #[test]
    fn an_incomplete_output_is_an_internal_error() {
        use lambda_api::operations::put_function_code_signing_config::PutFunctionCodeSigningConfigOutput;
        let refused = PutFunctionCodeSigningConfigOutput::builder().function_name("f").build().unwrap_err();
        let e = Fail::incomplete_output(refused);
        assert_eq!((e.code(), e.status()), ("ServiceException", 500));
        assert!(e.message().contains("codeSigningConfigArn"), "{}", e.message());
    }

    #[test]
    fn revision_checks() {
        assert!(check_revision(None, Some("a"), "GetFunction").is_ok());
        assert!(check_revision(Some("a"), Some("a"), "GetFunction").is_ok());
        let e = check_revision(Some("b"), Some("a"), "GetFunction").unwrap_err();
        assert_eq!(e.code(), "PreconditionFailedException");
        assert_eq!(e.status(), 412);
    }
}
