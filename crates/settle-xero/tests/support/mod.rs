//! Test harness: a fake-xero on an ephemeral port with a manual clock shared by server and client,
//! a file-backed SecretStore (the keychain one belongs to the desktop app), a Sleeper that moves
//! the manual clock instead of sleeping, and helpers to build signed-in clients.
#![allow(dead_code)] // each test binary uses a different part of the harness

use std::collections::BTreeMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use fake_xero::{Contact, FakeXero, FakeXeroConfig, Invoice, ManualClock, Organisation};
use settle_core::Clock;
use settle_xero::{
    ClientId, Endpoints, Secret, SecretStore, SecretStoreError, Sleeper, XeroClient, XeroConfig,
};
use uuid::Uuid;

pub const SECRET: &str = "xero.refresh_token";

/// Monday 4 May 2026, 09:00 UTC.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn money(text: &str) -> rust_decimal::Decimal {
    text.parse().unwrap()
}

/// settle-core's Clock over fake-xero's ManualClock, so tokens expire for both at once.
#[derive(Debug, Clone)]
pub struct TestClock(pub ManualClock);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }
}

/// Records every wait and moves the manual clock by it instead of sleeping, so Retry-After and
/// backoff take no real time while fake-xero's rate-limit windows still roll over.
#[derive(Debug)]
pub struct ClockSleeper {
    clock: ManualClock,
    pub waits: Mutex<Vec<StdDuration>>,
}

impl ClockSleeper {
    pub fn new(clock: ManualClock) -> Arc<Self> {
        Arc::new(Self {
            clock,
            waits: Mutex::default(),
        })
    }

    pub fn waits(&self) -> Vec<StdDuration> {
        self.waits.lock().unwrap().clone()
    }
}

impl Sleeper for ClockSleeper {
    fn sleep(&self, duration: StdDuration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        self.waits.lock().unwrap().push(duration);
        self.clock
            .advance(chrono::Duration::from_std(duration).unwrap());
        Box::pin(tokio::task::yield_now())
    }
}

/// Secrets in a JSON file, written atomically (temp file + rename). Instances opened on the same
/// path see each other's writes, as two processes sharing a keychain would. For tests only: a
/// real store is the OS keychain.
#[derive(Debug, Clone)]
pub struct FileSecretStore {
    path: PathBuf,
    sets: Arc<AtomicUsize>,
    fail_writes: Arc<AtomicBool>,
}

impl FileSecretStore {
    pub fn new(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
            sets: Arc::default(),
            fail_writes: Arc::default(),
        }
    }

    /// Another handle on the same file (counting into the same counter), as another process.
    pub fn sibling(&self) -> Self {
        self.clone()
    }

    /// How many times a secret was written (= refresh-token rotations after the first save).
    pub fn writes(&self) -> usize {
        self.sets.load(Ordering::SeqCst)
    }

    pub fn fail_writes(&self, fail: bool) {
        self.fail_writes.store(fail, Ordering::SeqCst);
    }

    pub fn value(&self, name: &str) -> Option<String> {
        self.read_all().remove(name)
    }

    pub fn put(&self, name: &str, value: &str) {
        let mut all = self.read_all();
        all.insert(name.to_owned(), value.to_owned());
        self.write_all(&all).unwrap();
    }

    fn read_all(&self) -> BTreeMap<String, String> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).expect("secret file is JSON"),
            Err(_) => BTreeMap::new(),
        }
    }

    fn write_all(&self, all: &BTreeMap<String, String>) -> std::io::Result<()> {
        let tmp = self.path.with_extension(format!("tmp-{}", Uuid::new_v4()));
        std::fs::write(&tmp, serde_json::to_vec(all).unwrap())?;
        std::fs::rename(&tmp, &self.path)
    }
}

impl SecretStore for FileSecretStore {
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretStoreError> {
        Ok(self.read_all().remove(name).map(Secret::new))
    }

