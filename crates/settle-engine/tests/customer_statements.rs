//! Monthly statements end to end with a fixed clock on a real data folder: one outbox item per
//! customer, month and channel however often planning runs (or the statement changes), backdated
//! months, held as missed after downtime, nothing for a customer not chased or owing nothing,
//! previews and the customer view, refusals, and turning a statement off.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use settle_core::demo::DemoSize;
use settle_core::FixedClock;
use settle_engine::{
    Channel, Engine, ErrorCode, OccurrenceStatus, PlanView, PreviewScope, StatementDayInput,
    StatementInput,
};

/// Sunday 22 November 2026, 10:00 (the demo organisation is in London: GMT in winter).
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

fn on(month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    let year = if month < 11 { 2027 } else { 2026 };
    Utc.with_ymd_and_hms(year, month, day, hour, minute, 0)
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

/// Statement outbox items: (key, state, reason).
async fn statement_items(dir: &tempfile::TempDir) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "SELECT occurrence_key, state, state_reason FROM outbox_items \
         WHERE occurrence_key LIKE 'customer:%:statement:%' ORDER BY occurrence_key",
    )
    .fetch_all(&pool(dir).await)
    .await
    .unwrap()
}

fn statement(day: StatementDayInput, channels: &[Channel]) -> StatementInput {
    StatementInput {
        day,
        hour: 9,
        channels: channels.to_vec(),
    }
}

fn letter_on(day: i64) -> StatementInput {
    statement(StatementDayInput::Day(day), &[Channel::Letter])
}

/// The demo, with one chased customer owing something and on no customer schedule. Returns
/// (engine, customer id, name).
async fn scenario(dir: &tempfile::TempDir) -> (Engine, i64, String) {
    let engine = engine_at(dir, t0()).await;
    engine.create_demo(DemoSize::DEMO).await.unwrap();
    let (customer, name): (i64, String) = sqlx::query_as(
        "SELECT c.id, c.name FROM contacts c JOIN invoices i ON i.contact_id = c.id \
         WHERE c.chasing = 1 AND i.status = 'AUTHORISED' AND i.amount_due_e4 > 0 \
         GROUP BY c.id ORDER BY c.id LIMIT 1",
    )
    .fetch_one(&pool(dir).await)
    .await
    .unwrap();
    (engine, customer, name)
}

fn statement_keys(plan: &PlanView) -> Vec<&String> {
    plan.customers
        .iter()
        .flat_map(|c| &c.messages)
        .flat_map(|m| &m.keys)
        .filter(|k| k.contains(":statement:"))
        .collect()
}

