//! The `settle` binary end to end: real process, real data folder.

use std::path::Path;
use std::process::{Command, Output};

const NOW: &str = "2026-11-22T10:00:00Z";

fn settle(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_settle"))
        .arg("--data-dir")
        .arg(dir)
        .arg("--now")
        .arg(NOW)
        .args(args)
        .env_remove("SETTLE_DATA_DIR")
        .output()
        .expect("run settle")
}

fn ok_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = settle(dir, args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn demo_customers_and_chasing_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let org = ok_json(dir.path(), &["demo", "--json"]);
    assert_eq!(org["isDemo"], true);
    let page = ok_json(dir.path(), &["customers", "--json"]);
    let chasing = page["counts"]["chasing"].as_u64().unwrap();
    let not_chasing = page["counts"]["notChasing"].as_u64().unwrap();
    let first = page["rows"][0]["name"].as_str().unwrap().to_owned();

    let receipt = ok_json(dir.path(), &["chase", "stop", &first, "--json"]);
    assert_eq!(receipt["customers"], 1);
    let moved = ok_json(dir.path(), &["customers", "--tab", "not-chasing", "--json"]);
    assert_eq!(moved["counts"]["chasing"].as_u64().unwrap(), chasing - 1);
    assert_eq!(
        moved["counts"]["notChasing"].as_u64().unwrap(),
        not_chasing + 1
    );
    assert!(moved["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["name"] == first.as_str()));

    let id = receipt["auditId"].as_i64().unwrap().to_string();
    ok_json(dir.path(), &["undo", &id, "--json"]);
    let back = ok_json(dir.path(), &["customers", "--json"]);
    assert_eq!(back["counts"]["chasing"].as_u64().unwrap(), chasing);

    let all = ok_json(dir.path(), &["chase", "stop", "--all", "--json"]);
    assert!(all["customers"].as_u64().unwrap() >= chasing);
    let none = ok_json(dir.path(), &["customers", "--json"]);
    assert_eq!(none["counts"]["chasing"], 0);
}

#[test]
fn the_data_folder_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_settle"))
        .args(["--now", NOW, "demo"])
        .env("SETTLE_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("settle.db").exists());
}

#[test]
fn an_unknown_customer_fails_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    ok_json(dir.path(), &["demo", "--json"]);
    let out = settle(dir.path(), &["chase", "stop", "Nonexistent Widgets Ltd"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("No customer is called 'Nonexistent Widgets Ltd'"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn no_organisation_yet_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = settle(dir.path(), &["customers"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("settle demo"));
}

#[test]
fn a_damaged_database_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("settle.db");
    std::fs::write(
        &db,
        b"not a database at all, but a letter to my bank".repeat(100),
    )
    .unwrap();
    let before = std::fs::read(&db).unwrap();
    let out = settle(dir.path(), &["customers"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("damaged"));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["demo", "--help"],
        vec!["customers", "--help"],
        vec!["chase", "--help"],
        vec!["undo", "--help"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_settle"))
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage: settle"),
            "{args:?}"
        );
    }
    let bad = Command::new(env!("CARGO_BIN_EXE_settle"))
        .args(["customers", "--tab", "sometimes"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let out = settle(dir.path(), &["demo", "--customers", "1500"]);
    assert!(out.status.success());
    // Like `settle customers | head -c 100`: the output is far larger than a pipe's buffer.
    let mut child = Command::new(env!("CARGO_BIN_EXE_settle"))
        .args(["--now", NOW, "--data-dir"])
        .arg(dir.path())
        .arg("customers")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0_u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(status.success());
    assert!(String::from_utf8_lossy(&first).starts_with("Chasing:"));
}
