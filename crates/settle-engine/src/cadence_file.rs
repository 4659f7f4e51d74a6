//! Cadence files: export and import cadences as the documented JSON of docs/CADENCES.md
//! (`{"version": 1, "cadences": [{"name", "default", "steps"}]}`). An import is checked whole
//! first — version, shape, every step — and any fault names the cadence, the step and the field;
//! then it is written in one transaction, so nothing is ever half-imported.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use settle_core::schedule::{Schedule, StepInput};
use settle_db::CadenceWrite;

use crate::{CadenceReceipt, Engine, EngineError};

/// The version of the cadence file this Settle writes and reads.
pub const CADENCE_FILE_VERSION: u64 = 1;

#[derive(Debug, Serialize)]
struct CadenceFile {
    version: u64,
    cadences: Vec<CadenceEntry>,
}

#[derive(Debug, Serialize)]
struct CadenceEntry {
    name: String,
    default: bool,
    steps: Vec<StepInput>,
}

/// An entry as read, before its steps are looked at one by one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryShape {
    name: String,
    #[serde(default)]
    default: bool,
    steps: Vec<Value>,
}

fn invalid(message: String) -> EngineError {
    EngineError::InvalidInput(message)
}

/// Reads and checks a cadence file (without touching the database).
pub(crate) fn read_cadence_file(text: &str) -> Result<Vec<CadenceWrite>, EngineError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text)
        .map_err(|e| invalid(format!("the cadence file is not valid JSON: {e}")))?;
    let Value::Object(top) = &value else {
        return Err(invalid(
            "the cadence file must be a JSON object: {\"version\": 1, \"cadences\": [...]}".into(),
        ));
    };
    match top.get("version") {
        None => {
            return Err(invalid(
                "this is not a Settle cadence file: it has no \"version\" field (expected \
                 {\"version\": 1, \"cadences\": [...]})"
                    .into(),
            ))
        }
        Some(Value::Number(n)) if n.as_u64() == Some(CADENCE_FILE_VERSION) => {}
        Some(other) => {
            return Err(invalid(format!(
                "this cadence file is version {other}, but this Settle reads version \
                 {CADENCE_FILE_VERSION}: export it again with this version of Settle, or update \
                 Settle"
            )))
        }
    }
    if let Some(unknown) = top.keys().find(|k| *k != "version" && *k != "cadences") {
        return Err(invalid(format!(
            "the cadence file has an unknown field \"{unknown}\" (only \"version\" and \
             \"cadences\" are allowed)"
        )));
    }
    let Some(Value::Array(entries)) = top.get("cadences") else {
        return Err(invalid(
            "the cadence file needs a \"cadences\" list: {\"version\": 1, \"cadences\": [...]}"
                .into(),
        ));
    };
    let mut writes: Vec<CadenceWrite> = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let at = format!("cadence {}", index + 1);
        let shape: EntryShape =
            serde_json::from_value(entry.clone()).map_err(|e| invalid(format!("{at}: {e}")))?;
        let name = settle_db::clean_cadence_name(&shape.name)
            .map_err(|e| invalid(format!("{at}: {e}")))?;
        let at = format!("{at} ('{name}')");
        let mut steps = Vec::with_capacity(shape.steps.len());
        for (number, step) in shape.steps.into_iter().enumerate() {
            steps.push(
                serde_json::from_value::<StepInput>(step)
                    .map_err(|e| invalid(format!("{at}, step {}: {e}", number + 1)))?,
            );
        }
        if writes
            .iter()
            .any(|w| w.name.to_lowercase() == name.to_lowercase())
        {
            return Err(invalid(format!(
                "{at}: the file names this cadence twice; keep one"
            )));
        }
        if steps.is_empty() {
            return Err(invalid(format!("{at}: has no steps: add at least one")));
        }
        writes.push(CadenceWrite {
            schedule: Schedule::new(&steps).map_err(|e| invalid(format!("{at}: {e}")))?,
            name,
            make_default: shape.default,
        });
    }
    if writes.is_empty() {
        return Err(invalid("the cadence file lists no cadences".into()));
    }
    if writes.iter().filter(|w| w.make_default).count() > 1 {
        return Err(invalid(
            "the cadence file marks more than one cadence as the default; keep one".into(),
        ));
    }
    Ok(writes)
}

