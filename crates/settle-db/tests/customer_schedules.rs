//! Customer-level schedules against a real database file: setting, replacing and clearing one,
//! storing the loop anchor, and what the planner reads back (open invoices, each loop's history).

mod common;

use chrono::{Duration, NaiveDate};
use settle_core::schedule::{
    occurrence_key, Channel, CustomerSchedule, LoopAnchor, Outcome, StepInput, Subject,
    TriggerInput,
};
use settle_db::{AnchorWrite, BookScope, Database, DbError, NewOutboxItem, OutboxState, PlanWrite};

fn step(trigger: TriggerInput, role: Option<&str>) -> StepInput {
    StepInput {
        trigger,
        hour: 9,
        channels: vec![Channel::Email],
        contact_role: role.map(str::to_owned),
        template: None,
        escalated_sender: false,
    }
}

fn weekly() -> CustomerSchedule {
    CustomerSchedule::new(&[
        step(TriggerInput::AfterDue { days: 7 }, Some("Accounts Payable")),
        step(
            TriggerInput::Repeat {
                every_days: 7,
                times: 3,
            },
            None,
        ),
    ])
    .unwrap()
}

/// A demo customer with at least two open invoices, and another customer.
async fn customers(db: &Database, org: i64) -> (i64, i64) {
    let rows: Vec<i64> = sqlx::query_scalar(
        "SELECT contact_id FROM invoices WHERE organisation_id = ? AND status = 'AUTHORISED' \
         AND amount_due_e4 > 0 GROUP BY contact_id HAVING COUNT(*) >= 2 ORDER BY contact_id \
         LIMIT 2",
    )
    .bind(org)
    .fetch_all(db.reader())
    .await
    .unwrap();
    (rows[0], rows[1])
}

fn anchor(invoice: i64, due: &str) -> LoopAnchor {
    LoopAnchor {
        invoice,
        due_date: due.parse::<NaiveDate>().unwrap(),
    }
}

fn loop_item(customer: i64, anchor: i64, step: usize, state: OutboxState) -> NewOutboxItem {
    NewOutboxItem {
        key: occurrence_key(
            Subject::Customer {
                customer,
                loop_anchor: anchor,
            },
            step,
            1,
            Channel::Email,
        ),
        contact_id: customer,
        invoice_id: None,
        channel: Channel::Email,
        due_at: common::now(),
        state,
        reason: String::new(),
        missed_at: None,
    }
}

#[tokio::test]
async fn a_schedule_is_set_read_back_and_replaced_keeping_its_loop() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let (customer, _) = customers(&db, org).await;
    assert_eq!(db.customer_schedule(org, customer).await.unwrap(), None);
    let now = common::now();
    assert!(!db
        .set_customer_schedule(org, customer, &weekly(), now)
        .await
        .unwrap());
    let stored = db.customer_schedule(org, customer).await.unwrap().unwrap();
    assert_eq!(stored.steps, weekly().schedule().to_inputs());
    assert_eq!(
        (stored.applied_at, stored.anchor, stored.loop_number),
        (now, None, 0)
    );

    // A planner stores the loop it started; a second planner that read the old anchor cannot
    // overwrite it.
    let started = AnchorWrite {
        contact_id: customer,
        previous: None,
        anchor: Some(anchor(11, "2026-10-01")),
    };
    assert!(db.store_loop_anchor(org, &started).await.unwrap());
    assert!(!db.store_loop_anchor(org, &started).await.unwrap());

    let later = now + Duration::days(1);
    let shorter = CustomerSchedule::new(&[step(TriggerInput::AfterDue { days: 3 }, None)]).unwrap();
    assert!(db
        .set_customer_schedule(org, customer, &shorter, later)
        .await
        .unwrap());
    let replaced = db.customer_schedule(org, customer).await.unwrap().unwrap();
    assert_eq!(replaced.steps, shorter.schedule().to_inputs());
    assert_eq!(replaced.applied_at, later);
    assert_eq!(replaced.anchor, Some(anchor(11, "2026-10-01")));
    assert_eq!(replaced.loop_number, 1);

    // The balance is cleared, then a new loop starts on another invoice: loop 2.
    for (previous, next) in [
        (Some(anchor(11, "2026-10-01")), None),
        (None, Some(anchor(12, "2026-11-01"))),
    ] {
        let write = AnchorWrite {
            contact_id: customer,
            previous,
            anchor: next,
        };
        assert!(db.store_loop_anchor(org, &write).await.unwrap());
    }
    let restarted = db.customer_schedule(org, customer).await.unwrap().unwrap();
    assert_eq!(
        (restarted.anchor, restarted.loop_number),
        (Some(anchor(12, "2026-11-01")), 2)
    );
}

