//! Contacts (Xero's word for customers) and the people, phones and addresses behind them.

use serde::{Deserialize, Serialize};

use crate::CoreError;

/// Xero's `ContactStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ContactStatus {
    Active,
    Archived,
    /// Xero's GDPR erasure request: never chased, shown as archived.
    Gdprrequest,
}

impl ContactStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "ACTIVE",
            Self::Archived => "ARCHIVED",
            Self::Gdprrequest => "GDPRREQUEST",
        }
    }

    pub fn parse(text: &str) -> Result<Self, CoreError> {
        match text {
            "ACTIVE" => Ok(Self::Active),
            "ARCHIVED" => Ok(Self::Archived),
            "GDPRREQUEST" => Ok(Self::Gdprrequest),
            other => Err(CoreError::UnknownValue {
                kind: "contact status",
                value: other.to_owned(),
            }),
        }
    }
}

/// Whether Settle chases a customer. The overview's two tabs are exactly these two values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChasingStatus {
    Chasing,
    NotChasing,
}

impl ChasingStatus {
    pub fn from_flag(chasing: bool) -> Self {
        if chasing {
            Self::Chasing
        } else {
            Self::NotChasing
        }
    }

    pub fn is_chasing(self) -> bool {
        self == Self::Chasing
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Chasing => "Chasing",
            Self::NotChasing => "Not chasing",
        }
    }
}

/// Xero's phone types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PhoneType {
    Default,
    Ddi,
    Mobile,
    Fax,
}

impl PhoneType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Default => "DEFAULT",
            Self::Ddi => "DDI",
            Self::Mobile => "MOBILE",
            Self::Fax => "FAX",
        }
    }
}

/// Xero's address types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
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
pub struct ContactPerson {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub include_in_emails: bool,
    /// Names of the business-defined roles this person holds (e.g. "Accounts Payable").
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    pub phone_type: PhoneType,
    pub country_code: String,
    pub area_code: String,
    pub number: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub address_type: AddressType,
    pub lines: Vec<String>,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

/// A customer as Settle stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub xero_contact_id: String,
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    /// The contact's primary email address (Xero `EmailAddress`); may be missing.
    pub email: Option<String>,
    pub status: ContactStatus,
    pub chasing: ChasingStatus,
    pub persons: Vec<ContactPerson>,
    pub phones: Vec<Phone>,
    pub addresses: Vec<Address>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_status_round_trips_and_refuses_unknown_values() {
        for status in [
            ContactStatus::Active,
            ContactStatus::Archived,
            ContactStatus::Gdprrequest,
        ] {
            assert_eq!(ContactStatus::parse(status.as_str()), Ok(status));
        }
        assert!(ContactStatus::parse("MERGED").is_err());
    }

    #[test]
    fn chasing_status_maps_the_stored_flag() {
        assert_eq!(ChasingStatus::from_flag(true), ChasingStatus::Chasing);
        assert_eq!(ChasingStatus::from_flag(false).label(), "Not chasing");
    }
}
