//! Table tests of grouping one customer's same-day reminders into one message.

use super::*;
use crate::schedule::fixtures::utc;
use crate::schedule::occurrence::OccurrenceState;

fn due(customer: i64, invoice: i64, at: &str, channel: Channel, audience: Audience) -> DueReminder {
    let at = utc(at);
    DueReminder {
        customer,
        invoice,
        audience,
        occurrence: Occurrence {
            step: 0,
            occurrence: 1,
            channel,
            at,
            // Wall clock = UTC here (London in winter), so local days read as the UTC ones.
            local: at.naive_utc(),
            state: OccurrenceState::Due,
        },
    }
}

/// (customer, invoices) of each group, in output order.
type Shape = Vec<(i64, Vec<i64>)>;

fn shape(groups: &[MessageGroup]) -> Shape {
    groups
        .iter()
        .map(|g| (g.customer, g.invoices.clone()))
        .collect()
}

#[test]
fn one_customers_reminders_on_one_day_and_channel_become_one_message() {
    use Channel::*;
    let role = || Audience::Role("Accounts Payable".into());
    let cases: Vec<(&str, Vec<DueReminder>, Shape)> = vec![
        (
            "same customer, day and channel: one message covering both keys",
            vec![
                due(1, 10, "2026-01-06 09:00", Email, Audience::Customer),
                due(1, 11, "2026-01-06 09:00", Email, Audience::Customer),
            ],
            vec![(1, vec![10, 11])],
        ),
        (
            "different hours of the same day still share a message",
            vec![
                due(1, 11, "2026-01-06 15:00", Email, Audience::Customer),
                due(1, 10, "2026-01-06 09:00", Email, Audience::Customer),
            ],
            vec![(1, vec![10, 11])],
        ),
        (
            "another channel is another message",
            vec![
                due(1, 10, "2026-01-06 09:00", Email, Audience::Customer),
                due(1, 11, "2026-01-06 09:00", Sms, Audience::Customer),
            ],
            vec![(1, vec![10]), (1, vec![11])],
        ),
        (
            "another day is another message",
            vec![
                due(1, 10, "2026-01-06 23:30", Email, Audience::Customer),
                due(1, 11, "2026-01-07 00:30", Email, Audience::Customer),
            ],
            vec![(1, vec![10]), (1, vec![11])],
        ),
        (
            "another customer is another message",
            vec![
                due(1, 10, "2026-01-06 09:00", Email, Audience::Customer),
                due(2, 11, "2026-01-06 09:00", Email, Audience::Customer),
            ],
            vec![(1, vec![10]), (2, vec![11])],
        ),
        (
            "a role-restricted reminder goes to other people, so it is not merged",
            vec![
                due(1, 10, "2026-01-06 09:00", Email, Audience::Customer),
                due(1, 11, "2026-01-06 09:00", Email, role()),
                due(1, 12, "2026-01-06 09:00", Email, role()),
            ],
            vec![(1, vec![10]), (1, vec![11, 12])],
        ),
        (
            "invoices with their own recipient lists are never merged",
            vec![
                due(1, 10, "2026-01-06 09:00", Email, Audience::InvoiceOwn),
                due(1, 11, "2026-01-06 09:00", Email, Audience::InvoiceOwn),
            ],
            vec![(1, vec![10]), (1, vec![11])],
        ),
    ];
    for (why, reminders, expected) in cases {
        let groups = group_reminders(&reminders);
        assert_eq!(shape(&groups), expected, "{why}");
        let keys: usize = groups.iter().map(|g| g.keys.len()).sum();
        assert_eq!(keys, reminders.len(), "every key is covered once: {why}");
        let mut reversed = reminders.clone();
        reversed.reverse();
        assert_eq!(
            group_reminders(&reversed),
            groups,
            "input order does not matter: {why}"
        );
    }
}

#[test]
fn a_group_lists_its_keys_and_goes_at_its_earliest_time() {
    let mut second_step = due(
        1,
        10,
        "2026-01-06 15:00",
        Channel::Email,
        Audience::Customer,
    );
    second_step.occurrence.step = 1;
    let reminders = [
        due(
            1,
            10,
            "2026-01-06 09:00",
            Channel::Email,
            Audience::Customer,
        ),
        second_step,
        due(
            1,
            11,
            "2026-01-06 12:00",
            Channel::Email,
            Audience::Customer,
        ),
    ];
    let groups = group_reminders(&reminders);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].at, utc("2026-01-06 09:00"));
    assert_eq!(groups[0].invoices, [10, 11]);
    assert_eq!(
        groups[0].keys,
        [
            "invoice:10:step:0:1:email",
            "invoice:11:step:0:1:email",
            "invoice:10:step:1:1:email",
        ]
    );
}
