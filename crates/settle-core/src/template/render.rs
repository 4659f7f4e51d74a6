//! Filling a template in: the sandboxed minijinja environment, its limits, and the checks on what
//! comes out (a one-line subject, a non-empty body, sizes).
//!
//! Owns: [`render_email`], [`check_template`] and the limits. Must not: read files, the clock or
//! anything but the [`TemplateContext`]: the environment has no loader, no include/import/macros
//! (those minijinja features are not compiled in), only the filters listed in [`FILTERS`] and the
//! one function `range`.

use std::io;
use std::sync::LazyLock;

use chrono::NaiveDate;
use minijinja::{Environment, UndefinedBehavior, Value};

use super::context::{sample_context, TemplateContext};
use super::error::{from_minijinja, Stop, TemplateError, TemplatePart};
use super::html::text_to_html;
use super::standalone::strip_standalone_tags;
use super::suggest::unknown_name;
use super::view::{payment_link, template_values};
use super::{EmailTemplate, RenderedEmail};

/// Instructions one part may run. A reminder listing a thousand invoices needs a few tens of
/// thousands; an endless or runaway loop stops here within milliseconds.
pub const FUEL: u64 = 500_000;
/// How deeply a template may nest (recursive loops).
pub const RECURSION_LIMIT: usize = 50;
/// The longest subject and body an owner may write (characters of template text).
pub const MAX_SUBJECT_TEMPLATE_CHARS: usize = 1_000;
pub const MAX_BODY_TEMPLATE_CHARS: usize = 20_000;
/// The longest filled-in subject (an email header line may hold 998 bytes) and body.
pub const MAX_SUBJECT_BYTES: usize = 998;
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The filters a template may use (and no others).
pub const FILTERS: &[&str] = &[
    "upper",
    "lower",
    "title",
    "capitalize",
    "trim",
    "length",
    "count",
    "default",
    "d",
    "first",
    "last",
    "join",
    "abs",
];

/// Built once: filters and tests are shared behind `Arc`s, so every render borrows it.
static ENVIRONMENT: LazyLock<Environment<'static>> = LazyLock::new(environment);

fn environment() -> Environment<'static> {
    use minijinja::{filters as f, tests as t};
    let mut env = Environment::empty();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION_LIMIT);
    // Keeps the byte span of a failing expression, which names the mistyped placeholder.
    env.set_debug(true);
    env.add_filter("upper", f::upper);
    env.add_filter("lower", f::lower);
    env.add_filter("title", f::title);
    env.add_filter("capitalize", f::capitalize);
    env.add_filter("trim", f::trim);
    env.add_filter("length", f::length);
    env.add_filter("count", f::length);
    env.add_filter("default", f::default);
    env.add_filter("d", f::default);
    env.add_filter("first", f::first);
    env.add_filter("last", f::last);
    env.add_filter("join", f::join);
    env.add_filter("abs", f::abs);
    env.add_test("defined", t::is_defined);
    env.add_test("undefined", t::is_undefined);
    env.add_test("none", t::is_none);
    env.add_test("odd", t::is_odd);
    env.add_test("even", t::is_even);
    env.add_test("divisibleby", t::is_divisibleby);
    env.add_test("number", t::is_number);
    env.add_test("string", t::is_string);
    env.add_test("eq", t::is_eq);
    env.add_test("ne", t::is_ne);
    env.add_test("lt", t::is_lt);
    env.add_test("le", t::is_le);
    env.add_test("gt", t::is_gt);
    env.add_test("ge", t::is_ge);
    env.add_test("in", t::is_in);
    env.add_test("startingwith", t::is_startingwith);
    env.add_test("endingwith", t::is_endingwith);
    env.add_function("range", minijinja::functions::range);
    env
}

/// The reminder `template` makes for `ctx`: a one-line subject, the plain text, and the HTML part
/// made from that same text (escaped, in paragraphs, the online invoice links as links).
pub fn render_email(
    template: &EmailTemplate,
    ctx: &TemplateContext,
) -> Result<RenderedEmail, TemplateError> {
    check_sizes(template)?;
    let values = template_values(ctx).ok_or_else(|| {
        TemplateError::new(
            TemplatePart::Body,
            None,
            "there is no invoice to write about: a reminder needs at least one open invoice.",
        )
    })?;
    let subject = render_part(TemplatePart::Subject, &template.subject, &values)?;
    let subject = one_line_subject(&subject)?;
    let body = strip_standalone_tags(&template.body);
    let text = tidy(&render_part(TemplatePart::Body, &body, &values)?);
    if text.is_empty() {
        return Err(TemplateError::new(
            TemplatePart::Body,
            None,
            "the email is empty once filled in. Write the message to the customer.",
        ));
    }
    let links: Vec<String> = ctx
        .invoices
        .iter()
        .filter_map(|invoice| payment_link(invoice.online_url.as_deref()))
        .collect();
    let html = text_to_html(&text, &links);
    Ok(RenderedEmail {
        subject,
        text,
        html,
    })
}

