//! IPC commands for onboarding a Xero organisation from the Welcome screen (after the browser
//! sign-in of xero_connect_commands.rs): the chosen organisation's details to confirm, adopting
//! it with chasing paused, and the starting chasing status of every customer after the first
//! sync (which runs through `sync_now`, with its progress). Also choosing among several
//! organisations from the Xero section. Each command builds the client from the Client ID the
//! sign-in used; the refresh token is already in the SecretStore.
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.

use settle_engine::{
    parse_tenant, ChangeReceipt, Engine, EngineError, OnboardedView, XeroConnectionView,
    XeroOrganisationDetailsView, XeroSettings,
};
use settle_xero::{ClientId, XeroClient};
use tauri::{AppHandle, State};

use crate::commands::{ipc, Reply};
use crate::pause_commands::{announce, announce_current};
use crate::state::AppState;

fn client(engine: &Engine, client_id: &str) -> Result<XeroClient, EngineError> {
    let settings = XeroSettings::from_env();
    let client_id = ClientId::parse(client_id)?;
    engine.xero_client(client_id, settings.endpoints(), settings.secret_store())
}

#[tauri::command]
pub async fn xero_organisation_details(
    state: State<'_, AppState>,
    client_id: String,
    tenant_id: String,
) -> Reply<XeroOrganisationDetailsView> {
    let engine = state.engine().await.map_err(ipc)?;
    let client = client(&engine, &client_id).map_err(ipc)?;
    let tenant = parse_tenant(&tenant_id).map_err(ipc)?;
    engine
        .xero_organisation_details(&client, tenant)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn onboard_xero_organisation(
    app: AppHandle,
    state: State<'_, AppState>,
    client_id: String,
    tenant_id: String,
) -> Reply<OnboardedView> {
    let engine = state.engine().await.map_err(ipc)?;
    let client = client(&engine, &client_id).map_err(ipc)?;
    let tenant = parse_tenant(&tenant_id).map_err(ipc)?;
    let onboarded = engine
        .onboard_xero_organisation(&client, tenant)
        .await
        .map_err(ipc)?;
    announce(&app, Some(&onboarded.pause));
    Ok(onboarded)
}

#[tauri::command]
pub async fn set_starting_chasing(
    state: State<'_, AppState>,
    chase_all: bool,
) -> Reply<ChangeReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.set_starting_chasing(chase_all).await.map_err(ipc)
}

/// The Xero section's picker: connects the chosen one of several organisations.
#[tauri::command]
pub async fn choose_xero_organisation(
    app: AppHandle,
    state: State<'_, AppState>,
    client_id: String,
    tenant_id: String,
) -> Reply<XeroConnectionView> {
    let engine = state.engine().await.map_err(ipc)?;
    let client = client(&engine, &client_id).map_err(ipc)?;
    let connection = engine
        .adopt_xero_organisation(&client, &tenant_id)
        .await
        .map_err(ipc)?;
    engine
        .reconnected(connection.organisation_id)
        .await
        .map_err(ipc)?;
    announce_current(&app, &engine).await;
    Ok(connection)
}
