//! How contacts are spelled on the wire (SPEC Contact, Address, Phone, ContactPerson, Balances),
//! full or as the summary Xero embeds in invoice lists. Owns: serialisation only.

use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::model::{Address, Contact, ContactPerson, Phone};
use crate::money::Fixed;
use crate::msdate;
use crate::world::ContactFacts;

fn skip_empty(s: &&str) -> bool {
    s.is_empty()
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddressDto<'a> {
    address_type: &'static str,
    address_line1: &'a str,
    address_line2: &'a str,
    address_line3: &'a str,
    address_line4: &'a str,
    city: &'a str,
    region: &'a str,
    postal_code: &'a str,
    country: &'a str,
    attention_to: &'a str,
}

fn address(a: &Address) -> AddressDto<'_> {
    AddressDto {
        address_type: a.kind.as_str(),
        address_line1: &a.lines[0],
        address_line2: &a.lines[1],
        address_line3: &a.lines[2],
        address_line4: &a.lines[3],
        city: &a.city,
        region: &a.region,
        postal_code: &a.postal_code,
        country: &a.country,
        attention_to: &a.attention_to,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PhoneDto<'a> {
    phone_type: &'static str,
    phone_number: &'a str,
    phone_area_code: &'a str,
    phone_country_code: &'a str,
}

fn phone(p: &Phone) -> PhoneDto<'_> {
    PhoneDto {
        phone_type: p.kind.as_str(),
        phone_number: &p.number,
        phone_area_code: &p.area_code,
        phone_country_code: &p.country_code,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PersonDto<'a> {
    first_name: &'a str,
    last_name: &'a str,
    email_address: &'a str,
    include_in_emails: bool,
}

fn person(p: &ContactPerson) -> PersonDto<'_> {
    PersonDto {
        first_name: &p.first_name,
        last_name: &p.last_name,
        email_address: &p.email,
        include_in_emails: p.include_in_emails,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AmountsDto {
    outstanding: Fixed,
    overdue: Fixed,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BalancesDto {
    accounts_receivable: AmountsDto,
    accounts_payable: AmountsDto,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContactDto<'a> {
    #[serde(rename = "ContactID")]
    contact_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_number: Option<&'a str>,
    contact_status: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "skip_empty")]
    first_name: &'a str,
    #[serde(skip_serializing_if = "skip_empty")]
    last_name: &'a str,
    email_address: &'a str,
    bank_account_details: &'static str,
    addresses: Vec<AddressDto<'a>>,
    phones: Vec<PhoneDto<'a>>,
    #[serde(rename = "UpdatedDateUTC")]
    updated_date_utc: String,
    contact_groups: Vec<Value>,
    is_supplier: bool,
    is_customer: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_currency: Option<&'a str>,
    contact_persons: Vec<PersonDto<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    balances: Option<BalancesDto>,
    #[serde(rename = "MergedToContactID", skip_serializing_if = "Option::is_none")]
    merged_to_contact_id: Option<Uuid>,
    has_attachments: bool,
    has_validation_errors: bool,
}

/// A full contact. `facts` are what Xero derives from the invoices (`Tenant::contact_facts`);
/// `with_balances` adds Balances (omitted in summaryOnly and inside invoices).
pub fn contact(c: &Contact, facts: ContactFacts, with_balances: bool) -> ContactDto<'_> {
    let zero = || AmountsDto {
        outstanding: Fixed::money(0.into()),
        overdue: Fixed::money(0.into()),
    };
    ContactDto {
        contact_id: c.id,
        contact_number: c.contact_number.as_deref(),
        account_number: c.account_number.as_deref(),
        contact_status: c.status.as_str(),
        name: &c.name,
        first_name: &c.first_name,
        last_name: &c.last_name,
        email_address: &c.email,
        bank_account_details: "",
        addresses: c.addresses.iter().map(address).collect(),
        phones: c.phones.iter().map(phone).collect(),
        updated_date_utc: msdate::ms_instant(c.updated_utc),
        contact_groups: Vec::new(),
        is_supplier: facts.is_supplier,
        is_customer: facts.is_customer,
        default_currency: c.default_currency.as_deref(),
        contact_persons: c.persons.iter().map(person).collect(),
        balances: with_balances.then(|| BalancesDto {
            accounts_receivable: AmountsDto {
                outstanding: Fixed::money(facts.outstanding),
                overdue: Fixed::money(facts.overdue),
            },
            accounts_payable: zero(),
        }),
        merged_to_contact_id: c.merged_to,
        has_attachments: false,
        has_validation_errors: false,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContactSummaryDto<'a> {
    #[serde(rename = "ContactID")]
    contact_id: Uuid,
    name: &'a str,
    addresses: Vec<Value>,
    phones: Vec<Value>,
    contact_groups: Vec<Value>,
    contact_persons: Vec<Value>,
    has_validation_errors: bool,
}

/// The summary contact of invoice lists: id, name and empty collections (SPEC examples).
pub fn contact_summary(contact_id: Uuid, name: &str) -> ContactSummaryDto<'_> {
    ContactSummaryDto {
        contact_id,
        name,
        addresses: Vec::new(),
        phones: Vec::new(),
        contact_groups: Vec::new(),
        contact_persons: Vec::new(),
        has_validation_errors: false,
    }
}
