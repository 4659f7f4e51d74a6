//! The identity side over real HTTP: PKCE code flow, refresh rotation and grace, revocation,
//! access-token expiry, /connections — bodies checked against ID-SPEC and NOTES.md §2, §13.

mod support;

use chrono::Duration;
use fake_xero::{s256_challenge, AuthorizeMode, DEFAULT_CLIENT_ID};
use serde_json::{json, Value};
use support::{spec, Harness};

const REDIRECT: &str = "http://localhost:5173/callback";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-and-some-more-entropy";

fn authorize_url(h: &Harness, challenge: &str, extra: &[(&str, &str)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("response_type", "code");
    query.append_pair("client_id", DEFAULT_CLIENT_ID);
    query.append_pair("redirect_uri", REDIRECT);
    query.append_pair(
        "scope",
        "offline_access openid accounting.invoices accounting.settings.read",
    );
    query.append_pair("state", "st-123");
    query.append_pair("code_challenge", challenge);
    query.append_pair("code_challenge_method", "S256");
    for (k, v) in extra {
        query.append_pair(k, v);
    }
    format!("{}?{}", h.xero.urls().authorize, query.finish())
}

/// Follows the authorize step and returns the redirect's query pairs.
async fn authorize(h: &Harness, url: &str) -> Vec<(String, String)> {
    let response = h.http.get(url).send().await.unwrap();
    assert_eq!(response.status(), 302, "authorize redirects");
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let (base, query) = location.split_once('?').expect("redirect has a query");
    assert_eq!(base, REDIRECT);
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

async fn token(h: &Harness, form: &[(&str, &str)]) -> (u16, Value) {
    let response = h
        .http
        .post(&h.xero.urls().token)
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn exchange(h: &Harness, code: &str, verifier: &str) -> (u16, Value) {
    token(
        h,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", DEFAULT_CLIENT_ID),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier),
        ],
    )
    .await
}

async fn refresh(h: &Harness, refresh_token: &str) -> (u16, Value) {
    token(
        h,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", DEFAULT_CLIENT_ID),
            ("refresh_token", refresh_token),
        ],
    )
    .await
}

async fn organisation_status(h: &Harness, access_token: &str) -> (u16, Value) {
    let response = h
        .http
        .get(h.api("/Organisation"))
        .bearer_auth(access_token)
        .header("xero-tenant-id", h.tenant.to_string())
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn pkce_code_flow_issues_tokens_that_reach_the_api() {
    let h = Harness::start().await;
    let pairs = authorize(&h, &authorize_url(&h, &s256_challenge(VERIFIER), &[])).await;
    assert_eq!(param(&pairs, "state"), Some("st-123"));
    let code = param(&pairs, "code").expect("a code");

    let (status, body) = exchange(&h, code, VERIFIER).await;
    assert_eq!(status, 200, "{body}");
    spec::identity().assert_component("AccessToken", &body);
    assert_eq!(body["expires_in"], 1800);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(
        body["access_token"].as_str().unwrap().split('.').count(),
        3,
        "a JWT"
    );
    assert!(
        body["refresh_token"].is_string(),
        "offline_access gives a refresh token"
    );
    assert!(body["id_token"].is_string(), "openid gives an id token");

    let (status, _) = organisation_status(&h, body["access_token"].as_str().unwrap()).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_wrong_code_verifier_is_invalid_grant_and_burns_the_code() {
    let h = Harness::start().await;
    let pairs = authorize(&h, &authorize_url(&h, &s256_challenge(VERIFIER), &[])).await;
    let code = param(&pairs, "code").unwrap();
    let wrong = "x".repeat(43);
    assert_eq!(
        exchange(&h, code, &wrong).await,
        (400, json!({"error": "invalid_grant"}))
    );
    // RFC 6749: a code is single-use, even after a failed attempt.
    assert_eq!(
        exchange(&h, code, VERIFIER).await,
        (400, json!({"error": "invalid_grant"}))
    );
}

#[tokio::test]
async fn authorize_refusals() {
    let h = Harness::start().await;
    let challenge = s256_challenge(VERIFIER);
    let plain = authorize(
        &h,
        &authorize_url(&h, &challenge, &[("code_challenge_method", "plain")]),
    )
    .await;
    assert_eq!(param(&plain, "error"), Some("invalid_request"));
    let scope = authorize(
        &h,
        &authorize_url(&h, &challenge, &[("scope", "accounting.invoices nonsense")]),
    )
    .await;
    assert_eq!(param(&scope, "error"), Some("invalid_scope"));

    h.state().set_authorize_mode(AuthorizeMode::Deny);
    let denied = authorize(&h, &authorize_url(&h, &challenge, &[])).await;
    assert_eq!(param(&denied, "error"), Some("access_denied"));
    assert_eq!(param(&denied, "state"), Some("st-123"));
    assert_eq!(param(&denied, "code"), None);

    // A bad client or redirect URI is never redirected to.
    let foreign = authorize_url(&h, &challenge, &[]).replace(DEFAULT_CLIENT_ID, "someone-else");
    assert_eq!(h.http.get(foreign).send().await.unwrap().status(), 400);
    let custom_scheme =
        authorize_url(&h, &challenge, &[]).replace("http%3A%2F%2Flocalhost", "myapp%3A%2F%2Fhost");
    assert_eq!(
        h.http.get(custom_scheme).send().await.unwrap().status(),
        400
    );
}

#[tokio::test]
async fn refresh_rotates_with_a_30_minute_grace_then_invalid_grant() {
    let h = Harness::start().await;
    let r0 = h.state().mint_tokens_for_settle().refresh_token.unwrap();

    let (status, first) = refresh(&h, &r0).await;
    assert_eq!(status, 200);
    let r1 = first["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r0, "every refresh rotates the refresh token");

    // The response was "lost": r0 may be retried within 30 minutes.
    h.clock.advance(Duration::minutes(10));
    let (status, retried) = refresh(&h, &r0).await;
    assert_eq!(status, 200, "grace period: {retried}");
    let r2 = retried["refresh_token"].as_str().unwrap().to_owned();

    // 31 minutes after r0 was superseded it is dead for good; r1 (superseded at +10) is not yet.
    h.clock.advance(Duration::minutes(21));
    assert_eq!(
        refresh(&h, &r0).await,
        (400, json!({"error": "invalid_grant"}))
    );
    let (status, _) = refresh(&h, &r1).await;
    assert_eq!(
        status, 200,
        "r1's own grace runs from when it was superseded"
    );

    h.clock.advance(Duration::minutes(40));
    assert_eq!(
        refresh(&h, &r1).await,
        (400, json!({"error": "invalid_grant"}))
    );
    assert_eq!(
        refresh(&h, &r2).await,
        (400, json!({"error": "invalid_grant"}))
    );
}

#[tokio::test]
async fn a_refresh_token_unused_for_60_days_expires() {
    let h = Harness::start().await;
    let token = h.state().mint_tokens_for_settle().refresh_token.unwrap();
    h.clock.advance(Duration::days(60) + Duration::seconds(1));
    assert_eq!(
        refresh(&h, &token).await,
        (400, json!({"error": "invalid_grant"}))
    );
}

#[tokio::test]
async fn access_tokens_expire_after_30_minutes_with_the_token_expired_body() {
    let h = Harness::start().await;
    h.clock
        .advance(Duration::minutes(30) - Duration::seconds(1));
    assert_eq!(organisation_status(&h, &h.access_token).await.0, 200);

    h.clock.advance(Duration::seconds(1));
    let (status, body) = organisation_status(&h, &h.access_token).await;
    assert_eq!(status, 401);
    assert_eq!(body["Type"], Value::Null);
    assert_eq!(body["Title"], "Unauthorized");
    assert_eq!(body["Status"], 401);
    assert_eq!(
        body["Detail"],
        "TokenExpired: token expired at 05/04/2026 09:30:00"
    );
    assert!(uuid::Uuid::parse_str(body["Instance"].as_str().unwrap()).is_ok());
    assert_eq!(body["Extensions"], json!({}));

    let (status, body) = organisation_status(&h, "not-a-token").await;
    assert_eq!(
        (status, body["Detail"].as_str()),
        (401, Some("AuthorizationUnsuccessful"))
    );
}

#[tokio::test]
async fn revocation_ends_the_grant_and_removes_connections() {
    let h = Harness::start().await;
    let tokens = h.state().mint_tokens_for_settle();
    let refresh_token = tokens.refresh_token.unwrap();
    let revoke = |token: String| {
        h.http
            .post(&h.xero.urls().revocation)
            .form(&[("token", token.as_str()), ("client_id", DEFAULT_CLIENT_ID)])
            .send()
    };
    assert_eq!(revoke(refresh_token.clone()).await.unwrap().status(), 200);
    assert_eq!(
        revoke("unknown".to_owned()).await.unwrap().status(),
        200,
        "RFC 7009: unknown is fine"
    );

    assert_eq!(
        refresh(&h, &refresh_token).await,
        (400, json!({"error": "invalid_grant"}))
    );
    let connections: Value = h
        .http
        .get(&h.xero.urls().connections)
        .bearer_auth(&tokens.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(connections, json!([]));
    let (status, body) = organisation_status(&h, &tokens.access_token).await;
    assert_eq!(
        (status, body["Detail"].as_str()),
        (403, Some("AuthenticationUnsuccessful"))
    );
    assert_eq!(body["Title"], "Forbidden");
}

#[tokio::test]
async fn token_endpoint_error_codes() {
    let h = Harness::start().await;
    let r = h.state().mint_tokens_for_settle().refresh_token.unwrap();
    let (status, body) = token(
        &h,
        &[("grant_type", "password"), ("client_id", DEFAULT_CLIENT_ID)],
    )
    .await;
    assert_eq!(
        (status, body),
        (400, json!({"error": "unsupported_grant_type"}))
    );
    let (status, body) = token(
        &h,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "other"),
            ("refresh_token", &r),
        ],
    )
    .await;
    assert_eq!((status, body), (400, json!({"error": "invalid_client"})));
    let json_body = h
        .http
        .post(&h.xero.urls().token)
        .json(&json!({"grant_type": "refresh_token"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_body.status(),
        400,
        "the token endpoint takes a form, not JSON"
    );
}

#[tokio::test]
async fn connections_match_the_identity_spec_and_can_be_deleted() {
    let h = Harness::start().await;
    let list = || {
        h.http
            .get(&h.xero.urls().connections)
            .bearer_auth(&h.access_token)
            .send()
    };
    let response = list().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-appminlimit-remaining"));
    assert!(
        !response.headers().contains_key("x-minlimit-remaining"),
        "tenantless: app header only"
    );
    let body: Value = response.json().await.unwrap();
    spec::identity().assert_operation("/Connections", "get", "200", &body);
    let connection = &body[0];
    assert_eq!(connection["tenantId"], h.tenant.to_string());
    assert_eq!(connection["tenantType"], "ORGANISATION");
    assert_eq!(
        connection["createdDateUtc"], "2026-05-04T09:00:00.0000000",
        "7 digits, no zone"
    );

    let event = connection["authEventId"].as_str().unwrap();
    let filtered = format!("{}?authEventId={event}", h.xero.urls().connections);
    let other = format!(
        "{}?authEventId={}",
        h.xero.urls().connections,
        uuid::Uuid::nil()
    );
    let count = |url: String| async {
        let body: Value = h
            .http
            .get(url)
            .bearer_auth(&h.access_token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body.as_array().unwrap().len()
    };
    assert_eq!(count(filtered).await, 1);
    assert_eq!(count(other).await, 0);

    let delete_url = format!(
        "{}/{}",
        h.xero.urls().connections,
        connection["id"].as_str().unwrap()
    );
    let delete = || {
        h.http
            .delete(&delete_url)
            .bearer_auth(&h.access_token)
            .send()
    };
    assert_eq!(delete().await.unwrap().status(), 204);
    assert_eq!(delete().await.unwrap().status(), 404);
    assert_eq!(
        organisation_status(&h, &h.access_token).await.0,
        403,
        "disconnected tenant"
    );

    let anonymous = h.http.get(&h.xero.urls().connections).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
}
