//! The `contacts` table and the persons, roles, phones and addresses that hang off it.

use std::collections::HashMap;

use settle_core::contact::{
    Address, AddressType, ChasingStatus, Contact, ContactPerson, ContactStatus, Phone, PhoneType,
};
use sqlx::{Row, SqliteConnection};

use crate::xero_contact_details::insert_phones_and_addresses;
use crate::{Database, DbError};

/// A contact with its row id and the cadence it follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredContact {
    pub id: i64,
    pub organisation_id: i64,
    pub contact: Contact,
    /// The contact's own cadence, or the organisation's default.
    pub schedule: Option<String>,
}

/// A contact found by the CLI's name-or-id lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactMatch {
    pub id: i64,
    pub name: String,
}

impl Database {
    pub(crate) async fn insert_contact(
        tx: &mut SqliteConnection,
        org: i64,
        contact: &Contact,
        role_ids: &HashMap<String, i64>,
    ) -> Result<i64, DbError> {
        let id = sqlx::query(
            "INSERT INTO contacts (organisation_id, xero_contact_id, name, first_name, last_name, \
             email, contact_status, chasing) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(org)
        .bind(&contact.xero_contact_id)
        .bind(&contact.name)
        .bind(&contact.first_name)
        .bind(&contact.last_name)
        .bind(&contact.email)
        .bind(contact.status.as_str())
        .bind(contact.chasing.is_chasing())
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        for person in &contact.persons {
            let person_id = sqlx::query(
                "INSERT INTO contact_persons (organisation_id, contact_id, first_name, last_name, \
                 email, include_in_emails) VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(org)
            .bind(id)
            .bind(&person.first_name)
            .bind(&person.last_name)
            .bind(&person.email)
            .bind(person.include_in_emails)
            .execute(&mut *tx)
            .await?
            .last_insert_rowid();
            for role in &person.roles {
                let role_id = role_ids.get(role).ok_or_else(|| {
                    DbError::Invalid(format!("contact role '{role}' is not defined"))
                })?;
                sqlx::query(
                    "INSERT INTO contact_person_roles (organisation_id, person_id, role_id) \
                     VALUES (?, ?, ?)",
                )
                .bind(org)
                .bind(person_id)
                .bind(role_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        insert_phones_and_addresses(tx, org, &[(id, contact)]).await?;
        Ok(id)
    }

    /// One contact with everything the customer page shows about it.
    pub async fn contact(&self, org: i64, id: i64) -> Result<StoredContact, DbError> {
        let pool = self.reader();
        let row = sqlx::query(
            "SELECT c.id, c.organisation_id, c.xero_contact_id, c.name, c.first_name, \
             c.last_name, c.email, c.contact_status, c.chasing, \
             COALESCE(own.name, dflt.name) AS schedule \
             FROM contacts c \
             LEFT JOIN cadences own ON own.id = c.cadence_id \
             LEFT JOIN cadences dflt ON dflt.organisation_id = c.organisation_id \
                                    AND dflt.is_default = 1 \
             WHERE c.organisation_id = ? AND c.id = ?",
        )
        .bind(org)
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(|e| self.classify(e))?
        .ok_or_else(|| DbError::NotFound(format!("customer {id} does not exist")))?;

        let person_rows = sqlx::query(
            "SELECT p.first_name, p.last_name, p.email, p.include_in_emails, \
             (SELECT group_concat(r.name, char(10)) FROM contact_person_roles pr \
              JOIN contact_roles r ON r.id = pr.role_id WHERE pr.person_id = p.id) AS roles \
             FROM contact_persons p WHERE p.contact_id = ? ORDER BY p.id",
        )
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(|e| self.classify(e))?;
        let persons = person_rows
            .into_iter()
            .map(|r| ContactPerson {
                first_name: r.get("first_name"),
                last_name: r.get("last_name"),
                email: r.get("email"),
                include_in_emails: r.get::<i64, _>("include_in_emails") == 1,
                roles: r
                    .get::<Option<String>, _>("roles")
                    .map(|s| s.lines().map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
            .collect();

        let phones = sqlx::query(
            "SELECT phone_type, country_code, area_code, number FROM phones \
             WHERE contact_id = ? ORDER BY id",
        )
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(|e| self.classify(e))?
        .into_iter()
        .map(|r| {
            Ok(Phone {
                phone_type: match r.get::<&str, _>("phone_type") {
                    "DDI" => PhoneType::Ddi,
                    "MOBILE" => PhoneType::Mobile,
                    "FAX" => PhoneType::Fax,
                    _ => PhoneType::Default,
                },
                country_code: r.get("country_code"),
                area_code: r.get("area_code"),
                number: r.get("number"),
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;

        let addresses = sqlx::query(
            "SELECT address_type, lines, city, region, postal_code, country FROM addresses \
             WHERE contact_id = ? ORDER BY id",
        )
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(|e| self.classify(e))?
        .into_iter()
        .map(|r| Address {
            address_type: if r.get::<&str, _>("address_type") == "STREET" {
                AddressType::Street
            } else {
                AddressType::Pobox
            },
            lines: r
                .get::<&str, _>("lines")
                .lines()
                .map(str::to_owned)
                .collect(),
            city: r.get("city"),
            region: r.get("region"),
            postal_code: r.get("postal_code"),
            country: r.get("country"),
        })
        .collect();

        Ok(StoredContact {
            id: row.get("id"),
            organisation_id: row.get("organisation_id"),
            schedule: row.get("schedule"),
            contact: Contact {
                xero_contact_id: row.get("xero_contact_id"),
                name: row.get("name"),
                first_name: row.get("first_name"),
                last_name: row.get("last_name"),
                email: row.get("email"),
                status: ContactStatus::parse(row.get("contact_status"))?,
                chasing: ChasingStatus::from_flag(row.get::<i64, _>("chasing") == 1),
                persons,
                phones,
                addresses,
            },
        })
    }

    /// Contacts whose id is `needle`, or whose name equals it (case-insensitively); failing that,
    /// whose name contains it. The CLI refuses anything but exactly one match.
    pub async fn find_contacts(
        &self,
        org: i64,
        needle: &str,
    ) -> Result<Vec<ContactMatch>, DbError> {
        let rows = sqlx::query(
            "SELECT id, name, \
             CASE WHEN CAST(id AS TEXT) = ?2 OR lower(name) = lower(?2) THEN 0 ELSE 1 END AS rank \
             FROM contacts WHERE organisation_id = ?1 \
             AND (CAST(id AS TEXT) = ?2 OR instr(lower(name), lower(?2)) > 0) \
             ORDER BY rank, name LIMIT 20",
        )
        .bind(org)
        .bind(needle.trim())
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        let exact: Vec<_> = rows
            .iter()
            .filter(|r| r.get::<i64, _>("rank") == 0)
            .collect();
        let chosen = if exact.is_empty() {
            rows.iter().collect()
        } else {
            exact
        };
        Ok(chosen
            .into_iter()
            .map(|r| ContactMatch {
                id: r.get("id"),
                name: r.get("name"),
            })
            .collect())
    }
}
