//! SMTP batch benchmark (`cargo bench -p settle-mail --bench smtp_batch`): 1,000 approved emails
//! (text + HTML, ~3 KB each) over ONE session (STARTTLS + AUTH) to the real test SMTP server on
//! loopback, which writes each one to its maildir. Target: under 30 s. Prints the elapsed time
//! and messages per second for docs/PERFORMANCE.md, and checks that all 1,000 arrived over one
//! connection.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;

use chrono::{TimeZone, Utc};
use settle_mail::SmtpSecurity;
use settle_mail::{compose, new_message_id, ComposedMessage, Mailbox, OutgoingEmail};
use support::{Certificates, SmtpServer, Tls};

const MESSAGES: usize = 1_000;
const TARGET_SECONDS: f64 = 30.0;

fn email(n: usize) -> OutgoingEmail {
    let row = format!("Invoice INV-{n:05}: due 2026-02-01, outstanding £1,250.00.\r\n");
    let text = format!(
        "Dear customer,\r\n\r\n{}\r\nKind regards,\r\nAcme\r\n",
        row.repeat(16)
    );
    let html = format!(
        "<p>Dear customer,</p><ul>{}</ul>",
        format!("<li>{row}</li>").repeat(16)
    );
    OutgoingEmail {
        message_id: new_message_id(&format!("bench-{n}"), "accounts@acme.test"),
        from: Mailbox {
            name: Some("Acme Accounts".into()),
            address: "accounts@acme.test".into(),
        },
        reply_to: None,
        to: vec![Mailbox {
            name: Some(format!("Customer {n}")),
            address: format!("c{n}@customer.test"),
        }],
        cc: vec![Mailbox {
            name: None,
            address: format!("finance{n}@customer.test"),
        }],
        subject: format!("Reminder: invoice INV-{n:05} is overdue"),
        text,
        html: Some(html),
        attachments: Vec::new(),
        date: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
    }
}

fn main() {
    let certs = Certificates::loopback();
    let server = SmtpServer::start(Tls::StartTls, &certs, true);
    let mailer = server.mailer(SmtpSecurity::StartTls, &certs);

    let composing = Instant::now();
    let messages: Vec<ComposedMessage> = (1..=MESSAGES)
        .map(|n| compose(&email(n)).unwrap())
        .collect();
    let compose_time = composing.elapsed();
    let average = messages.iter().map(|m| m.raw.len()).sum::<usize>() / MESSAGES;

    let sending = Instant::now();
    let mut session = mailer.open().unwrap();
    for message in &messages {
        session.send(message).unwrap();
    }
    session.close();
    let elapsed = sending.elapsed().as_secs_f64();

    let stored = server.events("message").len();
    let connections = server.events("connect").len();
    assert_eq!(stored, MESSAGES, "every message arrived");
    assert_eq!(connections, 1, "one connection for the whole batch");

    println!("| what | value |");
    println!("|---|---:|");
    println!("| messages (text + HTML, one session, STARTTLS + AUTH) | {MESSAGES} |");
    println!("| average message size | {average} bytes |");
    println!(
        "| compose all | {:.0} ms |",
        compose_time.as_secs_f64() * 1000.0
    );
    println!("| send all (connect, TLS, AUTH, {MESSAGES} × MAIL/RCPT/DATA) | {elapsed:.2} s |");
    println!(
        "| throughput | {:.0} messages/s |",
        MESSAGES as f64 / elapsed
    );
    println!("| server connections | {connections} |");
    drop(server); // stop the server process before exiting (exit skips destructors)
    if elapsed > TARGET_SECONDS {
        eprintln!("over the {TARGET_SECONDS} s target");
        std::process::exit(1);
    }
}
