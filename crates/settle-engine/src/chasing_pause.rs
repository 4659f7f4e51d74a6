//! Pausing and resuming the organisation's chasing, and the pause Xero forces when it refuses
//! Settle's saved sign-in (`invalid_grant`). Each owner action is recorded in the audit log.
//! Owns: when a pause may be lifted (never while Xero needs reconnecting) and the view of it.
//! Must not: send or plan anything (the send gate reads the pause; planning runs regardless, so
//! the plan stays visible), or talk to Xero.

use serde::Serialize;
use settle_db::ChasingPause;
use ts_rs::TS;

use crate::chasing::ACTOR_WINDOW;
use crate::engine::instant_text;
use crate::{Engine, EngineError};

/// The reason chasing starts paused after connecting a new organisation.
pub const NEW_CONNECTION_REASON: &str = "New connection: review your plan, then resume";

/// The start of the reason of a pause Xero forced (the owner had not paused).
pub const RECONNECT_REASON: &str = "Xero needs you to sign in again";

/// Who pauses chasing when Xero refuses the saved sign-in, in the audit log.
pub const ACTOR_SETTLE: &str = "settle";

/// Chasing is paused: nothing is sent until the owner resumes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChasingPauseView {
    #[ts(type = "number")]
    pub organisation_id: i64,
    /// RFC 3339 UTC.
    pub since: String,
    pub reason: String,
    /// Xero needs the owner to sign in again; resuming is refused until then.
    pub reconnect_needed: bool,
}

fn view(organisation_id: i64, pause: &ChasingPause) -> ChasingPauseView {
    ChasingPauseView {
        organisation_id,
        since: instant_text(pause.since),
        reason: pause.reason.clone(),
        reconnect_needed: pause.reconnect_needed,
    }
}

impl Engine {
    /// The current organisation's pause, or `None` when chasing runs.
    pub async fn chasing_pause(&self) -> Result<Option<ChasingPauseView>, EngineError> {
        let org = self.current().await?;
        Ok(self
            .db
            .chasing_pause(org.id)
            .await?
            .map(|p| view(org.id, &p)))
    }

    /// Pauses chasing by the owner (in the window).
    pub async fn pause_chasing(&self, reason: &str) -> Result<ChasingPauseView, EngineError> {
        self.pause_chasing_as(reason, ACTOR_WINDOW).await
    }

    /// Pauses chasing, recorded as done by `actor`.
    pub async fn pause_chasing_as(
        &self,
        reason: &str,
        actor: &str,
    ) -> Result<ChasingPauseView, EngineError> {
        let org = self.current().await?;
        self.pause_organisation(org.id, reason, actor).await
    }

    /// Pauses the chasing of organisation `org`. Pausing while paused keeps the earlier start
    /// and a pending reconnect (the owner must still reconnect), and takes the new reason.
    pub(crate) async fn pause_organisation(
        &self,
        org: i64,
        reason: &str,
        actor: &str,
    ) -> Result<ChasingPauseView, EngineError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(EngineError::InvalidInput(
                "Say why chasing is paused (for example \"Away until Monday\"), so you remember \
                 when you come back."
                    .into(),
            ));
        }
        let earlier = self.db.chasing_pause(org).await?;
        let pause = ChasingPause {
            since: earlier.as_ref().map_or_else(|| self.now(), |p| p.since),
            reason: reason.to_owned(),
            reconnect_needed: earlier.is_some_and(|p| p.reconnect_needed),
        };
        let summary = format!("Paused chasing: {reason}.");
        self.db
            .change_chasing_pause(org, Some(&pause), actor, self.now(), &summary)
            .await?;
        Ok(view(org, &pause))
    }

    /// Resumes chasing by the owner. Refused while Xero needs reconnecting: nothing could be
    /// synced before sending, so the owner reconnects first.
    pub async fn resume_chasing(&self) -> Result<(), EngineError> {
        self.resume_chasing_as(ACTOR_WINDOW).await
    }

    /// [`Engine::resume_chasing`], recorded as done by `actor`.
    pub async fn resume_chasing_as(&self, actor: &str) -> Result<(), EngineError> {
        let org = self.current().await?;
        let Some(pause) = self.db.chasing_pause(org.id).await? else {
            return Ok(());
        };
        if pause.reconnect_needed {
            return Err(EngineError::InvalidInput(
                "Xero needs you to sign in again before chasing can resume: click Reconnect \
                 (or run `settle connect xero`), then resume."
                    .into(),
            ));
        }
        self.db
            .change_chasing_pause(org.id, None, actor, self.now(), "Resumed chasing.")
            .await?;
        Ok(())
    }

    /// Xero refused the saved sign-in (`detail` says how, in words): pauses chasing of `org`
    /// with the reconnect flag set. A pause already in place keeps its reason and start (so a
    /// pause the owner chose is still theirs after reconnecting). Returns the pause.
    pub async fn pause_for_reconnect(
        &self,
        org: i64,
        detail: &str,
    ) -> Result<ChasingPauseView, EngineError> {
        let earlier = self.db.chasing_pause(org).await?;
        if let Some(p) = earlier.as_ref().filter(|p| p.reconnect_needed) {
            return Ok(view(org, p));
        }
        let pause = match earlier {
            Some(p) => ChasingPause {
                reconnect_needed: true,
                ..p
            },
            None => ChasingPause {
                since: self.now(),
                reason: format!("{RECONNECT_REASON} ({detail})"),
                reconnect_needed: true,
            },
        };
        let summary = format!("Paused chasing: Xero refused Settle's saved sign-in ({detail}).");
        self.db
            .change_chasing_pause(org, Some(&pause), ACTOR_SETTLE, self.now(), &summary)
            .await?;
        Ok(view(org, &pause))
    }

    /// A reconnect succeeded: clears the reconnect flag. When the reconnect was the only reason
    /// for the pause, chasing resumes (the owner never chose to pause); a pause the owner chose,
    /// or the new-connection pause, stays until the owner resumes. Returns the pause left.
    pub async fn reconnected(&self, org: i64) -> Result<Option<ChasingPauseView>, EngineError> {
        let Some(pause) = self.db.chasing_pause(org).await? else {
            return Ok(None);
        };
        if !pause.reconnect_needed {
            return Ok(Some(view(org, &pause)));
        }
        if pause.reason.starts_with(RECONNECT_REASON) {
            self.db
                .change_chasing_pause(
                    org,
                    None,
                    ACTOR_SETTLE,
                    self.now(),
                    "Reconnected to Xero; chasing resumed.",
                )
                .await?;
            return Ok(None);
        }
        let kept = ChasingPause {
            reconnect_needed: false,
            ..pause
        };
        let summary = format!(
            "Reconnected to Xero; chasing stays paused: {}.",
            kept.reason
        );
        self.db
            .change_chasing_pause(org, Some(&kept), ACTOR_SETTLE, self.now(), &summary)
            .await?;
        Ok(Some(view(org, &kept)))
    }
}
