//! Connecting, reconnecting and refusing against a running fake-xero with two organisations and
//! a real data folder: a sign-in reaching both adopts neither until one is chosen; onboarding
//! adopts it paused and the starting chasing applies to the synced customers; a revoked sign-in
//! pauses chasing (reconnect needed) and a real reconnect lifts that pause; a second sync while
//! one runs is refused; a cancelled sync stops without pausing.

mod fake_xero_support;

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use fake_xero::{FakeXero, FakeXeroConfig, ManualClock, SECOND_TENANT_ID};
use fake_xero_support::{revoke_at_xero, sign_in, TestClock};
use settle_engine::chasing_pause::NEW_CONNECTION_REASON;
use settle_engine::{Engine, ErrorCode, SyncOptions, XeroSettings, SYNC_RUNNING};
use settle_xero::{CancellationToken, XeroClient};

struct Setup {
    xero: FakeXero,
    clock: ManualClock,
    dir: tempfile::TempDir,
    engine: Engine,
    settings: XeroSettings,
}

impl Setup {
    async fn start() -> Self {
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap());
        let mut config = FakeXeroConfig::new(clock.clock());
        config.seed_demo = true;
        config.seed_second_organisation = true;
        let xero = FakeXero::start(config).await.unwrap();
        let (dir, engine, settings) = fake_xero_support::open(&xero, &clock).await;
        Self {
            xero,
            clock,
            dir,
            engine,
            settings,
        }
    }

    fn client(&self) -> XeroClient {
        fake_xero_support::client(&self.engine, &self.settings)
    }

    async fn sync(&self) -> Result<settle_engine::SyncReport, settle_engine::EngineError> {
        fake_xero_support::sync(&self.engine, &self.settings).await
    }

    /// Onboards the second organisation through a real sign-in; returns its Settle id.
    async fn onboard_second(&self) -> i64 {
        let client = self.client();
        let code = sign_in(&client).await;
        let signed_in = self
            .engine
            .complete_xero_connection(&client, code)
            .await
            .unwrap();
        assert_eq!(signed_in.connection, None);
        let onboarded = self
            .engine
            .onboard_xero_organisation(&client, SECOND_TENANT_ID)
            .await
            .unwrap();
        onboarded.organisation.id
    }
}

#[tokio::test]
async fn two_organisations_are_left_to_the_owner_and_onboarding_starts_paused() {
    let s = Setup::start().await;
    let client = s.client();
    let code = sign_in(&client).await;
    let signed_in = s
        .engine
        .complete_xero_connection(&client, code)
        .await
        .unwrap();
    assert_eq!(
        signed_in.connection, None,
        "nothing adopted while the owner chooses"
    );
    let names: Vec<_> = signed_in
        .organisations
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Demo Plumbing Ltd", "Southern Cross Electrical Pty Ltd"]
    );
    assert_eq!(s.engine.xero_connection().await.unwrap(), None);
    assert!(s.engine.status().await.unwrap().organisation.is_none());

    let details = s
        .engine
        .xero_organisation_details(&client, SECOND_TENANT_ID)
        .await
        .unwrap();
    assert_eq!(details.name, "Southern Cross Electrical Pty Ltd");
    assert_eq!(details.timezone, "Australia/Sydney");
    assert_eq!(details.base_currency, "AUD");
    // 09:00 UTC on 4 May is 19:00 in Sydney (AEST, +10:00).
    assert_eq!(details.local_time, "2026-05-04 19:00");
    assert_eq!(details.utc_offset, "+10:00");
    assert!(
        s.engine.status().await.unwrap().organisation.is_none(),
        "still nothing stored"
    );

    let onboarded = s
        .engine
        .onboard_xero_organisation(&client, SECOND_TENANT_ID)
        .await
        .unwrap();
    assert_eq!(
        onboarded.organisation.name,
        "Southern Cross Electrical Pty Ltd"
    );
    assert_eq!(onboarded.pause.reason, NEW_CONNECTION_REASON);
    assert!(!onboarded.pause.reconnect_needed);

    let report = s.sync().await.unwrap();
    assert_eq!(report.contacts.inserted, 3);
    assert_eq!(report.invoices.inserted, 6);
    let receipt = s.engine.set_starting_chasing(false).await.unwrap();
    assert_eq!(receipt.customers, 3);
    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        s.dir.path().join("settle.db").display()
    ))
    .await
    .unwrap();
    let chasing: Vec<i64> = sqlx::query_scalar("SELECT chasing FROM contacts ORDER BY name")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(chasing, [0, 0, 0]);
    assert_eq!(
        s.engine.chasing_pause().await.unwrap().unwrap().reason,
        NEW_CONNECTION_REASON,
        "the first sync leaves chasing paused"
    );
}

