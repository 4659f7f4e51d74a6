//! Writing to Xero from the invoice page and the sender (docs/XERO-SYNC.md "Write back and links",
//! decision 0022): an invoice's expected payment date (set or cleared with the minimal body), and
//! a History note when a reminder was sent.
//!
//! Nothing the owner typed is lost: when Xero refuses the date (a payment or credit note
//! allocated, a lock date), cannot be reached, or needs reconnecting, the date is kept in Settle
//! only with the reason in words and what to do, and the planner uses it all the same (settle-db's
//! `EFFECTIVE_EXPECTED_DATE`). A reconnect-needed failure also pauses chasing
//! (`note_xero_failure`). Saving the same date again is the retry.
//!
//! Owns: choosing the Xero connection for the current organisation (the owner's, or the demo's
//! in-process one), turning Xero's answers into a saved or kept date. Must not: write SQL, send
//! mail, or retry a note on its own (the sender decides; a note never fails or repeats a send).

use chrono::NaiveDate;
use settle_db::InvoiceXeroFacts;
use settle_xero::{RefusalKind, XeroError};
use uuid::Uuid;

use crate::{
    ConnectedXero, Engine, EngineError, ExpectedDateWhere, ExpectedPaymentDateView, XeroSettings,
};

impl Engine {
    /// The Xero connection of the current organisation: the owner's, or the demo's own
    /// in-process fake-xero (decision 0020).
    pub async fn current_xero(
        &self,
        settings: &XeroSettings,
    ) -> Result<ConnectedXero, EngineError> {
        match self.xero_connection().await? {
            Some(_) => self.connected_xero(settings).await,
            None if self.current().await.is_ok_and(|o| o.organisation.is_demo) => {
                self.demo_xero().await
            }
            None => Err(EngineError::XeroNotConnected),
        }
    }

    /// The invoice's expected payment date as the invoice page shows it (no Xero call).
    pub async fn expected_payment_date(
        &self,
        invoice_id: i64,
    ) -> Result<ExpectedPaymentDateView, EngineError> {
        let org = self.current().await?;
        let facts = self.db.invoice_xero_facts(org.id, invoice_id).await?;
        let message = match &facts.kept {
            Some(kept) => format!("Kept in Settle only: {}", kept.reason),
            None if facts.xero_expected.is_some() => "Saved in Xero.".to_owned(),
            None => "No expected payment date.".to_owned(),
        };
        Ok(view_of(&facts, message))
    }

