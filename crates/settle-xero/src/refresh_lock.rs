//! The cross-process refresh lock: an advisory lock (std's `File::try_lock`: `flock` on Unix,
//! `LockFileEx` on Windows) on one file per refresh token in a folder the caller owns. Every
//! process that refreshes or replaces that refresh token takes it first, so two Settle processes
//! (the app and the CLI, two windows) never spend the same token. The OS drops the lock when the
//! holder exits, even on a crash. The file is never deleted (deleting lock files races).
//! Owns: the lock file and waiting for it. Must not: read or write the token.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::XeroError;

/// How often a waiting process checks the lock again.
const POLL: Duration = Duration::from_millis(20);

/// The lock file for the refresh token named `secret_name` in `lock_dir`. Other Settle processes
/// lock this same path.
pub fn refresh_lock_path(lock_dir: &Path, secret_name: &str) -> PathBuf {
    let safe: String = secret_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    lock_dir.join(format!("{safe}.refresh.lock"))
}

#[derive(Debug, Clone)]
pub(crate) struct RefreshLock {
    path: PathBuf,
    timeout: Duration,
}

/// Held while refreshing; dropping it closes the file, which releases the lock.
#[derive(Debug)]
pub(crate) struct RefreshLockGuard {
    _file: File,
}

impl RefreshLock {
    pub fn new(lock_dir: &Path, secret_name: &str, timeout: Duration) -> Self {
        Self {
            path: refresh_lock_path(lock_dir, secret_name),
            timeout,
        }
    }

    /// Waits (politely polling, so the wait can be cancelled by dropping the future) until no
    /// other process holds the lock, for at most the timeout.
    pub async fn acquire(&self) -> Result<RefreshLockGuard, XeroError> {
        let io_error = |source| XeroError::RefreshLock {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io_error)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&self.path)
            .map_err(io_error)?;
        let deadline = tokio::time::Instant::now() + self.timeout;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(RefreshLockGuard { _file: file }),
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(e)) => return Err(io_error(e)),
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(XeroError::RefreshLockTimeout {
                    path: self.path.clone(),
                });
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_paths_are_safe_file_names() {
        let p = refresh_lock_path(Path::new("/data"), "xero.refresh_token/acme co");
        assert_eq!(
            p,
            Path::new("/data/xero.refresh_token_acme_co.refresh.lock")
        );
    }

    #[tokio::test]
    async fn a_second_holder_waits_then_times_out() {
        let dir = tempfile::tempdir().unwrap();
        let lock = RefreshLock::new(dir.path(), "t", Duration::from_millis(100));
        let held = lock.acquire().await.unwrap();
        // Another open file description conflicts, as another process would.
        let err = lock.acquire().await.unwrap_err();
        assert!(matches!(err, XeroError::RefreshLockTimeout { .. }), "{err}");
        drop(held);
        lock.acquire().await.unwrap();
    }
}
