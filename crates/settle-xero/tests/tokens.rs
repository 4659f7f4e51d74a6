//! The sign-in's life against fake-xero's identity service: expiry and refresh, rotation saved
//! before use, superseded tokens, single-flight refresh within a process and across processes.

mod support;

use std::fs::File;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;
use fake_xero::ManualClock;
use settle_xero::{refresh_lock_path, XeroClient, XeroError};
use support::{t0, ClockSleeper, Harness, TestClock, SECRET};

#[tokio::test]
async fn an_expired_access_token_is_refreshed_and_the_rotated_token_saved() {
    let h = Harness::start().await;
    let first = h.save_minted_sign_in();
    let client = h.client();

    client.organisation(h.tenant).await.unwrap();
    let second = h.saved_refresh_token().unwrap();
    assert_ne!(second, first, "the refresh rotated the token");
    assert_eq!(h.store.writes(), 1);

    h.clock.advance(Duration::minutes(31));
    client.organisation(h.tenant).await.unwrap();
    let third = h.saved_refresh_token().unwrap();
    assert_ne!(third, second);
    assert_eq!(h.store.writes(), 2);
    assert_eq!(
        client.access_token_expires_at().await,
        Some(t0() + Duration::minutes(61))
    );
}

#[tokio::test]
async fn tokens_are_refreshed_proactively_with_five_minutes_left() {
    let h = Harness::start().await;
    h.save_minted_sign_in();
    let client = h.client();
    client.organisation(h.tenant).await.unwrap();
    assert_eq!(h.store.writes(), 1);

    h.clock.advance(Duration::minutes(10));
    let expires = client.refresh_if_expiring().await.unwrap();
    assert_eq!(
        expires,
        t0() + Duration::minutes(30),
        "20 minutes left: kept"
    );
    assert_eq!(h.store.writes(), 1);

    h.clock.advance(Duration::minutes(16));
    let expires = client.refresh_if_expiring().await.unwrap();
    assert_eq!(
        expires,
        t0() + Duration::minutes(56),
        "4 minutes left: renewed"
    );
    assert_eq!(h.store.writes(), 2);

    client.keep_alive().await.unwrap();
    assert_eq!(h.store.writes(), 3, "keep-alive always rotates");
}

#[tokio::test]
async fn a_401_token_expired_refreshes_once_and_retries() {
    let h = Harness::start().await;
    h.save_minted_sign_in();
    // The client's clock lags Xero's: it believes its token is still good.
    let lagging = ManualClock::new(t0());
    let client = XeroClient::with_sleeper(
        h.config(),
        Arc::new(h.store.clone()),
        Arc::new(TestClock(lagging)),
        ClockSleeper::new(h.clock.clone()),
    )
    .unwrap();
    client.organisation(h.tenant).await.unwrap();
    h.clock.advance(Duration::minutes(40));

    let org = client.organisation(h.tenant).await.unwrap();
    assert_eq!(org.organisation_id, h.tenant);
    assert_eq!(h.store.writes(), 2, "one refresh after the 401");
}

#[tokio::test]
async fn a_superseded_refresh_token_past_its_grace_needs_a_reconnect() {
    let h = Harness::start().await;
    let first = h.save_minted_sign_in();
    let client = h.client();
    client.organisation(h.tenant).await.unwrap();

    // The old token comes back (a stale copy), and Xero's 30-minute grace for it runs out.
    h.store.put(SECRET, &first);
    h.clock.advance(Duration::minutes(31));
    let err = client.organisation(h.tenant).await.unwrap_err();
    assert!(matches!(err, XeroError::ReconnectNeeded { .. }), "{err:?}");
    assert!(err.needs_reconnect());
    assert!(!err.is_retryable());
    assert!(
        err.to_string()
            .contains("chasing is paused. Reconnect to Xero"),
        "{err}"
    );
    let again = client.organisation(h.tenant).await.unwrap_err();
    assert!(matches!(again, XeroError::ReconnectNeeded { .. }));
}

