//! Running a sync of the connected organisation the way every caller should: one at a time
//! across the whole data folder (the window's "Sync now", the app's daily sync and `settle sync`
//! share an advisory lock file, so a second sync is refused with a clear message instead of two
//! passes writing the same checkpoints), and a refused sign-in (`invalid_grant`: the refresh
//! token was revoked or superseded) pauses chasing until the owner reconnects.
//! Owns: the sync lock and turning a reconnect-needed failure into the pause. Must not: decide
//! what a sync reads or stores (xero_sync.rs) or when one runs (sync_timing.rs, the app).

use std::fs::{File, OpenOptions, TryLockError};

use settle_xero::{CancellationToken, XeroError};

use crate::xero_sync::ProgressFn;
use crate::{ChasingPauseView, Engine, EngineError, SyncOptions, SyncReport, XeroSettings};

/// The lock file in the data folder held while a sync runs (never deleted: deleting lock files
/// races).
pub const SYNC_LOCK_FILE: &str = "xero-sync.lock";

/// The message of a refused second sync.
pub const SYNC_RUNNING: &str = "A sync with Xero is already running (in this window, the \
     daily background sync, or a `settle sync` command). Wait for it to finish, or cancel it, \
     then sync again.";

/// Held while a sync runs; dropping it releases the lock (the OS also does on a crash).
#[derive(Debug)]
pub struct SyncLock(#[allow(dead_code)] File);

impl Engine {
    /// Takes the data folder's sync lock, or refuses at once when another sync holds it.
    pub fn lock_sync(&self) -> Result<SyncLock, EngineError> {
        let path = self.data_dir().join(SYNC_LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| {
                EngineError::InvalidInput(format!(
                    "Settle could not use its sync lock file {} ({e}). Check that Settle's data \
                     folder is writable.",
                    path.display()
                ))
            })?;
        match file.try_lock() {
            Ok(()) => Ok(SyncLock(file)),
            Err(TryLockError::WouldBlock) => Err(EngineError::SyncRunning),
            Err(TryLockError::Error(e)) => Err(EngineError::InvalidInput(format!(
                "Settle could not lock {} ({e}). Check that Settle's data folder is writable.",
                path.display()
            ))),
        }
    }

    /// Syncs the organisation connected to Xero (see the module documentation).
    pub async fn sync_connected_xero(
        &self,
        settings: &XeroSettings,
        options: SyncOptions,
        progress: ProgressFn<'_>,
        cancel: &CancellationToken,
    ) -> Result<SyncReport, EngineError> {
        let _lock = self.lock_sync()?;
        let connection = match self.xero_connection().await? {
            Some(connection) => connection,
            // The built-in demo is served by its own in-process fake-xero (decision 0020): "Sync
            // now" from the tray, the CLI or the window goes through the same sync there.
            None if self.current().await.is_ok_and(|o| o.organisation.is_demo) => {
                return self.sync_demo(options, progress, cancel).await;
            }
            None => return Err(EngineError::XeroNotConnected),
        };
        let result = async {
            let connected = self.connected_xero(settings).await?;
            self.sync_xero(
                &connected.client,
                connected.tenant,
                options,
                progress,
                cancel,
            )
            .await
        }
        .await;
        if let Err(error) = &result {
            self.note_xero_failure(connection.organisation_id, error)
                .await?;
        }
        result
    }

    /// After any Xero call for organisation `org` failed with `error`: when only signing in
    /// again can fix it, chasing pauses with the reconnect flag (the pause is returned). Other
    /// failures change nothing (`None`).
    pub async fn note_xero_failure(
        &self,
        org: i64,
        error: &EngineError,
    ) -> Result<Option<ChasingPauseView>, EngineError> {
        let EngineError::Xero(xero) = error else {
            return Ok(None);
        };
        if !xero.needs_reconnect() {
            return Ok(None);
        }
        let detail = match xero {
            XeroError::ReconnectNeeded { reason } => reason.clone(),
            XeroError::NotConnected | XeroError::MissingRefreshToken => {
                "Settle has no saved sign-in for Xero".to_owned()
            }
            XeroError::TenantAccessDenied { .. } => {
                "the organisation was disconnected from Settle in Xero".to_owned()
            }
            XeroError::MissingScope { scope } => format!("the permission \"{scope}\" is missing"),
            other => other.to_string(),
        };
        Ok(Some(self.pause_for_reconnect(org, &detail).await?))
    }
}
