//! Scenario tests of cadences with a fixed clock on a real data folder: copy-on-apply, the
//! change preview, cadence files, and bulk assignment from a spreadsheet.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use settle_core::demo::DemoSize;
use settle_core::FixedClock;
use settle_engine::{
    ApplyTarget, ChangeTarget, Channel, Engine, ErrorCode, PreviewScope, StepInput, TriggerInput,
    PREVIEW_DAYS,
};

async fn demo(dir: &tempfile::TempDir) -> Engine {
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap());
    let engine = Engine::open(dir.path(), Arc::new(clock)).await.unwrap();
    engine.create_demo(DemoSize::DEMO).await.unwrap();
    engine
}

fn step(trigger: TriggerInput, hour: i64) -> StepInput {
    StepInput {
        trigger,
        hour,
        channels: vec![Channel::Email],
        contact_role: None,
        template: None,
        escalated_sender: false,
    }
}

fn firm() -> Vec<StepInput> {
    vec![
        step(TriggerInput::AfterDue { days: 2 }, 8),
        step(
            TriggerInput::Repeat {
                every_days: 3,
                times: 4,
            },
            8,
        ),
    ]
}

/// Numbers of open invoices not due for a few days yet (their first default step, three days
/// before the due date, is still to come), so every step of a new cadence lies ahead.
async fn open_numbers(engine: &Engine, n: usize) -> Vec<String> {
    let preview = engine
        .preview(PREVIEW_DAYS, &PreviewScope::Organisation, None)
        .await
        .unwrap();
    let mut numbers: Vec<String> = preview
        .occurrences
        .iter()
        .filter(|o| o.step == 1 && o.status == settle_engine::OccurrenceStatus::Scheduled)
        .map(|o| o.invoice_number.clone())
        .collect();
    numbers.sort();
    numbers.dedup();
    numbers.truncate(n);
    assert_eq!(numbers.len(), n);
    numbers
}

#[tokio::test]
async fn editing_a_cadence_does_not_change_invoices_it_was_applied_to() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    engine.create_cadence("Firm", &firm(), false).await.unwrap();
    let numbers = open_numbers(&engine, 2).await;
    let receipt = engine
        .apply_cadence("firm", &ApplyTarget::Invoices(numbers.clone()))
        .await
        .unwrap();
    assert_eq!(receipt.invoices, 2);
    let scope = PreviewScope::Invoice(numbers[0].clone());
    let before = engine.preview(PREVIEW_DAYS, &scope, None).await.unwrap();
    assert!(before
        .occurrences
        .iter()
        .all(|o| o.local.ends_with("08:00")));

    // The edit is previewed first: the invoices following it would change if it were applied.
    let edited = vec![step(TriggerInput::AfterDue { days: 20 }, 15)];
    let change = engine
        .preview_change(
            "Firm",
            Some(&edited),
            &ChangeTarget::FollowingCadence,
            PREVIEW_DAYS,
        )
        .await
        .unwrap();
    assert_eq!(change.invoices, 2);
    assert!(!change.removed.is_empty() || !change.moved.is_empty());
    assert!(change.note.contains("copy-on-apply"));

    engine.update_cadence("Firm", &edited).await.unwrap();
    let after = engine.preview(PREVIEW_DAYS, &scope, None).await.unwrap();
    let times = |p: &settle_engine::PreviewView| {
        p.occurrences
            .iter()
            .map(|o| (o.key.clone(), o.at.clone(), o.status))
            .collect::<Vec<_>>()
    };
    assert_eq!(times(&after), times(&before));
    let shown = engine.cadence("Firm").await.unwrap();
    assert_eq!(shown.steps.len(), 1);
    assert_eq!(shown.invoices, 2, "still counted as following it");

    // Reordering is an edit too; a second repeating step is refused naming the step.
    let bad = vec![
        step(TriggerInput::AfterDue { days: 1 }, 9),
        step(
            TriggerInput::Repeat {
                every_days: 2,
                times: 2,
            },
            9,
        ),
        step(
            TriggerInput::Repeat {
                every_days: 2,
                times: 2,
            },
            9,
        ),
    ];
    let err = engine.update_cadence("Firm", &bad).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(
        err.to_string().contains("step 3: a second repeating step"),
        "{err}"
    );
}

#[tokio::test]
async fn the_default_cadence_goes_onto_new_invoices_and_applying_previews_first() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    engine.create_cadence("Firm", &firm(), true).await.unwrap();
    let cadences = engine.cadences().await.unwrap();
    let defaults: Vec<_> = cadences
        .iter()
        .filter(|c| c.is_default)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(defaults, ["Firm"]);
    let numbers = open_numbers(&engine, 1).await;
    let preview = engine
        .preview_change("Firm", None, &ChangeTarget::Invoices(numbers.clone()), 30)
        .await
        .unwrap();
    assert_eq!(preview.invoices, 1);
    assert!(preview.note.contains("replaces these invoices' schedules"));
    // Previewing saved nothing.
    assert_eq!(engine.cadence("Firm").await.unwrap().invoices, 0);
    // Not-chased customers' open invoices had no schedule: planning gives them the new default.
    engine
        .plan_due(Utc.with_ymd_and_hms(2026, 11, 22, 10, 5, 0).unwrap())
        .await
        .unwrap();
    assert!(engine.cadence("Firm").await.unwrap().invoices > 0);

    let err = engine
        .apply_cadence("Firm", &ApplyTarget::Invoices(vec!["INV-99999".into()]))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert!(err
        .to_string()
        .contains("No invoice is numbered 'INV-99999'"));
}

