//! Bulk cadence assignment from a spreadsheet: a CSV file with the header
//! `invoice_number,cadence_name` (any case, spaces around names ignored), UTF-8 with or without a
//! byte-order mark, LF or CRLF line endings.
//!
//! Every row is checked before anything changes; each bad row is reported with its line number
//! (the header is line 1) and the reason. Nothing is applied unless the owner accepts, and then
//! the valid rows are applied in one transaction.

use std::collections::HashMap;

use settle_db::StoredCadence;

use crate::{AssignmentReport, AssignmentView, Engine, EngineError, RowErrorView};

const HEADER: [&str; 2] = ["invoice_number", "cadence_name"];

/// One data row as read.
struct Row {
    line: u32,
    invoice_number: String,
    cadence: String,
}

/// Reads the file into rows, collecting per-line faults. A wrong header is a fault of line 1
/// and stops the reading: the columns cannot be trusted after it.
fn read_rows(bytes: &[u8]) -> (Vec<Row>, Vec<RowErrorView>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut header_seen = false;
    let mut record = csv::ByteRecord::new();
    loop {
        let line = line_at(bytes, reader.position().byte());
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| line_at(bytes, p.byte()));
                errors.push(RowErrorView {
                    line,
                    reason: format!("the line cannot be read as CSV ({e})"),
                });
                continue;
            }
        }
        let line = record.position().map_or(line, |p| line_at(bytes, p.byte()));
        let fields: Result<Vec<&str>, _> = record.iter().map(std::str::from_utf8).collect();
        let Ok(fields) = fields else {
            errors.push(RowErrorView {
                line,
                reason: "not UTF-8 text: save the spreadsheet as \"CSV UTF-8\"".into(),
            });
            if !header_seen {
                return (rows, errors);
            }
            continue;
        };
        if !header_seen {
            header_seen = true;
            let matches = fields.len() == HEADER.len()
                && fields
                    .iter()
                    .zip(HEADER)
                    .all(|(got, want)| got.eq_ignore_ascii_case(want));
            if !matches {
                errors.push(RowErrorView {
                    line,
                    reason: format!(
                        "the first line must be the header `invoice_number,cadence_name` \
                         (found `{}`)",
                        fields.join(",")
                    ),
                });
                return (rows, errors);
            }
            continue;
        }
        if fields.len() == 1 && fields[0].is_empty() {
            continue; // a blank line, as spreadsheets sometimes leave at the end
        }
        if fields.len() != HEADER.len() {
            errors.push(RowErrorView {
                line,
                reason: format!(
                    "expected 2 columns (invoice_number, cadence_name), found {}",
                    fields.len()
                ),
            });
            continue;
        }
        let reason = match (fields[0].is_empty(), fields[1].is_empty()) {
            (true, _) => Some("invoice_number is empty"),
            (_, true) => Some("cadence_name is empty"),
            _ => None,
        };
        if let Some(reason) = reason {
            errors.push(RowErrorView {
                line,
                reason: reason.into(),
            });
            continue;
        }
        rows.push(Row {
            line,
            invoice_number: fields[0].to_owned(),
            cadence: fields[1].to_owned(),
        });
    }
    if !header_seen {
        errors.push(RowErrorView {
            line: 1,
            reason: "the file is empty: the first line must be the header \
                     `invoice_number,cadence_name`"
                .into(),
        });
    }
    (rows, errors)
}

/// The line (from 1) of the record the reader says starts at byte `position`. The csv crate's
/// own line numbers lag after CRLF endings and blank lines, and its byte position may point at
/// the end of the previous line, so line breaks are skipped and counted here.
fn line_at(bytes: &[u8], position: u64) -> u32 {
    let mut start = (position as usize).min(bytes.len());
    while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
        start += 1;
    }
    1 + bytes[..start].iter().filter(|b| **b == b'\n').count() as u32
}

