//! Sending scenarios with a fixed clock, a real SQLite file and a real SMTP server process
//! (tools/smtp-server, STARTTLS with a throwaway CA): a batch run twice sends each message once,
//! the demo passes the gate through its in-process fake-xero (and, without one, on local data,
//! saying so), nothing goes outside its hour, and a
//! message left in `sending` by a crash becomes in doubt and is never re-sent.

mod sending_support;

use chrono::Duration;
use sending_support::{due, plan_until_due, Setup, PASSWORD};
use settle_engine::LOCAL_DATA_GATE;

#[tokio::test]
async fn send_batch_twice_sends_each_message_once_and_the_demo_is_checked_in_its_xero() {
    let at = due();
    let s = Setup::unplanned().await;
    plan_until_due(&s.engine).await;
    let approvals = s.engine.approvals().await.unwrap();
    let sendable: Vec<i64> = approvals
        .messages
        .iter()
        .filter(|m| m.problem.is_none())
        .map(|m| m.id)
        .collect();
    let problems: Vec<_> = approvals
        .messages
        .iter()
        .take(5)
        .map(|m| (m.channel.clone(), m.problem.clone()))
        .collect();
    assert!(
        !sendable.is_empty(),
        "the demo has email reminders due: {problems:?} of {}",
        approvals.messages.len()
    );
    // Several invoices of one customer due the same day share one message.
    assert!(approvals.items as usize >= approvals.messages.len());
    assert!(approvals.messages.iter().all(|m| m.to.len() <= 1));
    // The password never reaches SQLite.
    let db = std::fs::read(s.dir.path().join("settle.db")).unwrap();
    assert!(!db.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()));

    s.engine.approve(&sendable, true).await.unwrap();
    let first = s.engine.send_batch(&s.settings, at).await.unwrap();
    // The demo is served by its own in-process fake-xero: the gate syncs it like a real one.
    assert_eq!(first.gate, "xero", "{:?}", first.gate_reason);
    assert_eq!(first.gate_reason, None);
    assert_eq!(first.sent as usize, sendable.len(), "{:?}", first.outcomes);
    // ... and the invoice PDFs come from there, attached.
    let emails: Vec<String> = std::fs::read_dir(s.server.maildir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(
        emails.iter().all(|e| e.contains("application/pdf")),
        "every reminder carries its invoice PDF"
    );
    let second = s
        .engine
        .send_batch(&s.settings, at + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(second.sent, 0);
    assert_eq!(s.emls(), sendable.len(), "one email per message, once");
    // The conversation shows it with the archived raw message and its hash.
    let sent = s.engine.messages(Some("sent")).await.unwrap();
    let entries = s
        .engine
        .conversation_for_customer(sent[0].customer_id)
        .await
        .unwrap();
    let entry = entries.iter().find(|e| e.message_id == sent[0].id).unwrap();
    let raw = std::fs::read(entry.raw_path.as_ref().unwrap()).unwrap();
    assert_eq!(
        entry.raw_sha256.as_deref(),
        Some(settle_mail::sha256_hex(&raw).as_str())
    );
}

#[tokio::test]
async fn a_demo_without_a_xero_of_its_own_passes_on_local_data_and_says_so() {
    let at = due();
    let s = Setup::unplanned().await;
    // As a benchmark-size demo is: imported straight into SQLite, no recipe for a fake-xero.
    s.local_data_only().await;
    s.engine.plan_due(at).await.unwrap();
    let ids: Vec<i64> = s
        .engine
        .approvals()
        .await
        .unwrap()
        .messages
        .iter()
        .filter(|m| m.problem.is_none())
        .map(|m| m.id)
        .collect();
    assert!(!ids.is_empty());
    s.engine.approve(&ids, true).await.unwrap();
    let report = s.engine.send_batch(&s.settings, at).await.unwrap();
    assert_eq!(report.gate, "local");
    assert_eq!(report.gate_reason.as_deref(), Some(LOCAL_DATA_GATE));
    assert_eq!(report.sent as usize, ids.len(), "{:?}", report.outcomes);
}

#[tokio::test]
async fn nothing_goes_outside_its_hour_and_a_crash_mid_send_leaves_it_in_doubt() {
    let at = due();
    let s = Setup::unplanned().await;
    plan_until_due(&s.engine).await;
    let approvals = s.engine.approvals().await.unwrap();
    let ids: Vec<i64> = approvals
        .messages
        .iter()
        .filter(|m| m.problem.is_none())
        .map(|m| m.id)
        .collect();
    s.engine.approve(&ids, false).await.unwrap();
    // Two hours later: not its hour any more, so it waits for that hour tomorrow.
    let late = at + Duration::hours(2);
    let report = s.engine.send_batch(&s.settings, late).await.unwrap();
    assert_eq!(report.sent, 0);
    assert_eq!(report.waiting as usize, ids.len());
    assert_eq!(s.emls(), 0);
    // Simulate a crash after the Message-ID was committed: the item is `sending`.
    let pool = s.sql().await;
    sqlx::query(
        "UPDATE outbox_items SET state = 'sending', state_actor = 'sender' \
         WHERE outgoing_message_id = ?",
    )
    .bind(ids[0])
    .execute(&pool)
    .await
    .unwrap();
    let next_day = at + Duration::days(1);
    let report = s.engine.send_batch(&s.settings, next_day).await.unwrap();
    assert!(report.recovered_in_doubt >= 1);
    let in_doubt = s.engine.messages(Some("in_doubt")).await.unwrap();
    assert!(in_doubt.iter().any(|m| m.id == ids[0]));
    // The next batch does not re-send it.
    let again = s
        .engine
        .send_batch(&s.settings, next_day + Duration::minutes(5))
        .await
        .unwrap();
    assert!(again.outcomes.iter().all(|o| o.message_id != ids[0]));
    assert_eq!(s.emls() as u32, report.sent);
}

#[tokio::test]
async fn the_best_practice_cadence_comes_with_the_templates_once() {
    let s = Setup::unplanned().await;
    assert_eq!(s.engine.templates().await.unwrap().len(), 5);
    let cadences = s.engine.cadences().await.unwrap();
    let best = cadences
        .iter()
        .find(|c| c.name == settle_engine::BEST_PRACTICE_CADENCE)
        .expect("added with the templates");
    assert!(!best.is_default, "the owner chooses the default");
    assert_eq!(best.steps.len(), 6);
    let pool = s.sql().await;
    let keys: Vec<(String, i64)> = sqlx::query_as(
        "SELECT s.template_key, s.escalated_sender FROM cadence_steps s \
         JOIN cadences c ON c.id = s.cadence_id WHERE c.name = ? ORDER BY s.position",
    )
    .bind(settle_engine::BEST_PRACTICE_CADENCE)
    .fetch_all(&pool)
    .await
    .unwrap();
    let keys: Vec<(&str, i64)> = keys.iter().map(|(k, e)| (k.as_str(), *e)).collect();
    assert_eq!(
        keys,
        [
            ("new_invoice", 0),
            ("friendly_reminder", 0),
            ("due_today", 0),
            ("past_due", 0),
            ("past_due", 0),
            ("final_notice", 1)
        ]
    );
    // Deleted by the owner: not added back.
    s.engine
        .delete_cadence(settle_engine::BEST_PRACTICE_CADENCE)
        .await
        .unwrap();
    s.engine.templates().await.unwrap();
    assert!(s
        .engine
        .cadences()
        .await
        .unwrap()
        .iter()
        .all(|c| c.name != settle_engine::BEST_PRACTICE_CADENCE));
}
