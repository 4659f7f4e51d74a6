//! compose and new_message_id: the MIME structure, the checks that refuse bad input with a
//! message naming the field, and the deterministic Message-ID.

use chrono::{TimeZone, Utc};
use settle_mail::{compose, new_message_id, sha256_hex, Attachment, ComposeError};
use settle_mail::{Mailbox, OutgoingEmail};

fn person(name: &str, address: &str) -> Mailbox {
    Mailbox {
        name: Some(name.to_owned()),
        address: address.to_owned(),
    }
}

fn email() -> OutgoingEmail {
    OutgoingEmail {
        message_id: new_message_id("item-42", "accounts@example.com"),
        from: person("Acme Accounts", "accounts@example.com"),
        reply_to: Some(person("Jo Owner", "jo@example.com")),
        to: vec![person("Pat Payer", "pat@customer.test")],
        cc: vec![person("Finance", "finance@customer.test")],
        subject: "Invoice INV-0042 is overdue – £1,250.00".to_owned(),
        text: "Hello Pat,\nInvoice INV-0042 is overdue.\n.\nThanks".to_owned(),
        html: Some("<p>Hello Pat,</p><p>Invoice <b>INV-0042</b> is overdue.</p>".to_owned()),
        attachments: vec![Attachment {
            filename: "INV-0042.pdf".to_owned(),
            content_type: "application/pdf".to_owned(),
            bytes: b"%PDF-1.4 fake but real bytes".to_vec(),
        }],
        date: Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap(),
    }
}

#[test]
fn message_id_is_deterministic_and_uses_the_sender_domain() {
    assert_eq!(
        new_message_id("item-42", "a@Example.COM"),
        "<settle.item-42@example.com>"
    );
    assert_eq!(
        new_message_id("item-42", "a@Example.COM"),
        new_message_id("item-42", "a@example.com")
    );
    // Characters that cannot appear in a Message-ID are escaped, so distinct items stay distinct.
    assert_eq!(
        new_message_id("org:1/7", "a@x.test"),
        "<settle.org=3A1=2F7@x.test>"
    );
    assert_ne!(
        new_message_id("a:b", "a@x.test"),
        new_message_id("a-b", "a@x.test")
    );
    assert_eq!(
        new_message_id("1", "no-at-sign"),
        "<settle.1@settle.invalid>"
    );
}

#[test]
fn builds_text_html_and_attachment_with_explicit_headers() {
    let composed = compose(&email()).unwrap();
    let raw = String::from_utf8(composed.raw.clone()).unwrap();
    assert!(raw.is_ascii(), "the message is 7-bit clean");
    assert!(raw.contains("Message-ID: <settle.item-42@example.com>\r\n"));
    assert!(
        raw.contains("Date: Mon, 02 Mar 2026 09:30:00 +0000\r\n"),
        "{raw}"
    );
    assert!(
        raw.contains("To: \"Pat Payer\" <pat@customer.test>\r\n"),
        "{raw}"
    );
    assert!(
        raw.contains("Cc: Finance <finance@customer.test>\r\n"),
        "{raw}"
    );
    assert!(
        raw.contains("Reply-To: \"Jo Owner\" <jo@example.com>\r\n"),
        "{raw}"
    );
    assert!(raw.contains("Content-Type: multipart/mixed"));
    assert!(raw.contains("Content-Type: multipart/alternative"));
    assert!(raw.contains("Content-Type: text/plain; charset=utf-8"));
    assert!(raw.contains("Content-Type: text/html; charset=utf-8"));
    assert!(raw.contains("Content-Disposition: attachment; filename=\"INV-0042.pdf\""));
    assert!(
        raw.contains("Subject: Invoice INV-0042 is overdue =?utf-8?b?"),
        "encoded: {raw}"
    );
    assert_eq!(composed.envelope_from, "accounts@example.com");
    assert_eq!(
        composed.envelope_to,
        vec!["pat@customer.test", "finance@customer.test"]
    );
    assert_eq!(composed.sha256, sha256_hex(&composed.raw));
    assert_eq!(composed.sha256.len(), 64);
}

#[test]
fn text_only_is_a_single_part_and_recipients_are_listed_once() {
    let mut plain = email();
    plain.html = None;
    plain.attachments.clear();
    plain.cc = vec![person("Pat again", "PAT@customer.test")];
    let composed = compose(&plain).unwrap();
    let raw = String::from_utf8(composed.raw).unwrap();
    assert!(raw.contains("Content-Type: text/plain; charset=utf-8"));
    assert!(!raw.contains("multipart"));
    assert_eq!(composed.envelope_to, vec!["pat@customer.test"]);
}

#[test]
fn refuses_line_breaks_in_headers_naming_the_field() {
    let mut bad = email();
    bad.subject = "Overdue\r\nBcc: everyone@example.com".to_owned();
    let err = compose(&bad).unwrap_err();
    assert_eq!(
        err,
        ComposeError::LineBreak {
            field: "subject".to_owned()
        }
    );
    assert!(err
        .to_string()
        .contains("The subject contains a line break"));

    let mut bad = email();
    bad.to[0].name = Some("Pat\nBcc: x@y.test".to_owned());
    let err = compose(&bad).unwrap_err();
    assert!(
        err.to_string().contains("To recipient #1 display name"),
        "{err}"
    );

    let mut bad = email();
    bad.cc[0].address = "finance@customer.test\r\nBcc: x@y.test".to_owned();
    let err = compose(&bad).unwrap_err();
    assert!(err.to_string().contains("CC recipient #1 address"), "{err}");

    let mut bad = email();
    bad.attachments[0].filename = "a\r\n.pdf".to_owned();
    assert!(compose(&bad)
        .unwrap_err()
        .to_string()
        .contains("attachment #1 file name"));
}

#[test]
fn refuses_invalid_addresses_and_missing_recipients() {
    for address in [
        "not-an-address",
        "two@@at.test",
        "spaces in@x.test",
        "",
        "a@",
    ] {
        let mut bad = email();
        bad.to[0].address = address.to_owned();
        let err = compose(&bad).unwrap_err();
        assert!(
            matches!(&err, ComposeError::InvalidAddress { field, .. } if field == "To recipient #1 address"),
            "{address:?}: {err:?}"
        );
        assert!(
            err.to_string().contains("is not a valid email address"),
            "{err}"
        );
    }
    let mut bad = email();
    bad.from.address = "accounts at example.com".to_owned();
    assert!(compose(&bad)
        .unwrap_err()
        .to_string()
        .contains("The From address"));

    let mut none = email();
    none.to.clear();
    assert_eq!(compose(&none).unwrap_err(), ComposeError::NoRecipients);

    let mut bad = email();
    bad.attachments[0].content_type = "pdf please".to_owned();
    assert!(matches!(
        compose(&bad).unwrap_err(),
        ComposeError::InvalidContentType { .. }
    ));
}