    fn set(&self, name: &str, value: &Secret) -> Result<(), SecretStoreError> {
        if self.fail_writes.load(Ordering::SeqCst) {
            return Err(SecretStoreError::Unavailable(
                "the keychain is locked".into(),
            ));
        }
        let mut all = self.read_all();
        all.insert(name.to_owned(), value.expose().to_owned());
        self.write_all(&all)
            .map_err(|e| SecretStoreError::Unavailable(e.to_string()))?;
        self.sets.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    fn delete(&self, name: &str) -> Result<(), SecretStoreError> {
        let mut all = self.read_all();
        all.remove(name);
        self.write_all(&all)
            .map_err(|e| SecretStoreError::Unavailable(e.to_string()))
    }
}

pub struct Harness {
    pub xero: FakeXero,
    pub clock: ManualClock,
    pub tenant: Uuid,
    pub dir: tempfile::TempDir,
    pub store: FileSecretStore,
    pub sleeper: Arc<ClockSleeper>,
}

impl Harness {
    pub async fn start() -> Self {
        Self::start_with(|_| {}, |_| {}).await
    }

    pub async fn start_with(
        adjust: impl FnOnce(&mut FakeXeroConfig),
        org: impl FnOnce(&mut Organisation),
    ) -> Self {
        let clock = ManualClock::new(t0());
        let mut config = FakeXeroConfig::new(clock.clock());
        adjust(&mut config);
        let xero = FakeXero::start(config).await.expect("fake-xero starts");
        let mut organisation = Organisation::new("Harbour Plumbing Ltd");
        organisation.created_utc = t0();
        org(&mut organisation);
        let tenant = xero.state().add_organisation(organisation);
        let dir = tempfile::tempdir().unwrap();
        let store = FileSecretStore::new(&dir.path().join("secrets.json"));
        let sleeper = ClockSleeper::new(clock.clone());
        Self {
            xero,
            clock,
            tenant,
            dir,
            store,
            sleeper,
        }
    }

    pub fn endpoints(&self) -> Endpoints {
        let urls = self.xero.urls();
        Endpoints {
            authorize: urls.authorize.clone(),
            token: urls.token.clone(),
            revocation: urls.revocation.clone(),
            connections: urls.connections.clone(),
            api: urls.api.clone(),
        }
    }

    pub fn config(&self) -> XeroConfig {
        let mut config = XeroConfig::new(
            ClientId::parse(fake_xero::DEFAULT_CLIENT_ID).unwrap(),
            SECRET,
            self.dir.path().join("locks"),
        );
        config.endpoints = self.endpoints();
        config.redirect_ports = vec![free_port(), free_port()];
        config
    }

    pub fn client_with(&self, config: XeroConfig, store: FileSecretStore) -> XeroClient {
        XeroClient::with_sleeper(
            config,
            Arc::new(store),
            Arc::new(TestClock(self.clock.clone())),
            self.sleeper.clone(),
        )
        .unwrap()
    }

    pub fn client(&self) -> XeroClient {
        self.client_with(self.config(), self.store.clone())
    }

    /// Skips the browser: a token set from the fake, its refresh token saved as the app would
    /// have after connecting. The client holds no access token yet.
    pub fn save_minted_sign_in(&self) -> String {
        let refresh = self
            .xero
            .state()
            .mint_tokens_for_settle()
            .refresh_token
            .expect("offline_access gives a refresh token");
        self.store.put(SECRET, &refresh);
        refresh
    }

    pub fn signed_in(&self) -> XeroClient {
        self.save_minted_sign_in();
        self.client()
    }

    pub fn saved_refresh_token(&self) -> Option<String> {
        self.store.value(SECRET)
    }

    pub fn state(&self) -> &fake_xero::FakeState {
        self.xero.state()
    }

    pub fn add_contact(&self, name: &str) -> Uuid {
        self.state()
            .add_contact(self.tenant, Contact::new(name).with_email("ap@example.com"))
            .unwrap()
    }

    pub fn add_invoice(&self, contact: Uuid, number: &str, amount: &str) -> Uuid {
        self.state()
            .add_invoice(
                self.tenant,
                Invoice::accrec(
                    contact,
                    number,
                    day(2026, 4, 1),
                    day(2026, 4, 30),
                    money(amount),
                ),
            )
            .unwrap()
    }
}

/// A port that was free a moment ago (the OS picks it; nothing else is told to use it).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Plays the browser: follows the authorize URL to the fake, returns where it redirects.
pub async fn authorize_in_browser(authorize_url: &str) -> String {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = browser.get(authorize_url).send().await.unwrap();
    assert_eq!(response.status(), 302, "Xero redirects back");
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// The browser arriving at the loopback redirect; returns the page Settle showed.
pub async fn arrive(location: &str) -> String {
    reqwest::get(location).await.unwrap().text().await.unwrap()
}
