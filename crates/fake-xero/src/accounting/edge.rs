//! What happens to every Accounting API call before its handler runs, in Xero's order as far as
//! clients can observe it: injected faults, bearer token (401), `xero-tenant-id` (403), rate
//! limits (429), the Accept header (406), then the handler; and on the way out the rate-limit
//! and correlation headers. Owns: that pipeline and the `Caller` it hands to handlers.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use uuid::Uuid;

use crate::faults::Fault;
use crate::identity::bearer::authenticate;
use crate::rate_limit::PROBLEM;
use crate::responses;
use crate::shared::Shared;

/// What the edge learned about the caller; handlers read it from the request extensions.
#[derive(Debug, Clone)]
pub struct Caller {
    pub tenant: Uuid,
    pub scopes: Vec<String>,
    pub wants_pdf: bool,
}

impl Caller {
    /// Passes if any of `scopes` was granted; otherwise the insufficient-scope 401.
    pub fn require(&self, scopes: &[&str]) -> Result<(), Response> {
        if scopes.iter().any(|s| self.scopes.iter().any(|g| g == s)) {
            Ok(())
        } else {
            Err(responses::insufficient_scope(scopes[0]))
        }
    }
}

/// Releases the tenant's concurrency slot however the request ends.
struct Slot(Arc<Shared>, Uuid);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.limiter.lock().unwrap().release(self.1);
    }
}

pub async fn edge(State(shared): State<Arc<Shared>>, mut request: Request, next: Next) -> Response {
    if let Some(latency) = shared.faults.latency() {
        tokio::time::sleep(latency).await;
    }
    let fault = shared.faults.next();
    if let Some(Fault::Status(status)) = fault {
        return responses::injected(status);
    }
    let now = shared.now();
    let (tenant, scopes) = {
        let world = shared.world();
        let grant = match authenticate(&world.grants, request.headers(), now) {
            Ok(grant) => grant,
            Err(refusal) => return refusal,
        };
        let tenant = tenant_header(request.headers()).filter(|t| {
            !grant.revoked && world.grants.is_connected(*t) && world.tenant(*t).is_ok()
        });
        match tenant {
            Some(tenant) => (tenant, grant.scopes),
            None => return responses::forbidden(),
        }
    };

    let admission = shared
        .limiter
        .lock()
        .unwrap()
        .admit(tenant, &shared.limits(), now);
    let mut response = match admission.refused {
        Some((problem, retry_after)) => too_many(problem, retry_after),
        None => {
            let _slot = Slot(Arc::clone(&shared), tenant);
            if fault == Some(Fault::Hold) {
                shared.faults.set_gate_open(false);
            }
            shared.faults.wait_at_gate().await;
            match wants_pdf(request.headers(), request.method(), request.uri().path()) {
                Some(wants_pdf) => {
                    request.extensions_mut().insert(Caller {
                        tenant,
                        scopes,
                        wants_pdf,
                    });
                    next.run(request).await
                }
                None => responses::not_acceptable(),
            }
        }
    };
    let headers = response.headers_mut();
    for (name, value) in admission.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    if let Ok(id) = HeaderValue::from_str(&Uuid::new_v4().to_string()) {
        headers.insert("Xero-Correlation-Id", id);
    }
    if fault == Some(Fault::MalformedJson) {
        response = truncate_json(response).await;
    }
    response
}

fn tenant_header(headers: &HeaderMap) -> Option<Uuid> {
    let value = headers.get("xero-tenant-id")?.to_str().ok()?;
    Uuid::parse_str(value.trim()).ok()
}

/// `Some(false)` for JSON, `Some(true)` for a PDF where one is served, `None` for anything else
/// (Xero would send XML, which no Settle code should ever ask for).
fn wants_pdf(headers: &HeaderMap, method: &Method, path: &str) -> Option<bool> {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let accepts = |mime: &str| accept.split(',').any(|part| part.trim().starts_with(mime));
    if accepts("application/json") {
        return Some(false);
    }
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let invoice_itself = method == Method::GET && segments.len() == 2 && segments[0] == "Invoices";
    (invoice_itself && accepts("application/pdf")).then_some(true)
}

/// 429 with `X-Rate-Limit-Problem` and, for minute and day breaches, `Retry-After` in seconds.
pub fn too_many(problem: &'static str, retry_after: Option<u64>) -> Response {
    let mut response = responses::rate_limited();
    let headers = response.headers_mut();
    headers.insert(PROBLEM, HeaderValue::from_static(problem));
    if let Some(seconds) = retry_after {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// The malformed-JSON fault: the first half of the body, headers unchanged except the length.
pub async fn truncate_json(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let cut = bytes.slice(..bytes.len() / 2);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(cut))
}
