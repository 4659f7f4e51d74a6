//! The list-call machinery shared by GET /Invoices and GET /Contacts: query parameters (names are
//! case-insensitive, lists comma-separated), If-Modified-Since, paging with the `pagination`
//! object (NOTES.md §4.3), and `order`. Owns: those rules. Must not: know entity fields (the
//! `Listable` impls in the entity modules do).

use std::collections::HashMap;

use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{DateTime, Timelike, Utc};
use uuid::Uuid;

use super::where_clause::{FieldValue, Filter};
use crate::msdate::parse_if_modified_since;
use crate::responses::{self, Pagination};

pub const DEFAULT_PAGE_SIZE: u32 = 100;
pub const MAX_PAGE_SIZE: u32 = 1000;
/// More IDs than this overflow Xero's URL limit and come back 404 (Xero-Java#328).
pub const MAX_IDS: usize = 52;

/// Something a list call can filter and sort.
pub trait Listable {
    fn field(&self, path: &str) -> Option<FieldValue<'_>>;
    fn updated_utc(&self) -> DateTime<Utc>;
    fn entity_name() -> &'static str;
}

/// The parsed query string of a list call.
pub struct ListQuery {
    params: HashMap<String, String>,
    pub page: Option<u32>,
    pub page_size: u32,
    pub modified_since: Option<DateTime<Utc>>,
    pub filter: Option<Filter>,
    pub order: Option<(String, bool)>,
}

