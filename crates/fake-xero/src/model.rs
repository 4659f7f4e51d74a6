//! The records the fake keeps per organisation: organisations and contacts here, invoices and
//! their allocations in `invoice.rs`. Public so tests can seed them and read them back. Owns: the
//! organisation and contact records, and the organisation's calendar (today, date offsets).
//! Must not: know about HTTP or JSON spelling (that is `accounting::dto`).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

/// One Xero organisation, which is also one tenant (tenantId == OrganisationID).
#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    pub id: Uuid,
    pub name: String,
    pub legal_name: String,
    /// Starts with `!`; used in deep links.
    pub short_code: String,
    pub base_currency: String,
    pub country_code: String,
    /// The IANA zone the fake computes "today" and date offsets in.
    pub timezone: Tz,
    /// Xero's Windows-style upper-case name for the same zone, e.g. `NEWZEALANDSTANDARDTIME`.
    pub timezone_name: String,
    pub version: String,
    pub period_lock_date: Option<NaiveDate>,
    pub end_of_year_lock_date: Option<NaiveDate>,
    pub financial_year_end_day: u32,
    pub financial_year_end_month: u32,
    pub is_demo_company: bool,
    pub created_utc: DateTime<Utc>,
    /// Write date-only fields with the organisation's UTC offset (`/Date(…+1300)/`) instead of
    /// `+0000`, as D-DATES documents for local dates; clients must decode both.
    pub date_offsets: bool,
}

impl Organisation {
    /// A New Zealand company with `+0000` dates, the shape of Xero's demo company.
    pub fn new(name: &str) -> Self {
        Self {
            id: Uuid::new_v4(),
            name: name.to_owned(),
            legal_name: name.to_owned(),
            short_code: "!fAk3X".to_owned(),
            base_currency: "NZD".to_owned(),
            country_code: "NZ".to_owned(),
            timezone: chrono_tz::Pacific::Auckland,
            timezone_name: "NEWZEALANDSTANDARDTIME".to_owned(),
            version: "NZ".to_owned(),
            period_lock_date: None,
            end_of_year_lock_date: None,
            financial_year_end_day: 31,
            financial_year_end_month: 3,
            is_demo_company: false,
            created_utc: DateTime::UNIX_EPOCH,
            date_offsets: false,
        }
    }

    /// The organisation's calendar day at `now`.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.timezone).date_naive()
    }

    /// Seconds east of UTC at local midnight of `date` (0 unless `date_offsets`).
    pub fn offset_seconds_on(&self, date: NaiveDate) -> i32 {
        use chrono::{Offset, TimeZone};
        if !self.date_offsets {
            return 0;
        }
        let noon = date.and_hms_opt(12, 0, 0).expect("noon exists");
        self.timezone
            .offset_from_utc_datetime(&noon)
            .fix()
            .local_minus_utc()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContactStatus {
    #[default]
    Active,
    Archived,
    GdprRequest,
}

impl ContactStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "ACTIVE",
            Self::Archived => "ARCHIVED",
            Self::GdprRequest => "GDPRREQUEST",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactPerson {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub include_in_emails: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneType {
    Default,
    Ddi,
    Mobile,
    Fax,
    Office,
}

impl PhoneType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Default => "DEFAULT",
            Self::Ddi => "DDI",
            Self::Mobile => "MOBILE",
            Self::Fax => "FAX",
            Self::Office => "OFFICE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    pub kind: PhoneType,
    pub number: String,
    pub area_code: String,
    pub country_code: String,
}

impl Phone {
    pub fn empty(kind: PhoneType) -> Self {
        Self {
            kind,
            number: String::new(),
            area_code: String::new(),
            country_code: String::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressType {
    Pobox,
    Street,
}

impl AddressType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pobox => "POBOX",
            Self::Street => "STREET",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub kind: AddressType,
    pub lines: [String; 4],
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
    pub attention_to: String,
}

impl Address {
    pub fn empty(kind: AddressType) -> Self {
        Self {
            kind,
            lines: Default::default(),
            city: String::new(),
            region: String::new(),
            postal_code: String::new(),
            country: String::new(),
            attention_to: String::new(),
        }
    }
}

/// A Xero contact. `Contact::new` gives the shape Xero returns for a new contact: the four
/// classic phone types and both address types, all empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub id: Uuid,
    pub contact_number: Option<String>,
    pub account_number: Option<String>,
    pub status: ContactStatus,
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub persons: Vec<ContactPerson>,
    pub phones: Vec<Phone>,
    pub addresses: Vec<Address>,
    pub default_currency: Option<String>,
    pub merged_to: Option<Uuid>,
    /// Set by the fake on every change that Xero journals; Balances changes leave it alone.
    pub updated_utc: DateTime<Utc>,
}

impl Contact {
    pub fn new(name: &str) -> Self {
        Self {
            id: Uuid::new_v4(),
            contact_number: None,
            account_number: None,
            status: ContactStatus::Active,
            name: name.to_owned(),
            first_name: String::new(),
            last_name: String::new(),
            email: String::new(),
            persons: Vec::new(),
            phones: [
                PhoneType::Default,
                PhoneType::Ddi,
                PhoneType::Fax,
                PhoneType::Mobile,
            ]
            .into_iter()
            .map(Phone::empty)
            .collect(),
            addresses: vec![
                Address::empty(AddressType::Street),
                Address::empty(AddressType::Pobox),
            ],
            default_currency: None,
            merged_to: None,
            updated_utc: DateTime::UNIX_EPOCH,
        }
    }

    pub fn with_email(mut self, email: &str) -> Self {
        email.clone_into(&mut self.email);
        self
    }
}

pub use crate::invoice::{
    CreditAllocation, HistoryRecord, Invoice, InvoiceStatus, InvoiceType, LineItem, Payment,
};
