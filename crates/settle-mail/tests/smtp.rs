//! settle-mail against a real SMTP server process on loopback (tools/smtp-server, npm
//! smtp-server): STARTTLS and implicit TLS with a throwaway CA, AUTH, refused certificates and
//! STARTTLS, injected 421/450/550 replies, a stall and drops around DATA, nothing listening, and
//! connection reuse. Each test starts its own server.

mod support;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use serde_json::json;
use settle_core::secret::Secret;
use settle_mail::{compose, new_message_id, test_send, Attachment, ComposedMessage, Mailbox};
use settle_mail::{OutgoingEmail, SendErrorKind, SmtpMailer, SmtpSecurity, SmtpSettings};
use support::{Certificates, SmtpServer, Tls, PASSWORD};

fn person(name: &str, address: &str) -> Mailbox {
    Mailbox {
        name: Some(name.to_owned()),
        address: address.to_owned(),
    }
}

fn message(n: usize) -> ComposedMessage {
    compose(&OutgoingEmail {
        message_id: new_message_id(&format!("item-{n}"), "owner@settle.test"),
        from: person("Acme Accounts", "owner@settle.test"),
        reply_to: None,
        to: vec![
            person("Pat Payer", "pat@customer.test"),
            person("Sam", "sam@customer.test"),
        ],
        cc: vec![person("Finance", "finance@customer.test")],
        subject: format!("Invoice INV-{n:04} is overdue"),
        text: "Hello Pat,\r\n.\r\nA line with only a dot above survives dot-stuffing.\r\n".into(),
        html: Some("<p>Hello Pat,</p><p>Invoice is <b>overdue</b>.</p>".to_owned()),
        attachments: vec![Attachment {
            filename: "INV.pdf".to_owned(),
            content_type: "application/pdf".to_owned(),
            bytes: (0u8..=255).cycle().take(3000).collect(),
        }],
        date: Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap(),
    })
    .unwrap()
}

fn started(tls: Tls) -> (Certificates, SmtpServer) {
    let certs = Certificates::loopback();
    let server = SmtpServer::start(tls, &certs, true);
    (certs, server)
}

#[test]
fn starttls_with_auth_delivers_the_exact_bytes() {
    let (certs, server) = started(Tls::StartTls);
    let mut session = server
        .mailer(SmtpSecurity::StartTls, &certs)
        .open()
        .unwrap();
    let sent = message(1);
    let receipt = session.send(&sent).unwrap();
    session.close();
    assert!(
        receipt.server_reply.starts_with("250 "),
        "{}",
        receipt.server_reply
    );
    assert_eq!(
        server.stored("1.eml"),
        sent.raw,
        "stored byte-identical to raw"
    );
    let logged = &server.events("message")[0];
    assert_eq!(
        logged["to"],
        json!([
            "pat@customer.test",
            "sam@customer.test",
            "finance@customer.test"
        ])
    );
    assert_eq!(logged["from"], "owner@settle.test");
    assert_eq!(logged["message_id"], "<settle.item-1@settle.test>");
    assert_eq!(server.events("auth")[0]["ok"], true);
    let raw = String::from_utf8(sent.raw).unwrap();
    assert!(raw.contains("To: \"Pat Payer\" <pat@customer.test>, Sam <sam@customer.test>\r\n"));
    assert!(raw.contains("Cc: Finance <finance@customer.test>\r\n"));
    for part in [
        "text/plain",
        "text/html",
        "application/pdf",
        "filename=\"INV.pdf\"",
    ] {
        assert!(raw.contains(part), "{part} missing");
    }
}

#[test]
fn implicit_tls_delivers() {
    let (certs, server) = started(Tls::Implicit);
    let mut session = server
        .mailer(SmtpSecurity::ImplicitTls, &certs)
        .open()
        .unwrap();
    let sent = message(2);
    session.send(&sent).unwrap();
    session.close();
    assert_eq!(server.stored("1.eml"), sent.raw);
}

#[test]
fn an_untrusted_certificate_is_refused_and_nothing_is_sent() {
    let (_certs, server) = started(Tls::Implicit);
    let stranger = Certificates::loopback(); // a different CA
    let mailer = SmtpMailer::new(
        server.settings(SmtpSecurity::ImplicitTls, Some(&stranger.ca_pem)),
        Secret::new(PASSWORD),
    );
    let err = mailer.open().unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Tls, "{err}");
    assert!(err.message.contains("certificate is not trusted"), "{err}");
    assert!(
        err.message
            .contains("not signed by an authority Settle trusts"),
        "{err}"
    );
    assert!(server.events("auth").is_empty());
}

