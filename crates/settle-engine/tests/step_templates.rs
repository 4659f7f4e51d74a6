//! A step's template and sender through the engine, on a real data folder with a fixed clock:
//! re-saving the shipped "Best practice" cadence keeps them, cadence files carry them (and files
//! without them still import), and an applied cadence's copy on an invoice keeps them.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use settle_core::demo::DemoSize;
use settle_core::FixedClock;
use settle_engine::{CustomerQuery, Engine, SortKey, StepInput, Tab, BEST_PRACTICE_CADENCE};

async fn demo(dir: &tempfile::TempDir) -> Engine {
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap());
    let engine = Engine::open(dir.path(), Arc::new(clock)).await.unwrap();
    engine.create_demo(DemoSize::DEMO).await.unwrap();
    // Seeding the templates adds the Best practice cadence.
    engine.templates().await.unwrap();
    engine
}

/// An open invoice of the first chased customer that has one.
async fn open_invoice(engine: &Engine) -> i64 {
    let page = engine
        .customers(&CustomerQuery {
            tab: Tab::Chasing,
            search: String::new(),
            sort: SortKey::Name,
            descending: false,
            offset: 0,
            limit: 50,
        })
        .await
        .unwrap();
    for row in page.rows {
        let detail = engine.customer_detail(row.id).await.unwrap();
        if let Some(invoice) = detail.invoices.iter().find(|i| i.status == "AUTHORISED") {
            return invoice.id;
        }
    }
    panic!("the demo has no open invoice");
}

/// The steps of one cadence as its cadence file gives them.
async fn exported_steps(engine: &Engine, name: &str) -> Vec<StepInput> {
    let text = engine.export_cadences(&[name.to_owned()]).await.unwrap();
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    serde_json::from_value(file["cadences"][0]["steps"].clone()).unwrap()
}

fn keys(steps: &[StepInput]) -> Vec<(Option<&str>, bool)> {
    steps
        .iter()
        .map(|s| (s.template.as_deref(), s.escalated_sender))
        .collect()
}

const BEST_PRACTICE_KEYS: [(Option<&str>, bool); 6] = [
    (Some("new_invoice"), false),
    (Some("friendly_reminder"), false),
    (Some("due_today"), false),
    (Some("past_due"), false),
    (Some("past_due"), false),
    (Some("final_notice"), true),
];

#[tokio::test]
async fn re_saving_the_best_practice_cadence_keeps_its_templates_and_sender() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    let steps = exported_steps(&engine, BEST_PRACTICE_CADENCE).await;
    assert_eq!(keys(&steps), BEST_PRACTICE_KEYS);

    // The window saves the steps it shows; moving the first step an hour must keep every key.
    let mut edited = steps.clone();
    edited[0].hour = 10;
    engine
        .update_cadence(BEST_PRACTICE_CADENCE, &edited)
        .await
        .unwrap();
    let again = exported_steps(&engine, BEST_PRACTICE_CADENCE).await;
    assert_eq!(again, edited);
    assert_eq!(keys(&again), BEST_PRACTICE_KEYS);

    // The view describes them.
    let view = engine.cadences().await.unwrap();
    let best = view
        .iter()
        .find(|c| c.name == BEST_PRACTICE_CADENCE)
        .unwrap();
    let last = best.steps.last().unwrap();
    assert_eq!(last.template.as_deref(), Some("final_notice"));
    assert!(last.escalated_sender);
    assert_eq!(
        last.description,
        "30 days after the due date at 09:00 by email, using 'Final notice', from the escalated \
         sender"
    );
}

#[tokio::test]
async fn an_applied_cadence_copies_its_templates_onto_the_invoice() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    let id = open_invoice(&engine).await;
    engine
        .apply_cadence_to_invoice(id, BEST_PRACTICE_CADENCE)
        .await
        .unwrap();
    let chasing = engine.invoice_chasing(id).await.unwrap();
    let steps = chasing.schedule.expect("applied").steps;
    let copied: Vec<(Option<&str>, bool)> = steps
        .iter()
        .map(|s| (s.template.as_deref(), s.escalated_sender))
        .collect();
    assert_eq!(copied, BEST_PRACTICE_KEYS);
}

#[tokio::test]
async fn cadence_files_carry_templates_and_older_files_still_import() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    let text = engine
        .export_cadences(&[BEST_PRACTICE_CADENCE.to_owned()])
        .await
        .unwrap();
    assert!(
        text.contains("\"template\": \"final_notice\"") && text.contains("\"escalated_sender\""),
        "{text}"
    );
    // The normal sender and automatic template are left out, as in files written before them.
    assert_eq!(text.matches("escalated_sender").count(), 1, "{text}");

    let old = r#"{"version": 1, "cadences": [{"name": "Old file", "steps": [
        {"trigger": "after_due", "days": 7, "hour": 9, "channels": ["email"]}]}]}"#;
    engine.import_cadences(old).await.unwrap();
    let steps = exported_steps(&engine, "Old file").await;
    assert_eq!(keys(&steps), [(None, false)]);

    let bad = r#"{"version": 1, "cadences": [{"name": "Bad", "steps": [
        {"trigger": "after_due", "days": 7, "hour": 9, "channels": ["email"],
         "template": "stern"}]}]}"#;
    let err = engine.import_cadences(bad).await.unwrap_err().to_string();
    assert!(
        err.contains("cadence 1 ('Bad'): step 1: template 'stern' is not a template")
            && err.contains("final_notice"),
        "{err}"
    );
}
