//! SecretStore adapters: the OS keychain (the real one) and a plain file (headless tests only).
//!
//! The keychain goes through the `keyring` crate with one explicit backend per platform
//! (Cargo.toml: macOS Keychain, Windows Credential Manager, Linux Secret Service with keyutils;
//! without a backend feature keyring silently keeps secrets in memory). Entries are stored under
//! the service "Settle" with the secret's name as the account. Owns: the adapters. Must not: log
//! a secret.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use settle_xero::{Secret, SecretStore, SecretStoreError};

/// The keychain service name Settle's entries live under.
pub const KEYCHAIN_SERVICE: &str = "Settle";

/// Secrets in the operating system's keychain.
#[derive(Debug, Clone)]
pub struct KeychainSecretStore {
    service: String,
}

impl Default for KeychainSecretStore {
    fn default() -> Self {
        Self::new(KEYCHAIN_SERVICE)
    }
}

impl KeychainSecretStore {
    pub fn new(service: &str) -> Self {
        Self {
            service: service.to_owned(),
        }
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry, SecretStoreError> {
        keyring::Entry::new(&self.service, name).map_err(unavailable)
    }
}

fn unavailable(e: keyring::Error) -> SecretStoreError {
    SecretStoreError::Unavailable(e.to_string())
}

impl SecretStore for KeychainSecretStore {
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretStoreError> {
        match self.entry(name)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(keyring::Error::BadEncoding(_)) => Err(SecretStoreError::Corrupt(name.to_owned())),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn set(&self, name: &str, value: &Secret) -> Result<(), SecretStoreError> {
        self.entry(name)?
            .set_password(value.expose())
            .map_err(unavailable)
    }

    fn delete(&self, name: &str) -> Result<(), SecretStoreError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// Secrets in a JSON file, replaced atomically (temporary file + rename). **Not secure**: for
/// tests and headless machines without a keychain, chosen explicitly (the CLI's
/// `SETTLE_INSECURE_SECRETS_FILE`). On Unix the file is created readable by its owner only.
#[derive(Debug, Clone)]
pub struct FileSecretStore {
    path: PathBuf,
}

impl FileSecretStore {
    pub fn new(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
        }
    }

    fn read_all(&self) -> Result<BTreeMap<String, String>, SecretStoreError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|_| SecretStoreError::Corrupt(self.path.display().to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(SecretStoreError::Unavailable(e.to_string())),
        }
    }

    fn write_all(&self, all: &BTreeMap<String, String>) -> Result<(), SecretStoreError> {
        let io = |e: std::io::Error| SecretStoreError::Unavailable(e.to_string());
        let body =
            serde_json::to_vec(all).map_err(|e| SecretStoreError::Unavailable(e.to_string()))?;
        let tmp = self.path.with_extension("tmp");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp).map_err(io)?;
        std::io::Write::write_all(&mut file, &body).map_err(io)?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&tmp, &self.path).map_err(io)
    }
}

impl SecretStore for FileSecretStore {
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretStoreError> {
        Ok(self.read_all()?.remove(name).map(Secret::new))
    }

    fn set(&self, name: &str, value: &Secret) -> Result<(), SecretStoreError> {
        let mut all = self.read_all()?;
        all.insert(name.to_owned(), value.expose().to_owned());
        self.write_all(&all)
    }

    fn delete(&self, name: &str) -> Result<(), SecretStoreError> {
        let mut all = self.read_all()?;
        if all.remove(name).is_some() {
            self.write_all(&all)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_store_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileSecretStore::new(&dir.path().join("secrets.json"));
        assert_eq!(store.get("a").unwrap(), None);
        store.set("a", &Secret::new("one")).unwrap();
        store.set("b", &Secret::new("two")).unwrap();
        store.delete("b").unwrap();
        store.delete("missing").unwrap();
        assert_eq!(store.get("a").unwrap(), Some(Secret::new("one")));
        assert_eq!(store.get("b").unwrap(), None);
    }

    /// The real keychain. Needs an unlocked Secret Service (GNOME Keyring) and a keyutils
    /// session, so it is ignored by default; `scripts/keychain-test.sh` sets both up and runs it.
    #[test]
    #[ignore = "needs an unlocked desktop keychain: scripts/keychain-test.sh"]
    fn the_keychain_store_round_trips() {
        let store = KeychainSecretStore::new("Settle test");
        let name = "settle-engine.test";
        store.set(name, &Secret::new("value-1")).unwrap();
        assert_eq!(store.get(name).unwrap(), Some(Secret::new("value-1")));
        store.delete(name).unwrap();
        assert_eq!(store.get(name).unwrap(), None);
        store.delete(name).unwrap();
    }

    /// Set in a child process to make this test one step of the one below.
    const STEP: &str = "SETTLE_KEYCHAIN_TEST_STEP";
    const PERSIST_TEST: &str = "secret_stores::tests::a_keychain_secret_survives_a_process_restart";

    /// A secret written by one process is read by the next: the refresh token must outlive the
    /// app or CLI that stored it. This test re-runs its own binary as the writer and then as the
    /// reader (separate processes, nothing shared but the keychain); the reader also reads the
    /// Secret Service directly, so the value cannot have come from keyutils' in-kernel cache.
    #[test]
    #[ignore = "needs an unlocked desktop keychain: scripts/keychain-test.sh"]
    fn a_keychain_secret_survives_a_process_restart() {
        let store = KeychainSecretStore::new("Settle restart test");
        let name = "settle-engine.restart-test";
        match std::env::var(STEP).as_deref() {
            Ok("write") => {
                let value = std::env::var("SETTLE_KEYCHAIN_TEST_VALUE").unwrap();
                store.set(name, &Secret::new(value)).unwrap();
                return;
            }
            Ok("read") => {
                let value = std::env::var("SETTLE_KEYCHAIN_TEST_VALUE").unwrap();
                assert_eq!(store.get(name).unwrap(), Some(Secret::new(value.clone())));
                #[cfg(target_os = "linux")]
                {
                    let ss = keyring::secret_service::SsCredential::new_with_target(
                        None,
                        "Settle restart test",
                        name,
                    )
                    .unwrap();
                    let entry = keyring::Entry::new_with_credential(Box::new(ss));
                    assert_eq!(entry.get_password().unwrap(), value);
                }
                store.delete(name).unwrap();
                return;
            }
            _ => {}
        }
        // A value no earlier run can have left behind.
        let value = format!("refresh-{}", uuid::Uuid::new_v4());
        store.delete(name).unwrap();
        for step in ["write", "read"] {
            let out = std::process::Command::new(std::env::current_exe().unwrap())
                .args([PERSIST_TEST, "--exact", "--ignored", "--nocapture"])
                .env(STEP, step)
                .env("SETTLE_KEYCHAIN_TEST_VALUE", &value)
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success() && stdout.contains("1 passed"),
                "the {step} process failed: {stdout}{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // The reader deleted it, and that too is seen from here.
        assert_eq!(store.get(name).unwrap(), None);
    }
}