#[test]
fn a_certificate_for_another_name_is_refused() {
    let certs = Certificates::new(&["mail.elsewhere.test"]);
    let server = SmtpServer::start(Tls::StartTls, &certs, true);
    let err = server
        .mailer(SmtpSecurity::StartTls, &certs)
        .open()
        .unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Tls, "{err}");
    assert!(
        err.message.contains("not trusted") && err.message.contains("127.0.0.1"),
        "{err}"
    );
    assert!(err.message.contains("for a different server name"), "{err}");
}

#[test]
fn a_server_without_starttls_is_refused_without_sending_the_password() {
    let (certs, server) = started(Tls::NoStartTls);
    let err = server
        .mailer(SmtpSecurity::StartTls, &certs)
        .open()
        .unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Tls, "{err}");
    assert!(err.message.contains("does not offer STARTTLS"), "{err}");
    assert!(
        server.events("auth").is_empty(),
        "no login attempt in plaintext"
    );
    assert!(server.events("message").is_empty());
}

#[test]
fn a_wrong_password_is_an_authentication_error() {
    let (certs, server) = started(Tls::StartTls);
    let wrong = "hunter2-wrong";
    let mailer = SmtpMailer::new(
        server.settings(SmtpSecurity::StartTls, Some(&certs.ca_pem)),
        Secret::new(wrong),
    );
    let err = mailer.open().unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Authentication, "{err}");
    assert!(
        err.server_reply.as_deref().unwrap().starts_with("535"),
        "{err:?}"
    );
    assert!(!err.message.contains(wrong) && !format!("{err:?}").contains(wrong));
    assert!(
        !format!("{mailer:?}").contains(wrong),
        "the mailer's Debug hides the password"
    );
}

#[test]
fn nothing_listening_is_offline() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // The listener above is already closed again: nobody answers on that port.
    let settings = SmtpSettings {
        host: "127.0.0.1".to_owned(),
        port,
        security: SmtpSecurity::StartTls,
        username: support::USER.to_owned(),
        extra_root_certificate_pem: None,
        timeout: Duration::from_secs(5),
    };
    let err = SmtpMailer::new(settings, Secret::new(PASSWORD))
        .open()
        .unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Offline, "{err}");
    assert!(err.message.contains("connection refused"), "{err}");
}

#[test]
fn replies_421_and_450_are_temporary_and_550_is_permanent() {
    let (certs, server) = started(Tls::StartTls);
    let mailer = server.mailer(SmtpSecurity::StartTls, &certs);

    server.inject(json!({"stage": "rcpt", "code": 450, "recipient": "sam@customer.test"}));
    let mut session = mailer.open().unwrap();
    let err = session.send(&message(1)).unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Temporary, "{err}");
    assert!(
        err.server_reply.as_deref().unwrap().starts_with("450"),
        "{err:?}"
    );
    assert!(err.message.contains("sam@customer.test"), "{err}");
    assert!(
        session.is_usable(),
        "a refused recipient leaves the connection usable"
    );

    server.inject(json!({"stage": "data", "code": 550, "message": "Message rejected as spam"}));
    let err = session.send(&message(2)).unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Permanent, "{err}");
    assert!(err
        .server_reply
        .as_deref()
        .unwrap()
        .contains("550 Message rejected as spam"));
    assert!(err.message.contains("Message rejected as spam"), "{err}");

    server.inject(json!({"stage": "mail", "code": 421}));
    let err = session.send(&message(3)).unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Temporary, "{err}");
    assert!(
        err.server_reply.as_deref().unwrap().starts_with("421"),
        "{err:?}"
    );
    assert!(!session.is_usable(), "421 closes the connection");
    let again = session.send(&message(3)).unwrap_err();
    assert_eq!(again.kind, SendErrorKind::Temporary);

    let mut session = mailer.open().unwrap();
    session.send(&message(4)).unwrap();
    let stored: Vec<_> = server
        .events("message")
        .into_iter()
        .map(|m| m["message_id"].clone())
        .collect();
    assert_eq!(
        stored,
        vec![json!("<settle.item-4@settle.test>")],
        "only the last one arrived"
    );
}

