//! Mistakes in templates and hostile values: each is refused with its part, its line and a
//! sentence the owner can act on; nothing hangs, nothing leaks into a header.

mod template_support;

use std::time::{Duration, Instant};

use settle_core::template::{
    check_template, render_email, EmailTemplate, TemplateError, TemplatePart, MAX_BODY_BYTES,
};
use template_support::context;

fn template(subject: &str, body: &str) -> EmailTemplate {
    EmailTemplate {
        subject: subject.to_owned(),
        body: body.to_owned(),
    }
}

fn body_error(body: &str) -> TemplateError {
    render_email(&template("Invoice {{ invoice_number }}", body), &context(2)).unwrap_err()
}

#[test]
fn an_unknown_placeholder_names_its_line_and_the_closest_name() {
    let err = body_error("Hi {{ first_name }},\n\nInvoice {{ invoce_number }} is due.\n");
    assert_eq!(
        err,
        TemplateError {
            part: TemplatePart::Body,
            line: Some(3),
            message: "unknown placeholder 'invoce_number'. Did you mean 'invoice_number'?".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        "Line 3 of the body: unknown placeholder 'invoce_number'. Did you mean 'invoice_number'?"
    );
}

#[test]
fn unknown_names_in_conditions_loops_and_the_subject_are_found_too() {
    let cases = [
        (
            "{% if days_overdu > 3 %}late{% endif %}",
            1,
            "'days_overdu'. Did you mean 'days_overdue'?",
        ),
        (
            "Hi\n{% for inv in invoices %}\n- {{ inv.numbr }}\n{% endfor %}",
            3,
            "'inv.numbr'. Did you mean 'inv.number'?",
        ),
        (
            "a\nb\n{{ number }}",
            3,
            "'number'. Did you mean 'invoice_number'?",
        ),
        ("{{ loop_index }}", 1, "unknown placeholder 'loop_index'."),
        (
            "x {{ company_name | upper }} {{ custmer }}",
            1,
            "'custmer'.",
        ),
        ("{{ first_name.middle }}", 1, "'first_name.middle'."),
    ];
    for (body, line, expected) in cases {
        let err = body_error(body);
        assert_eq!(
            (err.part, err.line),
            (TemplatePart::Body, Some(line)),
            "{body}: {err}"
        );
        assert!(err.message.contains(expected), "{body}: {err}");
    }
    let err =
        render_email(&template("Invoice {{ invoice_numbr }}", "Hi"), &context(1)).unwrap_err();
    assert_eq!(err.part, TemplatePart::Subject);
    assert_eq!(
        err.to_string(),
        "In the subject: unknown placeholder 'invoice_numbr'. Did you mean 'invoice_number'?"
    );
}

#[test]
fn check_template_finds_a_typo_in_a_branch_the_sample_does_not_take() {
    let body = "Hi {{ greeting_name }},\n{% if invoice_count > 50 %}\nSo many: {{ totl_due }}\n\
                {% endif %}\nThanks";
    // The branch is not taken when rendering...
    assert!(render_email(&template("Hi", body), &context(3)).is_ok());
    // ...but the editor's check still refuses the typo, with its line.
    let err = check_template(&template("Hi", body)).unwrap_err();
    assert_eq!((err.part, err.line), (TemplatePart::Body, Some(3)));
    assert!(
        err.message
            .contains("'totl_due'. Did you mean 'total_due'?"),
        "{err}"
    );
    // Loop variables and `set` are not mistaken for typos.
    let ok =
        "{% set late = days_overdue > 0 %}{% for i in invoices %}{{ i.number }}{{ loop.index }}\
              {% endfor %}{{ late }}";
    check_template(&template("Hi", ok)).unwrap();
}

#[test]
fn a_syntax_error_gives_its_line() {
    let err = body_error("Hi,\n\n{% if days_overdue > 0 %}\nLate!\n");
    assert_eq!((err.part, err.line), (TemplatePart::Body, Some(4)), "{err}");
    assert!(err.message.contains("endif"), "{err}");

    let err = body_error("Hi,\nInvoice {{ invoice_number }\nThanks");
    assert_eq!(err.line, Some(2), "{err}");

    let err = check_template(&template("Invoice {% if %}", "Hi")).unwrap_err();
    assert_eq!(err.part, TemplatePart::Subject);
}

#[test]
fn includes_imports_and_unknown_filters_are_refused_clearly() {
    let err = body_error("a\n{% include 'body' %}");
    assert_eq!(err.line, Some(2));
    assert!(
        err.message.contains("'{% include %}' is not available"),
        "{err}"
    );
    for statement in ["import 'x' as y", "extends 'x'", "macro m() %}{% endmacro"] {
        let err = body_error(&format!("{{% {statement} %}}"));
        assert!(
            err.message.contains("is not available"),
            "{statement}: {err}"
        );
    }
    let err = body_error("{{ company_name | uper }}");
    assert_eq!(err.message, "unknown filter 'uper'. Did you mean 'upper'?");
    let err = body_error("{{ company_name | tojson }}");
    assert!(
        err.message
            .starts_with("unknown filter 'tojson'. Filters you can use: upper"),
        "{err}"
    );
}

#[test]
fn a_line_break_from_a_value_is_refused_in_the_subject() {
    let mut ctx = context(1);
    ctx.contact.company_name = "Evil Corp\r\nBcc: victim@example.com".to_owned();
    let t = template("Invoice for {{ company_name }}", "Hi {{ company_name }}");
    let err = render_email(&t, &ctx).unwrap_err();
    assert_eq!((err.part, err.line), (TemplatePart::Subject, None));
    assert!(err.message.contains("must be one line"), "{err}");
    for value in ["a\nb", "a\rb", "a\u{2028}b", "a\u{0}b"] {
        ctx.contact.company_name = value.to_owned();
        assert_eq!(
            render_email(&t, &ctx).unwrap_err().part,
            TemplatePart::Subject,
            "{value:?}"
        );
    }
    // In the body the same value is just text.
    ctx.contact.company_name = "Evil Corp\r\nBcc: x".to_owned();
    let body_only = render_email(&template("Hello", "Hi {{ company_name }}"), &ctx).unwrap();
    assert_eq!(body_only.text, "Hi Evil Corp\nBcc: x");
    // A subject that comes out empty is refused too.
    let mut ctx = context(1);
    ctx.invoices[0].reference = "  ".to_owned();
    let err = render_email(&template("{{ reference }}", "Hi"), &ctx).unwrap_err();
    assert!(err.message.contains("subject is empty"), "{err}");
}

#[test]
fn an_endless_loop_runs_out_of_fuel_quickly() {
    let started = Instant::now();
    let err = body_error(
        "ok\n{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!((err.part, err.line), (TemplatePart::Body, Some(2)));
    assert!(err.message.contains("too many steps"), "{err}");

    let err = body_error("{% for i in invoices recursive %}{{ loop(invoices) }}{% endfor %}");
    assert!(err.message.contains("nests too deeply"), "{err}");
}

#[test]
fn output_and_template_sizes_are_capped() {
    let err = body_error("{{ 'x' * 10000000 }}");
    assert!(
        err.message.contains("longer than 262,144 characters"),
        "{err}"
    );
    // Just under the cap still renders.
    let big = format!("{{{{ 'x' * {} }}}}", MAX_BODY_BYTES - 10);
    let t = template("Invoice {{ invoice_number }}", &big);
    assert_eq!(
        render_email(&t, &context(1)).unwrap().text.len(),
        MAX_BODY_BYTES - 10
    );
    let err = body_error(&"a".repeat(20_001));
    assert!(err.message.contains("20001 characters long"), "{err}");
    let long_subject = format!("{} {{{{ invoice_number }}}}", "s".repeat(990));
    let err = render_email(&template(&long_subject, "Hi"), &context(1)).unwrap_err();
    assert_eq!(err.part, TemplatePart::Subject);
}

#[test]
fn a_context_without_invoices_is_refused() {
    let mut ctx = context(1);
    ctx.invoices.clear();
    let err = render_email(&template("Hi", "Hi"), &ctx).unwrap_err();
    assert!(
        err.message.contains("needs at least one open invoice"),
        "{err}"
    );
}
