//! Xero's 400 bodies (NOTES.md §8, §13): `ValidationException` (ErrorNumber 10) with
//! `Elements[].ValidationErrors[].Message`, and the single-message kinds such as
//! `PostDataInvalidException` (14) and `QueryParseException`. Owns: reading them into a
//! [`Refusal`] that says why, in Xero's words, plus a coarse [`RefusalKind`] the UI can branch on.
//! Must not: decide retries.

use serde::Deserialize;

/// Why Xero refused a change, as far as its message tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// "This document cannot be edited as it has a payment or credit note allocated to it."
    PaymentAllocated,
    /// "The document date cannot be before the period lock date …" (or end of year lock date).
    LockDate,
    /// "Invoice not of valid status for modification" (VOIDED, DELETED).
    InvalidStatus,
    Other,
}

/// A ValidationException read for people: every message Xero gave, and their kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub kind: RefusalKind,
    /// Xero's own sentences, in order, without duplicates.
    pub messages: Vec<String>,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let said = self.messages.join(" ");
        let hint = match self.kind {
            RefusalKind::PaymentAllocated => {
                " (Xero does not allow this once a payment or credit note is applied.)"
            }
            RefusalKind::LockDate => {
                " (The invoice is dated inside a period locked in Xero's settings.)"
            }
            RefusalKind::InvalidStatus => " (The invoice is voided or deleted in Xero.)",
            RefusalKind::Other => "",
        };
        write!(f, "{said}{hint}")
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorBody {
    #[serde(rename = "Type", default)]
    kind: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    elements: Vec<ElementBody>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ElementBody {
    #[serde(default)]
    validation_errors: Vec<MessageBody>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MessageBody {
    #[serde(default)]
    message: Option<String>,
}

/// What a 400 body says: a validation refusal, or another kind of Xero error with its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BadRequestBody {
    Validation(Refusal),
    Other { kind: String, message: String },
}

pub(crate) fn read_bad_request(body: &[u8]) -> BadRequestBody {
    let Ok(parsed) = serde_json::from_slice::<ErrorBody>(body) else {
        let text = String::from_utf8_lossy(body);
        return BadRequestBody::Other {
            kind: "HTTP 400".to_owned(),
            message: text.chars().take(300).collect(),
        };
    };
    let kind = parsed.kind.unwrap_or_else(|| "Error".to_owned());
    let mut messages: Vec<String> = Vec::new();
    for element in &parsed.elements {
        for error in &element.validation_errors {
            if let Some(m) = error.message.as_deref().map(str::trim) {
                if !m.is_empty() && !messages.iter().any(|seen| seen == m) {
                    messages.push(m.to_owned());
                }
            }
        }
    }
    if kind == "ValidationException" {
        if messages.is_empty() {
            messages.extend(parsed.message.clone());
        }
        return BadRequestBody::Validation(Refusal {
            kind: classify(&messages),
            messages,
        });
    }
    BadRequestBody::Other {
        kind,
        message: parsed.message.unwrap_or_default(),
    }
}

fn classify(messages: &[String]) -> RefusalKind {
    let any = |needle: &str| messages.iter().any(|m| m.to_lowercase().contains(needle));
    if any("payment or credit note allocated") {
        RefusalKind::PaymentAllocated
    } else if any("lock date") {
        RefusalKind::LockDate
    } else if any("not of valid status") {
        RefusalKind::InvalidStatus
    } else {
        RefusalKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_messages_are_collected_and_classified() {
        let body = br#"{"ErrorNumber":10,"Type":"ValidationException","Message":"A validation exception occurred",
            "Elements":[{"InvoiceID":"x","ValidationErrors":[
              {"Message":"This document cannot be edited as it has a payment or credit note allocated to it."},
              {"Message":"This document cannot be edited as it has a payment or credit note allocated to it."}]}]}"#;
        let BadRequestBody::Validation(refusal) = read_bad_request(body) else {
            panic!("a validation refusal")
        };
        assert_eq!(refusal.kind, RefusalKind::PaymentAllocated);
        assert_eq!(refusal.messages.len(), 1, "duplicates dropped");
        assert!(refusal
            .to_string()
            .contains("payment or credit note is applied"));
    }

    #[test]
    fn other_kinds_and_non_json_keep_their_words() {
        let body = br#"{"ErrorNumber":14,"Type":"PostDataInvalidException","Message":"The element 'X' was not recognised"}"#;
        assert_eq!(
            read_bad_request(body),
            BadRequestBody::Other {
                kind: "PostDataInvalidException".into(),
                message: "The element 'X' was not recognised".into()
            }
        );
        let BadRequestBody::Other { message, .. } = read_bad_request(b"plain words") else {
            panic!()
        };
        assert_eq!(message, "plain words");
    }
}
