//! Who a message goes to and what may go, on the demo with the real SMTP test server: a role step
//! goes only to the people with that role, in ONE message with To/CC; a customer without an email
//! address is held with the reason; an auto-approve rule approves a matching before-due reminder
//! but never a final notice; a template with a typo stored in the database holds the message with
//! the error and its line (nothing half-formed is sent); a recipient with CR/LF is refused.

mod sending_support;

use sending_support::{due, Setup};
use settle_engine::{AutoApproveRuleView, MessageEdit};
use sqlx::SqlitePool;

/// The first two invoices with a reminder due (organisation, invoice, contact), before any
/// message is formed.
async fn due_invoices(pool: &SqlitePool) -> Vec<(i64, i64, i64)> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT organisation_id, invoice_id, contact_id FROM outbox_items \
         WHERE state = 'awaiting_approval' AND channel = 'email' AND invoice_id IS NOT NULL \
         ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(rows.len() >= 2, "the demo has two reminders due: {rows:?}");
    rows
}

async fn exec(pool: &SqlitePool, sql: &str, binds: &[i64]) {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(*b);
    }
    q.execute(pool).await.unwrap();
}

/// The message covering `invoice`.
async fn message_for(s: &Setup, invoice: i64) -> settle_engine::OutgoingMessageView {
    s.engine
        .messages(None)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.invoices.iter().any(|i| i.id == invoice))
        .unwrap()
}

