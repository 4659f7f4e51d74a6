//! Tests of the outbox keys: their shape, uniqueness and parsing.

use std::collections::HashSet;

use super::*;

#[test]
fn keys_read_well_and_parse_back() {
    let cases = [
        (
            Subject::Invoice(42),
            0,
            1,
            Channel::Email,
            "invoice:42:step:0:1:email",
        ),
        (
            Subject::Invoice(-7),
            3,
            10,
            Channel::Letter,
            "invoice:-7:step:3:10:letter",
        ),
        (
            Subject::Customer {
                customer: 7,
                loop_anchor: 42,
            },
            2,
            3,
            Channel::Sms,
            "customer:7:loop:42:step:2:3:sms",
        ),
    ];
    for (subject, step, occurrence, channel, key) in cases {
        assert_eq!(occurrence_key(subject, step, occurrence, channel), key);
        let id = OccurrenceId {
            step,
            occurrence,
            channel,
        };
        assert_eq!(parse_occurrence_key(key), Some((subject, id)));
    }
}

#[test]
fn keys_are_unique_across_subjects_steps_sends_and_channels() {
    // The outbox's unique key is what stops a double send (safety invariant 2).
    let mut seen = HashSet::new();
    for id in [1, 2, 12] {
        for subject in [
            Subject::Invoice(id),
            Subject::Customer {
                customer: id,
                loop_anchor: 1,
            },
            Subject::Customer {
                customer: id,
                loop_anchor: 12,
            },
        ] {
            for step in [0, 1, 11] {
                for occurrence in [1, 2, 10] {
                    for channel in Channel::ALL {
                        assert!(seen.insert(occurrence_key(subject, step, occurrence, channel)));
                    }
                }
            }
        }
    }
}

#[test]
fn statement_keys_are_unique_per_customer_month_and_channel_and_leave_other_keys_alone() {
    use crate::schedule::statement::StatementMonth;
    let mut seen = HashSet::new();
    for customer in [1, 12] {
        for (year, month) in [(2026, 1), (2026, 12), (2027, 1)] {
            for channel in Channel::ALL {
                let month = StatementMonth { year, month };
                let key = statement_key(customer, month, channel);
                let parsed = parse_occurrence_key(&key).unwrap();
                assert_eq!(parsed.0, Subject::Statement { customer, month });
                assert!(seen.insert(key));
            }
        }
        // Never the key of an invoice or a loop.
        for channel in Channel::ALL {
            assert!(seen.insert(occurrence_key(Subject::Invoice(customer), 0, 1, channel)));
            let subject = Subject::Customer {
                customer,
                loop_anchor: 1,
            };
            assert!(seen.insert(occurrence_key(subject, 0, 1, channel)));
        }
    }
    // Loop keys still parse as loops.
    assert!(matches!(
        parse_occurrence_key("customer:7:loop:42:step:0:1:email"),
        Some((
            Subject::Customer {
                customer: 7,
                loop_anchor: 42
            },
            _
        ))
    ));
}

#[test]
fn anything_else_is_not_a_key() {
    for text in [
        "",
        "invoice:42",
        "invoice:x:step:0:1:email",
        "invoice:42:step:0:1:fax",
        "invoice:42:step:0:1:email:extra",
        "customer:7:step:0:1:email",
    ] {
        assert_eq!(parse_occurrence_key(text), None, "{text}");
    }
}