impl ListQuery {
    pub fn parse(raw_query: Option<&str>, headers: &HeaderMap) -> Result<Self, Response> {
        let params: HashMap<String, String> =
            form_urlencoded::parse(raw_query.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.to_ascii_lowercase(), v.into_owned()))
                .collect();
        let number = |name: &str| -> Result<Option<u32>, Response> {
            params
                .get(name)
                .map(|v| v.trim().parse::<i64>())
                .transpose()
                .map(|v| v.map(|n| u32::try_from(n.max(1)).unwrap_or(u32::MAX)))
                .map_err(|_| responses::query_parse(&format!("'{name}' must be a number")))
        };
        let page = number("page")?;
        // Over-large sizes are capped rather than refused (Xero's answer is UNVERIFIED).
        let page_size = number("pagesize")?
            .unwrap_or(DEFAULT_PAGE_SIZE)
            .min(MAX_PAGE_SIZE);
        let modified_since = headers
            .get("If-Modified-Since")
            .map(|v| {
                let text = v.to_str().unwrap_or("");
                parse_if_modified_since(text)
                    .map_err(|e| responses::bad_request_text(&e.to_string()))
            })
            .transpose()?;
        let filter = params
            .get("where")
            .filter(|w| !w.trim().is_empty())
            .map(|w| Filter::parse(w).map_err(|e| responses::query_parse(&e)))
            .transpose()?;
        let order = params.get("order").map(|o| parse_order(o)).transpose()?;
        Ok(Self {
            params,
            page,
            page_size,
            modified_since,
            filter,
            order,
        })
    }

    pub fn flag(&self, name: &str) -> bool {
        self.params
            .get(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        self.params
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// A comma-separated list (`IDs`, `Statuses`…), items trimmed and unquoted.
    pub fn list(&self, name: &str) -> Option<Vec<String>> {
        self.text(name).map(|v| {
            v.split(',')
                .map(|s| s.trim().trim_matches('"').to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
    }

    /// A comma-separated list of GUIDs; 404 when too long, as Xero's URL limit does.
    pub fn ids(&self, name: &str) -> Result<Option<Vec<Uuid>>, Response> {
        let Some(items) = self.list(name) else {
            return Ok(None);
        };
        if items.len() > MAX_IDS {
            return Err(responses::not_found());
        }
        items
            .iter()
            .map(|s| Uuid::parse_str(s))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
            .map_err(|_| responses::query_parse(&format!("'{name}' must be a list of GUIDs")))
    }

    /// If-Modified-Since (accurate to the second, inclusive), `where`, `order` (stable: ties
    /// keep insertion order), then the requested page and its `pagination` object; without
    /// `page`, everything and no pagination.
    ///
    /// Sort keys are read once per record, and only the requested page is put in order (a
    /// selection, then a sort of that page), so a list page costs about one pass over the
    /// records rather than a sort of all of them.
    pub fn select_page<T: Listable>(
        &self,
        items: impl Iterator<Item = T>,
    ) -> Result<(Vec<T>, Option<Pagination>), Response> {
        let mut selected = Vec::new();
        for item in items {
            if let Some(since) = self.modified_since {
                let updated = item
                    .updated_utc()
                    .with_nanosecond(0)
                    .unwrap_or(item.updated_utc());
                if updated < since {
                    continue;
                }
            }
            if let Some(filter) = &self.filter {
                let keep = filter.matches(&|path| item.field(path)).map_err(|field| {
                    responses::query_parse(&no_such_field(&field, T::entity_name()))
                })?;
                if !keep {
                    continue;
                }
            }
            selected.push(item);
        }
        let item_count = u32::try_from(selected.len()).unwrap_or(u32::MAX);
        let (from, take, pagination) = match self.page {
            None => (0, selected.len(), None),
            Some(page) => (
                (page as usize - 1).saturating_mul(self.page_size as usize),
                self.page_size as usize,
                Some(Pagination {
                    page,
                    page_size: self.page_size,
                    page_count: item_count.div_ceil(self.page_size),
                    item_count,
                }),
            ),
        };
        // Positions into `selected`, in the order asked for.
        let mut order: Vec<usize> = (0..selected.len()).collect();
        if let Some((field, descending)) = &self.order {
            if let Some(first) = selected.first() {
                if first.field(field).is_none() {
                    return Err(responses::query_parse(&no_such_field(
                        field,
                        T::entity_name(),
                    )));
                }
            }
            let keys: Vec<Option<FieldValue<'_>>> =
                selected.iter().map(|i| i.field(field)).collect();
            // Equal keys keep insertion order, also when descending (Xero's sort is stable as
            // far as anyone has seen): the position breaks ties, which makes the order total.
            let cmp = |a: &usize, b: &usize| {
                let ordering = keys[*a].cmp(&keys[*b]);
                let ordering = if *descending {
                    ordering.reverse()
                } else {
                    ordering
                };
                ordering.then(a.cmp(b))
            };
            // Only the requested page is put in order: a keyset-paged sync asks for page 1 of
            // everything after a second 200 times, and sorting the whole remainder each time
            // was most of the fake's work.
            let end = from.saturating_add(take).min(order.len());
            if from < end {
                if from > 0 {
                    order.select_nth_unstable_by(from, cmp);
                }
                let rest = &mut order[from..];
                if end - from < rest.len() {
                    rest.select_nth_unstable_by(end - from, cmp);
                }
                rest[..end - from].sort_unstable_by(cmp);
            }
        }
        let mut slots: Vec<Option<T>> = selected.into_iter().map(Some).collect();
        let page = order
            .iter()
            .skip(from)
            .take(take)
            .filter_map(|at| slots[*at].take())
            .collect();
        Ok((page, pagination))
    }
}

/// The Dynamic LINQ wording Xero passes through for unknown fields.
fn no_such_field(field: &str, entity: &str) -> String {
    format!("No property or field '{field}' exists in type '{entity}'")
}

fn parse_order(text: &str) -> Result<(String, bool), Response> {
    let mut words = text.split_whitespace();
    let field = words
        .next()
        .ok_or_else(|| responses::query_parse("empty order"))?;
    let descending = match words.next().map(str::to_ascii_uppercase).as_deref() {
        None | Some("ASC") => false,
        Some("DESC") => true,
        Some(other) => {
            return Err(responses::query_parse(&format!(
                "unknown order direction '{other}'"
            )))
        }
    };
    if words.next().is_some() {
        return Err(responses::query_parse(
            "fake-xero supports ordering by one field only",
        ));
    }
    Ok((field.to_owned(), descending))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[derive(Debug, Clone, Copy, PartialEq)]
    struct Item {
        /// Insertion position, to see ties keep their order.
        at: usize,
        key: i64,
    }

    impl Listable for Item {
        fn field(&self, path: &str) -> Option<FieldValue<'_>> {
            (path == "Key").then(|| FieldValue::Num(self.key.into()))
        }
        fn updated_utc(&self) -> DateTime<Utc> {
            Utc.timestamp_opt(1_700_000_000, 0).unwrap()
        }
        fn entity_name() -> &'static str {
            "Item"
        }
    }

    fn query(raw: &str) -> ListQuery {
        ListQuery::parse(Some(raw), &HeaderMap::new())
            .unwrap_or_else(|_| panic!("query {raw} parses"))
    }

    /// Selecting only the requested page gives exactly the page a full stable sort gives, for
    /// every page, both directions, and keys with many ties.
    #[test]
    fn a_page_equals_the_same_page_of_a_stable_sort() {
        // Keys 0..7 in a scrambled order: 100 items, every key shared by ~14 of them.
        let items: Vec<Item> = (0..100)
            .map(|at| Item {
                at,
                key: (at as i64 * 37 + 11) % 7,
            })
            .collect();
        for descending in [false, true] {
            let mut sorted = items.clone();
            // `sort_by` is stable: equal keys keep insertion order, also when reversed.
            sorted.sort_by(|a, b| {
                let o = a.key.cmp(&b.key);
                if descending {
                    o.reverse()
                } else {
                    o
                }
            });
            let direction = if descending { "DESC" } else { "ASC" };
            for page in 1..=9 {
                let q = query(&format!("order=Key {direction}&page={page}&pageSize=13"));
                let (got, pagination) = q.select_page(items.iter().copied()).expect("a page");
                let want: Vec<Item> = sorted
                    .iter()
                    .copied()
                    .skip((page - 1) * 13)
                    .take(13)
                    .collect();
                assert_eq!(got, want, "page {page} {direction}");
                let pagination = pagination.expect("paged");
                assert_eq!((pagination.page_count, pagination.item_count), (8, 100));
            }
        }
        // Without paging: the whole sorted list.
        let (all, _) = query("order=Key")
            .select_page(items.iter().copied())
            .expect("all");
        assert_eq!(all.len(), 100);
        assert!(all
            .windows(2)
            .all(|w| (w[0].key, w[0].at) < (w[1].key, w[1].at)));
    }
}