#[tokio::test]
async fn a_role_step_goes_only_to_that_role_in_one_message_with_to_and_cc() {
    let s = Setup::start().await;
    s.local_data_only().await;
    let pool = s.sql().await;
    let (org, invoice, contact) = due_invoices(&pool).await[0];
    // A second person with the Director role, and the invoice's steps addressed to Directors.
    exec(
        &pool,
        "INSERT INTO contact_persons (organisation_id, contact_id, first_name, last_name, email, \
         include_in_emails) VALUES (?, ?, 'Li', 'Chen', 'li.chen@director.example', 0)",
        &[org, contact],
    )
    .await;
    exec(
        &pool,
        "INSERT INTO contact_person_roles (organisation_id, person_id, role_id) \
         SELECT ?1, (SELECT max(id) FROM contact_persons), r.id FROM contact_roles r \
         WHERE r.organisation_id = ?1 AND r.name = 'Director'",
        &[org],
    )
    .await;
    exec(
        &pool,
        "UPDATE invoice_schedule_steps SET contact_role_id = (SELECT id FROM contact_roles \
         WHERE organisation_id = ?1 AND name = 'Director') WHERE schedule_id = \
         (SELECT id FROM invoice_schedules WHERE invoice_id = ?2)",
        &[org, invoice],
    )
    .await;
    let directors: Vec<String> = sqlx::query_scalar(
        "SELECT p.email FROM contact_persons p JOIN contact_person_roles pr ON pr.person_id = p.id \
         JOIN contact_roles r ON r.id = pr.role_id WHERE p.contact_id = ? AND r.name = 'Director' \
         ORDER BY p.id",
    )
    .bind(contact)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(directors.len(), 2);
    let m = message_for(&s, invoice).await;
    assert_eq!(m.audience, "role:Director");
    assert!(m.problem.is_none(), "{:?}", m.problem);
    let to: Vec<&str> = m.to.iter().map(|t| t.address.as_str()).collect();
    let cc: Vec<&str> = m.cc.iter().map(|t| t.address.as_str()).collect();
    assert_eq!(to, [directors[0].as_str()]);
    assert_eq!(cc, [directors[1].as_str()]);
    s.engine.approve(&[m.id], true).await.unwrap();
    let report = s.engine.send_batch(&s.settings, due()).await.unwrap();
    assert_eq!(report.sent, 1, "{:?}", report.outcomes);
    let received = s.server.events("message");
    assert_eq!(received.len(), 1, "one message, never one per person");
    let mut envelope: Vec<String> = received[0]["to"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    envelope.sort();
    let mut expected = directors.clone();
    expected.sort();
    assert_eq!(envelope, expected, "only the Directors, nobody else");
    let raw = String::from_utf8(s.server.stored("1.eml")).unwrap();
    let cc_line = raw
        .lines()
        .find(|l| l.starts_with("Cc:"))
        .expect("a Cc header");
    assert!(cc_line.contains(&directors[1]), "{cc_line}");
    let to_line = raw.lines().find(|l| l.starts_with("To:")).unwrap();
    assert!(to_line.contains(&directors[0]), "{to_line}");
}

#[tokio::test]
async fn a_customer_without_an_email_address_is_held_with_the_reason() {
    let s = Setup::start().await;
    s.local_data_only().await;
    let pool = s.sql().await;
    let (_, invoice, contact) = due_invoices(&pool).await[0];
    exec(
        &pool,
        "UPDATE contacts SET email = NULL WHERE id = ?",
        &[contact],
    )
    .await;
    exec(
        &pool,
        "UPDATE contact_persons SET include_in_emails = 0 WHERE contact_id = ?",
        &[contact],
    )
    .await;
    let m = message_for(&s, invoice).await;
    let problem = m.problem.clone().expect("the approvals screen says why");
    assert!(problem.contains("Add an email address for"), "{problem}");
    s.engine.approve(&[m.id], true).await.unwrap();
    let report = s.engine.send_batch(&s.settings, due()).await.unwrap();
    assert_eq!(report.sent, 0);
    let held = s.message(m.id).await;
    assert_eq!(held.state, "held");
    assert!(
        held.reason.contains("Add an email address for"),
        "{}",
        held.reason
    );
    assert_eq!(s.emls(), 0);
}

#[tokio::test]
async fn an_auto_approve_rule_approves_a_before_due_reminder_but_not_a_final_notice() {
    let s = Setup::start().await;
    let pool = s.sql().await;
    let rows = due_invoices(&pool).await;
    let (before, notice) = (rows[0].1, rows[1].1);
    for invoice in [before, notice] {
        exec(
            &pool,
            "UPDATE invoices SET due_date = '2026-12-31' WHERE id = ?",
            &[invoice],
        )
        .await;
    }
    exec(
        &pool,
        "UPDATE invoice_schedule_steps SET template_key = 'final_notice' WHERE schedule_id = \
         (SELECT id FROM invoice_schedules WHERE invoice_id = ?)",
        &[notice],
    )
    .await;
    let rules = s
        .engine
        .save_auto_approve_rules(vec![AutoApproveRuleView {
            id: None,
            name: "Before-due reminders".into(),
            channel: "email".into(),
            template_key: None,
            when: "before_due".into(),
            max_amount: Some("100000.00".into()),
        }])
        .await
        .unwrap();
    let approvals = s.engine.approvals().await.unwrap();
    let waiting: Vec<i64> = approvals
        .messages
        .iter()
        .flat_map(|m| m.invoices.iter().map(|i| i.id))
        .collect();
    assert!(waiting.contains(&notice), "a final notice always waits");
    assert!(
        !waiting.contains(&before),
        "the rule approved the before-due reminder"
    );
    let approved = message_for(&s, before).await;
    assert_eq!(approved.state, "approved");
    let actor: String = sqlx::query_scalar(
        "SELECT actor FROM outbox_transitions WHERE to_state = 'approved' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(actor, format!("rule:{}", rules[0].id.unwrap()));
    assert_eq!(message_for(&s, notice).await.template_key, "final_notice");
}

#[tokio::test]
async fn a_template_typo_in_the_database_holds_the_message_with_the_line() {
    let s = Setup::start().await;
    let pool = s.sql().await;
    let (_, invoice, _) = due_invoices(&pool).await[0];
    s.engine.templates().await.unwrap(); // seeded
    sqlx::query(
        "UPDATE email_templates SET body = 'Hello,\n\nInvoice {{ invoice.number }\nThanks'",
    )
    .execute(&pool)
    .await
    .unwrap();
    let m = message_for(&s, invoice).await;
    s.engine.approve(&[m.id], true).await.unwrap();
    let report = s.engine.send_batch(&s.settings, due()).await.unwrap();
    assert_eq!(report.sent, 0);
    let held = s.message(m.id).await;
    assert_eq!(held.state, "held");
    assert!(
        held.reason.contains("template has an error"),
        "{}",
        held.reason
    );
    assert!(
        held.reason.contains("Line 3 of the body"),
        "the line is named: {}",
        held.reason
    );
    assert_eq!(s.emls(), 0, "nothing half-formed is sent");
    assert!(s.server.events("connect").is_empty());
}

#[tokio::test]
async fn a_recipient_with_cr_lf_is_refused() {
    let s = Setup::start().await;
    s.local_data_only().await;
    let pool = s.sql().await;
    let rows = due_invoices(&pool).await;
    let m = message_for(&s, rows[0].1).await;
    let refused = s
        .engine
        .edit_message(
            m.id,
            MessageEdit {
                to: Some(vec![
                    "ap@customer.example\r\nBcc: all@elsewhere.example".into()
                ]),
                ..MessageEdit::default()
            },
        )
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("is not an email address"),
        "{refused}"
    );
    // The same from Xero's side: an address with CR/LF stored for the customer is never sent.
    let other = message_for(&s, rows[1].1).await;
    sqlx::query(
        "UPDATE contacts SET email = 'ap@customer.example' || char(13, 10) || \
         'Bcc: all@elsewhere.example' WHERE id = ?",
    )
    .bind(rows[1].2)
    .execute(&pool)
    .await
    .unwrap();
    s.engine.approve(&[other.id], true).await.unwrap();
    let report = s.engine.send_batch(&s.settings, due()).await.unwrap();
    let outcome = report
        .outcomes
        .iter()
        .find(|o| o.message_id == other.id)
        .unwrap();
    assert_eq!(outcome.state, "held", "{}", outcome.reason);
    assert_eq!(s.message(other.id).await.state, "held");
    assert!(s
        .server
        .events("message")
        .iter()
        .all(|e| !e.to_string().contains("elsewhere")));
}