#[tokio::test]
async fn a_statement_becomes_one_outbox_item_per_month_and_channel_however_often_planning_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, customer, name) = scenario(&dir).await;
    let receipt = engine
        .set_customer_statement(&name, Some(&letter_on(25)))
        .await
        .unwrap();
    assert!(receipt.summary.contains("no steps"), "{}", receipt.summary);
    let view = receipt.schedule.unwrap();
    assert!(view.steps.is_empty());
    let shown = view.statement.unwrap();
    assert_eq!(
        (shown.day.as_str(), shown.hour, shown.channels.clone()),
        ("25", 9, vec!["letter".to_owned()])
    );
    assert_eq!(
        shown.description,
        "A statement of open items on day 25 of each month at 09:00 by letter"
    );
    // 25 November, 25 December and 25 January are within the next 90 days.
    let upcoming = view.statement_occurrences.unwrap();
    let keys: Vec<&str> = upcoming.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            format!("customer:{customer}:statement:2026-11:letter"),
            format!("customer:{customer}:statement:2026-12:letter"),
            format!("customer:{customer}:statement:2027-01:letter"),
        ]
    );
    assert!(upcoming
        .iter()
        .all(|o| o.status == OccurrenceStatus::Scheduled && o.step == 0));

    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    assert!(statement_items(&dir).await.is_empty(), "nothing due yet");
    let plan = engine.plan_due(on(11, 25, 9, 10)).await.unwrap();
    let key = format!("customer:{customer}:statement:2026-11:letter");
    assert_eq!(statement_keys(&plan), [&key]);
    let message = plan
        .customers
        .iter()
        .flat_map(|c| &c.messages)
        .find(|m| m.keys == [key.clone()])
        .unwrap();
    assert_eq!(
        (message.channel.as_str(), message.at.as_str()),
        ("letter", "2026-11-25T09:00:00Z")
    );
    assert!(!message.invoices.is_empty(), "it lists the open items");
    let first = statement_items(&dir).await;
    assert_eq!(
        first,
        [(key.clone(), "awaiting_approval".into(), "".into())]
    );

    // Again, and from another engine: nothing new.
    let again = engine.plan_due(on(11, 25, 9, 20)).await.unwrap();
    assert_eq!(again.new_items, 0);
    let other = engine_at(&dir, on(11, 25, 9, 25)).await;
    let third = other.plan_due(on(11, 25, 9, 25)).await.unwrap();
    assert_eq!((third.new_items, third.new_missed), (0, 0));
    assert_eq!(statement_items(&dir).await, first);

    // Moving the statement to the 27th does not send November's again: the key is the month.
    other
        .set_customer_statement(&name, Some(&letter_on(27)))
        .await
        .unwrap();
    other.plan_due(on(11, 27, 9, 10)).await.unwrap();
    assert_eq!(statement_items(&dir).await, first);
    // Adding email sends December's on both channels, once each.
    let both = statement(
        StatementDayInput::Day(27),
        &[Channel::Letter, Channel::Email],
    );
    other
        .set_customer_statement(&name, Some(&both))
        .await
        .unwrap();
    let december = other.plan_due(on(12, 27, 9, 10)).await.unwrap();
    // November's letter still awaits approval; December's goes by letter and email.
    assert_eq!(statement_keys(&december).len(), 3);
    assert_eq!(december.new_items, 2);
    other.plan_due(on(12, 27, 9, 30)).await.unwrap();
    assert_eq!(statement_items(&dir).await.len(), 3);
}

#[tokio::test]
async fn months_already_past_when_set_are_skipped_and_the_last_day_follows_the_month() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, customer, name) = scenario(&dir).await;
    // Set on 22 November for the 1st: November's had passed.
    let view = engine
        .set_customer_statement(&name, Some(&letter_on(1)))
        .await
        .unwrap()
        .schedule
        .unwrap();
    let first = &view.statement_occurrences.unwrap()[0];
    assert_eq!(
        first.key,
        format!("customer:{customer}:statement:2026-11:letter")
    );
    assert_eq!(first.status, OccurrenceStatus::Skipped);
    assert!(first.reason.as_deref().unwrap().starts_with("backdated"));
    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    assert!(
        statement_items(&dir).await.is_empty(),
        "November's is not sent"
    );

    let last = statement(StatementDayInput::Text("last".into()), &[Channel::Letter]);
    let view = engine
        .set_customer_statement(&name, Some(&last))
        .await
        .unwrap()
        .schedule
        .unwrap();
    let locals: Vec<String> = view
        .statement_occurrences
        .unwrap()
        .iter()
        .map(|o| o.local.clone())
        .collect();
    assert_eq!(
        locals,
        ["2026-11-30T09:00", "2026-12-31T09:00", "2027-01-31T09:00"]
    );
}

#[tokio::test]
async fn a_statement_missed_while_settle_was_off_is_held_and_only_the_latest_month() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, customer, name) = scenario(&dir).await;
    engine
        .set_customer_statement(&name, Some(&letter_on(23)))
        .await
        .unwrap();
    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    // Off until 24 January: November's and December's passed unseen, and January's 23rd too.
    let back = on(1, 24, 10, 0);
    let owner = engine_at(&dir, back).await;
    let plan = owner.plan_due(back).await.unwrap();
    assert!(statement_keys(&plan).is_empty());
    assert_eq!(
        statement_items(&dir).await,
        [(
            format!("customer:{customer}:statement:2027-01:letter"),
            "held".into(),
            "fell due at 2027-01-23T09:00:00Z while Settle was not running".into()
        )]
    );
    let missed = owner.missed().await.unwrap();
    let theirs = missed
        .customers
        .iter()
        .find(|c| c.customer_id == customer)
        .unwrap();
    let held: Vec<_> = theirs
        .occurrences
        .iter()
        .filter(|o| o.key.contains(":statement:"))
        .collect();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].status, OccurrenceStatus::Missed);
}

