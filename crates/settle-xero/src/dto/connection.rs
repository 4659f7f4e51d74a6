//! `GET /connections` (ID-SPEC `Connection`, NOTES.md §2.5): the organisations (tenants) one
//! sign-in reaches. Dates there are ISO without a zone and with 7 fractional digits
//! (`2019-12-07T18:46:19.5165400`), taken as UTC. Owns: that DTO. Must not: pick a tenant.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

use super::open_enum::open_enum;

open_enum!(
    TenantType {
        Organisation = "ORGANISATION",
        Practice = "PRACTICE",
        Workflowmax = "WORKFLOWMAX",
    }
);

/// One connected tenant. Store `tenant_id` per organisation; `connection_id` is what
/// `disconnect` takes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    #[serde(rename = "id")]
    pub connection_id: Uuid,
    pub tenant_id: Uuid,
    pub tenant_type: TenantType,
    #[serde(default)]
    pub tenant_name: Option<String>,
    #[serde(default)]
    pub auth_event_id: Option<Uuid>,
    #[serde(default, deserialize_with = "identity_date")]
    pub created_date_utc: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "identity_date")]
    pub updated_date_utc: Option<DateTime<Utc>>,
}

fn identity_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let Some(text) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    let trimmed = text.trim().trim_end_matches('Z');
    NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S%.f")
        .map(|n| Some(n.and_utc()))
        .map_err(|_| serde::de::Error::custom(format!("\"{text}\" is not an identity date")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_parse_with_seven_digit_fractions() {
        let body = r#"[{"id":"e1eede29-f875-4a5d-8470-17f6a29a88b1","authEventId":"d99ecdfe-391d-43d2-b834-17636ba90e8d",
          "tenantId":"70784a63-d24b-46a9-a4db-0e70a274b056","tenantType":"ORGANISATION","tenantName":"Maple Florist",
          "createdDateUtc":"2019-07-09T23:40:30.1833130","updatedDateUtc":"2020-05-15T01:35:13.8491980"},
          {"id":"32587c85-a9b3-4306-ac30-b416e8f2c841","tenantId":"e0da6937-de07-4a14-adee-37abfac298ce",
           "tenantType":"SOMETHINGNEW","tenantName":null,"createdDateUtc":null}]"#;
        let list: Vec<Connection> = serde_json::from_str(body).unwrap();
        assert_eq!(list[0].tenant_type, TenantType::Organisation);
        assert_eq!(
            list[0].created_date_utc.unwrap().to_rfc3339(),
            "2019-07-09T23:40:30.183313+00:00"
        );
        assert_eq!(
            list[1].tenant_type,
            TenantType::Other("SOMETHINGNEW".into())
        );
        assert_eq!(list[1].tenant_name, None);
    }
}
