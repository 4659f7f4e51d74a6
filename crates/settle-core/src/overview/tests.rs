use std::str::FromStr;

use chrono::TimeZone;

use super::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::from_str(s).unwrap()
}

fn gbp(outstanding: &str, overdue: &str, open: u32) -> CurrencyBalance {
    let o = Decimal::from_str(outstanding).unwrap();
    let d = Decimal::from_str(overdue).unwrap();
    CurrencyBalance {
        currency: CurrencyCode::new("GBP").unwrap(),
        open_invoices: open,
        outstanding: o,
        overdue: d,
        outstanding_base: o,
        overdue_base: d,
    }
}

fn customer(id: i64, name: &str, chasing: bool) -> CustomerFacts {
    CustomerFacts {
        id,
        name: name.into(),
        status: ContactStatus::Active,
        chasing: ChasingStatus::from_flag(chasing),
        schedule: None,
        balances: vec![],
        last_settled_on: None,
        last_reminder_at: None,
        next_reminder_at: None,
    }
}

fn query(tab: Tab) -> OverviewQuery {
    OverviewQuery {
        tab,
        search: String::new(),
        sort: SortKey::Name,
        descending: false,
        offset: 0,
        limit: 100,
    }
}

#[test]
fn listing_rule_table() {
    let today = date("2026-03-31");
    // (open invoices, last settled on, listed?, why)
    let cases: &[(u32, Option<&str>, bool, &str)] = &[
        (1, None, true, "owes something"),
        (0, None, false, "nothing owed, never paid"),
        (0, Some("2026-03-31"), true, "settled today"),
        (
            0,
            Some("2026-02-28"),
            true,
            "settled on the first day of the window (31 Mar - 1 month)",
        ),
        (
            0,
            Some("2026-02-27"),
            false,
            "settled just over a month ago",
        ),
        (0, Some("2025-12-01"), false, "settled long ago"),
        (
            0,
            Some("2026-04-01"),
            false,
            "a settlement dated in the future is not 'last month'",
        ),
        (
            2,
            Some("2025-01-01"),
            true,
            "owes something even if the last settlement is old",
        ),
    ];
    for &(open, settled, listed, why) in cases {
        let mut c = customer(1, "A", true);
        if open > 0 {
            c.balances.push(gbp("10", "0", open));
        }
        c.last_settled_on = settled.map(date);
        assert_eq!(is_listed(&c, today), listed, "{why}");
    }
}

#[test]
fn window_start_clamps_to_month_end() {
    assert_eq!(settled_window_start(date("2026-03-31")), date("2026-02-28"));
    assert_eq!(settled_window_start(date("2024-03-31")), date("2024-02-29"));
    assert_eq!(settled_window_start(date("2026-01-15")), date("2025-12-15"));
}

#[test]
fn tabs_count_listed_customers_only_and_split_by_status() {
    let today = date("2026-03-10");
    let mut owes = customer(1, "Owes Ltd", true);
    owes.balances.push(gbp("100", "40", 2));
    let mut paused = customer(2, "Paused Ltd", false);
    paused.balances.push(gbp("5", "5", 1));
    let settled_chasing = CustomerFacts {
        last_settled_on: Some(date("2026-03-01")),
        ..customer(3, "Paid Up Ltd", true)
    };
    let unlisted = customer(4, "Nothing Ltd", false);
    let all = [owes, paused, settled_chasing, unlisted];

    let chasing = overview_page(&all, today, &query(Tab::Chasing));
    assert_eq!(
        chasing.counts,
        TabCounts {
            chasing: 2,
            not_chasing: 1
        }
    );
    assert_eq!(chasing.matched, 2);
    let names: Vec<_> = chasing.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Owes Ltd", "Paid Up Ltd"]);
    assert_eq!(chasing.outstanding_base, Decimal::from(100));
    assert_eq!(chasing.overdue_base, Decimal::from(40));

    let not_chasing = overview_page(&all, today, &query(Tab::NotChasing));
    assert_eq!(not_chasing.rows.len(), 1);
    assert_eq!(not_chasing.rows[0].name, "Paused Ltd");
}

#[test]
fn search_is_case_insensitive_and_does_not_change_tab_counts() {
    let today = date("2026-03-10");
    let mut a = customer(1, "Bright Bakery", true);
    a.balances.push(gbp("1", "0", 1));
    let mut b = customer(2, "Harbour Florist", true);
    b.balances.push(gbp("1", "0", 1));
    let all = [a, b];
    let mut q = query(Tab::Chasing);
    q.search = "  BAKERY ".into();
    let page = overview_page(&all, today, &q);
    assert_eq!(page.matched, 1);
    assert_eq!(page.rows[0].name, "Bright Bakery");
    assert_eq!(page.counts.chasing, 2);
}

#[test]
fn sorting_by_each_key_with_missing_values_last() {
    let today = date("2026-03-10");
    let at = |d: u32| Some(Utc.with_ymd_and_hms(2026, 3, d, 9, 0, 0).unwrap());
    let mut rows = Vec::new();
    for (id, name, out, due, last, next) in [
        (1, "charlie", "300", "0", at(1), None),
        (2, "Alpha", "100", "100", None, at(12)),
        (3, "bravo", "200", "50", at(5), at(11)),
    ] {
        let mut c = customer(id, name, true);
        c.balances.push(gbp(out, due, 1));
        c.last_reminder_at = last;
        c.next_reminder_at = next;
        rows.push(c);
    }
    let order = |sort, descending| {
        let q = OverviewQuery {
            sort,
            descending,
            ..query(Tab::Chasing)
        };
        overview_page(&rows, today, &q)
            .rows
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(order(SortKey::Name, false), [2, 3, 1]);
    assert_eq!(order(SortKey::Name, true), [1, 3, 2]);
    assert_eq!(order(SortKey::Outstanding, true), [1, 3, 2]);
    assert_eq!(order(SortKey::Overdue, true), [2, 3, 1]);
    assert_eq!(order(SortKey::LastReminder, true), [3, 1, 2]);
    assert_eq!(order(SortKey::NextReminder, false), [3, 2, 1]);
    assert_eq!(order(SortKey::NextReminder, true), [2, 3, 1]);
}

#[test]
fn paging_takes_a_window_of_the_sorted_list() {
    let today = date("2026-03-10");
    let rows: Vec<_> = (0..10)
        .map(|i| {
            let mut c = customer(i, &format!("Customer {i:02}"), true);
            c.balances.push(gbp("1", "0", 1));
            c
        })
        .collect();
    let q = OverviewQuery {
        offset: 8,
        limit: 5,
        ..query(Tab::Chasing)
    };
    let page = overview_page(&rows, today, &q);
    assert_eq!(page.matched, 10);
    assert_eq!(page.rows.iter().map(|r| r.id).collect::<Vec<_>>(), [8, 9]);
}
