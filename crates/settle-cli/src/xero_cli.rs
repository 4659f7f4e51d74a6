//! `settle connect xero`, `settle sync`, `settle disconnect` (docs/CLI.md, docs/XERO-SYNC.md).
//!
//! Owns: their arguments, which Xero hosts to talk to (real Xero unless the flags or
//! `SETTLE_XERO_LOGIN_URL` / `SETTLE_XERO_IDENTITY_URL` / `SETTLE_XERO_API_URL` point elsewhere,
//! e.g. at fake-xero), which SecretStore holds the refresh token (the OS keychain, or the file
//! named by `SETTLE_INSECURE_SECRETS_FILE` for tests and headless machines), opening the browser,
//! printing progress to stderr and the report to stdout. Must not: hold sync logic (settle-engine).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, ValueEnum};
use settle_engine::{
    ConnectedXero, Engine, EngineError, Reconcile, SyncOptions, SyncProgress, SyncReport,
    SyncStage, XeroSettings, XeroTenantView, INSECURE_SECRETS_FILE_ENV, XERO_API_URL,
    XERO_API_URL_ENV, XERO_IDENTITY_URL, XERO_IDENTITY_URL_ENV, XERO_LOGIN_URL, XERO_LOGIN_URL_ENV,
};
use settle_xero::{CancellationToken, ClientId, Endpoints, SecretStore};

use crate::output::json as print_json;

/// Where Xero lives. Each base stands for one of Xero's hosts; paths are Xero's own.
#[derive(Debug, Clone, Args)]
pub struct XeroHosts {
    /// Base URL standing in for https://login.xero.com (the browser sign-in)
    #[arg(long, env = XERO_LOGIN_URL_ENV, default_value = XERO_LOGIN_URL)]
    pub xero_login_url: String,
    /// Base URL standing in for https://identity.xero.com (tokens, revocation)
    #[arg(long, env = XERO_IDENTITY_URL_ENV, default_value = XERO_IDENTITY_URL)]
    pub xero_identity_url: String,
    /// Base URL standing in for https://api.xero.com (connections, Accounting API)
    #[arg(long, env = XERO_API_URL_ENV, default_value = XERO_API_URL)]
    pub xero_api_url: String,
    /// Keep the Xero refresh token in this file instead of the system keychain. NOT SECURE:
    /// for tests and headless machines only
    #[arg(
        long,
        env = INSECURE_SECRETS_FILE_ENV,
        value_name = "FILE",
        hide = true
    )]
    pub insecure_secrets_file: Option<PathBuf>,
}

impl XeroHosts {
    /// The same settings the window builds from the environment (settle-engine's
    /// `XeroSettings`), here from the flags (which also read those variables).
    pub fn settings(&self) -> XeroSettings {
        XeroSettings {
            login_url: self.xero_login_url.clone(),
            identity_url: self.xero_identity_url.clone(),
            api_url: self.xero_api_url.clone(),
            insecure_secrets_file: self.insecure_secrets_file.clone(),
        }
    }

    pub fn endpoints(&self) -> Endpoints {
        self.settings().endpoints()
    }

