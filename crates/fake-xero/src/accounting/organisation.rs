//! `GET /Organisation`: `{"Organisations":[…]}` for the caller's tenant (NOTES.md §11).

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::Extension;

use super::dto;
use super::edge::Caller;
use crate::responses;
use crate::shared::Shared;

pub async fn get(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
) -> Result<Response, Response> {
    caller.require(&["accounting.settings", "accounting.settings.read"])?;
    let now = shared.now();
    let world = shared.world();
    let tenant = world
        .tenant(caller.tenant)
        .map_err(|_| responses::forbidden())?;
    let orgs = [dto::organisation(&tenant.org)];
    Ok(responses::envelope(
        &shared.provider_name,
        now,
        "Organisations",
        &orgs,
        None,
    ))
}
