//! Customer-level schedules end to end with a fixed clock on a real data folder: one outbox item
//! per loop send however often planning runs, held as missed after downtime, nothing sent to a
//! customer that is not chased or whose balance is cleared, new keys for a new loop, previews,
//! and refusals that change nothing.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use settle_core::demo::DemoSize;
use settle_core::FixedClock;
use settle_engine::{
    Channel, Engine, ErrorCode, MissedAction, MissedSelection, OccurrenceStatus, PlanView,
    PreviewScope, StepInput, TriggerInput,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, minute, 0)
        .unwrap()
}

async fn engine_at(dir: &tempfile::TempDir, now: DateTime<Utc>) -> Engine {
    Engine::open(dir.path(), Arc::new(FixedClock(now)))
        .await
        .unwrap()
}

async fn pool(dir: &tempfile::TempDir) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("settle.db").display()
    ))
    .await
    .unwrap()
}

async fn exec(dir: &tempfile::TempDir, sql: &str, id: i64) {
    sqlx::query(sql)
        .bind(id)
        .execute(&pool(dir).await)
        .await
        .unwrap();
}

/// Customer-level outbox items: (key, state, reason).
async fn customer_items(dir: &tempfile::TempDir) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "SELECT occurrence_key, state, state_reason FROM outbox_items \
         WHERE occurrence_key LIKE 'customer:%' ORDER BY occurrence_key",
    )
    .fetch_all(&pool(dir).await)
    .await
    .unwrap()
}

fn email(trigger: TriggerInput) -> StepInput {
    StepInput {
        trigger,
        hour: 9,
        channels: vec![Channel::Email],
        contact_role: None,
        template: None,
        escalated_sender: false,
    }
}

/// 3 and 10 days after the oldest overdue invoice's due date, then weekly twice.
fn steps() -> Vec<StepInput> {
    vec![
        email(TriggerInput::AfterDue { days: 3 }),
        email(TriggerInput::AfterDue { days: 10 }),
        email(TriggerInput::Repeat {
            every_days: 7,
            times: 2,
        }),
    ]
}

/// The demo, with one chased customer whose open invoices are made to fall due on 20 November
/// (the oldest, returned) and 10 December. Returns (engine, customer id, name, oldest invoice).
async fn scenario(dir: &tempfile::TempDir) -> (Engine, i64, String, i64) {
    let engine = engine_at(dir, t0()).await;
    engine.create_demo(DemoSize::DEMO).await.unwrap();
    let (customer, name): (i64, String) = sqlx::query_as(
        "SELECT c.id, c.name FROM contacts c JOIN invoices i ON i.contact_id = c.id \
         WHERE c.chasing = 1 AND i.status = 'AUTHORISED' AND i.amount_due_e4 > 0 \
         GROUP BY c.id HAVING COUNT(*) >= 2 ORDER BY c.id LIMIT 1",
    )
    .fetch_one(&pool(dir).await)
    .await
    .unwrap();
    exec(
        dir,
        "UPDATE invoices SET due_date = '2026-12-10', chasing = 1 WHERE contact_id = ? \
         AND status = 'AUTHORISED' AND amount_due_e4 > 0",
        customer,
    )
    .await;
    let oldest: i64 = sqlx::query_scalar(
        "SELECT MIN(id) FROM invoices WHERE contact_id = ? AND status = 'AUTHORISED' \
         AND amount_due_e4 > 0",
    )
    .bind(customer)
    .fetch_one(&pool(dir).await)
    .await
    .unwrap();
    exec(
        dir,
        "UPDATE invoices SET due_date = '2026-11-20' WHERE id = ?",
        oldest,
    )
    .await;
    engine
        .set_customer_schedule(&customer.to_string(), &steps())
        .await
        .unwrap();
    (engine, customer, name, oldest)
}

fn customer_keys(plan: &PlanView) -> Vec<&String> {
    plan.customers
        .iter()
        .flat_map(|c| &c.messages)
        .flat_map(|m| &m.keys)
        .filter(|k| k.starts_with("customer:"))
        .collect()
}

