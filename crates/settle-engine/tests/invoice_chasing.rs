//! Scenario tests of the invoice page's Chasing section on a real data folder with a fixed clock:
//! the calculated schedule, switching one invoice off (and undo), its own steps, applying a
//! cadence to it, and its own recipient list.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use settle_core::demo::DemoSize;
use settle_core::FixedClock;
use settle_engine::chasing::ACTOR_WINDOW;
use settle_engine::{
    Channel, CustomerQuery, Engine, ErrorCode, InvoiceRowView, OccurrenceStatus, SortKey,
    StepInput, Tab, TriggerInput, PREVIEW_DAYS,
};

async fn demo(dir: &tempfile::TempDir) -> Engine {
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap());
    let engine = Engine::open(dir.path(), Arc::new(clock)).await.unwrap();
    engine.create_demo(DemoSize::DEMO).await.unwrap();
    engine
}

/// The chased customers' invoices, each with its customer id.
async fn chased_invoices(engine: &Engine) -> Vec<(i64, InvoiceRowView)> {
    let page = engine
        .customers(&CustomerQuery {
            tab: Tab::Chasing,
            search: String::new(),
            sort: SortKey::Name,
            descending: false,
            offset: 0,
            limit: 500,
        })
        .await
        .unwrap();
    let mut all = Vec::new();
    for row in page.rows {
        let detail = engine.customer_detail(row.id).await.unwrap();
        all.extend(detail.invoices.into_iter().map(|i| (row.id, i)));
    }
    all
}

/// An open, chased invoice whose schedule still has sends ahead.
async fn open_invoice(engine: &Engine) -> (i64, i64) {
    for (customer, invoice) in chased_invoices(engine).await {
        if invoice.status != "AUTHORISED" || !invoice.chasing {
            continue;
        }
        let view = engine.invoice_chasing(invoice.id).await.unwrap();
        if view.stopped_because.is_none()
            && view
                .occurrences
                .iter()
                .any(|o| o.status == OccurrenceStatus::Scheduled)
        {
            return (customer, invoice.id);
        }
    }
    panic!("the demo has no chased invoice with a reminder ahead");
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

#[tokio::test]
async fn the_section_shows_the_whole_calculated_schedule_in_time_order() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    let (customer, id) = open_invoice(&engine).await;
    let view = engine.invoice_chasing(id).await.unwrap();
    assert_eq!(view.customer_id, customer);
    assert_eq!(view.invoice.id, id);
    assert!(view.invoice_chasing && view.customer_chasing);
    let schedule = view.schedule.expect("the demo applies the default cadence");
    assert!(schedule.from_cadence);
    assert!(!schedule.steps.is_empty());
    let times: Vec<&str> = view.occurrences.iter().map(|o| o.at.as_str()).collect();
    let mut sorted = times.clone();
    sorted.sort_unstable();
    assert_eq!(times, sorted, "occurrences are in time order");
    assert!(view.occurrences.iter().all(|o| o.invoice_id == id));
    assert!(!view.roles.is_empty(), "the demo defines contact roles");
}

#[tokio::test]
async fn switching_one_invoice_off_cancels_its_sends_and_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    let (customer, id) = open_invoice(&engine).await;
    let receipt = engine
        .set_invoice_chasing(id, false, ACTOR_WINDOW)
        .await
        .unwrap();
    assert_eq!((receipt.customers, receipt.invoices), (0, 1));
    assert!(receipt.summary.starts_with("Stopped chasing invoice "));

    let off = engine.invoice_chasing(id).await.unwrap();
    assert!(!off.invoice_chasing);
    assert!(off.customer_chasing, "the customer is left as it was");
    assert_eq!(
        off.stopped_because.as_deref(),
        Some("Chasing is off for this invoice.")
    );
    assert!(
        off.occurrences
            .iter()
            .all(|o| o.status != OccurrenceStatus::Scheduled),
        "nothing is scheduled for an invoice that is not chased"
    );
    let detail = engine.customer_detail(customer).await.unwrap();
    assert!(detail.chasing);
    assert!(!detail.invoices.iter().find(|i| i.id == id).unwrap().chasing);

    let undone = engine
        .undo_change(receipt.audit_id, ACTOR_WINDOW)
        .await
        .unwrap();
    assert_eq!(undone.invoices, 1);
    let back = engine.invoice_chasing(id).await.unwrap();
    assert!(back.invoice_chasing);
    assert_eq!(back.stopped_because, None);
}

