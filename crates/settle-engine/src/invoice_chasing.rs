//! The invoice page's Chasing section: the calculated schedule of one invoice with the state of
//! every occurrence, switching chasing on or off for that invoice alone (audited, undoable like
//! a customer's), giving it its own steps, applying a cadence to it, and its own recipient list.

use settle_core::invoice::InvoiceStatus;
use settle_core::schedule::{invoice_schedule, StepInput};
use settle_db::{ApplyTo, BookScope, ChangeScope};

use crate::cadences::validated_as;
use crate::customers::invoice_row_view;
use crate::engine::instant_text;
use crate::invoice_chasing_views::{InvoiceChasingView, InvoiceScheduleView, RecipientView};
use crate::occurrence_views::{occurrence_view, past_sends, plan_input, step_views};
use crate::{ChangeReceipt, ChasingSettings, Engine, EngineError};

/// How a schedule the owner edited on one invoice is labelled (it follows no cadence any more).
fn edited_label(previous: Option<&str>) -> String {
    match previous.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) if p.ends_with("(edited for this invoice)") => p.to_owned(),
        Some(p) => format!("{p} (edited for this invoice)"),
        None => "Steps set for this invoice".to_owned(),
    }
}

/// Checks a recipient list typed by the owner: comma- or newline-separated email addresses.
/// Returns the cleaned list, or `None` for an empty one (back to the customer's usual people).
pub(crate) fn clean_recipients(text: &str) -> Result<Option<String>, EngineError> {
    let mut emails: Vec<String> = Vec::new();
    for part in text.split([',', ';', '\n']) {
        let email = part.trim();
        if email.is_empty() {
            continue;
        }
        let valid = email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        });
        if !valid {
            return Err(EngineError::InvalidInput(format!(
                "'{email}' is not an email address: write addresses like accounts@example.com, \
                 separated by commas"
            )));
        }
        if !emails.iter().any(|e| e.eq_ignore_ascii_case(email)) {
            emails.push(email.to_owned());
        }
    }
    Ok((!emails.is_empty()).then(|| emails.join(", ")))
}

impl Engine {
    /// The Chasing section of invoice `invoice_id` at the engine's `now`.
    pub async fn invoice_chasing(
        &self,
        invoice_id: i64,
    ) -> Result<InvoiceChasingView, EngineError> {
        let org = self.current().await?;
        let now = self.now();
        let today = self.today(&org);
        let tz = org.organisation.timezone;
        let stored = self.db.invoice(org.id, invoice_id).await?;
        let contact = self.db.contact(org.id, stored.contact_id).await?;
        let schedule = self.db.invoice_schedule(org.id, invoice_id).await?;
        let book = self
            .db
            .plan_book(org.id, &BookScope::Invoice(invoice_id), false)
            .await?;
        let mut occurrences = Vec::new();
        if let Some(book_invoice) = book.invoices.first() {
            if let Some(scheduled) = &book_invoice.schedule {
                let history = book.history_of(book_invoice.id);
                let input = plan_input(
                    book_invoice,
                    scheduled.applied_at,
                    book.hold_until_expected_payment,
                );
                let plan = invoice_schedule(
                    &input,
                    &book.schedules[scheduled.steps],
                    tz,
                    &past_sends(history),
                    now,
                );
                occurrences = plan
                    .iter()
                    .map(|o| occurrence_view(book_invoice, o, history))
                    .collect();
            }
        }
        let invoice = &stored.invoice;
        let customer_chasing = contact.contact.chasing.is_chasing();
        let stopped_because = if !invoice.is_open() {
            let why = match invoice.status {
                InvoiceStatus::Paid => "is paid",
                InvoiceStatus::Voided => "was voided",
                InvoiceStatus::Deleted => "was deleted",
                InvoiceStatus::Draft | InvoiceStatus::Submitted => "is not issued yet",
                InvoiceStatus::Authorised => "has nothing left to pay",
            };
            Some(format!("This invoice {why}: no reminders are sent for it."))
        } else if !customer_chasing {
            Some(format!(
                "Chasing is stopped for {}: none of its invoices are chased.",
                contact.contact.name
            ))
        } else if !invoice.chasing_enabled {
            Some("Chasing is off for this invoice.".to_owned())
        } else if schedule.is_none() {
            Some("This invoice has no schedule yet: apply a cadence to chase it.".to_owned())
        } else {
            None
        };
        let people = contact
            .contact
            .persons
            .iter()
            .filter_map(|p| {
                let email = p.email.clone().filter(|e| !e.trim().is_empty())?;
                Some(RecipientView {
                    name: format!("{} {}", p.first_name, p.last_name)
                        .trim()
                        .to_owned(),
                    email,
                    roles: p.roles.clone(),
                    usual: p.include_in_emails,
                })
            })
            .collect();
        Ok(InvoiceChasingView {
            invoice: invoice_row_view(&stored, today),
            customer_id: stored.contact_id,
            customer_name: contact.contact.name.clone(),
            expected_payment_date: invoice
                .expected_payment_date
                .map(|d| d.format("%Y-%m-%d").to_string()),
            invoice_chasing: invoice.chasing_enabled,
            customer_chasing,
            hold_until_expected_payment: book.hold_until_expected_payment,
            stopped_because,
            recipients_override: schedule
                .as_ref()
                .and_then(|s| s.recipients_override.clone()),
            schedule: schedule.map(|s| InvoiceScheduleView {
                source: s.source_cadence_name.clone(),
                from_cadence: s.source_cadence_id.is_some(),
                applied_at: instant_text(s.applied_at),
                steps: step_views(&s.steps),
            }),
            occurrences,
            people,
            roles: self.db.contact_roles(org.id).await?,
        })
    }