    fn store(&self) -> Arc<dyn SecretStore> {
        self.settings().secret_store()
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ConnectTarget {
    Xero,
}

#[derive(Debug, Args)]
pub struct ConnectArgs {
    /// What to connect (only `xero` for now)
    pub target: ConnectTarget,
    /// The Client ID of your Xero app ("Auth code with PKCE", developer.xero.com → My Apps)
    #[arg(long, env = "SETTLE_XERO_CLIENT_ID")]
    pub client_id: String,
    /// Do not open the browser; only print the address to open
    #[arg(long)]
    pub no_browser: bool,
    /// When the sign-in reaches several organisations: the tenant id of the one to connect
    /// (without it, the command lists them and connects none)
    #[arg(long)]
    pub tenant: Option<String>,
    /// Print the connection as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub hosts: XeroHosts,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Read every contact and invoice again, ignoring what was already synced
    #[arg(long)]
    pub full: bool,
    /// Also re-read every invoice open in Settle (catches changes Xero does not timestamp);
    /// by default this runs with --full and at most hourly
    #[arg(long)]
    pub reconcile: bool,
    /// Print the report as JSON (progress still goes to stderr)
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub hosts: XeroHosts,
}

#[derive(Debug, Args)]
pub struct DisconnectArgs {
    #[command(flatten)]
    pub hosts: XeroHosts,
}

/// How long `settle connect xero` waits for the browser.
const SIGN_IN_WAIT: Duration = Duration::from_secs(15 * 60);

pub async fn connect(engine: &Engine, args: ConnectArgs) -> anyhow::Result<()> {
    let ConnectTarget::Xero = args.target;
    let client_id = ClientId::parse(&args.client_id).map_err(EngineError::from)?;
    let client = engine.xero_client(client_id, args.hosts.endpoints(), args.hosts.store())?;
    let pending = client.begin_sign_in().await.map_err(EngineError::from)?;
    eprintln!(
        "Open this address in your browser to connect Settle to Xero (waiting for Xero to send \
         you back to {}):",
        pending.redirect_uri()
    );
    println!("{}", pending.authorize_url());
    std::io::stdout().flush().ok();
    if !args.no_browser {
        open_browser(pending.authorize_url());
    }
    let cancel = CancellationToken::new();
    let code = tokio::time::timeout(SIGN_IN_WAIT, pending.wait_for_code(cancel))
        .await
        .context("no answer from the browser within 15 minutes; run the command again")?
        .map_err(EngineError::from)?;
    let signed_in = engine.complete_xero_connection(&client, code).await?;
    let connection = match (signed_in.connection, args.tenant) {
        (Some(connection), None) => connection,
        (connected, Some(tenant)) => {
            let tenant = tenant.trim().to_ascii_lowercase();
            if !signed_in
                .organisations
                .iter()
                .any(|o| o.tenant_id == tenant)
            {
                anyhow::bail!(
                    "The sign-in does not reach organisation {tenant}. It reaches:\n{}",
                    tenant_list(&signed_in.organisations)
                );
            }
            match connected.filter(|c| c.tenant_id == tenant) {
                Some(connection) => connection,
                None => engine.adopt_xero_organisation(&client, &tenant).await?,
            }
        }
        (None, None) => anyhow::bail!(
            "The sign-in reaches several organisations; none was connected. Run the command \
             again with --tenant ID for the one Settle should chase for:\n{}",
            tenant_list(&signed_in.organisations)
        ),
    };
    if args.json {
        print_json(&connection)?;
    } else {
        eprintln!(
            "Connected to {}. Run `settle sync` to fetch its customers and invoices.",
            connection.organisation
        );
    }
    Ok(())
}

pub async fn sync(engine: &Engine, args: SyncArgs) -> anyhow::Result<()> {
    let options = SyncOptions {
        full: args.full,
        reconcile: if args.reconcile {
            Reconcile::Always
        } else {
            Reconcile::Auto
        },
    };
    let report = engine
        .sync_connected_xero(
            &args.hosts.settings(),
            options,
            &print_progress,
            &CancellationToken::new(),
        )
        .await?;
    if args.json {
        print_json(&report)?;
    } else {
        print_report(&report);
    }
    Ok(())
}

pub async fn disconnect(engine: &Engine, args: DisconnectArgs) -> anyhow::Result<()> {
    let ConnectedXero {
        client, connection, ..
    } = engine.connected_xero(&args.hosts.settings()).await?;
    engine.disconnect_xero(&client).await?;
    println!(
        "Disconnected {} from Xero. Its synced data stays in Settle; `settle connect xero` \
         reconnects.",
        connection.organisation
    );
    Ok(())
}

/// "  <tenant id>  <name>" per organisation, for choosing one with --tenant.
fn tenant_list(organisations: &[XeroTenantView]) -> String {
    organisations
        .iter()
        .map(|o| format!("  {}  {}", o.tenant_id, o.name))
        .collect::<Vec<_>>()
        .join("\n")
}

fn print_progress(p: &SyncProgress) {
    let stage = match p.stage {
        SyncStage::Organisation => "organisation",
        SyncStage::Contacts => "contacts",
        SyncStage::Invoices => "invoices",
        SyncStage::Reconcile => "reconcile",
    };
    if p.page > 0 {
        eprintln!(
            "{stage}: page {}, {} received, {} stored ({} calls to Xero)",
            p.page, p.fetched, p.stored, p.api_calls
        );
    }
}

fn print_report(r: &SyncReport) {
    println!(
        "Synced {}{}: contacts {} new, {} updated; invoices {} new, {} updated; {} calls to Xero.",
        r.organisation,
        if r.full { " (full)" } else { "" },
        r.contacts.inserted,
        r.contacts.updated,
        r.invoices.inserted,
        r.invoices.updated,
        r.api_calls
    );
    if let Some(rec) = &r.reconcile {
        println!(
            "Reconciled: {} awaiting payment in Xero; {} re-read by id; {} no longer in Xero.",
            rec.listed, rec.refetched, rec.missing
        );
    }
    if let Some(day) = r.rate_budget.day_remaining {
        println!("Xero calls left today for this organisation: {day}.");
    }
    for held in &r.held {
        println!(
            "Held {} {} ({}): {}",
            held.entity, held.label, held.xero_id, held.reason
        );
    }
}

/// Best effort: the address is printed anyway.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(target_os = "windows") {
        std::process::Command::new("rundll32")
            .args(["url.dll,FileProtocolHandler", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if command.is_err() {
        eprintln!("(Could not open a browser: open the address above yourself.)");
    }
}
