//! `--second-organisation`: with the demo, a consent connects two tenants, and each serves its
//! own organisation record and customers (the organisation picker's test bed).

use chrono::{TimeZone, Utc};
use fake_xero::{FakeXero, FakeXeroConfig, ManualClock, DEMO_TENANT_ID, SECOND_TENANT_ID};
use serde_json::Value;

async fn get(token: &str, url: &str, tenant: Option<uuid::Uuid>) -> Value {
    let mut request = reqwest::Client::new()
        .get(url)
        .bearer_auth(token)
        .header("Accept", "application/json");
    if let Some(tenant) = tenant {
        request = request.header("xero-tenant-id", tenant.to_string());
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_consent_reaches_both_organisations_and_each_has_its_own_books() {
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap());
    let mut config = FakeXeroConfig::new(clock.clock());
    config.seed_demo = true;
    config.seed_second_organisation = true;
    let xero = FakeXero::start(config).await.unwrap();
    let token = xero.state().mint_tokens_for_settle().access_token;

    let connections = get(&token, &xero.urls().connections, None).await;
    let tenants: Vec<(&str, &str)> = connections
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["tenantId"].as_str().unwrap(),
                c["tenantName"].as_str().unwrap(),
            )
        })
        .collect();
    let (demo, second) = (DEMO_TENANT_ID.to_string(), SECOND_TENANT_ID.to_string());
    assert_eq!(
        tenants,
        vec![
            (demo.as_str(), "Demo Plumbing Ltd"),
            (second.as_str(), "Southern Cross Electrical Pty Ltd"),
        ]
    );

    let api = &xero.urls().api;
    let org = get(
        &token,
        &format!("{api}/Organisation"),
        Some(SECOND_TENANT_ID),
    )
    .await;
    let org = &org["Organisations"][0];
    assert_eq!(org["BaseCurrency"], "AUD");
    assert_eq!(org["CountryCode"], "AU");
    assert_eq!(org["Timezone"], "AUSEASTERNSTANDARDTIME");

    let contacts = get(&token, &format!("{api}/Contacts"), Some(SECOND_TENANT_ID)).await;
    let names: Vec<&str> = contacts["Contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["Name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            "Bondi Surf Club",
            "Paddington Bakehouse",
            "Glebe Print Works"
        ]
    );
    let invoices = get(&token, &format!("{api}/Invoices"), Some(SECOND_TENANT_ID)).await;
    assert_eq!(invoices["Invoices"].as_array().unwrap().len(), 6);
    // The demo organisation's books are its own.
    let demo_contacts = get(&token, &format!("{api}/Contacts"), Some(DEMO_TENANT_ID)).await;
    assert!(!demo_contacts.to_string().contains("Bondi Surf Club"));
}
