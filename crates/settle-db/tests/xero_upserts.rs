//! Storing Xero sync pages: idempotent upserts, Settle's own fields kept, holds, checkpoints.

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use settle_core::contact::{ChasingStatus, Contact, ContactPerson, ContactStatus};
use settle_core::invoice::{Invoice, InvoiceStatus};
use settle_core::organisation::Organisation;
use settle_core::CurrencyCode;
use settle_db::{
    Database, HoldEntity, InvoiceWrite, PageRecords, PageWrite, SyncCheckpoint, SyncHold,
    XeroOrganisationWrite,
};
use sqlx::Row;

use common::{now, open};

fn org_write(name: &str) -> XeroOrganisationWrite {
    XeroOrganisationWrite {
        organisation: Organisation {
            name: name.into(),
            country: "NZ".into(),
            timezone: chrono_tz::Pacific::Auckland,
            base_currency: CurrencyCode::new("NZD").unwrap(),
            xero_tenant_id: Some("tenant-1".into()),
            xero_short_code: Some("!abc".into()),
            is_demo: false,
        },
        xero_timezone: "NEWZEALANDSTANDARDTIME".into(),
        period_lock_date: NaiveDate::from_ymd_opt(2026, 3, 31),
        end_of_year_lock_date: None,
    }
}

fn contact(id: &str, name: &str, persons: &[(&str, &str)]) -> Contact {
    Contact {
        xero_contact_id: id.into(),
        name: name.into(),
        first_name: String::new(),
        last_name: String::new(),
        email: Some(format!("ap@{id}.example")),
        status: ContactStatus::Active,
        chasing: ChasingStatus::Chasing,
        persons: persons
            .iter()
            .map(|(first, email)| ContactPerson {
                first_name: (*first).into(),
                last_name: String::new(),
                email: Some((*email).into()),
                include_in_emails: true,
                roles: Vec::new(),
            })
            .collect(),
        phones: Vec::new(),
        addresses: Vec::new(),
    }
}

fn invoice(id: &str, contact: &str, due: &str, status: InvoiceStatus) -> InvoiceWrite {
    let amount: Decimal = due.parse().unwrap();
    InvoiceWrite {
        invoice: Invoice {
            xero_invoice_id: id.into(),
            number: format!("INV-{id}"),
            reference: String::new(),
            status,
            issue_date: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            due_date: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
            expected_payment_date: None,
            fully_paid_on: None,
            currency: CurrencyCode::new("NZD").unwrap(),
            currency_rate: Decimal::ONE,
            total: amount,
            amount_due: amount,
            amount_paid: Decimal::ZERO,
            amount_credited: Decimal::ZERO,
            sent_to_contact: true,
            updated_at: now(),
            chasing_enabled: true,
        },
        xero_contact_id: contact.into(),
        contact_name: format!("Contact {contact}"),
    }
}

async fn setup() -> (tempfile::TempDir, Database, i64) {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir).await;
    let (org, created) = db
        .upsert_xero_organisation(&org_write("Harbour"), now())
        .await
        .unwrap();
    assert!(created);
    (dir, db, org)
}

