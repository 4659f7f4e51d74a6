//! The bodies Xero answers with, error and success alike: the JSON envelope, the 401/403 problem
//! documents, ValidationException and friends, plain-text 404/503 (NOTES.md §13). Owns: their
//! exact spelling. Must not: decide when each is used.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::msdate;

pub const JSON: &str = "application/json; charset=utf-8";

pub fn json_text(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    response
}

pub fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    json_text(status, serde_json::to_string(body).expect("DTOs serialise"))
}

fn text(status: StatusCode, body: &str) -> Response {
    let mut response = (status, body.to_owned()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// Pagination object (SPEC `Pagination`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    pub page: u32,
    pub page_size: u32,
    pub page_count: u32,
    pub item_count: u32,
}

/// The Accounting API envelope: `{"Id","Status","ProviderName","DateTimeUTC", <Key>: [...]}`.
pub fn envelope<T: Serialize>(
    provider_name: &str,
    now: DateTime<Utc>,
    key: &str,
    items: &T,
    pagination: Option<Pagination>,
) -> Response {
    let head = json!({
        "Id": Uuid::new_v4(),
        "Status": "OK",
        "ProviderName": provider_name,
        "DateTimeUTC": msdate::ms_envelope(now),
    });
    // Items are serialised on their own (not through serde_json::Value) so money keeps its
    // exact decimal text.
    let mut body = head.to_string();
    body.pop();
    if let Some(p) = pagination {
        body.push_str(&format!(
            ",\"pagination\":{}",
            serde_json::to_string(&p).expect("plain")
        ));
    }
    body.push_str(&format!(
        ",{}:{}}}",
        serde_json::to_string(key).expect("plain"),
        serde_json::to_string(items).expect("DTOs serialise")
    ));
    json_text(StatusCode::OK, body)
}

fn problem(status: StatusCode, title: &str, detail: &str) -> Response {
    json(
        status,
        &json!({
            "Type": null,
            "Title": title,
            "Status": status.as_u16(),
            "Detail": detail,
            "Instance": Uuid::new_v4(),
            "Extensions": {},
        }),
    )
}

/// 401 for an expired access token (xeroizer#509, xero-node#370).
pub fn token_expired(expired_at: DateTime<Utc>) -> Response {
    let detail = format!(
        "TokenExpired: token expired at {}",
        msdate::token_expired_text(expired_at)
    );
    problem(StatusCode::UNAUTHORIZED, "Unauthorized", &detail)
}

/// 401 for a missing, malformed or unknown access token.
pub fn unauthorized() -> Response {
    problem(
        StatusCode::UNAUTHORIZED,
        "Unauthorized",
        "AuthorizationUnsuccessful",
    )
}

/// Missing scope. Status is UNVERIFIED (401 or 403); the header is what Xero staff described.
pub fn insufficient_scope(needed: &str) -> Response {
    let mut response = unauthorized();
    let value = format!("Bearer error=\"insufficient_scope\", scope=\"{needed}\"");
    if let Ok(value) = HeaderValue::from_str(&value) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

/// 403 for a missing, unknown or disconnected `xero-tenant-id`.
pub fn forbidden() -> Response {
    problem(
        StatusCode::FORBIDDEN,
        "Forbidden",
        "AuthenticationUnsuccessful",
    )
}

/// 404 as D-CODES words it.
pub fn not_found() -> Response {
    text(
        StatusCode::NOT_FOUND,
        "The resource you have specified cannot be found",
    )
}

/// 406: Xero would answer in XML; the fake refuses so the client bug shows up in tests.
pub fn not_acceptable() -> Response {
    text(
        StatusCode::NOT_ACCEPTABLE,
        "fake-xero: send `Accept: application/json` (Xero answers XML without it; NOTES.md §1)",
    )
}

pub fn rate_limited() -> Response {
    text(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded")
}

/// An injected fault; 503 gets Xero's maintenance text.
pub fn injected(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if status == StatusCode::SERVICE_UNAVAILABLE {
        return text(status, "The Xero API is currently offline for maintenance");
    }
    text(
        status,
        &format!("fake-xero injected fault: HTTP {}", status.as_u16()),
    )
}

/// 400 `ValidationException` (ErrorNumber 10) with the submitted element echoed.
pub fn validation(
    mut element: serde_json::Map<String, serde_json::Value>,
    messages: &[String],
) -> Response {
    let errors: Vec<_> = messages.iter().map(|m| json!({ "Message": m })).collect();
    element.insert("ValidationErrors".to_owned(), errors.into());
    json(
        StatusCode::BAD_REQUEST,
        &json!({
            "ErrorNumber": 10,
            "Type": "ValidationException",
            "Message": "A validation exception occurred",
            "Elements": [element],
        }),
    )
}

/// 400 `PostDataInvalidException` (ErrorNumber 14): a body Xero cannot read.
pub fn post_data_invalid(message: &str) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        &json!({ "ErrorNumber": 14, "Type": "PostDataInvalidException", "Message": message }),
    )
}

/// 400 `QueryParseException` (ErrorNumber 16, from memory, UNVERIFIED): a `where` or `order`
/// the fake cannot (or Xero would not) parse.
pub fn query_parse(message: &str) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        &json!({ "ErrorNumber": 16, "Type": "QueryParseException", "Message": message }),
    )
}

/// Identity token-endpoint error: `{"error":"invalid_grant"}` (D-TROUBLE).
pub fn oauth_error(code: &str) -> Response {
    json(StatusCode::BAD_REQUEST, &json!({ "error": code }))
}

pub fn bad_request_text(message: &str) -> Response {
    text(StatusCode::BAD_REQUEST, message)
}
