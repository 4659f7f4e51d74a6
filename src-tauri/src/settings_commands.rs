//! IPC commands for the Settings section: the SMTP account (the password arrives once as a string,
//! goes straight into a `Secret` and on to the engine's keychain entry — never logged, never sent
//! back), the test email, senders, templates (list, save, preview on a real invoice, the built-in
//! text and the placeholder list) and the auto-approve rules. Thin: parse → engine → map.
//! Must not: hold rules (settle-engine does) or touch the approvals/tray commands.
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.

use serde::Serialize;
use settle_core::secret::Secret;
use settle_core::template::{builtin_templates, placeholders};
use settle_engine::{
    AutoApproveRuleView, EngineError, SenderView, SmtpSettingsView, SmtpTestView,
    TemplatePreviewView, TemplateView, XeroSettings,
};
use tauri::State;

use crate::commands::{ipc, Reply};
use crate::state::AppState;

/// One placeholder of the template help panel (settle-core's list, as the window reads it).
#[derive(Debug, Clone, Serialize)]
pub struct PlaceholderEntry {
    name: &'static str,
    description: &'static str,
    example: &'static str,
}

#[tauri::command]
pub async fn smtp_settings(state: State<'_, AppState>) -> Reply<Option<SmtpSettingsView>> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .smtp_settings(&XeroSettings::from_env())
        .await
        .map_err(ipc)
}

/// `password`: `None` keeps the saved one; the string becomes a `Secret` at once.
#[tauri::command]
pub async fn save_smtp_settings(
    state: State<'_, AppState>,
    settings: SmtpSettingsView,
    password: Option<String>,
) -> Reply<SmtpSettingsView> {
    let engine = state.engine().await.map_err(ipc)?;
    let password = password.filter(|p| !p.is_empty()).map(Secret::new);
    let secrets = XeroSettings::from_env();
    engine
        .save_smtp_settings(settings, password, &secrets)
        .await
        .map_err(ipc)
}

/// Sends a test email (to the normal sender when `to` is empty) and says how it went.
#[tauri::command]
pub async fn test_smtp(state: State<'_, AppState>, to: Option<String>) -> Reply<SmtpTestView> {
    let engine = state.engine().await.map_err(ipc)?;
    let to = to.filter(|t| !t.trim().is_empty());
    engine
        .test_smtp(to, &XeroSettings::from_env())
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn senders(state: State<'_, AppState>) -> Reply<Vec<SenderView>> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.senders().await.map_err(ipc)
}

#[tauri::command]
pub async fn save_sender(state: State<'_, AppState>, sender: SenderView) -> Reply<SenderView> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.save_sender(sender).await.map_err(ipc)
}

#[tauri::command]
pub async fn templates(state: State<'_, AppState>) -> Reply<Vec<TemplateView>> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.templates().await.map_err(ipc)
}

#[tauri::command]
pub async fn save_template(
    state: State<'_, AppState>,
    template: TemplateView,
) -> Reply<TemplateView> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.save_template(template).await.map_err(ipc)
}

#[tauri::command]
pub async fn preview_template(
    state: State<'_, AppState>,
    template: TemplateView,
    invoice_id: i64,
) -> Reply<TemplatePreviewView> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .preview_template(template, invoice_id)
        .await
        .map_err(ipc)
}

/// The shipped text of template `key` (for "Reset to the built-in text"; nothing is saved).
#[tauri::command]
pub fn builtin_template(key: String) -> Reply<TemplateView> {
    let builtin = builtin_templates()
        .into_iter()
        .find(|b| b.key == key)
        .ok_or_else(|| {
            ipc(EngineError::NotFound(format!(
                "'{key}' is not one of the built-in templates, so there is no text to reset it to."
            )))
        })?;
    let (subject, body) = (builtin.template.subject, builtin.template.body);
    let name = builtin.name.to_owned();
    Ok(TemplateView {
        key,
        name,
        subject,
        body,
    })
}

/// Every placeholder a template may use, in the help panel's order.
#[tauri::command]
pub fn template_placeholders() -> Vec<PlaceholderEntry> {
    let entry = |p: &settle_core::template::Placeholder| PlaceholderEntry {
        name: p.name,
        description: p.description,
        example: p.example,
    };
    placeholders().iter().map(entry).collect()
}

#[tauri::command]
pub async fn auto_approve_rules(state: State<'_, AppState>) -> Reply<Vec<AutoApproveRuleView>> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.auto_approve_rules().await.map_err(ipc)
}

#[tauri::command]
pub async fn save_auto_approve_rules(
    state: State<'_, AppState>,
    rules: Vec<AutoApproveRuleView>,
) -> Reply<Vec<AutoApproveRuleView>> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.save_auto_approve_rules(rules).await.map_err(ipc)
}