async fn scalar(db: &Database, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(db.reader())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

#[tokio::test]
async fn organisation_upserts_by_tenant_with_lock_dates_and_a_default_cadence() {
    let (_dir, db, org) = setup().await;
    let (again, created) = db
        .upsert_xero_organisation(&org_write("Harbour Plumbing"), now())
        .await
        .unwrap();
    assert_eq!((again, created), (org, false));
    let stored = db
        .organisation_by_tenant("tenant-1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.organisation.name, "Harbour Plumbing");
    assert_eq!(stored.organisation.timezone, chrono_tz::Pacific::Auckland);
    let locks = db.lock_dates(org).await.unwrap();
    assert_eq!(locks.period, NaiveDate::from_ymd_opt(2026, 3, 31));
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM cadences WHERE is_default = 1").await,
        1
    );
}

#[tokio::test]
async fn pages_are_idempotent_and_keep_settles_own_fields() {
    let (_dir, db, org) = setup().await;
    let contacts = vec![
        (contact("c1", "Ashford", &[("Ann", "ann@a.example")]), now()),
        (contact("c2", "Bexley", &[]), now()),
    ];
    let first = db
        .store_contacts_page(org, &contacts, &[], None, now())
        .await
        .unwrap();
    assert_eq!((first.inserted, first.updated), (2, 0));
    // The owner stops chasing Bexley and gives Ann a role.
    sqlx::query("UPDATE contacts SET chasing = 0 WHERE xero_contact_id = 'c2'")
        .execute(db.writer())
        .await
        .unwrap();
    sqlx::query("INSERT INTO contact_roles (organisation_id, name) VALUES (?, 'Accounts')")
        .bind(org)
        .execute(db.writer())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO contact_person_roles (organisation_id, person_id, role_id) \
         SELECT ?, p.id, r.id FROM contact_persons p, contact_roles r",
    )
    .bind(org)
    .execute(db.writer())
    .await
    .unwrap();

    let invoices = vec![
        invoice("i1", "c1", "100.00", InvoiceStatus::Authorised),
        invoice("i2", "c2", "200.50", InvoiceStatus::Authorised),
        invoice("i3", "c9", "5.00", InvoiceStatus::Authorised), // contact not synced yet
    ];
    let counts = db
        .store_invoices_page(org, &invoices, &[], None, now())
        .await
        .unwrap();
    assert_eq!((counts.inserted, counts.updated), (3, 0));
    // New invoices follow their customer: Bexley is not chased, so neither is i2.
    assert_eq!(
        scalar(
            &db,
            "SELECT chasing FROM invoices WHERE xero_invoice_id = 'i2'"
        )
        .await,
        0
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM contacts WHERE xero_updated_at IS NULL"
        )
        .await,
        1,
        "a stub contact for c9"
    );

    // Storing the same pages again changes nothing but counts updates.
    let again = db
        .store_contacts_page(
            org,
            &[(
                contact("c1", "Ashford Ltd", &[("Annie", "ANN@a.example")]),
                now() + Duration::minutes(1),
            )],
            &[],
            None,
            now(),
        )
        .await
        .unwrap();
    assert_eq!((again.inserted, again.updated), (0, 1));
    let mut paid = invoice("i1", "c1", "0", InvoiceStatus::Paid);
    paid.invoice.total = "100.00".parse().unwrap();
    paid.invoice.amount_paid = "100.00".parse().unwrap();
    db.store_invoices_page(org, &[paid], &[], None, now())
        .await
        .unwrap();
    assert_eq!(scalar(&db, "SELECT count(*) FROM invoices").await, 3);
    assert_eq!(scalar(&db, "SELECT count(*) FROM contacts").await, 3);
    assert_eq!(
        scalar(
            &db,
            "SELECT chasing FROM contacts WHERE xero_contact_id = 'c2'"
        )
        .await,
        0,
        "the owner's choice survives the sync"
    );
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM contact_person_roles").await,
        1,
        "Ann (same email) keeps her role"
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT amount_due_e4 FROM invoices WHERE xero_invoice_id = 'i1'"
        )
        .await,
        0
    );
    assert_eq!(
        db.open_invoice_xero_ids(org).await.unwrap(),
        vec!["i2".to_owned(), "i3".to_owned()]
    );
}