#[tokio::test]
async fn no_saved_sign_in_says_connect() {
    let h = Harness::start().await;
    let err = h.client().organisation(h.tenant).await.unwrap_err();
    assert!(matches!(err, XeroError::NotConnected), "{err:?}");
    assert!(err.to_string().contains("Connect to Xero"));
}

#[tokio::test]
async fn a_failed_save_drops_the_new_access_token_and_xeros_grace_recovers() {
    let h = Harness::start().await;
    let first = h.save_minted_sign_in();
    let client = h.client();
    h.store.fail_writes(true);

    let err = client.organisation(h.tenant).await.unwrap_err();
    assert!(matches!(err, XeroError::Secrets(_)), "{err:?}");
    assert!(err.to_string().contains("keychain"), "{err}");
    assert_eq!(
        client.access_token_expires_at().await,
        None,
        "an access token whose refresh token was not saved is never used"
    );
    assert_eq!(h.saved_refresh_token().as_deref(), Some(first.as_str()));

    // The saved (now superseded) token still works within Xero's 30-minute grace.
    h.store.fail_writes(false);
    h.clock.advance(Duration::minutes(5));
    client.organisation(h.tenant).await.unwrap();
    assert_ne!(h.saved_refresh_token().unwrap(), first);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_refreshing_at_once_rotate_once_and_both_succeed() {
    let h = Harness::start().await;
    let first = h.save_minted_sign_in();
    // Two clients built separately over one secret file and one lock folder.
    let a = h.client_with(h.config(), h.store.sibling());
    let b = h.client_with(h.config(), h.store.sibling());
    let tenant = h.tenant;
    let mut tasks = Vec::new();
    for client in [a.clone(), b.clone(), a, b] {
        tasks.push(tokio::spawn(
            async move { client.organisation(tenant).await },
        ));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(h.store.writes(), 1, "exactly one rotation");
    assert_ne!(h.saved_refresh_token().unwrap(), first);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_process_rotating_meanwhile_is_picked_up_after_the_lock() {
    let h = Harness::start().await;
    let first = h.save_minted_sign_in();
    let config = h.config();
    let client = h.client_with(config.clone(), h.store.clone());

    // "Another process" holds the refresh lock (a separate open file: flock treats it as one).
    let path = refresh_lock_path(&config.lock_dir, SECRET);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let other = File::create(&path).unwrap();
    other.lock().unwrap();

    let tenant = h.tenant;
    let waiting = {
        let client = client.clone();
        tokio::spawn(async move { client.organisation(tenant).await })
    };
    tokio::time::sleep(StdDuration::from_millis(200)).await;
    assert!(!waiting.is_finished(), "the client waits for the lock");

    // Meanwhile the other process rotates the token and saves the new one …
    let rotated: serde_json::Value = reqwest::Client::new()
        .post(&config.endpoints.token)
        .form(&[
            ("grant_type", "refresh_token"),
            ("client_id", fake_xero::DEFAULT_CLIENT_ID),
            ("refresh_token", first.as_str()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let second = rotated["refresh_token"].as_str().unwrap().to_owned();
    h.store.put(SECRET, &second);
    // … and the old one ages past its grace, so using it now would end the connection.
    h.clock.advance(Duration::minutes(31));
    other.unlock().unwrap();
    drop(other);

    waiting.await.unwrap().unwrap();
    let third = h.saved_refresh_token().unwrap();
    assert_ne!(third, second, "the client re-read the token after the lock");
    assert_ne!(third, first);
}

#[tokio::test]
async fn a_lock_held_too_long_is_reported() {
    let h = Harness::start().await;
    h.save_minted_sign_in();
    let mut config = h.config();
    config.retry.refresh_lock_timeout = StdDuration::from_millis(150);
    let path = refresh_lock_path(&config.lock_dir, SECRET);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let other = File::create(&path).unwrap();
    other.lock().unwrap();

    let err = h
        .client_with(config, h.store.clone())
        .organisation(h.tenant)
        .await
        .unwrap_err();
    assert!(
        matches!(err, XeroError::RefreshLockTimeout { .. }),
        "{err:?}"
    );
    assert!(err.is_retryable());
}
