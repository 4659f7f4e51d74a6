//! GET /Organisation and GET /Contacts over real HTTP, plus the tenant and scope checks and the
//! demo seed; every JSON body is validated against its operation in `xero_accounting.yaml`.

mod support;

use fake_xero::{Contact, ContactPerson, ContactStatus, Invoice, InvoiceStatus};
use serde_json::{json, Value};
use support::{day, money, spec, t0, Harness};

fn accounting() -> &'static spec::Spec {
    spec::accounting()
}

#[tokio::test]
async fn organisation_matches_the_spec() {
    let h = Harness::start().await;
    h.state()
        .update_organisation(h.tenant, |o| o.period_lock_date = Some(day(2026, 3, 31)))
        .unwrap();
    let body = h.get_json("/Organisation").await;
    accounting().assert_operation("/Organisation", "get", "200", &body);
    let org = &body["Organisations"][0];
    assert_eq!(org["OrganisationID"], h.tenant.to_string());
    assert_eq!(org["Timezone"], "NEWZEALANDSTANDARDTIME");
    assert_eq!(org["PeriodLockDate"], "/Date(1774915200000+0000)/");
    assert!(
        org.get("EndOfYearLockDate").is_none(),
        "lock dates only when set"
    );
    assert_eq!(body["Status"], "OK");
    assert_eq!(
        body["DateTimeUTC"],
        format!("/Date({})/", t0().timestamp_millis())
    );
}

#[tokio::test]
async fn contacts_list_with_persons_phones_balances_and_archived_filter() {
    let h = Harness::start().await;
    let mut active = Contact::new("Harbour Cafe").with_email("ap@harbour.example");
    active.persons.push(ContactPerson {
        first_name: "Sam".into(),
        last_name: "Ng".into(),
        email: "sam@harbour.example".into(),
        include_in_emails: true,
    });
    active.phones[0].number = "555-0101".into();
    let active = h.state().add_contact(h.tenant, active).unwrap();
    let archived = h
        .state()
        .add_contact(h.tenant, Contact::new("Old Mill"))
        .unwrap();
    h.state()
        .set_contact_status(h.tenant, archived, ContactStatus::Archived)
        .unwrap();
    let invoice = Invoice::accrec(
        active,
        "INV-1",
        day(2026, 3, 1),
        day(2026, 3, 31),
        money("230.00"),
    );
    h.state().add_invoice(h.tenant, invoice).unwrap();

    let raw = h.get("/Contacts?page=1").await.text().await.unwrap();
    assert!(
        raw.contains(r#""Outstanding":230.00,"Overdue":230.00"#),
        "money is exact decimal text: {raw}"
    );
    let body: Value = serde_json::from_str(&raw).unwrap();
    accounting().assert_operation("/Contacts", "get", "200", &body);
    let contacts = body["Contacts"].as_array().unwrap();
    assert_eq!(contacts.len(), 1, "ARCHIVED needs includeArchived");
    let c = &contacts[0];
    assert_eq!(
        c["ContactPersons"][0]["EmailAddress"],
        "sam@harbour.example"
    );
    assert_eq!(
        c["Phones"].as_array().unwrap().len(),
        4,
        "the four classic phone types"
    );
    assert_eq!(c["IsCustomer"], true);
    assert_eq!(c["Balances"]["AccountsReceivable"]["Overdue"], json!(230.0));
    assert_eq!(
        body["pagination"],
        json!({"page": 1, "pageSize": 100, "pageCount": 1, "itemCount": 1})
    );

    let all = h.get_json("/Contacts?includeArchived=true").await;
    accounting().assert_operation("/Contacts", "get", "200", &all);
    assert_eq!(all["Contacts"].as_array().unwrap().len(), 2);
    assert!(
        all.get("pagination").is_none(),
        "no page, no pagination object"
    );

    let summary = h.get_json("/Contacts?summaryOnly=true").await;
    assert!(summary["Contacts"][0].get("Balances").is_none());

    let by_where = h
        .get_json("/Contacts?where=Name.Contains(%22harbour%22)")
        .await;
    assert_eq!(by_where["Contacts"].as_array().unwrap().len(), 1);
    let by_search = h.get_json("/Contacts?searchTerm=sam").await;
    assert_eq!(
        by_search["Contacts"].as_array().unwrap().len(),
        0,
        "persons are not searched"
    );
    let by_id = h.get_json(&format!("/Contacts?IDs={archived}")).await;
    assert_eq!(by_id["Contacts"][0]["ContactStatus"], "ARCHIVED");
}

#[tokio::test]
async fn tenant_header_and_scope_failures() {
    let h = Harness::start().await;
    let no_tenant = h
        .http
        .get(h.api("/Invoices"))
        .bearer_auth(&h.access_token)
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(no_tenant.status(), 403);
    let body: Value = no_tenant.json().await.unwrap();
    assert_eq!(body["Detail"], "AuthenticationUnsuccessful");

    let other_org = h
        .state()
        .add_organisation(fake_xero::Organisation::new("Not connected"));
    let foreign = h
        .get_with("/Invoices", &[("xero-tenant-id", &other_org.to_string())])
        .await;
    assert_eq!(
        foreign.status(),
        403,
        "a tenant the consent did not include"
    );

    let read_only = h
        .state()
        .mint_tokens(&["accounting.contacts.read"])
        .access_token;
    let bearer = format!("Bearer {read_only}");
    let response = h.get_with("/Invoices", &[("Authorization", &bearer)]).await;
    assert_eq!(response.status(), 401);
    let challenge = response.headers()["www-authenticate"].to_str().unwrap();
    assert!(challenge.contains("insufficient_scope"), "{challenge}");
}

#[tokio::test]
async fn the_demo_seed_serves_spec_valid_data() {
    let h = Harness::start_with(|c| c.seed_demo = true).await;
    let tokens = h.state().mint_tokens_for_settle();
    let get = |path: &str| {
        h.http
            .get(h.api(path))
            .bearer_auth(&tokens.access_token)
            .header("xero-tenant-id", fake_xero::DEMO_TENANT_ID.to_string())
            .header("Accept", "application/json")
            .send()
    };
    for (path, op) in [
        ("/Invoices?page=1", "/Invoices"),
        ("/Contacts?page=1&includeArchived=true", "/Contacts"),
    ] {
        let body: Value = get(path).await.unwrap().json().await.unwrap();
        accounting().assert_operation(op, "get", "200", &body);
    }
    let invoices = h.state().invoices(fake_xero::DEMO_TENANT_ID).unwrap();
    assert!(invoices
        .iter()
        .all(|i| i.amount_due() == i.total() - i.amount_paid() - i.amount_credited()));
    assert!(invoices.iter().any(|i| i.status == InvoiceStatus::Paid));
}

#[test]
fn the_ms_date_pattern_used_by_the_validator() {
    assert!(spec::is_ms_date("/Date(1539993600000+0000)/"));
    assert!(spec::is_ms_date("/Date(-1642464000000+0000)/"));
    assert!(spec::is_ms_date("/Date(1552326816230)/"));
    assert!(!spec::is_ms_date("2018-10-20T00:00:00"));
    assert!(!spec::is_ms_date("/Date(12a)/"));
}