#[tokio::test]
async fn a_refused_schedule_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let (customer, _) = customers(&db, org).await;
    let now = common::now();
    db.set_customer_schedule(org, customer, &weekly(), now)
        .await
        .unwrap();
    let unknown_role = CustomerSchedule::new(&[
        step(TriggerInput::AfterDue { days: 1 }, None),
        step(TriggerInput::AfterDue { days: 5 }, Some("Purchasing")),
    ])
    .unwrap();
    let err = db
        .set_customer_schedule(org, customer, &unknown_role, now + Duration::days(1))
        .await
        .unwrap_err();
    assert!(matches!(err, DbError::Invalid(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("step 2: contact_role 'Purchasing' is not a contact role"),
        "{err}"
    );
    let kept = db.customer_schedule(org, customer).await.unwrap().unwrap();
    assert_eq!(kept.steps, weekly().schedule().to_inputs());
    assert_eq!(kept.applied_at, now);

    let err = db
        .set_customer_schedule(org, 999_999, &weekly(), now)
        .await
        .unwrap_err();
    assert!(matches!(err, DbError::NotFound(_)), "{err:?}");
}

#[tokio::test]
async fn the_planner_reads_scheduled_customers_their_open_invoices_and_each_loops_history() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let (customer, other) = customers(&db, org).await;
    let now = common::now();
    db.set_customer_schedule(org, customer, &weekly(), now)
        .await
        .unwrap();
    let write = AnchorWrite {
        contact_id: customer,
        previous: None,
        anchor: Some(anchor(5, "2026-10-01")),
    };
    assert!(db.store_loop_anchor(org, &write).await.unwrap());
    let items = [
        loop_item(customer, 3, 0, OutboxState::Sent),
        loop_item(customer, 5, 0, OutboxState::AwaitingApproval),
        // Another customer's loop is not this customer's history.
        loop_item(other, 5, 0, OutboxState::Sent),
    ];
    db.insert_outbox_items(org, &items, now).await.unwrap();

    let book = db
        .plan_book(org, &BookScope::Plannable, false)
        .await
        .unwrap();
    assert_eq!(book.customers.len(), 1);
    let scheduled = &book.customers[0];
    assert_eq!(scheduled.contact_id, customer);
    assert!(scheduled.chasing);
    assert_eq!(scheduled.anchor, Some(anchor(5, "2026-10-01")));
    assert_eq!(scheduled.loop_number, 1);
    assert_eq!(*book.customer_schedules[scheduled.schedule], weekly());
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invoices WHERE contact_id = ? AND status = 'AUTHORISED' \
         AND amount_due_e4 > 0",
    )
    .bind(customer)
    .fetch_one(db.reader())
    .await
    .unwrap();
    assert_eq!(scheduled.open_invoices.len() as i64, open);
    assert!(scheduled
        .open_invoices
        .windows(2)
        .all(|w| (w[0].due_date, w[0].id) < (w[1].due_date, w[1].id)));
    let mut history: Vec<_> = book
        .customer_history_of(customer)
        .iter()
        .map(|h| (h.loop_anchor, h.item.past.outcome.clone()))
        .collect();
    history.sort_by_key(|h| h.0);
    assert_eq!(
        history,
        [(3, Outcome::Sent), (5, Outcome::AwaitingApproval)]
    );
    assert!(book.customer_history_of(other).is_empty());
    // Customer-level items are nobody's invoice history (the demo has no other outbox items).
    assert!(book.history.is_empty());

    let theirs = db
        .plan_book(org, &BookScope::Contact(customer), false)
        .await
        .unwrap();
    assert_eq!(theirs.customers.len(), 1);
    let elsewhere = db
        .plan_book(org, &BookScope::Contact(other), false)
        .await
        .unwrap();
    assert!(elsewhere.customers.is_empty());
    let open_scope = db.plan_book(org, &BookScope::Open, false).await.unwrap();
    assert!(open_scope.customers.is_empty() && open_scope.customer_history.is_empty());
}

