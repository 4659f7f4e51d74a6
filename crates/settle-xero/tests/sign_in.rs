//! Connecting end to end over real HTTP: authorize URL → fake-xero's consent redirect → Settle's
//! loopback listener → code exchange → /connections; the state check, a refused consent, busy
//! redirect ports, revocation, and that no secret ever prints.

mod support;

use chrono::Duration;
use fake_xero::AuthorizeMode;
use settle_xero::{CancellationToken, XeroError};
use support::{arrive, authorize_in_browser, free_port, t0, Harness, SECRET};

#[tokio::test]
async fn connect_flow_end_to_end() {
    let h = Harness::start().await;
    let client = h.client();
    let pending = client.begin_sign_in().await.unwrap();

    let url = reqwest::Url::parse(pending.authorize_url()).unwrap();
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    assert_eq!(param("response_type"), "code");
    assert_eq!(param("client_id"), fake_xero::DEFAULT_CLIENT_ID);
    assert_eq!(param("code_challenge_method"), "S256");
    assert_eq!(param("code_challenge").len(), 43, "base64url SHA-256");
    assert!(param("state").len() >= 43);
    assert_eq!(
        param("scope"),
        "offline_access accounting.invoices accounting.contacts.read accounting.settings.read \
         accounting.payments.read"
    );
    assert_eq!(param("redirect_uri"), pending.redirect_uri());
    assert!(pending.redirect_uri().starts_with("http://localhost:"));

    let cancel = CancellationToken::new();
    let waiting = tokio::spawn(pending.wait_for_code(cancel.clone()));
    let location = authorize_in_browser(url.as_str()).await;
    let page = arrive(&location).await;
    assert!(page.contains("You can close this tab"), "{page}");
    let code = waiting.await.unwrap().unwrap();

    let connections = client.complete_sign_in(code).await.unwrap();
    assert_eq!(connections.len(), 1);
    assert_eq!(connections[0].tenant_id, h.tenant);
    assert_eq!(
        connections[0].tenant_name.as_deref(),
        Some("Harbour Plumbing Ltd")
    );
    assert!(h.saved_refresh_token().is_some(), "refresh token saved");
    assert_eq!(h.store.writes(), 1);
    assert_eq!(
        client.access_token_expires_at().await,
        Some(t0() + Duration::minutes(30))
    );
    // The access token from the exchange is used as is: no refresh happened.
    let org = client.organisation(h.tenant).await.unwrap();
    assert_eq!(org.name, "Harbour Plumbing Ltd");
    assert_eq!(h.store.writes(), 1);
}

#[tokio::test]
async fn a_reply_with_another_state_is_refused() {
    let h = Harness::start().await;
    let client = h.client();
    let pending = client.begin_sign_in().await.unwrap();
    let authorize = pending.authorize_url().to_owned();
    let waiting = tokio::spawn(pending.wait_for_code(CancellationToken::new()));
    let location = authorize_in_browser(&authorize).await;

    let mut forged = reqwest::Url::parse(&location).unwrap();
    let pairs: Vec<(String, String)> = forged
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" {
                "someone-elses".into()
            } else {
                v
            };
            (k.into_owned(), v.into_owned())
        })
        .collect();
    forged.query_pairs_mut().clear().extend_pairs(pairs);
    let page = arrive(forged.as_str()).await;
    assert!(page.contains("does not belong"), "{page}");

    let err = waiting.await.unwrap().unwrap_err();
    assert!(matches!(err, XeroError::StateMismatch), "{err:?}");
    assert!(err.to_string().contains("click Connect again"), "{err}");
    assert_eq!(h.saved_refresh_token(), None, "nothing was exchanged");
}

#[tokio::test]
async fn cancel_on_the_consent_page_is_named() {
    let h = Harness::start().await;
    h.state().set_authorize_mode(AuthorizeMode::Deny);
    let client = h.client();
    let pending = client.begin_sign_in().await.unwrap();
    let authorize = pending.authorize_url().to_owned();
    let waiting = tokio::spawn(pending.wait_for_code(CancellationToken::new()));
    arrive(&authorize_in_browser(&authorize).await).await;
    let err = waiting.await.unwrap().unwrap_err();
    assert!(matches!(err, XeroError::SignInDenied), "{err:?}");
}

#[tokio::test]
async fn unrelated_requests_to_the_listener_are_ignored_and_waiting_can_be_cancelled() {
    let h = Harness::start().await;
    let pending = h.client().begin_sign_in().await.unwrap();
    let favicon = pending.redirect_uri().replace("/callback", "/favicon.ico");
    let cancel = CancellationToken::new();
    let waiting = tokio::spawn(pending.wait_for_code(cancel.clone()));
    let response = reqwest::get(&favicon).await.unwrap();
    assert_eq!(response.status(), 404);
    assert!(!waiting.is_finished());
    cancel.cancel();
    let err = waiting.await.unwrap().unwrap_err();
    assert!(matches!(err, XeroError::Cancelled), "{err:?}");
}

