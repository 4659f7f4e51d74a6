//! `settle customer-schedule` end to end: the real `settle` binary on a real data folder.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const NOW: &str = "2026-11-22T10:00:00Z";

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

fn ok_at(dir: &Path, now: &str, args: &[&str]) -> Output {
    let out = settle_at(dir, now, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn ok_json_at(dir: &Path, now: &str, args: &[&str]) -> Value {
    serde_json::from_slice(&ok_at(dir, now, args).stdout).expect("valid JSON")
}

fn ok_json(dir: &Path, args: &[&str]) -> Value {
    ok_json_at(dir, NOW, args)
}

/// Runs a command that must fail with exit code 1 and `message` on stderr.
fn fails(dir: &Path, args: &[&str], message: &str) {
    let out = settle_at(dir, NOW, args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(err.contains(message), "{args:?}: {err}");
}

fn steps_file(dir: &Path, name: &str, json: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, json).unwrap();
    path.to_str().unwrap().to_owned()
}

/// A demo data folder and the id of a chased customer with an overdue balance.
fn demo() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    ok_json(dir.path(), &["demo", "--json"]);
    let page = ok_json(
        dir.path(),
        &["customers", "--sort", "overdue", "--desc", "--json"],
    );
    let id = page["rows"][0]["id"].to_string();
    (dir, id)
}

#[test]
fn a_customer_schedule_is_set_shown_planned_previewed_and_cleared() {
    let (dir, id) = demo();
    let d = dir.path();
    let weekly = steps_file(
        d,
        "weekly.json",
        r#"[{"trigger": "after_due", "days": 7, "hour": 9, "channels": ["email"]},
            {"trigger": "repeat", "every_days": 7, "times": 2, "hour": 9, "channels": ["email"]}]"#,
    );
    let receipt = ok_json(
        d,
        &["customer-schedule", "set", &id, "--file", &weekly, "--json"],
    );
    assert!(receipt["summary"]
        .as_str()
        .unwrap()
        .contains("on a customer schedule (2 steps)"));
    let schedule = &receipt["schedule"];
    assert_eq!(schedule["customerId"].to_string(), id);
    assert_eq!(schedule["steps"][0]["trigger"], "after_due");
    assert!(
        schedule["invoices"][0]["amountDue"].is_string(),
        "money is a string"
    );
    // Every step of the demo's long-overdue loop had passed when it was set: backdated.
    let overdue = schedule["currentLoop"]["daysOverdue"].as_u64().unwrap();
    assert!(overdue > 7, "{schedule}");
    assert!(schedule["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["status"] == "skipped"));

    // Replace it with a step due tomorrow at 09:00 (one day more than the loop is overdue).
    let tomorrow = steps_file(
        d,
        "tomorrow.json",
        &format!(
            r#"[{{"trigger": "after_due", "days": {}, "hour": 9, "channels": ["email"]}}]"#,
            overdue + 1
        ),
    );
    let replaced = ok_json(
        d,
        &[
            "customer-schedule",
            "set",
            &id,
            "--file",
            &tomorrow,
            "--json",
        ],
    );
    assert!(replaced["summary"]
        .as_str()
        .unwrap()
        .starts_with("Replaced"));
    let shown = ok_json(d, &["customer-schedule", "show", &id, "--json"]);
    assert_eq!(shown["occurrences"][0]["status"], "scheduled");
    assert_eq!(shown["occurrences"][0]["at"], "2026-11-23T09:00:00Z");
    let key = shown["occurrences"][0]["key"].as_str().unwrap().to_owned();
    assert!(key.starts_with(&format!("customer:{id}:loop:")), "{key}");
    let text = String::from_utf8_lossy(&ok_at(d, NOW, &["customer-schedule", "show", &id]).stdout)
        .into_owned();
    assert!(text.contains("Customer schedule of"), "{text}");
    assert!(text.contains("days overdue at 09:00 by email"), "{text}");

    let preview = ok_json(d, &["preview", "--customer", &id, "--days", "7", "--json"]);
    let listed: Vec<&Value> = preview["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["key"] == key.as_str())
        .collect();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["invoiceId"], 0);

    // Planned the next morning: one item, however often planning runs.
    ok_json(d, &["plan", "--at", "2026-11-22T10:05:00Z", "--json"]);
    let morning = "2026-11-23T09:30:00Z";
    let plan = ok_json(d, &["plan", "--at", morning, "--json"]);
    let keys = |plan: &Value| -> Vec<String> {
        plan["customers"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["messages"].as_array().unwrap())
            .flat_map(|m| m["keys"].as_array().unwrap())
            .map(|k| k.as_str().unwrap().to_owned())
            .filter(|k| k.starts_with("customer:"))
            .collect()
    };
    assert_eq!(keys(&plan), std::slice::from_ref(&key));
    let again = ok_json(d, &["plan", "--at", morning, "--json"]);
    assert_eq!(again["newItems"], 0);
    assert_eq!(keys(&again), std::slice::from_ref(&key));
    let text =
        String::from_utf8_lossy(&ok_at(d, morning, &["plan", "--at", morning]).stdout).into_owned();
    assert!(text.contains("customer schedule: "), "{text}");

    let cleared = ok_json_at(d, morning, &["customer-schedule", "clear", &id, "--json"]);
    assert_eq!(cleared["withdrawn"], 1);
    assert!(cleared["schedule"].is_null());
    fails(
        d,
        &["customer-schedule", "show", &id],
        "has no customer schedule",
    );
    fails(
        d,
        &["customer-schedule", "clear", &id],
        "has no customer schedule",
    );
    let after = ok_json(d, &["plan", "--at", "2026-11-23T09:40:00Z", "--json"]);
    assert!(keys(&after).is_empty());
}

#[test]
fn bad_customer_schedules_are_refused_naming_the_step_and_field() {
    let (dir, id) = demo();
    let d = dir.path();
    let email = r#""hour": 9, "channels": ["email"]"#;
    let cases = [
        (
            format!(
                r#"[{{"trigger": "after_due", "days": 7, {email}}}, {{"trigger": "before_due", "days": 3, {email}}}]"#
            ),
            "step 2: a customer schedule counts days overdue, so its steps must be after_due or \
             repeat (this one is before_due)",
        ),
        (
            format!(r#"[{{"trigger": "when_issued", {email}}}]"#),
            "(this one is when_issued)",
        ),
        (
            r#"[{"trigger": "after_due", "days": 7, "hour": 25, "channels": ["email"]}]"#
                .to_owned(),
            "step 1: hour 25 is not an hour of the day (0–23)",
        ),
        (
            r#"[{"trigger": "after_due", "days": 7, "hour": 9, "channels": ["email"], "contact_role": "Purchasing"}]"#
                .to_owned(),
            "step 1: contact_role 'Purchasing' is not a contact role of this organisation",
        ),
        ("[]".to_owned(), "has no steps"),
        (r#"{"steps": []}"#.to_owned(), "is not a JSON list of steps"),
    ];
    for (n, (json, message)) in cases.iter().enumerate() {
        let file = steps_file(d, &format!("bad-{n}.json"), json);
        fails(
            d,
            &["customer-schedule", "set", &id, "--file", &file],
            message,
        );
    }
    // Nothing was stored by any of them.
    fails(
        d,
        &["customer-schedule", "show", &id],
        "has no customer schedule",
    );
    let file = steps_file(
        d,
        "ok.json",
        r#"[{"trigger": "after_due", "days": 7, "hour": 9, "channels": ["email"]}]"#,
    );
    fails(
        d,
        &[
            "customer-schedule",
            "set",
            "No Such Customer",
            "--file",
            &file,
        ],
        "No customer is called 'No Such Customer'",
    );
}

#[test]
fn every_customer_schedule_command_has_help() {
    for args in [
        vec!["customer-schedule", "--help"],
        vec!["customer-schedule", "set", "--help"],
        vec!["customer-schedule", "show", "--help"],
        vec!["customer-schedule", "clear", "--help"],
        vec!["customer-schedule", "statement", "--help"],
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
        .args(["customer-schedule", "set", "Someone"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "--file is required");
}

#[test]
fn a_monthly_statement_is_set_shown_planned_once_and_turned_off() {
    let (dir, id) = demo();
    let d = dir.path();
    // A customer on no schedule gets one with the statement only.
    let receipt = ok_json(
        d,
        &[
            "customer-schedule",
            "statement",
            &id,
            "--day",
            "25",
            "--hour",
            "9",
            "--channels",
            "letter,email",
            "--json",
        ],
    );
    assert!(
        receipt["summary"].as_str().unwrap().contains("no steps"),
        "{receipt}"
    );
    let schedule = &receipt["schedule"];
    assert_eq!(schedule["steps"].as_array().unwrap().len(), 0);
    assert_eq!(schedule["statement"]["day"], "25");
    assert_eq!(schedule["statement"]["channels"][0], "letter");
    let key = format!("customer:{id}:statement:2026-11:letter");
    // At the same instant, email comes before letter.
    assert_eq!(schedule["statementOccurrences"][1]["key"], key.as_str());
    assert_eq!(schedule["statementOccurrences"][1]["status"], "scheduled");

    let text = String::from_utf8_lossy(&ok_at(d, NOW, &["customer-schedule", "show", &id]).stdout)
        .into_owned();
    assert!(
        text.contains(
            "Monthly statement: A statement of open items on day 25 of each month at 09:00 by \
             letter and email"
        ),
        "{text}"
    );
    assert!(text.contains("Statements (STEP 0):"), "{text}");

    // Planned on the 25th: one item per channel, however often planning runs.
    ok_json(d, &["plan", "--at", "2026-11-22T10:05:00Z", "--json"]);
    let morning = "2026-11-25T09:30:00Z";
    let statement_keys = |plan: &Value| -> Vec<String> {
        plan["customers"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["messages"].as_array().unwrap())
            .flat_map(|m| m["keys"].as_array().unwrap())
            .map(|k| k.as_str().unwrap().to_owned())
            .filter(|k| k.contains(":statement:"))
            .collect()
    };
    let plan = ok_json(d, &["plan", "--at", morning, "--json"]);
    assert_eq!(statement_keys(&plan).len(), 2);
    assert!(statement_keys(&plan).contains(&key));
    let again = ok_json(d, &["plan", "--at", morning, "--json"]);
    assert_eq!(statement_keys(&again).len(), 2);
    let text =
        String::from_utf8_lossy(&ok_at(d, morning, &["plan", "--at", morning]).stdout).into_owned();
    assert!(text.contains("monthly statement: "), "{text}");

    // "last" and a bad day.
    fails(
        d,
        &[
            "customer-schedule",
            "statement",
            &id,
            "--day",
            "31",
            "--hour",
            "9",
            "--channels",
            "letter",
        ],
        "statement: day 31 is not a day every month has",
    );
    fails(
        d,
        &[
            "customer-schedule",
            "statement",
            &id,
            "--day",
            "last",
            "--hour",
            "9",
            "--channels",
            "fax",
        ],
        "channel 'fax' is not one of email, sms or letter",
    );
    let last = ok_json_at(
        d,
        morning,
        &[
            "customer-schedule",
            "statement",
            &id,
            "--day",
            "last",
            "--hour",
            "9",
            "--channels",
            "letter",
            "--json",
        ],
    );
    assert_eq!(last["schedule"]["statement"]["day"], "last");

    // Off: the waiting letter is withdrawn (the email is no longer a channel: withdrawn by the
    // next plan), and the schedule, which had no steps, is gone.
    let off = ok_json_at(
        d,
        morning,
        &["customer-schedule", "statement", &id, "--off", "--json"],
    );
    assert!(off["schedule"].is_null(), "{off}");
    assert!(off["withdrawn"].as_u64().unwrap() >= 1, "{off}");
    fails(
        d,
        &["customer-schedule", "statement", &id, "--off"],
        "has no monthly statement",
    );
    let bad = settle_at(
        d,
        NOW,
        &["customer-schedule", "statement", &id, "--day", "1"],
    );
    assert_eq!(
        bad.status.code(),
        Some(2),
        "--hour and --channels are required"
    );
}