#[tokio::test]
async fn holds_keep_old_values_and_stop_chasing_until_a_good_record() {
    let (_dir, db, org) = setup().await;
    db.store_invoices_page(
        org,
        &[invoice("i1", "c1", "10.00", InvoiceStatus::Authorised)],
        &[],
        None,
        now(),
    )
    .await
    .unwrap();
    let hold = |id: &str| SyncHold {
        entity: HoldEntity::Invoice,
        xero_id: id.into(),
        label: "INV".into(),
        reason: "unknown Invoice Status 'DISPUTED'".into(),
    };
    let counts = db
        .store_invoices_page(org, &[], &[hold("i1"), hold("new")], None, now())
        .await
        .unwrap();
    assert_eq!(counts.held, 2);
    assert_eq!(db.sync_holds(org).await.unwrap().len(), 2);
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM invoices WHERE held_reason IS NOT NULL"
        )
        .await,
        1
    );
    db.store_invoices_page(
        org,
        &[invoice("i1", "c1", "10.00", InvoiceStatus::Authorised)],
        &[],
        None,
        now(),
    )
    .await
    .unwrap();
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM invoices WHERE held_reason IS NOT NULL"
        )
        .await,
        0
    );
    let left = db.sync_holds(org).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].xero_id, "new");
}

#[tokio::test]
async fn checkpoints_commit_with_their_page_and_passes_store_watermarks() {
    let (_dir, db, org) = setup().await;
    let at: DateTime<Utc> = now() - Duration::hours(1);
    let checkpoint = SyncCheckpoint {
        entity: "invoices",
        resume_from: at,
        full: true,
    };
    db.store_invoices_page(
        org,
        &[invoice("i1", "c1", "1.00", InvoiceStatus::Authorised)],
        &[],
        Some(&checkpoint),
        now(),
    )
    .await
    .unwrap();
    let state = db.sync_state(org, "invoices").await.unwrap();
    assert_eq!(state.resume_from, Some(at));
    assert!(state.resume_full);
    assert_eq!(state.watermark, None);

    db.record_sync_error(org, "invoices", "offline")
        .await
        .unwrap();
    assert_eq!(
        db.sync_state(org, "invoices")
            .await
            .unwrap()
            .last_error
            .as_deref(),
        Some("offline")
    );
    db.finish_sync_pass(org, "invoices", Some(at), now())
        .await
        .unwrap();
    db.finish_sync_pass(org, "invoices", None, now())
        .await
        .unwrap();
    let state = db.sync_state(org, "invoices").await.unwrap();
    assert_eq!(state.watermark, Some(at), "None keeps the watermark");
    assert_eq!(state.resume_from, None);
    assert_eq!(state.last_error, None);
    assert_eq!(state.last_success_at, Some(now()));
    assert_eq!(db.sync_states(org).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_page_that_repeats_a_record_stores_it_in_order() {
    use settle_core::contact::{Address, AddressType, Phone, PhoneType};
    let (_dir, db, org) = setup().await;
    let phone = |number: &str| Phone {
        phone_type: PhoneType::Mobile,
        country_code: "64".into(),
        area_code: "21".into(),
        number: number.into(),
    };
    let mut first = contact("c1", "Ashford", &[("Ann", "ann@a.example")]);
    first.phones = vec![phone("111")];
    first.addresses = vec![Address {
        address_type: AddressType::Street,
        lines: vec!["1 Quay St".into(), "Level 2".into()],
        city: "Auckland".into(),
        region: String::new(),
        postal_code: "1010".into(),
        country: "NZ".into(),
    }];
    let mut second = contact(
        "c1",
        "Ashford Ltd",
        &[("Ann", "ann@a.example"), ("Bo", "bo@a.example")],
    );
    second.phones = vec![phone("222"), phone("333")];
    let counts = db
        .store_contacts_page(org, &[(first, now()), (second, now())], &[], None, now())
        .await
        .unwrap();
    assert_eq!((counts.inserted, counts.updated), (1, 1));
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM contacts WHERE name = 'Ashford Ltd'"
        )
        .await,
        1
    );
    assert_eq!(scalar(&db, "SELECT count(*) FROM contact_persons").await, 2);
    let numbers: String = sqlx::query_scalar(
        "SELECT group_concat(number, ',') FROM (SELECT number FROM phones ORDER BY id)",
    )
    .fetch_one(db.reader())
    .await
    .unwrap();
    assert_eq!(numbers, "222,333", "the later record's phones, in order");
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM addresses").await,
        0,
        "the later record has no address"
    );

    // An invoice listed twice: the later values win, counted as one insert and one update.
    let mut changed = invoice("i1", "c1", "100.00", InvoiceStatus::Authorised);
    changed.invoice.reference = "PO 7".into();
    let counts = db
        .store_invoices_page(
            org,
            &[
                invoice("i1", "c1", "100.00", InvoiceStatus::Authorised),
                changed,
            ],
            &[],
            None,
            now(),
        )
        .await
        .unwrap();
    assert_eq!((counts.inserted, counts.updated), (1, 1));
    let reference: String =
        sqlx::query_scalar("SELECT reference FROM invoices WHERE xero_invoice_id = 'i1'")
            .fetch_one(db.reader())
            .await
            .unwrap();
    assert_eq!(reference, "PO 7");
}

