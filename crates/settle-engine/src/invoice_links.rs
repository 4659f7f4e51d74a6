//! Ways out of Settle to an invoice in Xero (NOTES.md §9, §10): the "View in Xero" and "Edit in
//! Xero" deep links built from the organisation's short code, the customer's online invoice
//! (payment) link fetched on demand and kept on the invoice row, and Xero's PDF of the invoice
//! as a file the window opens in the system viewer.
//!
//! The PDF cache is `<data>/cache/invoice-pdf/<Xero id>-<UpdatedDateUTC>.pdf`, the same layout
//! the sender's attachments use (send_attachments.rs), so both share it and an invoice edited in
//! Xero (a new UpdatedDateUTC after the next sync) is fetched again.
//! Owns: those links and the PDF file. Must not: write to Xero or open anything itself (the
//! window opens links in the system browser).

use std::io::Write;
use std::path::{Path, PathBuf};

use settle_db::InvoiceXeroFacts;
use uuid::Uuid;

use crate::{Engine, EngineError, InvoiceLinksView, XeroSettings};

/// Xero's deep-link entry point (NOTES.md §10).
const XERO_LOGIN_REDIRECT: &str = "https://go.xero.com/organisationlogin/default.aspx";

impl Engine {
    /// The invoice's links into Xero. The online invoice link is asked of Xero once (drafts have
    /// none) and kept; when Xero cannot give it, `note` says why and the other links still come.
    pub async fn invoice_links(
        &self,
        settings: &XeroSettings,
        invoice_id: i64,
    ) -> Result<InvoiceLinksView, EngineError> {
        let org = self.current().await?;
        let facts = self.db.invoice_xero_facts(org.id, invoice_id).await?;
        let mut notes = Vec::new();
        // The demo lives in Settle's own in-process fake-xero: a link into the real Xero web app
        // would open someone else's (or no) organisation, so the demo offers none.
        let short_code = if org.organisation.is_demo {
            notes
                .push("The demo business is not in Xero, so there is no Xero page to open.".into());
            None
        } else {
            org.organisation.xero_short_code.filter(|s| !s.is_empty())
        };
        if short_code.is_none() && !org.organisation.is_demo {
            notes.push("Xero links appear after the first sync with Xero.".to_owned());
        }
        let view = short_code
            .as_deref()
            .map(|code| deep_link(code, "View", &facts.xero_invoice_id));
        let edit = short_code
            .as_deref()
            .filter(|_| editable_in_xero(&facts))
            .map(|code| deep_link(code, "Edit", &facts.xero_invoice_id));
        let online = match (&facts.online_invoice_url, facts.status.as_str()) {
            (Some(url), _) => Some(url.clone()),
            (None, "DRAFT") => {
                notes.push("Xero has no online invoice for a draft; approve it in Xero.".into());
                None
            }
            (None, "VOIDED" | "DELETED") => None,
            (None, _) => match self.fetch_online_invoice(settings, org.id, &facts).await {
                Ok(url) => Some(url),
                Err(e) => {
                    notes.push(format!("The payment link could not be fetched: {e}"));
                    None
                }
            },
        };
        Ok(InvoiceLinksView {
            view_in_xero: view,
            edit_in_xero: edit,
            online_invoice: online,
            note: (!notes.is_empty()).then(|| notes.join(" ")),
        })
    }

    /// One of the invoice's links by name (`view`, `edit`, `online`), for the window to open:
    /// the window never passes a URL of its own to be opened.
    pub async fn invoice_link(
        &self,
        settings: &XeroSettings,
        invoice_id: i64,
        which: &str,
    ) -> Result<String, EngineError> {
        let links = self.invoice_links(settings, invoice_id).await?;
        let (link, name) = match which {
            "view" => (links.view_in_xero, "View in Xero"),
            "edit" => (links.edit_in_xero, "Edit in Xero"),
            "online" => (links.online_invoice, "the payment link"),
            other => {
                return Err(EngineError::InvalidInput(format!(
                    "\"{other}\" is not an invoice link; use view, edit or online."
                )))
            }
        };
        link.ok_or_else(|| {
            EngineError::InvalidInput(format!(
                "This invoice has no {name} link. {}",
                links.note.unwrap_or_default()
            ))
        })
    }