#[tokio::test]
async fn nothing_goes_to_a_customer_not_chased_or_owing_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, customer, name) = scenario(&dir).await;
    engine
        .set_customer_statement(&name, Some(&letter_on(24)))
        .await
        .unwrap();
    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    engine
        .set_customer_chasing(customer, false, "owner")
        .await
        .unwrap();
    engine.plan_due(on(11, 24, 9, 10)).await.unwrap();
    let key = format!("customer:{customer}:statement:2026-11:letter");
    assert_eq!(
        statement_items(&dir).await,
        [(
            key.clone(),
            "cancelled".into(),
            "chasing is off for this customer".into()
        )]
    );
    // Chased again later that month: November's is not sent late.
    engine
        .set_customer_chasing(customer, true, "owner")
        .await
        .unwrap();
    let plan = engine.plan_due(on(11, 26, 9, 10)).await.unwrap();
    assert!(statement_keys(&plan).is_empty());

    // December's waits for approval; the balance is then cleared: it is withdrawn.
    engine.plan_due(on(12, 24, 9, 10)).await.unwrap();
    exec(
        &dir,
        "UPDATE invoices SET amount_due_e4 = 0 WHERE contact_id = ?",
        customer,
    )
    .await;
    let plan = engine.plan_due(on(12, 24, 9, 40)).await.unwrap();
    assert!(statement_keys(&plan).is_empty());
    let items = statement_items(&dir).await;
    assert_eq!(
        (
            items[1].0.as_str(),
            items[1].1.as_str(),
            items[1].2.as_str()
        ),
        (
            format!("customer:{customer}:statement:2026-12:letter").as_str(),
            "cancelled",
            "the customer has no open balance"
        )
    );
}

#[tokio::test]
async fn previews_include_statements_and_refusals_and_turning_off_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, customer, name) = scenario(&dir).await;
    let err = engine
        .set_customer_statement(&name, Some(&letter_on(31)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(
        err.to_string(),
        format!(
            "customer '{name}': statement: day 31 is not a day every month has: use 1–28, or \
             last for the month's last day"
        )
    );
    let err = engine
        .set_customer_statement(&name, Some(&statement(StatementDayInput::Day(1), &[])))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("channels"), "{err}");
    assert_eq!(
        engine.customer_schedule(&name).await.unwrap_err().code(),
        ErrorCode::NotFound,
        "a refused statement creates no schedule"
    );
    let err = engine
        .set_customer_statement(&name, None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);

    engine
        .set_customer_statement(&name, Some(&letter_on(25)))
        .await
        .unwrap();
    let theirs = engine
        .preview(40, &PreviewScope::Customer(name.clone()), None)
        .await
        .unwrap();
    let statements: Vec<_> = theirs
        .occurrences
        .iter()
        .filter(|o| o.key.contains(":statement:"))
        .collect();
    assert_eq!(statements.len(), 2, "25 November and 25 December");
    assert!(statements
        .iter()
        .all(|o| o.customer_id == customer && o.invoice_id == 0 && o.step == 0));
    let everyone = engine
        .preview(40, &PreviewScope::Organisation, None)
        .await
        .unwrap();
    let in_org = everyone
        .occurrences
        .iter()
        .filter(|o| o.key.contains(":statement:"))
        .count();
    assert_eq!(in_org, 2);

    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    engine.plan_due(on(11, 25, 9, 10)).await.unwrap();
    let receipt = engine.set_customer_statement(&name, None).await.unwrap();
    assert_eq!(receipt.withdrawn, 1);
    assert!(receipt.schedule.is_none(), "{}", receipt.summary);
    let items = statement_items(&dir).await;
    assert_eq!(
        (items[0].1.as_str(), items[0].2.as_str()),
        ("cancelled", "the monthly statement was turned off")
    );
    let later = engine.plan_due(on(12, 25, 9, 10)).await.unwrap();
    assert!(statement_keys(&later).is_empty());
}
