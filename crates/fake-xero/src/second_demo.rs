//! A second organisation `--second-organisation` serves beside the demo one, so a consent
//! reaches two tenants and Settle's organisation picker can be exercised against a real
//! process: a small Australian electrical business (AUD, Sydney time) with three customers and
//! a few open invoices. Ids are fixed, dates are relative to the clock's "today".
//! Owns: that seed. Must not: change the demo organisation (`demo.rs`).

use chrono::Duration;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::error::FakeXeroError;
use crate::model::{Contact, Invoice, Organisation};
use crate::state::FakeState;

/// The second organisation's tenant id (also its OrganisationID).
pub const SECOND_TENANT_ID: Uuid = Uuid::from_u128(0x0de0_0000_0000_4000_8000_0000_0000_0002);

/// (name, email)
const CUSTOMERS: &[(&str, &str)] = &[
    ("Bondi Surf Club", "accounts@bondisurf.example"),
    ("Paddington Bakehouse", "ap@paddobake.example"),
    ("Glebe Print Works", "office@glebeprint.example"),
];

pub fn seed(state: &FakeState) -> Result<Uuid, FakeXeroError> {
    let now = state.now();
    let mut org = Organisation::new("Southern Cross Electrical Pty Ltd");
    org.id = SECOND_TENANT_ID;
    org.short_code = "!sCe2x".to_owned();
    org.base_currency = "AUD".to_owned();
    org.country_code = "AU".to_owned();
    org.timezone = chrono_tz::Australia::Sydney;
    org.timezone_name = "AUSEASTERNSTANDARDTIME".to_owned();
    org.version = "AU".to_owned();
    org.created_utc = now - Duration::days(200);
    let today = org.today(now);
    let tenant = state.add_organisation(org);
    for (n, (name, email)) in CUSTOMERS.iter().enumerate() {
        let mut contact = Contact::new(name).with_email(email);
        contact.id = Uuid::from_u128(0x0de0_0000_0000_4000_8000_0002_0001_0000 | n as u128);
        let contact = state.add_contact(tenant, contact)?;
        // One overdue and one not yet due invoice each.
        for (k, (issued, due_in)) in [(40_i64, -10_i64), (5, 25)].into_iter().enumerate() {
            let number = format!("SCE-{:03}", n * 2 + k + 1);
            let mut invoice = Invoice::accrec(
                contact,
                &number,
                today - Duration::days(issued),
                today + Duration::days(due_in),
                Decimal::new(55_000 + 12_500 * (n * 2 + k) as i64, 2),
            );
            invoice.id =
                Uuid::from_u128(0x0de0_0000_0000_4000_8000_0002_0002_0000 | (n * 2 + k) as u128);
            state.add_invoice(tenant, invoice)?;
        }
    }
    Ok(tenant)
}
