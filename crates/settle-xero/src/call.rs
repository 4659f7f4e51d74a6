//! One Accounting (or /connections) request, done properly: a concurrency slot for the
//! organisation, a fresh-enough access token, the headers Xero needs (`Authorization`,
//! `xero-tenant-id`, `Accept`, `If-Modified-Since`, `Idempotency-Key`), then the answer read by
//! status — 401 refresh-once-and-retry, 403 refresh once (a revoked sign-in answers 403 too),
//! then tenant gone, 429 wait `Retry-After` (bounded),
//! 5xx/network exponential backoff (bounded), 400 read into a refusal. Every wait goes through the
//! injected Sleeper and stops on the cancel token. Owns: that loop. Must not: know endpoints'
//! shapes (the modules that build `Call`s do).

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, WWW_AUTHENTICATE};
use reqwest::{Method, StatusCode};
use settle_core::secret::Secret;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::client::Inner;
use crate::credentials::{Want, PROACTIVE_REFRESH_MARGIN};
use crate::error::XeroError;
use crate::msdate;
use crate::rate_limit::read_429;
use crate::refusal::{read_bad_request, BadRequestBody};
use crate::token::network;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Accept {
    Json,
    Pdf,
}

/// A request to make.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub method: Method,
    pub url: String,
    /// How errors name it, e.g. `GET /Invoices (page 2)`.
    pub label: String,
    /// `None` for tenantless calls (`/connections`).
    pub tenant: Option<Uuid>,
    pub accept: Accept,
    pub query: Vec<(String, String)>,
    pub if_modified_since: Option<DateTime<Utc>>,
    pub body: Option<serde_json::Value>,
    pub idempotency_key: Option<String>,
    /// For refusals: "set the expected payment date" → "Xero refused to set …".
    pub action: Option<&'static str>,
}

impl Call {
    pub fn get(url: String, label: String, tenant: Option<Uuid>) -> Self {
        Self {
            method: Method::GET,
            url,
            label,
            tenant,
            accept: Accept::Json,
            query: Vec::new(),
            if_modified_since: None,
            body: None,
            idempotency_key: None,
            action: None,
        }
    }
}

/// A successful answer.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

enum Attempt {
    Answer(Reply),
    Failed(reqwest::Error),
}

impl Inner {
    pub(crate) async fn execute(
        &self,
        call: &Call,
        cancel: Option<&CancellationToken>,
    ) -> Result<Reply, XeroError> {
        let policy = &self.config.retry;
        let mut server_failures: u32 = 0;
        let mut rate_waits: u32 = 0;
        let mut refreshed = false;
        loop {
            if cancel.is_some_and(CancellationToken::is_cancelled) {
                return Err(XeroError::Cancelled);
            }
            let slots = call.tenant.map(|t| self.limiter.slots(t));
            let (token, attempt) = {
                // The slot first, then the token: a call that queued for a while still sends a
                // token checked just now.
                let _permit = match &slots {
                    Some(s) => Some(
                        until_cancelled(cancel, s.acquire())
                            .await?
                            .map_err(|_| XeroError::Cancelled)?,
                    ),
                    None => None,
                };
                let token = self
                    .keeper
                    .access_token(Want::ValidFor(PROACTIVE_REFRESH_MARGIN))
                    .await?;
                let attempt = until_cancelled(cancel, self.send_once(call, &token)).await?;
                (token, attempt)
            };
            let now = self.clock.now();
            let reply = match attempt {
                Attempt::Answer(reply) => reply,
                Attempt::Failed(e) => {
                    let failure = network(&call.label, &e);
                    self.back_off(&mut server_failures, failure, cancel).await?;
                    continue;
                }
            };
            let status = reply.status;
            if status == StatusCode::TOO_MANY_REQUESTS {
                let (problem, retry_after) = read_429(&reply.headers, now);
                self.limiter
                    .observe(call.tenant, &reply.headers, Some(problem.clone()), now);
                let wait = retry_after.unwrap_or_else(|| policy.backoff(rate_waits));
                if wait > policy.max_rate_limit_wait || rate_waits >= policy.rate_limit_retries {
                    return Err(XeroError::RateLimited {
                        problem,
                        retry_after,
                    });
                }
                tracing::info!(endpoint = %call.label, %problem, ?wait, "Xero rate limit: waiting");
                rate_waits += 1;
                self.pause(wait, cancel).await?;
                continue;
            }
            self.limiter.observe(call.tenant, &reply.headers, None, now);
            match status.as_u16() {
                200..=299 => return Ok(reply),
                401 => {
                    if let Some(scope) = insufficient_scope(&reply.headers) {
                        return Err(XeroError::MissingScope { scope });
                    }
                    if refreshed {
                        return Err(XeroError::Unauthorized {
                            detail: problem_detail(&reply.body),
                        });
                    }
                    refreshed = true;
                    self.keeper.access_token(Want::Replacing(token)).await?;
                }
                // A revoked sign-in also answers 403 while its access token lives (NOTES.md
                // §2.5), and a long-lived client may hold one: a refresh tells the two apart.
                // `invalid_grant` means the sign-in is gone (reconnect); a new token that still
                // gets 403 means this organisation was disconnected or is out of reach.
                403 if call.tenant.is_some() && !refreshed => {
                    refreshed = true;
                    self.keeper.access_token(Want::Replacing(token)).await?;
                }
                403 => {
                    return Err(match call.tenant {
                        Some(tenant) => XeroError::TenantAccessDenied { tenant },
                        None => XeroError::Unauthorized {
                            detail: problem_detail(&reply.body),
                        },
                    })
                }
                404 => {
                    return Err(XeroError::NotFound {
                        endpoint: call.label.clone(),
                    })
                }
                400 => return Err(self.bad_request(call, &reply.body)),
                500 | 502 | 503 | 504 => {
                    let failure = XeroError::ServerTrouble {
                        endpoint: call.label.clone(),
                        status: status.as_u16(),
                        attempts: server_failures + 1,
                    };
                    self.back_off(&mut server_failures, failure, cancel).await?;
                }
                other => {
                    return Err(XeroError::UnexpectedResponse {
                        endpoint: call.label.clone(),
                        status: other,
                        detail: snippet(&reply.body),
                    })
                }
            }
        }
    }