    async fn fetch_online_invoice(
        &self,
        settings: &XeroSettings,
        org: i64,
        facts: &InvoiceXeroFacts,
    ) -> Result<String, EngineError> {
        let id = xero_id(facts)?;
        let xero = self.current_xero(settings).await?;
        let url = match xero.client.online_invoice_url(xero.tenant, id).await {
            Ok(url) => url,
            Err(e) => {
                let error = EngineError::from(e);
                self.note_xero_failure(org, &error).await?;
                return Err(error);
            }
        };
        self.db.set_online_invoice_url(org, facts.id, &url).await?;
        Ok(url)
    }

    /// Xero's PDF of the invoice as a file: from the cache when this version was fetched before,
    /// else fetched (`Accept: application/pdf`) and cached.
    pub async fn invoice_pdf_file(
        &self,
        settings: &XeroSettings,
        invoice_id: i64,
    ) -> Result<PathBuf, EngineError> {
        let org = self.current().await?;
        let facts = self.db.invoice_xero_facts(org.id, invoice_id).await?;
        let path = pdf_cache_path(self.data_dir(), &facts);
        if std::fs::read(&path).is_ok_and(|bytes| bytes.starts_with(b"%PDF")) {
            return Ok(path);
        }
        let id = xero_id(&facts)?;
        let xero = self.current_xero(settings).await?;
        let bytes = match xero.client.invoice_pdf(xero.tenant, id).await {
            Ok(bytes) => bytes,
            Err(e) => {
                let error = EngineError::from(e);
                self.note_xero_failure(org.id, &error).await?;
                return Err(error);
            }
        };
        write_atomically(&path, &bytes).map_err(|e| {
            EngineError::InvalidInput(format!(
                "The PDF of invoice {} could not be saved to {} ({e}). Check that Settle's data \
                 folder is writable and has free space.",
                facts.number,
                path.display()
            ))
        })?;
        Ok(path)
    }
}

fn xero_id(facts: &InvoiceXeroFacts) -> Result<Uuid, EngineError> {
    Uuid::parse_str(&facts.xero_invoice_id).map_err(|_| {
        EngineError::InvalidInput(format!(
            "Invoice {} has no Xero id Settle can read. Sync with Xero (`settle sync --full`).",
            facts.number
        ))
    })
}

/// Xero lets you edit a sales invoice while it is a draft or awaiting approval, or approved with
/// nothing paid or credited; otherwise its page only shows it.
fn editable_in_xero(facts: &InvoiceXeroFacts) -> bool {
    match facts.status.as_str() {
        "DRAFT" | "SUBMITTED" => true,
        "AUTHORISED" => !facts.has_allocations,
        _ => false,
    }
}

/// `https://go.xero.com/organisationlogin/default.aspx?shortcode=…&redirecturl=…` to the sales
/// invoice's `View.aspx` or `Edit.aspx` page.
pub(crate) fn deep_link(short_code: &str, page: &str, xero_invoice_id: &str) -> String {
    let path = format!("/AccountsReceivable/{page}.aspx?InvoiceID={xero_invoice_id}");
    format!(
        "{XERO_LOGIN_REDIRECT}?shortcode={}&redirecturl={}",
        encode(short_code),
        encode(&path)
    )
}

/// Percent-encoding of everything but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn pdf_cache_path(data_dir: &Path, facts: &InvoiceXeroFacts) -> PathBuf {
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
    data_dir.join("cache").join("invoice-pdf").join(format!(
        "{}-{}.pdf",
        clean(&facts.xero_invoice_id),
        clean(&facts.xero_updated_at)
    ))
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension("pdf.part");
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_links_encode_the_short_code_and_the_path() {
        let id = "0de00000-0000-4000-8000-000000020000";
        assert_eq!(
            deep_link("!dEm0P", "View", id),
            "https://go.xero.com/organisationlogin/default.aspx?shortcode=%21dEm0P&redirecturl=\
             %2FAccountsReceivable%2FView.aspx%3FInvoiceID%3D0de00000-0000-4000-8000-000000020000"
        );
    }
}
