//! IPC commands for the invoice page's Xero actions: the expected payment date (written back to
//! Xero, or kept in Settle only with the reason), the View / Edit in Xero and payment links, and
//! Xero's PDF. Links and the PDF open in the system browser / viewer, never inside the webview;
//! with `SETTLE_NO_BROWSER` set (e2e tests) they are only returned. The window names a link
//! (`view`, `edit`, `online`), never a URL: the engine builds every address opened.
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.

use settle_engine::chasing::ACTOR_WINDOW;
use settle_engine::{
    parse_expected_date, ExpectedDateWhere, ExpectedPaymentDateView, InvoiceLinksView,
    OpenedLinkView, XeroSettings,
};
use tauri::{AppHandle, State};

use crate::commands::{ipc, Reply};
use crate::pause_commands::announce_current;
use crate::state::AppState;
use crate::xero_connect_commands::NO_BROWSER_ENV;

#[tauri::command]
pub async fn expected_payment_date(
    state: State<'_, AppState>,
    invoice_id: i64,
) -> Reply<ExpectedPaymentDateView> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.expected_payment_date(invoice_id).await.map_err(ipc)
}

/// `date`: `YYYY-MM-DD`, or `None` / empty to clear. Re-plans at once so reminders follow it.
#[tauri::command]
pub async fn set_expected_payment_date(
    app: AppHandle,
    state: State<'_, AppState>,
    invoice_id: i64,
    date: Option<String>,
) -> Reply<ExpectedPaymentDateView> {
    let engine = state.engine().await.map_err(ipc)?;
    let date = parse_expected_date(date.as_deref()).map_err(ipc)?;
    let settings = XeroSettings::from_env();
    let view = (engine.set_expected_payment_date(&settings, invoice_id, date, ACTOR_WINDOW))
        .await
        .map_err(ipc)?;
    if let Err(e) = engine.plan_due(engine.now()).await {
        tracing::warn!("planning after the expected payment date changed failed: {e}");
    }
    if view.stored_in == ExpectedDateWhere::SettleOnly {
        announce_current(&app, &engine).await; // a reconnect-needed refusal paused chasing
    }
    Ok(view)
}

#[tauri::command]
pub async fn invoice_xero_links(
    state: State<'_, AppState>,
    invoice_id: i64,
) -> Reply<InvoiceLinksView> {
    let engine = state.engine().await.map_err(ipc)?;
    let settings = XeroSettings::from_env();
    engine
        .invoice_links(&settings, invoice_id)
        .await
        .map_err(ipc)
}

/// Opens the invoice's `view`, `edit` or `online` link in the system browser.
#[tauri::command]
pub async fn open_invoice_link(
    state: State<'_, AppState>,
    invoice_id: i64,
    which: String,
) -> Reply<OpenedLinkView> {
    let engine = state.engine().await.map_err(ipc)?;
    let settings = XeroSettings::from_env();
    let url = (engine.invoice_link(&settings, invoice_id, &which))
        .await
        .map_err(ipc)?;
    Ok(open_outside(url))
}

/// Fetches (or reads from the cache) Xero's PDF and opens it in the system's PDF viewer.
#[tauri::command]
pub async fn open_invoice_pdf(
    state: State<'_, AppState>,
    invoice_id: i64,
) -> Reply<OpenedLinkView> {
    let engine = state.engine().await.map_err(ipc)?;
    let settings = XeroSettings::from_env();
    let path = (engine.invoice_pdf_file(&settings, invoice_id))
        .await
        .map_err(ipc)?;
    Ok(open_outside(path.display().to_string()))
}

/// Opens `target` (a URL or a file) with the system's handler, unless `SETTLE_NO_BROWSER` is set.
fn open_outside(target: String) -> OpenedLinkView {
    let opened = std::env::var_os(NO_BROWSER_ENV).is_none()
        && open::that_detached(&target)
            .inspect_err(|e| tracing::info!("could not open {target}: {e}"))
            .is_ok();
    OpenedLinkView {
        url: target,
        opened,
    }
}
