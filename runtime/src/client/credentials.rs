//! Access keys that requests are signed with: static ones, or a provider's behind a cache.

use super::error::ConfigError;
use std::fmt;
use std::time::Duration;

/// An AWS access key pair, with a session token for temporary credentials.
///
/// `Debug` shows the access key id only; the secret and the token are never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    /// Static credentials.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: session_token.filter(|t| !t.is_empty()),
        }
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and (optional) `AWS_SESSION_TOKEN`.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Credentials::from_env`], with the variables read through `var`.
    pub(crate) fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &'static str| var(name).filter(|v| !v.trim().is_empty());
        let access = get("AWS_ACCESS_KEY_ID").ok_or(ConfigError::MissingCredentials("AWS_ACCESS_KEY_ID is not set"))?;
        let secret =
            get("AWS_SECRET_ACCESS_KEY").ok_or(ConfigError::MissingCredentials("AWS_SECRET_ACCESS_KEY is not set"))?;
        Ok(Credentials::new(access, secret, get("AWS_SESSION_TOKEN")))
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token, for temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
}

#[cfg(feature = "credentials-provider")]
impl From<&aws_credential_types::Credentials> for Credentials {
    fn from(c: &aws_credential_types::Credentials) -> Self {
        Credentials::new(c.access_key_id(), c.secret_access_key(), c.session_token().map(str::to_string))
    }
}

/// How cached credentials are refreshed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RefreshSettings {
    /// Credentials with less than this left are not used: time for clock skew and for the
    /// request to reach the service. Default 10 s.
    pub expiry_buffer: Duration,
    /// A background load starts when this much is left before the buffer (at most half the
    /// credentials' usable life, so short-lived ones are not reloaded on every call).
    /// Default 5 minutes.
    pub refresh_ahead: Duration,
    /// A load that takes longer fails with a timeout. Default 5 s.
    pub load_timeout: Duration,
}

impl Default for RefreshSettings {
    fn default() -> Self {
        RefreshSettings {
            expiry_buffer: Duration::from_secs(10),
            refresh_ahead: Duration::from_secs(300),
            load_timeout: Duration::from_secs(5),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &crate::Redacted)
            .field("session_token", &self.session_token.as_ref().map(|_| crate::Redacted))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_lookup_needs_both_keys_and_keeps_the_token() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
        };
        let c = Credentials::from_lookup(env(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_SESSION_TOKEN", "TOKEN"),
        ]))
        .unwrap();
        assert_eq!((c.access_key_id(), c.secret_access_key(), c.session_token()), ("AKID", "SECRET", Some("TOKEN")));
        let c = Credentials::from_lookup(env(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_SESSION_TOKEN", ""),
        ]))
        .unwrap();
        assert_eq!(c.session_token(), None);
        let e = Credentials::from_lookup(env(&[("AWS_ACCESS_KEY_ID", "AKID")])).unwrap_err();
        assert!(e.to_string().contains("AWS_SECRET_ACCESS_KEY"), "{e}");
        assert!(Credentials::from_lookup(env(&[])).is_err());
    }

    #[test]
    fn debug_hides_the_secret_and_token() {
        let c = Credentials::new("AKID", "wJalrXUtnFEMI", Some("tok3n".into()));
        let d = format!("{c:?}");
        assert!(d.contains("AKID"));
        assert!(!d.contains("wJalrXUtnFEMI") && !d.contains("tok3n"), "{d}");
    }
}
