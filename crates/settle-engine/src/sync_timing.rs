//! When the running app syncs Xero on its own: once a day, and at launch when the last
//! successful sync is older than a day. The daily sync also keeps the refresh token alive (Xero
//! expires one left unused for 60 days), so it is the proactive refresh too. Owns: that rule, as
//! a pure function of `now` and the last success, and reading the last success. Must not: run
//! the sync or own a timer (the app's planner does).

use chrono::{DateTime, Duration, Utc};

use crate::{Engine, EngineError};

/// How often the running app syncs the connected organisation.
pub const DAILY_SYNC_EVERY: Duration = Duration::hours(24);

/// Whether a background sync is due at `now`, given when the last one succeeded (`None` =
/// never). A last success more than a day in the future means the clock was set back: syncing
/// then is safer than waiting for the clock to catch up.
pub fn sync_due(now: DateTime<Utc>, last_success: Option<DateTime<Utc>>) -> bool {
    match last_success {
        None => true,
        Some(last) if last > now => last - now > DAILY_SYNC_EVERY,
        Some(last) => now - last >= DAILY_SYNC_EVERY,
    }
}

impl Engine {
    /// Whether the running app should sync Xero now: an organisation is connected, Xero is not
    /// waiting for the owner to sign in again (that sync could only fail), and [`sync_due`] says
    /// so for the last complete invoice pass.
    pub async fn background_sync_due(&self, now: DateTime<Utc>) -> Result<bool, EngineError> {
        let Some(connection) = self.xero_connection().await? else {
            return Ok(false);
        };
        let pause = self.db.chasing_pause(connection.organisation_id).await?;
        if pause.is_some_and(|p| p.reconnect_needed) {
            return Ok(false);
        }
        let last = self
            .db
            .sync_state(connection.organisation_id, "invoices")
            .await?
            .last_success_at;
        Ok(sync_due(now, last))
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, day, hour, minute, 0).unwrap()
    }

    #[test]
    fn a_sync_is_due_once_a_day_after_the_last_success() {
        let now = at(10, 9, 0);
        let table = [
            (None, true, "never synced: sync at launch"),
            (Some(at(10, 8, 0)), false, "an hour ago"),
            (Some(at(9, 9, 1)), false, "a minute short of a day"),
            (Some(at(9, 9, 0)), true, "exactly a day"),
            (Some(at(9, 8, 0)), true, "a day and an hour"),
            (Some(at(1, 9, 0)), true, "the app was closed for nine days"),
            (Some(at(10, 9, 0)), false, "just now"),
            (
                Some(at(10, 12, 0)),
                false,
                "a little in the future (clock adjusted)",
            ),
            (Some(at(11, 9, 0)), false, "exactly a day in the future"),
            (Some(at(12, 9, 0)), true, "the clock went back two days"),
        ];
        for (last, due, why) in table {
            assert_eq!(sync_due(now, last), due, "{why}");
        }
    }
}