#[tokio::test]
async fn a_plan_stores_anchors_with_its_outbox_items() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let (customer, _) = customers(&db, org).await;
    let now = common::now();
    db.set_customer_schedule(org, customer, &weekly(), now)
        .await
        .unwrap();
    let write = PlanWrite {
        inserts: vec![loop_item(customer, 7, 0, OutboxState::AwaitingApproval)],
        anchors: vec![AnchorWrite {
            contact_id: customer,
            previous: None,
            anchor: Some(anchor(7, "2026-11-01")),
        }],
        ..PlanWrite::default()
    };
    let counts = db.record_plan(org, &write, now).await.unwrap();
    assert_eq!(counts.inserted, 1);
    let stored = db.customer_schedule(org, customer).await.unwrap().unwrap();
    assert_eq!(stored.anchor, Some(anchor(7, "2026-11-01")));
    // Recorded again (the same pass twice): no second item, the loop is not counted twice.
    db.record_plan(org, &write, now).await.unwrap();
    assert_eq!(db.outbox_items(org, None).await.unwrap().len(), 1);
    let stored = db.customer_schedule(org, customer).await.unwrap().unwrap();
    assert_eq!(stored.loop_number, 1);
}

#[tokio::test]
async fn clearing_a_schedule_withdraws_only_its_waiting_items() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let (customer, other) = customers(&db, org).await;
    let now = common::now();
    for contact in [customer, other] {
        db.set_customer_schedule(org, contact, &weekly(), now)
            .await
            .unwrap();
    }
    let mut held = loop_item(customer, 5, 2, OutboxState::Held);
    held.missed_at = Some(now);
    let items = [
        loop_item(customer, 5, 0, OutboxState::Sent),
        loop_item(customer, 5, 1, OutboxState::AwaitingApproval),
        held,
        loop_item(other, 6, 0, OutboxState::AwaitingApproval),
    ];
    db.insert_outbox_items(org, &items, now).await.unwrap();

    let reason = "the customer schedule was cleared";
    assert_eq!(
        db.clear_customer_schedule(org, customer, reason, now)
            .await
            .unwrap(),
        2
    );
    assert_eq!(db.customer_schedule(org, customer).await.unwrap(), None);
    let steps: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customer_schedule_steps")
        .fetch_one(db.reader())
        .await
        .unwrap();
    assert_eq!(steps, 2, "only the other customer's steps are left");
    let states: Vec<(String, OutboxState, String)> = db
        .outbox_items(org, None)
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.key, i.state, i.reason))
        .collect();
    let state_of = |key: &str| states.iter().find(|s| s.0 == key).unwrap().clone();
    assert_eq!(state_of(&items[0].key).1, OutboxState::Sent);
    assert_eq!(
        state_of(&items[1].key),
        (items[1].key.clone(), OutboxState::Cancelled, reason.into())
    );
    assert_eq!(state_of(&items[2].key).1, OutboxState::Cancelled);
    assert_eq!(state_of(&items[3].key).1, OutboxState::AwaitingApproval);

    let err = db
        .clear_customer_schedule(org, customer, reason, now)
        .await
        .unwrap_err();
    assert!(matches!(err, DbError::NotFound(_)), "{err:?}");
}

