//! A step's template and sender (template_key, escalated_sender) survive every write and read of
//! cadence, invoice and customer steps, and copy-on-apply, against a real database file.

mod common;

use settle_core::schedule::{Channel, CustomerSchedule, Schedule, StepInput, TriggerInput};
use settle_db::{ApplyTo, CadenceWrite, Database};

fn step(trigger: TriggerInput, template: Option<&str>, escalated_sender: bool) -> StepInput {
    StepInput {
        trigger,
        hour: 9,
        channels: vec![Channel::Email],
        contact_role: None,
        template: template.map(str::to_owned),
        escalated_sender,
    }
}

fn chased() -> Vec<StepInput> {
    vec![
        step(TriggerInput::BeforeDue { days: 3 }, None, false),
        step(TriggerInput::AfterDue { days: 7 }, Some("past_due"), false),
        step(
            TriggerInput::AfterDue { days: 30 },
            Some("final_notice"),
            true,
        ),
    ]
}

async fn first_open_invoice(db: &Database, org: i64) -> (i64, i64) {
    sqlx::query_as(
        "SELECT id, contact_id FROM invoices WHERE organisation_id = ? AND status = 'AUTHORISED' \
         AND amount_due_e4 > 0 ORDER BY id LIMIT 1",
    )
    .bind(org)
    .fetch_one(db.reader())
    .await
    .unwrap()
}

#[tokio::test]
async fn a_cadence_keeps_its_templates_and_sender_through_save_update_and_apply() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let now = common::now();
    let write = CadenceWrite {
        name: "Chased".into(),
        schedule: Schedule::new(&chased()).unwrap(),
        make_default: false,
    };
    let id = db.create_cadence(org, &write, now).await.unwrap();
    let stored = db.cadence_named(org, "Chased").await.unwrap().unwrap();
    assert_eq!(stored.steps, chased());

    // Applying copies them onto the invoice's own schedule.
    let (invoice, _) = first_open_invoice(&db, org).await;
    db.apply_cadence(org, id, &ApplyTo::Invoices(vec![invoice]), now)
        .await
        .unwrap();
    let schedule = db.invoice_schedule(org, invoice).await.unwrap().unwrap();
    assert_eq!(schedule.steps, chased());

    // Saving the cadence again through the normal update path keeps them, and a change of
    // template alone is stored (re-applying then carries it).
    let mut edited = chased();
    edited[0].template = Some("friendly_reminder".into());
    db.update_cadence_steps(org, id, &Schedule::new(&edited).unwrap(), now)
        .await
        .unwrap();
    let stored = db.cadence_named(org, "Chased").await.unwrap().unwrap();
    assert_eq!(stored.steps, edited);
    db.apply_cadence(org, id, &ApplyTo::Invoices(vec![invoice]), now)
        .await
        .unwrap();
    let schedule = db.invoice_schedule(org, invoice).await.unwrap().unwrap();
    assert_eq!(schedule.steps, edited);
}

#[tokio::test]
async fn an_invoice_and_a_customer_keep_their_own_steps_templates() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let now = common::now();
    let (invoice, contact) = first_open_invoice(&db, org).await;
    db.set_invoice_steps(
        org,
        invoice,
        &Schedule::new(&chased()).unwrap(),
        "Own steps",
        now,
    )
    .await
    .unwrap();
    let schedule = db.invoice_schedule(org, invoice).await.unwrap().unwrap();
    assert_eq!(schedule.steps, chased());

    let customer_steps = vec![
        step(TriggerInput::AfterDue { days: 7 }, Some("past_due"), false),
        step(
            TriggerInput::Repeat {
                every_days: 7,
                times: 2,
            },
            Some("final_notice"),
            true,
        ),
    ];
    db.set_customer_schedule(
        org,
        contact,
        &CustomerSchedule::new(&customer_steps).unwrap(),
        now,
    )
    .await
    .unwrap();
    let stored = db.customer_schedule(org, contact).await.unwrap().unwrap();
    assert_eq!(stored.steps, customer_steps);
}
