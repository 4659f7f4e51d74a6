//! `settle sender set`, `settle smtp set/test`, `settle outbox`, `settle approve`, `settle send`,
//! `settle skip` and `settle in-doubt` through the real `settle` binary, against the real SMTP
//! test server (tools/smtp-server, STARTTLS + AUTH with a throwaway CA). The password goes in on
//! stdin only and never reaches the database, stdout or stderr.

#[allow(clippy::enum_variant_names)]
#[path = "../../settle-mail/tests/support/mod.rs"]
mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use support::{Certificates, SmtpServer, Tls, PASSWORD, USER};

const T0: &str = "2026-11-22T10:00:00Z";
const DUE: &str = "2026-11-25T09:30:00Z";

fn settle(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_settle"));
    command
        .arg("--data-dir")
        .arg(dir)
        .args(["--now", T0])
        .env_remove("SETTLE_DATA_DIR")
        .env("SETTLE_INSECURE_SECRETS_FILE", dir.join("secrets.json"));
    command
}

fn run(dir: &Path, args: &[&str]) -> Output {
    settle(dir).args(args).output().unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "settle {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(dir, args)).unwrap()
}

fn emls(server: &SmtpServer) -> usize {
    std::fs::read_dir(server.maildir.path())
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

/// Items of `settle outbox --json` in `state`, as (item id, message id).
fn items(dir: &Path, state: &str) -> Vec<(i64, i64)> {
    json(dir, &["outbox", "--state", state, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["id"].as_i64().unwrap(),
                i["messageId"].as_i64().unwrap_or(-1),
            )
        })
        .collect()
}

fn smtp_set(dir: &Path, server: &SmtpServer, ca: &Path, password: &str) -> Output {
    let port = server.port.to_string();
    let mut child = settle(dir)
        .args(["smtp", "set", "--host", "127.0.0.1", "--port", &port])
        .args([
            "--security",
            "starttls",
            "--username",
            USER,
            "--password-stdin",
        ])
        .arg("--ca-file")
        .arg(ca)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn set_up_approve_send_skip_and_settle_in_doubt_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let certs = Certificates::loopback();
    let server = SmtpServer::start(Tls::StartTls, &certs, true);
    let ca = certs.dir.path().join("ca.pem");
    std::fs::write(&ca, &certs.ca_pem).unwrap();

    ok(d, &["demo"]);
    ok(d, &["plan", "--at", DUE]);
    let waiting = items(d, "awaiting_approval");
    assert!(
        waiting.len() >= 2,
        "the demo has reminders due: {waiting:?}"
    );

    // Without SMTP settings a batch holds the approved messages with what to do — exit 0.
    let first = waiting[0].1;
    ok(d, &["approve", &first.to_string(), "--send-now"]);
    let out = ok(d, &["send", "--at", DUE]);
    assert!(out.contains("Set up who the reminders come from"), "{out}");
    assert_eq!(items(d, "held").iter().filter(|i| i.1 == first).count(), 1);

    // A signature from a file; an address that is not one is refused with exit 1.
    let signature = d.join("signature.txt");
    std::fs::write(&signature, "Harbour Plumbing accounts\n").unwrap();
    let bad = run(
        d,
        &[
            "sender",
            "set",
            "--name",
            "Accounts",
            "--email",
            "not-an-address",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not an email address"));
    let sig = signature.to_str().unwrap();
    ok(
        d,
        &[
            "sender",
            "set",
            "--name",
            "Accounts",
            "--email",
            USER,
            "--signature-file",
            sig,
        ],
    );

    // What the owner approves, rendered: From, To/CC, subject.
    let shown = ok(d, &["messages", "--state", "awaiting_approval"]);
    assert!(
        shown.contains(&format!("From: Accounts <{USER}>")),
        "{shown}"
    );
    assert!(
        shown.contains("Subject: ") && shown.contains("To: "),
        "{shown}"
    );
    let listed = json(d, &["messages", "--state", "awaiting_approval", "--json"]);
    assert!(listed
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["problem"].is_null()));

    // The password only on stdin; there is no --password flag (bad usage: exit 2).
    let argv = run(
        d,
        &[
            "smtp",
            "set",
            "--host",
            "h",
            "--port",
            "1",
            "--security",
            "starttls",
        ],
    );
    assert_eq!(argv.status.code(), Some(2));
    let set = smtp_set(d, &server, &ca, PASSWORD);
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    assert!(String::from_utf8_lossy(&set.stdout).contains("in the keychain"));

    // The test email reaches the owner.
    let test = ok(d, &["smtp", "test"]);
    assert!(test.contains(USER), "{test}");
    assert_eq!(emls(&server), 1);
    let to = &server.events("message")[0]["to"];
    assert_eq!(to[0], USER);

    // The held message goes with the next batch now that the settings are there.
    let report = json(d, &["send", "--at", DUE, "--json"]);
    assert_eq!(report["sent"], 1, "{report}");
    // The demo's own in-process fake-xero is synced first, like a real organisation's Xero.
    assert_eq!(report["gate"], "xero", "{report}");
    assert_eq!(emls(&server), 2);
    assert!(items(d, "sent").iter().any(|i| i.1 == first));

    // Skip the second with a reason.
    let second = waiting.iter().find(|i| i.1 != first).unwrap().1;
    ok(
        d,
        &["skip", &second.to_string(), "--reason", "paid by cheque"],
    );
    let skipped = json(d, &["outbox", "--state", "skipped", "--json"]);
    assert_eq!(skipped[0]["reason"], "paid by cheque");

    // A drop after DATA: in doubt, not re-sent by the next batch; the owner marks it sent.
    ok(d, &["plan", "--at", "2026-11-26T09:30:00Z"]);
    let next: Vec<i64> = items(d, "awaiting_approval").iter().map(|i| i.1).collect();
    assert!(!next.is_empty(), "more reminders fall due on the 26th");
    {
        let third = next[0];
        ok(d, &["approve", &third.to_string(), "--send-now"]);
        server.inject(serde_json::json!({"stage": "data", "action": "drop"}));
        let before = emls(&server);
        let report = json(d, &["send", "--at", "2026-11-26T09:30:00Z", "--json"]);
        assert_eq!(report["inDoubt"], 1, "{report}");
        let again = json(d, &["send", "--at", "2026-11-26T09:40:00Z", "--json"]);
        assert_eq!(again["sent"], 0);
        assert_eq!(emls(&server), before + 1, "delivered once, never re-sent");
        let out = ok(d, &["in-doubt", &third.to_string(), "--mark-sent"]);
        assert!(out.contains("recorded as sent"));
        assert!(items(d, "sent").iter().any(|i| i.1 == third));
        let twice = run(d, &["in-doubt", &third.to_string(), "--send-again"]);
        assert_eq!(twice.status.code(), Some(1));
    }

    // A wrong password: the batch's messages are held with the reason, exit 0; nothing is lost.
    let wrong = smtp_set(d, &server, &ca, "wrong password");
    assert!(wrong.status.success());
    let failed = run(d, &["smtp", "test"]);
    assert_eq!(failed.status.code(), Some(1));
    let said = String::from_utf8_lossy(&failed.stderr).to_string();
    assert!(
        !said.contains("wrong password") && !said.contains(PASSWORD),
        "{said}"
    );

    // The password never reaches the database or the output.
    let db = std::fs::read(d.join("settle.db")).unwrap();
    for secret in [PASSWORD, "wrong password"] {
        assert!(!db.windows(secret.len()).any(|w| w == secret.as_bytes()));
        assert!(!test.contains(secret));
    }
}
