//! Shared test harness: a fake-xero on an ephemeral port with a manual clock, one organisation
//! and a token set, plus a reqwest client that sends the headers Settle sends.
#![allow(dead_code)] // each test binary uses a different part of the harness

pub mod spec;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use fake_xero::{FakeXero, FakeXeroConfig, ManualClock, Organisation, RateLimits};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::Value;
use uuid::Uuid;

/// Monday 4 May 2026, 09:00 UTC (21:00 in Auckland).
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn money(text: &str) -> rust_decimal::Decimal {
    text.parse().unwrap()
}

pub struct Harness {
    pub xero: FakeXero,
    pub clock: ManualClock,
    pub tenant: Uuid,
    pub access_token: String,
    pub http: reqwest::Client,
}

impl Harness {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut FakeXeroConfig)) -> Self {
        let clock = ManualClock::new(t0());
        let mut config = FakeXeroConfig::new(clock.clock());
        config.rate_limits = RateLimits::default();
        adjust(&mut config);
        let xero = FakeXero::start(config).await.expect("fake-xero starts");
        let mut org = Organisation::new("Test Plumbing Ltd");
        org.created_utc = t0();
        let tenant = xero.state().add_organisation(org);
        let access_token = xero.state().mint_tokens_for_settle().access_token;
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self {
            xero,
            clock,
            tenant,
            access_token,
            http,
        }
    }

    pub fn state(&self) -> &fake_xero::FakeState {
        self.xero.state()
    }

    pub fn api(&self, path: &str) -> String {
        format!("{}{path}", self.xero.urls().api)
    }

    /// The headers every Accounting call needs (NOTES.md §1).
    pub fn headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let bearer = format!("Bearer {}", self.access_token);
        headers.insert("Authorization", HeaderValue::from_str(&bearer).unwrap());
        headers.insert(
            "xero-tenant-id",
            HeaderValue::from_str(&self.tenant.to_string()).unwrap(),
        );
        headers.insert("Accept", HeaderValue::from_static("application/json"));
        headers
    }

    /// `headers()` with some replaced (reqwest's `.header()` would add a second value).
    pub fn headers_with(&self, changes: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = self.headers();
        for (name, value) in changes {
            headers.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    pub async fn get_with(
        &self,
        path: &str,
        changes: &[(&'static str, &str)],
    ) -> reqwest::Response {
        self.http
            .get(self.api(path))
            .headers(self.headers_with(changes))
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(self.api(path))
            .headers(self.headers())
            .send()
            .await
            .unwrap()
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.unwrap()
    }

    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
    ) -> (u16, Value) {
        let response = self
            .http
            .request(method, self.api(path))
            .headers(self.headers())
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Adds a contact and an AUTHORISED sales invoice for `amount`; returns (contact, invoice).
    pub fn seed_invoice(&self, number: &str, amount: &str) -> (Uuid, Uuid) {
        let contact = self
            .state()
            .add_contact(
                self.tenant,
                fake_xero::Contact::new(&format!("Customer of {number}")),
            )
            .unwrap();
        let invoice = fake_xero::Invoice::accrec(
            contact,
            number,
            day(2026, 4, 1),
            day(2026, 4, 30),
            money(amount),
        );
        (
            contact,
            self.state().add_invoice(self.tenant, invoice).unwrap(),
        )
    }
}
