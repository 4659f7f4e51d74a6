//! `settle smtp set`, `settle smtp test`, `settle sender set` (docs/CLI.md, docs/SENDING.md).
//!
//! Owns: their arguments, reading the SMTP password from stdin (never from argv, where other
//! users could see it in the process list) and reading the CA and signature files.
//! Must not: print, log or store the password anywhere but the engine's keychain call.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use settle_core::secret::Secret;
use settle_engine::{Engine, EngineError, SenderView, SmtpSettingsView};

use crate::output::json as print_json;
use crate::xero_cli::XeroHosts;

#[derive(Debug, Subcommand)]
pub enum SmtpCommand {
    /// Save the SMTP server Settle sends through (the password is read from stdin)
    Set(SmtpSetArgs),
    /// Send a test email through the saved server (to the normal sender's address by default)
    Test(SmtpTestArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SecurityArg {
    /// Plain connect, then STARTTLS — required, never a fall back to plaintext (usually 587)
    Starttls,
    /// TLS from the first byte (usually 465)
    ImplicitTls,
}

#[derive(Debug, Args)]
pub struct SmtpSetArgs {
    /// The server's host name (e.g. smtp.example.com)
    #[arg(long)]
    pub host: String,
    /// The port (587 for STARTTLS, 465 for implicit TLS)
    #[arg(long)]
    pub port: u16,
    #[arg(long, value_enum)]
    pub security: SecurityArg,
    /// The login name (often the email address)
    #[arg(long)]
    pub username: String,
    /// Read the password from the first line of stdin (it goes to the system keychain only):
    /// `printf '%s' "$PW" | settle smtp set … --password-stdin`
    #[arg(long)]
    pub password_stdin: bool,
    /// Also trust this CA certificate (PEM), for a server with a private certificate
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
    /// Print the saved settings as JSON (never the password)
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub hosts: XeroHosts,
}

#[derive(Debug, Args)]
pub struct SmtpTestArgs {
    /// Send the test here instead of to the normal sender's address
    #[arg(long, value_name = "ADDRESS")]
    pub to: Option<String>,
    /// Print the outcome as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub hosts: XeroHosts,
}

#[derive(Debug, Subcommand)]
pub enum SenderCommand {
    /// Set who reminders come from (the normal sender, or with --escalated the escalated one)
    Set(SenderSetArgs),
}

#[derive(Debug, Args)]
pub struct SenderSetArgs {
    /// The name shown as the sender (e.g. "Accounts, Harbour Plumbing")
    #[arg(long)]
    pub name: String,
    /// The address reminders come from
    #[arg(long)]
    pub email: String,
    /// A text file with the signature (placed under every message from this sender)
    #[arg(long, value_name = "FILE")]
    pub signature_file: Option<PathBuf>,
    /// The escalated sender (used by steps marked "escalated sender")
    #[arg(long)]
    pub escalated: bool,
}

pub async fn smtp(engine: &Engine, command: SmtpCommand) -> anyhow::Result<()> {
    match command {
        SmtpCommand::Set(args) => set(engine, args).await,
        SmtpCommand::Test(args) => test(engine, args).await,
    }
}

async fn set(engine: &Engine, args: SmtpSetArgs) -> anyhow::Result<()> {
    let password = if args.password_stdin {
        // One line (interactive typing ends with Enter; a pipe may end without a newline).
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .context("could not read the password from stdin")?;
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.is_empty() {
            return Err(EngineError::InvalidInput(
                "stdin held no password: pipe it in, e.g. `printf '%s' \"$PW\" | settle smtp set \
                 … --password-stdin`"
                    .into(),
            )
            .into());
        }
        Some(Secret::new(line))
    } else {
        None
    };
    let ca = match &args.ca_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("could not read the CA certificate {}", path.display()))?,
        ),
        None => None,
    };
    let saved = engine
        .save_smtp_settings(
            SmtpSettingsView {
                host: args.host,
                port: args.port,
                security: match args.security {
                    SecurityArg::Starttls => "starttls",
                    SecurityArg::ImplicitTls => "implicit_tls",
                }
                .to_owned(),
                username: args.username,
                extra_root_certificate_pem: ca,
                has_password: false,
            },
            password,
            &args.hosts.settings(),
        )
        .await?;
    if args.json {
        return print_json(&saved);
    }
    println!(
        "SMTP server saved: {}:{} ({}), login {}; password {}. Check it with `settle smtp test`.",
        saved.host,
        saved.port,
        saved.security,
        saved.username,
        if saved.has_password {
            "in the keychain"
        } else {
            "not set (add it with --password-stdin)"
        }
    );
    Ok(())
}

async fn test(engine: &Engine, args: SmtpTestArgs) -> anyhow::Result<()> {
    let outcome = engine.test_smtp(args.to, &args.hosts.settings()).await?;
    if args.json {
        print_json(&outcome)?;
    } else if outcome.ok {
        println!("{}", outcome.message);
    }
    if !outcome.ok {
        let reply = outcome
            .server_reply
            .map(|r| format!(" (the server said: {r})"))
            .unwrap_or_default();
        anyhow::bail!("{}{reply}", outcome.message);
    }
    Ok(())
}

pub async fn sender(engine: &Engine, command: SenderCommand) -> anyhow::Result<()> {
    let SenderCommand::Set(args) = command;
    let signature = match &args.signature_file {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("could not read the signature file {}", path.display()))?,
        None => engine
            .senders()
            .await?
            .into_iter()
            .find(|s| s.escalated == args.escalated)
            .map(|s| s.signature)
            .unwrap_or_default(),
    };
    let saved = engine
        .save_sender(SenderView {
            escalated: args.escalated,
            name: args.name,
            email: args.email,
            signature: signature.trim_end().to_owned(),
        })
        .await?;
    println!(
        "{} sender saved: {} <{}>",
        if saved.escalated {
            "Escalated"
        } else {
            "Normal"
        },
        saved.name,
        saved.email
    );
    Ok(())
}