    /// Sets (`Some`) or clears (`None`) the invoice's expected payment date in Xero; when Xero
    /// does not take it, keeps it in Settle only and says why (see the module documentation).
    /// `actor` is recorded in the audit log (`owner`, `cli`).
    pub async fn set_expected_payment_date(
        &self,
        settings: &XeroSettings,
        invoice_id: i64,
        date: Option<NaiveDate>,
        actor: &str,
    ) -> Result<ExpectedPaymentDateView, EngineError> {
        let org = self.current().await?;
        let facts = self.db.invoice_xero_facts(org.id, invoice_id).await?;
        if let Some(reason) = cannot_set(&facts) {
            return Err(EngineError::InvalidInput(reason));
        }
        let now = self.now();
        let written = match Uuid::parse_str(&facts.xero_invoice_id) {
            // Xero already has it (e.g. clearing a date only Settle kept): nothing to write.
            _ if facts.kept.is_some() && date == facts.xero_expected => Ok(date),
            Ok(xero_id) => {
                let key = format!(
                    "settle-expected-{xero_id}-{}-{}",
                    date.map_or_else(|| "clear".to_owned(), |d| d.to_string()),
                    now.timestamp()
                );
                async {
                    let xero = self.current_xero(settings).await?;
                    let saved = xero
                        .client
                        .set_expected_payment_date(xero.tenant, xero_id, date, &key)
                        .await?;
                    Ok::<_, EngineError>(saved.expected_payment_date.map(|d| d.date()))
                }
                .await
            }
            Err(_) => Err(EngineError::InvalidInput(format!(
                "invoice {} has no Xero id Settle can read",
                facts.number
            ))),
        };
        let outcome = match written {
            Ok(echoed) if echoed == date => {
                self.db
                    .record_expected_date_in_xero(org.id, invoice_id, date, now, actor)
                    .await?;
                match date {
                    Some(d) => format!(
                        "Saved in Xero: payment expected on {}.",
                        d.format("%-d %b %Y")
                    ),
                    None => "Cleared in Xero.".to_owned(),
                }
            }
            Ok(echoed) => {
                // Xero answered 200 but kept another date (clearing is UNVERIFIED, NOTES.md §8).
                self.db
                    .record_expected_date_in_xero(org.id, invoice_id, echoed, now, actor)
                    .await?;
                let reason = format!(
                    "Xero answered but still shows {}. Change it in Xero (Edit in Xero), then \
                     sync.",
                    echoed.map_or_else(|| "no date".to_owned(), |d| d.to_string())
                );
                self.keep(org.id, invoice_id, date, &reason, actor).await?
            }
            Err(error) => {
                let reason = refusal_reason(&error);
                if matches!(error, EngineError::Xero(_)) {
                    self.note_xero_failure(org.id, &error).await?;
                } else if !matches!(
                    error,
                    EngineError::XeroNotConnected | EngineError::InvalidInput(_)
                ) {
                    return Err(error);
                }
                self.keep(org.id, invoice_id, date, &reason, actor).await?
            }
        };
        let facts = self.db.invoice_xero_facts(org.id, invoice_id).await?;
        Ok(view_of(&facts, outcome))
    }

    async fn keep(
        &self,
        org: i64,
        invoice_id: i64,
        date: Option<NaiveDate>,
        reason: &str,
        actor: &str,
    ) -> Result<String, EngineError> {
        self.db
            .keep_expected_date(org, invoice_id, date, reason, self.now(), actor)
            .await?;
        Ok(format!("Kept in Settle only: {reason}"))
    }

    /// Adds "`text`" to the invoice's History and notes in Xero (cut to Xero's 250 characters).
    /// Called by the sender after a reminder is recorded as sent: an `Err` is for the caller to
    /// log, never a reason to fail or repeat the send. A reconnect-needed failure pauses chasing.
    pub async fn note_reminder_sent_in_xero(
        &self,
        settings: &XeroSettings,
        invoice_id: i64,
        text: &str,
    ) -> Result<(), EngineError> {
        let org = self.current().await?;
        let facts = self.db.invoice_xero_facts(org.id, invoice_id).await?;
        let xero_id = Uuid::parse_str(&facts.xero_invoice_id).map_err(|_| {
            EngineError::InvalidInput(format!(
                "Invoice {} has no Xero id Settle can read, so no note was added in Xero. Sync \
                 with Xero (`settle sync --full`).",
                facts.number
            ))
        })?;
        let details = cut(text, settings_max_note());
        // One key per invoice, day and text: a retry of the same note cannot add it twice.
        let key = format!(
            "settle-note-{xero_id}-{}-{:016x}",
            self.now().format("%Y%m%d"),
            fnv1a(&details)
        );
        let result = async {
            let xero = self.current_xero(settings).await?;
            xero.client
                .add_history_note(xero.tenant, xero_id, &details, &key)
                .await?;
            Ok::<_, EngineError>(())
        }
        .await;
        if let Err(error) = &result {
            self.note_xero_failure(org.id, error).await?;
        }
        result
    }
}

/// The window's date field: `YYYY-MM-DD`, or empty for "no date".
pub fn parse_expected_date(text: Option<&str>) -> Result<Option<NaiveDate>, EngineError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                EngineError::InvalidInput(format!(
                "\"{t}\" is not a date Settle can read. Pick one in the date field (YYYY-MM-DD)."
            ))
            }),
    }
}