impl Engine {
    /// Checks an assignment file and, when `accept` is true, applies its valid rows (each
    /// invoice gets a copy of its cadence, applied now). Bad rows are reported, never applied.
    pub async fn assign_cadences_csv(
        &self,
        bytes: &[u8],
        accept: bool,
    ) -> Result<AssignmentReport, EngineError> {
        let org = self.current().await?;
        let (rows, mut errors) = read_rows(bytes);
        let data_rows = rows.len() + errors.iter().filter(|e| e.line > 1).count();
        let cadences: Vec<StoredCadence> = self.db.cadences(org.id).await?;
        let numbers: Vec<String> = rows.iter().map(|r| r.invoice_number.clone()).collect();
        let mut invoices: HashMap<String, Vec<i64>> = HashMap::new();
        for (number, id) in self.db.invoices_by_number(org.id, &numbers).await? {
            invoices.entry(number).or_default().push(id);
        }
        let mut first_line: HashMap<i64, u32> = HashMap::new();
        let mut valid: Vec<(AssignmentView, i64, i64)> = Vec::new();
        for row in &rows {
            let fault = |reason: String| RowErrorView {
                line: row.line,
                reason,
            };
            let cadence = cadences
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(row.cadence.trim()));
            let invoice = match invoices.get(&row.invoice_number).map(Vec::as_slice) {
                None | Some([]) => Err(format!("no invoice is numbered '{}'", row.invoice_number)),
                Some([id]) => Ok(*id),
                Some(several) => Err(format!(
                    "{} invoices are numbered '{}': assign them one by one in the window",
                    several.len(),
                    row.invoice_number
                )),
            };
            match (invoice, cadence) {
                (Err(reason), _) => errors.push(fault(reason)),
                (_, None) => errors.push(fault(format!(
                    "no cadence is called '{}' (the cadences are: {})",
                    row.cadence,
                    cadences
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))),
                (Ok(invoice), Some(cadence)) => match first_line.get(&invoice) {
                    Some(first) => errors.push(fault(format!(
                        "invoice '{}' is already assigned on line {first}: keep one row per \
                         invoice",
                        row.invoice_number
                    ))),
                    None => {
                        first_line.insert(invoice, row.line);
                        valid.push((
                            AssignmentView {
                                line: row.line,
                                invoice_number: row.invoice_number.clone(),
                                cadence: cadence.name.clone(),
                            },
                            invoice,
                            cadence.id,
                        ));
                    }
                },
            }
        }
        errors.sort_by_key(|e| e.line);
        let applied = accept && !valid.is_empty();
        if applied {
            let pairs: Vec<(i64, i64)> = valid.iter().map(|(_, i, c)| (*i, *c)).collect();
            self.db.apply_cadences(org.id, &pairs, self.now()).await?;
        }
        let rows = |n: usize| {
            if n == 1 {
                "1 row".to_owned()
            } else {
                format!("{n} rows")
            }
        };
        let (good, bad) = (valid.len(), errors.len());
        let summary = match (applied, bad) {
            (true, 0) => format!("Applied {}.", rows(good)),
            (true, _) => format!(
                "Applied the {} valid; {} with errors were left out.",
                rows(good),
                rows(bad)
            ),
            (false, 0) if good == 0 => "The file has no rows to apply.".to_owned(),
            (false, 0) => format!(
                "{} valid. Nothing was changed yet: accept to apply.",
                rows(good)
            ),
            (false, _) => format!(
                "{} valid, {} with errors. Nothing was changed: fix the file, or accept to apply \
                 only the valid rows.",
                rows(good),
                rows(bad)
            ),
        };
        Ok(AssignmentReport {
            rows: data_rows as u32,
            valid: valid.into_iter().map(|(view, _, _)| view).collect(),
            errors,
            applied,
            summary,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_quotes_and_case_are_read_and_lines_are_counted_from_the_header() {
        let file = b"\xEF\xBB\xBFInvoice_Number , CADENCE_NAME\r\nINV-1,Standard\r\n\r\n\"INV-2\",\"Firm,\r\nfinal\"\r\nINV-3\r\n,Standard\r\nINV-4,Standard,extra\r\n";
        let (rows, errors) = read_rows(file);
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.line, r.invoice_number.as_str(), r.cadence.as_str()))
            .collect();
        // Line 3 is blank; the quoted cadence name spans lines 4 and 5.
        assert_eq!(
            got,
            [(2, "INV-1", "Standard"), (4, "INV-2", "Firm,\r\nfinal")]
        );
        let errors: Vec<_> = errors.iter().map(|e| (e.line, e.reason.as_str())).collect();
        assert_eq!(
            errors,
            [
                (
                    6,
                    "expected 2 columns (invoice_number, cadence_name), found 1"
                ),
                (7, "invoice_number is empty"),
                (
                    8,
                    "expected 2 columns (invoice_number, cadence_name), found 3"
                ),
            ]
        );
    }

    #[test]
    fn a_wrong_or_missing_header_is_line_one() {
        for (file, expected) in [
            (&b"number,cadence\nINV-1,A\n"[..], "found `number,cadence`"),
            (&b"INV-1,Standard\n"[..], "found `INV-1,Standard`"),
            (&b""[..], "the file is empty"),
            (
                &b"invoice_number,cadence_name,notes\n"[..],
                "must be the header",
            ),
        ] {
            let (rows, errors) = read_rows(file);
            assert!(rows.is_empty());
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].line, 1);
            assert!(errors[0].reason.contains(expected), "{}", errors[0].reason);
        }
    }

    #[test]
    fn text_that_is_not_utf8_is_named_by_line() {
        let (_, errors) = read_rows(b"invoice_number,cadence_name\nINV-1,Caf\xe9\n");
        assert_eq!(errors[0].line, 2);
        assert!(errors[0].reason.contains("CSV UTF-8"));
    }
}
