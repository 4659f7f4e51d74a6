//! The `fake-xero` binary: serve a fake Xero on 127.0.0.1 for the demo and for manual testing.
//!
//!   cargo run -p fake-xero -- --port 5555 --seed-demo
//!
//! Prints the URLs to point Settle at, then serves until Ctrl-C. The only place fake-xero reads
//! the wall clock.

use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::Parser;
use fake_xero::{AuthorizeMode, FakeXero, FakeXeroConfig, RateLimits, DEFAULT_CLIENT_ID};

#[derive(Debug, Parser)]
#[command(
    name = "fake-xero",
    about = "A local Xero-compatible server (identity + accounting) for tests and the demo"
)]
struct Args {
    /// Port on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 0, env = "FAKE_XERO_PORT")]
    port: u16,
    /// Serve the demo organisation ("Demo Plumbing Ltd").
    #[arg(long)]
    seed_demo: bool,
    /// Also serve a second organisation ("Southern Cross Electrical Pty Ltd"): a consent then
    /// connects two tenants.
    #[arg(long)]
    second_organisation: bool,
    /// The PKCE app's client id.
    #[arg(long, default_value = DEFAULT_CLIENT_ID)]
    client_id: String,
    /// A registered redirect URI (repeatable). None = any loopback http:// URI.
    #[arg(long = "redirect-uri")]
    redirect_uris: Vec<String>,
    /// Enforce Xero's rate limits (5 concurrent, 60/min, 5000/day per tenant).
    #[arg(long)]
    rate_limits: bool,
    /// With --rate-limits: the Starter tier's 1000 calls a day.
    #[arg(long)]
    starter: bool,
    /// Refuse consent at /identity/connect/authorize (error=access_denied).
    #[arg(long)]
    deny: bool,
    /// Print a ready-made token set (JSON) for the demo organisation and skip the browser.
    #[arg(long)]
    print_tokens: bool,
    /// Every API request (accounting and /connections) waits this many milliseconds before it
    /// is answered: a slow Xero, so a test can press Cancel while a sync runs.
    #[arg(long, value_name = "MS")]
    latency_ms: Option<u64>,
}

/// The one sanctioned wall-clock read.
#[allow(clippy::disallowed_methods)]
fn wall_clock() -> DateTime<Utc> {
    Utc::now()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let mut config = FakeXeroConfig::new(Arc::new(wall_clock));
    config.port = args.port;
    config.seed_demo = args.seed_demo;
    config.seed_second_organisation = args.second_organisation;
    config.client_id = args.client_id;
    config.redirect_uris = args.redirect_uris;
    config.rate_limits = match (args.rate_limits, args.starter) {
        (false, _) => RateLimits::default(),
        (true, false) => RateLimits::xero(),
        (true, true) => RateLimits::starter(),
    };
    let xero = FakeXero::start(config)
        .await
        .context("starting fake-xero")?;
    if args.deny {
        xero.state().set_authorize_mode(AuthorizeMode::Deny);
    }
    if let Some(ms) = args.latency_ms {
        xero.state()
            .set_latency(Some(std::time::Duration::from_millis(ms)));
    }
    let urls = xero.urls().clone();
    println!("fake-xero listening on {}", urls.base);
    println!("  authorize    {}", urls.authorize);
    println!("  token        {}", urls.token);
    println!("  revocation   {}", urls.revocation);
    println!("  connections  {}", urls.connections);
    println!("  api          {}", urls.api);
    if args.print_tokens {
        let tokens = xero.state().mint_tokens_for_settle();
        let tenants: Vec<_> = xero
            .state()
            .connections()
            .iter()
            .map(|c| c.tenant_id)
            .collect();
        let json = serde_json::json!({
            "access_token": tokens.access_token,
            "refresh_token": tokens.refresh_token,
            "expires_in": tokens.expires_in,
            "tenant_ids": tenants,
        });
        println!("{json}");
    }
    tokio::select! {
        served = xero.wait() => served.context("serving")?,
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}
