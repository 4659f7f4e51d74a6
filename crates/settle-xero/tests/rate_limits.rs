//! Xero's limits as fake-xero enforces them: 429 storms waited out through Retry-After, the
//! concurrency cap kept on the client side, day-limit breaches reported instead of slept through,
//! 5xx backoff, the remaining-call budget, and cancelling a long paging.

mod support;

use std::time::Duration as StdDuration;

use fake_xero::RateLimits;
use settle_xero::{CancellationToken, ListQuery, RateLimitProblem, XeroError};
use support::Harness;

fn secs(n: u64) -> StdDuration {
    StdDuration::from_secs(n)
}

#[tokio::test]
async fn a_429_storm_is_waited_out_through_retry_after() {
    let h = Harness::start_with(
        |c| {
            c.rate_limits = RateLimits {
                per_minute: 3,
                ..RateLimits::xero()
            }
        },
        |_| {},
    )
    .await;
    let client = h.signed_in();
    for _ in 0..10 {
        client.organisation(h.tenant).await.unwrap();
    }
    let waits = h.sleeper.waits();
    assert_eq!(
        waits.len(),
        3,
        "a wait each time the minute ran out: {waits:?}"
    );
    assert!(
        waits.iter().all(|w| *w <= secs(60) && *w >= secs(1)),
        "{waits:?}"
    );
    let budget = client.rate_budget(h.tenant);
    assert_eq!(budget.minute_remaining, Some(2));
    assert_eq!(budget.last_problem, None, "the last call succeeded");
    assert!(budget.day_remaining.unwrap() < 5000);
    assert!(budget.app_minute_remaining.is_some());
}

#[tokio::test]
async fn a_day_limit_breach_is_reported_not_slept_through() {
    let h = Harness::start_with(
        |c| {
            c.rate_limits = RateLimits {
                per_day: 2,
                ..RateLimits::xero()
            }
        },
        |_| {},
    )
    .await;
    let client = h.signed_in();
    client.organisation(h.tenant).await.unwrap();
    client.organisation(h.tenant).await.unwrap();
    let err = client.organisation(h.tenant).await.unwrap_err();
    match &err {
        XeroError::RateLimited {
            problem,
            retry_after,
        } => {
            assert_eq!(*problem, RateLimitProblem::Day);
            assert_eq!(*retry_after, Some(secs(24 * 3600)));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_retryable());
    assert!(err.to_string().contains("daily limit"), "{err}");
    assert!(h.sleeper.waits().is_empty(), "no hour-long sleep");
    assert_eq!(
        client.rate_budget(h.tenant).last_problem,
        Some(RateLimitProblem::Day)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn never_more_than_five_requests_in_flight() {
    let h = Harness::start_with(|c| c.rate_limits = RateLimits::xero(), |_| {}).await;
    let client = h.signed_in();
    client.organisation(h.tenant).await.unwrap(); // sign in before holding requests
    h.state().hold_requests();
    let mut calls = Vec::new();
    for _ in 0..8 {
        let client = client.clone();
        let tenant = h.tenant;
        calls.push(tokio::spawn(
            async move { client.organisation(tenant).await },
        ));
    }
    let mut peak = 0;
    for _ in 0..40 {
        peak = peak.max(h.state().in_flight(h.tenant));
        tokio::time::sleep(StdDuration::from_millis(10)).await;
    }
    assert_eq!(peak, 5, "five admitted, three waiting on the client side");
    h.state().release_requests();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert!(
        h.sleeper.waits().is_empty(),
        "no 429 concurrent was provoked"
    );
}

#[tokio::test]
async fn server_errors_back_off_exponentially_then_succeed() {
    let h = Harness::start().await;
    let client = h.signed_in();
    client.organisation(h.tenant).await.unwrap();
    h.state().fail_next(2, 503);
    client.organisation(h.tenant).await.unwrap();
    assert_eq!(
        h.sleeper.waits(),
        vec![
            StdDuration::from_millis(500),
            StdDuration::from_millis(1000)
        ]
    );
}

#[tokio::test]
async fn persistent_server_errors_give_up_after_bounded_retries() {
    let h = Harness::start().await;
    let client = h.signed_in();
    client.organisation(h.tenant).await.unwrap();
    h.state().fail_next(10, 500);
    let err = client.organisation(h.tenant).await.unwrap_err();
    assert!(
        matches!(
            err,
            XeroError::ServerTrouble {
                status: 500,
                attempts: 5,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert!(err.to_string().contains("nothing was lost"), "{err}");
    assert_eq!(
        h.sleeper.waits(),
        [500, 1000, 2000, 4000]
            .map(StdDuration::from_millis)
            .to_vec()
    );
    h.state().clear_faults();
}

#[tokio::test]
async fn a_long_paging_stops_when_cancelled() {
    let h = Harness::start().await;
    let contact = h.add_contact("Cafe");
    for n in 0..5 {
        h.add_invoice(contact, &format!("INV-{n}"), "10.00");
    }
    let client = h.signed_in();
    client.organisation(h.tenant).await.unwrap();
    h.state().set_latency(Some(StdDuration::from_secs(5)));
    let cancel = CancellationToken::new();
    let query = ListQuery {
        page_size: 1,
        ..ListQuery::default()
    };
    let paging = tokio::spawn({
        let (client, cancel, tenant) = (client.clone(), cancel.clone(), h.tenant);
        async move { client.invoices(tenant, &query).collect(&cancel).await }
    });
    tokio::time::sleep(StdDuration::from_millis(100)).await;
    let started = std::time::Instant::now();
    cancel.cancel();
    let err = paging.await.unwrap().unwrap_err();
    assert!(matches!(err, XeroError::Cancelled), "{err:?}");
    assert!(started.elapsed() < StdDuration::from_secs(2));
    h.state().set_latency(None);
}
