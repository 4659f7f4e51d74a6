//! The HTML part: made from the same text, every character escaped, paragraphs and line breaks
//! kept, only the invoices' own web links turned into links.

mod template_support;

use settle_core::template::{render_email, EmailTemplate};
use template_support::context;

fn render(body: &str, ctx: &settle_core::template::TemplateContext) -> (String, String) {
    let t = EmailTemplate {
        subject: "Invoice {{ invoice_number }}".to_owned(),
        body: body.to_owned(),
    };
    let email = render_email(&t, ctx).unwrap();
    (email.text, email.html)
}

#[test]
fn a_script_in_a_company_name_is_escaped_in_html_but_plain_in_text() {
    let mut ctx = context(1);
    ctx.contact.company_name = "<script>alert('x')</script> & Sons".to_owned();
    let (text, html) = render("Dear {{ company_name }},", &ctx);
    assert_eq!(text, "Dear <script>alert('x')</script> & Sons,");
    assert!(!html.contains("<script>"));
    assert!(html.contains("Dear &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Sons,"));
}

#[test]
fn the_owners_own_text_is_escaped_too() {
    let (text, html) = render("Tom & Jerry <b>bold</b> \"quoted\"", &context(1));
    assert_eq!(text, "Tom & Jerry <b>bold</b> \"quoted\"");
    assert!(html.contains("Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot;"));
}

#[test]
fn paragraphs_line_breaks_and_a_multi_line_signature() {
    let body = "Hi {{ first_name }},\n\n\n\nLine one\nLine two\n\nKind regards,\n{{ signature }}\n";
    let (text, html) = render(body, &context(1));
    assert_eq!(
        text,
        "Hi Sam,\n\nLine one\nLine two\n\nKind regards,\nAlex Morgan\nAccounts, Harbour Design \
         Ltd\n020 7946 0000"
    );
    let paragraphs: Vec<&str> = html.matches("<p ").collect();
    assert_eq!(paragraphs.len(), 3, "{html}");
    assert!(html.contains(">Line one<br>\nLine two</p>"));
    assert!(html.contains(">Kind regards,<br>\nAlex Morgan<br>\nAccounts, Harbour Design Ltd<br>"));
}

#[test]
fn only_the_invoices_web_links_become_links() {
    let mut ctx = context(2);
    ctx.invoices[1].online_url = Some("javascript:alert(1)".to_owned());
    let body = "Pay: {{ payment_link }}.\n\
                {% for i in invoices %}\n[{{ i.payment_link }}]\n{% endfor %}\n\
                Also see https://example.com and javascript:alert(1)";
    let (text, html) = render(body, &ctx);
    // The javascript: address is never shown nor linked: its payment_link is empty.
    assert_eq!(
        text,
        "Pay: https://in.xero.com/Inv1000?a=1&b=2.\n[https://in.xero.com/Inv1000?a=1&b=2]\n[]\n\
         Also see https://example.com and javascript:alert(1)"
    );
    assert_eq!(html.matches("<a href=").count(), 2, "{html}");
    assert!(html.contains(
        "Pay: <a href=\"https://in.xero.com/Inv1000?a=1&amp;b=2\" style=\"color:#0b63ce;\">\
         https://in.xero.com/Inv1000?a=1&amp;b=2</a>."
    ));
    assert!(!html.contains("href=\"https://example.com") && !html.contains("href=\"javascript"));
}

#[test]
fn a_link_that_extends_another_is_linked_whole() {
    let mut ctx = context(2);
    ctx.invoices[0].online_url = Some("https://pay.example/INV-1".to_owned());
    ctx.invoices[1].online_url = Some("https://pay.example/INV-10".to_owned());
    let (_, html) = render(
        "{% for i in invoices %}{{ i.payment_link }} {% endfor %}",
        &ctx,
    );
    assert!(
        html.contains("<a href=\"https://pay.example/INV-10\""),
        "{html}"
    );
    assert!(html.contains(">https://pay.example/INV-10</a>"), "{html}");
}

#[test]
fn standalone_tag_lines_leave_no_gaps_but_inline_tags_keep_their_line() {
    let body = "Invoices:\n  {% for i in invoices %}\n- {{ i.number }}\n  {% endfor %}\n\
                Ref{% if reference %}: {{ reference }}{% endif %}\nBye";
    let (text, _) = render(body, &context(2));
    assert_eq!(text, "Invoices:\n- INV-1000\n- INV-1001\nRef: PO 70\nBye");
}
