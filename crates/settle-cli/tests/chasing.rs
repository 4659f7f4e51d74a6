//! The chasing commands end to end: the real `settle` binary on a real data folder.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const NOW: &str = "2026-11-22T10:00:00Z";

fn settle(dir: &Path, args: &[&str]) -> Output {
    settle_at(dir, NOW, args)
}

fn settle_at(dir: &Path, now: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_settle"))
        .arg("--data-dir")
        .arg(dir)
        .arg("--now")
        .arg(now)
        .args(args)
        .env_remove("SETTLE_DATA_DIR")
        .output()
        .expect("run settle")
}

fn ok_json(dir: &Path, args: &[&str]) -> Value {
    ok_json_at(dir, NOW, args)
}

fn ok_json_at(dir: &Path, now: &str, args: &[&str]) -> Value {
    let out = settle_at(dir, now, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// Runs a command that must fail with exit code 1, no output, and `message` on stderr.
fn fails(dir: &Path, args: &[&str], message: &str) {
    let out = settle(dir, args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(err.contains(message), "{args:?}: {err}");
}

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok_json(dir.path(), &["demo", "--json"]);
    dir
}

/// An open invoice whose steps all lie ahead (its first step, 3 days before due, is scheduled).
fn upcoming_invoice(dir: &Path) -> String {
    let preview = ok_json(dir, &["preview", "--limit", "100000", "--json"]);
    preview["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["step"] == 1 && o["status"] == "scheduled")
        .map(|o| o["invoiceNumber"].as_str().unwrap().to_owned())
        .expect("an invoice not yet due")
}

#[test]
fn plan_is_idempotent_and_missed_reminders_wait_for_the_owner() {
    let dir = demo();
    let d = dir.path();
    ok_json(d, &["plan", "--at", "2026-11-22T10:05:00Z", "--json"]);
    let first = ok_json(d, &["plan", "--at", "2026-11-25T09:30:00Z", "--json"]);
    assert!(first["newItems"].as_u64().unwrap() > 0);
    assert!(first["newMissed"].as_u64().unwrap() > 0);
    let message = &first["customers"][0]["messages"][0];
    assert!(message["keys"][0].as_str().unwrap().starts_with("invoice:"));
    assert!(
        message["invoices"][0]["amountDue"].is_string(),
        "money is a string"
    );

    let again = ok_json(d, &["plan", "--at", "2026-11-25T09:30:00Z", "--json"]);
    assert_eq!(again["newItems"], 0);
    assert_eq!(again["newMissed"], 0);
    assert_eq!(again["awaitingApproval"], first["awaitingApproval"]);

    let later = "2026-11-25T09:31:00Z";
    let missed = ok_json_at(d, later, &["missed", "--json"]);
    assert_eq!(missed["total"], first["newMissed"]);
    let customer = missed["customers"][0]["customerName"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = settle_at(d, later, &["missed", "send-now", "--customer", &customer]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("queued for approval"));
    let skipped = ok_json_at(d, later, &["missed", "skip", "--all", "--json"]);
    assert!(skipped["count"].as_u64().unwrap() > 0);
    let none = ok_json_at(d, later, &["missed", "--json"]);
    assert_eq!(none["total"], 0);
    fails(
        d,
        &[
            "missed",
            "reschedule",
            "--key",
            "invoice:1:step:0:1:email",
            "--to",
            "2027-01-01T09:00:00Z",
        ],
        "is not a missed reminder",
    );
}

#[test]
fn preview_by_invoice_customer_and_organisation() {
    let dir = demo();
    let d = dir.path();
    let number = upcoming_invoice(d);
    let one = ok_json(
        d,
        &["preview", "--invoice", &number, "--days", "30", "--json"],
    );
    assert_eq!(one["scope"], "invoice");
    assert_eq!(one["invoices"], 1);
    assert_eq!(one["to"], "2026-12-22T10:00:00Z");
    let first = &one["occurrences"][0];
    assert_eq!(first["invoiceNumber"], number.as_str());
    assert!(first["local"].as_str().unwrap().len() == 16);
    let customer = first["customerName"].as_str().unwrap().to_owned();
    let theirs = ok_json(d, &["preview", "--customer", &customer, "--json"]);
    assert_eq!(theirs["scope"], "customer");
    assert!(theirs["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["customerName"] == customer.as_str()));
    let all = ok_json(d, &["preview", "--limit", "5", "--json"]);
    assert_eq!(all["occurrences"].as_array().unwrap().len(), 5);
    assert!(all["sends"].as_u64().unwrap() > 5);
    let text = settle(d, &["preview"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("Preview of the organisation"));
    fails(
        d,
        &["preview", "--invoice", "INV-99999"],
        "No invoice is numbered 'INV-99999'",
    );
    fails(
        d,
        &["preview", "--days", "0"],
        "--days must be between 1 and 366",
    );
}

#[test]
fn cadences_are_created_applied_exported_and_imported() {
    let dir = demo();
    let d = dir.path();
    let steps = d.join("firm.json");
    std::fs::write(
        &steps,
        r#"[{"trigger": "after_due", "days": 2, "hour": 8, "channels": ["email", "sms"]},
            {"trigger": "repeat", "every_days": 3, "times": 4, "hour": 8, "channels": ["email"]}]"#,
    )
    .unwrap();
    let created = ok_json(
        d,
        &[
            "cadence",
            "create",
            "Firm",
            "--steps-json",
            steps.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(created["summary"]
        .as_str()
        .unwrap()
        .contains("Created cadence 'Firm'"));
    let list = ok_json(d, &["cadence", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let firm = ok_json(d, &["cadence", "show", "firm", "--json"]);
    assert_eq!(
        firm["steps"][0]["description"],
        "2 days after the due date at 08:00 by email and SMS"
    );
    assert_eq!(firm["steps"][1]["everyDays"], 3);

    let number = upcoming_invoice(d);
    let preview = ok_json(
        d,
        &[
            "cadence",
            "apply",
            "Firm",
            "--invoice",
            &number,
            "--preview",
            "--json",
        ],
    );
    assert_eq!(preview["invoices"], 1);
    assert!(!preview["added"].as_array().unwrap().is_empty());
    assert_eq!(
        ok_json(d, &["cadence", "show", "Firm", "--json"])["invoices"],
        0
    );
    let applied = ok_json(
        d,
        &["cadence", "apply", "Firm", "--invoice", &number, "--json"],
    );
    assert_eq!(applied["invoices"], 1);
    fails(
        d,
        &["cadence", "apply", "Firm", "--invoice", "INV-99999"],
        "No invoice is numbered",
    );

    let file = d.join("cadences.json");
    let out = settle(d, &["cadence", "export", "--out", file.to_str().unwrap()]);
    assert!(out.status.success());
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(exported["version"], 1);
    let other = demo();
    let imported = ok_json(
        other.path(),
        &["cadence", "import", file.to_str().unwrap(), "--json"],
    );
    assert_eq!(imported["cadences"].as_array().unwrap().len(), 2);

    let v2 = d.join("v2.json");
    std::fs::write(
        &v2,
        std::fs::read_to_string(&file)
            .unwrap()
            .replace("\"version\": 1", "\"version\": 2"),
    )
    .unwrap();
    fails(d, &["cadence", "import", v2.to_str().unwrap()], "version 2");
    fails(
        d,
        &["cadence", "show", "Gentle"],
        "No cadence is called 'Gentle'",
    );
    fails(
        d,
        &["cadence", "delete", "Standard reminders"],
        "is the default cadence",
    );
}

#[test]
fn bad_steps_are_refused_naming_the_step_and_field() {
    let dir = demo();
    let d = dir.path();
    let email = r#""hour": 9, "channels": ["email"]"#;
    let cases = [
        (
            r#"[{"trigger": "after_due", "days": 1, "hour": 24, "channels": ["email"]}]"#
                .to_owned(),
            "step 1: hour 24 is not an hour of the day (0–23)",
        ),
        (
            format!(r#"[{{"trigger": "after_due", "days": -3, {email}}}]"#),
            "step 1: days must be 0 or more (got -3)",
        ),
        (
            format!(r#"[{{"trigger": "on_date", "date": "2026-02-30", {email}}}]"#),
            "step 1: date '2026-02-30' is not a calendar date",
        ),
        (
            format!(
                r#"[{{"trigger": "after_due", "days": 1, {email}}}, {{"trigger": "repeat", "every_days": 2, "times": 0, {email}}}]"#
            ),
            "step 2: repeat 0 times is out of range (1–10)",
        ),
        (
            format!(
                r#"[{{"trigger": "after_due", "days": 1, {email}}}, {{"trigger": "repeat", "every_days": 2, "times": 2, {email}}}, {{"trigger": "repeat", "every_days": 2, "times": 2, {email}}}]"#
            ),
            "step 3: a second repeating step",
        ),
        (r#"{"steps": []}"#.to_owned(), "is not a JSON list of steps"),
    ];
    for (n, (json, message)) in cases.iter().enumerate() {
        let file = d.join(format!("steps-{n}.json"));
        std::fs::write(&file, json).unwrap();
        fails(
            d,
            &[
                "cadence",
                "create",
                "Bad",
                "--steps-json",
                file.to_str().unwrap(),
            ],
            message,
        );
    }
    let list = ok_json(d, &["cadence", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "nothing was created");
}

#[test]
fn assign_cadences_checks_every_row_and_applies_only_when_accepted() {
    let dir = demo();
    let d = dir.path();
    let number = upcoming_invoice(d);
    let csv = d.join("assign.csv");
    std::fs::write(
        &csv,
        format!("\u{feff}invoice_number,cadence_name\r\n{number},Standard reminders\r\nINV-99999,Standard reminders\r\n{number},Standard reminders\r\n"),
    )
    .unwrap();
    let out = settle(d, &["assign-cadences", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("line 3: no invoice is numbered 'INV-99999'"),
        "{stdout}"
    );
    assert!(stdout.contains("line 4: invoice"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was changed"));

    let report = ok_json(
        d,
        &[
            "assign-cadences",
            csv.to_str().unwrap(),
            "--accept",
            "--json",
        ],
    );
    assert_eq!(report["applied"], true);
    assert_eq!(report["valid"].as_array().unwrap().len(), 1);
    assert_eq!(report["errors"][0]["line"], 3);

    let wrong = d.join("wrong.csv");
    std::fs::write(&wrong, "invoice,cadence,notes\nINV-1,A,x\n").unwrap();
    let out = settle(d, &["assign-cadences", wrong.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"][0]["line"], 1);
}

#[test]
fn every_chasing_command_has_help() {
    for args in [
        vec!["plan", "--help"],
        vec!["preview", "--help"],
        vec!["cadence", "--help"],
        vec!["cadence", "list", "--help"],
        vec!["cadence", "show", "--help"],
        vec!["cadence", "create", "--help"],
        vec!["cadence", "update", "--help"],
        vec!["cadence", "reorder", "--help"],
        vec!["cadence", "rename", "--help"],
        vec!["cadence", "delete", "--help"],
        vec!["cadence", "default", "--help"],
        vec!["cadence", "import", "--help"],
        vec!["cadence", "export", "--help"],
        vec!["cadence", "apply", "--help"],
        vec!["assign-cadences", "--help"],
        vec!["missed", "--help"],
        vec!["missed", "send-now", "--help"],
        vec!["missed", "skip", "--help"],
        vec!["missed", "reschedule", "--help"],
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
        .args(["plan", "--at", "tomorrow"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
