//! Shared by the engine tests that run against an in-process fake-xero: the engine on a new data
//! folder with the fake's manual clock and settings pointing at the fake (the refresh token in a
//! file), the browser sign-in played as the e2e tests play it, connecting (onboarding the
//! organisation if the sign-in reaches several), syncing, revoking at Xero, and settings with
//! Xero unreachable. Owns no scenario; each test binary includes it with `mod fake_xero_support;`.
#![allow(dead_code)] // each test binary uses a different part of it

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use fake_xero::{FakeXero, ManualClock};
use settle_core::Clock;
use settle_engine::{
    Engine, EngineError, FileSecretStore, SyncOptions, SyncReport, XeroSettings, XERO_SECRET_NAME,
};
use settle_xero::{AuthorizationCode, CancellationToken, ClientId, SecretStore, XeroClient};
use uuid::Uuid;

/// The engine's clock, driven by the same manual clock as the fake.
#[derive(Debug, Clone)]
pub struct TestClock(pub ManualClock);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }
}

/// Xero settings pointing at `xero`, with the refresh token in `dir/secrets.json`.
pub fn settings_for(xero: &FakeXero, dir: &Path) -> XeroSettings {
    let base = xero.urls().base.trim_end_matches('/').to_owned();
    XeroSettings {
        login_url: base.clone(),
        identity_url: base.clone(),
        api_url: base,
        insecure_secrets_file: Some(dir.join("secrets.json")),
    }
}

/// `settings` with Xero's API unreachable (nothing listens on port 9).
pub fn unreachable(settings: &XeroSettings) -> XeroSettings {
    XeroSettings {
        api_url: "http://127.0.0.1:9".to_owned(),
        ..settings.clone()
    }
}

/// A new data folder, the engine on it with `clock`, and settings pointing at `xero`.
pub async fn open(
    xero: &FakeXero,
    clock: &ManualClock,
) -> (tempfile::TempDir, Engine, XeroSettings) {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path(), Arc::new(TestClock(clock.clone())))
        .await
        .unwrap();
    let settings = settings_for(xero, dir.path());
    (dir, engine, settings)
}

/// A Xero client of `engine` with fake-xero's client id.
pub fn client(engine: &Engine, settings: &XeroSettings) -> XeroClient {
    engine
        .xero_client(
            ClientId::parse(fake_xero::DEFAULT_CLIENT_ID).unwrap(),
            settings.endpoints(),
            settings.secret_store(),
        )
        .unwrap()
}

/// The browser sign-in, played as the e2e tests play it: fake-xero approves at once and
/// redirects to Settle's loopback listener.
pub async fn sign_in(client: &XeroClient) -> AuthorizationCode {
    let pending = client.begin_sign_in().await.unwrap();
    let url = pending.authorize_url().to_owned();
    let wait = tokio::spawn(pending.wait_for_code(CancellationToken::new()));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = http.get(&url).send().await.unwrap();
    assert_eq!(answer.status(), 302);
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(http.get(&location).send().await.unwrap().status(), 200);
    wait.await.unwrap().unwrap()
}

/// Signs in and connects `tenant`, onboarding it when the sign-in reaches several.
pub async fn connect(engine: &Engine, settings: &XeroSettings, tenant: Uuid) {
    let client = client(engine, settings);
    let code = sign_in(&client).await;
    let signed_in = engine
        .complete_xero_connection(&client, code)
        .await
        .unwrap();
    if signed_in.connection.is_none() {
        engine
            .onboard_xero_organisation(&client, tenant)
            .await
            .unwrap();
    }
}

/// A sync of the connected organisation with the default options.
pub async fn sync(engine: &Engine, settings: &XeroSettings) -> Result<SyncReport, EngineError> {
    engine
        .sync_connected_xero(
            settings,
            SyncOptions::default(),
            &|_| {},
            &CancellationToken::new(),
        )
        .await
}

/// [`connect`] then a sync that must succeed.
pub async fn connect_and_sync(engine: &Engine, settings: &XeroSettings, tenant: Uuid) {
    connect(engine, settings, tenant).await;
    sync(engine, settings).await.unwrap();
}

/// The owner revokes Settle's access in Xero (as from another device), with the refresh token
/// stored in `dir/secrets.json`.
pub async fn revoke_at_xero(xero: &FakeXero, dir: &Path) {
    let store = FileSecretStore::new(&dir.join("secrets.json"));
    let refresh = store.get(XERO_SECRET_NAME).unwrap().unwrap();
    let answer = reqwest::Client::new()
        .post(&xero.urls().revocation)
        .form(&[
            ("token", refresh.expose()),
            ("client_id", fake_xero::DEFAULT_CLIENT_ID),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
}
