//! What the SMTP server's answers do to a message, against the real test server with injected
//! faults: 421 and 450 → failed (temporary) with the server's reason, 550 → failed (permanent);
//! a stall after DATA → in doubt and NOT re-sent by the next batch; nothing listening → the
//! message stays approved ("waiting: offline") and goes later; a wrong password → the batch's
//! messages are held with what to do, and go once the password is fixed. Also `test_smtp`.

mod sending_support;

use chrono::Duration;
use sending_support::{due, Setup, PASSWORD, USER};
use serde_json::json;

/// Approves the first sendable message to go now, injects `fault`, runs one batch; returns the
/// message id and its outcome's (state, reason).
async fn send_one_with(s: &Setup, fault: serde_json::Value) -> (i64, String, String) {
    let id = s.sendable().await[0].id;
    s.engine.approve(&[id], true).await.unwrap();
    s.server.inject(fault);
    let report = s.engine.send_batch(&s.settings, due()).await.unwrap();
    let outcome = report.outcomes.iter().find(|o| o.message_id == id).unwrap();
    (id, outcome.state.clone(), outcome.reason.clone())
}

#[tokio::test]
async fn replies_421_and_450_fail_temporarily_and_550_permanently_with_the_servers_reason() {
    let cases = [
        (
            json!({"stage": "data", "code": 421, "message": "Try again later, busy"}),
            "temporary",
            "busy",
        ),
        (
            json!({"stage": "rcpt", "code": 450, "message": "Mailbox unavailable now"}),
            "temporary",
            "unavailable",
        ),
        (
            json!({"stage": "rcpt", "code": 550, "message": "No such user here"}),
            "permanent",
            "No such user",
        ),
    ];
    for (fault, class, said) in cases {
        let s = Setup::start().await;
        let (id, state, reason) = send_one_with(&s, fault.clone()).await;
        assert_eq!(state, "failed", "{fault}: {reason}");
        assert!(
            reason.starts_with(&format!("{class} failure")),
            "{fault}: {reason}"
        );
        assert!(
            reason.contains(said),
            "the server's reason is kept: {reason}"
        );
        let message = s.message(id).await;
        assert_eq!(message.state, "failed");
        assert!(message.reason.contains(said), "{}", message.reason);
        // Not retried automatically: the next batch leaves it alone.
        let next = s
            .engine
            .send_batch(&s.settings, due() + Duration::minutes(5))
            .await
            .unwrap();
        assert!(next.outcomes.iter().all(|o| o.message_id != id));
        assert_eq!(s.emls(), 0, "{fault}: nothing was accepted");
        // The owner retries: a fresh attempt with a new Message-ID, and it goes.
        assert_eq!(s.engine.retry_failed(&[id]).await.unwrap(), 1);
        let retry = s
            .engine
            .send_batch(&s.settings, due() + Duration::minutes(10))
            .await
            .unwrap();
        assert_eq!(retry.sent, 1, "{:?}", retry.outcomes);
        assert!(retry.outcomes[0]
            .message_id_header
            .as_ref()
            .unwrap()
            .contains("=2E2@"));
    }
}

#[tokio::test]
async fn a_stall_after_data_is_in_doubt_and_never_sent_again() {
    let s = Setup::start().await;
    let (id, state, reason) = send_one_with(&s, json!({"stage": "data", "action": "stall"})).await;
    assert_eq!(state, "in_doubt", "{reason}");
    assert_eq!(s.emls(), 1, "the server stored it before stalling");
    assert_eq!(s.message(id).await.state, "in_doubt");
    for minutes in [5, 60 * 24] {
        let next = s
            .engine
            .send_batch(&s.settings, due() + Duration::minutes(minutes))
            .await
            .unwrap();
        assert!(next.outcomes.iter().all(|o| o.message_id != id));
    }
    assert_eq!(s.emls(), 1, "never re-sent by a batch");
    assert_eq!(
        s.message(id).await.state,
        "in_doubt",
        "in doubt never moves by itself"
    );
}

