//! The five built-in templates: each renders well for one invoice and for a grouped message of
//! three, passes check_template, and keeps its stable key.

mod template_support;

use settle_core::template::{
    builtin_template, builtin_templates, check_template, render_email, TemplateKind,
};
use template_support::context;

#[test]
fn there_are_five_in_cadence_order_with_stable_keys() {
    let keys: Vec<&str> = builtin_templates().iter().map(|b| b.key).collect();
    assert_eq!(
        keys,
        [
            "new_invoice",
            "friendly_reminder",
            "due_today",
            "past_due",
            "final_notice"
        ]
    );
    for builtin in builtin_templates() {
        assert_eq!(builtin.key, builtin.kind.as_str());
        assert_eq!(TemplateKind::parse(builtin.key), Some(builtin.kind));
        assert_eq!(
            serde_json::to_string(&builtin.kind).unwrap(),
            format!("\"{}\"", builtin.key)
        );
        assert!(!builtin.name.is_empty());
        assert_eq!(builtin_template(builtin.kind), builtin);
    }
    assert_eq!(TemplateKind::parse("my_own_template"), None);
}

#[test]
fn each_passes_the_editor_check() {
    for builtin in builtin_templates() {
        check_template(&builtin.template).unwrap_or_else(|err| panic!("{}: {err}", builtin.key));
    }
}

#[test]
fn each_renders_one_invoice_with_amount_date_link_and_signature() {
    let ctx = context(1);
    for builtin in builtin_templates() {
        let email = render_email(&builtin.template, &ctx).unwrap();
        let key = builtin.key;
        assert!(
            email.subject.contains("INV-1000"),
            "{key}: {}",
            email.subject
        );
        assert!(!email.subject.contains('\n'));
        let text = &email.text;
        assert!(text.starts_with("Hi Sam,\n\n"), "{key}: {text}");
        for expected in [
            "INV-1000",
            "(your reference PO 70)",
            "£1,234.50",
            "5 March 2026",
            "https://in.xero.com/Inv1000?a=1&b=2",
            "Kind regards,\nAlex Morgan\nAccounts, Harbour Design Ltd\n020 7946 0000",
        ] {
            assert!(text.contains(expected), "{key} lacks {expected:?}:\n{text}");
        }
        assert!(
            !text.contains("\n\n\n"),
            "{key}: a double blank line:\n{text}"
        );
        for leftover in ["{{", "{%", "None", "none", "INV-1001"] {
            assert!(
                !text.contains(leftover),
                "{key} shows {leftover:?}:\n{text}"
            );
        }
        assert!(
            email.html.contains(
                "<a href=\"https://in.xero.com/Inv1000?a=1&amp;b=2\" style=\"color:#0b63ce;\">"
            ),
            "{key}: {}",
            email.html
        );
        assert!(email
            .html
            .contains("Kind regards,<br>\nAlex Morgan<br>\nAccounts"));
    }
}

#[test]
fn each_renders_three_invoices_as_a_list_with_the_total() {
    let ctx = context(3);
    for builtin in builtin_templates() {
        let email = render_email(&builtin.template, &ctx).unwrap();
        let key = builtin.key;
        assert!(
            email.subject.contains("Harbour Design Ltd"),
            "{key}: {}",
            email.subject
        );
        let text = &email.text;
        for expected in [
            "- INV-1000 (PO 70): £1,234.50, due 5 March 2026 (12 days overdue)\n  View and pay \
             online: https://in.xero.com/Inv1000?a=1&b=2\n",
            // The second invoice has no online link: no "View and pay" line for it.
            "- INV-1001: £1,235.50, due 17 March 2026\n- INV-1002 (PO 72): £1,236.50, due 31 March \
             2026\n",
            "Total: £3,706.50",
            "020 7946 0000",
        ] {
            assert!(text.contains(expected), "{key} lacks {expected:?}:\n{text}");
        }
        assert!(
            !text.contains("\n\n\n") && !text.contains("{{"),
            "{key}:\n{text}"
        );
        assert_eq!(
            email.html.matches("<a href=").count(),
            2,
            "{key}: {}",
            email.html
        );
    }
}

#[test]
fn the_past_due_and_final_notices_count_days_overdue() {
    let mut ctx = context(1);
    ctx.invoices[0].due_date = ctx.today.pred_opt().unwrap();
    let past_due = render_email(&builtin_template(TemplateKind::PastDue).template, &ctx).unwrap();
    assert!(
        past_due.text.contains("and is now 1 day overdue."),
        "{}",
        past_due.text
    );
    let final_notice =
        render_email(&builtin_template(TemplateKind::FinalNotice).template, &ctx).unwrap();
    assert!(final_notice
        .text
        .contains("is still unpaid (1 day overdue)."));

    // Named by a step before the due date, the past-due email does not claim "0 days overdue".
    ctx.invoices[0].due_date = ctx.today;
    let early = render_email(&builtin_template(TemplateKind::PastDue).template, &ctx).unwrap();
    assert!(
        early.text.contains("and is still unpaid."),
        "{}",
        early.text
    );
}

#[test]
fn without_a_first_name_or_a_link_the_wording_still_holds() {
    let mut ctx = context(1);
    ctx.contact.first_name.clear();
    ctx.invoices[0].online_url = None;
    ctx.invoices[0].reference.clear();
    ctx.sender.signature.clear();
    for builtin in builtin_templates() {
        let email = render_email(&builtin.template, &ctx).unwrap();
        assert!(
            email.text.starts_with("Hi Brightwater Cafe,\n"),
            "{}",
            email.text
        );
        assert!(!email.text.contains("http") && !email.text.contains("reference"));
        assert!(email
            .text
            .ends_with("Kind regards,\nAlex Morgan\nHarbour Design Ltd"));
        assert!(!email.html.contains("<a "));
    }
}
