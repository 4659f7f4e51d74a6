//! Shared set-up of the sending scenario tests: a demo organisation in a real SQLite file with a
//! fixed clock, a sender, and the real SMTP test server (tools/smtp-server, STARTTLS + AUTH with
//! a throwaway CA; the harness is settle-mail's `tests/support`). Reminders are planned for
//! 25 November 2026; `sql` reaches the same file for the changes a test needs (a role, a typo).
#![allow(dead_code)] // each test binary uses a different part of it

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use settle_core::demo::DemoSize;
use settle_core::secret::Secret;
use settle_core::FixedClock;
use settle_engine::{Engine, OutgoingMessageView, SenderView, SmtpSettingsView, XeroSettings};

#[allow(clippy::enum_variant_names)]
#[path = "../../../settle-mail/tests/support/mod.rs"]
pub mod mail;

pub use mail::{Certificates, SmtpServer, Tls, PASSWORD, USER};

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

/// When the planned reminders are due (and the batches run).
pub fn due() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 9, 30, 0).unwrap()
}

/// Plans the demo's reminders a few minutes after [`t0`], then up to [`due`].
pub async fn plan_until_due(engine: &Engine) {
    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    engine.plan_due(due()).await.unwrap();
}

pub struct Setup {
    pub dir: tempfile::TempDir,
    pub engine: Engine,
    pub settings: XeroSettings,
    pub server: SmtpServer,
    pub certs: Certificates,
}

impl Setup {
    /// The demo with reminders planned for [`due`], a sender and the SMTP settings saved.
    pub async fn start() -> Self {
        settle_engine::set_smtp_timeout(std::time::Duration::from_secs(3));
        Self::build(true).await
    }

    /// The same demo, sender and SMTP settings with nothing planned yet (and the default SMTP
    /// timeout), for scenarios that plan for themselves.
    pub async fn unplanned() -> Self {
        Self::build(false).await
    }

    async fn build(planned: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path(), Arc::new(FixedClock(t0())))
            .await
            .unwrap();
        engine.create_demo(DemoSize::DEMO).await.unwrap();
        if planned {
            plan_until_due(&engine).await;
        }
        let certs = Certificates::loopback();
        let server = SmtpServer::start(Tls::StartTls, &certs, true);
        let settings = XeroSettings {
            insecure_secrets_file: Some(dir.path().join("secrets.json")),
            ..XeroSettings::default()
        };
        engine
            .save_sender(SenderView {
                escalated: false,
                name: "Accounts".into(),
                email: "accounts@settle.test".into(),
                signature: "Accounts team".into(),
            })
            .await
            .unwrap();
        let s = Setup {
            dir,
            engine,
            settings,
            server,
            certs,
        };
        s.save_smtp(s.server.port, PASSWORD).await;
        s
    }

    pub async fn save_smtp(&self, port: u16, password: &str) {
        self.engine
            .save_smtp_settings(
                SmtpSettingsView {
                    host: "127.0.0.1".into(),
                    port,
                    security: "starttls".into(),
                    username: USER.into(),
                    extra_root_certificate_pem: Some(self.certs.ca_pem.clone()),
                    has_password: false,
                },
                Some(Secret::new(password)),
                &self.settings,
            )
            .await
            .unwrap();
    }

    /// Detaches the demo from its in-process fake-xero, as a benchmark-size demo is, so the
    /// gate checks the stored data only. For scenarios that change contacts with SQL: with the
    /// demo's Xero attached, the gate's sync would put Xero's version back before sending.
    pub async fn local_data_only(&self) {
        let pool = self.sql().await;
        sqlx::query(
            "UPDATE organisations SET settings_json = json_remove(settings_json, '$.demo_seed')",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }

    /// A pool on the same database file, for the changes a scenario needs.
    pub async fn sql(&self) -> sqlx::SqlitePool {
        sqlx::SqlitePool::connect(&format!(
            "sqlite://{}",
            self.dir.path().join("settle.db").display()
        ))
        .await
        .unwrap()
    }

    /// Messages awaiting approval that could go as they are.
    pub async fn sendable(&self) -> Vec<OutgoingMessageView> {
        let approvals = self.engine.approvals().await.unwrap();
        let sendable: Vec<_> = approvals
            .messages
            .into_iter()
            .filter(|m| m.problem.is_none() && m.channel == "email")
            .collect();
        assert!(!sendable.is_empty(), "the demo has email reminders due");
        sendable
    }

    pub fn emls(&self) -> usize {
        std::fs::read_dir(self.server.maildir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "eml")
            })
            .count()
    }

    /// The message with `id` in any state.
    pub async fn message(&self, id: i64) -> OutgoingMessageView {
        self.engine
            .messages(None)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.id == id)
            .unwrap()
    }
}