#[tokio::test]
async fn cadence_files_round_trip_and_a_wrong_version_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    engine.create_cadence("Firm", &firm(), false).await.unwrap();
    let exported = engine.export_cadences(&[]).await.unwrap();
    let value: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(value["version"], 1);
    assert_eq!(value["cadences"].as_array().unwrap().len(), 2);

    let other = tempfile::tempdir().unwrap();
    let fresh = demo(&other).await;
    let receipt = fresh.import_cadences(&exported).await.unwrap();
    assert!(
        receipt.summary.contains("1 new, 1 updated"),
        "{}",
        receipt.summary
    );
    assert_eq!(fresh.export_cadences(&[]).await.unwrap(), exported);

    let before = fresh.cadences().await.unwrap().len();
    let v2 = exported.replacen("\"version\": 1", "\"version\": 2", 1);
    let err = fresh.import_cadences(&v2).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("version 2"), "{err}");
    let hour = exported
        .replace("\"name\": \"Firm\"", "\"name\": \"Firmer\"")
        .replace("\"hour\": 8", "\"hour\": 24");
    let err = fresh.import_cadences(&hour).await.unwrap_err();
    assert!(
        err.to_string().contains("('Firmer'): step 1: hour 24"),
        "{err}"
    );
    assert_eq!(
        fresh.cadences().await.unwrap().len(),
        before,
        "nothing half-imported"
    );
}

#[tokio::test]
async fn a_csv_with_bom_crlf_and_a_bad_row_reports_the_line_and_changes_nothing_until_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    engine.create_cadence("Firm", &firm(), false).await.unwrap();
    let numbers = open_numbers(&engine, 3).await;
    let csv = format!(
        "\u{feff}Invoice_Number,Cadence_Name\r\n{},Firm\r\nINV-99999,Firm\r\n{}, firm \r\n{},Gentle\r\n{},Firm\r\n",
        numbers[0], numbers[1], numbers[2], numbers[0]
    );
    let report = engine
        .assign_cadences_csv(csv.as_bytes(), false)
        .await
        .unwrap();
    assert!(!report.applied);
    assert_eq!(report.rows, 5);
    assert_eq!(report.valid.len(), 2);
    let errors: Vec<(u32, &str)> = report
        .errors
        .iter()
        .map(|e| (e.line, e.reason.as_str()))
        .collect();
    assert_eq!(errors[0], (3, "no invoice is numbered 'INV-99999'"));
    assert_eq!(errors[1].0, 5);
    assert!(
        errors[1].1.starts_with("no cadence is called 'Gentle'"),
        "{}",
        errors[1].1
    );
    assert_eq!(errors[2].0, 6);
    assert!(
        errors[2].1.contains("already assigned on line 2"),
        "{}",
        errors[2].1
    );
    assert_eq!(
        engine.cadence("Firm").await.unwrap().invoices,
        0,
        "nothing changed"
    );

    let accepted = engine
        .assign_cadences_csv(csv.as_bytes(), true)
        .await
        .unwrap();
    assert!(accepted.applied);
    assert_eq!(engine.cadence("Firm").await.unwrap().invoices, 2);

    // A file with the wrong columns is refused at line 1 and applies nothing, even accepted.
    let wrong = format!("number;cadence\n{};Firm\n", numbers[2]);
    let report = engine
        .assign_cadences_csv(wrong.as_bytes(), true)
        .await
        .unwrap();
    assert!(!report.applied);
    assert_eq!(report.errors[0].line, 1);
    assert_eq!(engine.cadence("Firm").await.unwrap().invoices, 2);
}

#[tokio::test]
async fn an_edit_with_a_new_name_and_refused_steps_changes_neither() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    let before = engine.cadences().await.unwrap();
    let original = before[0].clone();
    let mut bad = firm();
    bad[0].contact_role = Some("Nobody has this role".into());
    let err = engine
        .edit_cadence(&original.name, Some("Renamed"), &bad)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("contact_role"), "{err}");
    let after = engine.cadence(&original.name).await.unwrap();
    assert_eq!(after.name, original.name, "the rename was put back");
    assert_eq!(
        after.steps.len(),
        original.steps.len(),
        "the steps were not saved"
    );
    assert!(engine.cadence("Renamed").await.is_err());

    let saved = engine
        .edit_cadence(&original.name, Some("Renamed"), &firm())
        .await
        .unwrap();
    assert!(saved.summary.starts_with("Renamed '"), "{}", saved.summary);
    let renamed = engine.cadence("Renamed").await.unwrap();
    assert_eq!(renamed.steps.len(), firm().len());
}
