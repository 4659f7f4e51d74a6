//! Validates JSON responses against the OpenAPI documents in `shared/xero/`: `$ref`s resolved,
//! required properties present, types and enums respected, UUIDs and MS-JSON dates well formed,
//! and — stricter than OpenAPI, on purpose — no property the schema does not list, except the
//! few that Xero is documented to send anyway (listed in `UNDOCUMENTED`).

use std::sync::OnceLock;

use serde_json::Value;

pub const ACCOUNTING: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/xero/xero_accounting.yaml"
);
pub const IDENTITY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/xero/xero-identity.yaml"
);

/// Properties Xero sends that the SPEC schemas omit, with where that is documented.
const UNDOCUMENTED: &[(&str, &str)] = &[
    // The response envelope (SPEC examples; NOTES.md §1).
    ("Invoices", "Id"),
    ("Invoices", "Status"),
    ("Invoices", "ProviderName"),
    ("Invoices", "DateTimeUTC"),
    ("Contacts", "Id"),
    ("Contacts", "Status"),
    ("Contacts", "ProviderName"),
    ("Contacts", "DateTimeUTC"),
    ("Organisations", "Id"),
    ("Organisations", "Status"),
    ("Organisations", "ProviderName"),
    ("Organisations", "DateTimeUTC"),
    ("HistoryRecords", "Id"),
    ("HistoryRecords", "Status"),
    ("HistoryRecords", "ProviderName"),
    ("HistoryRecords", "DateTimeUTC"),
    ("OnlineInvoices", "Id"),
    ("OnlineInvoices", "Status"),
    ("OnlineInvoices", "ProviderName"),
    ("OnlineInvoices", "DateTimeUTC"),
    // *String companions (SPEC examples; tap-xero#21, pyxero#243; NOTES.md §5).
    ("Invoice", "DateString"),
    ("Invoice", "DueDateString"),
    ("Invoice", "ExpectedPaymentDateString"),
    ("HistoryRecord", "DateUTCString"),
    // The token response's `scope` (RFC 6749 §5.1), which ID-SPEC's AccessToken omits.
    ("AccessToken", "scope"),
];

/// Which other schemas' properties an object may also carry: a ValidationException's Element
/// echoes the document it is about (NOTES.md §8).
const ALSO: &[(&str, &[&str])] = &[("Element", &["Invoice", "HistoryRecord"])];

pub struct Spec {
    doc: Value,
}

fn load(path: &str) -> Spec {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("read {path} (is shared/ cloned next to the repo?): {e}"));
    Spec {
        doc: serde_norway::from_str(&text).expect("the spec is YAML"),
    }
}

pub fn accounting() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| load(ACCOUNTING))
}

pub fn identity() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| load(IDENTITY))
}

impl Spec {
    fn resolve(&self, reference: &str) -> &Value {
        let path = reference.strip_prefix("#/").expect("local $ref");
        let node = path.split('/').fold(&self.doc, |node, key| &node[key]);
        assert!(!node.is_null(), "dangling $ref {reference}");
        node
    }

    /// The JSON schema of `method path` answering `status`, following `$ref`ed responses.
    pub fn response_schema(&self, path: &str, method: &str, status: &str) -> Value {
        let mut response = &self.doc["paths"][path][method]["responses"][status];
        assert!(!response.is_null(), "SPEC has no {method} {path} {status}");
        if let Some(reference) = response["$ref"].as_str() {
            response = self.resolve(reference);
        }
        response["content"]["application/json"]["schema"].clone()
    }

    /// Panics with every violation found, naming where in the body each is.
    pub fn assert_valid(&self, schema: &Value, body: &Value) {
        let mut errors = Vec::new();
        self.check(schema, None, body, "$", &mut errors);
        assert!(
            errors.is_empty(),
            "response does not match the SPEC:\n{}\nbody: {body:#}",
            errors.join("\n")
        );
    }

    pub fn assert_operation(&self, path: &str, method: &str, status: &str, body: &Value) {
        self.assert_valid(&self.response_schema(path, method, status), body);
    }

    pub fn assert_component(&self, name: &str, body: &Value) {
        let schema = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
        self.assert_valid(&schema, body);
    }

