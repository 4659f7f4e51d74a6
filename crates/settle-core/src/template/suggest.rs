//! Finding the mistyped name behind a minijinja "undefined value" error, and the closest name the
//! owner probably meant.
//!
//! minijinja reports only the span of the failing expression (`invoce_number`, or a whole
//! `if invoice.numbr > 3`), so the span is read name by name against the placeholder list, the
//! template's own loop and `set` variables, and loop attributes.
//!
//! Owns: [`unknown_name`], [`closest_filter`]. Must not: decide how errors are worded beyond the
//! unknown-name sentence (error.rs).

use super::placeholder::{invoice_field_names, top_level_names};
use super::render::FILTERS;

/// Words of the template language and its one global function: never placeholders.
const KEYWORDS: &[&str] = &[
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "in",
    "not",
    "and",
    "or",
    "is",
    "true",
    "false",
    "none",
    "True",
    "False",
    "None",
    "set",
    "endset",
    "with",
    "endwith",
    "recursive",
    "filter",
    "endfilter",
    "raw",
    "endraw",
    "range",
    "loop",
];

/// What `loop.` offers inside a for loop.
const LOOP_FIELDS: &[&str] = &[
    "index",
    "index0",
    "revindex",
    "revindex0",
    "first",
    "last",
    "length",
    "depth",
    "depth0",
    "cycle",
    "changed",
];

/// A name the template uses that does not exist, as written, with the likely intended name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unknown {
    pub written: String,
    pub suggestion: Option<String>,
}

impl Unknown {
    pub(crate) fn sentence(&self) -> String {
        match &self.suggestion {
            Some(near) => format!(
                "unknown placeholder '{}'. Did you mean '{near}'?",
                self.written
            ),
            None => format!(
                "unknown placeholder '{}'. Use one of the placeholders listed in the help.",
                self.written
            ),
        }
    }
}

/// The first name in `span` (a piece of `source`) that is neither a placeholder, a variable the
/// template defines, nor part of the template language.
pub(crate) fn unknown_name(span: &str, source: &str) -> Option<Unknown> {
    let locals = local_variables(source);
    for (chain, after_dot) in chains(span) {
        let head = chain[0];
        if after_dot {
            // `invoices[0].numbr`: an attribute of an invoice reached some other way.
            if !invoice_field_names().any(|field| field == head) {
                return Some(Unknown {
                    written: head.to_owned(),
                    suggestion: closest(head, invoice_field_names()).map(str::to_owned),
                });
            }
            continue;
        }
        let field = chain.get(1).copied();
        if head == "loop" {
            match field {
                Some(field) if !LOOP_FIELDS.contains(&field) => {
                    return Some(attribute(head, field, LOOP_FIELDS.iter().copied()));
                }
                _ => continue,
            }
        }
        if KEYWORDS.contains(&head) {
            continue;
        }
        if let Some((_, over_invoices)) = locals.iter().find(|(name, _)| name == head) {
            match field {
                Some(field) if *over_invoices && !invoice_field_names().any(|f| f == field) => {
                    return Some(attribute(head, field, invoice_field_names()));
                }
                _ => continue,
            }
        }
        if top_level_names().any(|name| name == head) {
            match field {
                Some(field) => return Some(attribute(head, field, std::iter::empty())),
                None => continue,
            }
        }
        let prefixed = format!("invoice_{head}");
        let suggestion = if top_level_names().any(|name| name == prefixed) {
            Some(prefixed)
        } else {
            closest(head, top_level_names()).map(str::to_owned)
        };
        return Some(Unknown {
            written: head.to_owned(),
            suggestion,
        });
    }
    None
}

/// The closest filter name, for an unknown filter.
pub(crate) fn closest_filter(name: &str) -> Option<&'static str> {
    closest(name, FILTERS.iter().copied())
}

fn attribute<'a>(head: &str, field: &str, fields: impl Iterator<Item = &'a str>) -> Unknown {
    Unknown {
        written: format!("{head}.{field}"),
        suggestion: closest(field, fields).map(|near| format!("{head}.{near}")),
    }
}

/// The candidate most like `name`, if any is close enough to be a typo of it.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|candidate| {
            let distance = strsim::levenshtein(name, candidate);
            let likeness = strsim::jaro_winkler(name, candidate);
            (candidate, distance, likeness)
        })
        .filter(|(_, distance, likeness)| *distance <= 2 || *likeness >= 0.88)
        .min_by(|a, b| a.1.cmp(&b.1).then(b.2.total_cmp(&a.2)))
        .map(|(candidate, _, _)| candidate)
}

/// The dotted names in an expression (`invoice.number`), skipping string literals, filter names
/// (after `|`) and test names (after `is`). `true` marks a name right after a `.` (an attribute
/// of something that is not a plain name, e.g. `invoices[0].number`).
fn chains(expr: &str) -> Vec<(Vec<&str>, bool)> {
    let bytes = expr.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut skip_next = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'"' || b == b'\'' {
            i += 1;
            while i < bytes.len() && bytes[i] != b {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else if b == b'|' {
            skip_next = true;
            i += 1;
        } else if b.is_ascii_alphabetic() || b == b'_' {
            let after_dot = i > 0 && bytes[i - 1] == b'.';
            let mut chain = Vec::new();
            loop {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                chain.push(&expr[start..i]);
                let more = i + 1 < bytes.len()
                    && bytes[i] == b'.'
                    && (bytes[i + 1].is_ascii_alphabetic() || bytes[i + 1] == b'_');
                if !more {
                    break;
                }
                i += 1;
            }
            if chain[0] == "is" {
                skip_next = true;
            } else if skip_next {
                // A filter or test name; `is not defined` names its test after the `not`.
                skip_next = chain[0] == "not";
            } else {
                out.push((chain, after_dot));
            }
        } else {
            if !b.is_ascii_whitespace() {
                skip_next = false;
            }
            i += 1;
        }
    }
    out
}

/// Variables the template defines itself: `for a, b in ...` (`true` when looping over
/// `invoices`), `set a = ...` and `with a = ...`.
fn local_variables(source: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for tag in source.split("{%").skip(1) {
        let tag = tag.split("%}").next().unwrap_or_default();
        let tag = tag.trim_start_matches(['-', '+', '~']).trim();
        if let Some(rest) = tag.strip_prefix("for ") {
            let Some((names, iterable)) = rest.split_once(" in ") else {
                continue;
            };
            let over_invoices = iterable.trim_start().starts_with("invoices");
            for name in names.split(',') {
                out.push((
                    name.trim().trim_matches(['(', ')']).trim().to_owned(),
                    over_invoices,
                ));
            }
        } else if let Some(rest) = tag
            .strip_prefix("set ")
            .or_else(|| tag.strip_prefix("with "))
        {
            for assignment in rest.split(',') {
                let name = assignment.split('=').next().unwrap_or_default().trim();
                out.push((name.to_owned(), false));
            }
        }
    }
    out
}