    async fn send_once(&self, call: &Call, token: &Secret) -> Attempt {
        let mut request = self
            .http
            .request(call.method.clone(), &call.url)
            .bearer_auth(token.expose())
            .timeout(self.config.retry.request_timeout)
            .header(
                ACCEPT,
                match call.accept {
                    Accept::Json => "application/json",
                    Accept::Pdf => "application/pdf",
                },
            );
        if let Some(tenant) = call.tenant {
            request = request.header("xero-tenant-id", tenant.to_string());
        }
        if !call.query.is_empty() {
            request = request.query(&call.query);
        }
        if let Some(since) = call.if_modified_since {
            request = request.header("If-Modified-Since", msdate::if_modified_since(since));
        }
        if let Some(key) = &call.idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        if let Some(body) = &call.body {
            request = request.json(body);
        }
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => return Attempt::Failed(e),
        };
        let status = response.status();
        let headers = response.headers().clone();
        match response.bytes().await {
            Ok(body) => Attempt::Answer(Reply {
                status,
                headers,
                body: body.to_vec(),
            }),
            Err(e) => Attempt::Failed(e),
        }
    }

    /// Waits before the next retry, or gives up with `failure` once the retries are spent.
    async fn back_off(
        &self,
        failures: &mut u32,
        failure: XeroError,
        cancel: Option<&CancellationToken>,
    ) -> Result<(), XeroError> {
        if *failures >= self.config.retry.server_retries {
            return Err(failure);
        }
        let wait = self.config.retry.backoff(*failures);
        tracing::debug!(error = %failure, ?wait, "Xero call failed, backing off");
        *failures += 1;
        self.pause(wait, cancel).await
    }

    pub(crate) async fn pause(
        &self,
        wait: Duration,
        cancel: Option<&CancellationToken>,
    ) -> Result<(), XeroError> {
        until_cancelled(cancel, self.sleeper.sleep(wait)).await
    }

    fn bad_request(&self, call: &Call, body: &[u8]) -> XeroError {
        match (read_bad_request(body), call.action) {
            (BadRequestBody::Validation(refusal), Some(action)) => XeroError::Refused {
                action: action.to_owned(),
                refusal,
            },
            (BadRequestBody::Validation(refusal), None) => XeroError::BadRequest {
                endpoint: call.label.clone(),
                kind: "ValidationException".to_owned(),
                message: refusal.messages.join(" "),
            },
            (BadRequestBody::Other { kind, message }, _) => XeroError::BadRequest {
                endpoint: call.label.clone(),
                kind,
                message,
            },
        }
    }
}

/// Runs `future` unless the token is cancelled first.
pub(crate) async fn until_cancelled<T>(
    cancel: Option<&CancellationToken>,
    future: impl std::future::Future<Output = T>,
) -> Result<T, XeroError> {
    match cancel {
        Some(cancel) => tokio::select! {
            () = cancel.cancelled() => Err(XeroError::Cancelled),
            value = future => Ok(value),
        },
        None => Ok(future.await),
    }
}

/// `WWW-Authenticate: Bearer error="insufficient_scope", scope="…"`.
fn insufficient_scope(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(WWW_AUTHENTICATE)?.to_str().ok()?;
    if !value.contains("insufficient_scope") {
        return None;
    }
    let scope = value
        .split("scope=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("a permission Settle asked for");
    Some(scope.to_owned())
}

/// The `Detail` of Xero's problem documents (`TokenExpired: …`, `AuthenticationUnsuccessful`).
fn problem_detail(body: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("Detail").and_then(|d| d.as_str()).map(str::to_owned))
        .unwrap_or_else(|| snippet(body))
}

pub(crate) fn snippet(body: &[u8]) -> String {
    let text: String = String::from_utf8_lossy(body).chars().take(200).collect();
    if text.trim().is_empty() {
        "no details".to_owned()
    } else {
        text
    }
}

/// The Content-Type of an answer, lower case, without parameters.
pub(crate) fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}
