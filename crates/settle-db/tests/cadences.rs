//! Cadences, applying them to invoices (copy-on-apply) and the demo's default schedules, against a
//! real database file.

mod common;

use settle_core::schedule::limits::MAX_CADENCES_PER_ORGANISATION;
use settle_core::schedule::{Channel, Schedule, StepInput, TriggerInput};
use settle_db::{ApplyTo, BookScope, CadenceWrite, Database, DbError};

fn step(trigger: TriggerInput, hour: i64, role: Option<&str>) -> StepInput {
    StepInput {
        trigger,
        hour,
        channels: vec![Channel::Email],
        contact_role: role.map(str::to_owned),
        template: None,
        escalated_sender: false,
    }
}

fn write(name: &str, steps: &[StepInput]) -> CadenceWrite {
    CadenceWrite {
        name: name.into(),
        schedule: Schedule::new(steps).unwrap(),
        make_default: false,
    }
}

fn firm() -> Vec<StepInput> {
    vec![
        step(
            TriggerInput::AfterDue { days: 1 },
            9,
            Some("Accounts Payable"),
        ),
        step(
            TriggerInput::Repeat {
                every_days: 5,
                times: 2,
            },
            14,
            None,
        ),
    ]
}

async fn open_invoice_ids(db: &Database, org: i64) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT id FROM invoices WHERE organisation_id = ? AND status = 'AUTHORISED' \
         AND amount_due_e4 > 0 ORDER BY id",
    )
    .bind(org)
    .fetch_all(db.reader())
    .await
    .unwrap()
}

#[tokio::test]
async fn the_demo_applies_its_default_cadence_to_open_invoices_of_chased_customers() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let (scheduled, open_chased): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM invoice_schedules), (SELECT COUNT(*) FROM invoices i \
         JOIN contacts c ON c.id = i.contact_id WHERE i.status = 'AUTHORISED' \
         AND i.amount_due_e4 > 0 AND c.chasing = 1)",
    )
    .fetch_one(db.reader())
    .await
    .unwrap();
    assert!(scheduled > 0);
    assert_eq!(scheduled, open_chased);
    let book = db
        .plan_book(org, &BookScope::Plannable, false)
        .await
        .unwrap();
    assert_eq!(book.invoices.len() as i64, scheduled);
    // Every copy of the same cadence shares one parsed schedule.
    assert_eq!(book.schedules.len(), 1);
    assert_eq!(book.schedules[0].steps().len(), 4);
    let first = book.invoices[0].schedule.as_ref().unwrap();
    assert_eq!(first.cadence_name, "Standard reminders");
    assert_eq!(first.applied_at, common::now());
    assert!(!book.hold_until_expected_payment, "off unless chosen");
    db.set_hold_until_expected_payment(org, true).await.unwrap();
    let book = db
        .plan_book(org, &BookScope::Plannable, false)
        .await
        .unwrap();
    assert!(book.hold_until_expected_payment);
}

#[tokio::test]
async fn cadences_are_created_listed_renamed_made_default_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let now = common::now();
    let id = db
        .create_cadence(org, &write("  Firm  ", &firm()), now)
        .await
        .unwrap();
    let firm_row = db.cadence_named(org, "FIRM").await.unwrap().unwrap();
    assert_eq!(firm_row.id, id);
    assert_eq!(firm_row.name, "Firm");
    assert_eq!(firm_row.steps, firm(), "steps and the role round-trip");

    let taken = db.create_cadence(org, &write("firm", &firm()), now).await;
    assert!(
        matches!(&taken, Err(DbError::Invalid(m)) if m.contains("already exists")),
        "{taken:?}"
    );

    db.rename_cadence(org, id, "Firm but fair", now)
        .await
        .unwrap();
    db.set_default_cadence(org, id, now).await.unwrap();
    let all = db.cadences(org).await.unwrap();
    let defaults: Vec<_> = all
        .iter()
        .filter(|c| c.is_default)
        .map(|c| &c.name)
        .collect();
    assert_eq!(defaults, ["Firm but fair"]);

    let refused = db.delete_cadence(org, id).await.unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("make another cadence the default first"),
        "{refused}"
    );
    let standard = db
        .cadence_named(org, "Standard reminders")
        .await
        .unwrap()
        .unwrap();
    db.set_default_cadence(org, standard.id, now).await.unwrap();
    db.delete_cadence(org, id).await.unwrap();
    assert!(db
        .cadence_named(org, "Firm but fair")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn a_role_the_organisation_does_not_define_is_refused_by_step() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let steps = [
        step(TriggerInput::AfterDue { days: 1 }, 9, None),
        step(TriggerInput::AfterDue { days: 8 }, 9, Some("Purchasing")),
    ];
    let err = db
        .create_cadence(org, &write("Roles", &steps), common::now())
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("step 2: contact_role 'Purchasing'"),
        "{err}"
    );
    assert!(
        db.cadence_named(org, "Roles").await.unwrap().is_none(),
        "nothing half-made"
    );
}

