//! kill -9 during a 500-message batch (issue 5, safety invariant 2): a real `settle send` process
//! sends approved reminders to the real SMTP test server (STARTTLS + AUTH, maildir + JSONL log)
//! and is SIGKILLed at seeded random points once it is sending, several rounds, then run again
//! until nothing is left to send. Then: no Message-ID reached the server twice and no Settle
//! message was delivered twice; every item is sent, still queued or in doubt — none lost;
//! everything the server received is recorded as sent or in doubt; and in doubt is at most what
//! the server received unrecorded plus one message per kill (a kill before the data was
//! complete).

#[allow(clippy::enum_variant_names)]
#[path = "../../settle-mail/tests/support/mod.rs"]
mod support;

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{Certificates, SmtpServer, Tls, PASSWORD, USER};

const SEED: u64 = 0x5e77_1e05;
const KILL_ROUNDS: usize = 6;
const SEND_AT: &str = "2026-11-25T09:31:00Z";

/// A small seeded generator (xorshift64*): the kill points are the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

fn settle(dir: &Path, now: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_settle"));
    command
        .arg("--data-dir")
        .arg(dir)
        .args(["--now", now])
        .env_remove("SETTLE_DATA_DIR")
        .env("SETTLE_INSECURE_SECRETS_FILE", dir.join("secrets.json"));
    command
}

fn ok(dir: &Path, now: &str, args: &[&str]) -> String {
    let out = settle(dir, now).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "settle {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Outbox items by state: state → Settle message ids (one entry per item).
fn outbox(dir: &Path) -> HashMap<String, Vec<i64>> {
    let all: Value = serde_json::from_str(&ok(dir, SEND_AT, &["outbox", "--json"])).unwrap();
    let mut by_state: HashMap<String, Vec<i64>> = HashMap::new();
    for item in all.as_array().unwrap() {
        by_state
            .entry(item["state"].as_str().unwrap().to_owned())
            .or_default()
            .push(item["messageId"].as_i64().unwrap_or(-1));
    }
    by_state
}

/// The Settle message a Message-ID `<settle.{org}.{message}.{attempt}@…>` belongs to.
fn settle_message(header: &str) -> i64 {
    let unique = header
        .trim_start_matches("<settle.")
        .split('@')
        .next()
        .unwrap();
    let parts: Vec<&str> = unique.split("=2E").collect();
    assert_eq!(parts.len(), 3, "unexpected Message-ID {header}");
    parts[1].parse().unwrap()
}

fn prepare(dir: &Path, server: &SmtpServer, certs: &Certificates) -> HashSet<i64> {
    ok(
        dir,
        "2026-11-22T10:00:00Z",
        &["demo", "--customers", "2500"],
    );
    for day in 22..=25 {
        let at = format!("2026-11-{day}T09:30:00Z");
        ok(dir, &at, &["plan", "--at", &at]);
    }
    ok(
        dir,
        SEND_AT,
        &["sender", "set", "--name", "Accounts", "--email", USER],
    );
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, &certs.ca_pem).unwrap();
    let port = server.port.to_string();
    let mut set = settle(dir, SEND_AT)
        .args(["smtp", "set", "--host", "127.0.0.1", "--port", &port])
        .args([
            "--security",
            "starttls",
            "--username",
            USER,
            "--password-stdin",
        ])
        .arg("--ca-file")
        .arg(&ca)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    writeln!(set.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    assert!(set.wait().unwrap().success());
    ok(dir, SEND_AT, &["approve", "--all", "--send-now"]);
    outbox(dir)["approved"].iter().copied().collect()
}

#[test]
fn kill_9_during_a_500_message_batch_loses_nothing_and_sends_nothing_twice() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let certs = Certificates::loopback();
    let server = SmtpServer::start(Tls::StartTls, &certs, true);
    let approved = prepare(d, &server, &certs);
    assert!(
        approved.len() >= 500,
        "{} messages approved",
        approved.len()
    );
    let approved_items: usize = outbox(d)["approved"].len();
    let prepared = started.elapsed();

    let mut rng = Rng(SEED);
    let mut kills = 0;
    for _ in 0..KILL_ROUNDS {
        let mut child = settle(d, SEND_AT)
            .args(["send", "--json"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill mid-send: once this run's first message reached the server, a random while on.
        let before = server.events("message").len();
        let waited = Instant::now();
        while server.events("message").len() == before
            && waited.elapsed() < Duration::from_secs(20)
            && child.try_wait().unwrap().is_none()
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(rng.below(600)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        child.wait().unwrap();
    }
    assert!(
        kills >= 3,
        "the batch was killed mid-way only {kills} times"
    );
    // Restart until nothing approved is left (each run sends what the last one did not).
    for _ in 0..5 {
        let report: Value = serde_json::from_str(&ok(d, SEND_AT, &["send", "--json"])).unwrap();
        if report["sent"] == 0 && report["waiting"] == 0 {
            break;
        }
    }

    let received = server.events("message");
    let headers: Vec<String> = received
        .iter()
        .map(|e| e["message_id"].as_str().unwrap().to_owned())
        .collect();
    let unique: HashSet<&String> = headers.iter().collect();
    assert_eq!(
        unique.len(),
        headers.len(),
        "a Message-ID reached the server twice"
    );
    let delivered: Vec<i64> = headers.iter().map(|h| settle_message(h)).collect();
    let delivered_set: HashSet<i64> = delivered.iter().copied().collect();
    assert_eq!(
        delivered_set.len(),
        delivered.len(),
        "a message was delivered twice"
    );

    let states = outbox(d);
    let ids = |state: &str| -> HashSet<i64> {
        states.get(state).into_iter().flatten().copied().collect()
    };
    let (sent, in_doubt, queued) = (ids("sent"), ids("in_doubt"), ids("approved"));
    let held = ids("held");
    // None lost: every approved message is sent, in doubt, still queued, or held with a reason.
    for id in &approved {
        assert!(
            sent.contains(id) || in_doubt.contains(id) || queued.contains(id) || held.contains(id),
            "message {id} is lost"
        );
    }
    let counted: usize = ["sent", "in_doubt", "approved", "held", "cancelled"]
        .iter()
        .map(|s| {
            states
                .get(*s)
                .map_or(0, |v| v.iter().filter(|m| approved.contains(m)).count())
        })
        .sum();
    assert_eq!(
        counted, approved_items,
        "every approved item is accounted for"
    );
    assert!(!states.contains_key("sending"), "nothing is left mid-send");
    assert!(
        queued.is_empty(),
        "the final runs sent everything still queued: {queued:?}"
    );
    // Recorded as sent ⇒ the server has it; the server has it ⇒ sent or in doubt.
    for id in &sent {
        assert!(
            delivered_set.contains(id),
            "message {id} recorded sent, never received"
        );
    }
    let unrecorded: HashSet<i64> = delivered_set.difference(&sent).copied().collect();
    for id in &unrecorded {
        assert!(
            in_doubt.contains(id),
            "message {id} received but neither sent nor in doubt"
        );
    }
    assert!(
        in_doubt.len() <= unrecorded.len() + kills,
        "{} in doubt, {} received unrecorded, {kills} kills",
        in_doubt.len(),
        unrecorded.len()
    );
    eprintln!(
        "send_kill: {} messages, {kills} kills, {} delivered, {} sent, {} in doubt; prepared in \
         {prepared:?}, total {:?}",
        approved.len(),
        delivered.len(),
        sent.len(),
        in_doubt.len(),
        started.elapsed()
    );
}