#[tokio::test]
async fn a_loop_send_becomes_one_outbox_item_however_often_planning_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, customer, name, oldest) = scenario(&dir).await;
    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    assert!(customer_items(&dir).await.is_empty(), "nothing due yet");
    let view = engine.customer_schedule(&name).await.unwrap();
    let current = view.current_loop.as_ref().unwrap();
    assert_eq!(
        (current.anchor_invoice_id, current.anchor_due_date.as_str()),
        (oldest, "2026-11-20")
    );
    assert_eq!((current.loop_number, current.days_overdue), (1, 2));

    let plan = engine.plan_due(at(23, 9, 30)).await.unwrap();
    let key = format!("customer:{customer}:loop:{oldest}:step:0:1:email");
    assert_eq!(customer_keys(&plan), [&key]);
    let message = plan
        .customers
        .iter()
        .flat_map(|c| &c.messages)
        .find(|m| m.keys == [key.clone()])
        .unwrap();
    assert_eq!(message.at, "2026-11-23T09:00:00Z");
    assert_eq!(message.audience, "customer");
    assert!(message.invoices.len() >= 2, "it lists every open invoice");
    assert_eq!(message.invoices[0].id, oldest, "oldest due first");
    let after_first = customer_items(&dir).await;
    assert_eq!(
        after_first,
        [(key.clone(), "awaiting_approval".into(), "".into())]
    );

    // Again, a few minutes later, and from another engine on the same folder: nothing new.
    let again = engine.plan_due(at(23, 9, 30)).await.unwrap();
    assert_eq!(again.new_items, 0);
    assert_eq!(again.awaiting_approval, plan.awaiting_approval);
    let other = engine_at(&dir, at(23, 9, 33)).await;
    let third = other.plan_due(at(23, 9, 33)).await.unwrap();
    assert_eq!((third.new_items, third.new_missed), (0, 0));
    assert_eq!(customer_keys(&third), [&key]);
    assert_eq!(customer_items(&dir).await, after_first);

    let view = other.customer_schedule(&name).await.unwrap();
    let states: Vec<_> = view.occurrences.iter().map(|o| o.status).collect();
    assert_eq!(
        states,
        [
            OccurrenceStatus::AwaitingApproval,
            OccurrenceStatus::Scheduled,
            OccurrenceStatus::Scheduled,
            OccurrenceStatus::Scheduled
        ]
    );
    assert_eq!(view.occurrences[0].key, key);
    assert_eq!(view.current_loop.unwrap().loop_number, 1);
    assert!(view.steps[0]
        .description
        .starts_with("when the oldest overdue invoice is 3 days overdue at 09:00"));
}

#[tokio::test]
async fn a_loop_send_missed_while_settle_was_off_is_held_for_the_owner() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, customer, _, oldest) = scenario(&dir).await;
    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    // Back at 11:00 on the 23rd: the 09:00 send's hour is over.
    let back = at(23, 11, 0);
    let plan = engine.plan_due(back).await.unwrap();
    assert!(customer_keys(&plan).is_empty());
    let key = format!("customer:{customer}:loop:{oldest}:step:0:1:email");
    assert_eq!(customer_items(&dir).await[0].0, key);
    assert_eq!(customer_items(&dir).await[0].1, "held");

    let owner = engine_at(&dir, back + Duration::minutes(1)).await;
    let missed = owner.missed().await.unwrap();
    let theirs = missed
        .customers
        .iter()
        .find(|c| c.customer_id == customer)
        .unwrap();
    let held = theirs.occurrences.iter().find(|o| o.key == key).unwrap();
    assert_eq!(held.status, OccurrenceStatus::Missed);
    assert_eq!((held.invoice_id, held.invoice_number.as_str()), (0, ""));
    // Planning again does not release it; the owner's "send now" does.
    let again = owner.plan_due(back + Duration::minutes(1)).await.unwrap();
    assert!(customer_keys(&again).is_empty());
    owner
        .resolve_missed(
            &MissedSelection::Keys {
                keys: vec![key.clone()],
            },
            &MissedAction::SendNow,
        )
        .await
        .unwrap();
    let queued = owner.plan_due(back + Duration::minutes(2)).await.unwrap();
    assert_eq!(customer_keys(&queued), [&key]);
}

