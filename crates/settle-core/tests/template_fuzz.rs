//! Property tests: whatever an owner types and whatever Xero holds, rendering never panics. It
//! either renders (one-line subject, escaped HTML) or returns a TemplateError.

mod template_support;

use proptest::prelude::*;
use settle_core::template::{check_template, render_email, EmailTemplate};
use template_support::context;

/// Template text built from pieces of template syntax, placeholder names and noise, so the
/// generator reaches the parser's and the renderer's interesting paths, not only plain text.
fn template_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{{ ".to_owned()),
        Just(" }}".to_owned()),
        Just("{% ".to_owned()),
        Just(" %}".to_owned()),
        Just("{# ".to_owned()),
        Just(" #}".to_owned()),
        Just("{% for i in invoices %}".to_owned()),
        Just("{% endfor %}".to_owned()),
        Just("{% if days_overdue > 0 %}".to_owned()),
        Just("{% else %}".to_owned()),
        Just("{% endif %}".to_owned()),
        Just("{{ i.number }}".to_owned()),
        Just("{{ invoice_number }}".to_owned()),
        Just("{{ company_name | upper }}".to_owned()),
        Just("{{ signature }}".to_owned()),
        Just("{{ loop.index }}".to_owned()),
        Just("{% raw %}".to_owned()),
        Just("{% endraw %}".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        "[a-z_.|()'\" 0-9<>&-]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_template_renders_or_errs(subject in template_text(), body in template_text()) {
        let template = EmailTemplate { subject, body };
        let _ = check_template(&template);
        match render_email(&template, &context(3)) {
            Ok(email) => {
                prop_assert!(!email.subject.contains(['\r', '\n']));
                prop_assert!(!email.subject.is_empty());
                prop_assert!(!email.html.contains("<script"));
            }
            Err(err) => prop_assert!(!err.message.is_empty()),
        }
    }

    #[test]
    fn any_context_text_renders_or_errs(
        name in any::<String>(),
        company in any::<String>(),
        number in any::<String>(),
        url in any::<String>(),
        signature in any::<String>(),
    ) {
        let mut ctx = context(2);
        ctx.contact.first_name = name;
        ctx.contact.company_name = company;
        ctx.invoices[0].number = number;
        ctx.invoices[0].online_url = Some(url);
        ctx.sender.signature = signature;
        for builtin in settle_core::template::builtin_templates() {
            match render_email(&builtin.template, &ctx) {
                Ok(email) => {
                    prop_assert!(!email.subject.contains(['\r', '\n']));
                    prop_assert!(!email.html.contains("<script"));
                }
                Err(err) => prop_assert_eq!(err.part, settle_core::template::TemplatePart::Subject),
            }
        }
    }
}