fn letter_on(day: settle_core::schedule::StatementDayInput) -> settle_core::schedule::Statement {
    settle_core::schedule::Statement::new(&settle_core::schedule::StatementInput {
        day,
        hour: 9,
        channels: vec![Channel::Letter, Channel::Email],
    })
    .unwrap()
}

#[tokio::test]
async fn a_statement_is_stored_without_steps_read_by_the_planner_and_turned_off() {
    use settle_core::schedule::{statement_key, StatementDayInput, StatementMonth};
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let (customer, other) = customers(&db, org).await;
    let now = common::now();
    let last = letter_on(StatementDayInput::Text("last".into()));
    // A customer without a schedule gets one holding only the statement.
    let write = db
        .set_customer_statement(org, customer, Some(&last), "off", now)
        .await
        .unwrap();
    assert!(write.created_schedule && !write.replaced);
    let stored = db.customer_schedule(org, customer).await.unwrap().unwrap();
    assert!(stored.steps.is_empty());
    let statement = stored.statement.unwrap();
    assert_eq!((statement.statement, statement.set_at), (last.clone(), now));
    // The same statement again changes nothing, not even when it was set.
    let again = db
        .set_customer_statement(org, customer, Some(&last), "off", now + Duration::days(1))
        .await
        .unwrap();
    assert!(again.unchanged);
    let the_15th = letter_on(StatementDayInput::Day(15));
    let later = now + Duration::days(2);
    let replaced = db
        .set_customer_statement(org, customer, Some(&the_15th), "off", later)
        .await
        .unwrap();
    assert!(replaced.replaced && !replaced.created_schedule);

    // The planner reads it, with its outbox items by month; loop items stay loop items.
    let month = StatementMonth {
        year: 2026,
        month: 12,
    };
    let statement_item = NewOutboxItem {
        key: statement_key(customer, month, Channel::Letter),
        channel: Channel::Letter,
        ..loop_item(customer, 5, 0, OutboxState::AwaitingApproval)
    };
    let write = PlanWrite {
        inserts: vec![
            statement_item,
            loop_item(customer, 5, 0, OutboxState::AwaitingApproval),
        ],
        ..PlanWrite::default()
    };
    db.record_plan(org, &write, now).await.unwrap();
    let book = db
        .plan_book(org, &BookScope::Contact(customer), false)
        .await
        .unwrap();
    let read = &book.customers[0];
    assert_eq!(read.statement.as_ref().unwrap().statement, the_15th);
    assert_eq!(read.statement.as_ref().unwrap().set_at, later);
    let statements = book.statement_history_of(customer);
    assert_eq!(statements.len(), 1);
    assert_eq!(
        (statements[0].month, statements[0].item.past.id.channel),
        (month, Channel::Letter)
    );
    assert_eq!(book.customer_history_of(customer).len(), 1);

    // Turning it off withdraws its waiting items (not the loop's) and, with no steps left,
    // removes the schedule.
    let off = db
        .set_customer_statement(org, customer, None, "the statement was turned off", later)
        .await
        .unwrap();
    assert_eq!((off.withdrawn, off.removed_schedule), (1, true));
    assert_eq!(db.customer_schedule(org, customer).await.unwrap(), None);
    let err = db
        .set_customer_statement(org, other, None, "off", later)
        .await
        .unwrap_err();
    assert!(matches!(err, DbError::NotFound(_)), "{err:?}");

    // On a schedule with steps, turning it off keeps the steps.
    db.set_customer_schedule(org, other, &weekly(), now)
        .await
        .unwrap();
    db.set_customer_statement(org, other, Some(&last), "off", now)
        .await
        .unwrap();
    let off = db
        .set_customer_statement(org, other, None, "off", later)
        .await
        .unwrap();
    assert!(!off.removed_schedule);
    let kept = db.customer_schedule(org, other).await.unwrap().unwrap();
    assert_eq!((kept.steps.len(), kept.statement), (2, None));
}
