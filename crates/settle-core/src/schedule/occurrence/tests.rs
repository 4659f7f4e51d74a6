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