    /// Switches chasing on or off for one invoice; its customer is left as it is. Undoable.
    pub async fn set_invoice_chasing(
        &self,
        invoice_id: i64,
        chasing: bool,
        actor: &str,
    ) -> Result<ChangeReceipt, EngineError> {
        let org = self.current().await?;
        let number = self.db.invoice(org.id, invoice_id).await?.invoice.number;
        let summary = if chasing {
            format!("Started chasing invoice {number}.")
        } else {
            format!("Stopped chasing invoice {number}.")
        };
        let change = self
            .db
            .set_chasing(
                org.id,
                ChangeScope::Invoice(invoice_id),
                chasing,
                actor,
                self.now(),
                |_, _| summary.clone(),
            )
            .await?;
        Ok(ChangeReceipt {
            audit_id: change.audit_id,
            summary,
            customers: change.contacts as u32,
            invoices: change.invoices as u32,
        })
    }

    /// Gives one invoice its own steps, applied now (steps already past are not sent late).
    pub async fn set_invoice_steps(
        &self,
        invoice_id: i64,
        steps: &[StepInput],
    ) -> Result<InvoiceChasingView, EngineError> {
        let org = self.current().await?;
        let stored = self.db.invoice(org.id, invoice_id).await?;
        let schedule = validated_as(&format!("invoice {}", stored.invoice.number), steps)?;
        let previous = self.db.invoice_schedule(org.id, invoice_id).await?;
        let label = edited_label(previous.as_ref().map(|p| p.source_cadence_name.as_str()));
        self.db
            .set_invoice_steps(org.id, invoice_id, &schedule, &label, self.now())
            .await?;
        self.invoice_chasing(invoice_id).await
    }

    /// Applies cadence `name` to one invoice (a fresh copy of its steps, applied now).
    pub async fn apply_cadence_to_invoice(
        &self,
        invoice_id: i64,
        name: &str,
    ) -> Result<InvoiceChasingView, EngineError> {
        let org = self.current().await?;
        self.db.invoice(org.id, invoice_id).await?;
        let cadence = self.cadence_row(org.id, name).await?;
        self.db
            .apply_cadence(
                org.id,
                cadence.id,
                &ApplyTo::Invoices(vec![invoice_id]),
                self.now(),
            )
            .await?;
        self.invoice_chasing(invoice_id).await
    }

    /// Sets the invoice's own recipient list (comma-separated emails), or with an empty text
    /// goes back to the customer's usual people.
    pub async fn set_invoice_recipients(
        &self,
        invoice_id: i64,
        recipients: &str,
    ) -> Result<InvoiceChasingView, EngineError> {
        let org = self.current().await?;
        let cleaned = clean_recipients(recipients)?;
        self.db
            .set_recipients_override(org.id, invoice_id, cleaned.as_deref())
            .await?;
        self.invoice_chasing(invoice_id).await
    }

    /// The organisation's chasing settings: hold until the expected payment date, the contact
    /// roles steps can name, and the time zone steps' hours are in.
    pub async fn chasing_settings(&self) -> Result<ChasingSettings, EngineError> {
        let org = self.current().await?;
        Ok(ChasingSettings {
            hold_until_expected_payment: self.db.hold_until_expected_payment(org.id).await?,
            roles: self.db.contact_roles(org.id).await?,
            timezone: org.organisation.timezone.name().to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_are_cleaned_and_checked() {
        assert_eq!(clean_recipients("").unwrap(), None);
        assert_eq!(clean_recipients(" , \n").unwrap(), None);
        assert_eq!(
            clean_recipients("a@x.example; B@y.example\nA@x.example").unwrap(),
            Some("a@x.example, B@y.example".to_owned())
        );
        for bad in ["nobody", "a@b", "a @x.example", "@x.example", "a@.example"] {
            let err = clean_recipients(bad).unwrap_err().to_string();
            assert!(err.contains("is not an email address"), "{bad}: {err}");
        }
    }

    #[test]
    fn an_edited_schedule_says_where_it_came_from_once() {
        assert_eq!(
            edited_label(Some("Standard")),
            "Standard (edited for this invoice)"
        );
        assert_eq!(
            edited_label(Some("Standard (edited for this invoice)")),
            "Standard (edited for this invoice)"
        );
        assert_eq!(edited_label(None), "Steps set for this invoice");
    }
}