#[tokio::test]
async fn the_hundred_and_first_cadence_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let steps = [step(TriggerInput::AfterDue { days: 1 }, 9, None)];
    // The demo has one already.
    let writes: Vec<_> = (1..MAX_CADENCES_PER_ORGANISATION)
        .map(|n| write(&format!("Cadence {n}"), &steps))
        .collect();
    db.import_cadences(org, &writes, common::now())
        .await
        .unwrap();
    let err = db
        .create_cadence(org, &write("One too many", &steps), common::now())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("at most 100 cadences"), "{err}");
}

#[tokio::test]
async fn an_import_that_fails_part_way_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let before = db.cadences(org).await.unwrap();
    let bad_role = [step(TriggerInput::AfterDue { days: 1 }, 9, Some("Nobody"))];
    let writes = [
        write("New one", &firm()),
        write("Standard reminders", &firm()),
        write("Broken", &bad_role),
    ];
    let err = db
        .import_cadences(org, &writes, common::now())
        .await
        .unwrap_err();
    assert!(
        err.to_string().starts_with("cadence 'Broken': step 1"),
        "{err}"
    );
    assert_eq!(db.cadences(org).await.unwrap(), before);
}

#[tokio::test]
async fn applying_copies_the_steps_so_editing_the_cadence_later_changes_no_invoice() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let now = common::now();
    let id = db
        .create_cadence(org, &write("Firm", &firm()), now)
        .await
        .unwrap();
    let invoices = open_invoice_ids(&db, org).await;
    let chosen = vec![invoices[0], invoices[1], invoices[0]];
    let later = now + chrono::Duration::hours(1);
    let applied = db
        .apply_cadence(org, id, &ApplyTo::Invoices(chosen), later)
        .await
        .unwrap();
    assert_eq!(applied, 2, "each invoice once");
    db.set_recipients_override(org, invoices[0], Some("buying@example.com"))
        .await
        .unwrap();

    let edited = [step(TriggerInput::WhenIssued, 8, None)];
    db.update_cadence_steps(org, id, &Schedule::new(&edited).unwrap(), later)
        .await
        .unwrap();
    let schedule = db
        .invoice_schedule(org, invoices[0])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(schedule.steps, firm(), "the invoice keeps its copy");
    assert_eq!(schedule.source_cadence_name, "Firm");
    assert_eq!(schedule.applied_at, later);

    // Applying again replaces the copy and its time, and keeps the invoice's own recipients.
    let again = later + chrono::Duration::hours(1);
    db.apply_cadence(org, id, &ApplyTo::Invoices(vec![invoices[0]]), again)
        .await
        .unwrap();
    let schedule = db
        .invoice_schedule(org, invoices[0])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(schedule.steps, edited);
    assert_eq!(schedule.applied_at, again);
    assert_eq!(
        schedule.recipients_override.as_deref(),
        Some("buying@example.com")
    );

    // Deleting the cadence leaves the copies (and the name they came from).
    db.delete_cadence(org, id).await.unwrap();
    let schedule = db
        .invoice_schedule(org, invoices[1])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(schedule.steps, firm());
    assert_eq!(schedule.source_cadence_id, None);
    assert_eq!(schedule.source_cadence_name, "Firm");
}

#[tokio::test]
async fn a_bulk_assignment_naming_a_vanished_invoice_applies_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let id = db
        .create_cadence(org, &write("Firm", &firm()), common::now())
        .await
        .unwrap();
    let invoices = open_invoice_ids(&db, org).await;
    let err = db
        .apply_cadences(org, &[(invoices[0], id), (999_999, id)], common::now())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("nothing was changed"), "{err}");
    let schedule = db
        .invoice_schedule(org, invoices[0])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(schedule.source_cadence_name, "Standard reminders");
}