/// Refuses a template that would fail for any customer: syntax errors, names that are not
/// placeholders (in every branch, not only the ones the sample takes), and anything rendering
/// [`sample_context`] (with its three invoices, and with one) runs into.
pub fn check_template(template: &EmailTemplate) -> Result<(), TemplateError> {
    check_sizes(template)?;
    let body = strip_standalone_tags(&template.body);
    for (part, source) in [
        (TemplatePart::Subject, template.subject.as_str()),
        (TemplatePart::Body, body.as_str()),
    ] {
        let compiled = ENVIRONMENT
            .template_from_named_str(part.as_str(), source)
            .map_err(|err| from_minijinja(&err, part, source, None))?;
        let mut undeclared: Vec<(usize, String)> = compiled
            .undeclared_variables(false)
            .into_iter()
            .map(|name| (first_use(source, &name).unwrap_or(usize::MAX), name))
            .collect();
        undeclared.sort();
        for (at, name) in undeclared {
            if let Some(unknown) = unknown_name(&name, source) {
                let line = (at != usize::MAX).then(|| line_of(source, at));
                return Err(TemplateError::new(part, line, unknown.sentence()));
            }
        }
    }
    let mut sample = sample_context(sample_today());
    render_email(template, &sample)?;
    sample.invoices.truncate(1);
    render_email(template, &sample).map(drop)
}

/// The day [`check_template`]'s sample is set on (any fixed day: templates cannot read the clock).
fn sample_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 17).expect("a valid date")
}

fn check_sizes(template: &EmailTemplate) -> Result<(), TemplateError> {
    for (part, text, limit) in [
        (
            TemplatePart::Subject,
            &template.subject,
            MAX_SUBJECT_TEMPLATE_CHARS,
        ),
        (TemplatePart::Body, &template.body, MAX_BODY_TEMPLATE_CHARS),
    ] {
        let chars = text.chars().count();
        if chars > limit {
            return Err(TemplateError::new(
                part,
                None,
                format!(
                    "the {} is {chars} characters long; the most a template may have is {limit}. \
                     Shorten it.",
                    part.as_str()
                ),
            ));
        }
    }
    Ok(())
}

fn render_part(part: TemplatePart, source: &str, values: &Value) -> Result<String, TemplateError> {
    let limit = match part {
        TemplatePart::Subject => MAX_SUBJECT_BYTES,
        TemplatePart::Body => MAX_BODY_BYTES,
    };
    let compiled = ENVIRONMENT
        .template_from_named_str(part.as_str(), source)
        .map_err(|err| from_minijinja(&err, part, source, None))?;
    let mut out = CappedOutput {
        bytes: Vec::with_capacity(source.len() * 2),
        limit,
        overflowed: false,
    };
    match compiled.render_captured_to(values, &mut out) {
        Ok(_) => Ok(String::from_utf8(out.bytes)
            .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())),
        Err(err) => {
            let stop = out.overflowed.then_some(Stop::TooLong(limit));
            Err(from_minijinja(&err, part, source, stop))
        }
    }
}

/// The subject as a header may carry it: one line, no control characters, not empty.
fn one_line_subject(rendered: &str) -> Result<String, TemplateError> {
    let refuse = |message: &str| Err(TemplateError::new(TemplatePart::Subject, None, message));
    if rendered.contains(['\r', '\n', '\u{85}', '\u{2028}', '\u{2029}']) {
        return refuse(
            "the subject must be one line, but once filled in it contains a line break. It \
             usually comes from a placeholder's value (such as the contact's or company's name): \
             correct that value in Xero, or leave the placeholder out of the subject.",
        );
    }
    if rendered.chars().any(|c| c.is_control() && c != '\t') {
        return refuse(
            "once filled in, the subject contains an invisible control character, which email \
             headers cannot carry. It comes from a placeholder's value: correct that value in \
             Xero, or leave the placeholder out of the subject.",
        );
    }
    let subject = rendered.replace('\t', " ").trim().to_owned();
    if subject.is_empty() {
        return refuse(
            "the subject is empty once filled in. Write one, for example \"Invoice \
             {{ invoice_number }} from {{ organisation_name }}\".",
        );
    }
    Ok(subject)
}

/// Plain-text clean-up: `\n` line breaks, whitespace-only lines emptied, at most one blank line
/// in a row (conditions that print nothing leave none), no blank lines at either end. Trailing
/// spaces on lines with text are kept (the "-- " signature separator needs its space).
fn tidy(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.split('\n') {
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// Byte offset of the first use of variable `name` in `source` (a whole word, not after a `.`).
fn first_use(source: &str, name: &str) -> Option<usize> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    source.match_indices(name).map(|(at, _)| at).find(|&at| {
        let before = source[..at].chars().next_back();
        let after = source[at + name.len()..].chars().next();
        !before.is_some_and(|c| is_word(c) || c == '.') && !after.is_some_and(is_word)
    })
}

fn line_of(source: &str, byte: usize) -> usize {
    source[..byte.min(source.len())].matches('\n').count() + 1
}

/// Collects the output, refusing to grow past `limit` bytes (minijinja then stops with a write
/// failure, which [`from_minijinja`] words as "too long").
struct CappedOutput {
    bytes: Vec<u8>,
    limit: usize,
    overflowed: bool,
}

impl io::Write for CappedOutput {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            self.overflowed = true;
            return Err(io::Error::other("the output limit is reached"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