#[tokio::test]
async fn an_invoice_gets_its_own_steps_and_bad_steps_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    let (_, id) = open_invoice(&engine).await;
    let before = engine.invoice_chasing(id).await.unwrap();

    let two_repeats = vec![
        step(TriggerInput::AfterDue { days: 1 }, 9),
        step(
            TriggerInput::Repeat {
                every_days: 3,
                times: 2,
            },
            9,
        ),
        step(
            TriggerInput::Repeat {
                every_days: 3,
                times: 2,
            },
            9,
        ),
    ];
    let err = engine
        .set_invoice_steps(id, &two_repeats)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("step 3"), "{err}");
    let unchanged = engine.invoice_chasing(id).await.unwrap();
    assert_eq!(
        unchanged.schedule.as_ref().unwrap().steps.len(),
        before.schedule.as_ref().unwrap().steps.len()
    );

    let own = vec![step(TriggerInput::AfterDue { days: 60 }, 14)];
    // The diff shown before saving: nothing is saved by it.
    let diff = engine
        .preview_invoice_steps(id, &own, PREVIEW_DAYS)
        .await
        .unwrap();
    assert_eq!(diff.invoices, 1);
    assert!(diff.note.contains("not sent late"), "{}", diff.note);
    assert!(
        !diff.added.is_empty() || !diff.moved.is_empty() || !diff.removed.is_empty(),
        "a different schedule changes the plan"
    );
    assert!(diff
        .added
        .iter()
        .chain(diff.moved.iter().map(|m| &m.after))
        .all(|o| o.local.ends_with("T14:00")));
    let bad = engine
        .preview_invoice_steps(id, &two_repeats, PREVIEW_DAYS)
        .await
        .unwrap_err();
    assert!(bad.to_string().starts_with("invoice "), "{bad}");
    assert_eq!(
        engine
            .invoice_chasing(id)
            .await
            .unwrap()
            .schedule
            .unwrap()
            .steps
            .len(),
        before.schedule.as_ref().unwrap().steps.len(),
        "previewing saves nothing"
    );
    let edited = engine.set_invoice_steps(id, &own).await.unwrap();
    let schedule = edited.schedule.unwrap();
    assert!(!schedule.from_cadence);
    assert!(
        schedule.source.ends_with("(edited for this invoice)"),
        "{}",
        schedule.source
    );
    assert_eq!(schedule.steps.len(), 1);
    assert_eq!(schedule.steps[0].hour, 14);
    assert!(edited.occurrences.iter().all(|o| o.step == 1));
    assert!(
        edited
            .occurrences
            .iter()
            .filter(|o| o.status == OccurrenceStatus::Scheduled)
            .all(|o| o.local.ends_with("T14:00")),
        "every send ahead is at the new hour"
    );

    // Applying a cadence again makes it follow that cadence's copy.
    let cadence = engine.cadences().await.unwrap().remove(0);
    let applied = engine
        .apply_cadence_to_invoice(id, &cadence.name)
        .await
        .unwrap();
    let schedule = applied.schedule.unwrap();
    assert!(schedule.from_cadence);
    assert_eq!(schedule.source, cadence.name);
    assert_eq!(schedule.steps.len(), cadence.steps.len());
}

#[tokio::test]
async fn an_invoice_can_have_its_own_recipients() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    let (_, id) = open_invoice(&engine).await;

    let err = engine
        .set_invoice_recipients(id, "purchasing@shop.example, not-an-address")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("'not-an-address'"), "{err}");
    assert_eq!(
        engine
            .invoice_chasing(id)
            .await
            .unwrap()
            .recipients_override,
        None,
        "a bad list changes nothing"
    );

    let set = engine
        .set_invoice_recipients(id, "purchasing@shop.example;\nap@shop.example")
        .await
        .unwrap();
    assert_eq!(
        set.recipients_override.as_deref(),
        Some("purchasing@shop.example, ap@shop.example")
    );
    let cleared = engine.set_invoice_recipients(id, "  ").await.unwrap();
    assert_eq!(cleared.recipients_override, None);
}

#[tokio::test]
async fn a_paid_invoice_says_why_nothing_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    let paid = chased_invoices(&engine)
        .await
        .into_iter()
        .find(|(_, i)| i.status == "PAID")
        .expect("the demo has paid invoices")
        .1;
    let view = engine.invoice_chasing(paid.id).await.unwrap();
    assert_eq!(
        view.stopped_because.as_deref(),
        Some("This invoice is paid: no reminders are sent for it.")
    );
    assert!(view
        .occurrences
        .iter()
        .all(|o| o.status != OccurrenceStatus::Scheduled));
    let err = engine.invoice_chasing(9_999_999).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}
