//! What hangs off a contact row and comes from Xero: its persons, phones and addresses, written
//! for many contacts at once (one statement per table over a JSON list). `contacts.rs` writes a
//! new contact's phones and addresses through [`insert_phones_and_addresses`] too.
//! Persons keep the roles the owner gave them: a person is the same person when the email
//! matches (case-insensitively), or, without an email, when the name does; persons Xero no
//! longer lists are removed with their roles.
//! Owns: those writes. Must not: touch the contact row itself or Settle's own person roles.

use std::collections::HashMap;

use serde_json::{json, Value};
use settle_core::contact::{Contact, ContactPerson};
use sqlx::{Row, SqliteConnection};

use crate::xero_pages::json;
use crate::DbError;

/// Inserts the phones and addresses of `contacts` (row id, contact), in list order.
pub(crate) async fn insert_phones_and_addresses(
    tx: &mut SqliteConnection,
    org: i64,
    contacts: &[(i64, &Contact)],
) -> Result<(), DbError> {
    let list = json(
        contacts
            .iter()
            .map(|(id, c)| {
                let phones: Vec<Value> = c
                    .phones
                    .iter()
                    .map(|p| json!([p.phone_type.as_str(), p.country_code, p.area_code, p.number]))
                    .collect();
                let addresses: Vec<Value> = c
                    .addresses
                    .iter()
                    .map(|a| {
                        json!([
                            a.address_type.as_str(),
                            a.lines.join("\n"),
                            a.city,
                            a.region,
                            a.postal_code,
                            a.country
                        ])
                    })
                    .collect();
                json!({"c": id, "p": phones, "a": addresses})
            })
            .collect(),
    );
    sqlx::query(
        "INSERT INTO phones (organisation_id, contact_id, phone_type, country_code, area_code, \
         number) SELECT ?1, j.value ->> '$.c', p.value ->> '$[0]', p.value ->> '$[1]', \
         p.value ->> '$[2]', p.value ->> '$[3]' \
         FROM json_each(?2) j CROSS JOIN json_each(j.value, '$.p') p ORDER BY j.key, p.key",
    )
    .bind(org)
    .bind(&list)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO addresses (organisation_id, contact_id, address_type, lines, city, region, \
         postal_code, country) SELECT ?1, j.value ->> '$.c', a.value ->> '$[0]', \
         a.value ->> '$[1]', a.value ->> '$[2]', a.value ->> '$[3]', a.value ->> '$[4]', \
         a.value ->> '$[5]' \
         FROM json_each(?2) j CROSS JOIN json_each(j.value, '$.a') a ORDER BY j.key, a.key",
    )
    .bind(org)
    .bind(&list)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Replaces the phones and addresses of contacts already stored with Xero's.
pub(crate) async fn replace_phones_and_addresses(
    tx: &mut SqliteConnection,
    org: i64,
    contacts: &[(i64, &Contact)],
) -> Result<(), DbError> {
    let ids = json(contacts.iter().map(|(id, _)| json!(id)).collect());
    for table in ["phones", "addresses"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE contact_id IN (SELECT value FROM json_each(?1))"
        ))
        .bind(&ids)
        .execute(&mut *tx)
        .await?;
    }
    insert_phones_and_addresses(tx, org, contacts).await
}

/// Brings the persons of `contacts` (row id, contact, whether the row existed before) in line
/// with Xero's lists: matched persons are updated in place, new ones inserted, the rest removed.
pub(crate) async fn sync_persons(
    tx: &mut SqliteConnection,
    org: i64,
    contacts: &[(i64, &Contact, bool)],
) -> Result<(), DbError> {
    let existed = json(
        contacts
            .iter()
            .filter(|(_, _, existed)| *existed)
            .map(|(id, _, _)| json!(id))
            .collect(),
    );
    let rows = sqlx::query(
        "SELECT id, contact_id, first_name, last_name, email FROM contact_persons \
         WHERE contact_id IN (SELECT value FROM json_each(?1)) ORDER BY contact_id, id",
    )
    .bind(&existed)
    .fetch_all(&mut *tx)
    .await?;
    let mut stored: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for r in &rows {
        let email: Option<String> = r.get("email");
        let key = person_key(r.get("first_name"), r.get("last_name"), email.as_deref());
        stored
            .entry(r.get("contact_id"))
            .or_default()
            .push((r.get("id"), key));
    }
    let (mut updates, mut inserts, mut deletes) = (Vec::new(), Vec::new(), Vec::new());
    for (contact_id, contact, existed) in contacts {
        let mut existing = stored.remove(contact_id).unwrap_or_default();
        for person in &contact.persons {
            if !existed {
                if let Some(role) = person.roles.first() {
                    return Err(DbError::Invalid(format!(
                        "contact role '{role}' is not defined"
                    )));
                }
            }
            let key = person_key(
                &person.first_name,
                &person.last_name,
                person.email.as_deref(),
            );
            match existing.iter().position(|(_, k)| *k == key) {
                Some(at) => updates.push(person_row(existing.remove(at).0, person)),
                None => inserts.push(person_row(*contact_id, person)),
            }
        }
        deletes.extend(existing.into_iter().map(|(id, _)| json!(id)));
    }
    if !updates.is_empty() {
        sqlx::query(
            "UPDATE contact_persons SET first_name = u.value ->> '$.f', \
             last_name = u.value ->> '$.l', email = u.value ->> '$.e', \
             include_in_emails = u.value ->> '$.i' \
             FROM json_each(?1) u WHERE contact_persons.id = u.value ->> '$.id'",
        )
        .bind(json(updates))
        .execute(&mut *tx)
        .await?;
    }
    if !inserts.is_empty() {
        sqlx::query(
            "INSERT INTO contact_persons (organisation_id, contact_id, first_name, last_name, \
             email, include_in_emails) SELECT ?1, n.value ->> '$.id', n.value ->> '$.f', \
             n.value ->> '$.l', n.value ->> '$.e', n.value ->> '$.i' FROM json_each(?2) n \
             ORDER BY n.key",
        )
        .bind(org)
        .bind(json(inserts))
        .execute(&mut *tx)
        .await?;
    }
    if !deletes.is_empty() {
        sqlx::query("DELETE FROM contact_persons WHERE id IN (SELECT value FROM json_each(?1))")
            .bind(json(deletes))
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// A person's fields; `id` is the person's row (update) or its contact's row (insert).
fn person_row(id: i64, p: &ContactPerson) -> Value {
    json!({"id": id, "f": p.first_name, "l": p.last_name, "e": p.email, "i": p.include_in_emails})
}

fn person_key(first: &str, last: &str, email: Option<&str>) -> String {
    match email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(email) => format!("e:{}", email.to_lowercase()),
        None => format!(
            "n:{}\n{}",
            first.trim().to_lowercase(),
            last.trim().to_lowercase()
        ),
    }
}
