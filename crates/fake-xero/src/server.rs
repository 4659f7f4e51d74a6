//! Starting and stopping a fake-xero instance on 127.0.0.1. Both Xero hosts are served from one
//! port: identity (`/identity/connect/authorize`, `/connect/token`, `/connect/revocation`) and the
//! API (`/connections`, `/api.xro/2.0/…`) never share a path. Owns: the listener, the router and
//! `Urls`. Must not: hold behaviour (the modules it routes to do).

use std::sync::{Arc, Mutex, OnceLock};

use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::accounting;
use crate::config::FakeXeroConfig;
use crate::error::FakeXeroError;
use crate::faults::Faults;
use crate::identity;
use crate::rate_limit::RateLimiter;
use crate::responses;
use crate::shared::Shared;
use crate::state::FakeState;
use crate::world::World;

/// Where to point a Xero client. Xero has three hosts; the fake serves them all from `base`, but
/// the fields keep them apart so a client configured per host is exercised as it would be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urls {
    /// `http://127.0.0.1:<port>`
    pub base: String,
    /// Stands in for `https://login.xero.com`.
    pub login_base: String,
    /// Stands in for `https://identity.xero.com`.
    pub identity_base: String,
    /// Stands in for `https://api.xero.com`.
    pub api_host: String,
    /// `{login_base}/identity/connect/authorize`
    pub authorize: String,
    /// `{identity_base}/connect/token`
    pub token: String,
    /// `{identity_base}/connect/revocation`
    pub revocation: String,
    /// `{api_host}/connections`
    pub connections: String,
    /// `{api_host}/api.xro/2.0`, the Accounting API base.
    pub api: String,
}

impl Urls {
    fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            login_base: base.to_owned(),
            identity_base: base.to_owned(),
            api_host: base.to_owned(),
            authorize: format!("{base}/identity/connect/authorize"),
            token: format!("{base}/connect/token"),
            revocation: format!("{base}/connect/revocation"),
            connections: format!("{base}/connections"),
            api: format!("{base}/api.xro/2.0"),
        }
    }
}

/// A running fake. Dropping it stops the server.
#[derive(Debug)]
pub struct FakeXero {
    urls: Urls,
    state: FakeState,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl FakeXero {
    /// Binds 127.0.0.1:`config.port` (0 = any free port), seeds the demo if asked, and serves
    /// in the background on the current tokio runtime.
    pub async fn start(config: FakeXeroConfig) -> Result<Self, FakeXeroError> {
        let listener = TcpListener::bind(("127.0.0.1", config.port))
            .await
            .map_err(|source| FakeXeroError::Bind {
                port: config.port,
                source,
            })?;
        let address = listener
            .local_addr()
            .map_err(|source| FakeXeroError::Bind {
                port: config.port,
                source,
            })?;
        let base = format!("http://{address}");
        let shared = Arc::new(Shared {
            world: Mutex::new(World::new(&config.client_id, config.invoice_rules)),
            limiter: Mutex::new(RateLimiter::default()),
            limits: Mutex::new(config.rate_limits),
            faults: Faults::default(),
            clock: config.clock,
            provider_name: config.provider_name,
            redirect_uris: config.redirect_uris,
            base_url: OnceLock::new(),
        });
        shared.base_url.set(base.clone()).expect("set once, here");
        let state = FakeState {
            shared: Arc::clone(&shared),
        };
        if config.seed_demo {
            crate::demo::seed(&state)?;
        }
        if config.seed_second_organisation {
            crate::second_demo::seed(&state)?;
        }
        let app = Router::new()
            .merge(identity::router())
            .nest("/api.xro/2.0", accounting::router(Arc::clone(&shared)))
            .route("/in/{token}", get(accounting::online_invoice_page))
            .fallback(|| async { responses::not_found() })
            .with_state(shared);
        let (shutdown, signal) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = signal.await;
                })
                .await
        });
        tracing::info!(%base, "fake-xero listening");
        Ok(Self {
            urls: Urls::new(&base),
            state,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    pub fn urls(&self) -> &Urls {
        &self.urls
    }

    pub fn state(&self) -> &FakeState {
        &self.state
    }

    /// Stops accepting, lets in-flight requests finish, and waits for the server to end.
    pub async fn shutdown(mut self) {
        self.state.release_requests();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Serves until the process is interrupted (for the binary).
    pub async fn wait(mut self) -> std::io::Result<()> {
        match self.task.take() {
            Some(task) => task.await.unwrap_or(Ok(())),
            None => Ok(()),
        }
    }
}

impl Drop for FakeXero {
    fn drop(&mut self) {
        self.state.release_requests();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
