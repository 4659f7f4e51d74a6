//! What a message carries from Xero when the organisation is connected: each invoice's PDF
//! (Xero's own rendering, `GET /Invoices/{id}` with `Accept: application/pdf`), cached under
//! `<data>/cache/invoice-pdf/<xero id>-<UpdatedDateUTC>.pdf` so a changed invoice is fetched
//! again, and its online invoice link for the `payment_link` placeholder.
//!
//! The rule (docs/SENDING.md "Attachments and the payment link"): a PDF that cannot be fetched
//! holds the message with the reason — a reminder never goes without the invoice it shows as
//! attached; a link that cannot be fetched is left out (the templates show the link only when
//! there is one) and the outcome says so.
//! Must not: write SQL, move outbox states, or send.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use settle_db::SendInvoice;
use settle_mail::Attachment;
use uuid::Uuid;

use crate::{ConnectedXero, Engine};

/// The PDFs to attach, the links to render, and notes about anything left out.
#[derive(Debug, Default)]
pub(crate) struct InvoiceExtras {
    pub links: HashMap<i64, String>,
    pub attachments: Vec<Attachment>,
    pub notes: Vec<String>,
}

/// The file name an invoice's PDF is attached under (also listed in approvals).
pub(crate) fn pdf_name(number: &str) -> String {
    let safe: String = number
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_. ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("Invoice {safe}.pdf")
}

impl Engine {
    /// Fetches (or reads from the cache) every invoice's PDF and link. `Err` is the reason the
    /// message must be held.
    pub(crate) async fn invoice_extras(
        &self,
        xero: &ConnectedXero,
        invoices: &[SendInvoice],
    ) -> Result<InvoiceExtras, String> {
        let mut extras = InvoiceExtras::default();
        for invoice in invoices {
            let number = &invoice.number;
            let Ok(id) = Uuid::parse_str(&invoice.xero_id) else {
                return Err(format!(
                    "Held: invoice {number} has no Xero id Settle can read, so its PDF cannot be \
                     attached. Sync with Xero (`settle sync --full`), then send again."
                ));
            };
            let bytes = self.invoice_pdf(xero, invoice, id).await.map_err(|e| {
                format!(
                    "Held: the PDF of invoice {number} could not be fetched from Xero ({e}). \
                     Settle does not send a reminder without the invoice it attaches; the next \
                     batch tries again."
                )
            })?;
            extras.attachments.push(Attachment {
                filename: pdf_name(number),
                content_type: "application/pdf".to_owned(),
                bytes,
            });
            match xero.client.online_invoice_url(xero.tenant, id).await {
                Ok(url) => {
                    extras.links.insert(invoice.id, url);
                }
                Err(e) => extras.notes.push(format!(
                    "the payment link of invoice {number} was left out (Xero: {e})"
                )),
            }
        }
        Ok(extras)
    }

    async fn invoice_pdf(
        &self,
        xero: &ConnectedXero,
        invoice: &SendInvoice,
        id: Uuid,
    ) -> Result<Vec<u8>, String> {
        let path = self.pdf_cache_path(invoice);
        if let Ok(bytes) = std::fs::read(&path) {
            if bytes.starts_with(b"%PDF") {
                return Ok(bytes);
            }
        }
        let bytes = xero
            .client
            .invoice_pdf(xero.tenant, id)
            .await
            .map_err(|e| e.to_string())?;
        // The cache is an optimisation: failing to write it never stops the send.
        let _ = write_atomically(&path, &bytes);
        Ok(bytes)
    }

    fn pdf_cache_path(&self, invoice: &SendInvoice) -> PathBuf {
        let clean = |s: &str| -> String {
            s.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect()
        };
        self.data_dir()
            .join("cache")
            .join("invoice-pdf")
            .join(format!(
                "{}-{}.pdf",
                clean(&invoice.xero_id),
                clean(&invoice.xero_updated_at)
            ))
    }
}

fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension("pdf.part");
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(tmp, path)
}
