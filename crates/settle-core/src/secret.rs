//! The SecretStore port: where Settle keeps what must never be logged or written to its database
//! (the Xero refresh token, SMTP and SMS credentials). The desktop app backs it with the OS
//! keychain; tests use a file. Owns: the port trait, the [`Secret`] wrapper and its error. Must
//! not: do I/O itself (adapters do).

use std::fmt;

/// A secret value. `Debug` prints `[redacted]` and there is no `Display`, so a secret cannot end
/// up in a log line or an error message by accident; read it with [`Secret::expose`] only where
/// it is sent.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret text, for the one place that sends it (an HTTP header, a form field).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Why the secret store could not do what was asked, said so an owner can act on it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretStoreError {
    /// The store exists but refused or failed (keychain locked, permission denied, disk full).
    #[error("Settle could not use the system keychain: {0}. Unlock the keychain (or sign in to your desktop session again) and retry.")]
    Unavailable(String),
    /// The stored value is not one Settle wrote (edited by hand, or from a newer version).
    #[error("The saved secret '{0}' is damaged. Reconnect to replace it.")]
    Corrupt(String),
}

/// Get, set and delete a named secret. Names are stable ASCII keys chosen by the caller (for
/// example `xero.refresh_token.<grant>`). Implementations must be safe to call from several
/// threads; calls may block briefly (keychains do), so async callers run them off the runtime.
pub trait SecretStore: Send + Sync + fmt::Debug {
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretStoreError>;
    fn set(&self, name: &str, value: &Secret) -> Result<(), SecretStoreError>;
    /// Deleting a missing secret is not an error.
    fn delete(&self, name: &str) -> Result<(), SecretStoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let secret = Secret::new("refresh-abc123");
        assert_eq!(format!("{secret:?}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(&secret)), "Some([redacted])");
        assert_eq!(secret.expose(), "refresh-abc123");
    }
}
