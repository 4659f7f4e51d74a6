//! What the Xero page writers share: the counts a page reports, the JSON list a page is sent to
//! SQLite as (one statement per table reads it with `json_each`, as invoice_schedules.rs does,
//! instead of several statements per record), and the split of a page at repeated ids.
//! Owns: those helpers. Must not: write SQL of its own.

use std::collections::HashSet;
use std::hash::Hash;
use std::ops::Range;

use serde_json::Value;

/// What one page did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageCounts {
    pub inserted: u32,
    pub updated: u32,
    pub held: u32,
}

impl PageCounts {
    pub(crate) fn add(&mut self, other: PageCounts) {
        self.inserted += other.inserted;
        self.updated += other.updated;
        self.held += other.held;
    }
}

/// The JSON text of `rows`, bound as one parameter.
pub(crate) fn json(rows: Vec<Value>) -> String {
    Value::Array(rows).to_string()
}

/// Splits `items` into consecutive runs in which no key repeats. A set-based statement applies a
/// run as if record by record only while each record appears once in it; Xero's pages never
/// repeat a record, so this is one run in practice, and a repeat is still stored in order.
pub(crate) fn runs_without_repeats<'a, T, K: Eq + Hash>(
    items: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut seen = HashSet::new();
    let mut start = 0;
    for (at, item) in items.iter().enumerate() {
        if !seen.insert(key(item)) {
            runs.push(start..at);
            start = at;
            seen.clear();
            seen.insert(key(item));
        }
    }
    if start < items.len() || runs.is_empty() {
        runs.push(start..items.len());
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::runs_without_repeats;

    #[test]
    fn a_repeated_key_starts_a_new_run() {
        let ids = ["a", "b", "a", "c", "c"];
        assert_eq!(runs_without_repeats(&ids, |s| *s), vec![0..2, 2..4, 4..5]);
        assert_eq!(runs_without_repeats(&["a", "b"], |s| *s), vec![0..2]);
        let none: [&str; 0] = [];
        assert_eq!(runs_without_repeats(&none, |s| *s), vec![0..0]);
    }
}
