//! Template errors as an owner reads them: which part, which line, what is wrong and how to fix
//! it ("Line 3 of the body: unknown placeholder 'invoce_number'. Did you mean
//! 'invoice_number'?").
//!
//! Owns: [`TemplatePart`], [`TemplateError`] and the translation of minijinja's errors. Must not:
//! render (render.rs) or guess names without the placeholder list (suggest.rs).

use minijinja::ErrorKind;
use serde::{Deserialize, Serialize};

use super::format::group_digits;
use super::suggest::{closest_filter, unknown_name};

/// The part of an [`super::EmailTemplate`] an error is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TemplatePart {
    Subject,
    Body,
}

impl TemplatePart {
    /// `subject` or `body`.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplatePart::Subject => "subject",
            TemplatePart::Body => "body",
        }
    }
}

/// A template that cannot be rendered. `line` counts from 1 in the part's own text; the Display
/// form is the sentence shown to the owner.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", location(*part, *line))]
pub struct TemplateError {
    pub part: TemplatePart,
    pub line: Option<usize>,
    pub message: String,
}

impl TemplateError {
    pub fn new(part: TemplatePart, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            part,
            line,
            message: message.into(),
        }
    }
}

/// "Line 3 of the body: " / "In the subject: " (the subject is one line, so its line number
/// would only add noise).
fn location(part: TemplatePart, line: Option<usize>) -> String {
    match (part, line) {
        (TemplatePart::Body, Some(line)) => format!("Line {line} of the body: "),
        (part, _) => format!("In the {}: ", part.as_str()),
    }
}

/// Why a render stopped, when it was not minijinja's doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The output passed its size limit (in bytes).
    TooLong(usize),
}

/// Turns a minijinja error into the owner's sentence. `source` is the text that was compiled
/// (its byte offsets are the error's), `stop` a limit the renderer enforced itself.
pub(crate) fn from_minijinja(
    err: &minijinja::Error,
    part: TemplatePart,
    source: &str,
    stop: Option<Stop>,
) -> TemplateError {
    let line = err.line();
    let span = err
        .range()
        .and_then(|range| source.get(range))
        .map(str::trim)
        .filter(|span| !span.is_empty());
    let detail = err.detail().unwrap_or_default();
    let message = match err.kind() {
        ErrorKind::WriteFailure => match stop {
            Some(Stop::TooLong(limit)) => format!(
                "the filled-in {} is longer than {} characters. Shorten the template, or list \
                 fewer invoices.",
                part.as_str(),
                group_digits(&limit.to_string())
            ),
            None => format!("the {} could not be written ({detail}).", part.as_str()),
        },
        ErrorKind::UndefinedError => match span.and_then(|span| unknown_name(span, source)) {
            Some(unknown) => unknown.sentence(),
            None => format!(
                "something here is not defined{}. Use only the placeholders listed in the help.",
                span.map(|span| format!(" ('{span}')")).unwrap_or_default()
            ),
        },
        ErrorKind::UnknownFilter => {
            let name = span.unwrap_or_default();
            match closest_filter(name) {
                Some(near) => format!("unknown filter '{name}'. Did you mean '{near}'?"),
                None => format!(
                    "unknown filter '{name}'. Filters you can use: {}.",
                    super::render::FILTERS.join(", ")
                ),
            }
        }
        ErrorKind::UnknownTest => format!("unknown test 'is {}'.", span.unwrap_or_default()),
        ErrorKind::UnknownFunction => format!(
            "unknown function '{}'. Templates can only use range().",
            span.unwrap_or_default()
        ),
        ErrorKind::UnknownMethod => {
            format!(
                "'{}' cannot be used here: {detail}.",
                span.unwrap_or_default()
            )
        }
        ErrorKind::OutOfFuel => "the template takes too many steps to fill in: is there a loop \
             that never ends, or loops inside loops? Simplify it."
            .to_owned(),
        ErrorKind::SyntaxError => syntax_message(detail),
        ErrorKind::InvalidOperation if detail.contains("recursion limit") => {
            "the template nests too deeply (a loop that calls itself?). Simplify it.".to_owned()
        }
        _ if !detail.is_empty() => format!("this could not be filled in: {detail}."),
        kind => format!("this could not be filled in: {kind}."),
    };
    TemplateError::new(part, line, message)
}

/// Syntax errors, with the statements templates do not offer named as such.
fn syntax_message(detail: &str) -> String {
    if let Some(statement) = detail.strip_prefix("unknown statement ") {
        return format!(
            "'{{% {statement} %}}' is not available in email templates. Use if, for, set and \
             with."
        );
    }
    format!(
        "{detail}. Check that every '{{{{' has its '}}}}', every '{{%' its '%}}', and every \
         'if' or 'for' its 'endif' or 'endfor'."
    )
}