#[tokio::test]
async fn a_busy_port_moves_to_the_next_and_all_busy_is_explained() {
    let h = Harness::start().await;
    let busy = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let busy_port = busy.local_addr().unwrap().port();
    let free = free_port();

    let mut config = h.config();
    config.redirect_ports = vec![busy_port, free];
    let pending = h
        .client_with(config, h.store.clone())
        .begin_sign_in()
        .await
        .unwrap();
    assert_eq!(
        pending.redirect_uri(),
        format!("http://localhost:{free}/callback")
    );

    let busy_too = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let mut config = h.config();
    config.redirect_ports = vec![busy_port, busy_too.local_addr().unwrap().port()];
    let err = h
        .client_with(config, h.store.clone())
        .begin_sign_in()
        .await
        .unwrap_err();
    assert!(matches!(err, XeroError::NoFreePort { .. }), "{err:?}");
    assert!(err.to_string().contains(&busy_port.to_string()), "{err}");
    assert!(
        err.to_string().contains("Close one of those programs"),
        "{err}"
    );
}

#[tokio::test]
async fn revoking_ends_the_connection_and_forgets_the_token() {
    let h = Harness::start().await;
    let client = h.signed_in();
    assert_eq!(client.connections().await.unwrap().len(), 1);
    assert!(client.has_saved_sign_in().await.unwrap());

    client.revoke().await.unwrap();
    assert_eq!(h.saved_refresh_token(), None);
    assert!(h.state().connections().is_empty(), "Xero dropped them all");
    let err = client.organisation(h.tenant).await.unwrap_err();
    assert!(matches!(err, XeroError::NotConnected), "{err:?}");
    assert!(err.needs_reconnect());
}

#[tokio::test]
async fn disconnecting_one_organisation_leaves_it_forbidden() {
    let h = Harness::start().await;
    let client = h.signed_in();
    let connection = client.connections().await.unwrap().remove(0);
    client.disconnect(connection.connection_id).await.unwrap();
    let err = client.organisation(h.tenant).await.unwrap_err();
    assert!(
        matches!(err, XeroError::TenantAccessDenied { tenant } if tenant == h.tenant),
        "{err:?}"
    );
    assert!(err.to_string().contains("Reconnect to Xero"), "{err}");
}

/// A long-lived client still holds an access token when the owner revokes Settle elsewhere
/// (another device, or Xero's connected apps page). Xero answers that token with 403, as for a
/// disconnected organisation; one refresh tells them apart, and `invalid_grant` means the
/// sign-in itself is gone: reconnect, not "choose the organisation again".
#[tokio::test]
async fn a_sign_in_revoked_elsewhere_is_told_apart_from_a_disconnected_organisation() {
    let h = Harness::start().await;
    let client = h.signed_in();
    client.organisation(h.tenant).await.unwrap(); // the access token is now in memory
    let refresh = h.saved_refresh_token().expect("saved");
    let revoked = reqwest::Client::new()
        .post(&h.xero.urls().revocation)
        .form(&[
            ("token", refresh.as_str()),
            ("client_id", fake_xero::DEFAULT_CLIENT_ID),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200);

    let err = client.organisation(h.tenant).await.unwrap_err();
    assert!(matches!(err, XeroError::ReconnectNeeded { .. }), "{err:?}");
    assert!(err.needs_reconnect());
}

#[tokio::test]
async fn secrets_never_show_in_debug_output() {
    let h = Harness::start().await;
    let client = h.client();
    let pending = client.begin_sign_in().await.unwrap();
    let authorize = pending.authorize_url().to_owned();
    let printed_pending = format!("{pending:?}");
    let waiting = tokio::spawn(pending.wait_for_code(CancellationToken::new()));
    let location = authorize_in_browser(&authorize).await;
    let code_value = reqwest::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    arrive(&location).await;
    let code = waiting.await.unwrap().unwrap();
    let printed_code = format!("{code:?}");
    assert!(!printed_code.contains(&code_value), "{printed_code}");
    assert!(printed_code.contains("[redacted]"));
    assert!(!printed_pending.contains("verifier"));

    client.complete_sign_in(code).await.unwrap();
    let refresh = h.store.value(SECRET).unwrap();
    let printed_client = format!("{client:?}");
    assert!(!printed_client.contains(&refresh), "refresh token printed");
}