#[tokio::test]
async fn a_customer_not_chased_gets_no_customer_level_sends() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, customer, name, _) = scenario(&dir).await;
    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    let waiting = engine.plan_due(at(23, 9, 30)).await.unwrap();
    assert_eq!(customer_keys(&waiting).len(), 1);
    engine
        .set_customer_chasing(customer, false, "owner")
        .await
        .unwrap();
    let stopped = engine.plan_due(at(23, 9, 35)).await.unwrap();
    assert!(customer_keys(&stopped).is_empty());
    assert!(stopped.withdrawn >= 1);
    // Settle keeps planning for weeks: nothing of the loop is ever queued.
    for day in [24, 30] {
        let plan = engine.plan_due(at(day, 9, 30)).await.unwrap();
        assert!(customer_keys(&plan).is_empty());
    }
    let items = customer_items(&dir).await;
    assert!(!items.is_empty());
    for (key, state, reason) in &items {
        assert_eq!(state, "cancelled", "{key}");
        assert_eq!(reason, "chasing is off for this customer", "{key}");
    }
    let view = engine_at(&dir, at(30, 10, 0))
        .await
        .customer_schedule(&name)
        .await
        .unwrap();
    assert!(!view.chasing);
    assert!(view.occurrences.iter().all(|o| matches!(
        o.status,
        OccurrenceStatus::Cancelled | OccurrenceStatus::Skipped
    )));
}

#[tokio::test]
async fn clearing_the_balance_ends_the_loop_and_the_next_overdue_invoice_starts_one_with_new_keys()
{
    let dir = tempfile::tempdir().unwrap();
    let (engine, customer, name, oldest) = scenario(&dir).await;
    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    engine.plan_due(at(23, 9, 30)).await.unwrap();
    let open: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM invoices WHERE contact_id = ? AND status = 'AUTHORISED' \
         AND amount_due_e4 > 0 ORDER BY id",
    )
    .bind(customer)
    .fetch_all(&pool(&dir).await)
    .await
    .unwrap();
    exec(
        &dir,
        "UPDATE invoices SET status = 'PAID', amount_due_e4 = 0 WHERE contact_id = ?",
        customer,
    )
    .await;
    let paid = engine.plan_due(at(23, 9, 40)).await.unwrap();
    assert!(customer_keys(&paid).is_empty());
    let items = customer_items(&dir).await;
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].1.as_str(), items[0].2.as_str()),
        ("cancelled", "the customer's balance was cleared")
    );
    let view = engine_at(&dir, at(23, 9, 41))
        .await
        .customer_schedule(&name)
        .await
        .unwrap();
    assert!(view.current_loop.is_none());
    for day in [24, 30] {
        assert!(customer_keys(&engine.plan_due(at(day, 9, 30)).await.unwrap()).is_empty());
    }

    // A new invoice (another of the customer's, owed again) falls due on 1 December.
    let newer = *open.last().unwrap();
    assert_ne!(newer, oldest);
    exec(
        &dir,
        "UPDATE invoices SET status = 'AUTHORISED', amount_due_e4 = 1000000, \
         due_date = '2026-12-01' WHERE id = ?",
        newer,
    )
    .await;
    let december = |day: u32, hour: u32, minute: u32| {
        Utc.with_ymd_and_hms(2026, 12, day, hour, minute, 0)
            .unwrap()
    };
    engine.plan_due(december(1, 10, 0)).await.unwrap();
    let restarted = engine.plan_due(december(4, 9, 30)).await.unwrap();
    let key = format!("customer:{customer}:loop:{newer}:step:0:1:email");
    assert_eq!(customer_keys(&restarted), [&key]);
    let view = engine_at(&dir, december(4, 9, 31))
        .await
        .customer_schedule(&name)
        .await
        .unwrap();
    assert_eq!(view.current_loop.unwrap().loop_number, 2);
}