#[tokio::test]
async fn offline_leaves_it_approved_waiting_and_it_goes_when_the_server_is_back() {
    let s = Setup::start().await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    s.save_smtp(port, PASSWORD).await;
    let id = s.sendable().await[0].id;
    s.engine.approve(&[id], true).await.unwrap();
    let report = s.engine.send_batch(&s.settings, due()).await.unwrap();
    assert_eq!(report.waiting, 1, "{:?}", report.outcomes);
    let outcome = &report.outcomes[0];
    assert_eq!(outcome.state, "approved");
    assert!(
        outcome.reason.starts_with("waiting: offline"),
        "{}",
        outcome.reason
    );
    assert_eq!(s.message(id).await.state, "approved");
    s.save_smtp(s.server.port, PASSWORD).await;
    let later = s
        .engine
        .send_batch(&s.settings, due() + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(later.sent, 1);
    assert_eq!(s.message(id).await.state, "sent");
}

#[tokio::test]
async fn a_wrong_password_holds_the_batch_with_what_to_do_until_it_is_fixed() {
    let s = Setup::start().await;
    s.save_smtp(s.server.port, "not the password").await;
    let ids: Vec<i64> = s.sendable().await.iter().map(|m| m.id).collect();
    s.engine.approve(&ids, true).await.unwrap();
    let report = s.engine.send_batch(&s.settings, due()).await.unwrap();
    assert_eq!(report.held as usize, ids.len(), "{:?}", report.outcomes);
    let connects = s.server.events("connect").len();
    assert_eq!(connects, 1, "one failed login, not one per message");
    for id in &ids {
        let m = s.message(*id).await;
        assert_eq!(m.state, "held");
        assert!(m.reason.contains("settle smtp set"), "{}", m.reason);
        assert!(!m.reason.contains("not the password"));
    }
    let test = s.engine.test_smtp(None, &s.settings).await.unwrap();
    assert!(!test.ok);
    assert!(
        !test.message.contains("not the password"),
        "{}",
        test.message
    );
    // Fixed: the next batch releases and sends them.
    s.save_smtp(s.server.port, PASSWORD).await;
    let test = s
        .engine
        .test_smtp(Some(USER.into()), &s.settings)
        .await
        .unwrap();
    assert!(test.ok, "{}", test.message);
    let fixed = s
        .engine
        .send_batch(&s.settings, due() + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(fixed.sent as usize, ids.len(), "{:?}", fixed.outcomes);
    assert_eq!(
        s.emls(),
        ids.len() + 1,
        "the test email and each message once"
    );
}

#[tokio::test]
async fn test_smtp_reaches_the_owner_and_refuses_a_bad_address() {
    let s = Setup::start().await;
    let test = s.engine.test_smtp(None, &s.settings).await.unwrap();
    assert!(test.ok, "{}", test.message);
    assert!(test.message.contains("accounts@settle.test"));
    let received = s.server.events("message");
    assert_eq!(received[0]["to"][0], "accounts@settle.test");
    let bad = s
        .engine
        .test_smtp(Some("owner@x.test\r\nBcc: a@b.test".into()), &s.settings)
        .await
        .unwrap_err();
    assert!(bad.to_string().contains("is not an email address"), "{bad}");
    assert_eq!(s.emls(), 1);
}

#[tokio::test]
async fn a_server_without_starttls_holds_the_batch_and_gets_no_password() {
    let s = Setup::start().await;
    let plain =
        sending_support::SmtpServer::start(sending_support::Tls::NoStartTls, &s.certs, true);
    s.save_smtp(plain.port, PASSWORD).await;
    let ids: Vec<i64> = s.sendable().await.iter().map(|m| m.id).collect();
    s.engine.approve(&ids, true).await.unwrap();
    let report = s.engine.send_batch(&s.settings, due()).await.unwrap();
    assert_eq!(report.sent, 0);
    assert_eq!(report.held as usize, ids.len(), "{:?}", report.outcomes);
    let m = s.message(ids[0]).await;
    assert_eq!(m.state, "held");
    assert!(m.reason.contains("STARTTLS"), "{}", m.reason);
    assert!(
        plain.events("auth").is_empty(),
        "the password never went over plaintext"
    );
    assert!(plain.events("message").is_empty());
}

#[tokio::test]
async fn an_archive_that_cannot_be_written_is_an_error_and_nothing_is_sent_or_lost() {
    let s = Setup::start().await;
    let id = s.sendable().await[0].id;
    s.engine.approve(&[id], true).await.unwrap();
    // A file where the archive folder should be: the raw message cannot be kept.
    let archive = s.dir.path().join("archive");
    std::fs::write(&archive, b"not a folder").unwrap();
    let error = s.engine.send_batch(&s.settings, due()).await.unwrap_err();
    assert!(
        error.to_string().contains("could not archive the message"),
        "{error}"
    );
    assert!(error.to_string().contains("nothing was sent"), "{error}");
    assert_eq!(s.emls(), 0);
    assert_eq!(
        s.message(id).await.state,
        "approved",
        "still queued, not lost"
    );
    std::fs::remove_file(&archive).unwrap();
    let report = s
        .engine
        .send_batch(&s.settings, due() + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(report.sent, 1, "{:?}", report.outcomes);
}