#[tokio::test]
async fn a_revoked_sign_in_pauses_chasing_until_a_real_reconnect() {
    let s = Setup::start().await;
    let org = s.onboard_second().await;
    s.sync().await.unwrap();
    s.engine.resume_chasing().await.unwrap();

    revoke_at_xero(&s.xero, s.dir.path()).await;
    // The access token in memory dies with the grant; the refresh is refused: invalid_grant.
    let error = s.sync().await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::XeroReconnectNeeded, "{error}");
    let pause = s.engine.chasing_pause().await.unwrap().expect("paused");
    assert!(pause.reconnect_needed);
    assert!(
        pause.reason.starts_with("Xero needs you to sign in again"),
        "{}",
        pause.reason
    );
    assert_eq!(pause.organisation_id, org);
    let refused = s.engine.resume_chasing().await.unwrap_err();
    assert!(refused.to_string().contains("Reconnect"), "{refused}");
    // The daily sync does not hammer Xero while only the owner can fix it.
    let later = s.clock.now() + Duration::days(2);
    assert!(!s.engine.background_sync_due(later).await.unwrap());

    // Reconnect: the same Client ID, a real sign-in reaching both organisations; the connected
    // one is adopted again without asking, and the pause it caused is lifted.
    let client = s.client();
    let code = sign_in(&client).await;
    let signed_in = s
        .engine
        .complete_xero_connection(&client, code)
        .await
        .unwrap();
    let connection = signed_in
        .connection
        .expect("the connected organisation is kept");
    assert_eq!(connection.tenant_id, SECOND_TENANT_ID.to_string());
    assert_eq!(signed_in.pause, None);
    assert_eq!(s.engine.chasing_pause().await.unwrap(), None);
    s.sync().await.unwrap();
    assert!(s.engine.background_sync_due(later).await.unwrap());
}

#[tokio::test]
async fn a_second_sync_is_refused_while_one_runs_even_from_another_engine() {
    let s = Setup::start().await;
    s.onboard_second().await;
    s.xero.state().hold_requests();
    let engine = s.engine.clone();
    let settings = s.settings.clone();
    let first = tokio::spawn(async move { fake_xero_support::sync(&engine, &settings).await });
    while s.xero.state().in_flight(SECOND_TENANT_ID) == 0 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let second = s.sync().await.unwrap_err();
    assert_eq!(second.code(), ErrorCode::SyncRunning);
    assert_eq!(second.to_string(), SYNC_RUNNING);
    // Another process (the CLI) opening the same data folder is refused the same way.
    let other = Engine::open(s.dir.path(), Arc::new(TestClock(s.clock.clone())))
        .await
        .unwrap();
    let third = fake_xero_support::sync(&other, &s.settings)
        .await
        .unwrap_err();
    assert_eq!(third.code(), ErrorCode::SyncRunning);
    assert_eq!(third.to_string(), SYNC_RUNNING);

    s.xero.state().release_requests();
    let report = first.await.unwrap().unwrap();
    assert_eq!(report.contacts.inserted, 3);
    // Once it ended, syncing works again; nothing was paused.
    s.sync().await.unwrap();
    assert_eq!(
        s.engine.chasing_pause().await.unwrap().unwrap().reason,
        NEW_CONNECTION_REASON
    );
}

#[tokio::test]
async fn a_cancelled_sync_stops_without_pausing_and_the_next_one_completes() {
    let s = Setup::start().await;
    s.onboard_second().await;
    s.engine.resume_chasing().await.unwrap();
    let cancel = CancellationToken::new();
    let error = s
        .engine
        .sync_connected_xero(
            &s.settings,
            SyncOptions::default(),
            &|p| {
                if p.stage == settle_engine::SyncStage::Contacts {
                    cancel.cancel();
                }
            },
            &cancel,
        )
        .await
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::Cancelled);
    assert_eq!(s.engine.chasing_pause().await.unwrap(), None);
    let report = s.sync().await.unwrap();
    assert_eq!(report.invoices.inserted, 6);
}

/// Syncs (and every other Xero operation of the engine) share one client: its access token is
/// used for its 30 minutes instead of a refresh (and a rotated refresh token) per operation, and
/// Xero's per-organisation limits are counted in one place.
#[tokio::test]
async fn operations_share_one_client_and_refresh_only_when_the_token_runs_out() {
    let s = Setup::start().await;
    s.onboard_second().await;
    s.sync().await.unwrap();
    let after_first = s.xero.state().refresh_counts().current;
    s.sync().await.unwrap();
    s.sync().await.unwrap();
    assert_eq!(
        s.xero.state().refresh_counts().current,
        after_first,
        "the access token is reused"
    );
    // A clone (the window's tasks hold clones) shares the client too.
    fake_xero_support::sync(&s.engine.clone(), &s.settings)
        .await
        .unwrap();
    assert_eq!(s.xero.state().refresh_counts().current, after_first);

    s.clock.advance(Duration::minutes(31));
    s.sync().await.unwrap();
    assert_eq!(
        s.xero.state().refresh_counts().current,
        after_first + 1,
        "one refresh once the token has expired"
    );
}