/// Several pages stored in one transaction end exactly as if stored one by one: page order is
/// kept (a record held on one page and good on the next is released), each page is counted on
/// its own, and the last page's checkpoint is the one left.
#[tokio::test]
async fn a_group_of_pages_equals_the_pages_stored_one_by_one() {
    let hold = |id: &str| SyncHold {
        entity: HoldEntity::Invoice,
        xero_id: id.into(),
        label: "INV".into(),
        reason: "unknown Invoice Status 'DISPUTED'".into(),
    };
    let checkpoint = |minutes: i64| SyncCheckpoint {
        entity: "invoices",
        resume_from: now() - Duration::minutes(minutes),
        full: true,
    };
    let pages = vec![
        PageWrite {
            records: PageRecords::Invoices(vec![
                invoice("i1", "c1", "10.00", InvoiceStatus::Authorised),
                invoice("i2", "c2", "20.00", InvoiceStatus::Authorised),
            ]),
            holds: vec![hold("i3")],
            checkpoint: Some(checkpoint(30)),
        },
        PageWrite {
            // i2 again (paid since), and i3 now readable.
            records: PageRecords::Invoices(vec![
                invoice("i2", "c2", "0.00", InvoiceStatus::Paid),
                invoice("i3", "c1", "30.00", InvoiceStatus::Authorised),
            ]),
            holds: vec![hold("i4")],
            checkpoint: Some(checkpoint(20)),
        },
    ];

    let (_one, one_by_one, org) = setup().await;
    for page in &pages {
        let PageRecords::Invoices(items) = &page.records else {
            unreachable!("invoice pages")
        };
        one_by_one
            .store_invoices_page(org, items, &page.holds, page.checkpoint.as_ref(), now())
            .await
            .unwrap();
    }
    let (_grouped, grouped, org_g) = setup().await;
    let counts = grouped.store_pages(org_g, &pages, now()).await.unwrap();
    assert_eq!(
        counts
            .iter()
            .map(|c| (c.inserted, c.updated, c.held))
            .collect::<Vec<_>>(),
        vec![(2, 0, 1), (1, 1, 1)]
    );

    let rows = "SELECT xero_invoice_id || ':' || status || ':' || amount_due_e4 || ':' || \
                coalesce(held_reason, '-') FROM invoices ORDER BY xero_invoice_id";
    let read = |db: &Database| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, String>(rows)
                .fetch_all(db.reader())
                .await
                .unwrap()
        }
    };
    let expected = read(&one_by_one).await;
    assert_eq!(read(&grouped).await, expected);
    assert_eq!(expected.len(), 3, "{expected:?}");
    let held: Vec<String> = grouped
        .sync_holds(org_g)
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.xero_id)
        .collect();
    assert_eq!(
        held,
        vec!["i4".to_owned()],
        "i3's hold is released by page 2"
    );
    let state = grouped.sync_state(org_g, "invoices").await.unwrap();
    assert_eq!(state.resume_from, Some(now() - Duration::minutes(20)));
}