impl Engine {
    /// The named cadences (all when `names` is empty) as a cadence file.
    pub async fn export_cadences(&self, names: &[String]) -> Result<String, EngineError> {
        let org = self.current().await?;
        let cadences = if names.is_empty() {
            self.db.cadences(org.id).await?
        } else {
            let mut chosen = Vec::with_capacity(names.len());
            for name in names {
                chosen.push(self.cadence_row(org.id, name).await?);
            }
            chosen
        };
        let file = CadenceFile {
            version: CADENCE_FILE_VERSION,
            cadences: cadences
                .into_iter()
                .map(|c| CadenceEntry {
                    name: c.name,
                    default: c.is_default,
                    steps: c.steps,
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&file)
            .map_err(|e| invalid(format!("cannot write the cadence file: {e}")))?;
        text.push('\n');
        Ok(text)
    }

    /// Imports a cadence file: new names are created, existing names (ignoring case) get the
    /// file's steps. Invoices keep their schedules either way.
    pub async fn import_cadences(&self, text: &str) -> Result<CadenceReceipt, EngineError> {
        let org = self.current().await?;
        let writes = read_cadence_file(text)?;
        let counts = self.db.import_cadences(org.id, &writes, self.now()).await?;
        Ok(CadenceReceipt {
            summary: format!(
                "Imported {} cadences: {} new, {} updated. Invoices keep their schedules.",
                writes.len(),
                counts.created,
                counts.replaced
            ),
            invoices: 0,
            cadences: self.cadences().await?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        read_cadence_file(text).unwrap_err().to_string()
    }

    #[test]
    fn bad_files_are_refused_naming_the_place_to_fix() {
        let step = r#"{"trigger": "after_due", "days": 7, "hour": 9, "channels": ["email"]}"#;
        let file = |cadences: &str| format!(r#"{{"version": 1, "cadences": [{cadences}]}}"#);
        let cases = [
            (r#"{"cadences": []}"#.to_owned(), "no \"version\" field"),
            (
                r#"{"version": 2, "cadences": []}"#.to_owned(),
                "version 2, but this Settle reads version 1",
            ),
            ("[1, 2]".to_owned(), "must be a JSON object"),
            ("{\"version\": 1,".to_owned(), "not valid JSON"),
            (
                file(&format!(
                    r#"{{"name": "A", "steps": [{}]}}"#,
                    step.replace("9", "24")
                )),
                "cadence 1 ('A'): step 1: hour 24",
            ),
            (
                file(&format!(
                    r#"{{"name": "A", "steps": [{}]}}"#,
                    step.replace("7", "-3")
                )),
                "step 1: days must be 0 or more (got -3)",
            ),
            (
                file(
                    r#"{"name": "A", "steps": [{"trigger": "on_date", "date": "2026-02-30", "hour": 9, "channels": ["email"]}]}"#,
                ),
                "date '2026-02-30' is not a calendar date",
            ),
            (
                file(&format!(
                    r#"{{"name": "A", "steps": [{step}, {{"trigger": "repeat", "every_days": 7, "times": 11, "hour": 9, "channels": ["email"]}}]}}"#
                )),
                "step 2: repeat 11 times is out of range (1–10)",
            ),
            (
                file(&format!(
                    r#"{{"name": "A", "steps": [{step}, {}]}}"#,
                    step.replace("\"hour\"", "\"hours\"")
                )),
                "cadence 1 ('A'), step 2: missing field `hour`",
            ),
            (
                file(&format!(
                    r#"{{"name": "A", "steps": [{step}]}}, {{"name": "a", "steps": [{step}]}}"#
                )),
                "names this cadence twice",
            ),
            (file(r#"{"name": "A", "steps": []}"#), "has no steps"),
            (
                file(&format!(
                    r#"{{"name": "A", "colour": "red", "steps": [{step}]}}"#
                )),
                "unknown field `colour`",
            ),
        ];
        for (text, expected) in cases {
            let message = error(&text);
            assert!(message.contains(expected), "{text}\n→ {message}");
        }
    }

    #[test]
    fn a_file_with_a_bom_reads_like_one_without() {
        let text = "\u{feff}{\"version\": 1, \"cadences\": [{\"name\": \"A\", \"default\": true, \
                    \"steps\": [{\"trigger\": \"when_issued\", \"hour\": 9, \"channels\": [\"email\"]}]}]}";
        let writes = read_cadence_file(text).unwrap();
        assert_eq!(writes[0].name, "A");
        assert!(writes[0].make_default);
    }
}
