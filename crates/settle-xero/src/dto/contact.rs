//! Contacts as Xero spells them (SPEC `Contact`, NOTES.md §7) and their mapping to
//! [`settle_core::contact::Contact`]. Owns: the contact DTOs and the mapping rules. Must not:
//! decide who is chased (that flag is Settle's own and comes in from the caller).

use rust_decimal::Decimal;
use serde::Deserialize;
use settle_core::contact::{
    Address, AddressType as CoreAddressType, ChasingStatus, Contact, ContactPerson,
    ContactStatus as CoreStatus, Phone, PhoneType as CorePhoneType,
};
use uuid::Uuid;

use super::amount;
use super::open_enum::open_enum;
use super::Pagination;
use crate::error::MappingError;
use crate::msdate::MsDate;

open_enum!(
    /// Xero's `ContactStatus`; GDPRREQUEST means "do not contact".
    ContactStatus {
        Active = "ACTIVE",
        Archived = "ARCHIVED",
        GdprRequest = "GDPRREQUEST",
    }
);

open_enum!(
    PhoneType {
        Default = "DEFAULT",
        Ddi = "DDI",
        Mobile = "MOBILE",
        Fax = "FAX",
        Office = "OFFICE",
    }
);

open_enum!(
    AddressType {
        Pobox = "POBOX",
        Street = "STREET",
        Delivery = "DELIVERY",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContactPersonDto {
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub email_address: String,
    #[serde(default)]
    pub include_in_emails: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PhoneDto {
    pub phone_type: PhoneType,
    #[serde(default)]
    pub phone_number: String,
    #[serde(default)]
    pub phone_area_code: String,
    #[serde(default)]
    pub phone_country_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddressDto {
    pub address_type: AddressType,
    #[serde(default)]
    pub address_line1: String,
    #[serde(default)]
    pub address_line2: String,
    #[serde(default)]
    pub address_line3: String,
    #[serde(default)]
    pub address_line4: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub country: String,
}

/// `Balances.AccountsReceivable`: in the contact's own currency; changes to it do not bump
/// UpdatedDateUTC, so never use it to decide what to sync.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReceivableDto {
    #[serde(default, deserialize_with = "amount::optional")]
    pub outstanding: Option<Decimal>,
    #[serde(default, deserialize_with = "amount::optional")]
    pub overdue: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BalancesDto {
    #[serde(default)]
    pub accounts_receivable: Option<ReceivableDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContactDto {
    #[serde(rename = "ContactID")]
    pub contact_id: Uuid,
    #[serde(default)]
    pub contact_number: Option<String>,
    #[serde(default)]
    pub account_number: Option<String>,
    pub contact_status: ContactStatus,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub email_address: String,
    #[serde(default)]
    pub contact_persons: Vec<ContactPersonDto>,
    #[serde(default)]
    pub phones: Vec<PhoneDto>,
    #[serde(default)]
    pub addresses: Vec<AddressDto>,
    #[serde(default)]
    pub is_customer: bool,
    #[serde(default)]
    pub is_supplier: bool,
    #[serde(default)]
    pub default_currency: Option<String>,
    /// Set on a contact merged into another; follow it when re-linking invoices.
    #[serde(rename = "MergedToContactID", default)]
    pub merged_to_contact_id: Option<Uuid>,
    #[serde(default)]
    pub balances: Option<BalancesDto>,
    #[serde(rename = "UpdatedDateUTC")]
    pub updated_date_utc: MsDate,
}

impl ContactDto {
    /// The settle-core contact. `chasing` is Settle's own setting for this customer.
    ///
    /// Xero returns placeholder phones and addresses with every field empty; those are dropped.
    /// Phone types settle-core has no word for (OFFICE, new ones) are dropped too, as are
    /// organisation-only DELIVERY addresses. An unknown ContactStatus refuses the record.
    pub fn to_core(&self, chasing: ChasingStatus) -> Result<Contact, MappingError> {
        let status = match &self.contact_status {
            ContactStatus::Active => CoreStatus::Active,
            ContactStatus::Archived => CoreStatus::Archived,
            ContactStatus::GdprRequest => CoreStatus::Gdprrequest,
            ContactStatus::Other(value) => {
                return Err(MappingError::UnknownValue {
                    field: "ContactStatus",
                    value: value.clone(),
                })
            }
        };
        Ok(Contact {
            xero_contact_id: self.contact_id.to_string(),
            name: self.name.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: non_empty(&self.email_address),
            status,
            chasing,
            persons: self
                .contact_persons
                .iter()
                .map(|p| ContactPerson {
                    first_name: p.first_name.clone(),
                    last_name: p.last_name.clone(),
                    email: non_empty(&p.email_address),
                    include_in_emails: p.include_in_emails,
                    // Roles are Settle's own (set by the owner), never Xero's.
                    roles: Vec::new(),
                })
                .collect(),
            phones: self.phones.iter().filter_map(phone).collect(),
            addresses: self.addresses.iter().filter_map(address).collect(),
        })
    }
}

fn non_empty(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn phone(p: &PhoneDto) -> Option<Phone> {
    let phone_type = match p.phone_type {
        PhoneType::Default => CorePhoneType::Default,
        PhoneType::Ddi => CorePhoneType::Ddi,
        PhoneType::Mobile => CorePhoneType::Mobile,
        PhoneType::Fax => CorePhoneType::Fax,
        PhoneType::Office | PhoneType::Other(_) => return None,
    };
    non_empty(&p.phone_number)?;
    Some(Phone {
        phone_type,
        country_code: p.phone_country_code.trim().to_owned(),
        area_code: p.phone_area_code.trim().to_owned(),
        number: p.phone_number.trim().to_owned(),
    })
}

fn address(a: &AddressDto) -> Option<Address> {
    let address_type = match a.address_type {
        AddressType::Pobox => CoreAddressType::Pobox,
        AddressType::Street => CoreAddressType::Street,
        AddressType::Delivery | AddressType::Other(_) => return None,
    };
    let lines: Vec<String> = [
        &a.address_line1,
        &a.address_line2,
        &a.address_line3,
        &a.address_line4,
    ]
    .into_iter()
    .filter_map(|l| non_empty(l))
    .collect();
    let rest = [&a.city, &a.region, &a.postal_code, &a.country];
    if lines.is_empty() && rest.iter().all(|f| f.trim().is_empty()) {
        return None;
    }
    Some(Address {
        address_type,
        lines,
        city: a.city.trim().to_owned(),
        region: a.region.trim().to_owned(),
        postal_code: a.postal_code.trim().to_owned(),
        country: a.country.trim().to_owned(),
    })
}

/// The body of `GET /Contacts`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContactsEnvelope {
    #[serde(default)]
    pub contacts: Vec<ContactDto>,
    #[serde(default, rename = "pagination")]
    pub pagination: Option<Pagination>,
}