    fn check(
        &self,
        schema: &Value,
        name: Option<&str>,
        value: &Value,
        at: &str,
        errors: &mut Vec<String>,
    ) {
        if let Some(reference) = schema["$ref"].as_str() {
            let target = reference.rsplit('/').next();
            return self.check(self.resolve(reference), target, value, at, errors);
        }
        let kind = schema["type"]
            .as_str()
            .or(schema.get("properties").map(|_| "object"));
        if let Some(options) = schema["enum"].as_array() {
            if !options.contains(value) {
                errors.push(format!("{at}: {value} is not one of the enum values"));
            }
        }
        match (kind, value) {
            (_, Value::Null) => errors.push(format!("{at}: null where the SPEC has {kind:?}")),
            (Some("object"), Value::Object(map)) => {
                self.check_object(schema, name, map, at, errors)
            }
            (Some("array"), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.check(&schema["items"], None, item, &format!("{at}[{i}]"), errors);
                }
            }
            (Some("string"), Value::String(text)) => check_string(schema, text, at, errors),
            (Some("number"), Value::Number(_)) | (Some("boolean"), Value::Bool(_)) | (None, _) => {}
            (Some("integer"), Value::Number(n)) if n.is_i64() || n.is_u64() => {}
            (Some(kind), other) => errors.push(format!("{at}: expected {kind}, found {other}")),
        }
    }

    fn check_object(
        &self,
        schema: &Value,
        name: Option<&str>,
        map: &serde_json::Map<String, Value>,
        at: &str,
        errors: &mut Vec<String>,
    ) {
        for required in schema["required"].as_array().into_iter().flatten() {
            let required = required.as_str().unwrap_or_default();
            if !map.contains_key(required) {
                errors.push(format!("{at}: required property {required} is missing"));
            }
        }
        let also: Vec<&Value> = ALSO
            .iter()
            .filter(|(n, _)| Some(*n) == name)
            .flat_map(|(_, others)| others.iter())
            .map(|other| &self.doc["components"]["schemas"][*other]["properties"])
            .collect();
        for (key, value) in map {
            let here = format!("{at}.{key}");
            let property = std::iter::once(&schema["properties"])
                .chain(also.iter().copied())
                .map(|props| &props[key.as_str()])
                .find(|p| !p.is_null());
            match property {
                Some(property) => self.check(property, None, value, &here, errors),
                None if UNDOCUMENTED.contains(&(name.unwrap_or_default(), key.as_str())) => {
                    if key.ends_with("String") || key == "DateTimeUTC" {
                        check_companion(key, value, &here, errors);
                    }
                }
                None => errors.push(format!(
                    "{here}: not a property of {}",
                    name.unwrap_or("this object")
                )),
            }
        }
    }
}

fn check_string(schema: &Value, text: &str, at: &str, errors: &mut Vec<String>) {
    if schema["format"] == "uuid" && uuid::Uuid::parse_str(text).is_err() {
        errors.push(format!("{at}: {text:?} is not a uuid"));
    }
    let ms_date = schema["x-is-msdate"] == true || schema["x-is-msdate-time"] == true;
    if ms_date && !is_ms_date(text) {
        errors.push(format!("{at}: {text:?} is not an MS-JSON date"));
    }
    if let Some(max) = schema["maxLength"].as_u64() {
        if text.chars().count() as u64 > max {
            errors.push(format!("{at}: longer than {max}"));
        }
    }
}

/// `DateString` and friends: ISO without zone; `DateTimeUTC`: MS-JSON without offset.
fn check_companion(key: &str, value: &Value, at: &str, errors: &mut Vec<String>) {
    let text = value.as_str().unwrap_or_default();
    let ok = if key == "DateTimeUTC" {
        is_ms_date(text) && !text.contains('+')
    } else {
        chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").is_ok()
    };
    if !ok {
        errors.push(format!("{at}: {value} is not the documented spelling"));
    }
}

/// NOTES.md §5: `^/Date\((-?\d+)([+-]\d{4})?\)/$`.
pub fn is_ms_date(text: &str) -> bool {
    let Some(inner) = text
        .strip_prefix("/Date(")
        .and_then(|t| t.strip_suffix(")/"))
    else {
        return false;
    };
    let digits_start = usize::from(inner.starts_with('-'));
    let end = inner[digits_start..]
        .find(['+', '-'])
        .map_or(inner.len(), |i| i + digits_start);
    let (ms, offset) = inner.split_at(end);
    let ms_ok = ms.len() > digits_start && ms[digits_start..].bytes().all(|b| b.is_ascii_digit());
    let offset_ok =
        offset.is_empty() || (offset.len() == 5 && offset[1..].bytes().all(|b| b.is_ascii_digit()));
    ms_ok && offset_ok
}
