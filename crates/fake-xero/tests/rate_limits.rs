//! Rate limits (NOTES.md §3) and fault injection over real HTTP.

mod support;

use std::time::Duration as StdDuration;

use chrono::Duration;
use fake_xero::{Organisation, RateLimits};
use serde_json::Value;
use support::Harness;

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn every_tenant_call_carries_the_limit_headers() {
    let h = Harness::start().await;
    let response = h.get("/Organisation").await;
    assert_eq!(
        header(&response, "X-DayLimit-Remaining").as_deref(),
        Some("4999")
    );
    assert_eq!(
        header(&response, "X-MinLimit-Remaining").as_deref(),
        Some("59")
    );
    assert_eq!(
        header(&response, "X-AppMinLimit-Remaining").as_deref(),
        Some("9999")
    );
    assert!(header(&response, "Xero-Correlation-Id").is_some());
}

#[tokio::test]
async fn limits_are_off_by_default_but_still_counted() {
    let h = Harness::start().await;
    for _ in 0..60 {
        assert_eq!(h.get("/Organisation").await.status(), 200);
    }
    let response = h.get("/Organisation").await;
    assert_eq!(
        response.status(),
        200,
        "benches are never throttled unless asked"
    );
    assert_eq!(
        header(&response, "X-MinLimit-Remaining").as_deref(),
        Some("0")
    );
}

#[tokio::test]
async fn minute_limit_gives_429_with_retry_after_and_resets_on_a_fixed_window() {
    let h = Harness::start_with(|c| {
        c.rate_limits = RateLimits {
            per_minute: 3,
            ..RateLimits::xero()
        }
    })
    .await;
    for _ in 0..3 {
        assert_eq!(h.get("/Organisation").await.status(), 200);
    }
    h.clock.advance(Duration::seconds(20));
    let refused = h.get("/Organisation").await;
    assert_eq!(refused.status(), 429);
    assert_eq!(
        header(&refused, "X-Rate-Limit-Problem").as_deref(),
        Some("minute")
    );
    assert_eq!(header(&refused, "Retry-After").as_deref(), Some("40"));
    assert_eq!(
        header(&refused, "X-MinLimit-Remaining").as_deref(),
        Some("0")
    );

    // Another organisation has its own windows.
    let other = h.state().add_organisation(Organisation::new("Second Org"));
    let token = h.state().mint_tokens_for_settle().access_token;
    let bearer = format!("Bearer {token}");
    let elsewhere = h
        .get_with(
            "/Organisation",
            &[
                ("xero-tenant-id", &other.to_string()),
                ("Authorization", &bearer),
            ],
        )
        .await;
    assert_eq!(elsewhere.status(), 200);

    h.clock.advance(Duration::seconds(40));
    assert_eq!(
        h.get("/Organisation").await.status(),
        200,
        "a new minute window"
    );
}

#[tokio::test]
async fn day_limit_starter_tier() {
    let h = Harness::start_with(|c| {
        c.rate_limits = RateLimits {
            per_day: 2,
            ..RateLimits::starter()
        }
    })
    .await;
    assert_eq!(RateLimits::starter().per_day, 1000);
    assert_eq!(h.get("/Organisation").await.status(), 200);
    h.clock.advance(Duration::minutes(20));
    assert_eq!(h.get("/Organisation").await.status(), 200);
    let refused = h.get("/Organisation").await;
    assert_eq!(refused.status(), 429);
    assert_eq!(
        header(&refused, "X-Rate-Limit-Problem").as_deref(),
        Some("day")
    );
    assert_eq!(
        header(&refused, "Retry-After").as_deref(),
        Some("85200"),
        "23h40m left in the day window"
    );
    assert_eq!(
        header(&refused, "X-DayLimit-Remaining").as_deref(),
        Some("0")
    );
}

#[tokio::test]
async fn concurrency_limit_counts_requests_in_flight() {
    let h = Harness::start_with(|c| {
        c.rate_limits = RateLimits {
            concurrent: 2,
            ..RateLimits::xero()
        }
    })
    .await;
    h.state().hold_requests();
    let spawn = || {
        let (http, url, headers) = (h.http.clone(), h.api("/Organisation"), h.headers());
        tokio::spawn(async move {
            http.get(url)
                .headers(headers)
                .send()
                .await
                .unwrap()
                .status()
        })
    };
    let held = [spawn(), spawn()];
    for _ in 0..200 {
        if h.state().in_flight(h.tenant) == 2 {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(10)).await;
    }
    assert_eq!(h.state().in_flight(h.tenant), 2);
    let refused = h.get("/Organisation").await;
    assert_eq!(refused.status(), 429);
    assert_eq!(
        header(&refused, "X-Rate-Limit-Problem").as_deref(),
        Some("concurrent")
    );
    assert_eq!(header(&refused, "Retry-After"), None);

    h.state().release_requests();
    for task in held {
        assert_eq!(task.await.unwrap(), 200);
    }
    assert_eq!(h.state().in_flight(h.tenant), 0);
}

#[tokio::test]
async fn injected_5xx_then_recovery() {
    let h = Harness::start().await;
    h.state().fail_next(2, 503);
    for _ in 0..2 {
        let response = h.get("/Invoices").await;
        assert_eq!(response.status(), 503);
        assert_eq!(
            response.text().await.unwrap(),
            "The Xero API is currently offline for maintenance"
        );
    }
    h.state().fail_next(1, 500);
    assert_eq!(h.get("/Invoices").await.status(), 500);
    assert_eq!(h.get("/Invoices").await.status(), 200);

    // /connections sits on the API host too.
    h.state().fail_next(1, 502);
    let connections = h
        .http
        .get(&h.xero.urls().connections)
        .bearer_auth(&h.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(connections.status(), 502);
}

#[tokio::test]
async fn injected_malformed_json() {
    let h = Harness::start().await;
    h.seed_invoice("INV-1", "10");
    h.state().malformed_json_next(1);
    let broken = h.get("/Invoices").await;
    assert_eq!(broken.status(), 200);
    assert!(
        broken.json::<Value>().await.is_err(),
        "the body is cut short"
    );
    let fine: Value = h.get("/Invoices").await.json().await.unwrap();
    assert_eq!(fine["Invoices"].as_array().unwrap().len(), 1);
}