#[test]
fn a_stall_after_data_is_in_doubt_within_the_timeout() {
    let (certs, server) = started(Tls::StartTls);
    let mut settings = server.settings(SmtpSecurity::StartTls, Some(&certs.ca_pem));
    settings.timeout = Duration::from_secs(2);
    let mut session = SmtpMailer::new(settings, Secret::new(PASSWORD))
        .open()
        .unwrap();
    server.inject(json!({"stage": "data", "action": "stall"}));
    let started = Instant::now();
    let err = session.send(&message(1)).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(err.kind, SendErrorKind::InDoubt, "{err}");
    assert!(err.message.contains("no reply came within 2 s"), "{err}");
    assert!(err.message.contains("will not send it again"), "{err}");
    assert!(!session.is_usable());
    // Why it must never be resent automatically: the server did receive it.
    assert_eq!(server.events("message").len(), 1);
}

#[test]
fn a_drop_after_data_is_in_doubt() {
    let (certs, server) = started(Tls::StartTls);
    let mut session = server
        .mailer(SmtpSecurity::StartTls, &certs)
        .open()
        .unwrap();
    server.inject(json!({"stage": "data", "action": "drop"}));
    let err = session.send(&message(1)).unwrap_err();
    assert_eq!(err.kind, SendErrorKind::InDoubt, "{err}");
    assert!(err.is_in_doubt() && err.server_reply.is_none());
    assert!(!session.is_usable());
}

#[test]
fn a_drop_before_data_is_temporary_not_in_doubt() {
    let (certs, server) = started(Tls::StartTls);
    let mailer = server.mailer(SmtpSecurity::StartTls, &certs);
    for stage in ["mail", "rcpt"] {
        let mut session = mailer.open().unwrap();
        server.inject(json!({"stage": stage, "action": "drop"}));
        let err = session.send(&message(1)).unwrap_err();
        assert_eq!(err.kind, SendErrorKind::Temporary, "{stage}: {err}");
        assert!(err.message.contains("before the message was sent"), "{err}");
        assert!(!session.is_usable());
    }
    assert!(server.events("message").is_empty());
}

#[test]
fn fifty_messages_share_one_connection() {
    let (certs, server) = started(Tls::StartTls);
    let mut session = server
        .mailer(SmtpSecurity::StartTls, &certs)
        .open()
        .unwrap();
    let messages: Vec<_> = (1..=50).map(message).collect();
    for m in &messages {
        session.send(m).unwrap();
    }
    assert_eq!(session.sent_count(), 50);
    session.close();
    assert_eq!(
        server.events("connect").len(),
        1,
        "one connection for the batch"
    );
    let stored: Vec<_> = server
        .events("message")
        .into_iter()
        .map(|m| m["message_id"].clone())
        .collect();
    let expected: Vec<_> = messages.iter().map(|m| json!(m.message_id)).collect();
    assert_eq!(stored, expected);
    assert_eq!(server.stored("50.eml"), messages[49].raw);
}

#[test]
fn test_send_reaches_the_owner() {
    let (certs, server) = started(Tls::StartTls);
    let owner = person("Jo Owner", "owner@settle.test");
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap();
    let sent = test_send(
        &server.mailer(SmtpSecurity::StartTls, &certs),
        &owner,
        &owner,
        now,
    )
    .unwrap();
    let logged = &server.events("message")[0];
    assert_eq!(logged["to"], json!(["owner@settle.test"]));
    assert_eq!(logged["message_id"], json!(sent.message_id));
    assert_eq!(server.stored("1.eml"), sent.raw);
}

#[test]
fn the_wrong_security_mode_for_the_port_says_which_to_choose() {
    let (certs, plain_first) = started(Tls::StartTls);
    let err = plain_first
        .mailer(SmtpSecurity::ImplicitTls, &certs)
        .open()
        .unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Tls, "{err}");
    assert!(
        err.message.contains("Check the port and security setting"),
        "{err}"
    );

    let (certs, tls_first) = started(Tls::Implicit);
    let mut settings = tls_first.settings(SmtpSecurity::StartTls, Some(&certs.ca_pem));
    settings.timeout = Duration::from_secs(1);
    let err = SmtpMailer::new(settings, Secret::new(PASSWORD))
        .open()
        .unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Offline, "{err}");
    assert!(
        err.message.contains("choose SSL/TLS instead of STARTTLS"),
        "{err}"
    );
    assert!(tls_first.events("auth").is_empty());
}