fn settings_max_note() -> usize {
    settle_xero::MAX_NOTE_CHARS
}

/// `text` cut to `max` characters, ending with "…" when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// A stable 64-bit FNV-1a hash (std's hasher may change between Rust versions).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Why the date cannot be set at all (asking Xero would be pointless), or `None`.
fn cannot_set(facts: &InvoiceXeroFacts) -> Option<String> {
    match facts.status.as_str() {
        "PAID" => Some(format!(
            "Invoice {} is paid in full, so there is no payment left to expect.",
            facts.number
        )),
        "VOIDED" | "DELETED" => Some(format!(
            "Invoice {} is {} in Xero, so it takes no expected payment date.",
            facts.number,
            facts.status.to_lowercase()
        )),
        _ => None,
    }
}

/// Why Xero does not have the date, and what the owner can do, in words.
fn refusal_reason(error: &EngineError) -> String {
    match error {
        EngineError::Xero(XeroError::Refused { refusal, .. }) => match refusal.kind {
            RefusalKind::PaymentAllocated => format!(
                "Xero does not allow this change because a payment or credit note is allocated to \
                 the invoice (Xero: \"{}\"). Settle uses the date for reminders all the same; to \
                 have it in Xero too, add it as a note on the invoice in Xero.",
                refusal.messages.join(" ")
            ),
            RefusalKind::LockDate => format!(
                "the invoice is dated inside a period locked in Xero (Xero: \"{}\"). Settle uses \
                 the date for reminders all the same; to have it in Xero too, ask your adviser to \
                 move the lock date (Xero: Settings → Advanced → Financial settings), then Save \
                 again.",
                refusal.messages.join(" ")
            ),
            _ => format!(
                "Xero refused it ({refusal}). Settle uses the date for reminders all the same; \
                 sync with Xero to see the invoice as Xero has it."
            ),
        },
        EngineError::XeroNotConnected => "Settle is not connected to Xero. Connect to Xero, \
             then Save again to put the date in Xero too."
            .to_owned(),
        EngineError::Xero(e) if e.needs_reconnect() => {
            format!("{e} Then Save again to put the date in Xero too.")
        }
        other => format!("{other} Save again later to put the date in Xero too."),
    }
}

fn view_of(facts: &InvoiceXeroFacts, message: String) -> ExpectedPaymentDateView {
    let text = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let cannot = cannot_set(facts);
    ExpectedPaymentDateView {
        invoice_id: facts.id,
        date: text(facts.kept.as_ref().map_or(facts.xero_expected, |k| k.date)),
        stored_in: if facts.kept.is_some() {
            ExpectedDateWhere::SettleOnly
        } else {
            ExpectedDateWhere::Xero
        },
        xero_date: text(facts.xero_expected),
        kept_reason: facts.kept.as_ref().map(|k| k.reason.clone()),
        message,
        can_set: cannot.is_none(),
        cannot_set_reason: cannot,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_dates_parse_or_say_what_to_type() {
        assert_eq!(parse_expected_date(None).unwrap(), None);
        assert_eq!(parse_expected_date(Some(" ")).unwrap(), None);
        assert_eq!(
            parse_expected_date(Some("2026-08-01")).unwrap(),
            NaiveDate::from_ymd_opt(2026, 8, 1)
        );
        let error = parse_expected_date(Some("1/8/26")).unwrap_err().to_string();
        assert!(error.contains("YYYY-MM-DD"), "{error}");
    }

    #[test]
    fn notes_are_cut_to_xero_limit_and_keys_are_stable() {
        assert_eq!(cut("short", 250), "short");
        let long = "é".repeat(300);
        let cut_text = cut(&long, 250);
        assert_eq!(cut_text.chars().count(), 250);
        assert!(cut_text.ends_with('…'));
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(fnv1a("reminder 1"), fnv1a("reminder 2"));
    }
}