#[tokio::test]
async fn previews_of_the_customer_and_the_organisation_include_the_loop() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, customer, name, oldest) = scenario(&dir).await;
    let theirs = engine
        .preview(30, &PreviewScope::Customer(name.clone()), None)
        .await
        .unwrap();
    let loop_sends: Vec<_> = theirs
        .occurrences
        .iter()
        .filter(|o| o.key.starts_with("customer:"))
        .collect();
    // 23 and 30 November, 7 and 14 December, all in the next 30 days.
    assert_eq!(loop_sends.len(), 4);
    assert!(loop_sends.iter().all(|o| o.customer_id == customer
        && o.invoice_id == 0
        && o.status == OccurrenceStatus::Scheduled));
    assert_eq!(
        loop_sends[0].key,
        format!("customer:{customer}:loop:{oldest}:step:0:1:email")
    );
    let times: Vec<&String> = theirs.occurrences.iter().map(|o| &o.at).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "in time order");
    let everyone = engine
        .preview(30, &PreviewScope::Organisation, None)
        .await
        .unwrap();
    let in_org = everyone
        .occurrences
        .iter()
        .filter(|o| o.key.starts_with("customer:"))
        .count();
    assert_eq!(in_org, 4);
    let without = {
        engine.clear_customer_schedule(&name).await.unwrap();
        engine
            .preview(30, &PreviewScope::Organisation, None)
            .await
            .unwrap()
    };
    assert_eq!(without.sends + 4, everyone.sends);
}

#[tokio::test]
async fn a_refused_or_cleared_schedule_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, _, name, _) = scenario(&dir).await;
    let mut before_due = steps();
    before_due.insert(1, email(TriggerInput::BeforeDue { days: 3 }));
    let err = engine
        .set_customer_schedule(&name, &before_due)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(
        err.to_string(),
        format!(
            "customer '{name}': step 2: a customer schedule counts days overdue, so its steps \
             must be after_due or repeat (this one is before_due)"
        )
    );
    let kept = engine.customer_schedule(&name).await.unwrap();
    assert_eq!(kept.steps.len(), 3, "the schedule is unchanged");
    let err = engine.set_customer_schedule(&name, &[]).await.unwrap_err();
    assert!(err.to_string().contains("has no steps"), "{err}");

    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    engine.plan_due(at(23, 9, 30)).await.unwrap();
    let receipt = engine.clear_customer_schedule(&name).await.unwrap();
    assert_eq!(receipt.withdrawn, 1);
    assert!(receipt.schedule.is_none());
    let items = customer_items(&dir).await;
    assert_eq!(
        (items[0].1.as_str(), items[0].2.as_str()),
        ("cancelled", "the customer schedule was cleared")
    );
    let err = engine.customer_schedule(&name).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert!(
        err.to_string().contains("has no customer schedule"),
        "{err}"
    );
    let err = engine.clear_customer_schedule(&name).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    let later = engine.plan_due(at(30, 9, 30)).await.unwrap();
    assert!(customer_keys(&later).is_empty());
}

#[tokio::test]
async fn replacing_the_steps_keeps_the_loop_and_withdraws_what_it_no_longer_sends() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, customer, name, oldest) = scenario(&dir).await;
    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    engine.plan_due(at(23, 9, 30)).await.unwrap();
    // The first step now goes by SMS: the waiting email is no longer part of the loop.
    let mut by_sms = steps();
    by_sms[0].channels = vec![Channel::Sms];
    let owner = engine_at(&dir, at(23, 9, 32)).await;
    let receipt = owner.set_customer_schedule(&name, &by_sms).await.unwrap();
    assert!(receipt.summary.starts_with("Replaced"), "{receipt:?}");
    let plan = owner.plan_due(at(23, 9, 35)).await.unwrap();
    assert!(
        customer_keys(&plan).is_empty(),
        "the SMS step was backdated"
    );
    let items = customer_items(&dir).await;
    assert_eq!(
        items,
        [(
            format!("customer:{customer}:loop:{oldest}:step:0:1:email"),
            "cancelled".into(),
            "it is no longer part of the customer's schedule".into()
        )]
    );
    let view = owner.customer_schedule(&name).await.unwrap();
    assert_eq!(view.current_loop.unwrap().anchor_invoice_id, oldest);
}
