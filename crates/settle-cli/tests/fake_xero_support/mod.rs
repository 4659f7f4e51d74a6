//! Shared by the CLI tests that drive the real `settle` binary against an in-process fake-xero:
//! the command pointed at the fake (URLs from the environment, the refresh token in a file, since
//! the keychain needs a desktop session), running a command to its end, and `settle connect
//! xero` with the test playing the browser. Owns no scenario and never touches the data folder
//! itself; each test binary includes it with `mod fake_xero_support;`.
#![allow(dead_code)] // each test binary uses a different part of it

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Points `command` at fake-xero's `urls`, with the refresh token in `dir/secrets.json`.
pub fn with_fake_xero(command: &mut Command, dir: &Path, urls: &fake_xero::Urls) {
    command
        .env_remove("SETTLE_DATA_DIR")
        .env("SETTLE_XERO_LOGIN_URL", &urls.login_base)
        .env("SETTLE_XERO_IDENTITY_URL", &urls.identity_base)
        .env("SETTLE_XERO_API_URL", &urls.api_host)
        .env("SETTLE_INSECURE_SECRETS_FILE", dir.join("secrets.json"));
}

/// The `settle` binary on data folder `dir`, talking to fake-xero.
pub fn settle(dir: &Path, urls: &fake_xero::Urls) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_settle"));
    command.arg("--data-dir").arg(dir);
    with_fake_xero(&mut command, dir, urls);
    command
}

/// Runs `command` to its end off the async runtime (the fake serves on this runtime).
pub async fn run(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

/// `settle <args>` on `dir`, run to its end.
pub async fn run_settle(dir: &Path, urls: &fake_xero::Urls, args: &[&str]) -> Output {
    let mut command = settle(dir, urls);
    command.args(args);
    run(command).await
}

/// `settle connect xero --json`, with the test playing the browser (fake-xero consents at once
/// and redirects to Settle's loopback listener). Asserts it succeeded; returns the authorize URL
/// it printed first and the rest of its stdout (the connection as JSON).
pub async fn connect(dir: &Path, urls: &fake_xero::Urls) -> (String, String) {
    let (url, ended) = connect_with(dir, urls, &[]).await;
    assert!(
        ended.status.success(),
        "settle connect xero failed: {}",
        ended.stderr
    );
    (url, ended.stdout)
}

/// How a `settle connect xero` ended.
pub struct Ended {
    pub status: std::process::ExitStatus,
    /// Stdout after the authorize URL.
    pub stdout: String,
    pub stderr: String,
}

/// `settle connect xero --json <extra>`, the test playing the browser; returns the authorize URL
/// and how the command ended, whatever it was.
pub async fn connect_with(dir: &Path, urls: &fake_xero::Urls, extra: &[&str]) -> (String, Ended) {
    let mut connect = settle(dir, urls);
    connect
        .args(["connect", "xero", "--no-browser", "--json", "--client-id"])
        .arg(fake_xero::DEFAULT_CLIENT_ID)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = connect.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (url, rest) = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stdout).lines();
        let url = lines.next().unwrap().unwrap();
        (url, lines)
    })
    .await
    .unwrap();
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = browser.get(&url).send().await.unwrap();
    assert_eq!(answer.status(), 302);
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    reqwest::get(&location).await.unwrap();
    let ended = tokio::task::spawn_blocking(move || {
        let stdout: String = rest.map(|l| l.unwrap()).collect::<Vec<_>>().join("\n");
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        Ended {
            status: child.wait().unwrap(),
            stdout,
            stderr,
        }
    })
    .await
    .unwrap();
    (url, ended)
}
